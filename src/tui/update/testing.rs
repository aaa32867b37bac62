//! Small corpora and helpers for the handlers' tests.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::line_editor::Edit;
use std::sync::Arc;

/// Ten events over five articles, with relations, an interval and an undated event
/// (tests/fixtures/chain).
pub fn chain_app() -> App {
    let inputs = [crate::ingest::Input::Path("tests/fixtures/chain".into())];
    let corpus = crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default());
    App::new(Arc::new(corpus.corpus), 80, 24)
}

/// The same ten events as a store's window would hand them over, placed as `reach` says.
pub fn chain_window(reach: crate::tui::Reach) -> crate::tui::Loaded {
    let inputs = [crate::ingest::Input::Path("tests/fixtures/chain".into())];
    let loaded = crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default());
    crate::tui::Loaded { reach: Some(reach), ..crate::tui::Loaded::files(loaded.corpus, loaded.report) }
}

/// One article, from its JSON.
pub fn app_of(json: &str) -> App {
    App::new(Arc::new(crate::ingest::load_str("test.json", json).corpus), 80, 24)
}

pub fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    actions.into_iter().flat_map(|a| super::update(app, a)).collect()
}

pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(|c| Action::Edit(Edit::Insert(c))).collect()
}

/// The summary of the event under the cursor.
pub fn summary(app: &App) -> &str {
    app.corpus.events()[app.current().unwrap() as usize].summary.raw()
}

/// Perform the effects as the loop would for the notes, without a notes file (in memory).
fn perform(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::SaveNotes { changes, said } = effect {
            let outcome = crate::tui::save_notes(app, &changes, said);
            let more = super::update(app, outcome);
            perform(app, more);
        }
    }
}

/// Actions applied, and the notes they change saved (in memory), as the loop saves them.
pub fn run_saving(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        let effects = super::update(app, action);
        perform(app, effects);
    }
}

/// What the status bar says.
pub fn said(app: &App) -> &str {
    app.message.as_ref().map_or("", |m| m.text.as_str())
}
