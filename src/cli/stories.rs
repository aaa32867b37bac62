//! `annals stories`: the stories that the filtered reports tell, one a line, in timeline
//! order: the story's date, how many reports told it, `≠` where its sources disagree, the
//! summary that says it best and the outlets; as an aligned table, TSV, or JSON Lines with
//! every report, why it was joined, and what the reports agree and disagree on.

use super::list::output_width;
use super::list::{JsonDate, Width, tsv_field};
use super::output::Output;
use super::{EXIT_DATA_ERRORS, EXIT_USAGE, FilterArgs, filters, notes};
use crate::ingest::{LoadOptions, Loaded};
use crate::model::{Clock, Corpus, EventIx, When};
use crate::stories::Stories;
use crate::stories::facts::Facts;
use crate::text::{sanitize_line, truncate, width};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

/// How `annals stories` writes the stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StoriesFormat {
    /// Aligned columns: date, ×reports, ≠ when the sources disagree, summary, outlets.
    #[default]
    Table,
    /// A header line, then per story: story, date, reports, disagree, summary, outlets,
    /// events (escaped as `annals list`'s TSV is).
    Tsv,
    /// One JSON object per story: its date and summary, each report with its source,
    /// status and joins, the disagreeing reports, statuses, outlets, first and last
    /// reported, GDELT's sums.
    Jsonl,
}

/// The TSV's header line.
pub const TSV_HEADER: &str = "story\tdate\treports\tdisagree\tsummary\toutlets\tevents";

/// `annals stories`: load, read the notes (the data's, or `notes`), filter, cluster with
/// the notes' splits and merges, write; the exit code.
#[allow(clippy::too_many_arguments)]
pub fn run<W: Write>(
    filter_args: &FilterArgs,
    (format, merged): (StoriesFormat, bool),
    notes: Option<PathBuf>,
    (paths, window): (&[PathBuf], usize),
    options: &LoadOptions,
    clock: Clock,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Loaded { corpus, report } = match super::stored::load(paths, filter_args, window, options, err)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let Some(desk) = notes::desk_of(&corpus, notes.or_else(|| crate::desk::file::default_path(paths)), err)? else {
        return Ok(EXIT_DATA_ERRORS);
    };
    let Some((_, events)) = filters::apply_with(filter_args, &corpus, &desk.annotations(), err)? else {
        return Ok(EXIT_USAGE);
    };
    let stories = Stories::cluster(&corpus, &desk.story_choices(&corpus));
    write_stories(&corpus, &stories, &events, merged, format, output_width(out), clock, out)?;
    let code = super::report_load_problems(&report, out, err);
    super::release_at_exit(corpus);
    code
}

/// The stories of `view` (filtered reports, timeline order) to show: one event of each
/// story (see [`Stories::one_per_story`]), only those of two or more reports when `merged`.
pub fn shown(stories: &Stories, view: &[EventIx], merged: bool) -> Vec<EventIx> {
    let mut one_each = stories.one_per_story(view);
    if merged {
        one_each.retain(|&e| stories.reports_with(e).len() > 1);
    }
    one_each
}

/// Write the stories of `view`; returns how many were written.
#[allow(clippy::too_many_arguments)]
pub fn write_stories<W: Write>(
    corpus: &Corpus,
    stories: &Stories,
    view: &[EventIx],
    merged: bool,
    format: StoriesFormat,
    line_width: Width,
    clock: Clock,
    out: &mut Output<W>,
) -> io::Result<usize> {
    let shown = shown(stories, view, merged);
    let facts: Vec<Facts> = shown.iter().map(|&e| Facts::of(corpus, stories, e)).collect();
    match format {
        StoriesFormat::Table => write_table(corpus, &facts, line_width, clock, out)?,
        StoriesFormat::Tsv => write_tsv(corpus, stories, &facts, out)?,
        StoriesFormat::Jsonl => write_jsonl(corpus, stories, &facts, out)?,
    }
    Ok(facts.len())
}

/// `×N` for a story of several reports, nothing for one.
fn times(facts: &Facts) -> String {
    if facts.reports.len() > 1 { format!("×{}", facts.reports.len()) } else { String::new() }
}

