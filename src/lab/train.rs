//! The lab: three copies of one network, trained side by side from the same
//! initialization on the same batches, with cross-entropy, α-balanced
//! cross-entropy and focal loss.
//!
//! A step draws one batch (by a seeded shuffle of the training set, taken in
//! order and reshuffled when used up) and takes one optimizer step (Adam by
//! default, or SGD with momentum) for each model. Each model's loss is the
//! sum over the batch divided by the number of positives a batch holds on
//! average, as the paper divides an image's loss by its number of positive
//! anchors (the average, not the batch's own count, so that a batch without
//! positives is no division by zero and the scale does not jump from batch to
//! batch).
//!
//! Without the prior initialization every point starts at p = 1/2, and the
//! negatives' gradient, about (1/2)·r per positive at imbalance 1:r, swamps
//! the first steps; the losses' gradients are bounded (|dFL/dx| ≤ 1), so a
//! learning rate far too high shows as huge losses and weights rather than
//! infinities, and a step that would make a weight infinite or NaN is not
//! taken ([`Lab::diverged_at`]).
//!
//! Everything follows from the [`Settings`]: a run of `steps` steps from a
//! seed gives the same numbers every time, with no clock and no platform
//! randomness. Sums run in one fixed order. (Natively and in WebAssembly the
//! losses' `exp`, `ln` and `powf` come from different math libraries, which
//! may differ in the last bit; the data set and the initialization use the
//! pure-Rust `libm` and are the same everywhere.)

use crate::error::{Error, Result};
use crate::lab::data::{generate, DataSettings, Problem, Streams, EXTENT};
use crate::lab::metrics::average_precision_with;
use crate::lab::model::{Mlp, Objective};
use crate::loss::{sigmoid, Label};
use rand_core::Rng;
use rand_pcg::Pcg64;

/// The prior probability π of the paper's initialization: the output bias
/// starts at −log((1 − π)/π), so every point starts at p ≈ π.
pub const PRIOR_PI: f64 = 0.01;

/// The most steps a run may ask for.
pub const MAX_STEPS: u32 = 100_000;

/// The three models, in the order of every per-model array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// Cross-entropy (focal loss with γ = 0, no α).
    CrossEntropy,
    /// α-balanced cross-entropy, with [`Settings::balanced_alpha`].
    BalancedCrossEntropy,
    /// Focal loss with [`Settings::gamma`] and [`Settings::alpha`].
    Focal,
}

impl ModelKind {
    /// All three, in order.
    pub const ALL: [ModelKind; 3] = [
        ModelKind::CrossEntropy,
        ModelKind::BalancedCrossEntropy,
        ModelKind::Focal,
    ];

    /// The position in per-model arrays: 0, 1, 2.
    pub fn index(self) -> usize {
        match self {
            ModelKind::CrossEntropy => 0,
            ModelKind::BalancedCrossEntropy => 1,
            ModelKind::Focal => 2,
        }
    }

    /// A short name for tables and legends.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::CrossEntropy => "CE",
            ModelKind::BalancedCrossEntropy => "α-CE",
            ModelKind::Focal => "FL",
        }
    }
}

/// Everything a run depends on.
///
/// The fields marked *live* may change between steps ([`Lab::apply`] keeps
/// the run going); any other change starts the run again from step 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The seed of the data, the initialization and the batches.
    pub seed: u64,
    /// The problem's shape, imbalance included.
    pub data: DataSettings,
    /// The paper's prior initialization of the output bias (π = 0.01); off,
    /// the bias starts at 0 (p = 1/2 everywhere).
    pub prior: bool,
    /// Hidden units of the network (1 to 512).
    pub hidden: usize,
    /// Points per batch (1 to the training set's size).
    pub batch: usize,
    /// Held-out average precision is recorded at step 0, every `eval_every`
    /// steps and at the last step.
    pub eval_every: u32,
    /// *Live.* The steps the run trains for (up to [`MAX_STEPS`]).
    pub steps: u32,
    /// How the weights follow the gradient.
    pub optimizer: Optimizer,
    /// *Live.* The learning rate.
    pub learning_rate: f64,
    /// *Live.* SGD's momentum, in [0, 1) (Adam's β₁ is fixed at 0.9).
    pub momentum: f64,
    /// *Live.* Focal loss's γ (0 to 10).
    pub gamma: f64,
    /// *Live.* Focal loss's α, or none.
    pub alpha: Option<f64>,
    /// *Live.* The α of the α-balanced cross-entropy model.
    pub balanced_alpha: f64,
    /// *Live.* Cells per side of the probability grid (2 to 256).
    pub grid: usize,
}

