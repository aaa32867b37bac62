//! The temporal closure of a document's links: the tightest calendar bounds its TLINKs
//! imply for each event.
//!
//! Every event and every calendar TIMEX3 is an interval with a start and an end point
//! (start ≤ end). A TIMEX3's points are fixed at its period's first and last instant; one
//! with a `mod` (START, MID, END: "the end of the year") has points somewhere in the
//! stretch that surely holds that part. Each link becomes constraints between points
//! (Allen's relations in the point algebra): `a BEFORE b` is a.end ≤ b.start, `a
//! IS_INCLUDED b` is b.start ≤ a.start and a.end ≤ b.end, `a SIMULTANEOUS b` equal starts
//! and ends, and so on. A point's lower bound flows forward along ≤ and its upper bound
//! backward, to a fixpoint (the values are the finitely many instants of the TIMEX3s and
//! only tighten, so it ends). An event's period is then the hull from the lower bound of
//! its start to the upper bound of its end: closed when both are known, `after X` or
//! `before X` when one is, none when neither is (an event that only INCLUDES a time has no
//! hull: it may have begun at any time before it).
//!
//! Links that cannot all hold (a lower bound above an upper bound) are taken one at a time,
//! links to times first, then between events, each in file order; a link that would make
//! the set inconsistent is set aside and reported with a smallest set of links that
//! conflict (no link of it can be left out and still conflict), so every event keeps the
//! answer of the largest consistent set found so.

use super::{Anchor, End, Link, Time};
use crate::model::{Open, Precision};
use conflicts::one_at_a_time;
use derivation::date_of;

mod conflicts;
mod derivation;

/// One side of a point's possible place: an instant, how finely it was written (for
/// display), and why it holds.
#[derive(Debug, Clone, Copy)]
struct Bound {
    at: i64,
    precision: Precision,
    offset: Option<i16>,
    why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// A TIMEX3's own point.
    Given,
    /// Carried along a constraint (an index into `Net::edges`).
    Edge(u32),
}

/// A year when `at` starts one and `precision` is a half (a bound at the end of 2012's
/// last half reads "before 2013", not "before 2013-H1").
fn year_or(at: i64, precision: Precision) -> Precision {
    use chrono::{Datelike, Timelike};
    let new_year = chrono::DateTime::from_timestamp(at, 0)
        .is_some_and(|t| t.month() == 1 && t.day() == 1 && t.num_seconds_from_midnight() == 0);
    if precision == Precision::Half && new_year { Precision::Year } else { precision }
}

/// `lo ≤ hi`, from a link (an index into the links) or from an interval's own start ≤ end.
#[derive(Debug, Clone, Copy)]
struct Edge {
    lo: u32,
    hi: u32,
    link: Option<u32>,
}

/// The points of `events` events and `times` times (event e: 2e and 2e + 1; time t after
/// the events), their bounds, and the constraints between them.
#[derive(Clone)]
struct Net {
    lower: Vec<Option<Bound>>,
    upper: Vec<Option<Bound>>,
    edges: Vec<Edge>,
    /// Edges by their `lo` point, and by their `hi` point.
    from_lo: Vec<Vec<u32>>,
    from_hi: Vec<Vec<u32>>,
    /// While links are tried one at a time: each bound changed (point, lower or upper, the
    /// bound before), so that a link set aside is undone in the time it took; and the first
    /// point whose bounds crossed.
    log: Option<Vec<(u32, bool, Option<Bound>)>>,
    crossed: Option<usize>,
}

