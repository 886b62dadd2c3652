//! Finding or installing what the builds and tests need, using only the
//! package registries: the wasm target (rustup), wasm-bindgen-test-runner
//! (cargo, into .tools/), Chromium, ChromeDriver and binaryen's wasm-opt
//! (apt-get), and playwright-core with axe-core (npm).

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

/// wasm-bindgen-test-runner at exactly the crate's wasm-bindgen version: the
/// one on PATH if it has that version, else the one in .tools/, else built
/// there by cargo.
pub fn ensure_test_runner() -> Result<PathBuf> {
    let bin = "wasm-bindgen-test-runner";
    let wanted = |p: &Path| {
        output(Command::new(p).arg("--version"))
            .is_some_and(|v| v.split_whitespace().any(|w| w == WASM_BINDGEN_VERSION))
    };
    if let Some(p) = find_on_path(bin) {
        if wanted(&p) {
            return Ok(p);
        }
        eprintln!(
            "xtask: {} is not version {WASM_BINDGEN_VERSION}; using .tools/",
            p.display()
        );
    }
    let tools = root().join(".tools");
    let local = tools.join("bin").join(bin);
    if local.is_file() && wanted(&local) {
        return Ok(local);
    }
    eprintln!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} into .tools/ (a few minutes, once)");
    // Not --locked: one of its locked dependency versions is gone from the registry.
    run(Command::new("cargo")
        .args(["install", "wasm-bindgen-cli", "--version"])
        .arg(format!("={WASM_BINDGEN_VERSION}"))
        .arg("--root")
        .arg(&tools))?;
    if wanted(&local) {
        Ok(local)
    } else {
        Err(format!("{} did not install", local.display()).into())
    }
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
    let dir = root().join("tests").join("e2e");
    let lock = std::fs::read(dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules").join(".installed-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return Ok(());
    }
    if !on_path("npm") {
        return Err("npm is needed for the end-to-end tests (install Node.js 18 or newer)".into());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir))?;
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
