//! brat standoff: an `.ann` file of annotations over the `.txt` beside it.
//!
//! One `.ann` is one article (its id the file name, its text the `.txt`). Each event (`E`)
//! is an event: its trigger gives the evidence (offsets count characters, as brat does) and
//! the sentence around it the summary; its arguments that are people, organizations,
//! countries or groups become participants, a DATE argument its `date_text`, the others
//! attributes. Attributes set the status (negation: denied; speculation, or a modality
//! other than asserted: hypothetical); cause-like relations become `causes`.

use super::located::Located;
use super::snippet::{Sentences, file_stem, slug};
use super::unmapped::Unmapped;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::Source;
use crate::ingest::raw::{RawActor, RawArticle, RawEvent, RawEvidence, RawParticipant, RawRelation};
use crate::model::{ActorKind, RelationKind, Role, Status};
use std::collections::{HashMap, HashSet};

/// True when the text starts like a brat `.ann` file (`T1\tType 0 5\ttext`).
pub fn looks_like_standoff(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else { return false };
    let Some((id, rest)) = first.split_once('\t') else { return false };
    let mut chars = id.chars();
    matches!(chars.next(), Some('T' | 'E' | 'R' | 'A' | 'M' | 'N'))
        && chars.all(|c| c.is_ascii_digit())
        && !rest.is_empty()
}

/// A text-bound annotation: `T3\tCOUNTRY 97 106\tVenezuela`.
struct Span {
    kind: String,
    start: usize,
    end: usize,
    text: String,
    pos: usize,
}

/// An event: `E2\tProhibiting:T5 Modality_cue:T125 Activity:T6`.
struct EventLine {
    id: String,
    kind: String,
    trigger: String,
    args: Vec<(String, String)>,
    pos: usize,
}

pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    let mut r = Reader { out: Located::new(file, &source.name, &lines, diagnostics), unmapped: Unmapped::default() };
    let text = source.companion.as_ref().map(|(_, t)| t.as_str());
    let article = r.article(&source.text, text, &source.name);
    r.unmapped.report(&mut r.out);
    vec![article]
}

struct Reader<'a, 'd> {
    out: Located<'a, 'd>,
    unmapped: Unmapped,
}

