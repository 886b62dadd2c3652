//! The toy dense-prediction problem: points of the plane, a few of them
//! foreground, generated from a seed.
//!
//! The plane is the square [−1, 1]². A handful of small round *blobs* hold
//! the foreground (positives, Gaussian around each blob's centre). The
//! background is of two kinds, as a detector's anchors are:
//!
//! * **hard negatives**, a wider Gaussian *halo* around each blob, which
//!   overlaps the positives (there is real ambiguity near every blob);
//! * **easy negatives**, uniform over the square but never within
//!   [`EASY_CLEARANCE`] of a blob's centre: far from every positive.
//!
//! The imbalance `r` (negatives per positive, 1 to 1000) sets how many
//! positives there are, `round(n / (1 + r))`; the hard negatives are a fixed
//! multiple of the positives ([`DataSettings::hard_per_positive`]), so raising
//! the imbalance adds easy negatives only: the paper's situation, where the
//! extra background of a dense detector is mostly easy.
//!
//! Every random number comes from a PCG generator seeded explicitly, and the
//! Gaussian draws are Box–Muller written out with the pure-Rust `libm`
//! (`log`, `cos`, `sin`), so a seed gives the same points, bit for bit, on
//! every target (natively and in WebAssembly).

use crate::error::{Error, Result};
use crate::loss::Label;
use rand_core::Rng;
use rand_pcg::Pcg64;

/// Half the side of the square: points lie in [−EXTENT, EXTENT]².
pub const EXTENT: f64 = 1.0;

/// The standard deviation of the positives around their blob's centre.
pub const BLOB_SD: f64 = 0.08;

/// The standard deviation of the hard negatives around a blob's centre.
pub const HALO_SD: f64 = 0.2;

/// Easy negatives keep at least this distance from every blob's centre.
pub const EASY_CLEARANCE: f64 = 0.3;

/// Blob centres lie in [−CENTER_EXTENT, CENTER_EXTENT]², so that a halo
/// mostly stays inside the square.
pub const CENTER_EXTENT: f64 = 0.7;

/// Blob centres are drawn at least this far apart (while that is possible).
pub const CENTER_SEPARATION: f64 = 0.45;

/// The largest imbalance (negatives per positive) the generator accepts.
pub const MAX_IMBALANCE: f64 = 1000.0;

/// Where a point comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Foreground, near a blob's centre.
    Blob,
    /// Background in a blob's halo: a hard negative.
    Halo,
    /// Background far from every blob: an easy negative.
    Background,
}

impl Origin {
    /// The label of a point of this origin.
    pub fn label(self) -> Label {
        match self {
            Origin::Blob => Label::Positive,
            Origin::Halo | Origin::Background => Label::Negative,
        }
    }
}

/// The shape of the problem; the seed is given apart.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSettings {
    /// Points in the training set.
    pub n_train: usize,
    /// Points in the held-out set (drawn apart, from the same distribution).
    pub n_test: usize,
    /// Negatives per positive, in [1, 1000].
    pub imbalance: f64,
    /// How many blobs hold the foreground (1 to 16).
    pub blobs: usize,
    /// Hard negatives per positive (at most all the negatives).
    pub hard_per_positive: f64,
}

impl Default for DataSettings {
    /// 20,000 training and 20,000 held-out points at the paper's imbalance,
    /// 1:1000 (20 positives in each set, in four blobs, with 40 hard
    /// negatives); why 1:1000 is told at
    /// [`Settings::default`](crate::lab::train::Settings::default).
    fn default() -> DataSettings {
        DataSettings {
            n_train: 20_000,
            n_test: 20_000,
            imbalance: 1000.0,
            blobs: 4,
            hard_per_positive: 2.0,
        }
    }
}

impl DataSettings {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        if !(100..=1_000_000).contains(&self.n_train) {
            return Err(Error(format!(
                "n_train must be 100 to 1000000 points, not {}",
                self.n_train
            )));
        }
        if !(100..=1_000_000).contains(&self.n_test) {
            return Err(Error(format!(
                "n_test must be 100 to 1000000 points, not {}",
                self.n_test
            )));
        }
        if !(self.imbalance >= 1.0 && self.imbalance <= MAX_IMBALANCE) {
            return Err(Error(format!(
                "imbalance must be 1 to 1000 negatives per positive, not {}",
                self.imbalance
            )));
        }
        if !(1..=16).contains(&self.blobs) {
            return Err(Error(format!("blobs must be 1 to 16, not {}", self.blobs)));
        }
        if !(self.hard_per_positive >= 0.0 && self.hard_per_positive <= 1000.0) {
            return Err(Error(format!(
                "hard_per_positive must be 0 to 1000, not {}",
                self.hard_per_positive
            )));
        }
        Ok(())
    }

    /// `(positives, hard negatives, easy negatives)` in a set of `n` points.
    pub fn counts(&self, n: usize) -> (usize, usize, usize) {
        let pos = ((n as f64 / (1.0 + self.imbalance)).round() as usize).clamp(1, n);
        let neg = n - pos;
        let hard = ((self.hard_per_positive * pos as f64).round() as usize).min(neg);
        (pos, hard, neg - hard)
    }
}

/// A set of labelled points, in the order positives, hard negatives, easy
/// negatives (training draws its batches by a seeded shuffle).
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// The points, `[x, y]`, in [−EXTENT, EXTENT]².
    pub points: Vec<[f64; 2]>,
    /// The label of each point.
    pub labels: Vec<Label>,
    /// Where each point comes from.
    pub origins: Vec<Origin>,
}

