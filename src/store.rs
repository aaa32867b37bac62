//! Events kept outside memory and read a page at a time: a Parquet dataset written by
//! `annals convert` (docs/PARQUET.md), or by any tool in its documented columns
//! ([`Dataset`]), and a ClickHouse table of the same columns ([`Table`]). Opening one reads
//! its shape and its actors, never its events. A filter's dates narrow what is read (row
//! groups by their statistics, rows by a `WHERE` the server runs); what is read comes in
//! pages of rows, each made into a [`Corpus`] of its own (its rows in their stored order)
//! on which the filter runs exactly as on loaded files. Memory is a page or two, whatever
//! the store's size.

mod articles;
mod batches;
mod catalog;
mod clickhouse;
mod columns;
mod gather;
mod page;
mod parquet;
mod scan;
mod tally;

use crate::model::{Corpus, EventIx, Undated};
use crate::query::{Filter, FilterError, PartCheck};
pub use batches::Batched;
pub use clickhouse::{GDELT_COLUMNS, Table, quoted as clickhouse_name};
pub use gather::{At, Gathered};
pub use parquet::{ACTOR_EVENTS_FILE, Dataset, EVENTS_BYTES_KEY, EVENTS_ROWS_KEY};
use std::path::Path;
use std::sync::Arc;
pub use tally::Tally;

/// Rows of a page: a screen's worth is read without decoding a whole row group, and a
/// scan's pages are few enough that making each costs little (`annals convert` writes
/// data pages of as many rows).
const PAGE_ROWS: usize = 8_192;

/// The columns a page is made of (those of them the store has).
const PAGE_COLUMNS: &[&str] = &[
    "id",
    "article",
    "summary",
    "action",
    "status",
    "date",
    "date_text",
    "date_resolved",
    "start",
    "end",
    "participants",
    "tags",
    "attributes",
    "evidence",
    "relations",
    "source",
    "published_date",
    "title",
    "author",
    "url",
    "article_text",
    "file",
    "line",
    "column",
];

/// The columns of [`PAGE_COLUMNS`] read only when the pages' articles are wanted whole
/// ([`Span::articles`]).
const ARTICLE_COLUMNS: &[&str] = &["title", "author", "url", "article_text"];

/// The columns a store must have.
const REQUIRED_COLUMNS: &[&str] =
    &["id", "article", "summary", "status", "participants", "tags", "attributes", "evidence"];

/// What went wrong with a store: where (a file, a table), the row when one is to blame, and
/// what.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{at}: {message}")]
    At { at: String, message: String },
    #[error("{at}: row {row}: {message}")]
    Row { at: String, row: u64, message: String },
    /// The filter does not apply (a value of the wrong shape): where it was written.
    #[error("{0}")]
    Filter(FilterError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The store's actors: a corpus of them alone, in which the filter looks names up, so that
/// a name finds the same actors on every page (a page holds those its rows name), and how
/// many events name each (the list's `events`, 0 when it has none). A store without a list
/// of actors has an empty one, and names are looked up on each page.
#[derive(Debug)]
pub(crate) struct Catalog(Arc<Corpus>, Arc<Vec<u64>>);

impl Catalog {
    /// The actors names are looked up in; None when the store lists none.
    fn names(&self) -> Option<&Corpus> {
        (!self.0.actors().is_empty()).then_some(&self.0)
    }
}

/// A store's actors (a corpus of them alone) and how many of its events name each.
pub type ActorList = (Arc<Corpus>, Arc<Vec<u64>>);

/// What a scan did.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Pages read, the rows they held, and row groups skipped by their dates.
    pub pages_read: usize,
    pub rows_read: usize,
    pub groups_skipped: usize,
    /// The terms that named nothing in any page read ([`PartCheck::error`]).
    pub check: PartCheck,
    /// Only some rows were read (those the filter's dates or actors let pass): a name no
    /// page read has may be elsewhere, so [`Scanned::check`] cannot tell a typo from an
    /// absence.
    pub narrowed: bool,
    /// Every page was read (`each` never said [`Flow::Enough`]).
    pub complete: bool,
}

