//! An openCypher script: one `CREATE` statement per line, for Neo4j, Memgraph and the
//! schema-first engines (Kùzu, ladybug), whose table definitions open the script as
//! comments.

use super::ItemWriter;
use crate::model::{Edge, Node, RelationType};
use std::fmt::Write as _;
use std::io::{self, Write};

/// `text` as a single-quoted Cypher string, with backslash escapes.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The relationship type of a relation: `tapped_by` is `TAPPED_BY`.
pub(super) fn relationship_type(relation: RelationType) -> String {
    relation.as_str().to_ascii_uppercase()
}

/// Nodes are `(:Entity {id, name, kind, aliases})`; an edge is a relationship typed by
/// its relation with `{id, modality, role, amount, evidence_count, first_date}`, the
/// missing ones left out; each piece of evidence is an `(:Evidence {id, edge, document,
/// sentence, start_char, end_char, cue, modality, date})` node whose `edge` is the
/// relationship's id.
pub(super) struct CypherWriter<'w> {
    out: &'w mut dyn Write,
}

impl<'w> CypherWriter<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        writeln!(out, "// mkg graph as openCypher, one statement per line.")?;
        writeln!(
            out,
            "// Neo4j: run this first, or the edges' MATCH scans every node:"
        )?;
        writeln!(
            out,
            "// CREATE CONSTRAINT mkg_entity IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"
        )?;
        writeln!(out, "// Kuzu and ladybug: create the tables first:")?;
        writeln!(
            out,
            "// CREATE NODE TABLE Entity(id INT64, name STRING, kind STRING, aliases STRING[], PRIMARY KEY (id));"
        )?;
        writeln!(
            out,
            "// CREATE NODE TABLE Evidence(id STRING, edge INT64, document STRING, sentence STRING, start_char INT64, end_char INT64, cue STRING, modality STRING, date STRING, PRIMARY KEY (id));"
        )?;
        for relation in RelationType::ALL {
            writeln!(
                out,
                "// CREATE REL TABLE {}(FROM Entity TO Entity, id INT64, modality STRING, role STRING, amount STRING, evidence_count INT64, first_date STRING);",
                relationship_type(relation)
            )?;
        }
        Ok(CypherWriter { out })
    }
}

/// `{key: value, ...}` of the properties that have a value.
fn properties(pairs: &[(&str, Option<String>)]) -> String {
    let mut text = String::from("{");
    for (key, value) in pairs {
        if let Some(value) = value {
            if text.len() > 1 {
                text.push_str(", ");
            }
            let _ = write!(text, "{key}: {value}");
        }
    }
    text.push('}');
    text
}

impl ItemWriter for CypherWriter<'_> {
    fn node(&mut self, node: &Node) -> io::Result<()> {
        let aliases: Vec<String> = node.aliases.iter().map(|a| quote(a)).collect();
        writeln!(
            self.out,
            "CREATE (:Entity {});",
            properties(&[
                ("id", Some(node.id.to_string())),
                ("name", Some(quote(&node.name))),
                ("kind", Some(quote(node.kind.as_str()))),
                ("aliases", Some(format!("[{}]", aliases.join(", ")))),
            ])
        )
    }

    fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        writeln!(
            self.out,
            "MATCH (a:Entity {{id: {}}}), (b:Entity {{id: {}}}) CREATE (a)-[:{} {}]->(b);",
            edge.source,
            edge.target,
            relationship_type(edge.relation),
            properties(&[
                ("id", Some(edge.id.to_string())),
                ("modality", Some(quote(edge.modality.as_str()))),
                ("role", edge.role.as_deref().map(quote)),
                ("amount", edge.amount.as_deref().map(quote)),
                ("evidence_count", Some(edge.evidence_count.to_string())),
                ("first_date", edge.first_date.as_deref().map(quote)),
            ])
        )?;
        for (n, piece) in edge.evidence.iter().enumerate() {
            writeln!(
                self.out,
                "CREATE (:Evidence {});",
                properties(&[
                    ("id", Some(quote(&format!("{}:{}", edge.id, n + 1)))),
                    ("edge", Some(edge.id.to_string())),
                    ("document", Some(quote(&piece.document))),
                    ("sentence", Some(quote(&piece.sentence))),
                    ("start_char", Some(piece.span.start.to_string())),
                    ("end_char", Some(piece.span.end.to_string())),
                    ("cue", Some(quote(&piece.cue))),
                    ("modality", Some(quote(piece.modality.as_str()))),
                    ("date", piece.date.as_deref().map(quote)),
                ])
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _omitted_edges: usize) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{sample, to_string, Format};
    use super::quote;

    #[test]
    fn cypher_creates_entities_then_typed_relationships_and_their_evidence() {
        let mut graph = sample::graph();
        graph.nodes[1].name = "Kamala D'Harris \\ \"VP\"\nnext".to_string();
        let script = to_string(Format::Cypher, &graph);
        let statements: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
        assert_eq!(statements.len(), 3 + 3 + 3);
        assert_eq!(
            statements[0],
            r#"CREATE (:Entity {id: 1, name: 'Kamala D\'Harris \\ "VP"\nnext', kind: 'person', aliases: ['Harris']});"#
        );
        assert_eq!(
            statements[7],
            "MATCH (a:Entity {id: 3}), (b:Entity {id: 2}) CREATE (a)-[:FUNDS {id: 7, modality: 'asserted', amount: '$310 million', evidence_count: 1}]->(b);"
        );
        assert_eq!(
            statements[8],
            "CREATE (:Evidence {id: '7:1', edge: 7, document: 'cnn.txt', sentence: '3 funds 2.', start_char: 3, end_char: 9, cue: 'funds', modality: 'asserted'});"
        );
        assert!(script.contains("// CREATE REL TABLE STATEMENT_TO(FROM Entity TO Entity,"));
    }

    #[test]
    fn quote_leaves_no_way_out_of_the_string() {
        assert_eq!(quote("a'b\\'c"), r"'a\'b\\\'c'");
        assert_eq!(quote("bell\u{7}\ttab"), r"'bell\ttab'");
    }
}
