//! Merges and renames an analyst decides: kept as decisions, applied to later
//! ingests, and undone exactly.

use crate::common::{assert_has, Kg};

/// Three reports of our own; two name one woman in two ways.
const CORPUS: &str = r#"{"id": "a", "text": "Liz Okafor met with Xiomara Castro in Tegucigalpa on Monday. Okafor said the talks went well."}
{"id": "b", "text": "Elizabeth Okafor-Lind visited Guatemala on Tuesday."}
{"id": "c", "text": "Kamala Harris visited Mexico."}
"#;

fn corpus_kg() -> Kg {
    let kg = Kg::new();
    let corpus = kg.write("c.jsonl", CORPUS);
    kg.ok(&["ingest", corpus.to_str().unwrap()]);
    kg
}

fn neighbour_names(kg: &Kg, entity: &str) -> Vec<String> {
    let mut names: Vec<String> = kg.json(&["neighbors", entity])["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_merge_joins_two_entities_holds_for_later_documents_and_undoes_exactly() {
    let kg = corpus_kg();
    let before = kg.ok(&["export", "json"]).stdout;

    let run = kg.ok(&[
        "merge",
        "Elizabeth Okafor-Lind",
        "Liz Okafor",
        "--name",
        "Elizabeth Okafor",
    ]);
    assert_has(
        &run.stdout,
        "decision #1: 'Liz Okafor' merged into 'Elizabeth Okafor'",
    );
    assert_eq!(
        neighbour_names(&kg, "Elizabeth Okafor"),
        ["Elizabeth Okafor", "Guatemala", "Xiomara Castro"]
    );
    let shown = kg.json(&["show", "Liz Okafor"]);
    assert_eq!(
        shown["entity"]["name"], "Elizabeth Okafor",
        "the old name finds it"
    );

    // A document ingested after the merge follows it.
    let later = kg.write(
        "d.jsonl",
        "{\"id\": \"d\", \"text\": \"Liz Okafor spoke with Joe Biden on Friday.\"}\n",
    );
    kg.ok(&["ingest", later.to_str().unwrap()]);
    assert!(neighbour_names(&kg, "Elizabeth Okafor").contains(&"Joe Biden".to_string()));

    let listed = kg.ok(&["decisions"]).stdout;
    assert_has(
        &listed,
        "#1  merge   'Liz Okafor' into 'Elizabeth Okafor-Lind', named 'Elizabeth Okafor'  in force",
    );
    kg.ok(&["undo", "#1"]);
    assert_eq!(
        neighbour_names(&kg, "Liz Okafor"),
        ["Joe Biden", "Liz Okafor", "Xiomara Castro"]
    );
    kg.ok(&["forget", "d"]);
    assert_eq!(kg.ok(&["export", "json"]).stdout, before, "byte for byte");
    assert_has(&kg.ok(&["decisions"]).stdout, "undone");
}

#[test]
fn a_rename_finds_the_entity_by_its_new_name_until_undone() {
    let kg = corpus_kg();
    let run = kg.ok(&["rename", "Kamala Harris", "Vice President Harris"]);
    assert_has(
        &run.stdout,
        "decision #1: 'Kamala Harris' is now called 'Vice President Harris'",
    );
    assert_eq!(
        kg.json(&["show", "vice president harris"])["entity"]["name"],
        "Vice President Harris"
    );
    kg.ok(&["undo", "1"]);
    assert_eq!(
        kg.json(&["show", "Kamala Harris"])["entity"]["name"],
        "Kamala Harris"
    );
    let gone = kg.fails(&["show", "Vice President Harris"]);
    assert_has(&gone.stderr, "no entity named 'Vice President Harris'");
}

#[test]
fn decisions_that_cannot_be_carried_out_say_why() {
    let kg = corpus_kg();
    let same = kg.fails(&["merge", "Kamala Harris", "kamala harris"]);
    assert_has(
        &same.stderr,
        "'Kamala Harris' is the same entity twice; nothing to merge",
    );
    let unknown = kg.fails(&["undo", "#4"]);
    assert_has(
        &unknown.stderr,
        "no decision #4; `mkg decisions` lists them",
    );
    kg.ok(&["rename", "Mexico", "United Mexican States"]);
    kg.ok(&["undo", "1"]);
    let twice = kg.fails(&["undo", "1"]);
    assert_has(&twice.stderr, "decision #1 is undone already");
    let bad = kg.fails(&["undo", "first"]);
    assert_has(
        &bad.stderr,
        "expected a decision number such as #3, got 'first'",
    );
}
