//! Dates written relative to the article: "late Thursday", "on Friday morning",
//! "yesterday", "last week", "earlier this month", "December 29".
//!
//! News rarely writes a full date; it counts from its own publication. An expression is
//! resolved against the article's `published` date: a weekday is the latest such day on
//! or before publication, a month name the latest such month, a part of the day keeps
//! the day. What cannot be read returns `None` and the caller says so.

use super::date::{Precision, When};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Which way a bare weekday or month points from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The latest such day on or before publication: what news reports about the past mean.
    Past,
    /// The earliest such day on or after publication: for planned events.
    Future,
}

/// Resolve `text` against the publication date, looking back. Returns a day, week, month
/// or year.
pub fn resolve(text: &str, published: &When) -> Option<When> {
    resolve_towards(text, published, Direction::Past)
}

/// Resolve `text` against the publication date, looking in the given direction. None
/// also when the date it means falls outside the years 1 to 9999, which a date can be
/// written in (and so exported and read again).
pub fn resolve_towards(text: &str, published: &When, direction: Direction) -> Option<When> {
    resolve_anywhere(text, published, direction).filter(When::is_within_calendar)
}

/// True when `text` is an expression this resolver reads but the date it names falls
/// outside the years 1 to 9999 ("4294967295 years ago", "9000 years from now"), so that
/// the caller can say so rather than "cannot read".
pub fn outside_calendar(text: &str, published: &When, direction: Direction) -> bool {
    match resolve_anywhere(text, published, direction) {
        Some(when) => !when.is_within_calendar(),
        None => count_ago_overflows(text, published),
    }
}

/// "N units ago" with a count so large that the arithmetic leaves the calendar.
fn count_ago_overflows(text: &str, published: &When) -> bool {
    let Some(anchor) = publication_day(published) else { return false };
    let lower = text.to_lowercase();
    let words: Vec<&str> = crate::text::words(&lower).collect();
    let Some(at) = words.iter().position(|w| *w == "ago") else { return false };
    let unit = at.checked_sub(1).and_then(|i| words.get(i)).map(|u| u.trim_end_matches('s'));
    let count = at.checked_sub(2).and_then(|i| words.get(i)).and_then(|w| number_word(w));
    matches!(unit, Some("day" | "week" | "month" | "year")) && count.is_some() && ago(&words, anchor).is_none()
}

