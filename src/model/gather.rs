//! A corpus of events chosen from other corpora: the pages of a stored timeline, each a
//! corpus of its own, gathered into one that the interface and the commands work on as on
//! loaded files. Articles, actors and files are shared by id; relations are resolved again
//! among the gathered events (a relation across two pages finds its target).

use super::{Actor, ActorIx, Article, ArticleIx, Corpus, Event, EventIx, Loc, Parts, Undated};
use std::collections::HashMap;

/// The maps of ids gathered: foldhash, seeded per run (SipHash on every row's article id was
/// a tenth of a store's window).
type Ids<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Events gathered so far, from corpora handed over in timeline order.
#[derive(Debug, Default)]
pub struct Gather {
    files: Vec<String>,
    file_ix: Ids<String, u32>,
    articles: Vec<Article>,
    article_ix: Ids<String, ArticleIx>,
    actors: Vec<Actor>,
    actor_ids: Ids<String, ActorIx>,
    events: Vec<Event>,
}

impl Gather {
    pub fn new() -> Self {
        Gather::default()
    }

    /// Events gathered so far.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Add `events` of `from` (in its timeline order, after every event added before).
    pub fn add(&mut self, from: &Corpus, events: &[EventIx]) {
        // Each corpus's articles, actors and files, mapped to ours the first time they are met.
        let (mut articles, mut actors, mut files) = (Ids::default(), Ids::default(), Ids::default());
        for &ix in events {
            let event = from.event(ix);
            let mut copy = event.clone();
            copy.article = *articles.entry(event.article).or_insert_with(|| self.article(from, event.article));
            for p in copy.participants.iter_mut() {
                p.actor = *actors.entry(p.actor).or_insert_with(|| self.actor(from.actor(p.actor)));
            }
            copy.loc = Loc {
                file: *files.entry(event.loc.file).or_insert_with(|| self.file(from.file_of(event.loc))),
                ..event.loc
            };
            for r in copy.relations.iter_mut() {
                r.target = None;
            }
            self.events.push(copy);
        }
    }

    fn article(&mut self, from: &Corpus, article: ArticleIx) -> ArticleIx {
        let article = from.article(article);
        let made = self.article_with(&article.id, || {
            Ok::<_, std::convert::Infallible>((article.clone(), from.file_of(article.loc).to_string()))
        });
        match made {
            Ok(ix) => ix,
            Err(never) => match never {},
        }
    }

    /// The article `id`, made by `make` (the article and the name of the file it was
    /// written in) the first time it is met.
    pub fn article_with<E>(
        &mut self,
        id: &str,
        make: impl FnOnce() -> Result<(Article, String), E>,
    ) -> Result<ArticleIx, E> {
        if let Some(&ix) = self.article_ix.get(id) {
            return Ok(ix);
        }
        let (article, file) = make()?;
        let ix = self.articles.len() as ArticleIx;
        let file = self.file(&file);
        self.articles.push(Article { loc: Loc { file, ..article.loc }, ..article });
        self.article_ix.insert(id.to_string(), ix);
        Ok(ix)
    }

    fn actor(&mut self, actor: &Actor) -> ActorIx {
        self.actor_with(&actor.id, || actor.clone())
    }

    /// The actor `id`, made by `make` the first time it is met.
    pub fn actor_with(&mut self, id: &str, make: impl FnOnce() -> Actor) -> ActorIx {
        if let Some(&ix) = self.actor_ids.get(id) {
            return ix;
        }
        let ix = self.actors.len() as ActorIx;
        self.actors.push(make());
        self.actor_ids.insert(id.to_string(), ix);
        ix
    }

    /// The file named `name`, as events' and articles' places name it.
    pub fn file(&mut self, name: &str) -> u32 {
        if let Some(&ix) = self.file_ix.get(name) {
            return ix;
        }
        let ix = self.files.len() as u32;
        self.files.push(name.to_string());
        self.file_ix.insert(name.to_string(), ix);
        ix
    }

    /// Name the actors gathered as `catalog` (a store's list of its actors) names the same
    /// ids, with their aliases: else each is named as the events gathered first name it.
    pub fn name_actors_as(&mut self, catalog: &Corpus) {
        for actor in &mut self.actors {
            if let Some(ix) = catalog.actor_by_id(&actor.id) {
                let named = catalog.actor(ix);
                actor.name = named.name.clone();
                actor.aliases = named.aliases.clone();
            }
        }
    }

    /// Add an event made elsewhere (its article, actors and file this gather's), after
    /// every event added before.
    pub fn push(&mut self, event: Event) {
        self.events.push(event);
    }

