//! The parameters: the one schema that knows each parameter's name, default,
//! limits and encodings (the URL query, an element's attributes, a patch
//! from JavaScript), and the checks on every value. Pure: no web.
//!
//! Adding a parameter is a field of [`Params`], its default, one entry in
//! [`FIELDS`] and its arms in [`Params::get`] and [`Params::put`]; the
//! page's controls, the URL, the element's attributes and the worker follow
//! from the schema.

pub use crate::error::Error;
use crate::loss::{Label, Loss};
use crate::number::read_number;

/// What the horizontal axis of the loss and factor charts shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XAxis {
    /// The probability of the true class, pt in [0, 1].
    Pt,
    /// The predicted probability p, for the label of [`Params::label`].
    P,
    /// The logit x, for the label of [`Params::label`].
    Logit,
}

impl XAxis {
    pub const WORDS: [&'static str; 3] = ["pt", "p", "x"];

    pub fn parse(s: &str) -> Option<XAxis> {
        match s {
            "pt" => Some(XAxis::Pt),
            "p" => Some(XAxis::P),
            "x" | "logit" => Some(XAxis::Logit),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            XAxis::Pt => "pt",
            XAxis::P => "p",
            XAxis::Logit => "x",
        }
    }
}

/// The colours the page and its charts take: the visitor's scheme, or one
/// chosen in the link or the page's control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    Auto,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const WORDS: [&'static str; 3] = ["auto", "light", "dark"];

    pub fn parse(s: &str) -> Option<ThemeChoice> {
        match s {
            "auto" => Some(ThemeChoice::Auto),
            "light" => Some(ThemeChoice::Light),
            "dark" => Some(ThemeChoice::Dark),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }
}

/// The charts, by name, in the order the page shows them.
pub const CHART_NAMES: [&str; 3] = ["loss", "gradient", "factor"];

/// Everything a visitor can set, and the theme the charts are drawn in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub gamma: f64,
    /// α in [0, 1]; ignored when `weighted` is false.
    pub alpha: f64,
    pub weighted: bool,
    pub star: bool,
    pub star_gamma: f64,
    pub star_beta: f64,
    pub axis: XAxis,
    pub label: Label,
    /// Both labels at once (`y=both`): y = 1 and y = 0 drawn together
    /// against p or x; `label` is then y = 1. Never with the pt axis, where
    /// the two classes differ only by αt.
    pub both: bool,
    pub log_y: bool,
    pub figure1: bool,
    /// The paper's Figure 5: FL* with (γ*, β) = (2, 1) and (4, 0) overlaid.
    pub figure5: bool,
    /// Which charts show, in the order of [`CHART_NAMES`].
    pub charts: [bool; 3],
    /// The labelled guides: where the factor makes the loss 100× and 1000×
    /// smaller, and its bound 2^γ for pt ≤ 0.5.
    pub guides: bool,
    /// The theme asked for (the link's, the element's, the page's control).
    pub theme: ThemeChoice,
    /// Presentation mode: larger text and thicker lines, for a projector.
    pub present: bool,
    /// The charts are drawn dark: the page decides it from `theme` and,
    /// for [`ThemeChoice::Auto`], the visitor's scheme.
    pub dark: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            gamma: 2.0,
            alpha: 0.25,
            weighted: false,
            star: false,
            star_gamma: 2.0,
            star_beta: 1.0,
            axis: XAxis::Pt,
            label: Label::Positive,
            both: false,
            log_y: false,
            figure1: false,
            figure5: false,
            charts: [true, true, false],
            guides: true,
            theme: ThemeChoice::Auto,
            present: false,
            dark: false,
        }
    }
}

/// The name of each parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Gamma,
    Alpha,
    Weighted,
    Star,
    StarGamma,
    StarBeta,
    Axis,
    Label,
    LogY,
    Figure1,
    Figure5,
    Charts,
    Guides,
    Theme,
    Present,
    Dark,
}

