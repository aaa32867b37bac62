//! A store's window (`annals gdelt.d --where ...`): the interface holds the events that
//! pass a query, read from the store; `:where QUERY` reads another window in the
//! background (`:where` alone, all its events), the one on screen kept until it arrives
//! and no prompt is open (or for good, when it cannot be read); one asked for meanwhile
//! replaces it (the loop stops the reading). `f`, `x`, the actor picker and saved views set
//! the query too, as they set the filter on files; a filter that reads the notes filters
//! the window, as on files.

use super::cursor;
use crate::model::EventIx;
use crate::query::Filter;
use crate::tui::Toward;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::density::Density;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;

/// `:where QUERY`: read the window of the events that pass `query` (the filter shown
/// becomes it, as `f` would set it).
pub fn reopen(app: &mut App, query: &str) -> Result<Vec<Effect>, String> {
    if app.window.is_none() {
        let f = app.key(Context::Timeline, Action::OpenFilter);
        return Err(format!("where reads another window of a store; these are files: {f} filters them"));
    }
    let filter = Filter::parse_words(query.trim()).map_err(|e| e.message)?;
    if filter.reads_annotations() {
        let f = app.key(Context::Timeline, Action::OpenFilter);
        return Err(format!(
            "is: and note: read the notes, which a store's events meet once read: {f} filters by them"
        ));
    }
    let words = filter.to_words();
    app.after_window = None;
    Ok(vec![Effect::Reopen { query: words.clone(), toward: Toward::Start, filter: Some((words, true)) }])
}

/// A key that moves past the window's first or last event (or to the store's first or
/// last, `Top` and `Bottom`), when the store has events there: read the window around
/// them, the query the same. None when the key moves within the window (or on files).
pub fn beyond(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let w = app.window.as_ref()?;
    let forward = matches!(action, Action::Down | Action::HalfPageDown | Action::PageDown)
        || matches!(action, Action::Scroll(rows) if *rows > 0);
    let backward = matches!(action, Action::Up | Action::HalfPageUp | Action::PageUp)
        || matches!(action, Action::Scroll(rows) if *rows < 0);
    let last = app.view.len().saturating_sub(1);
    let toward = match action {
        Action::Top if w.reach.before.is_some() => Toward::Start,
        Action::Bottom if w.reach.after.is_some() => Toward::End,
        _ if forward && app.cursor >= last => Toward::Event(w.reach.after.clone()?),
        _ if backward && app.cursor == 0 => Toward::Event(w.reach.before.clone()?),
        _ => return None,
    };
    let effects = read_toward(app, toward)?;
    // A move past the edge goes on once the window around the edge is there.
    if !effects.is_empty() && (forward || backward) {
        app.after_window = Some(action.clone());
    }
    Some(effects)
}

/// Read the window of the same query around `toward`, unless one is being read already
/// (the key waits for it: nothing). None when the view is filtered within this window
/// (by the notes): the next window would lose the filter, so the key moves within the
/// view, and what to do is said.
pub fn read_toward(app: &mut App, toward: Toward) -> Option<Vec<Effect>> {
    let w = app.window.as_ref()?;
    if w.reading.is_some() {
        return Some(Vec::new());
    }
    if app.filtered_in_window() {
        let x = app.key(Context::Timeline, Action::ToggleFilters);
        app.say(format!(
            "the edge of this window's events that pass the filter: {x} turns it off to read the store's others"
        ));
        return None;
    }
    let effects = vec![Effect::Reopen { query: w.query.clone(), toward, filter: None }];
    app.after_window = None;
    Some(effects)
}

