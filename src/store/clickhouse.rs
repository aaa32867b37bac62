//! A ClickHouse table of events in a dataset's columns (`annals schema clickhouse`), asked
//! through ClickHouse's HTTP interface for a page at a time: the rows after the last
//! `position` read (the table's primary key, so a page is a range of it: a keyset seek,
//! never an offset), within the filter's dates as a `WHERE` on `placed_at`, answered as an
//! Arrow stream and made into a page as a Parquet dataset's rows are. Values reach the
//! server as query parameters (`{from:DateTime64(3, 'UTC')}`), never in the SQL's text;
//! names (database, table) are quoted. Each query has a time limit, and a page the reader
//! no longer wants is a connection closed, which ends its query on the server
//! (`cancel_http_readonly_queries_on_client_close`).
//!
//! The client is `ureq` (blocking, seven small crates, plain HTTP): annals has no async
//! runtime, and an Arrow answer feeds the page builder the Parquet store uses, so that both
//! stores read rows alike. The official `clickhouse` crate needs tokio and decodes
//! RowBinary into structs of its own.

mod buckets;
mod counts;
mod gdelt;
mod http;
mod pushdown;

pub(crate) use counts::ServerTally;
pub use gdelt::COLUMNS as GDELT_COLUMNS;
pub(crate) use pushdown::Pushed;

use super::columns::Columns;
use super::{Catalog, Cursor, Narrowing, PAGE_COLUMNS, PAGE_ROWS, Page, Pages, REQUIRED_COLUMNS, StoreError, page};
use crate::model::Undated;
use arrow_array::RecordBatch;
use std::path::Path;
use std::time::Duration;

/// How long a query may run on the server, and how long annals waits for an answer.
const QUERY_SECONDS: u64 = 60;

/// An opened table.
#[derive(Debug)]
pub struct Table {
    /// `clickhouse://host:port/db/table`, as errors name it (without a password).
    address: String,
    http: ureq::Agent,
    url: String,
    user: Option<String>,
    password: Option<String>,
    database: String,
    table: String,
    /// The columns asked for: those of [`PAGE_COLUMNS`] the table has; or, for a GDELT
    /// table in the community's columns, how they are asked for.
    columns: Vec<&'static str>,
    gdelt: Option<Box<gdelt::Mapping>>,
    /// Rows a page.
    page_rows: usize,
    catalog: Catalog,
    /// A GDELT table's actors, once listed ([`Table::gdelt_actors`]): its catalog then.
    listed: std::sync::OnceLock<gdelt::Listed>,
    /// Held while they are listed.
    listing: std::sync::Mutex<()>,
}

impl Table {
    /// Does `place` name a ClickHouse table (`clickhouse://...`)?
    pub fn is_address(place: &Path) -> bool {
        place.to_str().is_some_and(|s| s.starts_with("clickhouse://"))
    }

    /// Open `clickhouse://[USER@]HOST[:PORT]/DATABASE[/TABLE]` (port 8123, table `events`;
    /// the password, if any, from `CLICKHOUSE_PASSWORD`): its columns checked and its
    /// actors read (the table `actors` beside it, if there is one).
    pub fn open(address: &str) -> Result<Table, StoreError> {
        let mut t = Table::connect(address)?;
        t.describe()?;
        Ok(t)
    }

