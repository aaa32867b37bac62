//! The counts panel (`c`): the view counted by a field, the field cycled with Tab, a
//! row's words added to the filter (Enter) or words leaving the row out (`-`). A large
//! view is counted in the background, the newest request winning.

use super::filter::set_filter;
use crate::query::count::{Bucket, GroupBy, count_by};
use crate::query::{Filter, FilterError};
use crate::tui::action::Action;
use crate::tui::app::{App, Counts, Mode};
use crate::tui::effect::Effect;
use crate::tui::jobs::CountRequest;
use crate::tui::viewport::Scroll;
use std::sync::Arc;

/// Open the panel on the field it was last left on (the first the corpus has, at first).
pub fn open(app: &mut App) -> Vec<Effect> {
    if app.view.is_empty() {
        app.say("no events to count");
        return Vec::new();
    }
    let corpus = &app.corpus;
    let fields = app
        .count_fields
        .get_or_insert_with(|| {
            let fields = GroupBy::available(corpus);
            // Every event has a status: something can always be counted.
            Arc::new(if fields.is_empty() { vec![GroupBy::Status] } else { fields })
        })
        .clone();
    let by = app.count_by.clone().filter(|b| fields.contains(b)).unwrap_or_else(|| fields[0].clone());
    app.viewport.panel.set(Scroll::UNKNOWN);
    let total = app.view.len();
    let counts =
        Counts { by: by.clone(), fields, buckets: Vec::new(), total, selected: 0, counting: false, store: false };
    app.mode = Mode::Counts(counts);
    count(app, by)
}

/// Count the view by `by` into the open panel. On a store with events beyond the window,
/// the view being all that passes the store's query, the store is asked (in the
/// background); else the window's events: at once, or for a large view in the background
/// (the panel says so until the answer comes).
fn count(app: &mut App, by: GroupBy) -> Vec<Effect> {
    app.count_generation += 1;
    app.count_by = Some(by.clone());
    let whole = app
        .window
        .as_ref()
        .filter(|w| !w.reach.holds_all() && w.reading.is_none() && !app.filtered_in_window() && !app.stories_on);
    if let Some(query) = whole.map(|w| w.query.clone()) {
        if let Mode::Counts(c) = &mut app.mode {
            *c = Counts { by: by.clone(), buckets: Vec::new(), selected: 0, counting: true, store: true, ..c.clone() };
        }
        return vec![Effect::CountStore { generation: app.count_generation, query, by }];
    }
    count_window(app, by)
}

/// Count the window's view by `by`.
fn count_window(app: &mut App, by: GroupBy) -> Vec<Effect> {
    let background = app.view.len() > app.count_at_once;
    let buckets = if background { Vec::new() } else { count_by(&app.corpus, &app.view, &by) };
    if let Mode::Counts(c) = &mut app.mode {
        let total = app.view.len();
        *c = Counts { by: by.clone(), buckets, total, selected: 0, counting: background, store: false, ..c.clone() };
    }
    if !background {
        return Vec::new();
    }
    let request = CountRequest { view: app.view.clone(), by };
    vec![Effect::Count { generation: app.count_generation, request }]
}

/// The store's counts, if they are for the newest request and the panel is open; where the
/// store does not count (a word or a field the server does not decide), the window's.
pub fn counted_in_store(
    app: &mut App,
    generation: u64,
    counted: Result<Option<(Vec<Bucket>, u64)>, String>,
) -> Vec<Effect> {
    let Mode::Counts(c) = &mut app.mode else { return Vec::new() };
    if generation != app.count_generation {
        return Vec::new();
    }
    let by = c.by.clone();
    match counted {
        Ok(Some((buckets, total))) => {
            (c.buckets, c.total, c.counting, c.selected) =
                (buckets, usize::try_from(total).unwrap_or(usize::MAX), false, 0);
            Vec::new()
        }
        Ok(None) => {
            app.say(format!("the store does not count this by {}: these are the window's events", by.name()));
            count_window(app, by)
        }
        Err(e) => {
            app.complain(format!("the store could not count: {e}; these are the window's events"));
            count_window(app, by)
        }
    }
}

/// The background's counts, if they are for the newest request and the panel is open.
pub fn counted(app: &mut App, generation: u64, buckets: Vec<Bucket>) {
    if generation != app.count_generation {
        return;
    }
    if let Mode::Counts(c) = &mut app.mode {
        c.buckets = buckets;
        c.counting = false;
        c.selected = 0;
    }
}

