//! The terminal interface without a terminal: `update` per action, and frames drawn on a
//! TestBackend (snapshots) or a real crossterm backend writing into a buffer.

use annals::ingest::{self, Input, LoadOptions};
use annals::model::Corpus;
use annals::tui::action::Action;
use annals::tui::app::{App, Focus, Mode};
use annals::tui::line_editor::Edit;
use annals::tui::update::{Effect, update};
use annals::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn chain() -> Corpus {
    ingest::load(&[Input::Path("tests/fixtures/chain".into())], &LoadOptions::default()).corpus
}

fn app(width: u16, height: u16) -> App {
    App::new(Arc::new(chain()), width, height)
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().flat_map(|a| update(app, a)).collect()
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(|c| Action::Edit(Edit::Insert(c))).collect()
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
fn export_without_selection_takes_the_whole_view_and_failures_are_reported() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenExport]);
    let Mode::Export { events, .. } = &a.mode else { panic!("export prompt") };
    assert_eq!(events.len(), 10);
    run(&mut a, [Action::ExportFailed { message: "cannot write x: permission denied".into() }]);
    let Mode::Export { error, .. } = &a.mode else { panic!("the prompt stays open to fix the name") };
    assert_eq!(error.as_deref(), Some("cannot write x: permission denied"));
    run(&mut a, [Action::Cancel, Action::OpenExport, Action::Edit(Edit::Clear)]);
    assert!(run(&mut a, [Action::Submit]).is_empty(), "no file name, no export");
    // y/n mean nothing in the name prompt: it stays open with its proposal.
    run(&mut a, [Action::Cancel, Action::OpenExport, Action::Refuse, Action::Confirm]);
    let Mode::Export { input, events, .. } = &a.mode else { panic!("the prompt stays open: {:?}", a.mode) };
    assert_eq!((input.to_string().as_str(), events.len()), ("annals-2016-2017-01-20.json", 10));
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
    screen(&a, 80, 24);
    let list_top = a.viewport.list.get().y;
    run(&mut a, [Action::Click { row: list_top + 3, column: 10 }]);
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

/// Stories on, 30 December 2016: Putin's decision one row of seven reports, its sources'
/// disagreement marked; then Enter lists the reports.
#[test]
fn snapshot_stories_of_30_december_and_the_reports_of_one() {
    let corpus = Arc::new(ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus);
    let mut a = App::new(corpus.clone(), 120, 36);
    let stories = annals::stories::Stories::cluster(&corpus, &[]);
    run(&mut a, [Action::Clustered { stories: annals::tui::action::Clustered(Arc::new(stories)) }]);
    run(&mut a, [Action::ToggleStories, Action::OpenGoto]);
    run(&mut a, typed("2016-12-30"));
    run(&mut a, [Action::Submit, Action::OpenSearch]);
    run(&mut a, typed("sets aside"));
    run(&mut a, [Action::Submit]);
    insta::assert_snapshot!("stories_30_december", text_of(&screen(&a, 120, 36)));
    run(&mut a, [Action::OpenArticle]);
    insta::assert_snapshot!("stories_reports_panel", text_of(&screen(&a, 120, 36)));
}

#[test]
fn snapshot_tiny_terminal() {
    let a = app(30, 5);
    insta::assert_snapshot!(text_of(&screen(&a, 30, 5)));
}

#[test]
fn every_size_from_one_by_one_draws_without_panicking() {
    let corpus = Arc::new(ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus);
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
    let corpus = Arc::new(ingest::load_str("hostile.json", article).corpus);
    assert_eq!(corpus.events().len(), 1);
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
fn the_readmes_key_tables_are_the_keymap() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("Keys (`?` shows the same table").expect("the keys section");
    let end = start + readme[start..].find("A typical session").expect("the end of the keys section");
    let in_readme: Vec<&str> =
        readme[start..end].lines().filter(|l| l.starts_with("| `") && l.ends_with(" |")).collect();
    let in_keymap: Vec<String> = annals::tui::keymap::Keymap::default()
        .bindings()
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.label())).collect();
            format!("| {} | {} |", keys.join(" "), b.help.replace('|', "\\|"))
        })
        .collect();
    assert_eq!(
        in_readme,
        in_keymap,
        "README's key tables differ from the keymap; its rows should be:\n{}",
        in_keymap.join("\n")
    );
}

