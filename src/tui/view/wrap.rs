//! Fitting text to columns: word wrapping done here rather than by ratatui's `Wrap`, so
//! that every line is known before drawing (for scrolling to a quote) and no width can
//! make wrapping panic; padding and cutting to a width.

use crate::text::{truncate, width};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Wrap styled pieces of text to `width` columns. `\n` breaks a line; a word longer
/// than the width is cut.
pub fn wrap(pieces: &[(&str, Style)], width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<(char, Style)>> = Vec::new();
    let mut line: Vec<(char, Style)> = Vec::new();
    let mut line_width = 0;
    let mut word: Vec<(char, Style)> = Vec::new();
    let mut word_width = 0;

    fn flush(
        word: &mut Vec<(char, Style)>,
        word_width: &mut usize,
        line: &mut Vec<(char, Style)>,
        line_width: &mut usize,
        lines: &mut Vec<Vec<(char, Style)>>,
        width: usize,
    ) {
        if word.is_empty() {
            return;
        }
        if *line_width + *word_width > width && *line_width > 0 {
            while line.last().is_some_and(|(c, _)| *c == ' ') {
                line.pop();
            }
            lines.push(std::mem::take(line));
            *line_width = 0;
        }
        for (c, style) in word.drain(..) {
            let w = c.width().unwrap_or(0);
            if *line_width + w > width && *line_width > 0 {
                lines.push(std::mem::take(line));
                *line_width = 0;
            }
            line.push((c, style));
            *line_width += w;
        }
        *word_width = 0;
    }

    for (text, style) in pieces {
        for c in text.chars() {
            match c {
                '\n' => {
                    flush(&mut word, &mut word_width, &mut line, &mut line_width, &mut lines, width);
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                ' ' => {
                    flush(&mut word, &mut word_width, &mut line, &mut line_width, &mut lines, width);
                    if line_width > 0 && line_width < width {
                        line.push((' ', *style));
                        line_width += 1;
                    }
                }
                c => {
                    word.push((c, *style));
                    word_width += c.width().unwrap_or(0);
                }
            }
        }
    }
    flush(&mut word, &mut word_width, &mut line, &mut line_width, &mut lines, width);
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(to_line).collect()
}

/// Pad or cut `text` to exactly `columns` columns.
pub fn fit(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let pad = columns.saturating_sub(width(&cut));
    format!("{cut}{:pad$}", "")
}

/// Split `text` where `column` columns of it are used.
pub fn split_at_column(text: &str, column: usize) -> (String, String) {
    let mut used = 0;
    let mut at = text.len();
    for (i, c) in text.char_indices() {
        if used >= column {
            at = i;
            break;
        }
        used += c.width().unwrap_or(0);
    }
    (text[..at].to_string(), text[at..].to_string())
}

fn to_line(chars: Vec<(char, Style)>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_style = None;
    for (c, style) in chars {
        if current_style != Some(style) {
            if let Some(s) = current_style {
                spans.push(Span::styled(std::mem::take(&mut current), s));
            }
            current_style = Some(style);
        }
        current.push(c);
    }
    if let Some(s) = current_style {
        spans.push(Span::styled(current, s));
    }
    Line::from(spans)
}

/// The labels' column of the detail pane's fields.
pub const LABEL_WIDTH: usize = 11;

/// A labelled field: the label in its column (in `label_style`), the value wrapped beside it.
pub fn labelled(
    lines: &mut Vec<Line<'static>>,
    label: &str,
    pieces: &[(&str, Style)],
    width: usize,
    label_style: Style,
) {
    let value_width = width.saturating_sub(LABEL_WIDTH).max(1);
    for (i, line) in wrap(pieces, value_width).into_iter().enumerate() {
        let head = if i == 0 { format!("{label:<LABEL_WIDTH$}") } else { " ".repeat(LABEL_WIDTH) };
        let mut spans = vec![Span::styled(head, label_style)];
        spans.extend(line.spans);
        lines.push(Line::from(spans));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_and_keeps_styles() {
        let bold = Style::new().bold();
        let lines = wrap(&[("the quick ", Style::new()), ("brown", bold), (" fox jumps", Style::new())], 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
        assert_eq!(lines[1].spans[0].style, bold);
    }

    #[test]
    fn long_words_are_cut_and_newlines_break() {
        assert_eq!(plain(&wrap(&[("abcdefghij\nxy", Style::new())], 4)), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn wide_characters_never_overflow_even_at_width_one() {
        for width in 1..6 {
            for line in wrap(&[("日本語 😀 emoji テキスト", Style::new())], width) {
                assert!(line.width() <= width.max(2), "{line:?} at {width}");
            }
        }
    }
}
