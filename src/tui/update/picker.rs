//! The actor picker (`a`): a fuzzy query ranked as you type (in the background for many
//! actors), Tab to tick actors, Enter to filter to exactly the ticked ones. It opens with
//! the filter's actors ticked, and counts the events of the view.

use super::filter::set_filter;
use crate::model::{ActorIx, Corpus, EventIx};
use crate::query::actors::find_actors;
use crate::query::{ActorMatch, rank_actors};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Picker};
use crate::tui::effect::Effect;
use crate::tui::jobs::RankRequest;
use crate::tui::line_editor::LineEditor;
use std::sync::Arc;

pub fn open(app: &mut App) {
    // On a store with a list of actors, that list (the window names only its events').
    let (cast, said) = match app.window.as_ref().map(|w| w.cast.get()) {
        Some(Some(Ok(Some(listed)))) => (Some(listed.clone()), None),
        Some(Some(Ok(None))) => (None, Some("the store lists no actors: these are the window's".to_string())),
        Some(Some(Err(why))) => {
            let why = crate::text::sanitize_line(why);
            (None, Some(format!("the store's actors could not be listed ({why}): these are the window's")))
        }
        Some(None) => (None, Some("the store's actors are being listed: these are the window's".to_string())),
        None => (None, None),
    };
    if let Some(said) = said {
        app.say(said);
    }
    let actors = cast.as_ref().map_or(&*app.corpus, |c| &*c.actors);
    let query = LineEditor::default();
    let ranked = String::new();
    let mut toggled: Vec<ActorIx> = Vec::new();
    let (asked, _) = app.asked_filter();
    for name in asked.actors() {
        for actor in find_actors(actors, &name) {
            if !toggled.contains(&actor) {
                toggled.push(actor);
            }
        }
    }
    let matches = match &cast {
        // The store's, most events first (as its own events rank a corpus's).
        Some(c) => c.by_events.iter().map(|&actor| ActorMatch { actor, score: 0, alias: None }).collect(),
        None => rank_actors(actors, ""),
    };
    let in_view = match (&cast, &app.window) {
        (Some(c), Some(w)) => passing_in_store(app, c, w).map(Arc::new),
        _ => app.filtered_in_window().then(|| Arc::new(events_in_view(&app.corpus, &app.view))),
    };
    let picker = Picker { query, matches, selected: 0, toggled, ranking: false, ranked, in_view, cast };
    app.mode = Mode::Picker(picker);
}

/// On a store whose query (or a notes filter) narrows it: how many passing events each of
/// the store's actors takes part in. The whole store's once counted in the background;
/// the view's when it is within the window, or when the window holds all that passes;
/// None while not known yet (the store's own counts are shown).
fn passing_in_store(app: &App, cast: &crate::tui::Cast, w: &crate::tui::app::StoreWindow) -> Option<Vec<u32>> {
    let ids = cast.actors.actors();
    if app.filtered_in_window() || (w.reach.holds_all() && !w.query.is_empty()) {
        let here = events_in_view(&app.corpus, &app.view);
        let by_id: std::collections::HashMap<&str, u32> =
            app.corpus.actors().iter().zip(here).map(|(a, n)| (a.id.as_str(), n)).collect();
        return Some(ids.iter().map(|a| by_id.get(a.id.as_str()).copied().unwrap_or(0)).collect());
    }
    let counted = w.reach.actors_passing.as_ref().filter(|_| !w.query.is_empty())?;
    Some(ids.iter().map(|a| counted.get(&a.id).map_or(0, |&n| n.min(u64::from(u32::MAX)) as u32)).collect())
}

