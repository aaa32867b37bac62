//! Partial dates and intervals.
//!
//! A date names a period: `2016` is the whole year, `2016-12` the month, `2016-12-29T18:30`
//! the minute, `2000-W14` a week, `1989-Q3` a quarter, `198X` a decade, `1989-11-06TMO` a
//! morning. [`When`] keeps that period as a half-open range of seconds (UTC; a time without
//! an offset is taken as UTC) plus the precision of each end, from which the canonical text
//! is rebuilt, so no string is stored per event. A period may also be open on one side:
//! `before 2016-12-30`, `after 1998-08`.
//!
//! The shapes are those of ISO 8601 and of TimeML's TIMEX3 values; the TIMEX3 values that
//! need a document creation time (`PRESENT_REF`, `PAST_REF`...) are read by
//! [`super::timex`].

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use std::fmt;

/// How finely a date is known. Ordered from coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `19`: 1900 to 1999.
    Century,
    /// `198X` or `198`: the 1980s.
    Decade,
    Year,
    /// `1990-H1`.
    Half,
    /// `1989-Q3`.
    Quarter,
    /// `1998-SU`: three months (spring March to May ... winter December to February).
    Season,
    Month,
    /// `2000-W14`: an ISO week, Monday to Sunday.
    Week,
    /// `1990-W32-WE`: Saturday and Sunday of an ISO week.
    Weekend,
    Day,
    /// `1989-11-06TMO`.
    PartOfDay(DayPart),
    Hour,
    Minute,
    Second,
}

/// The parts of a day TIMEX3 names, with the hours annals gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayPart {
    /// `MO`: 06:00 to 12:00.
    Morning,
    /// `MI`: 12:00 to 14:00.
    Midday,
    /// `AF`: 12:00 to 18:00.
    Afternoon,
    /// `EV`: 18:00 to 24:00.
    Evening,
    /// `NI`: 21:00 to 06:00 the next day.
    Night,
    /// `DT`: 06:00 to 18:00.
    Daytime,
}

impl DayPart {
    const ALL: [DayPart; 6] =
        [DayPart::Morning, DayPart::Midday, DayPart::Afternoon, DayPart::Evening, DayPart::Night, DayPart::Daytime];

