//! A filter as a ClickHouse condition: as much of it as the server can decide, so that it
//! sends only the rows that may pass (annals still checks every row it is sent, as on a
//! Parquet page); and whether the condition is the whole filter ([`Pushed::exact`]), so
//! that the server itself can count what passes (`GROUP BY`) without sending a row.
//!
//! Each term becomes a condition that every event passing the term meets; exactly the
//! events that pass where the columns decide the term as annals does:
//! - an annals table: dates (`placed_at` of a dated event), actors in any role or one (the
//!   ids the store's actors give a name), `actor:*`, statuses; actions, tags, sources and
//!   article prefixes written in ASCII (compared ignoring case, as annals does); attributes
//!   (by a short name such as `code`, an event's `code` if it has one, else its
//!   `EventCode`, as annals tests it);
//! - a GDELT table: SQLDATE for dates, EventRootCode for actions, QuadClass for tags, each
//!   attribute's own column, `actor:*`; actors by the code and name of their rows (its
//!   actors are listed first, `Table::names_for`).
//!
//! An annals table's free words too (a word in the summary, evidence, attribute values or
//! actors' names, with annals's case rule). A GDELT table's free words narrow the rows to
//! those that may hold them, and annals decides. Notes, marks, articles by id,
//! `date:reported` and dyads are left to annals (a dyad's two sides are asked for, not that
//! they are two actors in two roles). A value written outside ASCII is left
//! to annals too: ClickHouse and Rust do not lower-case every letter alike. Values reach
//! the server as parameters, never in the SQL's text.

mod gdelt;
pub(super) use gdelt::asked_for;

use super::gdelt::Mapping;
pub(super) use super::http::{array, literal as quoted};
use crate::model::Corpus;
use crate::query::ast::{Expr, Key, Op, Term, Value};
use crate::query::{Filter, Node, PartCheck};

/// The condition a filter asks of a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pushed {
    /// The condition, `1` when it asks nothing.
    pub sql: String,
    /// Its parameters (`{f0:String}` in the SQL).
    pub params: Vec<(String, String)>,
    /// The rows it selects are the events that pass, no more.
    pub exact: bool,
}

impl Pushed {
    /// The parameters as a query takes them.
    pub fn params(&self) -> Vec<(&str, String)> {
        self.params.iter().map(|(n, v)| (n.as_str(), v.clone())).collect()
    }

    /// Does the condition leave rows out?
    pub fn narrows(&self) -> bool {
        self.sql != "1"
    }
}

/// What a table's rows are: annals's columns, or a GDELT table's.
pub(super) enum Columns<'a> {
    Annals,
    /// With the code and name of each listed actor's rows, once the table's actors are
    /// listed (before a filter that names one).
    Gdelt(&'a Mapping, Option<&'a super::gdelt::Spellings>),
}

/// `filter` as a condition on the rows of a table of `columns` whose actors are `catalog`'s;
/// Err says what in it no row can have (a GDELT table's actions, tags and attributes are
/// known without reading a row).
pub(super) fn pushed(filter: &Filter, catalog: &Corpus, columns: Columns<'_>) -> Result<Pushed, String> {
    let Some(expr) = filter.expr() else { return Ok(Pushed { sql: "1".into(), params: Vec::new(), exact: true }) };
    let names = (!catalog.actors().is_empty()).then_some(catalog);
    // The tree against the store's actors: actors named, dates and statuses resolved. (An
    // error here is the scan's to give.)
    let Ok(compiled) = filter.compile_part(catalog, names, &mut PartCheck::default()) else {
        return Ok(Pushed { sql: "1".into(), params: Vec::new(), exact: false });
    };
    let mut sql = Sql { catalog, columns, params: Vec::new() };
    let part = sql.walk(expr, compiled.tree())?;
    let text = match part.cond {
        Cond::All => "1".to_string(),
        Cond::Nothing => "0".to_string(),
        Cond::Sql(s) => s,
    };
    Ok(Pushed { sql: text, params: sql.params, exact: part.exact })
}

/// Rows a part of the filter lets pass, and whether exactly its events.
struct Part {
    cond: Cond,
    exact: bool,
}

enum Cond {
    All,
    Nothing,
    Sql(String),
}

impl Part {
    fn all(exact: bool) -> Part {
        Part { cond: Cond::All, exact }
    }

    fn nothing() -> Part {
        Part { cond: Cond::Nothing, exact: true }
    }

    fn sql(sql: String, exact: bool) -> Part {
        Part { cond: Cond::Sql(sql), exact }
    }
}

