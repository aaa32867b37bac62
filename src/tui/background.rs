//! Which theme suits the terminal: its background colour asked with OSC 11 (before the
//! interface takes the screen, only when standard input and output are terminals, with
//! a short timeout), else `COLORFGBG`; and whether `NO_COLOR` asks for no colour.

use super::theme::ThemeName;
use std::io::IsTerminal;
use std::time::Duration;

/// How long the terminal has to answer. A terminal that does not know OSC 11 is found
/// out sooner: terminal-colorsaurus asks for the device attributes too, which every
/// terminal answers.
const TIMEOUT: Duration = Duration::from_millis(150);

/// The theme for the terminal's background, when it can be known.
pub fn detect() -> Option<ThemeName> {
    ask_the_terminal().or_else(|| std::env::var("COLORFGBG").ok().and_then(|v| from_colorfgbg(&v)))
}

/// OSC 11, through terminal-colorsaurus: it handles the timeout, terminals that do not
/// answer, and tmux and screen.
fn ask_the_terminal() -> Option<ThemeName> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = TIMEOUT;
    match terminal_colorsaurus::theme_mode(options).ok()? {
        terminal_colorsaurus::ThemeMode::Dark => Some(ThemeName::Dark),
        terminal_colorsaurus::ThemeMode::Light => Some(ThemeName::Light),
    }
}

/// `COLORFGBG` (rxvt, Konsole, some others): "FG;BG" or "FG;default;BG", colours 0-15.
/// Backgrounds 7 (light grey) and 9 to 15 but 8 are light.
pub fn from_colorfgbg(value: &str) -> Option<ThemeName> {
    let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match background {
        7 | 9..=15 => Some(ThemeName::Light),
        0..=6 | 8 => Some(ThemeName::Dark),
        _ => None,
    }
}

/// `NO_COLOR` set and not empty (<https://no-color.org>).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background_last() {
        assert_eq!(from_colorfgbg("15;0"), Some(ThemeName::Dark));
        assert_eq!(from_colorfgbg("0;15"), Some(ThemeName::Light));
        assert_eq!(from_colorfgbg("0;default;7"), Some(ThemeName::Light));
        assert_eq!(from_colorfgbg("7;8"), Some(ThemeName::Dark));
        assert_eq!(from_colorfgbg("default"), None);
        assert_eq!(from_colorfgbg("0;231"), None);
    }
}
