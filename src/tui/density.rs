//! The density strip's data: how many events of the view fall in each slice of its dated
//! range, computed when the view changes (here or in the background), drawn at any width.

use crate::model::{Corpus, EventIx};

/// How many events fall in each slice of the view's dated range (for the density strip),
/// computed when the view changes, drawn at any width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Density {
    pub start: i64,
    pub end: i64,
    pub counts: Vec<u32>,
    pub first_label: String,
    pub last_label: String,
}

/// Slices of the density strip: enough for the widest screen.
const DENSITY_BUCKETS: usize = 1024;

impl Density {
    pub fn of(corpus: &Corpus, view: &[EventIx]) -> Density {
        // The earliest and latest starts bound the range (relations may put an event before
        // one that starts earlier, so neither need be the first or last dated row); only the
        // compact start times are read.
        let bounds = view.iter().filter_map(|&e| corpus.start_of(e).map(|s| (s, e))).fold(None, |b, x| match b {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        });
        let Some(((_, first_ix), (_, last_ix))) = bounds else { return Density::default() };
        let (Some(first), Some(last)) =
            (&corpus.events()[first_ix as usize].date, &corpus.events()[last_ix as usize].date)
        else {
            return Density::default();
        };
        let start = first.start;
        let end = last.start.max(start) + 1;
        let mut counts = vec![0u32; DENSITY_BUCKETS];
        let span = (end - start).max(1) as i128;
        for s in view.iter().filter_map(|&e| corpus.start_of(e)) {
            let bucket = ((s - start) as i128 * DENSITY_BUCKETS as i128 / span) as usize;
            counts[bucket.min(DENSITY_BUCKETS - 1)] += 1;
        }
        let label = |w: &crate::model::When| w.iso().split(['T', '/']).next().unwrap_or_default().to_string();
        Density { start, end, counts, first_label: label(first), last_label: label(last) }
    }

    /// The column of an instant on a strip `columns` wide.
    pub fn column(&self, instant: i64, columns: usize) -> usize {
        let span = (self.end - self.start).max(1) as i128;
        let offset = (instant.clamp(self.start, self.end - 1) - self.start) as i128;
        let bucket = (offset * DENSITY_BUCKETS as i128 / span) as usize;
        (bucket * columns / DENSITY_BUCKETS).min(columns.saturating_sub(1))
    }
}
