//! Participants found by name, for the events of articles that annotate none (TimeML,
//! SemEval's track B, a plain list of sentences): an actor, declared by the corpus or as a
//! target entity (`--entities`), takes part in such an event when the event's sentence
//! names it or one of its aliases, as whole words written alike ("Airbus" is not "airbus",
//! "US" not "us"). Such a participant has the role `named`: a text match, not an
//! annotation.

use crate::ingest::entities::Entity;
use crate::model::{Actor, ActorIx, ActorKind, Article, Event, Participant, Role};
use crate::text::{Text, words};
use std::collections::HashMap;

/// The target entities as actors: an entity the corpus declares already (by id, name or
/// alias, ignoring case) gains the entity's aliases; any other becomes a new actor whose id
/// is its name.
pub(super) fn add_entities(entities: &[Entity], actors: &mut Vec<Actor>, ids: &mut HashMap<String, ActorIx>) {
    for entity in entities {
        let names: Vec<String> =
            std::iter::once(&entity.name).chain(&entity.aliases).map(|n| n.to_lowercase()).collect();
        let known = actors.iter().position(|a| {
            names.iter().any(|n| {
                a.id.to_lowercase() == *n
                    || a.name.raw().to_lowercase() == *n
                    || a.aliases.iter().any(|x| x.raw().to_lowercase() == *n)
            })
        });
        match known {
            Some(a) => {
                let actor = &mut actors[a];
                for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
                    if actor.name.raw() != alias && actor.aliases.iter().all(|x| x.raw() != alias) {
                        actor.aliases.push(Text::line(alias.as_str()));
                    }
                }
            }
            None => {
                let id = if ids.contains_key(&entity.name) {
                    format!("entity:{}", entity.name)
                } else {
                    entity.name.clone()
                };
                ids.insert(id.clone(), actors.len() as ActorIx);
                actors.push(Actor {
                    id,
                    name: Text::line(entity.name.as_str()),
                    aliases: entity.aliases.iter().map(|a| Text::line(a.as_str())).collect(),
                    kind: ActorKind::Other,
                    description: None,
                    declared: true,
                });
            }
        }
    }
}

/// Give every event of an article that annotates no participant the actors its summary or
/// evidence names.
pub(super) fn name_participants(actors: &[Actor], articles: &[Article], events: &mut [Event]) {
    if actors.is_empty() || events.iter().all(|e| !e.participants.is_empty()) {
        return;
    }
    // Each name's words, under its first word.
    let mut by_first: HashMap<&str, Vec<(ActorIx, Vec<&str>)>> = HashMap::new();
    for (a, actor) in actors.iter().enumerate() {
        for name in std::iter::once(&actor.name).chain(&actor.aliases) {
            let name_words: Vec<&str> = words(name.raw()).collect();
            if let Some(first) = name_words.first() {
                by_first.entry(first).or_default().push((a as ActorIx, name_words));
            }
        }
    }
    // Only articles that annotate no participant at all: an event left without any in an
    // annotated article was left so on purpose.
    let mut annotated = vec![false; articles.len()];
    for e in events.iter() {
        annotated[e.article as usize] |= !e.participants.is_empty();
    }
    for event in events.iter_mut().filter(|e| e.participants.is_empty() && !annotated[e.article as usize]) {
        let article = &articles[event.article as usize];
        let mut text = event.summary.raw().to_string();
        for quote in event.evidence.iter() {
            text.push('\n');
            text.push_str(quote.raw(article));
        }
        let sentence: Vec<&str> = words(&text).collect();
        let mut named: Vec<ActorIx> = Vec::new();
        // The longest name wins where names overlap: "Airbus A380" names the plane, not
        // Airbus as well.
        let mut covered_to = 0;
        for (i, word) in sentence.iter().enumerate() {
            let matches = by_first.get(word).into_iter().flatten().filter(|(_, name)| sentence[i..].starts_with(name));
            let Some(longest) = matches.clone().map(|(_, name)| name.len()).max() else { continue };
            if i + longest <= covered_to {
                continue;
            }
            covered_to = i + longest;
            for (actor, _) in matches.filter(|(_, name)| name.len() == longest) {
                if !named.contains(actor) {
                    named.push(*actor);
                }
            }
        }
        if !named.is_empty() {
            event.participants = named.into_iter().map(|actor| Participant { actor, role: Role::Named }).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::entities::Entity;
    use crate::ingest::{Input, LoadOptions, load};
    use crate::model::Role;

    /// Two articles: one that annotates no participant (names in its sentences), one that does.
    const ARTICLES: &str = r#"[
{"id": "a", "title": "T", "published": "2007-10-15",
 "actors": [{"id": "sia", "name": "Singapore Airlines", "aliases": ["SIA"]}],
 "events": [
  {"id": "e1", "summary": "The first Airbus A380 was delivered to SIA"},
  {"id": "e2", "summary": "Airbus said the delay was over"},
  {"id": "e3", "summary": "the airbus and us: nothing named here"}]},
{"id": "b", "title": "U", "published": "2007-10-16",
 "events": [
  {"id": "e4", "summary": "Boeing answered SIA", "participants": [{"actor": "sia", "role": "agent"}]},
  {"id": "e5", "summary": "Airbus said nothing more"}]}]"#;

    fn loaded(entities: Vec<Entity>) -> crate::ingest::Loaded {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, ARTICLES).unwrap();
        load(&[Input::Path(path)], &LoadOptions { entities, ..LoadOptions::default() })
    }

    fn named(corpus: &crate::model::Corpus, id: &str) -> Vec<String> {
        let e = corpus.events().iter().find(|e| &*e.id == id).unwrap();
        e.participants.iter().map(|p| format!("{} {}", corpus.actor(p.actor).name.raw(), p.role.as_str())).collect()
    }

    #[test]
    fn sentences_name_the_entities_and_the_corpus_actors_whole_words_written_alike_the_longest_first() {
        let entity = |name: &str, aliases: &[&str]| Entity {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        let corpus = loaded(vec![
            entity("Airbus", &[]),
            entity("Airbus A380", &["A380"]),
            entity("SIA", &["Singapore Airlines Ltd"]),
        ])
        .corpus;
        // "Airbus A380" names the plane, not Airbus as well; SIA is the declared actor, which
        // gains the entity's alias rather than a twin.
        assert_eq!(named(&corpus, "e1"), ["Airbus A380 named", "Singapore Airlines named"]);
        assert_eq!(named(&corpus, "e2"), ["Airbus named"]);
        assert!(named(&corpus, "e3").is_empty(), "airbus and us are no names");
        assert_eq!(named(&corpus, "e4"), ["Singapore Airlines agent"], "an annotated event keeps its participants");
        assert!(named(&corpus, "e5").is_empty(), "an article that annotates participants is left as it is");
        let sia = corpus.actors().iter().filter(|a| a.name.raw() == "Singapore Airlines").count();
        assert_eq!(sia, 1);
        assert!(corpus.actors().iter().any(|a| a.aliases.iter().any(|x| x.raw() == "Singapore Airlines Ltd")));
        let e1 = corpus.events().iter().find(|e| &*e.id == "e1").unwrap();
        assert!(e1.participants.iter().all(|p| p.role == Role::Named), "a text match says so");
    }
}
