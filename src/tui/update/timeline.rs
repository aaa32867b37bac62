//! The timeline (normal mode): moving through the list, day and month jumps, the mouse,
//! the detail pane when it has the focus, opening prompts and panels, and the go-to-date
//! prompt.

use super::cursor::{move_by, move_to};
use super::{counts, desk, export, filter, histogram, lanes, panels, picker, search, stories, tone, views};
use crate::model::{EventIx, When};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Mode};
use crate::tui::effect::Effect;
use crate::tui::line_editor::{LineEditor, edit_prompt};

pub fn timeline(app: &mut App, action: Action) -> Vec<Effect> {
    if app.focus == Focus::Detail {
        return detail(app, action);
    }
    if let Some(effects) = desk::timeline(app, &action) {
        return effects;
    }
    // On a store, past the window's edge: the window around it is read.
    if let Some(effects) = super::window::beyond(app, &action) {
        return effects;
    }
    let page = app.list_height();
    let half = (page / 2).max(1) as isize;
    match action {
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::HalfPageDown => move_by(app, half),
        Action::HalfPageUp => move_by(app, -half),
        Action::PageDown => move_by(app, page as isize),
        Action::PageUp => move_by(app, -(page as isize)),
        Action::Top => move_to(app, 0),
        Action::Bottom => move_to(app, app.view.len().saturating_sub(1)),
        Action::NextDay => return jump_period(app, true, When::day_number),
        Action::PrevDay => return jump_period(app, false, When::day_number),
        Action::NextMonth => return jump_period(app, true, When::month_number),
        Action::PrevMonth => return jump_period(app, false, When::month_number),
        Action::CycleClock => cycle_clock(app),
        // Half a summary column at a time, as less moves half a screen.
        Action::ScrollRight => app.hscroll += HSCROLL_STEP,
        Action::ScrollLeft => app.hscroll = app.hscroll.saturating_sub(HSCROLL_STEP),
        Action::ToggleUndated => return filter::toggle_undated(app),
        Action::Scroll(rows) => scroll(app, rows),
        Action::Click { row, column } => return click(app, row, column),
        Action::OpenGoto => app.mode = Mode::Goto { input: LineEditor::default(), error: None },
        Action::OpenSearch => search::open(app),
        Action::NextMatch => return search::next_match(app, true),
        Action::PrevMatch => return search::next_match(app, false),
        Action::OpenActorPicker => picker::open(app),
        Action::OpenFilter => {
            app.mode = Mode::Filter { input: LineEditor::new(app.asked_filter().0.to_words()), error: None }
        }
        Action::ToggleFilters => return filter::toggle_filters(app),
        Action::ToggleSelection => {
            app.selection = if app.selection.is_some() { None } else { Some(app.cursor) };
        }
        Action::OpenExport => export::open(app),
        Action::OpenArticle => {
            if let Some(event) = app.current()
                && !stories::open_reports(app)
            {
                panels::show_article(app, event);
            }
        }
        Action::ToggleStories => stories::toggle(app),
        Action::MergeStories => return stories::merge(app),
        Action::OpenRelations => panels::open_relations(app),
        Action::OpenChain => super::chain::open(app),
        Action::OpenContext => super::context::open(app),
        Action::Widen => super::context::widen(app, true),
        Action::Narrow => super::context::widen(app, false),
        Action::OpenCounts => return counts::open(app),
        Action::OpenViews => views::open(app),
        Action::OpenHistogram => return histogram::open(app),
        Action::OpenLanes => lanes::open(app),
        Action::OpenTone => return tone::open(app),
        Action::OpenDiagnostics => panels::open_text_panel(app, Mode::Diagnostics { scroll: 0 }),
        Action::OpenHelp => panels::open_text_panel(app, Mode::Help { scroll: 0 }),
        Action::ToggleFocus => app.focus = Focus::Detail,
        Action::Cancel if app.selection.is_some() => app.selection = None,
        Action::Cancel => {
            super::context::close(app);
        }
        _ => {}
    }
    Vec::new()
}

/// The detail pane has the focus: keys scroll it, as far as the view drew it; any other
/// key gives the focus back to the list and acts there.
fn detail(app: &mut App, action: Action) -> Vec<Effect> {
    let bounds = app.viewport.detail.get();
    let page = i32::from(bounds.page);
    match action {
        Action::Down => app.detail_scroll = bounds.moved(app.detail_scroll, 1),
        Action::Up => app.detail_scroll = bounds.moved(app.detail_scroll, -1),
        Action::PageDown | Action::HalfPageDown => app.detail_scroll = bounds.moved(app.detail_scroll, page),
        Action::PageUp | Action::HalfPageUp => app.detail_scroll = bounds.moved(app.detail_scroll, -page),
        Action::ToggleFocus | Action::Cancel => app.focus = Focus::List,
        other => {
            app.focus = Focus::List;
            return timeline(app, other);
        }
    }
    Vec::new()
}

