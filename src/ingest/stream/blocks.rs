//! Large files read in blocks and parsed on the workers, never held whole: a JSON Lines
//! file in blocks of whole lines, a large JSON array in blocks of whole elements (cut by
//! [`super::split`]). At most a few blocks are in flight at once.

use super::parse::{Job, parse_block, parse_elements, parse_gdelt_block};
use super::pool::{self, Seen};
use super::split::{Splitter, locate_in};
use crate::diagnostic::{Diagnostic, count_chars};
use crate::ingest::build::Builder;
use crate::model::When;
use std::io::Read;
use std::sync::Mutex;

const BLOCK: usize = 4 << 20;

/// What a streamed file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON Lines: one article a line.
    Lines,
    /// A JSON document that is an array of articles (and whatever documents follow it).
    Array,
    /// A GDELT event table: one event a line; the rows of one URL make one article.
    Gdelt,
}

/// A file to stream: its name, what it holds, and the document date its articles
/// without a publication date are given (a sidecar, `--published`), if any.
#[derive(Debug, Clone, Copy)]
pub struct Streamed<'n> {
    pub name: &'n str,
    pub kind: Kind,
    pub published: Option<When>,
}

/// Stream `reader`, a file holding `file.kind`, into the builder: blocks of whole lines,
/// or of whole elements of a JSON array, are parsed on the workers.
pub fn load_streamed(
    file: Streamed<'_>,
    reader: impl Read,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    load_in_blocks(file, reader, BLOCK, builder, diagnostics, progress)
}

/// [`load_streamed`] with blocks of `block_size` bytes (tests cut small ones).
fn load_in_blocks(
    streamed: Streamed<'_>,
    mut reader: impl Read,
    block_size: usize,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    let Streamed { name, kind, published } = streamed;
    let file = builder.add_file(name);
    // Buffers go back for the next blocks: fresh ones would cost the system a page fault
    // for every 4 KiB read.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let spares_kept = pool::workers() * 2 + 2;
    let work = |seen: &mut Seen, job: Job| {
        let mut found = Vec::new();
        let articles = match &job.elements {
            None if kind == Kind::Gdelt => parse_gdelt_block(file, name, published, &job, seen, &mut found),
            None => parse_block(file, name, published, &job, seen, &mut found),
            Some(elements) => parse_elements(file, name, published, &job, elements, seen, &mut found),
        };
        if let Ok(mut spare) = spare.lock()
            && spare.len() < spares_kept
        {
            spare.push(job.bytes);
        }
        (job.seq, articles, found)
    };
    pool::with_workers(2, builder.declarations(), work, |pool| {
        let mut cutter = Cutter { kind, carry: Vec::new(), line: 1, column: 1, splitter: Splitter::default() };
        let mut seq = 0;
        let mut read_total = 0u64;
        let mut saw_content = false;
        let mut refused = false;
        loop {
            // What waits from the last block is the start of this one. A short carry (the
            // usual partial line) is copied into a reused buffer of a block's size; a long one
            // (a line of many blocks) is taken as it is, not copied once a block (a line of
            // 256 MB was, 14 s of quadratic work).
            let mut block = if cutter.carry.len() < block_size / 2 {
                let mut block = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                block.clear();
                block.reserve(block_size + cutter.carry.len());
                block.extend_from_slice(&cutter.carry);
                cutter.carry.clear();
                block
            } else {
                std::mem::take(&mut cutter.carry)
            };
            let start = block.len();
            let n = match (&mut reader).take(block_size as u64).read_to_end(&mut block) {
                Ok(n) => n,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(name, cutter.line, 1, format!("cannot read: {e}")));
                    break;
                }
            };
            read_total += n as u64;
            progress(read_total);
            // A table saved by a spreadsheet may start with a byte order mark: read past it,
            // as a table read whole is.
            if seq == 0 && start == 0 && kind == Kind::Gdelt && block.starts_with(&[0xEF, 0xBB, 0xBF]) {
                block.drain(..3);
            }
            if seq == 0 && start == 0 && kind != Kind::Gdelt && block.starts_with(&[0xEF, 0xBB, 0xBF]) {
                diagnostics.push(Diagnostic::error(
                    name,
                    1,
                    1,
                    "the file starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow: save it without one",
                ));
                refused = true;
                break;
            }
            let at_end = n == 0;
            saw_content |= block[start..].iter().any(|b| !b.is_ascii_whitespace());
            let (job, stop) = cutter.cut(block, start, seq, at_end, name, diagnostics);
            let has_work = job.elements.as_ref().map_or(!job.bytes.is_empty(), |e| !e.is_empty());
            if has_work {
                if !pool.send(job) {
                    break;
                }
                seq += 1;
            }
            pool.merge_ready(builder, diagnostics);
            if at_end || stop {
                break;
            }
        }
        pool.finish(builder, diagnostics);
        if !saw_content && !refused {
            let expected = match kind {
                Kind::Gdelt => "empty file: expected GDELT event rows",
                _ => "empty file: expected an article object, an array of articles, or JSON Lines",
            };
            diagnostics.push(Diagnostic::error(name, 1, 1, expected));
        }
    });
}

