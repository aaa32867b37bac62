//! Partial dates and intervals.
//!
//! A date names a period: `2016` is the whole year, `2016-12` the month, `2016-12-29T18:30`
//! the minute. [`When`] keeps that period as a half-open range of seconds (UTC; a time
//! without an offset is taken as UTC) plus the precision of each end, from which the
//! canonical text is rebuilt, so no string is stored per event.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::fmt;

/// How finely a date is known. Ordered from coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// A period of time: one partial date, or an interval between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    /// First second of the period (Unix time).
    pub start: i64,
    /// First second after the period.
    pub end: i64,
    pub start_precision: Precision,
    pub end_precision: Precision,
    /// Written as `START/END`.
    pub interval: bool,
    /// The UTC offset the date was written with, in minutes, for display.
    pub offset_minutes: Option<i16>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("malformed date '{0}': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END")]
    Malformed(String),
    #[error("impossible date '{text}': {why}")]
    Impossible { text: String, why: String },
    #[error("interval '{0}' ends before it starts")]
    Backwards(String),
}

impl When {
    /// Parse a partial ISO 8601 date or a `START/END` interval.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        if let Some((a, b)) = trimmed.split_once('/') {
            let start = Point::parse(a.trim(), text)?;
            let end = Point::parse(b.trim(), text)?;
            if end.end <= start.start {
                return Err(DateError::Backwards(text.to_string()));
            }
            return Ok(When {
                start: start.start,
                end: end.end,
                start_precision: start.precision,
                end_precision: end.precision,
                interval: true,
                offset_minutes: start.offset.or(end.offset),
            });
        }
        let p = Point::parse(trimmed, text)?;
        Ok(When {
            start: p.start,
            end: p.end,
            start_precision: p.precision,
            end_precision: p.precision,
            interval: false,
            offset_minutes: p.offset,
        })
    }

    /// A single period from its first second, at a precision.
    pub fn period(start: NaiveDateTime, precision: Precision) -> Self {
        let start_s = start.and_utc().timestamp();
        When {
            start: start_s,
            end: period_end(start, precision).and_utc().timestamp(),
            start_precision: precision,
            end_precision: precision,
            interval: false,
            offset_minutes: None,
        }
    }

    /// The day (days since 1970-01-01) on which the period starts.
    pub fn day_number(&self) -> i64 {
        self.local_start().div_euclid(86_400)
    }

    /// Year * 12 + month index of the start, for month jumps.
    pub fn month_number(&self) -> i64 {
        let d = self.local_start_datetime();
        i64::from(d.year()) * 12 + i64::from(d.month0())
    }

    fn local_start(&self) -> i64 {
        self.start + i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }

    fn local_start_datetime(&self) -> NaiveDateTime {
        naive(self.local_start())
    }

    /// Canonical ISO form, as the format accepts it: `2016-12`, `2016-12-29T18:30+03:00`.
    pub fn iso(&self) -> String {
        self.render('T')
    }

    /// Human form for lists: `2016-12-29 18:30`.
    pub fn human(&self) -> String {
        self.render(' ')
    }

    fn render(&self, sep: char) -> String {
        let offset = self.offset_minutes;
        let first = format_point(self.start, self.start_precision, offset, sep);
        if !self.interval {
            return first;
        }
        let last = format_point(self.end - 1, self.end_precision, offset, sep);
        format!("{first}/{last}")
    }

    /// True when the two periods share at least one second.
    pub fn overlaps(&self, other: &When) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn naive(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

fn format_point(utc_seconds: i64, precision: Precision, offset: Option<i16>, sep: char) -> String {
    let local = naive(utc_seconds + i64::from(offset.unwrap_or(0)) * 60);
    let (y, mo, d) = (local.year(), local.month(), local.day());
    let (h, mi, s) = (local.hour(), local.minute(), local.second());
    let date = match precision {
        Precision::Year => return format!("{y:04}"),
        Precision::Month => return format!("{y:04}-{mo:02}"),
        Precision::Day => return format!("{y:04}-{mo:02}-{d:02}"),
        _ => format!("{y:04}-{mo:02}-{d:02}{sep}"),
    };
    let time = match precision {
        Precision::Hour => format!("{h:02}"),
        Precision::Minute => format!("{h:02}:{mi:02}"),
        _ => format!("{h:02}:{mi:02}:{s:02}"),
    };
    let zone = match offset {
        None => String::new(),
        Some(0) => "Z".to_string(),
        Some(m) => {
            let sign = if m < 0 { '-' } else { '+' };
            let m = m.unsigned_abs();
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        }
    };
    format!("{date}{time}{zone}")
}

/// The first instant after the period that starts at `start` with `precision`.
pub fn period_end(start: NaiveDateTime, precision: Precision) -> NaiveDateTime {
    use chrono::Duration;
    match precision {
        Precision::Year => {
            NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).map(|d| d.and_time(Default::default())).unwrap_or(start)
        }
        Precision::Month => {
            let (y, m) = if start.month() == 12 { (start.year() + 1, 1) } else { (start.year(), start.month() + 1) };
            NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.and_time(Default::default())).unwrap_or(start)
        }
        Precision::Day => start + Duration::days(1),
        Precision::Hour => start + Duration::hours(1),
        Precision::Minute => start + Duration::minutes(1),
        Precision::Second => start + Duration::seconds(1),
    }
}

