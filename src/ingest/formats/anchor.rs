//! Dating events from temporal links (TimeML and MEANTIME TLINKs).
//!
//! Every usable link, to a time or between events, goes into one temporal closure
//! ([`closure`]): each event gets the tightest period its links imply (a TIMEX3's period
//! when it lies within it, `before X`, `after X`, or between two bounds reached through
//! chains of events), with the words that say where it came from; links that cannot all
//! hold are reported with a smallest conflicting set and the rest keep their answer. Links
//! between two events also become relations: BEFORE/AFTER `follows` (which orders events
//! of one date), IDENTITY `same_as`, inclusion `part_of`.

use super::unmapped::Unmapped;

mod closure;

/// The temporal closure of `links` (relations written as TimeML's, or the model's own:
/// `follows`, `causes`, `part_of`, `same_as`) between `labels.len()` events and `times`:
/// each event's date and where it came from, and the links set aside as (byte offset,
/// message).
pub fn close(labels: &[String], times: &[Time], links: &[Link]) -> (Vec<Option<Anchor>>, Vec<(usize, String)>) {
    closure::close(labels, times, links)
}
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

    /// A TIMEX3 read from its `value` (normalized to `when`) and `mod`: a part of unknown
    /// place in its period, when the mod names one ("the end of the year") or the value
    /// leaves digits unknown (`2012-XX-XX`: some day of 2012, not the whole year), keeps
    /// the stretch that surely holds it.
    pub fn read(label: String, when: Option<When>, value: &str, modifier: Option<&str>) -> Self {
        let part = when.and_then(|w| {
            modifier
                .and_then(|m| part_of(&w, m))
                .or_else(|| value.get(4..).is_some_and(|rest| rest.contains('X')).then_some(w))
        });
        Time { label, when, part }
    }
}

/// The stretch of `when` that surely holds its part named by a TIMEX3 `mod`: the first
/// half for START (and EARLY), the last half for END (and LATE), the whole for MID; None
/// for other mods.
pub fn part_of(when: &When, modifier: &str) -> Option<When> {
    use crate::model::Precision;
    if when.start_precision == Precision::Year && !when.interval {
        // A year's halves as the calendar has them: 2012-H1, 2012-H2.
        let first = When::period(chrono::DateTime::from_timestamp(when.start, 0)?.naive_utc(), Precision::Half);
        let second = When::period(chrono::DateTime::from_timestamp(first.end, 0)?.naive_utc(), Precision::Half);
        return match modifier {
            "START" | "EARLY" => Some(When { offset_minutes: when.offset_minutes, ..first }),
            "END" | "LATE" => Some(When { offset_minutes: when.offset_minutes, ..second }),
            "MID" => Some(*when),
            _ => None,
        };
    }
    let half = ((when.end - when.start) / 2).div_euclid(86_400) * 86_400;
    let middle = when.start + half.max(0);
    let day = Precision::Day;
    match modifier {
        // Whole days that surely hold the half: up to the day the middle falls in, from it.
        "START" | "EARLY" => {
            let up_to = if middle == when.start + (when.end - when.start) / 2 { middle } else { middle + 86_400 };
            Some(When { end: up_to.min(when.end), end_precision: day, interval: true, ..*when })
        }
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
        "follows" => "followed_by",
        "followed_by" => "follows",
        "causes" => "caused_by",
        "caused_by" => "causes",
        "part_of" => "holds",
        "holds" => "part_of",
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
    let mut relations: Vec<EventRelation> = Vec::new();
    // The links the closure can use, their relation in capitals.
    let mut usable: Vec<Link> = Vec::new();
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
                if let Some(r) = event_relation(a, b, &rel, link.pos) {
                    relations.push(r);
                }
                usable.push(Link { rel, ..link.clone() });
            }
            (End::Event(_), End::Time(t)) | (End::Time(t), End::Event(_)) => {
                if times[t].when.is_none() {
                    unmapped.add(
                        "TLINK to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) gives no date",
                        "TLINKs to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) give no date",
                        link.pos,
                        &link.id,
                    );
                    continue;
                }
                usable.push(Link { rel, ..link.clone() });
            }
        }
    }
    let (dates, conflicts) = closure::close(labels, times, &usable);
    relations.sort_by_key(|r| (r.carrier, r.target, r.kind));
    relations.dedup_by_key(|r| (r.carrier, r.target, r.kind));
    Anchoring { dates, relations, conflicts }
}

