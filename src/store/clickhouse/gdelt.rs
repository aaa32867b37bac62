//! A GDELT 2.0 events table in the community's own columns (GDELT's codebook names, as
//! BigQuery's `gdeltv2.events` and most ClickHouse loads have them: `GLOBALEVENTID`,
//! `SQLDATE`, ... `SOURCEURL`), read a page at a time in the order `(SQLDATE,
//! GLOBALEVENTID)`: each page's rows asked for as GDELT's own tab-separated export rows
//! and read by annals's GDELT importer, so that a row of the table becomes the event the
//! same row of an export file becomes (docs/PARQUET.md gives the mapping).

mod actors;

pub(super) use actors::{Listed, Spellings};

use crate::store::{Cursor, Page};

/// GDELT 2.0's export columns, in the order of its files (the importer's layout).
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// How a table's GDELT columns are asked for.
#[derive(Debug, Clone)]
pub(super) struct Mapping {
    /// The 61 columns as an export row's fields (strings), in order, for a `SELECT`.
    pub select: String,
    /// Each of them alone.
    pub fields: Vec<String>,
    /// How the importer makes an event of them.
    pub made: crate::ingest::formats::gdelt::Made,
    /// `SQLDATE` and `GLOBALEVENTID` as the table names them, and their types.
    pub date: (String, String),
    pub id: (String, String),
    /// Actor1's and Actor2's code, name, country, known group and first type, as the table
    /// names them (quoted), for the list of its actors.
    pub actors: [[String; 5]; 2],
}

impl Mapping {
    /// The mapping of a table whose columns are `described` (name, type), or None when it
    /// is not a GDELT table (no `GLOBALEVENTID`); Err names a GDELT column it lacks.
    pub fn of(described: &[(&str, &str)]) -> Option<Result<Mapping, String>> {
        let find = |name: &str| described.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).copied();
        find("GLOBALEVENTID")?;
        let mut fields = Vec::with_capacity(COLUMNS.len());
        for column in COLUMNS {
            let Some((name, kind)) = find(column) else {
                return Some(Err(format!(
                    "no column '{column}': a GDELT table needs GDELT 2.0's 61 export columns (docs/PARQUET.md)"
                )));
            };
            fields.push(field(name, kind, column));
        }
        let typed =
            |column: &str| find(column).map(|(n, t)| (n.to_string(), bare(t).to_string())).expect("found above");
        let actor = |role: &str| {
            ["Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code"]
                .map(|c| super::quoted(find(&format!("{role}{c}")).expect("found above").0))
        };
        let actors = [actor("Actor1"), actor("Actor2")];
        Some(Ok(Mapping {
            select: fields.join(", "),
            fields,
            made: crate::ingest::formats::gdelt::made(),
            date: typed("SQLDATE"),
            id: typed("GLOBALEVENTID"),
            actors,
        }))
    }

    /// The day of `seconds` (UTC) as a value of `SQLDATE`'s type: `2018-07-14` for a
    /// `Date`, `20180714` otherwise (a number, or a string that sorts as one).
    pub fn day(&self, seconds: i64) -> String {
        let day = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default().date_naive();
        if self.date.1.starts_with("Date") {
            day.format("%Y-%m-%d").to_string()
        } else {
            day.format("%Y%m%d").to_string()
        }
    }
}

