//! Drawing: a function of the state, one small function per region, each in its own file
//! below `view/` (header and density strip here). What drawing learns that `update`
//! needs (list rows, scroll bounds) it records in the state's viewport.

pub mod article;
pub mod chain;
pub mod counts;
pub mod detail;
pub mod evidence;
pub mod histogram;
pub mod lanes;
pub mod legend;
pub mod list;
pub mod popups;
pub mod status;
pub mod story;
pub mod tone;
pub mod wrap;

use super::action::Action;
use super::app::{App, Mode};
use super::keymap::Context;
use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH};
use super::theme::Theme;
use crate::text::{truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use wrap::fit;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let areas = Areas::of(area);
    if areas.too_small {
        too_small(frame, area, &app.theme);
        return;
    }
    match &app.mode {
        Mode::Article { event, scroll, find } => {
            return article::draw(frame, area, app, *event, *scroll, find.as_ref());
        }
        Mode::Help { scroll } => return popups::help(frame, area, app, *scroll),
        Mode::Diagnostics { scroll } => return popups::diagnostics(frame, area, app, *scroll),
        _ => {}
    }
    header(frame, areas.header, app);
    density(frame, areas.density, app);
    list::draw(frame, areas.list, app);
    detail::draw(frame, areas.detail, app, areas.side_by_side);
    status::draw(frame, areas.status, app);
    match &app.mode {
        Mode::Picker(p) => popups::picker(frame, area, app, p),
        Mode::Relations { items, selected } => popups::relations(frame, area, app, items, *selected),
        Mode::Chain { chain: c, start, selected } => chain::draw(frame, area, app, c, *start, *selected),
        Mode::Views { names, selected } => popups::views(frame, area, app, names, *selected),
        Mode::Counts(c) => counts::draw(frame, area, app, c),
        Mode::Histogram(h) => histogram::draw(frame, area, app, h),
        Mode::Lanes(p) => lanes::draw(frame, area, app, p),
        Mode::Tone(t) => tone::draw(frame, area, app, t),
        Mode::Reports { story: s, selected } => story::reports_panel(frame, area, app, *s, *selected),
        _ => {}
    }
}

