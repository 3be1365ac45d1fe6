//! `mkg documents`, `mkg text` and `mkg forget`: the documents of a working graph.

use crate::common::Kg;
use serde_json::Value;
use std::collections::BTreeSet;

/// Three dated articles of our own, from two sources. The second one alone calls
/// Dana Whitford "the Meridian Project's director" and alone states the funding.
const CORPUS: &str = r#"{"id": "a", "date": "2023-03-02", "source": "Wire", "text": "Kamala Harris visited Guatemala on Monday. Dana Whitford, the director of the Meridian Project, met with Bernardo Arévalo in Guatemala City."}
{"id": "b", "date": "2024-06-10", "source": "Daily", "text": "The Meridian Project's director, Dana Whitford, said USAID funds the Meridian Project in Honduras. Whitford spoke with Xiomara Castro on Friday."}
{"id": "c", "date": "2024-11-20", "source": "Wire", "text": "Dana Whitford met with Bernardo Arévalo again in Guatemala City. Kamala Harris visited Guatemala on Monday."}
"#;

/// The graph as names, so two databases built in different orders compare.
fn canonical(export: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let name = |id: &Value| -> String {
        export["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == *id)
            .map(|n| n["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    let nodes = export["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{} ({}) {}", n["name"], n["kind"], n["aliases"]))
        .collect();
    let edges = export["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let sentences: BTreeSet<&str> = e["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["sentence"].as_str().unwrap())
                .collect();
            format!(
                "{} -{}-> {} [{}] {sentences:?}",
                name(&e["source"]),
                e["relation"].as_str().unwrap(),
                name(&e["target"]),
                e["modality"].as_str().unwrap()
            )
        })
        .collect();
    (nodes, edges)
}

/// The names of the documents `mkg --json documents ARGS` lists.
fn listed(kg: &Kg, args: &[&str]) -> Vec<String> {
    let mut all = vec!["documents"];
    all.extend_from_slice(args);
    kg.json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

fn corpus_kg(lines: &[usize]) -> Kg {
    let kg = Kg::new();
    let all: Vec<&str> = CORPUS.lines().collect();
    let chosen: Vec<&str> = lines.iter().map(|&i| all[i]).collect();
    let corpus = kg.write("corpus.jsonl", chosen.join("\n"));
    kg.ok(&["ingest", corpus.to_str().unwrap()]);
    kg
}

#[test]
fn documents_lists_each_with_date_source_and_counts_and_filters_by_date() {
    let kg = corpus_kg(&[0, 1, 2]);
    let run = kg.ok(&["documents"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(
        lines[0].starts_with("id  name  title  date"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("#1  a "), "{}", lines[1]);
    assert!(lines[1].contains("2023-03-02  Wire"), "{}", lines[1]);

    assert_eq!(
        listed(&kg, &["--since", "2024", "--until", "2024-06"]),
        ["b"]
    );
    let day = kg.json(&[
        "documents",
        "--since",
        "2024-06-10",
        "--until",
        "2024-06-10",
    ]);
    assert_eq!(day[0]["name"], "b");
    assert_eq!(day[0]["date"], "2024-06-10");
    assert_eq!(day[0]["source"], "Daily");
    assert!(day[0]["entities"].as_u64().unwrap() >= 4, "{day}");
    assert!(day[0]["edges"].as_u64().unwrap() >= 2, "{day}");

    assert_eq!(listed(&kg, &["--source", "Wire"]), ["a", "c"]);

    let bad = kg.fails(&["documents", "--since", "March"]);
    assert!(
        bad.stderr
            .contains("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'March'"),
        "{}",
        bad.stderr
    );
}

#[test]
fn text_prints_the_stored_text_that_offsets_index() {
    let kg = corpus_kg(&[0, 1, 2]);
    let run = kg.ok(&["text", "#2"]);
    assert!(
        run.stdout
            .starts_with("The Meridian Project's director, Dana Whitford, said USAID"),
        "{}",
        run.stdout
    );
    assert_eq!(kg.ok(&["text", "b"]).stdout, run.stdout, "by name as by id");
    let shown = kg.json(&["show", "Xiomara Castro"]);
    let mention = &shown["mentions"][0];
    let (start, end) = (
        mention["start"].as_u64().unwrap() as usize,
        mention["end"].as_u64().unwrap() as usize,
    );
    let chars: Vec<char> = run.stdout.chars().collect();
    assert_eq!(
        chars[start..end].iter().collect::<String>(),
        "Xiomara Castro"
    );
    let missing = kg.fails(&["text", "nosuch"]);
    assert!(
        missing.stderr.contains("no document 'nosuch' in")
            && missing.stderr.contains("`mkg documents` lists them"),
        "{}",
        missing.stderr
    );
}

#[test]
fn forgetting_a_document_leaves_the_graph_its_others_would_build() {
    let kg = corpus_kg(&[0, 1, 2]);
    let before = kg.export();
    let (nodes, edges) = canonical(&before);
    assert!(
        edges.iter().any(|e| e.starts_with(
            "United States Agency for International Development -funds-> Meridian Project"
        )),
        "{edges:?}"
    );
    assert!(nodes.iter().any(|n| n.starts_with("\"Xiomara Castro\"")));

    let run = kg.ok(&["forget", "b"]);
    assert!(
        run.stdout.starts_with("forgot 1 document(s): "),
        "{}",
        run.stdout
    );
    let without = corpus_kg(&[0, 2]);
    assert_eq!(canonical(&kg.export()), canonical(&without.export()));
    let counts = |kg: &Kg| -> BTreeSet<String> {
        let listed = kg.json(&["entities"]);
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {} {}", e["node"]["name"], e["mentions"], e["degree"]))
            .collect()
    };
    assert_eq!(counts(&kg), counts(&without), "mention counts and degrees");
    assert_eq!(listed(&kg, &[]), ["a", "c"]);
    let gone = kg.fails(&["show", "Xiomara Castro"]);
    assert!(
        gone.stderr.contains("no entity named 'Xiomara Castro'"),
        "{}",
        gone.stderr
    );
}

#[test]
fn forget_names_the_documents_it_cannot_tell_apart() {
    let kg = Kg::new();
    let corpus = kg.write(
        "dup.jsonl",
        "{\"id\": \"note\", \"text\": \"Kamala Harris visited Guatemala on Monday.\"}\n\
         {\"id\": \"note\", \"text\": \"Xiomara Castro visited Mexico on Tuesday.\"}\n",
    );
    kg.ok(&["ingest", corpus.to_str().unwrap()]);
    let ambiguous = kg.fails(&["forget", "note"]);
    assert!(
        ambiguous
            .stderr
            .contains("2 documents are named 'note' (#1, #2); name one by its id"),
        "{}",
        ambiguous.stderr
    );
    let unknown = kg.fails(&["forget", "#7"]);
    assert!(
        unknown.stderr.contains("no document '#7' in"),
        "{}",
        unknown.stderr
    );
    assert_eq!(listed(&kg, &[]), ["note", "note"], "nothing forgotten");
    kg.ok(&["forget", "#2"]);
    assert_eq!(
        kg.ok(&["text", "note"]).stdout.trim(),
        "Kamala Harris visited Guatemala on Monday."
    );
}

#[test]
fn reextract_applies_a_new_gazetteer_to_stored_documents_and_repeats_exactly() {
    let kg = Kg::new();
    let article = kg.write(
        "shelter.txt",
        "Ruta Clara funds a shelter in Tapachula, its director said on Monday. \
         Kamala Harris visited Guatemala.",
    );
    let fix = kg.write("fix.txt", "[organization]\nRuta Clara\n");
    kg.ok(&["ingest", article.to_str().unwrap()]);
    let funders = |kg: &Kg| {
        kg.json(&["neighbors", "Tapachula"])["edges"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(funders(&kg), 0, "no gazetteer knows Ruta Clara yet");

    // Ingest sees the text is stored and extracts nothing.
    let again = kg.ok(&[
        "ingest",
        "--gazetteer",
        fix.to_str().unwrap(),
        article.to_str().unwrap(),
    ]);
    assert!(
        again
            .stdout
            .starts_with("ingested 0 new document(s), 1 already present"),
        "{}",
        again.stdout
    );
    assert_eq!(funders(&kg), 0);

    let run = kg.ok(&["reextract", "--gazetteer", fix.to_str().unwrap()]);
    assert!(
        run.stdout
            .starts_with("re-extracted 1 document(s), 0 of them unchanged; "),
        "{}",
        run.stdout
    );
    let around = kg.json(&["neighbors", "Tapachula"]);
    let names: Vec<&str> = around["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Ruta Clara"), "{names:?}");
    assert_eq!(around["edges"][0]["relation"], "funds");
    assert_eq!(
        kg.json(&["documents"])[0]["id"],
        1,
        "the document keeps its id"
    );

    let before = kg.ok(&["export", "json"]).stdout;
    let repeat = kg.ok(&["reextract", "--gazetteer", fix.to_str().unwrap(), "#1"]);
    assert!(
        repeat
            .stdout
            .starts_with("re-extracted 1 document(s), 1 of them unchanged; "),
        "the same data stores the same rows, so nothing is written: {}",
        repeat.stdout
    );
    assert_eq!(
        kg.ok(&["export", "json"]).stdout,
        before,
        "ids, names and edges stay"
    );
    // Without the gazetteer the organization goes again, with its edge.
    kg.ok(&["reextract"]);
    assert_eq!(funders(&kg), 0);
    let gone = kg.fails(&["show", "Ruta Clara"]);
    assert!(
        gone.stderr.contains("no entity named 'Ruta Clara'"),
        "{}",
        gone.stderr
    );
}

#[test]
fn ingest_of_nothing_that_exists_creates_no_database() {
    let kg = Kg::new();
    let run = kg.fails(&["ingest", "nosuch.txt", "missing/"]);
    assert!(
        run.stderr
            .contains("no such file or folder: nosuch.txt, missing/"),
        "{}",
        run.stderr
    );
    assert!(!kg.db.exists(), "no database was created");
}

/// Two dated reports and one undated, of our own.
const DATED: &str = r#"{"id": "a", "date": "2023-03-02", "text": "Kamala Harris visited Guatemala on Monday. Dana Whitford met with Bernardo Arévalo in Guatemala City."}
{"id": "b", "date": "2024-06-10", "text": "Dana Whitford spoke with Xiomara Castro on Friday. Kamala Harris visited Guatemala again."}
{"id": "c", "text": "Dana Whitford met with Bernardo Arévalo in Guatemala City on Tuesday."}
"#;

#[test]
fn a_period_keeps_the_evidence_of_documents_dated_in_it() {
    let kg = Kg::new();
    let corpus = kg.write("dated.jsonl", DATED);
    kg.ok(&["ingest", corpus.to_str().unwrap()]);

    let all = kg.ok(&["neighbors", "Dana Whitford"]).stdout;
    assert!(
        all.contains("\"Dana Whitford met with Bernardo Arévalo in Guatemala City.\" (a, 2023-03-02, cue: met with)"),
        "evidence lines give their document's date:\n{all}"
    );
    assert!(
        all.contains("(c, cue: met with)"),
        "an undated document has none:\n{all}"
    );

    let recent = kg
        .ok(&["neighbors", "Dana Whitford", "--since", "2024"])
        .stdout;
    assert_eq!(
        recent,
        "Dana Whitford (person): 1 linked entities within 1 hop(s), 1 edges\n  \
         Dana Whitford -spoke_with-> Xiomara Castro  [asserted]\n      \
         \"Dana Whitford spoke with Xiomara Castro on Friday.\" (b, 2024-06-10, cue: spoke with)\n"
    );

    let export: Value = serde_json::from_str(
        &kg.ok(&[
            "export",
            "json",
            "--since",
            "2024-01",
            "--until",
            "2024-12-31",
        ])
        .stdout,
    )
    .unwrap();
    let evidence: Vec<&str> = export["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["evidence"].as_array().unwrap())
        .map(|v| v["document"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, ["b", "b"], "{export}");
    assert_eq!(export["edges"][0]["evidence"][0]["date"], "2024-06-10");
    assert_eq!(
        export["nodes"].as_array().unwrap().len(),
        4,
        "the nodes its edges touch"
    );

    // Every format takes the same selection: a period and a relation together.
    let folder = kg.path("recent-visits");
    kg.ok(&[
        "export",
        "csv",
        "--since",
        "2024",
        "--relation",
        "visits",
        "-o",
        folder.to_str().unwrap(),
    ]);
    let nodes = std::fs::read_to_string(folder.join("nodes.csv")).unwrap();
    let names: Vec<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(names, ["Kamala Harris", "Guatemala"], "{nodes}");
    let evidence = std::fs::read_to_string(folder.join("evidence.csv")).unwrap();
    assert_eq!(evidence.lines().count(), 2, "{evidence}");
    assert!(
        evidence.contains(",b,Kamala Harris visited Guatemala again.,"),
        "{evidence}"
    );

    let early = kg.json(&["stats", "--until", "2023"]);
    assert_eq!(early["documents"], 1);
    assert_eq!(early["edges"], 2);
    assert_eq!(early["evidence"], 2);
    assert_eq!(early["entities"], 5);

    let shown = kg.json(&["show", "Kamala Harris", "--since", "2024"]);
    assert_eq!(shown["mention_count"], 1);
    assert_eq!(shown["edges"][0]["evidence"].as_array().unwrap().len(), 1);

    let none = kg.fails(&["path", "Dana Whitford", "Xiomara Castro", "--until", "2023"]);
    assert!(
        none.stderr
            .contains("no path from 'Dana Whitford' to 'Xiomara Castro' within 6 hops"),
        "{}",
        none.stderr
    );
    kg.ok(&["path", "Dana Whitford", "Xiomara Castro"]);
}
