//! The filter prompt (`f`), turning filters off and on (`x`), and installing a filtered
//! view, computed at once or, for words to find in a large corpus, in the background.

use super::cursor::move_to;
use crate::model::EventIx;
use crate::query::ast::{Expr, Key, Value};
use crate::query::{Filter, FilterError};
use crate::tui::Toward;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::density::Density;
use crate::tui::effect::Effect;
use crate::tui::jobs::{FilterRequest, FilterResult};
use crate::tui::keymap::Context;
use crate::tui::line_editor::edit_prompt;
use std::sync::Arc;

/// Edit the filter's words, then apply them or say what is wrong in place.
pub fn filter_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Filter { input, error } = &mut app.mode else { return Vec::new() };
    match action {
        Action::Edit(edit) => edit_prompt(input, error, edit),
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let words = input.text().to_string();
            match Filter::parse_words(&words).and_then(|f| set_filter(app, f, true)) {
                Ok(effects) => {
                    app.mode = Mode::Normal;
                    filtered_within(app, &words);
                    return effects;
                }
                Err(e) => {
                    if let Mode::Filter { input, error } = &mut app.mode {
                        // The cursor goes to the culprit, and the message says where it is.
                        let message = crate::text::sanitize_line(&e.message);
                        *error = Some(match e.at {
                            Some((start, _)) => {
                                input.move_to_char(start);
                                format!("column {}: {message}", start + 1)
                            }
                            None => message,
                        });
                    }
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Change the filter, keeping the cursor on the same event when it stays visible (else
/// the next one). Nothing changes if the filter does not apply to this corpus. A filter
/// with words to find in a large corpus is applied in the background: the old view stays
/// until the new one arrives ([`Action::Filtered`]).
pub fn set_filter(app: &mut App, filter: Filter, on: bool) -> Result<Vec<Effect>, FilterError> {
    match on_store(app, &filter, on) {
        OnStore::Read(effects) => return Ok(effects),
        OnStore::Held => {
            let (view, density) = (app.everything.clone(), app.everything_density.clone());
            install(app, filter, on, view, density);
            return Ok(Vec::new());
        }
        OnStore::Within => {}
    }
    if !on || filter.is_empty() {
        // The whole timeline's view and density were made once, at start.
        let (view, density) = (app.everything.clone(), app.everything_density.clone());
        install(app, filter, on, view, density);
        return Ok(Vec::new());
    }
    let compiled = if filter.reads_annotations() {
        filter.compile_with(&app.corpus, &app.desk.annotations())
    } else {
        filter.compile(&app.corpus)
    }?;
    app.filter_generation += 1;
    if compiled.scans() && app.corpus.events().len() > app.filter_at_once {
        app.filtering = true;
        let request = Box::new(FilterRequest { filter, compiled, on });
        return Ok(vec![Effect::Filter { generation: app.filter_generation, request }]);
    }
    let view = compiled.apply(&app.corpus);
    let density = Density::of(&app.corpus, &view);
    install(app, filter, on, Arc::new(view), density);
    Ok(Vec::new())
}

/// Every event held shown (a filter within the window turned off; the store's stays), for
/// a jump to one the view hides: whether a filter was turned off.
pub fn show_all_held(app: &mut App) -> bool {
    let hid = app.filtered_in_window();
    let (filter, on) = (app.filter.clone(), app.filters_on && !hid);
    let (view, density) = (app.everything.clone(), app.everything_density.clone());
    install(app, filter, on, view, density);
    hid
}

/// A window arrived with a filter that reads the notes on: applied to it, at once.
pub fn refilter_arrived(app: &mut App) {
    if app.filtered_in_window()
        && let Ok(compiled) = app.filter.compile_with(&app.corpus, &app.desk.annotations())
    {
        let view = compiled.apply(&app.corpus);
        let density = Density::of(&app.corpus, &view);
        install(app, app.filter.clone(), true, Arc::new(view), density);
    }
}

/// Where a filter set on a store applies.
enum OnStore {
    /// The store is read for the window of the events that pass it.
    Read(Vec<Effect>),
    /// Every event held passes it: the window is its window.
    Held,
    /// Within the window, as on files (or there is no store).
    Within,
}

/// `f`, `x`, the actor picker or a saved view set `filter` (`on` or off): on a store, the
/// store is read for the window of the events that pass it, around the cursor's instant,
/// as a filter on files keeps the cursor's place. It applies within the window when it
/// reads the notes (which the window's events meet once read), or when the window holds
/// all the store's events.
fn on_store(app: &mut App, filter: &Filter, on: bool) -> OnStore {
    let Some(w) = app.window.as_ref() else { return OnStore::Within };
    if filter.reads_annotations() {
        return OnStore::Within;
    }
    let words = filter.to_words();
    let query = if on { words.clone() } else { String::new() };
    if query == w.query && w.reading.is_none() {
        return OnStore::Held;
    }
    if w.query.is_empty() && w.reach.holds_all() && w.reading.is_none() {
        return OnStore::Within;
    }
    let toward = match app.current().and_then(|e| app.corpus.placed_at(e)) {
        Some(t) => Toward::Date(t),
        None => Toward::Start,
    };
    app.after_window = None;
    // A filter of this window still being applied in the background is stale.
    app.filter_generation += 1;
    app.filtering = false;
    OnStore::Read(vec![Effect::Reopen { query, toward, filter: Some((words, on)) }])
}

/// The filter `words` (one that reads the notes) filtered a store's window that holds
/// part of what passes the store's query: say that it covers the window.
pub fn filtered_within(app: &mut App, words: &str) {
    let Some(w) = &app.window else { return };
    let set = Filter::parse_words(words).is_ok_and(|f| f.to_words() == app.filter.to_words());
    if w.reach.holds_all() || !set || !app.filtered_in_window() {
        return;
    }
    let n = crate::display::thousands(app.corpus.events().len());
    let q = crate::text::sanitize_line(words.trim());
    app.say(format!("'{q}' filters the {n} events of this window: is: and note: read the notes, which a store's events meet once read"));
}

/// After the marks or notes changed: a filter that reads them is applied again.
pub fn refilter_after_notes(app: &mut App) -> Vec<Effect> {
    if !(app.filters_on && app.filter.reads_annotations()) {
        return Vec::new();
    }
    set_filter(app, app.filter.clone(), true).unwrap_or_default()
}

/// The background's filtered view, if it is for the newest filter.
pub fn filtered(app: &mut App, generation: u64, result: FilterResult) {
    if generation == app.filter_generation {
        let FilterResult { filter, on, view, density } = result;
        install(app, filter, on, view, density);
    }
}

/// Show a filtered view.
fn install(app: &mut App, filter: Filter, on: bool, view: Arc<Vec<EventIx>>, density: Density) {
    let current = app.current();
    // A new view ends a context (`C`) shown in place of the old one.
    app.context = None;
    // Whatever view this replaces, an answer still on its way for an older filter is stale.
    app.filter_generation += 1;
    app.filter = filter;
    app.filters_on = on;
    app.filtering = false;
    app.density = density;
    app.view = app.shown(&view);
    app.reports = view;
    app.selection = None;
    let position = current.map_or(0, |e| app.row_of(e).unwrap_or_else(|| app.view.partition_point(|&v| v < e)));
    app.cursor = 0;
    move_to(app, position);
}

pub fn toggle_filters(app: &mut App) -> Vec<Effect> {
    let (filter, on) = app.asked_filter();
    if filter.is_empty() {
        app.say("no filter to turn on or off: press f or a");
        return Vec::new();
    }
    let on = !on;
    let x = app.key(Context::Timeline, Action::ToggleFilters);
    let said = if on { "filters on".to_string() } else { format!("filters off ({x} turns them on again)") };
    set_filter_saying(app, filter, on, said)
}

/// Fold undated events away (the filter gains `date:*`), or back in (it loses it); the
/// rest of the filter stays, and is turned on.
pub fn toggle_undated(app: &mut App) -> Vec<Effect> {
    let (filter, folding) = app.asked_filter().0.toggled(&Expr::term(Key::Date, Value::Prefix(String::new())));
    let u = app.key(Context::Timeline, Action::ToggleUndated);
    let said = if folding {
        let n = crate::display::thousands(app.corpus.events().len() - app.corpus.dated_len());
        format!("{n} undated events folded away ({u} shows them)")
    } else {
        format!("undated events shown ({u} folds them)")
    };
    set_filter_saying(app, filter, true, said)
}

/// [`set_filter`], then `said` in the status bar; what is wrong instead if it failed.
fn set_filter_saying(app: &mut App, filter: Filter, on: bool, said: String) -> Vec<Effect> {
    match set_filter(app, filter, on) {
        Ok(effects) => {
            app.say(said);
            effects
        }
        Err(e) => {
            app.complain(crate::text::sanitize_line(&e.message));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    /// The questions of event-data users, typed in `f` on a GDELT table (the same ones are
    /// asked on the command line in tests/cli.rs).
    #[test]
    fn the_query_language_in_the_prompt() {
        let inputs = [crate::ingest::Input::Path("tests/fixtures/query".into())];
        let corpus = crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default()).corpus;
        let mut app = App::new(Arc::new(corpus), 80, 24);
        for (words, expected) in [
            (r#"tag:"material conflict""#, 3),
            ("code:14*", 2),
            ("dyad:russia,ukraine -quad:1", 2),
            ("(agent:usa or agent:ukraine) goldstein:<-5 mentions:>=2", 2),
            ("agent:russia target:ukraine tone:-10..-2", 1),
        ] {
            run(&mut app, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
            run(&mut app, typed(words));
            run(&mut app, [Action::Submit]);
            assert!(matches!(app.mode, Mode::Normal), "{words}: {:?}", app.mode);
            assert_eq!(app.view.len(), expected, "{words}");
            assert_eq!(app.filter.to_words(), words.replace("  ", " "));
        }
        run(&mut app, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("quad:4 actr:russia"));
        run(&mut app, [Action::Submit]);
        let Mode::Filter { error, .. } = &app.mode else { panic!("stays open") };
        assert!(error.as_deref().unwrap().starts_with("column 8: unknown key 'actr'; did you mean 'actor'?"));
    }

    #[test]
    fn the_prompt_applies_words_and_keeps_the_old_filter_on_error() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("from:2016-12-30 status:proposed"));
        run(&mut app, [Action::Submit]);
        assert_eq!(app.view.len(), 1);
        run(&mut app, [Action::OpenFilter]);
        let Mode::Filter { input, .. } = &app.mode else { panic!("filter prompt") };
        assert!(*input == *"from:2016-12-30 status:proposed", "the prompt starts from the current filter");
        run(&mut app, [Action::Edit(Edit::DeleteWordBack)]);
        run(&mut app, typed("actor:nobody"));
        run(&mut app, [Action::Submit]);
        let Mode::Filter { error, .. } = &app.mode else { panic!("stays open") };
        assert_eq!(
            error.as_deref(),
            Some("column 17: no actor 'nobody' (list them with: annals actors --query nobody)")
        );
        let Mode::Filter { input, .. } = &app.mode else { panic!("stays open") };
        assert_eq!(input.split().1, "actor:nobody", "the cursor is on the culprit");
        run(&mut app, [Action::Cancel]);
        assert_eq!(app.view.len(), 1, "the old filter is kept");
    }

    #[test]
    fn a_filter_keeps_the_cursor_on_the_same_event() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::Down, Action::OpenFilter]);
        run(&mut app, typed("tag:expulsion"));
        run(&mut app, [Action::Submit]);
        assert_eq!(summary(&app), "Obama expels 35 Russian diplomats");
    }

    #[test]
    fn x_turns_filters_off_and_on() {
        let mut app = chain_app();
        run(&mut app, [Action::ToggleFilters]);
        assert_eq!(app.message.as_ref().unwrap().text, "no filter to turn on or off: press f or a");
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("tag:expulsion"));
        run(&mut app, [Action::Submit, Action::ToggleFilters]);
        assert_eq!((app.view.len(), app.filtered()), (10, false));
        run(&mut app, [Action::ToggleFilters]);
        assert_eq!((app.view.len(), app.filtered()), (3, true));
        assert_eq!(app.message.as_ref().unwrap().text, "filters on");
    }

    #[test]
    fn words_in_a_large_corpus_are_found_in_the_background_and_the_old_view_stays() {
        let mut app = chain_app();
        app.filter_at_once = 0;
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("tag:expulsion"));
        assert!(run(&mut app, [Action::Submit]).is_empty(), "no words to find: applied at once");
        run(&mut app, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("diplomats"));
        let effects = run(&mut app, [Action::Submit]);
        let [Effect::Filter { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        assert!(app.filtering);
        assert_eq!(app.view.len(), 3, "the old view stays until the new one arrives");
        let result = (**request).clone().apply(&app.corpus);
        let mut stale = result.clone();
        stale.view = Arc::new(vec![]);
        run(&mut app, [Action::Filtered { generation: generation - 1, result: Box::new(stale) }]);
        assert_eq!(app.view.len(), 3, "a stale answer is dropped");
        run(&mut app, [Action::Filtered { generation: *generation, result: Box::new(result) }]);
        assert_eq!((app.filtering, app.view.len()), (false, 4));
    }

    #[test]
    fn a_filter_still_running_when_x_turns_filters_off_does_not_come_back() {
        let mut app = chain_app();
        app.filter_at_once = 0;
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("tag:expulsion"));
        run(&mut app, [Action::Submit, Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("diplomats"));
        let effects = run(&mut app, [Action::Submit]);
        let [Effect::Filter { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        let result = (**request).clone().apply(&app.corpus);
        // Filters off before the background answers: its answer is stale.
        run(&mut app, [Action::ToggleFilters]);
        assert!(!app.filtering, "nothing is being filtered any more");
        run(&mut app, [Action::Filtered { generation: *generation, result: Box::new(result) }]);
        assert_eq!((app.filters_on, app.view.len()), (false, app.corpus.events().len()));
    }

    #[test]
    fn u_folds_undated_events_away_and_back_keeping_the_rest_of_the_filter() {
        let mut app = chain_app();
        let all = app.view.len();
        run(&mut app, [Action::ToggleUndated]);
        assert_eq!((app.filter.to_words().as_str(), app.view.len()), ("date:*", all - 1));
        assert_eq!(app.message.as_ref().unwrap().text, "1 undated events folded away (u shows them)");
        run(&mut app, [Action::ToggleUndated]);
        assert_eq!((app.filter.to_words().as_str(), app.view.len()), ("", all));
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("-actor:putin"));
        run(&mut app, [Action::Submit, Action::ToggleUndated]);
        assert_eq!(app.filter.to_words(), "-actor:putin date:*");
        run(&mut app, [Action::ToggleUndated]);
        assert_eq!(app.filter.to_words(), "-actor:putin", "the rest of the filter stays");
    }
}
