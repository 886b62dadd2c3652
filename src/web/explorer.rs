//! The page's handle: it owns the scene and the canvases, and redraws only
//! the layers a change dirtied. JavaScript sets parameters, calls
//! [`Explorer::render`] once per animation frame, and asks for readouts.

use js_sys::{Array, Object, Reflect};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;

use crate::chart::{self, format_number, Layer, PlotRect, Theme};
use crate::curves::{ChartKind, Dirty, Params, Scene, XAxis};
use crate::text;
use crate::web::backend::Backend;
use crate::web::canvas::{Canvas, CanvasBackend};
use crate::web::checks::{check_alpha, check_gamma, check_label};

type R<T> = Result<T, JsError>;

/// An error from inside, as the JS `Error` it becomes at the boundary.
fn js(message: String) -> JsError {
    JsError::new(&message)
}

/// The largest γ the page takes (the number field goes beyond the slider).
pub const GAMMA_MAX: f64 = 20.0;
/// The range of FL*'s β on the page.
pub const BETA_RANGE: (f64, f64) = (-10.0, 10.0);

struct Surface {
    kind: ChartKind,
    /// The back and front canvases (of the page, or offscreen); `None` when
    /// another explorer draws the chart (the page's worker) and this one
    /// answers readouts only.
    canvases: Option<(Canvas, Canvas)>,
    css_width: f64,
    css_height: f64,
    dpr: f64,
    rect: PlotRect,
    dirty: Dirty,
    /// The front canvas is opaque and shows the whole chart: a copy of the
    /// back canvas with the moving curves over it.
    composed: bool,
}

/// The explorer: parameters, sampled scene, canvases and theme.
#[wasm_bindgen]
pub struct Explorer {
    scene: Scene,
    surfaces: Vec<Surface>,
    dark: bool,
}

fn set(obj: &Object, key: &str, v: impl Into<JsValue>) {
    // Setting a property on a plain fresh object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &v.into());
}

fn kind(name: &str) -> R<ChartKind> {
    ChartKind::parse(name).ok_or_else(|| {
        JsError::new(&format!(
            "chart must be \"loss\", \"gradient\" or \"factor\", got \"{name}\""
        ))
    })
}

fn finite(name: &str, v: f64) -> R<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(JsError::new(&format!(
            "{name} must be a finite number, got {v}"
        )))
    }
}

