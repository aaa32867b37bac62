//! Every colour and style of the interface, in one value: a dark and a light theme, and
//! either without its colours (`NO_COLOR`).
//!
//! No state is told by colour alone: the cursor row is reversed (underlined when the
//! detail pane has the focus) and marked `›`, selected rows carry a bar `▌`, search
//! matches are bold and underlined, the evidence quoted is bold. Colour only repeats them,
//! so a theme without colours (every `fg`/`bg` dropped, attributes kept) still shows all.

use crate::model::Status;
use ratatui::style::{Color, Modifier, Style};

/// Which of the two themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
}

/// The mark in the list's first column (and the pickers') of the cursor's row.
pub const CURSOR_MARK: &str = "›";
/// The mark of a selected row.
pub const SELECTED_MARK: &str = "▌";
/// The desk's marks in the list, each in a column of its own: marked, starred, noted.
pub const MARKED: char = '●';
pub const STARRED: char = '★';
pub const NOTED: char = '✎';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub header: Style,
    pub header_filter: Style,
    pub status_bar: Style,
    pub status_error: Style,
    pub prompt: Style,
    /// The cell under a prompt's cursor.
    pub prompt_cursor: Style,
    pub density: Style,
    pub axis: Style,
    pub marker: Style,
    pub date: Style,
    pub actors: Style,
    pub cursor: Style,
    pub cursor_unfocused: Style,
    pub selected: Style,
    pub selected_mark: Style,
    pub matched: Style,
    pub label: Style,
    pub title: Style,
    pub evidence: Style,
    pub other_evidence: Style,
    pub border: Style,
    pub border_focused: Style,
    pub error: Style,
    pub warning: Style,
    pub dim: Style,
    proposed: Style,
    revoked: Style,
    hypothetical: Style,
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// For a dark background: the colours annals always had.
    pub const fn dark() -> Theme {
        Theme {
            name: ThemeName::Dark,
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            header_filter: Style::new().fg(Color::Black).bg(Color::Yellow),
            status_bar: Style::new().fg(Color::White).bg(Color::DarkGray),
            status_error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(BOLD),
            prompt: Style::new().fg(Color::White).bg(Color::Blue),
            prompt_cursor: Style::new().add_modifier(Modifier::REVERSED),
            density: Style::new().fg(Color::Cyan),
            axis: Style::new().fg(Color::DarkGray),
            marker: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            date: Style::new().fg(Color::Green),
            actors: Style::new().fg(Color::Cyan),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            cursor_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            // Default (light) text on #005f87: about 4.6:1.
            selected: Style::new().bg(Color::Indexed(24)),
            selected_mark: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            matched: Style::new().fg(Color::Yellow).add_modifier(BOLD).add_modifier(Modifier::UNDERLINED),
            label: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(BOLD),
            evidence: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(BOLD),
            other_evidence: Style::new().add_modifier(Modifier::UNDERLINED),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            error: Style::new().fg(Color::Red),
            warning: Style::new().fg(Color::Yellow),
            dim: Style::new().fg(Color::DarkGray),
            proposed: Style::new().fg(Color::Magenta),
            revoked: Style::new().fg(Color::Red),
            hypothetical: Style::new().fg(Color::Blue),
        }
    }

    /// For a light background. Foregrounds are from the 256-colour cube, each at least
    /// 4.5:1 against white (WCAG 2 contrast, computed in the tests below), and the text
    /// ones at least 4.5:1 on the selection band too: dates 22 #005f00 8.0:1 (5.3:1 on the
    /// band), actors 24 #005f87 7.0:1 (4.7:1), matches 90 #870087 8.8:1 (5.9:1),
    /// proposed 90 likewise, revoked and errors 124 #af0000 7.4:1 (5.0:1), hypothetical
    /// 19 #0000af 13:1 (8.6:1), markers and warnings 130 #af5f00 4.7:1, dim text 242
    /// #6c6c6c 5.3:1. The selection band is 153 #afd7ff under the default (black) text:
    /// 14:1 (the dark theme's band, 24 under light grey text, is 4.6:1; under black text,
    /// as on a light terminal, it was 3:1).
    pub const fn light() -> Theme {
        const DIM: Color = Color::Indexed(242);
        const MARK: Color = Color::Indexed(130);
        const RED: Color = Color::Indexed(124);
        Theme {
            name: ThemeName::Light,
            header: Style::new().fg(Color::Black).bg(Color::Indexed(153)),
            header_filter: Style::new().fg(Color::Black).bg(Color::Indexed(222)),
            status_bar: Style::new().fg(Color::Black).bg(Color::Indexed(252)),
            status_error: Style::new().fg(Color::White).bg(RED).add_modifier(BOLD),
            prompt: Style::new().fg(Color::Black).bg(Color::Indexed(153)),
            prompt_cursor: Style::new().add_modifier(Modifier::REVERSED),
            density: Style::new().fg(Color::Indexed(24)),
            axis: Style::new().fg(DIM),
            marker: Style::new().fg(MARK).add_modifier(BOLD),
            date: Style::new().fg(Color::Indexed(22)),
            actors: Style::new().fg(Color::Indexed(24)),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            cursor_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            selected: Style::new().bg(Color::Indexed(153)),
            selected_mark: Style::new().fg(Color::Indexed(24)).add_modifier(BOLD),
            matched: Style::new().fg(Color::Indexed(90)).add_modifier(BOLD).add_modifier(Modifier::UNDERLINED),
            label: Style::new().fg(DIM),
            title: Style::new().add_modifier(BOLD),
            evidence: Style::new().fg(Color::Black).bg(Color::Indexed(222)).add_modifier(BOLD),
            other_evidence: Style::new().add_modifier(Modifier::UNDERLINED),
            border: Style::new().fg(DIM),
            border_focused: Style::new().fg(Color::Indexed(24)).add_modifier(BOLD),
            error: Style::new().fg(RED),
            warning: Style::new().fg(MARK),
            dim: Style::new().fg(DIM),
            proposed: Style::new().fg(Color::Indexed(90)),
            revoked: Style::new().fg(RED),
            hypothetical: Style::new().fg(Color::Indexed(19)),
        }
    }

    pub const fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
        }
    }

    /// The theme for a terminal: `no_color` (NO_COLOR set) drops every colour and keeps
    /// the attributes, which say all that the colours say.
    pub fn for_terminal(name: ThemeName, no_color: bool) -> Theme {
        let theme = Theme::named(name);
        if no_color { theme.without_colour() } else { theme }
    }

    pub fn without_colour(self) -> Theme {
        let plain = |s: Style| Style { fg: None, bg: None, ..s };
        Theme {
            name: self.name,
            header: plain(self.header),
            header_filter: plain(self.header_filter),
            status_bar: plain(self.status_bar),
            status_error: plain(self.status_error),
            prompt: plain(self.prompt),
            prompt_cursor: plain(self.prompt_cursor),
            density: plain(self.density),
            axis: plain(self.axis),
            marker: plain(self.marker),
            date: plain(self.date),
            actors: plain(self.actors),
            cursor: plain(self.cursor),
            cursor_unfocused: plain(self.cursor_unfocused),
            selected: plain(self.selected),
            selected_mark: plain(self.selected_mark),
            matched: plain(self.matched),
            label: plain(self.label),
            title: plain(self.title),
            evidence: plain(self.evidence),
            other_evidence: plain(self.other_evidence),
            border: plain(self.border),
            border_focused: plain(self.border_focused),
            error: plain(self.error),
            warning: plain(self.warning),
            dim: plain(self.dim),
            proposed: plain(self.proposed),
            revoked: plain(self.revoked),
            hypothetical: plain(self.hypothetical),
        }
    }

    /// How each status stands out in the list (its marker says it without colour).
    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Actual => Style::new(),
            Status::Proposed | Status::Planned => self.proposed,
            Status::Revoked | Status::Denied => self.revoked,
            Status::Hypothetical => self.hypothetical,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The xterm 256-colour palette's colour `i` as sRGB (the 6x6x6 cube and the greys).
    fn rgb(i: u8) -> (u8, u8, u8) {
        const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
        match i {
            16..=231 => {
                let i = i - 16;
                (LEVELS[usize::from(i / 36)], LEVELS[usize::from(i / 6 % 6)], LEVELS[usize::from(i % 6)])
            }
            232..=255 => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
            _ => panic!("not in the cube: {i}"),
        }
    }

    /// WCAG 2 relative luminance.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn indexed(c: Option<Color>) -> (u8, u8, u8) {
        match c {
            Some(Color::Indexed(i)) => rgb(i),
            Some(Color::Black) => (0, 0, 0),
            Some(Color::White) => (255, 255, 255),
            other => panic!("the light theme uses 256-colour indices: {other:?}"),
        }
    }

    const WHITE: (u8, u8, u8) = (255, 255, 255);
    const BLACK: (u8, u8, u8) = (0, 0, 0);

    #[test]
    fn the_light_theme_reads_at_4_5_to_1_on_a_light_background() {
        let t = Theme::light();
        let band = indexed(t.selected.bg);
        assert!(contrast(BLACK, band) >= 4.5, "text on the selection band: {:.1}", contrast(BLACK, band));
        assert!(contrast(indexed(t.matched.fg), WHITE) >= 4.5);
        assert!(contrast(indexed(t.matched.fg), band) >= 4.5, "a match inside the selection");
        for (what, style) in [
            ("date", t.date),
            ("actors", t.actors),
            ("marker", t.marker),
            ("dim", t.dim),
            ("error", t.error),
            ("warning", t.warning),
            ("proposed", t.proposed),
            ("revoked", t.revoked),
            ("hypothetical", t.hypothetical),
        ] {
            let ratio = contrast(indexed(style.fg), WHITE);
            assert!(ratio >= 4.5, "{what}: {ratio:.2}:1");
        }
        for (what, style) in [
            ("date", t.date),
            ("actors", t.actors),
            ("proposed", t.proposed),
            ("revoked", t.revoked),
            ("hypothetical", t.hypothetical),
        ] {
            let ratio = contrast(indexed(style.fg), band);
            assert!(ratio >= 4.5, "{what} on the selection band: {ratio:.2}:1");
        }
        // The figures the doc comment of `light` quotes.
        assert_eq!(format!("{:.1}", contrast(BLACK, band)), "14.0");
        assert_eq!(format!("{:.1}", contrast(rgb(90), WHITE)), "8.8");
        assert_eq!(format!("{:.1}", contrast(rgb(90), band)), "5.9");
    }

    #[test]
    fn without_colour_every_state_keeps_an_attribute() {
        let t = Theme::light().without_colour();
        for style in [t.cursor, t.cursor_unfocused, t.matched, t.evidence, t.prompt_cursor, t.status_error] {
            assert!(style.fg.is_none() && style.bg.is_none());
            assert!(!style.add_modifier.is_empty(), "{style:?}");
        }
        assert!(t.matched.add_modifier.contains(Modifier::BOLD | Modifier::UNDERLINED));
    }
}
