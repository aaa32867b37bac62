//! Context (`C`): the events around one, the filter lifted, from an hour to a year either
//! side (`+` widens, `-` narrows), the event kept in the middle of the list; Esc gives the
//! filtered view back, at the same event.

use super::cursor::{move_to, move_to_event};
use crate::model::EventIx;
use crate::tui::action::Action;
use crate::tui::app::{App, ContextView};
use crate::tui::density::Density;
use crate::tui::keymap::Context;
use std::sync::Arc;

/// The span a context opens with: a day either side.
const FIRST_SPAN: usize = 2;

/// Open the context of the event under the cursor.
pub fn open(app: &mut App) {
    let Some(event) = app.current() else { return };
    if app.corpus.start_of(event).is_none() {
        app.complain("this event is undated: it has no context in time");
        return;
    }
    let back = match app.context.take() {
        // From a context, a new one keeps the view to go back to.
        Some(c) => c.back,
        None => (app.view.clone(), app.density.clone(), app.cursor, app.offset),
    };
    show(app, ContextView { event, span: FIRST_SPAN, back });
}

/// `+` (wider) or `-` (narrower).
pub fn widen(app: &mut App, wider: bool) {
    let Some(mut context) = app.context.take() else {
        let c = app.key(Context::Timeline, Action::OpenContext);
        app.say(format!("{c} shows the events around this one; then + and - widen and narrow"));
        return;
    };
    let span = if wider { context.span + 1 } else { context.span.wrapping_sub(1) };
    if span >= ContextView::SPANS.len() {
        let limit = if wider { "widest" } else { "narrowest" };
        app.say(format!("±{} is the {limit} context", ContextView::SPANS[context.span].1));
        app.context = Some(context);
        return;
    }
    // Around the event under the cursor now, which may be another one of the context.
    context.event = app.current().filter(|&e| app.corpus.start_of(e).is_some()).unwrap_or(context.event);
    context.span = span;
    show(app, context);
}

/// Esc: the view from before the context, on the event the cursor is on (if that view
/// shows it), else where it was.
pub fn close(app: &mut App) -> bool {
    let Some(context) = app.context.take() else { return false };
    let here = app.current();
    let (view, density, cursor, offset) = context.back;
    app.view = view;
    app.density = density;
    app.cursor = cursor;
    app.offset = offset;
    if let Some(e) = here
        && !move_to_event(app, e)
    {
        move_to(app, cursor);
    }
    app.say("back from the context");
    true
}

fn show(app: &mut App, context: ContextView) {
    let corpus = &app.corpus;
    let Some(at) = corpus.start_of(context.event) else { return };
    let (half, said) = ContextView::SPANS[context.span];
    let starts = corpus.dated_starts();
    let lo = starts.partition_point(|&s| s < at.saturating_sub(half));
    let hi = starts.partition_point(|&s| s <= at.saturating_add(half));
    let events: Vec<EventIx> = match corpus.dated_between(lo, hi) {
        Ok(range) => (range.start as EventIx..range.end as EventIx).collect(),
        Err(list) => list,
    };
    let view = Arc::new(events);
    app.density = Density::of(corpus, &view);
    app.view = view;
    app.selection = None;
    let event = context.event;
    let count = app.view.len();
    app.context = Some(context);
    move_to_event(app, event);
    // In the middle of the list.
    let height = app.list_height();
    app.offset = app.cursor.saturating_sub(height / 2).min(app.view.len().saturating_sub(height));
    let esc = app.key(Context::Timeline, Action::Cancel);
    let n = crate::display::thousands(count);
    app.say(format!("±{said}: {n} events (+ wider, - narrower, {esc} back)"));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::tui::line_editor::Edit;

    #[test]
    fn c_lifts_the_filter_around_the_event_and_esc_gives_it_back() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenFilter, Action::Edit(Edit::Clear)]);
        run(&mut app, typed("actor:putin"));
        run(&mut app, [Action::Submit]);
        assert_eq!((app.view.len(), summary(&app)), (1, "Putin revokes the proposal"));
        run(&mut app, [Action::OpenContext]);
        let summaries: Vec<&str> = app.view.iter().map(|&e| app.corpus.events()[e as usize].summary.raw()).collect();
        // A day either side of 2016-12-30: the 29th and the 30th, the 31st is empty.
        assert_eq!(
            summaries,
            [
                "Obama expels 35 Russian diplomats",
                "Diplomats given 72 hours to leave",
                "Lavrov proposes expelling 35 US diplomats",
                "Putin revokes the proposal"
            ]
        );
        assert_eq!(summary(&app), "Putin revokes the proposal", "kept on the event");
        assert_eq!(app.message.as_ref().unwrap().text, "±1 day: 4 events (+ wider, - narrower, Esc back)");
        run(&mut app, [Action::Widen]);
        assert!(app.view.len() > 4);
        assert!(app.message.as_ref().unwrap().text.starts_with("±3 days"));
        run(&mut app, [Action::Narrow, Action::Narrow, Action::Narrow]);
        assert_eq!(app.view.len(), 2, "±1 hour: the proposal and the revocation, both on the 30th");
        run(&mut app, [Action::Narrow]);
        assert_eq!(app.message.as_ref().unwrap().text, "±1 hour is the narrowest context");
        run(&mut app, [Action::Up, Action::Cancel]);
        assert_eq!(app.view.len(), 1, "the filtered view again");
        assert_eq!(summary(&app), "Putin revokes the proposal", "the proposal is not in it: where it was");
        assert!(app.context.is_none());
        run(&mut app, [Action::Widen]);
        assert!(app.message.as_ref().unwrap().text.starts_with("C shows the events around this one"));
    }

    #[test]
    fn a_new_filter_ends_the_context_and_an_undated_event_has_none() {
        let mut app = chain_app();
        while summary(&app) != "Further steps may follow" {
            run(&mut app, [Action::Down]);
        }
        run(&mut app, [Action::OpenContext]);
        assert_eq!(app.message.as_ref().unwrap().text, "this event is undated: it has no context in time");
        run(&mut app, [Action::Top, Action::OpenContext, Action::ToggleUndated]);
        assert!(app.context.is_none(), "the filter's view replaces the context");
    }
}
