//! Short articles dense in events, written as news feeds write them: 8 to 12 events an
//! article, each summarised in one sentence; a short text quoting the first events, or no
//! text at all; each article declaring the actors its events name (so that a busy actor
//! is declared in thousands of articles, sometimes without its aliases); the fields in
//! another order from one article or event to the next, some absent; about two lines in
//! five written with Python's `json.dumps` defaults (`", "` and `": "`, non-ASCII escaped
//! as `\uXXXX`), the others compact. Still annals's native JSON Lines, loading without a
//! word: relations only point to earlier days.

use super::{ACTIONS, Actor, OUTLETS, PLACES, Rng, STATUSES, actor};
use chrono::Datelike;
use std::io::Write;

const ROLES_OF_OTHERS: &[&str] = &["other", "other", "named"];
const RELATIONS: &[&str] = &["responds_to", "follows", "retaliates_for"];
const ATTRIBUTIONS: &[&str] =
    &["", "", ", officials said", ", according to a statement", ", local media reported", " on state television"];
const RELATIVE: &[&str] = &["yesterday", "late Thursday", "on Friday", "last week", "two days ago"];

/// How one line is written: Python's `json.dumps` spacing and ASCII escapes, or compact.
#[derive(Clone, Copy, Default)]
struct Style {
    python: bool,
}

impl Style {
    fn string(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if self.python && !c.is_ascii() => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn array(self, items: &[String]) -> String {
        format!("[{}]", items.join(if self.python { ", " } else { "," }))
    }

    fn object(self, fields: &[(&str, String)]) -> String {
        let (comma, colon) = if self.python { (", ", ": ") } else { (",", ":") };
        let fields: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\"{colon}{v}")).collect();
        format!("{{{}}}", fields.join(comma))
    }
}

/// Fisher-Yates, for the order of fields.
fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

/// An event's day, as days since the common era, and its reference.
struct Dated {
    reference: String,
    day: i64,
}

/// Write about `events` events in articles of 8 to 12; the same seed gives the same bytes.
pub fn write_dense(out: &mut dyn Write, events: u64, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let actor_count = (events / 20).max(10);
    let actors: Vec<Actor> = (0..actor_count).map(|i| actor(&mut rng, i)).collect();
    // Three years from 2017-01-01, as days since the common era.
    let first_day = chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap().num_days_from_ce() as i64;
    let span_days = 3 * 365;
    let mut recent: Vec<Dated> = Vec::new();
    let mut written = 0u64;
    let mut article_no = 0u64;
    while written < events {
        let n = (8 + rng.below(5)).min(events - written);
        let base_day = first_day + (written * span_days / events.max(1)) as i64;
        let style = Style { python: rng.chance(40) };
        let quoted = if rng.chance(50) { 1 + rng.below(3) } else { 0 };
        let id = format!("dense-{article_no}");
        let article = Article { id, base_day, style, actors: &actors, quoted, ..Article::default() };
        let line = article.line(&mut rng, n, &mut recent);
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        if recent.len() > 400 {
            recent.drain(..200);
        }
        written += n;
        article_no += 1;
    }
    Ok(())
}

/// One article as it is written: what its events have said and named so far.
#[derive(Default)]
struct Article<'a> {
    id: String,
    base_day: i64,
    style: Style,
    actors: &'a [Actor],
    /// How many of the first events the text tells (and they quote it as evidence).
    quoted: u64,
    text: String,
    used: Vec<u64>,
    earlier: Vec<Dated>,
}

