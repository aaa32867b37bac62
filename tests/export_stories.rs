//! Stories through exports: a native export keeps the stories of its events, and loading
//! it back tells the same stories (the clustering's and the user's merges alike); a
//! TimelineJS export given the stories is one slide a story.

use annals::desk::Desk;
use annals::export::Format;
use annals::ingest::{self, Input, LoadOptions};
use annals::model::{Corpus, EventIx};
use annals::query::Filter;
use annals::stories::{Choice, Rule, Stories};
use chrono::TimeZone;

fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap()
}

fn bundled() -> Corpus {
    ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus
}

fn every_event(corpus: &Corpus) -> Vec<EventIx> {
    (0..corpus.events().len() as EventIx).collect()
}

/// Each story of several reports, as its reports' names, sorted.
fn named_stories(corpus: &Corpus, stories: &Stories) -> Vec<Vec<String>> {
    let mut named: Vec<Vec<String>> = (0..stories.len() as u32)
        .map(|s| stories.reports(s))
        .filter(|r| r.len() > 1)
        .map(|r| {
            let mut names: Vec<String> = r.iter().map(|&e| corpus.event_ref(corpus.event(e))).collect();
            names.sort();
            names
        })
        .collect();
    named.sort();
    named
}

fn native(corpus: &Corpus, events: &[EventIx], stories: &Stories, format: Format) -> String {
    format.render_with(corpus, events, &Filter::default(), at(), &Desk::default(), Some(stories)).0
}

fn reload(text: &str) -> Corpus {
    let loaded = ingest::load_str("export.json", text);
    assert_eq!(loaded.report.error_count(), 0, "{:?}", loaded.report.diagnostics());
    assert!(
        loaded.report.diagnostics().iter().all(|d| !d.to_string().contains("stor")),
        "the stories read back without a word: {:?}",
        loaded.report.diagnostics()
    );
    loaded.corpus
}

#[test]
fn the_bundled_corpus_tells_the_same_stories_after_a_native_export_and_a_reload() {
    let corpus = bundled();
    let stories = Stories::cluster(&corpus, &[]);
    assert!(stories.merged() > 10);
    for format in [Format::Native, Format::NativeWithTexts] {
        let again = reload(&native(&corpus, &every_event(&corpus), &stories, format));
        assert_eq!(again.kept_stories().len(), stories.merged(), "{format:?}: every story of several reports kept");
        let clustered = Stories::cluster(&again, &[]);
        assert_eq!(named_stories(&again, &clustered), named_stories(&corpus, &stories), "{format:?}");
    }
}

#[test]
fn a_merge_by_hand_is_kept_through_an_export() {
    let corpus = bundled();
    let found = Stories::cluster(&corpus, &[]);
    // The first and last events of the timeline: no rule would ever join them.
    let (a, b) = (0, corpus.events().len() as EventIx - 1);
    assert_ne!(found.story_of(a), found.story_of(b));
    let merged = found.with_choices(&corpus, &[Choice::Merge(a, b)]);
    let again = reload(&native(&corpus, &every_event(&corpus), &merged, Format::Native));
    let clustered = Stories::cluster(&again, &[]);
    assert_eq!(named_stories(&again, &clustered), named_stories(&corpus, &merged));
    let name = |c: &Corpus, e: EventIx| c.event_ref(c.event(e));
    let a_again = (0..again.events().len() as EventIx).find(|&e| name(&again, e) == name(&corpus, a)).unwrap();
    let kept = |r: &EventIx| clustered.joins_of(*r).any(|j| j.rule == Rule::Kept && j.score == 1.0);
    assert!(clustered.reports_with(a_again).iter().any(kept), "joined as a kept story");
}

