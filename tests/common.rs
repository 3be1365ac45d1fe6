//! Shared helpers: a scratch database in a temporary folder, and ways to run `mkg` on it.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The bundled article every CLI test ingests.
pub const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/articles/cnn-2021-harris-northern-triangle.txt"
);

/// Gold annotation of [`ARTICLE`].
pub const GOLD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cnn-2021-harris-northern-triangle.json"
);

/// What one `mkg` run produced.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// A temporary folder holding one database, `kg.sqlite`.
pub struct Kg {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Kg {
    /// An empty folder; the database does not exist yet.
    pub fn new() -> Kg {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("kg.sqlite");
        Kg { dir, db }
    }

    /// A database holding the bundled article.
    pub fn with_article() -> Kg {
        let kg = Kg::new();
        let run = kg.ok(&["ingest", ARTICLE]);
        assert!(
            run.stdout
                .starts_with("ingested 1 new document(s), 0 already present"),
            "{}",
            run.stdout
        );
        kg
    }

    /// `mkg --db <db>` with `MKG_DB` removed, run inside the temporary folder.
    pub fn cmd(&self) -> Command {
        let mut cmd = bare_mkg();
        cmd.current_dir(self.dir.path()).arg("--db").arg(&self.db);
        cmd
    }

    /// Runs `mkg --db <db> ARGS...` with `stdin` (empty when `None`).
    pub fn run_with(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args);
        cmd.write_stdin(stdin.unwrap_or(""));
        Run::from(cmd.output().expect("mkg runs"))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, None)
    }

    /// Runs and asserts exit 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.code,
            Some(0),
            "mkg {args:?} failed\nstdout: {}\nstderr: {}",
            run.stdout,
            run.stderr
        );
        run
    }

    /// Runs and asserts a non-zero exit; returns the run for its stderr.
    pub fn fails(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(
            run.code.is_some_and(|c| c != 0),
            "mkg {args:?} should fail, exited {:?}\nstdout: {}\nstderr: {}",
            run.code,
            run.stdout,
            run.stderr
        );
        run
    }

    /// Runs `mkg --json ARGS...`, asserts exit 0 and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = self.ok(&all);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("mkg {all:?} printed invalid JSON ({e}):\n{}", run.stdout))
    }

    /// `export json` of the whole graph, parsed.
    pub fn export(&self) -> Value {
        let run = self.ok(&["export", "json"]);
        serde_json::from_str(&run.stdout).expect("export json parses")
    }

    /// A path inside the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to a file in the temporary folder (creating parent folders).
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }
}

/// `mkg` with `MKG_DB` removed and no `--db`.
pub fn bare_mkg() -> Command {
    let mut cmd = Command::cargo_bin("mkg").expect("mkg binary is built");
    cmd.env_remove("MKG_DB");
    cmd
}

/// A path as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The id of the node named `name` in an exported graph.
pub fn node_id(graph: &Value, name: &str) -> i64 {
    graph["nodes"]
        .as_array()
        .expect("nodes array")
        .iter()
        .find(|n| n["name"] == name)
        .unwrap_or_else(|| panic!("no node named {name:?} in {}", names(graph).join(", ")))["id"]
        .as_i64()
        .expect("numeric id")
}

/// Node names of a graph (export, neighbors) in their order.
pub fn names(graph: &Value) -> Vec<String> {
    graph["nodes"]
        .as_array()
        .expect("nodes array")
        .iter()
        .map(|n| n["name"].as_str().expect("name").to_string())
        .collect()
}

/// Edges of a graph as (source name, relation, target name).
pub fn triples(graph: &Value) -> BTreeSet<(String, String, String)> {
    let nodes = graph["nodes"].as_array().expect("nodes array");
    let name = |id: &Value| -> String {
        nodes
            .iter()
            .find(|n| &n["id"] == id)
            .and_then(|n| n["name"].as_str())
            .unwrap_or_else(|| panic!("edge end {id} is not among the nodes"))
            .to_string()
    };
    graph["edges"]
        .as_array()
        .expect("edges array")
        .iter()
        .map(|e| {
            (
                name(&e["source"]),
                e["relation"].as_str().expect("relation").to_string(),
                name(&e["target"]),
            )
        })
        .collect()
}

/// Relations stored once whichever way round the text states them.
pub const SYMMETRIC: [&str; 3] = ["spoke_with", "met_with", "works_with"];

/// The one edge (source, relation, target) of a graph, by names; a symmetric relation
/// may be stored either way round.
pub fn edge<'a>(graph: &'a Value, source: &str, relation: &str, target: &str) -> &'a Value {
    let (s, t) = (node_id(graph, source), node_id(graph, target));
    let symmetric = SYMMETRIC.contains(&relation);
    let found: Vec<&Value> = graph["edges"]
        .as_array()
        .expect("edges array")
        .iter()
        .filter(|e| {
            e["relation"] == relation
                && ((e["source"] == s && e["target"] == t)
                    || (symmetric && e["source"] == t && e["target"] == s))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one edge {source} -{relation}-> {target}, edges are {:?}",
        triples(graph)
    );
    found[0]
}

/// Owned (source, relation, target) for comparisons with [`triples`].
pub fn t(source: &str, relation: &str, target: &str) -> (String, String, String) {
    (source.to_string(), relation.to_string(), target.to_string())
}

/// Asserts that `text` holds `part`, showing all of `text` when it does not.
#[track_caller]
pub fn assert_has(text: &str, part: &str) {
    assert!(text.contains(part), "expected {part:?} in:\n{text}");
}
