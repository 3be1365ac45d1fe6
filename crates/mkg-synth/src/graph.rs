//! A synthetic graph written straight through the storage layer, so query benchmarks
//! do not wait on ingest: many ordinary nodes, a heavy tail of well-connected ones, a
//! few hubs of very high degree, and a planted path the benchmark must find.

use migration_kg::error::Result;
use migration_kg::model::{EntityKind, RelationType};
use migration_kg::store::{Bulk, Store};
use serde::{Deserialize, Serialize};

/// The shape of a generated graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphSpec {
    pub entities: usize,
    pub edges: usize,
    /// Nodes that each take `hub_share` of the edges at one end.
    pub hubs: usize,
    pub hub_share: f64,
    /// Articles the evidence rows cite.
    pub documents: usize,
    pub seed: u64,
}

impl GraphSpec {
    /// The scale: a million entities, five million edges, five hubs holding
    /// 2% of the edges each.
    pub fn million() -> GraphSpec {
        GraphSpec {
            entities: 1_000_000,
            edges: 5_000_000,
            hubs: 5,
            hub_share: 0.02,
            documents: 50_000,
            seed: 7,
        }
    }
}

/// What was written, and the names a benchmark queries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphSummary {
    pub entities: usize,
    pub edges: usize,
    pub hubs: Vec<String>,
    /// Two ordinary nodes joined by a planted path of `path_hops` edges; the random
    /// edges usually offer a shorter one.
    pub path_ends: (String, String),
    pub path_hops: usize,
}

/// Edges per transaction: large enough to amortize commits, small enough that the
/// write-ahead log stays small.
const EDGES_PER_TRANSACTION: usize = 250_000;

/// Hops of the planted path.
const PATH_HOPS: usize = 5;

const HUB_NAMES: &[(&str, EntityKind)] = &[
    ("United States", EntityKind::Country),
    ("Mexico", EntityKind::Country),
    ("U.S. Department of Homeland Security", EntityKind::Agency),
    ("Guatemala", EntityKind::Country),
    ("U.S. Customs and Border Protection", EntityKind::Agency),
    ("Honduras", EntityKind::Country),
    ("El Salvador", EntityKind::Country),
    (
        "International Organization for Migration",
        EntityKind::Organization,
    ),
];

const GIVEN: &[&str] = &[
    "Ana", "Luis", "Maria", "Jorge", "Carmen", "Diego", "Elena", "Pablo", "Rosa", "Miguel",
    "Lucia", "Andres", "Sofia", "Carlos", "Julia", "Tomas", "Irene", "Mateo", "Paula", "Hector",
    "Sarah", "James", "Emily", "Daniel", "Grace", "Michael", "Laura", "David", "Nora", "Peter",
];

const SURNAMES: &[&str] = &[
    "Reyes", "Castillo", "Morales", "Herrera", "Mendoza", "Ortega", "Vargas", "Rojas", "Navarro",
    "Fuentes", "Salazar", "Cabrera", "Pineda", "Quintero", "Aguilar", "Ibarra", "Whitman",
    "Harper", "Collins", "Bennett", "Foster", "Hayes", "Porter", "Sullivan", "Ward", "Keller",
];

const BODIES: &[(&str, EntityKind)] = &[
    ("Office of Border Affairs", EntityKind::Agency),
    ("Migration Directorate", EntityKind::Agency),
    ("Refugee Support Network", EntityKind::Organization),
    ("Migrant Rights Coalition", EntityKind::Organization),
    ("Shelter Alliance", EntityKind::Organization),
    ("Resettlement Program", EntityKind::Program),
    ("Youth Employment Initiative", EntityKind::Program),
    ("Border Province", EntityKind::Region),
];

/// Relations of random edges, with the wording of their evidence sentences.
const WORDINGS: &[(RelationType, &str)] = &[
    (RelationType::MetWith, "met with"),
    (RelationType::WorksWith, "works with"),
    (RelationType::Funds, "funds"),
    (RelationType::Criticizes, "criticized"),
    (RelationType::MemberOf, "is a member of"),
    (RelationType::Assists, "assists"),
    (RelationType::Contacted, "spoke with"),
    (RelationType::Visits, "visited"),
];

