//! Named edge cases of the losses, and published test vectors.
//!
//! Every "exact" number below is the value of the mathematical function at the
//! very double written in the test, computed by `tools/reference.py --vectors`
//! with mpmath and pasted here with 50 significant digits (parsed at run time,
//! so the test reads the same digits as the script printed). Our results must
//! match those to 1e-13 relative; where a library's own printed output is
//! quoted, the agreement asked for is looser (1e-5), since those libraries
//! work in float32 and clip probabilities.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::loss::{
    alpha_t, cross_entropy_logit, cross_entropy_logit_grad, cross_entropy_prob,
    cross_entropy_prob_grad, focal_loss_logit, focal_loss_logit_grad, focal_loss_prob,
    focal_loss_prob_grad, focal_star_logit, focal_star_logit_grad, focal_star_prob,
    focal_star_prob_grad, log_sigmoid, logit, modulating_factor_logit, modulating_factor_prob,
    sigmoid, sigmoid_focal_loss_elem, sigmoid_focal_loss_elem_grad, softplus, Label, Loss,
};
use std::f64::consts::LN_2;

const POS: Label = Label::Positive;
const NEG: Label = Label::Negative;

/// The accuracy promised against an exact value.
const EXACT: f64 = 1e-13;

/// A number printed by `tools/reference.py`, as the nearest double.
fn exact(digits: &str) -> f64 {
    digits.parse().expect("a decimal number")
}

fn rel_err(ours: f64, want: f64) -> f64 {
    if ours == want {
        0.0
    } else {
        ((ours - want) / want).abs()
    }
}

#[track_caller]
fn assert_rel(ours: f64, want: f64, tol: f64, what: &str) {
    let rel = rel_err(ours, want);
    assert!(
        rel <= tol,
        "{what}: got {ours:e}, want {want:e} (relative error {rel:e} > {tol:e})"
    );
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

const GAMMAS: [f64; 9] = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 5.0, 20.0];
const ALPHAS: [Option<f64>; 5] = [None, Some(0.0), Some(0.25), Some(0.75), Some(1.0)];

/// Logits from 0 to beyond every threshold, with both signs and both zeros.
fn many_logits() -> Vec<f64> {
    let mut xs: Vec<f64> = (-200..=200).map(|i| f64::from(i) * 0.37).collect();
    for v in [
        0.0,
        1e-300,
        1e-10,
        30.0,
        36.7,
        37.0,
        40.0,
        700.0,
        709.0,
        745.0,
        800.0,
        1e10,
        1e308,
        f64::MAX,
        f64::INFINITY,
    ] {
        xs.push(v);
        xs.push(-v);
    }
    xs
}

/// Probabilities from 0 to 1, both ends included.
fn many_probs() -> Vec<f64> {
    let mut ps: Vec<f64> = (0..=64).map(|i| f64::from(i) / 64.0).collect();
    ps.extend([
        5e-324,
        1e-300,
        1e-17,
        1e-6,
        0.1,
        0.9,
        1.0 - 1e-6,
        1.0 - f64::EPSILON,
        1.0 - f64::EPSILON / 2.0,
    ]);
    ps
}

// ------------------------------------------------- probabilities 0 and 1

#[test]
fn cross_entropy_is_infinite_where_the_true_class_has_probability_zero() {
    assert_eq!(cross_entropy_prob(0.0, POS), f64::INFINITY);
    assert_eq!(cross_entropy_prob(1.0, NEG), f64::INFINITY);
}

#[test]
fn cross_entropy_is_zero_where_the_true_class_is_certain() {
    assert_eq!(cross_entropy_prob(1.0, POS), 0.0);
    assert_eq!(cross_entropy_prob(0.0, NEG), 0.0);
}

#[test]
fn cross_entropy_gradient_at_p_0_and_1_is_the_true_one_sided_limit() {
    // d/dp of −ln p is −1/p; of −ln(1 − p) it is 1/(1 − p).
    assert_eq!(cross_entropy_prob_grad(0.0, POS), f64::NEG_INFINITY);
    assert_eq!(cross_entropy_prob_grad(1.0, POS), -1.0);
    assert_eq!(cross_entropy_prob_grad(0.0, NEG), 1.0);
    assert_eq!(cross_entropy_prob_grad(1.0, NEG), f64::INFINITY);
}

#[test]
fn focal_loss_at_p_0_and_1_is_infinite_exactly_where_the_true_value_is() {
    for gamma in GAMMAS {
        for alpha in ALPHAS {
            let w_pos = alpha_t(alpha, POS);
            let w_neg = alpha_t(alpha, NEG);
            let what = format!("γ = {gamma}, α = {alpha:?}");
            // The sure miss: −αt · 1 · log 0 is +∞, unless αt = 0 makes it 0.
            let want_pos = if w_pos == 0.0 { 0.0 } else { f64::INFINITY };
            let want_neg = if w_neg == 0.0 { 0.0 } else { f64::INFINITY };
            assert_eq!(focal_loss_prob(0.0, POS, gamma, alpha), want_pos, "{what}");
            assert_eq!(focal_loss_prob(1.0, NEG, gamma, alpha), want_neg, "{what}");
            // The sure hit: −αt (1 − 1)^γ log 1 = 0, also for γ = 0.
            assert_eq!(focal_loss_prob(1.0, POS, gamma, alpha), 0.0, "{what}");
            assert_eq!(focal_loss_prob(0.0, NEG, gamma, alpha), 0.0, "{what}");
        }
    }
}

