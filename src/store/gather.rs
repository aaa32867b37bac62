//! The events of a store that pass a filter, gathered into one corpus held in memory (at
//! most a window of them): what the interface browses on a store, and what `export`,
//! `count` and `stories` work on. The filter's dates and actors narrow what is read, so a
//! window of one actor's or one month's events is read from a store of any size.

use super::{Flow, Scanned, Store, StoreError};
use crate::model::{Corpus, Gather, Undated};
use crate::query::Filter;
use std::collections::HashSet;

/// The gathered events and how the scan went.
#[derive(Debug)]
pub struct Gathered {
    /// The passing events, in timeline order, the first `window` of them.
    pub corpus: Corpus,
    pub scanned: Scanned,
    /// More events pass than the window holds: the corpus has the first of them.
    pub more: bool,
    /// Why the scan stopped before its end (a row that does not decode, a server gone):
    /// the corpus has the events of the pages before.
    pub error: Option<StoreError>,
    /// Why the articles' fuller records (titles, addresses, texts) could not be read: the
    /// events are all there, their articles known by id, source and date alone.
    pub articles_problem: Option<StoreError>,
    /// Row groups of `articles.parquet` read to find the articles, of how many (its bloom
    /// filters of ids skip the others).
    pub article_groups: (usize, usize),
}

impl Store {
    /// The first `window` events that pass `filter`, in timeline order, as one corpus;
    /// `progress` is told the rows read so far and the events gathered after each page that
    /// has some. Once `stop` says so, no other page is read (the corpus has what was
    /// gathered; a reader that asked for another window drops it).
    pub fn gather(
        &self,
        filter: &Filter,
        undated: Undated,
        window: usize,
        progress: &mut dyn FnMut(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> Gathered {
        let mut gather = Gather::new();
        let (mut more, mut rows, mut stopped) = (false, 0usize, false);
        let gathered = std::cell::Cell::new(0usize);
        // Every page read counts, passing events or not (the gauge moves through a
        // selective scan).
        let mut page_read = |page_rows: usize| {
            rows += page_rows;
            progress(rows, gathered.get());
            stopped = stop();
            stopped
        };
        let scanned = self.scan_until(filter, undated, None, &mut page_read, |page, events| {
            let room = window.saturating_sub(gather.len());
            let take = room.min(events.len());
            gather.add(page, &events[..take]);
            gathered.set(gather.len());
            more = take < events.len();
            Ok(if more { Flow::Enough } else { Flow::More })
        });
        if stopped {
            // Nobody wants it: no articles read.
            let (scanned, error) = match scanned {
                Ok(scanned) => (scanned, None),
                Err(e) => (Scanned::default(), Some(e)),
            };
            let corpus = gather.finish(undated);
            return Gathered { corpus, scanned, more, error, articles_problem: None, article_groups: (0, 0) };
        }
        // The actors in the order the store lists them (as their source declared them), and
        // the articles with their titles, addresses and texts.
        let cast = &self.pages().catalog().0;
        gather.order_actors(|id| cast.actor_by_id(id).map(|a| a as usize));
        let ids: HashSet<&str> = gather.article_ids().collect();
        let articles = self.pages().articles(&ids);
        drop(ids);
        let (articles_problem, article_groups) = match articles {
            Ok((articles, groups)) => {
                for a in articles {
                    gather.complete_article(a);
                }
                (None, groups)
            }
            Err(e) => (Some(e), (0, 0)),
        };
        let corpus = gather.finish(undated);
        let (scanned, error) = match scanned {
            Ok(scanned) => (scanned, None),
            Err(e) => (Scanned::default(), Some(e)),
        };
        Gathered { corpus, scanned, more, error, articles_problem, article_groups }
    }
}
