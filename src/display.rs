//! How the corpus reads on a screen, one form for every place that shows it (the
//! command line's lists and the terminal interface): status markers, evidence quotes and
//! actor names, all in their form safe to draw.

use crate::model::{Article, Corpus, EventIx, Evidence, Open, Role, Status, When};
use std::borrow::Cow;
use std::collections::HashSet;

/// A one-character marker for lists; blank for actual events.
pub fn status_marker(status: Status) -> char {
    match status {
        Status::Actual => ' ',
        Status::Proposed => '?',
        Status::Revoked => '×',
        Status::Denied => '!',
        Status::Planned => '>',
        Status::Hypothetical => '~',
    }
}

/// An evidence quote in the form safe to draw; `article` is its event's article.
pub fn evidence_shown<'a>(evidence: &'a Evidence, article: &'a Article) -> Cow<'a, str> {
    crate::text::shown_line(evidence.raw(article))
}

/// Names a line shows of an event's actors before "… and N more".
pub const NAMES_IN_A_LINE: usize = 10;

/// The actors of an event for one line: agents first, then targets, then others, each
/// named once; past [`NAMES_IN_A_LINE`] names, how many more ("… and 99,990 more").
pub fn actor_names(corpus: &Corpus, event: EventIx) -> String {
    let e = corpus.event(event);
    let mut names: Vec<&str> = Vec::new();
    // Past the first names, the others are only counted: a set keeps that linear.
    let mut others: HashSet<&str> = HashSet::new();
    for role in Role::ALL.iter().copied() {
        for p in e.participants.iter().filter(|p| p.role == role) {
            let name = corpus.actor(p.actor).name.shown();
            if names.contains(&name) {
                continue;
            }
            if names.len() < NAMES_IN_A_LINE {
                names.push(name);
            } else {
                others.insert(name);
            }
        }
    }
    let mut line = names.join(", ");
    if !others.is_empty() {
        line.push_str(&format!(", {}", and_more(others.len())));
    }
    line
}

/// "… and 99,990 more": what a bounded list leaves out.
pub fn and_more(count: usize) -> String {
    format!("… and {} more", thousands(count))
}

/// 99990 as "99,990".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A summary for a column of `columns`: cut at its end, or, when the `[trigger]` the
/// importers bracket would fall past the column, a window with the trigger in its first
/// third (`…the ministry [proposed] expelling 35…`), so that rows of one sentence differ.
pub fn summary_window(text: &str, columns: usize) -> Cow<'_, str> {
    use crate::text::{truncate, width};
    let trigger_end = text.find('[').and_then(|open| text[open..].find(']').map(|close| open + close + 1));
    let Some(end) = trigger_end.filter(|&end| width(&text[..end]) > columns.saturating_sub(1)) else {
        return truncate(text, columns);
    };
    let open = text[..end].rfind('[').unwrap_or(0);
    // Keep about a third of the column before the trigger, from a word's start.
    let before = columns.saturating_sub(width(&text[open..end])) / 3;
    let mut start = open;
    for (i, _) in text[..open].char_indices().rev() {
        if width(&text[i..open]) > before {
            break;
        }
        start = i;
    }
    // Not from the middle of a word.
    if start > 0
        && !text[..start].ends_with(' ')
        && let Some(space) = text[start..open].find(' ')
    {
        start += space + 1;
    }
    let shown = format!("…{}", text[start..].trim_start());
    truncate(&shown, columns).into_owned().into()
}

/// `text` from its column `shift` on, cut to `columns`: `…` where it starts after the
/// first column and where it goes on past the last (a list scrolled sideways).
pub fn shifted(text: &str, shift: usize, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut skipped = 0;
    let mut rest = text;
    for (i, c) in text.char_indices() {
        if skipped >= shift {
            rest = &text[i..];
            break;
        }
        skipped += c.width().unwrap_or(0);
        rest = &text[i + c.len_utf8()..];
    }
    if shift == 0 || columns == 0 {
        return crate::text::truncate(text, columns).into_owned();
    }
    if rest.is_empty() {
        return "…".to_string();
    }
    format!("…{}", crate::text::truncate(rest, columns - 1))
}

