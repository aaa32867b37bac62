//! GDELT event tables: 1.0 (57 or 58 columns) and 2.0 (61 columns), tab-separated
//! whatever the extension says; a header row (saved by spreadsheets, BigQuery) is skipped.
//!
//! One row is one event: SQLDATE its day, Actor1 its agent and Actor2 its target (name and
//! CAMEO actor code), the CAMEO event code its action, summarised by code and readable label
//! ([`cameo`]; codes keep their leading zeros), the columns users filter on (codes, Goldstein
//! scale, tone, mentions, countries...) its attributes, each the column's bare value
//! ([`attributes`]). Rows citing one SOURCEURL make one article, published at DATEADDED; rows
//! without a URL (pre-2013 backfiles) make one article per DATEADDED.

use super::located::Located;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::Source;
use crate::ingest::raw::{RawActor, RawArticle, RawEvent, RawParticipant};
use crate::model::{Loc, Precision, Role, When};
use actors::{actor, actor_id};
use attributes::attributes;
pub(crate) use cameo::cameo_codes;
use cameo::{cameo_label, cameo_labels, quad_class, root_lemma};
use std::collections::{HashMap, HashSet};
use urls::{site, url_id, url_title};

/// An actor as GDELT rows name it, from its code, name, country, known group and first
/// type (Actor1's or Actor2's columns), with the id and the kind a row's event gives it;
/// None without a code or a name. For a table's list of its actors.
pub fn listed_actor(code: &str, name: &str, country: &str, group: &str, type1: &str) -> Option<RawActor> {
    let fields = [code, name, country, group, "", "", "", type1, "", ""];
    let id = actor_id(&fields)?;
    Some(actor(&fields, id, Loc::default()))
}

/// What a GDELT 2.0 row's event is made of, column by column (0-based), for a server asked
/// for the rows whose events pass a filter: see [`Made`].
pub fn made() -> Made {
    let layout = Layout::of(61).expect("GDELT 2.0's layout");
    Made {
        attributes: attributes::columns(&layout).collect(),
        version: layout.version,
        actions: (1..=20).map(|n| format!("{n:02}")).filter_map(|c| Some((root_lemma(&c)?, c))).collect(),
        tags: ["1", "2", "3", "4"].into_iter().filter_map(|c| Some((quad_class(c)?.to_lowercase(), c))).collect(),
        status: crate::model::Status::Actual,
        labels: cameo_labels(),
        unlabelled: headline("", None),
    }
}