    /// The table at `address`, nothing asked of the server yet.
    pub(crate) fn connect(address: &str) -> Result<Table, StoreError> {
        let wrong = |message: String| StoreError::At { at: address.to_string(), message };
        let rest = address.strip_prefix("clickhouse://").unwrap_or(address);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, host) = match host.rsplit_once('@') {
            Some((user, host)) => (Some(user.to_string()), host),
            None => (None, host),
        };
        let mut names = path.split('/').filter(|p| !p.is_empty());
        let database =
            names.next().ok_or_else(|| wrong("no database: write clickhouse://HOST:PORT/DATABASE".into()))?;
        let table = names.next().unwrap_or("events");
        if names.next().is_some() || host.is_empty() || host.contains(['?', '#', ' ']) {
            return Err(wrong("write clickhouse://[USER@]HOST[:PORT]/DATABASE[/TABLE]".into()));
        }
        let host = if host.rsplit_once(':').is_some_and(|(_, port)| port.parse::<u16>().is_ok()) {
            host.to_string()
        } else {
            format!("{host}:8123")
        };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(QUERY_SECONDS + 10)))
            .http_status_as_error(false)
            .build();
        Ok(Table {
            address: format!("clickhouse://{host}/{database}/{table}"),
            http: config.into(),
            url: format!("http://{host}/"),
            user,
            password: std::env::var("CLICKHOUSE_PASSWORD").ok().filter(|p| !p.is_empty()),
            database: database.to_string(),
            table: table.to_string(),
            columns: Vec::new(),
            gdelt: None,
            page_rows: PAGE_ROWS,
            catalog: Catalog::empty(),
            listed: std::sync::OnceLock::new(),
            listing: std::sync::Mutex::new(()),
        })
    }

    /// The table's columns checked (annals's, or GDELT's), and its actors read.
    fn describe(&mut self) -> Result<(), StoreError> {
        let t = self;
        let table = t.table.clone();
        let described = t.text(&format!("DESCRIBE TABLE {}.{} FORMAT TabSeparated", t.db(), quoted(&table)))?;
        let typed: Vec<(&str, &str)> = described
            .lines()
            .filter_map(|l| {
                let mut fields = l.split('\t');
                Some((fields.next()?, fields.next().unwrap_or("")))
            })
            .collect();
        let have: Vec<&str> = typed.iter().map(|(name, _)| *name).collect();
        // A GDELT table in the community's columns: its rows read as GDELT's export rows.
        if !have.contains(&"position")
            && let Some(mapping) = gdelt::Mapping::of(&typed)
        {
            t.gdelt = Some(Box::new(mapping.map_err(|m| t.error(m))?));
            return Ok(());
        }
        for needed in REQUIRED_COLUMNS.iter().chain(&["position"]) {
            if !have.contains(needed) {
                return Err(t.error(format!("no column '{needed}' (docs/PARQUET.md gives the columns)")));
            }
        }
        t.columns = PAGE_COLUMNS.iter().copied().filter(|c| have.contains(c)).collect();
        if t.text(&format!("EXISTS TABLE {}.actors FORMAT TabSeparated", t.db()))?.trim() == "1" {
            let batches = t.arrow(&format!("SELECT * FROM {}.actors ORDER BY id", t.db()), &[])?;
            let at = t.address.rsplit_once('/').map_or(t.address.clone(), |(db, _)| format!("{db}/actors"));
            t.catalog = Catalog::read(batches.into_iter().map(Ok), &at)?;
        }
        Ok(())
    }

    /// This table read `rows` rows a page (tests cut small pages, as `annals convert`'s
    /// tests cut small row groups).
    pub fn with_page_rows(mut self, rows: usize) -> Self {
        self.page_rows = rows.max(1);
        self
    }

    fn db(&self) -> String {
        quoted(&self.database)
    }

    /// The database and the table named, as written.
    pub(crate) fn names(&self) -> (&str, &str) {
        (&self.database, &self.table)
    }

    /// How many rows the table holds (the server answers from its parts' counts).
    pub(crate) fn count(&self) -> Result<u64, StoreError> {
        let sql = format!("SELECT count() FROM {}.{} FORMAT TabSeparatedRaw", self.db(), quoted(&self.table));
        let text = self.read_text(self.query(&sql, &[])?)?;
        text.trim().parse().map_err(|_| self.error(format!("the table's count reads '{}'", text.trim())))
    }

    /// What of `filter` the server decides (its rows; exactly what passes, when it can).
    pub(crate) fn pushed(&self, filter: &crate::query::Filter) -> Result<Pushed, StoreError> {
        self.names_for(filter)?;
        let columns = match &self.gdelt {
            Some(m) => pushdown::Columns::Gdelt(m, self.listed.get().map(|l| &l.spellings)),
            None => pushdown::Columns::Annals,
        };
        pushdown::pushed(filter, &Pages::catalog(self).0, columns).map_err(|m| self.error(m))
    }

    pub(crate) fn error(&self, message: String) -> StoreError {
        StoreError::At { at: self.address.clone(), message }
    }

    /// The rows from `position` on that `narrowing` lets pass, `rows` of them at most (and
    /// those sharing the last one's position), as one batch; None past the last row.
    fn rows_from(
        &self,
        (position, seen): (u64, usize),
        narrowing: &Narrowing,
        pushed: &Pushed,
        rows: usize,
    ) -> Result<Option<RecordBatch>, StoreError> {
        let Narrowing { from, until, before_row, .. } = narrowing;
        let columns: Vec<String> = self.columns.iter().map(|c| quoted(c)).collect();
        let mut sql = format!(
            "SELECT position, {} FROM {}.{} WHERE position >= {{position:UInt64}}",
            columns.join(", "),
            self.db(),
            quoted(&self.table)
        );
        let mut params = pushed.params();
        params.push(("position", position.to_string()));
        // Dated events are placed at their start: only those placed in the bounds may pass.
        let instant = |seconds: i64| seconds.saturating_mul(1000).to_string();
        if let Some(from) = *from {
            sql.push_str(" AND placed_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')");
            params.push(("from", instant(from)));
        }
        if let Some(until) = *until {
            sql.push_str(" AND placed_at < fromUnixTimestamp64Milli({until:Int64}, 'UTC')");
            params.push(("until", instant(until)));
        }
        if let Some(Cursor::Row(before)) = before_row {
            sql.push_str(" AND position < {before:UInt64}");
            params.push(("before", before.to_string()));
        }
        // What the server decides of the filter (actors by the table's bloom filter index).
        if pushed.narrows() {
            sql.push_str(&format!(" AND ({})", pushed.sql));
        }
        // A page starts at the last position read, after the rows of it already read (one;
        // more where a table was loaded twice): no row is lost or read twice, and the
        // server reads in the key's order and stops at the limit (`WITH TIES` made it read
        // several times as much).
        sql.push_str(&format!(" ORDER BY position LIMIT {seen}, {rows}"));
        // The blocks of an answer, one page.
        match self.arrow(&sql, &params)?.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone()).filter(|b| b.num_rows() > 0)),
            blocks => arrow_select::concat::concat_batches(&blocks[0].schema(), blocks)
                .map(Some)
                .map_err(|e| self.error(format!("the answer's blocks do not join: {e}"))),
        }
    }
}

