//! The cue lexicon: the patterns of `data/cues/relations.txt`, compiled once and
//! matched over a sentence's tokens, word by word on lower-case forms and lemmas.

use crate::error::Error;
use crate::lexicon;
use crate::model::{EntityKind, RelationType};
use crate::tokens::{Pos, Token};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Where a cue finds its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Source before the cue, target after it.
    Forward,
    /// Target before the cue, source after it.
    Backward,
    /// Target inside the cue's `*` gap, source before the cue.
    Inside,
    /// Every pair of the coordinated entities after the cue: "a meeting between A and B".
    Between,
    /// Every pair of the coordinated subjects, when no object follows: "A and B met".
    Among,
    /// Source inside the cue's `*` gap, target after it: "a grant from X to Y".
    SourceInside,
}

#[derive(Debug, Clone, PartialEq)]
enum Element {
    /// One of several word sequences; each word matches a token's lower-case form or
    /// its lemma.
    Words {
        alternatives: Vec<Vec<String>>,
        optional: bool,
    },
    /// Up to [`MAX_GAP`] words (`*`), or [`MAX_LONG_GAP`] (`**`): no punctuation but
    /// "$", no possessive.
    Gap { long: bool },
    /// A sum of money: "$4 billion", "20 million dollars".
    Amount,
}

/// The most words a `*` stands for.
const MAX_GAP: usize = 4;

/// The most words a `**` stands for: room for names with their titles, "joined New
/// York City Mayor Eric Adams and Denver Mayor Mike Johnston in".
const MAX_LONG_GAP: usize = 16;

/// One compiled cue: the words that state a relation, the frame that finds its arguments, and the entity kinds each side may be.
#[derive(Debug)]
pub struct Cue {
    /// The relation the cue states.
    pub relation: RelationType,
    /// Where the cue's source and target stand around its words.
    pub frame: Frame,
    elements: Vec<Element>,
    /// Entity kinds the source may be.
    pub sources: Vec<EntityKind>,
    /// Entity kinds the target may be.
    pub targets: Vec<EntityKind>,
    /// A cue of one required word ("meet", "sponsor (for|to)?") is a verb: the noun
    /// ("a sponsor") states nothing without the preposition a nominal cue names
    /// ("visit to").
    verb_only: bool,
}

/// Where cue `index` matched in a sentence, in token positions, with its `*` slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// The matched tokens.
    pub tokens: Range<usize>,
    /// The tokens the cue's `*` stood for, if it has one.
    pub slot: Option<Range<usize>>,
    /// The cue's index in [`CueLexicon::cues`].
    pub index: usize,
}

/// The compiled cue lexicon and modality markers.
#[derive(Debug)]
pub struct CueLexicon {
    /// Every cue, in file order.
    pub cues: Vec<Cue>,
    /// The cues a word (form or lemma) can start, so each token tries only those.
    by_first_word: FxHashMap<String, Vec<usize>>,
    /// Cues that start with `*` or `$amount`: tried at every token.
    unanchored: Vec<usize>,
    /// Markers, each a sequence of lower-case words.
    pub planned: Vec<Vec<String>>,
    /// Words that negate a verb group: "did not", "never".
    pub negated: Vec<Vec<String>>,
    /// Words that make a statement reported speech: "said", "according to".
    pub reported: Vec<Vec<String>>,
}

impl CueLexicon {
    /// The cues embedded in the binary (`data/cues/relations.txt`).
    pub fn builtin() -> Result<Self, Error> {
        Self::from_sources(&[lexicon::DEFAULT_CUES])
    }

    /// The built-in cues plus those of a user file in the same syntax.
    pub fn with_file(path: &std::path::Path) -> Result<Self, Error> {
        let extra = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let (_, builtin) = lexicon::DEFAULT_CUES;
        Self::from_sources(&[
            (&path.display().to_string(), &extra),
            ("data/cues/relations.txt", builtin),
        ])
    }

