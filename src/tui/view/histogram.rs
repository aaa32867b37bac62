//! The histogram panel (`h`): one row per bucket of time, earliest first, the cursor's
//! bucket kept on screen. A row is the bucket's label, its count and a bar split into one
//! segment per class (status, quad class), each class its own glyph (and colour, where
//! there is colour). Bars are linear in the count, and a class with any event gets at
//! least one cell: a bucket of 1 stays visible beside one of 10,000, and the numbers are
//! there to read.

use super::popups::{centered, cursor_mark, window};
use crate::display::thousands;
use crate::model::Status;
use crate::query::histogram::{Histogram, Split, TimeBucket};
use crate::text::truncate;
use crate::tui::action::Action;
use crate::tui::app::{App, HistogramPanel};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// One glyph per class, told apart without colour.
pub const CLASS_GLYPHS: [char; 6] = ['█', '▓', '▒', '░', '▞', '▚'];

/// GDELT's quad classes by their codes.
fn class_name(split: &Split, class: &str) -> String {
    let quad = match (split, class) {
        (Split::Attribute { key, .. }, "1") if key == "quad" => "verbal cooperation",
        (Split::Attribute { key, .. }, "2") if key == "quad" => "material cooperation",
        (Split::Attribute { key, .. }, "3") if key == "quad" => "verbal conflict",
        (Split::Attribute { key, .. }, "4") if key == "quad" => "material conflict",
        _ => return class.to_string(),
    };
    format!("{class} {quad}")
}

fn class_style(theme: &Theme, split: &Split, class: &str) -> Style {
    match (split, Status::parse(class)) {
        (Split::Status, Some(status)) if status != Status::Actual => theme.status(status),
        _ => theme.density,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, h: &HistogramPanel) {
    let theme = &app.theme;
    // As tall as the buckets, with the legend and the selected bucket's line.
    let wanted = match &h.histogram {
        Some(Ok(histogram)) => histogram.buckets.len().saturating_add(4),
        _ => 3,
    };
    let rect = centered(area, 100, u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height.saturating_sub(2)));
    let key = |action| app.key(Context::Histogram, action);
    let split = match h.split {
        Split::None => String::new(),
        _ => format!(" by {}", h.split.name()),
    };
    let title = format!(
        "events per {}{split} ({}/{}: zoom, {}: split, {}: jump)",
        h.unit.name(),
        key(Action::ZoomIn),
        key(Action::ZoomOut),
        key(Action::NextField),
        key(Action::Submit)
    );
    let inner = window(frame, rect, &title, theme);
    let histogram = match &h.histogram {
        None => return say(frame, inner, "counting…", theme),
        Some(Err(buckets)) => {
            let text = format!(
                "{} buckets of a {}: too many; zoom out or filter",
                thousands(*buckets as usize),
                h.unit.name()
            );
            return say(frame, inner, &text, theme);
        }
        Some(Ok(histogram)) if histogram.buckets.is_empty() => return say(frame, inner, "no dated events", theme),
        Some(Ok(histogram)) => histogram,
    };
    let mut lines = vec![legend(histogram, theme)];
    let rows = usize::from(inner.height).saturating_sub(2).max(1);
    let first =
        Viewport::record(&app.viewport.panel, histogram.buckets.len(), rows, h.selected.saturating_sub(rows / 2));
    let shown = u16::try_from(histogram.buckets.len().saturating_sub(first).min(rows)).unwrap_or(u16::MAX);
    app.viewport.panel_rows.set(Rect { y: inner.y + 1, height: shown, ..inner });
    let label_width = histogram.buckets.iter().map(|b| b.label.len()).max().unwrap_or(0);
    let count_width = thousands(histogram.largest).len();
    let bar_columns = usize::from(inner.width).saturating_sub(label_width + count_width + 6).max(1);
    // The desk's marked events of the view, per bucket (a few: read from the desk, not
    // by walking the view).
    let mut marked: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for &e in app.desk.marked() {
        if app.view.binary_search(&e).is_ok()
            && let Some(date) = &app.corpus.events()[e as usize].date
        {
            *marked.entry(histogram.unit.key(date, app.clock)).or_default() += 1;
        }
    }
    let mark_width = if marked.is_empty() { 0 } else { 4 };
    let bar_columns = bar_columns.saturating_sub(mark_width).max(1);
    for (i, b) in histogram.buckets.iter().enumerate().skip(first).take(rows) {
        let mut spans = vec![
            Span::raw(cursor_mark(i == h.selected)),
            Span::styled(format!("{:label_width$} ", b.label), theme.date),
            Span::raw(format!("{:>count_width$} ", if b.total() == 0 { String::new() } else { thousands(b.total()) })),
        ];
        if mark_width > 0 {
            let here = marked.get(&b.key).map_or(String::new(), |n| format!("●{n}"));
            spans.push(Span::styled(format!("{here:<3} "), theme.selected_mark));
        }
        spans.extend(bar(histogram, b, bar_columns, theme));
        let line = Line::from(spans);
        lines.push(if i == h.selected { line.style(theme.cursor) } else { line });
    }
    lines.push(footer(histogram, &histogram.buckets[h.selected.min(histogram.buckets.len() - 1)], theme));
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, usize::from(inner.width))).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn say(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    frame.render_widget(Paragraph::new(Line::styled(text.to_string(), theme.dim)), area);
}

