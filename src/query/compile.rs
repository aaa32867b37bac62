//! A query checked against one corpus: each term resolved to what the corpus holds
//! (actor names to actors, dates to instants, attribute short names to attributes,
//! numbers parsed), or an error that says what is wrong, where, and the near miss.
//! Against a part of a larger timeline (a page of a stored dataset), a name the part
//! lacks selects nothing there instead ([`compile_part`]).

use super::annotations::Annotations;
use super::ast::{Expr, Key, Op, Term, Value};
use super::error::FilterError;
use super::eval::{AttrTest, Node};
use super::fields::{ATTRIBUTE_ALIASES, KEYS, attribute_alias, attribute_named, near_miss};
use super::search::TextQuery;
use crate::model::{ActorIx, ArticleIx, Corpus, EventIx, Role, Status, When};
pub(super) use names::ActorsSeen;
use names::{Names, missing, no_actor};
use std::cell::RefCell;

mod names;

/// The tree of `expr` against `corpus`; `spans[i]` is where the i-th term was written.
pub fn compile(
    expr: &Expr,
    corpus: &Corpus,
    desk: &Annotations,
    spans: &[Option<(usize, usize)>],
) -> Result<Node, FilterError> {
    let mut found = Vec::new();
    let tree = node(expr, corpus, desk, spans, Names::Checked, &mut found)?;
    if let Expr::And(parts) = expr {
        empty_range(parts)?;
    }
    Ok(tree)
}

/// The tree of `expr` against `part`, a part of a larger timeline whose actors are
/// `actors`' (a corpus of them alone; None: unknown, each part's own): a term naming what
/// `part` lacks selects nothing here. With the tree, whether each term (in the order of
/// [`Expr::terms`]) named something; one that names nothing in any part is the error
/// [`compile`] gives on the whole. An actor no part can have is an error at once. (`is:`
/// and `note:` read no notes here.)
pub fn compile_part(
    expr: &Expr,
    part: &Corpus,
    actors: Option<&Corpus>,
    seen: &RefCell<ActorsSeen>,
    spans: &[Option<(usize, usize)>],
) -> Result<(Node, Vec<bool>), FilterError> {
    let mut found = Vec::new();
    let tree = node(expr, part, &Annotations::default(), spans, Names::Partial { actors, seen }, &mut found)?;
    if let Expr::And(parts) = expr {
        empty_range(parts)?;
    }
    Ok((tree, found))
}

fn node(
    expr: &Expr,
    corpus: &Corpus,
    desk: &Annotations,
    spans: &[Option<(usize, usize)>],
    names: Names<'_>,
    found: &mut Vec<bool>,
) -> Result<Node, FilterError> {
    let each = |parts: &[Expr], found: &mut Vec<bool>| {
        parts.iter().map(|p| node(p, corpus, desk, spans, names, found)).collect::<Result<Vec<_>, _>>()
    };
    Ok(match expr {
        Expr::And(parts) => Node::And(each(parts, found)?),
        Expr::Or(parts) => Node::Or(each(parts, found)?),
        Expr::Not(inner) => Node::Not(Box::new(node(inner, corpus, desk, spans, names, found)?)),
        Expr::Term(term) => {
            let at = spans.get(found.len()).copied().flatten();
            let tree = self::term(term, corpus, desk, names).map_err(|message| FilterError { message, at })?;
            found.push(!matches!(tree, Node::Nothing));
            tree
        }
    })
}

/// `from:2017 to:2016` as the whole query selects nothing: say so rather than show nothing.
fn empty_range(parts: &[Expr]) -> Result<(), FilterError> {
    let date = |key: Key| {
        parts.iter().find_map(|p| match p {
            Expr::Term(Term { key: k, value: Value::Is(v) }) if *k == key => When::parse(v).ok(),
            _ => None,
        })
    };
    if let (Some(from), Some(to)) = (date(Key::From), date(Key::To))
        && from.start >= to.end
    {
        return Err(FilterError { message: format!("from {} is after to {}", from.iso(), to.iso()), at: None });
    }
    Ok(())
}

