//! Where the modulating factor (1 − pt)^γ makes the loss 100× and 1000×
//! smaller: pt = 1 − 10^(−decades/γ), against 50-digit values (mpmath, of
//! the exact binary γ), and the factor at the returned point.

use focal_loss_explorer::loss::factor_point;

/// How many ulps of `want` lie between `got` and `want`.
fn ulps(got: f64, want: f64) -> f64 {
    if got == want {
        return 0.0;
    }
    let ulp = f64::from_bits(want.abs().to_bits() + 1) - want.abs();
    (got - want).abs() / ulp
}

/// (γ, decades, 1 − pt, pt), each the f64 nearest the exact value
/// (`mpmath.power(10, -mpf(decades) / mpf(gamma))` at 50 digits).
const REFERENCE: [(f64, f64, f64, f64); 22] = [
    (0.01, 2.0, 1.0000000000000096e-200, 1.0),
    (0.01, 3.0, 1.0000000000000144e-300, 1.0),
    (0.007, 2.0, 1.9306977288832766e-286, 1.0),
    (0.1, 2.0, 1.0000000000000025e-20, 1.0),
    (0.1, 3.0, 1.0000000000000038e-30, 1.0),
    (0.3, 2.0, 2.1544346900318824e-07, 0.999999784556531),
    (0.3, 3.0, 9.999999999999991e-11, 0.9999999999),
    (0.5, 2.0, 0.0001, 0.9999),
    (0.5, 3.0, 1e-06, 0.999999),
    (1.0, 2.0, 0.01, 0.99),
    (1.0, 3.0, 0.001, 0.999),
    (2.0, 2.0, 0.1, 0.9),
    (2.0, 3.0, 0.03162277660168379, 0.9683772233983162),
    (2.5, 2.0, 0.15848931924611134, 0.8415106807538887),
    (2.5, 3.0, 0.06309573444801933, 0.9369042655519807),
    (3.7, 2.0, 0.28804441533962966, 0.7119555846603703),
    (3.7, 3.0, 0.15459277364194776, 0.8454072263580522),
    (5.0, 2.0, 0.39810717055349726, 0.6018928294465028),
    (5.0, 3.0, 0.251188643150958, 0.748811356849042),
    (6.64, 2.0, 0.4997987673826896, 0.5002012326173104),
    (20.0, 2.0, 0.7943282347242815, 0.2056717652757185),
    (20.0, 3.0, 0.7079457843841379, 0.2920542156158621),
];

#[test]
fn the_points_match_the_exact_values_to_an_ulp_or_two() {
    for (gamma, decades, miss, pt) in REFERENCE {
        let p = factor_point(gamma, decades).unwrap();
        assert!(
            ulps(p.miss, miss) <= 2.0,
            "γ = {gamma}, 10^{decades}: 1 − pt = {:e}, want {miss:e}",
            p.miss
        );
        assert!(
            ulps(p.pt, pt) <= 1.0,
            "γ = {gamma}, 10^{decades}: pt = {}, want {pt}",
            p.pt
        );
        assert!((p.log10_miss + decades / gamma).abs() <= 1e-15 * decades / gamma);
    }
}

#[test]
fn the_paper_s_points_for_gamma_2() {
    // 100× at pt = 0.9 exactly as the paper says, 1000× at pt ≈ 0.968.
    assert_eq!(factor_point(2.0, 2.0).unwrap().pt, 0.9);
    let p = factor_point(2.0, 3.0).unwrap();
    assert!((p.pt - 0.968).abs() < 5e-4);
}

#[test]
fn the_factor_at_the_point_is_the_reduction() {
    // (1 − pt)^γ at the returned point: the factor's condition number in
    // 1 − pt is γ, so the point's error of up to 2 ulps becomes 2γ of
    // them (relative), and powf adds its own rounding.
    for i in 1..=2000 {
        let gamma = i as f64 / 100.0;
        for decades in [2.0, 3.0] {
            let p = factor_point(gamma, decades).unwrap();
            let want = 10f64.powf(-decades);
            let got = p.miss.powf(gamma);
            let relative = (got / want - 1.0).abs() / f64::EPSILON;
            assert!(
                relative <= 2.0 * gamma + 1.0,
                "γ = {gamma}: (1 − pt)^γ = {got:e}, want {want:e} ({relative} ε)"
            );
            // The point moves to smaller pt as γ grows, and 1000× lies
            // beyond 100×.
            assert!(p.pt > 0.0 && p.pt <= 1.0);
        }
        let (a, b) = (
            factor_point(gamma, 2.0).unwrap(),
            factor_point(gamma, 3.0).unwrap(),
        );
        assert!(b.miss < a.miss, "γ = {gamma}");
        if i > 1 {
            let before = factor_point((i - 1) as f64 / 100.0, 2.0).unwrap();
            assert!(a.miss > before.miss, "γ = {gamma}");
        }
    }
}

#[test]
fn gamma_zero_has_no_such_point() {
    // (1 − pt)^0 = 1: focal loss is cross-entropy, never 100× smaller.
    assert_eq!(factor_point(0.0, 2.0), None);
    assert_eq!(factor_point(-0.0, 3.0), None);
    assert_eq!(factor_point(f64::NAN, 2.0), None);
    assert_eq!(factor_point(2.0, f64::NAN), None);
    assert_eq!(factor_point(2.0, -1.0), None);
}

#[test]
fn tiny_gamma_keeps_the_distance_to_one() {
    // pt rounds to 1, but 1 − pt and its logarithm keep their digits.
    let p = factor_point(1e-3, 2.0).unwrap();
    assert_eq!(p.pt, 1.0);
    assert_eq!(p.miss, 0.0, "10^−2000 underflows");
    assert_eq!(p.log10_miss, -2000.0);
    let p = factor_point(f64::from_bits(1), 2.0).unwrap();
    assert_eq!(p.miss, 0.0);
    assert!(p.log10_miss.is_infinite() && p.log10_miss < 0.0);
    assert!(!p.pt.is_nan());
}

#[test]
fn large_gamma_moves_the_point_towards_zero() {
    // γ = 20: 100× already at pt ≈ 0.206; γ = 1000: at pt ≈ 0.0046.
    let p = factor_point(1000.0, 2.0).unwrap();
    assert!((p.pt - 0.004_594_3).abs() < 1e-6, "{}", p.pt);
    let p = factor_point(f64::INFINITY, 2.0).unwrap();
    assert_eq!((p.pt, p.miss), (0.0, 1.0));
    // No reduction at all: the factor is 1 at pt = 0.
    assert_eq!(factor_point(2.0, 0.0).unwrap().pt, 0.0);
}
