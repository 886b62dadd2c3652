//! Properties of the losses that hold for every input, checked on random ones.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::loss::{
    alpha_t, cross_entropy_logit, cross_entropy_logit_grad, cross_entropy_prob,
    cross_entropy_prob_grad, focal_loss_logit, focal_loss_logit_grad, focal_loss_prob,
    focal_loss_prob_grad, focal_star_logit, focal_star_logit_grad, focal_star_prob,
    focal_star_prob_grad, log_sigmoid, logit, modulating_factor_logit, modulating_factor_prob,
    sigmoid, sigmoid_focal_loss_elem, sigmoid_focal_loss_elem_grad, softplus, Label, Loss,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

const POS: Label = Label::Positive;
const NEG: Label = Label::Negative;

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_global_rejects: 4 * cases,
        // Failing inputs are printed; nothing is written next to the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

// ------------------------------------------------------------ strategies

fn label() -> impl Strategy<Value = Label> {
    prop_oneof![Just(POS), Just(NEG)]
}

/// γ in [0, 20], with the values where formulas change shape.
fn gamma() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..1.0,
        0.0..=20.0,
        Just(0.0),
        Just(0.5),
        Just(1.0),
        Just(2.0),
        Just(20.0)
    ]
}

/// γ in (0, 20], as FL* needs, down to tiny values.
fn positive_gamma() -> impl Strategy<Value = f64> {
    prop_oneof![1e-3..1.0, 1.0..=20.0, Just(1e-300), Just(1.0), Just(20.0)]
}

/// Unweighted, or α in [0, 1] with both ends.
fn alpha() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..=1.0).prop_map(Some),
        Just(Some(0.0)),
        Just(Some(1.0)),
        Just(Some(0.25))
    ]
}

/// Any finite double: both signs, normal, subnormal and zero, with extra
/// weight on the range where losses are neither 0 nor linear.
fn any_finite() -> impl Strategy<Value = f64> {
    use proptest::num::f64 as f;
    prop_oneof![
        -60.0..60.0,
        -1000.0..1000.0,
        f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
        Just(f64::MAX),
        Just(-f64::MAX),
    ]
}

/// A probability in [0, 1], with both tails at full resolution.
fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..=1.0,
        (-745.0..0.0f64).prop_map(f64::exp),
        (-37.0..0.0f64).prop_map(|u| 1.0 - u.exp()),
        Just(0.0),
        Just(1.0),
        Just(5e-324),
        Just(1.0 - f64::EPSILON / 2.0)
    ]
}

/// An interior probability, away from the last few doubles below 1, where
/// a central difference can still be taken.
fn interior_probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.001..0.999,
        (-27.0..-0.001f64).prop_map(f64::exp),
        (-20.0..-0.001f64).prop_map(|u| 1.0 - u.exp()),
    ]
}

/// A logit where a central difference resolves the derivative: |x| ≤ 100.
fn moderate_logit() -> impl Strategy<Value = f64> {
    prop_oneof![-5.0..5.0, -100.0..100.0]
}

fn beta() -> impl Strategy<Value = f64> {
    prop_oneof![-5.0..5.0, Just(0.0), Just(1.0), -1e3..1e3]
}

/// A target in [0, 1] on a grid of 2^-16, so 1 − t is exact.
fn dyadic_target() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..=65536).prop_map(|k| f64::from(k) / 65536.0),
        Just(0.0),
        Just(1.0)
    ]
}

/// α on a grid of 2^-8, so 1 − α is exact, or unweighted.
fn dyadic_alpha() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0u32..=256).prop_map(|k| Some(f64::from(k) / 256.0))
    ]
}

// ---------------------------------------------------------------- helpers

/// (f(x + h) − f(x − h)) / (2h), with the step that was really taken.
fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    let (lo, hi) = (x - h, x + h);
    (f(hi) - f(lo)) / (hi - lo)
}

fn rel_err(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        ((a - b) / b).abs()
    }
}

