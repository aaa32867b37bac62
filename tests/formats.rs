//! The importers on the project's own small fixtures (tests/fixtures/formats): each format's
//! mapping asserted value by value, their located diagnostics, and the TimelineJS export.

use annals::diagnostic::Report;
use annals::export::timelinejs::timelinejs_json;
use annals::ingest::{self, Input, LoadOptions, Loaded};
use annals::model::{Corpus, Event, RelationKind, Role, Status};
use annals::query::Filter;
use assert_cmd::Command;
use chrono::TimeZone;
use rstest::rstest;

const DIR: &str = "tests/fixtures/formats";

fn load(paths: &[&str]) -> Loaded {
    let inputs: Vec<Input> = paths.iter().map(|p| Input::Path(format!("{DIR}/{p}").into())).collect();
    ingest::load(&inputs, &LoadOptions::default())
}

fn event<'c>(corpus: &'c Corpus, id: &str) -> &'c Event {
    corpus.events().iter().find(|e| &*e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

fn date(corpus: &Corpus, id: &str) -> String {
    event(corpus, id).date.map_or_else(|| "undated".to_string(), |d| d.iso())
}

fn attribute<'c>(e: &'c Event, name: &str) -> Option<&'c str> {
    e.attributes.get(name)
}

fn participants(corpus: &Corpus, e: &Event) -> Vec<(String, Role)> {
    e.participants.iter().map(|p| (corpus.actors()[p.actor as usize].id.clone(), p.role)).collect()
}

fn messages(report: &Report) -> Vec<String> {
    report.diagnostics().iter().map(|d| d.to_string()).collect()
}

fn annals() -> Command {
    Command::cargo_bin("annals").expect("the annals binary is built")
}

// ---- TimeML ----

#[test]
fn timeml_document_becomes_an_article_published_at_its_dct() {
    let Loaded { corpus, .. } = load(&["timeml/flu.tml"]);
    assert_eq!(corpus.articles().len(), 1);
    let a = &corpus.articles()[0];
    assert_eq!(a.id, "flu_20130322");
    assert_eq!(a.title.raw(), "Flu season winds down & deaths reported");
    assert_eq!(a.published.map(|p| p.iso()).as_deref(), Some("2013-03-22"));
    assert!(a.text.as_ref().unwrap().raw().starts_with("The flu season  started about a month early"));
    assert_eq!(corpus.events().len(), 10);
}

#[rstest]
#[case("e100", "198X")]
#[case("e3", "2013-W11")]
#[case("e4", "2013-03-22")]
#[case("e1", "before 2013-03-22")]
#[case("e2", "before 2013-03-22")]
#[case("e5", "2013-W12/2013-03-21")]
#[case("e6", "2013-W12/2013-03-21")]
#[case("e7", "2013-Q2")]
#[case("e8", "2013-03-22")]
#[case("e101", "undated")]
fn timeml_events_are_dated_through_their_tlinks(#[case] id: &str, #[case] expected: &str) {
    assert_eq!(date(&load(&["timeml/flu.tml"]).corpus, id), expected);
}

#[test]
fn timeml_anchors_say_where_the_date_came_from() {
    let Loaded { corpus, .. } = load(&["timeml/flu.tml"]);
    let from = |id: &str| attribute(event(&corpus, id), "date from").map(str::to_string);
    assert_eq!(from("e3").as_deref(), Some("l3 IS_INCLUDED t2 'the last week' (2013-W11)"));
    // INCLUDES read from the event's side.
    assert_eq!(from("e4").as_deref(), Some("l4 IS_INCLUDED t3 'Friday' (2013-03-22)"));
    // Propagated through SIMULTANEOUS and IDENTITY.
    assert_eq!(from("e8").as_deref(), Some("as e4 (2013-03-22), which l4 IS_INCLUDED t3 'Friday' (2013-03-22)"));
    assert_eq!(
        from("e6").as_deref(),
        Some(
            "as e5 (2013-W12/2013-03-21), which l5 AFTER t2 'the last week' (2013-W11); l6 BEFORE t0 'March 22, 2013' (2013-03-22)"
        )
    );
    // Through the event's second MAKEINSTANCE.
    assert_eq!(from("e7").as_deref(), Some("l8 IS_INCLUDED t4 'the second quarter' (2013-Q2)"));
}

#[test]
fn timeml_event_links_become_relations_that_order_ties() {
    let Loaded { corpus, .. } = load(&["timeml/flu.tml"]);
    let e1 = event(&corpus, "e1");
    assert_eq!(e1.relations.len(), 1);
    assert_eq!(e1.relations[0].kind, RelationKind::Follows);
    assert_eq!(e1.relations[0].target_ref.as_ref(), "flu_20130322/e2");
    let e6 = event(&corpus, "e6");
    assert_eq!(e6.relations[0].kind, RelationKind::SameAs);
    assert_eq!(e6.relations[0].target_ref.as_ref(), "flu_20130322/e5");
    let order: Vec<&str> = corpus.events().iter().map(|e| &*e.id).collect();
    // e1 comes first in the text but follows e2 (l10): same period, so the link decides.
    // e101 is undated: at the document's day (reported on 2013-03-22), after its dated events.
    assert_eq!(order, ["e100", "e3", "e5", "e6", "e2", "e1", "e4", "e8", "e101", "e7"]);
}

#[test]
fn timeml_events_carry_status_summary_evidence_and_attributes() {
    let Loaded { corpus, .. } = load(&["timeml/flu.tml"]);
    let statuses: Vec<(&str, Status)> =
        ["e1", "e5", "e6", "e7"].iter().map(|&id| (id, event(&corpus, id).status)).collect();
    assert_eq!(
        statuses,
        [("e1", Status::Actual), ("e5", Status::Denied), ("e6", Status::Hypothetical), ("e7", Status::Planned)]
    );
    let e1 = event(&corpus, "e1");
    assert_eq!(e1.summary.raw(), "The flu season [started] about a month early, sparking fears.");
    // The leading space inside <EVENT> is not part of the evidence.
    assert_eq!(e1.evidence[0].raw(corpus.article_of(e1)), "started");
    assert_eq!(e1.evidence[0].span, Some((16, 23)));
    assert_eq!(e1.action.as_deref(), Some("started"));
    assert_eq!(e1.tags.iter().map(|t| &**t).collect::<Vec<_>>(), ["aspectual"]);
    assert_eq!(attribute(e1, "tense"), Some("PAST"));
    assert_eq!(attribute(e1, "instance"), Some("ei1"));
    assert_eq!(attribute(event(&corpus, "e7"), "instance"), Some("ei7, ei70"));
    assert_eq!(
        event(&corpus, "e4").summary.raw(),
        "Six deaths were reported in the last week, Dr. Jhung [said] Friday and warned of more."
    );
}

