//! Relation extraction over the token layer: cue matches from [`crate::cues`] get
//! their arguments from the mentions around them (subject of the verb group, object
//! after it, coordinated lists, clauses that borrow a subject), their modality from
//! the verb group; titles give leader_of and member_of.

use crate::cues::{amount_at, CueLexicon, CueMatch, Frame};
use crate::document::Annotated;
use crate::entities::Mention;
use crate::lexicon::{Lexicons, TitleClass};
use crate::model::{EntityKind, Modality, RelationType};
use crate::resolve::Resolution;
use crate::tokens::{Pos, Shape, Token, VerbForm};
use std::ops::Range;

/// A relation found in a document, with byte offsets and document entity indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index of the source entity of the document.
    pub source: usize,
    /// What the source is to the target.
    pub relation: RelationType,
    /// Index of the target entity of the document.
    pub target: usize,
    /// How the sentence states it.
    pub modality: Modality,
    /// The office, for `leader_of` and `member_of`.
    pub role: Option<String>,
    /// The money, for `funds` and its kin.
    pub amount: Option<String>,
    /// The sentence's byte range.
    pub sentence: Range<usize>,
    /// The cue or construction that fired.
    pub cue: String,
}

/// Nouns for the people or bodies of a country: "Mexican officials", "Panamanian
/// authorities". A demonym stands for its country only before one of them.
const GROUP_NOUNS: &[&str] = &[
    "board",
    "caseworker",
    "worker",
    "employee",
    "representative",
    "member",
    "expert",
    "volunteer",
    "personnel",
    "country",
    "nation",
    "people",
    "leadership",
    "staff",
    "official",
    "authority",
    "government",
    "leader",
    "force",
    "troop",
    "police",
    "military",
    "diplomat",
    "lawmaker",
    "negotiator",
    "counterpart",
    "delegation",
    "administration",
    "ministry",
    "side",
    "officer",
    "agent",
    "envoy",
    "team",
];

/// Words that end the phrase after a cue: what follows them is no longer its object.
const CLAUSE_LINKS: &[&str] = &[
    "but", "while", "because", "which", "who", "that", "when", "where", "after", "before", "since",
    "although",
];

/// The longest run of plain words allowed between a cue and the argument after it.
const MAX_GAP_WORDS: usize = 6;

/// Reporting verbs that open a clause of their own: "X said Y met Z".
const REPORTING: &[&str] = &[
    "say", "add", "warn", "note", "state", "announce", "tell", "claim", "argue", "insist",
    "report", "confirm", "believe", "think",
];

/// Words after a reporting verb that show no clause starts there ("said Monday",
/// "said in an interview").
const NOT_A_SUBJECT: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
];

/// Nouns of time: "said this week", "said last month" open no clause.
const TIME_NOUNS: &[&str] = &[
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "time",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
];

/// What a verb group may hold before its main verb, besides auxiliaries, modals,
/// negation and adverbs: "expected to", "is set to", "plans to", "going to".
fn is_group_word(token: &Token) -> bool {
    matches!(
        token.pos,
        Pos::Auxiliary | Pos::Modal | Pos::Negation | Pos::Adverb
    ) || &*token.lower == "to"
}

impl CueLexicon {
    /// Every relation the document's sentences state.
    pub fn extract(&self, document: &Annotated, lexicons: &Lexicons) -> Vec<Found> {
        let Annotated {
            sentences,
            tokens,
            mentions,
            ..
        } = document;
        let mut found = Vec::new();
        let mut previous_subjects = Vec::new();
        let mut first = 0;
        for (sentence, span) in sentences.iter().zip(&tokens.sentences) {
            while first < mentions.len() && mentions[first].start < sentence.start {
                first += 1;
            }
            let mut local: Vec<Local> = Vec::new();
            for (m, mention) in mentions.iter().enumerate().skip(first) {
                if mention.start >= sentence.end {
                    break;
                }
                let range = tokens.covering(mention.start..mention.end);
                if range.is_empty() {
                    continue;
                }
                let phrase_start = mention.title.as_ref().map_or(range.start, |t| {
                    tokens
                        .at_or_after(t.start.max(sentence.start))
                        .min(range.start)
                });
                local.push(Local {
                    mention: m,
                    tokens: range,
                    phrase_start,
                    in_title: false,
                });
            }
            // A person's phrase starts at a title the entity stage left unattached:
            // "..., Homeland Security Secretary Alejandro Mayorkas and ...".
            let sentence_at = SentenceAt {
                document,
                bytes: sentence.clone(),
                tokens: span.clone(),
            };
            let titled_starts: Vec<Option<usize>> = {
                let scope = sentence_at.scope(&local, Vec::new());
                local
                    .iter()
                    .map(|l| scope.title_phrase_start(l, lexicons))
                    .collect()
            };
            for (l, start) in local.iter_mut().zip(titled_starts) {
                if let Some(start) = start {
                    l.phrase_start = start;
                }
            }
            // A body named inside a person's title ("White House adviser X") is part
            // of that phrase, no argument of its own.
            for i in 0..local.len() {
                let title = local[i].phrase_start..local[i].tokens.start;
                for j in (0..i).rev() {
                    if local[j].tokens.start < title.start {
                        break;
                    }
                    if local[j].tokens.end <= title.end {
                        local[j].in_title = true;
                    }
                }
            }
            let scope = sentence_at.scope(&local, std::mem::take(&mut previous_subjects));
            title_relations(&scope, &mut found);
            office_relations(&scope, lexicons, &mut found);
            let matches = self.matches(&tokens.tokens, span.clone());
            self.cue_relations(&scope, &matches, &mut found);
            previous_subjects = scope.opening_subjects();
        }
        // A title and an office can state the same edge from one sentence.
        let mut seen = std::collections::HashSet::new();
        found.retain(|f| seen.insert((f.source, f.relation, f.target, f.sentence.clone())));
        found
    }

