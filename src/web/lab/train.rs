//! The training panel's handles: [`LabTrainer`] owns a [`Lab`] (in the
//! page's worker) and answers with numbers: the charts' scene, the text
//! figures as JSON, the histories for tests; [`TrainCharts`] draws scenes
//! into canvases (`OffscreenCanvas`es in the worker, or the page's own where
//! a worker cannot draw).

use super::backing_size;
use wasm_bindgen::prelude::*;

use crate::chart::Theme;
use crate::error::Error;
use crate::lab::draw_train::{self, figures, TrainChart, TrainScene};
use crate::lab::train::{Lab, ModelKind, Settings};
use crate::web::backend::Backend;
use crate::web::canvas::{Canvas, CanvasBackend};
use plotters::prelude::IntoDrawingArea;

#[wasm_bindgen]
pub struct LabTrainer {
    lab: Lab,
}

fn kind(index: usize) -> Result<ModelKind, JsValue> {
    ModelKind::ALL
        .get(index)
        .copied()
        .ok_or_else(|| Error(format!("no model {index}: 0 is CE, 1 α-CE, 2 FL")).into())
}

/// A number for JSON (NaN and infinities become null).
fn json(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

#[wasm_bindgen]
impl LabTrainer {
    /// A lab at step 0 of the default run.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<LabTrainer, JsValue> {
        Ok(LabTrainer {
            lab: Lab::new(Settings::default())?,
        })
    }

    /// Takes the panel's settings (α < 0: focal loss without α). Returns
    /// true if the run started again from step 0 (a new seed, imbalance or
    /// prior switch), false if it goes on (γ, α, learning rate, steps).
    /// Invalid settings change nothing and throw.
    #[allow(clippy::too_many_arguments)]
    pub fn configure(
        &mut self,
        seed: u32,
        imbalance: f64,
        prior: bool,
        learning_rate: f64,
        gamma: f64,
        alpha: f64,
        steps: u32,
    ) -> Result<bool, JsValue> {
        let mut s = self.lab.settings().clone();
        s.seed = u64::from(seed);
        s.data.imbalance = imbalance;
        s.prior = prior;
        s.learning_rate = learning_rate;
        s.gamma = gamma;
        s.alpha = (alpha >= 0.0).then_some(alpha);
        s.steps = steps;
        Ok(self.lab.apply(s)? == crate::lab::train::Applied::Reset)
    }

    /// Back to step 0 of the same run.
    pub fn reset(&mut self) {
        self.lab.reset();
    }

    /// Trains up to `n` more steps (never past the run's steps); returns the
    /// number taken.
    pub fn step(&mut self, n: u32) -> u32 {
        self.lab.step(n)
    }

    #[wasm_bindgen(getter, js_name = stepsDone)]
    pub fn steps_done(&self) -> u32 {
        self.lab.steps_done()
    }

    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.lab.finished()
    }

    /// The charts' scene as numbers ([`TrainScene::encode`]).
    pub fn scene(&mut self) -> Vec<f64> {
        TrainScene::from_lab(&mut self.lab).encode()
    }

    /// The text figures as JSON: `{step, steps, models: [{name, ap, loss,
    /// divergedAt, own: [loss share, gradient share], ce: [...]}]}`.
    pub fn figures(&mut self) -> Result<String, JsValue> {
        let models: Vec<String> = figures(&mut self.lab)?
            .iter()
            .map(|m| {
                format!(
                    r#"{{"name":"{}","ap":{},"loss":{},"divergedAt":{},"own":[{},{}],"ce":[{},{}]}}"#,
                    m.kind.name(),
                    json(m.precision),
                    json(m.loss),
                    m.diverged_at.map_or("null".into(), |s| s.to_string()),
                    json(m.own[0]),
                    json(m.own[1]),
                    json(m.cross_entropy[0]),
                    json(m.cross_entropy[1]),
                )
            })
            .collect();
        Ok(format!(
            r#"{{"step":{},"steps":{},"models":[{}]}}"#,
            self.lab.steps_done(),
            self.lab.settings().steps,
            models.join(",")
        ))
    }

    /// Model `model`'s training loss at every step so far (0 CE, 1 α-CE,
    /// 2 FL).
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self, model: usize) -> Result<Vec<f64>, JsValue> {
        Ok(self.lab.loss_history(kind(model)?).to_vec())
    }

    /// Model `model`'s held-out AP at each evaluation so far.
    #[wasm_bindgen(js_name = apHistory)]
    pub fn ap_history(&self, model: usize) -> Result<Vec<f64>, JsValue> {
        Ok(self.lab.ap_history(kind(model)?).to_vec())
    }
}

