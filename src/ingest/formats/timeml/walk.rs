//! The article text of a TimeML document, walked out of its TEXT element, with where
//! each EVENT and each sentence (`<s>`, where marked) starts in it, in characters.

use crate::ingest::formats::xml::{Element, Node};

/// An EVENT as found in the text, with character offsets into the article text.
pub(super) struct Mention<'e> {
    pub element: &'e Element,
    pub start: usize,
    pub end: usize,
}

/// The article text with the places of EVENTs and sentences.
#[derive(Default)]
pub(super) struct Walk<'e> {
    pub text: String,
    pub chars: usize,
    pub mentions: Vec<Mention<'e>>,
    pub sentence_starts: Vec<usize>,
}

impl<'e> Walk<'e> {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    pub fn element(&mut self, el: &'e Element) {
        if el.name == "s" {
            if self.text.chars().last().is_some_and(|c| !c.is_whitespace()) {
                self.push("\n");
            }
            self.sentence_starts.push(self.chars);
        }
        let start = self.chars;
        for child in &el.children {
            match child {
                Node::Text(t) => self.push(t),
                Node::Element(e) => self.element(e),
            }
        }
        if el.name == "EVENT" {
            self.mentions.push(Mention { element: el, start, end: self.chars });
        }
    }

    /// Drop the blank lines around the text, moving every offset with it.
    pub fn trim(&mut self) {
        let lead = self.text.chars().take_while(|c| c.is_whitespace()).count();
        self.text = self.text.trim().to_string();
        let len = self.text.chars().count();
        for m in &mut self.mentions {
            m.start = m.start.saturating_sub(lead).min(len);
            m.end = m.end.saturating_sub(lead).min(len);
        }
        for s in &mut self.sentence_starts {
            *s = s.saturating_sub(lead);
        }
    }
}
