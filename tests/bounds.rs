//! Long lists of one event are shown with a bound ("… and 99,990 more"): an event with a
//! hundred thousand participants or relations must not take seconds at every key.

use annals::display::actor_names;
use annals::ingest::{self, Loaded};
use annals::tui::view::detail::detail_lines;

/// One article: event e0 with `n` participants (actors a0.., a0 the agent) and `n`
/// relations to e1..en.
fn crowd(n: usize) -> Loaded {
    let actors: Vec<String> =
        (0..n).map(|i| format!(r#"{{"id": "a{i}", "name": "Actor {i}", "kind": "person"}}"#)).collect();
    let participants: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"actor": "a{i}", "role": "{}"}}"#, if i == 0 { "agent" } else { "other" }))
        .collect();
    let relations: Vec<String> = (1..=n).map(|i| format!(r#"{{"type": "causes", "target": "e{i}"}}"#)).collect();
    let mut events = vec![format!(
        r#"{{"id": "e0", "summary": "Crowd", "date": "2016-12-29", "participants": [{}], "relations": [{}]}}"#,
        participants.join(","),
        relations.join(",")
    )];
    events.extend((1..=n).map(|i| format!(r#"{{"id": "e{i}", "summary": "Leaf {i}", "date": "2016-12-30"}}"#)));
    let json = format!(
        r#"{{"id": "crowd", "title": "A crowd", "events": [{}], "actors": [{}]}}"#,
        events.join(","),
        actors.join(",")
    );
    let loaded = ingest::load_str("crowd.json", &json);
    assert_eq!(loaded.report.error_count(), 0, "{:?}", loaded.report.diagnostics());
    loaded
}

#[test]
fn a_line_names_ten_actors_and_counts_the_others() {
    let Loaded { corpus, .. } = crowd(1234);
    let e0 = corpus.events().iter().position(|e| e.id.as_ref() == "e0").unwrap() as u32;
    assert_eq!(
        actor_names(&corpus, e0),
        "Actor 0, Actor 1, Actor 2, Actor 3, Actor 4, Actor 5, Actor 6, Actor 7, Actor 8, Actor 9, … and 1,224 more"
    );
}

#[test]
fn a_line_with_ten_actors_or_fewer_names_them_all() {
    let Loaded { corpus, .. } = crowd(3);
    let e0 = corpus.events().iter().position(|e| e.id.as_ref() == "e0").unwrap() as u32;
    assert_eq!(actor_names(&corpus, e0), "Actor 0, Actor 1, Actor 2");
}

#[test]
fn the_detail_pane_lists_twenty_actors_and_relations_and_counts_the_others() {
    let Loaded { corpus, .. } = crowd(1234);
    let e0 = corpus.events().iter().position(|e| e.id.as_ref() == "e0").unwrap() as u32;
    let text: Vec<String> =
        detail_lines(&corpus, e0, 1000, annals::model::Clock::Utc, &annals::tui::theme::Theme::default())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>().trim_end().to_string())
            .collect();
    let actors = text.iter().find(|l| l.starts_with("Actors")).unwrap();
    assert!(actors.starts_with("Actors     Actor 0 (agent), Actor 1 (other), "), "{actors}");
    assert!(actors.ends_with("Actor 19 (other), … and 1,214 more"), "{actors}");
    let relations: Vec<&String> =
        text.iter().skip_while(|l| !l.starts_with("Relations")).take_while(|l| !l.starts_with("Source")).collect();
    assert_eq!(relations.len(), 21, "{relations:#?}");
    assert_eq!(relations[0], "Relations  causes: Leaf 1 (2016-12-30)");
    assert_eq!(relations[19], "           causes: Leaf 20 (2016-12-30)");
    assert_eq!(relations[20], "           … and 1,214 more");
}
