//! The lab page's `#[wasm_bindgen]` face (feature `lab`), built as a module
//! of its own (`pkg/lab.js`) without the explorer:
//!
//! * [`train`]: the training panel's handles (the lab that trains, its charts);
//! * [`predictions`]: the "Your predictions" panel's handle, which reads a
//!   file in chunks and summarises it (in the page's worker);
//! * [`LabCharts`]: the panel's charts, drawn into canvases of the page or
//!   `OffscreenCanvas`es from a scene (`LabScene` as numbers), and exported
//!   as SVG through plotters' SVG backend by the same drawing function.

pub mod predictions;
pub mod train;

use std::cell::RefCell;

use plotters::prelude::*;
use wasm_bindgen::prelude::*;

use crate::chart::{svg_shown_at, Theme, SVG_SCALE};
use crate::error::Error;
use crate::lab::draw::{self, LabChart, LabScene, Layer};
use crate::web::backend::Backend;
use crate::web::canvas::{Canvas, CanvasBackend};

/// A chart's canvas and its size in CSS pixels, and the chart's base
/// ([`Layer::Base`]) kept drawn in a canvas of its own.
struct Surface {
    chart: LabChart,
    canvas: Canvas,
    dpr: f64,
    base: RefCell<Option<Base>>,
}

/// A drawn base, and what it was drawn from: the same key draws the same
/// pixels.
struct Base {
    canvas: Canvas,
    key: BaseKey,
}

#[derive(PartialEq)]
struct BaseKey {
    size: (u32, u32),
    dpr: f64,
    dark: bool,
    count: usize,
    reference: Vec<Vec<f64>>,
}

/// The panel's charts: canvases by name (`negatives`, `positives`,
/// `weights`), a theme, and the last scene drawn.
#[wasm_bindgen]
pub struct LabCharts {
    surfaces: Vec<Surface>,
    dark: bool,
    scene: Option<LabScene>,
    /// A canvas that only measures text, for the SVG export.
    measure: Option<Canvas>,
}

impl Default for LabCharts {
    fn default() -> LabCharts {
        LabCharts::new()
    }
}

#[wasm_bindgen]
impl LabCharts {
    #[wasm_bindgen(constructor)]
    pub fn new() -> LabCharts {
        LabCharts {
            surfaces: Vec::new(),
            dark: false,
            scene: None,
            measure: None,
        }
    }

    /// Draws chart `kind` into `canvas` (an `HTMLCanvasElement` or an
    /// `OffscreenCanvas`) from now on.
    pub fn attach(&mut self, kind: &str, canvas: JsValue) -> Result<(), JsValue> {
        let chart = LabChart::from_name(kind)?;
        let canvas = Canvas::from_js("canvas", canvas).map_err(Error)?;
        self.surfaces.retain(|s| s.chart != chart);
        self.surfaces.push(Surface {
            chart,
            canvas,
            dpr: 1.0,
            base: RefCell::new(None),
        });
        Ok(())
    }

    /// Sizes chart `kind` to `width` × `height` CSS px at `dpr` device
    /// pixels per CSS px, and redraws it.
    pub fn resize(&mut self, kind: &str, width: f64, height: f64, dpr: f64) -> Result<(), JsValue> {
        let chart = LabChart::from_name(kind)?;
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

    /// Draws every chart from `scene` (`PredictionsLab.scene()`).
    #[wasm_bindgen(js_name = drawScene)]
    pub fn draw_scene(&mut self, scene: &[f64]) -> Result<(), JsValue> {
        self.scene = Some(LabScene::decode(scene)?);
        self.redraw(None)
    }

    /// Draws chart `kind` of the last scene into `canvas` (a fresh canvas,
    /// for a PNG), `width` × `height` CSS px at `scale`.
    #[wasm_bindgen(js_name = drawInto)]
    pub fn draw_into(
        &self,
        kind: &str,
        canvas: JsValue,
        width: u32,
        height: u32,
        scale: f64,
    ) -> Result<(), JsValue> {
        let chart = LabChart::from_name(kind)?;
        let scene = self
            .scene
            .as_ref()
            .ok_or(Error("nothing drawn yet".into()))?;
        let canvas = Canvas::from_js("canvas", canvas).map_err(Error)?;
        let scale = scale.clamp(1.0, 4.0);
        canvas.set_size(
            (f64::from(width) * scale) as u32,
            (f64::from(height) * scale) as u32,
        );
        draw_on(&canvas, scene, chart, &self.theme(), scale)?;
        Ok(())
    }

    /// Chart `kind` of the last scene as an SVG document of `width` ×
    /// `height` px: the same drawing through plotters' SVG backend.
    pub fn svg(&mut self, kind: &str, width: u32, height: u32) -> Result<String, JsValue> {
        let chart = LabChart::from_name(kind)?;
        let theme = self.theme();
        let scene = self
            .scene
            .as_ref()
            .ok_or(Error("nothing drawn yet".into()))?;
        if self.measure.is_none() {
            let canvas = web_sys::OffscreenCanvas::new(1, 1)?;
            self.measure = Some(Canvas::from_js("canvas", canvas.into()).map_err(Error)?);
        }
        let measure = self.measure.as_ref().ok_or(Error("no canvas".into()))?;
        let ctx = measure.context(false).map_err(Error)?;
        let (width, height) = (width.clamp(100, 4096), height.clamp(100, 4096));
        let mut out = String::new();
        {
            let size = (width * SVG_SCALE, height * SVG_SCALE);
            let svg = SVGBackend::with_string(&mut out, size);
            let area = Backend::Svg(svg, ctx).into_drawing_area();
            draw::draw(&area, scene, chart, &theme, f64::from(SVG_SCALE))?;
        }
        Ok(svg_shown_at(out, width, height))
    }
}

impl LabCharts {
    fn theme(&self) -> Theme {
        if self.dark {
            Theme::DARK
        } else {
            Theme::LIGHT
        }
    }