/// How a parameter's values look, and their limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A number in [min, max], moved by `step`; the page's slider covers
    /// `slider` (a number field beside it reaches the rest).
    Number {
        min: f64,
        max: f64,
        step: f64,
        slider: (f64, f64),
    },
    /// On or off; in a URL or an attribute, the words for (off, on).
    Switch { words: (&'static str, &'static str) },
    /// One of the words.
    Choice(&'static [&'static str]),
    /// A set of chart names ("loss,gradient").
    Charts,
}

/// One parameter of the schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub key: Key,
    /// Its name in JavaScript (`params()`, `update()`).
    pub name: &'static str,
    /// Its key in the page's URL and the element's attribute (`None`: not
    /// part of a link).
    pub query: Option<&'static str>,
    pub attribute: Option<&'static str>,
    pub kind: Kind,
}

const fn number(min: f64, max: f64, slider: (f64, f64)) -> Kind {
    Kind::Number {
        min,
        max,
        step: 0.01,
        slider,
    }
}

/// The schema: every parameter, in the order of a link's query.
pub const FIELDS: [Field; 16] = [
    Field {
        key: Key::Gamma,
        name: "gamma",
        query: Some("gamma"),
        attribute: Some("gamma"),
        kind: number(0.0, 20.0, (0.0, 5.0)),
    },
    // In a link, `alpha=0.25` weights the classes and `alpha=off` does not:
    // `weighted` has no key of its own.
    Field {
        key: Key::Alpha,
        name: "alpha",
        query: Some("alpha"),
        attribute: Some("alpha"),
        kind: number(0.0, 1.0, (0.0, 1.0)),
    },
    Field {
        key: Key::Weighted,
        name: "weighted",
        query: None,
        attribute: None,
        kind: Kind::Switch { words: ("0", "1") },
    },
    Field {
        key: Key::Star,
        name: "star",
        query: Some("star"),
        attribute: Some("star"),
        kind: Kind::Switch { words: ("0", "1") },
    },
    Field {
        key: Key::StarGamma,
        name: "starGamma",
        query: Some("starGamma"),
        attribute: Some("star-gamma"),
        kind: number(0.1, 20.0, (0.1, 5.0)),
    },
    Field {
        key: Key::StarBeta,
        name: "starBeta",
        query: Some("starBeta"),
        attribute: Some("star-beta"),
        kind: number(-10.0, 10.0, (-5.0, 5.0)),
    },
    Field {
        key: Key::Axis,
        name: "axis",
        query: Some("axis"),
        attribute: Some("axis"),
        kind: Kind::Choice(&XAxis::WORDS),
    },
    Field {
        key: Key::Label,
        name: "label",
        query: Some("y"),
        attribute: Some("y"),
        kind: Kind::Choice(&["1", "0", "both"]),
    },
    Field {
        key: Key::LogY,
        name: "logY",
        query: Some("scale"),
        attribute: Some("scale"),
        kind: Kind::Switch {
            words: ("linear", "log"),
        },
    },
    Field {
        key: Key::Figure1,
        name: "figure1",
        query: Some("preset"),
        attribute: Some("preset"),
        kind: Kind::Switch {
            words: ("none", "figure1"),
        },
    },
    Field {
        key: Key::Figure5,
        name: "figure5",
        query: Some("figure5"),
        attribute: Some("figure5"),
        kind: Kind::Switch { words: ("0", "1") },
    },
    Field {
        key: Key::Charts,
        name: "charts",
        query: Some("charts"),
        attribute: Some("charts"),
        kind: Kind::Charts,
    },
    Field {
        key: Key::Guides,
        name: "guides",
        query: Some("guides"),
        attribute: Some("guides"),
        kind: Kind::Switch { words: ("0", "1") },
    },
    Field {
        key: Key::Theme,
        name: "theme",
        query: Some("theme"),
        attribute: Some("theme"),
        kind: Kind::Choice(&ThemeChoice::WORDS),
    },
    Field {
        key: Key::Present,
        name: "present",
        query: Some("present"),
        attribute: Some("present"),
        kind: Kind::Switch { words: ("0", "1") },
    },
    Field {
        key: Key::Dark,
        name: "dark",
        query: None,
        attribute: None,
        kind: Kind::Switch { words: ("0", "1") },
    },
];

