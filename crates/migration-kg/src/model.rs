//! The types that cross pipeline stages: documents, entities, relations, evidence.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The six kinds of node in GUIDELINES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Agency,
    Organization,
    Country,
    Region,
    Program,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Agency,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Region,
        EntityKind::Program,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Agency => "agency",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Region => "region",
            EntityKind::Program => "program",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown entity kind '{s}' (expected one of: person, agency, organization, country, region, program)")
            })
    }
}

/// The 14 relation types of GUIDELINES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationType {
    TappedBy,
    LeaderOf,
    MemberOf,
    SpokeWith,
    MetWith,
    Visits,
    WorksWith,
    Funds,
    RequestsFundingFrom,
    Assists,
    Directs,
    Criticizes,
    Contacted,
    StatementTo,
}

impl RelationType {
    pub const ALL: [RelationType; 14] = [
        RelationType::TappedBy,
        RelationType::LeaderOf,
        RelationType::MemberOf,
        RelationType::SpokeWith,
        RelationType::MetWith,
        RelationType::Visits,
        RelationType::WorksWith,
        RelationType::Funds,
        RelationType::RequestsFundingFrom,
        RelationType::Assists,
        RelationType::Directs,
        RelationType::Criticizes,
        RelationType::Contacted,
        RelationType::StatementTo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::TappedBy => "tapped_by",
            RelationType::LeaderOf => "leader_of",
            RelationType::MemberOf => "member_of",
            RelationType::SpokeWith => "spoke_with",
            RelationType::MetWith => "met_with",
            RelationType::Visits => "visits",
            RelationType::WorksWith => "works_with",
            RelationType::Funds => "funds",
            RelationType::RequestsFundingFrom => "requests_funding_from",
            RelationType::Assists => "assists",
            RelationType::Directs => "directs",
            RelationType::Criticizes => "criticizes",
            RelationType::Contacted => "contacted",
            RelationType::StatementTo => "statement_to",
        }
    }

    /// Symmetric relations are stored once, whichever way round the text puts them.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            RelationType::SpokeWith | RelationType::MetWith | RelationType::WorksWith
        )
    }
}

impl fmt::Display for RelationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RelationType::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = RelationType::ALL.iter().map(|r| r.as_str()).collect();
                format!(
                    "unknown relation '{s}' (expected one of: {})",
                    all.join(", ")
                )
            })
    }
}

/// How the text commits to a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Planned,
    Negated,
    Reported,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Negated => "negated",
            Modality::Reported => "reported",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Modality {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [
            Modality::Asserted,
            Modality::Planned,
            Modality::Negated,
            Modality::Reported,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
        .ok_or_else(|| format!("unknown modality '{s}'"))
    }
}

/// One article, its text already repaired.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// File name or JSON Lines `id`: how the user refers to the document.
    pub name: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub text: String,
}

/// A half-open range of character offsets (not bytes) into a document's repaired text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// An entity as one document names it, after resolution within the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest proper name ("Kamala Harris" even where the text says "Harris").
    pub name: String,
    pub kind: EntityKind,
    /// Every other surface form the document uses for it, sorted, without `name`.
    pub aliases: Vec<String>,
    /// Where the document names it, in text order.
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub surface: String,
}

/// The sentence that states a relation, and what in it made the extractor draw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document name, as in [`Document::name`].
    pub document: String,
    pub sentence: String,
    /// The sentence's place in the document; `start` and `end` in JSON, as in every
    /// other offset mkg writes.
    #[serde(flatten)]
    pub span: Span,
    /// The cue pattern or construction that fired ("tapped by", "title: President").
    pub cue: String,
    pub modality: Modality,
    /// The document's date, as [`Document::date`].
    #[serde(default)]
    pub date: Option<String>,
}

/// The documents dated within a period (ISO dates or prefixes of them, both ends
/// included: `until: 2024` keeps all of 2024); a query restricted to it sees only the
/// edges with evidence from those documents. Undated documents fall outside any period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Period {
    /// Checks both ends are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn new(since: Option<String>, until: Option<String>) -> Result<Period, String> {
        for end in since.iter().chain(&until) {
            check_date(end)?;
        }
        Ok(Period { since, until })
    }

    pub fn is_all(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }
}

/// An ISO date or a prefix of one, as documents store their dates.
pub fn check_date(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let valid = match parts[..] {
        [year] => digits(year, 4),
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{s}'"
        ))
    }
}

/// An edge found in one document; `source` and `target` index that document's entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub source: usize,
    pub relation: RelationType,
    pub target: usize,
    pub modality: Modality,
    pub role: Option<String>,
    pub amount: Option<String>,
    pub evidence: Evidence,
}

/// Everything one document contributes to the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocGraph {
    pub document: Document,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
}

/// An entity as stored in the graph, across documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
}

/// A stored edge with every piece of evidence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub id: i64,
    pub source: i64,
    pub target: i64,
    pub relation: RelationType,
    pub modality: Modality,
    pub role: Option<String>,
    pub amount: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A piece of the graph: what a query returns and what export draws.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subgraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Edges of the walked nodes that were not followed because the walk reached its node
    /// cap (at hubs); 0 when the answer is complete.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted_edges: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The key under which names are compared: case, accents, periods and a leading
/// "the" do not matter ("the U.S." and "us" share a key; "Zúñiga" and "Zuniga" too).
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .filter(|c| *c != '.')
        .collect();
    let spaced = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    match spaced.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => spaced,
    }
}

/// A pronoun class, for attaching "he" and "she" to the right person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

/// Which way along an edge a walk may go; symmetric relations go both ways regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From source to target.
    Out,
    /// From target to source.
    In,
    Both,
}

impl FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "out" => Ok(Direction::Out),
            "in" => Ok(Direction::In),
            "both" => Ok(Direction::Both),
            _ => Err(format!(
                "unknown direction '{s}' (expected one of: out, in, both)"
            )),
        }
    }
}