#[test]
fn a_cancelled_search_stops_before_the_match_it_would_find() {
    use annals::query::filter::{TextQuery, find_match};
    let corpus = chain();
    let putin =
        (0..corpus.events().len() as u32).find(|&e| corpus.events()[e as usize].summary.raw().contains("Putin"));
    let other =
        (0..corpus.events().len() as u32).find(|&e| !corpus.events()[e as usize].summary.raw().contains("Putin"));
    // A long view (one event repeated) with the only match at its far end.
    let mut view = vec![other.unwrap(); 50_000];
    view.push(putin.unwrap());
    let query = TextQuery::new("putin").unwrap();
    assert_eq!(find_match(&corpus, &view, &query, 0, true, &|| false), Some(50_000), "found when not cancelled");
    assert_eq!(find_match(&corpus, &view, &query, 0, true, &|| true), None, "a cancelled scan stops before it");
    // Cancelled only once the scan is under way: it stops early, at a check.
    let checks = std::cell::Cell::new(0);
    let cancelled_after_one_check = || {
        checks.set(checks.get() + 1);
        checks.get() > 1
    };
    assert_eq!(find_match(&corpus, &view, &query, 0, true, &cancelled_after_one_check), None);
    assert_eq!(checks.get(), 2, "it stopped at the second check, far from the end");
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
    let mut a = App::new(Arc::new(ingest::load_str("open.json", article).corpus), 80, 24);
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
    run(&mut a, [Action::OpenSearch, Action::Edit(Edit::Insert('x'))]);
    annals::tui::update::press(&mut a, KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    assert_eq!(a.mode, Mode::Normal, "Esc closed the prompt");
    assert_eq!(a.cursor, 1, "then j moved down");
}

#[test]
fn help_and_diagnostics_scroll_no_further_than_their_end() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenHelp]);
    let before = text_of(&screen(&a, 80, 24));
    for _ in 0..200 {
        run(&mut a, [Action::Down]);
        screen(&a, 80, 24);
    }
    let bottom = text_of(&screen(&a, 80, 24));
    assert_ne!(before, bottom);
    run(&mut a, [Action::Up]);
    assert_ne!(text_of(&screen(&a, 80, 24)), bottom, "one k scrolls back at once");

    // Sixty problems found while loading: more than a screen of diagnostics.
    let lines: Vec<String> = (0..60)
        .map(|i| format!(r#"{{"id": "a{i}", "title": "T", "events": [{{"id": "e", "summary": "S", "actors": 1}}]}}"#))
        .collect();
    let loaded = ingest::load_str("many.jsonl", &lines.join("\n"));
    assert!(loaded.report.diagnostics().len() >= 60);
    let mut a = App::new(Arc::new(loaded.corpus), 80, 24);
    a.report = Arc::new(loaded.report);
    run(&mut a, [Action::OpenDiagnostics]);
    let before = text_of(&screen(&a, 80, 24));
    for _ in 0..200 {
        run(&mut a, [Action::Down]);
        screen(&a, 80, 24);
    }
    let bottom = text_of(&screen(&a, 80, 24));
    assert_ne!(before, bottom);
    run(&mut a, [Action::Up]);
    assert_ne!(text_of(&screen(&a, 80, 24)), bottom, "one k scrolls the diagnostics back at once");
}

#[test]
fn the_detail_pane_scrolls_no_further_than_its_end() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down, Action::ToggleFocus]);
    for _ in 0..60 {
        run(&mut a, [Action::Down]);
        screen(&a, 80, 24);
    }
    let bottom = text_of(&screen(&a, 80, 24));
    run(&mut a, [Action::Up]);
    assert_ne!(text_of(&screen(&a, 80, 24)), bottom, "one k scrolls back at once");
}

