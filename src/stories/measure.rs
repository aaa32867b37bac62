//! A clustering scored against an expected one, as the coreference literature scores
//! them: pairwise precision and recall (over the pairs of reports put together), and
//! B-cubed (Bagga and Baldwin, 1998: for each report, how much of its found story is in
//! its expected story and the other way round, averaged over reports).

use std::collections::HashMap;

/// Precision, recall and F1 of one measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
}

impl Score {
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision, self.recall);
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Both measures of a found clustering against an expected one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub pairwise: Score,
    pub bcubed: Score,
    /// Pairs put together by both, by the found clustering only, by the expected only.
    pub pairs: (u64, u64, u64),
}

impl std::fmt::Display for Scores {
    /// `pairwise P 0.879 R 0.716 F1 0.789; B-cubed P 0.947 R 0.888 F1 0.916; pairs both/found only/expected only (58, 8, 23)`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, b) = (&self.pairwise, &self.bcubed);
        write!(
            f,
            "pairwise P {:.3} R {:.3} F1 {:.3}; B-cubed P {:.3} R {:.3} F1 {:.3}; pairs both/found only/expected only {:?}",
            p.precision,
            p.recall,
            p.f1(),
            b.precision,
            b.recall,
            b.f1(),
            self.pairs
        )
    }
}

/// Score `found` against `expected`: each maps every item to its cluster's label; the
/// items scored are those of `expected` (an item `found` lacks is alone).
pub fn score<K: std::hash::Hash + Eq, L: std::hash::Hash + Eq + Clone>(
    found: &HashMap<K, L>,
    expected: &HashMap<K, L>,
) -> Scores {
    // Items by (expected, found) cluster: the contingency table.
    let mut cells: HashMap<(&L, Option<&L>), u64> = HashMap::new();
    let mut expected_size: HashMap<&L, u64> = HashMap::new();
    let mut found_size: HashMap<Option<&L>, u64> = HashMap::new();
    let mut alone = 0u64;
    for (item, e) in expected {
        let f = found.get(item);
        *expected_size.entry(e).or_default() += 1;
        if f.is_none() {
            alone += 1;
            continue;
        }
        *cells.entry((e, f)).or_default() += 1;
        *found_size.entry(f).or_default() += 1;
    }
    let items = expected.len() as f64;
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let both: u64 = cells.values().map(|&n| pairs(n)).sum();
    let found_pairs: u64 = found_size.values().map(|&n| pairs(n)).sum();
    let expected_pairs: u64 = expected_size.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let pairwise = Score { precision: ratio(both, found_pairs), recall: ratio(both, expected_pairs) };
    // B-cubed: each item in cell (e, f) scores n/|f| for precision and n/|e| for recall,
    // and there are n of them; an item alone scores 1 and 1/|e|.
    let (mut precision, mut recall) = (alone as f64, 0.0);
    for ((e, f), &n) in &cells {
        precision += (n * n) as f64 / found_size[f] as f64;
        recall += (n * n) as f64 / expected_size[e] as f64;
    }
    for (item, e) in expected {
        if !found.contains_key(item) {
            recall += 1.0 / expected_size[e] as f64;
        }
    }
    let bcubed = if items == 0.0 {
        Score { precision: 1.0, recall: 1.0 }
    } else {
        Score { precision: precision / items, recall: recall / items }
    };
    Scores { pairwise, bcubed, pairs: (both, found_pairs - both, expected_pairs - both) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(groups: &[&[u32]]) -> HashMap<u32, usize> {
        groups.iter().enumerate().flat_map(|(i, g)| g.iter().map(move |&x| (x, i))).collect()
    }

    #[test]
    fn the_same_clustering_scores_one() {
        let c = map(&[&[1, 2, 3], &[4], &[5, 6]]);
        let s = score(&c, &c);
        assert_eq!((s.pairwise.f1(), s.bcubed.f1()), (1.0, 1.0));
        assert_eq!(s.pairs, (4, 0, 0));
    }

    #[test]
    fn bagga_and_baldwins_example_scores_as_they_give_it() {
        // Expected {1..5}, {6,7}, {8..12}; found {1..5}, {6,7,8..12}: their figure 4 case,
        // precision (5 + 2*2/7 + 5*5/7)/12 = 0.76..., recall 1.
        let expected = map(&[&[1, 2, 3, 4, 5], &[6, 7], &[8, 9, 10, 11, 12]]);
        let found = map(&[&[1, 2, 3, 4, 5], &[6, 7, 8, 9, 10, 11, 12]]);
        let s = score(&found, &expected);
        assert!((s.bcubed.precision - (5.0 + 4.0 / 7.0 + 25.0 / 7.0) / 12.0).abs() < 1e-12);
        assert_eq!(s.bcubed.recall, 1.0);
        assert_eq!(s.pairs, (10 + 1 + 10, 10, 0));
        assert!((s.pairwise.precision - 21.0 / 31.0).abs() < 1e-12);
    }

    #[test]
    fn every_item_alone_has_full_precision_and_recall_by_singletons() {
        let expected = map(&[&[1, 2], &[3], &[4]]);
        let found = map(&[&[1], &[2], &[3], &[4]]);
        let s = score(&found, &expected);
        assert_eq!(s.bcubed.precision, 1.0);
        assert!((s.bcubed.recall - (0.5 + 0.5 + 1.0 + 1.0) / 4.0).abs() < 1e-12);
        assert_eq!(s.pairwise.recall, 0.0);
        assert_eq!(s.pairwise.precision, 1.0);
    }
}