/// The words that switch α's weighting off in a link.
const ALPHA_OFF: [&str; 2] = ["off", "none"];

/// The longest value a link may give a parameter.
const MAX_LEN: usize = 64;

/// The field of a JavaScript name.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// A parameter's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Bool(bool),
    Word(&'static str),
    Charts([bool; 3]),
}

/// A short, printable excerpt of an untrusted value, for a message: at
/// most 24 bytes, anything but printable ASCII shown as "?".
pub fn excerpt(v: &str) -> String {
    let mut s: String = v
        .bytes()
        .take(24)
        .map(|b| {
            if (b' '..=b'~').contains(&b) {
                b as char
            } else {
                '?'
            }
        })
        .collect();
    if v.len() > 24 {
        s.push('…');
    }
    s
}

/// The words with `sep` between them (one small function for every list:
/// `join` costs the wasm a copy per type).
pub(crate) fn list<'a>(words: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for (i, w) in words.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(w);
    }
    out
}

/// `v` as text, without float noise ("0.1", not "0.1000000000000000055").
pub fn tidy(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        crate::number::display(r)
    }
}

impl Field {
    /// Checks a number for this parameter: an error names the parameter and
    /// its range.
    pub fn check_number(&self, v: f64) -> Result<f64, Error> {
        match self.kind {
            Kind::Number { min, max, .. } if v.is_finite() && v >= min && v <= max => Ok(v),
            Kind::Number { min, max, .. } => Err(Error(format!(
                "{} must be a number in [{}, {}], got {}",
                self.name,
                tidy(min),
                tidy(max),
                crate::number::display(v)
            ))),
            _ => Err(Error(format!("{} is not a number parameter", self.name))),
        }
    }

    /// The value of `text` (a link's or an attribute's), or why it is not
    /// one. Numbers outside the limits are an error here: see
    /// [`Params::read`] for clamping.
    pub fn parse(&self, text: &str) -> Result<Value, Error> {
        self.parse_as(self.name, text)
    }

    /// [`Field::parse`], with messages that call the parameter `name` (as
    /// a link or an attribute does).
    fn parse_as(&self, name: &str, text: &str) -> Result<Value, Error> {
        let bad = |what: String| Err(Error(format!("{name} = “{}” {what}", excerpt(text))));
        match self.kind {
            Kind::Number { .. } => match read_number(text) {
                Some(v) => self.check_number(v).map(Value::Number),
                None => bad("is not a number".into()),
            },
            Kind::Switch { words: (off, on) } => match text {
                t if t == on
                    || t == "true"
                    || (t.is_empty() && matches!(self.key, Key::Star | Key::Present)) =>
                {
                    Ok(Value::Bool(true))
                }
                t if t == off || t == "false" => Ok(Value::Bool(false)),
                _ => bad(format!("is not one of {off}, {on}")),
            },
            Kind::Choice(words) => match words.iter().find(|w| **w == text) {
                Some(w) => Ok(Value::Word(w)),
                None => bad(format!(
                    "is not one of {}",
                    list(words.iter().copied(), ", ")
                )),
            },
            Kind::Charts => {
                let mut set = [false; 3];
                if text.len() <= MAX_LEN {
                    for name in text.split(',') {
                        if let Some(i) = CHART_NAMES.iter().position(|c| *c == name.trim()) {
                            set[i] = true;
                        }
                    }
                }
                if set.contains(&true) {
                    Ok(Value::Charts(set))
                } else {
                    bad(format!("names no chart ({})", list(CHART_NAMES, ", ")))
                }
            }
        }
    }

