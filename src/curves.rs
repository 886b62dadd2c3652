//! What the charts plot: parameters, axes, and the sampled series, kept in
//! reusable buffers so that a slider move resamples without allocating.
//!
//! Pure: no web, no drawing. A [`Scene`] holds every chart's series for one
//! parameter set and knows which of them a change of parameters touches.

use crate::loss::{factor_point, FactorPoint, Label, Loss};

/// Points per curve.
pub const POINTS: usize = 1024;

/// The γ values of the paper's Figure 1.
pub const FIGURE1_GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];

/// The logit range of the gradient chart (and of the loss chart on the
/// logit axis), as in the paper's Appendix B.
pub const LOGIT_RANGE: (f64, f64) = (-5.0, 5.0);

pub use crate::params::{Params, XAxis, FIGURE5_STAR};

/// The parameters that decide axes, grids and the static curves (and the
/// sizes they are drawn in): when they are unchanged, only the front layer
/// needs a redraw.
fn frame_key(p: &Params) -> (XAxis, Label, [bool; 6]) {
    (
        p.axis,
        p.label,
        [p.both, p.log_y, p.figure1, p.figure5, p.guides, p.present],
    )
}

/// The three charts of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Loss against pt, p or x (the paper's Figure 1).
    Loss,
    /// Derivative with respect to the logit (the paper's Appendix B).
    Gradient,
    /// (1 − pt)^γ and FL / CE, on a log scale.
    Factor,
}

impl ChartKind {
    pub const ALL: [ChartKind; 3] = [ChartKind::Loss, ChartKind::Gradient, ChartKind::Factor];

    pub fn parse(s: &str) -> Option<ChartKind> {
        match s {
            "loss" => Some(ChartKind::Loss),
            "gradient" => Some(ChartKind::Gradient),
            "factor" => Some(ChartKind::Factor),
            _ => None,
        }
    }

    /// The position of the kind in [`ChartKind::ALL`].
    pub fn index(self) -> usize {
        match self {
            ChartKind::Loss => 0,
            ChartKind::Gradient => 1,
            ChartKind::Factor => 2,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Loss => "loss",
            ChartKind::Gradient => "gradient",
            ChartKind::Factor => "factor",
        }
    }
}

/// How a series is drawn: a role that the theme turns into a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    CrossEntropy,
    Focal,
    FocalStar,
    /// The i-th member of the Figure 1 family.
    Family(usize),
    /// The i-th FL* setting of the paper's Figure 5.
    Figure5(usize),
    /// The modulating factor (1 − pt)^γ.
    Factor,
    /// A horizontal guide line (100×, 1000×).
    Guide,
}

impl Role {
    /// Every role a chart draws.
    pub const ALL: [Role; 10] = [
        Role::CrossEntropy,
        Role::Focal,
        Role::FocalStar,
        Role::Family(0),
        Role::Family(1),
        Role::Family(2),
        Role::Family(3),
        Role::Family(4),
        Role::Factor,
        Role::Guide,
    ];
}

/// What a series evaluates at each x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    Value(Loss),
    Gradient(Loss),
    Constant(f64),
}

/// One curve: its name, role, what it evaluates, and its samples.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub role: Role,
    pub quantity: Quantity,
    /// The true label the series is evaluated for (y = 1 and y = 0 both
    /// show in the both-labels view).
    pub label: Label,
    /// The y = 0 twin of a curve in the both-labels view (drawn in its own
    /// colour).
    pub negative_twin: bool,
    /// Drawn on the front layer (changes with γ, α or FL*).
    pub dynamic: bool,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// The samples are out of date: [`Scene::refresh`] resamples.
    pub stale: bool,
    /// The curve lies on one drawn before it in its chart (within
    /// [`OVER_TOLERANCE`] of the chart's height, wherever either shows),
    /// which it would hide: it is drawn dashed, so that both show (FL at
    /// γ = 0 on CE, FL on its γ in Figure 1's family).
    pub over: bool,
}

/// How close two curves must be, everywhere, to count as one on top of the
/// other: a fraction of the chart's height (a pixel or two).
pub const OVER_TOLERANCE: f64 = 0.005;

/// The places along the x-axis where [`Series::over`] compares curves.
const OVER_POINTS: usize = 65;

