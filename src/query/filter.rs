//! Filters: the query language (`ast.rs`, `parse.rs`) as the user wrote it, in the `f`
//! prompt, on the command line (`--where`, and the shorthand flags `--actor putin`...) and
//! in exports. A [`Filter`] is what the user wrote; [`Filter::compile`] checks it against
//! the corpus (unknown actor, impossible date, a key that is a typo...) and
//! [`CompiledFilter::apply`] returns the matching events in timeline order.

pub use super::actors::find_actors;
use super::annotations::Annotations;
use super::ast::{Expr, Key, Term, Value};
pub use super::error::FilterError;
use super::eval::Node;
pub use super::search::{TextQuery, find_match};
use crate::model::{Corpus, EventIx};
use serde::{Serialize, Serializer};

/// A query as the user wrote it: its tree (None for no filter) and where each term was
/// written, to point at it when it does not apply.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    expr: Option<Expr>,
    spans: Vec<Option<(usize, usize)>>,
}

/// Two filters are the same query whatever their spacing.
impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.expr == other.expr
    }
}

impl Eq for Filter {}

/// Exports record a filter as its words.
impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_words())
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// A filter of this tree (no places recorded).
    pub fn of(expr: Option<Expr>) -> Filter {
        Filter { expr, spans: Vec::new() }
    }

    pub fn expr(&self) -> Option<&Expr> {
        self.expr.as_ref()
    }

    /// Read the query language: `from:2016-12-28 (actor:putin or actor:lavrov) -status:denied expel`.
    pub fn parse_words(input: &str) -> Result<Filter, FilterError> {
        let parsed = super::parse::parse(input)?;
        Ok(Filter { expr: parsed.expr, spans: parsed.spans.into_iter().map(Some).collect() })
    }

    /// The filter in its canonical words, which read back as the same filter.
    pub fn to_words(&self) -> String {
        self.expr.as_ref().map_or_else(String::new, Expr::to_string)
    }

    /// Both filters (each term keeps the place where it was written, in its own words).
    pub fn and(self, other: Filter) -> Filter {
        let spans = self.places().into_iter().chain(other.places()).collect();
        let expr = match (self.expr, other.expr) {
            (None, b) => b,
            (a, None) => a,
            (Some(a), Some(b)) => Some(Expr::and(vec![a, b])),
        };
        Filter { expr, spans }
    }

    /// This filter without `part` among its top-level terms if it has it, else with it
    /// added (`date:*` folds undated events away, and back); and whether it was added.
    pub fn toggled(&self, part: &Expr) -> (Filter, bool) {
        let parts = self.top_level();
        if parts.contains(&part) {
            let rest: Vec<Expr> = parts.into_iter().filter(|p| *p != part).cloned().collect();
            return (Filter::of((!rest.is_empty()).then(|| Expr::and(rest))), false);
        }
        (self.clone().and(Filter::of(Some(part.clone()))), true)
    }

    /// Where each term was written, None for those not read from words.
    fn places(&self) -> Vec<Option<(usize, usize)>> {
        let n = self.expr.as_ref().map_or(0, |e| e.terms().len());
        (0..n).map(|i| self.spans.get(i).copied().flatten()).collect()
    }

    /// Check the filter against the corpus.
    pub fn compile(&self, corpus: &Corpus) -> Result<CompiledFilter, FilterError> {
        self.compile_with(corpus, &Annotations::default())
    }

    /// Checked against `corpus`, with the user's marks and notes for `is:` and `note:`.
    pub fn compile_with(&self, corpus: &Corpus, desk: &Annotations) -> Result<CompiledFilter, FilterError> {
        match &self.expr {
            None => Ok(CompiledFilter(Node::All)),
            Some(expr) => super::compile::compile(expr, corpus, desk, &self.spans).map(CompiledFilter),
        }
    }

    /// Checked against `part`, a part of a larger timeline (a page of a stored dataset)
    /// whose actors are `actors`' (a corpus of the whole's actors alone; None: unknown, each
    /// part's own are looked in): a term naming
    /// what `part` lacks selects nothing here, and [`PartCheck`] keeps which terms named
    /// something in some part, to give [`Filter::compile`]'s error for the others once
    /// every part has been seen. An actor that no part can have is an error at once.
    pub fn compile_part(
        &self,
        part: &Corpus,
        actors: Option<&Corpus>,
        check: &mut PartCheck,
    ) -> Result<CompiledFilter, FilterError> {
        let Some(expr) = &self.expr else { return Ok(CompiledFilter(Node::All)) };
        let (tree, found) = super::compile::compile_part(expr, part, actors, &check.seen, &self.spans)?;
        if check.found.len() < found.len() {
            check.found.resize(found.len(), false);
            check.missing.resize(found.len(), None);
        }
        let (terms, places) = (expr.terms(), self.places());
        for (i, &here) in found.iter().enumerate() {
            check.found[i] |= here;
            // An actor's name is looked up among them all, as on the whole: its error is
            // the same on every part (and ranking every actor for it costs).
            let actor = terms[i].key == Key::Actor;
            let known = actor && check.missing[i].is_some();
            if !check.found[i] && !known {
                // The error a whole without that name would give, kept while no part has it.
                let alone = Filter { expr: Some(Expr::Term(terms[i].clone())), spans: vec![places[i]] };
                check.missing[i] = alone.compile(if actor { actors.unwrap_or(part) } else { part }).err();
            }
        }
        Ok(CompiledFilter(tree))
    }

    /// Does the filter name actors (`actor:`, `agent:`, `target:`, `dyad:`)?
    pub fn names_actors(&self) -> bool {
        use super::ast::Key;
        let named =
            |e: &Expr| e.terms().iter().any(|t| matches!(t.key, Key::Actor | Key::Agent | Key::Target | Key::Dyad));
        self.expr.as_ref().is_some_and(named)
    }

    /// Does the filter read the user's marks or notes (to be applied again when they change)?
    pub fn reads_annotations(&self) -> bool {
        fn reads(expr: &Expr) -> bool {
            match expr {
                Expr::And(parts) | Expr::Or(parts) => parts.iter().any(reads),
                Expr::Not(inner) => reads(inner),
                Expr::Term(term) => matches!(term.key, super::ast::Key::Is | super::ast::Key::Note),
            }
        }
        self.expr.as_ref().is_some_and(reads)
    }

    /// The actors this filter selects at its top level (`actor:putin`, or one of several
    /// in `(actor:putin or actor:lavrov)`), as written.
    pub fn actors(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in self.top_level() {
            actor_names(part, &mut out);
        }
        out
    }

    /// This filter with its top-level actor terms replaced by "any of `ids`".
    pub fn with_actors(&self, ids: &[String]) -> Filter {
        let mut parts: Vec<Expr> = self.top_level().into_iter().filter(|p| !is_actor_choice(p)).cloned().collect();
        let terms = ids.iter().map(|id| Expr::term(Key::Actor, Value::Is(id.clone()))).collect::<Vec<_>>();
        if !terms.is_empty() {
            parts.push(Expr::or(terms));
        }
        Filter::of((!parts.is_empty()).then(|| Expr::and(parts)))
    }

    fn top_level(&self) -> Vec<&Expr> {
        match &self.expr {
            None => Vec::new(),
            Some(Expr::And(parts)) => parts.iter().collect(),
            Some(other) => vec![other],
        }
    }
}

