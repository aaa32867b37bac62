//! Stories on the timeline: the toggle, the reports panel, splits and merges saved first.

use super::super::testing::*;
use crate::model::EventIx;
use crate::stories::Stories;
use crate::tui::action::{Action, Clustered};
use crate::tui::app::{App, Mode};
use std::sync::Arc;

/// The bundled corpus, its stories arrived from the background.
fn bundled_app() -> App {
    let loaded = crate::ingest::load(&[crate::ingest::Input::Bundled], &crate::ingest::LoadOptions::default());
    let mut app = App::new(Arc::new(loaded.corpus), 120, 40);
    let stories = Arc::new(Stories::cluster(&app.corpus, &[]));
    run(&mut app, [Action::Clustered { stories: Clustered(stories) }]);
    app
}

fn index(app: &App, name: &str) -> EventIx {
    let corpus = &app.corpus;
    (0..corpus.events().len() as EventIx).find(|&e| corpus.event_ref(corpus.event(e)) == name).expect(name)
}

fn go_to(app: &mut App, name: &str) {
    let event = index(app, name);
    assert!(super::super::cursor::move_to_event(app, event), "{name} is on the timeline");
}

const PUTIN: &str = "balticobserver-2016-12-30-putin-declines/e1";

#[test]
fn s_before_the_stories_arrive_shows_them_once_they_do() {
    let mut app = chain_app();
    let before = app.view.clone();
    run(&mut app, [Action::ToggleStories]);
    assert!(app.stories_on);
    assert_eq!(app.view, before, "every report until the stories are found");
    assert!(said(&app).contains("still being found"), "{}", said(&app));
    let stories = Arc::new(Stories::cluster(&app.corpus, &[]));
    run(&mut app, [Action::Clustered { stories: Clustered(stories.clone()) }]);
    assert_eq!(app.view.len(), stories.len());
    assert!(said(&app).contains("stories found"), "{}", said(&app));
}

#[test]
fn s_shows_one_row_a_story_keeps_the_cursor_on_it_and_s_again_every_report() {
    let mut app = bundled_app();
    go_to(&mut app, PUTIN);
    run(&mut app, [Action::ToggleStories]);
    assert!(app.stories_on);
    let stories = app.stories.clone().unwrap();
    assert_eq!(app.view.len(), stories.len());
    assert_eq!(app.reports.len(), 100);
    let current = app.current().unwrap();
    assert_eq!(stories.story_of(current), stories.story_of(index(&app, PUTIN)), "the cursor stays on Putin's decision");
    assert!(stories.reports_with(current).len() >= 5, "Putin's decision is told at least five times");
    assert!(said(&app).contains("one row a story"), "{}", said(&app));
    run(&mut app, [Action::ToggleStories]);
    assert_eq!(app.view.len(), 100);
    assert_eq!(app.current(), Some(current), "back on the report that stood for the story");
}

#[test]
fn a_filter_keeps_one_row_a_story_of_the_reports_it_lets_through() {
    let mut app = bundled_app();
    run(&mut app, [Action::ToggleStories]);
    let filter = crate::query::Filter::parse_words("actor:putin").unwrap();
    super::super::filter::set_filter(&mut app, filter, true).unwrap();
    let stories = app.stories.clone().unwrap();
    let shown: Vec<u32> = app.view.iter().map(|&e| stories.story_of(e)).collect();
    let mut distinct = shown.clone();
    distinct.dedup();
    assert_eq!(shown, distinct, "no story twice");
    assert!(app.reports.len() > app.view.len());
    assert!(app.reports.iter().all(|e| shown.contains(&stories.story_of(*e))));
}

