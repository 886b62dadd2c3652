//! The canvases charts are drawn into, typed as what they are: a canvas of
//! the page (`HTMLCanvasElement`, with a `CanvasRenderingContext2D`) or an
//! `OffscreenCanvas` (the drawing worker's, with an
//! `OffscreenCanvasRenderingContext2D`), and a plotters backend that draws
//! with either context.
//!
//! Both contexts have the same drawing methods (the HTML standard defines
//! them once, in mixins both include), but web-sys binds each type's
//! separately. [`Canvas::context`] checks the context's type with web-sys's
//! bindings, then draws through [`Context2d`], which binds the shared
//! methods once: the backend's code is compiled once and calls one import a
//! method, as plotters-canvas's did. (An enum of the two web-sys context
//! types, forwarding each call with a macro, costs the wasm 2.7 kB more and
//! its bindings 2.3 kB more: 1.15 kB with gzip -9. plotters-canvas's backend
//! takes an `HTMLCanvasElement` only, which a worker does not have.)

use std::cell::OnceCell;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::prelude::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

/// A drawing error of either backend, as text.
#[derive(Debug)]
pub struct BackendError(pub &'static str);

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for BackendError {}

/// A canvas of the page or an `OffscreenCanvas`, and the one 2D context it
/// is ever asked for. (Gecko throws on a second `getContext` of a canvas
/// that was handed to a worker.)
pub struct Canvas {
    element: Element,
    context: OnceCell<Context2d>,
}

enum Element {
    Page(HtmlCanvasElement),
    Offscreen(OffscreenCanvas),
}

/// The 2D context of a [`Canvas`], of either type: the drawing methods
/// `CanvasRenderingContext2D` and `OffscreenCanvasRenderingContext2D` share
/// (the mixins CanvasState, CanvasRect, CanvasDrawPath, CanvasText, …),
/// each called as a method of the object, as web-sys calls them.
/// [`Canvas::context`] makes one only of a context of either type.
#[wasm_bindgen]
extern "C" {
    pub type Context2d;
    #[wasm_bindgen(method, js_name = clearRect)]
    fn clear_rect(this: &Context2d, x: f64, y: f64, w: f64, h: f64);
    #[wasm_bindgen(method, catch, js_name = drawImage)]
    fn draw_image(
        this: &Context2d,
        source: &JsValue,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter = font)]
    pub fn set_font(this: &Context2d, font: &str);
    #[wasm_bindgen(method, catch, js_name = measureText)]
    fn measure_text(this: &Context2d, text: &str) -> Result<web_sys::TextMetrics, JsValue>;
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill_style(this: &Context2d, style: &str);
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke_style(this: &Context2d, style: &str);
    #[wasm_bindgen(method, setter = lineWidth)]
    fn set_line_width(this: &Context2d, width: f64);
    #[wasm_bindgen(method, js_name = beginPath)]
    fn begin_path(this: &Context2d);
    #[wasm_bindgen(method, js_name = moveTo)]
    fn move_to(this: &Context2d, x: f64, y: f64);
    #[wasm_bindgen(method, js_name = lineTo)]
    fn line_to(this: &Context2d, x: f64, y: f64);
    #[wasm_bindgen(method, js_name = closePath)]
    fn close_path(this: &Context2d);
    #[wasm_bindgen(method)]
    fn stroke(this: &Context2d);
    #[wasm_bindgen(method)]
    fn fill(this: &Context2d);
    #[wasm_bindgen(method, js_name = fillRect)]
    fn fill_rect(this: &Context2d, x: f64, y: f64, w: f64, h: f64);
    #[wasm_bindgen(method, js_name = strokeRect)]
    fn stroke_rect(this: &Context2d, x: f64, y: f64, w: f64, h: f64);
    #[wasm_bindgen(method, catch)]
    fn arc(this: &Context2d, x: f64, y: f64, r: f64, start: f64, end: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method)]
    fn save(this: &Context2d);
    #[wasm_bindgen(method)]
    fn restore(this: &Context2d);
    #[wasm_bindgen(method, catch)]
    fn translate(this: &Context2d, x: f64, y: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn rotate(this: &Context2d, radians: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter = textAlign)]
    fn set_text_align(this: &Context2d, align: &str);
    #[wasm_bindgen(method, setter = textBaseline)]
    fn set_text_baseline(this: &Context2d, baseline: &str);
    #[wasm_bindgen(method, catch, js_name = fillText)]
    fn fill_text(this: &Context2d, text: &str, x: f64, y: f64) -> Result<(), JsValue>;
}