impl Default for Settings {
    /// The default run: the paper's imbalance, 1:1000 (20 positives among
    /// 20,000 points, in four blobs), the paper's prior initialization, and
    /// the paper's best settings, γ = 2 with α = 0.25 for focal loss and
    /// α = 0.75 for α-balanced cross-entropy (its Table 1a, b).
    ///
    /// How the imbalance was chosen: it is where the paper's mechanism is
    /// real here. At step 0 (p = π = 0.01 everywhere) each easy negative
    /// costs −ln 0.99 ≈ 0.01 and each positive ln 100 ≈ 4.6, so the easy
    /// negatives hold most of the total cross-entropy once there are more
    /// than about 460 of them per positive: 68 % at 1:1000, against 17 % at
    /// 1:100 and 2 % at 1:10. The price is a small foreground (20 held-out
    /// positives), so held-out AP varies from seed to seed.
    ///
    /// Adam with learning rate 0.01 trains all three losses in a few hundred
    /// steps; with SGD at one learning rate the losses' different gradient
    /// sizes decide more than their different weighting of the examples
    /// (see [`Optimizer`]).
    fn default() -> Settings {
        Settings {
            seed: 1,
            data: DataSettings::default(),
            prior: true,
            hidden: 32,
            batch: 2048,
            eval_every: 10,
            steps: 300,
            optimizer: Optimizer::Adam,
            learning_rate: 0.01,
            momentum: 0.9,
            gamma: 2.0,
            alpha: Some(0.25),
            balanced_alpha: 0.75,
            grid: 64,
        }
    }
}

impl Settings {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        self.data.validate()?;
        let bad = |what: &str| Err(Error(what.to_string()));
        if !(1..=512).contains(&self.hidden) {
            return bad(&format!(
                "hidden must be 1 to 512 units, not {}",
                self.hidden
            ));
        }
        if !(1..=self.data.n_train).contains(&self.batch) {
            return bad(&format!(
                "batch must be 1 to {} points (the training set), not {}",
                self.data.n_train, self.batch
            ));
        }
        if self.eval_every == 0 {
            return bad("eval_every must be at least 1 step");
        }
        if self.steps > MAX_STEPS {
            return bad(&format!(
                "steps must be at most {MAX_STEPS}, not {}",
                self.steps
            ));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 100.0) {
            return bad(&format!(
                "learning_rate must be in (0, 100], not {}",
                self.learning_rate
            ));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad(&format!(
                "momentum must be in [0, 1), not {}",
                self.momentum
            ));
        }
        if !(0.0..=10.0).contains(&self.gamma) {
            return bad(&format!("gamma must be 0 to 10, not {}", self.gamma));
        }
        for (name, a) in [
            ("alpha", self.alpha),
            ("balanced_alpha", Some(self.balanced_alpha)),
        ] {
            if let Some(a) = a {
                if !(0.0..=1.0).contains(&a) {
                    return bad(&format!("{name} must be 0 to 1, not {a}"));
                }
            }
        }
        if !(2..=256).contains(&self.grid) {
            return bad(&format!(
                "grid must be 2 to 256 cells a side, not {}",
                self.grid
            ));
        }
        Ok(())
    }

    /// The loss `kind` is trained with.
    pub fn objective(&self, kind: ModelKind) -> Objective {
        match kind {
            ModelKind::CrossEntropy => Objective::CROSS_ENTROPY,
            ModelKind::BalancedCrossEntropy => Objective::balanced(self.balanced_alpha),
            ModelKind::Focal => Objective::focal(self.gamma, self.alpha),
        }
    }

    /// The output bias at initialization: −log((1 − π)/π) with the prior,
    /// else 0.
    pub fn initial_bias(&self) -> f64 {
        if self.prior {
            -libm::log((1.0 - PRIOR_PI) / PRIOR_PI)
        } else {
            0.0
        }
    }

    /// Whether going from `self` to `next` needs the run to start again.
    fn needs_reset(&self, next: &Settings) -> bool {
        self.seed != next.seed
            || self.data != next.data
            || self.prior != next.prior
            || self.hidden != next.hidden
            || self.batch != next.batch
            || self.eval_every != next.eval_every
            || self.optimizer != next.optimizer
    }
}

