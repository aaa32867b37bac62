//! A story of several reports as one TimelineJS slide: the story's date (its lead
//! report's), the canonical summary as the headline, and a text that says how many
//! reports and outlets told it, where its sources disagree, and lists each report with
//! its source and the date it gives.

use super::{Slide, SlideText, escape, group, headline, slide_dates, source, unique_id};
use crate::desk::Desk;
use crate::model::{Corpus, EventIx};
use crate::stories::Stories;
use crate::stories::facts::Facts;

/// The slide of the story of `event`; None when the story is undated.
pub(super) fn slide(
    corpus: &Corpus,
    stories: &Stories,
    event: EventIx,
    ids: &mut super::Seen,
    desk: &Desk,
) -> Option<Slide> {
    let facts = Facts::of(corpus, stories, event);
    let (start_date, end_date, display_date) = slide_dates(corpus, facts.lead)?;
    let canonical = corpus.event(facts.canonical);
    Some(Slide {
        start_date: Some(start_date),
        end_date,
        display_date,
        text: SlideText {
            headline: headline(canonical.summary.raw(), desk.mark(facts.canonical)),
            text: text(corpus, &facts, desk),
        },
        group: group(corpus, facts.lead),
        unique_id: unique_id(&corpus.event_ref(corpus.event(facts.lead)), ids),
    })
}

/// How many told it, where they disagree, and each report with its source.
fn text(corpus: &Corpus, facts: &Facts, desk: &Desk) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut html = format!(
        "<p>Told by {} in {} from {}.</p>",
        plural(facts.reports.len(), "report"),
        plural(facts.articles, "article"),
        plural(facts.outlets.len(), "outlet")
    );
    if facts.disagreement() {
        let mut on = Vec::new();
        if !facts.disagree.is_empty() {
            let n = facts.disagree.len();
            on.push(format!(
                "the date ({})",
                if n == 1 { "1 report gives another".to_string() } else { format!("{n} reports give another") }
            ));
        }
        if facts.statuses_conflict() {
            let statuses: Vec<String> =
                facts.statuses.iter().map(|(s, reports)| format!("{s} ({})", reports.len())).collect();
            on.push(format!("the status: {}", statuses.join(", ")));
        }
        html.push_str(&format!("<p><strong>≠ Its sources disagree</strong> on {}.</p>", on.join("; and on ")));
    }
    html.push_str("<ul>");
    for &r in &facts.reports {
        let event = corpus.event(r);
        let date = event.date.map_or_else(|| "undated".to_string(), |d| d.human());
        let differs = if facts.disagree.contains(&r) { " ≠" } else { "" };
        html.push_str(&format!(
            "<li>{} — dated {date}{differs}: {}",
            source(corpus.article_of(event)),
            escape(event.summary.raw())
        ));
        if let Some(note) = desk.mark(r).and_then(|m| m.note.as_deref()) {
            let lines: Vec<String> = note.lines().map(escape).collect();
            html.push_str(&format!(" <strong>Note:</strong> {}", lines.join("<br>")));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}
