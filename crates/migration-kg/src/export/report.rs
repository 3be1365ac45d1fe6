//! `mkg report`: one HTML file that opens anywhere without a network, with the graph
//! drawn by cytoscape.js (vendored under `vendor/cytoscape` with its licence, inlined),
//! search, filters and a panel that shows every evidence sentence.

use super::escape_html;
use super::select::{select, Selection};
use crate::error::Result;
use crate::model::{EntityKind, GraphSource, Modality, RelationType};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The page; `__MKG_...__` markers are filled in by [`to_html`].
const TEMPLATE: &str = include_str!("report.html");
const CYTOSCAPE: &str = include_str!("../../vendor/cytoscape/cytoscape.min.js");
const CYTOSCAPE_LICENSE: &str = include_str!("../../vendor/cytoscape/LICENSE");

/// Pieces of evidence per edge a report carries; the panel says how many more exist.
pub const REPORT_EVIDENCE: usize = 20;

/// What [`to_html`] shows and how it names it.
pub struct Report<'a> {
    /// The page's title.
    pub title: &'a str,
    /// The part of the graph shown.
    pub selection: &'a Selection,
    /// The address a document's name links to, if any (its URL, or its file).
    pub link: &'a dyn Fn(&str) -> Result<Option<String>>,
}

#[derive(Serialize)]
struct Data<'a> {
    title: &'a str,
    focus: Option<i64>,
    notes: Vec<String>,
    nodes: Vec<PageNode<'a>>,
    edges: Vec<PageEdge<'a>>,
}

#[derive(Serialize)]
struct PageNode<'a> {
    id: i64,
    name: &'a str,
    kind: EntityKind,
    aliases: &'a [String],
    degree: usize,
}

#[derive(Serialize)]
struct PageEdge<'a> {
    id: i64,
    source: i64,
    target: i64,
    relation: RelationType,
    symmetric: bool,
    modality: Modality,
    role: Option<&'a str>,
    amount: Option<&'a str>,
    evidence_count: usize,
    first_date: Option<&'a str>,
    /// Every date its evidence has, of all of it: the date filter reads these.
    dates: Vec<&'a str>,
    evidence: Vec<PageEvidence<'a>>,
}

#[derive(Serialize)]
struct PageEvidence<'a> {
    document: &'a str,
    url: Option<String>,
    sentence: &'a str,
    cue: &'a str,
    date: Option<&'a str>,
}

