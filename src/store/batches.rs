//! The events that pass a filter in batches of whole pages, each with its articles' full
//! records (titles, authors, addresses, texts) where the store keeps them apart
//! (`articles.parquet`): what an export writes, a batch at a time, whatever the number of
//! events.

use super::{Flow, Scanned, Store, StoreError};
use crate::model::{Corpus, EventIx, Gather, Undated};
use crate::query::Filter;
use std::collections::HashSet;

/// What [`Store::scan_batches`] did: the scan, and why the articles' records could not be
/// read (the events are all there, their articles known only by what the rows carry of them: no texts).
#[derive(Debug, Default)]
pub struct Batched {
    pub scanned: Scanned,
    pub articles_problem: Option<StoreError>,
}

impl Store {
    /// [`Store::scan`], the events handed to `each` in corpora of about `batch` events
    /// (whole pages: a batch ends at the page that fills it), in timeline order, with their
    /// articles completed (when they cannot be read, the batches go on without). `stop`
    /// is asked before each page is read: once it says so, the scan ends there (a batch
    /// of a selective query may take the whole store to fill).
    pub fn scan_batches(
        &self,
        filter: &Filter,
        undated: Undated,
        batch: usize,
        stop: &dyn Fn() -> bool,
        mut each: impl FnMut(&Corpus, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Batched, StoreError> {
        let mut gather = Gather::new();
        // The articles of the batch to complete from the store's record of them.
        let mut partial: HashSet<String> = HashSet::new();
        let mut failed: Option<StoreError> = None;
        let mut hand_over = |gather: &mut Gather, partial: &mut HashSet<String>, failed: &mut Option<StoreError>| {
            let mut full = std::mem::take(gather);
            let partial = std::mem::take(partial);
            if failed.is_none() {
                let ids: HashSet<&str> = partial.iter().map(String::as_str).collect();
                let articles = self.pages().articles(&ids);
                drop(ids);
                match articles {
                    Ok((articles, _)) => articles.into_iter().for_each(|a| full.complete_article(a)),
                    Err(e) => *failed = Some(e),
                }
            }
            let corpus = full.finish_as_written(undated);
            let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
            each(&corpus, &all)
        };
        let mut enough = false;
        let span = super::Span::with_articles();
        let scanned = self.scan_until(filter, undated, &span, &mut |_| stop(), |page, events| {
            gather.add(&page.corpus, events);
            partial.extend(page.partial_articles(events).map(String::from));
            if gather.len() < batch.max(1) {
                return Ok(Flow::More);
            }
            let flow = hand_over(&mut gather, &mut partial, &mut failed)?;
            enough = flow == Flow::Enough;
            Ok(flow)
        })?;
        if !enough && !gather.is_empty() && !stop() {
            // The last batch: whatever `each` says, the scan is over.
            hand_over(&mut gather, &mut partial, &mut failed)?;
        }
        Ok(Batched { scanned, articles_problem: failed })
    }
}
