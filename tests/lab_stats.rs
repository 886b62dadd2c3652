//! The statistics of a set of predictions: small cases worked by hand, the
//! crate's own per-row losses summed on a random file, a million rows, and
//! the shape of Figure 4's curves.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::lab::predictions::{parse, ParseOptions, Parser, ScoreKind};
use focal_loss_explorer::lab::stats::{
    alpha_from_torchvision, cdf_fractions, sum, weight_edges, Predictions, Summary, CDF_POINTS,
    FIGURE4_GAMMAS, WEIGHT_BINS,
};
use focal_loss_explorer::loss::{
    cross_entropy_logit, cross_entropy_logit_grad, logit, sigmoid, sigmoid_focal_loss_elem,
    sigmoid_focal_loss_elem_grad, Label,
};

const POS: Label = Label::Positive;
const NEG: Label = Label::Negative;

#[track_caller]
fn close(ours: f64, want: f64, tol: f64) {
    let err = if ours == want {
        0.0
    } else {
        ((ours - want) / want).abs()
    };
    assert!(err <= tol, "{ours} vs {want}: relative error {err:e}");
}

/// Six examples, as probabilities (turned into logits the crate's way):
///
/// | row | y | p    | pt   | 1 − pt | CE = −ln pt | easy |
/// |-----|---|------|------|--------|-------------|------|
/// | 1   | 1 | 0.8  | 0.8  | 0.2    | 0.223144    | yes  |
/// | 2   | 1 | 0.4  | 0.4  | 0.6    | 0.916291    | no   |
/// | 3   | 0 | 0.05 | 0.95 | 0.05   | 0.051293    | yes  |
/// | 4   | 0 | 0.3  | 0.7  | 0.3    | 0.356675    | yes  |
/// | 5   | 0 | 0.6  | 0.4  | 0.6    | 0.916291    | no   |
/// | 6   | 0 | 0.2  | 0.8  | 0.2    | 0.223144    | yes  |
fn six() -> Predictions {
    let rows = [
        (0.8, POS),
        (0.4, POS),
        (0.05, NEG),
        (0.3, NEG),
        (0.6, NEG),
        (0.2, NEG),
    ];
    let logits: Vec<f64> = rows.iter().map(|&(p, _)| logit(p)).collect();
    let labels: Vec<Label> = rows.iter().map(|&(_, y)| y).collect();
    Predictions::new(&logits, &labels).unwrap()
}

/// −ln pt, by hand.
fn ce(pt: f64) -> f64 {
    -pt.ln()
}

/// FL = αt (1 − pt)^γ (−ln pt) and |dFL/dx| = αt (1 − pt)^γ (γ pt (−ln pt) +
/// 1 − pt), from the paper's formulas, in probability terms.
fn fl(pt: f64, gamma: f64, a: f64) -> f64 {
    a * (1.0 - pt).powf(gamma) * ce(pt)
}
fn fl_grad(pt: f64, gamma: f64, a: f64) -> f64 {
    a * (1.0 - pt).powf(gamma) * (gamma * pt * ce(pt) + (1.0 - pt))
}

const HAND: f64 = 1e-13;

#[test]
fn six_rows_counts_and_cross_entropy() {
    let s = six().summary(2.0, Some(0.25)).unwrap();
    assert_eq!((s.rows(), s.negatives.count, s.positives.count), (6, 4, 2));
    assert_eq!((s.negatives.easy, s.positives.easy), (3, 1));
    close(s.positive_fraction(), 1.0 / 3.0, 0.0);
    // Σ CE = −ln(0.8 · 0.4 · 0.95 · 0.7 · 0.4 · 0.8) = −ln 0.068096 = 2.686857…
    close(s.ce_sum(), -(0.068096f64).ln(), HAND);
    close(s.ce_mean(), -(0.068096f64).ln() / 6.0, HAND);
    // Easy negatives: −ln(0.95 · 0.7 · 0.8) = −ln 0.532 = 0.631112…
    close(s.negatives.ce_easy, -(0.532f64).ln(), HAND);
    // |dCE/dx| = 1 − pt: 0.2 + 0.6 + 0.05 + 0.3 + 0.6 + 0.2 = 1.95, of which
    // the easy negatives hold 0.05 + 0.3 + 0.2 = 0.55.
    close(s.ce_grad_sum(), 1.95, HAND);
    close(s.negatives.ce_grad_easy, 0.55, HAND);
    let shares = s.easy_negative_shares();
    close(shares.ce_loss, (0.532f64).ln() / (0.068096f64).ln(), HAND);
    close(shares.ce_grad, 0.55 / 1.95, HAND);
}

