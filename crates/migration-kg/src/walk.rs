//! The query layer: neighbourhoods of an entity and paths between two, walked over SQL frontiers.

use crate::error::{Error, Result};
pub use crate::model::Direction;
use crate::model::{Edge, Node, RelationType, Subgraph};
use crate::store::Store;
use petgraph::algo::{all_simple_paths, dijkstra};
use petgraph::graph::{NodeIndex, UnGraph};
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

/// How far and along what [`neighbors`] walks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkOptions {
    /// Steps from the start.
    pub depth: usize,
    /// Relations that may be walked; empty means all.
    pub relations: Vec<RelationType>,
    /// Which way edges may be walked.
    pub direction: Direction,
    /// Most nodes returned, the start included; hubs would otherwise pull in the graph.
    pub max_nodes: usize,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            depth: 1,
            relations: Vec::new(),
            direction: Direction::Both,
            max_nodes: 2000,
        }
    }
}

/// One step of a path, oriented along the path (`edge` may point the other way).
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Where the hop starts.
    pub from: Node,
    /// The edge it walks.
    pub edge: Edge,
    /// Where it ends.
    pub to: Node,
}

/// Most nodes loaded around each end when enumerating every path.
pub const BALL_CAP: usize = 20_000;

/// Pieces of evidence loaded per edge of a walk's answer.
pub const EVIDENCE_PER_EDGE: usize = 20;

/// The start node and everything reachable from it within `opts.depth` steps, breadth
/// first. Edges are those walked from a level that join two returned nodes. When a
/// level brings more new nodes than `opts.max_nodes` leaves room for, it keeps those
/// with the most evidence on their edges from the level (then the best connected),
/// as a reader of a hub's neighbourhood would want, and stops there; `omitted_edges`
/// counts the edges read, or left unread past [`MAX_EDGES_READ`], that lead to nodes
/// left out.
pub fn neighbors(store: &Store, start: i64, opts: &WalkOptions) -> Result<Subgraph> {
    store.node(start)?;
    let cap = opts.max_nodes.max(1);
    let mut kept = HashSet::from([start]);
    let mut walked = BTreeSet::new();
    let mut frontier = vec![start];
    let mut omitted_edges = 0;
    let mut edges_read = 0;
    for _ in 0..opts.depth {
        if frontier.is_empty() {
            break;
        }
        // Least connected first: if the read budget runs out, it is on the hubs.
        let degrees = store.degrees(&frontier)?;
        frontier.sort_by_key(|id| (degrees.get(id).copied().unwrap_or_default(), *id));
        let mut steps = Vec::new();
        // Each new neighbour and the evidence of its edges from this level.
        let mut evidence: HashMap<i64, usize> = HashMap::new();
        let mut unread = false;
        for &from in &frontier {
            if edges_read >= MAX_EDGES_READ {
                unread = true;
                omitted_edges += store.count_steps(from, &opts.relations, opts.direction)?;
                continue;
            }
            for weighted in store.weighted_steps(from, &opts.relations, opts.direction)? {
                edges_read += 1;
                let step = weighted.step;
                if !kept.contains(&step.to) {
                    *evidence.entry(step.to).or_default() += weighted.evidence;
                }
                steps.push(step);
            }
        }
        let room = cap.saturating_sub(kept.len());
        let mut next: Vec<i64> = evidence.keys().copied().collect();
        let full = next.len() > room;
        if full {
            next = best_supported(store, next, &evidence, room)?;
        }
        next.sort_unstable();
        kept.extend(&next);
        for step in steps {
            if kept.contains(&step.to) {
                walked.insert(step.edge);
            } else {
                omitted_edges += 1;
            }
        }
        frontier = next;
        if full || unread {
            break;
        }
    }
    let mut ids: Vec<i64> = kept.into_iter().collect();
    ids.sort_unstable();
    Ok(Subgraph {
        nodes: store.nodes(&ids)?,
        edges: store.edges(&walked.into_iter().collect::<Vec<_>>(), EVIDENCE_PER_EDGE)?,
        omitted_edges,
    })
}

