//! Reading a number from a link or an attribute: decimal notation only
//! ("2", "-0.5", "1e-3"), as both the browser's `Number()` and Rust's
//! `f64::from_str` read it. In the browser the engine reads it, so the
//! wasm carries no float parser of its own (about 14 kB compressed);
//! natively (tests, the build) Rust does. Restricting the text to decimal
//! notation makes the two agree: JavaScript alone would take "0x10", Rust
//! alone "inf".

/// The finite number `text` writes in decimal notation (surrounding ASCII
/// spaces allowed), or `None`.
pub fn read_number(text: &str) -> Option<f64> {
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let decimal = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if t.is_empty() || !decimal || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    parse(t).filter(|v| v.is_finite())
}

#[cfg(target_arch = "wasm32")]
fn parse(t: &str) -> Option<f64> {
    // Unary plus: the engine's ToNumber, which is Number(t).
    let v = wasm_bindgen::JsValue::from_str(t).unchecked_into_f64();
    (!v.is_nan()).then_some(v)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse(t: &str) -> Option<f64> {
    t.parse().ok()
}
