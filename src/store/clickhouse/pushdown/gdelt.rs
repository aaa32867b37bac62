//! A filter's terms on a GDELT table's columns, as annals's GDELT importer makes an event of
//! a row (`ingest::formats::gdelt::made`): SQLDATE its day, EventRootCode its action,
//! QuadClass its tag, each attribute its column; actors by the code and name of their rows
//! (a table's actors are listed before a filter that names one is applied).

use super::{Part, Sql, quoted};
use crate::model::Role;
use crate::query::Node;
use crate::query::ast::{Key, Term, Value};
use crate::store::clickhouse::gdelt::{Mapping, Spellings};

impl Sql<'_> {
    /// A term on a GDELT table's columns.
    pub(super) fn gdelt(
        &mut self,
        term: &Term,
        node: &Node,
        m: &Mapping,
        spellings: Option<&Spellings>,
    ) -> Result<Part, String> {
        let made = &m.made;
        let (key, value) = (&term.key, &term.value);
        // A column's value as the importer reads it, trimmed.
        let field = |column: usize| super::trim(&m.fields[column]);
        Ok(match (key, node) {
            (Key::Text, Node::All) => Part::all(true),
            (Key::Text, Node::Text(query)) => self.gdelt_text(query, m, spellings),
            // An event is dated its SQLDATE's day: it starts in [from, until) when the day
            // does, the first day starting at or after `from` on.
            (Key::From | Key::To | Key::Date, Node::Dated { from, until }) => {
                let date = crate::store::clickhouse::quoted(&m.date.0);
                let mut all = Vec::new();
                for (bound, op) in [(from, ">="), (until, "<")] {
                    if let Some(seconds) = bound {
                        let day = seconds.div_euclid(86_400) * 86_400;
                        let first = if day < *seconds { day + 86_400 } else { day };
                        let at = self.param(&m.date.1, m.day(first));
                        all.push(format!("ifNull({date} {op} {at}, 0)"));
                    }
                }
                if all.is_empty() { Part::all(true) } else { Part::sql(all.join(" AND "), true) }
            }
            // Listed actors: the rows whose code and name are theirs.
            (Key::Actor | Key::Agent | Key::Target, Node::Actors { role, actors: Some(found) })
                if let Some(pairs) = spellings.and_then(|s| self.spelled(found, s)) =>
            {
                let blocks: &[usize] = match role {
                    Some(Role::Agent) => &[5],
                    Some(Role::Target) => &[15],
                    _ => &[5, 15],
                };
                let pairs = self.param("Array(Tuple(String, String))", pairs);
                let any: Vec<String> =
                    blocks.iter().map(|&b| format!("has({pairs}, ({}, {}))", m.fields[b], m.fields[b + 1])).collect();
                Part::sql(any.join(" OR "), true)
            }
            (Key::Actor | Key::Agent | Key::Target, _) => {
                let blocks: &[usize] = match key {
                    Key::Agent => &[5],
                    Key::Target => &[15],
                    _ => &[5, 15],
                };
                let named = |start: usize| format!("({} != '' OR {} != '')", field(start), field(start + 1));
                match value {
                    Value::Prefix(p) if p.is_empty() => {
                        let any: Vec<String> = blocks.iter().map(|&b| named(b)).collect();
                        Part::sql(any.join(" OR "), true)
                    }
                    // A name no listed actor has finds the rows without actors whose
                    // summary names it (in any role; in one, it is an error).
                    Value::Is(_) if blocks.len() == 2 => {
                        Part::sql(format!("NOT ({} OR {})", named(5), named(15)), false)
                    }
                    _ => Part::all(false),
                }
            }
            // Either actor of the row on either side (that they are two actors is annals's
            // to check).
            (Key::Dyad, Node::Dyad { a, b }) => {
                let spelled = |found: &[crate::model::ActorIx], sql: &mut Self| {
                    spellings
                        .and_then(|s| sql.spelled(found, s))
                        .map(|pairs| sql.param("Array(Tuple(String, String))", pairs))
                };
                let (Some(a), Some(b)) = (spelled(a, self), spelled(b, self)) else { return Ok(Part::all(false)) };
                let side =
                    |pairs: &str, block: usize| format!("has({pairs}, ({}, {}))", m.fields[block], m.fields[block + 1]);
                Part::sql(
                    format!("({} AND {}) OR ({} AND {})", side(&a, 5), side(&b, 15), side(&b, 5), side(&a, 15)),
                    false,
                )
            }
            (Key::Action, _) => {
                let codes = chosen(value, made.actions.iter().map(|(a, c)| (*a, c.clone())), "action")?;
                self.among(field(28), codes)
            }
            (Key::Tag, _) => {
                let codes = chosen(value, made.tags.iter().map(|(t, c)| (t.as_str(), c.to_string())), "tag")?;
                self.among(field(29), codes)
            }
            (Key::Status, Node::Statuses(statuses)) => {
                if statuses.contains(&made.status) {
                    Part::all(true)
                } else {
                    Part::nothing()
                }
            }
            (Key::Attribute(written), _) => {
                let names: Vec<Box<str>> = made.attributes.iter().map(|(_, n)| (*n).into()).collect();
                let Some(name) = crate::query::fields::attribute_named(written, &names) else {
                    if written.eq_ignore_ascii_case("GDELT") {
                        return Ok(Part::all(false));
                    }
                    let all: Vec<&str> = made.attributes.iter().map(|(_, n)| *n).collect();
                    return Err(format!(
                        "{written}: a GDELT table's events have no such attribute (they have {} and GDELT)",
                        all.join(", ")
                    ));
                };
                let column = made.attributes.iter().find(|(_, n)| *n == name).map(|(c, _)| *c).expect("named");
                let value_sql = field(column);
                match self.test(&value_sql, value) {
                    Some((test, exact)) => Part::sql(format!("{value_sql} != '' AND {test}"), exact),
                    None => Part::all(false),
                }
            }
            _ => Part::all(false),
        })
    }

    /// Free words: the rows of whose columns an event holding them could be made (annals
    /// checks which do). A word lies in one piece of what the event is made of, unless it
    /// holds a space or a colon: in a column kept as an attribute or naming an actor in the
    /// summary (as the row writes it, either case, or holding one of the two characters
    /// that lower-case to ASCII), in the label of the row's `EventCode`, in the name or an
    /// alias of one of the row's listed actors (another spelling of it), or in the version
    /// every event has. (What annals checks is the row as the server writes it: the same
    /// text the condition reads, numbers included.)
    fn gdelt_text(
        &mut self,
        query: &crate::query::search::TextQuery,
        m: &Mapping,
        spellings: Option<&Spellings>,
    ) -> Part {
        let Some(spellings) = spellings else { return Part::all(false) };
        let sensitive = query.case_sensitive();
        let made = &m.made;
        // The columns an event's attributes and its summary's actors are read from.
        let mut columns: Vec<usize> = made.attributes.iter().map(|&(c, _)| c).collect();
        columns.extend([5, 6, 15, 16]);
        columns.sort_unstable();
        columns.dedup();
        let code = super::trim(&m.fields[26]);
        let mut all = Vec::new();
        for word in query.words() {
            let needle = crate::text::find::Needle::new(word, sensitive);
            if !asked_for(word) || needle.in_text(made.version) {
                return Part::all(false);
            }
            let w = self.param("String", word.to_string());
            let mut any: Vec<String> = columns
                .iter()
                .map(|&c| {
                    let field = &m.fields[c];
                    match sensitive {
                        true => format!("position({field}, {w}) > 0"),
                        false => format!(
                            "positionCaseInsensitive({field}, {w}) > 0 OR multiSearchAny({field}, ['\u{212A}', '\u{130}'])"
                        ),
                    }
                })
                .collect();
            let labelled: Vec<String> =
                made.labels.iter().filter(|(_, label)| needle.in_text(label)).map(|(c, _)| c.to_string()).collect();
            if !labelled.is_empty() {
                let codes = self.param("Array(String)", super::array(&labelled));
                any.push(format!(
                    "has({codes}, {code}) OR (length({code}) = 4 AND has({codes}, substring({code}, 1, 3)))"
                ));
            }
            if needle.in_text(&made.unlabelled) {
                any.push(format!("{code} = ''"));
            }
            // Ignoring case: the list keeps one of the spellings that differ only in case.
            let named = self.actors_holding(&crate::text::find::Needle::new(word, false));
            if !named.is_empty() {
                let Some(pairs) = self.spelled(&named, spellings) else { return Part::all(false) };
                let pairs = self.param("Array(Tuple(String, String))", pairs);
                any.extend([5, 15].map(|b| format!("has({pairs}, ({}, {}))", m.fields[b], m.fields[b + 1])));
            }
            all.push(format!("({})", any.join(" OR ")));
        }
        Part::sql(all.join(" AND "), false)
    }

    /// The code and name of the rows of the catalog's actors `found`, as an array parameter's
    /// value; None when too many to send.
    fn spelled(&self, found: &[crate::model::ActorIx], spellings: &Spellings) -> Option<String> {
        let mut pairs = Vec::new();
        for &a in found {
            for (code, name) in spellings.get(&self.catalog.actor(a).id).into_iter().flatten() {
                pairs.push(format!("({},{})", quoted(code), quoted(name)));
            }
        }
        let text = format!("[{}]", pairs.join(","));
        self.fits(&text).then_some(text)
    }

    /// Rows whose `field` is one of `codes` (none: no row).
    fn among(&mut self, field: String, codes: Vec<String>) -> Part {
        if codes.is_empty() {
            return Part::nothing();
        }
        let list = self.param("Array(String)", super::array(&codes));
        Part::sql(format!("has({list}, {field})"), true)
    }
}

