//! Entity extraction: gazetteer names, plus discovery of names no gazetteer lists
//! (title + name, organization head nouns, acronyms defined in parentheses), plus
//! the pronouns and titles-used-as-names that resolution will attach to people.

use crate::gazetteer::{on_word_boundaries, Gazetteer};
use crate::lexicon::{Lexicons, TitleClass};
use crate::model::{EntityKind, Gender};
use crate::tokens::{Shape, Tokens};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A personal pronoun that resolution attaches to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pronoun {
    /// The gender the pronoun gives its person.
    pub gender: Gender,
    /// "he"/"she", which tend to continue the previous sentence's subject.
    pub subject: bool,
}

/// A title that introduces a person: "Guatemalan President", "State Department's special envoy".
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// The role as written, with its modifiers ("Northern Triangle special envoy").
    pub role: String,
    /// What kind of office the title is.
    pub class: TitleClass,
    /// Where the mention of the country or body the title is of starts (bytes);
    /// [`mention_at`] finds it.
    pub qualifier: Option<usize>,
    /// Where the title phrase starts (bytes), qualifier included.
    pub start: usize,
}

/// One place where the text names (or points at) an entity. Offsets are bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset where the mention ends.
    pub end: usize,
    /// The kind of entity named.
    pub kind: EntityKind,
    /// The best name this mention offers for its entity.
    pub name: String,
    /// The gazetteer entry it matched, if any.
    pub gazetteer: Option<usize>,
    /// A demonym ("Guatemalan") rather than a name: it names the country only beside a name or title.
    pub demonym: bool,
    /// Set when the mention is a personal pronoun.
    pub pronoun: Option<Pronoun>,
    /// For a person: the title before the name. For a title used as a name
    /// ("the vice president"): the title itself, and `name` is empty.
    pub title: Option<Title>,
    /// Part of another mention's title ("Guatemalan" in "Guatemalan President X"):
    /// not an argument of relations on its own.
    pub bound: bool,
    /// For a person: where the party or group named in apposition starts ("X, a
    /// Republican,"); [`mention_at`] finds it.
    pub party: Option<usize>,
    /// "the department": a definite noun phrase referring back, with its noun.
    pub anaphor: Option<String>,
}

impl Mention {
    fn new(start: usize, end: usize, kind: EntityKind, name: &str) -> Self {
        Mention {
            start,
            end,
            kind,
            name: name.to_string(),
            gazetteer: None,
            demonym: false,
            pronoun: None,
            title: None,
            bound: false,
            party: None,
            anaphor: None,
        }
    }

    /// A title used as a name, waiting for resolution to name its holder.
    pub fn is_title_reference(&self) -> bool {
        self.name.is_empty() && self.pronoun.is_none() && self.anaphor.is_none()
    }

    /// A pronoun or a definite noun phrase: it refers, but is no name for the entity.
    pub fn is_reference(&self) -> bool {
        self.pronoun.is_some() || self.anaphor.is_some()
    }
}

/// Words that open sentences or clauses and are capitalized for that reason alone.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "But",
    "And",
    "Or",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Behind",
    "Last",
    "Those",
    "These",
    "This",
    "That",
    "Then",
    "There",
    "Their",
    "His",
    "Her",
    "Its",
    "Our",
    "We",
    "I",
    "It",
    "He",
    "She",
    "They",
    "Many",
    "Some",
    "Most",
    "Both",
    "Under",
    "Over",
    "With",
    "Without",
    "For",
    "From",
    "By",
    "To",
    "Of",
    "Among",
    "According",
    "Despite",
    "During",
    "Until",
    "Meanwhile",
    "Still",
    "Yet",
    "So",
    "Also",
    "Asked",
    "Speaking",
    "Earlier",
    "Later",
    "Next",
    "New",
    "Former",
    "Acting",
    "Several",
    "Other",
    "All",
    "Each",
    "Every",
    "No",
    "Not",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
];

/// Whether a capitalized word may be so for its place alone: an opener or a date.
fn is_opener(word: &str) -> bool {
    OPENERS.contains(&word) || CALENDAR_NAMES.contains(&word)
}

/// Words that may stand inside a name between capitalized words.
const CONNECTORS: &[&str] = &[
    "of", "for", "and", "the", "de", "del", "la", "las", "los", "y", "on", "van", "von", "da",
    "dos", "do", "e",
];

/// Days and months, which follow names after "on" and "in" without being part of them.
const CALENDAR_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Lowercase words after a name that make it a program or an administration.
const LOWERCASE_HEADS: &[(&str, EntityKind)] = &[
    ("program", EntityKind::Program),
    ("programme", EntityKind::Program),
    ("initiative", EntityKind::Program),
    ("policy", EntityKind::Program),
    ("strategy", EntityKind::Program),
    ("plan", EntityKind::Program),
    ("fund", EntityKind::Program),
    ("administration", EntityKind::Agency),
];

/// Words after a bare capitalized name that show it is a person.
static PERSON_CONTEXT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,\s+(?:who|whose)(?-u:\b)|\s+(?:said|says|told|tells|added|explained|wrote|argued|noted|stated)(?-u:\b))")
        .expect("static regex")
});

/// Words that make what follows a name's comma a clause rather than an apposition.
const CLAUSE_WORDS: &[&str] = &[
    "who", "whom", "whose", "which", "where", "when", "was", "were", "is", "are", "has", "have",
    "had", "said", "says", "by", "will", "would",
];

/// ", a Republican," / ", also a Democrat from ...": the opening of a party apposition.
static PARTY_APPOSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,\s+(?:(?:also\s+)?an?\s+)?").expect("static regex"));

/// Words before a capitalized name that make it a place: "the mayor of Choloma".
static PLACE_CONTEXT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:mayors?|governors?|city|town|village|municipality|province|state|department) of\s$")
        .expect("static regex")
});

/// Words before a capitalized name that make it an organization: "the newspaper El
/// Tiempo", "the nonprofit Mujeres de Maíz", "coordinator of Mujeres de Maíz".
static ORGANIZATION_CONTEXT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:the|a|an)\s+(?:\p{Ll}+\s+){0,2}(?:newspaper|daily|news agency|news outlet|outlet|broadcaster|network|magazine|radio station|channel|nonprofit|non-profit|charity|advocacy group|rights group|group|organization|organisation|coalition|foundation|think tank|company|firm|collective|cooperative|manufacturer|maker|retailer|lender|bank|insurer|airline|supplier|contractor|conglomerate|giant)|(?:director|coordinator|founder|co-founder|head|chief|president|chairman|chairwoman|chair|member|researcher|analyst|economist|fellow|spokesperson|spokeswoman|spokesman)\s+(?:of|at|for|with))\s+(?:the\s+)?$")
        .expect("static regex")
});

/// "told Teletica", "in an interview with El Tiempo": an unknown name there is an outlet
/// (people there carry a given name or a title, and are found as such).
static OUTLET_CONTEXT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)told|(?-u:\b)interview with|(?-u:\b)interview on|(?-u:\b)appeared on|(?-u:\b)wrote in)\s+$")
        .expect("static regex")
});

/// "Granma, the Cuban Communist Party newspaper,": a name in apposition with an
/// outlet or group noun is an organization.
static OUTLET_APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+(?:the|a|an)\s+[^,.;]{0,50}?(?-u:\b)(?:newspaper|daily|tabloid|weekly|news agency|news site|broadcaster|network|magazine|radio station|TV channel|nonprofit|non-profit|charity|think tank|group|gang|cartel|militia|coalition|union|association|movement|alliance|organization|federation)(?:[,.;]|\s+(?:that|which|based|founded|of|in|with)(?-u:\b))")
        .expect("static regex")
});

