//! The types that cross pipeline stages: documents, entities, relations, evidence.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The six kinds of node in GUIDELINES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A government body: a ministry, department, agency or court.
    Agency,
    /// A non-government body: a company, NGO, party, newspaper or international organization.
    Organization,
    /// A country.
    Country,
    /// A region, state or city.
    Region,
    /// A named program, policy or agreement.
    Program,
}

impl EntityKind {
    /// Every kind, in the order tables list them.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Agency,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Region,
        EntityKind::Program,
    ];

    /// The kind as JSON, SQLite and the command line write it (`person`).
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
    /// Chosen by someone for a role: "tapped by".
    TappedBy,
    /// Heads a country or body.
    LeaderOf,
    /// Belongs to a body.
    MemberOf,
    /// Spoke with someone (symmetric).
    SpokeWith,
    /// Met someone (symmetric).
    MetWith,
    /// Visits a place.
    Visits,
    /// Works with someone (symmetric).
    WorksWith,
    /// Funds a program or body.
    Funds,
    /// Asks another for money.
    RequestsFundingFrom,
    /// Assists or supports someone.
    Assists,
    /// Directs or orders someone.
    Directs,
    /// Criticizes someone.
    Criticizes,
    /// Contacted someone: a call, a letter.
    Contacted,
    /// Made a statement to an outlet or body.
    StatementTo,
}

impl RelationType {
    /// Every relation, in the order tables list them.
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

    /// The relation as JSON, SQLite and the command line write it (`tapped_by`).
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
    /// Stated as fact.
    Asserted,
    /// Planned or expected: "will visit".
    Planned,
    /// Denied: "did not meet".
    Negated,
    /// Reported by someone: "he said he had spoken".
    Reported,
}

impl Modality {
    /// The modality as JSON and SQLite write it (`asserted`).
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
    /// The headline, if known.
    pub title: Option<String>,
    /// Where it was published, if known.
    pub url: Option<String>,
    /// Publication date (ISO), if known: offices held that day resolve titles.
    pub date: Option<String>,
    /// The outlet, if known.
    pub source: Option<String>,
    /// The article text; after ingest, the repaired text that offsets index.
    pub text: String,
}

/// A half-open range of character offsets (not bytes) into a document's repaired text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First character (not byte) of the span.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// An entity as one document names it, after resolution within the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest proper name ("Kamala Harris" even where the text says "Harris").
    pub name: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// Every other surface form the document uses for it, sorted, without `name`.
    pub aliases: Vec<String>,
    /// Where the document names it, in text order.
    pub mentions: Vec<Mention>,
}

/// One place where a document names an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where, in characters.
    pub span: Span,
    /// The words there, as written.
    pub surface: String,
}

/// The sentence that states a relation, and what in it made the extractor draw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document name, as in [`Document::name`].
    pub document: String,
    /// The sentence, as written.
    pub sentence: String,
    /// The sentence's place in the document; `start` and `end` in JSON, as in every
    /// other offset mkg writes.
    #[serde(flatten)]
    pub span: Span,
    /// The cue pattern or construction that fired ("tapped by", "title: President").
    pub cue: String,
    /// How the sentence states the relation.
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
    /// First day of the period, if bounded.
    pub since: Option<String>,
    /// Last day of the period, if bounded.
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

    /// Whether the period is unbounded both ways.
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
    /// Index of the source in [`DocGraph::entities`].
    pub source: usize,
    /// What the source is to the target.
    pub relation: RelationType,
    /// Index of the target in [`DocGraph::entities`].
    pub target: usize,
    /// How the sentence states it.
    pub modality: Modality,
    /// The office, for `leader_of` and `member_of` ("President").
    pub role: Option<String>,
    /// The money, for `funds` and its kin ("$12 million").
    pub amount: Option<String>,
    /// The sentence that states it.
    pub evidence: Evidence,
}

/// Everything one document contributes to the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocGraph {
    /// The document itself.
    pub document: Document,
    /// Its entities; relations refer to them by index.
    pub entities: Vec<Entity>,
    /// Its relations.
    pub relations: Vec<Relation>,
}

/// An entity as stored in the graph, across documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// The entity's id in the database; `#ID` on the command line.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every other name documents use for it.
    pub aliases: Vec<String>,
}

