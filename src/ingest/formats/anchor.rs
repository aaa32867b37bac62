//! Dating events from temporal links (TimeML and MEANTIME TLINKs).
//!
//! An event linked to a calendar time takes that time's period when it lies within it
//! (IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY, BEGINS, ENDS) or around it (INCLUDES,
//! DURING_INV, BEGUN_BY, ENDED_BY); BEFORE and AFTER bound it on one side ("before
//! 2013-03-22"), both together make an interval. An event without a link of its own takes
//! the date of the events it is SIMULTANEOUS with or IDENTICAL to. An event still undated
//! is then bounded through chains of event–event links ([`chained`]): after an event that
//! ended, before one that began, within one that holds it. Links between two events
//! become relations: BEFORE/AFTER `follows` (which orders events of one date), IDENTITY
//! `same_as`, inclusion `part_of`.

use super::unmapped::Unmapped;
use chained::chained;

mod chained;
use crate::model::{RelationKind, When};

/// One end of a temporal link: an event or a time, by index in the importer's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Event(usize),
    Time(usize),
}

/// A temporal link as written.
#[derive(Debug, Clone)]
pub struct Link {
    /// Its id in the file (`l12`, `244504`), quoted where a date came from.
    pub id: String,
    pub source: End,
    pub target: End,
    pub rel: String,
    /// Byte offset of the link, for diagnostics.
    pub pos: usize,
}

/// A time expression that links can point to.
#[derive(Debug, Clone)]
pub struct Time {
    /// How to name it: `t2 'the last week'`.
    pub label: String,
    /// Its period, or None for durations, sets and unknown dates.
    pub when: Option<When>,
    /// For a part of the period whose place in it is not known (TIMEX3 `mod` START, MID,
    /// END: "the end of the year"), the stretch that surely holds it (the last half):
    /// what comes before the part ends before that stretch ends, what comes after it
    /// starts after the stretch starts.
    pub part: Option<When>,
}

impl Time {
    pub fn new(label: String, when: Option<When>) -> Self {
        Time { label, when, part: None }
    }
}

/// The stretch of `when` that surely holds its part named by a TIMEX3 `mod`: the first
/// half for START (and EARLY), the last half for END (and LATE), the whole for MID; None
/// for other mods.
pub fn part_of(when: &When, modifier: &str) -> Option<When> {
    use crate::model::Precision;
    let half = if when.start_precision == Precision::Year && !when.interval {
        // A year's halves as the calendar has them.
        When::period(chrono::DateTime::from_timestamp(when.start, 0)?.naive_utc(), Precision::Half).end - when.start
    } else {
        ((when.end - when.start) / 2).div_euclid(86_400) * 86_400
    };
    let middle = when.start + half.max(0);
    let day = crate::model::Precision::Day;
    match modifier {
        "START" | "EARLY" => Some(When { end: middle, end_precision: day, interval: true, ..*when }),
        "END" | "LATE" => Some(When { start: middle, start_precision: day, interval: true, ..*when }),
        "MID" => Some(*when),
        _ => None,
    }
}

/// A date found for an event, and where it came from ("l12 IS_INCLUDED t2 'Friday'").
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub when: When,
    pub from: String,
    rank: u8,
    /// Byte offset of the link it came from.
    pos: usize,
}

/// A relation found between two events: `carrier` `kind` `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRelation {
    pub carrier: usize,
    pub kind: RelationKind,
    pub target: usize,
    pub pos: usize,
}

#[derive(Debug, Default)]
pub struct Anchoring {
    pub dates: Vec<Option<Anchor>>,
    pub relations: Vec<EventRelation>,
    /// Links that contradict each other: (byte offset, message).
    pub conflicts: Vec<(usize, String)>,
}

/// The same relation read from the other end.
fn inverse(rel: &str) -> &str {
    match rel {
        "BEFORE" => "AFTER",
        "AFTER" => "BEFORE",
        "IBEFORE" => "IAFTER",
        "IAFTER" => "IBEFORE",
        "INCLUDES" => "IS_INCLUDED",
        "IS_INCLUDED" => "INCLUDES",
        "DURING" => "DURING_INV",
        "DURING_INV" => "DURING",
        "BEGINS" => "BEGUN_BY",
        "BEGUN_BY" => "BEGINS",
        "ENDS" => "ENDED_BY",
        "ENDED_BY" => "ENDS",
        other => other,
    }
}

