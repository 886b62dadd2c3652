//! The predictions panel's charts and state, natively: the SVG of each chart
//! has its curves, its legend and its axes; a scene survives its trip
//! between threads; the panel keeps what it showed when a file fails.

use focal_loss_explorer::chart::Theme;
use focal_loss_explorer::lab::draw::{draw_layer, svg, LabChart, LabScene, Layer};
use focal_loss_explorer::lab::panel::{hardest_share, number, options, Panel};
use focal_loss_explorer::lab::predictions::ScoreMode;
use focal_loss_explorer::lab::stats::{Predictions, CDF_POINTS};
use focal_loss_explorer::Label;

/// Logits like a detector's: many easy negatives, few positives.
fn predictions() -> Predictions {
    let mut logits = Vec::new();
    let mut labels = Vec::new();
    for i in 0..2000 {
        let u = (i as f64 + 0.5) / 2000.0;
        let noise = (u / (1.0 - u)).ln();
        let positive = i % 50 == 0;
        logits.push(if positive { 2.0 + noise } else { -5.0 + noise });
        labels.push(if positive {
            Label::Positive
        } else {
            Label::Negative
        });
    }
    Predictions::new(&logits, &labels).unwrap()
}

fn scene(gamma: f64, alpha: Option<f64>) -> LabScene {
    let p = predictions();
    let s = p.summary(gamma, alpha).unwrap();
    LabScene::new(&p, &s)
}

/// `layers` of `chart` drawn one after the other on one SVG surface.
fn layered_svg(scene: &LabScene, chart: LabChart, theme: &Theme, layers: &[Layer]) -> String {
    use plotters::prelude::*;
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (640, 480)).into_drawing_area();
        for &layer in layers {
            draw_layer(&area, scene, chart, theme, 1.0, layer).unwrap();
        }
    }
    out
}

#[test]
fn a_kept_base_and_the_top_over_it_draw_what_the_whole_chart_draws() {
    let empty = {
        let p = Predictions::new(&[0.5, -1.0], &[Label::Negative, Label::Negative]).unwrap();
        LabScene::new(&p, &p.summary(2.0, None).unwrap())
    };
    for scene in [scene(3.0, Some(0.25)), scene(0.7, None), empty] {
        for chart in LabChart::ALL {
            for theme in [&Theme::LIGHT, &Theme::DARK] {
                let whole = layered_svg(&scene, chart, theme, &[Layer::All]);
                let parts = layered_svg(&scene, chart, theme, &[Layer::Base, Layer::Top]);
                assert_eq!(parts, whole, "{chart:?}");
                let base = layered_svg(&scene, chart, theme, &[Layer::Base]);
                if chart.has_base() {
                    // The base has the axes but not the current curve
                    // (nor the legend), where the class has examples.
                    assert!(base.contains("<text"), "{chart:?}");
                    let count = match chart {
                        LabChart::Negatives => scene.negatives.count,
                        _ => scene.positives.count,
                    };
                    let lines = |s: &str| s.matches("<polyline").count();
                    if count > 0 {
                        assert!(lines(&base) < lines(&whole), "{chart:?}");
                    } else {
                        assert_eq!(base, whole, "{chart:?}");
                    }
                } else {
                    assert!(!base.contains("<text"), "{chart:?}");
                }
            }
        }
    }
    // The base does not depend on γ or α: two scenes of the same data.
    for chart in [LabChart::Negatives, LabChart::Positives] {
        let a = layered_svg(
            &scene(3.0, Some(0.25)),
            chart,
            &Theme::LIGHT,
            &[Layer::Base],
        );
        let b = layered_svg(&scene(0.7, None), chart, &Theme::LIGHT, &[Layer::Base]);
        assert_eq!(a, b, "{chart:?}");
    }
}