/// The screen's text, then every run of cells drawn with a style other than the default,
/// row by row: `row 5, 0-79 +REVERSED "…"`. Snapshots of it check what the eye sees and
/// the symbols alone do not: the cursor, the selection and every highlight.
fn styled_text_of(terminal: &Terminal<TestBackend>) -> String {
    use ratatui::style::{Color, Modifier};
    let buffer = terminal.backend().buffer();
    let mut out = text_of(terminal);
    out.push_str("--- styles ---\n");
    let describe = |fg: Color, bg: Color, modifier: Modifier| {
        let mut parts = Vec::new();
        if fg != Color::Reset {
            parts.push(format!("fg:{fg:?}"));
        }
        if bg != Color::Reset {
            parts.push(format!("bg:{bg:?}"));
        }
        for (name, _) in modifier.iter_names() {
            parts.push(format!("+{name}"));
        }
        parts.join(" ")
    };
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = describe(cell.fg, cell.bg, cell.modifier);
            let start = x;
            let mut text = String::new();
            while x < buffer.area.width {
                let c = &buffer[(x, y)];
                if describe(c.fg, c.bg, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            if !style.is_empty() {
                out.push_str(&format!("row {y:>2}, {start:>2}-{:<2} {style} {:?}\n", x - 1, text.trim_end()));
            }
        }
    }
    out
}

#[test]
fn snapshot_styles_of_the_cursor_row_a_selection_and_search_matches() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenSearch]);
    run(&mut a, typed("diplomats"));
    run(&mut a, [Action::Submit, Action::ToggleSelection, Action::Down, Action::Down]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_styles_of_a_prompt_and_its_cursor() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("tag:expulsion"));
    run(&mut a, [Action::Edit(Edit::WordLeft), Action::Edit(Edit::Left)]);
    let styles = styled_text_of(&screen(&a, 80, 24));
    let status: Vec<&str> = styles.lines().filter(|l| l.starts_with("row 23")).collect();
    insta::assert_snapshot!(status.join("\n"));
}

#[test]
fn snapshot_styles_of_the_fuzzy_picker_highlight() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenActorPicker]);
    run(&mut a, typed("putn"));
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_styles_of_the_chain_of_relations() {
    let mut a = app(100, 24);
    // From the proposal: the expulsion it retaliates for above it, the revocation below.
    run(&mut a, [Action::Down, Action::Down, Action::Down, Action::Down, Action::OpenChain, Action::PickerDown]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 100, 24)));
}

#[test]
fn snapshot_styles_of_a_context_around_an_event() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("actor:putin"));
    run(&mut a, [Action::Submit, Action::OpenContext]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_styles_of_the_counts_panel() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenCounts, Action::NextField, Action::PickerDown]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_styles_of_the_evidence_in_the_detail_pane() {
    let mut a = app(80, 24);
    run(&mut a, [Action::Down, Action::Down, Action::Down, Action::Down, Action::ToggleFocus]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn the_article_scrolls_no_further_than_its_end() {
    let corpus = Arc::new(ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus);
    let mut a = App::new(corpus, 80, 24);
    run(&mut a, [Action::OpenArticle]);
    let top = text_of(&screen(&a, 80, 24));
    for _ in 0..200 {
        run(&mut a, [Action::Down]);
        screen(&a, 80, 24);
    }
    let bottom = text_of(&screen(&a, 80, 24));
    assert_ne!(top, bottom, "the article is longer than the screen");
    run(&mut a, [Action::Down]);
    assert_eq!(text_of(&screen(&a, 80, 24)), bottom);
    run(&mut a, [Action::Up]);
    assert_ne!(text_of(&screen(&a, 80, 24)), bottom, "one k scrolls back at once");
}

#[test]
fn the_article_is_wrapped_once_while_it_is_scrolled_and_again_at_another_width() {
    let text = "The quick brown fox jumps over the lazy dog. ".repeat(200);
    let article = format!(
        r#"{{"id": "long", "title": "A long article", "text": "{text}", "events": [
            {{"id": "e1", "summary": "Fox", "date": "2016-12-29", "evidence": ["quick brown fox"]}}]}}"#
    );
    let mut a = App::new(Arc::new(ingest::load_str("long.json", &article).corpus), 80, 24);
    run(&mut a, [Action::OpenArticle]);
    let wrapped = |a: &App| a.viewport.article.borrow().clone().expect("the article was wrapped");
    let before = text_of(&screen(&a, 80, 24));
    let first = wrapped(&a);
    run(&mut a, [Action::PageDown]);
    let scrolled = text_of(&screen(&a, 80, 24));
    assert_ne!(before, scrolled, "the article scrolled");
    assert!(Arc::ptr_eq(&first.lines, &wrapped(&a).lines), "scrolling wrapped the article again");
    run(&mut a, [Action::Resize { width: 60, height: 24 }]);
    let _ = screen(&a, 60, 24);
    let narrower = wrapped(&a);
    assert!(narrower.width < first.width && narrower.lines.len() > first.lines.len());
}

