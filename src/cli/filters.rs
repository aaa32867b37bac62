//! The filter flags of `list`, `export` and `count`: `--where QUERY` in the query language
//! (docs/QUERY.md), and the shorthand flags kept from before it (`--actor`, `--from`...),
//! all of which must hold.

use crate::model::{Corpus, EventIx};
use crate::query::ast::{Expr, Key, Value};
use crate::query::{Filter, FilterError};
use clap::Args;
use std::io::{self, Write};

/// `--help` for `--where`: the keys, GDELT's short names, CAMEO's roots and quad classes.
const WHERE_HELP: &str = "A query in annals's query language (docs/QUERY.md): key:value terms, words, \
\"quoted words\", -term or not, or, parentheses. Terms side by side must all hold.

Keys: from: to: date: (2016-12, 2016-12-28..2016-12-31, >=2022-03, * for dated, reported for undated at their report) actor: agent: target: \
dyad:A,B (either way round) action: status: tag: article: source: text:, and any attribute by name. \
Values: V (equal; numbers as numbers), V* (prefix), <V <=V >V >=V, A..B (both ends included).

GDELT short names: code (EventCode, CAMEO: code:14* is every protest), base, root (01-20), \
quad (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), \
goldstein (-10..10), tone, mentions, sources, articles, geo (ActionGeo_CountryCode, FIPS: UP, RS, US), \
agent_country, target_country (RUS, UKR, USA), agent_type, target_type, root_event.

CAMEO roots: 01 make public statement, 02 appeal, 03 express intent to cooperate, 04 consult, \
05 engage in diplomatic cooperation, 06 engage in material cooperation, 07 provide aid, 08 yield, \
09 investigate, 10 demand, 11 disapprove, 12 reject, 13 threaten, 14 protest, 15 exhibit force posture, \
16 reduce relations, 17 coerce, 18 assault, 19 fight, 20 use unconventional mass violence.

Examples: 'agent:russia target:ukraine quad:4 date:2022-03', 'dyad:russia,ukraine tone:<-5', \
'(actor:putin or actor:lavrov) status:proposed -action:expel'";

#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// A query: key:value terms, words, -term or not, or, parentheses (see docs/QUERY.md);
    /// e.g. 'dyad:russia,ukraine quad:4 tone:<-5', '(actor:putin or actor:lavrov) -status:denied'
    #[arg(long = "where", value_name = "QUERY", long_help = WHERE_HELP)]
    pub query: Option<String>,
    /// Events starting on or after DATE (2016, 2016-12, 2016-12-28...)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Events starting on or before DATE (inclusive: 2016-12 means to the end of December)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Events involving this actor (id, name or alias; repeat for any of several)
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,
    /// Events with this action (expel, propose, revoke...; prop* for a prefix)
    #[arg(long, value_name = "VERB")]
    pub action: Option<String>,
    /// actual | proposed | revoked | denied | planned | hypothetical
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// Events of the article with this id
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Words in the summary, actors, evidence or attributes (case-insensitive unless a capital is typed)
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
}

impl FilterArgs {
    /// The flags as one filter: the shorthands, then `--where`.
    pub fn filter(&self) -> Result<Filter, FilterError> {
        let is = |v: &str| match v.strip_suffix('*') {
            Some(stem) => Value::Prefix(stem.to_string()),
            None => Value::Is(v.to_string()),
        };
        let mut parts = Vec::new();
        let mut single = |key: Key, value: &Option<String>| {
            if let Some(v) = value {
                parts.push(Expr::term(key, is(v)));
            }
        };
        single(Key::From, &self.from);
        single(Key::To, &self.to);
        single(Key::Action, &self.action);
        single(Key::Status, &self.status);
        single(Key::Tag, &self.tag);
        single(Key::Article, &self.article);
        if !self.actor.is_empty() {
            parts.push(Expr::or(self.actor.iter().map(|a| Expr::term(Key::Actor, Value::Is(a.clone()))).collect()));
        }
        for word in self.text.iter().flat_map(|t| t.split_whitespace()) {
            parts.push(Expr::term(Key::Text, Value::Is(word.to_string())));
        }
        let flags = Filter::of((!parts.is_empty()).then(|| Expr::and(parts)));
        let query = match &self.query {
            Some(words) => Filter::parse_words(words)?,
            None => Filter::default(),
        };
        Ok(flags.and(query))
    }
}

/// The events that pass the flags, with the filter they make; None after saying on `err`
/// what is wrong (pointing into `--where` when the fault is there).
pub fn apply(args: &FilterArgs, corpus: &Corpus, err: &mut dyn Write) -> io::Result<Option<(Filter, Vec<EventIx>)>> {
    apply_with(args, corpus, &crate::query::Annotations::default(), err)
}

/// [`apply`], with the user's marks and notes for `is:` and `note:`.
pub fn apply_with(
    args: &FilterArgs,
    corpus: &Corpus,
    desk: &crate::query::Annotations,
    err: &mut dyn Write,
) -> io::Result<Option<(Filter, Vec<EventIx>)>> {
    let result = args.filter().and_then(|f| f.compile_with(corpus, desk).map(|c| (c.apply(corpus), f)));
    match result {
        Ok((events, filter)) => Ok(Some((filter, events))),
        Err(e) => {
            say(args, &e, err)?;
            Ok(None)
        }
    }
}

/// Say on `err` what is wrong with the filter (pointing into `--where` when the fault is there).
pub fn say(args: &FilterArgs, e: &FilterError, err: &mut dyn Write) -> io::Result<()> {
    let shown = match (&args.query, e.at) {
        (Some(words), Some(_)) => e.pointing_into(words),
        _ => crate::text::sanitize_line(&e.message),
    };
    writeln!(err, "annals: {shown}")
}