#[test]
fn figure4_svg_has_five_curves_and_a_legend() {
    for chart in [LabChart::Negatives, LabChart::Positives] {
        let doc = svg(&scene(3.0, None), chart, &Theme::LIGHT, 640, 480).unwrap();
        assert!(doc.starts_with("<svg"), "{}", &doc[..40]);
        // The four reference curves in the family's colours and the
        // chosen γ's in the focal loss colour, each also in the legend
        // (the dashed ones a polyline a dash).
        let t = Theme::LIGHT;
        for (i, c) in t.family[..4].iter().chain([&t.focal]).enumerate() {
            let colour = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            let lines = doc
                .matches(&format!(
                    "<polyline fill=\"none\" opacity=\"1\" stroke=\"{colour}\""
                ))
                .count();
            if i == 0 || i == 4 {
                assert_eq!(lines, 2, "{chart:?}: {colour} is solid");
            } else {
                assert!(lines > 10, "{chart:?}: {colour} is dashed ({lines} lines)");
            }
        }
        for name in ["γ = 0", "γ = 0.5", "γ = 1", "γ = 2", "γ = 3 (yours)"] {
            assert!(doc.contains(name), "{chart:?}: no {name}");
        }
        assert!(doc.contains("cumulative normalized loss"));
    }
}

#[test]
fn weights_svg_has_bars_of_both_classes_on_a_log_axis() {
    let doc = svg(
        &scene(2.0, Some(0.25)),
        LabChart::Weights,
        &Theme::DARK,
        800,
        320,
    )
    .unwrap();
    assert!(doc.contains("negatives (label 0)"));
    assert!(doc.contains("positives (label 1)"));
    assert!(doc.contains("10⁻⁶"), "log axis ticks");
    // Bars are filled rectangles in the two classes' colours.
    let blue = "#56B4E9";
    assert!(doc.matches(blue).count() > 3, "negatives' bars");
}

#[test]
fn a_class_without_examples_says_so() {
    let p = Predictions::new(&[-3.0, -1.0], &[Label::Negative, Label::Negative]).unwrap();
    let s = p.summary(2.0, None).unwrap();
    let doc = svg(
        &LabScene::new(&p, &s),
        LabChart::Positives,
        &Theme::LIGHT,
        400,
        300,
    )
    .unwrap();
    assert!(doc.contains("no positives in these predictions"));
    // And the canvas-sized drawing of tiny charts does not fail.
    for chart in LabChart::ALL {
        svg(&LabScene::new(&p, &s), chart, &Theme::LIGHT, 10, 10).unwrap();
    }
}

#[test]
fn a_scene_survives_encoding() {
    for (g, a) in [(0.0, None), (2.0, Some(0.25)), (7.5, Some(1.0))] {
        let s = scene(g, a);
        assert_eq!(LabScene::decode(&s.encode()).unwrap(), s);
        assert_eq!(s.negatives.current.len(), CDF_POINTS);
    }
    assert!(LabScene::decode(&[1.0, 2.0]).is_err());
    let mut v = scene(1.0, None).encode();
    v.push(0.0);
    assert!(LabScene::decode(&v).is_err());
}

#[test]
fn options_from_the_page() {
    let o = options("logit", 2, -1, 0.0).unwrap();
    assert_eq!(o.mode, ScoreMode::Logit);
    assert_eq!(o.score_column, Some(2));
    assert_eq!(o.label_column, None);
    assert_eq!(o.max_bytes, 2_000_000_000);
    assert_eq!(options("auto", -1, -1, 100.0).unwrap().max_bytes, 100);
    assert!(options("odds", -1, -1, 0.0).unwrap_err().0.contains("odds"));
}

#[test]
fn json_numbers() {
    assert_eq!(number(0.1), "0.1");
    assert_eq!(number(1e-300), "1e-300");
    assert_eq!(number(f64::INFINITY), "\"Infinity\"");
    assert_eq!(number(f64::NAN), "\"NaN\"");
    let diagonal: Vec<f64> = (0..CDF_POINTS).map(|i| i as f64 / 200.0).collect();
    assert!((hardest_share(&diagonal, 0.2) - 0.2).abs() < 1e-15);
}