fn resolve_anywhere(text: &str, published: &When, direction: Direction) -> Option<When> {
    if let Ok(explicit) = When::parse(text) {
        return Some(explicit);
    }
    let anchor = publication_day(published)?;
    let lower = text.to_lowercase();
    let words: Vec<&str> = crate::text::words(&lower).collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);

    // "on Tuesday or Wednesday": the days that cover both.
    if let Some((a, b)) = lower.split_once(" or ") {
        let (a, b) = (resolve_anywhere(a, published, direction)?, resolve_anywhere(b, published, direction)?);
        let (first, last) = if a.start <= b.start { (a, b) } else { (b, a) };
        return Some(When { end: last.end.max(first.end), end_precision: last.end_precision, interval: true, ..first });
    }
    if let Some(shifted) = counted_from(&words, &lower, published, direction, anchor) {
        return Some(shifted);
    }
    // "before he leaves office on January 20", "after Christmas", "until Friday": open.
    // "Until at least June" says it still went on in June: June.
    if let Some((bound, rest)) = ["before", "after", "until"].iter().find_map(|b| {
        let at = words.iter().position(|w| w == b)?;
        // Not "the day before" (the day), read below.
        (at + 1 < words.len()).then(|| (*b, words[at + 1..].join(" ")))
    }) && let Some(x) = resolve_anywhere(&rest, published, direction)
    {
        return Some(match bound {
            "after" => When::after(&x),
            "until" if phrase("at", "least") => x,
            // Until June: over by the end of June.
            "until" => When::before(&When { start: x.end, end: x.end + 1, ..x }),
            _ => When::before(&x),
        });
    }
    if phrase("later", "this") && has("week") {
        // Said on a Sunday, the week is the one to come.
        if anchor.weekday() == Weekday::Sun {
            let monday = anchor.checked_add_days(Days::new(1))?;
            return Some(When::period(monday.and_time(Default::default()), Precision::Week));
        }
        let sunday = anchor.checked_add_days(Days::new(u64::from(6 - anchor.weekday().num_days_from_monday())))?;
        return Some(days(anchor, sunday));
    }
    if phrase("later", "this") && has("month") {
        let last = anchor.with_day(1)?.checked_add_months(Months::new(1))?.pred_opt()?;
        return Some(days(anchor, last));
    }
    if (phrase("later", "in") || phrase("later", "that")) && (has("day") || has("evening")) {
        return Some(day(anchor));
    }
    if phrase("coming", "days") || phrase("coming", "weeks") || phrase("days", "ahead") {
        return Some(When::after(&day(anchor)));
    }
    if let Some(season) = season(&words, anchor) {
        return Some(season);
    }

    if has("yesterday") || phrase("last", "night") {
        return Some(day(anchor.checked_sub_days(Days::new(1))?));
    }
    if has("today")
        || has("tonight")
        || phrase("this", "morning")
        || phrase("this", "afternoon")
        || phrase("this", "evening")
    {
        return Some(day(anchor));
    }
    if has("tomorrow") {
        return Some(day(anchor.checked_add_days(Days::new(1))?));
    }
    if phrase("day", "before") || phrase("previous", "day") {
        return Some(day(anchor.checked_sub_days(Days::new(1))?));
    }
    if let Some(ago) = ago(&words, anchor) {
        return Some(ago);
    }
    let next = has("next") || has("coming");
    if has("weekend") {
        // The weekend on or before publication (the one under way on a Saturday or Sunday).
        let back = (u64::from(anchor.weekday().num_days_from_monday()) + 2) % 7;
        let saturday = anchor.checked_sub_days(Days::new(back))?;
        let saturday = if next || direction == Direction::Future && back > 1 {
            saturday.checked_add_days(Days::new(7))?
        } else {
            saturday
        };
        return Some(When::period(saturday.and_time(Default::default()), Precision::Weekend));
    }
    if let Some((_, weekday)) = WEEKDAYS.iter().find(|(name, _)| words.iter().any(|w| is_weekday_word(w, name))) {
        let (from, to) = (anchor.weekday().num_days_from_monday(), weekday.num_days_from_monday());
        if next {
            // "next Friday" said on a Friday is a week away.
            let ahead = match (7 + to - from) % 7 {
                0 => 7,
                n => n,
            };
            return Some(day(anchor.checked_add_days(Days::new(u64::from(ahead)))?));
        }
        return Some(day(match direction {
            Direction::Past => anchor.checked_sub_days(Days::new(u64::from((7 + from - to) % 7)))?,
            Direction::Future => anchor.checked_add_days(Days::new(u64::from((7 + to - from) % 7)))?,
        }));
    }
    if has("week") {
        let monday = anchor.checked_sub_days(Days::new(u64::from(anchor.weekday().num_days_from_monday())))?;
        if has("last") || has("previous") {
            let last_monday = monday.checked_sub_days(Days::new(7))?;
            return Some(days(last_monday, monday.pred_opt()?));
        }
        if next {
            return Some(When::period(
                monday.checked_add_days(Days::new(7))?.and_time(Default::default()),
                Precision::Week,
            ));
        }
        if has("this") {
            return Some(days(monday, anchor));
        }
    }
    let month_start = anchor.with_day(1)?;
    if has("month") {
        if has("last") || has("previous") {
            return Some(month(month_start.checked_sub_months(Months::new(1))?));
        }
        if next {
            return Some(month(month_start.checked_add_months(Months::new(1))?));
        }
        if has("this") {
            return Some(month(month_start));
        }
    }
    if has("year") {
        let year_start = NaiveDate::from_ymd_opt(anchor.year(), 1, 1)?;
        if has("last") || has("previous") {
            return Some(year(year_start.with_year(anchor.year().checked_sub(1)?)?));
        }
        if next {
            return Some(year(year_start.with_year(anchor.year().checked_add(1)?)?));
        }
        if has("this") {
            return Some(year(year_start));
        }
    }
    month_name_date(&words, anchor, direction).or_else(|| bare_year(&words))
}

