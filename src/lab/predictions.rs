//! Reading a user's predictions: a CSV or TSV with a score column and a label
//! column, pushed in chunks as the file is read, never held whole.
//!
//! * The delimiter (comma, tab or semicolon) is taken from the first line;
//!   the first row is a header when a field of it is neither a number nor a
//!   label. Columns come from the header's names (score-like: score, prob,
//!   probability, p, pred, prediction, logit, confidence, output; label-like:
//!   label, y, target, gt, truth, class), else a file of two columns is
//!   `score,label`; the caller may choose either column.
//! * A score is a probability in [0, 1] or a logit ([`ScoreMode`]). `Auto`
//!   reads a logit when the header says "logit", else when any score lies
//!   outside [0, 1]; the decision needs every row, so scores are kept as read
//!   and turned into logits (through [`crate::loss::logit`], exact, with
//!   p = 0 and 1 giving ∓∞) when the file ends.
//! * A label is 0 or 1 (also 0.0, 1.0), true or false (any case).
//! * Per row only the score is kept, in the vector of its class: 8 bytes.
//!
//! The first error stops the reading; the rows before it are kept ([`Failed`])
//! so the page may show them or keep what it had. Every message names the
//! line (1-based, as an editor numbers them) and, where one is at fault, the
//! column, by its header name or else by its 1-based number.

use crate::lab::stats::Predictions;
use crate::loss::{logit, Label};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::fmt;

/// The size limit when the caller names none: 2 GB.
pub const DEFAULT_MAX_BYTES: u64 = 2_000_000_000;

/// How much of the file's start must be text (no NUL, valid UTF-8).
const TEXT_CHECK_BYTES: usize = 1024;

/// The longest row read (a field grows the buffer up to it): past it, the
/// file is not one of predictions.
const MAX_ROW_BYTES: usize = 1_000_000;

/// The most that is held back to find the first line's delimiter.
const SNIFF_MAX_BYTES: usize = 64 * 1024;

const SCORE_NAMES: [&str; 9] = [
    "score",
    "prob",
    "probability",
    "p",
    "pred",
    "prediction",
    "logit",
    "confidence",
    "output",
];
const LABEL_NAMES: [&str; 6] = ["label", "y", "target", "gt", "truth", "class"];

/// How to read the scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScoreMode {
    /// A logit if the score column's name contains "logit" or any score lies
    /// outside [0, 1]; a probability otherwise.
    #[default]
    Auto,
    /// Probabilities in [0, 1]; anything else is an error.
    Probability,
    /// Logits: any number, ±inf included.
    Logit,
}

/// What the scores were read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreKind {
    Probability,
    Logit,
}

/// The caller's choices; `Default` detects everything, with a 2 GB limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    pub mode: ScoreMode,
    /// The score's column, 0-based, instead of choosing it by name.
    pub score_column: Option<usize>,
    /// The label's column, 0-based, instead of choosing it by name.
    pub label_column: Option<usize>,
    /// `b','`, `b'\t'` or `b';'` instead of detecting it.
    pub delimiter: Option<u8>,
    /// Files larger than this many bytes are refused.
    pub max_bytes: u64,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            mode: ScoreMode::Auto,
            score_column: None,
            label_column: None,
            delimiter: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// What was found in the file's first line(s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub delimiter: u8,
    /// The header's names, if the first row is a header.
    pub header: Option<Vec<String>>,
    /// Fields per row.
    pub columns: usize,
    /// 0-based.
    pub score_column: usize,
    /// 0-based.
    pub label_column: usize,
}

/// The predictions read: the logit of every row, split by label, each class
/// in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// `None` only when the file ended (or failed) before its first row.
    pub layout: Option<Layout>,
    pub kind: ScoreKind,
    /// Logits of the rows labelled 0.
    pub negatives: Vec<f64>,
    /// Logits of the rows labelled 1.
    pub positives: Vec<f64>,
}

impl Parsed {
    /// Rows of predictions read (the header apart).
    pub fn rows(&self) -> usize {
        self.negatives.len() + self.positives.len()
    }

    /// The predictions, ready for [`crate::lab::stats`].
    pub fn into_predictions(self) -> crate::error::Result<Predictions> {
        Predictions::from_classes(self.negatives, self.positives)
    }
}

/// Why reading stopped: a message for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line at fault, where there is one.
    pub line: Option<u64>,
    /// The column at fault as shown: `"score"` (quoted header name) or `2`.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Rows of predictions read before the error (kept in [`Failed`]).
    pub rows_read: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            (None, Some(column)) => write!(f, "column {column}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl From<ParseError> for crate::Error {
    fn from(e: ParseError) -> crate::Error {
        crate::Error(e.to_string())
    }
}

