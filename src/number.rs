//! Numbers to and from text where the browser does it better than the wasm
//! could carry it: the engine reads the numbers of a link, and writes a
//! number in exponential notation, so the wasm carries neither a float
//! parser nor Rust's exact float formatting (about 14 and 0.6 kB
//! compressed); natively (tests, the build) Rust does both.
//!
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
    // Trimmed by bytes: ASCII spaces are single bytes, so the cuts fall on
    // character boundaries.
    let b = text.as_bytes();
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    let t = text.get(start..end).unwrap_or("");
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

/// `v` (finite) in exponential notation with `digits` digits after the
/// point, "d.ddde±x" (the sign of the exponent is optional: "1.5e-7",
/// "1.5e+7" or "1.5e7"), correctly rounded.
pub fn exponential(v: f64, digits: usize) -> String {
    exponential_in(v, digits.min(16))
}

#[cfg(target_arch = "wasm32")]
fn exponential_in(v: f64, digits: usize) -> String {
    // toExponential throws only for digits outside 0..=100.
    js_sys::Number::from(v)
        .to_exponential(digits as u8)
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn exponential_in(v: f64, digits: usize) -> String {
    format!("{v:.digits$e}")
}
