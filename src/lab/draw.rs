//! The predictions panel's charts: the paper's Figure 4 for a user's
//! predictions (the cumulative share of each class's loss, one chart per
//! class) and the distribution of the per-example weight FL / CE on a log
//! axis. Generic over plotters' `DrawingBackend`: the page's canvases and
//! the SVG export run this same code.
//!
//! A [`LabScene`] is what the charts need and nothing more (a few thousand
//! numbers): the worker that holds the predictions may draw it, or send it
//! ([`LabScene::encode`]) to the page to draw.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::chart::{FinePath, FinePolyline, Line, Theme};
use crate::curves::OVER_TOLERANCE;
use crate::error::{Error, Result};
use crate::lab::stats::{
    cdf_fractions, Histogram, Predictions, Summary, CDF_POINTS, FIGURE4_GAMMAS, WEIGHT_BINS,
    WEIGHT_BINS_PER_DECADE, WEIGHT_LOWEST_DECADE,
};
use crate::text::{format_number, format_tick};
use plotters::coord::types::RangedCoordf64;

/// The panel's charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabChart {
    /// Figure 4, left: the negatives' (label 0) cumulative loss.
    Negatives,
    /// Figure 4, right: the positives' (label 1) cumulative loss.
    Positives,
    /// How many examples get each weight FL / CE = αt (1 − pt)^γ.
    Weights,
}

impl LabChart {
    pub const ALL: [LabChart; 3] = [LabChart::Negatives, LabChart::Positives, LabChart::Weights];

    /// The chart's name on the page and in file names.
    pub fn name(self) -> &'static str {
        match self {
            LabChart::Negatives => "negatives",
            LabChart::Positives => "positives",
            LabChart::Weights => "weights",
        }
    }

    pub fn from_name(name: &str) -> Result<LabChart> {
        LabChart::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| Error(format!("no chart named {name:?}")))
    }
}

/// One class's curves and weights.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassCurves {
    pub count: usize,
    /// Figure 4's curves at [`FIGURE4_GAMMAS`], `CDF_POINTS` each (none for
    /// a class without examples).
    pub reference: Vec<Vec<f64>>,
    /// The curve at the current γ.
    pub current: Vec<f64>,
    pub weights: Histogram,
}

/// Everything the charts show, at one (γ, α).
#[derive(Clone, Debug, PartialEq)]
pub struct LabScene {
    pub gamma: f64,
    pub alpha: Option<f64>,
    pub negatives: ClassCurves,
    pub positives: ClassCurves,
}

impl LabScene {
    /// The scene of `summary`, with the reference curves of `predictions`.
    pub fn new(predictions: &Predictions, summary: &Summary) -> LabScene {
        let reference = predictions.reference_cdfs();
        let class = |c: &crate::lab::stats::ClassSummary, negative: bool| ClassCurves {
            count: c.count,
            reference: reference
                .iter()
                .map(|(_, n, p)| if negative { n.to_vec() } else { p.to_vec() })
                .collect(),
            current: c.cdf.clone(),
            weights: c.weights.clone(),
        };
        LabScene {
            gamma: summary.gamma,
            alpha: summary.alpha,
            negatives: class(&summary.negatives, true),
            positives: class(&summary.positives, false),
        }
    }

    /// A drag's scene at (γ, α): Figure 4's current curves from each
    /// class's sample ([`Predictions::draft_cdfs`]), the reference curves
    /// and the weights exact. For drawing only.
    pub fn draft(predictions: &Predictions, gamma: f64, alpha: Option<f64>) -> Result<LabScene> {
        let (neg_cdf, pos_cdf) = predictions.draft_cdfs(gamma)?;
        let (neg_weights, pos_weights) = predictions.weights(gamma, alpha)?;
        let (neg_count, pos_count) = predictions.class_sizes();
        let reference = predictions.reference_cdfs();
        let class =
            |count: usize, current: Vec<f64>, weights: Histogram, negative: bool| ClassCurves {
                count,
                reference: reference
                    .iter()
                    .map(|(_, n, p)| if negative { n.to_vec() } else { p.to_vec() })
                    .collect(),
                current,
                weights,
            };
        Ok(LabScene {
            gamma,
            alpha,
            negatives: class(neg_count, neg_cdf, neg_weights, true),
            positives: class(pos_count, pos_cdf, pos_weights, false),
        })
    }

