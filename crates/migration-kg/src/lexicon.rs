//! The syntax shared by every data file in `data/` and the defaults embedded from it.
//!
//! A file is `[section]` headers followed by lines of `|`-separated fields; `#` starts
//! a comment. Gazetteers, titles, organization head nouns and relation cues all use it,
//! so a user who can extend one can extend them all. [`Lexicons`] compiles the
//! title, head-noun and given-name files.

use crate::error::Error;
use crate::model::{name_key, EntityKind, Gender};
use regex::Regex;
use std::collections::HashMap;

/// The gazetteers compiled into the binary, so it runs without the repository.
pub const DEFAULT_GAZETTEERS: &[(&str, &str)] = &[
    (
        "countries.txt",
        include_str!("../../../data/gazetteer/countries.txt"),
    ),
    (
        "regions.txt",
        include_str!("../../../data/gazetteer/regions.txt"),
    ),
    (
        "agencies.txt",
        include_str!("../../../data/gazetteer/agencies.txt"),
    ),
    (
        "organizations.txt",
        include_str!("../../../data/gazetteer/organizations.txt"),
    ),
    (
        "people.txt",
        include_str!("../../../data/gazetteer/people.txt"),
    ),
    (
        "programs.txt",
        include_str!("../../../data/gazetteer/programs.txt"),
    ),
];

/// Titles that introduce a person's name, by what they say of the holder.
pub const DEFAULT_TITLES: (&str, &str) = (
    "titles.txt",
    include_str!("../../../data/lexicon/titles.txt"),
);

/// Head nouns that make a capitalized phrase an agency, organization or program.
pub const DEFAULT_HEADS: (&str, &str) =
    ("heads.txt", include_str!("../../../data/lexicon/heads.txt"));

/// First names by the pronoun they take, for finding people no gazetteer lists.
pub const DEFAULT_GIVEN_NAMES: (&str, &str) = (
    "given_names.txt",
    include_str!("../../../data/lexicon/given_names.txt"),
);

/// Formal given names and their short forms ("Elizabeth" and "Liz").
pub const DEFAULT_NICKNAMES: (&str, &str) = (
    "nicknames.txt",
    include_str!("../../../data/lexicon/nicknames.txt"),
);

/// Relation cue patterns and modality markers.
pub const DEFAULT_CUES: (&str, &str) = (
    "relations.txt",
    include_str!("../../../data/cues/relations.txt"),
);

/// One non-blank line of a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The last `[section]` header above the line.
    pub section: String,
    /// The `|`-separated fields, trimmed.
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

/// What a line's `[section]` stands for, or an error naming the file, the line and
/// the sections allowed.
fn section_value<T: Copy>(origin: &str, line: &Line, choices: &[(&str, T)]) -> Result<T, Error> {
    choices
        .iter()
        .find(|(name, _)| *name == line.section)
        .map(|&(_, value)| value)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
            Error::BadLine {
                origin: origin.to_string(),
                line: line.number,
                message: format!(
                    "unknown section '[{}]' (expected one of: {})",
                    line.section,
                    names.join(", ")
                ),
            }
        })
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

/// What a title says about its holder and the body named with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleClass {
    /// Leads a country or any body: President, Prime Minister.
    HeadOfState,
    /// Leads a state or city: Governor, Mayor.
    HeadOfPlace,
    /// Leads a body, serves a country: Minister, Secretary, Director.
    Leader,
    /// Serves in a government or body without leading it: Vice President, Foreign
    /// Minister.
    Member,
    /// A courtesy title: Mr., Dr., Don.
    Honorific,
}

impl TitleClass {
    /// Whether the title makes its holder the head of something.
    pub fn leads(self) -> bool {
        matches!(
            self,
            TitleClass::HeadOfState | TitleClass::HeadOfPlace | TitleClass::Leader
        )
    }
}

/// The size of the longest entry of a list, in bytes (an upper bound) and words.
#[derive(Debug, Clone, Copy)]
struct Longest {
    bytes: usize,
    words: usize,
}

