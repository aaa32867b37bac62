//! The timeline order, one rule for every view and export (docs/FORMAT.md, "Order"):
//!
//! 1. dated events first, by the start of their date's period, then by its end (a day
//!    comes before the month that holds it if both start together... the shorter first);
//! 2. between events whose periods overlap (a month and a day in it, the same day),
//!    relations: an event that responds to, retaliates for, revokes or follows another
//!    comes after it; a cause comes before its effect;
//! 3. then the article's publication (unknown last), then the article id;
//! 4. then the event's place in its article.
//!
//! An undated event is placed at its article's publication ("reported on", shown as such
//! and never as its date: [`Undated::AtReport`], the default), after the dated events of
//! that period; with [`Undated::WithArticle`], or when the article has no publication,
//! just after the article's latest dated event, else at the end. Undated events of one
//! place keep rules 2 to 4. The result does not depend on the order in which files were
//! loaded.

use super::{Article, Event, Open, RelationKind};

/// Where the timeline places an event without a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Undated {
    /// At its article's publication, shown as "reported on" that day (`--no-reported-on`
    /// turns it off).
    #[default]
    AtReport,
    /// Just after its article's latest dated event.
    WithArticle,
}
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The timeline order of `events`, as a permutation: `order[k]` is the index in `events`
/// of the k-th event of the timeline. Relation targets are indices into `events`.
pub fn order(events: &[Event], articles: &[Article], undated: Undated) -> Vec<usize> {
    // Articles ranked by id once, so that each event's key is a few numbers: sorting a
    // million compact keys touches far less memory than comparing events.
    let mut by_id: Vec<usize> = (0..articles.len()).collect();
    by_id.sort_unstable_by(|&a, &b| articles[a].id.cmp(&articles[b].id));
    let mut article_rank = vec![0u32; articles.len()];
    for (rank, &a) in by_id.iter().enumerate() {
        article_rank[a] = rank as u32;
    }
    // Where each article's undated events go: its latest dated event's period, else its
    // publication.
    let mut anchor: Vec<Option<(i64, i64)>> = vec![None; articles.len()];
    for e in events {
        if let Some(d) = e.date {
            let a = &mut anchor[e.article as usize];
            if a.is_none_or(|(start, end)| (d.start, d.end) > (start, end)) {
                *a = Some((d.start, d.end));
            }
        }
    }
    for (a, article) in anchor.iter_mut().zip(articles) {
        if a.is_none() {
            *a = article.published.map(|p| (p.start, p.end));
        }
    }
    // Where each event reads in time: its date, or its report (the publication it is
    // placed at), for the groups that relations order. Worked out when asked: a table of
    // them was 24 MB at the peak of a million events' load.
    let place = |i: usize| {
        let e = &events[i];
        let reported = articles[e.article as usize].published.filter(|_| undated == Undated::AtReport);
        e.date.or(reported).map(|d| (d.start, d.end))
    };
    let mut keys: Vec<(i64, i64, bool, i64, u32, u32, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (start, end) = match (e.date, place(i)) {
                // "after X" reaches as far as time goes: after everything that starts with it.
                (Some(d), _) if d.open == Open::After => (d.start, i64::MAX),
                (_, Some(placed)) => placed,
                (_, None) => anchor[e.article as usize].unwrap_or((i64::MAX, i64::MAX)),
            };
            let published = articles[e.article as usize].published.map_or(i64::MAX, |p| p.start);
            (start, end, e.date.is_none(), published, article_rank[e.article as usize], e.ordinal, i as u32)
        })
        .collect();
    // The index last: equal keys (an article merged from several files) keep load order.
    keys.sort_unstable();
    let sorted: Vec<usize> = keys.iter().map(|k| k.6 as usize).collect();
    drop(keys);
    let mut sorted = sorted;

    let mut rank = vec![0u32; events.len()];
    for (position, &e) in sorted.iter().enumerate() {
        rank[e] = position as u32;
    }
    let period = place;
    // Groups of events whose periods overlap one after another (a month and the days in
    // it; an event "before X" and the day that ends at X), and undated events of one place.
    let mut group_start = 0;
    while group_start < sorted.len() {
        let mut group_end = group_start + 1;
        match period(sorted[group_start]) {
            None => group_end += sorted[group_end..].iter().take_while(|&&e| period(e).is_none()).count(),
            Some((_, mut reach)) => {
                while let Some((start, end)) = sorted.get(group_end).and_then(|&e| period(e)) {
                    if start >= reach {
                        break;
                    }
                    reach = reach.max(end);
                    group_end += 1;
                }
            }
        }
        if group_end - group_start > 1 {
            order_by_relations(&mut sorted[group_start..group_end], group_start, events, &place, &rank);
        }
        group_start = group_end;
    }
    sorted
}

/// Reorder one group of events so that every relation between two events whose periods
/// overlap puts its "before" event first (for events apart in time, the dates decide),
/// keeping the existing order wherever relations allow (Kahn's algorithm taking the
/// earliest ready event). Events in a cycle keep their existing order.
fn order_by_relations(
    group: &mut [usize],
    offset: usize,
    events: &[Event],
    place: &dyn Fn(usize) -> Option<(i64, i64)>,
    rank: &[u32],
) {
    let n = group.len();
    let local = |event: usize| (rank[event] as usize).checked_sub(offset).filter(|&l| l < n);
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pending = vec![0usize; n];
    for (i, &e) in group.iter().enumerate() {
        for relation in &events[e].relations {
            let Some(j) = relation.target.and_then(|t| local(t as usize)) else { continue };
            let overlap = match (place(e), place(group[j])) {
                (Some(a), Some(b)) => a.0 < b.1 && b.0 < a.1,
                _ => true,
            };
            if !overlap {
                continue;
            }
            let (before, after) = match relation.kind {
                k if k.comes_after_target() => (j, i),
                RelationKind::Causes => (i, j),
                _ => continue,
            };
            if before != after {
                successors[before].push(after);
                pending[after] += 1;
            }
        }
    }
    if pending.iter().all(|&p| p == 0) {
        return;
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n).filter(|&i| pending[i] == 0).map(Reverse).collect();
    let mut placed = vec![false; n];
    let mut result = Vec::with_capacity(n);
    while result.len() < n {
        let next = match ready.pop() {
            Some(Reverse(i)) => i,
            // A cycle: release the earliest event still waiting.
            None => (0..n).find(|&i| !placed[i]).unwrap_or(0),
        };
        if placed[next] {
            continue;
        }
        placed[next] = true;
        result.push(group[next]);
        for &s in &successors[next] {
            pending[s] = pending[s].saturating_sub(1);
            if pending[s] == 0 && !placed[s] {
                ready.push(Reverse(s));
            }
        }
    }
    group.copy_from_slice(&result);
}
