//! Writes the page's sample predictions, `www/sample-predictions.csv`:
//!
//! ```sh
//! cargo run --example sample_predictions > www/sample-predictions.csv
//! ```
//!
//! 20,000 anchors of a one-class dense detector, as a trained RetinaNet-like
//! model would score them, with 1% positives. Each score is drawn in logit
//! space from a normal distribution (Box–Muller on a SplitMix64 stream with a
//! fixed seed, so the file is the same on every run and every machine):
//!
//! | share of the file | what                        | logit ~ N(μ, σ)  | p around    |
//! |-------------------|-----------------------------|------------------|-------------|
//! | 95.04%            | easy background             | N(−5.0, 1.2)     | 0.0067      |
//! | 3.96%             | hard negatives (look-alikes) | N(−2.0, 1.5)    | 0.12        |
//! | 0.80%             | positives found             | N(1.5, 1.2)      | 0.82        |
//! | 0.20%             | positives missed (small, occluded) | N(−2.5, 1.2) | 0.08  |
//!
//! Logits are kept within ±12 so that no probability rounds to 0 or 1, and
//! probabilities are written with 6 significant digits (in scientific
//! notation below 0.001, to keep the file small), under the header
//! `score,label`.

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

const ANCHORS: usize = 20_000;

/// A probability with 6 significant digits, as short as that allows.
fn format_probability(p: f64) -> String {
    if p < 1e-3 {
        format!("{p:.5e}")
    } else {
        let decimals = (5 - p.log10().floor() as i32).max(0) as usize;
        let text = format!("{p:.decimals$}");
        let text = text.trim_end_matches('0');
        text.trim_end_matches('.').to_string()
    }
}

fn main() {
    let mut rng = Rng(0x5EED_F0CA);
    let mut out = String::from("score,label\n");
    for _ in 0..ANCHORS {
        let positive = rng.uniform() < 0.01;
        let kind = rng.uniform();
        let x = match (positive, kind) {
            (false, k) if k < 0.96 => rng.normal(-5.0, 1.2),
            (false, _) => rng.normal(-2.0, 1.5),
            (true, k) if k < 0.8 => rng.normal(1.5, 1.2),
            (true, _) => rng.normal(-2.5, 1.2),
        };
        let x = x.clamp(-12.0, 12.0);
        let p = 1.0 / (1.0 + (-x).exp());
        out.push_str(&format_probability(p));
        out.push_str(if positive { ",1\n" } else { ",0\n" });
    }
    print!("{out}");
}