#[test]
fn timeml_reports_what_it_does_not_map_once_per_kind() {
    let Loaded { report, .. } = load(&["timeml/flu.tml"]);
    let f = "tests/fixtures/formats/timeml/flu.tml";
    assert_eq!(
        messages(&report),
        [
            format!(
                "{f}:17:132: warning: 1 EVENT has no MAKEINSTANCE: it is kept, with no TLINK to date it (e101; the first here)"
            ),
            format!(
                "{f}:28:1: warning: 1 EVENT has several MAKEINSTANCEs: they are read as one event (e7; the first here)"
            ),
            format!("{f}:41:1: warning: 1 TLINK links an event to itself; it is ignored (l11; the first here)"),
            format!("{f}:42:1: warning: 1 TLINK between two TIMEX3s is not mapped (l12; the first here)"),
            format!(
                "{f}:43:1: warning: 1 TLINK to a TIMEX3 that is no calendar date (a duration, a set, an unknown date) gives no date (l13; the first here)"
            ),
            format!(
                "{f}:44:1: warning: 1 SLINK (modal, evidential, factive... subordination) is not mapped (l14; the first here)"
            ),
        ]
    );
}

#[test]
fn malformed_xml_is_a_located_error() {
    let out = annals().args(["check", &format!("{DIR}/bad/broken.tml")]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().next(),
        Some(
            "tests/fixtures/formats/bad/broken.tml:1:55: error: invalid XML: ill-formed document: expected `</EVENT>`, but `</TEXT>` was found"
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

// ---- MEANTIME CAT ----

#[test]
fn cat_documents_rebuild_their_text_from_tokens() {
    let Loaded { corpus, .. } = load(&["cat"]);
    let a = corpus.articles().iter().find(|a| a.id == "a1_Airbus_unveils_giant_plane").unwrap();
    assert_eq!(a.title.raw(), "Airbus unveils giant plane");
    assert_eq!(
        a.text.as_ref().unwrap().raw(),
        "Airbus unveils giant plane\nAirbus unveiled the A380 on Tuesday .\nBoeing did not comment ."
    );
    assert_eq!(a.published.map(|p| p.iso()).as_deref(), Some("2005-01-18"));
    assert_eq!(a.url.as_ref().map(|u| u.raw()), Some("http://en.wikinews.org/wiki/Airbus_unveils_giant_plane"));
    assert_eq!(a.source.as_ref().map(|s| s.raw()), Some("en.wikinews.org"));
    let m11 = event(&corpus, "m11");
    assert_eq!(m11.summary.raw(), "Airbus [unveiled] the A380 on Tuesday .");
    assert_eq!(m11.evidence[0].raw(corpus.article_of(m11)), "unveiled");
    assert_eq!(m11.evidence[0].span, Some((34, 42)));
    assert_eq!(m11.action.as_deref(), Some("unveil"));
    assert_eq!(attribute(m11, "instance_id"), Some("EV1"));
}

#[test]
fn cat_participants_are_entity_instances_merged_across_documents() {
    let Loaded { corpus, .. } = load(&["cat"]);
    assert_eq!(
        participants(&corpus, event(&corpus, "m11")),
        [("ORG1".into(), Role::Agent), ("a1-airbus-a380".into(), Role::Target)]
    );
    assert_eq!(participants(&corpus, event(&corpus, "m12")), [("ORG2".to_string(), Role::Agent)]);
    let airbus = corpus.actors().iter().position(|a| a.id == "ORG1").unwrap();
    let actor = &corpus.actors()[airbus];
    assert_eq!(actor.name.raw(), "Airbus");
    assert_eq!(actor.kind, annals::model::ActorKind::Organization);
    assert_eq!(actor.description.as_ref().map(|d| d.raw()), Some("http://dbpedia.org/page/Airbus"));
    // Its timeline runs across both articles.
    let timeline: Vec<(&str, String)> = corpus
        .actor_events(airbus as u32)
        .iter()
        .map(|&e| {
            let e = &corpus.events()[e as usize];
            (corpus.article_of(e).id.as_str(), e.id.to_string())
        })
        .collect();
    assert_eq!(
        timeline,
        [
            ("a1_Airbus_unveils_giant_plane", "m10".to_string()),
            ("a1_Airbus_unveils_giant_plane", "m11".to_string()),
            ("b1_First_A380_delivered", "m2".to_string())
        ]
    );
}

#[test]
fn cat_event_instances_shared_across_documents_become_same_as() {
    // b's m2 refers to the event instance EV1 that a's m10 and m11 refer to.
    let Loaded { corpus, report } = load(&["cat-cross"]);
    assert_eq!(report.error_count(), 0);
    let delivered = event(&corpus, "m2");
    assert_eq!(corpus.article_of(delivered).id, "b1_First_A380_delivered");
    let same: Vec<&str> =
        delivered.relations.iter().filter(|r| r.kind == RelationKind::SameAs).map(|r| r.target_ref.as_ref()).collect();
    assert_eq!(same, ["a1_Airbus_unveils_giant_plane/m10"]);
    assert!(delivered.relations.iter().all(|r| r.target.is_some()), "resolved");
}

#[test]
fn cat_propbank_roles_and_values_are_kept_as_attributes() {
    let Loaded { corpus, report } = load(&["cat-roles"]);
    let sold = event(&corpus, "m10");
    // Arg0 is still the agent; Arg2 and AM-LOC are others; every role keeps its name.
    let ids = participants(&corpus, sold);
    assert_eq!(ids[0], ("c1-airbus".to_string(), Role::Agent), "{ids:?}");
    assert!(ids[1..].iter().all(|(_, r)| *r == Role::Other), "{ids:?}");
    for (role, words) in [("Arg0", "Airbus"), ("Arg1", "43 planes"), ("Arg2", "Emirates"), ("AM-LOC", "Dubai")] {
        assert_eq!(attribute(sold, role), Some(words), "{role}");
    }
    // The value that takes part is mapped; the one that takes part in nothing is said.
    let said: Vec<String> = report.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(said.iter().any(|d| d.contains("1 VALUE markable (a quantity, money...) is not mapped (41;")), "{said:?}");
}

#[test]
fn cat_tlinks_date_mentions_and_coreference_shares_the_date() {
    let Loaded { corpus, report } = load(&["cat"]);
    assert_eq!(date(&corpus, "m11"), "2005-01-18");
    // REFERS_TO the same event instance as m11: IDENTICAL, so the same date and same_as.
    assert_eq!(date(&corpus, "m10"), "2005-01-18");
    assert_eq!(event(&corpus, "m11").relations[0].kind, RelationKind::SameAs);
    // The DCT AFTER the mention: the mention is before the DCT; NEG polarity: denied.
    assert_eq!(date(&corpus, "m12"), "before 2005-01-18");
    assert_eq!(event(&corpus, "m12").status, Status::Denied);
    assert_eq!(date(&corpus, "m2"), "2007-10-15");
    let f = "tests/fixtures/formats/cat/airbus-a.xml";
    assert_eq!(
        messages(&report),
        [
            format!("{f}:46:1: warning: 1 VALUE markable (a quantity, money...) is not mapped (40; the first here)"),
            format!("{f}:79:1: warning: 1 SLINK (subordination) is not mapped (301; the first here)"),
        ]
    );
}

// ---- brat ----

#[test]
fn brat_offsets_count_characters_not_bytes() {
    let Loaded { corpus, .. } = load(&["brat"]);
    let e1 = event(&corpus, "E1");
    // "“" and "’" come before: byte offsets would be off by 4.
    assert_eq!(e1.evidence[0].raw(corpus.article_of(e1)), "sanctions");
    assert_eq!(e1.evidence[0].span, Some((23, 32)));
    assert_eq!(
        e1.summary.raw(),
        "The “strong and swift” [sanctions] on Venezuela’s oil were announced by the U.S. on Tuesday."
    );
    assert_eq!(corpus.articles()[0].id, "sanctions");
    // A first line short enough for a headline is the title.
    assert_eq!(
        corpus.articles()[0].title.raw(),
        "The “strong and swift” sanctions on Venezuela’s oil were announced by the U.S. on Tuesday."
    );
}

#[test]
fn brat_arguments_become_participants_dates_and_attributes() {
    let Loaded { corpus, report } = load(&["brat"]);
    let e1 = event(&corpus, "E1");
    assert_eq!(participants(&corpus, e1), [("us".to_string(), Role::Agent), ("venezuela".to_string(), Role::Target)]);
    assert_eq!(attribute(e1, "Item"), Some("oil"));
    assert_eq!(attribute(e1, "Modality"), Some("Asserted"));
    // brat's own role names are kept beside the roles annals reads into them.
    assert_eq!((attribute(e1, "Imposer"), attribute(e1, "Imposee")), (Some("U.S."), Some("Venezuela")));
    assert_eq!(e1.date_text.as_ref().map(|t| t.raw()), Some("Tuesday"));
    assert_eq!(e1.action.as_deref(), Some("embargo"));
    assert_eq!(e1.status, Status::Actual);
    let e2 = event(&corpus, "E2");
    assert_eq!(participants(&corpus, e2), [("maduro".to_string(), Role::Agent)]);
    assert_eq!(e2.status, Status::Denied);
    let e3 = event(&corpus, "E3");
    assert_eq!(participants(&corpus, e3), [("opec".to_string(), Role::Other)]);
    assert_eq!(e3.status, Status::Hypothetical);
    let e4 = event(&corpus, "E4");
    assert_eq!(e4.relations[0].kind, RelationKind::Causes);
    assert_eq!(e4.relations[0].target_ref.as_ref(), "sanctions/E5");
    let kinds: Vec<(&str, annals::model::ActorKind)> =
        corpus.actors().iter().map(|a| (a.id.as_str(), a.kind)).collect();
    use annals::model::ActorKind::*;
    assert_eq!(kinds, [("us", Country), ("venezuela", Country), ("maduro", Person), ("opec", Organization)]);
    let f = "tests/fixtures/formats/brat/sanctions.ann";
    assert_eq!(
        messages(&report),
        [
            format!(
                "{f}:6:1: warning: event 'E1': date_text 'Tuesday' cannot be resolved because the article has no 'published' date; the event is undated"
            ),
            format!(
                "{f}:21:1: warning: 1 text-bound annotation is neither an event trigger nor an event argument: not mapped (T12; the first here)"
            ),
        ]
    );
}

// ---- GDELT ----

#[test]
fn gdelt_rows_become_dated_events_with_actors_and_cameo_labels() {
    let Loaded { corpus, .. } = load(&["gdelt"]);
    let e = event(&corpus, "564111645");
    assert_eq!(date(&corpus, "564111645"), "2016-07-28");
    assert_eq!(e.summary.raw(), "0834 Accede to requests or demands for political reform: CABINET → UNITED STATES");
    assert_eq!(e.action.as_deref(), Some("yield"));
    assert_eq!(e.tags.iter().map(|t| &**t).collect::<Vec<_>>(), ["material cooperation"]);
    assert_eq!(
        participants(&corpus, e),
        [("gov-cabinet".to_string(), Role::Agent), ("usa-united-states".to_string(), Role::Target)]
    );
    assert_eq!(attribute(e, "EventCode"), Some("0834"));
    assert_eq!(attribute(e, "EventBaseCode"), Some("083"));
    assert_eq!(attribute(e, "EventRootCode"), Some("08"));
    assert_eq!(attribute(e, "QuadClass"), Some("2"));
    assert_eq!(attribute(e, "Actor1Type1Code"), Some("GOV"));
    assert_eq!(attribute(e, "Actor1CountryCode"), None);
    assert_eq!(attribute(e, "Actor2CountryCode"), Some("USA"));
    assert_eq!(attribute(e, "GoldsteinScale"), Some("5.0"));
    assert_eq!(attribute(e, "AvgTone"), Some("-1.97"));
    assert_eq!(attribute(e, "NumMentions"), Some("60"));
    assert_eq!(attribute(e, "GDELT"), Some("1.0"));
    let v2 = event(&corpus, "881990833");
    assert_eq!(attribute(v2, "ActionGeo_FullName"), Some("Minsk, Belarus (general), Belarus"));
    assert_eq!(attribute(v2, "ActionGeo_Lat"), Some("53.9"));
    assert_eq!(attribute(v2, "GDELT"), Some("2.0"));
    let usa = corpus.actors().iter().find(|a| a.id == "usa-united-states").unwrap();
    assert_eq!(usa.kind, annals::model::ActorKind::Country);
    assert_eq!(usa.aliases.iter().map(|a| a.raw()).collect::<Vec<_>>(), ["USA"]);
}

#[test]
fn gdelt_rows_citing_one_url_make_one_article() {
    let Loaded { corpus, report } = load(&["gdelt"]);
    let ids: Vec<&str> = corpus.articles().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "wtop-com-lifestyle-2016-07-deepest-darkest-secrets-now-display-national-postal-m-2e73b541",
            "gdelt-20130203",
            "belsat-eu-en-news-10-years-of-belarus-participating-in-eastern-partnership-what-6d01c877",
            "timescolonist-com-entertainment-jeremy-dutcher-brings-ancestors-songs-to-life-1-c4fb4f34"
        ]
    );
    let wtop = &corpus.articles()[0];
    assert_eq!(wtop.title.raw(), "Deepest darkest secrets now display national postal museum");
    assert_eq!(wtop.source.as_ref().map(|s| s.raw()), Some("wtop.com"));
    assert_eq!(wtop.published.map(|p| p.iso()).as_deref(), Some("2016-07-28"));
    assert_eq!(corpus.events().iter().filter(|e| e.article == 0).count(), 2);
    assert_eq!(corpus.articles()[1].title.raw(), "GDELT 1.0 events added 2013-02-03 (no source URL)");
    assert_eq!(corpus.articles()[2].published.map(|p| p.iso()).as_deref(), Some("2019-10-24T14:30:00Z"));
    assert_eq!(
        messages(&report),
        [
            "tests/fixtures/formats/gdelt/v2-export.CSV:2:78: warning: 1 CAMEO event code is not in annals's table (9999, the first here): shown by code"
        ]
    );
}

#[test]
fn gdelt_bad_rows_are_located_errors_and_skipped() {
    let Loaded { corpus, report } = load(&["bad/short-row.tsv"]);
    let f = "tests/fixtures/formats/bad/short-row.tsv";
    assert_eq!(
        messages(&report),
        [
            format!(
                "{f}:2:1: error: row 2 has 3 tab-separated columns; GDELT 1.0 rows have 57 or 58, GDELT 2.0 rows 61 (row skipped)"
            ),
            format!("{f}:3:9: error: SQLDATE '1982-01-02' is not a date written YYYYMMDD (row skipped)"),
        ]
    );
    assert_eq!(corpus.events().len(), 1);
}

// ---- sniffing, directories, native TIMEX3 dates ----

#[test]
fn a_directory_mixes_formats_and_skips_files_of_other_formats_with_a_warning() {
    let Loaded { corpus, report } = load(&["mixed"]);
    let ids: Vec<&str> = corpus.articles().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["native-1", "XIE19980808.0049"]);
    assert_eq!(corpus.files().len(), 2, "readme.txt is not read, feed.xml and notes.csv are skipped");
    let m = messages(&report);
    assert_eq!(m.len(), 2);
    assert_eq!(
        m[0],
        "tests/fixtures/formats/mixed/feed.xml:1:1: warning: XML with root <rss>: annals reads TimeML (<TimeML>) and MEANTIME CAT (<Document>); this file is skipped"
    );
    assert!(
        m[1].starts_with("tests/fixtures/formats/mixed/notes.csv:1:1: warning: not a GDELT event table"),
        "{}",
        m[1]
    );
    // The PUBLICATION_TIME timex beside the DCT does not replace it.
    assert_eq!(corpus.articles()[1].published.map(|p| p.iso()).as_deref(), Some("1998-08-08"));
}

