//! What the page shows beside the canvases, as plain objects: the
//! crosshair's readout, the legends, the screen readers' tables, the
//! sentence and the formulas. Positions come from the plotting rectangle's
//! one mapping (`PlotRect`), the same that drawing uses.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::error::Result;

use crate::chart::{css, Sizes};
use crate::curves::{ChartKind, Role};
use crate::loss::{logit, sigmoid, Label};
use crate::params::XAxis;
use crate::text::{self, format_number};
use crate::web::explorer::{finite, kind, Explorer};
use crate::web::js::set;

#[wasm_bindgen]
impl Explorer {
    /// The plotting area of a chart in CSS pixels: {left, top, width, height}.
    #[wasm_bindgen(js_name = plotRect)]
    pub fn plot_rect(&self, chart: &str) -> Result<Object> {
        let s = self.surface(chart)?;
        let o = Object::new();
        set(&o, "left", s.rect.left / s.dpr);
        set(&o, "top", s.rect.top / s.dpr);
        set(&o, "width", s.rect.width / s.dpr);
        set(&o, "height", s.rect.height / s.dpr);
        Ok(o)
    }

    /// The value of every curve of a chart at the pointer's CSS x offset
    /// (mapped back through the plotting area to data coordinates):
    /// {x, fraction, xText, xName, left, rows: [{name, color, value, text,
    /// top}]}.
    pub fn readout(&mut self, chart: &str, css_x: f64) -> Result<Object> {
        let s = self.surface(chart)?;
        let f = s.rect.x_fraction(finite("x", css_x)? * s.dpr);
        self.readout_at(chart, f)
    }

