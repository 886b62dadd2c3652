//! Numbers as the page writes them (`format_number`, `number_parts`,
//! `format_tick`), and the exported SVG's size.

use focal_loss_explorer::chart::{svg_shown_at, SVG_SCALE};
use focal_loss_explorer::text::{format_number, format_tick, number_parts};

#[test]
fn plain_decimals_keep_their_significant_digits() {
    assert_eq!(format_number(0.105_360_515_657_826_3, 3), "0.105");
    assert_eq!(format_number(0.001_053_605_156_578_263, 3), "0.00105");
    assert_eq!(format_number(123.456, 4), "123.5");
    assert_eq!(format_number(1234.0, 4), "1234");
    assert_eq!(format_number(12_345.0, 3), "12300");
    assert_eq!(format_number(0.1, 3), "0.1");
    assert_eq!(format_number(100.0, 3), "100");
}

#[test]
fn rounding_can_carry_into_a_new_digit() {
    assert_eq!(format_number(9.9996, 4), "10");
    assert_eq!(format_number(0.099_996, 4), "0.1");
    // 99,999.5 rounds to 1.00 × 10⁵, which is outside the plain range.
    assert_eq!(format_number(99_999.5, 3), "1 × 10⁵");
}

#[test]
fn small_and_large_numbers_use_powers_of_ten() {
    assert_eq!(format_number(1.5e-7, 3), "1.5 × 10⁻⁷");
    assert_eq!(format_number(0.000_099_9, 3), "9.99 × 10⁻⁵");
    assert_eq!(format_number(0.0001, 3), "0.0001");
    assert_eq!(number_parts(1_234_567.0, 3), ("1.23".to_string(), Some(6)));
    assert_eq!(number_parts(2.5e-300, 2), ("2.5".to_string(), Some(-300)));
}

#[test]
fn signs_and_special_values() {
    assert_eq!(format_number(-2.5, 2), "−2.5");
    assert_eq!(format_number(-0.000_012_3, 3), "−1.23 × 10⁻⁵");
    assert_eq!(format_number(0.0, 3), "0");
    assert_eq!(format_number(f64::INFINITY, 3), "∞");
    assert_eq!(format_number(f64::NEG_INFINITY, 3), "−∞");
    assert_eq!(format_number(f64::NAN, 3), "undefined");
}

#[test]
fn tick_labels() {
    assert_eq!(format_tick(0.30000000000000004, false), "0.3");
    assert_eq!(format_tick(-1.2, false), "−1.2");
    assert_eq!(format_tick(-0.0, false), "0");
    assert_eq!(format_tick(0.0, true), "1");
    assert_eq!(format_tick(1.0, true), "10");
    assert_eq!(format_tick(-3.0, true), "10⁻³");
    // Between the powers of ten of a log axis: no label.
    assert_eq!(format_tick(-2.5, true), "");
}

#[test]
fn an_svg_drawn_larger_is_shown_at_the_asked_size() {
    let (w, h) = (800 * SVG_SCALE, 450 * SVG_SCALE);
    let drawn = format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>"
    );
    assert_eq!(
        svg_shown_at(drawn, 800, 450),
        format!(
            "<svg width=\"800\" height=\"450\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>"
        )
    );
    // A document of another size is left as it is.
    let other = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\"></svg>".to_string();
    assert_eq!(svg_shown_at(other.clone(), 800, 450), other);
}

#[test]
fn the_plotting_area_is_laid_out_without_drawing() {
    use focal_loss_explorer::chart::{draw, plot_rect, Layer, Theme};
    use focal_loss_explorer::curves::{ChartKind, Params, Scene};
    use plotters::prelude::*;
    for (present, w, h, scale) in [
        (false, 640, 360, 1.0),
        (false, 1920, 1080, 2.0),
        (false, 720, 400, 2.0),
        (false, 333, 181, 1.5),
        // Presentation mode: larger label areas, but not on a phone.
        (true, 640, 360, 1.0),
        (true, 1920, 1080, 2.0),
        (true, 720, 400, 2.0),
        (true, 333, 181, 1.5),
    ] {
        let scene = Scene::new(Params {
            present,
            ..Params::default()
        });
        for kind in [ChartKind::Loss, ChartKind::Gradient] {
            let mut out = String::new();
            let drawn = {
                let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
                draw(&area, scene.chart(kind), &Theme::LIGHT, Layer::Front, scale).unwrap()
            };
            let mut none = String::new();
            let laid_out = plot_rect(
                &SVGBackend::with_string(&mut none, (w, h)).into_drawing_area(),
                scale,
                present,
            );
            assert_eq!(laid_out, drawn, "{w}×{h} at {scale}, present {present}");
            let page = plot_rect(
                &SVGBackend::with_string(&mut String::new(), (w, h)).into_drawing_area(),
                scale,
                false,
            );
            if present && f64::from(w) / scale >= 480.0 {
                assert!(
                    laid_out.left > page.left,
                    "{w}×{h}: larger ticks, more room"
                );
            } else {
                assert_eq!(laid_out, page, "{w}×{h}: a phone's chart keeps its room");
            }
            assert!(laid_out.width > w as f64 * 0.5 && laid_out.height > h as f64 * 0.4);
        }
    }
}

