//! The library's errors: each names the file, entity or argument at fault.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Input that is not text: binary content or bytes that decode as nothing.
    #[error("{}: not a text article ({reason})", path.display())]
    NotText { path: PathBuf, reason: String },
    /// A malformed line in a gazetteer, cue lexicon or JSON Lines file.
    #[error("{origin}:{line}: {message}")]
    BadLine {
        origin: String,
        line: usize,
        message: String,
    },
    /// The database file exists but was not written by mkg.
    #[error("{}: not an mkg database ({reason}); the file was left untouched", path.display())]
    NotMkgDatabase { path: PathBuf, reason: String },
    /// The database was written by a newer mkg.
    #[error("{}: database schema version {found} is newer than this mkg supports ({supported}); upgrade mkg to open it", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite failed on an otherwise valid mkg database.
    #[error("database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// A name that matches no entity; `suggestions` are the closest known names.
    #[error("no entity named '{name}'{}", suggestion_text(suggestions))]
    UnknownEntity {
        name: String,
        suggestions: Vec<String>,
    },
    /// A name that fits several entities: each candidate described on a line of its own.
    #[error("'{name}' names {} entities; give one by its id:\n{}", candidates.len(), candidate_lines(candidates))]
    AmbiguousEntity {
        name: String,
        candidates: Vec<String>,
    },
    /// A file of a folder that is no article (by its extension); skipped.
    #[error("{}: not an article format (.txt, .md, .html, .jsonl); skipped", .0.display())]
    Skipped(PathBuf),
    /// An argument the user gave that cannot be used.
    #[error("{0}")]
    Invalid(String),
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
