//! The token layer: each sentence tokenized once, every token with its offsets, lower
//! case, lemma, shape and a coarse part of speech. Relation finding reads these
//! tokens, never the raw string.

use crate::error::Error;
use crate::lexicon;
use crate::sentences::ABBREVIATIONS;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// A coarse part of speech: closed classes come from `data/lexicon/closed.txt`,
/// verbs from `data/lexicon/verbs.txt`, the rest from shape and suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// "the", "a", "this".
    Determiner,
    /// "of", "in", "with".
    Preposition,
    /// "he", "they", "it".
    Pronoun,
    /// "is", "has", "did".
    Auxiliary,
    /// "will", "could", "must".
    Modal,
    /// "and", "or", "but".
    Coordinator,
    /// "who", "which", "that", "after".
    Subordinator,
    /// "not", "never".
    Negation,
    /// "also", "recently".
    Adverb,
    /// A form of a known verb.
    Verb,
    /// Any other lower-case word.
    Noun,
    /// A capitalized word inside a sentence.
    Proper,
    /// Digits, with their separators.
    Number,
    /// The possessive "'s" (or a bare "'" after a plural).
    Possessive,
    /// A mark: comma, dash, quote, parenthesis.
    Punctuation,
}

/// The inflection of a verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    /// "meet", "talk".
    Base,
    /// "meets", "talks".
    Third,
    /// "met", "tapped": past tense or past participle.
    Past,
    /// "meeting".
    Ing,
}

/// How a token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// "meet".
    Lower,
    /// "Harris".
    Capitalized,
    /// "USAID".
    AllCaps,
    /// "2024".
    Digits,
    /// ",", "—".
    Punctuation,
}

/// One word or mark of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte offsets into the document text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The word in lower case.
    pub lower: Rc<str>,
    /// The base form: "met" -> "meet", "meetings" -> "meet", "was" -> "be".
    pub lemma: Rc<str>,
    /// Its coarse part of speech.
    pub pos: Pos,
    /// Set for words that are a form of a verb, whatever their part of speech here.
    pub form: Option<VerbForm>,
    /// How it is written.
    pub shape: Shape,
}

impl Token {
    /// Whether the token's lower-case form or its lemma is `word`.
    pub fn is(&self, word: &str) -> bool {
        &*self.lower == word || &*self.lemma == word
    }
}

/// The word lists the tagger needs, compiled once.
#[derive(Debug)]
pub struct Tagger {
    closed: HashMap<String, Pos>,
    verbs: std::collections::HashSet<String>,
    /// Irregular form -> lemma.
    irregular: HashMap<String, String>,
}

/// The tokens of a whole document and where each sentence's tokens are.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// Every token, in text order.
    pub tokens: Vec<Token>,
    /// Per sentence (in the order of the sentence ranges given), its token range.
    pub sentences: Vec<Range<usize>>,
}

impl Tokens {
    /// The first token starting at or after byte `offset`.
    pub fn at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    /// The tokens covering bytes `range`: those starting inside it.
    pub fn covering(&self, range: Range<usize>) -> Range<usize> {
        self.at_or_after(range.start)..self.at_or_after(range.end)
    }
}

/// What the tagger worked out for one surface form.
#[derive(Debug, Clone)]
struct Known {
    lower: Rc<str>,
    lemma: Rc<str>,
    pos: Pos,
    form: Option<VerbForm>,
    shape: Shape,
}

/// Distinct surface forms a thread remembers before it starts over: a few MB.
const WORD_CACHE_LIMIT: usize = 100_000;

thread_local! {
    /// The tagger the words were tagged by, and the words.
    static WORDS: RefCell<(usize, FxHashMap<Box<str>, Known>)> =
        RefCell::new((0, FxHashMap::default()));
}

