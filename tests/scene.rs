//! The scene: every chart's sampled series for one parameter set, and which
//! of them a change of parameters touches.
//!
//! Native tests of `Scene::new`, `Scene::update`, `Scene::refresh`,
//! `gradient_y`, `linspace_into`, `evaluate` and (at the end) `clip`. The
//! expectations are exact wherever the code computes something exactly: the
//! x samples run from the frame's start to its end to the last bit, and a
//! sample is the very value `evaluate` gives at its x.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::curves::{
    evaluate, gradient_reach, gradient_y, linspace_into, ChartKind, ChartScene, Dirty, Params,
    Quantity, Role, Scene, Series, XAxis, FIGURE1_GAMMAS, LOGIT_RANGE, POINTS,
};
use focal_loss_explorer::loss::{
    cross_entropy_logit_grad, focal_loss_prob, focal_loss_prob_grad, modulating_factor_prob, Label,
    Loss,
};

const POS: Label = Label::Positive;
const NEG: Label = Label::Negative;

const LOSS: ChartKind = ChartKind::Loss;
const GRADIENT: ChartKind = ChartKind::Gradient;
const FACTOR: ChartKind = ChartKind::Factor;

const CLEAN: Dirty = Dirty {
    back: false,
    front: false,
};
const FRONT: Dirty = Dirty {
    back: false,
    front: true,
};
const BOTH: Dirty = Dirty {
    back: true,
    front: true,
};

// ------------------------------------------------------------------ helpers

fn names(c: &ChartScene) -> Vec<&str> {
    c.series.iter().map(|s| s.name.as_str()).collect()
}

fn roles(c: &ChartScene) -> Vec<Role> {
    c.series.iter().map(|s| s.role).collect()
}

fn dynamic(c: &ChartScene) -> Vec<bool> {
    c.series.iter().map(|s| s.dynamic).collect()
}

fn quantities(c: &ChartScene) -> Vec<Quantity> {
    c.series.iter().map(|s| s.quantity).collect()
}

/// Which series of each chart are stale, in the order of `ChartKind::ALL`.
fn stale(scene: &Scene) -> [Vec<bool>; 3] {
    ChartKind::ALL.map(|k| scene.chart(k).series.iter().map(|s| s.stale).collect())
}

fn nan_count(s: &Series) -> usize {
    s.ys.iter().filter(|v| v.is_nan()).count()
}

/// The smallest and largest finite sample.
fn finite_range(s: &Series) -> (f64, f64) {
    s.ys.iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// The largest finite magnitude among a chart's samples.
fn extent(c: &ChartScene) -> f64 {
    c.series
        .iter()
        .flat_map(|s| s.ys.iter())
        .filter(|v| v.is_finite())
        .fold(0.0, |m: f64, v| m.max(v.abs()))
}

/// Equal to the last bit (and NaN equal to NaN).
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// The round band `gradient_y` must give for bound `m`: 5 % of `m` beyond
/// the bound on the side the gradients go to, 5 % on the other side. (1.05
/// and 0.05 are not doubles, hence the relative slack of a few ulps.)
#[track_caller]
fn assert_band(y: (f64, f64), label: Label, m: f64) {
    let want = match label {
        POS => (-1.05 * m, 0.05 * m),
        NEG => (-0.05 * m, 1.05 * m),
    };
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-15 * b.abs();
    assert!(
        near(y.0, want.0) && near(y.1, want.1),
        "{label:?}: range {y:?}, want the band of bound {m}: {want:?}"
    );
}

/// Checks that `scene`, refreshed, is the scene built fresh for its
/// parameters: same frames, series and samples.
#[track_caller]
fn assert_same_as_fresh(scene: &Scene, what: &str) {
    let fresh = Scene::new(scene.params);
    for kind in ChartKind::ALL {
        let (a, b) = (scene.chart(kind), fresh.chart(kind));
        assert_eq!(a.kind, kind, "{what}: {kind:?} is not at its index");
        assert_eq!(a.frame, b.frame, "{what}: {kind:?} frame");
        assert_eq!((a.axis, a.label), (b.axis, b.label), "{what}: {kind:?}");
        assert_eq!(names(a), names(b), "{what}: {kind:?} names");
        assert_eq!(roles(a), roles(b), "{what}: {kind:?} roles");
        assert_eq!(dynamic(a), dynamic(b), "{what}: {kind:?} dynamic");
        assert_eq!(quantities(a), quantities(b), "{what}: {kind:?} quantities");
        for (s, t) in a.series.iter().zip(&b.series) {
            assert!(!s.stale, "{what}: {kind:?} {} is stale", s.name);
            assert!(same_bits(&s.xs, &t.xs), "{what}: {kind:?} {} xs", s.name);
            assert!(same_bits(&s.ys, &t.ys), "{what}: {kind:?} {} ys", s.name);
        }
    }
}

/// Every parameter set the page's switches give, at a few γ.
fn every_switch() -> Vec<Params> {
    let mut all = Vec::new();
    for axis in [XAxis::Pt, XAxis::P, XAxis::Logit] {
        for (label, both) in [(POS, false), (NEG, false), (POS, axis != XAxis::Pt)] {
            for bits in 0..32u32 {
                for gamma in [0.0, 0.5, 2.0, 20.0] {
                    all.push(Params {
                        gamma,
                        axis,
                        label,
                        both,
                        weighted: bits & 1 != 0,
                        star: bits & 2 != 0,
                        log_y: bits & 4 != 0,
                        figure1: bits & 8 != 0,
                        figure5: bits & 16 != 0,
                        ..Params::default()
                    });
                }
            }
        }
    }
    all
}

/// Counts the allocations of the current thread (tests run in parallel
/// threads), so that a test can check that some work allocates nothing.
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    fn count() {
        // Not at all while the thread is being torn down.
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }

    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            count();
            System.alloc(layout)
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            count();
            System.alloc_zeroed(layout)
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            count();
            System.realloc(ptr, layout, new_size)
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            System.dealloc(ptr, layout)
        }
    }

    /// How many allocations this thread has made so far.
    pub fn allocations() -> usize {
        ALLOCATIONS.with(|n| n.get())
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

// ------------------------------------------------------ the default scene

#[test]
fn a_curve_has_1024_points() {
    assert_eq!(POINTS, 1024);
}

#[test]
fn the_scene_holds_the_three_charts_in_order() {
    let scene = Scene::new(Params::default());
    assert_eq!(scene.params, Params::default());
    let kinds: Vec<ChartKind> = scene.charts.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ChartKind::ALL);
    for kind in ChartKind::ALL {
        assert_eq!(scene.chart(kind).kind, kind);
        assert_eq!(ChartKind::ALL[kind.index()], kind);
        assert_eq!(ChartKind::parse(kind.key()), Some(kind));
    }
    assert_eq!(ChartKind::parse("pie"), None);
    assert_eq!(ChartKind::parse("Loss"), None);
}

#[test]
fn the_default_loss_chart_plots_ce_and_fl_against_pt_from_0_to_5() {
    let scene = Scene::new(Params::default());
    let c = scene.chart(LOSS);
    assert_eq!(names(c), ["CE", "FL (γ = 2)"]);
    assert_eq!(roles(c), [Role::CrossEntropy, Role::Focal]);
    assert_eq!(dynamic(c), [false, true], "CE is static, FL moves");
    assert_eq!(
        quantities(c),
        [
            Quantity::Value(Loss::CrossEntropy),
            Quantity::Value(Loss::Focal {
                gamma: 2.0,
                alpha: None
            }),
        ]
    );
    assert_eq!((c.axis, c.label), (XAxis::Pt, POS));
    assert_eq!(c.frame.x, (0.0, 1.0));
    assert_eq!(c.frame.y, (0.0, 5.0));
    assert!(!c.frame.log_y);
    assert_eq!(c.frame.x_title, "probability of ground truth class, pt");
    assert_eq!(c.frame.y_title, "loss");
    assert!(c.frame.shade_well_classified);
}