/// The gauge shown while a large corpus loads.
/// `quit` is the key that quits, as the hint names it.
pub fn loading(frame: &mut Frame, done: u64, total: u64, theme: &Theme, quit: &str) {
    let area = frame.area();
    let text = if total > 0 {
        format!("loading: {} of {} MB ({quit} quits)", done >> 20, total >> 20)
    } else {
        format!("loading… ({quit} quits)")
    };
    let ratio = if total > 0 { (done as f64 / total as f64).clamp(0.0, 1.0) } else { 0.0 };
    let gauge = ratatui::widgets::Gauge::default()
        .block(ratatui::widgets::Block::bordered().title(" annals "))
        .gauge_style(theme.density)
        .ratio(ratio)
        .label(crate::text::truncate(&text, usize::from(area.width)).into_owned());
    let height = area.height.min(3);
    let rect = Rect::new(area.x, area.y + (area.height - height) / 2, area.width, height);
    frame.render_widget(gauge, rect);
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!("terminal too small: {}x{}, annals needs {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height);
    let lines = wrap::wrap(&[(&text, theme.warning)], usize::from(area.width));
    frame.render_widget(Paragraph::new(lines), area);
}

fn header(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let c = &app.corpus;
    let left = format!(
        " annals  {} articles · {} events · {} actors · {} ",
        c.articles().len(),
        c.events().len(),
        c.actors().len(),
        app.clock.label(chrono::Utc::now().timestamp())
    );
    let (right, style) = if let Some(context) = &app.context {
        let esc = app.key(crate::tui::keymap::Context::Timeline, crate::tui::action::Action::Cancel);
        (format!(" context ±{} ({esc} back) ", context.reach()), theme.header_filter)
    } else {
        // On a store, its query too when the filter shown is not it (one of the notes).
        let store = match &app.window {
            Some(w) if !w.query.is_empty() && (!app.filters_on || app.filter.to_words() != w.query) => {
                format!("· read: {} ", crate::text::sanitize_line(&w.query))
            }
            _ => String::new(),
        };
        if app.filter.is_empty() {
            (store, theme.header)
        } else if app.filters_on {
            (format!(" filter: {} {store}", crate::text::sanitize_line(&app.filter.to_words())), theme.header_filter)
        } else {
            (format!(" filters off ({}) {store}", app.key(Context::Timeline, Action::ToggleFilters)), theme.header)
        }
    };
    let total = usize::from(area.width);
    let left_width = width(&left).min(total);
    let right = truncate(&right, total - left_width).into_owned();
    let gap = total - left_width - width(&right);
    let line = Line::from(vec![
        Span::styled(fit(&left, left_width), theme.header),
        Span::styled(format!("{:gap$}", ""), theme.header),
        Span::styled(right, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Events per time bucket over the view's dated range, the cursor's place marked below.
fn density(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let columns = usize::from(area.width);
    let d = &app.density;
    if d.counts.is_empty() || columns == 0 {
        let line = Line::styled(" no dated events in this view", theme.dim);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut per_column = vec![0u64; columns];
    for (i, &n) in d.counts.iter().enumerate() {
        per_column[i * columns / d.counts.len()] += u64::from(n);
    }
    let max = per_column.iter().copied().max().unwrap_or(0).max(1);
    let strip: String = per_column
        .iter()
        .map(|&n| if n == 0 { ' ' } else { BARS[((n * 7).div_ceil(max)) as usize].min('█') })
        .collect();
    let marker = app.current().and_then(|e| app.corpus.events()[e as usize].date).map(|w| d.column(w.start, columns));
    let axis: Vec<Span> = axis_cells(&d.first_label, &d.last_label, marker, columns)
        .into_iter()
        .map(|c| match c {
            '▲' => Span::styled("▲", theme.marker),
            c => Span::styled(c.to_string(), theme.axis),
        })
        .collect();
    let lines = vec![Line::styled(strip, theme.density), Line::from(axis)];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The strip's axis: the first date at the left, the last at the right, the cursor's `▲`
/// at its column. A label is never written over: one the marker would fall on moves
/// aside (the first to the right of the marker, the last to its left), and is left out
/// where it no longer fits.
fn axis_cells(first: &str, last: &str, marker: Option<usize>, columns: usize) -> Vec<char> {
    let mut cells = vec![' '; columns];
    let (first_len, last_len) = (first.chars().count(), last.chars().count());
    let hits = |at: usize, len: usize| marker.is_some_and(|m| m + 1 > at && m < at + len + 1);
    let mut first_at = Some(0);
    if hits(0, first_len) {
        first_at = marker.map(|m| m + 2);
    }
    let mut last_at = columns.checked_sub(last_len);
    if let Some(at) = last_at
        && hits(at.saturating_sub(1), last_len + 1)
    {
        last_at = marker.and_then(|m| m.checked_sub(last_len + 1));
    }
    let first_at = first_at.filter(|&at| at + first_len <= columns);
    let first_end = first_at.map_or(0, |at| at + first_len + 1);
    let last_at = last_at.filter(|&at| at >= first_end);
    for (at, label) in [(first_at, first), (last_at, last)] {
        if let Some(at) = at {
            for (i, ch) in label.chars().enumerate() {
                cells[at + i] = ch;
            }
        }
    }
    if let Some(m) = marker.filter(|&m| m < columns) {
        cells[m] = '▲';
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::axis_cells;

    fn axis(marker: Option<usize>, columns: usize) -> String {
        axis_cells("2016-12-28", "2017-01-02", marker, columns).into_iter().collect()
    }

    #[test]
    fn the_marker_never_writes_over_the_labels() {
        assert_eq!(axis(None, 30), "2016-12-28          2017-01-02");
        assert_eq!(axis(Some(15), 30), "2016-12-28     ▲    2017-01-02");
        assert_eq!(axis(Some(0), 30), "▲ 2016-12-28        2017-01-02", "the first label moves right");
        assert_eq!(axis(Some(4), 30), "    ▲ 2016-12-28    2017-01-02");
        assert_eq!(axis(Some(29), 30), "2016-12-28        2017-01-02 ▲", "the last label moves left");
        assert_eq!(axis(Some(10), 24), "          ▲ 2016-12-28  ", "the last label no longer fits: left out");
        for columns in 1..40 {
            for m in 0..columns {
                let cells = axis_cells("2016-12-28", "2017-01-02", Some(m), columns);
                let text: String = cells.iter().collect();
                assert_eq!(cells[m], '▲', "{text}");
                for label in ["2016-12-28", "2017-01-02"] {
                    if let Some(at) = text.find(label) {
                        assert!(!text[at..at + label.len()].contains('▲'), "{text}");
                    }
                }
            }
        }
    }
}
