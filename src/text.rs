//! Words and formulas for the page: the live sentence and the MathML of the
//! formulas with the current values filled in. Pure; the numbers are
//! formatted here, so the markup holds nothing but our own text.

use crate::loss::{alpha_t, focal_loss_prob, focal_star_prob, Label};
use crate::params::{Params, XAxis};

/// The symbol of an axis, for readouts and tables.
pub fn axis_symbol(axis: XAxis) -> &'static str {
    match axis {
        XAxis::Pt => "pt",
        XAxis::P => "p",
        XAxis::Logit => "x",
    }
}

/// How many times smaller FL is than CE, in words.
fn smaller(ce: f64, fl: f64) -> String {
    if fl == 0.0 {
        return "zero: this class has weight αt = 0".into();
    }
    let r = ce / fl;
    if (r - 1.0).abs() < 5e-4 {
        "the same as CE".into()
    } else if r > 1.0 {
        format!("{}× smaller", format_number(r, 3))
    } else {
        format!("{}× larger", format_number(1.0 / r, 3))
    }
}

/// "At pt = 0.9 (well classified): FL = 0.00105, CE = 0.105, 100× smaller.
/// At pt = 0.1 (misclassified): …" for the current parameters.
pub fn sentence(p: &Params) -> String {
    // Evaluated as functions of pt: label y = 1 with αt of the chosen label.
    let a = match (p.alpha_opt(), p.label) {
        (Some(a), Label::Negative) => Some(1.0 - a),
        (a, _) => a,
    };
    let mut out = String::new();
    // pt's text is written out: Display of 0.9 and 0.1 writes the same.
    for (pt, pt_text, what) in [
        (0.9, "0.9", "a well-classified example"),
        (0.1, "0.1", "a misclassified example"),
    ] {
        let ce = crate::loss::cross_entropy_prob(pt, Label::Positive);
        let fl = focal_loss_prob(pt, Label::Positive, p.gamma, a);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "At pt = {pt_text} ({what}): FL = {}, CE = {}, {}.",
            format_number(fl, 3),
            format_number(ce, 3),
            smaller(ce, fl)
        ));
    }
    if p.star {
        let v = focal_star_prob(0.9, Label::Positive, p.star_gamma, p.star_beta);
        out.push_str(&format!(" FL* at pt = 0.9: {}.", format_number(v, 3)));
    }
    if let (Some(a), true) = (p.alpha_opt(), p.both) {
        out.push_str(&format!(
            " These are for y = 1 (αt = α = {}); y = 0 is weighted by αt = 1 − α = {}.",
            format_number(a, 3),
            format_number(1.0 - a, 3)
        ));
    }
    out
}

fn mn(v: f64) -> String {
    match number_parts(v, 4) {
        (s, None) => format!("<mn>{s}</mn>"),
        (m, Some(e)) => {
            let e = e.to_string().replace('-', "−");
            format!("<mn>{m}</mn><mo>×</mo><msup><mn>10</mn><mn>{e}</mn></msup>")
        }
    }
}

const PT: &str = "<msub><mi>p</mi><mi>t</mi></msub>";

/// The formulas of CE, FL (and FL*) with the current γ, α, β, as MathML.
pub fn formulas_mathml(p: &Params) -> String {
    let at = match p.alpha_opt() {
        // Both labels: αt differs by curve.
        Some(_) if p.both => "<msub><mi>α</mi><mi>t</mi></msub><mo>⁢</mo>".into(),
        Some(a) => format!("{}<mo>⁢</mo>", mn(alpha_t(Some(a), p.label))),
        None => String::new(),
    };
    let gamma = mn(p.gamma);
    let ce = format!(
        "<math display=\"block\"><mi>CE</mi><mo>=</mo><mo>−</mo><mi>log</mi><mo>⁡</mo>{PT}</math>"
    );
    let fl = format!(
        "<math display=\"block\"><mi>FL</mi><mo>=</mo><mo>−</mo>{at}<msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo>{PT}<mo>)</mo></mrow><mrow>{gamma}</mrow></msup><mi>log</mi><mo>⁡</mo>{PT}</math>"
    );
    let grad = format!(
        "<math display=\"block\"><mfrac><mrow><mi>∂</mi><mi>FL</mi></mrow><mrow><mi>∂</mi><mi>x</mi></mrow></mfrac><mo>=</mo>{at}<mi>y</mi><msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo>{PT}<mo>)</mo></mrow><mrow>{gamma}</mrow></msup><mrow><mo>(</mo>{gamma}{PT}<mi>log</mi><mo>⁡</mo>{PT}<mo>+</mo>{PT}<mo>−</mo><mn>1</mn><mo>)</mo></mrow></math>"
    );
    let mut out = format!("{ce}{fl}{grad}");
    if p.star {
        let g = mn(p.star_gamma);
        let b = mn(p.star_beta);
        out.push_str(&format!(
            "<math display=\"block\"><msup><mi>FL</mi><mo>*</mo></msup><mo>=</mo><mo>−</mo><mfrac><mrow><mi>log</mi><mo>⁡</mo><mi>σ</mi><mo>(</mo>{g}<msub><mi>x</mi><mi>t</mi></msub><mo>+</mo>{b}<mo>)</mo></mrow><mrow>{g}</mrow></mfrac></math>"
        ));
    }
    out
}

/// A tick label: plain for linear axes, a power of ten for log axes (the
/// value is the exponent there), and nothing for fractional exponents.
pub fn format_tick(v: f64, log: bool) -> String {
    if log {
        let r = v.round();
        if (v - r).abs() > 1e-9 {
            return String::new();
        }
        return match r as i64 {
            0 => "1".into(),
            1 => "10".into(),
            e => format!("10{}", superscript(e)),
        };
    }
    let r = (v * 1e6).round() / 1e6;
    let s = crate::number::display(r);
    if s == "-0" {
        "0".into()
    } else {
        s.replace('-', "−")
    }
}

fn superscript(e: i64) -> String {
    e.to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect()
}

/// A number with `sig` significant digits, for people: plain decimals from
/// 0.0001 to 99999, "1.23 × 10⁻⁷" outside, "∞" for infinity; no trailing
/// zeros, and a true minus sign.
pub fn format_number(v: f64, sig: usize) -> String {
    match number_parts(v, sig) {
        (s, None) => s,
        (m, Some(e)) => format!("{m} × 10{}", superscript(e as i64)),
    }
}

/// A number with `sig` significant digits as (plain text, None) or, outside
/// 0.0001 to 99999, as (mantissa, Some(exponent)) for "m × 10^e".
pub fn number_parts(v: f64, sig: usize) -> (String, Option<i32>) {
    if v.is_nan() {
        return ("undefined".into(), None);
    }
    if v.is_infinite() {
        return (if v > 0.0 { "∞" } else { "−∞" }.into(), None);
    }
    if v == 0.0 {
        return ("0".into(), None);
    }
    let sig = sig.clamp(1, 17);
    let sign = if v < 0.0 { "−" } else { "" };
    // Round to `sig` digits first (9.9996 with 4 digits becomes 1.000e1),
    // then place the decimal point by moving digits, not by arithmetic.
    let sci = crate::number::exponential(v.abs(), sig - 1);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..5).contains(&exp) {
        return (format!("{sign}{}", trim_zeros(mantissa)), Some(exp));
    }
    let s = crate::number::place_point(mantissa, exp);
    (format!("{sign}{}", trim_zeros(&s)), None)
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}