#[wasm_bindgen]
impl Explorer {
    /// A new explorer with the default parameters (γ = 2, unweighted).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Explorer {
        Explorer {
            scene: Scene::new(Params::default()),
            surfaces: Vec::new(),
            dark: false,
        }
    }

    /// Gives the explorer the two stacked canvases of a chart: `back` for
    /// axes, labels and static curves, `front` for the curves that move.
    /// Each is an `HTMLCanvasElement` (on the page) or an `OffscreenCanvas`
    /// (in a worker). Without canvases the explorer only follows the chart's
    /// size, for readouts of a chart that is drawn elsewhere.
    pub fn attach(
        &mut self,
        chart: &str,
        #[wasm_bindgen(
            unchecked_optional_param_type = "HTMLCanvasElement | OffscreenCanvas | null"
        )]
        back: Option<JsValue>,
        #[wasm_bindgen(
            unchecked_optional_param_type = "HTMLCanvasElement | OffscreenCanvas | null"
        )]
        front: Option<JsValue>,
    ) -> R<()> {
        let kind = kind(chart)?;
        let back = back.map(|v| Canvas::from_js("back", v)).transpose();
        let front = front.map(|v| Canvas::from_js("front", v)).transpose();
        let (back, front) = (back.map_err(js)?, front.map_err(js)?);
        let canvases = match (back, front) {
            (Some(b), Some(f)) => Some((b, f)),
            (None, None) => None,
            _ => return Err(JsError::new("attach needs both canvases or neither")),
        };
        self.surfaces.retain(|s| s.kind != kind);
        self.surfaces.push(Surface {
            kind,
            canvases,
            css_width: 0.0,
            css_height: 0.0,
            dpr: 1.0,
            rect: PlotRect::default(),
            composed: false,
            dirty: Dirty {
                back: true,
                front: true,
            },
        });
        Ok(())
    }

    /// Composes a chart on its front canvas: each front redraw copies the
    /// back canvas and draws the moving curves over it, so that the
    /// compositor has one opaque layer to draw per move instead of a
    /// transparent one over an opaque one. Call it before the first render:
    /// the explorer then asks the front canvas for an opaque context (as it
    /// always does the back canvas), unless JS asked for a context first.
    #[wasm_bindgen(js_name = composeFront)]
    pub fn compose_front(&mut self, chart: &str, on: bool) -> R<()> {
        let s = self.surface_mut(chart)?;
        if s.composed != on {
            s.composed = on;
            s.dirty.front = true;
        }
        Ok(())
    }

    /// Sets a chart's size in CSS pixels and the device pixel ratio; the
    /// canvases' backing stores follow, so lines and text stay crisp.
    pub fn resize(&mut self, chart: &str, css_width: f64, css_height: f64, dpr: f64) -> R<()> {
        let w = finite("width", css_width)?.clamp(1.0, 8192.0);
        let h = finite("height", css_height)?.clamp(1.0, 8192.0);
        let dpr = finite("devicePixelRatio", dpr)?.clamp(0.5, 4.0);
        let s = self.surface_mut(chart)?;
        if s.css_width == w && s.css_height == h && s.dpr == dpr {
            return Ok(());
        }
        s.css_width = w;
        s.css_height = h;
        s.dpr = dpr;
        let bw = (w * dpr).round() as u32;
        let bh = (h * dpr).round() as u32;
        if let Some((back, front)) = &s.canvases {
            back.set_size(bw, bh);
            front.set_size(bw, bh);
        }
        let layout = Backend::Size(bw, bh, std::marker::PhantomData);
        s.rect = chart::plot_rect(&layout.into_drawing_area(), dpr);
        s.dirty = Dirty {
            back: true,
            front: true,
        };
        Ok(())
    }

    fn apply(&mut self, params: Params) {
        let dirty = self.scene.update(params);
        for s in &mut self.surfaces {
            let d = dirty[s.kind.index()];
            s.dirty.back |= d.back;
            s.dirty.front |= d.front;
        }
    }

    fn with(&mut self, f: impl FnOnce(&mut Params)) {
        let mut p = self.scene.params;
        f(&mut p);
        self.apply(p);
    }

    /// γ of the focal loss, in [0, 20].
    #[wasm_bindgen(js_name = setGamma)]
    pub fn set_gamma(&mut self, gamma: f64) -> R<()> {
        let g = check_gamma(gamma)?;
        if g > GAMMA_MAX {
            return Err(JsError::new(&format!(
                "gamma must be at most {GAMMA_MAX}, got {g}"
            )));
        }
        self.with(|p| p.gamma = g);
        Ok(())
    }

    /// α in [0, 1]; a negative α switches the weighting off.
    #[wasm_bindgen(js_name = setAlpha)]
    pub fn set_alpha(&mut self, alpha: f64) -> R<()> {
        match check_alpha(Some(alpha))? {
            Some(a) => self.with(|p| p.alpha = a),
            None => self.with(|p| p.weighted = false),
        }
        Ok(())
    }

    /// Whether αt weights the loss.
    #[wasm_bindgen(js_name = setWeighted)]
    pub fn set_weighted(&mut self, on: bool) {
        self.with(|p| p.weighted = on);
    }

    /// Shows FL* or not.
    #[wasm_bindgen(js_name = setStar)]
    pub fn set_star(&mut self, on: bool) {
        self.with(|p| p.star = on);
    }

    /// FL*'s γ, in (0, 20].
    #[wasm_bindgen(js_name = setStarGamma)]
    pub fn set_star_gamma(&mut self, gamma: f64) -> R<()> {
        if !(gamma > 0.0 && gamma <= GAMMA_MAX) {
            return Err(JsError::new(&format!(
                "starGamma must be in (0, {GAMMA_MAX}], got {gamma}"
            )));
        }
        self.with(|p| p.star_gamma = gamma);
        Ok(())
    }

    /// FL*'s β, in [−10, 10].
    #[wasm_bindgen(js_name = setStarBeta)]
    pub fn set_star_beta(&mut self, beta: f64) -> R<()> {
        if !(BETA_RANGE.0..=BETA_RANGE.1).contains(&beta) {
            return Err(JsError::new(&format!(
                "starBeta must be in [{}, {}], got {beta}",
                BETA_RANGE.0, BETA_RANGE.1
            )));
        }
        self.with(|p| p.star_beta = beta);
        Ok(())
    }

    /// The x-axis: "pt", "p" or "x" (the logit).
    #[wasm_bindgen(js_name = setAxis)]
    pub fn set_axis(&mut self, axis: &str) -> R<()> {
        let a = XAxis::parse(axis).ok_or_else(|| {
            JsError::new(&format!(
                "axis must be \"pt\", \"p\" or \"x\", got \"{axis}\""
            ))
        })?;
        self.with(|p| p.axis = a);
        Ok(())
    }

    /// The true label y, 0 or 1 (for the p and x axes, and αt).
    #[wasm_bindgen(js_name = setLabel)]
    pub fn set_label(&mut self, y: f64) -> R<()> {
        let l = check_label(y)?;
        self.with(|p| p.label = l);
        Ok(())
    }

    /// A log scale for the loss chart's y-axis.
    #[wasm_bindgen(js_name = setLogY)]
    pub fn set_log_y(&mut self, on: bool) {
        self.with(|p| p.log_y = on);
    }

    /// Overlays the paper's Figure 1 family, γ ∈ {0, 0.5, 1, 2, 5}.
    #[wasm_bindgen(js_name = setFigure1)]
    pub fn set_figure1(&mut self, on: bool) {
        self.with(|p| p.figure1 = on);
    }

    /// The dark theme or the light one.
    #[wasm_bindgen(js_name = setDark)]
    pub fn set_dark(&mut self, dark: bool) {
        if self.dark != dark {
            self.dark = dark;
            for s in &mut self.surfaces {
                s.dirty = Dirty {
                    back: true,
                    front: true,
                };
            }
        }
    }

    fn theme(&self) -> &'static Theme {
        if self.dark {
            &Theme::DARK
        } else {
            &Theme::LIGHT
        }
    }

    /// The current parameters, as a plain object.
    pub fn params(&self) -> Object {
        let p = self.scene.params;
        let o = Object::new();
        set(&o, "gamma", p.gamma);
        set(&o, "alpha", p.alpha);
        set(&o, "weighted", p.weighted);
        set(&o, "star", p.star);
        set(&o, "starGamma", p.star_gamma);
        set(&o, "starBeta", p.star_beta);
        set(&o, "axis", p.axis.key());
        set(&o, "label", p.label.sign().max(0.0));
        set(&o, "logY", p.log_y);
        set(&o, "figure1", p.figure1);
        o
    }

    /// Draws every dirty layer of every chart; returns how many layers were
    /// drawn (0 when nothing changed).
    pub fn render(&mut self) -> R<u32> {
        let theme = self.theme();
        let mut drawn = 0;
        for s in &mut self.surfaces {
            if s.css_width < 2.0 || s.css_height < 2.0 {
                // Hidden: drawn (and sampled) when it shows again.
                continue;
            }
            let Some((back, front)) = &s.canvases else {
                // Drawn elsewhere: readouts resample when they need to.
                continue;
            };
            if self.scene.refresh(s.kind) {
                s.dirty.back = true;
            }
            let chart = self.scene.chart(s.kind);
            if s.dirty.back {
                draw_canvas(back, true, chart, theme, Layer::Back, s.dpr, Under::Nothing)
                    .map_err(js)?;
                drawn += 1;
            }
            if s.dirty.front || s.dirty.back {
                let under = if s.composed {
                    Under::CopyOf(back)
                } else {
                    Under::Clear
                };
                draw_canvas(front, s.composed, chart, theme, Layer::Front, s.dpr, under)
                    .map_err(js)?;
                drawn += 1;
            }
            s.dirty = Dirty::default();
        }
        Ok(drawn)
    }

    /// Draws the whole chart (with its legend) into `canvas` (of the page,
    /// or an `OffscreenCanvas`) at `scale` backing pixels per CSS pixel, for
    /// a PNG export.
    #[wasm_bindgen(js_name = drawTo)]
    pub fn draw_to(
        &mut self,
        chart: &str,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement | OffscreenCanvas")]
        canvas: JsValue,
        scale: f64,
    ) -> R<()> {
        let kind = kind(chart)?;
        let canvas = Canvas::from_js("canvas", canvas).map_err(js)?;
        self.refresh(kind);
        let scale = finite("scale", scale)?.clamp(0.5, 8.0);
        draw_canvas(
            &canvas,
            false,
            self.scene.chart(kind),
            self.theme(),
            Layer::All,
            scale,
            Under::Nothing,
        )
        .map_err(js)
    }

    /// The whole chart as an SVG document of `width` × `height` pixels,
    /// drawn by the same code as the canvas (at `chart::SVG_SCALE` times the
    /// size, so that the curves keep a fraction of a pixel).
    #[cfg(feature = "svg")]
    #[wasm_bindgen(js_name = exportSvg)]
    pub fn export_svg(&mut self, chart: &str, width: u32, height: u32) -> R<String> {
        let kind = kind(chart)?;
        self.refresh(kind);
        let (w, h) = (width.clamp(100, 8192), height.clamp(100, 8192));
        let scale = chart::SVG_SCALE;
        let mut out = String::new();
        {
            let svg = SVGBackend::with_string(&mut out, (w * scale, h * scale));
            let measure = measuring_canvas().map_err(js)?;
            let ctx = measure.context(false).map_err(js)?;
            let area = Backend::Svg(svg, ctx).into_drawing_area();
            let theme = self.theme();
            chart::draw(
                &area,
                self.scene.chart(kind),
                theme,
                Layer::All,
                f64::from(scale),
            )
            .map_err(|e| JsError::new(&e))?;
        }
        Ok(chart::svg_shown_at(out, w, h))
    }

    /// The plotting area of a chart in CSS pixels: {left, top, width, height}.
    #[wasm_bindgen(js_name = plotRect)]
    pub fn plot_rect(&self, chart: &str) -> R<Object> {
        let s = self.surface(chart)?;
        let o = Object::new();
        set(&o, "left", s.rect.left / s.dpr);
        set(&o, "top", s.rect.top / s.dpr);
        set(&o, "width", s.rect.width / s.dpr);
        set(&o, "height", s.rect.height / s.dpr);
        Ok(o)
    }

    fn surface_mut(&mut self, chart: &str) -> R<&mut Surface> {
        let kind = kind(chart)?;
        self.surfaces
            .iter_mut()
            .find(|s| s.kind == kind)
            .ok_or_else(|| JsError::new(&format!("chart \"{chart}\" has no canvases attached")))
    }

    fn surface(&self, chart: &str) -> R<&Surface> {
        let kind = kind(chart)?;
        self.surfaces
            .iter()
            .find(|s| s.kind == kind)
            .ok_or_else(|| JsError::new(&format!("chart \"{chart}\" has no canvases attached")))
    }

    /// The value of every curve of a chart at the pointer's CSS x offset
    /// (mapped back through the plotting area to data coordinates):
    /// {x, xText, xName, left, rows: [{name, color, value, text, top}]}.
    pub fn readout(&mut self, chart: &str, css_x: f64) -> R<Object> {
        let s = self.surface(chart)?;
        let f = if s.rect.width > 0.0 {
            (finite("x", css_x)? * s.dpr - s.rect.left) / s.rect.width
        } else {
            0.5
        };
        self.readout_at(chart, f)
    }

    /// Like [`Explorer::readout`], at a fraction 0..1 of the x-axis (for
    /// the keyboard).
    #[wasm_bindgen(js_name = readoutAt)]
    pub fn readout_at(&mut self, chart: &str, fraction: f64) -> R<Object> {
        let kind = kind(chart)?;
        // The gradient chart's y-range follows its samples.
        self.refresh(kind);
        let f = finite("fraction", fraction)?.clamp(0.0, 1.0);
        let c = self.scene.chart(kind);
        let frame = c.frame;
        let u = frame.x.0 + (frame.x.1 - frame.x.0) * f;
        let theme = self.theme();
        let rect = self
            .surfaces
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| (s.rect, s.dpr));
        let o = Object::new();
        set(&o, "x", u);
        set(&o, "xText", format_number(u, 4));
        set(&o, "xName", text::axis_symbol(c.axis));
        if let Some((r, dpr)) = rect {
            set(&o, "left", (r.left + f * r.width) / dpr);
        }
        let rows = Array::new();
        for series in c
            .series
            .iter()
            .filter(|s| s.role != crate::curves::Role::Guide)
        {
            let v = series.at(c.axis, c.label, u);
            let row = Object::new();
            set(&row, "name", series.name.as_str());
            set(&row, "color", theme.css(series.role));
            set(&row, "value", v);
            set(&row, "text", format_number(v, 4));
            if let Some((r, dpr)) = rect {
                let y = if frame.log_y { v.log10() } else { v };
                let t = (frame.y.1 - y) / (frame.y.1 - frame.y.0);
                if t.is_finite() && (0.0..=1.0).contains(&t) {
                    set(&row, "top", (r.top + t * r.height) / dpr);
                }
            }
            rows.push(&row);
        }
        set(&o, "rows", rows);
        Ok(o)
    }

    /// The legend of a chart: [{name, color, dynamic}].
    pub fn legend(&self, chart: &str) -> R<Array> {
        let c = self.scene.chart(kind(chart)?);
        let theme = self.theme();
        let out = Array::new();
        for s in c
            .series
            .iter()
            .filter(|s| s.role != crate::curves::Role::Guide)
        {
            let row = Object::new();
            set(&row, "name", s.name.as_str());
            set(&row, "color", theme.css(s.role));
            set(&row, "dynamic", s.dynamic);
            out.push(&row);
        }
        Ok(out)
    }

    /// A sentence, in words and numbers, about the current parameters.
    pub fn sentence(&self) -> String {
        text::sentence(&self.scene.params)
    }

    /// The formulas with the current values filled in, as MathML markup
    /// (built from numbers only).
    #[wasm_bindgen(js_name = formulasMathml)]
    pub fn formulas_mathml(&self) -> String {
        text::formulas_mathml(&self.scene.params)
    }

    /// A table of a chart's values at `n` evenly spaced x (2..=101), for
    /// screen readers: {columns: [..], rows: [[..]]} of formatted text.
    pub fn table(&self, chart: &str, n: u32) -> R<Object> {
        let c = self.scene.chart(kind(chart)?);
        let n = n.clamp(2, 101);
        let cols = Array::new();
        cols.push(&JsValue::from_str(text::axis_symbol(c.axis)));
        let shown: Vec<_> = c
            .series
            .iter()
            .filter(|s| s.role != crate::curves::Role::Guide)
            .collect();
        for s in &shown {
            cols.push(&JsValue::from_str(&s.name));
        }
        let rows = Array::new();
        for i in 0..n {
            let u = c.frame.x.0 + (c.frame.x.1 - c.frame.x.0) * i as f64 / (n - 1) as f64;
            let row = Array::new();
            row.push(&JsValue::from_str(&format_number(u, 4)));
            for s in &shown {
                row.push(&JsValue::from_str(&format_number(
                    s.at(c.axis, c.label, u),
                    4,
                )));
            }
            rows.push(&row);
        }
        let o = Object::new();
        set(&o, "columns", cols);
        set(&o, "rows", rows);
        Ok(o)
    }
}

