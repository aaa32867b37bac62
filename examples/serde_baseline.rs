//! The yardstick for loading speed (docs/PERFORMANCE.md): a minimal single-threaded
//! program that parses a JSON Lines corpus into typed serde structs with serde_json and
//! does nothing else.
//!
//!     cargo run --release --example serde_baseline -- big.jsonl
//!
//! It reads the native and the dense shapes of `gen` (docs/PERFORMANCE.md, "Shapes of
//! data"); the GDELT shape's yardstick is `gdelt_baseline`.

#![allow(dead_code)] // The fields are parsed to be paid for, not read.

use serde::Deserialize;
use std::io::BufRead;

#[derive(Deserialize)]
struct Article {
    id: String,
    title: String,
    source: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    text: Option<String>,
    #[serde(default)]
    actors: Vec<Actor>,
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Actor {
    id: String,
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    kind: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    date: Option<String>,
    date_text: Option<String>,
    summary: String,
    action: Option<String>,
    status: Option<String>,
    #[serde(default)]
    participants: Vec<Participant>,
    #[serde(default)]
    evidence: Vec<Evidence>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    attributes: std::collections::HashMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Participant {
    actor: String,
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Evidence {
    Quote(String),
    Span { quote: String, start: usize, end: usize },
}

#[derive(Deserialize)]
struct Relation {
    #[serde(rename = "type")]
    kind: String,
    target: String,
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: serde_baseline FILE.jsonl");
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).expect("readable file"));
    let mut articles = Vec::new();
    let mut events = 0usize;
    for line in file.lines() {
        let line = line.expect("UTF-8 lines");
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(&line).expect("a valid article");
        events += article.events.len();
        articles.push(article);
    }
    println!("{} articles, {events} events", articles.len());
}