#[test]
fn focal_loss_gradient_at_p_0_and_1_is_finite_where_the_true_limit_is() {
    for gamma in GAMMAS {
        for alpha in ALPHAS {
            let what = format!("γ = {gamma}, α = {alpha:?}");
            let w_pos = alpha_t(alpha, POS);
            let w_neg = alpha_t(alpha, NEG);
            // At the sure hit the limit is −αt/pt = −αt for γ = 0, and 0 for
            // γ > 0 (even γ < 1, where (1 − pt)^(γ−1) alone is infinite).
            let hit_pos = if gamma == 0.0 { -w_pos } else { 0.0 };
            let hit_neg = if gamma == 0.0 { w_neg } else { 0.0 };
            assert_eq!(
                focal_loss_prob_grad(1.0, POS, gamma, alpha),
                hit_pos,
                "{what}"
            );
            assert_eq!(
                focal_loss_prob_grad(0.0, NEG, gamma, alpha),
                hit_neg,
                "{what}"
            );
            // At the sure miss the slope is infinite (0 with a zero weight).
            let miss_pos = if w_pos == 0.0 { 0.0 } else { f64::NEG_INFINITY };
            let miss_neg = if w_neg == 0.0 { 0.0 } else { f64::INFINITY };
            assert_eq!(
                focal_loss_prob_grad(0.0, POS, gamma, alpha),
                miss_pos,
                "{what}"
            );
            assert_eq!(
                focal_loss_prob_grad(1.0, NEG, gamma, alpha),
                miss_neg,
                "{what}"
            );
        }
    }
}

#[test]
fn focal_star_at_p_0_and_1_takes_the_true_limits() {
    for gamma in [0.25, 0.5, 1.0, 2.0, 5.0] {
        for beta in [-1.0, 0.0, 1.0] {
            let what = format!("γ = {gamma}, β = {beta}");
            assert_eq!(
                focal_star_prob(0.0, POS, gamma, beta),
                f64::INFINITY,
                "{what}"
            );
            assert_eq!(
                focal_star_prob(1.0, NEG, gamma, beta),
                f64::INFINITY,
                "{what}"
            );
            assert_eq!(focal_star_prob(1.0, POS, gamma, beta), 0.0, "{what}");
            assert_eq!(focal_star_prob(0.0, NEG, gamma, beta), 0.0, "{what}");
            // Near pt = 1, 1 − pt* ≈ e^−β (1 − pt)^γ: the slope tends to 0 for
            // γ > 1, to −e^−β for γ = 1 and to −∞ for γ < 1.
            let hit = if gamma > 1.0 {
                0.0
            } else if gamma == 1.0 {
                -(-beta).exp()
            } else {
                f64::NEG_INFINITY
            };
            assert_eq!(focal_star_prob_grad(1.0, POS, gamma, beta), hit, "{what}");
            assert_eq!(focal_star_prob_grad(0.0, NEG, gamma, beta), -hit, "{what}");
            assert_eq!(
                focal_star_prob_grad(0.0, POS, gamma, beta),
                f64::NEG_INFINITY,
                "{what}"
            );
            assert_eq!(
                focal_star_prob_grad(1.0, NEG, gamma, beta),
                f64::INFINITY,
                "{what}"
            );
        }
    }
}

#[test]
fn alpha_zero_with_a_positive_label_at_p_zero_gives_zero_not_nan() {
    for gamma in GAMMAS {
        assert_eq!(focal_loss_prob(0.0, POS, gamma, Some(0.0)), 0.0);
        assert_eq!(focal_loss_prob_grad(0.0, POS, gamma, Some(0.0)), 0.0);
        assert_eq!(
            focal_loss_logit(f64::NEG_INFINITY, POS, gamma, Some(0.0)),
            0.0
        );
        assert_eq!(
            focal_loss_logit_grad(f64::NEG_INFINITY, POS, gamma, Some(0.0)),
            0.0
        );
        // The mirror image: α = 1 weighs negatives by 0.
        assert_eq!(focal_loss_prob(1.0, NEG, gamma, Some(1.0)), 0.0);
        assert_eq!(focal_loss_prob_grad(1.0, NEG, gamma, Some(1.0)), 0.0);
        assert_eq!(focal_loss_logit(f64::INFINITY, NEG, gamma, Some(1.0)), 0.0);
    }
}

#[test]
fn modulating_curve_with_zero_weight_has_zero_slope_at_the_end_points_not_nan() {
    // (1 − pt)^(γ−1) is infinite at pt = 1 for γ < 1; a weight of 0 wins.
    let curve = Loss::Modulating {
        gamma: 0.5,
        alpha: Some(0.0),
    };
    assert_eq!(curve.grad_prob(1.0, POS), 0.0);
    assert_eq!(curve.value_prob(1.0, POS), 0.0);
    let unweighted = Loss::Modulating {
        gamma: 0.5,
        alpha: None,
    };
    assert_eq!(unweighted.grad_prob(1.0, POS), f64::NEG_INFINITY);
    assert_eq!(unweighted.grad_prob(0.0, NEG), f64::INFINITY);
}

// ------------------------------------------------------------- logits

#[test]
fn logits_of_plus_minus_1e_300_are_the_losses_at_one_half() {
    for x in [1e-300, -1e-300, 0.0, -0.0] {
        for y in [POS, NEG] {
            assert_eq!(cross_entropy_logit(x, y), LN_2);
            assert_eq!(cross_entropy_logit_grad(x, y), -0.5 * y.sign());
            // (1/2)^2 · ln 2, exactly.
            assert_eq!(focal_loss_logit(x, y, 2.0, None), 0.25 * LN_2);
            // −(1/2)^2 (2 · ½ ln 2 + ½) y
            let g = -0.25 * (LN_2 + 0.5) * y.sign();
            assert_rel(
                focal_loss_logit_grad(x, y, 2.0, None),
                g,
                1e-15,
                "dFL/dx at 0",
            );
            assert_eq!(focal_star_logit(x, y, 1.0, 0.0), LN_2);
        }
    }
    assert_eq!(sigmoid(1e-300), 0.5);
    assert_eq!(softplus(-1e-300), LN_2);
    assert_eq!(log_sigmoid(1e-300), -LN_2);
}

