//! The math: cross-entropy, focal loss and FL*, with their derivatives.
//!
//! Everything is evaluated in logit space through log-sigmoid and softplus, so
//! that nothing cancels: for a label `y` the logit is turned into
//! `xt = x` (y = 1) or `xt = -x` (y = 0), and then
//!
//! * `pt = σ(xt)`, `1 − pt = σ(−xt)`,
//! * `−log pt = softplus(−xt)`,
//! * `(1 − pt)^γ = σ(−xt)^γ`.
//!
//! The derivatives are written as sums of terms of one sign (the paper's
//! Appendix B), so they keep full relative accuracy too. Functions of the
//! probability `p` use `ln p` and `log1p(−p)` directly, so an input such as
//! `p = 1e-300` keeps all its digits.
//!
//! No function here panics, and none returns NaN for inputs that are not NaN
//! (with γ ≥ 0, α in [0, 1], p in [0, 1], and γ > 0 for FL*).

/// The true class of an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// y = 0: the example is background; pt = 1 − p.
    Negative,
    /// y = 1: the example is foreground; pt = p.
    Positive,
}

impl Label {
    /// The label for `y` in {0, 1}; `None` for anything else.
    pub fn from_y(y: f64) -> Option<Label> {
        if y == 1.0 {
            Some(Label::Positive)
        } else if y == 0.0 {
            Some(Label::Negative)
        } else {
            None
        }
    }

    /// +1 for y = 1 and −1 for y = 0: the `y` of the paper's Appendix B.
    pub fn sign(self) -> f64 {
        match self {
            Label::Positive => 1.0,
            Label::Negative => -1.0,
        }
    }

    /// `xt`: the logit seen from the true class (x for y = 1, −x for y = 0).
    pub fn logit_t(self, x: f64) -> f64 {
        x * self.sign()
    }

    /// `pt` for a probability `p` (rounded once for y = 0).
    pub fn p_t(self, p: f64) -> f64 {
        match self {
            Label::Positive => p,
            Label::Negative => 1.0 - p,
        }
    }
}

/// The class weight αt: α for y = 1, 1 − α for y = 0, and 1 when the loss is
/// unweighted (`alpha == None`, torchvision's `alpha < 0`).
pub fn alpha_t(alpha: Option<f64>, y: Label) -> f64 {
    match (alpha, y) {
        (None, _) => 1.0,
        (Some(a), Label::Positive) => a,
        (Some(a), Label::Negative) => 1.0 - a,
    }
}

/// The logistic function σ(x) = 1 / (1 + e^−x), to a few ulps for every x.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// softplus(x) = log(1 + e^x) = −log σ(−x), without overflow or cancellation.
pub fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// log σ(x) = −softplus(−x).
pub fn log_sigmoid(x: f64) -> f64 {
    -softplus(-x)
}

/// The logit ln(p / (1 − p)); ±∞ at p = 1 and p = 0.
pub fn logit(p: f64) -> f64 {
    p.ln() - (-p).ln_1p()
}

/// pt · (−log pt) for pt = σ(xt), which tends to 0 as pt → 0.
fn pt_times_ce(xt: f64) -> f64 {
    let pt = sigmoid(xt);
    if pt == 0.0 {
        0.0
    } else {
        pt * softplus(-xt)
    }
}

/// `(1 − pt)^γ = σ(−xt)^γ`, to a few ulps even where σ(−xt) is subnormal or
/// 0 but its power is not (γ < 1 and xt beyond ~708).
fn miss_pow(xt: f64, gamma: f64) -> f64 {
    let q = sigmoid(-xt);
    if q >= f64::MIN_POSITIVE || gamma >= 1.0 || gamma == 0.0 {
        return q.powf(gamma);
    }
    // Here xt > 708, where σ(−xt) = e^−xt (1 − e^−xt) rounds to e^−xt, so
    // σ(−xt)^γ = e^(−γ xt), with γ xt taken exactly as hi + lo.
    let hi = gamma * xt;
    let lo = if hi.is_finite() {
        gamma.mul_add(xt, -hi)
    } else {
        0.0
    };
    (-hi).exp() * (1.0 - lo)
}