/// How the weights follow the gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optimizer {
    /// SGD with momentum, as PyTorch writes it: v ← μv + g, θ ← θ − ηv
    /// (what the paper trains with). The step is proportional to the
    /// gradient, so a loss with smaller gradients (focal loss, or α-balanced
    /// cross-entropy) also takes smaller steps at the same learning rate.
    Sgd,
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸), which divides each weight's
    /// step by the running size of its gradient: the three losses then differ
    /// in which examples steer the step, not in how long the step is.
    Adam,
}

/// Adam's decay rates and ε.
const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPS: f64 = 1e-8;

/// What [`Lab::apply`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Only live settings changed: the run goes on from the same step.
    Live,
    /// The run started again from step 0.
    Reset,
}

/// Per-model values computed from the weights at one step, kept until the
/// weights change.
#[derive(Clone, Debug, Default)]
struct Cache<T> {
    values: [Vec<T>; 3],
    /// The step the values belong to (and, for the grid, its size).
    at: Option<(u32, usize)>,
}

/// The lab: the problem, three models and their histories.
pub struct Lab {
    settings: Settings,
    problem: Problem,
    models: [Mlp; 3],
    /// SGD's velocity, or Adam's first moment.
    velocity: [Vec<f64>; 3],
    /// Adam's second moment.
    second: [Vec<f64>; 3],
    /// Adam's β₁ᵗ and β₂ᵗ, by repeated multiplication (no `powi`).
    decay: [f64; 2],
    grad: Vec<f64>,
    batch_rng: Pcg64,
    order: Vec<usize>,
    cursor: usize,
    batch: Vec<usize>,
    steps_done: u32,
    diverged_at: [Option<u32>; 3],
    loss_history: [Vec<f64>; 3],
    ap_steps: Vec<u32>,
    ap_history: [Vec<f64>; 3],
    train_logits: Cache<f64>,
    test_logits: Cache<f64>,
    grid: Cache<f32>,
    grid_points: Vec<[f64; 2]>,
    ap_scratch: Vec<(f64, bool)>,
}

impl Lab {
    /// A lab at step 0 of the run `settings` describe.
    pub fn new(settings: Settings) -> Result<Lab> {
        settings.validate()?;
        let problem = generate(&settings.data, settings.seed)?;
        let n = problem.train.len();
        let (model, batch_rng) = initial_state(&settings);
        let mut lab = Lab {
            problem,
            models: [model.clone(), model.clone(), model],
            velocity: Default::default(),
            second: Default::default(),
            decay: [1.0; 2],
            grad: Vec::new(),
            batch_rng,
            order: (0..n).collect(),
            cursor: 0,
            batch: Vec::with_capacity(settings.batch),
            steps_done: 0,
            diverged_at: [None; 3],
            loss_history: Default::default(),
            ap_steps: Vec::new(),
            ap_history: Default::default(),
            train_logits: Cache::default(),
            test_logits: Cache::default(),
            grid: Cache::default(),
            grid_points: Vec::new(),
            ap_scratch: Vec::new(),
            settings,
        };
        lab.reset();
        Ok(lab)
    }