/// The store is being read for the window of `query` around `toward` (the one being read
/// before, if any, stopped).
pub fn reading(app: &mut App, query: String, toward: &Toward, filter: Option<(String, bool)>) {
    let Some(w) = &mut app.window else { return };
    let instead = if w.reading.is_some() { " instead" } else { "" };
    let passing = if query.is_empty() {
        "events".to_string()
    } else {
        format!("events that pass '{}'", crate::text::sanitize_line(&query))
    };
    let shown = match toward {
        Toward::Start if query == w.query && w.reach.before.is_some() => format!("the first {passing}"),
        Toward::Start if query.is_empty() => "all its events".to_string(),
        Toward::Start => format!("the {passing}"),
        Toward::End => format!("the last {passing}"),
        Toward::Date(t) => {
            let day = chrono::DateTime::from_timestamp(*t, 0).map(|d| d.format("%Y-%m-%d").to_string());
            format!("the {passing} around {}", day.unwrap_or_default())
        }
        Toward::Event(_) => format!("the {passing} around this one"),
    };
    let said = format!("reading {shown} from {}{instead}…", w.place);
    w.reading = Some(query);
    w.reading_filter = filter;
    app.say(said);
}

/// A window arrived: the cursor on the event it was read for, `row` rows below the top of
/// the list (where the cursor was on the window before); the density strip the store's
/// days, when the store says them. Returns the key that went past the edge, for the caller
/// to do again: it moves on from the edge, now inside this window.
pub fn arrived(app: &mut App, row: usize) -> Option<Action> {
    let w = app.window.as_ref()?;
    if let Some(days) = &w.reach.days {
        app.density = Density::of_days(days);
        app.everything_density = app.density.clone();
    }
    cursor::move_to(app, w.reach.focus);
    app.offset = app.cursor.saturating_sub(row);
    // A filter that reads the notes, kept from the window before, filters this one.
    super::filter::refilter_arrived(app);
    cursor::keep_cursor_visible(app);
    app.after_window.take()
}

/// The whole window of the glimpse on screen arrived (both read around the same event, so
/// that the glimpse lies within it): its focus becomes the event under the cursor, found by
/// its place from that event (and by its name should the two disagree). Returns the
/// cursor's row on the screen, where it stays; None when the window on screen is no
/// glimpse, or `loaded` is one.
pub fn widened(app: &App, loaded: &mut crate::tui::Loaded) -> Option<usize> {
    let shown = app.window.as_ref().filter(|w| w.reach.glimpse)?;
    let reach = loaded.reach.as_mut().filter(|r| !r.glimpse)?;
    let row = app.cursor.saturating_sub(app.offset);
    let Some(&selected) = app.view.get(app.cursor) else { return Some(row) };
    if let Some(ix) = in_whole(app, selected, shown.reach.focus, reach.focus, &loaded.corpus) {
        reach.focus = ix as usize;
    }
    Some(row)
}

/// Event `ix` of the glimpse on screen (focused at `shown`) as an event of its whole window
/// `whole` (focused at `focus`): found by its place from the focus there, which is its place
/// from the focus here (the glimpse lies within it), else by its name should they disagree.
fn in_whole(app: &App, ix: EventIx, shown: usize, focus: usize, whole: &crate::model::Corpus) -> Option<EventIx> {
    let name = app.corpus.event_ref(app.corpus.event(ix));
    let is_it = |ix: usize| ix < whole.events().len() && whole.event_ref(whole.event(ix as EventIx)) == name;
    let placed = (focus + ix as usize).checked_sub(shown);
    let found = placed.filter(|&ix| is_it(ix)).or_else(|| (0..whole.events().len()).find(|&ix| is_it(ix)));
    found.map(|ix| ix as EventIx)
}

/// Where a range selection started on the glimpse on screen, as an event of its whole
/// window `loaded` (found by its place from the glimpse's focus, else by its name); None
/// when nothing is selected, or the window on screen is no glimpse.
pub fn widened_selection(app: &App, loaded: &crate::tui::Loaded) -> Option<EventIx> {
    let shown = app.window.as_ref().filter(|w| w.reach.glimpse)?;
    let reach = loaded.reach.as_ref().filter(|r| !r.glimpse)?;
    let anchor = *app.view.get(app.selection?)?;
    // (Before `widened` moves the whole window's focus to the cursor.)
    in_whole(app, anchor, shown.reach.focus, reach.focus, &loaded.corpus)
}

