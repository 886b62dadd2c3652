//! Native benchmarks of the predictions panel on 1,000,000 rows: reading the
//! text (rows/s in criterion's throughput line), building the per-class
//! tables, a γ move (one pass, one `powf` per distinct score), a drag's
//! draft of it (Figure 4's curves from each class's sample, the weights
//! exact) and an α move (no pass).
//!
//! `cargo bench --bench predictions -- --warm-up-time 1 --measurement-time 5`

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/rng.rs"]
mod rng;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion, Throughput};
    use focal_loss_explorer::lab::predictions::{ParseOptions, Parser};
    use focal_loss_explorer::lab::stats::Predictions;

    use super::rng::Rng;

    pub const ROWS: usize = 1_000_000;

    /// A detector-like file: 1% positives; logits from logistic noise around
    /// −6 (negatives) and +2 (positives), written as probabilities with 6
    /// significant digits, as a user's export would be.
    pub fn text(rows: usize) -> Vec<u8> {
        let mut rng = Rng(7);
        let mut out = b"score,label\n".to_vec();
        for _ in 0..rows {
            let positive = rng.uniform() < 0.01;
            let u = rng.uniform();
            let noise = (u / (1.0 - u)).ln();
            let x = if positive { 2.0 + noise } else { -6.0 + noise };
            let p = 1.0 / (1.0 + (-x).exp());
            out.extend_from_slice(format!("{p:.6e},{}\n", u8::from(positive)).as_bytes());
        }
        out
    }

    pub fn parse(text: &[u8]) -> (Vec<f64>, Vec<f64>) {
        let mut parser = Parser::new(ParseOptions::default());
        for chunk in text.chunks(1 << 16) {
            parser.push(chunk).expect("a valid file");
        }
        let parsed = parser.finish().expect("a valid file");
        (parsed.negatives, parsed.positives)
    }

    fn bench_predictions(c: &mut Criterion) {
        let text = text(ROWS);
        let (negatives, positives) = parse(&text);
        let predictions =
            Predictions::from_classes(negatives.clone(), positives.clone()).expect("no NaN");

        let mut group = c.benchmark_group("predictions_1e6_rows");
        group.sample_size(10);
        group.throughput(Throughput::Elements(ROWS as u64));
        group.bench_function("parse_64k_chunks", |b| {
            b.iter(|| black_box(parse(black_box(&text))))
        });
        group.bench_function("build_tables", |b| {
            b.iter(|| {
                Predictions::from_classes(black_box(negatives.clone()), positives.clone())
                    .expect("no NaN")
            })
        });
        group.bench_function("parse_and_summarise", |b| {
            b.iter(|| {
                let (n, p) = parse(black_box(&text));
                let predictions = Predictions::from_classes(n, p).expect("no NaN");
                black_box(predictions.summary(2.0, Some(0.25)).expect("valid γ, α"))
            })
        });
        let mut gamma = 0.0;
        group.bench_function("gamma_move", |b| {
            b.iter(|| {
                // A slider's steps: a new γ each time.
                gamma = (gamma + 0.37) % 5.0;
                let pass = predictions.gamma_pass(black_box(gamma)).expect("γ ≥ 0");
                black_box(predictions.summary_with(&pass, Some(0.25)).expect("α"))
            })
        });
        group.bench_function("gamma_move_draft", |b| {
            b.iter(|| {
                gamma = (gamma + 0.37) % 5.0;
                let curves = predictions.draft_cdfs(black_box(gamma)).expect("γ ≥ 0");
                black_box((curves, predictions.weights(gamma, Some(0.25)).expect("α")))
            })
        });
        let pass = predictions.gamma_pass(2.0).expect("γ ≥ 0");
        let mut alpha = 0.0;
        group.bench_function("alpha_move", |b| {
            b.iter(|| {
                alpha = (alpha + 0.037) % 1.0;
                black_box(predictions.summary_with(&pass, Some(black_box(alpha))))
            })
        });
        group.finish();
    }

    criterion_group!(benches, bench_predictions);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion does not run on wasm32; this keeps the target compiling there.
#[cfg(target_arch = "wasm32")]
fn main() {}