/// The data ranges of a chart; `log_y` means y is plotted as log10.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_y: bool,
    pub x_title: &'static str,
    pub y_title: &'static str,
    /// The well-classified region pt > 0.5, shaded, when the axis is pt.
    pub shade_well_classified: bool,
}

/// A labelled guide across a chart, at a point of its x-axis: where the
/// modulating factor makes the loss 100× or 1,000× smaller, or the edge of
/// pt ≤ 0.5, where it makes it at most 2^γ× smaller. It follows γ.
#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    /// Where, in the axis' own coordinate (pt, p or x).
    pub u: f64,
    /// Its label, and a shorter one for a narrow chart.
    pub label: String,
    pub short: String,
    /// The label's row, counted from the top of the plot.
    pub row: u8,
    /// The label lies on the side of smaller u (or, for a vertical line
    /// with no room there, the other).
    pub before: bool,
    /// A dashed vertical line is drawn at u.
    pub line: bool,
}

/// One chart: its kind, frame and series, and whether it is drawn in the
/// presentation mode's sizes.
#[derive(Clone, Debug)]
pub struct ChartScene {
    pub kind: ChartKind,
    pub frame: Frame,
    pub label: Label,
    pub axis: XAxis,
    pub series: Vec<Series>,
    /// Drawn with the moving curves.
    pub guides: Vec<Guide>,
    pub present: bool,
}

/// Which layers a parameter change dirtied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Axes, grid, labels and static curves.
    pub back: bool,
    /// The curves that follow γ, α and FL*.
    pub front: bool,
}

/// Every chart's series for one parameter set.
#[derive(Clone, Debug)]
pub struct Scene {
    pub params: Params,
    pub charts: Vec<ChartScene>,
}

/// `n` evenly spaced points from `lo` to `hi`, both included.
pub fn linspace_into(lo: f64, hi: f64, n: usize, out: &mut Vec<f64>) {
    out.clear();
    let last = (n.max(2) - 1) as f64;
    out.extend((0..n.max(2)).map(|i| {
        let f = i as f64 / last;
        // Exact end points, and no drift in between.
        if i == 0 {
            lo
        } else if i + 1 == n.max(2) {
            hi
        } else {
            lo + (hi - lo) * f
        }
    }));
}

/// The value of `q` at the axis coordinate `u` of `axis`, for label `y`.
pub fn evaluate(q: Quantity, axis: XAxis, y: Label, u: f64) -> f64 {
    match q {
        Quantity::Constant(c) => c,
        Quantity::Value(loss) => match axis {
            XAxis::Pt => for_pt(loss, y).value_prob(u, Label::Positive),
            XAxis::P => loss.value_prob(u, y),
            XAxis::Logit => loss.value_logit(u, y),
        },
        Quantity::Gradient(loss) => match axis {
            XAxis::Pt => for_pt(loss, y).grad_prob(u, Label::Positive),
            XAxis::P => loss.grad_prob(u, y),
            XAxis::Logit => loss.grad_logit(u, y),
        },
    }
}

/// The loss as a function of pt alone: αt is that of label `y`, so for
/// y = 0 the weight α becomes 1 − α.
fn for_pt(loss: Loss, y: Label) -> Loss {
    let swap = |a: Option<f64>| match y {
        Label::Positive => a,
        Label::Negative => a.map(|a| 1.0 - a),
    };
    match loss {
        Loss::Focal { gamma, alpha } => Loss::Focal {
            gamma,
            alpha: swap(alpha),
        },
        Loss::Modulating { gamma, alpha } => Loss::Modulating {
            gamma,
            alpha: swap(alpha),
        },
        other => other,
    }
}

impl Series {
    fn new(spec: Spec) -> Series {
        let Spec {
            name,
            role,
            quantity,
            label,
            negative_twin,
            dynamic,
        } = spec;
        Series {
            name,
            role,
            quantity,
            label,
            negative_twin,
            dynamic,
            xs: Vec::with_capacity(POINTS),
            ys: Vec::with_capacity(POINTS),
            stale: true,
            over: false,
        }
    }

    /// Resamples into the series' own buffers (no allocation once warm).
    pub fn sample(&mut self, axis: XAxis, x: (f64, f64)) {
        self.stale = false;
        linspace_into(x.0, x.1, POINTS, &mut self.xs);
        self.ys.clear();
        let (q, y) = (self.quantity, self.label);
        self.ys
            .extend(self.xs.iter().map(|&u| evaluate(q, axis, y, u)));
    }