#[test]
fn focal_loss_beyond_logit_37_keeps_full_accuracy_where_float_pipelines_return_zero() {
    // torchvision computes 1 − pt as 1 − σ(x), which is exactly 0 in f64 once
    // σ(x) rounds to 1 (x ≳ 36.7), and its loss and gradient vanish there.
    let naive = |x: f64| (1.0 - sigmoid(x)).powi(2) * cross_entropy_logit(x, POS);
    assert_eq!(naive(40.0), 0.0, "the naive formula really does flush");
    let cases = [
        (
            30.0,
            "8.1940126239885985183426780243946603420813489319031e-40",
            "-2.4582037871963878643009604195117523481603216176741e-39",
        ),
        (
            37.0,
            "6.2131595868481075111948876840499957846657609197255e-49",
            "-1.8639478760544321208154996529069482755791793402513e-48",
        ),
        (
            38.0,
            "3.0933500113085606002218381681689601633780428851499e-50",
            "-9.280050033925681557904603059985741282062015785949e-50",
        ),
        (
            40.0,
            "7.6676480737219995509969950700877967222407129545414e-53",
            "-2.300294422116599857155377190507535980631151522848e-52",
        ),
        (
            100.0,
            "5.148200222412013781154861921067130998134997745652e-131",
            "-1.5444600667236041343464585763201392994404992758163e-130",
        ),
    ];
    for (x, value, grad) in cases {
        let what = format!("x = {x}");
        assert_rel(
            focal_loss_logit(x, POS, 2.0, None),
            exact(value),
            EXACT,
            &what,
        );
        assert_rel(
            focal_loss_logit_grad(x, POS, 2.0, None),
            exact(grad),
            EXACT,
            &what,
        );
        // The mirror image, and torchvision's own element at a hard target.
        assert_rel(
            focal_loss_logit(-x, NEG, 2.0, None),
            exact(value),
            EXACT,
            &what,
        );
        assert_rel(
            sigmoid_focal_loss_elem(x, 1.0, 2.0, None),
            exact(value),
            EXACT,
            &what,
        );
        assert_rel(
            sigmoid_focal_loss_elem(-x, 0.0, 2.0, None),
            exact(value),
            EXACT,
            &what,
        );
        assert_rel(
            sigmoid_focal_loss_elem_grad(x, 1.0, 2.0, None),
            exact(grad),
            EXACT,
            &what,
        );
    }
}

#[test]
fn logits_of_plus_minus_700_give_exponentially_small_and_linear_losses() {
    // CE(700, y = 1) = ln(1 + e^−700) = e^−700 (1 − e^−700/2 + …).
    let e700 = exact("9.8596765437597708567053729478494651051156001814009e-305");
    assert_rel(cross_entropy_logit(700.0, POS), e700, EXACT, "CE(700, 1)");
    assert_rel(cross_entropy_logit(-700.0, NEG), e700, EXACT, "CE(-700, 0)");
    assert_rel(
        cross_entropy_logit_grad(700.0, POS),
        -e700,
        EXACT,
        "dCE(700, 1)",
    );
    // CE(−700, y = 1) = 700 + ln(1 + e^−700), which is 700 in f64.
    assert_eq!(cross_entropy_logit(-700.0, POS), 700.0);
    assert_eq!(cross_entropy_logit_grad(-700.0, POS), -1.0);
    for gamma in GAMMAS {
        // (1 − pt)^γ = (1 − e^−700)^γ rounds to 1.
        assert_eq!(focal_loss_logit(-700.0, POS, gamma, None), 700.0);
        assert_eq!(focal_loss_logit_grad(-700.0, POS, gamma, None), -1.0);
        // e^−700(γ+1): normal for γ = 0, below the subnormals for γ ≥ 0.1.
        let v = focal_loss_logit(700.0, POS, gamma, None);
        assert!(v.is_finite() && v >= 0.0, "γ = {gamma}: {v}");
    }
    assert_eq!(
        focal_loss_logit(700.0, POS, 0.0, None),
        cross_entropy_logit(700.0, POS)
    );
}

#[test]
fn logits_of_plus_minus_1e308_and_the_largest_double_give_finite_linear_losses() {
    for x in [1e308, f64::MAX] {
        assert_eq!(cross_entropy_logit(-x, POS), x);
        assert_eq!(cross_entropy_logit(x, NEG), x);
        assert_eq!(cross_entropy_logit(x, POS), 0.0);
        assert_eq!(cross_entropy_logit_grad(-x, POS), -1.0);
        assert_eq!(cross_entropy_logit_grad(x, NEG), 1.0);
        for gamma in GAMMAS {
            assert_eq!(focal_loss_logit(-x, POS, gamma, None), x, "γ = {gamma}");
            assert_eq!(focal_loss_logit(x, POS, gamma, None), 0.0, "γ = {gamma}");
            assert_eq!(
                focal_loss_logit_grad(-x, POS, gamma, None),
                -1.0,
                "γ = {gamma}"
            );
            assert_eq!(
                focal_loss_logit_grad(x, POS, gamma, None),
                0.0,
                "γ = {gamma}"
            );
        }
    }
    // FL* = −log σ(γ xt + β)/γ = −xt − β/γ even where γ·xt overflows.
    let want = exact("1.0000000000000000109790636294404554174049230967731e+308");
    assert_rel(
        focal_star_logit(1e308, NEG, 20.0, 1.0),
        want,
        EXACT,
        "FL*(1e308)",
    );
    assert_eq!(focal_star_logit(f64::MAX, NEG, 2.0, 0.0), f64::MAX);
    assert_eq!(focal_star_logit(1e308, POS, 20.0, 1.0), 0.0);
    assert_eq!(focal_star_logit_grad(1e308, NEG, 20.0, 1.0), 1.0);
    assert_eq!(focal_star_logit_grad(1e308, POS, 20.0, 1.0), 0.0);
}

