//! RDF in a small vocabulary (README, "RDF"), written by the oxigraph family's
//! N-Triples and Turtle serializers.

use super::ItemWriter;
use crate::model::{Edge, EntityKind, Node};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, Term, Triple};
use oxttl::ntriples::WriterNTriplesSerializer;
use oxttl::turtle::WriterTurtleSerializer;
use oxttl::{NTriplesSerializer, TurtleSerializer};
use std::io::{self, Write};

/// IRIs of mkg's RDF vocabulary start with this (Turtle prefix `mkg:`).
pub const RDF_VOCABULARY: &str = "urn:mkg:vocab:";

/// Each entity `urn:mkg:entity:ID` has its kind as class (`mkg:Person`, ...),
/// `rdfs:label` and `mkg:alias`; each edge is both a direct triple
/// (`entity mkg:tapped_by entity`) and a resource `urn:mkg:edge:ID` of class `mkg:Edge`
/// with `mkg:source`, `mkg:relation`, `mkg:target`, `mkg:modality`, `mkg:role`,
/// `mkg:amount` and `mkg:evidence`; a piece of evidence is a resource of class
/// `mkg:Evidence` with `mkg:sentence`, `mkg:document`, `mkg:start`, `mkg:end`,
/// `mkg:cue`, `mkg:modality` and `mkg:date`.
pub(super) enum RdfWriter<'w> {
    NTriples(WriterNTriplesSerializer<&'w mut dyn Write>),
    /// `None` once finished: the serializer's `finish` consumes it.
    Turtle(Option<Box<WriterTurtleSerializer<&'w mut dyn Write>>>),
}

impl<'w> RdfWriter<'w> {
    pub(super) fn ntriples(out: &'w mut dyn Write) -> Self {
        RdfWriter::NTriples(NTriplesSerializer::new().for_writer(out))
    }

    pub(super) fn turtle(out: &'w mut dyn Write) -> Self {
        let mut serializer = TurtleSerializer::new();
        for (prefix, iri) in [
            ("mkg", RDF_VOCABULARY),
            ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
            ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
            ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ] {
            serializer = serializer
                .with_prefix(prefix, iri)
                .expect("the prefix IRIs are valid");
        }
        RdfWriter::Turtle(Some(Box::new(serializer.for_writer(out))))
    }

    fn write_all(&mut self, triples: &[Triple]) -> io::Result<()> {
        for triple in triples {
            match self {
                RdfWriter::NTriples(writer) => writer.serialize_triple(triple)?,
                RdfWriter::Turtle(Some(writer)) => writer.serialize_triple(triple)?,
                RdfWriter::Turtle(None) => return Err(io::Error::other("Turtle after its end")),
            }
        }
        Ok(())
    }
}

fn vocab(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{RDF_VOCABULARY}{name}"))
}

fn entity(id: i64) -> NamedNode {
    NamedNode::new_unchecked(format!("urn:mkg:entity:{id}"))
}

fn text(value: &str) -> Term {
    Term::from(Literal::new_simple_literal(value))
}

fn integer(value: usize) -> Term {
    Term::from(Literal::new_typed_literal(value.to_string(), xsd::INTEGER))
}

impl ItemWriter for RdfWriter<'_> {
    fn node(&mut self, node: &Node) -> io::Result<()> {
        let subject = entity(node.id);
        let class = match node.kind {
            EntityKind::Person => "Person",
            EntityKind::Agency => "Agency",
            EntityKind::Organization => "Organization",
            EntityKind::Country => "Country",
            EntityKind::Region => "Region",
            EntityKind::Program => "Program",
        };
        let mut triples = vec![
            Triple::new(subject.clone(), rdf::TYPE, vocab(class)),
            Triple::new(subject.clone(), rdfs::LABEL, text(&node.name)),
        ];
        for alias in &node.aliases {
            triples.push(Triple::new(subject.clone(), vocab("alias"), text(alias)));
        }
        self.write_all(&triples)
    }

    fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        let relation = vocab(edge.relation.as_str());
        let (source, target) = (entity(edge.source), entity(edge.target));
        let mut triples = vec![Triple::new(
            source.clone(),
            relation.clone(),
            target.clone(),
        )];
        let subject = NamedNode::new_unchecked(format!("urn:mkg:edge:{}", edge.id));
        let mut about = |predicate: &str, object: Term| {
            triples.push(Triple::new(subject.clone(), vocab(predicate), object));
        };
        about("source", source.into());
        about("relation", relation.into());
        about("target", target.into());
        about("modality", text(edge.modality.as_str()));
        if let Some(role) = &edge.role {
            about("role", text(role));
        }
        if let Some(amount) = &edge.amount {
            about("amount", text(amount));
        }
        triples.push(Triple::new(subject.clone(), rdf::TYPE, vocab("Edge")));
        for (n, evidence) in edge.evidence.iter().enumerate() {
            let piece =
                NamedNode::new_unchecked(format!("urn:mkg:edge:{}:evidence:{}", edge.id, n + 1));
            triples.push(Triple::new(
                subject.clone(),
                vocab("evidence"),
                piece.clone(),
            ));
            let mut about = |predicate: &str, object: Term| {
                triples.push(Triple::new(piece.clone(), vocab(predicate), object));
            };
            about("sentence", text(&evidence.sentence));
            about("document", text(&evidence.document));
            about("start", integer(evidence.span.start));
            about("end", integer(evidence.span.end));
            about("cue", text(&evidence.cue));
            about("modality", text(evidence.modality.as_str()));
            if let Some(date) = &evidence.date {
                // A full date is an xsd:date; a year or month stays a plain string.
                let date = if date.len() == 10 {
                    Literal::new_typed_literal(date.as_str(), xsd::DATE).into()
                } else {
                    text(date)
                };
                about("date", date);
            }
            triples.push(Triple::new(piece, rdf::TYPE, vocab("Evidence")));
        }
        self.write_all(&triples)
    }

    fn finish(&mut self, _omitted_edges: usize) -> io::Result<()> {
        match self {
            RdfWriter::NTriples(_) => Ok(()),
            RdfWriter::Turtle(writer) => match writer.take() {
                Some(writer) => writer.finish().map(drop),
                None => Ok(()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{sample, to_string, Format};

    #[test]
    fn rdf_states_each_edge_directly_and_as_a_resource_with_its_evidence() {
        let mut graph = sample::graph();
        graph.edges[0].evidence[0].sentence = "USAID said \"yes\" to it.".to_string();
        graph.edges[0].evidence[0].date = Some("2024-03-01".to_string());
        let nt = to_string(Format::NTriples, &graph);
        for expected in [
            "<urn:mkg:entity:3> <urn:mkg:vocab:funds> <urn:mkg:entity:2> .",
            "<urn:mkg:edge:7> <urn:mkg:vocab:amount> \"$310 million\" .",
            "<urn:mkg:edge:7> <urn:mkg:vocab:evidence> <urn:mkg:edge:7:evidence:1> .",
            "<urn:mkg:edge:7:evidence:1> <urn:mkg:vocab:sentence> \"USAID said \\\"yes\\\" to it.\" .",
            "<urn:mkg:edge:7:evidence:1> <urn:mkg:vocab:date> \"2024-03-01\"^^<http://www.w3.org/2001/XMLSchema#date> .",
            "<urn:mkg:entity:1> <http://www.w3.org/2000/01/rdf-schema#label> \"Kamala Harris\" .",
        ] {
            assert!(nt.contains(expected), "{expected}");
        }
        let turtle = to_string(Format::Turtle, &graph);
        assert!(turtle.starts_with("@prefix"));
        assert!(turtle.contains("a mkg:Person"));
        // Nodes 3 x 2 + 1 alias; edges 3 x 6 + 1 amount; evidence 3 x 8 + 1 date.
        assert_eq!(nt.lines().count(), 51);
    }
}
