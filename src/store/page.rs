//! A page of a stored timeline: rows of `events.parquet` made into a [`Corpus`] of their
//! own, in the order they were stored, so that the filter, the lists and the exports that
//! work on a loaded corpus work on it unchanged. A page holds the actors its rows name,
//! copied from the dataset's [`Catalog`], where the filter looks names up.

use super::Catalog;
use super::columns::{Columns, Flags, Instants, Lists, Strings};
use crate::model::{
    Actor, ActorKind, Article, ArticleIx, Attributes, Corpus, Event, Evidence, Gather, Loc, Names, Open, Participant,
    Relation, RelationKind, Role, Status, Undated, When,
};
use crate::text::{LineText, Text};
use arrow_array::RecordBatch;
use std::collections::HashMap;
use std::sync::Arc;

/// Why a row could not be read: the row (0 first, in the file) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowError {
    pub row: Option<u64>,
    pub message: String,
}

impl RowError {
    /// The error of the store at `at` (a file, a table).
    pub(super) fn at(self, at: String) -> super::StoreError {
        match self.row {
            Some(row) => super::StoreError::Row { at, row, message: self.message },
            None => super::StoreError::At { at, message: self.message },
        }
    }
}

impl From<String> for RowError {
    fn from(message: String) -> Self {
        RowError { row: None, message }
    }
}

/// What a row says of its article beside its id (each column may be absent).
struct ArticleColumns<'a> {
    source: Option<Strings<'a>>,
    published: Option<Strings<'a>>,
    title: Option<Strings<'a>>,
    author: Option<Strings<'a>>,
    url: Option<Strings<'a>>,
    /// Whether the article has a text, kept apart (`articles.parquet`).
    text: Option<Flags<'a>>,
}