fn write_table(
    corpus: &Corpus,
    facts: &[Facts],
    line_width: Width,
    clock: Clock,
    out: &mut dyn Write,
) -> io::Result<()> {
    let dates: Vec<String> =
        facts.iter().map(|f| f.date.map_or_else(|| "undated".to_string(), |d| d.on(clock).human())).collect();
    let counts: Vec<String> = facts.iter().map(times).collect();
    let date_width = dates.iter().map(|d| width(d)).max().unwrap_or(0);
    let count_width = counts.iter().map(|c| width(c)).max().unwrap_or(0);
    for ((f, date), count) in facts.iter().zip(&dates).zip(&counts) {
        let differ = if f.disagreement() { "≠" } else { " " };
        let summary = corpus.event(f.canonical).summary.shown();
        let outlets: Vec<String> = f.outlets.iter().map(|o| sanitize_line(o)).collect();
        let outlets = if outlets.is_empty() { String::new() } else { format!("  ({})", outlets.join(", ")) };
        let line = format!("{date:<date_width$}  {count:>count_width$}  {differ}  {summary}{outlets}");
        match line_width {
            Width::Terminal(columns) => writeln!(out, "{}", truncate(&line, columns))?,
            Width::Unbounded => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

fn write_tsv(corpus: &Corpus, stories: &Stories, facts: &[Facts], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{TSV_HEADER}")?;
    for f in facts {
        let names: Vec<String> = f.reports.iter().map(|&r| corpus.event_ref(corpus.event(r))).collect();
        let fields = [
            stories.story_of(f.lead).to_string(),
            f.date.map(|d| d.iso()).unwrap_or_default(),
            f.reports.len().to_string(),
            if f.disagreement() { "yes" } else { "" }.to_string(),
            corpus.event(f.canonical).summary.raw().to_string(),
            f.outlets.join("; "),
            names.join("; "),
        ];
        let escaped: Vec<String> = fields.iter().map(|f| tsv_field(f)).collect();
        writeln!(out, "{}", escaped.join("\t"))?;
    }
    Ok(())
}

/// One line of `--format jsonl`, its keys in this order.
#[derive(Serialize)]
struct JsonStory<'a> {
    story: u32,
    date: Option<JsonDate>,
    summary: &'a str,
    reports: Vec<JsonReport<'a>>,
    disagree: Vec<String>,
    /// Each status the reports give, with the reports that give it.
    statuses: BTreeMap<&'static str, Vec<String>>,
    articles: usize,
    outlets: &'a [String],
    first_reported: Option<JsonDate>,
    last_reported: Option<JsonDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gdelt: Option<JsonGdelt>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    event: String,
    date: Option<JsonDate>,
    source: Option<&'a str>,
    status: &'static str,
    summary: &'a str,
    joined: Vec<JsonJoin>,
}

/// A join of a report: with which report, by which rule, how strongly.
#[derive(Serialize)]
struct JsonJoin {
    with: String,
    rule: &'static str,
    score: f32,
}

/// GDELT's counts summed over a story's rows, under GDELT's names.
#[derive(Serialize)]
struct JsonGdelt {
    #[serde(rename = "NumMentions")]
    mentions: u64,
    #[serde(rename = "NumSources")]
    sources: u64,
    #[serde(rename = "NumArticles")]
    articles: u64,
}

fn write_jsonl<W: Write>(corpus: &Corpus, stories: &Stories, facts: &[Facts], out: &mut Output<W>) -> io::Result<()> {
    let name = |e: EventIx| corpus.event_ref(corpus.event(e));
    let date = |w: &Option<When>| w.as_ref().map(JsonDate::of);
    for f in facts {
        let reports = f
            .reports
            .iter()
            .map(|&r| {
                let event = corpus.event(r);
                let joined = stories
                    .joins_of(r)
                    .map(|j| JsonJoin {
                        with: name(if j.a == r { j.b } else { j.a }),
                        rule: j.rule.label(),
                        score: j.score,
                    })
                    .collect();
                JsonReport {
                    event: name(r),
                    date: date(&event.date),
                    source: corpus.article_of(event).source.as_ref().map(|s| s.raw()),
                    status: event.status.as_str(),
                    summary: event.summary.raw(),
                    joined,
                }
            })
            .collect();
        let story = JsonStory {
            story: stories.story_of(f.lead),
            date: date(&f.date),
            summary: corpus.event(f.canonical).summary.raw(),
            reports,
            disagree: f.disagree.iter().map(|&r| name(r)).collect(),
            statuses: f.statuses.iter().map(|(s, rs)| (s.as_str(), rs.iter().map(|&r| name(r)).collect())).collect(),
            articles: f.articles,
            outlets: &f.outlets,
            first_reported: date(&f.first_reported),
            last_reported: date(&f.last_reported),
            gdelt: f.gdelt.map(|[m, s, a]| JsonGdelt { mentions: m, sources: s, articles: a }),
        };
        out.write_json_line(&story)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::Choice;

    /// Two outlets telling one expulsion, on dates a day apart; and one other event.
    const ARTICLES: &str = r#"[
      {"id": "w", "title": "T", "source": "Wire", "events": [
        {"id": "e1", "date": "2016-12-29", "summary": "Obama expels 35 Russian diplomats"},
        {"id": "e2", "date": "2016-12-31", "summary": "Putin invites children to a party", "status": "planned"}]},
      {"id": "d", "title": "U", "source": "Daily", "events": [
        {"id": "e1", "date": "2016-12-31", "summary": "US expels Russian diplomats"}]}]"#;

    fn table(merged: bool) -> String {
        let loaded = crate::ingest::load_str("a.json", ARTICLES);
        let corpus = &loaded.corpus;
        let find =
            |name: &str| (0..corpus.events().len() as EventIx).find(|&e| corpus.event_ref(corpus.event(e)) == name);
        let (a, b) = (find("w/e1").unwrap(), find("d/e1").unwrap());
        let stories = Stories::cluster(corpus, &[Choice::Merge(a, b)]);
        let view: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
        let mut bytes = Vec::new();
        let mut out = Output::new(&mut bytes, false);
        write_stories(corpus, &stories, &view, merged, StoriesFormat::Table, Width::Unbounded, Clock::Utc, &mut out)
            .unwrap();
        drop(out);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_table_counts_reports_flags_disagreement_and_names_the_outlets() {
        assert_eq!(
            table(false),
            "2016-12-29  ×2  ≠  Obama expels 35 Russian diplomats  (Wire, Daily)\n\
             2016-12-31         Putin invites children to a party  (Wire)\n"
        );
        assert_eq!(table(true), "2016-12-29  ×2  ≠  Obama expels 35 Russian diplomats  (Wire, Daily)\n");
    }
}
