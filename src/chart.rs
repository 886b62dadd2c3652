//! Drawing: one function, generic over plotters' `DrawingBackend`, draws a
//! chart of the scene into a canvas (in two layers) or into an SVG (whole).

use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

use crate::curves::{ChartScene, Frame, Role, Series};
use crate::text::format_tick;

/// A linear f64 axis, plotters' own with one difference: its ticks have no
/// default text. The charts always give their ticks' text
/// ([`format_tick`]); plotters' default (its float printer) is never
/// shown, yet it would bring Rust's float formatting into the wasm.
pub struct Axis(plotters::coord::types::RangedCoordf64);

impl From<std::ops::Range<f64>> for Axis {
    fn from(range: std::ops::Range<f64>) -> Self {
        Axis(range.into())
    }
}

impl Ranged for Axis {
    type FormatOption = plotters::coord::ranged1d::NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.0.map(value, limit)
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        self.0.key_points(hint)
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.0.range()
    }
}

impl plotters::coord::ranged1d::ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        format_tick(*value, false)
    }
}

/// Which part of a chart to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Background, grid, axes, labels and the static curves.
    Back,
    /// The curves that follow γ, α and FL* (on a transparent canvas).
    Front,
    /// Everything, with a legend: for export.
    All,
}

/// Colours of one theme. The curves' hues are the Okabe–Ito palette, which
/// colour-blind visitors can tell apart, each set in lightness for its
/// theme's background: every curve has a contrast of at least 3:1 with it,
/// and every text drawn on a chart at least 4.5:1 (WCAG's relative
/// luminance; `tests/contrast.rs` checks both). Where hue cannot keep the
/// paper's Figure 1 family apart (blue beside sky blue, or any two under
/// some colour blindness), its curves also differ in dash (see
/// [`Theme::line`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    /// The axes, and the text of the factor chart's guide lines.
    pub axis: RGBColor,
    pub grid: RGBColor,
    pub grid_minor: RGBColor,
    /// The well-classified region's label, and (at [`SHADE_TINT`]) its tint.
    pub shade: RGBColor,
    pub cross_entropy: RGBColor,
    pub focal: RGBColor,
    pub focal_star: RGBColor,
    pub factor: RGBColor,
    /// Figure 1's family by its γ: 0 (cross-entropy), 0.5, 1, 2, 5.
    pub family: [RGBColor; 5],
}

/// How much of the shade's colour tints the well-classified region.
pub const SHADE_TINT: f64 = 0.10;

impl Theme {
    pub const LIGHT: Theme = Theme {
        background: RGBColor(255, 255, 255),
        text: RGBColor(33, 37, 41),
        axis: RGBColor(90, 96, 104),
        grid: RGBColor(222, 226, 230),
        grid_minor: RGBColor(241, 243, 245),
        // Okabe–Ito's bluish green, darker: 4.5:1 on its own tint.
        shade: RGBColor(0, 116, 84),
        // Okabe–Ito's blue and vermillion as they are.
        cross_entropy: RGBColor(0, 114, 178),
        focal: RGBColor(213, 94, 0),
        focal_star: RGBColor(64, 64, 64),
        factor: RGBColor(0, 114, 178),
        family: [
            RGBColor(0, 114, 178),
            // Sky blue, bluish green and reddish purple, darker.
            RGBColor(49, 147, 199),
            RGBColor(0, 143, 104),
            RGBColor(184, 87, 142),
            RGBColor(64, 64, 64),
        ],
    };

