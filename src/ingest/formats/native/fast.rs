//! The fast path of the native loader: one article read straight from its JSON text into
//! a [`RawArticle`], with no tree of located values in between.
//!
//! It only ever says yes or "not me". Every input it is unsure of (an unknown or repeated
//! field, a wrong type, a bad date, anything that would be worth a warning) returns `None`,
//! and [`super::Reader`] reads the text again to say what and where. So the fast path
//! decides no message and no error: for what it accepts, it must build exactly what the
//! full reader builds, which `tests::the_fast_path_builds_what_the_reader_builds` checks
//! on every fixture and on mutations of them. The format's objects are read in
//! [`objects`]; this file holds the entry points and the readers of JSON shapes.

use crate::diagnostic::LineIndex;
use crate::ingest::json::Cursor;
use crate::ingest::raw::{RawArticle, RawAttributes, RawEvent};
use crate::model::Loc;
use std::borrow::Cow;

mod objects;

/// An article object filling `text`, one line of JSON Lines (line `line` of file `file`).
pub fn article(file: u32, text: &str, line: u32) -> Option<RawArticle> {
    let lines = LineIndex::starting_at(text, line);
    let mut r = Fast { c: Cursor::new(text), lines: &lines, file, depth: 0 };
    let article = r.article()?;
    r.c.at_end().then_some(article)
}

/// A whole document: one article object or an array of them.
pub fn document(file: u32, text: &str) -> Option<Vec<RawArticle>> {
    let lines = LineIndex::new(text);
    let mut r = Fast { c: Cursor::new(text), lines: &lines, file, depth: 0 };
    let articles = match r.c.peek()? {
        b'{' => vec![r.article()?],
        // Not `null`, which `array` takes for an empty list inside an article.
        b'[' => {
            r.depth = 1;
            let mut articles = Vec::new();
            r.array(|r| {
                articles.push(r.article()?);
                Some(())
            })?;
            articles
        }
        _ => return None,
    };
    r.c.at_end().then_some(articles)
}

/// The article at `start..end` of `text`, whose index is `lines`, `depth` levels down its
/// document.
pub fn article_at(
    file: u32,
    text: &str,
    lines: &LineIndex<'_>,
    start: usize,
    end: usize,
    depth: usize,
) -> Option<RawArticle> {
    let mut r = Fast { c: Cursor::at(&text[..end], start), lines, file, depth };
    let article = r.article()?;
    r.c.at_end().then_some(article)
}

struct Fast<'a, 'l> {
    c: Cursor<'a>,
    lines: &'l LineIndex<'l>,
    file: u32,
    /// How deep in its document the article object is (1 in an array of articles).
    depth: usize,
}

/// An event whose date waits for the article's `published`, which may come after it.
struct Pending<'a> {
    event: RawEvent,
    date: Option<(Cow<'a, str>, usize)>,
}

/// Which of `names` a key is, refusing unknown and repeated ones.
#[inline]
fn field(key: &str, names: &[&str], seen: &mut u32) -> Option<usize> {
    let i = names.iter().position(|n| *n == key)?;
    if *seen & (1 << i) != 0 {
        return None;
    }
    *seen |= 1 << i;
    Some(i)
}

#[inline]
fn non_empty(s: Cow<'_, str>) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.into_owned())
}

