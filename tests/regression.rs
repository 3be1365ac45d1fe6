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

/// A folder `in/` holding one good article.
fn folder_with_article(kg: &Kg) -> std::path::PathBuf {
    kg.write("in/a.txt", "Kamala Harris visited Guatemala on Monday.\n");
    kg.path("in")
}

#[test]
fn a_named_pipe_in_a_folder_is_skipped_not_waited_on() {
    let kg = Kg::new();
    let folder = folder_with_article(&kg);
    let made = std::process::Command::new("mkfifo")
        .arg(folder.join("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = kg.ok(&["ingest", arg(&folder)]);
    assert_has(&run.stdout, "ingested 1 new document(s)");
}

#[test]
fn a_dangling_link_or_a_link_loop_costs_only_itself() {
    let kg = Kg::new();
    let folder = folder_with_article(&kg);
    kg.write(
        "in/sub/b.txt",
        "Joe Biden met with Xiomara Castro on Friday.\n",
    );
    std::os::unix::fs::symlink("/no/such/article.txt", folder.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", folder.join("sub/loop")).unwrap();
    let run = kg.fails(&["ingest", arg(&folder)]);
    assert_has(&run.stdout, "ingested 2 new document(s), 0 already present");
    assert_has(&run.stderr, "dangling.txt: No such file or directory");
}

#[test]
fn an_endless_input_stops_at_the_size_limit() {
    let kg = Kg::new();
    let folder = folder_with_article(&kg);
    let run = kg.fails(&["ingest", "/dev/zero", arg(&folder)]);
    assert_has(
        &run.stderr,
        "/dev/zero: an article over 67108864 bytes; skipped (ingest --max-bytes raises the limit)",
    );
    assert_has(&run.stdout, "ingested 1 new document(s)");
    let small = kg.fails(&["ingest", "--max-bytes", "20", arg(&folder.join("a.txt"))]);
    assert_has(&small.stderr, "a.txt: an article over 20 bytes; skipped");
}

#[test]
fn a_json_lines_record_over_the_limit_is_skipped_and_the_next_read() {
    let kg = Kg::new();
    let long = "x".repeat(5_000);
    let corpus = kg.write(
        "c.jsonl",
        format!(
            "{{\"id\": \"long\", \"text\": \"{long}\"}}\n\
             {{\"id\": \"ok\", \"text\": \"Kamala Harris visited Guatemala on Monday.\"}}\n"
        ),
    );
    let run = kg.fails(&["ingest", "--max-bytes", "1000", arg(&corpus)]);
    assert_has(&run.stderr, "c.jsonl:1: a record over 1000 bytes; skipped");
    assert_has(&run.stdout, "ingested 1 new document(s)");
}

#[test]
fn a_nul_byte_past_the_first_8_kib_is_binary_content_too() {
    let kg = Kg::new();
    let mut bytes = "Kamala Harris visited Guatemala on Monday. "
        .repeat(300)
        .into_bytes();
    bytes.extend_from_slice(b"\0 and more text.");
    let file = kg.write("late-nul.txt", bytes);
    let run = kg.fails(&["ingest", arg(&file)]);
    assert_has(
        &run.stderr,
        "late-nul.txt: not a text article (binary content)",
    );
}

#[test]
fn an_html_article_is_read_for_its_text_and_other_files_in_a_folder_are_named_and_skipped() {
    let kg = Kg::new();
    kg.write(
        "in/story.html",
        "<!DOCTYPE html><html><head><title>Harris in Guatemala</title>\
         <script>var s = \"Joe Biden met with Vladimir Putin\";</script></head><body>\
         <nav><ul><li>Joe Biden spoke with Xi Jinping</li></ul></nav>\
         <article><h1>Harris in Guatemala</h1><p>Kamala Harris visited Guatemala on Monday.</p>\
         <p>She met with <b>Bernardo Arévalo</b> in Guatemala City.</p>\
         <aside><p>Donald Trump visited Moscow.</p></aside></article>\
         <footer><p>Xiomara Castro met with Nayib Bukele.</p></footer></body></html>",
    );
    kg.write("in/export.json", "{\"nodes\": []}");
    let run = kg.ok(&["ingest", arg(&kg.path("in"))]);
    assert_has(&run.stdout, "ingested 1 new document(s)");
    assert_has(
        &run.stderr,
        "export.json: not an article format (.txt, .md, .html, .jsonl); skipped",
    );
    assert_eq!(
        kg.ok(&["text", "1"]).stdout,
        "Harris in Guatemala\nKamala Harris visited Guatemala on Monday.\n\
         She met with Bernardo Arévalo in Guatemala City.\n"
    );
    assert_eq!(kg.json(&["documents"])[0]["title"], "Harris in Guatemala");
    for absent in [
        "Vladimir Putin",
        "Xi Jinping",
        "Donald Trump",
        "Nayib Bukele",
    ] {
        let run = kg.fails(&["show", absent]);
        assert_has(&run.stderr, &format!("no entity named '{absent}'"));
    }
}

/// Generated articles where a name inside a longer name once made extraction slice
/// the text backwards.
#[test]
fn overlapping_names_after_a_cue_do_not_panic() {
    use migration_kg::{model::Document, pipeline::Extractor};
    let extractor = Extractor::builtin().unwrap();
    for index in [12_987, 22_375, 36_628] {
        let article = mkg_synth::article(0, index);
        let graph = extractor.extract(Document {
            name: article.id,
            text: article.text,
            ..Document::default()
        });
        assert!(!graph.relations.is_empty(), "article {index}");
    }
}

#[test]
fn a_foreign_database_with_a_pending_write_ahead_log_is_left_as_it_was() {
    let kg = Kg::new();
    let running = kg.dir.path().join("running.db");
    let writer = rusqlite::Connection::open(&running).unwrap();
    writer
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    // What a program that stopped without closing leaves: its changes in the log.
    std::fs::copy(&running, &kg.db).unwrap();
    let wal = kg.dir.path().join("kg.sqlite-wal");
    std::fs::copy(kg.dir.path().join("running.db-wal"), &wal).unwrap();
    drop(writer);
    let (file, log) = (std::fs::read(&kg.db).unwrap(), std::fs::read(&wal).unwrap());
    let run = kg.fails(&["ingest", ARTICLE]);
    assert_has(&run.stderr, "application id 0x00000000");
    assert_has(&run.stderr, "left untouched");
    assert_eq!(std::fs::read(&kg.db).unwrap(), file, "nothing checkpointed");
    assert_eq!(std::fs::read(&wal).unwrap(), log);
}

#[test]
fn an_empty_database_another_program_marked_as_its_own_is_not_taken_over() {
    let kg = Kg::new();
    rusqlite::Connection::open(&kg.db)
        .unwrap()
        .pragma_update(None, "application_id", 0x1234_5678)
        .unwrap();
    let before = std::fs::read(&kg.db).unwrap();
    let run = kg.fails(&["ingest", ARTICLE]);
    assert_has(&run.stderr, "application id 0x12345678");
    assert_eq!(std::fs::read(&kg.db).unwrap(), before);

    // A blank SQLite file, marked by no one, holds nothing to protect.
    let blank = Kg::new();
    rusqlite::Connection::open(&blank.db)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    let run = blank.ok(&["ingest", ARTICLE]);
    assert_has(&run.stdout, "ingested 1 new document(s)");
}

#[test]
fn a_sqlite_error_is_printed_once_not_three_times() {
    let kg = Kg::with_article();
    // Another program holds the file exclusively for longer than mkg's 5 s wait.
    let other = rusqlite::Connection::open(&kg.db).unwrap();
    other
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .unwrap();
    let run = kg.fails(&["stats"]);
    assert_eq!(
        run.stderr.matches("database is locked").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.starts_with("mkg: database "), "{}", run.stderr);
}

#[test]
fn a_very_long_unknown_name_is_answered_and_not_echoed_whole() {
    let kg = Kg::with_article();
    let long = "Harris ".repeat(1_500);
    let run = kg.fails(&["show", long.trim_end()]);
    let first_line = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("mkg: no entity named 'Harris Harris"),
        "{first_line}"
    );
    assert!(first_line.contains("… (10499 characters)'"), "{first_line}");
    assert!(first_line.len() < 200, "{first_line}");
}

/// Found by fuzzing the extraction: an other name ("also known as") running to the
/// very end of the text was cut one byte past it.
#[test]
fn an_other_name_that_ends_the_text_does_not_panic() {
    let kg = Kg::new();
    let article = kg.write(
        "aka.txt",
        "USAID funds the Merida Initiative (also known as Plan Azul Grande",
    );
    kg.ok(&["ingest", arg(&article)]);
    let shown = kg.json(&["show", "Plan Azul Grande"]);
    assert_eq!(shown["entity"]["name"], "Mérida Initiative");
}