/// The lexicons of `data/lexicon/`: titles, head nouns and given names, compiled.
#[derive(Debug)]
pub struct Lexicons {
    titles: HashMap<String, TitleClass>,
    /// Short forms of titles and their full form, lowercase ("gov." -> "governor").
    abbreviations: HashMap<String, String>,
    /// Title (canonical role) -> the body it names by itself ("senator" -> Senate).
    title_bodies: HashMap<String, String>,
    /// The first word of every title, lower case: most words start none.
    title_first_words: std::collections::HashSet<String>,
    longest_title: Longest,
    /// Longest title first, matched at the end of the text before a name.
    pub(crate) title_before_name: Regex,
    /// A bare title used as a name: "the vice president", "Guatemala's president".
    pub(crate) title_as_name: Regex,
    /// A title in apposition after a name: ", the State Department's envoy for ...".
    pub(crate) apposition: Regex,
    pub(crate) heads: HashMap<String, EntityKind>,
    /// First names, with the pronoun they take where one is usual.
    given_names: HashMap<String, Option<Gender>>,
    /// Short given name, lowercase -> the formal names it stands for, lowercase.
    formal_names: HashMap<String, Vec<String>>,
    /// Heads that open a name instead of closing it ("Fundación Senderos").
    pub(crate) leading_heads: HashMap<String, EntityKind>,
    /// Heads whose body is a state's when a demonym or "National" names it
    /// ("Nicaraguan Institute of Tourism"), with the kind that makes it.
    pub(crate) national_heads: HashMap<String, EntityKind>,
    /// Nouns that refer back after "the" ("the department"): the kind they take and
    /// whether they must match the name (`true`) or take any entity of the kind.
    pub(crate) anaphors: HashMap<String, (EntityKind, bool)>,
}

impl Lexicons {
    /// The lexicons embedded in the binary (`data/lexicon/`).
    pub fn builtin() -> Result<Self, Error> {
        Self::from_texts(
            DEFAULT_TITLES,
            DEFAULT_HEADS,
            DEFAULT_GIVEN_NAMES,
            DEFAULT_NICKNAMES,
        )
    }