/// The `room` candidates with the most evidence, then the highest degree, then the
/// lowest id. Degrees are read only for the candidates tied at the cut.
fn best_supported(
    store: &Store,
    mut candidates: Vec<i64>,
    evidence: &HashMap<i64, usize>,
    room: usize,
) -> Result<Vec<i64>> {
    candidates.sort_by_key(|id| (Reverse(evidence[id]), *id));
    let Some(&cut) = candidates.get(room).map(|id| &evidence[id]) else {
        return Ok(candidates);
    };
    let above = candidates.partition_point(|id| evidence[id] > cut);
    let tied_end = candidates.partition_point(|id| evidence[id] >= cut);
    let tied = &mut candidates[above..tied_end];
    let degrees = store.degrees(tied)?;
    tied.sort_by_key(|id| (Reverse(degrees.get(id).copied().unwrap_or_default()), *id));
    candidates.truncate(room);
    Ok(candidates)
}

/// Nodes with more edges than this are reached by a path search but not expanded:
/// reading a hub's neighbours would dwarf the rest of the search, and a path can still
/// pass through a hub that both ends reach.
pub const HUB_DEGREE: usize = 5_000;

/// Most edges a path search reads before it gives up, and a walk before it stops.
pub const MAX_EDGES_READ: usize = 1_000_000;

/// What [`paths`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathOptions {
    /// Longest path, in edges.
    pub max_hops: usize,
    /// Every simple path rather than one shortest.
    pub all: bool,
    /// Most paths returned with `all`.
    pub limit: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            max_hops: 6,
            all: false,
            limit: 50,
        }
    }
}

/// What a path search found, and what it did not look through.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSearch {
    /// The paths found, shortest first, each as its hops.
    pub paths: Vec<Vec<Hop>>,
    /// Hubs (more than [`HUB_DEGREE`] edges) that the search reached but did not expand,
    /// most connected first: a path through two of them in a row is not found.
    pub hubs: Vec<(Node, usize)>,
    /// The search read [`MAX_EDGES_READ`] edges and stopped before `max_hops`.
    pub gave_up: bool,
    /// With `all`: the neighbourhood of an end held more than [`BALL_CAP`] nodes and
    /// was cut there, so paths through the rest were not enumerated.
    pub cut: bool,
    /// With `all`: `limit` paths were found and the search stopped there.
    pub limit_reached: bool,
}

/// Paths from `from` to `to` of at most `max_hops` edges, along any relation in either
/// direction: the shortest one, found from both ends at once, or with `all` every
/// simple path, shortest first, up to `limit`. No paths when there is none; the
/// result says which limit, if any, stopped the search.
pub fn paths(store: &Store, from: i64, to: i64, options: &PathOptions) -> Result<PathSearch> {
    let max_hops = options.max_hops;
    let start = store.node(from)?;
    store.node(to)?;
    if from == to {
        return Err(Error::Invalid(format!(
            "'{}' is at both ends of the path",
            start.name
        )));
    }
    let mut search = Search::default();
    let routes = if max_hops == 0 {
        Vec::new()
    } else if options.all {
        all_routes(store, from, to, max_hops, options.limit, &mut search)?
    } else {
        shortest_route(store, from, to, max_hops, &mut search)?
            .into_iter()
            .collect()
    };
    let ids: Vec<i64> = routes
        .iter()
        .flatten()
        .flat_map(|&(a, _, b)| [a, b])
        .chain(search.hubs.iter().copied())
        .collect();
    let nodes: HashMap<i64, Node> = store.nodes(&ids)?.into_iter().map(|n| (n.id, n)).collect();
    let edge_ids: Vec<i64> = routes.iter().flatten().map(|&(_, e, _)| e).collect();
    let edges: HashMap<i64, Edge> = store
        .edges(&edge_ids, EVIDENCE_PER_EDGE)?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let missing =
        |what: &str, id: i64| Error::Invalid(format!("a path refers to missing {what} {id}"));
    let node = |id: i64| nodes.get(&id).cloned().ok_or_else(|| missing("entity", id));
    let paths = routes
        .into_iter()
        .map(|route| {
            route
                .into_iter()
                .map(|(a, e, b)| {
                    Ok(Hop {
                        from: node(a)?,
                        edge: edges.get(&e).cloned().ok_or_else(|| missing("edge", e))?,
                        to: node(b)?,
                    })
                })
                .collect()
        })
        .collect::<Result<Vec<Vec<Hop>>>>()?;
    let degrees = store.degrees(&search.hubs.iter().copied().collect::<Vec<_>>())?;
    let mut hubs = search
        .hubs
        .iter()
        .map(|&id| Ok((node(id)?, degrees.get(&id).copied().unwrap_or_default())))
        .collect::<Result<Vec<_>>>()?;
    hubs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    Ok(PathSearch {
        paths,
        hubs,
        gave_up: search.gave_up,
        cut: search.cut,
        limit_reached: search.limit_reached,
    })
}

