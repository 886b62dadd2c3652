//! Words and formulas for the page: the live sentence and the MathML of the
//! formulas with the current values filled in. Pure; the numbers are
//! formatted here, so the markup holds nothing but our own text.

use crate::curves::ChartKind;
use crate::loss::{
    alpha_t, factor_point, focal_loss_prob, focal_star_prob, modulating_factor_prob, FactorPoint,
    Label,
};
use crate::params::{Params, XAxis};

/// The symbol of an axis, for readouts and tables.
pub fn axis_symbol(axis: XAxis) -> &'static str {
    match axis {
        XAxis::Pt => "pt",
        XAxis::P => "p",
        XAxis::Logit => "x",
    }
}

/// A factor r ≥ 1 as the page writes it: "100×", "1,000×", with three
/// significant digits (four just above 1, so that 1.001 is not "1"), the
/// thousands grouped; beyond 10⁹ in powers of ten ("1.5 × 10²⁰ times").
pub fn times(r: f64) -> String {
    if r.is_infinite() {
        return "infinitely many times".into();
    }
    let sig = if r < 1.01 { 4 } else { 3 };
    match number_parts(r, sig) {
        (s, None) => format!("{}×", group_thousands(&s)),
        (m, Some(e)) if (5..9).contains(&e) => {
            let digits = crate::number::place_point(&m, e);
            format!("{}×", group_thousands(&trim_zeros(&digits)))
        }
        _ => format!("{} times", format_number(r, 3)),
    }
}