#[test]
fn an_export_keeps_only_stories_that_two_of_its_events_tell() {
    let corpus = bundled();
    let stories = Stories::cluster(&corpus, &[]);
    let pair = (0..stories.len() as u32).find(|&s| stories.reports(s).len() == 2).unwrap();
    let triple = (0..stories.len() as u32).find(|&s| stories.reports(s).len() >= 3).unwrap();
    // Both reports of the pair, and one report of the larger story.
    let mut events: Vec<EventIx> = stories.reports(pair).to_vec();
    events.push(stories.reports(triple)[0]);
    events.sort_unstable();
    let json: serde_json::Value = serde_json::from_str(&native(&corpus, &events, &stories, Format::Native)).unwrap();
    let names: Vec<String> = stories.reports(pair).iter().map(|&e| corpus.event_ref(corpus.event(e))).collect();
    assert_eq!(json["stories"], serde_json::json!([{ "reports": names }]));
}

#[test]
fn timelinejs_with_stories_is_one_slide_a_story_and_a_single_report_slide_as_before() {
    let corpus = bundled();
    let stories = Stories::cluster(&corpus, &[]);
    let events = every_event(&corpus);
    let render = |stories: Option<&Stories>| {
        let (text, left_out) =
            Format::TimelineJs.render_with(&corpus, &events, &Filter::default(), at(), &Desk::default(), stories);
        (serde_json::from_str::<serde_json::Value>(&text).unwrap(), left_out)
    };
    let (plain, _) = render(None);
    let (by_story, left_out) = render(Some(&stories));
    let slides = by_story["events"].as_array().unwrap();
    assert_eq!(slides.len() + left_out, stories.len(), "one slide a story, undated ones left out and counted");
    let by_id = |doc: &serde_json::Value, id: &str| {
        doc["events"].as_array().unwrap().iter().find(|s| s["unique_id"] == id).cloned()
    };
    let mut story_slides = 0;
    for s in 0..stories.len() as u32 {
        let lead = stories.lead(s);
        let id = corpus
            .event_ref(corpus.event(lead))
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_', "-");
        let Some(slide) = by_id(&by_story, &id) else { continue };
        if stories.reports(s).len() == 1 {
            assert_eq!(Some(&slide), by_id(&plain, &id).as_ref(), "a story of one report is its slide as before");
        } else {
            let canonical = corpus.event(stories.canonical(s)).summary.raw();
            let escaped = canonical
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert_eq!(slide["text"]["headline"], escaped.as_str(), "the canonical summary is the headline");
            assert_eq!(slide["start_date"], by_id(&plain, &id).unwrap()["start_date"], "the lead's date");
            let text = slide["text"]["text"].as_str().unwrap();
            assert_eq!(text.matches("<li>").count(), stories.reports(s).len(), "{text}");
            story_slides += 1;
        }
    }
    assert!(story_slides > 10, "the stories of several reports were checked: {story_slides}");
    assert!(by_story["title"]["text"]["text"].as_str().unwrap().contains(" stories from "));
}

#[test]
fn a_story_slide_escapes_what_it_shows_of_the_data() {
    let path = "tests/fixtures/hostile/html.json";
    let corpus = ingest::load_str(path, &std::fs::read_to_string(path).unwrap()).corpus;
    let events = every_event(&corpus);
    let stories = Stories::cluster(&corpus, &[Choice::Merge(events[0], events[1])]);
    let (text, _) =
        Format::TimelineJs.render_with(&corpus, &events, &Filter::default(), at(), &Desk::default(), Some(&stories));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let slides = json["events"].as_array().unwrap();
    assert_eq!(slides.len(), 1, "the two reports are one story");
    let body = slides[0]["text"]["text"].as_str().unwrap();
    let headline = slides[0]["text"]["headline"].as_str().unwrap();
    for html in [body, headline] {
        for raw in ["<script", "<img", "<svg", "<b>"] {
            assert!(!html.contains(raw), "raw markup {raw} in {html}");
        }
    }
    assert!(body.contains("&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;"), "{body}");
    assert!(body.contains("&lt;b&gt;&quot;outlet&quot;&lt;/b&gt; &amp; co"), "{body}");
}
