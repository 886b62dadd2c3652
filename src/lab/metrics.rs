//! Average precision, by scikit-learn's definition
//! (`sklearn.metrics.average_precision_score`):
//!
//! AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ
//!
//! over the thresholds at the distinct scores, from the highest down, where
//! Pₙ and Rₙ are the precision and recall of "score ≥ threshold n" and
//! R₀ = 0. Examples with equal scores enter together, at one threshold, so
//! ties are handled as scikit-learn does (no interpolation, no averaging of
//! orders). Any score that ranks like the probability will do; the lab passes
//! logits, which do not round to equal values where the probability does.

use crate::error::{Error, Result};
use crate::loss::Label;

/// Average precision of `scores` against `labels` (of equal length).
///
/// With no positive at all the recall is undefined; scikit-learn then
/// returns 0 (with a warning), and so does this function. A NaN score is an
/// error, as in scikit-learn.
pub fn average_precision(scores: &[f64], labels: &[Label]) -> Result<f64> {
    let mut scratch = Vec::new();
    average_precision_with(scores, labels, &mut scratch)
}

/// [`average_precision`] with a buffer the caller keeps, so that measuring
/// every few steps allocates nothing.
pub fn average_precision_with(
    scores: &[f64],
    labels: &[Label],
    scratch: &mut Vec<(f64, bool)>,
) -> Result<f64> {
    if scores.len() != labels.len() {
        return Err(Error(format!(
            "average precision needs one label per score: {} scores, {} labels",
            scores.len(),
            labels.len()
        )));
    }
    if scores.iter().any(|s| s.is_nan()) {
        return Err(Error("average precision of a NaN score".into()));
    }
    scratch.clear();
    scratch.extend(
        scores
            .iter()
            .zip(labels)
            .map(|(&s, &y)| (s, y == Label::Positive)),
    );
    let positives = scratch.iter().filter(|e| e.1).count();
    if positives == 0 {
        return Ok(0.0);
    }
    // Highest score first; the order within a tie does not matter, since a
    // tie is one threshold.
    scratch.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let total = positives as f64;
    let (mut tp, mut fp) = (0usize, 0usize);
    let (mut ap, mut recall_before) = (0.0, 0.0);
    for (i, &(score, positive)) in scratch.iter().enumerate() {
        if positive {
            tp += 1;
        } else {
            fp += 1;
        }
        // A threshold ends where the next score differs (−0 equals +0).
        let last_of_tie = scratch.get(i + 1).is_none_or(|next| next.0 != score);
        if last_of_tie {
            let recall = tp as f64 / total;
            let precision = tp as f64 / (tp + fp) as f64;
            ap += (recall - recall_before) * precision;
            recall_before = recall;
        }
    }
    Ok(ap)
}
