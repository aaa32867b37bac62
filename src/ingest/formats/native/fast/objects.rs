//! The native format's objects read by the fast path: an article, its actors, its events
//! and their participants, evidence and relations.

use super::{Fast, Pending, field};
use crate::ingest::raw::{RawActor, RawArticle, RawEvent, RawEvidence, RawParticipant, RawRelation};
use crate::model::timex::{self, Timex};
use crate::model::{ActorKind, Loc, RelationKind, Role, Status, When};

impl<'a> Fast<'a, '_> {
    pub(super) fn article(&mut self) -> Option<RawArticle> {
        // The arms below follow the order of these lists.
        const FIELDS: &[&str] = super::super::ARTICLE_FIELDS;
        let mut seen = 0;
        let mut a = RawArticle::default();
        let mut id_pos = None;
        let mut title = None;
        let mut events: Option<Vec<Pending<'a>>> = None;
        self.object(|r, key| {
            match field(key, FIELDS, &mut seen)? {
                0 => {
                    let (id, pos) = r.required_string()?;
                    (a.id, id_pos) = (id, Some(pos));
                }
                1 => title = Some(r.required_string()?.0),
                2 => a.source = r.optional_string()?,
                3 => a.author = r.optional_string()?,
                4 => {
                    a.published = match r.optional_string()? {
                        Some(date) => Some(When::parse(&date).ok()?),
                        None => None,
                    }
                }
                5 => a.url = r.optional_string()?,
                6 => a.text = r.optional_string()?,
                7 => r.array(|r| {
                    a.actors.push(r.actor()?);
                    Some(())
                })?,
                _ => {
                    if r.c.null() {
                        return None;
                    }
                    let mut list = Vec::new();
                    r.array(|r| {
                        list.push(r.event()?);
                        Some(())
                    })?;
                    events = Some(list);
                }
            }
            Some(())
        })?;
        a.at = self.loc(id_pos?);
        a.title = title?;
        let published = a.published;
        a.events = events?
            .into_iter()
            .map(|Pending { mut event, date }| {
                if let Some((text, pos)) = date {
                    match timex::normalize(&text, published.as_ref()).ok()? {
                        Timex::Date(w) => (event.date, event.date_at) = (Some(w), self.loc(pos)),
                        Timex::Unknown => {}
                        Timex::Duration | Timex::NeedsCreationTime => return None,
                    }
                }
                Some(event)
            })
            .collect::<Option<_>>()?;
        Some(a)
    }

    pub(super) fn actor(&mut self) -> Option<RawActor> {
        const FIELDS: &[&str] = super::super::ACTOR_FIELDS;
        let mut seen = 0;
        let mut actor = RawActor {
            id: String::new(),
            name: None,
            aliases: Vec::new(),
            kind: None,
            description: None,
            at: Loc::default(),
        };
        let mut id_pos = None;
        self.object(|r, key| {
            match field(key, FIELDS, &mut seen)? {
                0 => {
                    let (id, pos) = r.required_string()?;
                    (actor.id, id_pos) = (id, Some(pos));
                }
                1 => actor.name = r.optional_string()?,
                2 => actor.aliases = r.strings()?,
                3 => actor.kind = r.keyword(ActorKind::parse)?,
                _ => actor.description = r.optional_string()?,
            }
            Some(())
        })?;
        actor.at = self.loc(id_pos?);
        Some(actor)
    }

    pub(super) fn event(&mut self) -> Option<Pending<'a>> {
        const FIELDS: &[&str] = super::super::EVENT_FIELDS;
        let mut seen = 0;
        let mut e = RawEvent::new(String::new(), Loc::default(), String::new());
        let mut id_pos = None;
        let mut summary = false;
        let mut date = None;
        self.object(|r, key| {
            match field(key, FIELDS, &mut seen)? {
                0 => {
                    let (id, pos) = r.required_string()?;
                    (e.id, id_pos) = (id, Some(pos));
                }
                1 => {
                    if !r.c.null() {
                        let pos = r.c.pos();
                        date = Some((r.c.string()?, pos));
                    }
                }
                2 => e.date_text = r.optional_string()?,
                3 => {
                    e.summary = r.required_string()?.0;
                    summary = true;
                }
                4 => {
                    e.action = r.optional_string()?;
                    // An upper-case action is worth a warning: the reader gives it.
                    if e.action.as_deref().is_some_and(|a| a.chars().any(char::is_uppercase)) {
                        return None;
                    }
                }
                5 => e.status = r.keyword(Status::parse)?.unwrap_or(Status::Actual),
                6 => r.array(|r| {
                    e.participants.push(r.participant()?);
                    Some(())
                })?,
                7 => r.array(|r| {
                    e.evidence.push(r.evidence()?);
                    Some(())
                })?,
                8 => r.array(|r| {
                    e.relations.push(r.relation()?);
                    Some(())
                })?,
                9 => e.tags = r.strings()?,
                _ => e.attributes = r.attributes()?,
            }
            Some(())
        })?;
        if !summary {
            return None;
        }
        e.at = self.loc(id_pos?);
        e.date_at = e.at;
        Some(Pending { event: e, date })
    }

    pub(super) fn participant(&mut self) -> Option<RawParticipant> {
        let pos = self.c.pos();
        let at = self.loc(pos);
        let mut seen = 0;
        let (mut actor, mut role) = (None, Role::Other);
        self.object(|r, key| {
            match field(key, &["actor", "role", "name"], &mut seen)? {
                0 => actor = Some(r.required_string()?.0),
                1 => role = r.keyword(Role::parse)?.unwrap_or(Role::Other),
                // Accepted and not used, whatever it holds (five levels down the article).
                _ => r.c.skip_value(r.depth + 5)?,
            }
            Some(())
        })?;
        Some(RawParticipant { actor: actor?, role, at })
    }

    pub(super) fn evidence(&mut self) -> Option<RawEvidence> {
        let pos = self.c.pos();
        let at = self.loc(pos);
        if self.c.peek() == Some(b'"') {
            return Some(RawEvidence { quote: self.c.string()?.into_owned(), span: None, at });
        }
        let mut seen = 0;
        let (mut quote, mut start, mut end) = (None, None, None);
        self.object(|r, key| {
            match field(key, &["quote", "start", "end"], &mut seen)? {
                0 => quote = Some(r.required_string()?.0),
                1 => start = r.offset()?,
                _ => end = r.offset()?,
            }
            Some(())
        })?;
        let span = match (start, end) {
            (Some(s), Some(e)) if s <= e => Some((s, e)),
            (None, None) => None,
            _ => return None,
        };
        Some(RawEvidence { quote: quote?, span, at })
    }

    pub(super) fn relation(&mut self) -> Option<RawRelation> {
        let pos = self.c.pos();
        let at = self.loc(pos);
        let mut seen = 0;
        let (mut kind, mut target) = (None, None);
        self.object(|r, key| {
            match field(key, &["type", "target"], &mut seen)? {
                0 => kind = Some(RelationKind::parse(&r.required_string()?.0)?),
                _ => target = Some(r.required_string()?.0),
            }
            Some(())
        })?;
        Some(RawRelation { kind: kind?, target: target?, at })
    }
}
