//! Every curve a legend names can be seen: drawn as the page draws it (the
//! back layer, then the moving curves over it) into a small rasterizer that
//! keeps, per pixel, the curve drawn there last, each curve shows in some
//! pixels. Where a moving curve lies on one under it (FL at γ = 0 on CE; FL
//! on its γ in Figure 1's family; in the lab, the current γ on a reference
//! curve of Figure 4), it is dashed, and the one under it shows between the
//! dashes.
//!
//! The test's theme gives each role a colour of its own (the real themes
//! give two roles one colour where they never meet, and Figure 1's grey to
//! both FL* and γ = 5), so that a pixel's colour names its curve; widths and
//! dashes are the real ones, which are the same in every theme.

use focal_loss_explorer::chart::{self, FinePath, Layer, Theme};
use focal_loss_explorer::curves::{ChartKind, Role, Scene};
use focal_loss_explorer::lab::draw::{self as lab_draw, LabChart, LabScene};
use focal_loss_explorer::lab::stats::Predictions;
use focal_loss_explorer::params::{Params, XAxis};
use focal_loss_explorer::Label;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

#[derive(Debug)]
struct Never;
impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}

/// A canvas that keeps, per pixel, the last colour painted there: strokes
/// (of their width, butt ends rounded off) and filled rectangles. Text is
/// not drawn.
struct Raster {
    w: u32,
    h: u32,
    px: Vec<(u8, u8, u8)>,
}

type Drawn = Result<(), DrawingErrorKind<Never>>;