pub fn counts(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Counts(c) = &mut app.mode else { return Vec::new() };
    let page = usize::from(app.viewport.panel.get().page).max(1);
    if let Some(row) = super::cursor::panel_row(c.selected, &action, c.buckets.len(), page) {
        c.selected = row;
        return Vec::new();
    }
    match action {
        Action::NextField | Action::PrevField => {
            let n = c.fields.len();
            let at = c.fields.iter().position(|f| *f == c.by).unwrap_or(0);
            let next = if action == Action::NextField { (at + 1) % n } else { (at + n - 1) % n };
            let by = c.fields[next].clone();
            return count(app, by);
        }
        Action::Submit | Action::Exclude => {
            let Some(bucket) = c.buckets.get(c.selected) else { return Vec::new() };
            let words = if action == Action::Submit { bucket.term.clone() } else { bucket.excluding() };
            return filter_and_close(app, &words);
        }
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

/// A panel's Enter: its words added to the filter and the panel closed, or, when they do
/// not apply, the panel left open and what is wrong said.
pub fn filter_and_close(app: &mut App, words: &str) -> Vec<Effect> {
    match add_filter_words(app, words) {
        Ok(effects) => {
            app.mode = Mode::Normal;
            effects
        }
        Err(message) => {
            app.complain(message);
            Vec::new()
        }
    }
}

/// Add query words (`action:expel`, `-code:0834`) to the filter in force, as one more
/// condition that must hold, and apply it; what is wrong otherwise, for the status line.
/// With filters off, the view counted was the whole timeline, so the words start a filter
/// of their own.
pub fn add_filter_words(app: &mut App, words: &str) -> Result<Vec<Effect>, String> {
    let refused = |e: FilterError| crate::text::sanitize_line(&e.message);
    let added = Filter::parse_words(words).map_err(refused)?;
    let current = if app.filters_on { app.filter.clone() } else { Filter::default() };
    set_filter(app, current.and(added), true).map_err(refused)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn panel(app: &App) -> &Counts {
        let Mode::Counts(c) = &app.mode else { panic!("the counts panel is open: {:?}", app.mode) };
        c
    }

    fn rows(app: &App) -> Vec<(&str, usize)> {
        panel(app).buckets.iter().map(|b| (b.label.as_str(), b.events)).collect()
    }

    #[test]
    fn c_counts_the_view_by_action_first_and_esc_closes() {
        let mut app = chain_app();
        assert!(run(&mut app, [Action::OpenCounts]).is_empty(), "a small view is counted at once");
        let c = panel(&app);
        assert_eq!((&c.by, c.total, c.selected, c.counting), (&GroupBy::Action, 10, 0, false));
        assert_eq!(rows(&app)[..2], [("(none)", 2), ("expel", 1)], "most first, then by label");
        assert_eq!(rows(&app).iter().map(|r| r.1).sum::<usize>(), 10, "at most one action an event");
        run(&mut app, [Action::Cancel]);
        assert_eq!(app.mode, Mode::Normal);
    }

    #[test]
    fn tab_cycles_the_fields_both_ways_and_the_panel_reopens_on_the_last() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenCounts, Action::NextField]);
        assert_eq!(panel(&app).by, GroupBy::Actor);
        run(&mut app, [Action::PrevField, Action::PrevField]);
        let last = panel(&app).fields.last().cloned().unwrap();
        assert_eq!(panel(&app).by, last, "back from the first field wraps to the last");
        run(&mut app, [Action::Cancel, Action::OpenCounts]);
        assert_eq!(panel(&app).by, last);
    }

    #[test]
    fn the_cursor_moves_within_the_rows() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenCounts, Action::NextField]);
        let last = panel(&app).buckets.len() - 1;
        run(&mut app, [Action::PickerDown, Action::PickerDown, Action::PickerUp]);
        assert_eq!(panel(&app).selected, 1);
        run(&mut app, [Action::Bottom, Action::PickerDown]);
        assert_eq!(panel(&app).selected, last);
        app.viewport.panel.set(Scroll { shown: 0, max: 0, page: 2 });
        run(&mut app, [Action::Top, Action::PageDown]);
        assert_eq!(panel(&app).selected, 2);
        run(&mut app, [Action::PageUp, Action::PageUp]);
        assert_eq!(panel(&app).selected, 0);
    }

    #[test]
    fn enter_adds_the_rows_words_to_the_filter_and_closes() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("tag:expulsion"));
        run(&mut app, [Action::Submit, Action::OpenCounts]);
        assert_eq!(panel(&app).total, 3, "the view is counted");
        assert_eq!(rows(&app), [("expel", 1), ("propose", 1), ("revoke", 1)]);
        run(&mut app, [Action::Submit]);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.filter.to_words(), "tag:expulsion action:expel");
        assert_eq!(app.view.len(), 1);
    }

    #[test]
    fn enter_on_an_actor_filters_by_the_actors_id() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenCounts, Action::NextField, Action::PickerDown]);
        assert_eq!(rows(&app)[1], ("Barack Obama", 2));
        run(&mut app, [Action::Submit]);
        assert_eq!((app.filter.actors().as_slice(), app.view.len()), (&["obama".to_string()][..], 2));
    }

    #[test]
    fn minus_excludes_a_row_and_dates_and_missing_values_filter_too() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenCounts, Action::PickerDown]);
        let (label, count) = rows(&app)[1];
        let label = label.to_string();
        run(&mut app, [Action::Exclude]);
        assert_eq!(app.filter.to_words(), format!("-action:{label}"));
        assert_eq!(app.view.len(), 10 - count);
        // By day: the undated row is "-date:*", and excluding it keeps the dated events.
        run(&mut app, [Action::ToggleFilters, Action::OpenCounts]);
        let day = panel(&app).fields.iter().position(|f| *f == GroupBy::Day).unwrap();
        run(&mut app, (0..day).map(|_| Action::NextField));
        let none = panel(&app).buckets.iter().position(|b| b.label == "(none)").expect("an undated event");
        run(&mut app, (0..none).map(|_| Action::PickerDown));
        run(&mut app, [Action::Exclude]);
        assert_eq!(app.filter.to_words(), "date:*");
        assert_eq!(app.view.len(), 9);
        run(&mut app, [Action::OpenCounts]);
        let busiest_day = rows(&app)[0].1;
        run(&mut app, [Action::Submit]);
        assert_eq!(app.view.len(), busiest_day, "{}", app.filter.to_words());
        assert!(app.filter.to_words().starts_with("date:* date:2016-"), "{}", app.filter.to_words());
    }

    #[test]
    fn a_large_view_is_counted_in_the_background_and_stale_counts_are_dropped() {
        let mut app = chain_app();
        app.count_at_once = 0;
        let effects = run(&mut app, [Action::OpenCounts]);
        let [Effect::Count { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        assert!(panel(&app).counting && panel(&app).buckets.is_empty());
        let buckets = request.run(&app.corpus);
        let effects = run(&mut app, [Action::NextField]);
        let [Effect::Count { generation: newest, request: by_actor }] = &effects[..] else { panic!("{effects:?}") };
        run(&mut app, [Action::Counted { generation: *generation, buckets }]);
        assert!(panel(&app).counting, "the answer for the field left is dropped");
        let buckets = by_actor.run(&app.corpus);
        run(&mut app, [Action::Counted { generation: *newest, buckets }]);
        assert!(!panel(&app).counting);
        assert_eq!(panel(&app).by, GroupBy::Actor);
        assert!(!panel(&app).buckets.is_empty());
    }

    #[test]
    fn on_a_store_the_store_counts_all_that_passes_or_the_window_is_counted() {
        let mut app = chain_app();
        let reach = crate::tui::Reach { after: Some("9 row 109".into()), ..Default::default() };
        app.window = Some(crate::tui::app::StoreWindow::new("gdelt.d".into(), "quad:4".into(), reach));
        let effects = run(&mut app, [Action::OpenCounts]);
        let [Effect::CountStore { generation, query, by }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!((query.as_str(), panel(&app).counting, panel(&app).store), ("quad:4", true, true));
        let bucket = Bucket { label: "expel".into(), term: "action:expel".into(), events: 1_234_567 };
        let counted = Ok(Some((vec![bucket.clone()], 2_000_000)));
        run(&mut app, [Action::CountedStore { generation: *generation, counted }]);
        assert_eq!((&panel(&app).buckets, panel(&app).total, panel(&app).counting), (&vec![bucket], 2_000_000, false));
        // A field the store does not count: the window's events, and it says so.
        let effects = run(&mut app, [Action::NextField]);
        let [Effect::CountStore { generation, by: next, .. }] = &effects[..] else { panic!("{effects:?}") };
        assert_ne!(next, by);
        run(&mut app, [Action::CountedStore { generation: *generation, counted: Ok(None) }]);
        assert!(!panel(&app).store && !panel(&app).buckets.is_empty());
        assert_eq!(panel(&app).total, app.view.len());
        assert!(app.message.as_ref().unwrap().text.ends_with("these are the window's events"), "{:?}", app.message);
    }
}