/// `m^(γ−1)` for the power of a `1 − pt`. The double `γ − 1` is inexact for
/// γ < 1/2, and m^(γ−1) would carry that rounding times |ln m|, up to 4e-14
/// for a subnormal m; the error of the subtraction is put back here.
fn pow_gamma_minus_one(m: f64, gamma: f64) -> f64 {
    let g1 = gamma - 1.0;
    let bb = g1 - gamma;
    let err = (gamma - (g1 - bb)) + (-1.0 - bb);
    let v = m.powf(g1);
    if err == 0.0 || !(m > 0.0 && m.is_finite() && v.is_finite()) {
        v
    } else {
        // m^err = e^(err·ln m) = 1 + err·ln m to within 1e-27.
        v * err.mul_add(m.ln(), 1.0)
    }
}

/// Multiplies a loss by its weight, with a weight of 0 giving 0 even where
/// the loss is infinite.
fn weighted(w: f64, v: f64) -> f64 {
    if w == 0.0 {
        0.0
    } else {
        w * v
    }
}

// ---------------------------------------------------------------- logit space

/// Cross-entropy of the logit `x`: CE = −log pt = softplus(−xt).
pub fn cross_entropy_logit(x: f64, y: Label) -> f64 {
    softplus(-y.logit_t(x))
}

/// dCE/dx = y (pt − 1), with y = ±1.
pub fn cross_entropy_logit_grad(x: f64, y: Label) -> f64 {
    -y.sign() * sigmoid(-y.logit_t(x))
}

/// Focal loss of the logit `x`: FL = −αt (1 − pt)^γ log pt.
///
/// γ = 0 with `alpha == None` is cross-entropy, bit for bit.
pub fn focal_loss_logit(x: f64, y: Label, gamma: f64, alpha: Option<f64>) -> f64 {
    let xt = y.logit_t(x);
    let ce = softplus(-xt);
    let m = miss_pow(xt, gamma);
    weighted(alpha_t(alpha, y), m * ce)
}

/// dFL/dx = αt y (1 − pt)^γ (γ pt log pt + pt − 1), with y = ±1.
///
/// Evaluated as −αt y (1 − pt)^γ (γ pt (−log pt) + (1 − pt)): both terms in the
/// bracket are non-negative, so nothing cancels, and for γ < 1 it tends to 0
/// as pt → 1 instead of 0 · ∞.
pub fn focal_loss_logit_grad(x: f64, y: Label, gamma: f64, alpha: Option<f64>) -> f64 {
    let xt = y.logit_t(x);
    let q = sigmoid(-xt);
    let inner = gamma * pt_times_ce(xt) + q;
    -y.sign() * alpha_t(alpha, y) * miss_pow(xt, gamma) * inner
}

/// The modulating factor (1 − pt)^γ of the logit `x`.
pub fn modulating_factor_logit(x: f64, y: Label, gamma: f64) -> f64 {
    miss_pow(y.logit_t(x), gamma)
}

/// `γ·xt + β` as an unevaluated sum `hi + lo` (exact to about 2⁻¹⁰⁶).
fn affine(gamma: f64, xt: f64, beta: f64) -> (f64, f64) {
    let prod = gamma * xt;
    let prod_err = gamma.mul_add(xt, -prod);
    let hi = prod + beta;
    let bb = hi - prod;
    let sum_err = (prod - (hi - bb)) + (beta - bb);
    let lo = sum_err + prod_err;
    // Near f64::MAX an intermediate can overflow and leave `lo` NaN or ∞
    // even though `hi` is finite; there `lo` is far below `hi` anyway.
    if hi.is_finite() && lo.is_finite() {
        (hi, lo)
    } else {
        (hi, 0.0)
    }
}

