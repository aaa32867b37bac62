//! `update(state, action) -> effects`: every change of the interface's state happens
//! here, without I/O. What needs the outside world (writing a file, suspending, quitting)
//! is returned as an [`Effect`] for the loop to perform.

use super::action::Action;
use super::app::{App, Density, Focus, Message, Mode, Picker, RelatedItem, Search};
use crate::model::Open;
use crate::model::{ActorIx, EventIx, When};
use crate::query::filter::TextQuery;
use crate::query::{Filter, rank_actors};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the export of these events to `path` (replacing it only if `overwrite`).
    Export {
        path: PathBuf,
        events: Vec<EventIx>,
        overwrite: bool,
    },
    /// Apply a filter in the background; answer with [`Action::Filtered`].
    Filter {
        generation: u64,
        request: Box<FilterRequest>,
    },
    /// Rank actors in the background; answer with [`Action::Ranked`].
    Rank {
        generation: u64,
        query: String,
        candidates: Vec<ActorIx>,
    },
    /// Search `view` in the background; answer with [`Action::Found`].
    Find {
        generation: u64,
        query: TextQuery,
        view: Arc<Vec<EventIx>>,
        from: usize,
        forward: bool,
    },
    Suspend,
    Quit,
}

/// A filter to apply in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterRequest {
    pub filter: Filter,
    pub compiled: crate::query::CompiledFilter,
    pub on: bool,
}

impl FilterRequest {
    /// The work the background does: the view and its density strip.
    pub fn apply(self, corpus: &crate::model::Corpus) -> FilterResult {
        let view = self.compiled.apply(corpus);
        let density = Density::of(corpus, &view);
        FilterResult { filter: self.filter, on: self.on, view: Arc::new(view), density }
    }
}

/// A filtered view computed in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterResult {
    pub filter: Filter,
    pub on: bool,
    pub view: Arc<Vec<EventIx>>,
    pub density: Density,
}

/// Views up to this size are searched at once; larger ones in the background, so that
/// typing never waits for a scan of a million events.
pub const SEARCH_AT_ONCE: usize = 100_000;

/// Corpora with up to this many actors rank them at once; larger ones in the background.
pub const RANK_AT_ONCE: usize = 20_000;

/// A key pressed: looked up in the keymap for the current mode, then applied.
/// Alt+key is taken as Esc then the key (see [`super::keymap::split_alt`]): each is
/// looked up in the context the one before left.
pub fn press(app: &mut App, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    let mut effects = Vec::new();
    for key in super::keymap::split_alt(key) {
        if let Some(action) = super::keymap::action_for(app.mode.context(), key) {
            effects.extend(update(app, action));
        }
    }
    effects
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // A new key clears the last message; what the loop or the background reports does
    // not clear a message it did not cause.
    if action.is_from_user() {
        app.message = None;
    }
    match action {
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            keep_cursor_visible(app);
            return Vec::new();
        }
        Action::Exported { path, count } => {
            app.mode = Mode::Normal;
            app.selection = None;
            let text = format!("exported {count} events to {}", path.display());
            app.message = Some(Message { text: crate::text::sanitize_line(&text), error: false });
            return Vec::new();
        }
        Action::ExportExists { path } => {
            if let Mode::Export { events, .. } = std::mem::replace(&mut app.mode, Mode::Normal) {
                app.mode = Mode::ConfirmOverwrite { path, events };
            }
            return Vec::new();
        }
        Action::ExportFailed { message } => {
            app.mode = Mode::Normal;
            app.message = Some(Message { text: crate::text::sanitize_line(&message), error: true });
            return Vec::new();
        }
        Action::Filtered { generation, result } => {
            if generation == app.filter_generation {
                let FilterResult { filter, on, view, density } = *result;
                install_filter(app, filter, on, view, density);
            }
            return Vec::new();
        }
        Action::Ranked { generation, matches } => {
            if let Mode::Picker(p) = &mut app.mode
                && generation == app.rank_generation
            {
                p.matches = matches;
                p.selected = 0;
                p.ranking = false;
            }
            return Vec::new();
        }
        Action::Found { generation, position } => {
            if generation == app.search_generation {
                app.searching = false;
                found(app, position);
            }
            return Vec::new();
        }
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        _ => {}
    }
    match &app.mode {
        Mode::Normal => timeline(app, action),
        Mode::Search { .. } => search_prompt(app, action),
        Mode::Filter { .. } | Mode::Goto { .. } => line_prompt(app, action),
        Mode::Export { .. } => export_prompt(app, action),
        Mode::ConfirmOverwrite { .. } => confirm(app, action),
        Mode::Picker(_) => picker(app, action),
        Mode::Article { .. } => article(app, action),
        Mode::Relations { .. } => relations(app, action),
        Mode::Help { .. } | Mode::Diagnostics { .. } => panel(app, action),
    }
}