struct Point {
    start: i64,
    end: i64,
    precision: Precision,
    offset: Option<i16>,
}

impl Point {
    /// `whole` is the full text, quoted in errors.
    fn parse(s: &str, whole: &str) -> Result<Point, DateError> {
        let malformed = || DateError::Malformed(whole.to_string());
        let impossible = |why: String| DateError::Impossible { text: whole.to_string(), why };
        let (date_part, time_part) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let fields: Vec<&str> = date_part.split('-').collect();
        let number = |f: &str, len: usize| -> Result<u32, DateError> {
            if f.len() == len && f.bytes().all(|b| b.is_ascii_digit()) {
                f.parse().map_err(|_| malformed())
            } else {
                Err(malformed())
            }
        };
        let year = number(fields[0], 4)? as i32;
        if year == 0 {
            return Err(impossible("year 0 is not a calendar year".into()));
        }
        let month = fields.get(1).map(|f| number(f, 2)).transpose()?;
        let day = fields.get(2).map(|f| number(f, 2)).transpose()?;
        if fields.len() > 3 || (time_part.is_some() && day.is_none()) {
            return Err(malformed());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(impossible(format!("there is no month {m}")));
        }
        let date = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1)).ok_or_else(|| {
            let m = month.unwrap_or(1);
            let days = days_in_month(year, m);
            impossible(format!("{} {year} has {days} days", MONTH_NAMES[(m - 1) as usize]))
        })?;
        let mut precision = match (month, day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            _ => Precision::Day,
        };
        let mut datetime = date.and_time(Default::default());
        let mut offset = None;
        if let Some(t) = time_part {
            let (clock, zone) = split_zone(t).ok_or_else(malformed)?;
            offset = zone;
            let parts: Vec<&str> = clock.split(':').collect();
            if parts.is_empty() || parts.len() > 3 {
                return Err(malformed());
            }
            let h = number(parts[0], 2)?;
            let mi = parts.get(1).map(|f| number(f, 2)).transpose()?;
            let sec = match parts.get(2) {
                Some(f) => {
                    // Fractions of a second are accepted and dropped.
                    let whole_seconds = f.split(['.', ',']).next().unwrap_or(f);
                    Some(number(whole_seconds, 2)?)
                }
                None => None,
            };
            let time = chrono::NaiveTime::from_hms_opt(h, mi.unwrap_or(0), sec.unwrap_or(0))
                .ok_or_else(|| impossible(format!("{clock} is not a time of day")))?;
            datetime = date.and_time(time);
            precision = match (mi, sec) {
                (None, _) => Precision::Hour,
                (Some(_), None) => Precision::Minute,
                _ => Precision::Second,
            };
        }
        let end = period_end(datetime, precision);
        let shift = i64::from(offset.unwrap_or(0)) * 60;
        Ok(Point {
            start: datetime.and_utc().timestamp() - shift,
            end: end.and_utc().timestamp() - shift,
            precision,
            offset,
        })
    }
}

