//! Relation extraction: cue patterns from `data/cues/relations.txt` and the title
//! constructions ("Guatemalan President X", "the State Department's envoy, X") turned
//! into typed edges, each with its modality, role, amount and evidence sentence.

use crate::entities::{mention_at, Mention};
use crate::error::Error;
use crate::lexicon::{self, TitleClass};
use crate::model::{EntityKind, Modality, RelationType};
use crate::resolve::Resolution;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Where a cue finds its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Source before the cue, target after it.
    Forward,
    /// Target before the cue, source after it.
    Backward,
    /// Target inside the cue's `*` gap, source before the cue.
    Inside,
}

#[derive(Debug)]
struct Cue {
    relation: RelationType,
    frame: Frame,
    regex: Regex,
    sources: Vec<EntityKind>,
    targets: Vec<EntityKind>,
    /// Word beginnings one of which every match contains (lowercase); empty when the
    /// pattern has no required word to look for.
    anchors: Vec<String>,
}

/// The compiled cue lexicon and modality markers.
#[derive(Debug)]
pub struct CueLexicon {
    cues: Vec<Cue>,
    /// Finds every cue's anchors in one pass, so a cue's regex runs only on the
    /// sentences that could hold it.
    anchors: AnchorIndex,
    planned: Vec<String>,
    negated: Vec<String>,
    reported: Vec<String>,
}

/// Where cue `index` of the lexicon matched, with its `*` slot, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CueMatch {
    range: Range<usize>,
    slot: Option<Range<usize>>,
    index: usize,
}

/// A relation found in a document, with byte offsets and document entity indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub source: usize,
    pub relation: RelationType,
    pub target: usize,
    pub modality: Modality,
    pub role: Option<String>,
    pub amount: Option<String>,
    pub sentence: Range<usize>,
    pub cue: String,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:US|U\.S\.)?\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|bn|mn)(?-u:\b))?|(?-u:\b)\d[\d,]*(?:\.\d+)?\s(?:million|billion|trillion)\s(?:dollars|pesos|euros|quetzales)(?-u:\b)")
        .expect("static regex")
});

/// Asides the subject search skips: "-- whose role ... --", "(...)", ", who ...,".
static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"--[^-]+--|\u{2014}[^\u{2014}]+\u{2014}|\([^)]*\)").expect("static regex")
});

/// Where a relative clause opens: ", who was named by ...".
static RELATIVE_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s*(?:who|whom|whose|which)(?-u:\b)").expect("static regex"));

/// A comma inside a list ("of Guatemala, Honduras and El Salvador") rather than the
/// one that closes a clause.
static LIST_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+\p{Lu}[^,]{0,40}?(?:,|\s(?:and|or)\s)").expect("static regex")
});

/// A link that makes a comma list a coordination.
static CONJUNCTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:and|or)(?-u:\b)|&").expect("static regex"));

/// A verb phrase coordinated without its own subject: "..., and is also working with".
static ELIDED_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:,\s*|\s)and\s+(?:(?:is|was|are|were|has|have|had|will|would|could|may|might|also|then|later|already|been|being|recently|expected|scheduled|set|due|slated|planning|planned|plans|going|about|poised|hoping|hopes|trying|seeking|wants|intends|likely|to)\s+)*$")
        .expect("static regex")
});

/// A participial clause after a comma takes the main clause's subject: "X criticized
/// Y, accusing Z".
static PARTICIPLE_CUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\p{L}+ing(?-u:\b)").expect("static regex"));

/// A complement clause ("told AP that the agency did not ...") has its own subject:
/// the subject search does not reach back across "that".
static COMPLEMENTIZER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:that|said|says|say|told \w+|tells \w+|added|warned|noted|stated|announced)\s",
    )
    .expect("static regex")
});

/// Whether the words after a reporting verb start a clause of their own: "said the
/// first units would ...", not "said Monday after ..." or "said in an interview ...".
fn opens_clause(rest: &str) -> bool {
    const NOT_A_SUBJECT: &[&str] = &[
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "while",
        "when",
        "for",
        "from",
        "to",
        "by",
        "with",
        "of",
        "that",
        "this",
        "last",
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "earlier",
        "later",
        "again",
        "also",
        "repeatedly",
        "recently",
        "previously",
    ];
    let next = rest
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    !next.is_empty() && !NOT_A_SUBJECT.contains(&next.as_str())
}

/// A relative pronoun right after a mention (or its lowercase head noun, as in "the
/// X initiative, which") makes that mention the clause's subject. "that" is left to
/// [`COMPLEMENTIZER`]: after a name it mostly opens reported speech.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*\([^)]*\))?(?:\s+\p{Ll}+)?,?\s*(?:who|which)(?-u:\b)")
        .expect("static regex")
});

