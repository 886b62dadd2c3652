//! The page's handle: it owns the parameters, the scene and the charts'
//! surfaces, and redraws only the layers a change dirtied. JavaScript
//! gives it changes with [`Explorer::update`], calls [`Explorer::render`]
//! once per animation frame, and asks it for readouts (views.rs) and
//! exports (export.rs).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::chart::Theme;
use crate::curves::{ChartKind, Scene};
use crate::error::{Error, Result};
use crate::params::{Params, Source};
use crate::web::canvas::Canvas;
use crate::web::js;
use crate::web::surface::{Surface, ALL_DIRTY};

/// The explorer: parameters, sampled scene and the charts' surfaces.
#[wasm_bindgen]
pub struct Explorer {
    pub(crate) scene: Scene,
    pub(crate) surfaces: Vec<Surface>,
}

/// The chart of a name, or an error naming the argument.
pub(crate) fn kind(name: &str) -> Result<ChartKind> {
    ChartKind::parse(name).ok_or_else(|| {
        Error(format!(
            "chart must be \"loss\", \"gradient\" or \"factor\", got \"{}\"",
            crate::params::excerpt(name)
        ))
    })
}

/// `v`, when it is a finite number; an error naming it otherwise.
pub(crate) fn finite(name: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error(format!(
            "{name} must be a finite number, got {}",
            crate::number::display(v)
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
        }
    }

    /// Changes the parameters named in `patch` ({gamma: 3, axis: 'x', …},
    /// the names of `params()`; text is read as a link writes it), all or
    /// none: a bad value throws an Error naming it and changes nothing.
    /// Returns the parameters that changed, with their new values.
    pub fn update(&mut self, patch: &JsValue) -> Result<Object> {
        if !patch.is_object() {
            return Err(Error::from(
                "update needs an object of parameters, such as {gamma: 2}",
            ));
        }
        let mut next = self.scene.params;
        let keys = Object::keys(patch.unchecked_ref::<Object>());
        for name in keys.iter() {
            let name = name.as_string().unwrap_or_default();
            let value =
                Reflect::get(patch, &JsValue::from_str(&name)).unwrap_or(JsValue::UNDEFINED);
            let mut text = String::new();
            next.set(&name, js::input(&value, &mut text))?;
        }
        Ok(self.apply(next))
    }

    /// Sets every parameter from a link's query or an element's attributes:
    /// `pairs` is [[name, value], …] (`[...new URLSearchParams(search)]`,
    /// or the attributes' names and values), `source` "query" or
    /// "attributes". Values out of range are clamped and unreadable ones
    /// dropped, each with a note; the theme is kept. Returns {changed,
    /// problems}: the parameters that changed, and the notes.
    pub fn read(&mut self, pairs: &Array, source: &str) -> Result<Object> {
        let source = match source {
            "query" => Source::Query,
            "attributes" => Source::Attributes,
            other => {
                return Err(Error(format!(
                    "source must be \"query\" or \"attributes\", got \"{}\"",
                    crate::params::excerpt(other)
                )))
            }
        };
        let texts: Vec<(String, String)> = pairs
            .iter()
            .filter_map(|p| {
                let p: Array = p.dyn_into().ok()?;
                Some((p.get(0).as_string()?, p.get(1).as_string()?))
            })
            .collect();
        let (mut params, problems) =
            Params::read(texts.iter().map(|(k, v)| (k.as_str(), v.as_str())), source);
        params.dark = self.scene.params.dark;
        let out = Object::new();
        js::set(&out, "changed", self.apply(params));
        let notes: Array = problems.iter().map(|p| JsValue::from_str(p)).collect();
        js::set(&out, "problems", notes);
        Ok(out)
    }

    /// Applies a preset ("figure1", "retinanet", "ce", "flstar" or
    /// "reset"); returns the parameters that changed.
    pub fn preset(&mut self, name: &str) -> Result<Object> {
        let p = self.scene.params.preset(name).ok_or_else(|| {
            Error(format!(
                "preset must be one of {}, got \"{}\"",
                crate::params::list(crate::params::PRESETS, ", "),
                crate::params::excerpt(name)
            ))
        })?;
        Ok(self.apply(p))
    }

    /// The current parameters, as a plain object.
    pub fn params(&self) -> Object {
        js::params_to_js(&self.scene.params)
    }

    /// The current parameters as a link's query: only what differs from the
    /// defaults ("gamma=3&alpha=0.25").
    pub fn query(&self) -> String {
        self.scene.params.query()
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
    ) -> Result<()> {
        let kind = kind(chart)?;
        let back = back
            .map(|v| Canvas::from_js("back", v))
            .transpose()
            .map_err(Error)?;
        let front = front
            .map(|v| Canvas::from_js("front", v))
            .transpose()
            .map_err(Error)?;
        let canvases = match (back, front) {
            (Some(b), Some(f)) => Some((b, f)),
            (None, None) => None,
            _ => return Err(Error::from("attach needs both canvases or neither")),
        };
        self.surfaces.retain(|s| s.kind != kind);
        let mut surface = Surface::new(kind, canvases);
        surface.present = self.scene.params.present;
        self.surfaces.push(surface);
        Ok(())
    }

    /// Composes a chart on its front canvas: each front redraw copies the
    /// back canvas and draws the moving curves over it, so that the
    /// compositor has one opaque layer to draw per move instead of a
    /// transparent one over an opaque one. Call it before the first render:
    /// the explorer then asks the front canvas for an opaque context (as it
    /// always does the back canvas), unless JS asked for a context first.
    #[wasm_bindgen(js_name = composeFront)]
    pub fn compose_front(&mut self, chart: &str, on: bool) -> Result<()> {
        let s = self.surface_mut(chart)?;
        if s.composed != on {
            s.composed = on;
            s.dirty.front = true;
        }
        Ok(())
    }

    /// Draws every chart's moving curves at `scale` device pixels per CSS
    /// px while a drag goes on (a draft: fewer pixels to rasterise and
    /// composite), or at the screen's resolution again with 0. The axes
    /// layer keeps the screen's resolution throughout.
    pub fn draft(&mut self, scale: f64) -> Result<()> {
        let scale = finite("draft scale", scale)?;
        let draft = (scale > 0.0).then(|| scale.clamp(0.5, 4.0));
        for s in &mut self.surfaces {
            s.set_draft(draft);
        }
        Ok(())
    }

    /// Sets a chart's size in CSS pixels and the device pixel ratio; the
    /// canvases' backing stores follow, so lines and text stay crisp.
    pub fn resize(&mut self, chart: &str, css_width: f64, css_height: f64, dpr: f64) -> Result<()> {
        let w = finite("width", css_width)?.clamp(1.0, 8192.0);
        let h = finite("height", css_height)?.clamp(1.0, 8192.0);
        let dpr = finite("devicePixelRatio", dpr)?.clamp(0.5, 4.0);
        self.surface_mut(chart)?.resize(w, h, dpr);
        Ok(())
    }

    /// Draws every dirty layer of every chart that shows; returns how many
    /// layers were drawn (0 when nothing changed).
    pub fn render(&mut self) -> Result<u32> {
        let theme = self.theme();
        let params = self.scene.params;
        let mut drawn = 0;
        for s in &mut self.surfaces {
            // Hidden: drawn (and sampled) when it shows again. Drawn
            // elsewhere: readouts resample when they need to.
            if !s.shown() || !params.shows(s.kind.index()) || s.canvases.is_none() {
                continue;
            }
            if self.scene.refresh(s.kind) {
                s.dirty.back = true;
            }
            drawn += s.draw(self.scene.chart(s.kind), theme)?;
        }
        Ok(drawn)
    }
}

