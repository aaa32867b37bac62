//! TimelineJS3 export: the selected events as a TimelineJS JSON document, to hand a
//! selection on to the web.
//!
//! A title slide names the selection. Each dated event is a slide: `start_date` holds only
//! the fields its precision knows (a month has no day), periods and intervals get an
//! `end_date`, and a date TimelineJS cannot say by itself (a week, a quarter, a decade, a
//! morning, "before 2013-03-22", a date worked out from "late Thursday") gets a
//! `display_date`. The headline is the summary; the text quotes the evidence and names the
//! source. Slides are grouped by their first agent. TimelineJS needs a date on every slide:
//! undated events are left out and counted. Given the stories, a story of several reports
//! is one slide ([`story`]).

use super::seen::Seen;
use crate::desk::{Desk, Mark};
use crate::model::{Corpus, EventIx, Open, Precision, Role, When};
use crate::query::Filter;
use crate::stories::Stories;
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;

mod story;

#[derive(Serialize)]
struct Document {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
pub(super) struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<DateParts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateParts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: SlideText,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    unique_id: String,
}

#[derive(Serialize)]
struct SlideText {
    headline: String,
    text: String,
}

/// A TimelineJS date: only the fields the precision knows.
#[derive(Serialize, Debug, PartialEq, Eq)]
struct DateParts {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second: Option<u32>,
}

/// The TimelineJS document of `events` (timeline order), as pretty JSON text, and the number
/// of undated events left out.
pub fn timelinejs_json(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
) -> (String, usize) {
    timelinejs_json_with(corpus, events, filters, exported_at, &Desk::default(), None)
}

/// [`timelinejs_json`] with the marks and stars on `desk` shown before each headline
/// (`● ★`), and each note in its slide's text. Given `stories`, one slide a story that any
/// of `events` tells (a story of one report is its report's slide), and the count left
/// out is of undated stories.
pub fn timelinejs_json_with(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
    desk: &Desk,
    stories: Option<&Stories>,
) -> (String, usize) {
    let mut ids = Seen::default();
    let (slides, shown): (Vec<Slide>, usize) = match stories {
        None => (events.iter().filter_map(|&e| slide(corpus, e, &mut ids, desk)).collect(), events.len()),
        Some(stories) => {
            let one_each = stories.one_per_story(events);
            let slides = one_each
                .iter()
                .filter_map(|&e| match stories.reports_with(e) {
                    [_] => slide(corpus, e, &mut ids, desk),
                    _ => story::slide(corpus, stories, e, &mut ids, desk),
                })
                .collect();
            (slides, one_each.len())
        }
    };
    let skipped = shown - slides.len();
    let noun = if stories.is_some() { ("story", "stories") } else { ("event", "events") };
    let title = title(corpus, events, filters, exported_at, (slides.len(), noun));
    let document = Document { title, events: slides };
    let mut text = serde_json::to_string_pretty(&document).expect("TimelineJS structures always serialize");
    text.push('\n');
    (text, skipped)
}

/// The title slide: how many slides (`shown`, of a noun in the singular and plural) from
/// how many articles, when, and the selection.
fn title(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    at: DateTime<Utc>,
    shown: (usize, (&str, &str)),
) -> Slide {
    let mut articles: Vec<u32> = events.iter().map(|&e| corpus.events()[e as usize].article).collect();
    articles.sort_unstable();
    articles.dedup();
    title_of(articles.len(), filters, at, shown)
}

/// The title slide of `shown` slides from `articles` articles (see [`title`]).
pub(super) fn title_of(
    articles: usize,
    filters: &Filter,
    at: DateTime<Utc>,
    (shown, (one, many)): (usize, (&str, &str)),
) -> Slide {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut text = format!(
        "<p>{shown} {} from {}, exported by annals on {}.</p>",
        if shown == 1 { one } else { many },
        plural(articles, "article"),
        at.format("%Y-%m-%d")
    );
    let described = filters.to_words();
    if !described.is_empty() {
        text.push_str(&format!("<p>Selection: {}</p>", escape(&described)));
    }
    Slide {
        start_date: None,
        end_date: None,
        display_date: None,
        text: SlideText { headline: "annals timeline".to_string(), text },
        group: None,
        unique_id: "title".to_string(),
    }
}

