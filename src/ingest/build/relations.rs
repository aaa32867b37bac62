//! Relation targets: found among the events merged so far, or deferred until every file
//! is in; and relations checked against their events' dates.

use super::Builder;
use super::INDEXED_FROM;
use crate::diagnostic::Diagnostic;
use crate::ingest::raw::RawRelation;
use crate::model::{EventIx, Loc, Relation, RelationKind};
use std::collections::HashMap;

impl Builder {
    /// Keep `find_event` quick for an article of many events (a TimeML document of
    /// thousands): `event`, with id `id`, is joining `article`.
    pub(super) fn index_event(&mut self, article: usize, event: EventIx, id: &str) {
        let known = &self.article_events[article];
        if let Some(index) = self.event_index.get_mut(&(article as u32)) {
            index.insert(id.into(), event);
        } else if known.len() >= INDEXED_FROM {
            let mut index: HashMap<Box<str>, EventIx> =
                known.iter().map(|&e| (self.events[e as usize].id.clone(), e)).collect();
            index.insert(id.into(), event);
            self.event_index.insert(article as u32, index);
        }
    }

    /// The event of `article` whose id is `id` (the last, should two parts of a merged
    /// article repeat one).
    pub(super) fn find_event(&self, article: usize, id: &str) -> Option<EventIx> {
        match self.event_index.get(&(article as u32)) {
            Some(index) => index.get(id).copied(),
            None => self.article_events[article].iter().rev().copied().find(|&e| &*self.events[e as usize].id == id),
        }
    }

    /// What a relation of an event of `article` names: ARTICLE/EVENT (an article id may
    /// itself hold a '/': the first reading that names an event wins), else an event of
    /// `article`; and whether it was written ARTICLE/EVENT. `None` while what is loaded so far
    /// cannot tell what the whole corpus will say (an article not loaded yet, or one that
    /// later parts may add events to); at the `last_chance`, what the corpus says.
    pub(super) fn find_target(
        &self,
        article: usize,
        target: &str,
        last_chance: bool,
    ) -> Option<(Option<EventIx>, bool)> {
        let may_grow = |a: usize| !last_chance && (self.from_export[a] || self.mergeable[a]);
        for (i, _) in target.match_indices('/') {
            match self.article_ids.get(&self.articles, &target[..i]) {
                None if !last_chance => return None,
                None => {}
                // An article that later parts may add to may also repeat an event id,
                // and the last one is the one meant: wait for the end.
                Some(other) if may_grow(other) => return None,
                Some(other) => {
                    if let Some(t) = self.find_event(other, &target[i + 1..]) {
                        return Some((Some(t), true));
                    }
                }
            }
        }
        if may_grow(article) {
            return None;
        }
        Some((self.find_event(article, target), false))
    }

    /// Resolve relation number `place` of event `source`. Until every file is in
    /// (`last_chance` false), one whose target is not found yet waits in `deferred`.
    pub(super) fn relation(
        &mut self,
        source: usize,
        place: usize,
        raw: RawRelation,
        last_chance: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Relation> {
        let article = self.events[source].article as usize;
        let Some((target, canonical)) = self.find_target(article, &raw.target, last_chance) else {
            self.deferred.push((source as EventIx, place, raw));
            return None;
        };
        match target {
            None if self.from_export[article] => *self.outside_export.entry(raw.at.file).or_default() += 1,
            None => diagnostics.push(self.warning(
                raw.at,
                format!("relation target '{}' not found (write it as ARTICLE/EVENT); kept unresolved", raw.target),
            )),
            Some(t) if t as usize == source => {
                diagnostics.push(self.warning(raw.at, format!("relation '{}' points to its own event", raw.kind)))
            }
            Some(_) => {}
        }
        let target_ref = match target {
            Some(t) if !canonical => {
                let e = &self.events[t as usize];
                format!("{}/{}", self.articles[e.article as usize].id, e.id).into()
            }
            _ => raw.target.into(),
        };
        let relation = Relation { kind: raw.kind, target_ref, target };
        self.check_relation_date(source, &relation, raw.at, diagnostics);
        Some(relation)
    }

    /// An event that responds to, retaliates for, revokes or follows a later event, or
    /// that is the same as an event dated otherwise.
    pub(super) fn check_relation_date(&self, source: usize, r: &Relation, at: Loc, diagnostics: &mut Vec<Diagnostic>) {
        let event = &self.events[source];
        let Some(date) = event.date else { return };
        let Some(target) = r.target.filter(|&t| t as usize != source) else { return };
        let Some(target_date) = self.events[target as usize].date else { return };
        if r.kind == RelationKind::SameAs && !date.overlaps(&target_date) {
            diagnostics.push(self.warning(
                at,
                format!(
                    "event '{}' is the same as '{}' but the sources disagree on its date: {date} here, {target_date} there",
                    event.id, r.target_ref
                ),
            ));
        }
        // An open side ("before 2016-12-30") may reach as far as needed.
        if r.kind.comes_after_target() && date.extent().1 <= target_date.extent().0 {
            diagnostics.push(self.warning(
                at,
                format!(
                    "event '{}' {} '{}' but is dated {date}, before it ({target_date})",
                    event.id,
                    r.kind.label(),
                    r.target_ref
                ),
            ));
        }
    }
}
