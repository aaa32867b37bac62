//! Saved views: `:save NAME` keeps the filter, the clock and the focused pane under a name
//! in the notes file, `:view NAME` (or `annals --view NAME`) brings them back, and `V`
//! lists them to apply or delete.

use super::filter::set_filter;
use crate::desk::{Change, SavedView};
use crate::model::Clock;
use crate::query::Filter;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Mode};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;

/// What the `:` prompt does with words that are not a date: `save NAME`, `view NAME`,
/// and on a store `where QUERY` (window.rs).
pub enum Command<'a> {
    Save(&'a str),
    View(&'a str),
    Where(&'a str),
}

impl<'a> Command<'a> {
    pub fn of(input: &'a str) -> Option<Command<'a>> {
        // `where` alone: all the store's events.
        if input.trim() == "where" {
            return Some(Command::Where(""));
        }
        let (word, name) = input.trim().split_once(char::is_whitespace)?;
        let name = name.trim();
        match word {
            "save" => Some(Command::Save(name)),
            "view" => Some(Command::View(name)),
            "where" => Some(Command::Where(name)),
            _ => None,
        }
    }
}

/// Run a `:` command: the effects, or what is wrong (said in the prompt).
pub fn command(app: &mut App, command: Command) -> Result<Vec<Effect>, String> {
    match command {
        Command::Save("") | Command::View("") => Err("a name is needed: save NAME, view NAME".into()),
        Command::Save(name) => {
            let view = current(app);
            let (colon, views) =
                (app.key(Context::Timeline, Action::OpenGoto), app.key(Context::Timeline, Action::OpenViews));
            let said = format!("view {name} saved ({colon}view {name} or {views} brings it back)");
            Ok(vec![Effect::SaveNotes {
                changes: vec![Change::View { name: name.to_string(), view: Some(view) }],
                said,
            }])
        }
        Command::View(name) => apply_named(app, name),
        Command::Where(query) => super::window::reopen(app, query),
    }
}

/// The screen as a view to save: the filter's words, the clock, the focused pane.
fn current(app: &App) -> SavedView {
    let focus = match app.focus {
        Focus::List => "list",
        Focus::Detail => "detail",
    };
    SavedView { filter: app.filter.to_words(), clock: Some(app.clock.to_string()), focus: Some(focus.to_string()) }
}

/// Apply the view saved as `name`, or say there is none (and which name was meant).
pub fn apply_named(app: &mut App, name: &str) -> Result<Vec<Effect>, String> {
    let Some(view) = app.desk.notes.view(name).cloned() else {
        return Err(no_such_view(&app.desk.notes.view_names(), name));
    };
    let effects = apply(app, &view)?;
    app.say(format!("view {name}"));
    Ok(effects)
}

/// "no view named X (did you mean Y?)", or the names there are.
pub fn no_such_view(names: &[&str], name: &str) -> String {
    let near = names
        .iter()
        .map(|n| (strsim::jaro_winkler(n, name), *n))
        .filter(|(s, _)| *s > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match near {
        Some((_, near)) => format!("no view named {name}: did you mean {near}?"),
        None if names.is_empty() => format!("no view named {name}: none is saved (:save NAME saves one)"),
        None => format!("no view named {name} (saved: {})", names.join(", ")),
    }
}

fn apply(app: &mut App, view: &SavedView) -> Result<Vec<Effect>, String> {
    let filter = Filter::parse_words(&view.filter).map_err(|e| format!("its filter: {}", e.message))?;
    let effects = set_filter(app, filter, true).map_err(|e| format!("its filter: {}", e.message))?;
    if let Some(clock) = view.clock.as_deref().and_then(|c| c.parse::<Clock>().ok()) {
        if app.clocks.contains(&clock) {
            app.clock = clock;
        } else {
            app.set_clock(clock);
        }
    }
    app.focus = if view.focus.as_deref() == Some("detail") { Focus::Detail } else { Focus::List };
    Ok(effects)
}

/// `V`: the saved views.
pub fn open(app: &mut App) {
    let names: Vec<String> = app.desk.notes.view_names().into_iter().map(String::from).collect();
    if names.is_empty() {
        app.say(format!(
            "no saved view: {}save NAME saves the screen's filter",
            app.key(Context::Timeline, Action::OpenGoto)
        ));
        return;
    }
    app.mode = Mode::Views { names, selected: 0 };
}

/// The views' list: move, apply, delete.
pub fn views(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Views { names, selected } = &mut app.mode else { return Vec::new() };
    if let Some(row) = super::cursor::panel_row(*selected, &action, names.len(), 1) {
        *selected = row;
        return Vec::new();
    }
    match action {
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let name = names[*selected].clone();
            app.mode = Mode::Normal;
            match apply_named(app, &name) {
                Ok(effects) => return effects,
                Err(e) => app.complain(e),
            }
        }
        Action::DeleteView => {
            let name = names.remove(*selected);
            *selected = (*selected).min(names.len().saturating_sub(1));
            if names.is_empty() {
                app.mode = Mode::Normal;
            }
            let said = format!("view {name} deleted");
            return vec![Effect::SaveNotes { changes: vec![Change::View { name, view: None }], said }];
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn colon(app: &mut App, words: &str) {
        run_saving(app, [Action::OpenGoto]);
        run_saving(app, typed(words));
        run_saving(app, [Action::Submit]);
    }

    #[test]
    fn save_then_view_brings_the_filter_clock_and_focus_back() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::OpenFilter]);
        run_saving(&mut app, typed("actor:putin"));
        run_saving(&mut app, [Action::Submit, Action::CycleClock]);
        let (view, clock) = (app.view.clone(), app.clock);
        colon(&mut app, "save putin");
        assert_eq!(said(&app), "view putin saved (:view putin or V brings it back)");
        assert_eq!(app.desk.notes.view("putin").unwrap().filter, "actor:putin");
        run_saving(&mut app, [Action::OpenFilter, Action::Edit(crate::tui::line_editor::Edit::Clear), Action::Submit]);
        run_saving(&mut app, [Action::CycleClock]);
        assert_ne!(app.view, view);
        colon(&mut app, "view putin");
        assert_eq!((app.view.clone(), app.clock, app.mode.clone()), (view, clock, Mode::Normal));
        assert_eq!(said(&app), "view putin");
    }

    #[test]
    fn a_date_still_goes_to_the_date_and_a_wrong_name_is_said_in_the_prompt() {
        let mut app = chain_app();
        colon(&mut app, "save expulsions");
        colon(&mut app, "view expulsion");
        let Mode::Goto { error, .. } = &app.mode else { panic!("the prompt stays open") };
        assert_eq!(error.as_deref(), Some("no view named expulsion: did you mean expulsions?"));
        run_saving(&mut app, [Action::Cancel]);
        colon(&mut app, "2016-12-30");
        assert_eq!((app.mode.clone(), summary(&app)), (Mode::Normal, "Lavrov proposes expelling 35 US diplomats"));
    }

    #[test]
    fn capital_v_lists_the_views_to_apply_or_delete() {
        let mut app = chain_app();
        run_saving(&mut app, [Action::OpenViews]);
        assert_eq!(said(&app), "no saved view: :save NAME saves the screen's filter");
        colon(&mut app, "save all");
        run_saving(&mut app, [Action::OpenFilter]);
        run_saving(&mut app, typed("actor:lavrov"));
        run_saving(&mut app, [Action::Submit]);
        colon(&mut app, "save lavrov");
        run_saving(&mut app, [Action::OpenViews]);
        assert_eq!(app.mode, Mode::Views { names: vec!["all".into(), "lavrov".into()], selected: 0 });
        run_saving(&mut app, [Action::Submit]);
        assert_eq!((app.filter.to_words(), said(&app)), (String::new(), "view all"));
        run_saving(&mut app, [Action::OpenViews, Action::PickerDown, Action::DeleteView]);
        assert_eq!(said(&app), "view lavrov deleted");
        assert_eq!(app.desk.notes.view_names(), ["all"]);
        assert_eq!(app.mode, Mode::Views { names: vec!["all".into()], selected: 0 });
    }

    #[test]
    fn a_view_asked_for_at_start_is_applied_or_said_missing() {
        let mut app = chain_app();
        colon(&mut app, "save start");
        run_saving(&mut app, [Action::ApplyView { name: "nope".into() }]);
        assert_eq!(said(&app), "no view named nope (saved: start)");
        run_saving(&mut app, [Action::ApplyView { name: "start".into() }]);
        assert_eq!(said(&app), "view start");
    }
}
