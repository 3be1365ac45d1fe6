//! Graphviz DOT that renders at corpus scale: parallel edges merged, the most
//! connected nodes kept, the layout engine chosen for the graph's shape and written
//! into the DOT, and a legend.

use super::escape_html;
use super::select::{select, Selection};
use crate::error::Result;
use crate::model::{EntityKind, GraphSource, Modality, Node, RelationType};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// Past this many nodes a whole graph is laid out by `sfdp` (force-directed, scales to
/// thousands); below it `dot`'s layered layout reads better.
const LAYERED_MAX_NODES: usize = 60;

/// Relations listed in an edge's tooltip with their first sentence.
const TOOLTIP_RELATIONS: usize = 6;

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

/// How firmly a modality states an edge: a merged edge is drawn as its firmest.
fn firmness(modality: Modality) -> u8 {
    match modality {
        Modality::Asserted => 3,
        Modality::Reported => 2,
        Modality::Planned => 1,
        Modality::Negated => 0,
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
pub(super) fn quote(text: &str) -> String {
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

/// Which way a relation goes between the two ends of a merged edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Way {
    /// From the lower id to the higher.
    Forward,
    Backward,
    Symmetric,
}

/// One relation of a merged edge.
struct Strand {
    relation: RelationType,
    way: Way,
    modality: Modality,
    evidence: usize,
    /// "document: sentence" of its first piece of evidence.
    first: Option<String>,
}

/// All edges between two nodes, drawn as one. Keyed by (lower id, higher id).
type Merged = BTreeMap<(i64, i64), Vec<Strand>>;

/// The graph as a Graphviz digraph of what `selection` keeps (see [`select`]),
/// parallel edges merged, its layout engine named in the DOT.
pub fn to_dot(graph: &dyn GraphSource, selection: &Selection) -> Result<String> {
    let selected = select(graph, selection, 1)?;
    let mut strands: Merged = BTreeMap::new();
    for edge in &selected.graph.edges {
        let key = (edge.source.min(edge.target), edge.source.max(edge.target));
        let way = if edge.relation.is_symmetric() {
            Way::Symmetric
        } else if edge.source <= edge.target {
            Way::Forward
        } else {
            Way::Backward
        };
        strands.entry(key).or_default().push(Strand {
            relation: edge.relation,
            way,
            modality: edge.modality,
            evidence: edge.evidence_count,
            first: edge
                .evidence
                .first()
                .map(|ev| format!("{}: {}", ev.document, ev.sentence)),
        });
    }
    let nodes: Vec<&Node> = selected.graph.nodes.iter().collect();
    Ok(write_dot(
        &nodes,
        &strands,
        selection.focus,
        &selected.notes(selection),
    ))
}

fn write_dot(nodes: &[&Node], strands: &Merged, focus: Option<i64>, notes: &[String]) -> String {
    let layout = match focus {
        Some(id) => format!(
            "layout=twopi, root={}, ranksep=1.4, overlap=false",
            node_id(id)
        ),
        None if nodes.len() > LAYERED_MAX_NODES => {
            "layout=sfdp, overlap=prism, overlap_scaling=-4, splines=false, outputorder=edgesfirst"
                .to_string()
        }
        None => "layout=dot, rankdir=LR, nodesep=0.3, ranksep=0.8".to_string(),
    };
    let mut out = String::from("digraph mkg {\n");
    let _ = writeln!(
        out,
        "  graph [{layout}, fontname=\"Helvetica\", fontsize=10, labelloc=b, labeljust=l, label={}];",
        legend(nodes, strands, notes)
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, color=\"#444444\"];\n");
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#444444\", arrowsize=0.7];\n",
    );
    for n in nodes {
        let (shape, style, fill) = node_look(n.kind);
        let mut tooltip = format!("{} ({})", n.name, n.kind);
        if !n.aliases.is_empty() {
            let _ = write!(tooltip, "; also: {}", n.aliases.join(", "));
        }
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\", tooltip={}];",
            node_id(n.id),
            quote(&n.name),
            quote(&tooltip)
        );
    }
    for (&(low, high), strands) in strands {
        write_edge(&mut out, low, high, strands);
    }
    out.push_str("}\n");
    out
}

