//! Crashes and concurrency, with the real `mkg` binary: an ingest killed with SIGKILL
//! at random points, queries running throughout an ingest, and two ingests into one
//! database at once. A test binary of its own: its timings must not compete with the
//! other tests for the cores.

use rusqlite::{Connection, OpenFlags};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const MKG: &str = env!("CARGO_BIN_EXE_mkg");

/// Documents per transaction in these tests: many commits, so a kill can land between
/// them, in them, or in the middle of a transaction.
const COMMIT_EVERY: &str = "3";

/// A generated corpus of `count` articles in `dir`.
fn corpus(dir: &Path, name: &str, count: usize, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    mkg_synth::write_corpus(&mut file, count, seed).unwrap();
    path
}

fn mkg(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(MKG);
    cmd.env_remove("MKG_DB").arg("--db").arg(db).args(args);
    cmd
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut cmd = mkg(db, &["ingest", "--commit-every", COMMIT_EVERY]);
    cmd.arg(corpus);
    cmd
}

fn run(mut cmd: Command) -> Output {
    let output = cmd.output().expect("mkg runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Documents, entities, edges and pieces of evidence.
fn counts(db: &Path) -> [i64; 4] {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    ["documents", "entities", "edges", "evidence"].map(|table| {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .unwrap()
    })
}

/// What a killed writer may leave: a database that passes SQLite's own check, and no
/// document stored without its mentions and evidence.
fn assert_whole(db: &Path, trial: usize) {
    let conn = Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok", "trial {trial}");
    // Killed before the schema's transaction committed: a blank file, which the next
    // ingest takes for a new database.
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get(0))
        .unwrap();
    if tables == 0 {
        return;
    }
    let half: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM mentions WHERE document_id = d.id)
                OR NOT EXISTS (SELECT 1 FROM evidence WHERE document_id = d.id)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        half, 0,
        "trial {trial}: documents without mentions or evidence"
    );
}

/// Runs an ingest for `after`, then kills it with SIGKILL (if it is still running).
fn kill_after(mut child: Child, after: Duration) {
    sleep(after);
    child.kill().ok();
    child.wait().unwrap();
}

#[test]
fn an_ingest_killed_at_random_points_loses_nothing_committed_and_finishes_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), "corpus.jsonl", 12, 11);
    let reference = dir.path().join("reference.sqlite");
    let started = Instant::now();
    run(ingest(&reference, &corpus));
    let whole_run = started.elapsed();
    let expected = counts(&reference);
    assert_eq!(expected[0], 12);

    let mut rng = fastrand::Rng::with_seed(20);
    for trial in 0..20 {
        let db = dir.path().join(format!("trial-{trial}.sqlite"));
        let child = ingest(&db, &corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from opening the database to the last commit.
        kill_after(child, whole_run.mul_f64(rng.f64()));
        if db.exists() {
            assert_whole(&db, trial);
        }
        run(ingest(&db, &corpus));
        assert_eq!(counts(&db), expected, "trial {trial}: resumed ingest");
    }
}

#[test]
fn queries_during_an_ingest_never_find_the_database_locked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), "corpus.jsonl", 30, 12);
    let db = dir.path().join("kg.sqlite");
    // A first document, so that queries have a database to read from the start.
    let first = corpus.with_file_name("first.txt");
    std::fs::write(&first, "Kamala Harris visited Guatemala on Monday.").unwrap();
    run(mkg(&db, &["ingest", first.to_str().unwrap()]));

    let mut writer = ingest(&db, &corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let queries: [&[&str]; 3] = [
        &["--json", "neighbors", "Kamala Harris"],
        &["--json", "show", "Guatemala"],
        &["export", "json"],
    ];
    let mut worst = Duration::ZERO;
    let mut answered = 0;
    while writer.try_wait().unwrap().is_none() {
        for query in queries {
            let asked = Instant::now();
            let output = mkg(&db, query).output().unwrap();
            worst = worst.max(asked.elapsed());
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{query:?}: {stderr}");
            answered += 1;
        }
    }
    assert!(writer.wait().unwrap().success());
    assert!(answered >= 3, "the ingest ended before any query ran");
    eprintln!("{answered} queries during the ingest; the slowest took {worst:?}");
}

#[test]
fn two_ingests_into_one_new_database_at_once_both_finish() {
    let dir = tempfile::tempdir().unwrap();
    let first = corpus(dir.path(), "first.jsonl", 8, 13);
    let second = corpus(dir.path(), "second.jsonl", 8, 14);
    let reference = dir.path().join("reference.sqlite");
    run(ingest(&reference, &first));
    run(ingest(&reference, &second));

    // Creating the database is a race of its own, so several rounds.
    for round in 0..4 {
        let db = dir.path().join(format!("round-{round}.sqlite"));
        let spawn = |corpus: &Path| {
            ingest(&db, corpus)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (spawn(&first), spawn(&second));
        for output in [
            one.wait_with_output().unwrap(),
            two.wait_with_output().unwrap(),
        ] {
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(counts(&db), counts(&reference), "round {round}");
    }
}

#[test]
fn an_ingest_waits_its_turn_while_another_process_writes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), "corpus.jsonl", 5, 15);
    let db = dir.path().join("kg.sqlite");
    let first = corpus.with_file_name("first.txt");
    std::fs::write(&first, "Kamala Harris visited Guatemala on Monday.").unwrap();
    run(mkg(&db, &["ingest", first.to_str().unwrap()]));

    // Another writer, in write-ahead mode as mkg writes, holds the database for longer
    // than SQLite's own wait of 5 s.
    let other = Connection::open(&db).unwrap();
    other
        .execute_batch("PRAGMA journal_mode = WAL; BEGIN IMMEDIATE")
        .unwrap();
    let mut waiting = ingest(&db, &corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    BufReader::new(waiting.stderr.take().unwrap())
        .read_line(&mut said)
        .unwrap();
    assert_eq!(
        said.trim_end(),
        "mkg: another process is writing the database; waiting for its turn"
    );
    sleep(Duration::from_secs(6));
    assert!(waiting.try_wait().unwrap().is_none(), "still waiting");
    other.execute_batch("ROLLBACK").unwrap();
    assert!(waiting.wait().unwrap().success());
    assert_eq!(counts(&db)[0], 6);
}
