//! The help screen's legend: every mark and style the interface draws, each shown as it
//! is drawn (with the theme in use, so a light theme or NO_COLOR shows its own).

use crate::display::status_marker;
use crate::model::Status;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::theme::{CURSOR_MARK, MARKED, NOTED, SELECTED_MARK, STARRED};
use ratatui::text::{Line, Span};

/// The legend's lines: a sample drawn as the interface draws it, then what it means.
pub fn lines(app: &App, sample_width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let key = |action| app.key(Context::Timeline, action);
    let mut lines = vec![Line::styled("Legend", t.title)];
    let mut row = |sample: Vec<Span<'static>>, meaning: String| {
        let used: usize = sample.iter().map(|s| s.width()).sum();
        let mut spans = vec![Span::raw("  ")];
        spans.extend(sample);
        spans.push(Span::raw(" ".repeat(sample_width.saturating_sub(used + 2).max(1))));
        spans.push(Span::raw(meaning));
        lines.push(Line::from(spans));
    };
    row(
        vec![Span::styled(format!("{CURSOR_MARK} 2016-12-30"), t.cursor)],
        "the cursor's row: reversed (underlined: detail focus)".into(),
    );
    row(
        vec![Span::styled(SELECTED_MARK, t.selected_mark), Span::styled("2016-12-29", t.selected)],
        format!("a selected row ({} selects)", key(Action::ToggleSelection)),
    );
    row(
        vec![Span::styled(format!("{MARKED}{STARRED}{NOTED}"), t.marker)],
        format!(
            "marked ({}), starred ({}), with a note ({})",
            key(Action::ToggleMark),
            key(Action::ToggleStar),
            key(Action::WriteNote)
        ),
    );
    row(
        vec![Span::raw("expels 35 "), Span::styled("diplomats", t.matched)],
        format!("a search match: bold, underlined ({} searches)", key(Action::OpenSearch)),
    );
    row(
        vec![Span::styled(format!("×7{}", super::list::DISAGREE), t.marker)],
        format!("a story ({}) told 7 times; ≠: its reports disagree", key(Action::ToggleStories)),
    );
    row(vec![Span::styled("2016-12-29 →", t.date)], "a period that starts on this date".into());
    row(vec![Span::styled("<2013-03-22", t.date)], "before this date (an open period)".into());
    row(vec![Span::styled(">2005-01-18", t.date)], "after this date (an open period)".into());
    let statuses = [
        (Status::Proposed, "proposed"),
        (Status::Revoked, "revoked"),
        (Status::Denied, "denied"),
        (Status::Planned, "planned"),
        (Status::Hypothetical, "hypothetical"),
    ];
    for (status, name) in statuses {
        let sample = format!("{} an event", status_marker(status));
        row(vec![Span::styled(sample, t.status(status))], format!("status: {name}"));
    }
    row(vec![Span::raw("  an event")], "no mark: actual".into());
    row(
        vec![Span::styled("▁▃█", t.density), Span::styled("  ▲", t.marker)],
        "events over time; ▲ the cursor's date; click: jump".into(),
    );
    row(
        vec![Span::styled("█▓▒░", t.density), Span::raw(" 7")],
        format!("histogram ({}): a glyph per class, ≥ 1 cell each", key(Action::OpenHistogram)),
    );
    row(
        vec![Span::raw("●━━ ▶ ◀")],
        format!("lanes ({}): event, interval, a dyad's directions", key(Action::OpenLanes)),
    );
    row(
        vec![Span::styled("░▒▓█", t.density), Span::styled(" ▃", t.marker)],
        format!("tone ({}): events per value band; ▃ the mean", key(Action::OpenTone)),
    );
    row(vec![Span::styled("Lavrov proposed", t.evidence)], "the event's evidence (detail, article)".into());
    row(vec![Span::styled("Putin revoked", t.other_evidence)], "other events' evidence (article)".into());
    row(vec![Span::styled(" filter: actor:putin ", t.header_filter)], "the header while a filter is on".into());
    lines
}