/// A chart's canvas and its scale.
struct Surface {
    chart: TrainChart,
    canvas: Canvas,
    dpr: f64,
}

/// The panel's charts by name (`map-ce`, `map-alpha-ce`, `map-fl`,
/// `loss`, `ap`, `cdf-negatives`, `cdf-positives`), a theme, and the last
/// scene.
#[wasm_bindgen]
#[derive(Default)]
pub struct TrainCharts {
    surfaces: Vec<Surface>,
    dark: bool,
    scene: Option<TrainScene>,
}

#[wasm_bindgen]
impl TrainCharts {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TrainCharts {
        TrainCharts::default()
    }

    /// Draws chart `name` into `canvas` (an `HTMLCanvasElement` or an
    /// `OffscreenCanvas`) from now on.
    pub fn attach(&mut self, name: &str, canvas: JsValue) -> Result<(), JsValue> {
        let chart = TrainChart::from_name(name)?;
        let canvas = Canvas::from_js("canvas", canvas).map_err(Error)?;
        self.surfaces.retain(|s| s.chart != chart);
        self.surfaces.push(Surface {
            chart,
            canvas,
            dpr: 1.0,
        });
        Ok(())
    }

    /// Sizes chart `name` to `width` × `height` CSS px at `dpr` device
    /// pixels per CSS px, and redraws it.
    pub fn resize(&mut self, name: &str, width: f64, height: f64, dpr: f64) -> Result<(), JsValue> {
        let chart = TrainChart::from_name(name)?;
        let (w, h, dpr) = backing_size(width, height, dpr);
        if let Some(s) = self.surfaces.iter_mut().find(|s| s.chart == chart) {
            s.canvas.set_size(w, h);
            s.dpr = dpr;
        }
        self.redraw(Some(chart))
    }

    /// Dark or light colours; redraws.
    #[wasm_bindgen(js_name = setDark)]
    pub fn set_dark(&mut self, dark: bool) -> Result<(), JsValue> {
        self.dark = dark;
        self.redraw(None)
    }

    /// Takes `scene` (`LabTrainer.scene()`) without drawing: the page draws
    /// one chart a frame ([`TrainCharts::draw`]) so that no frame is long.
    #[wasm_bindgen(js_name = setScene)]
    pub fn set_scene(&mut self, scene: &[f64]) -> Result<(), JsValue> {
        self.scene = Some(TrainScene::decode(scene)?);
        Ok(())
    }

    /// Draws chart `name` of the last scene.
    pub fn draw(&self, name: &str) -> Result<(), JsValue> {
        self.redraw(Some(TrainChart::from_name(name)?))
    }

    /// Draws every chart from `scene` (`LabTrainer.scene()`).
    #[wasm_bindgen(js_name = drawScene)]
    pub fn draw_scene(&mut self, scene: &[f64]) -> Result<(), JsValue> {
        self.scene = Some(TrainScene::decode(scene)?);
        self.redraw(None)
    }
}

impl TrainCharts {
    fn redraw(&self, only: Option<TrainChart>) -> Result<(), JsValue> {
        let Some(scene) = &self.scene else {
            return Ok(());
        };
        let theme = if self.dark { Theme::DARK } else { Theme::LIGHT };
        for s in &self.surfaces {
            if only.is_none_or(|c| c == s.chart) && s.canvas.width() > 1 {
                let backend = CanvasBackend::new(&s.canvas, true).map_err(Error)?;
                let area = Backend::Canvas(backend).into_drawing_area();
                draw_train::draw(&area, scene, s.chart, &theme, s.dpr)?;
            }
        }
        Ok(())
    }
}
