//! TimeML (`.tml`): TimeBank, TempEval-3, the SemEval-2015 TimeLine documents.
//!
//! One document is one article: DOCID its id, the DCT its publication, TEXT its text. Each
//! EVENT is an event: the sentence around its trigger is the summary, the trigger (with its
//! character offsets) the evidence, its MAKEINSTANCE gives the status (NEG: denied, a modal
//! verb: hypothetical, FUTURE: planned) and its TLINKs the date ([`super::anchor`]). TIMEX3
//! values are read by [`crate::model::timex`]. What is not mapped (SLINKs, ALINKs, links
//! between times...) is counted in one warning per kind.

use super::anchor::{self, End, Link, Time};
use super::located::Located;
use super::snippet::{Sentences, file_stem, sentence_around};
use super::unmapped::Unmapped;
use super::xml::{self, Element};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::Source;
use crate::ingest::raw::{RawArticle, RawAttributes, RawEvent, RawEvidence, RawRelation};
use crate::model::{Status, When};
use std::collections::{HashMap, HashSet};
use walk::{Mention, Walk};

mod times;
mod walk;

/// Modal verbs (and adverbs annotators wrote in `modality`) that make an event hypothetical.
pub const MODAL_WORDS: &[&str] = &[
    "can", "could", "may", "might", "must", "shall", "should", "will", "would", "'d", "'ll", "ought", "need",
    "possible", "possibly", "probably", "likely", "perhaps",
];

pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    let mut reader = Reader {
        out: Located::new(file, &source.name, &lines, diagnostics),
        unmapped: Unmapped::default(),
        document_date: source.published,
    };
    let root = match xml::parse_document(&source.text, "TimeML", "a <TimeML> document") {
        Ok(root) => root,
        Err(e) => {
            reader.out.error(e.pos, e.message);
            return Vec::new();
        }
    };
    let article = reader.article(&root, &source.name);
    reader.unmapped.report(&mut reader.out);
    vec![article]
}

struct Reader<'a, 'd> {
    out: Located<'a, 'd>,
    unmapped: Unmapped,
    /// The date given from outside (`--published`, a sidecar), the DCT when there is none.
    document_date: Option<When>,
}

/// A MAKEINSTANCE.
struct Instance<'e> {
    eiid: String,
    element: &'e Element,
}

