//! Native benchmarks of the numeric core: each iteration evaluates one
//! function at 1024 points, so criterion's time per iteration divided by 1024
//! is the cost of one point (its throughput line says the same in elem/s).
//!
//! `cargo bench --bench loss -- --warm-up-time 1 --measurement-time 2`

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion, Throughput};
    use focal_loss_explorer::loss::{
        focal_loss_logit, focal_loss_logit_grad, focal_loss_prob, focal_star_logit, Label,
    };

    pub const POINTS: usize = 1024;

    /// Logits spread over [−30, 30] (both tails and the middle), each with a
    /// label, alternating so that neither branch of a label is favoured.
    fn logit_points() -> Vec<(f64, Label)> {
        (0..POINTS)
            .map(|i| {
                let x = -30.0 + 60.0 * i as f64 / (POINTS - 1) as f64;
                let y = if i % 2 == 0 {
                    Label::Positive
                } else {
                    Label::Negative
                };
                (x, y)
            })
            .collect()
    }

    /// Probabilities evenly spread over (0, 1), with labels as above.
    fn prob_points() -> Vec<(f64, Label)> {
        (0..POINTS)
            .map(|i| {
                let p = (i as f64 + 0.5) / POINTS as f64;
                let y = if i % 2 == 0 {
                    Label::Positive
                } else {
                    Label::Negative
                };
                (p, y)
            })
            .collect()
    }

    /// Evaluates `f` at every point and sums, so nothing can be skipped.
    fn sweep(points: &[(f64, Label)], f: impl Fn(f64, Label) -> f64) -> f64 {
        points.iter().map(|&(x, y)| f(black_box(x), y)).sum()
    }

    fn bench_losses(c: &mut Criterion) {
        let logits = logit_points();
        let probs = prob_points();
        // RetinaNet's setting; FL* with the paper's γ = 2, β = 1.
        let (gamma, alpha, beta) = (2.0, Some(0.25), 1.0);

        let mut group = c.benchmark_group("loss_1024_points");
        group.throughput(Throughput::Elements(POINTS as u64));
        group.bench_function("focal_loss_logit", |b| {
            b.iter(|| sweep(&logits, |x, y| focal_loss_logit(x, y, gamma, alpha)))
        });
        group.bench_function("focal_loss_logit_grad", |b| {
            b.iter(|| sweep(&logits, |x, y| focal_loss_logit_grad(x, y, gamma, alpha)))
        });
        group.bench_function("focal_star_logit", |b| {
            b.iter(|| sweep(&logits, |x, y| focal_star_logit(x, y, gamma, beta)))
        });
        group.bench_function("focal_loss_prob", |b| {
            b.iter(|| sweep(&probs, |p, y| focal_loss_prob(p, y, gamma, alpha)))
        });
        group.finish();
    }

    criterion_group!(benches, bench_losses);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion does not run on wasm32; this keeps the target compiling there.
#[cfg(target_arch = "wasm32")]
fn main() {}
