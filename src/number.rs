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

/// `v` as Rust's `Display` writes it ("0.1", "-0", "1000000000000000000000",
/// "0.0000001", "NaN", "inf"): the shortest digits that read back as `v`,
/// in plain decimal notation. In the browser the engine finds the digits
/// (`Number.prototype.toString`, the same shortest digits), so the wasm
/// carries no shortest-digits algorithm of its own; natively Rust does it.
/// One difference: where two shortest digit strings lie exactly as far from
/// `v` (1658206780088562.25 at 17 digits), the engine takes the even last
/// digit and Rust the higher one; both read back as `v`, and no tick or
/// link value the page writes has that many digits.
pub fn display(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return match v {
            _ if v.is_nan() => "NaN".into(),
            _ if v == f64::INFINITY => "inf".into(),
            _ if v == f64::NEG_INFINITY => "-inf".into(),
            _ if v.is_sign_negative() => "-0".into(),
            _ => "0".into(),
        };
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}", plain(&shortest(v.abs())))
}

/// The engine's text of a finite, positive `v`: plain ("123.45",
/// "0.000001") from 1e-6 to below 1e21, exponential ("1.5e+21", "1e-7")
/// outside.
#[cfg(target_arch = "wasm32")]
fn shortest(v: f64) -> String {
    js_sys::Number::from(v)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// What the engine writes for a finite, positive `v`, from Rust's shortest
/// digits (`{:e}` writes the same digits as `Display`).
#[cfg(not(target_arch = "wasm32"))]
fn shortest(v: f64) -> String {
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-6..21).contains(&exp) {
        plain(&format!("{mantissa}e{exp}"))
    } else if exp < 0 {
        format!("{mantissa}e{exp}")
    } else {
        format!("{mantissa}e+{exp}")
    }
}

/// The engine's text of a positive number in plain decimal notation: it is
/// plain already, or "d.ddde±x" whose point is moved by moving digits.
fn plain(text: &str) -> String {
    let Some((mantissa, exp)) = text.split_once('e') else {
        return text.into();
    };
    let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    place_point(mantissa, exp)
}

/// The digits of `mantissa` ("d.ddd") with the point moved `exp` places:
/// by moving digits, not by arithmetic. `get`, not indexing: the digits are
/// ASCII, and a slice that cannot panic keeps the panic's formatting out of
/// the wasm.
pub(crate) fn place_point(mantissa: &str, exp: i32) -> String {
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if exp < 0 {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else {
        let point = exp as usize + 1;
        match (digits.get(..point), digits.get(point..)) {
            (Some(int), Some(frac)) if !frac.is_empty() => format!("{int}.{frac}"),
            _ => format!("{digits}{}", "0".repeat(point.saturating_sub(digits.len()))),
        }
    }
}
