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
                assert!(laid_out.left > page.left, "{w}×{h}: larger ticks, more room");
            } else {
                assert_eq!(laid_out, page, "{w}×{h}: a phone's chart keeps its room");
            }
            assert!(laid_out.width > w as f64 * 0.5 && laid_out.height > h as f64 * 0.4);
        }
    }
}
