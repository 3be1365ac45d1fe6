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
    /// An article to ingest.
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

/// The largest article read by default, in bytes: far beyond any news article, small
/// enough that `/dev/zero` or a runaway file fails fast instead of filling memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Every input under `paths` (`-` is standard input), in a stable order; no article
/// over [`MAX_DOCUMENT_BYTES`].
pub fn read_inputs(paths: &[PathBuf]) -> impl Iterator<Item = Intake> + Send + '_ {
    read_inputs_limited(paths, MAX_DOCUMENT_BYTES)
}

/// Like [`read_inputs`], with articles (a whole file, stdin, or one JSON Lines record)
/// of at most `max_bytes` bytes: a larger one fails by name and the others go on.
pub fn read_inputs_limited(
    paths: &[PathBuf],
    max_bytes: u64,
) -> impl Iterator<Item = Intake> + Send + '_ {
    paths
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Intake> + Send> {
            if path.as_os_str() == "-" {
                let stdin = Path::new("<stdin>");
                return match read_limited(stdin, std::io::stdin(), max_bytes) {
                    Ok(bytes) => Box::new(read_bytes(stdin, bytes, true).into_iter()),
                    Err(e) => Box::new(std::iter::once(Intake::Failed(e))),
                };
            }
            Box::new(expand(path).into_iter().flat_map(move |file| match file {
                Ok(file) => read_file(file, max_bytes),
                Err(skipped @ Error::Skipped(_)) => {
                    Box::new(std::iter::once(Intake::Warning(skipped.to_string())))
                }
                Err(e) => Box::new(std::iter::once(Intake::Failed(e))),
            }))
        })
}

/// All of `reader`, or an error naming `path` once it passes `max_bytes`.
fn read_limited(path: &Path, reader: impl Read, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(path, max_bytes));
    }
    Ok(bytes)
}

fn too_large(path: &Path, max_bytes: u64) -> Error {
    Error::Invalid(format!(
        "{}: an article over {max_bytes} bytes; skipped (ingest --max-bytes raises the limit)",
        path.display()
    ))
}

/// How many bytes the inputs under `paths` hold, for progress; `None` when one of them
/// is standard input or cannot be measured.
pub fn input_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        for file in expand(path) {
            match file {
                Ok(file) => total += fs::metadata(file).ok()?.len(),
                Err(Error::Skipped(_)) => {}
                Err(_) => return None,
            }
        }
    }
    Some(total)
}

/// The files a path stands for: itself (whatever it is: a named pipe given by name
/// is read), or every regular file below a folder, sorted. An entry that cannot be
/// read (a dangling link, a folder without permission) is an error of its own and
/// the rest are still listed; a link back to a folder above is followed once.
fn expand(path: &Path) -> Vec<Result<PathBuf, Error>> {
    let mut files = Vec::new();
    let mut visited = std::collections::HashSet::new();
    expand_into(path, true, &mut visited, &mut files);
    files
}

fn expand_into(
    path: &Path,
    given: bool,
    visited: &mut std::collections::HashSet<PathBuf>,
    files: &mut Vec<Result<PathBuf, Error>>,
) {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(source) => return files.push(Err(io_err(source))),
    };
    if !meta.is_dir() {
        // In a folder, only regular files: a pipe or device there would hang the read.
        if given || meta.is_file() && is_article_file(path) {
            files.push(Ok(path.to_path_buf()));
        } else if meta.is_file() {
            files.push(Err(Error::Skipped(path.to_path_buf())));
        }
        return;
    }
    if !visited.insert(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())) {
        return;
    }
    let mut entries: Vec<PathBuf> = match fs::read_dir(path) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !is_hidden(p))
            .collect(),
        Err(source) => return files.push(Err(io_err(source))),
    };
    entries.sort();
    for entry in entries {
        expand_into(&entry, false, visited, files);
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn is_json_lines(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("jsonl" | "ndjson"))
}

fn is_html(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("html" | "htm" | "xhtml"))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Files a folder holds that are articles: plain text (or no extension), HTML and JSON
/// Lines. Anything else found in a folder (a `.json` export, a spreadsheet, an image)
/// is skipped with a warning rather than ingested as text, tags and all.
fn is_article_file(path: &Path) -> bool {
    match extension(path).as_deref() {
        None => true,
        Some(ext) => matches!(
            ext,
            "txt" | "text" | "md" | "markdown" | "jsonl" | "ndjson" | "html" | "htm" | "xhtml"
        ),
    }
}

fn read_file(path: PathBuf, max_bytes: u64) -> Box<dyn Iterator<Item = Intake> + Send> {
    let file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(source) => {
            return Box::new(std::iter::once(Intake::Failed(Error::Io { path, source })))
        }
    };
    if is_json_lines(&path) {
        return Box::new(JsonLines::new(path, BufReader::new(file), max_bytes));
    }
    match read_limited(&path, file, max_bytes) {
        Ok(bytes) if is_html(&path) => Box::new(read_html(&path, &bytes).into_iter()),
        Ok(bytes) => Box::new(read_bytes(&path, bytes, false).into_iter()),
        Err(e) => Box::new(std::iter::once(Intake::Failed(e))),
    }
}

