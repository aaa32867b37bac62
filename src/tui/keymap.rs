//! The one table that maps keys to actions, per context. Key handling looks actions up
//! here and the help screen is printed from it, so the two cannot drift apart.

use super::action::Action;
use super::line_editor::Edit;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    /// Help and diagnostics: scrollable text.
    Panel,
    Confirm,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Timeline => "Timeline",
            Context::Prompt => "Prompts (search, filter, go to date, export)",
            Context::Picker => "Actor picker",
            Context::Article => "Article view",
            Context::Relations => "Related events",
            Context::Counts => "Counts",
            Context::Panel => "Help and diagnostics",
            Context::Confirm => "Confirmation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::NONE }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    ctrl_key(KeyCode::Char(c))
}

const fn ctrl_key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::CONTROL }
}

/// Readline's word keys (Option+arrow on a Mac sends them too).
const fn alt_key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::ALT }
}

impl Key {
    /// The key of an event, as the table binds it ('G' rather than Shift-G).
    pub fn of(key: KeyEvent) -> Key {
        let mut modifiers = key.modifiers;
        if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
            // 'G' arrives as Shift+G, Shift-Tab as Shift+BackTab: the key already says it.
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code: key.code, modifiers }
    }

    /// The key as the help screen shows it: "j", "Ctrl-d", "PgDn".
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else if self.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{name}")
        } else {
            name
        }
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

macro_rules! bind {
    ($context:ident, [$($key:expr),+], $action:expr, $help:literal) => {
        Binding { context: Context::$context, keys: &[$($key),+], action: $action, help: $help }
    };
}

