//! The model: a network with one hidden layer of ReLU units, from the point
//! `(x, y)` of the plane to one logit,
//!
//! logit = b + Σₕ vₕ · max(0, wₕ·(x, y) + cₕ),
//!
//! and its loss and exact gradient for a batch. The gradient of the loss with
//! respect to each logit comes from the crate's [`focal_loss_logit_grad`]
//! (cross-entropy is focal loss with γ = 0 and no α, bit for bit); the rest is
//! the chain rule, written out.
//!
//! The parameters live in one flat vector of `4·hidden + 1`, in blocks of
//! `hidden`: every unit's `w_x`, then every `w_y`, every `c`, every `v`, and
//! last the output bias `b` (blocks rather than one record per unit, so that
//! the loops over units run down plain arrays and without branches). A ReLU
//! network needs no transcendental function, so the forward pass is the same
//! on every target; only the losses (`exp`, `ln`, `powf`) use the platform's
//! math library.

use crate::lab::data::{gaussian_pair, uniform, EXTENT};
use crate::loss::{focal_loss_logit, focal_loss_logit_grad, Label};
use rand_pcg::Pcg64;

/// Parameters per hidden unit: `w_x`, `w_y`, `c`, `v` (one block of each).
pub const PER_UNIT: usize = 4;

/// The slope of each hidden unit's ramp at initialization (per unit of
/// distance across its kink line).
pub const INIT_SLOPE: f64 = 4.0;

/// The standard deviation of the output weights at initialization: small, so
/// that every logit starts near the output bias (the paper draws its final
/// layer's weights with σ = 0.01 for the same reason).
pub const INIT_OUTPUT_SD: f64 = 0.01;

/// The loss a model is trained with: focal loss −αt (1 − pt)^γ log pt, which
/// is cross-entropy for γ = 0 and no α, and α-balanced cross-entropy for γ = 0
/// with an α.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    /// The focusing parameter γ ≥ 0.
    pub gamma: f64,
    /// The weight α of the positives (1 − α of the negatives), or none.
    pub alpha: Option<f64>,
}

impl Objective {
    /// Cross-entropy: γ = 0, no α.
    pub const CROSS_ENTROPY: Objective = Objective {
        gamma: 0.0,
        alpha: None,
    };

    /// α-balanced cross-entropy.
    pub fn balanced(alpha: f64) -> Objective {
        Objective {
            gamma: 0.0,
            alpha: Some(alpha),
        }
    }

    /// Focal loss with γ and α (or none).
    pub fn focal(gamma: f64, alpha: Option<f64>) -> Objective {
        Objective { gamma, alpha }
    }

    /// The loss of one logit.
    pub fn loss(&self, x: f64, y: Label) -> f64 {
        focal_loss_logit(x, y, self.gamma, self.alpha)
    }

    /// The derivative of the loss with respect to the logit.
    pub fn grad(&self, x: f64, y: Label) -> f64 {
        focal_loss_logit_grad(x, y, self.gamma, self.alpha)
    }
}

/// max(0, z), as a select (`f64::max` must also handle NaN, which costs a
/// few instructions more in WebAssembly).
#[inline]
fn relu(z: f64) -> f64 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// The network: `hidden` ReLU units and an output bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    hidden: usize,
    params: Vec<f64>,
}

impl Mlp {
    /// A network with `hidden` units, drawn from `rng`, and output bias `bias`.
    ///
    /// Each unit's kink line goes through a uniform point of the square in a
    /// uniform direction, with slope [`INIT_SLOPE`] across it, so that the
    /// kinks are spread over the data (in two dimensions this places the
    /// pieces where the data are, where a standard fan-in scaling would put
    /// most kinks through the middle). The output weights are
    /// N(0, [`INIT_OUTPUT_SD`]²).
    pub fn init(hidden: usize, rng: &mut Pcg64, bias: f64) -> Mlp {
        let mut params = vec![0.0; hidden * PER_UNIT + 1];
        for h in 0..hidden {
            let (mut a, mut b) = gaussian_pair(rng);
            while a == 0.0 && b == 0.0 {
                (a, b) = gaussian_pair(rng);
            }
            let norm = (a * a + b * b).sqrt();
            let (ux, uy) = (a / norm, b / norm);
            let cx = EXTENT * (2.0 * uniform(rng) - 1.0);
            let cy = EXTENT * (2.0 * uniform(rng) - 1.0);
            let v = INIT_OUTPUT_SD * gaussian_pair(rng).0;
            params[h] = INIT_SLOPE * ux;
            params[hidden + h] = INIT_SLOPE * uy;
            params[2 * hidden + h] = -INIT_SLOPE * (ux * cx + uy * cy);
            params[3 * hidden + h] = v;
        }
        params[hidden * PER_UNIT] = bias;
        Mlp { hidden, params }
    }