/// What introduces another name of the entity just named: "(also known as ",
/// ", formerly ".
static OTHER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(|,\s*)(?:also\s+)?(?:known\s+as|called|dubbed|a\.k\.a\.|aka|formerly(?:\s+known\s+as)?)\s+")
        .expect("static regex")
});

static ACRONYM_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\((\p{Lu}[\p{Lu}\d&.\-]{1,11})\)").expect("static regex"));

/// A word of the text with its byte span.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Finds every mention in `text`, sorted by position; `tokens` are the text's.
pub fn find_mentions(
    text: &str,
    tokens: &Tokens,
    gazetteer: &Gazetteer,
    lexicons: &Lexicons,
) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = gazetteer
        .find(text)
        .into_iter()
        .map(|m| {
            let entry = gazetteer.entry(m.entry);
            let mut mention = Mention::new(m.start, m.end, entry.kind, &entry.name);
            mention.gazetteer = Some(m.entry);
            mention.demonym = m.demonym;
            mention
        })
        .collect();
    mentions.retain(|m| !is_inside_longer_name(text, lexicons, m, gazetteer));
    discover_capitalized(text, tokens, lexicons, &mut mentions);
    mentions.sort_by_key(|m| m.start);
    absorb_demonyms(text, lexicons, &mut mentions);
    qualify_generic_bodies(text, lexicons, gazetteer, &mut mentions);
    name_administrations(text, &mut mentions);
    add_defined_acronyms(text, &mut mentions);
    add_other_names(text, &mut mentions);
    add_surnames(text, &mut mentions);
    attach_titles(text, lexicons, &mut mentions);
    add_title_references(text, lexicons, &mut mentions);
    add_pronouns(text, tokens, &mut mentions);
    add_anaphors(text, tokens, lexicons, &mut mentions);
    mentions.sort_by_key(|m| (m.start, m.end));
    mentions
}

/// How far back the patterns that end where a name starts ("Guatemalan President ",
/// "the newspaper ") may look, in bytes: further than any title phrase.
const PRECEDING_WINDOW: usize = 160;

/// The text just before `end`, from a word boundary, and where it starts. Patterns
/// anchored at a name's start run on this window rather than on all the text before
/// it, which would cost time in proportion to the article for every name.
fn preceding(text: &str, end: usize) -> (usize, &str) {
    let mut start = end.saturating_sub(PRECEDING_WINDOW);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if start > 0 {
        // Start on white space, so no pattern can begin inside a cut word.
        start = text[start..end]
            .find(char::is_whitespace)
            .map_or(end, |space| start + space);
    }
    (start, &text[start..end])
}

/// The mention that starts at `start` (the qualifier of a title), if any; `mentions`
/// sorted by start.
pub fn mention_at(mentions: &[Mention], start: usize) -> Option<usize> {
    starting_at(mentions, start).find(|&i| mentions[i].kind != EntityKind::Person)
}

/// "the Nicaraguan Institute of Telecommunications", "the Mexican Security Cabinet": a
/// demonym between "the" and a body's name no gazetteer knows is part of that name.
/// Mentions must be sorted by start.
fn absorb_demonyms(text: &str, lexicons: &Lexicons, mentions: &mut Vec<Mention>) {
    let mut absorbed = vec![false; mentions.len()];
    for i in 1..mentions.len() {
        let (demonym, body) = (&mentions[i - 1], &mentions[i]);
        let joins = demonym.demonym
            && body.gazetteer.is_none()
            && matches!(body.kind, EntityKind::Agency | EntityKind::Organization)
            && text.get(demonym.end..body.start) == Some(" ")
            && determined(&text[..demonym.start]);
        if joins {
            let start = demonym.start;
            absorbed[i - 1] = true;
            let body = &mut mentions[i];
            body.start = start;
            body.name = text[start..body.end].to_string();
        }
    }
    // "the National Migration Institute" is a state's, as a demonym would say; a body
    // took a demonym when the mention before it was absorbed.
    let took_demonym = std::iter::once(false).chain(absorbed.iter().copied());
    for (body, took_demonym) in mentions.iter_mut().zip(took_demonym) {
        let national = (took_demonym || body.name.starts_with("National "))
            && body.gazetteer.is_none()
            && matches!(body.kind, EntityKind::Agency | EntityKind::Organization);
        if let Some(&kind) = national
            .then(|| {
                body.name
                    .split(' ')
                    .find_map(|w| lexicons.national_heads.get(w))
            })
            .flatten()
        {
            body.kind = kind;
        }
    }
    let mut keep = absorbed.iter().map(|a| !a);
    mentions.retain(|_| keep.next().unwrap_or(true));
}

/// Whether the text before a phrase ends with "the" and at most two lowercase
/// modifiers: "the ", "the state-owned ".
fn determined(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("the"))
        .is_some_and(|at| {
            words[..at]
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_lowercase))
        })
        && before.ends_with(' ')
}

/// A one-word person alias ("Grisham") right after another capitalized word that is
/// neither a title nor a sentence opener belongs to a different, longer name
/// ("Michelle Lujan Grisham").
fn is_inside_longer_name(
    text: &str,
    lexicons: &Lexicons,
    m: &Mention,
    gazetteer: &Gazetteer,
) -> bool {
    let surface = &text[m.start..m.end];
    if m.kind != EntityKind::Person || surface.contains(' ') || m.gazetteer.is_none() {
        return false;
    }
    // "Harris County", "Obama Foundation": a head noun after the surname makes it
    // part of a body's or a place's name.
    let next = text[m.end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    if is_capitalized(next) && lexicons.is_head(next) {
        return true;
    }
    let before = &text[..m.start];
    let Some(previous) = before
        .strip_suffix(' ')
        .and_then(|b| b.split(' ').next_back())
    else {
        return false;
    };
    // "Blinken, Mayorkas and ...": punctuation separates names.
    let separated = previous.ends_with(|c: char| !c.is_alphanumeric() && c != '.');
    !separated
        && is_capitalized(previous)
        && !is_opener(previous)
        && lexicons.title_class(previous).is_none()
        && gazetteer.lookup(previous).is_none()
}

/// Which bytes of the text some mention covers, so that testing a span costs its
/// length, not the number of mentions (a long document has tens of thousands).
struct Coverage {
    bits: Vec<u64>,
}

impl Coverage {
    fn new(text: &str, mentions: &[Mention]) -> Self {
        let mut coverage = Coverage {
            bits: vec![0; text.len() / 64 + 1],
        };
        for m in mentions {
            coverage.add(m.start, m.end);
        }
        coverage
    }

    fn add(&mut self, start: usize, end: usize) {
        for byte in start..end {
            self.bits[byte / 64] |= 1 << (byte % 64);
        }
    }

    fn is_set(&self, byte: usize) -> bool {
        self.bits[byte / 64] & (1 << (byte % 64)) != 0
    }

    /// Whether any byte of the span is covered.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        (start..end).any(|byte| self.is_set(byte))
    }

    /// Whether every byte of the span is covered.
    fn covers(&self, start: usize, end: usize) -> bool {
        (start..end).all(|byte| self.is_set(byte))
    }
}

/// The indexes of the mentions that start at byte `at`; `mentions` sorted by start.
fn starting_at(mentions: &[Mention], at: usize) -> Range<usize> {
    let from = mentions.partition_point(|m| m.start < at);
    from..from + mentions[from..].partition_point(|m| m.start == at)
}

