//! In-browser tests (wasm-bindgen-test in headless Chromium, or Firefox): the
//! JS API and the explorer handle drawing into real canvases, of the page and
//! offscreen.
#![cfg(target_arch = "wasm32")]

use focal_loss_explorer::curves::{ChartKind, Params, Scene};
use focal_loss_explorer::loss::{self, Label};
use focal_loss_explorer::web::api;
use focal_loss_explorer::web::explorer::Explorer;
use js_sys::{Array, Float64Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

wasm_bindgen_test_configure!(run_in_browser);

// ------------------------------------------------------------------ helpers

/// The `message` of the JS `Error` an error becomes at the boundary.
fn message(e: impl Into<JsValue>) -> String {
    let v: JsValue = e.into();
    match v.dyn_into::<js_sys::Error>() {
        Ok(err) => String::from(err.message()),
        Err(v) => panic!("the error is not a JS Error: {v:?}"),
    }
}

fn ok<T, E: Into<JsValue>>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {}", message(e)),
    }
}

/// The message of the error `r` must be; panics if `r` is Ok.
fn error_of<T, E: Into<JsValue>>(r: Result<T, E>) -> String {
    match r {
        Ok(_) => panic!("expected an error, got a value"),
        Err(e) => message(e),
    }
}

fn assert_error_names<T, E: Into<JsValue>>(r: Result<T, E>, name: &str) {
    let m = error_of(r);
    assert!(m.contains(name), "error {m:?} does not name {name:?}");
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).expect("property read")
}