const WITHIN: &[&str] = &["IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY", "BEGINS", "ENDS"];
const AROUND: &[&str] = &["INCLUDES", "DURING_INV", "BEGUN_BY", "ENDED_BY"];
const EARLIER: &[&str] = &["BEFORE", "IBEFORE"];
const LATER: &[&str] = &["AFTER", "IAFTER"];

pub fn is_known(rel: &str) -> bool {
    [WITHIN, AROUND, EARLIER, LATER].iter().any(|set| set.contains(&rel))
}

/// Date the `events` (named by `labels`) from `links`; what cannot be used is counted in
/// `unmapped`.
pub fn anchor(labels: &[String], times: &[Time], links: &[Link], unmapped: &mut Unmapped) -> Anchoring {
    let n = labels.len();
    let mut within: Vec<Vec<Anchor>> = vec![Vec::new(); n];
    let mut around: Vec<Vec<Anchor>> = vec![Vec::new(); n];
    let mut earlier_than: Vec<Vec<Anchor>> = vec![Vec::new(); n];
    let mut later_than: Vec<Vec<Anchor>> = vec![Vec::new(); n];
    let mut same = UnionFind::new(n);
    let mut relations: Vec<EventRelation> = Vec::new();
    // Event–event links as (source, relation, target), for the chains.
    let mut between_events: Vec<(usize, String, usize)> = Vec::new();
    for link in links {
        let rel = link.rel.to_ascii_uppercase();
        if !is_known(&rel) {
            unmapped.add(
                "TLINK has a relation type annals does not know; it is ignored",
                "TLINKs have a relation type annals does not know; they are ignored",
                link.pos,
                &link.rel,
            );
            continue;
        }
        match (link.source, link.target) {
            (End::Time(_), End::Time(_)) => unmapped.add(
                "TLINK between two TIMEX3s is not mapped",
                "TLINKs between two TIMEX3s are not mapped",
                link.pos,
                &link.id,
            ),
            (End::Event(a), End::Event(b)) if a == b => unmapped.add(
                "TLINK links an event to itself; it is ignored",
                "TLINKs link an event to itself; they are ignored",
                link.pos,
                &link.id,
            ),
            (End::Event(a), End::Event(b)) => {
                event_relation(a, b, &rel, link.pos, &mut same, &mut relations);
                between_events.push((a, rel.clone(), b));
            }
            (End::Event(e), End::Time(t)) | (End::Time(t), End::Event(e)) => {
                let rel = if link.source == End::Event(e) { rel.as_str() } else { inverse(&rel) };
                let time = &times[t];
                let Some(when) = time.when else {
                    unmapped.add(
                        "TLINK to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) gives no date",
                        "TLINKs to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) give no date",
                        link.pos,
                        &link.id,
                    );
                    continue;
                };
                let from = format!("{} {rel} {} ({})", link.id, time.label, when.iso());
                let pos = link.pos;
                if WITHIN.contains(&rel) {
                    within[e].push(Anchor { when, from, rank: 0, pos });
                } else if AROUND.contains(&rel) {
                    around[e].push(Anchor { when, from, rank: 1, pos });
                } else if EARLIER.contains(&rel) {
                    // Before a part of unknown place: before the end of what holds it.
                    let when = time.part.map_or(when, |p| When { start: p.end, start_precision: p.end_precision, ..p });
                    earlier_than[e].push(Anchor { when, from, rank: 2, pos });
                } else {
                    // After it: after the start of what holds it.
                    let when = time.part.map_or(when, |p| When { end: p.start, end_precision: p.start_precision, ..p });
                    later_than[e].push(Anchor { when, from, rank: 2, pos });
                }
            }
        }
    }
    let mut conflicts = Vec::new();
    let own: Vec<Option<Anchor>> = (0..n)
        .map(|e| {
            narrowest(&within[e], &labels[e], &mut conflicts)
                .or_else(|| narrowest(&around[e], &labels[e], &mut conflicts))
                .or_else(|| bounded(&earlier_than[e], &later_than[e], &labels[e], &mut conflicts))
        })
        .collect();
    let dates = propagate(&own, labels, &mut same);
    let dates = chained(dates, labels, &between_events);
    relations.sort_by_key(|r| (r.carrier, r.target, r.kind));
    relations.dedup_by_key(|r| (r.carrier, r.target, r.kind));
    Anchoring { dates, relations, conflicts }
}

