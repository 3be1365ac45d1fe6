//! Bad input: each failure names what is at fault, and never costs the good input or
//! someone else's file.

use crate::common::{arg, assert_has, Kg, ARTICLE};

const RELATIONS: [&str; 14] = [
    "tapped_by",
    "leader_of",
    "member_of",
    "spoke_with",
    "met_with",
    "visits",
    "works_with",
    "funds",
    "requests_funding_from",
    "assists",
    "directs",
    "criticizes",
    "contacted",
    "statement_to",
];

#[test]
fn binary_file_fails_by_name_but_good_article_in_folder_is_ingested() {
    let kg = Kg::new();
    kg.write(
        "inbox/a-good.txt",
        "Guatemalan President Bernardo Arevalo met with Antony Blinken in Guatemala City.\n",
    );
    let blob = kg.write(
        "inbox/b-scan.txt",
        b"PK\x03\x04\0\0\x08\0\x01\x02binary\0\xff\xfe\0",
    );
    let run = kg.run(&["ingest", arg(&kg.path("inbox"))]);
    assert_ne!(run.code, Some(0), "a failed input fails the run");
    assert_has(
        &run.stderr,
        &format!("{}: not a text article (binary content)", blob.display()),
    );
    assert_has(&run.stderr, "1 input(s) could not be ingested");
    assert!(
        run.stdout.starts_with("ingested 1 new document(s)"),
        "{}",
        run.stdout
    );
    let listed = kg.ok(&["entities"]).stdout;
    assert!(listed.contains("Antony Blinken"), "{listed}");
    assert!(listed.contains("Bernardo Arévalo"), "{listed}");
}

