//! The tone panel (`T`): a numeric attribute of the view (GDELT's Goldstein scale, tone)
//! per bucket of time, its mean and a bucket × band heat map; ←/→ choose the bucket, ↑/↓
//! the band, Tab the attribute, `+`/`-` the unit, Enter adds the cell's `date:` and band
//! words to the filter. A large view is charted in the background.

use super::counts::filter_and_close;
use crate::query::histogram::{MAX_BUCKETS, Unit, dated_span};
use crate::query::tone::{BANDS, ToneChart, numeric_attributes};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TonePanel};
use crate::tui::effect::Effect;
use crate::tui::jobs::ToneRequest;
use std::sync::Arc;

/// Buckets the first unit gives at most: about a screen's width of columns.
const COLUMNS: i64 = 60;

pub fn open(app: &mut App) -> Vec<Effect> {
    let attributes = numeric_attributes(&app.corpus);
    let span = dated_span(&app.corpus, &app.view).unwrap_or(0);
    let unit = Unit::for_span(span, COLUMNS);
    app.mode = Mode::Tone(TonePanel { attributes, attribute: 0, unit, chart: None, bucket: 0, band: BANDS / 2 });
    compute(app)
}

fn compute(app: &mut App) -> Vec<Effect> {
    let Mode::Tone(t) = &mut app.mode else { return Vec::new() };
    let Some((key, name)) = t.attributes.get(t.attribute).cloned() else { return Vec::new() };
    app.tone_generation += 1;
    t.chart = None;
    let request = ToneRequest { view: app.view.clone(), unit: t.unit, clock: app.clock, key, name };
    if app.view.len() > app.count_at_once {
        return vec![Effect::Tone { generation: app.tone_generation, request }];
    }
    let chart = request.run(&app.corpus);
    let generation = app.tone_generation;
    arrived(app, generation, chart);
    Vec::new()
}

/// A chart computed, if it is the newest asked for and the panel is open: the last
/// bucket selected (the most recent), on the band of its mean.
pub fn arrived(app: &mut App, generation: u64, chart: Result<ToneChart, i64>) {
    if generation != app.tone_generation {
        return;
    }
    let Mode::Tone(t) = &mut app.mode else { return };
    if let Ok(c) = &chart {
        t.bucket = c.buckets.iter().rposition(|b| b.events > 0).unwrap_or(0);
        t.band = c
            .buckets
            .get(t.bucket)
            .and_then(|b| b.cells.iter().enumerate().max_by_key(|(_, n)| **n))
            .map_or(0, |(i, _)| i);
    }
    t.chart = Some(chart.map(Arc::new));
}