/// The mouse wheel moves the view and takes the cursor along when it leaves the screen.
fn scroll(app: &mut App, rows: i32) {
    let height = app.list_height();
    let max_offset = app.view.len().saturating_sub(height);
    app.offset = app.offset.saturating_add_signed(rows as isize).min(max_offset);
    let last_visible = (app.offset + height).min(app.view.len()).saturating_sub(1);
    app.cursor = app.cursor.clamp(app.offset, last_visible.max(app.offset));
    app.cursor = app.cursor.min(app.view.len().saturating_sub(1));
}

/// A click on a row of the list, where the view last drew it, selects that row; a click
/// on the density strip jumps to the first event at or after the time under it.
fn click(app: &mut App, row: u16, column: u16) -> Vec<Effect> {
    let list = app.viewport.list.get();
    if row >= list.y && row < list.y + list.height {
        let position = app.offset + usize::from(row - list.y);
        if position < app.view.len() {
            move_to(app, position);
        }
        return Vec::new();
    }
    let strip = crate::tui::layout::Areas::of(ratatui::layout::Rect::new(0, 0, app.width, app.height)).density;
    if row >= strip.y && row < strip.y + strip.height && column < strip.width && !app.density.counts.is_empty() {
        let columns = usize::from(strip.width);
        let wanted = usize::from(column - strip.x);
        // On a store whose strip shows all its days, a time outside the window reads there.
        let d = &app.density;
        let instant = d.start + ((d.end - d.start) as i128 * wanted as i128 / columns.max(1) as i128) as i64;
        if let Some(effects) = super::window::clicked(app, instant) {
            return effects;
        }
        let corpus = app.corpus.clone();
        let at = |position: usize| corpus.start_of(app.view[position]).map(|s| app.density.column(s, columns));
        let found = (0..app.view.len()).find(|&p| at(p).is_some_and(|c| c >= wanted));
        let last_dated = (0..app.view.len()).rev().find(|&p| at(p).is_some());
        if let Some(position) = found.or(last_dated) {
            move_to(app, position);
        }
    }
    Vec::new()
}

/// Columns the summaries move sideways per key.
const HSCROLL_STEP: usize = 20;

/// Times on the next clock.
fn cycle_clock(app: &mut App) {
    let at = app.clocks.iter().position(|&c| c == app.clock).map_or(0, |i| (i + 1) % app.clocks.len());
    app.clock = app.clocks[at];
    let now = chrono::Utc::now().timestamp();
    app.say(format!("times of day in {} (z: the next clock)", app.clock.label(now)));
}

/// To the first event of the next (or previous) day or month, days as the clock shows them;
/// an undated event placed at its article's publication counts on that day.
fn jump_period(app: &mut App, forward: bool, key: fn(&When) -> i64) -> Vec<Effect> {
    let corpus = app.corpus.clone();
    let view = app.view.clone();
    let clock = app.clock;
    let period = |position: usize| {
        let e = view[position];
        corpus.events()[e as usize].date.or_else(|| corpus.reported_on(e)).map(|d| key(&d.on(clock)))
    };
    let Some(current) = app.current().and_then(|_| period(app.cursor)) else {
        app.complain("this event is undated");
        return Vec::new();
    };
    let target = if forward {
        (app.cursor + 1..view.len()).find(|&p| period(p).is_some_and(|k| k > current))
    } else {
        // The last event before the current period, then back to the start of its period.
        (0..app.cursor).rev().find(|&p| period(p).is_some_and(|k| k < current)).map(|last| {
            let previous = period(last);
            let mut first = last;
            while first > 0 && period(first - 1) == previous {
                first -= 1;
            }
            first
        })
    };
    // On a store whose window ends here, the window on from its edge.
    let edge = app.window.as_ref().and_then(|w| if forward { w.reach.after.clone() } else { w.reach.before.clone() });
    match (target, edge) {
        (Some(p), _) => move_to(app, p),
        (None, Some(edge)) => {
            if let Some(effects) = super::window::read_toward(app, crate::tui::Toward::Event(edge)) {
                return effects;
            }
        }
        (None, None) if forward => app.say("no later date in this view"),
        (None, None) => app.say("no earlier date in this view"),
    }
    Vec::new()
}

