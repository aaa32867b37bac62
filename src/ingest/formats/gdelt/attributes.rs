//! The columns of a GDELT row kept as an event's attributes, under GDELT's own names: each
//! is the column's value and nothing else (`EventCode` `0834`, `QuadClass` `4`,
//! `GoldsteinScale` `-5.0`), so that a query compares it as typed (`code:14*`, `quad:4`,
//! `goldstein:<-5`, `agent_country:RUS`). The readable labels live in the summary and tags.

use super::Layout;
use crate::ingest::raw::RawAttributes;

/// Each actor's CountryCode and Type1Code: the field within its ten, and the name.
const ACTOR_FIELDS: [[(usize, &str); 2]; 2] =
    [[(2, "Actor1CountryCode"), (7, "Actor1Type1Code")], [(2, "Actor2CountryCode"), (7, "Actor2Type1Code")]];

/// The place's FullName, CountryCode, Lat and Long, the columns [`Layout::geo_fields`] gives.
const ACTION_GEO: [&str; 4] = ["ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long"];

/// The codes, numbers, actors' countries and types and place of a row, each trimmed and
/// kept only when not empty. The names are constants: a row costs three allocations.
pub(super) fn attributes(fields: &[&str], layout: &Layout) -> RawAttributes {
    let mut out = RawAttributes::with_capacity(20, 128);
    for (i, name) in columns(layout) {
        let value = fields[i].trim();
        if !value.is_empty() {
            out.push(name, value);
        }
    }
    out.push("GDELT", layout.version);
    out
}

/// The columns kept as attributes (the column, the attribute's name), in the order an
/// event lists them; then each event has `GDELT`, the version.
pub(super) fn columns(layout: &Layout) -> impl Iterator<Item = (usize, &'static str)> {
    const CODES: [(usize, &str); 10] = [
        (26, "EventCode"),
        (27, "EventBaseCode"),
        (28, "EventRootCode"),
        (29, "QuadClass"),
        (30, "GoldsteinScale"),
        (31, "NumMentions"),
        (32, "NumSources"),
        (33, "NumArticles"),
        (34, "AvgTone"),
        (25, "IsRootEvent"),
    ];
    let actors = [5, 15].into_iter().zip(ACTOR_FIELDS).flat_map(|(start, names)| names.map(|(i, n)| (start + i, n)));
    let place = layout.geo_fields(layout.action_geo()).into_iter().zip(ACTION_GEO);
    CODES.into_iter().chain(actors).chain(place).chain([(layout.date_added(), "DATEADDED")])
}

#[cfg(test)]
mod tests {
    use crate::ingest::raw::RawEvent;
    use crate::ingest::{Format, Source};