    /// The TIMEX3 code: `MO`, `MI`, `AF`, `EV`, `NI`, `DT`.
    pub fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Midday => "MI",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
            DayPart::Daytime => "DT",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            DayPart::Morning => "morning",
            DayPart::Midday => "midday",
            DayPart::Afternoon => "afternoon",
            DayPart::Evening => "evening",
            DayPart::Night => "night",
            DayPart::Daytime => "daytime",
        }
    }

    /// First hour and length in hours.
    fn hours(self) -> (u32, u32) {
        match self {
            DayPart::Morning => (6, 6),
            DayPart::Midday => (12, 2),
            DayPart::Afternoon => (12, 6),
            DayPart::Evening => (18, 6),
            DayPart::Night => (21, 9),
            DayPart::Daytime => (6, 12),
        }
    }

    fn from_code(code: &str) -> Option<DayPart> {
        DayPart::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Whether a period is bounded on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Open {
    #[default]
    Closed,
    /// `before X`: it ends by the start of X; its start is unknown. Kept as the last second
    /// before X, so that the timeline shows it just before X.
    Before,
    /// `after X`: it starts once X is over; its end is unknown. Kept as the first second
    /// after X.
    After,
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
    /// Open on one side: `before X` or `after X` (X is then the period of the precisions).
    pub open: Open,
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
    /// `XXXX-XX-XX`: a date of which nothing is known.
    #[error("'{0}' names no known date")]
    Unknown(String),
}

impl When {
    /// Parse a partial date (ISO 8601 or a TIMEX3 value that needs no document date),
    /// a `START/END` interval, or `before X` / `after X`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        for (word, open) in [("before ", Open::Before), ("after ", Open::After)] {
            if let Some(rest) = trimmed.strip_prefix(word) {
                let bound = Point::parse(rest.trim(), text)?.when();
                return Ok(if open == Open::Before { When::before(&bound) } else { When::after(&bound) });
            }
        }
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
                open: Open::Closed,
            });
        }
        Ok(Point::parse(trimmed, text)?.when())
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
            open: Open::Closed,
        }
    }

    /// Some time before `bound` starts, how long before unknown.
    pub fn before(bound: &When) -> Self {
        When {
            start: bound.start - 1,
            end: bound.start,
            start_precision: bound.start_precision,
            end_precision: bound.start_precision,
            interval: false,
            offset_minutes: bound.offset_minutes,
            open: Open::Before,
        }
    }

    /// Some time after `bound` ends, how long after unknown.
    pub fn after(bound: &When) -> Self {
        When {
            start: bound.end,
            end: bound.end + 1,
            start_precision: bound.end_precision,
            end_precision: bound.end_precision,
            interval: false,
            offset_minutes: bound.offset_minutes,
            open: Open::After,
        }
    }

    /// The time after `earlier` ends and before `later` starts; None if there is none.
    pub fn between(earlier: &When, later: &When) -> Option<Self> {
        if earlier.end >= later.start {
            return None;
        }
        Some(When {
            start: earlier.end,
            end: later.start,
            start_precision: aligned_precision(earlier.end, earlier.end_precision),
            end_precision: aligned_precision(later.start, later.start_precision),
            interval: true,
            offset_minutes: earlier.offset_minutes.or(later.offset_minutes),
            open: Open::Closed,
        })
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

    /// Canonical form, as the format accepts it: `2016-12`, `2016-12-29T18:30+03:00`,
    /// `2000-W14`, `198X`, `1989-11-06TMO`, `before 2016-12-30`.
    pub fn iso(&self) -> String {
        self.render(Style::Iso)
    }

    /// Human form for lists: `2016-12-29 18:30`, `1980s`, `summer 1998`, `1989-11-06 morning`.
    pub fn human(&self) -> String {
        self.render(Style::Human)
    }

    fn render(&self, style: Style) -> String {
        let offset = self.offset_minutes;
        match self.open {
            Open::Before => return format!("before {}", format_point(self.end, self.end_precision, offset, style)),
            Open::After => {
                return format!("after {}", format_point(self.start - 1, self.start_precision, offset, style));
            }
            Open::Closed => {}
        }
        let first = format_point(self.start, self.start_precision, offset, style);
        if !self.interval {
            return first;
        }
        let last = format_point(self.end - 1, self.end_precision, offset, style);
        format!("{first}/{last}")
    }

    /// The first and last seconds it may cover: an open side reaches as far as time goes.
    pub fn extent(&self) -> (i64, i64) {
        match self.open {
            Open::Closed => (self.start, self.end),
            Open::Before => (i64::MIN, self.end),
            Open::After => (self.start, i64::MAX),
        }
    }

    /// True when the two periods share at least one second.
    pub fn overlaps(&self, other: &When) -> bool {
        let (a_start, a_end) = self.extent();
        let (b_start, b_end) = other.extent();
        a_start < b_end && b_start < a_end
    }

    /// True when `other` lies wholly inside this period.
    pub fn contains(&self, other: &When) -> bool {
        let (a_start, a_end) = self.extent();
        let (b_start, b_end) = other.extent();
        a_start <= b_start && b_end <= a_end
    }

    /// True for a single year, month, day, hour, minute or second: a date any calendar
    /// tool can show without help.
    pub fn is_plain(&self) -> bool {
        let plain = |p: Precision| {
            matches!(
                p,
                Precision::Year
                    | Precision::Month
                    | Precision::Day
                    | Precision::Hour
                    | Precision::Minute
                    | Precision::Second
            )
        };
        self.open == Open::Closed && !self.interval && plain(self.start_precision)
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Iso,
    Human,
}

fn naive(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day).map(midnight).unwrap_or_default()
}