#[test]
fn a_file_named_on_the_command_line_in_no_known_format_is_an_error() {
    let out = annals().args(["check", &format!("{DIR}/bad/notes.csv")]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().next(),
        Some(
            "tests/fixtures/formats/bad/notes.csv:1:1: error: not a GDELT event table: its first row has 1 tab-separated column, where GDELT 1.0 has 57 or 58 and GDELT 2.0 has 61, starting with GLOBALEVENTID and SQLDATE; this file is skipped"
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn standard_input_is_sniffed() {
    let tml = std::fs::read_to_string(format!("{DIR}/mixed/short.tml")).unwrap();
    let out = annals().args(["list", "-"]).write_stdin(tml).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "1998-08-08     WASHINGTON, August 8 (Xinhua) -- President Bill Clinton Saturday [vowed] to hunt down the bombers.\n"
    );
    let gdelt = std::fs::read_to_string(format!("{DIR}/gdelt/v1-events.tsv")).unwrap();
    let out = annals().args(["list", "-"]).write_stdin(gdelt).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[rstest]
#[case("week", "2016-W51", "2016-W51")]
#[case("quarter", "2016-Q4", "2016-Q4")]
#[case("past", "before 2016-12-30T13:20:00+03:00", "before 2016-12-30 13:20:00+03:00")]
#[case("now", "2016-12-30T13:20:00+03:00", "2016-12-30 13:20:00+03:00")]
#[case("unknown", "undated", "undated")]
#[case("morning", "2016-12-29TMO", "2016-12-29 morning")]
#[case("decade", "201X", "2010s")]
#[case("weekend", "2016-W50-WE", "2016-W50 weekend")]
fn the_native_date_field_accepts_timex3_shapes(#[case] id: &str, #[case] iso: &str, #[case] human: &str) {
    let Loaded { corpus, report } = load(&["native/timex-dates.json"]);
    assert!(report.diagnostics().is_empty(), "{:?}", report.diagnostics());
    assert_eq!(date(&corpus, id), iso);
    assert_eq!(event(&corpus, id).date.map_or_else(|| "undated".to_string(), |d| d.human()), human);
}

#[test]
fn durations_and_document_relative_values_without_publication_are_errors() {
    let Loaded { report, .. } = load(&["native/duration-date.json"]);
    let f = "tests/fixtures/formats/native/duration-date.json";
    assert_eq!(
        messages(&report),
        [
            format!(
                "{f}:2:51: error: events[0].date: 'P1D' is a duration, not a date: write when it happened (event skipped)"
            ),
            format!(
                "{f}:3:46: error: events[1].date: 'PAST_REF' is read against the article's 'published' date, which it does not have (event skipped)"
            ),
        ]
    );
}

// ---- TimelineJS ----

fn timelinejs(paths: &[&str]) -> (serde_json::Value, usize) {
    let Loaded { corpus, .. } = load(paths);
    let events: Vec<u32> = (0..corpus.events().len() as u32).collect();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let (text, skipped) = timelinejs_json(&corpus, &events, &Filter::default(), at);
    (serde_json::from_str(&text).unwrap(), skipped)
}

#[test]
fn timelinejs_has_a_title_slide_and_leaves_undated_events_out() {
    let (doc, skipped) = timelinejs(&["timeml/flu.tml"]);
    assert_eq!(skipped, 1);
    assert_eq!(doc["title"]["text"]["headline"], "annals timeline");
    assert_eq!(doc["title"]["text"]["text"], "<p>9 events from 1 article, exported by annals on 2026-11-26.</p>");
    assert_eq!(doc["title"]["unique_id"], "title");
    assert_eq!(doc["events"].as_array().unwrap().len(), 9);
}

#[test]
fn timelinejs_dates_go_only_to_their_precision_with_display_dates_for_the_rest() {
    let (doc, _) = timelinejs(&["timeml/flu.tml"]);
    let slide = |id: &str| {
        doc["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["unique_id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let decade = slide("flu_20130322-e100");
    assert_eq!(decade["start_date"], serde_json::json!({"year": 1980}));
    assert_eq!(decade["end_date"], serde_json::json!({"year": 1989}));
    assert_eq!(decade["display_date"], "1980s");
    let day = slide("flu_20130322-e4");
    assert_eq!(day["start_date"], serde_json::json!({"year": 2013, "month": 3, "day": 22}));
    assert!(day.get("end_date").is_none());
    assert!(day.get("display_date").is_none());
    let week = slide("flu_20130322-e3");
    assert_eq!(week["start_date"], serde_json::json!({"year": 2013, "month": 3, "day": 11}));
    assert_eq!(week["end_date"], serde_json::json!({"year": 2013, "month": 3, "day": 17}));
    assert_eq!(week["display_date"], "2013-W11");
    let before = slide("flu_20130322-e1");
    assert_eq!(before["start_date"], serde_json::json!({"year": 2013, "month": 3, "day": 22}));
    assert_eq!(before["display_date"], "before 2013-03-22");
    let interval = slide("flu_20130322-e5");
    assert_eq!(interval["start_date"], serde_json::json!({"year": 2013, "month": 3, "day": 18}));
    assert_eq!(interval["end_date"], serde_json::json!({"year": 2013, "month": 3, "day": 21}));
    assert_eq!(interval["display_date"], "2013-W12/2013-03-21");
    let quarter = slide("flu_20130322-e7");
    assert_eq!(quarter["start_date"], serde_json::json!({"year": 2013, "month": 4}));
    assert_eq!(quarter["end_date"], serde_json::json!({"year": 2013, "month": 6}));
}

#[test]
fn timelinejs_text_quotes_evidence_names_the_source_and_groups_by_first_agent() {
    let (doc, _) = timelinejs(&["cat"]);
    let slides = doc["events"].as_array().unwrap();
    let s = slides.iter().find(|s| s["unique_id"] == "a1_Airbus_unveils_giant_plane-m11").unwrap();
    assert_eq!(s["text"]["headline"], "Airbus [unveiled] the A380 on Tuesday .");
    assert_eq!(
        s["text"]["text"],
        "<blockquote>unveiled</blockquote><p>Actors: Airbus (agent), Airbus A380 (target)</p>\
         <p>Source: <a href=\"http://en.wikinews.org/wiki/Airbus_unveils_giant_plane\">Airbus unveils giant plane</a>, en.wikinews.org, 2005-01-18</p>"
    );
    assert_eq!(s["group"], "Airbus");
    let denied = slides.iter().find(|s| s["unique_id"] == "a1_Airbus_unveils_giant_plane-m12").unwrap();
    assert_eq!(denied["group"], "Boeing");
    assert!(denied["text"]["text"].as_str().unwrap().contains("<p>Status: denied</p>"));
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["group", "start_date", "text", "unique_id"], "no end_date nor display_date for a plain day");
}

#[test]
fn timelinejs_marks_dates_resolved_from_words() {
    let (doc, _) = timelinejs(&["mixed/article.json"]);
    let s = &doc["events"][0];
    assert_eq!(s["start_date"], serde_json::json!({"year": 1998, "month": 8, "day": 8}));
    assert_eq!(s["display_date"], "1998-08-08 (from 'Saturday')");
    assert_eq!(s["group"], "Bill Clinton");
}

#[test]
fn export_format_timelinejs_from_the_command_line() {
    let out = annals().args(["export", "--format", "timelinejs", &format!("{DIR}/timeml/flu.tml")]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["events"].as_array().unwrap().len(), 9);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("annals: 1 undated events left out (TimelineJS needs a date)"), "{stderr}");
    let native = annals().args(["export", &format!("{DIR}/timeml/flu.tml")]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&native.stdout).unwrap();
    assert_eq!(doc["annals_export"], 1, "the native export stays the default");
}

#[test]
fn every_importer_round_trips_through_the_native_export() {
    let Loaded { corpus, .. } = load(&["timeml", "cat", "brat", "gdelt"]);
    let events: Vec<u32> = (0..corpus.events().len() as u32).collect();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let text = annals::export::native_json(&corpus, &events, &Filter::default(), at);
    let again = ingest::load_str("export.json", &text);
    assert!(again.report.diagnostics().iter().all(|d| !d.is_error()), "{:?}", again.report.diagnostics());
    let again = again.corpus;
    let dates = |c: &Corpus| c.events().iter().map(|e| (e.id.clone(), e.date.map(|d| d.iso()))).collect::<Vec<_>>();
    assert_eq!(dates(&again), dates(&corpus));
}

#[test]
fn timelinejs_escapes_html_and_links_only_web_addresses() {
    let hostile = r#"{"id": "h", "title": "<script>alert(1)</script>", "url": "javascript:alert(1)",
        "events": [{"id": "e", "summary": "A <b>bold</b> claim", "date": "2016-12-29",
        "evidence": ["<img src=x onerror=alert(1)>"]}]}"#;
    let corpus = annals::ingest::load_str("hostile.json", hostile).corpus;
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T08:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let (text, _) = timelinejs_json(&corpus, &[0], &Filter::default(), at);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let event = &doc["events"][0]["text"];
    assert_eq!(event["headline"], "A &lt;b&gt;bold&lt;/b&gt; claim");
    let html = event["text"].as_str().unwrap();
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(!html.contains("href") && !html.contains("<script"), "{html}");
}

// ---- hostile and broken inputs (issue 10): no panic, no crash, located errors ----

/// Write `text` as `name` in a fresh directory and load it.
fn load_generated(name: &str, text: &str) -> (tempfile::TempDir, Loaded) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let loaded = ingest::load(&[Input::Path(path)], &LoadOptions::default());
    (dir, loaded)
}

#[test]
fn a_gdelt_event_code_of_four_bytes_with_a_multibyte_character_is_shown_by_code() {
    let Loaded { corpus, report } = load(&["bad/multibyte-code.CSV"]);
    assert_eq!(
        messages(&report),
        [
            "tests/fixtures/formats/bad/multibyte-code.CSV:1:82: warning: 2 CAMEO event codes are not in annals's table (12é, the first here): shown by code"
        ]
    );
    assert_eq!(corpus.events().len(), 2);
    assert_eq!(attribute(event(&corpus, "881990833"), "EventCode"), Some("12é"));
}

#[rstest]
#[case(
    "bad/duplicate-mention.xml",
    "tests/fixtures/formats/bad/duplicate-mention.xml:35:1: error: duplicate event id 'm10' in article 'a1_Airbus_unveils_giant_plane' (first defined at tests/fixtures/formats/bad/duplicate-mention.xml:32:1); this event is skipped",
    3
)]
#[case(
    "bad/empty-mention-id.xml",
    "tests/fixtures/formats/bad/empty-mention-id.xml:59:1: warning: 2 HAS_PARTICIPANTs are not from an event mention to an entity mention: not mapped (102, 103; the first here)",
    4
)]
fn meantime_mentions_with_a_duplicate_or_empty_id_load(
    #[case] fixture: &str,
    #[case] expected: &str,
    #[case] events: usize,
) {
    let Loaded { corpus, report } = load(&[fixture, "cat/airbus-b.xml"]);
    assert_eq!(corpus.articles().len(), 2);
    assert_eq!(corpus.events().len(), events);
    let m = messages(&report);
    assert!(m.iter().any(|m| m == expected), "{m:#?}");
}

