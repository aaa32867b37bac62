//! Dates through chains of event–event links, for the events that TIMEX3 links leave
//! undated.

use super::{Anchor, inverse};
use crate::model::When;

/// Dates for the events still undated, through event–event links, until nothing changes:
/// AFTER an event of a period starts no earlier than that period (the event may lie
/// anywhere in it), or after the time the event started after; BEFORE one ends no later
/// than its period ends, or before the time it ended before; within (IS_INCLUDED, DURING)
/// one with a period lies in it. Both sides known make an interval.
/// A date found so is a bound, not a time: it says what it comes from ("after 'arrived'
/// (2013-03-21)"), and it never replaces a date a TIMEX3 gave.
pub(super) fn chained(
    mut dates: Vec<Option<Anchor>>,
    labels: &[String],
    links: &[(usize, String, usize)],
) -> Vec<Option<Anchor>> {
    use crate::model::Open;
    // Each link read from both ends: (event, relation, other).
    let mut from: Vec<Vec<(&str, usize)>> = vec![Vec::new(); dates.len()];
    for (a, rel, b) in links {
        from[*a].push((rel.as_str(), *b));
        from[*b].push((inverse(rel), *a));
    }
    let given: Vec<bool> = dates.iter().map(Option::is_some).collect();
    // A worklist: an event is looked at again when a neighbour's date changed. Dates only
    // tighten, so it ends; a budget of steps keeps a pathological file linear anyway.
    let mut queued: Vec<bool> = (0..dates.len()).map(|x| !given[x] && !from[x].is_empty()).collect();
    let mut work: std::collections::VecDeque<usize> = (0..dates.len()).filter(|&x| queued[x]).collect();
    let mut budget = 16 * links.len() + dates.len();
    while let Some(x) = work.pop_front() {
        queued[x] = false;
        if budget == 0 {
            break;
        }
        budget -= 1;
        // Each bound with the words that say where it came from.
        let mut lower: Option<(When, String)> = None;
        let mut upper: Option<(When, String)> = None;
        let mut inside: Option<(When, String)> = None;
        for &(rel, y) in &from[x] {
            let Some(other) = &dates[y] else { continue };
            let w = other.when;
            let why = |how: &str| format!("{how} {} ({})", labels[y], w.iso());
            // What y's date says of x: a time x starts after (its end is the instant),
            // a time x ends before (its start is the instant), a period x lies in.
            let (after, before, within) = match (rel, w.open) {
                // y lies somewhere in its period: x, after it, starts no earlier than
                // the period does; x, before it, ends no later than the period does.
                ("AFTER" | "IAFTER", Open::Closed) => {
                    (Some(When { end: w.start, end_precision: w.start_precision, ..w }), None, None)
                }
                // y started after some time: so did x, which started after y.
                ("AFTER" | "IAFTER", Open::After) => {
                    (Some(When { end: w.start, end_precision: w.start_precision, ..w }), None, None)
                }
                ("BEFORE" | "IBEFORE", Open::Closed) => {
                    (None, Some(When { start: w.end, start_precision: w.end_precision, ..w }), None)
                }
                // y ended before some time: so did x, which ended before y.
                ("BEFORE" | "IBEFORE", Open::Before) => {
                    (None, Some(When { start: w.end, start_precision: w.end_precision, ..w }), None)
                }
                ("IS_INCLUDED" | "DURING", Open::Closed) => (None, None, Some(w)),
                ("IS_INCLUDED" | "DURING", Open::After) => {
                    (Some(When { end: w.start, end_precision: w.start_precision, ..w }), None, None)
                }
                ("IS_INCLUDED" | "DURING", Open::Before) => {
                    (None, Some(When { start: w.end, start_precision: w.end_precision, ..w }), None)
                }
                _ => (None, None, None),
            };
            if let Some(b) = after.filter(|b| lower.as_ref().is_none_or(|(l, _)| b.end > l.end)) {
                lower = Some((b, why("after")));
            }
            if let Some(b) = before.filter(|b| upper.as_ref().is_none_or(|(u, _)| b.start < u.start)) {
                upper = Some((b, why("before")));
            }
            if let Some(b) = within.filter(|b| inside.as_ref().is_none_or(|(i, _)| b.end - b.start < i.end - i.start)) {
                inside = Some((b, why("within")));
            }
        }
        let found = match (inside, lower, upper) {
            (Some((w, from)), _, _) => Some((w, from)),
            (None, Some((l, lf)), Some((u, uf))) => {
                When::between(&l, &u).map(|w| (w, format!("{lf}; {uf}"))).or(Some((When::before(&u), uf)))
            }
            (None, Some((l, lf)), None) => Some((When::after(&l), lf)),
            (None, None, Some((u, uf))) => Some((When::before(&u), uf)),
            (None, None, None) => None,
        };
        if let Some((when, why)) = found
            && dates[x].as_ref().is_none_or(|d| d.when != when)
        {
            dates[x] = Some(Anchor { when, from: why, rank: 3, pos: 0 });
            for &(_, y) in &from[x] {
                if !given[y] && !queued[y] {
                    queued[y] = true;
                    work.push_back(y);
                }
            }
        }
    }
    dates
}