pub fn tone(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Tone(t) = &mut app.mode else { return Vec::new() };
    let last = match &t.chart {
        Some(Ok(c)) => c.buckets.len().saturating_sub(1),
        _ => 0,
    };
    match action {
        Action::ScrollRight => t.bucket = (t.bucket + 1).min(last),
        Action::ScrollLeft => t.bucket = t.bucket.saturating_sub(1),
        Action::PickerUp => t.band = (t.band + 1).min(BANDS - 1),
        Action::PickerDown => t.band = t.band.saturating_sub(1),
        Action::Top => t.bucket = 0,
        Action::Bottom => t.bucket = last,
        Action::NextField if !t.attributes.is_empty() => {
            t.attribute = (t.attribute + 1) % t.attributes.len();
            return compute(app);
        }
        Action::ZoomIn | Action::ZoomOut => {
            let next = if action == Action::ZoomIn { t.unit.finer() } else { t.unit.coarser() };
            let span = dated_span(&app.corpus, &app.view).unwrap_or(0);
            match next {
                Some(u) if u <= Unit::Day && span / if u == Unit::Hour { 3_600 } else { 86_400 } >= MAX_BUCKETS => {
                    app.complain(format!("too many buckets of an {} for this view: filter it first", u.name()));
                }
                Some(u) => {
                    t.unit = u;
                    return compute(app);
                }
                None => {
                    let text = format!("buckets of a {} are as far as it goes", t.unit.name());
                    app.say(text);
                }
            }
        }
        Action::Submit => {
            let Some(Ok(chart)) = &t.chart else { return Vec::new() };
            let Some(bucket) = chart.buckets.get(t.bucket) else { return Vec::new() };
            let words = format!("{} {}", bucket.term, chart.band_term(t.band));
            return filter_and_close(app, &words);
        }
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    /// Five GDELT-like events over three days with Goldstein scores and tones.
    const SCORED: &str = r#"{"id": "a", "title": "T", "events": [
        {"id": "e1", "date": "2016-12-29", "summary": "one", "attributes": {"GoldsteinScale": "-10", "AvgTone": "-4.5"}},
        {"id": "e2", "date": "2016-12-29", "summary": "two", "attributes": {"GoldsteinScale": "-8", "AvgTone": "-2"}},
        {"id": "e3", "date": "2016-12-30", "summary": "three", "attributes": {"GoldsteinScale": "3.4", "AvgTone": "1"}},
        {"id": "e4", "date": "2016-12-31", "summary": "four", "attributes": {"GoldsteinScale": "7", "AvgTone": "2.5"}},
        {"id": "e5", "date": "2016-12-31", "summary": "five", "attributes": {"GoldsteinScale": "7", "AvgTone": "3"}}]}"#;

    fn panel(app: &App) -> &TonePanel {
        let Mode::Tone(t) = &app.mode else { panic!("the tone panel is open: {:?}", app.mode) };
        t
    }

    fn chart(app: &App) -> &ToneChart {
        let Some(Ok(c)) = &panel(app).chart else { panic!("a chart: {:?}", panel(app).chart) };
        c
    }

    #[test]
    fn t_charts_the_first_numeric_attribute_per_day_with_means_and_bands() {
        let mut app = app_of(SCORED);
        run(&mut app, [Action::OpenTone]);
        let t = panel(&app);
        assert_eq!(t.attributes[0], ("goldstein".to_string(), "GoldsteinScale".to_string()));
        let c = chart(&app);
        assert_eq!(c.unit, Unit::Hour, "three days fit in hours");
        run(&mut app, [Action::ZoomOut]);
        let c = chart(&app);
        assert_eq!(
            c.buckets.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["2016-12-29", "2016-12-30", "2016-12-31"]
        );
        assert_eq!(c.buckets.iter().map(|b| b.mean).collect::<Vec<_>>(), [Some(-9.0), Some(3.4), Some(7.0)]);
        assert_eq!((c.bounds[0], c.bounds[BANDS]), (-10.0, 7.0));
        assert_eq!(c.buckets[0].cells.iter().sum::<usize>(), 2);
        assert_eq!(panel(&app).bucket, 2, "the latest bucket");
        assert_eq!(c.buckets[2].cells[BANDS - 1], 2, "7 is in the top band");
        assert_eq!(panel(&app).band, BANDS - 1, "the band of most of its events");
    }

    #[test]
    fn keys_move_the_cell_tab_cycles_and_enter_filters_to_the_cell() {
        let mut app = app_of(SCORED);
        run(&mut app, [Action::OpenTone, Action::ZoomOut, Action::NextField]);
        assert_eq!(chart(&app).key, "tone");
        run(&mut app, [Action::NextField]);
        assert_eq!(chart(&app).key, "goldstein", "round again");
        run(&mut app, [Action::Top, Action::ScrollRight, Action::ScrollLeft, Action::PickerUp]);
        assert_eq!(panel(&app).bucket, 0);
        run(&mut app, [Action::PickerDown, Action::PickerDown, Action::PickerDown]);
        run(&mut app, (0..BANDS).map(|_| Action::PickerDown));
        assert_eq!(panel(&app).band, 0, "no lower than the lowest");
        run(&mut app, [Action::Submit]);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.filter.to_words(), "date:2016-12-29 goldstein:>=-10 goldstein:<-7.88");
        assert_eq!(app.view.len(), 2, "-10 and -8: the lowest band's events that day");
    }

    #[test]
    fn a_corpus_without_numbers_has_no_attributes_to_chart() {
        let mut app = chain_app();
        assert!(run(&mut app, [Action::OpenTone, Action::NextField, Action::Submit]).is_empty());
        assert!(panel(&app).attributes.is_empty() && panel(&app).chart.is_none());
    }

    #[test]
    fn a_large_view_is_charted_in_the_background_and_stale_charts_dropped() {
        let mut app = app_of(SCORED);
        app.count_at_once = 0;
        let effects = run(&mut app, [Action::OpenTone]);
        let [Effect::Tone { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        let stale = request.run(&app.corpus);
        let effects = run(&mut app, [Action::NextField]);
        let [Effect::Tone { generation: newest, request: tone }] = &effects[..] else { panic!("{effects:?}") };
        run(&mut app, [Action::Toned { generation: *generation, chart: Box::new(stale) }]);
        assert!(panel(&app).chart.is_none());
        let answer = tone.run(&app.corpus);
        run(&mut app, [Action::Toned { generation: *newest, chart: Box::new(answer) }]);
        assert_eq!(chart(&app).key, "tone");
    }
}