/// "in 2016": a year written alone.
fn bare_year(words: &[&str]) -> Option<When> {
    let mut years = words.iter().filter(|w| w.len() == 4).filter_map(|w| w.parse::<i32>().ok());
    let y = years.next().filter(|y| (1000..=9999).contains(y))?;
    year(NaiveDate::from_ymd_opt(y, 1, 1)?).into()
}

/// "in the summer of 2015", "last summer", "this winter", "next spring": the season as
/// TIMEX3 names them (spring from March, summer from June, autumn from September, winter
/// from December to February).
fn season(words: &[&str], anchor: NaiveDate) -> Option<When> {
    const SEASONS: [(&str, u32); 5] = [("spring", 3), ("summer", 6), ("autumn", 9), ("fall", 9), ("winter", 12)];
    let &(_, first_month) = SEASONS.iter().find(|(name, _)| words.contains(name))?;
    let start_in = |y: i32| NaiveDate::from_ymd_opt(y, first_month, 1);
    let explicit = words.iter().filter(|w| w.len() == 4).find_map(|w| w.parse::<i32>().ok());
    // The latest season of that name that has begun by publication.
    let begun = {
        let this_year = start_in(anchor.year())?;
        if this_year <= anchor { this_year } else { start_in(anchor.year() - 1)? }
    };
    let period_end = |s: NaiveDate| s.checked_add_months(Months::new(3));
    let start = match explicit {
        Some(y) => start_in(y)?,
        None if words.contains(&"last") || words.contains(&"previous") => {
            // The last one that is over: the one before if this one is still on.
            if period_end(begun)? > anchor { begun.with_year(begun.year() - 1)? } else { begun }
        }
        None if words.contains(&"next") || words.contains(&"coming") => {
            if begun <= anchor {
                begun.with_year(begun.year() + 1)?
            } else {
                begun
            }
        }
        None => begun,
    };
    Some(When::period(start.and_time(Default::default()), Precision::Season))
}

/// "two days after the expulsions" and "a day earlier" (counted from publication, the only
/// anchor a date_text has), "72 hours" and "within three days" (from publication on).
fn counted_from(
    words: &[&str],
    lower: &str,
    published: &When,
    direction: Direction,
    anchor: NaiveDate,
) -> Option<When> {
    let unit_at = words.iter().position(|w| matches!(w.trim_end_matches('s'), "day" | "hour"))?;
    let count = unit_at.checked_sub(1).and_then(|i| number_word(words[i]))?;
    let days_of = |unit: &str| if unit.starts_with("hour") { u64::from(count).div_ceil(24) } else { u64::from(count) };
    let n = days_of(words[unit_at]);
    match words.get(unit_at + 1).copied() {
        Some("earlier") | Some("before") if words.len() == unit_at + 2 || words[unit_at + 1] == "earlier" => {
            Some(day(anchor.checked_sub_days(Days::new(n))?))
        }
        Some("later") => Some(day(anchor.checked_add_days(Days::new(n))?)),
        Some(word @ ("after" | "before")) => {
            let rest = words[unit_at + 2..].join(" ");
            let x = resolve_anywhere(&rest, published, direction)?;
            let first = publication_day(&x)?;
            Some(day(if word == "after" {
                first.checked_add_days(Days::new(n))?
            } else {
                first.checked_sub_days(Days::new(n))?
            }))
        }
        Some("ago") => None,
        // "over the past two days": up to publication.
        _ if words.iter().any(|w| matches!(*w, "past" | "last" | "previous")) && !lower.contains(" ago") => {
            Some(days(anchor.checked_sub_days(Days::new(n))?, anchor))
        }
        // "72 hours", "within three days", "for two days": from publication on.
        None | Some(_) if !lower.contains(" ago") => Some(days(anchor, anchor.checked_add_days(Days::new(n))?)),
        _ => None,
    }
}