impl<'a> Reader<'a, '_> {
    fn article(&mut self, root: &Element, file_name: &str) -> RawArticle {
        let id = root.find("DOCID").map(|d| d.text().trim().to_string()).filter(|s| !s.is_empty());
        let id = id.unwrap_or_else(|| file_stem(file_name));
        let mut walk = Walk::default();
        if let Some(text) = root.find("TEXT") {
            walk.element(text);
        } else {
            self.out.warning(root.pos, "the document has no <TEXT>: it holds no events".to_string());
        }
        walk.trim();
        let timexes = collect(root, "TIMEX3");
        let published = self.creation_time(root, &timexes);
        let (times, time_ids) = self.times(&timexes, published.as_ref());
        let title = self.title(root, &walk, &id);
        let events = self.events(root, &walk, &times, &time_ids);
        RawArticle {
            source: outlet(&id).map(str::to_string),
            id,
            title,
            published,
            text: Some(walk.text),
            events,
            at: self.out.loc(root.find("DOCID").unwrap_or(root).pos),
            ..RawArticle::default()
        }
    }

    fn title(&self, root: &Element, walk: &Walk<'_>, id: &str) -> String {
        let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(t) = root.find("TITLE").map(|t| one_line(t.text())).filter(|t| !t.is_empty()) {
            return t;
        }
        let extra = root.find("EXTRAINFO").map(|e| e.text().trim().to_string()).unwrap_or_default();
        if !extra.is_empty() && !extra.contains('\n') && extra.chars().count() <= 150 {
            return one_line(extra);
        }
        let first = sentence_around(&walk.text, 0, 0, &walk.sentence_starts).replace("[]", "");
        if first.is_empty() { id.to_string() } else { first }
    }

    fn events(
        &mut self,
        root: &Element,
        walk: &Walk<'_>,
        times: &[Time],
        time_ids: &HashMap<String, usize>,
    ) -> Vec<RawEvent> {
        let mentions = &walk.mentions;
        let in_text: HashSet<*const Element> = mentions.iter().map(|m| m.element as *const Element).collect();
        for outside in collect(root, "EVENT").into_iter().filter(|e| !in_text.contains(&(*e as *const Element))) {
            self.unmapped.add(
                "EVENT outside <TEXT> (in a headline or EXTRAINFO) is not mapped",
                "EVENTs outside <TEXT> (in a headline or EXTRAINFO) are not mapped",
                outside.pos,
                outside.attr("eid").unwrap_or(""),
            );
        }
        let by_eid: HashMap<&str, usize> =
            mentions.iter().enumerate().filter_map(|(i, m)| Some((m.element.attr("eid")?, i))).collect();
        let mut instances: Vec<Vec<Instance<'_>>> = (0..mentions.len()).map(|_| Vec::new()).collect();
        let mut by_eiid: HashMap<String, usize> = HashMap::new();
        for mi in collect(root, "MAKEINSTANCE") {
            let eiid = mi.attr("eiid").unwrap_or("").to_string();
            match mi.attr("eventID").and_then(|e| by_eid.get(e)) {
                Some(&event) => {
                    by_eiid.insert(eiid.clone(), event);
                    instances[event].push(Instance { eiid, element: mi });
                }
                None => self.unmapped.add(
                    "MAKEINSTANCE names an EVENT that is not in the text; it is ignored",
                    "MAKEINSTANCEs name an EVENT that is not in the text; they are ignored",
                    mi.pos,
                    &eiid,
                ),
            }
        }
        for (m, inst) in mentions.iter().zip(&instances) {
            let eid = m.element.attr("eid").unwrap_or("");
            match inst.len() {
                0 => self.unmapped.add(
                    "EVENT has no MAKEINSTANCE: it is kept, with no TLINK to date it",
                    "EVENTs have no MAKEINSTANCE: they are kept, with no TLINK to date them",
                    m.element.pos,
                    eid,
                ),
                1 => {}
                _ => self.unmapped.add(
                    "EVENT has several MAKEINSTANCEs: they are read as one event",
                    "EVENTs have several MAKEINSTANCEs: each is read as one event",
                    inst[1].element.pos,
                    eid,
                ),
            }
        }
        let links = self.links(root, &by_eid, &by_eiid, time_ids);
        let labels: Vec<String> = mentions.iter().map(|m| m.element.attr("eid").unwrap_or("?").to_string()).collect();
        let anchoring = anchor::anchor(&labels, times, &links, &mut self.unmapped);
        for (pos, message) in &anchoring.conflicts {
            self.out.warning(*pos, message.clone());
        }
        for kind in ["SLINK", "ALINK"] {
            for link in collect(root, kind) {
                let (singular, plural) = match kind {
                    "SLINK" => (
                        "SLINK (modal, evidential, factive... subordination) is not mapped",
                        "SLINKs (modal, evidential, factive... subordination) are not mapped",
                    ),
                    _ => (
                        "ALINK (initiates, culminates... aspect) is not mapped",
                        "ALINKs (initiates, culminates... aspect) are not mapped",
                    ),
                };
                self.unmapped.add(singular, plural, link.pos, link.attr("lid").unwrap_or(""));
            }
        }
        let mut relations: Vec<Vec<RawRelation>> = (0..mentions.len()).map(|_| Vec::new()).collect();
        for r in &anchoring.relations {
            relations[r.carrier].push(RawRelation {
                kind: r.kind,
                target: labels[r.target].clone(),
                at: self.out.loc(r.pos),
            });
        }
        let mut events = Vec::with_capacity(mentions.len());
        let sentences = Sentences::new(&walk.text, &walk.sentence_starts);
        for (i, m) in mentions.iter().enumerate() {
            let anchor = anchoring.dates[i].as_ref();
            let mut event = self.event(m, &instances[i], &sentences);
            event.date = anchor.map(|a| a.when);
            if let Some(a) = anchor {
                event.attributes.push("date from", &a.from);
            }
            event.relations = std::mem::take(&mut relations[i]);
            events.push(event);
        }
        events
    }

    /// TLINKs with their ends resolved; a link naming an unknown id is counted.
    fn links(
        &mut self,
        root: &Element,
        by_eid: &HashMap<&str, usize>,
        by_eiid: &HashMap<String, usize>,
        time_ids: &HashMap<String, usize>,
    ) -> Vec<Link> {
        let mut links = Vec::new();
        for t in collect(root, "TLINK") {
            let id = t.attr("lid").unwrap_or("").to_string();
            let end = |event_attr: &str, time_attr: &str| -> Option<End> {
                if let Some(ei) = t.attr(event_attr) {
                    // Some files name the EVENT rather than its instance.
                    return by_eiid.get(ei).or_else(|| by_eid.get(ei)).map(|&e| End::Event(e));
                }
                t.attr(time_attr).and_then(|tid| time_ids.get(tid)).map(|&i| End::Time(i))
            };
            let source = end("eventInstanceID", "timeID");
            let target = end("relatedToEventInstance", "relatedToTime");
            match (source, target, t.attr("relType")) {
                (Some(source), Some(target), Some(rel)) => {
                    links.push(Link { id, source, target, rel: rel.to_string(), pos: t.pos })
                }
                _ => self.unmapped.add(
                    "TLINK names an event instance or time that is not in the file, or has no relType; it is ignored",
                    "TLINKs name an event instance or time that is not in the file, or have no relType; they are ignored",
                    t.pos,
                    &id,
                ),
            }
        }
        links
    }

    fn event(&mut self, m: &Mention<'_>, instances: &[Instance<'_>], sentences: &Sentences<'_>) -> RawEvent {
        let el = m.element;
        let at = self.out.loc(el.pos);
        let id = match el.attr("eid") {
            Some(eid) => eid.to_string(),
            None => {
                let (line, column) = self.out.lines.locate(el.pos);
                self.out.warning(el.pos, "EVENT without an eid: it is named by its place in the file".to_string());
                format!("event-{line}-{column}")
            }
        };
        let (quote, start, end) = trimmed_span(sentences, m.start, m.end);
        let instance = instances.first().map(|i| i.element);
        let attr = |name: &str| instance.and_then(|i| i.attr(name)).or_else(|| el.attr(name));
        let status = self.status(attr("polarity"), attr("modality"), attr("tense"), instance.unwrap_or(el));
        let mut attributes = RawAttributes::default();
        for name in ["class", "tense", "aspect", "pos", "polarity", "modality"] {
            if let Some(v) = attr(name) {
                attributes.push(name, v);
            }
        }
        if !instances.is_empty() {
            let eiids: Vec<&str> = instances.iter().map(|i| i.eiid.as_str()).collect();
            attributes.push("instance", &eiids.join(", "));
        }
        let action = el.attr("stem").map(str::to_string).unwrap_or_else(|| quote.to_lowercase());
        let summary = sentences.around(start, end);
        RawEvent {
            action: Some(action).filter(|a| !a.is_empty()),
            status,
            evidence: vec![RawEvidence { quote, span: Some((start, end)), at }],
            tags: el.attr("class").map(|c| vec![c.to_lowercase()]).unwrap_or_default(),
            attributes,
            ..RawEvent::new(id, at, summary)
        }
    }

    /// NEG: denied; a modal verb: hypothetical; the future tense: planned.
    fn status(&mut self, polarity: Option<&str>, modality: Option<&str>, tense: Option<&str>, el: &Element) -> Status {
        if polarity.is_some_and(|p| p.eq_ignore_ascii_case("NEG")) {
            return Status::Denied;
        }
        if let Some(m) = modality {
            let lower = m.trim().to_lowercase();
            if lower == "denied" {
                return Status::Denied;
            }
            if MODAL_WORDS.contains(&lower.as_str()) {
                return Status::Hypothetical;
            }
            self.unmapped.add(
                "modality is not a modal verb and is not mapped",
                "modalities are not modal verbs and are not mapped",
                el.pos,
                m,
            );
        }
        if tense.is_some_and(|t| t.eq_ignore_ascii_case("FUTURE")) {
            return Status::Planned;
        }
        Status::Actual
    }
}

