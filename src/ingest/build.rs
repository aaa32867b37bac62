//! Merges prepared articles from every file, in file order, into the parts of one
//! [`Corpus`], checking what only the whole corpus can tell: duplicate ids, actors declared
//! elsewhere ([`declarations`]), relation targets ([`relations`]), the reports of stories kept in exports ([`kept`]). Each article is first
//! checked on its own on a parsing thread ([`prepare`]); [`Builder::finish`] hands the
//! parts to [`Corpus::assemble`], which orders and indexes them.

mod article_ids;
mod declarations;
mod instances;
mod kept;
mod named;
mod prepare;
mod related_dates;
mod relations;

use article_ids::ArticleIds;
pub use declarations::Declarations;
use prepare::PreparedEvent;
pub use prepare::{Prepared, prepare};

use super::Loaded;
use super::raw::{RawArticle, RawAttributes, RawParticipant, RawRelation, RawStory};
use crate::diagnostic::{Diagnostic, Report};
use crate::model::{
    Actor, ActorIx, ActorKind, Article, Attributes, Corpus, Event, EventIx, Loc, Names, Participant, Parts,
};
use crate::text::Text;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Arc;

#[derive(Default)]
pub struct Builder {
    /// Where the corpus places events without a date (`--no-reported-on`).
    pub undated: crate::model::Undated,
    /// Target entities declared for the corpus (`--entities`).
    pub entities: Vec<crate::ingest::entities::Entity>,
    files: Vec<String>,
    articles: Vec<Article>,
    article_ids: ArticleIds,
    from_export: Vec<bool>,
    mergeable: Vec<bool>,
    actors: Vec<Actor>,
    actor_ids: HashMap<String, ActorIx>,
    actor_at: Vec<Loc>,
    events: Vec<Event>,
    /// The events' lower-cased text for search, made by [`prepare`], one after another;
    /// and where each event's ends.
    /// Events so far of each article, in the order they came: relation targets are
    /// looked up here, and their number numbers the events of merged articles.
    article_events: Vec<Vec<EventIx>>,
    /// The first participant to name each actor no article had declared yet: warned about
    /// at the end if none ever does (once per actor).
    undeclared_uses: Vec<(ActorIx, Loc)>,
    /// Relations whose target was not loaded yet when their event came (a later
    /// article's event): resolved once every file is in.
    deferred: Vec<(EventIx, usize, RawRelation)>,
    /// Events by id, for articles of more than [`INDEXED_FROM`] events (smaller ones are
    /// searched in order).
    event_index: HashMap<u32, HashMap<Box<str>, EventIx>>,
    /// Relations of exports pointing outside them, by file.
    outside_export: HashMap<u32, usize>,
    /// Actions and tags of the articles prepared here (not on streaming workers).
    words: Words,
    /// Fingerprints of first declarations, shared with the threads that parse.
    declarations: Arc<Declarations>,
    /// For each actor, the fingerprint of the declaration kept for it (0: none known).
    first_declaration: Vec<u64>,
    /// Stories kept in native exports, resolved at the end ([`Builder::finish`]).
    kept: Vec<RawStory>,
}

/// Articles with more events than this have their events indexed by id.
const INDEXED_FROM: usize = 32;

/// Actions and tags recur a million times over a few dozen words: each word is kept once
/// (per preparing thread) and shared.
#[derive(Default)]
pub struct Words {
    all: std::collections::HashSet<Arc<str>, foldhash::fast::RandomState>,
    /// The words met last, in slots chosen by a cheap hash of their length and ends: the
    /// names of a GDELT row's columns and its common values are found here, compared but
    /// not hashed (the set's SipHash was a tenth of a GDELT load). Only a cache: a word
    /// not in its slot is looked up in `all`, so no input can make it slow.
    recent: Vec<Option<Arc<str>>>,
    /// Lists of attribute names made so far, by a hash of the names: each list is shared
    /// by every event with those names.
    name_lists: HashMap<u64, Vec<Names>>,
    lists_seed: foldhash::fast::RandomState,
}

const RECENT_SLOTS: usize = 1024;

impl Words {
    /// The model's attributes of `raw`: the values moved, the names a list shared with
    /// every event of this thread that had the same ones.
    pub fn attributes(&mut self, raw: RawAttributes) -> Attributes {
        if raw.is_empty() {
            return Attributes::default();
        }
        let key = {
            let mut h = self.lists_seed.build_hasher();
            raw.names().for_each(|n| n.hash(&mut h));
            h.finish()
        };
        let known = self.name_lists.get(&key).and_then(|lists| {
            lists.iter().find(|list| list.len() == raw.len() && list.iter().map(|n| &**n).eq(raw.names())).cloned()
        });
        let names = match known {
            Some(names) => names,
            None => {
                let names: Names = raw.names().map(|n| self.get(n.to_string())).collect();
                self.name_lists.entry(key).or_default().push(names.clone());
                names
            }
        };
        let (ends, values) = raw.into_values();
        Attributes::new(names, ends, values)
    }

