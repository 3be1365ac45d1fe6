//! Extraction quality against the gold annotation, scored by a Rust port of the
//! matching rules of the official scorer (eval/score.py):
//!
//! - names compare by `norm`: NFKD with combining marks dropped, lower case, `’` as `'`,
//!   periods dropped, whitespace collapsed, a leading "the " stripped;
//! - a predicted node maps to the gold entity one of whose names (name or alias) is its
//!   name, else to the gold entity sharing the most of its aliases (first on ties);
//! - optional gold entities and relations are neither rewarded nor punished;
//! - a second node mapping to the same gold entity is wrong (a duplicate);
//! - entity F1 is typed: a node of the wrong kind is wrong;
//! - symmetric relations match either way round; gold source and target may be lists of
//!   acceptable entities; predicted edges are a set keyed by their gold ends.

use crate::common::{Kg, ARTICLE, GOLD};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

const SYMMETRIC: [&str; 3] = ["spoke_with", "met_with", "works_with"];

fn norm(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| canonical_combining_class(*c) == 0)
        .collect();
    let lowered = folded
        .to_lowercase()
        .replace('\u{2019}', "'")
        .replace('.', "");
    let collapsed = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => collapsed,
    }
}

/// Precision counts predictions (right / wrong); recall counts gold items (found / missed).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    right: usize,
    wrong: usize,
    found: usize,
    missed: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.right += other.right;
        self.wrong += other.wrong;
        self.found += other.found;
        self.missed += other.missed;
    }

    fn prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| {
            if a + b > 0 {
                a as f64 / (a + b) as f64
            } else {
                0.0
            }
        };
        let (p, r) = (
            ratio(self.right, self.wrong),
            ratio(self.found, self.missed),
        );
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

#[derive(Debug, Default)]
struct Score {
    typed: Counts,
    untyped: Counts,
    relations: Counts,
    /// What went wrong, for the failure message.
    detail: Vec<String>,
}

fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

fn optional(value: &Value) -> bool {
    value.get("optional").and_then(Value::as_bool) == Some(true)
}

/// A predicted edge by its gold ends, or by its node ids when an end maps to no gold entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Gold(usize, String, usize),
    Unmapped(String, String, String),
}

