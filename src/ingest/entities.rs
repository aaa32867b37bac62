//! Target entities declared for a corpus that annotates no participants (`--entities FILE`):
//! one entity a line, its name and then its aliases, separated by `|`:
//!
//! ```text
//! # SemEval-2015 Task 4, corpus 1
//! Airbus
//! Boeing 787 Dreamliner | 787 | Dreamliner
//! ```
//!
//! Blank lines and lines starting with `#` are skipped; SemEval's own list of target
//! entities (one name a line) reads as it is. Each entity becomes an actor unless the corpus
//! declares one of that name already (its aliases are then added to it); the events whose
//! sentence names it are found by [`super::build`] (`named`).

use crate::diagnostic::Diagnostic;

/// A target entity: how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub name: String,
    pub aliases: Vec<String>,
}

/// The entities of a file's `text`; a line whose name is empty is an error located at
/// `file:line:column`.
pub fn parse(file: &str, text: &str) -> Result<Vec<Entity>, Diagnostic> {
    let mut entities: Vec<Entity> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut names = line.split('|').map(str::trim);
        let name = names.next().unwrap_or("");
        if name.is_empty() {
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            return Err(Diagnostic::error(
                file,
                (n + 1) as u32,
                column as u32,
                "an entity's line starts with its name, then its aliases after '|' (as in: Boeing 787 | Dreamliner)",
            ));
        }
        let aliases: Vec<String> = names.filter(|a| !a.is_empty() && *a != name).map(str::to_string).collect();
        match entities.iter_mut().find(|e| e.name == name) {
            Some(known) => known.aliases.extend(aliases),
            None => entities.push(Entity { name: name.to_string(), aliases }),
        }
    }
    Ok(entities)
}

/// The entities of the file at `path`, or the reason it cannot be read, located.
pub fn load(path: &std::path::Path) -> Result<Vec<Entity>, Diagnostic> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(&file, 1, 1, format!("the entities file cannot be read: {e}")))?;
    parse(&file, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_comments_and_a_line_without_a_name() {
        let text = "# targets\nAirbus\n\nBoeing 787 Dreamliner | 787 |  Dreamliner \nAirbus | EADS's Airbus\n";
        let entities = parse("e.txt", text).unwrap();
        assert_eq!(
            entities,
            [
                Entity { name: "Airbus".into(), aliases: vec!["EADS's Airbus".into()] },
                Entity { name: "Boeing 787 Dreamliner".into(), aliases: vec!["787".into(), "Dreamliner".into()] },
            ]
        );
        let error = parse("e.txt", "Airbus\n  | 787\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
        assert!(error.to_string().starts_with("e.txt:2:3: "), "{error}");
    }
}