/// Writes the graph of `spec` into `store`, reporting edges written after each
/// transaction.
pub fn write_graph(
    store: &mut Store,
    spec: &GraphSpec,
    progress: &mut dyn FnMut(usize),
) -> Result<GraphSummary> {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let hubs = spec.hubs.min(HUB_NAMES.len()).min(spec.entities);
    let names: Vec<(String, EntityKind)> = (0..spec.entities)
        .map(|i| match HUB_NAMES.get(i).filter(|_| i < hubs) {
            Some(&(name, kind)) => (name.to_string(), kind),
            None => entity_name(&mut rng, i),
        })
        .collect();
    let (ids, documents) = store.bulk(|bulk| {
        let documents = (0..spec.documents.max(1))
            .map(|i| {
                bulk.document(
                    &format!("synthetic-{i:06}"),
                    &format!("Synthetic article {i} of the benchmark graph."),
                )
            })
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let ids = names
            .iter()
            .map(|(name, kind)| bulk.entity(name, *kind))
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok((ids, documents))
    })?;

    // The planted path joins ordinary nodes spread over the id range.
    let ordinary = hubs..spec.entities;
    let path: Vec<usize> = if ordinary.len() > PATH_HOPS + 1 {
        (0..=PATH_HOPS).map(|k| spec.entities - 1 - k * 7).collect()
    } else {
        Vec::new()
    };
    let mut written = 0;
    let mut attempts = 0;
    let hub_edges = (spec.edges as f64 * spec.hub_share) as usize;
    while written < spec.edges && attempts < spec.edges * 2 {
        let budget = EDGES_PER_TRANSACTION.min(spec.edges - written);
        let (added, tried) = store.bulk(|bulk| {
            let (mut added, mut tried) = (0, 0);
            if written == 0 {
                for pair in path.windows(2) {
                    added +=
                        usize::from(edge(bulk, &names, &ids, &documents, pair[0], pair[1], 0)?);
                }
            }
            while added < budget && tried < budget * 2 {
                let n = written + added;
                tried += 1;
                // Hubs first, then a heavy tail: targets drawn towards low ids.
                let (source, target) = if n < hub_edges * hubs {
                    (n % hubs, rng.usize(ordinary.clone()))
                } else {
                    let u = rng.f64();
                    let skewed = ordinary.start + ((u * u) * ordinary.len() as f64) as usize;
                    (rng.usize(ordinary.clone()), skewed.min(spec.entities - 1))
                };
                let wording = rng.usize(..WORDINGS.len());
                added += usize::from(edge(
                    bulk, &names, &ids, &documents, source, target, wording,
                )?);
            }
            Ok((added, tried))
        })?;
        written += added;
        attempts += tried;
        progress(written);
    }
    let name = |i: usize| names[i].0.clone();
    Ok(GraphSummary {
        entities: spec.entities,
        edges: written,
        hubs: (0..hubs).map(name).collect(),
        path_ends: match (path.first(), path.last()) {
            (Some(&a), Some(&b)) => (name(a), name(b)),
            _ => (String::new(), String::new()),
        },
        path_hops: path.len().saturating_sub(1),
    })
}

/// A unique name: the index keeps generated people and bodies apart.
fn entity_name(rng: &mut fastrand::Rng, i: usize) -> (String, EntityKind) {
    if rng.f64() < 0.6 {
        let given = GIVEN[rng.usize(..GIVEN.len())];
        let surname = SURNAMES[rng.usize(..SURNAMES.len())];
        (format!("{given} {surname} {i}"), EntityKind::Person)
    } else {
        let (body, kind) = BODIES[rng.usize(..BODIES.len())];
        (format!("{body} {i}"), kind)
    }
}

/// One edge with its evidence sentence; false when it was already there.
fn edge(
    bulk: &mut Bulk,
    names: &[(String, EntityKind)],
    ids: &[i64],
    documents: &[i64],
    source: usize,
    target: usize,
    wording: usize,
) -> rusqlite::Result<bool> {
    let (relation, cue) = WORDINGS[wording];
    let sentence = format!("{} {cue} {}.", names[source].0, names[target].0);
    let document = documents[(source + target) % documents.len()];
    Ok(bulk
        .edge(
            ids[source],
            relation,
            ids[target],
            (document, &sentence, cue),
        )?
        .is_some())
}