    /// The value as a link writes it.
    pub fn write(&self, v: Value) -> String {
        match (self.kind, v) {
            (_, Value::Number(n)) => tidy(n),
            (Kind::Switch { words }, Value::Bool(b)) => if b { words.1 } else { words.0 }.into(),
            (_, Value::Bool(b)) => if b { "1" } else { "0" }.into(),
            (_, Value::Word(w)) => w.into(),
            (_, Value::Charts(set)) => list(
                CHART_NAMES
                    .iter()
                    .zip(set)
                    .filter(|(_, on)| *on)
                    .map(|(n, _)| *n),
                ",",
            ),
        }
    }
}

/// Where a set of values comes from: the names they go by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A link's query (`gamma=2&starGamma=1`).
    Query,
    /// An element's attributes (`gamma="2" star-gamma="1"`).
    Attributes,
}

/// The presets of the page: each a change on top of the current values
/// (`reset`: the defaults).
pub const PRESETS: [&str; 6] = ["figure1", "retinanet", "ce", "flstar", "figure5", "reset"];

/// The two FL* settings of the paper's Figure 5, (γ*, β).
pub const FIGURE5_STAR: [(f64, f64); 2] = [(2.0, 1.0), (4.0, 0.0)];

impl Params {
    /// α as the loss functions take it: `None` when unweighted.
    pub fn alpha_opt(&self) -> Option<f64> {
        self.weighted.then_some(self.alpha)
    }

    pub fn focal(&self) -> Loss {
        Loss::Focal {
            gamma: self.gamma,
            alpha: self.alpha_opt(),
        }
    }

    pub fn focal_star(&self) -> Loss {
        Loss::FocalStar {
            gamma: self.star_gamma,
            beta: self.star_beta,
        }
    }

    /// Whether the chart of [`CHART_NAMES`] index `i` shows.
    pub fn shows(&self, i: usize) -> bool {
        self.charts.get(i).copied().unwrap_or(false)
    }

    /// The value of a parameter.
    pub fn get(&self, key: Key) -> Value {
        match key {
            Key::Gamma => Value::Number(self.gamma),
            Key::Alpha => Value::Number(self.alpha),
            Key::Weighted => Value::Bool(self.weighted),
            Key::Star => Value::Bool(self.star),
            Key::StarGamma => Value::Number(self.star_gamma),
            Key::StarBeta => Value::Number(self.star_beta),
            Key::Axis => Value::Word(self.axis.key()),
            Key::Label => Value::Word(match (self.both, self.label) {
                (true, _) => "both",
                (_, Label::Positive) => "1",
                (_, Label::Negative) => "0",
            }),
            Key::LogY => Value::Bool(self.log_y),
            Key::Figure1 => Value::Bool(self.figure1),
            Key::Figure5 => Value::Bool(self.figure5),
            Key::Charts => Value::Charts(self.charts),
            Key::Guides => Value::Bool(self.guides),
            Key::Theme => Value::Word(self.theme.key()),
            Key::Present => Value::Bool(self.present),
            Key::Dark => Value::Bool(self.dark),
        }
    }

    /// Sets a parameter to a value of its kind (as [`Field::parse`] and
    /// [`Params::set`] give them).
    fn put(&mut self, key: Key, v: Value) {
        match (key, v) {
            (Key::Gamma, Value::Number(n)) => self.gamma = n,
            (Key::Alpha, Value::Number(n)) => self.alpha = n,
            (Key::Weighted, Value::Bool(b)) => self.weighted = b,
            (Key::Star, Value::Bool(b)) => self.star = b,
            (Key::StarGamma, Value::Number(n)) => self.star_gamma = n,
            (Key::StarBeta, Value::Number(n)) => self.star_beta = n,
            (Key::Axis, Value::Word(w)) => {
                self.axis = XAxis::parse(w).unwrap_or(self.axis);
                // Choosing the pt axis leaves the both-labels view.
                if self.axis == XAxis::Pt {
                    self.both = false;
                }
            }
            (Key::Label, Value::Word(w)) => {
                self.both = w == "both";
                self.label = if w == "0" {
                    Label::Negative
                } else {
                    Label::Positive
                };
                // Both labels are drawn against p (or x), never pt.
                if self.both && self.axis == XAxis::Pt {
                    self.axis = XAxis::P;
                }
            }
            (Key::LogY, Value::Bool(b)) => self.log_y = b,
            (Key::Figure1, Value::Bool(b)) => self.figure1 = b,
            (Key::Figure5, Value::Bool(b)) => self.figure5 = b,
            (Key::Charts, Value::Charts(c)) => self.charts = c,
            (Key::Guides, Value::Bool(b)) => self.guides = b,
            (Key::Theme, Value::Word(w)) => {
                self.theme = ThemeChoice::parse(w).unwrap_or(self.theme)
            }
            (Key::Present, Value::Bool(b)) => self.present = b,
            (Key::Dark, Value::Bool(b)) => self.dark = b,
            _ => {}
        }
    }

