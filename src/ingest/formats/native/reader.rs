//! The full reader of the native format's values: each checked with its field path and
//! its place in the file, every problem reported (what the fast path leaves to it).

use crate::ingest::formats::located::Located;
use crate::ingest::json::{self, Member, Node, Value};
use crate::ingest::raw::RawArticle;
use crate::model::timex::{self, Timex};
use crate::model::{Loc, When};

/// Field paths such as `events[2].participants[0].role`, built without allocating: the
/// text is only made when a message needs it.
#[derive(Clone, Copy)]
pub(super) enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub(super) fn field(&'p self, name: &'p str) -> Path<'p> {
        Path::Field(self, name)
    }
    pub(super) fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }
    pub(super) fn is_root(&self) -> bool {
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
pub(super) struct Reported;

pub(super) type Check<T> = Result<T, Reported>;

pub(super) struct Reader<'a, 'd> {
    pub out: Located<'a, 'd>,
    /// The publication of the article being read, by which TIMEX3 `PAST_REF`... are read.
    pub published: Option<When>,
}

/// An object's members looked up by name, unknown ones already warned about.
pub(super) struct Fields<'n, 'a> {
    pub members: &'n [Member<'a>],
    pub pos: usize,
}

impl<'n, 'a> Fields<'n, 'a> {
    pub(super) fn get(&self, name: &str) -> Option<&'n Node<'a>> {
        self.members.iter().find(|m| m.key == name).map(|m| &m.value).filter(|n| n.value != Value::Null)
    }
}

impl<'a, 'd> Reader<'a, 'd> {
    /// Reading a text located by `out`.
    pub(super) fn new(out: Located<'a, 'd>) -> Self {
        Reader { out, published: None }
    }

    pub(super) fn loc(&self, pos: usize) -> Loc {
        self.out.loc(pos)
    }

    pub(super) fn error(&mut self, pos: usize, message: String) -> Reported {
        self.out.error(pos, message);
        Reported
    }

    pub(super) fn warning(&mut self, pos: usize, message: String) {
        self.out.warning(pos, message);
    }

    pub(super) fn syntax_error(&mut self, e: &json::SyntaxError) {
        let mut message = format!("invalid JSON: {}", e.message);
        if let Some(open) = e.opened_at {
            let (line, column) = self.out.lines.locate(open);
            message.push_str(&format!("; it opens at {line}:{column}"));
        }
        self.error(e.pos, message);
    }

    pub(super) fn document(&mut self, node: &Node<'a>) -> Vec<RawArticle> {
        match &node.value {
            Value::Object(members) if members.iter().any(|m| m.key == "annals_export") => self.export(node),
            Value::Object(_) => self.article(node, &Path::Root).into_iter().collect(),
            Value::Array(items) => {
                items.iter().enumerate().filter_map(|(i, item)| self.article(item, &Path::Root.index(i)).ok()).collect()
            }
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
    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node<'a>,
        path: &Path<'_>,
        known: &[&str],
        what: &str,
    ) -> Check<Fields<'n, 'a>> {
        let Value::Object(members) = &node.value else {
            return Err(
                self.error(node.pos, format!("{path}: expected {what} object, found {}", node.value.type_name()))
            );
        };
        // The known fields met so far: a few at most, where searching every earlier member
        // made an object of many fields quadratic.
        let mut met: Vec<&str> = Vec::new();
        for m in members.iter() {
            if !known.contains(&m.key.as_ref()) {
                let message = format!("{}: unknown field '{}' (known: {})", path, m.key, known.join(", "));
                self.warning(m.key_pos, message);
            } else if met.contains(&m.key.as_ref()) {
                self.warning(m.key_pos, format!("{}: field '{}' appears twice; the first is used", path, m.key));
            } else {
                met.push(m.key.as_ref());
            }
        }
        Ok(Fields { members, pos: node.pos })
    }

    pub(super) fn string(&mut self, node: &Node<'_>, path: &Path<'_>) -> Check<String> {
        match &node.value {
            Value::String(s) => Ok(s.to_string()),
            other => Err(self.error(node.pos, format!("{path}: expected a string, found {}", other.type_name()))),
        }
    }

    pub(super) fn optional_string(
        &mut self,
        fields: &Fields<'_, '_>,
        path: &Path<'_>,
        name: &str,
    ) -> Check<Option<String>> {
        fields.get(name).map(|n| self.string(n, &path.field(name))).transpose()
    }

    pub(super) fn required_string(
        &mut self,
        fields: &Fields<'_, '_>,
        path: &Path<'_>,
        name: &str,
        what: &str,
    ) -> Check<String> {
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

    pub(super) fn array<'n>(&mut self, fields: &Fields<'n, 'a>, path: &Path<'_>, name: &str) -> Check<&'n [Node<'a>]> {
        match fields.get(name).map(|n| (n, &n.value)) {
            None => Ok(&[]),
            Some((_, Value::Array(items))) => Ok(items),
            Some((n, other)) => {
                Err(self.error(n.pos, format!("{}: expected an array, found {}", path.field(name), other.type_name())))
            }
        }
    }

    pub(super) fn string_list(&mut self, fields: &Fields<'_, 'a>, path: &Path<'_>, name: &str) -> Check<Vec<String>> {
        let items = self.array(fields, path, name)?;
        let path = path.field(name);
        items.iter().enumerate().map(|(i, n)| self.string(n, &path.index(i))).collect()
    }

    pub(super) fn keyword<T>(
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

    pub(super) fn date(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>, name: &str) -> Check<Option<(When, Loc)>> {
        let Some(node) = fields.get(name) else { return Ok(None) };
        let text = self.string(node, &path.field(name))?;
        match When::parse(&text) {
            Ok(w) => Ok(Some((w, self.loc(node.pos)))),
            Err(e) => Err(self.error(node.pos, format!("{}: {e}", path.field(name)))),
        }
    }

    /// An event's date: any TIMEX3 value, `PRESENT_REF`, `PAST_REF` and `FUTURE_REF` read by
    /// the article's publication; `XXXX-XX-XX` leaves the event undated.
    pub(super) fn event_date(&mut self, fields: &Fields<'_, '_>, path: &Path<'_>) -> Check<Option<(When, Loc)>> {
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
}
