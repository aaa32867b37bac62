//! The article view: the full text, this event's evidence highlighted, the evidence of
//! the article's other events marked.

use super::evidence::locate;
use super::status::edited;
use super::wrap::wrap;
use crate::model::{Corpus, EventIx};
use crate::query::filter::TextQuery;
use crate::tui::action::Action;
use crate::tui::app::{App, ArticleFind};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::viewport::{Viewport, WrappedArticle};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::sync::Arc;

/// The article's lines at `width`, and the line where this event's first quote starts.
pub fn article_lines(
    corpus: &Corpus,
    event: EventIx,
    width: usize,
    theme: &Theme,
) -> (Vec<Line<'static>>, Option<usize>) {
    let e = &corpus.events()[event as usize];
    let article = corpus.article_of(e);
    let mut lines = wrap(&[(article.title.shown(), theme.title)], width);
    let mut meta = Vec::new();
    if let Some(s) = &article.source {
        meta.push(s.shown().to_string());
    }
    if let Some(a) = &article.author {
        meta.push(a.shown().to_string());
    }
    if let Some(p) = &article.published {
        meta.push(p.human());
    }
    if let Some(u) = &article.url {
        meta.push(u.shown().to_string());
    }
    lines.extend(wrap(&[(&meta.join(" · "), theme.dim)], width));
    lines.push(Line::raw(""));
    let Some(text) = &article.text else {
        lines.push(Line::styled("(this article has no text: the evidence alone is shown)", theme.dim));
        for q in &e.evidence {
            lines.extend(wrap(&[(&crate::display::evidence_shown(q, article), theme.evidence)], width));
        }
        return (lines, None);
    };
    // Byte ranges of evidence in the sanitized text: this event's and the others'.
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    for &i in corpus.article_events(e.article) {
        for q in &corpus.events()[i as usize].evidence {
            if let Some((s, t)) = locate(article, q) {
                marks.push((s, t, i == event));
            }
        }
    }
    marks.sort_by_key(|&(s, _, mine)| (s, !mine));
    let shown = text.shown();
    let mut pieces: Vec<(&str, Style)> = Vec::new();
    let mut at = 0;
    let mut first_own_piece = None;
    for (s, t, mine) in marks {
        if s < at {
            continue;
        }
        pieces.push((&shown[at..s], Style::new()));
        if mine && first_own_piece.is_none() {
            first_own_piece = Some(pieces.len());
        }
        pieces.push((&shown[s..t], if mine { theme.evidence } else { theme.other_evidence }));
        at = t;
    }
    pieces.push((&shown[at..], Style::new()));
    let header_lines = lines.len();
    let evidence_line = first_own_piece.map(|k| {
        // Wrapping the text before the quote tells on which line the quote starts.
        let before = wrap(&pieces[..k], width);
        header_lines + before.len().saturating_sub(1)
    });
    lines.extend(wrap(&pieces, width));
    (lines, evidence_line)
}

/// The article's lines for `event` at `width`: wrapped once, then taken from the cache
/// while the same event is shown at the same width.
fn wrapped(app: &App, event: EventIx, width: usize) -> (Arc<Vec<Line<'static>>>, Option<usize>) {
    let mut cache = app.viewport.article.borrow_mut();
    match &*cache {
        Some(w) if w.event == event && w.width == width => (w.lines.clone(), w.evidence_line),
        _ => {
            let (lines, evidence_line) = article_lines(&app.corpus, event, width, &app.theme);
            let lines = Arc::new(lines);
            *cache = Some(WrappedArticle { event, width, lines: lines.clone(), evidence_line });
            (lines, evidence_line)
        }
    }
}

/// The article, from line `scroll`, or where this event's evidence is in the upper third;
/// the words of `/` highlighted, where the reader is shown at the bottom (as less does), or
/// the words being typed.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, event: EventIx, scroll: Option<u16>, find: Option<&ArticleFind>) {
    let theme = &app.theme;
    let corpus = &app.corpus;
    let e = &corpus.events()[event as usize];
    let siblings = app.article_events(event);
    let index = siblings.iter().position(|&s| s == event).unwrap_or(0);
    let title = format!(
        " event {}/{} of this article: {} · {}/{} other events · {} search · {} back ",
        index + 1,
        siblings.len(),
        e.summary.shown(),
        app.key(Context::Article, Action::ArticleNextEvent),
        app.key(Context::Article, Action::ArticlePrevEvent),
        app.key(Context::Article, Action::ArticleFind),
        app.key(Context::Article, Action::Cancel)
    );
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .border_style(theme.border_focused)
        .title(Span::styled(crate::text::truncate(&title, usize::from(area.width)).into_owned(), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width).saturating_sub(2).max(1);
    let (lines, evidence) = wrapped(app, event, width);
    let height = usize::from(inner.height);
    let wanted = match scroll {
        Some(line) => usize::from(line),
        None => evidence.map_or(0, |line| line.saturating_sub(height / 3)),
    };
    let start = Viewport::record(&app.viewport.panel, lines.len(), height, wanted);
    let query = find.and_then(|f| TextQuery::new(f.input.text()));
    let visible: Vec<Line> = lines
        .iter()
        .skip(start)
        .take(height)
        .map(|l| {
            let mut spans = vec![Span::raw(" ")];
            match &query {
                Some(q) => spans.extend(l.spans.iter().flat_map(|s| matches_in(s, q, theme))),
                None => spans.extend(l.spans.iter().cloned()),
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
    let bottom = Rect::new(area.x, area.y + area.height.saturating_sub(1), area.width, 1);
    if let Some(f) = find.filter(|f| f.editing) {
        let line = Line::from(edited(" /", &f.input, "  Enter finds, Esc cancels".into(), theme));
        frame.render_widget(Clear, bottom);
        frame.render_widget(Paragraph::new(line).style(theme.prompt), bottom);
        return;
    }
    // Where the reader is, on the right of the bottom border (as less shows it); what the
    // last key said, on its left.
    let last = (start + height).min(lines.len());
    let percent = if lines.len() <= height { 100 } else { last * 100 / lines.len() };
    let at = format!(" lines {}-{last} of {} · {percent}% ", start + 1, lines.len());
    frame.render_widget(Paragraph::new(Line::from(Span::styled(at.clone(), theme.label)).right_aligned()), bottom);
    if let Some(m) = &app.message {
        let room = usize::from(bottom.width).saturating_sub(crate::text::width(&at) + 1);
        let said = crate::text::truncate(&format!(" {} ", m.text), room).into_owned();
        let style = if m.error { theme.status_error } else { theme.status_bar };
        frame.render_widget(Paragraph::new(Line::from(Span::styled(said, style))), bottom);
    }
}

/// A span with the words of `/` in it styled as matches.
fn matches_in(span: &Span<'static>, query: &TextQuery, theme: &Theme) -> Vec<Span<'static>> {
    let text = span.content.as_ref();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in query.find_in(text) {
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push(Span::styled(text[at..start].to_string(), span.style));
        out.push(Span::styled(text[start..end].to_string(), span.style.patch(theme.matched)));
        at = end;
    }
    out.push(Span::styled(text[at..].to_string(), span.style));
    out
}