fn num(o: &JsValue, key: &str) -> f64 {
    get(o, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn text(o: &JsValue, key: &str) -> String {
    get(o, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs())
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

fn js_array(v: &[f64]) -> JsValue {
    let a = Array::new();
    for &x in v {
        a.push(&JsValue::from_f64(x));
    }
    a.into()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A canvas appended to the document's body (via Reflect: no HtmlElement).
fn canvas() -> HtmlCanvasElement {
    let doc = document();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    let body = get(&doc, "body");
    let append: Function = get(&body, "appendChild").dyn_into().unwrap();
    append.call1(&body, &c).unwrap();
    c
}

fn ctx(c: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    c.get_context("2d").unwrap().unwrap().dyn_into().unwrap()
}

/// The RGBA pixels of a `w` × `h` region of a canvas's backing store.
fn pixels(c: &HtmlCanvasElement, x: f64, y: f64, w: f64, h: f64) -> Vec<u8> {
    ctx(c).get_image_data(x, y, w, h).unwrap().data().0
}

/// The most opaque pixel of the 7×7 backing pixels around (x, y).
fn strongest(c: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let d = pixels(c, x.round() - 3.0, y.round() - 3.0, 7.0, 7.0);
    let mut best = [0u8; 4];
    for px in d.chunks(4) {
        if px[3] > best[3] {
            best = [px[0], px[1], px[2], px[3]];
        }
    }
    best
}

/// The backing-store pixel of data point (u, v) on the loss chart with the
/// default parameters, found through plotRect (CSS pixels) and the frame's
/// ranges (of the scene the crate builds for those parameters).
fn to_pixel(ex: &mut Explorer, chart: &str, dpr: f64, u: f64, v: f64) -> (f64, f64) {
    assert_eq!(chart, "loss");
    let r: JsValue = ok(ex.plot_rect(chart)).into();
    let frame = Scene::new(Params::default()).chart(ChartKind::Loss).frame;
    let ((x0, x1), (y0, y1)) = (frame.x, frame.y);
    let fx = (u - x0) / (x1 - x0);
    let fy = (y1 - v) / (y1 - y0);
    let left = num(&r, "left");
    let top = num(&r, "top");
    let width = num(&r, "width");
    let height = num(&r, "height");
    assert!(
        width > 100.0 && height > 100.0,
        "plot rect {left},{top},{width},{height}"
    );
    ((left + fx * width) * dpr, (top + fy * height) * dpr)
}

/// A patch of one parameter, as JavaScript would pass it.
fn patch(key: &str, v: impl Into<JsValue>) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &JsValue::from_str(key), &v.into()).unwrap();
    o.into()
}

/// Sets one parameter, which must be accepted.
fn set(ex: &mut Explorer, key: &str, v: impl Into<JsValue>) {
    ok(ex.update(&patch(key, v)));
}

/// An explorer with the loss (and optionally gradient) chart attached.
fn explorer_with(
    charts: &[&str],
    w: f64,
    h: f64,
    dpr: f64,
) -> (Explorer, Vec<(HtmlCanvasElement, HtmlCanvasElement)>) {
    let mut ex = Explorer::new();
    let mut out = Vec::new();
    for &chart in charts {
        let back = canvas();
        let front = canvas();
        ok(ex.attach(chart, Some(back.clone().into()), Some(front.clone().into())));
        ok(ex.resize(chart, w, h, dpr));
        out.push((back, front));
    }
    (ex, out)
}

// ------------------------------------------------------------ the JS API

#[wasm_bindgen_test]
fn focal_loss_is_cross_entropy_at_gamma_zero() {
    let ce = ok(api::cross_entropy(0.3, 1.0));
    let fl = ok(api::focal_loss(0.3, 1.0, 0.0, None));
    assert_eq!(ce, fl);
}

#[wasm_bindgen_test]
fn pointwise_values_match_the_formulas() {
    let ce = ok(api::cross_entropy(0.9, 1.0));
    assert!(close(ce, -(0.9f64).ln(), 1e-14), "CE(0.9) = {ce}");
    // (1 − 0.9)² = 0.01: focal loss at γ = 2 is a hundredth of CE.
    let fl = ok(api::focal_loss(0.9, 1.0, 2.0, None));
    assert!(close(fl, 0.01 * ce, 1e-12), "FL = {fl}, CE = {ce}");
    // y = 0 uses pt = 1 − p.
    let fl0 = ok(api::focal_loss(0.1, 0.0, 2.0, None));
    assert!(close(fl0, fl, 1e-12), "FL(p = 0.1, y = 0) = {fl0}");
    // αt = α for y = 1, 1 − α for y = 0; a negative α means unweighted.
    let a1 = ok(api::focal_loss(0.9, 1.0, 2.0, Some(0.25)));
    assert!(close(a1, 0.25 * fl, 1e-12), "α-weighted y = 1: {a1}");
    let a0 = ok(api::focal_loss(0.1, 0.0, 2.0, Some(0.25)));
    assert!(close(a0, 0.75 * fl, 1e-12), "α-weighted y = 0: {a0}");
    let neg = ok(api::focal_loss(0.9, 1.0, 2.0, Some(-1.0)));
    assert!(close(neg, fl, 1e-15), "negative α: {neg}");
    // The logit form agrees with the probability form.
    let x = (0.9f64 / 0.1).ln();
    let fl_x = ok(api::focal_loss_logit(x, 1.0, 2.0, None));
    assert!(close(fl_x, fl, 1e-12), "FL(logit) = {fl_x}");
    let ce_x = ok(api::cross_entropy_logit(x, 1.0));
    assert!(close(ce_x, ce, 1e-12), "CE(logit) = {ce_x}");
    // Gradients: dCE/dx = pt − 1 for y = 1; d(−log p)/dp = −1/p.
    let g = ok(api::cross_entropy_logit_grad(x, 1.0));
    assert!(close(g, 0.9 - 1.0, 1e-12), "dCE/dx = {g}");
    let gp = ok(api::cross_entropy_grad(0.9, 1.0));
    assert!(close(gp, -1.0 / 0.9, 1e-12), "dCE/dp = {gp}");
    // dFL/dx = y (1 − pt)^γ (γ pt log pt + pt − 1).
    let want = 0.01 * (2.0 * 0.9 * (0.9f64).ln() + 0.9 - 1.0);
    let gfl = ok(api::focal_loss_logit_grad(x, 1.0, 2.0, None));
    assert!(close(gfl, want, 1e-10), "dFL/dx = {gfl}, want {want}");
    let m = ok(api::modulating_factor(0.9, 1.0, 2.0));
    assert!(close(m, 0.01, 1e-12), "(1 − pt)^γ = {m}");
    // FL* = −log σ(γ x + β) / γ.
    let star = ok(api::focal_loss_star_logit(0.5, 1.0, 2.0, 1.0));
    let want = loss::softplus(-(2.0 * 0.5 + 1.0)) / 2.0;
    assert!(close(star, want, 1e-12), "FL* = {star}, want {want}");
}

#[wasm_bindgen_test]
fn bad_pointwise_arguments_throw_errors_naming_them() {
    assert_error_names(api::focal_loss(0.5, 1.0, -1.0, None), "gamma");
    assert_error_names(api::focal_loss(0.5, 1.0, f64::NAN, None), "gamma");
    assert_error_names(api::focal_loss(0.5, 1.0, f64::INFINITY, None), "gamma");
    assert_error_names(api::focal_loss(0.5, 1.0, 2.0, Some(1.5)), "alpha");
    assert_error_names(api::focal_loss(0.5, 1.0, 2.0, Some(f64::NAN)), "alpha");
    assert_error_names(api::cross_entropy(0.5, 2.0), "y");
    assert_error_names(api::cross_entropy(0.5, 0.5), "y");
    assert_error_names(api::cross_entropy(1.5, 1.0), "p");
    assert_error_names(api::cross_entropy(-0.1, 1.0), "p");
    assert_error_names(api::cross_entropy(f64::NAN, 1.0), "p");
    assert_error_names(api::focal_loss_logit(f64::NAN, 1.0, 2.0, None), "x");
    assert_error_names(api::focal_loss_star(0.5, 1.0, 0.0, 1.0), "gamma");
    assert_error_names(api::focal_loss_star(0.5, 1.0, 2.0, f64::NAN), "beta");
    // The message says what was given.
    let m = error_of(api::focal_loss(0.5, 1.0, -1.0, None));
    assert!(m.contains("-1"), "{m:?} does not show the bad value");
}

#[wasm_bindgen_test]
fn sigmoid_focal_loss_batches_match_the_elementwise_loss() {
    let xs = [-3.0, -0.5, 0.0, 0.7, 2.5, 8.0];
    let ts = [0.0, 1.0, 1.0, 0.0, 0.3, 1.0];
    let (alpha, gamma) = (0.25, 2.0);
    let want: Vec<f64> = xs
        .iter()
        .zip(&ts)
        .map(|(&x, &t)| loss::sigmoid_focal_loss_elem(x, t, gamma, Some(alpha)))
        .collect();
    for (logits, targets) in [(f64s(&xs), f64s(&ts)), (js_array(&xs), js_array(&ts))] {
        let none = ok(api::sigmoid_focal_loss(
            &logits, &targets, alpha, gamma, "none",
        ));
        let arr = none
            .dyn_into::<Float64Array>()
            .expect("reduction none gives a Float64Array");
        let got = arr.to_vec();
        assert_eq!(got.len(), xs.len());
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(close(*g, *w, 1e-15), "element {i}: {g} vs {w}");
        }
        let sum = ok(api::sigmoid_focal_loss(
            &logits, &targets, alpha, gamma, "sum",
        ))
        .as_f64()
        .expect("sum is a number");
        let total: f64 = want.iter().sum();
        assert!(close(sum, total, 1e-12), "sum {sum} vs {total}");
        let mean = ok(api::sigmoid_focal_loss(
            &logits, &targets, alpha, gamma, "mean",
        ))
        .as_f64()
        .expect("mean is a number");
        assert!(close(mean, total / xs.len() as f64, 1e-12), "mean {mean}");
    }
    // Hard labels: an element is the pointwise focal loss of the logit.
    let one = ok(api::sigmoid_focal_loss(
        &f64s(&[0.7]),
        &f64s(&[1.0]),
        0.25,
        2.0,
        "sum",
    ))
    .as_f64()
    .unwrap();
    let fl = ok(api::focal_loss_logit(0.7, 1.0, 2.0, Some(0.25)));
    assert!(close(one, fl, 1e-15), "{one} vs {fl}");
    // α < 0: unweighted.
    let unw = ok(api::sigmoid_focal_loss(
        &f64s(&[0.7]),
        &f64s(&[1.0]),
        -1.0,
        2.0,
        "sum",
    ))
    .as_f64()
    .unwrap();
    let fl = ok(api::focal_loss_logit(0.7, 1.0, 2.0, None));
    assert!(close(unw, fl, 1e-15), "unweighted {unw} vs {fl}");
}

#[wasm_bindgen_test]
fn sigmoid_focal_loss_grad_is_the_derivative() {
    let xs = [-2.0, -0.3, 0.4, 1.5];
    let ts = [0.0, 1.0, 0.25, 1.0];
    let g = ok(api::sigmoid_focal_loss_grad(
        &f64s(&xs),
        &f64s(&ts),
        0.25,
        2.0,
    ))
    .to_vec();
    assert_eq!(g.len(), xs.len());
    for i in 0..xs.len() {
        let want = loss::sigmoid_focal_loss_elem_grad(xs[i], ts[i], 2.0, Some(0.25));
        assert!(close(g[i], want, 1e-15), "element {i}: {} vs {want}", g[i]);
        // A central difference of the loss itself.
        let h = 1e-5;
        let f = |x: f64| loss::sigmoid_focal_loss_elem(x, ts[i], 2.0, Some(0.25));
        let fd = (f(xs[i] + h) - f(xs[i] - h)) / (2.0 * h);
        assert!(
            (g[i] - fd).abs() < 1e-7,
            "element {i}: {} vs difference {fd}",
            g[i]
        );
    }
}

#[wasm_bindgen_test]
fn bad_batches_throw_errors_naming_the_argument() {
    let xs = f64s(&[0.1, 0.2, 0.3]);
    let ts = f64s(&[1.0, 0.0, 1.0]);
    let short = f64s(&[1.0, 0.0]);
    let sfl =
        |l: &JsValue, t: &JsValue, a: f64, g: f64, r: &str| api::sigmoid_focal_loss(l, t, a, g, r);
    assert_error_names(sfl(&xs, &short, 0.25, 2.0, "none"), "logits and targets");
    assert_error_names(
        sfl(&f64s(&[0.1, f64::NAN, 0.3]), &ts, 0.25, 2.0, "mean"),
        "logits",
    );
    assert_error_names(sfl(&xs, &ts, 0.25, -0.5, "sum"), "gamma");
    assert_error_names(sfl(&xs, &ts, 1.5, 2.0, "sum"), "alpha");
    assert_error_names(sfl(&xs, &ts, 0.25, 2.0, "average"), "reduction");
    assert_error_names(
        sfl(&xs, &f64s(&[1.0, 2.0, 0.0]), 0.25, 2.0, "none"),
        "targets",
    );
    assert_error_names(
        sfl(&JsValue::from_str("1,2,3"), &ts, 0.25, 2.0, "none"),
        "logits",
    );
    assert_error_names(sfl(&f64s(&[]), &f64s(&[]), 0.25, 2.0, "mean"), "logits");
    // The empty batch sums to 0 and gives an empty array.
    let empty = ok(sfl(&f64s(&[]), &f64s(&[]), 0.25, 2.0, "sum"));
    assert_eq!(empty.as_f64(), Some(0.0));
    assert_error_names(
        api::sigmoid_focal_loss_grad(&xs, &short, 0.25, 2.0),
        "logits and targets",
    );
    assert_error_names(
        api::sigmoid_focal_loss_grad(&xs, &ts, 0.25, f64::NAN),
        "gamma",
    );
}

// ------------------------------------------------------- the explorer handle

#[wasm_bindgen_test]
fn resize_sets_the_backing_store_and_render_draws_only_dirty_layers() {
    let (mut ex, canvases) = explorer_with(&["loss", "gradient"], 640.0, 360.0, 2.0);
    for (back, front) in &canvases {
        assert_eq!((back.width(), back.height()), (1280, 720));
        assert_eq!((front.width(), front.height()), (1280, 720));
    }
    let first = ok(ex.render());
    assert_eq!(first, 4, "back and front of two charts");
    assert_eq!(ok(ex.render()), 0, "nothing was dirty");
    // The same size again dirties nothing.
    ok(ex.resize("loss", 640.0, 360.0, 2.0));
    assert_eq!(ok(ex.render()), 0);

    let (back, _) = &canvases[0];
    let back_before = pixels(back, 0.0, 0.0, 1280.0, 720.0);
    set(&mut ex, "gamma", 1.0);
    assert_eq!(ok(ex.render()), 2, "γ redraws one front layer per chart");
    assert_eq!(ok(ex.render()), 0);
    let back_after = pixels(back, 0.0, 0.0, 1280.0, 720.0);
    assert!(
        back_before == back_after,
        "γ must not redraw the back layer"
    );
    // The same γ again is no change.
    set(&mut ex, "gamma", 1.0);
    assert_eq!(ok(ex.render()), 0);
    // The α weighting switch redraws at least the front layer of each chart.
    set(&mut ex, "weighted", true);
    assert!(ok(ex.render()) >= 2);
    // A new frame (the Figure 1 overlay) redraws both layers of each chart.
    set(&mut ex, "figure1", true);
    assert_eq!(ok(ex.render()), 4);
    // The theme too.
    set(&mut ex, "dark", true);
    assert_eq!(ok(ex.render()), 4);
    set(&mut ex, "dark", true);
    assert_eq!(ok(ex.render()), 0);
    // A new size redraws both layers of that chart only.
    ok(ex.resize("gradient", 500.0, 300.0, 1.0));
    assert_eq!(ok(ex.render()), 2);
    assert_eq!((canvases[1].0.width(), canvases[1].0.height()), (500, 300));
}

#[wasm_bindgen_test]
fn a_draft_draws_the_front_layer_at_its_own_resolution_and_full_again_after() {
    let (mut ex, canvases) = explorer_with(&["loss"], 640.0, 360.0, 2.0);
    let (back, front) = &canvases[0];
    assert_eq!(ok(ex.render()), 2);
    let back_before = pixels(back, 0.0, 0.0, 1280.0, 720.0);
    let full = pixels(front, 0.0, 0.0, 1280.0, 720.0);

    // A drag: the front layer at 1 pixel per CSS px, the back untouched.
    ok(ex.draft(1.0));
    set(&mut ex, "gamma", 3.0);
    assert_eq!(ok(ex.render()), 1, "a draft redraws the front layer only");
    assert_eq!((front.width(), front.height()), (640, 360));
    assert_eq!((back.width(), back.height()), (1280, 720));
    assert!(pixels(back, 0.0, 0.0, 1280.0, 720.0) == back_before);
    set(&mut ex, "gamma", 2.0);
    assert_eq!(ok(ex.render()), 1);

    // Settled: the front at full resolution again, the same pixels as
    // before the drag (γ is back at 2).
    ok(ex.draft(0.0));
    assert_eq!(ok(ex.render()), 1, "the full frame redraws the front only");
    assert_eq!((front.width(), front.height()), (1280, 720));
    assert!(pixels(front, 0.0, 0.0, 1280.0, 720.0) == full);
    // Off twice, or a draft no coarser than the screen, changes nothing.
    ok(ex.draft(0.0));
    ok(ex.draft(2.0));
    assert_eq!(ok(ex.render()), 0);
    assert_error_names(ex.draft(f64::NAN), "draft scale");
}

#[wasm_bindgen_test]
fn gamma_moves_redraw_only_the_front_layer_of_the_loss_chart() {
    // The loss chart's axes do not depend on γ: every γ move, wherever it
    // goes, must redraw its front layer only (1 layer per render).
    let (mut ex, canvases) = explorer_with(&["loss"], 640.0, 360.0, 1.0);
    assert_eq!(ok(ex.render()), 2);
    let back = &canvases[0].0;
    let before = pixels(back, 0.0, 0.0, 640.0, 360.0);
    let mut counts = Vec::new();
    for g in [3.0, 0.0, 1.0, 5.0, 20.0, 0.5, 2.0] {
        set(&mut ex, "gamma", g);
        counts.push((g, ok(ex.render())));
    }
    assert!(
        counts.iter().all(|&(_, n)| n == 1),
        "layers drawn per γ move (γ, layers): {counts:?}; the loss chart's back layer was redrawn"
    );
    assert!(before == pixels(back, 0.0, 0.0, 640.0, 360.0));
}

#[wasm_bindgen_test]
fn update_rejects_bad_values_naming_them_and_changes_nothing() {
    let mut ex = Explorer::new();
    assert_error_names(ex.update(&patch("gamma", 25.0)), "gamma");
    assert_error_names(ex.update(&patch("gamma", -1.0)), "gamma");
    assert_error_names(ex.update(&patch("gamma", "lots")), "gamma");
    assert_error_names(ex.update(&patch("alpha", 2.0)), "alpha");
    assert_error_names(ex.update(&patch("starGamma", 0.0)), "starGamma");
    assert_error_names(ex.update(&patch("starBeta", 11.0)), "starBeta");
    assert_error_names(ex.update(&patch("axis", "q")), "axis");
    assert_error_names(ex.update(&patch("label", 3.0)), "label");
    assert_error_names(ex.update(&patch("weighted", JsValue::NULL)), "weighted");
    assert_error_names(ex.update(&patch("gama", 1.0)), "gama");
    assert_error_names(ex.update(&JsValue::from_f64(2.0)), "object");
    assert_error_names(ex.readout_at("pie", 0.5), "chart");
    assert_error_names(ex.preset("pie"), "preset");
    assert_error_names(ex.plot_rect("loss"), "no canvases");
    assert_error_names(ex.resize("loss", 100.0, 100.0, 1.0), "no canvases");
    // All or nothing: a good γ beside a bad axis is not applied either.
    let both = patch("gamma", 3.0);
    Reflect::set(&both, &JsValue::from_str("axis"), &JsValue::from_str("q")).unwrap();
    assert_error_names(ex.update(&both), "axis");
    // Nothing changed: the defaults are still there.
    let p: JsValue = ex.params().into();
    assert_eq!(num(&p, "gamma"), 2.0);
    assert_eq!(get(&p, "axis").as_string().as_deref(), Some("pt"));
    // γ beyond the slider, up to 20, is accepted, and update says so.
    let changed: JsValue = ok(ex.update(&patch("gamma", 20.0))).into();
    assert_eq!(num(&changed, "gamma"), 20.0);
    assert_eq!(
        js_sys::Object::keys(changed.unchecked_ref::<js_sys::Object>()).length(),
        1
    );
    assert_eq!(num(&ex.params().into(), "gamma"), 20.0);
    let again: JsValue = ok(ex.update(&patch("gamma", 20.0))).into();
    assert_eq!(
        js_sys::Object::keys(again.unchecked_ref::<js_sys::Object>()).length(),
        0,
        "no change"
    );
}

#[wasm_bindgen_test]
fn a_link_read_into_the_explorer_comes_back_as_its_canonical_query() {
    let mut ex = Explorer::new();
    let pairs = Array::new();
    for (k, v) in [
        ("gamma", "3"),
        ("alpha", "0.5"),
        ("axis", "x"),
        ("y", "9"),
        ("embed", "1"),
    ] {
        pairs.push(&Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)));
    }
    let read: JsValue = ok(ex.read(&pairs, "query")).into();
    let problems = Array::from(&get(&read, "problems"));
    assert_eq!(problems.length(), 1);
    let changed = get(&read, "changed");
    assert_eq!(num(&changed, "gamma"), 3.0);
    assert_eq!(get(&changed, "axis").as_string().as_deref(), Some("x"));
    assert_eq!(
        problems.get(0).as_string().unwrap(),
        "y = “9” is not one of 1, 0, both and is ignored"
    );
    assert_eq!(ex.query(), "gamma=3&alpha=0.5&axis=x");
    assert_eq!(
        ok(ex.file_stem("loss")),
        "focal-loss_loss_gamma-3_alpha-0.5_axis-x_y-1"
    );
    assert_error_names(ex.read(&pairs, "cookies"), "source");
}

