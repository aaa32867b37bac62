//! What the interface is handed to show: a loader and what it loads (the corpus, what
//! loading found wrong, and on a store where the window lies among its events), and on a
//! store how to read another window.

use crate::diagnostic::Report;
use crate::model::Corpus;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Loads the corpus, reporting progress (file name, bytes done, bytes in all) to the
/// function it is given; returns it with what loading found wrong with the files.
pub type Loader = Box<dyn FnOnce(fn(&str, u64, u64)) -> Loaded + Send>;

/// What a loader hands over: the corpus, what loading found wrong, and on a store where
/// its window lies.
pub struct Loaded {
    pub corpus: Corpus,
    pub report: Report,
    pub reach: Option<Reach>,
    /// A store's window read first as a glimpse of it (a few thousand events, shown at
    /// once): the whole window around the same event, to read next.
    pub then: Option<Widen>,
}

impl Loaded {
    /// Loaded files (no store around them).
    pub fn files(corpus: Corpus, report: Report) -> Loaded {
        Loaded { corpus, report, reach: None, then: None }
    }
}

/// The whole window around the event a glimpse was read for: its loader, and the flag that
/// stops it (set once another window is asked for).
pub struct Widen {
    pub loader: Loader,
    pub stop: Arc<AtomicBool>,
}

/// A store's list of actors (a corpus of them alone) and how many of its events name each
/// (by actor): what the actor picker lists on a store, whose windows hold only the actors
/// their events name.
#[derive(Clone)]
pub struct Cast {
    pub actors: Arc<Corpus>,
    pub events: Arc<Vec<u64>>,
    /// The actors, the most events first (then by name): the picker's list before a query.
    pub by_events: Arc<Vec<crate::model::ActorIx>>,
}

impl Cast {
    /// The list of `actors` with their `events`, ordered once (off the interface's thread:
    /// a store may list millions).
    pub fn new(actors: Arc<Corpus>, events: Arc<Vec<u64>>) -> Cast {
        let mut by_events: Vec<crate::model::ActorIx> = (0..actors.actors().len() as crate::model::ActorIx).collect();
        let count = |a: crate::model::ActorIx| events.get(a as usize).copied().unwrap_or(0);
        by_events.sort_by(|&a, &b| {
            count(b).cmp(&count(a)).then_with(|| actors.actor(a).name.raw().cmp(actors.actor(b).name.raw()))
        });
        Cast { actors, events, by_events: Arc::new(by_events) }
    }

    /// Order `matches` as the picker shows them: the best first, ties to the actor with
    /// more of the store's events.
    pub fn order(&self, matches: &mut [crate::query::ActorMatch]) {
        let count = |m: &crate::query::ActorMatch| self.events.get(m.actor as usize).copied().unwrap_or(0);
        matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| count(b).cmp(&count(a))));
    }
}

/// How many: the list itself would fill a failed test's message.
impl std::fmt::Debug for Cast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cast({} actors)", self.actors.actors().len())
    }
}

/// The same list: shared, it is compared by where it is held.
impl PartialEq for Cast {
    fn eq(&self, other: &Cast) -> bool {
        Arc::ptr_eq(&self.actors, &other.actors) && Arc::ptr_eq(&self.events, &other.events)
    }
}

impl Eq for Cast {}

/// A store's list of actors, once listed (a GDELT table's is asked of the server in the
/// background): None inside when the store has none, Err why it could not be listed.
pub type Listing = Arc<std::sync::OnceLock<Result<Option<Cast>, String>>>;

