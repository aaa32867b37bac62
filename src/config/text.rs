//! `annals config --print-default`: every setting at its default, each with a comment,
//! in a form the config file reads back as the defaults.

use super::{DATE_WIDTH, DATE_WIDTHS};
use crate::tui::keymap::{Context, Keymap, action_name};

/// The whole default config file.
pub fn default_text() -> String {
    let mut out = String::from(
        "# annals's config file, with every setting at its default.\n\
         # Its place: $XDG_CONFIG_HOME/annals/config.toml, else ~/.config/annals/config.toml;\n\
         # ANNALS_CONFIG=PATH names another. Keep only the lines you change.\n\
         \n\
         # The colours: \"dark\", \"light\", or \"auto\" (asked of the terminal, from its\n\
         # background; else COLORFGBG; else dark). NO_COLOR=1 drops colours in any theme:\n\
         # marks and attributes still show the cursor, the selection and search matches.\n\
         theme = \"auto\"\n\
         \n\
         [display]\n\
         # The time zone times are shown in: \"UTC\", \"local\", or an offset such as \"+03:00\".\n\
         tz = \"UTC\"\n",
    );
    out.push_str(&format!(
        "# The width of the list's date column, in columns ({} to {}).\ndate_width = {DATE_WIDTH}\n",
        DATE_WIDTHS.start(),
        DATE_WIDTHS.end()
    ));
    out.push_str(
        "\n# Keys, per context: an action = the keys that do it, in the help's words (\"j\", \"G\",\n\
         # \"Ctrl-d\", \"Alt-b\", \"PgDn\", \"Space\", \"Enter\", \"Esc\", \"Tab\", \"Shift-Tab\", \"F2\").\n\
         # The keys given replace the action's own; [] leaves it without one. A key bound\n\
         # twice in one context is an error. The help screen (?) and the hints follow.\n",
    );
    let keymap = Keymap::default();
    for context in Context::ALL {
        out.push_str(&format!("\n[keys.{}]  # {}\n", context.name(), context.title()));
        for b in keymap.bindings().iter().filter(|b| b.context == context) {
            let keys: Vec<String> = b.keys.iter().map(|k| toml_string(&k.label())).collect();
            out.push_str(&format!("{} = [{}]  # {}\n", action_name(&b.action), keys.join(", "), b.help));
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
