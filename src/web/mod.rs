//! The `#[wasm_bindgen]` face: the plain functions of the JavaScript API
//! (`api`, behind the default feature of that name: the page's own build
//! leaves it out) and the handle that owns the page's canvases and state
//! ([`explorer`]). Errors from inside become JS `Error`s here, once.

#[cfg(feature = "api")]
pub mod api;
mod backend;
mod canvas;
mod checks;
pub mod explorer;

use wasm_bindgen::prelude::*;

/// Installs the panic hook (once): an unforeseen panic is reported in the
/// console with its message instead of a bare "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// The crate's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