#[test]
fn infinite_logits_give_the_limits_of_every_logit_function() {
    let inf = f64::INFINITY;
    assert_eq!(sigmoid(inf), 1.0);
    assert_eq!(sigmoid(-inf), 0.0);
    assert_eq!(softplus(inf), inf);
    assert_eq!(softplus(-inf), 0.0);
    assert_eq!(log_sigmoid(-inf), -inf);
    assert_eq!(log_sigmoid(inf), 0.0);
    assert_eq!(logit(0.0), -inf);
    assert_eq!(logit(1.0), inf);
    for (x, y) in [(inf, POS), (-inf, NEG)] {
        // A sure hit.
        assert_eq!(cross_entropy_logit(x, y), 0.0);
        assert_eq!(cross_entropy_logit_grad(x, y), 0.0);
        for gamma in GAMMAS {
            assert_eq!(focal_loss_logit(x, y, gamma, None), 0.0);
            assert_eq!(focal_loss_logit_grad(x, y, gamma, None), 0.0);
            let m = if gamma == 0.0 { 1.0 } else { 0.0 };
            assert_eq!(modulating_factor_logit(x, y, gamma), m);
            if gamma > 0.0 {
                assert_eq!(focal_star_logit(x, y, gamma, 1.0), 0.0);
                assert_eq!(focal_star_logit_grad(x, y, gamma, 1.0), 0.0);
            }
        }
    }
    for (x, y) in [(-inf, POS), (inf, NEG)] {
        // A sure miss: infinite loss, slope −y (the slope of −xt).
        assert_eq!(cross_entropy_logit(x, y), inf);
        assert_eq!(cross_entropy_logit_grad(x, y), -y.sign());
        for gamma in GAMMAS {
            assert_eq!(focal_loss_logit(x, y, gamma, None), inf);
            assert_eq!(focal_loss_logit_grad(x, y, gamma, None), -y.sign());
            assert_eq!(
                focal_loss_logit_grad(x, y, gamma, Some(0.25)),
                -y.sign() * alpha_t(Some(0.25), y)
            );
            assert_eq!(modulating_factor_logit(x, y, gamma), 1.0);
            if gamma > 0.0 {
                assert_eq!(focal_star_logit(x, y, gamma, 1.0), inf);
                assert_eq!(focal_star_logit_grad(x, y, gamma, 1.0), -y.sign());
            }
        }
    }
}

#[test]
fn modulating_factor_with_gamma_below_one_survives_a_subnormal_sigmoid() {
    // σ(−720) is subnormal and σ(−800) is 0 in f64, but their square roots
    // are ordinary numbers.
    let cases = [
        (
            720.0,
            "4.5080270656067418434297046528024390567943031632016e-157",
        ),
        (
            800.0,
            "1.9151695967140056950198397786542643507420927762224e-174",
        ),
        (
            1400.0,
            "9.8596765437597708567053729478494651051156001814009e-305",
        ),
    ];
    for (x, want) in cases {
        let what = format!("x = {x}");
        assert_rel(
            modulating_factor_logit(x, POS, 0.5),
            exact(want),
            EXACT,
            &what,
        );
        let curve = Loss::Modulating {
            gamma: 0.5,
            alpha: None,
        };
        assert_rel(curve.value_logit(-x, NEG), exact(want), EXACT, &what);
    }
}

#[test]
fn focal_star_with_gamma_below_one_is_exact_where_e_to_the_minus_z_is_subnormal() {
    // z = 0.1 · 7090 ≈ 709: e^−z = 8.2e-309 is subnormal, e^−z/γ is not.
    let want = exact("1.2167807506233751086372478417132453417569983154821e-307");
    assert_rel(focal_star_logit(7090.0, POS, 0.1, 0.0), want, EXACT, "FL*");
}

// ------------------------------------------------------ special parameters

#[test]
fn gamma_zero_unweighted_is_cross_entropy_bit_for_bit() {
    for x in many_logits() {
        for y in [POS, NEG] {
            assert_eq!(
                focal_loss_logit(x, y, 0.0, None).to_bits(),
                cross_entropy_logit(x, y).to_bits(),
                "x = {x:e}, {y:?}"
            );
            assert_eq!(
                focal_loss_logit_grad(x, y, 0.0, None),
                cross_entropy_logit_grad(x, y),
                "x = {x:e}, {y:?}"
            );
            assert_eq!(modulating_factor_logit(x, y, 0.0), 1.0);
        }
    }
    for p in many_probs() {
        assert_eq!(
            focal_loss_prob(p, POS, 0.0, None),
            cross_entropy_prob(p, POS)
        );
        assert_eq!(
            focal_loss_prob(p, NEG, 0.0, None),
            cross_entropy_prob(p, NEG)
        );
        assert_eq!(cross_entropy_prob(p, POS), -p.ln(), "p = {p:e}");
        assert_eq!(cross_entropy_prob(p, NEG), -(-p).ln_1p(), "p = {p:e}");
        // The textbook derivatives, bit for bit, including ±∞ at the ends.
        assert_eq!(
            focal_loss_prob_grad(p, POS, 0.0, None),
            -1.0 / p,
            "p = {p:e}"
        );
        assert_eq!(
            focal_loss_prob_grad(p, NEG, 0.0, None),
            1.0 / (1.0 - p),
            "p = {p:e}"
        );
        assert_eq!(cross_entropy_prob_grad(p, POS), -1.0 / p, "p = {p:e}");
        assert_eq!(
            cross_entropy_prob_grad(p, NEG),
            1.0 / (1.0 - p),
            "p = {p:e}"
        );
        assert_eq!(modulating_factor_prob(p, POS, 0.0), 1.0);
    }
}

