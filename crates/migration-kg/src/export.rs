//! Writing graphs out, one format per file: JSON for programs (`json.rs`), GraphML for
//! Gephi and NetworkX (`graphml.rs`), RDF for triple stores (`rdf.rs`), a Cypher script
//! and CSV files for graph databases (`cypher.rs`, `csv.rs`), Graphviz DOT for pictures
//! (`dot.rs`) and a self-contained HTML page for readers (`report.rs`).
//!
//! The writers read a [`GraphSource`] one node or edge at a time, so that exporting the
//! stored graph ([`crate::store::Store::graph`]) takes the same memory for a thousand
//! edges as for a million. DOT and the report hold the few hundred nodes they draw.

mod csv;
mod cypher;
mod dot;
mod graphml;
mod json;
mod rdf;
mod report;
mod select;

pub use self::csv::{write_csv, CSV_FILES};
pub use dot::to_dot;
pub use rdf::RDF_VOCABULARY;
pub use report::{to_html, Report, REPORT_EVIDENCE};
pub use select::{select, Selected, Selection};

use crate::error::{Error, Result};
use crate::model::{Edge, GraphItem, GraphSource, Node, Subgraph};
use std::io::{self, Write};
use std::path::Path;

/// A format that [`write()`] streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// mkg's JSON with every piece of evidence (README, "JSON").
    Json,
    /// GraphML with scalar attributes.
    Graphml,
    /// RDF, one triple per line.
    NTriples,
    /// RDF as Turtle, with the `mkg:`, `rdf:`, `rdfs:` and `xsd:` prefixes.
    Turtle,
    /// An openCypher script of `CREATE` statements.
    Cypher,
}

/// A writer that takes the graph one item at a time, in [`GraphSource`] order.
trait ItemWriter {
    fn node(&mut self, node: &Node) -> io::Result<()>;
    fn edge(&mut self, edge: &Edge) -> io::Result<()>;
    /// Closes what the first items opened; `omitted_edges` is the source's.
    fn finish(&mut self, omitted_edges: usize) -> io::Result<()>;
}

/// Writes `graph` to `out` in `format`; `destination` names `out` in error messages.
pub fn write(
    format: Format,
    graph: &dyn GraphSource,
    out: &mut dyn Write,
    destination: &Path,
) -> Result<()> {
    let failed = |source| Error::Io {
        path: destination.to_path_buf(),
        source,
    };
    let mut writer: Box<dyn ItemWriter + '_> = match format {
        Format::Json => Box::new(json::JsonWriter::new(out)),
        Format::Graphml => Box::new(graphml::GraphmlWriter::new(out).map_err(failed)?),
        Format::NTriples => Box::new(rdf::RdfWriter::ntriples(out)),
        Format::Turtle => Box::new(rdf::RdfWriter::turtle(out)),
        Format::Cypher => Box::new(cypher::CypherWriter::new(out).map_err(failed)?),
    };
    stream(graph, writer.as_mut(), destination)
}

/// Feeds every item of `graph`, with all its evidence, to `writer`.
fn stream(graph: &dyn GraphSource, writer: &mut dyn ItemWriter, destination: &Path) -> Result<()> {
    let failed = |source| Error::Io {
        path: destination.to_path_buf(),
        source,
    };
    graph.visit(usize::MAX, &mut |item| {
        match item {
            GraphItem::Node(node) => writer.node(node),
            GraphItem::Edge(edge) => writer.edge(edge),
        }
        .map_err(failed)
    })?;
    writer.finish(graph.omitted_edges()).map_err(failed)
}

/// `text` safe as HTML content or a quoted attribute: the report's title, DOT's
/// HTML-like legend.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An in-memory subgraph in `format`, as text.
pub fn to_string(format: Format, graph: &Subgraph) -> String {
    let mut bytes = Vec::new();
    // A subgraph in memory cannot fail to be read, nor a Vec to be written.
    write(format, graph, &mut bytes, Path::new("memory")).expect("export to memory");
    String::from_utf8(bytes).expect("every format is UTF-8")
}

#[cfg(test)]
pub(crate) mod sample {
    use crate::model::{Edge, EntityKind, Evidence, Modality, Node, RelationType, Span, Subgraph};

    pub fn node(id: i64, name: &str, kind: EntityKind) -> Node {
        Node {
            id,
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
        }
    }

    pub fn edge(
        id: i64,
        source: i64,
        relation: RelationType,
        target: i64,
        modality: Modality,
    ) -> Edge {
        Edge {
            id,
            source,
            target,
            relation,
            modality,
            role: None,
            amount: None,
            evidence: vec![Evidence {
                document: "cnn.txt".to_string(),
                sentence: format!("{source} {relation} {target}."),
                span: Span { start: 3, end: 9 },
                cue: relation.as_str().to_string(),
                modality,
                date: None,
            }],
            evidence_count: 1,
            first_date: None,
        }
    }

    /// Harris (1) visits Guatemala (2) and did not meet USAID (3), which funds Guatemala.
    pub fn graph() -> Subgraph {
        let mut harris = node(1, "Kamala Harris", EntityKind::Person);
        harris.aliases = vec!["Harris".to_string()];
        let mut funds = edge(7, 3, RelationType::Funds, 2, Modality::Asserted);
        funds.amount = Some("$310 million".to_string());
        Subgraph {
            nodes: vec![
                node(3, "USAID", EntityKind::Agency),
                harris,
                node(2, "Guatemala", EntityKind::Country),
            ],
            edges: vec![
                funds,
                edge(5, 1, RelationType::Visits, 2, Modality::Planned),
                edge(6, 1, RelationType::MetWith, 3, Modality::Negated),
            ],
            omitted_edges: 0,
        }
    }
}
