//! Events told again by later articles, for measuring stories: another outlet retells a
//! recent event in its own words (a paraphrase of the act, the actor by an alias), at
//! another precision or a day off, sometimes with another status or without its target.
//! Some paraphrases are ones annals's word table knows ("ousted" for "expelled"), some it
//! does not ("sat down with" for "met"), as in real reporting.

use super::{ACTIONS, Actor, PLACES, Rng, STATUSES};
use serde_json::{Value, json};
use std::collections::VecDeque;

/// Other words for each of [`ACTIONS`]'s acts, in its order.
const RETOLD: &[&[&str]] = &[
    &["ordered out", "ousted", "kicked out"],
    &["imposed sanctions on", "penalized"],
    &["held talks with", "sat down with"],
    &["blamed", "leveled accusations at"],
    &["suggested negotiations with", "offered talks to"],
    &["cancelled an order against", "rescinded a decree on"],
    &["rejected claims by", "disputed allegations from"],
    &["threatened", "cautioned"],
    &["backed", "endorsed"],
    &["condemned", "denounced"],
    &["signed a deal with", "concluded an accord with"],
    &["struck", "launched an assault on"],
];

/// An event that later articles may retell.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: u64,
    article: u64,
    agent: u64,
    target: u64,
    lemma: usize,
    day: chrono::NaiveDate,
    status: String,
}

/// The recent events that may be retold, and the next story number.
#[derive(Default)]
pub struct Told {
    recent: VecDeque<Story>,
    next: u64,
}

impl Told {
    pub fn next_id(&mut self) -> u64 {
        self.next += 1;
        self.next - 1
    }

    /// Keep an event for retelling when it has a day (an undated or coarse event is not).
    #[allow(clippy::too_many_arguments)]
    pub fn remember(
        &mut self,
        id: u64,
        article: u64,
        agent: u64,
        target: u64,
        lemma: usize,
        date: Option<&str>,
        status: &str,
    ) {
        let Some(day) = date.filter(|d| d.len() >= 10 && !d.contains('/')).and_then(|d| d[..10].parse().ok()) else {
            return;
        };
        self.recent.push_back(Story { id, article, agent, target, lemma, day, status: status.to_string() });
        if self.recent.len() > 300 {
            self.recent.pop_front();
        }
    }

    /// A recent story of one of the last eight articles other than `article`.
    pub fn pick(&self, rng: &mut Rng, article: u64) -> Option<Story> {
        if self.recent.is_empty() {
            return None;
        }
        for _ in 0..4 {
            let i = rng.below(self.recent.len() as u64) as usize;
            let story = &self.recent[i];
            if story.article != article && article.saturating_sub(story.article) <= 8 {
                return Some(story.clone());
            }
        }
        None
    }
}

impl Story {
    /// The event `e` of an article retelling this story, its sentence in the article, and
    /// the actors it names.
    pub fn retell(&self, rng: &mut Rng, actors: &[Actor], e: u64) -> (Value, String, u64, Option<u64>) {
        let name = |rng: &mut Rng, a: u64| {
            let actor = &actors[a as usize];
            if rng.chance(50) || actor.aliases.is_empty() {
                actor.name.clone()
            } else {
                let i = if actor.kind == "person" { [0, 2][rng.below(2) as usize] } else { 0 };
                actor.aliases[i.min(actor.aliases.len() - 1)].clone()
            }
        };
        let (lemma, past) = ACTIONS[self.lemma];
        let phrase = if rng.chance(30) { past } else { *rng.pick(RETOLD[self.lemma]) };
        let agent = name(rng, self.agent);
        let target = name(rng, self.target);
        let summary = match rng.below(10) {
            0..=5 => format!("{agent} {phrase} {target}"),
            6..=7 => format!("{agent} {phrase} {target} in {}", rng.pick(PLACES)),
            _ => format!("Officials: {agent} {phrase} {target}"),
        };
        let day = if rng.chance(10) { self.day + chrono::Days::new(1) } else { self.day };
        let date = match rng.below(100) {
            0..=14 => day.format("%Y-%m").to_string(),
            15..=24 => format!("{}T{:02}:{:02}", day.format("%Y-%m-%d"), rng.below(24), rng.below(60)),
            _ => day.format("%Y-%m-%d").to_string(),
        };
        let status = if rng.chance(10) { rng.pick(STATUSES).to_string() } else { self.status.clone() };
        let with_target = rng.chance(75);
        let mut participants = vec![json!({"actor": format!("a{}", self.agent), "role": "agent"})];
        if with_target {
            participants.push(json!({"actor": format!("a{}", self.target), "role": "target"}));
        }
        let sentence = format!("{summary}, the outlet reported.");
        let mut event = json!({
            "id": format!("e{e}"),
            "summary": summary,
            "status": status,
            "date": date,
            "participants": participants,
            "evidence": [sentence],
        });
        if rng.chance(85) {
            event["action"] = json!(lemma);
        }
        (event, sentence, self.agent, with_target.then_some(self.target))
    }
}