fn and(parts: Vec<Part>) -> Part {
    let exact = parts.iter().all(|p| p.exact);
    let mut all = Vec::new();
    for part in parts {
        match part.cond {
            Cond::Nothing => return Part::nothing(),
            Cond::All => {}
            Cond::Sql(s) => all.push(format!("({s})")),
        }
    }
    if all.is_empty() { Part::all(exact) } else { Part::sql(all.join(" AND "), exact) }
}

fn or(parts: Vec<Part>) -> Part {
    if let Some(every) = parts.iter().filter(|p| matches!(p.cond, Cond::All)).max_by_key(|p| p.exact) {
        return Part::all(every.exact);
    }
    let exact = parts.iter().all(|p| p.exact);
    let any: Vec<String> = parts
        .into_iter()
        .filter_map(|p| match p.cond {
            Cond::Sql(s) => Some(format!("({s})")),
            _ => None,
        })
        .collect();
    if any.is_empty() { Part::nothing() } else { Part::sql(any.join(" OR "), exact) }
}

/// Every row may fail a negation of what is not exact.
fn not(part: Part) -> Part {
    if !part.exact {
        return Part::all(false);
    }
    match part.cond {
        Cond::All => Part::nothing(),
        Cond::Nothing => Part::all(true),
        Cond::Sql(s) => Part::sql(format!("NOT ({s})"), true),
    }
}

/// The most bytes of lists of ids a query sends (its parameters travel in its URL, which
/// servers and proxies limit to 16 KiB or more).
const MAX_SENT: usize = 12 * 1024;

struct Sql<'a> {
    catalog: &'a Corpus,
    columns: Columns<'a>,
    params: Vec<(String, String)>,
}

