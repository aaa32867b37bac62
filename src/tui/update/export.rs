//! Exporting (`e`): the file name proposed from the events' dates, the name prompt (Tab
//! switches between native JSON and TimelineJS, as does a name ending in
//! `.timeline.json`; `~` is the home directory), the question before replacing a file, and
//! the loop's report of how the write went (a failure keeps the prompt open).

use crate::export::Format;
use crate::model::EventIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::effect::Effect;
use crate::tui::line_editor::LineEditor;
use std::path::PathBuf;

/// Open the prompt on the selection (or the whole view), with a name from its dates.
pub fn open(app: &mut App) {
    let rows: &[EventIx] = match app.selected_range() {
        Some((a, b)) => &app.view[a..=b],
        None => &app.view,
    };
    // With stories on, a story's row exports its reports that the filter lets through.
    let events: Vec<EventIx> = match app.stories.as_deref().filter(|_| app.stories_on) {
        Some(stories) => {
            let mut all: Vec<EventIx> = rows
                .iter()
                .flat_map(|&row| stories.reports_with(row).iter().copied())
                .filter(|r| app.reports.binary_search(r).is_ok())
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        }
        None => rows.to_vec(),
    };
    let (Some(&first), Some(&last)) = (events.first(), events.last()) else {
        app.complain("nothing to export");
        return;
    };
    let day =
        |e: EventIx| app.corpus.events()[e as usize].date.map_or_else(|| "undated".to_string(), |d| d.date_label());
    // Named for its dated span: undated events follow the dated ones.
    let dated = |e: &&EventIx| app.corpus.events()[**e as usize].date.is_some();
    let last = events.iter().rev().find(dated).copied().unwrap_or(last);
    let mut name = format!("annals-{}-{}.json", day(first), day(last));
    let other_events = app.desk.marked().to_vec();
    // On a store with events beyond this window, the view (no selection) is all that
    // passes the store's query: streamed from the store, as on files the whole view is
    // exported. A view the notes filter is the window's: the command for all is said.
    let mut all = None;
    if let Some(w) = &app.window
        && !w.reach.holds_all()
        && app.selected_range().is_none()
    {
        if app.filtered_in_window() || (app.stories_on && app.stories.is_some()) {
            let query = match w.query.as_str() {
                "" => String::new(),
                q => format!(" --where '{}'", crate::text::sanitize_line(q).replace('\'', "'\\''")),
            };
            let place = crate::text::sanitize_line(&w.place);
            app.say(format!(
                "these are this window's events; all that pass, streamed: annals export {place}{query} -o FILE"
            ));
        } else {
            all = Some(w.query.clone());
            // Named for the days of all that passes, once the store has said them.
            let days = w.reach.days.as_ref().and_then(|d| Some((d.first()?.0, d.last()?.0)));
            let label = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%d").to_string());
            if let Some((Some(from), Some(to))) = days.map(|(a, b)| (label(a), label(b))) {
                name = format!("annals-{from}-{to}.json");
            }
        }
    }
    let path = app.export_dir.join(name).display().to_string();
    let path = path.strip_prefix("./").map(str::to_string).unwrap_or(path);
    app.mode = Mode::Export {
        input: LineEditor::new(path),
        events,
        other_events,
        marked_only: false,
        format: Format::Native,
        error: None,
        all,
    };
}

pub fn export_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Export { input, events, other_events, marked_only, format, error, all } = &mut app.mode else {
        return Vec::new();
    };
    match action {
        Action::ExportMarked if other_events.is_empty() => {
            let mark = app.key(crate::tui::keymap::Context::Timeline, Action::ToggleMark);
            app.say(format!("no event is marked ({mark} marks one)"));
        }
        Action::ExportMarked => {
            std::mem::swap(events, other_events);
            *marked_only = !*marked_only;
        }
        Action::Edit(edit) if input.apply(edit) => {
            *error = None;
            // The name's ending says TimelineJS or not; with or without texts is Tab's.
            *format = match (Format::of_name(input.text()), *format) {
                (Format::Native, Format::NativeWithTexts) => Format::NativeWithTexts,
                (named, _) => named,
            };
        }
        Action::SwitchFormat => {
            *format = format.next();
            *input = LineEditor::new(with_ending(input.text(), *format));
        }
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit if input.text().trim().is_empty() => app.complain("type a file name"),
        // The mode stays until the loop reports the outcome.
        Action::Submit => {
            let path = expand_home(input.text().trim(), std::env::var_os("HOME"));
            if let Some(query) = all.clone().filter(|_| !*marked_only) {
                return vec![Effect::ExportAll { path, query, format: *format, overwrite: false }];
            }
            return vec![Effect::Export { path, events: events.clone(), overwrite: false, format: *format }];
        }
        _ => {}
    }
    Vec::new()
}