    /// What is known of a gathered article, replaced by a fuller record of it (a store's,
    /// with its title, address and text); an article not gathered is left out.
    pub fn complete_article(&mut self, article: Article) {
        if let Some(&ix) = self.article_ix.get(&article.id) {
            let loc = self.articles[ix as usize].loc;
            self.articles[ix as usize] = Article { loc, ..article };
        }
    }

    /// The actors put in the order `rank` gives (a store's list of actors, as their source
    /// declared them), those it does not rank after, as met.
    pub fn order_actors(&mut self, rank: impl Fn(&str) -> Option<usize>) {
        let mut order: Vec<ActorIx> = (0..self.actors.len() as ActorIx).collect();
        order.sort_by_key(|&a| (rank(&self.actors[a as usize].id).unwrap_or(usize::MAX), a));
        let mut new_ix = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_ix[old as usize] = new as ActorIx;
        }
        let mut actors: Vec<Option<Actor>> = std::mem::take(&mut self.actors).into_iter().map(Some).collect();
        self.actors = order.iter().map(|&old| actors[old as usize].take().expect("each actor once")).collect();
        for ix in self.actor_ids.values_mut() {
            *ix = new_ix[*ix as usize];
        }
        for e in &mut self.events {
            for p in e.participants.iter_mut() {
                p.actor = new_ix[p.actor as usize];
            }
        }
    }

    /// The corpus of the gathered events, in the order they were added. A relation finds
    /// its target among them by `ARTICLE/EVENT` (or an event of its own article by id);
    /// one whose target was not gathered stays unresolved, as it was written.
    pub fn finish(mut self, undated: Undated) -> Corpus {
        self.resolve_relations();
        self.finish_as_written(undated)
    }

    /// The corpus of the gathered events, their relations as written (unresolved): a store's
    /// page, whose filter and lists never follow a relation, and whose events a window
    /// resolves again among all it gathers.
    pub fn finish_as_written(self, undated: Undated) -> Corpus {
        Corpus::assemble(Parts {
            files: self.files,
            articles: self.articles,
            actors: self.actors,
            // The corpus's own map (a few hundred actors).
            actor_ids: self.actor_ids.into_iter().collect(),
            events: self.events,
            kept_stories: Vec::new(),
            undated,
            in_order: true,
        })
    }

    /// Each relation's target among the gathered events.
    fn resolve_relations(&mut self) {
        // An id twice in an article: the last one is the one meant, as the loader has it.
        let mut by_ref: Ids<(ArticleIx, &str), EventIx> =
            Ids::with_capacity_and_hasher(self.events.len(), Default::default());
        for (ix, e) in self.events.iter().enumerate() {
            by_ref.insert((e.article, &e.id), ix as EventIx);
        }
        let mut targets = Vec::new();
        for (source, e) in self.events.iter().enumerate() {
            for (place, r) in e.relations.iter().enumerate() {
                // ARTICLE/EVENT, an article id perhaps holding a '/' itself (the first reading
                // that names a gathered event wins, as the loader reads it), else an event of
                // the relation's own article.
                let target = &*r.target_ref;
                let found = target
                    .match_indices('/')
                    .find_map(|(i, _)| {
                        let article = self.article_ix.get(&target[..i])?;
                        by_ref.get(&(*article, &target[i + 1..])).copied()
                    })
                    .or_else(|| by_ref.get(&(e.article, target)).copied());
                if let Some(target) = found {
                    targets.push((source, place, target));
                }
            }
        }
        drop(by_ref);
        for (source, place, target) in targets {
            self.events[source].relations[place].target = Some(target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Participant, Relation, RelationKind, Role, Status};
    use crate::text::{LineText, Text};

    fn article(id: &str) -> Article {
        Article {
            id: id.into(),
            title: Text::line(id),
            source: None,
            author: None,
            published: None,
            url: None,
            text: None,
            loc: Loc::default(),
        }
    }

    fn actor(id: &str) -> Actor {
        Actor {
            id: id.into(),
            name: Text::line(id),
            aliases: Vec::new(),
            kind: crate::model::ActorKind::Person,
            description: None,
            declared: true,
        }
    }

    fn event(article: ArticleIx, id: &str, day: u32, actor: ActorIx, relation: Option<&str>) -> Event {
        Event {
            article,
            id: id.into(),
            date: Some(crate::model::When::parse(&format!("2016-12-{day:02}")).unwrap()),
            date_text: None,
            date_resolved: false,
            summary: LineText::new(id),
            action: None,
            status: Status::Actual,
            participants: vec![Participant { actor, role: Role::Agent }].into(),
            evidence: Box::new([]),
            relations: relation
                .map(|r| vec![Relation { kind: RelationKind::RespondsTo, target_ref: r.into(), target: None }])
                .unwrap_or_default()
                .into(),
            tags: Box::new([]),
            attributes: Default::default(),
            ordinal: 0,
            loc: Loc::default(),
        }
    }

    /// A page: a corpus of these events, with the articles and actors they name.
    fn page(articles: &[&str], actors: &[&str], events: Vec<Event>) -> Corpus {
        Corpus::assemble(Parts {
            files: vec!["f".into()],
            articles: articles.iter().map(|a| article(a)).collect(),
            actors: actors.iter().map(|a| actor(a)).collect(),
            actor_ids: actors.iter().enumerate().map(|(i, a)| (a.to_string(), i as u32)).collect(),
            events,
            kept_stories: Vec::new(),
            undated: Undated::AtReport,
            in_order: true,
        })
    }

    #[test]
    fn pages_gather_into_one_corpus_sharing_articles_and_actors_and_resolving_relations_across_pages() {
        let first = page(&["a1"], &["obama", "putin"], vec![event(0, "e1", 29, 0, None), event(0, "e2", 29, 1, None)]);
        // The second page names the same article and actor at other indices.
        let second = page(
            &["a2", "a1"],
            &["putin", "lavrov"],
            vec![
                event(1, "e3", 30, 1, Some("a1/e1")),
                event(0, "e4", 31, 0, Some("e9")),
                event(1, "e5", 31, 0, Some("e3")),
            ],
        );
        let mut g = Gather::new();
        g.add(&first, &[0, 1]);
        g.add(&second, &[0, 1, 2]);
        assert_eq!(g.len(), 5);
        let c = g.finish(Undated::AtReport);
        let ids: Vec<&str> = c.events().iter().map(|e| &*e.id).collect();
        assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
        assert_eq!(c.articles().len(), 2, "a1 is one article, whichever page named it");
        assert_eq!(c.actors().len(), 3);
        let putin = c.actor_by_id("putin").unwrap();
        assert_eq!(c.actor_events(putin).len(), 3, "e2, e4 and e5 name putin");
        // e3 responds to e1, on another page; e5 to e3 of its own article, by id alone.
        assert_eq!(c.events()[2].relations[0].target, Some(0));
        assert_eq!(c.events()[4].relations[0].target, Some(2));
        assert_eq!(c.incoming(0), &[(RelationKind::RespondsTo, 2)]);
        // e9 was not gathered: unresolved, as written.
        assert_eq!(c.events()[3].relations[0].target, None);
        assert_eq!(&*c.events()[3].relations[0].target_ref, "e9");
        assert_eq!(c.events()[3].summary.raw(), "e4");
    }

    #[test]
    fn actors_take_the_order_given_and_articles_their_fuller_record() {
        let first = page(&["a1"], &["obama", "putin"], vec![event(0, "e1", 29, 0, None), event(0, "e2", 29, 1, None)]);
        let mut g = Gather::new();
        g.add(&first, &[0, 1]);
        g.order_actors(|id| (id == "putin").then_some(0));
        g.complete_article(Article { title: Text::line("Obama expels 35"), ..article("a1") });
        g.complete_article(article("a9"));
        let c = g.finish(Undated::AtReport);
        assert_eq!(c.actors().iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["putin", "obama"]);
        assert_eq!(c.actor(c.events()[0].participants[0].actor).id, "obama", "participants follow");
        assert_eq!(c.actor_events(c.actor_by_id("putin").unwrap()), [1]);
        assert_eq!(c.articles().len(), 1);
        assert_eq!(c.articles()[0].title.raw(), "Obama expels 35");
    }

    #[test]
    fn an_article_id_with_slashes_still_finds_its_relations() {
        let first = page(
            &["reuters/2016/a", "b"],
            &["obama"],
            vec![
                event(0, "e1", 29, 0, None),
                event(0, "e2", 29, 0, Some("e1")),
                event(1, "e3", 30, 0, Some("reuters/2016/a/e2")),
            ],
        );
        let mut g = Gather::new();
        g.add(&first, &[0, 1, 2]);
        let c = g.finish(Undated::AtReport);
        assert_eq!(c.events()[1].relations[0].target, Some(0));
        assert_eq!(c.events()[2].relations[0].target, Some(1));
    }

    #[test]
    fn only_the_events_asked_for_are_gathered() {
        let first = page(&["a1"], &["obama", "putin"], vec![event(0, "e1", 29, 0, None), event(0, "e2", 29, 1, None)]);
        let mut g = Gather::new();
        g.add(&first, &[1]);
        let c = g.finish(Undated::AtReport);
        assert_eq!(c.events().len(), 1);
        assert_eq!(c.actors().len(), 1, "only the actors of the events gathered");
        assert_eq!(c.actors()[0].id, "putin");
    }
}