/// What a JS value is, for an error message: its constructor's name
/// ("HTMLDivElement") or, for a primitive, its type ("string").
fn describe(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    let key = |k: &str| JsValue::from_str(k);
    js_sys::Reflect::get(v, &key("constructor"))
        .and_then(|c| js_sys::Reflect::get(&c, &key("name")))
        .ok()
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty())
        .or_else(|| v.js_typeof().as_string())
        .unwrap_or_default()
}

impl Canvas {
    /// The canvas JS passed as the argument `name`, or an error naming the
    /// argument for anything but a canvas. (`instanceof` a class that a
    /// worker does not define is false, not an error.)
    pub fn from_js(name: &str, value: JsValue) -> Result<Canvas, String> {
        let value = match value.dyn_into::<OffscreenCanvas>() {
            Ok(c) => return Ok(Canvas::new(Element::Offscreen(c))),
            Err(v) => v,
        };
        match value.dyn_into::<HtmlCanvasElement>() {
            Ok(c) => Ok(Canvas::page(c)),
            Err(v) => Err(format!(
                "{name} must be an HTMLCanvasElement or an OffscreenCanvas, got {}",
                describe(&v)
            )),
        }
    }

    fn new(element: Element) -> Canvas {
        Canvas {
            element,
            context: OnceCell::new(),
        }
    }

    /// A canvas of the page.
    pub fn page(canvas: HtmlCanvasElement) -> Canvas {
        Canvas::new(Element::Page(canvas))
    }

    /// A new `OffscreenCanvas` of `width` × `height`, for pixels kept out of
    /// sight; `None` where the browser has none.
    pub fn scratch(width: u32, height: u32) -> Option<Canvas> {
        OffscreenCanvas::new(width, height)
            .ok()
            .map(|c| Canvas::new(Element::Offscreen(c)))
    }

    pub fn width(&self) -> u32 {
        match &self.element {
            Element::Page(c) => c.width(),
            Element::Offscreen(c) => c.width(),
        }
    }

    pub fn height(&self) -> u32 {
        match &self.element {
            Element::Page(c) => c.height(),
            Element::Offscreen(c) => c.height(),
        }
    }

    /// Sets the backing store's size (which clears the canvas).
    pub fn set_size(&self, width: u32, height: u32) {
        match &self.element {
            Element::Page(c) => {
                c.set_width(width);
                c.set_height(height);
            }
            Element::Offscreen(c) => {
                c.set_width(width);
                c.set_height(height);
            }
        }
    }

    /// The canvas's 2D context, asked for once: `opaque` (no alpha channel,
    /// cheaper to composite) for a layer that paints its whole background.
    /// When JS asked for the context first, it is that one, with JS's
    /// options.
    pub fn context(&self, opaque: bool) -> Result<&Context2d, String> {
        if let Some(ctx) = self.context.get() {
            return Ok(ctx);
        }
        let options = js_sys::Object::new();
        if opaque {
            // Setting a property on a plain fresh object cannot fail.
            let _ = js_sys::Reflect::set(&options, &"alpha".into(), &JsValue::FALSE);
        }
        let ctx: Option<Context2d> = match &self.element {
            Element::Page(c) => c
                .get_context_with_context_options("2d", &options)
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
                .map(JsCast::unchecked_into),
            Element::Offscreen(c) => c
                .get_context_with_context_options("2d", &options)
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<OffscreenCanvasRenderingContext2d>().ok())
                .map(JsCast::unchecked_into),
        };
        let ctx = ctx.ok_or("canvas has no 2d context")?;
        Ok(self.context.get_or_init(|| ctx))
    }
}

/// The colour as plotters-canvas wrote it (the same pixels as before).
fn css_color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", crate::number::display(c.alpha))
}

fn failed(what: &'static str) -> impl Fn(JsValue) -> DrawingErrorKind<BackendError> {
    move |_| DrawingErrorKind::DrawingError(BackendError(what))
}

impl Context2d {
    pub fn clear(&self, width: u32, height: u32) {
        self.clear_rect(0.0, 0.0, f64::from(width), f64::from(height))
    }

    /// Copies `source` over the whole canvas, scaled to `width` × `height`.
    pub fn copy_from(&self, source: &Canvas, width: u32, height: u32) -> Result<(), String> {
        let source: &JsValue = match &source.element {
            Element::Page(c) => c,
            Element::Offscreen(c) => c,
        };
        self.draw_image(source, 0.0, 0.0, f64::from(width), f64::from(height))
            .map_err(|_| "the back layer could not be copied".to_string())
    }

    /// The width of `text` in the current font.
    pub fn text_width(&self, text: &str) -> Option<f64> {
        self.measure_text(text).ok().map(|m| m.width())
    }

    fn set_fill(&self, color: BackendColor) {
        self.set_fill_style(&css_color(color))
    }

    fn set_stroke(&self, color: BackendColor, width: f64) {
        self.set_stroke_style(&css_color(color));
        self.set_line_width(width);
    }