/// The rows of `batch` (row `i` numbered `row(i)` where the store numbers it), as a corpus in their
/// stored order (its event `i` is the batch's row `i`), and whether each of its articles is
/// whole as the rows give it (see [`super::Page::whole`]).
pub(super) fn page<'a>(
    batch: &'a RecordBatch,
    row: &dyn Fn(usize) -> u64,
    catalog: &Catalog,
    undated: Undated,
) -> Result<(Corpus, Vec<bool>), RowError> {
    let c = Columns(batch);
    let text = |name| c.text(name);
    let (ids, articles, summaries, actions, statuses) =
        (text("id")?, text("article")?, text("summary")?, c.optional_text("action")?, text("status")?);
    let dates = c.optional_text("date")?;
    let of_article = ArticleColumns {
        source: c.optional_text("source")?,
        published: c.optional_text("published_date")?,
        title: c.optional_text("title")?,
        author: c.optional_text("author")?,
        url: c.optional_text("url")?,
        text: c.optional_flags("article_text")?,
    };
    let (starts_at, ends_at) = (c.optional_instants("start")?, c.optional_instants("end")?);
    let (date_texts, resolved) = (c.optional_text("date_text")?, c.optional_flags("date_resolved")?);
    let (files, lines, columns) = (c.optional_text("file")?, c.numbers("line").ok(), c.numbers("column").ok());
    let participants = c.lists("participants")?;
    let (actors, roles) =
        (participants.text_field("participants", "actor")?, participants.text_field("participants", "role")?);
    let tags = c.lists("tags")?;
    let tag_words = tags.strings("tags")?;
    let attributes = c.lists("attributes")?;
    let (names, values) = (attributes.text_field("attributes", "name")?, attributes.text_field("attributes", "value")?);
    let evidence = c.lists("evidence")?;
    let (quotes, starts, ends) = (
        evidence.text_field("evidence", "quote")?,
        evidence.number_field("evidence", "start")?,
        evidence.number_field("evidence", "end")?,
    );
    let relations = c.optional_lists("relations")?;
    let (kinds, targets) = match &relations {
        Some(r) => (Some(r.text_field("relations", "kind")?), Some(r.text_field("relations", "target")?)),
        None => (None, None),
    };

    let mut b = Builder::new(catalog);
    for i in 0..batch.num_rows() {
        let at = |message: String| RowError { row: Some(row(i)), message };
        let required = |column: &Strings<'a>, name: &str| -> Result<&'a str, RowError> {
            column.get(i).ok_or_else(|| at(format!("'{name}' is null")))
        };
        let file = files.as_ref().and_then(|f| f.get(i)).unwrap_or("");
        let article = b.article(required(&articles, "article")?, &of_article, (i, file), &at)?;
        let loc = Loc {
            file: b.gather.file(file),
            line: lines.as_ref().and_then(|l| l.get(i)).and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
            column: columns.as_ref().and_then(|l| l.get(i)).and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        };
        let status = required(&statuses, "status")?;
        let status = Status::parse(status).ok_or_else(|| at(format!("unknown status '{status}'")))?;
        let date = match dates.as_ref().and_then(|d| d.get(i)) {
            Some(d) => {
                let written = When::parse(d).map_err(|e| at(format!("date '{d}': {e}")))?;
                let instant = |column: &Option<Instants>| column.as_ref().and_then(|c| c.get(i));
                Some(exact(written, instant(&starts_at), instant(&ends_at)))
            }
            None => None,
        };
        let mut people = Vec::with_capacity(participants.range(i).len());
        for (n, k) in participants.range(i).enumerate() {
            let actor = actors.get(k).ok_or_else(|| at(format!("participant {} has no actor", n + 1)))?;
            let role = roles.get(k).unwrap_or("");
            let role = Role::parse(role).ok_or_else(|| at(format!("participant '{actor}': unknown role '{role}'")))?;
            people.push(Participant { actor: b.actor(actor), role });
        }
        let quoted: Vec<Evidence> = evidence
            .range(i)
            .map(|k| {
                let span = starts.get(k).zip(ends.get(k)).map(|(s, e)| (s as usize, e as usize));
                Evidence::written(quotes.get(k).unwrap_or(""), span)
            })
            .collect();
        let mut related = Vec::new();
        if let (Some(relations), Some(kinds), Some(targets)) = (&relations, &kinds, &targets) {
            for k in relations.range(i) {
                let kind = kinds.get(k).unwrap_or("");
                let kind = RelationKind::parse(kind).ok_or_else(|| at(format!("unknown relation kind '{kind}'")))?;
                let target = targets.get(k).ok_or_else(|| at(format!("a '{kind}' relation has no target")))?;
                related.push(Relation { kind, target_ref: target.into(), target: None });
            }
        }
        let event = Event {
            article,
            id: required(&ids, "id")?.into(),
            date,
            date_text: date_texts.as_ref().and_then(|t| t.get(i)).map(LineText::new),
            date_resolved: resolved.as_ref().is_some_and(|r| r.get(i)),
            summary: LineText::new(required(&summaries, "summary")?),
            action: actions.as_ref().and_then(|a| a.get(i)).map(|a| b.word(a)),
            status,
            participants: people.into_boxed_slice(),
            evidence: quoted.into_boxed_slice(),
            relations: related.into_boxed_slice(),
            tags: tags.range(i).filter_map(|k| tag_words.get(k)).map(|t| b.word(t)).collect(),
            attributes: b.attributes(&attributes, i, &names, &values),
            ordinal: i as u32,
            loc,
        };
        b.gather.push(event);
    }
    Ok((b.gather.finish_as_written(undated), b.whole))
}

/// The date as written, its instants as stored: the words of a date do not always read
/// back as the instants they were written from (an open date bounded by a night's end,
/// an interval whose end is a day in another offset), and the stored instants are exact.
fn exact(written: When, start: Option<i64>, end: Option<i64>) -> When {
    let mut w = written;
    match w.open {
        Open::Closed => {
            w.start = start.unwrap_or(w.start);
            w.end = end.unwrap_or(w.end);
        }
        // As `When::before` and `When::after` make them: a second on the unknown side.
        Open::Before => {
            if let Some(end) = end {
                (w.start, w.end) = (end.saturating_sub(1), end);
            }
        }
        Open::After => {
            if let Some(start) = start {
                (w.start, w.end) = (start, start.saturating_add(1));
            }
        }
    }
    if w.start < w.end { w } else { written }
}