#[test]
fn gamma_below_one_near_certainty_has_a_finite_gradient_equal_to_the_true_one() {
    // The derivative of (1 − pt)^γ alone is infinite at pt = 1 when γ < 1;
    // autograd multiplies that by log pt = 0 and gets NaN (kornia, optax).
    let autograd_style = |pt: f64, gamma: f64| {
        -gamma * (1.0 - pt).powf(gamma - 1.0) * pt.ln() - (1.0 - pt).powf(gamma) / pt
    };
    assert!(autograd_style(1.0, 0.5).is_nan(), "the trap is real");
    let logit_cases = [
        (
            0.25,
            20.0,
            "-0.000000000017359929782900024814404349299702596941614051789174",
        ),
        (
            0.25,
            40.0,
            "-2.4109373099548972149442822176747709992381536780862e-22",
        ),
        (
            0.25,
            100.0,
            "-6.4580257910473262253158982591969473303447508566881e-55",
        ),
        (
            0.5,
            20.0,
            "-0.00000000000014036434405041515841619013313567331459722528785896",
        ),
        (
            0.5,
            40.0,
            "-1.3134766144044780414731199800587850510942494676202e-26",
        ),
        (
            0.5,
            100.0,
            "-1.0762643959746615629749039360813482282613031744069e-65",
        ),
    ];
    for (gamma, x, want) in logit_cases {
        let what = format!("γ = {gamma}, x = {x}");
        assert_rel(
            focal_loss_logit_grad(x, POS, gamma, None),
            exact(want),
            EXACT,
            &what,
        );
        assert_rel(
            focal_loss_logit_grad(-x, NEG, gamma, None),
            -exact(want),
            EXACT,
            &what,
        );
    }
    // At x = 700 the true value is below 1e-380: 0 (or a signed 0) in f64.
    for gamma in [0.1, 0.25, 0.5, 0.9] {
        let g = focal_loss_logit_grad(700.0, POS, gamma, None);
        assert!(g == 0.0, "γ = {gamma}: {g}");
    }
    // In probability space, at the last double below 1 and at 1 itself.
    let p = 1.0 - f64::EPSILON / 2.0;
    let prob_cases = [
        (
            0.25,
            "-0.00012831061023768838913781067120086306288732608786611",
        ),
        (
            0.5,
            "-0.000000015805068191585263382375914020735397031977419213124",
        ),
    ];
    for (gamma, want) in prob_cases {
        let what = format!("γ = {gamma}, p = 1 − 2^-53");
        assert_rel(
            focal_loss_prob_grad(p, POS, gamma, None),
            exact(want),
            EXACT,
            &what,
        );
        let what = format!("γ = {gamma}, p = 2^-53, y = 0");
        let q = f64::EPSILON / 2.0;
        assert_rel(
            focal_loss_prob_grad(q, NEG, gamma, None),
            -exact(want),
            EXACT,
            &what,
        );
        assert_eq!(focal_loss_prob_grad(1.0, POS, gamma, None), 0.0);
        assert_eq!(focal_loss_prob_grad(0.0, NEG, gamma, None), 0.0);
    }
}

#[test]
fn alpha_one_weights_only_positives_and_alpha_zero_only_negatives() {
    for x in many_logits() {
        for gamma in GAMMAS {
            let fl = |y, a| focal_loss_logit(x, y, gamma, a);
            let dfl = |y, a| focal_loss_logit_grad(x, y, gamma, a);
            assert_eq!(fl(POS, Some(1.0)), fl(POS, None));
            assert_eq!(dfl(POS, Some(1.0)), dfl(POS, None));
            assert_eq!(fl(NEG, Some(1.0)), 0.0);
            assert_eq!(dfl(NEG, Some(1.0)), 0.0);
            assert_eq!(fl(NEG, Some(0.0)), fl(NEG, None));
            assert_eq!(dfl(NEG, Some(0.0)), dfl(NEG, None));
            assert_eq!(fl(POS, Some(0.0)), 0.0);
            assert_eq!(dfl(POS, Some(0.0)), 0.0);
        }
    }
    for p in many_probs() {
        for gamma in GAMMAS {
            let fl = |y, a| focal_loss_prob(p, y, gamma, a);
            let dfl = |y, a| focal_loss_prob_grad(p, y, gamma, a);
            assert_eq!(fl(POS, Some(1.0)), fl(POS, None));
            assert_eq!(dfl(POS, Some(1.0)), dfl(POS, None));
            assert_eq!(fl(NEG, Some(1.0)), 0.0);
            assert_eq!(dfl(NEG, Some(1.0)), 0.0);
            assert_eq!(fl(NEG, Some(0.0)), fl(NEG, None));
            assert_eq!(dfl(NEG, Some(0.0)), dfl(NEG, None));
            assert_eq!(fl(POS, Some(0.0)), 0.0);
            assert_eq!(dfl(POS, Some(0.0)), 0.0);
        }
    }
}

#[test]
fn unweighted_is_a_weight_of_one_for_both_labels() {
    assert_eq!(alpha_t(None, POS), 1.0);
    assert_eq!(alpha_t(None, NEG), 1.0);
    assert_eq!(alpha_t(Some(0.25), POS), 0.25);
    assert_eq!(alpha_t(Some(0.25), NEG), 0.75);
    for x in [-40.0, -2.0, 0.0, 0.5, 3.0, 40.0] {
        // Unweighted is neither 0.25 nor 0.75 (RetinaNet's default) for both.
        let fl = focal_loss_logit(x, POS, 2.0, None);
        assert_eq!(fl, cross_entropy_logit(x, POS) * sigmoid(-x).powi(2));
        assert_eq!(
            focal_loss_logit(x, POS, 2.0, Some(0.25)),
            0.25 * fl,
            "α = 0.25 scales the positive by exactly 0.25"
        );
    }
}