/// The cursor, a selection and search matches, with `theme` (NO_COLOR: without colours).
fn cursor_selection_and_matches(theme: annals::tui::theme::Theme) -> String {
    let mut a = app(80, 24);
    a.theme = theme;
    run(&mut a, [Action::OpenSearch]);
    run(&mut a, typed("diplomats"));
    run(&mut a, [Action::Submit, Action::ToggleSelection, Action::Down, Action::Down]);
    styled_text_of(&screen(&a, 80, 24))
}

#[test]
fn snapshot_styles_without_colour_show_the_cursor_the_selection_and_matches() {
    use annals::tui::theme::Theme;
    let styles = cursor_selection_and_matches(Theme::dark().without_colour());
    assert!(!styles.contains("fg:") && !styles.contains("bg:"), "NO_COLOR: no colour at all");
    insta::assert_snapshot!(styles);
}

#[test]
fn snapshot_styles_of_the_light_theme() {
    insta::assert_snapshot!(cursor_selection_and_matches(annals::tui::theme::Theme::light()));
}

#[test]
fn snapshot_styles_of_the_pickers_cursors_without_colour() {
    use annals::tui::theme::Theme;
    let mut a = app(80, 24);
    a.theme = Theme::dark().without_colour();
    run(&mut a, [Action::OpenActorPicker]);
    run(&mut a, typed("r"));
    run(&mut a, [Action::PickerDown]);
    let picker = styled_text_of(&screen(&a, 80, 24));
    let mut a = app(80, 24);
    a.theme = Theme::dark().without_colour();
    run(&mut a, [Action::Down, Action::Down, Action::Down, Action::OpenRelations, Action::PickerDown]);
    let relations = styled_text_of(&screen(&a, 80, 24));
    insta::assert_snapshot!(format!("{picker}\n=== related events ===\n{relations}"));
}

#[test]
fn a_remapped_key_does_its_action_and_the_help_and_hints_follow() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let text = "[keys.timeline]\nnext_day = [\"l\"]\nopen_help = [\"F1\"]\ntoggle_selection = [\"S\"]\n";
    let config = annals::config::parse(text, "config.toml").unwrap();
    let mut a = app(80, 24);
    a.keymap = Arc::new(config.keymap);
    let press = |a: &mut App, code| annals::tui::update::press(a, KeyEvent::new(code, KeyModifiers::NONE));
    press(&mut a, KeyCode::Char(']'));
    assert_eq!(a.cursor, 0, "] is no longer bound");
    press(&mut a, KeyCode::Char('l'));
    assert_ne!(a.cursor, 0, "l goes to the next day");
    press(&mut a, KeyCode::Char('S'));
    let screen_text = text_of(&screen(&a, 80, 24));
    assert!(screen_text.contains("(e exports, S ends)"), "{screen_text}");
    assert!(screen_text.contains("F1 help"), "{screen_text}");
    press(&mut a, KeyCode::F(1));
    assert!(matches!(a.mode, Mode::Help { .. }));
    let help = text_of(&screen(&a, 80, 80));
    assert!(help.lines().any(|l| l.contains("  l ") && l.contains("next day")), "{help}");
    assert!(help.lines().any(|l| l.contains("  F1 ") && l.contains("this help")), "{help}");
}

