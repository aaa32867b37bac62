//! The filter flags of `list`, `export` and `count`: `--where QUERY` in the query language
//! (docs/QUERY.md), and the shorthand flags kept from before it (`--actor`, `--from`...),
//! all of which must hold.

use crate::model::{Corpus, EventIx};
use crate::query::ast::{Expr, Key, Value};
use crate::query::{Filter, FilterError};
use clap::Args;
use std::io::{self, Write};

#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// A query: key:value terms, words, -term or not, or, parentheses (see docs/QUERY.md);
    /// e.g. 'dyad:russia,ukraine quad:4 tone:<-5', '(actor:putin or actor:lavrov) -status:denied'
    #[arg(long = "where", value_name = "QUERY")]
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
    let result = args.filter().and_then(|f| f.compile(corpus).map(|c| (c.apply(corpus), f)));
    match result {
        Ok((events, filter)) => Ok(Some((filter, events))),
        Err(e) => {
            let shown = match (&args.query, e.at) {
                (Some(words), Some(_)) => e.pointing_into(words),
                _ => crate::text::sanitize_line(&e.message),
            };
            writeln!(err, "annals: {shown}")?;
            Ok(None)
        }
    }
}
