//! `number::display` writes what Rust's `Display` writes for an f64: the
//! page's tick labels, link query, sentence and errors use it in place of
//! `format!("{v}")`. In the browser the engine's shortest digits feed it,
//! checked by tests/web.rs; natively Rust's `{:e}` digits do, and this
//! checks the placing of the point, the signs and the special values.

// Native only: proptest does not build for wasm32 (tests/web.rs checks
// the browser).
#![cfg(not(target_arch = "wasm32"))]

use focal_loss_explorer::number::display;
use proptest::prelude::*;

/// Edge cases: zeros, the subnormals, the ends of the engine's plain range
/// (1e-7 and 1e21), the extremes, and numbers the charts and links use.
// The floats next to the boundaries are written with all their digits.
#[allow(clippy::excessive_precision)]
pub const EDGES: &[f64] = &[
    0.0,
    -0.0,
    f64::NAN,
    -f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    2.225073858507201e-308,
    1e-300,
    1e-100,
    1e-7,
    1.5e-7,
    9.999999999999999e-7,
    1e-6,
    1.000001e-6,
    0.000123,
    0.001,
    0.1,
    0.2,
    0.3,
    0.1 + 0.2,
    0.5,
    0.9,
    1.0,
    -1.0,
    1.5,
    2.0,
    10.0,
    100.0,
    123.456,
    1e15,
    1e16,
    123456789012345680.0,
    9.999999999999999e20,
    1e21,
    1.5e21,
    1e22,
    1e100,
    1e300,
    f64::MAX,
    f64::MIN,
    f64::EPSILON,
    std::f64::consts::PI,
    1.0 / 3.0,
    2.0 / 3.0,
];

#[test]
fn edge_cases_are_written_as_display_writes_them() {
    for &v in EDGES {
        assert_eq!(display(v), format!("{v}"), "{v:e}");
        assert_eq!(display(-v), format!("{}", -v), "{:e}", -v);
    }
}

#[test]
fn tick_and_link_values_are_written_as_display_writes_them() {
    // What the ticks and links round to: multiples of 1e-6 in [-1e4, 1e4].
    for i in -200_000..=200_000i64 {
        for v in [
            i as f64 / 1e6,
            i as f64 * 0.05,
            (i as f64 * 1e-2 * 1e6).round() / 1e6,
        ] {
            assert_eq!(display(v), format!("{v}"));
        }
    }
}

#[test]
fn numbers_from_many_bit_patterns_are_written_as_display_writes_them() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..300_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let v = f64::from_bits(x);
        assert_eq!(display(v), format!("{v}"), "{:#x}", x);
    }
}

proptest! {
    #[test]
    fn any_f64_is_written_as_display_writes_it(bits in any::<u64>()) {
        let v = f64::from_bits(bits);
        prop_assert_eq!(display(v), format!("{}", v));
    }

    #[test]
    fn any_small_decimal_is_written_as_display_writes_it(m in -1_000_000i64..1_000_000, e in -30i32..30) {
        let v = m as f64 * 10f64.powi(e);
        prop_assert_eq!(display(v), format!("{}", v));
    }
}