/// The selection begun on a glimpse, begun at the same event of its whole window once
/// that arrived and is shown (where the event is in the view).
pub fn reselect(app: &mut App, anchor: Option<EventIx>) {
    if let Some(at) = anchor.and_then(|a| app.view.iter().position(|&e| e == a)) {
        app.selection = Some(at);
    }
}

/// A filtered store's query counted in the background: once the count is there, the
/// density strip is its days and the position the cursor's place among what passes (the
/// window's first row among the passing rows, plus the cursor's place in the window).
pub fn counted(app: &mut App) {
    let Some(w) = &mut app.window else { return };
    // The window's place, where the store gave it apart from the count.
    if let Some(placed) = w.reach.placing.as_ref().and_then(|p| p.get()).copied() {
        w.reach.placing = None;
        if let Some((offset, total)) = placed {
            (w.reach.offset, w.reach.total) = (Some(offset), Some(total));
        }
    }
    let Some(counted) = w.reach.counting.as_ref().and_then(|c| c.get()) else { return };
    let counted = counted.clone();
    w.reach.counting = None;
    let Some(counted) = counted else { return };
    if let (Some(rows), Some(first)) = (&counted.rows, w.reach.first_row) {
        w.reach.offset = Some(rows.partition_point(|&r| r < first) as u64);
        w.reach.total = Some(counted.total);
    }
    w.reach.days = Some(counted.days.clone());
    w.reach.actors_passing = Some(counted.actors.clone());
    app.everything_density = Density::of_days(&counted.days);
    if !app.filtered_in_window() {
        app.density = app.everything_density.clone();
    }
}

/// The instant under a click on the density strip, on a store whose strip shows its days:
/// when the window does not hold it, the window around it is read (None: the click moves
/// within the window).
pub fn clicked(app: &mut App, instant: i64) -> Option<Vec<Effect>> {
    let w = app.window.as_ref()?;
    w.reach.days.as_ref()?;
    let (first, last) = app.corpus.placed_bounds();
    let before = w.reach.before.is_some() && first.is_none_or(|f| instant < f);
    let after = w.reach.after.is_some() && last.is_none_or(|l| instant > l + 86_400);
    if before || after { read_toward(app, Toward::Date(instant)) } else { None }
}

/// The window asked for does not apply (said before anything was read): the one on
/// screen stays, and the one being read, if any, goes on.
pub fn refused(app: &mut App, message: String) {
    app.complain(crate::text::sanitize_line(&message));
}

