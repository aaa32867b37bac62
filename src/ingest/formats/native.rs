//! The annals annotation format (version 1, docs/FORMAT.md) and annals exports.
//!
//! A file holds one article object, an array of articles, JSON Lines (one article a line)
//! or an annals export. Values are checked one by one with their place in the file, so
//! that a wrong type names its field path and its line and column. An error skips the
//! smallest thing that holds it (an event, else its article); a warning skips nothing.

mod fast;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::json::{self, Member, Node, Value};
use crate::ingest::raw::{RawActor, RawArticle, RawEvent, RawEvidence, RawParticipant, RawRelation};
use crate::ingest::{Format, Source};
use crate::model::timex::{self, Timex};
use crate::model::{ActorKind, Loc, RelationKind, Role, Status, When};

const ARTICLE_FIELDS: &[&str] = &["id", "title", "source", "author", "published", "url", "text", "actors", "events"];
const ACTOR_FIELDS: &[&str] = &["id", "name", "aliases", "kind", "description"];
const EVENT_FIELDS: &[&str] = &[
    "id",
    "date",
    "date_text",
    "summary",
    "action",
    "status",
    "participants",
    "evidence",
    "relations",
    "tags",
    "attributes",
];
const EXPORT_EVENT_FIELDS: &[&str] = &[
    "article",
    "id",
    "date",
    "date_text",
    "date_resolved",
    "summary",
    "action",
    "status",
    "participants",
    "evidence",
    "relations",
    "tags",
    "attributes",
];
const EXPORT_FIELDS: &[&str] = &["annals_export", "exported_at", "filters", "count", "actors", "events"];
const EXPORT_ARTICLE_FIELDS: &[&str] = &["id", "title", "source", "author", "url", "published"];

/// Parse a native file into raw articles; problems go to `diagnostics`.
pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    if source.format != Format::JsonLines
        && let Some(articles) = fast::document(file, &source.text)
    {
        return articles;
    }
    read_document(file, source, diagnostics)
}

/// A whole file read in full, every problem reported: what the fast path leaves to it.
fn read_document(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    let mut reader = Reader { file, name: &source.name, lines: &lines, diagnostics, published: None };
    match source.format {
        Format::JsonLines => json_lines(file, &source.name, &source.text, 1, reader.diagnostics),
        _ => match json::parse(&source.text) {
            Ok(node) => reader.document(&node),
            // Several objects one after another: JSON Lines under another name.
            Err(e) if e.message.starts_with("unexpected characters after") && looks_like_json_lines(&source.text) => {
                json_lines(file, &source.name, &source.text, 1, reader.diagnostics)
            }
            // Whole documents one after another, as `cat *.json | annals -` gives.
            Err(e) if e.message.starts_with("unexpected characters after") => {
                let (nodes, error) = json::parse_sequence(&source.text);
                let articles: Vec<RawArticle> = nodes.iter().flat_map(|n| reader.document(n)).collect();
                if let Some(e) = error {
                    reader.syntax_error(&e);
                }
                articles
            }
            Err(e) => {
                reader.syntax_error(&e);
                Vec::new()
            }
        },
    }
}

/// JSON Lines: one article a line; `first_line` is the text's first line in its file.
pub fn json_lines(
    file: u32,
    name: &str,
    text: &str,
    first_line: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawArticle> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| parse_line(file, name, line, first_line + i as u32, diagnostics))
        .collect()
}

/// One line of JSON Lines, holding one article (blank lines are skipped).
pub fn parse_line(
    file: u32,
    name: &str,
    line: &str,
    line_number: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawArticle> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return None;
    }
    fast::article(file, line, line_number).or_else(|| read_line(file, name, line, line_number, diagnostics))
}

