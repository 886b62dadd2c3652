//! A static file server for dist/ on loopback (tiny_http), with the MIME types
//! a browser needs for ES modules and WebAssembly streaming compilation.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::Result;

pub struct Server {
    port: u16,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `dir` on 127.0.0.1:`port` (0 picks a free port) from a thread.
    pub fn start(dir: &Path, port: u16) -> Result<Server> {
        Server::start_with_mounts(dir, &[], port)
    }

    /// Like [`Server::start`], with extra folders served under URL prefixes
    /// (for example the benchmark's baseline page under `/bench/`).
    pub fn start_with_mounts(dir: &Path, mounts: &[(&str, PathBuf)], port: u16) -> Result<Server> {
        let http = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("server has no IP address")?;
        let http = Arc::new(http);
        let root = dir.to_path_buf();
        let mounts: Vec<(String, PathBuf)> = mounts
            .iter()
            .map(|(p, d)| (p.to_string(), d.clone()))
            .collect();
        let thread = std::thread::spawn(move || {
            for request in http.incoming_requests() {
                let response = respond(&root, &mounts, request.url());
                let _ = request.respond(response);
            }
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

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(root: &Path, mounts: &[(String, PathBuf)], url: &str) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let (base, rest) = mounts
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix.as_str()))
        .map(|(prefix, dir)| (dir.as_path(), &path[prefix.len()..]))
        .unwrap_or((root, path));
    let Some(file) = resolve(base, rest) else {
        return text(404, "not found");
    };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let mime = mime_type(&file);
            let header = |k: &str, v: &str| {
                tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
            };
            tiny_http::Response::from_data(bytes)
                .with_header(header("Content-Type", mime))
                .with_header(header("Cache-Control", "no-cache"))
        }
        Err(_) => text(404, "not found"),
    }
}

/// Maps a URL path to a file under `base`, refusing anything that climbs out.
fn resolve(base: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut file = base.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn text(code: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec()).with_status_code(code)
}