    pub const DARK: Theme = Theme {
        background: RGBColor(22, 27, 34),
        text: RGBColor(230, 237, 243),
        axis: RGBColor(160, 168, 178),
        grid: RGBColor(52, 60, 70),
        grid_minor: RGBColor(36, 42, 50),
        shade: RGBColor(60, 203, 156),
        // Sky blue and a lighter vermillion.
        cross_entropy: RGBColor(86, 180, 233),
        focal: RGBColor(240, 121, 58),
        focal_star: RGBColor(200, 205, 210),
        factor: RGBColor(86, 180, 233),
        family: [
            RGBColor(86, 180, 233),
            // Blue, bluish green and reddish purple, lighter.
            RGBColor(74, 143, 224),
            RGBColor(25, 185, 138),
            RGBColor(227, 155, 196),
            RGBColor(200, 205, 210),
        ],
    };

    /// The colour of a series' role.
    pub fn color(&self, role: Role) -> RGBColor {
        match role {
            Role::CrossEntropy => self.cross_entropy,
            Role::Focal => self.focal,
            Role::FocalStar => self.focal_star,
            Role::Factor => self.factor,
            Role::Family(i) => self.family[i.min(4)],
            Role::Figure5(0) => self.focal_star,
            Role::Figure5(_) => self.family[4],
            Role::Guide => self.axis,
        }
    }

    /// The colour of a series: a y = 0 twin of the both-labels view takes
    /// a colour of its own (the family's bluish green for CE and the factor,
    /// its reddish purple for FL).
    pub fn series_color(&self, s: &Series) -> RGBColor {
        match (s.negative_twin, s.role) {
            (true, Role::CrossEntropy | Role::Factor) => self.family[2],
            (true, Role::Focal) => self.family[3],
            (true, Role::FocalStar | Role::Figure5(_)) => self.family[4],
            _ => self.color(s.role),
        }
    }

    /// How series `s` is drawn: [`Theme::line`] of its role, in
    /// [`Theme::series_color`].
    pub fn series_line(&self, s: &Series) -> Line {
        Line {
            color: self.series_color(s),
            ..self.line(s.role, s.over)
        }
    }

    /// How a curve of `role` is drawn; `over`: it lies on a curve drawn
    /// before it (see `Series::over`), and is dashed so that the one under
    /// it shows between its dashes.
    pub fn line(&self, role: Role, over: bool) -> Line {
        let dash = if over {
            OVER_DASH
        } else {
            match role {
                Role::Family(i) => FAMILY_DASH[i.min(4)],
                // Figure 5's second FL* shares the first one's grey.
                Role::Figure5(i) if i > 0 => FAMILY_DASH[1],
                _ => SOLID,
            }
        };
        Line {
            color: self.color(role),
            width: stroke_width(role),
            dash,
        }
    }

    /// The colour as CSS `#rrggbb`, for the page's legend.
    pub fn css(&self, role: Role) -> String {
        css(self.color(role))
    }