/// "12345.6" as "12,345.6".
fn group_thousands(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A loss `ratio` times another (FL / CE), in words: "100× smaller",
/// "1.5× larger", "the same"; `None` where the ratio is not a number (both
/// losses 0 or infinite).
pub fn ratio_words(ratio: f64) -> Option<String> {
    if ratio.is_nan() || ratio < 0.0 {
        return None;
    }
    Some(if ratio == 0.0 {
        "zero".into()
    } else if (ratio - 1.0).abs() < 5e-4 {
        "the same".into()
    } else if ratio < 1.0 {
        format!("{} smaller", times(1.0 / ratio))
    } else {
        format!("{} larger", times(ratio))
    })
}

/// pt at a [`FactorPoint`], with 1 − pt to three significant digits
/// ("0.9", "0.9684"), or "1 − 2.15 × 10⁻⁷" where that would take more
/// than four decimals.
pub fn point_text(point: &FactorPoint) -> String {
    let l = point.log10_miss;
    if l < -4.0 {
        // 1 − pt = m × 10^e, from its logarithm (1 − pt may underflow).
        let mut e = l.floor();
        let mut m = format_number(10f64.powf(l - e), 3);
        if m == "10" {
            (m, e) = ("1".into(), e + 1.0);
        }
        let power = format!("10{}", superscript(e as i64));
        return if m == "1" {
            format!("1 − {power}")
        } else {
            format!("1 − {m} × {power}")
        };
    }
    // Decimals enough for three digits of 1 − pt; as significant digits of pt.
    let decimals = (-l).ceil().max(1.0) + 2.0;
    let zeros = if point.pt > 0.0 {
        (-point.pt.log10()).ceil().max(1.0) - 1.0
    } else {
        0.0
    };
    format_number(point.pt, (decimals - zeros).max(2.0) as usize)
}

/// What the modulating factor and α do to the loss at `pt`, in words:
/// "the factor (1 − pt)^γ makes it 100× smaller, and α = 0.25 weights it
/// 4× less again (400× in all)". The two are kept apart: the factor
/// follows pt, α's weight is fixed.
fn effect(p: &Params, pt: f64, name: &str) -> String {
    let factor = modulating_factor_prob(pt, Label::Positive, p.gamma);
    let mut out = if p.gamma == 0.0 {
        format!("{name} is 1 (γ = 0)")
    } else {
        match ratio_words(factor) {
            Some(w) if w == "the same" => format!("{name} leaves it as it is"),
            Some(w) => format!("{name} makes it {w}"),
            None => format!("{name} is {}", format_number(factor, 3)),
        }
    };
    let Some(a) = p.alpha_opt() else {
        if p.gamma == 0.0 {
            out.push_str(": FL is CE");
        }
        return out;
    };
    let at = alpha_t(Some(a), p.label);
    let weight = match p.label {
        Label::Positive => format!("α = {}", format_number(a, 3)),
        Label::Negative => format!("αt = 1 − α = {}", format_number(at, 3)),
    };
    let again = if p.gamma == 0.0 { "" } else { " again" };
    if at == 0.0 {
        out.push_str(&format!(
            ", and {weight} gives this class no weight: FL = 0"
        ));
    } else if at < 1.0 {
        out.push_str(&format!(
            ", and {weight} weights it {} less{again}",
            times(1.0 / at)
        ));
        if p.gamma > 0.0 {
            out.push_str(&format!(" ({} in all)", times(1.0 / (factor * at))));
        }
    }
    out
}

/// "At pt = 0.9 (a well-classified example): FL = 0.00105, CE = 0.105: the
/// factor (1 − pt)^γ makes it 100× smaller. …" for the current parameters,
/// then where the factor makes the loss 100× and 1,000× smaller for this γ,
/// and its bound 2^γ for pt ≤ 0.5.
pub fn sentence(p: &Params) -> String {
    // Evaluated as functions of pt: label y = 1 with αt of the chosen label.
    let a = match (p.alpha_opt(), p.label) {
        (Some(a), Label::Negative) => Some(1.0 - a),
        (a, _) => a,
    };
    let mut out = String::new();
    // pt's text is written out: Display of 0.9 and 0.1 writes the same.
    for (pt, pt_text, what, name) in [
        (
            0.9,
            "0.9",
            "a well-classified example",
            "the factor (1 − pt)^γ",
        ),
        (0.1, "0.1", "a misclassified example", "the factor"),
    ] {
        let ce = crate::loss::cross_entropy_prob(pt, Label::Positive);
        let fl = focal_loss_prob(pt, Label::Positive, p.gamma, a);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "At pt = {pt_text} ({what}): FL = {}, CE = {}: {}.",
            format_number(fl, 3),
            format_number(ce, 3),
            effect(p, pt, name)
        ));
    }
    let gamma = format_number(p.gamma, 3);
    match (factor_point(p.gamma, 2.0), factor_point(p.gamma, 3.0)) {
        (Some(hundred), Some(thousand)) => out.push_str(&format!(
            " With γ = {gamma} the factor makes the loss 100× smaller at pt = {} and 1,000× \
             smaller at pt = {} (more as pt nears 1), and at most 2^γ = {} smaller for pt ≤ 0.5.",
            point_text(&hundred),
            point_text(&thousand),
            times(crate::loss::pow2(p.gamma)),
        )),
        _ => out.push_str(
            " With γ = 0 the factor is 1 everywhere: the loss is never 100× or 1,000× smaller than CE.",
        ),
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

/// The caption of a chart: what its x-axis is, and which of the paper's
/// figures it shows (against x, the paper plots xt = yx with y = ±1).
pub fn caption(kind: ChartKind, p: &Params) -> &'static str {
    match (kind, p.axis, p.label) {
        (ChartKind::Loss, XAxis::Pt, _) => {
            "against pt, the probability of the true class: the paper's Figure 1"
        }
        (ChartKind::Loss, XAxis::P, Label::Positive) => {
            "against the predicted probability p; for label 1, pt = p: the paper's Figure 1"
        }
        (ChartKind::Loss, XAxis::P, Label::Negative) => {
            "against the predicted probability p; for label 0, pt = 1 − p: the paper's Figure 1 mirrored"
        }
        (ChartKind::Loss, XAxis::Logit, Label::Positive) => {
            "against the logit x; for label 1, xt = x: the paper's Figure 5 (Appendix A)"
        }
        (ChartKind::Loss, XAxis::Logit, Label::Negative) => {
            "against the logit x; for label 0, xt = −x: the paper's Figure 5 (Appendix A) mirrored"
        }
        (ChartKind::Gradient, _, Label::Positive) => {
            "with respect to the logit x: the paper's Figure 6 (Appendix B)"
        }
        (ChartKind::Gradient, _, Label::Negative) => {
            "with respect to the logit x; for label 0 (y = −1): the paper's Figure 6 (Appendix B) mirrored"
        }
        (ChartKind::Factor, _, _) => "(1 − pt)^γ = FL / CE, log scale",
    }
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
    // Appendix B's y is ±1: the menu's label 0 is y = −1, not 0.
    let y = match p.label {
        Label::Positive => "<mo>+</mo><mn>1</mn>",
        Label::Negative => "<mo>−</mo><mn>1</mn>",
    };
    let ce = format!(
        "<math display=\"block\"><mi>CE</mi><mo>=</mo><mo>−</mo><mi>log</mi><mo>⁡</mo>{PT}</math>"
    );
    let fl = format!(
        "<math display=\"block\"><mi>FL</mi><mo>=</mo><mo>−</mo>{at}<msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo>{PT}<mo>)</mo></mrow><mrow>{gamma}</mrow></msup><mi>log</mi><mo>⁡</mo>{PT}</math>"
    );
    let grad = format!(
        "<math display=\"block\"><mfrac><mrow><mi>∂</mi><mi>FL</mi></mrow><mrow><mi>∂</mi><mi>x</mi></mrow></mfrac><mo>=</mo>{at}<mi>y</mi><msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo>{PT}<mo>)</mo></mrow><mrow>{gamma}</mrow></msup><mrow><mo>(</mo>{gamma}{PT}<mi>log</mi><mo>⁡</mo>{PT}<mo>+</mo>{PT}<mo>−</mo><mn>1</mn><mo>)</mo></mrow><mo>,</mo><mspace width=\"0.6em\"/><mi>y</mi><mo>=</mo>{y}</math>"
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
