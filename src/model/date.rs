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

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

mod clock;
mod format;
mod parse;

pub use clock::{Clock, ClockError};

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

    /// Whether the date can be written (years 1 to 9999, in the time zone it was written
    /// in), and so exported and read again: dates worked out from words ("5000 years
    /// ago") may fall outside. An open side is the bound written, not the unknown beyond.
    pub fn is_within_calendar(&self) -> bool {
        let offset = i64::from(self.offset_minutes.unwrap_or(0)) * 60;
        let year_at = |seconds: i64| {
            seconds
                .checked_add(offset)
                .and_then(|local| chrono::DateTime::from_timestamp(local, 0))
                .is_some_and(|t| (1..=9999).contains(&t.year()))
        };
        match self.open {
            Open::Before => year_at(self.end),
            Open::After => year_at(self.start.saturating_sub(1)),
            Open::Closed => year_at(self.start) && year_at(self.end.saturating_sub(1)),
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

const SEASONS: [(&str, &str); 4] = [("SP", "spring"), ("SU", "summer"), ("FA", "autumn"), ("WI", "winter")];

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
mod tests;