/// `actor:X`, or an `or` of such terms.
fn is_actor_choice(e: &Expr) -> bool {
    match e {
        Expr::Term(Term { key: Key::Actor, value: Value::Is(_) }) => true,
        Expr::Or(parts) => parts.iter().all(is_actor_choice),
        _ => false,
    }
}

fn actor_names(e: &Expr, out: &mut Vec<String>) {
    if !is_actor_choice(e) {
        return;
    }
    match e {
        Expr::Term(Term { value: Value::Is(v), .. }) => out.push(v.clone()),
        Expr::Or(parts) => parts.iter().for_each(|p| actor_names(p, out)),
        _ => {}
    }
}

/// Which terms of a filter named something (an actor, an action, an attribute...) in the
/// parts of a timeline seen so far ([`Filter::compile_part`]).
#[derive(Debug, Clone, Default)]
pub struct PartCheck {
    found: Vec<bool>,
    /// For each term not found yet, the error it gives alone on the last part seen.
    missing: Vec<Option<FilterError>>,
    /// Actor names looked up among the whole's actors, once each.
    seen: std::cell::RefCell<super::compile::ActorsSeen>,
}

impl PartCheck {
    /// The error of a term that named nothing in any part seen (what [`Filter::compile`]
    /// would say on the whole: "no actor 'putn'; did you mean Vladimir Putin?").
    pub fn error(&self) -> Option<&FilterError> {
        self.found.iter().zip(&self.missing).find(|(found, _)| !**found).and_then(|(_, error)| error.as_ref())
    }