#[test]
fn snapshot_styles_of_the_legend_in_help() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenHelp]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

/// Performs what `update` asks of the loop for the notes, without a notes file.
fn run_saving(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        for effect in update(app, action) {
            if let Effect::SaveNotes { changes, said } = effect {
                let outcome = annals::tui::save_notes(app, &changes, said);
                update(app, outcome);
            }
        }
    }
}

#[test]
fn snapshot_styles_of_marks_stars_and_notes_in_the_list_and_detail() {
    let mut a = app(80, 24);
    run_saving(&mut a, [Action::ToggleMark, Action::Down, Action::ToggleMark, Action::ToggleStar, Action::Down]);
    run_saving(&mut a, [Action::ToggleStar, Action::Down, Action::WriteNote]);
    run_saving(&mut a, typed("ask the embassy"));
    run_saving(&mut a, [Action::Submit, Action::Up, Action::Up, Action::Down]);
    let with_colour = styled_text_of(&screen(&a, 80, 24));
    a.theme = annals::tui::theme::Theme::dark().without_colour();
    run_saving(&mut a, [Action::Down]);
    let without = text_of(&screen(&a, 80, 24));
    insta::assert_snapshot!(format!("{with_colour}\n=== without colour, on the note ===\n{without}"));
}

#[test]
fn snapshot_styles_of_the_saved_views_and_the_export_hint_with_marks() {
    let mut a = app(80, 16);
    run_saving(&mut a, [Action::ToggleMark, Action::Down, Action::ToggleMark, Action::OpenGoto]);
    run_saving(&mut a, typed("save everything"));
    run_saving(&mut a, [Action::Submit, Action::OpenFilter]);
    run_saving(&mut a, typed("is:marked"));
    run_saving(&mut a, [Action::Submit, Action::OpenGoto]);
    run_saving(&mut a, typed("save marked"));
    run_saving(&mut a, [Action::Submit, Action::OpenViews, Action::PickerDown]);
    let views = styled_text_of(&screen(&a, 80, 16));
    run_saving(&mut a, [Action::Cancel, Action::ToggleFilters, Action::OpenExport]);
    let hint = text_of(&screen(&a, 120, 16)).lines().last().unwrap_or_default().to_string();
    run_saving(&mut a, [Action::ExportMarked]);
    let switched = text_of(&screen(&a, 120, 16)).lines().last().unwrap_or_default().to_string();
    insta::assert_snapshot!(format!("{views}\n=== the export prompt ===\n{hint}\n{switched}"));
}

#[test]
fn snapshot_styles_of_the_histogram_by_day_split_by_status() {
    let mut a = app(80, 24);
    // December 2016 by day: the 29th's expulsions, the 30th's proposal and revocation.
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("date:2016-12-28..2017-01-07"));
    run(&mut a, [Action::Submit, Action::Down, Action::OpenHistogram]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn snapshot_styles_of_the_histogram_without_colour() {
    use annals::tui::theme::Theme;
    let mut a = app(80, 24);
    a.theme = Theme::dark().without_colour();
    run(&mut a, [Action::OpenHistogram, Action::ZoomIn]);
    let styles = styled_text_of(&screen(&a, 80, 24));
    assert!(!styles.contains("fg:") && !styles.contains("bg:"), "NO_COLOR: no colour at all");
    insta::assert_snapshot!(styles);
}

#[test]
fn snapshot_styles_of_the_actor_lanes_and_the_dyad() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("actor:putin or actor:lavrov or actor:obama"));
    run(&mut a, [Action::Submit, Action::OpenLanes]);
    let lanes = styled_text_of(&screen(&a, 80, 24));
    run(&mut a, [Action::Cancel, Action::OpenFilter, Action::Edit(Edit::Clear)]);
    run(&mut a, typed("actor:lavrov or actor:usa"));
    run(&mut a, [Action::Submit, Action::OpenLanes, Action::ToggleDyad]);
    let dyad = styled_text_of(&screen(&a, 80, 24));
    insta::assert_snapshot!(format!("{lanes}\n=== dyad ===\n{dyad}"));
}