#[test]
fn the_default_loss_curves_run_from_infinity_at_pt_0_to_zero_at_pt_1() {
    let scene = Scene::new(Params::default());
    for s in &scene.chart(LOSS).series {
        assert_eq!(s.ys.len(), POINTS, "{}", s.name);
        assert_eq!(nan_count(s), 0, "{}", s.name);
        assert_eq!(s.ys[0], f64::INFINITY, "{}: the sure miss", s.name);
        assert_eq!(s.ys[POINTS - 1], 0.0, "{}: the sure hit", s.name);
        let (min, max) = finite_range(s);
        assert_eq!(min, 0.0, "{}: both losses are 0 at pt = 1", s.name);
        assert!(
            max > 5.0,
            "{}: rises past the top near pt = 0: {max}",
            s.name
        );
        assert!(
            s.ys[1..].iter().all(|v| v.is_finite()),
            "{}: only pt = 0 is infinite",
            s.name
        );
    }
}

#[test]
fn the_default_gradient_chart_plots_dce_and_dfl_against_the_logit() {
    let scene = Scene::new(Params::default());
    let c = scene.chart(GRADIENT);
    assert_eq!(names(c), ["dCE/dx", "dFL (γ = 2)/dx"]);
    assert_eq!(roles(c), [Role::CrossEntropy, Role::Focal]);
    assert_eq!(dynamic(c), [false, true]);
    assert_eq!(
        quantities(c),
        [
            Quantity::Gradient(Loss::CrossEntropy),
            Quantity::Gradient(Loss::Focal {
                gamma: 2.0,
                alpha: None
            }),
        ]
    );
    assert_eq!((c.axis, c.label), (XAxis::Logit, POS));
    assert_eq!(c.frame.x, LOGIT_RANGE);
    assert_eq!(LOGIT_RANGE, (-5.0, 5.0));
    assert!(!c.frame.log_y);
    assert_eq!(c.frame.x_title, "logit x (true label y = 1)");
    assert_eq!(c.frame.y_title, "d loss / dx");
    assert!(!c.frame.shade_well_classified);
    for s in &c.series {
        assert_eq!(s.ys.len(), POINTS, "{}", s.name);
        assert!(s.ys.iter().all(|v| v.is_finite()), "{}", s.name);
        assert!(
            s.ys.iter().all(|&v| v < 0.0),
            "{}: y = 1 pulls x up",
            s.name
        );
    }
    // dCE/dx = pt − 1 reaches σ(−5) − 1 ≈ −0.9933 at x = −5; dFL/dx (γ = 2)
    // goes beyond −1 (to −1.129 near x = −2.8); the bound holds every γ up
    // to 5 (1.3146 at γ = 5): 1.5.
    assert_eq!(c.series[0].ys[0], cross_entropy_logit_grad(-5.0, POS));
    let e = extent(c);
    assert!(e > 1.12 && e < 1.13, "extent {e}");
    assert_eq!(c.frame.y, gradient_y(POS, gradient_reach(2.0)));
    assert_band(c.frame.y, POS, 1.5);
}

#[test]
fn the_default_factor_chart_plots_the_factor_and_two_guides_on_a_log_scale() {
    let scene = Scene::new(Params::default());
    let c = scene.chart(FACTOR);
    assert_eq!(
        names(c),
        ["100× smaller", "1,000× smaller", "(1 − pt)^γ, γ = 2"]
    );
    assert_eq!(roles(c), [Role::Guide, Role::Guide, Role::Factor]);
    assert_eq!(dynamic(c), [false, false, true]);
    assert_eq!(
        quantities(c),
        [
            Quantity::Constant(0.01),
            Quantity::Constant(0.001),
            Quantity::Value(Loss::Modulating {
                gamma: 2.0,
                alpha: None
            }),
        ]
    );
    assert_eq!((c.axis, c.label), (XAxis::Pt, POS));
    assert_eq!(c.frame.x, (0.0, 1.0));
    assert_eq!(c.frame.y, (-6.0, 0.2));
    assert!(c.frame.log_y);
    assert_eq!(c.frame.x_title, "probability of ground truth class, pt");
    assert_eq!(c.frame.y_title, "factor (log scale)");
    assert!(c.frame.shade_well_classified);
    for s in &c.series {
        assert_eq!(s.ys.len(), POINTS, "{}", s.name);
        assert_eq!(nan_count(s), 0, "{}", s.name);
    }
    assert!(c.series[0].ys.iter().all(|&v| v == 0.01));
    assert!(c.series[1].ys.iter().all(|&v| v == 0.001));
    let factor = &c.series[2].ys;
    assert_eq!((factor[0], factor[POINTS - 1]), (1.0, 0.0));
    assert!(factor.windows(2).all(|w| w[1] <= w[0]), "(1 − pt)² falls");
}

#[test]
fn every_series_of_a_new_scene_is_sampled_from_the_frames_start_to_its_end() {
    let scene = Scene::new(Params::default());
    let mut grid = Vec::new();
    let mut count = 0;
    for c in &scene.charts {
        linspace_into(c.frame.x.0, c.frame.x.1, POINTS, &mut grid);
        for s in &c.series {
            assert!(!s.stale, "{:?} {}", c.kind, s.name);
            assert_eq!(s.xs.len(), POINTS, "{:?} {}", c.kind, s.name);
            assert_eq!(s.xs[0], c.frame.x.0, "{:?} {}", c.kind, s.name);
            assert_eq!(s.xs[POINTS - 1], c.frame.x.1, "{:?} {}", c.kind, s.name);
            assert!(same_bits(&s.xs, &grid), "{:?} {}", c.kind, s.name);
            count += 1;
        }
    }
    assert_eq!(count, 7, "2 + 2 + 3 series");
}

// ------------------------------------------- frames and series per setting

#[test]
fn the_log_scale_puts_the_loss_chart_on_10_to_the_minus_5_to_10() {
    let scene = Scene::new(Params {
        log_y: true,
        ..Params::default()
    });
    let c = scene.chart(LOSS);
    assert!(c.frame.log_y);
    assert_eq!(c.frame.y, (-5.0, 1.0));
    assert_eq!(names(c), ["CE", "FL (γ = 2)"]);
    for s in &c.series {
        assert_eq!(nan_count(s), 0, "{}", s.name);
    }
    // The log scale is the loss chart's alone.
    assert!(!scene.chart(GRADIENT).frame.log_y);
    assert_eq!(scene.chart(FACTOR).frame.y, (-6.0, 0.2));
}

#[test]
fn the_x_axis_sets_the_range_and_title_of_the_loss_and_factor_charts() {
    let cases = [
        (
            XAxis::Pt,
            POS,
            (0.0, 1.0),
            "probability of ground truth class, pt",
        ),
        (
            XAxis::Pt,
            NEG,
            (0.0, 1.0),
            "probability of ground truth class, pt",
        ),
        (
            XAxis::P,
            POS,
            (0.0, 1.0),
            "predicted probability p (true label y = 1)",
        ),
        (
            XAxis::P,
            NEG,
            (0.0, 1.0),
            "predicted probability p (true label y = 0)",
        ),
        (XAxis::Logit, POS, (-5.0, 5.0), "logit x (true label y = 1)"),
        (XAxis::Logit, NEG, (-5.0, 5.0), "logit x (true label y = 0)"),
    ];
    for (axis, label, x, title) in cases {
        let scene = Scene::new(Params {
            axis,
            label,
            ..Params::default()
        });
        for kind in [LOSS, FACTOR] {
            let c = scene.chart(kind);
            assert_eq!((c.axis, c.label), (axis, label), "{kind:?}");
            assert_eq!(c.frame.x, x, "{axis:?} {label:?} {kind:?}");
            assert_eq!(c.frame.x_title, title, "{axis:?} {label:?} {kind:?}");
            assert_eq!(
                c.frame.shade_well_classified,
                axis == XAxis::Pt,
                "{axis:?} {kind:?}"
            );
        }
        // The gradient chart is always against the logit, of the label.
        let g = scene.chart(GRADIENT);
        assert_eq!((g.axis, g.label), (XAxis::Logit, label));
        assert_eq!(g.frame.x, LOGIT_RANGE);
        let want = match label {
            POS => "logit x (true label y = 1)",
            NEG => "logit x (true label y = 0)",
        };
        assert_eq!(g.frame.x_title, want);
    }
}