impl<'a> Fast<'a, '_> {
    #[inline]
    fn loc(&self, pos: usize) -> Loc {
        let (line, column) = self.lines.locate(pos);
        Loc { file: self.file, line, column }
    }

    /// The members of an object, each handed to `member` with its key.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        if !self.c.eat(b'{') {
            return None;
        }
        if self.c.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.c.string()?;
            if !self.c.eat(b':') {
                return None;
            }
            member(self, &key)?;
            if !self.c.eat(b',') {
                return self.c.eat(b'}').then_some(());
            }
        }
    }

    /// The elements of an array, or nothing for `null`.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.c.null() {
            return Some(());
        }
        if !self.c.eat(b'[') {
            return None;
        }
        if self.c.eat(b']') {
            return Some(());
        }
        loop {
            element(self)?;
            if !self.c.eat(b',') {
                return self.c.eat(b']').then_some(());
            }
        }
    }

    #[inline]
    fn optional_string(&mut self) -> Option<Option<String>> {
        if self.c.null() {
            return Some(None);
        }
        self.c.string().map(|s| Some(s.into_owned()))
    }

    /// A required string that is not blank, and where its value starts; `null` is refused.
    #[inline]
    fn required_string(&mut self) -> Option<(String, usize)> {
        let pos = self.c.pos();
        Some((non_empty(self.c.string()?)?, pos))
    }

    #[inline]
    fn strings(&mut self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        self.array(|r| {
            out.push(r.c.string()?.into_owned());
            Some(())
        })?;
        Some(out)
    }

    fn keyword<T>(&mut self, parse: fn(&str) -> Option<T>) -> Option<Option<T>> {
        if self.c.null() {
            return Some(None);
        }
        parse(&self.c.string()?).map(Some)
    }

    #[inline]
    fn offset(&mut self) -> Option<Option<usize>> {
        if self.c.null() {
            return Some(None);
        }
        self.c.number()?.parse().ok().map(Some)
    }

    /// Named values: strings, numbers (as written) and booleans.
    fn attributes(&mut self) -> Option<RawAttributes> {
        let mut out = RawAttributes::default();
        if self.c.null() {
            return Some(out);
        }
        self.object(|r, key| {
            match r.c.peek()? {
                b'"' => out.push(key.to_string(), &r.c.string()?),
                b't' | b'f' => out.push(key.to_string(), if r.c.boolean()? { "true" } else { "false" }),
                _ => out.push(key.to_string(), r.c.number()?),
            }
            Some(())
        })?;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path may decline anything, but what it accepts must be read by the full
    /// reader without a single diagnostic, into the same article.
    fn agrees(line: &str) -> bool {
        let mut diagnostics = Vec::new();
        let full = super::super::read_line(3, "t.jsonl", line, 7, &mut diagnostics);
        let Some(fast) = article(3, line, 7) else { return false };
        assert!(diagnostics.is_empty(), "the fast path accepted what the reader reports: {line}\n{diagnostics:?}");
        assert_eq!(format!("{fast:?}"), format!("{:?}", full.expect("an article")), "{line}");
        true
    }

    fn lines() -> Vec<String> {
        let mut generated = Vec::new();
        crate::synthetic::write_corpus(&mut generated, 400, 7).unwrap();
        let mut lines: Vec<String> = String::from_utf8(generated).unwrap().lines().map(str::to_string).collect();
        lines.extend(FIXTURES.iter().map(|s| s.to_string()));
        lines
    }

    const FIXTURES: &[&str] = &[
        r#"{"id": "a", "title": "T", "events": []}"#,
        r#" {"id":"a\u002fb","title":"T\n2","published":"2016-12-30","text":"Obama expels. Putin\u00e9 revokes.","actors":null,
            "events":[{"id":"e","summary":"S","date":"PAST_REF","date_text":"on Friday","status":"revoked","action":"expel",
            "participants":[{"actor":"obama","role":"agent","name":{"deep":[1,2,{"x":null}]}},{"actor":"x","role":null}],
            "evidence":["Obama expels.",{"quote":"revokes","start":27,"end":34},{"quote":"nowhere","start":null,"end":null}],
            "relations":[{"type":"same_as","target":"b/e"}],"tags":["Moscow","x"],"attributes":{"a":1.5e3,"b":true,"c":"s","a":-0}}]} "#,
        r#"{"events": [{"summary": "S", "id": "e", "date": "XXXX-XX-XX"}], "title": "T", "id": "a"}"#,
        r#"{"id": "a", "title": "T", "published": null, "events": [{"id": "e", "summary": "S", "date": null, "tags": null}]}"#,
        r#"{"id": "Путин", "title": "Путин", "events": [{"id": "é", "summary": "Путин", "date": "2016-W52"}]}"#,
    ];

    #[test]
    fn the_fast_path_builds_what_the_reader_builds() {
        for line in lines() {
            assert!(agrees(&line), "the fast path declined a line the reader reads without a word: {line}");
        }
    }

    /// The same for whole documents: what `document` accepts, the full reader reads the
    /// same way without a word.
    fn document_agrees(text: &str) -> bool {
        let mut diagnostics = Vec::new();
        let source = crate::ingest::Source {
            name: "t.json".into(),
            text: text.into(),
            format: crate::ingest::Format::Json,
            found_in_directory: false,
            companion: None,
            published: None,
        };
        let full = super::super::read_document(3, &source, &mut diagnostics);
        let Some(fast) = document(3, text) else { return false };
        assert!(diagnostics.is_empty(), "the fast path accepted what the reader reports: {text}\n{diagnostics:?}");
        assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{text}");
        true
    }

    #[test]
    fn whole_documents_take_the_fast_path_too() {
        let lines = lines();
        assert!(document_agrees(&lines[0]));
        assert!(document_agrees(&format!("[\n  {}\n]\n", lines[..20].join(",\n  "))));
        assert!(document_agrees("[]"));
        // A participant's name nested as deep as the reader allows, and one level deeper.
        let nested = |levels: usize| {
            format!(
                r#"[{{"id":"a","title":"T","events":[{{"id":"e","summary":"S","participants":[{{"actor":"x","name":{}1{}}}]}}]}}]"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        assert!(document_agrees(&nested(122)));
        assert!(!document_agrees(&nested(123)));
        for declined in [
            "null",
            "3",
            "{}",
            "[null]",
            "[{\"id\": \"a\", \"title\": \"T\", \"events\": []}] x",
            "{\"annals_export\": 1}",
        ] {
            assert!(!document_agrees(declined), "{declined}");
        }
    }

    #[test]
    fn the_fast_path_declines_what_is_worth_a_message() {
        for line in [
            r#"{"id": "a", "title": "T", "events": [], "extra": 1}"#,
            r#"{"id": "a", "id": "b", "title": "T", "events": []}"#,
            r#"{"id": " ", "title": "T", "events": []}"#,
            r#"{"id": "a", "title": "T", "events": null}"#,
            r#"{"id": "a", "title": "T"}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "action": "Expel"}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "date": "P1D"}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "date": "PAST_REF"}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "date": "2016-13-01"}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "status": "maybe"}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "evidence": [{"quote": "q", "start": 3}]}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "evidence": [{"quote": "q", "start": 3, "end": 1}]}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "attributes": {"a": null}}]}"#,
            r#"{"id": "a", "title": "T", "events": [{"id": "e", "summary": "S", "date_resolved": true}]}"#,
            r#"{"id": "a", "title": "T", "events": []} x"#,
            r#"{"id": "a", "title": "T", "events": [}"#,
        ] {
            assert!(!agrees(line), "accepted: {line}");
        }
    }

    /// Every way of breaking a good line by one character: whatever the fast path still
    /// accepts, the reader must read the same way without a word.
    #[test]
    fn mutations_never_make_the_two_disagree() {
        let line = FIXTURES[1];
        let replacements = ['"', '{', '}', '[', ']', ',', ':', ' ', 'x', '1', '\\', 'n', 'E'];
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut accepted = 0;
        for &(i, c) in &chars {
            let rest = &line[i + c.len_utf8()..];
            accepted += usize::from(agrees(&format!("{}{rest}", &line[..i])));
            for r in replacements {
                accepted += usize::from(agrees(&format!("{}{r}{rest}", &line[..i])));
            }
        }
        // Some mutations only change a string's content; those the fast path still takes.
        assert!(accepted > 100, "{accepted}");
    }
}