/// A stored edge with every piece of evidence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// The edge's id in the database.
    pub id: i64,
    /// Id of the source node.
    pub source: i64,
    /// Id of the target node.
    pub target: i64,
    /// What the source is to the target.
    pub relation: RelationType,
    /// The firmest modality its evidence states.
    pub modality: Modality,
    /// The office, for `leader_of` and `member_of`.
    pub role: Option<String>,
    /// The money, for `funds` and its kin.
    pub amount: Option<String>,
    /// The sentences that state it, oldest document first; a walk loads the first few.
    pub evidence: Vec<Evidence>,
    /// How many pieces of evidence state it (in the period, if one is set), loaded or
    /// not.
    #[serde(default)]
    pub evidence_count: usize,
    /// The earliest date of a document that states it, if any is dated.
    #[serde(default)]
    pub first_date: Option<String>,
}

/// A piece of the graph: what a query returns and what export draws.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subgraph {
    /// The nodes, by id.
    pub nodes: Vec<Node>,
    /// The edges between them.
    pub edges: Vec<Edge>,
    /// Edges of the walked nodes that were not followed because the walk reached its node
    /// cap (at hubs); 0 when the answer is complete.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted_edges: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One item of a graph read in export order.
#[derive(Debug, Clone, Copy)]
pub enum GraphItem<'a> {
    /// A node; every node comes before the first edge.
    Node(&'a Node),
    /// An edge between nodes already given.
    Edge(&'a Edge),
}

/// A graph that exports read one item at a time, so that a million edges never sit in
/// memory together: a [`Subgraph`] in memory or the store's whole graph
/// ([`crate::store::Store::graph`]).
pub trait GraphSource {
    /// Gives `visit` every node by id, then every edge by (source, relation, target)
    /// between nodes given, with up to `evidence` pieces of its evidence (its
    /// `evidence_count` and `first_date` always count all of it). The store reads in
    /// batches: what an ingest commits meanwhile may appear in later batches.
    fn visit(
        &self,
        evidence: usize,
        visit: &mut dyn FnMut(GraphItem<'_>) -> crate::error::Result<()>,
    ) -> crate::error::Result<()>;

    /// Edges that a capped walk did not follow; 0 for a complete graph.
    fn omitted_edges(&self) -> usize {
        0
    }
}

impl GraphSource for Subgraph {
    fn visit(
        &self,
        evidence: usize,
        visit: &mut dyn FnMut(GraphItem<'_>) -> crate::error::Result<()>,
    ) -> crate::error::Result<()> {
        let mut nodes: Vec<&Node> = self.nodes.iter().collect();
        nodes.sort_by_key(|n| n.id);
        for node in nodes {
            visit(GraphItem::Node(node))?;
        }
        let mut edges: Vec<&Edge> = self.edges.iter().collect();
        edges.sort_by_key(|e| (e.source, e.relation.as_str(), e.target));
        for edge in edges {
            if edge.evidence.len() <= evidence {
                visit(GraphItem::Edge(edge))?;
            } else {
                let mut trimmed = edge.clone();
                trimmed.evidence.truncate(evidence);
                visit(GraphItem::Edge(&trimmed))?;
            }
        }
        Ok(())
    }

    fn omitted_edges(&self) -> usize {
        self.omitted_edges
    }
}

/// Reads a whole [`GraphSource`] into memory, with up to `evidence` pieces per edge.
pub fn collect(source: &dyn GraphSource, evidence: usize) -> crate::error::Result<Subgraph> {
    let mut graph = Subgraph {
        omitted_edges: source.omitted_edges(),
        ..Subgraph::default()
    };
    source.visit(evidence, &mut |item| {
        match item {
            GraphItem::Node(node) => graph.nodes.push(node.clone()),
            GraphItem::Edge(edge) => graph.edges.push(edge.clone()),
        }
        Ok(())
    })?;
    Ok(graph)
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
    /// She, her.
    Female,
    /// He, him.
    Male,
}

/// Which way along an edge a walk may go; symmetric relations go both ways regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From source to target.
    Out,
    /// From target to source.
    In,
    /// Either way.
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