#[test]
fn enter_on_a_story_lists_its_reports_and_opens_one() {
    let mut app = bundled_app();
    go_to(&mut app, PUTIN);
    run(&mut app, [Action::ToggleStories, Action::OpenArticle]);
    let Mode::Reports { story, selected } = app.mode else { panic!("the reports panel, not {:?}", app.mode) };
    let reports = app.stories.as_ref().unwrap().reports(story).to_vec();
    assert_eq!(reports[selected], app.current().unwrap(), "on the report of the row");
    run(&mut app, [Action::Top, Action::PickerDown, Action::Submit]);
    assert!(matches!(app.mode, Mode::Article { event, .. } if event == reports[1]));

    // A story of one report opens its article, as without stories.
    let mut app = bundled_app();
    run(&mut app, [Action::ToggleStories]);
    let stories = app.stories.clone().unwrap();
    let alone = app.view.iter().position(|&e| stories.reports_with(e).len() == 1).unwrap();
    super::super::cursor::move_to(&mut app, alone);
    run(&mut app, [Action::OpenArticle]);
    assert!(matches!(app.mode, Mode::Article { .. }));
}

#[test]
fn x_splits_a_report_out_once_saved_and_the_rest_stays_together() {
    let mut app = bundled_app();
    go_to(&mut app, PUTIN);
    run(&mut app, [Action::ToggleStories, Action::OpenArticle]);
    let Mode::Reports { story, .. } = app.mode else { panic!("reports panel") };
    let before = app.stories.as_ref().unwrap().reports(story).to_vec();
    // Unsaved, nothing changes: the split is an effect for the loop.
    let effects = run(&mut app, [Action::Top, Action::SplitReport]);
    assert_eq!(effects.len(), 1);
    assert_eq!(app.stories.as_ref().unwrap().reports(story), before);
    let mut app = bundled_app();
    go_to(&mut app, PUTIN);
    run_saving(&mut app, [Action::ToggleStories, Action::OpenArticle, Action::Top, Action::SplitReport]);
    let stories = app.stories.clone().unwrap();
    assert_eq!(stories.reports_with(before[0]), [before[0]], "{}", said(&app));
    assert_eq!(stories.reports_with(before[1]), &before[1..], "the others stay one story");
    assert!(said(&app).contains("split out of its story"), "{}", said(&app));
    assert!(matches!(app.mode, Mode::Reports { .. }), "the panel stays, on the rest of the story");
}

#[test]
fn j_merges_the_marked_stories_into_this_one() {
    let mut app = bundled_app();
    run(&mut app, [Action::ToggleStories]);
    let stories = app.stories.clone().unwrap();
    let count = app.view.len();
    run_saving(&mut app, [Action::Top, Action::ToggleMark, Action::Down, Action::Down]);
    let (first, here) = (app.view[0], app.current().unwrap());
    run_saving(&mut app, [Action::MergeStories]);
    let merged = app.stories.clone().unwrap();
    assert_eq!(merged.story_of(first), merged.story_of(here), "{}", said(&app));
    assert_eq!(app.view.len(), count - 1);
    assert_eq!(merged.reports_with(here).len(), stories.reports_with(first).len() + stories.reports_with(here).len());
    assert!(said(&app).contains("1 story merged into this one"), "{}", said(&app));
    // Nothing marked: it says how.
    let mut app = bundled_app();
    run(&mut app, [Action::ToggleStories, Action::MergeStories]);
    assert!(said(&app).contains("mark"), "{}", said(&app));
}

#[test]
fn e_with_stories_on_exports_every_report_of_the_stories_selected() {
    let mut app = bundled_app();
    go_to(&mut app, PUTIN);
    run(&mut app, [Action::ToggleStories, Action::ToggleSelection, Action::OpenExport]);
    let Mode::Export { events, .. } = &app.mode else { panic!("the export prompt") };
    let stories = app.stories.clone().unwrap();
    let reports = stories.reports_with(index(&app, PUTIN));
    assert_eq!(events, reports, "the row's story, every report of it");
}

#[test]
fn a_mark_leaves_the_stories_as_they_were() {
    let mut app = bundled_app();
    run(&mut app, [Action::ToggleStories]);
    let before = app.stories.clone().unwrap();
    run_saving(&mut app, [Action::ToggleMark]);
    assert!(Arc::ptr_eq(&before, app.stories.as_ref().unwrap()), "not made again for a mark");
}