/// "two days ago", "3 weeks ago", "a month ago": the day, week, month or year that many
/// before publication.
fn ago(words: &[&str], anchor: NaiveDate) -> Option<When> {
    let at = words.iter().position(|w| *w == "ago")?;
    let unit = words.get(at.checked_sub(1)?)?;
    let count = words.get(at.checked_sub(2)?).and_then(|w| number_word(w)).unwrap_or(1);
    match unit.trim_end_matches('s') {
        "day" => Some(day(anchor.checked_sub_days(Days::new(u64::from(count)))?)),
        "week" => {
            let then = anchor.checked_sub_days(Days::new(7 * u64::from(count)))?;
            let monday = then.checked_sub_days(Days::new(u64::from(then.weekday().num_days_from_monday())))?;
            Some(When::period(monday.and_time(Default::default()), Precision::Week))
        }
        "month" => Some(month(anchor.with_day(1)?.checked_sub_months(Months::new(count))?)),
        "year" => Some(year(NaiveDate::from_ymd_opt(anchor.year().checked_sub(i32::try_from(count).ok()?)?, 1, 1)?)),
        _ => None,
    }
}

fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] =
        ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];
    word.parse().ok().or_else(|| WORDS.iter().position(|w| *w == word).map(|i| (i as u32).max(1)))
}

/// "friday", "fri", "fridays" all name Friday; "fr" does not.
fn is_weekday_word(word: &str, name: &str) -> bool {
    word == name || (word.len() == 3 && name.starts_with(word)) || word.strip_suffix('s') == Some(name)
}

/// "December 29", "29 December 2016", "Dec 29", "in December".
fn month_name_date(words: &[&str], anchor: NaiveDate, direction: Direction) -> Option<When> {
    let month_at = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_at])?;
    let number = |w: &&str| w.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok();
    let neighbours = [month_at.checked_sub(1), Some(month_at + 1), Some(month_at + 2)];
    let numbers: Vec<u32> = neighbours.iter().flatten().filter_map(|&i| words.get(i)).filter_map(number).collect();
    let day_of_month = numbers.iter().copied().find(|n| (1..=31).contains(n));
    let explicit_year = numbers.iter().copied().find(|n| *n >= 1000).and_then(|y| i32::try_from(y).ok());
    let date_in = |year: i32| NaiveDate::from_ymd_opt(year, month, day_of_month.unwrap_or(1));
    let date = match (explicit_year, direction) {
        (Some(y), _) => date_in(y)?,
        // "December 31" read on December 30 is last year's when looking back...
        (None, Direction::Past) => {
            let this_year = date_in(anchor.year())?;
            let too_late = if day_of_month.is_some() { this_year > anchor } else { month > anchor.month() };
            if too_late { date_in(anchor.year().checked_sub(1)?)? } else { this_year }
        }
        // ...and "January 20" read in December is next year's when looking ahead.
        (None, Direction::Future) => {
            let this_year = date_in(anchor.year())?;
            let too_early = if day_of_month.is_some() { this_year < anchor } else { month < anchor.month() };
            if too_early { date_in(anchor.year().checked_add(1)?)? } else { this_year }
        }
    };
    Some(if day_of_month.is_some() { day(date) } else { self::month(date) })
}

fn month_number(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES.iter().position(|name| word.len() >= 3 && name.starts_with(word)).map(|i| i as u32 + 1)
}

fn publication_day(published: &When) -> Option<NaiveDate> {
    let local = published.start + i64::from(published.offset_minutes.unwrap_or(0)) * 60;
    chrono::DateTime::from_timestamp(local, 0).map(|d| d.date_naive())
}

fn day(date: NaiveDate) -> When {
    When::period(date.and_time(Default::default()), Precision::Day)
}

fn month(first: NaiveDate) -> When {
    When::period(first.and_time(Default::default()), Precision::Month)
}

fn year(first: NaiveDate) -> When {
    When::period(first.and_time(Default::default()), Precision::Year)
}

