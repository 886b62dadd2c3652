//! The values a chart plots, as rows: the x of evenly spaced examples and
//! every curve's value there, exact (not interpolated), as the readout and
//! the screen readers' table give them. Written as CSV for the export.

use csv_core::{WriteResult, Writer};

use crate::curves::{ChartScene, Role};
use crate::text::axis_symbol;

/// The CSV of `chart` at `n` (2..=10,001) evenly spaced x over its x-range:
/// a header row naming the columns (the x-axis, then each curve as its
/// legend names it), then one row per x, every number at full precision
/// (Rust's shortest text that reads back to the same `f64`). Lines end with
/// `\n`; a name with a comma is quoted.
pub fn csv(chart: &ChartScene, n: usize) -> String {
    let n = n.clamp(2, 10_001);
    let shown: Vec<_> = chart
        .series
        .iter()
        .filter(|s| s.role != Role::Guide)
        .collect();
    let mut out = Csv::default();
    out.record(
        std::iter::once(axis_symbol(chart.axis).to_string())
            .chain(shown.iter().map(|s| s.name.clone())),
    );
    let (lo, hi) = chart.frame.x;
    for i in 0..n {
        // The table's spacing: the ends exactly, the others between.
        let u = if i + 1 == n {
            hi
        } else {
            lo + (hi - lo) * i as f64 / (n - 1) as f64
        };
        out.record(
            std::iter::once(u)
                .chain(shown.iter().map(|s| s.at(chart.axis, u)))
                .map(|v| v.to_string()),
        );
    }
    out.text
}

/// A CSV document being written, by csv-core's writer (its quoting rules).
#[derive(Default)]
struct Csv {
    writer: Writer,
    text: String,
    buf: Vec<u8>,
}

impl Csv {
    fn record(&mut self, fields: impl Iterator<Item = String>) {
        for (i, field) in fields.enumerate() {
            if i > 0 {
                self.put(|w, out| w.delimiter(out));
            }
            let mut input = field.as_bytes();
            while !input.is_empty() {
                let (_, read, _) = self.put_field(input);
                input = &input[read..];
            }
        }
        self.put(|w, out| w.terminator(out));
    }

    fn put_field(&mut self, input: &[u8]) -> (WriteResult, usize, usize) {
        // Room for the field quoted, every byte doubled at worst.
        self.buf.resize(input.len() * 2 + 2, 0);
        let r = self.writer.field(input, &mut self.buf);
        self.text
            .push_str(&String::from_utf8_lossy(&self.buf[..r.2]));
        r
    }

    fn put(&mut self, f: impl Fn(&mut Writer, &mut [u8]) -> (WriteResult, usize)) {
        self.buf.resize(4, 0);
        let (_, written) = f(&mut self.writer, &mut self.buf);
        self.text
            .push_str(&String::from_utf8_lossy(&self.buf[..written]));
    }
}