    /// Sets the parameter `name` (its JavaScript name) to `v`, checked:
    /// a number of the wrong range, a word that is not one of the
    /// parameter's, or a value of the wrong kind is an error naming it.
    /// Text is read as a link writes it. Returns whether the value changed.
    pub fn set(&mut self, name: &str, v: Input) -> Result<bool, Error> {
        let f = field(name).ok_or_else(|| {
            Error(format!(
                "“{}” is not a parameter (they are {})",
                excerpt(name),
                list(FIELDS.iter().map(|f| f.name), ", ")
            ))
        })?;
        let value = match (f.kind, v) {
            (Kind::Number { .. }, Input::Number(n)) => Value::Number(f.check_number(n)?),
            (Kind::Switch { .. }, Input::Bool(b)) => Value::Bool(b),
            // The label as a number (0 or 1).
            (Kind::Choice(_), Input::Number(n)) if f.key == Key::Label => match Label::from_y(n) {
                Some(Label::Positive) => Value::Word("1"),
                Some(Label::Negative) => Value::Word("0"),
                None => {
                    return Err(Error(format!(
                        "label must be 0 or 1, got {}",
                        crate::number::display(n)
                    )))
                }
            },
            (Kind::Charts, Input::Charts(set)) => Value::Charts(set),
            (_, Input::Text(t)) => f.parse(t)?,
            _ => {
                return Err(Error(format!(
                    "{} takes {}, got {}",
                    f.name,
                    f.kind.takes(),
                    v.what()
                )))
            }
        };
        let before = *self;
        self.put(f.key, value);
        Ok(*self != before)
    }

