//! Behaviours that must not regress, each test named after the behaviour it pins.

use crate::common::{arg, assert_has, edge, Kg, ARTICLE};

#[test]
fn reingesting_the_same_article_leaves_counts_unchanged() {
    let kg = Kg::with_article();
    let stats = kg.json(&["stats"]);
    let graph = kg.export();
    let again = kg.ok(&["ingest", ARTICLE]);
    assert!(
        again
            .stdout
            .starts_with("ingested 0 new document(s), 1 already present; "),
        "{}",
        again.stdout
    );
    assert_eq!(kg.json(&["stats"]), stats);
    assert_eq!(kg.export(), graph, "no evidence or alias was added twice");
    assert_eq!(stats["documents"], 1);
}

#[test]
fn same_text_under_another_file_name_is_already_present() {
    let kg = Kg::with_article();
    let stats = kg.json(&["stats"]);
    let copy = kg.write("renamed-copy.txt", std::fs::read(ARTICLE).unwrap());
    let run = kg.ok(&["--json", "ingest", arg(&copy)]);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary["ingested"], 0);
    assert_eq!(summary["already_present"], 1);
    assert_eq!(summary["failed"].as_array().unwrap().len(), 0);
    assert_eq!(kg.json(&["stats"]), stats);
}

#[test]
fn symmetric_fact_stated_both_ways_in_two_documents_is_one_edge() {
    let kg = Kg::new();
    let a = kg.write(
        "a.txt",
        "Marco Rubio met with Claudia Sheinbaum in Mexico City on Monday.\n",
    );
    let b = kg.write(
        "b.txt",
        "Claudia Sheinbaum met with Marco Rubio again on Wednesday.\n",
    );
    kg.ok(&["ingest", arg(&a), arg(&b)]);
    let graph = kg.export();
    let met = edge(&graph, "Marco Rubio", "met_with", "Claudia Sheinbaum");
    let documents: Vec<&str> = met["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document"].as_str().unwrap())
        .collect();
    assert_eq!(documents, [arg(&a), arg(&b)]);
    let met_with = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["relation"] == "met_with")
        .count();
    assert_eq!(met_with, 1);
}

#[test]
fn asserted_restatement_upgrades_a_planned_edge() {
    let kg = Kg::new();
    let plan = kg.write(
        "plan.txt",
        "Kamala Harris is expected to travel to Guatemala in June.\n",
    );
    let done = kg.write("done.txt", "Kamala Harris visited Guatemala on Monday.\n");
    kg.ok(&["ingest", arg(&plan)]);
    assert_eq!(
        edge(&kg.export(), "Kamala Harris", "visits", "Guatemala")["modality"],
        "planned"
    );
    kg.ok(&["ingest", arg(&done)]);
    let graph = kg.export();
    let visit = edge(&graph, "Kamala Harris", "visits", "Guatemala");
    assert_eq!(visit["modality"], "asserted");
    let modalities: Vec<&str> = visit["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["modality"].as_str().unwrap())
        .collect();
    assert_eq!(
        modalities,
        ["planned", "asserted"],
        "each sentence keeps its own"
    );
}

#[test]
fn failed_ingest_of_bad_gazetteer_creates_no_database() {
    let kg = Kg::new();
    let gazetteer = kg.write("broken.txt", "[person\nNobody Here\n");
    let run = kg.fails(&["ingest", "--gazetteer", arg(&gazetteer), ARTICLE]);
    assert_has(
        &run.stderr,
        &format!(
            "{}:1: section header '[person' lacks its closing ']'",
            gazetteer.display()
        ),
    );
    assert!(!kg.db.exists());
}

/// A title qualified by a place ("Arizona Gov.") before the subject of a cue once made
/// the subject search slice the text backwards and panic.
#[test]
fn place_qualified_title_before_a_cue_does_not_panic() {
    let kg = Kg::new();
    let run = kg.run_with(
        &["ingest", "-"],
        Some("Arizona Gov. Katie Hobbs criticized the White House on Monday.\n"),
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let graph = kg.export();
    let criticism = edge(&graph, "Katie Hobbs", "criticizes", "White House");
    assert_eq!(criticism["modality"], "asserted");
}
