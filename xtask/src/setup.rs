//! Finding or installing what the builds and tests need, using only the
//! package registries: the wasm target (rustup), wasm-bindgen-test-runner
//! and geckodriver (cargo install, reused by every clone), Chromium, ChromeDriver, Firefox
//! ESR, WebKitGTK's WebDriver with MiniBrowser, Xvfb and binaryen's wasm-opt
//! (apt-get), and playwright-core, selenium-webdriver and axe-core (npm).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run, Result, WASM_BINDGEN_VERSION, WASM_TARGET};

/// Is `bin` an executable somewhere on PATH?
pub fn on_path(bin: &str) -> bool {
    find_on_path(bin).is_some()
}

fn find_on_path(bin: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(bin))
        .find(|p| p.is_file())
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Adds the wasm32-unknown-unknown target when rustup lacks it.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Some(_) => run(Command::new("rustup").args(["target", "add", WASM_TARGET])),
        // Without rustup, trust that the toolchain has the target.
        None => Ok(()),
    }
}

/// Cargo's folder of installed programs: `$CARGO_HOME/bin`, by default
/// `~/.cargo/bin`.
fn cargo_bin() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin"))
}

/// A program that cargo installs, at exactly `version`: the first of PATH,
/// cargo's own bin folder and the repository's .tools/ that has that
/// version, else installed with `cargo install` into cargo's bin folder, so
/// that every clone of the repository reuses it.
fn cargo_tool(bin: &str, krate: &str, version: &str, how_long: &str) -> Result<PathBuf> {
    let wanted = |p: &Path| {
        p.is_file()
            && output(Command::new(p).arg("--version"))
                .is_some_and(|v| v.split_whitespace().any(|w| w == version))
    };
    let candidates = find_on_path(bin)
        .into_iter()
        .chain(cargo_bin().map(|b| b.join(bin)))
        .chain(std::iter::once(root().join(".tools").join("bin").join(bin)));
    for p in candidates {
        if wanted(&p) {
            return Ok(p);
        }
    }
    eprintln!("xtask: installing {krate} {version} with cargo ({how_long}, once)");
    // Not --locked: some locked dependency versions are gone from the registry.
    run(Command::new("cargo")
        .args(["install", krate, "--version"])
        .arg(format!("={version}")))?;
    let installed = cargo_bin()
        .map(|b| b.join(bin))
        .filter(|p| wanted(p))
        .or_else(|| find_on_path(bin).filter(|p| wanted(p)));
    installed
        .ok_or_else(|| format!("{krate} {version} was installed but {bin} cannot be found").into())
}

/// wasm-bindgen-test-runner at exactly the crate's wasm-bindgen version.
pub fn ensure_test_runner() -> Result<PathBuf> {
    cargo_tool(
        "wasm-bindgen-test-runner",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        "a few minutes",
    )
}

pub struct Browser {
    pub chromium: PathBuf,
    pub driver: PathBuf,
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

/// Chromium and ChromeDriver from the distribution's packages; installed with
/// apt-get when missing and running as root.
pub fn ensure_chromium(no_install: bool) -> Result<Browser> {
    let find = || {
        let chromium = std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| find_on_path("chromium"))
            .or_else(|| find_on_path("chromium-browser"));
        let driver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| find_on_path("chromedriver"));
        chromium.zip(driver)
    };
    if let Some((chromium, driver)) = find() {
        return Ok(Browser { chromium, driver });
    }
    if no_install || !is_root() || !on_path("apt-get") {
        return Err(
            "Chromium and ChromeDriver are needed for the browser tests: install the \
                    packages `chromium` and `chromium-driver` (for example \
                    `sudo apt-get install chromium chromium-driver`), or set CHROMIUM and \
                    CHROMEDRIVER to their paths"
                .into(),
        );
    }
    apt_install(&["chromium", "chromium-driver"])?;
    let (chromium, driver) = find().ok_or("chromium was installed but is not on PATH")?;
    Ok(Browser { chromium, driver })
}