#[test]
fn alpha_weighting_renames_fl_and_adds_fl_over_ce_to_the_factor_chart() {
    let scene = Scene::new(Params {
        weighted: true,
        alpha: 0.25,
        ..Params::default()
    });
    let focal = Loss::Focal {
        gamma: 2.0,
        alpha: Some(0.25),
    };
    let loss = scene.chart(LOSS);
    assert_eq!(names(loss), ["CE", "FL (γ = 2, α = 0.25)"]);
    assert_eq!(loss.series[1].quantity, Quantity::Value(focal));
    let grad = scene.chart(GRADIENT);
    assert_eq!(names(grad), ["dCE/dx", "dFL (γ = 2, α = 0.25)/dx"]);
    assert_eq!(grad.series[1].quantity, Quantity::Gradient(focal));
    let factor = scene.chart(FACTOR);
    assert_eq!(
        names(factor),
        [
            "100× smaller",
            "1,000× smaller",
            "(1 − pt)^γ, γ = 2",
            "FL / CE = αt (1 − pt)^γ, α = 0.25"
        ]
    );
    assert_eq!(
        roles(factor),
        [Role::Guide, Role::Guide, Role::Factor, Role::Focal]
    );
    assert_eq!(dynamic(factor), [false, false, true, true]);
    assert_eq!(
        factor.series[2].quantity,
        Quantity::Value(Loss::Modulating {
            gamma: 2.0,
            alpha: None
        }),
        "the modulating factor stays unweighted"
    );
    assert_eq!(
        factor.series[3].quantity,
        Quantity::Value(Loss::Modulating {
            gamma: 2.0,
            alpha: Some(0.25)
        })
    );
}

#[test]
fn fl_star_adds_a_moving_curve_to_the_loss_and_gradient_charts_only() {
    let scene = Scene::new(Params {
        star: true,
        ..Params::default()
    });
    let star = Loss::FocalStar {
        gamma: 2.0,
        beta: 1.0,
    };
    let loss = scene.chart(LOSS);
    assert_eq!(names(loss), ["CE", "FL (γ = 2)", "FL* (γ = 2, β = 1)"]);
    assert_eq!(roles(loss)[2], Role::FocalStar);
    assert_eq!(dynamic(loss), [false, true, true]);
    assert_eq!(loss.series[2].quantity, Quantity::Value(star));
    let grad = scene.chart(GRADIENT);
    assert_eq!(
        names(grad),
        ["dCE/dx", "dFL (γ = 2)/dx", "dFL* (γ = 2, β = 1)/dx"]
    );
    assert_eq!(roles(grad)[2], Role::FocalStar);
    assert_eq!(dynamic(grad), [false, true, true]);
    assert_eq!(grad.series[2].quantity, Quantity::Gradient(star));
    assert_eq!(
        scene.chart(FACTOR).series.len(),
        3,
        "no FL* on the factor chart"
    );
}

#[test]
fn figure_1_draws_the_papers_family_under_fl() {
    let scene = Scene::new(Params {
        figure1: true,
        ..Params::default()
    });
    let c = scene.chart(LOSS);
    assert_eq!(FIGURE1_GAMMAS, [0.0, 0.5, 1.0, 2.0, 5.0]);
    assert_eq!(
        names(c),
        [
            "CE (γ = 0)",
            "γ = 0.5",
            "γ = 1",
            "γ = 2",
            "γ = 5",
            "FL (γ = 2)"
        ]
    );
    assert_eq!(
        roles(c),
        [
            Role::CrossEntropy,
            Role::Family(1),
            Role::Family(2),
            Role::Family(3),
            Role::Family(4),
            Role::Focal
        ]
    );
    assert_eq!(dynamic(c), [false, false, false, false, false, true]);
    for (s, &gamma) in c.series.iter().zip(&FIGURE1_GAMMAS) {
        assert_eq!(
            s.quantity,
            Quantity::Value(Loss::Focal { gamma, alpha: None }),
            "{}",
            s.name
        );
    }
    for s in &c.series {
        assert_eq!(s.ys.len(), POINTS, "{}", s.name);
        assert_eq!(nan_count(s), 0, "{}", s.name);
    }
    // The family's γ = 2 is FL at the default γ, sample for sample.
    assert!(same_bits(&c.series[3].ys, &c.series[5].ys));
    // The family is the loss chart's alone.
    assert_eq!(names(scene.chart(GRADIENT)).len(), 2);
    assert_eq!(names(scene.chart(FACTOR)).len(), 3);
}

#[test]
fn alpha_fl_star_and_the_logit_axis_combine_on_the_loss_chart() {
    // As a visitor gets there: Figure 1 off, α weighting on with α = 0.25,
    // FL* on, the logit axis, then the log scale.
    let mut scene = Scene::new(Params {
        figure1: true,
        ..Params::default()
    });
    scene.update(Params {
        figure1: false,
        ..scene.params
    });
    scene.update(Params {
        weighted: true,
        ..scene.params
    });
    scene.update(Params {
        alpha: 0.25,
        ..scene.params
    });
    scene.update(Params {
        star: true,
        ..scene.params
    });
    scene.update(Params {
        axis: XAxis::Logit,
        ..scene.params
    });
    scene.refresh(LOSS);
    let c = scene.chart(LOSS);
    assert_eq!(
        names(c),
        ["CE", "FL (γ = 2, α = 0.25)", "FL* (γ = 2, β = 1)"]
    );
    assert_eq!(c.frame.x, (-5.0, 5.0));
    assert!(!c.frame.log_y);
    scene.update(Params {
        log_y: true,
        ..scene.params
    });
    scene.refresh(LOSS);
    let c = scene.chart(LOSS);
    assert!(c.frame.log_y);
    assert_eq!(c.frame.y, (-5.0, 1.0));
    for s in &c.series {
        assert_eq!(s.ys.len(), POINTS, "{}", s.name);
        assert_eq!(nan_count(s), 0, "{}", s.name);
        // On the logit axis every loss is finite and positive at x = ±5.
        assert!(s.ys.iter().all(|&v| v.is_finite() && v > 0.0), "{}", s.name);
    }
}

#[test]
fn no_setting_gives_a_nan_sample() {
    let mut seen = 0;
    for p in every_switch() {
        let scene = Scene::new(p);
        for c in &scene.charts {
            for s in &c.series {
                assert_eq!(nan_count(s), 0, "{p:?}: {:?} {}", c.kind, s.name);
                seen += 1;
            }
        }
    }
    assert!(seen > 3000, "{seen} series");
}

#[test]
fn only_the_loss_curves_at_the_sure_miss_are_infinite() {
    for p in every_switch() {
        let scene = Scene::new(p);
        for c in &scene.charts {
            // Where the true class has probability 0: pt = 0, or p = 0 for
            // y = 1 and p = 1 for y = 0. The logit axis stops at ±5.
            for s in &c.series {
                let miss = match (c.kind, c.axis, s.label) {
                    (LOSS, XAxis::Pt, _) | (LOSS, XAxis::P, POS) => Some(0),
                    (LOSS, XAxis::P, NEG) => Some(POINTS - 1),
                    _ => None,
                };
                for (i, &v) in s.ys.iter().enumerate() {
                    if Some(i) == miss {
                        assert_eq!(v, f64::INFINITY, "{p:?}: {:?} {} at {i}", c.kind, s.name);
                    } else {
                        assert!(v.is_finite(), "{p:?}: {:?} {} at {i}: {v}", c.kind, s.name);
                    }
                }
            }
        }
    }
}

#[test]
fn every_sample_is_the_exact_value_at_its_x_for_every_setting() {
    let mut grid = Vec::new();
    for p in every_switch() {
        let scene = Scene::new(p);
        for c in &scene.charts {
            linspace_into(c.frame.x.0, c.frame.x.1, POINTS, &mut grid);
            for s in &c.series {
                let what = format!("{p:?}: {:?} {}", c.kind, s.name);
                assert!(same_bits(&s.xs, &grid), "{what}: xs");
                assert_eq!(s.ys.len(), POINTS, "{what}");
                for (&x, &y) in s.xs.iter().zip(&s.ys) {
                    let want = evaluate(s.quantity, c.axis, s.label, x);
                    assert_eq!(y.to_bits(), want.to_bits(), "{what} at x = {x}");
                    assert_eq!(s.at(c.axis, x).to_bits(), want.to_bits());
                }
            }
        }
    }
}