pub const KEYMAP: &[Binding] = &[
    bind!(Timeline, [ch('j'), plain(KeyCode::Down)], Action::Down, "next event"),
    bind!(Timeline, [ch('k'), plain(KeyCode::Up)], Action::Up, "previous event"),
    bind!(Timeline, [ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind!(Timeline, [ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind!(Timeline, [plain(KeyCode::PageDown), ctrl('f'), ch(' ')], Action::PageDown, "page down"),
    bind!(Timeline, [plain(KeyCode::PageUp), ctrl('b'), ch('b')], Action::PageUp, "page up"),
    bind!(Timeline, [ch('g'), plain(KeyCode::Home)], Action::Top, "first event"),
    bind!(Timeline, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last event"),
    bind!(Timeline, [ch(']')], Action::NextDay, "next day"),
    bind!(Timeline, [ch('[')], Action::PrevDay, "previous day"),
    bind!(Timeline, [ch('}')], Action::NextMonth, "next month"),
    bind!(Timeline, [ch('{')], Action::PrevMonth, "previous month"),
    bind!(Timeline, [ch(':')], Action::OpenGoto, "go to a date (2016-12-29, 2016-12)"),
    bind!(Timeline, [ch('/')], Action::OpenSearch, "search as you type"),
    bind!(Timeline, [ch('n')], Action::NextMatch, "next search match"),
    bind!(Timeline, [ch('N')], Action::PrevMatch, "previous search match"),
    bind!(Timeline, [ch('a')], Action::OpenActorPicker, "pick actors by fuzzy name"),
    bind!(Timeline, [ch('f')], Action::OpenFilter, "filter with a query: actor:putin -status:denied ..."),
    bind!(Timeline, [ch('x')], Action::ToggleFilters, "turn all filters off, and on again"),
    bind!(Timeline, [ch('v')], Action::ToggleSelection, "start or end a range selection"),
    bind!(Timeline, [ch('e')], Action::OpenExport, "export the selection (or the view) to JSON or TimelineJS"),
    bind!(Timeline, [plain(KeyCode::Enter)], Action::OpenArticle, "read the article of this event"),
    bind!(Timeline, [ch('r')], Action::OpenRelations, "related events (both directions)"),
    bind!(Timeline, [ch('d')], Action::OpenDiagnostics, "problems found while loading"),
    bind!(Timeline, [ch('c')], Action::OpenCounts, "count the view by action, actor, day, code..."),
    bind!(Timeline, [ch('z')], Action::CycleClock, "show times in UTC, in this machine's zone, or in --tz's"),
    bind!(Timeline, [plain(KeyCode::Tab)], Action::ToggleFocus, "move focus between list and detail"),
    bind!(Timeline, [plain(KeyCode::Esc)], Action::Cancel, "end the selection"),
    bind!(Timeline, [ch('?')], Action::OpenHelp, "this help"),
    bind!(Timeline, [ctrl('z')], Action::Suspend, "suspend (resume with fg)"),
    bind!(Timeline, [ch('q'), ctrl('c')], Action::Quit, "quit"),
    bind!(Prompt, [plain(KeyCode::Enter)], Action::Submit, "apply"),
    bind!(Prompt, [plain(KeyCode::Esc), ctrl('c')], Action::Cancel, "cancel and restore"),
    bind!(Prompt, [plain(KeyCode::Backspace)], Action::Edit(Edit::Backspace), "delete the character before the cursor"),
    bind!(Prompt, [plain(KeyCode::Delete)], Action::Edit(Edit::Delete), "delete the character under the cursor"),
    bind!(Prompt, [plain(KeyCode::Left)], Action::Edit(Edit::Left), "cursor left"),
    bind!(Prompt, [plain(KeyCode::Right)], Action::Edit(Edit::Right), "cursor right"),
    bind!(Prompt, [plain(KeyCode::Home), ctrl('a')], Action::Edit(Edit::Home), "cursor to the start"),
    bind!(Prompt, [plain(KeyCode::End), ctrl('e')], Action::Edit(Edit::End), "cursor to the end"),
    bind!(Prompt, [ctrl_key(KeyCode::Left), alt_key(KeyCode::Char('b'))], Action::Edit(Edit::WordLeft), "a word left"),
    bind!(
        Prompt,
        [ctrl_key(KeyCode::Right), alt_key(KeyCode::Char('f'))],
        Action::Edit(Edit::WordRight),
        "a word right"
    ),
    bind!(
        Prompt,
        [ctrl('w'), alt_key(KeyCode::Backspace)],
        Action::Edit(Edit::DeleteWordBack),
        "delete the word before the cursor"
    ),
    bind!(Prompt, [ctrl('u')], Action::Edit(Edit::Clear), "clear the line"),
    bind!(Prompt, [plain(KeyCode::Tab)], Action::SwitchFormat, "export: native JSON or TimelineJS (.timeline.json)"),
    bind!(Picker, [plain(KeyCode::Down), ctrl('n'), ctrl('j')], Action::PickerDown, "next actor"),
    bind!(Picker, [plain(KeyCode::Up), ctrl('p'), ctrl('k')], Action::PickerUp, "previous actor"),
    bind!(Picker, [plain(KeyCode::Tab)], Action::PickerToggle, "tick or untick the actor, then the next (as fzf)"),
    bind!(Picker, [ctrl('t')], Action::PickerToggleAll, "tick every match (again: untick them)"),
    bind!(Picker, [plain(KeyCode::Enter)], Action::Submit, "filter to exactly the ticked actors (none: this one)"),
    bind!(Picker, [plain(KeyCode::Esc), ctrl('c')], Action::Cancel, "cancel"),
    bind!(Picker, [plain(KeyCode::Backspace)], Action::Edit(Edit::Backspace), "delete the character before the cursor"),
    bind!(Picker, [plain(KeyCode::Delete)], Action::Edit(Edit::Delete), "delete the character under the cursor"),
    bind!(Picker, [plain(KeyCode::Left)], Action::Edit(Edit::Left), "cursor left"),
    bind!(Picker, [plain(KeyCode::Right)], Action::Edit(Edit::Right), "cursor right"),
    bind!(Picker, [plain(KeyCode::Home), ctrl('a')], Action::Edit(Edit::Home), "cursor to the start"),
    bind!(Picker, [plain(KeyCode::End), ctrl('e')], Action::Edit(Edit::End), "cursor to the end"),
    bind!(Picker, [ctrl_key(KeyCode::Left), alt_key(KeyCode::Char('b'))], Action::Edit(Edit::WordLeft), "a word left"),
    bind!(
        Picker,
        [ctrl_key(KeyCode::Right), alt_key(KeyCode::Char('f'))],
        Action::Edit(Edit::WordRight),
        "a word right"
    ),
    bind!(
        Picker,
        [ctrl('w'), alt_key(KeyCode::Backspace)],
        Action::Edit(Edit::DeleteWordBack),
        "delete the word before the cursor"
    ),
    bind!(Picker, [ctrl('u')], Action::Edit(Edit::Clear), "clear the query"),
    bind!(Article, [ch('j'), plain(KeyCode::Down)], Action::Down, "scroll down"),
    bind!(Article, [ch('k'), plain(KeyCode::Up)], Action::Up, "scroll up"),
    bind!(Article, [plain(KeyCode::PageDown), ch(' '), ctrl('d')], Action::PageDown, "page down"),
    bind!(Article, [plain(KeyCode::PageUp), ctrl('u'), ch('b')], Action::PageUp, "page up"),
    bind!(Article, [ch('g'), plain(KeyCode::Home)], Action::Top, "the top of the article"),
    bind!(Article, [ch('G'), plain(KeyCode::End)], Action::Bottom, "the end of the article"),
    bind!(Article, [ch('/')], Action::ArticleFind, "search the article's text"),
    bind!(Article, [ch('n')], Action::ArticleNextEvent, "next match after /, else the article's next event"),
    bind!(Article, [ch('N')], Action::ArticlePrevEvent, "previous match after /, else the previous event"),
    bind!(Article, [plain(KeyCode::Esc), ch('q'), plain(KeyCode::Enter)], Action::Cancel, "back to the timeline"),
    bind!(Relations, [ch('j'), plain(KeyCode::Down)], Action::PickerDown, "next related event"),
    bind!(Relations, [ch('k'), plain(KeyCode::Up)], Action::PickerUp, "previous related event"),
    bind!(Relations, [ch('g'), plain(KeyCode::Home)], Action::Top, "first related event"),
    bind!(Relations, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last related event"),
    bind!(Relations, [plain(KeyCode::Enter)], Action::Submit, "jump to it (clearing filters that hide it)"),
    bind!(Relations, [plain(KeyCode::Esc), ch('q')], Action::Cancel, "close"),
    bind!(Counts, [ch('j'), plain(KeyCode::Down)], Action::PickerDown, "next row"),
    bind!(Counts, [ch('k'), plain(KeyCode::Up)], Action::PickerUp, "previous row"),
    bind!(Counts, [plain(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind!(Counts, [plain(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind!(Counts, [ch('g'), plain(KeyCode::Home)], Action::Top, "first row"),
    bind!(Counts, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last row"),
    bind!(Counts, [plain(KeyCode::Tab), plain(KeyCode::Right)], Action::NextField, "count by the next field"),
    bind!(Counts, [plain(KeyCode::BackTab), plain(KeyCode::Left)], Action::PrevField, "count by the previous field"),
    bind!(Counts, [plain(KeyCode::Enter)], Action::Submit, "add the row's words to the filter"),
    bind!(Counts, [ch('-')], Action::Exclude, "add words leaving the row out to the filter"),
    bind!(Counts, [plain(KeyCode::Esc), ch('q')], Action::Cancel, "close"),
    bind!(Panel, [ch('j'), plain(KeyCode::Down)], Action::Down, "scroll down"),
    bind!(Panel, [ch('k'), plain(KeyCode::Up)], Action::Up, "scroll up"),
    bind!(Panel, [plain(KeyCode::PageDown), ch(' ')], Action::PageDown, "page down"),
    bind!(Panel, [plain(KeyCode::PageUp), ch('b')], Action::PageUp, "page up"),
    bind!(Panel, [ch('g'), plain(KeyCode::Home)], Action::Top, "the top"),
    bind!(Panel, [ch('G'), plain(KeyCode::End)], Action::Bottom, "the end"),
    bind!(Panel, [plain(KeyCode::Esc), ch('q'), ch('?')], Action::Cancel, "close"),
    bind!(Confirm, [ch('y')], Action::Confirm, "yes"),
    bind!(Confirm, [ch('n'), plain(KeyCode::Esc)], Action::Refuse, "no"),
];

/// The action bound to `key` in `context`. In a prompt or the picker an unbound
/// printable character is typed.
pub fn action_for(context: Context, key: KeyEvent) -> Option<Action> {
    let pressed = Key::of(key);
    let modifiers = pressed.modifiers;
    if let Some(b) = KEYMAP.iter().find(|b| b.context == context && b.keys.contains(&pressed)) {
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

/// Esc followed at once by a key (as a terminal multiplexer or a fast typist sends it)
/// reaches us as Alt+key. Only readline's word keys are bound with Alt (in prompts), so
/// any other Alt+key is Esc, then the key.
pub fn split_alt(context: Context, key: KeyEvent) -> Vec<KeyEvent> {
    if !key.modifiers.contains(KeyModifiers::ALT) || action_for(context, key).is_some() {
        return vec![key];
    }
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    vec![esc, KeyEvent { modifiers: key.modifiers - KeyModifiers::ALT, ..key }]
}

/// The help screen's lines: for each context, its keys and what they do.
pub fn help_lines() -> Vec<(String, String)> {
    let contexts = [
        Context::Timeline,
        Context::Prompt,
        Context::Picker,
        Context::Article,
        Context::Relations,
        Context::Counts,
        Context::Panel,
        Context::Confirm,
    ];
    let mut lines = Vec::new();
    for context in contexts {
        lines.push((String::new(), context.title().to_string()));
        for b in KEYMAP.iter().filter(|b| b.context == context) {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            lines.push((keys.join(" "), b.help.to_string()));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
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
        for b in KEYMAP {
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
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{} bound twice in {:?}", k.label(), a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn help_is_generated_from_the_table() {
        let help = help_lines();
        assert!(help.contains(&("j ↓".to_string(), "next event".to_string())));
        assert!(help.contains(&("Ctrl-d".to_string(), "half a page down".to_string())));
        let described = help.iter().filter(|(keys, _)| !keys.is_empty()).count();
        assert_eq!(described, KEYMAP.len());
    }
}
