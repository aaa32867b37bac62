//! The tone panel (`T`): a numeric attribute per bucket of time, one column a bucket. On
//! top, the mean of each bucket as a bar on the attribute's range (`▁` lowest to `█`
//! highest); below, a heat map (as lnav's spectrogram): one row per band of values, the
//! highest on top, each cell shaded by its events on a square-root scale (`░▒▓█`, any
//! event at least `░`), the selected cell reversed and described in words below. Only the
//! columns on screen are drawn.

use super::popups::{centered, cursor_mark, window};
use crate::display::thousands;
use crate::query::tone::{BANDS, ToneChart, number};
use crate::text::truncate;
use crate::tui::action::Action;
use crate::tui::app::{App, TonePanel};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SHADES: [char; 4] = ['░', '▒', '▓', '█'];

/// Columns of the bands' labels (`-7.88..-5.75 `).
const LABEL_COLUMNS: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, t: &TonePanel) {
    let theme = &app.theme;
    let rect = centered(area, area.width.saturating_sub(2), u16::try_from(BANDS).unwrap_or(8) + 5);
    let key = |action| app.key(Context::Tone, action);
    let name = t.attributes.get(t.attribute).map_or("nothing", |(short, _)| short.as_str());
    let title = format!(
        "{name} per {} ({}: attribute, {}/{}: zoom, {}: filter to the cell)",
        t.unit.name(),
        key(Action::NextField),
        key(Action::ZoomIn),
        key(Action::ZoomOut),
        key(Action::Submit)
    );
    let inner = window(frame, rect, &title, theme);
    let say = |frame: &mut Frame, text: String| {
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), inner);
    };
    if t.attributes.is_empty() {
        return say(frame, "no numeric attributes in this corpus (GDELT's goldstein and tone are charted here)".into());
    }
    let chart = match &t.chart {
        None => return say(frame, "charting…".into()),
        Some(Err(n)) => return say(frame, format!("{} buckets: too many; zoom out or filter", thousands(*n as usize))),
        Some(Ok(c)) if c.buckets.is_empty() => return say(frame, format!("no dated events with {name} in this view")),
        Some(Ok(c)) => c,
    };
    let columns = usize::from(inner.width).saturating_sub(LABEL_COLUMNS).max(1);
    let first = t.bucket.saturating_sub(columns / 2).min(chart.buckets.len().saturating_sub(columns));
    let shown = &chart.buckets[first..(first + columns).min(chart.buckets.len())];
    let mut lines = vec![mean_row(chart, shown, first, t.bucket, theme)];
    for band in (0..BANDS).rev() {
        let label = format!("{}..{}", number(chart.bounds[band]), number(chart.bounds[band + 1]));
        let label = format!(
            "{}{:<w$}",
            cursor_mark(band == t.band),
            truncate(&label, LABEL_COLUMNS - 3),
            w = LABEL_COLUMNS - 2
        );
        let mut spans = vec![Span::styled(label, theme.axis)];
        for (i, b) in shown.iter().enumerate() {
            let n = b.cells[band];
            let cell = shade(n, chart.largest);
            let style = if first + i == t.bucket && band == t.band { theme.cursor } else { theme.density };
            spans.push(Span::styled(cell.to_string(), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(axis(shown, columns, theme));
    lines.push(selected(chart, t, name, theme));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The shade of a cell of `n` events: blank for none, then on a square-root scale of the
/// fullest cell, so that one event shows beside thousands.
pub fn shade(n: usize, largest: usize) -> char {
    if n == 0 {
        return ' ';
    }
    let level = ((n as f64 / largest.max(1) as f64).sqrt() * SHADES.len() as f64).ceil() as usize;
    SHADES[level.clamp(1, SHADES.len()) - 1]
}

fn mean_row<'a>(
    chart: &ToneChart,
    shown: &[crate::query::tone::ToneBucket],
    first: usize,
    selected: usize,
    theme: &Theme,
) -> Line<'a> {
    let (lo, hi) = (chart.bounds[0], chart.bounds[BANDS]);
    let mut spans = vec![Span::styled(format!("  {:<w$}", "mean", w = LABEL_COLUMNS - 2), theme.label)];
    for (i, b) in shown.iter().enumerate() {
        let glyph = match b.mean {
            None => '·',
            Some(m) => BARS[(((m - lo) / (hi - lo).max(f64::EPSILON)) * 7.0).round().clamp(0.0, 7.0) as usize],
        };
        let style = if first + i == selected { theme.cursor } else { theme.marker };
        spans.push(Span::styled(glyph.to_string(), style));
    }
    Line::from(spans)
}

/// The first and last buckets on screen, under their columns.
fn axis<'a>(shown: &[crate::query::tone::ToneBucket], columns: usize, theme: &Theme) -> Line<'a> {
    let (left, right) = (&shown[0].label, &shown[shown.len() - 1].label);
    let room = shown.len().min(columns);
    let gap = room.saturating_sub(left.len() + right.len());
    let text = if gap == 0 { left.clone() } else { format!("{left}{:gap$}{right}", "") };
    Line::from(vec![Span::raw(" ".repeat(LABEL_COLUMNS)), Span::styled(text, theme.axis)])
}

/// The selected cell in words.
fn selected<'a>(chart: &ToneChart, t: &TonePanel, name: &str, theme: &Theme) -> Line<'a> {
    let b = &chart.buckets[t.bucket.min(chart.buckets.len() - 1)];
    let band = t.band.min(BANDS - 1);
    let mean = b.mean.map_or("no events".to_string(), |m| format!("mean {m:.2} of {}", thousands(b.events)));
    Line::styled(
        format!(
            "{}: {name} {}..{}: {} {} · {mean}",
            b.label,
            number(chart.bounds[band]),
            number(chart.bounds[band + 1]),
            thousands(b.cells[band]),
            if b.cells[band] == 1 { "event" } else { "events" }
        ),
        theme.label,
    )
}