#[wasm_bindgen_test]
fn readouts_give_the_exact_values_of_every_curve() {
    let (mut ex, _canvases) = explorer_with(&["loss"], 640.0, 360.0, 2.0);
    ok(ex.render());
    let r: JsValue = ok(ex.readout_at("loss", 0.5)).into();
    assert_eq!(num(&r, "x"), 0.5);
    assert_eq!(text(&r, "xName"), "pt");
    let rows = Array::from(&get(&r, "rows"));
    assert_eq!(rows.length(), 2);
    let ce = ok(api::cross_entropy(0.5, 1.0));
    let fl = ok(api::focal_loss(0.5, 1.0, 2.0, None));
    assert_eq!(num(&rows.get(0), "value"), ce);
    assert_eq!(num(&rows.get(1), "value"), fl);
    assert_eq!(text(&rows.get(0), "text"), "0.6931");
    // The crosshair's place and the pointer's CSS x are one mapping: a
    // pointer where the crosshair stands reads the same pt, and the
    // crosshair stands inside the plotting area, halfway across it (the
    // last pixel's centre is the area's end − 1, as in the drawing).
    let mid = num(&r, "left");
    let rect: JsValue = ok(ex.plot_rect("loss")).into();
    let half = num(&rect, "left") + 0.5 * (num(&rect, "width") - 1.0 / 2.0);
    assert!(
        (mid - half).abs() < 1e-9,
        "crosshair at {mid}, half is {half}"
    );
    let r2: JsValue = ok(ex.readout("loss", mid)).into();
    assert!((num(&r2, "x") - 0.5).abs() < 1e-9, "x = {}", num(&r2, "x"));
    assert!((num(&r2, "left") - mid).abs() < 1e-9);
    set(&mut ex, "gamma", 0.0);
    let r3: JsValue = ok(ex.readout_at("loss", 0.5)).into();
    let rows = Array::from(&get(&r3, "rows"));
    assert_eq!(num(&rows.get(1), "value"), ce, "FL at γ = 0 is CE");
}

