//! Reading and writing dates, round trip.

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
#[case("1989-11-06T17", "1989-11-06T17", "1989-11-06 17h", 0)]
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
