//! Text from the data, made safe for a terminal, and the [`sentence`] around a place in it.
//!
//! Articles are hostile input: a title may carry an escape sequence that retitles the
//! terminal window or moves the cursor, a summary may hide a right-to-left override.
//! Everything annals draws is sanitized first: a [`Text`] makes its safe form once, at
//! load, and keeps it only when it differs from the data; a [`LineText`] (there is one a
//! summary, a million of them) makes it each time it is drawn, as do the views with
//! [`sanitize_line`] for what they compose. Exports keep the data exactly as it was
//! ([`Text::raw`]).

pub mod find;
pub mod sentence;

use unicode_width::UnicodeWidthChar;

/// Columns between tab stops when a tab is expanded.
const TAB_WIDTH: usize = 4;

/// A string from the data, with its terminal-safe form kept only when it differs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    raw: Box<str>,
    shown: Option<Box<str>>,
}

impl Text {
    /// A single-line field (summary, name, title): newlines become spaces.
    pub fn line(raw: impl Into<Box<str>>) -> Self {
        Self::with(raw.into(), false)
    }

    /// A multi-line field (article text): newlines are kept.
    pub fn block(raw: impl Into<Box<str>>) -> Self {
        Self::with(raw.into(), true)
    }

    fn with(raw: Box<str>, keep_newlines: bool) -> Self {
        // A block's line breaks are drawn as they are: only what else needs it is copied.
        let shown = (!is_plain(&raw, keep_newlines)).then(|| sanitize(&raw, keep_newlines).into_boxed_str());
        Self { raw, shown }
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.raw.len() + self.shown.as_ref().map_or(0, |s| s.len())
    }

    /// The data exactly as loaded (for export and matching).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The form safe to draw on a terminal.
    pub fn shown(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.raw)
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.shown())
    }
}

/// A single-line field of which there are a million (event summaries): held once, its
/// form safe to draw made when it is drawn, and only when it differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineText(Box<str>);

impl LineText {
    pub fn new(raw: impl Into<Box<str>>) -> Self {
        LineText(raw.into())
    }

    /// The data exactly as loaded (for export and matching).
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// The form safe to draw on a terminal.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        shown_line(&self.0)
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Display for LineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

/// A one-line field in the form safe to draw: borrowed when it already is.
pub fn shown_line(s: &str) -> std::borrow::Cow<'_, str> {
    if is_plain(s, false) { std::borrow::Cow::Borrowed(s) } else { std::borrow::Cow::Owned(sanitize_line(s)) }
}

/// True when the text has nothing a terminal could misread: printable ASCII only,
/// or non-ASCII without controls, bidi or zero-width characters.
/// In a block, `\n` is plain too.
fn is_plain(s: &str, newlines_allowed: bool) -> bool {
    s.chars().all(|c| !needs_attention(c) || (newlines_allowed && c == '\n'))
}

fn needs_attention(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Bidirectional controls and zero-width characters: removed, since they reorder or hide
/// what is drawn around them and confuse column arithmetic.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' |
        '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{180E}' |
        '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Sanitize a one-line field: escape sequences removed whole, tabs expanded,
/// line breaks turned into spaces, other controls shown as a visible placeholder.
pub fn sanitize_line(s: &str) -> String {
    sanitize(s, false)
}

fn sanitize(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                if !skip_escape_sequence(&mut chars) {
                    out.push(placeholder(c));
                    column += 1;
                }
            }
            // 8-bit CSI, OSC, DCS and friends: drop the introducer and what it introduces.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string_body(&mut chars),
            '\t' => {
                let spaces = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                if keep_newlines {
                    out.push('\n');
                    column = 0;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            c if is_invisible_format(c) => {}
            c if c.is_control() => {
                out.push(placeholder(c));
                column += 1;
            }
            c => {
                out.push(c);
                column += c.width().unwrap_or(0);
            }
        }
    }
    out
}

/// The visible stand-in for a control character: its Unicode "control picture"
/// (␇ for BEL, ␛ for ESC) where one exists, else the replacement character.
fn placeholder(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7f => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: consume a whole escape sequence. Returns false when the ESC was alone.
fn skip_escape_sequence(chars: &mut Chars<'_>) -> bool {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
            true
        }
        // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
            true
        }
        // Character-set designation and similar: ESC, intermediates, one final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while chars.next_if(|c| ('\u{20}'..='\u{2f}').contains(c)).is_some() {}
            chars.next();
            true
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
            true
        }
        _ => false,
    }
}

/// CSI parameters and intermediates, then the final byte (0x40..=0x7e).
fn skip_csi_body(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// A control string up to BEL, ST (ESC \) or 8-bit ST.
fn skip_string_body(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                break;
            }
            _ => {}
        }
    }
}

/// Display width in terminal columns of sanitized text.
/// The words of a text as names and phrases are matched: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The longest prefix of `s` that fits in `max` columns, with "…" when cut.
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= max {
        return s.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out.into()
}

