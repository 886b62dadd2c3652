//! SplitMix64: a small, well-mixed deterministic generator, shared by the
//! tests, the benches and the sample file's generator (the same seed gives
//! the same numbers on every run and every machine).
#![allow(dead_code)]

pub struct Rng(pub u64);

impl Rng {
    /// A uniform number in (0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A logistic variate: the logit of a uniform.
    pub fn logistic(&mut self) -> f64 {
        let u = self.uniform();
        (u / (1.0 - u)).ln()
    }

    /// A normal number N(mean, sd), by Box–Muller (one of the pair).
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        mean + sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}
