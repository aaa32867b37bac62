//! What passes a filter in a whole table, counted by the server when it decides the whole
//! filter ([`super::Pushed::exact`]): events a day, in all, for each actor, and (an annals
//! table's) the positions of passing rows, each a `GROUP BY` or a list of one column, no row
//! sent. A filter the server decides only in part is counted by annals's scan instead
//! ([`crate::store::Store::tally`]).

use crate::store::{StoreError, Tally};
use std::collections::HashMap;

/// Passing rows' positions asked for at most (8 bytes each): past this, none.
const POSITIONS_KEPT: u64 = 10_000_000;

/// What the server said.
pub(crate) enum ServerTally {
    Counted(Tally),
    /// `stop` said to stop between two queries.
    Stopped,
    /// The server cannot decide the whole filter.
    NotExact,
}

impl super::Table {
    /// The tally of `filter`, when the server decides it whole; `stop` is asked between
    /// queries.
    pub(crate) fn server_tally(
        &self,
        filter: &crate::query::Filter,
        stop: &dyn Fn() -> bool,
    ) -> Result<ServerTally, StoreError> {
        let pushed = self.pushed(filter)?;
        if !pushed.exact {
            return Ok(ServerTally::NotExact);
        }
        let params = pushed.params();
        let table = format!("{}.{}", self.db(), super::quoted(&self.table));
        let cond = &pushed.sql;
        // Events a day: the day an annals table's event is placed on (UTC), a GDELT row's
        // SQLDATE.
        let day = match &self.gdelt {
            Some(m) => super::quoted(&m.date.0),
            None => "if(isNotNull(date), toDate(placed_at), NULL)".to_string(),
        };
        let sql = format!(
            "SELECT toString({day}) AS d, count() FROM {table} WHERE {cond} GROUP BY d ORDER BY d \
             FORMAT TabSeparatedRaw"
        );
        let text = self.read_text(self.query(&sql, &params)?)?;
        let (mut days, mut total) = (Vec::new(), 0u64);
        for line in text.lines() {
            let wrong = || self.error(format!("a day's count reads '{}'", crate::text::sanitize_line(line)));
            let (d, n) = line.split_once('\t').ok_or_else(wrong)?;
            let n: u64 = n.parse().map_err(|_| wrong())?;
            total += n;
            // Undated rows (`\N`) count in all, not on a day.
            if d != "\\N" {
                days.push((super::gdelt::seconds_of_day(d).ok_or_else(wrong)?, n));
            }
        }
        days.sort_unstable();
        if stop() {
            return Ok(ServerTally::Stopped);
        }
        let actors = match &self.gdelt {
            Some(m) => {
                let (cast, counts) = self.gdelt_actors_where(m, cond, &params)?;
                cast.actors().iter().zip(counts).map(|(a, n)| (a.id.clone(), n)).collect()
            }
            None => self.actors_where(&table, cond, &params)?,
        };
        if stop() {
            return Ok(ServerTally::Stopped);
        }
        let rows = match &self.gdelt {
            None if total <= POSITIONS_KEPT => Some(self.positions_where(&table, cond, &params)?),
            _ => None,
        };
        Ok(ServerTally::Counted(Tally { days, total, rows, actors, by_server: true }))
    }

    /// Passing events each actor takes part in (once in two roles), by id.
    fn actors_where(
        &self,
        table: &str,
        cond: &str,
        params: &[(&str, String)],
    ) -> Result<HashMap<String, u64>, StoreError> {
        let sql = format!(
            "SELECT a, count() FROM {table} ARRAY JOIN arrayDistinct(arrayMap(p -> tupleElement(p, 'actor'), \
             participants)) AS a WHERE {cond} GROUP BY a FORMAT TabSeparated"
        );
        let text = self.read_text(self.query(&sql, params)?)?;
        let mut actors = HashMap::new();
        for line in text.lines() {
            let wrong = || self.error(format!("an actor's count reads '{}'", crate::text::sanitize_line(line)));
            let (id, n) = line.rsplit_once('\t').ok_or_else(wrong)?;
            actors.insert(unescape(id), n.parse().map_err(|_| wrong())?);
        }
        Ok(actors)
    }

    /// The positions of passing rows, ascending.
    fn positions_where(&self, table: &str, cond: &str, params: &[(&str, String)]) -> Result<Vec<u64>, StoreError> {
        let sql = format!("SELECT position FROM {table} WHERE {cond} ORDER BY position FORMAT TabSeparatedRaw");
        let text = self.read_text(self.query(&sql, params)?)?;
        text.lines()
            .map(|l| l.parse().map_err(|_| self.error(format!("a position reads '{}'", crate::text::sanitize_line(l)))))
            .collect()
    }
}

/// A value as `TabSeparated` escapes it (`\t`, `\n`, `\\`...), read back.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tab_separated_escapes_read_back() {
        assert_eq!(super::unescape(r"a\tb\\c\nd\'"), "a\tb\\c\nd'");
        assert_eq!(super::unescape("plain"), "plain");
    }
}