/// Reading the window failed: the one on screen stays.
pub fn failed(app: &mut App, message: String) {
    if let Some(w) = &mut app.window {
        w.reading = None;
        w.reading_filter = None;
    }
    app.after_window = None;
    app.complain(crate::text::sanitize_line(&message));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Reach;
    use crate::tui::app::StoreWindow;
    use crate::tui::update::testing::{chain_app as app, chain_window, run_saving};

    #[test]
    fn on_files_where_says_that_f_filters() {
        let mut a = app();
        let e = reopen(&mut a, "actor:putin").unwrap_err();
        assert!(e.contains("these are files: f filters them"), "{e}");
    }

    #[test]
    fn on_a_store_where_reads_a_window_and_a_failure_keeps_the_one_shown() {
        let mut a = app();
        a.window = Some(StoreWindow::new("gdelt.d".into(), String::new(), Reach::default()));
        let before = a.view.len();
        assert_eq!(
            reopen(&mut a, " actor:putin ").unwrap(),
            [Effect::Reopen {
                query: "actor:putin".into(),
                toward: Toward::Start,
                filter: Some(("actor:putin".into(), true))
            }]
        );
        // What the filter language refuses is said before anything is read.
        assert!(reopen(&mut a, "actor:(").is_err());
        assert!(reopen(&mut a, "is:marked").unwrap_err().contains("f filters by them"));
        reading(&mut a, "actor:putin".into(), &Toward::Start, Some(("actor:putin".into(), true)));
        assert_eq!(a.message.as_ref().unwrap().text, "reading the events that pass 'actor:putin' from gdelt.d…");
        // Another asked for meanwhile replaces it.
        reading(&mut a, "actor:obama".into(), &Toward::Start, Some(("actor:obama".into(), true)));
        let said = &a.message.as_ref().unwrap().text;
        assert_eq!(said, "reading the events that pass 'actor:obama' from gdelt.d instead…");
        assert_eq!(a.window.as_ref().unwrap().reading.as_deref(), Some("actor:obama"));
        // One refused before reading leaves the one being read alone.
        refused(&mut a, "no actor 'putn'".into());
        assert!(a.message.as_ref().unwrap().error);
        assert_eq!(a.window.as_ref().unwrap().reading.as_deref(), Some("actor:obama"));
        failed(&mut a, "server gone".into());
        assert_eq!(a.view.len(), before);
        assert_eq!(a.window.as_ref().unwrap().reading, None);
        assert_eq!(a.window.as_ref().unwrap().reading_filter, None);
        // All its events again.
        let all = Effect::Reopen { query: String::new(), toward: Toward::Start, filter: Some((String::new(), true)) };
        assert_eq!(reopen(&mut a, "").unwrap(), [all]);
        reading(&mut a, String::new(), &Toward::Start, None);
        assert_eq!(a.message.as_ref().unwrap().text, "reading all its events from gdelt.d…");
    }

    #[test]
    fn the_whole_window_of_a_glimpse_keeps_the_cursor_on_its_event_and_row() {
        let mut a = app();
        let glimpse = Reach { after: Some("7 row 9".into()), focus: 1, glimpse: true, ..Reach::default() };
        a.window = Some(StoreWindow::new("gdelt.d".into(), String::new(), glimpse));
        run_saving(&mut a, [Action::Down, Action::Down]);
        let (selected, row) = (a.view[a.cursor], a.cursor - a.offset);
        let name = a.corpus.event_ref(a.corpus.event(selected));
        // The whole window, here the same fixture: read around the same event as the glimpse.
        let whole = |focus: usize, glimpse: bool| chain_window(Reach { focus, glimpse, ..Reach::default() });
        let mut w = whole(1, false);
        assert_eq!(widened(&a, &mut w), Some(row));
        let focus = w.reach.as_ref().unwrap().focus;
        assert_eq!(w.corpus.event_ref(w.corpus.event(focus as EventIx)), name, "found by its place");
        // Should the places disagree, the event is found by its name.
        let mut w = whole(0, false);
        assert_eq!(widened(&a, &mut w), Some(row));
        let focus = w.reach.as_ref().unwrap().focus;
        assert_eq!(w.corpus.event_ref(w.corpus.event(focus as EventIx)), name, "found by its name");
        let mut b = crate::tui::app::on_new_window(&a, w, 100, 30);
        assert_eq!(arrived(&mut b, row), None);
        assert_eq!((b.corpus.event_ref(b.corpus.event(b.view[b.cursor])), b.cursor - b.offset), (name, row));
        assert_eq!(b.selection, None, "nothing was selected");
        // Another glimpse, or a window on screen that is none: read as any window.
        assert_eq!(widened(&a, &mut whole(1, true)), None);
        a.window.as_mut().unwrap().reach.glimpse = false;
        assert_eq!(widened(&a, &mut whole(1, false)), None);
    }

    #[test]
    fn a_selection_begun_on_a_glimpse_goes_on_in_its_whole_window() {
        let mut a = app();
        let glimpse = Reach { after: Some("7 row 9".into()), focus: 1, glimpse: true, ..Reach::default() };
        a.window = Some(StoreWindow::new("gdelt.d".into(), String::new(), glimpse));
        run_saving(&mut a, [Action::Down, Action::ToggleSelection, Action::Down, Action::Down]);
        let anchor = a.view[a.selection.expect("selecting")];
        let (first, last) =
            (a.corpus.event_ref(a.corpus.event(anchor)), a.corpus.event_ref(a.corpus.event(a.view[a.cursor])));
        let whole = |focus: usize| chain_window(Reach { focus, ..Reach::default() });
        // Found by its place, and by its name should the places disagree.
        for focus in [1, 0] {
            let mut w = whole(focus);
            let selected = widened_selection(&a, &w);
            let row = widened(&a, &mut w).unwrap();
            let mut b = crate::tui::app::on_new_window(&a, w, 100, 30);
            arrived(&mut b, row);
            reselect(&mut b, selected);
            let at = b.selection.expect("still selecting");
            assert_eq!(b.corpus.event_ref(b.corpus.event(b.view[at])), first, "focus {focus}");
            assert_eq!(b.corpus.event_ref(b.corpus.event(b.view[b.cursor])), last);
        }
        // Nothing selected: nothing to carry.
        a.selection = None;
        assert_eq!(widened_selection(&a, &whole(1)), None);
    }

    #[test]
    fn the_last_search_goes_on_in_the_next_window() {
        let mut a = app();
        let glimpse = Reach { after: Some("7 row 9".into()), glimpse: true, ..Reach::default() };
        a.window = Some(StoreWindow::new("gdelt.d".into(), String::new(), glimpse));
        run_saving(&mut a, [Action::OpenSearch]);
        run_saving(&mut a, crate::tui::update::testing::typed("diplomats"));
        run_saving(&mut a, [Action::Submit]);
        let reach = Reach { focus: 0, ..Reach::default() };
        let loaded = chain_window(reach);
        let mut b = crate::tui::app::on_new_window(&a, loaded, 100, 30);
        arrived(&mut b, 0);
        assert_eq!(b.search.as_ref().map(|s| s.input.as_str()), Some("diplomats"));
        crate::tui::update::update(&mut b, Action::NextMatch);
        let selected = b.view[b.cursor];
        assert!(b.search.as_ref().unwrap().query.matches(&b.corpus, selected), "n finds a match in the new window");
        assert!(b.message.as_ref().unwrap().text.starts_with("match "), "{:?}", b.message);
    }

    #[test]
    fn where_alone_asks_for_all_the_stores_events() {
        let mut a = app();
        a.window = Some(StoreWindow::new("gdelt.d".into(), "actor:x".into(), Reach::default()));
        let command = crate::tui::update::views::Command::of(" where ").expect("a command");
        let effects = crate::tui::update::views::command(&mut a, command).unwrap();
        let all = Effect::Reopen { query: String::new(), toward: Toward::Start, filter: Some((String::new(), true)) };
        assert_eq!(effects, [all]);
    }

    #[test]
    fn a_new_window_keeps_the_settings_and_the_notes_and_says_what_it_holds() {
        let mut a = app();
        a.window = Some(StoreWindow {
            reading: Some("date:*".into()),
            reading_filter: Some(("date:*".into(), true)),
            ..StoreWindow::new("gdelt.d".into(), String::new(), Reach::default())
        });
        a.set_clock("+03:00".parse().unwrap());
        a.date_width = 22;
        run_saving(&mut a, [Action::Down, Action::ToggleMark]);
        let marked = a.corpus.event_ref(a.corpus.event(a.desk.marked()[0]));
        a.filter = crate::query::Filter::parse_words("date:*").unwrap();
        // The window read: here the same fixture again, as the store would hand it over.
        let reach = Reach { after: Some("7 row 9".into()), focus: 3, ..Reach::default() };
        let loaded = chain_window(reach.clone());
        let mut b = crate::tui::app::on_new_window(&a, loaded, 100, 30);
        assert_eq!(arrived(&mut b, 0), None);
        assert_eq!(b.cursor, 3, "the cursor on the event the window was read for");
        assert_eq!((b.clock, b.date_width, b.width), (a.clock, 22, 100));
        assert_eq!(b.desk.marked().len(), 1, "the mark follows its event into the new window");
        assert_eq!(b.corpus.event_ref(b.corpus.event(b.desk.marked()[0])), marked);
        assert_eq!(b.window, Some(StoreWindow::new("gdelt.d".into(), "date:*".into(), reach.clone())));
        assert_eq!((b.filter.to_words(), b.filters_on), ("date:*".to_string(), true), "the filter asked for");
        assert!(!b.filtered_in_window(), "the store's filter: the view is the whole window");
        // The key that went past the edge moves on in the new window.
        let mut a2 = a.clone();
        a2.window.as_mut().unwrap().reach.after = Some("7 row 9".into());
        a2.window.as_mut().unwrap().reading = None;
        a2.window.as_mut().unwrap().reading_filter = None;
        a2.filter = crate::query::Filter::default();
        let last = a2.view.len() - 1;
        cursor::move_to(&mut a2, last);
        assert!(matches!(beyond(&mut a2, &Action::Down).as_deref(), Some([Effect::Reopen { .. }])));
        let loaded = chain_window(reach.clone());
        let mut c = crate::tui::app::on_new_window(&a2, loaded, 100, 30);
        let again = arrived(&mut c, 0).expect("the key that went past the edge");
        crate::tui::update::update(&mut c, again);
        assert_eq!((c.cursor, c.after_window.clone()), (4, None), "on the edge event, then one further");
        let said = &b.message.as_ref().unwrap().text;
        let n = b.corpus.events().len();
        // With more after it, the days it holds.
        assert_eq!(said, &format!("{n} events that pass 'date:*', 2016-01-01 to 2017-01-20, read from gdelt.d"));
    }

    /// A window of the chain fixture with events before and after it in its store.
    fn windowed(before: bool, after: bool) -> App {
        let mut a = app();
        let reach = Reach {
            before: before.then(|| "1 row 100".to_string()),
            after: after.then(|| "9 row 109".to_string()),
            ..Reach::default()
        };
        a.window = Some(StoreWindow::new("gdelt.d".into(), "actor:x".into(), reach));
        // As the interface starts on a store: its query is the filter shown.
        a.filter = Filter::parse_words("actor:x").unwrap();
        a.filters_on = true;
        a
    }

    #[test]
    fn moving_past_the_windows_edge_reads_the_window_around_it() {
        let mut a = windowed(true, true);
        let around = |token: &str| {
            vec![Effect::Reopen { query: "actor:x".into(), toward: Toward::Event(token.into()), filter: None }]
        };
        // Within the window, keys move as on files.
        assert_eq!(beyond(&mut a, &Action::Down), None);
        assert_eq!(beyond(&mut a, &Action::Up), Some(around("1 row 100")));
        assert_eq!(beyond(&mut a, &Action::Scroll(-3)), Some(around("1 row 100")));
        let last = a.view.len() - 1;
        cursor::move_to(&mut a, last);
        assert_eq!(beyond(&mut a, &Action::Up), None);
        assert_eq!(beyond(&mut a, &Action::PageDown), Some(around("9 row 109")));
        // The store's first and last events.
        let to = |toward| Some(vec![Effect::Reopen { query: "actor:x".into(), toward, filter: None }]);
        assert_eq!(beyond(&mut a, &Action::Top), to(Toward::Start));
        assert_eq!(beyond(&mut a, &Action::Bottom), to(Toward::End));
        // A window already being read is waited for, not asked again.
        reading(&mut a, "actor:x".into(), &Toward::End, None);
        assert_eq!(a.message.as_ref().unwrap().text, "reading the last events that pass 'actor:x' from gdelt.d…");
        assert_eq!(beyond(&mut a, &Action::PageDown), Some(Vec::new()));
    }

    #[test]
    fn a_windows_place_asked_apart_is_the_position_once_answered() {
        let mut a = windowed(true, true);
        let placing = crate::tui::Placing::default();
        a.window.as_mut().unwrap().reach.placing = Some(placing.clone());
        counted(&mut a);
        assert_eq!(a.window.as_ref().unwrap().reach.offset, None, "not answered yet");
        placing.set(Some((4_000_000, 9_876_543))).unwrap();
        counted(&mut a);
        let reach = &a.window.as_ref().unwrap().reach;
        assert_eq!((reach.offset, reach.total, reach.placing.is_none()), (Some(4_000_000), Some(9_876_543), true));
    }

    #[test]
    fn a_window_with_nothing_beyond_it_moves_as_files_do() {
        let mut a = windowed(false, false);
        assert_eq!(beyond(&mut a, &Action::Up), None);
        assert_eq!(beyond(&mut a, &Action::Top), None);
        let last = a.view.len() - 1;
        cursor::move_to(&mut a, last);
        assert_eq!(beyond(&mut a, &Action::Down), None);
        assert_eq!(beyond(&mut a, &Action::Bottom), None);
        // On files, never.
        let mut files = app();
        assert_eq!(beyond(&mut files, &Action::Up), None);
    }

    fn typed(a: &mut App, words: &str) -> Vec<Effect> {
        use crate::tui::line_editor::Edit;
        crate::tui::update::testing::run(a, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
        crate::tui::update::testing::run(a, words.chars().map(|c| Action::Edit(Edit::Insert(c))));
        crate::tui::update::update(a, Action::Submit)
    }

    #[test]
    fn f_the_picker_and_x_on_part_of_a_store_read_the_store_around_the_cursor() {
        use crate::tui::update::testing::run;
        let mut a = windowed(true, true);
        cursor::move_to(&mut a, 3);
        let here = Toward::Date(a.corpus.placed_at(a.current().unwrap()).unwrap());
        let read = |query: &str, shown: &str, on: bool| {
            vec![Effect::Reopen { query: query.into(), toward: here.clone(), filter: Some((shown.into(), on)) }]
        };
        // The prompt opens on the store's query, and what it sets is read from the store.
        run(&mut a, [Action::OpenFilter]);
        assert!(matches!(&a.mode, crate::tui::app::Mode::Filter { input, .. } if input.text() == "actor:x"));
        run(&mut a, [Action::Cancel]);
        assert_eq!(typed(&mut a, "date:*  actor:x"), read("date:* actor:x", "date:* actor:x", true));
        assert_eq!(a.filter.to_words(), "actor:x", "the filter shown stays until the window arrives");
        assert_eq!(a.view.len(), a.corpus.events().len());
        // The actor picker alike: the filter's actors replaced by those picked.
        run(&mut a, [Action::OpenActorPicker]);
        run(&mut a, "putin".chars().map(|c| Action::Edit(crate::tui::line_editor::Edit::Insert(c))));
        assert_eq!(crate::tui::update::update(&mut a, Action::Submit), read("actor:putin", "actor:putin", true));
        // x turns the store's filter off: all the store's events, the filter kept to turn on.
        assert_eq!(crate::tui::update::update(&mut a, Action::ToggleFilters), read("", "actor:x", false));
        // A second x before that window arrives turns it on again (from what was asked).
        reading(&mut a, String::new(), &here, Some(("actor:x".into(), false)));
        assert_eq!(crate::tui::update::update(&mut a, Action::ToggleFilters), read("actor:x", "actor:x", true));
        // The same filter again, the window holding what passes it: nothing is read.
        a.window.as_mut().unwrap().reading = None;
        a.window.as_mut().unwrap().reading_filter = None;
        assert_eq!(typed(&mut a, "actor:x"), []);
        assert_eq!((a.filter.to_words().as_str(), a.filters_on, a.filtered_in_window()), ("actor:x", true, false));
        // Its window arrived (all the store's events), x turns the filter on: read again.
        a.window.as_mut().unwrap().query = String::new();
        a.filters_on = false;
        assert_eq!(crate::tui::update::update(&mut a, Action::ToggleFilters), read("actor:x", "actor:x", true));
    }

    #[test]
    fn a_filter_of_the_notes_kept_while_a_window_is_read_filters_the_one_that_arrives() {
        let mut a = windowed(true, true);
        crate::tui::update::testing::run_saving(&mut a, [Action::Down, Action::ToggleMark]);
        // Past the edge: the window around it is read; meanwhile is:marked filters this one.
        cursor::move_to(&mut a, 0);
        let effects = beyond(&mut a, &Action::Up).unwrap();
        let [Effect::Reopen { query, toward, filter }] = &effects[..] else { panic!("{effects:?}") };
        reading(&mut a, query.clone(), toward, filter.clone());
        assert_eq!(typed(&mut a, "is:marked"), []);
        assert_eq!(a.view.len(), 1);
        // The window read (here the same events again) shows only the marked event too.
        let reach = Reach { before: Some("1 row 90".into()), after: Some("9 row 119".into()), ..Reach::default() };
        let loaded = chain_window(reach);
        let mut b = crate::tui::app::on_new_window(&a, loaded, 100, 30);
        arrived(&mut b, 0);
        assert_eq!((b.filter.to_words().as_str(), b.view.len(), b.filtered_in_window()), ("is:marked", 1, true));
    }

    #[test]
    fn a_jump_out_of_a_context_on_a_store_keeps_the_stores_filter() {
        let mut a = windowed(true, true);
        crate::tui::update::testing::run(&mut a, [Action::Down, Action::Down, Action::OpenContext]);
        assert!(a.context.is_some());
        let far = (a.corpus.events().len() - 1) as crate::model::EventIx;
        crate::tui::update::panels::jump_to_event(&mut a, far);
        assert_eq!(a.context, None);
        assert_eq!(a.current(), Some(far));
        assert_eq!((a.filter.to_words().as_str(), a.filters_on), ("actor:x", true), "the store's filter stays on");
        assert!(a.message.as_ref().is_none_or(|m| !m.text.contains("filters off")));
    }

    #[test]
    fn on_a_store_read_whole_f_filters_in_place() {
        let mut a = windowed(false, false);
        a.window.as_mut().unwrap().query = String::new();
        a.filter = Filter::default();
        assert_eq!(typed(&mut a, "actor:putin"), []);
        assert_eq!((a.view.len(), a.filtered_in_window()), (1, true));
        assert_eq!(a.message, None, "nothing to say: the window is the whole store");
    }

    #[test]
    fn a_filter_by_the_notes_filters_the_window_and_keeps_it() {
        let mut a = windowed(true, true);
        crate::tui::update::testing::run_saving(&mut a, [Action::ToggleMark]);
        assert_eq!(typed(&mut a, "is:marked"), []);
        assert_eq!((a.view.len(), a.filtered_in_window()), (1, true));
        let said = &a.message.as_ref().unwrap().text;
        assert!(said.starts_with("'is:marked' filters the 10 events of this window: is: and note: read the notes"));
        // The key moves within the view, and what to do is said.
        assert_eq!(beyond(&mut a, &Action::Up), None);
        let said = &a.message.as_ref().unwrap().text;
        assert!(said.contains("x turns it off to read the store's others"), "{said}");
        crate::tui::update::update(&mut a, Action::Bottom);
        assert_eq!(a.cursor, 0, "End goes to the view's last row");
        // With filters turned off, the view is the whole window: the store is read.
        a.filters_on = false;
        assert!(matches!(beyond(&mut a, &Action::Top).as_deref(), Some([Effect::Reopen { .. }])));
    }

    #[test]
    fn day_jumps_and_dates_past_the_window_read_the_store_there() {
        use crate::tui::update::testing::run;
        let mut a = windowed(true, true);
        let last = a.view.len() - 1;
        cursor::move_to(&mut a, last);
        let effects = crate::tui::update::update(&mut a, Action::NextMonth);
        let around = Toward::Event("9 row 109".into());
        assert_eq!(effects, [Effect::Reopen { query: "actor:x".into(), toward: around, filter: None }]);
        // A date after the window's last event.
        let mut a = windowed(true, true);
        run(&mut a, [Action::OpenGoto]);
        for c in "2030-01-01".chars() {
            run(&mut a, [Action::Edit(crate::tui::line_editor::Edit::Insert(c))]);
        }
        let effects = crate::tui::update::update(&mut a, Action::Submit);
        let t =
            chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        assert_eq!(effects, [Effect::Reopen { query: "actor:x".into(), toward: Toward::Date(t), filter: None }]);
        assert_eq!(a.mode, crate::tui::app::Mode::Normal);
    }
}