    /// Like [`Explorer::readout`], at a fraction 0..1 of the x-axis (for
    /// the keyboard).
    #[wasm_bindgen(js_name = readoutAt)]
    pub fn readout_at(&mut self, chart: &str, fraction: f64) -> Result<Object> {
        let kind = kind(chart)?;
        // The gradient chart's y-range follows its samples.
        self.refresh(kind);
        let f = finite("fraction", fraction)?.clamp(0.0, 1.0);
        let c = self.scene.chart(kind);
        let frame = c.frame;
        let u = frame.x.0 + (frame.x.1 - frame.x.0) * f;
        let theme = self.theme();
        let place = self
            .surfaces
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| (s.rect, s.dpr));
        let o = Object::new();
        set(&o, "x", u);
        set(&o, "fraction", f);
        set(&o, "xText", format_number(u, 4));
        set(&o, "xName", text::axis_symbol(c.axis));
        set(&o, "logit", to_logit(c.axis, c.label, u));
        if let Some((rect, dpr)) = place {
            set(&o, "left", rect.to_pixel(&frame, (u, frame.y.0)).0 / dpr);
        }
        let rows = Array::new();
        // Each curve against cross-entropy (FL / CE, or the gradients'
        // ratio); the factor chart's curves are that ratio already.
        // (In the both-labels view, against the CE of the curve's label.)
        for series in c.series.iter().filter(|s| s.role != Role::Guide) {
            let ce = c
                .series
                .iter()
                .find(|s| s.role == Role::CrossEntropy && s.label == series.label)
                .map(|s| s.at(c.axis, u));
            let v = series.at(c.axis, u);
            let row = Object::new();
            set(&row, "name", series.name.as_str());
            set(&row, "color", css(theme.series_color(series)));
            set(&row, "value", v);
            set(&row, "text", format_number(v, 4));
            let ratio = match (c.kind, ce) {
                (ChartKind::Factor, _) => Some(v),
                (_, Some(ce))
                    if series.role != Role::CrossEntropy && ce != 0.0 && ce.is_finite() =>
                {
                    Some(v / ce)
                }
                _ => None,
            };
            if let Some(words) = ratio.and_then(text::ratio_words) {
                set(&row, "ratio", words.as_str());
            }
            let y = if frame.log_y { v.log10() } else { v };
            if let Some((rect, dpr)) = place {
                if y.is_finite() && (frame.y.0..=frame.y.1).contains(&y) {
                    set(&row, "top", rect.to_pixel(&frame, (u, y)).1 / dpr);
                }
            }
            rows.push(&row);
        }
        set(&o, "rows", rows);
        Ok(o)
    }

    /// The readout of `chart` at the example of logit `logit` (another
    /// chart's `readout().logit`, for linked crosshairs): the same example
    /// on this chart's x-axis (pt = σ(x) for y = 1 and 1 − σ(x) for y = 0,
    /// p = σ(x), or x itself). `undefined` when that example is outside the
    /// chart's x-range.
    #[wasm_bindgen(js_name = readoutAtLogit)]
    pub fn readout_at_logit(&mut self, chart: &str, logit: f64) -> Result<Option<Object>> {
        let kind = kind(chart)?;
        if logit.is_nan() {
            return Err(crate::error::Error::from("logit must be a number, got NaN"));
        }
        let c = self.scene.chart(kind);
        let u = from_logit(c.axis, c.label, logit);
        let (lo, hi) = c.frame.x;
        if !(lo..=hi).contains(&u) || hi <= lo {
            return Ok(None);
        }
        self.readout_at(chart, (u - lo) / (hi - lo)).map(Some)
    }

    /// The legend of a chart: [{name, color, width, dash, dynamic}], each
    /// curve as it is drawn: its colour, its width and dash pattern (on,
    /// off, … in CSS px; empty: solid) in the current sizes.
    pub fn legend(&self, chart: &str) -> Result<Array> {
        let c = self.scene.chart(kind(chart)?);
        let theme = self.theme();
        let factor = Sizes::of(c.present).line;
        let out = Array::new();
        for s in c.series.iter().filter(|s| s.role != Role::Guide) {
            let line = theme.series_line(s);
            let row = Object::new();
            set(&row, "name", s.name.as_str());
            set(&row, "color", css(line.color));
            set(&row, "width", line.width * factor);
            let dash: Array = line
                .dash
                .iter()
                .map(|d| JsValue::from_f64(d * factor))
                .collect();
            set(&row, "dash", dash);
            set(&row, "dynamic", s.dynamic);
            out.push(&row);
        }
        Ok(out)
    }

    /// The caption of a chart: its x-axis, and the paper's figure it shows.
    pub fn caption(&self, chart: &str) -> Result<String> {
        Ok(text::caption(kind(chart)?, &self.scene.params).into())
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
    pub fn table(&self, chart: &str, n: u32) -> Result<Object> {
        let c = self.scene.chart(kind(chart)?);
        let n = n.clamp(2, 101);
        let cols = Array::new();
        cols.push(&JsValue::from_str(text::axis_symbol(c.axis)));
        let shown: Vec<_> = c.series.iter().filter(|s| s.role != Role::Guide).collect();
        for s in &shown {
            cols.push(&JsValue::from_str(&s.name));
        }
        let rows = Array::new();
        for i in 0..n {
            let u = c.frame.x.0 + (c.frame.x.1 - c.frame.x.0) * i as f64 / (n - 1) as f64;
            let row = Array::new();
            row.push(&JsValue::from_str(&format_number(u, 4)));
            for s in &shown {
                row.push(&JsValue::from_str(&format_number(s.at(c.axis, u), 4)));
            }
            rows.push(&row);
        }
        let o = Object::new();
        set(&o, "columns", cols);
        set(&o, "rows", rows);
        Ok(o)
    }
}

/// The logit of the example at `u` on an x-axis of `axis`, for label `y`.
fn to_logit(axis: XAxis, y: Label, u: f64) -> f64 {
    match axis {
        XAxis::Pt => y.logit_t(logit(u)),
        XAxis::P => logit(u),
        XAxis::Logit => u,
    }
}

/// Where the example of logit `x` stands on an x-axis of `axis`, for label `y`.
fn from_logit(axis: XAxis, y: Label, x: f64) -> f64 {
    match axis {
        XAxis::Pt => sigmoid(y.logit_t(x)),
        XAxis::P => sigmoid(x),
        XAxis::Logit => x,
    }
}