fn term(term: &Term, corpus: &Corpus, desk: &Annotations, names: Names<'_>) -> Result<Node, String> {
    let Term { key, value } = term;
    let name = key.name();
    match key {
        Key::Text => text(value),
        Key::From | Key::To => {
            let Value::Is(v) = value else { return Err(format!("{name}: takes one date, as in {name}:2016-12-28")) };
            let when = date(name, v)?;
            Ok(if *key == Key::From {
                Node::Dated { from: Some(when.start), until: None }
            } else {
                Node::Dated { from: None, until: Some(when.end) }
            })
        }
        // Undated events placed at their article's publication ("reported on").
        Key::Date if matches!(value, Value::Is(v) if v.eq_ignore_ascii_case("reported")) => Ok(Node::Events(
            (0..corpus.events().len() as EventIx).filter(|&e| corpus.reported_on(e).is_some()).collect(),
        )),
        Key::Date => date_term(value),
        Key::Actor | Key::Agent | Key::Target => {
            let role = match key {
                Key::Agent => Some(Role::Agent),
                Key::Target => Some(Role::Target),
                _ => None,
            };
            let actors = match value {
                Value::Prefix(p) if p.is_empty() => None,
                Value::Prefix(p) => match actors_starting(names.cast(corpus), p, name) {
                    Ok(found) => Some(names.here(corpus, found)),
                    Err(e) if names.whole() => return Err(e),
                    Err(e) => return missing(names, value, e),
                },
                Value::Is(v) => match names.actors(corpus, v) {
                    Some(found) => Some(found),
                    // No actor is called so: events without participants whose sentence
                    // names it (a text match), if there are any.
                    None if role.is_some() && names.whole() => return Err(no_actor(names.cast(corpus), v)),
                    None if role.is_some() => return missing(names, value, no_actor(corpus, v)),
                    None => {
                        let named = super::actors::named_in_text(corpus, &v.replace('_', " "));
                        return match (named.is_empty(), names) {
                            (false, _) => Ok(Node::Events(named)),
                            (true, Names::Checked) => Err(no_actor(corpus, v)),
                            // Perhaps in another part: said once every part is seen.
                            (true, Names::Partial { .. }) => Ok(Node::Nothing),
                        };
                    }
                },
                _ => return Err(format!("{name}: takes a name, not a comparison")),
            };
            Ok(Node::Actors { role, actors })
        }
        Key::Dyad => {
            let Value::Is(v) = value else { return Err("dyad: takes two actors, as in dyad:russia,ukraine".into()) };
            let Some((a, b)) = v.split_once(',') else {
                return Err(format!("dyad: takes two actors separated by a comma, as in dyad:{v},ukraine"));
            };
            match (names.actors(corpus, a), names.actors(corpus, b)) {
                (Some(a), Some(b)) => Ok(Node::Dyad { a, b }),
                (None, _) if names.whole() => Err(no_actor(names.cast(corpus), a)),
                (_, None) if names.whole() => Err(no_actor(names.cast(corpus), b)),
                _ => missing(names, value, format!("dyad: no actor '{v}'")),
            }
        }
        Key::Action => {
            let all: Vec<&str> = corpus.actions().collect();
            words(&all, value, "action", "actions").map(Node::Actions).or_else(|e| missing(names, value, e))
        }
        Key::Tag => {
            let all: Vec<&str> = corpus.tags().collect();
            words(&all, value, "tag", "tags").map(Node::Tags).or_else(|e| missing(names, value, e))
        }
        Key::Status => {
            let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            let chosen = words(&all, value, "status", "statuses")?;
            Ok(Node::Statuses(chosen.iter().filter_map(|s| Status::parse(s)).collect()))
        }
        Key::Article => {
            // An id as written is found in one pass; the list of ids only for a prefix or an error.
            if let Value::Is(v) = value {
                let find = |same: &dyn Fn(&str) -> bool| -> Vec<ArticleIx> {
                    let articles = corpus.articles();
                    (0..articles.len()).filter(|&i| same(&articles[i].id)).map(|i| i as ArticleIx).collect()
                };
                let exact = find(&|id| id == v);
                let found = if exact.is_empty() { find(&|id| id.eq_ignore_ascii_case(v)) } else { exact };
                if !found.is_empty() {
                    return Ok(Node::Articles(found));
                }
            }
            let ids: Vec<&str> = corpus.articles().iter().map(|a| a.id.as_str()).collect();
            let chosen = match words(&ids, value, "article", "article ids") {
                Ok(chosen) => chosen,
                Err(e) => return missing(names, value, e),
            };
            let mut articles: Vec<ArticleIx> =
                (0..ids.len()).filter(|&i| chosen.iter().any(|c| c == ids[i])).map(|i| i as ArticleIx).collect();
            articles.sort_unstable();
            Ok(Node::Articles(articles))
        }
        Key::Source => {
            let sources: Vec<&str> =
                corpus.articles().iter().filter_map(|a| a.source.as_ref().map(|s| s.raw())).collect();
            let chosen = match words(&sources, value, "source", "sources") {
                Ok(chosen) => chosen,
                Err(e) => return missing(names, value, e),
            };
            let articles = (0..corpus.articles().len())
                .filter(|&i| corpus.articles()[i].source.as_ref().is_some_and(|s| chosen.iter().any(|c| c == s.raw())))
                .map(|i| i as ArticleIx)
                .collect();
            Ok(Node::Articles(articles))
        }
        Key::Is => match value {
            Value::Is(what) => desk.is(what).map(Node::Events),
            _ => Err("is: takes marked, starred or noted, as in is:marked".into()),
        },
        Key::Note => match value {
            Value::Is(words) => Ok(Node::Events(desk.noted_with(words))),
            Value::Prefix(p) if p.is_empty() => Ok(Node::Events(desk.noted_with(""))),
            _ => Err("note: finds words in your notes, as in note:embassy (note:* any note)".into()),
        },
        Key::Attribute(written) => attribute(corpus, written, value, names),
    }
}

