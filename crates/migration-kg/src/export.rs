//! Writing subgraphs out: pretty JSON for programs, GraphML for graph tools, RDF for
//! triple stores and Graphviz DOT for people.

use crate::model::{Edge, EntityKind, Modality, Node, RelationType, Subgraph};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, Term, Triple};
use oxttl::{NTriplesSerializer, TurtleSerializer};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Serialize)]
struct JsonGraph<'a> {
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge<'a>>,
    #[serde(skip_serializing_if = "is_zero")]
    omitted_edges: usize,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: i64,
    name: &'a str,
    kind: EntityKind,
    aliases: &'a [String],
}

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

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn sorted_nodes(nodes: &[Node]) -> Vec<&Node> {
    let mut sorted: Vec<&Node> = nodes.iter().collect();
    sorted.sort_by_key(|n| n.id);
    sorted
}

fn sorted_edges<'a>(edges: impl IntoIterator<Item = &'a Edge>) -> Vec<&'a Edge> {
    let mut sorted: Vec<&Edge> = edges.into_iter().collect();
    // Relation by name, the order a reader of the output sees.
    sorted.sort_by_key(|e| (e.source, e.relation.as_str(), e.target));
    sorted
}

/// The subgraph as pretty-printed JSON; nodes by id, edges by (source, relation, target).
pub fn to_json(sub: &Subgraph) -> String {
    let graph = JsonGraph {
        nodes: sorted_nodes(&sub.nodes)
            .into_iter()
            .map(|n| JsonNode {
                id: n.id,
                name: &n.name,
                kind: n.kind,
                aliases: &n.aliases,
            })
            .collect(),
        edges: sorted_edges(&sub.edges)
            .into_iter()
            .map(|e| JsonEdge {
                source: e.source,
                target: e.target,
                relation: e.relation,
                modality: e.modality,
                role: e.role.as_deref(),
                amount: e.amount.as_deref(),
                evidence: e
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
                    .collect(),
            })
            .collect(),
        omitted_edges: sub.omitted_edges,
    };
    // Cannot fail: plain structs with string keys and no custom serializers.
    serde_json::to_string_pretty(&graph).expect("JSON export of plain structs")
}

/// GraphML attribute keys: id, what carries it, name, type.
const GRAPHML_KEYS: [(&str, &str, &str, &str); 9] = [
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("aliases", "node", "aliases", "string"),
    ("relation", "edge", "relation", "string"),
    ("modality", "edge", "modality", "string"),
    ("role", "edge", "role", "string"),
    ("amount", "edge", "amount", "string"),
    ("evidence", "edge", "evidence", "int"),
    ("first_date", "edge", "first_date", "string"),
];

/// The subgraph as GraphML, for Gephi, yEd and NetworkX (`read_graphml`): scalar
/// attributes only (aliases joined with "; "), nodes by id, edges as in [`to_json`].
/// A missing role, amount or date is left out rather than written empty.
pub fn to_graphml(sub: &Subgraph) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to memory: the only errors would be I/O ones, which a Vec never gives.
    write_graphml(&mut writer, sub).expect("GraphML written to memory");
    String::from_utf8(writer.into_inner()).expect("quick-xml writes the UTF-8 it is given")
}