    /// Every text a chart draws: (what, its colour, the colour it stands
    /// on). The well-classified label stands on the region's tint.
    pub fn texts(&self) -> [(&'static str, RGBColor, RGBColor); 3] {
        [
            ("text", self.text, self.background),
            ("guide label", self.axis, self.background),
            ("well-classified label", self.shade, self.shade_tint()),
        ]
    }

    /// The well-classified region's colour: the shade at [`SHADE_TINT`]
    /// over the background.
    pub fn shade_tint(&self) -> RGBColor {
        let mix = |a: u8, b: u8| {
            (f64::from(a) * SHADE_TINT + f64::from(b) * (1.0 - SHADE_TINT)).round() as u8
        };
        let (RGBColor(r, g, b), RGBColor(br, bg, bb)) = (self.shade, self.background);
        RGBColor(mix(r, br), mix(g, bg), mix(b, bb))
    }
}

/// A colour as CSS `#rrggbb`.
pub fn css(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A solid line.
pub const SOLID: &[f64] = &[];

/// The dashes of Figure 1's family (CSS px, on and off): cross-entropy
/// solid, then dashes, dots, dash-dots and long dashes, so that no two
/// members rely on colour alone.
pub const FAMILY_DASH: [&[f64]; 5] = [
    SOLID,
    &[7.0, 4.0],
    &[2.0, 3.0],
    &[10.0, 3.0, 2.0, 3.0],
    &[14.0, 4.0],
];

/// The dashes of a curve that lies on another (CSS px): as long as its
/// gaps, so that half of the curve under it shows.
pub const OVER_DASH: &[f64] = &[8.0, 8.0];

/// How a curve is drawn: colour, width and dash pattern (on, off, … in CSS
/// px; empty: solid), before the presentation mode's [`Sizes::line`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    pub color: RGBColor,
    pub width: f64,
    pub dash: &'static [f64],
}

impl Line {
    /// The stroke at `scale` backend pixels per CSS px, and the dash
    /// pattern in backend pixels.
    pub fn at(&self, scale: f64) -> (ShapeStyle, Vec<f64>) {
        let px = (self.width * scale).round().max(1.0) as u32;
        (
            self.color.stroke_width(px),
            self.dash.iter().map(|d| d * scale).collect(),
        )
    }
}

/// Stroke width of a role, in CSS pixels.
pub fn stroke_width(role: Role) -> f64 {
    match role {
        Role::Focal => 3.0,
        Role::FocalStar | Role::Factor | Role::Figure5(_) => 2.5,
        Role::Guide => 1.0,
        _ => 2.0,
    }
}

/// The sizes of a chart's text, lines and margins, in CSS px: the page's,
/// or the presentation mode's (read from across a room).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    pub tick: f64,
    pub title: f64,
    /// Every curve's width and dashes are multiplied by this.
    pub line: f64,
    pub margin: f64,
    pub x_label_area: f64,
    pub y_label_area: f64,
}

impl Sizes {
    pub const PAGE: Sizes = Sizes {
        tick: 12.0,
        title: 13.0,
        line: 1.0,
        margin: 12.0,
        x_label_area: 46.0,
        y_label_area: 58.0,
    };

    pub const PRESENT: Sizes = Sizes {
        tick: 18.0,
        title: 19.0,
        line: 1.75,
        margin: 14.0,
        x_label_area: 66.0,
        y_label_area: 84.0,
    };

    /// The presentation mode's on a chart narrower than 480 CSS px (a
    /// phone's): its lines, and the page's text, which leaves room to plot.
    pub const PRESENT_NARROW: Sizes = Sizes {
        line: Sizes::PRESENT.line,
        ..Sizes::PAGE
    };

    /// The presentation mode's sizes, or the page's (the same lines on a
    /// chart of any width: see [`Sizes::PRESENT_NARROW`]).
    pub fn of(present: bool) -> &'static Sizes {
        if present {
            &Sizes::PRESENT
        } else {
            &Sizes::PAGE
        }
    }

    /// The sizes for a chart `area` drawn at `scale`.
    fn on<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        scale: f64,
        present: bool,
    ) -> &'static Sizes {
        if present && f64::from(area.dim_in_pixel().0) / scale < 480.0 {
            &Sizes::PRESENT_NARROW
        } else {
            Sizes::of(present)
        }
    }
}

/// Where the plotting area lies inside the drawing, in backend pixels, and
/// the one mapping between data and pixels: the curves are drawn through it
/// and the readouts placed by it.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct PlotRect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl PlotRect {
    /// The pixel of the data point (u, v) of `frame` (v in log10 on a log
    /// axis). The last pixel is the area's end − 1, as plotters maps its
    /// own coordinates.
    pub fn to_pixel(&self, frame: &Frame, (u, v): (f64, f64)) -> (f64, f64) {
        let (xs, xe) = (self.left, self.left + self.width - 1.0);
        let (ys, ye) = (self.top, self.top + self.height - 1.0);
        (
            xs + (xe - xs) * (u - frame.x.0) / (frame.x.1 - frame.x.0),
            ye - (ye - ys) * (v - frame.y.0) / (frame.y.1 - frame.y.0),
        )
    }

    /// Where a pixel column lies along the x-axis, as a fraction 0..1 of
    /// it (the inverse of [`PlotRect::to_pixel`]).
    pub fn x_fraction(&self, px: f64) -> f64 {
        if self.width > 1.0 {
            (px - self.left) / (self.width - 1.0)
        } else {
            0.5
        }
    }
}