/// A path as (from, edge id, to) steps.
type Route = Vec<(i64, i64, i64)>;

/// What a bidirectional search spent and skipped.
#[derive(Default)]
struct Search {
    edges_read: usize,
    hubs: BTreeSet<i64>,
    gave_up: bool,
    cut: bool,
    limit_reached: bool,
}

/// One end of a bidirectional search.
struct Side {
    dist: HashMap<i64, usize>,
    /// How each reached node was reached: the node one step nearer the root, and the edge.
    via: HashMap<i64, (i64, i64)>,
    frontier: Vec<i64>,
    depth: usize,
    /// Hubs reached on this side were left unexpanded.
    held_back: bool,
}

impl Side {
    fn new(root: i64) -> Side {
        Side {
            dist: HashMap::from([(root, 0)]),
            via: HashMap::new(),
            frontier: vec![root],
            depth: 0,
            held_back: false,
        }
    }

    /// Walks one level out from every frontier node but hubs (the root excepted).
    fn expand(&mut self, store: &Store, search: &mut Search) -> Result<()> {
        let mut frontier = std::mem::take(&mut self.frontier);
        frontier.sort_unstable();
        let degrees = store.degrees(&frontier)?;
        self.depth += 1;
        for from in frontier {
            let degree = degrees.get(&from).copied().unwrap_or_default();
            if degree > HUB_DEGREE && self.depth > 1 {
                search.hubs.insert(from);
                self.held_back = true;
                continue;
            }
            if search.edges_read + degree > MAX_EDGES_READ {
                search.gave_up = true;
                return Ok(());
            }
            search.edges_read += degree;
            store.for_each_step(from, &[], Direction::Both, |step| {
                if let Entry::Vacant(slot) = self.dist.entry(step.to) {
                    slot.insert(self.depth);
                    self.via.insert(step.to, (from, step.edge));
                    self.frontier.push(step.to);
                }
                true
            })?;
        }
        Ok(())
    }

    /// Steps from the root to `node`, oriented away from the root.
    fn steps_to(&self, node: i64) -> Route {
        let mut steps = Vec::new();
        let mut at = node;
        while let Some(&(prev, edge)) = self.via.get(&at) {
            steps.push((prev, edge, at));
            at = prev;
        }
        steps.reverse();
        steps
    }
}

/// Bidirectional breadth-first search, always growing the smaller frontier.
fn shortest_route(
    store: &Store,
    from: i64,
    to: i64,
    max_hops: usize,
    search: &mut Search,
) -> Result<Option<Route>> {
    let mut forward = Side::new(from);
    let mut backward = Side::new(to);
    while forward.depth + backward.depth < max_hops && !search.gave_up {
        // An end whose component is exhausted cannot meet the other; one that only
        // stopped at hubs can still be reached by the other end.
        if [&forward, &backward]
            .iter()
            .any(|side| side.frontier.is_empty() && !side.held_back)
        {
            return Ok(None);
        }
        let grow_forward = match (forward.frontier.is_empty(), backward.frontier.is_empty()) {
            (true, true) => return Ok(None),
            (false, true) => true,
            (true, false) => false,
            (false, false) => forward.frontier.len() <= backward.frontier.len(),
        };
        let (side, other) = if grow_forward {
            (&mut forward, &backward)
        } else {
            (&mut backward, &forward)
        };
        side.expand(store, search)?;
        // Every node of the first meeting level lies on a shortest path; the lowest id
        // makes the choice repeatable.
        let meet = side
            .frontier
            .iter()
            .filter(|id| other.dist.contains_key(id))
            .min()
            .copied();
        if let Some(meet) = meet {
            let mut steps = forward.steps_to(meet);
            steps.extend(
                backward
                    .steps_to(meet)
                    .into_iter()
                    .rev()
                    .map(|(a, e, b)| (b, e, a)),
            );
            return Ok(Some(steps));
        }
    }
    Ok(None)
}