fn event_relation(a: usize, b: usize, rel: &str, pos: usize, same: &mut UnionFind, relations: &mut Vec<EventRelation>) {
    let (carrier, kind, target) = match rel {
        "SIMULTANEOUS" => {
            same.union(a, b);
            return;
        }
        "IDENTITY" => {
            same.union(a, b);
            (a, RelationKind::SameAs, b)
        }
        _ if EARLIER.contains(&rel) => (b, RelationKind::Follows, a),
        _ if LATER.contains(&rel) => (a, RelationKind::Follows, b),
        _ if WITHIN.contains(&rel) => (a, RelationKind::PartOf, b),
        _ => (b, RelationKind::PartOf, a),
    };
    relations.push(EventRelation { carrier, kind, target, pos });
}

/// The narrowest of the periods an event lies in (or around); periods that do not overlap
/// the chosen one are reported.
fn narrowest(candidates: &[Anchor], label: &str, conflicts: &mut Vec<(usize, String)>) -> Option<Anchor> {
    let best = candidates.iter().min_by_key(|a| (a.when.end - a.when.start, a.when.start))?;
    for other in candidates.iter().filter(|a| !a.when.overlaps(&best.when)) {
        conflicts.push((
            other.pos,
            format!(
                "TLINKs place {label} both in {} ({}) and in {} ({}); {} is used",
                best.when.iso(),
                best.from,
                other.when.iso(),
                other.from,
                best.when.iso()
            ),
        ));
    }
    Some(best.clone())
}

/// From BEFORE and AFTER links: an interval between the latest earlier time and the
/// earliest later one, or a period open on one side.
fn bounded(before: &[Anchor], after: &[Anchor], label: &str, conflicts: &mut Vec<(usize, String)>) -> Option<Anchor> {
    let upper = before.iter().min_by_key(|a| a.when.start);
    let lower = after.iter().max_by_key(|a| a.when.end);
    let anchor = |when: When, from: String, pos: usize| Some(Anchor { when, from, rank: 2, pos });
    match (lower, upper) {
        (None, None) => None,
        (None, Some(u)) => anchor(When::before(&u.when), u.from.clone(), u.pos),
        (Some(l), None) => anchor(When::after(&l.when), l.from.clone(), l.pos),
        (Some(l), Some(u)) => match When::between(&l.when, &u.when) {
            Some(w) => anchor(w, format!("{}; {}", l.from, u.from), u.pos),
            None => {
                conflicts.push((
                    l.pos,
                    format!(
                        "TLINKs place {label} after {} ({}) but before {} ({}); only the latter is used",
                        l.when.iso(),
                        l.from,
                        u.when.iso(),
                        u.from
                    ),
                ));
                anchor(When::before(&u.when), u.from.clone(), u.pos)
            }
        },
    }
}