impl Article<'_> {
    /// The article's line, with `n` events; the events other articles may point to join `recent`.
    fn line(mut self, rng: &mut Rng, n: u64, recent: &mut Vec<Dated>) -> String {
        let style = self.style;
        let events: Vec<String> = (0..n).map(|e| self.event(rng, e, recent)).collect();
        let declared: Vec<String> =
            self.used.iter().map(|&a| declaration(rng, style, a, &self.actors[a as usize])).collect();
        let published = chrono::NaiveDate::from_num_days_from_ce_opt(self.base_day as i32).unwrap_or_default();
        let mut fields: Vec<(&str, String)> = vec![
            ("id", style.string(&self.id)),
            ("title", style.string(&format!("{} {}", rng.pick(PLACES), published.format("%B %-d")))),
            ("published", style.string(&published.format("%Y-%m-%d").to_string())),
            ("actors", style.array(&declared)),
            ("events", style.array(&events)),
        ];
        if rng.chance(90) {
            fields.push(("source", style.string(rng.pick::<&str>(OUTLETS))));
        }
        if rng.chance(70) {
            let url = format!("https://feed.example/{}/{}", published.year(), self.id);
            fields.push(("url", style.string(&url)));
        }
        if !self.text.is_empty() {
            fields.push(("text", style.string(self.text.trim_end())));
        }
        shuffle(rng, &mut fields[1..]);
        style.object(&fields)
    }

    /// An actor of the corpus: some are in the news far more than others.
    fn pick_actor(&self, rng: &mut Rng) -> u64 {
        let r = rng.below(self.actors.len() as u64);
        if rng.chance(40) { r % (self.actors.len() as u64 / 200).max(1) } else { r }
    }

    /// The agent (often one named before in the article), a target and another participant.
    fn participants(&mut self, rng: &mut Rng) -> (u64, Option<u64>, Option<u64>) {
        let agent = if rng.chance(25) && !self.used.is_empty() { *rng.pick(&self.used) } else { self.pick_actor(rng) };
        let target = (!rng.chance(15)).then(|| self.pick_actor(rng));
        let other = rng.chance(10).then(|| self.pick_actor(rng));
        for a in [Some(agent), target, other].into_iter().flatten() {
            if !self.used.contains(&a) {
                self.used.push(a);
            }
        }
        (agent, target, other)
    }

    /// The `e`th event's object.
    fn event(&mut self, rng: &mut Rng, e: u64, recent: &mut Vec<Dated>) -> String {
        let style = self.style;
        let day = self.base_day - rng.below(3) as i64;
        let (agent, target, other) = self.participants(rng);
        let (lemma, past) = rng.pick(ACTIONS);
        let place = rng.pick(PLACES);
        let said = rng.pick(ATTRIBUTIONS);
        let name = |a: u64| &self.actors[a as usize].name;
        let sentence = match target {
            Some(t) => format!("{} {past} {} in {place}{said}.", name(agent), name(t)),
            None => format!("{} {past} critics in {place}{said}.", name(agent)),
        };
        let mut fields: Vec<(&str, String)> =
            vec![("id", style.string(&format!("e{e}"))), ("summary", style.string(&sentence))];
        // Events dated only by words are dated from publication: no relation to or from them.
        let dated = rng.chance(93);
        fields.push(if dated {
            ("date", style.string(&date(rng, day)))
        } else {
            ("date_text", style.string(rng.pick::<&str>(RELATIVE)))
        });
        if rng.chance(90) {
            fields.push(("action", style.string(lemma)));
        }
        if rng.chance(60) {
            fields.push(("status", style.string(rng.pick::<&str>(STATUSES))));
        }
        let mut participants = vec![participant(style, agent, "agent")];
        participants.extend(target.map(|t| participant(style, t, "target")));
        participants.extend(other.map(|o| participant(style, o, rng.pick::<&str>(ROLES_OF_OTHERS))));
        fields.push(("participants", style.array(&participants)));
        if e < self.quoted {
            fields.push(("evidence", style.array(&[self.tell(rng, &sentence)])));
        }
        if rng.chance(60) {
            fields.push(("tags", style.array(&[style.string(&place.to_lowercase()), style.string(lemma)])));
        }
        if rng.chance(15) {
            fields.push(("attributes", style.object(&[("confidence", format!("0.{}", 5 + rng.below(5)))])));
        }
        // Only to events of earlier days, so that no relation contradicts its dates.
        let candidates: Vec<&Dated> = self.earlier.iter().chain(recent.iter()).filter(|d| d.day < day).collect();
        if dated && !candidates.is_empty() && rng.chance(20) {
            let target = style.string(&rng.pick(&candidates).reference);
            let relation = style.object(&[("type", style.string(rng.pick::<&str>(RELATIONS))), ("target", target)]);
            fields.push(("relations", style.array(&[relation])));
        }
        shuffle(rng, &mut fields[1..]);
        if rng.chance(30) {
            fields.swap(0, 1);
        }
        if dated {
            self.earlier.push(Dated { reference: format!("e{e}"), day });
            if rng.chance(10) {
                recent.push(Dated { reference: format!("{}/e{e}", self.id), day });
            }
        }
        style.object(&fields)
    }

    /// `sentence` told in the text, and the evidence that quotes it: the quote alone, or
    /// with its offsets.
    fn tell(&mut self, rng: &mut Rng, sentence: &str) -> String {
        let style = self.style;
        let start = self.text.chars().count();
        self.text.push_str(sentence);
        self.text.push(' ');
        if rng.chance(50) {
            return style.string(sentence);
        }
        let end = start + sentence.chars().count();
        style.object(&[("quote", style.string(sentence)), ("start", start.to_string()), ("end", end.to_string())])
    }
}

