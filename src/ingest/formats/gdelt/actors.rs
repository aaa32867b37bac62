//! Actor1 and Actor2 of a GDELT row: an id from code and name, and the actor declared.

use crate::ingest::raw::RawActor;
use crate::model::{ActorKind, Loc};

/// The id of Actor1 or Actor2 from its ten fields (Code, Name, CountryCode,
/// KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1Code, Type2Code,
/// Type3Code): its code and name as a slug; None when both are empty.
pub(super) fn actor_id(fields: &[&str]) -> Option<String> {
    let code = fields[0].trim();
    let name = fields[1].trim();
    let id_part = |s: &str| super::super::snippet::slug(s);
    match (code.is_empty(), name.is_empty()) {
        (true, true) => None,
        (false, false) => Some(format!("{}-{}", id_part(code), id_part(name))),
        (false, true) => Some(id_part(code)),
        _ => Some(id_part(name)),
    }
}

/// Actor1 or Actor2 from its ten fields, given its id ([`actor_id`]).
pub(super) fn actor(fields: &[&str], id: String, at: Loc) -> RawActor {
    let code = fields[0].trim();
    let name = fields[1].trim();
    let (country, group, type1) = (fields[2].trim(), fields[3].trim(), fields[7].trim());
    const ORGANIZATIONS: &[&str] =
        &["GOV", "MIL", "JUD", "LEG", "COP", "SPY", "BUS", "MED", "EDU", "IGO", "NGO", "PTY", "UAF", "MNC", "HLH"];
    let kind = if ORGANIZATIONS.contains(&type1) {
        ActorKind::Organization
    } else if !group.is_empty() || !type1.is_empty() {
        ActorKind::Group
    } else if !country.is_empty() && code == country {
        ActorKind::Country
    } else {
        ActorKind::Other
    };
    let aliases = if code.is_empty() || name.is_empty() { Vec::new() } else { vec![code.to_string()] };
    RawActor {
        id,
        name: Some(if name.is_empty() { code } else { name }.to_string()),
        aliases,
        kind: Some(kind),
        description: Some(format!("GDELT actor code {code}")).filter(|_| !code.is_empty()),
        at,
    }
}
