//! Exporting (`e`): the file name proposed from the events' dates, the name prompt, the
//! question before replacing a file, and the loop's report of how the write went.

use crate::model::EventIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::effect::Effect;
use crate::tui::line_editor::LineEditor;
use std::path::PathBuf;

/// Open the prompt on the selection (or the whole view), with a name from its dates.
pub fn open(app: &mut App) {
    let events: Vec<EventIx> = match app.selected_range() {
        Some((a, b)) => app.view[a..=b].to_vec(),
        None => app.view.to_vec(),
    };
    let (Some(&first), Some(&last)) = (events.first(), events.last()) else {
        app.complain("nothing to export");
        return;
    };
    let day =
        |e: EventIx| app.corpus.events()[e as usize].date.map_or_else(|| "undated".to_string(), |d| d.date_label());
    let name = format!("annals-{}-{}.json", day(first), day(last));
    let path = app.export_dir.join(name).display().to_string();
    let path = path.strip_prefix("./").map(str::to_string).unwrap_or(path);
    app.mode = Mode::Export { input: LineEditor::new(path), events };
}

pub fn export_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Export { input, events } = &mut app.mode else { return Vec::new() };
    match action {
        Action::Edit(edit) => {
            input.apply(edit);
        }
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit if input.text().trim().is_empty() => app.complain("type a file name"),
        // The mode stays until the loop reports the outcome.
        Action::Submit => {
            let path = PathBuf::from(input.text().trim());
            return vec![Effect::Export { path, events: events.clone(), overwrite: false }];
        }
        _ => {}
    }
    Vec::new()
}

/// "x.json exists. Replace it? (y/n)"
pub fn confirm(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::ConfirmOverwrite { path, events } = &app.mode else { return Vec::new() };
    match action {
        Action::Confirm => vec![Effect::Export { path: path.clone(), events: events.clone(), overwrite: true }],
        Action::Refuse | Action::Cancel => {
            app.mode = Mode::Normal;
            app.say("export cancelled: the file was kept");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// How the write went, as the loop reports it.
pub fn reported(app: &mut App, action: Action) {
    match action {
        Action::Exported { path, count, through } => {
            app.mode = Mode::Normal;
            app.selection = None;
            let mut said = format!("exported {count} events to {}", path.display());
            if let Some(target) = through {
                said.push_str(&format!(" (a symbolic link: its target {} was replaced)", target.display()));
            }
            app.say(crate::text::sanitize_line(&said));
        }
        Action::ExportExists { path } => {
            if let Mode::Export { events, .. } = std::mem::replace(&mut app.mode, Mode::Normal) {
                app.mode = Mode::ConfirmOverwrite { path, events };
            }
        }
        Action::ExportFailed { message } => {
            app.mode = Mode::Normal;
            app.complain(crate::text::sanitize_line(&message));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    #[rstest::rstest]
    #[case("2016-12-29", "2016-12-29")]
    #[case("2016", "2016")]
    #[case("2000-W14", "2000-W14")]
    #[case("198X", "198X")]
    #[case("2016-12-29T23:30-05:00", "2016-12-29")]
    #[case("2016-12-29/2017-01-01", "2016-12-29")]
    #[case("before 2016-12-30", "2016-12-30")]
    #[case("after 2017-01-01", "2017-01-01")]
    #[case("after 2016-12", "2016-12")]
    fn a_period_names_its_date_no_finer_than_a_day(#[case] date: &str, #[case] day: &str) {
        assert_eq!(crate::model::When::parse(date).unwrap().date_label(), day);
    }

    #[test]
    fn an_open_period_names_the_day_of_its_bound() {
        let mut app = app_of(
            r#"{"id": "a", "title": "T", "events": [
                {"id": "e1", "date": "before 2016-12-30", "summary": "one"},
                {"id": "e2", "date": "after 2017-01-01", "summary": "two"}]}"#,
        );
        run(&mut app, [Action::OpenExport]);
        let Mode::Export { input, .. } = &app.mode else { panic!("export prompt") };
        assert_eq!(input.to_string(), "annals-2016-12-30-2017-01-01.json");
    }

    #[test]
    fn the_selection_is_exported_under_a_name_from_its_dates() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::Down, Action::ToggleSelection, Action::Down, Action::Down]);
        run(&mut app, [Action::OpenExport]);
        let Mode::Export { input, events } = &app.mode else { panic!("export prompt") };
        assert_eq!(input.to_string(), "annals-2016-12-29-2016-12-30.json");
        assert_eq!(events.len(), 3);
        let effects = run(&mut app, [Action::Edit(Edit::Home), Action::Edit(Edit::Insert('x')), Action::Submit]);
        let path = PathBuf::from("xannals-2016-12-29-2016-12-30.json");
        assert_eq!(effects, [Effect::Export { path, events: app.view[2..=4].to_vec(), overwrite: false }]);
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_confirmed() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenExport, Action::ExportExists { path: "x.json".into() }]);
        assert!(matches!(app.mode, Mode::ConfirmOverwrite { .. }));
        assert!(matches!(&run(&mut app, [Action::Confirm])[..], [Effect::Export { overwrite: true, .. }]));
        run(&mut app, [Action::Refuse]);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.message.as_ref().unwrap().text, "export cancelled: the file was kept");
    }

    #[test]
    fn the_outcome_is_said_and_an_empty_name_refused() {
        let mut app = chain_app();
        run(&mut app, [Action::ToggleSelection, Action::OpenExport]);
        run(&mut app, [Action::Exported { path: "x.json".into(), count: 1, through: None }]);
        assert_eq!((&app.mode, app.selection), (&Mode::Normal, None));
        assert_eq!(app.message.as_ref().unwrap().text, "exported 1 events to x.json");
        run(&mut app, [Action::OpenExport]);
        run(&mut app, [Action::Exported { path: "l.json".into(), count: 2, through: Some("/d/r.json".into()) }]);
        assert_eq!(
            app.message.as_ref().unwrap().text,
            "exported 2 events to l.json (a symbolic link: its target /d/r.json was replaced)"
        );
        run(&mut app, [Action::OpenExport, Action::ExportFailed { message: "disk full".into() }]);
        assert!(app.message.as_ref().unwrap().error);
        run(&mut app, [Action::OpenExport, Action::Edit(Edit::Clear)]);
        assert!(run(&mut app, [Action::Submit]).is_empty(), "no file name, no export");
        assert_eq!(app.message.as_ref().unwrap().text, "type a file name");
        assert!(matches!(app.mode, Mode::Export { .. }), "the prompt stays open");
    }
}
