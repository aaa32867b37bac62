//! Links that cannot all hold: added one at a time (links to times first, then between
//! events, each in file order), a link that makes the set inconsistent set aside and undone
//! from the log of the bounds it changed, and reported with a smallest set of links that
//! conflict (each left out in turn: what still conflicts without it did not need it).

use super::super::{End, Link, Time};
use super::{Net, add_link};

/// Whether the `chosen` links can all hold: closed over the events and times they name
/// alone, so that a conflict in a large document is checked in the time of its few links.
fn consistent(times: &[Time], links: &[Link], chosen: &[u32]) -> bool {
    let mut events: Vec<usize> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    let mut small: Vec<Link> = Vec::new();
    let mut renumber = |end: End| match end {
        End::Event(e) => End::Event(events.iter().position(|&x| x == e).unwrap_or_else(|| {
            events.push(e);
            events.len() - 1
        })),
        End::Time(t) => End::Time(used.iter().position(|&x| x == t).unwrap_or_else(|| {
            used.push(t);
            used.len() - 1
        })),
    };
    for &l in chosen {
        let link = &links[l as usize];
        small.push(Link { source: renumber(link.source), target: renumber(link.target), ..link.clone() });
    }
    let own_times: Vec<Time> = used.iter().map(|&t| times[t].clone()).collect();
    let mut net = Net::new(events.len(), &own_times);
    for l in 0..small.len() {
        add_link(&mut net, &small, l, events.len());
    }
    let all: Vec<usize> = (0..net.lower.len()).collect();
    net.propagate(all);
    net.contradiction().is_none()
}

/// Links added one by one, links to times first; one that makes the set inconsistent is
/// set aside and reported with a smallest conflicting set.
pub(super) fn one_at_a_time(
    mut net: Net,
    labels: &[String],
    times: &[Time],
    links: &[Link],
    conflicts: &mut Vec<(usize, String)>,
) -> Net {
    let n = labels.len();
    let all: Vec<usize> = (0..net.lower.len()).collect();
    net.propagate(all);
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&l| matches!((links[l].source, links[l].target), (End::Event(_), End::Event(_))));
    let mut kept: Vec<u32> = Vec::new();
    for l in order {
        net.log = Some(Vec::new());
        net.crossed = None;
        let edges = net.edges.len();
        let touched = add_link(&mut net, links, l, n);
        net.propagate(touched);
        let Some(point) = net.crossed else {
            kept.push(l as u32);
            continue;
        };
        let mut set = net.reasons(point);
        if !set.contains(&(l as u32)) {
            set.push(l as u32);
        }
        // Leave out each link in turn: what still conflicts without it did not need it.
        let mut i = 0;
        while i < set.len() {
            if set[i] as usize != l {
                let without: Vec<u32> = set.iter().copied().filter(|&x| x != set[i]).collect();
                if !consistent(times, links, &without) {
                    set = without;
                    continue;
                }
            }
            i += 1;
        }
        conflicts.push((links[l].pos, conflict_message(&set, l, labels, times, links)));
        while net.edges.len() > edges {
            net.pop();
        }
        for (point, lower, before) in net.log.take().unwrap_or_default().into_iter().rev() {
            if lower {
                net.lower[point as usize] = before;
            } else {
                net.upper[point as usize] = before;
            }
        }
    }
    net.log = None;
    net
}

/// How a link reads: `l12 (e3 BEFORE t2 'Friday' 2013-03-22)`.
fn describe(link: &Link, labels: &[String], times: &[Time]) -> String {
    let name = |end: End| match end {
        End::Event(e) => labels[e].clone(),
        End::Time(t) => match times[t].when {
            Some(w) => format!("{} ({})", times[t].label, w.iso()),
            None => times[t].label.clone(),
        },
    };
    format!("{} ({} {} {})", link.id, name(link.source), link.rel, name(link.target))
}

fn conflict_message(set: &[u32], aside: usize, labels: &[String], times: &[Time], links: &[Link]) -> String {
    let listed: Vec<String> = set.iter().map(|&l| describe(&links[l as usize], labels, times)).collect();
    format!("TLINKs {} cannot all hold; {} is set aside", listed.join(", "), links[aside].id)
}