#[wasm_bindgen_test]
fn curves_pass_between_whole_pixels() {
    // At a device pixel ratio of 1, FL (γ = 2) falls by only 8 pixels across
    // pt ∈ [0.5, 0.7], 110 columns. Drawn through whole pixels it steps: its
    // vertical centre stays put for 16 columns at a time. Drawn through the
    // points as they are, it moves within every few columns (at most 6 alike
    // when this test was written).
    let (mut ex, canvases) = explorer_with(&["loss"], 640.0, 360.0, 1.0);
    let (_, front) = &canvases[0];
    ok(ex.render());
    let (left, _) = to_pixel(&mut ex, "loss", 1.0, 0.5, 0.0);
    let (right, _) = to_pixel(&mut ex, "loss", 1.0, 0.7, 0.0);
    let (_, top) = to_pixel(&mut ex, "loss", 1.0, 0.5, 0.5);
    let (_, bottom) = to_pixel(&mut ex, "loss", 1.0, 0.5, -0.1);
    let (x0, x1) = (left.ceil(), right.floor());
    let (y0, y1) = (top.floor(), bottom.ceil());
    let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let d = pixels(front, x0, y0, w as f64, h as f64);
    let mut centres = Vec::new();
    for col in 0..w {
        let (mut sum, mut weight) = (0.0, 0.0);
        for row in 0..h {
            let a = f64::from(d[(row * w + col) * 4 + 3]);
            sum += a * row as f64;
            weight += a;
        }
        assert!(weight > 0.0, "column {col} of the curve is empty");
        centres.push(((sum / weight) * 100.0).round() as i64);
    }
    let drop = (centres[w - 1] - centres[0]).abs() as f64 / 100.0;
    // The longest run of columns with the same centre: a step.
    let mut longest = 1;
    let mut run = 1;
    for pair in centres.windows(2) {
        run = if pair[0] == pair[1] { run + 1 } else { 1 };
        longest = longest.max(run);
    }
    assert!(
        drop > 3.0 && longest < 10,
        "the curve's centre stays put for {longest} columns (of {w}, over a fall of {drop:.1} px)"
    );
}

