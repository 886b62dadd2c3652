//! The training panel's charts: each model's predicted probability over the
//! plane with the training points, and the training loss and held-out
//! average precision of the three models step by step. Generic over
//! plotters' `DrawingBackend`: the page's canvases and the native SVG tests
//! run the same code.
//!
//! A [`TrainScene`] is what the charts need and nothing more (about 15,000
//! numbers at the default 64 × 64 grid): the worker that trains builds it
//! ([`TrainScene::from_lab`]) and either draws it or sends it
//! ([`TrainScene::encode`]) for the page to draw.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::chart::{FinePath, Theme};
use crate::error::{Error, Result};
use crate::lab::data::Origin;
use crate::lab::draw::{draw_curve, figure4_lines, plot_legend, Swatch};
use crate::lab::stats::{Predictions, CDF_POINTS, FIGURE4_GAMMAS};
use crate::lab::train::{Lab, ModelKind};
use crate::loss::Label;
use crate::text::{format_number, format_tick};

/// The most points a line of the loss chart has: longer histories are
/// averaged over runs of consecutive steps.
pub const MAX_LINE_POINTS: usize = 400;

/// The most easy negatives drawn on a map (every k-th of them); all the
/// positives and hard negatives are drawn.
pub const MAX_EASY_POINTS: usize = 800;

/// Colour levels of a map (of √p).
const MAP_LEVELS: f64 = 40.0;

/// The panel's charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainChart {
    /// A model's predicted probability over the plane, with the points.
    Map(ModelKind),
    /// Training loss per step, one line per model (log scale).
    Loss,
    /// Held-out average precision per evaluation, one line per model.
    Precision,
    /// The paper's Figure 4 for the focal-loss model's negatives.
    CdfNegatives,
    /// The paper's Figure 4 for the focal-loss model's positives.
    CdfPositives,
}

impl TrainChart {
    pub const ALL: [TrainChart; 7] = [
        TrainChart::Map(ModelKind::CrossEntropy),
        TrainChart::Map(ModelKind::BalancedCrossEntropy),
        TrainChart::Map(ModelKind::Focal),
        TrainChart::Loss,
        TrainChart::Precision,
        TrainChart::CdfNegatives,
        TrainChart::CdfPositives,
    ];

    /// The chart's name on the page.
    pub fn name(self) -> &'static str {
        match self {
            TrainChart::Map(ModelKind::CrossEntropy) => "map-ce",
            TrainChart::Map(ModelKind::BalancedCrossEntropy) => "map-alpha-ce",
            TrainChart::Map(ModelKind::Focal) => "map-fl",
            TrainChart::Loss => "loss",
            TrainChart::Precision => "ap",
            TrainChart::CdfNegatives => "cdf-negatives",
            TrainChart::CdfPositives => "cdf-positives",
        }
    }

    pub fn from_name(name: &str) -> Result<TrainChart> {
        TrainChart::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| Error(format!("no training chart named {name:?}")))
    }
}

/// A line of a chart: its x and y.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

/// Everything the training charts show, at one step.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainScene {
    /// Steps taken, and the steps of the run.
    pub step: u32,
    pub steps: u32,
    /// Cells per side of the maps.
    pub grid: usize,
    /// Each model's probability per cell, in image order (see
    /// [`Lab::grid_probabilities`]).
    pub maps: [Vec<f64>; 3],
    /// Training points drawn on the maps: positives, hard negatives, and
    /// a regular sample of the easy negatives.
    pub positives: Vec<[f64; 2]>,
    pub hard: Vec<[f64; 2]>,
    pub easy: Vec<[f64; 2]>,
    /// Training loss per model (x: step), a trailing mean over
    /// [`LOSS_WINDOW`] steps.
    pub loss: [Line; 3],
    /// Held-out AP per model (x: step).
    pub precision: [Line; 3],
    /// The focal-loss model's γ.
    pub gamma: f64,
    /// Figure 4 on the focal-loss model's training predictions: for the
    /// negatives, then the positives, the curves at [`FIGURE4_GAMMAS`] and at
    /// `gamma`, [`CDF_POINTS`] each (none for a class without examples).
    pub cdf: [Vec<Vec<f64>>; 2],
}

