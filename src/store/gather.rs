//! The events of a store that pass a filter, gathered into one corpus held in memory (at
//! most a window of them): what the interface browses on a store, and what `export`,
//! `count` and `stories` work on. A window is read from a place in the store's timeline
//! ([`At`]): its start, its end, a date, or an event (half a window before it, the rest
//! from it on), so that the interface moves through a store of any size a window at a
//! time. The filter's dates and actors narrow what is read, so a window of one actor's or
//! one month's events is read from a store of any size.

use super::{Cursor, Flow, Page, Scanned, Span, Store, StoreError};
use crate::model::{Corpus, EventIx, Gather, Undated};
use crate::query::Filter;
use std::collections::{HashSet, VecDeque};

mod back;

/// Where a window is read from, in its store's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// The first events that pass.
    Start,
    /// The last.
    End,
    /// Around an instant (seconds): half a window of the events placed before it, the rest
    /// from it on.
    Date(i64),
    /// Around a row: half a window of the events before it, the rest from it on (it
    /// first). `placed` is where the timeline places it: a store whose rows are keys (a
    /// GDELT table) is read back by days from there (None: all before it at once).
    Row { cursor: Cursor, placed: Option<i64> },
}

impl At {
    /// A row's place as one line of text, which the interface keeps, opaque, to ask for the
    /// window around it again; None for the other places.
    pub fn token(&self) -> Option<String> {
        match self {
            At::Row { cursor, placed } => {
                Some(format!("{} {}", placed.map_or("-".to_string(), |p| p.to_string()), cursor.token()))
            }
            _ => None,
        }
    }

    /// The row's place a [`At::token`] names.
    pub fn of_token(token: &str) -> Option<At> {
        let (placed, cursor) = token.split_once(' ')?;
        let placed = if placed == "-" { None } else { Some(placed.parse().ok()?) };
        Some(At::Row { cursor: Cursor::of_token(cursor)?, placed })
    }
}

/// The gathered events and how the scan went.
#[derive(Debug)]
pub struct Gathered {
    /// The passing events, in timeline order: a window of them.
    pub corpus: Corpus,
    pub scanned: Scanned,
    /// More events pass after the window's last.
    pub more: bool,
    /// Events may pass before the window's first (reading back filled its half).
    pub earlier: bool,
    /// The event the window was read for ([`At`]: the row, the first on or after the date,
    /// the first or the last), where the interface puts its cursor.
    pub focus: usize,
    /// The window's first and last events, as windows around them are read.
    pub first: Option<At>,
    pub last: Option<At>,
    /// Why the scan stopped before its end (a row that does not decode, a server gone):
    /// the corpus has the events of the pages before.
    pub error: Option<StoreError>,
    /// Why the articles' fuller records (titles, addresses, texts) could not be read: the
    /// events are all there, their articles known only by what the rows carry of them (no texts).
    pub articles_problem: Option<StoreError>,
    /// Row groups of `articles.parquet` read to find the articles, of how many (its bloom
    /// filters of ids skip the others).
    pub article_groups: (usize, usize),
}

/// A day, in seconds: the first span of time a window reads back at once.
const DAY: i64 = 86_400;

/// Passing events of one page, copied out of it (a page holds many rows that do not pass),
/// with their rows.
struct Piece {
    corpus: Corpus,
    cursors: Vec<Cursor>,
    /// The ids of its articles that the store's record of articles completes.
    partial: HashSet<String>,
}

impl Piece {
    fn of(page: &Page, events: &[EventIx], undated: Undated) -> Piece {
        let mut gather = Gather::new();
        gather.add(&page.corpus, events);
        let cursors = events.iter().map(|&e| page.cursors[e as usize].clone()).collect();
        let partial = page.partial_articles(events).map(String::from).collect();
        Piece { corpus: gather.finish_as_written(undated), cursors, partial }
    }

    fn len(&self) -> usize {
        self.cursors.len()
    }
}

/// How a window's reading is going: rows read, events gathered, whether it was stopped.
struct Reading<'a> {
    progress: &'a mut dyn FnMut(usize, usize),
    stop: &'a dyn Fn() -> bool,
    rows: usize,
    gathered: usize,
    stopped: bool,
}