    /// The values of a link's query or an element's attributes, on top of
    /// the defaults, and what was wrong with them: a number out of range is
    /// clamped, anything else unreadable is dropped, each with a note.
    /// Names that are not parameters are left alone (they belong to the
    /// page: `embed`, `hide`).
    pub fn read<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        source: Source,
    ) -> (Params, Vec<String>) {
        let mut p = Params::default();
        let mut problems = Vec::new();
        for (name, raw) in pairs {
            let Some(f) = FIELDS.iter().find(|f| match source {
                Source::Query => f.query == Some(name),
                Source::Attributes => f.attribute == Some(name),
            }) else {
                continue;
            };
            if raw.len() > MAX_LEN {
                problems.push(format!("{name} was too long and is ignored"));
                continue;
            }
            if f.key == Key::Alpha && ALPHA_OFF.contains(&raw) {
                p.weighted = false;
                continue;
            }
            let value = match f.kind {
                Kind::Number { min, max, .. } => match read_number(raw) {
                    Some(v) => {
                        // max/min, not clamp: clamp's check of its bounds formats them.
                        let c = v.max(min).min(max);
                        if c != v {
                            problems.push(format!(
                                "{name} = {} is outside [{}, {}] and was set to {}",
                                excerpt(raw),
                                tidy(min),
                                tidy(max),
                                tidy(c)
                            ));
                        }
                        Value::Number(c)
                    }
                    None => {
                        problems.push(format!(
                            "{name} = “{}” is not a number and is ignored",
                            excerpt(raw)
                        ));
                        continue;
                    }
                },
                _ => match f.parse_as(name, raw) {
                    Ok(v) => v,
                    Err(e) => {
                        problems.push(format!("{e} and is ignored"));
                        continue;
                    }
                },
            };
            p.put(f.key, value);
            if f.key == Key::Alpha {
                p.weighted = true;
            }
        }
        (p, problems)
    }

    /// The canonical query of these values: only what differs from the
    /// defaults, in the order of [`FIELDS`] (α whenever it weights).
    pub fn query(&self) -> String {
        let defaults = Params::default();
        let mut out = String::new();
        for f in &FIELDS {
            let Some(key) = f.query else { continue };
            let v = self.get(f.key);
            let write = if f.key == Key::Alpha {
                self.weighted
            } else {
                v != defaults.get(f.key)
            };
            if write {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(key);
                out.push('=');
                out.push_str(&f.write(v));
            }
        }
        out
    }

    /// These values with the preset `name` applied (`None`: no such
    /// preset). A preset sets every parameter: it starts from the defaults,
    /// keeping only the visitor's view (theme, presentation mode, choice of
    /// charts, guides; Reset resets the charts and guides too), so that the
    /// same preset gives the same view from any earlier state.
    pub fn preset(&self, name: &str) -> Option<Params> {
        let mut p = Params {
            theme: self.theme,
            present: self.present,
            dark: self.dark,
            charts: self.charts,
            guides: self.guides,
            ..Params::default()
        };
        match name {
            "figure1" => p.figure1 = true,
            "retinanet" => p.weighted = true,
            "ce" => p.gamma = 0.0,
            // FL* is defined on the logit (Appendix A, Figure 5).
            "flstar" => {
                p.star = true;
                p.axis = XAxis::Logit;
            }
            "figure5" => {
                p.figure5 = true;
                p.axis = XAxis::Logit;
            }
            "reset" => {
                p.charts = Params::default().charts;
                p.guides = Params::default().guides;
            }
            _ => return None,
        }
        Some(p)
    }

    /// A file name that says the parameters of a chart:
    /// `focal-loss_loss_gamma-2_alpha-0.25_axis-pt_y-1`.
    pub fn file_stem(&self, chart: &str) -> String {
        let mut out = format!("focal-loss_{chart}_gamma-{}", tidy(self.gamma));
        if self.weighted {
            out.push_str("_alpha-");
            out.push_str(&tidy(self.alpha));
        } else {
            out.push_str("_unweighted");
        }
        if self.star {
            out.push_str("_flstar-gamma-");
            out.push_str(&tidy(self.star_gamma));
            out.push_str("-beta-");
            out.push_str(&tidy(self.star_beta));
        }
        out.push_str("_axis-");
        out.push_str(self.axis.key());
        out.push_str(match (self.both, self.label) {
            (true, _) => "_y-both",
            (_, Label::Positive) => "_y-1",
            (_, Label::Negative) => "_y-0",
        });
        if self.log_y {
            out.push_str("_log");
        }
        out
    }
}

/// A value from JavaScript, before it is checked against the schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input<'a> {
    Number(f64),
    Bool(bool),
    Text(&'a str),
    Charts([bool; 3]),
    /// Anything else (null, an array, …), described.
    Other(&'static str),
}

impl Input<'_> {
    fn what(&self) -> String {
        match self {
            Input::Number(n) => format!("the number {}", crate::number::display(*n)),
            Input::Bool(b) => format!("{b}"),
            Input::Text(t) => format!("“{}”", excerpt(t)),
            Input::Charts(_) => "a set of charts".into(),
            Input::Other(what) => (*what).into(),
        }
    }
}

impl Kind {
    /// What a parameter of this kind takes, in words.
    fn takes(&self) -> String {
        match self {
            Kind::Number { min, max, .. } => {
                format!("a number in [{}, {}]", tidy(*min), tidy(*max))
            }
            Kind::Switch { .. } => "true or false".into(),
            Kind::Choice(words) => format!("one of {}", list(words.iter().copied(), ", ")),
            Kind::Charts => format!(
                "an object of booleans named {}, or a list such as \"loss,gradient\"",
                list(CHART_NAMES, ", ")
            ),
        }
    }
}
