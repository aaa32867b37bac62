//! The actor lanes (`L`): one lane per actor of the filter's top-level actor choice (else
//! the view's busiest), each the actor's events in the view on a shared time ruler; ↑/↓
//! move between lanes (to the event nearest in time), ←/→ along one, `+`/`-` zoom around
//! the selected event, `d` keeps only the events between the first two actors, Enter
//! jumps to the event in the timeline.

use super::cursor::move_to;
use crate::model::ActorIx;
use crate::query::lanes::{lane, top_actors};
use crate::tui::action::Action;
use crate::tui::app::{App, LanesPanel, Mode};
use crate::tui::effect::Effect;

/// Lanes shown when the filter names no actor: the view's busiest actors.
pub const TOP_ACTORS: usize = 5;

/// The deepest zoom: the span halved this many times.
const MAX_ZOOM: u32 = 24;

/// The actors the filter chose (at its top level), as the corpus knows them.
fn filter_actors(app: &App) -> Vec<ActorIx> {
    if !app.filters_on {
        return Vec::new();
    }
    let mut out = Vec::new();
    for id in app.filter.actors() {
        let found = app
            .corpus
            .actor_by_id(&id)
            .map(|a| vec![a])
            .unwrap_or_else(|| crate::query::actors::find_actors(&app.corpus, &id));
        for a in found {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

pub fn open(app: &mut App) {
    let mut actors = filter_actors(app);
    if actors.is_empty() {
        actors = top_actors(&app.corpus, &app.view, TOP_ACTORS);
    }
    if actors.is_empty() {
        app.say("no actors in this view");
        return;
    }
    let mut panel = LanesPanel { actors, lanes: Vec::new(), dyad: false, lane: 0, event: 0, zoom: 0 };
    build(app, &mut panel);
    // The timeline's cursor event, if a lane has it.
    if let Some(current) = app.current() {
        for (l, lane) in panel.lanes.iter().enumerate() {
            if let Some(e) = lane.events.iter().position(|e| e.event == current) {
                (panel.lane, panel.event) = (l, e);
                break;
            }
        }
    }
    app.mode = Mode::Lanes(panel);
}

/// The lanes of the panel's actors (in dyad mode: the first two, each with the other).
fn build(app: &App, panel: &mut LanesPanel) {
    panel.lanes = if panel.dyad {
        let (a, b) = (panel.actors[0], panel.actors[1]);
        vec![lane(&app.corpus, &app.view, a, Some(b)), lane(&app.corpus, &app.view, b, Some(a))]
    } else {
        panel.actors.iter().map(|&a| lane(&app.corpus, &app.view, a, None)).collect()
    };
    panel.lane = panel.lane.min(panel.lanes.len().saturating_sub(1));
    panel.event = panel.event.min(panel.lanes.get(panel.lane).map_or(0, |l| l.events.len().saturating_sub(1)));
}

pub fn lanes(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Lanes(p) = &mut app.mode else { return Vec::new() };
    let events = p.lanes.get(p.lane).map_or(0, |l| l.events.len());
    let last = events.saturating_sub(1);
    match action {
        Action::PickerDown | Action::PickerUp => {
            let to = if action == Action::PickerDown {
                (p.lane + 1).min(p.lanes.len().saturating_sub(1))
            } else {
                p.lane.saturating_sub(1)
            };
            let at = p.lanes[p.lane].events.get(p.event).map(|e| e.start);
            p.event = nearest(&p.lanes[to], at);
            p.lane = to;
        }
        Action::ScrollRight => p.event = (p.event + 1).min(last),
        Action::ScrollLeft => p.event = p.event.saturating_sub(1),
        Action::Top => p.event = 0,
        Action::Bottom => p.event = last,
        Action::ZoomIn => p.zoom = (p.zoom + 1).min(MAX_ZOOM),
        Action::ZoomOut => p.zoom = p.zoom.saturating_sub(1),
        Action::ToggleDyad => {
            if p.actors.len() < 2 {
                app.say("a dyad needs two actors: pick them with a, Tab to tick, Enter");
                return Vec::new();
            }
            let mut panel = p.clone();
            panel.dyad = !panel.dyad;
            panel.lane = 0;
            panel.event = 0;
            build(app, &mut panel);
            app.mode = Mode::Lanes(panel);
        }
        Action::Submit => match p.lanes.get(p.lane).and_then(|l| l.events.get(p.event)) {
            Some(e) => {
                let position = e.position;
                app.mode = Mode::Normal;
                move_to(app, position);
            }
            None => app.say("no event on this lane"),
        },
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

/// The event of `lane` nearest in time to `at` (its first without one).
fn nearest(lane: &crate::query::lanes::Lane, at: Option<i64>) -> usize {
    let Some(at) = at else { return 0 };
    let after = lane.events.partition_point(|e| e.start < at);
    let before = after.checked_sub(1);
    match (before, lane.events.get(after)) {
        (Some(b), Some(a)) if at - lane.events[b].start <= a.start - at => b,
        (_, Some(_)) => after,
        (Some(b), None) => b,
        (None, None) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::query::lanes::Direction;

    fn panel(app: &App) -> &LanesPanel {
        let Mode::Lanes(p) = &app.mode else { panic!("the lanes are open: {:?}", app.mode) };
        p
    }

    fn names(app: &App) -> Vec<&str> {
        panel(app).lanes.iter().map(|l| app.corpus.actor(l.actor).name.raw()).collect()
    }

    fn selected_summary(app: &App) -> &str {
        let p = panel(app);
        app.corpus.event(p.lanes[p.lane].events[p.event].event).summary.raw()
    }

    fn pick(app: &mut App, words: &str) {
        run(app, [Action::OpenFilter, Action::Edit(crate::tui::line_editor::Edit::Clear)]);
        run(app, typed(words));
        run(app, [Action::Submit]);
    }

    #[test]
    fn l_shows_a_lane_per_actor_of_the_filter_on_the_cursors_event() {
        let mut app = chain_app();
        pick(&mut app, "actor:lavrov or actor:obama");
        // The fourth row: the third is undated (reported on 2016-12-30), and a lane selects
        // dated events.
        run(&mut app, [Action::Down, Action::Down, Action::Down]);
        let cursor = summary(&app).to_string();
        run(&mut app, [Action::OpenLanes]);
        assert_eq!(names(&app), ["Sergei Lavrov", "Barack Obama"]);
        assert_eq!(selected_summary(&app), cursor);
        run(&mut app, [Action::Cancel]);
        assert_eq!(app.mode, Mode::Normal);
    }

    #[test]
    fn without_actors_in_the_filter_the_busiest_actors_have_lanes() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenLanes]);
        assert!(names(&app).len() > 2 && names(&app).len() <= TOP_ACTORS, "{:?}", names(&app));
        let counts: Vec<usize> = panel(&app).lanes.iter().map(|l| l.events.len() + l.undated).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "busiest first: {counts:?}");
    }

    #[test]
    fn keys_move_along_and_between_lanes_zoom_and_enter_jumps() {
        let mut app = chain_app();
        pick(&mut app, "actor:lavrov or actor:obama");
        run(&mut app, [Action::OpenLanes]);
        assert_eq!(panel(&app).lane, 1, "the cursor's event, Obama's expulsions");
        run(&mut app, [Action::PickerUp, Action::Top]);
        assert_eq!((panel(&app).lane, panel(&app).event), (0, 0));
        assert_eq!(panel(&app).lanes[0].events.len(), 2, "{:?}", panel(&app).lanes[0]);
        run(&mut app, [Action::ScrollRight, Action::ScrollRight]);
        assert_eq!(panel(&app).event, 1, "no further than the last");
        run(&mut app, [Action::ScrollLeft]);
        assert_eq!(panel(&app).event, 0);
        run(&mut app, [Action::Bottom]);
        let last = panel(&app).lanes[0].events.len() - 1;
        assert_eq!(panel(&app).event, last);
        let at = panel(&app).lanes[0].events[last].start;
        run(&mut app, [Action::PickerDown]);
        assert_eq!(panel(&app).lane, 1);
        let obama = panel(&app).lanes[1].clone();
        let chosen = obama.events[panel(&app).event].start;
        assert!(obama.events.iter().all(|e| (e.start - at).abs() >= (chosen - at).abs()), "the nearest in time");
        run(&mut app, [Action::PickerDown, Action::ZoomIn, Action::ZoomIn, Action::ZoomOut]);
        assert_eq!((panel(&app).lane, panel(&app).zoom), (1, 1));
        let target = obama.events[panel(&app).event].position;
        run(&mut app, [Action::Submit]);
        assert_eq!((&app.mode, app.cursor), (&Mode::Normal, target));
    }

    #[test]
    fn the_dyad_keeps_the_events_between_the_first_two_with_their_direction() {
        let mut app = chain_app();
        pick(&mut app, "actor:lavrov");
        run(&mut app, [Action::OpenLanes, Action::ToggleDyad]);
        assert!(app.message.as_ref().unwrap().text.contains("two actors"));
        run(&mut app, [Action::Cancel]);
        pick(&mut app, "actor:lavrov or actor:usa");
        run(&mut app, [Action::OpenLanes, Action::ToggleDyad]);
        let p = panel(&app);
        assert!(p.dyad && p.lanes.len() == 2);
        let lavrov = &p.lanes[0];
        assert!(!lavrov.events.is_empty());
        for e in &lavrov.events {
            let names = crate::display::actor_names(&app.corpus, e.event);
            assert!(names.contains("United States"), "{names}");
        }
        assert!(lavrov.events.iter().any(|e| e.direction == Direction::Outgoing), "Lavrov proposes against the US");
        let us = &p.lanes[1];
        assert_eq!(
            lavrov.events.iter().filter(|e| e.direction == Direction::Outgoing).count(),
            us.events.iter().filter(|e| e.direction == Direction::Incoming).count(),
            "the same events seen from the other side"
        );
        run(&mut app, [Action::ToggleDyad]);
        assert!(!panel(&app).dyad);
    }
}
