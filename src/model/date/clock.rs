//! One clock for a whole screen: the zone times of day are shown in.
//!
//! Events are ordered by their instants (UTC), and each source writes its times in its own
//! zone. Shown as written, a day of Moscow and Washington reports reads 10:00, 15:00, 12:00:
//! out of order. Shown on one clock, the same rows read in order. Only times of day move:
//! a day, a month or a part of a day ("morning") is a calendar label of its writer's, and
//! shifting it by a few hours would name another period.

use super::{Precision, When};
use chrono::{Local, Offset, TimeZone};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    Utc,
    /// This machine's zone, daylight saving included (the offset of each instant).
    Local,
    /// A fixed offset from UTC, in minutes.
    Fixed(i16),
}

impl Clock {
    /// The offset from UTC, in minutes, of the clock at the instant `utc` (Unix seconds).
    pub fn offset_at(self, utc: i64) -> i16 {
        match self {
            Clock::Utc => 0,
            Clock::Fixed(minutes) => minutes,
            Clock::Local => {
                Local.timestamp_opt(utc, 0).single().map_or(0, |t| (t.offset().fix().local_minus_utc() / 60) as i16)
            }
        }
    }

    /// The clocks a key cycles through, starting from `self`: this one, then UTC and the
    /// machine's zone, each once.
    pub fn cycle(self) -> Vec<Clock> {
        let mut clocks = vec![self];
        for c in [Clock::Utc, Clock::Local] {
            if !clocks.contains(&c) {
                clocks.push(c);
            }
        }
        clocks
    }

    /// How the header names it: `UTC`, `local (+01:00)`, `+03:00`.
    pub fn label(self, now: i64) -> String {
        match self {
            Clock::Utc => "UTC".to_string(),
            Clock::Local => format!("local {}", offset_text(self.offset_at(now))),
            Clock::Fixed(minutes) => format!("UTC{}", offset_text(minutes)),
        }
    }
}

/// `+03:00`, `-05:30`.
fn offset_text(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clock::Utc => f.write_str("UTC"),
            Clock::Local => f.write_str("local"),
            Clock::Fixed(minutes) => f.write_str(&offset_text(*minutes)),
        }
    }
}

/// Why a `--tz` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a time zone: use UTC, local, or an offset such as +03:00 or -05:30")]
pub struct ClockError(String);

impl FromStr for Clock {
    type Err = ClockError;

    /// `UTC` (or `Z`), `local`, `+03:00`, `-0530`, `+3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let refuse = || ClockError(s.to_string());
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("gmt") {
            return Ok(Clock::Utc);
        }
        if t.eq_ignore_ascii_case("local") {
            return Ok(Clock::Local);
        }
        let t = t.strip_prefix("UTC").or_else(|| t.strip_prefix("utc")).unwrap_or(t);
        let (sign, digits) = match t.as_bytes().first() {
            Some(b'+') => (1, &t[1..]),
            Some(b'-') => (-1, &t[1..]),
            _ => return Err(refuse()),
        };
        let (hours, minutes) = match digits.split_once(':') {
            Some((h, m)) => (h, m),
            None if digits.len() == 4 => digits.split_at(2),
            None => (digits, "0"),
        };
        let number = |d: &str| {
            (!d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
                .then(|| d.parse::<i16>().ok())
                .flatten()
        };
        let (Some(h), Some(m)) = (number(hours), number(minutes)) else { return Err(refuse()) };
        if h > 14 || m > 59 {
            return Err(refuse());
        }
        Ok(Clock::Fixed(sign * (h * 60 + m)))
    }
}

impl When {
    /// The period as `clock` shows it: a time of day in the clock's zone; a day or coarser,
    /// or a part of a day, as written.
    pub fn on(&self, clock: Clock) -> When {
        let known = self.start_precision.max(self.end_precision);
        if known <= Precision::Day || matches!(known, Precision::PartOfDay(_)) {
            return *self;
        }
        When { offset_minutes: Some(clock.offset_at(self.start)), ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_read_as_people_write_them() {
        assert_eq!("UTC".parse(), Ok(Clock::Utc));
        assert_eq!("z".parse(), Ok(Clock::Utc));
        assert_eq!("local".parse(), Ok(Clock::Local));
        assert_eq!("+03:00".parse(), Ok(Clock::Fixed(180)));
        assert_eq!("-05:30".parse(), Ok(Clock::Fixed(-330)));
        assert_eq!("+0530".parse(), Ok(Clock::Fixed(330)));
        assert_eq!("+3".parse(), Ok(Clock::Fixed(180)));
        assert_eq!("UTC+01:00".parse(), Ok(Clock::Fixed(60)));
        for bad in ["", "Moscow", "+25:00", "+03:75", "03:00", "+3:0:0", "+abc"] {
            assert!(bad.parse::<Clock>().is_err(), "{bad}");
        }
        assert_eq!(Clock::Fixed(-330).to_string(), "-05:30");
        assert_eq!(Clock::Fixed(180).to_string().parse(), Ok(Clock::Fixed(180)));
    }

    #[test]
    fn times_of_day_move_to_the_clock_and_calendar_periods_stay_as_written() {
        let w = |s: &str| When::parse(s).unwrap();
        let moscow = w("2016-12-30T10:00+03:00");
        assert_eq!(moscow.on(Clock::Utc).human_point(), "2016-12-30 07:00");
        assert_eq!(moscow.on(Clock::Fixed(-300)).human_point(), "2016-12-30 02:00");
        assert_eq!(w("2016-12-30T01:00+03:00").on(Clock::Utc).day_number(), w("2016-12-29").day_number());
        // The same instant is the same row wherever it was written.
        assert_eq!(moscow.on(Clock::Utc).human_point(), w("2016-12-30T07:00Z").on(Clock::Utc).human_point());
        for calendar in ["2016-12-30", "2016-12", "1989-11-06TMO", "before 2016-12-30", "2016-W52"] {
            assert_eq!(w(calendar).on(Clock::Fixed(-300)), w(calendar), "{calendar}");
        }
        assert_eq!(w("before 2013-03-22T21:00+01:00").on(Clock::Utc).human_point(), "2013-03-22 20:00");
    }
}
