//! The predictions panel's state, without the web: the file being read, the
//! predictions shown, the γ pass of the last summary, and what the page is
//! told, as JSON (numbers that are not finite as the strings `"Infinity"`,
//! `"-Infinity"` and `"NaN"`). The `#[wasm_bindgen]` face (`web::lab`) only
//! forwards to it.
//!
//! A γ move on many rows is answered twice: at once with a draft of the
//! charts ([`Panel::draft_scene`], for drawing only), then with the exact
//! summary once the γ pass, made in slices ([`Panel::begin_exact`],
//! [`Panel::step_exact`]), is done. The summary, its JSON and the export
//! are always exact.
//!
//! A file that fails keeps what was shown before; when nothing was, the rows
//! read before the error are shown, and the outcome says which
//! (`"kept": "previous" | "partial" | "none"`).

use std::fmt::Write;

use crate::error::{Error, Result};
use crate::lab::draw::LabScene;
use crate::lab::predictions::{
    check_size, Failed, Layout, ParseOptions, Parser, ScoreKind, ScoreMode, DEFAULT_MAX_BYTES,
};
use crate::lab::stats::{
    cdf_fractions, GammaPass, PassInProgress, Predictions, Summary, CDF_POINTS, FIGURE4_GAMMAS,
    WEIGHT_BINS_PER_DECADE, WEIGHT_LOWEST_DECADE,
};

/// How much of a file's start is kept, to name its columns when the
/// reading stops before it knows them.
const HEAD_BYTES: usize = 64 * 1024;

/// The fractions of the hardest examples whose share of the loss the
/// page's Figure 4 table gives.
pub const HARDEST: [f64; 3] = [0.01, 0.05, 0.2];

/// The caller's choices, from the page's controls: `mode` is `auto`,
/// `probability` or `logit`; a column below 0 is chosen by the reader;
/// `max_bytes` ≤ 0 is the default limit (2 GB).
pub fn options(
    mode: &str,
    score_column: i32,
    label_column: i32,
    max_bytes: f64,
) -> Result<ParseOptions> {
    let mode = match mode {
        "auto" | "" => ScoreMode::Auto,
        "probability" => ScoreMode::Probability,
        "logit" => ScoreMode::Logit,
        other => {
            return Err(Error(format!(
                "the score is read as auto, probability or logit, not {other:?}"
            )))
        }
    };
    let column = |c: i32| (c >= 0).then_some(c as usize);
    let max_bytes = if max_bytes > 0.0 && max_bytes.is_finite() {
        max_bytes as u64
    } else {
        DEFAULT_MAX_BYTES
    };
    Ok(ParseOptions {
        mode,
        score_column: column(score_column),
        label_column: column(label_column),
        delimiter: None,
        max_bytes,
    })
}

/// The predictions shown and where they came from.
struct Shown {
    predictions: Predictions,
    kind: ScoreKind,
    layout: Option<Layout>,
    /// Only the rows before an error.
    partial: bool,
}

/// The panel: one reading at a time, the predictions shown, the last
/// summary.
#[derive(Default)]
pub struct Panel {
    parser: Option<Parser>,
    options: ParseOptions,
    head: Vec<u8>,
    shown: Option<Shown>,
    pass: Option<GammaPass>,
    /// The exact γ pass under way, in slices.
    pending: Option<PassInProgress>,
    summary: Option<Summary>,
}

impl Panel {
    pub fn new() -> Panel {
        Panel::default()
    }

    /// Refuses a file of `bytes` bytes over the limit, before reading it,
    /// with the core's message.
    pub fn check_size(&self, bytes: f64, options: ParseOptions) -> std::result::Result<(), String> {
        check_size(bytes.max(0.0) as u64, options.max_bytes).map_err(|e| e.to_string())
    }

    /// Starts reading a file (a reading under way is dropped).
    pub fn begin(&mut self, options: ParseOptions) {
        self.parser = Some(Parser::new(options));
        self.options = options;
        self.head.clear();
    }

