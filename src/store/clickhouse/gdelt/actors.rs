//! A GDELT table's actors: the rows' Actor1 and Actor2, listed by the server in one `GROUP
//! BY` and named as a row's event names them, with how many rows name each and the code and
//! name of each one's rows; listed once, before the first filter that names an actor, and
//! the table's catalog from then on.

use super::Mapping;
use crate::model::{Actor, ActorKind, Corpus, Parts};
use crate::store::StoreError;
use crate::text::Text;

/// The code and name (Actor1's or Actor2's, as the table writes them) of the rows that
/// name each actor, by id: two spellings make one id (`U.S.` and `US`).
pub(in crate::store::clickhouse) type Spellings = std::collections::HashMap<String, Vec<(String, String)>>;

/// A GDELT table's actors, once listed: its catalog, and each one's spellings.
#[derive(Debug)]
pub(in crate::store::clickhouse) struct Listed {
    pub catalog: crate::store::Catalog,
    pub spellings: Spellings,
}

impl crate::store::clickhouse::Table {
    /// A GDELT table's actors, with how many rows name each (a `GROUP BY` over the whole
    /// table); None for another table, whose list is its table `actors`.
    /// Listed before a filter that names actors is applied (`Table::names_for`), so that a
    /// name finds what it finds in the table's export files, whatever was read before.
    /// Asked once; from then on the table's catalog, in which a filter's names are looked up
    /// as in an annals table's `actors`, and which lets the server decide actor terms
    /// exactly (by the code and name of each actor's rows).
    pub(crate) fn gdelt_actors(&self) -> Result<Option<crate::store::ActorList>, StoreError> {
        let Some(m) = &self.gdelt else { return Ok(None) };
        // One listing at a time: a second asker waits for the first's.
        let _one = self.listing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(listed) = self.listed.get() {
            return Ok(Some((listed.catalog.0.clone(), listed.catalog.1.clone())));
        }
        let (actors, counts, spellings) = self.gdelt_actors_where(m, "1", &[])?;
        let catalog = crate::store::Catalog::of(actors, counts);
        let listed = self.listed.get_or_init(|| Listed { catalog, spellings });
        Ok(Some((listed.catalog.0.clone(), listed.catalog.1.clone())))
    }

    /// Make sure a GDELT table's actors are listed when `filter` names an actor (`actor:x`,
    /// `agent:x*`, a dyad) or has free words: names are then looked up among them all, as
    /// in the table's export files, and the server decides the terms exactly (and finds the
    /// rows a word may be in).
    pub(crate) fn names_for(&self, filter: &crate::query::Filter) -> Result<(), StoreError> {
        use crate::query::ast::{Key, Value};
        if self.gdelt.is_none() || self.listed.get().is_some() {
            return Ok(());
        }
        let terms = filter.expr().map(|e| e.terms()).unwrap_or_default();
        let names = terms.iter().any(|t| {
            matches!(t.key, Key::Actor | Key::Agent | Key::Target | Key::Dyad)
                && matches!(&t.value, Value::Is(_) | Value::Prefix(_))
                && !matches!(&t.value, Value::Prefix(p) if p.is_empty())
        });
        if names {
            self.gdelt_actors()?;
        } else if terms.iter().any(|t| {
            matches!((&t.key, &t.value), (Key::Text, Value::Is(w) | Value::Prefix(w)) if super::super::pushdown::asked_for(w))
        }) {
            // Free words may be in an actor's other spelling: the list lets the server find
            // their rows. Without it (it failed, or took too long), annals reads every row.
            let _ = self.gdelt_actors();
        }
        Ok(())
    }

    /// The actors a GDELT table's rows where `cond` holds (its parameters `params`) name
    /// (Actor1 and Actor2), each with how many rows name it (once when in both roles, as a
    /// loaded event counts), asked of the server in one `GROUP BY` and named as a row's
    /// event names them (`rus-russia`): the list the actor picker and `annals actors` show;
    /// and the code and name of each id's rows, as the table writes them.
    pub(in crate::store::clickhouse) fn gdelt_actors_where(
        &self,
        m: &Mapping,
        cond: &str,
        params: &[(&str, String)],
    ) -> Result<(Corpus, Vec<u64>, Spellings), StoreError> {
        self.gdelt_actors_in(m, cond, params, [true, true])
    }