impl Sql<'_> {
    /// A parameter of `kind` holding `value`, as the SQL names it. A scalar's value is read
    /// as `TabSeparated` escapes it (`a\b` would be `a` and a backspace); an array's or a
    /// tuple's as its literal, already quoted.
    fn param(&mut self, kind: &str, value: String) -> String {
        let name = format!("f{}", self.params.len());
        let value = if kind == "String" { super::http::escaped(&value) } else { value };
        self.params.push((name.clone(), value));
        format!("{{{name}:{kind}}}")
    }

    /// The expression and the tree compiled from it have one shape.
    fn walk(&mut self, expr: &Expr, node: &Node) -> Result<Part, String> {
        Ok(match (expr, node) {
            (Expr::And(es), Node::And(ns)) => and(self.each(es, ns)?),
            (Expr::Or(es), Node::Or(ns)) => or(self.each(es, ns)?),
            (Expr::Not(e), Node::Not(n)) => not(self.walk(e, n)?),
            (Expr::Term(term), node) => match self.columns {
                Columns::Annals => self.annals(term, node),
                Columns::Gdelt(m, spellings) => self.gdelt(term, node, m, spellings)?,
            },
            _ => Part::all(false),
        })
    }

    fn each(&mut self, exprs: &[Expr], nodes: &[Node]) -> Result<Vec<Part>, String> {
        exprs.iter().zip(nodes).map(|(e, n)| self.walk(e, n)).collect()
    }

    /// A term on an annals table's columns.
    fn annals(&mut self, term: &Term, node: &Node) -> Part {
        let (key, value) = (&term.key, &term.value);
        match (key, node) {
            (Key::Text, Node::All) => Part::all(true),
            (Key::Text, Node::Text(query)) => self.text(query),
            (Key::From | Key::To | Key::Date, Node::Dated { from, until }) => {
                let mut all = vec!["isNotNull(date)".to_string()];
                for (bound, op) in [(from, ">="), (until, "<")] {
                    if let Some(seconds) = bound {
                        let at = self.param("Int64", seconds.saturating_mul(1000).to_string());
                        all.push(format!("placed_at {op} fromUnixTimestamp64Milli({at}, 'UTC')"));
                    }
                }
                Part::sql(format!("ifNull({}, 0)", all.join(" AND ")), true)
            }
            (Key::Actor | Key::Agent | Key::Target, Node::Actors { role, actors }) => {
                let role = role.map(|r| self.param("String", r.as_str().to_string()));
                let ids = match actors {
                    None => None,
                    Some(found) => match self.ids(found) {
                        Some(list) => Some(list),
                        None => return Part::all(false),
                    },
                };
                let sql = match (role, ids) {
                    (None, None) => "notEmpty(participants)".to_string(),
                    (None, Some(ids)) => {
                        format!("hasAny(arrayMap(p -> tupleElement(p, 'actor'), participants), {ids})")
                    }
                    (Some(r), None) => format!("arrayExists(p -> tupleElement(p, 'role') = {r}, participants)"),
                    (Some(r), Some(ids)) => format!(
                        "arrayExists(p -> tupleElement(p, 'role') = {r} AND has({ids}, tupleElement(p, 'actor')), participants)"
                    ),
                };
                Part::sql(sql, true)
            }
            (Key::Dyad, Node::Dyad { a, b }) => match (self.ids(a), self.ids(b)) {
                (Some(a), Some(b)) => {
                    let actors = "arrayMap(p -> tupleElement(p, 'actor'), participants)";
                    Part::sql(format!("hasAny({actors}, {a}) AND hasAny({actors}, {b})"), false)
                }
                _ => Part::all(false),
            },
            (Key::Status, Node::Statuses(statuses)) => {
                let names: Vec<String> = statuses.iter().map(|s| s.as_str().to_string()).collect();
                let list = self.param("Array(String)", array(&names));
                Part::sql(format!("has({list}, status)"), true)
            }
            (Key::Action, _) => self.word("action", value, "isNotNull(action)", |w| format!("ifNull({w}, 0)")),
            (Key::Source, _) => self.word("source", value, "isNotNull(source)", |w| format!("ifNull({w}, 0)")),
            (Key::Tag, _) => self.word("t", value, "notEmpty(tags)", |w| format!("arrayExists(t -> {w}, tags)")),
            (Key::Article, _) => match value {
                // An id as written comes before the same ignoring case: either is asked for.
                Value::Is(v) if v.is_ascii() => {
                    let id = self.param("String", v.to_ascii_lowercase());
                    Part::sql(format!("lowerUTF8(article) = {id}"), false)
                }
                Value::Prefix(_) => self.word("article", value, "1", |w| w),
                _ => Part::all(false),
            },
            (Key::Attribute(written), _) => {
                if !written.is_ascii() {
                    return Part::all(false);
                }
                let Some((test, exact)) = self.test("tupleElement(a, 'value')", value) else { return Part::all(false) };
                let named = |name: &str, sql: &mut Self| {
                    let name = sql.param("String", name.to_ascii_lowercase());
                    format!("lower(tupleElement(a, 'name')) = {name}")
                };
                let first = named(written, self);
                let tested = |name: &str| format!("arrayExists(a -> {name} AND {test}, attributes)");
                // The attribute as written where the event has it, else the one its short
                // name stands for (as annals tests each event).
                let sql =
                    match crate::query::fields::attribute_alias(written).filter(|f| !f.eq_ignore_ascii_case(written)) {
                        None => tested(&first),
                        Some(full) => {
                            let full = named(full, self);
                            format!("if(arrayExists(a -> {first}, attributes), {}, {})", tested(&first), tested(&full))
                        }
                    };
                Part::sql(sql, exact)
            }
            _ => Part::all(false),
        }
    }

    /// Words (a phrase, or `/`'s words) in an event's summary, evidence, attribute values or
    /// actors' names and aliases, with annals's case rule: a word written in ASCII is found
    /// as annals finds it (ClickHouse and Rust lower-case its letters alike); the actors
    /// whose names hold it are the catalog's (a table without one names actors by id).
    fn text(&mut self, query: &crate::query::search::TextQuery) -> Part {
        let sensitive = query.case_sensitive();
        let mut all = Vec::new();
        for word in query.words() {
            if !word.is_ascii() || word.is_empty() {
                return Part::all(false);
            }
            let w = self.param("String", word.to_string());
            let found = |hay: &str| match sensitive {
                true => format!("position({hay}, {w}) > 0"),
                false => format!("positionCaseInsensitiveUTF8({hay}, {w}) > 0"),
            };
            let mut any = vec![
                found("summary"),
                format!("arrayExists(e -> {}, evidence)", found("tupleElement(e, 'quote')")),
                format!("arrayExists(a -> {}, attributes)", found("tupleElement(a, 'value')")),
            ];
            if self.catalog.actors().is_empty() {
                any.push(format!("arrayExists(p -> {}, participants)", found("tupleElement(p, 'actor')")));
            } else {
                // The catalog's actors whose name or an alias holds the word, as annals reads them.
                let named = self.actors_holding(&crate::text::find::Needle::new(word, sensitive));
                if !named.is_empty() {
                    match self.ids(&named) {
                        Some(ids) => {
                            any.push(format!("hasAny(arrayMap(p -> tupleElement(p, 'actor'), participants), {ids})"))
                        }
                        None => return Part::all(false),
                    }
                }
            }
            all.push(format!("({})", any.join(" OR ")));
        }
        // Several words are found in the summary, evidence and actors together, or all in
        // one attribute's value: annals checks which.
        Part::sql(all.join(" AND "), query.words().len() == 1)
    }

    /// The catalog's actors whose name or an alias holds `word`.
    fn actors_holding(&self, word: &crate::text::find::Needle) -> Vec<crate::model::ActorIx> {
        (0..self.catalog.actors().len() as crate::model::ActorIx)
            .filter(|&a| {
                let actor = self.catalog.actor(a);
                word.in_text(actor.name.raw()) || actor.aliases.iter().any(|t| word.in_text(t.raw()))
            })
            .collect()
    }

    /// `ids` of the catalog's actors as an array parameter, or None when too many to send.
    fn ids(&mut self, found: &[crate::model::ActorIx]) -> Option<String> {
        let ids: Vec<String> = found.iter().map(|&a| self.catalog.actor(a).id.clone()).collect();
        let list = array(&ids);
        self.fits(&list).then(|| self.param("Array(String)", list))
    }

    /// Would `value` keep the parameters within [`MAX_SENT`]?
    fn fits(&self, value: &str) -> bool {
        self.params.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>() + value.len() <= MAX_SENT
    }

    /// A word term (`action:expel`, `tag:prop*`) on the text `column`: equal or starting
    /// with, ignoring case; `any` for `key:*`; `wrap` makes the comparison the condition.
    fn word(&mut self, column: &str, value: &Value, any: &str, wrap: impl Fn(String) -> String) -> Part {
        match value {
            Value::Prefix(p) if p.is_empty() => Part::sql(any.to_string(), true),
            Value::Is(v) if v.is_ascii() => {
                let v = self.param("String", v.to_ascii_lowercase());
                Part::sql(wrap(format!("lowerUTF8({column}) = {v}")), true)
            }
            Value::Prefix(p) if p.is_ascii() => {
                let p = self.param("String", p.to_ascii_lowercase());
                Part::sql(wrap(format!("startsWith(lowerUTF8({column}), {p})")), true)
            }
            _ => Part::all(false),
        }
    }

    /// An attribute's test on the text `value` (not empty), as annals tests it; and whether
    /// exactly. None when annals must say what is wrong with it (a number that is none).
    fn test(&mut self, value: &str, test: &Value) -> Option<(String, bool)> {
        let number = |v: &str| v.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        let as_number = format!("toFloat64OrNull({})", trim(value));
        Some(match test {
            Value::Prefix(p) if p.is_empty() => ("1".to_string(), true),
            Value::Prefix(p) => {
                let p = self.param("String", p.to_lowercase());
                (format!("startsWith(lowerUTF8({value}), {p})"), test_ascii(test))
            }
            // Equal as numbers when both are, else as words.
            Value::Is(v) => {
                let word = self.param("String", v.to_lowercase());
                let sql = match v.trim().parse::<f64>().ok() {
                    Some(n) if n.is_finite() => {
                        let n = self.param("Float64", n.to_string());
                        format!("if(isNull({as_number}), lowerUTF8({value}) = {word}, {as_number} = {n})")
                    }
                    Some(_) => return None,
                    None => format!("isNull({as_number}) AND lowerUTF8({value}) = {word}"),
                };
                (sql, test_ascii(test))
            }
            Value::Compare(op, v) => {
                let n = self.param("Float64", number(v)?.to_string());
                let op = match op {
                    Op::Lt => "<",
                    Op::Le => "<=",
                    Op::Gt => ">",
                    Op::Ge => ">=",
                };
                (format!("ifNull({as_number} {op} {n}, 0)"), true)
            }
            Value::Range(a, b) => {
                // An empty range is annals's to say.
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return None;
                }
                let (a, b) = (self.param("Float64", a.to_string()), self.param("Float64", b.to_string()));
                (format!("ifNull({as_number} BETWEEN {a} AND {b}, 0)"), true)
            }
        })
    }
}