    /// Reads the next piece; false once the reading has failed (the caller
    /// may stop, and `finish` says why).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let room = HEAD_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&chunk[..chunk.len().min(room)]);
        match &mut self.parser {
            Some(p) => p.push(chunk).is_ok(),
            None => false,
        }
    }

    /// Rows read so far by the reading under way.
    pub fn rows_read(&self) -> usize {
        self.parser.as_ref().map_or(0, Parser::rows)
    }

    /// Whether predictions are shown.
    pub fn has_data(&self) -> bool {
        self.shown.is_some()
    }

    /// Ends the reading and says how it went (JSON):
    /// `{ok, rows, kind, layout, kept, error: {message, line, column, rowsRead}}`.
    pub fn finish(&mut self) -> String {
        let Some(parser) = self.parser.take() else {
            return outcome_error("nothing is being read", None, None, 0, self.kept(), None);
        };
        match parser.finish() {
            Ok(parsed) => {
                let (kind, layout) = (parsed.kind, parsed.layout.clone());
                let rows = parsed.rows();
                match parsed.into_predictions() {
                    Ok(predictions) => {
                        self.show(Shown {
                            predictions,
                            kind,
                            layout: layout.clone(),
                            partial: false,
                        });
                        let mut j = Json::object();
                        j.bool("ok", true)
                            .num("rows", rows as f64)
                            .str("kind", kind_name(kind))
                            .raw("layout", &layout_json(layout.as_ref()));
                        j.end()
                    }
                    Err(e) => outcome_error(&e.0, None, None, rows, self.kept(), layout.as_ref()),
                }
            }
            Err(failed) => {
                let Failed { error, partial } = *failed;
                let layout = partial.layout.clone().or_else(|| self.head_layout());
                let rows = partial.rows();
                let kept = if self.shown.is_none() && rows > 0 {
                    let kind = partial.kind;
                    match partial.into_predictions() {
                        Ok(predictions) => {
                            self.show(Shown {
                                predictions,
                                kind,
                                layout: layout.clone(),
                                partial: true,
                            });
                            "partial"
                        }
                        Err(_) => "none",
                    }
                } else {
                    self.kept()
                };
                outcome_error(
                    &error.to_string(),
                    error.line,
                    error.column.as_deref(),
                    error.rows_read,
                    kept,
                    layout.as_ref(),
                )
            }
        }
    }

    fn kept(&self) -> &'static str {
        if self.shown.is_some() {
            "previous"
        } else {
            "none"
        }
    }

    fn show(&mut self, shown: Shown) {
        self.shown = Some(shown);
        self.pass = None;
        self.pending = None;
        self.summary = None;
    }

    /// The columns of the file's first line, read again from its kept start
    /// with the first two columns chosen (so that no choice can fail): for
    /// the page to offer them when the reader could not choose.
    fn head_layout(&self) -> Option<Layout> {
        let mut options = self.options;
        options.score_column = Some(0);
        options.label_column = Some(1);
        let mut parser = Parser::new(options);
        let end = self
            .head
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.head.len(), |i| i + 1);
        let _ = parser.push(&self.head[..end]);
        match parser.finish() {
            Ok(p) => p.layout,
            Err(f) => f.partial.layout,
        }
    }

    /// The summary at (γ, α) as JSON, for the page's text and tables; the
    /// γ pass is reused while γ stays.
    pub fn summarize(&mut self, gamma: f64, alpha: Option<f64>) -> Result<String> {
        let shown = self
            .shown
            .as_ref()
            .ok_or_else(|| Error("no predictions yet".into()))?;
        let reuse = self
            .pass
            .as_ref()
            .is_some_and(|p| p.gamma().to_bits() == gamma.to_bits());
        if !reuse {
            // The pass under way for this γ is finished; another is dropped.
            self.pass = Some(match self.pending.take() {
                Some(p) if p.gamma().to_bits() == gamma.to_bits() => {
                    p.finish(&shown.predictions)?
                }
                _ => shown.predictions.gamma_pass(gamma)?,
            });
        }
        let pass = self.pass.as_ref().ok_or_else(|| Error("no pass".into()))?;
        let summary = shown.predictions.summary_with(pass, alpha)?;
        let json = summary_json(&summary, shown, false);
        self.summary = Some(summary);
        Ok(json)
    }

    /// Whether a summary at γ needs a pass over more rows than a draft's
    /// sample (none is done for this γ): then the page draws
    /// [`Panel::draft_scene`] at once, and makes the exact pass in slices.
    pub fn wants_draft(&self, gamma: f64) -> bool {
        let Some(shown) = &self.shown else {
            return false;
        };
        let done = self
            .pass
            .as_ref()
            .is_some_and(|p| p.gamma().to_bits() == gamma.to_bits());
        !done && shown.predictions.has_draft()
    }

    /// The charts' scene at (γ, α) for a drag: Figure 4's current curves
    /// from each class's sample, the weights exact. It changes nothing: the
    /// summary, its JSON and [`Panel::scene`] stay the last exact ones.
    pub fn draft_scene(&self, gamma: f64, alpha: Option<f64>) -> Result<LabScene> {
        let shown = self
            .shown
            .as_ref()
            .ok_or_else(|| Error("no predictions yet".into()))?;
        LabScene::draft(&shown.predictions, gamma, alpha)
    }

    /// Begins the exact γ pass, to be made in slices by
    /// [`Panel::step_exact`]; a pass under way (or done) for this γ is
    /// kept, one for another γ dropped.
    pub fn begin_exact(&mut self, gamma: f64) -> Result<()> {
        let shown = self
            .shown
            .as_ref()
            .ok_or_else(|| Error("no predictions yet".into()))?;
        let same = |g: f64| g.to_bits() == gamma.to_bits();
        if self.pass.as_ref().is_some_and(|p| same(p.gamma()))
            || self.pending.as_ref().is_some_and(|p| same(p.gamma()))
        {
            return Ok(());
        }
        self.pending = Some(shown.predictions.begin_gamma_pass(gamma)?);
        Ok(())
    }

    /// Runs up to `rows` more rows of the exact pass begun; true once it is
    /// done (or none is under way), when [`Panel::summarize`] at its γ
    /// costs no pass.
    pub fn step_exact(&mut self, rows: usize) -> Result<bool> {
        let (Some(shown), Some(pending)) = (&self.shown, &mut self.pending) else {
            return Ok(true);
        };
        if !pending.advance(&shown.predictions, rows)? {
            return Ok(false);
        }
        if let Some(done) = self.pending.take() {
            self.pass = Some(done.finish(&shown.predictions)?);
        }
        Ok(true)
    }

    /// What the charts show, at the last summary.
    pub fn scene(&self) -> Option<LabScene> {
        let shown = self.shown.as_ref()?;
        Some(LabScene::new(&shown.predictions, self.summary.as_ref()?))
    }

    /// The last summary as a JSON document for a person to keep: every
    /// number, the curves of Figure 4 and the weight histogram.
    pub fn export_json(&self) -> Result<String> {
        match (&self.shown, &self.summary) {
            (Some(shown), Some(summary)) => Ok(summary_json(summary, shown, true)),
            _ => Err(Error("no summary yet".into())),
        }
    }
}

