//! A dataset's `articles.parquet`: the fuller record of the articles a gathered window
//! names (title, author, address, text). `events.parquet`'s rows carry each article's
//! id, source and publication, and in newer datasets its title, author and address, but
//! never its text. Read by id: the row groups whose bloom filter of ids may
//! hold one, their ids, then only the rows asked for.

use super::StoreError;
use super::columns::Columns;
use crate::model::{Article, Loc, When};
use crate::text::Text;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReaderBuilder, RowSelection, RowSelector};
use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

/// The articles file of a dataset directory.
pub const ARTICLES_FILE: &str = "articles.parquet";

/// The articles of `path` whose ids are `wanted` (none when the dataset has no such file),
/// and how many of its row groups were read, of how many.
pub(super) fn read(path: &Path, wanted: &HashSet<&str>) -> Result<(Vec<Article>, (usize, usize)), StoreError> {
    let at = path.display().to_string();
    let fail = |message: String| StoreError::At { at: at.clone(), message };
    let open = || match File::open(path) {
        Ok(f) => ParquetRecordBatchReaderBuilder::try_new(f).map(Some).map_err(|e| fail(e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(e.to_string())),
    };
    let Some(builder) = open()? else { return Ok((Vec::new(), (0, 0))) };
    let all = builder.metadata().num_row_groups();
    if wanted.is_empty() {
        return Ok((Vec::new(), (0, all)));
    }
    // The row groups that may hold one: those whose bloom filter of ids has one (all, for a
    // file written without).
    let schema = builder.parquet_schema().clone();
    let Some(id_leaf) = schema.columns().iter().position(|c| c.path().string() == "id") else {
        return Err(fail("no column 'id' (docs/PARQUET.md gives the columns)".into()));
    };
    // Each row group's bloom filter of ids, and how many of the ids it may hold (a group
    // written without one may hold any).
    let mut candidates = Vec::new();
    for g in 0..all {
        let filter = builder.get_row_group_column_bloom_filter(g, id_leaf).map_err(|e| fail(e.to_string()))?;
        let hits = match &filter {
            Some(f) => wanted.iter().filter(|id| f.check(**id)).count(),
            None => usize::MAX,
        };
        if hits > 0 {
            candidates.push((g, hits, filter));
        }
    }
    // The groups that may hold most of them first: a window's or a batch's articles lie in
    // few groups (rows come in timeline order), which the filters say of many ids, while a
    // false positive says it of a few. Each group's ids are read until every id is found,
    // so the others are not read at all (a batch of 20,000 ids meets a false positive in
    // nearly every group).
    candidates.sort_by_key(|&(g, hits, _)| (std::cmp::Reverse(hits), g));
    let mut remaining: HashSet<&str> = wanted.clone();
    let (mut found, mut groups_read): (Vec<(usize, Vec<usize>)>, usize) = (Vec::new(), 0);
    for (g, _, filter) in &candidates {
        if remaining.is_empty() {
            break;
        }
        if filter.as_ref().is_some_and(|f| !remaining.iter().any(|id| f.check(*id))) {
            continue;
        }
        let ids = open()?.expect("opened above").with_row_groups(vec![*g]);
        let ids =
            ids.with_projection(ProjectionMask::leaves(&schema, [id_leaf])).build().map_err(|e| fail(e.to_string()))?;
        groups_read += 1;
        let (mut rows, mut offset) = (Vec::new(), 0usize);
        for batch in ids {
            let batch = batch.map_err(|e| fail(e.to_string()))?;
            let column = Columns(&batch).text("id").map_err(&fail)?;
            for i in 0..batch.num_rows() {
                // An id listed twice: the first found stands.
                if column.get(i).is_some_and(|id| remaining.remove(id)) {
                    rows.push(offset + i);
                }
            }
            offset += batch.num_rows();
        }
        if !rows.is_empty() {
            found.push((*g, rows));
        }
    }
    let read = (groups_read, all);
    if found.is_empty() {
        return Ok((Vec::new(), read));
    }
    // Then the rows found, and only them, in the groups that hold them.
    found.sort_by_key(|(g, _)| *g);
    let (mut runs, mut rows) = (Vec::new(), 0usize);
    for (g, in_group) in &found {
        let mut at_row = 0usize;
        for &row in in_group {
            if row > at_row {
                runs.push(RowSelector::skip(row - at_row));
            }
            runs.push(RowSelector::select(1));
            at_row = row + 1;
            rows += 1;
        }
        let group_rows = builder.metadata().row_group(*g).num_rows() as usize;
        if group_rows > at_row {
            runs.push(RowSelector::skip(group_rows - at_row));
        }
    }
    let groups: Vec<usize> = found.iter().map(|(g, _)| *g).collect();
    let builder = open()?.expect("opened above").with_row_groups(groups);
    let reader = builder.with_row_selection(RowSelection::from(runs)).build().map_err(|e| fail(e.to_string()))?;
    let mut articles = Vec::with_capacity(rows);
    for batch in reader {
        let batch = batch.map_err(|e| fail(e.to_string()))?;
        let c = Columns(&batch);
        let ids = c.text("id").map_err(&fail)?;
        let [title, source, author, published, url, text] =
            ["title", "source", "author", "published_date", "url", "text"].map(|name| c.optional_text(name));
        let (title, source, author, published, url, text) = (
            title.map_err(&fail)?,
            source.map_err(&fail)?,
            author.map_err(&fail)?,
            published.map_err(&fail)?,
            url.map_err(&fail)?,
            text.map_err(&fail)?,
        );
        for i in 0..batch.num_rows() {
            let Some(id) = ids.get(i) else { continue };
            let get = |column: &Option<super::columns::Strings>| column.as_ref().and_then(|c| c.get(i)).map(Text::line);
            articles.push(Article {
                id: id.to_string(),
                title: get(&title).unwrap_or_else(|| Text::line("")),
                source: get(&source),
                author: get(&author),
                published: match published.as_ref().and_then(|p| p.get(i)) {
                    Some(p) => {
                        Some(When::parse(p).map_err(|e| fail(format!("article '{id}': published_date '{p}': {e}")))?)
                    }
                    None => None,
                },
                url: get(&url),
                text: text.as_ref().and_then(|t| t.get(i)).map(Text::block),
                loc: Loc::default(),
            });
        }
    }
    Ok((articles, read))
}
