//! Moving the cursor through the view and keeping it on screen: the step most handlers
//! end with.

use crate::model::EventIx;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::viewport::Scroll;

/// Put the cursor at `position` (clamped to the view), the list scrolled to show it.
pub fn move_to(app: &mut App, position: usize) {
    if app.view.is_empty() {
        app.cursor = 0;
        app.offset = 0;
        return;
    }
    let position = position.min(app.view.len() - 1);
    if position != app.cursor {
        // Another event: its detail starts at the top, its length not yet known.
        app.detail_scroll = 0;
        app.viewport.detail.set(Scroll::UNKNOWN);
    }
    app.cursor = position;
    keep_cursor_visible(app);
}

pub fn move_by(app: &mut App, delta: isize) {
    move_to(app, app.cursor.saturating_add_signed(delta));
}

/// A panel's list of `rows` rows with `selected` the chosen one: where a list key (next,
/// previous, a page down or up, first, last) puts it; None for any other action. Every
/// panel that lists rows moves through them with this.
pub fn panel_row(selected: usize, action: &Action, rows: usize, page: usize) -> Option<usize> {
    let last = rows.saturating_sub(1);
    Some(match action {
        Action::PickerDown => (selected + 1).min(last),
        Action::PickerUp => selected.saturating_sub(1),
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

/// Rows a page key moves in a panel whose height the view does not record (the chain,
/// related events, a story's reports: about this many show).
pub const PANEL_PAGE: usize = 10;

/// Put the cursor on `event` if the view shows it; false if it does not.
pub fn move_to_event(app: &mut App, event: EventIx) -> bool {
    // With stories on, an event that is not a row is found as its story's row.
    match app.row_of(event) {
        Some(p) => {
            move_to(app, p);
            true
        }
        None => false,
    }
}

/// Scroll the list so that the cursor is on screen.
pub fn keep_cursor_visible(app: &mut App) {
    let height = app.list_height();
    if app.cursor < app.offset {
        app.offset = app.cursor;
    } else if app.cursor >= app.offset + height {
        app.offset = app.cursor + 1 - height;
    }
    let max_offset = app.view.len().saturating_sub(height);
    app.offset = app.offset.min(max_offset);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn moves_are_clamped_to_the_view_and_keep_the_cursor_on_screen() {
        let mut app = chain_app();
        app.viewport.list.set(ratatui::layout::Rect::new(0, 3, 80, 4));
        move_to(&mut app, 99);
        assert_eq!((app.cursor, app.offset), (9, 6));
        move_by(&mut app, -8);
        assert_eq!((app.cursor, app.offset), (1, 1));
        move_by(&mut app, -5);
        assert_eq!(app.cursor, 0);
    }

    #[test]
    fn a_new_event_starts_its_detail_at_the_top() {
        let mut app = chain_app();
        app.detail_scroll = 4;
        move_to(&mut app, 0);
        assert_eq!(app.detail_scroll, 4, "the same event keeps its place");
        move_to(&mut app, 1);
        assert_eq!(app.detail_scroll, 0);
    }

    #[test]
    fn moving_to_an_event_the_view_hides_fails() {
        let mut app = chain_app();
        app.view = std::sync::Arc::new(vec![0, 2, 4]);
        assert!(move_to_event(&mut app, 4));
        assert_eq!(app.cursor, 2);
        assert!(!move_to_event(&mut app, 3));
        assert_eq!(app.cursor, 2);
    }
}
