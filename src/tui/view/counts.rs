//! The counts panel (`c`): one row per bucket of the view, most events first: the count,
//! a bar scaled to the largest, the label; the cursor's row kept on screen.

use super::popups::{centered, cursor_mark, window};
use crate::display::thousands;
use crate::query::count::NONE_LABEL;
use crate::text::{sanitize_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Counts};
use crate::tui::keymap::Context;
use crate::tui::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns of the longest bar.
const BAR_COLUMNS: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, c: &Counts) {
    let theme = &app.theme;
    let height = u16::try_from(c.buckets.len()).unwrap_or(u16::MAX).max(1).saturating_add(2);
    let rect = centered(area, 80, height);
    let key = |action| app.key(Context::Counts, action);
    let title = format!(
        "{} events{} by {} ({}: field, {}: filter, {}: exclude)",
        if c.counting && c.store { "…".to_string() } else { thousands(c.total) },
        if c.store { " in the store" } else { "" },
        c.by.name(),
        key(Action::NextField),
        key(Action::Submit),
        key(Action::Exclude)
    );
    let inner = window(frame, rect, &title, theme);
    if c.counting || c.buckets.is_empty() {
        let text = if c.counting { "counting…" } else { "nothing to count" };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), inner);
        return;
    }
    let rows = usize::from(inner.height).max(1);
    let first = Viewport::record(&app.viewport.panel, c.buckets.len(), rows, c.selected.saturating_sub(rows - 1));
    let columns = usize::from(inner.width);
    let largest = c.buckets.iter().map(|b| b.events).max().unwrap_or(1).max(1);
    let count_width = width(&thousands(largest));
    let bar_columns = BAR_COLUMNS.min(columns / 4).max(1);
    let lines: Vec<Line> = c
        .buckets
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, b)| {
            // Never zero-width for a bucket with events: the smallest still shows.
            let bar = (b.events * bar_columns).div_ceil(largest).clamp(1, bar_columns);
            let label = sanitize_line(&b.label);
            let room = columns.saturating_sub(count_width + bar_columns + 6);
            let label_style = if b.label == NONE_LABEL { theme.dim } else { Style::new() };
            let line = Line::from(vec![
                Span::raw(format!("{}{:>count_width$}  ", cursor_mark(i == c.selected), thousands(b.events))),
                Span::styled("█".repeat(bar), theme.density),
                Span::raw(format!("{:1$}  ", "", bar_columns - bar)),
                Span::styled(truncate(&label, room).into_owned(), label_style),
            ]);
            if i == c.selected { line.style(theme.cursor) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