#[rstest]
#[case(
    "deep.tml",
    "<TimeML><TEXT>",
    "<s>",
    "</s>",
    "</TEXT></TimeML>",
    "deep.tml:1:777: error: invalid XML: nesting deeper than 256 levels"
)]
#[case(
    "deep.xml",
    "<Document>",
    "<x>",
    "</x>",
    "</Document>",
    "deep.xml:1:776: error: invalid XML: nesting deeper than 256 levels"
)]
#[case("deep.json", "", "[", "]", "", "deep.json:1:130: error: invalid JSON: nesting deeper than 128 levels")]
#[case(
    "deep.jsonl",
    "{\"id\":",
    "[",
    "]",
    "}",
    "deep.jsonl:1:135: error: invalid JSON: nesting deeper than 128 levels"
)]
fn nesting_100000_levels_deep_is_a_located_error(
    #[case] name: &str,
    #[case] head: &str,
    #[case] open: &str,
    #[case] close: &str,
    #[case] tail: &str,
    #[case] expected: &str,
) {
    let n = 100_000;
    let text = format!("{head}{}x{}{tail}\n", open.repeat(n), close.repeat(n)).replace("[x]", "[1]");
    let (dir, Loaded { corpus, report }) = load_generated(name, &text);
    let prefix = format!("{}/", dir.path().display());
    let m: Vec<String> = messages(&report).iter().map(|m| m.replace(&prefix, "")).collect();
    assert_eq!(m, [expected]);
    assert_eq!(corpus.events().len(), 0);
}

