//! Native benchmarks of the curve sampler: building a scene, the resample
//! that one γ move costs (`Scene::update` with a new γ, alternating between
//! two values so that every iteration really resamples), and sampling one
//! series of 1024 points.
//!
//! `cargo bench --bench curves -- --warm-up-time 1 --measurement-time 2`

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{criterion_group, Criterion, Throughput};
    use focal_loss_explorer::curves::{
        ChartKind, Params, Scene, Series, XAxis, LOGIT_RANGE, POINTS,
    };

    /// The page's default parameters and the settings with the most moving
    /// curves (αt weighting and FL* on).
    fn settings() -> [(&'static str, Params); 3] {
        let default = Params::default();
        [
            ("default", default),
            (
                "weighted_star",
                Params {
                    weighted: true,
                    star: true,
                    ..default
                },
            ),
            (
                "logit_axis",
                Params {
                    axis: XAxis::Logit,
                    ..default
                },
            ),
        ]
    }

    fn bench_scene(c: &mut Criterion) {
        let mut group = c.benchmark_group("scene");
        for (name, params) in settings() {
            group.bench_function(format!("new/{name}"), |b| {
                b.iter(|| Scene::new(black_box(params)))
            });
        }
        // One γ move: γ alternates between two slider steps, so each
        // iteration resamples every curve that follows γ on the two charts
        // of the default view (loss and gradient), as a frame does.
        for (name, params) in settings() {
            let mut scene = Scene::new(params);
            let moves = [
                Params {
                    gamma: 2.01,
                    ..params
                },
                Params {
                    gamma: 2.0,
                    ..params
                },
            ];
            let mut i = 0;
            group.bench_function(format!("update_gamma/{name}"), |b| {
                b.iter(|| {
                    i ^= 1;
                    let dirty = scene.update(black_box(moves[i]));
                    let loss = scene.refresh(ChartKind::Loss);
                    let gradient = scene.refresh(ChartKind::Gradient);
                    black_box((dirty, loss, gradient))
                })
            });
        }
        group.finish();
    }

    /// A copy of one series of a fresh scene, by chart and name prefix.
    fn series(scene: &Scene, kind: ChartKind, name: &str) -> Series {
        scene
            .chart(kind)
            .series
            .iter()
            .find(|s| s.name.starts_with(name))
            .unwrap_or_else(|| panic!("no series {name:?} in the {kind:?} chart"))
            .clone()
    }

    fn bench_series(c: &mut Criterion) {
        let scene = Scene::new(Params::default());
        let mut group = c.benchmark_group("series_sample_1024");
        group.throughput(Throughput::Elements(POINTS as u64));
        let cases = [
            ("ce_value_pt", ChartKind::Loss, "CE", XAxis::Pt, (0.0, 1.0)),
            ("fl_value_pt", ChartKind::Loss, "FL", XAxis::Pt, (0.0, 1.0)),
            (
                "fl_grad_logit",
                ChartKind::Gradient,
                "dFL",
                XAxis::Logit,
                LOGIT_RANGE,
            ),
            (
                "factor_pt",
                ChartKind::Factor,
                "(1 − pt)^γ",
                XAxis::Pt,
                (0.0, 1.0),
            ),
        ];
        for (name, kind, prefix, axis, range) in cases {
            let mut s = series(&scene, kind, prefix);
            group.bench_function(name, |b| {
                b.iter(|| {
                    s.sample(axis, black_box(range));
                    black_box(s.ys[POINTS / 2])
                })
            });
        }
        group.finish();
    }

    criterion_group!(benches, bench_scene, bench_series);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion does not run on wasm32; this keeps the target compiling there.
#[cfg(target_arch = "wasm32")]
fn main() {}