impl Pages for Table {
    fn catalog(&self) -> &Catalog {
        self.listed.get().map_or(&self.catalog, |listed| &listed.catalog)
    }

    /// One part: the server narrows by the bounds, and each page starts where the last
    /// ended.
    fn parts(&self, _narrowing: &Narrowing) -> (Vec<usize>, usize) {
        (vec![0], 0)
    }

    fn leaves_rows(&self, _part: usize, narrowing: &Narrowing) -> bool {
        narrowing.from.is_some()
            || narrowing.until.is_some()
            || narrowing.from_row.is_some()
            || narrowing.before_row.is_some()
            || self.pushed(&narrowing.filter).is_ok_and(|p| p.narrows())
    }

    /// An annals table's last `position`, and one (its primary key answers at once).
    fn rows(&self) -> Result<Option<u64>, StoreError> {
        if self.gdelt.is_some() {
            return Ok(None);
        }
        let sql = format!("SELECT max(position) + 1 FROM {}.{} FORMAT TabSeparatedRaw", self.db(), quoted(&self.table));
        let text = self.read_text(self.query(&sql, &[])?)?;
        text.trim()
            .parse()
            .map(Some)
            .map_err(|_| self.error(format!("the table's last position reads '{}'", text.trim())))
    }

    /// Asked of the server: events a day, by the day `placed_at` falls on (UTC), or a GDELT
    /// table's `SQLDATE`.
    fn days(&self) -> Result<Option<Vec<(i64, u64)>>, StoreError> {
        let table = format!("{}.{}", self.db(), quoted(&self.table));
        let day = match &self.gdelt {
            Some(m) => quoted(&m.date.0),
            None => match self.daily_counts(&table)? {
                Some(days) => return Ok(Some(days)),
                None => "toDate32(placed_at)".to_string(),
            },
        };
        let sql = format!(
            "SELECT toString({day}) AS d, count() FROM {table} WHERE {day} IS NOT NULL GROUP BY d ORDER BY d \
             FORMAT TabSeparatedRaw"
        );
        self.days_read(&sql).map(Some)
    }

    /// Asked of the server: `placed_at`'s bounds (a year partition's own minimum and
    /// maximum answer it), or a GDELT table's first and last `SQLDATE`.
    fn placed_span(&self) -> Result<Option<(i64, i64)>, StoreError> {
        let table = format!("{}.{}", self.db(), quoted(&self.table));
        let sql = match &self.gdelt {
            Some(m) => {
                let date = quoted(&m.date.0);
                format!("SELECT toString(min({date})), toString(max({date})) FROM {table} FORMAT TabSeparatedRaw")
            }
            None => format!(
                "SELECT toString(toUnixTimestamp(min(placed_at))), toString(toUnixTimestamp(max(placed_at))) FROM \
                 {table} WHERE placed_at IS NOT NULL FORMAT TabSeparatedRaw"
            ),
        };
        let text = self.read_text(self.query(&sql, &[])?)?;
        let (first, last) = text.trim_end().split_once('\t').unwrap_or_default();
        let seconds = |s: &str| match &self.gdelt {
            Some(_) => gdelt::seconds_of_day(s),
            None => s.parse::<i64>().ok(),
        };
        // The day a GDELT table's last date names, to its end.
        let end = if self.gdelt.is_some() { 86_399 } else { 0 };
        Ok(seconds(first).zip(seconds(last).map(|l| l + end)))
    }