/// The geckodriver version the Firefox runs use (W3C WebDriver for Firefox).
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// Firefox ESR and geckodriver.
pub struct Firefox {
    pub binary: PathBuf,
    pub driver: PathBuf,
}

/// WebKitGTK: its WebDriver, the MiniBrowser it drives, and `xvfb-run` for
/// the display it needs.
pub struct WebKit {
    pub driver: PathBuf,
    pub minibrowser: PathBuf,
    pub xvfb_run: PathBuf,
}

fn find_minibrowser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MINIBROWSER").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    // Debian puts it in the multiarch library folder.
    let lib = Path::new("/usr/lib");
    std::fs::read_dir(lib)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("webkit2gtk-4.1").join("MiniBrowser"))
        .chain(std::iter::once(
            lib.join("webkit2gtk-4.1").join("MiniBrowser"),
        ))
        .find(|p| p.is_file())
}

/// Firefox ESR from the distribution's packages (apt-get when missing and
/// running as root), and geckodriver at [`GECKODRIVER_VERSION`].
pub fn ensure_firefox(no_install: bool) -> Result<Firefox> {
    let find = || {
        std::env::var_os("FIREFOX")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| find_on_path("firefox-esr"))
            .or_else(|| find_on_path("firefox"))
    };
    let binary = match find() {
        Some(b) => b,
        None => {
            install_or_explain(
                no_install,
                &["firefox-esr"],
                "Firefox for the browser tests",
            )?;
            find().ok_or("firefox-esr was installed but is not on PATH")?
        }
    };
    if let Some(p) = std::env::var_os("GECKODRIVER").map(PathBuf::from) {
        if p.is_file() {
            return Ok(Firefox { binary, driver: p });
        }
    }
    let driver = cargo_tool(
        "geckodriver",
        "geckodriver",
        GECKODRIVER_VERSION,
        "about two minutes",
    )?;
    Ok(Firefox { binary, driver })
}

/// WebKitGTK's WebDriver and MiniBrowser (package `webkit2gtk-driver`) and
/// Xvfb (package `xvfb`), installed with apt-get when missing and running as
/// root.
pub fn ensure_webkit(no_install: bool) -> Result<WebKit> {
    let find = || {
        let driver = std::env::var_os("WEBKIT_WEBDRIVER")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| find_on_path("WebKitWebDriver"))?;
        Some(WebKit {
            driver,
            minibrowser: find_minibrowser()?,
            xvfb_run: find_on_path("xvfb-run")?,
        })
        .filter(|_| on_path("xdotool"))
    };
    if let Some(w) = find() {
        return Ok(w);
    }
    install_or_explain(
        no_install,
        &["webkit2gtk-driver", "xvfb", "xauth", "xdotool"],
        "WebKitGTK's WebDriver and a virtual display for the browser tests",
    )?;
    find().ok_or_else(|| {
        "webkit2gtk-driver and xvfb were installed but WebKitWebDriver, MiniBrowser or xvfb-run \
         cannot be found"
            .into()
    })
}

/// The distribution's packages the tests use, by a program each provides.
const PACKAGES: &[(&str, &str)] = &[
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
    ("firefox-esr", "firefox-esr"),
    ("WebKitWebDriver", "webkit2gtk-driver"),
    ("xvfb-run", "xvfb"),
    ("xauth", "xauth"),
    // Gives WebKitGTK's windows the input focus on a display without a
    // window manager.
    ("xdotool", "xdotool"),
    ("wasm-opt", "binaryen"),
];

/// Installs every missing package of [`PACKAGES`] in one apt-get run (when
/// running as root with apt-get; otherwise each `ensure_*` names what is
/// missing). Fonts come with them, for screenshots a reader would see.
pub fn ensure_packages(no_install: bool) -> Result<()> {
    let missing: Vec<&str> = PACKAGES
        .iter()
        .filter(|(bin, _)| !on_path(bin))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() || no_install || !is_root() || !on_path("apt-get") {
        return Ok(());
    }
    let mut packages = missing;
    packages.extend(["fonts-dejavu-core", "fonts-noto-core"]);
    apt_install(&packages)
}