    fn redraw(&self, only: Option<LabChart>) -> Result<(), JsValue> {
        let Some(scene) = &self.scene else {
            return Ok(());
        };
        let theme = self.theme();
        for s in &self.surfaces {
            if only.is_none_or(|c| c == s.chart) && s.canvas.width() > 1 {
                s.draw(scene, &theme, self.dark)?;
            }
        }
        Ok(())
    }
}

impl Surface {
    /// Draws `scene`: a chart with a base is drawn as a copy of its base
    /// (drawn again only when its key changed) and the top over it, which
    /// are the pixels of a full draw; without a base, or where no
    /// `OffscreenCanvas` can be made, in full.
    fn draw(&self, scene: &LabScene, theme: &Theme, dark: bool) -> Result<(), Error> {
        let class = match self.chart {
            LabChart::Negatives => &scene.negatives,
            LabChart::Positives => &scene.positives,
            LabChart::Weights => return draw_on(&self.canvas, scene, self.chart, theme, self.dpr),
        };
        let size = (self.canvas.width(), self.canvas.height());
        let mut base = self.base.borrow_mut();
        let fresh = base.as_ref().is_some_and(|b| {
            b.key.size == size
                && b.key.dpr == self.dpr
                && b.key.dark == dark
                && b.key.count == class.count
                && b.key.reference == class.reference
        });
        if !fresh {
            let Ok(canvas) = web_sys::OffscreenCanvas::new(size.0, size.1) else {
                return draw_on(&self.canvas, scene, self.chart, theme, self.dpr);
            };
            let canvas = Canvas::from_js("canvas", canvas.into()).map_err(Error)?;
            layer_on(&canvas, scene, self.chart, theme, self.dpr, Layer::Base)?;
            *base = Some(Base {
                canvas,
                key: BaseKey {
                    size,
                    dpr: self.dpr,
                    dark,
                    count: class.count,
                    reference: class.reference.clone(),
                },
            });
        }
        let Some(b) = base.as_ref() else {
            return draw_on(&self.canvas, scene, self.chart, theme, self.dpr);
        };
        self.canvas
            .context(true)
            .map_err(Error)?
            .copy_from(&b.canvas, size.0, size.1)
            .map_err(Error)?;
        layer_on(&self.canvas, scene, self.chart, theme, self.dpr, Layer::Top)
    }
}

fn draw_on(
    canvas: &Canvas,
    scene: &LabScene,
    chart: LabChart,
    theme: &Theme,
    scale: f64,
) -> Result<(), Error> {
    layer_on(canvas, scene, chart, theme, scale, Layer::All)
}

fn layer_on(
    canvas: &Canvas,
    scene: &LabScene,
    chart: LabChart,
    theme: &Theme,
    scale: f64,
    layer: Layer,
) -> Result<(), Error> {
    let backend = CanvasBackend::new(canvas, true).map_err(Error)?;
    let area = Backend::Canvas(backend).into_drawing_area();
    draw::draw_layer(&area, scene, chart, theme, scale, layer)
}

/// A lab chart's backing store for `width` × `height` CSS px at `dpr`
/// (clamped to [1, 4]; 1 when not a number): its pixel size and the DPR.
pub(crate) fn backing_size(width: f64, height: f64, dpr: f64) -> (u32, u32, f64) {
    let dpr = if dpr.is_finite() {
        dpr.clamp(1.0, 4.0)
    } else {
        1.0
    };
    let size = |v: f64| (v.clamp(1.0, 4096.0) * dpr).round() as u32;
    (size(width), size(height), dpr)
}