/// What a page is made of, as its rows are read: the events gathered (articles, actors
/// and files shared by id, as a window gathers pages), and the words they share.
struct Builder<'c> {
    catalog: &'c Catalog,
    gather: Gather,
    /// Actions and tags, shared by the page's events.
    words: HashMap<String, Arc<str>, foldhash::fast::RandomState>,
    /// Whether each article made is whole as its rows give it.
    whole: Vec<bool>,
    /// The lists of attribute names met, shared by the rows that have the same (GDELT's
    /// rows leave out empty values, so a page holds a few dozen lists, not one a row).
    names: HashMap<Vec<Arc<str>>, Names, foldhash::fast::RandomState>,
}

impl<'c> Builder<'c> {
    fn new(catalog: &'c Catalog) -> Self {
        Builder {
            catalog,
            gather: Gather::new(),
            words: HashMap::default(),
            whole: Vec::new(),
            names: HashMap::default(),
        }
    }

    /// The article `id`, made from what row `row` says of it the first time (written in
    /// `file`).
    fn article(
        &mut self,
        id: &str,
        columns: &ArticleColumns,
        (row, file): (usize, &str),
        at: &dyn Fn(String) -> RowError,
    ) -> Result<ArticleIx, RowError> {
        let whole = &mut self.whole;
        self.gather.article_with(id, || {
            let published = match columns.published.as_ref().and_then(|p| p.get(row)) {
                Some(p) => Some(When::parse(p).map_err(|e| at(format!("published_date '{p}': {e}")))?),
                None => None,
            };
            let get = |column: &Option<Strings>| column.as_ref().and_then(|c| c.get(row)).map(Text::line);
            let article = Article {
                id: id.to_string(),
                title: get(&columns.title).unwrap_or_else(|| Text::line("")),
                source: get(&columns.source),
                author: get(&columns.author),
                published,
                url: get(&columns.url),
                text: None,
                loc: Loc::default(),
            };
            // Whole when the rows say it has no text kept apart (and so give its title and the rest).
            whole.push(columns.text.as_ref().and_then(|t| t.known(row)) == Some(false));
            Ok((article, file.to_string()))
        })
    }

    /// The actor `id`: the catalog's, else undeclared.
    fn actor(&mut self, id: &str) -> u32 {
        let cast = &self.catalog.0;
        self.gather.actor_with(id, || {
            cast.actor_by_id(id).map(|a| cast.actor(a).clone()).unwrap_or_else(|| Actor {
                id: id.to_string(),
                name: Text::line(id),
                aliases: Vec::new(),
                kind: ActorKind::Other,
                description: None,
                declared: false,
            })
        })
    }

    fn word(&mut self, w: &str) -> Arc<str> {
        if let Some(shared) = self.words.get(w) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(w);
        self.words.insert(w.to_string(), shared.clone());
        shared
    }

    /// Row `i`'s attributes, their names shared with the page's rows that have the same.
    fn attributes(&mut self, lists: &Lists, i: usize, names: &Strings, values: &Strings) -> Attributes {
        let range = lists.range(i);
        if range.is_empty() {
            return Attributes::default();
        }
        let key: Vec<Arc<str>> = range.clone().map(|k| self.word(names.get(k).unwrap_or(""))).collect();
        let list = match self.names.get(&key) {
            Some(list) => list.clone(),
            None => {
                let list: Names = key.clone().into();
                self.names.insert(key, list.clone());
                list
            }
        };
        let (mut ends, mut joined) = (Vec::with_capacity(range.len()), String::new());
        for k in range.clone() {
            joined.push_str(values.get(k).unwrap_or(""));
            match u32::try_from(joined.len()) {
                Ok(end) => ends.push(end),
                // Values past 4 GiB in one event: kept as names of their own, the values left out.
                Err(_) => return Attributes::from_pairs(range.map(|k| (names.get(k).unwrap_or(""), ""))),
            }
        }
        Attributes::new(list, ends, joined)
    }
}
