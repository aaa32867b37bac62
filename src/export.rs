//! Exports: the native JSON export (which annals loads again, with the stories it kept),
//! the TimelineJS3 document ([`timelinejs`]), and the atomic write that never leaves a
//! half-written or clobbered file.

pub mod clickhouse;
pub mod parquet;
mod seen;
pub mod stream;
pub mod timelinejs;

use crate::desk::Desk;
use crate::model::{Corpus, EventIx};
use crate::query::Filter;
use crate::stories::Stories;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::atomic::{WriteError as ExportError, Written, write_atomic};

/// What an export writes: the native JSON that annals loads again, or a TimelineJS3
/// document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Native,
    /// Native, with the articles' texts.
    NativeWithTexts,
    TimelineJs,
}

impl Format {
    /// The ending of a file name that says the format: TimelineJS's `.timeline.json`.
    pub const TIMELINEJS_ENDING: &'static str = ".timeline.json";

    /// The format a file name asks for.
    pub fn of_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(Self::TIMELINEJS_ENDING) { Format::TimelineJs } else { Format::Native }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Native => "native JSON",
            Format::NativeWithTexts => "native JSON with texts",
            Format::TimelineJs => "TimelineJS",
        }
    }

    /// The next format, as Tab goes round them.
    pub fn next(self) -> Format {
        match self {
            Format::Native => Format::NativeWithTexts,
            Format::NativeWithTexts => Format::TimelineJs,
            Format::TimelineJs => Format::Native,
        }
    }

    /// The document of `events`, and how many were left out (TimelineJS needs a date).
    pub fn render(self, corpus: &Corpus, events: &[EventIx], filters: &Filter, at: DateTime<Utc>) -> (String, usize) {
        self.render_with(corpus, events, filters, at, &Desk::default(), None)
    }

    /// [`Format::render`] with the marks, stars and notes on `desk`; given `stories`, a
    /// native export keeps the stories among its events and TimelineJS shows one slide a
    /// story (the count left out is then of stories).
    pub fn render_with(
        self,
        corpus: &Corpus,
        events: &[EventIx],
        filters: &Filter,
        at: DateTime<Utc>,
        desk: &Desk,
        stories: Option<&Stories>,
    ) -> (String, usize) {
        let native = |with_texts| native_json_of(corpus, events, filters, at, with_texts, desk, stories);
        match self {
            Format::Native => (native(false), 0),
            Format::NativeWithTexts => (native(true), 0),
            Format::TimelineJs => timelinejs::timelinejs_json_with(corpus, events, filters, at, desk, stories),
        }
    }
}

#[derive(Serialize)]
struct Export<'a> {
    annals_export: u32,
    exported_at: String,
    filters: &'a Filter,
    count: usize,
    actors: Vec<ExportActor<'a>>,
    events: Vec<ExportEvent<'a>>,
    /// The exported events' articles' texts, by article id, when asked for: a reloaded
    /// export then shows the sentences around its quotes, as the original does.
    #[serde(skip_serializing_if = "Option::is_none")]
    texts: Option<std::collections::BTreeMap<&'a str, &'a str>>,
    /// The stories of two or more exported reports, when the stories were given: a
    /// reloaded export clusters them again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stories: Vec<ExportStory>,
}

/// A story kept: its exported reports, `ARTICLE/EVENT`, in timeline order.
#[derive(Serialize)]
struct ExportStory {
    reports: Vec<String>,
}

#[derive(Serialize)]
struct ExportActor<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportArticle<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
}

#[derive(Serialize)]
struct ExportEvent<'a> {
    article: ExportArticle<'a>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_text: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    date_resolved: bool,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    status: &'static str,
    participants: Vec<ExportParticipant<'a>>,
    evidence: Vec<ExportEvidence<'a>>,
    relations: Vec<ExportRelation<'a>>,
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    attributes: serde_json::Map<String, serde_json::Value>,
    /// What the user put on the event (the desk), when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    marked: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    starred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportParticipant<'a> {
    actor: &'a str,
    name: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
struct ExportEvidence<'a> {
    quote: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

#[derive(Serialize)]
struct ExportRelation<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    target: &'a str,
}