// ------------------------------------------------------------ gradient_y

#[test]
fn gradient_y_takes_the_smallest_round_bound_holding_the_extent() {
    let cases = [
        (0.0, 1.0),
        (0.5, 1.0),
        (1.0, 1.0),
        (1.000_000_1, 1.25),
        (1.25, 1.25),
        (1.3, 1.5),
        (1.5, 1.5),
        (1.7, 2.0),
        (2.0, 2.0),
        (2.2, 2.5),
        (2.9, 3.0),
        (3.5, 4.0),
        (4.5, 5.0),
        (7.0, 10.0),
        (10.0, 10.0),
    ];
    for (extent, bound) in cases {
        assert_band(gradient_y(POS, extent), POS, bound);
        assert_band(gradient_y(NEG, extent), NEG, bound);
    }
}

#[test]
fn gradient_y_stops_at_10() {
    assert_band(gradient_y(POS, 11.0), POS, 10.0);
    assert_band(gradient_y(NEG, 1e300), NEG, 10.0);
    assert_band(gradient_y(POS, f64::INFINITY), POS, 10.0);
}

#[test]
fn gradient_y_for_y_0_mirrors_that_for_y_1() {
    for extent in [0.0, 0.9, 1.1, 1.4, 1.9, 2.4, 2.9, 3.9, 4.9, 9.9, 20.0] {
        let (lo, hi) = gradient_y(POS, extent);
        assert_eq!(gradient_y(NEG, extent), (-hi, -lo), "extent {extent}");
    }
}

#[test]
fn gradient_y_bounds_that_are_whole_doubles_are_exact() {
    assert_eq!(gradient_y(POS, 0.5), (-1.05, 0.05));
    assert_eq!(gradient_y(POS, 1.1), (-1.3125, 0.0625));
    assert_eq!(gradient_y(NEG, 1.1), (-0.0625, 1.3125));
    assert_eq!(gradient_y(POS, 2.0), (-2.1, 0.1));
}

// ------------------------------------------------- the gradient chart's range

#[test]
fn the_gradient_range_holds_every_gradient_curve_for_every_gamma_and_label() {
    // γ → the round bound of the chart. |dFL/dx| (y = 1) is
    // (1 − pt)^γ (1 − pt − γ pt log pt): past 1 as soon as γ > 0, and
    // growing with γ (1.3146 at γ = 5, 1.4975 at 10, 1.7032 at 20); dCE/dx
    // and dFL*/dx stay below 1. The bound is the same for every γ up to 5,
    // so that the axis stands still while γ is dragged.
    let bounds = [
        (0.0, 1.5),
        (0.5, 1.5),
        (1.0, 1.5),
        (2.0, 1.5),
        (5.0, 1.5),
        (5.01, 2.0),
        (10.0, 2.0),
        (20.0, 2.0),
    ];
    let mut scene = Scene::new(Params::default());
    for label in [POS, NEG] {
        scene.update(Params {
            label,
            ..scene.params
        });
        for (gamma, bound) in bounds {
            scene.update(Params {
                gamma,
                ..scene.params
            });
            scene.update(Params {
                star: gamma > 4.0,
                ..scene.params
            });
            scene.refresh(GRADIENT);
            let c = scene.chart(GRADIENT);
            assert_eq!(c.series.len(), if gamma > 4.0 { 3 } else { 2 });
            let (lo, hi) = c.frame.y;
            assert!(lo < hi);
            for s in &c.series {
                assert!(!s.stale, "{}", s.name);
                assert_eq!(nan_count(s), 0, "{label:?}, γ = {gamma}: {}", s.name);
                assert!(
                    s.ys.iter().all(|&v| v.is_finite() && v >= lo && v <= hi),
                    "{label:?}, γ = {gamma}: {} spans {:?} outside [{lo}, {hi}]",
                    s.name,
                    finite_range(s)
                );
            }
            assert_eq!(
                c.frame.y,
                gradient_y(label, extent(c).max(gradient_reach(gamma))),
                "{label:?}, γ = {gamma}"
            );
            assert!(extent(c) <= gradient_reach(gamma), "γ = {gamma}");
            assert_band(c.frame.y, label, bound);
            scene.refresh(LOSS);
            scene.refresh(FACTOR);
            assert_same_as_fresh(&scene, &format!("{label:?}, γ = {gamma}"));
        }
    }
}

#[test]
fn weighting_by_alpha_keeps_the_gradient_range() {
    // αt = 0.25 scales dFL/dx (γ = 2) down to 0.28; the range stays the
    // one for every γ up to 5, so that moving α does not move the axis.
    let scene = Scene::new(Params {
        weighted: true,
        ..Params::default()
    });
    let c = scene.chart(GRADIENT);
    let (min, _) = finite_range(&c.series[1]);
    assert!(min > -0.3 && min < -0.28, "{min}");
    assert_band(c.frame.y, POS, 1.5);
}

// --------------------------------------------------------------- update

#[test]
fn the_same_parameters_again_dirty_nothing() {
    for p in [
        Params::default(),
        Params {
            gamma: 3.0,
            weighted: true,
            star: true,
            figure1: true,
            log_y: true,
            axis: XAxis::Logit,
            label: NEG,
            ..Params::default()
        },
    ] {
        let mut scene = Scene::new(p);
        assert_eq!(scene.update(p), [CLEAN; 3], "{p:?}");
        assert_eq!(scene.update(p), [CLEAN; 3], "{p:?}");
        for flags in stale(&scene) {
            assert!(flags.iter().all(|&s| !s), "{p:?}: {flags:?}");
        }
        assert_same_as_fresh(&scene, "unchanged");
    }
}

#[test]
fn a_gamma_move_dirties_only_the_front_layers_and_marks_only_the_gamma_curves_stale() {
    let mut scene = Scene::new(Params::default());
    let frames = ChartKind::ALL.map(|k| scene.chart(k).frame);
    let d = scene.update(Params {
        gamma: 3.0,
        ..scene.params
    });
    assert_eq!(d, [FRONT; 3], "loss, gradient and factor all follow γ");
    assert_eq!(scene.params.gamma, 3.0);
    assert_eq!(
        stale(&scene),
        [
            vec![false, true],
            vec![false, true],
            vec![false, false, true]
        ]
    );
    // Renamed at once; frames unchanged until a refresh.
    assert_eq!(names(scene.chart(LOSS)), ["CE", "FL (γ = 3)"]);
    assert_eq!(names(scene.chart(GRADIENT)), ["dCE/dx", "dFL (γ = 3)/dx"]);
    assert_eq!(
        names(scene.chart(FACTOR)),
        ["100× smaller", "1,000× smaller", "(1 − pt)^γ, γ = 3"]
    );
    assert_eq!(ChartKind::ALL.map(|k| scene.chart(k).frame), frames);
}

#[test]
fn a_gamma_move_leaves_fl_star_the_family_and_the_static_curves_alone() {
    let mut scene = Scene::new(Params {
        weighted: true,
        star: true,
        figure1: true,
        ..Params::default()
    });
    let d = scene.update(Params {
        gamma: 0.5,
        ..scene.params
    });
    assert_eq!(d, [FRONT; 3]);
    assert_eq!(
        stale(&scene),
        [
            // CE (γ = 0), the four family curves, FL, FL*.
            vec![false, false, false, false, false, true, false],
            // dCE/dx, dFL/dx, dFL*/dx.
            vec![false, true, false],
            // The guides, (1 − pt)^γ, FL / CE.
            vec![false, false, true, true],
        ]
    );
}