/// How a GDELT 2.0 row becomes an event, for [`made`]: each value is the column's, trimmed.
#[derive(Debug, Clone)]
pub struct Made {
    /// The columns kept as attributes (the column, the attribute), each when not empty;
    /// and the attribute `GDELT`, the version, on every event.
    pub attributes: Vec<(usize, &'static str)>,
    pub version: &'static str,
    /// The action of each `EventRootCode` (28) that has one, as the column writes it.
    pub actions: Vec<(&'static str, String)>,
    /// The tag of each `QuadClass` (29).
    pub tags: Vec<(String, &'static str)>,
    /// Every event's status.
    pub status: crate::model::Status,
    /// The labels of `EventCode` (26) that begin a summary after the code: a code of two or
    /// three digits with its label; a code of four is labelled by its first three.
    pub labels: &'static [(&'static str, &'static str)],
    /// The summary's head when `EventCode` is empty.
    pub unlabelled: String,
}

mod actors;
mod attributes;
mod cameo;
mod urls;

/// Column numbers (0-based) of one GDELT version.
struct Layout {
    version: &'static str,
    geo_width: usize,
    has_url: bool,
}

/// The most columns a layout has.
const MAX_COLUMNS: usize = 61;

impl Layout {
    fn of(columns: usize) -> Option<Layout> {
        match columns {
            57 => Some(Layout { version: "1.0", geo_width: 7, has_url: false }),
            58 => Some(Layout { version: "1.0", geo_width: 7, has_url: true }),
            61 => Some(Layout { version: "2.0", geo_width: 8, has_url: true }),
            _ => None,
        }
    }

    fn action_geo(&self) -> usize {
        35 + 2 * self.geo_width
    }

    fn date_added(&self) -> usize {
        35 + 3 * self.geo_width
    }

    /// The columns of FullName, CountryCode, Lat and Long within a geo block.
    fn geo_fields(&self, block: usize) -> [usize; 4] {
        let lat = if self.geo_width == 8 { 5 } else { 4 };
        [block + 1, block + 2, block + lat, block + lat + 1]
    }
}

/// Rows looked at to tell a GDELT event table: a header row and bad rows at the top are
/// read past, as the importer reads past them.
const SNIFFED_ROWS: usize = 16;

/// Whether a row is a header row (GDELT's own files have none; tables saved by
/// spreadsheets and BigQuery do): its first field is the name of the first column.
fn is_header(row: &str) -> bool {
    row.split('\t').next().is_some_and(|f| f.trim().trim_matches('"').eq_ignore_ascii_case("GLOBALEVENTID"))
}

/// The first fields of a GDELT row: a numeric GLOBALEVENTID and an 8-digit SQLDATE.
fn starts_like_a_row(fields: &[&str]) -> bool {
    let digits = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    fields.len() >= 2 && digits(fields[0]) && digits(fields[1]) && fields[1].len() == 8
}

/// The number of columns of the first GDELT row among the first rows (a header row and
/// bad rows before it are read past), if the text looks like a GDELT event table.
pub fn columns_of(text: &str) -> Option<usize> {
    text.lines().filter(|l| !l.trim().is_empty() && !is_header(l)).take(SNIFFED_ROWS).find_map(|row| {
        let fields: Vec<&str> = row.split('\t').collect();
        Layout::of(fields.len())?;
        starts_like_a_row(&fields).then_some(fields.len())
    })
}

/// Why a `.csv` or `.tsv` file is not read as GDELT.
pub fn not_gdelt_reason(text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty() && !is_header(l)).unwrap_or("");
    if first.starts_with("#ID\tTYPE\tCLASS\tINSTANCE_NAME") {
        return "a MEANTIME instance list, not an annotated document: annals reads the entities and events of \
                each MEANTIME document from the document itself"
            .to_string();
    }
    let fields: Vec<&str> = first.split('\t').collect();
    let columns = fields.len();
    if let Some(layout) = Layout::of(columns) {
        return format!(
            "not a GDELT event table: its first row has {columns} tab-separated columns, as GDELT {} has, but \
             does not start with a GLOBALEVENTID and an 8-digit SQLDATE ('{}', '{}')",
            layout.version, fields[0], fields[1]
        );
    }
    format!(
        "not a GDELT event table: its first row has {columns} tab-separated column{}, where GDELT 1.0 has 57 or \
         58 and GDELT 2.0 has 61, starting with GLOBALEVENTID and SQLDATE",
        if columns == 1 { "" } else { "s" }
    )
}

pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    parse_rows(file, &source.name, &source.text, &lines, diagnostics)
}

/// The articles of `text`, whole rows of a GDELT table (a file, or a block of one streamed:
/// `lines` says where `text` starts in its file). Rows citing one URL make one article;
/// the builder merges the articles of one URL that blocks read apart.
pub fn parse_rows(
    file: u32,
    name: &str,
    text: &str,
    lines: &LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawArticle> {
    let mut reader = Reader { out: Located::new(file, name, lines, diagnostics), unknown_codes: Vec::new() };
    let mut articles: Vec<RawArticle> = Vec::new();
    // foldhash: a URL of a hundred bytes hashed per row was a tenth of the parse with SipHash.
    let mut by_key: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
    // The actors an article has declared, as a set once it has many (40,000 rows citing one
    // URL made searching its list quadratic); a short list is searched.
    let mut actor_sets: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let row = line.trim_end_matches(['\n', '\r']);
        if row.trim().is_empty() || is_header(row) {
            continue;
        }
        let Some(parsed) = reader.row(row, start) else { continue };
        // The article of the row's URL (or day added): made once, by its first row; the
        // rows after it add their event and the actors it has not declared yet.
        let key: std::borrow::Cow<str> = if parsed.url.is_empty() {
            format!("gdelt-{}", if parsed.added.is_empty() { "undated" } else { parsed.added }).into()
        } else {
            parsed.url.into()
        };
        let i = match by_key.get(key.as_ref()) {
            Some(&i) => i,
            None => {
                by_key.insert(key.into_owned(), articles.len());
                // Most articles have one row: room for one event and two actors, grown as
                // rows come (a million articles with room for four would hold 0.4 GB more).
                let article = reader.article(parsed.url, parsed.added, parsed.published, parsed.at, parsed.version);
                articles.push(RawArticle { events: Vec::with_capacity(1), actors: Vec::with_capacity(2), ..article });
                articles.len() - 1
            }
        };
        let article = &mut articles[i];
        for (id, fields) in parsed.actors.into_iter().flatten() {
            // An actor is made only when its article has not declared it.
            let declared = match actor_sets.get_mut(&i) {
                Some(set) => !set.insert(id.clone()),
                None => article.actors.iter().any(|a| a.id == id),
            };
            if !declared {
                article.actors.push(actor(&fields, id, parsed.at));
                if article.actors.len() == SEARCHED_ACTORS {
                    actor_sets.insert(i, article.actors.iter().map(|a| a.id.clone()).collect());
                }
            }
        }
        article.events.push(parsed.event);
    }
    if let Some(&(pos, ref code)) = reader.unknown_codes.first() {
        reader.out.warning(pos, unknown_codes(reader.unknown_codes.len(), code));
    }
    articles
}

/// Actors an article declares before they are kept in a set.
const SEARCHED_ACTORS: usize = 16;

/// The warning that `n` rows have CAMEO codes annals's table lacks, `code` the first.
fn unknown_codes(n: usize, code: &str) -> String {
    let what = if n == 1 { "event code is" } else { "event codes are" };
    format!("{n} CAMEO {what} not in annals's table ({code}, the first here): shown by code")
}

/// A table streamed in blocks warns of unknown codes once a block: the warnings of `file`
/// from `from` on become one, at the first, counting them all (as a table read whole says).
pub fn merge_unknown_code_warnings(diagnostics: &mut Vec<Diagnostic>, from: usize, file: &str) {
    let count = |d: &Diagnostic| -> Option<(usize, String)> {
        if d.file != file {
            return None;
        }
        let (n, rest) = d.message.split_once(" CAMEO event code")?;
        let code = rest.split_once("table (")?.1.split_once(", the first here)")?.0;
        Some((n.parse().ok()?, code.to_string()))
    };
    let found: Vec<(usize, (usize, String))> =
        diagnostics[from..].iter().enumerate().filter_map(|(i, d)| Some((from + i, count(d)?))).collect();
    let Some(&(first, (_, ref code))) = found.first() else { return };
    if found.len() < 2 {
        return;
    }
    let total = found.iter().map(|(_, (n, _))| n).sum();
    diagnostics[first].message = unknown_codes(total, code);
    let others: std::collections::HashSet<usize> = found[1..].iter().map(|(i, _)| *i).collect();
    let mut i = 0;
    diagnostics.retain(|_| {
        i += 1;
        !others.contains(&(i - 1))
    });
}

struct Reader<'a, 'd> {
    out: Located<'a, 'd>,
    unknown_codes: Vec<(usize, String)>,
}

/// A row read: its event, its actors (id and fields) and what its article is made from.
struct Row<'r> {
    event: RawEvent,
    actors: [Option<(String, [&'r str; 10])>; 2],
    url: &'r str,
    added: &'r str,
    published: Option<When>,
    at: Loc,
    version: &'static str,
}

impl Reader<'_, '_> {
    /// One row: its event, its actors and what its article is made from.
    fn row<'r>(&mut self, row: &'r str, start: usize) -> Option<Row<'r>> {
        // The fields on the stack, cut at tabs found by memchr: no allocation per row.
        let mut cut = [""; MAX_COLUMNS];
        let mut columns = 0;
        let mut from = 0;
        for tab in memchr::memchr_iter(b'\t', row.as_bytes()).chain([row.len()]) {
            if columns < MAX_COLUMNS {
                cut[columns] = &row[from..tab];
            }
            columns += 1;
            from = tab + 1;
        }
        let Some(layout) = Layout::of(columns) else {
            let line = self.out.loc(start).line;
            self.out.error(
                start,
                format!(
                    "row {line} has {columns} tab-separated columns; GDELT 1.0 rows have 57 or 58, GDELT 2.0 rows 61 (row skipped)"
                ),
            );
            return None;
        };
        let fields = &cut[..columns];
        // Where field i starts in the file.
        let position = |i: usize| start + (fields[i].as_ptr() as usize - row.as_ptr() as usize);
        let id = fields[0].trim();
        if id.is_empty() {
            self.out.error(start, "GLOBALEVENTID is empty (row skipped)".to_string());
            return None;
        }
        let Some(date) = compact_date(fields[1]) else {
            self.out
                .error(position(1), format!("SQLDATE '{}' is not a date written YYYYMMDD (row skipped)", fields[1]));
            return None;
        };
        let added_field = fields[layout.date_added()];
        let published = compact_date(added_field);
        if published.is_none() && !added_field.is_empty() {
            self.out.warning(
                position(layout.date_added()),
                format!("DATEADDED '{added_field}' is not a date written YYYYMMDD or YYYYMMDDHHMMSS; the article has no publication date"),
            );
        }
        let url = if layout.has_url { fields[fields.len() - 1].trim() } else { "" };
        let at = self.out.loc(start);
        let actor1 = actor_id(&fields[5..15]);
        let actor2 = actor_id(&fields[15..25]);
        let code = fields[26].trim();
        let label = cameo_label(code);
        if label.is_none() && !code.is_empty() {
            self.unknown_codes.push((position(26), code.to_string()));
        }
        let root = fields[28].trim();
        let mut participants = Vec::new();
        for (a, role) in [(&actor1, Role::Agent), (&actor2, Role::Target)] {
            if let Some(id) = a {
                participants.push(RawParticipant { actor: id.clone(), role, at });
            }
        }
        let name_of = |block: &[&'r str]| -> Option<&'r str> {
            let (code, name) = (block[0].trim(), block[1].trim());
            Some(if name.is_empty() { code } else { name }).filter(|n| !n.is_empty())
        };
        let summary = summary(code, label, name_of(&fields[5..15]), name_of(&fields[15..25]));
        let event = RawEvent {
            date: Some(date),
            date_at: self.out.loc(position(1)),
            action: root_lemma(root).map(str::to_string),
            participants,
            tags: quad_class(fields[29].trim()).map(|q| vec![q.to_lowercase()]).unwrap_or_default(),
            attributes: attributes(fields, &layout),
            ..RawEvent::new(id.to_string(), at, summary)
        };
        let block = |from: usize| -> [&'r str; 10] { std::array::from_fn(|k| fields[from + k]) };
        let actors = [actor1.map(|id| (id, block(5))), actor2.map(|id| (id, block(15)))];
        Some(Row { event, actors, url, added: added_field, published, at, version: layout.version })
    }

    /// The article of the rows citing `url` (or, without one, added at `added`).
    fn article(&self, url: &str, added: &str, published: Option<When>, at: Loc, version: &str) -> RawArticle {
        let base = RawArticle { published, at, merge: true, ..RawArticle::default() };
        if url.is_empty() {
            let day = published.map(|p| p.human()).unwrap_or_else(|| added.to_string());
            let id = format!("gdelt-{}", if added.is_empty() { "undated" } else { added });
            let title = format!("GDELT {version} events added {day} (no source URL)");
            return RawArticle { id, title, source: Some("GDELT".to_string()), ..base };
        }
        RawArticle {
            id: url_id(url),
            title: url_title(url),
            source: Some(site(url).to_string()).filter(|h| !h.is_empty()),
            url: Some(url.to_string()),
            ..base
        }
    }
}

/// The head of an event's summary: the CAMEO code, then its label (`0834 Appeal for
/// economic aid`), so that the list shows the code and text search finds it; the code
/// alone when annals's table lacks it (counted in a warning).
fn headline(code: &str, label: Option<&str>) -> String {
    match label {
        _ if code.is_empty() => "no CAMEO code".to_string(),
        Some(label) => format!("{code} {label}"),
        None => code.to_string(),
    }
}

/// An event's summary: its [`headline`], then its actors (`0834 Appeal for economic aid:
/// RUSSIA → UKRAINE`), written in one allocation (a row's largest after its attributes).
fn summary(code: &str, label: Option<&str>, a: Option<&str>, b: Option<&str>) -> String {
    let head: [&str; 3] = match label {
        _ if code.is_empty() => ["no CAMEO code", "", ""],
        Some(label) => [code, " ", label],
        None => [code, "", ""],
    };
    let tail: [&str; 4] = match (a, b) {
        (Some(a), Some(b)) => [": ", a, " → ", b],
        (Some(a), None) => [": ", a, "", ""],
        (None, Some(b)) => [": → ", b, "", ""],
        (None, None) => ["", "", "", ""],
    };
    let mut written = String::with_capacity(head.iter().chain(&tail).map(|p| p.len()).sum());
    for part in head.iter().chain(&tail) {
        written.push_str(part);
    }
    written
}

/// `20161229` as a day, `20191024143000` as a second (UTC).
fn compact_date(field: &str) -> Option<When> {
    let f = field.trim();
    if !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Two a row: built straight from the digits, not written out and parsed (a twentieth
    // of a GDELT load). Years before 1000 take the written way, which says what it makes
    // of them.
    let n = |from: usize, to: usize| f[from..to].bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    if matches!(f.len(), 8 | 14) && n(0, 4) >= 1000 {
        let day = chrono::NaiveDate::from_ymd_opt(n(0, 4) as i32, n(4, 6), n(6, 8))?;
        return Some(if f.len() == 8 {
            When::period(day.and_time(chrono::NaiveTime::MIN), Precision::Day)
        } else {
            let time = chrono::NaiveTime::from_hms_opt(n(8, 10), n(10, 12), n(12, 14))?;
            When { offset_minutes: Some(0), ..When::period(day.and_time(time), Precision::Second) }
        });
    }
    let iso = match f.len() {
        8 => format!("{}-{}-{}", &f[..4], &f[4..6], &f[6..8]),
        14 => format!("{}-{}-{}T{}:{}:{}Z", &f[..4], &f[4..6], &f[6..8], &f[8..10], &f[10..12], &f[12..14]),
        _ => return None,
    };
    When::parse(&iso).ok()
}

#[cfg(test)]
mod tests;