/// A date as a list shows it: where its period starts, without the UTC offset (the detail
/// pane has it); an interval as its start and an arrow; an open period as its bound after
/// `<` (before) or `>` (after), so that the whole date fits the column.
pub fn list_date(w: &When) -> String {
    match w.open {
        Open::Before => format!("<{}", w.human_point()),
        Open::After => format!(">{}", w.human_point()),
        Open::Closed if w.interval => format!("{} →", w.human_point()),
        Open::Closed => w.human_point(),
    }
}

/// The day an undated event was reported on (its article's publication), as a list shows
/// it: the day alone, after "rep", never as the event's date.
pub fn reported_date(published: &When) -> String {
    format!("rep {}", published.date_label())
}

/// A date's time of day alone, for rows of a day already dated above; None when the row
/// needs its whole date (an interval, an open period, a day or coarser).
pub fn list_time(w: &When) -> Option<String> {
    w.time_of_day()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_dates_show_where_the_period_starts_without_its_zone() {
        let d = |s: &str| list_date(&When::parse(s).unwrap());
        assert_eq!(d("2016-12"), "2016-12");
        assert_eq!(d("2016-12-29T18:30"), "2016-12-29 18:30");
        assert_eq!(d("2016-12-30T10:00+03:00"), "2016-12-30 10:00");
        assert_eq!(d("2016-12-30T10:00-05:00"), "2016-12-30 10:00");
        assert_eq!(d("2016-12-29/2017-01-01"), "2016-12-29 →");
        assert_eq!(d("1989-11-06TMO"), "1989-11-06 morning");
        // Open periods keep their whole bound: once read as "before 2016" (a sliced string).
        assert_eq!(d("before 2016-12-30"), "<2016-12-30");
        assert_eq!(d("after 2005-01-18"), ">2005-01-18");
        assert_eq!(d("before 2013-03-22T21:00+01:00"), "<2013-03-22 21:00");
    }

    #[test]
    fn a_time_of_day_is_shown_alone_only_for_a_single_period_finer_than_a_day() {
        let t = |s: &str| list_time(&When::parse(s).unwrap());
        assert_eq!(t("2016-12-30T10:00+03:00").as_deref(), Some("10:00"));
        assert_eq!(t("2016-12-29T21").as_deref(), Some("21h"));
        assert_eq!(t("1989-11-06TMO").as_deref(), Some("morning"));
        assert_eq!(t("2016-12-29"), None);
        assert_eq!(t("before 2016-12-30T10:00"), None);
        assert_eq!(t("2016-12-29T10:00/2016-12-29T12:00"), None);
    }

    #[test]
    fn a_summary_is_windowed_around_its_trigger_when_the_column_would_cut_it() {
        let long = "Russian Foreign Minister Sergei Lavrov on Friday said that the ministry had [proposed] expelling 35 American diplomats";
        let shown = summary_window(long, 40);
        assert!(shown.contains("[proposed]"), "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(crate::text::width(&shown) <= 40);
        assert!(
            !shown.contains(" ha…") && shown.chars().nth(1).is_some_and(|c| c.is_alphanumeric()),
            "from a word's start: {shown}"
        );
        assert_eq!(summary_window("Lavrov [proposes] it", 40), "Lavrov [proposes] it", "short: whole");
        assert_eq!(summary_window("no trigger in this rather long summary of an event", 20), "no trigger in this …");
    }

    #[test]
    fn a_summary_scrolled_sideways_says_where_it_was_cut() {
        let text = "Lavrov proposes expelling 35 US diplomats in a tit-for-tat move";
        assert_eq!(shifted(text, 0, 20), "Lavrov proposes exp…");
        assert_eq!(shifted(text, 8, 20), "…roposes expelling …");
        assert_eq!(shifted(text, 50, 20), "…-for-tat move");
        assert_eq!(shifted(text, 500, 20), "…", "past its end: only the sign");
        assert_eq!(shifted("日本語のテキスト", 2, 6), "…本語…");
    }

    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(99_990), "99,990");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(and_more(99_990), "… and 99,990 more");
    }

    #[test]
    fn every_status_but_actual_has_a_visible_marker() {
        let markers: Vec<char> = Status::ALL.iter().map(|&s| status_marker(s)).collect();
        assert_eq!(markers, [' ', '?', '×', '!', '>', '~']);
    }
}