fn kind_name(kind: ScoreKind) -> &'static str {
    match kind {
        ScoreKind::Probability => "probability",
        ScoreKind::Logit => "logit",
    }
}

fn outcome_error(
    message: &str,
    line: Option<u64>,
    column: Option<&str>,
    rows_read: usize,
    kept: &str,
    layout: Option<&Layout>,
) -> String {
    let mut e = Json::object();
    e.str("message", message)
        .opt_num("line", line.map(|l| l as f64))
        .opt_str("column", column)
        .num("rowsRead", rows_read as f64);
    let mut j = Json::object();
    j.bool("ok", false)
        .raw("error", &e.end())
        .str("kept", kept)
        .raw("layout", &layout_json(layout));
    j.end()
}

fn layout_json(layout: Option<&Layout>) -> String {
    let Some(l) = layout else {
        return "null".into();
    };
    let delimiter = match l.delimiter {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    };
    let mut j = Json::object();
    j.str("delimiter", delimiter)
        .num("columns", l.columns as f64)
        .num("score", l.score_column as f64)
        .num("label", l.label_column as f64);
    match &l.header {
        Some(names) => j.raw("header", &Json::strings(names)),
        None => j.raw("header", "null"),
    };
    j.end()
}

/// The share of a class's loss held by its hardest `fraction` of examples,
/// from its Figure 4 curve (sampled at k / (CDF_POINTS − 1)).
pub fn hardest_share(cdf: &[f64], fraction: f64) -> f64 {
    let last = (CDF_POINTS - 1) as f64;
    let at = ((1.0 - fraction) * last).round() as usize;
    cdf.get(at).map_or(0.0, |y| 1.0 - y)
}