#[test]
fn a_move_of_alpha_while_unweighted_dirties_nothing_but_is_kept() {
    let mut scene = Scene::new(Params::default());
    let d = scene.update(Params {
        alpha: 0.6,
        ..scene.params
    });
    assert_eq!(d, [CLEAN; 3]);
    assert_eq!(scene.params.alpha, 0.6, "the new α is the scene's");
    for flags in stale(&scene) {
        assert!(flags.iter().all(|&s| !s), "{flags:?}");
    }
    assert_eq!(names(scene.chart(LOSS)), ["CE", "FL (γ = 2)"]);
    // Weighting on uses the α set while it was off.
    let d = scene.update(Params {
        weighted: true,
        ..scene.params
    });
    assert_eq!(d, [BOTH; 3]);
    assert_eq!(names(scene.chart(LOSS)), ["CE", "FL (γ = 2, α = 0.6)"]);
    assert_eq!(
        names(scene.chart(FACTOR))[3],
        "FL / CE = αt (1 − pt)^γ, α = 0.6"
    );
}

#[test]
fn a_move_of_alpha_while_weighted_marks_the_weighted_curves_stale_only() {
    let mut scene = Scene::new(Params {
        weighted: true,
        ..Params::default()
    });
    let d = scene.update(Params {
        alpha: 0.75,
        ..scene.params
    });
    assert_eq!(d, [FRONT; 3]);
    assert_eq!(
        stale(&scene),
        [
            vec![false, true],
            vec![false, true],
            // (1 − pt)^γ has no α.
            vec![false, false, false, true]
        ]
    );
    assert_eq!(names(scene.chart(LOSS))[1], "FL (γ = 2, α = 0.75)");
    assert_eq!(names(scene.chart(GRADIENT))[1], "dFL (γ = 2, α = 0.75)/dx");
    assert_eq!(
        names(scene.chart(FACTOR))[3],
        "FL / CE = αt (1 − pt)^γ, α = 0.75"
    );
}

#[test]
fn fl_star_parameters_dirty_nothing_while_fl_star_is_off() {
    let mut scene = Scene::new(Params::default());
    let d = scene.update(Params {
        star_gamma: 3.0,
        star_beta: 0.5,
        ..scene.params
    });
    assert_eq!(d, [CLEAN; 3]);
    assert_eq!(
        (scene.params.star_gamma, scene.params.star_beta),
        (3.0, 0.5)
    );
}

#[test]
fn fl_star_parameters_dirty_the_loss_and_gradient_fronts_while_fl_star_is_on() {
    let mut scene = Scene::new(Params {
        star: true,
        ..Params::default()
    });
    for p in [
        Params {
            star_gamma: 3.0,
            ..scene.params
        },
        Params {
            star_gamma: 3.0,
            star_beta: 0.5,
            ..scene.params
        },
    ] {
        let d = scene.update(p);
        assert_eq!(d, [FRONT, FRONT, CLEAN], "{p:?}");
        assert_eq!(
            stale(&scene),
            [
                vec![false, false, true],
                vec![false, false, true],
                vec![false, false, false]
            ],
            "{p:?}"
        );
        scene.refresh(LOSS);
        scene.refresh(GRADIENT);
    }
    assert_eq!(names(scene.chart(LOSS))[2], "FL* (γ = 3, β = 0.5)");
    assert_eq!(names(scene.chart(GRADIENT))[2], "dFL* (γ = 3, β = 0.5)/dx");
    assert_same_as_fresh(&scene, "FL* moved");
}