    /// The scene as numbers, for a message between threads:
    /// `[γ, α or −1, then per class: count, 5 × CDF_POINTS curve points
    /// (or none), below, WEIGHT_BINS bins]`.
    pub fn encode(&self) -> Vec<f64> {
        let mut out = vec![self.gamma, self.alpha.unwrap_or(-1.0)];
        for c in [&self.negatives, &self.positives] {
            out.push(c.count as f64);
            if c.count > 0 {
                for curve in c.reference.iter().chain(std::iter::once(&c.current)) {
                    out.extend_from_slice(curve);
                }
            }
            out.push(c.weights.below as f64);
            out.extend(c.weights.bins.iter().map(|&b| b as f64));
        }
        out
    }

    /// The inverse of [`LabScene::encode`]; an error for numbers that are
    /// not a scene.
    pub fn decode(v: &[f64]) -> Result<LabScene> {
        let bad = || Error("these numbers are not a scene of the predictions panel".into());
        let mut at = 0;
        let mut take = |n: usize| -> Result<&[f64]> {
            let s = v.get(at..at + n).ok_or_else(bad)?;
            at += n;
            Ok(s)
        };
        let head = take(2)?;
        let (gamma, alpha) = (head[0], head[1]);
        let mut class = || -> Result<ClassCurves> {
            let count = take(1)?[0];
            if !(count >= 0.0 && count.fract() == 0.0) {
                return Err(bad());
            }
            let count = count as usize;
            let mut curves = Vec::new();
            if count > 0 {
                for _ in 0..=FIGURE4_GAMMAS.len() {
                    curves.push(take(CDF_POINTS)?.to_vec());
                }
            }
            let current = curves.pop().unwrap_or_default();
            let below = take(1)?[0] as usize;
            let bins = take(WEIGHT_BINS)?.iter().map(|&b| b as usize).collect();
            Ok(ClassCurves {
                count,
                reference: curves,
                current,
                weights: Histogram { below, bins },
            })
        };
        let negatives = class()?;
        let positives = class()?;
        if at != v.len() || gamma.is_nan() || gamma < 0.0 {
            return Err(bad());
        }
        Ok(LabScene {
            gamma,
            alpha: (alpha >= 0.0).then_some(alpha),
            negatives,
            positives,
        })
    }
}

const TICK_FONT: f64 = 12.0;
const TITLE_FONT: f64 = 13.0;
const LEGEND_FONT: f64 = 12.0;

fn err<E: std::fmt::Display>(e: E) -> Error {
    Error(format!("drawing failed: {e}"))
}

/// Which part of a chart to draw. Figure 4's background, axes and
/// reference curves depend on the data alone, not on γ or α: a page may
/// keep them drawn ([`Layer::Base`]) and draw only the current curve and the
/// legend over a copy of them ([`Layer::Top`]) while γ moves. `Base` then
/// `Top` on one surface draw exactly what `All` draws, in the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    All,
    Base,
    Top,
}

impl LabChart {
    /// Whether the chart has a part that γ and α do not change
    /// ([`Layer::Base`]): Figure 4's two charts. The weights all move.
    pub fn has_base(self) -> bool {
        self != LabChart::Weights
    }
}

/// Draws `chart` of `scene` on `area`, at `scale` backend pixels per CSS
/// pixel: the background, axes, curves or bars, and a legend.
pub fn draw<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &LabScene,
    chart: LabChart,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    draw_layer(area, scene, chart, theme, scale, Layer::All)
}

