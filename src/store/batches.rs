//! The events that pass a filter in batches of whole pages, each with its articles' full
//! records (titles, authors, addresses, texts) where the store keeps them apart
//! (`articles.parquet`): what an export writes, a batch at a time, whatever the number of
//! events.

use super::{Flow, Scanned, Store, StoreError};
use crate::model::{Corpus, EventIx, Gather, Undated};
use crate::query::Filter;
use std::collections::HashSet;

impl Store {
    /// [`Store::scan`], the events handed to `each` in corpora of about `batch` events
    /// (whole pages: a batch ends at the page that fills it), in timeline order, with their
    /// articles completed.
    pub fn scan_batches(
        &self,
        filter: &Filter,
        undated: Undated,
        batch: usize,
        mut each: impl FnMut(&Corpus, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Scanned, StoreError> {
        let mut gather = Gather::new();
        let mut failed: Option<StoreError> = None;
        let mut hand_over = |gather: &mut Gather, failed: &mut Option<StoreError>| -> std::io::Result<Flow> {
            let mut full = std::mem::take(gather);
            let ids: HashSet<&str> = full.article_ids().collect();
            let articles = self.pages().articles(&ids);
            drop(ids);
            match articles {
                Ok((articles, _)) => articles.into_iter().for_each(|a| full.complete_article(a)),
                Err(e) => {
                    *failed = Some(e);
                    return Ok(Flow::Enough);
                }
            }
            let corpus = full.finish_as_written(undated);
            let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
            each(&corpus, &all)
        };
        let scanned = self.scan(filter, undated, |page, events| {
            gather.add(page, events);
            if gather.len() < batch.max(1) {
                return Ok(Flow::More);
            }
            hand_over(&mut gather, &mut failed)
        })?;
        if failed.is_none() && !gather.is_empty() {
            // The last batch: whatever `each` says, the scan is over.
            hand_over(&mut gather, &mut failed)?;
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(scanned),
        }
    }
}
