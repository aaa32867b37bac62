//! The terminal interface without a terminal: `update` per action, and frames drawn on a
//! TestBackend (snapshots) or a real crossterm backend writing into a buffer.

use annals::ingest::{self, Input, LoadOptions};
use annals::model::Corpus;
use annals::tui::action::Action;
use annals::tui::app::{App, Focus, Mode};
use annals::tui::update::{Effect, update};
use annals::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn chain() -> Corpus {
    ingest::load(&[Input::Path("tests/fixtures/chain".into())], &LoadOptions::default())
}

fn app(width: u16, height: u16) -> App {
    App::new(Arc::new(chain()), width, height)
}

fn summary(app: &App) -> &str {
    app.corpus.events[app.current().unwrap() as usize].summary.raw()
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().flat_map(|a| update(app, a)).collect()
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Input).collect()
}

fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal
}

fn text_of(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn moving_through_the_timeline() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down]);
    assert_eq!(a.cursor, 2);
    run(&mut a, [Action::Up]);
    assert_eq!(a.cursor, 1);
    run(&mut a, [Action::Bottom]);
    assert_eq!(a.cursor, 9);
    run(&mut a, [Action::Down]);
    assert_eq!(a.cursor, 9, "the last event stays the last");
    run(&mut a, [Action::Top, Action::Up]);
    assert_eq!(a.cursor, 0);
    let page = a.list_height();
    run(&mut a, [Action::PageDown]);
    assert_eq!(a.cursor, page.min(9));
    run(&mut a, [Action::PageUp, Action::HalfPageDown]);
    assert_eq!(a.cursor, page / 2);
    run(&mut a, [Action::HalfPageUp]);
    assert_eq!(a.cursor, 0);
}

#[test]
fn the_list_scrolls_to_keep_the_cursor_visible() {
    let mut a = app(80, 12);
    let height = a.list_height();
    assert!(height < 10);
    run(&mut a, [Action::Bottom]);
    assert_eq!(a.offset, 10 - height);
    run(&mut a, [Action::Top]);
    assert_eq!(a.offset, 0);
    run(&mut a, [Action::Scroll(3)]);
    assert_eq!((a.offset, a.cursor), (3, 3), "the wheel takes the cursor along");
}

#[test]
fn day_and_month_jumps() {
    let mut a = app(80, 24);
    // 2016, 2016-12, 12-29, 12-29 →, 12-30, 12-30, 2017-01-01, 01-06, 01-20, undated
    run(&mut a, [Action::Top, Action::Down, Action::Down, Action::NextDay]);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
    run(&mut a, [Action::NextDay]);
    assert_eq!(summary(&a), "Russian diplomats leave Washington");
    run(&mut a, [Action::PrevDay]);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats", "to the first event of the day");
    run(&mut a, [Action::NextMonth]);
    assert_eq!(summary(&a), "Russian diplomats leave Washington");
    run(&mut a, [Action::PrevMonth]);
    assert_eq!(summary(&a), "December of sanctions", "the first event of December 2016");
    run(&mut a, [Action::PrevMonth]);
    assert_eq!(summary(&a), "A year of election hacking", "2016 starts in January 2016");
    run(&mut a, [Action::Bottom, Action::NextDay]);
    assert_eq!(a.message.as_ref().unwrap().text, "this event is undated");
}

#[test]
fn go_to_a_date_and_errors_in_place() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenGoto]);
    run(&mut a, typed("2016-12-30"));
    run(&mut a, [Action::Submit]);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
    run(&mut a, [Action::OpenGoto]);
    run(&mut a, typed("2016-02-30"));
    run(&mut a, [Action::Submit]);
    let Mode::Goto { error, .. } = &a.mode else { panic!("the prompt stays open") };
    assert_eq!(error.as_deref(), Some("impossible date '2016-02-30': February 2016 has 29 days"));
    run(&mut a, [Action::Cancel]);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats", "a failed action changes nothing");
    run(&mut a, [Action::OpenGoto]);
    run(&mut a, typed("2030"));
    run(&mut a, [Action::Submit]);
    assert_eq!(summary(&a), "Trump to be sworn in", "past the end: the last dated event");
}