/// Draws `layer` of `chart` (see [`Layer`]); a chart without a base
/// ([`LabChart::has_base`]) draws everything for `All` and `Top`, nothing
/// for `Base`.
pub fn draw_layer<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &LabScene,
    chart: LabChart,
    theme: &Theme,
    scale: f64,
    layer: Layer,
) -> Result<()> {
    let base = layer != Layer::Top || !chart.has_base();
    if layer == Layer::Base && !chart.has_base() {
        return Ok(());
    }
    if base {
        area.fill(&theme.background).map_err(err)?;
    }
    let (class, what) = match chart {
        LabChart::Negatives => (&scene.negatives, "negatives"),
        LabChart::Positives => (&scene.positives, "positives"),
        LabChart::Weights => {
            draw_weights(area, scene, theme, scale)?;
            return area.present().map_err(err);
        }
    };
    draw_cdf(area, scene, class, what, theme, scale, layer)?;
    // The top follows on the same surface: a base is not presented (an SVG
    // would be closed).
    if layer == Layer::Base {
        return Ok(());
    }
    area.present().map_err(err)
}

fn px(v: f64, scale: f64) -> u32 {
    (v * scale).round().max(1.0) as u32
}

fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
    y_label_area: f64,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin(px(10.0, scale))
        .margin_right(px(16.0, scale))
        .x_label_area_size(px(44.0, scale))
        .y_label_area_size(px(y_label_area, scale));
    b
}

/// The name of the γ of a curve, as the legend shows it.
fn gamma_name(gamma: f64) -> String {
    format!("γ = {}", format_number(gamma, 3))
}

fn draw_cdf<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &LabScene,
    class: &ClassCurves,
    what: &str,
    theme: &Theme,
    scale: f64,
    layer: Layer,
) -> Result<()> {
    let (base, top) = (layer != Layer::Top, layer != Layer::Base);
    let tick = (FontFamily::SansSerif, TICK_FONT * scale)
        .into_font()
        .color(&theme.text);
    let title = (FontFamily::SansSerif, TITLE_FONT * scale)
        .into_font()
        .color(&theme.text);
    let mut ctx = builder(area, scale, 52.0)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(err)?;
    let x_fmt = |v: &f64| format_tick(*v, false);
    if base {
        ctx.configure_mesh()
            .x_desc(format!("fraction of {what}, lowest loss first"))
            .y_desc("cumulative normalized loss")
            .label_style(tick.clone())
            .axis_desc_style(title)
            .axis_style(theme.axis.stroke_width(px(1.0, scale)))
            .bold_line_style(theme.grid.stroke_width(px(1.0, scale)))
            .light_line_style(theme.grid_minor.stroke_width(px(1.0, scale)))
            .max_light_lines(1)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&x_fmt)
            .draw()
            .map_err(err)?;
    }
    if class.count == 0 {
        if !base {
            return Ok(());
        }
        let (w, h) = area.dim_in_pixel();
        let style = tick.pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
        area.draw_text(
            &format!("no {what} in these predictions"),
            &style,
            (w as i32 / 2, h as i32 / 2),
        )
        .map_err(err)?;
        return Ok(());
    }
    let mut entries = Vec::new();
    let lines = figure4_lines(theme, &class.reference, &class.current);
    for (i, line) in lines.iter().enumerate() {
        let (style, dash) = line.at(scale);
        // The reference curves are the base's; the current one the top's.
        let current = i >= class.reference.len();
        if current && !top {
            return Ok(());
        }
        if base || current {
            let ys = class.reference.get(i).unwrap_or(&class.current);
            draw_curve(&ctx, ys, style, &dash)?;
        }
        let name = match FIGURE4_GAMMAS.get(i) {
            Some(&g) => gamma_name(g),
            None => format!("{} (yours)", gamma_name(scene.gamma)),
        };
        entries.push((name, Swatch::Line(style, dash)));
    }
    if !top {
        return Ok(());
    }
    plot_legend(&ctx, &entries, true, theme, scale)
}

/// How Figure 4's curves are drawn: the reference γs of
/// [`FIGURE4_GAMMAS`] as Figure 1's family is on the explorer, then the
/// current γ as its FL curve, dashed where it lies on a reference curve
/// (within [`OVER_TOLERANCE`] everywhere), which it would hide.
pub(crate) fn figure4_lines(theme: &Theme, reference: &[Vec<f64>], current: &[f64]) -> Vec<Line> {
    let over = reference.iter().any(|r| {
        r.len() == current.len()
            && !r.is_empty()
            && r.iter()
                .zip(current)
                .all(|(a, b)| (a - b).abs() <= OVER_TOLERANCE)
    });
    let mut lines: Vec<Line> = (0..reference.len())
        .map(|i| theme.line(crate::curves::Role::Family(i), false))
        .collect();
    lines.push(theme.line(crate::curves::Role::Focal, over));
    lines
}

