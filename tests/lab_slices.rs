//! A γ move on many rows: the exact pass made in slices is the one-shot pass
//! bit for bit, whatever the slices (boundaries at the easy/hard split, at
//! the curve's sample points, between the classes); both are the crate's
//! per-row losses summed in the rows' order, bit for bit; a drag's draft
//! curve is close to the exact one on a large set and is the exact one on a
//! small set; and the panel answers a draft without touching its summary.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::lab::draw::LabScene;
use focal_loss_explorer::lab::panel::{options, Panel};
use focal_loss_explorer::lab::stats::{
    sum, GammaPass, Predictions, Summary, CDF_POINTS, DRAFT_ROWS,
};
use focal_loss_explorer::loss::{sigmoid_focal_loss_elem, sigmoid_focal_loss_elem_grad, Label};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// `rows` logits and labels: a share `positives` of label 1, logits of a
/// detector (negatives around −6, positives around 2), a tenth of them in
/// the far tails (up to ±800, where 1 − pt is subnormal or 0), and, when
/// `digits` is set, probabilities written with that many significant
/// digits (so that many rows repeat a score).
fn finite_rows(
    rows: usize,
    positives: f64,
    digits: Option<usize>,
    seed: u64,
) -> (Vec<f64>, Vec<Label>) {
    let mut rng = Rng(seed);
    let (mut logits, mut labels) = (Vec::new(), Vec::new());
    for _ in 0..rows {
        let y = rng.uniform() < positives;
        let mut x = match (rng.uniform() * 20.0) as u32 {
            0 => (rng.uniform() - 0.5) * 1600.0,
            1 => (rng.uniform() - 0.5) * 60.0,
            _ => (if y { 2.0 } else { -6.0 }) + rng.logistic(),
        };
        if let Some(d) = digits {
            let p: f64 = format!("{:.*e}", d - 1, 1.0 / (1.0 + (-x).exp()))
                .parse()
                .unwrap();
            x = (p / (1.0 - p)).ln();
        }
        logits.push(x);
        labels.push(if y { Label::Positive } else { Label::Negative });
    }
    (logits, labels)
}

/// [`finite_rows`] with, every 997 rows, an infinity of either sign (an
/// infinite loss, or none) or a zero of either sign.
fn rows(rows: usize, positives: f64, digits: Option<usize>, seed: u64) -> (Vec<f64>, Vec<Label>) {
    let (mut logits, labels) = finite_rows(rows, positives, digits, seed);
    for (i, x) in logits.iter_mut().enumerate() {
        *x = match i % 997 {
            0 => f64::INFINITY,
            1 => f64::NEG_INFINITY,
            2 => 0.0,
            3 => -0.0,
            _ => *x,
        };
    }
    (logits, labels)
}

/// Every number of a summary, as bits: the sums, the counts, the curve
/// and the histogram of both classes.
fn bits(s: &Summary) -> Vec<u64> {
    let mut out = vec![s.gamma.to_bits()];
    for c in [&s.negatives, &s.positives] {
        out.extend(
            [
                c.ce,
                c.ce_easy,
                c.ce_grad,
                c.ce_grad_easy,
                c.fl,
                c.fl_easy,
                c.fl_grad,
                c.fl_grad_easy,
            ]
            .map(f64::to_bits),
        );
        out.extend([c.count as u64, c.easy as u64, c.weights.below as u64]);
        out.extend(c.cdf.iter().map(|v| v.to_bits()));
        out.extend(c.weights.bins.iter().map(|&b| b as u64));
    }
    out
}

/// A pass's numbers, unweighted and at α = 0.25.
fn pass_bits(p: &Predictions, pass: &GammaPass) -> Vec<u64> {
    let mut out = bits(&p.summary_with(pass, None).unwrap());
    out.extend(bits(&p.summary_with(pass, Some(0.25)).unwrap()));
    out
}

/// The pass made by advancing to each row of `stops` in turn, then to the end.
fn pass_stopping_at(p: &Predictions, gamma: f64, stops: &[usize]) -> GammaPass {
    let mut pass = p.begin_gamma_pass(gamma).unwrap();
    for &stop in stops {
        let done = pass.rows_done();
        if stop > done {
            pass.advance(p, stop - done).unwrap();
            assert_eq!(pass.rows_done(), stop.min(p.len()));
        }
    }
    pass.finish(p).unwrap()
}

