//! `annals count` on a table whose server decides the whole filter: the events that pass
//! grouped by a field, counted by the server in one pass (`sumMap` of each row's values
//! of the field, and the rows with none), no row sent; labelled and worded as annals
//! labels the buckets of loaded files (`query::count`). A field a table's columns do not
//! give (articles, sources; an annals table's days, which annals counts on the day a date
//! is written in) is counted by annals from the rows sent.

use super::pushdown::trim;
use crate::query::count::{Bucket, GroupBy, day_bucket, term_of, with_none};
use crate::store::StoreError;
use std::collections::HashMap;

impl super::Table {
    /// The buckets of the events that pass `filter` grouped by `by`, and how many pass;
    /// None when the server cannot count them (a filter or a field it does not decide).
    pub(crate) fn count_by(
        &self,
        filter: &crate::query::Filter,
        by: &GroupBy,
    ) -> Result<Option<(Vec<Bucket>, u64)>, StoreError> {
        let pushed = self.pushed(filter)?;
        if !pushed.exact {
            return Ok(None);
        }
        let params = pushed.params();
        // A GDELT table's actors: its listed actors' own count, by id.
        if let (Some(m), GroupBy::Actor | GroupBy::Agent | GroupBy::Target) = (&self.gdelt, by) {
            let roles = match by {
                GroupBy::Agent => [true, false],
                GroupBy::Target => [false, true],
                _ => [true, true],
            };
            let (cast, counts, _) = self.gdelt_actors_in(m, &pushed.sql, &params, roles)?;
            // Named as the whole table names them (by their first row in either role).
            let listed = self.gdelt_actors()?.map(|(actors, _)| actors);
            let name = |a: &crate::model::Actor| {
                let whole = listed.as_ref().and_then(|l| Some(l.actor(l.actor_by_id(&a.id)?).name.raw().to_string()));
                whole.unwrap_or_else(|| a.name.raw().to_string())
            };
            let named: Vec<String> = roles
                .iter()
                .zip([5, 15])
                .filter(|(role, _)| **role)
                .map(|(_, b)| format!("({} != '' OR {} != '')", trim(&m.fields[b]), trim(&m.fields[b + 1])))
                .collect();
            let none_sql = format!("countIf(NOT ({}))", named.join(" OR "));
            let (total, none) = self.totals(&pushed.sql, &params, &none_sql)?;
            let mut buckets: Vec<Bucket> = cast
                .actors()
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .map(|(a, n)| Bucket { label: name(a), term: term_of(by, &a.id), events: n as usize })
                .collect();
            return Ok(Some((with_none(&mut buckets, by, none), total)));
        }
        let Some((values, name)) = self.values_of(by) else { return Ok(None) };
        let mut params = params;
        params.extend(name.map(|n| ("by_name", n)));
        // An annals table's passing rows with a tag written beyond ASCII, which ClickHouse
        // and Rust do not lower-case alike: annals counts those tags.
        let odd = match (&self.gdelt, by) {
            (None, GroupBy::Tag) => "countIf(arrayExists(t -> match(t, '[^\\x00-\\x7F]'), tags))",
            _ => "0",
        };
        let sql = format!(
            "SELECT count() AS total, countIf(empty({values} AS vs)) AS none, sumMap(vs, arrayMap(x -> toUInt64(1), vs)) \
             AS counts, {odd} AS odd FROM {}.{} WHERE {}",
            self.db(),
            super::quoted(&self.table),
            pushed.sql
        );
        let (row, text) = self.json_row(&sql, &params)?;
        let wrong = || self.misread(&text);
        if row["odd"].as_u64().ok_or_else(wrong)? > 0 {
            return Ok(None);
        }
        let (total, none) = (row["total"].as_u64().ok_or_else(wrong)?, row["none"].as_u64().ok_or_else(wrong)?);
        // Buckets by their words: days of one week are one bucket.
        let mut buckets: HashMap<String, Bucket> = HashMap::new();
        for (key, n) in super::counts::pairs(&row["counts"]).ok_or_else(wrong)? {
            let key = key.as_str().ok_or_else(wrong)?;
            let (label, term) = match by {
                GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
                    let day = super::gdelt::seconds_of_day(key).ok_or_else(wrong)?.div_euclid(86_400);
                    day_bucket(by, day)
                }
                GroupBy::Actor | GroupBy::Agent | GroupBy::Target => {
                    let name = self.catalog.0.actor_by_id(key).map(|a| self.catalog.0.actor(a).name.raw().to_string());
                    (name.unwrap_or_else(|| key.to_string()), term_of(by, key))
                }
                _ => (key.to_string(), term_of(by, key)),
            };
            buckets.entry(term.clone()).or_insert(Bucket { label, term, events: 0 }).events += n as usize;
        }
        let mut buckets: Vec<Bucket> = buckets.into_values().collect();
        Ok(Some((with_none(&mut buckets, by, none), total)))
    }

    /// Each row's values of `by` (distinct, as an event counts once in a bucket), as the
    /// server reads them, and the attribute's name it takes as `{by_name:String}`; None for
    /// a field it does not give.
    fn values_of(&self, by: &GroupBy) -> Option<(String, Option<String>)> {
        let actors = |role: Option<&str>| {
            let chosen = match role {
                Some(r) => format!("arrayFilter(p -> tupleElement(p, 'role') = '{r}', participants)"),
                None => "participants".to_string(),
            };
            format!("arrayDistinct(arrayMap(p -> tupleElement(p, 'actor'), {chosen}))")
        };
        let values = match (&self.gdelt, by) {
            (None, GroupBy::Action) => "if(isNull(action), [], [assumeNotNull(action)])".to_string(),
            (None, GroupBy::Actor) => actors(None),
            (None, GroupBy::Agent) => actors(Some("agent")),
            (None, GroupBy::Target) => actors(Some("target")),
            (None, GroupBy::Status) => "[toString(status)]".to_string(),
            // Tags ignoring case, as annals lower-cases them: alike for ASCII (the others are
            // annals's to count).
            (None, GroupBy::Tag) => "arrayDistinct(arrayMap(t -> lower(t), tags))".to_string(),
            (None, GroupBy::Attribute { name, .. }) => {
                let values = "arrayDistinct(arrayMap(a -> tupleElement(a, 'value'), arrayFilter(a -> \
                              tupleElement(a, 'name') = {by_name:String}, attributes)))";
                return Some((values.to_string(), Some(super::http::escaped(name))));
            }
            (Some(m), GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year) => {
                format!("[toString({})]", super::quoted(&m.date.0))
            }
            (Some(m), GroupBy::Action) => {
                mapped(&m.fields[28], m.made.actions.iter().map(|(a, c)| (a.to_string(), c.clone())))
            }
            (Some(m), GroupBy::Tag) => {
                mapped(&m.fields[29], m.made.tags.iter().map(|(t, c)| (t.clone(), c.to_string())))
            }
            (Some(m), GroupBy::Status) => format!("[{}]", super::http::literal(m.made.status.as_str())),
            (Some(m), GroupBy::Attribute { name, .. }) => {
                let column = m.made.attributes.iter().find(|(_, n)| n == name)?.0;
                let value = trim(&m.fields[column]);
                format!("if({value} = '', [], [{value}])")
            }
            // Articles, sources, and an annals table's days as written: annals counts them.
            _ => return None,
        };
        Some((values, None))
    }

    /// Passing rows, and those of them `none_sql` (a `countIf`) counts.
    fn totals(&self, cond: &str, params: &[(&str, String)], none_sql: &str) -> Result<(u64, u64), StoreError> {
        let sql = format!(
            "SELECT count(), {none_sql} FROM {}.{} WHERE {cond} FORMAT TabSeparatedRaw",
            self.db(),
            super::quoted(&self.table)
        );
        let text = self.read_text(self.query(&sql, params)?)?;
        let wrong = || self.error(format!("the count reads '{}'", text.trim()));
        let (total, none) = text.trim().split_once('\t').ok_or_else(wrong)?;
        Ok((total.parse().map_err(|_| wrong())?, none.parse().map_err(|_| wrong())?))
    }
}

/// The word (a lemma, a tag) a row's `field` gives, of `words` (word, the field's code), as
/// a list of it or none.
fn mapped(field: &str, words: impl Iterator<Item = (String, String)>) -> String {
    let (words, codes): (Vec<String>, Vec<String>) = words.unzip();
    let value = trim(field);
    let (codes, words) = (super::http::array(&codes), super::http::array(&words));
    format!("if(has({codes}, {value}), [transform({value}, {codes}, {words}, '')], [])")
}