/// FL* of the paper's Appendix A: FL* = −log σ(γ xt + β) / γ, for γ > 0.
pub fn focal_star_logit(x: f64, y: Label, gamma: f64, beta: f64) -> f64 {
    let xt = y.logit_t(x);
    let (hi, lo) = affine(gamma, xt, beta);
    if hi == f64::NEG_INFINITY {
        // γ·xt + β overflowed: −log σ(z) = −z to within e^z, so FL* is
        // −xt − β/γ, which is finite for a finite xt.
        return if xt.is_finite() {
            -xt - beta / gamma
        } else {
            f64::INFINITY
        };
    }
    // softplus(−(hi + lo)) ≈ softplus(−hi) − σ(−hi)·lo.
    let sp = softplus(-hi);
    if sp < f64::MIN_POSITIVE && gamma < 1.0 && hi.is_finite() {
        // e^−z is subnormal (or 0) but e^−z / γ need not be: take it as
        // e^−(z + ln γ), with z + ln γ = s + err + lo to about 2⁻¹⁰⁶.
        let l = gamma.ln();
        let s = hi + l;
        let bb = s - hi;
        let err = (hi - (s - bb)) + (l - bb);
        return (-s).exp() * (1.0 - (err + lo));
    }
    let corr = sigmoid(-hi) * lo;
    let v = if corr == 0.0 || corr.is_nan() {
        sp
    } else {
        sp - corr
    };
    v / gamma
}

/// dFL*/dx = y (pt* − 1), with pt* = σ(γ xt + β) and y = ±1.
pub fn focal_star_logit_grad(x: f64, y: Label, gamma: f64, beta: f64) -> f64 {
    let (hi, lo) = affine(gamma, y.logit_t(x), beta);
    // σ(−(hi + lo)) ≈ σ(−hi) − σ(−hi)σ(hi)·lo.
    let q = sigmoid(-hi);
    let corr = q * sigmoid(hi) * lo;
    let v = if corr == 0.0 || corr.is_nan() {
        q
    } else {
        q - corr
    };
    -y.sign() * v
}

// ---------------------------------------------------------- probability space

/// `(ln pt, 1 − pt)` for the probability `p`, each without rounding `pt` first.
fn log_pt_and_miss(p: f64, y: Label) -> (f64, f64) {
    match y {
        Label::Positive => (p.ln(), 1.0 - p),
        Label::Negative => ((-p).ln_1p(), p),
    }
}

/// Cross-entropy of the probability `p`: CE = −log pt (+∞ where pt = 0).
pub fn cross_entropy_prob(p: f64, y: Label) -> f64 {
    -log_pt_and_miss(p, y).0
}

/// dCE/dp: −1/p for y = 1 and 1/(1 − p) for y = 0.
pub fn cross_entropy_prob_grad(p: f64, y: Label) -> f64 {
    focal_loss_prob_grad(p, y, 0.0, None)
}

/// Focal loss of the probability `p`: FL = −αt (1 − pt)^γ log pt.
pub fn focal_loss_prob(p: f64, y: Label, gamma: f64, alpha: Option<f64>) -> f64 {
    let (log_pt, miss) = log_pt_and_miss(p, y);
    weighted(alpha_t(alpha, y), -miss.powf(gamma) * log_pt)
}

/// dFL/dp = ± αt [γ (1 − pt)^(γ−1) log pt − (1 − pt)^γ / pt].
///
/// Written as −αt (1 − pt)^γ [γ (−log pt)/(1 − pt) + 1/pt] with the ratio
/// taken as its limit 1 at pt = 1, so γ < 1 gives a finite gradient there.
pub fn focal_loss_prob_grad(p: f64, y: Label, gamma: f64, alpha: Option<f64>) -> f64 {
    let (log_pt, miss) = log_pt_and_miss(p, y);
    let pt = y.p_t(p);
    let ratio = if miss == 0.0 { 1.0 } else { -log_pt / miss };
    // γ = 0 has no ratio term: 0 · ∞ would be NaN where pt = 0.
    let bracket = if gamma == 0.0 {
        1.0 / pt
    } else {
        gamma * ratio + 1.0 / pt
    };
    let d_dpt = -weighted(alpha_t(alpha, y), miss.powf(gamma) * bracket);
    match y {
        Label::Positive => d_dpt,
        Label::Negative => -d_dpt,
    }
}

/// The modulating factor (1 − pt)^γ of the probability `p`.
pub fn modulating_factor_prob(p: f64, y: Label, gamma: f64) -> f64 {
    log_pt_and_miss(p, y).1.powf(gamma)
}

