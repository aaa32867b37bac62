//! The query language against whole corpora: the questions users asked of it (on the
//! bundled corpus and on a GDELT table), and two properties over random trees and random
//! corpora: printing reads back as the same tree, and the indexed evaluation agrees with a
//! naive one written here from the language's definition alone.

use super::ast::{Expr, Key, Op, Term, Value};
use super::filter::Filter;
use crate::ingest::{Input, LoadOptions, load, load_str};
use crate::model::{Corpus, EventIx, Role};
use proptest::prelude::*;

fn bundled() -> Corpus {
    load(&[Input::Bundled], &LoadOptions::default()).corpus
}

fn gdelt() -> Corpus {
    let text = include_str!("../../tests/fixtures/query/ukraine.export.CSV");
    load_str("ukraine.export.CSV", text).corpus
}

/// The GLOBALEVENTIDs (GDELT) or event ids that pass.
fn ids(corpus: &Corpus, query: &str) -> Vec<String> {
    let filter = Filter::parse_words(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    let compiled = filter.compile(corpus).unwrap_or_else(|e| panic!("{query}: {e}"));
    compiled.apply(corpus).iter().map(|&e| corpus.event(e).id.to_string()).collect()
}

fn refused(corpus: &Corpus, query: &str) -> String {
    let filter = Filter::parse_words(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    filter.compile(corpus).expect_err(query).message
}

#[test]
fn event_data_questions_have_answers() {
    let c = gdelt();
    assert_eq!(ids(&c, r#"tag:"material conflict""#), ["1001", "1002", "1004"]);
    assert_eq!(ids(&c, "quad:4"), ["1001", "1002", "1004"]);
    assert_eq!(ids(&c, "code:14*"), ["1006", "1005"]);
    assert_eq!(ids(&c, "code:190"), ["1001"]);
    assert_eq!(ids(&c, "EventRootCode:19"), ["1001"], "an attribute by its full name");
    assert_eq!(ids(&c, "geo:up"), ["1001", "1002", "1006"], "codes ignore case");
    assert_eq!(ids(&c, "goldstein:<-5"), ["1001", "1004", "1006", "1005"]);
    assert_eq!(ids(&c, "goldstein:-5"), ["1002"], "numbers equal as numbers (-5.0)");
    assert_eq!(ids(&c, "tone:-10..-2"), ["1001", "1002", "1004", "1006", "1005"]);
    assert_eq!(ids(&c, "mentions:>=10"), ["1001", "1003", "1004"]);
    assert_eq!(ids(&c, "dyad:russia,ukraine"), ["1001", "1002", "1003"], "either way round");
    assert_eq!(ids(&c, "agent:russia target:ukraine"), ["1001", "1003"], "one way");
    assert_eq!(ids(&c, "agent_country:UKR"), ["1002", "1006"]);
    assert_eq!(ids(&c, "actor:russia or actor:ukraine"), ["1001", "1002", "1003", "1004", "1006", "1005"]);
    assert_eq!(ids(&c, "geo:UP -code:14*"), ["1001", "1002"]);
    assert_eq!(ids(&c, "not quad:4 not quad:1"), ["1006", "1005"]);
    // Material conflict by Russia against Ukraine in March 2022.
    assert_eq!(ids(&c, "agent:russia target:ukraine quad:4 date:2022-03"), ["1001"]);
    assert_eq!(ids(&c, "190"), ["1001"], "the code is in the summary, so words find it");
    assert_eq!(ids(&c, "code:*"), ids(&c, "date:*"), "every row has a code and a date");
}

#[test]
fn a_short_name_tests_each_event_by_its_own_attribute_else_the_one_it_stands_for() {
    // One feed names its own `code`; GDELT's events have EventCode.
    let dir = tempfile::tempdir().unwrap();
    let gdelt = include_str!("../../tests/fixtures/query/ukraine.export.CSV");
    std::fs::write(dir.path().join("ukraine.export.CSV"), gdelt).unwrap();
    let own = r#"{"id":"a","title":"Own","events":[{"id":"own","date":"2022-03-01","summary":"s","attributes":{"code":"140"}},{"id":"none","date":"2022-03-01","summary":"s","attributes":{"code":"99"}}]}"#;
    std::fs::write(dir.path().join("own.json"), own).unwrap();
    let loaded = load(&[Input::Path(dir.path().to_path_buf())], &LoadOptions::default());
    assert!(loaded.report.is_empty(), "{:?}", loaded.report.diagnostics());
    let corpus = loaded.corpus;
    // `own` by its `code`, GDELT's protests by EventCode; `none`'s code is 99.
    assert_eq!(ids(&corpus, "code:14*"), ["own", "1006", "1005"]);
    assert_eq!(ids(&corpus, "EventCode:14*"), ["1006", "1005"]);
}

/// The events that pass, by place in the timeline.
fn ixs(corpus: &Corpus, query: &str) -> Vec<EventIx> {
    Filter::parse_words(query).unwrap().compile(corpus).unwrap_or_else(|e| panic!("{query}: {e}")).apply(corpus)
}

#[test]
fn journalists_questions_have_answers() {
    let c = bundled();
    let proposed = ixs(&c, "status:proposed from:2016-12-29 to:2016-12-31");
    assert!(!proposed.is_empty());
    let who = ixs(&c, "status:proposed from:2016-12-29 to:2016-12-31 (actor:lavrov or actor:putin)");
    assert!(!who.is_empty() && who.len() <= proposed.len());
    assert!(ixs(&c, "-status:actual").iter().all(|e| !ixs(&c, "status:actual").contains(e)));
    let all = c.events().len();
    assert_eq!(ixs(&c, "status:actual").len() + ixs(&c, "-status:actual").len(), all);
    assert_eq!(ixs(&c, "action:expel or -action:expel").len(), all);
    assert_eq!(ixs(&c, "action:prop*"), ixs(&c, "action:propose"));
}

#[test]
fn mistakes_are_named_with_the_near_miss() {
    let c = bundled();
    assert!(refused(&c, "actr:putin").starts_with("unknown key 'actr'; did you mean 'actor'?"));
    assert!(refused(&c, "actor:putn").starts_with("no actor 'putn'; did you mean Vladimir Putin?"));
    assert!(refused(&c, "status:actaul").starts_with("unknown status 'actaul'; did you mean 'actual'?"));
    assert!(refused(&c, "code:14").starts_with("no event here has the attribute EventCode"));
    assert_eq!(refused(&c, "date:2017..2016"), "date: 2017 is after 2016");
    assert!(refused(&gdelt(), "tone:<low").contains("'low' is not a number"));
    let e = Filter::parse_words("expel actr:putin").unwrap().compile(&c).unwrap_err();
    assert_eq!(e.at, Some((6, 16)), "the error points at the term");
}

/// A small random corpus: `n` articles of a few events, over a fixed vocabulary.
fn random_corpus(seed: u64, n: usize) -> Corpus {
    let mut state = seed | 1;
    let mut next = |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let mut lines = Vec::new();
    for a in 0..n {
        let mut events = Vec::new();
        for e in 0..1 + next(4) {
            let mut participants = Vec::new();
            for _ in 0..next(4) {
                let actor = ACTORS[next(ACTORS.len() as u64) as usize];
                let role = ["agent", "target", "other"][next(3) as usize];
                participants.push(format!(r#"{{"actor":"{actor}","role":"{role}"}}"#));
            }
            let date = match next(4) {
                0 => String::new(),
                1 => format!(r#""date":"2016-{:02}","#, 1 + next(12)),
                _ => format!(r#""date":"2016-{:02}-{:02}","#, 1 + next(12), 1 + next(28)),
            };
            let tags: Vec<String> = (0..next(3)).map(|_| format!("\"{}\"", TAGS[next(3) as usize])).collect();
            let attributes = match next(3) {
                0 => String::new(),
                _ => format!(
                    r#","attributes":{{"score":{},"code":"{}"}}"#,
                    next(21) as i64 - 10,
                    CODES[next(4) as usize]
                ),
            };
            let words = WORDS[next(WORDS.len() as u64) as usize];
            events.push(format!(
                r#"{{"id":"e{e}",{date}"summary":"{words}","action":"{}","status":"{}","participants":[{}],"tags":[{}]{attributes}}}"#,
                ACTIONS[next(3) as usize],
                ["actual", "proposed", "denied"][next(3) as usize],
                participants.join(","),
                tags.join(","),
            ));
        }
        lines.push(format!(
            r#"{{"id":"a{a}","title":"t","source":"{}","actors":[{}],"events":[{}]}}"#,
            ["Wire", "Ledger"][next(2) as usize],
            ACTORS.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect::<Vec<_>>().join(","),
            events.join(",")
        ));
    }
    // Every word of the vocabulary appears somewhere, so that no generated term is refused.
    for (a, source) in ["Wire", "Ledger"].iter().enumerate() {
        let events: Vec<String> = (0..3)
            .map(|i| {
                format!(
                    r#"{{"id":"v{i}","summary":"s","action":"{}","status":"{}","tags":["{}"],"attributes":{{"code":"{}"}}}}"#,
                    ACTIONS[i],
                    ["actual", "proposed", "denied"][i],
                    TAGS[i],
                    CODES[i + a]
                )
            })
            .collect();
        lines.push(format!(r#"{{"id":"all{a}","title":"t","source":"{source}","events":[{}]}}"#, events.join(",")));
    }
    let loaded = load_str("random.jsonl", &lines.join("\n"));
    assert_eq!(loaded.report.error_count(), 0, "{:?}", loaded.report);
    loaded.corpus
}

const ACTORS: &[&str] = &["putin", "lavrov", "obama", "trump"];
const ACTIONS: &[&str] = &["expel", "propose", "revoke"];
const TAGS: &[&str] = &["sanctions", "cyber", "expulsion"];
const CODES: &[&str] = &["14", "141", "0834", "190"];
const WORDS: &[&str] = &["Putin expels diplomats", "a cyber attack", "Obama sanctions", "nothing much"];

/// Terms that every random corpus can answer (no error), as the user would write them.
fn term() -> impl Strategy<Value = Expr> {
    let t = |key: Key, value: Value| Expr::term(key, value);
    let pick = |words: &'static [&'static str]| proptest::sample::select(words).prop_map(str::to_string);
    prop_oneof![
        pick(ACTORS).prop_map(move |a| t(Key::Actor, Value::Is(a))),
        pick(ACTORS).prop_map(move |a| t(Key::Agent, Value::Is(a))),
        pick(ACTORS).prop_map(move |a| t(Key::Target, Value::Is(a))),
        (pick(ACTORS), pick(ACTORS)).prop_map(move |(a, b)| t(Key::Dyad, Value::Is(format!("{a},{b}")))),
        pick(ACTIONS).prop_map(move |a| t(Key::Action, Value::Is(a))),
        pick(&["actual", "proposed", "denied"]).prop_map(move |s| t(Key::Status, Value::Is(s))),
        pick(TAGS).prop_map(move |s| t(Key::Tag, Value::Is(s))),
        pick(&["wire", "Ledger"]).prop_map(move |s| t(Key::Source, Value::Is(s))),
        pick(&["2016-03", "2016-06-15", "2016"]).prop_map(move |d| t(Key::From, Value::Is(d))),
        pick(&["2016-03", "2016-06-15", "2016"]).prop_map(move |d| t(Key::To, Value::Is(d))),
        pick(&["2016-03", "2016-06-15"]).prop_map(move |d| t(Key::Date, Value::Is(d))),
        Just(t(Key::Date, Value::Prefix(String::new()))),
        (pick(&["2016-02", "2016-05-01"]), pick(&["2016-07", "2016-09-30"]))
            .prop_map(move |(a, b)| t(Key::Date, Value::Range(a, b))),
        (0..4usize, pick(&["2016-04", "2016-08-10"]))
            .prop_map(move |(op, d)| t(Key::Date, Value::Compare([Op::Lt, Op::Le, Op::Gt, Op::Ge][op], d))),
        pick(&["putin", "cyber", "Obama", "14", "dipl"]).prop_map(move |w| t(Key::Text, Value::Is(w))),
        pick(CODES).prop_map(move |c| t(Key::Attribute("code".into()), Value::Is(c))),
        pick(&["1", "14", "08", ""]).prop_map(move |c| t(Key::Attribute("code".into()), Value::Prefix(c))),
        (0..4usize, -11i64..11).prop_map(move |(op, n)| t(
            Key::Attribute("score".into()),
            Value::Compare([Op::Lt, Op::Le, Op::Gt, Op::Ge][op], n.to_string())
        )),
        (-11i64..11, 0i64..8).prop_map(move |(a, w)| {
            t(Key::Attribute("score".into()), Value::Range(a.to_string(), (a + w).to_string()))
        }),
    ]
}

fn query() -> impl Strategy<Value = Expr> {
    term().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Expr::and),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Expr::or),
            inner.prop_map(Expr::not),
        ]
    })
}

/// Any tree the parser could give: odd words, quotes, operators as values.
fn any_query() -> impl Strategy<Value = Expr> {
    let word = "[a-zA-Z0-9 \"\\\\*:<>=.()_/-]{0,8}";
    let key = prop_oneof![
        Just(Key::Text),
        Just(Key::Actor),
        Just(Key::Date),
        Just(Key::Dyad),
        "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_map(|n| Key::named(&n)),
    ];
    let value = prop_oneof![
        word.prop_map(Value::Is),
        word.prop_map(Value::Prefix),
        (0..4usize, word).prop_map(|(op, v)| Value::Compare([Op::Lt, Op::Le, Op::Gt, Op::Ge][op], v)),
        (word, word).prop_map(|(a, b)| Value::Range(a, b)),
    ];
    let term = (key, value).prop_map(|(key, value)| Expr::Term(Term { key, value }));
    term.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Expr::and),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Expr::or),
            inner.prop_map(Expr::not),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)))]

    #[test]
    fn printing_reads_back_as_the_same_tree(expr in any_query()) {
        let words = expr.to_string();
        let read = super::parse::parse(&words).map_err(|e| TestCaseError::fail(format!("{words}: {e:?}")))?;
        prop_assert_eq!(read.expr, Some(expr), "printed as {}", words);
    }

    #[test]
    fn the_index_agrees_with_the_naive_evaluation(seed in any::<u64>(), expr in query()) {
        let corpus = random_corpus(seed, 12);
        let filter = Filter::of(Some(expr.clone()));
        let naive: Vec<EventIx> =
            (0..corpus.events().len() as EventIx).filter(|&e| naive::holds(&corpus, e, &expr)).collect();
        match filter.compile(&corpus) {
            Ok(compiled) => prop_assert_eq!(compiled.apply(&corpus), naive, "{}", expr),
            // `from:X to:Y` with X after Y is refused: rightly only if it selects nothing.
            Err(e) if e.message.contains(" is after to ") => prop_assert!(naive.is_empty(), "{}: {}", expr, e),
            Err(e) => return Err(TestCaseError::fail(format!("{expr}: {e}"))),
        }
    }
}