fn score(gold: &Value, export: &Value) -> Score {
    let empty = Vec::new();
    let entities = gold["entities"].as_array().expect("gold entities");
    let keys: Vec<HashSet<String>> = entities
        .iter()
        .map(|e| {
            std::iter::once(&e["name"])
                .chain(e["aliases"].as_array().unwrap_or(&empty))
                .map(|n| norm(text(n)))
                .collect()
        })
        .collect();
    let by_name: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (text(&e["name"]), i))
        .collect();
    let nodes = export["nodes"].as_array().unwrap_or(&empty);

    let mut node_gold: HashMap<String, Option<usize>> = HashMap::new();
    for node in nodes {
        let name = norm(text(&node["name"]));
        let mut hit = keys.iter().position(|k| k.contains(&name));
        if hit.is_none() {
            let aliases: HashSet<String> = node["aliases"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|a| norm(text(a)))
                .collect();
            // The first of the best, as Python's max() picks.
            let mut best: Option<(usize, usize)> = None;
            for (i, k) in keys.iter().enumerate() {
                let overlap = k.intersection(&aliases).count();
                if best.is_none_or(|(_, most)| overlap > most) {
                    best = Some((i, overlap));
                }
            }
            hit = best.filter(|&(_, overlap)| overlap > 0).map(|(i, _)| i);
        }
        node_gold.insert(node["id"].to_string(), hit);
    }

    let mut score = Score::default();
    let (mut seen_typed, mut seen_untyped) = (HashSet::new(), HashSet::new());
    for node in nodes {
        let name = text(&node["name"]);
        let Some(g) = node_gold[&node["id"].to_string()] else {
            score.typed.wrong += 1;
            score.untyped.wrong += 1;
            score.detail.push(format!("spurious node: {name}"));
            continue;
        };
        if optional(&entities[g]) {
            continue;
        }
        if !seen_untyped.insert(g) {
            score.typed.wrong += 1;
            score.untyped.wrong += 1;
            score.detail.push(format!("duplicate node: {name}"));
            continue;
        }
        score.untyped.right += 1;
        if node["kind"] == entities[g]["kind"] {
            score.typed.right += 1;
            seen_typed.insert(g);
        } else {
            score.typed.wrong += 1;
            score.detail.push(format!(
                "wrong kind: {name}: {} (gold {})",
                node["kind"], entities[g]["kind"]
            ));
        }
    }
    for (i, e) in entities.iter().enumerate() {
        if optional(e) {
            continue;
        }
        if seen_untyped.contains(&i) {
            score.untyped.found += 1;
        } else {
            score.untyped.missed += 1;
            score
                .detail
                .push(format!("missed entity: {}", text(&e["name"])));
        }
        if seen_typed.contains(&i) {
            score.typed.found += 1;
        } else {
            score.typed.missed += 1;
        }
    }

    let ids = |value: &Value| -> HashSet<usize> {
        as_list(value)
            .into_iter()
            .filter_map(|n| by_name.get(text(n)).copied())
            .collect()
    };
    let gold_relations = gold["relations"].as_array().expect("gold relations");
    let gold_rel: Vec<(HashSet<usize>, &str, HashSet<usize>, bool)> = gold_relations
        .iter()
        .map(|r| {
            (
                ids(&r["source"]),
                text(&r["relation"]),
                ids(&r["target"]),
                optional(r),
            )
        })
        .collect();
    let matches = |s: Option<usize>,
                   name: &str,
                   t: Option<usize>,
                   rel: &(HashSet<usize>, &str, HashSet<usize>, bool)| {
        let (src, rname, tgt, _) = rel;
        let (Some(s), Some(t)) = (s, t) else {
            return false;
        };
        if name != *rname {
            return false;
        }
        (src.contains(&s) && tgt.contains(&t))
            || (SYMMETRIC.contains(&name) && src.contains(&t) && tgt.contains(&s))
    };

    let mut predicted: Vec<Key> = Vec::new();
    for edge in export["edges"].as_array().unwrap_or(&empty) {
        let end = |field: &str| node_gold.get(&edge[field].to_string()).copied().flatten();
        let name = text(&edge["relation"]).to_string();
        let key = match (end("source"), end("target")) {
            (Some(s), Some(t)) if SYMMETRIC.contains(&name.as_str()) => {
                Key::Gold(s.min(t), name, s.max(t))
            }
            (Some(s), Some(t)) => Key::Gold(s, name, t),
            _ => Key::Unmapped(edge["source"].to_string(), name, edge["target"].to_string()),
        };
        if !predicted.contains(&key) {
            predicted.push(key);
        }
    }

    let mut matched = BTreeSet::new();
    for key in &predicted {
        let (s, name, t) = match key {
            Key::Gold(s, name, t) => (Some(*s), name.as_str(), Some(*t)),
            Key::Unmapped(_, name, _) => (None, name.as_str(), None),
        };
        let hits: Vec<usize> = gold_rel
            .iter()
            .enumerate()
            .filter(|(_, r)| matches(s, name, t, r))
            .map(|(i, _)| i)
            .collect();
        if hits.is_empty() {
            score.relations.wrong += 1;
            score.detail.push(format!("spurious edge: {key:?}"));
        } else if hits.iter().all(|&i| gold_rel[i].3) {
            continue;
        } else {
            score.relations.right += 1;
            matched.extend(hits);
        }
    }
    for (i, r) in gold_relations.iter().enumerate() {
        if optional(r) {
            continue;
        }
        if matched.contains(&i) {
            score.relations.found += 1;
        } else {
            score.relations.missed += 1;
            score.detail.push(format!(
                "missed relation: {} -{}-> {}",
                text(as_list(&r["source"])[0]),
                text(&r["relation"]),
                text(as_list(&r["target"])[0])
            ));
        }
    }
    score
}

