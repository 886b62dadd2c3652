//! Build tasks: `cargo xtask dist | serve | test | bench`.
//!
//! * `dist`  builds the release wasm, generates the bindings (`--target web`),
//!   shrinks them with `wasm-opt -Oz` when it is on PATH, and writes the static
//!   site to `dist/`.
//! * `serve` does the same, then serves `dist/` on http://127.0.0.1:8000.
//! * `test`  runs every check: rustfmt, clippy, native tests, the in-browser
//!   wasm tests and the end-to-end tests of the served page. It installs what
//!   is missing and reuses what is there.
//! * `bench` runs the browser benchmark of slider moves (see browser-bench/).

mod page;
mod server;
mod setup;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The exact wasm-bindgen version of the crate, the bindings and the runner.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CRATE_LIB: &str = "focal_loss_explorer";
/// The WebAssembly features today's Rust output uses, for wasm-opt.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist().map(|_| ()),
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("e2e") => e2e_command(&args[1..]),
        Some("bench") => bench(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 commands:\n  \
                 dist    build the static site into dist/\n  \
                 serve   build dist/ and serve it on http://127.0.0.1:8000 (--port N)\n  \
                 test    run every test: fmt, clippy, native, wasm (Chromium, Firefox), end-to-end\n  \
                 e2e     the end-to-end tests alone: [--engine chromium|firefox|webkit]... [FILE]...\n  \
                 bench   the lab's rows and training steps per second, then slider moves in headless\n          \
                 Chromium against the contenders (--lab: the lab alone; --lab-rows N)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root and fails if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd.current_dir(root()).status().map_err(|e| {
        format!(
            "could not start `{}`: {e}",
            cmd.get_program().to_string_lossy()
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)).into())
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The module for bloggers and scripts: the JavaScript API and the
/// explorer, `pkg/focal_loss_explorer.js` with its `_bg.wasm`.
const FULL_MODULE: &str = CRATE_LIB;
/// The page's own module: the explorer without the JavaScript API's
/// functions, which the page never calls, and without the exports, which
/// it loads the full module for.
const PAGE_MODULE: &str = "explorer";
/// The lab page's module: the predictions panel's handles, without the
/// explorer.
const LAB_MODULE: &str = "lab";

/// How a module is optimised: for size (the explorer's, sent with every
/// page) or for speed (the lab's, which crunches a user's whole file).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Goal {
    Size,
    Speed,
}

/// Cargo's target directory: CARGO_TARGET_DIR when set, else target/.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        None => root().join("target"),
    }
}

/// Builds the static site into dist/ and returns its path.
pub fn dist() -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    let root = root();
    // DIST_DIR puts the site elsewhere (for parallel work); dist/ by default.
    let dist = std::env::var_os("DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("dist"));
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    let pkg = dist.join("pkg");
    std::fs::create_dir_all(&pkg)?;
    build_module(&[], FULL_MODULE, &pkg, Goal::Size)?;
    build_module(
        // The explorer alone: the page needs neither the API's functions
        // nor the exports (it loads the full module to export), and leaves
        // out the panic hook too (0.9 kB): a panic, which no input can
        // cause, shows on the page as a trap. The full module keeps the hook.
        &["--no-default-features", "--features", "explorer"],
        PAGE_MODULE,
        &pkg,
        Goal::Size,
    )?;
    build_module(
        // The lab alone, optimised for speed (opt-level 3, wasm-opt -O3):
        // it reads and summarises a visitor's whole file (see README), with
        // the panic hook, so that a panic names itself in the console.
        &[
            "--no-default-features",
            "--features",
            "lab,console_error_panic_hook",
        ],
        LAB_MODULE,
        &pkg,
        Goal::Speed,
    )?;

    copy_text(&root.join("index.html"), &dist.join("index.html"))?;
    let index = dist.join("index.html");
    std::fs::write(
        &index,
        page::fill_controls(&std::fs::read_to_string(&index)?)?,
    )?;
    copy_text(&root.join("lab.html"), &dist.join("lab.html"))?;
    copy_dir(&root.join("www"), &dist.join("www"))?;
    write_fallback(&dist.join("www").join("fallback.svg"))?;
    eprintln!("xtask: wrote {}", dist.display());
    Ok(dist)
}

