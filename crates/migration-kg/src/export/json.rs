//! mkg's JSON, streamed: the same bytes `serde_json::to_string_pretty` gives for the
//! whole graph, written one node or edge at a time.

use super::ItemWriter;
use crate::model::{EntityKind, Modality, Node, RelationType};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonNode<'a> {
    id: i64,
    name: &'a str,
    kind: EntityKind,
    aliases: &'a [String],
}

/// An edge without its id and counts, so that exports of two databases compare.
#[derive(Serialize)]
struct JsonEdge<'a> {
    source: i64,
    target: i64,
    relation: RelationType,
    modality: Modality,
    role: Option<&'a str>,
    amount: Option<&'a str>,
    evidence: Vec<JsonEvidence<'a>>,
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    document: &'a str,
    sentence: &'a str,
    start: usize,
    end: usize,
    cue: &'a str,
    modality: Modality,
    date: Option<&'a str>,
}

/// Which array the items go to, and how many it has so far.
enum Section {
    Nodes(usize),
    Edges(usize),
}

pub(super) struct JsonWriter<'w> {
    out: &'w mut dyn Write,
    section: Section,
}

impl<'w> JsonWriter<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Self {
        JsonWriter {
            out,
            section: Section::Nodes(0),
        }
    }

    /// One element of an array two levels deep, pretty-printed and indented to match.
    fn element(&mut self, count: usize, value: &impl Serialize) -> io::Result<()> {
        if count == 0 {
            self.out.write_all(b"\n    ")?;
        } else {
            self.out.write_all(b",\n    ")?;
        }
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        // JSON strings escape their newlines, so every raw newline is indentation.
        self.out.write_all(text.replace('\n', "\n    ").as_bytes())
    }

    fn close_array(&mut self, count: usize) -> io::Result<()> {
        if count == 0 {
            self.out.write_all(b"]")
        } else {
            self.out.write_all(b"\n  ]")
        }
    }

    fn start_edges(&mut self) -> io::Result<()> {
        if let Section::Nodes(count) = self.section {
            if count == 0 {
                self.out.write_all(b"{\n  \"nodes\": [")?;
            }
            self.close_array(count)?;
            self.out.write_all(b",\n  \"edges\": [")?;
            self.section = Section::Edges(0);
        }
        Ok(())
    }
}

impl ItemWriter for JsonWriter<'_> {
    fn node(&mut self, node: &Node) -> io::Result<()> {
        let Section::Nodes(count) = self.section else {
            return Err(io::Error::other("a node after the first edge"));
        };
        if count == 0 {
            self.out.write_all(b"{\n  \"nodes\": [")?;
        }
        self.element(
            count,
            &JsonNode {
                id: node.id,
                name: &node.name,
                kind: node.kind,
                aliases: &node.aliases,
            },
        )?;
        self.section = Section::Nodes(count + 1);
        Ok(())
    }

    fn edge(&mut self, edge: &crate::model::Edge) -> io::Result<()> {
        self.start_edges()?;
        let Section::Edges(count) = self.section else {
            unreachable!("start_edges moved to the edges")
        };
        let evidence = edge
            .evidence
            .iter()
            .map(|ev| JsonEvidence {
                document: &ev.document,
                sentence: &ev.sentence,
                start: ev.span.start,
                end: ev.span.end,
                cue: &ev.cue,
                modality: ev.modality,
                date: ev.date.as_deref(),
            })
            .collect();
        self.element(
            count,
            &JsonEdge {
                source: edge.source,
                target: edge.target,
                relation: edge.relation,
                modality: edge.modality,
                role: edge.role.as_deref(),
                amount: edge.amount.as_deref(),
                evidence,
            },
        )?;
        self.section = Section::Edges(count + 1);
        Ok(())
    }

    fn finish(&mut self, omitted_edges: usize) -> io::Result<()> {
        self.start_edges()?;
        let Section::Edges(count) = self.section else {
            unreachable!("start_edges moved to the edges")
        };
        self.close_array(count)?;
        if omitted_edges > 0 {
            write!(self.out, ",\n  \"omitted_edges\": {omitted_edges}")?;
        }
        self.out.write_all(b"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{sample, to_string, Format};
    use crate::model::Subgraph;

    #[test]
    fn streamed_json_is_indented_as_pretty_json() {
        let mut graph = sample::graph();
        graph.nodes.truncate(1);
        graph.edges.clear();
        graph.omitted_edges = 2;
        assert_eq!(
            to_string(Format::Json, &graph),
            "{\n  \"nodes\": [\n    {\n      \"id\": 3,\n      \"name\": \"USAID\",\n      \
             \"kind\": \"agency\",\n      \"aliases\": []\n    }\n  ],\n  \"edges\": [],\n  \
             \"omitted_edges\": 2\n}\n"
        );
        let empty = to_string(Format::Json, &Subgraph::default());
        assert_eq!(empty, "{\n  \"nodes\": [],\n  \"edges\": []\n}\n");
    }

    #[test]
    fn json_round_trips() {
        let json = to_string(Format::Json, &sample::graph());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let ids: Vec<i64> = value["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(value["nodes"][0]["aliases"][0], "Harris");
        assert_eq!(value["nodes"][1]["kind"], "country");
        let edges: Vec<(i64, &str, i64)> = value["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["source"].as_i64().unwrap(),
                    e["relation"].as_str().unwrap(),
                    e["target"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            edges,
            [(1, "met_with", 3), (1, "visits", 2), (3, "funds", 2)]
        );
        let funds = &value["edges"][2];
        assert_eq!(funds["amount"], "$310 million");
        assert!(funds["role"].is_null());
        assert_eq!(funds["evidence"][0]["document"], "cnn.txt");
        assert_eq!(funds["evidence"][0]["start"], 3);
        assert_eq!(funds["evidence"][0]["modality"], "asserted");
        assert!(value.get("omitted_edges").is_none());

        let mut capped = sample::graph();
        capped.omitted_edges = 4;
        let value: serde_json::Value =
            serde_json::from_str(&to_string(Format::Json, &capped)).unwrap();
        assert_eq!(value["omitted_edges"], 4);
    }
}
