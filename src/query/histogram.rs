//! Counts of a view per time bucket (the `h` panel, the lanes' ruler): the bucket unit
//! chosen from the span (hours to years) or zoomed, every bucket from the first event's to
//! the last's (empty ones too: a time axis has no gaps), each split by a class (status, or
//! an attribute such as GDELT's quad class), with the query words selecting it and the
//! position in the view of its first event.
//!
//! Buckets are periods as the one clock shows them: a time of day on the clock, a day or
//! coarser date as written (as the list and `[`/`]` read them, [`When::on`]).

use crate::model::{Clock, Corpus, EventIx, Status, When};
use chrono::{DateTime, Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// The length of a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Hour,
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
    Year,
}

/// The most buckets a histogram holds: a finer unit over a longer span is refused.
pub const MAX_BUCKETS: i64 = 20_000;

impl Unit {
    pub const ALL: [Unit; 5] = [Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year];

    pub fn name(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    pub fn finer(self) -> Option<Unit> {
        Unit::ALL.iter().rev().copied().find(|u| *u < self)
    }

    pub fn coarser(self) -> Option<Unit> {
        Unit::ALL.iter().copied().find(|u| *u > self)
    }

    /// The unit that shows a span of `seconds` in a screenful or so of buckets: the finest
    /// giving at most `rows` of them.
    pub fn for_span(seconds: i64, rows: i64) -> Unit {
        let length = |u: Unit| match u {
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
            Unit::Week => 7 * 86_400,
            Unit::Month => 30 * 86_400,
            Unit::Year => 365 * 86_400,
        };
        Unit::ALL.into_iter().find(|&u| seconds / length(u) < rows.max(1)).unwrap_or(Unit::Year)
    }

    /// The bucket number of a date: hours, days, Monday-weeks, months or years since 1970.
    pub fn key(self, w: &When, clock: Clock) -> i64 {
        let w = w.on(clock);
        match self {
            Unit::Hour => (w.start + i64::from(w.offset_minutes.unwrap_or(0)) * 60).div_euclid(3_600),
            Unit::Day => w.day_number(),
            // 1970-01-01 was a Thursday: Monday-weeks start 3 days before it.
            Unit::Week => (w.day_number() + 3).div_euclid(7),
            Unit::Month => w.month_number(),
            Unit::Year => w.month_number().div_euclid(12),
        }
    }

    /// (label, date words of the query language) of bucket `key`.
    pub fn describe(self, key: i64, clock: Clock) -> (String, String) {
        let day =
            |d: i64| NaiveDate::from_num_days_from_ce_opt((d + 719_163).clamp(1, 3_000_000) as i32).unwrap_or_default();
        match self {
            Unit::Hour => {
                let t = DateTime::from_timestamp(key * 3_600, 0).unwrap_or_default().naive_utc();
                let offset = match clock {
                    Clock::Utc => "Z".to_string(),
                    other => other.offset_at(key * 3_600).to_string_offset(),
                };
                let from = t.format("%Y-%m-%dT%H:00").to_string();
                let to = t.format("%Y-%m-%dT%H:59").to_string();
                (t.format("%Y-%m-%d %H:00").to_string(), format!("{from}{offset}..{to}{offset}"))
            }
            Unit::Day => (day(key).to_string(), day(key).to_string()),
            Unit::Week => {
                let monday = day(key * 7 - 3);
                let sunday = monday + Duration::days(6);
                let week = monday.iso_week();
                (format!("{:04}-W{:02}", week.year(), week.week()), format!("{monday}..{sunday}"))
            }
            Unit::Month => {
                let text = format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1);
                (text.clone(), text)
            }
            Unit::Year => (format!("{key:04}"), format!("{key:04}")),
        }
    }
}

/// An offset in minutes as a date writes it: `+03:00`.
trait OffsetText {
    fn to_string_offset(self) -> String;
}

impl OffsetText for i16 {
    fn to_string_offset(self) -> String {
        let sign = if self < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", self.unsigned_abs() / 60, self.unsigned_abs() % 60)
    }
}

/// What each bucket's events are told apart by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Split {
    None,
    Status,
    /// An importer's attribute, as the corpus spells it (`QuadClass`), `key` as the query
    /// language names it (`quad`).
    Attribute {
        key: String,
        name: String,
    },
}

impl Split {
    /// The splits worth offering for this corpus: none, status when some event is not
    /// actual, then GDELT's quad class when events have it.
    pub fn available(corpus: &Corpus) -> Vec<Split> {
        let mut out = vec![Split::None];
        if corpus.events_with_status(Status::Actual).len() < corpus.events().len() {
            out.push(Split::Status);
        }
        if let Some(name) = super::fields::attribute_named("quad", corpus.attribute_names()) {
            out.push(Split::Attribute { key: "quad".to_string(), name: name.to_string() });
        }
        out
    }

    pub fn name(&self) -> &str {
        match self {
            Split::None => "nothing",
            Split::Status => "status",
            Split::Attribute { key, .. } => key,
        }
    }
}

/// One bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBucket {
    pub key: i64,
    /// `2016-12-30`, `2016-W52`, `2016-12-30 10:00`.
    pub label: String,
    /// The query words selecting it: `date:2016-12-26..2017-01-01`.
    pub term: String,
    /// Events per class (in [`Histogram::classes`]' order).
    pub counts: Vec<usize>,
    /// Position in the view of its first event; None for an empty bucket.
    pub first: Option<usize>,
}