/// The built-in closed-class word list: file name and contents.
pub const DEFAULT_CLOSED: (&str, &str) = (
    "closed.txt",
    include_str!("../../../data/lexicon/closed.txt"),
);
/// The built-in verb table: file name and contents.
pub const DEFAULT_VERBS: (&str, &str) =
    ("verbs.txt", include_str!("../../../data/lexicon/verbs.txt"));

impl Tagger {
    /// A tagger with the built-in word lists.
    pub fn builtin() -> Result<Self, Error> {
        Self::from_texts(DEFAULT_CLOSED, DEFAULT_VERBS)
    }

    /// A tagger from the closed-class list and the verb table, each `(origin, text)`.
    pub fn from_texts(closed: (&str, &str), verbs: (&str, &str)) -> Result<Self, Error> {
        let mut tagger = Tagger {
            closed: HashMap::new(),
            verbs: Default::default(),
            irregular: HashMap::new(),
        };
        let (origin, text) = closed;
        for line in lexicon::parse(origin, text)? {
            let pos = match line.section.as_str() {
                "determiner" => Pos::Determiner,
                "preposition" => Pos::Preposition,
                "pronoun" => Pos::Pronoun,
                "auxiliary" => Pos::Auxiliary,
                "modal" => Pos::Modal,
                "coordinator" => Pos::Coordinator,
                "subordinator" => Pos::Subordinator,
                "negation" => Pos::Negation,
                "adverb" => Pos::Adverb,
                other => {
                    return Err(Error::BadLine {
                        origin: origin.to_string(),
                        line: line.number,
                        message: format!("unknown section '[{other}]'"),
                    })
                }
            };
            for word in line.fields {
                // The first section that lists a word decides its class.
                tagger.closed.entry(word.to_lowercase()).or_insert(pos);
            }
        }
        let (origin, text) = verbs;
        for line in lexicon::parse(origin, text)? {
            match line.section.as_str() {
                "verb" => tagger.verbs.extend(line.fields),
                "irregular" => {
                    let mut fields = line.fields.into_iter();
                    if let Some(lemma) = fields.next() {
                        for form in fields {
                            tagger.irregular.insert(form, lemma.clone());
                        }
                        tagger.verbs.insert(lemma);
                    }
                }
                other => {
                    return Err(Error::BadLine {
                        origin: origin.to_string(),
                        line: line.number,
                        message: format!("unknown section '[{other}]'"),
                    })
                }
            }
        }
        Ok(tagger)
    }

    /// Tokenizes and tags every sentence of `text` (byte ranges, in order).
    pub fn tokenize(&self, text: &str, sentences: &[Range<usize>]) -> Tokens {
        let mut tokens = Tokens::default();
        for sentence in sentences {
            let first = tokens.tokens.len();
            split_words(text, sentence.clone(), &mut |start, end| {
                tokens.tokens.push(self.token(text, start, end));
            });
            self.tag_in_context(&mut tokens.tokens[first..]);
            tokens.sentences.push(first..tokens.tokens.len());
        }
        tokens
    }

    /// A token tagged out of context. Words recur within and across documents, so
    /// each thread keeps what it worked out per surface form.
    fn token(&self, text: &str, start: usize, end: usize) -> Token {
        let surface = &text[start..end];
        // A lone quote's class depends on the word before it.
        if surface == "'" {
            return self.tag(text, start, end);
        }
        let cached = WORDS.with(|words| {
            let mut words = words.borrow_mut();
            // Another tagger's word lists: what this thread remembers does not hold.
            let owner = self as *const Tagger as usize;
            if words.0 != owner {
                words.0 = owner;
                words.1.clear();
            }
            let words = &mut words.1;
            if let Some(known) = words.get(surface) {
                return known.clone();
            }
            if words.len() >= WORD_CACHE_LIMIT {
                words.clear();
            }
            let token = self.tag(text, start, end);
            let known = Known {
                lower: token.lower,
                lemma: token.lemma,
                pos: token.pos,
                form: token.form,
                shape: token.shape,
            };
            words.insert(surface.into(), known.clone());
            known
        });
        Token {
            start,
            end,
            lower: cached.lower,
            lemma: cached.lemma,
            pos: cached.pos,
            form: cached.form,
            shape: cached.shape,
        }
    }

