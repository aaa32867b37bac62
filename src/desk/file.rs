//! The notes file: one JSON object a line, an event's marks
//! (`{"article":…,"event":…,"marked":true,"starred":false,"note":…,"at":RFC3339}`) or a
//! saved view (`{"view":NAME,"filter":…,"clock":…,"focus":…,"at":…}`; `"deleted":true`
//! once deleted), or a correction of the stories (`{"split":{"article":…,"event":…},"at":…}`,
//! `{"merge":[{"article":…,"event":…},{…}],"at":…}`; `"undone":true` once undone). Read with located warnings (a broken line is kept, the others load);
//! saved by re-reading what is on disk, merging (newest `at` wins per key) and writing
//! atomically, so two sessions writing one file lose nothing of each other's.

use super::{Change, EventKey, Mark, Notes, SavedView, Stamped, StoryEdit};
use crate::atomic::{WriteError, write_atomic};
use crate::diagnostic::Diagnostic;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Why the notes could not be read or written; the file on disk is as it was.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("cannot create {path}: {reason}")]
    Directory { path: PathBuf, reason: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// The notes in `text`, and a located warning for each line that could not be read
/// (`file` names the file in them).
pub fn parse(text: &str, file: &str) -> (Notes, Vec<Diagnostic>) {
    let mut notes = Notes::default();
    let mut warnings = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = n as u32 + 1;
        match read_line(line) {
            Ok(record) => {
                let mut single = Notes::default();
                match record {
                    Record::Event(key, stamped) => {
                        single.events.insert(key, stamped);
                    }
                    Record::View(name, stamped) => {
                        single.views.insert(name, stamped);
                    }
                    Record::Story(edit, stamped) => {
                        single.stories.insert(edit, stamped);
                    }
                }
                notes.merge(&single);
            }
            Err((column, message)) => {
                warnings.push(Diagnostic::warning(file, number, column, format!("{message} (the line is kept)")));
                notes.unread.push(line.to_string());
            }
        }
    }
    (notes, warnings)
}

enum Record {
    Event(super::EventKey, Stamped<Mark>),
    View(String, Stamped<Option<SavedView>>),
    Story(StoryEdit, Stamped<bool>),
}

/// One line read, or the column and what is wrong.
fn read_line(line: &str) -> Result<Record, (u32, String)> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        // serde_json says where on its own line; the line number is ours.
        let text = e.to_string();
        let what = text.rsplit_once(" at line ").map_or(text.as_str(), |(what, _)| what);
        (e.column() as u32, format!("not JSON: {what}"))
    })?;
    let Value::Object(object) = value else { return Err((1, "not a JSON object".into())) };
    let string = |field: &str| -> Result<Option<String>, (u32, String)> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err((column_of(line, field), format!("\"{field}\" is not a string"))),
        }
    };
    let flag = |field: &str| -> Result<bool, (u32, String)> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err((column_of(line, field), format!("\"{field}\" is not true or false"))),
        }
    };
    let at = match string("at")? {
        None => return Err((1, "no \"at\" (the time of the change)".into())),
        Some(at) => DateTime::parse_from_rfc3339(&at)
            .map_err(|e| (column_of(line, "at"), format!("\"at\" is not an RFC 3339 time ({at:?}: {e})")))?
            .with_timezone(&Utc),
    };
    let key = |value: &Value, field: &str| -> Result<EventKey, (u32, String)> {
        let name = |part: &str| value.get(part).and_then(Value::as_str).map(str::to_string);
        match (name("article"), name("event")) {
            (Some(article), Some(event)) => Ok((article, event)),
            _ => Err((column_of(line, field), format!("\"{field}\" does not name an \"article\" and an \"event\""))),
        }
    };
    if let Some(split) = object.get("split") {
        let edit = StoryEdit::Split(key(split, "split")?);
        return Ok(Record::Story(edit, Stamped { value: !flag("undone")?, at }));
    }
    if let Some(merge) = object.get("merge") {
        let Some([a, b]) = merge.as_array().map(Vec::as_slice) else {
            return Err((column_of(line, "merge"), "\"merge\" is not a list of two events".into()));
        };
        let edit = StoryEdit::Merge(key(a, "merge")?, key(b, "merge")?);
        return Ok(Record::Story(edit, Stamped { value: !flag("undone")?, at }));
    }
    if let Some(name) = string("view")? {
        let view = (!flag("deleted")?).then(|| -> Result<SavedView, (u32, String)> {
            Ok(SavedView {
                filter: string("filter")?.unwrap_or_default(),
                clock: string("clock")?,
                focus: string("focus")?,
            })
        });
        return Ok(Record::View(name, Stamped { value: view.transpose()?, at }));
    }
    let (Some(article), Some(event)) = (string("article")?, string("event")?) else {
        return Err((1, "neither \"view\", \"split\", \"merge\" nor both \"article\" and \"event\"".into()));
    };
    let mark = Mark { marked: flag("marked")?, starred: flag("starred")?, note: string("note")? };
    Ok(Record::Event((article, event), Stamped { value: mark, at }))
}

