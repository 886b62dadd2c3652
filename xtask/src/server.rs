//! A static file server for dist/ on loopback: tower-http's `ServeDir` on
//! axum, in a thread of its own, with the MIME types a browser needs for ES
//! modules and WebAssembly streaming compilation, and no caching.

use std::net::TcpListener;
use std::path::Path;
use std::thread::JoinHandle;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Result;

pub struct Server {
    port: u16,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `dir` on 127.0.0.1:`port` (0 picks a free port) from a thread.
    pub fn start(dir: &Path, port: u16) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let app = Router::new()
            .fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
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