/// The pass made in slices of `slice` rows.
fn pass_in_slices(p: &Predictions, gamma: f64, slice: usize) -> GammaPass {
    let mut pass = p.begin_gamma_pass(gamma).unwrap();
    let mut slices = 0;
    while !pass.advance(p, slice).unwrap() {
        slices += 1;
        assert!(
            slices <= p.len(),
            "a slice of {slice} rows made no progress"
        );
    }
    assert!(pass.is_done());
    pass.finish(p).unwrap()
}

/// The rows where a pass changes what it does: the easy/hard split, each
/// sample point of the curve, the end of the negatives; with the rows
/// either side of each.
fn boundaries(p: &Predictions) -> Vec<usize> {
    let s = p.summary(1.0, None).unwrap();
    let mut at = Vec::new();
    let mut offset = 0;
    for c in [&s.negatives, &s.positives] {
        let n = c.count;
        let mut marks = vec![c.easy, n];
        marks.extend((0..CDF_POINTS).map(|j| j * n / (CDF_POINTS - 1)));
        for m in marks {
            for d in [m.saturating_sub(1), m, m + 1] {
                at.push(offset + d.min(n));
            }
        }
        offset += n;
    }
    at.sort_unstable();
    at.dedup();
    at
}

const GAMMAS: [f64; 8] = [0.0, 0.3, 0.5, 1.0, 1.7, 2.0, 3.25, 8.0];

#[test]
fn a_pass_in_slices_is_the_one_shot_pass_bit_for_bit() {
    for (logits, labels) in [
        rows(5_000, 0.1, None, 1),
        rows(5_000, 0.3, Some(3), 2),
        rows(3, 0.5, None, 3),
        (vec![], vec![]),
        (vec![-1.0, -2.0], vec![Label::Negative; 2]),
    ] {
        let p = Predictions::new(&logits, &labels).unwrap();
        for gamma in GAMMAS {
            let want = pass_bits(&p, &p.gamma_pass(gamma).unwrap());
            for slice in [1, 2, 3, 7, 199, 200, 201, 1000, 4096, p.len(), p.len() + 1] {
                let got = pass_bits(&p, &pass_in_slices(&p, gamma, slice.max(1)));
                assert!(got == want, "γ = {gamma}, slices of {slice} rows");
            }
            let got = pass_bits(&p, &pass_stopping_at(&p, gamma, &boundaries(&p)));
            assert!(got == want, "γ = {gamma}, slices ending at every boundary");
        }
    }
}