/// The codes of the `words` (word, code) that `value` names, as annals compares words
/// (equal ignoring case, or starting with); Err when none can.
fn chosen<'w>(value: &Value, words: impl Iterator<Item = (&'w str, String)>, key: &str) -> Result<Vec<String>, String> {
    let all: Vec<(&str, String)> = words.collect();
    let codes: Vec<String> = match value {
        Value::Is(v) => all.iter().filter(|(w, _)| w.eq_ignore_ascii_case(v)).map(|(_, c)| c.clone()).collect(),
        Value::Prefix(p) => all
            .iter()
            .filter(|(w, _)| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
            .map(|(_, c)| c.clone())
            .collect(),
        _ => return Ok(Vec::new()),
    };
    if codes.is_empty() {
        let (Value::Is(v) | Value::Prefix(v)) = value else { unreachable!("matched above") };
        let mut names: Vec<&str> = all.iter().map(|(w, _)| *w).collect();
        names.dedup();
        return Err(format!("no event of a GDELT table has the {key} '{v}' ({key}s: {})", names.join(", ")));
    }
    Ok(codes)
}

/// Is a free word asked of a GDELT table's server? Not one that could run across the
/// summary's parts (a space, a colon), nor one outside ASCII (ClickHouse and Rust do not
/// lower-case every letter alike).
pub(crate) fn asked_for(word: &str) -> bool {
    !word.is_empty() && word.is_ascii() && !word.contains(|c: char| c.is_whitespace() || c == ':')
}