impl Reading<'_> {
    /// A page of `rows` was read: tell the gauge; true when the reader no longer wants it.
    fn page_read(&mut self, rows: usize) -> bool {
        self.rows += rows;
        (self.progress)(self.rows, self.gathered);
        self.stopped = (self.stop)();
        self.stopped
    }
}

impl Store {
    /// A window of the events that pass `filter`, at most `window` of them, read from `at`
    /// in timeline order, as one corpus; `progress` is told the rows read so far and the
    /// events gathered after each page. Once `stop` says so, no other page is read (the
    /// corpus has what was gathered; a reader that asked for another window drops it).
    pub fn gather(
        &self,
        filter: &Filter,
        undated: Undated,
        window: usize,
        at: &At,
        progress: &mut dyn FnMut(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> Gathered {
        let mut reading = Reading { progress, stop, rows: 0, gathered: 0, stopped: false };
        let mut scanned = Scanned::default();
        let mut error = None;
        // A date, where the store numbers its rows: the row of the first event on or after it.
        let resolved;
        let at = match at {
            At::Date(t) => match self.pages().rows() {
                Ok(Some(_)) => match self.date_to_row(filter, undated, *t, &mut reading) {
                    Ok(row) => {
                        resolved = row;
                        &resolved
                    }
                    Err(e) => return self.failed(e, undated),
                },
                Ok(None) => at,
                Err(e) => return self.failed(e, undated),
            },
            _ => at,
        };
        // Half a window before the place (all of it before the end), then the rest from it.
        let back = match at {
            At::Start => 0,
            At::End => window,
            At::Date(_) | At::Row { .. } => window / 2,
        };
        let (pieces, earlier): (VecDeque<Piece>, bool) = if back > 0 {
            match self.read_back(filter, undated, at, back, &mut reading) {
                Ok((pieces, earlier, back_scanned)) => {
                    scanned = back_scanned;
                    (pieces, earlier)
                }
                Err(e) => {
                    error = Some(e);
                    (VecDeque::new(), false)
                }
            }
        } else {
            (VecDeque::new(), false)
        };
        let mut gather = Gather::new();
        let mut cursors: Vec<Cursor> = Vec::new();
        // The articles to complete from the store's record of them.
        let mut partial: HashSet<String> = HashSet::new();
        // Each piece freed once copied.
        for piece in pieces {
            let all: Vec<EventIx> = (0..piece.len() as EventIx).collect();
            gather.add(&piece.corpus, &all);
            cursors.extend(piece.cursors);
            partial.extend(piece.partial);
        }
        let before = gather.len();
        reading.gathered = before;
        let span = match at {
            At::Start | At::End => Span::with_articles(),
            At::Date(t) => Span { from: Some(*t), ..Span::with_articles() },
            // Rows numbered are the order exactly (the timeline places a few events out of
            // their instants' order: no date bounds them); keys are ordered by day.
            At::Row { cursor: cursor @ Cursor::Row(_), .. } => {
                Span { from_row: Some(cursor.clone()), ..Span::with_articles() }
            }
            At::Row { cursor, placed } => {
                Span { from: *placed, from_row: Some(cursor.clone()), ..Span::with_articles() }
            }
        };
        // A window of a page or less is read on this thread, a page when asked for (none
        // read ahead), the first no larger than the window's rest.
        let rest = window.saturating_sub(before);
        let span = Span { wanted: (rest <= super::PAGE_ROWS).then_some(rest.max(1)), ..span };
        let mut more = false;
        if !matches!(at, At::End) && error.is_none() && !reading.stopped {
            let forward =
                self.scan_until(filter, undated, &span, &mut |rows| reading.page_read(rows), |page, events| {
                    let room = window.saturating_sub(gather.len());
                    let take = room.min(events.len());
                    gather.add(&page.corpus, &events[..take]);
                    partial.extend(page.partial_articles(&events[..take]).map(String::from));
                    cursors.extend(events[..take].iter().map(|&e| page.cursors[e as usize].clone()));
                    more = take < events.len();
                    Ok(if more { Flow::Enough } else { Flow::More })
                });
            match forward {
                Ok(forward) if back > 0 => scanned.add(forward),
                Ok(forward) => scanned = forward,
                Err(e) => error = Some(e),
            }
        }
        let focus = match at {
            At::End => gather.len().saturating_sub(1),
            _ => before.min(gather.len().saturating_sub(1)),
        };
        if !reading.stopped {
            // The actors in the order the store lists them (as their source declared
            // them), and the articles with their titles, addresses and texts.
            let cast = &self.pages().catalog().0;
            gather.order_actors(|id| cast.actor_by_id(id).map(|a| a as usize));
        }
        let (articles_problem, article_groups) = if reading.stopped {
            // Nobody wants it: no articles read.
            (None, (0, 0))
        } else {
            let ids: HashSet<&str> = partial.iter().map(String::as_str).collect();
            let articles = self.pages().articles(&ids);
            drop(ids);
            match articles {
                Ok((articles, groups)) => {
                    for a in articles {
                        gather.complete_article(a);
                    }
                    (None, groups)
                }
                Err(e) => (Some(e), (0, 0)),
            }
        };
        let corpus = gather.finish(undated);
        let edge = |k: usize| {
            cursors.get(k).map(|cursor| At::Row { cursor: cursor.clone(), placed: corpus.placed_at(k as EventIx) })
        };
        let (first, last) = (edge(0), cursors.len().checked_sub(1).and_then(edge));
        Gathered { corpus, scanned, more, earlier, focus, first, last, error, articles_problem, article_groups }
    }

    /// A window that could not be read: empty, and why.
    fn failed(&self, error: StoreError, undated: Undated) -> Gathered {
        Gathered {
            corpus: Gather::new().finish(undated),
            scanned: Scanned::default(),
            more: false,
            earlier: false,
            focus: 0,
            first: None,
            last: None,
            error: Some(error),
            articles_problem: None,
            article_groups: (0, 0),
        }
    }

    /// `At::Date` where the store numbers its rows: the first event that passes on or after
    /// the instant, as a row (its order exactly: the timeline places some events a little
    /// out of their instants' order); the end when none does.
    fn date_to_row(
        &self,
        filter: &Filter,
        undated: Undated,
        t: i64,
        reading: &mut Reading<'_>,
    ) -> Result<At, StoreError> {
        // Every row passes: the first placed from the instant on, found from where rows
        // are placed alone, where the store tells so (and places undated events as its
        // `placed_at` does, at their reports).
        if filter.is_empty() && undated == Undated::AtReport {
            match self.pages().first_placed_from(t)? {
                Some(Some((cursor, placed))) => return Ok(At::Row { cursor, placed: Some(placed) }),
                Some(None) => return Ok(At::End),
                None => {}
            }
        }
        let mut found = At::End;
        let span = Span { from: Some(t), wanted: Some(1), ..Span::default() };
        self.scan_until(filter, undated, &span, &mut |rows| reading.page_read(rows), |page, events| {
            let e = events[0];
            found = At::Row { cursor: page.cursors[e as usize].clone(), placed: page.corpus.placed_at(e) };
            Ok(Flow::Enough)
        })?;
        Ok(found)
    }
}

impl Scanned {
    /// Add another scan of the same filter (over other rows).
    fn add(&mut self, other: Scanned) {
        self.pages_read += other.pages_read;
        self.rows_read += other.rows_read;
        self.groups_skipped += other.groups_skipped;
        self.check.merge(other.check);
        self.narrowed |= other.narrowed;
        self.complete &= other.complete;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_place_is_a_line_of_text_and_back() {
        for at in [
            At::Row { cursor: Cursor::Row(42), placed: Some(-86_400) },
            At::Row { cursor: Cursor::Row(0), placed: None },
            At::Row { cursor: Cursor::Keys("2019-03-04".into(), "12 34".into()), placed: Some(1_551_657_600) },
        ] {
            let token = at.token().unwrap();
            assert!(!token.contains('\n'), "{token}");
            assert_eq!(At::of_token(&token), Some(at));
        }
        assert_eq!(At::Start.token(), None);
        assert_eq!(At::of_token("row 12"), None);
        assert_eq!(At::of_token("- rows 12"), None);
    }
}