/// What may stand between two coordinated arguments: "A, B and C", "A or B".
/// Generic nouns after a demonym ("Panamanian authorities and ...") and repeated
/// prepositions ("with A and then with B") may stand there too.
static COORDINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:\s+(?:{GROUP_NOUNS}))?(?:,\s*[DRI]-[A-Z][A-Za-z.]{{1,8}})?(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s+as well as\s+)(?:(?:then|later|also|again)\s+)?(?:(?:with|to|in|from)\s+)?(?:the\s+)?$"))
        .expect("static regex")
});

/// An apposition after a name, skipped when looking for a subject: ", a Republican
/// from Oklahoma,", ", MSF's emergency coordinator in Panama,".
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^,\s+(?:(?:also\s+)?(?:a|an|the|its|his|her|their)\s+|[^\s,]+'s\s+)[^,;()]{1,80}?,",
    )
    .expect("static regex")
});

/// Nouns for the people or bodies of a country: "Mexican officials", "Panamanian
/// authorities".
const GROUP_NOUNS: &str = "officials|authorities|government|governments|leaders|forces|troops|police|military|diplomats|lawmakers|negotiators|counterparts|delegation|delegations|administration|ministry|side";

/// What a demonym must modify to stand for its country in a relation.
static GROUP_AFTER_DEMONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s+(?:\p{{Lu}}\p{{Ll}}+\s+)?(?:{GROUP_NOUNS})(?-u:\b)"
    ))
    .expect("static regex")
});

/// "a U.S. delegation led by X": the person leading stands for the group.
static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s+(?:delegation|team|mission|group|commission|panel)s?\s+(?:led|headed)\s+by\s+$",
    )
    .expect("static regex")
});

/// "X said that it will ...": the pronoun subject of a complement clause.
static PRONOUN_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:it|they)(?-u:\b)").expect("static regex"));

/// "former President", "ex-minister", "then-Secretary": a title no longer held.
static FORMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:former|ex-|then-|late|outgoing)\s*$").expect("static regex")
});

/// Words that end the phrase after a cue: what follows them is no longer its object.
/// ("and" may join nouns inside the phrase; [`NEW_VERB_PHRASE`] catches it joining verbs.)
const CLAUSE_LINKS: &[&str] = &[
    "but", "while", "because", "which", "who", "that", "when", "where", "after", "before", "since",
    "although",
];

/// "met every commitment and was cooperating with": a second verb phrase.
static NEW_VERB_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:and|or)\s+(?:was|is|were|are|has|have|had|will|would|can|could|did|does|do)(?-u:\b)",
    )
    .expect("static regex")
});

/// The longest run of plain words allowed between a cue and the argument after it.
const MAX_GAP_WORDS: usize = 6;

