//! Words and formulas for the page: the live sentence and the MathML of the
//! formulas with the current values filled in. Pure; the numbers are
//! formatted here, so the markup holds nothing but our own text.

use crate::chart::{format_number, number_parts};
use crate::curves::{Params, XAxis};
use crate::loss::{alpha_t, focal_loss_prob, focal_star_prob, Label};

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
    for (pt, what) in [
        (0.9, "a well-classified example"),
        (0.1, "a misclassified example"),
    ] {
        let ce = crate::loss::cross_entropy_prob(pt, Label::Positive);
        let fl = focal_loss_prob(pt, Label::Positive, p.gamma, a);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "At pt = {pt} ({what}): FL = {}, CE = {}, {}.",
            format_number(fl, 3),
            format_number(ce, 3),
            smaller(ce, fl)
        ));
    }
    if p.star {
        let v = focal_star_prob(0.9, Label::Positive, p.star_gamma, p.star_beta);
        out.push_str(&format!(" FL* at pt = 0.9: {}.", format_number(v, 3)));
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
