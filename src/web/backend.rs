//! One backend type for the canvas (of the page or offscreen, see
//! [`super::canvas`]) and the SVG export, so that the chart code (generic
//! over `DrawingBackend`) is compiled once into the wasm instead of once per
//! backend. It forwards each primitive, except that it measures text with a
//! canvas (`measureText`) instead of plotters' default, which adds a
//! `<span>` to the page per label and forces a layout for each (and whose
//! code the wasm then does not carry).

use std::marker::PhantomData;

use plotters::prelude::*;

#[cfg(any(feature = "export", feature = "lab"))]
use crate::chart::draw_rounded_dashes;
use crate::chart::FinePath;
#[cfg(any(feature = "export", feature = "lab"))]
use crate::web::canvas::Context2d;
use crate::web::canvas::{font, BackendError, CanvasBackend};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// Names the backend that failed, without formatting its error: the SVG's
/// error is an `io::Error` (which cannot happen when writing to a string),
/// and formatting it would bring every I/O error message into the wasm.
#[cfg(any(feature = "export", feature = "lab"))]
fn convert<E: std::error::Error + Send + Sync>(
    what: &'static str,
) -> impl Fn(DrawingErrorKind<E>) -> DrawingErrorKind<BackendError> {
    move |e| match e {
        DrawingErrorKind::DrawingError(_) => DrawingErrorKind::DrawingError(BackendError(what)),
        DrawingErrorKind::FontError(f) => DrawingErrorKind::FontError(f),
    }
}

/// A canvas (which measures text with its own context) or an SVG document
/// (with the `svg` feature) with a canvas 2D context that measures text (any
/// canvas: it only measures), or a bare size for the layout.
pub enum Backend<'a> {
    Canvas(CanvasBackend<'a>),
    #[cfg(any(feature = "export", feature = "lab"))]
    Svg(SVGBackend<'a>, &'a Context2d),
    /// A size and nothing to draw on: for the layout alone (the
    /// explorer's; the lab draws its charts whole).
    #[cfg_attr(not(feature = "explorer"), allow(dead_code))]
    Size(u32, u32, PhantomData<&'a ()>),
}

macro_rules! forward {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            Backend::Canvas($b) => $call,
            #[cfg(any(feature = "export", feature = "lab"))]
            Backend::Svg($b, _) => $call.map_err(convert("the SVG could not be written")),
            Backend::Size(..) => Ok(()),
        }
    };
}

impl DrawingBackend for Backend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            Backend::Canvas(b) => b.get_size(),
            #[cfg(any(feature = "export", feature = "lab"))]
            Backend::Svg(b, _) => b.get_size(),
            Backend::Size(w, h, _) => (*w, *h),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.present())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        let ctx = match self {
            Backend::Canvas(b) => b.ctx,
            #[cfg(any(feature = "export", feature = "lab"))]
            Backend::Svg(_, ctx) => ctx,
            Backend::Size(..) => return Ok((0, 0)),
        };
        // The same font string the canvas draws with (the SVG names the
        // same family, style and size).
        ctx.set_font(&font(style));
        let width = ctx
            .text_width(text)
            .ok_or(DrawingErrorKind::DrawingError(BackendError(
                "measureText failed",
            )))?;
        // The height of a line of text, as a span would measure it.
        Ok((width.ceil() as u32, (style.size() * 1.2).ceil() as u32))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.blit_bitmap(pos, size, src))
    }
}

impl FinePath for Backend<'_> {
    /// On a canvas, the polyline goes through the points as they are (a
    /// flat curve does not step from pixel to pixel), its dashes one path;
    /// the SVG export, drawn at twice its size, takes them rounded.
    fn draw_fine_path(
        &mut self,
        points: &[(f64, f64)],
        style: &ShapeStyle,
        dash: &[f64],
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        match self {
            Backend::Canvas(b) => {
                let color = BackendStyle::color(style);
                b.ctx
                    .stroke_path(points, color, f64::from(style.stroke_width), dash);
                Ok(())
            }
            Backend::Size(..) => Ok(()),
            #[cfg(any(feature = "export", feature = "lab"))]
            Backend::Svg(..) => draw_rounded_dashes(self, points, style, dash),
        }
    }
}
