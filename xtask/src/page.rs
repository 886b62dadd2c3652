//! The page's controls take their limits and first values from the
//! parameters' schema (src/params.rs) when the page is built: each control
//! names its parameter (`data-param`), and the build writes `min`, `max`,
//! `step`, `value`, `checked`, `disabled` and an output's text from the
//! schema, so that the markup repeats no number and the controls are right
//! before the wasm arrives.

use focal_loss_explorer::params::{field, tidy, Kind, Params, Value, CHART_NAMES};

use crate::Result;

/// The value of attribute `name` in the start tag `tag`.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// What the build adds to one start tag.
fn fill(tag: &str) -> Result<String> {
    let defaults = Params::default();
    let mut extra = String::new();
    if let Some(name) = attr(tag, "data-param") {
        let f = field(name).ok_or_else(|| format!("index.html: no parameter {name}"))?;
        let v = defaults.get(f.key);
        match (f.kind, v, attr(tag, "type")) {
            (
                Kind::Number {
                    min,
                    max,
                    step,
                    slider,
                },
                Value::Number(n),
                Some(kind),
            ) => {
                let (lo, hi) = if kind == "range" { slider } else { (min, max) };
                extra = format!(
                    " min=\"{}\" max=\"{}\" step=\"{}\" value=\"{}\"",
                    tidy(lo),
                    tidy(hi),
                    tidy(step),
                    tidy(n.clamp(lo, hi))
                );
            }
            (_, Value::Bool(true), Some("checkbox")) => extra = " checked".into(),
            (_, Value::Charts(set), Some("checkbox")) => {
                let chart = attr(tag, "value").unwrap_or_default();
                let i = CHART_NAMES.iter().position(|c| *c == chart);
                if i.is_some_and(|i| set[i]) {
                    extra = " checked".into();
                }
            }
            _ => {}
        }
    }
    if let Some(by) = attr(tag, "data-enabled-by") {
        let f = field(by).ok_or_else(|| format!("index.html: no parameter {by}"))?;
        if defaults.get(f.key) == Value::Bool(false) {
            extra.push_str(" disabled");
        }
    }
    if tag.starts_with("<figure") {
        if let Some(chart) = attr(tag, "data-chart") {
            let i = CHART_NAMES.iter().position(|c| *c == chart);
            if i.is_some_and(|i| !defaults.charts[i]) {
                extra.push_str(" hidden");
            }
        }
    }
    Ok(format!("{}{extra}>", &tag[..tag.len() - 1]))
}

/// `html` with every control filled in from the schema.
pub fn fill_controls(html: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = start
            + rest[start..]
                .find('>')
                .ok_or("index.html: a tag is not closed")?
            + 1;
        let tag = &rest[start..end];
        let filled = if tag.contains(" data-param=\"")
            || tag.contains(" data-enabled-by=\"")
            || tag.starts_with("<figure ")
        {
            fill(tag)?
        } else {
            tag.to_string()
        };
        out.push_str(&filled);
        rest = &rest[end..];
        // An output shows its parameter's first value.
        if filled.starts_with("<output") {
            if let Some(name) = attr(&filled, "data-param") {
                if let (Some(f), true) = (field(name), rest.starts_with("</output>")) {
                    if let Value::Number(n) = Params::default().get(f.key) {
                        out.push_str(&tidy(n));
                    }
                }
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fill_controls;

    #[test]
    fn controls_get_the_schemas_limits_and_defaults() {
        let html = concat!(
            r#"<input type="range" id="g" data-param="gamma">"#,
            r#"<input type="number" data-param="gamma">"#,
            r#"<input type="range" data-param="alpha" data-enabled-by="weighted">"#,
            r#"<input type="checkbox" data-param="charts" value="loss">"#,
            r#"<input type="checkbox" data-param="charts" value="factor">"#,
            r#"<output data-param="starBeta"></output>"#,
            r#"<figure class="chart" data-chart="factor"><p>x</p>"#,
        );
        assert_eq!(
            fill_controls(html).unwrap(),
            concat!(
                r#"<input type="range" id="g" data-param="gamma" min="0" max="5" step="0.01" value="2">"#,
                r#"<input type="number" data-param="gamma" min="0" max="20" step="0.01" value="2">"#,
                r#"<input type="range" data-param="alpha" data-enabled-by="weighted" min="0" max="1" step="0.01" value="0.25" disabled>"#,
                r#"<input type="checkbox" data-param="charts" value="loss" checked>"#,
                r#"<input type="checkbox" data-param="charts" value="factor">"#,
                r#"<output data-param="starBeta">1</output>"#,
                r#"<figure class="chart" data-chart="factor" hidden><p>x</p>"#,
            )
        );
        assert!(fill_controls(r#"<input data-param="nope">"#).is_err());
    }
}
