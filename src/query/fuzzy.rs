//! Fuzzy actor search: "putn" finds Vladimir Putin, through his name or any alias.

use crate::model::{ActorIx, Corpus};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One ranked actor: which of its names matched best, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMatch {
    pub actor: ActorIx,
    pub score: i64,
    /// None for the name, Some(i) for alias i.
    pub alias: Option<usize>,
    /// Character indices of the matched characters in that name (sanitized form).
    pub indices: Vec<usize>,
}

/// Actors ranked by fuzzy match of `query` on their name and aliases, best first; ties go
/// to the actor with more events, then by name. An empty query lists every actor by
/// event count.
pub fn rank_actors(corpus: &Corpus, query: &str) -> Vec<ActorMatch> {
    let matcher = SkimMatcherV2::default().smart_case();
    let query = query.trim();
    let mut matches: Vec<ActorMatch> = corpus
        .actors
        .iter()
        .enumerate()
        .filter_map(|(i, actor)| {
            if query.is_empty() {
                return Some(ActorMatch { actor: i as ActorIx, score: 0, alias: None, indices: Vec::new() });
            }
            let names = std::iter::once((None, actor.name.shown()))
                .chain(actor.aliases.iter().enumerate().map(|(k, a)| (Some(k), a.shown())));
            names
                .filter_map(|(alias, name)| {
                    matcher.fuzzy_indices(name, query).map(|(score, indices)| ActorMatch {
                        actor: i as ActorIx,
                        score,
                        alias,
                        indices,
                    })
                })
                // Best score; on a tie the name before an alias.
                .max_by_key(|m| (m.score, std::cmp::Reverse(m.alias.map_or(0, |k| k + 1))))
        })
        .collect();
    matches.sort_by(|a, b| {
        let count = |m: &ActorMatch| corpus.actor_events[m.actor as usize].len();
        let name = |m: &ActorMatch| corpus.actors[m.actor as usize].name.raw().to_lowercase();
        b.score.cmp(&a.score).then(count(b).cmp(&count(a))).then_with(|| name(a).cmp(&name(b)))
    });
    matches
}
