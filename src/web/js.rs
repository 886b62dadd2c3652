//! Values across the boundary: the schema's values as plain JS values and
//! back, and small plain objects for results.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::params::{Field, Input, Kind, Params, Value, CHART_NAMES, FIELDS};

/// Sets a property of a plain fresh object (which cannot fail).
pub(crate) fn set(obj: &Object, key: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &v.into());
}

/// A parameter's value as JavaScript sees it: numbers, booleans, the axis
/// as a word, the label as the number 0 or 1, the charts as an object of
/// booleans.
pub(crate) fn value_to_js(field: &Field, v: Value) -> JsValue {
    match v {
        Value::Number(n) => n.into(),
        Value::Bool(b) => b.into(),
        Value::Word(w) if field.name == "label" && w != "both" => {
            JsValue::from_f64(if w == "0" { 0.0 } else { 1.0 })
        }
        Value::Word(w) => w.into(),
        Value::Charts(set) => {
            let o = Object::new();
            for (name, on) in CHART_NAMES.iter().zip(set) {
                self::set(&o, name, on);
            }
            o.into()
        }
    }
}

/// Every parameter of `p`, by name, as a plain object.
pub(crate) fn params_to_js(p: &Params) -> Object {
    let o = Object::new();
    for f in &FIELDS {
        set(&o, f.name, value_to_js(f, p.get(f.key)));
    }
    o
}

/// The parameters that differ between `old` and `new`, as a plain object.
pub(crate) fn changes_to_js(old: &Params, new: &Params) -> Object {
    let o = Object::new();
    for f in FIELDS.iter().filter(|f| old.get(f.key) != new.get(f.key)) {
        set(&o, f.name, value_to_js(f, new.get(f.key)));
    }
    o
}

/// Reads `v` (a property of a patch) as the schema's input, with `text`
/// holding any string it is.
pub(crate) fn input<'a>(v: &JsValue, text: &'a mut String) -> Input<'a> {
    if let Some(n) = v.as_f64() {
        Input::Number(n)
    } else if let Some(b) = v.as_bool() {
        Input::Bool(b)
    } else if let Some(s) = v.as_string() {
        *text = s;
        Input::Text(text)
    } else if v.is_object() && !Array::is_array(v) {
        let mut set = [false; 3];
        for (i, name) in CHART_NAMES.iter().enumerate() {
            set[i] = Reflect::get(v, &JsValue::from_str(name))
                .ok()
                .and_then(|x| x.as_bool())
                .unwrap_or(false);
        }
        Input::Charts(set)
    } else if v.is_null() {
        Input::Other("null")
    } else if v.is_undefined() {
        Input::Other("undefined")
    } else {
        Input::Other("a value of another kind")
    }
}

/// The schema, for the page: [{name, query, attribute, kind, default, and
/// by kind min, max, step, sliderMin, sliderMax (numbers), words [off, on]
/// (switches), choices}].
#[wasm_bindgen]
pub fn schema() -> Array {
    let defaults = Params::default();
    let out = Array::new();
    for f in &FIELDS {
        let o = Object::new();
        set(&o, "name", f.name);
        if let Some(q) = f.query {
            set(&o, "query", q);
        }
        if let Some(a) = f.attribute {
            set(&o, "attribute", a);
        }
        set(&o, "default", value_to_js(f, defaults.get(f.key)));
        match f.kind {
            Kind::Number {
                min,
                max,
                step,
                slider,
            } => {
                set(&o, "kind", "number");
                set(&o, "min", min);
                set(&o, "max", max);
                set(&o, "step", step);
                set(&o, "sliderMin", slider.0);
                set(&o, "sliderMax", slider.1);
            }
            Kind::Switch { words } => {
                set(&o, "kind", "switch");
                let a = Array::of2(&JsValue::from_str(words.0), &JsValue::from_str(words.1));
                set(&o, "words", a);
            }
            Kind::Choice(words) => {
                set(&o, "kind", "choice");
                let a = Array::new();
                for w in words {
                    a.push(&JsValue::from_str(w));
                }
                set(&o, "choices", a);
            }
            Kind::Charts => set(&o, "kind", "charts"),
        }
        out.push(&o);
    }
    out
}