    pub fn get(&mut self, word: String) -> Arc<str> {
        if self.recent.is_empty() {
            self.recent = vec![None; RECENT_SLOTS];
        }
        let bytes = word.as_bytes();
        let mix = |h: usize, b: u8| (h ^ usize::from(b)).wrapping_mul(0x100_0193);
        let slot =
            bytes.iter().take(4).chain(bytes.iter().rev().take(4)).fold(bytes.len(), |h, &b| mix(h, b)) % RECENT_SLOTS;
        if let Some(known) = &self.recent[slot]
            && **known == *word
        {
            return known.clone();
        }
        let shared = match self.all.get(word.as_str()) {
            Some(known) => known.clone(),
            None => {
                let new: Arc<str> = word.into();
                self.all.insert(new.clone());
                new
            }
        };
        self.recent[slot] = Some(shared.clone());
        shared
    }
}

impl Builder {
    /// Register a file; its index goes into every [`Loc`] of what it holds.
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.files.push(name.to_string());
        (self.files.len() - 1) as u32
    }

    /// Make room for the events a file of `bytes` will add, at one every 300 bytes (GDELT
    /// rows are 375, native lines more): growing an array of a million events by doubling
    /// copies 200 MB while both copies are held, near the end of loading, when memory is at
    /// its peak. Room reserved and not written is address space, not memory.
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.events.reserve((bytes / 300) as usize);
    }

    /// What workers fingerprint declarations with, for [`Builder::add_prepared`].
    pub fn declarations(&self) -> Arc<Declarations> {
        Arc::clone(&self.declarations)
    }

    fn place(&self, loc: Loc) -> String {
        format!("{}:{}:{}", self.files[loc.file as usize], loc.line, loc.column)
    }

    fn error(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::error(&self.files[loc.file as usize], loc.line, loc.column, message)
    }

    fn warning(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::warning(&self.files[loc.file as usize], loc.line, loc.column, message)
    }

    pub fn add_articles(&mut self, articles: Vec<RawArticle>, diagnostics: &mut Vec<Diagnostic>) {
        for article in articles {
            let name = self.files[article.at.file as usize].clone();
            let prepared = prepare(article, &name, &mut self.words);
            self.add_prepared(prepared, diagnostics);
        }
    }

    /// Add an article that [`prepare`] checked: what needs the rest of the corpus (its id
    /// against the others', its actors) is done here.
    pub fn add_prepared(&mut self, prepared: Prepared, diagnostics: &mut Vec<Diagnostic>) {
        let Prepared {
            mut article,
            from_export,
            merge,
            actors,
            actor_fingerprints,
            events,
            diagnostics: found,
            kept_stories,
        } = prepared;
        self.kept.extend(kept_stories);
        if let Some(first) = self.article_ids.get(&self.articles, &article.id) {
            let first_at = self.place(self.articles[first].loc);
            // An export holds one entry per event of an article, GDELT one row: merge those.
            let merges = (from_export && self.from_export[first]) || (merge && self.mergeable[first]);
            if !merges {
                diagnostics.push(self.error(
                    article.loc,
                    format!(
                        "duplicate article id '{}' (first defined at {first_at}); this article is skipped",
                        article.id
                    ),
                ));
                return;
            }
        }
        diagnostics.extend(found);
        for (k, actor) in actors.iter().enumerate() {
            let fingerprint = actor_fingerprints.get(k).copied().unwrap_or(0);
            self.declare_actor(actor, fingerprint, diagnostics);
        }
        let known = self.article_ids.get(&self.articles, &article.id);
        let met_again = known.is_some();
        // The events of an article met again were read against its text in this file, and
        // the text kept is the first one's: quotes in a text not kept are kept as written.
        let dropped = match known {
            Some(first)
                if self.articles[first].text.as_ref().map(Text::raw) != article.text.as_ref().map(Text::raw) =>
            {
                article.text.take()
            }
            _ => None,
        };
        let article_ix = match known {
            Some(ix) => ix,
            None => {
                self.articles.push(article);
                self.article_ids.insert(&self.articles, self.articles.len() - 1);
                self.from_export.push(from_export);
                self.mergeable.push(merge);
                self.article_events.push(Vec::new());
                self.articles.len() - 1
            }
        };
        let first = self.events.len();
        let mut relations_of = Vec::with_capacity(events.len());
        for PreparedEvent { mut event, participants, relations } in events {
            // GDELT rows of one URL met again (in another block or file) must not repeat
            // an event id, as rows read together must not. (Exports may overlap: the
            // last of an id is the one relations name.)
            if met_again
                && merge
                && let Some(known) = self.find_event(article_ix, &event.id)
            {
                let first_at = self.place(self.events[known as usize].loc);
                diagnostics.push(self.error(
                    event.loc,
                    format!(
                        "duplicate event id '{}' in article '{}' (first defined at {first_at}); this event is skipped",
                        event.id, self.articles[article_ix].id
                    ),
                ));
                continue;
            }
            if let Some(text) = &dropped {
                event.evidence = event.evidence.iter().map(|q| q.outside(text.raw())).collect();
            }
            event.article = article_ix as u32;
            // An article met again (an export's, a GDELT URL's) continues its numbering.
            event.ordinal = self.article_events[article_ix].len() as u32;
            event.participants = participants.iter().map(|p| self.participant(p)).collect();
            self.index_event(article_ix, self.events.len() as EventIx, &event.id);
            self.article_events[article_ix].push(self.events.len() as EventIx);
            self.events.push(event);
            relations_of.push(relations);
        }
        // After the article's events are all in: a relation may name a later one of them.
        for (i, relations) in relations_of.into_iter().enumerate() {
            let source = first + i;
            let resolved = relations
                .into_iter()
                .enumerate()
                .filter_map(|(place, r)| self.relation(source, place, r, false, diagnostics))
                .collect();
            self.events[source].relations = resolved;
        }
    }

    /// Resolve what waited for every file, order the timeline and index it.
    pub fn finish(mut self, mut diagnostics: Vec<Diagnostic>) -> Loaded {
        // In file order, each back in its place among its event's relations.
        for (source, place, raw) in std::mem::take(&mut self.deferred) {
            if let Some(relation) = self.relation(source as usize, place, raw, true, &mut diagnostics) {
                let event = &mut self.events[source as usize];
                let mut relations = std::mem::take(&mut event.relations).into_vec();
                relations.insert(place, relation);
                event.relations = relations.into_boxed_slice();
            }
        }
        for &(actor, at) in &self.undeclared_uses {
            if !self.actors[actor as usize].declared {
                let id = &self.actors[actor as usize].id;
                diagnostics.push(
                    self.warning(
                        at,
                        format!("unknown actor '{id}': no article declares it; kept as an undeclared actor"),
                    ),
                );
            }
        }
        for (file, n) in std::mem::take(&mut self.outside_export) {
            diagnostics.push(Diagnostic::warning(
                &self.files[file as usize],
                1,
                1,
                format!("{n} relations of this export point to events it does not hold; they are kept unresolved"),
            ));
        }
        let kept_stories = self.kept_stories(&mut diagnostics);
        instances::same_instances(&self.articles, &mut self.events);
        related_dates::date_through_relations(&self.articles, &mut self.events);
        named::add_entities(&self.entities, &mut self.actors, &mut self.actor_ids);
        named::name_participants(&self.actors, &self.articles, &mut self.events);
        let report = Report::new(diagnostics, &self.files);
        // What only loading needed goes before the timeline is ordered and indexed, where a
        // load's memory peaks (a GDELT table's 700,000 articles' event lists were 40 MB).
        self.article_events = Vec::new();
        self.article_ids = ArticleIds::default();
        self.event_index = HashMap::new();
        self.actor_at = Vec::new();
        self.words = Words::default();
        let corpus = Corpus::assemble(Parts {
            files: self.files,
            articles: self.articles,
            actors: self.actors,
            actor_ids: self.actor_ids,
            events: self.events,
            kept_stories,
            undated: self.undated,
            in_order: false,
        });
        Loaded { corpus, report }
    }

    /// A participant's actor; one no article has declared so far is kept as undeclared
    /// until one does.
    fn participant(&mut self, raw: &RawParticipant) -> Participant {
        let actor = match self.actor_ids.get(&raw.actor) {
            Some(&ix) => ix,
            None => {
                self.actors.push(Actor {
                    id: raw.actor.clone(),
                    name: Text::line(raw.actor.as_str()),
                    aliases: Vec::new(),
                    kind: ActorKind::Other,
                    description: None,
                    declared: false,
                });
                self.actor_at.push(raw.at);
                self.first_declaration.push(0);
                let ix = (self.actors.len() - 1) as ActorIx;
                self.actor_ids.insert(raw.actor.clone(), ix);
                self.undeclared_uses.push((ix, raw.at));
                ix
            }
        };
        Participant { actor, role: raw.role }
    }
}
