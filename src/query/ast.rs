//! The query language's tree: what a user wrote, independent of any corpus, so that a
//! backend can translate it (the in-memory evaluator in `eval.rs`; SQL or Parquet later),
//! and its canonical printing, which reads back as the same tree.
//!
//! ```text
//! query := or
//! or    := and ("or" and)*
//! and   := unary (["and"] unary)*
//! unary := ("-" | "not") unary | "(" query ")" | term
//! term  := KEY ":" value | WORD | "quoted words"
//! value := ("<" | "<=" | ">" | ">=") V | V ".." V | V "*" | V | "quoted"
//! ```

use super::fields::{quote, quote_word};
use std::fmt;

/// A query. `And` and `Or` hold at least two parts and never a part of their own kind
/// (the constructors flatten), so that one query has one tree and one printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

/// `key:value`, or a free word (key [`Key::Text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: Key,
    pub value: Value,
}

/// What a term looks at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// Words in the summary, actors, evidence and attribute values.
    Text,
    From,
    To,
    Date,
    /// An actor in any role.
    Actor,
    Agent,
    Target,
    /// Two actors, `a,b`, either way round.
    Dyad,
    Action,
    Status,
    Tag,
    Article,
    Source,
    /// What the user put on the event: `is:marked`, `is:starred`, `is:noted`.
    Is,
    /// Words in the user's note on the event.
    Note,
    /// An importer's attribute, as named (a short name such as `code`, or in full).
    Attribute(String),
}

/// How a term's value is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Equal (ignoring case for words; numbers as numbers; a date as the period it names).
    Is(String),
    /// Starts with (`14*`); `*` alone: has any value.
    Prefix(String),
    Compare(Op, String),
    /// Both ends included: `-10..-2`, `2016-12-28..2016-12-31`.
    Range(String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

impl Key {
    /// The key's name as the language writes it (fixed keys in lower case).
    pub fn name(&self) -> &str {
        match self {
            Key::Text => "text",
            Key::From => "from",
            Key::To => "to",
            Key::Date => "date",
            Key::Actor => "actor",
            Key::Agent => "agent",
            Key::Target => "target",
            Key::Dyad => "dyad",
            Key::Action => "action",
            Key::Status => "status",
            Key::Tag => "tag",
            Key::Article => "article",
            Key::Source => "source",
            Key::Is => "is",
            Key::Note => "note",
            Key::Attribute(name) => name,
        }
    }

    /// A key by name: one of the fixed keys (ignoring case), else an attribute.
    pub fn named(word: &str) -> Key {
        let fixed = [
            Key::Text,
            Key::From,
            Key::To,
            Key::Date,
            Key::Actor,
            Key::Agent,
            Key::Target,
            Key::Dyad,
            Key::Action,
            Key::Status,
            Key::Tag,
            Key::Article,
            Key::Source,
            Key::Is,
            Key::Note,
        ];
        fixed.into_iter().find(|k| k.name().eq_ignore_ascii_case(word)).unwrap_or_else(|| Key::Attribute(word.into()))
    }
}

impl Expr {
    pub fn term(key: Key, value: Value) -> Expr {
        Expr::Term(Term { key, value })
    }

    /// All of `parts`: flattened, and the part itself when there is one.
    pub fn and(parts: Vec<Expr>) -> Expr {
        Self::join(parts, true)
    }

    /// Any of `parts`: flattened, and the part itself when there is one.
    pub fn or(parts: Vec<Expr>) -> Expr {
        Self::join(parts, false)
    }

    #[allow(clippy::should_implement_trait)]
    pub fn not(part: Expr) -> Expr {
        Expr::Not(Box::new(part))
    }

    fn join(parts: Vec<Expr>, all: bool) -> Expr {
        let mut flat = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Expr::And(inner) if all => flat.extend(inner),
                Expr::Or(inner) if !all => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match flat.len() {
            1 => flat.pop().expect("one part"),
            _ if all => Expr::And(flat),
            _ => Expr::Or(flat),
        }
    }

    /// Every term, depth first, left to right (the order in which the parser records where
    /// each was written).
    pub fn terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        self.walk(&mut |t| out.push(t));
        out
    }

    fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Term)) {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| p.walk(visit)),
            Expr::Not(inner) => inner.walk(visit),
            Expr::Term(t) => visit(t),
        }
    }
}

/// The canonical form: `actor:putin (status:proposed or status:revoked) -tag:"material conflict"`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    match part {
                        Expr::Or(_) => write!(f, "({part})")?,
                        _ => write!(f, "{part}")?,
                    }
                }
                Ok(())
            }
            Expr::Or(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{part}")?;
                }
                Ok(())
            }
            Expr::Not(inner) => match inner.as_ref() {
                Expr::Term(_) | Expr::Not(_) => write!(f, "-{inner}"),
                _ => write!(f, "-({inner})"),
            },
            Expr::Term(term) => write!(f, "{term}"),
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.key, &self.value) {
            (Key::Text, Value::Is(word)) if !word.ends_with('*') => f.write_str(&quote_word(word)),
            (key, value) => write!(f, "{}:{value}", key.name()),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Is(v) => f.write_str(&plain(v)),
            Value::Prefix(v) if v.is_empty() => f.write_str("*"),
            Value::Prefix(v) => write!(f, "{}*", plain(v)),
            Value::Compare(op, v) => write!(f, "{}{}", op.symbol(), plain(v)),
            Value::Range(a, b) => write!(f, "{}..{}", plain(a), plain(b)),
        }
    }
}

/// A value quoted when, bare, it would read as something else: an operator, a prefix, a
/// range, or text the language splits.
fn plain(v: &str) -> std::borrow::Cow<'_, str> {
    let operator_like =
        v.starts_with(['<', '>', '=', '.']) || v.starts_with("//") || v.ends_with(['*', '.']) || v.contains("..");
    if operator_like { std::borrow::Cow::Owned(super::fields::quoted(v)) } else { quote(v) }
}