/// The start of the period of `precision` that holds `t`.
fn floor(t: NaiveDateTime, precision: Precision) -> NaiveDateTime {
    let (y, m) = (t.year(), t.month());
    let day = midnight(t.date());
    match precision {
        Precision::Century => ymd(y - y.rem_euclid(100), 1, 1),
        Precision::Decade => ymd(y - y.rem_euclid(10), 1, 1),
        Precision::Year => ymd(y, 1, 1),
        Precision::Half => ymd(y, if m <= 6 { 1 } else { 7 }, 1),
        Precision::Quarter => ymd(y, (m - 1) / 3 * 3 + 1, 1),
        Precision::Season => match m {
            1 | 2 => ymd(y - 1, 12, 1),
            _ => ymd(y, m / 3 * 3, 1),
        },
        Precision::Month => ymd(y, m, 1),
        Precision::Week => day - chrono::Duration::days(i64::from(t.weekday().num_days_from_monday())),
        Precision::Weekend => {
            let back = (i64::from(t.weekday().num_days_from_monday()) + 2) % 7;
            day - chrono::Duration::days(back)
        }
        Precision::Day => day,
        Precision::PartOfDay(part) => {
            let (first, _) = part.hours();
            // The night that ends in the early hours began the day before.
            let base = if part == DayPart::Night && t.hour() < 6 { day - chrono::Duration::days(1) } else { day };
            base + chrono::Duration::hours(i64::from(first))
        }
        Precision::Hour => day + chrono::Duration::hours(i64::from(t.hour())),
        Precision::Minute => t.with_second(0).unwrap_or(t),
        Precision::Second => t,
    }
}

/// `precision` if `seconds` is where a period of that precision starts, else the finest
/// of day, hour, minute and second that it starts.
fn aligned_precision(seconds: i64, precision: Precision) -> Precision {
    let t = naive(seconds);
    if floor(t, precision) == t {
        return precision;
    }
    [Precision::Day, Precision::Hour, Precision::Minute]
        .into_iter()
        .find(|&p| floor(t, p) == t)
        .unwrap_or(Precision::Second)
}

const SEASONS: [(&str, &str); 4] = [("SP", "spring"), ("SU", "summer"), ("FA", "autumn"), ("WI", "winter")];

