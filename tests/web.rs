//! In-browser tests (wasm-bindgen-test in headless Chromium): the JS API and
//! the explorer handle drawing into real canvases.
#![cfg(target_arch = "wasm32")]

use focal_loss_explorer::web::api;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn focal_loss_is_cross_entropy_at_gamma_zero() {
    let ce = api::cross_entropy(0.3, 1.0).unwrap();
    let fl = api::focal_loss(0.3, 1.0, 0.0, None).unwrap();
    assert_eq!(ce, fl);
}