/// Every simple path of at most `max_hops` edges, shortest first, at most `limit`.
/// Parallel edges between two nodes count once (the lowest id stands for them).
///
/// Every node of such a path lies within half of `max_hops` (rounded up) of one end,
/// and every edge of it is read when its nearer node is expanded, so the two
/// neighbourhoods of that depth hold all the paths there are.
fn all_routes(
    store: &Store,
    from: i64,
    to: i64,
    max_hops: usize,
    limit: usize,
    search: &mut Search,
) -> Result<Vec<Route>> {
    let half = max_hops.div_ceil(2);
    let mut nodes = BTreeSet::new();
    let mut edges: Vec<Edge> = Vec::new();
    for end in [from, to] {
        let ball = neighbors(
            store,
            end,
            &WalkOptions {
                depth: half,
                relations: Vec::new(),
                direction: Direction::Both,
                max_nodes: BALL_CAP,
            },
        )?;
        search.cut |= ball.omitted_edges > 0;
        nodes.extend(ball.nodes.iter().map(|n| n.id));
        edges.extend(ball.edges);
    }
    edges.sort_by_key(|e| e.id);
    let mut graph: UnGraph<i64, ()> = UnGraph::new_undirected();
    let index: HashMap<i64, NodeIndex> = nodes.iter().map(|&id| (id, graph.add_node(id))).collect();
    let mut between: HashMap<(i64, i64), i64> = HashMap::new();
    for edge in &edges {
        let pair = (edge.source.min(edge.target), edge.source.max(edge.target));
        if let (false, Some(&a), Some(&b)) = (
            between.contains_key(&pair),
            index.get(&edge.source),
            index.get(&edge.target),
        ) {
            between.insert(pair, edge.id);
            graph.add_edge(a, b, ());
        }
    }
    let (Some(&start), Some(&goal)) = (index.get(&from), index.get(&to)) else {
        return Ok(Vec::new());
    };
    // Only nodes within max_hops of both ends can lie on a path; pruning the rest keeps
    // the enumeration small.
    let from_start = dijkstra(&graph, start, None, |_| 1usize);
    let from_goal = dijkstra(&graph, goal, None, |_| 1usize);
    let pruned = graph.filter_map(
        |i, &id| match (from_start.get(&i), from_goal.get(&i)) {
            (Some(a), Some(b)) if a + b <= max_hops => Some(id),
            _ => None,
        },
        |_, _| Some(()),
    );
    let position = |id: i64| pruned.node_indices().find(|&i| pruned[i] == id);
    let (Some(start), Some(goal)) = (position(from), position(to)) else {
        return Ok(Vec::new());
    };
    let mut routes = Vec::new();
    for hops in 1..=max_hops {
        // One more than wanted tells whether the limit cut the list.
        let mut found: Vec<Vec<i64>> =
            all_simple_paths::<Vec<_>, _>(&pruned, start, goal, hops - 1, Some(hops - 1))
                .take(limit + 1 - routes.len())
                .map(|path| path.into_iter().map(|i| pruned[i]).collect())
                .collect();
        found.sort();
        routes.extend(found.into_iter().map(|ids| {
            ids.windows(2)
                .filter_map(|w| {
                    let pair = (w[0].min(w[1]), w[0].max(w[1]));
                    between.get(&pair).map(|&edge| (w[0], edge, w[1]))
                })
                .collect()
        }));
        if routes.len() > limit {
            routes.truncate(limit);
            search.limit_reached = true;
            break;
        }
    }
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hops(max_hops: usize, all: bool) -> PathOptions {
        PathOptions {
            max_hops,
            all,
            ..PathOptions::default()
        }
    }
    use crate::store::tests::store_with;
    use RelationType::*;

    /// Harris visits Guatemala and met Giammattei, who leads it; USAID funds Guatemala;
    /// Biden directs Harris; Zuniga is apart.
    fn sample() -> Store {
        store_with(&[
            ("Harris", Visits, "Guatemala"),
            ("Harris", MetWith, "Giammattei"),
            ("Giammattei", LeaderOf, "Guatemala"),
            ("USAID", Funds, "Guatemala"),
            ("Biden", Directs, "Harris"),
            ("Zuniga", MemberOf, "State"),
        ])
    }

    fn id(store: &Store, name: &str) -> i64 {
        store.find_entity(name).unwrap().id
    }

    fn names(sub: &Subgraph) -> Vec<&str> {
        let mut names: Vec<&str> = sub.nodes.iter().map(|n| n.name.as_str()).collect();
        names.sort();
        names
    }

    fn walk(store: &Store, opts: WalkOptions) -> Subgraph {
        neighbors(store, id(store, "Harris"), &opts).unwrap()
    }

    #[test]
    fn neighbors_by_depth() {
        let store = sample();
        let one = walk(&store, WalkOptions::default());
        assert_eq!(names(&one), ["Biden", "Giammattei", "Guatemala", "Harris"]);
        assert_eq!(one.edges.len(), 3);
        assert_eq!(one.omitted_edges, 0);
        let two = walk(
            &store,
            WalkOptions {
                depth: 2,
                ..WalkOptions::default()
            },
        );
        assert_eq!(
            names(&two),
            ["Biden", "Giammattei", "Guatemala", "Harris", "USAID"]
        );
        let relations: Vec<RelationType> = two.edges.iter().map(|e| e.relation).collect();
        assert_eq!(relations, [Visits, MetWith, LeaderOf, Funds, Directs]);
        let none = walk(
            &store,
            WalkOptions {
                depth: 0,
                ..WalkOptions::default()
            },
        );
        assert_eq!(names(&none), ["Harris"]);
    }

    #[test]
    fn neighbors_filtered_by_relation_and_direction() {
        let store = sample();
        let visits = walk(
            &store,
            WalkOptions {
                depth: 2,
                relations: vec![Visits],
                ..WalkOptions::default()
            },
        );
        assert_eq!(names(&visits), ["Guatemala", "Harris"]);
        let out = walk(
            &store,
            WalkOptions {
                direction: Direction::Out,
                ..WalkOptions::default()
            },
        );
        assert_eq!(names(&out), ["Giammattei", "Guatemala", "Harris"]);
        let into = walk(
            &store,
            WalkOptions {
                direction: Direction::In,
                ..WalkOptions::default()
            },
        );
        assert_eq!(names(&into), ["Biden", "Giammattei", "Harris"]);
    }

    #[test]
    fn neighbors_cap_counts_what_was_left_out() {
        let store = sample();
        let capped = walk(
            &store,
            WalkOptions {
                depth: 3,
                max_nodes: 2,
                ..WalkOptions::default()
            },
        );
        assert_eq!(capped.nodes.len(), 2);
        assert_eq!(capped.omitted_edges, 2);
        assert_eq!(capped.edges.len(), 1);
        assert!(neighbors(&store, 999, &WalkOptions::default()).is_err());
    }

    #[test]
    fn direction_parses() {
        assert_eq!("in".parse::<Direction>(), Ok(Direction::In));
        assert_eq!("both".parse::<Direction>(), Ok(Direction::Both));
        assert_eq!(
            "up".parse::<Direction>().unwrap_err(),
            "unknown direction 'up' (expected one of: out, in, both)"
        );
    }

    fn hop_names(path: &[Hop]) -> Vec<(&str, RelationType, &str)> {
        path.iter()
            .map(|h| (h.from.name.as_str(), h.edge.relation, h.to.name.as_str()))
            .collect()
    }

    #[test]
    fn shortest_path_over_three_hops() {
        let store = sample();
        let (biden, usaid) = (id(&store, "Biden"), id(&store, "USAID"));
        let found = paths(&store, biden, usaid, &hops(6, false)).unwrap().paths;
        assert_eq!(found.len(), 1);
        assert_eq!(
            hop_names(&found[0]),
            [
                ("Biden", Directs, "Harris"),
                ("Harris", Visits, "Guatemala"),
                ("Guatemala", Funds, "USAID")
            ]
        );
        let back = paths(&store, usaid, biden, &hops(6, false)).unwrap().paths;
        assert_eq!(
            hop_names(&back[0]),
            [
                ("USAID", Funds, "Guatemala"),
                ("Guatemala", Visits, "Harris"),
                ("Harris", Directs, "Biden")
            ]
        );
        assert!(paths(&store, biden, usaid, &hops(2, false))
            .unwrap()
            .paths
            .is_empty());
        assert!(paths(&store, biden, id(&store, "Zuniga"), &hops(6, false))
            .unwrap()
            .paths
            .is_empty());
        assert!(paths(&store, biden, biden, &hops(6, false)).is_err());
    }

    #[test]
    fn all_paths_in_a_diamond() {
        let store = store_with(&[
            ("P", Funds, "Q"),
            ("P", Funds, "R"),
            ("Q", Assists, "S"),
            ("S", Assists, "R"),
            ("Q", Contacted, "X"),
        ]);
        let (p, s) = (id(&store, "P"), id(&store, "S"));
        let all = paths(&store, p, s, &hops(4, true)).unwrap().paths;
        let shapes: Vec<Vec<(&str, RelationType, &str)>> =
            all.iter().map(|h| hop_names(h)).collect();
        assert_eq!(
            shapes,
            [
                vec![("P", Funds, "Q"), ("Q", Assists, "S")],
                vec![("P", Funds, "R"), ("R", Assists, "S")],
            ]
        );
        assert!(paths(&store, p, s, &hops(1, true))
            .unwrap()
            .paths
            .is_empty());
        let shortest = paths(&store, p, s, &hops(4, false)).unwrap().paths;
        assert_eq!(shortest.len(), 1);
        assert_eq!(shortest[0].len(), 2);
    }

    #[test]
    fn all_paths_shortest_first() {
        // A-B-C-D plus a direct A-D: the one-hop path must come first.
        let store = store_with(&[
            ("A", WorksWith, "B"),
            ("B", WorksWith, "C"),
            ("C", WorksWith, "D"),
            ("A", WorksWith, "D"),
        ]);
        let all = paths(&store, id(&store, "A"), id(&store, "D"), &hops(3, true))
            .unwrap()
            .paths;
        let lengths: Vec<usize> = all.iter().map(Vec::len).collect();
        assert_eq!(lengths, [1, 3]);
    }

    /// Two hubs of more than HUB_DEGREE edges, joined to each other; A and B hang off
    /// the first, C off the second.
    fn hubs() -> (Store, [i64; 5]) {
        let mut store = Store::in_memory().unwrap();
        let ids = store
            .bulk(|bulk| {
                let doc = bulk.document("hubs", "Generated.")?;
                let mut node = |name: &str| bulk.entity(name, crate::model::EntityKind::Agency);
                let [h1, h2, a, b, c] =
                    [node("H1")?, node("H2")?, node("A")?, node("B")?, node("C")?];
                for i in 0..=HUB_DEGREE {
                    let leaf =
                        bulk.entity(&format!("leaf {i}"), crate::model::EntityKind::Agency)?;
                    bulk.edge(h1, Funds, leaf, (doc, "Funds.", "funds"))?;
                    bulk.edge(h2, Funds, leaf, (doc, "Funds.", "funds"))?;
                }
                for (x, y) in [(a, h1), (b, h1), (h1, h2), (c, h2)] {
                    bulk.edge(x, WorksWith, y, (doc, "Works with.", "works with"))?;
                }
                Ok([h1, h2, a, b, c])
            })
            .unwrap();
        (store, ids)
    }

    #[test]
    fn path_search_meets_at_a_hub_but_does_not_expand_one() {
        let (store, [h1, _, a, b, c]) = hubs();
        let through_one = paths(&store, a, b, &hops(6, false)).unwrap();
        let ends: Vec<(i64, i64)> = through_one.paths[0]
            .iter()
            .map(|hop| (hop.from.id, hop.to.id))
            .collect();
        assert_eq!(ends, [(a, h1), (h1, b)]);

        let through_two = paths(&store, a, c, &hops(6, false)).unwrap();
        assert!(through_two.paths.is_empty(), "H1 - H2 needs a hub expanded");
        let named: Vec<(&str, usize)> = through_two
            .hubs
            .iter()
            .map(|(node, degree)| (node.name.as_str(), *degree))
            .collect();
        assert_eq!(named, [("H1", HUB_DEGREE + 4), ("H2", HUB_DEGREE + 3)]);
        assert!(!through_two.gave_up);
        // From a hub itself, the search starts by expanding it.
        assert_eq!(
            paths(&store, h1, c, &hops(6, false)).unwrap().paths[0].len(),
            2
        );
    }

    #[test]
    fn a_hub_walk_stops_at_the_cap_and_counts_the_rest() {
        let (store, [h1, ..]) = hubs();
        let walk = neighbors(&store, h1, &WalkOptions::default()).unwrap();
        assert_eq!(walk.nodes.len(), 2000);
        assert_eq!(walk.edges.len(), 1999);
        assert_eq!(walk.omitted_edges, HUB_DEGREE + 4 - 1999);
    }

    #[test]
    fn a_capped_walk_keeps_the_neighbours_with_most_evidence_then_best_connected() {
        let mut store = Store::in_memory().unwrap();
        let hub = store
            .bulk(|bulk| {
                let docs = [
                    bulk.document("one", "One.")?,
                    bulk.document("two", "Two.")?,
                    bulk.document("three", "Three.")?,
                ];
                let mut node = |name: &str| bulk.entity(name, crate::model::EntityKind::Agency);
                let [hub, strong, firm, linked, other] = [
                    node("Hub")?,
                    node("Strong")?,
                    node("Firm")?,
                    node("Linked")?,
                    node("Other")?,
                ];
                // Made first, so a walk that kept the first rows it read would keep them.
                for i in 0..30 {
                    let leaf =
                        bulk.entity(&format!("leaf {i}"), crate::model::EntityKind::Agency)?;
                    bulk.edge(hub, Funds, leaf, (docs[0], "Funds.", "funds"))?;
                }
                for doc in docs {
                    bulk.edge(hub, Funds, strong, (doc, "Funds.", "funds"))?;
                }
                for doc in &docs[..2] {
                    bulk.edge(hub, Funds, firm, (*doc, "Funds.", "funds"))?;
                }
                bulk.edge(hub, Funds, linked, (docs[0], "Funds.", "funds"))?;
                bulk.edge(linked, WorksWith, other, (docs[0], "Works.", "works with"))?;
                Ok(hub)
            })
            .unwrap();
        let opts = WalkOptions {
            max_nodes: 4,
            ..WalkOptions::default()
        };
        let walk = neighbors(&store, hub, &opts).unwrap();
        let mut kept: Vec<&str> = walk.nodes.iter().map(|n| n.name.as_str()).collect();
        kept.sort_unstable();
        assert_eq!(kept, ["Firm", "Hub", "Linked", "Strong"]);
        assert_eq!(walk.edges.len(), 3);
        assert_eq!(walk.omitted_edges, 30);
    }

    /// Simple paths of 1..=`max_hops` edges from `from` to `to` over an undirected
    /// adjacency, as name sequences: the brute force the search must agree with.
    fn brute_paths(
        adjacent: &HashMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        max_hops: usize,
    ) -> BTreeSet<Vec<String>> {
        fn extend(
            adjacent: &HashMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            to: &str,
            max_hops: usize,
            found: &mut BTreeSet<Vec<String>>,
        ) {
            let last = path.last().cloned().unwrap_or_default();
            if last == to {
                found.insert(path.clone());
                return;
            }
            if path.len() > max_hops {
                return;
            }
            for next in adjacent.get(&last).into_iter().flatten() {
                if !path.contains(next) {
                    path.push(next.clone());
                    extend(adjacent, path, to, max_hops, found);
                    path.pop();
                }
            }
        }
        let mut found = BTreeSet::new();
        extend(
            adjacent,
            &mut vec![from.to_string()],
            to,
            max_hops,
            &mut found,
        );
        found
    }

    #[test]
    fn walks_and_paths_agree_with_a_plain_search_on_random_graphs() {
        let relations = [
            RelationType::MetWith,
            RelationType::Funds,
            RelationType::Visits,
        ];
        for seed in 0..40 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let n = rng.usize(4..14);
            let mut facts = Vec::new();
            for _ in 0..rng.usize(n..3 * n) {
                let (a, b) = (rng.usize(0..n), rng.usize(0..n));
                if a != b {
                    let relation = relations[rng.usize(0..relations.len())];
                    facts.push((format!("N{a}"), relation, format!("N{b}")));
                }
            }
            let borrowed: Vec<(&str, RelationType, &str)> = facts
                .iter()
                .map(|(a, r, b)| (a.as_str(), *r, b.as_str()))
                .collect();
            let store = store_with(&borrowed);
            let mut adjacent: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (a, _, b) in &facts {
                adjacent.entry(a.clone()).or_default().insert(b.clone());
                adjacent.entry(b.clone()).or_default().insert(a.clone());
            }
            let mut present: Vec<&String> = adjacent.keys().collect();
            present.sort();
            for &start in present.iter().take(3) {
                // Breadth-first distances over the undirected graph.
                let mut dist = HashMap::from([(start.clone(), 0usize)]);
                let mut queue = std::collections::VecDeque::from([start.clone()]);
                while let Some(at) = queue.pop_front() {
                    for next in &adjacent[&at] {
                        if !dist.contains_key(next) {
                            dist.insert(next.clone(), dist[&at] + 1);
                            queue.push_back(next.clone());
                        }
                    }
                }
                for depth in 1..=3 {
                    let walked = neighbors(
                        &store,
                        id(&store, start),
                        &WalkOptions {
                            depth,
                            ..WalkOptions::default()
                        },
                    )
                    .unwrap();
                    let mut expected: Vec<&str> = dist
                        .iter()
                        .filter(|(_, &d)| d <= depth)
                        .map(|(name, _)| name.as_str())
                        .collect();
                    expected.sort();
                    assert_eq!(
                        names(&walked),
                        expected,
                        "seed {seed}, {start}, depth {depth}"
                    );
                }
                for &goal in present.iter().filter(|&&g| g != start) {
                    let (a, b) = (id(&store, start), id(&store, goal));
                    let shortest = paths(&store, a, b, &hops(4, false)).unwrap().paths;
                    match dist.get(goal.as_str()).filter(|&&d| d <= 4) {
                        Some(&d) => assert_eq!(shortest[0].len(), d, "seed {seed}, {start}-{goal}"),
                        None => assert!(shortest.is_empty(), "seed {seed}, {start}-{goal}"),
                    }
                    let options = PathOptions {
                        max_hops: 4,
                        all: true,
                        limit: 100_000,
                    };
                    let all: BTreeSet<Vec<String>> = paths(&store, a, b, &options)
                        .unwrap()
                        .paths
                        .iter()
                        .map(|path| {
                            std::iter::once(path[0].from.name.clone())
                                .chain(path.iter().map(|hop| hop.to.name.clone()))
                                .collect()
                        })
                        .collect();
                    assert_eq!(
                        all,
                        brute_paths(&adjacent, start, goal, 4),
                        "seed {seed}, {start}-{goal}"
                    );
                }
            }
        }
    }

    #[test]
    fn all_paths_say_when_the_limit_stopped_them() {
        // A ladder: many routes of equal length from one end to the other.
        let facts = [
            ("A", RelationType::MetWith, "B1"),
            ("A", RelationType::MetWith, "B2"),
            ("A", RelationType::MetWith, "B3"),
            ("B1", RelationType::MetWith, "C"),
            ("B2", RelationType::MetWith, "C"),
            ("B3", RelationType::MetWith, "C"),
        ];
        let store = store_with(&facts);
        let (a, c) = (id(&store, "A"), id(&store, "C"));
        let capped = PathOptions {
            max_hops: 2,
            all: true,
            limit: 2,
        };
        let search = paths(&store, a, c, &capped).unwrap();
        assert_eq!(search.paths.len(), 2);
        assert!(search.limit_reached && !search.cut && !search.gave_up);
        let enough = PathOptions { limit: 3, ..capped };
        let search = paths(&store, a, c, &enough).unwrap();
        assert_eq!(search.paths.len(), 3);
        assert!(!search.limit_reached, "exactly the limit is no cut");
    }
}