/// Builds the crate's wasm with `features` (cargo arguments), shrinks it
/// with wasm-opt when it is on PATH, and writes `NAME.js`, `NAME_bg.wasm`
/// and their TypeScript declarations into `pkg`.
fn build_module(features: &[&str], name: &str, pkg: &Path, goal: Goal) -> Result<()> {
    let mut build = cargo();
    if goal == Goal::Speed {
        build.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "3");
    }
    run(build
        .args([
            "build",
            "--release",
            "--lib",
            "--package",
            "focal-loss-explorer",
            "--target",
            WASM_TARGET,
        ])
        .args(features))?;
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{CRATE_LIB}.wasm"));

    // wasm-opt runs on the compiler's output, before the bindings step: the
    // bindings add instructions (table.fill) that older wasm-opt releases,
    // such as Debian's, cannot parse.
    let before = std::fs::metadata(&wasm)?.len();
    let input = if setup::on_path("wasm-opt") {
        let opt_dir = target_dir().join("wasm-opt");
        std::fs::create_dir_all(&opt_dir)?;
        let opt = opt_dir.join(format!("{name}.wasm"));
        run(Command::new("wasm-opt")
            // Rust's stack and data start at 1 MiB, so the low 1 KiB of
            // memory is unused; --converge repeats -Oz while it still helps.
            .args(match goal {
                Goal::Size => &["-Oz", "--converge", "--low-memory-unused"][..],
                Goal::Speed => &["-O3", "--low-memory-unused"][..],
            })
            // Inline a function that has one caller only when it is tiny:
            // the module grows by about 2% but compresses 3% smaller (gzip
            // -9: 84.1 -> 81.3 kB), and the page is sent compressed.
            .args(["--one-caller-inline-max-function-size", "20"])
            .args(["--strip-debug", "--strip-producers"])
            .args(WASM_FEATURES)
            .arg(&wasm)
            .arg("-o")
            .arg(&opt))?;
        eprintln!(
            "xtask: wasm-opt -Oz: {before} -> {} bytes",
            std::fs::metadata(&opt)?.len()
        );
        opt
    } else {
        eprintln!("xtask: wasm-opt is not on PATH (Debian/Ubuntu: apt-get install binaryen); the wasm is not shrunk");
        wasm
    };

    eprintln!(
        "xtask: generating bindings for {name} (wasm-bindgen {WASM_BINDGEN_VERSION}, --target web)"
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .out_name(name)
        // Keep `init()` with no argument working: it finds the .wasm beside
        // the module (the library leaves that default out unless told).
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .web(true)?
        .typescript(true)
        .generate(pkg)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;
    let glue = pkg.join(format!("{name}.js"));
    let text = std::fs::read_to_string(&glue)?;
    std::fs::write(&glue, minify_js(&text)?)?;
    let bg = pkg.join(format!("{name}_bg.wasm"));
    eprintln!(
        "xtask: {} is {} bytes",
        bg.display(),
        std::fs::metadata(&bg)?.len()
    );
    Ok(())
}

/// The default chart as a static SVG, for browsers that cannot run the wasm.
fn write_fallback(path: &Path) -> Result<()> {
    use focal_loss_explorer::chart::{draw, svg_shown_at, Layer, Theme, SVG_SCALE};
    use focal_loss_explorer::curves::{ChartKind, Params, Scene};
    use plotters::prelude::*;
    let (width, height) = (720, 405);
    let scene = Scene::new(Params::default());
    let mut svg = String::new();
    {
        let size = (width * SVG_SCALE, height * SVG_SCALE);
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(
            &area,
            scene.chart(ChartKind::Loss),
            &Theme::LIGHT,
            Layer::All,
            f64::from(SVG_SCALE),
        )?;
    }
    std::fs::write(path, svg_shown_at(svg, width, height))?;
    Ok(())
}

/// Copies a file; JavaScript and CSS are minified on the way
/// ([`minify_js`], [`minify_css`]), any other file is copied as it is
/// (minifying the HTML would save 0.15 kB of gzip -9).
fn copy_text(from: &Path, to: &Path) -> Result<()> {
    let minify = match from.extension().and_then(|e| e.to_str()) {
        Some("js") => minify_js,
        Some("css") => minify_css,
        _ => {
            std::fs::copy(from, to)?;
            return Ok(());
        }
    };
    let text = std::fs::read_to_string(from)?;
    let out = minify(&text).map_err(|e| format!("{}: {e}", from.display()))?;
    std::fs::write(to, out)?;
    Ok(())
}