fn event_relation(a: usize, b: usize, rel: &str, pos: usize) -> Option<EventRelation> {
    let (carrier, kind, target) = match rel {
        "SIMULTANEOUS" => return None,
        "IDENTITY" => (a, RelationKind::SameAs, b),
        _ if EARLIER.contains(&rel) => (b, RelationKind::Follows, a),
        _ if LATER.contains(&rel) => (a, RelationKind::Follows, b),
        _ if WITHIN.contains(&rel) => (a, RelationKind::PartOf, b),
        _ => (b, RelationKind::PartOf, a),
    };
    Some(EventRelation { carrier, kind, target, pos })
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
                Some("after 2012-H1".into()),
                Some("before 2012-H2".into()),
                Some("after 2011".into()),
                // Within the end of 2012: its last half.
                Some("2012-H2".into()),
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
        assert_eq!(
            a.dates[3].as_ref().unwrap().from,
            "after e0 (2013-03-21), which l0 IS_INCLUDED t0 (2013-03-21); before e4 (2013-03-25), which l1 IS_INCLUDED t1 (2013-03-25)"
        );
        assert_eq!(
            a.dates[2].as_ref().unwrap().from,
            "after e1 (after 2013-03-20), which is after e0 (2013-03-21), which l0 IS_INCLUDED t0 (2013-03-21)",
            "says how it was derived"
        );
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
        assert_eq!(
            a.dates[2].as_ref().unwrap().from,
            "as e1 (before 2013-03-22), which is as e0 (before 2013-03-22), which l1 BEFORE t0 (2013-03-22)"
        );
        assert_eq!(a.dates[0].as_ref().unwrap().from, "l1 BEFORE t0 (2013-03-22)");
        assert_eq!(
            a.relations,
            [
                EventRelation { carrier: 2, kind: RelationKind::SameAs, target: 1, pos: 0 },
                EventRelation { carrier: 3, kind: RelationKind::Follows, target: 0, pos: 0 },
            ]
        );
    }

    #[test]
    fn the_closure_meets_an_inclusion_with_a_bound_and_bounds_both_sides_through_events() {
        // "taken" IS_INCLUDED "this month" and BEFORE the document's day: March 1 to 20.
        // e1 comes after e0 (on the 21st) and before e2, which is before the 25th.
        let times = [time("t0", "2013-03"), time("t1", "2013-03-21"), time("t2", "2013-03-25")];
        let links = [
            link("l0", End::Event(0), "IS_INCLUDED", End::Time(0)),
            link("l1", End::Event(0), "BEFORE", End::Time(1)),
            link("l2", End::Event(3), "IS_INCLUDED", End::Time(1)),
            link("l3", End::Event(1), "AFTER", End::Event(3)),
            link("l4", End::Event(1), "BEFORE", End::Event(2)),
            link("l5", End::Event(2), "BEFORE", End::Time(2)),
        ];
        let a = anchor(&labels(4), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [
                Some("2013-03/2013-03-20".into()),
                Some("2013-03-21/2013-03-24".into()),
                // After e1, so after e3 too.
                Some("2013-03-21/2013-03-24".into()),
                Some("2013-03-21".into()),
            ]
        );
        assert_eq!(a.dates[0].as_ref().unwrap().from, "l0 IS_INCLUDED t0 (2013-03); l1 BEFORE t1 (2013-03-21)");
        assert_eq!(
            a.dates[1].as_ref().unwrap().from,
            "after e3 (2013-03-21), which l2 IS_INCLUDED t1 (2013-03-21); before e2 (2013-03-21/2013-03-24), which l5 BEFORE t2 (2013-03-25)"
        );
        assert!(a.conflicts.is_empty());
    }

    #[test]
    fn an_event_that_only_includes_a_time_has_no_hull() {
        // It may have begun at any time before the day and ended at any time after it.
        let times = [time("t0", "2013-03-22")];
        let links = [
            link("l0", End::Event(0), "INCLUDES", End::Time(0)),
            link("l1", End::Event(1), "BEGUN_BY", End::Time(0)),
            link("l2", End::Event(2), "ENDED_BY", End::Time(0)),
        ];
        let a = anchor(&labels(3), &times, &links, &mut Unmapped::default());
        assert_eq!(dates(&a), [None, Some("after 2013-03-21".into()), Some("before 2013-03-23".into())]);
    }

    #[test]
    fn links_that_cannot_all_hold_are_reported_with_a_smallest_set_and_the_rest_keep_their_answer() {
        // e0 is on the 21st, e1 on the 25th, e2 after e1: e0 after e2 cannot hold. l4 has
        // nothing to do with it and is not named.
        let times = [time("t0", "2013-03-21"), time("t1", "2013-03-25")];
        let links = [
            link("l0", End::Event(0), "IS_INCLUDED", End::Time(0)),
            link("l1", End::Event(1), "IS_INCLUDED", End::Time(1)),
            link("l2", End::Event(2), "AFTER", End::Event(1)),
            link("l3", End::Event(0), "AFTER", End::Event(2)),
            link("l4", End::Event(3), "BEFORE", End::Time(0)),
        ];
        let a = anchor(&labels(4), &times, &links, &mut Unmapped::default());
        assert_eq!(
            dates(&a),
            [
                Some("2013-03-21".into()),
                Some("2013-03-25".into()),
                Some("after 2013-03-24".into()),
                Some("before 2013-03-21".into()),
            ]
        );
        assert_eq!(a.conflicts.len(), 1);
        assert_eq!(
            a.conflicts[0].1,
            "TLINKs l0 (e0 IS_INCLUDED t0 (2013-03-21)), l1 (e1 IS_INCLUDED t1 (2013-03-25)), l2 (e2 AFTER e1), \
             l3 (e0 AFTER e2) cannot all hold; l3 is set aside"
        );
    }

    #[test]
    fn a_value_with_unknown_digits_and_an_open_time_bound_only_as_far_as_they_know() {
        // "The day before" (2012-XX-XX) is some day of 2012: what comes after it may still
        // lie in 2012. FUTURE_REF is after the document's day, with no end.
        let after_dct = When::after(&When::parse("1998-02-13").unwrap());
        let times = [
            Time::read("t0 'The day'".into(), When::parse("2012").ok(), "2012-XX-XX", None),
            Time::new("t1 'the future'".into(), Some(after_dct)),
        ];
        let links = [
            link("l0", End::Time(0), "BEFORE", End::Event(0)),
            link("l1", End::Event(1), "IS_INCLUDED", End::Time(0)),
            link("l2", End::Event(2), "IS_INCLUDED", End::Time(1)),
        ];
        let a = anchor(&labels(3), &times, &links, &mut Unmapped::default());
        assert_eq!(dates(&a), [Some("after 2011".into()), Some("2012".into()), Some("after 1998-02-13".into())]);
    }

    #[test]
    fn bounds_that_meet_are_the_instant_between() {
        let times = [time("t0", "2013-03-21"), time("t1", "2013-03-22")];
        let links =
            [link("l0", End::Event(0), "AFTER", End::Time(0)), link("l1", End::Event(0), "BEFORE", End::Time(1))];
        let a = anchor(&labels(1), &times, &links, &mut Unmapped::default());
        assert_eq!(dates(&a), [Some("2013-03-22T00:00:00".into())]);
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
    fn disjoint_periods_are_a_conflict_and_the_first_link_holds() {
        let times = [time("t1", "1998-08"), time("t2", "1997")];
        let links = [
            link("l1", End::Event(0), "IS_INCLUDED", End::Time(0)),
            link("l2", End::Event(0), "IS_INCLUDED", End::Time(1)),
        ];
        let a = anchor(&labels(1), &times, &links, &mut Unmapped::default());
        assert_eq!(dates(&a), [Some("1998-08".into())]);
        assert_eq!(
            a.conflicts[0].1,
            "TLINKs l1 (e0 IS_INCLUDED t1 (1998-08)), l2 (e0 IS_INCLUDED t2 (1997)) cannot all hold; l2 is set aside"
        );
    }
}
