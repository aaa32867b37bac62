//! MEANTIME / NewsReader CAT XML: a `<Document>` of `<token>`s, `<Markables>` pointing to
//! tokens, `<Relations>` between markables.
//!
//! The tokens, joined by spaces a sentence a line, are the article text. Each EVENT_MENTION
//! is an event (its tokens the evidence, its sentence the summary, polarity, certainty,
//! modality and time its status). HAS_PARTICIPANT gives participants ([`participants`]):
//! the entity mention, through REFERS_TO, names an entity instance whose `instance_id` is
//! the actor's id, so one actor gathers its events across documents. TLINKs to TIMEX3s date the events as in
//! TimeML ([`super::anchor`]); mentions that REFERS_TO one event instance are IDENTICAL;
//! CLINKs become `causes`. What is not mapped is counted, one warning per kind.

use super::anchor::{self, End, Link, Time};
use super::located::Located;
use super::snippet::{Sentences, file_stem};
use super::timeml::MODAL_WORDS;
use super::unmapped::Unmapped;
use super::url::host;
use super::xml::{self, Element};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::Source;
use crate::ingest::raw::{RawArticle, RawAttributes, RawEvent, RawEvidence, RawRelation};
use crate::model::timex::{self, Timex};
use crate::model::{RelationKind, Status, When};
use std::collections::{HashMap, HashSet};

mod participants;

pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    let mut r = Reader {
        out: Located::new(file, &source.name, &lines, diagnostics),
        unmapped: Unmapped::default(),
        document_date: source.published,
    };
    let root = match xml::parse_document(&source.text, "Document", "a CAT <Document>") {
        Ok(root) => root,
        Err(e) => {
            r.out.error(e.pos, e.message);
            return Vec::new();
        }
    };
    let article = r.article(&root, &source.name);
    r.unmapped.report(&mut r.out);
    vec![article]
}

struct Reader<'a, 'd> {
    out: Located<'a, 'd>,
    unmapped: Unmapped,
    /// The date given from outside (`--published`, a sidecar), the DCT when there is none.
    document_date: Option<When>,
}

/// The article text rebuilt from tokens: character offsets of each token, sentence starts.
struct Tokens {
    text: String,
    spans: HashMap<String, (usize, usize)>,
    sentence_starts: Vec<usize>,
    /// The byte where each character starts, then the text's length.
    char_bytes: Vec<usize>,
}

impl Tokens {
    /// The characters `start..end` of the text, found without counting from its start.
    fn slice(&self, start: usize, end: usize) -> &str {
        let byte = |c: usize| self.char_bytes[c.min(self.char_bytes.len() - 1)];
        &self.text[byte(start)..byte(end.max(start))]
    }
}

fn tokens(root: &Element) -> Tokens {
    let mut text = String::new();
    let mut chars = 0;
    let mut spans = HashMap::new();
    let mut sentence_starts = Vec::new();
    let mut sentence: Option<String> = None;
    for t in root.named("token") {
        let s = t.attr("sentence").map(str::to_string);
        if s != sentence || sentence_starts.is_empty() {
            if !text.is_empty() {
                text.push('\n');
                chars += 1;
            }
            sentence_starts.push(chars);
            sentence = s;
        } else {
            text.push(' ');
            chars += 1;
        }
        let word = t.text();
        let n = word.chars().count();
        text.push_str(&word);
        if let Some(id) = t.attr("t_id") {
            spans.insert(id.to_string(), (chars, chars + n));
        }
        chars += n;
    }
    let char_bytes = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    Tokens { text, spans, sentence_starts, char_bytes }
}

impl Reader<'_, '_> {
    /// The characters a markable covers, from its first token to its last.
    fn span_of(&self, m: &Element, tokens: &Tokens) -> Option<(usize, usize)> {
        let covered: Vec<(usize, usize)> = m
            .named("token_anchor")
            .filter_map(|a| a.attr("t_id"))
            .filter_map(|t| tokens.spans.get(t))
            .copied()
            .collect();
        let start = covered.iter().map(|s| s.0).min()?;
        let end = covered.iter().map(|s| s.1).max()?;
        Some((start, end))
    }