impl CueLexicon {
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
                    markers.extend(line.fields.iter().map(|f| f.to_lowercase()));
                    continue;
                }
                let (relation, sources, targets) = parse_header(&line.section).map_err(bad)?;
                // A pattern's own '|' alternatives were split off as fields: join them back.
                let content = line.fields.join("|");
                let (frame, pattern) = content
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| bad(format!("a cue is 'FRAME PATTERN', got '{content}'")))?;
                let pattern = pattern.trim();
                let frame = match frame {
                    ">" => Frame::Forward,
                    "<" => Frame::Backward,
                    "^" => Frame::Inside,
                    other => {
                        return Err(bad(format!("unknown frame '{other}' (expected >, < or ^)")))
                    }
                };
                let regex = compile_pattern(pattern, frame == Frame::Inside).map_err(bad)?;
                cues.push(Cue {
                    relation,
                    frame,
                    regex,
                    sources,
                    targets,
                    anchors: anchors(pattern),
                });
            }
        }
        Ok(CueLexicon {
            anchors: AnchorIndex::new(&cues)?,
            cues,
            planned,
            negated,
            reported,
        })
    }

    /// Every relation the document's sentences state.
    pub fn extract(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        mentions: &[Mention],
        resolution: &Resolution,
    ) -> Vec<Found> {
        let mut found = Vec::new();
        let cue_matches = self.cue_matches(text, sentences);
        let mut next_match = 0;
        let mut first = 0;
        for sentence in sentences {
            while first < mentions.len() && mentions[first].start < sentence.start {
                first += 1;
            }
            let last = mentions[first..]
                .iter()
                .position(|m| m.start >= sentence.end)
                .map_or(mentions.len(), |p| first + p);
            let scope = Scope {
                text,
                sentence: sentence.clone(),
                mentions,
                resolution,
                local: (first..last).collect(),
            };
            title_relations(&scope, &mut found);
            let from = next_match;
            while next_match < cue_matches.len()
                && cue_matches[next_match].range.start < sentence.end
            {
                next_match += 1;
            }
            self.cue_relations(&scope, &cue_matches[from..next_match], &mut found);
        }
        found.dedup_by(|a, b| {
            a.source == b.source
                && a.relation == b.relation
                && a.target == b.target
                && a.sentence == b.sentence
        });
        found
    }

    /// Every cue match in the text, each inside one sentence, sorted by start. A cue
    /// runs only on the sentences where one of its anchors begins a word.
    fn cue_matches(&self, text: &str, sentences: &[Range<usize>]) -> Vec<CueMatch> {
        let candidates = self
            .anchors
            .sentences_per_cue(text, sentences, self.cues.len());
        let mut matches = Vec::new();
        for (index, (cue, candidates)) in self.cues.iter().zip(candidates).enumerate() {
            let mut scan = |sentence: &Range<usize>| {
                for caps in cue.regex.captures_iter(&text[sentence.clone()]) {
                    let Some(whole) = caps.get(0) else { continue };
                    let offset = sentence.start;
                    matches.push(CueMatch {
                        range: offset + whole.start()..offset + whole.end(),
                        slot: caps
                            .name("slot")
                            .map(|s| offset + s.start()..offset + s.end()),
                        index,
                    });
                }
            };
            if cue.anchors.is_empty() {
                sentences.iter().for_each(&mut scan);
            } else {
                candidates.iter().for_each(|&s| scan(&sentences[s]));
            }
        }
        matches.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end), m.index));
        matches
    }

    fn cue_relations(&self, scope: &Scope, cue_matches: &[CueMatch], found: &mut Vec<Found>) {
        // Words inside a name ("Fund" in "International Monetary Fund") are no cue.
        let matches = cue_matches.iter().filter(|m| {
            !scope.local.iter().any(|&i| {
                let name = &scope.mentions[i];
                name.pronoun.is_none()
                    && name.start < m.range.end
                    && m.range.start < name.end
                    && m.slot
                        .as_ref()
                        .is_none_or(|s| !(s.start <= name.start && name.end <= s.end))
            })
        });
        // Where cues overlap, the longest wins ("tapped by" over "tapped"): matches come
        // sorted by start, longest first.
        let mut taken_until = 0;
        for &CueMatch {
            ref range,
            ref slot,
            index,
        } in matches
        {
            if range.start < taken_until {
                continue;
            }
            taken_until = range.end;
            let cue = &self.cues[index];
            let (sources, targets) = match cue.frame {
                Frame::Forward => (
                    scope.left(range.start, &cue.sources),
                    scope.right(range.end, &cue.targets),
                ),
                Frame::Backward => (
                    scope.right(range.end, &cue.sources),
                    scope.left(range.start, &cue.targets),
                ),
                Frame::Inside => (
                    scope.left(range.start, &cue.sources),
                    slot.clone()
                        .map(|s| scope.within(s, &cue.targets))
                        .unwrap_or_default(),
                ),
            };
            // "he and Biden were expected to meet": a symmetric relation among the subjects.
            let (sources, targets) =
                if targets.is_empty() && cue.relation.is_symmetric() && sources.len() > 1 {
                    (sources[..1].to_vec(), sources[1..].to_vec())
                } else {
                    (sources, targets)
                };
            if sources.is_empty() || targets.is_empty() {
                continue;
            }
            let modality = self.modality(scope, range);
            let amount = matches!(
                cue.relation,
                RelationType::Funds | RelationType::RequestsFundingFrom | RelationType::Assists
            )
            .then(|| nearest_amount(scope, range))
            .flatten();
            let cue_text = scope.text[range.clone()].to_lowercase();
            for &s in &sources {
                for &t in &targets {
                    if s != t {
                        found.push(Found {
                            source: s,
                            relation: cue.relation,
                            target: t,
                            modality,
                            role: None,
                            amount: amount.clone(),
                            sentence: scope.sentence.clone(),
                            cue: cue_text.clone(),
                        });
                    }
                }
            }
        }
    }

    /// Negation right before the cue, then plans, then attribution to a source.
    fn modality(&self, scope: &Scope, cue: &Range<usize>) -> Modality {
        let before: Vec<String> = scope.text[scope.sentence.start..cue.start]
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let near = &before[before.len().saturating_sub(4)..];
        const AUXILIARY: &[&str] = &[
            "is", "was", "are", "were", "has", "have", "had", "did", "does", "do", "will", "would",
            "could", "can", "be", "been", "being", "also", "yet", "ever", "even", "directly",
            "still", "to", "so", "far",
        ];
        for word in near.iter().rev() {
            if self.negated.iter().any(|n| n == word) || word.ends_with("n't") {
                return Modality::Negated;
            }
            if !AUXILIARY.contains(&word.as_str()) {
                break;
            }
        }
        let window = format!(
            " {} {} ",
            near.join(" "),
            scope.text[cue.clone()].to_lowercase()
        );
        if self.planned.iter().any(|p| has_phrase(&window, p)) {
            return Modality::Planned;
        }
        let rest = format!(
            " {} {} ",
            before.join(" "),
            scope.text[cue.end..scope.sentence.end].to_lowercase()
        );
        let rest = rest.replace(
            |c: char| !(c.is_alphanumeric() || c == '\'' || c == ' '),
            " ",
        );
        if self.reported.iter().any(|r| has_phrase(&rest, r)) {
            return Modality::Reported;
        }
        Modality::Asserted
    }
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