/// A named change of parameters.
type Switch = (&'static str, fn(Params) -> Params);

#[test]
fn switching_axis_label_log_scale_figure_1_fl_star_or_weighting_rebuilds_every_chart() {
    let switches: [Switch; 8] = [
        ("axis p", |p| Params {
            axis: XAxis::P,
            ..p
        }),
        ("axis x", |p| Params {
            axis: XAxis::Logit,
            ..p
        }),
        ("label", |p| Params {
            label: match p.label {
                POS => NEG,
                NEG => POS,
            },
            ..p
        }),
        ("log scale", |p| Params {
            log_y: !p.log_y,
            ..p
        }),
        ("figure 1", |p| Params {
            figure1: !p.figure1,
            ..p
        }),
        ("FL*", |p| Params { star: !p.star, ..p }),
        ("weighting", |p| Params {
            weighted: !p.weighted,
            ..p
        }),
        ("axis x and γ", |p| Params {
            axis: XAxis::Logit,
            gamma: 4.0,
            ..p
        }),
    ];
    for start in [
        Params::default(),
        Params {
            gamma: 0.5,
            weighted: true,
            star: true,
            figure1: true,
            ..Params::default()
        },
    ] {
        for (what, switch) in switches {
            let mut scene = Scene::new(start);
            let p = switch(start);
            assert_ne!(p, start, "{what}");
            assert_eq!(scene.update(p), [BOTH; 3], "{what} from {start:?}");
            assert_eq!(scene.params, p);
            assert_same_as_fresh(&scene, what);
            // And back.
            assert_eq!(scene.update(start), [BOTH; 3], "{what} back");
            assert_same_as_fresh(&scene, what);
        }
    }
}

#[test]
fn an_update_does_not_resample_until_the_chart_is_refreshed() {
    // A hidden chart costs nothing: its stale curves keep the old samples.
    let mut scene = Scene::new(Params::default());
    let before = scene.chart(GRADIENT).series[1].ys.clone();
    let range = scene.chart(GRADIENT).frame.y;
    scene.update(Params {
        gamma: 20.0,
        ..scene.params
    });
    let s = &scene.chart(GRADIENT).series[1];
    assert!(s.stale);
    assert!(same_bits(&s.ys, &before), "resampled by update");
    assert_eq!(scene.chart(GRADIENT).frame.y, range);
    assert!(scene.refresh(GRADIENT));
    let s = &scene.chart(GRADIENT).series[1];
    assert!(!s.stale);
    assert!(!same_bits(&s.ys, &before), "not resampled by refresh");
}

// --------------------------------------------------------------- refresh

#[test]
fn refresh_resamples_the_stale_series_only() {
    let mut scene = Scene::new(Params::default());
    scene.update(Params {
        gamma: 3.0,
        ..scene.params
    });
    // Marks on the samples: a resample would overwrite them.
    for c in &mut scene.charts {
        for s in &mut c.series {
            s.ys[7] = 42.0;
        }
    }
    for kind in ChartKind::ALL {
        scene.refresh(kind);
        for s in &scene.chart(kind).series {
            assert!(!s.stale, "{kind:?} {}", s.name);
            if s.dynamic {
                let c = scene.chart(kind);
                let want = evaluate(s.quantity, c.axis, c.label, s.xs[7]);
                assert_eq!(s.ys[7], want, "{kind:?} {} was not resampled", s.name);
            } else {
                assert_eq!(s.ys[7], 42.0, "{kind:?} {} was resampled", s.name);
            }
        }
    }
}

#[test]
fn refreshed_samples_are_the_exact_values_at_their_x() {
    let mut scene = Scene::new(Params {
        weighted: true,
        star: true,
        axis: XAxis::P,
        label: NEG,
        ..Params::default()
    });
    scene.update(Params {
        gamma: 0.7,
        alpha: 0.9,
        star_gamma: 1.5,
        star_beta: -2.0,
        ..scene.params
    });
    for kind in ChartKind::ALL {
        scene.refresh(kind);
        let c = scene.chart(kind);
        for s in &c.series {
            assert_eq!(s.xs.len(), POINTS);
            assert_eq!(s.xs[0], c.frame.x.0);
            assert_eq!(s.xs[POINTS - 1], c.frame.x.1);
            for (&x, &y) in s.xs.iter().zip(&s.ys) {
                let want = evaluate(s.quantity, c.axis, c.label, x);
                assert_eq!(y.to_bits(), want.to_bits(), "{kind:?} {} at {x}", s.name);
            }
        }
    }
    assert_same_as_fresh(&scene, "γ, α and FL* moved");
}

#[test]
fn refresh_is_idempotent() {
    let mut scene = Scene::new(Params::default());
    scene.update(Params {
        gamma: 20.0,
        ..scene.params
    });
    assert!(scene.refresh(GRADIENT), "1.25 → 2");
    // A mark on a fresh sample: a second resample would overwrite it.
    scene.charts[GRADIENT.index()].series[1].ys[3] = 42.0;
    let frame = scene.chart(GRADIENT).frame;
    assert!(!scene.refresh(GRADIENT));
    assert_eq!(
        scene.chart(GRADIENT).series[1].ys[3],
        42.0,
        "resampled twice"
    );
    assert_eq!(scene.chart(GRADIENT).frame, frame);
    for kind in [LOSS, FACTOR] {
        scene.refresh(kind);
        let before = scene.chart(kind).series.last().unwrap().ys.clone();
        assert!(!scene.refresh(kind));
        assert!(same_bits(
            &scene.chart(kind).series.last().unwrap().ys,
            &before
        ));
    }
}

#[test]
fn refresh_of_a_new_scene_does_nothing() {
    let mut scene = Scene::new(Params::default());
    for kind in ChartKind::ALL {
        assert!(!scene.refresh(kind), "{kind:?}");
    }
    assert_same_as_fresh(&scene, "new");
}

#[test]
fn refresh_resamples_without_allocating() {
    let before = counting::allocations();
    drop(std::hint::black_box(Vec::<f64>::with_capacity(POINTS)));
    assert_eq!(counting::allocations() - before, 1, "the counter counts");
    let mut scene = Scene::new(Params {
        star: true,
        weighted: true,
        ..Params::default()
    });
    for gamma in [3.0, 0.0, 20.0] {
        scene.update(Params {
            gamma,
            alpha: gamma / 20.0,
            star_beta: -gamma / 4.0,
            ..scene.params
        });
        let before = counting::allocations();
        for kind in ChartKind::ALL {
            scene.refresh(kind);
        }
        assert_eq!(
            counting::allocations() - before,
            0,
            "γ = {gamma}: refresh allocated"
        );
        assert!(stale(&scene).iter().flatten().all(|&s| !s));
    }
}

#[test]
fn refresh_reports_exactly_the_gamma_moves_that_change_the_gradient_range() {
    // From γ = 2 (bound 1.5): γ → whether the gradient's bound changes.
    // Only crossing γ = 5 does.
    let moves = [
        (3.0, false),
        (4.0, false),
        (5.0, false),
        (5.01, true), // 2
        (10.0, false),
        (20.0, false),
        (0.0, true), // 1.5
        (0.25, false),
        (2.0, false),
    ];
    let mut scene = Scene::new(Params::default());
    for (gamma, changes) in moves {
        let before = scene.chart(GRADIENT).frame.y;
        assert_eq!(
            scene.update(Params {
                gamma,
                ..scene.params
            }),
            [FRONT; 3]
        );
        let reported = scene.refresh(GRADIENT);
        let after = scene.chart(GRADIENT).frame.y;
        assert_eq!(reported, changes, "γ = {gamma}: {before:?} → {after:?}");
        assert_eq!(reported, after != before, "γ = {gamma}");
    }
}

#[test]
fn alpha_moves_never_change_the_gradient_range() {
    // Weighted, γ = 2: αt scales dFL/dx (unweighted extent 1.129) within
    // the bound of 1.5 that holds every γ up to 5.
    let moves = [
        (1.0, false),
        (0.5, false),
        (0.75, false),
        (0.0, false),
        (0.9, false),
    ];
    let mut scene = Scene::new(Params {
        weighted: true,
        ..Params::default()
    });
    for (alpha, changes) in moves {
        let before = scene.chart(GRADIENT).frame.y;
        scene.update(Params {
            alpha,
            ..scene.params
        });
        assert_eq!(scene.refresh(GRADIENT), changes, "α = {alpha}");
        assert_eq!(changes, scene.chart(GRADIENT).frame.y != before);
    }
}

#[test]
fn refresh_never_reports_a_change_for_the_loss_and_factor_charts() {
    // Their frames do not follow the samples.
    let mut scene = Scene::new(Params {
        weighted: true,
        star: true,
        ..Params::default()
    });
    for gamma in [0.0, 20.0, 0.5, 5.0] {
        scene.update(Params {
            gamma,
            alpha: 1.0 - gamma / 20.0,
            star_gamma: 20.0 - gamma,
            ..scene.params
        });
        let frames = [scene.chart(LOSS).frame, scene.chart(FACTOR).frame];
        assert!(scene.chart(LOSS).series[1].stale);
        assert!(!scene.refresh(LOSS), "γ = {gamma}");
        assert!(scene.chart(FACTOR).series[2].stale);
        assert!(!scene.refresh(FACTOR), "γ = {gamma}");
        assert_eq!([scene.chart(LOSS).frame, scene.chart(FACTOR).frame], frames);
    }
}

#[test]
fn gamma_moves_never_move_the_loss_charts_frame() {
    // The loss chart's axes do not depend on γ: a γ move redraws its front
    // layer only, wherever γ goes.
    let mut scene = Scene::new(Params::default());
    let frame = scene.chart(LOSS).frame;
    for gamma in [3.0, 0.0, 1.0, 5.0, 20.0, 0.5, 2.0] {
        let d = scene.update(Params {
            gamma,
            ..scene.params
        });
        assert_eq!(d[LOSS.index()], FRONT, "γ = {gamma}");
        assert!(!scene.refresh(LOSS), "γ = {gamma}");
        assert_eq!(scene.chart(LOSS).frame, frame, "γ = {gamma}");
    }
    assert_eq!(frame.x, (0.0, 1.0));
    assert_eq!(frame.y, (0.0, 5.0));
}

#[test]
fn a_scene_moved_step_by_step_is_the_scene_built_at_the_end() {
    let mut scene = Scene::new(Params::default());
    let steps = [
        Params {
            gamma: 0.3,
            ..Params::default()
        },
        Params {
            gamma: 0.3,
            weighted: true,
            ..Params::default()
        },
        Params {
            gamma: 7.0,
            alpha: 0.9,
            weighted: true,
            ..Params::default()
        },
        Params {
            gamma: 7.0,
            alpha: 0.9,
            weighted: true,
            star: true,
            label: NEG,
            ..Params::default()
        },
        Params {
            gamma: 1.0,
            alpha: 0.1,
            weighted: true,
            star: true,
            star_gamma: 0.5,
            star_beta: 3.0,
            label: NEG,
            ..Params::default()
        },
    ];
    for (i, p) in steps.into_iter().enumerate() {
        scene.update(p);
        for kind in ChartKind::ALL {
            scene.refresh(kind);
        }
        assert_same_as_fresh(&scene, &format!("step {i}"));
    }
}

// --------------------------------------------------- evaluate and linspace

#[test]
fn on_the_pt_axis_a_y_0_curve_weights_by_1_minus_alpha() {
    let focal = Loss::Focal {
        gamma: 2.0,
        alpha: Some(0.25),
    };
    let modulating = Loss::Modulating {
        gamma: 2.0,
        alpha: Some(0.25),
    };
    for pt in [0.0, 0.1, 0.5, 0.9, 1.0] {
        assert_eq!(
            evaluate(Quantity::Value(focal), XAxis::Pt, POS, pt),
            focal_loss_prob(pt, POS, 2.0, Some(0.25))
        );
        assert_eq!(
            evaluate(Quantity::Value(focal), XAxis::Pt, NEG, pt),
            focal_loss_prob(pt, POS, 2.0, Some(0.75)),
            "pt = {pt}"
        );
        assert_eq!(
            evaluate(Quantity::Gradient(focal), XAxis::Pt, NEG, pt),
            focal_loss_prob_grad(pt, POS, 2.0, Some(0.75)),
            "pt = {pt}"
        );
        assert_eq!(
            evaluate(Quantity::Value(modulating), XAxis::Pt, NEG, pt),
            0.75 * modulating_factor_prob(pt, POS, 2.0),
            "pt = {pt}"
        );
    }
}

#[test]
fn on_the_pt_axis_an_unweighted_curve_is_the_same_for_both_labels() {
    let losses = [
        Loss::CrossEntropy,
        Loss::Focal {
            gamma: 2.0,
            alpha: None,
        },
        Loss::FocalStar {
            gamma: 2.0,
            beta: 1.0,
        },
        Loss::Modulating {
            gamma: 0.5,
            alpha: None,
        },
    ];
    for loss in losses {
        for q in [Quantity::Value(loss), Quantity::Gradient(loss)] {
            for pt in [0.0, 0.2, 0.5, 0.8, 1.0] {
                let a = evaluate(q, XAxis::Pt, POS, pt);
                let b = evaluate(q, XAxis::Pt, NEG, pt);
                assert_eq!(a.to_bits(), b.to_bits(), "{q:?} at pt = {pt}");
            }
        }
    }
}

#[test]
fn on_the_p_and_logit_axes_evaluate_is_the_loss_of_the_label() {
    let loss = Loss::Focal {
        gamma: 1.5,
        alpha: Some(0.25),
    };
    for y in [POS, NEG] {
        for p in [0.0, 0.3, 1.0] {
            assert_eq!(
                evaluate(Quantity::Value(loss), XAxis::P, y, p),
                loss.value_prob(p, y)
            );
            assert_eq!(
                evaluate(Quantity::Gradient(loss), XAxis::P, y, p),
                loss.grad_prob(p, y)
            );
        }
        for x in [-5.0, 0.0, 2.5] {
            assert_eq!(
                evaluate(Quantity::Value(loss), XAxis::Logit, y, x),
                loss.value_logit(x, y)
            );
            assert_eq!(
                evaluate(Quantity::Gradient(loss), XAxis::Logit, y, x),
                loss.grad_logit(x, y)
            );
        }
    }
}

#[test]
fn a_constant_is_the_same_everywhere() {
    for axis in [XAxis::Pt, XAxis::P, XAxis::Logit] {
        for u in [-5.0, 0.0, 0.5, 1.0] {
            assert_eq!(evaluate(Quantity::Constant(0.01), axis, NEG, u), 0.01);
        }
    }
}

#[test]
fn linspace_includes_both_ends_exactly() {
    let mut v = Vec::new();
    linspace_into(-5.0, 5.0, POINTS, &mut v);
    assert_eq!(v.len(), POINTS);
    assert_eq!((v[0], v[POINTS - 1]), (-5.0, 5.0));
    assert!(v.windows(2).all(|w| w[0] < w[1]), "not increasing");
    // In doubles 0.2 + (0.9 − 0.2)·1 is 0.9000000000000001, not 0.9.
    assert_ne!(0.2 + (0.9 - 0.2) * 1.0, 0.9);
    linspace_into(0.2, 0.9, 8, &mut v);
    assert_eq!((v[0], v[7]), (0.2, 0.9));
}

#[test]
fn linspace_spaces_the_points_evenly() {
    let mut v = Vec::new();
    linspace_into(0.0, 1.0, 5, &mut v);
    assert_eq!(v, [0.0, 0.25, 0.5, 0.75, 1.0]);
    linspace_into(2.0, -2.0, 3, &mut v);
    assert_eq!(v, [2.0, 0.0, -2.0]);
    linspace_into(0.0, 1.0, POINTS, &mut v);
    for (i, &x) in v.iter().enumerate() {
        assert_eq!(x, i as f64 / (POINTS - 1) as f64, "point {i}");
    }
}

#[test]
fn linspace_replaces_what_the_buffer_held_and_gives_at_least_two_points() {
    let mut v = vec![9.0; 3000];
    linspace_into(0.0, 1.0, 3, &mut v);
    assert_eq!(v, [0.0, 0.5, 1.0]);
    linspace_into(3.0, 4.0, 1, &mut v);
    assert_eq!(v, [3.0, 4.0]);
    linspace_into(3.0, 4.0, 0, &mut v);
    assert_eq!(v, [3.0, 4.0]);
}

// ----------------------------------------------------------------- clip
//
// Cutting a polyline to a chart's band (in log10 on a log axis).

mod clipping {
    use focal_loss_explorer::chart::clip;

    type Piece = Vec<(f64, f64)>;

    /// The pieces `clip` hands out, in order.
    fn pieces(xs: &[f64], ys: &[f64], band: (f64, f64), log_y: bool) -> Vec<Piece> {
        let mut out = Vec::new();
        // A buffer left dirty by an earlier call: clip must clear it first.
        let mut buf = vec![(99.0, 99.0); 3];
        clip(xs, ys, band, log_y, &mut buf, |p| out.push(p.to_vec()));
        assert!(buf.is_empty(), "the buffer is left holding {buf:?}");
        out
    }

    fn xs(n: usize) -> Vec<f64> {
        (0..n).map(|i| i as f64).collect()
    }

    #[test]
    fn a_curve_inside_the_band_is_one_piece_of_its_own_points() {
        let ys = [1.0, 2.0, 0.0, 5.0, 3.0];
        let got = pieces(&xs(5), &ys, (0.0, 5.0), false);
        let want: Piece = xs(5).into_iter().zip(ys).collect();
        assert_eq!(got, [want], "edges belong to the band");
    }

    #[test]
    fn a_curve_leaving_and_reentering_the_band_is_cut_at_its_edge() {
        // Up through y = 2 between x = 0 and 1, back down between 1 and 2.
        let got = pieces(&xs(4), &[1.0, 3.0, 1.0, 0.5], (0.0, 2.0), false);
        assert_eq!(
            got,
            [
                vec![(0.0, 1.0), (0.5, 2.0)],
                vec![(1.5, 2.0), (2.0, 1.0), (3.0, 0.5)]
            ]
        );
    }

    #[test]
    fn pieces_stay_inside_the_band_and_keep_every_point_inside_it() {
        let n = 2000;
        let xs: Vec<f64> = (0..n).map(|i| i as f64 * 0.01).collect();
        let ys: Vec<f64> = xs.iter().map(|x| 3.0 * x.sin()).collect();
        let (lo, hi) = (-1.0, 2.0);
        let got = pieces(&xs, &ys, (lo, hi), false);
        // sin crosses the band 7 times over [0, 20): once per half turn.
        assert_eq!(got.len(), 7, "{} pieces", got.len());
        let mut inside = 0;
        for p in &got {
            assert!(p.len() >= 2);
            assert!(
                p.iter().all(|&(_, y)| (lo..=hi).contains(&y)),
                "a piece leaves the band"
            );
            assert!(p.windows(2).all(|w| w[0].0 <= w[1].0), "x goes back");
            inside += p.iter().filter(|&&(_, y)| y > lo && y < hi).count();
        }
        let want = ys.iter().filter(|&&y| y > lo && y < hi).count();
        assert_eq!(inside, want, "a sample inside the band was dropped");
    }

    #[test]
    fn a_segment_through_the_whole_band_is_one_two_point_piece() {
        let down = pieces(&[0.0, 1.0], &[10.0, -10.0], (0.0, 5.0), false);
        assert_eq!(down, [vec![(0.25, 5.0), (0.5, 0.0)]]);
        let up = pieces(&[0.0, 1.0], &[-10.0, 10.0], (0.0, 5.0), false);
        assert_eq!(up, [vec![(0.5, 0.0), (0.75, 5.0)]]);
    }

    #[test]
    fn a_curve_outside_the_band_draws_nothing() {
        assert!(pieces(&xs(3), &[6.0, 7.0, 8.0], (0.0, 5.0), false).is_empty());
        assert!(pieces(&xs(3), &[-1.0, -2.0, -1.0], (0.0, 5.0), false).is_empty());
        assert!(pieces(&[], &[], (0.0, 5.0), false).is_empty());
    }

    #[test]
    fn a_lone_point_draws_nothing() {
        assert!(pieces(&[0.5], &[1.0], (0.0, 5.0), false).is_empty());
    }

    #[test]
    fn an_infinite_value_ends_a_piece_at_the_edge_above_its_x() {
        // The loss at pt = 0: the curve goes up to the top at that x.
        let got = pieces(
            &xs(5),
            &[1.0, 2.0, f64::INFINITY, 2.0, 1.0],
            (0.0, 5.0),
            false,
        );
        assert_eq!(
            got,
            [
                vec![(0.0, 1.0), (1.0, 2.0), (2.0, 5.0)],
                vec![(2.0, 5.0), (3.0, 2.0), (4.0, 1.0)]
            ]
        );
        let first = pieces(&xs(3), &[f64::INFINITY, 3.0, 1.0], (0.0, 5.0), false);
        assert_eq!(first, [vec![(0.0, 5.0), (1.0, 3.0), (2.0, 1.0)]]);
        let below = pieces(&xs(3), &[1.0, f64::NEG_INFINITY, 1.0], (0.0, 5.0), false);
        assert_eq!(
            below,
            [vec![(0.0, 1.0), (1.0, 0.0)], vec![(1.0, 0.0), (2.0, 1.0)]]
        );
    }

    #[test]
    fn a_nan_ends_a_piece_as_a_value_below_the_band() {
        // NaN is taken as −∞: the pieces either side reach the lower edge at
        // the NaN's x.
        let got = pieces(&xs(3), &[1.0, f64::NAN, 2.0], (0.0, 5.0), false);
        assert_eq!(
            got,
            [vec![(0.0, 1.0), (1.0, 0.0)], vec![(1.0, 0.0), (2.0, 2.0)]]
        );
        for p in &got {
            assert!(p.iter().all(|&(x, y)| x.is_finite() && y.is_finite()));
        }
    }

    #[test]
    fn no_line_crosses_the_band_next_to_a_value_that_is_not_finite() {
        let cases = [
            [f64::INFINITY, -10.0],
            [-10.0, f64::INFINITY],
            [10.0, f64::NAN],
            [f64::NAN, 10.0],
            [10.0, f64::NEG_INFINITY],
        ];
        for ys in cases {
            assert!(
                pieces(&[0.0, 1.0], &ys, (0.0, 5.0), false).is_empty(),
                "{ys:?}"
            );
        }
    }

    #[test]
    fn a_log_axis_plots_log10_and_drops_zeros_to_the_lower_edge() {
        // log10: 1, 0, −∞, 2 in the band [−1, 3].
        let got = pieces(&xs(4), &[10.0, 1.0, 0.0, 100.0], (-1.0, 3.0), true);
        assert_eq!(
            got,
            [
                vec![(0.0, 1.0), (1.0, 0.0), (2.0, -1.0)],
                vec![(2.0, -1.0), (3.0, 2.0)]
            ]
        );
        // The modulating factor at pt = 1 is 0: the curve ends at the bottom.
        let end = pieces(&xs(3), &[0.01, 0.0001, 0.0], (-6.0, 0.2), true);
        assert_eq!(end, [vec![(0.0, -2.0), (1.0, -4.0), (2.0, -6.0)]]);
        // Zeros alone draw nothing.
        assert!(pieces(&xs(3), &[0.0; 3], (-6.0, 0.2), true).is_empty());
    }
}

// ------------------------------------------------------------ both labels

#[test]
fn both_labels_draw_each_curve_for_y_1_and_its_twin_for_y_0() {
    let p = Params {
        both: true,
        axis: XAxis::P,
        weighted: true,
        alpha: 0.25,
        ..Params::default()
    };
    let scene = Scene::new(p);
    let c = scene.chart(LOSS);
    assert_eq!(
        names(c),
        [
            "CE, y = 1",
            "CE, y = 0",
            "FL (γ = 2, α = 0.25), y = 1",
            "FL (γ = 2, α = 0.25), y = 0"
        ]
    );
    let labels: Vec<Label> = c.series.iter().map(|s| s.label).collect();
    assert_eq!(labels, [POS, NEG, POS, NEG]);
    let twins: Vec<bool> = c.series.iter().map(|s| s.negative_twin).collect();
    assert_eq!(twins, [false, true, false, true]);
    assert_eq!(
        c.frame.x_title,
        "predicted probability p (true labels y = 1 and y = 0)"
    );
    // Each class's curve is its own loss, with its own αt: at p = 0.3,
    // FL for y = 0 (pt = 0.7) is weighted by 0.75, for y = 1 (pt = 0.3) by 0.25.
    let fl = Loss::Focal {
        gamma: 2.0,
        alpha: Some(0.25),
    };
    assert_eq!(c.series[2].at(XAxis::P, 0.3), fl.value_prob(0.3, POS));
    assert_eq!(c.series[3].at(XAxis::P, 0.3), fl.value_prob(0.3, NEG));
    // (1 − 0.3 is not 0.7 to the last bit.)
    let (v, want) = (
        c.series[3].at(XAxis::P, 0.3),
        focal_loss_prob(0.7, POS, 2.0, Some(0.75)),
    );
    assert!((v - want).abs() < 1e-15 * want, "{v} vs {want}");
    // The gradient chart shows both signs: y = 1 pulls up, y = 0 down.
    let g = scene.chart(GRADIENT);
    assert_eq!(
        names(g),
        [
            "dCE/dx, y = 1",
            "dCE/dx, y = 0",
            "dFL (γ = 2, α = 0.25)/dx, y = 1",
            "dFL (γ = 2, α = 0.25)/dx, y = 0"
        ]
    );
    assert_eq!(
        g.series[1].at(XAxis::Logit, 1.0),
        cross_entropy_logit_grad(1.0, NEG)
    );
    assert!(g.series[0].ys.iter().all(|&v| v < 0.0));
    assert!(g.series[1].ys.iter().all(|&v| v > 0.0));
    assert_eq!(g.frame.y, (-1.5 * 1.05, 1.5 * 1.05));
    // The factor chart: the guides once, each curve for both labels.
    let f = scene.chart(FACTOR);
    assert_eq!(
        roles(f),
        [
            Role::Guide,
            Role::Guide,
            Role::Factor,
            Role::Factor,
            Role::Focal,
            Role::Focal
        ]
    );
    assert_eq!(
        f.series[3].at(XAxis::P, 0.2),
        modulating_factor_prob(0.2, NEG, 2.0)
    );
}

#[test]
fn both_labels_follow_alpha_on_the_front_layer_only() {
    let p = Params {
        both: true,
        axis: XAxis::Logit,
        weighted: true,
        ..Params::default()
    };
    let mut scene = Scene::new(p);
    let d = scene.update(Params { alpha: 0.5, ..p });
    assert_eq!(d, [FRONT, FRONT, FRONT]);
    assert_eq!(
        stale(&scene)[0],
        [false, false, true, true],
        "both FL curves follow α, CE does not"
    );
    for kind in ChartKind::ALL {
        scene.refresh(kind);
    }
    assert_same_as_fresh(&scene, "α moved with both labels");
}

// ------------------------------------------------------------ Figure 5

#[test]
fn figure_5_overlays_the_papers_two_fl_star_settings() {
    let p = Params::default().preset("figure5").unwrap();
    let scene = Scene::new(p);
    let c = scene.chart(LOSS);
    assert_eq!(c.axis, XAxis::Logit);
    assert_eq!(
        names(c),
        [
            "CE",
            "FL (γ = 2)",
            "FL* (γ = 2, β = 1)",
            "FL* (γ = 4, β = 0)"
        ]
    );
    assert_eq!(
        roles(c),
        [
            Role::CrossEntropy,
            Role::Focal,
            Role::Figure5(0),
            Role::Figure5(1)
        ]
    );
    assert_eq!(dynamic(c), [false, true, false, false]);
    let (s1, s2) = (&c.series[2], &c.series[3]);
    for (i, &x) in s1.xs.iter().enumerate().step_by(97) {
        let want1 = Loss::FocalStar {
            gamma: 2.0,
            beta: 1.0,
        }
        .value_logit(x, POS);
        let want2 = Loss::FocalStar {
            gamma: 4.0,
            beta: 0.0,
        }
        .value_logit(x, POS);
        assert_eq!(s1.ys[i].to_bits(), want1.to_bits(), "x = {x}");
        assert_eq!(s2.ys[i].to_bits(), want2.to_bits(), "x = {x}");
    }
    // FL* (4, 0) at x = 0 is log 2 / 4; (2, 1) is −log σ(1) / 2.
    assert_eq!(s2.at(XAxis::Logit, 0.0), std::f64::consts::LN_2 / 4.0);
    assert!((s1.at(XAxis::Logit, 0.0) - (1.0 + (-1.0f64).exp()).ln() / 2.0).abs() < 1e-16);
    let g = scene.chart(GRADIENT);
    assert_eq!(
        names(g)[2..],
        ["dFL* (γ = 2, β = 1)/dx", "dFL* (γ = 4, β = 0)/dx"]
    );
    // With the FL* switch on too, the live curve comes after the overlay.
    let scene = Scene::new(Params { star: true, ..p });
    assert_eq!(names(scene.chart(LOSS)).len(), 5);
    assert_eq!(roles(scene.chart(LOSS))[4], Role::FocalStar);
}
