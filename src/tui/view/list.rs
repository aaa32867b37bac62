//! The timeline list: only the rows on screen are built.

use super::wrap::fit;
use crate::display::{list_date, list_time};
use crate::model::Open;
use crate::query::filter::TextQuery;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::keymap::Context;
use crate::tui::theme::{CURSOR_MARK, SELECTED_MARK};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const DATE_COLUMN: usize = 16;

/// The first column: `›` on the cursor's row, `▌` on a selected row, so neither is told
/// by colour alone.
const MARK_COLUMN: usize = 1;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    app.viewport.list.set(area);
    let corpus = &app.corpus;
    let height = usize::from(area.height);
    let columns = usize::from(area.width);
    if app.view.is_empty() {
        let text = if app.filtered() {
            format!(" no event passes the filter ({} turns it off)", app.key(Context::Timeline, Action::ToggleFilters))
        } else {
            " no events loaded".to_string()
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), area);
        return;
    }
    let actor_width = (columns / 4).clamp(8, 24);
    let summary_width = columns.saturating_sub(MARK_COLUMN + DATE_COLUMN + 3 + actor_width + 1);
    let highlight = app.highlight();
    let selected = app.selected_range();
    let end = (app.offset + height).min(app.view.len());
    let mut lines = Vec::with_capacity(height);
    for position in app.offset..end {
        let event = app.view[position];
        let e = &corpus.events()[event as usize];
        let previous_day =
            position.checked_sub(1).and_then(|p| corpus.events()[app.view[p] as usize].date).map(|d| d.day_number());
        let date = match e.date {
            None => "undated".to_string(),
            // A row of the day dated above shows its time alone, or nothing; an interval or
            // an open period ("before ...") always shows what it is.
            Some(w) if position > app.offset && previous_day == Some(w.day_number()) => match list_time(&w) {
                Some(time) => format!("{time:>DATE_COLUMN$}"),
                None if w.interval || w.open != Open::Closed => list_date(&w),
                None => String::new(),
            },
            Some(w) => list_date(&w),
        };
        let names = crate::display::actor_names(corpus, event);
        let mut row_style = Style::new();
        let mut mark = Span::raw(" ");
        if selected.is_some_and(|(a, b)| (a..=b).contains(&position)) {
            row_style = row_style.patch(theme.selected);
            mark = Span::styled(SELECTED_MARK, theme.selected_mark);
        }
        if position == app.cursor {
            row_style = row_style.patch(if app.focus == Focus::List { theme.cursor } else { theme.cursor_unfocused });
            mark = Span::raw(CURSOR_MARK);
        }
        let mut spans = vec![
            mark,
            Span::styled(fit(&date, DATE_COLUMN), theme.date),
            Span::raw(" "),
            Span::styled(crate::display::status_marker(e.status).to_string(), theme.status(e.status)),
            Span::raw(" "),
            Span::styled(fit(&names, actor_width), theme.actors),
            Span::raw(" "),
        ];
        spans.extend(highlighted(
            &e.summary.shown(),
            summary_width,
            highlight.as_ref(),
            theme.status(e.status),
            theme.matched,
        ));
        let line = Line::from(spans).style(row_style);
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The summary cut to its column, search matches highlighted.
fn highlighted(
    text: &str,
    columns: usize,
    query: Option<&TextQuery>,
    style: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let text = truncate(text, columns).into_owned();
    let pad = columns.saturating_sub(width(&text));
    let mut spans = Vec::new();
    let ranges = query.map(|q| q.find_in(&text)).unwrap_or_default();
    let mut at = 0;
    for (start, end) in ranges {
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        spans.push(Span::styled(text[at..start].to_string(), style));
        spans.push(Span::styled(text[start..end].to_string(), matched));
        at = end;
    }
    spans.push(Span::styled(text[at..].to_string(), style));
    spans.push(Span::raw(format!("{:pad$}", "")));
    spans
}