/// The drawing error, as text (it crosses into JS as an Error message).
pub type DrawError = String;

fn err<E: std::fmt::Display>(e: E) -> DrawError {
    format!("drawing failed: {e}")
}

/// The chart's margins and label areas: the plotting area depends on the
/// size, scale and sizes only, not on the data or the labels.
fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
    sizes: &Sizes,
) -> ChartBuilder<'a, 'b, DB> {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(px(sizes.margin))
        .margin_right(px(sizes.margin * 1.5))
        .x_label_area_size(px(sizes.x_label_area))
        .y_label_area_size(px(sizes.y_label_area));
    builder
}

/// The plotting area of `area` at `scale`, in backend pixels, as [`draw`]
/// lays it out (in the presentation mode's sizes when `present`); nothing
/// is drawn (a backend that only has a size will do).
pub fn plot_rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: f64,
    present: bool,
) -> PlotRect {
    match builder(area, scale, Sizes::on(area, scale, present))
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
    {
        Ok(ctx) => {
            let (xr, yr) = ctx.plotting_area().get_pixel_range();
            PlotRect {
                left: xr.start as f64,
                top: yr.start as f64,
                width: (xr.end - xr.start) as f64,
                height: (yr.end - yr.start) as f64,
            }
        }
        Err(_) => PlotRect::default(),
    }
}

/// A backend that can stroke a polyline through points between whole pixels
/// (the canvas), solid or dashed (`dash`: on, off, … in backend pixels;
/// empty: solid). By default the points are rounded to pixels, as plotters'
/// own series are, and each dash is a path of its own.
pub trait FinePath: DrawingBackend {
    fn draw_fine_path(
        &mut self,
        points: &[(f64, f64)],
        style: &ShapeStyle,
        dash: &[f64],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        draw_rounded_dashes(self, points, style, dash)
    }
}

/// Strokes each dash of `points` (see [`dashes`]) rounded to whole pixels.
pub fn draw_rounded_dashes<DB: DrawingBackend>(
    backend: &mut DB,
    points: &[(f64, f64)],
    style: &ShapeStyle,
    dash: &[f64],
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let mut result = Ok(());
    dashes(points, dash, |piece| {
        if result.is_ok() {
            result = draw_rounded_path(backend, piece, style);
        }
    });
    result
}

/// Cuts the polyline `points` into the dashes of `pattern` (on, off, … in
/// the points' units, measured along the line; the pattern restarts with
/// each call) and hands each dash to `emit`. An empty pattern, or one that
/// is not a pattern (no positive length), hands on the whole line.
pub fn dashes(points: &[(f64, f64)], pattern: &[f64], mut emit: impl FnMut(&[(f64, f64)])) {
    if pattern.is_empty()
        || !pattern.iter().all(|d| *d >= 0.0)
        || pattern.iter().sum::<f64>() <= 0.0
    {
        if points.len() > 1 {
            emit(points);
        }
        return;
    }
    // An odd pattern repeats twice, as a canvas's and an SVG's do, so that
    // its even places are dashes and its odd ones gaps.
    let period = if !pattern.len().is_multiple_of(2) {
        2 * pattern.len()
    } else {
        pattern.len()
    };
    let mut piece: Vec<(f64, f64)> = Vec::new();
    let (mut k, mut left) = (0, pattern[0]);
    let on = |k: usize| k.is_multiple_of(2);
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        let mut done = 0.0;
        if on(k) && piece.is_empty() {
            piece.push(a);
        }
        while length - done > left {
            done += left;
            let t = done / length;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if on(k) {
                piece.push(p);
                if piece.len() > 1 {
                    emit(&piece);
                }
                piece.clear();
            } else {
                piece.push(p);
            }
            k = (k + 1) % period;
            left = pattern[k % pattern.len()];
        }
        left -= length - done;
        if on(k) {
            piece.push(b);
        }
    }
    if on(k) && piece.len() > 1 {
        emit(&piece);
    }
}