#[test]
fn six_rows_focal_loss_at_gamma_2_alpha_quarter() {
    let (g, a) = (2.0, 0.25);
    let s = six().summary(g, Some(a)).unwrap();
    // Positives weigh α = 0.25, negatives 1 − α = 0.75:
    // FL = 0.25·0.04·0.223144 + 0.25·0.36·0.916291
    //    + 0.75·(0.0025·0.051293 + 0.09·0.356675 + 0.36·0.916291 + 0.04·0.223144)
    //    = 0.084698 + 0.278265 = 0.362962…
    let pos = fl(0.8, g, a) + fl(0.4, g, a);
    let neg_easy = fl(0.95, g, 1.0 - a) + fl(0.7, g, 1.0 - a) + fl(0.8, g, 1.0 - a);
    let neg = neg_easy + fl(0.4, g, 1.0 - a);
    close(s.positives.fl, pos, HAND);
    close(s.negatives.fl, neg, HAND);
    close(s.negatives.fl_easy, neg_easy, HAND);
    close(s.fl_sum(), pos + neg, HAND);
    close(s.fl_mean(), (pos + neg) / 6.0, HAND);
    close(s.fl_sum(), 0.362962, 1e-6);
    let gpos = fl_grad(0.8, g, a) + fl_grad(0.4, g, a);
    let gneg_easy = fl_grad(0.95, g, 1.0 - a) + fl_grad(0.7, g, 1.0 - a) + fl_grad(0.8, g, 1.0 - a);
    let gneg = gneg_easy + fl_grad(0.4, g, 1.0 - a);
    close(s.positives.fl_grad, gpos, HAND);
    close(s.negatives.fl_grad_easy, gneg_easy, HAND);
    let shares = s.easy_negative_shares();
    close(shares.fl_loss, neg_easy / (pos + neg), HAND);
    close(shares.fl_grad, gneg_easy / (gpos + gneg), HAND);
    // Focal loss takes most of the easy negatives' share away.
    assert!(shares.fl_loss < shares.ce_loss / 2.0);
}

#[test]
fn alpha_moves_reuse_the_gamma_pass() {
    let p = six();
    let pass = p.gamma_pass(2.0).unwrap();
    for alpha in [None, Some(0.0), Some(0.25), Some(1.0)] {
        let fast = p.summary_with(&pass, alpha).unwrap();
        let full = p.summary(2.0, alpha).unwrap();
        assert_eq!(fast.fl_sum(), full.fl_sum());
        assert_eq!(fast.negatives.weights, full.negatives.weights);
    }
    // α = 1 leaves the negatives no weight at all.
    let s = p.summary_with(&pass, Some(1.0)).unwrap();
    assert_eq!((s.negatives.fl, s.negatives.fl_grad), (0.0, 0.0));
    assert_eq!(s.easy_negative_shares().fl_loss, 0.0);
    assert_eq!(alpha_from_torchvision(-1.0), None);
    assert_eq!(alpha_from_torchvision(0.25), Some(0.25));
}

#[test]
fn six_rows_figure_4() {
    let s = six().summary(0.0, None).unwrap();
    // Negatives' losses ascending: 0.051293, 0.223144, 0.356675, 0.916291.
    let l = [ce(0.95), ce(0.8), ce(0.7), ce(0.4)];
    let t: f64 = l.iter().sum();
    let y = &s.negatives.cdf;
    assert_eq!(y.len(), CDF_POINTS);
    assert_eq!((y[0], y[200]), (0.0, 1.0));
    // x = 1/4 (sample 50) after one example; x = 1/8 halfway through it.
    close(y[50], l[0] / t, HAND);
    close(y[25], 0.5 * l[0] / t, HAND);
    close(y[100], (l[0] + l[1]) / t, HAND);
    close(y[175], (l[0] + l[1] + l[2] + 0.5 * l[3]) / t, HAND);
    // Positives: 0.223144 then 0.916291; half of the examples hold
    // 0.223144 / 1.139434 of the loss.
    close(s.positives.cdf[100], ce(0.8) / (ce(0.8) + ce(0.4)), HAND);
    assert_eq!(cdf_fractions()[50], 0.25);
}

