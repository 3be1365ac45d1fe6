//! The syntax shared by every data file in `data/` and the defaults embedded from it.
//!
//! A file is `[section]` headers followed by lines of `|`-separated fields; `#` starts
//! a comment. Gazetteers, titles, organization head nouns and relation cues all use it,
//! so a user who can extend one can extend them all.

use crate::error::Error;

/// The gazetteers compiled into the binary, so it runs without the repository.
pub const DEFAULT_GAZETTEERS: &[(&str, &str)] = &[
    (
        "countries.txt",
        include_str!("../data/gazetteer/countries.txt"),
    ),
    ("regions.txt", include_str!("../data/gazetteer/regions.txt")),
    (
        "agencies.txt",
        include_str!("../data/gazetteer/agencies.txt"),
    ),
    (
        "organizations.txt",
        include_str!("../data/gazetteer/organizations.txt"),
    ),
    ("people.txt", include_str!("../data/gazetteer/people.txt")),
    (
        "programs.txt",
        include_str!("../data/gazetteer/programs.txt"),
    ),
];

/// Titles that introduce a person's name, by what they say of the holder.
pub const DEFAULT_TITLES: (&str, &str) = ("titles.txt", include_str!("../data/lexicon/titles.txt"));

/// Head nouns that make a capitalized phrase an agency, organization or program.
pub const DEFAULT_HEADS: (&str, &str) = ("heads.txt", include_str!("../data/lexicon/heads.txt"));

/// First names by the pronoun they take, for finding people no gazetteer lists.
pub const DEFAULT_GIVEN_NAMES: (&str, &str) = (
    "given_names.txt",
    include_str!("../data/lexicon/given_names.txt"),
);

/// Relation cue patterns and modality markers.
pub const DEFAULT_CUES: (&str, &str) =
    ("relations.txt", include_str!("../data/cues/relations.txt"));

/// One non-blank line of a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The last `[section]` header above the line.
    pub section: String,
    pub fields: Vec<String>,
    /// 1-based line number, for error messages.
    pub number: usize,
}

/// Splits a data file into lines; `origin` names it in errors.
pub fn parse(origin: &str, text: &str) -> Result<Vec<Line>, Error> {
    let mut section: Option<String> = None;
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let content = strip_comment(raw).trim();
        if content.is_empty() {
            continue;
        }
        if let Some(header) = content.strip_prefix('[') {
            let name = header.strip_suffix(']').ok_or_else(|| Error::BadLine {
                origin: origin.to_string(),
                line: number,
                message: format!("section header '{content}' lacks its closing ']'"),
            })?;
            section = Some(name.trim().to_string());
            continue;
        }
        let Some(section) = section.clone() else {
            return Err(Error::BadLine {
                origin: origin.to_string(),
                line: number,
                message: "entry before any [section] header".into(),
            });
        };
        let fields = content
            .split('|')
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect();
        lines.push(Line {
            section,
            fields,
            number,
        });
    }
    Ok(lines)
}

/// Cuts a `#` comment; a `#` inside a word (as in "C#") is kept.
fn strip_comment(line: &str) -> &str {
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if c == '#' && previous.is_whitespace() {
            return &line[..i];
        }
        previous = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_fields_and_comments() {
        let text = "# heading\n[country]\nGuatemala | Republic of Guatemala  # note\n\n[region]\nPetén|Peten\n";
        let lines = parse("t.txt", text).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].section, "country");
        assert_eq!(lines[0].fields, vec!["Guatemala", "Republic of Guatemala"]);
        assert_eq!(lines[1].fields, vec!["Petén", "Peten"]);
        assert_eq!(lines[1].number, 6);
    }

    #[test]
    fn reports_file_and_line_of_errors() {
        let err = parse("mine.txt", "Guatemala\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.txt:1: entry before any [section] header"
        );
        let err = parse("mine.txt", "[country\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.txt:1: section header '[country' lacks its closing ']'"
        );
    }

    #[test]
    fn embedded_defaults_parse() {
        for (name, text) in DEFAULT_GAZETTEERS.iter().chain([
            &DEFAULT_TITLES,
            &DEFAULT_HEADS,
            &DEFAULT_GIVEN_NAMES,
            &DEFAULT_CUES,
        ]) {
            let lines = parse(name, text).unwrap();
            assert!(lines.len() > 5, "{name} has only {} lines", lines.len());
        }
    }
}