/// Where the modulating factor (1 − pt)^γ falls to 10^−`decades`, that is,
/// where focal loss is 10^`decades` times smaller than cross-entropy (before
/// any α): pt = 1 − 10^(−decades/γ). The factor falls as pt grows, so from
/// there on the loss is at least that much smaller.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FactorPoint {
    /// pt = 1 − 10^(−decades/γ).
    pub pt: f64,
    /// 1 − pt = 10^(−decades/γ), with all its digits where pt rounds to 1.
    pub miss: f64,
    /// log10(1 − pt) = −decades/γ, finite where `miss` underflows to 0.
    pub log10_miss: f64,
}

/// a·b as hi + lo exactly (Dekker), for finite a·b without overflow.
fn two_product(a: f64, b: f64) -> (f64, f64) {
    let split = |v: f64| {
        let c = 134_217_729.0 * v;
        let hi = c - (c - v);
        (hi, v - hi)
    };
    let p = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// 2^`gamma`: how many times smaller the factor makes the loss at most for
/// pt ≤ 1/2, where (1 − pt)^γ ≥ 2^−γ. `powf`, exact for whole γ; the base
/// is hidden from the optimiser, which would otherwise call `exp2` for a
/// constant 2 and bring its 4 kB table into the page's module.
pub fn pow2(gamma: f64) -> f64 {
    std::hint::black_box(2.0f64).powf(gamma)
}

/// The point where (1 − pt)^γ = 10^−`decades` (for `decades` ≥ 0); `None`
/// for γ = 0, where the factor is 1 everywhere and the loss never shrinks,
/// and for NaN.
///
/// The exponent −decades/γ is carried in two parts (the quotient and its
/// rounding error, from a fused multiply-add), so the one rounding that
/// matters is that of `powf`: 1 − pt is within a few ulps of the exact value
/// even where it is 10^−300 (γ near 0.007 for 100×).
pub fn factor_point(gamma: f64, decades: f64) -> Option<FactorPoint> {
    if gamma.is_nan() || gamma <= 0.0 || decades.is_nan() || decades < 0.0 {
        return None;
    }
    let q = decades / gamma;
    // decades = q·γ + r exactly, so decades/γ = q + r/γ to twice the digits
    // (q·γ exactly as a sum of two, by Dekker's product: no fused
    // multiply-add, which wasm has only in software).
    let (hi, lo) = two_product(q, gamma);
    let low = ((decades - hi) - lo) / gamma;
    // (Not finite only where q is 0 or infinite, and then exact.)
    let low = if low.is_finite() { low } else { 0.0 };
    // 10^−(q + low) = 10^−q · (1 − low·ln 10 + …), and |low| ≤ ulp(q).
    let miss = 10f64.powf(-q) * (1.0 - low * std::f64::consts::LN_10);
    Some(FactorPoint {
        pt: 1.0 - miss,
        miss,
        log10_miss: -(q + low),
    })
}

/// FL* of the probability `p` (γ > 0).
///
/// Through the logit where pt < 1/2. Where pt ≥ 1/2 the logit's rounding
/// would be multiplied by γ·xt (up to ~745) in e^−z, so there FL* is taken
/// from `1 − pt`, which is exact: e^−z = e^−β ((1 − pt)/pt)^γ and
/// FL* = log1p(e^−z)/γ.
pub fn focal_star_prob(p: f64, y: Label, gamma: f64, beta: f64) -> f64 {
    let miss = log_pt_and_miss(p, y).1;
    let pt = y.p_t(p);
    if pt >= 0.5 && miss > 0.0 {
        let u = (miss / pt).powf(gamma) * (-beta).exp();
        if u.is_normal() {
            return u.ln_1p() / gamma;
        }
    }
    focal_star_logit(logit(p), y, gamma, beta)
}

/// |dFL*/dpt| = σ(−z) / (pt (1 − pt)) for pt in (0, 1), z = γ xt + β.
fn focal_star_prob_slope(p: f64, y: Label, gamma: f64, beta: f64) -> f64 {
    let (log_pt, miss) = log_pt_and_miss(p, y);
    let pt = y.p_t(p);
    if pt >= 0.5 {
        // σ(−z) = m^γ / (m^γ + e^β pt^γ) with m = 1 − pt exact, so the slope
        // is m^(γ−1) / (pt (m^γ + e^β pt^γ)): no logit to round, and no
        // underflow of σ(−z) where the quotient is a normal number.
        let num = pow_gamma_minus_one(miss, gamma);
        let den = pt * (miss.powf(gamma) + beta.exp() * pt.powf(gamma));
        let s = num / den;
        if num.is_normal() && den.is_normal() && s.is_normal() {
            return s;
        }
    } else {
        let s = focal_star_logit_grad(logit(p), y, gamma, beta).abs() / (p * (1.0 - p));
        if s.is_normal() {
            return s;
        }
    }
    // Over- or underflow on the way: in logs, ln σ(−z) = −softplus(z).
    let (hi, lo) = affine(gamma, y.logit_t(logit(p)), beta);
    (-softplus(hi + lo) - log_pt - miss.ln()).exp()
}

/// dFL*/dp = (dFL*/dx) / (p (1 − p)), with its limits at p = 0 and p = 1.
pub fn focal_star_prob_grad(p: f64, y: Label, gamma: f64, beta: f64) -> f64 {
    if p > 0.0 && p < 1.0 {
        let d_dpt = -focal_star_prob_slope(p, y, gamma, beta);
        return match y {
            Label::Positive => d_dpt,
            Label::Negative => -d_dpt,
        };
    }
    // At an end point pt ∈ {0, 1}. Near pt = 1, 1 − pt* ≈ e^−β (1 − pt)^γ, so
    // the derivative behaves like ∓ e^−β (1 − pt)^(γ−1); near pt = 0 it is
    // ∓ 1 / pt, which is infinite.
    let pt = y.p_t(p);
    let d_dpt = if pt >= 1.0 {
        if gamma > 1.0 {
            0.0
        } else if gamma == 1.0 {
            -(-beta).exp()
        } else {
            f64::NEG_INFINITY
        }
    } else {
        f64::NEG_INFINITY
    };
    match y {
        Label::Positive => d_dpt,
        Label::Negative => -d_dpt,
    }
}

// ------------------------------------------------------------- soft targets

/// One element of torchvision's `sigmoid_focal_loss` for a logit `x` and a
/// target `t` in [0, 1]: αt · (1 − pt)^γ · BCE(x, t), where
/// pt = p t + (1 − p)(1 − t) and αt = α t + (1 − α)(1 − t) (1 when
/// unweighted). For t in {0, 1} it is [`focal_loss_logit`] exactly.
pub fn sigmoid_focal_loss_elem(x: f64, t: f64, gamma: f64, alpha: Option<f64>) -> f64 {
    if let Some(y) = Label::from_y(t) {
        return focal_loss_logit(x, y, gamma, alpha);
    }
    let (miss, ce) = soft_parts(x, t);
    if ce.is_infinite() {
        // x = ±∞: 1 − pt tends to t or 1 − t, which is not 0, even where its
        // power underflows (a subnormal t), so the loss is infinite.
        return weighted(soft_alpha(alpha, t), ce);
    }
    weighted(soft_alpha(alpha, t), miss.powf(gamma) * ce)
}

/// d/dx of [`sigmoid_focal_loss_elem`].
pub fn sigmoid_focal_loss_elem_grad(x: f64, t: f64, gamma: f64, alpha: Option<f64>) -> f64 {
    if let Some(y) = Label::from_y(t) {
        return focal_loss_logit_grad(x, y, gamma, alpha);
    }
    let (miss, ce) = soft_parts(x, t);
    let s = sigmoid(x);
    let sn = sigmoid(-x);
    let d_miss = (1.0 - 2.0 * t) * s * sn;
    // dBCE/dx = σ(x) − t. For t ≥ 1/2, 1 − t is exact, and (1 − t) − σ(−x)
    // keeps the digits that σ(x) ≈ 1 would round away.
    let d_ce = if t >= 0.5 { (1.0 - t) - sn } else { s - t };
    let g = if gamma == 0.0 {
        d_ce
    } else {
        // (1 − pt)^γ [γ (d_miss / (1 − pt)) ce + d_ce]. The ratio is at most 2
        // in size, whereas (1 − pt)^(γ−1) overflows for a subnormal t, where
        // d_miss is 0 (∞ · 0 = NaN).
        let ratio = if miss > 0.0 { d_miss / miss } else { 0.0 };
        // At x = ±∞ the ratio is 0 and the cross-entropy ∞: the product's
        // limit is 0.
        let slope = if ratio == 0.0 {
            0.0
        } else {
            gamma * ratio * ce
        };
        miss.powf(gamma) * (slope + d_ce)
    };
    weighted(soft_alpha(alpha, t), g)
}

/// `(1 − pt, BCE)` for a soft target: both sums of non-negative terms.
fn soft_parts(x: f64, t: f64) -> (f64, f64) {
    let miss = t * sigmoid(-x) + (1.0 - t) * sigmoid(x);
    let ce = t * softplus(-x) + (1.0 - t) * softplus(x);
    (miss, ce)
}

fn soft_alpha(alpha: Option<f64>, t: f64) -> f64 {
    match alpha {
        None => 1.0,
        Some(a) => a * t + (1.0 - a) * (1.0 - t),
    }
}

// ------------------------------------------------------------- the loss kind

/// A loss with its parameters: what a curve on the page plots.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Loss {
    /// −log pt.
    CrossEntropy,
    /// −αt (1 − pt)^γ log pt; γ = 0 with α gives α-balanced cross-entropy.
    Focal { gamma: f64, alpha: Option<f64> },
    /// −log σ(γ xt + β) / γ, for γ > 0.
    FocalStar { gamma: f64, beta: f64 },
    /// The ratio FL / CE = αt (1 − pt)^γ; with `alpha == None` it is the
    /// modulating factor (1 − pt)^γ. Not a loss, but plotted as one.
    Modulating { gamma: f64, alpha: Option<f64> },
}

