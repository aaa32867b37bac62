//! Dates as text: the canonical form the format accepts and the human form for lists.

use super::{Open, Precision, SEASONS, When, floor, naive};
use chrono::{Datelike, Timelike};
use std::fmt;

impl When {
    /// Canonical form, as the format accepts it: `2016-12`, `2016-12-29T18:30+03:00`,
    /// `2000-W14`, `198X`, `1989-11-06TMO`, `before 2016-12-30`.
    pub fn iso(&self) -> String {
        self.render(Style::Iso)
    }

    /// Human form for lists: `2016-12-29 18:30`, `1980s`, `summer 1998`, `1989-11-06 morning`.
    pub fn human(&self) -> String {
        self.render(Style::Human)
    }

    /// The period's known point in human form, without its UTC offset: where it starts
    /// (`2016-12-30 10:00` for 10:00 Moscow time; an interval's first period), or an open
    /// period's bound (`2016-12-30` for `before 2016-12-30`).
    pub fn human_point(&self) -> String {
        match self.open {
            Open::Closed => format_point(self.start, self.start_precision, self.offset_minutes, Style::Local),
            Open::Before => format_point(self.end, self.end_precision, self.offset_minutes, Style::Local),
            Open::After => format_point(self.start - 1, self.start_precision, self.offset_minutes, Style::Local),
        }
    }

    /// Where the period starts as a canonical date no finer than a day: `2016`, `2016-12`,
    /// `2000-W14`, `2016-12-30` (for 18:30 that day too), in the zone it was written in; an
    /// open period's known bound (`before 2016-12-30` gives `2016-12-30`). For file names.
    pub fn date_label(&self) -> String {
        let (instant, precision) = match self.open {
            Open::Closed => (self.start, self.start_precision),
            Open::Before => (self.end, self.end_precision),
            Open::After => (self.start - 1, self.start_precision),
        };
        format_point(instant, precision.min(Precision::Day), self.offset_minutes, Style::Iso)
    }

    /// The time of day of a single period finer than a day, in the zone it was written in:
    /// `18:30`, `10h`, `morning`. None for a day or coarser, an interval or an open period.
    pub fn time_of_day(&self) -> Option<String> {
        if self.open != Open::Closed || self.interval {
            return None;
        }
        let local = naive(self.start + i64::from(self.offset_minutes.unwrap_or(0)) * 60);
        let (h, mi, s) = (local.hour(), local.minute(), local.second());
        match self.start_precision {
            Precision::Hour => Some(format!("{h:02}h")),
            Precision::Minute => Some(format!("{h:02}:{mi:02}")),
            Precision::Second => Some(format!("{h:02}:{mi:02}:{s:02}")),
            Precision::PartOfDay(part) => Some(part.word().to_string()),
            _ => None,
        }
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
    /// Human, without the UTC offset: times read in the zone they were written in.
    Local,
}

/// The label of the period of `precision` that holds the instant.
fn format_point(utc_seconds: i64, precision: Precision, offset: Option<i16>, style: Style) -> String {
    let local = naive(utc_seconds + i64::from(offset.unwrap_or(0)) * 60);
    let start = floor(local, precision);
    let (y, mo, d) = (start.year(), start.month(), start.day());
    let human = style != Style::Iso;
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
        // "21h": a bare "21" reads as a day of the month.
        Precision::Hour if human => format!("{h:02}h"),
        Precision::Hour => format!("{h:02}"),
        Precision::Minute => format!("{h:02}:{mi:02}"),
        _ => format!("{h:02}:{mi:02}:{s:02}"),
    };
    let zone = match offset {
        _ if style == Style::Local => String::new(),
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
