//! What cross-entropy and focal loss make of a set of predictions.
//!
//! A [`Predictions`] is built once from logits and labels (a user's file or a
//! model's outputs); it keeps, per class, the logits as `xt` (the logit seen
//! from the true class) sorted from the easiest example to the hardest, with
//! what does not depend on γ beside them: `1 − pt = σ(−xt)`, `CE = −log pt`
//! and `pt · CE`. Then a γ move ([`Predictions::gamma_pass`]) is one pass of
//! one `powf` per row, and an α move ([`Predictions::summary_with`]) costs
//! nothing per row: αt is one number per class, so it multiplies class sums.
//!
//! Why sorting by `xt` is enough for every γ: FL = αt (1 − pt)^γ CE is a
//! product of two functions that fall as `xt` grows, so for every γ ≥ 0 the
//! order of descending `xt` is the order of ascending loss, the order the
//! paper's Figure 4 needs; and the easy examples (pt > 1/2, i.e. xt > 0) are
//! a prefix of it.
//!
//! Every per-row number is the crate's own: FL = αt·((1 − pt)^γ·CE) and
//! |dFL/dx| = (1 − pt)^γ (γ pt CE + (1 − pt)) are evaluated with the very
//! operations of [`crate::loss::focal_loss_logit`] and
//! [`crate::loss::focal_loss_logit_grad`], so that each row equals
//! [`crate::loss::sigmoid_focal_loss_elem`] bit for bit before weighting;
//! sums are compensated ([`Sum`]), so a million rows stay exact to ~1e-15
//! (tested to 1e-14 against the crate's functions row by row).
//!
//! A γ pass over a million rows takes longer than a frame (a `powf` a row),
//! so it can also be made in slices ([`Predictions::begin_gamma_pass`],
//! [`PassInProgress::advance`]) that carry its sums and its curve from one
//! slice to the next: the finished pass is the one-shot pass bit for bit,
//! whatever the slices. While the exact pass is under way, a drag is drawn
//! from [`Predictions::draft_cdfs`]: Figure 4's curve at γ from a fixed
//! sample of each class (its hardest rows as they are, a quantile for the
//! others; at most [`DRAFT_ROWS`] rows), never shown as numbers. Rows that
//! repeat a score (sorted, they are neighbours) share one `powf`: a file of
//! probabilities written with 6 digits repeats about a quarter of its rows.

use crate::error::{Error, Result};
use crate::loss::{modulating_factor_logit, Label};

/// The γ of the paper's Figure 4, drawn beside the current γ.
pub const FIGURE4_GAMMAS: [f64; 4] = [0.0, 0.5, 1.0, 2.0];

/// How many points a cumulative loss curve is resampled at: the fractions
/// 0, 1/200, …, 1 of a class's examples (see [`cdf_fractions`]).
pub const CDF_POINTS: usize = 201;

/// Rows of a class at most in the sample a draft curve is drawn from
/// ([`Predictions::draft_cdfs`]); a class of at most this many rows is its
/// own sample, and its draft is its exact curve.
pub const DRAFT_ROWS: usize = 1 << 14;

/// The sample's hardest rows, kept as they are: one in this many of its rows.
const DRAFT_TAIL_SHARE: usize = 8;

/// The weight histogram's lowest edge, as a power of ten (1e-12).
pub const WEIGHT_LOWEST_DECADE: i32 = -12;

/// Bins per decade of the weight histogram.
pub const WEIGHT_BINS_PER_DECADE: usize = 4;

/// Bins of the weight histogram between 1e-12 and 1 (the underflow bin apart).
pub const WEIGHT_BINS: usize = 12 * WEIGHT_BINS_PER_DECADE;

/// The x of every cumulative loss curve: `CDF_POINTS` evenly spaced
/// fractions of a class's examples, from 0 to 1.
pub fn cdf_fractions() -> Vec<f64> {
    (0..CDF_POINTS)
        .map(|j| j as f64 / (CDF_POINTS - 1) as f64)
        .collect()
}

/// The `WEIGHT_BINS + 1` edges of the weight histogram, from 1e-12 to 1,
/// evenly spaced on a log10 axis.
pub fn weight_edges() -> Vec<f64> {
    (0..=WEIGHT_BINS)
        .map(|b| {
            let exponent = WEIGHT_LOWEST_DECADE as f64 + b as f64 / WEIGHT_BINS_PER_DECADE as f64;
            10f64.powf(exponent)
        })
        .collect()
}

/// torchvision's `alpha`: a negative value (its default −1 turned off) means
/// no weighting.
pub fn alpha_from_torchvision(alpha: f64) -> Option<f64> {
    if alpha < 0.0 {
        None
    } else {
        Some(alpha)
    }
}

