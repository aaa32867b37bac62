//! `annals count --by FIELD`: the filtered events counted by a field, as an aligned
//! table, TSV or JSON, through the one output path.

use super::output::Output;
use crate::display::and_more;
use crate::model::{Corpus, EventIx};
use crate::query::count::{Bucket, GroupBy, count_by};
use serde::Serialize;
use std::io::{self, Write};

/// How `annals count` writes its buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CountFormat {
    /// Aligned columns: count, share of the events, label; a header naming the field.
    #[default]
    Table,
    /// `label<TAB>count<TAB>term`, one bucket a line, no header.
    Tsv,
    /// `{"by", "total", "buckets": [{"label", "count", "term"}]}`.
    Json,
}

/// Count `events` by `by` and write the first `limit` buckets (all without one).
pub fn write_counts<W: Write>(
    corpus: &Corpus,
    events: &[EventIx],
    by: &GroupBy,
    format: CountFormat,
    limit: Option<usize>,
    out: &mut Output<W>,
) -> io::Result<()> {
    let buckets = count_by(corpus, events, by);
    write_buckets(by, events.len(), &buckets, format, limit, out)
}

/// Write the first `limit` of `buckets` (of `total` events, sorted), all without one.
pub fn write_buckets<W: Write>(
    by: &GroupBy,
    total: usize,
    buckets: &[Bucket],
    format: CountFormat,
    limit: Option<usize>,
    out: &mut Output<W>,
) -> io::Result<()> {
    let shown = &buckets[..limit.unwrap_or(usize::MAX).min(buckets.len())];
    match format {
        CountFormat::Table => write_table(by, total, shown, buckets.len() - shown.len(), out),
        CountFormat::Tsv => {
            for b in shown {
                writeln!(out, "{}\t{}\t{}", one_line(&b.label), b.events, one_line(&b.term))?;
            }
            Ok(())
        }
        CountFormat::Json => {
            let buckets = shown.iter().map(|b| Row { label: &b.label, count: b.events, term: &b.term }).collect();
            let doc = Document { by: by.name(), total, buckets };
            let mut json = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
            json.push('\n');
            out.write_json(&json)
        }
    }
}

/// The JSON written, its keys in this order.
#[derive(Serialize)]
struct Document<'a> {
    by: &'a str,
    total: usize,
    buckets: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    label: &'a str,
    count: usize,
    term: &'a str,
}

/// ```text
///  count   share  action (100 events)
///     40   40.0%  expel
/// ```
fn write_table(by: &GroupBy, total: usize, shown: &[Bucket], left_out: usize, out: &mut dyn Write) -> io::Result<()> {
    let width = shown.iter().map(|b| b.events.to_string().len()).max().unwrap_or(0).max("count".len());
    let plural = if total == 1 { "" } else { "s" };
    writeln!(out, "{:>width$}  {:>6}  {} ({total} event{plural})", "count", "share", by.name())?;
    for b in shown {
        let share = b.events as f64 * 100.0 / total.max(1) as f64;
        writeln!(out, "{:>width$}  {share:>5.1}%  {}", b.events, one_line(&b.label))?;
    }
    if left_out > 0 {
        writeln!(out, "{:>width$}  {:>6}  {}", "", "", and_more(left_out))?;
    }
    Ok(())
}

/// A value on one line of its own: tabs and line breaks inside it would break the columns.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}
