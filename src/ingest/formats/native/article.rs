//! The articles of the native format, read in full: an article, its actors and its events
//! with their participants, evidence, relations and attributes.

use super::reader::{Check, Fields, Path, Reader};
use super::{ACTOR_FIELDS, ARTICLE_FIELDS, EVENT_FIELDS};
use crate::ingest::json::{Node, Value};
use crate::ingest::raw::{RawActor, RawArticle, RawAttributes, RawEvent, RawEvidence, RawParticipant, RawRelation};
use crate::model::{ActorKind, RelationKind, Role, Status};

impl<'a> Reader<'a, '_> {
    pub(super) fn article(&mut self, node: &Node<'a>, path: &Path<'_>) -> Check<RawArticle> {
        let f = self.fields(node, path, ARTICLE_FIELDS, "an article")?;
        let id = self.required_string(&f, path, "id", "the article")?;
        let at = self.loc(f.get("id").map_or(node.pos, |n| n.pos));
        let title = self.required_string(&f, path, "title", "the article")?;
        let source = self.optional_string(&f, path, "source")?;
        let author = self.optional_string(&f, path, "author")?;
        let url = self.optional_string(&f, path, "url")?;
        let text = self.optional_string(&f, path, "text")?;
        let published = self.date(&f, path, "published")?.map(|(w, _)| w);
        self.published = published;
        if f.get("events").is_none() {
            let prefix = if path.is_root() { String::new() } else { format!("{path}: ") };
            return Err(self.error(f.pos, format!("{prefix}the article has no 'events', which is required")));
        }
        let actor_nodes = self.array(&f, path, "actors")?;
        let actors_path = path.field("actors");
        let actors =
            actor_nodes.iter().enumerate().filter_map(|(i, n)| self.actor(n, &actors_path.index(i)).ok()).collect();
        let event_nodes = self.array(&f, path, "events")?;
        let events_path = path.field("events");
        let events = event_nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.event(n, &events_path.index(i), EVENT_FIELDS).ok())
            .collect();
        Ok(RawArticle {
            id,
            title,
            source,
            author,
            published,
            url,
            text,
            actors,
            events,
            at,
            from_export: false,
            merge: false,
            kept_stories: Vec::new(),
        })
    }

    pub(super) fn actor(&mut self, node: &Node<'a>, path: &Path<'_>) -> Check<RawActor> {
        let f = self.fields(node, path, ACTOR_FIELDS, "an actor")?;
        let id = self.required_string(&f, path, "id", "the actor")?;
        let at = self.loc(f.get("id").map_or(node.pos, |n| n.pos));
        Ok(RawActor {
            id,
            name: self.optional_string(&f, path, "name")?,
            aliases: self.string_list(&f, path, "aliases")?,
            kind: self.keyword(&f, path, "kind", ActorKind::parse, ActorKind::choices())?,
            description: self.optional_string(&f, path, "description")?,
            at,
        })
    }

    /// An event; an error inside it skips the event and says so.
    pub(super) fn event(&mut self, node: &Node<'a>, path: &Path<'_>, known: &[&str]) -> Check<RawEvent> {
        let first_new = self.out.diagnostics.len();
        let result = self.event_fields(node, path, known);
        if result.is_err() {
            for d in &mut self.out.diagnostics[first_new..] {
                if d.is_error() {
                    d.message.push_str(" (event skipped)");
                }
            }
        }
        result
    }

    pub(super) fn event_fields(&mut self, node: &Node<'a>, path: &Path<'_>, known: &[&str]) -> Check<RawEvent> {
        let f = self.fields(node, path, known, "an event")?;
        let id = self.required_string(&f, path, "id", "the event")?;
        let at = self.loc(f.get("id").map_or(node.pos, |n| n.pos));
        let summary = self.required_string(&f, path, "summary", "the event")?;
        let (date, date_at) = match self.event_date(&f, path)? {
            Some((w, loc)) => (Some(w), loc),
            None => (None, at),
        };
        let date_resolved = match f.get("date_resolved") {
            None => false,
            Some(Node { value: Value::Bool(b), .. }) => *b,
            Some(n) => {
                let found = n.value.type_name();
                return Err(
                    self.error(n.pos, format!("{}: expected a boolean, found {found}", path.field("date_resolved")))
                );
            }
        };
        let mut action = self.optional_string(&f, path, "action")?;
        if let Some(a) = &action
            && a.chars().any(char::is_uppercase)
        {
            let lower = a.to_lowercase();
            let pos = f.get("action").map_or(f.pos, |n| n.pos);
            self.warning(
                pos,
                format!("{}: action '{a}' should be a lower-case lemma; read as '{lower}'", path.field("action")),
            );
            action = Some(lower);
        }
        Ok(RawEvent {
            id,
            at,
            date,
            date_at,
            date_text: self.optional_string(&f, path, "date_text")?,
            date_resolved,
            summary,
            action,
            status: self.keyword(&f, path, "status", Status::parse, Status::choices())?.unwrap_or(Status::Actual),
            participants: self.participants(&f, path)?,
            evidence: self.evidence(&f, path)?,
            relations: self.relations(&f, path)?,
            tags: self.string_list(&f, path, "tags")?,
            attributes: self.attributes(&f, path)?,
        })
    }

    pub(super) fn participants(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawParticipant>> {
        let items = self.array(f, path, "participants")?;
        let path = path.field("participants");
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            let p = path.index(i);
            let pf = self.fields(n, &p, &["actor", "role", "name"], "a participant")?;
            let actor = self.required_string(&pf, &p, "actor", "the participant")?;
            let role = self.keyword(&pf, &p, "role", Role::parse, Role::choices())?.unwrap_or(Role::Other);
            out.push(RawParticipant { actor, role, at: self.loc(n.pos) });
        }
        Ok(out)
    }

    pub(super) fn evidence(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawEvidence>> {
        let items = self.array(f, path, "evidence")?;
        let path = path.field("evidence");
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            let p = path.index(i);
            let at = self.loc(n.pos);
            if let Value::String(s) = &n.value {
                out.push(RawEvidence { quote: s.to_string(), span: None, at });
                continue;
            }
            let ef = self.fields(n, &p, &["quote", "start", "end"], "an evidence")?;
            let quote = self.required_string(&ef, &p, "quote", "the evidence")?;
            let start = self.offset(&ef, &p, "start")?;
            let end = self.offset(&ef, &p, "end")?;
            let span = match (start, end) {
                (Some(s), Some(e)) if s <= e => Some((s, e)),
                (None, None) => None,
                (Some(s), Some(e)) => {
                    return Err(self.error(n.pos, format!("{p}: start {s} is after end {e}")));
                }
                _ => return Err(self.error(n.pos, format!("{p}: give both 'start' and 'end', or neither"))),
            };
            out.push(RawEvidence { quote, span, at });
        }
        Ok(out)
    }

    pub(super) fn offset(&mut self, f: &Fields<'_, '_>, path: &Path<'_>, name: &str) -> Check<Option<usize>> {
        let Some(n) = f.get(name) else { return Ok(None) };
        match &n.value {
            Value::Number(s) => s.parse::<usize>().map(Some).map_err(|_| {
                self.error(n.pos, format!("{}: expected a character offset (0 or more), found {s}", path.field(name)))
            }),
            other => {
                let found = other.type_name();
                Err(self.error(n.pos, format!("{}: expected a number, found {found}", path.field(name))))
            }
        }
    }

    pub(super) fn relations(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawRelation>> {
        let items = self.array(f, path, "relations")?;
        let path = path.field("relations");
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            let p = path.index(i);
            let rf = self.fields(n, &p, &["type", "target"], "a relation")?;
            let kind_word = self.required_string(&rf, &p, "type", "the relation")?;
            let Some(kind) = RelationKind::parse(&kind_word) else {
                let pos = rf.get("type").map_or(n.pos, |t| t.pos);
                return Err(self.error(
                    pos,
                    format!(
                        "{}: unknown relation type '{kind_word}' (expected {})",
                        p.field("type"),
                        RelationKind::choices()
                    ),
                ));
            };
            let target = self.required_string(&rf, &p, "target", "the relation")?;
            out.push(RawRelation { kind, target, at: self.loc(n.pos) });
        }
        Ok(out)
    }

    /// Named values: an object of strings, numbers or booleans, kept as text.
    pub(super) fn attributes(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<RawAttributes> {
        let Some(node) = f.get("attributes") else { return Ok(RawAttributes::default()) };
        let path = path.field("attributes");
        let Value::Object(members) = &node.value else {
            let found = node.value.type_name();
            return Err(self.error(node.pos, format!("{path}: expected an object, found {found}")));
        };
        let mut out = RawAttributes::with_capacity(members.len(), 0);
        for m in members {
            let value = match &m.value.value {
                Value::String(s) => s.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    let found = other.type_name();
                    return Err(self.error(
                        m.value.pos,
                        format!("{}: expected a string, number or boolean, found {found}", path.field(&m.key)),
                    ));
                }
            };
            out.push(m.key.to_string(), &value);
        }
        Ok(out)
    }
}
