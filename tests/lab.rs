//! The training lab, through its public API: the data generator, the model's
//! gradient, average precision, and the reproducibility of a run.
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::lab::data::{
    generate, DataSettings, Origin, Streams, EASY_CLEARANCE, EXTENT,
};
use focal_loss_explorer::lab::metrics::average_precision;
use focal_loss_explorer::lab::model::{Mlp, Objective};
use focal_loss_explorer::lab::train::{Applied, Lab, ModelKind, Settings, PRIOR_PI};
use focal_loss_explorer::loss::{cross_entropy_logit, cross_entropy_logit_grad, sigmoid, Label};

const POS: Label = Label::Positive;
const NEG: Label = Label::Negative;

/// A lab small enough for a test: the default run on fewer points.
fn small(seed: u64) -> Settings {
    Settings {
        seed,
        data: DataSettings {
            n_train: 4000,
            n_test: 2000,
            imbalance: 100.0,
            ..DataSettings::default()
        },
        batch: 512,
        steps: 60,
        ..Settings::default()
    }
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

// ------------------------------------------------------------------ data

#[test]
fn a_seed_gives_the_same_problem_and_another_seed_another() {
    let settings = DataSettings::default();
    let a = generate(&settings, 7).unwrap();
    let b = generate(&settings, 7).unwrap();
    assert_eq!(a, b);
    let c = generate(&settings, 8).unwrap();
    assert_ne!(a.train.points, c.train.points);
    assert_ne!(a.centers, c.centers);
}

#[test]
fn seed_7_draws_the_same_points_as_it_always_has() {
    // Pinned bits: a change of the generator, of the PCG crate's seeding or
    // of libm's Box–Muller functions would move every point of every seed,
    // and so every run a reader bookmarked.
    let p = generate(&DataSettings::default(), 7).unwrap();
    let b = |v: [f64; 2]| v.map(f64::to_bits);
    assert_eq!(b(p.centers[0]), [4602034974139343514, 13824114871959244444]);
    assert_eq!(
        b(p.centers[3]),
        [13821899116284561896, 13807678640359680799]
    );
    assert_eq!(
        b(p.train.points[0]),
        [4601068610022364590, 13823661349472371931]
    );
    assert_eq!(
        b(p.test.points[19999]),
        [13828990981407811872, 4600726762529103808]
    );
    let lab = Lab::new(Settings {
        seed: 7,
        ..Settings::default()
    })
    .unwrap();
    assert_eq!(
        lab.model(ModelKind::Focal).params()[0].to_bits(),
        0xbfeabad9ca673ecd
    );
}

#[test]
fn training_and_held_out_sets_are_drawn_apart() {
    let p = generate(&DataSettings::default(), 7).unwrap();
    assert_ne!(p.train.points[..100], p.test.points[..100]);
}

#[test]
fn the_sets_have_the_asked_imbalance() {
    for imbalance in [1.0, 3.0, 10.0, 100.0, 250.0, 1000.0] {
        let settings = DataSettings {
            imbalance,
            ..DataSettings::default()
        };
        let p = generate(&settings, 3).unwrap();
        for set in [&p.train, &p.test] {
            let n = set.len();
            let pos = set.positives();
            let neg = n - pos;
            // The positives are n / (1 + r) rounded to the nearest integer.
            let want = n as f64 / (1.0 + imbalance);
            assert!(
                (pos as f64 - want).abs() <= 0.5,
                "r = {imbalance}: {pos} positives"
            );
            let ratio = neg as f64 / pos as f64;
            assert!(
                (ratio - imbalance).abs() / imbalance < 0.03,
                "r = {imbalance}: {neg}:{pos}"
            );
        }
        assert_eq!(p.train.len(), settings.n_train);
        assert_eq!(p.test.len(), settings.n_test);
    }
}

#[test]
fn hard_negatives_are_a_multiple_of_the_positives_and_easy_ones_are_far() {
    let settings = DataSettings::default();
    let p = generate(&settings, 11).unwrap();
    let count = |o: Origin| p.train.origins.iter().filter(|&&x| x == o).count();
    let (pos, hard, easy) = settings.counts(settings.n_train);
    assert_eq!(count(Origin::Blob), pos);
    assert_eq!(count(Origin::Halo), hard);
    assert_eq!(count(Origin::Background), easy);
    assert_eq!(
        hard,
        (settings.hard_per_positive * pos as f64).round() as usize
    );
    assert!(easy > 10 * (pos + hard), "most negatives are easy");
    for ((pt, origin), label) in p
        .train
        .points
        .iter()
        .zip(&p.train.origins)
        .zip(&p.train.labels)
    {
        assert!(pt[0].abs() <= EXTENT && pt[1].abs() <= EXTENT);
        assert_eq!(origin.label(), *label);
        if *origin == Origin::Background {
            for c in &p.centers {
                assert!(((pt[0] - c[0]).powi(2) + (pt[1] - c[1]).powi(2)).sqrt() >= EASY_CLEARANCE);
            }
        }
    }
}

#[test]
fn invalid_data_settings_are_refused() {
    for bad in [
        DataSettings {
            imbalance: 0.5,
            ..DataSettings::default()
        },
        DataSettings {
            imbalance: 1001.0,
            ..DataSettings::default()
        },
        DataSettings {
            imbalance: f64::NAN,
            ..DataSettings::default()
        },
        DataSettings {
            n_train: 10,
            ..DataSettings::default()
        },
        DataSettings {
            blobs: 0,
            ..DataSettings::default()
        },
    ] {
        assert!(generate(&bad, 1).is_err(), "{bad:?}");
    }
}

// ----------------------------------------------------------------- model

#[test]
fn cross_entropy_is_focal_loss_with_gamma_zero_bit_for_bit() {
    let ce = Objective::CROSS_ENTROPY;
    for i in 0..=2000 {
        let x = -50.0 + 0.05 * i as f64;
        for y in [POS, NEG] {
            assert_eq!(
                ce.grad(x, y).to_bits(),
                cross_entropy_logit_grad(x, y).to_bits()
            );
            assert_eq!(ce.loss(x, y).to_bits(), cross_entropy_logit(x, y).to_bits());
        }
    }
}

/// A network with output weights of order one (as after some training),
/// so that every parameter has a gradient well above rounding.
fn test_network() -> Mlp {
    let mut rng = Streams::new(5).fork();
    let mut m = Mlp::init(16, &mut rng, -1.0);
    // The output weights are the fourth block of 16.
    for (i, p) in m.params_mut()[48..64].iter_mut().enumerate() {
        *p = if i % 2 == 0 { 0.7 } else { -0.4 } + 0.01 * i as f64;
    }
    m
}

#[test]
fn the_gradient_matches_central_differences() {
    let problem = generate(&DataSettings::default(), 2).unwrap();
    let train = &problem.train;
    // Positives, hard and easy negatives, all in the batch.
    let batch: Vec<usize> = (0..train.len()).step_by(97).chain(0..40).collect();
    let m = test_network();
    let objectives = [
        Objective::CROSS_ENTROPY,
        Objective::balanced(0.75),
        Objective::focal(2.0, Some(0.25)),
        Objective::focal(0.5, None),
    ];
    let n = m.params().len();
    // w_x (0..16), w_y (16..32), c (32..48) and v (48..64) of a few units,
    // and the output bias.
    let which = [0, 1, 2, 3, 9, 14, 22, 31, 35, 40, 47, 51, 60, n - 1];
    let scale = 1.0 / 7.0;
    for objective in objectives {
        let mut grad = Vec::new();
        m.loss_and_grad(
            &train.points,
            &train.labels,
            &batch,
            objective,
            scale,
            &mut grad,
        );
        for &j in &which {
            let h = 1e-5;
            let at = |delta: f64| {
                let mut m2 = m.clone();
                m2.params_mut()[j] += delta;
                m2.loss(&train.points, &train.labels, &batch, objective, scale)
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            let rel = (grad[j] - fd).abs() / grad[j].abs().max(fd.abs());
            assert!(
                rel <= 1e-6,
                "{objective:?}, parameter {j}: backprop {} vs differences {fd} (rel {rel:e})",
                grad[j]
            );
        }
    }
}

#[test]
fn the_loss_with_its_gradient_is_the_loss() {
    let problem = generate(&DataSettings::default(), 2).unwrap();
    let t = &problem.train;
    let batch: Vec<usize> = (0..500).collect();
    let m = test_network();
    let o = Objective::focal(2.0, Some(0.25));
    let mut grad = Vec::new();
    let a = m.loss_and_grad(&t.points, &t.labels, &batch, o, 0.5, &mut grad);
    let b = m.loss(&t.points, &t.labels, &batch, o, 0.5);
    assert_eq!(a.to_bits(), b.to_bits());
    assert_eq!(grad.len(), m.params().len());
}

// --------------------------------------------------------------- metrics

#[test]
fn average_precision_of_scikit_learns_documented_example() {
    // sklearn.metrics.average_precision_score's docstring example.
    let ap = average_precision(&[0.1, 0.4, 0.35, 0.8], &[NEG, NEG, POS, POS]).unwrap();
    assert_eq!(ap, 0.8333333333333333);
}

#[test]
fn average_precision_of_small_cases_by_hand() {
    // A perfect ranking.
    assert_eq!(
        average_precision(&[3.0, 2.0, 1.0], &[POS, POS, NEG]).unwrap(),
        1.0
    );
    // The one positive last of three: P = 1/3 at R = 1.
    let ap = average_precision(&[0.9, 0.8, 0.1], &[NEG, NEG, POS]).unwrap();
    assert!((ap - 1.0 / 3.0).abs() < 1e-16);
    // Positives 1st and 3rd of four: 1/2 · 1 + 1/2 · 2/3.
    let ap = average_precision(&[4.0, 3.0, 2.0, 1.0], &[POS, NEG, POS, NEG]).unwrap();
    assert!((ap - 5.0 / 6.0).abs() < 1e-15);
    // The order of the input does not matter.
    let ap2 = average_precision(&[1.0, 3.0, 2.0, 4.0], &[NEG, NEG, POS, POS]).unwrap();
    assert_eq!(ap.to_bits(), ap2.to_bits());
}

#[test]
fn average_precision_takes_a_tie_as_one_threshold() {
    // All scores equal: one threshold, P = 1/2 at R = 1 (scikit-learn: 0.5),
    // whatever the order of the tied labels.
    assert_eq!(
        average_precision(&[0.5; 4], &[POS, NEG, POS, NEG]).unwrap(),
        0.5
    );
    assert_eq!(
        average_precision(&[0.5; 4], &[NEG, NEG, POS, POS]).unwrap(),
        0.5
    );
    // Thresholds 0.9 (a negative: R = 0), 0.5 (a positive and a negative
    // together: P = 1/3, R = 1/2), 0.1 (a positive: P = 1/2, R = 1):
    // AP = 1/2 · 1/3 + 1/2 · 1/2 = 5/12 (scikit-learn: 0.41666666666666663).
    let ap = average_precision(&[0.9, 0.5, 0.5, 0.1], &[NEG, POS, NEG, POS]).unwrap();
    assert_eq!(ap, 0.41666666666666663);
    // Were the tie broken with the positive first, AP would be
    // 1/2 · 1/2 + 1/2 · 1/2 = 1/2; with the negative first, 1/2 · 1/3 + …;
    // scikit-learn does neither.
    let ap_flipped = average_precision(&[0.9, 0.5, 0.5, 0.1], &[NEG, NEG, POS, POS]).unwrap();
    assert_eq!(ap.to_bits(), ap_flipped.to_bits());
    // −0 and +0 are one score.
    let z = average_precision(&[1.0, 0.0, -0.0, -1.0], &[NEG, POS, NEG, POS]).unwrap();
    assert_eq!(z.to_bits(), ap.to_bits());
}

/// The labels and scores of a line of `tests/data/ap_reference.csv`, and the
/// AP scikit-learn printed for them.
fn reference_case(line: &str) -> (Vec<Label>, Vec<f64>, f64) {
    let mut parts = line.split(';');
    let mut field = || parts.next().expect("three fields");
    let labels = field()
        .split(' ')
        .map(|y| if y == "1" { POS } else { NEG })
        .collect();
    let scores = field()
        .split(' ')
        .map(|s| s.parse().expect("a score"))
        .collect();
    let ap = field().parse().expect("an AP");
    (labels, scores, ap)
}

#[test]
fn average_precision_agrees_with_scikit_learn_on_random_cases_with_ties() {
    // Written by tools/ap_reference.py with scikit-learn 1.9.1.
    let text = include_str!("data/ap_reference.csv");
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (labels, scores, want) = reference_case(line);
        let ap = average_precision(&scores, &labels).unwrap();
        // scikit-learn sums the same terms in another order (numpy's
        // pairwise sum, from the lowest threshold up).
        assert!(
            (ap - want).abs() <= 4.0 * f64::EPSILON * want,
            "{} points: {ap} vs scikit-learn {want}",
            labels.len()
        );
        cases += 1;
    }
    assert_eq!(cases, 45);
}

#[test]
fn average_precision_edge_cases() {
    // No positive: scikit-learn returns 0 (with a warning).
    assert_eq!(average_precision(&[0.3, 0.2], &[NEG, NEG]).unwrap(), 0.0);
    // Only positives: precision 1 everywhere.
    assert_eq!(average_precision(&[0.3, 0.2], &[POS, POS]).unwrap(), 1.0);
    assert_eq!(average_precision(&[], &[]).unwrap(), 0.0);
    assert!(average_precision(&[0.3], &[POS, NEG]).is_err());
    assert!(average_precision(&[f64::NAN, 0.2], &[POS, NEG]).is_err());
    // Infinite scores rank as scores.
    let ap = average_precision(&[f64::INFINITY, f64::NEG_INFINITY], &[POS, NEG]).unwrap();
    assert_eq!(ap, 1.0);
}

// ------------------------------------------------------------------- lab

#[test]
fn the_prior_initialization_predicts_pi_everywhere() {
    let mut lab = Lab::new(small(4)).unwrap();
    let bias = lab.model(ModelKind::Focal).bias();
    assert!((bias - (-(99.0f64).ln())).abs() < 1e-12);
    for kind in ModelKind::ALL {
        let logits = lab.train_logits(kind);
        let mean_p = logits.iter().map(|&x| sigmoid(x)).sum::<f64>() / logits.len() as f64;
        assert!(
            (mean_p - PRIOR_PI).abs() < 0.05 * PRIOR_PI,
            "{kind:?}: mean p {mean_p}"
        );
    }
    // Without the prior the bias is 0 and p is about one half.
    let mut off = Lab::new(Settings {
        prior: false,
        ..small(4)
    })
    .unwrap();
    assert_eq!(off.model(ModelKind::CrossEntropy).bias(), 0.0);
    let logits = off.train_logits(ModelKind::CrossEntropy);
    let mean_p = logits.iter().map(|&x| sigmoid(x)).sum::<f64>() / logits.len() as f64;
    assert!((mean_p - 0.5).abs() < 0.05, "mean p {mean_p}");
}

#[test]
fn the_three_models_start_from_the_same_weights() {
    let lab = Lab::new(small(9)).unwrap();
    let ce = bits(lab.model(ModelKind::CrossEntropy).params());
    assert_eq!(
        ce,
        bits(lab.model(ModelKind::BalancedCrossEntropy).params())
    );
    assert_eq!(ce, bits(lab.model(ModelKind::Focal).params()));
}

#[test]
fn focal_loss_with_gamma_zero_and_no_alpha_trains_exactly_like_cross_entropy() {
    let mut lab = Lab::new(Settings {
        gamma: 0.0,
        alpha: None,
        ..small(5)
    })
    .unwrap();
    assert_eq!(lab.step(60), 60);
    let ce = ModelKind::CrossEntropy;
    let fl = ModelKind::Focal;
    assert_eq!(bits(lab.model(ce).params()), bits(lab.model(fl).params()));
    assert_eq!(bits(lab.loss_history(ce)), bits(lab.loss_history(fl)));
    assert_eq!(bits(lab.ap_history(ce)), bits(lab.ap_history(fl)));
    // And the models did train.
    assert_ne!(
        bits(lab.model(ce).params()),
        bits(Lab::new(small(5)).unwrap().model(ce).params())
    );
    // With γ = 2 they part.
    let mut lab2 = Lab::new(small(5)).unwrap();
    lab2.step(5);
    assert_ne!(bits(lab2.model(ce).params()), bits(lab2.model(fl).params()));
}

/// Everything a run shows, as bits.
fn fingerprint(lab: &mut Lab) -> Vec<Vec<u64>> {
    let mut out = vec![lab.ap_steps().iter().map(|&s| s as u64).collect()];
    for kind in ModelKind::ALL {
        out.push(bits(lab.model(kind).params()));
        out.push(bits(lab.loss_history(kind)));
        out.push(bits(lab.ap_history(kind)));
        out.push(bits(lab.test_logits(kind)));
        out.push(
            lab.grid_probabilities(kind)
                .iter()
                .map(|p| p.to_bits() as u64)
                .collect(),
        );
    }
    out
}

#[test]
fn reset_reproduces_the_same_run() {
    let mut lab = Lab::new(small(7)).unwrap();
    lab.step(45);
    let first = fingerprint(&mut lab);
    lab.reset();
    assert_eq!(lab.steps_done(), 0);
    assert_eq!(lab.loss_history(ModelKind::Focal).len(), 0);
    // Taken in pieces of another size, the steps are the same steps.
    for _ in 0..9 {
        lab.step(5);
    }
    assert_eq!(first, fingerprint(&mut lab));
    // And so is a new lab with the same settings.
    let mut other = Lab::new(small(7)).unwrap();
    other.step(45);
    assert_eq!(first, fingerprint(&mut other));
}

#[test]
fn a_run_stops_at_its_steps() {
    let mut lab = Lab::new(small(1)).unwrap();
    assert_eq!(lab.step(1000), 60);
    assert!(lab.finished());
    assert_eq!(lab.step(1), 0);
    assert_eq!(lab.loss_history(ModelKind::CrossEntropy).len(), 60);
    // AP is recorded at step 0, every 10 steps and at the end.
    assert_eq!(lab.ap_steps(), &[0, 10, 20, 30, 40, 50, 60]);
    // Raising the steps lets the run go on.
    let more = Settings {
        steps: 65,
        ..lab.settings().clone()
    };
    assert_eq!(lab.apply(more).unwrap(), Applied::Live);
    assert_eq!(lab.step(100), 5);
    assert_eq!(lab.ap_steps().last(), Some(&65));
}

#[test]
fn live_settings_go_on_and_others_start_again() {
    let mut lab = Lab::new(small(2)).unwrap();
    lab.step(20);
    let s = lab.settings().clone();
    let live = Settings {
        gamma: 1.0,
        alpha: None,
        learning_rate: 0.01,
        balanced_alpha: 0.5,
        grid: 16,
        ..s.clone()
    };
    assert_eq!(lab.apply(live).unwrap(), Applied::Live);
    assert_eq!(lab.steps_done(), 20);
    assert_eq!(lab.grid_probabilities(ModelKind::Focal).len(), 16 * 16);
    let centers = lab.problem().centers.clone();
    let mut reseeded = lab.settings().clone();
    reseeded.seed = 3;
    assert_eq!(lab.apply(reseeded).unwrap(), Applied::Reset);
    assert_eq!(lab.steps_done(), 0);
    assert_ne!(lab.problem().centers, centers);
    let mut no_prior = lab.settings().clone();
    no_prior.prior = false;
    assert_eq!(lab.apply(no_prior).unwrap(), Applied::Reset);
    assert_eq!(lab.model(ModelKind::CrossEntropy).bias(), 0.0);
    // Invalid settings change nothing.
    let mut bad = lab.settings().clone();
    bad.gamma = -1.0;
    assert!(lab.apply(bad).is_err());
    assert_eq!(lab.settings().gamma, 1.0);
}

#[test]
fn a_focal_change_between_steps_applies_from_the_next_step() {
    // Ten steps with γ = 0, then ten with γ = 2, equal the same schedule
    // run again; and the first ten equal a run that never changes γ.
    let run = |change: bool| {
        let mut lab = Lab::new(Settings {
            gamma: 0.0,
            ..small(6)
        })
        .unwrap();
        lab.step(10);
        let at_ten = bits(lab.model(ModelKind::Focal).params());
        if change {
            let s = Settings {
                gamma: 2.0,
                ..lab.settings().clone()
            };
            lab.apply(s).unwrap();
        }
        lab.step(10);
        (at_ten, bits(lab.model(ModelKind::Focal).params()))
    };
    let (a10, a20) = run(true);
    let (b10, b20) = run(true);
    let (c10, c20) = run(false);
    assert_eq!((&a10, &a20), (&b10, &b20));
    assert_eq!(a10, c10);
    assert_ne!(a20, c20);
}

#[test]
fn the_grid_is_an_image_of_probabilities() {
    let mut lab = Lab::new(small(3)).unwrap();
    lab.step(30);
    let g = lab.settings().grid;
    let grid = lab.grid_probabilities(ModelKind::Focal).to_vec();
    assert_eq!(grid.len(), g * g);
    assert!(grid.iter().all(|&p| (0.0..=1.0).contains(&p)));
    // The first cell is the top-left corner's.
    let m = lab.model(ModelKind::Focal);
    let half = 1.0 / g as f64;
    let corner = sigmoid(m.logit([-1.0 + half, 1.0 - half])) as f32;
    assert_eq!(grid[0], corner);
    assert_eq!(lab.grid_bounds(), [-1.0, 1.0, -1.0, 1.0]);
}

#[test]
fn logits_and_labels_line_up() {
    let mut lab = Lab::new(small(8)).unwrap();
    lab.step(10);
    let n = lab.problem().train.len();
    assert_eq!(lab.train_logits(ModelKind::CrossEntropy).len(), n);
    assert_eq!(lab.train_labels().len(), n);
    let p = lab.problem().test.points[17];
    let want = lab.model(ModelKind::BalancedCrossEntropy).logit(p);
    assert_eq!(lab.test_logits(ModelKind::BalancedCrossEntropy)[17], want);
    assert_eq!(lab.test_labels().len(), lab.problem().test.len());
}

#[test]
fn training_improves_held_out_average_precision() {
    let mut lab = Lab::new(Settings {
        steps: 200,
        ..small(1)
    })
    .unwrap();
    lab.step(200);
    for kind in ModelKind::ALL {
        let h = lab.ap_history(kind);
        assert!(h[h.len() - 1] > 5.0 * h[0], "{kind:?}: {h:?}");
    }
}

#[test]
fn without_the_prior_the_negatives_dominate_the_first_step() {
    let mut on = Lab::new(small(12)).unwrap();
    let mut off = Lab::new(Settings {
        prior: false,
        ..small(12)
    })
    .unwrap();
    on.step(1);
    off.step(1);
    let ce = ModelKind::CrossEntropy;
    // At p = 1/2 every negative costs ln 2, at 1:100 about 70 per positive;
    // with p = π, about ln 100 + 100 · 0.01 ≈ 5.6.
    let first_on = on.loss_history(ce)[0];
    let first_off = off.loss_history(ce)[0];
    assert!(first_off > 5.0 * first_on, "{first_off} vs {first_on}");
    // And the first step pushes every model's bias down, toward "negative".
    for kind in ModelKind::ALL {
        assert!(off.model(kind).bias() < 0.0, "{kind:?}");
    }
}
