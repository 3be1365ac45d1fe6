//! Merges, splits and renames an analyst decides: kept as decisions, applied to later
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

/// A gazetteer that gives a surname to one woman, and three reports: one names her in
/// full, one means another Quintero, one is about someone else.
const QUINTERO_GAZETTEER: &str = "[person]\nMarisol Quintero | Quintero\n";
const QUINTERO_CORPUS: &str = r#"{"id": "a", "text": "Marisol Quintero met with Xiomara Castro in Tegucigalpa on Monday. Quintero said the talks went well."}
{"id": "b", "text": "Quintero, the mayor of Tapachula, spoke with Andrés Manuel López Obrador on Tuesday."}
{"id": "c", "text": "Kamala Harris visited Mexico."}
"#;

#[test]
fn a_split_moves_the_documents_that_use_only_the_alias_holds_for_later_ones_and_undoes_exactly() {
    let kg = Kg::new();
    let gazetteer = kg.write("quintero.txt", QUINTERO_GAZETTEER);
    let gazetteer = gazetteer.to_str().unwrap();
    let corpus = kg.write("q.jsonl", QUINTERO_CORPUS);
    kg.ok(&["ingest", "--gazetteer", gazetteer, corpus.to_str().unwrap()]);
    assert_eq!(
        neighbour_names(&kg, "Marisol Quintero"),
        [
            "Andrés Manuel López Obrador",
            "Marisol Quintero",
            "Xiomara Castro"
        ],
        "the gazetteer joined the mayor to her"
    );
    let before = kg.ok(&["export", "json"]).stdout;

    let run = kg.ok(&[
        "split",
        "Marisol Quintero",
        "--alias",
        "Quintero",
        "--into",
        "Rafael Quintero",
        "--gazetteer",
        gazetteer,
    ]);
    assert_has(
        &run.stdout,
        "decision #1: documents that call 'Marisol Quintero' only 'Quintero' now go to 'Rafael Quintero' (#8), which 1 document(s) mention",
    );
    assert_eq!(
        neighbour_names(&kg, "Marisol Quintero"),
        ["Marisol Quintero", "Xiomara Castro"],
        "the report that names her in full stays"
    );
    assert_eq!(
        neighbour_names(&kg, "Rafael Quintero"),
        ["Andrés Manuel López Obrador", "Rafael Quintero"]
    );
    let aliases = kg.json(&["show", "Rafael Quintero"])["entity"]["aliases"].clone();
    assert_eq!(
        aliases,
        serde_json::json!(["Quintero", "the mayor"]),
        "not her full name"
    );

    let later = kg.write(
        "d.jsonl",
        "{\"id\": \"d\", \"text\": \"Quintero spoke with Joe Biden on Friday.\"}\n",
    );
    kg.ok(&["ingest", "--gazetteer", gazetteer, later.to_str().unwrap()]);
    assert!(neighbour_names(&kg, "Rafael Quintero").contains(&"Joe Biden".to_string()));
    assert_has(
        &kg.ok(&["decisions"]).stdout,
        "#1  split   'Quintero' only: from 'Marisol Quintero' to 'Rafael Quintero'  in force",
    );

    kg.ok(&["undo", "1", "--gazetteer", gazetteer]);
    assert!(neighbour_names(&kg, "Marisol Quintero").contains(&"Joe Biden".to_string()));
    kg.ok(&["forget", "d"]);
    assert_eq!(kg.ok(&["export", "json"]).stdout, before, "byte for byte");
}

#[test]
fn a_split_by_a_name_the_entity_lacks_or_by_its_own_name_is_refused() {
    let kg = corpus_kg();
    let foreign = kg.fails(&["split", "Liz Okafor", "--alias", "Castro"]);
    assert_has(
        &foreign.stderr,
        "'Castro' is not a name of 'Liz Okafor' (#1); its names: Liz Okafor, Okafor",
    );
    let own = kg.fails(&["split", "Liz Okafor", "--alias", "liz okafor"]);
    assert_has(
        &own.stderr,
        "'liz okafor' is the name of 'Liz Okafor' itself; split it by one of its other names",
    );
    let itself = kg.fails(&["split", "Liz Okafor", "--alias", "Okafor", "--into", "#1"]);
    assert_has(&itself.stderr, "'Liz Okafor' cannot be split into itself");
    assert_eq!(
        kg.json(&["decisions"]),
        serde_json::json!([]),
        "none recorded"
    );
}
