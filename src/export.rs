//! Exports: the native JSON export (which annals loads again), the TimelineJS3 document
//! ([`timelinejs`]), and the atomic write that never leaves a half-written or clobbered file.

pub mod timelinejs;

use crate::model::{Corpus, EventIx};
use crate::query::Filter;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} already exists (use --force to replace it)")]
    Exists(PathBuf),
    #[error("{0} is not a regular file: refused")]
    NotRegular(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// What an export writes: the native JSON that annals loads again, or a TimelineJS3
/// document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Native,
    /// Native, with the articles' texts.
    NativeWithTexts,
    TimelineJs,
}

impl Format {
    /// The ending of a file name that says the format: TimelineJS's `.timeline.json`.
    pub const TIMELINEJS_ENDING: &'static str = ".timeline.json";

    /// The format a file name asks for.
    pub fn of_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(Self::TIMELINEJS_ENDING) { Format::TimelineJs } else { Format::Native }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Native => "native JSON",
            Format::NativeWithTexts => "native JSON with texts",
            Format::TimelineJs => "TimelineJS",
        }
    }

    /// The next format, as Tab goes round them.
    pub fn next(self) -> Format {
        match self {
            Format::Native => Format::NativeWithTexts,
            Format::NativeWithTexts => Format::TimelineJs,
            Format::TimelineJs => Format::Native,
        }
    }

    /// The document of `events`, and how many were left out (TimelineJS needs a date).
    pub fn render(self, corpus: &Corpus, events: &[EventIx], filters: &Filter, at: DateTime<Utc>) -> (String, usize) {
        match self {
            Format::Native => (native_json(corpus, events, filters, at), 0),
            Format::NativeWithTexts => (native_json_with_texts(corpus, events, filters, at), 0),
            Format::TimelineJs => timelinejs::timelinejs_json(corpus, events, filters, at),
        }
    }
}

/// What [`write_atomic`] wrote.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The file named.
    File,
    /// The regular file that the named symbolic link points to (the link is kept).
    ThroughLink(PathBuf),
}

#[derive(Serialize)]
struct Export<'a> {
    annals_export: u32,
    exported_at: String,
    filters: &'a Filter,
    count: usize,
    actors: Vec<ExportActor<'a>>,
    events: Vec<ExportEvent<'a>>,
    /// The exported events' articles' texts, by article id, when asked for: a reloaded
    /// export then shows the sentences around its quotes, as the original does.
    #[serde(skip_serializing_if = "Option::is_none")]
    texts: Option<std::collections::BTreeMap<&'a str, &'a str>>,
}

#[derive(Serialize)]
struct ExportActor<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportArticle<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
}

#[derive(Serialize)]
struct ExportEvent<'a> {
    article: ExportArticle<'a>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_text: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    date_resolved: bool,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    status: &'static str,
    participants: Vec<ExportParticipant<'a>>,
    evidence: Vec<ExportEvidence<'a>>,
    relations: Vec<ExportRelation<'a>>,
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    attributes: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct ExportParticipant<'a> {
    actor: &'a str,
    name: &'a str,
    role: &'static str,
}

#[derive(Serialize)]
struct ExportEvidence<'a> {
    quote: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

#[derive(Serialize)]
struct ExportRelation<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    target: &'a str,
}

/// The native export of `events` (indices in timeline order), as pretty JSON text.
/// Data is written exactly as loaded: nothing is sanitized.
pub fn native_json(corpus: &Corpus, events: &[EventIx], filters: &Filter, exported_at: DateTime<Utc>) -> String {
    native_json_of(corpus, events, filters, exported_at, false)
}

/// [`native_json`] with the texts of the events' articles (`"texts"`, by article id).
pub fn native_json_with_texts(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
) -> String {
    native_json_of(corpus, events, filters, exported_at, true)
}

fn native_json_of(
    corpus: &Corpus,
    events: &[EventIx],
    filters: &Filter,
    exported_at: DateTime<Utc>,
    with_texts: bool,
) -> String {
    let texts = with_texts.then(|| {
        events
            .iter()
            .map(|&e| corpus.article_of(&corpus.events()[e as usize]))
            .filter_map(|a| a.text.as_ref().map(|t| (a.id.as_str(), t.raw())))
            .collect()
    });
    let mut actor_ids: Vec<u32> =
        events.iter().flat_map(|&e| corpus.events()[e as usize].participants.iter().map(|p| p.actor)).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors = actor_ids
        .iter()
        .map(|&a| {
            let a = &corpus.actors()[a as usize];
            ExportActor {
                id: &a.id,
                name: a.name.raw(),
                aliases: a.aliases.iter().map(|x| x.raw()).collect(),
                kind: a.kind.as_str(),
                description: a.description.as_ref().map(|d| d.raw()),
            }
        })
        .collect();
    let export = Export {
        annals_export: 1,
        exported_at: exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        filters,
        count: events.len(),
        actors,
        events: events.iter().map(|&e| export_event(corpus, e)).collect(),
        texts,
    };
    let mut text = serde_json::to_string_pretty(&export).expect("export structures always serialize");
    text.push('\n');
    text
}