#[test]
fn snapshot_marks_show_in_the_histogram_and_the_lanes() {
    let mut a = app(80, 24);
    // The seed's chain marked: Obama expels (the 29th), Lavrov proposes, Putin revokes (the 30th).
    run_saving(&mut a, [Action::OpenFilter]);
    run_saving(&mut a, typed("date:2016-12-28..2017-01-07"));
    run_saving(&mut a, [Action::Submit, Action::Top, Action::ToggleMark, Action::Down, Action::Down]);
    run_saving(&mut a, [Action::ToggleMark, Action::Down, Action::ToggleMark, Action::OpenHistogram]);
    let histogram = text_of(&screen(&a, 80, 24));
    assert!(histogram.contains("●1") && histogram.contains("●2"), "{histogram}");
    run_saving(&mut a, [Action::Cancel, Action::OpenFilter, Action::Edit(Edit::Clear)]);
    run_saving(&mut a, typed("actor:putin or actor:lavrov or actor:obama"));
    run_saving(&mut a, [Action::Submit, Action::OpenLanes]);
    let lanes = styled_text_of(&screen(&a, 80, 24));
    assert!(lanes.contains('◉') && lanes.contains("◉ marked"), "{lanes}");
    insta::assert_snapshot!(format!("{histogram}\n=== lanes ===\n{lanes}"));
}

/// Ten GDELT-like events over four days: Goldstein scores, tones and quad classes.
fn scored_app() -> App {
    let mut events = Vec::new();
    let rows = [
        ("2019-10-21", "-10", "-6.5", "4"),
        ("2019-10-21", "-9", "-5", "4"),
        ("2019-10-21", "1", "0.5", "1"),
        ("2019-10-22", "3.4", "1", "1"),
        ("2019-10-23", "-2", "-1", "3"),
        ("2019-10-23", "7", "2.5", "2"),
        ("2019-10-24", "7", "3", "2"),
        ("2019-10-24", "7", "3.5", "2"),
        ("2019-10-24", "7", "4", "2"),
        ("2019-10-24", "-5", "-2", "3"),
    ];
    for (i, (date, goldstein, tone, quad)) in rows.iter().enumerate() {
        events.push(format!(
            r#"{{"id": "e{i}", "date": "{date}", "summary": "event {i}", "attributes": {{"GoldsteinScale": "{goldstein}", "AvgTone": "{tone}", "QuadClass": "{quad}"}}}}"#
        ));
    }
    let json = format!(r#"{{"id": "a", "title": "T", "events": [{}]}}"#, events.join(","));
    App::new(Arc::new(ingest::load_str("scored.json", &json).corpus), 80, 24)
}

#[test]
fn snapshot_styles_of_the_tone_panel_and_a_corpus_without_numbers() {
    let mut a = scored_app();
    run(&mut a, [Action::OpenTone, Action::ScrollLeft]);
    let tone = styled_text_of(&screen(&a, 80, 24));
    let mut plain = app(80, 24);
    run(&mut plain, [Action::OpenTone]);
    let without = text_of(&screen(&plain, 80, 24));
    assert!(without.contains("no numeric attributes in this corpus"), "{without}");
    insta::assert_snapshot!(tone);
}

#[test]
fn snapshot_styles_of_the_histogram_split_by_quad_class() {
    let mut a = scored_app();
    run(&mut a, [Action::OpenHistogram]);
    insta::assert_snapshot!(styled_text_of(&screen(&a, 80, 24)));
}

#[test]
fn a_click_on_a_histogram_row_where_it_was_drawn_jumps_to_its_bucket() {
    let mut a = app(80, 24);
    run(&mut a, [Action::OpenFilter]);
    run(&mut a, typed("date:2016-12-28..2017-01-07"));
    run(&mut a, [Action::Submit, Action::OpenHistogram]);
    let drawn = text_of(&screen(&a, 80, 24));
    let row = drawn.lines().position(|l| l.contains("│  2017-01-06 ")).expect("the bucket's row") as u16;
    run(&mut a, [Action::Click { row, column: 20 }]);
    assert_eq!(a.mode, Mode::Normal);
    let date = a.corpus.events()[a.current().unwrap() as usize].date.unwrap();
    assert_eq!(&date.iso()[..10], "2017-01-06");
}

#[test]
fn a_store_window_shows_its_place_among_all_the_stores_events_and_the_stores_days() {
    let mut a = app(100, 20);
    // The chain's ten events as the window of a store of 5,000, from its 1,000th; the
    // store's days reach from 2016-01-01 to 2017-12-31 (every event passes).
    let day = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
    };
    let reach = annals::tui::Reach {
        before: Some("0 row 999".into()),
        after: Some("0 row 1010".into()),
        focus: 2,
        offset: Some(999),
        total: Some(5_000),
        days: Some(Arc::new(vec![(day(2016, 1, 1), 3), (day(2016, 12, 29), 40), (day(2017, 12, 31), 1)])),
        ..annals::tui::Reach::default()
    };
    a.window = Some(annals::tui::app::StoreWindow::new("gdelt.d".into(), String::new(), reach));
    assert_eq!(annals::tui::update::window::arrived(&mut a, 0), None);
    let text = text_of(&screen(&a, 100, 20));
    assert!(text.contains(" 1,002 of 5,000 "), "{text}");
    assert!(text.contains("2016-01-01") && text.contains("2017-12-31"), "the store's days: {text}");
    // A click on the strip far from the window's days reads the window there.
    let strip = annals::tui::layout::Areas::of(ratatui::layout::Rect::new(0, 0, 100, 20)).density;
    let effects = run(&mut a, [Action::Click { row: strip.y, column: 98 }]);
    assert!(
        matches!(effects.as_slice(), [Effect::Reopen { toward: annals::tui::Toward::Date(t), .. }] if *t > day(2017, 12, 1)),
        "{effects:?}"
    );
}