fn text(value: &Value) -> Result<Node, String> {
    match value {
        Value::Is(w) | Value::Prefix(w) if w.trim().is_empty() => Ok(Node::All),
        Value::Is(w) | Value::Prefix(w) => Ok(Node::Text(TextQuery::phrase(w))),
        _ => Err("text: finds words; to compare numbers, name the attribute (as in goldstein:<-5)".into()),
    }
}

fn date(key: &str, v: &str) -> Result<When, String> {
    When::parse(v).map_err(|e| format!("{key}: {e}"))
}

/// `date:2016-12`, `date:>=2016-12-28`, `date:2016-12-28..2016-12-31`, `date:*`: the
/// instants an event's start must lie in.
fn date_term(value: &Value) -> Result<Node, String> {
    let (from, until) = match value {
        Value::Prefix(p) if p.is_empty() => (None, None),
        Value::Prefix(_) => return Err("date: takes a date, a range or a comparison, not a prefix".into()),
        Value::Is(v) => {
            let w = date("date", v)?;
            (Some(w.start), Some(w.end))
        }
        Value::Compare(op, v) => {
            let w = date("date", v)?;
            match op {
                Op::Lt => (None, Some(w.start)),
                Op::Le => (None, Some(w.end)),
                Op::Gt => (Some(w.end), None),
                Op::Ge => (Some(w.start), None),
            }
        }
        Value::Range(a, b) => {
            let (a, b) = (date("date", a)?, date("date", b)?);
            if a.start >= b.end {
                return Err(format!("date: {} is after {}", a.iso(), b.iso()));
            }
            (Some(a.start), Some(b.end))
        }
    };
    Ok(Node::Dated { from, until })
}

fn actors_starting(corpus: &Corpus, prefix: &str, key: &str) -> Result<Vec<ActorIx>, String> {
    let p = prefix.to_lowercase();
    let found: Vec<ActorIx> = (0..corpus.actors().len() as ActorIx)
        .filter(|&a| {
            corpus.actor(a).id.to_lowercase().starts_with(&p)
                || corpus.actor_search_text(a).split(['\n', ' ']).any(|n| n.starts_with(&p))
        })
        .collect();
    if found.is_empty() {
        return Err(format!("{key}: no actor's name starts with '{prefix}'"));
    }
    Ok(found)
}

