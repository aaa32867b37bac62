//! A document date given from outside the file, for formats that carry none (brat) and
//! articles written without `published`: `FILE.published` beside the file (one line, an
//! ISO date), else `--published DATE`. Articles that have a date of their own keep it;
//! the others have their relative dates ("on Friday") read against this one.

use crate::diagnostic::Diagnostic;
use crate::model::{Open, When};
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sidecar's extension, added to the whole name of the file it dates.
pub const SIDECAR_EXTENSION: &str = "published";

/// A sidecar is one short line: anything longer is not one, and is not read whole.
const SIDECAR_MAX_BYTES: u64 = 4096;

/// A document date as `--published` and a sidecar take it: one date (`2016-12-30`,
/// `2016-12-30T18:00+03:00`), not a period between two nor an open one.
pub fn parse_document_date(text: &str) -> Result<When, String> {
    let when = When::parse(text).map_err(|e| e.to_string())?;
    if when.interval || when.open != Open::Closed {
        return Err(format!(
            "'{}' is a period, not one date: a document date is a day or a time, such as 2016-12-30",
            text.trim()
        ));
    }
    Ok(when)
}

/// `FILE.published`, the sidecar of `file`.
pub fn sidecar_of(file: &Path) -> PathBuf {
    let mut name = OsString::from(file.as_os_str());
    name.push(".");
    name.push(SIDECAR_EXTENSION);
    PathBuf::from(name)
}

/// The document date of the file at `paths[0]` (its other names after it: a brat `.ann`'s
/// `.txt`): the first sidecar found, else `fallback` (`--published`). A sidecar that
/// cannot be read or holds no date is a located error, and `fallback` is used.
pub fn document_date(paths: &[&Path], fallback: Option<When>, diagnostics: &mut Vec<Diagnostic>) -> Option<When> {
    for path in paths {
        let sidecar = sidecar_of(path);
        if std::fs::symlink_metadata(&sidecar).is_err() {
            continue;
        }
        let name = sidecar.display().to_string();
        return match read_sidecar(&sidecar).and_then(|text| date_in(&text)) {
            Ok(when) => Some(when),
            Err((line, column, why)) => {
                let instead = match fallback {
                    Some(date) => format!("--published {date} is used instead"),
                    None => "its file's articles are dated only by themselves".to_string(),
                };
                diagnostics.push(Diagnostic::error(&name, line, column, format!("{why}; {instead}")));
                fallback
            }
        };
    }
    fallback
}

type Located = (u32, u32, String);

fn read_sidecar(path: &Path) -> Result<String, Located> {
    let metadata = std::fs::metadata(path).map_err(|e| (1, 1, format!("cannot read: {e}")))?;
    if !metadata.is_file() {
        return Err((1, 1, "not a regular file: a sidecar is a file of one line holding a date".to_string()));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| (1, 1, format!("cannot read: {e}")))?;
    file.take(SIDECAR_MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| (1, 1, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > SIDECAR_MAX_BYTES {
        return Err((1, 1, format!("over {SIDECAR_MAX_BYTES} bytes: a sidecar is one line holding a date")));
    }
    String::from_utf8(bytes).map_err(|_| (1, 1, "not UTF-8 text: a sidecar is one line holding a date".to_string()))
}

/// The date on the first line, located where it is wrong; blank lines around it are
/// allowed, a second line of text is not.
fn date_in(text: &str) -> Result<When, Located> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((number, line)) = lines.next() else {
        return Err((1, 1, "empty: expected one line holding a date, such as 2016-12-30".to_string()));
    };
    let column = |l: &str| (l.chars().take_while(|c| c.is_whitespace()).count() + 1) as u32;
    if let Some((second, extra)) = lines.next() {
        return Err((
            second as u32 + 1,
            column(extra),
            "expected one line holding a date; this is a second".to_string(),
        ));
    }
    let value = line.trim().trim_start_matches('\u{feff}');
    parse_document_date(value).map_err(|why| (number as u32 + 1, column(line), why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_date_is_one_date() {
        assert_eq!(parse_document_date("2016-12-30").unwrap().iso(), "2016-12-30");
        assert_eq!(parse_document_date(" 2016-12-30T18:00+03:00\n").unwrap().iso(), "2016-12-30T18:00+03:00");
        assert!(parse_document_date("2016-12-30/2016-12-31").unwrap_err().contains("is a period, not one date"));
        assert!(parse_document_date("before 2016-12-30").is_err());
        assert_eq!(
            parse_document_date("30/12/2016").unwrap_err(),
            "malformed date '30/12/2016': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END"
        );
    }

    #[test]
    fn a_sidecar_s_date_is_located_where_it_is_wrong() {
        assert_eq!(date_in("2016-12-30\n").unwrap().iso(), "2016-12-30");
        assert_eq!(date_in("\n  2016-12-30  \n\n").unwrap().iso(), "2016-12-30");
        assert_eq!(date_in("").unwrap_err().0, 1);
        let (line, column, why) = date_in("\n  2016-02-30\n").unwrap_err();
        assert_eq!((line, column), (2, 3));
        assert_eq!(why, "impossible date '2016-02-30': February 2016 has 29 days");
        assert_eq!(date_in("2016-12-30\n2016-12-31\n").unwrap_err().0, 2);
    }

    #[test]
    fn the_sidecar_is_the_whole_name_and_a_suffix() {
        assert_eq!(sidecar_of(Path::new("a/doc.ann")), Path::new("a/doc.ann.published"));
    }

    #[test]
    fn a_sidecar_wins_over_the_fallback_and_a_bad_one_gives_way_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let (ann, txt) = (dir.path().join("doc.ann"), dir.path().join("doc.txt"));
        let fallback = When::parse("2020-01-01").ok();
        let mut diagnostics = Vec::new();
        assert_eq!(document_date(&[&ann, &txt], fallback, &mut diagnostics), fallback);
        std::fs::write(sidecar_of(&txt), "2016-12-30\n").unwrap();
        let found = document_date(&[&ann, &txt], fallback, &mut diagnostics);
        assert_eq!(found.map(|w| w.iso()).as_deref(), Some("2016-12-30"));
        std::fs::write(sidecar_of(&ann), "soon\n").unwrap();
        assert_eq!(document_date(&[&ann, &txt], fallback, &mut diagnostics), fallback, "the .ann's is the first");
        assert_eq!(diagnostics.len(), 1);
        let shown = diagnostics[0].to_string();
        assert!(shown.ends_with("doc.ann.published:1:1: error: malformed date 'soon': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END; --published 2020-01-01 is used instead"), "{shown}");
    }
}