    /// Each argument is `(origin, text)` of a data file in the lexicon syntax.
    pub fn from_texts(
        (titles_origin, titles_text): (&str, &str),
        (heads_origin, heads_text): (&str, &str),
        (names_origin, names_text): (&str, &str),
        (nicknames_origin, nicknames_text): (&str, &str),
    ) -> Result<Self, Error> {
        let mut titles = HashMap::new();
        let mut abbreviations = HashMap::new();
        let mut title_bodies = HashMap::new();
        for line in parse(titles_origin, titles_text)? {
            // `None` is the [abbreviation] section: short forms, not titles.
            let class = section_value(
                titles_origin,
                &line,
                &[
                    ("head of state", Some(TitleClass::HeadOfState)),
                    ("head of place", Some(TitleClass::HeadOfPlace)),
                    ("leader", Some(TitleClass::Leader)),
                    ("member", Some(TitleClass::Member)),
                    ("honorific", Some(TitleClass::Honorific)),
                    ("abbreviation", None),
                    ("body", None),
                ],
            )?;
            let Some(class) = class else {
                let pairs = if line.section == "body" {
                    &mut title_bodies
                } else {
                    &mut abbreviations
                };
                for pair in &line.fields {
                    let (short, full) = pair.split_once('=').ok_or_else(|| Error::BadLine {
                        origin: titles_origin.into(),
                        line: line.number,
                        message: format!("an abbreviation reads 'Gov. = Governor', not '{pair}'"),
                    })?;
                    let full = full.trim();
                    let full = if line.section == "body" {
                        full.to_string()
                    } else {
                        full.to_lowercase()
                    };
                    pairs.insert(short.trim().to_lowercase(), full);
                }
                continue;
            };
            for title in line.fields {
                titles.insert(title.to_lowercase(), class);
            }
        }
        let mut heads = HashMap::new();
        let mut leading_heads = HashMap::new();
        let mut national_heads = HashMap::new();
        let mut anaphors = HashMap::new();
        for line in parse(heads_origin, heads_text)? {
            let section = line.section.as_str();
            let (kind, role) = section
                .split_once(' ')
                .map_or((section, ""), |(kind, role)| (kind, role));
            let kind: EntityKind = kind.parse().map_err(|message| Error::BadLine {
                origin: heads_origin.into(),
                line: line.number,
                message,
            })?;
            for word in line.fields {
                match role {
                    "" => drop(heads.insert(word, kind)),
                    "first" => drop(leading_heads.insert(word, kind)),
                    "national" => drop(national_heads.insert(word, kind)),
                    "anaphor" => drop(anaphors.insert(word, (kind, true))),
                    "anaphor any" => drop(anaphors.insert(word, (kind, false))),
                    other => {
                        return Err(Error::BadLine {
                            origin: heads_origin.into(),
                            line: line.number,
                            message: format!("unknown section '[{section}]': after the kind, '{other}' should be nothing, 'first', 'national', 'anaphor' or 'anaphor any'"),
                        })
                    }
                }
            }
        }
        let mut given_names = HashMap::new();
        for line in parse(names_origin, names_text)? {
            let gender = section_value(
                names_origin,
                &line,
                &[
                    ("female", Some(Gender::Female)),
                    ("male", Some(Gender::Male)),
                    ("unisex", None),
                ],
            )?;
            for name in line.fields {
                given_names.insert(name, gender);
            }
        }
        let mut formal_names: HashMap<String, Vec<String>> = HashMap::new();
        for line in parse(nicknames_origin, nicknames_text)? {
            section_value(nicknames_origin, &line, &[("nickname", ())])?;
            let formal = line.fields[0].to_lowercase();
            for short in &line.fields[1..] {
                formal_names
                    .entry(short.to_lowercase())
                    .or_default()
                    .push(formal.clone());
            }
        }
        let mut sorted: Vec<&String> = titles.keys().collect();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternation = sorted
            .iter()
            .map(|t| regex::escape(t))
            .collect::<Vec<_>>()
            .join("|");
        let compile = |pattern: String| {
            Regex::new(&pattern).map_err(|e| Error::Invalid(format!("title lexicon: {e}")))
        };
        // "consul general in El Paso, Ana Lucía Treviño": a place may follow the title.
        let title_before_name = compile(format!(
            r"(?i)(?:^|[^\p{{L}}])({alternation})(?:\s+(?:in|for|to|at|of)\s+\p{{Lu}}[\p{{L}}.'-]*(?:\s+\p{{Lu}}[\p{{L}}.'-]*){{0,3}})?,?\s+$"
        ))?;
        // Names are matched with their capitals even though titles ignore case.
        let title_as_name = compile(format!(
            r"(?i)(?-u:\b)(?:the|its|their|((?-i:\p{{Lu}}[\p{{L}}.]*(?:\s\p{{Lu}}[\p{{L}}.]*)*))(?:'s?))\s+((?:(?-i:\p{{Lu}}\p{{Ll}}+)\s+)?(?:{alternation}))(?-u:\b)"
        ))?;
        let apposition = compile(format!(
            r#"(?i)^,\s+(?:(?:also\s+)?(?:the|a|an|its|their)\s+)?(?P<body>[^,;.()"]{{0,60}}?)(?-u:\b)(?P<title>{alternation})(?-u:\b)(?P<tail>\s+(?:of|for|at|with)\s+(?:the\s+)?(?:\p{{Ll}}+\s+){{0,2}}?)?"#
        ))?;
        let title_bodies = title_bodies
            .into_iter()
            .map(|(title, body)| (name_key(&title), body))
            .collect();
        // Bytes can grow in lowercasing ("İ"), so the byte bound takes the original length
        // too: titles are stored lowercase, compare against 4 bytes a character.
        let longest_title = Longest {
            bytes: titles
                .keys()
                .map(|t| t.chars().count() * 4)
                .max()
                .unwrap_or(0),
            words: titles
                .keys()
                .map(|t| t.split(' ').count())
                .max()
                .unwrap_or(0),
        };
        let title_first_words = titles
            .keys()
            .filter_map(|t| t.split(' ').next())
            .map(str::to_string)
            .collect();
        Ok(Lexicons {
            titles,
            abbreviations,
            title_bodies,
            title_first_words,
            longest_title,
            title_before_name,
            title_as_name,
            apposition,
            heads,
            given_names,
            formal_names,
            leading_heads,
            national_heads,
            anaphors,
        })
    }