    fn tag(&self, text: &str, start: usize, end: usize) -> Token {
        let surface = &text[start..end];
        let lower = surface.to_lowercase();
        let shape = shape(surface);
        let (lemma, pos, form) = if shape == Shape::Punctuation {
            (lower.clone(), Pos::Punctuation, None)
        } else if shape == Shape::Digits {
            (lower.clone(), Pos::Number, None)
        } else if lower == "'s" || lower == "'" && text[..start].ends_with(['s', 'S']) {
            (lower.clone(), Pos::Possessive, None)
        } else if let Some(&pos) = self.closed.get(&lower) {
            (closed_lemma(&lower).to_string(), pos, None)
        } else if let Some((lemma, form)) = self.verb(&lower) {
            (lemma, Pos::Verb, Some(form))
        } else {
            let lemma = singular(&lower);
            // "meetings" -> "meeting" -> "meet".
            match self.verb(&lemma) {
                Some((verb, VerbForm::Ing)) => (verb, Pos::Noun, Some(VerbForm::Ing)),
                _ => {
                    let pos = if lower.ends_with("ly") && lower.len() > 4 {
                        Pos::Adverb
                    } else {
                        Pos::Noun
                    };
                    (lemma, pos, None)
                }
            }
        };
        let pos = match (pos, shape) {
            (Pos::Noun | Pos::Verb | Pos::Adverb, Shape::Capitalized | Shape::AllCaps) => {
                Pos::Proper
            }
            (_, Shape::AllCaps) if lower.len() > 1 && pos != Pos::Modal => Pos::Proper,
            _ => pos,
        };
        Token {
            start,
            end,
            lower: lower.into(),
            lemma: lemma.into(),
            pos,
            form,
            shape,
        }
    }

    /// The lemma and form of a verb form, if `word` is one.
    fn verb(&self, word: &str) -> Option<(String, VerbForm)> {
        if let Some(lemma) = self.irregular.get(word) {
            let form = if word.ends_with("ing") {
                VerbForm::Ing
            } else if word.ends_with('s') && !word.ends_with("ss") {
                VerbForm::Third
            } else {
                VerbForm::Past
            };
            return Some((lemma.clone(), form));
        }
        if self.verbs.contains(word) {
            return Some((word.to_string(), VerbForm::Base));
        }
        let known = |stem: &str| self.verbs.contains(stem).then(|| stem.to_string());
        // "tapped" -> "tap": a doubled final letter (ASCII, so slicing stays on a
        // character boundary).
        let undouble = |stem: &str| {
            let bytes = stem.as_bytes();
            let n = bytes.len();
            (n >= 3 && bytes[n - 1].is_ascii_alphabetic() && bytes[n - 1] == bytes[n - 2])
                .then(|| known(&stem[..n - 1]))
                .flatten()
        };
        if let Some(stem) = word.strip_suffix("ing").filter(|s| s.len() >= 2) {
            return known(stem)
                .or_else(|| known(&format!("{stem}e")))
                .or_else(|| undouble(stem))
                .map(|l| (l, VerbForm::Ing));
        }
        if let Some(stem) = word.strip_suffix("ed").filter(|s| s.len() >= 2) {
            let lemma = known(stem)
                .or_else(|| known(&word[..word.len() - 1]))
                .or_else(|| stem.strip_suffix('i').and_then(|s| known(&format!("{s}y"))))
                .or_else(|| undouble(stem));
            return lemma.map(|l| (l, VerbForm::Past));
        }
        if let Some(stem) = word.strip_suffix('s').filter(|s| s.len() >= 2) {
            let lemma = known(stem)
                .or_else(|| stem.strip_suffix('e').and_then(known))
                .or_else(|| {
                    stem.strip_suffix("ie")
                        .and_then(|s| known(&format!("{s}y")))
                });
            return lemma.map(|l| (l, VerbForm::Third));
        }
        None
    }