    fn read(
        &self,
        _part: usize,
        narrowing: &Narrowing,
        undated: Undated,
        send: &mut dyn FnMut(Result<Page, StoreError>) -> bool,
    ) -> bool {
        let pushed = match self.pushed(&narrowing.filter) {
            Ok(pushed) => pushed,
            Err(e) => return send(Err(e)),
        };
        if let Some(mapping) = &self.gdelt {
            return self.gdelt_pages(mapping, narrowing, &pushed, send);
        }
        // Where the page starts, and how many rows of that position were read already.
        let mut position = match narrowing.from_row {
            Some(Cursor::Row(row)) => (row, 0),
            _ => (0, 0),
        };
        // The first page no larger than what is wanted; the rest whole.
        let mut rows = narrowing.wanted.map_or(self.page_rows, |w| w.clamp(1, self.page_rows));
        loop {
            let batch = match self.rows_from(position, narrowing, &pushed, rows) {
                Ok(Some(batch)) => batch,
                Ok(None) => return true,
                Err(e) => return send(Err(e)),
            };
            // Rows are named by their position, the table's own numbering; the next page
            // starts at the last, after its rows read, unless this one was short (the last).
            let positions = match Columns(&batch).numbers("position") {
                Ok(p) => p,
                Err(e) => return send(Err(self.error(e))),
            };
            let last =
                (0..batch.num_rows()).filter_map(|i| positions.get(i)).max().filter(|_| batch.num_rows() >= rows);
            let next = last.map(|last| {
                let read = (0..batch.num_rows()).filter(|&i| positions.get(i) == Some(last)).count();
                (last, if last == position.0 { position.1 + read } else { read })
            });
            let row = |i: usize| positions.get(i).unwrap_or(position.0);
            let page = page::page(&batch, &row, &self.catalog, undated).map_err(|e| e.at(self.address.clone()));
            let page = page.map(|(corpus, whole)| Page {
                corpus,
                cursors: (0..batch.num_rows()).map(|i| Cursor::Row(row(i))).collect(),
                whole,
            });
            if !send(page) {
                return false;
            }
            match next {
                Some(next) => (position, rows) = (next, self.page_rows),
                None => return true,
            }
        }
    }
}

/// The days of an annals table.
impl Table {
    /// The days counted in `TABLE_daily` as rows were inserted (`annals schema clickhouse`'s
    /// materialized view), when it counts every row of `table` (its `count()`, which the
    /// server knows without a scan); a table filled before the view was made, or with rows
    /// deleted since, is counted by a scan.
    fn daily_counts(&self, table: &str) -> Result<Option<Vec<(i64, u64)>>, StoreError> {
        let daily = format!("{}.{}", self.db(), quoted(&format!("{}_daily", self.table)));
        if self.text(&format!("EXISTS TABLE {daily} FORMAT TabSeparated"))?.trim() != "1" {
            return Ok(None);
        }
        // The events placed nowhere are counted on a null day.
        let nowhere =
            self.text(&format!("SELECT toString(sum(events)) FROM {daily} WHERE day IS NULL FORMAT TabSeparatedRaw"))?;
        let sql = format!(
            "SELECT toString(day) AS d, sum(events) FROM {daily} WHERE day IS NOT NULL GROUP BY d \
             HAVING sum(events) > 0 ORDER BY d FORMAT TabSeparatedRaw"
        );
        let days = self.days_read(&sql)?;
        let all = self.text(&format!("SELECT count() FROM {table} FORMAT TabSeparated"))?;
        let number = |text: &str| {
            text.trim().parse::<u64>().map_err(|_| self.error(format!("a count that is no number: '{}'", text.trim())))
        };
        let counted = days.iter().map(|d| d.1).sum::<u64>() + number(&nowhere)?;
        Ok((counted == number(&all)?).then_some(days))
    }

    /// Days and their counts, one a line (`DAY\tCOUNT`), in order.
    fn days_read(&self, sql: &str) -> Result<Vec<(i64, u64)>, StoreError> {
        let text = self.read_text(self.query(sql, &[])?)?;
        let mut days = Vec::new();
        for line in text.lines() {
            let parsed = line.split_once('\t').and_then(|(d, n)| Some((gdelt::seconds_of_day(d)?, n.parse().ok()?)));
            match parsed {
                Some(day) => days.push(day),
                None => return Err(self.error(format!("a day's count reads '{line}'"))),
            }
        }
        days.sort_unstable();
        Ok(days)
    }
}

/// A name as ClickHouse reads it whatever it is: in backquotes, backquotes and backslashes
/// escaped.
pub fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`"))
}