impl Reader<'_, '_> {
    fn article(&mut self, ann: &str, text: Option<&str>, file_name: &str) -> RawArticle {
        let mut spans: HashMap<String, Span> = HashMap::new();
        let mut events: Vec<EventLine> = Vec::new();
        let mut attributes: Vec<(String, String, Option<String>, usize)> = Vec::new();
        let mut relations: Vec<(String, String, String, usize)> = Vec::new();
        let mut offset = 0;
        for line in ann.split_inclusive('\n') {
            let pos = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let id = fields[0];
            let body = fields.get(1).copied().unwrap_or("");
            match id.chars().next() {
                Some('T') => match parse_span(body, fields.get(2).copied().unwrap_or(""), pos) {
                    Ok(span) => {
                        spans.insert(id.to_string(), span);
                    }
                    Err(Some(why)) => self.out.report(true, pos, format!("{id}: {why} (annotation skipped)")),
                    Err(None) => self.out.report(
                        true,
                        pos,
                        format!(
                            "{id}: expected 'TYPE START END' and the covered text, found '{body}' (annotation skipped)"
                        ),
                    ),
                },
                Some('E') => {
                    let mut parts = body.split_whitespace().filter_map(|p| p.split_once(':'));
                    match parts.next() {
                        Some((kind, trigger)) => events.push(EventLine {
                            id: id.to_string(),
                            kind: kind.to_string(),
                            trigger: trigger.to_string(),
                            args: parts.map(|(r, a)| (r.to_string(), a.to_string())).collect(),
                            pos,
                        }),
                        None => self.out.report(
                            true,
                            pos,
                            format!("{id}: expected 'TYPE:TRIGGER ROLE:ID...', found '{body}' (event skipped)"),
                        ),
                    }
                }
                Some('A' | 'M') => {
                    let words: Vec<&str> = body.split_whitespace().collect();
                    if words.len() >= 2 {
                        attributes.push((
                            words[0].to_string(),
                            words[1].to_string(),
                            words.get(2).map(|w| w.to_string()),
                            pos,
                        ));
                    } else {
                        self.out.report(true, pos, format!("{id}: expected 'NAME TARGET [VALUE]', found '{body}'"));
                    }
                }
                Some('R') => {
                    let words: Vec<&str> = body.split_whitespace().collect();
                    let arg = |w: Option<&&str>| w.and_then(|w| w.split_once(':')).map(|(_, v)| v.to_string());
                    match (words.first(), arg(words.get(1)), arg(words.get(2))) {
                        (Some(kind), Some(a), Some(b)) => relations.push((kind.to_string(), a, b, pos)),
                        _ => {
                            self.out.report(true, pos, format!("{id}: expected 'TYPE Arg1:ID Arg2:ID', found '{body}'"))
                        }
                    }
                }
                Some('*') => {
                    self.unmapped.add("equivalence (*) is not mapped", "equivalences (*) are not mapped", pos, body)
                }
                Some('N') => {
                    self.unmapped.add("normalization (N) is not mapped", "normalizations (N) are not mapped", pos, id)
                }
                Some('#') => self.unmapped.add("note (#) is not mapped", "notes (#) are not mapped", pos, id),
                _ => self.out.report(
                    true,
                    pos,
                    format!("'{id}' is not a brat annotation id (T, E, R, A, M, N, * or #); line skipped"),
                ),
            }
        }
        let id = file_stem(file_name);
        let title = text
            .and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
            .filter(|l| l.chars().count() <= 100)
            .map_or_else(|| id.clone(), str::to_string);
        let mut actors: Vec<RawActor> = Vec::new();
        let mut actor_ids: HashSet<String> = HashSet::new();
        let mut used: HashSet<&str> = HashSet::new();
        let mut raw_events: Vec<RawEvent> = Vec::new();
        let sentences = text.map(|t| Sentences::new(t, &[]));
        for e in &events {
            if let Some(event) = self.event(e, &spans, sentences.as_ref(), (&mut actors, &mut actor_ids), &mut used) {
                raw_events.push(event);
            }
        }
        self.apply_attributes(&attributes, &mut raw_events);
        self.apply_relations(&relations, &mut raw_events);
        let mut unused: Vec<(&String, &Span)> = spans.iter().filter(|(id, _)| !used.contains(id.as_str())).collect();
        unused.sort_by_key(|(_, s)| s.pos);
        for (id, span) in unused {
            self.unmapped.add(
                "text-bound annotation is neither an event trigger nor an event argument: not mapped",
                "text-bound annotations are neither event triggers nor event arguments: not mapped",
                span.pos,
                id,
            );
        }
        RawArticle {
            id,
            title,
            text: text.map(str::to_string),
            actors,
            events: raw_events,
            at: self.out.loc(0),
            ..RawArticle::default()
        }
    }