impl TimeBucket {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// A view counted per bucket of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    pub unit: Unit,
    pub split: Split,
    /// The classes' names (`actual`, `proposed`...; `1`..`4` for quad), in a fixed order.
    pub classes: Vec<String>,
    /// Every bucket from the first dated event's to the last's, in time order.
    pub buckets: Vec<TimeBucket>,
    /// Events of the view without a date (not in any bucket).
    pub undated: usize,
    /// The most events in one bucket.
    pub largest: usize,
}

/// The view's dated events' span in seconds (first start to last start), for choosing a unit.
pub fn dated_span(corpus: &Corpus, view: &[EventIx]) -> Option<i64> {
    let first = view.iter().find_map(|&e| corpus.start_of(e))?;
    let last = view.iter().rev().find_map(|&e| corpus.start_of(e))?;
    Some(last - first)
}

/// Count `view` per `unit` as `clock` shows it, split by `split`; Err with the number of
/// buckets when there would be more than [`MAX_BUCKETS`].
pub fn histogram(corpus: &Corpus, view: &[EventIx], unit: Unit, clock: Clock, split: &Split) -> Result<Histogram, i64> {
    let events = corpus.events();
    let mut classes: Vec<String> = match split {
        Split::None => vec!["events".to_string()],
        Split::Status => Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        Split::Attribute { .. } => Vec::new(),
    };
    // bucket key -> (counts per class, first position)
    let mut tally: BTreeMap<i64, (Vec<usize>, usize)> = BTreeMap::new();
    let mut undated = 0;
    for (position, &ix) in view.iter().enumerate() {
        let event = &events[ix as usize];
        let Some(date) = &event.date else {
            undated += 1;
            continue;
        };
        let class = match split {
            Split::None => 0,
            Split::Status => Status::ALL.iter().position(|s| *s == event.status).unwrap_or(0),
            Split::Attribute { name, .. } => {
                let value = event.attributes.iter().find(|(k, _)| *k == &**name).map_or("(none)", |(_, v)| v);
                match classes.iter().position(|c| c == value) {
                    Some(at) => at,
                    None => {
                        classes.push(value.to_string());
                        classes.len() - 1
                    }
                }
            }
        };
        let entry = tally.entry(unit.key(date, clock)).or_insert_with(|| (Vec::new(), position));
        if entry.0.len() <= class {
            entry.0.resize(class + 1, 0);
        }
        entry.0[class] += 1;
        entry.1 = entry.1.min(position);
    }
    let (Some(&first), Some(&last)) = (tally.keys().next(), tally.keys().next_back()) else {
        return Ok(Histogram { unit, split: split.clone(), classes, buckets: Vec::new(), undated, largest: 0 });
    };
    if last - first >= MAX_BUCKETS {
        return Err(last - first + 1);
    }
    // Classes of an attribute in their natural order (quad 1..4), counts following.
    let mut order: Vec<usize> = (0..classes.len()).collect();
    if matches!(split, Split::Attribute { .. }) {
        order.sort_by(|&a, &b| classes[a].cmp(&classes[b]));
    }
    let buckets: Vec<TimeBucket> = (first..=last)
        .map(|key| {
            let (label, words) = unit.describe(key, clock);
            let (counts, first) = match tally.get(&key) {
                Some((c, p)) => (order.iter().map(|&i| c.get(i).copied().unwrap_or(0)).collect(), Some(*p)),
                None => (vec![0; classes.len()], None),
            };
            TimeBucket { key, label, term: format!("date:{words}"), counts, first }
        })
        .collect();
    let classes = order.iter().map(|&i| classes[i].clone()).collect();
    let largest = buckets.iter().map(TimeBucket::total).max().unwrap_or(0);
    Ok(Histogram { unit, split: split.clone(), classes, buckets, undated, largest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> When {
        When::parse(s).unwrap()
    }

    #[test]
    fn units_number_their_buckets_and_name_them_in_query_words() {
        let date = w("2016-12-30T10:20Z");
        for (unit, label, term) in [
            (Unit::Hour, "2016-12-30 10:00", "2016-12-30T10:00Z..2016-12-30T10:59Z"),
            (Unit::Day, "2016-12-30", "2016-12-30"),
            (Unit::Week, "2016-W52", "2016-12-26..2017-01-01"),
            (Unit::Month, "2016-12", "2016-12"),
            (Unit::Year, "2016", "2016"),
        ] {
            let key = unit.key(&date, Clock::Utc);
            assert_eq!(unit.describe(key, Clock::Utc), (label.to_string(), term.to_string()), "{unit:?}");
        }
        // On a clock three hours ahead, 22:30 UTC is the next day's 01:00 hour.
        let late = w("2016-12-30T22:30Z");
        assert_eq!(
            Unit::Hour.describe(Unit::Hour.key(&late, Clock::Fixed(180)), Clock::Fixed(180)).0,
            "2016-12-31 01:00"
        );
    }

    #[test]
    fn the_unit_fits_the_span_and_zooms_both_ways() {
        assert_eq!(Unit::for_span(10 * 3_600, 20), Unit::Hour);
        assert_eq!(Unit::for_span(3 * 86_400, 20), Unit::Day);
        assert_eq!(Unit::for_span(60 * 86_400, 20), Unit::Week);
        assert_eq!(Unit::for_span(40 * 365 * 86_400, 20), Unit::Year);
        assert_eq!((Unit::Day.finer(), Unit::Day.coarser()), (Some(Unit::Hour), Some(Unit::Week)));
        assert_eq!((Unit::Hour.finer(), Unit::Year.coarser()), (None, None));
    }
}
