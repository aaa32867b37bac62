//! A numeric attribute over time (the `T` panel; GDELT's Goldstein scale and tone): for
//! each bucket of time its mean, and its events counted per band of values (a bucket ×
//! band heat map, as lnav's spectrogram shows log values), with the query words selecting
//! a cell: the bucket's `date:` and the band's `ATTR:>=A ATTR:<B`.

use super::fields::ATTRIBUTE_ALIASES;
use super::histogram::{MAX_BUCKETS, Unit};
use crate::model::{Clock, Corpus, EventIx};
use std::collections::BTreeMap;

/// Bands of values the heat map has.
pub const BANDS: usize = 8;

/// The numeric attributes a corpus has, as (short name, attribute name): those of the
/// short names whose first value found reads as a number.
pub fn numeric_attributes(corpus: &Corpus) -> Vec<(String, String)> {
    const NUMERIC: &[&str] = &["goldstein", "tone", "mentions", "sources", "articles"];
    let names = corpus.attribute_names();
    ATTRIBUTE_ALIASES
        .iter()
        .filter(|(short, name)| NUMERIC.contains(short) && names.iter().any(|n| **n == **name))
        .filter(|(_, name)| {
            let first = corpus.events().iter().find_map(|e| value_of(e, name));
            first.is_some()
        })
        .map(|(short, name)| (short.to_string(), name.to_string()))
        .collect()
}

fn value_of(event: &crate::model::Event, name: &str) -> Option<f64> {
    event.attributes.get(name).and_then(|v| v.trim().parse::<f64>().ok()).filter(|x| x.is_finite())
}

/// One bucket of time.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneBucket {
    pub label: String,
    /// `date:...`
    pub term: String,
    /// Events with a value, and their mean.
    pub events: usize,
    pub mean: Option<f64>,
    /// Events per band, lowest band first.
    pub cells: Vec<usize>,
}

/// The chart of one attribute over a view.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneChart {
    /// The short name (`tone`), the query key of the band words.
    pub key: String,
    pub unit: Unit,
    /// The bands' lower bounds, lowest first, and the top band's upper bound.
    pub bounds: Vec<f64>,
    pub buckets: Vec<ToneBucket>,
    /// The most events in one cell.
    pub largest: usize,
}

impl ToneChart {
    /// The query words selecting the band: `tone:>=-2 tone:<0`; the top band includes its
    /// upper bound.
    pub fn band_term(&self, band: usize) -> String {
        let (lo, hi) = (self.bounds[band], self.bounds[band + 1]);
        let op = if band + 1 == self.bounds.len() - 1 { "<=" } else { "<" };
        format!("{k}:>={} {k}:{op}{}", number(lo), number(hi), k = self.key)
    }
}

/// A bound as the query language reads it: `-2.5`, `10`.
pub fn number(x: f64) -> String {
    let text = format!("{:.2}", x);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Band bounds from the view's lowest to highest value, rounded out to whole numbers;
/// each bound is the number its query words say (two decimals), so that a cell's words
/// select exactly the events counted in it.
fn bounds(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
    let step = (hi - lo) / BANDS as f64;
    let exact = |x: f64| number(x).parse::<f64>().unwrap_or(x);
    (0..=BANDS).map(|i| if i == BANDS { hi } else { exact(lo + step * i as f64) }).collect()
}

/// The attribute `name` (`key` as the query names it) of `view` per `unit`: mean and
/// bands. Err with the number of buckets when there would be too many.
pub fn tone_chart(
    corpus: &Corpus,
    view: &[EventIx],
    unit: Unit,
    clock: Clock,
    key: &str,
    name: &str,
) -> Result<ToneChart, i64> {
    let values: Vec<(i64, f64)> = view
        .iter()
        .filter_map(|&ix| {
            let event = corpus.event(ix);
            Some((unit.key(&event.date?, clock), value_of(event, name)?))
        })
        .collect();
    let empty = || ToneChart { key: key.to_string(), unit, bounds: bounds(0.0, 1.0), buckets: Vec::new(), largest: 0 };
    let (Some(first), Some(last)) = (values.iter().map(|v| v.0).min(), values.iter().map(|v| v.0).max()) else {
        return Ok(empty());
    };
    if last - first >= MAX_BUCKETS {
        return Err(last - first + 1);
    }
    let lo = values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let hi = values.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    let bounds = bounds(lo, hi);
    let band_of = |x: f64| bounds[1..BANDS].partition_point(|&b| b <= x);
    let mut tally: BTreeMap<i64, (f64, usize, Vec<usize>)> = BTreeMap::new();
    for (bucket, x) in values {
        let entry = tally.entry(bucket).or_insert_with(|| (0.0, 0, vec![0; BANDS]));
        entry.0 += x;
        entry.1 += 1;
        entry.2[band_of(x)] += 1;
    }
    let buckets: Vec<ToneBucket> = (first..=last)
        .map(|k| {
            let (label, words) = unit.describe(k, clock);
            let (sum, n, cells) = tally.remove(&k).unwrap_or((0.0, 0, vec![0; BANDS]));
            let mean = (n > 0).then(|| sum / n as f64);
            ToneBucket { label, term: format!("date:{words}"), events: n, mean, cells }
        })
        .collect();
    let largest = buckets.iter().flat_map(|b| b.cells.iter().copied()).max().unwrap_or(0);
    Ok(ToneChart { key: key.to_string(), unit, bounds, buckets, largest })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_values_and_their_words_do_not_overlap() {
        let b = bounds(-9.5, 7.2);
        assert_eq!((b[0], b[BANDS]), (-10.0, 8.0));
        let chart = ToneChart { key: "goldstein".into(), unit: Unit::Day, bounds: b, buckets: vec![], largest: 0 };
        assert_eq!(chart.band_term(0), "goldstein:>=-10 goldstein:<-7.75");
        assert_eq!(bounds(-10.0, 7.0)[1], -7.88, "-7.875 as its words say it");
        assert_eq!(chart.band_term(BANDS - 1), "goldstein:>=5.75 goldstein:<=8");
        assert_eq!(number(2.5), "2.5");
    }
}