impl Scanned {
    /// The error of a term that named nothing, when every page was read: a filter that
    /// does not apply to the whole store, as on loaded files.
    pub fn error(&self) -> Option<&FilterError> {
        self.check.error().filter(|_| self.complete && !self.narrowed)
    }

    /// The same, when only the rows the filter's dates or actors let pass were read: the
    /// name may be elsewhere (a note, not an error).
    pub fn note(&self) -> Option<&FilterError> {
        self.check.error().filter(|_| self.complete && self.narrowed)
    }
}

/// Whether a scan goes on after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    More,
    Enough,
}

/// What a filter says of the events that can pass, which a store reads by: where their
/// dates start (`[from, until)`, seconds; an undated event never passes a date), and actors
/// of which each names one (their ids).
#[derive(Debug, Clone, Default)]
pub(crate) struct Narrowing {
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub actors: Option<Vec<String>>,
    /// How many passing events the reader wants, when it says (`--limit`): a first page
    /// need not be larger.
    pub wanted: Option<usize>,
    /// Rows from this one on (a window read from an event), and before this one (a window
    /// read back from an event): keys of the store's order, never an offset.
    pub from_row: Option<Cursor>,
    pub before_row: Option<Cursor>,
    /// The filter itself, for a store that asks a server for what passes it.
    pub filter: Filter,
    /// Whether the pages' articles are wanted whole (see [`Span::articles`]).
    pub articles: bool,
}

/// Where a scan reads, beside what its filter says: dates within the filter's (`[from,
/// until)`, where events are placed), rows from one on and before another, and how many
/// passing events the reader wants at most.
#[derive(Debug, Clone, Default)]
pub(crate) struct Span {
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub from_row: Option<Cursor>,
    pub before_row: Option<Cursor>,
    pub wanted: Option<usize>,
    /// The pages' articles are wanted whole (a window, an export's batches): a dataset
    /// reads their titles, authors and addresses with the rows. Without, those columns are
    /// not read (a list, a count: about a fifth less to decode of a GDELT row), and an
    /// article is completed from the store's record of articles if it is wanted after all.
    pub articles: bool,
}

impl Span {
    /// No bounds, the articles wanted whole.
    fn with_articles() -> Span {
        Span { articles: true, ..Span::default() }
    }
}

/// A row's key in its store's order, by which a window starts at an event or ends before
/// it (a keyset, never an offset): a dataset's row number, an annals table's `position`,
/// a GDELT table's `(SQLDATE, GLOBALEVENTID)` as the table writes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cursor {
    Row(u64),
    Keys(String, String),
}

impl Cursor {
    /// The cursor as one line of text (the interface keeps it so, opaque).
    pub fn token(&self) -> String {
        match self {
            Cursor::Row(row) => format!("row {row}"),
            Cursor::Keys(date, id) => format!("keys {date}\t{id}"),
        }
    }

    /// A cursor from [`Cursor::token`]'s text.
    pub fn of_token(token: &str) -> Option<Cursor> {
        if let Some(row) = token.strip_prefix("row ") {
            return row.parse().ok().map(Cursor::Row);
        }
        let (date, id) = token.strip_prefix("keys ")?.split_once('\t')?;
        Some(Cursor::Keys(date.to_string(), id.to_string()))
    }
}

/// A page of a store's rows: the corpus of them (its events in the rows' order), and each
/// event's row key.
#[derive(Debug)]
pub(crate) struct Page {
    pub corpus: Corpus,
    pub cursors: Vec<Cursor>,
    /// Whether each of the corpus's articles is whole as its rows give it (title, author
    /// and address in the rows, and no text kept apart): none is when the rows do not say,
    /// and every article is then completed from the store's record of articles.
    pub whole: Vec<bool>,
}

