//! The parameters' schema: names, defaults, limits, links and attributes,
//! patches from JavaScript, presets. Every parameter the page has goes
//! through here, so each way in is pinned.

use focal_loss_explorer::params::{
    field, Input, Key, Kind, Params, Source, ThemeChoice, Value, XAxis, CHART_NAMES, FIELDS,
    PRESETS,
};
use focal_loss_explorer::Label;

fn query(q: &str) -> (Params, Vec<String>) {
    let pairs: Vec<(&str, &str)> = q
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
        .collect();
    Params::read(pairs, Source::Query)
}

#[test]
fn every_key_has_one_entry_and_distinct_names() {
    let keys = [
        Key::Gamma,
        Key::Alpha,
        Key::Weighted,
        Key::Star,
        Key::StarGamma,
        Key::StarBeta,
        Key::Axis,
        Key::Label,
        Key::LogY,
        Key::Figure1,
        Key::Charts,
        Key::Guides,
        Key::Theme,
        Key::Present,
        Key::Dark,
    ];
    for k in keys {
        assert_eq!(FIELDS.iter().filter(|f| f.key == k).count(), 1, "{k:?}");
    }
    for (i, a) in FIELDS.iter().enumerate() {
        for b in &FIELDS[i + 1..] {
            assert_ne!(a.name, b.name);
            if a.query.is_some() {
                assert_ne!(a.query, b.query, "{} and {}", a.name, b.name);
                assert_ne!(a.attribute, b.attribute, "{} and {}", a.name, b.name);
            }
        }
    }
}

#[test]
fn every_default_is_within_its_limits_and_round_trips() {
    let d = Params::default();
    for f in &FIELDS {
        let v = d.get(f.key);
        if let (
            Kind::Number {
                min, max, slider, ..
            },
            Value::Number(n),
        ) = (f.kind, v)
        {
            assert!(n >= min && n <= max, "{}", f.name);
            assert!(slider.0 >= min && slider.1 <= max && n >= slider.0 && n <= slider.1);
        }
        // Each value reads back as itself.
        assert_eq!(f.parse(&f.write(v)), Ok(v), "{}", f.name);
    }
    assert_eq!(d.query(), "", "the defaults make an empty link");
}

#[test]
fn the_limits_are_the_pages() {
    let limits = |name: &str| match field(name).unwrap().kind {
        Kind::Number {
            min, max, slider, ..
        } => (min, max, slider),
        _ => panic!("{name} is not a number"),
    };
    assert_eq!(limits("gamma"), (0.0, 20.0, (0.0, 5.0)));
    assert_eq!(limits("alpha"), (0.0, 1.0, (0.0, 1.0)));
    assert_eq!(limits("starGamma"), (0.1, 20.0, (0.1, 5.0)));
    assert_eq!(limits("starBeta"), (-10.0, 10.0, (-5.0, 5.0)));
}

