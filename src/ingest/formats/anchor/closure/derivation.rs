//! What the bounds say of an event: its period (the hull from the lower bound of its
//! start to the upper bound of its end) and the words of the way each bound came.

use super::super::{Anchor, Link, Time, inverse};
use super::{Bound, Net, Why, intervals};
use crate::model::{Open, Precision, When};

/// The hull of event `e`'s bounds as a period, and the words that say where it came from.
pub(super) fn date_of(net: &Net, e: usize, labels: &[String], times: &[Time], links: &[Link]) -> Option<Anchor> {
    let n = labels.len();
    let when = hull(net, e, times)?;
    // The way a bound came, from the event back to a time: "as e4 (2013-03-22), which l4
    // IS_INCLUDED t3 'Friday' (2013-03-22)"; three steps at most, then "…".
    let side = |point: usize, lower: bool| -> Vec<String> {
        let (mut p, mut current) = (point, e);
        let mut steps: Vec<String> = Vec::new();
        for _ in 0..net.lower.len() {
            let Some(b) = net.bound(p, lower) else { break };
            let Why::Edge(i) = b.why else { break };
            let edge = net.edges[i as usize];
            p = if lower { edge.lo } else { edge.hi } as usize;
            let interval = p / 2;
            if interval == current {
                continue;
            }
            let Some(l) = edge.link else { break };
            let link = &links[l as usize];
            let rel = if intervals(link, n).0 == current { link.rel.as_str() } else { inverse(&link.rel) };
            if interval >= n {
                let t = &times[interval - n];
                let iso = t.when.map(|w| w.iso()).unwrap_or_default();
                // A relation of the model has no id of its own: "follows capitalwire/e1 (...)".
                let id = if link.id.is_empty() { String::new() } else { format!("{} ", link.id) };
                steps.push(format!("{id}{rel} {} ({iso})", t.label));
                break;
            }
            if steps.len() == 3 {
                steps.push("…".to_string());
                break;
            }
            let word = match rel {
                "AFTER" | "IAFTER" | "follows" | "caused_by" => "after",
                "BEFORE" | "IBEFORE" | "followed_by" | "causes" => "before",
                "SIMULTANEOUS" | "IDENTITY" | "same_as" => "as",
                "INCLUDES" | "DURING_INV" | "BEGUN_BY" | "ENDED_BY" | "holds" => "around",
                _ => "within",
            };
            let theirs = hull(net, interval, times).map(|w| w.iso()).unwrap_or_default();
            let is = if steps.is_empty() { "" } else { "is " };
            steps.push(format!("{is}{word} {} ({theirs})", labels[interval]));
            current = interval;
        }
        steps
    };
    let low = side(2 * e, true);
    let up = side(2 * e + 1, false);
    let from = match (low.is_empty(), up.is_empty()) {
        (true, true) => String::new(),
        (false, true) => low.join(", which "),
        (true, false) => up.join(", which "),
        // Both sides through one step ("as e5"): said once, then each way on.
        _ if low == up => low.join(", which "),
        _ if low[0] == up[0] => {
            format!("{}, which {}; {}", low[0], low[1..].join(", which "), up[1..].join(", which "))
        }
        _ => format!("{}; {}", low.join(", which "), up.join(", which ")),
    };
    Some(Anchor { when, from })
}

/// The period from the lower bound of an interval's start to the upper bound of its end:
/// a time's own period reads as written ("2013-W11"), else an interval, or a period open
/// on the side that has no bound.
pub(super) fn hull(net: &Net, interval: usize, times: &[Time]) -> Option<When> {
    let at = |b: Bound| When {
        start: b.at,
        end: b.at,
        start_precision: b.precision,
        end_precision: b.precision,
        interval: false,
        offset_minutes: b.offset,
        open: Open::Closed,
    };
    Some(match (net.lower[2 * interval], net.upper[2 * interval + 1]) {
        (None, None) => return None,
        (Some(l), None) => When::after(&at(l)),
        (None, Some(u)) => When::before(&at(u)),
        (Some(l), Some(u)) => {
            let named = times.iter().filter_map(|t| t.part.or(t.when)).find(|w| w.start == l.at && w.end == u.at);
            match named {
                Some(w) => When { open: Open::Closed, ..w },
                // Bounds that meet (after one day, before the next): the instant between.
                None if l.at == u.at => When {
                    end: l.at + 1,
                    start_precision: Precision::Second,
                    end_precision: Precision::Second,
                    ..at(l)
                },
                None => When::between(&at(l), &at(u)).unwrap_or_else(|| When::before(&at(u))),
            }
        }
    })
}