    fn event<'s>(
        &mut self,
        e: &EventLine,
        spans: &'s HashMap<String, Span>,
        text: Option<&Sentences<'_>>,
        (actors, actor_ids): (&mut Vec<RawActor>, &mut HashSet<String>),
        used: &mut HashSet<&'s str>,
    ) -> Option<RawEvent> {
        let at = self.out.loc(e.pos);
        let Some((trigger_id, trigger)) = spans.get_key_value(&e.trigger) else {
            self.out.report(true, e.pos, format!("{}: its trigger {} is not defined (event skipped)", e.id, e.trigger));
            return None;
        };
        used.insert(trigger_id);
        let summary = match text {
            Some(t) => t.around(trigger.start, trigger.end),
            None => format!("{}: {}", e.kind, trigger.text),
        };
        let mut event = RawEvent {
            action: Some(e.kind.to_lowercase()),
            evidence: vec![RawEvidence { quote: trigger.text.clone(), span: Some((trigger.start, trigger.end)), at }],
            ..RawEvent::new(e.id.clone(), at, summary)
        };
        for (role, arg) in &e.args {
            let role_name = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let Some((arg_id, span)) = spans.get_key_value(arg) else {
                // An event as an argument: named, not lost.
                event.attributes.push(role_name.to_string(), arg);
                continue;
            };
            used.insert(arg_id);
            if is_date(&span.kind) {
                if event.date_text.is_none() || role_name == "Reference_point_time" {
                    if let Some(previous) = event.date_text.replace(span.text.clone()) {
                        event.attributes.push("date", &previous);
                    }
                } else {
                    event.attributes.push(role_name.to_string(), &span.text);
                }
                continue;
            }
            match actor_kind(&span.kind).filter(|_| !is_pronoun(&span.text)) {
                Some(kind) => {
                    let actor = slug(&span.text);
                    if actor.is_empty() {
                        event.attributes.push(role_name.to_string(), &span.text);
                        continue;
                    }
                    if actor_ids.insert(actor.clone()) {
                        actors.push(RawActor {
                            id: actor.clone(),
                            name: Some(span.text.clone()),
                            aliases: Vec::new(),
                            kind: Some(kind),
                            description: None,
                            at: self.out.loc(span.pos),
                        });
                    }
                    let role = role_of(role_name);
                    // The schema's own role name ("Imposer") is kept beside the role annals
                    // reads into it, unless they are the same word.
                    if !role_name.eq_ignore_ascii_case(&role.to_string()) {
                        event.attributes.push(role_name.to_string(), &span.text);
                    }
                    event.participants.push(RawParticipant { actor, role, at });
                }
                None => event.attributes.push(role_name.to_string(), &span.text),
            }
        }
        Some(event)
    }

    /// Negation makes an event denied; speculation, or a modality other than asserted,
    /// hypothetical; other attributes are kept by name.
    fn apply_attributes(&mut self, attributes: &[(String, String, Option<String>, usize)], events: &mut [RawEvent]) {
        let index = first_of_each_id(events);
        for (name, target, value, pos) in attributes {
            let Some(event) = index.get(target.as_str()).map(|&i| &mut events[i]) else {
                self.unmapped.add(
                    "attribute is not on an event: not mapped",
                    "attributes are not on an event: not mapped",
                    *pos,
                    target,
                );
                continue;
            };
            let lower_name = name.to_lowercase();
            let lower_value = value.as_deref().unwrap_or("true").to_lowercase();
            let negative = matches!(lower_value.as_str(), "negative" | "neg" | "true" | "yes");
            let status = match lower_name.as_str() {
                "negation" | "negated" if negative => Some(Status::Denied),
                "polarity" if matches!(lower_value.as_str(), "negative" | "neg") => Some(Status::Denied),
                "speculation" | "speculated" | "uncertain" | "uncertainty" | "hedge" | "hedged" if negative => {
                    Some(Status::Hypothetical)
                }
                "modality" if !matches!(lower_value.as_str(), "asserted" | "actual" | "certain") => {
                    Some(Status::Hypothetical)
                }
                _ => None,
            };
            if let Some(status) = status
                && event.status != Status::Denied
            {
                event.status = status;
            }
            event.attributes.push(name.clone(), value.as_deref().unwrap_or("true"));
        }
    }

    /// Cause-like relations become `causes`; part-of, same-as and order relations map too.
    fn apply_relations(&mut self, relations: &[(String, String, String, usize)], events: &mut [RawEvent]) {
        let index = first_of_each_id(events);
        for (kind, arg1, arg2, pos) in relations {
            let lower = kind.to_lowercase();
            let mapped = if lower.contains("cause") || lower.contains("precondition") || lower.contains("enable") {
                Some(RelationKind::Causes)
            } else if lower.contains("part") || lower.contains("subevent") {
                Some(RelationKind::PartOf)
            } else if lower.contains("coref")
                || lower.contains("same")
                || lower.contains("identity")
                || lower.contains("equiv")
            {
                Some(RelationKind::SameAs)
            } else if lower.contains("after") || lower.contains("follow") {
                Some(RelationKind::Follows)
            } else {
                None
            };
            let both_events = index.contains_key(arg2.as_str());
            let at = self.out.loc(*pos);
            match (mapped, index.get(arg1.as_str()).map(|&i| &mut events[i])) {
                (Some(kind), Some(event)) if both_events => {
                    event.relations.push(RawRelation { kind, target: arg2.clone(), at })
                }
                _ => self.unmapped.add(
                    "relation is not between two events or of a kind annals does not map",
                    "relations are not between two events or of a kind annals does not map",
                    *pos,
                    kind,
                ),
            }
        }
    }
}

