//! Trains the lab's three models on 10 seeds at the default setting and
//! prints held-out average precision of each loss (mean, min–max) and the
//! share of the total cross-entropy that easy negatives (pt > 0.5) hold at the
//! end, for each model; then the same without the prior initialization.
//!
//! The share is the cross-entropy of each model's logits on the training
//! set, whatever loss the model was trained with: how much of CE's total
//! would come from easy negatives at that model's predictions.
//!
//! `cargo run --release --example lab_eval`

use focal_loss_explorer::lab::train::{Lab, ModelKind, Settings};
use focal_loss_explorer::loss::{cross_entropy_logit, sigmoid, Label};

/// The share of Σ CE(logit, y) over the set that comes from negatives with
/// pt = 1 − p > 0.5.
fn easy_negative_share(logits: &[f64], labels: &[Label]) -> f64 {
    let (mut easy, mut total) = (0.0, 0.0);
    for (&x, &y) in logits.iter().zip(labels) {
        let ce = cross_entropy_logit(x, y);
        total += ce;
        if y == Label::Negative && 1.0 - sigmoid(x) > 0.5 {
            easy += ce;
        }
    }
    easy / total
}

/// One table: the three models trained on `seeds` from `base`.
fn table(base: &Settings, seeds: &[u64]) {
    let n = seeds.len() as f64;
    let mut ap = vec![[0.0; 3]; seeds.len()];
    let mut share = vec![[0.0; 3]; seeds.len()];
    let mut share0 = 0.0;
    for (s, &seed) in seeds.iter().enumerate() {
        let settings = Settings {
            seed,
            ..base.clone()
        };
        let mut lab = match Lab::new(settings) {
            Ok(lab) => lab,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        let labels = lab.train_labels().to_vec();
        share0 += easy_negative_share(lab.train_logits(ModelKind::CrossEntropy), &labels) / n;
        lab.step(base.steps);
        for kind in ModelKind::ALL {
            let k = kind.index();
            ap[s][k] = lab.average_precision(kind);
            share[s][k] = easy_negative_share(lab.train_logits(kind), &labels);
            if let Some(at) = lab.diverged_at(kind) {
                println!("seed {seed}: {} diverged at step {at}", kind.name());
            }
        }
    }
    let d = &base.data;
    println!(
        "{} seeds ({}..={}), {} steps, imbalance 1:{}, {} training and {} held-out points, \
         batch {}, hidden {}, {:?} lr {}, prior {}, FL γ = {} α = {:?}, α-CE α = {}",
        seeds.len(),
        seeds[0],
        seeds[seeds.len() - 1],
        base.steps,
        d.imbalance,
        d.n_train,
        d.n_test,
        base.batch,
        base.hidden,
        base.optimizer,
        base.learning_rate,
        if base.prior { "on" } else { "off" },
        base.gamma,
        base.alpha,
        base.balanced_alpha
    );
    println!("easy negatives' share of the total CE at step 0 (all models alike): {share0:.3}");
    println!();
    println!("| loss | held-out AP, mean | AP min–max | easy negatives' share of total CE at the end, mean (min–max) |");
    println!("|---|---|---|---|");
    for kind in ModelKind::ALL {
        let k = kind.index();
        let (m, lo, hi) = summary(ap.iter().map(|a| a[k]));
        let (sm, slo, shi) = summary(share.iter().map(|a| a[k]));
        println!(
            "| {} | {m:.3} | {lo:.3}–{hi:.3} | {sm:.3} ({slo:.3}–{shi:.3}) |",
            kind.name()
        );
    }
    let above = |a: usize, b: usize| ap.iter().filter(|x| x[a] > x[b]).count();
    println!(
        "\nseed by seed, FL's AP is above CE's on {} of {} seeds and above α-CE's on {}; \
         α-CE's is above CE's on {}",
        above(2, 0),
        seeds.len(),
        above(2, 1),
        above(1, 0)
    );
    println!();
}

fn main() {
    let base = Settings::default();
    let seeds: Vec<u64> = (1..=10).collect();
    println!("## The default setting\n");
    table(&base, &seeds);
    println!("## The same without the prior initialization (output bias 0)\n");
    table(
        &Settings {
            prior: false,
            ..base.clone()
        },
        &seeds,
    );
}

/// Mean, min and max.
fn summary(v: impl Iterator<Item = f64> + Clone) -> (f64, f64, f64) {
    let n = v.clone().count() as f64;
    let mean = v.clone().sum::<f64>() / n;
    let lo = v.clone().fold(f64::INFINITY, f64::min);
    let hi = v.fold(f64::NEG_INFINITY, f64::max);
    (mean, lo, hi)
}