impl Loss {
    /// The value at logit `x`.
    pub fn value_logit(&self, x: f64, y: Label) -> f64 {
        match *self {
            Loss::CrossEntropy => cross_entropy_logit(x, y),
            Loss::Focal { gamma, alpha } => focal_loss_logit(x, y, gamma, alpha),
            Loss::FocalStar { gamma, beta } => focal_star_logit(x, y, gamma, beta),
            Loss::Modulating { gamma, alpha } => {
                alpha_t(alpha, y) * modulating_factor_logit(x, y, gamma)
            }
        }
    }

    /// The derivative with respect to the logit `x`.
    pub fn grad_logit(&self, x: f64, y: Label) -> f64 {
        match *self {
            Loss::CrossEntropy => cross_entropy_logit_grad(x, y),
            Loss::Focal { gamma, alpha } => focal_loss_logit_grad(x, y, gamma, alpha),
            Loss::FocalStar { gamma, beta } => focal_star_logit_grad(x, y, gamma, beta),
            Loss::Modulating { gamma, alpha } => {
                // d/dx σ(−xt)^γ = −y γ σ(−xt)^γ σ(xt).
                let xt = y.logit_t(x);
                -y.sign() * alpha_t(alpha, y) * gamma * miss_pow(xt, gamma) * sigmoid(xt)
            }
        }
    }