    /// Add what another scan of the same filter over other parts saw: a term named something
    /// if it did in either.
    pub fn merge(&mut self, other: PartCheck) {
        if self.found.is_empty() {
            *self = other;
            return;
        }
        if other.found.len() != self.found.len() {
            return;
        }
        for ((found, missing), (other_found, other_missing)) in
            self.found.iter_mut().zip(self.missing.iter_mut()).zip(other.found.into_iter().zip(other.missing))
        {
            *found |= other_found;
            if missing.is_none() {
                *missing = other_missing;
            }
        }
    }
}

/// A filter checked against one corpus, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledFilter(Node);

impl CompiledFilter {
    /// The events that pass, in timeline order.
    pub fn apply(&self, corpus: &Corpus) -> Vec<EventIx> {
        self.0.apply(corpus)
    }

    /// True when applying reads the text or attributes of many events (worth doing in the
    /// background on a large corpus).
    pub fn scans(&self) -> bool {
        self.0.scans()
    }

    /// Where every passing event's date starts, `[from, until)` in seconds, as far as the
    /// date terms say: what a store skips by (None: unbounded on that side).
    pub fn start_bounds(&self) -> (Option<i64>, Option<i64>) {
        self.0.start_bounds()
    }

    /// Actors of which every passing event names one, as far as the actor terms say (None:
    /// no such list): what a store reads first.
    pub fn required_actors(&self) -> Option<Vec<crate::model::ActorIx>> {
        self.0.required_actors()
    }

    /// The actors of which the passing events are exactly those naming one, in any role
    /// (`actor:putin`, `actor:putin OR actor:lavrov`); None for any other filter: what a
    /// store with an index of actors' events counts without reading the events.
    pub fn only_actors(&self) -> Option<Vec<crate::model::ActorIx>> {
        self.0.only_actors()
    }

    /// The tree, for a store that translates it (to SQL).
    pub(crate) fn tree(&self) -> &Node {
        &self.0
    }

    /// Does one event pass?
    pub fn matches(&self, corpus: &Corpus, ix: EventIx) -> bool {
        self.0.matches(corpus, ix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_words_parse_and_print_back() {
        let f = Filter::parse_words(
            "from:2016-12-28 to:2016-12 actor:putin actor:Sergei_Lavrov status:proposed cyber attack",
        )
        .unwrap();
        assert_eq!(
            f.to_words(),
            "from:2016-12-28 to:2016-12 actor:putin actor:Sergei_Lavrov status:proposed cyber attack"
        );
        assert_eq!(Filter::parse_words(&f.to_words()).unwrap(), f);
        assert_eq!(Filter::parse_words("  ").unwrap(), Filter::default());
    }

    #[test]
    fn the_pickers_actors_are_the_top_level_choice_of_actors() {
        let f = Filter::parse_words("status:proposed (actor:putin or actor:lavrov) -actor:obama").unwrap();
        assert_eq!(f.actors(), ["putin", "lavrov"]);
        let g = f.with_actors(&["trump".into()]);
        assert_eq!(g.to_words(), "status:proposed -actor:obama actor:trump");
        assert_eq!(g.with_actors(&[]).to_words(), "status:proposed -actor:obama");
        assert_eq!(Filter::default().with_actors(&["a".into(), "b".into()]).to_words(), "actor:a or actor:b");
    }

    #[test]
    fn errors_point_into_the_words() {
        let e = Filter::parse_words("expel (tag:x").unwrap_err();
        assert_eq!(e.at, Some((6, 7)));
        assert_eq!(e.pointing_into("expel (tag:x"), "this '(' is never closed\n  expel (tag:x\n        ^");
    }
}