#[test]
fn incremental_search_follows_typing_and_escape_restores() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::OpenSearch]);
    run(&mut a, typed("lav"));
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
    run(&mut a, [Action::Cancel]);
    assert_eq!(a.cursor, 1);
    assert_eq!(a.search, None);
    run(&mut a, [Action::OpenSearch]);
    run(&mut a, typed("diplomats"));
    run(&mut a, [Action::Submit]);
    assert_eq!(summary(&a), "Obama expels 35 Russian diplomats");
    run(&mut a, [Action::NextMatch]);
    assert_eq!(summary(&a), "Diplomats given 72 hours to leave");
    run(&mut a, [Action::NextMatch, Action::NextMatch, Action::NextMatch]);
    assert_eq!(summary(&a), "Obama expels 35 Russian diplomats", "n wraps around");
    run(&mut a, [Action::PrevMatch]);
    assert_eq!(summary(&a), "Russian diplomats leave Washington");
}

#[test]
fn the_actor_picker_ranks_toggles_and_filters() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenActorPicker]);
    run(&mut a, typed("putn"));
    let Mode::Picker(p) = &a.mode else { panic!("picker open") };
    assert_eq!(a.corpus.actors[p.matches[0].actor as usize].name.raw(), "Vladimir Putin");
    run(&mut a, [Action::Submit]);
    assert_eq!(a.filter.actors, ["putin"]);
    assert_eq!(a.view.len(), 1);
    // Several actors toggled with Space.
    run(&mut a, [Action::OpenActorPicker]);
    run(&mut a, typed("lavrov"));
    run(&mut a, [Action::PickerToggle, Action::ClearInput]);
    run(&mut a, typed("obama"));
    run(&mut a, [Action::PickerToggle, Action::Submit]);
    assert_eq!(a.filter.actors, ["lavrov", "obama"]);
    assert_eq!(a.view.len(), 4);
    run(&mut a, [Action::OpenActorPicker, Action::Input('z'), Action::Cancel]);
    assert_eq!(a.view.len(), 4, "Esc cancels");
}

#[test]
fn the_filter_prompt_applies_words_and_keeps_the_old_filter_on_error() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("from:2016-12-30 status:proposed"));
    run(&mut a, [Action::Submit]);
    assert_eq!(a.view.len(), 1);
    assert!(a.filtered());
    run(&mut a, [Action::OpenFilter]);
    let Mode::Filter { input, .. } = &a.mode else { panic!("filter prompt") };
    assert_eq!(input, "from:2016-12-30 status:proposed", "the prompt starts from the current filter");
    run(&mut a, [Action::ClearInput]);
    run(&mut a, typed("actor:nobody"));
    run(&mut a, [Action::Submit]);
    let Mode::Filter { error, .. } = &a.mode else { panic!("stays open") };
    assert_eq!(error.as_deref(), Some("no actor matches 'nobody' (list them with: annals actors nobody)"));
    run(&mut a, [Action::Cancel]);
    assert_eq!(a.view.len(), 1, "the old filter is kept");
    run(&mut a, [Action::ToggleFilters]);
    assert_eq!(a.view.len(), 10);
    assert!(!a.filtered());
    run(&mut a, [Action::ToggleFilters]);
    assert_eq!(a.view.len(), 1);
}

#[test]
fn a_filter_keeps_the_cursor_on_the_same_event() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down]);
    assert_eq!(summary(&a), "Obama expels 35 Russian diplomats");
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("tag:expulsion"));
    run(&mut a, [Action::Submit]);
    assert_eq!(summary(&a), "Obama expels 35 Russian diplomats");
}

