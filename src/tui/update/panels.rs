//! The panels over the timeline: the article view, related events, help and diagnostics.
//! Scrolls are bounded by what the view drew ([`crate::tui::viewport`]): no text is
//! wrapped here.

use super::cursor::move_to_event;
use crate::model::EventIx;
use crate::query::filter::TextQuery;
use crate::tui::action::Action;
use crate::tui::app::{App, ArticleFind, Mode, RelatedItem};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::line_editor::LineEditor;
use crate::tui::viewport::Scroll;

/// Open the article of `event`, where its evidence is (the view finds the line).
pub fn show_article(app: &mut App, event: EventIx) {
    app.viewport.panel.set(Scroll::UNKNOWN);
    app.mode = Mode::Article { event, scroll: None, find: None };
}

pub fn article(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Article { event, scroll, find } = &mut app.mode else { return Vec::new() };
    let event = *event;
    let bounds = app.viewport.panel.get();
    // Until the reader scrolls, the article stays where the view put it.
    let from = scroll.unwrap_or(bounds.shown);
    let page = i32::from(bounds.page);
    if let Some(f) = find.as_mut().filter(|f| f.editing) {
        match action {
            Action::Edit(edit) => {
                f.input.apply(edit);
            }
            Action::Submit => {
                f.editing = false;
                f.line = None;
                find_in_article(app, true);
            }
            Action::Cancel => *find = None,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Down => *scroll = Some(bounds.moved(from, 1)),
        Action::Up => *scroll = Some(bounds.moved(from, -1)),
        Action::PageDown => *scroll = Some(bounds.moved(from, page)),
        Action::PageUp => *scroll = Some(bounds.moved(from, -page)),
        Action::Top => *scroll = Some(0),
        Action::Bottom => *scroll = Some(bounds.max),
        Action::ArticleFind => *find = Some(ArticleFind { input: LineEditor::default(), editing: true, line: None }),
        Action::ArticleNextEvent | Action::ArticlePrevEvent if find.is_some() => {
            find_in_article(app, action == Action::ArticleNextEvent);
        }
        Action::ArticleNextEvent | Action::ArticlePrevEvent => {
            let events = app.article_events(event);
            let i = events.iter().position(|&e| e == event).unwrap_or(0);
            let next = if action == Action::ArticleNextEvent {
                events.get(i + 1).copied()
            } else {
                i.checked_sub(1).map(|j| events[j])
            };
            match next {
                Some(e) => show_article(app, e),
                None => app.say("no more events in this article"),
            }
        }
        Action::Cancel => {
            app.mode = Mode::Normal;
            // Come back on the event last read, if the view shows it.
            move_to_event(app, event);
        }
        _ => {}
    }
    Vec::new()
}

/// The next (or previous) line of the article, as the view last wrapped it, that holds
/// the words of `/`, shown near the top; round the end when none is left (saying so).
/// A match cut by a line's wrap is not found.
fn find_in_article(app: &mut App, forward: bool) {
    let Mode::Article { event, scroll, find: Some(f) } = &mut app.mode else { return };
    let Some(query) = TextQuery::new(f.input.text()) else {
        app.say("type words to search for after /");
        return;
    };
    let lines = match &*app.viewport.article.borrow() {
        Some(w) if w.event == *event => w.lines.clone(),
        _ => return,
    };
    let text = |k: usize| lines[k].spans.iter().map(|s| s.content.as_ref()).collect::<String>();
    let count = lines.len();
    let shown = usize::from(scroll.unwrap_or(app.viewport.panel.get().shown));
    // From the line after the last match, or from the top of the screen (that one too).
    let origin = f.line.unwrap_or(shown).min(count.saturating_sub(1));
    let first = usize::from(f.line.is_some());
    let step = |i: usize| {
        if forward {
            ((origin + i) % count.max(1), origin + i >= count)
        } else {
            ((origin + count - i) % count.max(1), i > origin)
        }
    };
    let Some((line, wrapped)) = (first..first + count).map(step).find(|&(k, _)| query.found_in(&text(k))) else {
        let words = crate::text::sanitize_line(f.input.text());
        f.line = None;
        app.complain(format!("no match for '{words}' in this article"));
        return;
    };
    f.line = Some(line);
    // A few lines of what leads to it above.
    *scroll = Some(u16::try_from(line.saturating_sub(2)).unwrap_or(u16::MAX));
    let total = (0..count).filter(|&k| query.found_in(&text(k))).count();
    let before = (0..=line).filter(|&k| query.found_in(&text(k))).count();
    let mut said = format!("match {before}/{total}");
    if wrapped {
        said.push_str(if forward { " (search wrapped: from the top)" } else { " (search wrapped: from the bottom)" });
    }
    app.say(said);
}

/// The current event's relations, both directions.
pub fn open_relations(app: &mut App) {
    let Some(current) = app.current() else { return };
    let corpus = &app.corpus;
    // With stories on, the story's relations with other stories, each once.
    if let Some(stories) = app.stories.as_deref().filter(|_| app.stories_on) {
        let lifted = crate::stories::lift::relations(corpus, stories, stories.story_of(current));
        let items: Vec<RelatedItem> = lifted
            .iter()
            .map(|l| RelatedItem { label: l.label(), event: Some(stories.lead(l.story)), unresolved: None })
            .collect();
        if items.is_empty() {
            app.say("this story has no relations with other stories");
        } else {
            app.mode = Mode::Relations { items, selected: 0 };
        }
        return;
    }
    let event = &corpus.events()[current as usize];
    let outgoing = event.relations.iter().map(|r| RelatedItem {
        label: r.kind.label(),
        event: r.target,
        unresolved: r.target.is_none().then(|| r.target_ref.to_string()),
    });
    let incoming = corpus.incoming(current).iter().map(|&(kind, source)| RelatedItem {
        label: kind.inverse_label(),
        event: Some(source),
        unresolved: None,
    });
    let items: Vec<RelatedItem> = outgoing.chain(incoming).collect();
    if items.is_empty() {
        app.say("this event has no relations");
        return;
    }
    app.mode = Mode::Relations { items, selected: 0 };
}

pub fn relations(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Relations { items, selected } = &mut app.mode else { return Vec::new() };
    if let Some(row) = super::cursor::panel_row(*selected, &action, items.len(), super::cursor::PANEL_PAGE) {
        *selected = row;
        return Vec::new();
    }
    match action {
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            let item = items[*selected].clone();
            let Some(target) = item.event else {
                let text = format!("'{}' is not in the corpus", item.unresolved.unwrap_or_default());
                app.complain(crate::text::sanitize_line(&text));
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
pub(super) fn jump_to_event(app: &mut App, target: EventIx) {
    if move_to_event(app, target) {
        return;
    }
    if super::filter::show_all_held(app) {
        let x = app.key(Context::Timeline, Action::ToggleFilters);
        app.say(format!("filters off to show it ({x} turns them on again)"));
    }
    move_to_event(app, target);
}

/// Help or diagnostics, from the top.
pub fn open_text_panel(app: &mut App, mode: Mode) {
    app.viewport.panel.set(Scroll::UNKNOWN);
    app.mode = mode;
}

pub fn text_panel(app: &mut App, action: Action) -> Vec<Effect> {
    let (Mode::Help { scroll } | Mode::Diagnostics { scroll }) = &mut app.mode else { return Vec::new() };
    let bounds = app.viewport.panel.get();
    let page = i32::from(bounds.page);
    match action {
        Action::Down => *scroll = bounds.moved(*scroll, 1),
        Action::Up => *scroll = bounds.moved(*scroll, -1),
        Action::PageDown => *scroll = bounds.moved(*scroll, page),
        Action::PageUp => *scroll = bounds.moved(*scroll, -page),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = bounds.max,
        Action::Cancel => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use std::sync::Arc;

    fn article_at(app: &App) -> (&str, Option<u16>) {
        let Mode::Article { event, scroll, .. } = app.mode else { panic!("article open") };
        (&app.corpus.events()[event as usize].id, scroll)
    }

    #[test]
    fn the_article_moves_between_its_events_and_back_to_the_last_read() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::Down, Action::OpenArticle]);
        assert_eq!(article_at(&app), ("expel", None));
        run(&mut app, [Action::ArticleNextEvent]);
        assert_eq!(article_at(&app), ("window", None));
        run(&mut app, [Action::Cancel]);
        assert_eq!(summary(&app), "Diplomats given 72 hours to leave");
    }

    #[test]
    fn the_article_scrolls_from_where_it_was_drawn_and_not_past_its_end() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenArticle]);
        app.viewport.panel.set(Scroll { shown: 4, max: 6, page: 3 });
        run(&mut app, [Action::Down]);
        assert_eq!(article_at(&app).1, Some(5), "from the evidence's line the view chose");
        run(&mut app, [Action::PageDown, Action::PageDown]);
        assert_eq!(article_at(&app).1, Some(6));
        run(&mut app, [Action::Up]);
        assert_eq!(article_at(&app).1, Some(5));
    }

    #[test]
    fn help_scrolls_within_its_drawn_bounds() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenHelp]);
        app.viewport.panel.set(Scroll { shown: 0, max: 2, page: 10 });
        run(&mut app, [Action::Down, Action::Down, Action::Down, Action::Down]);
        assert_eq!(app.mode, Mode::Help { scroll: 2 });
        run(&mut app, [Action::Up]);
        assert_eq!(app.mode, Mode::Help { scroll: 1 });
        run(&mut app, [Action::Cancel, Action::OpenDiagnostics]);
        assert_eq!(app.mode, Mode::Diagnostics { scroll: 0 });
    }

    #[test]
    fn relations_jump_and_turn_off_filters_that_hide_the_target() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenFilter]);
        run(&mut app, typed("actor:putin"));
        run(&mut app, [Action::Submit, Action::OpenRelations]);
        let Mode::Relations { items, .. } = &app.mode else { panic!("relations open") };
        assert_eq!(items.iter().map(|i| i.label).collect::<Vec<_>>(), ["revokes"]);
        run(&mut app, [Action::Submit]);
        assert_eq!(summary(&app), "Lavrov proposes expelling 35 US diplomats");
        assert!(!app.filters_on, "the filter hid it, so filters are off");
        run(&mut app, [Action::OpenRelations]);
        let Mode::Relations { items, .. } = &app.mode else { panic!("relations open") };
        assert_eq!(items.iter().map(|i| i.label).collect::<Vec<_>>(), ["retaliates for", "revoked by"]);
        run(&mut app, [Action::Cancel, Action::Top, Action::OpenRelations]);
        assert_eq!(app.message.as_ref().unwrap().text, "this event has no relations");
    }

    /// The article of the event under the cursor, as the view would wrap it at `width`.
    fn drawn(app: &App, width: usize) -> usize {
        let Mode::Article { event, .. } = app.mode else { panic!("article open") };
        let (lines, evidence_line) = crate::tui::view::article::article_lines(&app.corpus, event, width, &app.theme);
        let count = lines.len();
        let wrapped = crate::tui::viewport::WrappedArticle { event, width, lines: Arc::new(lines), evidence_line };
        *app.viewport.article.borrow_mut() = Some(wrapped);
        app.viewport.panel.set(Scroll { shown: 0, max: count.saturating_sub(3) as u16, page: 3 });
        count
    }

    #[test]
    fn slash_searches_the_article_and_n_goes_round_its_matches() {
        let mut app = chain_app();
        run(&mut app, [Action::Down, Action::Down, Action::OpenArticle]);
        let lines = drawn(&app, 20);
        run(&mut app, [Action::ArticleFind]);
        assert_eq!(app.mode.context(), crate::tui::keymap::Context::Prompt, "the words are typed");
        run(&mut app, typed("diplomats"));
        run(&mut app, [Action::Submit]);
        let said = |app: &App| app.message.as_ref().unwrap().text.clone();
        let line_of = |app: &App| match &app.mode {
            Mode::Article { find: Some(f), .. } => f.line.unwrap(),
            other => panic!("{other:?}"),
        };
        let text = |k: usize| {
            let Some(w) = &*app.viewport.article.borrow() else { unreachable!() };
            w.lines[k].spans.iter().map(|s| s.content.to_string()).collect::<String>()
        };
        let with_the: Vec<usize> = (0..lines).filter(|&k| text(k).to_lowercase().contains("diplomats")).collect();
        assert!(with_the.len() >= 2, "{with_the:?}");
        assert_eq!(line_of(&app), with_the[0]);
        assert_eq!(said(&app), format!("match 1/{}", with_the.len()));
        assert_eq!(article_at(&app).1, Some(with_the[0].saturating_sub(2) as u16), "shown near the top");
        run(&mut app, [Action::ArticleNextEvent]);
        assert_eq!(line_of(&app), with_the[1], "n: the next match, not the next event");
        run(&mut app, [Action::ArticlePrevEvent, Action::ArticlePrevEvent]);
        assert_eq!(line_of(&app), *with_the.last().unwrap());
        assert!(said(&app).ends_with("(search wrapped: from the bottom)"), "{}", said(&app));
        run(&mut app, [Action::ArticleFind]);
        run(&mut app, typed("zzzz"));
        run(&mut app, [Action::Submit]);
        assert_eq!(said(&app), "no match for 'zzzz' in this article");
        run(&mut app, [Action::Bottom]);
        assert_eq!(article_at(&app).1, Some(lines.saturating_sub(3) as u16), "G: the end");
        run(&mut app, [Action::Top]);
        assert_eq!(article_at(&app).1, Some(0), "g: the top");
    }

    #[test]
    fn panels_go_to_their_top_and_end() {
        let mut app = chain_app();
        run(&mut app, [Action::OpenHelp]);
        app.viewport.panel.set(Scroll { shown: 0, max: 7, page: 10 });
        run(&mut app, [Action::Bottom]);
        assert_eq!(app.mode, Mode::Help { scroll: 7 });
        run(&mut app, [Action::Top]);
        assert_eq!(app.mode, Mode::Help { scroll: 0 });
    }

    #[test]
    fn a_key_that_does_nothing_says_so() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let mut app = chain_app();
        super::super::press(&mut app, KeyEvent::new(KeyCode::Char('Z'), KeyModifiers::SHIFT));
        assert_eq!(app.message.as_ref().unwrap().text, "Z does nothing here (? lists the keys)");
        super::super::press(&mut app, KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(app.message.as_ref().unwrap().text, "F5 does nothing here (? lists the keys)");
    }
}