impl Dataset {
    /// The number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The number of positives.
    pub fn positives(&self) -> usize {
        self.labels
            .iter()
            .filter(|&&y| y == Label::Positive)
            .count()
    }
}

/// The generated problem: blob centres, a training set and a held-out set.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The centre of each blob.
    pub centers: Vec<[f64; 2]>,
    /// The points the models learn from.
    pub train: Dataset,
    /// The points average precision is measured on.
    pub test: Dataset,
}

/// Generates the problem for `settings` and `seed`: the same seed gives the
/// same problem, bit for bit, on every target.
pub fn generate(settings: &DataSettings, seed: u64) -> Result<Problem> {
    settings.validate()?;
    let mut streams = Streams::new(seed);
    let mut rng = streams.fork();
    let centers = draw_centers(&mut rng, settings.blobs);
    let mut rng = streams.fork();
    let train = draw_set(&mut rng, settings, settings.n_train, &centers);
    let mut rng = streams.fork();
    let test = draw_set(&mut rng, settings, settings.n_test, &centers);
    Ok(Problem {
        centers,
        train,
        test,
    })
}

/// Independent generators for the parts of a run, all from one seed: a master
/// PCG seeded with `seed_from_u64`, and each part's generator seeded from the
/// master's output, in a fixed order.
pub struct Streams {
    master: Pcg64,
}

impl Streams {
    /// The streams of `seed`.
    pub fn new(seed: u64) -> Streams {
        use rand_core::SeedableRng;
        Streams {
            master: Pcg64::seed_from_u64(seed),
        }
    }

    /// The next part's generator.
    pub fn fork(&mut self) -> Pcg64 {
        use rand_core::SeedableRng;
        Pcg64::from_rng(&mut self.master)
    }
}

/// A uniform double in [0, 1): 53 random bits.
pub fn uniform(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Two independent standard normal draws, by Box–Muller:
/// `r = √(−2 ln u₁)`, `(r cos 2πu₂, r sin 2πu₂)`, with u₁ in (0, 1].
pub fn gaussian_pair(rng: &mut Pcg64) -> (f64, f64) {
    let u1 = 1.0 - uniform(rng);
    let u2 = uniform(rng);
    let r = libm::sqrt(-2.0 * libm::log(u1));
    let angle = 2.0 * std::f64::consts::PI * u2;
    (r * libm::cos(angle), r * libm::sin(angle))
}

fn inside(p: [f64; 2]) -> bool {
    p[0].abs() <= EXTENT && p[1].abs() <= EXTENT
}

fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    let dx = a[0] - b[0];
    let dy = a[1] - b[1];
    dx * dx + dy * dy
}

fn draw_centers(rng: &mut Pcg64, blobs: usize) -> Vec<[f64; 2]> {
    let mut centers: Vec<[f64; 2]> = Vec::with_capacity(blobs);
    let min2 = CENTER_SEPARATION * CENTER_SEPARATION;
    while centers.len() < blobs {
        // Up to 1000 tries for a well separated centre, then any centre: the
        // number of draws depends on the seed only.
        let mut c = [0.0; 2];
        for _ in 0..1000 {
            c = [
                CENTER_EXTENT * (2.0 * uniform(rng) - 1.0),
                CENTER_EXTENT * (2.0 * uniform(rng) - 1.0),
            ];
            if centers.iter().all(|&o| dist2(o, c) >= min2) {
                break;
            }
        }
        centers.push(c);
    }
    centers
}

/// A point `sd`-Gaussian around `center`, redrawn until it is in the square.
fn around(rng: &mut Pcg64, center: [f64; 2], sd: f64) -> [f64; 2] {
    loop {
        let (a, b) = gaussian_pair(rng);
        let p = [center[0] + sd * a, center[1] + sd * b];
        if inside(p) {
            return p;
        }
    }
}

/// A uniform point of the square at least EASY_CLEARANCE from every centre.
fn far(rng: &mut Pcg64, centers: &[[f64; 2]]) -> [f64; 2] {
    let min2 = EASY_CLEARANCE * EASY_CLEARANCE;
    loop {
        let p = [
            EXTENT * (2.0 * uniform(rng) - 1.0),
            EXTENT * (2.0 * uniform(rng) - 1.0),
        ];
        if centers.iter().all(|&c| dist2(c, p) >= min2) {
            return p;
        }
    }
}

fn draw_set(rng: &mut Pcg64, settings: &DataSettings, n: usize, centers: &[[f64; 2]]) -> Dataset {
    let (pos, hard, easy) = settings.counts(n);
    let mut set = Dataset {
        points: Vec::with_capacity(n),
        labels: Vec::with_capacity(n),
        origins: Vec::with_capacity(n),
    };
    let mut push = |p: [f64; 2], origin: Origin| {
        set.points.push(p);
        set.labels.push(origin.label());
        set.origins.push(origin);
    };
    // Blobs take turns, so each holds the same share (±1) of the foreground.
    for i in 0..pos {
        push(
            around(rng, centers[i % centers.len()], BLOB_SD),
            Origin::Blob,
        );
    }
    for i in 0..hard {
        push(
            around(rng, centers[i % centers.len()], HALO_SD),
            Origin::Halo,
        );
    }
    for _ in 0..easy {
        push(far(rng, centers), Origin::Background);
    }
    set
}
