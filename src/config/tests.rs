use super::*;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn error(text: &str) -> String {
    parse(text, "config.toml").unwrap_err().to_string()
}

#[test]
fn the_default_text_reads_back_as_the_defaults() {
    let config = parse(&default_text(), "default").unwrap();
    assert_eq!(config, Config::default());
    assert_eq!(parse("", "empty").unwrap(), Config::default());
}

#[test]
fn every_setting_is_read() {
    let text = "theme = \"light\"\n[display]\ntz = \"+03:00\"\ndate_width = 20\n\
                [keys.timeline]\nnext_day = [\"l\"]\nprevious_day = [\"y\"]\n";
    // previous_day is no action: its name is prev_day.
    assert_eq!(
        error(text),
        "config.toml:7:1: error: unknown action 'previous_day' in [keys.timeline]; did you mean 'prev_day'?"
    );
    let config = parse(&text.replace("previous_day", "prev_day"), "config.toml").unwrap();
    assert_eq!(config.theme, ThemeSetting::Light);
    assert_eq!(config.display, Display { tz: Clock::Fixed(180), date_width: 20 });
    let l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::NONE);
    assert_eq!(config.keymap.action_for(Context::Timeline, l), Some(Action::NextDay));
    assert!(config.keymap.help_lines().contains(&("y".to_string(), "previous day".to_string())));
}

#[test]
fn errors_are_located_in_the_file() {
    assert_eq!(
        error("theme = \"dark\"\ncolour = 1\n"),
        "config.toml:2:1: error: unknown field `colour`, expected one of `theme`, `keys`, `display`"
    );
    assert_eq!(
        error("theme = dark\n"),
        "config.toml:1:9: error: string values must be quoted, expected literal string"
    );
    assert_eq!(
        error("theme = \"sepia\"\n"),
        "config.toml:1:9: error: unknown theme 'sepia'; expected dark, light or auto"
    );
    assert_eq!(
        error("[keys.timeline]\nnext_day = [\"l\", \"Ctrl-dd\"]\n"),
        "config.toml:2:18: error: bad key name 'Ctrl-dd': a key is one character or a name such as Ctrl-d, PgDn, \
         Space, Enter, F2"
    );
    assert_eq!(
        error("[keys.timelin]\nnext_day = [\"l\"]\n"),
        "config.toml:1:7: error: unknown context 'keys.timelin'; the contexts are timeline, prompt, picker, article, \
         relations, reports, counts, views, histogram, lanes, tone, panel, confirm"
    );
    assert_eq!(
        error("\n[keys.timeline]\nnext_day = [\"j\"]\n"),
        "config.toml:3:13: error: key 'j' is bound twice in [keys.timeline]: to down and to next_day"
    );
    assert_eq!(
        error("[display]\ntz = \"Moscow\"\n"),
        "config.toml:2:6: error: 'Moscow' is not a time zone: use UTC, local, or an offset such as +03:00 or -05:30"
    );
    assert_eq!(
        error("[display]\ndate_width = 3\n"),
        "config.toml:2:14: error: date_width 3 is out of range: 8 to 40 columns"
    );
}
