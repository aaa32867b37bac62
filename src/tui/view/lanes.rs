//! The actor lanes (`L`): a date ruler, then one row per actor, each event a glyph at the
//! column of its start (an interval a bar `━` to its end): `●` actual, else the list's
//! status marker (`?` proposed, `×` revoked...); in dyad mode `▶` when the lane's actor
//! acts on the other and `◀` the other way (hollow `▷`/`◁` when not actual). The selected
//! event is reversed and described below. Only the events inside the ruler's window are
//! drawn (found by binary search on each lane).

use super::popups::{centered, cursor_mark, window};
use crate::display::{list_date, status_marker};
use crate::model::{Open, Precision, Status, When};
use crate::query::lanes::{Direction, LaneEvent};
use crate::text::{sanitize_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, LanesPanel};
use crate::tui::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns of the actors' names.
const NAME_COLUMNS: usize = 18;

/// The glyph of an event.
pub fn glyph(e: &LaneEvent) -> char {
    let actual = e.status == Status::Actual;
    match (e.direction, actual) {
        (Direction::Outgoing, true) => '▶',
        (Direction::Outgoing, false) => '▷',
        (Direction::Incoming, true) => '◀',
        (Direction::Incoming, false) => '◁',
        (Direction::Neither, true) => '●',
        (Direction::Neither, false) => status_marker(e.status),
    }
}