    /// Strokes a polyline through `points` as they are (between whole
    /// pixels), dashed by `dash` (see [`crate::chart::dashes`]; empty:
    /// solid): one path, whatever the dashes.
    pub fn stroke_path(
        &self,
        points: &[(f64, f64)],
        color: BackendColor,
        width: f64,
        dash: &[f64],
    ) {
        if points.len() < 2 || color.alpha == 0.0 {
            return;
        }
        self.set_stroke(color, width);
        self.begin_path();
        crate::chart::dashes(points, dash, |piece| {
            if let Some((&first, rest)) = piece.split_first() {
                self.move_to(first.0, first.1);
                for &(x, y) in rest {
                    self.line_to(x, y);
                }
            }
        });
        self.stroke();
    }
}

fn at((x, y): BackendCoord) -> (f64, f64) {
    (f64::from(x), f64::from(y))
}

/// A plotters backend over a canvas's 2D context: what plotters-canvas's
/// `CanvasBackend` draws, call for call, for either kind of canvas.
pub struct CanvasBackend<'c> {
    pub ctx: &'c Context2d,
    size: (u32, u32),
}

impl CanvasBackend<'_> {
    /// A backend over `canvas` (`opaque`: see [`Canvas::context`]).
    pub fn new(canvas: &Canvas, opaque: bool) -> Result<CanvasBackend<'_>, String> {
        Ok(CanvasBackend {
            ctx: canvas.context(opaque)?,
            size: (canvas.width(), canvas.height()),
        })
    }
}

type Drawn = Result<(), DrawingErrorKind<BackendError>>;

impl DrawingBackend for CanvasBackend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha != 0.0 {
            self.ctx.set_fill(color);
            let (x, y) = at(point);
            self.ctx.fill_rect(x, y, 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // A vertical or horizontal line goes through the middle of its
        // pixels, so that it is crisp (as plotters-canvas draws it).
        let (mut a, mut b) = (at(from), at(to));
        if a.0 == b.0 {
            a.0 -= 0.5;
            b.0 -= 0.5;
        }
        if a.1 == b.1 {
            a.1 -= 0.5;
            b.1 -= 0.5;
        }
        self.ctx
            .stroke_path(&[a, b], color, f64::from(style.stroke_width()), &[]);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.ctx.set_fill(color);
        } else {
            self.ctx.set_stroke(color, f64::from(style.stroke_width()));
        }
        let (x, y) = at(upper_left);
        let (x1, y1) = at(bottom_right);
        if fill {
            self.ctx.fill_rect(x, y, x1 - x, y1 - y);
        } else {
            self.ctx.stroke_rect(x, y, x1 - x, y1 - y);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        let mut path = path.into_iter();
        let Some(first) = path.next() else {
            return Ok(());
        };
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.ctx.set_stroke(color, f64::from(style.stroke_width()));
        self.ctx.begin_path();
        let (x, y) = at(first);
        self.ctx.move_to(x, y);
        for p in path {
            let (x, y) = at(p);
            self.ctx.line_to(x, y);
        }
        self.ctx.stroke();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let mut vert = vert.into_iter();
        let Some(first) = vert.next() else {
            return Ok(());
        };
        self.ctx.set_fill(color);
        self.ctx.begin_path();
        let (x, y) = at(first);
        self.ctx.move_to(x, y);
        for p in vert {
            let (x, y) = at(p);
            self.ctx.line_to(x, y);
        }
        self.ctx.close_path();
        self.ctx.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.ctx.set_fill(color);
        } else {
            self.ctx.set_stroke(color, f64::from(style.stroke_width()));
        }
        self.ctx.begin_path();
        let (x, y) = at(center);
        self.ctx
            .arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU)
            .map_err(failed("a circle could not be drawn"))?;
        if fill {
            self.ctx.fill();
        } else {
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let quarter_turns = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        let mut origin = at(pos);
        if quarter_turns != 0.0 {
            self.ctx.save();
            self.ctx
                .translate(origin.0, origin.1)
                .and_then(|()| self.ctx.rotate(quarter_turns * std::f64::consts::FRAC_PI_2))
                .map_err(failed("text could not be turned"))?;
            origin = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        self.ctx.set_fill(color);
        self.ctx.set_font(&font(style));
        self.ctx.set_text_align(align);
        self.ctx.set_text_baseline(baseline);
        self.ctx
            .fill_text(text, origin.0, origin.1)
            .map_err(failed("text could not be drawn"))?;
        if quarter_turns != 0.0 {
            self.ctx.restore();
        }
        Ok(())
    }
}

/// The CSS font of a text style, as plotters-canvas writes it.
pub fn font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        crate::number::display(style.size()),
        style.family().as_str()
    )
}