/// CSS through lightningcss: comments and whitespace go, values are written
/// in their shortest form, and the rules keep their order and meaning (no
/// vendor prefixes are added: no browser targets are given).
fn minify_css(text: &str) -> Result<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(text, ParserOptions::default())
        .map_err(|e| format!("CSS does not parse: {e}"))?;
    sheet
        .minify(MinifyOptions::default())
        .map_err(|e| format!("CSS could not be minified: {e}"))?;
    let out = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .map_err(|e| format!("CSS could not be printed: {e}"))?;
    Ok(out.code)
}

/// JavaScript through oxc's minifier: dead code and redundant syntax go,
/// local names are shortened (top-level ones too in a module, whose scope is
/// its own; not in a classic script, whose top-level names are globals), and
/// the code is printed without comments or needless whitespace. A file with
/// `import` or `export` is a module, any other a classic script. String and
/// template literals keep their text. The minifier writes no syntax newer
/// than ES2021 (`??=`, which the sources already use).
fn minify_js(text: &str) -> Result<String> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions};
    use oxc_minifier::{Minifier, MinifierOptions};
    use oxc_parser::Parser;
    use oxc_span::SourceType;
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::unambiguous()).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        let errors: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
        return Err(format!("JavaScript does not parse: {}", errors.join("; ")).into());
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    Ok(Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .with_private_member_mappings(minified.class_private_mappings)
        .build(&program)
        .code)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            copy_text(&entry.path(), &target)?;
        }
    }
    Ok(())
}

fn serve(args: &[String]) -> Result<()> {
    let port = match args.iter().position(|a| a == "--port") {
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or("--port needs a number")?,
        None => 8000,
    };
    let dist = dist()?;
    let server = server::Server::start(&dist, port)?;
    eprintln!(
        "xtask: serving {} on http://127.0.0.1:{} (Ctrl-C to stop)",
        dist.display(),
        server.port()
    );
    server.join();
    Ok(())
}

/// The engines the end-to-end suite runs in, in order.
const ENGINES: &[&str] = &["chromium", "firefox", "webkit"];

fn test(args: &[String]) -> Result<()> {
    let no_install = args.iter().any(|a| a == "--no-install");
    eprintln!("xtask: 1/5 rustfmt");
    run(cargo().args(["fmt", "--all", "--check"]))?;

    eprintln!("xtask: 2/5 clippy (native and wasm32), warnings denied");
    setup::ensure_wasm_target()?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "--package",
        "focal-loss-explorer",
        "--lib",
        "--tests",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;

    // The lab's module, built without the explorer.
    run(cargo().args([
        "clippy",
        "--package",
        "focal-loss-explorer",
        "--lib",
        "--target",
        WASM_TARGET,
        "--no-default-features",
        "--features",
        "lab",
        "--",
        "-D",
        "warnings",
    ]))?;

    eprintln!("xtask: 3/5 native tests");
    run(cargo().args(["test", "--workspace"]))?;

    eprintln!("xtask: 4/5 wasm-bindgen-test in headless Chromium and Firefox");
    setup::ensure_packages(no_install)?;
    let browser = setup::ensure_chromium(no_install)?;
    let firefox = setup::ensure_firefox(no_install)?;
    let runner = setup::ensure_test_runner()?;
    let wasm_test = || {
        let mut cmd = cargo();
        cmd.args([
            "test",
            "--package",
            "focal-loss-explorer",
            "--target",
            WASM_TARGET,
            "--test",
            "web",
            // The lab's training handle, behind its feature.
            "--features",
            "lab",
            "--test",
            "web_lab",
        ])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        cmd
    };
    run(wasm_test().env("CHROMEDRIVER", &browser.driver).env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        setup::webdriver_json(&browser)?,
    ))?;
    run(wasm_test().env("GECKODRIVER", &firefox.driver).env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        setup::firefox_webdriver_json(&firefox)?,
    ))?;

    eprintln!("xtask: 5/5 end-to-end tests of the served dist/ in Chromium, Firefox and WebKitGTK");
    e2e(&[], no_install)?;
    eprintln!("xtask: all tests passed");
    Ok(())
}

/// `cargo xtask e2e [--engine NAME]... [FILE]...`: the end-to-end suite
/// alone, in the engines named (all three by default), on the files named
/// (all of tests/e2e/*.test.mjs by default).
fn e2e_command(args: &[String]) -> Result<()> {
    e2e(args, args.iter().any(|a| a == "--no-install"))
}