/// A link's relation as constraints on the points (a.start, a.end, b.start, b.end):
/// each pair (x, y) says x ≤ y.
fn constraints(rel: &str) -> &'static [(usize, usize)] {
    const AS: usize = 0;
    const AE: usize = 1;
    const BS: usize = 2;
    const BE: usize = 3;
    match rel {
        "BEFORE" => &[(AE, BS)],
        "AFTER" => &[(BE, AS)],
        "IBEFORE" => &[(AE, BS), (BS, AE)],
        "IAFTER" => &[(BE, AS), (AS, BE)],
        "INCLUDES" | "DURING_INV" => &[(AS, BS), (BE, AE)],
        "IS_INCLUDED" | "DURING" => &[(BS, AS), (AE, BE)],
        "SIMULTANEOUS" | "IDENTITY" => &[(AS, BS), (BS, AS), (AE, BE), (BE, AE)],
        "BEGINS" => &[(AS, BS), (BS, AS), (AE, BE)],
        "BEGUN_BY" => &[(AS, BS), (BS, AS), (BE, AE)],
        "ENDS" => &[(AE, BE), (BE, AE), (BS, AS)],
        "ENDED_BY" => &[(AE, BE), (BE, AE), (AS, BS)],
        // The model's relations, looser than TimeML's: what follows (responds to, revokes...)
        // another starts no earlier than it; a cause starts no later than its effect.
        "follows" => &[(BS, AS)],
        "causes" => &[(AS, BS)],
        "part_of" => &[(BS, AS), (AE, BE)],
        "same_as" => &[(AS, BS), (BS, AS), (AE, BE), (BE, AE)],
        _ => &[],
    }
}

impl Net {
    fn new(events: usize, times: &[Time]) -> Self {
        let points = 2 * (events + times.len());
        let mut net = Net {
            lower: vec![None; points],
            upper: vec![None; points],
            edges: Vec::new(),
            from_lo: vec![Vec::new(); points],
            from_hi: vec![Vec::new(); points],
            log: None,
            crossed: None,
        };
        for interval in 0..events + times.len() {
            net.push(2 * interval, 2 * interval + 1, None);
        }
        for (t, time) in times.iter().enumerate() {
            let Some(when) = time.when else { continue };
            let (s, e) = (2 * (events + t), 2 * (events + t) + 1);
            let given = |at: i64, precision: Precision| {
                Some(Bound { at, precision, offset: when.offset_minutes, why: Why::Given })
            };
            match time.part {
                // Its points are somewhere in the stretch that holds the part.
                Some(p) => {
                    for point in [s, e] {
                        net.lower[point] = given(p.start, year_or(p.start, p.start_precision));
                        net.upper[point] = given(p.end, year_or(p.end, p.end_precision));
                    }
                }
                // `after X` (FUTURE_REF, a mod AFTER): both points after X, no further bound.
                None if when.open == Open::After => {
                    net.lower[s] = given(when.start, when.start_precision);
                    net.lower[e] = net.lower[s];
                }
                None if when.open == Open::Before => {
                    net.upper[e] = given(when.end, when.end_precision);
                    net.upper[s] = net.upper[e];
                }
                None => {
                    net.lower[s] = given(when.start, when.start_precision);
                    net.upper[s] = net.lower[s];
                    net.lower[e] = given(when.end, when.end_precision);
                    net.upper[e] = net.lower[e];
                }
            }
        }
        net
    }

    fn push(&mut self, lo: usize, hi: usize, link: Option<u32>) {
        let i = self.edges.len() as u32;
        self.edges.push(Edge { lo: lo as u32, hi: hi as u32, link });
        self.from_lo[lo].push(i);
        self.from_hi[hi].push(i);
    }

    /// The last edge added, taken out again.
    fn pop(&mut self) {
        if let Some(edge) = self.edges.pop() {
            self.from_lo[edge.lo as usize].pop();
            self.from_hi[edge.hi as usize].pop();
        }
    }

    /// Carry bounds along the edges from the points in `start` until nothing changes.
    fn propagate(&mut self, start: impl IntoIterator<Item = usize>) {
        let mut work: Vec<usize> = start.into_iter().collect();
        let mut queued = vec![false; self.lower.len()];
        for &p in &work {
            queued[p] = true;
        }
        while let Some(p) = work.pop() {
            queued[p] = false;
            let mut changed: Vec<usize> = Vec::new();
            if let Some(low) = self.lower[p] {
                for k in 0..self.from_lo[p].len() {
                    let i = self.from_lo[p][k];
                    let hi = self.edges[i as usize].hi as usize;
                    if self.tighten(hi, true, Bound { why: Why::Edge(i), ..low }) {
                        changed.push(hi);
                    }
                }
            }
            if let Some(up) = self.upper[p] {
                for k in 0..self.from_hi[p].len() {
                    let i = self.from_hi[p][k];
                    let lo = self.edges[i as usize].lo as usize;
                    if self.tighten(lo, false, Bound { why: Why::Edge(i), ..up }) {
                        changed.push(lo);
                    }
                }
            }
            for q in changed {
                if !queued[q] {
                    queued[q] = true;
                    work.push(q);
                }
            }
        }
    }

