//! Builds the scale fixtures and prints mkg's whole-process figures against the targets.
//!
//! cargo run --release --example scale -- [--articles N] [--entities N] [--edges N] [--runs N] [--dir DIR] [--exports]
//!
//! Fixtures (a generated corpus of JSON Lines and a generated graph database) are kept
//! in DIR (default target/scale) and reused when present. Every figure is the median
//! of the runs of the release `mkg` binary as a separate process, as a user would run
//! it; every answer is checked against the database before its time counts.

use clap::Parser;
use migration_kg::store::{self, Store};
use migration_kg::walk::WalkOptions;
use mkg_synth::{self as synth, graph};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Builds the scale fixtures and prints mkg's whole-process figures against the targets.
#[derive(Clone, Parser)]
#[command(name = "scale")]
struct Options {
    /// Articles in the generated corpus that is ingested.
    #[arg(long, default_value_t = 100_000, value_parser = positive)]
    articles: usize,
    /// Entities of the generated graph that is queried.
    #[arg(long, default_value_t = 1_000_000, value_parser = positive)]
    entities: usize,
    /// Edges of the generated graph.
    #[arg(long, default_value_t = 5_000_000, value_parser = positive)]
    edges: usize,
    /// Runs per figure; the median is shown.
    #[arg(long, default_value_t = 5, value_parser = positive)]
    runs: usize,
    /// Where the fixtures are kept and reused.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/target/scale"))]
    dir: PathBuf,
    /// Also export the whole generated graph in every format, once each, for the time
    /// and peak memory of each (minutes on the 5M-edge graph).
    #[arg(long)]
    exports: bool,
}

fn positive(value: &str) -> Result<usize, String> {
    value
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a positive whole number, got '{value}'"))
}