    /// Cues of one text in the syntax of `data/cues/relations.txt`; `origin` names it
    /// in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, Error> {
        Self::from_sources(&[(origin, text)])
    }

    /// Cues and markers of every (origin, text) file, in order.
    fn from_sources(files: &[(&str, &str)]) -> Result<Self, Error> {
        let mut cues = Vec::new();
        let (mut planned, mut negated, mut reported) = (Vec::new(), Vec::new(), Vec::new());
        for &(origin, text) in files {
            for line in lexicon::parse(origin, text)? {
                let bad = |message: String| Error::BadLine {
                    origin: origin.to_string(),
                    line: line.number,
                    message,
                };
                let markers = match line.section.as_str() {
                    "planned" => Some(&mut planned),
                    "negated" => Some(&mut negated),
                    "reported" => Some(&mut reported),
                    _ => None,
                };
                if let Some(markers) = markers {
                    markers.extend(line.fields.iter().map(|f| {
                        f.split_whitespace()
                            .map(str::to_lowercase)
                            .collect::<Vec<_>>()
                    }));
                    continue;
                }
                let (relation, sources, targets) = parse_header(&line.section).map_err(bad)?;
                // A pattern's own '|' alternatives were split off as fields: join them back.
                let content = line.fields.join("|");
                let (frame, pattern) = content
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| bad(format!("a cue is 'FRAME PATTERN', got '{content}'")))?;
                let frame = match frame {
                    ">" => Frame::Forward,
                    "<" => Frame::Backward,
                    "^" => Frame::Inside,
                    "=" => Frame::Between,
                    "&" => Frame::Among,
                    "~" => Frame::SourceInside,
                    other => {
                        return Err(bad(format!(
                            "unknown frame '{other}' (expected >, <, ^, ~, = or &)"
                        )))
                    }
                };
                let elements = compile(pattern.trim()).map_err(bad)?;
                let gaps = elements
                    .iter()
                    .filter(|e| matches!(e, Element::Gap { .. }))
                    .count();
                if matches!(frame, Frame::Inside | Frame::SourceInside) && gaps != 1 {
                    return Err(bad(format!(
                        "a ^ or ~ cue needs exactly one * for the argument inside, '{}' has {gaps}",
                        pattern.trim()
                    )));
                }
                let required: Vec<&Element> = elements
                    .iter()
                    .filter(|e| !matches!(e, Element::Words { optional: true, .. }))
                    .collect();
                let verb_only = matches!(
                    required.as_slice(),
                    [Element::Words { alternatives, .. }]
                        if alternatives.iter().all(|a| a.len() == 1)
                );
                cues.push(Cue {
                    relation,
                    frame,
                    verb_only,
                    elements,
                    sources,
                    targets,
                });
            }
        }
        let mut by_first_word: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut unanchored = Vec::new();
        for (index, cue) in cues.iter().enumerate() {
            match first_words(&cue.elements) {
                Some(words) => {
                    for word in words {
                        let list = by_first_word.entry(word).or_default();
                        if list.last() != Some(&index) {
                            list.push(index);
                        }
                    }
                }
                None => unanchored.push(index),
            }
        }
        Ok(CueLexicon {
            cues,
            by_first_word,
            unanchored,
            planned,
            negated,
            reported,
        })
    }

    /// Every cue match among `tokens[range]`, sorted by start, longest first. Each
    /// token tries only the cues its form or lemma can start.
    pub fn matches(&self, tokens: &[Token], range: Range<usize>) -> Vec<CueMatch> {
        let mut found = Vec::new();
        let mut candidates = Vec::new();
        for at in range.clone() {
            candidates.clear();
            for word in [&tokens[at].lower, &tokens[at].lemma] {
                if let Some(list) = self.by_first_word.get(&**word) {
                    candidates.extend_from_slice(list);
                }
            }
            candidates.extend_from_slice(&self.unanchored);
            candidates.sort_unstable();
            candidates.dedup();
            for &index in &candidates {
                let cue = &self.cues[index];
                if cue.verb_only && tokens[at].pos != Pos::Verb {
                    continue;
                }
                let minimum_gap =
                    usize::from(matches!(cue.frame, Frame::Inside | Frame::SourceInside));
                let sentence = &tokens[..range.end];
                if let Some((end, slot)) =
                    match_from(&cue.elements, sentence, at, None, minimum_gap)
                {
                    if end > at {
                        found.push(CueMatch {
                            tokens: at..end,
                            slot,
                            index,
                        });
                    }
                }
            }
        }
        found.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.end), m.index));
        found
    }
}