    /// The blocks `(w_x, w_y, c, v)` and the bias of a parameter vector.
    fn blocks(&self) -> ([&[f64]; 4], f64) {
        let h = self.hidden;
        let p = &self.params;
        (
            [&p[..h], &p[h..2 * h], &p[2 * h..3 * h], &p[3 * h..4 * h]],
            p[4 * h],
        )
    }

    /// The number of hidden units.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// All parameters, in the order described in the module's documentation.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// All parameters, to change (as the optimizer and the tests do).
    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// The output bias `b`.
    pub fn bias(&self) -> f64 {
        self.blocks().1
    }

    /// The logit of one point.
    pub fn logit(&self, p: [f64; 2]) -> f64 {
        let ([wx, wy, c, v], bias) = self.blocks();
        let mut s = 0.0;
        for h in 0..self.hidden {
            let z = wx[h] * p[0] + wy[h] * p[1] + c[h];
            // A unit that is off adds +0, which leaves the sum as it is.
            s += v[h] * relu(z);
        }
        s + bias
    }

    /// The logit of every point, into `out` (resized to fit).
    pub fn logits(&self, points: &[[f64; 2]], out: &mut Vec<f64>) {
        out.clear();
        out.extend(points.iter().map(|&p| self.logit(p)));
    }

    /// `scale · Σᵢ loss(logitᵢ, yᵢ)` over the points `batch` indexes.
    ///
    /// Every index in `batch` must be below `points.len()` and `labels.len()`.
    pub fn loss(
        &self,
        points: &[[f64; 2]],
        labels: &[Label],
        batch: &[usize],
        objective: Objective,
        scale: f64,
    ) -> f64 {
        let mut total = 0.0;
        for &i in batch {
            total += objective.loss(self.logit(points[i]), labels[i]);
        }
        scale * total
    }

    /// [`Mlp::loss`], and its gradient with respect to every parameter into
    /// `grad` (resized to fit and overwritten).
    pub fn loss_and_grad(
        &self,
        points: &[[f64; 2]],
        labels: &[Label],
        batch: &[usize],
        objective: Objective,
        scale: f64,
        grad: &mut Vec<f64>,
    ) -> f64 {
        grad.clear();
        grad.resize(self.params.len(), 0.0);
        let hidden = self.hidden;
        let ([wx, wy, c, v], _) = self.blocks();
        let (gwx, rest) = grad.split_at_mut(hidden);
        let (gwy, rest) = rest.split_at_mut(hidden);
        let (gc, rest) = rest.split_at_mut(hidden);
        let (gv, gb) = rest.split_at_mut(hidden);
        let mut total = 0.0;
        for &i in batch {
            let p = points[i];
            let x = self.logit(p);
            total += objective.loss(x, labels[i]);
            let g = scale * objective.grad(x, labels[i]);
            gb[0] += g;
            for h in 0..hidden {
                let z = wx[h] * p[0] + wy[h] * p[1] + c[h];
                // For a unit that is off every term below is ±0, and adding
                // ±0 changes no sum (none of them is −0).
                let on = z > 0.0;
                let gz = if on { g * v[h] } else { 0.0 };
                gwx[h] += gz * p[0];
                gwy[h] += gz * p[1];
                gc[h] += gz;
                gv[h] += g * relu(z);
            }
        }
        scale * total
    }
}