/// Strokes `points` rounded to whole pixels, as plotters' series do.
pub fn draw_rounded_path<DB: DrawingBackend>(
    backend: &mut DB,
    points: &[(f64, f64)],
    style: &ShapeStyle,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let rounded = points
        .iter()
        .map(|&(x, y)| (x.round() as i32, y.round() as i32));
    backend.draw_path(rounded, style)
}

/// The SVG export is drawn at [`SVG_SCALE`] times its size, so its whole
/// pixels are already fractions of the shown ones.
impl FinePath for SVGBackend<'_> {}

/// A curve's piece, in backend pixels: an element that hands its points to
/// [`FinePath::draw_fine_path`] (plotters' elements carry whole pixels).
pub struct FinePolyline<'p> {
    pub points: &'p [(f64, f64)],
    pub style: ShapeStyle,
    pub dash: &'p [f64],
}

impl<'a> PointCollection<'a, BackendCoord> for &'a FinePolyline<'_> {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Empty<&'a BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::empty()
    }
}

impl<DB: FinePath> Drawable<DB> for FinePolyline<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        _: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        backend.draw_fine_path(self.points, &self.style, self.dash)
    }
}

/// Draws `layer` of `chart` on `area`, at `scale` backend pixels per CSS
/// pixel, and returns the plotting rectangle in backend pixels.
///
/// This is the only drawing code: the page's canvases and the SVG export
/// both come through here.
pub fn draw<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartScene,
    theme: &Theme,
    layer: Layer,
    scale: f64,
) -> Result<PlotRect, DrawError> {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    let frame = chart.frame;
    let sizes = Sizes::on(area, scale, chart.present);
    if layer != Layer::Front {
        area.fill(&theme.background).map_err(err)?;
    }
    let mut ctx = builder(area, scale, sizes)
        .build_cartesian_2d(
            Axis::from(frame.x.0..frame.x.1),
            Axis::from(frame.y.0..frame.y.1),
        )
        .map_err(err)?;
    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    let rect = PlotRect {
        left: xr.start as f64,
        top: yr.start as f64,
        width: (xr.end - xr.start) as f64,
        height: (yr.end - yr.start) as f64,
    };

    if layer != Layer::Front {
        if frame.shade_well_classified {
            let top = frame.y.1;
            ctx.draw_series(std::iter::once(Rectangle::new(
                [(0.5, frame.y.0), (frame.x.1, top)],
                theme.shade_tint().filled(),
            )))
            .map_err(err)?;
        }
        let tick = (FontFamily::SansSerif, sizes.tick * scale)
            .into_font()
            .color(&theme.text);
        let title = (FontFamily::SansSerif, sizes.title * scale)
            .into_font()
            .color(&theme.text);
        // On a phone, fewer ticks so that their labels do not touch: at most
        // 11, and one per three lines of tick text (36 CSS px at 12 px).
        let (width, height) = area.dim_in_pixel();
        let ems = |v: u32| f64::from(v) / scale / sizes.tick;
        let narrow = ems(width) < 40.0;
        let y_ticks = ((ems(height) / 3.0) as usize).clamp(4, 11);
        let log_y = frame.log_y;
        let y_fmt = move |v: &f64| format_tick(*v, log_y);
        let x_fmt = |v: &f64| format_tick(*v, false);
        ctx.configure_mesh()
            .x_desc(frame.x_title)
            .y_desc(frame.y_title)
            .label_style(tick)
            .axis_desc_style(title)
            .axis_style(theme.axis.stroke_width(px(sizes.line)))
            .bold_line_style(theme.grid.stroke_width(px(1.0)))
            .light_line_style(theme.grid_minor.stroke_width(px(1.0)))
            .max_light_lines(4)
            .x_labels(if narrow { 6 } else { 11 })
            .y_labels(if log_y {
                (frame.y.1 - frame.y.0).round() as usize + 1
            } else {
                y_ticks
            })
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()
            .map_err(err)?;
        if frame.shade_well_classified {
            let font = (FontFamily::SansSerif, sizes.title * scale)
                .into_font()
                .color(&theme.shade);
            let y_text = if frame.log_y {
                frame.y.1 - (frame.y.1 - frame.y.0) * 0.06
            } else {
                frame.y.1 * 0.94
            };
            let label = if narrow {
                "well classified"
            } else {
                "well-classified examples (pt > 0.5)"
            };
            ctx.draw_series(std::iter::once(Text::new(label, (0.52, y_text), font)))
                .map_err(err)?;
        }
    }

    // The curves' points in backend pixels, between whole pixels where the
    // backend can draw them (the canvas): plotters' own series round every
    // point to a pixel, which steps a flat curve at a device pixel ratio of 1.
    // The mapping is the plotting rectangle's (plotters' own).
    let to_pixel = |p: (f64, f64)| rect.to_pixel(&frame, p);
    if layer != Layer::Back {
        draw_guides(area, chart, theme, scale, &rect)?;
    }
    let mut fine: Vec<(f64, f64)> = Vec::with_capacity(crate::curves::POINTS);
    let mut pieces: Vec<(f64, f64)> = Vec::with_capacity(crate::curves::POINTS);
    let mut legend: Vec<(&str, ShapeStyle, Vec<f64>)> = Vec::new();
    for s in chart.series.iter().filter(|s| match layer {
        Layer::Back => !s.dynamic,
        Layer::Front => s.dynamic,
        Layer::All => true,
    }) {
        let (style, dash) = theme.series_line(s).at(scale * sizes.line);
        if layer == Layer::All && s.role != Role::Guide {
            legend.push((&s.name, style, dash.clone()));
        }
        let mut result = Ok(());
        clip(&s.xs, &s.ys, frame.y, frame.log_y, &mut pieces, |piece| {
            if result.is_ok() {
                fine.clear();
                fine.extend(piece.iter().map(|&p| to_pixel(p)));
                result = area
                    .draw(&FinePolyline {
                        points: &fine,
                        style,
                        dash: &dash,
                    })
                    .map_err(err);
            }
        });
        result?;
        if s.role == Role::Guide {
            draw_guide_label(&mut ctx, s, theme, scale * sizes.tick, frame.x)?;
        }
    }

    if layer == Layer::All {
        draw_legend(
            &ctx.plotting_area().strip_coord_spec(),
            &legend,
            theme,
            scale * sizes.tick,
        )?;
    }
    area.present().map_err(err)?;
    Ok(rect)
}

