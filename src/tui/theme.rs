//! Every colour and style of the interface, in one place.

use ratatui::style::{Color, Modifier, Style};

pub const HEADER: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
pub const HEADER_FILTER: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
pub const STATUS: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
pub const STATUS_ERROR: Style = Style::new().fg(Color::White).bg(Color::Red);
pub const PROMPT: Style = Style::new().fg(Color::White).bg(Color::Blue);
/// The cell under a prompt's cursor.
pub const PROMPT_CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const DENSITY: Style = Style::new().fg(Color::Cyan);
pub const AXIS: Style = Style::new().fg(Color::DarkGray);
pub const MARKER: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const DATE: Style = Style::new().fg(Color::Green);
pub const ACTORS: Style = Style::new().fg(Color::Cyan);
pub const CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const CURSOR_UNFOCUSED: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub const SELECTED: Style = Style::new().bg(Color::Indexed(24));
pub const MATCH: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const LABEL: Style = Style::new().fg(Color::DarkGray);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const EVIDENCE: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
pub const OTHER_EVIDENCE: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const BORDER_FOCUSED: Style = Style::new().fg(Color::Cyan);
pub const ERROR: Style = Style::new().fg(Color::Red);
pub const WARNING: Style = Style::new().fg(Color::Yellow);
pub const DIM: Style = Style::new().fg(Color::DarkGray);

/// How each status stands out in the list.
pub fn status(status: crate::model::Status) -> Style {
    use crate::model::Status::*;
    match status {
        Actual => Style::new(),
        Proposed | Planned => Style::new().fg(Color::Magenta),
        Revoked | Denied => Style::new().fg(Color::Red),
        Hypothetical => Style::new().fg(Color::Blue),
    }
}