/// Steps a loss line averages over: a batch of 2,048 points at 1:1000
/// holds about two positives, so one step's loss is mostly noise.
pub const LOSS_WINDOW: usize = 10;

/// The trailing mean of the last [`LOSS_WINDOW`] steps at each step, then
/// the mean of each run of `chunk` consecutive values at the run's middle
/// step (steps count from 1), so that a line has at most
/// [`MAX_LINE_POINTS`] points.
fn averaged(values: &[f64]) -> Line {
    let mut smooth = Vec::with_capacity(values.len());
    let mut sum = 0.0;
    for (i, &v) in values.iter().enumerate() {
        sum += v;
        if i >= LOSS_WINDOW {
            sum -= values[i - LOSS_WINDOW];
        }
        smooth.push(sum / (i + 1).min(LOSS_WINDOW) as f64);
    }
    let chunk = smooth.len().div_ceil(MAX_LINE_POINTS).max(1);
    let mut line = Line::default();
    for (i, run) in smooth.chunks(chunk).enumerate() {
        let first = (i * chunk + 1) as f64;
        line.x.push(first + (run.len() - 1) as f64 / 2.0);
        line.y.push(run.iter().sum::<f64>() / run.len() as f64);
    }
    line
}

impl TrainScene {
    /// The scene of `lab` as it is now.
    pub fn from_lab(lab: &mut Lab) -> TrainScene {
        let maps = ModelKind::ALL.map(|k| {
            lab.grid_probabilities(k)
                .iter()
                .map(|&p| p as f64)
                .collect()
        });
        let train = &lab.problem().train;
        let (mut positives, mut hard, mut easy) = (Vec::new(), Vec::new(), Vec::new());
        let n_easy = train
            .origins
            .iter()
            .filter(|&&o| o == Origin::Background)
            .count();
        let every = n_easy.div_ceil(MAX_EASY_POINTS).max(1);
        let mut seen = 0;
        for (&p, &o) in train.points.iter().zip(&train.origins) {
            match o {
                Origin::Blob => positives.push(p),
                Origin::Halo => hard.push(p),
                Origin::Background => {
                    if seen % every == 0 {
                        easy.push(p);
                    }
                    seen += 1;
                }
            }
        }
        let ap_x: Vec<f64> = lab.ap_steps().iter().map(|&s| f64::from(s)).collect();
        let (gamma, alpha) = (lab.settings().gamma, lab.settings().alpha);
        let logits = lab.train_logits(ModelKind::Focal).to_vec();
        let cdf = figure4(&logits, lab.train_labels(), gamma, alpha);
        TrainScene {
            step: lab.steps_done(),
            steps: lab.settings().steps,
            grid: lab.settings().grid,
            maps,
            positives,
            hard,
            easy,
            loss: ModelKind::ALL.map(|k| averaged(lab.loss_history(k))),
            precision: ModelKind::ALL.map(|k| Line {
                x: ap_x.clone(),
                y: lab.ap_history(k).to_vec(),
            }),
            gamma,
            cdf,
        }
    }

    /// The scene as numbers, for a message between threads: `[step, steps,
    /// grid, then 3 maps of grid² values, then the point sets (positives,
    /// hard, easy) each as a count and x, y pairs, then 6 lines (3 of loss,
    /// 3 of AP) each as a count, its x and its y, then γ, then per class
    /// the number of Figure 4's curves and their points]`.
    pub fn encode(&self) -> Vec<f64> {
        let mut out = vec![
            f64::from(self.step),
            f64::from(self.steps),
            self.grid as f64,
        ];
        for m in &self.maps {
            out.extend_from_slice(m);
        }
        for set in [&self.positives, &self.hard, &self.easy] {
            out.push(set.len() as f64);
            out.extend(set.iter().flatten());
        }
        for line in self.loss.iter().chain(&self.precision) {
            out.push(line.x.len() as f64);
            out.extend_from_slice(&line.x);
            out.extend_from_slice(&line.y);
        }
        out.push(self.gamma);
        for class in &self.cdf {
            out.push(class.len() as f64);
            out.extend(class.iter().flatten());
        }
        out
    }

