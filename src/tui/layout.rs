//! Where each region goes. One function, used by drawing, and by the state to expect
//! where the list will be (page sizes, mouse clicks) until a frame records it.

use ratatui::layout::Rect;

/// Below this the screen shows only "terminal too small".
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, the detail pane sits beside the list.
pub const SIDE_BY_SIDE_WIDTH: u16 = 140;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub density: Rect,
    pub list: Rect,
    /// The detail pane, its border included.
    pub detail: Rect,
    pub status: Rect,
    pub too_small: bool,
    pub side_by_side: bool,
}

impl Areas {
    pub fn of(area: Rect) -> Areas {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Areas { too_small: true, ..Areas::default() };
        }
        let row = |y: u16, height: u16| Rect::new(area.x, area.y + y, area.width, height);
        let header = row(0, 1);
        let density = row(1, 2);
        let status = row(area.height - 1, 1);
        let body = row(3, area.height - 4);
        if area.width >= SIDE_BY_SIDE_WIDTH {
            let list_width = body.width * 3 / 5;
            let list = Rect { width: list_width, ..body };
            let detail = Rect { x: body.x + list_width, width: body.width - list_width, ..body };
            return Areas { header, density, list, detail, status, too_small: false, side_by_side: true };
        }
        let list_height = (body.height * 11 / 20).max(3);
        let list = Rect { height: list_height, ..body };
        let detail = Rect { y: body.y + list_height, height: body.height - list_height, ..body };
        Areas { header, density, list, detail, status, too_small: false, side_by_side: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_tile_the_screen_at_80x24() {
        let a = Areas::of(Rect::new(0, 0, 80, 24));
        assert!(!a.too_small && !a.side_by_side);
        assert_eq!((a.header.y, a.density.y, a.list.y, a.status.y), (0, 1, 3, 23));
        assert_eq!(a.list.height + a.detail.height, 20);
        assert_eq!(a.detail.y, a.list.y + a.list.height);
    }

    #[test]
    fn wide_screens_put_the_detail_beside_the_list() {
        let a = Areas::of(Rect::new(0, 0, 200, 60));
        assert!(a.side_by_side);
        assert_eq!(a.list.width + a.detail.width, 200);
        assert_eq!(a.list.height, 56);
    }

    #[test]
    fn tiny_screens_are_flagged() {
        assert!(Areas::of(Rect::new(0, 0, 1, 1)).too_small);
        assert!(Areas::of(Rect::new(0, 0, 39, 40)).too_small);
        assert!(!Areas::of(Rect::new(0, 0, 40, 10)).too_small);
    }
}