    /// The one event of one row (written with `|` for its tabs), with no diagnostic.
    fn event_of(row: &str) -> RawEvent {
        let source = Source {
            name: "row.csv".to_string(),
            text: row.replace('|', "\t"),
            format: Format::Gdelt,
            found_in_directory: false,
            companion: None,
            published: None,
        };
        let mut diagnostics = Vec::new();
        let mut articles = super::super::parse(0, &source, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].events.len(), 1);
        articles.remove(0).events.remove(0)
    }

    fn pairs(event: &RawEvent) -> Vec<(&str, &str)> {
        event.attributes.iter().collect()
    }

    #[test]
    fn a_gdelt_2_row_keeps_bare_values_and_its_summary_starts_with_the_code() {
        // The shared sample gdelt2-20191024143000.export.first1000.CSV, event 881991263.
        let event = event_of(
            "881991263|20191024|201910|2019|2019.8055|CAN|CANADA|CAN||||||||USA|UNITED STATES|USA||||||||0|\
             1712|171|17|4|-9.2|1|1|1|-1.0521281683405|4|White Fox, Saskatchewan, Canada|CA|CA11|154724|53.45|\
             -104.083|-575886|2|New York, United States|US|USNY||42.1497|-74.9384|NY|2|New York, United States|\
             US|USNY||42.1497|-74.9384|NY|20191024143000|\
             https://www.bleedingcool.com/2019/10/24/marvel-full-january-solicitations/",
        );
        assert_eq!(
            pairs(&event),
            [
                ("EventCode", "1712"),
                ("EventBaseCode", "171"),
                ("EventRootCode", "17"),
                ("QuadClass", "4"),
                ("GoldsteinScale", "-9.2"),
                ("NumMentions", "1"),
                ("NumSources", "1"),
                ("NumArticles", "1"),
                ("AvgTone", "-1.0521281683405"),
                ("IsRootEvent", "0"),
                ("Actor1CountryCode", "CAN"),
                ("Actor2CountryCode", "USA"),
                ("ActionGeo_FullName", "New York, United States"),
                ("ActionGeo_CountryCode", "US"),
                ("ActionGeo_Lat", "42.1497"),
                ("ActionGeo_Long", "-74.9384"),
                ("DATEADDED", "20191024143000"),
                ("GDELT", "2.0"),
            ]
        );
        assert_eq!(event.summary, "1712 Seize or damage property: CANADA → UNITED STATES");
        assert_eq!(event.tags, ["material conflict"]);
    }

    #[test]
    fn a_gdelt_1_row_keeps_bare_values_and_the_actors_types() {
        // The shared sample gdelt1-events-sample-mixed57-58col.tsv, event 564122970 (58 columns).
        let event = event_of(
            "564122970|20160728|201607|2016|2016.5699|USACOP|UNITED STATES|USA|||||COP|||USA|UNITED STATES|USA|||\
             |||||1|193|193|19|4|-10.0|12|2|12|-3.98203712365807|3|Baton Rouge, Louisiana, United States|US|USLA|\
             30.4507|-91.1545|1629914|3|Baton Rouge, Louisiana, United States|US|USLA|30.4507|-91.1545|1629914|3|\
             Baton Rouge, Louisiana, United States|US|USLA|30.4507|-91.1545|1629914|20160728|\
             http://mynorthwest.com/346548/the-latest-3-officers-dead-3-injured-in-baton-rouge/",
        );
        assert_eq!(
            pairs(&event),
            [
                ("EventCode", "193"),
                ("EventBaseCode", "193"),
                ("EventRootCode", "19"),
                ("QuadClass", "4"),
                ("GoldsteinScale", "-10.0"),
                ("NumMentions", "12"),
                ("NumSources", "2"),
                ("NumArticles", "12"),
                ("AvgTone", "-3.98203712365807"),
                ("IsRootEvent", "1"),
                ("Actor1CountryCode", "USA"),
                ("Actor1Type1Code", "COP"),
                ("Actor2CountryCode", "USA"),
                ("ActionGeo_FullName", "Baton Rouge, Louisiana, United States"),
                ("ActionGeo_CountryCode", "US"),
                ("ActionGeo_Lat", "30.4507"),
                ("ActionGeo_Long", "-91.1545"),
                ("DATEADDED", "20160728"),
                ("GDELT", "1.0"),
            ]
        );
        assert_eq!(event.summary, "193 Fight with small arms and light weapons: UNITED STATES → UNITED STATES");
        assert_eq!(event.tags, ["material conflict"]);
    }

    #[test]
    fn a_code_missing_from_the_table_heads_the_summary_alone() {
        assert_eq!(super::super::headline("9999", None), "9999");
        let label = Some("Accede to requests or demands for political reform");
        assert_eq!(super::super::headline("0834", label), "0834 Accede to requests or demands for political reform");
        assert_eq!(super::super::headline("", None), "no CAMEO code");
        // The summary, its headline and actors in one allocation, as `format!` wrote them.
        let summary = super::super::summary;
        for (code, label) in [("0834", label), ("9999", None), ("", None)] {
            let head = super::super::headline(code, label);
            assert_eq!(summary(code, label, Some("RUSSIA"), Some("UKRAINE")), format!("{head}: RUSSIA → UKRAINE"));
            assert_eq!(summary(code, label, Some("RUSSIA"), None), format!("{head}: RUSSIA"));
            assert_eq!(summary(code, label, None, Some("UKRAINE")), format!("{head}: → UKRAINE"));
            assert_eq!(summary(code, label, None, None), head);
        }
    }
}