fn read(panel: &mut Panel, text: &str) -> String {
    panel.begin(options("auto", -1, -1, 0.0).unwrap());
    for chunk in text.as_bytes().chunks(3) {
        if !panel.push(chunk) {
            break;
        }
    }
    panel.finish()
}

#[test]
fn a_failed_file_keeps_what_was_shown() {
    let mut panel = Panel::new();
    let out = read(&mut panel, "score,label\n0.2,0\n0.9,1\n");
    assert!(
        out.starts_with("{\"ok\":true,\"rows\":2,\"kind\":\"probability\""),
        "{out}"
    );
    let s = panel.summarize(2.0, None).unwrap();
    assert!(s.contains("\"rows\":2"), "{s}");
    let out = read(&mut panel, "score,label\n0.2,0\nx,1\n");
    assert!(out.contains("\"ok\":false"), "{out}");
    assert!(
        out.contains("line 3, column \\\"score\\\": \\\"x\\\" is not a number"),
        "{out}"
    );
    assert!(out.contains("\"kept\":\"previous\""), "{out}");
    assert!(panel
        .summarize(1.0, Some(0.25))
        .unwrap()
        .contains("\"rows\":2"));
}

#[test]
fn a_first_failed_file_shows_its_rows_read() {
    let mut panel = Panel::new();
    let out = read(&mut panel, "score,label\n0.2,0\n0.9,1\n0.3,2\n");
    assert!(out.contains("\"kept\":\"partial\""), "{out}");
    assert!(out.contains("\"rowsRead\":2"), "{out}");
    let s = panel.summarize(2.0, None).unwrap();
    assert!(s.contains("\"partial\":true"), "{s}");
}

#[test]
fn columns_that_cannot_be_chosen_are_offered_by_name() {
    let mut panel = Panel::new();
    let out = read(&mut panel, "id,a,b\n1,0.9,1\n");
    assert!(out.contains("choose the score column"), "{out}");
    assert!(out.contains("\"header\":[\"id\",\"a\",\"b\"]"), "{out}");
    assert!(out.contains("\"kept\":\"none\""), "{out}");
    panel.begin(options("auto", 1, 2, 0.0).unwrap());
    panel.push(b"id,a,b\n1,0.9,1\n2,0.1,0\n");
    assert!(panel.finish().contains("\"ok\":true"));
}

/// The numbers after `key="` in an SVG tag.
fn attr(tag: &str, key: &str) -> f64 {
    let at = tag.find(&format!(" {key}=\"")).expect(key) + key.len() + 3;
    tag[at..tag[at..].find('"').unwrap() + at].parse().unwrap()
}

#[test]
fn each_legend_swatch_is_drawn_inside_the_legend_box() {
    for chart in [LabChart::Negatives, LabChart::Positives] {
        let doc = svg(&scene(3.0, None), chart, &Theme::LIGHT, 640, 480).unwrap();
        let legend = doc
            .lines()
            .find(|l| l.starts_with("<rect") && l.contains("opacity=\"0.9\""))
            .expect("the legend's box");
        let (x, y) = (attr(legend, "x"), attr(legend, "y"));
        let (w, h) = (attr(legend, "width"), attr(legend, "height"));
        let inside = |colour: &str| {
            doc.lines()
                .filter(|l| {
                    l.starts_with("<polyline") && l.contains(&format!("stroke=\"{colour}\""))
                })
                .filter(|l| {
                    let points = &l[l.find("points=\"").unwrap() + 8..];
                    let points = &points[..points.find('"').unwrap()];
                    points.split_whitespace().all(|p| {
                        let (px, py) = p.split_once(',').unwrap();
                        let (px, py): (f64, f64) = (px.parse().unwrap(), py.parse().unwrap());
                        px > x && px < x + w && py > y && py < y + h
                    })
                })
                .count()
        };
        let t = Theme::LIGHT;
        for c in t.family[..4].iter().chain([&t.focal]) {
            let colour = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(
                inside(&colour) > 0,
                "{chart:?}: the swatch of {colour} is outside the legend's box {legend}"
            );
        }
    }
}