#[wasm_bindgen_test]
fn a_composed_front_shows_the_back_with_the_moving_curves_over_it() {
    let (w, h) = (1280.0, 720.0);
    let (mut layered, canvases) = explorer_with(&["loss"], 640.0, 360.0, 2.0);
    let (back, front) = &canvases[0];
    ok(layered.render());
    let (mut composed, canvases2) = explorer_with(&["loss"], 640.0, 360.0, 2.0);
    let (back2, front2) = &canvases2[0];
    ok(composed.compose_front("loss", true));
    ok(composed.render());
    let (b, f) = (pixels(back, 0.0, 0.0, w, h), pixels(front, 0.0, 0.0, w, h));
    let (b2, f2) = (
        pixels(back2, 0.0, 0.0, w, h),
        pixels(front2, 0.0, 0.0, w, h),
    );
    assert_eq!(b, b2, "the back layers differ");
    assert!(
        f2.chunks(4).all(|p| p[3] == 255),
        "the composed front is not opaque"
    );
    // Where the layered front is empty, the composed one is the back (within
    // two steps of rounding: a stroke's faintest edge rounds to transparent
    // on its own layer, and to a step darker over the back).
    let near = |a: &[u8], b: &[u8]| a.iter().zip(b).all(|(x, y)| x.abs_diff(*y) <= 2);
    let mut same = 0;
    let mut curve = 0;
    for i in (0..f.len()).step_by(4) {
        if f[i + 3] == 0 {
            assert!(
                near(&f2[i..i + 4], &b[i..i + 4]),
                "pixel {} is {:?}, not the back's {:?}",
                i / 4,
                &f2[i..i + 4],
                &b[i..i + 4]
            );
            same += 1;
        } else if f[i + 3] == 255 {
            // A solid pixel: the composed front shows the curve there (within
            // the same two steps: the guides' translucent lines over their
            // labels' backing round differently on a transparent layer).
            assert!(
                near(&f2[i..i + 3], &f[i..i + 3]),
                "curve pixel {} differs: {:?}, not {:?}",
                i / 4,
                &f2[i..i + 3],
                &f[i..i + 3]
            );
            curve += 1;
        }
    }
    assert!(
        same > 100_000 && curve > 1_000,
        "same {same}, curve {curve}"
    );
    // A γ move redraws the composed front over the unchanged back.
    set(&mut composed, "gamma", 4.0);
    assert_eq!(ok(composed.render()), 1, "only the front is redrawn");
    assert_ne!(
        pixels(front2, 0.0, 0.0, w, h),
        f2,
        "γ did not move the curve"
    );
    assert_eq!(pixels(back2, 0.0, 0.0, w, h), b2);
}

