//! Merges raw articles from every file into one [`Corpus`], checking what only the whole
//! corpus can tell: duplicate ids, actors declared elsewhere, relation targets, dates
//! that contradict relations, evidence against the article text.

use super::Loaded;
use super::raw::{RawActor, RawArticle, RawEvent, RawEvidence, RawParticipant, RawRelation};
use crate::diagnostic::{Diagnostic, Report};
use crate::model::relative::Direction;
use crate::model::{
    Actor, ActorIx, ActorKind, Article, Corpus, Event, EventIx, Evidence, Loc, Participant, Parts, Relation,
    RelationKind, SearchText, Status, When, relative,
};
use crate::text::{LineText, Text};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct Builder {
    files: Vec<String>,
    articles: Vec<Article>,
    article_ids: HashMap<String, usize>,
    from_export: Vec<bool>,
    mergeable: Vec<bool>,
    actors: Vec<Actor>,
    actor_ids: HashMap<String, ActorIx>,
    actor_at: Vec<Loc>,
    events: Vec<Event>,
    /// The events' lower-cased text for search, made by [`prepare`], one after another;
    /// and where each event's ends.
    search: String,
    search_ends: Vec<usize>,
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
}

/// Fingerprints of actor declarations: a declaration identical to the one an actor was
/// first declared with changes nothing. The builder publishes the fingerprint of each
/// actor's first declaration as it merges it; the threads that parse drop the declarations
/// that match one ([`Prepared::fingerprint_declarations`]), and the builder passes over the
/// ones that match but came before their actor's was published. Either way the outcome is
/// the builder's own: only a declaration identical (to a 64-bit keyed hash) to the one it
/// kept is passed over, whatever the threads' timing.
#[derive(Default)]
pub struct Declarations {
    keys: std::collections::hash_map::RandomState,
    /// The first declaration's fingerprint of each actor, by the hash of the actor's id.
    firsts: std::sync::RwLock<HashMap<u64, u64>>,
}

impl Declarations {
    fn fingerprint(&self, actor: &RawActor) -> u64 {
        use std::hash::BuildHasher;
        // Never 0, which stands for "none known".
        self.keys.hash_one((&actor.id, &actor.name, &actor.aliases, actor.kind, &actor.description)).max(1)
    }

    fn id_hash(&self, id: &str) -> u64 {
        use std::hash::BuildHasher;
        self.keys.hash_one(id)
    }

    fn publish(&self, id: &str, fingerprint: u64) {
        if let Ok(mut firsts) = self.firsts.write() {
            firsts.insert(self.id_hash(id), fingerprint);
        }
    }
}

/// Articles with more events than this have their events indexed by id.
const INDEXED_FROM: usize = 32;

/// Actions and tags recur a million times over a few dozen words: each word is kept once
/// (per preparing thread) and shared.
#[derive(Default)]
pub struct Words(std::collections::HashSet<Arc<str>>);

impl Words {
    pub fn get(&mut self, word: String) -> Arc<str> {
        if let Some(known) = self.0.get(word.as_str()) {
            return known.clone();
        }
        let new: Arc<str> = word.into();
        self.0.insert(new.clone());
        new
    }
}