fn report(label: &str, score: &Score) -> String {
    let (ep, er, ef) = score.typed.prf();
    let (_, _, uf) = score.untyped.prf();
    let (rp, rr, rf) = score.relations.prf();
    format!(
        "{label}: entities P {ep:.3} R {er:.3} F1 {ef:.3} (untyped F1 {uf:.3}) | relations P {rp:.3} R {rr:.3} F1 {rf:.3}"
    )
}

fn load(path: &std::path::Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn bundled_article_meets_entity_and_relation_f1() {
    let kg = Kg::with_article();
    let score = score(&load(GOLD.as_ref()), &kg.export());
    let line = report(ARTICLE, &score);
    eprintln!("{line}");
    for d in &score.detail {
        eprintln!("  {d}");
    }
    let (_, _, entity_f1) = score.typed.prf();
    let (_, _, relation_f1) = score.relations.prf();
    assert!(
        entity_f1 >= 0.90,
        "entity F1 {entity_f1:.3} < 0.90\n{line}\n{}",
        score.detail.join("\n")
    );
    assert!(
        relation_f1 >= 0.80,
        "relation F1 {relation_f1:.3} < 0.80\n{line}\n{}",
        score.detail.join("\n")
    );
}

/// Every article of `tests/fixtures/FOLDER` ingested alone into its own database and
/// scored against its gold, micro-averaged like score.py's total.
fn score_folder(folder: &str) -> (Score, String) {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut articles: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && p.with_extension("json").is_file())
        .collect();
    articles.sort();
    assert!(
        !articles.is_empty(),
        "no article with its gold .json in {}",
        folder.display()
    );
    let (mut typed, mut untyped, mut relations) =
        (Counts::default(), Counts::default(), Counts::default());
    for article in &articles {
        let kg = Kg::new();
        kg.ok(&["ingest", crate::common::arg(article)]);
        let score = score(&load(&article.with_extension("json")), &kg.export());
        eprintln!("{}", report(&article.display().to_string(), &score));
        for d in &score.detail {
            eprintln!("  {d}");
        }
        typed.add(score.typed);
        untyped.add(score.untyped);
        relations.add(score.relations);
    }
    let total = Score {
        typed,
        untyped,
        relations,
        detail: Vec::new(),
    };
    let line = report(
        &format!("{} total ({} articles)", folder.display(), articles.len()),
        &total,
    );
    eprintln!("{line}");
    (total, line)
}

/// Articles written for this project with blind gold annotations, which the extractor
/// was then improved against. The floors sit a little under what it measures
/// (held-out: entities 0.97, relations 0.83; blind: 0.92, 0.85; final: 0.95, 0.82;
/// check: 0.97, 0.79), so a regression on text other than the bundled sample fails.
#[test]
fn heldout_articles_stay_above_their_floor() {
    let (total, line) = score_folder("heldout");
    assert!(total.typed.prf().2 >= 0.93, "{line}");
    assert!(total.relations.prf().2 >= 0.79, "{line}");
}

#[test]
fn check_articles_stay_above_their_floor() {
    let (total, line) = score_folder("check");
    assert!(total.typed.prf().2 >= 0.93, "{line}");
    assert!(total.relations.prf().2 >= 0.75, "{line}");
}

#[test]
fn final_articles_stay_above_their_floor() {
    let (total, line) = score_folder("final");
    assert!(total.typed.prf().2 >= 0.90, "{line}");
    assert!(total.relations.prf().2 >= 0.78, "{line}");
}

#[test]
fn blind_articles_stay_above_their_floor() {
    let (total, line) = score_folder("blind");
    assert!(total.typed.prf().2 >= 0.88, "{line}");
    assert!(total.relations.prf().2 >= 0.81, "{line}");
}