/// How many events of `view` each actor takes part in.
fn events_in_view(corpus: &Corpus, view: &[EventIx]) -> Vec<u32> {
    let mut counts = vec![0u32; corpus.actors().len()];
    for &e in view {
        let participants = &corpus.events()[e as usize].participants;
        for (i, p) in participants.iter().enumerate() {
            // An actor in two roles is one event of theirs.
            if !participants[..i].iter().any(|q| q.actor == p.actor) {
                counts[p.actor as usize] += 1;
            }
        }
    }
    counts
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
                p.selected = (p.selected + 1).min(p.matches.len() - 1);
            }
        }
        Action::PickerToggleAll => {
            if p.matches.iter().all(|m| p.toggled.contains(&m.actor)) {
                p.toggled.retain(|a| !p.matches.iter().any(|m| m.actor == *a));
            } else {
                for m in &p.matches {
                    if !p.toggled.contains(&m.actor) {
                        p.toggled.push(m.actor);
                    }
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
    let corpus = p.actors(&app.corpus);
    let candidates: Vec<ActorIx> = if narrower {
        let mut previous: Vec<ActorIx> = p.matches.iter().map(|m| m.actor).collect();
        // Scored in storage order, which walks memory in order; ranking sorts again.
        previous.sort_unstable();
        previous
    } else {
        (0..corpus.actors().len() as ActorIx).collect()
    };
    let request = RankRequest { query: p.query.text().to_string(), candidates, cast: p.cast.clone() };
    app.rank_generation += 1;
    if corpus.actors().len() <= app.rank_at_once {
        let matches = request.run(&app.corpus);
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
        let all = (0..p.actors(&corpus).actors().len() as ActorIx).collect();
        let request = RankRequest { query: p.query.text().to_string(), candidates: all, cast: p.cast.clone() };
        show(p, request.run(&corpus));
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
    let ids: Vec<String> = actors.iter().map(|&a| p.actors(&corpus).actors()[a as usize].id.clone()).collect();
    let filter = app.asked_filter().0.with_actors(&ids);
    let words = filter.to_words();
    app.mode = Mode::Normal;
    app.rank_generation += 1;
    match set_filter(app, filter, true) {
        Ok(effects) => {
            super::filter::filtered_within(app, &words);
            effects
        }
        Err(e) => {
            app.complain(crate::text::sanitize_line(&e.message));
            Vec::new()
        }
    }
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

    fn ticked(app: &App) -> Vec<&str> {
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        let mut ids: Vec<&str> = p.toggled.iter().map(|&a| app.corpus.actors()[a as usize].id.as_str()).collect();
        ids.sort();
        ids
    }

    #[test]
    fn the_picker_opens_with_the_filters_actors_ticked_and_enter_sets_exactly_the_ticked() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("(actor:lavrov or actor:Obama) -status:denied"));
        run(&mut app, [Action::Submit, Action::OpenActorPicker]);
        assert_eq!(ticked(&app), ["lavrov", "obama"], "names and ids both found");
        // Adding Putin keeps Lavrov and Obama, and the rest of the filter.
        run(&mut app, typed("putin"));
        run(&mut app, [Action::PickerToggle, Action::Submit]);
        assert_eq!(app.filter.to_words(), "-status:denied (actor:lavrov or actor:obama or actor:putin)");
        // Unticking one leaves the others.
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("obama"));
        run(&mut app, [Action::PickerToggle, Action::Submit]);
        assert_eq!(app.filter.actors(), ["lavrov", "putin"]);
    }

    #[test]
    fn space_is_typed_tab_ticks_and_moves_on_ctrl_t_ticks_every_match() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenActorPicker]);
        run(&mut app, typed("sergei lavrov"));
        assert_eq!(top(&app), "lavrov", "a query with a space");
        run(&mut app, [Action::Edit(Edit::Clear), Action::PickerToggle]);
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        assert_eq!((p.toggled.len(), p.selected), (1, 1), "ticked, then on to the next (fzf's Tab)");
        run(&mut app, [Action::PickerToggleAll]);
        assert_eq!(ticked(&app).len(), app.corpus.actors().len());
        run(&mut app, [Action::PickerToggleAll]);
        assert!(ticked(&app).is_empty(), "all ticked: Ctrl-t unticks them");
        run(&mut app, typed("o"));
        run(&mut app, [Action::PickerToggleAll]);
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        assert_eq!(p.toggled.len(), p.matches.len(), "only the matches");
    }

    #[test]
    fn in_a_filtered_view_the_picker_counts_the_views_events() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenActorPicker]);
        assert!(matches!(&app.mode, Mode::Picker(p) if p.in_view.is_none()), "unfiltered: the corpus's counts");
        run(&mut app, [Action::Cancel, Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("from:2016-12-30"));
        run(&mut app, [Action::Submit, Action::OpenActorPicker]);
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        let here = p.in_view.as_ref().expect("counts of the view");
        let in_view = |actor: ActorIx| {
            app.view
                .iter()
                .filter(|&&e| app.corpus.events()[e as usize].participants.iter().any(|q| q.actor == actor))
                .count()
        };
        for actor in 0..app.corpus.actors().len() as ActorIx {
            assert_eq!(here[actor as usize] as usize, in_view(actor));
        }
        let fewer =
            (0..app.corpus.actors().len() as ActorIx).filter(|&a| in_view(a) < app.corpus.actor_events(a).len());
        assert!(fewer.count() > 0, "some actors have fewer events in the view than in the corpus");
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

    /// A store's list of actors that the window's events do not all name: Putin, Nemtsov
    /// and two governments both named RUSSIA, with their events in the store.
    fn store_cast() -> crate::tui::Cast {
        use crate::model::{Actor, ActorKind, Parts};
        use crate::text::Text;
        let mut parts = Parts::default();
        for (id, name) in
            [("putin", "Vladimir Putin"), ("nemtsov", "Boris Nemtsov"), ("rus", "RUSSIA"), ("rusgov", "RUSSIA")]
        {
            parts.actor_ids.insert(id.to_string(), parts.actors.len() as ActorIx);
            parts.actors.push(Actor {
                id: id.into(),
                name: Text::line(name),
                aliases: Vec::new(),
                kind: ActorKind::Person,
                description: None,
                declared: true,
            });
        }
        let actors = Arc::new(Corpus::assemble(parts));
        crate::tui::Cast::new(actors, Arc::new(vec![5_000, 70, 200_000, 9_000]))
    }

    #[test]
    fn on_a_store_the_picker_lists_the_stores_actors_and_enter_reads_the_store() {
        use crate::tui::app::StoreWindow;
        let mut app = chain_app();
        let reach = crate::tui::Reach { after: Some("0 row 10".into()), ..Default::default() };
        let window = StoreWindow::new("gdelt.d".into(), "actor:putin".into(), reach);
        app.window = Some(StoreWindow { cast: Arc::new(Ok(Some(store_cast())).into()), ..window });
        app.filter = crate::query::Filter::parse_words("actor:putin").unwrap();
        app.filters_on = true;
        run(&mut app, [Action::OpenActorPicker]);
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        let corpus = app.corpus.clone();
        let ids = |p: &Picker| -> Vec<String> {
            p.matches.iter().map(|m| p.actors(&corpus).actor(m.actor).id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(p), ["rus", "rusgov", "putin", "nemtsov"], "the store's, most of its events first");
        assert_eq!(p.toggled, [0], "the filter's actor ticked, found in the store's list");
        assert!(p.in_view.is_none());
        // Ties go to the actor with more of the store's events.
        run(&mut app, typed("russia"));
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        assert_eq!(ids(p), ["rus", "rusgov"]);
        // Nemtsov, whom no event of the window names: the store is read for him and Putin.
        run(&mut app, [Action::Edit(Edit::Clear)]);
        run(&mut app, typed("nemts"));
        let effects = run(&mut app, [Action::PickerToggle, Action::Submit]);
        let [Effect::Reopen { query, filter, .. }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(query, "actor:putin or actor:nemtsov");
        assert_eq!(filter, &Some(("actor:putin or actor:nemtsov".to_string(), true)));
        assert_eq!(app.filter.to_words(), "actor:putin", "the filter shown changes with the window");
    }

    #[test]
    fn on_a_filtered_store_the_picker_counts_what_passes() {
        use crate::tui::app::StoreWindow;
        let mut app = chain_app();
        let reach = crate::tui::Reach { after: Some("0 row 10".into()), ..Default::default() };
        let window = StoreWindow::new("gdelt.d".into(), "date:*".into(), reach);
        app.window = Some(StoreWindow { cast: Arc::new(Ok(Some(store_cast())).into()), ..window });
        let in_view = |app: &App| match &app.mode {
            Mode::Picker(p) => p.in_view.as_deref().cloned(),
            _ => panic!("picker open"),
        };
        // Not counted yet: the store's own counts.
        run(&mut app, [Action::OpenActorPicker]);
        assert_eq!(in_view(&app), None);
        // Counted in the whole store: by id, onto the store's list (putin, nemtsov, rus, rusgov).
        let counted = [("putin".to_string(), 40), ("rus".to_string(), 7)].into_iter().collect();
        app.window.as_mut().unwrap().reach.actors_passing = Some(Arc::new(counted));
        run(&mut app, [Action::Cancel, Action::OpenActorPicker]);
        assert_eq!(in_view(&app), Some(vec![40, 0, 7, 0]));
        // A window that holds all that passes: its own events, by id.
        app.window.as_mut().unwrap().reach = crate::tui::Reach::default();
        run(&mut app, [Action::Cancel, Action::OpenActorPicker]);
        let putin = app.corpus.actor_by_id("putin").unwrap();
        let here = app.corpus.actor_events(putin).len() as u32;
        assert_eq!(in_view(&app), Some(vec![here, 0, 0, 0]));
    }

    #[test]
    fn a_store_whose_actors_could_not_be_listed_says_why_and_lists_the_windows() {
        use crate::tui::app::StoreWindow;
        let mut app = chain_app();
        let window = StoreWindow::new("gdelt.d".into(), String::new(), crate::tui::Reach::default());
        let failed = Arc::new(Err("cannot reach ClickHouse".to_string()).into());
        app.window = Some(StoreWindow { cast: failed, ..window });
        run(&mut app, [Action::OpenActorPicker]);
        let said = &app.message.as_ref().unwrap().text;
        assert_eq!(said, "the store's actors could not be listed (cannot reach ClickHouse): these are the window's");
        assert!(
            matches!(&app.mode, Mode::Picker(p) if p.cast.is_none() && p.matches.len() == app.corpus.actors().len())
        );
        // Still being listed: said too.
        let window = StoreWindow::new("gdelt.d".into(), String::new(), crate::tui::Reach::default());
        app.window = Some(StoreWindow { cast: Arc::default(), ..window });
        run(&mut app, [Action::Cancel, Action::OpenActorPicker]);
        assert!(app.message.as_ref().unwrap().text.starts_with("the store's actors are being listed"));
    }

    #[test]
    fn on_a_store_many_actors_are_ranked_in_the_background_among_the_stores() {
        use crate::tui::app::StoreWindow;
        let mut app = chain_app();
        app.rank_at_once = 0;
        let window = StoreWindow::new("gdelt.d".into(), String::new(), crate::tui::Reach::default());
        app.window = Some(StoreWindow { cast: Arc::new(Ok(Some(store_cast())).into()), ..window });
        run(&mut app, [Action::OpenActorPicker]);
        let effects = run(&mut app, typed("nem"));
        let Some(Effect::Rank { generation, request }) = effects.last() else { panic!("{effects:?}") };
        assert_eq!(request.candidates.len(), 4, "the store's actors");
        // As the worker runs it, on the window's corpus: the request ranks the store's list.
        let matches = request.run(&app.corpus);
        run(&mut app, [Action::Ranked { generation: *generation, matches }]);
        let Mode::Picker(p) = &app.mode else { panic!("picker open") };
        assert_eq!(p.actors(&app.corpus).actor(p.matches[0].actor).id, "nemtsov");
    }
}
