//! The lab's training handle in the browser (feature `lab`: `cargo test
//! --target wasm32-unknown-unknown --features lab --test web_lab`): a short
//! run gives the numbers the native core gives (tests/lab_train_draw.rs
//! checks the same file), to 1e-12 relative: the losses' `exp`, `ln` and
//! `powf` come from different math libraries in WebAssembly and natively.
//! And the predictions panel's handle: a γ move on many rows drawn in
//! draft, then its exact pass in slices, equal to a one-shot summary.
#![cfg(all(target_arch = "wasm32", feature = "lab"))]

use focal_loss_explorer::lab::draw_train::TrainScene;
use focal_loss_explorer::web::lab::predictions::PredictionsLab;
use focal_loss_explorer::web::lab::train::{LabTrainer, TrainCharts};
use focal_loss_explorer::web::lab::LabCharts;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ON_FILE: &str = include_str!("data/lab-train-seed7.txt");

#[wasm_bindgen_test]
fn a_short_run_gives_the_native_numbers() {
    let mut trainer = LabTrainer::new().unwrap();
    // The default run at seed 7 (α < 0 would be focal loss without α).
    assert!(trainer
        .configure(7, 1000.0, true, 0.01, 2.0, 0.25, 12)
        .unwrap());
    assert_eq!(trainer.step(100), 12);
    assert!(trainer.finished());
    let mut numbers = Vec::new();
    for k in 0..3 {
        numbers.extend(trainer.loss_history(k).unwrap());
        numbers.extend(trainer.ap_history(k).unwrap());
    }
    let on_file: Vec<f64> = ON_FILE.lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(numbers.len(), on_file.len());
    for (i, (a, b)) in numbers.iter().zip(&on_file).enumerate() {
        assert!((a - b).abs() <= 1e-12 * b.abs(), "number {i}: {a} vs {b}");
    }
}

#[wasm_bindgen_test]
fn settings_out_of_range_throw_and_change_nothing() {
    let mut trainer = LabTrainer::new().unwrap();
    assert!(trainer
        .configure(1, 5000.0, true, 0.01, 2.0, 0.25, 300)
        .is_err());
    assert!(trainer
        .configure(1, 1000.0, true, 0.01, 11.0, 0.25, 300)
        .is_err());
    // γ is live: the run goes on.
    trainer.step(3);
    assert!(!trainer
        .configure(1, 1000.0, true, 0.01, 1.0, -1.0, 300)
        .unwrap());
    assert_eq!(trainer.steps_done(), 3);
    assert!(trainer.loss_history(3).is_err());
}

#[wasm_bindgen_test]
fn the_charts_draw_a_scene_into_an_offscreen_canvas() {
    let mut trainer = LabTrainer::new().unwrap();
    trainer.step(5);
    let scene = trainer.scene();
    assert!(TrainScene::decode(&scene).is_ok());
    let figures: String = trainer.figures().unwrap();
    assert!(figures.contains(r#""step":5"#), "{figures}");
    let mut charts = TrainCharts::new();
    let canvas = web_sys::OffscreenCanvas::new(1, 1).unwrap();
    charts.attach("map-fl", canvas.clone().into()).unwrap();
    charts.resize("map-fl", 120.0, 120.0, 2.0).unwrap();
    charts.draw_scene(&scene).unwrap();
    assert_eq!(canvas.width(), 240);
    let ctx = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::OffscreenCanvasRenderingContext2d>()
        .unwrap();
    let data = ctx.get_image_data(0.0, 0.0, 240.0, 240.0).unwrap().data();
    let first = &data[..4];
    let differing = data.chunks(4).filter(|p| *p != first).count();
    assert!(differing > 1000, "{differing} pixels drawn");
}

#[wasm_bindgen_test]
fn every_chart_draws_at_the_default_canvas_size_at_step_0() {
    let mut trainer = LabTrainer::new().unwrap();
    let mut charts = TrainCharts::new();
    for name in [
        "map-ce",
        "map-alpha-ce",
        "map-fl",
        "loss",
        "ap",
        "cdf-negatives",
        "cdf-positives",
    ] {
        let canvas = web_sys::OffscreenCanvas::new(300, 150).unwrap();
        charts.attach(name, canvas.into()).unwrap();
    }
    charts.draw_scene(&trainer.scene()).unwrap();
    trainer.step(3);
    charts.draw_scene(&trainer.scene()).unwrap();
    // One chart at a time, as the page draws.
    charts.set_scene(&trainer.scene()).unwrap();
    charts.draw("cdf-positives").unwrap();
    assert!(charts.draw("nothing").is_err());
}

/// A handle that has read `rows` logits: label 1 for one row in ten.
fn predictions_lab(rows: usize) -> PredictionsLab {
    let mut lab = PredictionsLab::new();
    lab.begin("logit", -1, -1, 0.0).unwrap();
    let mut text = String::from("logit,label\n");
    for i in 0..rows {
        let u = (i as f64 + 0.5) / rows as f64;
        let positive = i % 10 == 0;
        let x = (u / (1.0 - u)).ln() + if positive { 2.0 } else { -4.0 };
        text.push_str(&format!("{x},{}\n", u8::from(positive)));
    }
    assert!(lab.push(text.as_bytes()));
    assert!(lab.finish().contains(r#""ok":true"#));
    lab
}

#[wasm_bindgen_test]
fn a_gamma_move_on_many_rows_is_drawn_in_draft_then_summarised_in_slices() {
    let mut lab = predictions_lab(40_000);
    let at_2 = lab.summarize(2.0, -1.0).unwrap();
    assert!(!lab.wants_draft(2.0));
    assert!(lab.wants_draft(1.7));
    // The draft draws, and changes no number.
    let mut charts = LabCharts::new();
    let canvas = web_sys::OffscreenCanvas::new(1, 1).unwrap();
    charts.attach("negatives", canvas.clone().into()).unwrap();
    charts.resize("negatives", 200.0, 150.0, 1.0).unwrap();
    charts
        .draw_scene(&lab.draft_scene(1.7, 0.25).unwrap())
        .unwrap();
    assert_eq!(canvas.width(), 200);
    assert!(lab.export_json().unwrap().contains(r#""gamma":2,"#));
    // The exact pass in slices, then the summary: a fresh handle's.
    lab.begin_exact(1.7).unwrap();
    let mut slices = 1;
    while !lab.step_exact(1_000).unwrap() {
        slices += 1;
    }
    assert!(slices >= 40, "{slices} slices");
    let settled = lab.summarize(1.7, 0.25).unwrap();
    let mut fresh = predictions_lab(40_000);
    assert_eq!(settled, fresh.summarize(1.7, 0.25).unwrap());
    assert_ne!(settled, at_2);
    assert_eq!(lab.scene(), fresh.scene());
}