fn main() {
    if let Err(message) = run() {
        eprintln!("scale: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let options = Options::parse();
    fs::create_dir_all(&options.dir).map_err(|e| format!("{}: {e}", options.dir.display()))?;
    let mkg = build_mkg()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine: {cores} cores, {}", cpu_model());
    println!("runs per figure: {} (median shown)\n", options.runs);

    let mut rows = Vec::new();
    let corpus = corpus(&options)?;
    let small = small_corpus(&options)?;
    let corpus_bytes = fs::metadata(&corpus).map_err(|e| e.to_string())?.len();
    let (ingest_time, ingest_rss) = ingest_figures(&options, &mkg, &corpus)?;
    let mb_per_s = corpus_bytes as f64 / 1e6 / ingest_time.as_secs_f64();
    rows.push(row(
        &format!(
            "ingest {} articles ({:.0} MB)",
            options.articles,
            corpus_bytes as f64 / 1e6
        ),
        format!("{:.1} s, {mb_per_s:.1} MB/s", ingest_time.as_secs_f64()),
        "< 60 s, >= 6 MB/s",
        ingest_time < Duration::from_secs(60) && mb_per_s >= 6.0,
    ));
    let (_, small_rss) = ingest_figures(
        &Options {
            runs: 1,
            ..options.clone()
        },
        &mkg,
        &small,
    )?;
    // Memory may grow by SQLite's page cache, which fills as the database outgrows it,
    // plus a little slack for the allocator: nothing else may grow with the corpus.
    let allowed_growth = store::CACHE_KIB as u64 + 32 * 1024;
    let growth = ingest_rss.saturating_sub(small_rss);
    rows.push(row(
        "peak memory of that ingest",
        format!(
            "{} MB; {} MB at a tenth of the articles: +{} MB, the page cache being {} MB",
            ingest_rss / 1024,
            small_rss / 1024,
            growth / 1024,
            store::CACHE_KIB / 1024
        ),
        "< 1 GB, no growth but the database's cache",
        ingest_rss < 1 << 20 && growth <= allowed_growth,
    ));

    let (db, summary) = graph_fixture(&options)?;
    let conn = Connection::open(&db).map_err(|e| e.to_string())?;
    let ordinary = ordinary_node(&conn)?;
    let hub = &summary.hubs[0];
    let (a, b) = &summary.path_ends;
    let db_arg = db.display().to_string();
    let time = |args: &[&str], check: &dyn Fn(&str) -> Result<(), String>| {
        median_run(&mkg, &db_arg, args, options.runs, check)
    };

    let count = |sql: &str, name: &str| -> Result<usize, String> {
        conn.query_row(sql, [name], |row| row.get::<_, usize>(0))
            .map_err(|e| e.to_string())
    };
    let distinct_neighbors = "SELECT COUNT(*) FROM (
            SELECT target FROM edges WHERE source = (SELECT id FROM entities WHERE name = ?1)
            UNION SELECT source FROM edges WHERE target = (SELECT id FROM entities WHERE name = ?1))";
    let expected = count(distinct_neighbors, &ordinary)?;
    let t = time(
        &["--json", "neighbors", &ordinary, "--depth", "1"],
        &|out| expect_nodes(out, expected + 1),
    )?;
    rows.push(row(
        &format!("neighbors --depth 1, ordinary node ({expected} neighbours)"),
        ms(t),
        "< 50 ms",
        t < Duration::from_millis(50),
    ));
    let hub_neighbors = count(distinct_neighbors, hub)?;
    let best = best_supported_neighbors(&conn, hub, 8).map_err(|e| e.to_string())?;
    let t = time(&["--json", "neighbors", hub, "--depth", "1"], &|out| {
        expect_capped(out, hub_neighbors + 1)?;
        expect_ids(out, &best)
    })?;
    rows.push(row(
        &format!("neighbors --depth 1, hub {hub} ({hub_neighbors} neighbours)"),
        ms(t),
        "< 50 ms",
        t < Duration::from_millis(50),
    ));
    let t = time(
        &["--json", "neighbors", &ordinary, "--depth", "2"],
        &|out| expect_at_least(out, expected + 1),
    )?;
    rows.push(row(
        "neighbors --depth 2, ordinary node",
        ms(t),
        "< 200 ms",
        t < Duration::from_millis(200),
    ));
    let hops = summary.path_hops;
    let t = time(&["--json", "path", a, b, "--max-hops", "6"], &|out| {
        expect_path(out, &conn, a, b, hops)
    })?;
    rows.push(row(
        "path A B --max-hops 6, ordinary nodes",
        ms(t),
        "< 250 ms",
        t < Duration::from_millis(250),
    ));
    let t = time(
        &["export", "dot", "--focus", &ordinary, "--depth", "2"],
        &|out| {
            if out.starts_with("digraph") && out.contains(&format!("label=\"{ordinary}")) {
                Ok(())
            } else {
                Err("the DOT output does not draw the focus node".to_string())
            }
        },
    )?;
    rows.push(row(
        "export dot --focus X --depth 2",
        ms(t),
        "< 250 ms",
        t < Duration::from_millis(250),
    ));
    let t = time(&["show", &ordinary], &|out| {
        if out.starts_with(&ordinary) && out.contains(&format!("edges: {expected}")) {
            Ok(())
        } else {
            Err(format!("show does not list {ordinary}'s edges"))
        }
    })?;
    rows.push(row(
        "open the database and show X",
        ms(t),
        "< 30 ms",
        t < Duration::from_millis(30),
    ));

    if options.exports {
        rows.extend(export_figures(&mkg, &db, &summary, &options.dir)?);
    }

    println!(
        "graph: {} entities, {} edges, hubs {}",
        summary.entities,
        summary.edges,
        summary.hubs.join(", ")
    );
    println!("\n| work | measured | target | |\n| --- | --- | --- | --- |");
    let mut failed = 0;
    for (work, measured, target, ok) in &rows {
        failed += usize::from(!ok);
        let verdict = if *ok { "ok" } else { "MISSED" };
        println!("| {work} | {measured} | {target} | {verdict} |");
    }
    if failed > 0 {
        return Err(format!("{failed} figure(s) missed their target"));
    }
    Ok(())
}

/// Memory a streamed export may hold whatever the graph's size: SQLite's page cache,
/// which fills as the export reads the database, and buffers; nothing per edge. The
/// database file it maps is the system's page cache, shared and reclaimable.
const STREAMED_EXPORT_KIB: u64 = store::CACHE_KIB as u64 + 64 * 1024;
/// Pictures and reports also hold the neighbour pairs of every edge while they choose
/// what to draw.
const PICTURE_EXPORT_KIB: u64 = store::CACHE_KIB as u64 + 512 * 1024;

/// Whole-graph exports in every format, each run once: time and peak memory, with a
/// check that each wrote the whole graph.
fn export_figures(
    mkg: &Path,
    db: &Path,
    summary: &graph::GraphSummary,
    dir: &Path,
) -> Result<Vec<(String, String, String, bool)>, String> {
    let mut rows = Vec::new();
    let formats: [(&[&str], &str); 9] = [
        (&["export", "json"], "json"),
        (&["export", "graphml"], "graphml"),
        (&["export", "ntriples"], "nt"),
        (&["export", "turtle"], "ttl"),
        (&["export", "cypher"], "cypher"),
        (&["export", "csv"], "csv"),
        (&["export", "dot"], "dot"),
        (&["export", "svg"], "svg"),
        (&["report"], "html"),
    ];
    for (args, extension) in formats {
        let output = dir.join(format!("export.{extension}"));
        let started = Instant::now();
        let (ok, rss, anon) = run_sampled(
            Command::new(mkg)
                .arg("--db")
                .arg(db)
                .args(args)
                .arg("-o")
                .arg(&output)
                .stdout(Stdio::null()),
        )?;
        let elapsed = started.elapsed();
        if !ok {
            return Err(format!("mkg {} failed", args.join(" ")));
        }
        let (size, whole) = if extension == "csv" {
            let edges = fs::read(output.join("edges.csv")).map_err(|e| e.to_string())?;
            let lines = edges.iter().filter(|&&b| b == b'\n').count();
            (dir_size(&output)?, lines == summary.edges + 1)
        } else {
            let size = fs::metadata(&output).map_err(|e| e.to_string())?.len();
            (size, size > 0)
        };
        if !whole {
            return Err(format!("mkg {} wrote a partial graph", args.join(" ")));
        }
        let limit = if extension == "dot" || extension == "svg" || extension == "html" {
            PICTURE_EXPORT_KIB
        } else {
            STREAMED_EXPORT_KIB
        };
        rows.push(row(
            &format!("{}, whole graph", args.join(" ")),
            format!(
                "{:.1} s, peak {} MB held ({} MB resident with the mapped database), {} written",
                elapsed.as_secs_f64(),
                anon / 1024,
                rss / 1024,
                if size >= 1_000_000 {
                    format!("{} MB", size / 1_000_000)
                } else {
                    format!("{} kB", size / 1000)
                }
            ),
            &format!("held < {} MB", limit / 1024),
            anon < limit,
        ));
    }
    Ok(rows)
}

fn dir_size(dir: &Path) -> Result<u64, String> {
    let mut total = 0;
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
        total += entry
            .and_then(|e| e.metadata())
            .map_err(|e| e.to_string())?
            .len();
    }
    Ok(total)
}

