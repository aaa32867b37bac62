//! How a query's names are looked up (actors, actions, attributes...): in a corpus that is
//! all there is, where a name it lacks is an error with the near miss; or in a part of a
//! larger timeline (a page of a stored dataset), where it selects nothing there and the
//! actors are looked up among the whole's, once each.

use crate::model::{ActorIx, Corpus};
use crate::query::actors::find_actors;
use crate::query::ast::Value;
use crate::query::eval::Node;
use std::cell::RefCell;
use std::collections::HashMap;

/// What a term gives that names what the corpus lacks (an action, an attribute...).
#[derive(Debug, Clone, Copy)]
pub(super) enum Names<'c> {
    /// An error with the near miss: the corpus is all there is.
    Checked,
    /// [`Node::Nothing`]: the corpus is a part of a larger timeline, which may have it
    /// in another part. Actors are named among `actors`, the whole's (a corpus of its
    /// actors alone), so that a name finds the same actors in every part, each name looked
    /// up once (`seen`); without them, among the part's own.
    Partial { actors: Option<&'c Corpus>, seen: &'c RefCell<ActorsSeen> },
}

/// Names looked up among the whole's actors: the actors each finds (None: none).
pub(in crate::query) type ActorsSeen = HashMap<String, Option<Vec<ActorIx>>>;

impl<'c> Names<'c> {
    /// The corpus whose actors names are looked up in.
    pub(super) fn cast(self, corpus: &'c Corpus) -> &'c Corpus {
        match self {
            Names::Partial { actors: Some(actors), .. } => actors,
            _ => corpus,
        }
    }

    /// Is an actor [`Names::cast`] lacks absent from the whole?
    pub(super) fn whole(self) -> bool {
        !matches!(self, Names::Partial { actors: None, .. })
    }

    /// Actors named `name`, as `corpus` numbers them (those it has); None when the cast has
    /// none.
    pub(super) fn actors(self, corpus: &Corpus, name: &str) -> Option<Vec<ActorIx>> {
        let Names::Partial { actors: Some(actors), seen } = self else { return actors_named(corpus, name) };
        match seen.borrow_mut().entry(name.to_string()).or_insert_with(|| actors_named(actors, name)).clone() {
            Some(found) => Some(self.here(corpus, found)),
            // An actor the list lacks that this part names, by its id, as on the whole.
            None => corpus.actor_by_id(name.trim()).map(|a| vec![a]),
        }
    }

    /// Actors found in [`Names::cast`], as `corpus` numbers them (those it has).
    pub(super) fn here(self, corpus: &Corpus, found: Vec<ActorIx>) -> Vec<ActorIx> {
        let Names::Partial { actors: Some(actors), .. } = self else { return found };
        let mut here: Vec<ActorIx> = found.iter().filter_map(|&a| corpus.actor_by_id(&actors.actor(a).id)).collect();
        here.sort_unstable();
        here.dedup();
        here
    }
}

/// A term naming what the corpus lacks: `message` when it is all there is, else nothing
/// here. (A value of the wrong shape is an error wherever it is asked.)
pub(super) fn missing(names: Names<'_>, value: &Value, message: String) -> Result<Node, String> {
    match (names, value) {
        (Names::Partial { .. }, Value::Is(_) | Value::Prefix(_)) => Ok(Node::Nothing),
        _ => Err(message),
    }
}

/// Actors named `name` (underscores read as spaces), sorted; None when there are none.
pub(super) fn actors_named(corpus: &Corpus, name: &str) -> Option<Vec<ActorIx>> {
    let mut found = find_actors(corpus, &name.trim().replace('_', " "));
    found.sort_unstable();
    found.dedup();
    (!found.is_empty()).then_some(found)
}

/// "no actor 'putn'; did you mean Vladimir Putin?" (ranking every actor: only for an error
/// that is shown).
pub(super) fn no_actor(corpus: &Corpus, name: &str) -> String {
    let name = name.trim().replace('_', " ");
    let best = crate::query::fuzzy::rank_actors(corpus, &name).into_iter().next();
    let hint = best.map_or(String::new(), |m| format!("; did you mean {}?", corpus.actor(m.actor).name.shown()));
    format!("no actor '{name}'{hint} (list them with: annals actors --query {name})")
}