/// A difference quotient with step `h` resolves the derivative: no
/// underflow, and the change of the loss over the step, |grad|·h, is at least
/// 1e-8 of the loss, so its rounding (ε·|value|/h) stays below 3e-8 of it.
fn resolvable(value: f64, grad: f64, h: f64) -> bool {
    value.is_finite()
        && grad.is_finite()
        && value.abs() > 1e-250
        && grad.abs() > 1e-250
        && grad.abs() * h >= 1e-8 * value.abs()
}

/// The curves whose derivatives are checked, by name: each `Loss` is the
/// public pointwise functions (`focal_loss_logit_grad`, …) behind one match.
fn losses(gamma: f64, alpha: Option<f64>, star_gamma: f64, beta: f64) -> [(&'static str, Loss); 4] {
    [
        ("CE", Loss::CrossEntropy),
        ("FL", Loss::Focal { gamma, alpha }),
        (
            "FL*",
            Loss::FocalStar {
                gamma: star_gamma,
                beta,
            },
        ),
        ("modulating", Loss::Modulating { gamma, alpha }),
    ]
}

/// For each loss, `grad(loss, at)` agrees to 1e-5 with a central difference
/// of `value(loss, ·)` of step `h`, wherever that difference can resolve it.
fn gradients_match_central_differences(
    losses: &[(&'static str, Loss)],
    value: impl Fn(&Loss, f64) -> f64,
    grad: impl Fn(&Loss, f64) -> f64,
    at: f64,
    h: f64,
) -> Result<(), TestCaseError> {
    for (name, l) in losses {
        let (f, g) = (|u| value(l, u), grad(l, at));
        if !resolvable(f(at), g, h) {
            continue;
        }
        let fd = central_difference(f, at, h);
        prop_assert!(
            rel_err(fd, g) <= 1e-5,
            "{}: gradient {:e}, central difference {:e}",
            name,
            g,
            fd
        );
    }
    Ok(())
}

// ----------------------------------------------------- focal vs. CE

proptest! {
    #![proptest_config(config(2500))]

    #[test]
    fn focal_loss_never_exceeds_cross_entropy_when_unweighted(
        x in any_finite(), p in probability(), y in label(), gamma in gamma()
    ) {
        prop_assert!(focal_loss_logit(x, y, gamma, None) <= cross_entropy_logit(x, y));
        prop_assert!(focal_loss_prob(p, y, gamma, None) <= cross_entropy_prob(p, y));
    }

    #[test]
    fn focal_over_cross_entropy_is_alpha_t_times_one_minus_pt_to_the_gamma(
        x in any_finite(), y in label(), gamma in gamma(), alpha in alpha()
    ) {
        let ce = cross_entropy_logit(x, y);
        let fl = focal_loss_logit(x, y, gamma, alpha);
        prop_assume!(ce.is_normal() && fl.is_normal());
        // ln(1 − pt) = ln σ(−xt) = log_sigmoid(−xt): a different route from
        // the power of σ(−xt) in the loss. exp() turns the rounding of its
        // argument w into a relative error of about |w|·ε.
        let w = gamma * log_sigmoid(-y.logit_t(x));
        let want = alpha_t(alpha, y) * w.exp();
        let tol = 1e-15 * (8.0 + 2.0 * w.abs());
        prop_assert!(rel_err(fl / ce, want) <= tol, "FL/CE = {} want {}", fl / ce, want);
        let m = modulating_factor_logit(x, y, gamma);
        prop_assert!(rel_err(m, w.exp()) <= tol, "(1 − pt)^γ = {} want {}", m, w.exp());
    }

    #[test]
    fn focal_over_cross_entropy_of_a_probability_is_alpha_t_times_one_minus_pt_to_the_gamma(
        p in probability(), y in label(), gamma in gamma(), alpha in alpha()
    ) {
        let ce = cross_entropy_prob(p, y);
        let fl = focal_loss_prob(p, y, gamma, alpha);
        prop_assume!(ce.is_normal() && fl.is_normal());
        let miss = match y { Label::Positive => 1.0 - p, Label::Negative => p };
        let w = gamma * miss.ln();
        let want = alpha_t(alpha, y) * w.exp();
        let tol = 1e-15 * (8.0 + 2.0 * w.abs());
        prop_assert!(rel_err(fl / ce, want) <= tol, "FL/CE = {} want {}", fl / ce, want);
        let m = modulating_factor_prob(p, y, gamma);
        prop_assert!(rel_err(m, w.exp()) <= tol, "(1 − pt)^γ = {} want {}", m, w.exp());
    }
}

// ------------------------------------------ derivatives vs. differences

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn logit_gradients_match_a_central_difference(
        x in moderate_logit(), y in label(), gamma in gamma(), alpha in alpha(),
        star_gamma in positive_gamma().prop_filter("resolvable", |g| *g >= 1e-3), beta in -5.0..5.0f64
    ) {
        let h = 1e-6 * x.abs().max(1.0);
        gradients_match_central_differences(
            &losses(gamma, alpha, star_gamma, beta),
            |l, u| l.value_logit(u, y),
            |l, u| l.grad_logit(u, y),
            x,
            h,
        )?;
    }

    #[test]
    fn probability_gradients_match_a_central_difference(
        p in interior_probability(), y in label(), gamma in gamma(), alpha in alpha(),
        star_gamma in 1e-3..=20.0f64, beta in -5.0..5.0f64
    ) {
        // A step well inside (0, 1): relative to the distance to either end.
        let h = 1e-6 * p.min(1.0 - p);
        gradients_match_central_differences(
            &losses(gamma, alpha, star_gamma, beta),
            |l, u| l.value_prob(u, y),
            |l, u| l.grad_prob(u, y),
            p,
            h,
        )?;
    }

    #[test]
    fn soft_target_gradient_matches_a_central_difference(
        x in -50.0..50.0f64, t in 0.0..1.0f64, gamma in gamma(), alpha in alpha()
    ) {
        prop_assume!(t > 0.0);
        let f = |u| sigmoid_focal_loss_elem(u, t, gamma, alpha);
        let grad = sigmoid_focal_loss_elem_grad(x, t, gamma, alpha);
        let fd = central_difference(f, x, 1e-6 * x.abs().max(1.0));
        // The derivative has a root where σ(x) meets t: there the difference
        // quotient's own rounding (≈ 1e-10 of the loss) is the yardstick.
        let tol = 1e-5 * grad.abs() + 1e-8 * f(x).abs();
        prop_assert!((fd - grad).abs() <= tol, "gradient {:e}, central difference {:e}", grad, fd);
    }
}

// ------------------------------------------------------------- symmetry

proptest! {
    #![proptest_config(config(2500))]

    #[test]
    fn swapping_the_label_and_the_sign_of_the_logit_changes_nothing(
        x in any_finite(), gamma in gamma(), star_gamma in positive_gamma(), beta in beta()
    ) {
        prop_assert_eq!(cross_entropy_logit(x, POS), cross_entropy_logit(-x, NEG));
        prop_assert_eq!(cross_entropy_logit_grad(x, POS), -cross_entropy_logit_grad(-x, NEG));
        prop_assert_eq!(focal_loss_logit(x, POS, gamma, None), focal_loss_logit(-x, NEG, gamma, None));
        prop_assert_eq!(
            focal_loss_logit_grad(x, POS, gamma, None),
            -focal_loss_logit_grad(-x, NEG, gamma, None)
        );
        prop_assert_eq!(
            focal_star_logit(x, POS, star_gamma, beta),
            focal_star_logit(-x, NEG, star_gamma, beta)
        );
        prop_assert_eq!(
            focal_star_logit_grad(x, POS, star_gamma, beta),
            -focal_star_logit_grad(-x, NEG, star_gamma, beta)
        );
        prop_assert_eq!(modulating_factor_logit(x, POS, gamma), modulating_factor_logit(-x, NEG, gamma));
    }

    #[test]
    fn swapping_the_label_and_alpha_for_one_minus_alpha_changes_nothing(
        x in any_finite(), gamma in gamma(), b in 0.0..=1.0f64
    ) {
        // With a = 1 − b, both sides weigh by the same double 1 − b.
        let a = 1.0 - b;
        prop_assert_eq!(focal_loss_logit(x, NEG, gamma, Some(b)), focal_loss_logit(-x, POS, gamma, Some(a)));
        prop_assert_eq!(
            focal_loss_logit_grad(x, NEG, gamma, Some(b)),
            -focal_loss_logit_grad(-x, POS, gamma, Some(a))
        );
    }

    #[test]
    fn swapping_the_label_and_p_for_one_minus_p_changes_nothing_but_rounding(
        k in 1u64..(1 << 40), gamma in gamma(), alpha in dyadic_alpha()
    ) {
        // p on a grid of 2^-40, so 1 − p is exact; ln p and log1p(−(1 − p))
        // are different roundings of the same number.
        let p = k as f64 / (1u64 << 40) as f64;
        let q = 1.0 - p;
        let swapped = alpha.map(|a| 1.0 - a);
        let tol = 4.0 * f64::EPSILON * (1.0 + gamma);
        let (a, b) = (focal_loss_prob(p, POS, gamma, alpha), focal_loss_prob(q, NEG, gamma, swapped));
        prop_assert!(rel_err(a, b) <= tol, "FL {:e} vs {:e}", a, b);
        let (a, b) = (focal_loss_prob_grad(p, POS, gamma, alpha), -focal_loss_prob_grad(q, NEG, gamma, swapped));
        prop_assert!(rel_err(a, b) <= tol, "dFL/dp {:e} vs {:e}", a, b);
    }

    #[test]
    fn a_soft_target_t_at_logit_x_is_target_one_minus_t_at_logit_minus_x(
        x in any_finite(), t in dyadic_target(), gamma in gamma(), alpha in dyadic_alpha()
    ) {
        // torchvision's element for the batch entry (x, t) equals the one for
        // (−x, 1 − t) with α swapped for 1 − α. On dyadic grids every
        // complement is exact, so the values agree to the bit.
        let swapped = alpha.map(|a| 1.0 - a);
        let v = sigmoid_focal_loss_elem(x, t, gamma, alpha);
        prop_assert_eq!(v, sigmoid_focal_loss_elem(-x, 1.0 - t, gamma, swapped));
        let g = sigmoid_focal_loss_elem_grad(x, t, gamma, alpha);
        let g_swapped = -sigmoid_focal_loss_elem_grad(-x, 1.0 - t, gamma, swapped);
        // The derivative multiplies the same factors in another order; its
        // focusing term is at most 2γ times the loss.
        let tol = 8.0 * f64::EPSILON * (g.abs() + (1.0 + 2.0 * gamma) * v.abs());
        prop_assert!((g - g_swapped).abs() <= tol, "{:e} vs {:e}", g, g_swapped);
    }
}

// ------------------------------------------------------------- soft targets

proptest! {
    #![proptest_config(config(2500))]

    #[test]
    fn soft_target_element_at_a_hard_target_is_the_focal_loss(
        x in any_finite(), hard in prop::bool::ANY, gamma in gamma(), alpha in alpha()
    ) {
        let (t, y) = if hard { (1.0, POS) } else { (0.0, NEG) };
        prop_assert_eq!(sigmoid_focal_loss_elem(x, t, gamma, alpha), focal_loss_logit(x, y, gamma, alpha));
        prop_assert_eq!(
            sigmoid_focal_loss_elem_grad(x, t, gamma, alpha),
            focal_loss_logit_grad(x, y, gamma, alpha)
        );
    }

    #[test]
    fn soft_target_element_is_continuous_towards_a_hard_target(
        x in -30.0..30.0f64, gamma in gamma(), alpha in alpha()
    ) {
        // t = 1 − 2^-40 is as good as 1 for the loss, to ~1e-12 × its size.
        let t = 1.0 - 2f64.powi(-40);
        let soft = sigmoid_focal_loss_elem(x, t, gamma, alpha);
        let hard = focal_loss_logit(x, POS, gamma, alpha);
        // Both cross-entropy terms, CE(x, 1) and CE(x, 0), bound the change.
        let scale = cross_entropy_logit(x, POS) + cross_entropy_logit(x, NEG);
        prop_assert!((soft - hard).abs() <= 1e-10 * scale, "{:e} vs {:e}", soft, hard);
    }
}

// ---------------------------------------------------------------- no NaN

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn no_logit_function_returns_nan_for_any_finite_input(
        x in prop_oneof![any_finite(), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        y in label(), gamma in gamma(), alpha in alpha(),
        star_gamma in positive_gamma(), beta in prop_oneof![beta(), any_finite()]
    ) {
        let losses = [
            Loss::CrossEntropy,
            Loss::Focal { gamma, alpha },
            Loss::FocalStar { gamma: star_gamma, beta },
            Loss::Modulating { gamma, alpha },
        ];
        let values = [
            sigmoid(x),
            softplus(x),
            log_sigmoid(x),
            cross_entropy_logit(x, y),
            cross_entropy_logit_grad(x, y),
            focal_loss_logit(x, y, gamma, alpha),
            focal_loss_logit_grad(x, y, gamma, alpha),
            modulating_factor_logit(x, y, gamma),
            focal_star_logit(x, y, star_gamma, beta),
            focal_star_logit_grad(x, y, star_gamma, beta),
        ];
        for (i, v) in values.iter().enumerate() {
            prop_assert!(!v.is_nan(), "function #{} gave NaN", i);
        }
        for loss in losses {
            prop_assert!(!loss.value_logit(x, y).is_nan(), "{:?} value", loss);
            prop_assert!(!loss.grad_logit(x, y).is_nan(), "{:?} gradient", loss);
        }
    }

    #[test]
    fn no_probability_function_returns_nan_for_any_probability(
        p in probability(), y in label(), gamma in gamma(), alpha in alpha(),
        star_gamma in positive_gamma(), beta in prop_oneof![beta(), any_finite()]
    ) {
        let losses = [
            Loss::CrossEntropy,
            Loss::Focal { gamma, alpha },
            Loss::FocalStar { gamma: star_gamma, beta },
            Loss::Modulating { gamma, alpha },
        ];
        let values = [
            logit(p),
            cross_entropy_prob(p, y),
            cross_entropy_prob_grad(p, y),
            focal_loss_prob(p, y, gamma, alpha),
            focal_loss_prob_grad(p, y, gamma, alpha),
            modulating_factor_prob(p, y, gamma),
            focal_star_prob(p, y, star_gamma, beta),
            focal_star_prob_grad(p, y, star_gamma, beta),
        ];
        for (i, v) in values.iter().enumerate() {
            prop_assert!(!v.is_nan(), "function #{} gave NaN", i);
        }
        for loss in losses {
            prop_assert!(!loss.value_prob(p, y).is_nan(), "{:?} value", loss);
            prop_assert!(!loss.grad_prob(p, y).is_nan(), "{:?} gradient", loss);
        }
    }

    #[test]
    fn soft_target_element_never_returns_nan(
        x in prop_oneof![any_finite(), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        t in prop_oneof![0.0..=1.0, probability(), Just(5e-324), Just(1e-320)],
        gamma in gamma(), alpha in alpha()
    ) {
        prop_assert!(!sigmoid_focal_loss_elem(x, t, gamma, alpha).is_nan());
        prop_assert!(!sigmoid_focal_loss_elem_grad(x, t, gamma, alpha).is_nan());
    }
}
