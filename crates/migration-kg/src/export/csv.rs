//! Three CSV files, nodes, edges and evidence, whose headers Neo4j's
//! `neo4j-admin database import` reads (`id:ID(Entity)`, `:START_ID(Entity)`, ...).

use super::ItemWriter;
use crate::error::Result;
use crate::model::{Edge, GraphSource, Node};
use std::io::{self, Write};
use std::path::Path;

/// The file names [`write_csv`]'s three outputs are meant to have, in its order.
pub const CSV_FILES: [&str; 3] = ["nodes.csv", "edges.csv", "evidence.csv"];

/// The import id is a column of its own, so that the `id` property is an integer as
/// in the Cypher script (Neo4j stores an `id:ID` column as a string).
const NODE_HEADER: [&str; 6] = [
    ":ID(Entity)",
    "id:long",
    "name",
    "kind",
    "aliases:string[]",
    ":LABEL",
];
const EDGE_HEADER: [&str; 9] = [
    ":START_ID(Entity)",
    ":END_ID(Entity)",
    ":TYPE",
    "id:long",
    "modality",
    "role",
    "amount",
    "evidence_count:long",
    "first_date",
];
const EVIDENCE_HEADER: [&str; 10] = [
    "id:ID(Evidence)",
    "edge:long",
    "document",
    "sentence",
    "start_char:long",
    "end_char:long",
    "cue",
    "modality",
    "date",
    ":LABEL",
];

struct CsvWriter<'w> {
    nodes: csv::Writer<&'w mut dyn Write>,
    edges: csv::Writer<&'w mut dyn Write>,
    evidence: csv::Writer<&'w mut dyn Write>,
}

fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Labels `Entity` and the kind (`Entity;Person`), so that Neo4j queries can name either.
fn labels(node: &Node) -> String {
    let kind = node.kind.as_str();
    let mut chars = kind.chars();
    let capitalized: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!("Entity;{capitalized}")
}

impl ItemWriter for CsvWriter<'_> {
    fn node(&mut self, node: &Node) -> io::Result<()> {
        // Neo4j splits arrays on ';', so an alias cannot carry one.
        let aliases: Vec<String> = node.aliases.iter().map(|a| a.replace(';', ",")).collect();
        let id = node.id.to_string();
        self.nodes
            .write_record([
                id.as_str(),
                &id,
                &node.name,
                node.kind.as_str(),
                &aliases.join(";"),
                &labels(node),
            ])
            .map_err(io_error)
    }

    fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        let id = edge.id.to_string();
        self.edges
            .write_record([
                edge.source.to_string().as_str(),
                &edge.target.to_string(),
                &super::cypher::relationship_type(edge.relation),
                &id,
                edge.modality.as_str(),
                edge.role.as_deref().unwrap_or(""),
                edge.amount.as_deref().unwrap_or(""),
                &edge.evidence_count.to_string(),
                edge.first_date.as_deref().unwrap_or(""),
            ])
            .map_err(io_error)?;
        for (n, piece) in edge.evidence.iter().enumerate() {
            self.evidence
                .write_record([
                    format!("{id}:{}", n + 1).as_str(),
                    &id,
                    &piece.document,
                    &piece.sentence,
                    &piece.span.start.to_string(),
                    &piece.span.end.to_string(),
                    &piece.cue,
                    piece.modality.as_str(),
                    piece.date.as_deref().unwrap_or(""),
                    "Evidence",
                ])
                .map_err(io_error)?;
        }
        Ok(())
    }

    fn finish(&mut self, _omitted_edges: usize) -> io::Result<()> {
        self.nodes.flush()?;
        self.edges.flush()?;
        self.evidence.flush()
    }
}

/// Writes `graph` as the three files of [`CSV_FILES`], to `nodes`, `edges` and
/// `evidence`; `destination` names them in error messages. A missing role, amount or
/// date is an empty field, which Neo4j leaves unset.
pub fn write_csv(
    graph: &dyn GraphSource,
    nodes: &mut dyn Write,
    edges: &mut dyn Write,
    evidence: &mut dyn Write,
    destination: &Path,
) -> Result<()> {
    let failed = |source| crate::error::Error::Io {
        path: destination.to_path_buf(),
        source,
    };
    let mut writer = CsvWriter {
        nodes: csv::Writer::from_writer(nodes),
        edges: csv::Writer::from_writer(edges),
        evidence: csv::Writer::from_writer(evidence),
    };
    (|| {
        writer.nodes.write_record(NODE_HEADER)?;
        writer.edges.write_record(EDGE_HEADER)?;
        writer.evidence.write_record(EVIDENCE_HEADER)
    })()
    .map_err(|e| failed(io_error(e)))?;
    super::stream(graph, &mut writer, destination)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    #[test]
    fn csv_files_have_neo4j_headers_and_quote_what_needs_it() {
        let mut graph = sample::graph();
        graph.edges[0].evidence[0].sentence = "USAID said \"yes\", then left.".to_string();
        graph.nodes[1].aliases.push("K; H".to_string());
        let (mut nodes, mut edges, mut evidence) = (Vec::new(), Vec::new(), Vec::new());
        write_csv(
            &graph,
            &mut nodes,
            &mut edges,
            &mut evidence,
            Path::new("out"),
        )
        .unwrap();
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        assert_eq!(
            text(nodes),
            ":ID(Entity),id:long,name,kind,aliases:string[],:LABEL\n\
             1,1,Kamala Harris,person,\"Harris;K, H\",Entity;Person\n\
             2,2,Guatemala,country,,Entity;Country\n\
             3,3,USAID,agency,,Entity;Agency\n"
        );
        let edges = text(edges);
        assert!(edges.starts_with(
            ":START_ID(Entity),:END_ID(Entity),:TYPE,id:long,modality,role,amount,evidence_count:long,first_date\n\
             1,3,MET_WITH,6,negated,,,1,\n"
        ));
        assert!(edges.ends_with("3,2,FUNDS,7,asserted,,$310 million,1,\n"));
        assert!(text(evidence).ends_with(
            "7:1,7,cnn.txt,\"USAID said \"\"yes\"\", then left.\",3,9,funds,asserted,,Evidence\n"
        ));
    }
}
