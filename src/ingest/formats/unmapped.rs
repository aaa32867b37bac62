//! The tally of what an importer read but could not map (TimeML, MEANTIME and brat
//! annotations annals has no place for), reported as one warning per kind.

use super::located::Located;
use crate::diagnostic::Diagnostic;

/// What an importer read but could not map, counted by kind: one located warning per kind,
/// at its first occurrence ("12 TLINKs between two TIMEX3s are not mapped").
#[derive(Debug, Default)]
pub struct Unmapped {
    kinds: Vec<UnmappedKind>,
}

#[derive(Debug)]
struct UnmappedKind {
    singular: &'static str,
    plural: &'static str,
    count: usize,
    first_pos: usize,
    examples: Vec<String>,
}

impl Unmapped {
    /// Count one thing not mapped, at byte offset `pos`; `example` names it (an id, a value).
    pub fn add(&mut self, singular: &'static str, plural: &'static str, pos: usize, example: &str) {
        let kind = match self.kinds.iter_mut().position(|k| k.singular == singular) {
            Some(i) => &mut self.kinds[i],
            None => {
                self.kinds.push(UnmappedKind { singular, plural, count: 0, first_pos: pos, examples: Vec::new() });
                self.kinds.last_mut().expect("just pushed")
            }
        };
        kind.count += 1;
        kind.first_pos = kind.first_pos.min(pos);
        if kind.examples.len() < 3 && !example.is_empty() && !kind.examples.iter().any(|e| e == example) {
            kind.examples.push(example.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// One warning per kind, located by `locate` (byte offset to line and column).
    pub fn diagnostics(&self, file: &str, locate: impl Fn(usize) -> (u32, u32)) -> Vec<Diagnostic> {
        self.kinds
            .iter()
            .map(|k| {
                let (line, column) = locate(k.first_pos);
                let what = if k.count == 1 { k.singular } else { k.plural };
                let more = if k.count > k.examples.len() { ", …" } else { "" };
                let examples = if k.examples.is_empty() {
                    String::new()
                } else {
                    format!(" ({}{more}; the first here)", k.examples.join(", "))
                };
                Diagnostic::warning(file, line, column, format!("{} {what}{examples}", k.count))
            })
            .collect()
    }

    /// Write [`Self::diagnostics`] where `out` writes.
    pub fn report(&self, out: &mut Located<'_, '_>) {
        let notes = self.diagnostics(out.name, |pos| out.lines.locate(pos));
        out.diagnostics.extend(notes);
    }
}
