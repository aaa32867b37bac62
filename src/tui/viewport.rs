//! What the view learnt while drawing the last frame: where the list is, and how far each
//! scrolled text may go. The view writes it (through `Cell`s, as it draws from `&App`);
//! `update` reads it to bound pages and scrolls, so that only the view wraps text.

use ratatui::layout::Rect;
use ratatui::text::Line;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// The scroll of one text on screen, as last drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    /// The first line shown.
    pub shown: u16,
    /// The last first line that still fills the screen.
    pub max: u16,
    /// Lines on screen.
    pub page: u16,
}

impl Scroll {
    /// Before the text is first drawn: no bound yet (drawing clamps it).
    pub const UNKNOWN: Scroll = Scroll { shown: 0, max: u16::MAX, page: 10 };

    /// `from` moved by `lines`, kept within what was drawn.
    pub fn moved(self, from: u16, lines: i32) -> u16 {
        let to = i32::from(from.min(self.max)) + lines;
        u16::try_from(to.clamp(0, i32::from(self.max))).unwrap_or(self.max)
    }
}

impl Default for Scroll {
    fn default() -> Self {
        Scroll::UNKNOWN
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewport {
    /// The timeline list's area: page sizes and mouse clicks.
    pub list: Cell<Rect>,
    /// The detail pane beside or below the list.
    pub detail: Cell<Scroll>,
    /// The full-screen text on top: the article, help or diagnostics.
    pub panel: Cell<Scroll>,
    /// Where a panel's rows of items were drawn (the histogram's buckets), for clicks.
    pub panel_rows: Cell<Rect>,
    /// The article view's text as last wrapped.
    pub article: RefCell<Option<WrappedArticle>>,
}

/// An article's lines wrapped for one event at one width, kept while they are drawn: a
/// 20 MB article takes a second to wrap, and each key that scrolls it must not wrap it
/// again. (The corpus never changes, so the event and the width say all.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedArticle {
    pub event: u32,
    pub width: usize,
    pub lines: Arc<Vec<Line<'static>>>,
    /// The line where the event's first quote starts.
    pub evidence_line: Option<usize>,
}

impl Viewport {
    /// Rows of the list on screen.
    pub fn list_rows(&self) -> usize {
        usize::from(self.list.get().height).max(1)
    }

    /// Record a scrolled text as drawn: `lines` long, `height` on screen, asked to start
    /// at `wanted`. Returns the first line to show.
    pub fn record(cell: &Cell<Scroll>, lines: usize, height: usize, wanted: usize) -> usize {
        let max = lines.saturating_sub(height);
        let shown = wanted.min(max);
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        cell.set(Scroll { shown: clamp(shown), max: clamp(max), page: clamp(height.max(1)) });
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_stay_within_what_was_drawn() {
        let cell = Cell::new(Scroll::UNKNOWN);
        assert_eq!(Viewport::record(&cell, 50, 20, 100), 30);
        let s = cell.get();
        assert_eq!((s.shown, s.max, s.page), (30, 30, 20));
        assert_eq!(s.moved(30, 1), 30);
        assert_eq!(s.moved(60, -1), 29, "a scroll past the end counts from the end");
        assert_eq!(s.moved(3, -10), 0);
        assert_eq!(Scroll::UNKNOWN.moved(7, 5), 12);
    }
}
