//! How the interface reads a store's windows: a glimpse of the events around a place, then
//! the whole window around it; the store's rows and days asked once; a filtered query
//! counted (or placed, by a server) in the whole store beside its windows.

use crate::diagnostic::{Diagnostic, Report};
use crate::model::Undated;
use crate::query::Filter;
use crate::store::{At, Cursor, Store};
use crate::tui::{Counted, Counting, Days, Loaded, Loader, Placing, Reach, Widen};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A window is read first as a glimpse of this many events around its place (ten screens
/// or so), shown at once, then whole. Its cost is mostly fixed (the pages of every column
/// it touches are decoded whole): at 100M, 512 events are shown in 0.06-0.10 s, 2,048 in
/// 0.09-0.16 s (docs/PERFORMANCE.md).
pub const GLIMPSE: usize = 512;

/// How the interface reads a store's windows.
pub(super) struct Reading {
    pub(super) store: Store,
    /// The store, as errors and the gauge name it.
    name: String,
    window: usize,
    pub(super) undated: Undated,
    /// The store's rows and its events a day, asked once (for the position and the density
    /// strip when every event passes).
    whole: std::sync::OnceLock<(Option<u64>, Option<Days>)>,
    /// The last filtered query counted in the whole store (its words), its count, and how
    /// to stop counting it when another is asked for.
    counting: std::sync::Mutex<LastCount>,
}

/// The last filtered query counted (its words), its count, and the flag that stops it.
type LastCount = Option<(String, Counting, Arc<AtomicBool>)>;

/// Stop and forget the count of a query other than `words` (None: any); then the count of
/// `words`, unless it failed.
fn keep_only(last: &mut LastCount, words: Option<&str>) -> Option<Counting> {
    if last.as_ref().is_some_and(|(counted, _, _)| words != Some(counted.as_str()))
        && let Some((_, _, stop)) = last.take()
    {
        stop.store(true, Ordering::Relaxed);
    }
    let (_, counting, _) = last.as_ref().filter(|(_, counting, _)| !matches!(counting.get(), Some(None)))?;
    Some(counting.clone())
}

impl Reading {
    /// How `store` (named `name`) is read: windows of `window` events, undated ones placed
    /// as `undated` says.
    pub(super) fn new(store: Store, name: String, window: usize, undated: Undated) -> Arc<Reading> {
        let (whole, counting) = (std::sync::OnceLock::new(), std::sync::Mutex::new(None));
        Arc::new(Reading { store, name, window, undated, whole, counting })
    }

    /// What passes `filter` in the whole store, counted on a thread of its own (once a
    /// query: the same query's next windows share it; another query stops it).
    fn counting(self: &Arc<Self>, filter: &Filter) -> Counting {
        let words = filter.to_words();
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        // The same query's count, unless it failed (then it is asked again).
        if let Some(counting) = keep_only(&mut last, Some(&words)) {
            return counting;
        }
        if let Some((_, _, stop)) = last.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let (counting, stop) = (Counting::default(), Arc::new(AtomicBool::new(false)));
        *last = Some((words, counting.clone(), stop.clone()));
        let (me, filter, fill) = (self.clone(), filter.clone(), counting.clone());
        std::thread::spawn(move || {
            let tally = crate::tui::terminal::catching_panics(|| {
                me.store.tally(&filter, me.undated, &|| stop.load(Ordering::Relaxed))
            });
            let counted = match tally {
                Ok(Ok(Some(t))) => Some(Counted {
                    days: Arc::new(t.days),
                    total: t.total,
                    rows: t.rows.map(Arc::new),
                    actors: Arc::new(t.actors),
                }),
                // Stopped (another query), the store failed, or the count panicked: the
                // window's own strip stays.
                _ => None,
            };
            let _ = fill.set(counted);
        });
        counting
    }

    /// The count of `filter`'s query begun before (by an earlier window of it), unless it
    /// failed: and every other query's count stopped.
    fn counting_begun(&self, filter: &Filter) -> Option<Counting> {
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        keep_only(&mut last, Some(&filter.to_words()))
    }

    /// Stop counting a query other than `words` (None: any), and forget it.
    fn stop_counting_other_than(&self, words: Option<&str>) {
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        keep_only(&mut last, words);
    }

    /// The store's rows (where each row's number is its place among them all) and its
    /// events a day, asked once; what the store cannot say (or a server failing to answer)
    /// is None.
    pub(super) fn whole(&self) -> &(Option<u64>, Option<Days>) {
        self.whole.get_or_init(|| {
            // A row's number is its place among all where rows are numbered without gaps (a
            // table loaded from a dataset converted with --where keeps the positions it had).
            let rows = self.store.rows().ok().flatten().filter(|&rows| self.store.count().ok() == Some(rows));
            (rows, self.store.days().ok().flatten().map(Arc::new))
        })
    }

    /// The loader of the window of the events that pass `filter` around `at`, which stops
    /// reading once `stop` is set: a glimpse of it first, where the window is larger.
    pub(super) fn loader(self: Arc<Self>, filter: Filter, at: At, stop: Arc<AtomicBool>) -> Loader {
        let glimpse = (self.window > GLIMPSE).then_some(GLIMPSE);
        self.read(filter, at, stop, glimpse)
    }

    /// [`Reading::loader`]: with `glimpse`, that many events around `at`, and the whole
    /// window to read next (none when the glimpse holds all that passes).
    fn read(self: Arc<Self>, filter: Filter, at: At, stop: Arc<AtomicBool>, glimpse: Option<usize>) -> Loader {
        Box::new(move |progress| {
            let Reading { store, name, window, undated, .. } = &*self;
            // The gauge counts bytes: a dataset's rows read, as a share of its file.
            let scale = match (store.known_len(), std::fs::metadata(Path::new(name).join("events.parquet"))) {
                (Some(rows), Ok(file)) if rows > 0 => Some((rows, file.len())),
                _ => None,
            };
            let (total_rows, bytes) = scale.unwrap_or((0, 0));
            let mut told = |rows: usize, _gathered: usize| {
                let done = if total_rows > 0 { (rows as u128 * bytes as u128 / total_rows as u128) as u64 } else { 0 };
                progress(name, done, bytes);
            };
            let stopped = || stop.load(Ordering::Relaxed);
            let size = glimpse.unwrap_or(*window);
            let mut gathered = store.gather(&filter, *undated, size, &at, &mut told, &stopped);
            // A window moved to a place that could not be read whole: none (the one on
            // screen stays, the error said), rather than the part before the failure, which
            // would end where the store does not.
            if gathered.error.is_some() && at != At::Start {
                gathered.corpus = crate::model::Gather::new().finish(*undated);
            }
            // A glimpse of more: the whole window around the same event is read next.
            let part = gathered.earlier || gathered.more;
            let then = match glimpse {
                Some(_) if part && gathered.error.is_none() && !stopped() => Some(Widen {
                    loader: self.clone().read(filter.clone(), at.clone(), stop.clone(), None),
                    stop: stop.clone(),
                }),
                _ => None,
            };
            let mut diagnostics = Vec::new();
            if let Some(e) = &gathered.error {
                diagnostics.push(Diagnostic::error(name, 0, 0, format!("{e}{}", crate::tui::EVENTS_BEFORE)));
            }
            if let Some(e) = &gathered.articles_problem {
                diagnostics.push(Diagnostic::warning(
                    name,
                    0,
                    0,
                    format!("{e} (articles shown by what the events carry of them: no texts)"),
                ));
            }
            // (Of the whole window, not its glimpse.)
            if part && then.is_none() {
                diagnostics.push(Diagnostic::warning(
                    name,
                    0,
                    0,
                    format!(
                        "more than {window} events pass the filter: {window} are held at a time, and moving past \
                         the first or the last reads the ones around it (:where QUERY narrows them, --window \
                         holds more)"
                    ),
                ));
            }
            // An index of actors' events not used, where the filter names actors (of the whole
            // window, said once).
            if then.is_none()
                && filter.names_actors()
                && let Some(note) = store.index_not_used()
            {
                diagnostics.push(Diagnostic::warning(name, 0, 0, note));
            }
            // A word no event has, every page read: the filter does not apply (an error, as
            // `list` says it; nothing passes). When dates or actors left rows unread, it may
            // be among them: a note.
            if let Some(e) = gathered.scanned.error() {
                diagnostics.push(Diagnostic::error(name, 0, 0, e.message.clone()));
            } else if let Some(e) = gathered.scanned.note() {
                diagnostics.push(Diagnostic::warning(name, 0, 0, e.message.clone()));
            }
            let files = [name.clone()];
            let token = |at: Option<&At>| at.and_then(At::token);
            let mut reach = Reach {
                before: token(gathered.first.as_ref().filter(|_| gathered.earlier)),
                after: token(gathered.last.as_ref().filter(|_| gathered.more)),
                focus: gathered.focus,
                ..Reach::default()
            };
            reach.glimpse = then.is_some();
            // Every event passes: a row's number is its place among them all, and the
            // store's days are the strip's (what the store cannot say is left out).
            if stopped() {
                // Nobody wants this window: it changes no count.
            } else if filter.is_empty() {
                // A query being counted is no longer wanted.
                self.stop_counting_other_than(None);
                // Asked once (the first window asked beside its reading, and waits here for
                // the answer if it has not come; a glimpse does not wait, the whole window
                // will).
                let whole = if then.is_some() { self.whole.get() } else { Some(self.whole()) };
                if let Some((rows, days)) = whole {
                    if let (Some(rows), Some(At::Row { cursor: Cursor::Row(first), .. })) = (rows, &gathered.first) {
                        (reach.offset, reach.total) = (Some(*first), Some(*rows));
                    }
                    reach.days = days.clone();
                }
            } else if gathered.error.is_none() && part {
                // Part of what passes: counted in the whole store in the background; of a
                // glimpse, only where an earlier window began it (the whole window decides,
                // a count begun now would scan the store beside it), or where the count
                // reads no event (a dataset's index of actors' events).
                reach.counting = if then.is_some() && !store.counts_at_once(&filter) {
                    self.counting_begun(&filter)
                } else {
                    Some(self.counting(&filter))
                };
                if let Some(At::Row { cursor: Cursor::Row(first), .. }) = &gathered.first {
                    reach.first_row = Some(*first);
                }
            } else {
                // The window holds all that passes (or failed): another query's count stops.
                self.stop_counting_other_than(Some(&filter.to_words()));
            }
            // Where that gives no place (a GDELT table's rows have keys, not numbers; too
            // many pass to keep their rows), a server that decides the filter is asked (of
            // the whole window, not its glimpse).
            if !stopped()
                && then.is_none()
                && gathered.error.is_none()
                && part
                && reach.offset.is_none()
                && let (Store::ClickHouse(_), Some(At::Row { cursor, .. })) = (store, &gathered.first)
            {
                reach.placing = Some(self.placing(&filter, cursor.clone(), stop.clone()));
            }
            Loaded { corpus: gathered.corpus, report: Report::new(diagnostics, &files), reach: Some(reach), then }
        })
    }

    /// The place of the row `first` among the rows that pass `filter`, and how many pass,
    /// asked of the store on a thread of its own; given up once `stop` is set (another
    /// window was asked for).
    fn placing(self: &Arc<Self>, filter: &Filter, first: Cursor, stop: Arc<AtomicBool>) -> Placing {
        let (me, filter, placing) = (self.clone(), filter.clone(), Placing::default());
        let fill = placing.clone();
        std::thread::spawn(move || {
            let placed = crate::tui::terminal::catching_panics(|| {
                let offset = me.store.rank(&filter, Some(&first)).ok().flatten()?;
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let total = match filter.is_empty() {
                    true => me.store.count().ok()?,
                    false => me.store.rank(&filter, None).ok().flatten()?,
                };
                Some((offset, total))
            });
            let _ = fill.set(placed.ok().flatten());
        });
        placing
    }
}
