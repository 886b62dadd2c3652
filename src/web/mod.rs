//! The `#[wasm_bindgen]` face: the plain functions of the JavaScript API
//! (`api`, behind the default feature of that name: the page's own build
//! leaves it out) and the handle that owns the page's canvases and state
//! ([`explorer`]; its views, exports and surfaces beside it). Errors from
//! inside (`crate::Error`) become JS `Error`s here, once.

#[cfg(feature = "api")]
pub mod api;
#[cfg(any(feature = "explorer", feature = "lab"))]
mod backend;
#[cfg(any(feature = "explorer", feature = "lab"))]
mod canvas;
#[cfg(feature = "api")]
mod checks;
#[cfg(feature = "explorer")]
pub mod explorer;
#[cfg(feature = "export")]
mod export;
#[cfg(feature = "explorer")]
mod js;
#[cfg(feature = "lab")]
pub mod lab;
#[cfg(feature = "explorer")]
mod surface;
#[cfg(feature = "explorer")]
mod views;

use wasm_bindgen::prelude::*;

#[cfg(feature = "explorer")]
pub use js::schema;

/// The boundary: the crate's error becomes a JS `Error` with its message.
impl From<crate::error::Error> for JsValue {
    fn from(e: crate::error::Error) -> JsValue {
        JsError::new(&e.0).into()
    }
}

/// Installs the panic hook (once): an unforeseen panic is reported in the
/// console with its message instead of a bare "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// The crate's version (in the API's module).
#[cfg(feature = "api")]
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
