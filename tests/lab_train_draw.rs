//! The training panel's charts, drawn natively through plotters' SVG
//! backend: the same code the page's canvases run.

use focal_loss_explorer::chart::Theme;
use focal_loss_explorer::lab::draw_train::{svg, TrainChart, TrainScene, MAX_LINE_POINTS};
use focal_loss_explorer::lab::train::{Lab, ModelKind, Settings};

fn lab(steps: u32) -> Lab {
    let mut lab = Lab::new(Settings {
        steps,
        grid: 16,
        ..Settings::default()
    })
    .unwrap();
    lab.step(steps);
    lab
}

#[test]
fn scene_survives_encoding() {
    let scene = TrainScene::from_lab(&mut lab(20));
    assert_eq!(TrainScene::decode(&scene.encode()).unwrap(), scene);
}

#[test]
fn scene_holds_every_positive_and_a_sample_of_easy_negatives() {
    let mut lab = lab(0);
    let scene = TrainScene::from_lab(&mut lab);
    assert_eq!(scene.positives.len(), lab.problem().train.positives());
    assert!(!scene.hard.is_empty());
    assert!(
        (500..=800).contains(&scene.easy.len()),
        "{}",
        scene.easy.len()
    );
    assert_eq!(scene.maps[0].len(), 16 * 16);
    // Step 0: every model is the same network, at the prior's p ≈ 0.01.
    assert_eq!(scene.maps[0], scene.maps[2]);
}

#[test]
fn long_histories_are_averaged_down() {
    let scene = TrainScene::from_lab(&mut lab(1000));
    for line in &scene.loss {
        assert!(line.x.len() <= MAX_LINE_POINTS);
        assert!(line.x.len() >= MAX_LINE_POINTS / 2);
        assert_eq!(line.x.len(), line.y.len());
        assert!(line.x.windows(2).all(|w| w[0] < w[1]));
        assert!(*line.x.last().unwrap() <= 1000.0);
    }
    assert_eq!(scene.precision[0].x.len(), 1000 / 10 + 1);
}

#[test]
fn truncated_numbers_are_not_a_scene() {
    let v = TrainScene::from_lab(&mut lab(5)).encode();
    assert!(TrainScene::decode(&v[..v.len() - 1]).is_err());
    assert!(TrainScene::decode(&[]).is_err());
    let mut longer = v.clone();
    longer.push(0.0);
    assert!(TrainScene::decode(&longer).is_err());
}

#[test]
fn every_chart_draws_in_both_themes_at_any_step() {
    for steps in [0, 1, 30] {
        every_chart_draws(&TrainScene::from_lab(&mut lab(steps)));
    }
}

fn every_chart_draws(scene: &TrainScene) {
    for chart in TrainChart::ALL {
        assert_eq!(TrainChart::from_name(chart.name()).unwrap(), chart);
        for theme in [Theme::LIGHT, Theme::DARK] {
            let out = svg(scene, chart, &theme, 400, 300).unwrap();
            assert!(out.starts_with("<svg"), "{}", chart.name());
            assert!(out.len() > 1000, "{}", chart.name());
        }
    }
    assert!(TrainChart::from_name("nothing").is_err());
}

#[test]
fn the_line_charts_name_the_models() {
    let scene = TrainScene::from_lab(&mut lab(30));
    for chart in [TrainChart::Loss, TrainChart::Precision] {
        let out = svg(&scene, chart, &Theme::LIGHT, 500, 300).unwrap();
        for kind in ModelKind::ALL {
            assert!(
                out.contains(&format!("\n{}\n", kind.name())),
                "{}",
                kind.name()
            );
        }
    }
}

#[test]
fn a_map_has_a_cell_per_grid_square() {
    let scene = TrainScene::from_lab(&mut lab(10));
    let out = svg(
        &scene,
        TrainChart::Map(ModelKind::Focal),
        &Theme::LIGHT,
        300,
        300,
    )
    .unwrap();
    assert!(out.matches("<rect").count() >= 16 * 16);
    assert!(out.matches("<circle").count() >= scene.positives.len());
}

#[test]
fn figures_at_step_zero_follow_the_prior() {
    use focal_loss_explorer::lab::draw_train::figures;
    let mut lab = lab(0);
    let f = figures(&mut lab).unwrap();
    // One network for all three at step 0: the same AP, no loss yet, and
    // under cross-entropy the easy negatives hold most of the loss at
    // 1:1000 (68 %, see `Settings::default`), far less under focal loss.
    assert_eq!(f[0].precision, f[2].precision);
    assert!(f[0].loss.is_nan());
    assert!((f[0].own[0] - 0.68).abs() < 0.05, "{}", f[0].own[0]);
    assert_eq!(f[0].own, f[0].cross_entropy);
    assert!(f[2].own[0] < 0.01, "{}", f[2].own[0]);
    let mut trained = self::lab(50);
    let f = figures(&mut trained).unwrap();
    assert!(f
        .iter()
        .all(|m| m.loss.is_finite() && m.diverged_at.is_none()));
}

/// The run both this test and the in-browser test (tests/web_lab.rs) take:
/// seed 7, 12 steps (AP at steps 0, 10 and 12); its losses and held-out AP, one number a line, are in
/// tests/data/lab-train-seed7.txt (`BLESS=1` rewrites the file).
#[test]
fn a_short_run_gives_the_numbers_on_file() {
    let mut lab = Lab::new(Settings {
        seed: 7,
        steps: 12,
        ..Settings::default()
    })
    .unwrap();
    lab.step(12);
    let mut numbers = Vec::new();
    for kind in ModelKind::ALL {
        numbers.extend_from_slice(lab.loss_history(kind));
        numbers.extend_from_slice(lab.ap_history(kind));
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/lab-train-seed7.txt"
    );
    if std::env::var_os("BLESS").is_some() {
        let text: String = numbers.iter().map(|v| format!("{v:?}\n")).collect();
        std::fs::write(path, text).unwrap();
    }
    let on_file: Vec<f64> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), on_file.len());
    for (i, (a, b)) in numbers.iter().zip(&on_file).enumerate() {
        assert!((a - b).abs() <= 1e-12 * b.abs(), "number {i}: {a} vs {b}");
    }
}
