//! A store's window (`annals gdelt.d --where ...`): the interface holds the events that
//! pass a query, read from the store; `:where QUERY` reads another window in the
//! background (`:where` alone, all its events), the one on screen kept until it arrives
//! and no prompt is open (or for good, when it cannot be read); one asked for meanwhile
//! replaces it (the loop stops the reading). On loaded files, where there is no store, `f`
//! filters.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;

/// `:where QUERY`: read the window of the events that pass `query`.
pub fn reopen(app: &mut App, query: &str) -> Result<Vec<Effect>, String> {
    if app.window.is_none() {
        let f = app.key(Context::Timeline, Action::OpenFilter);
        return Err(format!("where reads another window of a store; these are files: {f} filters them"));
    }
    Ok(vec![Effect::Reopen { query: query.trim().to_string() }])
}

/// The store is being read for the window of `query` (the one being read before, if any,
/// stopped).
pub fn reading(app: &mut App, query: String) {
    let Some(w) = &mut app.window else { return };
    let instead = if w.reading.is_some() { " instead" } else { "" };
    let shown = if query.is_empty() {
        "all its events".to_string()
    } else {
        format!("the events that pass '{}'", crate::text::sanitize_line(&query))
    };
    let said = format!("reading {shown} from {}{instead}…", w.place);
    w.reading = Some(query);
    app.say(said);
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
    }
    app.complain(crate::text::sanitize_line(&message));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::StoreWindow;
    use crate::tui::update::testing::{chain_app as app, run_saving};

    #[test]
    fn on_files_where_says_that_f_filters() {
        let mut a = app();
        let e = reopen(&mut a, "actor:putin").unwrap_err();
        assert!(e.contains("these are files: f filters them"), "{e}");
    }

    #[test]
    fn on_a_store_where_reads_a_window_and_a_failure_keeps_the_one_shown() {
        let mut a = app();
        a.window = Some(StoreWindow { place: "gdelt.d".into(), query: String::new(), reading: None });
        let before = a.view.len();
        assert_eq!(reopen(&mut a, " actor:putin ").unwrap(), [Effect::Reopen { query: "actor:putin".into() }]);
        reading(&mut a, "actor:putin".into());
        assert_eq!(a.message.as_ref().unwrap().text, "reading the events that pass 'actor:putin' from gdelt.d…");
        // Another asked for meanwhile replaces it.
        reading(&mut a, "actor:obama".into());
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
        // All its events again.
        assert_eq!(reopen(&mut a, "").unwrap(), [Effect::Reopen { query: String::new() }]);
        reading(&mut a, String::new());
        assert_eq!(a.message.as_ref().unwrap().text, "reading all its events from gdelt.d…");
    }

    #[test]
    fn where_alone_asks_for_all_the_stores_events() {
        let mut a = app();
        a.window = Some(StoreWindow { place: "gdelt.d".into(), query: "actor:x".into(), reading: None });
        let command = crate::tui::update::views::Command::of(" where ").expect("a command");
        let effects = crate::tui::update::views::command(&mut a, command).unwrap();
        assert_eq!(effects, [Effect::Reopen { query: String::new() }]);
    }

    #[test]
    fn a_new_window_keeps_the_settings_and_the_notes_and_says_what_it_holds() {
        let mut a = app();
        a.window = Some(StoreWindow { place: "gdelt.d".into(), query: String::new(), reading: Some("date:*".into()) });
        a.set_clock("+03:00".parse().unwrap());
        a.date_width = 22;
        run_saving(&mut a, [Action::Down, Action::ToggleMark]);
        let marked = a.corpus.event_ref(a.corpus.event(a.desk.marked()[0]));
        a.filter = crate::query::Filter::parse_words("date:*").unwrap();
        // The window read: here the same fixture again, as the store would hand it over.
        let inputs = [crate::ingest::Input::Path("tests/fixtures/chain".into())];
        let loaded = crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default());
        let b = crate::tui::app::on_new_window(&a, loaded.corpus, loaded.report, 100, 30);
        assert_eq!((b.clock, b.date_width, b.width), (a.clock, 22, 100));
        assert_eq!(b.desk.marked().len(), 1, "the mark follows its event into the new window");
        assert_eq!(b.corpus.event_ref(b.corpus.event(b.desk.marked()[0])), marked);
        assert_eq!(b.window, Some(StoreWindow { place: "gdelt.d".into(), query: "date:*".into(), reading: None }));
        let said = &b.message.as_ref().unwrap().text;
        let n = b.corpus.events().len();
        assert_eq!(said, &format!("{n} events that pass 'date:*', read from gdelt.d; f's filter cleared"));
    }
}