/// Capitalized phrases that no gazetteer lists: organizations by head noun, programs,
/// and people introduced by a title or shown by context.
fn discover_capitalized(
    text: &str,
    tokens: &Tokens,
    lexicons: &Lexicons,
    mentions: &mut Vec<Mention>,
) {
    mentions.sort_by_key(|m| m.start);
    let coverage = Coverage::new(text, mentions);
    let covered = |start: usize, end: usize| coverage.overlaps(start, end);
    // Words only: punctuation and clitics ("'s") stay in the gaps between them.
    let words: Vec<Word> = tokens
        .tokens
        .iter()
        .filter(|t| t.shape != Shape::Punctuation)
        .map(|t| Word {
            start: t.start,
            end: t.end,
            text: &text[t.start..t.end],
        })
        .filter(|w| w.text.starts_with(char::is_alphanumeric))
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalized(words[i].text) || covered(words[i].start, words[i].end) {
            i += 1;
            continue;
        }
        // Extend over capitalized words and inner connectors, on plain spaces only. A
        // person's name may hold a word the gazetteer knows as a place ("Mauricio
        // Lagos Pineda").
        // "Albergue La Ceiba del Migrante" holds a place the same way.
        // The name proper starts after any title: "Rep. Jim Jordan".
        let mut name_start = i;
        while name_start < words.len().min(i + 3)
            && lexicons.title_class(words[name_start].text).is_some()
        {
            name_start += 1;
        }
        let starts_with_given_name = words.get(name_start).is_some_and(|w| {
            lexicons.is_given_name(w.text) || lexicons.leading_heads.contains_key(w.text)
        });
        let mut j = i + 1;
        let mut last = i;
        // Whether the run so far has an "of", kept as it grows: a search per word
        // would cost the square of a long run.
        let mut has_of = false;
        while j < words.len() {
            has_of |= words[j - 1].text == "of";
            let gap = &text[words[j - 1].end..words[j].start];
            // "Immigrants' Rights Project": a plural possessive inside a name.
            let gap = if gap == "' " && words[j - 1].text.ends_with('s') {
                " "
            } else {
                gap
            };
            let continues_capitalized = words.get(j + 1).is_some_and(|next| {
                text[words[j].end..next.start] == *" "
                    && is_capitalized(next.text)
                    && !covered(next.start, next.end)
            });
            // "Jim Jordan", "Mauricio Lagos Pineda", "Bank of Guatemala".
            let place_inside_name = is_single_word_place(mentions, &words[j])
                && ((starts_with_given_name && (continues_capitalized || j == name_start + 1))
                    || (lexicons.is_head(words[i].text)
                        && CONNECTORS.contains(&words[j - 1].text)));
            // "Office of Strategy, Policy, and Plans": a body's name may end in a list.
            if gap == ", " && has_of && lexicons.is_head(words[i].text) {
                let named = |w: &Word| covered(w.start, w.end);
                if let Some(end) = listed_name_end(text, &words[j..], named) {
                    last = j + end;
                    break;
                }
            }
            if gap != " "
                || ends_sentence(lexicons, words[j - 1].text)
                || (covered(words[j].start, words[j].end) && !place_inside_name)
            {
                break;
            }
            // "Dana Whitford on Tuesday": a date after a connector is no part of a name.
            if CONNECTORS.contains(&words[j - 1].text)
                && CALENDAR_NAMES.contains(&words[j].text.trim_end_matches('.'))
            {
                break;
            }
            // "A and the B" joins two names; "and" alone may sit inside one.
            let joins_names = words[j].text == "the" && words[j - 1].text == "and";
            if is_capitalized(words[j].text) {
                last = j;
            } else if !CONNECTORS.contains(&words[j].text) || joins_names {
                break;
            }
            j += 1;
        }
        classify_run(text, &words[i..=last], lexicons, &mut found);
        i = last + 1;
    }
    // Places absorbed into a person's name are no longer places.
    let people: Vec<Mention> = found
        .iter()
        .filter(|f| f.kind == EntityKind::Person)
        .cloned()
        .collect();
    let people = Coverage::new(text, &people);
    mentions.retain(|m| !people.covers(m.start, m.end));
    mentions.extend(found);
}

/// Where a list of single capitalized words closed by "and" ends ("Policy, and
/// Plans", "Tobacco, Firearms and Explosives"), as an index into `words`; `None` if
/// the words are no such list. Words `named` as entities of their own ("Mexico and
/// Peru") are no such list.
fn listed_name_end(text: &str, words: &[Word], named: impl Fn(&Word) -> bool) -> Option<usize> {
    // A name's list is short; a longer one lists bodies, not words of one name.
    const MOST_ITEMS: usize = 4;
    for k in 0..words.len().min(2 * MOST_ITEMS) {
        let (word, next) = (&words[k], words.get(k + 1)?);
        let gap = &text[word.end..next.start];
        if !is_capitalized(word.text) || named(word) {
            return None;
        }
        if next.text == "and" && matches!(gap, " " | ", ") {
            let last = words.get(k + 2)?;
            let closes = text[next.end..last.start] == *" "
                && is_capitalized(last.text)
                && !named(last)
                && words.get(k + 3).is_none_or(|after| {
                    text[last.end..after.start] != *" " || !is_capitalized(after.text)
                });
            return closes.then_some(k + 2);
        }
        if gap != ", " {
            return None;
        }
    }
    None
}

/// A word whose period ends the sentence, unlike an initial ("R."), a dotted
/// acronym ("U.S.") or a title ("Gen.").
fn ends_sentence(lexicons: &Lexicons, word: &str) -> bool {
    let Some(bare) = word.strip_suffix('.') else {
        return false;
    };
    bare.chars().count() > 1 && !bare.contains('.') && lexicons.title_class(word).is_none()
}

/// Mentions sorted by start.
fn is_single_word_place(mentions: &[Mention], word: &Word) -> bool {
    // A sentence's last word carries its period: "Jordan."
    let end = word.start + word.text.trim_end_matches('.').len();
    starting_at(mentions, word.start).any(|i| {
        let m = &mentions[i];
        m.end == end && matches!(m.kind, EntityKind::Region | EntityKind::Country) && !m.demonym
    })
}

fn classify_run(text: &str, run: &[Word], lexicons: &Lexicons, found: &mut Vec<Mention>) {
    // heads[k]: how many of the first k words are head nouns, so any part of the run
    // knows in constant time whether it names a body.
    let mut heads = Vec::with_capacity(run.len() + 1);
    heads.push(0);
    for w in run {
        let head = lexicons.is_head(w.text.trim_end_matches('.'));
        heads.push(heads[heads.len() - 1] + usize::from(head));
    }
    classify_part(text, run, &heads, lexicons, found);
}