#[test]
fn focal_star_with_beta_zero_and_gamma_one_is_cross_entropy() {
    for x in many_logits() {
        for y in [POS, NEG] {
            assert_eq!(
                focal_star_logit(x, y, 1.0, 0.0),
                cross_entropy_logit(x, y),
                "x = {x:e}"
            );
            assert_eq!(
                focal_star_logit_grad(x, y, 1.0, 0.0),
                cross_entropy_logit_grad(x, y),
                "x = {x:e}"
            );
        }
    }
    // Through the logit of p, the agreement is to rounding.
    for p in many_probs() {
        for y in [POS, NEG] {
            let what = format!("p = {p:e}, {y:?}");
            let (star, ce) = (focal_star_prob(p, y, 1.0, 0.0), cross_entropy_prob(p, y));
            if ce.is_infinite() || ce == 0.0 {
                assert_eq!(star, ce, "{what}");
            } else {
                assert_rel(star, ce, EXACT, &what);
            }
            let (d_star, d_ce) = (
                focal_star_prob_grad(p, y, 1.0, 0.0),
                cross_entropy_prob_grad(p, y),
            );
            if d_ce.is_infinite() || d_ce == 0.0 || p == 0.0 || p == 1.0 {
                // The end points take the limits of FL*'s own formula.
                assert!(!d_star.is_nan(), "{what}");
            } else {
                assert_rel(d_star, d_ce, EXACT, &what);
            }
        }
    }
}

#[test]
fn soft_target_gradient_is_finite_for_a_subnormal_target() {
    // 1 − pt = t σ(800) + (1 − t) σ(−800) = t: a power γ − 1 < 0 of it
    // overflows, while the factor it multiplies is 0.
    for (x, t) in [(-800.0, 1e-320), (-740.0, 1e-320), (-800.0, 5e-324)] {
        for gamma in [0.001, 0.5, 2.0] {
            let g = sigmoid_focal_loss_elem_grad(x, t, gamma, None);
            assert!(
                g.is_finite() && g <= 0.0,
                "x = {x}, t = {t:e}, γ = {gamma}: {g}"
            );
            let v = sigmoid_focal_loss_elem(x, t, gamma, None);
            assert!(
                v.is_finite() && v >= 0.0,
                "x = {x}, t = {t:e}, γ = {gamma}: {v}"
            );
        }
    }
}

#[test]
fn focal_star_of_a_probability_is_exact_at_both_tails() {
    let cases = [
        (
            1e-300,
            NEG,
            "1.8393972058572117001648658568118206201019831348768e-601",
            "3.6787944117144233081424847076191238022666944107652e-301",
        ),
        (
            1e-300,
            POS,
            "690.27552789821370518033834457010050290861334158364",
            "-9.999999999999999749409081647912409422619367977226e+299",
        ),
        (
            1.0 - f64::EPSILON / 2.0,
            NEG,
            "36.236800569677101288090999974767714655367704554341",
            "9007199254740992.9999999999999998092323951249753533",
        ),
        (
            1.0 - f64::EPSILON / 2.0,
            POS,
            "2.26723210136487510839778264074305812609391305662e-33",
            "-4.0842822587477117149300679676304453449185445208871e-17",
        ),
    ];
    for (p, y, value, grad) in cases {
        let what = format!("p = {p:e}, {y:?}, γ = 2, β = 1");
        let v = focal_star_prob(p, y, 2.0, 1.0);
        if exact(value) == 0.0 {
            assert_eq!(v, 0.0, "{what}: below the subnormals");
        } else {
            assert_rel(v, exact(value), EXACT, &what);
        }
        assert_rel(
            focal_star_prob_grad(p, y, 2.0, 1.0),
            exact(grad),
            EXACT,
            &what,
        );
    }
}

// ------------------------------------------------------ published vectors

#[test]
fn gamma_two_makes_the_loss_100_times_lower_at_pt_0_9_and_1000_times_at_pt_0_968() {
    // Lin et al., "Focal Loss for Dense Object Detection", section 3.2: with
    // γ = 2, an example with pt = 0.9 has 100× lower loss than with CE, and
    // with pt ≈ 0.968 it has 1000× lower loss. FL/CE = (1 − pt)^2 exactly.
    let pt_100 = 0.9;
    let pt_1000 = 1.0 - 1.0 / 1000f64.sqrt();
    assert!((pt_1000 - 0.968).abs() < 5e-4);
    for (pt, ratio) in [(pt_100, 0.01), (pt_1000, 0.001)] {
        let what = format!("pt = {pt}");
        let in_p = focal_loss_prob(pt, POS, 2.0, None) / cross_entropy_prob(pt, POS);
        assert_rel(in_p, ratio, 1e-12, &what);
        let mirrored =
            focal_loss_prob(1.0 - pt, NEG, 2.0, None) / cross_entropy_prob(1.0 - pt, NEG);
        assert_rel(mirrored, ratio, 1e-12, &what);
        let x = logit(pt);
        let in_x = focal_loss_logit(x, POS, 2.0, None) / cross_entropy_logit(x, POS);
        assert_rel(in_x, ratio, 1e-12, &what);
        assert_rel(modulating_factor_prob(pt, POS, 2.0), ratio, 1e-12, &what);
    }
    // And to the last digit, at the doubles nearest 0.9 and 1 − 1/√1000.
    let exact_100 = exact("0.0099999999999999955591079014993743313435390907690971");
    let exact_1000 = exact("0.00099999999999999899719832343333285328204868641951303");
    let r = |pt| focal_loss_prob(pt, POS, 2.0, None) / cross_entropy_prob(pt, POS);
    assert_rel(r(pt_100), exact_100, EXACT, "pt = 0.9");
    assert_rel(r(pt_1000), exact_1000, EXACT, "pt = 1 − 1/√1000");
}

