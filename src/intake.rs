//! Reading articles: files, folders (recursively), stdin and JSON Lines corpora.
//!
//! Each input yields documents with raw (not yet repaired) text, or a warning, or a
//! failure that names the file; one bad file never stops the others.

use crate::error::Error;
use crate::model::Document;
use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// What reading one input produced.
#[derive(Debug)]
pub enum Intake {
    Document(Document),
    /// Nothing to ingest, but nothing lost either (an empty file).
    Warning(String),
    /// An input that could not be read; the message names it.
    Failed(Error),
}

/// One line of a JSON Lines corpus.
#[derive(Deserialize)]
struct JsonArticle {
    text: String,
    id: Option<serde_json::Value>,
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
    source: Option<String>,
}

/// Every input under `paths` (`-` is standard input), in a stable order.
pub fn read_inputs(paths: &[PathBuf]) -> impl Iterator<Item = Intake> + Send + '_ {
    paths
        .iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = Intake> + Send> {
            if path.as_os_str() == "-" {
                let mut bytes = Vec::new();
                if let Err(source) = std::io::stdin().read_to_end(&mut bytes) {
                    let path = PathBuf::from("<stdin>");
                    return Box::new(std::iter::once(Intake::Failed(Error::Io { path, source })));
                }
                return Box::new(read_bytes(Path::new("<stdin>"), bytes, true).into_iter());
            }
            match expand(path) {
                Ok(files) => Box::new(files.into_iter().flat_map(read_file)),
                Err(e) => Box::new(std::iter::once(Intake::Failed(e))),
            }
        })
}

/// How many bytes the inputs under `paths` hold, for progress; `None` when one of them
/// is standard input or cannot be measured.
pub fn input_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        for file in expand(path).ok()? {
            total += fs::metadata(file).ok()?.len();
        }
    }
    Some(total)
}

/// The files a path stands for: itself, or every file below a folder, sorted.
fn expand(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(io_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !is_hidden(p))
        .collect();
    entries.sort();
    for entry in entries {
        files.extend(expand(&entry)?);
    }
    Ok(files)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn is_json_lines(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

fn read_file(path: PathBuf) -> Box<dyn Iterator<Item = Intake> + Send> {
    if is_json_lines(&path) {
        return match fs::File::open(&path) {
            Ok(file) => Box::new(JsonLines::new(path, BufReader::new(file))),
            Err(source) => Box::new(std::iter::once(Intake::Failed(Error::Io { path, source }))),
        };
    }
    match fs::read(&path) {
        Ok(bytes) => Box::new(read_bytes(&path, bytes, false).into_iter()),
        Err(source) => Box::new(std::iter::once(Intake::Failed(Error::Io { path, source }))),
    }
}

/// A whole file (or stdin) as one article; stdin may also hold JSON Lines.
fn read_bytes(path: &Path, bytes: Vec<u8>, sniff_json_lines: bool) -> Vec<Intake> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Intake::Warning(format!(
            "{}: empty, nothing to ingest",
            path.display()
        ))];
    }
    let text = match decode(path, &bytes) {
        Ok(text) => text,
        Err(e) => return vec![Intake::Failed(e)],
    };
    if sniff_json_lines && text.trim_start().starts_with('{') {
        return JsonLines::new(path.to_path_buf(), BufReader::new(text.as_bytes())).collect();
    }
    vec![Intake::Document(Document {
        name: path.display().to_string(),
        text,
        ..Document::default()
    })]
}

/// Decodes article bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or legacy
/// Windows-1252. Binary content is refused rather than guessed at.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Error> {
    let not_text = |reason: String| Error::NotText {
        path: path.to_path_buf(),
        reason,
    };
    if let Some(utf16) = decode_utf16_with_bom(bytes) {
        return utf16.ok_or_else(|| not_text("invalid UTF-16".into()));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(not_text("binary content".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8_error) => decode_windows_1252(bytes).ok_or_else(|| {
            not_text(format!(
                "invalid UTF-8 at byte {} and not Windows-1252 text either",
                utf8_error.valid_up_to()
            ))
        }),
    }
}

fn decode_utf16_with_bom(bytes: &[u8]) -> Option<Option<String>> {
    let little_endian = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok(),
    )
}

/// Windows-1252 leaves five bytes undefined; text containing them is not Windows-1252.
fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => Some(HIGH[(b - 0x80) as usize]).filter(|&c| c != '\0'),
            _ => Some(b as char),
        })
        .collect()
}

/// Streams a JSON Lines corpus one article at a time, so memory stays flat.
struct JsonLines<R> {
    path: PathBuf,
    reader: R,
    line: usize,
    finished: bool,
}

impl<R: BufRead> JsonLines<R> {
    fn new(path: PathBuf, reader: R) -> Self {
        JsonLines {
            path,
            reader,
            line: 0,
            finished: false,
        }
    }

    fn bad_line(&self, message: String) -> Intake {
        Intake::Failed(Error::BadLine {
            origin: self.path.display().to_string(),
            line: self.line,
            message,
        })
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Intake;

    fn next(&mut self) -> Option<Intake> {
        while !self.finished {
            let mut raw = Vec::new();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut raw) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(source) => {
                    // A read error is not recoverable for the rest of the stream.
                    self.finished = true;
                    let path = self.path.clone();
                    return Some(Intake::Failed(Error::Io { path, source }));
                }
            }
            let Ok(line) = std::str::from_utf8(&raw) else {
                return Some(self.bad_line("not valid UTF-8".into()));
            };
            if line.trim().is_empty() {
                continue;
            }
            let article: JsonArticle = match serde_json::from_str(line) {
                Ok(article) => article,
                Err(e) => return Some(self.bad_line(format!("not an article object: {e}"))),
            };
            let name = match article.id {
                Some(serde_json::Value::String(id)) => id,
                Some(id) => id.to_string(),
                None => format!("{}#{}", self.path.display(), self.line),
            };
            if article.text.trim().is_empty() {
                return Some(Intake::Warning(format!(
                    "{}:{}: article '{name}' has empty text, nothing to ingest",
                    self.path.display(),
                    self.line
                )));
            }
            return Some(Intake::Document(Document {
                name,
                title: article.title,
                url: article.url,
                date: article.date,
                source: article.source,
                text: article.text,
            }));
        }
        None
    }
}