    /// Whether `word` is a known given name (`data/lexicon/given_names.txt`).
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains_key(word)
    }

    /// Whether two given names can name one person: equal, one a short form of the
    /// other ("Liz", "Elizabeth"), or both short forms of one name ("Liz", "Beth").
    pub fn same_given_name(&self, a: &str, b: &str) -> bool {
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        let formal = |name: &str| self.formal_names.get(name).map_or(&[][..], Vec::as_slice);
        a == b
            || formal(&a).contains(&b)
            || formal(&b).contains(&a)
            || formal(&a).iter().any(|f| formal(&b).contains(f))
    }

    /// The pronoun a first name usually takes; `None` for unknown or unisex names.
    pub fn given_name_gender(&self, word: &str) -> Option<Gender> {
        self.given_names.get(word).copied().flatten()
    }

    /// A role in the form roles are compared in: folded, abbreviations spelled out
    /// ("Gov." and "governor" are one role).
    pub fn canonical_role(&self, role: &str) -> String {
        let lower = role.to_lowercase();
        let full = self
            .abbreviations
            .get(&lower)
            .map_or(lower.as_str(), String::as_str);
        let words: Vec<&str> = full
            .split(' ')
            .map(|w| self.abbreviations.get(w).map_or(w, String::as_str))
            .collect();
        crate::model::name_key(&words.join(" "))
    }

    /// The kind a noun refers back to after "the" ("department" -> agency), and
    /// whether the entity's name must answer to the noun.
    pub fn anaphor(&self, noun: &str) -> Option<(EntityKind, bool)> {
        self.anaphors.get(noun).copied()
    }

    /// Whether a word is a head noun of names ("Bank", "Ministry", "Fundación").
    pub fn is_head(&self, word: &str) -> bool {
        self.heads.contains_key(word) || self.leading_heads.contains_key(word)
    }

    /// Whether a name opens with a head noun ("Fundación Senderos"), which stands in
    /// for the English noun when "the foundation" refers back to it.
    pub fn opens_with_head(&self, name: &str) -> bool {
        name.split(' ')
            .next()
            .is_some_and(|first| self.leading_heads.contains_key(first))
    }

    /// The body a title names by itself ("Sen." -> "United States Senate").
    pub fn title_body(&self, role: &str) -> Option<&str> {
        self.title_bodies
            .get(&self.canonical_role(role))
            .map(String::as_str)
    }

    /// Whether some title starts with this lower-case word.
    pub fn may_start_title(&self, word: &str) -> bool {
        self.title_first_words.contains(word)
    }

    /// The class of a title ("Foreign Minister" is a member), if the lexicon knows it.
    pub fn title_class(&self, title: &str) -> Option<TitleClass> {
        // Longer text is no title: rejected before lowercasing it costs its length.
        if title.len() > self.longest_title.bytes {
            return None;
        }
        self.titles.get(&title.to_lowercase()).copied()
    }

    /// How many words the longest title has: a search for titles in a run of words
    /// need not look further back.
    pub fn longest_title_words(&self) -> usize {
        self.longest_title.words
    }
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
            &DEFAULT_NICKNAMES,
            &DEFAULT_CUES,
        ]) {
            let lines = parse(name, text).unwrap();
            assert!(lines.len() > 5, "{name} has only {} lines", lines.len());
        }
    }
}
