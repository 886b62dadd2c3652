//! Accuracy of every loss and derivative against an exact reference.
//!
//! `tests/data/reference.csv` holds the exact values (mpmath at 1600 bits, see
//! `tools/reference.py`) of CE, FL and FL* and their derivatives, in logit
//! space and in probability space, over a grid of inputs: ~150 logits in
//! [−700, 700] (dense near 0, with ±1e-300 and ±1e-10), ~35 probabilities
//! from 2^-1074 to 1 − 2^-53, γ ∈ {0, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 7.3, 10,
//! 20}, both labels, α ∈ {unweighted, 0.25}, β ∈ {0, 1}; and torchvision's
//! element for soft targets. The inputs are written so that they parse to the
//! very doubles the reference was computed at.
//!
//! The contract, for each reference value `r` rounded to a double:
//!
//! * `r` normal and finite: our relative error is at most 1e-13, and ours is
//!   never 0, ±∞ or NaN;
//! * `r` zero or subnormal: ours is finite and no larger in magnitude than the
//!   smallest normal double;
//! * `r` infinite: ours is the same infinity.
//!
//! The worst relative error per function is printed (`--nocapture`).
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::loss::{
    cross_entropy_logit, cross_entropy_logit_grad, cross_entropy_prob, cross_entropy_prob_grad,
    focal_loss_logit, focal_loss_logit_grad, focal_loss_prob, focal_loss_prob_grad,
    focal_star_logit, focal_star_logit_grad, focal_star_prob, focal_star_prob_grad,
    sigmoid_focal_loss_elem, sigmoid_focal_loss_elem_grad, Label, Loss,
};

const REFERENCE: &str = include_str!("data/reference.csv");

/// The accuracy promised wherever the exact value is a normal double.
const MAX_REL_ERROR: f64 = 1e-13;

/// One parsed CSV record: its kind and its fields after the kind.
struct Record<'a> {
    line: usize,
    fields: Vec<&'a str>,
}

impl Record<'_> {
    fn num(&self, i: usize) -> f64 {
        self.fields[i]
            .parse()
            .unwrap_or_else(|_| panic!("line {}: bad number {:?}", self.line, self.fields[i]))
    }

    fn label(&self, i: usize) -> Label {
        Label::from_y(self.num(i)).expect("label is 0 or 1")
    }

    fn alpha(&self, i: usize) -> Option<f64> {
        match self.fields[i] {
            "none" => None,
            _ => Some(self.num(i)),
        }
    }
}

fn records(kind: &str) -> Vec<Record<'static>> {
    let out: Vec<Record<'static>> = REFERENCE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
        .filter_map(|(i, l)| {
            let mut it = l.split(',');
            (it.next() == Some(kind)).then(|| Record {
                line: i + 1,
                fields: it.collect(),
            })
        })
        .collect();
    assert!(!out.is_empty(), "no {kind} records in the reference");
    out
}

/// The worst error seen for one function, and every broken promise.
struct Tally {
    name: &'static str,
    points: usize,
    worst: f64,
    worst_at: String,
    failures: Vec<String>,
}

impl Tally {
    fn new(name: &'static str) -> Tally {
        Tally {
            name,
            points: 0,
            worst: 0.0,
            worst_at: String::new(),
            failures: Vec::new(),
        }
    }

    /// Checks `ours` against the reference `exact` under the contract above.
    fn check(&mut self, ours: f64, exact: f64, at: impl Fn() -> String) {
        self.points += 1;
        if exact.is_infinite() {
            if ours != exact {
                self.failures
                    .push(format!("{}: want {exact}, got {ours}", at()));
            }
        } else if exact.abs() < f64::MIN_POSITIVE {
            if !(ours.is_finite() && ours.abs() <= f64::MIN_POSITIVE) {
                self.failures.push(format!(
                    "{}: want {exact:e} (not normal), got {ours:e}",
                    at()
                ));
            }
        } else if !ours.is_finite() || ours == 0.0 {
            self.failures
                .push(format!("{}: want {exact:e}, got {ours:e}", at()));
        } else {
            self.relative(ours, exact, exact.abs(), at);
        }
    }

    /// Checks `|ours − exact| ≤ 1e-13 · scale`: the bound for a derivative
    /// that is a difference of terms, with `scale` the sum of their sizes.
    fn check_scaled(&mut self, ours: f64, exact: f64, scale: f64, at: impl Fn() -> String) {
        self.points += 1;
        if !ours.is_finite() {
            self.failures
                .push(format!("{}: want {exact:e}, got {ours:e}", at()));
        } else if scale >= f64::MIN_POSITIVE {
            self.relative(ours, exact, scale, at);
        } else if ours.abs() > f64::MIN_POSITIVE {
            self.failures.push(format!(
                "{}: want {exact:e} (not normal), got {ours:e}",
                at()
            ));
        }
    }