#[test]
fn gdelt_header_rows_are_skipped() {
    let Loaded { corpus, report } = load(&["bad/header-row.CSV"]);
    assert_eq!(
        messages(&report),
        [
            "tests/fixtures/formats/bad/header-row.CSV:3:78: warning: 1 CAMEO event code is not in annals's table (9999, the first here): shown by code"
        ]
    );
    assert_eq!(corpus.events().len(), 2);
}

#[test]
fn a_bad_first_gdelt_row_is_skipped_like_any_other() {
    let Loaded { corpus, report } = load(&["bad/bad-first-row.CSV"]);
    assert_eq!(
        messages(&report),
        [
            "tests/fixtures/formats/bad/bad-first-row.CSV:1:1: error: row 1 has 2 tab-separated columns; GDELT 1.0 rows have 57 or 58, GDELT 2.0 rows 61 (row skipped)",
            "tests/fixtures/formats/bad/bad-first-row.CSV:3:78: warning: 1 CAMEO event code is not in annals's table (9999, the first here): shown by code"
        ]
    );
    assert_eq!(corpus.events().len(), 2);
}

#[test]
fn a_table_whose_first_row_has_gdelts_width_but_not_its_fields_says_so() {
    let row = ["id", "day"].into_iter().chain(std::iter::repeat_n("x", 59)).collect::<Vec<_>>().join("\t");
    let (dir, Loaded { report, .. }) = load_generated("table.csv", &format!("{row}\n"));
    let expected = format!(
        "{}/table.csv:1:1: error: not a GDELT event table: its first row has 61 tab-separated columns, as GDELT 2.0 has, but does not start with a GLOBALEVENTID and an 8-digit SQLDATE ('id', 'day'); this file is skipped",
        dir.path().display()
    );
    assert_eq!(messages(&report), [expected]);
}