#[test]
fn six_rows_weight_histogram() {
    // γ = 3, no α: weights (1 − pt)³ = 0.008, 0.216 (positives) and
    // 1.25e-4, 0.027, 0.216, 0.008 (negatives). With 4 bins a decade from
    // 1e-12, bin b holds [10^(−12 + b/4), 10^(−12 + (b+1)/4)):
    // 1.25e-4 → b = 32, 0.008 → 39, 0.027 → 41, 0.216 → 45.
    let s = six().summary(3.0, None).unwrap();
    let mut neg = vec![0; WEIGHT_BINS];
    neg[32] = 1;
    neg[39] = 1;
    neg[41] = 1;
    neg[45] = 1;
    assert_eq!(s.negatives.weights.bins, neg);
    assert_eq!(s.negatives.weights.below, 0);
    let mut pos = vec![0; WEIGHT_BINS];
    pos[39] = 1;
    pos[45] = 1;
    assert_eq!(s.positives.weights.bins, pos);
    // γ = 0 and no α: every weight is exactly 1, in the top bin.
    let s = six().summary(0.0, None).unwrap();
    assert_eq!(s.negatives.weights.bins[WEIGHT_BINS - 1], 4);
    let edges = weight_edges();
    assert_eq!(edges.len(), WEIGHT_BINS + 1);
    close(edges[0], 1e-12, 1e-15);
    close(edges[WEIGHT_BINS], 1.0, 0.0);
}

#[test]
fn tiny_weights_fall_below_the_histogram() {
    // A negative at logit −40: 1 − pt = σ(−40) ≈ 4.2e-18, and at γ = 1 its
    // weight is below 1e-12; at α = 1 every negative weighs exactly 0.
    let p = Predictions::new(&[-40.0, -1.0, 2.0], &[NEG, NEG, POS]).unwrap();
    let s = p.summary(1.0, None).unwrap();
    assert_eq!(s.negatives.weights.below, 1);
    let s = p.summary(1.0, Some(1.0)).unwrap();
    assert_eq!(s.negatives.weights.below, 2);
    assert_eq!(s.positives.weights.below, 0);
}

// ------------------------------------------------------ against the crate

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// 10,000 rows: logits of every size (the far tails up to ±800, where
/// 1 − pt is subnormal), 10% positives, written with 17 digits.
fn random_file(rows: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut text = String::from("logit,label\n");
    for _ in 0..rows {
        let y = u8::from(rng.uniform() < 0.1);
        let u = rng.uniform();
        let x = match (rng.uniform() * 10.0) as u32 {
            0 => (u - 0.5) * 1600.0,
            1 => (u - 0.5) * 60.0,
            _ => (u / (1.0 - u)).ln() * 2.0 - 3.0,
        };
        text.push_str(&format!("{x:.17e},{y}\n"));
    }
    text
}

/// Σ of `f` over the rows of a class, row by row and compensated: the
/// reference the summary must match.
fn reference(
    rows: &[(f64, f64)],
    pick: impl Fn(f64, f64) -> bool,
    f: impl Fn(f64, f64) -> f64,
) -> f64 {
    let values: Vec<f64> = rows
        .iter()
        .filter(|&&(x, t)| pick(x, t))
        .map(|&(x, t)| f(x, t))
        .collect();
    sum(&values)
}