/// The ruler's window (first second, first second after) at the panel's zoom, around the
/// selected event.
fn window_of(p: &LanesPanel) -> Option<(i64, i64)> {
    // Each lane is in timeline order, that is by start: its first and last events bound
    // it (a frame reads two events a lane, not all of them). The events' starts bound
    // the ruler: a long interval runs off its end.
    let start = p.lanes.iter().filter_map(|l| l.events.first()).map(|e| e.start).min()?;
    let end = p.lanes.iter().filter_map(|l| l.events.last()).map(|e| e.start + 1).max()?;
    let full = end - start;
    let span = (full >> p.zoom).max(60);
    if span >= full {
        return Some((start, end));
    }
    let centre = p.lanes.get(p.lane).and_then(|l| l.events.get(p.event)).map_or(start, |e| e.start);
    let from = (centre - span / 2).clamp(start, end - span);
    Some((from, from + span))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &LanesPanel) {
    let theme = &app.theme;
    let height = u16::try_from(p.lanes.len()).unwrap_or(u16::MAX).saturating_add(6);
    let rect = centered(area, area.width.saturating_sub(2), height);
    let key = |action| app.key(Context::Lanes, action);
    let title = format!(
        "{} ({}/{}: zoom, {}: dyad, {}: jump)",
        if p.dyad { "dyad" } else { "actor lanes" },
        key(Action::ZoomIn),
        key(Action::ZoomOut),
        key(Action::ToggleDyad),
        key(Action::Submit)
    );
    let inner = window(frame, rect, &title, theme);
    let Some((from, to)) = window_of(p) else {
        let text = "no dated events of these actors in the view";
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), inner);
        return;
    };
    let columns = usize::from(inner.width).saturating_sub(NAME_COLUMNS + 2).max(1);
    let column = |t: i64| ((i128::from(t - from) * columns as i128) / i128::from(to - from).max(1)) as usize;
    let mut lines = vec![ruler(app, from, to, columns)];
    // The selected event's relations, both ways: their glyphs on any lane are underlined,
    // so that a line of events reads across the lanes.
    let related = related_to_selected(app, p);
    for (l, lane) in p.lanes.iter().enumerate() {
        let name = sanitize_line(app.corpus.actor(lane.actor).name.raw());
        let name =
            format!("{}{:<w$}", cursor_mark(l == p.lane), truncate(&name, NAME_COLUMNS - 2), w = NAME_COLUMNS - 1);
        let mut cells: Vec<(char, Style)> = vec![('·', theme.dim); columns];
        // Intervals first, so that no bar hides an event's glyph; bars may start before
        // the window (the lane's events are in order of start, not of end).
        let last_in = lane.events.partition_point(|e| e.start < to);
        let style_of = |i: usize, e: &LaneEvent| {
            if l == p.lane && i == p.event {
                theme.cursor
            } else if related.contains(&e.event) {
                theme.status(e.status).patch(theme.matched)
            } else {
                theme.status(e.status)
            }
        };
        for (i, e) in lane.events[..last_in].iter().enumerate().filter(|(_, e)| e.interval && e.end > from) {
            let at = column(e.start.max(from)).min(columns - 1);
            let last = column((e.end - 1).min(to - 1)).min(columns - 1);
            for cell in &mut cells[at..=last] {
                *cell = ('━', style_of(i, e));
            }
        }
        let first = lane.events.partition_point(|e| e.start < from);
        // The desk's marks show here as in the list (◉ marked, ★ starred), drawn last so
        // that no event sharing their column hides them; the selected event last of all.
        let desk =
            |e: &LaneEvent| app.desk.mark(e.event).map_or(0, |m| if m.marked { 2 } else { usize::from(m.starred) });
        let shown: Vec<(usize, &LaneEvent)> = lane.events.iter().enumerate().take(last_in).skip(first).collect();
        let mut order: Vec<&(usize, &LaneEvent)> = shown.iter().collect();
        order.sort_by_key(|(i, e)| (l == p.lane && *i == p.event, desk(e) > 0));
        for &&(i, e) in &order {
            let (glyph, style) = match desk(e) {
                2 => ('◉', style_of(i, e).patch(theme.selected_mark)),
                1 => ('★', style_of(i, e).patch(theme.selected_mark)),
                _ => (glyph(e), style_of(i, e)),
            };
            cells[column(e.start).min(columns - 1)] = (glyph, style);
        }
        let mut spans = vec![Span::styled(name, if l == p.lane { theme.label } else { theme.actors })];
        spans.extend(cells.into_iter().map(|(c, s)| Span::styled(c.to_string(), s)));
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(legend(p, app, !related.is_empty()));
    lines.push(selected(app, p, usize::from(inner.width)));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The dates at both ends of the window, a tick at each end.
fn ruler<'a>(app: &App, from: i64, to: i64, columns: usize) -> Line<'a> {
    // Days on a ruler of more than three days, minutes within.
    let precision = if to - from > 3 * 86_400 { Precision::Day } else { Precision::Minute };
    let date = |t: i64| {
        let w = When { start: t, end: t + 1, start_precision: precision, end_precision: precision, ..ZERO };
        list_date(&w.on(app.clock))
    };
    let (left, right) = (format!("├ {}", date(from)), format!("{} ┤", date(to - 1)));
    let gap = columns.saturating_sub(width(&left) + width(&right));
    let text = if gap == 0 { truncate(&left, columns).into_owned() } else { format!("{left}{:gap$}{right}", "") };
    Line::from(vec![Span::raw(" ".repeat(NAME_COLUMNS + 1)), Span::styled(text, app.theme.axis)])
}

const ZERO: When = When {
    start: 0,
    end: 1,
    start_precision: Precision::Minute,
    end_precision: Precision::Minute,
    interval: false,
    offset_minutes: None,
    open: Open::Closed,
};

/// The events the selected one names in its relations, and those that name it.
fn related_to_selected(app: &App, p: &LanesPanel) -> Vec<crate::model::EventIx> {
    let Some(e) = p.lanes.get(p.lane).and_then(|l| l.events.get(p.event)) else { return Vec::new() };
    let event = app.corpus.event(e.event);
    let mut related: Vec<_> = event.relations.iter().filter_map(|r| r.target).collect();
    related.extend(app.corpus.incoming(e.event).iter().map(|&(_, source)| source));
    related.sort_unstable();
    related.dedup();
    related
}

fn legend<'a>(p: &LanesPanel, app: &App, related: bool) -> Line<'a> {
    let text = if p.dyad {
        let name = |l: usize| sanitize_line(app.corpus.actor(p.lanes[l].actor).name.raw());
        format!("▶ acts on {}, ◀ acted on by it (▷ ◁ not actual) · ━ interval", name(1))
    } else {
        "● actual ? proposed × revoked ! denied > planned ~ hypothetical ━ interval".to_string()
    };
    let text = if related { format!("underlined: related · {text}") } else { text };
    let text = if app.desk.marks().values().any(|m| m.marked || m.starred) {
        format!("◉ marked ★ starred · {text}")
    } else {
        text
    };
    Line::styled(text, app.theme.dim)
}

/// The selected event: date, status, summary, and where it is on its lane.
fn selected<'a>(app: &App, p: &LanesPanel, columns: usize) -> Line<'a> {
    let Some(lane) = p.lanes.get(p.lane) else { return Line::raw("") };
    let Some(e) = lane.events.get(p.event) else {
        return Line::styled("no dated events on this lane", app.theme.dim);
    };
    let event = app.corpus.event(e.event);
    let date = event.date.map(|d| list_date(&d.on(app.clock))).unwrap_or_default();
    let text = format!(
        "{date} {} {} ({}/{})",
        status_marker(event.status),
        sanitize_line(event.summary.raw()),
        p.event + 1,
        lane.events.len()
    );
    Line::styled(truncate(&text, columns).into_owned(), app.theme.label)
}