#[test]
fn twenty_thousand_empty_subdirectories_are_walked_past() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        std::fs::create_dir(dir.path().join(format!("d{i:05}"))).unwrap();
    }
    std::fs::copy("tests/fixtures/chain/washington.json", dir.path().join("d12345/w.json")).unwrap();
    let Loaded { corpus, report } = ingest::load(&[Input::Path(dir.path().into())], &LoadOptions::default());
    assert_eq!(messages(&report), Vec::<String>::new());
    assert_eq!(corpus.files().len(), 1);
    assert!(!corpus.events().is_empty());
}

#[test]
fn a_brat_text_that_is_a_directory_or_a_fifo_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let ann = std::fs::read_to_string(format!("{DIR}/brat/sanctions.ann")).unwrap();
    std::fs::write(dir.path().join("a.ann"), &ann).unwrap();
    std::fs::create_dir(dir.path().join("a.txt")).unwrap();
    std::fs::write(dir.path().join("b.ann"), &ann).unwrap();
    let made = std::process::Command::new("mkfifo").arg(dir.path().join("b.txt")).status().unwrap();
    assert!(made.success());
    std::fs::write(dir.path().join("c.ann"), &ann).unwrap();
    let d = dir.path().display();
    let loaded = ingest::load(&[Input::Path(dir.path().into())], &LoadOptions::default());
    let m = messages(&loaded.report);
    let wanted = [
        format!(
            "{d}/a.ann:1:1: warning: brat annotations need the text they annotate: {d}/a.txt is a directory, not a file; events are kept without their text"
        ),
        format!(
            "{d}/b.ann:1:1: warning: brat annotations need the text they annotate: {d}/b.txt is not a regular file (a FIFO); events are kept without their text"
        ),
        format!(
            "{d}/c.ann:1:1: warning: brat annotations need the text they annotate: {d}/c.txt is missing; events are kept without their text"
        ),
    ];
    for w in &wanted {
        assert!(m.contains(w), "{w}\nnot in {m:#?}");
    }
}

