//! The detail pane: everything known about the selected event.

use super::evidence::evidence_in_sentence;
use super::wrap::wrap;
use crate::model::{Clock, Corpus, EventIx, Role, When};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// Actors, and relations, the pane lists of one event before "… and N more": a hundred
/// thousand of them would take seconds to wrap at every key, and fill no screen.
pub const LISTED_AT_MOST: usize = 20;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, side_by_side: bool) {
    let theme = &app.theme;
    let focused = app.focus == Focus::Detail;
    let borders = if side_by_side { Borders::LEFT } else { Borders::TOP };
    let title = if focused { " detail (Tab: back to the list) " } else { " detail " };
    let block = Block::default()
        .borders(borders)
        .border_style(if focused { theme.border_focused } else { theme.border })
        .title(Span::styled(title, theme.label));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(event) = app.current() else { return };
    let mut lines = detail_lines(&app.corpus, event, usize::from(inner.width), app.clock, theme);
    // With stories on, the story comes first, then this report.
    let story = match app.stories.as_deref().filter(|_| app.stories_on) {
        Some(stories) => super::story::detail_lines(app, stories, event, usize::from(inner.width)),
        None => Vec::new(),
    };
    let story_len = story.len();
    lines.splice(0..0, story);
    if let Some(mark) = app.desk.mark(event) {
        // Under the summary: what the user put on the event comes first.
        let below_summary = wrap(
            &[(&app.corpus.events()[event as usize].summary.shown(), theme.title)],
            usize::from(inner.width).max(1),
        )
        .len()
            + story_len;
        let desk = desk_lines(mark, usize::from(inner.width), theme);
        lines.splice(below_summary..below_summary, desk);
    }
    let height = usize::from(inner.height);
    let scroll = Viewport::record(&app.viewport.detail, lines.len(), height, usize::from(app.detail_scroll));
    let below = lines.len().saturating_sub(scroll + height);
    let mut visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    // Nothing cut without a sign: the last row says how much is below, and how to read it.
    if below > 0 && height > 1 {
        visible.truncate(height - 1);
        let key = |action| app.key(Context::Timeline, action);
        let how = if focused {
            format!("{} scrolls", key(Action::Down))
        } else {
            format!("{}, then {}", key(Action::ToggleFocus), key(Action::Down))
        };
        let more = format!("↓ {} more line{} ({how})", below + 1, if below == 0 { "" } else { "s" });
        visible.push(Line::styled(more, theme.dim));
    }
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The marks and the note on the event, as labelled fields.
fn desk_lines(mark: &crate::desk::Mark, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    use crate::tui::theme::{MARKED, STARRED};
    let mut lines = Vec::new();
    let flags: Vec<String> = [(mark.marked, MARKED, "marked"), (mark.starred, STARRED, "starred")]
        .iter()
        .filter(|(on, ..)| *on)
        .map(|(_, glyph, word)| format!("{glyph} {word}"))
        .collect();
    if !flags.is_empty() {
        field(&mut lines, "desk", &[(&flags.join("  "), theme.marker)], width, theme);
    }
    if let Some(note) = &mark.note {
        for (i, line) in note.lines().enumerate() {
            let label = if i == 0 { "note" } else { "" };
            let line = crate::text::sanitize_line(line);
            field(&mut lines, label, &[(&line, Style::new())], width, theme);
        }
    }
    lines
}

/// A labelled field: the label in its column, the value wrapped beside it.
fn field(lines: &mut Vec<Line<'static>>, label: &str, pieces: &[(&str, Style)], width: usize, theme: &Theme) {
    super::wrap::labelled(lines, label, pieces, width, theme.label);
}

/// The event's fields for the detail pane, times of day on `clock`.
pub fn detail_lines(corpus: &Corpus, event: EventIx, width: usize, clock: Clock, theme: &Theme) -> Vec<Line<'static>> {
    let e = &corpus.events()[event as usize];
    let article = corpus.article_of(e);
    let mut lines = wrap(&[(&e.summary.shown(), theme.title)], width.max(1));

    // On the screen's clock, and as its source wrote it when that differs.
    let on_clock = |d: &When| {
        let shown = d.on(clock);
        if shown.offset_minutes == d.offset_minutes {
            d.human()
        } else {
            format!("{}, {} as written", shown.human(), d.human())
        }
    };
    let date = match (&e.date, &e.date_text) {
        (Some(d), Some(t)) if e.date_resolved => format!("{} (resolved from '{}')", on_clock(d), t.shown()),
        (Some(d), Some(t)) => format!("{} (written '{}')", on_clock(d), t.shown()),
        (Some(d), None) => on_clock(d),
        (None, Some(t)) => format!("undated (written '{}')", t.shown()),
        (None, None) => "undated".to_string(),
    };
    // Where the timeline places it: the day its article was published, not its date.
    let date = match corpus.reported_on(event) {
        Some(r) => format!("{date}; placed at its report, {} (the article's publication)", r.on(clock).human()),
        None => date,
    };
    field(&mut lines, "Date", &[(&date, theme.date)], width, theme);
    let action = e.action.as_deref().unwrap_or("—");
    let status = format!("{} · action {}", e.status, action);
    field(&mut lines, "Status", &[(&status, theme.status(e.status))], width, theme);

    let mut actors = String::new();
    let by_role = Role::ALL.iter().copied().flat_map(|role| e.participants.iter().filter(move |p| p.role == role));
    for p in by_role.take(LISTED_AT_MOST) {
        if !actors.is_empty() {
            actors.push_str(", ");
        }
        actors.push_str(&format!("{} ({})", corpus.actors()[p.actor as usize].name.shown(), p.role));
    }
    if e.participants.len() > LISTED_AT_MOST {
        actors.push_str(&format!(", {}", crate::display::and_more(e.participants.len() - LISTED_AT_MOST)));
    }
    if !actors.is_empty() {
        field(&mut lines, "Actors", &[(&actors, theme.actors)], width, theme);
    }

    let mut about = article.title.shown().to_string();
    if let Some(s) = &article.source {
        about.push_str(&format!(" — {}", s.shown()));
    }
    if let Some(p) = &article.published {
        about.push_str(&format!(", {}", p.human()));
    }
    field(&mut lines, "Article", &[(&about, Style::new())], width, theme);

    for i in 0..e.evidence.len() {
        let label = if i == 0 { "Evidence" } else { "" };
        let (before, quote, after) = evidence_in_sentence(corpus, event, i);
        field(&mut lines, label, &[(&before, theme.dim), (&quote, theme.evidence), (&after, theme.dim)], width, theme);
    }

    let mut first = true;
    let mut relation = |lines: &mut Vec<Line<'static>>, label: &str, target: Option<EventIx>, unresolved: &str| {
        let text = match target {
            Some(t) => {
                let other = &corpus.events()[t as usize];
                let when = other.date.map_or_else(|| "undated".to_string(), |d| d.human());
                format!("{label}: {} ({when})", other.summary.shown())
            }
            None => format!("{label}: {} (not loaded)", crate::text::sanitize_line(unresolved)),
        };
        field(lines, if first { "Relations" } else { "" }, &[(&text, Style::new())], width, theme);
        first = false;
    };
    let incoming = corpus.incoming(event);
    for r in e.relations.iter().take(LISTED_AT_MOST) {
        relation(&mut lines, r.kind.label(), r.target, &r.target_ref);
    }
    for &(kind, source) in incoming.iter().take(LISTED_AT_MOST.saturating_sub(e.relations.len())) {
        relation(&mut lines, kind.inverse_label(), Some(source), "");
    }
    let relations = e.relations.len() + incoming.len();
    if relations > LISTED_AT_MOST {
        field(&mut lines, "", &[(&crate::display::and_more(relations - LISTED_AT_MOST), theme.dim)], width, theme);
    }
    if !e.tags.is_empty() {
        let tags = crate::text::sanitize_line(&e.tags.join(", "));
        field(&mut lines, "Tags", &[(&tags, Style::new())], width, theme);
    }
    for (i, (k, v)) in e.attributes.iter().enumerate() {
        let text = crate::text::sanitize_line(&format!("{k}: {v}"));
        field(&mut lines, if i == 0 { "Attributes" } else { "" }, &[(&text, Style::new())], width, theme);
    }
    let place = format!(
        "{}:{}:{} ({}/{})",
        crate::text::sanitize_line(corpus.file_of(e.loc)),
        e.loc.line,
        e.loc.column,
        crate::text::sanitize_line(&article.id),
        crate::text::sanitize_line(&e.id)
    );
    field(&mut lines, "Source", &[(&place, theme.dim)], width, theme);
    lines
}
