//! A scan: the events that pass a filter, read page by page in timeline order from the
//! store's parts (a reader thread or two building pages ahead of the filter), within what
//! the filter's dates and actors, and a window's bounds, let pass.

use super::{Flow, Narrowing, Page, READERS, Scanned, Span, Store, StoreError};
use crate::model::{Corpus, EventIx, Undated};
use crate::query::{Filter, PartCheck};

impl Store {
    /// The events that pass `filter`, page by page in timeline order: `each` is given a
    /// page and its passing events, and says whether to go on. The next page is read
    /// while `each` works on this one.
    pub fn scan(
        &self,
        filter: &Filter,
        undated: Undated,
        each: impl FnMut(&Corpus, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Scanned, StoreError> {
        self.scan_for(filter, undated, None, each)
    }

    /// [`Store::scan`], for a reader that wants `wanted` events at most (it still says when
    /// it has enough): the first page asked of a server is no larger, and pages are read on
    /// this thread as they are asked for, none ahead.
    pub fn scan_for(
        &self,
        filter: &Filter,
        undated: Undated,
        wanted: Option<usize>,
        each: impl FnMut(&Corpus, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Scanned, StoreError> {
        let mut each = each;
        self.scan_until(filter, undated, &Span { wanted, ..Span::default() }, &mut |_| false, |page, events| {
            each(&page.corpus, events)
        })
    }

    /// [`Store::scan_for`], telling `stop` the rows of every page read, passing events or
    /// not, before the filter runs on it: it says true when the reader no longer wants what
    /// it asked for, and the scan stops.
    pub(crate) fn scan_until(
        &self,
        filter: &Filter,
        undated: Undated,
        span: &Span,
        stop: &mut dyn FnMut(usize) -> bool,
        mut each: impl FnMut(&Page, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Scanned, StoreError> {
        // A GDELT table's actors listed first when the filter names one: every page then
        // looks names up among them all.
        if let Store::ClickHouse(table) = self {
            table.names_for(filter)?;
        }
        let source = self.pages();
        let catalog = source.catalog().names();
        // The date terms bound where passing events start, and actor terms name the actors
        // passing events name: compiled against the actors alone (words need a page; a
        // store listing no actors has an empty catalog).
        let whole = filter.compile_part(&source.catalog().0, catalog, &mut PartCheck::default());
        let whole = whole.map_err(StoreError::Filter)?;
        let (from, until) = whole.start_bounds();
        // The span's bounds within the filter's.
        let from = from.into_iter().chain(span.from).max();
        let until = until.into_iter().chain(span.until).min();
        if from.zip(until).is_some_and(|(f, u)| f >= u) {
            return Ok(Scanned { narrowed: true, complete: true, ..Scanned::default() });
        }
        let actors = catalog
            .zip(whole.required_actors())
            .map(|(cast, actors)| actors.iter().map(|&a| cast.actor(a).id.clone()).collect::<Vec<String>>());
        let narrowing = Narrowing {
            from,
            until,
            actors,
            wanted: span.wanted,
            from_row: span.from_row.clone(),
            before_row: span.before_row.clone(),
            filter: filter.clone(),
            articles: span.articles,
        };
        let wanted = span.wanted;
        let (parts, skipped) = source.parts(&narrowing);
        let narrowed = skipped > 0
            || narrowing.from_row.is_some()
            || narrowing.before_row.is_some()
            || parts.iter().any(|&p| source.leaves_rows(p, &narrowing));
        let mut scanned = Scanned { narrowed, groups_skipped: skipped, complete: true, ..Scanned::default() };
        // A page: the filter compiled and applied, the passing events handed on.
        let mut take = |page: Page, scanned: &mut Scanned| -> Result<Flow, StoreError> {
            if stop(page.corpus.events().len()) {
                scanned.complete = false;
                return Ok(Flow::Enough);
            }
            scanned.pages_read += 1;
            scanned.rows_read += page.corpus.events().len();
            let compiled =
                filter.compile_part(&page.corpus, catalog, &mut scanned.check).map_err(StoreError::Filter)?;
            let mut events = compiled.apply(&page.corpus);
            // The span's dates exactly (a page read for them may hold rows outside).
            if span.from.is_some() || span.until.is_some() {
                events.retain(|&e| {
                    page.corpus
                        .placed_at(e)
                        .is_some_and(|p| span.from.is_none_or(|f| p >= f) && span.until.is_none_or(|u| p < u))
                });
            }
            let flow = if events.is_empty() { Flow::More } else { each(&page, &events)? };
            scanned.complete &= flow == Flow::More;
            Ok(flow)
        };
        if wanted.is_some() {
            // A reader that wants few events reads on this thread, a page when it asks:
            // nothing is read ahead that it would then wait for.
            let mut failed = None;
            for &part in &parts {
                let go_on = source.read(part, &narrowing, undated, &mut |page| match page
                    .and_then(|page| take(page, &mut scanned))
                {
                    Ok(flow) => flow == Flow::More,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                if !go_on {
                    break;
                }
            }
            return Ok(noted_when_none_read(filter, source, scanned));
        }
        let readers = READERS.min(parts.len()).max(1);
        std::thread::scope(|scope| {
            // Reader `r` reads the parts `r`, `r + readers`...; each part's pages, then None.
            let mut arriving = Vec::with_capacity(readers);
            for r in 0..readers {
                let (pages, receiver) = std::sync::mpsc::sync_channel::<Option<Result<Page, StoreError>>>(1);
                arriving.push(receiver);
                let mine: Vec<usize> = parts.iter().copied().skip(r).step_by(readers).collect();
                let narrowing = &narrowing;
                scope.spawn(move || {
                    for part in mine {
                        // Stops once the receiver has gone (enough was read), or after an error.
                        let read = source.read(part, narrowing, undated, &mut |page| {
                            let failed = page.is_err();
                            pages.send(Some(page)).is_ok() && !failed
                        });
                        if !read || pages.send(None).is_err() {
                            return;
                        }
                    }
                });
            }
            // The parts in order, each from its reader.
            'parts: for k in 0..parts.len() {
                loop {
                    let page = match arriving[k % readers].recv() {
                        Ok(Some(page)) => page?,
                        Ok(None) => break,
                        // The reader is gone without ending its part: it panicked, which
                        // the scope's end passes on; nothing after the gap is listed.
                        Err(_) => break 'parts,
                    };
                    if take(page, &mut scanned)? == Flow::Enough {
                        break 'parts;
                    }
                }
            }
            // Readers still at work stop at their next page, its receiver gone.
            drop(arriving);
            Ok::<(), StoreError>(())
        })?;
        Ok(noted_when_none_read(filter, source, scanned))
    }
}

/// A scan that read no row, every row left out by what the filter's dates, actors and a
/// server decided: what each name would say of a store without it, as a note (`actor:putn`
/// finds no row of a table; nothing was read to tell a typo).
fn noted_when_none_read(filter: &Filter, source: &dyn super::Pages, mut scanned: Scanned) -> Scanned {
    if scanned.complete && scanned.narrowed && scanned.pages_read == 0 {
        let catalog = source.catalog();
        let none = super::Catalog::empty();
        let _ = filter.compile_part(&none.0, catalog.names(), &mut scanned.check);
    }
    scanned
}