/// Events SIMULTANEOUS with or IDENTICAL to each other share the best date any of them has.
fn propagate(own: &[Option<Anchor>], labels: &[String], same: &mut UnionFind) -> Vec<Option<Anchor>> {
    let n = own.len();
    let mut best: Vec<Option<usize>> = vec![None; n];
    for e in 0..n {
        let Some(a) = &own[e] else { continue };
        let root = same.find(e);
        let better = match best[root].and_then(|b| own[b].as_ref()) {
            None => true,
            Some(b) => (a.rank, a.when.end - a.when.start) < (b.rank, b.when.end - b.when.start),
        };
        if better {
            best[root] = Some(e);
        }
    }
    (0..n)
        .map(|e| {
            let source = best[same.find(e)]?;
            let shared = own[source].as_ref()?;
            let keep_own = match &own[e] {
                Some(mine) if mine.rank == 0 => !mine.when.contains(&shared.when),
                Some(mine) => mine.rank <= shared.rank,
                None => false,
            };
            if keep_own || source == e {
                return own[e].clone();
            }
            Some(Anchor {
                when: shared.when,
                from: format!("as {} ({})", labels[source], shared.from),
                rank: shared.rank,
                pos: shared.pos,
            })
        })
        .collect()
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self { parent: (0..n).collect() }
    }

    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut x = x;
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(label: &str, value: &str) -> Time {
        Time::new(label.to_string(), When::parse(value).ok())
    }

    fn link(id: &str, source: End, rel: &str, target: End) -> Link {
        Link { id: id.to_string(), source, target, rel: rel.to_string(), pos: 0 }
    }

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("e{i}")).collect()
    }

    fn dates(a: &Anchoring) -> Vec<Option<String>> {
        a.dates.iter().map(|d| d.as_ref().map(|a| a.when.iso())).collect()
    }

    #[test]
    fn inclusion_and_simultaneity_give_the_period() {
        let times = [time("t0", "2013-03-22"), time("t2", "2013-W11")];
        let links = [
            link("l1", End::Event(0), "IS_INCLUDED", End::Time(1)),
            link("l2", End::Time(0), "INCLUDES", End::Event(1)),
            link("l3", End::Event(2), "SIMULTANEOUS", End::Time(0)),
            link("l4", End::Event(3), "BEGINS", End::Time(1)),
        ];
        let a = anchor(&labels(4), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [Some("2013-W11".into()), Some("2013-03-22".into()), Some("2013-03-22".into()), Some("2013-W11".into())]
        );
        assert_eq!(a.dates[1].as_ref().unwrap().from, "l2 IS_INCLUDED t0 (2013-03-22)");
    }

    #[test]
    fn before_and_after_open_the_period_and_together_close_it() {
        let times = [time("t0", "2013-03-22"), time("t2", "2013-W11")];
        let links = [
            link("l1", End::Event(0), "BEFORE", End::Time(0)),
            link("l2", End::Event(1), "AFTER", End::Time(1)),
            link("l3", End::Event(2), "BEFORE", End::Time(0)),
            link("l4", End::Time(1), "BEFORE", End::Event(2)),
        ];
        let a = anchor(&labels(3), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [Some("before 2013-03-22".into()), Some("after 2013-W11".into()), Some("2013-W12/2013-03-21".into())]
        );
    }

    #[test]
    fn a_part_of_a_period_bounds_by_the_half_that_holds_it() {
        // "peaked by the end of the year": before the end of 2012, not before 2012.
        let part = |label: &str, value: &str, modifier: &str| {
            let when = When::parse(value).ok();
            let part = when.as_ref().and_then(|w| part_of(w, modifier));
            Time { label: label.to_string(), when, part }
        };
        let times = [part("t0", "2012", "END"), part("t1", "2012", "START"), part("t2", "2012-12", "END")];
        let links = [
            link("l0", End::Event(0), "BEFORE", End::Time(0)),
            link("l1", End::Event(1), "AFTER", End::Time(0)),
            link("l2", End::Event(2), "BEFORE", End::Time(1)),
            link("l3", End::Event(3), "AFTER", End::Time(1)),
            link("l4", End::Event(4), "IS_INCLUDED", End::Time(0)),
            link("l5", End::Event(5), "AFTER", End::Time(2)),
        ];
        let a = anchor(&labels(6), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [
                Some("before 2013".into()),
                Some("after 2012-06-30".into()),
                Some("before 2012-07-01".into()),
                Some("after 2011".into()),
                Some("2012".into()),
                Some("after 2012-12-15".into()),
            ]
        );
    }

    #[test]
    fn chains_of_event_links_bound_the_events_no_timex_dates() {
        // e0 on 2013-03-21, e4 on 2013-03-25; e1 after e0; e2 after e1 (so after e0 too);
        // e3 after e0 and before e4; e5 within e4; e6 within e1 (which started after
        // e0); e7 before e6 bounds nothing (e6's start is open); e8 links to nothing dated.
        let times = [time("t0", "2013-03-21"), time("t1", "2013-03-25")];
        let links = [
            link("l0", End::Event(0), "IS_INCLUDED", End::Time(0)),
            link("l1", End::Event(4), "IS_INCLUDED", End::Time(1)),
            link("l2", End::Event(1), "AFTER", End::Event(0)),
            link("l3", End::Event(1), "BEFORE", End::Event(2)),
            link("l4", End::Event(3), "AFTER", End::Event(0)),
            link("l5", End::Event(4), "AFTER", End::Event(3)),
            link("l6", End::Event(5), "DURING", End::Event(4)),
            link("l7", End::Event(6), "IS_INCLUDED", End::Event(1)),
            link("l8", End::Event(7), "BEFORE", End::Event(6)),
            link("l9", End::Event(8), "AFTER", End::Event(7)),
        ];
        let a = anchor(&labels(9), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            // An event of a day may lie anywhere in it: what comes after it starts on that
            // day or later ("after 2013-03-20"), what comes before ends on its day or earlier.
            [
                Some("2013-03-21".into()),
                Some("after 2013-03-20".into()),
                Some("after 2013-03-20".into()),
                Some("2013-03-21/2013-03-25".into()),
                Some("2013-03-25".into()),
                Some("2013-03-25".into()),
                Some("after 2013-03-20".into()),
                None,
                None,
            ]
        );
        assert_eq!(a.dates[3].as_ref().unwrap().from, "after e0 (2013-03-21); before e4 (2013-03-25)");
        assert_eq!(a.dates[2].as_ref().unwrap().from, "after e1 (after 2013-03-20)", "says how it was derived");
    }

    #[test]
    fn dates_propagate_through_simultaneous_and_identity() {
        let times = [time("t0", "2013-03-22")];
        let links = [
            link("l1", End::Event(0), "BEFORE", End::Time(0)),
            link("l2", End::Event(1), "SIMULTANEOUS", End::Event(0)),
            link("l3", End::Event(2), "IDENTITY", End::Event(1)),
            link("l4", End::Event(0), "BEFORE", End::Event(3)),
        ];
        let a = anchor(&labels(4), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [
                Some("before 2013-03-22".into()),
                Some("before 2013-03-22".into()),
                Some("before 2013-03-22".into()),
                None
            ]
        );
        assert_eq!(a.dates[2].as_ref().unwrap().from, "as e0 (l1 BEFORE t0 (2013-03-22))");
        assert_eq!(
            a.relations,
            [
                EventRelation { carrier: 2, kind: RelationKind::SameAs, target: 1, pos: 0 },
                EventRelation { carrier: 3, kind: RelationKind::Follows, target: 0, pos: 0 },
            ]
        );
    }

    #[test]
    fn unusable_links_are_counted() {
        let times = [time("t0", "2013-03-22"), time("t1", "P1M")];
        let links = [
            link("l1", End::Time(0), "BEFORE", End::Time(1)),
            link("l2", End::Event(0), "IS_INCLUDED", End::Time(1)),
            link("l3", End::Event(0), "BEFORE", End::Event(0)),
            link("l4", End::Event(0), "OVERLAPS", End::Event(1)),
        ];
        let mut unmapped = Unmapped::default();
        let a = anchor(&labels(2), &times, &links, &mut unmapped);
        assert_eq!(dates(&a), [None, None]);
        let messages: Vec<String> =
            unmapped.diagnostics("f.tml", |_| (1, 1)).iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "1 TLINK between two TIMEX3s is not mapped (l1; the first here)",
                "1 TLINK to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) gives no date (l2; the first here)",
                "1 TLINK links an event to itself; it is ignored (l3; the first here)",
                "1 TLINK has a relation type annals does not know; it is ignored (OVERLAPS; the first here)",
            ]
        );
    }

    #[test]
    fn disjoint_periods_are_a_conflict_and_the_narrower_wins() {
        let times = [time("t1", "1998-08"), time("t2", "1997")];
        let links = [
            link("l1", End::Event(0), "IS_INCLUDED", End::Time(0)),
            link("l2", End::Event(0), "IS_INCLUDED", End::Time(1)),
        ];
        let a = anchor(&labels(1), &times, &links, &mut Unmapped::default());
        assert_eq!(dates(&a), [Some("1998-08".into())]);
        assert_eq!(
            a.conflicts[0].1,
            "TLINKs place e0 both in 1998-08 (l1 IS_INCLUDED t1 (1998-08)) and in 1997 (l2 IS_INCLUDED t2 (1997)); 1998-08 is used"
        );
    }
}
