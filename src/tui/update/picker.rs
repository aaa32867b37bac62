//! The actor picker (`a`): a fuzzy query ranked as you type (in the background for many
//! actors), Space to toggle actors, Enter to filter to them.

use super::filter::set_filter;
use crate::model::ActorIx;
use crate::query::{ActorMatch, rank_actors};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Picker};
use crate::tui::effect::Effect;
use crate::tui::jobs::RankRequest;
use crate::tui::line_editor::LineEditor;

pub fn open(app: &mut App) {
    let matches = rank_actors(&app.corpus, "");
    let query = LineEditor::default();
    let ranked = String::new();
    app.mode = Mode::Picker(Picker { query, matches, selected: 0, toggled: Vec::new(), ranking: false, ranked });
}

pub fn picker(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Picker(p) = &mut app.mode else { return Vec::new() };
    match action {
        // Only actors that matched a query can match one that extends it.
        Action::Edit(edit) if p.query.apply(edit) => {
            let narrower = p.query.text().starts_with(p.ranked.as_str());
            return rank(app, narrower);
        }
        Action::PickerDown => p.selected = (p.selected + 1).min(p.matches.len().saturating_sub(1)),
        Action::PickerUp => p.selected = p.selected.saturating_sub(1),
        Action::PickerToggle => {
            if let Some(m) = p.matches.get(p.selected) {
                match p.toggled.iter().position(|&a| a == m.actor) {
                    Some(i) => {
                        p.toggled.remove(i);
                    }
                    None => p.toggled.push(m.actor),
                }
            }
        }
        Action::Cancel => {
            app.mode = Mode::Normal;
            app.rank_generation += 1;
        }
        Action::Submit => return submit(app),
        _ => {}
    }
    Vec::new()
}

/// Rank for the new query, among the actors that matched the query it extends when
/// `narrower` (the matches shown, which may be an older query's while a ranking is on its
/// way: `Picker::ranked` says whose).
fn rank(app: &mut App, narrower: bool) -> Vec<Effect> {
    let Mode::Picker(p) = &mut app.mode else { return Vec::new() };
    let corpus = &app.corpus;
    let candidates: Vec<ActorIx> = if narrower {
        let mut previous: Vec<ActorIx> = p.matches.iter().map(|m| m.actor).collect();
        // Scored in storage order, which walks memory in order; ranking sorts again.
        previous.sort_unstable();
        previous
    } else {
        (0..corpus.actors().len() as ActorIx).collect()
    };
    let request = RankRequest { query: p.query.text().to_string(), candidates };
    app.rank_generation += 1;
    if corpus.actors().len() <= app.rank_at_once {
        let matches = request.run(corpus);
        show(p, matches);
        return Vec::new();
    }
    p.ranking = true;
    vec![Effect::Rank { generation: app.rank_generation, request }]
}

/// Show the ranking of the current query.
fn show(p: &mut Picker, matches: Vec<ActorMatch>) {
    p.ranked = p.query.text().to_string();
    p.matches = matches;
    p.selected = 0;
    p.ranking = false;
}

/// The background's ranking, if it is for the newest query.
pub fn ranked(app: &mut App, generation: u64, matches: Vec<ActorMatch>) {
    if let Mode::Picker(p) = &mut app.mode
        && generation == app.rank_generation
    {
        show(p, matches);
    }
}