/// `x` without the white space Rust's `trim` takes off (tabs, line breaks, no-break and
/// other Unicode spaces): `trimBoth` (spaces) where what is left starts and ends with
/// printable ASCII, as codes and numbers do; else a regular expression.
pub(super) fn trim(x: &str) -> String {
    let t = format!("trimBoth({x})");
    format!(
        "if({t} = '' OR (ascii({t}) BETWEEN 33 AND 126 AND ascii(reverse({t})) BETWEEN 33 AND 126), {t}, \
         replaceRegexpAll({x}, '^[\\t\\n\\x0B\\f\\r\\\\x{{85}}\\\\p{{Z}}]+|[\\t\\n\\x0B\\f\\r\\\\x{{85}}\\\\p{{Z}}]+$', ''))"
    )
}

/// Is the term's value written in ASCII (compared ignoring case as ClickHouse does)?
fn test_ascii(value: &Value) -> bool {
    match value {
        Value::Is(v) | Value::Prefix(v) => v.is_ascii(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Parts, Status};

    fn annals(words: &str) -> Pushed {
        let none = Corpus::assemble(Parts::default());
        pushed(&Filter::parse_words(words).unwrap(), &none, Columns::Annals).unwrap()
    }

    fn gdelt(words: &str) -> Result<Pushed, String> {
        let described: Vec<(&str, &str)> = super::super::GDELT_COLUMNS.iter().map(|c| (*c, "String")).collect();
        let m = Mapping::of(&described).unwrap().unwrap();
        let none = Corpus::assemble(Parts::default());
        pushed(&Filter::parse_words(words).unwrap(), &none, Columns::Gdelt(&m, None))
    }

    #[test]
    fn what_the_columns_decide_is_exact_and_a_negation_of_the_rest_asks_nothing() {
        let p = annals("-action:expel status:denied");
        assert!(p.exact, "{p:?}");
        assert_eq!(p.sql, "(NOT (ifNull(lowerUTF8(action) = {f0:String}, 0))) AND (has({f1:Array(String)}, status))");
        assert_eq!(
            p.params,
            [("f0".into(), "expel".into()), ("f1".into(), format!("['{}']", Status::Denied.as_str()))]
        );
        // A word in ASCII is found in the summary, evidence, attribute values and actors.
        let p = annals("embassy");
        assert!(p.exact && p.sql.starts_with("(positionCaseInsensitiveUTF8(summary, {f0:String}) > 0 OR"), "{p:?}");
        assert!(annals("Embassy").sql.starts_with("(position(summary, {f0:String}) > 0"), "a capital: case matters");
        // Notes, marks and what is written outside ASCII are annals's: nothing asked, and not
        // exact; nor their negation.
        for words in ["is:marked", "-is:marked", "action:éxpel", "ambassade_à_moscou", "is:marked or action:expel"] {
            let p = annals(words);
            assert_eq!((p.sql.as_str(), p.exact), ("1", false), "{words}");
        }
        // Either part asked for, the notes left to annals.
        let p = annals("is:marked action:expel");
        assert_eq!((p.sql.as_str(), p.exact), ("(ifNull(lowerUTF8(action) = {f0:String}, 0))", false));
        // A short name: an event's `code` if it has one, else its `EventCode`.
        let (short, full) = (annals("code:14*"), annals("EventCode:14*"));
        assert!(short.exact && full.exact, "{short:?}");
        assert!(short.sql.starts_with("if(arrayExists(a -> lower(tupleElement(a, 'name')) = {f1:String}"));
        let values: Vec<&str> = short.params.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["14", "code", "eventcode"]);
        // Values are parameters, never SQL: a quote stays in its parameter; a backslash and
        // a tab are escaped as a parameter's value is read.
        let p = annals("action:\"it's\"");
        assert!(!p.sql.contains("it"), "{}", p.sql);
        assert_eq!(annals("action:\"a\\\\b\tc\"").params[0].1, "a\\\\b\\tc");
    }

    #[test]
    fn a_gdelt_table_is_asked_by_its_columns_and_what_no_row_can_have_is_said_at_once() {
        let p = gdelt("action:protest tag:\"material conflict\" goldstein:<-5").unwrap();
        assert!(p.exact, "{p:?}");
        let values: Vec<&str> = p.params.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["['14']", "['4']", "-5"]);
        // A name no listed actor has: in any role, the rows without actors (their summary
        // may name it); annals decides.
        let p = gdelt("actor:\"U.S.\"").unwrap();
        assert!(!p.exact && p.sql.starts_with("NOT ("), "{p:?}");
        assert!(gdelt("actor:*").unwrap().exact);
        // A date is a day: from noon on is from the next day.
        let p = gdelt("date:>=2019-03-04").unwrap();
        assert_eq!((p.params[0].1.as_str(), p.exact), ("20190304", true));
        let e = gdelt("action:dance").unwrap_err();
        assert!(e.starts_with("no event of a GDELT table has the action 'dance' (actions: state, appeal"), "{e}");
        assert!(gdelt("colour:red").unwrap_err().starts_with("colour: a GDELT table's events have no such attribute"));
        assert_eq!(gdelt("status:denied").unwrap().sql, "0");
    }
}