/// The words of `all` that `value` selects (equal ignoring case, or starting with a
/// prefix), or an error with the near miss and a few of the choices.
fn words(all: &[&str], value: &Value, key: &str, plural: &str) -> Result<Vec<String>, String> {
    // Lower-casing allocates: only words that are not ASCII need it.
    let chosen: Vec<String> = match value {
        Value::Is(v) => {
            let lower = v.to_lowercase();
            all.iter()
                .filter(|w| w.eq_ignore_ascii_case(v) || (!w.is_ascii() && w.to_lowercase() == lower))
                .map(|w| w.to_string())
                .collect()
        }
        Value::Prefix(p) => {
            let lower = p.to_lowercase();
            let starts = |w: &str| {
                w.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
                    || (!w.is_ascii() && w.to_lowercase().starts_with(&lower))
            };
            all.iter().filter(|w| starts(w)).map(|w| w.to_string()).collect()
        }
        _ => return Err(format!("{key}: takes a word or a prefix (as in {key}:prop*), not a comparison")),
    };
    if !chosen.is_empty() {
        return Ok(chosen);
    }
    let (Value::Is(v) | Value::Prefix(v)) = value else { unreachable!("compared above") };
    let mut message = match key {
        "status" => format!("unknown status '{v}'"),
        "article" => format!("no article has the id '{v}'"),
        "source" => format!("no article's source is '{v}'"),
        _ => format!("no event has the {key} '{v}'"),
    };
    if let Some(near) = (all.len() <= 100_000).then(|| near_miss(v, all.iter().copied())).flatten() {
        message.push_str(&format!("; did you mean '{near}'?"));
    }
    message.push_str(&choices(all, plural));
    Err(message)
}

/// "; actions: expel, propose, ..." (the first few, sorted).
fn choices(all: &[&str], plural: &str) -> String {
    let mut sorted: Vec<&str> = all.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() {
        return format!(" (this corpus has no {plural})");
    }
    let more = if sorted.len() > 12 { ", ..." } else { "" };
    format!(" ({plural}: {}{more})", sorted[..sorted.len().min(12)].join(", "))
}

/// `code:14*`, `goldstein:<-5`, `tone:-10..-2`, `geo:UP`, `EventCode:0834`.
fn attribute(corpus: &Corpus, written: &str, value: &Value, names: Names<'_>) -> Result<Node, String> {
    let all = corpus.attribute_names();
    let Some(first) = attribute_named(written, all) else {
        // Absent from a part whatever the value: its shape is checked where the name is.
        return match names {
            Names::Partial { .. } => Ok(Node::Nothing),
            Names::Checked => Err(unknown_key(written, attribute_alias(written), all)),
        };
    };
    let number = |v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("{written}: '{v}' is not a number, and {written} compares numbers"))
    };
    let test = match value {
        Value::Prefix(p) if p.is_empty() => AttrTest::Any,
        Value::Prefix(p) => AttrTest::Prefix(p.to_lowercase()),
        Value::Is(v) => AttrTest::Is(v.to_lowercase(), v.trim().parse::<f64>().ok()),
        Value::Compare(op, v) => AttrTest::Compare(*op, number(v)?),
        Value::Range(a, b) => {
            let (a, b) = (number(a)?, number(b)?);
            if a > b {
                return Err(format!("{written}: the range {a}..{b} is empty"));
            }
            AttrTest::Range(a, b)
        }
    };
    // The attribute named as written where an event has it, else the one a short name
    // stands for: each event alike, whatever the others have.
    let mut names = vec![first.to_string()];
    if let Some(full) = attribute_alias(written).and_then(|full| attribute_named(full, all))
        && full != first
    {
        names.push(full.to_string());
    }
    Ok(Node::Attribute { names, test })
}

/// "unknown key 'actr': actor?", with what can be used.
fn unknown_key(written: &str, alias: Option<&str>, names: &[Box<str>]) -> String {
    if let Some(full) = alias {
        return format!("no event here has the attribute {full} ('{written}:' names it)");
    }
    let keys = KEYS.iter().map(|(k, _)| *k);
    let short = ATTRIBUTE_ALIASES.iter().filter(|(_, full)| names.iter().any(|n| n.as_ref() == *full)).map(|(s, _)| *s);
    let candidates: Vec<&str> = keys.clone().chain(short.clone()).chain(names.iter().map(|n| n.as_ref())).collect();
    let near =
        near_miss(written, candidates.iter().copied()).map_or(String::new(), |n| format!("; did you mean '{n}'?"));
    let shorts: Vec<&str> = short.collect();
    let attributes = if shorts.is_empty() { String::new() } else { format!(", and here {}", shorts.join(" ")) };
    format!(
        "unknown key '{written}'{near} (keys: {}{attributes}; to find the words, quote them: \"{written}:...\")",
        keys.collect::<Vec<_>>().join(" ")
    )
}