pub(super) fn slide(corpus: &Corpus, ix: EventIx, ids: &mut Seen, desk: &Desk) -> Option<Slide> {
    let event = &corpus.events()[ix as usize];
    let (start_date, end_date, display_date) = slide_dates(corpus, ix)?;
    Some(Slide {
        start_date: Some(start_date),
        end_date,
        display_date,
        text: SlideText {
            headline: headline(event.summary.raw(), desk.mark(ix)),
            text: body(corpus, ix, desk.mark(ix)),
        },
        group: group(corpus, ix),
        unique_id: unique_id(&corpus.event_ref(event), ids),
    })
}

/// An event's start, end and display date on a slide; None when it is undated.
fn slide_dates(corpus: &Corpus, ix: EventIx) -> Option<(DateParts, Option<DateParts>, Option<String>)> {
    let event = &corpus.events()[ix as usize];
    let date = event.date?;
    let (start_date, end_date) = dates(&date);
    let mut display = (!date.is_plain()).then(|| date.human());
    if event.date_resolved
        && let Some(words) = &event.date_text
    {
        display = Some(format!("{} (from '{}')", display.unwrap_or_else(|| date.human()), label(words.raw())));
    }
    Some((start_date, end_date, display))
}

/// The slide's group: the event's first agent.
fn group(corpus: &Corpus, ix: EventIx) -> Option<String> {
    let event = &corpus.events()[ix as usize];
    event
        .participants
        .iter()
        .find(|p| p.role == Role::Agent)
        .map(|p| label(corpus.actors()[p.actor as usize].name.raw()))
}

/// The summary, after `● ` when marked and `★ ` when starred (words for screen readers).
fn headline(summary: &str, mark: Option<&Mark>) -> String {
    let mut head = String::new();
    if let Some(mark) = mark {
        if mark.marked {
            head.push_str("<span title=\"marked\">●</span> ");
        }
        if mark.starred {
            head.push_str("<span title=\"starred\">★</span> ");
        }
    }
    head + &escape(summary)
}

/// The slide text: the user's note, evidence quotes, status, actors, and the source with
/// its link.
fn body(corpus: &Corpus, ix: EventIx, mark: Option<&Mark>) -> String {
    let event = &corpus.events()[ix as usize];
    let article = corpus.article_of(event);
    let mut html = String::new();
    if let Some(note) = mark.and_then(|m| m.note.as_deref()) {
        let lines: Vec<String> = note.lines().map(escape).collect();
        html.push_str(&format!("<p><strong>Note:</strong> {}</p>", lines.join("<br>")));
    }
    for q in &event.evidence {
        html.push_str(&format!("<blockquote>{}</blockquote>", escape(q.raw(article))));
    }
    if event.status != crate::model::Status::Actual {
        html.push_str(&format!("<p>Status: {}</p>", event.status));
    }
    let names: Vec<String> = event
        .participants
        .iter()
        .map(|p| format!("{} ({})", escape(corpus.actors()[p.actor as usize].name.raw()), p.role))
        .collect();
    if !names.is_empty() {
        html.push_str(&format!("<p>Actors: {}</p>", names.join(", ")));
    }
    html.push_str(&format!("<p>Source: {}</p>", source(article)));
    html
}

/// An article as a source: its title (a link when it has a web address), outlet and
/// publication date.
fn source(article: &crate::model::Article) -> String {
    let mut source = escape(article.title.raw());
    // Only web addresses become links: a `javascript:` URL in an article must not run on
    // the page that shows the timeline.
    if let Some(url) = article.url.as_ref().filter(|u| is_web_address(u.raw())) {
        source = format!("<a href=\"{}\">{source}</a>", escape(url.raw()));
    }
    if let Some(outlet) = &article.source {
        source.push_str(&format!(", {}", escape(outlet.raw())));
    }
    if let Some(p) = &article.published {
        source.push_str(&format!(", {}", p.human()));
    }
    source
}