/// Whether `phrase` occurs as whole words in `padded`, words separated by spaces with
/// a space at each end.
fn has_phrase(padded: &str, phrase: &str) -> bool {
    padded
        .match_indices(phrase)
        .any(|(at, _)| padded[..at].ends_with(' ') && padded[at + phrase.len()..].starts_with(' '))
}

/// One Aho-Corasick pass finds the anchors of every cue; most cues then skip most
/// sentences, where running all their regexes over every sentence cost more than the
/// rest of extraction.
#[derive(Debug)]
struct AnchorIndex {
    matcher: AhoCorasick,
    /// The cues each automaton pattern anchors.
    cues_of: Vec<Vec<usize>>,
}

impl AnchorIndex {
    fn new(cues: &[Cue]) -> Result<AnchorIndex, Error> {
        let mut words: Vec<&str> = cues
            .iter()
            .flat_map(|c| c.anchors.iter().map(String::as_str))
            .collect();
        words.sort_unstable();
        words.dedup();
        let cues_of = words
            .iter()
            .map(|word| {
                (0..cues.len())
                    .filter(|&i| cues[i].anchors.iter().any(|a| a == word))
                    .collect()
            })
            .collect();
        // A DFA: a few hundred short words, searched overlapping in every document.
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .map_err(|e| Error::Invalid(format!("cue anchors: {e}")))?;
        Ok(AnchorIndex { matcher, cues_of })
    }

    /// For each of `cues` cues, the sentences (sorted indexes) where one of its anchors
    /// begins a word.
    fn sentences_per_cue(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        cues: usize,
    ) -> Vec<Vec<usize>> {
        let mut per_cue = vec![Vec::new(); cues];
        let bytes = text.as_bytes();
        for hit in self.matcher.find_overlapping_iter(text) {
            let at = hit.start();
            // The cue regexes start words at ASCII boundaries: so does this check.
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let s = sentences.partition_point(|s| s.end <= at);
            if s == sentences.len() || sentences[s].start > at {
                continue;
            }
            for &cue in &self.cues_of[hit.pattern().as_usize()] {
                if per_cue[cue].last() != Some(&s) {
                    per_cue[cue].push(s);
                }
            }
        }
        per_cue
    }
}

/// Words too common in news to narrow the search for a cue.
const COMMON_WORDS: &[&str] = &[
    "a", "about", "an", "at", "by", "down", "for", "from", "in", "into", "of", "on", "out", "the",
    "through", "to", "up", "with",
];

/// The beginnings of words one of which every match of `pattern` contains: those of
/// its required token least likely to occur by chance (no common word, then the
/// longest shortest beginning). Empty when no token qualifies ("*", "$amount" and
/// optional groups never do).
fn anchors(pattern: &str) -> Vec<String> {
    let Ok(tokens) = tokens(pattern) else {
        return Vec::new();
    };
    tokens
        .iter()
        .filter(|t| !(t.starts_with('(') && t.ends_with(")?")) && *t != "*" && *t != "$amount")
        .filter_map(|t| token_beginnings(t))
        .max_by_key(|words| {
            let rare = !words.iter().any(|w| COMMON_WORDS.contains(&w.as_str()));
            (rare, words.iter().map(String::len).min().unwrap_or(0))
        })
        .unwrap_or_default()
}