/// The language's meaning written plainly, event by event, without the compiler's
/// resolution or any index: for the terms that [`query`] generates.
mod naive {
    use super::*;
    use crate::model::When;

    pub fn holds(corpus: &Corpus, ix: EventIx, expr: &Expr) -> bool {
        match expr {
            Expr::And(parts) => parts.iter().all(|p| holds(corpus, ix, p)),
            Expr::Or(parts) => parts.iter().any(|p| holds(corpus, ix, p)),
            Expr::Not(inner) => !holds(corpus, ix, inner),
            Expr::Term(t) => term(corpus, ix, t),
        }
    }

    fn term(corpus: &Corpus, ix: EventIx, Term { key, value }: &Term) -> bool {
        let event = corpus.event(ix);
        let named = |name: &str, role: Option<Role>| {
            event.participants.iter().any(|p| corpus.actor(p.actor).id == name && role.is_none_or(|r| p.role == r))
        };
        let start = event.date.map(|d| d.start);
        let period = |d: &str| When::parse(d).unwrap();
        let attribute = |name: &str| event.attributes.get(name).map(str::to_string);
        let score = || attribute("score").map(|v| v.parse::<f64>().unwrap());
        let compare = |op: &Op, x: f64, y: f64| match op {
            Op::Lt => x < y,
            Op::Le => x <= y,
            Op::Gt => x > y,
            Op::Ge => x >= y,
        };
        match (key, value) {
            (Key::Actor, Value::Is(a)) => named(a, None),
            (Key::Agent, Value::Is(a)) => named(a, Some(Role::Agent)),
            (Key::Target, Value::Is(a)) => named(a, Some(Role::Target)),
            (Key::Dyad, Value::Is(pair)) => {
                let (a, b) = pair.split_once(',').unwrap();
                let ps = &event.participants;
                ps.iter().any(|p| {
                    ps.iter().any(|q| {
                        corpus.actor(p.actor).id == a
                            && corpus.actor(q.actor).id == b
                            && p.actor != q.actor
                            && (p.role != q.role || p.role == Role::Other)
                    })
                })
            }
            (Key::Action, Value::Is(a)) => event.action.as_deref() == Some(a.as_str()),
            (Key::Status, Value::Is(s)) => event.status.as_str() == s,
            (Key::Tag, Value::Is(t)) => event.tags.iter().any(|x| x.to_lowercase() == *t),
            (Key::Source, Value::Is(s)) => {
                corpus.article_of(event).source.as_ref().is_some_and(|x| x.raw().to_lowercase() == s.to_lowercase())
            }
            (Key::From, Value::Is(d)) => start.is_some_and(|s| s >= period(d).start),
            (Key::To, Value::Is(d)) => start.is_some_and(|s| s < period(d).end),
            (Key::Date, Value::Is(d)) => start.is_some_and(|s| s >= period(d).start && s < period(d).end),
            (Key::Date, Value::Prefix(_)) => start.is_some(),
            (Key::Date, Value::Range(a, b)) => start.is_some_and(|s| s >= period(a).start && s < period(b).end),
            (Key::Date, Value::Compare(op, d)) => start.is_some_and(|s| match op {
                Op::Lt => s < period(d).start,
                Op::Le => s < period(d).end,
                Op::Gt => s >= period(d).end,
                Op::Ge => s >= period(d).start,
            }),
            (Key::Text, Value::Is(w)) => {
                let case = w.chars().any(char::is_uppercase);
                let fold = |s: &str| if case { s.to_string() } else { s.to_lowercase() };
                let w = fold(w);
                fold(event.summary.raw()).contains(&w)
                    || event.participants.iter().any(|p| {
                        let actor = corpus.actor(p.actor);
                        fold(actor.name.raw()).contains(&w) || actor.aliases.iter().any(|a| fold(a.raw()).contains(&w))
                    })
                    || event.attributes.iter().any(|(_, v)| fold(v).contains(&w))
            }
            (Key::Attribute(_), Value::Is(c)) => attribute("code").is_some_and(|v| v == *c),
            (Key::Attribute(_), Value::Prefix(c)) => attribute("code").is_some_and(|v| v.starts_with(c.as_str())),
            (Key::Attribute(_), Value::Compare(op, n)) => score().is_some_and(|s| compare(op, s, n.parse().unwrap())),
            (Key::Attribute(_), Value::Range(a, b)) => {
                score().is_some_and(|s| a.parse::<f64>().unwrap() <= s && s <= b.parse::<f64>().unwrap())
            }
            (k, v) => unreachable!("not generated: {k:?} {v:?}"),
        }
    }
}