impl Page {
    /// The ids of the articles of `events` that the store's record of articles completes.
    pub fn partial_articles<'p>(&'p self, events: &'p [EventIx]) -> impl Iterator<Item = &'p str> + 'p {
        let partial = |a: &crate::model::ArticleIx| !self.whole.get(*a as usize).copied().unwrap_or(false);
        events.iter().map(|&e| self.corpus.event(e).article).filter(partial).map(|a| self.corpus.article(a).id.as_str())
    }
}

/// Articles read, and the parts of the store's record of articles read, of how many.
type Articles = (Vec<crate::model::Article>, (usize, usize));

/// Where a store's pages come from: parts read independently of each other (a dataset's
/// row groups), each a run of pages in timeline order.
trait Pages: Sync {
    fn catalog(&self) -> &Catalog;

    /// The parts that may hold an event that `narrowing` lets pass, in timeline order; and
    /// how many were skipped.
    fn parts(&self, narrowing: &Narrowing) -> (Vec<usize>, usize);

    /// Part `part`'s pages, in order, each given to `send` until it says to stop: pages of
    /// the rows `narrowing` lets pass, and perhaps others. False once `send` has said to
    /// stop.
    fn read(
        &self,
        part: usize,
        narrowing: &Narrowing,
        undated: Undated,
        send: &mut dyn FnMut(Result<Page, StoreError>) -> bool,
    ) -> bool;

    /// Whether reading part `part` by `narrowing` leaves rows of it unread (a server told
    /// the dates or actors does).
    fn leaves_rows(&self, part: usize, narrowing: &Narrowing) -> bool;

    /// How many rows the store holds, where it numbers them ([`Cursor::Row`]: a dataset, an
    /// annals table: one past the last `position`); None where rows are known by keys (a
    /// GDELT table).
    fn rows(&self) -> Result<Option<u64>, StoreError>;

    /// How many dated events each day holds (the day's first second, ascending), for a
    /// density strip over the whole store: a dataset's `daily.parquet`, a server's `GROUP
    /// BY`; None when the store does not say.
    fn days(&self) -> Result<Option<Vec<(i64, u64)>>, StoreError>;

    /// Where the store's events are placed, the earliest and the latest instant (seconds);
    /// None when it does not say (a window read back from an event then reads all before).
    fn placed_span(&self) -> Result<Option<(i64, i64)>, StoreError>;

    /// The fuller record of these articles (title, author, address, text), where the store
    /// keeps one (those it lacks are left out); and how many parts of its record of articles
    /// were read, of how many.
    fn articles(&self, _ids: &std::collections::HashSet<&str>) -> Result<Articles, StoreError> {
        Ok((Vec::new(), (0, 0)))
    }

    /// The first row placed at or after `t` (seconds) in the store's order, and where it is
    /// placed (`Some(None)`: no row is), found from the rows' `placed_at` alone; None where
    /// the store cannot tell so (a server's rows are found by a query like any other).
    fn first_placed_from(&self, _t: i64) -> Result<Option<Option<(Cursor, i64)>>, StoreError> {
        Ok(None)
    }
}

/// Threads that read parts at once (a core each on this project's two-core machine; the
/// filter and the output take the rest).
const READERS: usize = 2;

/// An opened store of events.
#[derive(Debug)]
pub enum Store {
    Parquet(Dataset),
    ClickHouse(Table),
}

impl Store {
    /// Is `place` a store: a dataset directory (one holding `events.parquet`) or a
    /// `clickhouse://` address?
    pub fn is_store(place: &Path) -> bool {
        Table::is_address(place) || Dataset::is_dataset(place)
    }

    /// Open the store at `place`: its shape and its actors, no event.
    pub fn open(place: &Path) -> Result<Store, StoreError> {
        match place.to_str() {
            Some(address) if Table::is_address(place) => Table::open(address).map(Store::ClickHouse),
            _ => Dataset::open(place).map(Store::Parquet),
        }
    }

    /// Does the store list its actors (`actors.parquet`, a table `actors`)? Without, an
    /// actor is known by its id alone.
    pub fn lists_actors(&self) -> bool {
        self.pages().catalog().names().is_some()
    }