    fn relative(&mut self, ours: f64, exact: f64, scale: f64, at: impl Fn() -> String) {
        let rel = (ours - exact).abs() / scale;
        if rel > self.worst || self.worst_at.is_empty() {
            self.worst = rel;
            self.worst_at = at();
        }
        if rel.is_nan() || rel > MAX_REL_ERROR {
            self.failures.push(format!(
                "{}: want {exact:e}, got {ours:e} (relative error {rel:.3e})",
                at()
            ));
        }
    }

    fn finish(self) {
        eprintln!(
            "{:<34} {:>5} points, worst relative error {:.3e} at {}",
            self.name, self.points, self.worst, self.worst_at
        );
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} points break the contract, e.g.\n  {}",
            self.name,
            self.failures.len(),
            self.points,
            self.failures
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n  ")
        );
    }
}

#[test]
fn cross_entropy_of_a_logit_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("cross_entropy_logit");
    let mut grad = Tally::new("cross_entropy_logit_grad");
    for r in records("C") {
        let (x, y) = (r.num(0), r.label(1));
        let at = || format!("x = {x:e}, {y:?}");
        value.check(cross_entropy_logit(x, y), r.num(2), at);
        grad.check(cross_entropy_logit_grad(x, y), r.num(3), at);
        assert_eq!(
            Loss::CrossEntropy.value_logit(x, y),
            cross_entropy_logit(x, y)
        );
        assert_eq!(
            Loss::CrossEntropy.grad_logit(x, y),
            cross_entropy_logit_grad(x, y)
        );
    }
    value.finish();
    grad.finish();
}

#[test]
fn focal_loss_of_a_logit_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("focal_loss_logit");
    let mut grad = Tally::new("focal_loss_logit_grad");
    for r in records("F") {
        let (x, y, gamma, alpha) = (r.num(0), r.label(1), r.num(2), r.alpha(3));
        let at = || format!("x = {x:e}, {y:?}, γ = {gamma}, α = {alpha:?}");
        value.check(focal_loss_logit(x, y, gamma, alpha), r.num(4), at);
        grad.check(focal_loss_logit_grad(x, y, gamma, alpha), r.num(5), at);
        let loss = Loss::Focal { gamma, alpha };
        assert_eq!(loss.value_logit(x, y), focal_loss_logit(x, y, gamma, alpha));
        assert_eq!(
            loss.grad_logit(x, y),
            focal_loss_logit_grad(x, y, gamma, alpha)
        );
    }
    value.finish();
    grad.finish();
}

#[test]
fn focal_star_of_a_logit_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("focal_star_logit");
    let mut grad = Tally::new("focal_star_logit_grad");
    for r in records("S") {
        let (x, y, gamma, beta) = (r.num(0), r.label(1), r.num(2), r.num(3));
        let at = || format!("x = {x:e}, {y:?}, γ = {gamma}, β = {beta}");
        value.check(focal_star_logit(x, y, gamma, beta), r.num(4), at);
        grad.check(focal_star_logit_grad(x, y, gamma, beta), r.num(5), at);
        let loss = Loss::FocalStar { gamma, beta };
        assert_eq!(loss.value_logit(x, y), focal_star_logit(x, y, gamma, beta));
        assert_eq!(
            loss.grad_logit(x, y),
            focal_star_logit_grad(x, y, gamma, beta)
        );
    }
    value.finish();
    grad.finish();
}

#[test]
fn cross_entropy_of_a_probability_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("cross_entropy_prob");
    let mut grad = Tally::new("cross_entropy_prob_grad");
    for r in records("PC") {
        let (p, y) = (r.num(0), r.label(1));
        let at = || format!("p = {p:e}, {y:?}");
        value.check(cross_entropy_prob(p, y), r.num(2), at);
        grad.check(cross_entropy_prob_grad(p, y), r.num(3), at);
        assert_eq!(
            Loss::CrossEntropy.value_prob(p, y),
            cross_entropy_prob(p, y)
        );
        assert_eq!(
            Loss::CrossEntropy.grad_prob(p, y),
            cross_entropy_prob_grad(p, y)
        );
    }
    value.finish();
    grad.finish();
}