#[test]
fn a_pass_is_the_crates_losses_summed_row_by_row_bit_for_bit() {
    for (logits, labels) in [rows(4_000, 0.2, None, 4), rows(4_000, 0.2, Some(2), 5)] {
        let p = Predictions::new(&logits, &labels).unwrap();
        for gamma in GAMMAS {
            let s = p
                .summary_with(&pass_in_slices(&p, gamma, 333), None)
                .unwrap();
            for (label, class) in [
                (Label::Negative, &s.negatives),
                (Label::Positive, &s.positives),
            ] {
                let t = if label == Label::Positive { 1.0 } else { 0.0 };
                // The class's rows, easiest first (the largest xt first).
                let mut xs: Vec<(f64, f64)> = logits
                    .iter()
                    .zip(&labels)
                    .filter(|&(_, &y)| y == label)
                    .map(|(&x, _)| (label.logit_t(x), x))
                    .collect();
                xs.sort_by(|a, b| b.0.total_cmp(&a.0));
                let fl: Vec<f64> = xs
                    .iter()
                    .map(|&(_, x)| sigmoid_focal_loss_elem(x, t, gamma, None))
                    .collect();
                let grad: Vec<f64> = xs
                    .iter()
                    .map(|&(_, x)| sigmoid_focal_loss_elem_grad(x, t, gamma, None).abs())
                    .collect();
                let e = class.easy;
                let what = format!("γ = {gamma}, label {t}");
                assert_eq!(class.fl.to_bits(), sum(&fl).to_bits(), "FL, {what}");
                assert_eq!(class.fl_easy.to_bits(), sum(&fl[..e]).to_bits(), "{what}");
                assert_eq!(class.fl_grad.to_bits(), sum(&grad).to_bits(), "{what}");
                assert_eq!(
                    class.fl_grad_easy.to_bits(),
                    sum(&grad[..e]).to_bits(),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn a_pass_begun_on_other_predictions_is_refused() {
    let (l1, y1) = rows(100, 0.1, None, 6);
    let (l2, y2) = rows(120, 0.1, None, 7);
    let (a, b) = (
        Predictions::new(&l1, &y1).unwrap(),
        Predictions::new(&l2, &y2).unwrap(),
    );
    let mut pass = a.begin_gamma_pass(1.5).unwrap();
    assert_eq!(
        pass.advance(&b, 10).unwrap_err().to_string(),
        "this γ pass was begun on other predictions"
    );
    assert!(pass.clone().finish(&b).is_err());
    assert!(!pass.advance(&a, 10).unwrap());
    assert!(a.begin_gamma_pass(-1.0).is_err());
}

/// How far a draft curve strays from the exact one, at most, over the
/// curve's 201 points; a share of the class's loss.
const DRAFT_TOLERANCE: f64 = 1e-3;

#[test]
fn a_draft_curve_is_within_its_tolerance_of_the_exact_one() {
    // 400,000 rows, a fifth positives: both classes are sampled.
    let (logits, labels) = finite_rows(400_000, 0.2, None, 8);
    let p = Predictions::new(&logits, &labels).unwrap();
    assert!(p.has_draft());
    let mut worst: f64 = 0.0;
    for gamma in [0.0, 0.3, 0.7, 1.3, 1.7, 2.5, 3.3, 5.0, 8.0, 20.0] {
        let s = p.summary(gamma, None).unwrap();
        let (neg, pos) = p.draft_cdfs(gamma).unwrap();
        for (draft, exact) in [(&neg, &s.negatives.cdf), (&pos, &s.positives.cdf)] {
            assert_eq!(draft.len(), CDF_POINTS);
            assert_eq!((draft[0], draft[CDF_POINTS - 1]), (0.0, 1.0));
            assert!(draft.windows(2).all(|w| w[0] <= w[1]));
            let err = draft
                .iter()
                .zip(exact)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(err <= DRAFT_TOLERANCE, "γ = {gamma}: {err}");
            worst = worst.max(err);
        }
    }
    eprintln!("the draft's largest distance from the exact curve: {worst:.2e}");
}

/// The largest distance between the draft and the exact curves at γ.
fn draft_error(p: &Predictions, gamma: f64) -> f64 {
    let s = p.summary(gamma, None).unwrap();
    let (neg, pos) = p.draft_cdfs(gamma).unwrap();
    [(&neg, &s.negatives.cdf), (&pos, &s.positives.cdf)]
        .iter()
        .flat_map(|(d, e)| d.iter().zip(e.iter()).map(|(a, b)| (a - b).abs()))
        .fold(0.0, f64::max)
}

#[test]
fn a_draft_keeps_the_few_hardest_rows_that_hold_the_loss() {
    // 300,000 easy negatives and 20 very hard ones: at γ ≥ 2 the hard ones
    // hold nearly all of the loss, in the curve's last 1/15,000.
    let mut logits: Vec<f64> = (0..300_000)
        .map(|i| -8.0 + (i % 1000) as f64 * 0.004)
        .collect();
    logits.extend((0..20).map(|i| 20.0 + i as f64));
    let labels = vec![Label::Negative; logits.len()];
    let p = Predictions::new(&logits, &labels).unwrap();
    for gamma in [0.0, 0.5, 2.0, 5.0] {
        let err = draft_error(&p, gamma);
        assert!(err <= DRAFT_TOLERANCE, "γ = {gamma}: {err}");
    }
    // One infinite loss among them: all of the loss is in it, at every γ.
    logits.push(f64::INFINITY);
    let labels = vec![Label::Negative; logits.len()];
    let p = Predictions::new(&logits, &labels).unwrap();
    for gamma in [0.0, 2.0] {
        assert_eq!(draft_error(&p, gamma), 0.0);
    }
}

#[test]
fn a_small_set_drafts_its_exact_curve() {
    // Positives below the sample's size, negatives above it.
    let (logits, labels) = rows(DRAFT_ROWS + 5_000, 0.1, Some(4), 9);
    let p = Predictions::new(&logits, &labels).unwrap();
    let (negatives, positives) = p.class_sizes();
    assert!(negatives > DRAFT_ROWS && positives < DRAFT_ROWS);
    for gamma in GAMMAS {
        let s = p.summary(gamma, None).unwrap();
        let (_, pos) = p.draft_cdfs(gamma).unwrap();
        assert_eq!(
            pos.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            s.positives
                .cdf
                .iter()
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        );
    }
    // A set of at most DRAFT_ROWS per class has no draft: its curves are exact.
    let (logits, labels) = rows(10_000, 0.1, None, 10);
    let p = Predictions::new(&logits, &labels).unwrap();
    assert!(!p.has_draft());
    for gamma in GAMMAS {
        let s = p.summary(gamma, Some(0.25)).unwrap();
        let draft = LabScene::draft(&p, gamma, Some(0.25)).unwrap();
        assert_eq!(draft, LabScene::new(&p, &s));
    }
}

/// The panel reading `text`, then summarising it at γ = 2.
fn panel(text: &str) -> Panel {
    let mut panel = Panel::new();
    panel.begin(options("auto", -1, -1, 0.0).unwrap());
    assert!(panel.push(text.as_bytes()));
    assert!(panel.finish().contains("\"ok\":true"));
    panel.summarize(2.0, None).unwrap();
    panel
}

fn csv(rows: usize, seed: u64) -> String {
    let (logits, labels) = self::rows(rows, 0.05, None, seed);
    let mut text = String::from("logit,label\n");
    for (x, y) in logits.iter().zip(labels) {
        text.push_str(&format!("{x:e},{}\n", u8::from(y == Label::Positive)));
    }
    text
}

#[test]
fn the_panel_drafts_then_settles_on_the_exact_summary() {
    let text = csv(DRAFT_ROWS + 20_000, 11);
    let mut p = panel(&text);
    let at_2 = p.export_json().unwrap();
    assert!(!p.wants_draft(2.0), "γ = 2's pass is done");
    assert!(p.wants_draft(1.7));
    // A draft changes nothing the page writes as numbers.
    let draft = p.draft_scene(1.7, Some(0.25)).unwrap();
    assert_eq!(draft.gamma, 1.7);
    assert_eq!(p.export_json().unwrap(), at_2);
    assert_eq!(p.scene().unwrap().gamma, 2.0);
    // The exact pass in slices; an α move while it runs keeps it.
    p.begin_exact(1.7).unwrap();
    let mut slices = 0;
    while !p.step_exact(4_096).unwrap() {
        slices += 1;
        p.begin_exact(1.7).unwrap();
    }
    assert!(slices > 5, "{slices} slices");
    assert!(!p.wants_draft(1.7));
    let settled = p.summarize(1.7, Some(0.25)).unwrap();
    // The same as a fresh panel's summary at that γ and α.
    let mut fresh = panel(&text);
    assert_eq!(settled, fresh.summarize(1.7, Some(0.25)).unwrap());
    assert_eq!(p.export_json().unwrap(), fresh.export_json().unwrap());
    assert_eq!(p.scene(), fresh.scene());
    // Another γ drops the pass under way; a summary finishes it at once.
    p.begin_exact(3.0).unwrap();
    p.step_exact(100).unwrap();
    p.begin_exact(0.9).unwrap();
    assert!(!p.step_exact(100).unwrap());
    assert_eq!(
        p.summarize(0.9, None).unwrap(),
        fresh.summarize(0.9, None).unwrap()
    );
    // New predictions drop the pass under way.
    p.begin_exact(1.1).unwrap();
    p.step_exact(100).unwrap();
    let mut q = panel(&csv(2_000, 12));
    q.begin_exact(1.1).unwrap();
    assert!(q.step_exact(100_000).unwrap());
    p.begin(options("auto", -1, -1, 0.0).unwrap());
    assert!(p.push(csv(2_000, 12).as_bytes()));
    p.finish();
    assert!(p.step_exact(1).unwrap(), "no pass is under way");
    assert!(!p.wants_draft(1.1), "2,000 rows need no draft");
    assert_eq!(
        p.summarize(1.1, None).unwrap(),
        q.summarize(1.1, None).unwrap()
    );
}

#[test]
fn a_draft_without_predictions_is_refused() {
    let mut p = Panel::new();
    assert!(!p.wants_draft(1.0));
    assert!(p.draft_scene(1.0, None).is_err());
    assert!(p.begin_exact(1.0).is_err());
    assert!(p.step_exact(10).unwrap());
}
