//! MEANTIME's participants: HAS_PARTICIPANT links from event mentions to entity mentions,
//! each entity mention the actor its entity instance names.

use super::{Reader, Tokens};
use crate::ingest::formats::snippet::slug;
use crate::ingest::formats::xml::Element;
use crate::ingest::raw::{RawActor, RawParticipant};
use crate::model::{ActorKind, Role};
use std::collections::{HashMap, HashSet};

/// What HAS_PARTICIPANT gives a document: its actors, each event mention's participants,
/// and each mention's roles by name (PropBank's `Arg0`...; values taking part too).
pub(super) struct Parties {
    pub actors: Vec<RawActor>,
    pub participants: Vec<Vec<RawParticipant>>,
    pub roles: Vec<Vec<(String, String)>>,
}

impl Reader<'_, '_> {
    /// Actors and each event's participants, from HAS_PARTICIPANT.
    pub(super) fn participants(
        &mut self,
        relations: &Element,
        by_mid: &HashMap<&str, &Element>,
        event_ix: &HashMap<&str, usize>,
        refers: &HashMap<&str, &Element>,
        tokens: &Tokens,
        doc: &str,
    ) -> Parties {
        let mut actors: Vec<RawActor> = Vec::new();
        // Indexed by mention: ids from the data may repeat or be empty, so the map can be
        // shorter than the mentions it indexes.
        let mentions = event_ix.values().max().map_or(0, |&last| last + 1);
        let mut participants: Vec<Vec<RawParticipant>> = vec![Vec::new(); mentions];
        // The PropBank role of each participant ("Arg0": "Airbus"), and participants that
        // are values ("Arg1": "555"), as the event's attributes.
        let mut roles: Vec<Vec<(String, String)>> = vec![Vec::new(); mentions];
        // Sets and an index, not lists searched for each link: a document of thousands of
        // entities was quadratic.
        let mut participating: HashSet<&str> = HashSet::new();
        let mut actor_ix: HashMap<String, usize> = HashMap::new();
        for h in relations.named("HAS_PARTICIPANT") {
            let source = h.named("source").find_map(|s| s.attr("m_id")).and_then(|m| event_ix.get(m));
            let target = h.named("target").find_map(|t| t.attr("m_id"));
            let role_name = h.attr("sem_role").filter(|r| !r.is_empty()).unwrap_or("participant");
            if let (Some(&event), Some(value)) =
                (source, target.and_then(|t| by_mid.get(t)).filter(|m| m.name == "VALUE"))
            {
                let words = self.words(value, tokens);
                if !words.is_empty() {
                    roles[event].push((role_name.to_string(), words));
                }
                continue;
            }
            let mention = target.and_then(|t| by_mid.get(t)).filter(|m| m.name == "ENTITY_MENTION");
            let (Some(&event), Some(mention), Some(target)) = (source, mention, target) else {
                self.unmapped.add(
                    "HAS_PARTICIPANT is not from an event mention to an entity mention: not mapped",
                    "HAS_PARTICIPANTs are not from an event mention to an entity mention: not mapped",
                    h.pos,
                    h.attr("r_id").unwrap_or(""),
                );
                continue;
            };
            participating.insert(target);
            let words = self.words(mention, tokens);
            let actor = self.actor(mention, refers.get(target).copied(), &words, doc);
            let at = self.out.loc(h.pos);
            let role = match h.attr("sem_role") {
                Some("Arg0") => Role::Agent,
                Some("Arg1") => Role::Target,
                _ => Role::Other,
            };
            if !participants[event].iter().any(|p| p.actor == actor.id && p.role == role) {
                participants[event].push(RawParticipant { actor: actor.id.clone(), role, at });
            }
            if let Some(name) = &actor.name
                && !roles[event].iter().any(|(r, n)| r == role_name && n == name)
            {
                roles[event].push((role_name.to_string(), name.clone()));
            }
            match actor_ix.get(&actor.id).map(|&i| &mut actors[i]) {
                Some(known) => {
                    for alias in actor.aliases {
                        if !known.aliases.contains(&alias) {
                            known.aliases.push(alias);
                        }
                    }
                }
                None => {
                    actor_ix.insert(actor.id.clone(), actors.len());
                    actors.push(actor);
                }
            }
        }
        let idle = by_mid
            .values()
            .filter(|m| m.name == "ENTITY_MENTION" && !participating.contains(m.attr("m_id").unwrap_or("")));
        let mut idle: Vec<&&Element> = idle.collect();
        idle.sort_by_key(|m| m.pos);
        for m in idle {
            self.unmapped.add(
                "entity mention takes part in no event: not mapped",
                "entity mentions take part in no event: not mapped",
                m.pos,
                m.attr("m_id").unwrap_or(""),
            );
        }
        Parties { actors, participants, roles }
    }

    fn words(&self, m: &Element, tokens: &Tokens) -> String {
        self.span_of(m, tokens).map(|(s, e)| tokens.slice(s, e).to_string()).unwrap_or_default()
    }

    /// The actor an entity mention names: its entity instance when it has one (the same id in
    /// every document), else an actor of this document.
    fn actor(&self, mention: &Element, entity: Option<&Element>, words: &str, doc: &str) -> RawActor {
        let named = matches!(mention.attr("syntactic_type"), Some("NAM" | "PRE.NAM"));
        let descriptor = entity.and_then(|e| e.attr("TAG_DESCRIPTOR"));
        let name = descriptor.unwrap_or(words).trim().to_string();
        let id = match entity.and_then(|e| e.attr("instance_id")) {
            Some(instance) => instance.to_string(),
            None => format!("{doc}-{}", slug(&name)),
        };
        let kind = match entity.and_then(|e| e.attr("ent_type")) {
            Some("PER") => ActorKind::Person,
            Some("ORG") => ActorKind::Organization,
            _ => ActorKind::Other,
        };
        let description =
            entity.and_then(|e| e.attr("external_ref")).filter(|r| r.starts_with("http")).map(str::to_string);
        RawActor {
            id,
            name: Some(if name.is_empty() { words.to_string() } else { name }),
            aliases: if named && !words.is_empty() { vec![words.to_string()] } else { Vec::new() },
            kind: Some(kind),
            description,
            at: self.out.loc(entity.unwrap_or(mention).pos),
        }
    }
}