/// The column of `"field"` in `line` (1 when it cannot be found).
fn column_of(line: &str, field: &str) -> u32 {
    line.find(&format!("\"{field}\"")).map_or(1, |at| line[..at].chars().count() as u32 + 1)
}

fn stamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The file's text: events, then views, then story edits, each in key order, then the
/// unread lines as they were.
pub fn render(notes: &Notes) -> String {
    let mut out = String::new();
    for ((article, event), Stamped { value, at }) in &notes.events {
        let line = json!({
            "article": article, "event": event, "marked": value.marked, "starred": value.starred,
            "note": value.note, "at": stamp(at),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    for (name, Stamped { value, at }) in &notes.views {
        let mut line = Map::new();
        line.insert("view".into(), json!(name));
        match value {
            Some(view) => {
                line.insert("filter".into(), json!(view.filter));
                for (field, value) in [("clock", &view.clock), ("focus", &view.focus)] {
                    if let Some(value) = value {
                        line.insert(field.into(), json!(value));
                    }
                }
            }
            None => {
                line.insert("deleted".into(), json!(true));
            }
        }
        line.insert("at".into(), json!(stamp(at)));
        out.push_str(&Value::Object(line).to_string());
        out.push('\n');
    }
    let event = |(article, event): &EventKey| json!({"article": article, "event": event});
    for (edit, Stamped { value, at }) in &notes.stories {
        let mut line = Map::new();
        match edit {
            StoryEdit::Split(key) => line.insert("split".into(), event(key)),
            StoryEdit::Merge(a, b) => line.insert("merge".into(), json!([event(a), event(b)])),
        };
        if !value {
            line.insert("undone".into(), json!(true));
        }
        line.insert("at".into(), json!(stamp(at)));
        out.push_str(&Value::Object(line).to_string());
        out.push('\n');
    }
    for line in &notes.unread {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The notes in the file at `path` (none if it does not exist yet), with warnings.
pub fn load(path: &Path) -> Result<(Notes, Vec<Diagnostic>), NotesError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(parse(&text, &file_name(path))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Notes::default(), Vec::new())),
        Err(e) => Err(NotesError::Read { path: path.to_path_buf(), reason: e.to_string() }),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Save `changes` made to `ours` at `now`: what is on disk now is read again and merged
/// (another session may have written since), the changes applied, the whole written
/// atomically. Returns the notes as written; on failure the file is as it was.
pub fn save(path: &Path, ours: &Notes, changes: &[Change], now: DateTime<Utc>) -> Result<Notes, NotesError> {
    let (mut notes, _) = load(path)?;
    notes.merge(ours);
    for change in changes {
        notes.apply(change, now);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| NotesError::Directory { path: dir.to_path_buf(), reason: e.to_string() })?;
    }
    write_atomic(path, render(&notes).as_bytes(), true)?;
    Ok(notes)
}

/// Where the notes of the data at `paths` live: `.annals/notes.jsonl` in the first path's
/// directory (the path itself if it is one); for the bundled corpus (no path),
/// `notes.jsonl` under `annals/bundled` in the XDG data directory; for standard input, nowhere.
pub fn default_path(paths: &[PathBuf]) -> Option<PathBuf> {
    let Some(first) = paths.first() else {
        use etcetera::BaseStrategy;
        let dirs = etcetera::choose_base_strategy().ok()?;
        return Some(dirs.data_dir().join("annals").join("bundled").join("notes.jsonl"));
    };
    if first.as_os_str() == "-" {
        return None;
    }
    // A ClickHouse table's notes: in the data directory, a folder for each address (its
    // host, port, database and table; never the password, which is not in it).
    if let Some(address) = first.to_str().and_then(|a| a.strip_prefix("clickhouse://")) {
        use etcetera::BaseStrategy;
        let dirs = etcetera::choose_base_strategy().ok()?;
        // As the table is opened: port 8123 and table `events` unless written.
        let place = address.rsplit('@').next().unwrap_or(address);
        let (host, path) = place.split_once('/').unwrap_or((place, ""));
        let host = if host.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
            host.to_string()
        } else {
            format!("{host}:8123")
        };
        let names: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let place = match names.as_slice() {
            [database] => format!("{host}/{database}/events"),
            _ => format!("{host}/{}", names.join("/")),
        };
        let folder: String =
            place.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
        return Some(dirs.data_dir().join("annals").join("clickhouse").join(folder).join("notes.jsonl"));
    }
    let dir = if first.is_dir() {
        first.clone()
    } else {
        first.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    Some(dir.join(".annals").join("notes.jsonl"))
}