/// Draws a Figure 4 curve, `ys` at [`cdf_fractions`], in the chart's
/// coordinates (whole pixels, as plotters' series are).
pub(crate) fn draw_curve<DB: FinePath>(
    ctx: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ys: &[f64],
    style: ShapeStyle,
    dash: &[f64],
) -> Result<()> {
    let plot = ctx.plotting_area();
    let points: Vec<(f64, f64)> = cdf_fractions()
        .iter()
        .zip(ys)
        .map(|(&x, &y)| {
            let (px, py) = plot.map_coordinate(&(x, y));
            (f64::from(px), f64::from(py))
        })
        .collect();
    // The element carries backend pixels: any area's coordinates will do.
    plot.strip_coord_spec()
        .draw(&FinePolyline {
            points: &points,
            style,
            dash,
        })
        .map_err(err)
}

/// What a legend entry shows beside its name.
pub(crate) enum Swatch {
    Line(ShapeStyle, Vec<f64>),
    Box(ShapeStyle),
}

/// A legend in a top corner of a chart's plot: the left one, or the right
/// one (`at_left` false) where the curves start high on the left. Measured and
/// drawn through the backend (plotters' own series labels measure text
/// through the DOM, which a worker does not have). The lab's charts all use
/// it.
pub(crate) fn plot_legend<DB: FinePath, X: Ranged, Y: Ranged>(
    ctx: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    entries: &[(String, Swatch)],
    at_left: bool,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let area = ctx.plotting_area().strip_coord_spec();
    let (width, _) = area.dim_in_pixel();
    let p = |v: f64| (v * scale).round() as i32;
    let font = (FontFamily::SansSerif, LEGEND_FONT * scale)
        .into_font()
        .color(&theme.text);
    let (margin, pad, sample, gap) = (p(8.0), p(6.0), p(20.0), p(6.0));
    let row = p(LEGEND_FONT * 1.5);
    let mut text_width = 0;
    for (name, _) in entries {
        let (w, _) = area.estimate_text_size(name, &font).map_err(err)?;
        text_width = text_width.max(w as i32);
    }
    let box_width = pad * 2 + sample + gap + text_width;
    let left = if at_left {
        margin
    } else {
        width as i32 - margin - box_width
    };
    let top = margin;
    let (right, bottom) = (left + box_width, top + pad * 2 + row * entries.len() as i32);
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        theme.background.mix(0.9).filled(),
    ))
    .map_err(err)?;
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        ShapeStyle::from(theme.grid),
    ))
    .map_err(err)?;
    let anchor = Pos::new(HPos::Left, VPos::Center);
    // A fine line's points are the backend's pixels, not the plot's.
    let (ox, oy) = area.get_base_pixel();
    for (i, (name, swatch)) in entries.iter().enumerate() {
        let y = top + pad + row * i as i32 + row / 2;
        let x = left + pad;
        match swatch {
            Swatch::Line(style, dash) => area
                .draw(&FinePolyline {
                    points: &[
                        (f64::from(ox + x), f64::from(oy + y)),
                        (f64::from(ox + x + sample), f64::from(oy + y)),
                    ],
                    style: *style,
                    dash,
                })
                .map_err(err)?,
            Swatch::Box(style) => {
                let h = p(5.0);
                area.draw(&Rectangle::new([(x, y - h), (x + sample, y + h)], *style))
                    .map_err(err)?
            }
        }
        area.draw(&Text::new(
            name.as_str(),
            (x + sample + gap, y),
            font.clone().pos(anchor),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The weight histogram's x: log10 of the weight, the underflow bin one
/// decade below the lowest edge.
const WEIGHT_X: (f64, f64) = (WEIGHT_LOWEST_DECADE as f64 - 1.0, 0.0);

fn draw_weights<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &LabScene,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    let tick = (FontFamily::SansSerif, TICK_FONT * scale)
        .into_font()
        .color(&theme.text);
    let title = (FontFamily::SansSerif, TITLE_FONT * scale)
        .into_font()
        .color(&theme.text);
    // Each class's bins as shares of the class, so that 1% of positives
    // shows beside 99% of negatives.
    let shares = |c: &ClassCurves| -> (f64, Vec<f64>) {
        let n = c.count.max(1) as f64;
        (
            c.weights.below as f64 / n,
            c.weights.bins.iter().map(|&b| b as f64 / n).collect(),
        )
    };
    let (neg_below, neg) = shares(&scene.negatives);
    let (pos_below, pos) = shares(&scene.positives);
    let top = neg
        .iter()
        .chain(&pos)
        .chain([&neg_below, &pos_below])
        .fold(0.0f64, |a, &b| a.max(b));
    let y_top = if top > 0.0 { (top * 1.1).min(1.0) } else { 1.0 };
    let mut ctx = builder(area, scale, 52.0)
        .build_cartesian_2d(WEIGHT_X.0..WEIGHT_X.1, 0.0..y_top)
        .map_err(err)?;
    let (width, _) = area.dim_in_pixel();
    let narrow = f64::from(width) / scale < 480.0;
    let x_fmt = move |v: &f64| {
        let r = v.round();
        if (v - r).abs() > 1e-9 || (narrow && r as i64 % 2 != 0) {
            String::new()
        } else if r < WEIGHT_LOWEST_DECADE as f64 {
            "less".into()
        } else {
            format_tick(r, true)
        }
    };
    let y_fmt = |v: &f64| format!("{}%", format_tick(v * 100.0, false));
    ctx.configure_mesh()
        .x_desc("weight FL / CE = αt (1 − pt)^γ, log scale")
        .y_desc("share of the class")
        .label_style(tick)
        .axis_desc_style(title)
        .axis_style(theme.axis.stroke_width(px(1.0, scale)))
        .bold_line_style(theme.grid.stroke_width(px(1.0, scale)))
        .light_line_style(theme.grid_minor.stroke_width(px(1.0, scale)))
        .max_light_lines(1)
        .x_labels((WEIGHT_X.1 - WEIGHT_X.0) as usize + 1)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()
        .map_err(err)?;
    let step = 1.0 / WEIGHT_BINS_PER_DECADE as f64;
    // Bin b spans [lowest + b·step, lowest + (b+1)·step); the underflow bin
    // the decade below. Negatives fill the bin's left half, positives its
    // right half.
    let bars = |below: f64, bins: &[f64], right: bool| -> Vec<(f64, f64, f64)> {
        let mut out = vec![(WEIGHT_X.0, WEIGHT_X.0 + 1.0, below)];
        for (b, &v) in bins.iter().enumerate() {
            let lo = WEIGHT_LOWEST_DECADE as f64 + b as f64 * step;
            out.push((lo, lo + step, v));
        }
        out.into_iter()
            .filter(|&(_, _, v)| v > 0.0)
            .map(|(lo, hi, v)| {
                let mid = (lo + hi) / 2.0;
                if right {
                    (mid, hi, v)
                } else {
                    (lo, mid, v)
                }
            })
            .collect()
    };
    let mut entries = Vec::new();
    for (label, below, bins, color, right) in [
        (
            "negatives (label 0)",
            neg_below,
            &neg,
            theme.cross_entropy,
            false,
        ),
        ("positives (label 1)", pos_below, &pos, theme.focal, true),
    ] {
        let fill = color.filled();
        ctx.draw_series(
            bars(below, bins, right)
                .into_iter()
                .map(move |(lo, hi, v)| Rectangle::new([(lo, 0.0), (hi, v)], fill)),
        )
        .map_err(err)?;
        entries.push((label.to_string(), Swatch::Box(fill)));
    }
    plot_legend(&ctx, &entries, true, theme, scale)
}

/// The chart as an SVG document of `width` × `height` px.
pub fn svg(
    scene: &LabScene,
    chart: LabChart,
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String> {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&area, scene, chart, theme, 1.0)?;
    }
    Ok(out)
}