/// The literal start of each alternative of a token ("(heads|headed)" gives "heads" and
/// "headed"; "an?" gives "a"), or `None` if an alternative starts with no literal.
fn token_beginnings(token: &str) -> Option<Vec<String>> {
    let body = match token.strip_prefix('(') {
        Some(rest) if rest.ends_with(')') && balanced_group(token) => &rest[..rest.len() - 1],
        _ => token,
    };
    let mut alternatives = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => {
                alternatives.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    alternatives.push(&body[start..]);
    alternatives
        .into_iter()
        .map(|alternative| {
            let end = alternative
                .find(|c: char| matches!(c, '(' | ')' | '|' | '?') || c.is_whitespace())
                .unwrap_or(alternative.len());
            let mut literal = alternative[..end].to_lowercase();
            // A "?" makes the letter before it optional.
            if alternative[end..].starts_with('?') {
                literal.pop();
            }
            (!literal.is_empty()).then_some(literal)
        })
        .collect()
}

/// Whether a token that opens with "(" closes that same group at its end.
fn balanced_group(token: &str) -> bool {
    let mut depth = 0;
    for (i, c) in token.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i == token.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// Translates the cue pattern language of `data/cues/relations.txt` into a regex.
fn compile_pattern(pattern: &str, slot: bool) -> Result<Regex, String> {
    const GAP_WORD: &str = r#"[^\s,;:!?"]+"#;
    let mut out = String::from(r"(?i)(?-u:\b)");
    let mut needs_space = false;
    let mut slots = 0;
    for token in tokens(pattern)? {
        // A group followed by ? may be missing; in a word, ? stays a regex ("an?").
        let (body, optional) = match token.strip_suffix('?') {
            Some(body) if body.starts_with('(') && body.ends_with(')') => (body, true),
            _ => (token.as_str(), false),
        };
        let piece = match body {
            "*" if slot => {
                slots += 1;
                format!(r"(?P<slot>{GAP_WORD}(?:\s+{GAP_WORD}){{0,3}}?)")
            }
            "*" => format!(r"{GAP_WORD}(?:\s+{GAP_WORD}){{0,3}}?"),
            "$amount" => AMOUNT.as_str().trim_start_matches("(?i)").to_string(),
            _ => translate_words(body)?,
        };
        let optional = optional || (body == "*" && !slot);
        match (needs_space, optional) {
            (false, false) => out.push_str(&format!("(?:{piece})")),
            (false, true) => out.push_str(&format!(r"(?:(?:{piece})\s+)?")),
            (true, false) => out.push_str(&format!(r"\s+(?:{piece})")),
            (true, true) => out.push_str(&format!(r"(?:\s+(?:{piece}))?")),
        }
        // After a leading optional piece, the next piece carries no leading space.
        needs_space = needs_space || !optional;
    }
    if slot && slots != 1 {
        return Err(format!(
            "a ^ cue needs exactly one * for the target, '{pattern}' has {slots}"
        ));
    }
    out.push_str(r"(?-u:\b)");
    Regex::new(&out).map_err(|e| format!("cue '{pattern}' is not a valid pattern: {e}"))
}

/// Splits a pattern on spaces outside parentheses.
fn tokens(pattern: &str) -> Result<Vec<String>, String> {
    let mut tokens = vec![String::new()];
    let mut depth = 0i32;
    for c in pattern.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Err(format!("unbalanced ')' in cue '{pattern}'"));
        }
        if c.is_whitespace() && depth == 0 {
            if !tokens.last().is_some_and(String::is_empty) {
                tokens.push(String::new());
            }
        } else if let Some(last) = tokens.last_mut() {
            last.push(c);
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced '(' in cue '{pattern}'"));
    }
    tokens.retain(|t| !t.is_empty());
    Ok(tokens)
}

fn translate_words(body: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => out.push_str("(?:"),
            ')' => {
                out.push(')');
                if chars.peek() == Some(&'?') {
                    chars.next();
                    out.push('?');
                }
            }
            '|' => out.push('|'),
            // A quantifier on the letter or group before it: "an?" is "a" or "an".
            '?' if !out.is_empty() => out.push('?'),
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                out.push_str(r"\s+");
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    Ok(out)
}

/// One sentence and the mentions in it.
struct Scope<'a> {
    text: &'a str,
    sentence: Range<usize>,
    mentions: &'a [Mention],
    resolution: &'a Resolution,
    /// Indexes of the mentions inside the sentence.
    local: Vec<usize>,
}