impl Raster {
    fn new(w: u32, h: u32) -> Raster {
        Raster {
            w,
            h,
            px: vec![(0, 0, 0); (w * h) as usize],
        }
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), width: f64, c: (u8, u8, u8)) {
        let r = width / 2.0;
        let (x0, x1) = (a.0.min(b.0) - r, a.0.max(b.0) + r);
        let (y0, y1) = (a.1.min(b.1) - r, a.1.max(b.1) + r);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        for y in (y0.floor().max(0.0) as u32)..(y1.ceil().max(0.0) as u32).min(self.h) {
            for x in (x0.floor().max(0.0) as u32)..(x1.ceil().max(0.0) as u32).min(self.w) {
                // The distance from the pixel's centre to the segment.
                let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                let t = if len2 > 0.0 {
                    (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (qx, qy) = (a.0 + t * dx - px, a.1 + t * dy - py);
                if (qx * qx + qy * qy).sqrt() <= r {
                    self.px[(y * self.w + x) as usize] = c;
                }
            }
        }
    }

    fn count(&self, RGBColor(r, g, b): RGBColor, from_x: u32) -> usize {
        (0..self.px.len())
            .filter(|&i| i as u32 % self.w >= from_x && self.px[i] == (r, g, b))
            .count()
    }
}

fn rgb(c: BackendColor) -> Option<(u8, u8, u8)> {
    (c.alpha >= 1.0).then_some(c.rgb)
}

impl DrawingBackend for Raster {
    type ErrorType = Never;
    fn get_size(&self) -> (u32, u32) {
        (self.w, self.h)
    }
    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }
    fn present(&mut self) -> Drawn {
        Ok(())
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Drawn {
        if let (Some(c), true) = (
            rgb(c),
            p.0 >= 0 && p.1 >= 0 && (p.0 as u32) < self.w && (p.1 as u32) < self.h,
        ) {
            self.px[(p.1 as u32 * self.w + p.0 as u32) as usize] = c;
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        let Some(c) = rgb(s.color()) else {
            return Ok(());
        };
        let pts: Vec<(f64, f64)> = path
            .into_iter()
            .map(|(x, y)| (f64::from(x), f64::from(y)))
            .collect();
        for w in pts.windows(2) {
            self.segment(w[0], w[1], f64::from(s.stroke_width()), c);
        }
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Drawn {
        let Some(c) = rgb(s.color()) else {
            return Ok(());
        };
        if fill {
            for y in a.1.max(0)..b.1.min(self.h as i32) {
                for x in a.0.max(0)..b.0.min(self.w as i32) {
                    self.px[(y as u32 * self.w + x as u32) as usize] = c;
                }
            }
        }
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, _: &str, _: &S, _: BackendCoord) -> Drawn {
        Ok(())
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        s: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        Ok((
            (text.chars().count() as f64 * s.size() * 0.6) as u32,
            s.size() as u32,
        ))
    }
}

impl FinePath for Raster {}

/// Colours no two roles share.
fn unique() -> Theme {
    let c = |i: u8| RGBColor(200, 10 * i, 100);
    Theme {
        cross_entropy: c(1),
        focal: c(2),
        focal_star: c(3),
        factor: c(4),
        family: [c(5), c(6), c(7), c(8), c(9)],
        ..Theme::LIGHT
    }
}

const W: u32 = 800;
const H: u32 = 450;

/// The pixels of each legend entry's colour once the chart is drawn as the
/// page draws it: (name, pixels).
fn shown(params: Params, kind: ChartKind) -> Vec<(String, usize)> {
    let theme = unique();
    let scene = Scene::new(params);
    let chart = scene.chart(kind);
    let mut raster = Raster::new(W, H);
    {
        let area = (&mut raster).into_drawing_area();
        chart::draw(&area, chart, &theme, Layer::Back, 1.0).unwrap();
        chart::draw(&area, chart, &theme, Layer::Front, 1.0).unwrap();
    }
    chart
        .series
        .iter()
        .filter(|s| s.role != Role::Guide)
        .map(|s| (s.name.clone(), raster.count(theme.color(s.role), 0)))
        .collect()
}

impl DrawingBackend for &mut Raster {
    type ErrorType = Never;
    fn get_size(&self) -> (u32, u32) {
        (**self).get_size()
    }
    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }
    fn present(&mut self) -> Drawn {
        Ok(())
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Drawn {
        (**self).draw_pixel(p, c)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        (**self).draw_path(path, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Drawn {
        (**self).draw_rect(a, b, s, fill)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, t: &str, s: &S, p: BackendCoord) -> Drawn {
        (**self).draw_text(t, s, p)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        s: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        (**self).estimate_text_size(text, s)
    }
}

impl FinePath for &mut Raster {}

/// At least this many pixels of its own: a curve one can see, not a speck
/// (50 px of a line 2 px wide).
const SEEN: usize = 100;

fn assert_all_shown(what: &str, shown: &[(String, usize)]) {
    for (name, n) in shown {
        assert!(
            *n >= SEEN,
            "{what}: “{name}” shows in {n} pixels ({shown:?})"
        );
    }
}

#[test]
fn in_figure_1_every_family_curve_shows_whatever_gamma_fl_is_at() {
    let figure1 = Params::default().preset("figure1").unwrap();
    for gamma in [0.0, 0.5, 1.0, 2.0, 3.0, 5.0] {
        let p = Params { gamma, ..figure1 };
        let s = shown(p, ChartKind::Loss);
        assert_eq!(s.len(), 6);
        assert_all_shown(&format!("Figure 1 at γ = {gamma}"), &s);
    }
}

#[test]
fn fl_at_gamma_0_leaves_ce_showing_on_every_chart_and_axis() {
    for axis in [XAxis::Pt, XAxis::P, XAxis::Logit] {
        for label in [Label::Positive, Label::Negative] {
            let p = Params {
                gamma: 0.0,
                axis,
                label,
                charts: [true; 3],
                ..Params::default()
            };
            for kind in [ChartKind::Loss, ChartKind::Gradient] {
                assert_all_shown(
                    &format!("γ = 0 on {kind:?}, {axis:?}, {label:?}"),
                    &shown(p, kind),
                );
            }
        }
    }
}

#[test]
fn every_curve_shows_in_the_pages_other_views() {
    for gamma in [0.5, 2.0, 5.0] {
        for (weighted, alpha) in [(false, 0.25), (true, 0.25), (true, 1.0)] {
            let p = Params {
                gamma,
                weighted,
                alpha,
                star: true,
                charts: [true; 3],
                ..Params::default()
            };
            for kind in ChartKind::ALL {
                assert_all_shown(
                    &format!("γ = {gamma}, α = {alpha} ({weighted}), {kind:?}"),
                    &shown(p, kind),
                );
            }
        }
    }
}

#[test]
fn a_moving_curve_is_dashed_only_while_it_lies_on_another() {
    let at = |gamma: f64| {
        let p = Params {
            gamma,
            ..Params::default().preset("figure1").unwrap()
        };
        Scene::new(p)
            .chart(ChartKind::Loss)
            .series
            .iter()
            .map(|s| s.over)
            .collect::<Vec<_>>()
    };
    assert_eq!(at(2.0), [false, false, false, false, false, true]);
    assert_eq!(at(2.5), [false; 6]);
    let mut scene = Scene::new(Params::default());
    assert!(scene.chart(ChartKind::Loss).series.iter().all(|s| !s.over));
    scene.update(Params {
        gamma: 0.0,
        ..Params::default()
    });
    let over: Vec<_> = scene
        .chart(ChartKind::Loss)
        .series
        .iter()
        .map(|s| s.over)
        .collect();
    assert_eq!(over, [false, true], "FL at γ = 0 lies on CE");
    scene.update(Params {
        gamma: 1.0,
        ..Params::default()
    });
    assert!(scene.chart(ChartKind::Loss).series.iter().all(|s| !s.over));
}

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

#[test]
fn the_labs_figure_4_shows_its_reference_curve_under_the_current_one() {
    let p = predictions();
    let theme = unique();
    for gamma in [0.0, 0.5, 1.0, 2.0, 3.0] {
        let s = p.summary(gamma, None).unwrap();
        let scene = LabScene::new(&p, &s);
        for chart in [LabChart::Negatives, LabChart::Positives] {
            let mut raster = Raster::new(W, H);
            {
                let area = (&mut raster).into_drawing_area();
                lab_draw::draw(&area, &scene, chart, &theme, 1.0).unwrap();
            }
            // The legend stands in the upper left (its lines are not the
            // curves): count right of it.
            for (i, c) in theme.family[..4].iter().chain([&theme.focal]).enumerate() {
                let n = raster.count(*c, W * 2 / 5);
                assert!(
                    n >= SEEN,
                    "lab {chart:?} at γ = {gamma}: curve {i} shows in {n} pixels"
                );
            }
        }
    }
}