    fn cue_relations(&self, sentence: &Scope, matches: &[CueMatch], found: &mut Vec<Found>) {
        // Where cues overlap, the longest wins ("tapped by" over "tapped"): matches come
        // sorted by start, longest first. Cues of the same words ("speaking to" as
        // spoke_with and as statement_to) all try: the kinds of their arguments tell
        // them apart.
        let mut taken = 0..0;
        for m in matches {
            if m.tokens.start < taken.end && m.tokens != taken {
                continue;
            }
            let scope = &sentence.around(m.tokens.clone());
            // Words inside a name ("Fund" in "International Monetary Fund") are no cue.
            let inside_name = scope.local.iter().any(|l| {
                scope.mentions[l.mention].pronoun.is_none()
                    && l.tokens.start < m.tokens.end
                    && m.tokens.start < l.tokens.end
                    && m.slot
                        .as_ref()
                        .is_none_or(|s| !(s.start <= l.tokens.start && l.tokens.end <= s.end))
            });
            if inside_name {
                continue;
            }
            taken = m.tokens.clone();
            let cue = &self.cues[m.index];
            let group = scope.verb_group(m.tokens.start, |t| self.is_marker(t));
            let passive = scope.is_passive(&group, m.tokens.start);
            // "X was named ambassador": a passive verb has no object after it.
            if cue.frame == Frame::Backward && passive {
                continue;
            }
            // "X was criticized by Y": the agent is the source, the subject the target.
            let agent = cue.frame == Frame::Forward && passive && scope.lower(m.tokens.end) == "by";
            let object = scope.object_antecedent(m.tokens.start, &cue.targets);
            let (sources, targets) = match cue.frame {
                _ if agent => (
                    scope.right(m.tokens.end + 1, &cue.sources),
                    scope.left(m.tokens.start, &cue.targets),
                ),
                // "Bukele, whom Trump hosted in April": the antecedent is the object.
                Frame::Forward if object.is_some() => (
                    scope.left(m.tokens.start, &cue.sources),
                    object.into_iter().collect(),
                ),
                Frame::Forward => (
                    scope.left(m.tokens.start, &cue.sources),
                    scope.right_in(
                        m.tokens.end,
                        &cue.targets,
                        matches!(
                            cue.relation,
                            RelationType::Visits | RelationType::Assists | RelationType::Funds
                        ),
                    ),
                ),
                Frame::Backward => (
                    scope.right(m.tokens.end, &cue.sources),
                    scope.left(m.tokens.start, &cue.targets),
                ),
                Frame::Inside => (
                    scope.left(m.tokens.start, &cue.sources),
                    m.slot
                        .clone()
                        .map(|s| scope.within(s, &cue.targets))
                        .unwrap_or_default(),
                ),
                Frame::Between => pairs(scope.right(m.tokens.end, &cue.targets)),
                Frame::SourceInside => (
                    m.slot
                        .clone()
                        .map(|s| scope.within(s, &cue.sources))
                        .unwrap_or_default(),
                    scope.right(m.tokens.end, &cue.targets),
                ),
                // "he and Biden were expected to meet", "A and B spoke by phone".
                Frame::Among if scope.no_object_after(m.tokens.end) => {
                    pairs(scope.left(m.tokens.start, &cue.sources))
                }
                Frame::Among => (Vec::new(), Vec::new()),
            };
            if sources.is_empty() || targets.is_empty() {
                continue;
            }
            let modality = self.modality(scope, &group, &m.tokens);
            let amount = matches!(
                cue.relation,
                RelationType::Funds | RelationType::RequestsFundingFrom | RelationType::Assists
            )
            .then(|| scope.nearest_amount(&m.tokens))
            .flatten();
            let cue_text = scope.text
                [scope.tokens[m.tokens.start].start..scope.tokens[m.tokens.end - 1].end]
                .to_lowercase();
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
                            sentence: scope.evidence(),
                            cue: cue_text.clone(),
                        });
                    }
                }
            }
        }
    }

    /// Whether the token is a one-word planned or negated marker ("expected visit").
    fn is_marker(&self, token: &Token) -> bool {
        self.planned
            .iter()
            .chain(&self.negated)
            .any(|marker| marker.len() == 1 && token.is(&marker[0]))
            || &*token.lower == "longer"
    }

    /// Negation in the verb group, then plans, then attribution to a source anywhere
    /// in the sentence.
    fn modality(&self, scope: &Scope, group: &Range<usize>, cue: &Range<usize>) -> Modality {
        let words = |range: Range<usize>| -> Vec<&str> {
            scope.tokens[range].iter().map(|t| &*t.lower).collect()
        };
        let lemmas = |range: Range<usize>| -> Vec<&str> {
            scope.tokens[range].iter().map(|t| &*t.lemma).collect()
        };
        let has = |markers: &[Vec<String>], words: &[&str]| {
            markers.iter().any(|marker| {
                words
                    .windows(marker.len())
                    .any(|w| w.iter().zip(marker).all(|(a, b)| *a == b))
            })
        };
        let in_group = words(group.clone());
        if has(&self.negated, &in_group) {
            return Modality::Negated;
        }
        let with_cue = words(group.start..cue.end);
        if has(&self.planned, &with_cue) || has(&self.planned, &lemmas(group.start..cue.end)) {
            return Modality::Planned;
        }
        // A nominal cue takes its plan from the verb after its phrase: "a meeting
        // between A and B is planned", "their visit was scheduled".
        if scope.tokens[cue.start].pos == Pos::Noun {
            let after = (cue.end..scope.span.end.min(cue.end + 12))
                .take_while(|&i| scope.tokens[i].pos != Pos::Punctuation)
                .find(|&i| matches!(scope.tokens[i].pos, Pos::Auxiliary | Pos::Modal));
            if let Some(verb) = after {
                let group = words(verb..scope.span.end.min(verb + 3));
                if has(&self.planned, &group) {
                    return Modality::Planned;
                }
            }
        }
        let before = words(scope.span.start..cue.start);
        let after = words(cue.end..scope.span.end);
        if has(&self.reported, &before) || has(&self.reported, &after) {
            return Modality::Reported;
        }
        Modality::Asserted
    }
}

/// Where a sentence is in its document, to build its [`Scope`] from.
struct SentenceAt<'a> {
    document: &'a Annotated<'a>,
    bytes: Range<usize>,
    tokens: Range<usize>,
}

impl<'a> SentenceAt<'a> {
    fn scope(&self, local: &'a [Local], previous_subjects: Vec<usize>) -> Scope<'a> {
        Scope {
            text: self.document.text,
            tokens: &self.document.tokens.tokens,
            span: self.tokens.clone(),
            sentence: self.bytes.clone(),
            sentence_start: self.tokens.start,
            mentions: &self.document.mentions,
            resolution: &self.document.resolution,
            local,
            previous_subjects,
        }
    }
}

/// A mention inside the sentence, in token positions.
struct Local {
    mention: usize,
    tokens: Range<usize>,
    /// Where its phrase starts, its title included ("President X").
    phrase_start: usize,
    /// Inside another name's title phrase ("White House" in "White House adviser X").
    in_title: bool,
}

/// One sentence: its tokens and the mentions in it.
struct Scope<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// The sentence's tokens.
    span: Range<usize>,
    /// The sentence's bytes.
    sentence: Range<usize>,
    /// The sentence's first token (a window's span may start later).
    sentence_start: usize,
    mentions: &'a [Mention],
    resolution: &'a Resolution,
    /// Sorted by start.
    local: &'a [Local],
    /// The coordinated subjects (two or more) that open the sentence before, for a
    /// plural pronoun that opens this one.
    previous_subjects: Vec<usize>,
}

/// How far (in tokens) an argument, an aside or a reporting verb may sit from its
/// cue: far beyond any real clause, and a bound that keeps every sentence's work
/// linear in its length, however long the sentence.
const REACH: usize = 60;

