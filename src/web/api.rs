//! The JavaScript API: losses and gradients pointwise, of the probability
//! `p` or of the logit `x`, and batches with torchvision's semantics.
//!
//! Every argument is checked; a bad one throws an `Error` whose message names
//! it. `y` is the true label, 0 or 1. `alpha` in [0, 1] weights the classes
//! (αt = α for y = 1, 1 − α for y = 0); a negative or missing `alpha` means
//! no weighting, as in torchvision.

use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

use crate::loss;

use super::checks::{check_alpha, check_gamma, check_label, fail, R};

fn check_prob(p: f64) -> R<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        fail(format!("p must be a probability in [0, 1], got {p}"))
    }
}

fn check_logit(x: f64) -> R<f64> {
    if x.is_nan() {
        fail("x must be a number (the logit), got NaN".into())
    } else {
        Ok(x)
    }
}

fn check_gamma_star(gamma: f64) -> R<f64> {
    if gamma.is_finite() && gamma > 0.0 {
        Ok(gamma)
    } else {
        fail(format!(
            "gamma must be a finite number > 0 for FL* (it divides), got {gamma}"
        ))
    }
}

fn check_beta(beta: f64) -> R<f64> {
    if beta.is_finite() {
        Ok(beta)
    } else {
        fail(format!("beta must be a finite number, got {beta}"))
    }
}

/// Cross-entropy −log pt of the probability `p` for the label `y`.
#[wasm_bindgen(js_name = crossEntropy)]
pub fn cross_entropy(p: f64, y: f64) -> R<f64> {
    Ok(loss::cross_entropy_prob(check_prob(p)?, check_label(y)?))
}

/// d(cross-entropy)/dp.
#[wasm_bindgen(js_name = crossEntropyGrad)]
pub fn cross_entropy_grad(p: f64, y: f64) -> R<f64> {
    Ok(loss::cross_entropy_prob_grad(
        check_prob(p)?,
        check_label(y)?,
    ))
}

/// Cross-entropy of the logit `x`: softplus(−xt).
#[wasm_bindgen(js_name = crossEntropyLogit)]
pub fn cross_entropy_logit(x: f64, y: f64) -> R<f64> {
    Ok(loss::cross_entropy_logit(check_logit(x)?, check_label(y)?))
}

/// d(cross-entropy)/dx = y(pt − 1), y = ±1.
#[wasm_bindgen(js_name = crossEntropyLogitGrad)]
pub fn cross_entropy_logit_grad(x: f64, y: f64) -> R<f64> {
    Ok(loss::cross_entropy_logit_grad(
        check_logit(x)?,
        check_label(y)?,
    ))
}

/// Focal loss −αt (1 − pt)^γ log pt of the probability `p`.
#[wasm_bindgen(js_name = focalLoss)]
pub fn focal_loss(p: f64, y: f64, gamma: f64, alpha: Option<f64>) -> R<f64> {
    Ok(loss::focal_loss_prob(
        check_prob(p)?,
        check_label(y)?,
        check_gamma(gamma)?,
        check_alpha(alpha)?,
    ))
}

/// d(focal loss)/dp.
#[wasm_bindgen(js_name = focalLossGrad)]
pub fn focal_loss_grad(p: f64, y: f64, gamma: f64, alpha: Option<f64>) -> R<f64> {
    Ok(loss::focal_loss_prob_grad(
        check_prob(p)?,
        check_label(y)?,
        check_gamma(gamma)?,
        check_alpha(alpha)?,
    ))
}

/// Focal loss of the logit `x`.
#[wasm_bindgen(js_name = focalLossLogit)]
pub fn focal_loss_logit(x: f64, y: f64, gamma: f64, alpha: Option<f64>) -> R<f64> {
    Ok(loss::focal_loss_logit(
        check_logit(x)?,
        check_label(y)?,
        check_gamma(gamma)?,
        check_alpha(alpha)?,
    ))
}

/// d(focal loss)/dx = αt y (1 − pt)^γ (γ pt log pt + pt − 1), y = ±1.
#[wasm_bindgen(js_name = focalLossLogitGrad)]
pub fn focal_loss_logit_grad(x: f64, y: f64, gamma: f64, alpha: Option<f64>) -> R<f64> {
    Ok(loss::focal_loss_logit_grad(
        check_logit(x)?,
        check_label(y)?,
        check_gamma(gamma)?,
        check_alpha(alpha)?,
    ))
}

/// The modulating factor (1 − pt)^γ of the probability `p`.
#[wasm_bindgen(js_name = modulatingFactor)]
pub fn modulating_factor(p: f64, y: f64, gamma: f64) -> R<f64> {
    Ok(loss::modulating_factor_prob(
        check_prob(p)?,
        check_label(y)?,
        check_gamma(gamma)?,
    ))
}

/// FL* = −log σ(γ xt + β) / γ of the probability `p` (γ > 0).
#[wasm_bindgen(js_name = focalLossStar)]
pub fn focal_loss_star(p: f64, y: f64, gamma: f64, beta: f64) -> R<f64> {
    Ok(loss::focal_star_prob(
        check_prob(p)?,
        check_label(y)?,
        check_gamma_star(gamma)?,
        check_beta(beta)?,
    ))
}

