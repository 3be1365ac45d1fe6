//! GraphML with scalar attributes only, so that Gephi, yEd and NetworkX
//! (`read_graphml`) take it as it is.

use super::ItemWriter;
use crate::model::{Edge, Node};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::{self, Write};

/// GraphML attribute keys: id, what carries it, name, type.
const KEYS: [(&str, &str, &str, &str); 9] = [
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

/// Nodes `n<id>` with label, kind and aliases (joined with "; "); edges `e<id>` with
/// relation, modality, role, amount, evidence (the count) and first_date. A missing
/// role, amount or date is left out rather than written empty.
pub(super) struct GraphmlWriter<'w> {
    xml: Writer<&'w mut dyn Write>,
}

impl<'w> GraphmlWriter<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut xml = Writer::new_with_indent(out, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.write_event(Event::Start(
            BytesStart::new("graphml")
                .with_attributes([("xmlns", "http://graphml.graphdrawing.org/xmlns")]),
        ))?;
        for (id, target, name, kind) in KEYS {
            xml.create_element("key")
                .with_attributes([
                    ("id", id),
                    ("for", target),
                    ("attr.name", name),
                    ("attr.type", kind),
                ])
                .write_empty()?;
        }
        xml.write_event(Event::Start(
            BytesStart::new("graph").with_attributes([("id", "mkg"), ("edgedefault", "directed")]),
        ))?;
        Ok(GraphmlWriter { xml })
    }
}

/// One `<data>` element per attribute that has a value.
fn write_data(xml: &mut Writer<&mut dyn Write>, data: &[(&str, Option<&str>)]) -> io::Result<()> {
    for (key, value) in data {
        if let Some(value) = value {
            xml.create_element("data")
                .with_attribute(("key", *key))
                .write_text_content(BytesText::new(value))?;
        }
    }
    Ok(())
}

impl ItemWriter for GraphmlWriter<'_> {
    fn node(&mut self, node: &Node) -> io::Result<()> {
        let aliases = node.aliases.join("; ");
        let data = [
            ("label", Some(node.name.as_str())),
            ("kind", Some(node.kind.as_str())),
            ("aliases", Some(aliases.as_str()).filter(|a| !a.is_empty())),
        ];
        self.xml
            .create_element("node")
            .with_attribute(("id", format!("n{}", node.id).as_str()))
            .write_inner_content(|w| write_data(w, &data))?;
        Ok(())
    }

    fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        let count = edge.evidence_count.to_string();
        let data = [
            ("relation", Some(edge.relation.as_str())),
            ("modality", Some(edge.modality.as_str())),
            ("role", edge.role.as_deref()),
            ("amount", edge.amount.as_deref()),
            ("evidence", Some(count.as_str())),
            ("first_date", edge.first_date.as_deref()),
        ];
        self.xml
            .create_element("edge")
            .with_attributes([
                ("id", format!("e{}", edge.id).as_str()),
                ("source", format!("n{}", edge.source).as_str()),
                ("target", format!("n{}", edge.target).as_str()),
            ])
            .write_inner_content(|w| write_data(w, &data))?;
        Ok(())
    }

    fn finish(&mut self, _omitted_edges: usize) -> io::Result<()> {
        self.xml.write_event(Event::End(BytesEnd::new("graph")))?;
        self.xml.write_event(Event::End(BytesEnd::new("graphml")))?;
        self.xml.get_mut().write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{sample, to_string, Format};

    #[test]
    fn graphml_has_scalar_attributes_escaped_and_leaves_out_missing_ones() {
        let mut graph = sample::graph();
        graph.nodes[0].name = "Fondo <Ayuda> & Co".to_string();
        graph.edges[0].first_date = Some("2024-03-01".to_string());
        let xml = to_string(Format::Graphml, &graph);
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
        assert!(xml.ends_with("  </graph>\n</graphml>\n"), "{xml}");
    }
}