/// The start and (for periods and intervals) end of a date, each only to its precision.
fn dates(date: &When) -> (DateParts, Option<DateParts>) {
    let offset = i64::from(date.offset_minutes.unwrap_or(0)) * 60;
    let at = |seconds: i64, precision: Precision| parts(seconds + offset, precision);
    match date.open {
        // The bound itself: display_date says which side of it.
        Open::Before => (at(date.end, date.end_precision), None),
        Open::After => (at(date.start - 1, date.start_precision), None),
        Open::Closed => {
            let start = at(date.start, date.start_precision);
            if date.is_plain() {
                return (start, None);
            }
            let end = at(date.end - 1, date.end_precision);
            (start, Some(end))
        }
    }
}

/// The fields of the instant at a precision; periods finer than a day but coarser than an
/// hour (a morning) give their hour.
fn parts(local_seconds: i64, precision: Precision) -> DateParts {
    let t = DateTime::from_timestamp(local_seconds, 0).map(|d| d.naive_utc()).unwrap_or_default();
    let level = match precision {
        Precision::Century | Precision::Decade | Precision::Year => 0,
        Precision::Half | Precision::Quarter | Precision::Season | Precision::Month => 1,
        Precision::Week | Precision::Weekend | Precision::Day => 2,
        Precision::PartOfDay(_) | Precision::Hour => 3,
        Precision::Minute => 4,
        Precision::Second => 5,
    };
    DateParts {
        year: t.year(),
        month: (level >= 1).then(|| t.month()),
        day: (level >= 2).then(|| t.day()),
        hour: (level >= 3).then(|| t.hour()),
        minute: (level >= 4).then(|| t.minute()),
        second: (level >= 5).then(|| t.second()),
    }
}

/// `ARTICLE/EVENT` made safe for a URL fragment, unique within the document.
fn unique_id(reference: &str, ids: &mut Seen) -> String {
    let base: String =
        reference.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let mut id = base.clone();
    let mut n = 2;
    while !ids.insert(&id) || id == "title" {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Text from the data for the display date and the group label. TimelineJS 3.9 reads
/// both as text (decoding entities: `&lt;img&gt;` becomes `<img>`) and later writes them
/// with innerHTML, older versions write them as HTML at once: no escape is safe in both,
/// so the characters HTML reads as markup are replaced with look-alikes.
fn label(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '&' => '＆',
            '"' => '”',
            '\'' => '’',
            c => c,
        })
        .collect()
}

/// Text from the data, safe inside TimelineJS's HTML (and its attributes).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: Option<u32>, day: Option<u32>, hour: Option<u32>, minute: Option<u32>) -> DateParts {
        DateParts { year, month, day, hour, minute, second: None }
    }

    #[test]
    fn dates_go_only_to_their_precision() {
        let w = |s: &str| dates(&When::parse(s).unwrap());
        assert_eq!(w("2016"), (d(2016, None, None, None, None), None));
        assert_eq!(w("2016-12"), (d(2016, Some(12), None, None, None), None));
        assert_eq!(w("2016-12-30T10:00+03:00"), (d(2016, Some(12), Some(30), Some(10), Some(0)), None));
        assert_eq!(w("1989-Q3"), (d(1989, Some(7), None, None, None), Some(d(1989, Some(9), None, None, None))));
        assert_eq!(w("2000-W14"), (d(2000, Some(4), Some(3), None, None), Some(d(2000, Some(4), Some(9), None, None))));
        assert_eq!(w("198X"), (d(1980, None, None, None, None), Some(d(1989, None, None, None, None))));
        assert_eq!(
            w("1989-11-06TMO"),
            (d(1989, Some(11), Some(6), Some(6), None), Some(d(1989, Some(11), Some(6), Some(11), None)))
        );
        assert_eq!(w("before 2013-03-22"), (d(2013, Some(3), Some(22), None, None), None));
        assert_eq!(
            w("2016-12-29/2017-01-01"),
            (d(2016, Some(12), Some(29), None, None), Some(d(2017, Some(1), Some(1), None, None)))
        );
    }

    #[test]
    fn ids_are_url_safe_and_unique() {
        let mut ids = Seen::default();
        assert_eq!(unique_id("a b/e1", &mut ids), "a-b-e1");
        assert_eq!(unique_id("a-b/e1", &mut ids), "a-b-e1-2");
        assert_eq!(escape("<b>\"R&D\"</b>"), "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;");
    }
}