    /// The value at axis coordinate `u`, exact (not interpolated).
    pub fn at(&self, axis: XAxis, u: f64) -> f64 {
        evaluate(self.quantity, axis, self.label, u)
    }
}

fn fmt_param(v: f64) -> String {
    crate::text::format_number(v, 3)
}

fn loss_frame(p: &Params) -> Frame {
    let (x, x_title) = match p.axis {
        XAxis::Pt => ((0.0, 1.0), "probability of ground truth class, pt"),
        XAxis::P => (
            (0.0, 1.0),
            match (p.both, p.label) {
                (true, _) => "predicted probability p (true labels y = 1 and y = 0)",
                (_, Label::Positive) => "predicted probability p (true label y = 1)",
                (_, Label::Negative) => "predicted probability p (true label y = 0)",
            },
        ),
        XAxis::Logit => (LOGIT_RANGE, logit_title(p)),
    };
    Frame {
        x,
        y: if p.log_y { (-5.0, 1.0) } else { (0.0, 5.0) },
        log_y: p.log_y,
        x_title,
        y_title: "loss",
        shade_well_classified: p.axis == XAxis::Pt,
    }
}

fn logit_title(p: &Params) -> &'static str {
    match (p.both, p.label) {
        (true, _) => "logit x (true labels y = 1 and y = 0)",
        (_, Label::Positive) => "logit x (true label y = 1)",
        (_, Label::Negative) => "logit x (true label y = 0)",
    }
}

/// The y-range of the gradient chart for gradients up to `extent` in
/// magnitude: a round bound (see [`gradient_reach`]).
pub fn gradient_y(label: Label, extent: f64) -> (f64, f64) {
    let m = gradient_bound(extent);
    match label {
        Label::Positive => (-m * 1.05, m * 0.05),
        Label::Negative => (-m * 0.05, m * 1.05),
    }
}

fn gradient_bound(extent: f64) -> f64 {
    const STEPS: [f64; 9] = [1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0];
    STEPS.iter().copied().find(|&s| extent <= s).unwrap_or(10.0)
}

/// The gradient chart's y-range for the parameters: both signs in the
/// both-labels view (y = 1 pulls the logit up, y = 0 down).
fn gradient_band(p: &Params, extent: f64) -> (f64, f64) {
    if p.both {
        let m = gradient_bound(extent);
        (-m * 1.05, m * 1.05)
    } else {
        gradient_y(p.label, extent)
    }
}

/// How far the gradients of any curve the chart can show reach, for γ up
/// to 5 (the paper's range) or up to 20 (the slider's): the largest |dFL/dx|
/// over x in [−5, 5] is 1.3146 at γ = 5 and 1.7032 at γ = 20 (dCE/dx and
/// dFL*/dx stay within 1, and α only scales down). The gradient chart's
/// y-range holds this reach, not the current curve's extent, so that it does
/// not move while γ is dragged: it is [−1.575, 0.075] (y = 1) for every
/// γ ≤ 5, and steps once, to a bound of 2, above 5.
pub fn gradient_reach(gamma: f64) -> f64 {
    if gamma <= 5.0 {
        1.32
    } else {
        1.71
    }
}

/// The gradient chart's y-range for these parameters and curves.
fn gradient_range(p: &Params, series: &[Series]) -> (f64, f64) {
    gradient_band(p, extent(series).max(gradient_reach(p.gamma)))
}

/// The largest finite magnitude among the series.
fn extent(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.ys.iter())
        .filter(|v| v.is_finite())
        .fold(0.0, |m: f64, v| m.max(v.abs()))
}

fn gradient_frame(p: &Params) -> Frame {
    Frame {
        x: LOGIT_RANGE,
        y: gradient_band(p, gradient_reach(p.gamma)),
        log_y: false,
        x_title: logit_title(p),
        y_title: "d loss / dx",
        shade_well_classified: false,
    }
}

fn factor_frame(p: &Params) -> Frame {
    Frame {
        y: (-6.0, 0.2),
        log_y: true,
        y_title: "factor (log scale)",
        ..loss_frame(p)
    }
}

/// A series before sampling.
struct Spec {
    name: String,
    role: Role,
    quantity: Quantity,
    label: Label,
    negative_twin: bool,
    dynamic: bool,
}