fn install_or_explain(no_install: bool, packages: &[&str], what: &str) -> Result<()> {
    if no_install || !is_root() || !on_path("apt-get") {
        return Err(format!(
            "{what}: install the packages {} (for example `sudo apt-get install {}`)",
            packages.join(", "),
            packages.join(" ")
        )
        .into());
    }
    apt_install(packages)
}

fn apt_install(packages: &[&str]) -> Result<()> {
    eprintln!("xtask: installing {} with apt-get", packages.join(" and "));
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// wasm-opt (Debian's package `binaryen`), installed with apt-get when missing
/// and running as root. The tests need it: the page's size budget is for the
/// shrunk module. `cargo xtask dist` and `serve` work without it.
pub fn ensure_wasm_opt(no_install: bool) -> Result<()> {
    if on_path("wasm-opt") {
        return Ok(());
    }
    if no_install || !is_root() || !on_path("apt-get") {
        return Err(
            "wasm-opt is needed to build the page at its tested size: install the \
                    package `binaryen` (for example `sudo apt-get install binaryen`)"
                .into(),
        );
    }
    apt_install(&["binaryen"])?;
    if on_path("wasm-opt") {
        Ok(())
    } else {
        Err("binaryen was installed but wasm-opt is not on PATH".into())
    }
}

/// The flags headless Chromium needs here: no sandbox (root in a container),
/// and no background connections to hosts a closed network refuses.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Capabilities for wasm-bindgen-test-runner's WebDriver session in Firefox.
pub fn firefox_webdriver_json(firefox: &Firefox) -> Result<PathBuf> {
    let json = format!(
        "{{\"moz:firefoxOptions\": {{\"binary\": \"{}\", \"args\": [\"-headless\"]}}}}\n",
        firefox.binary.display()
    );
    let path = root().join("target").join("webdriver-firefox.json");
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(&path, json)?;
    Ok(path)
}

/// Capabilities for wasm-bindgen-test-runner's WebDriver session.
pub fn webdriver_json(browser: &Browser) -> Result<PathBuf> {
    let args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| format!("\"{a}\"")).collect();
    let json = format!(
        "{{\"goog:chromeOptions\": {{\"binary\": \"{}\", \"args\": [{}]}}}}\n",
        browser.chromium.display(),
        args.join(", ")
    );
    let path = root().join("target").join("webdriver.json");
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(&path, json)?;
    Ok(path)
}

/// playwright-core and axe-core for the end-to-end tests, from npm, as
/// pinned by tests/e2e/package-lock.json; reinstalled only when the lock
/// file changed.
pub fn ensure_node_modules() -> Result<()> {
    ensure_npm_packages(&root().join("tests").join("e2e"))
}

/// uPlot and Chart.js, the benchmark's contenders, as pinned by
/// browser-bench/package-lock.json.
pub fn ensure_bench_modules() -> Result<()> {
    ensure_npm_packages(&root().join("browser-bench"))
}

/// `npm ci` in `dir`, unless its node_modules were installed from the same
/// lock file.
fn ensure_npm_packages(dir: &std::path::Path) -> Result<()> {
    let lock = std::fs::read(dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules").join(".installed-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return Ok(());
    }
    if !on_path("npm") {
        return Err(
            "npm is needed for the browser tests and the benchmark (install Node.js 20 or newer)"
                .into(),
        );
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir))?;
    std::fs::write(stamp, lock)?;
    Ok(())
}

/// The end-to-end test files, tests/e2e/*.test.mjs, sorted.
pub fn e2e_test_files() -> Result<Vec<PathBuf>> {
    let dir = root().join("tests").join("e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no end-to-end tests in {}", dir.display()).into());
    }
    Ok(files)
}
