//! TimeML's times: the document creation time, by which relative dates are read, and
//! every TIMEX3 as a [`Time`] that temporal links can date events by.

use super::Reader;
use crate::ingest::formats::anchor::{self, Time};
use crate::ingest::formats::xml::Element;
use crate::model::When;
use crate::model::timex::{self, Timex};
use std::collections::HashMap;

impl Reader<'_, '_> {
    /// The DCT: the TIMEX3 whose function is CREATION_TIME, else PUBLICATION_TIME, else the
    /// date given from outside the file.
    pub(super) fn creation_time(&mut self, root: &Element, timexes: &[&Element]) -> Option<When> {
        let with_function = |f: &str| timexes.iter().find(|t| t.attr("functionInDocument") == Some(f)).copied();
        let Some(dct) = with_function("CREATION_TIME").or_else(|| with_function("PUBLICATION_TIME")) else {
            if self.document_date.is_some() {
                return self.document_date;
            }
            self.out.warning(
                root.pos,
                "no document creation time (a TIMEX3 with functionInDocument=\"CREATION_TIME\"): the article has no publication date, and PRESENT_REF, PAST_REF and FUTURE_REF give no date".to_string(),
            );
            return None;
        };
        let value = dct.attr("value").unwrap_or("");
        match When::parse(value) {
            Ok(w) => Some(w),
            Err(e) => {
                self.out.warning(dct.pos, format!("document creation time: {e}; the article has no publication date"));
                None
            }
        }
    }

    /// Every TIMEX3 read as a [`Time`], and its index by tid.
    pub(super) fn times(&mut self, timexes: &[&Element], dct: Option<&When>) -> (Vec<Time>, HashMap<String, usize>) {
        let mut times = Vec::new();
        let mut ids = HashMap::new();
        for t in timexes {
            let tid = t.attr("tid").unwrap_or("").to_string();
            let words = t.text().split_whitespace().collect::<Vec<_>>().join(" ");
            let label = format!("{tid} '{words}'");
            let value = t.attr("value").unwrap_or("");
            let when = match timex::normalize(value, dct) {
                _ if t.attr("type") == Some("SET") => None,
                Ok(Timex::Date(w)) => Some(self.modified(w, t)),
                Ok(_) => None,
                Err(e) => {
                    self.out.warning(t.pos, format!("TIMEX3 {tid}: {e}; links to it give no date"));
                    None
                }
            };
            ids.insert(tid, times.len());
            times.push(Time::read(label, when, value, t.attr("mod")));
        }
        (times, ids)
    }

    /// A TIMEX3's period with its `mod`: BEFORE and AFTER open it; START, MID and END
    /// name a part of it (kept apart, [`anchor::part_of`]); the others are counted.
    fn modified(&mut self, when: When, t: &Element) -> When {
        let Some(modifier) = t.attr("mod") else { return when };
        match timex::apply_mod(when, modifier) {
            Some(w) => w,
            None if anchor::part_of(&when, modifier).is_some() => when,
            None => {
                self.unmapped.add(
                    "TIMEX3 mod is not mapped: the whole period is used",
                    "TIMEX3 mods are not mapped: the whole period is used",
                    t.pos,
                    modifier,
                );
                when
            }
        }
    }
}