#[test]
fn focal_loss_of_a_probability_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("focal_loss_prob");
    let mut grad = Tally::new("focal_loss_prob_grad");
    for r in records("PF") {
        let (p, y, gamma, alpha) = (r.num(0), r.label(1), r.num(2), r.alpha(3));
        let at = || format!("p = {p:e}, {y:?}, γ = {gamma}, α = {alpha:?}");
        value.check(focal_loss_prob(p, y, gamma, alpha), r.num(4), at);
        grad.check(focal_loss_prob_grad(p, y, gamma, alpha), r.num(5), at);
        let loss = Loss::Focal { gamma, alpha };
        assert_eq!(loss.value_prob(p, y), focal_loss_prob(p, y, gamma, alpha));
        assert_eq!(
            loss.grad_prob(p, y),
            focal_loss_prob_grad(p, y, gamma, alpha)
        );
    }
    value.finish();
    grad.finish();
}

#[test]
fn focal_star_of_a_probability_and_its_derivative_are_exact_to_1e_13() {
    let mut value = Tally::new("focal_star_prob");
    let mut grad = Tally::new("focal_star_prob_grad");
    for r in records("PS") {
        let (p, y, gamma, beta) = (r.num(0), r.label(1), r.num(2), r.num(3));
        let at = || format!("p = {p:e}, {y:?}, γ = {gamma}, β = {beta}");
        value.check(focal_star_prob(p, y, gamma, beta), r.num(4), at);
        grad.check(focal_star_prob_grad(p, y, gamma, beta), r.num(5), at);
        let loss = Loss::FocalStar { gamma, beta };
        assert_eq!(loss.value_prob(p, y), focal_star_prob(p, y, gamma, beta));
        assert_eq!(
            loss.grad_prob(p, y),
            focal_star_prob_grad(p, y, gamma, beta)
        );
    }
    value.finish();
    grad.finish();
}

/// torchvision's element for a soft target. Its value is a product of sums of
/// non-negative terms and gets the full contract; its derivative is a sum of
/// terms of both signs and vanishes at the minimum, where σ(x) ≈ t, so its
/// error is measured against the size of those terms (and of the one rounding
/// of σ(x) that σ(x) − t cannot avoid) instead of its own.
#[test]
fn soft_target_element_is_exact_to_1e_13_and_its_derivative_to_1e_13_of_its_terms() {
    let mut value = Tally::new("sigmoid_focal_loss_elem");
    let mut grad = Tally::new("sigmoid_focal_loss_elem_grad (*)");
    for r in records("T") {
        let (x, t, gamma, alpha) = (r.num(0), r.num(1), r.num(2), r.alpha(3));
        let at = || format!("x = {x:e}, t = {t}, γ = {gamma}, α = {alpha:?}");
        value.check(sigmoid_focal_loss_elem(x, t, gamma, alpha), r.num(4), at);
        grad.check_scaled(
            sigmoid_focal_loss_elem_grad(x, t, gamma, alpha),
            r.num(5),
            r.num(6),
            at,
        );
    }
    value.finish();
    grad.finish();
    eprintln!(
        "(*) error relative to the sizes of the terms of the derivative, \
         including the rounding of σ(x) in σ(x) − t"
    );
}

#[test]
fn the_reference_covers_the_grid_the_issue_asks_for() {
    let xs: Vec<f64> = records("C").iter().map(|r| r.num(0)).collect();
    for x in [
        1e-300, -1e-300, 1e-10, -1e-10, 0.0, 30.0, -40.0, 700.0, -700.0,
    ] {
        assert!(xs.contains(&x), "logit {x:e} is missing");
    }
    assert!(xs.len() / 2 >= 150, "only {} logits", xs.len() / 2);
    let ps: Vec<f64> = records("PC").iter().map(|r| r.num(0)).collect();
    for p in [1e-300, 1e-17, 0.5, 0.9, 1.0 - f64::EPSILON / 2.0] {
        assert!(ps.contains(&p), "probability {p:e} is missing");
    }
    let gammas: Vec<f64> = records("F").iter().map(|r| r.num(2)).collect();
    for g in [
        0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.3, 10.0, 20.0,
    ] {
        assert!(gammas.contains(&g), "γ = {g} is missing");
    }
    // Every grid point, for both labels, is there with and without α.
    assert_eq!(records("F").len(), xs.len() * 12 * 2);
    assert_eq!(records("S").len(), xs.len() * 11 * 2);
    assert_eq!(records("PF").len(), ps.len() * 12 * 2);
    assert_eq!(records("PS").len(), ps.len() * 11 * 2);
}
