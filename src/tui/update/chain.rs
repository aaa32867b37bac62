//! The chain of relations (`R`): the tree around the current event, a row chosen, Enter to
//! go to its event.

use super::cursor::{PANEL_PAGE, panel_row};
use super::panels::jump_to_event;
use crate::query::chain::chain_of;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::effect::Effect;

pub fn open(app: &mut App) {
    let Some(start) = app.current() else { return };
    // With stories on, one row a story: its reports' relations lifted to it.
    let (chain, start) = match app.stories.as_deref().filter(|_| app.stories_on) {
        Some(stories) => {
            (crate::stories::lift::chain(&app.corpus, stories, start), stories.lead(stories.story_of(start)))
        }
        None => (chain_of(&app.corpus, start), start),
    };
    if chain.rows.len() < 2 {
        app.say("this event has no relations: no chain");
        return;
    }
    let selected = chain.rows.iter().position(|r| r.event == start && !r.repeated).unwrap_or(0);
    app.mode = Mode::Chain { chain, start, selected };
}

pub fn chain(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Chain { chain, selected, .. } = &mut app.mode else { return Vec::new() };
    if let Some(row) = panel_row(*selected, &action, chain.rows.len(), PANEL_PAGE) {
        *selected = row;
        return Vec::new();
    }
    match action {
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let target = chain.rows[*selected].event;
            app.mode = Mode::Normal;
            jump_to_event(app, target);
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn chain_rows(app: &App) -> (Vec<String>, usize) {
        let Mode::Chain { chain, selected, .. } = &app.mode else { panic!("chain open: {:?}", app.mode) };
        let rows = chain.rows.iter().map(|r| app.corpus.events()[r.event as usize].summary.raw().to_string()).collect();
        (rows, *selected)
    }

    #[test]
    fn r_shows_the_chain_around_the_event_and_enter_goes_to_a_row() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::Down, Action::Down, Action::Down, Action::OpenChain]);
        let (rows, selected) = chain_rows(&app);
        assert_eq!(
            rows,
            [
                "Obama expels 35 Russian diplomats",
                "Lavrov proposes expelling 35 US diplomats",
                "Putin revokes the proposal",
            ],
            "not the departure that follows the expulsion: another branch"
        );
        assert_eq!(rows[selected], "Lavrov proposes expelling 35 US diplomats", "on the event it was opened from");
        run(&mut app, [Action::Top, Action::Submit]);
        assert_eq!(summary(&app), "Obama expels 35 Russian diplomats");
        run(&mut app, [Action::Cancel, Action::Top, Action::OpenChain]);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.message.as_ref().unwrap().text, "this event has no relations: no chain");
    }
}
