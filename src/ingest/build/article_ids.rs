//! Articles by id while loading: a table of indices into the builder's articles, hashed
//! by the article's own id, so that no id is copied (a million GDELT URLs' ids held a
//! second time as keys were 90 MB at the peak, and their SipHash a tenth of the merge).

use crate::model::Article;
use hashbrown::HashTable;
use std::hash::BuildHasher;

#[derive(Default)]
pub(super) struct ArticleIds {
    table: HashTable<u32>,
    /// Seeded per run, so that a file cannot be written to make its ids collide (foldhash
    /// resists that only minimally: enough for a table filled once a load).
    seed: foldhash::fast::RandomState,
}

impl ArticleIds {
    /// The index of the article called `id`.
    pub(super) fn get(&self, articles: &[Article], id: &str) -> Option<usize> {
        let hash = self.seed.hash_one(id);
        self.table.find(hash, |&ix| articles[ix as usize].id == id).map(|&ix| ix as usize)
    }

    /// Know `articles[ix]` by its id (which no article before it has).
    pub(super) fn insert(&mut self, articles: &[Article], ix: usize) {
        let hash = self.seed.hash_one(articles[ix].id.as_str());
        let seed = &self.seed;
        self.table.insert_unique(hash, ix as u32, |&other| seed.hash_one(articles[other as usize].id.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn article(id: &str) -> Article {
        Article {
            id: id.to_string(),
            title: Text::line(id),
            source: None,
            author: None,
            published: None,
            url: None,
            text: None,
            loc: Default::default(),
        }
    }

    #[test]
    fn ids_find_their_articles_through_growth() {
        let articles: Vec<Article> = (0..5000).map(|i| article(&format!("https://example.org/{i}"))).collect();
        let mut ids = ArticleIds::default();
        for ix in 0..articles.len() {
            assert_eq!(ids.get(&articles, &articles[ix].id), None);
            ids.insert(&articles, ix);
        }
        for (ix, a) in articles.iter().enumerate() {
            assert_eq!(ids.get(&articles, &a.id), Some(ix));
        }
        assert_eq!(ids.get(&articles, "https://example.org/5000"), None);
        assert_eq!(ids.get(&articles, ""), None);
    }
}