fn export_event(corpus: &Corpus, ix: EventIx) -> ExportEvent<'_> {
    let e = &corpus.events()[ix as usize];
    let a = corpus.article_of(e);
    ExportEvent {
        article: ExportArticle {
            id: &a.id,
            title: a.title.raw(),
            source: a.source.as_ref().map(|t| t.raw()),
            author: a.author.as_ref().map(|t| t.raw()),
            url: a.url.as_ref().map(|t| t.raw()),
            published: a.published.map(|p| p.iso()),
        },
        id: &e.id,
        date: e.date.map(|d| d.iso()),
        date_text: e.date_text.as_ref().map(|t| t.raw()),
        date_resolved: e.date_resolved,
        summary: e.summary.raw(),
        action: e.action.as_deref(),
        status: e.status.as_str(),
        participants: e
            .participants
            .iter()
            .map(|p| {
                let actor = &corpus.actors()[p.actor as usize];
                ExportParticipant { actor: &actor.id, name: actor.name.raw(), role: p.role.as_str() }
            })
            .collect(),
        evidence: e
            .evidence
            .iter()
            .map(|q| ExportEvidence { quote: q.raw(a), start: q.span.map(|s| s.0), end: q.span.map(|s| s.1) })
            .collect(),
        relations: e
            .relations
            .iter()
            .map(|r| ExportRelation { kind: r.kind.as_str(), target: &r.target_ref })
            .collect(),
        tags: e.tags.iter().map(|t| &**t).collect(),
        attributes: e
            .attributes
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect(),
    }
}

/// Write `contents` to `path` atomically: a temporary file in the same directory, flushed
/// and synced, then renamed over the target. An existing file is kept unless `overwrite`.
/// On any failure the old file (if any) is untouched and the temporary file is removed.
/// Only a regular file is replaced: a directory, a FIFO, a device or a socket is refused;
/// a symbolic link to a regular file is written through (its target is replaced, the link
/// kept).
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> Result<Written, ExportError> {
    let io = |reason: std::io::Error| ExportError::Io { path: path.to_path_buf(), reason: describe(&reason) };
    let (target, written) = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (path.to_path_buf(), Written::File),
        Err(e) => return Err(io(e)),
        Ok(m) if m.file_type().is_file() => (path.to_path_buf(), Written::File),
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(target) if target.is_file() => (target.clone(), Written::ThroughLink(target)),
            _ => return Err(ExportError::NotRegular(path.to_path_buf())),
        },
        Ok(_) => return Err(ExportError::NotRegular(path.to_path_buf())),
    };
    if !overwrite && target.exists() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The temporary name does not repeat the target's: any name the file system takes for
    // the export must do, up to its longest.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".annals-").suffix(".tmp");
    let replaced_mode = if overwrite { existing_mode(&target) } else { None };
    if replaced_mode.is_none() {
        new_file_permissions(&mut builder);
    }
    let mut temp = builder.tempfile_in(dir).map_err(io)?;
    if let Some(mode) = replaced_mode {
        keep_mode(temp.as_file(), mode).map_err(io)?;
    }
    temp.write_all(contents).map_err(io)?;
    temp.flush().map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    if overwrite {
        temp.persist(&target).map_err(|e| io(e.error))?;
    } else {
        // Refuses, rather than replaces, a file that appeared meanwhile.
        temp.persist_noclobber(&target).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => ExportError::Exists(path.to_path_buf()),
            _ => io(e.error),
        })?;
    }
    // The rename is durable once the directory is synced; not every system allows it.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(written)
}

/// A new export gets the mode any new file gets (`0o666` less the umask, which the system
/// applies as it creates the file), not the `0o600` of a temporary file: a web server
/// must be able to serve a TimelineJS export when the umask says so.
fn new_file_permissions(builder: &mut tempfile::Builder) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = builder;
}

/// The permission bits of the file an export replaces, which it keeps (as editors do).
fn existing_mode(target: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(target).ok().map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        None
    }
}

fn keep_mode(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "the directory does not exist".into(),
        std::io::ErrorKind::StorageFull => "no space left on the device".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => e.to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_new_export_has_the_mode_of_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        // A file created the ordinary way gets 0o666 less the process's umask.
        let ordinary = dir.path().join("ordinary");
        std::fs::File::create(&ordinary).unwrap();
        let export = dir.path().join("export.json");
        assert_eq!(write_atomic(&export, b"{}", false).unwrap(), Written::File);
        assert_eq!(mode(&export), mode(&ordinary));
    }

    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let export = dir.path().join("export.json");
        for kept in [0o640, 0o604, 0o600] {
            std::fs::write(&export, "old").unwrap();
            std::fs::set_permissions(&export, std::fs::Permissions::from_mode(kept)).unwrap();
            write_atomic(&export, b"{}", true).unwrap();
            assert_eq!(mode(&export), kept);
            assert_eq!(std::fs::read_to_string(&export).unwrap(), "{}");
        }
    }
}