/// The days from `first` to `last` inclusive, as an interval.
fn days(first: NaiveDate, last: NaiveDate) -> When {
    let a = day(first);
    let b = day(last);
    When { end: b.end, interval: true, ..a }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    // Friday 30 December 2016, the day Putin declined to expel anyone.
    fn friday() -> When {
        When::parse("2016-12-30T16:00+03:00").unwrap()
    }

    #[rstest]
    #[case("on Friday", "2016-12-30")]
    #[case("Friday morning", "2016-12-30")]
    #[case("late Thursday", "2016-12-29")]
    #[case("on Wednesday", "2016-12-28")]
    #[case("last Friday", "2016-12-30")]
    #[case("on Saturday", "2016-12-24")]
    #[case("yesterday", "2016-12-29")]
    #[case("last night", "2016-12-29")]
    #[case("today", "2016-12-30")]
    #[case("tonight", "2016-12-30")]
    #[case("last week", "2016-12-19/2016-12-25")]
    #[case("earlier this week", "2016-12-26/2016-12-30")]
    #[case("earlier this month", "2016-12")]
    #[case("last month", "2016-11")]
    #[case("in October", "2016-10")]
    #[case("December 29", "2016-12-29")]
    #[case("on 29 December", "2016-12-29")]
    #[case("Dec. 31", "2015-12-31")]
    #[case("January 6, 2017", "2017-01-06")]
    #[case("in January", "2016-01")]
    #[case("last year", "2015")]
    #[case("2016-12-29", "2016-12-29")]
    #[case("the day before", "2016-12-29")]
    #[case("two days ago", "2016-12-28")]
    #[case("3 days ago", "2016-12-27")]
    #[case("a week ago", "2016-W51")]
    #[case("a month ago", "2016-11")]
    #[case("two years ago", "2014")]
    #[case("over the weekend", "2016-W51-WE")]
    #[case("last weekend", "2016-W51-WE")]
    #[case("next weekend", "2016-W52-WE")]
    #[case("next Friday", "2017-01-06")]
    #[case("next Tuesday", "2017-01-03")]
    #[case("next week", "2017-W01")]
    #[case("next month", "2017-01")]
    #[case("next year", "2017")]
    #[case("Thursday night", "2016-12-29")]
    #[case("earlier this year", "2016")]
    // Years, seasons, spans and open periods (issue 13).
    #[case("in 2016", "2016")]
    #[case("in the summer of 2015", "2015-SU")]
    #[case("last summer", "2016-SU")]
    #[case("this winter", "2016-WI")]
    #[case("last winter", "2015-WI")]
    #[case("later this week", "2016-12-30/2017-01-01")]
    #[case("later this month", "2016-12-30/2016-12-31")]
    #[case("later in the day", "2016-12-30")]
    #[case("a day earlier", "2016-12-29")]
    #[case("two days later", "2017-01-01")]
    #[case("72 hours", "2016-12-30/2017-01-02")]
    #[case("within three days", "2016-12-30/2017-01-02")]
    #[case("over the past two days", "2016-12-28/2016-12-30")]
    #[case("in the coming days", "after 2016-12-30")]
    #[case("on Tuesday or Wednesday", "2016-12-27/2016-12-28")]
    #[case("two days after December 28", "2016-12-30")]
    #[case("three days before January 6, 2017", "2017-01-03")]
    #[case("before Christmas, December 25", "before 2016-12-25")]
    fn expressions_resolve_against_publication(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(resolve(text, &friday()).map(|w| w.iso()).as_deref(), Some(expected), "{text}");
    }

    #[rstest]
    #[case("on Friday", "2016-12-30")]
    #[case("on Tuesday", "2017-01-03")]
    #[case("January 20", "2017-01-20")]
    #[case("in November", "2017-11")]
    #[case("in December", "2016-12")]
    #[case("before he leaves office on January 20", "before 2017-01-20")]
    #[case("after he takes office on January 20", "after 2017-01-20")]
    #[case("until January 20", "before 2017-01-21")]
    #[case("until at least June 2016", "2016-06")]
    #[case("next summer", "2017-SU")]
    fn planned_events_look_ahead(#[case] text: &str, #[case] expected: &str) {
        let resolved = resolve_towards(text, &friday(), Direction::Future);
        assert_eq!(resolved.map(|w| w.iso()).as_deref(), Some(expected), "{text}");
    }

    #[test]
    fn later_this_week_said_on_a_sunday_is_the_week_to_come() {
        let sunday = When::parse("2017-01-01T19:30-05:00").unwrap();
        assert_eq!(resolve("later this week", &sunday).map(|w| w.iso()).as_deref(), Some("2017-W01"));
    }

    #[rstest]
    #[case("at some point")]
    #[case("soon")]
    #[case("")]
    // Dates before the year 1, and counts that would wrap around.
    #[case("5000 years ago")]
    #[case("4294967295 years ago")]
    #[case("2147483648 years ago")]
    #[case("4294967295 months ago")]
    fn unreadable_expressions_are_none(#[case] text: &str) {
        assert_eq!(resolve(text, &friday()), None);
    }
}