/// Where a store's window lies among its events: the places (opaque to the interface,
/// the store's own) around which the windows before and after it are read, None where
/// none passes; and the event it was read for, where the cursor goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub before: Option<String>,
    pub after: Option<String>,
    pub focus: usize,
    /// When every event of the store passes and the store numbers its rows: the window's
    /// first event's place among them all, and how many there are (the position shown).
    pub offset: Option<u64>,
    pub total: Option<u64>,
    /// Dated events a day (the day's first second) over the whole store, when every event
    /// passes and the store says: the density strip's.
    pub days: Option<Days>,
    /// A window of a filtered store: its first event's row, where the store numbers its
    /// rows; and what passes in the whole store, being counted in the background (set once
    /// counted; None inside when it could not be).
    pub first_row: Option<u64>,
    pub counting: Option<Counting>,
    /// Where rows have no number (a GDELT table's keys) or a count keeps none: the window's
    /// first event's place among what passes, and how many pass, asked of the server in
    /// the background (set once answered; None inside when it could not say).
    pub placing: Option<Placing>,
    /// Once counted: passing events each actor takes part in, by id (the picker's counts).
    pub actors_passing: Option<Arc<std::collections::HashMap<String, u64>>>,
    /// The window is a glimpse of the one being read around its event (shown while the
    /// rest is read, then replaced by it).
    pub glimpse: bool,
}

impl Reach {
    /// The window holds every event that passes its query: none before it, none after.
    pub fn holds_all(&self) -> bool {
        self.before.is_none() && self.after.is_none()
    }
}

/// What passes a store's query in the whole store: its dated events a day, how many, and
/// their rows (ascending; where the store numbers them and there are not too many).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counted {
    pub days: Days,
    pub total: u64,
    pub rows: Option<Arc<Vec<u64>>>,
    /// Passing events each actor takes part in, by id.
    pub actors: Arc<std::collections::HashMap<String, u64>>,
}

/// What passes, once counted in the background.
pub type Counting = Arc<std::sync::OnceLock<Option<Counted>>>;

/// A window's first event's place among what passes, and how many pass, once asked.
pub type Placing = Arc<std::sync::OnceLock<Option<(u64, u64)>>>;

/// Dated events a day (the day's first second, its events), ascending.
pub type Days = Arc<Vec<(i64, u64)>>;

/// Where in a store's timeline another window is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toward {
    /// Its first events.
    Start,
    /// Its last.
    End,
    /// Around an instant (seconds).
    Date(i64),
    /// Around an event that a [`Reach`] named.
    Event(String),
}

/// Reads another window of a store: the loader of the events that pass a query, which
/// stops early once the flag is set (a later window was asked for), or why the query does
/// not apply.
pub type Reopen = Box<dyn Fn(&str, &Toward, Arc<AtomicBool>) -> Result<Loader, String>>;

/// How an export of all that passes a store's query went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    /// `count` events written to `path` (`left_out` undated ones TimelineJS had no place
    /// for), through a symbolic link to `through` when it was one.
    Written { path: std::path::PathBuf, count: usize, left_out: usize, through: Option<std::path::PathBuf> },
    /// The file exists: to replace it, the user says so.
    Exists(std::path::PathBuf),
    /// Why not (the old file, if any, kept).
    Failed(String),
}

/// An export of all that passes, started: run on a thread of its own, it counts what it has
/// written into the counter, and stops (writing nothing) once the flag is set.
pub type ExportJob = Box<dyn FnOnce(Arc<std::sync::atomic::AtomicU64>, Arc<AtomicBool>) -> ExportOutcome + Send>;

/// Start exporting the events of the store that pass a query to a file, in a format,
/// replacing it or not, with the marks and notes given: the job, or why it cannot start.
pub type ExportAll = Box<
    dyn Fn(
        &str,
        &std::path::Path,
        crate::export::Format,
        bool,
        Arc<crate::desk::Notes>,
    ) -> Result<ExportJob, ExportOutcome>,
>;

/// Count the events of the store that pass a query by a field, when the store can (a
/// server that decides the query): the buckets and how many pass; None when it cannot.
pub type CountAll = Arc<
    dyn Fn(&str, &crate::query::count::GroupBy) -> Result<Option<(Vec<crate::query::count::Bucket>, u64)>, String>
        + Send
        + Sync,
>;

/// The interface on a store: which, the query its first window holds, and how to read
/// another (`:where`).
pub struct StoreSettings {
    pub place: String,
    pub query: String,
    pub reopen: Reopen,
    /// The store's list of actors, once listed.
    pub cast: Listing,
    /// How to export all that passes a query, streamed from the store.
    pub export: ExportAll,
    /// How to count all that passes a query by a field, where the store counts.
    pub count: CountAll,
}