    /// The lower or upper bound of a point.
    fn bound(&self, point: usize, lower: bool) -> Option<Bound> {
        if lower { self.lower[point] } else { self.upper[point] }
    }

    /// Raise a point's lower bound (or lower its upper bound) to `bound` if that is
    /// tighter: logged while links are tried one at a time, and the point noted if its
    /// bounds cross. Whether it changed.
    fn tighten(&mut self, point: usize, lower: bool, bound: Bound) -> bool {
        let tighter = self.bound(point, lower).is_none_or(|b| if lower { bound.at > b.at } else { bound.at < b.at });
        if !tighter {
            return false;
        }
        let before = self.bound(point, lower);
        if let Some(log) = &mut self.log {
            log.push((point as u32, lower, before));
        }
        if lower {
            self.lower[point] = Some(bound);
        } else {
            self.upper[point] = Some(bound);
        }
        if matches!((self.lower[point], self.upper[point]), (Some(l), Some(u)) if l.at > u.at) {
            self.crossed.get_or_insert(point);
        }
        true
    }

    /// A point whose lower bound lies above its upper bound.
    fn contradiction(&self) -> Option<usize> {
        (0..self.lower.len()).find(|&p| matches!((self.lower[p], self.upper[p]), (Some(l), Some(u)) if l.at > u.at))
    }

    /// The links that carried the bounds of `point` here.
    fn reasons(&self, point: usize) -> Vec<u32> {
        let mut links = Vec::new();
        for lower in [true, false] {
            let mut p = point;
            for _ in 0..self.lower.len() {
                let Some(Bound { why: Why::Edge(i), .. }) = self.bound(p, lower) else { break };
                let edge = self.edges[i as usize];
                links.extend(edge.link);
                p = if lower { edge.lo as usize } else { edge.hi as usize };
            }
        }
        links.sort_unstable();
        links.dedup();
        links
    }
}

/// A link's ends as intervals: an event's index, or a time's after the events.
fn intervals(link: &Link, events: usize) -> (usize, usize) {
    let of = |end: End| match end {
        End::Event(e) => e,
        End::Time(t) => events + t,
    };
    (of(link.source), of(link.target))
}

fn add_link(net: &mut Net, links: &[Link], l: usize, events: usize) -> Vec<usize> {
    let (a, b) = intervals(&links[l], events);
    let points = [2 * a, 2 * a + 1, 2 * b, 2 * b + 1];
    let mut touched = Vec::new();
    for &(x, y) in constraints(&links[l].rel) {
        net.push(points[x], points[y], Some(l as u32));
        touched.push(points[x]);
        touched.push(points[y]);
    }
    touched
}

/// The dates the links give the events, and the links set aside: (byte offset, message).
pub(super) fn close(labels: &[String], times: &[Time], links: &[Link]) -> (Vec<Option<Anchor>>, Vec<(usize, String)>) {
    let n = labels.len();
    let mut net = Net::new(n, times);
    let base = net.clone();
    let mut touched: Vec<usize> = (0..net.lower.len()).collect();
    for l in 0..links.len() {
        touched.extend(add_link(&mut net, links, l, n));
    }
    net.propagate(touched);
    let mut conflicts = Vec::new();
    if net.contradiction().is_some() {
        net = one_at_a_time(base, labels, times, links, &mut conflicts);
    }
    let dates = (0..n).map(|e| date_of(&net, e, labels, times, links)).collect::<Vec<_>>();
    (dates, conflicts)
}