/// The longest sentence kept whole as evidence.
const MAX_EVIDENCE_BYTES: usize = 2_000;

impl<'a> Scope<'a> {
    /// The part of the sentence within [`REACH`] tokens of `tokens`.
    fn around(&self, tokens: Range<usize>) -> Scope<'a> {
        let span = tokens.start.saturating_sub(REACH).max(self.span.start)
            ..(tokens.end + REACH).min(self.span.end);
        let first = self.local.partition_point(|l| l.tokens.start < span.start);
        let last = self.local.partition_point(|l| l.tokens.start < span.end);
        Scope {
            text: self.text,
            tokens: self.tokens,
            span,
            sentence: self.sentence.clone(),
            sentence_start: self.sentence_start,
            mentions: self.mentions,
            resolution: self.resolution,
            local: &self.local[first..last],
            previous_subjects: self.previous_subjects.clone(),
        }
    }

    /// The evidence for an edge found here: the sentence, or in a sentence too long to
    /// read (a pasted list, a feed without full stops) the window around the cue.
    fn evidence(&self) -> Range<usize> {
        if self.sentence.len() <= MAX_EVIDENCE_BYTES || self.span.is_empty() {
            return self.sentence.clone();
        }
        self.tokens[self.span.start].start..self.tokens[self.span.end - 1].end
    }

    fn lower(&self, at: usize) -> &str {
        self.tokens
            .get(at)
            .filter(|_| self.span.contains(&at))
            .map_or("", |t| &*t.lower)
    }

    fn entity(&self, local: &Local) -> Option<usize> {
        if self.mentions[local.mention].bound || local.in_title {
            return None;
        }
        self.resolution.of_mention[local.mention]
    }

    fn kind_ok(&self, local: &Local, kinds: &[EntityKind]) -> Option<usize> {
        let entity = self.entity(local)?;
        // "Mexican officials" stand for Mexico; "the Honduran allocation" does not.
        if self.mentions[local.mention].demonym && !self.group_follows(local.tokens.end) {
            return None;
        }
        kinds
            .contains(&self.resolution.entities[entity].kind)
            .then_some(entity)
    }

    fn group_follows(&self, at: usize) -> bool {
        let is_group = |i: usize| {
            self.tokens
                .get(i)
                .filter(|_| i < self.span.end)
                .is_some_and(|t| {
                    GROUP_NOUNS.contains(&&*t.lemma) || GROUP_NOUNS.contains(&&*t.lower)
                })
        };
        is_group(at)
            || (self.tokens.get(at).is_some_and(|t| t.pos == Pos::Proper) && is_group(at + 1))
    }

    /// The verb group that ends right before token `cue`: auxiliaries, modals,
    /// negation, adverbs, "to", and the verbs that put a plan or a refusal before
    /// the cue ("expected to", "refused to").
    fn verb_group(&self, cue: usize, is_marker: impl Fn(&Token) -> bool) -> Range<usize> {
        let mut start = cue;
        while start > self.span.start && cue - start < 8 {
            let token = &self.tokens[start - 1];
            let governs_to =
                self.lower(start) == "to" && matches!(token.pos, Pos::Verb | Pos::Noun);
            // "canceled his planned trip", "set to sign an agreement to work": the verb
            // that governs a nominal cue's phrase belongs to its group.
            let determiner_of_governed = token.pos == Pos::Determiner
                && start >= 2
                && start - 2 >= self.span.start
                && (self.tokens[start - 2].pos == Pos::Verb || is_marker(&self.tokens[start - 2]));
            let governs = token.pos == Pos::Verb && governs_phrase(&self.tokens[start..cue]);
            if is_group_word(token)
                || governs_to
                || is_marker(token)
                || determiner_of_governed
                || governs
            {
                start -= 1;
            } else {
                break;
            }
        }
        start..cue
    }

    /// The people coordinated at the start of the sentence ("Harris and Mayorkas
    /// flew ..."), when there are two or more.
    fn opening_subjects(&self) -> Vec<usize> {
        let Some(first) = self
            .local
            .iter()
            .position(|l| l.phrase_start <= self.span.start + 3 && self.entity(l).is_some())
        else {
            return Vec::new();
        };
        let people = [EntityKind::Person];
        let rest: Vec<&Local> = self.local[first + 1..].iter().take(8).collect();
        let group = self.coordinated(&self.local[first], &rest, &people, true);
        if group.len() > 1 {
            group
        } else {
            Vec::new()
        }
    }

    /// Where the title phrase directly before a person's name starts, if the name has
    /// one its mention does not include.
    fn title_phrase_start(&self, local: &Local, lexicons: &Lexicons) -> Option<usize> {
        if local.phrase_start < local.tokens.start
            || !self.entity(local).is_some_and(|e| is_person(self, e))
        {
            return None;
        }
        let scope = self.around(local.tokens.clone());
        office_ending_at(&scope, lexicons, local.tokens.start).map(|(start, _)| start)
    }

    /// For a cue in a relative clause whose pronoun is its object ("X, whom Y hosted",
    /// "X, which USAID has funded"), the antecedent X.
    fn object_antecedent(&self, cue_start: usize, kinds: &[EntityKind]) -> Option<usize> {
        let mut at = cue_start;
        while at > self.span.start && is_group_word(&self.tokens[at - 1]) {
            at -= 1;
        }
        let subject = self.local.iter().rev().find(|l| l.tokens.end == at)?;
        self.entity(subject)?;
        let pronoun = subject.phrase_start.checked_sub(1)?;
        if !matches!(self.lower(pronoun), "whom" | "which") || pronoun <= self.span.start {
            return None;
        }
        let before = if self.lower(pronoun - 1) == "," {
            pronoun - 1
        } else {
            pronoun
        };
        let antecedent = self.local.iter().rev().find(|l| l.tokens.end == before)?;
        self.kind_ok(antecedent, kinds)
    }

    /// Whether the clause ends or turns to an adjunct right after token `at`: "A and
    /// B met on Monday", "spoke by phone".
    fn no_object_after(&self, at: usize) -> bool {
        self.tokens
            .get(at)
            .filter(|_| at < self.span.end)
            .is_none_or(|t| {
                matches!(
                    t.pos,
                    Pos::Punctuation | Pos::Preposition | Pos::Adverb | Pos::Subordinator
                )
            })
    }

    /// A form of "be" before a past participle that is the cue: "was appointed".
    fn is_passive(&self, group: &Range<usize>, cue: usize) -> bool {
        self.tokens[cue].form == Some(VerbForm::Past)
            && self.tokens[group.clone()]
                .iter()
                .any(|t| &*t.lemma == "be" || &*t.lemma == "get")
    }

    /// Token ranges the subject search skips: parentheses, dashes, closed relative
    /// clauses (", who ...,") and appositions after a name (", a Republican from
    /// Oklahoma,").
    fn asides_before(&self, position: usize) -> Vec<Range<usize>> {
        let mut asides = Vec::new();
        let mut open: Option<usize> = None;
        let mut dash: Option<usize> = None;
        for i in self.span.start..position {
            match self.lower(i) {
                "(" => open = Some(i),
                ")" => {
                    if let Some(from) = open.take() {
                        asides.push(from..i + 1);
                    }
                }
                "—" | "–" => {
                    if let Some(from) = dash.take() {
                        asides.push(from..i + 1);
                    } else {
                        dash = Some(i);
                    }
                }
                "-" if self.lower(i + 1) == "-" => {
                    if let Some(from) = dash.take() {
                        asides.push(from..i + 2);
                    } else {
                        dash = Some(i);
                    }
                }
                "," if matches!(self.lower(i + 1), "who" | "whom" | "whose" | "which") => {
                    if let Some(close) = self.clause_comma(i + 2, position) {
                        asides.push(i..close + 1);
                    }
                }
                _ => {}
            }
        }
        for local in self.local {
            let end = local.tokens.end;
            if end >= position {
                break;
            }
            if self.lower(end) != "," {
                continue;
            }
            let opener = self.tokens.get(end + 1).filter(|_| end + 1 < position);
            let apposition = opener.is_some_and(|t| {
                matches!(
                    &*t.lower,
                    "a" | "an" | "the" | "its" | "his" | "her" | "their" | "also"
                )
            }) || self.lower(end + 2) == "'s";
            if !apposition {
                continue;
            }
            if let Some(close) = (end + 2..position.min(end + 18))
                .find(|&i| matches!(self.lower(i), "," | ";" | "(" | ")"))
            {
                if self.lower(close) == "," {
                    asides.push(end..close + 1);
                }
            }
        }
        asides
    }

    /// The comma that closes a clause opened before `from`: not one inside a list
    /// ("of Guatemala, Honduras and El Salvador").
    fn clause_comma(&self, from: usize, limit: usize) -> Option<usize> {
        (from..limit).find(|&i| {
            self.lower(i) == ","
                && !(self.tokens[i + 1..limit.min(i + 8)]
                    .first()
                    .is_some_and(|t| t.pos == Pos::Proper)
                    && self.tokens[i + 1..limit.min(i + 8)]
                        .iter()
                        .any(|t| matches!(&*t.lower, "," | "and" | "or")))
        })
    }

    /// "welcomed the U.S. step": a name between a determiner and a common noun only
    /// modifies the noun, the head of the phrase. Nouns for a country's people or bodies ("U.S.
    /// officials") let the name stand for them.
    fn modifies_noun(&self, local: &Local) -> bool {
        let Some(next) = self
            .tokens
            .get(local.tokens.end)
            .filter(|_| local.tokens.end < self.span.end)
        else {
            return false;
        };
        let determined = local.phrase_start > self.span.start
            && self.tokens[local.phrase_start - 1].pos == Pos::Determiner;
        // "DHS facilities", "USAID programs": a body's name before a noun is a modifier.
        let body = self.resolution.of_mention[local.mention].is_some_and(|e| {
            matches!(
                self.resolution.entities[e].kind,
                EntityKind::Agency | EntityKind::Organization
            )
        });
        (determined || body)
            && next.pos == Pos::Noun
            && next.shape == Shape::Lower
            && next.form.is_none()
            && !self.group_follows(local.tokens.end)
    }

    /// "Panama's Ministry of ...": the possessor only modifies the body after it.
    fn is_possessor(&self, local: &Local) -> bool {
        let end = local.tokens.end;
        if !matches!(self.lower(end), "'s" | "'") {
            return false;
        }
        self.local.iter().any(|o| {
            o.tokens.start == end + 1
                && matches!(
                    self.mentions[o.mention].kind,
                    EntityKind::Agency | EntityKind::Organization
                )
        })
    }

    /// The subject-side argument: the nearest fitting entity before the cue, outside
    /// asides; for a verb phrase that borrows its subject (coordinated, participial,
    /// relative), the subject of the clause that governs it.
    fn left(&self, cue_start: usize, kinds: &[EntityKind]) -> Vec<usize> {
        let asides = self.asides_before(cue_start);
        let outside = |l: &Local| {
            !asides
                .iter()
                .any(|a| a.start <= l.tokens.start && l.tokens.end <= a.end)
        };
        let mut all_before: Vec<&Local> = self
            .local
            .iter()
            .filter(|l| l.tokens.end <= cue_start && self.entity(l).is_some() && outside(l))
            .collect();
        // "X was named by Y to lead ...": the agent of the passive is not the subject
        // of the infinitive; the appointee is.
        if cue_start > 0 && self.lower(cue_start - 1) == "to" {
            if let Some(agent) = all_before.last() {
                if agent.phrase_start > self.span.start
                    && self.lower(agent.phrase_start - 1) == "by"
                {
                    all_before.pop();
                }
            }
        }
        let nearest_end = all_before.last().map_or(self.span.start, |l| l.tokens.end);
        let lead_in = &self.tokens[nearest_end..cue_start];
        // "welcomed A, B and C ahead of their meeting with D": a plural pronoun stands
        // for the latest coordinated names of the sentence.
        if lead_in
            .iter()
            .any(|t| matches!(&*t.lower, "they" | "their"))
        {
            let fitting = all_before
                .iter()
                .rposition(|l| self.kind_ok(l, kinds).is_some());
            if let Some(last) = fitting {
                let earlier: Vec<&Local> = all_before[..last].iter().rev().copied().collect();
                let group = self.coordinated(all_before[last], &earlier, kinds, false);
                if group.len() > 1 {
                    return group;
                }
            }
            // "Harris and Mayorkas flew to X. Their meeting with Y ...": the subjects
            // of the sentence before.
            if all_before.is_empty() {
                let kind_fits = |&e: &usize| kinds.contains(&self.resolution.entities[e].kind);
                if self.previous_subjects.iter().all(kind_fits) {
                    return self.previous_subjects.clone();
                }
            }
        }
        if self.borrows_subject(lead_in, cue_start) {
            // "said that the delegation will meet X and finally will visit Y": the
            // subject comes from the reported clause, not from the reporter's.
            // When that clause names no one ("X said the agency would ... and would
            // work with Y"), the reporter stands in.
            let reported = self.reported_clause_start(cue_start, &asides);
            if all_before.iter().any(|l| l.tokens.start >= reported) {
                all_before.retain(|l| l.tokens.start >= reported);
            }
            // The governing clause's subject: before its verb, no object of a
            // preposition ("In Lima, X said ..."). A quotation before the cue is
            // another speaker's clause.
            let clause_start = (self.span.start..cue_start)
                .rev()
                .find(|&i| self.lower(i) == "\"")
                .map_or(self.span.start, |q| q + 1)
                .max(all_before.first().map_or(0, |l| l.phrase_start));
            let in_name = |i: usize| {
                self.local
                    .iter()
                    .any(|l| l.tokens.start <= i && i < l.tokens.end)
            };
            let main_verb = (clause_start..cue_start).find(|&i| {
                self.tokens[i].pos == Pos::Verb
                    && !asides.iter().any(|a| a.contains(&i))
                    && !in_name(i)
            });
            return all_before
                .iter()
                .filter(|l| !self.after_preposition(l))
                .filter(|l| main_verb.is_none_or(|v| l.tokens.end <= v))
                .find_map(|l| self.kind_ok(l, kinds))
                .into_iter()
                .collect();
        }
        // Inside a relative clause the antecedent is the subject; once the clause has
        // closed ("X, who ..., said ...") it is not.
        let clause_closed = asides
            .iter()
            .any(|a| a.start >= nearest_end && a.end <= cue_start);
        // "X, Democrat of New York, who chaired ...": the antecedent is the nearest
        // name that can be the subject.
        if opens_relative_clause(lead_in) && !clause_closed {
            return all_before
                .iter()
                .rev()
                .take(3)
                .find_map(|l| self.kind_ok(l, kinds))
                .into_iter()
                .collect();
        }
        let clause_start = self.reported_clause_start(cue_start, &asides);
        let (before, reporter): (Vec<&Local>, Vec<&Local>) = all_before
            .into_iter()
            .partition(|l| l.tokens.start >= clause_start);
        // "DHS said that it will provide ...": "it" is the body that said so.
        if before.is_empty() && matches!(self.lower(clause_start), "it" | "they") {
            return reporter
                .iter()
                .rev()
                .find_map(|l| {
                    let entity = self.kind_ok(l, kinds)?;
                    (self.resolution.entities[entity].kind != EntityKind::Person).then_some(entity)
                })
                .into_iter()
                .collect();
        }
        // The nearest fitting name, but not one inside a prepositional phrase when a
        // name before it can be the subject: "President X of El Salvador hosted Y".
        let fitting: Vec<usize> = (0..before.len())
            .filter(|&i| self.kind_ok(before[i], kinds).is_some())
            .collect();
        let same_clause = |i: usize| {
            !self.tokens[before[i].tokens.end..cue_start]
                .iter()
                .any(|t| t.pos == Pos::Subordinator || matches!(&*t.lower, ";" | "who" | "which"))
        };
        let Some(&position) = fitting
            .iter()
            .rev()
            .find(|&&i| !self.after_preposition(before[i]) && same_clause(i))
            .or(fitting.last())
        else {
            return self.fronted_adjunct_subject(cue_start, kinds);
        };
        let earlier: Vec<&Local> = before[..position].iter().rev().copied().collect();
        self.coordinated(before[position], &earlier, kinds, false)
    }

    /// "In an interview with CBS, Harris said ...", "Speaking to Univision, Ebrard
    /// said ...": a cue in a phrase fronted before the subject takes the subject of
    /// the clause after the phrase's comma.
    fn fronted_adjunct_subject(&self, cue_start: usize, kinds: &[EntityKind]) -> Vec<usize> {
        // Only where the window holds the sentence's start.
        if self.span.start != self.sentence_start {
            return Vec::new();
        }
        let first = &self.tokens[self.span.start];
        let fronted = matches!(first.pos, Pos::Preposition | Pos::Subordinator)
            || first.form == Some(VerbForm::Ing)
            || matches!(&*first.lower, "having" | "speaking");
        if !fronted {
            return Vec::new();
        }
        let Some(comma) = (self.span.start..self.span.end).find(|&i| self.lower(i) == ",") else {
            return Vec::new();
        };
        if comma < cue_start {
            return Vec::new();
        }
        self.local
            .iter()
            .find(|l| l.phrase_start == comma + 1)
            .and_then(|l| self.kind_ok(l, kinds))
            .into_iter()
            .collect()
    }

    /// Whether the name is the object of a preposition ("of El Salvador"), not the
    /// agent of "by" nor a possessor ("ahead of Harris' visit", "during his visit").
    fn after_preposition(&self, local: &Local) -> bool {
        let possessor = matches!(self.lower(local.tokens.end), "'s" | "'")
            || matches!(
                self.lower(local.tokens.start),
                "his" | "her" | "their" | "its"
            );
        // The preposition may stand before an article: "at the U.S.-Mexico border".
        let mut before = local.phrase_start;
        if before > self.span.start && self.tokens[before - 1].pos == Pos::Determiner {
            before -= 1;
        }
        before > self.span.start
            && self.tokens[before - 1].pos == Pos::Preposition
            && self.lower(before - 1) != "by"
            && !possessor
    }

    /// Whether the words between the nearest name and the cue show a verb phrase with
    /// no subject of its own: coordinated ("and then flew on to hold talks with"),
    /// participial (", accusing", "after meeting with").
    fn borrows_subject(&self, lead_in: &[Token], cue_start: usize) -> bool {
        let cue = &self.tokens[cue_start];
        let participle = cue.form == Some(VerbForm::Ing) && cue.pos != Pos::Noun;
        if participle {
            if let Some(last) = lead_in.last() {
                if matches!(
                    &*last.lower,
                    "," | "after" | "before" | "while" | "by" | "when"
                ) || (last.pos == Pos::Adverb
                    && lead_in.len() >= 2
                    && &*lead_in[lead_in.len() - 2].lower == ",")
                {
                    return true;
                }
            }
        }
        // The last coordinator, with only a verb phrase between it and the cue.
        let Some(link) = lead_in
            .iter()
            .rposition(|t| matches!(&*t.lower, "and" | "or" | "but" | "then"))
        else {
            return false;
        };
        let linked_by_then = &*lead_in[link].lower == "then";
        if linked_by_then && link > 0 && !matches!(&*lead_in[link - 1].lower, "," | "and") {
            return false;
        }
        lead_in[link + 1..].iter().all(|t| {
            is_group_word(t)
                || t.pos == Pos::Verb
                || matches!(&*t.lower, "on" | "up" | "out" | "back" | "then")
        })
    }

    /// Where the clause of a cue starts when reported speech or a "that" clause holds
    /// it: "Officials said Mexico met ...", "told AP that the agency did not ...".
    fn reported_clause_start(&self, cue_start: usize, asides: &[Range<usize>]) -> usize {
        let mut start = self.span.start;
        for i in self.span.start..cue_start {
            // ", who argued the case, told X": a verb inside an aside reports nothing here.
            if asides.iter().any(|a| a.contains(&i)) {
                continue;
            }
            let token = &self.tokens[i];
            let opens = if &*token.lower == "that" {
                true
            } else if token.pos == Pos::Verb && REPORTING.contains(&&*token.lemma) {
                let next = if &*token.lemma == "tell" {
                    i + 2
                } else {
                    i + 1
                };
                next < cue_start && self.opens_clause(next)
            } else {
                false
            };
            if opens {
                start = if &*token.lemma == "tell" && &*token.lower != "that" {
                    (i + 2).min(cue_start)
                } else {
                    i + 1
                };
            }
        }
        start
    }

    /// Whether token `at` can start a clause's subject.
    fn opens_clause(&self, at: usize) -> bool {
        let Some(token) = self.tokens.get(at).filter(|_| at < self.span.end) else {
            return false;
        };
        let adjunct = matches!(
            token.pos,
            Pos::Preposition | Pos::Punctuation | Pos::Adverb | Pos::Subordinator
        );
        let demonstrative = token.pos == Pos::Determiner && &*token.lower == "that";
        let time = token.pos == Pos::Determiner
            && self
                .tokens
                .get(at + 1)
                .is_some_and(|t| TIME_NOUNS.contains(&&*t.lemma));
        !(adjunct || demonstrative || time || NOT_A_SUBJECT.contains(&&*token.lower))
    }

    /// `anchor` and the entities coordinated with it among `others` (in order away
    /// from the anchor). A bare comma list ("McAllen, Texas") is no coordination: a
    /// link must be "and", "or", "&" or "as well as".
    fn coordinated(
        &self,
        anchor: &Local,
        others: &[&Local],
        kinds: &[EntityKind],
        forward: bool,
    ) -> Vec<usize> {
        let mut chosen = vec![anchor];
        let mut joined = false;
        for &next in others {
            let last = chosen[chosen.len() - 1];
            let (earlier, later) = if forward { (last, next) } else { (next, last) };
            if later.phrase_start < earlier.tokens.end {
                break;
            }
            let between = &self.tokens[earlier.tokens.end..later.phrase_start];
            let Some(conjunction) = coordination(between) else {
                break;
            };
            if self.kind_ok(next, kinds).is_none() {
                break;
            }
            joined |= conjunction;
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
        self.right_in(cue_end, kinds, false)
    }

    /// [`Self::right`], where `places` lets the argument sit in a prepositional phrase
    /// of the object: visiting "a shelter in McAllen" is being in McAllen, aid "for
    /// children in Tapachula" helps Tapachula, money for "plants in Honduras" funds it.
    fn right_in(&self, cue_end: usize, kinds: &[EntityKind], places: bool) -> Vec<usize> {
        let after: Vec<&Local> = self
            .local
            .iter()
            .filter(|l| l.tokens.start >= cue_end && self.entity(l).is_some())
            .collect();
        let Some(mut position) = after.iter().position(|l| {
            // Up to the argument's phrase: "with Mexico's consul general in El Paso, X".
            let gap = &self.tokens[cue_end..l.phrase_start.max(cue_end)];
            let plain = gap.len() <= MAX_GAP_WORDS
                && !gap.iter().any(|t| {
                    (t.pos == Pos::Punctuation && !matches!(&*t.lower, "-" | "$" | "&"))
                        || CLAUSE_LINKS.contains(&&*t.lower)
                })
                && !starts_new_verb_phrase(gap)
                && (places || !buries_object(gap));
            plain
                && self.kind_ok(l, kinds).is_some()
                && !self.is_possessor(l)
                && !self.modifies_noun(l)
        }) else {
            return Vec::new();
        };
        // "a U.S. delegation led by X": the person leading stands for the group.
        if let Some(&leader) = after.get(position + 1) {
            let first = after[position];
            if leader.tokens.start >= first.tokens.end {
                let between =
                    &self.tokens[first.tokens.end..leader.phrase_start.max(first.tokens.end)];
                let led_by = between.len() == 3
                    && matches!(
                        &*between[0].lemma,
                        "delegation" | "team" | "mission" | "group" | "commission" | "panel"
                    )
                    && matches!(&*between[1].lower, "led" | "headed")
                    && &*between[2].lower == "by";
                if led_by && self.kind_ok(leader, kinds).is_some() {
                    position += 1;
                }
            }
        }
        self.coordinated(after[position], &after[position + 1..], kinds, true)
    }

    fn within(&self, range: Range<usize>, kinds: &[EntityKind]) -> Vec<usize> {
        let inside: Vec<&Local> = self
            .local
            .iter()
            .filter(|l| range.start <= l.tokens.start && l.tokens.end <= range.end)
            .collect();
        self.entities_of(&inside, kinds)
    }

    fn entities_of(&self, locals: &[&Local], kinds: &[EntityKind]) -> Vec<usize> {
        let mut entities: Vec<usize> = locals
            .iter()
            .filter_map(|l| self.kind_ok(l, kinds))
            .collect();
        entities.sort_unstable();
        entities.dedup();
        entities
    }

    /// The money amount closest to the cue, after it preferably.
    fn nearest_amount(&self, cue: &Range<usize>) -> Option<String> {
        (self.span.clone())
            .filter_map(|i| amount_at(&self.tokens[..self.span.end], i).map(|end| i..end))
            .min_by_key(|amount| {
                if amount.start >= cue.start {
                    amount.start.saturating_sub(cue.end)
                } else {
                    (cue.start - amount.start) * 2
                }
            })
            .map(|amount| {
                self.text[self.tokens[amount.start].start..self.tokens[amount.end - 1].end]
                    .to_string()
            })
    }
}