    /// The inverse of [`TrainScene::encode`]; an error for numbers that are
    /// not a scene.
    pub fn decode(v: &[f64]) -> Result<TrainScene> {
        let bad = || Error("these numbers are not a scene of the training panel".into());
        let mut at: usize = 0;
        let mut take = |n: usize| -> Result<&[f64]> {
            let s = v
                .get(at..at.checked_add(n).ok_or_else(bad)?)
                .ok_or_else(bad)?;
            at += n;
            Ok(s)
        };
        let count = |x: f64| -> Result<usize> {
            if x >= 0.0 && x.fract() == 0.0 && x <= 1e8 {
                Ok(x as usize)
            } else {
                Err(bad())
            }
        };
        let head = take(3)?;
        let (step, steps, grid) = (count(head[0])?, count(head[1])?, count(head[2])?);
        if !(2..=256).contains(&grid) {
            return Err(bad());
        }
        let mut maps: [Vec<f64>; 3] = Default::default();
        for m in &mut maps {
            *m = take(grid * grid)?.to_vec();
        }
        let mut sets: [Vec<[f64; 2]>; 3] = Default::default();
        for set in &mut sets {
            let n = count(take(1)?[0])?;
            *set = take(2 * n)?.chunks(2).map(|c| [c[0], c[1]]).collect();
        }
        let mut lines: [Line; 6] = Default::default();
        for line in &mut lines {
            let n = count(take(1)?[0])?;
            line.x = take(n)?.to_vec();
            line.y = take(n)?.to_vec();
        }
        let gamma = take(1)?[0];
        let mut cdf: [Vec<Vec<f64>>; 2] = Default::default();
        for class in &mut cdf {
            let n = count(take(1)?[0])?;
            if n != 0 && n != FIGURE4_GAMMAS.len() + 1 {
                return Err(bad());
            }
            for _ in 0..n {
                class.push(take(CDF_POINTS)?.to_vec());
            }
        }
        if at != v.len() || gamma.is_nan() || gamma < 0.0 {
            return Err(bad());
        }
        let [positives, hard, easy] = sets;
        let [l0, l1, l2, p0, p1, p2] = lines;
        Ok(TrainScene {
            step: step as u32,
            steps: steps as u32,
            grid,
            maps,
            positives,
            hard,
            easy,
            loss: [l0, l1, l2],
            precision: [p0, p1, p2],
            gamma,
            cdf,
        })
    }
}

const TICK_FONT: f64 = 12.0;
const TITLE_FONT: f64 = 13.0;

fn err<E: std::fmt::Display>(e: E) -> Error {
    Error(format!("drawing failed: {e}"))
}

fn px(v: f64, scale: f64) -> u32 {
    (v * scale).round().max(1.0) as u32
}

/// Figure 4's curves (see [`TrainScene::cdf`]) of `logits` at `gamma`.
fn figure4(logits: &[f64], labels: &[Label], gamma: f64, alpha: Option<f64>) -> [Vec<Vec<f64>>; 2] {
    let curves = || -> Result<[Vec<Vec<f64>>; 2]> {
        let predictions = Predictions::new(logits, labels)?;
        let summary = predictions.summary(gamma, alpha)?;
        let reference = predictions.reference_cdfs();
        let class = |negative: bool| -> Vec<Vec<f64>> {
            let current = if negative {
                &summary.negatives
            } else {
                &summary.positives
            };
            if current.count == 0 {
                return Vec::new();
            }
            reference
                .iter()
                .map(|(_, n, p)| if negative { n.to_vec() } else { p.to_vec() })
                .chain(std::iter::once(current.cdf.clone()))
                .collect()
        };
        Ok([class(true), class(false)])
    };
    // Logits are finite (a step that would make a weight infinite is not
    // taken), so this fails only for an empty set: nothing to draw.
    curves().unwrap_or_default()
}

