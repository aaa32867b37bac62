//! The timeline list: only the rows on screen are built.

use super::wrap::fit;
use crate::display::{list_date, list_time};
use crate::model::Open;
use crate::query::filter::TextQuery;
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::keymap::Context;
use crate::tui::theme::{CURSOR_MARK, MARKED, NOTED, SELECTED_MARK, STARRED};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The width of a date with its time (`2016-12-30 10:00`), under which a time alone is
/// set. The column itself is at least the configured width and grows to the widest date
/// on screen, so that no date is cut (`<2013-03-22 21:00`, `1989-11-06 afternoon`).
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
    let end = (app.offset + height).min(app.view.len());
    let shown = |position: usize| corpus.events()[app.view[position] as usize].date.map(|d| d.on(app.clock));
    // Each row's date, and whether it is a time alone (set under the time above it).
    let dates: Vec<(String, bool)> = (app.offset..end)
        .map(|position| {
            let previous_day = position.checked_sub(1).and_then(shown).map(|d| d.day_number());
            match shown(position) {
                None => match corpus.reported_on(app.view[position]) {
                    Some(r) => (crate::display::reported_date(&r.on(app.clock)), false),
                    None => ("undated".to_string(), false),
                },
                // A row of the day dated above shows its time alone, or nothing; an interval
                // or an open period ("before ...") always shows what it is.
                Some(w) if position > app.offset && previous_day == Some(w.day_number()) => match list_time(&w) {
                    Some(time) => (time, true),
                    None if w.interval || w.open != Open::Closed => (list_date(&w), false),
                    None => (String::new(), false),
                },
                Some(w) => (list_date(&w), false),
            }
        })
        .collect();
    // At least the configured width, and as wide as the widest date on screen.
    let least = usize::from(app.date_width);
    let date_width = dates.iter().map(|(d, _)| width(d)).max().unwrap_or(0).max(least);
    // The actors' column grows with the screen, and takes no room in a corpus without actors.
    let actor_width = if corpus.actors().is_empty() { 0 } else { (columns / 4).clamp(8, 40) };
    let actor_gap = usize::from(actor_width > 0);
    // The desk's column (marked, starred, noted) takes room only once something is on the desk.
    let desk_width = if app.desk.marks().is_empty() { 0 } else { DESK_COLUMN };
    // With stories on, a column says how many reports tell each story, and `≠` when they
    // disagree; its row shows the story's best phrasing.
    let stories = app.stories.as_deref().filter(|_| app.stories_on);
    let story_width = match stories {
        Some(s) if app.view[app.offset..end].iter().any(|&e| s.reports_with(e).len() > 1) => {
            let most = app.view[app.offset..end].iter().map(|&e| s.reports_with(e).len()).max().unwrap_or(1);
            STORY_COLUMN.max(most.to_string().len() + 3)
        }
        _ => 0,
    };
    let summary_width =
        columns.saturating_sub(MARK_COLUMN + desk_width + date_width + 3 + actor_width + actor_gap + story_width);
    let highlight = app.highlight();
    let selected = app.selected_range();
    let mut lines = Vec::with_capacity(height);
    for (position, (date, time_alone)) in (app.offset..end).zip(dates) {
        let event = app.view[position];
        let e = &corpus.events()[event as usize];
        // A time alone ends where the time of a whole date ends ("2016-12-30 10:00").
        let date = if time_alone { format!("{date:>align$}", align = DATE_COLUMN.min(date_width)) } else { date };
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
        let mut spans = vec![mark];
        if desk_width > 0 {
            spans.push(Span::styled(desk_marks(app, event), theme.marker));
        }
        spans.extend([
            // A report's day is no date of the event: dim, and said "rep".
            Span::styled(fit(&date, date_width), if e.date.is_none() { theme.dim } else { theme.date }),
            Span::raw(" "),
            Span::styled(crate::display::status_marker(e.status).to_string(), theme.status(e.status)),
            Span::raw(" "),
        ]);
        if actor_width > 0 {
            spans.push(Span::styled(fit(&names, actor_width), theme.actors));
            spans.push(Span::raw(" "));
        }
        let mut summary = e.summary.shown();
        if let Some(stories) = stories {
            let story = stories.story_of(event);
            if story_width > 0 {
                let n = stories.reports(story).len();
                let count = if n > 1 { format!("×{n}") } else { String::new() };
                let sign = if stories.disagrees(story) { DISAGREE } else { ' ' };
                spans.push(Span::styled(format!("{count:>w$}{sign} ", w = story_width - 2), theme.marker));
            }
            summary = corpus.event(stories.canonical(story)).summary.shown();
        }
        spans.extend(highlighted(
            &summary,
            summary_width,
            app.hscroll,
            highlight.as_ref(),
            theme.status(e.status),
            theme.matched,
        ));
        let line = Line::from(spans).style(row_style);
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The stories' column: `×12≠ `, the number of reports and whether they disagree.
const STORY_COLUMN: usize = 5;

/// The mark of a story whose sources disagree (on the date or the status).
pub const DISAGREE: char = '≠';

/// The desk's column: `●★✎ `, a space for each mark the event does not have.
const DESK_COLUMN: usize = 4;

fn desk_marks(app: &App, event: crate::model::EventIx) -> String {
    let Some(mark) = app.desk.mark(event) else { return " ".repeat(DESK_COLUMN) };
    let glyph = |on: bool, glyph: char| if on { glyph } else { ' ' };
    [glyph(mark.marked, MARKED), glyph(mark.starred, STARRED), glyph(mark.note.is_some(), NOTED), ' '].iter().collect()
}

/// The summary cut to its column (from column `shift` when scrolled sideways, with `…`
/// where it was cut), search matches highlighted.
fn highlighted(
    text: &str,
    columns: usize,
    shift: usize,
    query: Option<&TextQuery>,
    style: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let text = if shift == 0 {
        crate::display::summary_window(text, columns).into_owned()
    } else {
        crate::display::shifted(text, shift, columns)
    };
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
