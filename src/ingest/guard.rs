//! The last guard against a bug in an importer: a panic while one file (or one line of a
//! streamed file) is parsed is caught and becomes that file's located error, and the
//! other files still load.
//!
//! The importers are meant never to panic; this guard is for the case they do. The panic
//! hook still runs before the panic is caught: a binary that wants nothing but the
//! diagnostic on stderr installs a hook that stays quiet while
//! [`diagnostic::panic_is_caught`] is true.

use crate::diagnostic::{self, Diagnostic};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Run `f`, turning a panic into its message. The unwinding leaves no shared state half
/// changed: `f` works on data of its own, which the caller drops when it fails.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let result = diagnostic::catching(|| catch_unwind(AssertUnwindSafe(f)));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// Run `parse` for one file, named `name`: on a panic, what it reported is dropped and the
/// file is one located error instead.
pub fn parse_file<T: Default>(
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
    parse: impl FnOnce(&mut Vec<Diagnostic>) -> T,
) -> T {
    let before = diagnostics.len();
    match catch(|| parse(diagnostics)) {
        Ok(parsed) => parsed,
        Err(why) => {
            diagnostics.truncate(before);
            diagnostics.push(failed(name, 1, "file", &why));
            T::default()
        }
    }
}

/// The error for a file or a line (`what`) an importer failed on.
pub fn failed(name: &str, line: u32, what: &str, why: &str) -> Diagnostic {
    let why = why.lines().next().unwrap_or("");
    Diagnostic::error(
        name,
        line,
        1,
        format!(
            "annals failed to read this {what} (internal error: {why}); this {what} is skipped, the rest is loaded"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_parsing_a_file_is_that_files_error() {
        let mut diagnostics = vec![Diagnostic::warning("a.json", 3, 1, "from an earlier file")];
        let parsed: Vec<u32> = parse_file("b.xml", &mut diagnostics, |d| {
            d.push(Diagnostic::warning("b.xml", 2, 1, "found before the panic"));
            assert!(diagnostic::panic_is_caught());
            panic!("index out of bounds: the len is 2 but the index is 2")
        });
        assert!(parsed.is_empty());
        assert!(!diagnostic::panic_is_caught());
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "a.json:3:1: warning: from an earlier file",
                "b.xml:1:1: error: annals failed to read this file (internal error: index out of bounds: the len is 2 \
                 but the index is 2); this file is skipped, the rest is loaded",
            ]
        );
    }

    #[test]
    fn without_a_panic_the_guard_is_transparent() {
        let mut diagnostics = Vec::new();
        let parsed = parse_file("c.json", &mut diagnostics, |d| {
            d.push(Diagnostic::warning("c.json", 1, 1, "kept"));
            vec![1, 2]
        });
        assert_eq!(parsed, [1, 2]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(catch(|| panic!("{}", String::from("formatted"))), Err::<(), _>("formatted".to_string()));
    }
}
