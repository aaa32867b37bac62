//! One line of text and a cursor in it: every prompt (search, filter, go to a date,
//! export name, the actor picker's query) is edited through this one type.

/// A change to a line, as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Type a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    Left,
    Right,
    Home,
    End,
    /// To the start of this word or the one before (letters and digits make words).
    WordLeft,
    /// To the end of this word or the one after.
    WordRight,
    /// Ctrl-w: delete back to the start of the word before the cursor (words end at spaces,
    /// as in a shell, so `from:2016-12` goes at once).
    DeleteWordBack,
    /// Ctrl-u: empty the line.
    Clear,
}

/// The text and the cursor, a byte offset always on a character boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineEditor {
        let text = text.into();
        LineEditor { cursor: text.len(), text }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Put the cursor before the `n`-th character (at the end past the last).
    pub fn move_to_char(&mut self, n: usize) {
        self.cursor = self.text.char_indices().nth(n).map_or(self.text.len(), |(i, _)| i);
    }

    /// The text before the cursor and from the cursor on.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Apply an edit; true when the text changed (moves change only the cursor).
    pub fn apply(&mut self, edit: Edit) -> bool {
        let before = self.text.len();
        match edit {
            Edit::Insert(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                return true;
            }
            Edit::Backspace => {
                let start = self.previous_char();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Delete => {
                let end = self.next_char();
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::Left => self.cursor = self.previous_char(),
            Edit::Right => self.cursor = self.next_char(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::WordLeft => self.cursor = self.word_start(char::is_alphanumeric),
            Edit::WordRight => self.cursor = self.word_end(),
            Edit::DeleteWordBack => {
                let start = self.word_start(|c| !c.is_whitespace());
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
        }
        self.text.len() != before
    }

    fn previous_char(&self) -> usize {
        self.text[..self.cursor].char_indices().next_back().map_or(0, |(i, _)| i)
    }

    fn next_char(&self) -> usize {
        self.text[self.cursor..].chars().next().map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// Back over what is not a word, then over the word.
    fn word_start(&self, in_word: fn(char) -> bool) -> usize {
        let before = &self.text[..self.cursor];
        let word_end = before.trim_end_matches(|c: char| !in_word(c)).len();
        before[..word_end].trim_end_matches(in_word).len()
    }

    /// Forward over what is not a word, then over the word.
    fn word_end(&self) -> usize {
        let after = &self.text[self.cursor..];
        let gap = after.len() - after.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let word = &after[gap..];
        let word_len = word.len() - word.trim_start_matches(char::is_alphanumeric).len();
        self.cursor + gap + word_len
    }
}

impl PartialEq<str> for LineEditor {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl std::fmt::Display for LineEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Apply `edit` to a prompt that may show an error: moving the cursor keeps the error in
/// sight; changing the text clears it.
pub fn edit_prompt(input: &mut LineEditor, error: &mut Option<String>, edit: Edit) {
    if input.apply(edit) {
        *error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Edit::*;

    /// `|` marks the cursor: "ab|c" is "abc" with the cursor before 'c'.
    fn at(marked: &str) -> LineEditor {
        let cursor = marked.find('|').expect("a cursor mark");
        LineEditor { text: marked.replacen('|', "", 1), cursor }
    }

    fn marked(line: &LineEditor) -> String {
        let (before, after) = line.split();
        format!("{before}|{after}")
    }

    #[rstest::rstest]
    #[case("ab|", Insert('c'), "abc|", true)]
    #[case("a|c", Insert('b'), "ab|c", true)]
    #[case("|", Insert('é'), "é|", true)]
    #[case("ab|c", Backspace, "a|c", true)]
    #[case("|abc", Backspace, "|abc", false)]
    #[case("日本|語", Backspace, "日|語", true)]
    #[case("ab|c", Delete, "ab|", true)]
    #[case("abc|", Delete, "abc|", false)]
    #[case("日|本語", Delete, "日|語", true)]
    #[case("ab|c", Left, "a|bc", false)]
    #[case("|abc", Left, "|abc", false)]
    #[case("日本|語", Left, "日|本語", false)]
    #[case("a|bc", Right, "ab|c", false)]
    #[case("abc|", Right, "abc|", false)]
    #[case("ab|c", Home, "|abc", false)]
    #[case("a|bc", End, "abc|", false)]
    #[case("tag:expulsion from:2016|", WordLeft, "tag:expulsion from:|2016", false)]
    #[case("tag:expulsion from:|2016", WordLeft, "tag:expulsion |from:2016", false)]
    #[case("tag:|expulsion", WordLeft, "|tag:expulsion", false)]
    #[case("|tag", WordLeft, "|tag", false)]
    #[case("|tag:expulsion", WordRight, "tag|:expulsion", false)]
    #[case("tag|:expulsion", WordRight, "tag:expulsion|", false)]
    #[case("tag:expulsion|", WordRight, "tag:expulsion|", false)]
    #[case("tag:expulsion from:2016|", DeleteWordBack, "tag:expulsion |", true)]
    #[case("tag:expulsion from:2016  |", DeleteWordBack, "tag:expulsion |", true)]
    #[case("one two| three", DeleteWordBack, "one | three", true)]
    #[case("|one", DeleteWordBack, "|one", false)]
    #[case("one t|wo", Clear, "|", true)]
    fn edits(#[case] before: &str, #[case] edit: Edit, #[case] after: &str, #[case] changed: bool) {
        let mut line = at(before);
        assert_eq!(line.apply(edit), changed, "{before} {edit:?}");
        assert_eq!(marked(&line), after, "{before} {edit:?}");
    }

    #[test]
    fn a_new_line_has_its_cursor_at_the_end() {
        let line = LineEditor::new("from:2016");
        assert_eq!(marked(&line), "from:2016|");
        assert!(line == *"from:2016");
        assert_eq!(line.to_string(), "from:2016");
    }
}
