//! `update(state, action) -> effects`: every change of the interface's state happens
//! here, without I/O. What needs the outside world (writing a file, a search in the
//! background, suspending, quitting) is returned as an [`Effect`] for the loop to perform.
//! This file dispatches; each mode's handler lives in its own file below `update/`,
//! with its tests.

mod chain;
mod context;
mod counts;
mod cursor;
mod desk;
mod export;
mod filter;
mod histogram;
mod lanes;
mod panels;
mod picker;
mod search;
mod stories;
#[cfg(test)]
pub(crate) mod testing;
mod timeline;
mod tone;
pub mod views;
pub mod window;

use super::action::Action;
use super::app::{App, Mode};
pub use super::effect::Effect;
use super::keymap::Key;
use crossterm::event::{KeyCode, KeyEvent};
pub use views::no_such_view;

/// A key pressed, looked up in the keymap for the current mode, then applied. Alt+key is
/// Esc then the key (see [`super::keymap::Keymap::split_alt`]): each is looked up in the context the
/// one before left.
pub fn press(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let mut effects = Vec::new();
    for key in app.keymap.split_alt(app.mode.context(), key) {
        match app.keymap.action_for(app.mode.context(), key) {
            Some(action) => effects.extend(update(app, action)),
            // A key that does nothing says so, rather than nothing at all.
            None if !matches!(key.code, KeyCode::Modifier(_) | KeyCode::Null) => {
                let help = app.key(crate::tui::keymap::Context::Timeline, Action::OpenHelp);
                app.say(format!("{} does nothing here ({help} lists the keys)", Key::of(key).label()));
            }
            None => {}
        }
    }
    effects
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // A new key clears the last message; what the loop or the background reports does
    // not clear a message it did not cause.
    if action.is_from_user() {
        app.message = None;
    }
    match action {
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            app.expect_size();
            cursor::keep_cursor_visible(app);
            Vec::new()
        }
        Action::Exported { .. }
        | Action::ExportExists { .. }
        | Action::ExportFailed { .. }
        | Action::ExportStarted { .. }
        | Action::ExportedAll { .. } => {
            export::reported(app, action);
            Vec::new()
        }
        Action::Filtered { generation, result } => {
            filter::filtered(app, generation, *result);
            Vec::new()
        }
        Action::Ranked { generation, matches } => {
            picker::ranked(app, generation, matches);
            Vec::new()
        }
        Action::Found { generation, position } => {
            search::found_in_background(app, generation, position);
            Vec::new()
        }
        Action::Counted { generation, buckets } => {
            counts::counted(app, generation, buckets);
            Vec::new()
        }
        Action::CountedStore { generation, counted } => counts::counted_in_store(app, generation, counted),
        Action::NotesSaved { .. } | Action::NotesFailed { .. } | Action::NoteEdited { .. } => {
            desk::reported(app, action)
        }
        Action::WindowReading { query, toward, filter } => {
            window::reading(app, query, &toward, filter);
            Vec::new()
        }
        Action::WindowRefused { message } => {
            window::refused(app, message);
            Vec::new()
        }
        Action::WindowFailed { message } => {
            window::failed(app, message);
            Vec::new()
        }
        Action::ApplyView { name } => match views::apply_named(app, &name) {
            Ok(effects) => effects,
            Err(e) => {
                app.complain(e);
                Vec::new()
            }
        },
        Action::Histogrammed { generation, histogram } => {
            histogram::arrived(app, generation, *histogram);
            Vec::new()
        }
        Action::Toned { generation, chart } => {
            tone::arrived(app, generation, *chart);
            Vec::new()
        }
        Action::Clustered { stories } => {
            stories::clustered(app, stories.0);
            Vec::new()
        }
        Action::Quit => vec![Effect::Quit],
        Action::Suspend => vec![Effect::Suspend],
        action => match &app.mode {
            Mode::Normal => timeline::timeline(app, action),
            Mode::Goto { .. } => timeline::goto_prompt(app, action),
            Mode::Search { .. } => search::search_prompt(app, action),
            Mode::Filter { .. } => filter::filter_prompt(app, action),
            Mode::Export { .. } => export::export_prompt(app, action),
            Mode::ConfirmOverwrite { .. } => export::confirm(app, action),
            Mode::Note { .. } => desk::note_prompt(app, action),
            Mode::ConfirmClearMarks { .. } => desk::confirm_clear(app, action),
            Mode::Views { .. } => views::views(app, action),
            Mode::Picker(_) => picker::picker(app, action),
            Mode::Article { .. } => panels::article(app, action),
            Mode::Relations { .. } => panels::relations(app, action),
            Mode::Reports { .. } => stories::reports(app, action),
            Mode::Chain { .. } => chain::chain(app, action),
            Mode::Counts(_) => counts::counts(app, action),
            Mode::Histogram(_) => histogram::histogram(app, action),
            Mode::Lanes(_) => lanes::lanes(app, action),
            Mode::Tone(_) => tone::tone(app, action),
            Mode::Help { .. } | Mode::Diagnostics { .. } => panels::text_panel(app, action),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn keys_are_looked_up_in_the_mode_they_arrive_in() {
        let mut app = chain_app();
        press(&mut app, KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        press(&mut app, KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        let Mode::Search { input, .. } = &app.mode else { panic!("search prompt") };
        assert!(*input == *"j", "j is typed in a prompt");
        // Esc and j at once: the prompt closes, then j moves.
        press(&mut app, KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
        assert_eq!((&app.mode, app.cursor), (&Mode::Normal, 1));
    }

    #[test]
    fn user_actions_clear_the_message_reports_do_not() {
        let mut app = chain_app();
        app.say("hello");
        update(&mut app, Action::Resize { width: 100, height: 30 });
        update(&mut app, Action::Found { generation: 99, position: None });
        assert_eq!(app.message.as_ref().map(|m| m.text.as_str()), Some("hello"));
        update(&mut app, Action::Down);
        assert_eq!(app.message, None);
    }

    #[test]
    fn quit_and_suspend_are_effects() {
        let mut app = chain_app();
        assert_eq!(update(&mut app, Action::Quit), [Effect::Quit]);
        assert_eq!(update(&mut app, Action::Suspend), [Effect::Suspend]);
    }
}
