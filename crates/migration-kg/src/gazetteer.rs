//! Gazetteers: the known entities of the domain, loaded from `data/gazetteer/` (and
//! any `--gazetteer FILE`), matched in text with one Aho-Corasick pass.

use crate::error::Error;
use crate::lexicon::{self, Line};
use crate::model::{name_key, EntityKind, Gender};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::path::Path;

/// An office a person held, for resolving titles used as names ("the vice president").
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// The office as the gazetteer writes it ("Vice President").
    pub role: String,
    /// Canonical name of the country or body.
    pub of: String,
    /// First day in office (ISO date or year), if known.
    pub from: Option<String>,
    /// Last day in office; `None` while in office.
    pub to: Option<String>,
}

/// One gazetteer line: a known entity with its other names, demonyms, offices and gender.
#[derive(Debug, Clone, PartialEq)]
pub struct GazEntry {
    /// The canonical name.
    pub name: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// Other names the text may use: short names, acronyms, spellings.
    pub aliases: Vec<String>,
    /// Adjectives and nouns for a place ("Guatemalan", "Mexicans").
    pub demonyms: Vec<String>,
    /// Offices a person held, for titles used as names.
    pub offices: Vec<Office>,
    /// A person's gender, for pronouns.
    pub gender: Option<Gender>,
}

/// A gazetteer name found in text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset where the match ends.
    pub end: usize,
    /// Index of the matched entry, for [`Gazetteer::entry`].
    pub entry: usize,
    /// Matched through a demonym ("Guatemalan") rather than a name.
    pub demonym: bool,
}

#[derive(Debug)]
struct Pattern {
    entry: usize,
    demonym: bool,
    text: String,
    /// One-word names match only with their exact capitals ("US" but never "us").
    exact_case: bool,
}

/// Every known entity, matched in one Aho-Corasick pass over a text.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<GazEntry>,
    patterns: Vec<Pattern>,
    matcher: AhoCorasick,
    by_key: HashMap<String, usize>,
}

impl Gazetteer {
    /// The embedded defaults.
    pub fn builtin() -> Result<Self, Error> {
        Self::from_sources(&Self::default_sources())
    }