#[test]
fn a_link_reads_every_parameter() {
    let (p, problems) = query(
        "gamma=3.5&alpha=0.75&star=1&starGamma=4&starBeta=-2&axis=x&y=0&scale=log&preset=figure1&charts=factor,loss",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(p.gamma, 3.5);
    assert_eq!((p.alpha, p.weighted), (0.75, true));
    assert!(p.star);
    assert_eq!((p.star_gamma, p.star_beta), (4.0, -2.0));
    assert_eq!(p.axis, XAxis::Logit);
    assert_eq!(p.label, Label::Negative);
    assert!(p.log_y && p.figure1);
    assert_eq!(p.charts, [true, false, true]);
    // And writes them back in the schema's order.
    assert_eq!(
        p.query(),
        "gamma=3.5&alpha=0.75&star=1&starGamma=4&starBeta=-2&axis=x&y=0&scale=log&preset=figure1&charts=loss,factor"
    );
    assert_eq!(query(&p.query()).0, p);
}

#[test]
fn alpha_off_unweights_and_alpha_weights() {
    assert!(!query("alpha=off").0.weighted);
    assert!(!query("alpha=none").0.weighted);
    let (p, _) = query("alpha=0.25");
    assert!(p.weighted);
    // α is in the link whenever it weights, even at its default.
    assert_eq!(p.query(), "alpha=0.25");
}

#[test]
fn a_hostile_link_is_clamped_or_dropped_with_a_note_each() {
    let (p, problems) = query(
        "gamma=1e308&alpha=-3&starGamma=0&starBeta=NaN&axis=%3Cscript%3E&y=2&scale=loud&charts=pie&star=maybe&gamma=Infinity",
    );
    assert_eq!(
        p.gamma, 20.0,
        "the first gamma, clamped; the second dropped"
    );
    assert_eq!((p.alpha, p.weighted), (0.0, true));
    assert_eq!(p.star_gamma, 0.1);
    assert_eq!(p.star_beta, 1.0);
    assert_eq!(p.axis, XAxis::Pt);
    assert_eq!(p.label, Label::Positive);
    assert!(!p.log_y && !p.star);
    assert_eq!(p.charts, Params::default().charts);
    assert_eq!(problems.len(), 10, "{problems:#?}");
    assert_eq!(
        problems[0],
        "gamma = 1e308 is outside [0, 20] and was set to 20"
    );
    assert_eq!(problems[1], "alpha = -3 is outside [0, 1] and was set to 0");
    assert_eq!(
        problems[3],
        "starBeta = “NaN” is not a number and is ignored"
    );
    assert_eq!(
        problems[4],
        "axis = “%3Cscript%3E” is not one of pt, p, x and is ignored"
    );
    assert_eq!(
        problems[5],
        "y = “2” is not one of 1, 0, both and is ignored"
    );
    assert_eq!(
        problems[7],
        "charts = “pie” names no chart (loss, gradient, factor) and is ignored"
    );
    assert_eq!(
        problems[9],
        "gamma = “Infinity” is not a number and is ignored"
    );
}

#[test]
fn a_long_value_is_dropped_and_unknown_names_are_left_alone() {
    let long = "1".repeat(100);
    let (p, problems) = Params::read(
        [("gamma", long.as_str()), ("embed", "1"), ("hide", "x")],
        Source::Query,
    );
    assert_eq!(p, Params::default());
    assert_eq!(problems, ["gamma was too long and is ignored"]);
}

#[test]
fn attributes_use_their_own_names() {
    let (p, problems) = Params::read(
        [
            ("star-gamma", "3"),
            ("star", ""),
            ("starGamma", "9"),
            ("y", "0"),
        ],
        Source::Attributes,
    );
    assert!(problems.is_empty());
    assert_eq!(p.star_gamma, 3.0, "star-gamma, not starGamma");
    assert!(p.star, "a bare star attribute switches FL* on");
    assert_eq!(p.label, Label::Negative);
}

#[test]
fn a_patch_is_checked_and_names_the_parameter() {
    let mut p = Params::default();
    assert_eq!(p.set("gamma", Input::Number(3.0)), Ok(true));
    assert_eq!(p.set("gamma", Input::Number(3.0)), Ok(false), "no change");
    assert_eq!(p.set("axis", Input::Text("p")), Ok(true));
    assert_eq!(p.set("label", Input::Number(0.0)), Ok(true));
    assert_eq!(p.set("label", Input::Text("1")), Ok(true));
    assert_eq!(p.set("logY", Input::Text("log")), Ok(true));
    assert_eq!(
        p.set("charts", Input::Charts([false, false, true])),
        Ok(true)
    );
    assert_eq!(p.set("gamma", Input::Text("4.5")), Ok(true));
    assert_eq!(p.gamma, 4.5);
    let err = |r: Result<bool, focal_loss_explorer::Error>| r.unwrap_err().0;
    assert_eq!(
        err(p.set("gamma", Input::Number(25.0))),
        "gamma must be a number in [0, 20], got 25"
    );
    assert_eq!(
        err(p.set("gamma", Input::Number(f64::NAN))),
        "gamma must be a number in [0, 20], got NaN"
    );
    assert_eq!(
        err(p.set("starGamma", Input::Number(0.0))),
        "starGamma must be a number in [0.1, 20], got 0"
    );
    assert_eq!(
        err(p.set("axis", Input::Text("q"))),
        "axis = “q” is not one of pt, p, x"
    );
    assert_eq!(
        err(p.set("label", Input::Number(3.0))),
        "label must be 0 or 1, got 3"
    );
    assert_eq!(
        err(p.set("star", Input::Number(1.0))),
        "star takes true or false, got the number 1"
    );
    assert_eq!(
        err(p.set("gamma", Input::Other("null"))),
        "gamma takes a number in [0, 20], got null"
    );
    assert!(err(p.set("gama", Input::Number(1.0)))
        .starts_with("“gama” is not a parameter (they are gamma, alpha,"));
    assert_eq!(p.gamma, 4.5, "a refused value changes nothing");
}

#[test]
fn presets_change_what_they_name() {
    let start = Params {
        dark: true,
        theme: ThemeChoice::Dark,
        present: true,
        gamma: 4.0,
        ..Params::default()
    };
    let f1 = start.preset("figure1").unwrap();
    assert!(f1.figure1 && !f1.weighted && f1.gamma == 2.0);
    let rn = start.preset("retinanet").unwrap();
    assert!(rn.weighted && rn.alpha == 0.25 && rn.gamma == 2.0 && !rn.figure1);
    assert_eq!(start.preset("ce").unwrap().gamma, 0.0);
    let fs = start.preset("flstar").unwrap();
    assert!(fs.star && fs.star_gamma == 2.0 && fs.star_beta == 1.0);
    let reset = start.preset("reset").unwrap();
    assert_eq!(
        reset,
        Params {
            dark: true,
            theme: ThemeChoice::Dark,
            present: true,
            ..Params::default()
        },
        "reset keeps the theme and the presentation mode"
    );
    assert_eq!(start.preset("nope"), None);
    assert_eq!(PRESETS.len(), 6);
}

/// A view far from every preset: each parameter off its default.
fn dirty() -> Params {
    Params {
        gamma: 4.5,
        alpha: 0.6,
        weighted: true,
        star: true,
        star_gamma: 3.0,
        star_beta: -2.0,
        axis: XAxis::P,
        label: Label::Negative,
        both: false,
        log_y: true,
        figure1: true,
        figure5: true,
        charts: [false, true, true],
        guides: false,
        theme: ThemeChoice::Dark,
        present: true,
        dark: true,
    }
}

#[test]
fn every_preset_sets_its_whole_view_from_any_state() {
    let d = Params::default();
    for start in [dirty(), d, d.preset("figure5").unwrap()] {
        // The theme, the presentation mode, the choice of charts and the
        // guides are the visitor's.
        let keep = |p: Params| Params {
            theme: start.theme,
            present: start.present,
            dark: start.dark,
            charts: start.charts,
            guides: start.guides,
            ..p
        };
        let want = [
            ("figure1", keep(Params { figure1: true, ..d })),
            (
                "retinanet",
                keep(Params {
                    weighted: true,
                    ..d
                }),
            ),
            ("ce", keep(Params { gamma: 0.0, ..d })),
            (
                "flstar",
                keep(Params {
                    star: true,
                    axis: XAxis::Logit,
                    ..d
                }),
            ),
            (
                "figure5",
                keep(Params {
                    figure5: true,
                    axis: XAxis::Logit,
                    ..d
                }),
            ),
            (
                "reset",
                Params {
                    theme: start.theme,
                    present: start.present,
                    dark: start.dark,
                    ..d
                },
            ),
        ];
        assert_eq!(want.map(|(n, _)| n), PRESETS);
        for (name, p) in want {
            assert_eq!(start.preset(name), Some(p), "{name} from {start:?}");
        }
    }
    // The links say it all: the RetinaNet preset from a dirty view.
    assert_eq!(
        dirty().preset("retinanet").unwrap().query(),
        "alpha=0.25&charts=gradient,factor&guides=0&theme=dark&present=1"
    );
    assert_eq!(d.preset("figure5").unwrap().query(), "axis=x&figure5=1");
}

#[test]
fn both_labels_are_a_choice_of_the_label_drawn_against_p_or_x() {
    let (p, problems) = Params::read([("y", "both")], Source::Query);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(p.both && p.axis == XAxis::P, "the pt axis becomes p");
    assert_eq!(p.query(), "axis=p&y=both");
    let (p, _) = Params::read([("axis", "x"), ("y", "both")], Source::Query);
    assert!(p.both && p.axis == XAxis::Logit);
    // The pt axis, chosen later, leaves the view; the label then is y = 1.
    let (p, _) = Params::read([("y", "both"), ("axis", "pt")], Source::Query);
    assert!(!p.both && p.axis == XAxis::Pt && p.label == Label::Positive);
    let mut p = Params::default();
    assert_eq!(p.set("label", Input::Text("both")), Ok(true));
    assert!(p.both && p.axis == XAxis::P);
    assert_eq!(p.get(Key::Label), Value::Word("both"));
    assert_eq!(p.set("label", Input::Number(0.0)), Ok(true));
    assert!(!p.both && p.label == Label::Negative);
    let (p, _) = Params::read([("y", "both"), ("axis", "x")], Source::Attributes);
    assert!(p.both);
    assert!(p.file_stem("loss").ends_with("_axis-x_y-both"));
}

#[test]
fn file_stems_say_the_parameters() {
    let mut p = Params::default();
    assert_eq!(
        p.file_stem("loss"),
        "focal-loss_loss_gamma-2_unweighted_axis-pt_y-1"
    );
    p.weighted = true;
    p.star = true;
    p.log_y = true;
    p.label = Label::Negative;
    p.gamma = 0.1 + 0.2;
    assert_eq!(
        p.file_stem("gradient"),
        "focal-loss_gradient_gamma-0.3_alpha-0.25_flstar-gamma-2-beta-1_axis-pt_y-0_log"
    );
}

#[test]
fn chart_names_are_the_scenes() {
    use focal_loss_explorer::curves::ChartKind;
    for (i, name) in CHART_NAMES.iter().enumerate() {
        assert_eq!(ChartKind::parse(name).map(|k| k.index()), Some(i));
    }
}

#[test]
fn guides_show_by_default_and_a_link_turns_them_off() {
    assert!(Params::default().guides);
    let (p, problems) = Params::read([("guides", "0")], Source::Query);
    assert!(!p.guides && problems.is_empty());
    assert_eq!(p.query(), "guides=0");
    let (p, _) = Params::read([("guides", "0")], Source::Attributes);
    assert!(!p.guides);
    // A hostile value is dropped with a note, and the guides stay on.
    let (p, problems) = Params::read([("guides", "<b>yes</b>")], Source::Query);
    assert!(p.guides);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("guides"), "{problems:?}");
}