#[test]
fn selecting_a_range_and_exporting_it() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down, Action::ToggleSelection, Action::Down, Action::Down]);
    assert_eq!(a.selected_range(), Some((2, 4)));
    run(&mut a, [Action::OpenExport]);
    let Mode::Export { input, events } = &a.mode else { panic!("export prompt") };
    assert_eq!(input, "annals-2016-12-29-2016-12-30.json");
    assert_eq!(events.len(), 3);
    let effects = run(&mut a, [Action::Submit]);
    assert_eq!(
        effects,
        [Effect::Export {
            path: "annals-2016-12-29-2016-12-30.json".into(),
            events: a.view[2..=4].to_vec(),
            overwrite: false
        }]
    );
    // The loop reports that the file exists: confirm, then it is written.
    run(&mut a, [Action::ExportExists { path: "annals-2016-12-29-2016-12-30.json".into() }]);
    assert!(matches!(a.mode, Mode::ConfirmOverwrite { .. }));
    let effects = run(&mut a, [Action::Confirm]);
    assert!(matches!(&effects[..], [Effect::Export { overwrite: true, .. }]));
    run(&mut a, [Action::Exported { path: "x.json".into(), count: 3 }]);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.message.as_ref().unwrap().text, "exported 3 events to x.json");
    assert_eq!(a.selection, None);
}

#[test]
fn export_without_selection_takes_the_whole_view_and_failures_are_reported() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenExport]);
    let Mode::Export { events, .. } = &a.mode else { panic!("export prompt") };
    assert_eq!(events.len(), 10);
    run(&mut a, [Action::ExportFailed { message: "cannot write x: permission denied".into() }]);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.message.as_ref().unwrap().error);
    run(&mut a, [Action::OpenExport, Action::ClearInput]);
    assert!(run(&mut a, [Action::Submit]).is_empty(), "no file name, no export");
    run(&mut a, [Action::Cancel, Action::OpenExport, Action::Refuse]);
}

#[test]
fn relations_jump_and_clear_filters_that_hide_the_target() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("actor:putin"));
    run(&mut a, [Action::Submit, Action::OpenRelations]);
    let Mode::Relations { items, .. } = &a.mode else { panic!("relations open") };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "revokes");
    run(&mut a, [Action::Submit]);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
    assert!(!a.filters_on, "the filter hid it, so filters are off");
    run(&mut a, [Action::OpenRelations]);
    let Mode::Relations { items, .. } = &a.mode else { panic!("relations open") };
    let labels: Vec<&str> = items.iter().map(|i| i.label).collect();
    assert_eq!(labels, ["retaliates for", "revoked by"]);
}

#[test]
fn the_article_view_moves_between_the_articles_events() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down, Action::OpenArticle]);
    let Mode::Article { event, .. } = a.mode else { panic!("article open") };
    assert_eq!(&*a.corpus.events[event as usize].id, "expel");
    run(&mut a, [Action::ArticleNextEvent]);
    let Mode::Article { event, .. } = a.mode else { panic!("article open") };
    assert_eq!(&*a.corpus.events[event as usize].id, "window");
    run(&mut a, [Action::Cancel]);
    assert_eq!(summary(&a), "Diplomats given 72 hours to leave", "back on the event last read");
}

#[test]
fn panels_focus_quit_and_suspend() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenHelp]);
    assert!(matches!(a.mode, Mode::Help { .. }));
    run(&mut a, [Action::Down, Action::Cancel, Action::OpenDiagnostics]);
    assert!(matches!(a.mode, Mode::Diagnostics { .. }));
    run(&mut a, [Action::Cancel, Action::ToggleFocus]);
    assert_eq!(a.focus, Focus::Detail);
    run(&mut a, [Action::Down]);
    assert_eq!((a.cursor, a.detail_scroll), (0, 1), "the focused pane scrolls");
    run(&mut a, [Action::ToggleFocus]);
    assert_eq!(a.focus, Focus::List);
    assert_eq!(run(&mut a, [Action::Suspend]), [Effect::Suspend]);
    assert_eq!(run(&mut a, [Action::Quit]), [Effect::Quit]);
}