fn timeline(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.list_height();
    if app.focus == Focus::Detail {
        match action {
            Action::Down => app.detail_scroll = app.detail_scroll.saturating_add(1),
            Action::Up => app.detail_scroll = app.detail_scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => app.detail_scroll = app.detail_scroll.saturating_add(10),
            Action::PageUp | Action::HalfPageUp => app.detail_scroll = app.detail_scroll.saturating_sub(10),
            Action::ToggleFocus | Action::Cancel => app.focus = Focus::List,
            other => {
                app.focus = Focus::List;
                return timeline(app, other);
            }
        }
        return Vec::new();
    }
    match action {
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::HalfPageDown => move_by(app, (page / 2).max(1) as isize),
        Action::HalfPageUp => move_by(app, -((page / 2).max(1) as isize)),
        Action::PageDown => move_by(app, page as isize),
        Action::PageUp => move_by(app, -(page as isize)),
        Action::Top => move_to(app, 0),
        Action::Bottom => move_to(app, app.view.len().saturating_sub(1)),
        Action::NextDay => jump_period(app, true, |w| w.day_number()),
        Action::PrevDay => jump_period(app, false, |w| w.day_number()),
        Action::NextMonth => jump_period(app, true, |w| w.month_number()),
        Action::PrevMonth => jump_period(app, false, |w| w.month_number()),
        Action::Scroll(rows) => scroll(app, rows),
        Action::Click { row } => click(app, row),
        Action::OpenGoto => app.mode = Mode::Goto { input: String::new(), error: None },
        Action::OpenSearch => {
            app.mode = Mode::Search { input: String::new(), saved_cursor: app.cursor, saved_search: app.search.take() }
        }
        Action::NextMatch => return next_match(app, true),
        Action::PrevMatch => return next_match(app, false),
        Action::OpenActorPicker => {
            let matches = rank_actors(&app.corpus, "");
            app.mode = Mode::Picker(Picker {
                query: String::new(),
                matches,
                selected: 0,
                toggled: Vec::new(),
                ranking: false,
            });
        }
        Action::OpenFilter => app.mode = Mode::Filter { input: app.filter.to_words(), error: None },
        Action::ToggleFilters => return toggle_filters(app),
        Action::ToggleSelection => {
            app.selection = if app.selection.is_some() { None } else { Some(app.cursor) };
        }
        Action::OpenExport => open_export(app),
        Action::OpenArticle => {
            if let Some(event) = app.current() {
                show_article(app, event);
            }
        }
        Action::OpenRelations => open_relations(app),
        Action::OpenDiagnostics => app.mode = Mode::Diagnostics { scroll: 0 },
        Action::OpenHelp => app.mode = Mode::Help { scroll: 0 },
        Action::ToggleFocus => app.focus = Focus::Detail,
        Action::Cancel => app.selection = None,
        _ => {}
    }
    Vec::new()
}

fn move_to(app: &mut App, position: usize) {
    if app.view.is_empty() {
        app.cursor = 0;
        app.offset = 0;
        return;
    }
    let position = position.min(app.view.len() - 1);
    if position != app.cursor {
        app.detail_scroll = 0;
    }
    app.cursor = position;
    keep_cursor_visible(app);
}

fn move_by(app: &mut App, delta: isize) {
    move_to(app, app.cursor.saturating_add_signed(delta));
}

