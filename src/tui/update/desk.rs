//! Marks, stars and notes on events (`m`, `M`, `'`, `"`, `*`, `i`, `I`): each change is
//! asked of the loop as an effect (the notes file is written, merged with what another
//! session wrote) and shown only once the loop says it was saved, so a failed write leaves
//! the state as it was.

use super::cursor::move_to_event;
use crate::desk::{Change, Desk, Mark};
use crate::model::EventIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::line_editor::{LineEditor, edit_prompt};

/// More marks than this are cleared only after a y/n.
pub const CLEAR_WITHOUT_ASKING: usize = 3;

/// A key of the timeline that is the desk's, or `None` for the others.
pub fn timeline(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let effects = match action {
        Action::ToggleMark => {
            change_current(app, |m| m.marked = !m.marked, |m| if m.marked { "marked" } else { "unmarked" })
        }
        Action::ToggleStar => {
            change_current(app, |m| m.starred = !m.starred, |m| if m.starred { "starred" } else { "unstarred" })
        }
        Action::ClearMarks => clear_marks(app),
        Action::NextMark => next_mark(app, true),
        Action::PrevMark => next_mark(app, false),
        Action::WriteNote => open_note(app),
        Action::WriteNoteInEditor => match app.current() {
            Some(event) => vec![Effect::EditNote { event, text: note_of(app, event).unwrap_or_default() }],
            None => Vec::new(),
        },
        _ => return None,
    };
    Some(effects)
}

fn note_of(app: &App, event: EventIx) -> Option<String> {
    app.desk.mark(event).and_then(|m| m.note.clone())
}

/// The change of the current event's marks by `edit`, saying what it did.
fn change_current(
    app: &mut App,
    edit: impl FnOnce(&mut Mark),
    said: impl FnOnce(&Mark) -> &'static str,
) -> Vec<Effect> {
    let Some(event) = app.current() else { return Vec::new() };
    let mut mark = app.desk.mark(event).cloned().unwrap_or_default();
    edit(&mut mark);
    let said = said(&mark).to_string();
    vec![save(app, event, mark, said)]
}

fn save(app: &App, event: EventIx, mark: Mark, said: String) -> Effect {
    Effect::SaveNotes { changes: vec![Change::Event { key: Desk::key(&app.corpus, event), mark }], said }
}

fn clear_marks(app: &mut App) -> Vec<Effect> {
    let count = app.desk.marked().len();
    match count {
        0 => {
            app.say("no event is marked");
            Vec::new()
        }
        n if n > CLEAR_WITHOUT_ASKING => {
            app.mode = Mode::ConfirmClearMarks { count: n };
            Vec::new()
        }
        _ => vec![clear_all(app)],
    }
}

/// Unmark every marked event (their stars and notes stay).
fn clear_all(app: &App) -> Effect {
    let changes = app
        .desk
        .marked()
        .iter()
        .map(|&event| {
            let mark = Mark { marked: false, ..app.desk.mark(event).cloned().unwrap_or_default() };
            Change::Event { key: Desk::key(&app.corpus, event), mark }
        })
        .collect::<Vec<_>>();
    let said = format!("{} marks cleared", changes.len());
    Effect::SaveNotes { changes, said }
}

/// `M` asked: y clears, n keeps.
pub fn confirm_clear(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => {
            app.mode = Mode::Normal;
            vec![clear_all(app)]
        }
        Action::Refuse | Action::Cancel => {
            app.mode = Mode::Normal;
            app.say("the marks were kept");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// To the next (or previous) marked event in the view, wrapping around.
fn next_mark(app: &mut App, forward: bool) -> Vec<Effect> {
    let in_view: Vec<EventIx> =
        app.desk.marked().iter().copied().filter(|e| app.view.binary_search(e).is_ok()).collect();
    let Some(current) = app.current() else { return Vec::new() };
    if in_view.is_empty() {
        let mark = app.key(Context::Timeline, Action::ToggleMark);
        let hidden = app.desk.marked().len();
        app.say(if hidden > 0 {
            format!("no marked event in the view ({hidden} hidden by the filter)")
        } else {
            format!("no event is marked ({mark} marks one)")
        });
        return Vec::new();
    }
    let (target, wrapped) = if forward {
        match in_view.iter().find(|&&e| e > current) {
            Some(&e) => (e, false),
            None => (in_view[0], true),
        }
    } else {
        match in_view.iter().rev().find(|&&e| e < current) {
            Some(&e) => (e, false),
            None => (in_view[in_view.len() - 1], true),
        }
    };
    move_to_event(app, target);
    let at = in_view.iter().position(|&e| e == target).unwrap_or(0) + 1;
    let wrap = if wrapped { if forward { " (wrapped to the first)" } else { " (wrapped to the last)" } } else { "" };
    app.say(format!("mark {at} of {}{wrap}", in_view.len()));
    Vec::new()
}

fn open_note(app: &mut App) -> Vec<Effect> {
    let Some(event) = app.current() else { return Vec::new() };
    let note = note_of(app, event).unwrap_or_default();
    if note.contains('\n') {
        let editor = app.key(Context::Timeline, Action::WriteNoteInEditor);
        app.say(format!("a note of several lines: {editor} edits it in $EDITOR"));
        return Vec::new();
    }
    app.mode = Mode::Note { input: LineEditor::new(note), event };
    Vec::new()
}

/// The note prompt: Enter keeps the note (empty: deletes it), Esc leaves it as it was.
pub fn note_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Note { input, event } = &mut app.mode else { return Vec::new() };
    let event = *event;
    match action {
        Action::Edit(edit) => edit_prompt(input, &mut None, edit),
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let text = input.text().trim().to_string();
            app.mode = Mode::Normal;
            return vec![note_written(app, event, text)];
        }
        _ => {}
    }
    Vec::new()
}

