//! SQLite storage of the graph, one file per responsibility: the database file and its
//! schema (`store/schema.rs`), writing (`store/write.rs`), reading (`store/read.rs`),
//! documents (`store/documents.rs`) and an analyst's decisions (`store/decisions.rs`).
//! Here: the `Store` itself and what all of them share.

mod decisions;
mod documents;
mod read;
mod schema;
mod write;

pub use decisions::{Decision, SplitInto};
pub use documents::{DocumentFilter, DocumentSummary, Forgotten, StoredDocument};
pub use read::*;
pub use schema::*;
pub use write::*;

use crate::error::{Error, Result};
use crate::model::{
    check_date, name_key, Direction, DocGraph, Document, Edge, EntityKind, Evidence, GraphItem,
    GraphSource, Mention, Modality, Node, Period, RelationType, Span, Subgraph,
};
use rusqlite::types::{Type, Value};
use rusqlite::{
    params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row, Transaction,
    TransactionBehavior,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// An entity `e` that some document mentions or some edge touches. The others are
/// kept only because a decision names them, and no query shows them.
const LIVE: &str = "(e.degree > 0 OR EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id))";

/// Ids per `IN (...)` list: well under SQLite's variable limit, even old builds' 999.
const CHUNK: usize = 500;

/// The knowledge graph database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    known: Known,
    /// The SQL condition on a document `d` of the period queries are restricted to
    /// ([`Store::restrict_to`]); `None` for all time.
    period: Option<String>,
    /// Opened for writing: on close it hands the file back in rollback-journal mode.
    writes: bool,
}

fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |source| Error::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// `?start, ?start+1, ...`: `count` numbered parameters.
fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a text column holding one of the model's enums.
fn parse<T: FromStr<Err = String>>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    row.get::<_, String>(idx)?
        .parse()
        .map_err(|e: String| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Document, Entity, Relation};

    pub(crate) fn entity(name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            name: name.to_string(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: vec![Mention {
                span: Span { start: 0, end: 1 },
                surface: name.to_string(),
            }],
        }
    }

    pub(crate) fn relation(
        source: usize,
        relation: RelationType,
        target: usize,
        modality: Modality,
        sentence: &str,
    ) -> Relation {
        Relation {
            source,
            relation,
            target,
            modality,
            role: None,
            amount: None,
            evidence: Evidence {
                document: String::new(),
                sentence: sentence.to_string(),
                span: Span {
                    start: 0,
                    end: sentence.chars().count(),
                },
                cue: relation.as_str().to_string(),
                modality,
                date: None,
            },
        }
    }

    pub(crate) fn doc(
        name: &str,
        text: &str,
        entities: Vec<Entity>,
        relations: Vec<Relation>,
    ) -> DocGraph {
        DocGraph {
            document: Document {
                name: name.to_string(),
                text: text.to_string(),
                ..Document::default()
            },
            entities,
            relations,
        }
    }

    /// A store holding one document that states `facts` between people named by them.
    pub(crate) fn store_with(facts: &[(&str, RelationType, &str)]) -> Store {
        let mut names: Vec<&str> = Vec::new();
        for (a, _, b) in facts {
            for n in [a, b] {
                if !names.contains(n) {
                    names.push(n);
                }
            }
        }
        let index = |n: &str| names.iter().position(|m| *m == n).unwrap_or(0);
        let relations = facts
            .iter()
            .map(|(a, r, b)| {
                relation(
                    index(a),
                    *r,
                    index(b),
                    Modality::Asserted,
                    &format!("{a} {r} {b}."),
                )
            })
            .collect();
        let entities = names
            .iter()
            .map(|n| entity(n, EntityKind::Person, &[]))
            .collect();
        let mut store = Store::in_memory().unwrap();
        store
            .add_document(&doc("facts", "facts", entities, relations))
            .unwrap();
        store
    }

    fn counts(store: &Store) -> (usize, usize, usize, usize) {
        let s = store.stats().unwrap();
        (s.documents, s.entities, s.edges, s.evidence)
    }

    fn harris_doc(name: &str, text: &str) -> DocGraph {
        doc(
            name,
            text,
            vec![
                entity("Kamala Harris", EntityKind::Person, &["Harris"]),
                entity("Guatemala", EntityKind::Country, &[]),
            ],
            vec![relation(
                0,
                RelationType::Visits,
                1,
                Modality::Planned,
                "Harris will visit Guatemala.",
            )],
        )
    }

    #[test]
    fn shared_entity_and_fact_are_one_node_and_one_edge() {
        let mut store = Store::in_memory().unwrap();
        let first = store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        assert!(matches!(
            first,
            Added::New {
                entities: 2,
                edges: 1,
                ..
            }
        ));
        let mut second = harris_doc("b.txt", "text b");
        second.entities[0].name = "KAMALA HARRIS".to_string();
        second.relations[0].modality = Modality::Asserted;
        second.relations[0].amount = Some("$4 billion".to_string());
        second.relations[0].evidence.sentence = "Harris visited Guatemala.".to_string();
        store.add_document(&second).unwrap();

        assert_eq!(counts(&store), (2, 2, 1, 2));
        let graph = store.whole_graph().unwrap();
        let edge = &graph.edges[0];
        assert_eq!(
            edge.modality,
            Modality::Asserted,
            "asserted restatement upgrades"
        );
        assert_eq!(edge.amount.as_deref(), Some("$4 billion"));
        let docs: Vec<&str> = edge.evidence.iter().map(|e| e.document.as_str()).collect();
        assert_eq!(docs, ["a.txt", "b.txt"]);
        assert_eq!(edge.evidence[1].sentence, "Harris visited Guatemala.");
        let harris = store.find_entity("kamala harris").unwrap();
        assert_eq!(harris.name, "Kamala Harris");
        assert_eq!(harris.aliases, ["Harris", "KAMALA HARRIS"]);
        let (listed, total) = store.mentions(harris.id, 1).unwrap();
        assert_eq!((listed.len(), total), (1, 2));
    }

    #[test]
    fn planned_does_not_downgrade_asserted() {
        let mut store = Store::in_memory().unwrap();
        let mut first = harris_doc("a.txt", "text a");
        first.relations[0].modality = Modality::Asserted;
        first.relations[0].role = Some("envoy".to_string());
        store.add_document(&first).unwrap();
        store.add_document(&harris_doc("b.txt", "text b")).unwrap();
        let edge = &store.whole_graph().unwrap().edges[0];
        assert_eq!(edge.modality, Modality::Asserted);
        assert_eq!(edge.role.as_deref(), Some("envoy"));
    }

    #[test]
    fn an_edge_takes_its_amount_from_its_earliest_evidence_whatever_the_order() {
        let amount_doc = |name: &str, amount: Option<&str>| {
            let mut graph = harris_doc(name, &format!("text {name}"));
            graph.relations[0].amount = amount.map(str::to_string);
            graph
        };
        let amount = |store: &Store| store.whole_graph().unwrap().edges[0].amount.clone();
        let dir = scratch();
        let mut store = Store::open(&dir.path().join("kg.db")).unwrap();
        store.add_document(&amount_doc("a", None)).unwrap();
        store
            .add_document(&amount_doc("b", Some("$5 million")))
            .unwrap();
        store
            .add_document(&amount_doc("c", Some("$7 million")))
            .unwrap();
        assert_eq!(amount(&store).as_deref(), Some("$5 million"));
        // Re-extracting b stores its evidence after c's, and the edge keeps b's amount.
        let mut batch = store.begin_batch().unwrap();
        let mut changed = amount_doc("b", Some("$5 million"));
        changed.relations[0].role = Some("envoy".to_string());
        assert!(batch.replace(2, &changed).unwrap());
        batch.commit().unwrap();
        assert_eq!(amount(&store).as_deref(), Some("$5 million"));
        store.forget(&[2]).unwrap();
        assert_eq!(
            amount(&store).as_deref(),
            Some("$7 million"),
            "not the forgotten document's"
        );
        store.forget(&[3]).unwrap();
        assert_eq!(amount(&store), None);
    }

    #[test]
    fn symmetric_fact_stated_both_ways_is_one_edge() {
        let people = || {
            vec![
                entity("Kamala Harris", EntityKind::Person, &[]),
                entity("Alejandro Giammattei", EntityKind::Person, &[]),
            ]
        };
        let mut store = Store::in_memory().unwrap();
        let ab = relation(
            0,
            RelationType::MetWith,
            1,
            Modality::Asserted,
            "Harris met Giammattei.",
        );
        store
            .add_document(&doc("a", "a", people(), vec![ab]))
            .unwrap();
        // Giammattei first this time, so the stated order runs from the larger id.
        let mut reversed = people();
        reversed.reverse();
        let ba = relation(
            0,
            RelationType::MetWith,
            1,
            Modality::Asserted,
            "Giammattei met Harris.",
        );
        store
            .add_document(&doc("b", "b", reversed, vec![ba]))
            .unwrap();
        let graph = store.whole_graph().unwrap();
        assert_eq!(graph.edges.len(), 1);
        let edge = &graph.edges[0];
        assert!(edge.source < edge.target);
        assert_eq!(edge.evidence.len(), 2);
    }

    #[test]
    fn self_loops_are_skipped() {
        let mut store = Store::in_memory().unwrap();
        let mut graph = harris_doc("a", "a");
        graph.relations[0].target = 0;
        let added = store.add_document(&graph).unwrap();
        assert!(matches!(added, Added::New { edges: 0, .. }));
        assert_eq!(counts(&store).2, 0);
    }

    #[test]
    fn same_text_twice_is_already_present() {
        let mut store = Store::in_memory().unwrap();
        let Added::New { document_id, .. } = store.add_document(&harris_doc("a", "same")).unwrap()
        else {
            panic!("first ingest must store");
        };
        let before = counts(&store);
        let again = store.add_document(&harris_doc("renamed", "same")).unwrap();
        assert_eq!(again, Added::AlreadyPresent { document_id });
        assert_eq!(counts(&store), before);
    }

    #[test]
    fn bad_relation_index_is_rejected_and_nothing_stored() {
        let mut store = Store::in_memory().unwrap();
        let mut graph = harris_doc("a", "a");
        graph.relations[0].target = 7;
        let err = store.add_document(&graph).unwrap_err();
        assert!(err.to_string().contains("refers to entity 7"), "{err}");
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }

    #[test]
    fn find_entity_by_alias_accents_and_suggestions() {
        let mut store = Store::in_memory().unwrap();
        let graph = doc(
            "a",
            "a",
            vec![
                entity("Ricardo Zúñiga", EntityKind::Person, &["Zúñiga"]),
                entity(
                    "U.S. Agency for International Development",
                    EntityKind::Agency,
                    &["USAID"],
                ),
                entity("Kamala Harris", EntityKind::Person, &["Harris"]),
            ],
            vec![],
        );
        store.add_document(&graph).unwrap();
        assert_eq!(store.find_entity("zuniga").unwrap().name, "Ricardo Zúñiga");
        assert_eq!(
            store.find_entity("RICARDO ZUNIGA").unwrap().name,
            "Ricardo Zúñiga"
        );
        assert_eq!(
            store.find_entity("usaid").unwrap().name,
            "U.S. Agency for International Development"
        );
        match store.find_entity("Zunigaa") {
            Err(Error::UnknownEntity { name, suggestions }) => {
                assert_eq!(name, "Zunigaa");
                assert_eq!(
                    suggestions.first().map(String::as_str),
                    Some("Ricardo Zúñiga")
                );
            }
            other => panic!("expected UnknownEntity, got {other:?}"),
        }
        let err = store.find_entity("Kamala Haris").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no entity named 'Kamala Haris'; did you mean: Kamala Harris?"
        );
        match store.find_entity("Xylophone") {
            Err(Error::UnknownEntity { suggestions, .. }) => assert!(suggestions.is_empty()),
            other => panic!("expected UnknownEntity, got {other:?}"),
        }
    }

    #[test]
    fn canonical_name_beats_alias_and_several_aliases_are_ambiguous() {
        let mut store = Store::in_memory().unwrap();
        let mut harris = entity("Kamala Harris", EntityKind::Person, &["Harris"]);
        harris.mentions.push(harris.mentions[0].clone());
        let graph = doc(
            "a",
            "a",
            vec![
                entity("Harris", EntityKind::Organization, &[]),
                entity("Doug Harris", EntityKind::Person, &["Harris"]),
                harris,
            ],
            vec![],
        );
        store.add_document(&graph).unwrap();
        assert_eq!(
            store.find_entity("harris").unwrap().kind,
            EntityKind::Organization
        );
        assert_eq!(store.find_entity("Harris").unwrap().name, "Harris");
        let mut only_aliases = Store::in_memory().unwrap();
        let mut graph = graph;
        graph.entities.remove(0);
        only_aliases.add_document(&graph).unwrap();
        let err = only_aliases.find_entity("harris").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'harris' names 2 entities; give one by its id:\n  \
             #1 Doug Harris (person, 0 edges)\n  \
             #2 Kamala Harris (person, 0 edges)"
        );
        assert_eq!(
            only_aliases.find_entity("#2").unwrap().name,
            "Kamala Harris"
        );
        assert_eq!(
            only_aliases.find_entity("#9").unwrap_err().to_string(),
            "no entity with id #9"
        );
    }

    #[test]
    fn entities_and_stats_count_degree() {
        let store = store_with(&[
            ("A", RelationType::MetWith, "B"),
            ("A", RelationType::Funds, "C"),
            ("B", RelationType::Funds, "C"),
            ("C", RelationType::Directs, "B"),
        ]);
        let list = store.entities(None).unwrap();
        let order: Vec<(&str, usize)> = list
            .iter()
            .map(|s| (s.node.name.as_str(), s.degree))
            .collect();
        assert_eq!(order, [("B", 3), ("C", 3), ("A", 2)]);
        assert!(store.entities(Some(EntityKind::Agency)).unwrap().is_empty());
        let stats = store.stats().unwrap();
        assert_eq!((stats.entities, stats.edges, stats.evidence), (3, 4, 4));
        assert_eq!(
            stats.by_kind,
            [KindCount {
                kind: EntityKind::Person,
                entities: 3
            }]
        );
        assert_eq!(
            stats.by_relation[0],
            RelationCount {
                relation: RelationType::Funds,
                edges: 2
            }
        );
        let top: Vec<(&str, usize)> = stats
            .most_connected
            .iter()
            .map(|c| (c.node.name.as_str(), c.edges))
            .collect();
        assert_eq!(top, [("B", 3), ("C", 3), ("A", 2)]);
    }

    #[test]
    fn steps_respect_direction_symmetry_and_early_stop() {
        let store = store_with(&[
            ("A", RelationType::Funds, "B"),
            ("C", RelationType::Directs, "A"),
            ("A", RelationType::MetWith, "D"),
        ]);
        let id = |name: &str| store.find_entity(name).unwrap().id;
        let a = id("A");
        let far = |relations: &[RelationType], d: Direction| -> Vec<i64> {
            let mut ends = Vec::new();
            store
                .for_each_step(a, relations, d, |step| {
                    ends.push(step.to);
                    true
                })
                .unwrap();
            ends.sort_unstable();
            assert_eq!(store.count_steps(a, relations, d).unwrap(), ends.len());
            ends
        };
        assert_eq!(far(&[], Direction::Out), [id("B"), id("D")]);
        assert_eq!(far(&[], Direction::In), [id("C"), id("D")]);
        assert_eq!(far(&[], Direction::Both), [id("B"), id("C"), id("D")]);
        assert!(far(&[RelationType::Directs], Direction::Out).is_empty());
        assert_eq!(far(&[RelationType::Directs], Direction::In), [id("C")]);
        let mut visited = 0;
        store
            .for_each_step(a, &[], Direction::Both, |_| {
                visited += 1;
                visited < 2
            })
            .unwrap();
        assert_eq!(visited, 2, "stops when told");
        let degrees = store.degrees(&[a, id("B"), 999]).unwrap();
        assert_eq!(degrees, HashMap::from([(a, 3), (id("B"), 1)]));
    }

    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn reopens_file_and_keeps_data() {
        let dir = scratch();
        let path = dir.path().join("kg.db");
        Store::open(&path)
            .unwrap()
            .add_document(&harris_doc("a", "a"))
            .unwrap();
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(counts(&store), (1, 2, 1, 1));
        let app_id: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app_id, APPLICATION_ID);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn open_existing_does_not_create() {
        let dir = scratch();
        let path = dir.path().join("missing.db");
        let err = Store::open_existing(&path).err().unwrap();
        assert_eq!(
            err.to_string(),
            format!("no database at {}; run `mkg ingest` first", path.display())
        );
        assert!(!path.exists());
    }

    fn assert_untouched(path: &Path, err: Error, reason: &str) {
        let before = std::fs::read(path).unwrap();
        match &err {
            Error::NotMkgDatabase { reason: r, .. } => assert!(r.contains(reason), "{r}"),
            other => panic!("expected NotMkgDatabase, got {other:?}"),
        }
        assert!(err.to_string().contains("left untouched"));
        assert_eq!(std::fs::read(path).unwrap(), before);
    }

    #[test]
    fn foreign_files_are_left_untouched() {
        let dir = scratch();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "just some notes, not a database\n").unwrap();
        let before = std::fs::read(&text).unwrap();
        let err = Store::open(&text).err().unwrap();
        assert_untouched(&text, err, "not an SQLite database");
        assert_eq!(std::fs::read(&text).unwrap(), before);

        let other = dir.path().join("other.db");
        {
            let conn = Connection::open(&other).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
            )
            .unwrap();
        }
        let before = std::fs::read(&other).unwrap();
        let err = Store::open(&other).err().unwrap();
        assert_untouched(&other, err, "application id");
        let err = Store::open_existing(&other).err().unwrap();
        assert_untouched(&other, err, "application id");
        assert_eq!(std::fs::read(&other).unwrap(), before);
        assert!(!dir.path().join("other.db-wal").exists());
    }

    #[test]
    fn degree_counts_distinct_edges_and_restatements_do_not_add() {
        let mut store = Store::in_memory().unwrap();
        store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        store.add_document(&harris_doc("b.txt", "text b")).unwrap();
        let degrees: Vec<(String, usize)> = store
            .entities(None)
            .unwrap()
            .into_iter()
            .map(|e| (e.node.name, e.degree))
            .collect();
        assert_eq!(
            degrees,
            [
                ("Guatemala".to_string(), 1),
                ("Kamala Harris".to_string(), 1)
            ]
        );
    }

    #[test]
    fn bulk_writes_nodes_edges_and_evidence_once_each() {
        let mut store = Store::in_memory().unwrap();
        let written = store
            .bulk(|bulk| {
                let doc = bulk.document("gen-1", "Generated text.")?;
                let a = bulk.entity("Ana Reyes", EntityKind::Person)?;
                let b = bulk.entity("Shelter Alliance", EntityKind::Organization)?;
                Ok([
                    bulk.edge(b, RelationType::MetWith, a, (doc, "They met.", "met"))?,
                    bulk.edge(a, RelationType::MetWith, b, (doc, "They met.", "met"))?,
                    bulk.edge(a, RelationType::Funds, a, (doc, "Loop.", "funds"))?,
                    bulk.edge(a, RelationType::MemberOf, b, (doc, "A joined.", "member"))?,
                ]
                .map(|e| e.is_some()))
            })
            .unwrap();
        assert_eq!(written, [true, false, false, true]);
        assert_eq!(counts(&store), (1, 2, 2, 2));
        let graph = store.whole_graph().unwrap();
        let met = graph
            .edges
            .iter()
            .find(|e| e.relation == RelationType::MetWith)
            .unwrap();
        assert_eq!(
            (met.source, met.target),
            (1, 2),
            "symmetric: lower id first"
        );
        assert_eq!(met.evidence[0].sentence, "They met.");
        let reyes = store.find_entity("ana reyes").unwrap();
        assert_eq!(store.degrees(&[reyes.id]).unwrap()[&reyes.id], 2);
    }

    #[test]
    fn a_document_that_fails_midway_rolls_its_batch_back() {
        let mut store = Store::in_memory().unwrap();
        store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        // Fails after the document, its entities and its mentions are written.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER refuse AFTER INSERT ON evidence
                 WHEN NEW.sentence = 'Refused.' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let mut failing = harris_doc("c.txt", "text c");
        failing.entities[1].name = "Honduras".to_string();
        failing.relations[0].evidence.sentence = "Refused.".to_string();
        let mut batch = store.begin_batch().unwrap();
        batch.add(&harris_doc("b.txt", "text b")).unwrap();
        let err = batch.add(&failing).unwrap_err().to_string();
        assert!(
            err.starts_with("c.txt: could not be stored in :memory:"),
            "{err}"
        );
        assert!(err.ends_with("; the batch was rolled back"), "{err}");
        let refused = "this batch was rolled back after an earlier document failed";
        let later = batch.add(&harris_doc("d.txt", "text d")).unwrap_err();
        assert_eq!(later.to_string(), refused);
        assert_eq!(batch.commit().unwrap_err().to_string(), refused);
        assert_eq!(
            counts(&store),
            (1, 2, 1, 1),
            "only a.txt, from before the batch"
        );
        assert!(store.find_entity("Honduras").is_err());
        // Honduras, written and rolled back, can be stored afresh.
        let mut retry = failing.clone();
        retry.document.text = "text e".to_string();
        retry.relations[0].evidence.sentence = "Harris will visit Honduras.".to_string();
        store.add_document(&retry).unwrap();
        assert_eq!(counts(&store), (2, 3, 2, 2));
        assert_eq!(store.find_entity("honduras").unwrap().name, "Honduras");
    }

    #[test]
    fn version_1_database_gains_degrees_on_open() {
        let dir = scratch();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(
                "INSERT INTO entities (id, key, name, kind) VALUES
                     (1, 'kamala harris', 'Kamala Harris', 'person'),
                     (2, 'guatemala', 'Guatemala', 'country'),
                     (3, 'usaid', 'USAID', 'agency');
                 INSERT INTO edges (source, relation, target, modality) VALUES
                     (1, 'visits', 2, 'asserted'), (3, 'funds', 2, 'asserted');",
            )
            .unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let top = store.stats().unwrap().most_connected;
        let top: Vec<(&str, usize)> = top
            .iter()
            .map(|c| (c.node.name.as_str(), c.edges))
            .collect();
        assert_eq!(top, [("Guatemala", 2), ("Kamala Harris", 1), ("USAID", 1)]);
    }

    #[test]
    fn a_batch_with_a_bad_document_stores_none_of_it() {
        let mut store = Store::in_memory().unwrap();
        let good = harris_doc("good.txt", "text good");
        let mut bad = harris_doc("bad.txt", "text bad");
        bad.relations[0].target = 7;
        let err = store.add_documents(&[good, bad]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: relation 0 refers to entity 7 but the document has 2 entities"
        );
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = scratch();
        let path = dir.path().join("kg.db");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(
            err,
            Error::NewerSchema {
                found: 99,
                supported: SCHEMA_VERSION,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: database schema version 99 is newer than this mkg supports (4); upgrade mkg to open it",
                path.display()
            )
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn empty_file_becomes_a_database() {
        let dir = scratch();
        let path = dir.path().join("empty.db");
        std::fs::write(&path, "").unwrap();
        assert!(Store::open_existing(&path).is_err());
        let store = Store::open(&path).unwrap();
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }
}