/// One line for all the relations between `low` and `high`: labelled with each
/// relation and its evidence count, drawn as the firmest of them, thicker with more
/// evidence.
fn write_edge(out: &mut String, low: i64, high: i64, strands: &[Strand]) {
    let mut strands: Vec<&Strand> = strands.iter().collect();
    strands.sort_by_key(|s| (s.relation.as_str(), s.way));
    let ways: HashSet<Way> = strands.iter().map(|s| s.way).collect();
    let (from, to, dir) = match (ways.contains(&Way::Forward), ways.contains(&Way::Backward)) {
        (true, true) => (low, high, ", dir=both"),
        (false, true) => (high, low, ""),
        (true, false) => (low, high, ""),
        (false, false) => (low, high, ", dir=none"),
    };
    let mixed = dir == ", dir=both";
    // The line is drawn as its firmest relation; the others say their modality.
    let firmest = strands
        .iter()
        .map(|s| s.modality)
        .max_by_key(|m| firmness(*m))
        .unwrap_or(Modality::Asserted);
    let mut label = Vec::new();
    let mut tooltip = Vec::new();
    for strand in &strands {
        let arrow = match (mixed, strand.way) {
            (true, Way::Forward) => " →",
            (true, Way::Backward) => " ←",
            _ => "",
        };
        let count = if strand.evidence > 1 {
            format!(" ×{}", strand.evidence)
        } else {
            String::new()
        };
        let modality = if strand.modality == firmest {
            String::new()
        } else {
            format!(" ({})", strand.modality)
        };
        label.push(format!("{}{count}{modality}{arrow}", strand.relation));
        if tooltip.len() < TOOLTIP_RELATIONS {
            tooltip.push(match &strand.first {
                Some(first) if strand.evidence > 1 => {
                    format!(
                        "{}: {first} (+{} more)",
                        strand.relation,
                        strand.evidence - 1
                    )
                }
                Some(first) => format!("{}: {first}", strand.relation),
                None => format!("{} ({})", strand.relation, strand.modality),
            });
        }
    }
    if strands.len() > TOOLTIP_RELATIONS {
        tooltip.push(format!(
            "+{} more relations",
            strands.len() - TOOLTIP_RELATIONS
        ));
    }
    let evidence: usize = strands.iter().map(|s| s.evidence).sum();
    let width = 1.0 + (evidence.max(1) as f64).ln().min(3.0);
    let tooltip = quote(&tooltip.join("\n"));
    let _ = writeln!(
        out,
        "  {} -> {} [label={}{dir}{}, penwidth={width:.1}, tooltip={tooltip}, labeltooltip={tooltip}];",
        node_id(from),
        node_id(to),
        quote(&label.join("\n")),
        edge_look(firmest)
    );
}