/// A reading that stopped at an error, with the rows read before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Failed {
    pub error: ParseError,
    pub partial: Parsed,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for Failed {}

/// A size in bytes for a message: "2 GB", "1.5 MB", "512 bytes".
pub fn format_bytes(n: u64) -> String {
    for (unit, size) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if n as f64 >= size {
            let text = format!("{:.2}", n as f64 / size);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            return format!("{text} {unit}");
        }
    }
    format!("{n} bytes")
}

/// Refuses a file of `bytes` bytes over `limit` before reading it.
pub fn check_size(bytes: u64, limit: u64) -> Result<(), ParseError> {
    if bytes > limit {
        return Err(ParseError {
            line: None,
            column: None,
            message: format!(
                "the file is {}, larger than the limit of {}",
                format_bytes(bytes),
                format_bytes(limit)
            ),
            rows_read: 0,
        });
    }
    Ok(())
}

/// Reads `bytes` whole: [`Parser::push`] once, then [`Parser::finish`].
pub fn parse(bytes: &[u8], options: ParseOptions) -> Result<Parsed, Box<Failed>> {
    let mut parser = Parser::new(options);
    // An error stays in the parser; `finish` reports it with the rows.
    let _ = parser.push(bytes);
    parser.finish()
}

/// A chunked reader of predictions: [`Parser::push`] the file's bytes in
/// pieces of any size, then [`Parser::finish`]. Cutting the file anywhere
/// gives the same result.
#[derive(Debug)]
pub struct Parser {
    options: ParseOptions,
    /// The file's start, held until its first line is whole.
    sniff: Option<Vec<u8>>,
    delimiter: u8,
    reader: Reader,
    /// The fields of the record being read, and where each ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    outlen: usize,
    endlen: usize,
    bytes: u64,
    layout: Option<Layout>,
    /// Whether the scores are logits whatever their values (by the header).
    logit_by_name: bool,
    /// Whether every score so far lies in [0, 1].
    all_in_unit: bool,
    negatives: Vec<f64>,
    positives: Vec<f64>,
    error: Option<ParseError>,
}

impl Parser {
    pub fn new(options: ParseOptions) -> Parser {
        Parser {
            options,
            sniff: Some(Vec::new()),
            delimiter: b',',
            reader: Reader::new(),
            out: vec![0; 256],
            ends: vec![0; 16],
            outlen: 0,
            endlen: 0,
            bytes: 0,
            layout: None,
            logit_by_name: false,
            all_in_unit: true,
            negatives: Vec::new(),
            positives: Vec::new(),
            error: None,
        }
    }

    /// Rows of predictions read so far.
    pub fn rows(&self) -> usize {
        self.negatives.len() + self.positives.len()
    }

    /// Bytes pushed so far (up to the size limit).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Reads the next piece of the file. After an error every push returns
    /// it again; [`Parser::finish`] still gives the rows read before it.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
        if self.error.is_none() {
            let room = self.options.max_bytes.saturating_sub(self.bytes);
            let too_large = chunk.len() as u64 > room;
            let allowed = if too_large {
                &chunk[..room as usize]
            } else {
                chunk
            };
            self.bytes += allowed.len() as u64;
            self.take(allowed);
            if too_large {
                let line = self.current_line();
                let limit = format_bytes(self.options.max_bytes);
                let message = format!("the file is larger than the limit of {limit}");
                self.fail(Some(line), None, message);
            }
        }
        match &self.error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Ends the file: the last row, the decision between probabilities and
    /// logits, and the conversion to logits.
    pub fn finish(mut self) -> Result<Parsed, Box<Failed>> {
        // A file shorter than the part held back is read here.
        if let Some(buffer) = self.sniff.take().filter(|_| self.error.is_none()) {
            if buffer.is_empty() {
                self.fail(None, None, "the file is empty".into());
            } else if let Some(skip) = self.start(&buffer, true) {
                self.feed(&buffer[skip..]);
            }
        }
        if self.error.is_none() {
            self.feed(&[]);
        }
        if self.error.is_none() && self.rows() == 0 {
            let message = match &self.layout {
                None => "the file is empty",
                Some(layout) if layout.header.is_some() => "the file has a header but no rows",
                Some(_) => "the file has no rows",
            };
            self.fail(None, None, message.into());
        }
        let kind = if self.logit_by_name
            || self.options.mode == ScoreMode::Logit
            || (self.options.mode == ScoreMode::Auto && !self.all_in_unit)
        {
            ScoreKind::Logit
        } else {
            ScoreKind::Probability
        };
        if kind == ScoreKind::Probability {
            for p in self.negatives.iter_mut().chain(self.positives.iter_mut()) {
                *p = logit(*p);
            }
        }
        let parsed = Parsed {
            layout: self.layout,
            kind,
            negatives: self.negatives,
            positives: self.positives,
        };
        match self.error {
            None => Ok(parsed),
            Some(error) => Err(Box::new(Failed {
                error,
                partial: parsed,
            })),
        }
    }