/// The first of several entities as the source, the others as targets; none for one.
fn pairs(entities: Vec<usize>) -> (Vec<usize>, Vec<usize>) {
    match entities.split_first() {
        Some((&first, rest)) if !rest.is_empty() => (vec![first], rest.to_vec()),
        _ => (Vec::new(), Vec::new()),
    }
}

/// Whether the tokens after a verb are the start of its object phrase: "sign [an
/// agreement to]", "canceled [his planned]".
fn governs_phrase(after: &[Token]) -> bool {
    after
        .first()
        .is_some_and(|t| t.pos == Pos::Determiner || &*t.lower == "to")
}

/// Whether the tokens between two names link them as a coordination ("A, B and C",
/// "A or B", "A as well as B", "with A and then with B", "Panamanian authorities and
/// ..."), and if so whether a conjunction (not only a comma) is among them.
fn coordination(between: &[Token]) -> Option<bool> {
    let mut i = 0;
    let at = |i: usize| between.get(i).map_or("", |t| &*t.lower);
    // A group noun after a demonym, or a party tag: "Mexican officials and", "(D-Conn.),".
    if GROUP_NOUNS.contains(&&*between.first()?.lemma) {
        i += 1;
    }
    if at(i) == "(" && at(i + 2) == ")" {
        i += 3;
    }
    if at(i) == "," && is_party_tag(at(i + 1)) {
        i += 2;
    }
    let mut conjunction = false;
    let mut linked = false;
    // "Trump, Trudeau and the leaders of Guatemala and Honduras": the countries stand
    // for their unnamed leaders.
    let group_of = |i: usize| {
        let mut j = i;
        if at(j) == "the" {
            j += 1;
        }
        (between
            .get(j)
            .is_some_and(|t| GROUP_NOUNS.contains(&&*t.lemma))
            && at(j + 1) == "of")
            .then_some(j + 2)
    };
    if at(i) == "," {
        i += 1;
        linked = true;
    }
    match at(i) {
        "and" | "or" | "&" => {
            i += 1;
            conjunction = true;
        }
        "as" if at(i + 1) == "well" && at(i + 2) == "as" => {
            i += 3;
            conjunction = true;
        }
        _ => {}
    }
    if !(linked || conjunction) {
        return None;
    }
    if matches!(at(i), "then" | "later" | "also" | "again") {
        i += 1;
    }
    if matches!(at(i), "with" | "to" | "in" | "from") {
        i += 1;
    }
    if let Some(after) = group_of(i) {
        i = after;
    } else if at(i) == "the" {
        i += 1;
    }
    (i == between.len()).then_some(conjunction)
}