/// The graph label: a table of the kinds and line styles the drawing uses, and the
/// notes on what was left out. A label rather than a cluster, because `twopi` and
/// `sfdp` ignore clusters.
fn legend(nodes: &[&Node], strands: &Merged, notes: &[String]) -> String {
    let kinds: HashSet<EntityKind> = nodes.iter().map(|n| n.kind).collect();
    let modalities: HashSet<Modality> = strands.values().flatten().map(|s| s.modality).collect();
    let mut rows = String::new();
    for kind in EntityKind::ALL.into_iter().filter(|k| kinds.contains(k)) {
        let (shape, style, fill) = node_look(kind);
        let shape = match (shape, style.contains("rounded")) {
            (_, true) => "rounded box",
            ("doubleoctagon", _) => "double octagon",
            (shape, _) => shape,
        };
        let _ = write!(
            rows,
            "<tr><td bgcolor=\"{fill}\">{kind}</td><td>{shape}</td></tr>"
        );
    }
    for (modality, line) in [
        (Modality::Asserted, "solid black line"),
        (Modality::Reported, "solid blue line"),
        (Modality::Planned, "dashed line"),
        (Modality::Negated, "dotted grey line"),
    ] {
        if modalities.contains(&modality) {
            let _ = write!(rows, "<tr><td>{modality}</td><td>{line}</td></tr>");
        }
    }
    let mut label =
        String::from("<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\">");
    if !rows.is_empty() {
        label.push_str("<tr><td colspan=\"2\"><b>Legend</b> (×N: pieces of evidence)</td></tr>");
        label.push_str(&rows);
    }
    for note in notes {
        let _ = write!(
            label,
            "<tr><td colspan=\"2\">{}</td></tr>",
            escape_html(note)
        );
    }
    if rows.is_empty() && notes.is_empty() {
        label.push_str("<tr><td>empty graph</td></tr>");
    }
    label.push_str("</table>>");
    label
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, edge};
    use super::*;

    fn dot(graph: &crate::model::Subgraph, selection: &Selection) -> String {
        to_dot(graph, selection).unwrap()
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
        let sub = sample::graph();
        let mut shuffled = sample::graph();
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        let drawn = dot(&sub, &Selection::default());
        assert_eq!(drawn, dot(&shuffled, &Selection::default()));
        assert!(drawn.starts_with("digraph mkg {\n  graph [layout=dot, rankdir=LR"));
        assert!(drawn.ends_with("}\n"));
        let lines: Vec<&str> = drawn.lines().filter(|l| l.contains(" [label=")).collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("  \"n1\" [label=\"Kamala Harris\", shape=ellipse"));
        assert!(lines[0].contains("tooltip=\"Kamala Harris (person); also: Harris\""));
        assert!(lines[1].contains("shape=doubleoctagon"));
        assert!(lines[2].starts_with("  \"n3\" [label=\"USAID\", shape=box"));
        assert!(lines[3].starts_with("  \"n1\" -> \"n2\" [label=\"visits\", style=dashed"));
        assert!(lines[3].contains(", tooltip=\"visits: cnn.txt: 1 visits 2.\""));
        assert!(
            lines[4].starts_with("  \"n1\" -> \"n3\" [label=\"met_with\", dir=none, style=dotted")
        );
        assert!(lines[5].starts_with("  \"n3\" -> \"n2\" [label=\"funds\", penwidth=1.0"));
        // The legend lists the kinds and line styles drawn, no more.
        assert!(drawn.contains("<td bgcolor=\"#d9ead3\">country</td><td>double octagon</td>"));
        assert!(drawn.contains("<td>negated</td><td>dotted grey line</td>"));
        assert!(!drawn.contains(">region<") && !drawn.contains(">reported<"));
        assert!(!drawn.contains("left out") && !drawn.contains("shown"));
    }

    #[test]
    fn parallel_edges_are_one_line_listing_relations_and_counts() {
        let mut sub = sample::graph();
        let mut again = edge(8, 1, RelationType::Visits, 2, Modality::Asserted);
        again.relation = RelationType::Criticizes;
        again.evidence_count = 3;
        sub.edges.push(again);
        sub.edges
            .push(edge(9, 2, RelationType::Assists, 1, Modality::Reported));
        let drawn = dot(&sub, &Selection::default());
        let between: Vec<&str> = drawn
            .lines()
            .filter(|l| l.contains("\"n1\" -> \"n2\""))
            .collect();
        assert_eq!(between.len(), 1, "{drawn}");
        // Sorted by relation; both ways, so arrows on both ends and on each relation.
        assert!(
            between[0].starts_with(
                "  \"n1\" -> \"n2\" [label=\"assists (reported) ←\\ncriticizes ×3 →\\nvisits (planned) →\", dir=both, penwidth=2.6"
            ),
            "{}",
            between[0]
        );
        assert!(!drawn.contains("\"n2\" -> \"n1\""));
    }

    #[test]
    fn isolated_nodes_are_left_out_unless_asked_for_and_min_degree_cuts() {
        let mut sub = sample::graph();
        sub.nodes
            .push(sample::node(4, "Lonely Agency", EntityKind::Agency));
        let drawn = dot(&sub, &Selection::default());
        assert!(!drawn.contains("Lonely Agency"));
        assert!(drawn.contains("<td colspan=\"2\">1 isolated entities left out</td>"));
        assert!(!drawn.contains("best-connected"));
        let all = dot(
            &sub,
            &Selection {
                min_degree: 0,
                ..Selection::default()
            },
        );
        assert!(all.contains("\"n4\" [label=\"Lonely Agency\""));
        // Harris, Guatemala and USAID each have two neighbours: min_degree 2 keeps
        // the triangle.
        let pruned = dot(
            &sub,
            &Selection {
                min_degree: 2,
                ..Selection::default()
            },
        );
        assert_eq!(pruned.matches(" [label=").count(), 6, "{pruned}");
    }

    #[test]
    fn cap_keeps_most_connected_and_says_so() {
        let drawn = dot(
            &sample::graph(),
            &Selection {
                max_nodes: 2,
                ..Selection::default()
            },
        );
        // All three have two neighbours: ties go to the lower ids.
        assert!(drawn.contains("\"n1\" [label") && drawn.contains("\"n2\" [label"));
        assert!(!drawn.contains("\"n3\" [label"));
        assert_eq!(drawn.matches(" -> ").count(), 1);
        assert!(drawn.contains("the 2 best-connected of 3 entities shown, with 1 of 3 edges"));

        let mut capped = sample::graph();
        capped.omitted_edges = 9;
        let drawn = dot(&capped, &Selection::default());
        assert!(drawn.contains("9 more edges not followed: the query reached its node limit"));
    }

    #[test]
    fn layout_follows_the_shape_of_the_graph() {
        let focused = dot(
            &sample::graph(),
            &Selection {
                focus: Some(3),
                max_nodes: 2,
                ..Selection::default()
            },
        );
        assert!(focused.starts_with("digraph mkg {\n  graph [layout=twopi, root=\"n3\""));
        // The focus is kept even where the cap would drop it.
        assert!(focused.contains("\"n3\" [label=\"USAID\""));

        let mut big = sample::graph();
        for id in 10..80 {
            big.nodes.push(sample::node(
                id,
                &format!("Agency {id}"),
                EntityKind::Agency,
            ));
            big.edges
                .push(edge(id, id, RelationType::Funds, 2, Modality::Asserted));
        }
        assert!(dot(&big, &Selection::default()).contains("layout=sfdp"));
    }

    #[test]
    fn escapes_nasty_names() {
        let mut sub = sample::graph();
        sub.nodes[0].name = "a \"quoted\" \\ back\nslash".to_string();
        let drawn = dot(&sub, &Selection::default());
        assert!(drawn.contains(r#"[label="a \"quoted\" \\ back\nslash", shape=box"#));
    }
}