/// Cuts each block read into the part that goes to a worker now and the part that waits
/// for the next block (`carry`), keeping count of where the next block starts.
struct Cutter {
    kind: Kind,
    carry: Vec<u8>,
    line: u32,
    column: u32,
    splitter: Splitter,
}

impl Cutter {
    /// The job numbered `seq` made of `block` (read from `fresh` on, the carry before it),
    /// and whether nothing after it can be read.
    fn cut(
        &mut self,
        mut block: Vec<u8>,
        fresh: usize,
        seq: usize,
        at_end: bool,
        name: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Job, bool) {
        let line = self.line;
        match self.kind {
            // Whole lines (rows) go now; a partial last line waits for the next block.
            Kind::Lines | Kind::Gdelt => {
                // The carry holds no line break (it follows the last one): only what was just
                // read is searched.
                let last_break = block[fresh..].iter().rposition(|&b| b == b'\n').map(|i| fresh + i);
                let cut = if at_end { block.len() } else { last_break.map_or(0, |i| i + 1) };
                self.carry = block.split_off(cut);
                self.line += block.iter().filter(|&&b| b == b'\n').count() as u32;
                (Job { seq, first_line: line, first_column: 1, bytes: block, elements: None }, false)
            }
            // Whole elements go now; the rest (an element cut by the block's end, or
            // what lies between elements) waits, from the line and column it starts at.
            Kind::Array => {
                let at = (line, self.column);
                let cut = self.splitter.cut(&block, at, at_end);
                if let Some((pos, message)) = &cut.error {
                    let (l, c) = locate_in(&block, *pos, at);
                    diagnostics.push(Diagnostic::error(name, l, c, format!("invalid JSON: {message}")));
                }
                // An element longer than the block is kept whole: moved, not copied.
                self.carry = if cut.keep == 0 { std::mem::take(&mut block) } else { block.split_off(cut.keep) };
                // The next block starts where this one is kept from.
                let kept = &block[..cut.keep];
                self.line += kept.iter().filter(|&&b| b == b'\n').count() as u32;
                self.column = match kept.iter().rposition(|&b| b == b'\n') {
                    Some(i) => 1 + count_chars(&kept[i + 1..]) as u32,
                    None => self.column + count_chars(kept) as u32,
                };
                block.truncate(cut.send);
                let job = Job { seq, first_line: line, first_column: at.1, bytes: block, elements: Some(cut.elements) };
                (job, cut.stop)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Loaded;

    fn streamed(text: &str, block: usize) -> Loaded {
        streamed_as("t.json", Kind::Array, text.as_bytes(), block)
    }

    /// `bytes`, a file called `name` holding `kind`, loaded in blocks of `block` bytes.
    fn streamed_as(name: &str, kind: Kind, bytes: &[u8], block: usize) -> Loaded {
        let mut builder = Builder::default();
        let mut diagnostics = Vec::new();
        load_in_blocks(
            Streamed { name, kind, published: None },
            bytes,
            block,
            &mut builder,
            &mut diagnostics,
            &mut |_| {},
        );
        builder.finish(diagnostics)
    }

    /// What a reader of the corpus sees: diagnostics, then each event with its place.
    fn seen(loaded: &Loaded) -> Vec<String> {
        let corpus = &loaded.corpus;
        let mut out: Vec<String> = loaded.report.diagnostics().iter().map(|d| d.to_string()).collect();
        out.extend(corpus.events().iter().map(|e| {
            let evidence: Vec<&str> = e.evidence.iter().map(|q| q.raw(corpus.article_of(e))).collect();
            format!("{} {:?} {} {:?} {evidence:?}", corpus.event_ref(e), e.date, e.summary.raw(), e.loc)
        }));
        out
    }

    fn articles() -> Vec<String> {
        let mut generated = Vec::new();
        crate::synthetic::write_corpus(&mut generated, 300, 3).unwrap();
        String::from_utf8(generated).unwrap().lines().map(str::to_string).collect()
    }

    #[test]
    fn a_streamed_array_loads_as_the_whole_document_does() {
        let articles = articles();
        let pretty = format!("[\n  {}\n]\n", articles.join(",\n  "));
        let compact = format!("[{}]", articles.join(","));
        let with_warnings = format!(
            "[{}, {{\"id\": \"w\", \"title\": \"W\", \"colour\": 1, \"events\": [{{\"id\": \"e\", \"summary\": \"S\", \"action\": \"Expel\"}}]}}, 3]",
            articles[..3].join(", ")
        );
        for text in [&pretty, &compact, &with_warnings] {
            let whole = seen(&crate::ingest::load_str("t.json", text));
            for block in [64, 1000, 4096, 1 << 20] {
                assert_eq!(seen(&streamed(text, block)), whole, "blocks of {block}");
            }
        }
    }

    #[test]
    fn a_broken_array_keeps_what_came_before_and_says_what_the_whole_reader_says() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let b = a.replace("\"a\"", "\"b\"");
        for text in [
            format!("[{a},\n{b}"),
            format!("[{a}\n {b}]"),
            format!("[{a},\n]"),
            format!("[{a},\n{{\"id\": \"b\" \"title\": 1}}]"),
            format!("[{a},\n{{\"id\": \"b\", \"title\": \"B\", \"events\": [{{"),
            format!("[{a},\n{{\"id\": \"b\", \"title\": \"B\\u12"),
            // A form feed is no JSON whitespace, between elements as anywhere else.
            format!("[{a},\x0c{b}]"),
            format!("[{a}\x0c,{b}]"),
        ] {
            let whole = crate::ingest::load_str("t.json", &text);
            assert_eq!(whole.report.diagnostics().len(), 1);
            for block in [16, 4096] {
                let corpus = streamed(&text, block);
                let messages: Vec<String> = corpus.report.diagnostics().iter().map(|d| d.to_string()).collect();
                assert_eq!(messages, [whole.report.diagnostics()[0].to_string()], "{text} in blocks of {block}");
                assert!(!corpus.corpus.articles().is_empty(), "the articles before the break are kept: {text}");
            }
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_skip_their_article_only() {
        let a = br#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let mut text = b"[".to_vec();
        text.extend_from_slice(a);
        text.extend_from_slice(b",\n{\"id\": \"b\", \"title\": \"\xff\", \"events\": []},\n");
        text.extend_from_slice(br#"{"id": "c", "title": "C", "events": []}"#);
        text.push(b']');
        let corpus = streamed_as("t.json", Kind::Array, &text[..], 4096);
        let messages: Vec<String> = corpus.report.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            ["t.json:2:23: error: invalid UTF-8 (bytes FF 22 2C 20): annals reads UTF-8 text; this article is skipped"]
        );
        assert_eq!(corpus.corpus.articles().len(), 2);
    }

    #[test]
    fn repeated_declarations_warn_alike_however_the_lines_are_cut() {
        let line = |id: &str, name: &str| {
            format!(r#"{{"id": "{id}", "title": "T", "actors": [{{"id": "putin", "name": "{name}"}}], "events": []}}"#)
        };
        let names = ["Putin", "Putin", "Vladimir Putin", "Vladimir Putin", "Putin", "Vladimir Putin"];
        let text: String = names.iter().enumerate().map(|(i, n)| line(&format!("a{i}"), n) + "\n").collect();
        let whole = seen(&crate::ingest::load_str("t.json", &text));
        assert_eq!(whole.iter().filter(|d| d.contains("is named 'Vladimir Putin' here")).count(), 3);
        for block in [1, 90, 200, 4096] {
            assert_eq!(seen(&streamed_as("t.json", Kind::Lines, text.as_bytes(), block)), whole, "blocks of {block}");
        }
    }

    #[test]
    fn a_gdelt_table_streamed_in_blocks_loads_as_it_does_whole() {
        // Rows of one URL cut apart by the blocks make one article again; a bad row is
        // located on its line whichever block holds it.
        let fixture = include_str!("../../../tests/fixtures/formats/gdelt/v2-export.CSV");
        let mut text = fixture.to_string();
        text.push_str("999\t2019\tnot a row\n");
        text.push_str(fixture.lines().next().unwrap());
        text.push('\n');
        let summary = |loaded: &Loaded| {
            let c = &loaded.corpus;
            let mut articles: Vec<(String, usize)> = c
                .articles()
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), c.article_events(i as u32).len()))
                .collect();
            articles.sort();
            let shown: Vec<String> = loaded.report.diagnostics().iter().map(|d| d.to_string()).collect();
            (c.events().len(), articles, shown)
        };
        let whole = summary(&crate::ingest::load_str("t.export.CSV", &text));
        assert!(whole.2.iter().any(|d| d.contains("error: row")), "{:?}", whole.2);
        for block in [200, 1000, 4096] {
            assert_eq!(
                summary(&streamed_as("t.export.CSV", Kind::Gdelt, text.as_bytes(), block)),
                whole,
                "blocks of {block}"
            );
        }
    }

    #[test]
    fn a_gdelt_row_that_is_not_utf8_is_located_and_skipped_and_the_rows_after_it_load() {
        let fixture = include_str!("../../../tests/fixtures/formats/gdelt/v2-export.CSV");
        let rows: Vec<&str> = fixture.lines().collect();
        let mut bytes = format!("{}\n", rows[0]).into_bytes();
        bytes.extend_from_slice(rows[1].replacen("\t", "\t\u{1}", 1).replace('\u{1}', "\u{FFFD}").as_bytes());
        // The replacement character's bytes cut to its first: invalid UTF-8 in row 2.
        let cut = bytes.iter().rposition(|&b| b == 0xEF).unwrap();
        bytes.drain(cut + 1..cut + 3);
        bytes.extend_from_slice(format!("\n{}\n", rows[1]).as_bytes());
        let loaded = streamed_as("t.export.CSV", Kind::Gdelt, &bytes[..], 1 << 20);
        let shown: Vec<String> = loaded.report.diagnostics().iter().map(|d| d.to_string()).collect();
        assert!(
            shown.iter().any(|d| d.starts_with("t.export.CSV:2:")
                && d.contains("invalid UTF-8")
                && d.ends_with("this row is skipped")),
            "{shown:?}"
        );
        assert_eq!(loaded.corpus.events().len(), 2, "rows 1 and 3");
    }

    #[test]
    fn a_line_of_many_blocks_loads_whole_and_the_next_line_is_located() {
        let long = "ж".repeat(300_000);
        let text = format!(
            "{{\"id\": \"a\", \"title\": \"T\", \"text\": \"{long}\", \"events\": []}}\n{{\"id\": \"b\", \"title\": 1}}\n"
        );
        let loaded = streamed_as("t.jsonl", Kind::Lines, text.as_bytes(), 4096);
        let shown: Vec<String> = loaded.report.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["t.jsonl:2:22: error: title: expected a string, found a number"]);
        assert_eq!(loaded.corpus.articles().len(), 1);
        assert_eq!(loaded.corpus.articles()[0].text.as_ref().map(|t| t.raw().chars().count()), Some(300_000));
    }

    #[test]
    fn an_array_element_of_many_blocks_loads_whole() {
        let long = "ж".repeat(300_000);
        let text = format!(
            "[{{\"id\": \"a\", \"title\": \"T\", \"text\": \"{long}\", \"events\": []}},\n {{\"id\": \"b\", \"title\": 1}}]\n"
        );
        let loaded = streamed(&text, 4096);
        let shown: Vec<String> = loaded.report.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["t.json:2:23: error: [1].title: expected a string, found a number"]);
        assert_eq!(loaded.corpus.articles()[0].text.as_ref().map(|t| t.raw().chars().count()), Some(300_000));
    }

