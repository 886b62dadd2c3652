//! The charts' palette, checked from the palette itself: every curve stands
//! out from its theme's background (WCAG 2 contrast of at least 3:1, the
//! level for graphical objects), every text drawn on a chart is readable
//! (4.5:1), and Figure 1's six curves can be told apart without relying on
//! colour vision.
//!
//! Told apart means: two curves differ in dash pattern, or their colours
//! are at least `MIN_DIFFERENCE` apart in OKLab (Euclidean) for normal
//! vision and for each of protanopia, deuteranopia and tritanopia, as
//! simulated by Machado, Oliveira and Fernandes (2009) at full severity.
//! Every pair is checked, not only the curves next to each other in the
//! legend, with FL on its own and on top of the γ = 2 curve it hides in the
//! paper's default (γ = 2).

use focal_loss_explorer::chart::{Line, Theme, OVER_DASH, SOLID};
use focal_loss_explorer::curves::{ChartKind, Role, Scene};
use focal_loss_explorer::params::Params;
use plotters::style::RGBColor;

const THEMES: [(&str, Theme); 2] = [("light", Theme::LIGHT), ("dark", Theme::DARK)];

/// An sRGB channel (0–255) in linear light.
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG 2's relative luminance.
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2's contrast ratio, 1 to 21.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_contrast_ratio_is_wcags() {
    let (black, white) = (RGBColor(0, 0, 0), RGBColor(255, 255, 255));
    assert!((contrast(black, white) - 21.0).abs() < 1e-12);
    assert!((contrast(white, white) - 1.0).abs() < 1e-12);
    // WebAIM's checker: #777777 on white is 4.48:1.
    assert!((contrast(RGBColor(0x77, 0x77, 0x77), white) - 4.48).abs() < 0.005);
}

#[test]
fn every_curve_has_3_to_1_against_its_background() {
    for (name, theme) in THEMES {
        for role in Role::ALL {
            let c = theme.color(role);
            let ratio = contrast(c, theme.background);
            assert!(
                ratio >= 3.0,
                "{name}: {role:?} {c:?} has {ratio:.2}:1 on {:?}",
                theme.background
            );
        }
        // The lab's curves and bars: Figure 4's family, and its α-CE model
        // (drawn in the shade's colour).
        for c in theme.family.iter().chain([&theme.shade]) {
            let ratio = contrast(*c, theme.background);
            assert!(ratio >= 3.0, "{name}: {c:?} has {ratio:.2}:1");
        }
    }
}

#[test]
fn every_text_on_a_chart_has_4_5_to_1_against_what_it_stands_on() {
    for (name, theme) in THEMES {
        for (what, fg, bg) in theme.texts() {
            let ratio = contrast(fg, bg);
            assert!(
                ratio >= 4.5,
                "{name}: the {what} {fg:?} has {ratio:.2}:1 on {bg:?}"
            );
        }
    }
}

/// An sRGB colour simulated for a dichromacy: Machado et al.'s matrix in
/// linear light, back to 8-bit sRGB.
fn simulate(c: RGBColor, m: &[[f64; 3]; 3]) -> RGBColor {
    let RGBColor(r, g, b) = c;
    let v = [linear(r), linear(g), linear(b)];
    let encode = |x: f64| {
        let x = x.clamp(0.0, 1.0);
        let s = if x <= 0.003_130_8 {
            12.92 * x
        } else {
            1.055 * x.powf(1.0 / 2.4) - 0.055
        };
        (s * 255.0).round() as u8
    };
    let row = |i: usize| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
    RGBColor(encode(row(0)), encode(row(1)), encode(row(2)))
}

const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
const TRITANOPIA: [[f64; 3]; 3] = [
    [1.255_528, -0.076_749, -0.178_779],
    [-0.078_411, 0.930_809, 0.147_602],
    [0.004_733, 0.691_367, 0.303_900],
];
const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

