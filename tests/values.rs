//! The CSV of a chart's values: a header naming the columns, quoted where a
//! name holds a comma, and every number reading back to the exact value.

use focal_loss_explorer::curves::{ChartKind, Scene};
use focal_loss_explorer::loss::{Label, Loss};
use focal_loss_explorer::params::{Params, XAxis};
use focal_loss_explorer::values::csv;

fn weighted() -> Params {
    Params {
        gamma: 2.0,
        alpha: 0.25,
        weighted: true,
        ..Params::default()
    }
}

/// Splits one line of the CSV, quotes understood.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn header_names_the_axis_and_every_curve_quoted_where_needed() {
    let scene = Scene::new(weighted());
    let text = csv(scene.chart(ChartKind::Loss), 201);
    let header = text.lines().next().unwrap();
    assert_eq!(header, "pt,CE,\"FL (γ = 2, α = 0.25)\"");
    assert_eq!(fields(header), ["pt", "CE", "FL (γ = 2, α = 0.25)"]);
    assert_eq!(text.lines().count(), 202);
    assert!(text.ends_with('\n'));
}

#[test]
fn every_number_reads_back_to_the_exact_value() {
    let mut p = weighted();
    p.axis = XAxis::Logit;
    p.label = Label::Negative;
    let scene = Scene::new(p);
    let chart = scene.chart(ChartKind::Gradient);
    let text = csv(chart, 51);
    let fl = Loss::Focal {
        gamma: 2.0,
        alpha: Some(0.25),
    };
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let f: Vec<f64> = fields(line).iter().map(|v| v.parse().unwrap()).collect();
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[1].to_bits(),
            Loss::CrossEntropy
                .grad_logit(f[0], Label::Negative)
                .to_bits()
        );
        assert_eq!(
            f[2].to_bits(),
            fl.grad_logit(f[0], Label::Negative).to_bits()
        );
        rows += 1;
    }
    assert_eq!(rows, 51);
    let first: f64 = fields(text.lines().nth(1).unwrap())[0].parse().unwrap();
    let last: f64 = fields(text.lines().last().unwrap())[0].parse().unwrap();
    assert_eq!((first, last), chart.frame.x);
}