/// The report of what `report.selection` keeps of `graph`, as one HTML page.
pub fn to_html(graph: &dyn GraphSource, report: &Report<'_>) -> Result<String> {
    // All the evidence, for the dates; the page carries the first REPORT_EVIDENCE.
    let selected = select(graph, report.selection, usize::MAX)?;
    let mut neighbours: HashMap<i64, HashSet<i64>> = HashMap::new();
    for e in &selected.graph.edges {
        neighbours.entry(e.source).or_default().insert(e.target);
        neighbours.entry(e.target).or_default().insert(e.source);
    }
    let mut links: HashMap<&str, Option<String>> = HashMap::new();
    for piece in selected
        .graph
        .edges
        .iter()
        .flat_map(|e| e.evidence.iter().take(REPORT_EVIDENCE))
    {
        if !links.contains_key(piece.document.as_str()) {
            let link = (report.link)(&piece.document)?.filter(|url| is_safe_link(url));
            links.insert(&piece.document, link);
        }
    }
    let data = Data {
        title: report.title,
        focus: report.selection.focus,
        notes: selected.notes(report.selection),
        nodes: selected
            .graph
            .nodes
            .iter()
            .map(|n| PageNode {
                id: n.id,
                name: &n.name,
                kind: n.kind,
                aliases: &n.aliases,
                degree: neighbours.get(&n.id).map_or(0, HashSet::len),
            })
            .collect(),
        edges: selected
            .graph
            .edges
            .iter()
            .map(|e| PageEdge {
                id: e.id,
                source: e.source,
                target: e.target,
                relation: e.relation,
                symmetric: e.relation.is_symmetric(),
                modality: e.modality,
                role: e.role.as_deref(),
                amount: e.amount.as_deref(),
                evidence_count: e.evidence_count,
                first_date: e.first_date.as_deref(),
                dates: e
                    .evidence
                    .iter()
                    .filter_map(|ev| ev.date.as_deref())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                evidence: e
                    .evidence
                    .iter()
                    .take(REPORT_EVIDENCE)
                    .map(|ev| PageEvidence {
                        document: &ev.document,
                        url: links.get(ev.document.as_str()).cloned().flatten(),
                        sentence: &ev.sentence,
                        cue: &ev.cue,
                        date: ev.date.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Plain structs with string keys: serializing cannot fail.
    let json = serde_json::to_string(&data).expect("report data is plain JSON");
    // In a <script> element, "</script>" or "<!--" in a sentence would end or break it;
    // JSON may spell every "<" as an escape instead.
    let json = json.replace('<', "\\u003c");
    let licence = format!(
        "/*! cytoscape.js, inlined by mkg report. Its licence:\n{}*/\n",
        CYTOSCAPE_LICENSE.replace("*/", "* /")
    );
    let library = licence + CYTOSCAPE;
    fill(
        TEMPLATE,
        &[
            ("__MKG_TITLE__", &escape_html(report.title)),
            ("__MKG_DATA__", &json),
            ("/*__MKG_CYTOSCAPE__*/", &library),
        ],
    )
}

/// `template` with each marker, in the order given and found once each, replaced by its
/// text: in one pass, so a marker inside a title or sentence stays as written.
fn fill(template: &str, parts: &[(&str, &str)]) -> Result<String> {
    let mut page =
        String::with_capacity(template.len() + parts.iter().map(|p| p.1.len()).sum::<usize>());
    let mut rest = template;
    for (marker, text) in parts {
        let Some(at) = rest.find(marker) else {
            return Err(crate::error::Error::Invalid(format!(
                "the report template lacks {marker}"
            )));
        };
        page.push_str(&rest[..at]);
        page.push_str(text);
        rest = &rest[at + marker.len()..];
    }
    page.push_str(rest);
    Ok(page)
}

/// Links a reader may follow from the page: web pages and local files, not
/// `javascript:` or `data:` addresses a document's metadata could carry.
fn is_safe_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "file://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    fn page(graph: &crate::model::Subgraph, title: &str) -> String {
        let link =
            |name: &str| Ok((name == "cnn.txt").then(|| "https://example.org/cnn".to_string()));
        to_html(
            graph,
            &Report {
                title,
                selection: &Selection::default(),
                link: &link,
            },
        )
        .unwrap()
    }

    fn data_of(html: &str) -> serde_json::Value {
        let start = html.find("id=\"mkg-data\">").unwrap() + "id=\"mkg-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    /// The page's one edge of `relation`.
    fn edge_of<'a>(data: &'a serde_json::Value, relation: &str) -> &'a serde_json::Value {
        data["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["relation"] == relation)
            .unwrap()
    }

    #[test]
    fn report_inlines_the_library_its_licence_and_the_data() {
        let html = page(&sample::graph(), "Harris & <the> region");
        assert!(html.contains("<title>Harris &amp; &lt;the&gt; region</title>"));
        assert!(html.contains("Copyright (c) 2016-2026, The Cytoscape Consortium."));
        assert!(!html.contains("__MKG_"), "every marker filled");
        assert!(
            !html.contains("src=\"http"),
            "nothing loaded from a network"
        );
        let data = data_of(&html);
        assert_eq!(data["nodes"].as_array().unwrap().len(), 3);
        let funds = edge_of(&data, "funds");
        assert_eq!(funds["amount"], "$310 million");
        assert_eq!(funds["evidence"][0]["sentence"], "3 funds 2.");
        assert_eq!(funds["evidence"][0]["url"], "https://example.org/cnn");
        let met = edge_of(&data, "met_with");
        assert_eq!(met["symmetric"], true);
    }

    #[test]
    fn markers_in_titles_and_sentences_stay_text_and_links_are_web_or_file() {
        let mut graph = sample::graph();
        graph.edges[0].evidence[0].sentence = "a /*__MKG_CYTOSCAPE__*/ b".into();
        graph.edges[1].evidence[0].document = "evil.txt".into();
        let html = page(&graph, "__MKG_DATA__ /*__MKG_CYTOSCAPE__*/");
        assert!(html.contains("<title>__MKG_DATA__ /*__MKG_CYTOSCAPE__*/</title>"));
        let data = data_of(&html);
        let sentences: Vec<&str> = data["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["evidence"][0]["sentence"].as_str().unwrap())
            .collect();
        assert!(
            sentences.contains(&"a /*__MKG_CYTOSCAPE__*/ b"),
            "{sentences:?}"
        );
        let library_once = page(&sample::graph(), "t")
            .matches("The Cytoscape Consortium")
            .count();
        assert_eq!(
            html.matches("The Cytoscape Consortium").count(),
            library_once
        );
        assert!(!html.contains("javascript:alert"));
    }

    #[test]
    fn the_date_filter_sees_every_date_though_the_page_carries_twenty_sentences() {
        let mut graph = sample::graph();
        let first = graph.edges[0].evidence[0].clone();
        graph.edges[0].evidence = (0..25)
            .map(|i| crate::model::Evidence {
                date: Some(if i == 24 { "2025-06-01" } else { "2023-01-05" }.to_string()),
                ..first.clone()
            })
            .collect();
        graph.edges[0].evidence_count = 25;
        let data = data_of(&page(&graph, "t"));
        let funds = edge_of(&data, "funds");
        assert_eq!(funds["evidence"].as_array().unwrap().len(), 20);
        assert_eq!(
            funds["dates"],
            serde_json::json!(["2023-01-05", "2025-06-01"])
        );
        assert_eq!(funds["evidence_count"], 25);
    }

    #[test]
    fn a_sentence_cannot_close_the_script_it_is_in() {
        let mut graph = sample::graph();
        graph.edges[0].evidence[0].sentence =
            "He wrote </script><script>alert(1)</script> <!-- x".into();
        let html = page(&graph, "t");
        assert_eq!(html.matches("</script>").count(), 3, "the page's own three");
        assert_eq!(
            data_of(&html)["edges"][2]["evidence"][0]["sentence"],
            "He wrote </script><script>alert(1)</script> <!-- x"
        );
    }
}