/// A part of a run of capitalized words; `heads` counts its head nouns as
/// [`classify_run`] does, one entry more than the part has words.
fn classify_part(
    text: &str,
    mut run: &[Word],
    mut heads: &[usize],
    lexicons: &Lexicons,
    found: &mut Vec<Mention>,
) {
    // "A and B and C ...": the part after each "and" is taken in turn by this loop,
    // not by recursion, so a list of any length costs no stack.
    loop {
        // "and" sits inside a body's name ("Immigration and Customs Enforcement") but
        // between two people's ("Tim Kaine and Ben Cardin").
        let names_a_body = heads[run.len()] > heads[0];
        // "Fundación Senderos and Casa Esperanza": a name opening with its head after
        // "and" starts a second name.
        let second_name = |and: &usize| {
            run.get(and + 1)
                .is_some_and(|w| lexicons.leading_heads.contains_key(w.text))
        };
        let Some(and) = run
            .iter()
            .position(|w| w.text == "and")
            .filter(|and| !names_a_body || second_name(and))
        else {
            break;
        };
        // The words before the first "and" hold no other.
        classify_part(text, &run[..and], &heads[..=and], lexicons, found);
        run = &run[and + 1..];
        heads = &heads[and + 1..];
    }
    while let Some(first) = run.first() {
        if is_opener(first.text) || CONNECTORS.contains(&first.text) {
            run = &run[1..];
        } else {
            break;
        }
    }
    // A title before the name is not part of it: "Foreign Minister Ana Ruiz",
    // "District Judge Drew Tipton" (the title may follow other words).
    let mut name_from = 0;
    // A title may start mid-run only before any connector ("District Judge X", but
    // not "Ministry of Justice and ..."); one spanning a connector must open the run
    // ("Secretary of State X").
    let first_connector = run
        .iter()
        .position(|w| CONNECTORS.contains(&w.text))
        .unwrap_or(run.len());
    let longest = lexicons.longest_title_words();
    'search: for k in (1..run.len()).rev() {
        let starts = if k > first_connector {
            0..1
        } else {
            k.saturating_sub(longest)..k
        };
        for j in starts {
            if lexicons
                .title_class(&text[run[j].start..run[k - 1].end])
                .is_some()
            {
                name_from = k;
                break 'search;
            }
        }
    }
    if name_from > 0 {
        let name = &run[name_from..];
        // "Attorney General" with its name elsewhere: "General" ends a longer title.
        let title_goes_on = (0..name_from).any(|j| {
            lexicons
                .title_class(&text[run[j].start..run[name_from].end])
                .is_some()
        });
        if title_goes_on {
            return;
        }
        // "Secretary of Commerce Howard Lutnick": the title's body comes first; the
        // name is the last two words, or three after a given name.
        let name = if name.len() >= 4 && matches!(name[0].text, "of" | "for") {
            let three = lexicons.is_given_name(name[name.len() - 3].text);
            &name[name.len() - if three { 3 } else { 2 }..]
        } else {
            name
        };
        if (1..=4).contains(&name.len()) && name.iter().all(|w| is_capitalized(w.text)) {
            found.push(span_mention(text, name, EntityKind::Person));
        }
        return;
    }
    let Some(last) = run.last() else { return };
    let first = &run[0];
    let after = &text[last.end..];
    if OUTLET_APPOSITION.is_match(after) && !lexicons.heads.contains_key(first.text) {
        found.push(span_mention(text, run, EntityKind::Organization));
        return;
    }
    let (_, before) = preceding(text, first.start);
    if PLACE_CONTEXT_BEFORE.is_match(before) {
        found.push(span_mention(text, run, EntityKind::Region));
        return;
    }
    let outlet_context =
        OUTLET_CONTEXT_BEFORE.is_match(before) && !lexicons.is_given_name(first.text);
    if (ORGANIZATION_CONTEXT_BEFORE.is_match(before) || outlet_context)
        && lexicons.title_class(first.text).is_none()
    {
        found.push(span_mention(text, run, EntityKind::Organization));
        return;
    }
    if run.len() >= 2 {
        if let Some(&kind) = lexicons.heads.get(last.text.trim_end_matches('.')) {
            found.push(span_mention(text, run, kind));
            return;
        }
        if let Some(&kind) = lexicons.heads.get(first.text) {
            if CONNECTORS.contains(&run[1].text) {
                found.push(span_mention(text, run, kind));
                return;
            }
        }
        if let Some(&kind) = lexicons.leading_heads.get(first.text) {
            found.push(span_mention(text, run, kind));
            return;
        }
    }
    // "Castro's program" is not a program named "Castro's".
    let possessive = last.text.ends_with("'s") || last.text.ends_with('\'');
    if let Some((head, kind)) = LOWERCASE_HEADS.iter().find(|(head, _)| {
        !possessive
            && after.starts_with(' ')
            && after[1..].starts_with(head)
            && on_word_boundaries(text, last.end + 1, last.end + 1 + head.len())
    }) {
        let end = last.end + 1 + head.len();
        found.push(Mention::new(
            first.start,
            end,
            *kind,
            &text[first.start..end],
        ));
        return;
    }
    let name_like = run
        .iter()
        .all(|w| is_capitalized(w.text) && !lexicons.heads.contains_key(w.text));
    if (2..=4).contains(&run.len()) && name_like {
        let after_title = lexicons.title_before_name.is_match(before);
        let before = before.trim_end();
        let person_context = lexicons.is_given_name(first.text)
            || PERSON_CONTEXT_AFTER.is_match(after)
            || lexicons.apposition.is_match(after)
            || before.ends_with(" said")
            || before.ends_with("according to");
        if after_title || person_context {
            found.push(span_mention(text, run, EntityKind::Person));
        }
    }
}

fn span_mention(text: &str, words: &[Word], kind: EntityKind) -> Mention {
    let start = words[0].start;
    let end = words[words.len() - 1].end;
    let name = text[start..end].trim_end_matches('.');
    Mention::new(start, start + name.len(), kind, name)
}

/// A generic body the gazetteer knows as American ("Congress", "National Guard")
/// becomes another body when a place or a name word stands before it: "Guatemalan
/// Congress", "Texas National Guard", "National Congress" of Honduras.
fn qualify_generic_bodies(
    text: &str,
    lexicons: &Lexicons,
    gazetteer: &Gazetteer,
    mentions: &mut Vec<Mention>,
) {
    let united_states = gazetteer.lookup("United States");
    let coverage = Coverage::new(text, mentions);
    let mut absorbed = vec![false; mentions.len()];
    for i in 0..mentions.len() {
        let body = &mentions[i];
        let surface = &text[body.start..body.end];
        let generic = body.kind == EntityKind::Agency
            && body.gazetteer.is_some()
            && (!surface.contains(' ') || surface.starts_with("National "));
        if !generic || !text[..body.start].ends_with(' ') {
            continue;
        }
        let place = (i > 0).then(|| i - 1).filter(|&p| {
            let place = &mentions[p];
            place.end + 1 == body.start
                && matches!(place.kind, EntityKind::Country | EntityKind::Region)
                && place.gazetteer != united_states
        });
        let start = match place {
            Some(p) => mentions[p].start,
            None => {
                let word_start = text[..body.start - 1].rfind(' ').map_or(0, |s| s + 1);
                let word = &text[word_start..body.start - 1];
                let name_word = is_capitalized(word)
                    && word.chars().all(char::is_alphabetic)
                    && !is_opener(word)
                    && lexicons.title_class(word).is_none()
                    && !coverage.overlaps(word_start, body.start - 1);
                if !name_word {
                    continue;
                }
                word_start
            }
        };
        let merged = Mention::new(start, body.end, EntityKind::Agency, &text[start..body.end]);
        mentions[i] = merged;
        if let Some(p) = place {
            absorbed[p] = true;
        }
    }
    let mut keep = absorbed.iter().map(|a| !a);
    mentions.retain(|_| keep.next().unwrap_or(true));
}