impl Scope<'_> {
    fn entity(&self, mention: usize) -> Option<usize> {
        if self.mentions[mention].bound {
            return None;
        }
        self.resolution.of_mention[mention]
    }

    fn kind_ok(&self, mention: usize, kinds: &[EntityKind]) -> Option<usize> {
        let entity = self.entity(mention)?;
        // "Mexican officials" stand for Mexico; "the Honduran allocation" does not.
        let m = &self.mentions[mention];
        if m.demonym && !GROUP_AFTER_DEMONYM.is_match(&self.text[m.end..]) {
            return None;
        }
        kinds
            .contains(&self.resolution.entities[entity].kind)
            .then_some(entity)
    }

    fn asides_before(&self, position: usize) -> Vec<Range<usize>> {
        let before = &self.text[self.sentence.start..position];
        let mut asides: Vec<Range<usize>> = ASIDE
            .find_iter(before)
            .map(|m| self.sentence.start + m.start()..self.sentence.start + m.end())
            .collect();
        // A relative clause runs to the comma that is not part of a list inside it.
        for opening in RELATIVE_CLAUSE.find_iter(before) {
            let mut at = opening.end();
            while let Some(comma) = before[at..].find(',').map(|c| at + c) {
                if !LIST_COMMA.is_match(&before[comma + 1..]) {
                    asides.push(
                        self.sentence.start + opening.start()..self.sentence.start + comma + 1,
                    );
                    break;
                }
                at = comma + 1;
            }
        }
        for &m in &self.local {
            let end = self.mentions[m].end;
            if end >= position {
                break;
            }
            if let Some(apposition) = APPOSITION.find(&self.text[end..position]) {
                asides.push(end..end + apposition.end());
            }
        }
        asides
    }

    /// Where a mention's phrase starts, its title included ("President X").
    fn phrase_start(&self, mention: usize) -> usize {
        let m = &self.mentions[mention];
        m.title
            .as_ref()
            .map_or(m.start, |t| t.start.clamp(self.sentence.start, m.start))
    }

    /// The text from the end of `earlier` to the phrase of `later`.
    fn between(&self, earlier: usize, later: usize) -> &str {
        let from = self.mentions[earlier].end;
        let to = self.phrase_start(later).max(from);
        &self.text[from..to]
    }

    /// "Panama's Ministry of ...": the possessor only modifies the body after it.
    fn is_possessor(&self, mention: usize) -> bool {
        let end = self.mentions[mention].end;
        let Some(rest) = self.text[end..]
            .strip_prefix("'s ")
            .or_else(|| self.text[end..].strip_prefix("' "))
        else {
            return false;
        };
        let next = self.text.len() - rest.len();
        self.local.iter().any(|&o| {
            self.mentions[o].start == next
                && matches!(
                    self.mentions[o].kind,
                    EntityKind::Agency | EntityKind::Organization
                )
        })
    }

    /// The subject-side argument: the nearest fitting entity before the cue, outside
    /// asides; for a subject-less coordinated verb, the sentence's first entity.
    fn left(&self, cue_start: usize, kinds: &[EntityKind]) -> Vec<usize> {
        let asides = self.asides_before(cue_start);
        let outside = |m: usize| {
            let mention = &self.mentions[m];
            !asides
                .iter()
                .any(|a| a.start <= mention.start && mention.end <= a.end)
        };
        let all_before: Vec<usize> = self
            .local
            .iter()
            .copied()
            .filter(|&m| {
                self.mentions[m].end <= cue_start && self.entity(m).is_some() && outside(m)
            })
            .collect();
        let nearest_end = all_before
            .last()
            .map_or(self.sentence.start, |&m| self.mentions[m].end);
        let lead_in = &self.text[nearest_end..cue_start];
        let participle =
            lead_in.trim_end().ends_with(',') && PARTICIPLE_CUE.is_match(&self.text[cue_start..]);
        if ELIDED_SUBJECT.is_match(lead_in) || participle {
            return all_before
                .iter()
                .find_map(|&m| self.kind_ok(m, kinds))
                .into_iter()
                .collect();
        }
        // Inside a relative clause the antecedent is the subject; once the clause has
        // closed ("X, who ..., said ...") it is not.
        let clause_closed = asides
            .iter()
            .any(|a| a.start >= nearest_end && a.end <= cue_start);
        if RELATIVE.is_match(lead_in) && !clause_closed {
            let antecedent = all_before.last().and_then(|&m| self.kind_ok(m, kinds));
            return antecedent.into_iter().collect();
        }
        let clause_start = COMPLEMENTIZER
            .find_iter(&self.text[self.sentence.start..cue_start])
            .filter(|m| {
                m.as_str().to_lowercase().starts_with("that")
                    || opens_clause(&self.text[self.sentence.start + m.end()..cue_start])
            })
            .last()
            .map_or(self.sentence.start, |m| self.sentence.start + m.end());
        let (before, reporter): (Vec<usize>, Vec<usize>) = all_before
            .into_iter()
            .partition(|&m| self.mentions[m].start >= clause_start);
        // "DHS said that it will provide ...": "it" is the body that said so.
        if before.is_empty() && PRONOUN_SUBJECT.is_match(&self.text[clause_start..cue_start]) {
            return reporter
                .iter()
                .rev()
                .find_map(|&m| {
                    let entity = self.kind_ok(m, kinds)?;
                    (self.resolution.entities[entity].kind != EntityKind::Person).then_some(entity)
                })
                .into_iter()
                .collect();
        }
        let Some(position) = before
            .iter()
            .rposition(|&m| self.kind_ok(m, kinds).is_some())
        else {
            return Vec::new();
        };
        let earlier: Vec<usize> = before[..position].iter().rev().copied().collect();
        self.coordinated(before[position], &earlier, kinds, false)
    }

    /// `anchor` and the entities coordinated with it among `others` (in order away
    /// from the anchor). A bare comma list ("McAllen, Texas") is no coordination: a
    /// link must be "and", "or" or "as well as".
    fn coordinated(
        &self,
        anchor: usize,
        others: &[usize],
        kinds: &[EntityKind],
        forward: bool,
    ) -> Vec<usize> {
        let mut chosen = vec![anchor];
        let mut joined = false;
        for &next in others {
            let last = chosen[chosen.len() - 1];
            let between = if forward {
                self.between(last, next)
            } else {
                self.between(next, last)
            };
            if !COORDINATION.is_match(between) || self.kind_ok(next, kinds).is_none() {
                break;
            }
            joined |= CONJUNCTION.is_match(between);
            chosen.push(next);
        }
        if !joined {
            chosen.truncate(1);
        }
        self.entities_of(&chosen, kinds)
    }

    /// The object-side argument: the first fitting entity shortly after the cue, and
    /// every entity coordinated with it.
    fn right(&self, cue_end: usize, kinds: &[EntityKind]) -> Vec<usize> {
        let after: Vec<usize> = self
            .local
            .iter()
            .copied()
            .filter(|&m| self.mentions[m].start >= cue_end && self.entity(m).is_some())
            .collect();
        let Some(mut position) = after.iter().position(|&m| {
            // Up to the argument's phrase: "with Mexico's consul general in El Paso, X".
            let gap = &self.text[cue_end..self.phrase_start(m).max(cue_end)];
            let plain = !gap.contains([',', ';', ':', '!', '?', '"', '(', ')'])
                && !gap.contains(". ")
                && gap.split_whitespace().count() <= MAX_GAP_WORDS
                && !gap
                    .split_whitespace()
                    .any(|w| CLAUSE_LINKS.contains(&w.to_lowercase().as_str()))
                && !NEW_VERB_PHRASE.is_match(gap);
            plain && self.kind_ok(m, kinds).is_some() && !self.is_possessor(m)
        }) else {
            return Vec::new();
        };
        if let Some(&leader) = after.get(position + 1) {
            // Mentions may overlap (a title inside a longer name): then nothing is between.
            let between = self
                .text
                .get(self.mentions[after[position]].end..self.mentions[leader].start);
            if between.is_some_and(|b| LED_BY.is_match(b)) && self.kind_ok(leader, kinds).is_some()
            {
                position += 1;
            }
        }
        self.coordinated(after[position], &after[position + 1..], kinds, true)
    }

    fn within(&self, range: Range<usize>, kinds: &[EntityKind]) -> Vec<usize> {
        let inside: Vec<usize> = self
            .local
            .iter()
            .copied()
            .filter(|&m| range.start <= self.mentions[m].start && self.mentions[m].end <= range.end)
            .collect();
        self.entities_of(&inside, kinds)
    }

    fn entities_of(&self, mentions: &[usize], kinds: &[EntityKind]) -> Vec<usize> {
        let mut entities: Vec<usize> = mentions
            .iter()
            .filter_map(|&m| self.kind_ok(m, kinds))
            .collect();
        entities.sort_unstable();
        entities.dedup();
        entities
    }
}