    /// Back to step 0 of the same run: the same initialization and the same
    /// batches again (the data set is kept, being the same).
    pub fn reset(&mut self) {
        let (model, batch_rng) = initial_state(&self.settings);
        self.batch_rng = batch_rng;
        let len = model.params().len();
        self.models = [model.clone(), model.clone(), model];
        self.velocity = std::array::from_fn(|_| vec![0.0; len]);
        self.second = std::array::from_fn(|_| vec![0.0; len]);
        self.decay = [1.0; 2];
        let n = self.problem.train.len();
        self.order.clear();
        self.order.extend(0..n);
        shuffle(&mut self.order, &mut self.batch_rng);
        self.cursor = 0;
        self.steps_done = 0;
        self.diverged_at = [None; 3];
        for k in 0..3 {
            self.loss_history[k].clear();
            self.ap_history[k].clear();
        }
        self.ap_steps.clear();
        self.train_logits.at = None;
        self.test_logits.at = None;
        self.grid.at = None;
        self.record_ap();
    }

    /// Takes the new settings: live ones apply from the next step; any
    /// other change starts the run again (and a new seed or data setting
    /// generates a new data set). Invalid settings change nothing.
    pub fn apply(&mut self, settings: Settings) -> Result<Applied> {
        settings.validate()?;
        let reset = self.settings.needs_reset(&settings);
        let new_data = self.settings.seed != settings.seed || self.settings.data != settings.data;
        if new_data {
            self.problem = generate(&settings.data, settings.seed)?;
        }
        self.settings = settings;
        if reset {
            self.reset();
            Ok(Applied::Reset)
        } else {
            Ok(Applied::Live)
        }
    }

    /// Trains up to `n` more steps, never beyond [`Settings::steps`];
    /// returns the number taken.
    pub fn step(&mut self, n: u32) -> u32 {
        let todo = n.min(self.settings.steps.saturating_sub(self.steps_done));
        for _ in 0..todo {
            self.step_once();
        }
        todo
    }

    fn step_once(&mut self) {
        self.draw_batch();
        let train = &self.problem.train;
        // Divide by the positives an average batch holds (see the module).
        let per_batch = self.batch.len() as f64 * train.positives() as f64 / train.len() as f64;
        let scale = 1.0 / per_batch;
        let lr = self.settings.learning_rate;
        self.decay = [self.decay[0] * ADAM_BETA1, self.decay[1] * ADAM_BETA2];
        for kind in ModelKind::ALL {
            let k = kind.index();
            let objective = self.settings.objective(kind);
            let model = &mut self.models[k];
            let loss = model.loss_and_grad(
                &train.points,
                &train.labels,
                &self.batch,
                objective,
                scale,
                &mut self.grad,
            );
            self.loss_history[k].push(loss);
            if self.diverged_at[k].is_some() {
                continue;
            }
            let update = Update {
                optimizer: self.settings.optimizer,
                lr,
                momentum: self.settings.momentum,
                decay: self.decay,
            };
            let ok = update.apply(
                model.params_mut(),
                &self.grad,
                &mut self.velocity[k],
                &mut self.second[k],
            );
            if !ok {
                // The step would have left a weight infinite or NaN: the
                // model has diverged, and stays at its last finite weights.
                self.diverged_at[k] = Some(self.steps_done + 1);
            }
        }
        self.steps_done += 1;
        let every = self.settings.eval_every;
        if self.steps_done.is_multiple_of(every) || self.steps_done == self.settings.steps {
            self.record_ap();
        }
    }

    /// The next `batch` indices of the shuffled order, reshuffling when it
    /// is used up (a batch may straddle two shuffles).
    fn draw_batch(&mut self) {
        self.batch.clear();
        while self.batch.len() < self.settings.batch {
            if self.cursor == self.order.len() {
                shuffle(&mut self.order, &mut self.batch_rng);
                self.cursor = 0;
            }
            let take = (self.settings.batch - self.batch.len()).min(self.order.len() - self.cursor);
            self.batch
                .extend_from_slice(&self.order[self.cursor..self.cursor + take]);
            self.cursor += take;
        }
    }