#[test]
fn a_brat_span_whose_start_is_after_its_end_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.txt"), "Rebels attacked the town.\n").unwrap();
    std::fs::write(dir.path().join("s.ann"), "T1\tAttack 15 7\tattacked\nT2\tAttack 7 15;20 16\tattacked\n").unwrap();
    let loaded = ingest::load(&[Input::Path(dir.path().join("s.ann"))], &LoadOptions::default());
    let d = dir.path().display();
    let m = messages(&loaded.report);
    assert!(
        m.contains(&format!("{d}/s.ann:1:1: error: T1: span start 15 is after its end 7 (annotation skipped)")),
        "{m:#?}"
    );
    assert!(
        m.contains(&format!("{d}/s.ann:2:1: error: T2: span start 20 is after its end 16 (annotation skipped)")),
        "{m:#?}"
    );
}

/// The sentence of event `i` in the generated long articles below.
fn long_article_sentence(i: usize) -> String {
    format!("Officials number {i} told reporters that they said more about the matter. ")
}

#[test]
fn eight_thousand_timeml_events_of_one_article_each_get_their_sentence() {
    let n = 8_000;
    let body: String = (0..n)
        .map(|i| {
            long_article_sentence(i)
                .replace(" said ", &format!(" <EVENT eid=\"e{i}\" class=\"OCCURRENCE\">said</EVENT> "))
        })
        .collect();
    let text = format!(
        "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2013-03-22\" functionInDocument=\"CREATION_TIME\">March 22, 2013</TIMEX3></DCT>\n<TEXT>\nÉté. {body}\n</TEXT></TimeML>\n"
    );
    let (_dir, Loaded { corpus, .. }) = load_generated("long.tml", &text);
    assert_eq!(corpus.events().len(), n);
    assert_eq!(
        event(&corpus, "e7999").summary.raw(),
        "Officials number 7999 told reporters that they [said] more about the matter."
    );
    assert_eq!(
        event(&corpus, "e0").summary.raw(),
        "Officials number 0 told reporters that they [said] more about the matter."
    );
}

#[test]
fn eight_thousand_brat_events_of_one_article_each_get_their_sentence() {
    let n = 8_000;
    let dir = tempfile::tempdir().unwrap();
    let (mut text, mut ann) = ("Été. ".to_string(), String::new());
    for i in 0..n {
        let sentence = long_article_sentence(i);
        let at = text.chars().count() + sentence.find("said").unwrap();
        ann.push_str(&format!("T{i}\tStatement {at} {}\tsaid\nE{i}\tStatement:T{i}\n", at + 4));
        text.push_str(&sentence);
    }
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    std::fs::write(dir.path().join("long.ann"), &ann).unwrap();
    let Loaded { corpus, report } = ingest::load(&[Input::Path(dir.path().join("long.ann"))], &LoadOptions::default());
    assert_eq!(messages(&report), Vec::<String>::new());
    assert_eq!(corpus.events().len(), n);
    assert_eq!(
        event(&corpus, "E4321").summary.raw(),
        "Officials number 4321 told reporters that they [said] more about the matter."
    );
}

#[test]
fn forty_thousand_gdelt_rows_citing_one_url_make_one_article_with_every_actor() {
    let row = std::fs::read_to_string(format!("{DIR}/gdelt/v2-export.CSV")).unwrap();
    let mut fields: Vec<String> = row.lines().next().unwrap().split('\t').map(str::to_string).collect();
    let mut table = String::new();
    for i in 0..40_000 {
        fields[0] = (100_000_000 + i).to_string();
        fields[6] = format!("ACTOR {i}");
        table.push_str(&fields.join("\t"));
        table.push('\n');
    }
    let (_dir, Loaded { corpus, report }) = load_generated("one-url.CSV", &table);
    assert_eq!(messages(&report), Vec::<String>::new());
    assert_eq!(corpus.articles().len(), 1);
    assert_eq!(corpus.events().len(), 40_000);
    assert_eq!(corpus.actors().len(), 40_000);
}

#[test]
fn a_second_byte_order_mark_in_an_xml_file_is_named_for_what_it_is() {
    let Loaded { corpus, report } = load(&["bad/two-boms.tml"]);
    assert_eq!(
        messages(&report),
        [
            "tests/fixtures/formats/bad/two-boms.tml:1:1: error: the file starts with two UTF-8 byte order marks (EF BB BF EF BB BF): save it with one at most"
        ]
    );
    assert_eq!(corpus.events().len(), 0);
}

#[test]
fn an_object_of_many_unknown_and_repeated_fields_warns_for_each_once() {
    let n = 20_000;
    let unknown: String = (0..n).map(|i| format!("\"x{i}\": 0, ")).collect();
    let repeated: String = (0..n).map(|_| "\"title\": \"T\", ").collect();
    let text = format!("{{{unknown}{repeated}\"id\": \"a\", \"events\": []}}\n");
    let (_dir, Loaded { corpus, report }) = load_generated("fields.json", &text);
    let m = messages(&report);
    assert_eq!(m.iter().filter(|m| m.contains("warning: (top level): unknown field 'x")).count(), n);
    assert_eq!(
        m.iter().filter(|m| m.contains("warning: (top level): field 'title' appears twice; the first is used")).count(),
        n - 1
    );
    assert_eq!(corpus.articles().len(), 1);
}

