//! A chart's surface: its two stacked canvases (or none, when another
//! explorer draws it), its size, and which layers need drawing; and the
//! drawing of a layer into a canvas, over what it goes over.

use plotters::prelude::*;

use crate::chart::{self, Layer, PlotRect, Theme};
use crate::curves::{ChartKind, ChartScene, Dirty};
use crate::error::Result;
use crate::web::backend::Backend;
use crate::web::canvas::{Canvas, CanvasBackend};

pub(crate) struct Surface {
    pub kind: ChartKind,
    /// The back and front canvases (of the page, or offscreen); `None` when
    /// another explorer draws the chart (the page's worker) and this one
    /// answers readouts only.
    pub canvases: Option<(Canvas, Canvas)>,
    pub css_width: f64,
    pub css_height: f64,
    pub dpr: f64,
    /// The front canvas's pixels per CSS px while a drag is drawn in draft
    /// (fewer than the back's); `None` draws it at `dpr`.
    pub draft: Option<f64>,
    pub rect: PlotRect,
    /// Laid out and drawn in the presentation mode's sizes.
    pub present: bool,
    pub dirty: Dirty,
    /// The front canvas is opaque and shows the whole chart: a copy of the
    /// back canvas with the moving curves over it.
    pub composed: bool,
    /// The front canvas is blank (just sized, which clears it): drawing it
    /// needs no clearing first, which on a new canvas costs as much as
    /// allocating its pixels.
    front_blank: bool,
    /// A composed chart's back layer scaled to the draft's size, made once
    /// a drag begins (or the back changes during one): each draft frame
    /// then copies it pixel for pixel. Scaling the back at every frame cost
    /// more than all the rest of the frame. `None` where the browser has no
    /// `OffscreenCanvas`: the frames then scale the back themselves.
    draft_back: Option<Canvas>,
    /// `draft_back` holds the back layer as it is now, at the draft's size.
    draft_back_fresh: bool,
}

pub(crate) const ALL_DIRTY: Dirty = Dirty {
    back: true,
    front: true,
};

impl Surface {
    pub fn new(kind: ChartKind, canvases: Option<(Canvas, Canvas)>) -> Surface {
        Surface {
            kind,
            canvases,
            css_width: 0.0,
            css_height: 0.0,
            dpr: 1.0,
            draft: None,
            rect: PlotRect::default(),
            present: false,
            composed: false,
            dirty: ALL_DIRTY,
            // Unknown until the first resize sizes (and so clears) it.
            front_blank: false,
            draft_back: None,
            draft_back_fresh: false,
        }
    }

    /// Sizes the surface (CSS pixels, clamped) and its canvases' backing
    /// stores; lays out the plotting rectangle as drawing will.
    pub fn resize(&mut self, w: f64, h: f64, dpr: f64) {
        if self.css_width == w && self.css_height == h && self.dpr == dpr {
            return;
        }
        self.css_width = w;
        self.css_height = h;
        self.dpr = dpr;
        let bw = (w * dpr).round() as u32;
        let bh = (h * dpr).round() as u32;
        if let Some((back, _)) = &self.canvases {
            back.set_size(bw, bh);
        }
        self.size_front();
        self.lay_out();
    }

    /// Lays out the plotting rectangle as drawing will, in the presentation
    /// mode's sizes or the page's, and marks every layer for drawing.
    pub fn set_present(&mut self, present: bool) {
        if self.present != present {
            self.present = present;
            self.lay_out();
        }
    }

    fn lay_out(&mut self) {
        let (bw, bh) = (
            (self.css_width * self.dpr).round() as u32,
            (self.css_height * self.dpr).round() as u32,
        );
        let layout = Backend::Size(bw, bh, std::marker::PhantomData);
        self.rect = chart::plot_rect(&layout.into_drawing_area(), self.dpr, self.present);
        self.dirty = ALL_DIRTY;
    }

    /// The front canvas's pixels per CSS px.
    fn front_scale(&self) -> f64 {
        self.draft.unwrap_or(self.dpr)
    }

    /// Sizes the front canvas's backing store (which clears it).
    fn size_front(&mut self) {
        let scale = self.front_scale();
        if let Some((_, front)) = &self.canvases {
            front.set_size(
                (self.css_width * scale).round() as u32,
                (self.css_height * scale).round() as u32,
            );
            self.front_blank = true;
        }
        self.draft_back_fresh = false;
    }