#[test]
fn a_filtered_stores_count_arriving_gives_the_strip_and_the_place_among_what_passes() {
    let mut a = app(100, 20);
    let counting = annals::tui::Counting::default();
    let reach = annals::tui::Reach {
        before: Some("0 row 500".into()),
        after: Some("0 row 900".into()),
        first_row: Some(500),
        counting: Some(counting.clone()),
        ..annals::tui::Reach::default()
    };
    a.window = Some(annals::tui::app::StoreWindow::new("gdelt.d".into(), "actor:putin".into(), reach));
    // As on a store read with `--where actor:putin`: its query is the filter shown.
    a.filter = annals::query::Filter::parse_words("actor:putin").unwrap();
    a.filters_on = true;
    // Not counted yet: the window's own position.
    annals::tui::update::window::counted(&mut a);
    assert!(text_of(&screen(&a, 100, 20)).contains(" 1/10 "));
    // Counted: 40 passing rows before the window's first (row 500), 2,000 in all.
    let rows: Vec<u64> = (0..2_000).map(|k| k * 10).collect();
    let days = vec![(0, 1_000), (86_400 * 30, 1_000)];
    let counted =
        annals::tui::Counted { days: Arc::new(days), total: 2_000, rows: Some(Arc::new(rows)), actors: Arc::default() };
    counting.set(Some(counted)).unwrap();
    annals::tui::update::window::counted(&mut a);
    let text = text_of(&screen(&a, 100, 20));
    assert!(text.contains(" 51 of 2,000 "), "{text}");
    assert!(text.contains("1970-01-01") && text.contains("1970-01-31"), "the days of what passes: {text}");
    assert!(a.window.as_ref().unwrap().reach.counting.is_none(), "applied once");
}
