//! The histogram panel (`h`): the view counted per bucket of time, the unit chosen from
//! the span and zoomed with `+`/`-`, split by status or quad class (Tab), the window moved
//! with ←/→, Enter jumping the timeline to the bucket's first event. A large view is
//! counted in the background (newest request wins); each key then only moves over the
//! answer.

use super::cursor::move_to;
use crate::query::histogram::{MAX_BUCKETS, Split, Unit, dated_span};
use crate::tui::action::Action;
use crate::tui::app::{App, HistogramPanel, Mode};
use crate::tui::effect::Effect;
use crate::tui::jobs::HistogramRequest;
use crate::tui::viewport::Scroll;
use std::sync::Arc;

/// Buckets a screenful shows, about: the unit first chosen gives at most this many.
const ROWS: i64 = 30;

/// Open on the unit that fits the view's span, the cursor's bucket selected.
pub fn open(app: &mut App) -> Vec<Effect> {
    let Some(span) = dated_span(&app.corpus, &app.view) else {
        app.say("no dated events to count");
        return Vec::new();
    };
    let unit = Unit::for_span(span, ROWS);
    let splits = Split::available(&app.corpus);
    let split = splits.get(1).cloned().unwrap_or(Split::None);
    app.viewport.panel.set(Scroll::UNKNOWN);
    app.mode =
        Mode::Histogram(HistogramPanel { unit, split, splits, histogram: None, selected: 0, anchor: app.cursor });
    compute(app)
}

/// Count the view into the open panel, at once or in the background for a large view.
fn compute(app: &mut App) -> Vec<Effect> {
    let Mode::Histogram(h) = &mut app.mode else { return Vec::new() };
    app.histogram_generation += 1;
    let request = HistogramRequest { view: app.view.clone(), unit: h.unit, clock: app.clock, split: h.split.clone() };
    h.histogram = None;
    if app.view.len() > app.count_at_once {
        return vec![Effect::Histogram { generation: app.histogram_generation, request }];
    }
    let answer = request.run(&app.corpus);
    let generation = app.histogram_generation;
    arrived(app, generation, answer);
    Vec::new()
}

/// A histogram computed, if it is the newest asked for and the panel is open: the bucket
/// holding the anchor's event is selected.
pub fn arrived(app: &mut App, generation: u64, answer: Result<crate::query::histogram::Histogram, i64>) {
    if generation != app.histogram_generation {
        return;
    }
    let Mode::Histogram(h) = &mut app.mode else { return };
    if let Ok(histogram) = &answer {
        h.selected = bucket_of(histogram, h.anchor);
    }
    h.histogram = Some(answer.map(Arc::new));
}