    /// Draws the front layer at `scale` pixels per CSS px (a drag's draft),
    /// or at the screen's (`None`); the back layer keeps the screen's, so
    /// that neither it nor its copy needs redrawing when a drag starts or
    /// ends. Returns whether anything changed.
    pub fn set_draft(&mut self, scale: Option<f64>) -> bool {
        let scale = scale.filter(|&s| s < self.dpr);
        if self.draft == scale {
            return false;
        }
        self.draft = scale;
        self.size_front();
        self.dirty.front = true;
        true
    }

    /// Whether it has a size to draw at (a hidden chart has none).
    pub fn shown(&self) -> bool {
        self.css_width >= 2.0 && self.css_height >= 2.0
    }

    /// Draws the dirty layers of `chart`; returns how many were drawn.
    pub fn draw(&mut self, chart: &ChartScene, theme: &Theme) -> Result<u32> {
        let Some((back, front)) = &self.canvases else {
            return Ok(0);
        };
        let mut drawn = 0;
        if self.dirty.back {
            draw_canvas(
                back,
                true,
                chart,
                theme,
                Layer::Back,
                self.dpr,
                Under::Nothing,
            )?;
            drawn += 1;
            self.draft_back_fresh = false;
        }
        if self.dirty.front || self.dirty.back {
            let scale = self.front_scale();
            let under = if self.composed {
                Under::CopyOf(
                    self.draft
                        .and_then(|_| {
                            draft_back(
                                &mut self.draft_back,
                                &mut self.draft_back_fresh,
                                back,
                                front,
                            )
                        })
                        .unwrap_or(back),
                )
            } else if self.front_blank {
                Under::Nothing
            } else {
                Under::Clear
            };
            draw_canvas(
                front,
                self.composed,
                chart,
                theme,
                Layer::Front,
                scale,
                under,
            )?;
            self.front_blank = false;
            drawn += 1;
        }
        self.dirty = Dirty::default();
        Ok(drawn)
    }
}

/// The back layer scaled to the front canvas's size, kept in `slot` and
/// scaled again only when it is not `fresh`; `None` where no offscreen
/// canvas can be made, or the copy fails.
fn draft_back<'a>(
    slot: &'a mut Option<Canvas>,
    fresh: &mut bool,
    back: &Canvas,
    front: &Canvas,
) -> Option<&'a Canvas> {
    let (w, h) = (front.width(), front.height());
    if slot.is_none() {
        *slot = Canvas::scratch(w, h);
        *fresh = false;
    }
    let copy = slot.as_ref()?;
    if !*fresh {
        if copy.width() != w || copy.height() != h {
            copy.set_size(w, h);
        }
        copy.context(true).ok()?.copy_from(back, w, h).ok()?;
        *fresh = true;
    }
    Some(copy)
}

/// What a layer is drawn over.
pub(crate) enum Under<'a> {
    /// Nothing to do: the layer fills the canvas itself (the back layer),
    /// or the canvas is blank.
    Nothing,
    /// A cleared, transparent canvas (the front layer over the back).
    Clear,
    /// A copy of this canvas, scaled to the canvas drawn (the front layer
    /// of a composed chart).
    CopyOf(&'a Canvas),
}

/// Draws `layer` of `chart` into `canvas` (`opaque`: see
/// `Canvas::context`), over `under`, at `scale` backing pixels per CSS
/// pixel.
pub(crate) fn draw_canvas(
    canvas: &Canvas,
    opaque: bool,
    chart: &ChartScene,
    theme: &Theme,
    layer: Layer,
    scale: f64,
    under: Under,
) -> Result<()> {
    let backend = CanvasBackend::new(canvas, opaque)?;
    match under {
        Under::Nothing => {}
        Under::Clear => backend.ctx.clear(canvas.width(), canvas.height()),
        Under::CopyOf(back) => backend
            .ctx
            .copy_from(back, canvas.width(), canvas.height())?,
    }
    let area = Backend::Canvas(backend).into_drawing_area();
    chart::draw(&area, chart, theme, layer, scale)?;
    Ok(())
}