    fn article(&mut self, root: &Element, file_name: &str) -> RawArticle {
        let doc = root.attr("doc_id").unwrap_or("").to_string();
        let id = root.attr("doc_name").or(root.attr("doc_id")).map_or_else(|| file_stem(file_name), str::to_string);
        let tokens = tokens(root);
        let empty = Element { name: String::new(), attributes: Vec::new(), pos: 0, children: Vec::new() };
        let markables = root.find("Markables").unwrap_or(&empty);
        let relations = root.find("Relations").unwrap_or(&empty);
        let by_mid: HashMap<&str, &Element> = markables.elements().filter_map(|m| Some((m.attr("m_id")?, m))).collect();
        let timexes: Vec<&Element> = markables.named("TIMEX3").collect();
        let published = self.creation_time(root, &timexes);
        let mentions: Vec<&Element> = markables.named("EVENT_MENTION").collect();
        // VALUE markables that take part in an event become its attributes; the rest are not
        // mapped.
        let valued: HashSet<&str> =
            relations.named("HAS_PARTICIPANT").flat_map(|h| h.named("target").filter_map(|t| t.attr("m_id"))).collect();
        for m in markables.elements() {
            let (singular, plural) = match m.name.as_str() {
                "VALUE" if valued.contains(m.attr("m_id").unwrap_or("")) => continue,
                "VALUE" => (
                    "VALUE markable (a quantity, money...) is not mapped",
                    "VALUE markables (quantities, money...) are not mapped",
                ),
                "SIGNAL" | "C-SIGNAL" => ("SIGNAL markable is not mapped", "SIGNAL markables are not mapped"),
                _ => continue,
            };
            self.unmapped.add(singular, plural, m.pos, m.attr("m_id").unwrap_or(""));
        }
        // REFERS_TO: mention m_id -> the instance element it refers to.
        let mut refers: HashMap<&str, &Element> = HashMap::new();
        for r in relations.named("REFERS_TO") {
            let Some(target) = r.named("target").filter_map(|t| t.attr("m_id")).find_map(|t| by_mid.get(t)) else {
                continue;
            };
            for s in r.named("source").filter_map(|s| s.attr("m_id")) {
                refers.insert(s, target);
            }
        }
        let event_ix: HashMap<&str, usize> =
            mentions.iter().enumerate().filter_map(|(i, m)| Some((m.attr("m_id")?, i))).collect();
        let times: Vec<Time> = timexes.iter().map(|t| self.time(t, &tokens, published.as_ref())).collect();
        let time_ix: HashMap<&str, usize> =
            timexes.iter().enumerate().filter_map(|(i, t)| Some((t.attr("m_id")?, i))).collect();
        let labels: Vec<String> = mentions.iter().map(|m| format!("m{}", m.attr("m_id").unwrap_or("?"))).collect();
        let links = self.links(relations, &mentions, &event_ix, &time_ix, &refers);
        let anchoring = anchor::anchor(&labels, &times, &links, &mut self.unmapped);
        for (pos, message) in &anchoring.conflicts {
            self.out.warning(*pos, message.clone());
        }
        let mut relations_of: Vec<Vec<RawRelation>> = vec![Vec::new(); mentions.len()];
        for r in &anchoring.relations {
            relations_of[r.carrier].push(RawRelation {
                kind: r.kind,
                target: labels[r.target].clone(),
                at: self.out.loc(r.pos),
            });
        }
        for c in relations.named("CLINK") {
            let end = |name: &str| c.named(name).filter_map(|e| e.attr("m_id")).find_map(|m| event_ix.get(m)).copied();
            match (end("source"), end("target")) {
                (Some(a), Some(b)) if a != b => relations_of[a].push(RawRelation {
                    kind: RelationKind::Causes,
                    target: labels[b].clone(),
                    at: self.out.loc(c.pos),
                }),
                _ => self.unmapped.add(
                    "CLINK is not between two event mentions: not mapped",
                    "CLINKs are not between two event mentions: not mapped",
                    c.pos,
                    c.attr("r_id").unwrap_or(""),
                ),
            }
        }
        for kind in ["SLINK", "GLINK"] {
            for l in relations.named(kind) {
                let (singular, plural) = if kind == "SLINK" {
                    ("SLINK (subordination) is not mapped", "SLINKs (subordination) are not mapped")
                } else {
                    ("GLINK (grammatical link) is not mapped", "GLINKs (grammatical links) are not mapped")
                };
                self.unmapped.add(singular, plural, l.pos, l.attr("r_id").unwrap_or(""));
            }
        }
        let participants::Parties { actors, participants, roles } =
            self.participants(relations, &by_mid, &event_ix, &refers, &tokens, &doc);
        let mut events = Vec::with_capacity(mentions.len());
        let sentences = Sentences::new(&tokens.text, &tokens.sentence_starts);
        for (i, m) in mentions.iter().enumerate() {
            let instance = refers.get(m.attr("m_id").unwrap_or("")).copied();
            let mut event = self.event(m, &labels[i], &tokens, &sentences, instance);
            if let Some(a) = &anchoring.dates[i] {
                event.date = Some(a.when);
                event.attributes.push("date from", &a.from);
            }
            event.relations = std::mem::take(&mut relations_of[i]);
            event.participants = participants.get(i).cloned().unwrap_or_default();
            if let Some(roles) = roles.get(i) {
                event.attributes.extend(roles.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
            events.push(event);
        }
        let title = tokens
            .sentence_starts
            .get(1)
            .map(|&end| tokens.text.chars().take(end).collect::<String>().trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.clone());
        let url = root.attr("url").or(root.attr("src_url")).map(str::to_string);
        RawArticle {
            source: url.as_deref().and_then(host).map(str::to_string),
            id,
            title,
            url,
            published,
            text: Some(tokens.text),
            actors,
            events,
            at: self.out.loc(root.pos),
            ..RawArticle::default()
        }
    }

    fn creation_time(&mut self, root: &Element, timexes: &[&Element]) -> Option<When> {
        let Some(dct) = timexes.iter().find(|t| t.attr("functionInDocument") == Some("CREATION_TIME")) else {
            if self.document_date.is_some() {
                return self.document_date;
            }
            self.out.warning(root.pos, "no document creation time (a TIMEX3 with functionInDocument=\"CREATION_TIME\"): the article has no publication date".to_string());
            return None;
        };
        match When::parse(dct.attr("value").unwrap_or("")) {
            Ok(w) => Some(w),
            Err(e) => {
                self.out.warning(dct.pos, format!("document creation time: {e}; the article has no publication date"));
                None
            }
        }
    }

    fn time(&mut self, t: &Element, tokens: &Tokens, dct: Option<&When>) -> Time {
        let words = self.span_of(t, tokens).map(|(s, e)| tokens.slice(s, e).to_string()).unwrap_or_default();
        let label = format!("m{} '{}'", t.attr("m_id").unwrap_or("?"), words);
        let value = t.attr("value").unwrap_or("");
        let when = match timex::normalize(value, dct) {
            _ if t.attr("type") == Some("SET") => None,
            Ok(Timex::Date(w)) => Some(w),
            Ok(_) => None,
            Err(e) => {
                self.out.warning(
                    t.pos,
                    format!("TIMEX3 m{}: {e}; links to it give no date", t.attr("m_id").unwrap_or("?")),
                );
                None
            }
        };
        Time::read(label, when, value, t.attr("mod"))
    }

    /// TLINKs between event mentions and TIMEX3s, and IDENTITY between mentions of one event
    /// instance.
    fn links(
        &mut self,
        relations: &Element,
        mentions: &[&Element],
        event_ix: &HashMap<&str, usize>,
        time_ix: &HashMap<&str, usize>,
        refers: &HashMap<&str, &Element>,
    ) -> Vec<Link> {
        let mut links = Vec::new();
        for t in relations.named("TLINK") {
            let end = |name: &str| -> Option<End> {
                let m = t.named(name).find_map(|e| e.attr("m_id"))?;
                event_ix.get(m).map(|&e| End::Event(e)).or_else(|| time_ix.get(m).map(|&i| End::Time(i)))
            };
            let id = t.attr("r_id").unwrap_or("").to_string();
            match (end("source"), end("target"), t.attr("reltype").or(t.attr("relType"))) {
                (Some(source), Some(target), Some(rel)) => {
                    links.push(Link { id, source, target, rel: rel.to_string(), pos: t.pos })
                }
                _ => self.unmapped.add(
                    "TLINK is not between event mentions and TIMEX3s, or has no reltype: not mapped",
                    "TLINKs are not between event mentions and TIMEX3s, or have no reltype: not mapped",
                    t.pos,
                    &id,
                ),
            }
        }
        let mut first_of_instance: HashMap<*const Element, usize> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some(instance) = m.attr("m_id").and_then(|id| refers.get(id)) else { continue };
            match first_of_instance.get(&(*instance as *const Element)) {
                Some(&first) => links.push(Link {
                    id: format!("REFERS_TO {}", instance.attr("m_id").unwrap_or("?")),
                    source: End::Event(i),
                    target: End::Event(first),
                    rel: "IDENTITY".to_string(),
                    pos: m.pos,
                }),
                None => {
                    first_of_instance.insert(*instance as *const Element, i);
                }
            }
        }
        links
    }

    fn event(
        &mut self,
        m: &Element,
        id: &str,
        tokens: &Tokens,
        sentences: &Sentences<'_>,
        instance: Option<&Element>,
    ) -> RawEvent {
        let at = self.out.loc(m.pos);
        let span = self.span_of(m, tokens);
        let (quote, summary, evidence) = match span {
            Some((s, e)) => {
                let quote = sentences.slice(s, e).to_string();
                let summary = sentences.around(s, e);
                (quote.clone(), summary, vec![RawEvidence { quote, span: Some((s, e)), at }])
            }
            None => {
                self.unmapped.add(
                    "EVENT_MENTION anchors no token: it is kept without text",
                    "EVENT_MENTIONs anchor no token: they are kept without text",
                    m.pos,
                    id,
                );
                (String::new(), format!("event {id} (no text)"), Vec::new())
            }
        };
        let mut attributes = RawAttributes::default();
        for name in ["pos", "tense", "aspect", "certainty", "polarity", "modality", "time"] {
            if let Some(v) = m.attr(name) {
                attributes.push(name, v);
            }
        }
        if let Some(i) = instance {
            for (name, attr) in
                [("class", "class"), ("instance_id", "instance_id"), ("instance name", "TAG_DESCRIPTOR")]
            {
                if let Some(v) = i.attr(attr) {
                    attributes.push(name, v);
                }
            }
        }
        let status = if m.attr("polarity") == Some("NEG") {
            Status::Denied
        } else if matches!(m.attr("certainty"), Some("POSSIBLE" | "PROBABLE"))
            || m.attr("modality").is_some_and(|v| MODAL_WORDS.contains(&v.to_lowercase().as_str()))
        {
            Status::Hypothetical
        } else if m.attr("time") == Some("FUTURE") {
            Status::Planned
        } else {
            Status::Actual
        };
        let action = m.attr("pred").map(str::to_string).unwrap_or_else(|| quote.to_lowercase());
        RawEvent {
            action: Some(action).filter(|a| !a.is_empty()),
            status,
            evidence,
            tags: instance.and_then(|i| i.attr("class")).map(|c| vec![c.to_lowercase()]).unwrap_or_default(),
            attributes,
            ..RawEvent::new(id.to_string(), at, summary)
        }
    }
}