#[test]
fn a_meantime_document_of_thousands_of_entities_and_times_maps_each() {
    let n = 3_000;
    let mut doc = String::from("<Document doc_id=\"big\" doc_name=\"big\">\n");
    for i in 0..n {
        let t = 3 * i;
        doc.push_str(&format!(
            "<token t_id=\"{}\" sentence=\"{i}\">Person{i}</token><token t_id=\"{}\" sentence=\"{i}\">left</token><token t_id=\"{}\" sentence=\"{i}\">today</token>\n",
            t + 1,
            t + 2,
            t + 3
        ));
    }
    doc.push_str("<Markables>\n");
    for i in 0..n {
        let t = 3 * i;
        doc.push_str(&format!(
            "<ENTITY_MENTION m_id=\"a{i}\" syntactic_type=\"NAM\"><token_anchor t_id=\"{}\"/></ENTITY_MENTION>\n<EVENT_MENTION m_id=\"e{i}\" pred=\"leave\"><token_anchor t_id=\"{}\"/></EVENT_MENTION>\n<TIMEX3 m_id=\"t{i}\" type=\"DATE\" value=\"2005-01-18\"><token_anchor t_id=\"{}\"/></TIMEX3>\n",
            t + 1,
            t + 2,
            t + 3
        ));
    }
    doc.push_str("</Markables>\n<Relations>\n");
    for i in 0..n {
        doc.push_str(&format!(
            "<HAS_PARTICIPANT r_id=\"h{i}\" sem_role=\"Arg0\"><source m_id=\"e{i}\"/><target m_id=\"a{i}\"/></HAS_PARTICIPANT>\n"
        ));
    }
    doc.push_str("</Relations>\n</Document>\n");
    let (_dir, Loaded { corpus, .. }) = load_generated("big.xml", &doc);
    assert_eq!(corpus.events().len(), n);
    assert_eq!(corpus.actors().len(), n);
    let last = event(&corpus, "me2999");
    assert_eq!(last.summary.raw(), "Person2999 [left] today");
    assert_eq!(participants(&corpus, last), [("big-person2999".to_string(), Role::Agent)]);
}

#[test]
fn thousands_of_brat_events_with_actors_attributes_and_relations_map_each() {
    let n = 3_000;
    let (mut text, mut ann) = (String::new(), String::new());
    for i in 0..n {
        let at = text.len();
        let person = format!("Person{i}");
        let w = person.len();
        ann.push_str(&format!("T{}\tPerson {at} {}\t{person}\n", 2 * i + 1, at + w));
        ann.push_str(&format!("T{}\tAttack {} {}\tattacked\n", 2 * i + 2, at + w + 1, at + w + 9));
        ann.push_str(&format!(
            "E{}\tAttack:T{} Attacker:T{}\nA{}\tNegation E{}\n",
            i + 1,
            2 * i + 2,
            2 * i + 1,
            i + 1,
            i + 1
        ));
        if i > 0 {
            ann.push_str(&format!("R{i}\tCause Arg1:E{i} Arg2:E{}\n", i + 1));
        }
        text.push_str(&format!("{person} attacked Town{i}. "));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.txt"), &text).unwrap();
    std::fs::write(dir.path().join("many.ann"), &ann).unwrap();
    let Loaded { corpus, report } = ingest::load(&[Input::Path(dir.path().join("many.ann"))], &LoadOptions::default());
    assert_eq!(messages(&report), Vec::<String>::new());
    assert_eq!((corpus.events().len(), corpus.actors().len()), (n, n));
    let e = event(&corpus, "E1500");
    assert_eq!(e.status, Status::Denied);
    assert_eq!(e.summary.raw(), "Person1499 [attacked] Town1499.");
    assert_eq!(participants(&corpus, e), [("person1499".to_string(), Role::Agent)]);
    assert_eq!(e.relations.len(), 1);
    assert_eq!(e.relations[0].kind, RelationKind::Causes);
}

// ---- exports met again ----

#[test]
fn an_export_article_met_again_keeps_each_files_quotes_as_they_read() {
    let dir = tempfile::tempdir().unwrap();
    let export = |name: &str, event: &str, quote: &str, text: Option<&str>| {
        let (bounds, texts) = match text {
            Some(text) => {
                (format!(r#","start":0,"end":{}"#, quote.chars().count()), format!(r#","texts":{{"x":{text:?}}}"#))
            }
            None => (String::new(), String::new()),
        };
        let json = format!(
            r#"{{"annals_export":1,"actors":[],"events":[{{"article":{{"id":"x","title":"X"}},"id":"{event}",
                "date":"2016-12-30","summary":"{event}","evidence":[{{"quote":{quote:?}{bounds}}}]}}]{texts}}}"#
        );
        let path = dir.path().join(name);
        std::fs::write(&path, json).unwrap();
        Input::Path(path)
    };
    let a = export("a.json", "e1", "nothing", None);
    let b = export("b.json", "e2", "Lavrov proposed", Some("Lavrov proposed expelling diplomats."));
    let c = export("c.json", "e3", "Moscow", Some("Moscow said no."));
    let found = |inputs: &[Input], words: &str| -> Vec<String> {
        let corpus = ingest::load(inputs, &LoadOptions::default()).corpus;
        let ids = Filter::parse_words(words).unwrap().compile(&corpus).unwrap().apply(&corpus);
        ids.iter().map(|&e| corpus.event(e).id.to_string()).collect()
    };
    // The first file's article has no text: the second's quote is still read.
    assert_eq!(found(&[a.clone(), b.clone()], "lavrov"), ["e2"]);
    assert_eq!(found(&[a, b.clone()], "Lavrov"), ["e2"]);
    // The first file's text is kept: the second's quote is not read out of it.
    assert_eq!(found(&[b.clone(), c.clone()], "moscow"), ["e3"]);
    assert_eq!(found(&[b.clone(), c.clone()], "lavrov"), ["e2"]);
    let corpus = ingest::load(&[b, c], &LoadOptions::default()).corpus;
    let e3 = event(&corpus, "e3");
    assert_eq!(e3.evidence[0].raw(corpus.article_of(e3)), "Moscow");
}