/// The label of the period of `precision` that holds the instant.
fn format_point(utc_seconds: i64, precision: Precision, offset: Option<i16>, style: Style) -> String {
    let local = naive(utc_seconds + i64::from(offset.unwrap_or(0)) * 60);
    let start = floor(local, precision);
    let (y, mo, d) = (start.year(), start.month(), start.day());
    let human = style == Style::Human;
    let sep = if human { ' ' } else { 'T' };
    let date = match precision {
        Precision::Century if human => return format!("{:04}-{:04}", y, y + 99),
        Precision::Century => return format!("{:02}", y.div_euclid(100)),
        Precision::Decade if human => return format!("{y:04}s"),
        Precision::Decade => return format!("{:03}X", y.div_euclid(10)),
        Precision::Year => return format!("{y:04}"),
        Precision::Half => return format!("{y:04}-H{}", if mo <= 6 { 1 } else { 2 }),
        Precision::Quarter => return format!("{y:04}-Q{}", (mo - 1) / 3 + 1),
        Precision::Season => {
            let (code, word) = SEASONS[((mo / 3) as usize + 3) % 4];
            return if human { format!("{word} {y:04}") } else { format!("{y:04}-{code}") };
        }
        Precision::Month => return format!("{y:04}-{mo:02}"),
        Precision::Week => {
            let w = start.iso_week();
            return format!("{:04}-W{:02}", w.year(), w.week());
        }
        Precision::Weekend => {
            let w = start.iso_week();
            let suffix = if human { " weekend" } else { "-WE" };
            return format!("{:04}-W{:02}{suffix}", w.year(), w.week());
        }
        Precision::Day => return format!("{y:04}-{mo:02}-{d:02}"),
        Precision::PartOfDay(part) if human => return format!("{y:04}-{mo:02}-{d:02} {}", part.word()),
        Precision::PartOfDay(part) => return format!("{y:04}-{mo:02}-{d:02}T{}", part.code()),
        _ => format!("{y:04}-{mo:02}-{d:02}{sep}"),
    };
    let (h, mi, s) = (local.hour(), local.minute(), local.second());
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
    let months = |n: u32| start.checked_add_months(Months::new(n)).unwrap_or(start);
    match precision {
        Precision::Century => months(1200),
        Precision::Decade => months(120),
        Precision::Year => months(12),
        Precision::Half => months(6),
        Precision::Quarter | Precision::Season => months(3),
        Precision::Month => months(1),
        Precision::Week => start + Duration::days(7),
        Precision::Weekend => start + Duration::days(2),
        Precision::Day => start + Duration::days(1),
        Precision::PartOfDay(part) => start + Duration::hours(i64::from(part.hours().1)),
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
    fn when(&self) -> When {
        When {
            start: self.start,
            end: self.end,
            start_precision: self.precision,
            end_precision: self.precision,
            interval: false,
            offset_minutes: self.offset,
            open: Open::Closed,
        }
    }

    fn at(start: NaiveDateTime, precision: Precision) -> Point {
        let end = period_end(start, precision);
        Point { start: start.and_utc().timestamp(), end: end.and_utc().timestamp(), precision, offset: None }
    }

    /// `whole` is the full text, quoted in errors.
    fn parse(s: &str, whole: &str) -> Result<Point, DateError> {
        let malformed = || DateError::Malformed(whole.to_string());
        let impossible = |why: String| DateError::Impossible { text: whole.to_string(), why };
        let (date_part, time_part) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let fields: Vec<&str> = date_part.split('-').collect();
        let digits = |f: &str, len: usize| f.len() == len && f.bytes().all(|b| b.is_ascii_digit());
        let number = |f: &str, len: usize| -> Result<u32, DateError> {
            if digits(f, len) { f.parse().map_err(|_| malformed()) } else { Err(malformed()) }
        };
        let unknown = |f: &str| !f.is_empty() && f.bytes().all(|b| b == b'X' || b == b'x');
        // Fields after an unknown one say nothing more, and neither does the time.
        let rest_unknown = |from: usize| fields[from..].iter().all(|f| f.bytes().any(|b| b == b'X' || b == b'x'));
        let year_field = fields[0];

        // Centuries and decades: 19, 197, 198X, 19XX.
        let coarse = match year_field.len() {
            _ if !year_field.is_ascii() => None,
            2 if digits(year_field, 2) => Some((year_field.parse::<i32>().map_err(|_| malformed())? * 100, true)),
            3 if digits(year_field, 3) => Some((year_field.parse::<i32>().map_err(|_| malformed())? * 10, false)),
            4 if digits(&year_field[..3], 3) && unknown(&year_field[3..]) => {
                Some((year_field[..3].parse::<i32>().map_err(|_| malformed())? * 10, false))
            }
            4 if digits(&year_field[..2], 2) && unknown(&year_field[2..]) => {
                Some((year_field[..2].parse::<i32>().map_err(|_| malformed())? * 100, true))
            }
            _ => None,
        };
        if let Some((first_year, century)) = coarse {
            let exact = year_field.len() < 4;
            if (exact && (fields.len() > 1 || time_part.is_some())) || (!exact && !rest_unknown(1)) {
                return Err(malformed());
            }
            if first_year == 0 && !century {
                return Err(impossible("year 0 is not a calendar year".into()));
            }
            let precision = if century { Precision::Century } else { Precision::Decade };
            return Ok(Point::at(ymd(first_year.max(1), 1, 1), precision));
        }
        if unknown(year_field) || (year_field.len() == 4 && year_field.contains(['X', 'x'])) {
            return Err(DateError::Unknown(whole.to_string()));
        }
        let year = number(year_field, 4)? as i32;
        if year == 0 {
            return Err(impossible("year 0 is not a calendar year".into()));
        }
        let year_start = ymd(year, 1, 1);
        let Some(second) = fields.get(1) else {
            if time_part.is_some() {
                return Err(malformed());
            }
            return Ok(Point::at(year_start, Precision::Year));
        };
        // An unknown month, week, quarter or half: the year is all that is known.
        if ["XX", "xx", "WXX", "QX", "HX"].contains(second) {
            return Ok(Point::at(year_start, Precision::Year));
        }
        let third = fields.get(2).copied();
        if fields.len() > 3 {
            return Err(malformed());
        }
        let coarse_only = |p: Point| if third.is_some() || time_part.is_some() { Err(malformed()) } else { Ok(p) };
        if let Some(code) = SEASONS.iter().position(|(c, _)| c == second) {
            let month = [3, 6, 9, 12][code];
            return coarse_only(Point::at(ymd(year, month, 1), Precision::Season));
        }
        if let Some(n) = second.strip_prefix('Q') {
            let q = number(n, 1)?;
            if !(1..=4).contains(&q) {
                return Err(impossible(format!("there is no quarter {q}")));
            }
            return coarse_only(Point::at(ymd(year, (q - 1) * 3 + 1, 1), Precision::Quarter));
        }
        if let Some(n) = second.strip_prefix('H') {
            let h = number(n, 1)?;
            if !(1..=2).contains(&h) {
                return Err(impossible(format!("there is no half {h}")));
            }
            return coarse_only(Point::at(ymd(year, (h - 1) * 6 + 1, 1), Precision::Half));
        }
        if let Some(n) = second.strip_prefix('W') {
            if !(digits(n, 1) || digits(n, 2)) {
                return Err(malformed());
            }
            let week = n.parse::<u32>().map_err(|_| malformed())?;
            let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
                .ok_or_else(|| impossible(format!("{year} has no week {week}")))?;
            let (start, precision) = match third {
                None => (midnight(monday), Precision::Week),
                Some("WE") => (midnight(monday + Days::new(5)), Precision::Weekend),
                Some(f) if unknown(f) => (midnight(monday), Precision::Week),
                Some(f) => {
                    let weekday = number(f, 1)?;
                    if !(1..=7).contains(&weekday) {
                        return Err(impossible(format!("there is no weekday {weekday}")));
                    }
                    return day_and_time(midnight(monday + Days::new(u64::from(weekday - 1))), time_part, whole);
                }
            };
            return if time_part.is_some() && third.is_none_or(|f| !unknown(f)) {
                Err(malformed())
            } else {
                Ok(Point::at(start, precision))
            };
        }
        let month = number(second, 2)?;
        if !(1..=12).contains(&month) {
            return Err(impossible(format!("there is no month {month}")));
        }
        let month_start = ymd(year, month, 1);
        let Some(day_field) = third else {
            if time_part.is_some() {
                return Err(malformed());
            }
            return Ok(Point::at(month_start, Precision::Month));
        };
        if unknown(day_field) {
            return Ok(Point::at(month_start, Precision::Month));
        }
        let day = number(day_field, 2)?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            let days = days_in_month(year, month);
            impossible(format!("{} {year} has {days} days", MONTH_NAMES[(month - 1) as usize]))
        })?;
        day_and_time(midnight(date), time_part, whole)
    }
}