/// Where each event id is first found: attributes and relations look events up by id, and
/// searching the list for each made thousands of them quadratic.
fn first_of_each_id(events: &[RawEvent]) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        index.entry(e.id.clone()).or_insert(i);
    }
    index
}

/// A text-bound annotation: `COUNTRY 97 106` (or discontinuous `COUNTRY 97 100;101 106`)
/// and the covered text. `Err(None)` when its body is not of that shape, `Err(Some(why))`
/// when it is but its offsets cannot be.
fn parse_span(body: &str, text: &str, pos: usize) -> Result<Span, Option<String>> {
    let (kind, offsets) = body.split_once(' ').ok_or(None)?;
    let numbers: Vec<usize> = offsets.split([' ', ';']).map(|n| n.parse().ok()).collect::<Option<_>>().ok_or(None)?;
    if numbers.len() < 2 || !numbers.len().is_multiple_of(2) {
        return Err(None);
    }
    if let Some(pair) = numbers.chunks(2).find(|pair| pair[0] > pair[1]) {
        return Err(Some(format!("span start {} is after its end {}", pair[0], pair[1])));
    }
    let start = *numbers.iter().step_by(2).min().ok_or(None)?;
    let end = *numbers.iter().skip(1).step_by(2).max().ok_or(None)?;
    Ok(Span { kind: kind.to_string(), start, end, text: text.to_string(), pos })
}

fn is_date(kind: &str) -> bool {
    matches!(kind.to_lowercase().as_str(), "date" | "time" | "timex" | "timex3" | "temporal")
}

fn actor_kind(kind: &str) -> Option<ActorKind> {
    Some(match kind.to_lowercase().as_str() {
        "person" | "per" => ActorKind::Person,
        "organization" | "organisation" | "org" | "company" | "institution" => ActorKind::Organization,
        "country" | "gpe" | "nation" | "state_or_province" => ActorKind::Country,
        "group" => ActorKind::Group,
        _ => return None,
    })
}

fn role_of(role: &str) -> Role {
    const AGENTS: &[&str] = &["imposer", "agent", "attacker", "giver", "buyer", "seller", "forecaster", "actor"];
    const TARGETS: &[&str] = &["imposee", "target", "victim", "patient", "recipient", "impacted_countries"];
    let lower = role.to_lowercase();
    if AGENTS.contains(&lower.as_str()) {
        Role::Agent
    } else if TARGETS.contains(&lower.as_str()) {
        Role::Target
    } else {
        Role::Other
    }
}

/// "its", "they": annotated as a country or group, but not a name to file an actor under.
fn is_pronoun(text: &str) -> bool {
    const PRONOUNS: &[&str] =
        &["it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our", "us", "itself"];
    let lower = text.trim().to_lowercase();
    PRONOUNS.contains(&lower.as_str()) && text.trim() != text.trim().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_pronouns() {
        let s = parse_span("COUNTRY 97 100;101 106", "Ven ezuela", 0).unwrap();
        assert_eq!((s.start, s.end, s.kind.as_str()), (97, 106, "COUNTRY"));
        assert_eq!(parse_span("COUNTRY x 3", "", 0).err(), Some(None));
        assert!(is_pronoun("its") && is_pronoun("They") && !is_pronoun("US"));
        assert_eq!(role_of("Imposer"), Role::Agent);
        assert_eq!(role_of("Imposee"), Role::Target);
        assert_eq!(role_of("Place"), Role::Other);
        assert!(looks_like_standoff("T1\tCOUNTRY 0 5\tChina\n"));
        assert!(!looks_like_standoff("{\"id\": 1}"));
    }
}
