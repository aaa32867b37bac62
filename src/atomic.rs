//! Writing a file so that it is never half-written or lost: a temporary file in the same
//! directory, synced, then renamed over the target. Exports and the notes file use it.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists (use --force to replace it)")]
    Exists(PathBuf),
    #[error("{0} is not a regular file: refused")]
    NotRegular(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// What [`write_atomic`] wrote.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The file named.
    File,
    /// The regular file that the named symbolic link points to (the link is kept).
    ThroughLink(PathBuf),
}

/// Write `contents` to `path` atomically: a temporary file in the same directory, flushed
/// and synced, then renamed over the target. An existing file is kept unless `overwrite`.
/// On any failure the old file (if any) is untouched and the temporary file is removed.
/// Only a regular file is replaced: a directory, a FIFO, a device or a socket is refused;
/// a symbolic link to a regular file is written through (its target is replaced, the link
/// kept).
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> Result<Written, WriteError> {
    let mut pending = Pending::begin(path, overwrite)?;
    pending.write_all(contents).map_err(|e| pending.failed(e))?;
    pending.commit()
}

/// A file being written atomically, a piece at a time (an export streamed from a store):
/// the temporary file, which [`Pending::commit`] renames over the target, and which is
/// removed when dropped uncommitted (the old file, if any, untouched).
pub struct Pending {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    target: PathBuf,
    overwrite: bool,
    written: Written,
}

impl Pending {
    /// Start writing `path` (see [`write_atomic`]): refused at once when it exists and not
    /// `overwrite`, or when it is not a regular file.
    pub fn begin(path: &Path, overwrite: bool) -> Result<Pending, WriteError> {
        let io = |reason: std::io::Error| WriteError::Io { path: path.to_path_buf(), reason: describe(&reason) };
        let (target, written) = match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (path.to_path_buf(), Written::File),
            Err(e) => return Err(io(e)),
            Ok(m) if m.file_type().is_file() => (path.to_path_buf(), Written::File),
            Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
                Ok(target) if target.is_file() => (target.clone(), Written::ThroughLink(target)),
                _ => return Err(WriteError::NotRegular(path.to_path_buf())),
            },
            Ok(_) => return Err(WriteError::NotRegular(path.to_path_buf())),
        };
        if !overwrite && target.exists() {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
        // The temporary name does not repeat the target's: any name the file system takes
        // for the export must do, up to its longest.
        let mut builder = tempfile::Builder::new();
        builder.prefix(".annals-").suffix(".tmp");
        let replaced_mode = if overwrite { existing_mode(&target) } else { None };
        if replaced_mode.is_none() {
            new_file_permissions(&mut builder);
        }
        let temp = builder.tempfile_in(directory_of(&target)).map_err(io)?;
        if let Some(mode) = replaced_mode {
            keep_mode(temp.as_file(), mode).map_err(io)?;
        }
        Ok(Pending { temp, path: path.to_path_buf(), target, overwrite, written })
    }

    /// An error writing it, naming the file asked for.
    pub fn failed(&self, reason: std::io::Error) -> WriteError {
        WriteError::Io { path: self.path.clone(), reason: describe(&reason) }
    }

    /// Flush, sync and rename the file over its target.
    pub fn commit(mut self) -> Result<Written, WriteError> {
        let io = |reason: std::io::Error| WriteError::Io { path: self.path.clone(), reason: describe(&reason) };
        self.temp.flush().map_err(io)?;
        self.temp.as_file().sync_all().map_err(io)?;
        let (path, target) = (self.path.clone(), self.target.clone());
        let io = |reason: std::io::Error| WriteError::Io { path: path.clone(), reason: describe(&reason) };
        if self.overwrite {
            self.temp.persist(&target).map_err(|e| io(e.error))?;
        } else {
            // Refuses, rather than replaces, a file that appeared meanwhile.
            self.temp.persist_noclobber(&target).map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.clone()),
                _ => io(e.error),
            })?;
        }
        // The rename is durable once the directory is synced; not every system allows it.
        if let Ok(d) = std::fs::File::open(directory_of(&target)) {
            let _ = d.sync_all();
        }
        Ok(self.written)
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

/// Writing `path` failed with `e`, said as the other failures are.
pub fn io_error(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io { path: path.to_path_buf(), reason: describe(e) }
}

/// The directory a file is in (`.` for a bare name).
pub fn directory_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
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
        std::io::ErrorKind::FileTooLarge => "the file would pass the file size limit".into(),
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