/// The first second of a day as a `SQLDATE` reads (`toString` of it: `2019-03-04` or
/// `20190304`).
pub(super) fn seconds_of_day(day: &str) -> Option<i64> {
    let digits: String = day.chars().filter(char::is_ascii_digit).collect();
    let date = chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// A type without `Nullable(...)` and `LowCardinality(...)` around it.
fn bare(kind: &str) -> &str {
    let mut t = kind.trim();
    for wrapper in ["LowCardinality(", "Nullable("] {
        if let Some(inner) = t.strip_prefix(wrapper).and_then(|i| i.strip_suffix(')')) {
            t = inner;
        }
    }
    t
}

/// Column `name` (of type `kind`) as the field of an export row: dates as GDELT writes
/// them (`SQLDATE` YYYYMMDD, `DATEADDED` YYYYMMDDHHMMSS), nulls empty, tabs and line breaks
/// (which no export row has) as spaces.
fn field(name: &str, kind: &str, column: &str) -> String {
    let q = super::quoted(name);
    let text = match bare(kind) {
        t if t.starts_with("DateTime") => format!("formatDateTime({q}, '%Y%m%d%H%i%S', 'UTC')"),
        t if t.starts_with("Date") && column == "DATEADDED" => format!("formatDateTime({q}, '%Y%m%d000000')"),
        t if t.starts_with("Date") => format!("formatDateTime({q}, '%Y%m%d')"),
        _ => format!("toString({q})"),
    };
    format!("replaceRegexpAll(ifNull({text}, ''), '[\\t\\r\\n]', ' ')")
}

impl super::Table {
    /// Pages of a GDELT table that `narrowing` lets pass, each given to `send` until it says
    /// to stop; false once it has.
    pub(super) fn gdelt_pages(
        &self,
        m: &Mapping,
        narrowing: &crate::store::Narrowing,
        pushed: &super::Pushed,
        send: &mut dyn FnMut(Result<Page, crate::store::StoreError>) -> bool,
    ) -> bool {
        let (date, id) = (super::quoted(&m.date.0), super::quoted(&m.id.0));
        // The first page from the row asked for on, the next ones after the last read.
        let (mut after, mut from_keys) = (None, None);
        if let Some(Cursor::Keys(d, i)) = &narrowing.from_row {
            from_keys = Some((d.clone(), i.clone()));
        }
        let mut rows = narrowing.wanted.map_or(self.page_rows, |w| w.clamp(1, self.page_rows));
        loop {
            let mut sql = format!(
                "SELECT toString({date}), toString({id}), {} FROM {}.{} WHERE 1",
                m.select,
                self.db(),
                super::quoted(&self.table)
            );
            let mut params = pushed.params();
            if pushed.narrows() {
                sql.push_str(&format!(" AND ({})", pushed.sql));
            }
            let (keys, compare) = match (&after, &from_keys) {
                (Some(keys), _) => (Some(keys), ">"),
                (None, Some(keys)) => (Some(keys), ">="),
                (None, None) => (None, ""),
            };
            if let Some((d, i)) = keys {
                sql.push_str(&format!(" AND ({date}, {id}) {compare} ({{d:{}}}, {{i:{}}})", m.date.1, m.id.1));
                params.push(("d", d.clone()));
                params.push(("i", i.clone()));
            }
            if let Some(Cursor::Keys(d, i)) = &narrowing.before_row {
                sql.push_str(&format!(" AND ({date}, {id}) < ({{bd:{}}}, {{bi:{}}})", m.date.1, m.id.1));
                params.push(("bd", d.clone()));
                params.push(("bi", i.clone()));
            }
            // An event is dated its SQLDATE: the days its bounds fall on, and those between.
            if let Some(from) = narrowing.from {
                sql.push_str(&format!(" AND {date} >= {{from:{}}}", m.date.1));
                params.push(("from", m.day(from)));
            }
            if let Some(until) = narrowing.until {
                sql.push_str(&format!(" AND {date} <= {{until:{}}}", m.date.1));
                params.push(("until", m.day(until)));
            }
            sql.push_str(&format!(" ORDER BY {date}, {id} LIMIT {rows} FORMAT TabSeparatedRaw"));
            let text = match self.query(&sql, &params).and_then(|body| self.read_text(body)) {
                Ok(text) => text,
                Err(e) => return send(Err(e)),
            };
            // Each line: the keys, then the export row.
            let (mut export, mut ids, mut days, mut last) =
                (String::with_capacity(text.len()), Vec::new(), std::collections::HashMap::new(), None);
            for line in text.lines() {
                let mut parts = line.splitn(3, '\t');
                let (Some(d), Some(i), Some(row)) = (parts.next(), parts.next(), parts.next()) else { continue };
                export.push_str(row);
                export.push('\n');
                ids.push(i.to_string());
                days.entry(i.to_string()).or_insert_with(|| d.to_string());
                last = Some((d.to_string(), i.to_string()));
            }
            if ids.is_empty() {
                return true;
            }
            let full = ids.len() >= rows;
            // Each event's keys: its row's (an event is named by its GLOBALEVENTID).
            let page = self.gdelt_page(&export, &ids).map(|corpus| {
                let cursors = corpus
                    .events()
                    .iter()
                    .map(|e| Cursor::Keys(days.get(&*e.id).cloned().unwrap_or_default(), e.id.to_string()))
                    .collect();
                // Its articles are what its rows say (a table has no record of articles apart).
                let whole = vec![true; corpus.articles().len()];
                Page { corpus, cursors, whole }
            });
            if !send(page) {
                return false;
            }
            match last.filter(|_| full) {
                Some(keys) => (after, rows) = (Some(keys), self.page_rows),
                None => return true,
            }
        }
    }

    /// Export rows (`ids` their GLOBALEVENTIDs) read by the GDELT importer into a page, its
    /// events in the table's order (the importer's timeline orders a day's events by
    /// article; pages cut days, so the table's order is kept across them). A row it cannot
    /// read is the page's error, named by its GLOBALEVENTID.
    fn gdelt_page(&self, export: &str, ids: &[String]) -> Result<crate::model::Corpus, crate::store::StoreError> {
        let loaded = crate::ingest::load_str(&self.address, export);
        if let Some(d) = loaded.report.diagnostics().iter().find(|d| d.is_error()) {
            let id = ids.get((d.line as usize).saturating_sub(1)).map_or("?", String::as_str);
            return Err(self.error(format!("GLOBALEVENTID {id}: {}", d.message)));
        }
        let corpus = loaded.corpus;
        let mut by_id: std::collections::HashMap<&str, Vec<crate::model::EventIx>> = std::collections::HashMap::new();
        for (ix, e) in corpus.events().iter().enumerate() {
            by_id.entry(&e.id).or_default().push(ix as crate::model::EventIx);
        }
        // Each row's event, in the rows' order (a GLOBALEVENTID twice: its events in turn).
        let mut order = Vec::with_capacity(corpus.events().len());
        let mut taken: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for id in ids {
            let next = taken.entry(id.as_str()).or_default();
            if let Some(&ix) = by_id.get(id.as_str()).and_then(|events| events.get(*next)) {
                order.push(ix);
                *next += 1;
            }
        }
        if order.len() != corpus.events().len() {
            order = (0..corpus.events().len() as crate::model::EventIx).collect();
        }
        let mut page = crate::model::Gather::new();
        page.add(&corpus, &order);
        // Once the table's actors are listed, a page names them as the list does (every
        // spelling an alias), not by the spellings of its own rows: which rows share a page
        // changes with the filter, and what a word finds must not.
        if let Some(listed) = self.listed.get() {
            page.name_actors_as(&listed.catalog.0);
        }
        Ok(page.finish_as_written(crate::model::Undated::AtReport))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(kinds: &[(&str, &str)]) -> Vec<(String, String)> {
        COLUMNS
            .iter()
            .map(|c| {
                let kind = kinds.iter().find(|(n, _)| n == c).map_or("String", |(_, k)| k);
                (c.to_lowercase(), kind.to_string())
            })
            .collect()
    }

    #[test]
    fn a_gdelt_table_is_known_by_its_columns_whatever_their_case_and_types() {
        let columns =
            described(&[("SQLDATE", "Date"), ("GLOBALEVENTID", "UInt64"), ("DATEADDED", "Nullable(DateTime)")]);
        let refs: Vec<(&str, &str)> = columns.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let m = Mapping::of(&refs).unwrap().unwrap();
        assert_eq!(m.date, ("sqldate".to_string(), "Date".to_string()));
        assert!(m.select.starts_with("replaceRegexpAll(ifNull(toString(`globaleventid`), ''),"), "{}", m.select);
        assert!(m.select.contains("formatDateTime(`sqldate`, '%Y%m%d')"));
        assert!(m.select.contains("formatDateTime(`dateadded`, '%Y%m%d%H%i%S', 'UTC')"));
        assert_eq!(m.day(1_531_526_400), "2018-07-14");
        let numbers = described(&[("SQLDATE", "UInt32")]);
        let refs: Vec<(&str, &str)> = numbers.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        assert_eq!(Mapping::of(&refs).unwrap().unwrap().day(1_531_526_400), "20180714");
    }

    #[test]
    fn a_table_without_globaleventid_is_not_gdelt_and_one_missing_a_column_says_which() {
        assert!(Mapping::of(&[("id", "String"), ("position", "UInt64")]).is_none());
        let mut columns = described(&[]);
        columns.retain(|(n, _)| n != "avgtone");
        let refs: Vec<(&str, &str)> = columns.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let e = Mapping::of(&refs).unwrap().unwrap_err();
        assert!(e.starts_with("no column 'AvgTone'"), "{e}");
    }
}