/// "the Obama administration" is the government of the day, not Obama.
fn name_administrations(text: &str, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let after = &text[m.end..];
        if m.kind == EntityKind::Person && after.starts_with(" administration") {
            let end = m.end + " administration".len();
            if on_word_boundaries(text, m.start, end) {
                let surname = m.name.rsplit(' ').next().unwrap_or(&m.name).to_string();
                *m = Mention::new(
                    m.start,
                    end,
                    EntityKind::Agency,
                    &format!("{surname} administration"),
                );
            }
        }
    }
}

/// Where each needle occurs in `text`, in text order. A long document defines many
/// acronyms and surnames, and searching it once per needle grows with the square of
/// its length, so it gets one pass for all of them; an article is faster searched
/// needle by needle than by building an automaton.
fn occurrences<'a>(text: &str, needles: impl Iterator<Item = &'a str> + Clone) -> Vec<Vec<usize>> {
    const ONE_PASS_FROM_BYTES: usize = 1 << 20;
    if text.len() * needles.clone().count() >= ONE_PASS_FROM_BYTES {
        if let Ok(finder) = AhoCorasick::new(needles.clone()) {
            let mut found = vec![Vec::new(); needles.count()];
            for hit in finder.find_overlapping_iter(text) {
                found[hit.pattern().as_usize()].push(hit.start());
            }
            return found;
        }
    }
    needles
        .map(|needle| text.match_indices(needle).map(|(i, _)| i).collect())
        .collect()
}

/// "Immigration and Customs Enforcement (ICE)": the acronym names the same entity,
/// there and wherever else the text uses it.
fn add_defined_acronyms(text: &str, mentions: &mut Vec<Mention>) {
    mentions.sort_by_key(|m| m.start);
    let mut defined: Vec<(String, Mention)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if m.pronoun.is_some() || m.demonym {
            continue;
        }
        let Some(caps) = ACRONYM_IN_PARENS.captures(&text[m.end..]) else {
            continue;
        };
        let Some(acronym) = caps.get(1) else { continue };
        // "National Human Rights Commission (CNDH)": if the gazetteer knows the acronym,
        // the discovered name is that entry's English name.
        let at = m.end + acronym.start();
        let known = starting_at(mentions, at)
            .map(|k| &mentions[k])
            .find(|k| k.gazetteer.is_some() && k.kind == m.kind)
            .map(|k| (k.gazetteer, k.name.clone()));
        if let (Some((entry, name)), None) = (known, m.gazetteer) {
            mentions[i].gazetteer = entry;
            mentions[i].name = name;
        }
        // The first definition of an acronym holds.
        if seen.insert(acronym.as_str()) {
            defined.push((acronym.as_str().to_string(), mentions[i].clone()));
        }
    }
    let positions = occurrences(text, defined.iter().map(|(a, _)| a.as_str()));
    let mut coverage = Coverage::new(text, mentions);
    for ((acronym, owner), positions) in defined.into_iter().zip(positions) {
        for start in positions {
            let end = start + acronym.len();
            if on_word_boundaries(text, start, end) && !coverage.overlaps(start, end) {
                coverage.add(start, end);
                let mut alias = owner.clone();
                alias.start = start;
                alias.end = end;
                alias.bound = false;
                mentions.push(alias);
            }
        }
    }
}

/// "the Merida Initiative (also known as Plan Mexico)": in this document the other
/// name names the same entity, wherever it occurs, even if the gazetteer gives it an
/// entry of its own.
fn add_other_names(text: &str, mentions: &mut Vec<Mention>) {
    mentions.sort_by_key(|m| m.start);
    // The other name as written, and the mention it names.
    let mut renamed: Vec<(String, usize)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.is_reference() || m.demonym || m.name.is_empty() || m.kind == EntityKind::Person {
            continue;
        }
        let Some(intro) = OTHER_NAME.find(&text[m.end..]) else {
            continue;
        };
        let at = m.end + intro.end();
        let other = match mentions.binary_search_by_key(&at, |o| o.start) {
            Ok(other) if mentions[other].kind != EntityKind::Person => {
                text[at..mentions[other].end].to_string()
            }
            Ok(_) => continue,
            // A name no stage found: its capitalized words.
            Err(_) => capitalized_words(&text[at..]).to_string(),
        };
        // The first introduction of a name holds.
        if !other.is_empty() && other != m.name && seen.insert(other.clone()) {
            renamed.push((other, i));
        }
    }
    let positions = occurrences(text, renamed.iter().map(|(other, _)| other.as_str()));
    let mut aliases = Vec::new();
    for ((other, owner), positions) in renamed.iter().zip(positions) {
        for start in positions {
            let end = start + other.len();
            if on_word_boundaries(text, start, end) {
                let mut alias = mentions[*owner].clone();
                alias.start = start;
                alias.end = end;
                aliases.push(alias);
            }
        }
    }
    // The alias replaces what another stage took the words for ("Plan Mexico", a
    // program of its own elsewhere).
    let spans: std::collections::HashSet<(usize, usize)> =
        aliases.iter().map(|a| (a.start, a.end)).collect();
    mentions.retain(|m| !spans.contains(&(m.start, m.end)));
    let mut coverage = Coverage::new(text, mentions);
    for alias in aliases {
        if !coverage.overlaps(alias.start, alias.end) {
            coverage.add(alias.start, alias.end);
            mentions.push(alias);
        }
    }
}

/// The capitalized words that open `text` ("Plan Azul" of "Plan Azul) was").
fn capitalized_words(text: &str) -> &str {
    let (mut start, mut end) = (0, 0);
    for word in text.split(' ') {
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !is_capitalized(bare) || bare.is_empty() {
            break;
        }
        end = start + bare.len();
        if bare.len() < word.len() {
            break;
        }
        start += word.len() + 1;
    }
    &text[..end]
}

/// A surname alone ("Zúñiga") after the full name ("Ricardo Zúñiga") is that person.
fn add_surnames(text: &str, mentions: &mut Vec<Mention>) {
    let mut surnames: Vec<(String, Mention)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.name.contains(' '))
    {
        // Spanish names carry two surnames: "Gerardo Chavarría Lux" is also "Chavarría"
        // and "Chavarría Lux".
        let words: Vec<&str> = m.name.split(' ').collect();
        let mut forms = vec![words[words.len() - 1].to_string()];
        if words.len() >= 3 {
            forms.push(words[words.len() - 2..].join(" "));
            forms.push(words[words.len() - 2].to_string());
        }
        for surname in forms {
            let name_like = surname.chars().count() > 2
                && surname.starts_with(char::is_uppercase)
                && !surname.ends_with('.');
            if name_like && seen.insert(surname.clone()) {
                surnames.push((surname, m.clone()));
            }
        }
    }
    let of_surname: std::collections::HashMap<&str, usize> = surnames
        .iter()
        .enumerate()
        .map(|(i, (surname, _))| (surname.as_str(), i))
        .collect();
    // "Chancellor Hill" after "Alexandra Hill": a title with a surname that discovery
    // took for a new person is the person already named.
    for m in mentions
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Person && m.gazetteer.is_none() && !m.name.contains(' '))
    {
        if let Some(&person) = of_surname.get(m.name.as_str()) {
            m.name.clone_from(&surnames[person].1.name);
            m.gazetteer = surnames[person].1.gazetteer;
        }
    }
    // Longer forms first, so "López Obrador" wins over "López".
    surnames.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    let positions = occurrences(text, surnames.iter().map(|(s, _)| s.as_str()));
    let found: Vec<Vec<Range<usize>>> = surnames
        .iter()
        .zip(positions)
        .map(|((surname, _), positions)| {
            positions
                .into_iter()
                .map(|start| start..start + surname.len())
                .filter(|span| on_word_boundaries(text, span.start, span.end))
                .collect()
        })
        .collect();
    // Once "Mauricio Lagos Pineda" is named, "Lagos" alone is him, not the city.
    let spans: std::collections::HashSet<(usize, usize)> = found
        .iter()
        .flatten()
        .map(|span| (span.start, span.end))
        .collect();
    mentions.retain(|m| {
        !(matches!(m.kind, EntityKind::Region | EntityKind::Country)
            && !m.demonym
            && spans.contains(&(m.start, m.end)))
    });
    let mut coverage = Coverage::new(text, mentions);
    for ((_, person), found) in surnames.into_iter().zip(found) {
        for span in found {
            if !coverage.overlaps(span.start, span.end) {
                coverage.add(span.start, span.end);
                let mut alias = person.clone();
                alias.start = span.start;
                alias.end = span.end;
                alias.title = None;
                mentions.push(alias);
            }
        }
    }
    mentions.sort_by_key(|m| m.start);
}

