//! TIMEX3 values (TimeML, MEANTIME, and the native `date` field) read as periods.
//!
//! Most values are calendar periods that [`When::parse`] reads by itself (`1998-08`,
//! `2000-W14`, `1989-Q3`, `198X`, `1989-11-06TMO`...). The rest need the document's
//! creation time (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`) or are no position in time at all:
//! durations (`P1D`, `PT5H`, `PXY`) and values with an unknown year (`XXXX-XX-XX`).

use super::date::{DateError, When};

/// What a TIMEX3 value says about when something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timex {
    /// A period of the calendar, possibly open on one side (`PAST_REF`).
    Date(When),
    /// `XXXX-XX-XX`, `XXXX-WXX-4`: the calendar position is not known.
    Unknown,
    /// `P1D`, `PT5H`, `PXY`: an amount of time, not a position in time.
    Duration,
    /// `PRESENT_REF`, `PAST_REF` or `FUTURE_REF` with no document creation time to read it by.
    NeedsCreationTime,
}

/// Read a TIMEX3 `value`. `creation` is the document creation time (the DCT, or an
/// article's `published`), by which `PRESENT_REF`, `PAST_REF` and `FUTURE_REF` are read.
pub fn normalize(value: &str, creation: Option<&When>) -> Result<Timex, DateError> {
    let value = value.trim();
    let relative = match value {
        "PRESENT_REF" => Some(When::clone as fn(&When) -> When),
        "PAST_REF" => Some(When::before as fn(&When) -> When),
        "FUTURE_REF" => Some(When::after as fn(&When) -> When),
        _ => None,
    };
    if let Some(read) = relative {
        return Ok(creation.map_or(Timex::NeedsCreationTime, |dct| Timex::Date(read(dct))));
    }
    if is_duration(value) {
        return Ok(Timex::Duration);
    }
    match When::parse(value) {
        Ok(w) => Ok(Timex::Date(w)),
        Err(DateError::Unknown(_)) => Ok(Timex::Unknown),
        Err(e) => Err(e),
    }
}

/// `P1D`, `PT5H`, `P2Y6M`, `PXW`, `P1DE`: ISO 8601 durations and TimeML's unknown amounts.
pub fn is_duration(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next() == Some('P') && chars.next().is_some_and(|c| c.is_ascii_digit() || c == 'X' || c == 'T')
}

/// A TIMEX3 `mod` that annals can apply to a period: `BEFORE` and `AFTER` open it on one
/// side. The others (`APPROX`, `START`, `MID`, `END`, `ON_OR_BEFORE`...) keep the whole
/// period, and the caller counts them as not mapped.
pub fn apply_mod(when: When, modifier: &str) -> Option<When> {
    match modifier {
        "BEFORE" => Some(When::before(&when)),
        "AFTER" => Some(When::after(&when)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn dct() -> When {
        When::parse("2016-12-30").unwrap()
    }

    fn iso(value: &str) -> String {
        match normalize(value, Some(&dct())).unwrap() {
            Timex::Date(w) => w.iso(),
            other => format!("{other:?}"),
        }
    }

    #[rstest]
    #[case("PRESENT_REF", "2016-12-30")]
    #[case("PAST_REF", "before 2016-12-30")]
    #[case("FUTURE_REF", "after 2016-12-30")]
    #[case("P1D", "Duration")]
    #[case("PT5H", "Duration")]
    #[case("PXY", "Duration")]
    #[case("P2Y6M", "Duration")]
    #[case("P1DE", "Duration")]
    #[case("XXXX-XX-XX", "Unknown")]
    #[case("XXXX", "Unknown")]
    #[case("XXXX-WXX-4", "Unknown")]
    #[case("XXXX-SU", "Unknown")]
    #[case("1998-08", "1998-08")]
    fn values_read_by_the_creation_time(#[case] value: &str, #[case] expected: &str) {
        assert_eq!(iso(value), expected);
    }

    #[test]
    fn document_relative_values_need_a_creation_time() {
        assert_eq!(normalize("PAST_REF", None), Ok(Timex::NeedsCreationTime));
        assert_eq!(normalize("1998", None).map(|t| matches!(t, Timex::Date(_))), Ok(true));
    }

    #[test]
    fn a_past_ref_is_open_before_the_creation_time() {
        let Ok(Timex::Date(w)) = normalize("PAST_REF", Some(&dct())) else { panic!() };
        assert_eq!(w.end, dct().start);
        assert!(w.overlaps(&When::parse("1066").unwrap()), "an open start reaches back");
        assert!(!w.overlaps(&dct()));
        assert_eq!(w.human(), "before 2016-12-30");
    }

    #[test]
    fn mods_before_and_after_open_the_period() {
        let year = When::parse("1998").unwrap();
        assert_eq!(apply_mod(year, "BEFORE").unwrap().iso(), "before 1998");
        assert_eq!(apply_mod(year, "AFTER").unwrap().iso(), "after 1998");
        assert_eq!(apply_mod(year, "APPROX"), None);
    }

    #[test]
    fn malformed_values_are_errors() {
        assert!(matches!(normalize("1998-13", None), Err(DateError::Impossible { .. })));
        assert!(matches!(normalize("tomorrowish", None), Err(DateError::Malformed(_))));
    }
}
