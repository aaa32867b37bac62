//! The status bar: the position, the filter and selection state and the last message;
//! or, while a prompt is open, the line being typed with its cursor.

use super::wrap::split_at_column;
use crate::text::{sanitize_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::Context;
use crate::tui::line_editor::LineEditor;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    if let Some((line, style)) = prompt_line(app) {
        frame.render_widget(Paragraph::new(line).style(style), area);
        return;
    }
    let columns = usize::from(area.width);
    // On a store: the place among all that pass its query (once counted, when it filters).
    let among_all = app.window.as_ref().and_then(|w| w.reach.offset.zip(w.reach.total));
    let position = match among_all {
        _ if app.view.is_empty() => "no events".to_string(),
        Some((offset, total))
            if !app.filtered_in_window() && app.context.is_none() && !(app.stories_on && app.stories.is_some()) =>
        {
            let at = offset + app.cursor as u64 + 1;
            format!("{} of {}", crate::display::thousands(at as usize), crate::display::thousands(total as usize))
        }
        _ => format!("{}/{}", app.cursor + 1, app.view.len()),
    };
    let mut left = format!(" {position}");
    if app.stories_on && app.stories.is_some() {
        left.push_str(&format!(" stories of {} reports", app.reports.len()));
    }
    if app.context.is_some() {
        left.push_str(" (a context)");
    } else if app.filtered_in_window() {
        left.push_str(&format!(" (filtered from {})", app.corpus.events().len()));
    }
    if app.filtering {
        left.push_str(" · filtering…");
    }
    if app.window.as_ref().is_some_and(|w| w.reading.is_some()) {
        left.push_str(" · reading a window…");
    }
    if let Some((path, count)) = &app.exporting {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let n = crate::display::thousands(count.get() as usize);
        left.push_str(&format!(" · exporting {n} events to {}…", sanitize_line(&name)));
    }
    if let Some((a, b)) = app.selected_range() {
        let key = |action| app.key(Context::Timeline, action);
        let (e, v) = (key(Action::OpenExport), key(Action::ToggleSelection));
        left.push_str(&format!(" · selecting {} ({e} exports, {v} ends)", b - a + 1));
    }
    let errors = app.report.error_count();
    let warnings = app.report.warning_count();
    let d = app.key(Context::Timeline, Action::OpenDiagnostics);
    let problems = match (errors, warnings) {
        (0, 0) => String::new(),
        (0, w) => format!("{w} warnings ({d}) · "),
        (e, w) => format!("{e} errors, {w} warnings ({d}) · "),
    };
    let right = format!("{problems}{} help ", app.key(Context::Timeline, Action::OpenHelp));
    let style = if errors > 0 { theme.status_error } else { theme.status_bar };
    let (message, message_style) = match &app.message {
        Some(m) => (format!("  {}", m.text), if m.error { theme.status_error } else { theme.status_bar }),
        None => (String::new(), theme.status_bar),
    };
    // A message comes before the hints on the right, and loses its middle rather than its
    // end (where a file name is) when it still does not fit.
    let wanted = width(&left) + width(&message) + width(&right);
    let right = if !message.is_empty() && wanted > columns { String::new() } else { right };
    let right_width = width(&right).min(columns);
    let left_width = columns - right_width;
    let left_text = if message.is_empty() {
        truncate(&left, left_width).into_owned()
    } else {
        let room = left_width.saturating_sub(width(&left));
        let message = if room >= 20 { crate::text::truncate_middle(&message, room).into_owned() } else { message };
        truncate(&format!("{left}{message}"), left_width).into_owned()
    };
    let split = width(&left).min(width(&left_text));
    let (plain, said) = split_at_column(&left_text, split);
    let pad = left_width - width(&left_text);
    let line = Line::from(vec![
        Span::styled(plain, theme.status_bar),
        Span::styled(said, message_style),
        Span::styled(format!("{:pad$}", ""), theme.status_bar),
        Span::styled(truncate(&right, right_width).into_owned(), style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// A line being typed, its cursor shown as the reversed cell it stands on: `head` first,
/// `tail` after.
pub fn edited(head: &str, line: &LineEditor, tail: String, theme: &Theme) -> Vec<Span<'static>> {
    let (before, after) = line.split();
    let mut rest = after.chars();
    let under = rest.next().map_or_else(|| " ".to_string(), |c| sanitize_line(&c.to_string()));
    vec![
        Span::raw(format!("{head}{}", sanitize_line(before))),
        Span::styled(under, theme.prompt_cursor),
        Span::raw(format!("{}{tail}", sanitize_line(rest.as_str()))),
    ]
}

/// The status bar while a prompt is open: what is typed, and what went wrong.
fn prompt_line(app: &App) -> Option<(Line<'static>, Style)> {
    let theme = &app.theme;
    let key = |action| app.key(Context::Prompt, action);
    let said = || app.message.as_ref().map(|m| m.text.clone());
    let (spans, error) = match &app.mode {
        Mode::Search { input, .. } => {
            let busy = if app.searching { "  searching…" } else { "" };
            let tail = format!("  {} keeps, {} restores{busy}", key(Action::Submit), key(Action::Cancel));
            (edited(" /", input, tail, theme), said())
        }
        Mode::Filter { input, error } => (edited(" filter: ", input, String::new(), theme), error.clone()),
        Mode::Goto { input, error } => {
            let head = if app.window.is_some() {
                " go to date (or save NAME, view NAME, where QUERY): "
            } else {
                " go to date (or save NAME, view NAME): "
            };
            (edited(head, input, String::new(), theme), error.clone())
        }
        Mode::Export { input, events, other_events, marked_only, format, error, all } => {
            let marked = if *marked_only { " marked" } else { "" };
            let head = match all.as_deref().filter(|_| !*marked_only) {
                Some("") => format!(" export all the store's events (streamed) as {} to: ", format.label()),
                Some(q) => {
                    format!(" export all that pass '{}' (streamed) as {} to: ", sanitize_line(q), format.label())
                }
                None => format!(" export {}{marked} events as {} to: ", events.len(), format.label()),
            };
            // The other events the key switches to, when there are marked events.
            let switch = match (other_events.len(), *marked_only) {
                (0, _) => String::new(),
                (n, false) => format!(" · {}: marked ({n})", key(Action::ExportMarked)),
                (n, true) => format!(" · {}: all ({n})", key(Action::ExportMarked)),
            };
            // An error takes the hint's place: it names the file.
            let tail = match error {
                Some(_) => String::new(),
                None => format!(
                    "  {}: format{switch} · {} writes · {} cancels",
                    key(Action::SwitchFormat),
                    key(Action::Submit),
                    key(Action::Cancel)
                ),
            };
            (edited(&head, input, tail, theme), error.clone().or_else(said))
        }
        Mode::Note { input, .. } => {
            let tail = format!(
                "  {} keeps (empty: deletes) · {} cancels · {} edits in $EDITOR",
                key(Action::Submit),
                key(Action::Cancel),
                app.key(Context::Timeline, Action::WriteNoteInEditor)
            );
            (edited(" note: ", input, tail, theme), None)
        }
        Mode::ConfirmClearMarks { count } => {
            let (y, n) = (app.key(Context::Confirm, Action::Confirm), app.key(Context::Confirm, Action::Refuse));
            (vec![Span::raw(format!(" Clear all {count} marks? Stars and notes stay. ({y}/{n})"))], None)
        }
        Mode::ConfirmOverwrite { path, .. } => {
            let (y, n) = (app.key(Context::Confirm, Action::Confirm), app.key(Context::Confirm, Action::Refuse));
            let text = format!(" {} exists. Replace it? ({y}/{n})", sanitize_line(&path.display().to_string()));
            (vec![Span::raw(text)], None)
        }
        _ => return None,
    };
    let mut line = Line::from(spans);
    Some(match error {
        Some(e) => {
            line.push_span(Span::raw(format!("  ✗ {e}")));
            (line, theme.status_error)
        }
        None => (line, theme.prompt),
    })
}