#[wasm_bindgen_test]
fn an_explorer_without_canvases_answers_readouts_as_one_that_draws() {
    // The page draws in a worker; its own explorer keeps the sizes only.
    let (mut drawing, _canvases) = explorer_with(&["loss", "gradient"], 640.0, 360.0, 2.0);
    assert!(ok(drawing.render()) > 0);
    let mut sizes_only = Explorer::new();
    for chart in ["loss", "gradient"] {
        ok(sizes_only.attach(chart, None, None));
        ok(sizes_only.resize(chart, 640.0, 360.0, 2.0));
    }
    assert_eq!(ok(sizes_only.render()), 0, "nothing to draw into");
    for chart in ["loss", "gradient"] {
        let a: JsValue = ok(drawing.plot_rect(chart)).into();
        let b: JsValue = ok(sizes_only.plot_rect(chart)).into();
        for key in ["left", "top", "width", "height"] {
            assert_eq!(num(&a, key), num(&b, key), "{chart} {key}");
        }
        let ra: JsValue = ok(drawing.readout(chart, 300.0)).into();
        let rb: JsValue = ok(sizes_only.readout(chart, 300.0)).into();
        assert_eq!(num(&ra, "x"), num(&rb, "x"));
        assert_eq!(num(&ra, "left"), num(&rb, "left"));
    }
    assert_error_names(
        sizes_only.attach("loss", Some(canvas().into()), None),
        "both canvases",
    );
}

#[wasm_bindgen_test]
fn the_focal_loss_curve_is_drawn_where_it_must_pass() {
    let dpr = 2.0;
    let (mut ex, canvases) = explorer_with(&["loss"], 640.0, 360.0, dpr);
    let (back, front) = &canvases[0];
    // Before any render, the front layer is blank.
    let blank = pixels(front, 0.0, 0.0, 1280.0, 720.0);
    assert!(blank.chunks(4).all(|p| p[3] == 0));
    assert!(ok(ex.render()) > 0);

    let fl = loss::focal_loss_prob(0.3, Label::Positive, 2.0, None);
    let (fx, fy) = to_pixel(&mut ex, "loss", dpr, 0.3, fl);
    let on = strongest(front, fx, fy);
    assert!(
        on[3] >= 200,
        "FL(0.3) pixel at ({fx}, {fy}) is not opaque: {on:?}"
    );
    assert!(
        on[0] > on[1] && on[1] > on[2] && on[0] > 150,
        "FL pixel is not orange: {on:?}"
    );
    // CE is on the back layer, blue (b > g > r).
    let ce = loss::cross_entropy_prob(0.3, Label::Positive);
    let (cx, cy) = to_pixel(&mut ex, "loss", dpr, 0.3, ce);
    let blue = strongest(back, cx, cy);
    assert!(
        blue[2] > blue[1] && blue[1] > blue[0],
        "CE pixel is not blue: {blue:?}"
    );
    // Far from any curve (and below the guides' labels, near the top) the
    // front layer is transparent.
    let (ox, oy) = to_pixel(&mut ex, "loss", dpr, 0.8, 2.5);
    let off = strongest(front, ox, oy);
    assert_eq!(
        off[3], 0,
        "front pixel far from FL is not transparent: {off:?}"
    );

    // γ = 0: FL becomes CE; the old spot is empty, the new one orange.
    set(&mut ex, "gamma", 0.0);
    assert!(ok(ex.render()) >= 1);
    let after = strongest(front, fx, fy);
    assert_ne!(after, on, "the pixel did not change with γ");
    assert_eq!(after[3], 0, "the old FL spot is still drawn: {after:?}");
    let now = strongest(front, cx, cy);
    assert!(
        now[3] >= 200 && now[0] > now[1] && now[1] > now[2],
        "FL at γ = 0 is not drawn over CE: {now:?}"
    );
}

