//! `annals list`: the filtered events one a line, as an aligned table (cut to the width
//! only on a terminal), TSV or JSON Lines with the ids that `--article` and `--where`
//! take again.

use super::output::Output;
use crate::display::{self, status_marker};
use crate::model::{Clock, Corpus, Event, EventIx, Participant, Role, When};
use crate::text::{truncate, width};
use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};

/// How `annals list` writes the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns: date, status marker, actors, summary.
    #[default]
    Table,
    /// A header line, then per event: event, article, date, status, actor_ids, actors,
    /// action, summary (tabs, line breaks and backslashes escaped as `\t`, `\n`, `\\`).
    Tsv,
    /// One JSON object per event: ids, date (text, start, end), status, actors with
    /// their roles, action, summary, tags.
    Jsonl,
}

/// Where the table goes: a terminal of this many columns (lines are cut to it, the
/// actors to their column), or anything else (every field whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Terminal(usize),
    Unbounded,
}

/// The widest the actors column is padded to; on a terminal, also where names are cut.
const ACTORS_COLUMN: usize = 32;

/// The TSV's header line.
pub const TSV_HEADER: &str = "event\tarticle\tdate\tstatus\tactor_ids\tactors\taction\tsummary";

/// How wide a table may be: the terminal's width on one, else every field whole.
pub(super) fn output_width<W: Write>(out: &Output<W>) -> Width {
    match out.is_terminal().then(terminal_width).flatten() {
        Some(columns) => Width::Terminal(columns),
        None => Width::Unbounded,
    }
}

/// The terminal's width in columns, when it can be asked.
fn terminal_width() -> Option<usize> {
    crossterm::terminal::size().ok().map(|(columns, _)| usize::from(columns)).filter(|&c| c > 0)
}

pub fn write_list<W: Write>(
    corpus: &Corpus,
    events: &[EventIx],
    format: ListFormat,
    width: Width,
    clock: Clock,
    out: &mut Output<W>,
) -> io::Result<()> {
    write_page(corpus, events, (format, width, clock), true, out)
}

/// One page of a longer list (a stored dataset's, read a page at a time): the TSV's
/// header only when `first`; a table's columns aligned within the page.
pub fn write_page<W: Write>(
    corpus: &Corpus,
    events: &[EventIx],
    (format, width, clock): (ListFormat, Width, Clock),
    first: bool,
    out: &mut Output<W>,
) -> io::Result<()> {
    match format {
        ListFormat::Table => write_table(corpus, events, width, clock, out),
        ListFormat::Tsv => {
            if first {
                writeln!(out, "{TSV_HEADER}")?;
            }
            write_tsv(corpus, events, out)
        }
        ListFormat::Jsonl => write_jsonl(corpus, events, out),
    }
}