    fn record_ap(&mut self) {
        self.refresh_test_logits();
        self.ap_steps.push(self.steps_done);
        for k in 0..3 {
            let ap = average_precision_with(
                &self.test_logits.values[k],
                &self.problem.test.labels,
                &mut self.ap_scratch,
            )
            .unwrap_or(f64::NAN);
            self.ap_history[k].push(ap);
        }
    }

    fn refresh_test_logits(&mut self) {
        let at = Some((self.steps_done, 0));
        if self.test_logits.at != at {
            for (m, out) in self.models.iter().zip(&mut self.test_logits.values) {
                m.logits(&self.problem.test.points, out);
            }
            self.test_logits.at = at;
        }
    }

    fn refresh_train_logits(&mut self) {
        let at = Some((self.steps_done, 0));
        if self.train_logits.at != at {
            for (m, out) in self.models.iter().zip(&mut self.train_logits.values) {
                m.logits(&self.problem.train.points, out);
            }
            self.train_logits.at = at;
        }
    }

    // ------------------------------------------------------------ getters

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data: blob centres, training and held-out sets.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Steps taken since step 0.
    pub fn steps_done(&self) -> u32 {
        self.steps_done
    }

    /// Whether the run has taken all its [`Settings::steps`].
    pub fn finished(&self) -> bool {
        self.steps_done >= self.settings.steps
    }

    /// The model `kind` as it is now.
    pub fn model(&self, kind: ModelKind) -> &Mlp {
        &self.models[kind.index()]
    }

    /// The step at which `kind` diverged (a step would have made a weight
    /// infinite or NaN; the model keeps its last finite weights), if it did.
    pub fn diverged_at(&self, kind: ModelKind) -> Option<u32> {
        self.diverged_at[kind.index()]
    }

    /// The training loss of `kind` at each step so far (its own loss on that
    /// step's batch, divided by the positives of an average batch; entry `s`
    /// is step `s + 1`, measured before its update).
    pub fn loss_history(&self, kind: ModelKind) -> &[f64] {
        &self.loss_history[kind.index()]
    }

    /// The steps at which held-out AP was recorded.
    pub fn ap_steps(&self) -> &[u32] {
        &self.ap_steps
    }

    /// Held-out average precision of `kind` at each of [`Lab::ap_steps`]
    /// (NaN if the logits were NaN).
    pub fn ap_history(&self, kind: ModelKind) -> &[f64] {
        &self.ap_history[kind.index()]
    }

    /// Held-out average precision of `kind` now. If the weights changed since
    /// the last evaluation this computes the held-out logits of all three
    /// models and sorts them (a few milliseconds for 20,000 points); a live
    /// chart should read [`Lab::ap_history`], which costs nothing.
    pub fn average_precision(&mut self, kind: ModelKind) -> f64 {
        self.refresh_test_logits();
        average_precision_with(
            &self.test_logits.values[kind.index()],
            &self.problem.test.labels,
            &mut self.ap_scratch,
        )
        .unwrap_or(f64::NAN)
    }

    /// The logit of every training point under `kind` now (in the order of
    /// [`Lab::train_labels`]).
    pub fn train_logits(&mut self, kind: ModelKind) -> &[f64] {
        self.refresh_train_logits();
        &self.train_logits.values[kind.index()]
    }

    /// The labels of the training points.
    pub fn train_labels(&self) -> &[Label] {
        &self.problem.train.labels
    }

    /// The logit of every held-out point under `kind` now.
    pub fn test_logits(&mut self, kind: ModelKind) -> &[f64] {
        self.refresh_test_logits();
        &self.test_logits.values[kind.index()]
    }

    /// The labels of the held-out points.
    pub fn test_labels(&self) -> &[Label] {
        &self.problem.test.labels
    }