/// The colour of a model's lines and maps.
pub fn model_color(theme: &Theme, kind: ModelKind) -> RGBColor {
    match kind {
        ModelKind::CrossEntropy => theme.cross_entropy,
        ModelKind::BalancedCrossEntropy => theme.shade,
        ModelKind::Focal => theme.focal,
    }
}

/// `a` moved a fraction `t` of the way to `b`.
fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let c = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// Draws `chart` of `scene` on `area`, at `scale` backend pixels per CSS
/// pixel.
pub fn draw<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &TrainScene,
    chart: TrainChart,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    area.fill(&theme.background).map_err(err)?;
    match chart {
        TrainChart::Map(kind) => draw_map(area, scene, kind, theme, scale)?,
        TrainChart::Loss => draw_lines(area, &scene.loss, true, scene, theme, scale)?,
        TrainChart::Precision => draw_lines(area, &scene.precision, false, scene, theme, scale)?,
        TrainChart::CdfNegatives => draw_cdf(area, scene, 0, theme, scale)?,
        TrainChart::CdfPositives => draw_cdf(area, scene, 1, theme, scale)?,
    }
    area.present().map_err(err)
}

/// A map: each cell's colour goes from the background (p = 0) to the
/// model's colour (p = 1) by √p, so that the prior's p = 0.01 is a faint
/// tint and p = 0.25 is halfway; positives are dark-ringed discs, hard
/// negatives small squares, easy negatives dots.
fn draw_map<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &TrainScene,
    kind: ModelKind,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let side = w.min(h);
    let inner = area
        .clone()
        .shrink(((w - side) / 2, (h - side) / 2), (side, side));
    let g = scene.grid;
    let cell = side as f64 / g as f64;
    let color = model_color(theme, kind);
    let map = &scene.maps[kind.index()];
    // √p in MAP_LEVELS steps; a row's run of cells at one level is one
    // rectangle (most of the plane is at the prior's level, so a map is a
    // few hundred rectangles rather than grid², which matters where the
    // page draws on its own thread).
    let level = |p: f64| (p.max(0.0).sqrt() * MAP_LEVELS).round().min(MAP_LEVELS) as u32;
    for row in 0..g {
        let (y0, y1) = ((row as f64 * cell) as i32, ((row + 1) as f64 * cell) as i32);
        let cells = &map[row * g..(row + 1) * g];
        let mut start = 0;
        while start < g {
            let l = level(cells[start]);
            let mut end = start + 1;
            while end < g && level(cells[end]) == l {
                end += 1;
            }
            let (x0, x1) = ((start as f64 * cell) as i32, (end as f64 * cell) as i32);
            let fill = mix(theme.background, color, f64::from(l) / MAP_LEVELS);
            inner
                .draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
                .map_err(err)?;
            start = end;
        }
    }
    let to_px = |[x, y]: [f64; 2]| -> (i32, i32) {
        let s = side as f64;
        (
            ((x + 1.0) / 2.0 * s).round() as i32,
            ((1.0 - y) / 2.0 * s).round() as i32,
        )
    };
    let dot = theme.axis.mix(0.45).filled();
    let r = px(1.0, scale) as i32;
    for &p in &scene.easy {
        let (x, y) = to_px(p);
        inner
            .draw(&Rectangle::new(
                [(x - r / 2, y - r / 2), (x + r - r / 2, y + r - r / 2)],
                dot,
            ))
            .map_err(err)?;
    }
    let hard = theme.text.filled();
    let s = px(2.0, scale) as i32;
    for &p in &scene.hard {
        let (x, y) = to_px(p);
        inner
            .draw(&Rectangle::new([(x - s, y - s), (x + s, y + s)], hard))
            .map_err(err)?;
    }
    let ring = theme.text.stroke_width(px(1.5, scale));
    let disc = theme.background.filled();
    let rr = px(4.0, scale) as i32;
    for &p in &scene.positives {
        let (x, y) = to_px(p);
        inner.draw(&Circle::new((x, y), rr, disc)).map_err(err)?;
        inner.draw(&Circle::new((x, y), rr, ring)).map_err(err)?;
    }
    inner
        .draw(&Rectangle::new(
            [(0, 0), (side as i32 - 1, side as i32 - 1)],
            theme.axis.stroke_width(px(1.0, scale)),
        ))
        .map_err(err)?;
    Ok(())
}