/// Filter to the toggled actors, or to the one under the cursor.
fn submit(app: &mut App) -> Vec<Effect> {
    let Mode::Picker(p) = &mut app.mode else { return Vec::new() };
    let corpus = app.corpus.clone();
    if p.ranking {
        // Enter before the ranking arrived: finish it here, once.
        let all = (0..corpus.actors().len() as ActorIx).collect();
        show(p, RankRequest { query: p.query.text().to_string(), candidates: all }.run(&corpus));
    }
    let actors = if p.toggled.is_empty() {
        p.matches.get(p.selected).map(|m| vec![m.actor]).unwrap_or_default()
    } else {
        p.toggled.clone()
    };
    if actors.is_empty() {
        app.complain("no actor matches");
        return Vec::new();
    }
    let ids: Vec<String> = actors.iter().map(|&a| corpus.actors()[a as usize].id.clone()).collect();
    let filter = app.filter.with_actors(&ids);
    app.mode = Mode::Normal;
    app.rank_generation += 1;
    set_filter(app, filter, true).unwrap_or_else(|e| {
        app.complain(crate::text::sanitize_line(&e.message));
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    fn top(app: &App) -> &str {
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        &app.corpus.actors()[p.matches[0].actor as usize].id
    }

    #[test]
    fn the_query_ranks_and_enter_filters_to_the_best() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("putn"));
        assert_eq!(top(&app), "putin");
        run(&mut app, [Action::Submit]);
        assert_eq!((app.filter.actors().as_slice(), app.view.len()), (&["putin".to_string()][..], 1));
    }

    #[test]
    fn editing_inside_the_query_ranks_all_actors_again() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("xlavrov"));
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        assert!(p.matches.is_empty());
        run(&mut app, [Action::Edit(Edit::Home), Action::Edit(Edit::Delete)]);
        assert_eq!(top(&app), "lavrov", "not only the matches of 'xlavrov'");
    }

    #[test]
    fn space_toggles_several_actors_and_escape_cancels() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("lavrov"));
        run(&mut app, [Action::PickerToggle, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("obama"));
        run(&mut app, [Action::PickerToggle, Action::Submit]);
        assert_eq!(app.filter.actors(), ["lavrov", "obama"]);
        run(&mut app, [Action::OpenActorPicker, Action::Edit(Edit::Insert('z')), Action::Cancel]);
        assert_eq!(app.view.len(), 4, "Esc cancels");
    }

    #[test]
    fn many_actors_are_ranked_in_the_background_and_only_the_newest_ranking_counts() {
        let mut app = chain_app();
        app.rank_at_once = 0;
        run(&mut app, [Action::OpenActorPicker]);
        let effects = run(&mut app, typed("p"));
        let [Effect::Rank { generation: first, .. }] = &effects[..] else { panic!("{effects:?}") };
        let first = *first;
        let effects = run(&mut app, typed("u"));
        let [Effect::Rank { generation: newest, request }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(request.query, "pu");
        let (newest, matches) = (*newest, request.run(&app.corpus));
        run(&mut app, [Action::Ranked { generation: first, matches: Vec::new() }]);
        assert!(matches!(&app.mode, Mode::Picker(p) if p.ranking), "a stale ranking is dropped");
        run(&mut app, [Action::Ranked { generation: newest, matches }]);
        assert_eq!(top(&app), "putin");
        // Enter before an answer: the ranking is finished on the spot.
        run(&mut app, typed("t"));
        run(&mut app, [Action::Submit]);
        assert_eq!(app.filter.actors(), ["putin"]);
    }

    #[test]
    fn a_query_is_narrowed_only_from_the_ranking_of_a_query_it_extends() {
        let mut app = chain_app();
        app.rank_at_once = 0;
        let all = app.corpus.actors().len();
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("p"));
        let effects = run(&mut app, typed("u"));
        let [Effect::Rank { generation, request }] = &effects[..] else { panic!("{effects:?}") };
        let matches = request.run(&app.corpus);
        assert!(matches.len() < all);
        run(&mut app, [Action::Ranked { generation: *generation, matches }]);
        // Back to "p" (ranked in the background, still on its way), then "pa": the matches
        // shown are still those of "pu", which "pa" does not extend.
        run(&mut app, [Action::Edit(Edit::Backspace)]);
        let effects = run(&mut app, typed("a"));
        let [Effect::Rank { request, .. }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!((request.query.as_str(), request.candidates.len()), ("pa", all));
    }
}