/// A day (days since the common era), or a minute of it.
fn date(rng: &mut Rng, day: i64) -> String {
    let date = chrono::NaiveDate::from_num_days_from_ce_opt(day as i32).unwrap_or_default();
    if rng.chance(30) {
        format!("{}T{:02}:{:02}", date.format("%Y-%m-%d"), rng.below(24), rng.below(60))
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

fn participant(style: Style, actor: u64, role: &str) -> String {
    let mut fields = vec![("actor", style.string(&format!("a{actor}"))), ("role", style.string(role))];
    if actor % 2 == 1 {
        fields.reverse();
    }
    style.object(&fields)
}

/// An actor declared as one article declares it: the same name and kind every time, the
/// aliases left out by some articles.
fn declaration(rng: &mut Rng, style: Style, id: u64, actor: &Actor) -> String {
    let mut fields = vec![
        ("id", style.string(&format!("a{id}"))),
        ("name", style.string(&actor.name)),
        ("kind", style.string(actor.kind)),
    ];
    if rng.chance(80) {
        let aliases: Vec<String> = actor.aliases.iter().map(|a| style.string(a)).collect();
        fields.push(("aliases", style.array(&aliases)));
    }
    shuffle(rng, &mut fields[1..]);
    style.object(&fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_load_without_a_word_with_their_events() {
        let mut lines = Vec::new();
        write_dense(&mut lines, 1_000, 9).unwrap();
        let text = String::from_utf8(lines).unwrap();
        assert!(text.lines().any(|l| l.starts_with("{\"id\": ")), "some lines written as json.dumps does");
        assert!(text.lines().any(|l| l.starts_with("{\"id\":\"")), "some lines compact");
        assert!(text.contains("\\u"), "non-ASCII escaped on json.dumps lines");
        for field in ["\"relations\"", "\"evidence\"", "\"date_text\"", "\"text\""] {
            assert!(text.contains(field), "some events or articles have {field}");
        }
        let loaded = crate::ingest::load_str("dense.jsonl", &text);
        assert_eq!(loaded.report.diagnostics(), &[], "no error nor warning");
        assert_eq!(loaded.corpus.events().len(), 1_000);
        assert!(loaded.corpus.articles().len() >= 1_000 / 12);
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let lines = |seed| {
            let mut out = Vec::new();
            write_dense(&mut out, 300, seed).unwrap();
            out
        };
        assert_eq!(lines(1), lines(1));
        assert_ne!(lines(1), lines(2));
    }
}