fn spec(name: String, role: Role, quantity: Quantity, dynamic: bool) -> Spec {
    Spec {
        name,
        role,
        quantity,
        label: Label::Positive,
        negative_twin: false,
        dynamic,
    }
}

/// The series for the chosen label; in the both-labels view, each series
/// for y = 1 and then its y = 0 twin, named by their label ("FL, y = 1").
fn for_labels(p: &Params, specs: Vec<Spec>) -> Vec<Spec> {
    if !p.both {
        return specs
            .into_iter()
            .map(|s| Spec {
                label: p.label,
                ..s
            })
            .collect();
    }
    let mut out = Vec::with_capacity(specs.len() * 2);
    for s in specs {
        // A constant (a guide) is the same for both labels.
        if let Quantity::Constant(_) = s.quantity {
            out.push(s);
            continue;
        }
        let (name, role, quantity, dynamic) = (s.name, s.role, s.quantity, s.dynamic);
        for (label, y) in [(Label::Positive, "1"), (Label::Negative, "0")] {
            out.push(Spec {
                name: format!("{name}, y = {y}"),
                role,
                quantity,
                label,
                negative_twin: label == Label::Negative,
                dynamic,
            });
        }
    }
    out
}

/// A chart's frame, axis and series for `p`, unsampled.
fn specs(kind: ChartKind, p: &Params) -> (Frame, XAxis, Vec<Spec>) {
    let mut series = Vec::new();
    let focal_name = if p.weighted {
        format!(
            "FL (γ = {}, α = {})",
            fmt_param(p.gamma),
            fmt_param(p.alpha)
        )
    } else {
        format!("FL (γ = {})", fmt_param(p.gamma))
    };
    let star_name = format!(
        "FL* (γ = {}, β = {})",
        fmt_param(p.star_gamma),
        fmt_param(p.star_beta)
    );
    let frame = match kind {
        ChartKind::Loss => {
            if p.figure1 {
                for (i, &g) in FIGURE1_GAMMAS.iter().enumerate() {
                    let name = if g == 0.0 {
                        "CE (γ = 0)".to_string()
                    } else {
                        format!("γ = {}", fmt_param(g))
                    };
                    let loss = Loss::Focal {
                        gamma: g,
                        alpha: None,
                    };
                    let role = if g == 0.0 {
                        Role::CrossEntropy
                    } else {
                        Role::Family(i)
                    };
                    series.push(spec(name, role, Quantity::Value(loss), false));
                }
            } else {
                series.push(spec(
                    "CE".into(),
                    Role::CrossEntropy,
                    Quantity::Value(Loss::CrossEntropy),
                    false,
                ));
            }
            series.push(spec(
                focal_name,
                Role::Focal,
                Quantity::Value(p.focal()),
                true,
            ));
            figure5(p, &mut series, Quantity::Value);
            if p.star {
                series.push(spec(
                    star_name,
                    Role::FocalStar,
                    Quantity::Value(p.focal_star()),
                    true,
                ));
            }
            loss_frame(p)
        }
        ChartKind::Gradient => {
            series.push(spec(
                "dCE/dx".into(),
                Role::CrossEntropy,
                Quantity::Gradient(Loss::CrossEntropy),
                false,
            ));
            series.push(spec(
                format!("d{focal_name}/dx"),
                Role::Focal,
                Quantity::Gradient(p.focal()),
                true,
            ));
            figure5(p, &mut series, Quantity::Gradient);
            if p.star {
                series.push(spec(
                    format!("d{star_name}/dx"),
                    Role::FocalStar,
                    Quantity::Gradient(p.focal_star()),
                    true,
                ));
            }
            gradient_frame(p)
        }
        ChartKind::Factor => {
            if p.guides {
                series.push(spec(
                    "100× smaller".into(),
                    Role::Guide,
                    Quantity::Constant(0.01),
                    false,
                ));
                series.push(spec(
                    "1,000× smaller".into(),
                    Role::Guide,
                    Quantity::Constant(0.001),
                    false,
                ));
            }
            series.push(spec(
                format!("(1 − pt)^γ, γ = {}", fmt_param(p.gamma)),
                Role::Factor,
                Quantity::Value(Loss::Modulating {
                    gamma: p.gamma,
                    alpha: None,
                }),
                true,
            ));
            if p.weighted {
                series.push(spec(
                    format!("FL / CE = αt (1 − pt)^γ, α = {}", fmt_param(p.alpha)),
                    Role::Focal,
                    Quantity::Value(Loss::Modulating {
                        gamma: p.gamma,
                        alpha: p.alpha_opt(),
                    }),
                    true,
                ));
            }
            factor_frame(p)
        }
    };
    let axis = if kind == ChartKind::Gradient {
        XAxis::Logit
    } else {
        p.axis
    };
    (frame, axis, for_labels(p, series))
}