impl Explorer {
    /// Moves to `params`, marks the layers the change dirtied, and returns
    /// what changed.
    fn apply(&mut self, params: Params) -> Object {
        let old = self.scene.params;
        let dirty = self.scene.update(params);
        let retheme = old.dark != params.dark;
        for s in &mut self.surfaces {
            if retheme {
                s.dirty = ALL_DIRTY;
            }
            s.set_present(params.present);
            let d = dirty[s.kind.index()];
            s.dirty.back |= d.back;
            s.dirty.front |= d.front;
        }
        js::changes_to_js(&old, &params)
    }

    pub(crate) fn theme(&self) -> &'static Theme {
        if self.scene.params.dark {
            &Theme::DARK
        } else {
            &Theme::LIGHT
        }
    }

    pub(crate) fn surface_mut(&mut self, chart: &str) -> Result<&mut Surface> {
        let kind = kind(chart)?;
        self.surfaces
            .iter_mut()
            .find(|s| s.kind == kind)
            .ok_or_else(|| Error(format!("chart \"{chart}\" has no canvases attached")))
    }

    pub(crate) fn surface(&self, chart: &str) -> Result<&Surface> {
        let kind = kind(chart)?;
        self.surfaces
            .iter()
            .find(|s| s.kind == kind)
            .ok_or_else(|| Error(format!("chart \"{chart}\" has no canvases attached")))
    }

    /// Resamples a chart's stale curves; when its frame moves with them, its
    /// axes are redrawn on the next render.
    pub(crate) fn refresh(&mut self, kind: ChartKind) {
        if self.scene.refresh(kind) {
            for s in self.surfaces.iter_mut().filter(|s| s.kind == kind) {
                s.dirty.back = true;
            }
        }
    }
}

impl Default for Explorer {
    fn default() -> Self {
        Explorer::new()
    }
}