    /// [`Table::gdelt_actors_where`](super::Table), the actors in the roles `roles` (agent:
    /// Actor1, target: Actor2) only.
    pub(in crate::store::clickhouse) fn gdelt_actors_in(
        &self,
        m: &Mapping,
        cond: &str,
        params: &[(&str, String)],
        roles: [bool; 2],
    ) -> Result<(Corpus, Vec<u64>, Spellings), StoreError> {
        let table = format!("{}.{}", self.db(), crate::store::clickhouse::quoted(&self.table));
        let text_of = |columns: &[String; 5]| columns.each_ref().map(|c| format!("ifNull(toString({c}), '')"));
        let (kd, ki) = (crate::store::clickhouse::quoted(&m.date.0), crate::store::clickhouse::quoted(&m.id.0));
        let role = |columns: &[String; 5]| {
            let [c, n, cc, g, t] = text_of(columns);
            format!(
                "SELECT {c} AS c, {n} AS n, {cc} AS cc, {g} AS g, {t} AS t, ({kd}, {ki}) AS k FROM {table} WHERE ({cond})"
            )
        };
        let ([c1, n1, ..], [c2, n2, ..]) = (text_of(&m.actors[0]), text_of(&m.actors[1]));
        let (agents, targets) = (role(&m.actors[0]), role(&m.actors[1]));
        // Tabs and line breaks made spaces once a pair is grouped, not on every row.
        let clean = |x: &str| format!("replaceRegexpAll({x}, '[\\t\\r\\n]', ' ')");
        // A row names an actor in both roles once.
        let targets = match roles {
            [true, true] => targets + &format!(" AND NOT ({c2} = {c1} AND {n2} = {n1})"),
            _ => targets,
        };
        let chosen: Vec<String> =
            [agents, targets].into_iter().zip(roles).filter(|(_, r)| *r).map(|(q, _)| q).collect();
        let sql = format!(
            "SELECT {}, {}, {}, {}, {}, count() FROM ({}) WHERE c != '' OR n != '' GROUP BY c, n ORDER BY min(k) \
             FORMAT TabSeparatedRaw",
            clean("c"),
            clean("n"),
            clean("any(cc)"),
            clean("any(g)"),
            clean("any(t)"),
            chosen.join(" UNION ALL ")
        );
        let text = self.read_text(self.query(&sql, params)?)?;
        let (mut parts, mut counts, mut spellings) = (Parts::default(), Vec::new(), Spellings::new());
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let wrong = || self.error(format!("an actor's count reads '{}'", crate::text::sanitize_line(line)));
            let [code, name, country, group, type1, n] = fields[..] else { return Err(wrong()) };
            let n: u64 = n.parse().map_err(|_| wrong())?;
            let Some(raw) = crate::ingest::formats::gdelt::listed_actor(code, name, country, group, type1) else {
                continue;
            };
            spellings.entry(raw.id.clone()).or_default().push((code.to_string(), name.to_string()));
            // Two spellings of one id (its slug): one actor, named as its first row (in the
            // table's order) names it, found by the other spelling too; their rows summed.
            if let Some(&a) = parts.actor_ids.get(&raw.id) {
                counts[a as usize] += n;
                let actor = &mut parts.actors[a as usize];
                for alias in raw.name.iter().chain(&raw.aliases) {
                    let known = |t: &Text| t.raw().to_lowercase() == alias.to_lowercase();
                    if !alias.trim().is_empty() && !known(&actor.name) && !actor.aliases.iter().any(known) {
                        actor.aliases.push(Text::line(alias.as_str()));
                    }
                }
                continue;
            }
            parts.actor_ids.insert(raw.id.clone(), parts.actors.len() as u32);
            counts.push(n);
            parts.actors.push(Actor {
                name: Text::line(raw.name.as_deref().unwrap_or(&raw.id)),
                aliases: raw.aliases.iter().map(|a| Text::line(a.as_str())).collect(),
                kind: raw.kind.unwrap_or(ActorKind::Other),
                description: raw.description.as_deref().map(Text::line),
                declared: true,
                id: raw.id,
            });
        }
        // A row whose Actor1 and Actor2 are two spellings of one actor (`US` and `U.S.`)
        // names it once: counted apart, and taken off.
        let twice: Vec<&(String, String)> = spellings.values().filter(|s| s.len() > 1).flatten().collect();
        if !twice.is_empty() && roles == [true, true] {
            let pairs: Vec<String> = twice
                .iter()
                .map(|(c, n)| {
                    format!(
                        "({},{})",
                        crate::store::clickhouse::http::literal(c),
                        crate::store::clickhouse::http::literal(n)
                    )
                })
                .collect();
            let spelled = format!(
                "SELECT {}, {}, {}, {}, count() FROM {table} WHERE ({cond}) AND has({{twice:Array(Tuple(String, String))}}, ({}, {})) \
                 AND has({{twice:Array(Tuple(String, String))}}, ({}, {})) AND NOT ({c2} = {c1} AND {n2} = {n1}) \
                 GROUP BY 1, 2, 3, 4 FORMAT TabSeparatedRaw",
                m.fields[5],
                m.fields[6],
                m.fields[15],
                m.fields[16],
                m.fields[5],
                m.fields[6],
                m.fields[15],
                m.fields[16]
            );
            let mut with = params.to_vec();
            with.push(("twice", format!("[{}]", pairs.join(","))));
            let text = self.read_text(self.query(&spelled, &with)?)?;
            for line in text.lines() {
                let wrong = || self.error(format!("an actor's count reads '{}'", crate::text::sanitize_line(line)));
                let [c1, n1, c2, n2, n] = line.split('\t').collect::<Vec<_>>()[..] else { return Err(wrong()) };
                let n: u64 = n.parse().map_err(|_| wrong())?;
                let id = |c: &str, n: &str| crate::ingest::formats::gdelt::listed_actor(c, n, "", "", "").map(|a| a.id);
                if let Some(id) = id(c1, n1).filter(|one| Some(one) == id(c2, n2).as_ref())
                    && let Some(&a) = parts.actor_ids.get(&id)
                {
                    counts[a as usize] = counts[a as usize].saturating_sub(n);
                }
            }
        }
        Ok((Corpus::assemble(parts), counts, spellings))
    }
}