/// The release mkg binary, built now so the figures are of the current code.
fn build_mkg() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "mkg"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !status.success() {
        return Err("building mkg failed".to_string());
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    Ok(target.join("release/mkg"))
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

fn corpus(options: &Options) -> Result<PathBuf, String> {
    let path = options
        .dir
        .join(format!("corpus-{}.jsonl", options.articles));
    if !path.exists() {
        eprintln!(
            "writing {} generated articles to {}",
            options.articles,
            path.display()
        );
        write_corpus(&path, options.articles)?;
    }
    Ok(path)
}

/// A tenth of the corpus, for the memory-growth comparison.
fn small_corpus(options: &Options) -> Result<PathBuf, String> {
    let articles = (options.articles / 10).max(1);
    let path = options.dir.join(format!("corpus-{articles}.jsonl"));
    if !path.exists() {
        write_corpus(&path, articles)?;
    }
    Ok(path)
}

fn write_corpus(path: &Path, articles: usize) -> Result<(), String> {
    let partial = path.with_extension("partial");
    let file = fs::File::create(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    let mut out = BufWriter::new(file);
    synth::write_corpus(&mut out, articles, 1).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    fs::rename(&partial, path).map_err(|e| e.to_string())
}

/// Median wall time and largest peak RSS (KiB) of ingesting `corpus` into a new database.
fn ingest_figures(options: &Options, mkg: &Path, corpus: &Path) -> Result<(Duration, u64), String> {
    let db = options.dir.join("ingest.sqlite");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..options.runs {
        for suffix in ["", "-wal", "-shm"] {
            let _ = fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let started = Instant::now();
        let (status, rss) = run_measured(
            Command::new(mkg)
                .arg("--db")
                .arg(&db)
                .arg("ingest")
                .arg(corpus)
                .stdout(Stdio::null()),
        )?;
        times.push(started.elapsed());
        if !status {
            return Err(format!("mkg ingest {} failed", corpus.display()));
        }
        peak = peak.max(rss);
    }
    Ok((median(times), peak))
}

/// Runs a command to its end; whether it succeeded and its peak resident memory in KiB.
fn run_measured(command: &mut Command) -> Result<(bool, u64), String> {
    let child = command.spawn().map_err(|e| e.to_string())?;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing only into the two locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    if pid < 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((ok, usage.ru_maxrss as u64))
}

/// Runs a command to its end, polling its anonymous memory (heap and stacks, not the
/// database file it maps) every 10 ms; whether it succeeded, its peak resident memory
/// and its peak anonymous memory, in KiB.
fn run_sampled(command: &mut Command) -> Result<(bool, u64, u64), String> {
    let child = command.spawn().map_err(|e| e.to_string())?;
    let pid = child.id() as libc::pid_t;
    let status_file = format!("/proc/{pid}/status");
    let mut peak_anon = 0;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        if let Ok(text) = fs::read_to_string(&status_file) {
            let anon = text
                .lines()
                .find_map(|l| l.strip_prefix("RssAnon:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_anon = peak_anon.max(anon.unwrap_or(0));
        }
        // SAFETY: polls our own child, writing only into the two locals.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done < 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        if done == pid {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((ok, usage.ru_maxrss as u64, peak_anon))
}

fn graph_fixture(options: &Options) -> Result<(PathBuf, graph::GraphSummary), String> {
    let db = options.dir.join(format!(
        "graph-{}-{}.sqlite",
        options.entities, options.edges
    ));
    let meta = db.with_extension("json");
    if let Ok(text) = fs::read_to_string(&meta) {
        if db.exists() {
            if let Ok(summary) = serde_json::from_str(&text) {
                return Ok((db, summary));
            }
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
    eprintln!(
        "writing a graph of {} entities and {} edges to {}",
        options.entities,
        options.edges,
        db.display()
    );
    let spec = graph::GraphSpec {
        entities: options.entities,
        edges: options.edges,
        ..graph::GraphSpec::million()
    };
    let mut store = Store::open(&db).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let summary = graph::write_graph(&mut store, &spec, &mut |edges| {
        eprint!(
            "\r  {edges} edges, {:.0} s",
            started.elapsed().as_secs_f64()
        );
    })
    .map_err(|e| e.to_string())?;
    eprintln!();
    drop(store);
    let text = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
    fs::write(&meta, text).map_err(|e| format!("{}: {e}", meta.display()))?;
    Ok((db, summary))
}

/// A node of typical degree: the median among nodes with edges.
fn ordinary_node(conn: &Connection) -> Result<String, String> {
    let with_edges: i64 = conn
        .query_row("SELECT COUNT(*) FROM entities WHERE degree > 0", [], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    conn.query_row(
        "SELECT name FROM entities WHERE degree > 0 ORDER BY degree, id LIMIT 1 OFFSET ?1",
        [with_edges / 2],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| e.to_string())?
    .ok_or_else(|| "the graph has no edges".to_string())
}

/// Runs `mkg --db DB ARGS` once to check its answer (which also warms the operating
/// system's file cache, as on a machine in use), then `runs` times; the median time.
fn median_run(
    mkg: &Path,
    db: &str,
    args: &[&str],
    runs: usize,
    check: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Duration, String> {
    let mut times = Vec::new();
    for run in 0..=runs.max(1) {
        let started = Instant::now();
        let output = Command::new(mkg)
            .args(["--db", db])
            .args(args)
            .output()
            .map_err(|e| e.to_string())?;
        if run > 0 {
            times.push(started.elapsed());
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "mkg {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        if run == 0 {
            check(&stdout).map_err(|e| format!("mkg {}: wrong answer: {e}", args.join(" ")))?;
        }
    }
    Ok(median(times))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(t: Duration) -> String {
    format!("{:.1} ms", t.as_secs_f64() * 1000.0)
}

fn row(work: &str, measured: String, target: &str, ok: bool) -> (String, String, String, bool) {
    (work.to_string(), measured, target.to_string(), ok)
}

fn parse(out: &str) -> Result<Value, String> {
    serde_json::from_str(out).map_err(|e| format!("not JSON: {e}"))
}

fn node_count(out: &str) -> Result<usize, String> {
    parse(out)?["nodes"]
        .as_array()
        .map(Vec::len)
        .ok_or_else(|| "no nodes".to_string())
}

fn expect_nodes(out: &str, expected: usize) -> Result<(), String> {
    let found = node_count(out)?;
    if found == expected {
        Ok(())
    } else {
        Err(format!("{found} nodes, but SQL counts {expected}"))
    }
}

fn expect_at_least(out: &str, expected: usize) -> Result<(), String> {
    let found = node_count(out)?;
    if found >= expected {
        Ok(())
    } else {
        Err(format!(
            "{found} nodes, fewer than the {expected} one hop away"
        ))
    }
}

/// All of the `expected` nodes, or as many as the walk's cap allows and a count of the
/// edges it did not follow.
fn expect_capped(out: &str, expected: usize) -> Result<(), String> {
    let cap = WalkOptions::default().max_nodes;
    let omitted = parse(out)?["omitted_edges"].as_u64().unwrap_or(0);
    let found = node_count(out)?;
    match (found == expected.min(cap), omitted > 0, expected > cap) {
        (true, false, false) | (true, true, true) => Ok(()),
        _ => Err(format!(
            "{found} nodes and {omitted} edges not followed, for {expected} nodes and a cap of {cap}"
        )),
    }
}

/// The `n` neighbours of `name` that a capped walk must keep first: the most evidence
/// on their edges with it, then the highest degree.
fn best_supported_neighbors(conn: &Connection, name: &str, n: usize) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "WITH hub AS (SELECT id FROM entities WHERE name = ?1),
              steps AS (SELECT target AS far, id AS edge FROM edges WHERE source = (SELECT id FROM hub)
                        UNION ALL
                        SELECT source, id FROM edges WHERE target = (SELECT id FROM hub))
         SELECT s.far FROM steps s JOIN entities e ON e.id = s.far GROUP BY s.far
         ORDER BY SUM((SELECT COUNT(*) FROM evidence WHERE edge_id = s.edge)) DESC, e.degree DESC, s.far
         LIMIT ?2",
    )?;
    let ids = stmt.query_map(rusqlite::params![name, n], |row| row.get(0))?;
    ids.collect()
}

/// Every one of `ids` among the answer's nodes.
fn expect_ids(out: &str, ids: &[i64]) -> Result<(), String> {
    let value = parse(out)?;
    let found: Vec<i64> = value["nodes"]
        .as_array()
        .map(|nodes| nodes.iter().filter_map(|n| n["id"].as_i64()).collect())
        .unwrap_or_default();
    let missing = ids.iter().filter(|id| !found.contains(id)).count();
    if missing > 0 {
        return Err(format!(
            "{missing} of the {} best supported neighbours are missing",
            ids.len()
        ));
    }
    Ok(())
}

/// A path of at most `hops` edges from `a` to `b` whose every hop is a stored edge.
fn expect_path(out: &str, conn: &Connection, a: &str, b: &str, hops: usize) -> Result<(), String> {
    let value = parse(out)?;
    let path = value["paths"][0]
        .as_array()
        .ok_or_else(|| format!("no path found, but a {hops}-hop one was planted"))?;
    if path.is_empty() || path.len() > hops {
        return Err(format!(
            "a path of {} hops; one of {hops} exists",
            path.len()
        ));
    }
    if path[0]["from"]["name"] != a || path[path.len() - 1]["to"]["name"] != b {
        return Err("the path does not join the two ends".to_string());
    }
    for hop in path {
        let edge = &hop["edge"];
        let stored: Option<i64> = conn
            .query_row(
                "SELECT id FROM edges WHERE id = ?1 AND source = ?2 AND target = ?3",
                [&edge["id"], &edge["source"], &edge["target"]].map(|v| v.as_i64().unwrap_or(-1)),
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        if stored.is_none() {
            return Err(format!("hop {edge} is not a stored edge"));
        }
    }
    Ok(())
}
