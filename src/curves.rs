//! What the charts plot: parameters, axes, and the sampled series, kept in
//! reusable buffers so that a slider move resamples without allocating.
//!
//! Pure: no web, no drawing. A [`Scene`] holds every chart's series for one
//! parameter set and knows which of them a change of parameters touches.

use crate::loss::{Label, Loss};

/// Points per curve.
pub const POINTS: usize = 1024;

/// The γ values of the paper's Figure 1.
pub const FIGURE1_GAMMAS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 5.0];

/// The logit range of the gradient chart (and of the loss chart on the
/// logit axis), as in the paper's Appendix B.
pub const LOGIT_RANGE: (f64, f64) = (-5.0, 5.0);

pub use crate::params::{Params, XAxis};

/// The parameters that decide axes, grids and the static curves (and the
/// sizes they are drawn in): when they are unchanged, only the front layer
/// needs a redraw.
fn frame_key(p: &Params) -> (XAxis, Label, bool, bool, bool) {
    (p.axis, p.label, p.log_y, p.figure1, p.present)
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

/// One chart: its kind, frame and series, and whether it is drawn in the
/// presentation mode's sizes.
#[derive(Clone, Debug)]
pub struct ChartScene {
    pub kind: ChartKind,
    pub frame: Frame,
    pub label: Label,
    pub axis: XAxis,
    pub series: Vec<Series>,
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
    fn new(name: String, role: Role, quantity: Quantity, dynamic: bool) -> Series {
        Series {
            name,
            role,
            quantity,
            dynamic,
            xs: Vec::with_capacity(POINTS),
            ys: Vec::with_capacity(POINTS),
            stale: true,
            over: false,
        }
    }

    /// Resamples into the series' own buffers (no allocation once warm).
    pub fn sample(&mut self, axis: XAxis, y: Label, x: (f64, f64)) {
        self.stale = false;
        linspace_into(x.0, x.1, POINTS, &mut self.xs);
        self.ys.clear();
        let q = self.quantity;
        self.ys
            .extend(self.xs.iter().map(|&u| evaluate(q, axis, y, u)));
    }

    /// The value at axis coordinate `u`, exact (not interpolated).
    pub fn at(&self, axis: XAxis, y: Label, u: f64) -> f64 {
        evaluate(self.quantity, axis, y, u)
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
            match p.label {
                Label::Positive => "predicted probability p (true label y = 1)",
                Label::Negative => "predicted probability p (true label y = 0)",
            },
        ),
        XAxis::Logit => (
            LOGIT_RANGE,
            match p.label {
                Label::Positive => "logit x (true label y = 1)",
                Label::Negative => "logit x (true label y = 0)",
            },
        ),
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

/// The y-range of the gradient chart for gradients up to `extent` in
/// magnitude: a round bound (see [`gradient_reach`]).
pub fn gradient_y(label: Label, extent: f64) -> (f64, f64) {
    const STEPS: [f64; 9] = [1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0];
    let m = STEPS.iter().copied().find(|&s| extent <= s).unwrap_or(10.0);
    match label {
        Label::Positive => (-m * 1.05, m * 0.05),
        Label::Negative => (-m * 0.05, m * 1.05),
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
    gradient_y(p.label, extent(series).max(gradient_reach(p.gamma)))
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
        y: gradient_y(p.label, gradient_reach(p.gamma)),
        log_y: false,
        x_title: match p.label {
            Label::Positive => "logit x (true label y = 1)",
            Label::Negative => "logit x (true label y = 0)",
        },
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
    dynamic: bool,
}

fn spec(name: String, role: Role, quantity: Quantity, dynamic: bool) -> Spec {
    Spec {
        name,
        role,
        quantity,
        dynamic,
    }
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
            series.push(spec(
                "100× smaller".into(),
                Role::Guide,
                Quantity::Constant(0.01),
                false,
            ));
            series.push(spec(
                "1000× smaller".into(),
                Role::Guide,
                Quantity::Constant(0.001),
                false,
            ));
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
    (frame, axis, series)
}

fn build_chart(kind: ChartKind, p: &Params) -> ChartScene {
    let (frame, axis, specs) = specs(kind, p);
    let mut chart = ChartScene {
        kind,
        frame,
        label: p.label,
        axis,
        series: specs
            .into_iter()
            .map(|s| Series::new(s.name, s.role, s.quantity, s.dynamic))
            .collect(),
        present: p.present,
    };
    for s in &mut chart.series {
        s.sample(axis, p.label, frame.x);
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
            let (va, vb) = (
                shown(a.at(self.axis, self.label, u)),
                shown(b.at(self.axis, self.label, u)),
            );
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
            s.sample(chart.axis, chart.label, chart.frame.x);
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