/// The money amount closest to the cue, after it preferably.
fn nearest_amount(scope: &Scope, cue: &Range<usize>) -> Option<String> {
    AMOUNT
        .find_iter(&scope.text[scope.sentence.clone()])
        .map(|m| (scope.sentence.start + m.start(), m.as_str()))
        .min_by_key(|&(start, _)| {
            if start >= cue.start {
                start.saturating_sub(cue.end)
            } else {
                (cue.start - start) * 2
            }
        })
        .map(|(_, amount)| amount.to_string())
}

/// leader_of and member_of from titles: "Guatemalan President X", "the State
/// Department's special envoy, X", "X, a Republican senator".
fn title_relations(scope: &Scope, found: &mut Vec<Found>) {
    for &m in &scope.local {
        let mention = &scope.mentions[m];
        let party = mention
            .party
            .and_then(|p| mention_at(scope.mentions, p))
            .and_then(|p| scope.resolution.of_mention[p]);
        if let (Some(person), Some(party)) = (scope.resolution.of_mention[m], party) {
            found.push(Found {
                source: person,
                relation: RelationType::MemberOf,
                target: party,
                modality: Modality::Asserted,
                role: None,
                amount: None,
                sentence: scope.sentence.clone(),
                cue: "apposition".to_string(),
            });
        }
        let Some(title) = &mention.title else {
            continue;
        };
        let Some(person) = scope.resolution.of_mention[m] else {
            continue;
        };
        let stated = title
            .qualifier
            .and_then(|q| mention_at(scope.mentions, q))
            .and_then(|q| scope.resolution.of_mention[q]);
        let Some(body) = stated.or_else(|| scope.resolution.implied_body.get(&m).copied()) else {
            continue;
        };
        // "former President X" no longer leads anything.
        if FORMER.is_match(&scope.text[scope.sentence.start..title.start.max(scope.sentence.start)])
        {
            continue;
        }
        let kind = scope.resolution.entities[body].kind;
        use EntityKind::{Agency, Country, Organization, Region};
        let relation = match (title.class, kind) {
            (TitleClass::HeadOfState, Country | Agency | Organization) => RelationType::LeaderOf,
            (TitleClass::HeadOfPlace, Region) => RelationType::LeaderOf,
            (TitleClass::Leader, Agency | Organization) => RelationType::LeaderOf,
            // A minister or governor serves the country the title names.
            (TitleClass::HeadOfPlace | TitleClass::Leader | TitleClass::Member, Country) => {
                RelationType::MemberOf
            }
            (TitleClass::Member, Agency | Organization) => RelationType::MemberOf,
            _ => continue,
        };
        if person == body {
            continue;
        }
        found.push(Found {
            source: person,
            relation,
            target: body,
            modality: Modality::Asserted,
            role: Some(title.role.clone()),
            amount: None,
            sentence: scope.sentence.clone(),
            cue: format!("title: {}", title.role),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile_to_word_bounded_regexes() {
        let r = compile_pattern("(met|meets) with", false).unwrap();
        assert!(r.is_match("she met with him"));
        assert!(!r.is_match("she helmet with"));
        let r = compile_pattern("(held|had) an? (phone)? call with", false).unwrap();
        assert!(r.is_match("held a call with"));
        assert!(r.is_match("had a phone call with"));
        let r = compile_pattern("(said|saying)? in an? * interview", true).unwrap();
        let caps = r.captures("saying in an ABC News interview").unwrap();
        assert_eq!(&caps["slot"], "ABC News");
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
            CueLexicon::parse("my.txt", "[visits: person -> country]\n= visit\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.txt:2: unknown frame '=' (expected >, < or ^)"
        );
    }

    #[test]
    fn builtin_cues_compile() {
        let lexicon = CueLexicon::builtin().unwrap();
        assert!(lexicon.cues.len() > 40);
        assert!(lexicon.planned.contains(&"expected".to_string()));
    }

    #[test]
    fn anchors_are_the_rarest_required_word_beginnings() {
        let words = |pattern: &str| anchors(pattern);
        assert_eq!(words("(met|meets) * with"), ["met", "meets"]);
        assert_eq!(words("(tapped|named) by"), ["tapped", "named"]);
        assert_eq!(words("sent an? (letter|note)"), ["letter", "note"]);
        assert_eq!(words("(said|says)? in an? * interview"), ["interview"]);
        assert_eq!(words("an? $amount"), ["a"]);
        assert!(words("* $amount").is_empty());
        assert_eq!(token_beginnings("(presides over|(co)?chairs)"), None);
    }

    /// The anchor index only skips work: every cue, run on every sentence, finds the
    /// same matches on real and generated articles.
    #[test]
    fn anchor_filter_finds_what_scanning_every_sentence_finds() {
        let lexicon = CueLexicon::builtin().unwrap();
        let mut texts: Vec<String> = (0..40).map(|i| crate::synth::article(3, i).text).collect();
        texts.push(
            include_str!("../data/articles/cnn-2021-harris-northern-triangle.txt").to_string(),
        );
        for text in texts {
            let text = crate::repair::repair(&text);
            let sentences = crate::sentences::split(&text);
            let mut everywhere = Vec::new();
            for (index, cue) in lexicon.cues.iter().enumerate() {
                for sentence in &sentences {
                    for caps in cue.regex.captures_iter(&text[sentence.clone()]) {
                        let whole = caps.get(0).unwrap();
                        let at = sentence.start;
                        everywhere.push(CueMatch {
                            range: at + whole.start()..at + whole.end(),
                            slot: caps.name("slot").map(|s| at + s.start()..at + s.end()),
                            index,
                        });
                    }
                }
            }
            everywhere.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end), m.index));
            assert!(!everywhere.is_empty());
            assert_eq!(lexicon.cue_matches(&text, &sentences), everywhere);
        }
    }
}