    /// Takes bytes: held back until the first line is whole, then read.
    fn take(&mut self, input: &[u8]) {
        let Some(buffer) = &mut self.sniff else {
            self.feed(input);
            return;
        };
        let seen = buffer.len();
        buffer.extend_from_slice(input);
        let first_line_whole = buffer[seen..].contains(&b'\n') || buffer[..seen].contains(&b'\n');
        let ready = (first_line_whole && buffer.len() >= TEXT_CHECK_BYTES)
            || buffer.len() >= SNIFF_MAX_BYTES;
        if ready {
            let buffer = self.sniff.take().unwrap_or_default();
            if let Some(skip) = self.start(&buffer, false) {
                self.feed(&buffer[skip..]);
            }
        }
    }

    /// Checks that the file's start is text and sets up the reader; returns
    /// how many bytes to skip (a UTF-8 byte order mark), or None on an error.
    fn start(&mut self, buffer: &[u8], whole_file: bool) -> Option<usize> {
        let head = &buffer[..buffer.len().min(TEXT_CHECK_BYTES)];
        let line_of = |at: usize| 1 + buffer[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        if let Some(at) = head.iter().position(|&b| b == 0) {
            let message = "this is not a text file (it has a NUL byte); choose a CSV or TSV file";
            self.fail(Some(line_of(at)), None, message.into());
            return None;
        }
        if let Err(e) = std::str::from_utf8(head) {
            // A character cut by the end of the checked window is fine,
            // unless the file ends there.
            if e.error_len().is_some() || (whole_file && head.len() == buffer.len()) {
                let message = "this is not a text file (it is not UTF-8); choose a CSV or TSV file";
                self.fail(Some(line_of(e.valid_up_to())), None, message.into());
                return None;
            }
        }
        let skip = if buffer.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        self.delimiter = self
            .options
            .delimiter
            .unwrap_or_else(|| detect_delimiter(&buffer[skip..]));
        self.reader = ReaderBuilder::new().delimiter(self.delimiter).build();
        Some(skip)
    }

    /// The line being read: where the file was cut by the size limit.
    fn current_line(&self) -> u64 {
        match &self.sniff {
            Some(buffer) => 1 + buffer.iter().filter(|&&b| b == b'\n').count() as u64,
            None => self.reader.line(),
        }
    }

    fn fail(&mut self, line: Option<u64>, column: Option<String>, message: String) {
        if self.error.is_none() {
            self.error = Some(ParseError {
                line,
                column,
                message,
                rows_read: self.rows(),
            });
        }
    }

    /// Runs csv-core over `input`; an empty input is the end of the file.
    fn feed(&mut self, mut input: &[u8]) {
        while self.error.is_none() {
            let (result, nin, nout, nend) = self.reader.read_record(
                input,
                &mut self.out[self.outlen..],
                &mut self.ends[self.endlen..],
            );
            let last_is_newline = nin > 0 && input[nin - 1] == b'\n';
            input = &input[nin..];
            self.outlen += nout;
            self.endlen += nend;
            match result {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return,
                ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    if len >= MAX_ROW_BYTES {
                        let line = self.record_line(false);
                        let limit = format_bytes(MAX_ROW_BYTES as u64);
                        let message = format!(
                            "a row longer than {limit}; choose a CSV or TSV file of scores and labels"
                        );
                        self.fail(Some(line), None, message);
                        return;
                    }
                    self.out.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    self.record(last_is_newline);
                    self.outlen = 0;
                    self.endlen = 0;
                }
            }
        }
    }

    /// The 1-based line on which the record just read began: csv-core counts
    /// the newlines it consumed, the record's own terminator among them.
    fn record_line(&self, last_is_newline: bool) -> u64 {
        let end = self
            .reader
            .line()
            .saturating_sub(u64::from(last_is_newline));
        let inside = self.out[..self.outlen]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        end.saturating_sub(inside).max(1)
    }