/// A compensated sum (Neumaier's variant of Kahan's): the error of each
/// addition is kept and added back at the end, so the result is the exact sum
/// rounded once, give or take a few ulps, whatever the number of terms.
/// Infinite terms are kept apart, so an infinite loss gives an infinite sum
/// and never NaN.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sum {
    hi: f64,
    lo: f64,
    special: f64,
}

impl Sum {
    /// Adds one term.
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_finite() {
            let t = self.hi + v;
            if self.hi.abs() >= v.abs() {
                self.lo += (self.hi - t) + v;
            } else {
                self.lo += (v - t) + self.hi;
            }
            self.hi = t;
        } else {
            self.special += v;
        }
    }

    /// The sum so far.
    #[inline]
    pub fn value(&self) -> f64 {
        if self.special != 0.0 || self.special.is_nan() {
            self.special
        } else {
            self.hi + self.lo
        }
    }
}

/// The compensated sum of a slice.
pub fn sum(values: &[f64]) -> f64 {
    let mut s = Sum::default();
    for &v in values {
        s.add(v);
    }
    s.value()
}

/// `w · v`, with a weight of 0 giving 0 even where `v` is infinite (as the
/// crate's losses weight).
fn weighted(w: f64, v: f64) -> f64 {
    if w == 0.0 {
        0.0
    } else {
        w * v
    }
}

/// `part / total`, and 0 where the total is 0 (no loss at all).
fn share(part: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        part / total
    }
}

/// The αt of a class for the `alpha` of the losses.
fn class_alpha(alpha: Option<f64>, label: Label) -> f64 {
    crate::loss::alpha_t(alpha, label)
}

/// Checks γ and α as the losses take them.
fn check(gamma: f64, alpha: Option<f64>) -> Result<()> {
    if !(gamma >= 0.0 && gamma.is_finite()) {
        return Err(Error(format!("γ must be a number ≥ 0, not {gamma}")));
    }
    if let Some(a) = alpha {
        if !(0.0..=1.0).contains(&a) {
            return Err(Error(format!(
                "α must be between 0 and 1 (or none), not {a}"
            )));
        }
    }
    Ok(())
}

/// `(pt, 1 − pt, CE)` for `xt`: `sigmoid(xt)`, `sigmoid(−xt)` and
/// `softplus(−xt)` with the very operations of those functions, which all
/// take the exponential of −|xt|, so it is taken once.
#[inline]
fn parts(xt: f64) -> (f64, f64, f64) {
    let e = (-xt.abs()).exp();
    if xt > 0.0 {
        (1.0 / (1.0 + e), e / (1.0 + e), e.ln_1p())
    } else if xt < 0.0 {
        (e / (1.0 + e), 1.0 / (1.0 + e), -xt + e.ln_1p())
    } else {
        // ±0: sigmoid(±0) and softplus(∓0) take their x ≥ 0, x ≤ 0 branches.
        (1.0 / (1.0 + e), 1.0 / (1.0 + e), e.ln_1p())
    }
}

/// Sorts from the largest to the smallest (−0 after +0), through integer
/// keys: the bits of a double, with the sign bit flipped for positives and
/// all bits for negatives, order as the doubles do (`f64::total_cmp`), and
/// integers sort faster than a comparison closure on doubles.
fn sort_descending(xs: Vec<f64>) -> Vec<f64> {
    let key = |x: f64| {
        let b = x.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | 1 << 63
        }
    };
    let unkey = |k: u64| {
        if k >> 63 == 1 {
            f64::from_bits(k & !(1 << 63))
        } else {
            f64::from_bits(!k)
        }
    };
    // Same size and alignment: `collect` reuses the allocation both ways, so
    // ten million rows need no second 80 MB buffer.
    let mut keys: Vec<u64> = xs.into_iter().map(|x| !key(x)).collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| unkey(!k)).collect()
}

/// One class's examples, easiest first.
#[derive(Clone, Debug)]
struct Class {
    label: Label,
    /// The logit seen from the true class, descending.
    xt: Vec<f64>,
    /// 1 − pt = σ(−xt), ascending.
    q: Vec<f64>,
    /// CE = −log pt = softplus(−xt), ascending.
    ce: Vec<f64>,
    /// pt · CE, 0 where pt = 0 (the bracket of the focal loss gradient).
    pt_ce: Vec<f64>,
    /// How many have pt > 1/2: a prefix.
    easy: usize,
    /// How many have an infinite CE (xt = −∞, a probability of exactly 0 or 1
    /// on the wrong side): a suffix.
    infinite: usize,
    ce_sum: f64,
    ce_easy: f64,
    /// Σ |dCE/dx| = Σ (1 − pt).
    grad_sum: f64,
    grad_easy: f64,
    /// The Figure 4 curves at [`FIGURE4_GAMMAS`].
    reference: Vec<Vec<f64>>,
}