/// The file name with the ending of `format`: `x.json` and `x.timeline.json`.
fn with_ending(name: &str, format: Format) -> String {
    let lower = name.to_ascii_lowercase();
    let stem = if lower.ends_with(Format::TIMELINEJS_ENDING) {
        &name[..name.len() - Format::TIMELINEJS_ENDING.len()]
    } else if lower.ends_with(".json") {
        &name[..name.len() - ".json".len()]
    } else {
        name
    };
    match format {
        Format::Native | Format::NativeWithTexts => format!("{stem}.json"),
        Format::TimelineJs => format!("{stem}{}", Format::TIMELINEJS_ENDING),
    }
}

/// `~` and `~/x` as the shell reads them: in the home directory.
fn expand_home(path: &str, home: Option<std::ffi::OsString>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(path),
    }
}

/// "x.json exists. Replace it? (y/n)"
pub fn confirm(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::ConfirmOverwrite { path, events, format, all } = &app.mode else { return Vec::new() };
    match action {
        Action::Confirm => match all {
            Some(query) => {
                vec![Effect::ExportAll { path: path.clone(), query: query.clone(), format: *format, overwrite: true }]
            }
            None => {
                vec![Effect::Export { path: path.clone(), events: events.clone(), overwrite: true, format: *format }]
            }
        },
        Action::Refuse | Action::Cancel => {
            app.mode = Mode::Normal;
            app.say("export cancelled: the file was kept");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// "exported N events to PATH", with what was left out and the target a link pointed to.
fn written(path: &std::path::Path, count: usize, left_out: usize, through: Option<&std::path::Path>) -> String {
    let mut said = format!("exported {} events to {}", crate::display::thousands(count), path.display());
    if left_out > 0 {
        said.push_str(&format!(" ({left_out} undated left out: TimelineJS needs a date)"));
    }
    if let Some(target) = through {
        said.push_str(&format!(" (a symbolic link: its target {} was replaced)", target.display()));
    }
    crate::text::sanitize_line(&said)
}

/// How the write went, as the loop reports it.
pub fn reported(app: &mut App, action: Action) {
    match action {
        Action::Exported { path, count, through, left_out } => {
            app.mode = Mode::Normal;
            app.selection = None;
            app.say(written(&path, count, left_out, through.as_deref()));
        }
        Action::ExportExists { path } => {
            if let Mode::Export { events, format, all, marked_only, .. } =
                std::mem::replace(&mut app.mode, Mode::Normal)
            {
                app.mode = Mode::ConfirmOverwrite { path, events, format, all: all.filter(|_| !marked_only) };
            }
        }
        Action::ExportStarted { path, count } => {
            if matches!(app.mode, Mode::Export { .. } | Mode::ConfirmOverwrite { .. }) {
                app.mode = Mode::Normal;
            }
            app.selection = None;
            app.say(crate::text::sanitize_line(&format!(
                "exporting all that pass to {} in the background (quitting stops it, keeping the old file)",
                path.display()
            )));
            app.exporting = Some((path, count));
        }
        // Said, whatever is open meanwhile (a prompt, a selection, another export's
        // question are left as they are).
        Action::ExportedAll { outcome, count } => {
            if app.exporting.as_ref().is_some_and(|(_, c)| *c == count) {
                app.exporting = None;
            }
            match outcome {
                crate::tui::ExportOutcome::Written { path, count, left_out, through } => {
                    app.say(written(&path, count, left_out, through.as_deref()))
                }
                crate::tui::ExportOutcome::Failed(message) => app.complain(crate::text::sanitize_line(&message)),
                crate::tui::ExportOutcome::Exists(path) => {
                    app.complain(crate::text::sanitize_line(&format!("{} exists: nothing written", path.display())))
                }
            }
        }
        Action::ExportFailed { message } => {
            let message = crate::text::sanitize_line(&message);
            match &mut app.mode {
                // The name can be fixed in place rather than typed again.
                Mode::Export { error, .. } => *error = Some(message),
                Mode::ConfirmOverwrite { .. } => {
                    app.mode = Mode::Normal;
                    app.complain(message);
                }
                // What was being typed meanwhile is left alone.
                _ => app.complain(message),
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    /// The chain fixture as a window of a store with more after it, read with `query`.
    fn store_part(query: &str) -> App {
        let mut app = chain_app();
        let reach = crate::tui::Reach { after: Some("0 row 10".into()), ..Default::default() };
        app.window = Some(crate::tui::app::StoreWindow::new("gdelt.d".into(), query.into(), reach));
        app
    }

    #[test]
    fn on_part_of_a_store_the_view_exported_is_all_that_passes_streamed_from_the_store() {
        let mut app = store_part("actor:putin");
        // The days of all that passes, once counted, name the file.
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2018, 3, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let days = vec![(day(1).and_utc().timestamp(), 3), (day(9).and_utc().timestamp(), 1)];
        app.window.as_mut().unwrap().reach.days = Some(std::sync::Arc::new(days));
        open(&mut app);
        assert!(matches!(&app.mode, Mode::Export { all: Some(q), .. } if q == "actor:putin"));
        assert!(
            matches!(&app.mode, Mode::Export { input, .. } if input.text().ends_with("annals-2018-03-01-2018-03-09.json"))
        );
        run(&mut app, [Action::Edit(Edit::Clear)]);
        run(&mut app, typed("all.json"));
        let effects = run(&mut app, [Action::Submit]);
        let asked = |overwrite| Effect::ExportAll {
            path: "all.json".into(),
            query: "actor:putin".into(),
            format: Format::Native,
            overwrite,
        };
        assert_eq!(effects, [asked(false)]);
        // The file is there: asked about, then replaced from the store too.
        run(&mut app, [Action::ExportExists { path: "all.json".into() }]);
        assert!(matches!(&app.mode, Mode::ConfirmOverwrite { all: Some(_), .. }));
        assert_eq!(run(&mut app, [Action::Confirm]), [asked(true)]);
        // Started: the prompt closes, the count shows, and the interface goes on.
        let count = crate::tui::action::ExportCounter::default();
        run(&mut app, [Action::ExportStarted { path: "all.json".into(), count: count.clone() }]);
        assert_eq!((app.mode.clone(), app.exporting.clone()), (Mode::Normal, Some(("all.json".into(), count.clone()))));
        // Its end is said, whatever is open then: a selection and another export's prompt
        // being typed stay.
        run(&mut app, [Action::ToggleSelection, Action::Down, Action::OpenExport, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("range.json"));
        let written =
            crate::tui::ExportOutcome::Written { path: "all.json".into(), count: 2_400, left_out: 0, through: None };
        run(&mut app, [Action::ExportedAll { outcome: written, count: count.clone() }]);
        assert!(matches!(&app.mode, Mode::Export { input, .. } if input.text() == "range.json"));
        assert!(app.selection.is_some());
        assert_eq!(app.exporting, None);
        assert_eq!(app.message.as_ref().unwrap().text, "exported 2,400 events to all.json");
        // The end of an export other than the one counted leaves its count shown.
        let newer = crate::tui::action::ExportCounter::default();
        app.exporting = Some(("newer.json".into(), newer.clone()));
        let failed = crate::tui::ExportOutcome::Failed("cannot write all.json: disk full".into());
        run(&mut app, [Action::ExportedAll { outcome: failed, count }]);
        assert!(matches!(app.mode, Mode::Export { .. }));
        assert!(app.message.as_ref().unwrap().error);
        assert_eq!(app.exporting, Some(("newer.json".into(), newer)));
        // The marked events are the window's own.
        let mut app = store_part("");
        run_saving(&mut app, [Action::ToggleMark]);
        open(&mut app);
        run(&mut app, [Action::ExportMarked, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("marked.json"));
        let effects = run(&mut app, [Action::Submit]);
        assert!(matches!(&effects[..], [Effect::Export { events, .. }] if events.len() == 1), "{effects:?}");
    }

    #[test]
    fn a_view_the_notes_filter_exports_the_windows_events_and_says_the_command_for_all() {
        let mut app = store_part("actor:o'neil");
        run_saving(&mut app, [Action::ToggleMark]);
        app.filter = crate::query::Filter::parse_words("is:marked").unwrap();
        app.filters_on = true;
        app.view = std::sync::Arc::new(vec![app.view[0]]);
        open(&mut app);
        assert!(matches!(&app.mode, Mode::Export { all: None, events, .. } if events.len() == 1));
        let said = &app.message.as_ref().unwrap().text;
        assert_eq!(
            said,
            "these are this window's events; all that pass, streamed: annals export gdelt.d --where 'actor:o'\\''neil' -o FILE"
        );
        // A window that is the whole store: its view, nothing to say.
        let mut whole = chain_app();
        whole.window = Some(crate::tui::app::StoreWindow::new("gdelt.d".into(), String::new(), Default::default()));
        open(&mut whole);
        assert!(matches!(&whole.mode, Mode::Export { all: None, .. }));
        assert_eq!(whole.message, None);
    }

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
        let Mode::Export { input, events, .. } = &app.mode else { panic!("export prompt") };
        assert_eq!(input.to_string(), "annals-2016-12-29-2016-12-30.json");
        assert_eq!(events.len(), 3);
        let effects = run(&mut app, [Action::Edit(Edit::Home), Action::Edit(Edit::Insert('x')), Action::Submit]);
        let path = PathBuf::from("xannals-2016-12-29-2016-12-30.json");
        let format = Format::Native;
        assert_eq!(effects, [Effect::Export { path, events: app.view[2..=4].to_vec(), overwrite: false, format }]);
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
        run(&mut app, [Action::Exported { path: "x.json".into(), count: 1, through: None, left_out: 0 }]);
        assert_eq!((&app.mode, app.selection), (&Mode::Normal, None));
        assert_eq!(app.message.as_ref().unwrap().text, "exported 1 events to x.json");
        run(&mut app, [Action::OpenExport]);
        run(
            &mut app,
            [Action::Exported { path: "l.json".into(), count: 2, through: Some("/d/r.json".into()), left_out: 0 }],
        );
        assert_eq!(
            app.message.as_ref().unwrap().text,
            "exported 2 events to l.json (a symbolic link: its target /d/r.json was replaced)"
        );
        run(&mut app, [Action::OpenExport, Action::ExportFailed { message: "disk full".into() }]);
        let Mode::Export { error, .. } = &app.mode else { panic!("the prompt stays open after a failure") };
        assert_eq!(error.as_deref(), Some("disk full"));
        run(&mut app, [Action::Edit(Edit::Left)]);
        assert!(matches!(&app.mode, Mode::Export { error: Some(_), .. }), "a move keeps the error");
        run(&mut app, [Action::Edit(Edit::Insert('x'))]);
        assert!(matches!(&app.mode, Mode::Export { error: None, .. }), "an edit clears it");
        run(&mut app, [Action::Cancel]);
        run(&mut app, [Action::OpenExport, Action::Edit(Edit::Clear)]);
        assert!(run(&mut app, [Action::Submit]).is_empty(), "no file name, no export");
        assert_eq!(app.message.as_ref().unwrap().text, "type a file name");
        assert!(matches!(app.mode, Mode::Export { .. }), "the prompt stays open");
    }

    #[test]
    fn tab_and_the_name_choose_the_format_and_tilde_is_home() {
        let mut app = chain_app();
        let shown = |app: &App| match &app.mode {
            Mode::Export { input, format, .. } => (input.to_string(), *format),
            other => panic!("{other:?}"),
        };
        run(&mut app, [Action::OpenExport, Action::SwitchFormat]);
        assert_eq!(shown(&app), ("annals-2016-2017-01-20.json".into(), Format::NativeWithTexts));
        run(&mut app, [Action::Edit(Edit::Home), Action::Edit(Edit::Insert('x'))]);
        assert_eq!(shown(&app).1, Format::NativeWithTexts, "typing a .json name keeps the texts");
        run(&mut app, [Action::SwitchFormat]);
        assert_eq!(shown(&app), ("xannals-2016-2017-01-20.timeline.json".into(), Format::TimelineJs));
        run(&mut app, [Action::SwitchFormat]);
        assert_eq!(shown(&app), ("xannals-2016-2017-01-20.json".into(), Format::Native));
        run(&mut app, [Action::Edit(Edit::Clear)]);
        run(&mut app, typed("~/site/story.timeline.json"));
        let effects = run(&mut app, [Action::Submit]);
        let [Effect::Export { path, format, .. }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(*format, Format::TimelineJs, "by the name's ending");
        let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME is set");
        assert_eq!(*path, home.join("site/story.timeline.json"));
        assert_eq!(expand_home("~", Some("/h".into())), PathBuf::from("/h"));
        assert_eq!(expand_home("~bob/x", Some("/h".into())), PathBuf::from("~bob/x"), "another user's: as typed");
        assert_eq!(expand_home("a/~/b", Some("/h".into())), PathBuf::from("a/~/b"));
        run(&mut app, [Action::ExportExists { path: path.clone() }]);
        assert!(matches!(&run(&mut app, [Action::Confirm])[..], [Effect::Export { format: Format::TimelineJs, .. }]));
    }
}