    /// `kind`'s predicted probability at the centre of each cell of a
    /// `grid × grid` grid over the square [−1, 1]², row by row from the top
    /// (y = 1) down, each row from left (x = −1) to right: the order of an
    /// image's pixels.
    pub fn grid_probabilities(&mut self, kind: ModelKind) -> &[f32] {
        let g = self.settings.grid;
        let at = Some((self.steps_done, g));
        if self.grid.at != at {
            if self.grid_points.len() != g * g {
                self.grid_points = grid_points(g);
            }
            for (m, out) in self.models.iter().zip(&mut self.grid.values) {
                out.clear();
                out.extend(self.grid_points.iter().map(|&p| sigmoid(m.logit(p)) as f32));
            }
            self.grid.at = at;
        }
        &self.grid.values[kind.index()]
    }

    /// The grid's bounds: `[x_min, x_max, y_min, y_max]`.
    pub fn grid_bounds(&self) -> [f64; 4] {
        [-EXTENT, EXTENT, -EXTENT, EXTENT]
    }
}

/// One optimizer step's constants.
struct Update {
    optimizer: Optimizer,
    lr: f64,
    momentum: f64,
    /// β₁ᵗ and β₂ᵗ at this step.
    decay: [f64; 2],
}

impl Update {
    /// Moves `params` along `grad`, updating the moments; returns false, and
    /// changes nothing, if a weight would become infinite or NaN.
    fn apply(
        &self,
        params: &mut [f64],
        grad: &[f64],
        first: &mut [f64],
        second: &mut [f64],
    ) -> bool {
        let all_finite = (0..params.len()).all(|i| {
            self.next(params[i], grad[i], first[i], second[i])
                .0
                .is_finite()
        });
        if !all_finite {
            return false;
        }
        for i in 0..params.len() {
            (params[i], first[i], second[i]) = self.next(params[i], grad[i], first[i], second[i]);
        }
        true
    }

    /// A weight's new value and moments, from its value `p`, gradient `g`
    /// and moments `m`, `s`.
    fn next(&self, p: f64, g: f64, m: f64, s: f64) -> (f64, f64, f64) {
        match self.optimizer {
            Optimizer::Sgd => {
                let v = self.momentum * m + g;
                (p - self.lr * v, v, s)
            }
            Optimizer::Adam => {
                let m = ADAM_BETA1 * m + (1.0 - ADAM_BETA1) * g;
                let s = ADAM_BETA2 * s + (1.0 - ADAM_BETA2) * (g * g);
                let m_hat = m / (1.0 - self.decay[0]);
                let s_hat = s / (1.0 - self.decay[1]);
                (p - self.lr * m_hat / (s_hat.sqrt() + ADAM_EPS), m, s)
            }
        }
    }
}

/// The initial network and the batch generator of `settings`' seed. The
/// parts of a seed's randomness come in a fixed order: blob centres, training
/// set, held-out set (all three drawn by `generate`), then the
/// initialization and the batches.
fn initial_state(settings: &Settings) -> (Mlp, Pcg64) {
    let mut streams = Streams::new(settings.seed);
    for _ in 0..3 {
        streams.fork();
    }
    let model = Mlp::init(
        settings.hidden,
        &mut streams.fork(),
        settings.initial_bias(),
    );
    (model, streams.fork())
}

/// The centres of a `g × g` grid's cells over the square, in image order.
fn grid_points(g: usize) -> Vec<[f64; 2]> {
    let cell = 2.0 * EXTENT / g as f64;
    let mut points = Vec::with_capacity(g * g);
    for row in 0..g {
        let y = EXTENT - (row as f64 + 0.5) * cell;
        for col in 0..g {
            points.push([-EXTENT + (col as f64 + 0.5) * cell, y]);
        }
    }
    points
}

/// Fisher–Yates with a multiply-shift index (its bias, below n / 2³², is
/// far too small to see).
fn shuffle(order: &mut [usize], rng: &mut Pcg64) {
    for i in (1..order.len()).rev() {
        let j = ((rng.next_u32() as u64 * (i as u64 + 1)) >> 32) as usize;
        order.swap(i, j);
    }
}
