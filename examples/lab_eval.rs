//! Trains the lab's three models on 10 seeds at the default setting and
//! prints held-out average precision of each loss (mean, min–max) and the
//! share of the total cross-entropy that easy negatives (pt > 0.5) hold at the
//! end, for each model.
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

fn main() {
    let base = Settings::default();
    let seeds: Vec<u64> = (1..=10).collect();
    let mut ap = [[0.0; 10]; 3];
    let mut share = [[0.0; 10]; 3];
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
        share0 += easy_negative_share(lab.train_logits(ModelKind::CrossEntropy), &labels) / 10.0;
        lab.step(base.steps);
        for kind in ModelKind::ALL {
            let k = kind.index();
            ap[k][s] = lab.average_precision(kind);
            share[k][s] = easy_negative_share(lab.train_logits(kind), &labels);
            if let Some(at) = lab.diverged_at(kind) {
                println!("seed {seed}: {} diverged at step {at}", kind.name());
            }
        }
    }
    let d = &base.data;
    println!(
        "{} seeds, {} steps, imbalance 1:{}, {} training and {} held-out points, batch {}, \
         hidden {}, lr {}, momentum {}, prior {}, FL γ = {} α = {:?}, α-CE α = {}",
        seeds.len(),
        base.steps,
        d.imbalance,
        d.n_train,
        d.n_test,
        base.batch,
        base.hidden,
        base.learning_rate,
        base.momentum,
        base.prior,
        base.gamma,
        base.alpha,
        base.balanced_alpha
    );
    println!(
        "easy negatives' share of total CE at step 0 (all models): {:.3}",
        share0
    );
    println!();
    println!(
        "| loss | held-out AP mean | AP min–max | easy-negative share of CE, mean (min–max) |"
    );
    println!("|---|---|---|---|");
    for kind in ModelKind::ALL {
        let k = kind.index();
        let (m, lo, hi) = summary(&ap[k]);
        let (sm, slo, shi) = summary(&share[k]);
        println!(
            "| {} | {:.3} | {:.3}–{:.3} | {:.3} ({:.3}–{:.3}) |",
            kind.name(),
            m,
            lo,
            hi,
            sm,
            slo,
            shi
        );
    }
}

fn summary(v: &[f64]) -> (f64, f64, f64) {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (mean, lo, hi)
}
