//! The library's errors: each names the file, entity or argument at fault.

use std::path::PathBuf;

/// Everything that can go wrong, each naming what it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Input that is not text: binary content or bytes that decode as nothing.
    #[error("{}: not a text article ({reason})", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// Why it is not text.
        reason: String,
    },
    /// A malformed line in a gazetteer, cue lexicon or JSON Lines file.
    #[error("{origin}:{line}: {message}")]
    BadLine {
        /// The file, or `data/...` for a built-in one.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The database file exists but was not written by mkg.
    #[error("{}: not an mkg database ({reason}); the file was left untouched", path.display())]
    NotMkgDatabase {
        /// The database file.
        path: PathBuf,
        /// What makes it someone else's.
        reason: String,
    },
    /// The database was written by a newer mkg.
    #[error("{}: database schema version {found} is newer than this mkg supports ({supported}); upgrade mkg to open it", path.display())]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version it has.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// SQLite failed on an otherwise valid mkg database.
    #[error("database {}: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A name that matches no entity; `suggestions` are the closest known names.
    #[error("no entity named '{}'{}", shown(name), suggestion_text(suggestions))]
    UnknownEntity {
        /// The name as given.
        name: String,
        /// Known names close to it, best first.
        suggestions: Vec<String>,
    },
    /// A name that fits several entities: each candidate described on a line of its own.
    #[error("'{}' names {} entities; give one by its id:\n{}", shown(name), candidates.len(), candidate_lines(candidates))]
    AmbiguousEntity {
        /// The name as given.
        name: String,
        /// One line per entity it fits.
        candidates: Vec<String>,
    },
    /// A file of a folder that is no article (by its extension); skipped.
    #[error("{}: not an article format (.txt, .md, .html, .jsonl); skipped", .0.display())]
    Skipped(PathBuf),
    /// An argument the user gave that cannot be used.
    #[error("{0}")]
    Invalid(String),
}

/// Characters of a name a message repeats; a longer one is cut, with its length.
const SHOWN_CHARS: usize = 60;

/// `name` as a message repeats it: a pasted paragraph is not echoed whole.
fn shown(name: &str) -> String {
    let length = name.chars().count();
    if length <= SHOWN_CHARS {
        return name.to_string();
    }
    let start: String = name.chars().take(SHOWN_CHARS).collect();
    format!("{}… ({length} characters)", start.trim_end())
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

fn candidate_lines(candidates: &[String]) -> String {
    let lines: Vec<String> = candidates.iter().map(|c| format!("  {c}")).collect();
    lines.join("\n")
}

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