/// Split `18:30:00+03:00` into the clock and the offset in minutes.
/// Returns None when the offset is malformed.
fn split_zone(t: &str) -> Option<(&str, Option<i16>)> {
    if let Some(clock) = t.strip_suffix(['Z', 'z']) {
        return Some((clock, Some(0)));
    }
    let Some(i) = t.rfind(['+', '-']) else {
        return Some((t, None));
    };
    let (clock, zone) = (&t[..i], &t[i..]);
    let sign: i16 = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i16 = digits[..2].parse().ok()?;
    let minutes: i16 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some((clock, Some(sign * (hours * 60 + minutes))))
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31).rev().find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some()).unwrap_or(28)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2016", "2016", Precision::Year)]
    #[case("2016-12", "2016-12", Precision::Month)]
    #[case("2016-12-29", "2016-12-29", Precision::Day)]
    #[case("2016-12-29T18", "2016-12-29T18", Precision::Hour)]
    #[case("2016-12-29T18:30", "2016-12-29T18:30", Precision::Minute)]
    #[case("2016-12-29 18:30", "2016-12-29T18:30", Precision::Minute)]
    #[case("2016-12-29T18:30:05", "2016-12-29T18:30:05", Precision::Second)]
    #[case("2016-12-29T18:30:00+03:00", "2016-12-29T18:30:00+03:00", Precision::Second)]
    #[case("2016-12-29T18:30Z", "2016-12-29T18:30Z", Precision::Minute)]
    #[case("2016-12-29T18:30-0500", "2016-12-29T18:30-05:00", Precision::Minute)]
    fn partial_dates_round_trip(#[case] text: &str, #[case] iso: &str, #[case] p: Precision) {
        let w = When::parse(text).unwrap();
        assert_eq!(w.iso(), iso);
        assert_eq!(w.start_precision, p);
        assert!(!w.interval);
    }

    #[test]
    fn a_partial_date_means_its_whole_period() {
        let month = When::parse("2016-12").unwrap();
        let first = When::parse("2016-12-01").unwrap();
        let last = When::parse("2016-12-31").unwrap();
        assert_eq!(month.start, first.start);
        assert_eq!(month.end, last.end);
        let leap = When::parse("2016-02").unwrap();
        assert_eq!((leap.end - leap.start) / 86_400, 29);
        let year = When::parse("2016").unwrap();
        assert_eq!((year.end - year.start) / 86_400, 366);
    }

    #[test]
    fn offsets_place_the_instant_in_utc() {
        let moscow = When::parse("2016-12-30T10:00+03:00").unwrap();
        let utc = When::parse("2016-12-30T07:00Z").unwrap();
        assert_eq!(moscow.start, utc.start);
        assert_eq!(moscow.human(), "2016-12-30 10:00+03:00");
        assert_eq!(moscow.day_number(), utc.day_number());
    }

    #[test]
    fn intervals_span_from_the_first_period_to_the_end_of_the_last() {
        let w = When::parse("2016-12-29/2017-01-01").unwrap();
        assert!(w.interval);
        assert_eq!(w.iso(), "2016-12-29/2017-01-01");
        assert_eq!(w.end - w.start, 4 * 86_400);
        assert_eq!(When::parse("2017-01/2016-12"), Err(DateError::Backwards("2017-01/2016-12".into())));
    }

    #[rstest]
    #[case("2016-02-30", "impossible date '2016-02-30': February 2016 has 29 days")]
    #[case("2015-02-29", "impossible date '2015-02-29': February 2015 has 28 days")]
    #[case("2016-13", "impossible date '2016-13': there is no month 13")]
    #[case("2016-12-29T25:00", "impossible date '2016-12-29T25:00': 25:00 is not a time of day")]
    fn impossible_dates_say_why(#[case] text: &str, #[case] message: &str) {
        assert_eq!(When::parse(text).unwrap_err().to_string(), message);
    }

    #[rstest]
    #[case("yesterday")]
    #[case("16-12-29")]
    #[case("2016/12/29/2017")]
    #[case("2016-1-5")]
    #[case("2016-12T10:00")]
    #[case("2016-12-29T10:00+99:00")]
    #[case("")]
    fn malformed_dates_are_refused(#[case] text: &str) {
        assert!(matches!(When::parse(text), Err(DateError::Malformed(_))));
    }
}
