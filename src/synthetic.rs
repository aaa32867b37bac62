//! A realistic synthetic corpus, for benchmarks and for trying annals at scale
//! (`cargo run --release --example gen -- --events 1000000 --seed 7 > big.jsonl`).
//!
//! Articles of 2 to 40 events with full texts; one actor for every ten events (100,000 at
//! a million), each with aliases, some in Cyrillic, Greek or CJK; dates of every precision
//! over twenty years, some only as words ("late Thursday"); relations to earlier events;
//! evidence quoted from the text. The same seed gives the same bytes.

pub mod dense;
pub mod gdelt;
mod retold;

use chrono::Datelike;
use serde_json::{Value, json};
use std::io::Write;

/// The shapes of data the generator writes (`gen --shape NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// [`write_corpus`]: long articles with full texts, every field, compact JSON.
    Native,
    /// [`dense::write_dense`]: short articles dense in events, written as feeds write them.
    Dense,
    /// [`gdelt::write_gdelt`]: a GDELT 2.0 export table.
    Gdelt,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Native, Shape::Dense, Shape::Gdelt];

    pub fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Shape::Native => "native",
            Shape::Dense => "dense",
            Shape::Gdelt => "gdelt",
        }
    }

    /// The file extension annals reads the shape by.
    pub fn extension(self) -> &'static str {
        match self {
            Shape::Native | Shape::Dense => "jsonl",
            Shape::Gdelt => "export.CSV",
        }
    }

    /// Write `events` events of this shape; the same seed gives the same bytes.
    pub fn write(self, out: &mut dyn Write, events: u64, seed: u64) -> std::io::Result<()> {
        match self {
            Shape::Native => write_corpus(out, events, seed),
            Shape::Dense => dense::write_dense(out, events, seed),
            Shape::Gdelt => gdelt::write_gdelt(out, events, seed),
        }
    }
}

/// SplitMix64: small, fast and deterministic; good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GIVEN: &[&str] = &[
    "Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Karin", "Luis", "Maria",
    "Nikolai", "Olga", "Pavel", "Quentin", "Rosa", "Sergei", "Tomás", "Ulla", "Viktor", "Wen", "Yusuf", "Zoë", "Ahmed",
    "Björn", "Chiara", "Dorota", "Émile",
];
const SYLLABLES: &[&str] =
    &["ka", "ro", "vin", "mel", "sto", "ber", "lan", "dor", "ski", "ova", "ten", "grad", "ham", "ley", "mur", "pet"];
const CYRILLIC: &[&str] = &["ка", "ро", "вин", "мел", "сто", "бер", "лан", "дор", "ски", "ова", "тен", "град"];
const ORGS: &[&str] = &["Ministry", "Council", "Agency", "Party", "Union", "Committee", "Bank", "Front", "Institute"];
const PLACES: &[&str] =
    &["Moscow", "Washington", "Kyiv", "Berlin", "Beijing", "Ankara", "Paris", "Tokyo", "Warsaw", "Riga", "São Paulo"];
const ACTIONS: &[(&str, &str)] = &[
    ("expel", "expelled"),
    ("sanction", "sanctioned"),
    ("meet", "met"),
    ("accuse", "accused"),
    ("propose", "proposed talks with"),
    ("revoke", "revoked an order against"),
    ("deny", "denied claims by"),
    ("warn", "warned"),
    ("support", "supported"),
    ("criticize", "criticized"),
    ("sign", "signed an agreement with"),
    ("attack", "attacked"),
];
const STATUSES: &[&str] =
    &["actual", "actual", "actual", "actual", "proposed", "revoked", "denied", "planned", "hypothetical"];