/// plotters' SVG coordinates are whole pixels, so a chart drawn for SVG at
/// this scale (and shown at 1) keeps curves to a fraction of a pixel.
pub const SVG_SCALE: u32 = 2;

/// An SVG document that plotters drew at `SVG_SCALE` × (`width`, `height`),
/// made to show at (`width`, `height`): its viewBox keeps the drawing's size.
pub fn svg_shown_at(svg: String, width: u32, height: u32) -> String {
    let (dw, dh) = (width * SVG_SCALE, height * SVG_SCALE);
    // plotters-svg starts the document with its size. (strip_prefix, not a
    // substring search: str::replacen costs the wasm 5 kB.)
    match svg.strip_prefix(&format!("<svg width=\"{dw}\" height=\"{dh}\" ")) {
        Some(rest) => format!("<svg width=\"{width}\" height=\"{height}\" {rest}"),
        None => svg,
    }
}

/// The legend of an exported chart: a box in the plotting area's upper right
/// corner with a line sample (its dashes too) and the name of each curve,
/// sized for text of `font_px` backend pixels. (The page shows its legend
/// in HTML instead.)
fn draw_legend<DB: FinePath>(
    plot: &DrawingArea<DB, Shift>,
    entries: &[(&str, ShapeStyle, Vec<f64>)],
    theme: &Theme,
    font_px: f64,
) -> Result<(), DrawError> {
    if entries.is_empty() {
        return Ok(());
    }
    // The page's tick size is 12 CSS px: the legend's spacing follows it.
    let px = |v: f64| (v * font_px / 12.0).round() as i32;
    let font = (FontFamily::SansSerif, font_px)
        .into_font()
        .color(&theme.text);
    let (margin, pad, sample, gap) = (px(8.0), px(6.0), px(24.0), px(6.0));
    let row = px(18.0);
    let mut text_width = 0;
    for (name, ..) in entries {
        let (w, _) = plot.estimate_text_size(name, &font).map_err(err)?;
        text_width = text_width.max(w as i32);
    }
    let width = pad * 2 + sample + gap + text_width;
    let height = pad * 2 + row * entries.len() as i32;
    let right = plot.dim_in_pixel().0 as i32 - margin;
    let (left, top) = (right - width, margin);
    plot.draw(&Rectangle::new(
        [(left, top), (right, top + height)],
        theme.background.mix(0.9).filled(),
    ))
    .map_err(err)?;
    plot.draw(&Rectangle::new(
        [(left, top), (right, top + height)],
        ShapeStyle::from(theme.grid),
    ))
    .map_err(err)?;
    let anchor = Pos::new(HPos::Left, VPos::Center);
    for (i, (name, style, dash)) in entries.iter().enumerate() {
        let y = top + pad + row * i as i32 + row / 2;
        let x = left + pad;
        let points = [
            (f64::from(x), f64::from(y)),
            (f64::from(x + sample), f64::from(y)),
        ];
        plot.draw(&FinePolyline {
            points: &points,
            style: *style,
            dash,
        })
        .map_err(err)?;
        plot.draw(&Text::new(
            *name,
            (x + sample + gap, y),
            font.clone().pos(anchor),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The guides of a chart (see [`crate::curves::Guide`]): dashed vertical
/// lines in the axes' colour, and their labels in rows under the top of the
/// plot, each on a backing of the background so that it reads over a curve.
fn draw_guides<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartScene,
    theme: &Theme,
    scale: f64,
    rect: &PlotRect,
) -> Result<(), DrawError> {
    if chart.guides.is_empty() {
        return Ok(());
    }
    let px = |v: f64| (v * scale).round() as i32;
    let narrow = f64::from(area.dim_in_pixel().0) / scale < 480.0;
    let tick = Sizes::of(chart.present).tick;
    let font = (FontFamily::SansSerif, tick * scale)
        .into_font()
        .color(&theme.axis);
    let line = theme.axis.mix(0.7).stroke_width(px(1.0).max(1) as u32);
    let (top, bottom) = (rect.top as i32, (rect.top + rect.height - 1.0) as i32);
    let (left, right) = (rect.left as i32, (rect.left + rect.width - 1.0) as i32);
    let (dash, gap) = (px(5.0).max(2), px(4.0).max(2));
    let row = px(tick * 1.7);
    let pad = px(4.0);
    let base = top + (0.06 * (rect.height - 1.0)) as i32;
    for g in &chart.guides {
        let x = rect
            .to_pixel(&chart.frame, (g.u, chart.frame.y.0))
            .0
            .round() as i32;
        if g.line {
            let mut y = top;
            while y < bottom {
                let end = (y + dash).min(bottom);
                area.draw(&PathElement::new(vec![(x, y), (x, end)], line))
                    .map_err(err)?;
                y = end + gap;
            }
        }
        let text = if narrow { &g.short } else { &g.label };
        let (w, h) = area.estimate_text_size(text, &font).map_err(err)?;
        let (w, h) = (w as i32, h as i32);
        // Beside the line, on its side, or on the other where there is no room.
        let before = x - pad - w >= left;
        let after = x + pad + w <= right;
        let x0 = if (g.before && before) || !after {
            x - pad - w
        } else {
            x + pad
        };
        // Row 0 is that of the shaded region's label; the others below it.
        let y0 = base + row * i32::from(g.row);
        area.draw(&Rectangle::new(
            [(x0 - 2, y0 - 1), (x0 + w + 2, y0 + h + 1)],
            theme.background.mix(0.85).filled(),
        ))
        .map_err(err)?;
        area.draw(&Text::new(
            text.as_str(),
            (x0, y0),
            font.clone().pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

fn draw_guide_label<DB: DrawingBackend>(
    ctx: &mut ChartContext<'_, DB, Cartesian2d<Axis, Axis>>,
    s: &Series,
    theme: &Theme,
    font_px: f64,
    x: (f64, f64),
) -> Result<(), DrawError> {
    let Some(&v) = s.ys.first() else {
        return Ok(());
    };
    let font = (FontFamily::SansSerif, font_px)
        .into_font()
        .color(&theme.axis);
    let y = v.log10() + 0.08;
    ctx.draw_series(std::iter::once(Text::new(
        s.name.clone(),
        (x.0 + (x.1 - x.0) * 0.015, y),
        font,
    )))
    .map_err(err)?;
    Ok(())
}

/// Cuts the polyline (xs, ys) to the band `y` of a chart (in log10 when
/// `log_y`) and hands each visible piece to `emit`, in data coordinates.
/// Points outside the band, infinite values and (on a log axis) zeros end a
/// piece at the band's edge, so no line is drawn outside the plot.
pub fn clip(
    xs: &[f64],
    ys: &[f64],
    y: (f64, f64),
    log_y: bool,
    buf: &mut Vec<(f64, f64)>,
    mut emit: impl FnMut(&[(f64, f64)]),
) {
    let (lo, hi) = y;
    let map = |v: f64| if log_y { v.log10() } else { v };
    // Which side a value lies on: -1 below, 0 inside, 1 above.
    let side = |v: f64| {
        if v.is_nan() || v < lo {
            -1
        } else if v > hi {
            1
        } else {
            0
        }
    };
    let cross = |x0: f64, y0: f64, x1: f64, y1: f64, edge: f64| {
        if !y0.is_finite() {
            x0
        } else if !y1.is_finite() {
            x1
        } else {
            x0 + (x1 - x0) * (edge - y0) / (y1 - y0)
        }
    };
    buf.clear();
    let mut prev: Option<(f64, f64, i32)> = None;
    for (&x, &v) in xs.iter().zip(ys) {
        let v = map(v);
        let s = side(v);
        if let Some((px, pv, ps)) = prev {
            if s == 0 && ps != 0 {
                let edge = if ps > 0 { hi } else { lo };
                buf.push((cross(px, pv, x, v, edge), edge));
            }
            if s != 0 && ps == 0 {
                let edge = if s > 0 { hi } else { lo };
                buf.push((cross(px, pv, x, v, edge), edge));
                emit(buf);
                buf.clear();
            }
            if s != 0 && ps != 0 && s != ps && v.is_finite() && pv.is_finite() {
                // Straight through the band between two samples.
                let (e0, e1) = if ps > 0 { (hi, lo) } else { (lo, hi) };
                emit(&[(cross(px, pv, x, v, e0), e0), (cross(px, pv, x, v, e1), e1)]);
            }
        }
        if s == 0 {
            buf.push((x, v));
        }
        prev = Some((x, v, s));
    }
    if buf.len() > 1 {
        emit(buf);
    }
    buf.clear();
}
