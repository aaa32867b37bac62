//! The keymap: which key does what, per context. It is a value, built from the default
//! table below and the config file's remapping; key handling looks actions up in it and
//! the help screen and the hints are written from it, so none of them can drift apart.

mod defaults;
pub mod key;

use super::action::Action;
use super::line_editor::Edit;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use defaults::DEFAULTS;
pub use key::Key;

/// Where the keyboard is: each context has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Timeline,
    /// A one-line prompt: search, filter, go to date, export path.
    Prompt,
    Picker,
    Article,
    Relations,
    /// The counts of the view by a field (`c`).
    Counts,
    /// The saved views (`V`).
    Views,
    /// The histogram panel (`h`).
    Histogram,
    /// The actor lanes (`L`).
    Lanes,
    /// The tone panel (`T`).
    Tone,
    /// A story's reports (Enter on a story).
    Reports,
    /// Help and diagnostics: scrollable text.
    Panel,
    Confirm,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Timeline => "Timeline",
            Context::Prompt => "Prompts (search, filter, go to date, export, note)",
            Context::Picker => "Actor picker",
            Context::Article => "Article view",
            Context::Relations => "Related events",
            Context::Counts => "Counts",
            Context::Views => "Saved views",
            Context::Histogram => "Histogram",
            Context::Lanes => "Actor lanes",
            Context::Tone => "Tone and Goldstein",
            Context::Reports => "A story's reports",
            Context::Panel => "Help and diagnostics",
            Context::Confirm => "Confirmation",
        }
    }
}

impl Context {
    /// Every context, in the order the help screen shows them.
    pub const ALL: [Context; 13] = [
        Context::Timeline,
        Context::Prompt,
        Context::Picker,
        Context::Article,
        Context::Relations,
        Context::Reports,
        Context::Counts,
        Context::Views,
        Context::Histogram,
        Context::Lanes,
        Context::Tone,
        Context::Panel,
        Context::Confirm,
    ];

    /// Its name in the config file: `[keys.timeline]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Timeline => "timeline",
            Context::Prompt => "prompt",
            Context::Picker => "picker",
            Context::Article => "article",
            Context::Relations => "relations",
            Context::Counts => "counts",
            Context::Views => "views",
            Context::Histogram => "histogram",
            Context::Lanes => "lanes",
            Context::Tone => "tone",
            Context::Reports => "reports",
            Context::Panel => "panel",
            Context::Confirm => "confirm",
        }
    }

    pub fn named(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// An action's name in the config file: `next_day`, `open_search`, `word_left`.
pub fn action_name(action: &Action) -> String {
    let debug = match action {
        Action::Edit(edit) => format!("{edit:?}"),
        other => format!("{other:?}"),
    };
    let mut name = String::new();
    for c in debug.chars().take_while(|c| c.is_alphanumeric()) {
        if c.is_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// The keys of one action in one context.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
}

/// Why a remapping cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemapError {
    /// No such context: the contexts there are.
    UnknownContext(String),
    /// No such action in the context; the nearest name, if one is near.
    UnknownAction { context: Context, action: String, near: Option<String> },
}

impl std::fmt::Display for RemapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemapError::UnknownContext(name) => {
                let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                write!(f, "unknown context 'keys.{name}'; the contexts are {}", names.join(", "))
            }
            RemapError::UnknownAction { context, action, near } => {
                write!(f, "unknown action '{action}' in [keys.{}]", context.name())?;
                match near {
                    Some(near) => write!(f, "; did you mean '{near}'?"),
                    None => write!(f, " (annals config --print-default lists them)"),
                }
            }
        }
    }
}