    /// Field `i` of the record just read, without surrounding blanks.
    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        trim(&self.out[start..self.ends[i]])
    }

    /// One record: the first sets the layout (and may be a row); the others
    /// are rows.
    fn record(&mut self, last_is_newline: bool) {
        // A line of blanks is skipped, as csv-core skips an empty one.
        if self.endlen == 1 && self.field(0).is_empty() {
            return;
        }
        let line = self.record_line(last_is_newline);
        let Some(layout) = &self.layout else {
            if let Some((score, label)) = self.first_record(line) {
                self.row(line, score, label);
            }
            return;
        };
        let (columns, score, label) = (layout.columns, layout.score_column, layout.label_column);
        if self.endlen != columns {
            let message = format!(
                "{}, but the first row has {columns}",
                fields_count(self.endlen)
            );
            self.fail(Some(line), None, message);
            return;
        }
        self.row(line, score, label);
    }

    /// One row of predictions.
    fn row(&mut self, line: u64, score_column: usize, label_column: usize) {
        let text = self.field(score_column);
        let Some(score) = parse_number(text, self.delimiter) else {
            let message = format!("{} is not a number", quote(text));
            self.fail_at(line, score_column, message);
            return;
        };
        let in_unit = (0.0..=1.0).contains(&score);
        if !self.logit_by_name {
            match self.options.mode {
                ScoreMode::Logit => {}
                ScoreMode::Auto => self.all_in_unit &= in_unit,
                ScoreMode::Probability if in_unit => {}
                ScoreMode::Probability => {
                    let message = format!("{} is not a probability between 0 and 1", quote(text));
                    self.fail_at(line, score_column, message);
                    return;
                }
            }
        }
        let text = self.field(label_column);
        match parse_label(text) {
            Some(Label::Negative) => self.negatives.push(score),
            Some(Label::Positive) => self.positives.push(score),
            None => {
                let message = format!("{} is not a label (0 or 1, true or false)", quote(text));
                self.fail_at(line, label_column, message);
            }
        }
    }

    fn fail_at(&mut self, line: u64, column: usize, message: String) {
        let header = self.layout.as_ref().and_then(|l| l.header.as_deref());
        let column = column_display(header, column);
        self.fail(Some(line), Some(column), message);
    }

    /// Reads the first record: is it a header, which columns to take?
    /// Returns the columns when it is a row of data too.
    fn first_record(&mut self, line: u64) -> Option<(usize, usize)> {
        let fields = self.endlen;
        let opts = self.options;
        let delimiter = self.delimiter;
        if fields < 2 {
            let message = "only one column; a score column and a label column are needed, \
                           separated by commas, tabs or semicolons";
            self.fail(Some(line), None, message.into());
            return None;
        }
        for (chosen, what) in [(opts.score_column, "score"), (opts.label_column, "label")] {
            if let Some(c) = chosen.filter(|&c| c >= fields) {
                let message = format!(
                    "there is no column {} (chosen for the {what}): the file has {fields} columns",
                    c + 1
                );
                self.fail(Some(line), None, message);
                return None;
            }
        }
        if let (Some(s), Some(l)) = (opts.score_column, opts.label_column) {
            if s == l {
                let message = format!("the score and the label cannot both be column {}", s + 1);
                self.fail(Some(line), None, message);
                return None;
            }
        }
        // A header is a first row with a field that is neither a number nor
        // a label; when both columns are chosen, only those two count.
        let looks_like_data = |i: usize| {
            let f = self.field(i);
            parse_number(f, delimiter).is_some() || parse_label(f).is_some()
        };
        let header = match (opts.score_column, opts.label_column) {
            (Some(s), Some(l)) => !(looks_like_data(s) && looks_like_data(l)),
            _ => !(0..fields).all(looks_like_data),
        };
        let names: Option<Vec<String>> = header.then(|| {
            (0..fields)
                .map(|i| String::from_utf8_lossy(self.field(i)).into_owned())
                .collect()
        });
        let (score, label) = match choose_columns(names.as_deref(), fields, opts) {
            Ok(pair) => pair,
            Err(message) => {
                self.fail(Some(line), None, message);
                return None;
            }
        };
        if let Some(names) = &names {
            self.logit_by_name =
                opts.mode == ScoreMode::Auto && names[score].to_ascii_lowercase().contains("logit");
        }
        self.layout = Some(Layout {
            delimiter,
            header: names,
            columns: fields,
            score_column: score,
            label_column: label,
        });
        (!header).then_some((score, label))
    }
}