fn write_graphml(writer: &mut Writer<Vec<u8>>, sub: &Subgraph) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            for (id, target, name, kind) in GRAPHML_KEYS {
                w.create_element("key")
                    .with_attributes([
                        ("id", id),
                        ("for", target),
                        ("attr.name", name),
                        ("attr.type", kind),
                    ])
                    .write_empty()?;
            }
            w.create_element("graph")
                .with_attributes([("id", "mkg"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    for node in sorted_nodes(&sub.nodes) {
                        let aliases = node.aliases.join("; ");
                        let data = [
                            ("label", Some(node.name.as_str())),
                            ("kind", Some(node.kind.as_str())),
                            ("aliases", Some(aliases.as_str()).filter(|a| !a.is_empty())),
                        ];
                        w.create_element("node")
                            .with_attribute(("id", format!("n{}", node.id).as_str()))
                            .write_inner_content(|w| write_data(w, &data))?;
                    }
                    for edge in sorted_edges(&sub.edges) {
                        let count = edge.evidence_count.to_string();
                        let data = [
                            ("relation", Some(edge.relation.as_str())),
                            ("modality", Some(edge.modality.as_str())),
                            ("role", edge.role.as_deref()),
                            ("amount", edge.amount.as_deref()),
                            ("evidence", Some(count.as_str())),
                            ("first_date", edge.first_date.as_deref()),
                        ];
                        w.create_element("edge")
                            .with_attributes([
                                ("id", format!("e{}", edge.id).as_str()),
                                ("source", format!("n{}", edge.source).as_str()),
                                ("target", format!("n{}", edge.target).as_str()),
                            ])
                            .write_inner_content(|w| write_data(w, &data))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// One `<data>` element per attribute that has a value.
fn write_data(writer: &mut Writer<Vec<u8>>, data: &[(&str, Option<&str>)]) -> std::io::Result<()> {
    for (key, value) in data {
        if let Some(value) = value {
            writer
                .create_element("data")
                .with_attribute(("key", *key))
                .write_text_content(BytesText::new(value))?;
        }
    }
    Ok(())
}

/// IRIs of mkg's RDF vocabulary start with this (Turtle prefix `mkg:`).
pub const RDF_VOCABULARY: &str = "urn:mkg:vocab:";

/// An RDF serialization of [`to_rdf`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    /// One triple per line.
    NTriples,
    /// Turtle, with the `mkg:`, `rdf:`, `rdfs:` and `xsd:` prefixes.
    Turtle,
}

/// The subgraph as RDF. Each entity `urn:mkg:entity:ID` has its kind as class
/// (`mkg:Person`, ...), `rdfs:label` and `mkg:alias`; each edge is both a direct triple
/// (`entity mkg:tapped_by entity`) and a resource `urn:mkg:edge:ID` of class `mkg:Edge`
/// with `mkg:source`, `mkg:relation`, `mkg:target`, `mkg:modality`, `mkg:role`,
/// `mkg:amount` and `mkg:evidence`; a piece of evidence is a resource of class
/// `mkg:Evidence` with `mkg:sentence`, `mkg:document`, `mkg:start`, `mkg:end`,
/// `mkg:cue`, `mkg:modality` and `mkg:date`.
pub fn to_rdf(sub: &Subgraph, syntax: RdfSyntax) -> String {
    let triples = rdf_triples(sub);
    // Writing to memory with prefixes that are valid IRIs: nothing can fail.
    let bytes = match syntax {
        RdfSyntax::NTriples => {
            let mut writer = NTriplesSerializer::new().for_writer(Vec::new());
            for triple in &triples {
                writer
                    .serialize_triple(triple)
                    .expect("N-Triples to memory");
            }
            writer.finish()
        }
        RdfSyntax::Turtle => {
            let mut serializer = TurtleSerializer::new();
            for (prefix, iri) in [
                ("mkg", RDF_VOCABULARY),
                ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                ("xsd", "http://www.w3.org/2001/XMLSchema#"),
            ] {
                serializer = serializer
                    .with_prefix(prefix, iri)
                    .expect("valid prefix IRIs");
            }
            let mut writer = serializer.for_writer(Vec::new());
            for triple in &triples {
                writer.serialize_triple(triple).expect("Turtle to memory");
            }
            writer.finish().expect("Turtle to memory")
        }
    };
    String::from_utf8(bytes).expect("RDF writers write UTF-8")
}

fn rdf_triples(sub: &Subgraph) -> Vec<Triple> {
    let vocab = |name: &str| NamedNode::new_unchecked(format!("{RDF_VOCABULARY}{name}"));
    let entity = |id: i64| NamedNode::new_unchecked(format!("urn:mkg:entity:{id}"));
    let text = |value: &str| Term::from(Literal::new_simple_literal(value));
    let integer =
        |value: usize| Term::from(Literal::new_typed_literal(value.to_string(), xsd::INTEGER));
    let mut triples = Vec::new();
    for node in sorted_nodes(&sub.nodes) {
        let subject = entity(node.id);
        let class = match node.kind {
            EntityKind::Person => "Person",
            EntityKind::Agency => "Agency",
            EntityKind::Organization => "Organization",
            EntityKind::Country => "Country",
            EntityKind::Region => "Region",
            EntityKind::Program => "Program",
        };
        triples.push(Triple::new(subject.clone(), rdf::TYPE, vocab(class)));
        triples.push(Triple::new(subject.clone(), rdfs::LABEL, text(&node.name)));
        for alias in &node.aliases {
            triples.push(Triple::new(subject.clone(), vocab("alias"), text(alias)));
        }
    }
    for edge in sorted_edges(&sub.edges) {
        let relation = vocab(edge.relation.as_str());
        let (source, target) = (entity(edge.source), entity(edge.target));
        triples.push(Triple::new(
            source.clone(),
            relation.clone(),
            target.clone(),
        ));
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
    }
    triples
}

/// Limits for [`to_dot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// Most nodes drawn; beyond a few hundred a drawing is unreadable and slow to lay out.
    pub max_nodes: usize,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions { max_nodes: 500 }
    }
}

/// Shape, extra style and fill colour of each kind of node.
fn node_look(kind: EntityKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EntityKind::Person => ("ellipse", "filled", "#cfe2f3"),
        EntityKind::Agency => ("box", "filled", "#f4cccc"),
        EntityKind::Organization => ("box", "filled,rounded", "#fce5cd"),
        EntityKind::Country => ("doubleoctagon", "filled", "#d9ead3"),
        EntityKind::Region => ("hexagon", "filled", "#fff2cc"),
        EntityKind::Program => ("component", "filled", "#d9d2e9"),
    }
}

