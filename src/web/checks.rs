//! The JavaScript API's argument checks: each returns the value, or an
//! error whose message names the argument (the explorer's parameters are
//! checked by their schema, `params.rs`).

use crate::error::Error;
use crate::loss::Label;

pub(crate) type R<T> = crate::error::Result<T>;

pub(crate) fn fail<T>(msg: String) -> R<T> {
    Err(Error(msg))
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