/// Reads the title before each person ("Guatemalan President", "the State Department's
/// Northern Triangle special envoy,") and the country or body it names.
fn attach_titles(text: &str, lexicons: &Lexicons, mentions: &mut [Mention]) {
    attach_own_titles(text, lexicons, mentions);
    // "Democratic Sens. Tim Kaine and Ben Cardin": one title over coordinated names.
    for i in 1..mentions.len() {
        let (previous, current) = (&mentions[i - 1], &mentions[i]);
        let shares_title = current.kind == EntityKind::Person
            && previous.kind == EntityKind::Person
            && current.title.is_none()
            && current.pronoun.is_none()
            && previous
                .title
                .as_ref()
                .is_some_and(|t| t.start < previous.start)
            && matches!(
                text.get(previous.end..current.start),
                Some(" and " | ", " | ", and ")
            );
        if shares_title {
            let mut title = mentions[i - 1].title.clone();
            if let Some(title) = title.as_mut() {
                // The phrase of this name starts at the name: the title stands before the first.
                title.start = mentions[i].start;
            }
            mentions[i].title = title;
        }
    }
}

fn attach_own_titles(text: &str, lexicons: &Lexicons, mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        if mentions[i].kind != EntityKind::Person || mentions[i].pronoun.is_some() {
            continue;
        }
        attach_party(text, mentions, i);
        let (offset, before) = preceding(text, mentions[i].start);
        let Some(caps) = lexicons.title_before_name.captures(before) else {
            attach_apposition(text, lexicons, mentions, i);
            continue;
        };
        let Some(title) = caps.get(1) else { continue };
        let class = lexicons
            .title_class(title.as_str())
            .unwrap_or(TitleClass::Member);
        let title = offset + title.start()..offset + title.end();
        // The qualifier: the nearest earlier country, agency or organization that the
        // title hangs on, through a possessive or directly ("Guatemalan President").
        let mut role_start = title.start;
        let mut qualifier = None;
        for q in (0..i).rev() {
            let m = &mentions[q];
            if m.end > title.start {
                continue;
            }
            let between = &text[m.end..role_start];
            let possessive = between.starts_with("'s ") || between.starts_with("' ");
            let link = between.trim_start_matches("'s").trim_start_matches('\'');
            let adjacent = link.trim().is_empty() && between.len() <= 3;
            if m.kind == EntityKind::Region && between == " " && class == TitleClass::Member {
                role_start = m.start; // "Northern Triangle special envoy": part of the role
                continue;
            }
            let modifier_words = link.split_whitespace().count();
            let qualifies = matches!(
                m.kind,
                EntityKind::Country
                    | EntityKind::Agency
                    | EntityKind::Organization
                    | EntityKind::Region
            ) && (adjacent
                || (possessive
                    && modifier_words <= 3
                    && link
                        .chars()
                        .all(|c| c.is_alphabetic() || c == ' ' || c == '-')));
            if qualifies {
                qualifier = Some(q);
                // "White House Homeland Security Advisor": the first of two bodies is
                // the one served; the second belongs to the role.
                if adjacent && q > 0 {
                    let outer = &mentions[q - 1];
                    let joined = text.get(outer.end..m.start) == Some(" ");
                    if joined
                        && matches!(outer.kind, EntityKind::Agency | EntityKind::Organization)
                        && matches!(m.kind, EntityKind::Agency | EntityKind::Organization)
                    {
                        qualifier = Some(q - 1);
                        role_start = m.start;
                        mentions[q].bound = true;
                        break;
                    }
                }
                if !adjacent {
                    role_start = m.end
                        + (between.len() - link.len())
                        + (link.len() - link.trim_start().len());
                }
            }
            break;
        }
        let role = text[role_start..title.end].trim().to_string();
        if let Some(q) = qualifier {
            mentions[q].bound = true;
        }
        let qualifier = qualifier.map(|q| mentions[q].start);
        mentions[i].title = Some(Title {
            role,
            class,
            qualifier,
            start: qualifier.unwrap_or(role_start),
        });
        // "Petty Officer X, a spokeswoman for the Coast Guard": the apposition names
        // the body the title before the name did not.
        if qualifier.is_none() {
            let before_title = mentions[i].title.clone();
            attach_apposition(text, lexicons, mentions, i);
            if mentions[i]
                .title
                .as_ref()
                .is_none_or(|t| t.qualifier.is_none())
            {
                mentions[i].title = before_title;
            }
        }
    }
}

/// "X, the State Department's special envoy for ...", "X, a Republican senator",
/// "X, head of the IOM": a title after the name, with the body it names.
fn attach_apposition(text: &str, lexicons: &Lexicons, mentions: &mut [Mention], i: usize) {
    let end = mentions[i].end;
    let Some(caps) = lexicons.apposition.captures(&text[end..]) else {
        return;
    };
    let (Some(body), Some(title)) = (caps.name("body"), caps.name("title")) else {
        return;
    };
    // ", and Salvadoran Foreign Minister Y" introduces the next name, not this one.
    if body
        .as_str()
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "and" | "or" | "but" | "while"))
    {
        return;
    }
    // ", a former head of ..." names an office no longer held.
    if body
        .as_str()
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("former"))
    {
        return;
    }
    // ", who was tapped by President ..." is a clause, not an apposition.
    if body
        .as_str()
        .split_whitespace()
        .any(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return;
    }
    let class = lexicons
        .title_class(title.as_str())
        .unwrap_or(TitleClass::Member);
    let is_body = |m: &Mention| {
        matches!(
            m.kind,
            EntityKind::Country | EntityKind::Agency | EntityKind::Organization
        ) && !m.demonym
            || m.demonym && m.kind == EntityKind::Country
    };
    let after_tail = caps.name("tail").map(|t| end + t.end());
    let body_range = end + body.start()..end + body.end();
    let qualifier = after_tail
        .and_then(|at| starting_at(mentions, at).find(|&q| is_body(&mentions[q])))
        .map(|q| possessed_body(text, mentions, q))
        .map(|q| modified_body(text, mentions, q))
        .or_else(|| {
            let from = mentions.partition_point(|m| m.start < body_range.start);
            let to = mentions.partition_point(|m| m.start < body_range.end);
            (from..to)
                .rev()
                .find(|&q| mentions[q].end <= body_range.end && is_body(&mentions[q]))
        });
    let role_start = match qualifier {
        Some(q) if mentions[q].end <= body_range.end => {
            let rest = &text[mentions[q].end..end + title.start()];
            mentions[q].end
                + (rest.len()
                    - rest
                        .trim_start_matches("'s")
                        .trim_start_matches('\'')
                        .trim_start()
                        .len())
        }
        _ => end + title.start(),
    };
    // ", Secretary of Treasury Scott Bessent": the title of the next name.
    let title_end = qualifier.map_or(end + title.end(), |q| {
        mentions[q].end.max(end + title.end())
    });
    let rest = &text[title_end..];
    let next = title_end + (rest.len() - rest.trim_start().len());
    let next_is_person = next > title_end
        && starting_at(mentions, next)
            .any(|m| mentions[m].kind == EntityKind::Person && mentions[m].pronoun.is_none());
    if next_is_person {
        return;
    }
    let qualifier_start = qualifier.map(|q| mentions[q].start);
    if let Some(q) = qualifier {
        mentions[q].bound = true;
    }
    mentions[i].title = Some(Title {
        role: text[role_start..end + title.end()].trim().to_string(),
        class,
        qualifier: qualifier_start,
        start: mentions[i].start,
    });
}

