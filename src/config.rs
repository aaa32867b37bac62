//! The config file: `$XDG_CONFIG_HOME/annals/config.toml` (else
//! `~/.config/annals/config.toml`; `ANNALS_CONFIG=PATH` names another). It sets the
//! theme, remaps keys per context, and the time zone and date column the display uses.
//! A file that cannot be used is reported, located (`FILE:LINE:COLUMN`), and annals goes
//! on with the defaults.

mod text;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::Clock;
use crate::tui::keymap::{Key, Keymap};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;

pub use text::default_text;

/// The theme asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeSetting {
    /// From the terminal's background when it can be asked, else dark.
    #[default]
    Auto,
    Dark,
    Light,
}

/// The date column's width in the list, by default.
pub const DATE_WIDTH: u16 = crate::tui::app::DATE_WIDTH;
/// The narrowest and widest date column the config may ask for.
pub const DATE_WIDTHS: std::ops::RangeInclusive<u16> = 8..=40;

/// How the corpus is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// The clock times of day are shown on (`--tz` overrides it).
    pub tz: Clock,
    /// The list's date column, in columns.
    pub date_width: u16,
}

impl Default for Display {
    fn default() -> Self {
        Display { tz: Clock::default(), date_width: DATE_WIDTH }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub theme: ThemeSetting,
    pub keymap: Keymap,
    pub display: Display,
}

/// A `[keys.CONTEXT]` table: action names and their keys, each where it was written.
type RawBindings = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// The file as written: every value with where it is, for located errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, RawBindings>,
    display: Option<RawDisplay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisplay {
    tz: Option<Spanned<String>>,
    date_width: Option<Spanned<i64>>,
}

/// Where the config file is: `ANNALS_CONFIG`, else the XDG config directory. etcetera's
/// XDG strategy is used rather than `directories`: a command-line tool's config lives in
/// `~/.config` on macOS too (as git's, helix's and lnav's do), where `directories` would
/// put it under `~/Library/Application Support`; on Windows it is the roaming AppData.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ANNALS_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    use etcetera::BaseStrategy;
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(dirs.config_dir().join("annals").join("config.toml"))
}

/// The config file's settings, or the defaults and what was wrong with it. No file is no
/// error: everything is at its default.
pub fn load() -> (Config, Option<Diagnostic>) {
    let Some(path) = path() else { return (Config::default(), None) };
    let name = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => {
            (Config::default(), Some(Diagnostic::error(&name, 1, 1, format!("cannot read the config file: {e}"))))
        }
        Ok(text) => match parse(&text, &name) {
            Ok(config) => (config, None),
            Err(d) => (Config::default(), Some(d)),
        },
    }
}

/// Read a config file's text; `file` names it in the error.
pub fn parse(text: &str, file: &str) -> Result<Config, Diagnostic> {
    let lines = LineIndex::new(text);
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = lines.locate(span.start);
        Diagnostic::error(file, line, column, message)
    };
    let raw: Raw = toml::from_str(text).map_err(|e| at(e.span().unwrap_or(0..0), e.message().trim().to_string()))?;
    let mut config = Config::default();
    if let Some(theme) = raw.theme {
        config.theme = match theme.get_ref().as_str() {
            "auto" => ThemeSetting::Auto,
            "dark" => ThemeSetting::Dark,
            "light" => ThemeSetting::Light,
            other => return Err(at(theme.span(), format!("unknown theme '{other}'; expected dark, light or auto"))),
        };
    }
    if let Some(display) = raw.display {
        if let Some(tz) = display.tz {
            config.display.tz = tz.get_ref().parse::<Clock>().map_err(|e| at(tz.span(), e.to_string()))?;
        }
        if let Some(w) = display.date_width {
            let width = u16::try_from(*w.get_ref()).ok().filter(|w| DATE_WIDTHS.contains(w)).ok_or_else(|| {
                let (low, high) = (DATE_WIDTHS.start(), DATE_WIDTHS.end());
                at(w.span(), format!("date_width {} is out of range: {low} to {high} columns", w.get_ref()))
            })?;
            config.display.date_width = width;
        }
    }
    for (context, actions) in &raw.keys {
        for (action, keys) in actions {
            let keys = keys
                .iter()
                .map(|k| Key::parse(k.get_ref()).map_err(|e| at(k.span(), e)))
                .collect::<Result<Vec<Key>, _>>()?;
            config.keymap.remap(context.get_ref(), action.get_ref(), keys).map_err(|e| {
                let span = match e {
                    crate::tui::keymap::RemapError::UnknownContext(_) => context.span(),
                    _ => action.span(),
                };
                at(span, e.to_string())
            })?;
        }
    }
    if let Some((context, key, first, second)) = config.keymap.twice() {
        // Placed on the remapping that brought the key in.
        let span = raw
            .keys
            .iter()
            .filter(|(c, _)| c.get_ref() == context.name())
            .flat_map(|(_, actions)| actions.values().flatten())
            .find(|k| Key::parse(k.get_ref()) == Ok(key))
            .map_or(0..0, |k| k.span());
        let message =
            format!("key '{}' is bound twice in [keys.{}]: to {first} and to {second}", key.label(), context.name());
        return Err(at(span, message));
    }
    Ok(config)
}

#[cfg(test)]
mod tests;