#[test]
fn clicks_select_rows_and_resizes_keep_the_cursor_visible() {
    let mut a = app(80, 24);
    let list_top = a.areas().list.y;
    run(&mut a, [Action::Click { row: list_top + 3 }]);
    assert_eq!(a.cursor, 3);
    run(&mut a, [Action::Bottom, Action::Resize { width: 80, height: 10 }]);
    assert!(a.cursor >= a.offset && a.cursor < a.offset + a.list_height());
}

#[test]
fn snapshot_main_screen() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down]);
    insta::assert_snapshot!(text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_wide_screen_with_filter_and_search() {
    let mut a = app(150, 30);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("tag:expulsion"));
    run(&mut a, [Action::Submit, Action::OpenSearch]);
    run(&mut a, typed("lavrov"));
    run(&mut a, [Action::Submit]);
    insta::assert_snapshot!(text_of(&screen(&a, 150, 30)));
}

#[test]
fn snapshot_actor_picker() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenActorPicker]);
    run(&mut a, typed("putn"));
    insta::assert_snapshot!(text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_article_view() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down, Action::Down, Action::Down, Action::OpenArticle]);
    insta::assert_snapshot!(text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_help() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenHelp]);
    insta::assert_snapshot!(text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_tiny_terminal() {
    let a = app(30, 5);
    insta::assert_snapshot!(text_of(&screen(&a, 30, 5)));
}

#[test]
fn every_size_from_one_by_one_draws_without_panicking() {
    let corpus = Arc::new(ingest::load(&[Input::Bundled], &LoadOptions::default()));
    for (w, h) in
        [(1, 1), (2, 1), (1, 2), (10, 3), (39, 9), (40, 10), (41, 11), (80, 24), (119, 40), (120, 40), (200, 60)]
    {
        let mut a = App::new(corpus.clone(), w, h);
        for actions in [
            vec![],
            vec![Action::OpenActorPicker],
            vec![Action::Bottom, Action::OpenArticle],
            vec![Action::OpenHelp],
            vec![Action::OpenDiagnostics],
            vec![Action::Down, Action::OpenRelations],
        ] {
            a.mode = Mode::Normal;
            run(&mut a, actions);
            screen(&a, w, h);
        }
    }
}

#[test]
fn hostile_text_reaches_no_terminal_bytes() {
    let article = "{\"id\": \"h\", \"title\": \"T\\u001b]0;OWNED\\u0007itle\", \"text\": \"Evil \\u001b[2Jtext\\u202e here \
        \\u001b]52;c;Y2xpcGJvYXJk\\u0007 and \\u009b31m more.\", \"actors\": [{\"id\": \"x\", \"name\": \"Name\\u001b[31mRED\"}], \
        \"events\": [{\"id\": \"e\", \"date\": \"2016-12-29\", \"summary\": \"Sum\\u001b[5mBLINK\\u0007\\u200bmary\", \
        \"participants\": [{\"actor\": \"x\", \"role\": \"agent\"}], \"evidence\": [\"text\\u202e here\"]}]}";
    let corpus = Arc::new(ingest::load_str("hostile.json", article));
    assert_eq!(corpus.events.len(), 1);
    for actions in [vec![], vec![Action::OpenArticle], vec![Action::OpenActorPicker]] {
        let mut a = App::new(corpus.clone(), 100, 30);
        run(&mut a, actions);
        let mut out = Vec::new();
        {
            let backend = ratatui::backend::CrosstermBackend::new(&mut out);
            let mut terminal = Terminal::new(backend).unwrap();
            terminal.draw(|f| view::draw(f, &a)).unwrap();
        }
        let bytes = String::from_utf8_lossy(&out);
        for forbidden in ["\u{7}", "]0;", "]52;", "[2J", "[5m", "\u{9b}", "\u{202e}", "\u{200b}"] {
            assert!(!bytes.contains(forbidden), "{forbidden:?} reached the terminal");
        }
        // Every escape sequence written is one of crossterm's own: CSI with a known final byte.
        for (i, _) in bytes.match_indices('\u{1b}') {
            let next = bytes[i + 1..].chars().next();
            assert_eq!(next, Some('['), "only CSI sequences from the backend at byte {i}");
        }
    }
}

#[test]
fn the_readme_lists_every_key_of_the_keymap() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for binding in annals::tui::keymap::KEYMAP {
        let row = format!("| {} |", binding.help.replace('|', "\\|"));
        assert!(readme.contains(&row), "README lacks the key for '{}'", binding.help);
    }
}

