//! A static file server for dist/ on loopback: tower-http's `ServeDir` on
//! axum, in a thread of its own, with the MIME types a browser needs for ES
//! modules and WebAssembly streaming compilation, and no caching.
//!
//! Every response carries the strict Content-Security-Policy that many blog
//! hosts send ([`STRICT_CSP`]), so the page, its worker, the exports and the
//! custom element are always tested under it. For the tests the server also
//! mounts the test fixtures (host pages: blog posts that embed the explorer)
//! at `/fixtures/`, and serves the whole site again under `/slow/`, where
//! every response is held back as on a slow network (for layout-shift tests
//! in any engine, without a browser-specific throttle); `/without-wasm/`
//! and `/without-worker/` serve it with that file missing, and
//! `/some/deep/path/` serves it under a sub-path.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Result;

/// The policy the explorer must work under (documented in the README).
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; object-src 'none'; \
     base-uri 'none'";

/// How long `/slow/` holds back a response: WebAssembly longest, as the
/// largest file; other files a little, so a page's first paint comes long
/// before its script has run.
fn slow_delay(path: &str) -> Duration {
    if path.ends_with(".wasm") {
        Duration::from_millis(1500)
    } else if path.ends_with(".js") {
        Duration::from_millis(600)
    } else {
        Duration::from_millis(150)
    }
}

async fn hold_back(request: Request, next: Next) -> Response {
    tokio::time::sleep(slow_delay(request.uri().path())).await;
    next.run(request).await
}

/// Answers 404 for the page's WebAssembly (`/without-wasm/`) or its drawing
/// worker (`/without-worker/`): the site as a reader sees it when that file
/// is missing from the host.
async fn without_wasm(request: Request, next: Next) -> Response {
    missing_if(request.uri().path().ends_with(".wasm"), request, next).await
}

async fn without_worker(request: Request, next: Next) -> Response {
    missing_if(
        request.uri().path().ends_with("/render-worker.js"),
        request,
        next,
    )
    .await
}

async fn missing_if(missing: bool, request: Request, next: Next) -> Response {
    if missing {
        let mut response = Response::new(axum::body::Body::from("not found"));
        *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
        response
    } else {
        next.run(request).await
    }
}

pub struct Server {
    port: u16,
    thread: JoinHandle<()>,
}

/// What to serve besides dist/.
#[derive(Default)]
pub struct Options {
    /// Mounted at `/fixtures/` (and `/slow/fixtures/`).
    pub fixtures: Option<PathBuf>,
    /// A script served at [`ERROR_HOOK_PATH`] and loaded first by every HTML
    /// page: for engines driven over classic WebDriver, which reports no
    /// console messages, it records the page's errors where the tests read
    /// them.
    pub error_hook: Option<PathBuf>,
}

/// Where the error hook is served.
pub const ERROR_HOOK_PATH: &str = "/__test/error-hook.js";

/// Inserts the error hook's script tag at the start of every HTML page's
/// head (or of the document, when it has none).
async fn insert_error_hook(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let html = String::from_utf8_lossy(&bytes);
    let tag = format!("<script src=\"{ERROR_HOOK_PATH}\"></script>");
    let at = html
        .find("<head>")
        .map(|i| i + "<head>".len())
        .or_else(|| {
            html.find("<html")
                .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        })
        .unwrap_or(0);
    let out = format!("{}{tag}{}", &html[..at], &html[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(out))
}

fn site(dir: &Path, fixtures: Option<&Path>) -> Router {
    let mut router = Router::new();
    if let Some(f) = fixtures {
        router = router.nest_service("/fixtures", ServeDir::new(f));
    }
    router.fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
}

impl Server {
    /// Serves `dir` on 127.0.0.1:`port` (0 picks a free port) from a thread.
    pub fn start(dir: &Path, port: u16) -> Result<Server> {
        Server::start_with(dir, port, Options::default())
    }

    /// As [`Server::start`], with the test mounts of `options`.
    pub fn start_with(dir: &Path, port: u16, options: Options) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let fixtures = options.fixtures.as_deref();
        let slow = site(dir, fixtures).layer(axum::middleware::from_fn(hold_back));
        let mut app = site(dir, fixtures)
            .nest_service("/slow", slow)
            .nest_service(
                "/without-wasm",
                site(dir, fixtures).layer(axum::middleware::from_fn(without_wasm)),
            )
            // Any sub-path: the site uses relative paths only.
            .nest_service("/some/deep/path", site(dir, fixtures))
            .nest_service(
                "/without-worker",
                site(dir, fixtures).layer(axum::middleware::from_fn(without_worker)),
            );
        if let Some(hook) = options.error_hook {
            app = app
                .route_service(ERROR_HOOK_PATH, tower_http::services::ServeFile::new(hook))
                .layer(axum::middleware::from_fn(insert_error_hook));
        }
        let app = app
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(STRICT_CSP),
            ));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => {
                        if let Err(e) = axum::serve(listener, app).await {
                            eprintln!("xtask: server stopped: {e}");
                        }
                    }
                    Err(e) => eprintln!("xtask: server cannot start: {e}"),
                }
            });
        });
        Ok(Server { port, thread })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Blocks for as long as the server runs.
    pub fn join(self) {
        let _ = self.thread.join();
    }
}