pub fn histogram(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Histogram(h) = &mut app.mode else { return Vec::new() };
    let buckets = match &h.histogram {
        Some(Ok(histogram)) => histogram.buckets.len(),
        _ => 0,
    };
    let last = buckets.saturating_sub(1);
    let page = usize::from(app.viewport.panel.get().page).max(1);
    // ← and → move a page of buckets, as the bars run left to right.
    let moved = match action {
        Action::ScrollRight => super::cursor::panel_row(h.selected, &Action::PageDown, buckets, page),
        Action::ScrollLeft => super::cursor::panel_row(h.selected, &Action::PageUp, buckets, page),
        ref other => super::cursor::panel_row(h.selected, other, buckets, page),
    };
    if let Some(row) = moved {
        h.selected = row;
        return Vec::new();
    }
    match action {
        Action::ZoomIn | Action::ZoomOut => return zoom(app, action == Action::ZoomIn),
        Action::NextField => {
            let at = h.splits.iter().position(|s| *s == h.split).unwrap_or(0);
            h.split = h.splits[(at + 1) % h.splits.len()].clone();
            keep_anchor(h);
            return compute(app);
        }
        Action::Click { row, column } => {
            let rows = app.viewport.panel_rows.get();
            let inside =
                (rows.y..rows.y + rows.height).contains(&row) && (rows.x..rows.x + rows.width).contains(&column);
            if !inside {
                return Vec::new();
            }
            h.selected = (usize::from(app.viewport.panel.get().shown) + usize::from(row - rows.y)).min(last);
            return histogram(app, Action::Submit);
        }
        Action::Submit => match selected_first(h) {
            Some(position) => {
                app.mode = Mode::Normal;
                move_to(app, position);
            }
            None => app.say("no events in this bucket"),
        },
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

/// The bucket holding the event at `position` in the view: the last to start at or before it.
fn bucket_of(histogram: &crate::query::histogram::Histogram, position: usize) -> usize {
    histogram.buckets.iter().rposition(|b| b.first.is_some_and(|f| f <= position)).unwrap_or(0)
}

/// What to keep selected across a new count: the anchor while its bucket is the one
/// selected, else the selected bucket's first event.
fn keep_anchor(h: &mut HistogramPanel) {
    if let Some(Ok(histogram)) = &h.histogram
        && bucket_of(histogram, h.anchor) != h.selected
    {
        h.anchor = selected_first(h).unwrap_or(h.anchor);
    }
}

/// The position in the view of the selected bucket's first event.
fn selected_first(h: &HistogramPanel) -> Option<usize> {
    match &h.histogram {
        Some(Ok(histogram)) => histogram.buckets.get(h.selected).and_then(|b| b.first),
        _ => None,
    }
}

/// Finer or coarser buckets around the selected one; a unit that would make too many
/// buckets is refused before anything is counted.
fn zoom(app: &mut App, finer: bool) -> Vec<Effect> {
    let span = dated_span(&app.corpus, &app.view).unwrap_or(0);
    let Mode::Histogram(h) = &mut app.mode else { return Vec::new() };
    let next = if finer { h.unit.finer() } else { h.unit.coarser() };
    let Some(unit) = next else {
        let text =
            format!("buckets of a {} are the {} there are", h.unit.name(), if finer { "finest" } else { "coarsest" });
        app.say(text);
        return Vec::new();
    };
    let seconds = if unit == Unit::Hour { 3_600 } else { 86_400 };
    if unit <= Unit::Day && span / seconds >= MAX_BUCKETS {
        app.complain(format!(
            "too many buckets of an {} for this view (at most {MAX_BUCKETS}): filter it first",
            unit.name()
        ));
        return Vec::new();
    }
    keep_anchor(h);
    h.unit = unit;
    compute(app)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::query::histogram::Histogram;

    fn panel(app: &App) -> &HistogramPanel {
        let Mode::Histogram(h) = &app.mode else { panic!("the histogram is open: {:?}", app.mode) };
        h
    }

    fn shown(app: &App) -> &Histogram {
        let Some(Ok(h)) = &panel(app).histogram else { panic!("a histogram: {:?}", panel(app).histogram) };
        h
    }

    fn selected(app: &App) -> (String, usize) {
        let b = &shown(app).buckets[panel(app).selected];
        (b.label.clone(), b.total())
    }

    #[test]
    fn h_counts_the_view_per_month_split_by_status_on_the_cursors_bucket() {
        let mut app = chain_app();
        run(&mut app, [Action::Bottom, Action::Up]);
        let cursor_month = app.corpus.events()[app.current().unwrap() as usize].date.unwrap().iso()[..7].to_string();
        assert!(run(&mut app, [Action::OpenHistogram]).is_empty(), "a small view is counted at once");
        let h = shown(&app);
        assert_eq!((h.unit, &h.split), (Unit::Month, &Split::Status), "a year and three weeks: by month");
        assert_eq!(h.buckets.iter().map(|b| b.total()).sum::<usize>() + h.undated, 10, "each event once");
        assert_eq!(selected(&app).0, cursor_month);
        assert_eq!(h.buckets.len(), 13, "empty months too: 2016-01 to 2017-01");
        run(&mut app, [Action::Cancel]);
        assert_eq!(app.mode, Mode::Normal);
    }

    #[test]
    fn keys_move_zoom_split_and_enter_jumps_to_the_buckets_first_event() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenHistogram, Action::Top]);
        assert_eq!(panel(&app).selected, 0);
        run(&mut app, [Action::PickerDown, Action::PickerDown, Action::PickerUp]);
        assert_eq!(panel(&app).selected, 1);
        app.viewport.panel.set(Scroll { shown: 0, max: 0, page: 2 });
        run(&mut app, [Action::Top, Action::ScrollRight]);
        assert_eq!(panel(&app).selected, 2, "→ moves a page later");
        run(&mut app, [Action::ScrollLeft, Action::ScrollLeft]);
        assert_eq!(panel(&app).selected, 0);
        // Zooming out keeps the selected bucket's events selected.
        run(&mut app, [Action::Bottom]);
        let (_, busiest_last) = selected(&app);
        run(&mut app, [Action::ZoomOut]);
        assert_eq!(shown(&app).unit, Unit::Year);
        assert_eq!(selected(&app).0, "2017", "the year of the last month");
        assert!(selected(&app).1 >= busiest_last);
        run(&mut app, [Action::ZoomIn, Action::ZoomIn, Action::ZoomIn, Action::ZoomIn]);
        assert_eq!(shown(&app).unit, Unit::Hour);
        assert_eq!(selected(&app).0, "2017-01-01 19:00", "the hour of the 2017-01 bucket's first event");
        run(&mut app, [Action::NextField]);
        assert_eq!(panel(&app).split, Split::None);
        assert_eq!(shown(&app).classes, ["events"]);
        run(&mut app, [Action::Top]);
        let first = shown(&app).buckets[0].first.unwrap();
        run(&mut app, [Action::Bottom, Action::Submit]);
        assert_eq!(app.mode, Mode::Normal);
        assert!(app.cursor > first, "the last bucket's first event");
    }

    #[test]
    fn a_click_on_a_buckets_row_jumps_there() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenHistogram]);
        // As the view records it: rows from screen row 5, the first bucket on top.
        app.viewport.panel_rows.set(ratatui::layout::Rect::new(2, 5, 60, 13));
        app.viewport.panel.set(Scroll { shown: 0, max: 0, page: 13 });
        run(&mut app, [Action::Click { row: 4, column: 10 }]);
        assert!(matches!(app.mode, Mode::Histogram(_)), "above the rows: nothing");
        run(&mut app, [Action::Click { row: 5 + 12, column: 10 }]);
        assert_eq!(app.mode, Mode::Normal);
        let first = app.corpus.events()[app.current().unwrap() as usize].date.unwrap();
        assert!(first.iso().starts_with("2017-01"), "the 13th month's first event: {}", first.iso());
    }

    #[test]
    fn zooming_past_the_ends_or_into_too_many_buckets_is_refused() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenHistogram, Action::ZoomOut, Action::ZoomOut]);
        assert_eq!(shown(&app).unit, Unit::Year);
        assert!(app.message.as_ref().unwrap().text.contains("coarsest"), "{:?}", app.message);
        let mut wide = app_of(
            r#"{"id":"a","title":"T","events":[{"id":"e1","date":"1900-01-01","summary":"one"},{"id":"e2","date":"2016-01-01","summary":"two"}]}"#,
        );
        run(&mut wide, [Action::OpenHistogram]);
        assert_eq!(shown(&wide).unit, Unit::Year);
        run(&mut wide, [Action::ZoomIn, Action::ZoomIn, Action::ZoomIn]);
        assert_eq!(shown(&wide).unit, Unit::Week);
        assert!(wide.message.as_ref().is_some_and(|m| m.error && m.text.contains("too many")), "{:?}", wide.message);
    }

    #[test]
    fn a_large_view_is_counted_in_the_background_and_stale_answers_dropped() {
        let mut app = chain_app();
        app.count_at_once = 0;
        let effects = run(&mut app, [Action::OpenHistogram]);
        let [Effect::Histogram { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(panel(&app).histogram, None, "the panel says it is counting");
        let stale = request.run(&app.corpus);
        let effects = run(&mut app, [Action::ZoomOut]);
        let [Effect::Histogram { generation: newest, request: weekly }] = &effects[..] else { panic!("{effects:?}") };
        run(&mut app, [Action::Histogrammed { generation: *generation, histogram: Box::new(stale) }]);
        assert_eq!(panel(&app).histogram, None, "the answer for the unit left is dropped");
        let answer = weekly.run(&app.corpus);
        run(&mut app, [Action::Histogrammed { generation: *newest, histogram: Box::new(answer) }]);
        assert_eq!(shown(&app).unit, Unit::Year);
    }
}