/// The change that sets the note of `event` to `text` (empty: no note).
fn note_written(app: &App, event: EventIx, text: String) -> Effect {
    let mut mark = app.desk.mark(event).cloned().unwrap_or_default();
    let said = if text.is_empty() { "note deleted" } else { "note kept" };
    mark.note = (!text.is_empty()).then_some(text);
    save(app, event, mark, said.to_string())
}

/// What the loop reports: the notes saved, a failed write, an edited note.
pub fn reported(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::NotesSaved { notes, said } => {
            // The stories are made again only when their edits changed (a mark costs none).
            let edited = app.desk.notes.stories != notes.stories;
            app.desk = app.desk.with_notes(&app.corpus, notes);
            if edited {
                super::stories::after_notes(app);
            }
            app.say(said);
            return super::filter::refilter_after_notes(app);
        }
        Action::NotesFailed { message } => {
            app.complain(format!("not saved, nothing changed: {}", crate::text::sanitize_line(&message)));
        }
        Action::NoteEdited { event, text: Ok(text) } => {
            let text = text.trim_end().to_string();
            if note_of(app, event).unwrap_or_default() == text {
                app.say("the note is unchanged");
                return Vec::new();
            }
            return vec![note_written(app, event, text)];
        }
        Action::NoteEdited { text: Err(why), .. } => {
            app.complain(format!("the editor failed, the note is unchanged: {}", crate::text::sanitize_line(&why)));
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn m_marks_several_events_and_unmarks_them() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::ToggleMark, Action::Down, Action::Down, Action::ToggleMark]);
        assert_eq!(app.desk.marked(), [0, 2]);
        assert_eq!(said(&app), "marked");
        run_saving(&mut app, [Action::ToggleMark]);
        assert_eq!(app.desk.marked(), [0]);
        assert_eq!(said(&app), "unmarked");
    }

    #[test]
    fn a_mark_is_only_shown_once_the_loop_saved_it() {
        let mut app = chain_app();
        let effects = super::super::update(&mut app, Action::ToggleMark);
        assert!(matches!(&effects[..], [Effect::SaveNotes { changes, .. }] if changes.len() == 1));
        assert!(app.desk.marked().is_empty());
        super::super::update(&mut app, Action::NotesFailed { message: "cannot write x: no space left".into() });
        assert!(app.desk.marked().is_empty(), "a failed write leaves the state as it was");
        assert_eq!(app.message.as_ref().unwrap().text, "not saved, nothing changed: cannot write x: no space left");
        assert!(app.message.as_ref().unwrap().error);
    }

    #[test]
    fn star_is_a_mark_of_its_own() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::ToggleStar]);
        let mark = app.desk.mark(0).unwrap();
        assert!(mark.starred && !mark.marked);
        assert!(app.desk.marked().is_empty());
        run_saving(&mut app, [Action::ToggleStar]);
        assert_eq!(app.desk.mark(0), None, "all cleared: nothing on the event");
    }

    #[test]
    fn quote_and_double_quote_go_to_the_next_and_previous_mark_wrapping() {
        let mut app = chain_app();
        run_saving(
            &mut app,
            [
                Action::Down,
                Action::ToggleMark,
                Action::Down,
                Action::Down,
                Action::Down,
                Action::ToggleMark,
                Action::Top,
            ],
        );
        run_saving(&mut app, [Action::NextMark]);
        assert_eq!((app.cursor, said(&app)), (1, "mark 1 of 2"));
        run_saving(&mut app, [Action::NextMark]);
        assert_eq!((app.cursor, said(&app)), (4, "mark 2 of 2"));
        run_saving(&mut app, [Action::NextMark]);
        assert_eq!((app.cursor, said(&app)), (1, "mark 1 of 2 (wrapped to the first)"));
        run_saving(&mut app, [Action::PrevMark]);
        assert_eq!((app.cursor, said(&app)), (4, "mark 2 of 2 (wrapped to the last)"));
    }

    #[test]
    fn no_mark_to_go_to_says_how_to_make_one() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::NextMark]);
        assert_eq!(said(&app), "no event is marked (m marks one)");
    }

    #[test]
    fn capital_m_clears_a_few_marks_at_once_and_asks_for_more() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::ToggleMark, Action::Down, Action::ToggleMark, Action::ClearMarks]);
        assert!(app.desk.marked().is_empty());
        assert_eq!(said(&app), "2 marks cleared");
        for _ in 0..4 {
            run_saving(&mut app, [Action::ToggleMark, Action::Down]);
        }
        run_saving(&mut app, [Action::ToggleStar, Action::Up, Action::ToggleStar]);
        run_saving(&mut app, [Action::ClearMarks]);
        assert_eq!(app.mode, Mode::ConfirmClearMarks { count: 4 });
        run_saving(&mut app, [Action::Refuse]);
        assert_eq!((app.desk.marked().len(), said(&app)), (4, "the marks were kept"));
        run_saving(&mut app, [Action::ClearMarks, Action::Confirm]);
        assert_eq!((app.desk.marked().len(), app.mode.clone()), (0, Mode::Normal));
        assert!(app.desk.mark(4).unwrap().starred, "stars stay");
    }

    #[test]
    fn i_writes_a_note_prefilled_and_empty_deletes_it() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::WriteNote]);
        run_saving(&mut app, typed("check the date"));
        run_saving(&mut app, [Action::Submit]);
        assert_eq!(app.desk.mark(0).unwrap().note.as_deref(), Some("check the date"));
        run_saving(&mut app, [Action::WriteNote]);
        let Mode::Note { input, .. } = &app.mode else { panic!("the note prompt") };
        assert_eq!(input.text(), "check the date");
        run_saving(&mut app, [Action::Edit(crate::tui::line_editor::Edit::Clear), Action::Submit]);
        assert_eq!((app.desk.mark(0), said(&app)), (None, "note deleted"));
    }

    #[test]
    fn esc_leaves_the_note_as_it_was() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::WriteNote]);
        run_saving(&mut app, typed("draft"));
        run_saving(&mut app, [Action::Cancel]);
        assert_eq!((app.mode.clone(), app.desk.mark(0)), (Mode::Normal, None));
    }

    #[test]
    fn capital_i_asks_the_loop_for_the_editor_and_keeps_what_it_wrote() {
        let mut app = chain_app();
        let effects = super::super::update(&mut app, Action::WriteNoteInEditor);
        assert_eq!(effects, [Effect::EditNote { event: 0, text: String::new() }]);
        run_saving(&mut app, [Action::NoteEdited { event: 0, text: Ok("two\nlines\n".into()) }]);
        assert_eq!(app.desk.mark(0).unwrap().note.as_deref(), Some("two\nlines"));
        run_saving(&mut app, [Action::WriteNote]);
        assert_eq!(app.mode, Mode::Normal, "a note of several lines is not cut to one");
        assert_eq!(said(&app), "a note of several lines: I edits it in $EDITOR");
        run_saving(&mut app, [Action::NoteEdited { event: 0, text: Err("vi ended with exit status: 1".into()) }]);
        assert_eq!(app.desk.mark(0).unwrap().note.as_deref(), Some("two\nlines"));
        assert_eq!(said(&app), "the editor failed, the note is unchanged: vi ended with exit status: 1");
    }

    #[test]
    fn a_filter_on_marks_follows_them() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::ToggleMark, Action::Down, Action::Down, Action::ToggleMark, Action::OpenFilter]);
        run_saving(&mut app, typed("is:marked"));
        run_saving(&mut app, [Action::Submit]);
        assert_eq!(*app.view, [0, 2]);
        // Unmarking an event in the view of marks takes it out, as the filter says.
        run_saving(&mut app, [Action::ToggleMark]);
        assert_eq!(*app.view, [0]);
        run_saving(&mut app, [Action::WriteNote]);
        run_saving(&mut app, typed("embassy"));
        run_saving(&mut app, [Action::Submit, Action::OpenFilter, Action::Edit(crate::tui::line_editor::Edit::Clear)]);
        run_saving(&mut app, typed("note:EMBASSY"));
        run_saving(&mut app, [Action::Submit]);
        assert_eq!(*app.view, [0]);
    }

    #[test]
    fn the_export_prompt_switches_to_the_marked_events_and_back() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::OpenExport, Action::ExportMarked]);
        assert_eq!(said(&app), "no event is marked (m marks one)");
        run_saving(
            &mut app,
            [Action::Cancel, Action::Down, Action::ToggleMark, Action::Down, Action::Down, Action::ToggleMark],
        );
        run_saving(&mut app, [Action::OpenExport, Action::ExportMarked]);
        let Mode::Export { events, marked_only, .. } = &app.mode else { panic!("the export prompt") };
        assert_eq!((events.as_slice(), *marked_only), ([1, 3].as_slice(), true));
        let effects = super::super::update(&mut app, Action::Submit);
        assert!(matches!(&effects[..], [Effect::Export { events, .. }] if *events == [1, 3]));
        run_saving(&mut app, [Action::ExportMarked]);
        let Mode::Export { events, marked_only, .. } = &app.mode else { panic!("the export prompt") };
        assert_eq!((events.len(), *marked_only), (app.view.len(), false));
    }
}