/// The paper's Figure 5 overlay: FL* at each of [`FIGURE5_STAR`]'s
/// settings, as values or gradients (`q`).
fn figure5(p: &Params, series: &mut Vec<Spec>, q: fn(Loss) -> Quantity) {
    if !p.figure5 {
        return;
    }
    for (i, &(gamma, beta)) in FIGURE5_STAR.iter().enumerate() {
        let name = format!("FL* (γ = {}, β = {})", fmt_param(gamma), fmt_param(beta));
        let name = match q(Loss::CrossEntropy) {
            Quantity::Gradient(_) => format!("d{name}/dx"),
            _ => name,
        };
        series.push(spec(
            name,
            Role::Figure5(i),
            q(Loss::FocalStar { gamma, beta }),
            false,
        ));
    }
}

/// Where pt lies on `axis` for label `y`, from the point's 1 − pt (exact
/// where pt rounds to 1) and its logarithm.
fn axis_at(axis: XAxis, y: Label, point: &FactorPoint) -> f64 {
    match (axis, y) {
        (XAxis::Pt, _) | (XAxis::P, Label::Positive) => point.pt,
        (XAxis::P, Label::Negative) => point.miss,
        // xt = log(pt / (1 − pt)).
        (XAxis::Logit, _) => {
            let xt = (-point.miss).ln_1p() - point.log10_miss * std::f64::consts::LN_10;
            y.logit_t(xt)
        }
    }
}

/// The guides of the loss and factor charts for `p`: none at γ = 0 (the
/// factor is 1) or when they are switched off.
pub fn guides(kind: ChartKind, p: &Params, x: (f64, f64)) -> Vec<Guide> {
    let mut out = Vec::new();
    // In the both-labels view each class has its own points: none drawn.
    if !p.guides || p.both || kind == ChartKind::Gradient {
        return out;
    }
    let symbol = crate::text::axis_symbol(p.axis);
    // Larger pt lies to the right, but for label 0 on the p and x axes.
    let rising = p.label == Label::Positive || p.axis == XAxis::Pt;
    for (row, decades, times) in [(1, 2.0, "100×"), (2, 3.0, "1,000×")] {
        let Some(point) = factor_point(p.gamma, decades) else {
            return out;
        };
        let u = axis_at(p.axis, p.label, &point);
        if u.is_nan() || u < x.0 || u > x.1 {
            continue;
        }
        let at = if p.axis == XAxis::Pt {
            crate::text::point_text(&point)
        } else {
            crate::text::format_number(u, 3)
        };
        out.push(Guide {
            u,
            label: format!("{times} smaller at {symbol} = {at}"),
            short: times.into(),
            row,
            before: rising,
            line: true,
        });
    }
    // The bound, on the loss chart: the factor is at least 2^−γ for pt ≤ 0.5.
    if kind == ChartKind::Loss {
        let bound = crate::text::times(crate::loss::pow2(p.gamma));
        let half = axis_at(
            p.axis,
            p.label,
            &FactorPoint {
                pt: 0.5,
                miss: 0.5,
                log10_miss: -std::f64::consts::LOG10_2,
            },
        );
        out.push(Guide {
            u: half,
            label: format!("≤ {bound} smaller for pt ≤ 0.5"),
            short: format!("≤ {bound}"),
            row: 0,
            before: rising,
            // The shade of pt > 0.5 marks the edge on the pt axis.
            line: p.axis != XAxis::Pt,
        });
    }
    out
}

fn build_chart(kind: ChartKind, p: &Params) -> ChartScene {
    let (frame, axis, specs) = specs(kind, p);
    let mut chart = ChartScene {
        kind,
        frame,
        label: p.label,
        axis,
        series: specs.into_iter().map(Series::new).collect(),
        guides: guides(kind, p, frame.x),
        present: p.present,
    };
    for s in &mut chart.series {
        s.sample(axis, frame.x);
    }
    if kind == ChartKind::Gradient {
        chart.frame.y = gradient_range(p, &chart.series);
    }
    chart.mark_over();
    chart
}