/// Keras 3, `keras/src/losses/losses_test.py`,
/// `BinaryFocalCrossentropyTest.test_unweighted` (and `test_no_reduction`):
/// y_true = [[1, 0], [1, 0]], y_pred = [[0.9, 0.8], [0.7, 0.2]] (float32),
/// γ = 2, no class balancing; the loss is the mean over the last axis.
#[test]
fn keras_binary_focal_crossentropy_test_unweighted_probabilities() {
    let y = [POS, NEG, POS, NEG];
    let p = [0.9, 0.8, 0.7, 0.2];
    let ours: Vec<f64> = (0..4)
        .map(|i| focal_loss_prob(p[i], y[i], 2.0, None))
        .collect();
    let want = [
        "0.0010536051565782622976641006351217378063035688686686",
        "1.0300402639578244962104748589798563742682672154375",
        "0.032100744954485929315585537993679654984209095305651",
        "0.0089257420525683917767197497876148624313525027266667",
    ];
    for (i, (&v, w)) in ours.iter().zip(want).enumerate() {
        assert_rel(v, exact(w), EXACT, &format!("element {i}"));
    }
    let rows = [mean(&ours[..2]), mean(&ours[2..])];
    let exact_rows = [
        "0.51554693455720137925406947980748905603728539215309",
        "0.020513243503527160546152643890647258707780799016159",
    ];
    assert_rel(rows[0], exact(exact_rows[0]), EXACT, "row 0");
    assert_rel(rows[1], exact(exact_rows[1]), EXACT, "row 1");
    let total = exact("0.26803008903036426990011106184906815737253309558462");
    assert_rel(mean(&ours), total, EXACT, "mean");
    // What Keras 3.15 (numpy backend, float32) printed: 0.2680301 and, with
    // reduction=None, [0.515547, 0.020513242]; its test asserts 0.268 and
    // (0.515547, 0.020513). No probability here is near the 1e-7 clip.
    assert_rel(mean(&ours), 0.2680301, 1e-5, "Keras mean");
    assert_rel(rows[0], 0.515547, 1e-5, "Keras row 0");
    assert_rel(rows[1], 0.020513242, 1e-5, "Keras row 1");
}

/// The same test with logits: y_true = [[1, 1, 0], [0, 1, 0]],
/// logits = [[1.5, −2.7, 2.9], [−3.8, 1.2, −4.5]], γ = 3, from_logits=True.
#[test]
fn keras_binary_focal_crossentropy_test_unweighted_logits() {
    let y = [POS, POS, NEG, NEG, POS, NEG];
    let x = [1.5, -2.7, 2.9, -3.8, 1.2, -4.5];
    let ours: Vec<f64> = (0..6)
        .map(|i| focal_loss_logit(x[i], y[i], 3.0, None))
        .collect();
    let want = [
        "0.0012227703615743899039877088921721323229195429211822",
        "2.2748763612702129236279117934643492923100664710907",
        "2.5151283442023839325941648492843272874926969366509",
        "0.00000023178510813785707555066500944550255363849250652464",
        "0.0032653928403025107815913785965579984289113325878866",
        "0.000000014652246148886310937830796953743756926832145366479",
    ];
    for (i, (&v, w)) in ours.iter().zip(want).enumerate() {
        assert_rel(v, exact(w), EXACT, &format!("element {i}"));
    }
    let rows = [mean(&ours[..3]), mean(&ours[3..])];
    assert_rel(
        rows[0],
        exact("1.5970758252780570820420214505469495707085609835543"),
        EXACT,
        "row 0",
    );
    assert_rel(
        rows[1],
        exact("0.0010885464258855991749926223641214658917406326375128"),
        EXACT,
        "row 1",
    );
    let total = exact("0.79908218585197134060850703645553551830015080809589");
    assert_rel(mean(&ours), total, EXACT, "mean");
    // Keras printed 0.7990823 (its test asserts 0.799) and, per row,
    // [1.5970761, 0.0010885457]. The smallest σ is σ(−4.5) ≈ 0.011: no clip.
    assert_rel(mean(&ours), 0.7990823, 1e-5, "Keras mean");
    assert_rel(rows[0], 1.5970761, 1e-5, "Keras row 0");
    assert_rel(rows[1], 1.0885457e-3, 1e-5, "Keras row 1");
}

