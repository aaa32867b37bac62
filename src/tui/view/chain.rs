//! The chain of relations (`R`): an indented tree, each row its relation to the row above
//! it, its date (on the screen's clock) and summary; the event it was opened from marked.

use super::popups::{centered, cursor_mark, window};
use super::wrap::fit;
use crate::model::EventIx;
use crate::query::chain::Chain;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, chain: &Chain, start: EventIx, selected: usize) {
    let theme = &app.theme;
    let wanted = chain.rows.len() + 2 + usize::from(chain.left_out > 0);
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height.saturating_sub(2));
    let rect = centered(area, 120, height);
    let key = |action| app.key(Context::Relations, action);
    // With stories on, the chain is one of stories: their phrasing, and how many tell each.
    let stories = app.stories.as_deref().filter(|_| app.stories_on);
    let title = format!(
        "chain of relations, {} {}: {} jumps, {} closes",
        chain.rows.iter().filter(|r| !r.repeated).count(),
        if stories.is_some() { "stories" } else { "events" },
        key(Action::Submit),
        key(Action::Cancel)
    );
    let inner = window(frame, rect, &title, theme);
    let columns = usize::from(inner.width);
    let mut rows = usize::from(inner.height);
    if chain.left_out > 0 {
        rows = rows.saturating_sub(1);
    }
    // The rows around the chosen one.
    let first = selected.saturating_sub(rows.saturating_sub(1) / 2).min(chain.rows.len().saturating_sub(rows));
    let mut lines: Vec<Line> = Vec::with_capacity(rows + 1);
    for (i, row) in chain.rows.iter().enumerate().skip(first).take(rows) {
        let event = &app.corpus.events()[row.event as usize];
        let when = event.date.map_or_else(|| "undated".to_string(), |d| d.on(app.clock).human());
        let branch = if row.depth == 0 { String::new() } else { format!("{}└ ", "  ".repeat(row.depth - 1)) };
        let label = row.label.map_or(String::new(), |l| format!("{l}: "));
        let here = if row.event == start && !row.repeated { "◆ " } else { "" };
        let again = if row.repeated { " (shown above)" } else { "" };
        let (said, count) = match stories {
            Some(s) => (s.canonical(s.story_of(row.event)), s.reports_with(row.event).len()),
            None => (row.event, 1),
        };
        let count = if count > 1 { format!(" ×{count}") } else { String::new() };
        let summary = app.corpus.event(said).summary.shown();
        let text = format!("{}{branch}{here}{label}{when}  {summary}{count}{again}", cursor_mark(i == selected));
        let mut style = theme.status(event.status);
        if row.repeated {
            style = style.patch(theme.dim);
        }
        if row.event == start && !row.repeated {
            style = style.patch(theme.title);
        }
        if i == selected {
            style = style.patch(theme.cursor);
        }
        lines.push(Line::from(Span::styled(fit(&text, columns), style)));
    }
    if chain.left_out > 0 {
        let more = format!("… and {} more related events, left out", crate::display::thousands(chain.left_out));
        lines.push(Line::styled(fit(&more, columns), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