/// The loss (log y) or AP (y in [0, 1]) of the three models against the
/// step.
fn draw_lines<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Line; 3],
    log: bool,
    scene: &TrainScene,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    let tick = (FontFamily::SansSerif, TICK_FONT * scale)
        .into_font()
        .color(&theme.text);
    let title = (FontFamily::SansSerif, TITLE_FONT * scale)
        .into_font()
        .color(&theme.text);
    let x_max = f64::from(scene.steps.max(1));
    let finite = |l: &Line| -> Vec<(f64, f64)> {
        l.x.iter()
            .zip(&l.y)
            .filter(|(_, y)| y.is_finite() && (!log || **y > 0.0))
            .map(|(&x, &y)| (x, if log { y.log10() } else { y }))
            .collect()
    };
    let points: Vec<Vec<(f64, f64)>> = lines.iter().map(finite).collect();
    let (y_lo, y_hi) = if log {
        let ys = points.iter().flatten().map(|p| p.1);
        let lo = ys.clone().fold(f64::INFINITY, f64::min);
        let hi = ys.fold(f64::NEG_INFINITY, f64::max);
        if lo.is_finite() && hi.is_finite() {
            ((lo - 0.1).floor(), (hi + 0.1).ceil().max(lo.floor() + 1.0))
        } else {
            (-2.0, 1.0)
        }
    } else {
        (0.0, 1.0)
    };
    let mut ctx = ChartBuilder::on(area)
        .margin(px(10.0, scale))
        .margin_right(px(16.0, scale))
        .x_label_area_size(px(40.0, scale))
        .y_label_area_size(px(52.0, scale))
        .build_cartesian_2d(0.0..x_max, y_lo..y_hi)
        .map_err(err)?;
    let x_fmt = |v: &f64| format_tick(*v, false);
    let y_fmt = move |v: &f64| {
        if log {
            if (v - v.round()).abs() > 1e-9 {
                String::new()
            } else {
                format_tick(*v, true)
            }
        } else {
            format_tick(*v, false)
        }
    };
    let decades = (y_hi - y_lo).round() as usize;
    ctx.configure_mesh()
        .x_desc("step")
        .y_desc(if log {
            "training loss (log scale)"
        } else {
            "held-out average precision"
        })
        .label_style(tick)
        .axis_desc_style(title)
        .axis_style(theme.axis.stroke_width(px(1.0, scale)))
        .bold_line_style(theme.grid.stroke_width(px(1.0, scale)))
        .light_line_style(theme.grid_minor.stroke_width(px(1.0, scale)))
        .max_light_lines(1)
        .x_labels(6)
        .y_labels(if log { decades + 1 } else { 6 })
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()
        .map_err(err)?;
    let mut entries = Vec::new();
    for (kind, pts) in ModelKind::ALL.into_iter().zip(points) {
        let width = if kind == ModelKind::Focal { 3.0 } else { 2.0 };
        let style = model_color(theme, kind).stroke_width(px(width, scale));
        ctx.draw_series(LineSeries::new(pts, style)).map_err(err)?;
        entries.push((kind.name().to_string(), Swatch::Line(style, Vec::new())));
    }
    plot_legend(&ctx, &entries, !log, theme, scale)
}

