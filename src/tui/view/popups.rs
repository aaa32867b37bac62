//! Windows over the timeline: the actor picker, related events, help, diagnostics.

use super::status::edited;
use super::wrap::{fit, wrap};
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Picker, RelatedItem};
use crate::tui::keymap::Context;
use crate::tui::theme::{CURSOR_MARK, Theme};
use crate::tui::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// A centred rectangle of at most `width` x `height`, inside `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2)).max(1);
    let h = height.min(area.height.saturating_sub(2)).max(1);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// A bordered window with a title, cleared; the area inside it.
pub(super) fn window(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// The first columns of a row of a popup: `› ` on the cursor's, so it shows without
/// colour.
pub(super) fn cursor_mark(on_cursor: bool) -> String {
    if on_cursor { format!("{CURSOR_MARK} ") } else { "  ".to_string() }
}

pub fn picker(frame: &mut Frame, area: Rect, app: &App, p: &Picker) {
    let theme = &app.theme;
    let rect = centered(area, 70, 22);
    let key = |action| app.key(Context::Picker, action);
    let title = format!(
        "actors: {} ticks, {} ticks all, {} filters, {} cancels",
        key(Action::PickerToggle),
        key(Action::PickerToggleAll),
        key(Action::Submit),
        key(Action::Cancel)
    );
    let inner = window(frame, rect, &title, theme);
    let columns = usize::from(inner.width);
    let count = if p.ranking {
        "  ranking…".to_string()
    } else {
        let whose = if p.cast.is_some() { " in the store" } else { "" };
        format!("  {} of {}{whose}", p.matches.len(), p.actors(&app.corpus).actors().len())
    };
    let mut query = vec![Span::styled("› ", theme.marker)];
    query.extend(edited("", &p.query, String::new(), theme));
    query.push(Span::styled(count, theme.dim));
    let mut lines = vec![Line::from(query)];
    let rows = usize::from(inner.height).saturating_sub(1);
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    let actors = p.actors(&app.corpus).actors();
    // Names that two rows on screen share (a feed's RUSSIA, Russia's government...): each
    // such row says its id too.
    let mut names: Vec<&str> =
        p.matches.iter().skip(first).take(rows).map(|m| actors[m.actor as usize].name.raw()).collect();
    names.sort_unstable();
    let shared = |name: &str| names.partition_point(|n| *n < name) + 1 < names.partition_point(|n| *n <= name);
    for (i, m) in p.matches.iter().enumerate().skip(first).take(rows) {
        let actor = &actors[m.actor as usize];
        let all = p.events_of(&app.corpus, m.actor);
        let mark = if p.toggled.contains(&m.actor) { "[✓] " } else { "[ ] " };
        let mut spans = vec![Span::raw(cursor_mark(i == p.selected)), Span::raw(mark)];
        let highlight = |text: &str, indices: &[usize], style: Style| -> Vec<Span<'static>> {
            text.chars()
                .enumerate()
                .map(|(k, c)| Span::styled(c.to_string(), if indices.contains(&k) { theme.matched } else { style }))
                .collect()
        };
        // Where the characters matched is worked out for the rows on screen only.
        let indices = crate::query::fuzzy::matched_indices(p.actors(&app.corpus), m, p.query.text());
        let name_indices: &[usize] = if m.alias.is_none() { &indices } else { &[] };
        spans.extend(highlight(actor.name.shown(), name_indices, theme.actors));
        if let Some(k) = m.alias {
            spans.push(Span::styled(" · ", theme.dim));
            spans.extend(highlight(actor.aliases[k].shown(), &indices, Style::new()));
        }
        if shared(actor.name.raw()) {
            spans.push(Span::styled(format!(" ({})", crate::text::sanitize_line(&actor.id)), theme.dim));
        }
        let used: usize = spans.iter().map(|s| s.width()).sum();
        // In a filtered view, the view's events of the actor, then all of them.
        let (s, n) = (if all == 1 { "" } else { "s" }, crate::display::thousands(all));
        let count_text = match &p.in_view {
            Some(here) => format!(" {} of {n} event{s}", crate::display::thousands(here[m.actor as usize] as usize)),
            None => format!(" {n} event{s}"),
        };
        let pad = columns.saturating_sub(used + width(&count_text));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(count_text, theme.dim));
        let mut line = Line::from(spans);
        if i == p.selected {
            line = line.style(theme.cursor);
        }
        lines.push(line);
    }
    if p.matches.is_empty() {
        lines.push(Line::styled("no actor matches", theme.dim));
    }
    // Long names are cut by the paragraph at the window's edge.
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn relations(frame: &mut Frame, area: Rect, app: &App, items: &[RelatedItem], selected: usize) {
    let theme = &app.theme;
    let height = (items.len() as u16).saturating_add(2).min(area.height.saturating_sub(2));
    let rect = centered(area, 100, height);
    let key = |action| app.key(Context::Relations, action);
    let title = format!("related events: {} jumps, {} closes", key(Action::Submit), key(Action::Cancel));
    let inner = window(frame, rect, &title, theme);
    let columns = usize::from(inner.width);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = match item.event {
                Some(e) => {
                    let event = &app.corpus.events()[e as usize];
                    let when = event.date.map_or_else(|| "undated".to_string(), |d| d.human());
                    // With stories on, the story's phrasing and how many tell it.
                    let (said, count) = match app.stories.as_deref().filter(|_| app.stories_on) {
                        Some(s) => (s.canonical(s.story_of(e)), s.reports_with(e).len()),
                        None => (e, 1),
                    };
                    let count = if count > 1 { format!(" ×{count}") } else { String::new() };
                    format!("{}: {}{count} ({when})", item.label, app.corpus.event(said).summary.shown())
                }
                None => format!(
                    "{}: {} (not loaded)",
                    item.label,
                    crate::text::sanitize_line(item.unresolved.as_deref().unwrap_or(""))
                ),
            };
            let style = if i == selected { theme.cursor } else { Style::new() };
            let text = format!("{}{text}", cursor_mark(i == selected));
            Line::styled(fit(&text, columns), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The saved views (`V`): each name with its filter.
pub fn views(frame: &mut Frame, area: Rect, app: &App, names: &[String], selected: usize) {
    let theme = &app.theme;
    let height = (names.len() as u16).saturating_add(2).min(area.height.saturating_sub(2));
    let rect = centered(area, 80, height);
    let key = |action| app.key(Context::Views, action);
    let title = format!(
        "saved views: {} applies, {} deletes, {} closes",
        key(Action::Submit),
        key(Action::DeleteView),
        key(Action::Cancel)
    );
    let inner = window(frame, rect, &title, theme);
    let columns = usize::from(inner.width);
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let filter = app.desk.notes.view(name).map_or("", |v| v.filter.as_str());
            let filter = if filter.is_empty() { "(no filter)" } else { filter };
            let text = format!("{}{}  {}", cursor_mark(i == selected), name, filter);
            let style = if i == selected { theme.cursor } else { Style::new() };
            Line::styled(fit(&crate::text::sanitize_line(&text), columns), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines on screen from `scroll`, the bounds recorded for `update`.
fn scrolled(app: &App, lines: Vec<Line<'static>>, scroll: u16, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    let start = Viewport::record(&app.viewport.panel, lines.len(), height, usize::from(scroll));
    lines.into_iter().skip(start).take(height).collect()
}

pub fn help(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let theme = &app.theme;
    let key = |action| app.key(Context::Panel, action);
    let title = format!(
        "help: marks and keys ({}/{} scroll, {} closes)",
        key(Action::Down),
        key(Action::Up),
        key(Action::Cancel)
    );
    let inner = window(frame, area, &title, theme);
    let key_width = 24.min(usize::from(inner.width) / 2);
    let mut lines = super::legend::lines(app, key_width);
    for (keys, what) in app.keymap.help_lines() {
        if keys.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(what, theme.title));
        } else {
            lines.push(Line::from(vec![
                Span::styled(fit(&format!("  {keys}"), key_width), theme.marker),
                Span::raw(truncate(&what, usize::from(inner.width).saturating_sub(key_width)).into_owned()),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(scrolled(app, lines, scroll, inner.height)), inner);
}

pub fn diagnostics(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let theme = &app.theme;
    let report = &app.report;
    let title = format!(
        "problems found while loading: {} errors, {} warnings ({} closes)",
        report.error_count(),
        report.warning_count(),
        app.key(Context::Panel, Action::Cancel)
    );
    let inner = window(frame, area, &title, theme);
    let mut lines = Vec::new();
    if report.is_empty() {
        lines.push(Line::styled("No problems: every file loaded cleanly.", theme.dim));
    }
    for d in report.diagnostics() {
        let style = if d.is_error() { theme.error } else { theme.warning };
        lines.extend(wrap(&[(&d.to_string(), style)], usize::from(inner.width)));
    }
    frame.render_widget(Paragraph::new(scrolled(app, lines, scroll, inner.height)), inner);
}