/// "Ken Paxton, a Republican," or "X, a Democrat from Texas": membership of a party or
/// group named in apposition without a title.
fn attach_party(text: &str, mentions: &mut [Mention], i: usize) {
    let Some(opening) = PARTY_APPOSITION.find(&text[mentions[i].end..]) else {
        return;
    };
    let at = mentions[i].end + opening.end();
    let Some(party) =
        starting_at(mentions, at).find(|&m| mentions[m].kind == EntityKind::Organization)
    else {
        return;
    };
    let after = &text[mentions[party].end..];
    // ", a Republican from Texas,", ", Democrat of New York,".
    if !(after.starts_with(',')
        || after.starts_with(" from ")
        || after.starts_with(" of ")
        || after.starts_with(" who "))
    {
        return;
    }
    mentions[party].bound = true;
    mentions[i].party = Some(at);
}

/// "the Salvadoran nonprofit Fundación Raíces de Paz": a demonym that modifies a
/// body a few words on gives way to that body.
fn modified_body(text: &str, mentions: &[Mention], demonym: usize) -> usize {
    if !mentions[demonym].demonym {
        return demonym;
    }
    let end = mentions[demonym].end;
    // Mentions further on have more words between.
    let near = |m: &Mention| {
        text[end..m.start].split_whitespace().count() <= 2
            && !text[end..m.start].contains([',', ';', '.'])
    };
    let from = mentions.partition_point(|m| m.start <= end);
    mentions[from..]
        .iter()
        .take_while(|m| near(m))
        .position(|m| matches!(m.kind, EntityKind::Agency | EntityKind::Organization))
        .map_or(demonym, |offset| from + offset)
}

/// "the State Department's Bureau of ...": a body named through its parent is the
/// unit, not the parent.
fn possessed_body(text: &str, mentions: &[Mention], owner: usize) -> usize {
    let end = mentions[owner].end;
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix(' ')) else {
        return owner;
    };
    let next = text.len() - after.len();
    starting_at(mentions, next)
        .find(|&m| {
            matches!(
                mentions[m].kind,
                EntityKind::Agency | EntityKind::Organization
            )
        })
        .unwrap_or(owner)
}

/// "the vice president", "Guatemala's president": titles that stand for a person the
/// resolver will look for.
fn add_title_references(text: &str, lexicons: &Lexicons, mentions: &mut Vec<Mention>) {
    mentions.sort_by_key(|m| m.start);
    let coverage = Coverage::new(text, mentions);
    let mut found = Vec::new();
    let mut modifiers = Vec::new();
    for caps in lexicons.title_as_name.captures_iter(text) {
        let (Some(whole), Some(title)) = (caps.get(0), caps.get(2)) else {
            continue;
        };
        let after = &text[whole.end()..];
        // "the president of Mexico" is handled by its qualifier; "President Ana Ruiz"
        // is a named person; "the president's" still refers.
        let next = after.trim_start_matches(['\'', 's']).trim_start();
        if after.starts_with(' ') && next.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        // Either a title of its own ("vice president") or an adjective and a title
        // ("Republican governor", "Guatemalan president").
        let title_text = title.as_str();
        let (role, adjective) = match title_text.split_once(' ') {
            Some((adjective, head)) if lexicons.title_class(title_text).is_none() => (
                title.end() - head.len()..title.end(),
                mention_at(mentions, title.start()).filter(|_| !adjective.is_empty()),
            ),
            _ => (title.range(), None),
        };
        let Some(class) = lexicons.title_class(&text[role.clone()]) else {
            continue;
        };
        if class == TitleClass::Honorific || coverage.overlaps(role.start, role.end) {
            continue;
        }
        let possessor = caps.get(1).and_then(|q| mention_at(mentions, q.start()));
        let adjective_country = adjective.filter(|&a| mentions[a].kind == EntityKind::Country);
        let qualifier = possessor.or(adjective_country).map(|q| mentions[q].start);
        if let Some(a) = adjective {
            // A party or body named as an adjective is part of the description.
            modifiers.push(a);
        }
        let mut mention = Mention::new(whole.start(), title.end(), EntityKind::Person, "");
        mention.title = Some(Title {
            role: text[role].to_string(),
            class,
            qualifier,
            start: whole.start(),
        });
        found.push(mention);
    }
    for a in modifiers {
        mentions[a].bound = true;
    }
    let people: Vec<Mention> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .cloned()
        .collect();
    let mut people = Coverage::new(text, &people);
    for m in found {
        if let Some(q) = m.title.as_ref().and_then(|t| t.qualifier) {
            if let Some(q) = mention_at(mentions, q) {
                mentions[q].bound = true;
            }
        }
        if !people.overlaps(m.start, m.end) {
            people.add(m.start, m.end);
            mentions.push(m);
        }
    }
}

/// "the department", "the group", "the program": resolution attaches them to the
/// latest entity of their kind.
fn add_anaphors(text: &str, tokens: &Tokens, lexicons: &Lexicons, mentions: &mut Vec<Mention>) {
    let coverage = Coverage::new(text, mentions);
    for sentence in &tokens.sentences {
        let sentence = &tokens.tokens[sentence.clone()];
        for (k, pair) in sentence.windows(2).enumerate() {
            let (the, noun) = (&pair[0], &pair[1]);
            if &*the.lower != "the" || noun.shape != Shape::Lower {
                continue;
            }
            let Some((kind, _)) = lexicons.anaphor(&noun.lower) else {
                continue;
            };
            // "the department of ..." is a name, not a reference.
            let named = sentence.get(k + 2).is_some_and(|next| &*next.lower == "of");
            if named || coverage.overlaps(the.start, noun.end) {
                continue;
            }
            let mut mention = Mention::new(the.start, noun.end, kind, "");
            mention.anaphor = Some(noun.lower.to_string());
            mentions.push(mention);
        }
    }
}