/// The end of the longest-alternative-first match of `elements` at token `at`, with the
/// range the `*` covered. Backtracking is bounded: patterns are a few elements long
/// and a gap spans at most [`MAX_GAP`] tokens.
fn match_from(
    elements: &[Element],
    tokens: &[Token],
    at: usize,
    slot: Option<Range<usize>>,
    minimum_gap: usize,
) -> Option<(usize, Option<Range<usize>>)> {
    let Some((element, rest)) = elements.split_first() else {
        return Some((at, slot));
    };
    // Quotation marks inside a cue are transparent: had a "very friendly conversation" with.
    let at = skip_quotes(tokens, at);
    match element {
        Element::Words {
            alternatives,
            optional,
        } => {
            for words in alternatives {
                let fits = at + words.len() <= tokens.len()
                    && words
                        .iter()
                        .zip(&tokens[at..])
                        .all(|(word, token)| token.is(word));
                if fits {
                    if let Some(found) =
                        match_from(rest, tokens, at + words.len(), slot.clone(), minimum_gap)
                    {
                        return Some(found);
                    }
                }
            }
            if *optional {
                return match_from(rest, tokens, at, slot, minimum_gap);
            }
            None
        }
        Element::Gap { long } => {
            let longest = if *long { MAX_LONG_GAP } else { MAX_GAP };
            for length in minimum_gap..=longest {
                let end = at + length;
                if end > tokens.len() {
                    break;
                }
                // A sum of money may stand in a gap: "invest $100 million to".
                if length > 0
                    && tokens[end - 1].pos == Pos::Punctuation
                    && &*tokens[end - 1].lower != "$"
                {
                    break;
                }
                // A possessive opens a phrase of its own: "speaking after his meeting
                // with" is no "speak * with".
                if length > 0 && matches!(&*tokens[end - 1].lower, "his" | "her" | "their" | "its")
                {
                    break;
                }
                // A slot holds the target's name: "in an ABC News interview".
                let named = minimum_gap == 0
                    || tokens[at..end].iter().any(|t| {
                        matches!(t.pos, Pos::Proper | Pos::Number)
                            || t.shape != crate::tokens::Shape::Lower
                    });
                if !named {
                    continue;
                }
                if let Some(found) = match_from(rest, tokens, end, Some(at..end), minimum_gap) {
                    return Some(found);
                }
            }
            None
        }
        Element::Amount => {
            let end = amount_at(tokens, at)?;
            match_from(rest, tokens, end, slot, minimum_gap)
        }
    }
}

fn skip_quotes(tokens: &[Token], mut at: usize) -> usize {
    while tokens.get(at).is_some_and(|t| &*t.lower == "\"") {
        at += 1;
    }
    at
}

const MAGNITUDES: &[&str] = &["million", "billion", "trillion", "bn", "mn"];
const CURRENCIES: &[&str] = &["dollars", "pesos", "euros", "quetzales", "lempiras"];

/// The end of a sum of money starting at token `at`: "$4.5 billion", "US$ 20",
/// "20 million dollars".
pub fn amount_at(tokens: &[Token], at: usize) -> Option<usize> {
    let token = |i: usize| tokens.get(i);
    let mut i = at;
    if token(i).is_some_and(|t| &*t.lower == "us" || &*t.lower == "u.s.")
        && token(i + 1).is_some_and(|t| &*t.lower == "$")
    {
        i += 1;
    }
    if token(i).is_some_and(|t| &*t.lower == "$") {
        if !token(i + 1).is_some_and(|t| t.pos == Pos::Number) {
            return None;
        }
        i += 2;
        if token(i).is_some_and(|t| MAGNITUDES.contains(&&*t.lower)) {
            i += 1;
        }
        return Some(i);
    }
    if token(i).is_some_and(|t| t.pos == Pos::Number)
        && token(i + 1).is_some_and(|t| MAGNITUDES.contains(&&*t.lower))
        && token(i + 2).is_some_and(|t| CURRENCIES.contains(&&*t.lower))
    {
        return Some(i + 3);
    }
    None
}

/// The words a match can start with, or `None` when a `*` or `$amount` may come first.
fn first_words(elements: &[Element]) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for element in elements {
        match element {
            Element::Words {
                alternatives,
                optional,
            } => {
                words.extend(alternatives.iter().filter_map(|a| a.first().cloned()));
                if !optional {
                    return Some(words);
                }
            }
            Element::Gap { .. } | Element::Amount => return None,
        }
    }
    // A pattern of optional groups only is anchored on all their first words.
    Some(words)
}