const OUTLETS: &[&str] =
    &["Capital Wire", "Eurasia Daily Ledger", "The Baltic Observer", "Washington Dispatch", "東京 Herald"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const RELATIONS: &[&str] = &["responds_to", "retaliates_for", "follows", "causes", "part_of", "same_as", "revokes"];

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

struct Actor {
    name: String,
    aliases: Vec<String>,
    kind: &'static str,
}

fn actor(rng: &mut Rng, i: u64) -> Actor {
    let syllables = 2 + rng.below(2);
    let picks: Vec<usize> = (0..syllables).map(|_| rng.below(CYRILLIC.len() as u64) as usize).collect();
    let surname = capitalized(&picks.iter().map(|&p| SYLLABLES[p]).collect::<String>());
    let cyrillic = capitalized(&picks.iter().map(|&p| CYRILLIC[p]).collect::<String>());
    match i % 5 {
        0 => Actor {
            name: format!("{} {surname}", rng.pick(ORGS)),
            aliases: vec![
                format!("{surname} {}", i % 97),
                format!("{}-{}", surname.chars().take(2).collect::<String>().to_uppercase(), i % 1000),
            ],
            kind: "organization",
        },
        1 if rng.chance(30) => Actor {
            name: format!("{surname}ia"),
            aliases: vec![format!("Republic of {surname}ia"), format!("{cyrillic}ия")],
            kind: "country",
        },
        _ => {
            let given = rng.pick(GIVEN);
            Actor {
                name: format!("{given} {surname}"),
                aliases: vec![
                    surname.clone(),
                    format!("{cyrillic} {}", i % 1000),
                    format!("{}. {surname}", given.chars().next().unwrap_or('X')),
                ],
                kind: "person",
            }
        }
    }
}

/// A date at a random precision within 2000-2019, and the words an article might use.
fn date(rng: &mut Rng, base_day: i64) -> (Option<String>, Option<String>) {
    let day = base_day + rng.below(5) as i64;
    let d = chrono::NaiveDate::from_num_days_from_ce_opt(day as i32).unwrap_or_default();
    let (h, m) = (rng.below(24), rng.below(60));
    match rng.below(100) {
        0..=39 => (Some(d.format("%Y-%m-%d").to_string()), None),
        40..=54 => (Some(format!("{}T{h:02}:{m:02}", d.format("%Y-%m-%d"))), None),
        55..=59 => (Some(format!("{}T{h:02}:{m:02}:00+03:00", d.format("%Y-%m-%d"))), None),
        60..=64 => (Some(format!("{}T{h:02}", d.format("%Y-%m-%d"))), None),
        65..=74 => (Some(d.format("%Y-%m").to_string()), None),
        75..=79 => (Some(d.format("%Y").to_string()), Some(format!("in {}", d.format("%Y")))),
        80..=86 => {
            let end = d + chrono::Days::new(1 + rng.below(20));
            (Some(format!("{}/{}", d.format("%Y-%m-%d"), end.format("%Y-%m-%d"))), None)
        }
        87..=94 => (None, Some(format!("late {}", rng.pick(WEEKDAYS)))),
        95..=97 => (None, Some("yesterday".to_string())),
        _ => (None, None),
    }
}

/// Write a corpus of about `events` events as JSON Lines; the same seed gives the same bytes.
pub fn write_corpus(out: &mut dyn Write, events: u64, seed: u64) -> std::io::Result<()> {
    write_corpus_retold(out, events, seed, 0, None)
}

/// [`write_corpus`], with `retold` percent of the events retelling an event of a recent
/// article in other words ([`retold::Told`]: a paraphrase, another precision or a day off,
/// sometimes another status or fewer participants); `truth` receives each event's story
/// (`ARTICLE/EVENT<TAB>STORY`, one a line). With `retold` 0 the bytes are
/// [`write_corpus`]'s.
pub fn write_corpus_retold(
    out: &mut dyn Write,
    events: u64,
    seed: u64,
    retold: u64,
    mut truth: Option<&mut dyn Write>,
) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let mut told = retold::Told::default();
    let actor_count = (events / 10).max(10);
    let actors: Vec<Actor> = (0..actor_count).map(|i| actor(&mut rng, i)).collect();
    // 2000-01-01 to the end of 2019, as days since the common era.
    let first_day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().num_days_from_ce() as i64;
    let span_days = 20 * 365;
    let mut written = 0u64;
    let mut recent: Vec<String> = Vec::new();
    let mut article_no = 0u64;
    while written < events {
        let n = (2 + rng.below(39)).min(events - written);
        let n = if events - written - n == 1 { n + 1 } else { n };
        let article_id = format!("gen-{article_no}");
        // Articles come in time order, with some jitter, like an archive.
        let base_day = first_day + (written * span_days / events.max(1)) as i64 + rng.below(30) as i64;
        let published = chrono::NaiveDate::from_num_days_from_ce_opt((base_day + 6) as i32).unwrap_or_default();
        let mut text = String::new();
        let mut used_actors: Vec<u64> = Vec::new();
        let mut events = Vec::with_capacity(n as usize);
        for e in 0..n {
            if retold > 0
                && rng.chance(retold)
                && let Some(story) = told.pick(&mut rng, article_no)
            {
                let (event, sentence, agent, target) = story.retell(&mut rng, &actors, e);
                text.push_str(&sentence);
                text.push(' ');
                for a in [Some(agent), target].into_iter().flatten() {
                    if !used_actors.contains(&a) {
                        used_actors.push(a);
                    }
                }
                if let Some(truth) = truth.as_deref_mut() {
                    writeln!(truth, "{article_id}/e{e}\ts{}", story.id)?;
                }
                events.push(event);
                continue;
            }
            let agent = if rng.chance(20) && !used_actors.is_empty() {
                *rng.pick(&used_actors)
            } else {
                // Some actors are in the news far more than others.
                let r = rng.below(actor_count);
                if rng.chance(30) { r % (actor_count / 100).max(1) } else { r }
            };
            let target = rng.below(actor_count);
            for a in [agent, target] {
                if !used_actors.contains(&a) {
                    used_actors.push(a);
                }
            }
            let (lemma, past) = rng.pick(ACTIONS);
            let place = rng.pick(PLACES);
            let (date, date_text) = date(&mut rng, base_day);
            let words = date_text.clone().unwrap_or_else(|| "on the day".to_string());
            let sentence = format!(
                "{} {past} {} {words} in {place}, officials said.",
                actors[agent as usize].name, actors[target as usize].name
            );
            let start = text.chars().count();
            text.push_str(&sentence);
            text.push(' ');
            if e % 7 == 6 {
                text.push_str("\n\n");
            }
            let summary = format!("{} {past} {}", actors[agent as usize].name, actors[target as usize].name);
            let evidence = if rng.chance(50) {
                json!(sentence)
            } else {
                json!({"quote": sentence, "start": start, "end": start + sentence.chars().count()})
            };
            let mut event = json!({
                "id": format!("e{e}"),
                "summary": summary,
                "action": lemma,
                "status": rng.pick(STATUSES),
                "participants": [
                    {"actor": format!("a{agent}"), "role": "agent"},
                    {"actor": format!("a{target}"), "role": "target"}
                ],
                "evidence": [evidence],
                "tags": [place.to_lowercase(), lemma.to_string()],
            });
            if let Some(d) = date {
                event["date"] = json!(d);
            }
            if let Some(t) = date_text {
                event["date_text"] = json!(t);
            }
            let id = told.next_id();
            if let Some(truth) = truth.as_deref_mut() {
                writeln!(truth, "{article_id}/e{e}\ts{id}")?;
            }
            if retold > 0 {
                let status = event["status"].as_str().unwrap_or("actual");
                let lemma = ACTIONS.iter().position(|(l, _)| l == lemma).unwrap_or(0);
                told.remember(id, article_no, agent, target, lemma, event["date"].as_str(), status);
            }
            if !recent.is_empty() && rng.chance(25) {
                let target = rng.pick(&recent).clone();
                let kind = match *rng.pick(RELATIONS) {
                    // Retold corpora measure stories: a random `same_as` would join two
                    // unrelated events.
                    "same_as" if retold > 0 => "follows",
                    kind => kind,
                };
                event["relations"] = json!([{"type": kind, "target": target}]);
            }
            events.push(event);
        }
        for e in 0..n {
            if rng.chance(10) {
                recent.push(format!("{article_id}/e{e}"));
            }
        }
        if recent.len() > 200 {
            recent.drain(..100);
        }
        let declared: Vec<Value> = used_actors
            .iter()
            .map(|&a| {
                let actor = &actors[a as usize];
                json!({"id": format!("a{a}"), "name": actor.name, "aliases": actor.aliases, "kind": actor.kind})
            })
            .collect();
        let article = json!({
            "id": article_id,
            "title": format!("{} in {}", events[0]["summary"].as_str().unwrap_or(""), rng.pick(PLACES)),
            "source": rng.pick(OUTLETS),
            "published": published.format("%Y-%m-%d").to_string(),
            "url": format!("https://news.example/{article_no}"),
            "text": text,
            "actors": declared,
            "events": events,
        });
        serde_json::to_writer(&mut *out, &article)?;
        out.write_all(b"\n")?;
        written += n;
        article_no += 1;
    }
    Ok(())
}