/// Elements with this name anywhere under `root`, in document order.
fn collect<'e>(root: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut out = Vec::new();
    fn walk<'e>(el: &'e Element, name: &str, out: &mut Vec<&'e Element>) {
        if el.name == name {
            out.push(el);
        }
        for child in el.elements() {
            walk(child, name, out);
        }
    }
    walk(root, name, &mut out);
    out
}

/// The text between two character offsets without the spaces around it, and its new offsets
/// (real files write `<EVENT> Taking</EVENT>`).
pub fn trimmed_span(text: &Sentences<'_>, start: usize, end: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text.slice(start, end).chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let trail = chars[lead..].iter().rev().take_while(|c| c.is_whitespace()).count();
    let quote: String = chars[lead..chars.len() - trail].iter().collect();
    (quote, start + lead, end - trail)
}

/// The outlet a TimeBank / TempEval document id names by its prefix.
fn outlet(docid: &str) -> Option<&'static str> {
    const OUTLETS: &[(&str, &str)] = &[
        ("APW", "Associated Press Worldstream"),
        ("AP_", "Associated Press"),
        ("NYT", "New York Times"),
        ("nyt_", "New York Times"),
        ("XIE", "Xinhua"),
        ("WSJ", "Wall Street Journal"),
        ("wsj_", "Wall Street Journal"),
        ("ABC", "ABC News"),
        ("CNN", "CNN"),
        ("PRI", "Public Radio International"),
        ("VOA", "Voice of America"),
        ("bbc_", "BBC"),
    ];
    OUTLETS.iter().find(|(prefix, _)| docid.starts_with(prefix)).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_lose_their_surrounding_spaces() {
        assert_eq!(trimmed_span(&Sentences::new("(AP)_ Taking part", &[]), 5, 12), ("Taking".to_string(), 6, 12));
    }

    #[test]
    fn outlets_come_from_document_ids() {
        assert_eq!(outlet("APW19980227.0468"), Some("Associated Press Worldstream"));
        assert_eq!(outlet("wsj_0006"), Some("Wall Street Journal"));
        assert_eq!(outlet("3307"), None);
    }
}