    /// The value at probability `p`.
    pub fn value_prob(&self, p: f64, y: Label) -> f64 {
        match *self {
            Loss::CrossEntropy => cross_entropy_prob(p, y),
            Loss::Focal { gamma, alpha } => focal_loss_prob(p, y, gamma, alpha),
            Loss::FocalStar { gamma, beta } => focal_star_prob(p, y, gamma, beta),
            Loss::Modulating { gamma, alpha } => {
                alpha_t(alpha, y) * modulating_factor_prob(p, y, gamma)
            }
        }
    }

    /// The derivative with respect to the probability `p`.
    pub fn grad_prob(&self, p: f64, y: Label) -> f64 {
        match *self {
            Loss::CrossEntropy => cross_entropy_prob_grad(p, y),
            Loss::Focal { gamma, alpha } => focal_loss_prob_grad(p, y, gamma, alpha),
            Loss::FocalStar { gamma, beta } => focal_star_prob_grad(p, y, gamma, beta),
            Loss::Modulating { gamma, alpha } => {
                // d/dpt (1 − pt)^γ = −γ (1 − pt)^(γ−1); 0 when γ = 0.
                let miss = log_pt_and_miss(p, y).1;
                let d = if gamma == 0.0 {
                    0.0
                } else {
                    -weighted(alpha_t(alpha, y), gamma * pow_gamma_minus_one(miss, gamma))
                };
                match y {
                    Label::Positive => d,
                    Label::Negative => -d,
                }
            }
        }
    }
}