#[test]
fn random_rows_equal_the_crates_losses_row_by_row() {
    let text = random_file(10_000, 2024);
    let rows: Vec<(f64, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let (x, y) = l.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    let parsed = parse(text.as_bytes(), ParseOptions::default()).unwrap();
    let predictions = parsed.into_predictions().unwrap();
    let neg = |_: f64, t: f64| t == 0.0;
    let pos = |_: f64, t: f64| t == 1.0;
    let easy_neg = |x: f64, t: f64| t == 0.0 && sigmoid(-x) > 0.5;
    let all = |_: f64, _: f64| true;
    // Both sides are compensated sums of the same per-row numbers (before α).
    let tol = 1e-14;
    for gamma in [0.0, 0.25, 0.5, 1.0, 2.0, 3.7] {
        for alpha in [None, Some(0.25), Some(0.9)] {
            let s = predictions.summary(gamma, alpha).unwrap();
            let fl = |x: f64, t: f64| sigmoid_focal_loss_elem(x, t, gamma, alpha);
            let fl_grad = |x: f64, t: f64| sigmoid_focal_loss_elem_grad(x, t, gamma, alpha).abs();
            close(s.fl_sum(), reference(&rows, all, fl), tol);
            close(s.negatives.fl, reference(&rows, neg, fl), tol);
            close(s.positives.fl, reference(&rows, pos, fl), tol);
            close(s.negatives.fl_easy, reference(&rows, easy_neg, fl), tol);
            close(s.fl_grad_sum(), reference(&rows, all, fl_grad), tol);
            close(
                s.negatives.fl_grad_easy,
                reference(&rows, easy_neg, fl_grad),
                tol,
            );
            close(s.fl_mean(), reference(&rows, all, fl) / 10_000.0, tol);
        }
    }
    let s = predictions.summary(2.0, Some(0.25)).unwrap();
    let y = |t: f64| if t == 1.0 { POS } else { NEG };
    let ce = |x: f64, t: f64| cross_entropy_logit(x, y(t));
    let ce_grad = |x: f64, t: f64| cross_entropy_logit_grad(x, y(t)).abs();
    close(s.ce_sum(), reference(&rows, all, ce), tol);
    close(s.negatives.ce_easy, reference(&rows, easy_neg, ce), tol);
    close(s.ce_grad_sum(), reference(&rows, all, ce_grad), tol);
    close(
        s.negatives.ce_grad_easy,
        reference(&rows, easy_neg, ce_grad),
        tol,
    );
    let easy = rows.iter().filter(|&&(x, t)| easy_neg(x, t)).count();
    assert_eq!(s.negatives.easy, easy);
}

// ------------------------------------------------------------- Figure 4

#[track_caller]
fn check_curve(y: &[f64]) {
    assert_eq!(y.len(), CDF_POINTS);
    assert_eq!((y[0], y[CDF_POINTS - 1]), (0.0, 1.0));
    assert!(y.windows(2).all(|w| w[0] <= w[1]), "not monotone: {y:?}");
    assert!(y.iter().all(|v| (0.0..=1.0).contains(v)));
}

fn check_figure_4(p: &Predictions, s: &Summary) {
    check_curve(&s.negatives.cdf);
    check_curve(&s.positives.cdf);
    let reference = p.reference_cdfs();
    assert_eq!(reference.len(), FIGURE4_GAMMAS.len());
    for (_, neg, pos) in &reference {
        check_curve(neg);
        check_curve(pos);
    }
    // A larger γ puts more of the loss on the hardest examples: its curve
    // lies under the one of a smaller γ.
    for pair in reference.windows(2) {
        for (lo, hi) in pair[0].1.iter().zip(pair[1].1) {
            assert!(hi <= &(lo + 1e-12), "γ = {}: {hi} > {lo}", pair[1].0);
        }
    }
}

#[test]
fn figure_4_curves_run_from_0_to_1_and_rise() {
    let text = random_file(10_000, 7);
    let p = parse(text.as_bytes(), ParseOptions::default())
        .unwrap()
        .into_predictions()
        .unwrap();
    for gamma in [0.0, 0.7, 2.0, 5.0] {
        check_figure_4(&p, &p.summary(gamma, Some(0.25)).unwrap());
    }
    // The current γ equal to a reference γ gives the same curve (to an ulp:
    // the reference takes q·q for powf(q, 2)).
    let s = p.summary(2.0, None).unwrap();
    for (a, b) in p.reference_cdfs()[3].1.iter().zip(&s.negatives.cdf) {
        assert!((a - b).abs() <= 1e-15, "{a} vs {b}");
    }
}

#[test]
fn certain_and_impossible_probabilities_give_no_nan() {
    // p = 0 for a positive and p = 1 for a negative: an infinite loss; p = 1
    // for a positive and p = 0 for a negative: none.
    let text = "score,label\n0,1\n1,0\n1,1\n0,0\n0.5,1\n0.2,0\n";
    let p = parse(text.as_bytes(), ParseOptions::default())
        .unwrap()
        .into_predictions()
        .unwrap();
    for gamma in [0.0, 0.5, 2.0] {
        for alpha in [None, Some(0.25), Some(1.0)] {
            let s = p.summary(gamma, alpha).unwrap();
            assert_eq!(s.ce_sum(), f64::INFINITY);
            let shares = s.easy_negative_shares();
            for v in [s.fl_sum(), s.fl_grad_sum(), shares.fl_loss, shares.ce_loss] {
                assert!(!v.is_nan(), "γ = {gamma}, α = {alpha:?}");
            }
            check_curve(&s.negatives.cdf);
            check_curve(&s.positives.cdf);
            // The infinite loss is the last third of each class.
            assert_eq!(s.negatives.cdf[100], 0.0);
            close(s.negatives.cdf[150], 0.25, 1e-15);
        }
    }
    // Only certain, right answers: no loss at all, and the diagonal.
    let p = Predictions::new(&[f64::INFINITY, f64::NEG_INFINITY], &[POS, NEG]).unwrap();
    let s = p.summary(2.0, None).unwrap();
    assert_eq!((s.fl_sum(), s.ce_sum()), (0.0, 0.0));
    assert_eq!(s.negatives.cdf, cdf_fractions());
}

#[test]
fn bad_arguments_are_refused() {
    let p = six();
    let msg = |r: Result<Summary, focal_loss_explorer::Error>| r.unwrap_err().to_string();
    assert_eq!(msg(p.summary(-1.0, None)), "γ must be a number ≥ 0, not -1");
    assert_eq!(
        msg(p.summary(f64::NAN, None)),
        "γ must be a number ≥ 0, not NaN"
    );
    assert_eq!(
        msg(p.summary(2.0, Some(1.5))),
        "α must be between 0 and 1 (or none), not 1.5"
    );
    assert_eq!(
        Predictions::new(&[0.0, f64::NAN], &[POS, NEG])
            .unwrap_err()
            .to_string(),
        "logit 2 is NaN"
    );
    assert_eq!(
        Predictions::new(&[0.0], &[POS, NEG])
            .unwrap_err()
            .to_string(),
        "1 logits but 2 labels"
    );
}

// ------------------------------------------------------------ a million

#[test]
fn a_million_rows_stream_in_and_summarise() {
    const ROWS: usize = 1_000_000;
    let mut rng = Rng(99);
    let mut parser = Parser::new(ParseOptions::default());
    let mut chunk = String::from("score,label\n");
    let mut positives = 0;
    for i in 0..ROWS {
        let y = rng.uniform() < 0.01;
        positives += usize::from(y);
        let p = if y {
            rng.uniform()
        } else {
            rng.uniform().powi(6)
        };
        chunk.push_str(&format!("{p:.6},{}\n", u8::from(y)));
        if chunk.len() > 60_000 || i == ROWS - 1 {
            parser.push(chunk.as_bytes()).unwrap();
            chunk.clear();
        }
    }
    let parsed = parser.finish().unwrap();
    assert_eq!(parsed.rows(), ROWS);
    let p = parsed.into_predictions().unwrap();
    let s = p.summary(2.0, Some(0.25)).unwrap();
    assert_eq!((s.rows(), s.positives.count), (ROWS, positives));
    check_figure_4(&p, &s);
    let shares = s.easy_negative_shares();
    assert!(shares.fl_loss < shares.ce_loss);
}

#[test]
fn the_pages_sample_file() {
    let text = include_bytes!("../www/sample-predictions.csv");
    let parsed = parse(text, ParseOptions::default()).unwrap();
    assert_eq!(parsed.kind, ScoreKind::Probability);
    assert_eq!((parsed.rows(), parsed.positives.len()), (20_000, 194));
    let p = parsed.into_predictions().unwrap();
    let s = p.summary(2.0, Some(0.25)).unwrap();
    assert!(s.fl_sum().is_finite());
    check_figure_4(&p, &s);
    // What the page is there to show: under CE the easy negatives hold most
    // of the loss (62%); under FL at γ = 2, α = 0.25 a quarter of that (12%).
    let shares = s.easy_negative_shares();
    assert!(shares.ce_loss > 0.5, "{shares:?}");
    assert!(shares.fl_loss < shares.ce_loss / 4.0, "{shares:?}");
}

/// Ten million rows (about 200 MB of text), made and pushed in 64 kB chunks:
/// `cargo test --release --test lab_stats -- --ignored --nocapture`.
#[test]
#[ignore = "a minute in a debug build; run in release"]
fn ten_million_rows_stream_in() {
    use std::time::Instant;
    const ROWS: usize = 10_000_000;
    let mut rng = Rng(5);
    let start = Instant::now();
    let mut parser = Parser::new(ParseOptions::default());
    let mut chunk = String::from("score,label\n");
    let mut bytes = 0;
    for i in 0..ROWS {
        let y = rng.uniform() < 0.01;
        let p = if y {
            rng.uniform()
        } else {
            rng.uniform().powi(6)
        };
        chunk.push_str(&format!("{p:.6e},{}\n", u8::from(y)));
        if chunk.len() > 65_000 || i == ROWS - 1 {
            bytes += chunk.len();
            parser.push(chunk.as_bytes()).unwrap();
            chunk.clear();
        }
    }
    let parsed = parser.finish().unwrap();
    let read = start.elapsed();
    let p = parsed.into_predictions().unwrap();
    let built = start.elapsed();
    let s = p.summary(2.0, Some(0.25)).unwrap();
    let t = Instant::now();
    let pass = p.gamma_pass(1.3).unwrap();
    let _ = p.summary_with(&pass, Some(0.25)).unwrap();
    let gamma_move = t.elapsed();
    eprintln!(
        "{ROWS} rows, {bytes} bytes: made and read in {read:?}, tables {:?}, γ move {gamma_move:?}",
        built - read
    );
    assert_eq!(s.rows(), ROWS);
}