/// Parses the pattern language: words, `(a b|c)` groups of alternatives, a group
/// followed by `?` that may be missing, `*` and `$amount`.
fn compile(pattern: &str) -> Result<Vec<Element>, String> {
    let mut elements = Vec::new();
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        if let Some(inside) = rest.strip_prefix('(') {
            let close = inside
                .find(')')
                .ok_or_else(|| format!("unbalanced '(' in cue '{pattern}'"))?;
            let body = &inside[..close];
            if body.contains('(') {
                return Err(format!("groups do not nest in cue '{pattern}'"));
            }
            let mut after = &inside[close + 1..];
            let optional = after.starts_with('?');
            if optional {
                after = &after[1..];
            }
            let alternatives: Vec<Vec<String>> = body
                .split('|')
                .map(|a| a.split_whitespace().map(str::to_lowercase).collect())
                .collect();
            if alternatives.iter().any(Vec::is_empty) {
                return Err(format!("an empty alternative in cue '{pattern}'"));
            }
            elements.push(Element::Words {
                alternatives,
                optional,
            });
            rest = after.trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        elements.push(match word {
            "*" => Element::Gap { long: false },
            "**" => Element::Gap { long: true },
            "$amount" => Element::Amount,
            _ if word.contains([')', '?', '|']) => {
                return Err(format!("unbalanced ')' or stray '?' in cue '{pattern}'"))
            }
            _ => Element::Words {
                alternatives: vec![vec![word.to_lowercase()]],
                optional: false,
            },
        });
    }
    if elements.is_empty() {
        return Err("an empty cue pattern".to_string());
    }
    Ok(elements)
}

/// `[relation: kinds -> kinds]`
fn parse_header(header: &str) -> Result<(RelationType, Vec<EntityKind>, Vec<EntityKind>), String> {
    let (relation, kinds) = header.split_once(':').ok_or_else(|| {
        format!("section '[{header}]' should read [relation: SOURCE KINDS -> TARGET KINDS]")
    })?;
    let relation: RelationType = relation.trim().parse()?;
    let (sources, targets) = kinds.split_once("->").ok_or_else(|| {
        format!("section '[{header}]' lacks '->' between source and target kinds")
    })?;
    let parse_kinds = |list: &str| -> Result<Vec<EntityKind>, String> {
        list.split_whitespace().map(str::parse).collect()
    };
    Ok((relation, parse_kinds(sources)?, parse_kinds(targets)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::Tagger;

    fn matched(lexicon: &CueLexicon, text: &str) -> Vec<String> {
        let tokens = Tagger::builtin()
            .unwrap()
            .tokenize(text, std::slice::from_ref(&(0..text.len())));
        lexicon
            .matches(&tokens.tokens, 0..tokens.tokens.len())
            .iter()
            .map(|m| {
                let range =
                    &tokens.tokens[m.tokens.start].start..&tokens.tokens[m.tokens.end - 1].end;
                text[*range.start..*range.end].to_string()
            })
            .collect()
    }

    #[test]
    fn one_lemma_covers_every_form() {
        let lexicon = CueLexicon::parse(
            "t.txt",
            "[met_with: person -> person]\n> meet with\n> (hold|have) (a|an)? (phone)? call with\n",
        )
        .unwrap();
        assert_eq!(matched(&lexicon, "She met with him"), ["met with"]);
        assert_eq!(
            matched(&lexicon, "their meetings with him"),
            ["meetings with"]
        );
        assert_eq!(matched(&lexicon, "he is meeting with"), ["meeting with"]);
        assert_eq!(
            matched(&lexicon, "had a phone call with"),
            ["had a phone call with"]
        );
        assert!(matched(&lexicon, "a helmet with").is_empty());
    }

    #[test]
    fn a_slot_holds_the_target_and_amounts_are_tokens() {
        let lexicon = CueLexicon::parse(
            "t.txt",
            "[statement_to: person -> organization]\n^ (say)? in (a|an) * interview\n\
             [funds: agency -> agency]\n> pledge $amount to\n",
        )
        .unwrap();
        let text = "saying in an ABC News interview";
        let tokens = Tagger::builtin()
            .unwrap()
            .tokenize(text, std::slice::from_ref(&(0..text.len())));
        let found = lexicon.matches(&tokens.tokens, 0..tokens.tokens.len());
        assert_eq!(found[0].slot, Some(3..5));
        assert_eq!(
            matched(&lexicon, "pledged $4.5 billion to"),
            ["pledged $4.5 billion to"]
        );
    }

    #[test]
    fn bad_cue_lines_name_file_and_line() {
        let err =
            CueLexicon::parse("my.txt", "[visits: person -> country]\n> (visit to\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.txt:2: unbalanced '(' in cue '(visit to'"
        );
        let err =
            CueLexicon::parse("my.txt", "[greets: person -> person]\n> greets\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("my.txt:2: unknown relation 'greets'"),
            "{err}"
        );
        let err =
            CueLexicon::parse("my.txt", "[visits: person -> country]\n% visit\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.txt:2: unknown frame '%' (expected >, <, ^, ~, = or &)"
        );
    }

    #[test]
    fn builtin_cues_compile() {
        let lexicon = CueLexicon::builtin().unwrap();
        assert!(lexicon.cues.len() > 40);
        assert!(lexicon.planned.contains(&vec!["expected".to_string()]));
    }
}