/// One event a line, columns aligned: date (times of day on `clock`), status marker,
/// actors, summary.
fn write_table(
    corpus: &Corpus,
    events: &[EventIx],
    line_width: Width,
    clock: Clock,
    out: &mut dyn Write,
) -> io::Result<()> {
    let date = |e: EventIx| match (corpus.event(e).date, corpus.reported_on(e)) {
        (Some(d), _) => d.on(clock).human(),
        (None, Some(r)) => crate::display::reported_date(&r.on(clock)),
        (None, None) => "undated".to_string(),
    };
    let dates: Vec<String> = events.iter().map(|&e| date(e)).collect();
    let actors: Vec<String> = match line_width {
        Width::Terminal(_) => events.iter().map(|&e| display::actor_names(corpus, e)).collect(),
        Width::Unbounded => events.iter().map(|&e| every_actor_name(corpus, corpus.event(e))).collect(),
    };
    let date_width = dates.iter().map(|d| width(d)).max().unwrap_or(0);
    let actor_width = actors.iter().map(|a| width(a)).max().unwrap_or(0).min(ACTORS_COLUMN);
    for ((&e, date), names) in events.iter().zip(&dates).zip(&actors) {
        let event = corpus.event(e);
        let marker = status_marker(event.status);
        let summary = event.summary.shown();
        let line = if actor_width == 0 {
            format!("{date:<date_width$}  {marker}  {summary}")
        } else {
            let names = match line_width {
                Width::Terminal(_) => truncate(names, actor_width),
                Width::Unbounded => names.into(),
            };
            let pad = actor_width.saturating_sub(width(&names));
            format!("{date:<date_width$}  {marker}  {names}{:pad$}  {summary}", "")
        };
        match line_width {
            Width::Terminal(columns) => writeln!(out, "{}", truncate(&line, columns))?,
            Width::Unbounded => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

/// An event's participants, agents first, then targets, then others, each actor once.
fn participants_in_order(event: &Event) -> Vec<Participant> {
    let mut seen = HashSet::new();
    Role::ALL
        .iter()
        .copied()
        .flat_map(|role| event.participants.iter().filter(move |p| p.role == role))
        .filter(|p| seen.insert(p.actor))
        .copied()
        .collect()
}

/// Every actor's name, in the order of [`participants_in_order`], in the form safe to draw.
fn every_actor_name(corpus: &Corpus, event: &Event) -> String {
    let names: Vec<&str> = participants_in_order(event).iter().map(|p| corpus.actor(p.actor).name.shown()).collect();
    names.join(", ")
}

/// One line a event (the header is written before the first); the data exactly as loaded, escaped only where it
/// would break the lines and columns.
fn write_tsv(corpus: &Corpus, events: &[EventIx], out: &mut dyn Write) -> io::Result<()> {
    for &e in events {
        let event = corpus.event(e);
        let participants = participants_in_order(event);
        let ids: Vec<&str> = participants.iter().map(|p| corpus.actor(p.actor).id.as_str()).collect();
        let names: Vec<&str> = participants.iter().map(|p| corpus.actor(p.actor).name.raw()).collect();
        let fields = [
            corpus.event_ref(event),
            corpus.article_of(event).id.clone(),
            event.date.map(|d| d.iso()).unwrap_or_default(),
            event.status.as_str().to_string(),
            ids.join("; "),
            names.join("; "),
            event.action.as_deref().unwrap_or("").to_string(),
            event.summary.raw().to_string(),
        ];
        let escaped: Vec<String> = fields.iter().map(|f| tsv_field(f)).collect();
        writeln!(out, "{}", escaped.join("\t"))?;
    }
    Ok(())
}

/// A value in one TSV cell: `\`, tab, line feed and carriage return escaped as `\\`, `\t`,
/// `\n`, `\r`, so that each line is one event and the value can be read back.
pub fn tsv_field(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// One line of `--format jsonl`, its keys in this order.
#[derive(Serialize)]
struct JsonEvent<'a> {
    /// `ARTICLE/EVENT`, as relations name it.
    event: String,
    id: &'a str,
    article: &'a str,
    date: Option<JsonDate>,
    /// An undated event's article's publication, where the timeline places it: never its
    /// date (absent with `--no-reported-on`).
    #[serde(skip_serializing_if = "Option::is_none")]
    reported_on: Option<JsonDate>,
    status: &'static str,
    actors: Vec<JsonActor<'a>>,
    action: Option<&'a str>,
    summary: &'a str,
    tags: Vec<&'a str>,
}

/// A date as written (canonical) and the seconds it covers, in UTC: `start` inclusive,
/// `end` exclusive; an open side (`before X`, `after X`) is null.
#[derive(Serialize)]
pub(super) struct JsonDate {
    text: String,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Serialize)]
struct JsonActor<'a> {
    id: &'a str,
    name: &'a str,
    role: &'static str,
}

impl JsonDate {
    pub(super) fn of(when: &When) -> Self {
        let (start, end) = when.extent();
        let utc = |seconds: i64| {
            chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        };
        let start = if start == i64::MIN { None } else { utc(start) };
        let end = if end == i64::MAX { None } else { utc(end) };
        JsonDate { text: when.iso(), start, end }
    }
}

/// One JSON object a line, the data exactly as loaded.
fn write_jsonl<W: Write>(corpus: &Corpus, events: &[EventIx], out: &mut Output<W>) -> io::Result<()> {
    for &e in events {
        let event = corpus.event(e);
        let actors = participants_in_order(event)
            .iter()
            .map(|p| {
                let actor = corpus.actor(p.actor);
                JsonActor { id: &actor.id, name: actor.name.raw(), role: p.role.as_str() }
            })
            .collect();
        let line = JsonEvent {
            event: corpus.event_ref(event),
            id: &event.id,
            article: &corpus.article_of(event).id,
            date: event.date.as_ref().map(JsonDate::of),
            reported_on: corpus.reported_on(e).as_ref().map(JsonDate::of),
            status: event.status.as_str(),
            actors,
            action: event.action.as_deref(),
            summary: event.summary.raw(),
            tags: event.tags.iter().map(|t| &**t).collect(),
        };
        out.write_json_line(&line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One event with four actors and a long summary.
    const ARTICLE: &str = r#"{"id": "a", "title": "T",
      "actors": [{"id": "lavrov", "name": "Sergei Lavrov"}, {"id": "embassy", "name": "US Embassy in Moscow"},
                 {"id": "consulate", "name": "US Consulate General in St Petersburg"}, {"id": "putin", "name": "Vladimir Putin"}],
      "events": [{"id": "e1", "date": "2016-12-30", "status": "proposed",
        "summary": "Sergei Lavrov proposes expelling 35 US diplomats, 31 from the embassy and 4 from the consulate",
        "participants": [{"actor": "embassy", "role": "target"}, {"actor": "lavrov", "role": "agent"},
                         {"actor": "consulate", "role": "target"}, {"actor": "putin", "role": "other"}]}]}"#;

    fn table(width: Width) -> String {
        let loaded = crate::ingest::load_str("a.json", ARTICLE);
        assert_eq!(loaded.report.error_count(), 0, "{:?}", loaded.report.diagnostics());
        let mut bytes = Vec::new();
        write_list(&loaded.corpus, &[0], ListFormat::Table, width, Clock::Utc, &mut Output::new(&mut bytes, false))
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_table_not_on_a_terminal_keeps_every_field_whole() {
        assert_eq!(
            table(Width::Unbounded),
            "2016-12-30  ?  Sergei Lavrov, US Embassy in Moscow, US Consulate General in St Petersburg, \
             Vladimir Putin  Sergei Lavrov proposes expelling 35 US diplomats, 31 from the embassy and 4 from the consulate\n"
        );
    }

    #[test]
    fn a_table_on_a_terminal_is_cut_to_its_width_with_a_sign() {
        assert_eq!(
            table(Width::Terminal(80)),
            "2016-12-30  ?  Sergei Lavrov, US Embassy in Mo…  Sergei Lavrov proposes expelli…\n"
        );
        assert_eq!(width(table(Width::Terminal(80)).trim_end()), 80);
    }

    #[test]
    fn tsv_fields_escape_what_would_break_a_line_or_a_column() {
        assert_eq!(tsv_field("plain words"), "plain words");
        assert_eq!(tsv_field("a\tb\nc\r\nd\\e"), "a\\tb\\nc\\r\\nd\\\\e");
    }
}
