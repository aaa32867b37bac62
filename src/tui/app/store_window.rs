//! The interface on a store: the window of its events it holds, and the interface moved
//! onto another window when one is read (the settings, the notes, the filter asked for
//! and the screen kept).

use super::App;
use crate::desk::Desk;
use std::sync::Arc;

/// The interface on a store: the window of its events it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreWindow {
    /// The store, as the user named it.
    pub place: String,
    /// The query whose passing events the window holds.
    pub query: String,
    /// The query of a window being read (`:where`), until it arrives.
    pub reading: Option<String>,
    /// The filter the header shows once that window arrives, and whether it is on (the
    /// words `f`, `x`, the picker or `:where` asked for); None when it stays as it is (a
    /// window read past the edge of this one).
    pub reading_filter: Option<(String, bool)>,
    /// Where the window lies among the store's events.
    pub reach: crate::tui::Reach,
    /// The store's list of actors, which the actor picker lists once listed (None inside:
    /// the window's).
    pub cast: crate::tui::Listing,
}

impl StoreWindow {
    /// The window of the events of `place` that pass `query` (its words as
    /// [`crate::query::Filter::to_words`] writes them), lying at `reach`.
    pub fn new(place: String, query: String, reach: crate::tui::Reach) -> StoreWindow {
        let cast = Arc::new(std::sync::OnceLock::from(Ok(None)));
        StoreWindow { place, query, reading: None, reading_filter: None, reach, cast }
    }
}

/// The interface on another window of its store (`:where` read it): `corpus`, with the
/// settings, the notes and the screen of `old`.
pub fn on_new_window(old: &App, loaded: crate::tui::Loaded, width: u16, height: u16) -> App {
    let mut app = App::new(Arc::new(loaded.corpus), width, height);
    app.report = Arc::new(loaded.report);
    app.clock = old.clock;
    app.clocks = old.clocks.clone();
    app.date_width = old.date_width;
    app.theme = old.theme;
    app.keymap = old.keymap.clone();
    app.desk = Desk::open(&app.corpus, (*old.desk.notes).clone(), old.desk.path.clone());
    let reach = loaded.reach.unwrap_or_default();
    let window = old.window.clone().map(|w| StoreWindow {
        query: w.reading.unwrap_or(w.query),
        reading: None,
        reading_filter: None,
        reach,
        ..w
    });
    // The filter asked for with the window (it parsed when asked), else the one shown.
    let asked = old.window.as_ref().and_then(|w| w.reading_filter.clone());
    let (filter, on) = match asked {
        Some((words, on)) => (crate::query::Filter::parse_words(&words).unwrap_or_default(), on),
        None => (old.filter.clone(), old.filters_on),
    };
    app.filter = filter;
    app.filters_on = on;
    if let Some(w) = &window {
        let (n, problems) = (app.corpus.events().len(), app.report.diagnostics().len());
        let more = if problems > 0 { format!(" ({problems} warnings: d)") } else { String::new() };
        let which = if w.query.is_empty() {
            format!("{n} events (all its events)")
        } else {
            format!("{n} events that pass '{}'", crate::text::sanitize_line(&w.query))
        };
        // A window with others beyond it: which days it holds.
        let days =
            |e: Option<i64>| e.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.format("%Y-%m-%d"));
        let (first, last) = app.corpus.placed_bounds();
        let span = match (days(first), days(last)) {
            (Some(first), Some(last)) if !w.reach.holds_all() => {
                format!(", {first} to {last}")
            }
            _ => String::new(),
        };
        let which = format!("{which}{span}");
        // The stories found belonged to the window before.
        let cleared = if old.stories_on { "; stories off (s finds them in this window)" } else { "" };
        // A glimpse: the rest is on its way.
        let rest = if w.reach.glimpse { "; reading the window around them…" } else { "" };
        app.say(format!("{which}, read from {}{rest}{more}{cleared}", w.place));
    }
    app.window = window;
    // The last search goes on in the new window: `n` and `N` find its matches there (the
    // whole window of a glimpse searched in arrives while the search is being used).
    app.search = old.search.clone();
    app.after_window = old.after_window.clone();
    app.exporting = old.exporting.clone();
    app
}