    /// The events the store holds, when it knows without counting them (a dataset's
    /// footer says; a server is not asked).
    pub fn known_len(&self) -> Option<u64> {
        match self {
            Store::Parquet(d) => Some(d.len()),
            Store::ClickHouse(_) => None,
        }
    }

    /// How many rows the store holds, where it numbers them (a dataset, an annals table):
    /// each row's number is then its place in the timeline.
    pub fn rows(&self) -> Result<Option<u64>, StoreError> {
        self.pages().rows()
    }

    /// How many events the store holds (a dataset's footer says; a server is asked).
    pub fn count(&self) -> Result<u64, StoreError> {
        match self {
            Store::Parquet(d) => Ok(d.len()),
            Store::ClickHouse(t) => t.count(),
        }
    }

    /// How many events that pass `filter` come before the row `before` (None: in all), when
    /// the store can say without reading them (a server that decides the whole filter);
    /// None when it cannot. A window's place among what passes, where rows have no number
    /// (a GDELT table's keys) or too many pass to keep theirs.
    pub fn rank(&self, filter: &Filter, before: Option<&Cursor>) -> Result<Option<u64>, StoreError> {
        match self {
            Store::ClickHouse(t) => t.rank(filter, before),
            Store::Parquet(_) => Ok(None),
        }
    }

    /// The events that pass `filter` grouped by `by` (sorted as annals shows them), and how
    /// many pass, when the store counts them itself (a server that decides the filter and
    /// gives the field; a dataset's index of actors' events, for a filter of actors alone
    /// by a period or by actor); None when annals must count what it reads.
    pub fn count_by(
        &self,
        filter: &Filter,
        by: &crate::query::count::GroupBy,
    ) -> Result<Option<(Vec<crate::query::count::Bucket>, u64)>, StoreError> {
        match self {
            Store::ClickHouse(t) => t.count_by(filter, by),
            Store::Parquet(d) => d.count_by(filter, by),
        }
    }

    /// How many dated events each day holds (the day's first second, ascending): a
    /// dataset's `daily.parquet`, a server's `GROUP BY`; None when the store does not say.
    pub fn days(&self) -> Result<Option<Vec<(i64, u64)>>, StoreError> {
        self.pages().days()
    }

    /// The store's list of actors (a corpus of them alone) and how many events name each,
    /// for `annals actors`; None when it lists none.
    pub fn actors(&self) -> Option<(&Corpus, &[u64])> {
        let catalog = self.pages().catalog();
        catalog.names().map(|cast| (cast, catalog.1.as_slice()))
    }

    /// The same, shared: for the interface's actor picker, which outlives a window.
    pub fn cast(&self) -> Option<ActorList> {
        let catalog = self.pages().catalog();
        catalog.names().map(|_| (catalog.0.clone(), catalog.1.clone()))
    }

    /// The store's actors and how many events name each: its list ([`Store::cast`]), or
    /// for a GDELT table the actors its rows name, asked of the server (which reads the
    /// whole table: seconds on a large one); None when it has neither.
    pub fn list_actors(&self) -> Result<Option<ActorList>, StoreError> {
        if let Some(cast) = self.cast() {
            return Ok(Some(cast));
        }
        match self {
            Store::ClickHouse(t) => t.gdelt_actors(),
            Store::Parquet(_) => Ok(None),
        }
    }

    fn pages(&self) -> &dyn Pages {
        match self {
            Store::Parquet(d) => d,
            Store::ClickHouse(t) => t,
        }
    }

    /// Whether `filter` applies to the store, as far as its actors tell (a key that does not
    /// exist, a date that is none, an actor no one is): the error the scan would stop with
    /// at once. Words that need the events (actions, tags) are checked as pages are read.
    pub fn check(&self, filter: &Filter) -> Result<(), FilterError> {
        let catalog = self.pages().catalog();
        filter.compile_part(&catalog.0, catalog.names(), &mut PartCheck::default()).map(|_| ())
    }
}
