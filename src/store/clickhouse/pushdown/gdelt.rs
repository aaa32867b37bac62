//! A filter's terms on a GDELT table's columns, as annals's GDELT importer makes an event of
//! a row (`ingest::formats::gdelt::made`): SQLDATE its day, EventRootCode its action,
//! QuadClass its tag, each attribute its column; actors by the code and name of their rows,
//! once listed, else by the words of their code and name.

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
                    Value::Is(v) | Value::Prefix(v) => {
                        let mut any = Vec::new();
                        for &b in blocks {
                            match self.named(m, b, v) {
                                Some(sql) => any.push(sql),
                                None => return Ok(Part::all(false)),
                            }
                        }
                        // A name no actor has finds the rows without actors whose summary
                        // names it.
                        if blocks.len() == 2 && matches!(value, Value::Is(_)) {
                            any.push(format!("NOT ({} OR {})", named(5), named(15)));
                        }
                        Part::sql(any.join(" OR "), false)
                    }
                    _ => Part::all(false),
                }
            }
            (Key::Dyad, _) => {
                let Value::Is(v) = value else { return Ok(Part::all(false)) };
                let Some((a, b)) = v.split_once(',') else { return Ok(Part::all(false)) };
                let sides = [(a, 5), (b, 15), (b, 5), (a, 15)].map(|(name, block)| self.named(m, block, name));
                match sides {
                    [Some(a1), Some(b2), Some(b1), Some(a2)] => {
                        Part::sql(format!("({a1} AND {b2}) OR ({b1} AND {a2})"), false)
                    }
                    _ => Part::all(false),
                }
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

    /// Rows whose actor in the block of columns from `start` (Actor1's 5, Actor2's 15) may
    /// be called `name`: its code and name, lower-cased without dots, hold each run of
    /// letters and digits of `name` (an id is the runs of code and name; a name or an alias
    /// holds its words). None when `name` has no such run in ASCII.
    fn named(&mut self, m: &Mapping, start: usize, name: &str) -> Option<String> {
        let lower = name.replace('.', "").to_lowercase();
        let runs: Vec<String> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|r| !r.is_empty() && r.is_ascii())
            .map(str::to_string)
            .collect();
        if runs.is_empty() {
            return None;
        }
        let text = format!("replaceAll(lowerUTF8(concat({}, ' ', {})), '.', '')", m.fields[start], m.fields[start + 1]);
        let all: Vec<String> =
            runs.into_iter().map(|r| format!("position({text}, {}) > 0", self.param("String", r))).collect();
        Some(format!("({})", all.join(" AND ")))
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