impl Builder {
    /// Register a file; its index goes into every [`Loc`] of what it holds.
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.files.push(name.to_string());
        (self.files.len() - 1) as u32
    }

    /// Make room for what a file of `bytes` will add to the search text (a fifth of a
    /// native file, a little less of GDELT): growing a buffer of a hundred megabytes by
    /// doubling copies it while both copies are held, near the end of loading, when memory
    /// is at its peak. Room reserved and not written costs no memory.
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.search.reserve((bytes / 4) as usize);
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
            article,
            from_export,
            merge,
            actors,
            actor_fingerprints,
            events,
            search,
            search_ends,
            diagnostics: found,
        } = prepared;
        if let Some(&first) = self.article_ids.get(&article.id) {
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
        let article_ix = match self.article_ids.get(&article.id) {
            Some(&ix) => ix,
            None => {
                self.article_ids.insert(article.id.clone(), self.articles.len());
                self.articles.push(article);
                self.from_export.push(from_export);
                self.mergeable.push(merge);
                self.article_events.push(Vec::new());
                self.articles.len() - 1
            }
        };
        let first = self.events.len();
        let mut relations_of = Vec::with_capacity(events.len());
        let search_base = self.search.len();
        self.search.push_str(&search);
        self.search_ends.extend(search_ends.iter().map(|end| search_base + end));
        for PreparedEvent { mut event, participants, relations } in events {
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

    /// Declare an actor; `fingerprint` (0 when not made) says whether the declaration is
    /// the very one the actor was first declared with, which changes nothing.
    fn declare_actor(&mut self, raw: &RawActor, fingerprint: u64, diagnostics: &mut Vec<Diagnostic>) {
        let declared = || Actor {
            id: raw.id.clone(),
            name: Text::line(raw.name.clone().unwrap_or_else(|| raw.id.clone())),
            aliases: Vec::new(),
            kind: raw.kind.unwrap_or(ActorKind::Other),
            description: raw.description.as_deref().map(Text::line),
            declared: true,
        };
        let ix = match self.actor_ids.get(&raw.id) {
            Some(&ix) if self.actors[ix as usize].declared => {
                if fingerprint != 0 && self.first_declaration[ix as usize] == fingerprint {
                    return;
                }
                ix
            }
            // A participant named it before any article declared it: this is its declaration.
            Some(&ix) => {
                self.actors[ix as usize] = declared();
                self.actor_at[ix as usize] = raw.at;
                self.first_declaration[ix as usize] = fingerprint;
                if fingerprint != 0 {
                    self.declarations.publish(&raw.id, fingerprint);
                }
                self.add_aliases(ix, &raw.aliases);
                return;
            }
            None => {
                self.actors.push(declared());
                self.actor_at.push(raw.at);
                self.first_declaration.push(fingerprint);
                if fingerprint != 0 {
                    self.declarations.publish(&raw.id, fingerprint);
                }
                let ix = (self.actors.len() - 1) as ActorIx;
                self.actor_ids.insert(raw.id.clone(), ix);
                self.add_aliases(ix, &raw.aliases);
                return;
            }
        };
        let actor = &mut self.actors[ix as usize];
        if let Some(name) = &raw.name
            && name != actor.name.raw()
            && !same_name(name, actor.name.raw())
        {
            let kept = actor.name.raw().to_string();
            let first_at = self.place(self.actor_at[ix as usize]);
            // The other name still finds the actor.
            let name = name.clone();
            diagnostics.push(self.warning(
                raw.at,
                format!(
                    "actor '{}' is named '{name}' here but '{kept}' at {first_at}; keeping '{kept}' and adding '{name}' as an alias",
                    raw.id
                ),
            ));
            self.add_aliases(ix, std::slice::from_ref(&name));
        }
        if let Some(name) = &raw.name
            && name != self.actors[ix as usize].name.raw()
        {
            // Another spelling of the same name ("US" for "U.S.") still finds the actor.
            self.add_aliases(ix, std::slice::from_ref(name));
        }
        let actor = &mut self.actors[ix as usize];
        if actor.description.is_none() {
            actor.description = raw.description.as_deref().map(Text::line);
        }
        if actor.kind == ActorKind::Other
            && let Some(kind) = raw.kind
        {
            actor.kind = kind;
        }
        self.add_aliases(ix, &raw.aliases);
    }

    /// Add aliases not already known (compared without case).
    fn add_aliases(&mut self, ix: ActorIx, aliases: &[String]) {
        let actor = &mut self.actors[ix as usize];
        for alias in aliases {
            // Most declarations repeat what is known: no need to lower-case those.
            if actor.name.raw() == alias || actor.aliases.iter().any(|a| a.raw() == alias) {
                continue;
            }
            let lower = alias.to_lowercase();
            let known = actor.name.raw().to_lowercase() == lower
                || actor.aliases.iter().any(|a| a.raw().to_lowercase() == lower);
            if !known && !alias.trim().is_empty() {
                actor.aliases.push(Text::line(alias.as_str()));
            }
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
        let report = Report::new(diagnostics, &self.files);
        let corpus = Corpus::assemble(Parts {
            files: self.files,
            articles: self.articles,
            actors: self.actors,
            actor_ids: self.actor_ids,
            events: self.events,
            search_text: SearchText::new(self.search, self.search_ends),
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

    /// Keep `find_event` quick for an article of many events (a TimeML document of
    /// thousands): `event`, with id `id`, is joining `article`.
    fn index_event(&mut self, article: usize, event: EventIx, id: &str) {
        let known = &self.article_events[article];
        if let Some(index) = self.event_index.get_mut(&(article as u32)) {
            index.insert(id.into(), event);
        } else if known.len() >= INDEXED_FROM {
            let mut index: HashMap<Box<str>, EventIx> =
                known.iter().map(|&e| (self.events[e as usize].id.clone(), e)).collect();
            index.insert(id.into(), event);
            self.event_index.insert(article as u32, index);
        }
    }

    /// The event of `article` whose id is `id` (the last, should two parts of a merged
    /// article repeat one).
    fn find_event(&self, article: usize, id: &str) -> Option<EventIx> {
        match self.event_index.get(&(article as u32)) {
            Some(index) => index.get(id).copied(),
            None => self.article_events[article].iter().rev().copied().find(|&e| &*self.events[e as usize].id == id),
        }
    }

    /// What a relation of an event of `article` names: ARTICLE/EVENT (an article id may
    /// itself hold a '/': the first reading that names an event wins), else an event of
    /// `article`; and whether it was written ARTICLE/EVENT. `None` while what is loaded so far
    /// cannot tell what the whole corpus will say (an article not loaded yet, or one that
    /// later parts may add events to); at the `last_chance`, what the corpus says.
    fn find_target(&self, article: usize, target: &str, last_chance: bool) -> Option<(Option<EventIx>, bool)> {
        let may_grow = |a: usize| !last_chance && (self.from_export[a] || self.mergeable[a]);
        for (i, _) in target.match_indices('/') {
            match self.article_ids.get(&target[..i]) {
                None if !last_chance => return None,
                None => {}
                // An article that later parts may add to may also repeat an event id,
                // and the last one is the one meant: wait for the end.
                Some(&other) if may_grow(other) => return None,
                Some(&other) => {
                    if let Some(t) = self.find_event(other, &target[i + 1..]) {
                        return Some((Some(t), true));
                    }
                }
            }
        }
        if may_grow(article) {
            return None;
        }
        Some((self.find_event(article, target), false))
    }

    /// Resolve relation number `place` of event `source`. Until every file is in
    /// (`last_chance` false), one whose target is not found yet waits in `deferred`.
    fn relation(
        &mut self,
        source: usize,
        place: usize,
        raw: RawRelation,
        last_chance: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Relation> {
        let article = self.events[source].article as usize;
        let Some((target, canonical)) = self.find_target(article, &raw.target, last_chance) else {
            self.deferred.push((source as EventIx, place, raw));
            return None;
        };
        match target {
            None if self.from_export[article] => *self.outside_export.entry(raw.at.file).or_default() += 1,
            None => diagnostics.push(self.warning(
                raw.at,
                format!("relation target '{}' not found (write it as ARTICLE/EVENT); kept unresolved", raw.target),
            )),
            Some(t) if t as usize == source => {
                diagnostics.push(self.warning(raw.at, format!("relation '{}' points to its own event", raw.kind)))
            }
            Some(_) => {}
        }
        let target_ref = match target {
            Some(t) if !canonical => {
                let e = &self.events[t as usize];
                format!("{}/{}", self.articles[e.article as usize].id, e.id).into()
            }
            _ => raw.target.into(),
        };
        let relation = Relation { kind: raw.kind, target_ref, target };
        self.check_relation_date(source, &relation, raw.at, diagnostics);
        Some(relation)
    }

    /// An event that responds to, retaliates for, revokes or follows a later event, or
    /// that is the same as an event dated otherwise.
    fn check_relation_date(&self, source: usize, r: &Relation, at: Loc, diagnostics: &mut Vec<Diagnostic>) {
        let event = &self.events[source];
        let Some(date) = event.date else { return };
        let Some(target) = r.target.filter(|&t| t as usize != source) else { return };
        let Some(target_date) = self.events[target as usize].date else { return };
        if r.kind == RelationKind::SameAs && !date.overlaps(&target_date) {
            diagnostics.push(self.warning(
                at,
                format!(
                    "event '{}' is the same as '{}' but the sources disagree on its date: {date} here, {target_date} there",
                    event.id, r.target_ref
                ),
            ));
        }
        // An open side ("before 2016-12-30") may reach as far as needed.
        if r.kind.comes_after_target() && date.extent().1 <= target_date.extent().0 {
            diagnostics.push(self.warning(
                at,
                format!(
                    "event '{}' {} '{}' but is dated {date}, before it ({target_date})",
                    event.id,
                    r.kind.label(),
                    r.target_ref
                ),
            ));
        }
    }
}

/// An article checked on its own, as far as it can be without the rest of the corpus:
/// its text sanitized, its events' dates resolved, evidence located, duplicate event ids
/// found. This is most of loading's work and runs on the parsing threads.
pub struct Prepared {
    article: Article,
    from_export: bool,
    merge: bool,
    actors: Vec<RawActor>,
    /// Fingerprints of `actors` (empty when not made).
    actor_fingerprints: Vec<u64>,
    events: Vec<PreparedEvent>,
    /// The events' summaries and evidence in lower case, for text search, one after
    /// another; and where each event's ends.
    search: String,
    search_ends: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// Fingerprint the article's actor declarations, on the thread that prepared it, so that
    /// repeated declarations cost the merging thread only a comparison.
    pub fn fingerprint_declarations(&mut self, declarations: &Declarations) {
        let fingerprints: Vec<u64> = self.actors.iter().map(|a| declarations.fingerprint(a)).collect();
        let firsts = declarations.firsts.read().ok();
        let published = |actor: &RawActor, fingerprint: u64| {
            firsts.as_ref().is_some_and(|f| f.get(&declarations.id_hash(&actor.id)) == Some(&fingerprint))
        };
        let mut kept = Vec::with_capacity(self.actors.len());
        self.actor_fingerprints = Vec::with_capacity(self.actors.len());
        for (actor, fingerprint) in std::mem::take(&mut self.actors).into_iter().zip(fingerprints) {
            if !published(&actor, fingerprint) {
                kept.push(actor);
                self.actor_fingerprints.push(fingerprint);
            }
        }
        self.actors = kept;
    }
}

struct PreparedEvent {
    event: Event,
    participants: Vec<RawParticipant>,
    relations: Vec<RawRelation>,
}

/// Check an article on its own; `file` names the file it came from, for diagnostics.
pub fn prepare(mut raw: RawArticle, file: &str, words: &mut Words) -> Prepared {
    let mut diagnostics = Vec::new();
    let p = Preparer { file };
    if raw.text.is_none() && !raw.from_export {
        let quotes: usize = raw.events.iter().map(|e| e.evidence.len()).sum();
        if quotes > 0 {
            diagnostics.push(p.warning(
                raw.at,
                format!("article '{}' has no 'text': its {quotes} evidence quotes cannot be checked", raw.id),
            ));
        }
    }
    if raw.published.is_none() {
        p.unresolvable_dates(&raw, &mut diagnostics);
    }
    // Duplicates are found first, so that events can then be moved, not copied.
    let raw_events = std::mem::take(&mut raw.events);
    let mut first_at: HashMap<&str, Loc> = HashMap::with_capacity(raw_events.len());
    let duplicate_of: Vec<Option<Loc>> = raw_events
        .iter()
        .map(|e| match first_at.get(e.id.as_str()) {
            Some(&first) => Some(first),
            None => {
                first_at.insert(&e.id, e.at);
                None
            }
        })
        .collect();
    drop(first_at);
    let chars = raw.text.as_deref().map(CharIndex::new);
    let mut events = Vec::with_capacity(raw_events.len());
    let mut search = String::new();
    let mut search_ends = Vec::with_capacity(raw_events.len());
    for (mut event, duplicate) in raw_events.into_iter().zip(duplicate_of) {
        if let Some(first) = duplicate {
            diagnostics.push(p.error(
                event.at,
                format!(
                    "duplicate event id '{}' in article '{}' (first defined at {file}:{}:{}); this event is skipped",
                    event.id, raw.id, first.line, first.column
                ),
            ));
            continue;
        }
        push_lower(&mut search, &event.summary);
        for e in &event.evidence {
            search.push('\n');
            push_lower(&mut search, &e.quote);
        }
        search_ends.push(search.len());
        let participants = std::mem::take(&mut event.participants);
        let relations = std::mem::take(&mut event.relations);
        let built = p.event(event, &raw, chars.as_ref(), words, &mut diagnostics);
        events.push(PreparedEvent { event: built, participants, relations });
    }
    let article = Article {
        id: raw.id,
        title: Text::line(raw.title),
        source: raw.source.map(Text::line),
        author: raw.author.map(Text::line),
        published: raw.published,
        url: raw.url.map(Text::line),
        text: raw.text.map(Text::block),
        loc: raw.at,
    };
    Prepared {
        article,
        from_export: raw.from_export,
        merge: raw.merge,
        actors: raw.actors,
        actor_fingerprints: Vec::new(),
        events,
        search,
        search_ends,
        diagnostics,
    }
}

/// Diagnostics of one file, for [`prepare`].
struct Preparer<'f> {
    file: &'f str,
}

impl Preparer<'_> {
    /// Events with `date_text` and no `date` in an article without `published`: one warning.
    fn unresolvable_dates(&self, raw: &RawArticle, diagnostics: &mut Vec<Diagnostic>) {
        let stranded: Vec<&RawEvent> = raw
            .events
            .iter()
            .filter(|e| e.date.is_none() && !e.date_resolved)
            .filter(|e| e.date_text.as_deref().is_some_and(|t| When::parse(t).is_err()))
            .collect();
        let Some(first) = stranded.first() else { return };
        let mut examples: Vec<String> = Vec::new();
        for e in &stranded {
            let words = format!("'{}'", e.date_text.as_deref().unwrap_or(""));
            if examples.len() < 3 && !examples.contains(&words) {
                examples.push(words);
            }
        }
        let message = if stranded.len() == 1 {
            format!(
                "event '{}': date_text {} cannot be resolved because the article has no 'published' date; the event is undated",
                first.id, examples[0]
            )
        } else {
            format!(
                "{} events of article '{}' have a date_text ({}{}) that cannot be resolved because the article has no 'published' date; they are undated (the first here)",
                stranded.len(),
                raw.id,
                examples.join(", "),
                if stranded.len() > examples.len() { ", …" } else { "" }
            )
        };
        diagnostics.push(self.warning(first.at, message));
    }

    fn error(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::error(self.file, loc.line, loc.column, message)
    }

    fn warning(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::warning(self.file, loc.line, loc.column, message)
    }

    fn event(
        &self,
        raw: RawEvent,
        article: &RawArticle,
        chars: Option<&CharIndex>,
        words: &mut Words,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Event {
        let (date, date_resolved) = self.resolve_date(&raw, article, diagnostics);
        let evidence = raw.evidence.iter().map(|e| self.evidence(e, article, chars, diagnostics)).collect();
        Event {
            article: 0,
            id: raw.id.into(),
            date,
            date_text: raw.date_text.map(LineText::new),
            date_resolved,
            summary: LineText::new(raw.summary),
            action: raw.action.map(|a| words.get(a)),
            status: raw.status,
            participants: Box::default(),
            evidence,
            relations: Box::default(),
            tags: raw.tags.into_iter().map(|t| words.get(t)).collect(),
            attributes: raw.attributes.into_iter().map(|(k, v)| (words.get(k), words.get(v))).collect(),
            ordinal: 0,
            loc: raw.at,
        }
    }

    /// The event's date: as written, or resolved from `date_text` against publication;
    /// a `date_text` that resolves to another day than `date` is a warning.
    fn resolve_date(
        &self,
        raw: &RawEvent,
        article: &RawArticle,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Option<When>, bool) {
        let Some(words) = &raw.date_text else { return (raw.date, raw.date_resolved) };
        if raw.date_resolved {
            return (raw.date, true);
        }
        let Some(published) = &article.published else {
            // Only a date written out ("2016") reads without publication; the others are
            // reported once per article by `add_article`.
            return match (raw.date, When::parse(words)) {
                (None, Ok(w)) => (Some(w), true),
                (date, _) => (date, false),
            };
        };
        let looking_ahead = matches!(raw.status, Status::Planned | Status::Hypothetical);
        let direction = if looking_ahead { Direction::Future } else { Direction::Past };
        let resolved = relative::resolve_towards(words, published, direction);
        // A written date agrees with its words if either reading of them fits it.
        let agrees = |d: &When| {
            [Direction::Past, Direction::Future]
                .into_iter()
                .any(|dir| relative::resolve_towards(words, published, dir).is_none_or(|r| r.overlaps(d)))
        };
        match (raw.date, resolved) {
            (None, Some(r)) => (Some(r), true),
            (None, None) => {
                diagnostics.push(self.warning(
                    raw.at,
                    format!("event '{}': cannot read a date in date_text '{words}'; the event is undated", raw.id),
                ));
                (None, false)
            }
            (Some(d), Some(r)) if !agrees(&d) => {
                diagnostics.push(self.warning(
                    raw.date_at,
                    format!(
                        "event '{}': date is {d} but date_text '{words}' means {r} for an article published {published}",
                        raw.id
                    ),
                ));
                (Some(d), false)
            }
            (Some(d), _) => (Some(d), false),
        }
    }

    fn evidence(
        &self,
        raw: &RawEvidence,
        article: &RawArticle,
        chars: Option<&CharIndex>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Evidence {
        let (Some(text), Some(chars)) = (&article.text, chars) else {
            return Evidence::written(&raw.quote, raw.span);
        };
        if let Some((start, end)) = raw.span
            && let Some(bytes) = chars.bytes(text, start, end)
            && text[bytes.0..bytes.1] == raw.quote
        {
            return Evidence::in_text(bytes, (start, end));
        }
        let found = chars.find(text, &raw.quote);
        let message = match (raw.span, found) {
            (_, None) => Some(format!("evidence quote not found in the article text: '{}'", shorten(&raw.quote))),
            (Some((start, end)), Some((_, (s, e)))) => {
                Some(format!("evidence offsets {start}..{end} do not hold the quote; it is at {s}..{e}, which is used"))
            }
            (None, Some(_)) => None,
        };
        if let Some(message) = message {
            diagnostics.push(self.warning(raw.at, message));
        }
        match found {
            Some((bytes, span)) => Evidence::in_text(bytes, span),
            None => Evidence::written(&raw.quote, None),
        }
    }
}

/// Append `s` in lower case; ASCII text (most of it) without a character-by-character walk.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Two spellings of one name: equal once case, spaces and punctuation are set aside
/// ("U.S." and "US", "THE EU" and "the EU").
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    letters(a) == letters(b)
}

/// Character offsets of a text, for evidence spans: counting characters from the start for
/// every quote would make long articles quadratic. ASCII text needs no table.
struct CharIndex {
    /// Byte offset of each character, and the text's length at the end.
    bytes: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let bytes = (!text.is_ascii())
            .then(|| text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect());
        CharIndex { bytes }
    }

    fn byte(&self, char_offset: usize, text: &str) -> Option<usize> {
        match &self.bytes {
            None => (char_offset <= text.len()).then_some(char_offset),
            Some(table) => table.get(char_offset).copied(),
        }
    }

    fn char(&self, byte_offset: usize) -> usize {
        match &self.bytes {
            None => byte_offset,
            Some(table) => table.partition_point(|&b| b < byte_offset),
        }
    }

    /// Byte offsets of two character offsets, if both are inside the text.
    fn bytes(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = (self.byte(start, text)?, self.byte(end, text)?);
        text.get(s..e).map(|_| (s, e))
    }

    /// Byte and character offsets of the first occurrence of `needle`.
    fn find(&self, text: &str, needle: &str) -> Option<((usize, usize), (usize, usize))> {
        if needle.is_empty() {
            return None;
        }
        let at = text.find(needle)?;
        let end = at + needle.len();
        Some(((at, end), (self.char(at), self.char(end))))
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_is_held_once() {
        let mut words = Words::default();
        let (a, b) = (words.get("expel".to_string()), words.get("expel".to_string()));
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        for text in ["Путин said: no.", "Putin said: no."] {
            let chars = CharIndex::new(text);
            let slice = |s, e| chars.bytes(text, s, e).map(|(s, e)| &text[s..e]);
            assert_eq!(chars.find(text, "said").map(|(_, span)| span), Some((6, 10)));
            assert_eq!(slice(6, 10), Some("said"));
            assert_eq!(slice(14, 15), Some("."));
            assert_eq!(slice(14, 16), None);
            assert_eq!(slice(15, 15), Some(""));
        }
        let text = "Путин said";
        assert_eq!(CharIndex::new(text).bytes(text, 0, 5), Some((0, 10)));
    }
}