/// d(FL*)/dp.
#[wasm_bindgen(js_name = focalLossStarGrad)]
pub fn focal_loss_star_grad(p: f64, y: f64, gamma: f64, beta: f64) -> R<f64> {
    Ok(loss::focal_star_prob_grad(
        check_prob(p)?,
        check_label(y)?,
        check_gamma_star(gamma)?,
        check_beta(beta)?,
    ))
}

/// FL* of the logit `x`.
#[wasm_bindgen(js_name = focalLossStarLogit)]
pub fn focal_loss_star_logit(x: f64, y: f64, gamma: f64, beta: f64) -> R<f64> {
    Ok(loss::focal_star_logit(
        check_logit(x)?,
        check_label(y)?,
        check_gamma_star(gamma)?,
        check_beta(beta)?,
    ))
}

/// d(FL*)/dx = y (pt* − 1), y = ±1.
#[wasm_bindgen(js_name = focalLossStarLogitGrad)]
pub fn focal_loss_star_logit_grad(x: f64, y: f64, gamma: f64, beta: f64) -> R<f64> {
    Ok(loss::focal_star_logit_grad(
        check_logit(x)?,
        check_label(y)?,
        check_gamma_star(gamma)?,
        check_beta(beta)?,
    ))
}

/// Reads a Float64Array or an array of numbers named `name`.
fn numbers(v: &JsValue, name: &str) -> R<Vec<f64>> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        return a
            .iter()
            .enumerate()
            .map(|(i, e)| {
                e.as_f64()
                    .ok_or_else(|| crate::error::Error(format!("{name}[{i}] must be a number")))
            })
            .collect();
    }
    fail(format!(
        "{name} must be a Float64Array or an array of numbers"
    ))
}

/// A checked batch: logits, targets, α (None when unweighted) and γ.
struct Batch {
    logits: Vec<f64>,
    targets: Vec<f64>,
    alpha: Option<f64>,
    gamma: f64,
}

impl Batch {
    /// `f(x, t, γ, α)` of each logit x and target t.
    fn elementwise<'a>(
        &'a self,
        f: fn(f64, f64, f64, Option<f64>) -> f64,
    ) -> impl Iterator<Item = f64> + 'a {
        let (gamma, alpha) = (self.gamma, self.alpha);
        self.logits
            .iter()
            .zip(&self.targets)
            .map(move |(&x, &t)| f(x, t, gamma, alpha))
    }
}

/// Logits and targets, checked: the same length, no NaN, targets in [0, 1].
fn batch(logits: &JsValue, targets: &JsValue, alpha: f64, gamma: f64) -> R<Batch> {
    let xs = numbers(logits, "logits")?;
    let ts = numbers(targets, "targets")?;
    if xs.len() != ts.len() {
        return fail(format!(
            "logits and targets must have the same length, got {} and {}",
            xs.len(),
            ts.len()
        ));
    }
    if let Some(i) = xs.iter().position(|x| x.is_nan()) {
        return fail(format!("logits[{i}] is NaN"));
    }
    if let Some(i) = ts.iter().position(|t| !(0.0..=1.0).contains(t)) {
        return fail(format!("targets[{i}] must be in [0, 1], got {}", ts[i]));
    }
    Ok(Batch {
        alpha: check_alpha(Some(alpha))?,
        gamma: check_gamma(gamma)?,
        logits: xs,
        targets: ts,
    })
}

/// torchvision.ops.sigmoid_focal_loss: `reduction` "none" gives a
/// Float64Array, "mean" and "sum" a number. `alpha < 0` disables weighting.
#[wasm_bindgen(js_name = sigmoidFocalLoss, unchecked_return_type = "Float64Array | number")]
pub fn sigmoid_focal_loss(
    logits: &JsValue,
    targets: &JsValue,
    alpha: f64,
    gamma: f64,
    #[wasm_bindgen(unchecked_param_type = "\"none\" | \"mean\" | \"sum\"")] reduction: &str,
) -> R<JsValue> {
    if !matches!(reduction, "none" | "mean" | "sum") {
        return fail(format!(
            "reduction must be \"none\", \"mean\" or \"sum\", got \"{reduction}\""
        ));
    }
    let b = batch(logits, targets, alpha, gamma)?;
    let losses = b.elementwise(loss::sigmoid_focal_loss_elem);
    match reduction {
        "none" => {
            let v: Vec<f64> = losses.collect();
            Ok(Float64Array::from(v.as_slice()).into())
        }
        "sum" => Ok(JsValue::from_f64(losses.sum())),
        _ => {
            if b.logits.is_empty() {
                return fail("logits is empty: the mean of no elements is undefined".into());
            }
            Ok(JsValue::from_f64(
                losses.sum::<f64>() / b.logits.len() as f64,
            ))
        }
    }
}

/// d(loss)/d(logits), elementwise, for reduction "none".
#[wasm_bindgen(js_name = sigmoidFocalLossGrad)]
pub fn sigmoid_focal_loss_grad(
    logits: &JsValue,
    targets: &JsValue,
    alpha: f64,
    gamma: f64,
) -> R<Float64Array> {
    let b = batch(logits, targets, alpha, gamma)?;
    let v: Vec<f64> = b.elementwise(loss::sigmoid_focal_loss_elem_grad).collect();
    Ok(Float64Array::from(v.as_slice()))
}
