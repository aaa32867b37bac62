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

    /// The strip of `days` (a day's first second, its dated events; ascending): a store's
    /// days, when the window shows part of them.
    pub fn of_days(days: &[(i64, u64)]) -> Density {
        let (Some(&(start, _)), Some(&(last, _))) = (days.first(), days.last()) else { return Density::default() };
        let end = last + 86_400;
        let mut counts = vec![0u32; DENSITY_BUCKETS];
        let span = (end - start).max(1) as i128;
        for &(day, n) in days {
            let bucket = ((day - start) as i128 * DENSITY_BUCKETS as i128 / span) as usize;
            let slot = &mut counts[bucket.min(DENSITY_BUCKETS - 1)];
            *slot = slot.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
        let label = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%d").to_string());
        Density {
            start,
            end,
            counts,
            first_label: label(start).unwrap_or_default(),
            last_label: label(last).unwrap_or_default(),
        }
    }

    /// The column of an instant on a strip `columns` wide.
    pub fn column(&self, instant: i64, columns: usize) -> usize {
        let span = (self.end - self.start).max(1) as i128;
        let offset = (instant.clamp(self.start, self.end - 1) - self.start) as i128;
        let bucket = (offset * DENSITY_BUCKETS as i128 / span) as usize;
        (bucket * columns / DENSITY_BUCKETS).min(columns.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stores_days_make_a_strip_from_its_first_day_to_its_last() {
        let d = Density::of_days(&[(0, 5), (86_400 * 9, 7)]);
        assert_eq!((d.start, d.end), (0, 86_400 * 10));
        assert_eq!((d.counts[0], d.counts[DENSITY_BUCKETS * 9 / 10]), (5, 7));
        assert_eq!(d.counts.iter().map(|&n| u64::from(n)).sum::<u64>(), 12);
        assert_eq!((d.first_label.as_str(), d.last_label.as_str()), ("1970-01-01", "1970-01-10"));
        assert_eq!(Density::of_days(&[]), Density::default());
    }
}