#[test]
fn large_views_search_in_the_background_and_only_the_newest_answer_counts() {
    let mut a = app(80, 24);
    a.search_at_once = 0;
    run(&mut a, [Action::OpenSearch]);
    let effects = run(&mut a, [Action::Input('l')]);
    let [Effect::Find { generation: first, from, forward, .. }] = effects[..] else { panic!("{effects:?}") };
    assert_eq!((from, forward), (0, true));
    assert!(a.searching);
    let effects = run(&mut a, typed("av"));
    let Some(Effect::Find { generation: newest, query, view, .. }) = effects.last() else { panic!("{effects:?}") };
    let newest = *newest;
    assert!(newest > first);
    // What the loop's finder thread computes:
    let position = annals::query::filter::find_match(&a.corpus, view, query, 0, true, &|| false);
    assert_eq!(position, Some(4));
    run(&mut a, [Action::Found { generation: first, position: Some(1) }]);
    assert_eq!(a.cursor, 0, "a stale answer is dropped");
    run(&mut a, [Action::Found { generation: newest, position }]);
    assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
    assert!(!a.searching);
}

#[test]
fn a_cancelled_search_stops() {
    let corpus = chain();
    let view: Vec<u32> = (0..corpus.events.len() as u32).collect();
    let query = annals::query::filter::TextQuery::new("zzz").unwrap();
    // Cancellation is checked every few thousand events; a small view finishes first.
    assert_eq!(annals::query::filter::find_match(&corpus, &view, &query, 0, true, &|| true), None);
    let query = annals::query::filter::TextQuery::new("putin").unwrap();
    assert_eq!(annals::query::filter::find_match(&corpus, &view, &query, 9, false, &|| false), Some(5));
    assert_eq!(annals::query::filter::find_match(&corpus, &view, &query, 6, true, &|| false), Some(5), "wraps");
}

#[test]
fn many_actors_are_ranked_in_the_background_and_only_the_newest_ranking_counts() {
    let mut a = app(80, 24);
    a.rank_at_once = 0;
    run(&mut a, [Action::OpenActorPicker]);
    let effects = run(&mut a, [Action::Input('p')]);
    let [Effect::Rank { generation: first, .. }] = &effects[..] else { panic!("{effects:?}") };
    let first = *first;
    let effects = run(&mut a, [Action::Input('u')]);
    let [Effect::Rank { generation: newest, query, candidates }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(query, "pu");
    let Mode::Picker(p) = &a.mode else { panic!("picker open") };
    assert!(p.ranking);
    // What the loop's ranker thread computes:
    let matches = annals::query::fuzzy::rank_actors_within(&a.corpus, query, candidates);
    let newest = *newest;
    run(&mut a, [Action::Ranked { generation: first, matches: Vec::new() }]);
    let Mode::Picker(p) = &a.mode else { panic!("picker open") };
    assert!(p.ranking, "a stale ranking is dropped");
    run(&mut a, [Action::Ranked { generation: newest, matches }]);
    let Mode::Picker(p) = &a.mode else { panic!("picker open") };
    assert!(!p.ranking);
    assert_eq!(a.corpus.actors[p.matches[0].actor as usize].id, "putin");
    // Enter before an answer: the ranking is finished on the spot.
    run(&mut a, [Action::Input('t')]);
    run(&mut a, [Action::Submit]);
    assert_eq!(a.filter.actors, ["putin"]);
}

#[test]
fn text_filters_on_large_corpora_apply_in_the_background_and_keep_the_old_view_meanwhile() {
    let mut a = app(80, 24);
    a.filter_at_once = 0;
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("tag:expulsion"));
    assert!(run(&mut a, [Action::Submit]).is_empty(), "no words to find: applied at once");
    assert_eq!(a.view.len(), 3);
    run(&mut a, [Action::OpenFilter, Action::ClearInput]);
    run(&mut a, typed("diplomats"));
    let effects = run(&mut a, [Action::Submit]);
    let [Effect::Filter { generation, request }] = &effects[..] else { panic!("{effects:?}") };
    assert!(a.filtering);
    assert_eq!(a.view.len(), 3, "the old view stays until the new one arrives");
    // What the loop's background thread computes:
    let answer = Action::Filtered { generation: *generation, result: Box::new((**request).clone().apply(&a.corpus)) };
    let mut old = (**request).clone().apply(&a.corpus);
    old.view = Arc::new(vec![]);
    let stale = Action::Filtered { generation: generation - 1, result: Box::new(old) };
    run(&mut a, [stale]);
    assert_eq!(a.view.len(), 3, "a stale answer is dropped");
    run(&mut a, [answer]);
    assert!(!a.filtering);
    assert_eq!(a.view.len(), 4);
    assert_eq!(a.filter.text.as_deref(), Some("diplomats"));
}