/// The native export of `events` (indices in timeline order), as pretty JSON text.
/// Data is written exactly as loaded: nothing is sanitized.
pub fn native_json(corpus: &Corpus, events: &[EventIx], filters: &Filter, exported_at: DateTime<Utc>) -> String {
    native_json_of(corpus, events, filters, exported_at, false, &Desk::default(), None)
}

/// [`native_json`] with the texts of the events' articles (`"texts"`, by article id).
pub fn native_json_with_texts(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
) -> String {
    native_json_of(corpus, events, filters, exported_at, true, &Desk::default(), None)
}

fn native_json_of(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
    with_texts: bool,
    desk: &Desk,
    stories: Option<&Stories>,
) -> String {
    let texts = with_texts.then(|| {
        events
            .iter()
            .map(|&e| corpus.article_of(&corpus.events()[e as usize]))
            .filter_map(|a| a.text.as_ref().map(|t| (a.id.as_str(), t.raw())))
            .collect()
    });
    let mut actor_ids: Vec<u32> =
        events.iter().flat_map(|&e| corpus.events()[e as usize].participants.iter().map(|p| p.actor)).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors = actor_ids
        .iter()
        .map(|&a| {
            let a = &corpus.actors()[a as usize];
            ExportActor {
                id: &a.id,
                name: a.name.raw(),
                aliases: a.aliases.iter().map(|x| x.raw()).collect(),
                kind: a.kind.as_str(),
                description: a.description.as_ref().map(|d| d.raw()),
            }
        })
        .collect();
    let export = Export {
        annals_export: 1,
        exported_at: exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        filters,
        count: events.len(),
        actors,
        events: events.iter().map(|&e| export_event(corpus, e, desk)).collect(),
        texts,
        stories: stories.map_or_else(Vec::new, |s| stories_among(corpus, events, s)),
    };
    let mut text = serde_json::to_string_pretty(&export).expect("export structures always serialize");
    text.push('\n');
    text
}

/// The stories that two or more of `events` (timeline order) tell, each with those of its
/// reports, in the order of their first.
fn stories_among(corpus: &Corpus, events: &[EventIx], stories: &Stories) -> Vec<ExportStory> {
    let mut place: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let mut groups: Vec<Vec<EventIx>> = Vec::new();
    for &e in events {
        let story = stories.story_of(e);
        if stories.reports(story).len() < 2 {
            continue;
        }
        let k = *place.entry(story).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(e);
    }
    groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| ExportStory { reports: g.iter().map(|&e| corpus.event_ref(corpus.event(e))).collect() })
        .collect()
}

fn export_event<'a>(corpus: &'a Corpus, ix: EventIx, desk: &'a Desk) -> ExportEvent<'a> {
    let e = &corpus.events()[ix as usize];
    let mark = desk.mark(ix);
    let a = corpus.article_of(e);
    ExportEvent {
        article: ExportArticle {
            id: &a.id,
            title: a.title.raw(),
            source: a.source.as_ref().map(|t| t.raw()),
            author: a.author.as_ref().map(|t| t.raw()),
            url: a.url.as_ref().map(|t| t.raw()),
            published: a.published.map(|p| p.iso()),
        },
        id: &e.id,
        date: e.date.map(|d| d.iso()),
        date_text: e.date_text.as_ref().map(|t| t.raw()),
        date_resolved: e.date_resolved,
        summary: e.summary.raw(),
        action: e.action.as_deref(),
        status: e.status.as_str(),
        participants: e
            .participants
            .iter()
            .map(|p| {
                let actor = &corpus.actors()[p.actor as usize];
                ExportParticipant { actor: &actor.id, name: actor.name.raw(), role: p.role.as_str() }
            })
            .collect(),
        evidence: e
            .evidence
            .iter()
            .map(|q| ExportEvidence { quote: q.raw(a), start: q.span.map(|s| s.0), end: q.span.map(|s| s.1) })
            .collect(),
        relations: e
            .relations
            .iter()
            .map(|r| ExportRelation { kind: r.kind.as_str(), target: &r.target_ref })
            .collect(),
        tags: e.tags.iter().map(|t| &**t).collect(),
        attributes: e
            .attributes
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect(),
        marked: mark.is_some_and(|m| m.marked),
        starred: mark.is_some_and(|m| m.starred),
        note: mark.and_then(|m| m.note.as_deref()),
    }
}