mod teaching {
    //! The sentence, the ratios and the captions, as a teacher reads them.
    use focal_loss_explorer::curves::ChartKind;
    use focal_loss_explorer::loss::factor_point;
    use focal_loss_explorer::params::{Params, XAxis};
    use focal_loss_explorer::text::{caption, point_text, ratio_words, sentence, times};
    use focal_loss_explorer::Label;

    #[test]
    fn ratios_are_grouped_and_keep_their_digits() {
        assert_eq!(times(100.00000000000001), "100×");
        assert_eq!(times(1000.0), "1,000×");
        assert_eq!(times(1_048_576.0), "1,050,000×");
        assert_eq!(times(4.0), "4×");
        assert_eq!(times(1.2345679), "1.23×");
        assert_eq!(times(1.0012), "1.001×");
        assert_eq!(times(1.5e20), "1.5 × 10²⁰ times");
        assert_eq!(ratio_words(0.001).as_deref(), Some("1,000× smaller"));
        assert_eq!(ratio_words(2.5).as_deref(), Some("2.5× larger"));
        assert_eq!(ratio_words(1.0).as_deref(), Some("the same"));
        assert_eq!(ratio_words(0.0).as_deref(), Some("zero"));
        assert_eq!(ratio_words(f64::NAN), None);
    }

    #[test]
    fn points_show_three_digits_of_one_minus_pt() {
        let text = |g: f64, d: f64| point_text(&factor_point(g, d).unwrap());
        assert_eq!(text(2.0, 2.0), "0.9");
        assert_eq!(text(2.0, 3.0), "0.9684");
        assert_eq!(text(1.0, 3.0), "0.999");
        assert_eq!(text(0.5, 2.0), "0.9999");
        assert_eq!(text(0.3, 2.0), "1 − 2.15 × 10⁻⁷");
        assert_eq!(text(0.01, 2.0), "1 − 10⁻²⁰⁰");
        assert_eq!(text(0.001, 2.0), "1 − 10⁻²⁰⁰⁰");
        assert_eq!(text(20.0, 2.0), "0.206");
        assert_eq!(text(5.0, 2.0), "0.602");
    }

    #[test]
    fn the_sentence_states_the_paper_s_numbers() {
        let s = sentence(&Params::default());
        println!("{s}");
        assert!(s.starts_with("At pt = 0.9 (a well-classified example): FL = 0.00105, CE = 0.105: the factor (1 − pt)^γ makes it 100× smaller."), "{s}");
        assert!(
            s.contains("100× smaller at pt = 0.9 and 1,000× smaller at pt = 0.9684"),
            "{s}"
        );
        assert!(s.contains("at most 2^γ = 4× smaller for pt ≤ 0.5"), "{s}");
        let g3 = sentence(&Params {
            gamma: 3.0,
            ..Params::default()
        });
        assert!(
            g3.contains("100× smaller at pt = 0.785 and 1,000× smaller at pt = 0.9"),
            "{g3}"
        );
        assert!(g3.contains("2^γ = 8× smaller"), "{g3}");
        let ce = sentence(&Params {
            gamma: 0.0,
            ..Params::default()
        });
        println!("{ce}");
        assert!(ce.contains("never 100× or 1,000× smaller"), "{ce}");
        assert!(ce.contains("FL is CE"), "{ce}");
    }

    #[test]
    fn the_sentence_keeps_the_factor_and_alpha_apart() {
        let retina = Params::default().preset("retinanet").unwrap();
        let s = sentence(&retina);
        println!("{s}");
        assert!(s.contains("FL = 0.000263, CE = 0.105: the factor (1 − pt)^γ makes it 100× smaller, and α = 0.25 weights it 4× less again (400× in all)."), "{s}");
        assert!(!s.contains("400× smaller"), "{s}");
        let negative = Params {
            label: Label::Negative,
            ..retina
        };
        let s = sentence(&negative);
        println!("{s}");
        assert!(
            s.contains("αt = 1 − α = 0.75 weights it 1.33× less again"),
            "{s}"
        );
        let ce = Params {
            gamma: 0.0,
            ..retina
        };
        let s = sentence(&ce);
        println!("{s}");
        assert!(
            s.contains("the factor (1 − pt)^γ is 1 (γ = 0), and α = 0.25 weights it 4× less."),
            "{s}"
        );
    }

    #[test]
    fn captions_name_the_figure_the_axis_shows() {
        let at = |axis, label| {
            caption(
                ChartKind::Loss,
                &Params {
                    axis,
                    label,
                    ..Params::default()
                },
            )
        };
        assert!(at(XAxis::Pt, Label::Positive).contains("Figure 1"));
        assert!(at(XAxis::Logit, Label::Positive).contains("Figure 5"));
        assert!(!at(XAxis::Logit, Label::Positive).contains("Figure 1"));
        assert!(at(XAxis::Logit, Label::Negative).contains("mirrored"));
        assert!(at(XAxis::P, Label::Positive).contains("pt = p"));
        assert!(at(XAxis::P, Label::Negative).contains("pt = 1 − p"));
        let grad = caption(ChartKind::Gradient, &Params::default());
        assert!(grad.contains("Figure 6"), "{grad}");
    }
}