    /// The embedded defaults plus user files; a later file's entry extends an earlier
    /// one of the same name and kind, and its aliases win where two entries share one.
    pub fn with_files(paths: &[impl AsRef<Path>]) -> Result<Self, Error> {
        let mut sources = Self::default_sources();
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            sources.push((path.display().to_string(), text));
        }
        Self::from_sources(&sources)
    }

    fn default_sources() -> Vec<(String, String)> {
        lexicon::DEFAULT_GAZETTEERS
            .iter()
            .map(|(name, text)| (format!("data/gazetteer/{name}"), text.to_string()))
            .collect()
    }

    /// Builds from `(origin, text)` pairs in the data-file syntax.
    pub fn from_sources(sources: &[(String, String)]) -> Result<Self, Error> {
        let mut entries: Vec<GazEntry> = Vec::new();
        let mut index: HashMap<(String, EntityKind), usize> = HashMap::new();
        for (origin, text) in sources {
            for line in lexicon::parse(origin, text)? {
                let entry = parse_entry(origin, &line)?;
                match index.get(&(name_key(&entry.name), entry.kind)) {
                    Some(&i) => merge(&mut entries[i], entry),
                    None => {
                        index.insert((name_key(&entry.name), entry.kind), entries.len());
                        entries.push(entry);
                    }
                }
            }
        }
        Self::build(entries)
    }

    fn build(entries: Vec<GazEntry>) -> Result<Self, Error> {
        let mut patterns = Vec::new();
        let mut by_key = HashMap::new();
        // Later definitions win, so a user file can take an alias over.
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                owner.insert(name.clone(), i);
                by_key.insert(name_key(name), i);
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                if owner.get(name) == Some(&i) {
                    patterns.push(pattern(i, false, name));
                    // "Lopez-Obrador": a person's two-word surname is also written
                    // hyphenated.
                    let words: Vec<&str> = name.split(' ').collect();
                    if entry.kind == EntityKind::Person && words.len() == 2 {
                        let hyphenated = words.join("-");
                        if !owner.contains_key(&hyphenated) {
                            patterns.push(pattern(i, false, &hyphenated));
                        }
                    }
                }
            }
            for demonym in &entry.demonyms {
                patterns.push(pattern(i, true, demonym));
            }
        }
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns.iter().map(|p| p.text.as_str()))
            .map_err(|e| Error::Invalid(format!("gazetteer cannot be compiled: {e}")))?;
        Ok(Gazetteer {
            entries,
            patterns,
            matcher,
            by_key,
        })
    }

    /// The entry at `index`, as a [`GazMatch`] names it.
    pub fn entry(&self, index: usize) -> &GazEntry {
        &self.entries[index]
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry a name or alias stands for, compared by [`name_key`].
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_key.get(&name_key(name)).copied()
    }

    /// Non-overlapping matches, leftmost first and longest among those that start
    /// at the same place, each on word boundaries and with acceptable capitals.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let mut candidates: Vec<GazMatch> = self
            .matcher
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let pattern = &self.patterns[m.pattern().as_usize()];
                let found = &text[m.start()..m.end()];
                let case_ok = if pattern.exact_case {
                    found == pattern.text
                } else {
                    found.starts_with(|c: char| !c.is_lowercase())
                        || pattern.text.starts_with(|c: char| c.is_lowercase())
                };
                (case_ok && on_word_boundaries(text, m.start(), m.end())).then_some(GazMatch {
                    start: m.start(),
                    end: m.end(),
                    entry: pattern.entry,
                    demonym: pattern.demonym,
                })
            })
            .collect();
        candidates.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut chosen: Vec<GazMatch> = Vec::new();
        for candidate in candidates {
            if chosen.last().is_none_or(|last| candidate.start >= last.end) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

fn pattern(entry: usize, demonym: bool, text: &str) -> Pattern {
    Pattern {
        entry,
        demonym,
        text: text.to_string(),
        exact_case: !text.contains(' '),
    }
}

/// True when the match is not part of a longer word ("Iran" inside "Iranian").
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn merge(into: &mut GazEntry, from: GazEntry) {
    for alias in from.aliases {
        if !into.aliases.contains(&alias) {
            into.aliases.push(alias);
        }
    }
    into.demonyms.extend(from.demonyms);
    into.offices.extend(from.offices);
    into.gender = from.gender.or(into.gender);
}

fn parse_entry(origin: &str, line: &Line) -> Result<GazEntry, Error> {
    let bad = |message: String| Error::BadLine {
        origin: origin.to_string(),
        line: line.number,
        message,
    };
    let kind: EntityKind = line.section.parse().map_err(bad)?;
    let (name, rest) = line
        .fields
        .split_first()
        .ok_or_else(|| bad("empty entry".into()))?;
    if name.starts_with('@') {
        return Err(bad(format!(
            "entry starts with attribute '{name}' instead of a name"
        )));
    }
    let mut entry = GazEntry {
        name: name.clone(),
        kind,
        aliases: Vec::new(),
        demonyms: Vec::new(),
        offices: Vec::new(),
        gender: None,
    };
    for field in rest {
        let Some(attribute) = field.strip_prefix('@') else {
            entry.aliases.push(field.clone());
            continue;
        };
        let (key, value) = attribute.split_once(' ').unwrap_or((attribute, ""));
        let value = value.trim();
        match key {
            "demonym" if !value.is_empty() => entry.demonyms.push(value.to_string()),
            "gender" => {
                entry.gender = Some(match value {
                    "f" => Gender::Female,
                    "m" => Gender::Male,
                    other => return Err(bad(format!("@gender takes f or m, not '{other}'"))),
                })
            }
            "office" => entry.offices.push(parse_office(value).ok_or_else(|| {
                bad(format!("@office takes 'ROLE; OF; FROM; TO', not '{value}'"))
            })?),
            _ => return Err(bad(format!("unknown attribute '@{attribute}'"))),
        }
    }
    Ok(entry)
}

fn parse_office(value: &str) -> Option<Office> {
    let parts: Vec<&str> = value.split(';').map(str::trim).collect();
    let [role, of, from, to] = parts[..] else {
        return None;
    };
    let date = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (!role.is_empty() && !of.is_empty()).then(|| Office {
        role: role.to_string(),
        of: of.to_string(),
        from: date(from),
        to: date(to),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        let text = "[country]\nUnited States | US | U.S. | @demonym American\nIran\n\
                    [person]\nKamala Harris | Harris | @gender f | @office Vice President; United States; 2021-01-20; 2025-01-20\n\
                    [program]\nRemain in Mexico\n";
        Gazetteer::from_sources(&[("test.txt".into(), text.into())]).unwrap()
    }

    fn names(g: &Gazetteer, text: &str) -> Vec<String> {
        g.find(text)
            .iter()
            .map(|m| format!("{}={}", &text[m.start..m.end], g.entry(m.entry).name))
            .collect()
    }

    #[test]
    fn matches_names_acronyms_and_demonyms_on_word_boundaries() {
        let g = small();
        assert_eq!(
            names(
                &g,
                "Harris told us the U.S. and American envoys met Iranians."
            ),
            vec![
                "Harris=Kamala Harris",
                "U.S.=United States",
                "American=United States"
            ]
        );
    }

    #[test]
    fn multiword_names_need_a_capital_start() {
        let g = small();
        assert_eq!(
            names(&g, "They must remain in Mexico."),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&g, "the Remain in Mexico policy"),
            vec!["Remain in Mexico=Remain in Mexico"]
        );
    }

    #[test]
    fn reads_offices_gender_and_lookup_by_key() {
        let g = small();
        let harris = g.lookup("kamala HARRIS").unwrap();
        let entry = g.entry(harris);
        assert_eq!(entry.gender, Some(Gender::Female));
        assert_eq!(entry.offices[0].role, "Vice President");
        assert_eq!(entry.offices[0].to.as_deref(), Some("2025-01-20"));
        assert_eq!(g.lookup("the us"), g.lookup("United States"));
    }

    #[test]
    fn user_file_extends_an_entry_and_bad_lines_name_the_file() {
        let extra = (
            "mine.txt".to_string(),
            "[person]\nKamala Harris | Kamala\n".to_string(),
        );
        let base = (
            "base.txt".to_string(),
            "[person]\nKamala Harris | Harris\n".to_string(),
        );
        let g = Gazetteer::from_sources(&[base.clone(), extra]).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g.entry(0).aliases, vec!["Harris", "Kamala"]);
        let bad = ("mine.txt".to_string(), "[planet]\nMars\n".to_string());
        let err = Gazetteer::from_sources(&[base, bad])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("mine.txt:2: unknown entity kind 'planet'"),
            "{err}"
        );
    }
}
