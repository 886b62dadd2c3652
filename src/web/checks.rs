//! Argument checks shared by the JavaScript API and the explorer's setters:
//! each returns the value, or a JS `Error` whose message names the argument.

use wasm_bindgen::prelude::*;

use crate::loss::Label;

pub(crate) type R<T> = Result<T, JsError>;

pub(crate) fn fail<T>(msg: String) -> R<T> {
    Err(JsError::new(&msg))
}

pub(crate) fn check_label(y: f64) -> R<Label> {
    match Label::from_y(y) {
        Some(l) => Ok(l),
        None => fail(format!("y must be 0 or 1 (the true label), got {y}")),
    }
}

pub(crate) fn check_gamma(gamma: f64) -> R<f64> {
    if gamma.is_finite() && gamma >= 0.0 {
        Ok(gamma)
    } else {
        fail(format!("gamma must be a finite number ≥ 0, got {gamma}"))
    }
}

/// `None` (unweighted) for a missing or negative α; an error above 1 or NaN.
pub(crate) fn check_alpha(alpha: Option<f64>) -> R<Option<f64>> {
    match alpha {
        None => Ok(None),
        Some(a) if a.is_nan() => {
            fail("alpha must be a number in [0, 1] (or negative for no weighting), got NaN".into())
        }
        Some(a) if a > 1.0 => fail(format!(
            "alpha must be at most 1 (or negative for no weighting), got {a}"
        )),
        Some(a) if a < 0.0 => Ok(None),
        Some(a) => Ok(Some(a)),
    }
}
