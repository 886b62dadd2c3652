//! Native benchmarks of the training lab: one training step of the three
//! models, a held-out evaluation (logits and average precision of the three),
//! the probability grid, and the training set's logits.
//!
//! Criterion's time per iteration of `step` is the time of one lab step (one
//! batch, three models); 1 / that is the lab's steps per second natively.
//!
//! `cargo bench --bench lab -- --warm-up-time 1 --measurement-time 3`

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{black_box, criterion_group, Criterion};
    use focal_loss_explorer::lab::train::{Lab, ModelKind, Settings, MAX_STEPS};

    /// The default lab, with room to step for as long as criterion likes,
    /// after 50 steps (past the first, atypical ones).
    fn lab(settings: Settings) -> Lab {
        let mut lab = Lab::new(Settings {
            steps: MAX_STEPS,
            ..settings
        })
        .expect("the default settings are valid");
        lab.step(50);
        lab
    }

    fn bench_lab(c: &mut Criterion) {
        let mut group = c.benchmark_group("lab");
        // A step without the held-out evaluation (every 10 steps by default).
        let mut l = lab(Settings {
            eval_every: u32::MAX,
            ..Settings::default()
        });
        group.bench_function("step", |b| {
            b.iter(|| {
                if l.finished() {
                    l.reset();
                }
                black_box(l.step(1))
            })
        });
        // Ten steps with the default evaluation: 10 steps + 1 evaluation.
        let mut l = lab(Settings::default());
        group.bench_function("step_x10_with_eval", |b| {
            b.iter(|| {
                if l.steps_done() > MAX_STEPS - 20 {
                    l.reset();
                }
                black_box(l.step(10))
            })
        });
        // The views, each recomputed (they are cached per step, so step once).
        let mut l = lab(Settings::default());
        group.bench_function("step_and_ap_x3", |b| {
            b.iter(|| {
                l.step(1);
                ModelKind::ALL.map(|k| black_box(l.average_precision(k)))
            })
        });
        let mut l = lab(Settings::default());
        group.bench_function("step_and_grid_x3", |b| {
            b.iter(|| {
                l.step(1);
                ModelKind::ALL.map(|k| black_box(l.grid_probabilities(k)[0]))
            })
        });
        let mut l = lab(Settings::default());
        group.bench_function("step_and_train_logits_x3", |b| {
            b.iter(|| {
                l.step(1);
                ModelKind::ALL.map(|k| black_box(l.train_logits(k)[0]))
            })
        });
        group.finish();
    }

    fn bench_new(c: &mut Criterion) {
        c.bench_function("lab/new", |b| {
            b.iter(|| black_box(Lab::new(Settings::default()).map(|l| l.steps_done())))
        });
    }

    criterion_group!(benches, bench_lab, bench_new);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion does not run on wasm32; this keeps the target compiling there.
#[cfg(target_arch = "wasm32")]
fn main() {}