/// The go-to-date prompt: edit a date, then go there or say what is wrong in place.
pub fn goto_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Goto { input, error } = &mut app.mode else { return Vec::new() };
    match action {
        Action::Edit(edit) => edit_prompt(input, error, edit),
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let text = input.text().to_string();
            if let Some(command) = views::Command::of(&text) {
                match views::command(app, command) {
                    Ok(effects) => {
                        app.mode = Mode::Normal;
                        return effects;
                    }
                    Err(message) => {
                        if let Mode::Goto { error, .. } = &mut app.mode {
                            *error = Some(crate::text::sanitize_line(&message));
                        }
                    }
                }
                return Vec::new();
            }
            match go_to_date(app, &text) {
                Ok(effects) => {
                    app.mode = Mode::Normal;
                    return effects;
                }
                Err(message) => {
                    if let Mode::Goto { error, .. } = &mut app.mode {
                        *error = Some(message);
                    }
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// To the first event on or after the date, put at the top of the list (as lnav's
/// `:goto` does), saying where it landed. A date typed without a zone is read on the
/// screen's clock, as the rows show their dates.
fn go_to_date(app: &mut App, input: &str) -> Result<Vec<Effect>, String> {
    let when = When::parse(input).map_err(|e| e.to_string())?;
    let clock = app.clock;
    // Instants as the rows read them: on the clock for times of day, as written for days.
    let corpus = app.corpus.clone();
    let shown = |e: EventIx| {
        corpus.events()[e as usize].date.map(|d| {
            let w = d.on(clock);
            w.start + i64::from(w.offset_minutes.unwrap_or(0)) * 60
        })
    };
    let (from, to) = match when.offset_minutes {
        // Written with its zone: that instant, wherever the clock is.
        Some(_) => {
            let shift = i64::from(clock.offset_at(when.start)) * 60;
            (when.start + shift, when.end + shift)
        }
        None => (when.start, when.end),
    };
    // On a store, a date outside the window (where the store has events): the window
    // around it is read.
    if let Some(w) = &app.window {
        let (first, last) = corpus.placed_bounds();
        let before = w.reach.before.is_some() && first.is_none_or(|f| from < f);
        let after = w.reach.after.is_some() && last.is_none_or(|l| from > l);
        if (before || after)
            && let Some(effects) = super::window::read_toward(app, crate::tui::Toward::Date(from))
        {
            return Ok(effects);
        }
    }
    let view = app.view.clone();
    // The first row at or after `instant` as the rows read: a binary search over the dated
    // events' starts (UTC) from as early as the clock could put it, then a few steps on.
    let first_from = |instant: i64| {
        let shift = i64::from(clock.offset_at(instant)) * 60;
        let starts = corpus.dated_starts();
        let k = starts.partition_point(|&s| s < instant.min(instant - shift));
        let at = match corpus.dated_between(k, (k + 1).min(starts.len())) {
            Ok(range) => range.start,
            Err(list) => list.first().map_or(corpus.events().len(), |&e| e as usize),
        };
        let mut p = view.partition_point(|&v| (v as usize) < at);
        while p < view.len() && shown(view[p]).is_none_or(|s| s < instant) {
            p += 1;
        }
        p
    };
    let position = first_from(from);
    if position >= view.len() {
        let Some(last) = (0..view.len()).rev().find(|&p| shown(view[p]).is_some()) else {
            return Err("no dated event in this view".into());
        };
        move_to(app, last);
        app.say(format!("nothing on or after {input}: at the last dated event"));
        return Ok(Vec::new());
    }
    move_to(app, position);
    app.offset = position.min(app.view.len().saturating_sub(app.list_height()));
    let start = shown(view[position]).unwrap_or(i64::MAX);
    if start < to {
        // The rows from here to the first after the period (undated ones placed among
        // them included).
        let within = first_from(to).saturating_sub(position);
        let events =
            if within == 1 { "1 event".to_string() } else { format!("{} events", crate::display::thousands(within)) };
        app.say(format!("{input}: {events}"));
    } else {
        let landed = corpus.events()[view[position] as usize].date.map(|d| d.on(clock).human_point());
        app.say(format!("nothing on {input}: at {}, the next date", landed.unwrap_or_default()));
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;
    use crate::tui::viewport::Scroll;

    #[test]
    fn keys_move_the_cursor_by_rows_and_pages() {
        let mut app = chain_app();
        let page = app.list_height();
        let steps = [
            (Action::Down, 1),
            (Action::Down, 2),
            (Action::Up, 1),
            (Action::Bottom, 9),
            (Action::Down, 9),
            (Action::Top, 0),
            (Action::Up, 0),
            (Action::PageDown, page.min(9)),
            (Action::PageUp, 0),
            (Action::HalfPageDown, page / 2),
            (Action::HalfPageUp, 0),
        ];
        for (action, cursor) in steps {
            run(&mut app, [action.clone()]);
            assert_eq!(app.cursor, cursor, "after {action:?}");
        }
    }

    #[test]
    fn day_and_month_jumps_land_on_the_first_event_of_the_period() {
        let mut a = chain_app();
        // 2016, 2016-12, 12-29, 12-29 →, 12-30, 12-30, 2017-01-01, 01-06, 01-20, undated
        run(&mut a, [Action::Top, Action::Down, Action::Down, Action::NextDay]);
        assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
        run(&mut a, [Action::NextDay]);
        assert_eq!(summary(&a), "Russian diplomats leave Washington");
        run(&mut a, [Action::PrevDay]);
        assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats", "to the first event of the day");
        run(&mut a, [Action::NextMonth]);
        assert_eq!(summary(&a), "Russian diplomats leave Washington");
        run(&mut a, [Action::PrevMonth]);
        assert_eq!(summary(&a), "December of sanctions", "the first event of December 2016");
        run(&mut a, [Action::PrevMonth]);
        assert_eq!(summary(&a), "A year of election hacking", "2016 starts in January 2016");
        // An undated event sits at its article's publication ("reported on 2016-12-30"),
        // and jumps from there as from that day.
        run(&mut a, [Action::Top]);
        while summary(&a) != "Further steps may follow" {
            run(&mut a, [Action::Down]);
        }
        run(&mut a, [Action::NextDay]);
        assert_eq!(summary(&a), "Russian diplomats leave Washington");
    }

    #[test]
    fn the_focused_detail_scrolls_within_its_drawn_bounds() {
        let mut app = chain_app();
        run(&mut app, [Action::ToggleFocus, Action::Down]);
        assert_eq!(app.detail_scroll, 1, "not drawn yet: no bound");
        app.viewport.detail.set(Scroll { shown: 1, max: 2, page: 5 });
        run(&mut app, [Action::Down, Action::Down, Action::Down]);
        assert_eq!(app.detail_scroll, 2);
        run(&mut app, [Action::Up]);
        assert_eq!(app.detail_scroll, 1);
        run(&mut app, [Action::PageUp]);
        assert_eq!(app.detail_scroll, 0);
        run(&mut app, [Action::Bottom]);
        assert_eq!((app.focus, app.cursor), (Focus::List, 9), "other keys go back to the list");
    }

    #[test]
    fn clicks_select_the_row_where_the_list_was_drawn() {
        let mut app = chain_app();
        app.viewport.list.set(ratatui::layout::Rect::new(0, 5, 80, 6));
        run(&mut app, [Action::Click { row: 7, column: 5 }]);
        assert_eq!(app.cursor, 2);
        run(&mut app, [Action::Click { row: 0, column: 5 }]);
        assert_eq!(app.cursor, 2, "the header");
    }

    #[test]
    fn a_click_on_the_density_strip_jumps_to_the_time_under_it() {
        let mut app = chain_app();
        run(&mut app, [Action::Click { row: 1, column: 79 }]);
        let last = app.cursor;
        assert!(last > 0 && app.corpus.start_of(app.view[last]).is_some(), "the last dated event");
        let last_start = app.corpus.start_of(app.view[last]).unwrap();
        assert!(app.view.iter().filter_map(|&e| app.corpus.start_of(e)).all(|s| s <= last_start));
        run(&mut app, [Action::Click { row: 2, column: 0 }]);
        assert_eq!(app.cursor, 0, "the first column: the first dated event");
    }

    #[test]
    fn the_wheel_takes_the_cursor_along() {
        let mut app = chain_app();
        app.viewport.list.set(ratatui::layout::Rect::new(0, 3, 80, 4));
        run(&mut app, [Action::Scroll(3)]);
        assert_eq!((app.offset, app.cursor), (3, 3));
        run(&mut app, [Action::Scroll(30)]);
        assert_eq!((app.offset, app.cursor), (6, 6));
    }

    #[test]
    fn go_to_a_date_edits_in_place_and_reports_errors_there() {
        let mut a = chain_app();
        run(&mut a, [Action::OpenGoto]);
        run(&mut a, typed("2016-12-30"));
        run(&mut a, [Action::Submit]);
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats");
        run(&mut a, [Action::OpenGoto]);
        run(&mut a, typed("2016-02-30"));
        run(&mut a, [Action::Submit]);
        let Mode::Goto { error, .. } = &a.mode else { panic!("the prompt stays open") };
        assert_eq!(error.as_deref(), Some("impossible date '2016-02-30': February 2016 has 29 days"));
        run(&mut a, [Action::Edit(Edit::Left)]);
        assert!(matches!(&a.mode, Mode::Goto { error: Some(_), .. }), "a move keeps the error");
        run(&mut a, [Action::Edit(Edit::Backspace)]);
        assert!(matches!(&a.mode, Mode::Goto { error: None, .. }), "an edit clears it");
        run(&mut a, [Action::Cancel]);
        assert_eq!(summary(&a), "Lavrov proposes expelling 35 US diplomats", "a failed action changes nothing");
        run(&mut a, [Action::OpenGoto]);
        run(&mut a, typed("2030"));
        run(&mut a, [Action::Submit]);
        assert_eq!(summary(&a), "Trump to be sworn in", "past the end: the last dated event");
    }

    #[test]
    fn arrows_scroll_the_summaries_sideways_and_not_past_their_start() {
        let mut app = chain_app();
        run(&mut app, [Action::ScrollRight, Action::ScrollRight, Action::ScrollLeft]);
        assert_eq!(app.hscroll, HSCROLL_STEP);
        run(&mut app, [Action::ScrollLeft, Action::ScrollLeft]);
        assert_eq!(app.hscroll, 0);
        assert_eq!(app.cursor, 0, "the cursor stays");
    }

    #[test]
    fn go_to_a_date_puts_it_on_top_and_says_where_it_landed() {
        let mut a = chain_app();
        a.viewport.list.set(ratatui::layout::Rect::new(0, 3, 80, 4));
        run(&mut a, [Action::OpenGoto]);
        run(&mut a, typed("2016-12-30"));
        run(&mut a, [Action::Submit]);
        assert_eq!((a.cursor, a.offset), (4, 4), "the day's first event on the top row");
        // The day's rows: two dated, and one undated event reported that day.
        assert_eq!(a.message.as_ref().unwrap().text, "2016-12-30: 3 events");
        run(&mut a, [Action::OpenGoto]);
        run(&mut a, typed("2016-12-31"));
        run(&mut a, [Action::Submit]);
        assert_eq!(summary(&a), "Russian diplomats leave Washington");
        assert_eq!(a.message.as_ref().unwrap().text, "nothing on 2016-12-31: at 2017-01-01 19:00, the next date");
        assert_eq!(a.offset, 6, "as near the top as the view allows");
    }

    /// Three reports of one night, written in Moscow, Washington and UTC.
    const THREE_ZONES: &str = r#"{"id": "a", "title": "T", "events": [
        {"id": "msk", "date": "2016-12-30T02:00+03:00", "summary": "Moscow 02:00"},
        {"id": "dc", "date": "2016-12-29T20:00-05:00", "summary": "Washington 20:00"},
        {"id": "utc", "date": "2016-12-30T00:30Z", "summary": "UTC 00:30"},
        {"id": "day", "date": "2016-12-31", "summary": "the next day"}]}"#;

    #[test]
    fn one_clock_orders_the_days_and_jumps_as_the_rows_read() {
        use crate::model::Clock;
        let mut a = app_of(THREE_ZONES);
        let summaries = |a: &App| {
            a.view.iter().map(|&e| a.corpus.events()[e as usize].summary.raw().to_string()).collect::<Vec<_>>()
        };
        // 23:00, 00:30, 01:00 UTC; as written they would read 30th, 30th, 29th.
        assert_eq!(summaries(&a), ["Moscow 02:00", "UTC 00:30", "Washington 20:00", "the next day"]);
        run(&mut a, [Action::Top, Action::NextDay]);
        assert_eq!(summary(&a), "UTC 00:30", "on UTC's clock Moscow's report is on the 29th");
        for evening in [Clock::Fixed(-300), Clock::Fixed(180)] {
            a.set_clock(evening);
            run(&mut a, [Action::Top, Action::NextDay]);
            assert_eq!(summary(&a), "the next day", "all three on one day at {evening}");
        }
        a.set_clock(Clock::Utc);
        run(&mut a, [Action::CycleClock]);
        assert_eq!(a.clock, Clock::Local);
        run(&mut a, [Action::CycleClock]);
        assert_eq!(a.clock, Clock::Utc);
        a.set_clock(Clock::Fixed(180));
        run(&mut a, [Action::CycleClock, Action::CycleClock, Action::CycleClock]);
        assert_eq!(a.clock, Clock::Fixed(180), "--tz's clock, UTC, local, and back");
        assert!(a.message.as_ref().unwrap().text.starts_with("times of day in UTC+03:00"));
    }
}