/// The docstrings of `keras.losses.binary_focal_crossentropy` and
/// `keras.losses.BinaryFocalCrossentropy` (Keras 3).
#[test]
fn keras_binary_focal_crossentropy_docstring_examples() {
    // y_true = [[0, 1], [0, 0]], y_pred = [[0.6, 0.4], [0.4, 0.6]], γ = 2:
    // Keras printed [0.32986468, 0.20579839] (docstring: [0.330, 0.206]).
    let row = |y: [Label; 2], p: [f64; 2]| {
        mean(&[
            focal_loss_prob(p[0], y[0], 2.0, None),
            focal_loss_prob(p[1], y[1], 2.0, None),
        ])
    };
    let r0 = row([NEG, POS], [0.6, 0.4]);
    let r1 = row([NEG, NEG], [0.4, 0.6]);
    let e0 = exact("0.32986466347469577906716572632792231467713068935591");
    let e1 = exact("0.20579838163862715168766167579008879101446019904609");
    assert_rel(r0, e0, EXACT, "row 0");
    assert_rel(r1, e1, EXACT, "row 1");
    assert_rel(r0, 0.32986468, 1e-5, "Keras row 0");
    assert_rel(r1, 0.20579839, 1e-5, "Keras row 1");

    // y_true = [0, 1, 0, 0], logits = [−18.6, 0.51, 2.94, −12.8]. Keras clips
    // σ(−18.6) = 8.4e-9 up to 1e-7 inside its cross-entropy, which changes
    // element 0 (≈ 6e-25) completely but the mean by less than 1e-23, so only
    // means are compared with Keras, and elements only with the exact values.
    let y = [NEG, POS, NEG, NEG];
    let x = [-18.6, 0.51, 2.94, -12.8];
    struct Case {
        gamma: f64,
        alpha: Option<f64>,
        elements: [&'static str; 4],
        mean: &'static str,
        keras_mean: f64,
        keras_rows: Option<[f64; 2]>,
    }
    let cases = [
        Case {
            gamma: 2.0,
            alpha: None,
            elements: [
                "5.8393956328261481958847445080919222578046806794144e-25",
                "0.066206091190456281978235437473705478498878841618027",
                "2.698642212137808898904964699754994655498042643311",
                "2.1042091145398530232115981811820966845443931271554e-17",
            ],
            mean: "0.69121207583206630048132296664169841218193072130611",
            // Printed 0.6912119 (docstring: 0.691).
            keras_mean: 0.6912119,
            keras_rows: None,
        },
        Case {
            gamma: 2.0,
            alpha: Some(0.25),
            elements: [
                "4.3795467246196111469135583810689416933535105095608e-25",
                "0.016551522797614070494558859368426369624719710404507",
                "2.0239816591033566741787235248162459916235319824832",
                "1.5781568359048897674086986358865725134082948453665e-17",
            ],
            mean: "0.51013329547524269011371279529706062432408818577733",
            // apply_class_balancing=True: printed 0.51013315 (docstring: 0.51).
            keras_mean: 0.51013315,
            keras_rows: None,
        },
        Case {
            gamma: 3.0,
            alpha: None,
            elements: [
                "4.8807946247468341640070063770928384456086888893676e-33",
                "0.024840096765411957527509449224774521771197980099524",
                "2.5631399507813721690057935021833749856136317737854",
                "5.8092267712983718025876624273134525483580008099525e-23",
            ],
            mean: "0.64699501188669603163334026091896684297437009433585",
            // As [[−18.6, 0.51], [2.94, −12.8]]: printed 0.64699477 (docstring:
            // 0.647) and, with reduction=None, [0.012420051, 1.2815695].
            keras_mean: 0.64699477,
            keras_rows: Some([0.012420051, 1.2815695]),
        },
        Case {
            gamma: 3.0,
            alpha: Some(0.25),
            elements: [
                "3.6605959685601256230052547828196288342065166670257e-33",
                "0.006210024191352989381877362306193630442799495024881",
                "1.9223549630860291267543451266375312392102238303391",
                "4.3569200784737788519407468204850894112685006074644e-23",
            ],
            mean: "0.48214124681934552903406651453612831700937782323944",
            // Printed 0.48214105 (docstring: 0.482); rows [0.003105013, 0.9611771].
            keras_mean: 0.48214105,
            keras_rows: Some([0.003105013, 0.9611771]),
        },
    ];
    for case in cases {
        let what = format!("γ = {}, α = {:?}", case.gamma, case.alpha);
        let ours: Vec<f64> = (0..4)
            .map(|i| focal_loss_logit(x[i], y[i], case.gamma, case.alpha))
            .collect();
        for (i, (&v, w)) in ours.iter().zip(case.elements).enumerate() {
            assert_rel(v, exact(w), EXACT, &format!("{what}, element {i}"));
        }
        assert_rel(mean(&ours), exact(case.mean), EXACT, &what);
        assert_rel(
            mean(&ours),
            case.keras_mean,
            1e-5,
            &format!("{what}, Keras mean"),
        );
        if let Some(keras_rows) = case.keras_rows {
            // Row 0 holds the clipped element, but its share is < 1e-22.
            let rows = [mean(&ours[..2]), mean(&ours[2..])];
            assert_rel(
                rows[0],
                keras_rows[0],
                1e-5,
                &format!("{what}, Keras row 0"),
            );
            assert_rel(
                rows[1],
                keras_rows[1],
                1e-5,
                &format!("{what}, Keras row 1"),
            );
        }
    }
}

/// tensorflow-addons, `tfa.losses.SigmoidFocalCrossEntropy` docstring:
/// y_true = [[1.0], [1.0], [0.0]], y_pred = [[0.97], [0.91], [0.03]],
/// from_logits=False, α = 0.25, γ = 2, reduction NONE.
#[test]
fn tensorflow_addons_sigmoid_focal_cross_entropy_docstring_example() {
    let y = [POS, POS, NEG];
    let p = [0.97, 0.91, 0.03];
    let exact_values = [
        "0.000006853321684059441186401659500025668825584284070883",
        "0.00019097912592926348582136075613062561486461271214034",
        "0.000020559965052178266201180385451788022871072301379166",
    ];
    // What tensorflow-addons printed (float32). Its cross-entropy is Keras 2's,
    // −log(p + 1e-7) rather than −log p, which moves these by 2e-6 to 7e-6.
    let printed = [6.8532745e-06, 1.909787e-04, 2.0559824e-05];
    for i in 0..3 {
        let ours = focal_loss_prob(p[i], y[i], 2.0, Some(0.25));
        let what = format!("element {i}");
        assert_rel(ours, exact(exact_values[i]), EXACT, &what);
        assert_rel(
            ours,
            printed[i],
            1e-5,
            &format!("{what} vs tensorflow-addons"),
        );
        // Its logit-space twin agrees to rounding of the logit.
        assert_rel(
            focal_loss_logit(logit(p[i]), y[i], 2.0, Some(0.25)),
            ours,
            1e-13,
            &what,
        );
    }
}