#[wasm_bindgen_test]
fn draw_to_paints_the_whole_chart_in_a_canvas() {
    let mut ex = Explorer::new();
    let c = canvas();
    c.set_width(800);
    c.set_height(450);
    ok(ex.draw_to("loss", c.clone().into(), 1.0));
    let d = pixels(&c, 0.0, 0.0, 800.0, 450.0);
    // Opaque background, and orange and blue curve pixels in it.
    assert!(
        d.chunks(4).all(|p| p[3] == 255),
        "the background is not opaque"
    );
    let orange = d
        .chunks(4)
        .filter(|p| p[0] > 180 && p[1] > 60 && p[1] < 130 && p[2] < 60)
        .count();
    let blue = d
        .chunks(4)
        .filter(|p| p[0] < 40 && p[1] > 90 && p[1] < 140 && p[2] > 150)
        .count();
    assert!(orange > 200, "{orange} orange pixels");
    assert!(blue > 200, "{blue} blue pixels");
}

/// An `OffscreenCanvas` of `w` × `h` backing pixels, as a worker gets one.
fn offscreen(w: u32, h: u32) -> OffscreenCanvas {
    OffscreenCanvas::new(w, h).expect("new OffscreenCanvas")
}

fn offscreen_ctx(c: &OffscreenCanvas) -> OffscreenCanvasRenderingContext2d {
    c.get_context("2d").unwrap().unwrap().dyn_into().unwrap()
}

/// The RGBA pixels of an `OffscreenCanvas`'s whole backing store.
fn offscreen_pixels(c: &OffscreenCanvas) -> Vec<u8> {
    let (w, h) = (f64::from(c.width()), f64::from(c.height()));
    offscreen_ctx(c)
        .get_image_data(0.0, 0.0, w, h)
        .unwrap()
        .data()
        .0
}

#[wasm_bindgen_test]
fn offscreen_canvases_get_the_same_pixels_as_canvases_of_the_page() {
    // The same chart, with a γ move, drawn by two explorers: one into
    // canvases of the page, one into OffscreenCanvases (as the page's
    // drawing worker does), each composing its front over its back.
    let (w, h) = (1280.0, 720.0);
    let (mut page, canvases) = explorer_with(&["loss"], 640.0, 360.0, 2.0);
    let (back, front) = &canvases[0];
    let mut off = Explorer::new();
    let (oback, ofront) = (offscreen(1, 1), offscreen(1, 1));
    ok(off.attach(
        "loss",
        Some(oback.clone().into()),
        Some(ofront.clone().into()),
    ));
    ok(off.resize("loss", 640.0, 360.0, 2.0));
    assert_eq!((oback.width(), ofront.height()), (1280, 720), "resize");
    for ex in [&mut page, &mut off] {
        ok(ex.compose_front("loss", true));
        set(ex, "gamma", 3.5);
        assert_eq!(ok(ex.render()), 2);
    }
    let b = pixels(back, 0.0, 0.0, w, h);
    let f = pixels(front, 0.0, 0.0, w, h);
    assert!(
        b.chunks(4).filter(|p| p[..3] != [255, 255, 255]).count() > 10_000,
        "the axes are not drawn"
    );
    assert!(f != b, "the front shows no curve over the back");
    assert!(offscreen_pixels(&oback) == b, "the back layers differ");
    assert!(offscreen_pixels(&ofront) == f, "the front layers differ");

    // And the whole chart, as a PNG export draws it.
    let whole = canvas();
    whole.set_width(800);
    whole.set_height(450);
    ok(page.draw_to("gradient", whole.clone().into(), 1.0));
    let owhole = offscreen(800, 450);
    ok(off.draw_to("gradient", owhole.clone().into(), 1.0));
    assert!(
        offscreen_pixels(&owhole) == pixels(&whole, 0.0, 0.0, 800.0, 450.0),
        "the exported charts differ"
    );
}

#[wasm_bindgen_test]
fn the_explorer_asks_each_canvas_for_its_context_once() {
    // Gecko throws on a second getContext of a canvas handed to a worker:
    // the explorer keeps the context it got, through frames and resizes.
    let count = Function::new_with_args(
        "c",
        "const get = c.getContext; c.calls = 0; \
         c.getContext = (...a) => { c.calls++; return get.apply(c, a); };",
    );
    let (back, front) = (offscreen(1, 1), offscreen(1, 1));
    for c in [&back, &front] {
        count.call1(&JsValue::NULL, c).unwrap();
    }
    let mut ex = Explorer::new();
    ok(ex.attach(
        "loss",
        Some(back.clone().into()),
        Some(front.clone().into()),
    ));
    ok(ex.compose_front("loss", true));
    ok(ex.resize("loss", 320.0, 180.0, 1.0));
    ok(ex.render());
    set(&mut ex, "gamma", 4.0);
    ok(ex.render());
    ok(ex.resize("loss", 400.0, 200.0, 2.0));
    assert_eq!(ok(ex.render()), 2);
    for (name, c) in [("back", &back), ("front", &front)] {
        assert_eq!(
            num(c, "calls"),
            1.0,
            "getContext calls on the {name} canvas"
        );
    }
}