#[test]
fn n_backwards_from_the_first_match_wraps_to_the_last() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenSearch]);
    run(&mut a, typed("of"));
    run(&mut a, [Action::Submit]);
    assert_eq!(a.cursor, 0, "the first event matches");
    let query = annals::query::filter::TextQuery::new("of").unwrap();
    let last = annals::query::filter::find_match(&a.corpus, &a.view, &query, a.view.len() - 1, false, &|| false);
    assert_ne!(last, Some(0), "another event matches too");
    run(&mut a, [Action::PrevMatch]);
    assert_eq!(Some(a.cursor), last, "N wraps from the first match to the last");
}

#[test]
fn the_export_name_is_built_from_dates_not_sliced_strings() {
    let article = r#"{"id": "a", "title": "T", "actors": [{"id": "x", "name": "X"}], "events": [
        {"id": "e1", "date": "before 2016-12-30", "summary": "one", "participants": [{"actor": "x", "role": "agent"}]},
        {"id": "e2", "date": "after 2017-01-01", "summary": "two", "participants": [{"actor": "x", "role": "agent"}]}]}"#;
    let mut a = App::new(Arc::new(ingest::load_str("open.json", article)), 80, 24);
    run(&mut a, [Action::OpenExport]);
    let Mode::Export { input, .. } = &a.mode else { panic!("export prompt") };
    assert_eq!(input.to_string(), "annals-2016-12-30-2017-01-01.json");
}

#[test]
fn a_background_answer_keeps_a_message_it_did_not_cause() {
    let mut a = app(80, 24);
    a.filter_at_once = 0;
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("diplomats"));
    let effects = run(&mut a, [Action::Submit]);
    let [Effect::Filter { generation, request }] = &effects[..] else { panic!("{effects:?}") };
    let answer = Action::Filtered { generation: *generation, result: Box::new((**request).clone().apply(&a.corpus)) };
    run(&mut a, [answer]);
    run(&mut a, [Action::ToggleFilters]);
    let effects = run(&mut a, [Action::ToggleFilters]);
    assert_eq!(a.message.as_ref().unwrap().text, "filters on");
    let [Effect::Filter { generation, request }] = &effects[..] else { panic!("{effects:?}") };
    let answer = Action::Filtered { generation: *generation, result: Box::new((**request).clone().apply(&a.corpus)) };
    run(&mut a, [answer]);
    assert_eq!(a.view.len(), 4);
    assert_eq!(a.message.as_ref().map(|m| m.text.as_str()), Some("filters on"), "the answer kept the notice");
}

#[test]
fn escape_then_a_key_at_once_arrives_as_alt_key_and_counts_as_both() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenSearch, Action::Input('x')]);
    annals::tui::update::press(&mut a, KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    assert_eq!(a.mode, Mode::Normal, "Esc closed the prompt");
    assert_eq!(a.cursor, 1, "then j moved down");
}