/// The sums and the curve of one class at one γ, before α.
#[derive(Clone, Debug)]
struct ClassPass {
    fl: f64,
    fl_easy: f64,
    grad: f64,
    grad_easy: f64,
    cdf: Vec<f64>,
}

impl Class {
    /// `xt` of the class's examples, in any order, none NaN.
    fn new(label: Label, xt: Vec<f64>) -> Class {
        let mut class = Class::from_sorted(label, sort_descending(xt));
        // The reference curves are drawn, not summed: the powers that have
        // a cheaper correctly rounded form take it (within an ulp of powf).
        class.reference = FIGURE4_GAMMAS
            .iter()
            .map(|&g| {
                let q = &class.q;
                let curve = match g {
                    0.0 => class.pass_with(g, |_| 1.0),
                    0.5 => class.pass_with(g, |i| q[i].sqrt()),
                    1.0 => class.pass_with(g, |i| q[i]),
                    2.0 => class.pass_with(g, |i| q[i] * q[i]),
                    _ => class.pass(g),
                };
                curve.cdf
            })
            .collect();
        class
    }

    /// The class of `xt`, already sorted in descending order, without its
    /// reference curves.
    fn from_sorted(label: Label, xt: Vec<f64>) -> Class {
        let n = xt.len();
        let (mut q, mut ce, mut pt_ce) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut easy = 0;
        let (mut ce_sum, mut grad_sum) = (Sum::default(), Sum::default());
        let (mut ce_easy, mut grad_easy) = (0.0, 0.0);
        for &x in &xt {
            let (pt, miss, c) = parts(x);
            if pt > 0.5 {
                easy += 1;
            }
            q.push(miss);
            ce.push(c);
            pt_ce.push(if pt == 0.0 { 0.0 } else { pt * c });
            ce_sum.add(c);
            grad_sum.add(miss);
            if easy == q.len() {
                ce_easy = ce_sum.value();
                grad_easy = grad_sum.value();
            }
        }
        let infinite = ce.iter().rev().take_while(|c| c.is_infinite()).count();
        Class {
            label,
            xt,
            q,
            ce,
            pt_ce,
            easy,
            infinite,
            ce_sum: ce_sum.value(),
            ce_easy,
            grad_sum: grad_sum.value(),
            grad_easy,
            reference: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.xt.len()
    }

    /// The class's draft sample ([`Sample`]) of at most `rows` rows; none
    /// when the class has at most `rows` examples: it is its own sample.
    fn sample(&self, rows: usize) -> Option<Sample> {
        let n = self.len();
        if n <= rows {
            return None;
        }
        // The hardest rows as they are, where a few can hold much of the
        // loss at a large γ; the others a quantile each: the middle row of
        // each of `body` runs of (nearly) equal length.
        let tail = rows / DRAFT_TAIL_SHARE;
        let body = rows - tail;
        let (rest, m) = ((n - tail) as u128, body as u128);
        let start = |j: u128| (j * rest / m) as usize;
        let mut xt = Vec::with_capacity(rows);
        let mut weight = Vec::with_capacity(rows);
        for j in 0..m {
            let (a, b) = (start(j), start(j + 1));
            xt.push(self.xt[(a + b) / 2]);
            weight.push((b - a) as f64);
        }
        xt.extend_from_slice(&self.xt[n - tail..]);
        weight.resize(rows, 1.0);
        Some(Sample {
            rows: Class::from_sorted(self.label, xt),
            weight,
        })
    }

    /// (1 − pt)^γ of row `i`, as `modulating_factor_logit` evaluates it.
    #[inline]
    fn miss_pow(&self, i: usize, gamma: f64) -> f64 {
        let q = self.q[i];
        if q >= f64::MIN_POSITIVE || gamma >= 1.0 || gamma == 0.0 {
            q.powf(gamma)
        } else {
            modulating_factor_logit(self.xt[i], Label::Positive, gamma)
        }
    }

    /// The one pass over the rows that a γ needs.
    fn pass(&self, gamma: f64) -> ClassPass {
        let mut cursor = ClassCursor::new(self);
        cursor.run(self, gamma, self.len(), |i| self.miss_pow(i, gamma));
        cursor.finish(self)
    }

    /// Unweighted sums of FL and |dFL/dx| and the cumulative loss curve,
    /// with `miss(i)` = (1 − pt)^γ of row `i`.
    fn pass_with(&self, gamma: f64, miss: impl Fn(usize) -> f64) -> ClassPass {
        let mut cursor = ClassCursor::new(self);
        cursor.run(self, gamma, self.len(), miss);
        cursor.finish(self)
    }

    /// Cumulative sums at the sample points, divided by the total: from 0 to
    /// 1, never falling. A class without any loss (every example certain)
    /// gets the diagonal, the limit of equal losses; a class with infinite
    /// losses has all its loss in those, spread evenly over them.
    fn normalize(&self, mut raw: Vec<f64>, total: f64) -> Vec<f64> {
        let n = self.xt.len() as f64;
        let last = (CDF_POINTS - 1) as f64;
        if self.infinite > 0 {
            let finite = n - self.infinite as f64;
            for (j, y) in raw.iter_mut().enumerate() {
                let s = j as f64 * n / last;
                *y = ((s - finite) / self.infinite as f64).clamp(0.0, 1.0);
            }
        } else if total > 0.0 {
            for y in raw.iter_mut() {
                *y /= total;
            }
        } else {
            for (j, y) in raw.iter_mut().enumerate() {
                *y = j as f64 / last;
            }
        }
        // Rounding may leave a sample one ulp below the one before it.
        let mut top = 0.0;
        for y in raw.iter_mut() {
            *y = y.clamp(top, 1.0);
            top = *y;
        }
        raw[0] = 0.0;
        raw[CDF_POINTS - 1] = 1.0;
        raw
    }

    /// How many rows have a weight αt·(1 − pt)^γ below `edge`: the weights
    /// rise along the rows, so a binary search finds the first one that is not.
    fn count_below(&self, gamma: f64, alpha_t: f64, edge: f64) -> usize {
        let (mut lo, mut hi) = (0, self.xt.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if weighted(alpha_t, self.miss_pow(mid, gamma)) < edge {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn histogram(&self, gamma: f64, alpha_t: f64, edges: &[f64]) -> Histogram {
        let below: Vec<usize> = edges
            .iter()
            .map(|&e| self.count_below(gamma, alpha_t, e))
            .collect();
        let mut bins: Vec<usize> = below.windows(2).map(|w| w[1] - w[0]).collect();
        // The top bin is closed: it holds a weight of exactly 1.
        if let Some(top) = bins.last_mut() {
            *top += self.xt.len() - below[below.len() - 1];
        }
        Histogram {
            below: below[0],
            bins,
        }
    }
}

/// Where sample `j` of a cumulative loss curve of `n` examples sits: at
/// s = j·n/(P − 1) examples, after ⌊s⌋ whole ones and a fraction of the
/// next one.
#[inline]
fn sample_at(j: usize, n: usize) -> (usize, f64) {
    let last = (CDF_POINTS - 1) as u64;
    let jn = j as u64 * n as u64;
    ((jn / last) as usize, (jn % last) as f64 / last as f64)
}

/// A class's pass under way: what it carries from one slice of rows to the
/// next. Running it over the rows in one slice or in many gives the same
/// bits: each row is added to the same sums in the same order.
#[derive(Clone, Debug)]
struct ClassCursor {
    /// Rows done: the next row is `at`.
    at: usize,
    /// The curve's samples so far, before normalizing.
    raw: Vec<f64>,
    /// The next sample, and its row and fraction.
    next: usize,
    next_k: usize,
    next_frac: f64,
    fl: Sum,
    grad: Sum,
    fl_easy: f64,
    grad_easy: f64,
}

impl ClassCursor {
    fn new(class: &Class) -> ClassCursor {
        let (next_k, next_frac) = sample_at(0, class.len());
        ClassCursor {
            at: 0,
            raw: Vec::with_capacity(CDF_POINTS),
            next: 0,
            next_k,
            next_frac,
            fl: Sum::default(),
            grad: Sum::default(),
            fl_easy: 0.0,
            grad_easy: 0.0,
        }
    }

    fn done(&self, class: &Class) -> bool {
        self.at >= class.len()
    }

    /// Adds the rows from `at` up to `end` (at most the class's end), with
    /// `miss(i)` = (1 − pt)^γ of row `i`, a function of the row's `xt`
    /// alone: a row whose `xt` has the bits of the row before it (a
    /// repeated score, common in files written with few digits) takes that
    /// row's power instead of computing it again, which gives the same bits.
    #[inline]
    fn run(&mut self, class: &Class, gamma: f64, end: usize, miss: impl Fn(usize) -> f64) {
        let n = class.len();
        let end = end.min(n);
        let (xt, q, ce, pt_ce) = (&class.xt, &class.q, &class.ce, &class.pt_ce);
        let mut previous = (u64::MAX, 0.0);
        for i in self.at..end {
            if i == class.easy {
                self.fl_easy = self.fl.value();
                self.grad_easy = self.grad.value();
            }
            let bits = xt[i].to_bits();
            let m = if bits == previous.0 {
                previous.1
            } else {
                let m = miss(i);
                previous = (bits, m);
                m
            };
            let v = m * ce[i];
            while self.next < CDF_POINTS && self.next_k == i {
                self.raw.push(self.fl.value() + self.next_frac * v);
                self.next += 1;
                if self.next < CDF_POINTS {
                    (self.next_k, self.next_frac) = sample_at(self.next, n);
                }
            }
            self.fl.add(v);
            self.grad.add(m * (gamma * pt_ce[i] + q[i]));
        }
        self.at = self.at.max(end);
    }

    /// The finished pass (every row must have been run).
    fn finish(mut self, class: &Class) -> ClassPass {
        let n = class.len();
        debug_assert!(self.done(class));
        if class.easy == n {
            self.fl_easy = self.fl.value();
            self.grad_easy = self.grad.value();
        }
        let total = self.fl.value();
        let cdf = if n > 0 {
            while self.raw.len() < CDF_POINTS {
                self.raw.push(total);
            }
            class.normalize(self.raw, total)
        } else {
            Vec::new()
        };
        ClassPass {
            fl: total,
            fl_easy: self.fl_easy,
            grad: self.grad.value(),
            grad_easy: self.grad_easy,
            cdf,
        }
    }
}

/// A class's draft sample: its hardest rows as they are, and for the
/// others one row in the middle of each run of equal length, standing for
/// the run (its `weight`, in rows). Drawn from at any γ in a few ms.
#[derive(Clone, Debug)]
struct Sample {
    rows: Class,
    /// How many of the class's rows each row of the sample stands for.
    weight: Vec<f64>,
}

impl Sample {
    /// Figure 4's curve of `class` at γ, from the sample: each row of the
    /// sample is taken for `weight` rows of equal loss, and the curve is
    /// sampled where the exact one is, along the class's rows.
    fn cdf(&self, class: &Class, gamma: f64) -> Vec<f64> {
        let n = class.len();
        if class.infinite > 0 {
            // All the loss is in the infinite rows: the curve is their count's.
            return class.normalize(vec![0.0; CDF_POINTS], 0.0);
        }
        let last = (CDF_POINTS - 1) as f64;
        let mut raw = Vec::with_capacity(CDF_POINTS);
        let mut fl = Sum::default();
        // Rows of the class before the current row of the sample.
        let mut at = 0.0;
        let mut j = 0;
        for (i, &w) in self.weight.iter().enumerate() {
            let v = self.rows.miss_pow(i, gamma) * self.rows.ce[i];
            // Samples before the end of this row's run: s = j·n/(P − 1).
            while j < CDF_POINTS && (j as f64 * n as f64 / last) < at + w {
                let into = (j as f64 * n as f64 / last - at).max(0.0);
                raw.push(fl.value() + into * v);
                j += 1;
            }
            fl.add(w * v);
            at += w;
        }
        let total = fl.value();
        while raw.len() < CDF_POINTS {
            raw.push(total);
        }
        class.normalize(raw, total)
    }
}

/// A set of predictions, ready for any γ and α.
#[derive(Clone, Debug)]
pub struct Predictions {
    negatives: Class,
    positives: Class,
    /// Each class's sample for draft curves ([`DRAFT_ROWS`] rows), none
    /// for a class that is its own sample.
    draft_negatives: Option<Sample>,
    draft_positives: Option<Sample>,
}

/// A γ pass under way, made in slices of rows (the negatives' rows, then
/// the positives'): [`Predictions::begin_gamma_pass`], then
/// [`PassInProgress::advance`] until it says it is done, then
/// [`PassInProgress::finish`]. The finished pass equals
/// [`Predictions::gamma_pass`] bit for bit, whatever the slices.
#[derive(Clone, Debug)]
pub struct PassInProgress {
    gamma: f64,
    /// The sizes of the classes it was begun on, to refuse others.
    sizes: (usize, usize),
    negatives: ClassCursor,
    positives: ClassCursor,
}

impl PassInProgress {
    /// The γ it is for.
    pub fn gamma(&self) -> f64 {
        self.gamma
    }

    /// Rows done so far, of both classes.
    pub fn rows_done(&self) -> usize {
        self.negatives.at + self.positives.at
    }

    /// Whether every row is done.
    pub fn is_done(&self) -> bool {
        self.rows_done() == self.sizes.0 + self.sizes.1
    }

    fn check(&self, p: &Predictions) -> Result<()> {
        if self.sizes == (p.negatives.len(), p.positives.len()) {
            Ok(())
        } else {
            Err(Error("this γ pass was begun on other predictions".into()))
        }
    }

    /// Runs up to `rows` more rows; says whether every row is done.
    pub fn advance(&mut self, p: &Predictions, rows: usize) -> Result<bool> {
        self.check(p)?;
        let gamma = self.gamma;
        let mut left = rows;
        for (cursor, class) in [
            (&mut self.negatives, &p.negatives),
            (&mut self.positives, &p.positives),
        ] {
            let start = cursor.at;
            let end = start.saturating_add(left).min(class.len());
            cursor.run(class, gamma, end, |i| class.miss_pow(i, gamma));
            left -= end - start;
        }
        Ok(self.is_done())
    }

    /// The finished pass: the rows not done yet are run first.
    pub fn finish(mut self, p: &Predictions) -> Result<GammaPass> {
        self.advance(p, usize::MAX)?;
        Ok(GammaPass {
            gamma: self.gamma,
            negatives: self.negatives.finish(&p.negatives),
            positives: self.positives.finish(&p.positives),
        })
    }
}

/// What one γ costs, done once: per class, the unweighted sums of FL and of
/// |dFL/dx| (overall and over the easy examples) and Figure 4's curve.
/// α applies to it for free ([`Predictions::summary_with`]).
#[derive(Clone, Debug)]
pub struct GammaPass {
    gamma: f64,
    negatives: ClassPass,
    positives: ClassPass,
}

impl GammaPass {
    /// The γ it was made for.
    pub fn gamma(&self) -> f64 {
        self.gamma
    }
}

/// Counts of a weight histogram: weights αt (1 − pt)^γ = FL / CE, on a log10
/// axis with the edges of [`weight_edges`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    /// Weights below 1e-12, an exact 0 among them.
    pub below: usize,
    /// `WEIGHT_BINS` counts: bin `b` holds weights in [edge b, edge b+1),
    /// the top one [edge, 1].
    pub bins: Vec<usize>,
}

/// One class under CE and under FL at (γ, α). Sums are exact sums of the
/// crate's per-row losses; "easy" means pt > 1/2.
#[derive(Clone, Debug)]
pub struct ClassSummary {
    pub count: usize,
    /// Examples with pt > 1/2.
    pub easy: usize,
    /// Σ CE (unweighted binary cross-entropy), and over the easy examples.
    pub ce: f64,
    pub ce_easy: f64,
    /// Σ |dCE/dx|, and over the easy examples.
    pub ce_grad: f64,
    pub ce_grad_easy: f64,
    /// Σ FL at (γ, α), and over the easy examples.
    pub fl: f64,
    pub fl_easy: f64,
    /// Σ |dFL/dx| at (γ, α), and over the easy examples.
    pub fl_grad: f64,
    pub fl_grad_easy: f64,
    /// Figure 4 at γ: the share of the class's loss held by the fraction
    /// [`cdf_fractions`] of its examples, lowest losses first; `CDF_POINTS`
    /// values from 0 to 1, or none for a class without examples. The curve
    /// is the piecewise-linear one through (k/n, share of the k lowest
    /// losses), each example's loss spread over its 1/n of the axis, sampled
    /// exactly (no smoothing). αt cancels in the share.
    pub cdf: Vec<f64>,
    /// The weights FL / CE = αt (1 − pt)^γ.
    pub weights: Histogram,
}

/// The shares that come from easy negatives (label 0, pt > 1/2), each
/// between 0 and 1 (0 where there is no loss at all).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EasyNegativeShares {
    pub ce_loss: f64,
    pub ce_grad: f64,
    pub fl_loss: f64,
    pub fl_grad: f64,
}

/// Everything the panel shows for one (γ, α).
#[derive(Clone, Debug)]
pub struct Summary {
    pub gamma: f64,
    pub alpha: Option<f64>,
    pub negatives: ClassSummary,
    pub positives: ClassSummary,
}

impl Summary {
    /// Number of predictions.
    pub fn rows(&self) -> usize {
        self.negatives.count + self.positives.count
    }

    /// The share of positives (label 1) among all rows; 0 for no rows.
    pub fn positive_fraction(&self) -> f64 {
        share(self.positives.count as f64, self.rows() as f64)
    }

    /// Σ CE: torchvision's `reduction="sum"` of
    /// `binary_cross_entropy_with_logits`.
    pub fn ce_sum(&self) -> f64 {
        add2(self.negatives.ce, self.positives.ce)
    }

    /// Σ CE / N: `reduction="mean"` (NaN for no rows, as torch's mean of an
    /// empty tensor).
    pub fn ce_mean(&self) -> f64 {
        self.ce_sum() / self.rows() as f64
    }

    /// Σ FL: `torchvision.ops.sigmoid_focal_loss(..., reduction="sum")`.
    pub fn fl_sum(&self) -> f64 {
        add2(self.negatives.fl, self.positives.fl)
    }

    /// Σ FL / N: `reduction="mean"`.
    pub fn fl_mean(&self) -> f64 {
        self.fl_sum() / self.rows() as f64
    }

    /// Σ |dCE/dx| over all rows.
    pub fn ce_grad_sum(&self) -> f64 {
        add2(self.negatives.ce_grad, self.positives.ce_grad)
    }

    /// Σ |dFL/dx| over all rows.
    pub fn fl_grad_sum(&self) -> f64 {
        add2(self.negatives.fl_grad, self.positives.fl_grad)
    }

    /// The shares of loss and gradient that come from easy negatives.
    pub fn easy_negative_shares(&self) -> EasyNegativeShares {
        EasyNegativeShares {
            ce_loss: share(self.negatives.ce_easy, self.ce_sum()),
            ce_grad: share(self.negatives.ce_grad_easy, self.ce_grad_sum()),
            fl_loss: share(self.negatives.fl_easy, self.fl_sum()),
            fl_grad: share(self.negatives.fl_grad_easy, self.fl_grad_sum()),
        }
    }
}

fn add2(a: f64, b: f64) -> f64 {
    let mut s = Sum::default();
    s.add(a);
    s.add(b);
    s.value()
}

impl Predictions {
    /// Predictions from logits and their labels, row by row.
    pub fn new(logits: &[f64], labels: &[Label]) -> Result<Predictions> {
        if logits.len() != labels.len() {
            return Err(Error(format!(
                "{} logits but {} labels",
                logits.len(),
                labels.len()
            )));
        }
        if let Some(i) = logits.iter().position(|x| x.is_nan()) {
            return Err(Error(format!("logit {} is NaN", i + 1)));
        }
        let (mut negatives, mut positives) = (Vec::new(), Vec::new());
        for (&x, &y) in logits.iter().zip(labels) {
            match y {
                Label::Negative => negatives.push(x),
                Label::Positive => positives.push(x),
            }
        }
        Predictions::from_classes(negatives, positives)
    }

    /// Predictions from the logits of the negatives (label 0) and of the
    /// positives (label 1), in any order; the vectors are reused.
    pub fn from_classes(mut negatives: Vec<f64>, positives: Vec<f64>) -> Result<Predictions> {
        if let Some(i) = negatives.iter().chain(&positives).position(|x| x.is_nan()) {
            return Err(Error(format!("logit {} is NaN", i + 1)));
        }
        // xt = −x for label 0, exactly as Label::logit_t computes it.
        for x in negatives.iter_mut() {
            *x = Label::Negative.logit_t(*x);
        }
        let (negatives, positives) = (
            Class::new(Label::Negative, negatives),
            Class::new(Label::Positive, positives),
        );
        Ok(Predictions {
            draft_negatives: negatives.sample(DRAFT_ROWS),
            draft_positives: positives.sample(DRAFT_ROWS),
            negatives,
            positives,
        })
    }

    /// Number of predictions.
    pub fn len(&self) -> usize {
        self.negatives.len() + self.positives.len()
    }

    /// The number of negatives (label 0) and of positives (label 1).
    pub fn class_sizes(&self) -> (usize, usize) {
        (self.negatives.len(), self.positives.len())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The per-row pass for one γ (γ ≥ 0): one `powf` per row (per
    /// distinct score), in one go.
    pub fn gamma_pass(&self, gamma: f64) -> Result<GammaPass> {
        self.begin_gamma_pass(gamma)?.finish(self)
    }

    /// The per-row pass for one γ, to be made in slices of rows
    /// ([`PassInProgress`]).
    pub fn begin_gamma_pass(&self, gamma: f64) -> Result<PassInProgress> {
        check(gamma, None)?;
        Ok(PassInProgress {
            gamma,
            sizes: (self.negatives.len(), self.positives.len()),
            negatives: ClassCursor::new(&self.negatives),
            positives: ClassCursor::new(&self.positives),
        })
    }

    /// Whether a class has more rows than its draft sample: then a draft
    /// curve ([`Predictions::draft_cdfs`]) costs less than the exact one.
    pub fn has_draft(&self) -> bool {
        self.draft_negatives.is_some() || self.draft_positives.is_some()
    }

    /// Figure 4's curves at γ, `(negatives, positives)`, for drawing a
    /// drag: each from its class's sample of at most [`DRAFT_ROWS`] rows
    /// (the hardest ones as they are, a quantile for the others), so in a
    /// few milliseconds however many rows there are. A class of at most
    /// `DRAFT_ROWS` rows gives its exact curve, bit for bit. Never to be
    /// shown as numbers.
    pub fn draft_cdfs(&self, gamma: f64) -> Result<(Vec<f64>, Vec<f64>)> {
        check(gamma, None)?;
        let curve = |draft: &Option<Sample>, class: &Class| match draft {
            Some(sample) => sample.cdf(class, gamma),
            None => class.pass(gamma).cdf,
        };
        Ok((
            curve(&self.draft_negatives, &self.negatives),
            curve(&self.draft_positives, &self.positives),
        ))
    }

    /// The weight histograms at (γ, α), `(negatives, positives)`: exact,
    /// and cheap (a binary search per edge).
    pub fn weights(&self, gamma: f64, alpha: Option<f64>) -> Result<(Histogram, Histogram)> {
        check(gamma, alpha)?;
        let edges = weight_edges();
        let class = |c: &Class| c.histogram(gamma, class_alpha(alpha, c.label), &edges);
        Ok((class(&self.negatives), class(&self.positives)))
    }

    /// The summary at the γ of `pass` and at `alpha` (`None`: unweighted);
    /// no work per row beyond a binary search per histogram edge.
    pub fn summary_with(&self, pass: &GammaPass, alpha: Option<f64>) -> Result<Summary> {
        check(pass.gamma, alpha)?;
        let edges = weight_edges();
        let class = |c: &Class, p: &ClassPass| {
            let a = class_alpha(alpha, c.label);
            ClassSummary {
                count: c.xt.len(),
                easy: c.easy,
                ce: c.ce_sum,
                ce_easy: c.ce_easy,
                ce_grad: c.grad_sum,
                ce_grad_easy: c.grad_easy,
                fl: weighted(a, p.fl),
                fl_easy: weighted(a, p.fl_easy),
                fl_grad: weighted(a, p.grad),
                fl_grad_easy: weighted(a, p.grad_easy),
                cdf: p.cdf.clone(),
                weights: c.histogram(pass.gamma, a, &edges),
            }
        };
        Ok(Summary {
            gamma: pass.gamma,
            alpha,
            negatives: class(&self.negatives, &pass.negatives),
            positives: class(&self.positives, &pass.positives),
        })
    }

    /// The summary at (γ, α): [`Predictions::gamma_pass`] then
    /// [`Predictions::summary_with`].
    pub fn summary(&self, gamma: f64, alpha: Option<f64>) -> Result<Summary> {
        check(gamma, alpha)?;
        self.summary_with(&self.gamma_pass(gamma)?, alpha)
    }

    /// Figure 4's curves at γ = 0, 0.5, 1, 2 ([`FIGURE4_GAMMAS`]), computed
    /// once with the predictions: `(negatives, positives)` per γ, each as
    /// [`ClassSummary::cdf`].
    pub fn reference_cdfs(&self) -> Vec<(f64, &[f64], &[f64])> {
        FIGURE4_GAMMAS
            .iter()
            .enumerate()
            .map(|(i, &g)| {
                (
                    g,
                    self.negatives.reference[i].as_slice(),
                    self.positives.reference[i].as_slice(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::{sigmoid, softplus};

    #[test]
    fn parts_are_the_crates_functions_bit_for_bit() {
        let mut xs = vec![0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 1e-300, -5e-324];
        for i in -4000..=4000 {
            let x = i as f64 * 0.2 + 0.013;
            xs.push(x);
            xs.push(-x);
        }
        for x in xs {
            let (pt, q, ce) = parts(x);
            assert_eq!(pt.to_bits(), sigmoid(x).to_bits(), "pt at {x}");
            assert_eq!(q.to_bits(), sigmoid(-x).to_bits(), "1 − pt at {x}");
            assert_eq!(ce.to_bits(), softplus(-x).to_bits(), "CE at {x}");
        }
    }

    #[test]
    fn sorting_by_keys_is_total_cmp_descending() {
        let xs = vec![
            0.5,
            -0.0,
            0.0,
            f64::INFINITY,
            -1e-310,
            f64::NEG_INFINITY,
            3.0,
            -2.5,
            1e-310,
            -0.0,
        ];
        let mut want = xs.clone();
        want.sort_by(|a, b| b.total_cmp(a));
        let got = sort_descending(xs);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&want));
    }
}