/// Elements whose text is no part of an article.
const NOT_ARTICLE: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "svg",
    "iframe",
    "button",
    "figcaption",
];

/// An HTML page as an article: the text of its paragraphs, headings, list items and
/// quotes, from its `<article>` (or `<main>`, or `<body>`), one block a line; the
/// `<title>` (or first heading) as its title.
fn read_html(path: &Path, bytes: &[u8]) -> Option<Intake> {
    use scraper::{ElementRef, Html, Selector};
    let html = match decode(path, bytes) {
        Ok(html) => html,
        Err(e) => return Some(Intake::Failed(e)),
    };
    let page = Html::parse_document(&html);
    // The selectors are fixed and valid.
    let select = |css: &str| Selector::parse(css).ok();
    let root = ["article", "main", "body"]
        .iter()
        .filter_map(|css| select(css))
        .find_map(|selector| page.select(&selector).next());
    let inside_chrome = |element: ElementRef| {
        element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| NOT_ARTICLE.contains(&a.value().name()))
    };
    let blocks = select("p, h1, h2, h3, h4, h5, h6, li, blockquote, pre")?;
    let mut text = String::new();
    if let Some(root) = root {
        for block in root.select(&blocks) {
            // A block inside another (a <p> in a <blockquote>) is read with it.
            let nested = block
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| blocks.matches(&a));
            if nested || inside_chrome(block) {
                continue;
            }
            let line = block.text().collect::<Vec<_>>().join(" ");
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if !line.is_empty() {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    if text.trim().is_empty() {
        return Some(Intake::Warning(format!(
            "{}: an HTML page without article text, nothing to ingest",
            path.display()
        )));
    }
    let title = ["title", "h1"]
        .iter()
        .filter_map(|css| select(css))
        .find_map(|selector| page.select(&selector).next())
        .map(|t| t.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty());
    Some(Intake::Document(Document {
        name: path.display().to_string(),
        title,
        text,
        ..Document::default()
    }))
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
        let reader = BufReader::new(text.as_bytes());
        return JsonLines::new(path.to_path_buf(), reader, u64::MAX).collect();
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
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            return encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
                .map(|text| text.into_owned())
                .ok_or_else(|| not_text(format!("invalid {}", encoding.name())));
        }
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // A NUL anywhere, not only in the sample: text never holds one.
    if bytes.contains(&0) || controls * 20 > sample.len() {
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

/// Windows-1252 leaves five bytes undefined (decoders map them to C1 controls, which
/// no text holds); text containing them is not Windows-1252.
fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    let text =
        encoding_rs::WINDOWS_1252.decode_without_bom_handling_and_without_replacement(bytes)?;
    (!text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c))).then(|| text.into_owned())
}

/// Streams a JSON Lines corpus one article at a time, so memory stays flat.
struct JsonLines<R> {
    path: PathBuf,
    reader: R,
    line: usize,
    finished: bool,
    /// Longest record read, in bytes.
    max_bytes: u64,
}

impl<R: BufRead> JsonLines<R> {
    fn new(path: PathBuf, reader: R, max_bytes: u64) -> Self {
        JsonLines {
            path,
            reader,
            line: 0,
            finished: false,
            max_bytes,
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
            let limit = self.max_bytes.saturating_add(1);
            match (&mut self.reader).take(limit).read_until(b'\n', &mut raw) {
                Ok(0) => return None,
                Ok(_) if raw.len() as u64 > self.max_bytes && !raw.ends_with(b"\n") => {
                    // Skip the rest of the record, a chunk at a time.
                    let mut rest = Vec::new();
                    loop {
                        rest.clear();
                        match (&mut self.reader)
                            .take(1 << 20)
                            .read_until(b'\n', &mut rest)
                        {
                            Ok(0) => break,
                            Ok(_) if rest.ends_with(b"\n") => break,
                            Ok(_) => {}
                            Err(_) => break,
                        }
                    }
                    let message = format!("a record over {} bytes; skipped", self.max_bytes);
                    return Some(self.bad_line(message));
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<String, String> {
        decode(Path::new("a.txt"), bytes).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_utf16_by_its_mark_and_windows_1252_when_not_utf8() {
        let utf16le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "Zúñiga met Ebrard"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(decoded(&utf16le).unwrap(), "Zúñiga met Ebrard");
        let utf16be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("México".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decoded(&utf16be).unwrap(), "México");
        // "“Zúñiga”" as Windows-1252: curly quotes 0x93 and 0x94.
        assert_eq!(
            decoded(b"\x93Z\xfa\xf1iga\x94 said.").unwrap(),
            "\u{201c}Zúñiga\u{201d} said."
        );
        assert_eq!(
            decoded(b"bad \x81 byte").unwrap_err(),
            "a.txt: not a text article (invalid UTF-8 at byte 4 and not Windows-1252 text either)"
        );
        assert_eq!(
            decoded(&[0xff, 0xfe, 0x00, 0xd8, 0x41]).unwrap_err(),
            "a.txt: not a text article (invalid UTF-16LE)"
        );
    }
}
