//! The arrows of docs/ARCHITECTURE.md, held against the code: which parts of the library
//! may name which. A part names another when its code (tests aside) writes a path into it:
//! `use crate::ingest::...`, `crate::cli::inputs(...)`, or `super::` climbing out of its
//! own folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each part of the library and the parts it may name, as docs/ARCHITECTURE.md's table
/// says; `cli` (and `synthetic`, the generator behind examples/gen) may name any part.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("atomic", &[]),
    ("model", &["text"]),
    ("diagnostic", &["text"]),
    ("display", &["model", "text"]),
    ("ingest", &["model", "diagnostic", "text"]),
    ("query", &["model", "text"]),
    ("stories", &["model", "query", "text"]),
    ("desk", &["model", "query", "stories", "diagnostic", "atomic"]),
    ("export", &["model", "query", "desk", "stories", "store", "atomic", "text"]),
    ("store", &["model", "query", "text", "ingest"]),
    ("tui", &["model", "query", "stories", "export", "desk", "display", "diagnostic", "text"]),
    ("config", &["tui", "model", "diagnostic", "text"]),
];

/// Every part of the library.
const PARTS: &[&str] = &[
    "text",
    "atomic",
    "desk",
    "model",
    "diagnostic",
    "display",
    "ingest",
    "query",
    "stories",
    "export",
    "store",
    "tui",
    "config",
    "cli",
    "synthetic",
];

/// Every `.rs` file under `dir`, with its module path (`src/model/date/parse.rs` is
/// `["model", "date", "parse"]`).
fn modules(dir: &Path, path: &[String], out: &mut Vec<(PathBuf, Vec<String>)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for entry in entries {
        let name = entry.file_stem().unwrap().to_string_lossy().to_string();
        let mut module = path.to_vec();
        module.push(name);
        if entry.is_dir() {
            modules(&entry, &module, out);
        } else if entry.extension().is_some_and(|e| e == "rs") {
            out.push((entry, module));
        }
    }
}

/// The file's code without its tests and comments: a `#[cfg(test)]` item is left out
/// (a `mod testing;` line, or a `mod tests { ... }` block to its closing brace at the
/// start of a line).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut code = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            let Some(item) = lines.next() else { break };
            if item.trim_end().ends_with('{') {
                let indent = item.len() - item.trim_start().len();
                let closing = format!("{}}}", " ".repeat(indent));
                lines.by_ref().find(|l| l.trim_end() == closing);
            }
            continue;
        }
        if !trimmed.starts_with("//") {
            code.push_str(line);
            code.push('\n');
        }
    }
    code
}