#[wasm_bindgen_test]
fn attaching_something_that_is_not_a_canvas_names_the_argument() {
    let mut ex = Explorer::new();
    let div: JsValue = document().create_element("div").unwrap().into();
    let m = error_of(ex.attach("loss", Some(div.clone()), Some(canvas().into())));
    assert!(
        m.contains("back") && m.contains("HTMLDivElement"),
        "error {m:?} does not name back and what it got"
    );
    let m = error_of(ex.attach("loss", Some(canvas().into()), Some(JsValue::from(7))));
    assert!(
        m.contains("front") && m.contains("number"),
        "error {m:?} does not name front and what it got"
    );
    // A 2D context is not its canvas.
    let ctx: JsValue = offscreen_ctx(&offscreen(4, 4)).into();
    assert_error_names(ex.attach("loss", Some(ctx.clone()), Some(ctx)), "back");
    assert_error_names(ex.draw_to("loss", div, 1.0), "canvas");
    assert_error_names(ex.draw_to("loss", JsValue::UNDEFINED, 1.0), "canvas");
    // Nothing was attached.
    assert_error_names(ex.plot_rect("loss"), "has no canvases attached");
}

#[wasm_bindgen_test]
fn export_svg_is_an_svg_document_with_the_curves() {
    let mut ex = Explorer::new();
    let svg = ok(ex.export_svg("loss", 800, 450));
    assert!(
        svg.contains("<svg"),
        "no <svg in {}",
        &svg[..svg.len().min(200)]
    );
    assert!(
        svg.contains("<polyline") || svg.contains("<path"),
        "no curve elements"
    );
    assert!(svg.contains("FL (γ = 2)"), "the legend does not name FL");
    // It parses as XML, with an <svg> root of the asked size.
    let global = js_sys::global();
    let ctor: Function = get(&global, "DOMParser").dyn_into().unwrap();
    let parser = Reflect::construct(&ctor, &Array::new()).unwrap();
    let parse: Function = get(&parser, "parseFromString").dyn_into().unwrap();
    let doc = parse
        .call2(
            &parser,
            &JsValue::from_str(&svg),
            &JsValue::from_str("image/svg+xml"),
        )
        .unwrap();
    let by_tag: Function = get(&doc, "getElementsByTagName").dyn_into().unwrap();
    let errors = by_tag
        .call1(&doc, &JsValue::from_str("parsererror"))
        .unwrap();
    assert_eq!(num(&errors, "length"), 0.0, "the SVG does not parse");
    let root = get(&doc, "documentElement");
    assert_eq!(text(&root, "nodeName"), "svg");
    let attr: Function = get(&root, "getAttribute").dyn_into().unwrap();
    let w = attr.call1(&root, &JsValue::from_str("width")).unwrap();
    let h = attr.call1(&root, &JsValue::from_str("height")).unwrap();
    assert_eq!(w.as_string().as_deref(), Some("800"));
    assert_eq!(h.as_string().as_deref(), Some("450"));
    // Drawn at twice the size (plotters' SVG coordinates are whole
    // numbers), shown at the asked size.
    let view_box = attr.call1(&root, &JsValue::from_str("viewBox")).unwrap();
    assert_eq!(view_box.as_string().as_deref(), Some("0 0 1600 900"));
    let lines = by_tag.call1(&doc, &JsValue::from_str("polyline")).unwrap();
    let paths = by_tag.call1(&doc, &JsValue::from_str("path")).unwrap();
    assert!(
        num(&lines, "length") + num(&paths, "length") >= 2.0,
        "fewer than two curves"
    );
    assert_error_names(ex.export_svg("pie", 800, 450), "chart");
}

// ------------------------------------------------------------ number text

/// The engine's shortest digits, placed by `number::display`, write what
/// Rust's `Display` writes (the ticks, the links, the canvas's colours and
/// fonts use it in place of `format!("{v}")`).
#[wasm_bindgen_test]
fn number_display_writes_what_rust_display_writes() {
    use focal_loss_explorer::number::display;
    let edges = [
        0.0,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        5e-324,
        1e-300,
        1e-7,
        1.5e-7,
        1e-6,
        0.1,
        0.1 + 0.2,
        0.9,
        1.0,
        123.456,
        9.999999999999999e20,
        1e21,
        1.5e21,
        1e300,
        f64::MAX,
    ];
    for v in edges {
        assert_eq!(display(v), format!("{v}"), "{v:e}");
        assert_eq!(display(-v), format!("{}", -v), "{:e}", -v);
    }
    for i in -20_000..=20_000i64 {
        let v = i as f64 / 1e4;
        assert_eq!(display(v), format!("{v}"));
    }
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let v = f64::from_bits(x);
        let (engine, rust) = (display(v), format!("{v}"));
        if engine != rust {
            // An exact tie between two shortest digit strings (such as
            // 1658206780088562.25 at 17 digits): the engine takes the even
            // last digit, as ECMAScript's Number::toString says, and Rust
            // rounds up. Both are as short, and both read back as `v`.
            assert_eq!(engine.len(), rust.len(), "{x:#x}: {engine} against {rust}");
            assert_eq!(engine.parse::<f64>(), Ok(v), "{x:#x}: {engine}");
            assert_eq!(rust.parse::<f64>(), Ok(v), "{x:#x}: {rust}");
        }
    }
}