/// Scroll the list so that the cursor is on screen.
fn keep_cursor_visible(app: &mut App) {
    let height = app.list_height();
    if app.cursor < app.offset {
        app.offset = app.cursor;
    } else if app.cursor >= app.offset + height {
        app.offset = app.cursor + 1 - height;
    }
    let max_offset = app.view.len().saturating_sub(height);
    app.offset = app.offset.min(max_offset);
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

fn click(app: &mut App, row: u16) {
    let list = app.areas().list;
    if row >= list.y && row < list.y + list.height {
        let position = app.offset + usize::from(row - list.y);
        if position < app.view.len() {
            app.cursor = position;
            app.detail_scroll = 0;
        }
    }
}

/// To the first event of the next (or previous) day or month.
fn jump_period(app: &mut App, forward: bool, key: fn(&When) -> i64) {
    let corpus = app.corpus.clone();
    let period = |position: usize| corpus.events[app.view[position] as usize].date.as_ref().map(key);
    let Some(current) = app.current().and_then(|_| period(app.cursor)) else {
        app.message = Some(Message { text: "this event is undated".into(), error: true });
        return;
    };
    let target = if forward {
        (app.cursor + 1..app.view.len()).find(|&p| period(p).is_some_and(|k| k > current))
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
    match target {
        Some(p) => move_to(app, p),
        None => {
            let text = if forward { "no later date in this view" } else { "no earlier date in this view" };
            app.message = Some(Message { text: text.into(), error: false });
        }
    }
}

/// Look for the next match: at once in a small view, else in the background.
fn start_search(app: &mut App, query: TextQuery, from: usize, forward: bool) -> Vec<Effect> {
    app.search_generation += 1;
    if app.view.len() <= app.search_at_once {
        let position = crate::query::filter::find_match(&app.corpus, &app.view, &query, from, forward, &|| false);
        found(app, position);
        return Vec::new();
    }
    app.searching = true;
    vec![Effect::Find { generation: app.search_generation, query, view: app.view.clone(), from, forward }]
}

fn found(app: &mut App, position: Option<usize>) {
    match position {
        Some(p) => move_to(app, p),
        None => {
            let words = match &app.mode {
                Mode::Search { input, .. } => input.clone(),
                _ => app.search.as_ref().map(|s| s.input.clone()).unwrap_or_default(),
            };
            app.message = Some(Message { text: format!("no match for '{words}'"), error: true });
        }
    }
}

fn next_match(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(search) = app.search.clone() else {
        app.message = Some(Message { text: "no search: press / to search".into(), error: false });
        return Vec::new();
    };
    // The match after (or before) the cursor, wrapping at both ends of the view.
    let last = app.view.len().saturating_sub(1);
    let start = match (forward, app.cursor) {
        (true, c) if c >= last => 0,
        (true, c) => c + 1,
        (false, 0) => last,
        (false, c) => c - 1,
    };
    start_search(app, search.query, start, forward)
}

fn search_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Search { input, saved_cursor, saved_search } = &mut app.mode else { return Vec::new() };
    let saved_cursor = *saved_cursor;
    match action {
        Action::Input(c) => input.push(c),
        Action::Backspace => {
            input.pop();
        }
        Action::ClearInput => input.clear(),
        Action::Submit => {
            let input = std::mem::take(input);
            app.search = TextQuery::new(&input).map(|query| Search { input, query });
            app.mode = Mode::Normal;
            return Vec::new();
        }
        Action::Cancel => {
            app.search = saved_search.take();
            app.mode = Mode::Normal;
            // An answer still on its way is for a search that no longer exists.
            app.search_generation += 1;
            app.searching = false;
            move_to(app, saved_cursor);
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    // The list follows as you type.
    let input = input.clone();
    match TextQuery::new(&input) {
        Some(query) => start_search(app, query, saved_cursor, true),
        None => {
            app.search_generation += 1;
            app.searching = false;
            move_to(app, saved_cursor);
            Vec::new()
        }
    }
}

/// The filter and go-to prompts: edit a line, then apply it or say what is wrong in place.
fn line_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let (input, error) = match &mut app.mode {
        Mode::Filter { input, error } | Mode::Goto { input, error } => (input, error),
        _ => return Vec::new(),
    };
    match action {
        Action::Input(c) => input.push(c),
        Action::Backspace => {
            input.pop();
        }
        Action::ClearInput => input.clear(),
        Action::Cancel => {
            app.mode = Mode::Normal;
            return Vec::new();
        }
        Action::Submit => {
            let input = input.clone();
            let result = match app.mode {
                Mode::Filter { .. } => apply_filter_words(app, &input),
                _ => go_to_date(app, &input).map(|()| Vec::new()),
            };
            match result {
                Ok(effects) => {
                    app.mode = Mode::Normal;
                    return effects;
                }
                Err(message) => {
                    if let Mode::Filter { error, .. } | Mode::Goto { error, .. } = &mut app.mode {
                        *error = Some(message);
                    }
                }
            }
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    *error = None;
    Vec::new()
}

/// Set a new filter; on an error the old one stays.
fn apply_filter_words(app: &mut App, input: &str) -> Result<Vec<Effect>, String> {
    let filter = Filter::parse_words(input).map_err(|e| e.to_string())?;
    set_filter(app, filter, true)
}

/// Change the filter, keeping the cursor on the same event when it stays visible (else
/// the next one). Nothing changes if the filter does not apply to this corpus. A filter
/// with words to find in a large corpus is applied in the background: the old view stays
/// until the new one arrives ([`Action::Filtered`]).
pub fn set_filter(app: &mut App, filter: Filter, on: bool) -> Result<Vec<Effect>, String> {
    if !on || filter.is_empty() {
        // The whole timeline's view and density were made once, at start.
        let (view, density) = (app.everything.clone(), app.everything_density.clone());
        install_filter(app, filter, on, view, density);
        return Ok(Vec::new());
    }
    let compiled = filter.compile(&app.corpus).map_err(|e| crate::text::sanitize_line(&e.to_string()))?;
    app.filter_generation += 1;
    if compiled.text_query().is_some() && app.corpus.events.len() > app.filter_at_once {
        app.filtering = true;
        let request = Box::new(FilterRequest { filter, compiled, on });
        return Ok(vec![Effect::Filter { generation: app.filter_generation, request }]);
    }
    let view = compiled.apply(&app.corpus);
    let density = super::app::Density::of(&app.corpus, &view);
    install_filter(app, filter, on, Arc::new(view), density);
    Ok(Vec::new())
}

/// Show a filtered view.
pub fn install_filter(app: &mut App, filter: Filter, on: bool, view: Arc<Vec<EventIx>>, density: Density) {
    let current = app.current();
    app.filter = filter;
    app.filters_on = on;
    app.filtering = false;
    app.density = density;
    app.view = view;
    app.selection = None;
    let position = current.map_or(0, |e| app.view.partition_point(|&v| v < e));
    app.cursor = 0;
    move_to(app, position);
}

fn toggle_filters(app: &mut App) -> Vec<Effect> {
    if app.filter.is_empty() {
        app.message = Some(Message { text: "no filter to turn on or off: press f or a".into(), error: false });
        return Vec::new();
    }
    let on = !app.filters_on;
    let filter = app.filter.clone();
    match set_filter(app, filter, on) {
        Err(e) => {
            app.message = Some(Message { text: e, error: true });
            Vec::new()
        }
        Ok(effects) => {
            let text = if on { "filters on" } else { "filters off (x turns them on again)" };
            app.message = Some(Message { text: text.into(), error: false });
            effects
        }
    }
}

fn go_to_date(app: &mut App, input: &str) -> Result<(), String> {
    let when = When::parse(input).map_err(|e| e.to_string())?;
    let corpus = app.corpus.clone();
    let start_of = |e: &EventIx| corpus.events[*e as usize].date.map_or(i64::MAX, |d| d.start);
    let position = app.view.partition_point(|e| start_of(e) < when.start);
    let dated = app.view.partition_point(|e| start_of(e) < i64::MAX);
    if dated == 0 {
        return Err("no dated event in this view".into());
    }
    if position >= dated {
        move_to(app, dated - 1);
        app.message =
            Some(Message { text: format!("nothing on or after {when}: at the last dated event"), error: false });
    } else {
        move_to(app, position);
    }
    Ok(())
}

fn open_export(app: &mut App) {
    let events: Vec<EventIx> = match app.selected_range() {
        Some((a, b)) => app.view[a..=b].to_vec(),
        None => app.view.to_vec(),
    };
    if events.is_empty() {
        app.message = Some(Message { text: "nothing to export".into(), error: true });
        return;
    }
    let day = |e: &EventIx| app.corpus.events[*e as usize].date.map_or_else(|| "undated".to_string(), |d| day_of(&d));
    let name = format!("annals-{}-{}.json", day(&events[0]), day(&events[events.len() - 1]));
    let input = app.export_dir.join(name).display().to_string();
    let input = input.strip_prefix("./").map(str::to_string).unwrap_or(input);
    app.mode = Mode::Export { input, events };
}

/// The day a period names, as YYYY-MM-DD in the offset it was written with: its first
/// day, or for an open period the day of its known bound (`before 2016-12-30` names the
/// 30th, `after 2017-01-01` the 1st).
fn day_of(when: &When) -> String {
    let instant = match when.open {
        Open::Closed => when.start,
        Open::Before => when.end,
        Open::After => when.start - 1,
    };
    let local = instant + i64::from(when.offset_minutes.unwrap_or(0)) * 60;
    chrono::DateTime::from_timestamp(local, 0)
        .map_or_else(|| "undated".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

fn export_prompt(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Export { input, events } = &mut app.mode else { return Vec::new() };
    match action {
        Action::Input(c) => input.push(c),
        Action::Backspace => {
            input.pop();
        }
        Action::ClearInput => input.clear(),
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit if input.trim().is_empty() => {
            app.message = Some(Message { text: "type a file name".into(), error: true });
        }
        // The mode stays until the loop reports the outcome.
        Action::Submit => {
            return vec![Effect::Export {
                path: PathBuf::from(input.trim()),
                events: events.clone(),
                overwrite: false,
            }];
        }
        _ => {}
    }
    Vec::new()
}

fn confirm(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::ConfirmOverwrite { path, events } = &app.mode else { return Vec::new() };
    match action {
        Action::Confirm => {
            let effect = Effect::Export { path: path.clone(), events: events.clone(), overwrite: true };
            vec![effect]
        }
        Action::Refuse | Action::Cancel => {
            app.mode = Mode::Normal;
            app.message = Some(Message { text: "export cancelled: the file was kept".into(), error: false });
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn picker(app: &mut App, action: Action) -> Vec<Effect> {
    let corpus = app.corpus.clone();
    let Mode::Picker(p) = &mut app.mode else { return Vec::new() };
    // The actors to rank for the new query: a longer query can only match actors that
    // matched a shorter one (even one whose ranking is still on its way).
    let candidates: Option<Vec<ActorIx>> = match action {
        Action::Input(c) => {
            p.query.push(c);
            let mut previous: Vec<ActorIx> = p.matches.iter().map(|m| m.actor).collect();
            // Scored in storage order, which walks memory in order; ranking sorts again.
            previous.sort_unstable();
            Some(previous)
        }
        Action::Backspace => {
            p.query.pop();
            Some((0..corpus.actors.len() as ActorIx).collect())
        }
        Action::ClearInput => {
            p.query.clear();
            Some((0..corpus.actors.len() as ActorIx).collect())
        }
        Action::PickerDown => {
            p.selected = (p.selected + 1).min(p.matches.len().saturating_sub(1));
            None
        }
        Action::PickerUp => {
            p.selected = p.selected.saturating_sub(1);
            None
        }
        Action::PickerToggle => {
            if let Some(m) = p.matches.get(p.selected) {
                match p.toggled.iter().position(|&a| a == m.actor) {
                    Some(i) => {
                        p.toggled.remove(i);
                    }
                    None => p.toggled.push(m.actor),
                }
            }
            None
        }
        Action::Cancel => {
            app.mode = Mode::Normal;
            app.rank_generation += 1;
            return Vec::new();
        }
        Action::Submit => {
            if p.ranking {
                // Enter before the ranking arrived: finish it here, once.
                let all: Vec<ActorIx> = (0..corpus.actors.len() as ActorIx).collect();
                p.matches = crate::query::fuzzy::rank_actors_within(&corpus, &p.query, &all);
                p.selected = 0;
                p.ranking = false;
            }
            let actors = if p.toggled.is_empty() {
                p.matches.get(p.selected).map(|m| vec![m.actor]).unwrap_or_default()
            } else {
                p.toggled.clone()
            };
            if actors.is_empty() {
                app.message = Some(Message { text: "no actor matches".into(), error: true });
                return Vec::new();
            }
            let mut filter = app.filter.clone();
            filter.actors = actors.iter().map(|&a| corpus.actors[a as usize].id.clone()).collect();
            app.mode = Mode::Normal;
            app.rank_generation += 1;
            return match set_filter(app, filter, true) {
                Ok(effects) => effects,
                Err(e) => {
                    app.message = Some(Message { text: e, error: true });
                    Vec::new()
                }
            };
        }
        _ => None,
    };
    let Some(candidates) = candidates else { return Vec::new() };
    app.rank_generation += 1;
    if corpus.actors.len() <= app.rank_at_once {
        p.matches = crate::query::fuzzy::rank_actors_within(&corpus, &p.query, &candidates);
        p.selected = 0;
        p.ranking = false;
        return Vec::new();
    }
    p.ranking = true;
    vec![Effect::Rank { generation: app.rank_generation, query: p.query.clone(), candidates }]
}

/// The events of the article, in timeline order.
pub fn article_events(app: &App, event: EventIx) -> Vec<EventIx> {
    let article = app.corpus.events[event as usize].article;
    app.corpus.article_events[article as usize].to_vec()
}

/// Lines of the article view at the current size, and where this event's evidence is.
fn article_metrics(app: &App, event: EventIx) -> (usize, usize, Option<usize>) {
    let width = usize::from(app.width).saturating_sub(2).max(1);
    let height = usize::from(app.height).saturating_sub(2).max(1);
    let (lines, evidence) = super::view::article::article_lines(&app.corpus, event, width);
    (lines.len(), height, evidence)
}

/// Open the article of `event`, scrolled so that its evidence is in the upper third.
fn show_article(app: &mut App, event: EventIx) {
    let (_, height, evidence) = article_metrics(app, event);
    let scroll = evidence.map_or(0, |line| line.saturating_sub(height / 3));
    app.mode = Mode::Article { event, scroll: u16::try_from(scroll).unwrap_or(u16::MAX) };
}

fn article(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Article { event, scroll } = app.mode.clone() else { return Vec::new() };
    let (lines, height, _) = article_metrics(app, event);
    let max = u16::try_from(lines.saturating_sub(height)).unwrap_or(u16::MAX);
    let page = u16::try_from(height).unwrap_or(u16::MAX);
    let scroll_to = |app: &mut App, s: u16| app.mode = Mode::Article { event, scroll: s.min(max) };
    match action {
        Action::Down => scroll_to(app, scroll.saturating_add(1)),
        Action::Up => scroll_to(app, scroll.saturating_sub(1)),
        Action::PageDown => scroll_to(app, scroll.saturating_add(page)),
        Action::PageUp => scroll_to(app, scroll.saturating_sub(page)),
        Action::ArticleNextEvent | Action::ArticlePrevEvent => {
            let events = article_events(app, event);
            let i = events.iter().position(|&e| e == event).unwrap_or(0);
            let next = if action == Action::ArticleNextEvent {
                events.get(i + 1).copied()
            } else {
                i.checked_sub(1).map(|j| events[j])
            };
            match next {
                Some(e) => show_article(app, e),
                None => app.message = Some(Message { text: "no more events in this article".into(), error: false }),
            }
        }
        Action::Cancel => {
            app.mode = Mode::Normal;
            // Come back on the event last read, if the view shows it.
            if let Ok(p) = app.view.binary_search(&event) {
                move_to(app, p);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn open_relations(app: &mut App) {
    let Some(current) = app.current() else { return };
    let corpus = &app.corpus;
    let event = &corpus.events[current as usize];
    let mut items: Vec<RelatedItem> = event
        .relations
        .iter()
        .map(|r| RelatedItem {
            label: r.kind.label(),
            event: r.target,
            unresolved: r.target.is_none().then(|| r.target_ref.to_string()),
        })
        .collect();
    items.extend(corpus.incoming[current as usize].iter().map(|&(kind, source)| RelatedItem {
        label: kind.inverse_label(),
        event: Some(source),
        unresolved: None,
    }));
    if items.is_empty() {
        app.message = Some(Message { text: "this event has no relations".into(), error: false });
        return;
    }
    app.mode = Mode::Relations { items, selected: 0 };
}

fn relations(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Relations { items, selected } = &mut app.mode else { return Vec::new() };
    match action {
        Action::PickerDown => *selected = (*selected + 1).min(items.len().saturating_sub(1)),
        Action::PickerUp => *selected = selected.saturating_sub(1),
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let item = items[*selected].clone();
            let Some(target) = item.event else {
                let text = format!("'{}' is not in the corpus", item.unresolved.unwrap_or_default());
                app.message = Some(Message { text: crate::text::sanitize_line(&text), error: true });
                return Vec::new();
            };
            app.mode = Mode::Normal;
            jump_to_event(app, target);
        }
        _ => {}
    }
    Vec::new()
}

/// Put the cursor on an event, turning filters off if they hide it.
pub fn jump_to_event(app: &mut App, target: EventIx) {
    if app.view.binary_search(&target).is_err() {
        let filter = app.filter.clone();
        // Showing everything cannot fail.
        let _ = set_filter(app, filter, false);
        app.message = Some(Message { text: "filters off to show it (x turns them on again)".into(), error: false });
    }
    if let Ok(p) = app.view.binary_search(&target) {
        move_to(app, p);
    }
}

fn panel(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.height.saturating_sub(4).max(1);
    let (Mode::Help { scroll } | Mode::Diagnostics { scroll }) = &mut app.mode else { return Vec::new() };
    match action {
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(page),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}
