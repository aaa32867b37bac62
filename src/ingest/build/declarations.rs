//! Actor declarations across articles: the first declaration of an actor is kept, later
//! ones add aliases or are warned about, and identical repeats are passed over by fingerprint.

use super::Builder;
use crate::diagnostic::Diagnostic;
use crate::ingest::raw::RawActor;
use crate::model::{Actor, ActorIx, ActorKind};
use crate::text::Text;
use std::collections::HashMap;

/// Fingerprints of actor declarations: a declaration identical to the one an actor was
/// first declared with changes nothing. The builder publishes the fingerprint of each
/// actor's first declaration as it merges it; the threads that parse drop the declarations
/// that match one ([`super::Prepared::fingerprint_declarations`]), and the builder passes over the
/// ones that match but came before their actor's was published. Either way the outcome is
/// the builder's own: only a declaration identical (to a 64-bit keyed hash) to the one it
/// kept is passed over, whatever the threads' timing. The hash is foldhash's of quality,
/// seeded per run (SipHash took a twentieth of a GDELT table's load).
#[derive(Default)]
pub struct Declarations {
    keys: foldhash::quality::RandomState,
    /// The first declaration's fingerprint of each actor, by the hash of the actor's id.
    pub(super) firsts: std::sync::RwLock<HashMap<u64, u64>>,
}

impl Declarations {
    pub(super) fn fingerprint(&self, actor: &RawActor) -> u64 {
        use std::hash::BuildHasher;
        // Never 0, which stands for "none known".
        self.keys.hash_one((&actor.id, &actor.name, &actor.aliases, actor.kind, &actor.description)).max(1)
    }

    pub(super) fn id_hash(&self, id: &str) -> u64 {
        use std::hash::BuildHasher;
        self.keys.hash_one(id)
    }

    fn publish(&self, id: &str, fingerprint: u64) {
        if let Ok(mut firsts) = self.firsts.write() {
            firsts.insert(self.id_hash(id), fingerprint);
        }
    }
}

impl Builder {
    /// Declare an actor; `fingerprint` (0 when not made) says whether the declaration is
    /// the very one the actor was first declared with, which changes nothing.
    pub(super) fn declare_actor(&mut self, raw: &RawActor, fingerprint: u64, diagnostics: &mut Vec<Diagnostic>) {
        let declared = || Actor {
            id: raw.id.clone(),
            name: Text::line(raw.name.clone().unwrap_or_else(|| raw.id.clone())),
            aliases: Vec::new(),
            kind: raw.kind.unwrap_or(ActorKind::Other),
            description: raw.description.as_deref().map(Text::line),
            declared: true,
        };
        let ix = match self.actor_ids.get(&raw.id) {
            Some(&ix) if self.actors[ix as usize].declared => {
                if fingerprint != 0 && self.first_declaration[ix as usize] == fingerprint {
                    return;
                }
                ix
            }
            // A participant named it before any article declared it: this is its declaration.
            Some(&ix) => {
                self.actors[ix as usize] = declared();
                self.actor_at[ix as usize] = raw.at;
                self.first_declaration[ix as usize] = fingerprint;
                if fingerprint != 0 {
                    self.declarations.publish(&raw.id, fingerprint);
                }
                self.add_aliases(ix, &raw.aliases);
                return;
            }
            None => {
                self.actors.push(declared());
                self.actor_at.push(raw.at);
                self.first_declaration.push(fingerprint);
                if fingerprint != 0 {
                    self.declarations.publish(&raw.id, fingerprint);
                }
                let ix = (self.actors.len() - 1) as ActorIx;
                self.actor_ids.insert(raw.id.clone(), ix);
                self.add_aliases(ix, &raw.aliases);
                return;
            }
        };
        let actor = &mut self.actors[ix as usize];
        if let Some(name) = &raw.name
            && name != actor.name.raw()
            && !same_name(name, actor.name.raw())
        {
            let kept = actor.name.raw().to_string();
            let first_at = self.place(self.actor_at[ix as usize]);
            // The other name still finds the actor.
            let name = name.clone();
            diagnostics.push(self.warning(
                raw.at,
                format!(
                    "actor '{}' is named '{name}' here but '{kept}' at {first_at}; keeping '{kept}' and adding '{name}' as an alias",
                    raw.id
                ),
            ));
            self.add_aliases(ix, std::slice::from_ref(&name));
        }
        if let Some(name) = &raw.name
            && name != self.actors[ix as usize].name.raw()
        {
            // Another spelling of the same name ("US" for "U.S.") still finds the actor.
            self.add_aliases(ix, std::slice::from_ref(name));
        }
        let actor = &mut self.actors[ix as usize];
        if actor.description.is_none() {
            actor.description = raw.description.as_deref().map(Text::line);
        }
        if actor.kind == ActorKind::Other
            && let Some(kind) = raw.kind
        {
            actor.kind = kind;
        }
        self.add_aliases(ix, &raw.aliases);
    }

    /// Add aliases not already known (compared without case).
    fn add_aliases(&mut self, ix: ActorIx, aliases: &[String]) {
        let actor = &mut self.actors[ix as usize];
        for alias in aliases {
            // Most declarations repeat what is known: no need to lower-case those.
            if actor.name.raw() == alias || actor.aliases.iter().any(|a| a.raw() == alias) {
                continue;
            }
            let lower = alias.to_lowercase();
            let known = actor.name.raw().to_lowercase() == lower
                || actor.aliases.iter().any(|a| a.raw().to_lowercase() == lower);
            if !known && !alias.trim().is_empty() {
                actor.aliases.push(Text::line(alias.as_str()));
            }
        }
    }
}

/// Two spellings of one name: equal once case, spaces and punctuation are set aside
/// ("U.S." and "US", "THE EU" and "the EU").
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    letters(a) == letters(b)
}