impl Explorer {
    /// Resamples a chart's stale curves; when its frame moves with them, its
    /// axes are redrawn on the next render.
    fn refresh(&mut self, kind: ChartKind) {
        if self.scene.refresh(kind) {
            for s in self.surfaces.iter_mut().filter(|s| s.kind == kind) {
                s.dirty.back = true;
            }
        }
    }

    /// A chart's data ranges and series, for tests: {x: [lo, hi], y: [lo,
    /// hi], logY, series: [{name, min, max, points}]}.
    pub fn scene(&mut self, chart: &str) -> R<Object> {
        let kind = kind(chart)?;
        self.refresh(kind);
        let c = self.scene.chart(kind);
        let o = Object::new();
        let pair = |a: (f64, f64)| Array::of2(&a.0.into(), &a.1.into());
        set(&o, "x", pair(c.frame.x));
        set(&o, "y", pair(c.frame.y));
        set(&o, "logY", c.frame.log_y);
        let list = Array::new();
        for s in &c.series {
            let finite: Vec<f64> = s.ys.iter().copied().filter(|v| v.is_finite()).collect();
            let row = Object::new();
            set(&row, "name", s.name.as_str());
            set(&row, "dynamic", s.dynamic);
            set(&row, "points", s.ys.len() as u32);
            set(
                &row,
                "nan",
                s.ys.iter().filter(|v| v.is_nan()).count() as u32,
            );
            set(
                &row,
                "min",
                finite.iter().copied().fold(f64::INFINITY, f64::min),
            );
            set(
                &row,
                "max",
                finite.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            );
            list.push(&row);
        }
        set(&o, "series", list);
        Ok(o)
    }