/// Every binding of the interface.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl std::default::Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|d| Binding { context: d.context, keys: d.keys.to_vec(), action: d.action.clone(), help: d.help })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Bind `action` (by its name) in `context` (by its name) to `keys` instead of its
    /// own; no keys leaves it unbound. Keys bound twice are found by [`Keymap::twice`].
    pub fn remap(&mut self, context: &str, action: &str, keys: Vec<Key>) -> Result<(), RemapError> {
        let Some(context) = Context::named(context) else {
            return Err(RemapError::UnknownContext(context.to_string()));
        };
        let Some(binding) = self.bindings.iter_mut().find(|b| b.context == context && action_name(&b.action) == action)
        else {
            let names = self.bindings.iter().filter(|b| b.context == context).map(|b| action_name(&b.action));
            let near = names
                .map(|n| (strsim::jaro_winkler(&n, action), n))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n);
            return Err(RemapError::UnknownAction { context, action: action.to_string(), near });
        };
        binding.keys = keys;
        Ok(())
    }

    /// A key bound to two actions of one context: the context, the key and the two actions'
    /// names.
    pub fn twice(&self) -> Option<(Context, Key, String, String)> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in self.bindings[i + 1..].iter().filter(|b| b.context == a.context) {
                if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    return Some((a.context, *key, action_name(&a.action), action_name(&b.action)));
                }
            }
        }
        None
    }

    /// The action bound to `key` in `context`. In a prompt or the picker an unbound
    /// printable character is typed.
    pub fn action_for(&self, context: Context, key: KeyEvent) -> Option<Action> {
        let pressed = Key::of(key);
        let modifiers = pressed.modifiers;
        if let Some(b) = self.bindings.iter().find(|b| b.context == context && b.keys.contains(&pressed)) {
            return Some(b.action.clone());
        }
        if pressed.code == KeyCode::Char('c') && modifiers == KeyModifiers::CONTROL {
            return Some(Action::Quit);
        }
        match (context, pressed.code) {
            (Context::Prompt | Context::Picker, KeyCode::Char(c)) if modifiers.is_empty() => {
                Some(Action::Edit(Edit::Insert(c)))
            }
            _ => None,
        }
    }

    /// Esc followed at once by a key (as a terminal multiplexer or a fast typist sends
    /// it) reaches us as Alt+key. By default only readline's word keys are bound with Alt
    /// (in prompts), so any other Alt+key is Esc, then the key.
    pub fn split_alt(&self, context: Context, key: KeyEvent) -> Vec<KeyEvent> {
        if !key.modifiers.contains(KeyModifiers::ALT) || self.action_for(context, key).is_some() {
            return vec![key];
        }
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        vec![esc, KeyEvent { modifiers: key.modifiers - KeyModifiers::ALT, ..key }]
    }

    /// The first key of `action` in `context`, as hints name it ("e", "Ctrl-d");
    /// "unbound" when the config left it without one.
    pub fn key_of(&self, context: Context, action: &Action) -> String {
        let binding = self.bindings.iter().find(|b| b.context == context && b.action == *action);
        binding.and_then(|b| b.keys.first()).map_or_else(|| "unbound".to_string(), Key::label)
    }

    /// The help screen's lines: for each context, its keys and what they do.
    pub fn help_lines(&self) -> Vec<(String, String)> {
        let mut lines = Vec::new();
        for context in Context::ALL {
            lines.push((String::new(), context.title().to_string()));
            for b in self.bindings.iter().filter(|b| b.context == context) {
                let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                let keys = if keys.is_empty() { "(unbound)".to_string() } else { keys.join(" ") };
                lines.push((keys, b.help.to_string()));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::key::{ch, plain};
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn action_for(context: Context, key: KeyEvent) -> Option<Action> {
        Keymap::default().action_for(context, key)
    }

    fn split_alt(context: Context, key: KeyEvent) -> Vec<KeyEvent> {
        Keymap::default().split_alt(context, key)
    }

    #[test]
    fn keys_map_to_actions_per_context() {
        assert_eq!(action_for(Context::Timeline, key(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(action_for(Context::Timeline, key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(
            action_for(Context::Timeline, key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            action_for(Context::Prompt, key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Edit(Edit::Insert('j')))
        );
        assert_eq!(
            action_for(Context::Prompt, key(KeyCode::Char('P'), KeyModifiers::SHIFT)),
            Some(Action::Edit(Edit::Insert('P')))
        );
        assert_eq!(
            action_for(Context::Picker, key(KeyCode::Char(' '), KeyModifiers::NONE)),
            Some(Action::Edit(Edit::Insert(' '))),
            "a name has spaces: Space is typed"
        );
        assert_eq!(action_for(Context::Picker, key(KeyCode::Tab, KeyModifiers::NONE)), Some(Action::PickerToggle));
        assert_eq!(
            action_for(Context::Article, key(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::ArticleNextEvent)
        );
        assert_eq!(action_for(Context::Timeline, key(KeyCode::Char('Z'), KeyModifiers::SHIFT)), None);
        assert_eq!(action_for(Context::Counts, key(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevField));
    }

    #[test]
    fn ctrl_c_quits_everywhere_but_cancels_prompts() {
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Context::Timeline, ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(Context::Prompt, ctrl_c), Some(Action::Cancel));
        assert_eq!(action_for(Context::Confirm, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn alt_is_bound_only_to_readline_word_keys_in_prompts() {
        // split_alt depends on it: any other Alt+key is Esc then the key.
        for b in Keymap::default().bindings() {
            let alt = b.keys.iter().any(|k| k.modifiers.contains(KeyModifiers::ALT));
            let word = matches!(b.action, Action::Edit(Edit::WordLeft | Edit::WordRight | Edit::DeleteWordBack));
            assert!(!alt || word && matches!(b.context, Context::Prompt | Context::Picker), "{}", b.help);
        }
        let alt_f = key(KeyCode::Char('f'), KeyModifiers::ALT);
        assert_eq!(split_alt(Context::Prompt, alt_f), [alt_f], "a word right, not Esc then f");
        assert_eq!(split_alt(Context::Timeline, alt_f).len(), 2, "Esc, then f (the filter prompt)");
        assert_eq!(action_for(Context::Prompt, alt_f), Some(Action::Edit(Edit::WordRight)));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        assert_eq!(Keymap::default().twice(), None);
    }

    #[test]
    fn help_is_generated_from_the_table() {
        let help = Keymap::default().help_lines();
        assert!(help.contains(&("j ↓".to_string(), "next event".to_string())));
        assert!(help.contains(&("Ctrl-d".to_string(), "half a page down".to_string())));
        let described = help.iter().filter(|(keys, _)| !keys.is_empty()).count();
        assert_eq!(described, DEFAULTS.len());
    }

    #[test]
    fn every_action_has_one_name_in_its_context() {
        let keymap = Keymap::default();
        for context in Context::ALL {
            let names: Vec<String> =
                keymap.bindings().iter().filter(|b| b.context == context).map(|b| action_name(&b.action)).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{names:?}");
            assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')), "{names:?}");
        }
        assert_eq!(action_name(&Action::NextDay), "next_day");
        assert_eq!(action_name(&Action::Edit(Edit::DeleteWordBack)), "delete_word_back");
    }

    #[test]
    fn a_remapped_key_triggers_its_action_and_the_help_shows_it() {
        let mut keymap = Keymap::default();
        keymap.remap("timeline", "next_day", vec![ch('l'), plain(KeyCode::F(2))]).unwrap();
        let l = key(KeyCode::Char('l'), KeyModifiers::NONE);
        assert_eq!(keymap.action_for(Context::Timeline, l), Some(Action::NextDay));
        assert_eq!(keymap.action_for(Context::Timeline, key(KeyCode::Char(']'), KeyModifiers::NONE)), None);
        assert!(keymap.help_lines().contains(&("l F2".to_string(), "next day".to_string())));
        assert_eq!(keymap.key_of(Context::Timeline, &Action::NextDay), "l");
        assert_eq!(keymap.twice(), None);
        keymap.remap("timeline", "next_day", vec![]).unwrap();
        assert_eq!(keymap.key_of(Context::Timeline, &Action::NextDay), "unbound");
    }

    #[test]
    fn a_key_bound_twice_in_a_context_is_found() {
        let mut keymap = Keymap::default();
        keymap.remap("timeline", "next_day", vec![ch('j')]).unwrap();
        assert_eq!(keymap.twice(), Some((Context::Timeline, ch('j'), "down".to_string(), "next_day".to_string())));
        // In another context the same key is free.
        let mut keymap = Keymap::default();
        keymap.remap("article", "page_down", vec![ch('f')]).unwrap();
        assert_eq!(keymap.twice(), None);
    }

    #[test]
    fn unknown_contexts_and_actions_are_refused_with_the_near_name() {
        let mut keymap = Keymap::default();
        let err = keymap.remap("timeline", "nxt_day", vec![]).unwrap_err();
        assert_eq!(err.to_string(), "unknown action 'nxt_day' in [keys.timeline]; did you mean 'next_day'?");
        let err = keymap.remap("timelines", "next_day", vec![]).unwrap_err();
        assert!(err.to_string().starts_with("unknown context 'keys.timelines'; the contexts are timeline, prompt"));
    }
}
