//! A key as the keymap holds it, and as people write it: "j", "Ctrl-d", "PgDn", "Space",
//! the same words the help screen shows, read back by [`Key::parse`].

use crossterm::event::{KeyCode, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

pub const fn plain(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::NONE }
}

pub const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Key {
    ctrl_key(KeyCode::Char(c))
}

pub const fn ctrl_key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::CONTROL }
}

/// Readline's word keys (Option+arrow on a Mac sends them too).
pub const fn alt_key(code: KeyCode) -> Key {
    Key { code, modifiers: KeyModifiers::ALT }
}

/// Names of keys that are not one character, as the help shows them, and other common
/// spellings read as the same key.
const NAMED: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("↓", KeyCode::Down),
    ("↑", KeyCode::Up),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("PgDn", KeyCode::PageDown),
    ("PgUp", KeyCode::PageUp),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    // Other spellings.
    ("Down", KeyCode::Down),
    ("Up", KeyCode::Up),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageDown", KeyCode::PageDown),
    ("PageUp", KeyCode::PageUp),
    ("Return", KeyCode::Enter),
    ("Escape", KeyCode::Esc),
    ("BackTab", KeyCode::BackTab),
    ("Del", KeyCode::Delete),
];

impl Key {
    /// The key as the help screen shows it: "j", "Ctrl-d", "PgDn".
    /// The key of an event, as the table binds it ('G' rather than Shift-G).
    pub fn of(key: crossterm::event::KeyEvent) -> Key {
        let mut modifiers = key.modifiers;
        if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
            // 'G' arrives as Shift+G, Shift-Tab as Shift+BackTab: the key already says it.
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code: key.code, modifiers }
    }

    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => name.to_string(),
                None => format!("{code:?}"),
            },
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else if self.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{name}")
        } else {
            name
        }
    }

    /// A key as written in the config file, in the help's words: "j", "G", "Ctrl-d",
    /// "Alt-b", "PgDn", "Space", "Shift-Tab", "F2" (names in any case; "Down", "PageDown"
    /// too).
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = |why: &str| Err(format!("bad key name '{text}': {why}"));
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "alt-"].into_iter().find(|p| lower.starts_with(p) && rest.len() > p.len());
            match prefix {
                Some("ctrl-") => modifiers |= KeyModifiers::CONTROL,
                Some(_) => modifiers |= KeyModifiers::ALT,
                None => break,
            }
            rest = &rest[prefix.unwrap_or_default().len()..];
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| name.eq_ignore_ascii_case(rest)) {
            *code
        } else if let Some(n) = rest.strip_prefix(['F', 'f']).and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=24).contains(&n) {
                return bad("function keys are F1 to F24");
            }
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && c != ' ' => KeyCode::Char(c),
                (None, _) => return bad("empty"),
                _ => return bad("a key is one character or a name such as Ctrl-d, PgDn, Space, Enter, F2"),
            }
        };
        if modifiers.contains(KeyModifiers::CONTROL)
            && let KeyCode::Char(c) = code
        {
            // Terminals send Ctrl with a letter, not its capital.
            return Ok(Key { code: KeyCode::Char(c.to_ascii_lowercase()), modifiers });
        }
        Ok(Key { code, modifiers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_back_from_their_labels() {
        for key in [
            ch('j'),
            ch('G'),
            ch(' '),
            ch('?'),
            ctrl('d'),
            plain(KeyCode::PageDown),
            plain(KeyCode::BackTab),
            plain(KeyCode::Down),
            plain(KeyCode::F(5)),
            alt_key(KeyCode::Backspace),
            ctrl_key(KeyCode::Left),
        ] {
            assert_eq!(Key::parse(&key.label()), Ok(key), "{}", key.label());
        }
        assert_eq!(Key::parse("pagedown"), Ok(plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("Ctrl-D"), Ok(ctrl('d')));
        assert_eq!(Key::parse("-"), Ok(ch('-')));
        assert_eq!(Key::parse("Ctrl--"), Ok(ctrl('-')));
    }

    #[test]
    fn bad_key_names_say_what_a_key_is() {
        assert_eq!(
            Key::parse("Ctrl-dd"),
            Err("bad key name 'Ctrl-dd': a key is one character or a name such as Ctrl-d, PgDn, Space, Enter, F2"
                .to_string())
        );
        assert!(Key::parse("").is_err());
        assert!(Key::parse("F99").is_err());
        assert!(Key::parse(" ").is_err());
    }
}
