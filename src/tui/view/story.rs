//! A story as an editor checks it against its sources: in the detail pane, what its
//! reports agree on and where they disagree (dates side by side, statuses), who told it
//! and when, its relations with other stories, and its reports; and the reports panel
//! (Enter on a story), one report a row with its evidence and why it was joined.

use super::popups::{centered, cursor_mark, window};
use super::wrap::{fit, wrap};
use crate::model::{Corpus, EventIx};
use crate::stories::facts::Facts;
use crate::stories::{Stories, lift};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::view::list::DISAGREE;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Actors and relations listed at most, as the detail pane lists an event's.
const LISTED_AT_MOST: usize = 20;

/// Reports the detail pane lists before "… and N more".
const REPORTS_LISTED: usize = 8;

/// A labelled field, the value wrapped beside its label, as the detail pane's.
fn field(lines: &mut Vec<Line<'static>>, label: &str, pieces: &[(&str, Style)], width: usize, theme: &Theme) {
    super::wrap::labelled(lines, label, pieces, width, theme.label);
}

/// `ARTICLE/EVENT`, safe to draw.
fn name(corpus: &Corpus, event: EventIx) -> String {
    crate::text::sanitize_line(&corpus.event_ref(corpus.event(event)))
}

/// A report's date as its source gives it.
fn given(corpus: &Corpus, event: EventIx) -> String {
    let e = corpus.event(event);
    match (&e.date, &e.date_text) {
        (Some(d), _) => d.human(),
        (None, Some(t)) => format!("undated ('{}')", t.shown()),
        (None, None) => "undated".to_string(),
    }
}

/// Its outlet, else its article's title.
fn outlet(corpus: &Corpus, event: EventIx) -> String {
    let article = corpus.article_of(corpus.event(event));
    article.source.as_ref().map_or_else(|| article.title.shown().to_string(), |s| s.shown().to_string())
}

/// The story block of the detail pane for the story of `event`, when it has several
/// reports; empty otherwise.
pub fn detail_lines(app: &App, stories: &Stories, event: EventIx, width: usize) -> Vec<Line<'static>> {
    let (corpus, theme) = (&*app.corpus, &app.theme);
    let story = stories.story_of(event);
    if stories.reports(story).len() < 2 {
        return Vec::new();
    }
    let facts = Facts::of(corpus, stories, event);
    let mut lines = wrap(&[(&corpus.event(stories.canonical(story)).summary.shown(), theme.title)], width.max(1));
    let outlets = facts.outlets.iter().map(|o| crate::text::sanitize_line(o)).collect::<Vec<_>>().join(", ");
    let told = format!(
        "×{} reports in {} article{}{}",
        facts.reports.len(),
        facts.articles,
        if facts.articles == 1 { "" } else { "s" },
        if outlets.is_empty() { String::new() } else { format!(" from {outlets}") }
    );
    field(&mut lines, "Story", &[(&told, theme.marker)], width, theme);
    if let (Some(first), Some(last)) = (facts.first_reported, facts.last_reported) {
        let when =
            if first == last { first.human() } else { format!("first {}, last {}", first.human(), last.human()) };
        field(&mut lines, "Reported", &[(&when, Style::new())], width, theme);
    }
    let date = match facts.date {
        Some(d) => format!("{} (as {} gives it)", d.on(app.clock).human(), name(corpus, facts.lead)),
        None => "undated".to_string(),
    };
    field(&mut lines, "Date", &[(&date, theme.date)], width, theme);
    if !facts.disagree.is_empty() {
        let said: Vec<String> =
            facts.disagree.iter().map(|&r| format!("{} says {}", name(corpus, r), given(corpus, r))).collect();
        let text = format!("{DISAGREE} {}", said.join(" · "));
        field(&mut lines, "Disagree", &[(&text, theme.marker)], width, theme);
    }
    let statuses: Vec<String> = facts.statuses.iter().map(|(s, r)| format!("{s} ×{}", r.len())).collect();
    let sign = if facts.statuses_conflict() { format!("{DISAGREE} ") } else { String::new() };
    field(&mut lines, "Status", &[(&format!("{sign}{}", statuses.join(", ")), Style::new())], width, theme);
    let actors: Vec<String> = facts
        .participants
        .iter()
        .take(LISTED_AT_MOST)
        .map(|&(a, role)| format!("{} ({role})", corpus.actor(a).name.shown()))
        .collect();
    if !actors.is_empty() {
        field(&mut lines, "Actors", &[(&actors.join(", "), theme.actors)], width, theme);
    }
    for (i, l) in lift::relations(corpus, stories, story).iter().take(LISTED_AT_MOST).enumerate() {
        let other = corpus.event(stories.canonical(l.story));
        let when = corpus.event(stories.lead(l.story)).date.map_or_else(|| "undated".to_string(), |d| d.human());
        let n = stories.reports(l.story).len();
        let count = if n > 1 { format!(" ×{n}") } else { String::new() };
        let text = format!("{}: {}{count} ({when})", l.label(), other.summary.shown());
        field(&mut lines, if i == 0 { "Relations" } else { "" }, &[(&text, Style::new())], width, theme);
    }
    if let Some([mentions, sources, articles]) = facts.gdelt {
        let text = format!("mentions {mentions} · sources {sources} · articles {articles} (summed over its rows)");
        field(&mut lines, "GDELT", &[(&text, Style::new())], width, theme);
    }
    let enter = app.key(Context::Timeline, Action::OpenArticle);
    for (i, &r) in facts.reports.iter().take(REPORTS_LISTED).enumerate() {
        let e = corpus.event(r);
        let text = format!("{} · {} · {}", outlet(corpus, r), given(corpus, r), e.summary.shown());
        let label = if i == 0 { "Reports" } else { "" };
        let style = if facts.disagree.contains(&r) { theme.marker } else { Style::new() };
        field(&mut lines, label, &[(&text, style)], width, theme);
    }
    let more = facts.reports.len().saturating_sub(REPORTS_LISTED);
    let hint =
        if more > 0 { format!("… and {more} more ({enter} lists them)") } else { format!("({enter} lists them)") };
    field(&mut lines, "", &[(&hint, theme.dim)], width, theme);
    lines.push(Line::styled(format!("── this report {}", "─".repeat(width.saturating_sub(15))), theme.dim));
    lines
}