fn add_pronouns(text: &str, tokens: &Tokens, mentions: &mut Vec<Mention>) {
    let coverage = Coverage::new(text, mentions);
    for token in &tokens.tokens {
        let gender = match &*token.lower {
            "she" | "her" | "hers" | "herself" => Gender::Female,
            "he" | "him" | "his" | "himself" => Gender::Male,
            _ => continue,
        };
        if coverage.overlaps(token.start, token.end) {
            continue;
        }
        let pronoun = Pronoun {
            gender,
            subject: matches!(&*token.lower, "he" | "she"),
        };
        let mut mention = Mention::new(token.start, token.end, EntityKind::Person, "");
        mention.pronoun = Some(pronoun);
        mentions.push(mention);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Tokens {
        let tagger = crate::tokens::Tagger::builtin().unwrap();
        tagger.tokenize(text, &crate::sentences::split(text))
    }

    #[test]
    fn capitalized_words_stop_at_the_first_other_word_or_the_end_of_the_text() {
        assert_eq!(capitalized_words("Plan Azul) was"), "Plan Azul");
        assert_eq!(capitalized_words("Plan Azul was"), "Plan Azul");
        assert_eq!(capitalized_words("Plan Azul Grande"), "Plan Azul Grande");
        assert_eq!(capitalized_words("Plan Azul "), "Plan Azul");
        assert_eq!(capitalized_words("plan"), "");
    }

    #[test]
    fn occurrences_in_one_pass_match_searching_each_needle() {
        let long = "The Office of Border Affairs (OBA) met Reyes in Tijuana. ".repeat(5_000);
        let needles = ["OBA", "Reyes", "Office", "Nowhere"];
        let one_by_one: Vec<Vec<usize>> = needles
            .iter()
            .map(|n| long.match_indices(n).map(|(i, _)| i).collect())
            .collect();
        assert!(
            long.len() * needles.len() >= 1 << 20,
            "takes the one-pass branch"
        );
        assert_eq!(occurrences(&long, needles.iter().copied()), one_by_one);
        assert_eq!(one_by_one[1].len(), 5_000);
        assert!(one_by_one[3].is_empty());
    }

    fn found(text: &str) -> Vec<(String, EntityKind, String)> {
        let gazetteer = Gazetteer::builtin().unwrap();
        let lexicons = Lexicons::builtin().unwrap();
        find_mentions(text, &tokens(text), &gazetteer, &lexicons)
            .into_iter()
            .filter(|m| m.pronoun.is_none() && !m.is_title_reference())
            .map(|m| (text[m.start..m.end].to_string(), m.kind, m.name))
            .collect()
    }

    fn has(text: &str, surface: &str, kind: EntityKind) -> bool {
        found(text)
            .iter()
            .any(|(s, k, _)| s == surface && *k == kind)
    }

    #[test]
    fn discovers_people_by_title_given_name_and_apposition() {
        let text = "Honduran Foreign Minister Eduardo Reina met Dana Whitford. \
                    Mauricio Lagos Pineda, an analyst, spoke. Brig. Gen. Octavio Saldaña Ferrer left.";
        assert!(has(text, "Eduardo Reina", EntityKind::Person));
        assert!(has(text, "Dana Whitford", EntityKind::Person));
        assert!(
            has(text, "Mauricio Lagos Pineda", EntityKind::Person),
            "{:?}",
            found(text)
        );
        assert!(
            !has(text, "Lagos", EntityKind::Region),
            "a place inside a name is not a place"
        );
        assert!(
            has(text, "Octavio Saldaña Ferrer", EntityKind::Person),
            "{:?}",
            found(text)
        );
    }

    #[test]
    fn discovers_bodies_by_head_noun_and_acronym() {
        let text = "The Disaster Assistance Response Team (DART) arrived. DART stayed. \
                    Fundación Senderos and the Ministry of Social Development agreed. \
                    The Central American Minors program grew under the Obama administration.";
        assert!(has(
            text,
            "Disaster Assistance Response Team",
            EntityKind::Agency
        ));
        assert_eq!(
            found(text)
                .iter()
                .filter(|(s, _, n)| s == "DART" && n == "Disaster Assistance Response Team")
                .count(),
            2,
            "the acronym names the team where defined and after"
        );
        assert!(has(text, "Fundación Senderos", EntityKind::Organization));
        assert!(has(
            text,
            "Ministry of Social Development",
            EntityKind::Agency
        ));
        assert!(has(text, "Obama administration", EntityKind::Agency));
    }

    #[test]
    fn a_body_name_may_end_in_a_list_and_take_another_name() {
        let text = "Ruiz led the Office of Budget, Planning, and Evaluation at the ministry. \
                    The Ventura Accord (also known as Plan Azul) was signed. Plan Azul \
                    lapsed. She toured the Bureau of Roads and Ports, Mexico and Peru.";
        assert!(has(
            text,
            "Office of Budget, Planning, and Evaluation",
            EntityKind::Agency
        ));
        assert_eq!(
            found(text)
                .iter()
                .filter(|(_, _, n)| n == "Ventura Accord")
                .count(),
            3,
            "the other name is the accord where introduced and after"
        );
        assert!(
            has(text, "Bureau of Roads and Ports", EntityKind::Agency),
            "a list of places after a name is not part of it"
        );
    }

    #[test]
    fn a_demonym_or_national_makes_an_institute_the_states() {
        let text = "The Honduran Institute of Roads and Ports and the National Fisheries \
                    Institute met the Institute for Policy Study.";
        assert!(has(
            text,
            "Honduran Institute of Roads and Ports",
            EntityKind::Agency
        ));
        assert!(has(
            text,
            "National Fisheries Institute",
            EntityKind::Agency
        ));
        assert!(has(
            text,
            "Institute for Policy Study",
            EntityKind::Organization
        ));
    }

    #[test]
    fn a_titled_surname_is_the_person_named_before() {
        let text = "Foreign Minister Teresa Ruiz Tovar spoke. Later, Chancellor Ruiz left.";
        let names: Vec<String> = found(text)
            .into_iter()
            .filter(|(s, _, _)| s == "Ruiz")
            .map(|(_, _, n)| n)
            .collect();
        assert_eq!(names, ["Teresa Ruiz Tovar"]);
    }

    #[test]
    fn reads_titles_with_the_body_they_name() {
        let gazetteer = Gazetteer::builtin().unwrap();
        let lexicons = Lexicons::builtin().unwrap();
        let text = "The State Department's special envoy, Ana Ruiz, met Guatemalan President Bernardo Arévalo.";
        let mentions = find_mentions(text, &tokens(text), &gazetteer, &lexicons);
        let title_of = |name: &str| {
            let m = mentions.iter().find(|m| m.name == name).unwrap();
            let t = m.title.clone().unwrap();
            let qualifier = t
                .qualifier
                .and_then(|q| mention_at(&mentions, q))
                .map(|q| mentions[q].name.clone());
            (t.role, t.class, qualifier)
        };
        assert_eq!(
            title_of("Ana Ruiz"),
            (
                "special envoy".to_string(),
                TitleClass::Member,
                Some("U.S. Department of State".to_string())
            )
        );
        assert_eq!(
            title_of("Bernardo Arévalo"),
            (
                "President".to_string(),
                TitleClass::HeadOfState,
                Some("Guatemala".to_string())
            )
        );
    }

    #[test]
    fn foreign_and_generic_bodies_are_not_the_american_ones() {
        let text =
            "The Guatemalan Congress, the Texas National Guard and the National Congress voted.";
        let names: Vec<String> = found(text).into_iter().map(|(_, _, n)| n).collect();
        assert!(
            names.contains(&"Texas National Guard".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"National Congress".to_string()),
            "{names:?}"
        );
        assert!(
            !names.contains(&"United States Congress".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn surname_alias_inside_a_longer_name_is_not_that_person() {
        let text = "Governor Michelle Lujan Grisham spoke.";
        assert!(
            has(text, "Michelle Lujan Grisham", EntityKind::Person),
            "{:?}",
            found(text)
        );
        assert!(!found(text).iter().any(|(s, _, _)| s == "Grisham"));
    }
}
