//! The GDELT reader's own checks: ids, titles and sites from URLs, compact dates, rows.

use super::*;

#[test]
fn urls_give_ids_titles_and_sources() {
    let url = "http://wtop.com/lifestyle/2016/07/deepest-darkest-secrets-now-display-national-postal-museum/";
    assert_eq!(
        url_id(url),
        "wtop-com-lifestyle-2016-07-deepest-darkest-secrets-now-display-national-postal-m-2e73b541"
    );
    assert_eq!(url_id("https://www.example.com/a/b.html"), "example-com-a-b-html");
    assert_eq!(url_title(url), "Deepest darkest secrets now display national postal museum");
    assert_eq!(site("https://www.timescolonist.com/a/b"), "timescolonist.com");
    assert_eq!(site("BBC Monitoring"), "BBC Monitoring");
    assert_eq!(url_title("https://example.com/news/12345"), "example.com");
    let long = format!("https://example.com/{}", "word-".repeat(40));
    assert_eq!(url_id(&long).len(), 89);
    assert_eq!(
        url_title("https://x.org/jeremy-dutcher-brings-songs-to-life-1.23985964"),
        "Jeremy dutcher brings songs to life"
    );
}

#[test]
fn the_unknown_code_warnings_of_a_streamed_table_become_one() {
    let warning =
        |file: &str, line: u32, n: usize, code: &str| Diagnostic::warning(file, line, 3, unknown_codes(n, code));
    let mut diagnostics = vec![
        warning("a.csv", 1, 2, "9999"),
        warning("b.csv", 5, 1, "0999"),
        Diagnostic::error("b.csv", 7, 1, "something else"),
        warning("b.csv", 900, 3, "8888"),
        warning("b.csv", 1800, 1, "7777"),
    ];
    merge_unknown_code_warnings(&mut diagnostics, 1, "b.csv");
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        [
            "a.csv:1:3: warning: 2 CAMEO event codes are not in annals's table (9999, the first here): shown by code",
            "b.csv:5:3: warning: 5 CAMEO event codes are not in annals's table (0999, the first here): shown by code",
            "b.csv:7:1: error: something else",
        ]
    );
}

#[test]
fn compact_dates_are_days_or_seconds() {
    assert_eq!(compact_date("20161229").unwrap().iso(), "2016-12-29");
    assert_eq!(compact_date("20191024143000").unwrap().iso(), "2019-10-24T14:30:00Z");
    assert_eq!(compact_date("2016122"), None);
    assert_eq!(compact_date("20161332"), None);
}

/// The digits read straight give what their ISO form parses to, valid or not.
#[test]
fn compact_dates_agree_with_their_iso_form() {
    let written = |f: &str| {
        let iso = match f.len() {
            8 => format!("{}-{}-{}", &f[..4], &f[4..6], &f[6..8]),
            _ => format!("{}-{}-{}T{}:{}:{}Z", &f[..4], &f[4..6], &f[6..8], &f[8..10], &f[10..12], &f[12..14]),
        };
        When::parse(&iso).ok()
    };
    let mut checked = 0;
    for year in ["0000", "0999", "1000", "1900", "2000", "2016", "2019", "9999"] {
        for month in ["00", "01", "02", "12", "13"] {
            for day in ["00", "01", "28", "29", "30", "31", "32"] {
                let d = format!("{year}{month}{day}");
                assert_eq!(compact_date(&d), written(&d), "{d}");
                for time in ["000000", "235959", "240000", "236000", "235960", "120000"] {
                    let s = format!("{d}{time}");
                    assert_eq!(compact_date(&s), written(&s), "{s}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 8 * 5 * 7 * 6);
}

#[test]
fn what_a_row_is_made_of_is_what_the_reader_makes_of_it() {
    let made = made();
    // A row whose every column holds its own number: each attribute names its column.
    let mut fields: Vec<String> = (0..61).map(|i| format!("{i}")).collect();
    fields[0] = "7".into();
    fields[1] = "20190304".into();
    fields[28] = "14".into();
    fields[29] = "3".into();
    fields[59] = "20190304101500".into();
    let source = Source {
        name: "row.csv".to_string(),
        text: fields.join("\t"),
        format: crate::ingest::Format::Gdelt,
        found_in_directory: false,
        companion: None,
        published: None,
    };
    let mut diagnostics = Vec::new();
    let event = parse(0, &source, &mut diagnostics).remove(0).events.remove(0);
    let mut expected: Vec<(&str, String)> =
        made.attributes.iter().map(|&(column, name)| (name, fields[column].clone())).collect();
    expected.push(("GDELT", made.version.to_string()));
    let got: Vec<(&str, String)> = event.attributes.iter().map(|(n, v)| (n, v.to_string())).collect();
    assert_eq!(got, expected);
    assert_eq!(event.status, made.status);
    assert_eq!(event.action.as_deref(), made.actions.iter().find(|(_, c)| c == "14").map(|(a, _)| *a));
    assert_eq!(event.tags, [made.tags.iter().find(|(_, c)| *c == "3").unwrap().0.clone()]);
    assert_eq!((made.actions.len(), made.tags.len()), (20, 4));
}