/// One value of a streamed JSON document: an element of a top-level array (its article is
/// `[index]`), or a whole document (`index` None) that follows one. `text` is the block it
/// was cut from, `lines` its index; `start..end` the value.
#[allow(clippy::too_many_arguments)]
pub fn parse_element(
    file: u32,
    name: &str,
    text: &str,
    lines: &LineIndex<'_>,
    (start, end): (usize, usize),
    index: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawArticle> {
    if index.is_some()
        && let Some(article) = fast::article_at(file, text, lines, start, end, 1)
    {
        return vec![article];
    }
    let mut reader = Reader { file, name, lines, diagnostics, published: None };
    match (json::parse_nested(&text[start..end], start, usize::from(index.is_some())), index) {
        (Ok(node), Some(i)) => reader.article(&node, &Path::root("").index(i)).into_iter().collect(),
        (Ok(node), None) => reader.document(&node),
        (Err(e), _) => {
            reader.syntax_error(&e);
            Vec::new()
        }
    }
}

/// One line read in full, every problem reported: what the fast path leaves to it.
fn read_line(
    file: u32,
    name: &str,
    line: &str,
    line_number: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawArticle> {
    let lines = LineIndex::starting_at(line, line_number);
    let mut reader = Reader { file, name, lines: &lines, diagnostics, published: None };
    match json::parse(line) {
        Ok(node) => reader.article(&node, &Path::root("")).ok(),
        Err(mut e) => {
            let end_of_file = "the end of the file (is it truncated?)";
            e.message = e.message.replace(end_of_file, "the end of the line (each line holds one whole article)");
            reader.syntax_error(&e);
            None
        }
    }
}

fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next().is_some_and(|l| l.starts_with('{') && l.ends_with('}'))
        && json::parse(text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")).is_ok()
}

/// Field paths such as `events[2].participants[0].role`, built without allocating: the
/// text is only made when a message needs it.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn root(_prefix: &str) -> Self {
        Path::Root
    }
    fn field(&'p self, name: &'p str) -> Path<'p> {
        Path::Field(self, name)
    }
    fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }
    fn is_root(&self) -> bool {
        matches!(self, Path::Root)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => f.write_str("(top level)"),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(Path::Root, i) => write!(f, "[{i}]"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Marks that an error was already reported; the caller skips what it was building.
struct Reported;

type Check<T> = Result<T, Reported>;

struct Reader<'a, 'd> {
    file: u32,
    name: &'a str,
    lines: &'a LineIndex<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The publication of the article being read, by which TIMEX3 `PAST_REF`... are read.
    published: Option<When>,
}

/// An object's members looked up by name, unknown ones already warned about.
struct Fields<'n, 'a> {
    members: &'n [Member<'a>],
    pos: usize,
}

impl<'n, 'a> Fields<'n, 'a> {
    fn get(&self, name: &str) -> Option<&'n Node<'a>> {
        self.members.iter().find(|m| m.key == name).map(|m| &m.value).filter(|n| n.value != Value::Null)
    }
}

impl<'a> Reader<'a, '_> {
    fn loc(&self, pos: usize) -> Loc {
        let (line, column) = self.lines.locate(pos);
        Loc { file: self.file, line, column }
    }

    fn error(&mut self, pos: usize, message: String) -> Reported {
        let (line, column) = self.lines.locate(pos);
        self.diagnostics.push(Diagnostic::error(self.name, line, column, message));
        Reported
    }

    fn warning(&mut self, pos: usize, message: String) {
        let (line, column) = self.lines.locate(pos);
        self.diagnostics.push(Diagnostic::warning(self.name, line, column, message));
    }

    fn syntax_error(&mut self, e: &json::SyntaxError) {
        let mut message = format!("invalid JSON: {}", e.message);
        if let Some(open) = e.opened_at {
            let (line, column) = self.lines.locate(open);
            message.push_str(&format!("; it opens at {line}:{column}"));
        }
        self.error(e.pos, message);
    }

    fn document(&mut self, node: &Node<'a>) -> Vec<RawArticle> {
        match &node.value {
            Value::Object(members) if members.iter().any(|m| m.key == "annals_export") => self.export(node),
            Value::Object(_) => self.article(node, &Path::root("")).into_iter().collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.article(item, &Path::root("").index(i)).ok())
                .collect(),
            other => {
                let found = other.type_name();
                let _ = self.error(
                    node.pos,
                    format!("expected an article object, an array of articles or an annals export, found {found}"),
                );
                Vec::new()
            }
        }
    }

    /// The members of an object, warning about fields the format does not know.
    fn fields<'n>(&mut self, node: &'n Node<'a>, path: &Path<'_>, known: &[&str], what: &str) -> Check<Fields<'n, 'a>> {
        let Value::Object(members) = &node.value else {
            return Err(
                self.error(node.pos, format!("{path}: expected {what} object, found {}", node.value.type_name()))
            );
        };
        for (i, m) in members.iter().enumerate() {
            if !known.contains(&m.key.as_ref()) {
                let message = format!("{}: unknown field '{}' (known: {})", path, m.key, known.join(", "));
                self.warning(m.key_pos, message);
            } else if members[..i].iter().any(|earlier| earlier.key == m.key) {
                self.warning(m.key_pos, format!("{}: field '{}' appears twice; the first is used", path, m.key));
            }
        }
        Ok(Fields { members, pos: node.pos })
    }

    fn string(&mut self, node: &Node<'_>, path: &Path<'_>) -> Check<String> {
        match &node.value {
            Value::String(s) => Ok(s.to_string()),
            other => Err(self.error(node.pos, format!("{path}: expected a string, found {}", other.type_name()))),
        }
    }

    fn optional_string(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>, name: &str) -> Check<Option<String>> {
        fields.get(name).map(|n| self.string(n, &path.field(name))).transpose()
    }

    fn required_string(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>, name: &str, what: &str) -> Check<String> {
        match fields.get(name) {
            Some(n) => {
                let s = self.string(n, &path.field(name))?;
                if s.trim().is_empty() {
                    return Err(self.error(n.pos, format!("{}: must not be empty", path.field(name))));
                }
                Ok(s)
            }
            None => {
                let prefix = if path.is_root() { String::new() } else { format!("{path}: ") };
                Err(self.error(fields.pos, format!("{prefix}{what} has no '{name}', which is required")))
            }
        }
    }

    fn array<'n>(&mut self, fields: &Fields<'n, 'a>, path: &Path<'_>, name: &str) -> Check<&'n [Node<'a>]> {
        match fields.get(name).map(|n| (n, &n.value)) {
            None => Ok(&[]),
            Some((_, Value::Array(items))) => Ok(items),
            Some((n, other)) => {
                Err(self.error(n.pos, format!("{}: expected an array, found {}", path.field(name), other.type_name())))
            }
        }
    }

    fn string_list(&mut self, fields: &Fields<'_, 'a>, path: &Path<'_>, name: &str) -> Check<Vec<String>> {
        let items = self.array(fields, path, name)?;
        let path = path.field(name);
        items.iter().enumerate().map(|(i, n)| self.string(n, &path.index(i))).collect()
    }

    fn keyword<T>(
        &mut self,
        fields: &Fields<'_, '_>,
        path: &Path<'_>,
        name: &str,
        parse: fn(&str) -> Option<T>,
        choices: String,
    ) -> Check<Option<T>> {
        let Some(node) = fields.get(name) else { return Ok(None) };
        let path = path.field(name);
        let word = self.string(node, &path)?;
        match parse(&word) {
            Some(v) => Ok(Some(v)),
            None => Err(self.error(node.pos, format!("{path}: unknown value '{word}' (expected {choices})"))),
        }
    }

    fn date(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>, name: &str) -> Check<Option<(When, Loc)>> {
        let Some(node) = fields.get(name) else { return Ok(None) };
        let text = self.string(node, &path.field(name))?;
        match When::parse(&text) {
            Ok(w) => Ok(Some((w, self.loc(node.pos)))),
            Err(e) => Err(self.error(node.pos, format!("{}: {e}", path.field(name)))),
        }
    }

    /// An event's date: any TIMEX3 value, `PRESENT_REF`, `PAST_REF` and `FUTURE_REF` read by
    /// the article's publication; `XXXX-XX-XX` leaves the event undated.
    fn event_date(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>) -> Check<Option<(When, Loc)>> {
        let Some(node) = fields.get("date") else { return Ok(None) };
        let path = path.field("date");
        let text = self.string(node, &path)?;
        match timex::normalize(&text, self.published.as_ref()) {
            Ok(Timex::Date(w)) => Ok(Some((w, self.loc(node.pos)))),
            Ok(Timex::Unknown) => Ok(None),
            Ok(Timex::Duration) => {
                Err(self.error(node.pos, format!("{path}: '{text}' is a duration, not a date: write when it happened")))
            }
            Ok(Timex::NeedsCreationTime) => Err(self.error(
                node.pos,
                format!("{path}: '{text}' is read against the article's 'published' date, which it does not have"),
            )),
            Err(e) => Err(self.error(node.pos, format!("{path}: {e}"))),
        }
    }

    fn article(&mut self, node: &Node<'a>, path: &Path<'_>) -> Check<RawArticle> {
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
        })
    }

    fn actor(&mut self, node: &Node<'a>, path: &Path<'_>) -> Check<RawActor> {
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
    fn event(&mut self, node: &Node<'a>, path: &Path<'_>, known: &[&str]) -> Check<RawEvent> {
        let first_new = self.diagnostics.len();
        let result = self.event_fields(node, path, known);
        if result.is_err() {
            for d in &mut self.diagnostics[first_new..] {
                if d.is_error() {
                    d.message.push_str(" (event skipped)");
                }
            }
        }
        result
    }

    fn event_fields(&mut self, node: &Node<'a>, path: &Path<'_>, known: &[&str]) -> Check<RawEvent> {
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

    fn participants(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawParticipant>> {
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

    fn evidence(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawEvidence>> {
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

    fn offset(&mut self, f: &Fields<'_, '_>, path: &Path<'_>, name: &str) -> Check<Option<usize>> {
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

    fn relations(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<RawRelation>> {
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
    fn attributes(&mut self, f: &Fields<'_, 'a>, path: &Path<'_>) -> Check<Vec<(String, String)>> {
        let Some(node) = f.get("attributes") else { return Ok(Vec::new()) };
        let path = path.field("attributes");
        let Value::Object(members) = &node.value else {
            let found = node.value.type_name();
            return Err(self.error(node.pos, format!("{path}: expected an object, found {found}")));
        };
        let mut out = Vec::with_capacity(members.len());
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
            out.push((m.key.to_string(), value));
        }
        Ok(out)
    }

    /// An annals export: events that each carry their article; regrouped into articles.
    fn export(&mut self, node: &Node<'a>) -> Vec<RawArticle> {
        let root = Path::root("");
        let Ok(f) = self.fields(node, &root, EXPORT_FIELDS, "an export") else { return Vec::new() };
        if let Some(v) = f.get("annals_export")
            && v.value != Value::Number("1")
        {
            let _ = self.error(v.pos, "annals_export: this annals reads export version 1".to_string());
            return Vec::new();
        }
        let Ok(actor_nodes) = self.array(&f, &root, "actors") else { return Vec::new() };
        let actors: Vec<RawActor> = actor_nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.actor(n, &root.field("actors").index(i)).ok())
            .collect();
        let Ok(event_nodes) = self.array(&f, &root, "events") else { return Vec::new() };
        if let Some(count) = f.get("count")
            && count.value != Value::Number(&event_nodes.len().to_string())
        {
            let n = event_nodes.len();
            self.warning(count.pos, format!("count: says {:?} but the export holds {n} events", count.value));
        }
        let mut articles: Vec<RawArticle> = Vec::new();
        let mut by_id: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let events_path = root.field("events");
        for (i, n) in event_nodes.iter().enumerate() {
            let p = events_path.index(i);
            let Ok(event) = self.event(n, &p, EXPORT_EVENT_FIELDS) else { continue };
            let Ok(article) = self.export_article(n, &p) else { continue };
            match by_id.get(&article.id) {
                Some(&k) => articles[k].events.push(event),
                None => {
                    by_id.insert(article.id.clone(), articles.len());
                    articles.push(RawArticle { events: vec![event], ..article });
                }
            }
        }
        if let Some(first) = articles.first_mut() {
            first.actors = actors;
        }
        articles
    }

    fn export_article(&mut self, event: &Node<'a>, path: &Path<'_>) -> Check<RawArticle> {
        let members = match &event.value {
            Value::Object(m) => &m[..],
            _ => &[],
        };
        let ef = Fields { members, pos: event.pos };
        let Some(node) = ef.get("article") else {
            return Err(self.error(event.pos, format!("{path}: the exported event has no 'article'")));
        };
        let path = path.field("article");
        let f = self.fields(node, &path, EXPORT_ARTICLE_FIELDS, "an article")?;
        let id = self.required_string(&f, &path, "id", "the article")?;
        Ok(RawArticle {
            at: self.loc(f.get("id").map_or(node.pos, |n| n.pos)),
            title: self.optional_string(&f, &path, "title")?.unwrap_or_else(|| id.clone()),
            id,
            source: self.optional_string(&f, &path, "source")?,
            author: self.optional_string(&f, &path, "author")?,
            url: self.optional_string(&f, &path, "url")?,
            published: self.date(&f, &path, "published")?.map(|(w, _)| w),
            from_export: true,
            ..RawArticle::default()
        })
    }
}