    /// Every way of breaking a small array by one character, cut into blocks of a few
    /// bytes: the streamed reading says what the whole document's reading says (its first
    /// syntax error, or everything when there is none).
    #[test]
    fn mutations_read_alike_streamed_and_whole() {
        let text = r#"[{"id": "a", "title": "A\"]", "published": "2016-12-30", "events": [{"id": "e", "summary": "S", "date_text": "on Friday", "tags": ["x", "y"]}]},
 {"id": "b", "title": "Б", "actors": [{"id": "p", "name": "P"}], "events": [{"id": "e", "summary": "{[", "relations": [{"type": "follows", "target": "a/e"}]}]}]"#;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for &(i, c) in &chars {
            let rest = &text[i + c.len_utf8()..];
            for r in ["", "\"", "{", "}", "[", "]", ",", "\\", "\n", "x"] {
                let mutated = format!("{}{r}{rest}", &text[..i]);
                let whole = crate::ingest::load_str("t.json", &mutated);
                let streamed = streamed(&mutated, 7);
                let syntax = whole.report.diagnostics().iter().any(|d| d.message.starts_with("invalid JSON"));
                if syntax {
                    let first = |c: &Loaded| {
                        c.report
                            .diagnostics()
                            .iter()
                            .find(|d| d.message.starts_with("invalid JSON"))
                            .map(|d| d.to_string())
                    };
                    assert_eq!(first(&streamed), first(&whole), "{mutated}");
                } else if mutated.trim_start().starts_with('[') {
                    assert_eq!(seen(&streamed), seen(&whole), "{mutated}");
                }
            }
        }
    }

    #[test]
    fn a_broken_article_is_skipped_and_a_broken_structure_ends_the_reading() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let c = a.replace("\"a\"", "\"c\"");
        let ids = |corpus: &Loaded| corpus.corpus.articles().iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        let first_error = |corpus: &Loaded| corpus.report.diagnostics().first().map(|d| d.to_string());
        // A syntax error inside an article skips that article, as a line of JSON Lines.
        let text = format!(r#"[{a}, {{"id": "b" "title": "B", "events": []}}, {c}]"#);
        let corpus = streamed(&text, 16);
        assert_eq!((ids(&corpus), corpus.report.diagnostics().len()), (vec!["a".to_string(), "c".to_string()], 1));
        assert_eq!(first_error(&corpus), first_error(&crate::ingest::load_str("t.json", &text)));
        // Breaks of the structure end the reading, with the whole reader's message.
        for text in [
            format!(r#"[{a}, {{"id": "b", "title": "B", "events": [], "x": [1}}, {c}]"#),
            format!("[{a}, , {c}]"),
            format!("[{a} 中文]"),
            format!("[{a},\n3"),
            format!("[{a},\n3]]"),
        ] {
            for block in [8, 4096] {
                let syntax = |corpus: &Loaded| -> Vec<String> {
                    let errors = corpus.report.diagnostics().iter().filter(|d| d.message.starts_with("invalid JSON"));
                    errors.map(|d| d.to_string()).collect()
                };
                let corpus = streamed(&text, block);
                let whole = crate::ingest::load_str("t.json", &text);
                assert_eq!(syntax(&corpus), syntax(&whole), "{text} in blocks of {block}");
                assert_eq!(syntax(&corpus).len(), 1, "{text} in blocks of {block}");
                assert_eq!(ids(&corpus)[0], "a", "{text}");
                assert!(!ids(&corpus).contains(&"c".to_string()), "{text}");
            }
        }
    }

    #[test]
    fn nesting_is_counted_from_the_top_of_the_file() {
        let nested = |levels: usize| {
            format!(
                r#"[{{"id":"a","title":"T","events":[{{"id":"e","summary":"S","participants":[{{"actor":"x","name":{}1{}}}]}}]}}]"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        for levels in [122, 123] {
            let text = nested(levels);
            assert_eq!(seen(&streamed(&text, 4096)), seen(&crate::ingest::load_str("t.json", &text)), "{levels}");
        }
    }

    #[test]
    fn documents_after_the_array_load_too() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let b = a.replace("\"a\"", "\"b\"");
        let text = format!("[{a}]\n{b}\n[]");
        assert_eq!(seen(&streamed(&text, 32)), seen(&crate::ingest::load_str("t.json", &text)));
    }
}