fn e2e(args: &[String], no_install: bool) -> Result<()> {
    let mut engines = Vec::new();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--engine" => {
                let e = it.next().ok_or("--engine needs a name")?;
                if !ENGINES.contains(&e.as_str()) {
                    return Err(format!("--engine: one of {}, got {e}", ENGINES.join(", ")).into());
                }
                engines.push(e.as_str());
            }
            "--no-install" => {}
            f => files.push(root().join(f)),
        }
    }
    if engines.is_empty() {
        engines = ENGINES.to_vec();
    }
    if files.is_empty() {
        files = setup::e2e_test_files()?;
    }
    setup::ensure_packages(no_install)?;
    setup::ensure_wasm_opt(no_install)?;
    let dist = dist()?;
    setup::ensure_node_modules()?;
    let e2e_dir = root().join("tests").join("e2e");
    let fixtures = e2e_dir.join("fixtures");
    // Chromium reports console messages itself; the engines driven over
    // WebDriver get the error hook in every page.
    let plain = server::Server::start_with(
        &dist,
        0,
        server::Options {
            fixtures: Some(fixtures.clone()),
            error_hook: None,
        },
    )?;
    let hooked = server::Server::start_with(
        &dist,
        0,
        server::Options {
            fixtures: Some(fixtures),
            error_hook: Some(e2e_dir.join("engines").join("error-hook.js")),
        },
    )?;
    for engine in engines {
        eprintln!("xtask: end-to-end tests in {engine}");
        let port = if engine == "chromium" {
            plain.port()
        } else {
            hooked.port()
        };
        let mut node = match engine {
            "webkit" => {
                let webkit = setup::ensure_webkit(no_install)?;
                let mut c = Command::new(&webkit.xvfb_run);
                c.args(["-a", "-s", "-screen 0 2600x2000x24", "node"])
                    .env("WEBKIT_WEBDRIVER", &webkit.driver)
                    .env("MINIBROWSER", &webkit.minibrowser);
                c
            }
            "firefox" => {
                let firefox = setup::ensure_firefox(no_install)?;
                let mut c = Command::new("node");
                c.env("GECKODRIVER", &firefox.driver)
                    .env("FIREFOX", &firefox.binary);
                c
            }
            _ => {
                let browser = setup::ensure_chromium(no_install)?;
                let mut c = Command::new("node");
                c.env("CHROMIUM", &browser.chromium);
                c
            }
        };
        // A test that hangs (a browser that stopped answering) fails after
        // five minutes instead of holding up the run.
        node.args(["--test", "--test-concurrency=1", "--test-timeout=300000"])
            .args(&files)
            .env("ENGINE", engine)
            .env("BASE_URL", format!("http://127.0.0.1:{port}/"));
        run(&mut node)?;
    }
    Ok(())
}

fn bench(args: &[String]) -> Result<()> {
    setup::ensure_wasm_opt(false)?;
    let dist = dist()?;
    let browser = setup::ensure_chromium(false)?;
    setup::ensure_node_modules()?;
    setup::ensure_bench_modules()?;
    let server = server::Server::start(&dist, 0)?;
    let bench_dir = root().join("browser-bench");
    let base = format!("http://127.0.0.1:{}/", server.port());
    // The lab first (short): rows per second and γ moves on a million rows.
    // `--lab` runs it alone; `--lab-rows N` sets its size.
    let mut lab = Command::new("node");
    lab.arg(bench_dir.join("lab-bench.mjs"))
        .env("BASE_URL", &base)
        .env("CHROMIUM", &browser.chromium);
    if let Some(i) = args.iter().position(|a| a == "--lab-rows") {
        lab.arg("--rows")
            .arg(args.get(i + 1).ok_or("--lab-rows needs a number")?);
    }
    run(&mut lab)?;
    // The training panel: steps per second, the main thread's share, and
    // how soon a γ move shows while it trains.
    run(Command::new("node")
        .arg(bench_dir.join("lab-train-bench.mjs"))
        .env("BASE_URL", &base)
        .env("CHROMIUM", &browser.chromium))?;
    if args.iter().any(|a| a == "--lab") {
        return Ok(());
    }
    let args: Vec<&String> = {
        let mut rest = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--lab-rows" {
                it.next();
            } else {
                rest.push(a);
            }
        }
        rest
    };
    let mut node = Command::new("node");
    node.arg(bench_dir.join("bench.mjs"))
        .args(args)
        .env("BASE_URL", &base)
        .env("DIST", &dist)
        .env("CHROMIUM", &browser.chromium);
    run(&mut node)
}
