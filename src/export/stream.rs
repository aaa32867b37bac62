//! An export written a batch at a time, as a store's events are read: the events as they
//! come, then what needs them all (how many, their actors, the articles' texts,
//! TimelineJS's title slide), so that memory holds a batch, the actors, and (for TimelineJS
//! and the texts) a hash of each article's id and TimelineJS slide's, whatever the number
//! of events. What it writes reads as the export of the same events at once
//! ([`super::Format::render`]): the same values, with its count, actors and texts after
//! its events, and the texts in the order their articles first come rather than by id.
//! Nothing is written until the first event, or the end: an export that fails before
//! (a filter's word that names nothing, found once every page is read) writes nothing.

use super::seen::Seen;
use super::timelinejs::{self, Slide};
use super::{ExportActor, Format, export_event};
use crate::desk::Desk;
use crate::model::{Corpus, EventIx};
use crate::query::Filter;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// What a streamed export wrote: its events (TimelineJS's slides), and those TimelineJS
/// left out (undated).
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
    /// The opening written (at the first event, or the end).
    started: bool,
    /// Events written, and left out.
    written: usize,
    left_out: usize,
    /// The actors the events name: ids seen, and each one's id and JSON in order of first
    /// use (ordered at the end by [`Stream::order_actors`]).
    actor_ids: HashSet<String>,
    actors: Vec<(String, String)>,
    /// The articles seen (TimelineJS's title counts them; texts are written once each).
    articles: Seen,
    /// The articles' texts, as `"id": "text"` entries, kept aside in a file in `aside`
    /// until the events end.
    aside: PathBuf,
    texts: Option<BufWriter<std::fs::File>>,
    texts_written: usize,
    /// TimelineJS's slide ids, unique across batches.
    slide_ids: Seen,
}

impl<W: Write> Stream<W> {
    /// An export of the events that pass `filters` to `out`, exported `at`; texts kept
    /// aside in the directory `aside` (beside the file written).
    pub fn begin(out: W, format: Format, filters: &Filter, at: DateTime<Utc>, aside: &Path) -> Stream<W> {
        Stream {
            out,
            format,
            filters: filters.clone(),
            at,
            started: false,
            written: 0,
            left_out: 0,
            actor_ids: HashSet::new(),
            actors: Vec::new(),
            articles: Seen::default(),
            aside: aside.to_path_buf(),
            texts: None,
            texts_written: 0,
            slide_ids: Seen::default(),
        }
    }

    /// The opening, up to the list of events, once.
    fn start(&mut self) -> io::Result<()> {
        if std::mem::replace(&mut self.started, true) {
            return Ok(());
        }
        match self.format {
            Format::Native | Format::NativeWithTexts => {
                let at = self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let filters = serde_json::to_string(&self.filters).map_err(io::Error::other)?;
                write!(
                    self.out,
                    "{{\n  \"annals_export\": 1,\n  \"exported_at\": \"{at}\",\n  \"filters\": {filters},\n"
                )?;
            }
            Format::TimelineJs => writeln!(self.out, "{{")?,
        }
        write!(self.out, "  \"events\": [")
    }

    /// Write `events` of a batch, `corpus`, with what `desk` puts on them.
    pub fn page(&mut self, corpus: &Corpus, events: &[EventIx], desk: &Desk) -> io::Result<()> {
        for &e in events {
            let event = &corpus.events()[e as usize];
            let article = corpus.article_of(event);
            // Only TimelineJS's title and the texts need the articles seen.
            let new_article = self.format != Format::Native && self.articles.insert(&article.id);
            let json = match self.format {
                Format::Native | Format::NativeWithTexts => {
                    self.note_actors(corpus, e)?;
                    if new_article && let Some(text) = &article.text {
                        self.keep_text(&article.id, text.raw())?;
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
            self.start()?;
            let comma = if self.written == 0 { "" } else { "," };
            // serde_json escapes line breaks inside strings: each one here is between values.
            write!(self.out, "{comma}\n    {}", json.replace('\n', "\n    "))?;
            self.written += 1;
        }
        Ok(())
    }

    /// An article's text, kept aside until the events end.
    fn keep_text(&mut self, id: &str, text: &str) -> io::Result<()> {
        if self.texts.is_none() {
            let file = tempfile::Builder::new().prefix(".annals-texts-").tempfile_in(&self.aside)?;
            // Removed from the directory at once; the handle keeps it until dropped.
            self.texts = Some(BufWriter::new(file.into_file()));
        }
        let texts = self.texts.as_mut().expect("made above");
        let (id, text) = (serde_json::to_string(id), serde_json::to_string(text));
        let (id, text) = (id.map_err(io::Error::other)?, text.map_err(io::Error::other)?);
        write!(texts, "{}\n    {id}: {text}", if self.texts_written == 0 { "" } else { "," })?;
        self.texts_written += 1;
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
            self.actors.push((a.id.clone(), serde_json::to_string_pretty(&actor).map_err(io::Error::other)?));
        }
        Ok(())
    }

    /// Put the actors in the order `rank` gives their ids (the store's list), those it
    /// does not rank after, in the order first named.
    pub fn order_actors(&mut self, rank: impl Fn(&str) -> Option<usize>) {
        self.actors.sort_by_key(|(id, _)| rank(id).unwrap_or(usize::MAX));
    }

    /// End the export: what needs all the events, then the closing brace. Returns the
    /// writer and what was written.
    pub fn finish(mut self) -> io::Result<(W, Streamed)> {
        self.start()?;
        let close = if self.written == 0 { "]" } else { "\n  ]" };
        write!(self.out, "{close}")?;
        match self.format {
            Format::Native | Format::NativeWithTexts => {
                write!(self.out, ",\n  \"count\": {},\n  \"actors\": [", self.written)?;
                for (k, (_, actor)) in self.actors.iter().enumerate() {
                    let comma = if k == 0 { "" } else { "," };
                    write!(self.out, "{comma}\n    {}", actor.replace('\n', "\n    "))?;
                }
                write!(self.out, "{}", if self.actors.is_empty() { "]" } else { "\n  ]" })?;
                if self.format == Format::NativeWithTexts {
                    write!(self.out, ",\n  \"texts\": {{")?;
                    if let Some(texts) = self.texts.take() {
                        let mut texts = texts.into_inner().map_err(|e| e.into_error())?;
                        texts.rewind()?;
                        io::copy(&mut texts, &mut self.out)?;
                    }
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