fn summary_json(s: &Summary, shown: &Shown, full: bool) -> String {
    let shares = s.easy_negative_shares();
    let class = |c: &crate::lab::stats::ClassSummary, reference: Vec<&[f64]>| {
        let mut j = Json::object();
        j.num("count", c.count as f64)
            .num("easy", c.easy as f64)
            .num("ce", c.ce)
            .num("ceEasy", c.ce_easy)
            .num("ceGrad", c.ce_grad)
            .num("ceGradEasy", c.ce_grad_easy)
            .num("fl", c.fl)
            .num("flEasy", c.fl_easy)
            .num("flGrad", c.fl_grad)
            .num("flGradEasy", c.fl_grad_easy);
        // The share of the loss from the hardest 1%, 5%, 20%, per γ of
        // Figure 4 and at the current γ.
        let mut hardest = Vec::new();
        if c.count > 0 {
            for (g, cdf) in FIGURE4_GAMMAS
                .iter()
                .zip(&reference)
                .map(|(&g, c)| (g, *c))
                .chain(std::iter::once((s.gamma, c.cdf.as_slice())))
            {
                let mut row = Json::object();
                row.num("gamma", g).raw(
                    "shares",
                    &Json::nums(HARDEST.iter().map(|&f| hardest_share(cdf, f))),
                );
                hardest.push(row.end());
            }
        }
        j.raw("hardest", &format!("[{}]", hardest.join(",")));
        // Weights by decade: 4 bins each, the lowest "below 1e-12".
        let decades: Vec<f64> = c
            .weights
            .bins
            .chunks(WEIGHT_BINS_PER_DECADE)
            .map(|d| d.iter().sum::<usize>() as f64)
            .collect();
        j.num("weightsBelow", c.weights.below as f64)
            .raw("weightDecades", &Json::nums(decades));
        if full {
            j.raw(
                "weightBins",
                &Json::nums(c.weights.bins.iter().map(|&b| b as f64)),
            );
            if c.count > 0 {
                let mut curves = Json::object();
                for (&g, cdf) in FIGURE4_GAMMAS.iter().zip(&reference) {
                    curves.raw(&format!("{g:?}"), &Json::nums(cdf.iter().copied()));
                }
                j.raw("figure4", &curves.end())
                    .raw("figure4Current", &Json::nums(c.cdf.iter().copied()));
            }
        }
        j.end()
    };
    let refs = shown.predictions.reference_cdfs();
    let neg_ref: Vec<&[f64]> = refs.iter().map(|r| r.1).collect();
    let pos_ref: Vec<&[f64]> = refs.iter().map(|r| r.2).collect();
    let mut j = Json::object();
    j.num("rows", s.rows() as f64)
        .bool("partial", shown.partial)
        .str("kind", kind_name(shown.kind))
        .raw("layout", &layout_json(shown.layout.as_ref()))
        .num("gamma", s.gamma)
        .opt_num("alpha", s.alpha)
        .num("positiveFraction", s.positive_fraction());
    let mut sh = Json::object();
    sh.num("ceLoss", shares.ce_loss)
        .num("ceGrad", shares.ce_grad)
        .num("flLoss", shares.fl_loss)
        .num("flGrad", shares.fl_grad);
    j.raw("easyNegativeShares", &sh.end());
    let mut red = Json::object();
    red.num("ceMean", s.ce_mean())
        .num("ceSum", s.ce_sum())
        .num("flMean", s.fl_mean())
        .num("flSum", s.fl_sum())
        .num("ceGradSum", s.ce_grad_sum())
        .num("flGradSum", s.fl_grad_sum());
    j.raw("reductions", &red.end())
        .raw("hardestFractions", &Json::nums(HARDEST))
        .num("weightLowestDecade", f64::from(WEIGHT_LOWEST_DECADE))
        .raw("negatives", &class(&s.negatives, neg_ref))
        .raw("positives", &class(&s.positives, pos_ref));
    if full {
        j.raw("figure4Fractions", &Json::nums(cdf_fractions()));
    }
    j.end()
}

/// A small JSON writer: an object, key by key.
pub struct Json(String);

impl Json {
    pub fn object() -> Json {
        Json(String::from("{"))
    }

    fn key(&mut self, key: &str) -> &mut Json {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&quote(key));
        self.0.push(':');
        self
    }

    pub fn raw(&mut self, key: &str, value: &str) -> &mut Json {
        self.key(key).0.push_str(value);
        self
    }

    pub fn num(&mut self, key: &str, v: f64) -> &mut Json {
        let text = number(v);
        self.raw(key, &text)
    }

    pub fn opt_num(&mut self, key: &str, v: Option<f64>) -> &mut Json {
        match v {
            Some(v) => self.num(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn str(&mut self, key: &str, v: &str) -> &mut Json {
        let text = quote(v);
        self.raw(key, &text)
    }

    pub fn opt_str(&mut self, key: &str, v: Option<&str>) -> &mut Json {
        match v {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn bool(&mut self, key: &str, v: bool) -> &mut Json {
        self.raw(key, if v { "true" } else { "false" })
    }

    pub fn end(&mut self) -> String {
        self.0.push('}');
        std::mem::take(&mut self.0)
    }

    pub fn nums(values: impl IntoIterator<Item = f64>) -> String {
        let items: Vec<String> = values.into_iter().map(number).collect();
        format!("[{}]", items.join(","))
    }

    pub fn strings(values: &[String]) -> String {
        let items: Vec<String> = values.iter().map(|s| quote(s)).collect();
        format!("[{}]", items.join(","))
    }
}

/// A number in JSON: the shortest text that reads back as the same double;
/// infinities and NaN as the strings JavaScript's `String()` gives them.
pub fn number(v: f64) -> String {
    if v.is_nan() {
        "\"NaN\"".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        }
        .into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        // Whole numbers (counts) without a ".0".
        format!("{}", v as i64)
    } else {
        format!("{v:?}")
    }
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