/// The delimiter of the first line that is not blank: the most frequent of
/// tab, semicolon and comma outside quotes, in that order on a tie (a
/// semicolon file may write its decimals with commas); a comma when there is
/// none.
fn detect_delimiter(text: &[u8]) -> u8 {
    let line = text
        .split(|&b| b == b'\n')
        .find(|line| !trim(line).is_empty())
        .unwrap_or(text);
    let mut counts = [0usize; 3];
    let candidates = [b'\t', b';', b','];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 2;
    for i in [1, 0] {
        if counts[i] >= counts[best] && counts[i] > 0 {
            best = i;
        }
    }
    candidates[best]
}

/// The score and label columns from the header's names, the caller's
/// choice, or the two columns of a file that has only two.
fn choose_columns(
    names: Option<&[String]>,
    fields: usize,
    opts: ParseOptions,
) -> Result<(usize, usize), String> {
    let score = opts
        .score_column
        .or_else(|| names.and_then(|n| best_named(n, &SCORE_NAMES, opts.label_column)));
    let label = opts
        .label_column
        .or_else(|| names.and_then(|n| best_named(n, &LABEL_NAMES, score)));
    match (score, label) {
        (Some(s), Some(l)) => Ok((s, l)),
        _ if fields == 2 => match (score, label) {
            (Some(s), _) => Ok((s, 1 - s)),
            (_, Some(l)) => Ok((1 - l, l)),
            _ => Ok((0, 1)),
        },
        _ => match names {
            None => Err(format!(
                "{fields} columns and no header: name the columns in a first line, \
                 or choose the score and label columns"
            )),
            Some(names) => {
                let (what, list) = if score.is_none() {
                    ("score", &SCORE_NAMES[..])
                } else {
                    ("label", &LABEL_NAMES[..])
                };
                let columns: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                Err(format!(
                    "no column is named like a {what} ({}) among {}; choose the {what} column",
                    list.join(", "),
                    columns.join(", ")
                ))
            }
        },
    }
}

/// The column whose name fits `list` best: the name itself, its singular, or
/// one of its words (`y_true`, `pred_score`), earlier words of `list` first.
fn best_named(names: &[String], list: &[&str], exclude: Option<usize>) -> Option<usize> {
    let position = |word: &str| {
        list.iter().position(|&w| w == word).or_else(|| {
            word.strip_suffix('s')
                .and_then(|w| list.iter().position(|&l| l == w))
        })
    };
    let rank = |name: &str| -> Option<(u8, usize)> {
        let name = name.trim().to_ascii_lowercase();
        if let Some(p) = position(&name) {
            return Some((0, p));
        }
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .filter_map(position)
            .min()
            .map(|p| (1, p))
    };
    names
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != exclude)
        .filter_map(|(i, n)| rank(n).map(|r| (r, i)))
        .min()
        .map(|(_, i)| i)
}

/// A number, or None (NaN is not one). A semicolon file may write a decimal
/// comma: "0,25" reads as 0.25.
fn parse_number(field: &[u8], delimiter: u8) -> Option<f64> {
    let text = std::str::from_utf8(field).ok()?;
    let value = match text.parse::<f64>() {
        Ok(v) => v,
        Err(_) if delimiter == b';' && text.matches(',').count() == 1 => {
            text.replace(',', ".").parse::<f64>().ok()?
        }
        Err(_) => return None,
    };
    (!value.is_nan()).then_some(value)
}

/// 0 or 1 (any number equal to them), true or false in any case.
fn parse_label(field: &[u8]) -> Option<Label> {
    match field {
        b"0" => Some(Label::Negative),
        b"1" => Some(Label::Positive),
        _ if field.eq_ignore_ascii_case(b"true") => Some(Label::Positive),
        _ if field.eq_ignore_ascii_case(b"false") => Some(Label::Negative),
        _ => std::str::from_utf8(field)
            .ok()?
            .parse::<f64>()
            .ok()
            .and_then(Label::from_y),
    }
}

fn trim(field: &[u8]) -> &[u8] {
    let start = field
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(field.len());
    let end = field
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &field[start..end]
}

/// A field as a message shows it: quoted, cut after 40 characters.
fn quote(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let mut chars = text.chars();
    let cut: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

/// A column as a message names it: `"score"` from the header, else `2`.
fn column_display(header: Option<&[String]>, i: usize) -> String {
    match header.and_then(|h| h.get(i)).filter(|n| !n.is_empty()) {
        Some(name) => format!("\"{name}\""),
        None => (i + 1).to_string(),
    }
}

fn fields_count(n: usize) -> String {
    if n == 1 {
        "1 field".into()
    } else {
        format!("{n} fields")
    }
}