/// The port itself, on a small hand-made case whose counts were worked out from the
/// rules by hand (and agree with what score.py prints for the same files).
#[test]
fn scorer_port_applies_the_matching_rules() {
    assert_eq!(norm("The  U.S.\tState Department"), "us state department");
    assert_eq!(norm("Ricardo Zúñiga"), "ricardo zuniga");
    assert_eq!(norm("Harris\u{2019} visit"), "harris' visit");
    assert_eq!(norm("theater"), "theater");

    let gold = json!({
        "entities": [
            {"name": "Kamala Harris", "kind": "person", "aliases": ["Harris", "the vice president"]},
            {"name": "Alejandro Giammattei", "kind": "person", "aliases": ["Giammattei"]},
            {"name": "Guatemala", "kind": "country", "aliases": ["Guatemalan"]},
            {"name": "Ricardo Zúñiga", "kind": "person", "aliases": []},
            {"name": "Barack Obama", "kind": "person", "aliases": [], "optional": true},
            {"name": "U.S. Department of State", "kind": "agency", "aliases": ["State Department"]}
        ],
        "relations": [
            {"source": "Kamala Harris", "relation": "spoke_with", "target": ["Alejandro Giammattei", "Guatemala"]},
            {"source": "Kamala Harris", "relation": "visits", "target": "Guatemala"},
            {"source": "Ricardo Zúñiga", "relation": "member_of", "target": "U.S. Department of State"},
            {"source": "Barack Obama", "relation": "directs", "target": "Kamala Harris", "optional": true}
        ]
    });
    let export = json!({
        "nodes": [
            // By name, accents and case aside.
            {"id": 1, "name": "KAMALA HARRIS", "kind": "person", "aliases": []},
            // By alias overlap: its name is unknown but an alias is Giammattei's.
            {"id": 2, "name": "President A. G.", "kind": "person", "aliases": ["Giammattei"]},
            // Wrong kind: right untyped, wrong typed.
            {"id": 3, "name": "Guatemala", "kind": "region", "aliases": []},
            // A duplicate of Harris: wrong in both.
            {"id": 4, "name": "the vice president", "kind": "person", "aliases": []},
            // Optional: neither.
            {"id": 5, "name": "Obama", "kind": "person", "aliases": ["Barack Obama"]},
            // Spurious.
            {"id": 6, "name": "Council of the Americas", "kind": "organization", "aliases": []},
            {"id": 7, "name": "ricardo zuniga", "kind": "person", "aliases": []}
        ],
        "edges": [
            // Symmetric, stated the other way round, target from the list: right.
            {"source": 2, "relation": "spoke_with", "target": 1},
            // Same gold ends through the duplicate node: the same key, counted once.
            {"source": 2, "relation": "spoke_with", "target": 4},
            // Right.
            {"source": 1, "relation": "visits", "target": 3},
            // Not symmetric, reversed: wrong.
            {"source": 3, "relation": "visits", "target": 1},
            // Only an optional gold relation matches: neither.
            {"source": 5, "relation": "directs", "target": 1},
            // An end without gold entity: wrong.
            {"source": 6, "relation": "funds", "target": 3}
        ]
    });
    let s = score(&gold, &export);
    // Non-optional gold entities: Harris, Giammattei, Guatemala, Zúñiga, State (5).
    assert_eq!(
        s.untyped,
        Counts {
            right: 4,
            wrong: 2,
            found: 4,
            missed: 1
        },
        "{:?}",
        s.detail
    );
    assert_eq!(
        s.typed,
        Counts {
            right: 3,
            wrong: 3,
            found: 3,
            missed: 2
        }
    );
    assert_eq!(
        s.relations,
        Counts {
            right: 2,
            wrong: 2,
            found: 2,
            missed: 1
        },
        "{:?}",
        s.detail
    );
    let (p, r, f) = s.relations.prf();
    assert!((p - 0.5).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
    assert!((f - 4.0 / 7.0).abs() < 1e-9, "{f}");
    let mut total = Counts::default();
    total.add(s.relations);
    total.add(s.relations);
    assert_eq!(
        total.prf(),
        s.relations.prf(),
        "micro-average of equal parts"
    );
}