/// `s` cut to at most `max` columns by taking out its middle (`exported 4 events to
/// /home/…/expulsions.json`): its start says what happened, its end names the file.
pub fn truncate_middle(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= max {
        return s.into();
    }
    if max < 3 {
        return truncate(s, max);
    }
    let keep_end = (max - 1) / 2;
    let keep_start = max - 1 - keep_end;
    let head = truncate(s, keep_start + 1);
    let head = head.trim_end_matches('…');
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > keep_end {
            break;
        }
        tail.push(c);
        used += w;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}").into()
}

// ---- Output to a terminal (the CLI's writer, `cli::output`) ----

/// A piece of annals' own output, in the form safe for a terminal: line breaks kept, tabs
/// expanded, escape sequences removed whole, other controls shown as placeholders, bidi and
/// zero-width characters removed. Borrowed when it already is safe.
pub fn shown_output(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = s.chars().all(|c| !needs_attention(c) || c == '\n');
    if plain { std::borrow::Cow::Borrowed(s) } else { std::borrow::Cow::Owned(sanitize(s, true)) }
}

/// A character that JSON may hold raw but a terminal must not receive: DEL, the C1
/// controls, bidi and zero-width characters. (JSON escapes the C0 controls itself.)
pub fn needs_json_escape_on_terminal(c: char) -> bool {
    c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || is_invisible_format(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_of_a_block_are_not_copied() {
        let t = Text::block("First paragraph.\nSecond one.");
        assert_eq!((t.shown(), t.heap_bytes()), ("First paragraph.\nSecond one.", 28));
        assert_eq!(Text::line("a\nb").shown(), "a b");
        assert_eq!(Text::block("a\r\nb\x1b[2J").shown(), "a\nb");
    }

    #[test]
    fn plain_text_is_not_copied() {
        let t = Text::line("Putin revokes the proposal — Путин");
        assert_eq!(t.shown(), t.raw());
        assert!(t.shown.is_none());
    }

    #[test]
    fn csi_and_osc_sequences_are_removed_whole() {
        assert_eq!(sanitize_line("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize_line("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(sanitize_line("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"), "xlinky");
        assert_eq!(sanitize_line("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize_line("x\u{1b}(By"), "xy");
    }

    #[test]
    fn lone_controls_become_visible_placeholders() {
        assert_eq!(sanitize_line("bell\u{7}"), "bell\u{2407}");
        assert_eq!(sanitize_line("esc\u{1b}"), "esc\u{241b}");
        assert_eq!(sanitize_line("del\u{7f}"), "del\u{2421}");
        assert_eq!(sanitize_line("c1\u{85}x"), "c1 x");
        assert_eq!(sanitize_line("c1\u{80}x"), "c1\u{FFFD}x");
    }

    #[test]
    fn bidi_and_zero_width_characters_are_removed() {
        assert_eq!(sanitize_line("abc\u{202E}def\u{200B}g\u{2066}h"), "abcdefgh");
    }

    #[test]
    fn tabs_expand_to_the_next_stop_and_newlines_depend_on_the_field() {
        assert_eq!(sanitize_line("ab\tc"), "ab  c");
        assert_eq!(sanitize_line("one\ntwo"), "one two");
        assert_eq!(Text::block("one\r\ntwo\n\tx").shown(), "one\ntwo\n    x");
    }

    #[test]
    fn truncate_middle_keeps_the_start_and_the_end() {
        let said = "exported 4 events to /home/analyst/projects/russia/expulsions.json";
        let cut = truncate_middle(said, 40);
        assert_eq!(width(&cut), 40);
        assert!(cut.starts_with("exported 4 events") && cut.ends_with("expulsions.json"), "{cut}");
        assert_eq!(truncate_middle("short", 40), "short");
        let wide = truncate_middle("日本語のファイル名.json", 11);
        assert!(width(&wide) <= 11 && wide.ends_with(".json"), "{wide}");
    }

    #[test]
    fn truncate_counts_columns_not_bytes() {
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(width("日本"), 4);
    }
}

// ---- Messages that quote the data: controls shown as escapes, not removed ----

/// `s` with every character a terminal would act on or hide written out as a visible
/// escape (`\u{1b}`, `\t`, `\n`), the rest as it is: for messages that quote a value, so
/// that what they quote is what the value holds ("malformed date '2016-12-29\u{1b}[8m'",
/// where removing the escape would quote a valid-looking date). Controls (C0, DEL, C1),
/// line and paragraph separators, bidi and zero-width characters are escaped.
pub fn escape_visible(s: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| needs_attention(c) || matches!(c, '\u{2028}' | '\u{2029}');
    if !s.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod escape_visible_tests {
    use super::escape_visible;

    #[test]
    fn controls_bidi_and_separators_are_shown_as_escapes() {
        assert_eq!(escape_visible("2016-12-29"), "2016-12-29");
        assert_eq!(escape_visible("2016-12-29\u{1b}[8m"), "2016-12-29\\u{1b}[8m");
        assert_eq!(escape_visible("a\tb\nc\r\u{7f}\u{9b}"), "a\\tb\\nc\\r\\u{7f}\\u{9b}");
        assert_eq!(escape_visible("\u{202e}evil\u{200b}\u{2028}"), "\\u{202e}evil\\u{200b}\\u{2028}");
        assert_eq!(escape_visible("Путин «нет» 日本"), "Путин «нет» 日本");
    }
}
