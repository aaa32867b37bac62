//! What passes a filter in a whole table, counted by the server when it decides the whole
//! filter ([`super::Pushed::exact`]): events in all, a day, for each actor, and (an annals
//! table's) the positions of passing rows, in one pass over them (`sumMap`, `groupArray`:
//! the filter evaluated once), no row sent. A filter the server decides only in part is
//! counted by annals's scan instead ([`crate::store::Store::tally`]).

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
        // One pass over the passing rows: events in all, a day (the day an annals table's
        // event is placed on, UTC; a GDELT row's SQLDATE), for each actor and the positions
        // (an annals table's); a GDELT table's actors are its code and name, asked apart.
        let (day, dated) = match &self.gdelt {
            Some(m) => (format!("toString({})", super::quoted(&m.date.0)), "1".to_string()),
            None => ("toString(toDate32(placed_at))".to_string(), "isNotNull(date)".to_string()),
        };
        let mut columns = vec![
            "count() AS total".to_string(),
            format!("sumMap(if({dated}, [{day}], []), if({dated}, [toUInt64(1)], [])) AS days"),
        ];
        if self.gdelt.is_none() {
            columns.push(
                "sumMap(arrayDistinct(arrayMap(p -> tupleElement(p, 'actor'), participants)) AS named, \
                 arrayMap(x -> toUInt64(1), named)) AS actors"
                    .to_string(),
            );
            columns.push(format!("groupArray({})(position) AS positions", POSITIONS_KEPT + 1));
        }
        let sql = format!("SELECT {} FROM {table} WHERE {cond}", columns.join(", "));
        let (row, text) = self.json_row(&sql, &params)?;
        let wrong = || self.misread(&text);
        let total = row["total"].as_u64().ok_or_else(wrong)?;
        let mut days = Vec::new();
        for (d, n) in pairs(&row["days"]).ok_or_else(wrong)? {
            let d = d.as_str().and_then(super::gdelt::seconds_of_day).ok_or_else(wrong)?;
            days.push((d, n));
        }
        days.sort_unstable();
        if stop() {
            return Ok(ServerTally::Stopped);
        }
        let actors = match &self.gdelt {
            Some(m) => {
                let (cast, counts, _) = self.gdelt_actors_where(m, cond, &params)?;
                cast.actors().iter().zip(counts).map(|(a, n)| (a.id.clone(), n)).collect()
            }
            None => {
                let mut actors = HashMap::new();
                for (id, n) in pairs(&row["actors"]).ok_or_else(wrong)? {
                    actors.insert(id.as_str().ok_or_else(wrong)?.to_string(), n);
                }
                actors
            }
        };
        let rows = match row["positions"].as_array() {
            Some(kept) if kept.len() as u64 <= POSITIONS_KEPT => {
                let mut rows =
                    kept.iter().map(serde_json::Value::as_u64).collect::<Option<Vec<u64>>>().ok_or_else(wrong)?;
                rows.sort_unstable();
                Some(rows)
            }
            _ => None,
        };
        Ok(ServerTally::Counted(Tally { days, total, rows, actors, by_server: true }))
    }
}

impl super::Table {
    /// Passing rows before `before` (None: all), when the server decides the whole filter:
    /// one `count()` over a range of the table's key.
    pub(crate) fn rank(
        &self,
        filter: &crate::query::Filter,
        before: Option<&crate::store::Cursor>,
    ) -> Result<Option<u64>, StoreError> {
        use crate::store::Cursor;
        let pushed = self.pushed(filter)?;
        if !pushed.exact {
            return Ok(None);
        }
        let mut params = pushed.params();
        let table = format!("{}.{}", self.db(), super::quoted(&self.table));
        let mut sql = format!("SELECT count() FROM {table} WHERE ({})", pushed.sql);
        match (before, &self.gdelt) {
            (None, _) => {}
            (Some(Cursor::Keys(d, i)), Some(m)) => {
                let (date, id) = (super::quoted(&m.date.0), super::quoted(&m.id.0));
                sql.push_str(&format!(" AND ({date}, {id}) < ({{rd:{}}}, {{ri:{}}})", m.date.1, m.id.1));
                params.push(("rd", d.clone()));
                params.push(("ri", i.clone()));
            }
            (Some(Cursor::Row(row)), None) => {
                sql.push_str(" AND position < {rp:UInt64}");
                params.push(("rp", row.to_string()));
            }
            _ => return Ok(None),
        }
        let text = self.read_text(self.query(&format!("{sql} FORMAT TabSeparatedRaw"), &params)?)?;
        let n = text.trim().parse().map_err(|_| self.error(format!("a count reads '{}'", text.trim())))?;
        Ok(Some(n))
    }
}

/// A `sumMap`'s answer, `[[keys], [counts]]`, as pairs.
pub(super) fn pairs(map: &serde_json::Value) -> Option<Vec<(&serde_json::Value, u64)>> {
    let (keys, counts) = (map.get(0)?.as_array()?, map.get(1)?.as_array()?);
    keys.iter().zip(counts).map(|(k, n)| Some((k, n.as_u64()?))).collect()
}
