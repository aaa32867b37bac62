//! Reading dates: ISO 8601 partial dates, TIMEX3 values, intervals and open periods.

use super::{
    DateError, DayPart, MONTH_NAMES, Open, Precision, SEASONS, When, days_in_month, midnight, period_end, ymd,
};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

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
}

impl DayPart {
    fn from_code(code: &str) -> Option<DayPart> {
        DayPart::ALL.into_iter().find(|p| p.code() == code)
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