    /// Context decides between a noun and a verb: after a determiner, a possessive,
    /// a number or a preposition a verb form is a noun ("the visit", "his talks"). A
    /// capitalized first word keeps a closed class ("The", "But") or a participle
    /// ("Speaking to reporters, ...").
    fn tag_in_context(&self, tokens: &mut [Token]) {
        if let Some(first) = tokens.first_mut() {
            if first.shape == Shape::Capitalized {
                if let Some(&pos) = self.closed.get(&*first.lower) {
                    first.pos = pos;
                } else if matches!(first.form, Some(VerbForm::Ing | VerbForm::Past)) {
                    // "Speaking to reporters, ...", "Asked about ...": a sentence may
                    // open with a participle, rarely with a finite verb ("Trump said").
                    first.pos = Pos::Verb;
                }
            }
        }
        for i in 1..tokens.len() {
            let before = tokens[i - 1].pos;
            let token = &mut tokens[i];
            if token.pos == Pos::Verb
                && matches!(before, Pos::Determiner | Pos::Possessive | Pos::Number)
                && token.form != Some(VerbForm::Past)
            {
                token.pos = Pos::Noun;
            }
            if token.pos == Pos::Verb
                && before == Pos::Preposition
                && matches!(token.form, Some(VerbForm::Base | VerbForm::Third))
                && &*tokens[i - 1].lower != "to"
            {
                tokens[i].pos = Pos::Noun;
            }
        }
    }
}

fn closed_lemma(lower: &str) -> &str {
    match lower {
        "is" | "am" | "are" | "was" | "were" | "been" | "being" | "'re" | "'m" => "be",
        "has" | "had" | "having" | "'ve" | "'d" => "have",
        "does" | "did" | "done" | "doing" => "do",
        "n't" => "not",
        "'ll" | "wo" => "will",
        "ca" => "can",
        other => other,
    }
}

/// The singular of a plural noun, by rule: "authorities" -> "authority".
fn singular(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

fn shape(surface: &str) -> Shape {
    let mut chars = surface.chars();
    let Some(first) = chars.next() else {
        return Shape::Punctuation;
    };
    if !first.is_alphanumeric() && surface != "'s" && surface != "'" {
        if surface.chars().any(char::is_alphabetic) {
            return Shape::Lower;
        }
        return Shape::Punctuation;
    }
    if first.is_ascii_digit() {
        return Shape::Digits;
    }
    if first.is_uppercase() {
        let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
            return Shape::AllCaps;
        }
        return Shape::Capitalized;
    }
    Shape::Lower
}

/// The length of the clitic ("'s", "'ll", "'re", "'ve", "'d", "'m") whose
/// apostrophe is at `at`, if one is there.
fn clitic_at(text: &str, at: usize, end: usize) -> Option<usize> {
    if !text[at..end].starts_with('\'') {
        return None;
    }
    let rest = &text[at + 1..end];
    ["s", "ll", "re", "ve", "d", "m"]
        .iter()
        .find(|k| {
            rest.len() >= k.len()
                && rest.is_char_boundary(k.len())
                && rest[..k.len()].eq_ignore_ascii_case(k)
                && !rest[k.len()..].starts_with(char::is_alphanumeric)
        })
        .map(|k| 1 + k.len())
}