/// A day, with its time of day if one is written: `18`, `18:30`, `18:30:05+03:00`, `MO`.
fn day_and_time(day: NaiveDateTime, time_part: Option<&str>, whole: &str) -> Result<Point, DateError> {
    let malformed = || DateError::Malformed(whole.to_string());
    let impossible = |why: String| DateError::Impossible { text: whole.to_string(), why };
    let number = |f: &str| -> Result<u32, DateError> {
        if f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()) {
            f.parse().map_err(|_| malformed())
        } else {
            Err(malformed())
        }
    };
    let Some(t) = time_part else { return Ok(Point::at(day, Precision::Day)) };
    if let Some(part) = DayPart::from_code(t) {
        let (first, _) = part.hours();
        return Ok(Point::at(day + chrono::Duration::hours(i64::from(first)), Precision::PartOfDay(part)));
    }
    // An unknown time (`T XX`, `TXX:XX`) leaves the day.
    if t.bytes().any(|b| b == b'X') && t.bytes().all(|b| b == b'X' || b == b':') {
        return Ok(Point::at(day, Precision::Day));
    }
    let (clock, zone) = split_zone(t).ok_or_else(malformed)?;
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return Err(malformed());
    }
    let h = number(parts[0])?;
    let mi = parts.get(1).map(|f| number(f)).transpose()?;
    let sec = match parts.get(2) {
        // Fractions of a second are accepted and dropped.
        Some(f) => Some(number(f.split(['.', ',']).next().unwrap_or(f))?),
        None => None,
    };
    let time = NaiveTime::from_hms_opt(h, mi.unwrap_or(0), sec.unwrap_or(0))
        .ok_or_else(|| impossible(format!("{clock} is not a time of day")))?;
    let datetime = day.date().and_time(time);
    let precision = match (mi, sec) {
        (None, _) => Precision::Hour,
        (Some(_), None) => Precision::Minute,
        _ => Precision::Second,
    };
    let end = period_end(datetime, precision);
    let shift = i64::from(zone.unwrap_or(0)) * 60;
    Ok(Point {
        start: datetime.and_utc().timestamp() - shift,
        end: end.and_utc().timestamp() - shift,
        precision,
        offset: zone,
    })
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

    /// Every TIMEX3 value shape: what it reads as, its canonical and human forms, its length.
    #[rstest]
    #[case("1998", "1998", "1998", 365)]
    #[case("1998-08", "1998-08", "1998-08", 31)]
    #[case("1998-08-07", "1998-08-07", "1998-08-07", 1)]
    #[case("1998-08-07T14:26", "1998-08-07T14:26", "1998-08-07 14:26", 0)]
    #[case("1989-11-06T17", "1989-11-06T17", "1989-11-06 17", 0)]
    #[case("2000-W14", "2000-W14", "2000-W14", 7)]
    #[case("2000-W7", "2000-W07", "2000-W07", 7)]
    #[case("1990-W32-WE", "1990-W32-WE", "1990-W32 weekend", 2)]
    #[case("1998-W07-4", "1998-02-12", "1998-02-12", 1)]
    #[case("1989-Q3", "1989-Q3", "1989-Q3", 92)]
    #[case("1990-H1", "1990-H1", "1990-H1", 181)]
    #[case("1998-SP", "1998-SP", "spring 1998", 92)]
    #[case("1998-SU", "1998-SU", "summer 1998", 92)]
    #[case("1998-FA", "1998-FA", "autumn 1998", 91)]
    #[case("1998-WI", "1998-WI", "winter 1998", 90)]
    #[case("198X", "198X", "1980s", 3653)]
    #[case("197", "197X", "1970s", 3652)]
    #[case("19", "19", "1900-1999", 36524)]
    #[case("19XX", "19", "1900-1999", 36524)]
    #[case("199X-XX-XX", "199X", "1990s", 3652)]
    #[case("1989-11-06TMO", "1989-11-06TMO", "1989-11-06 morning", 0)]
    #[case("1989-11-06TAF", "1989-11-06TAF", "1989-11-06 afternoon", 0)]
    #[case("1998-01-20TEV", "1998-01-20TEV", "1998-01-20 evening", 0)]
    #[case("1991-02-16TNI", "1991-02-16TNI", "1991-02-16 night", 0)]
    #[case("1998-12-XX", "1998-12", "1998-12", 31)]
    #[case("1998-XX-XX", "1998", "1998", 365)]
    #[case("1949-XX", "1949", "1949", 365)]
    #[case("1998-WXX", "1998", "1998", 365)]
    #[case("1988-QX", "1988", "1988", 366)]
    #[case("2012-WXX-7TNI", "2012", "2012", 366)]
    #[case("2012-XX-XXT20", "2012", "2012", 366)]
    #[case("before 2016-12-30", "before 2016-12-30", "before 2016-12-30", 0)]
    #[case("after 1998-08", "after 1998-08", "after 1998-08", 0)]
    #[case("1989-Q3/1990-H1", "1989-Q3/1990-H1", "1989-Q3/1990-H1", 365)]
    fn timex_shapes_read_and_render(#[case] text: &str, #[case] iso: &str, #[case] human: &str, #[case] days: i64) {
        let w = When::parse(text).unwrap();
        assert_eq!(w.iso(), iso, "{text}");
        assert_eq!(w.human(), human, "{text}");
        assert_eq!((w.end - w.start) / 86_400, days, "{text}");
        assert_eq!(When::parse(&w.iso()).unwrap(), w, "{text}: the canonical form reads back");
    }

    #[test]
    fn timex_periods_start_where_the_calendar_says() {
        let start = |t: &str| naive(When::parse(t).unwrap().start).to_string();
        assert_eq!(start("2000-W14"), "2000-04-03 00:00:00");
        assert_eq!(start("1990-W32-WE"), "1990-08-11 00:00:00");
        assert_eq!(start("1989-Q3"), "1989-07-01 00:00:00");
        assert_eq!(start("1990-H1"), "1990-01-01 00:00:00");
        assert_eq!(start("1998-WI"), "1998-12-01 00:00:00");
        assert_eq!(start("1998-SU"), "1998-06-01 00:00:00");
        assert_eq!(start("1989-11-06TMO"), "1989-11-06 06:00:00");
        assert_eq!(start("1991-02-16TNI"), "1991-02-16 21:00:00");
        assert_eq!(naive(When::parse("1991-02-16TNI").unwrap().end).to_string(), "1991-02-17 06:00:00");
    }

    #[test]
    fn unknown_years_name_no_date() {
        assert_eq!(When::parse("XXXX-XX-XX"), Err(DateError::Unknown("XXXX-XX-XX".into())));
        assert_eq!(When::parse("XXXX-WXX-1TNI"), Err(DateError::Unknown("XXXX-WXX-1TNI".into())));
    }

    #[rstest]
    #[case("2015-W54", "impossible date '2015-W54': 2015 has no week 54")]
    #[case("1989-Q5", "impossible date '1989-Q5': there is no quarter 5")]
    #[case("1990-H3", "impossible date '1990-H3': there is no half 3")]
    fn impossible_timex_values_say_why(#[case] text: &str, #[case] message: &str) {
        assert_eq!(When::parse(text).unwrap_err().to_string(), message);
    }

    #[test]
    fn open_periods_sit_beside_their_bound_and_overlap_everything_on_their_open_side() {
        let dct = When::parse("2013-03-22").unwrap();
        let before = When::before(&dct);
        assert_eq!(before.end, dct.start);
        assert_eq!(before.open, Open::Before);
        assert!(before.overlaps(&When::parse("2001").unwrap()));
        assert!(!before.overlaps(&dct));
        let after = When::after(&dct);
        assert_eq!(after.start, dct.end);
        assert!(after.overlaps(&When::parse("2030").unwrap()));
        assert!(!dct.is_plain() || !before.is_plain());
    }

    #[test]
    fn between_two_periods_is_an_interval_from_the_end_of_one_to_the_start_of_the_other() {
        let w11 = When::parse("2013-W11").unwrap();
        let dct = When::parse("2013-03-22").unwrap();
        assert_eq!(When::between(&w11, &dct).unwrap().iso(), "2013-W12/2013-03-21");
        assert_eq!(When::between(&dct, &w11), None);
        let night = When::parse("1991-02-16TNI").unwrap();
        let month_end = When::parse("1991-02-28").unwrap();
        assert_eq!(When::between(&night, &month_end).unwrap().iso(), "1991-02-17T06/1991-02-27");
    }
}