/// "D-Conn.", "R-Okla.", "I-Ariz.": a legislator's party and state.
fn is_party_tag(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('d' | 'r' | 'i')) && chars.next() == Some('-') && word.len() > 3
}

/// Whether a preposition in the gap puts the name inside a phrase that is not the
/// object: "a smaller levy on goods from China", but not "the leaders of Mexico" or
/// "officials from Guatemala".
fn buries_object(gap: &[Token]) -> bool {
    gap.iter().enumerate().any(|(i, t)| {
        t.pos == Pos::Preposition
            && &*t.lower != "of"
            && !(i > 0 && GROUP_NOUNS.contains(&&*gap[i - 1].lemma))
    })
}

/// "met every commitment and was cooperating with": a second verb phrase.
fn starts_new_verb_phrase(gap: &[Token]) -> bool {
    gap.windows(2).any(|w| {
        matches!(&*w[0].lower, "and" | "or") && matches!(w[1].pos, Pos::Auxiliary | Pos::Modal)
    })
}

/// A relative pronoun right after a mention (or its lowercase head noun, as in "the
/// X initiative, which") makes that mention the clause's subject. "that" is left to
/// reported speech: after a name it mostly opens a complement clause.
fn opens_relative_clause(lead_in: &[Token]) -> bool {
    let mut i = 0;
    let at = |i: usize| lead_in.get(i).map_or("", |t| &*t.lower);
    if at(0) == "(" {
        match lead_in.iter().position(|t| &*t.lower == ")") {
            Some(close) => i = close + 1,
            None => return false,
        }
    }
    if lead_in
        .get(i)
        .is_some_and(|t| t.pos == Pos::Noun && t.shape == Shape::Lower)
    {
        i += 1;
    }
    if at(i) == "," {
        i += 1;
    }
    matches!(at(i), "who" | "which")
}