/// The reports panel: the story's reports, the selected one's evidence and joins below.
pub fn reports_panel(frame: &mut Frame, area: Rect, app: &App, story: u32, selected: usize) {
    let (corpus, theme) = (&*app.corpus, &app.theme);
    let Some(stories) = app.stories.as_deref() else { return };
    let reports = stories.reports(story);
    let height = (reports.len() as u16).saturating_add(5).min(area.height.saturating_sub(2));
    let rect = centered(area, 110, height);
    let key = |action| app.key(Context::Reports, action);
    let title = format!(
        "×{} reports of one story: {} reads one, {} splits it out, {} closes",
        reports.len(),
        key(Action::Submit),
        key(Action::SplitReport),
        key(Action::Cancel)
    );
    let inner = window(frame, rect, &title, theme);
    let columns = usize::from(inner.width);
    let facts = Facts::of(corpus, stories, reports[0]);
    let list_rows = usize::from(inner.height).saturating_sub(3).max(1);
    let first = selected.saturating_sub(list_rows.saturating_sub(1));
    let mut lines: Vec<Line> = reports
        .iter()
        .enumerate()
        .skip(first)
        .take(list_rows)
        .map(|(i, &r)| {
            let e = corpus.event(r);
            let sign = if facts.disagree.contains(&r) { DISAGREE } else { ' ' };
            let text = format!(
                "{}{sign} {} · {} · {} · {}",
                cursor_mark(i == selected),
                outlet(corpus, r),
                given(corpus, r),
                e.status,
                e.summary.shown()
            );
            let style = if i == selected { theme.cursor } else { Style::new() };
            Line::styled(fit(&text, columns), style)
        })
        .collect();
    if let Some(&r) = reports.get(selected) {
        lines.push(Line::styled("─".repeat(columns), theme.dim));
        let e = corpus.event(r);
        let article = corpus.article_of(e);
        let quote = e.evidence.first().map(|q| crate::text::sanitize_line(q.raw(article))).unwrap_or_default();
        let evidence = if quote.is_empty() { "(no evidence quoted)".to_string() } else { format!("“{quote}”") };
        lines.push(Line::styled(fit(&format!("{} — {evidence}", name(corpus, r)), columns), theme.evidence));
        let why: Vec<String> = stories
            .joins_of(r)
            .map(|j| {
                let other = if j.a == r { j.b } else { j.a };
                format!("{} {:.2} with {}", j.rule.label(), j.score, name(corpus, other))
            })
            .collect();
        let why = if why.is_empty() {
            "joined through the others".to_string()
        } else {
            format!("joined: {}", why.join("; "))
        };
        lines.push(Line::styled(fit(&why, columns), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