#[test]
fn empty_file_is_a_warning_not_an_error() {
    let kg = Kg::new();
    let empty = kg.write("blank.txt", "  \n\n");
    let run = kg.run(&["ingest", arg(&empty), ARTICLE]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_has(
        &run.stderr,
        &format!("warning: {}: empty, nothing to ingest", empty.display()),
    );
    assert!(
        run.stdout.starts_with("ingested 1 new document(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn malformed_json_line_is_named_by_file_and_line_and_others_are_ingested() {
    let kg = Kg::new();
    let corpus = kg.write(
        "feed.jsonl",
        concat!(
            r#"{"id": "one", "text": "Marco Rubio met with Claudia Sheinbaum in Mexico City."}"#,
            "\n",
            r#"{"id": "two", "text": "this line is cut off"#,
            "\n",
            "\n",
            r#"{"id": 3, "text": "Joe Biden spoke with Xiomara Castro on Monday."}"#,
            "\n",
        ),
    );
    let run = kg.run(&["ingest", arg(&corpus)]);
    assert_ne!(run.code, Some(0));
    assert_has(
        &run.stderr,
        &format!("{}:2: not an article object", corpus.display()),
    );
    assert!(
        run.stdout.starts_with("ingested 2 new document(s)"),
        "{}",
        run.stdout
    );
    let shown = kg.json(&["show", "Xiomara Castro"]);
    assert_eq!(shown["mentions"][0]["document"], "3", "numeric id as name");
    let listed = kg.ok(&["entities"]).stdout;
    assert!(listed.contains("Claudia Sheinbaum"), "{listed}");
}

#[test]
fn text_file_as_database_is_refused_and_left_byte_identical() {
    let mut kg = Kg::new();
    let notes = kg.write("notes.txt", "shopping: beans, rice, coffee\n");
    kg.db = notes.clone();
    let before = std::fs::read(&notes).unwrap();
    for args in [vec!["ingest", ARTICLE], vec!["stats"], vec!["entities"]] {
        let run = kg.run(&args);
        assert_ne!(run.code, Some(0), "{args:?}");
        assert!(
            run.stderr.contains(&format!(
                "{}: not an mkg database (not an SQLite database); the file was left untouched",
                notes.display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read(&notes).unwrap(), before, "{args:?}");
    }
}

#[test]
fn foreign_sqlite_database_is_refused_and_left_byte_identical() {
    let mut kg = Kg::new();
    let other = kg.path("recipes.db");
    kg.db = other.clone();
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT, minutes INTEGER);
             INSERT INTO recipes VALUES ('pepian', 90), ('tamales', 120);",
        )
        .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    for args in [vec!["ingest", ARTICLE], vec!["show", "harris"]] {
        let run = kg.run(&args);
        assert_ne!(run.code, Some(0), "{args:?}");
        assert!(
            run.stderr
                .contains(&format!("{}: not an mkg database", other.display())),
            "{args:?}: {}",
            run.stderr
        );
        assert_has(&run.stderr, "left untouched");
        assert_eq!(std::fs::read(&other).unwrap(), before, "{args:?}");
    }
    assert!(!kg.path("recipes.db-wal").exists(), "no journal created");
    let conn = rusqlite::Connection::open(&other).unwrap();
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM recipes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
}

#[test]
fn unknown_entity_suggests_the_closest_name() {
    let kg = Kg::with_article();
    let run = kg.fails(&["show", "Kamla Harris"]);
    assert!(
        run.stderr
            .contains("no entity named 'Kamla Harris'; did you mean: Kamala Harris"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let path = kg.fails(&["path", "Yoshihide Suga", "Joe Bidden"]);
    assert!(
        path.stderr
            .contains("no entity named 'Joe Bidden'; did you mean: Joe Biden"),
        "{}",
        path.stderr
    );
    let far = kg.fails(&["neighbors", "Xylophone Quartet"]);
    assert_has(&far.stderr, "no entity named 'Xylophone Quartet'");
}

#[test]
fn read_commands_on_missing_database_say_so_and_create_nothing() {
    let kg = Kg::new();
    for args in [
        vec!["entities"],
        vec!["stats"],
        vec!["show", "harris"],
        vec!["neighbors", "harris"],
        vec!["path", "Yoshihide Suga", "Joe Biden"],
        vec!["export", "dot"],
    ] {
        let run = kg.fails(&args);
        assert!(
            run.stderr.contains(&format!(
                "no database at {}; run `mkg ingest` first",
                kg.db.display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!kg.db.exists(), "{args:?} created the database");
    }
}

#[test]
fn unknown_relation_lists_the_valid_ones() {
    let kg = Kg::with_article();
    for command in ["neighbors", "export"] {
        let args = if command == "neighbors" {
            vec!["neighbors", "harris", "--relation", "greets"]
        } else {
            vec!["export", "dot", "--relation", "greets"]
        };
        let run = kg.fails(&args);
        assert_has(&run.stderr, "unknown relation 'greets' (expected one of: ");
        let listed = run
            .stderr
            .split("expected one of: ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .unwrap();
        assert_eq!(listed.split(", ").collect::<Vec<_>>(), RELATIONS);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn gazetteer_with_bad_line_fails_naming_file_and_line() {
    let kg = Kg::new();
    let gazetteer = kg.write(
        "mine.txt",
        "# invented people\n[person]\nMarisol Quintero | Quintero\n\n[planet]\nVesta Prime\n",
    );
    let article = kg.write("note.txt", "Marisol Quintero met with Antony Blinken.\n");
    let run = kg.fails(&["ingest", "--gazetteer", arg(&gazetteer), arg(&article)]);
    assert_has(
        &run.stderr,
        &format!("{}:6: unknown entity kind 'planet'", gazetteer.display()),
    );
    assert!(!kg.db.exists(), "nothing ingested, nothing created");

    let headless = kg.write("headless.txt", "Marisol Quintero\n");
    let run = kg.fails(&["ingest", "--gazetteer", arg(&headless), arg(&article)]);
    assert_has(
        &run.stderr,
        &format!(
            "{}:1: entry before any [section] header",
            headless.display()
        ),
    );
}

#[test]
fn user_gazetteer_teaches_a_new_person() {
    let kg = Kg::new();
    let article = kg.write(
        "quintero.txt",
        "Marisol Quintero met with Antony Blinken in Washington on Tuesday. Quintero later spoke with Xiomara Castro.\n",
    );
    let gazetteer = kg.write(
        "people.txt",
        "# invented for this test\n[person]\nMarisol Quintero | Quintero | @gender f\n",
    );
    kg.ok(&["ingest", "--gazetteer", arg(&gazetteer), arg(&article)]);
    let shown = kg.ok(&["show", "quintero"]).stdout;
    assert!(shown.starts_with("Marisol Quintero (person)\n"), "{shown}");
    assert!(
        shown.contains("Marisol Quintero -met_with-> Antony Blinken")
            || shown.contains("Antony Blinken -met_with-> Marisol Quintero"),
        "{shown}"
    );
    assert!(
        shown.contains("Marisol Quintero -spoke_with-> Xiomara Castro")
            || shown.contains("Xiomara Castro -spoke_with-> Marisol Quintero"),
        "{shown}"
    );
}

#[test]
fn zero_depth_hops_or_node_cap_is_refused_before_reading_anything() {
    let kg = Kg::new();
    for args in [
        vec!["path", "a", "b", "--max-hops", "0"],
        vec!["neighbors", "a", "--depth", "0"],
        vec!["export", "dot", "--max-nodes", "0"],
    ] {
        let run = kg.fails(&args);
        assert!(
            run.stderr
                .contains("expected a whole number of at least 1, got '0'"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!kg.db.exists(), "no database touched for a bad argument");
    }
}