fn identifier_at(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// The module paths that `code`, in module `module`, names: `crate::a::b` as `[a, b]`,
/// `super::super::c` resolved against `module`. A `use` list (`crate::a::{b, c}`) names
/// `a`. Only the first two segments are kept: enough to tell parts and their files apart.
fn named_paths(code: &str, module: &[String]) -> BTreeSet<Vec<String>> {
    let mut named = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let boundary =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        let (mut base, mut at) = if boundary && rest.starts_with("crate::") {
            (Vec::new(), i + "crate::".len())
        } else if boundary && rest.starts_with("super::") {
            // A file's own module is its path; `super` is its parent (the folder's module).
            let mut base = module.to_vec();
            let mut at = i;
            while code[at..].starts_with("super::") {
                base.pop();
                at += "super::".len();
            }
            (base, at)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if base.is_empty() && code[at..].starts_with('{') {
            // `crate::{ingest::Loaded, model}`: each member names its own part.
            let close = code[at..].find('}').map_or(code.len(), |n| at + n);
            for member in code[at + 1..close].split(',') {
                let path: Vec<String> = member.trim().split("::").take(2).map(identifier_at).collect();
                if path.first().is_some_and(|p| !p.is_empty()) {
                    named.insert(path.into_iter().filter(|p| !p.is_empty()).collect());
                }
            }
            i = close.max(i + 1);
            continue;
        }
        for _ in 0..2 {
            let segment = identifier_at(&code[at..]);
            if segment.is_empty() {
                break;
            }
            at += segment.len();
            base.push(segment);
            if !code[at..].starts_with("::") {
                break;
            }
            at += 2;
        }
        named.insert(base);
        i = at.max(i + 1);
    }
    named
}

fn library() -> Vec<(PathBuf, Vec<String>, String)> {
    let mut files = Vec::new();
    modules(Path::new("src"), &[], &mut files);
    files
        .into_iter()
        .filter(|(path, module)| {
            // The binary is the edge that wires the parts; test-only files are tests.
            !matches!(module.as_slice(), [m] if m == "main" || m == "lib")
                && !path.ends_with("tests.rs")
                && !path.ends_with("testing.rs")
        })
        .map(|(path, module)| {
            let code = code_of(&path);
            (path, module, code)
        })
        .collect()
}

#[test]
fn no_part_names_a_part_it_must_not() {
    let mut broken = Vec::new();
    for (path, module, code) in library() {
        let part = &module[0];
        let Some((_, allowed)) = ALLOWED.iter().find(|(p, _)| p == part) else { continue };
        for named in named_paths(&code, &module) {
            if let Some(top) = named.first()
                && top != part
                && PARTS.contains(&top.as_str())
                && !allowed.contains(&top.as_str())
            {
                broken.push(format!("{} names {}", path.display(), named.join("::")));
            }
        }
    }
    assert!(broken.is_empty(), "arrows that docs/ARCHITECTURE.md forbids:\n{}", broken.join("\n"));
}

#[test]
fn every_part_of_the_library_has_its_rules() {
    let parts: BTreeSet<String> = library().into_iter().map(|(_, module, _)| module[0].clone()).collect();
    let ruled: BTreeSet<String> = ALLOWED.iter().map(|(p, _)| p.to_string()).collect();
    // `cli` and `synthetic` (the generator behind examples/gen) sit at the top: they may
    // name any part, and no part may name them (checked above).
    let top: BTreeSet<String> = ["cli", "synthetic"].into_iter().map(String::from).collect();
    let unruled: Vec<&String> = parts.iter().filter(|p| !ruled.contains(*p) && !top.contains(*p)).collect();
    assert!(unruled.is_empty(), "parts with no rule in tests/architecture.rs: {unruled:?}");
}

/// The files of the library under `folder` and the files under it that each names.
fn graph_under(folder: &str) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let files = library();
    let by_module: BTreeMap<Vec<String>, PathBuf> =
        files.iter().map(|(path, module, _)| (module.clone(), path.clone())).collect();
    let mut graph = BTreeMap::new();
    for (path, module, code) in &files {
        if !path.starts_with(folder) {
            continue;
        }
        let mut targets = BTreeSet::new();
        for named in named_paths(code, module) {
            // The longest prefix of the path that is a file: `tui::update::Effect` is
            // src/tui/update.rs, `tui::view::fit` is src/tui/view.rs.
            let file = (1..=named.len()).rev().find_map(|n| by_module.get(&named[..n]));
            if let Some(file) = file
                && file != path
                && file.starts_with(folder)
            {
                targets.insert(file.clone());
            }
        }
        graph.insert(path.clone(), targets);
    }
    graph
}

/// A circle of files, each naming the next, if there is one.
fn find_circle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        at: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        trail: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(start) = trail.iter().position(|p| p == at) {
            let mut circle = trail[start..].to_vec();
            circle.push(at.clone());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        trail.push(at.clone());
        for next in graph.get(at).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, trail, done) {
                return Some(circle);
            }
        }
        trail.pop();
        done.insert(at.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_interface_has_no_circle_of_imports() {
    if let Some(circle) = find_circle(&graph_under("src/tui")) {
        let names: Vec<String> = circle.iter().map(|p| p.display().to_string()).collect();
        panic!("src/tui files that name each other in a circle: {}", names.join(" -> "));
    }
}

#[test]
fn no_files_of_the_library_name_each_other_in_a_circle() {
    if let Some(circle) = find_circle(&graph_under("src")) {
        let names: Vec<String> = circle.iter().map(|p| p.display().to_string()).collect();
        panic!("files that name each other in a circle: {}", names.join(" -> "));
    }
}

#[test]
fn paths_are_read_as_the_compiler_resolves_them() {
    let module: Vec<String> = ["model", "date", "parse"].iter().map(|s| s.to_string()).collect();
    let named = named_paths(
        "use super::{When, Open};\nuse super::super::super::ingest::raw;\nlet x = crate::text::shown_line(s);\nfoo::super::bar\nuse crate::{tui::app, cli};",
        &module,
    );
    let expected: BTreeSet<Vec<String>> =
        [vec!["model", "date"], vec!["ingest", "raw"], vec!["text", "shown_line"], vec!["tui", "app"], vec!["cli"]]
            .into_iter()
            .map(|p| p.into_iter().map(String::from).collect())
            .collect();
    assert_eq!(named, expected);
    let mut graph = BTreeMap::new();
    let (a, b, c) = (PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("c"));
    graph.insert(a.clone(), BTreeSet::from([b.clone()]));
    graph.insert(b.clone(), BTreeSet::from([c.clone()]));
    graph.insert(c.clone(), BTreeSet::new());
    assert_eq!(find_circle(&graph), None);
    graph.insert(c.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(find_circle(&graph), Some(vec![a.clone(), b, c, a]));
}