#[test]
fn the_theme_and_the_presentation_mode_go_through_the_link_and_the_attributes() {
    let (p, problems) = Params::read([("theme", "dark"), ("present", "1")], Source::Query);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((p.theme, p.present), (ThemeChoice::Dark, true));
    assert_eq!(p.query(), "theme=dark&present=1");
    // The defaults (auto, off) are not written.
    let (p, _) = Params::read([("theme", "auto"), ("present", "0")], Source::Query);
    assert_eq!(p.query(), "");
    // An element's attribute, the bare `present` too.
    let (p, problems) = Params::read([("theme", "light"), ("present", "")], Source::Attributes);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((p.theme, p.present), (ThemeChoice::Light, true));
    // A bad theme is dropped with a note naming it.
    let (p, problems) = Params::read([("theme", "pink")], Source::Query);
    assert_eq!(p.theme, ThemeChoice::Auto);
    assert_eq!(
        problems,
        ["theme = “pink” is not one of auto, light, dark and is ignored"]
    );
    // JavaScript's names.
    let mut p = Params::default();
    assert_eq!(p.set("theme", Input::Text("dark")), Ok(true));
    assert_eq!(p.set("present", Input::Bool(true)), Ok(true));
    assert_eq!((p.theme, p.present), (ThemeChoice::Dark, true));
    assert!(p.set("theme", Input::Text("blue")).is_err());
    // The resolved colours are the page's: never in a link.
    assert_eq!(field("dark").unwrap().query, None);
}