/// Edge attributes for a modality. Asserted: plain solid line. Planned: dashed, since it
/// has not happened yet. Negated: dotted and grey, since the text says it does not hold.
/// Reported: solid but blue, an attributed claim rather than the writer's own statement.
fn edge_look(modality: Modality) -> &'static str {
    match modality {
        Modality::Asserted => "",
        Modality::Planned => ", style=dashed",
        Modality::Negated => ", style=dotted, color=\"#999999\", fontcolor=\"#999999\"",
        Modality::Reported => ", color=\"#1f5f99\", fontcolor=\"#1f5f99\"",
    }
}

/// `text` as a DOT double-quoted string that is valid whatever `text` contains.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Doubled, so Graphviz's own escapes (\N, \l, ...) cannot be triggered.
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn node_id(id: i64) -> String {
    // Quoted, so even a negative id is a valid DOT identifier.
    quote(&format!("n{id}"))
}

/// The subgraph as a Graphviz digraph. Beyond `opts.max_nodes` nodes only the most
/// connected are drawn, and a graph label says what was left out.
pub fn to_dot(sub: &Subgraph, opts: &DotOptions) -> String {
    let mut degree: HashMap<i64, usize> = HashMap::new();
    for e in &sub.edges {
        *degree.entry(e.source).or_default() += 1;
        *degree.entry(e.target).or_default() += 1;
    }
    let mut nodes = sorted_nodes(&sub.nodes);
    let dropped_nodes = nodes.len().saturating_sub(opts.max_nodes);
    if dropped_nodes > 0 {
        let degree_of = |n: &Node| degree.get(&n.id).copied().unwrap_or(0);
        nodes.sort_by(|a, b| degree_of(b).cmp(&degree_of(a)).then(a.id.cmp(&b.id)));
        nodes.truncate(opts.max_nodes);
        nodes.sort_by_key(|n| n.id);
    }
    let kept: HashSet<i64> = nodes.iter().map(|n| n.id).collect();
    let edges = sorted_edges(
        sub.edges
            .iter()
            .filter(|e| kept.contains(&e.source) && kept.contains(&e.target)),
    );
    let dropped_edges = sub.edges.len() - edges.len();

    let mut notes = Vec::new();
    if dropped_nodes > 0 {
        notes.push(format!(
            "{dropped_nodes} nodes and {dropped_edges} edges left out (most connected {} shown)",
            nodes.len()
        ));
    }
    if sub.omitted_edges > 0 {
        notes.push(format!(
            "{} more edges not followed: the query reached its node limit",
            sub.omitted_edges
        ));
    }

    let mut out = String::from("digraph mkg {\n");
    out.push_str(
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, nodesep=0.3, ranksep=0.8",
    );
    if !notes.is_empty() {
        out.push_str(&format!(", labelloc=t, label={}", quote(&notes.join("; "))));
    }
    out.push_str("];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, color=\"#444444\"];\n");
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#444444\", arrowsize=0.7];\n",
    );
    for n in &nodes {
        let (shape, style, fill) = node_look(n.kind);
        let mut tooltip = format!("{} ({})", n.name, n.kind);
        if !n.aliases.is_empty() {
            tooltip.push_str(&format!("; also: {}", n.aliases.join(", ")));
        }
        out.push_str(&format!(
            "  {} [label={}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\", tooltip={}];\n",
            node_id(n.id),
            quote(&n.name),
            quote(&tooltip)
        ));
    }
    for e in &edges {
        let tooltip = match e.evidence.split_first() {
            Some((first, rest)) => {
                let mut text = format!("{}: {}", first.document, first.sentence);
                if !rest.is_empty() {
                    text.push_str(&format!(" (+{} more)", rest.len()));
                }
                text
            }
            None => format!("{} ({})", e.relation, e.modality),
        };
        let tooltip = quote(&tooltip);
        let dir = if e.relation.is_symmetric() {
            ", dir=none"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} -> {} [label={}{dir}{}, tooltip={tooltip}, labeltooltip={tooltip}];\n",
            node_id(e.source),
            node_id(e.target),
            quote(e.relation.as_str()),
            edge_look(e.modality)
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Span};

    fn node(id: i64, name: &str, kind: EntityKind) -> Node {
        Node {
            id,
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
        }
    }

    fn edge(id: i64, source: i64, relation: RelationType, target: i64, modality: Modality) -> Edge {
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

    fn sample() -> Subgraph {
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

    #[test]
    fn graphml_has_scalar_attributes_escaped_and_leaves_out_missing_ones() {
        let mut graph = sample();
        graph.nodes[0].name = "Fondo <Ayuda> & Co".to_string();
        graph.edges[0].first_date = Some("2024-03-01".to_string());
        let xml = to_graphml(&graph);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains("<data key=\"label\">Fondo &lt;Ayuda&gt; &amp; Co</data>"));
        assert!(xml.contains("<data key=\"aliases\">Harris</data>"));
        let funds = xml
            .split("<edge ")
            .find(|e| e.starts_with("id=\"e7\""))
            .unwrap();
        assert!(funds.starts_with("id=\"e7\" source=\"n3\" target=\"n2\">"));
        for expected in [
            "<data key=\"relation\">funds</data>",
            "<data key=\"amount\">$310 million</data>",
            "<data key=\"evidence\">1</data>",
            "<data key=\"first_date\">2024-03-01</data>",
        ] {
            assert!(funds.contains(expected), "{expected} in {funds}");
        }
        assert!(!funds.contains("key=\"role\""), "no empty role");
        assert_eq!(xml.matches("<node ").count(), 3);
        assert_eq!(xml.matches("<edge ").count(), 3);
    }

    #[test]
    fn rdf_states_each_edge_directly_and_as_a_resource_with_its_evidence() {
        let mut graph = sample();
        graph.edges[0].evidence[0].sentence = "USAID said \"yes\" to it.".to_string();
        graph.edges[0].evidence[0].date = Some("2024-03-01".to_string());
        let nt = to_rdf(&graph, RdfSyntax::NTriples);
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
        let turtle = to_rdf(&graph, RdfSyntax::Turtle);
        assert!(turtle.starts_with("@prefix"));
        assert!(turtle.contains("a mkg:Person"));
        // Nodes 3 x 2 + 1 alias; edges 3 x 6 + 1 amount; evidence 3 x 8 + 1 date.
        assert_eq!(nt.lines().count(), 51);
    }

    #[test]
    fn json_round_trips() {
        let json = to_json(&sample());
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

        let mut capped = sample();
        capped.omitted_edges = 4;
        let value: serde_json::Value = serde_json::from_str(&to_json(&capped)).unwrap();
        assert_eq!(value["omitted_edges"], 4);
    }

    #[test]
    fn quote_escapes_everything() {
        assert_eq!(
            quote("a \"quoted\" \\ back\nslash"),
            r#""a \"quoted\" \\ back\nslash""#
        );
        assert_eq!(quote("tab\there\r\nend\\"), r#""tab here\nend\\""#);
        assert_eq!(
            quote("bell\u{7}gone, Zúñiga kept"),
            "\"bellgone, Zúñiga kept\""
        );
    }

    #[test]
    fn dot_is_deterministic_and_styled() {
        let sub = sample();
        let mut shuffled = sample();
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        let dot = to_dot(&sub, &DotOptions::default());
        assert_eq!(dot, to_dot(&shuffled, &DotOptions::default()));
        assert!(dot.starts_with("digraph mkg {\n  graph [rankdir=LR"));
        assert!(dot.ends_with("}\n"));
        let lines: Vec<&str> = dot.lines().filter(|l| l.contains(" [label=")).collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("  \"n1\" [label=\"Kamala Harris\", shape=ellipse"));
        assert!(lines[0].contains("tooltip=\"Kamala Harris (person); also: Harris\""));
        assert!(lines[1].contains("shape=doubleoctagon"));
        assert!(lines[2].starts_with("  \"n3\" [label=\"USAID\", shape=box"));
        assert!(
            lines[3].starts_with("  \"n1\" -> \"n3\" [label=\"met_with\", dir=none, style=dotted")
        );
        assert!(lines[4].starts_with("  \"n1\" -> \"n2\" [label=\"visits\", style=dashed"));
        assert!(lines[4].contains(", tooltip=\"cnn.txt: 1 visits 2.\""));
        assert!(lines[4].contains("labeltooltip=\"cnn.txt: 1 visits 2.\""));
        assert!(lines[5].starts_with("  \"n3\" -> \"n2\" [label=\"funds\", tooltip="));
        assert!(!dot.contains("left out"));
    }

    #[test]
    fn dot_escapes_nasty_names() {
        let mut sub = sample();
        sub.nodes[0].name = "a \"quoted\" \\ back\nslash".to_string();
        let dot = to_dot(&sub, &DotOptions::default());
        assert!(dot.contains(r#"[label="a \"quoted\" \\ back\nslash", shape=box"#));
    }

    #[test]
    fn dot_cap_keeps_most_connected_and_says_so() {
        let dot = to_dot(&sample(), &DotOptions { max_nodes: 2 });
        // Harris and USAID have 2 edges each, Guatemala 2 too: ties go to the lower ids.
        assert!(dot.contains("\"n1\" [label"));
        assert!(dot.contains("\"n2\" [label"));
        assert!(!dot.contains("\"n3\" [label"));
        assert_eq!(dot.matches(" -> ").count(), 1);
        assert!(dot.contains("label=\"1 nodes and 2 edges left out (most connected 2 shown)\""));

        let mut star = sample();
        star.edges
            .push(edge(8, 3, RelationType::Assists, 1, Modality::Reported));
        let dot = to_dot(&star, &DotOptions { max_nodes: 2 });
        assert!(dot.contains("\"n1\" [label") && dot.contains("\"n3\" [label"));
        assert!(!dot.contains("\"n2\" [label"));

        let mut capped = sample();
        capped.omitted_edges = 9;
        let dot = to_dot(&capped, &DotOptions::default());
        assert!(
            dot.contains("label=\"9 more edges not followed: the query reached its node limit\"")
        );
    }
}
