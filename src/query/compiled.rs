//! A filter checked against one corpus, and applied: start from the smallest index the
//! filter names, check the rest on those events only.

use super::search::TextQuery;
use crate::model::{ActorIx, ArticleIx, Corpus, EventIx, Status};

/// A filter checked against one corpus, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledFilter {
    pub(super) from: Option<i64>,
    pub(super) to: Option<i64>,
    pub(super) actors: Option<Vec<ActorIx>>,
    pub(super) action: Option<String>,
    pub(super) status: Option<Status>,
    pub(super) tag: Option<String>,
    pub(super) article: Option<ArticleIx>,
    pub(super) text: Option<TextQuery>,
}

impl CompiledFilter {
    /// The events that pass, in timeline order. Starts from the smallest precomputed list
    /// that the filter names (an actor's, an action's, a tag's, a status's, or the date
    /// range's slice of the timeline) and checks the rest on those events only.
    pub fn apply(&self, corpus: &Corpus) -> Vec<EventIx> {
        let range = self.candidate_range(corpus);
        let actor_events: Option<Vec<EventIx>> = self.actors.as_ref().map(|actors| {
            let mut events: Vec<EventIx> =
                actors.iter().flat_map(|&a| corpus.actor_events(a).iter().copied()).collect();
            events.sort_unstable();
            events.dedup();
            events
        });
        // Each list, with the filter left to check on its events.
        let mut lists: Vec<(&[EventIx], CompiledFilter)> = Vec::new();
        let without = |change: fn(&mut CompiledFilter)| {
            let mut rest = self.clone();
            change(&mut rest);
            rest
        };
        if let Some(a) = &self.action {
            lists.push((corpus.events_with_action(a).unwrap_or(&[]), without(|f| f.action = None)));
        }
        if let Some(t) = &self.tag {
            lists.push((corpus.events_with_tag(t).unwrap_or(&[]), without(|f| f.tag = None)));
        }
        if let Some(s) = self.status {
            lists.push((corpus.events_with_status(s), without(|f| f.status = None)));
        }
        if let Some(a) = self.article {
            lists.push((corpus.article_events(a), without(|f| f.article = None)));
        }
        if let Some(events) = &actor_events {
            lists.push((events, without(|f| f.actors = None)));
        }
        let (lo, hi) = (range.start, range.end);
        let smallest = lists.into_iter().min_by_key(|(l, _)| l.len()).filter(|(l, _)| l.len() < hi - lo);
        let all: Vec<EventIx>;
        let (candidates, rest) = match smallest {
            Some((list, rest)) => (list, rest),
            None => {
                all = (lo as EventIx..hi as EventIx).collect();
                (&all[..], self.clone())
            }
        };
        let whole_range = lo == 0 && hi == corpus.events().len();
        if whole_range && rest.checks_nothing() {
            return candidates.to_vec();
        }
        let keep = |e: EventIx| (lo..hi).contains(&(e as usize)) && rest.matches_rest(corpus, e);
        filter_in_parallel(candidates, &keep)
    }

    /// True when no criterion but the date range is left.
    fn checks_nothing(&self) -> bool {
        self.actors.is_none()
            && self.action.is_none()
            && self.status.is_none()
            && self.tag.is_none()
            && self.article.is_none()
            && self.text.is_none()
    }

    /// Events whose start lies in [from, to): a slice of the timeline, found by bisection
    /// since dated events are ordered by start. A date filter excludes undated events.
    fn candidate_range(&self, corpus: &Corpus) -> std::ops::Range<usize> {
        if self.from.is_none() && self.to.is_none() {
            return 0..corpus.events().len();
        }
        let starts = corpus.dated_starts();
        let lo = self.from.map_or(0, |f| starts.partition_point(|&s| s < f));
        let hi = self.to.map_or(starts.len(), |t| starts.partition_point(|&s| s < t));
        lo..hi.max(lo)
    }

    fn matches_rest(&self, corpus: &Corpus, ix: EventIx) -> bool {
        let e = &corpus.events()[ix as usize];
        self.actors.as_ref().is_none_or(|actors| e.participants.iter().any(|p| actors.binary_search(&p.actor).is_ok()))
            && self.status.is_none_or(|s| e.status == s)
            && self.article.is_none_or(|a| e.article == a)
            && self.action.as_deref().is_none_or(|a| e.action.as_deref() == Some(a))
            && self.tag.as_deref().is_none_or(|t| e.tags.iter().any(|x| same_tag(x, t)))
            && self.text.as_ref().is_none_or(|q| q.matches(corpus, ix))
    }

    pub fn text_query(&self) -> Option<&TextQuery> {
        self.text.as_ref()
    }
}

/// A tag against a lower-cased one, without allocating when the tag is already lower case.
fn same_tag(tag: &str, lower: &str) -> bool {
    if tag.chars().any(char::is_uppercase) { tag.to_lowercase() == lower } else { tag == lower }
}

/// Lists longer than this are filtered on all cores: checking an event is quick, so a
/// thread pays for itself only over many.
const PARALLEL_FROM: usize = 100_000;

/// The events of `candidates` that `keep` accepts, in order.
fn filter_in_parallel(candidates: &[EventIx], keep: &(dyn Fn(EventIx) -> bool + Sync)) -> Vec<EventIx> {
    super::parallel::chunked(candidates, PARALLEL_FROM, |part| part.iter().copied().filter(|&e| keep(e)).collect())
}