/// The classes present, each with its glyph: `█ actual  ▓ proposed`.
fn legend<'a>(histogram: &Histogram, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (c, class) in histogram.classes.iter().enumerate() {
        if histogram.buckets.iter().all(|b| b.counts[c] == 0) {
            continue;
        }
        let glyph = CLASS_GLYPHS[c % CLASS_GLYPHS.len()];
        spans.push(Span::styled(glyph.to_string(), class_style(theme, &histogram.split, class)));
        spans.push(Span::raw(format!(" {}  ", class_name(&histogram.split, class))));
    }
    if histogram.undated > 0 {
        spans.push(Span::styled(format!("({} undated, not shown)", thousands(histogram.undated)), theme.dim));
    }
    Line::from(spans)
}

/// A bucket's bar: a segment per class, linear, at least one cell for a class with events.
fn bar<'a>(histogram: &Histogram, b: &TimeBucket, columns: usize, theme: &Theme) -> Vec<Span<'a>> {
    let largest = histogram.largest.max(1);
    b.counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(c, &n)| {
            let cells = (n * columns / largest).max(1);
            let glyph = CLASS_GLYPHS[c % CLASS_GLYPHS.len()];
            Span::styled(glyph.to_string().repeat(cells), class_style(theme, &histogram.split, &histogram.classes[c]))
        })
        .collect()
}

/// The selected bucket in words: `2016-12-30: 4 events (actual 2, proposed 1, revoked 1)`.
fn footer<'a>(histogram: &Histogram, b: &TimeBucket, theme: &Theme) -> Line<'a> {
    let parts: Vec<String> = b
        .counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(c, n)| format!("{} {}", class_name(&histogram.split, &histogram.classes[c]), thousands(*n)))
        .collect();
    let detail = if parts.len() > 1 { format!(" ({})", parts.join(", ")) } else { String::new() };
    let noun = if b.total() == 1 { "event" } else { "events" };
    Line::styled(format!("{}: {} {noun}{detail}", b.label, thousands(b.total()),), theme.label)
}

/// A line cut to `columns` (the bar is what is cut).
fn fit_line(line: Line<'_>, columns: usize) -> Line<'_> {
    let mut left = columns;
    let style = line.style;
    let spans: Vec<Span> = line
        .spans
        .into_iter()
        .filter_map(|s| {
            if left == 0 {
                return None;
            }
            let text = truncate(&s.content, left).into_owned();
            left = left.saturating_sub(crate::text::width(&text));
            Some(Span::styled(text, s.style))
        })
        .collect();
    Line::from(spans).style(style)
}