/// A colour in OKLab (Björn Ottosson's).
fn oklab(RGBColor(r, g, b): RGBColor) -> [f64; 3] {
    let (r, g, b) = (linear(r), linear(g), linear(b));
    let l = (0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * b).cbrt();
    let m = (0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * b).cbrt();
    let s = (0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * b).cbrt();
    [
        0.210_454_255_3 * l + 0.793_617_785 * m - 0.004_072_046_8 * s,
        1.977_998_495_1 * l - 2.428_592_205 * m + 0.450_593_709_9 * s,
        0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766 * s,
    ]
}

/// The smallest difference of two colours in OKLab, over normal vision and
/// the three simulated dichromacies.
fn least_difference(a: RGBColor, b: RGBColor) -> f64 {
    [IDENTITY, PROTANOPIA, DEUTERANOPIA, TRITANOPIA]
        .iter()
        .map(|m| {
            let (p, q) = (oklab(simulate(a, m)), oklab(simulate(b, m)));
            ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Colours this far apart in OKLab, for every kind of vision checked, are
/// told apart as thin lines without a second look.
const MIN_DIFFERENCE: f64 = 0.1;

fn told_apart(a: &Line, b: &Line) -> bool {
    a.dash != b.dash || least_difference(a.color, b.color) >= MIN_DIFFERENCE
}

/// The lines of a chart as drawn, with their names.
fn lines(theme: &Theme, params: Params, kind: ChartKind) -> Vec<(String, Line)> {
    Scene::new(params)
        .chart(kind)
        .series
        .iter()
        .filter(|s| s.role != Role::Guide)
        .map(|s| (s.name.clone(), theme.line(s.role, s.over)))
        .collect()
}

fn assert_told_apart(what: &str, lines: &[(String, Line)]) {
    for (i, (na, a)) in lines.iter().enumerate() {
        for (nb, b) in &lines[i + 1..] {
            assert!(
                told_apart(a, b),
                "{what}: “{na}” {a:?} and “{nb}” {b:?} have the same dashes and colours {:.3} apart",
                least_difference(a.color, b.color)
            );
        }
    }
}

#[test]
fn figure_1s_six_curves_are_told_apart_in_both_themes() {
    for (name, theme) in THEMES {
        for gamma in [2.0, 3.0] {
            let p = Params::default().preset("figure1").unwrap();
            let p = Params { gamma, ..p };
            let ls = lines(&theme, p, ChartKind::Loss);
            assert_eq!(ls.len(), 6, "{name}: {ls:?}");
            assert_told_apart(&format!("{name} Figure 1 at γ = {gamma}"), &ls);
            // With FL*, seven.
            let ls = lines(&theme, Params { star: true, ..p }, ChartKind::Loss);
            assert_told_apart(&format!("{name} Figure 1 with FL*"), &ls);
        }
    }
}

#[test]
fn the_family_needs_its_dashes_only_where_colour_is_not_enough() {
    // Every member has a dash of its own, so that none relies on colour…
    let dashes: Vec<_> = (0..5)
        .map(|i| Theme::LIGHT.line(Role::Family(i), false).dash)
        .collect();
    for (i, a) in dashes.iter().enumerate() {
        for b in &dashes[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // …and the curves of the page's other views are solid, their colours
    // apart for every kind of vision.
    for (name, theme) in THEMES {
        for kind in ChartKind::ALL {
            let p = Params {
                star: true,
                weighted: true,
                charts: [true; 3],
                ..Params::default()
            };
            let ls = lines(&theme, p, kind);
            for (n, l) in &ls {
                assert_eq!(l.dash, SOLID, "{name}: {n} is dashed");
            }
            for (i, (na, a)) in ls.iter().enumerate() {
                for (nb, b) in &ls[i + 1..] {
                    if a.color != b.color {
                        let d = least_difference(a.color, b.color);
                        assert!(
                            d >= MIN_DIFFERENCE,
                            "{name} {kind:?}: {na} and {nb} are {d:.3} apart"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_curve_on_top_of_one_it_hides_is_dashed_with_gaps_as_long_as_its_dashes() {
    assert_eq!(OVER_DASH.len(), 2);
    assert_eq!(OVER_DASH[0], OVER_DASH[1]);
    for (_, theme) in THEMES {
        assert_eq!(theme.line(Role::Focal, true).dash, OVER_DASH);
        assert_eq!(theme.line(Role::Focal, false).dash, SOLID);
    }
}