impl ChartScene {
    /// Sets [`Series::over`] of each moving curve: whether it lies on a
    /// curve before it. Exact values at [`OVER_POINTS`] places, not the
    /// samples, so that a chart whose samples are stale (drawn elsewhere)
    /// knows it too.
    fn mark_over(&mut self) {
        for i in 0..self.series.len() {
            let over = self.series[i].dynamic
                && (0..i).any(|j| self.coincide(&self.series[j], &self.series[i]));
            self.series[i].over = over;
        }
    }

    /// Whether `a` and `b` are within [`OVER_TOLERANCE`] of the chart's
    /// height at every place, as the chart shows them (clamped to its
    /// y-range, in log10 on a log axis), and show somewhere.
    fn coincide(&self, a: &Series, b: &Series) -> bool {
        let f = self.frame;
        let (lo, hi) = f.y;
        let shown = |v: f64| {
            let v = if f.log_y { v.log10() } else { v };
            if v.is_nan() {
                lo
            } else {
                v.max(lo).min(hi)
            }
        };
        let mut visible = false;
        for k in 0..OVER_POINTS {
            let u = f.x.0 + (f.x.1 - f.x.0) * k as f64 / (OVER_POINTS - 1) as f64;
            let (va, vb) = (shown(a.at(self.axis, u)), shown(b.at(self.axis, u)));
            if (va - vb).abs() > OVER_TOLERANCE * (hi - lo) {
                return false;
            }
            visible |= va > lo && va < hi;
        }
        visible
    }
}

impl Scene {
    pub fn new(params: Params) -> Scene {
        Scene {
            params,
            charts: ChartKind::ALL
                .iter()
                .map(|&k| build_chart(k, &params))
                .collect(),
        }
    }

    /// A chart of the scene (its samples may be stale: see
    /// [`Scene::refresh`]).
    pub fn chart(&self, kind: ChartKind) -> &ChartScene {
        &self.charts[kind.index()]
    }

    /// Moves to `params` and says which layers of each chart changed, in
    /// the order of [`ChartKind::ALL`]. When only γ, α or FL*'s parameters
    /// moved, the dynamic series that changed are marked stale, and only
    /// their charts are dirty; [`Scene::refresh`] resamples a chart when it
    /// is about to be drawn, so hidden charts cost nothing.
    pub fn update(&mut self, params: Params) -> [Dirty; 3] {
        let old = self.params;
        if old == params {
            return [Dirty::default(); 3];
        }
        self.params = params;
        let same_shape = frame_key(&old) == frame_key(&params)
            && old.star == params.star
            && old.weighted == params.weighted;
        if !same_shape {
            *self = Scene::new(params);
            return [Dirty {
                back: true,
                front: true,
            }; 3];
        }
        let mut dirty = [Dirty::default(); 3];
        for chart in &mut self.charts {
            let fresh = guides(chart.kind, &params, chart.frame.x);
            if fresh != chart.guides {
                chart.guides = fresh;
                dirty[chart.kind.index()].front = true;
            }
            let (_, _, fresh) = specs(chart.kind, &params);
            for (s, f) in chart.series.iter_mut().zip(fresh) {
                if s.dynamic && s.quantity != f.quantity {
                    s.quantity = f.quantity;
                    s.name = f.name;
                    s.stale = true;
                    dirty[chart.kind.index()].front = true;
                }
            }
            if dirty[chart.kind.index()].front {
                chart.mark_over();
            }
        }
        dirty
    }

    /// Resamples the stale series of a chart, in place. Returns true when
    /// the chart's frame changed with them (the gradient chart's y-range),
    /// so that its axes must be redrawn too.
    pub fn refresh(&mut self, kind: ChartKind) -> bool {
        let chart = &mut self.charts[kind.index()];
        let mut any = false;
        for s in chart.series.iter_mut().filter(|s| s.stale) {
            s.sample(chart.axis, chart.frame.x);
            any = true;
        }
        if any && kind == ChartKind::Gradient {
            let y = gradient_range(&self.params, &chart.series);
            if y != chart.frame.y {
                chart.frame.y = y;
                chart.mark_over();
                return true;
            }
        }
        false
    }
}
