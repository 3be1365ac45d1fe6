//! Choosing what a picture or a report shows: the best-connected nodes of a graph too
//! large to draw, read from a [`GraphSource`] in two passes without holding it.

use crate::error::Result;
use crate::model::{Edge, GraphItem, GraphSource, Node, Subgraph};
use std::collections::{HashMap, HashSet};

/// Which part of a graph a picture ([`super::to_dot`]) or report ([`super::to_html`])
/// shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Most nodes shown, the most connected kept; beyond a few hundred a drawing is
    /// unreadable and slow to lay out.
    pub max_nodes: usize,
    /// Nodes with fewer neighbours are left out; the default 1 leaves out isolated
    /// entities, 0 keeps them.
    pub min_degree: usize,
    /// The entity a focused view is about: always shown, and at the centre.
    pub focus: Option<i64>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            max_nodes: 300,
            min_degree: 1,
            focus: None,
        }
    }
}

/// What [`select`] kept, and of how much.
#[derive(Debug, Clone)]
pub struct Selected {
    /// The nodes kept and the edges among them, nodes by id.
    pub graph: Subgraph,
    /// Nodes in the source.
    pub all_nodes: usize,
    /// Edges in the source.
    pub all_edges: usize,
    /// Nodes left out for having fewer neighbours than [`Selection::min_degree`].
    pub below_min_degree: usize,
    /// Whether [`Selection::max_nodes`] left out nodes.
    pub cut: bool,
}

impl Selected {
    /// What a reader should know was left out, one sentence each.
    pub fn notes(&self, selection: &Selection) -> Vec<String> {
        let mut notes = Vec::new();
        if self.below_min_degree > 0 {
            notes.push(if selection.min_degree == 1 {
                format!("{} isolated entities left out", self.below_min_degree)
            } else {
                format!(
                    "{} entities with fewer than {} neighbours left out",
                    self.below_min_degree, selection.min_degree
                )
            });
        }
        if self.cut {
            notes.push(format!(
                "the {} best-connected of {} entities shown, with {} of {} edges",
                self.graph.nodes.len(),
                self.all_nodes - self.below_min_degree,
                self.graph.edges.len(),
                self.all_edges
            ));
        }
        if self.graph.omitted_edges > 0 {
            notes.push(format!(
                "{} more edges not followed: the query reached its node limit",
                self.graph.omitted_edges
            ));
        }
        notes
    }
}

/// Reads `graph` twice, once for every node's number of distinct neighbours and once
/// for the nodes [`Selection`] keeps and the edges among them, with up to `evidence`
/// pieces each. Ties at the cut go to the lower id.
pub fn select(graph: &dyn GraphSource, selection: &Selection, evidence: usize) -> Result<Selected> {
    let mut pairs: HashSet<(i64, i64)> = HashSet::new();
    graph.visit(0, &mut |item| {
        if let GraphItem::Edge(e) = item {
            if e.source != e.target {
                pairs.insert((e.source.min(e.target), e.source.max(e.target)));
            }
        }
        Ok(())
    })?;
    let mut degree: HashMap<i64, usize> = HashMap::new();
    for &(a, b) in &pairs {
        *degree.entry(a).or_default() += 1;
        *degree.entry(b).or_default() += 1;
    }
    drop(pairs);
    let degree_of = |id: i64| degree.get(&id).copied().unwrap_or(0);

    let mut candidates: Vec<Node> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut kept: Option<HashSet<i64>> = None;
    // Whether the cut left nodes out, known when it is made.
    let mut cut_made = false;
    let (mut all_nodes, mut all_edges, mut below_min_degree) = (0, 0, 0);
    graph.visit(evidence, &mut |item| {
        match item {
            GraphItem::Node(node) => {
                all_nodes += 1;
                if degree_of(node.id) >= selection.min_degree || selection.focus == Some(node.id) {
                    candidates.push(node.clone());
                } else {
                    below_min_degree += 1;
                }
            }
            GraphItem::Edge(edge) => {
                all_edges += 1;
                // Every node has come: make the cut once.
                let kept = kept.get_or_insert_with(|| {
                    cut_made = candidates.len() > selection.max_nodes;
                    cut(&mut candidates, selection, &degree_of)
                });
                if kept.contains(&edge.source) && kept.contains(&edge.target) {
                    edges.push(edge.clone());
                }
            }
        }
        Ok(())
    })?;
    if kept.is_none() {
        cut_made = candidates.len() > selection.max_nodes;
        cut(&mut candidates, selection, &degree_of);
    }
    // With min_degree set, a node whose edges all went with the cut is left out too.
    let mut linked: HashSet<i64> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
    linked.extend(selection.focus);
    candidates.retain(|n| selection.min_degree == 0 || linked.contains(&n.id));
    Ok(Selected {
        graph: Subgraph {
            nodes: candidates,
            edges,
            omitted_edges: graph.omitted_edges(),
        },
        all_nodes,
        all_edges,
        below_min_degree,
        cut: cut_made,
    })
}

/// Keeps the `max_nodes` best-connected candidates (the focus first), leaving them in
/// id order; returns their ids.
fn cut(
    candidates: &mut Vec<Node>,
    selection: &Selection,
    degree_of: &dyn Fn(i64) -> usize,
) -> HashSet<i64> {
    if candidates.len() > selection.max_nodes {
        let rank = |n: &Node| {
            (
                selection.focus != Some(n.id),
                std::cmp::Reverse(degree_of(n.id)),
                n.id,
            )
        };
        candidates.sort_by_key(rank);
        candidates.truncate(selection.max_nodes);
        candidates.sort_by_key(|n| n.id);
    }
    candidates.iter().map(|n| n.id).collect()
}