/// The paper's Figure 4 for one class (0 negatives, 1 positives) of the
/// focal-loss model: the cumulative share of the class's loss, lowest loss
/// first, at γ = 0, 0.5, 1, 2 and at the model's γ.
fn draw_cdf<DB: FinePath>(
    area: &DrawingArea<DB, Shift>,
    scene: &TrainScene,
    class: usize,
    theme: &Theme,
    scale: f64,
) -> Result<()> {
    let what = if class == 0 { "negatives" } else { "positives" };
    let tick = (FontFamily::SansSerif, TICK_FONT * scale)
        .into_font()
        .color(&theme.text);
    let title = (FontFamily::SansSerif, TITLE_FONT * scale)
        .into_font()
        .color(&theme.text);
    let mut ctx = ChartBuilder::on(area)
        .margin(px(10.0, scale))
        .margin_right(px(16.0, scale))
        .x_label_area_size(px(40.0, scale))
        .y_label_area_size(px(52.0, scale))
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(err)?;
    let fmt = |v: &f64| format_tick(*v, false);
    ctx.configure_mesh()
        .x_desc(format!("fraction of {what}, lowest loss first"))
        .y_desc("cumulative normalized loss")
        .label_style(tick)
        .axis_desc_style(title)
        .axis_style(theme.axis.stroke_width(px(1.0, scale)))
        .bold_line_style(theme.grid.stroke_width(px(1.0, scale)))
        .light_line_style(theme.grid_minor.stroke_width(px(1.0, scale)))
        .max_light_lines(1)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&fmt)
        .y_label_formatter(&fmt)
        .draw()
        .map_err(err)?;
    let curves = &scene.cdf[class];
    let mut entries = Vec::new();
    let (reference, current) = curves.split_at(curves.len().min(FIGURE4_GAMMAS.len()));
    let lines = figure4_lines(theme, reference, current.first().map_or(&[], |c| c));
    for (i, (ys, line)) in curves.iter().zip(&lines).enumerate() {
        let current = i == FIGURE4_GAMMAS.len();
        let (style, dash) = line.at(scale);
        draw_curve(&ctx, ys, style, &dash)?;
        let g = if current {
            scene.gamma
        } else {
            FIGURE4_GAMMAS[i]
        };
        let name = format!("γ = {}", format_number(g, 3));
        entries.push((
            if current {
                format!("{name} (FL model)")
            } else {
                name
            },
            Swatch::Line(style, dash),
        ));
    }
    plot_legend(&ctx, &entries, true, theme, scale)
}

/// The chart as an SVG document of `width` × `height` px.
pub fn svg(
    scene: &TrainScene,
    chart: TrainChart,
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

/// What the panel writes as text for one model.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelFigures {
    pub kind: ModelKind,
    /// Held-out AP at the last evaluation (NaN before any, or for NaN
    /// logits).
    pub precision: f64,
    /// The mean training loss over the last (up to) 10 steps, or NaN at
    /// step 0.
    pub loss: f64,
    pub diverged_at: Option<u32>,
    /// On the training set, the share of the model's own loss, and of its
    /// gradient magnitude, from easy negatives (pt > 0.5).
    pub own: [f64; 2],
    /// The same shares under plain cross-entropy, for comparison.
    pub cross_entropy: [f64; 2],
}

/// The text figures of the three models now: held-out AP, loss, and the
/// easy negatives' shares through [`crate::lab::stats`].
pub fn figures(lab: &mut Lab) -> Result<[ModelFigures; 3]> {
    let mut out = Vec::with_capacity(3);
    for kind in ModelKind::ALL {
        let settings = lab.settings().clone();
        let (gamma, alpha) = match kind {
            ModelKind::CrossEntropy => (0.0, None),
            ModelKind::BalancedCrossEntropy => (0.0, Some(settings.balanced_alpha)),
            ModelKind::Focal => (settings.gamma, settings.alpha),
        };
        let logits = lab.train_logits(kind).to_vec();
        let predictions = Predictions::new(&logits, lab.train_labels())?;
        let shares = predictions.summary(gamma, alpha)?.easy_negative_shares();
        let history = lab.loss_history(kind);
        let recent = &history[history.len().saturating_sub(10)..];
        out.push(ModelFigures {
            kind,
            precision: lab.ap_history(kind).last().copied().unwrap_or(f64::NAN),
            loss: recent.iter().sum::<f64>() / recent.len() as f64,
            diverged_at: lab.diverged_at(kind),
            own: [shares.fl_loss, shares.fl_grad],
            cross_entropy: [shares.ce_loss, shares.ce_grad],
        });
    }
    out.try_into()
        .map_err(|_| Error("three models expected".into()))
}