/// Calls `emit(start, end)` for every token of `text[range]`: words (with inner
/// hyphens, periods and apostrophes: "D-N.Y.", "U.S.", "O'Brien"), clitics split
/// off ("Mexico" "'s", "did" "n't"), numbers ("4.5", "1,200") and single
/// punctuation marks. Linear in the range.
pub fn split_words(text: &str, range: Range<usize>, emit: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut at = range.start;
    let char_at = |i: usize| text[i..end].chars().next();
    while at < end {
        let Some(c) = char_at(at) else { break };
        if c.is_whitespace() {
            at += c.len_utf8();
            continue;
        }
        if !c.is_alphanumeric() {
            if let Some(length) = clitic_at(text, at, end) {
                emit(at, at + length);
                at += length;
                continue;
            }
            emit(at, at + c.len_utf8());
            at += c.len_utf8();
            continue;
        }
        let start = at;
        let numeric = c.is_ascii_digit();
        at += c.len_utf8();
        while at < end {
            let Some(c) = char_at(at) else { break };
            if c.is_alphanumeric() {
                at += c.len_utf8();
                continue;
            }
            let joins = matches!(c, '-' | '.' | ',' | '\'' | '&')
                && char_at(at + 1).is_some_and(char::is_alphanumeric)
                && (c != ',' || numeric)
                && (c != '\'' || clitic_at(text, at, end).is_none());
            if joins {
                at += c.len_utf8();
            } else {
                break;
            }
        }
        // "didn't": the clitic "n't" is a token of its own.
        if text[start..at].to_lowercase().ends_with("n't") && at - start > 3 {
            emit(start, at - 3);
            emit(at - 3, at);
            continue;
        }
        // A period that belongs to the word: "U.S.", "D-N.Y.", "Sen.", "J."
        if bytes.get(at) == Some(&b'.') && at < end {
            let word = &text[start..at];
            let dotted = word.contains('.');
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            // A legislator's party and state: "D-Conn.", "R-Okla."
            let party =
                word.len() > 3 && word.as_bytes()[1] == b'-' && word.starts_with(['D', 'R', 'I']);
            let abbreviation = ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
            if dotted || initial || party || abbreviation {
                at += 1;
            }
        }
        emit(start, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        let tagger = Tagger::builtin().unwrap();
        tagger
            .tokenize(text, std::slice::from_ref(&(0..text.len())))
            .tokens
    }

    fn surfaces(text: &str) -> Vec<String> {
        tokens(text)
            .iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect()
    }

    #[test]
    fn splits_clitics_abbreviations_and_numbers() {
        assert_eq!(
            surfaces("Mexico's Sen. Ruiz didn't meet U.S. officials, (D-N.Y.) $4.5 billion."),
            [
                "Mexico",
                "'s",
                "Sen.",
                "Ruiz",
                "did",
                "n't",
                "meet",
                "U.S.",
                "officials",
                ",",
                "(",
                "D-N.Y.",
                ")",
                "$",
                "4.5",
                "billion",
                "."
            ]
        );
        assert_eq!(
            surfaces("O'Brien's 1,200 troops"),
            ["O'Brien", "'s", "1,200", "troops"]
        );
    }

    #[test]
    fn lemmas_undo_regular_and_irregular_inflection() {
        let lemma = |text: &str| tokens(text)[1].lemma.to_string();
        assert_eq!(lemma("They met"), "meet");
        assert_eq!(lemma("She tapped"), "tap");
        assert_eq!(lemma("He named"), "name");
        assert_eq!(lemma("He travelled"), "travel");
        assert_eq!(lemma("The meetings"), "meet");
        assert_eq!(lemma("It carries"), "carry");
        assert_eq!(lemma("It was"), "be");
        assert_eq!(lemma("Officials criticized"), "criticize");
        assert_eq!(lemma("Mexican authorities"), "authority");
        // A doubled last byte inside a character is no doubled letter.
        assert_eq!(lemma("x 人ing"), "人ing");
    }

    #[test]
    fn context_tells_a_noun_from_a_verb() {
        let all = tokens("Her visit to Lima followed talks. They visit Quito and she talks");
        let pos = |i: usize| all[i].pos;
        assert_eq!(pos(1), Pos::Noun, "her visit");
        assert_eq!(pos(8), Pos::Verb, "they visit");
        assert_eq!(pos(12), Pos::Verb, "she talks");
        assert_eq!(pos(9), Pos::Proper);
        assert_eq!(all[5].form, Some(VerbForm::Third));
    }
}