    /// How many points each curve has.
    pub fn points_per_curve(&self) -> u32 {
        crate::curves::POINTS as u32
    }
}

impl Default for Explorer {
    fn default() -> Self {
        Explorer::new()
    }
}

/// A canvas that is not on the page, to measure text with.
#[cfg(feature = "svg")]
fn measuring_canvas() -> Result<Canvas, String> {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or("exporting an SVG needs a document (to measure text)")?;
    Ok(Canvas::page(canvas))
}

/// What a layer is drawn over.
enum Under<'a> {
    /// Nothing to do: the layer fills the canvas itself (the back layer).
    Nothing,
    /// A cleared, transparent canvas (the front layer over the back).
    Clear,
    /// A copy of this canvas (the front layer of a composed chart).
    CopyOf(&'a Canvas),
}

/// Draws `layer` of `chart` into `canvas` (`opaque`: see
/// `Canvas::context`), over `under`. (The plotting rectangle is the one
/// `resize` laid out with `chart::plot_rect`.)
fn draw_canvas(
    canvas: &Canvas,
    opaque: bool,
    chart: &crate::curves::ChartScene,
    theme: &Theme,
    layer: Layer,
    scale: f64,
    under: Under,
) -> Result<(), String> {
    let backend = CanvasBackend::new(canvas, opaque)?;
    match under {
        Under::Nothing => {}
        Under::Clear => backend.ctx.clear(canvas.width(), canvas.height()),
        Under::CopyOf(back) => backend.ctx.copy_from(back)?,
    }
    let area = Backend::Canvas(backend).into_drawing_area();
    chart::draw(&area, chart, theme, layer, scale)?;
    Ok(())
}
