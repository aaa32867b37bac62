//! Search as you type (`/`), and `n`/`N` for the next and previous match, wrapping at
//! both ends (and saying so, as less and vim do). Small views are searched at once, and
//! their matches counted ("match 3/28"); large ones are searched in the background.

use super::cursor::move_to;
use crate::query::filter::TextQuery;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Search};
use crate::tui::effect::Effect;
use crate::tui::jobs::FindRequest;
use crate::tui::line_editor::LineEditor;

pub fn open(app: &mut App) {
    app.mode = Mode::Search { input: LineEditor::default(), saved_cursor: app.cursor, saved_search: app.search.take() };
}

pub fn search_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Search { input, saved_cursor, saved_search } = &mut app.mode else { return Vec::new() };
    let saved_cursor = *saved_cursor;
    match action {
        Action::Edit(edit) => {
            if !input.apply(edit) {
                return Vec::new();
            }
        }
        Action::Submit => {
            let input = input.text().to_string();
            app.search = TextQuery::new(&input).map(|query| Search { input, query });
            app.mode = Mode::Normal;
            if !app.searching && app.search.is_some() {
                say_where(app, false);
            }
            return Vec::new();
        }
        Action::Cancel => {
            app.search = saved_search.take();
            app.mode = Mode::Normal;
            forget_pending(app);
            move_to(app, saved_cursor);
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    // The list follows as you type.
    match TextQuery::new(input.text()) {
        Some(query) => {
            let stories = app.stories.clone().filter(|_| app.stories_on).map(crate::tui::jobs::Clustered);
            start(app, FindRequest { query, view: app.view.clone(), from: saved_cursor, forward: true, stories })
        }
        None => {
            forget_pending(app);
            move_to(app, saved_cursor);
            Vec::new()
        }
    }
}

/// An answer still on its way is for a search that no longer exists.
fn forget_pending(app: &mut App) {
    app.search_generation += 1;
    app.searching = false;
}

/// The match after (or before) the cursor, wrapping at both ends of the view.
pub fn next_match(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(search) = app.search.clone() else {
        app.say("no search: press / to search");
        return Vec::new();
    };
    let last = app.view.len().saturating_sub(1);
    let from = match (forward, app.cursor) {
        (true, c) if c >= last => 0,
        (true, c) => c + 1,
        (false, 0) => last,
        (false, c) => c - 1,
    };
    let stories = app.stories.clone().filter(|_| app.stories_on).map(crate::tui::jobs::Clustered);
    start(app, FindRequest { query: search.query, view: app.view.clone(), from, forward, stories })
}

/// Look for the match: at once in a small view, else in the background.
fn start(app: &mut App, request: FindRequest) -> Vec<Effect> {
    app.search_generation += 1;
    app.search_forward = request.forward;
    if app.view.len() <= app.search_at_once {
        let position = request.run(&app.corpus, &|| false);
        found(app, position);
        return Vec::new();
    }
    app.searching = true;
    vec![Effect::Find { generation: app.search_generation, request }]
}

/// The background's answer, if it is for the newest search.
pub fn found_in_background(app: &mut App, generation: u64, position: Option<usize>) {
    if generation == app.search_generation {
        app.searching = false;
        found(app, position);
    }
}

fn found(app: &mut App, position: Option<usize>) {
    match position {
        Some(p) => {
            let typing = matches!(app.mode, Mode::Search { .. });
            let wrapped = !typing && if app.search_forward { p <= app.cursor } else { p >= app.cursor };
            move_to(app, p);
            if !typing {
                say_where(app, wrapped);
            }
        }
        None => {
            let words = match &app.mode {
                Mode::Search { input, .. } => input.text().to_string(),
                _ => app.search.as_ref().map(|s| s.input.clone()).unwrap_or_default(),
            };
            app.complain(format!("no match for '{words}'"));
        }
    }
}

/// "match 3/28", and whether the search went round an end of the view. Matches are
/// counted in views searched at once; a larger view would need a scan of its own.
fn say_where(app: &mut App, wrapped: bool) {
    let Some(search) = &app.search else { return };
    let mut text = String::from("match");
    if app.view.len() <= app.search_at_once {
        let mut before = 0;
        let mut total = 0;
        for (position, &event) in app.view.iter().enumerate() {
            let stories = app.stories.as_deref().filter(|_| app.stories_on);
            if crate::tui::jobs::matches(&app.corpus, &search.query, stories, event) {
                total += 1;
                before += usize::from(position <= app.cursor);
            }
        }
        text = format!("match {before}/{total}");
    }
    if wrapped {
        let end = if app.search_forward { "the top" } else { "the bottom" };
        text.push_str(&format!(" (search wrapped: from {end})"));
    }
    app.say(text);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    #[test]
    fn the_list_follows_typing_and_escape_restores() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::OpenSearch]);
        run(&mut app, typed("lav"));
        assert_eq!(summary(&app), "Lavrov proposes expelling 35 US diplomats");
        run(&mut app, [Action::Edit(Edit::Clear)]);
        assert_eq!(app.cursor, 1, "an empty query goes back");
        run(&mut app, typed("putin"));
        run(&mut app, [Action::Cancel]);
        assert_eq!((app.cursor, &app.search), (1, &None));
    }

    #[test]
    fn moving_the_cursor_in_the_prompt_searches_nothing() {
        let mut app = chain_app();
        app.search_at_once = 0;
        run(&mut app, [Action::OpenSearch]);
        assert_eq!(run(&mut app, typed("x")).len(), 1);
        assert!(run(&mut app, [Action::Edit(Edit::Left), Action::Edit(Edit::Home)]).is_empty());
    }

    #[test]
    fn n_and_n_shifted_wrap_at_both_ends() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenSearch]);
        run(&mut app, typed("diplomats"));
        run(&mut app, [Action::Submit]);
        let first = app.cursor;
        run(&mut app, [Action::PrevMatch]);
        assert_eq!(summary(&app), "Russian diplomats leave Washington", "N wraps to the last");
        run(&mut app, [Action::NextMatch]);
        assert_eq!(app.cursor, first, "n wraps to the first");
        run(&mut app, [Action::Top, Action::OpenSearch]);
        run(&mut app, typed("of"));
        run(&mut app, [Action::Submit]);
        assert_eq!(app.cursor, 0);
        run(&mut app, [Action::PrevMatch]);
        assert_ne!(app.cursor, 0, "N from the first event wraps too");
    }

    #[test]
    fn matches_are_counted_and_a_wrap_is_said() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenSearch]);
        run(&mut app, typed("diplomats"));
        run(&mut app, [Action::Submit]);
        let said = |app: &App| app.message.as_ref().unwrap().text.clone();
        let total = app.view.iter().filter(|&&e| app.search.as_ref().unwrap().query.matches(&app.corpus, e)).count();
        assert!(total >= 3, "{total}");
        assert_eq!(said(&app), format!("match 1/{total}"));
        run(&mut app, [Action::NextMatch]);
        assert_eq!(said(&app), format!("match 2/{total}"));
        run(&mut app, [Action::PrevMatch, Action::PrevMatch]);
        assert_eq!(said(&app), format!("match {total}/{total} (search wrapped: from the bottom)"));
        run(&mut app, [Action::NextMatch]);
        assert_eq!(said(&app), format!("match 1/{total} (search wrapped: from the top)"));
        app.search_at_once = 0;
        let effects = run(&mut app, [Action::NextMatch]);
        let [Effect::Find { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        let position = request.run(&app.corpus, &|| false);
        run(&mut app, [Action::Found { generation: *generation, position }]);
        assert_eq!(said(&app), "match", "a view searched in the background is not counted");
    }

    #[test]
    fn no_match_and_no_search_are_said() {
        let mut app = chain_app();
        run(&mut app, [Action::NextMatch]);
        assert_eq!(app.message.as_ref().unwrap().text, "no search: press / to search");
        run(&mut app, [Action::OpenSearch]);
        run(&mut app, typed("zzz"));
        assert_eq!(app.message.as_ref().unwrap().text, "no match for 'zzz'");
    }

    #[test]
    fn large_views_search_in_the_background_and_only_the_newest_answer_counts() {
        let mut app = chain_app();
        app.search_at_once = 0;
        run(&mut app, [Action::OpenSearch]);
        let effects = run(&mut app, typed("l"));
        let [Effect::Find { generation: first, .. }] = effects[..] else { panic!("{effects:?}") };
        assert!(app.searching);
        let effects = run(&mut app, typed("av"));
        let Some(Effect::Find { generation: newest, request }) = effects.last() else { panic!("{effects:?}") };
        let (newest, position) = (*newest, request.run(&app.corpus, &|| false));
        run(&mut app, [Action::Found { generation: first, position: Some(1) }]);
        assert_eq!(app.cursor, 0, "a stale answer is dropped");
        run(&mut app, [Action::Found { generation: newest, position }]);
        assert_eq!(summary(&app), "Lavrov proposes expelling 35 US diplomats");
        assert!(!app.searching);
    }
}
