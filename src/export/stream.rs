//! An export written a page at a time, as a store's events are read: the events as they
//! come, then what needs them all (how many, their actors, the articles' texts,
//! TimelineJS's title slide), so that memory holds a batch, the actors, and a hash of each
//! article's id (and of each TimelineJS slide's), whatever the number of events. What it writes reads as the export of the same
//! events at once ([`super::Format::render`]); only the order of its fields differs.

use super::seen::Seen;
use super::timelinejs::{self, Slide};
use super::{ExportActor, Format, export_event};
use crate::desk::Desk;
use crate::model::{Corpus, EventIx};
use crate::query::Filter;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::io::{self, Seek, Write};

/// What a streamed export wrote: its events, and those TimelineJS left out (undated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streamed {
    pub events: usize,
    pub left_out: usize,
}

/// An export being written to `out`.
pub struct Stream<W: Write> {
    out: W,
    format: Format,
    filters: Filter,
    at: DateTime<Utc>,
    /// Events written, and left out.
    written: usize,
    left_out: usize,
    /// The actors the events name (ids seen, and each one's JSON, in order of first use).
    actor_ids: HashSet<String>,
    actors: Vec<String>,
    /// The articles seen (TimelineJS's title counts them; texts are written once each).
    articles: Seen,
    /// The articles' texts, as `"id": "text"` entries, kept aside until the events end.
    texts: Option<std::fs::File>,
    texts_written: usize,
    /// TimelineJS's slide ids, unique across pages.
    slide_ids: Seen,
}

impl<W: Write> Stream<W> {
    /// Start the export of the events that pass `filters` to `out`, exported `at`.
    pub fn begin(mut out: W, format: Format, filters: &Filter, at: DateTime<Utc>) -> io::Result<Stream<W>> {
        match format {
            Format::Native | Format::NativeWithTexts => {
                let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let filters = serde_json::to_string(filters).map_err(io::Error::other)?;
                write!(out, "{{\n  \"annals_export\": 1,\n  \"exported_at\": \"{at}\",\n  \"filters\": {filters},\n")?;
            }
            Format::TimelineJs => writeln!(out, "{{")?,
        }
        write!(out, "  \"events\": [")?;
        let texts = (format == Format::NativeWithTexts).then(tempfile::tempfile).transpose()?;
        Ok(Stream {
            out,
            format,
            filters: filters.clone(),
            at,
            written: 0,
            left_out: 0,
            actor_ids: HashSet::new(),
            actors: Vec::new(),
            articles: Seen::default(),
            texts,
            texts_written: 0,
            slide_ids: Seen::default(),
        })
    }

    /// Write `events` of a page, `corpus`, with what `desk` puts on them.
    pub fn page(&mut self, corpus: &Corpus, events: &[EventIx], desk: &Desk) -> io::Result<()> {
        for &e in events {
            let event = &corpus.events()[e as usize];
            let article = corpus.article_of(event);
            let new_article = self.articles.insert(&article.id);
            let json = match self.format {
                Format::Native | Format::NativeWithTexts => {
                    self.note_actors(corpus, e)?;
                    if new_article && let (Some(texts), Some(text)) = (&mut self.texts, &article.text) {
                        let entry = (serde_json::to_string(&article.id), serde_json::to_string(text.raw()));
                        let (id, text) = (entry.0.map_err(io::Error::other)?, entry.1.map_err(io::Error::other)?);
                        write!(texts, "{}\n    {id}: {text}", if self.texts_written == 0 { "" } else { "," })?;
                        self.texts_written += 1;
                    }
                    serde_json::to_string_pretty(&export_event(corpus, e, desk))
                }
                Format::TimelineJs => match timelinejs::slide(corpus, e, &mut self.slide_ids, desk) {
                    Some(slide) => serde_json::to_string_pretty(&slide),
                    None => {
                        self.left_out += 1;
                        continue;
                    }
                },
            };
            let json = json.map_err(io::Error::other)?;
            let comma = if self.written == 0 { "" } else { "," };
            write!(self.out, "{comma}\n    {}", json.replace('\n', "\n    "))?;
            self.written += 1;
        }
        Ok(())
    }

    /// The actors `e` names, kept the first time each is seen.
    fn note_actors(&mut self, corpus: &Corpus, e: EventIx) -> io::Result<()> {
        for p in &corpus.events()[e as usize].participants {
            let a = corpus.actor(p.actor);
            if self.actor_ids.contains(&a.id) {
                continue;
            }
            self.actor_ids.insert(a.id.clone());
            let actor = ExportActor {
                id: &a.id,
                name: a.name.raw(),
                aliases: a.aliases.iter().map(|x| x.raw()).collect(),
                kind: a.kind.as_str(),
                description: a.description.as_ref().map(|d| d.raw()),
            };
            self.actors.push(serde_json::to_string_pretty(&actor).map_err(io::Error::other)?);
        }
        Ok(())
    }

    /// End the export: what needs all the events, then the closing brace. Returns the
    /// writer and what was written.
    pub fn finish(mut self) -> io::Result<(W, Streamed)> {
        let close = if self.written == 0 { "]" } else { "\n  ]" };
        write!(self.out, "{close}")?;
        match self.format {
            Format::Native | Format::NativeWithTexts => {
                write!(self.out, ",\n  \"count\": {},\n  \"actors\": [", self.written)?;
                for (k, actor) in self.actors.iter().enumerate() {
                    let comma = if k == 0 { "" } else { "," };
                    write!(self.out, "{comma}\n    {}", actor.replace('\n', "\n    "))?;
                }
                write!(self.out, "{}", if self.actors.is_empty() { "]" } else { "\n  ]" })?;
                if let Some(mut texts) = self.texts.take() {
                    write!(self.out, ",\n  \"texts\": {{")?;
                    texts.rewind()?;
                    io::copy(&mut texts, &mut self.out)?;
                    write!(self.out, "{}", if self.texts_written == 0 { "}" } else { "\n  }" })?;
                }
            }
            Format::TimelineJs => {
                let noun = ("event", "events");
                let title = timelinejs::title_of(self.articles.len(), &self.filters, self.at, (self.written, noun));
                let title: &Slide = &title;
                let json = serde_json::to_string_pretty(title).map_err(io::Error::other)?;
                write!(self.out, ",\n  \"title\": {}", json.replace('\n', "\n  "))?;
            }
        }
        write!(self.out, "\n}}\n")?;
        Ok((self.out, Streamed { events: self.written, left_out: self.left_out }))
    }
}