/// leader_of and member_of from titles: "Guatemalan President X", "the State
/// Department's special envoy, X", "X, a Republican senator".
fn title_relations(sentence: &Scope, found: &mut Vec<Found>) {
    for local in sentence.local {
        let scope = &sentence.around(local.tokens.clone());
        let m = local.mention;
        let mention = &scope.mentions[m];
        let party = mention
            .party
            .and_then(|p| body_at(scope.mentions, p))
            .and_then(|p| scope.resolution.of_mention[p]);
        if let (Some(person), Some(party)) = (scope.resolution.of_mention[m], party) {
            found.push(Found {
                source: person,
                relation: RelationType::MemberOf,
                target: party,
                modality: Modality::Asserted,
                role: None,
                amount: None,
                sentence: scope.evidence(),
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
            .and_then(|q| body_at(scope.mentions, q))
            .and_then(|q| scope.resolution.of_mention[q]);
        let Some(body) = stated.or_else(|| scope.resolution.implied_body.get(&m).copied()) else {
            continue;
        };
        // "former President X" no longer leads anything.
        if local.phrase_start > scope.span.start && is_former(&scope.tokens[local.phrase_start - 1])
            || is_former(&scope.tokens[local.phrase_start])
        {
            continue;
        }
        let kind = scope.resolution.entities[body].kind;
        let Some(relation) = office_relation(title.class, kind) else {
            continue;
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
            sentence: scope.evidence(),
            cue: format!("title: {}", title.role),
        });
    }
}

/// The mention of a body (no person) starting at byte `start`, found by binary search
/// in the sorted mentions.
fn body_at(mentions: &[Mention], start: usize) -> Option<usize> {
    let first = mentions.partition_point(|m| m.start < start);
    (first..mentions.len())
        .take_while(|&i| mentions[i].start == start)
        .find(|&i| mentions[i].kind != EntityKind::Person)
}

/// What holding a title of `class` in a body of `kind` makes the holder.
fn office_relation(class: TitleClass, kind: EntityKind) -> Option<RelationType> {
    use EntityKind::{Agency, Country, Organization, Region};
    match (class, kind) {
        (TitleClass::HeadOfState, Country | Agency | Organization) => Some(RelationType::LeaderOf),
        (TitleClass::HeadOfPlace, Region) => Some(RelationType::LeaderOf),
        (TitleClass::Leader, Agency | Organization) => Some(RelationType::LeaderOf),
        // A minister or governor serves the country the title names.
        (TitleClass::HeadOfPlace | TitleClass::Leader | TitleClass::Member, Country) => {
            Some(RelationType::MemberOf)
        }
        (TitleClass::Member, Agency | Organization) => Some(RelationType::MemberOf),
        _ => None,
    }
}

/// A title phrase read over tokens: "the acting secretary of the department",
/// "Mexico's foreign minister", "acting U.S. Citizenship and Immigration Services
/// director".
struct Office {
    class: TitleClass,
    role: String,
    body: Option<usize>,
    /// The token after the phrase.
    end: usize,
}

/// Verbs that put an office after "as" or "to": "serving as", "elevated to",
/// "sworn in as", "took over as", "became".
const OFFICE_VERBS: &[&str] = &[
    "serve", "elevate", "promote", "appoint", "name", "nominate", "tap", "pick", "swear",
    "confirm", "install", "take", "become", "remain", "be", "act",
];

/// leader_of and member_of from offices that no name carries as its title: a title
/// in apposition before the name ("the interim secretary of Homeland Security, X")
/// and an office held as a predicate ("X, who was serving as acting chief of CBP").
fn office_relations(sentence: &Scope, lexicons: &Lexicons, found: &mut Vec<Found>) {
    let mut add = |person: usize, office: &Office, cue: &str, evidence: Range<usize>| {
        let Some(body) = office.body else { return };
        let Some(relation) = office_relation(office.class, sentence.resolution.entities[body].kind)
        else {
            return;
        };
        if person != body {
            found.push(Found {
                source: person,
                relation,
                target: body,
                modality: Modality::Asserted,
                role: Some(office.role.clone()),
                amount: None,
                sentence: evidence,
                cue: format!("{cue}: {}", office.role),
            });
        }
    };
    // "the interim secretary of Homeland Security, Kevin McAleenan"
    for local in sentence.local {
        let scope = &sentence.around(local.tokens.clone());
        // The name itself: a title phrase may have been read as the name's own title.
        // "Secretary of Treasury Scott Bessent" joins title and name directly.
        if local.tokens.start <= scope.span.start {
            continue;
        }
        let comma = if scope.lower(local.tokens.start - 1) == "," {
            local.tokens.start - 1
        } else {
            local.tokens.start
        };
        let Some(person) = scope.entity(local).filter(|&e| is_person(scope, e)) else {
            continue;
        };
        if let Some((_, office)) = office_ending_at(scope, lexicons, comma) {
            add(person, &office, "apposition", scope.evidence());
        }
    }
    // "Chad Wolf, the acting secretary of the department," "X, the U.S. ambassador
    // to Mexico," (a title the entity stage did not attach).
    for local in sentence.local {
        let scope = &sentence.around(local.tokens.clone());
        let end = local.tokens.end;
        if scope.lower(end) != "," {
            continue;
        }
        let Some(person) = scope.entity(local).filter(|&e| is_person(scope, e)) else {
            continue;
        };
        if let Some(office) = office_at(scope, lexicons, end + 1) {
            let closed = matches!(scope.lower(office.end), "," | "." | ";" | "")
                || office.end >= scope.span.end;
            if closed {
                add(person, &office, "apposition", scope.evidence());
            }
        }
    }
    // "X, who was serving as acting chief of CBP", "X was elevated to deputy secretary"
    for at in sentence.span.clone() {
        let token = &sentence.tokens[at];
        if token.pos != Pos::Verb && token.pos != Pos::Auxiliary
            || !OFFICE_VERBS.contains(&&*token.lemma)
        {
            continue;
        }
        let scope = &sentence.around(at..at + 1);
        let mut next = at + 1;
        if matches!(scope.lower(next), "in" | "over") {
            next += 1;
        }
        let copula = &*token.lemma == "be" || &*token.lemma == "become";
        if matches!(scope.lower(next), "as" | "to") {
            next += 1;
        } else if !copula {
            continue;
        }
        let Some(office) = office_at(scope, lexicons, next) else {
            continue;
        };
        for person in scope.left(at, &[EntityKind::Person]) {
            add(person, &office, "office", scope.evidence());
        }
    }
}

fn is_person(scope: &Scope, entity: usize) -> bool {
    scope.resolution.entities[entity].kind == EntityKind::Person
}

/// The title phrase starting at token `start`: an optional article, then qualifiers
/// (a body, a demonym, a possessive) and modifiers ("acting", "deputy"), the title,
/// and the body after it ("of the department", "for Western Hemisphere Affairs at
/// State"). "former" ends the search: an office no longer held.
fn office_at(scope: &Scope, lexicons: &Lexicons, start: usize) -> Option<Office> {
    let mut at = start;
    if matches!(scope.lower(at), "the" | "a" | "an") {
        at += 1;
    }
    let mut body = None;
    let mut role_start = at;
    for _ in 0..8 {
        if at >= scope.span.end || is_former(&scope.tokens[at]) {
            return None;
        }
        if let Some((class, title_end)) = title_at(scope, lexicons, at) {
            let mut end = title_end;
            // The body after the title ("of the department", "for USAID"); a place
            // after "to" or "in" is where the office is held, not whom it serves ("the
            // U.S. ambassador to Mexico").
            if matches!(scope.lower(end), "of" | "for" | "at" | "to" | "in") {
                let serves = matches!(scope.lower(end), "of" | "for" | "at");
                let object = scope.local.iter().find(|l| {
                    l.tokens.start == end + 1
                        || l.tokens.start == end + 2 && scope.lower(end + 1) == "the"
                });
                if let Some(local) = object {
                    let named = scope.resolution.of_mention[local.mention];
                    if let Some(entity) = named.filter(|&e| !is_person(scope, e)) {
                        if serves {
                            body = Some(entity);
                        }
                        end = local.tokens.end;
                    }
                }
            }
            let role = scope.text[scope.tokens[role_start].start..scope.tokens[title_end - 1].end]
                .to_string();
            return Some(Office {
                class,
                role,
                body,
                end,
            });
        }
        if let Some(local) = scope.local.iter().find(|l| l.tokens.start == at) {
            let entity = scope.resolution.of_mention[local.mention]?;
            if is_person(scope, entity) {
                return None;
            }
            // "White House Homeland Security Adviser": the first body is the one
            // served, the second belongs to the role.
            if body.is_none() {
                body = Some(entity);
                role_start = local.tokens.end;
            }
            at = local.tokens.end;
            if matches!(scope.lower(at), "'s" | "'") {
                at += 1;
                role_start = at;
            }
            continue;
        }
        let token = &scope.tokens[at];
        if token.shape != Shape::Lower
            || matches!(
                token.pos,
                Pos::Determiner | Pos::Preposition | Pos::Punctuation | Pos::Coordinator
            )
        {
            return None;
        }
        at += 1;
    }
    None
}

/// The longest title phrase that ends right before token `end` ("the interim secretary
/// of Homeland Security" before ", X"), with where it starts; none after "former".
fn office_ending_at(scope: &Scope, lexicons: &Lexicons, end: usize) -> Option<(usize, Office)> {
    let earliest = end.saturating_sub(12).max(scope.span.start);
    (earliest..end)
        .filter(|&s| {
            s == scope.span.start
                || (scope.tokens[s - 1].pos != Pos::Determiner && !is_former(&scope.tokens[s - 1]))
        })
        .find_map(|s| {
            office_at(scope, lexicons, s)
                .filter(|o| o.end == end)
                .map(|o| (s, o))
        })
}

/// The longest title (up to three words) at token `at`, outside any name.
fn title_at(scope: &Scope, lexicons: &Lexicons, at: usize) -> Option<(TitleClass, usize)> {
    if !lexicons.may_start_title(scope.lower(at)) {
        return None;
    }
    if scope
        .local
        .iter()
        .any(|l| l.tokens.start <= at && at < l.tokens.end)
    {
        return None;
    }
    (1..=3).rev().find_map(|length| {
        let end = at + length;
        if end > scope.span.end {
            return None;
        }
        let words: Vec<&str> = scope.tokens[at..end].iter().map(|t| &*t.lower).collect();
        let class = lexicons.title_class(&words.join(" "))?;
        (class != TitleClass::Honorific).then_some((class, end))
    })
}

/// "former", "ex-minister", "then-Secretary", "outgoing": a title no longer held.
fn is_former(token: &Token) -> bool {
    matches!(&*token.lower, "former" | "late" | "outgoing")
        || token.lower.starts_with("ex-")
        || token.lower.starts_with("then-")
}
