//! SQLite storage of the graph: schema and migrations, ingesting document graphs, and reads.

mod decisions;
mod documents;

pub use decisions::{Decision, SplitInto};
pub use documents::{DocumentFilter, DocumentSummary, Forgotten, StoredDocument};

use crate::error::{Error, Result};
use crate::model::{
    check_date, name_key, Direction, DocGraph, Document, Edge, EntityKind, Evidence, Mention,
    Modality, Node, Period, RelationType, Span, Subgraph,
};
use rusqlite::types::{Type, Value};
use rusqlite::{
    params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row, Transaction,
    TransactionBehavior,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// `PRAGMA application_id` of mkg databases: "MKG1" in ASCII.
pub const APPLICATION_ID: i32 = 0x4D4B_4731;

/// Schema scripts in order; script `i` takes a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4];

/// The oldest schema version queries can read without migrating it.
const READABLE_FROM: i64 = 2;

/// The schema version this build writes and the newest it can read.
const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

// The UNIQUE constraints double as the indexes on (source, relation) and on evidence
// edge_id, since both are their leading columns; only the target side needs its own.
const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    hash TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    url TEXT,
    date TEXT,
    source TEXT,
    text TEXT NOT NULL
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (key, kind)
);
CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX aliases_by_key ON aliases(key);
CREATE TABLE mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL
);
CREATE INDEX mentions_by_entity ON mentions(entity_id);
CREATE TABLE edges (
    id INTEGER PRIMARY KEY,
    source INTEGER NOT NULL REFERENCES entities(id),
    relation TEXT NOT NULL,
    target INTEGER NOT NULL REFERENCES entities(id),
    modality TEXT NOT NULL,
    role TEXT,
    amount TEXT,
    UNIQUE (source, relation, target)
);
CREATE INDEX edges_by_target ON edges(target, relation);
CREATE TABLE evidence (
    edge_id INTEGER NOT NULL REFERENCES edges(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue TEXT NOT NULL,
    modality TEXT NOT NULL,
    UNIQUE (edge_id, document_id, start, cue)
);
"#;

// Version 2 is built for corpora of 100,000 articles and graphs of millions of edges.
// Walks read from indexes alone: each node's degree is kept (the writer adds up its
// new edges and updates each node once per transaction), so hubs are known before
// their edges are read and `stats` ranks nodes without scanning edges; a target-side
// index covers
// (target, relation, source) as the UNIQUE one covers the source side. Ingest writes
// fewer rows: one mentions row per entity and document, its character spans packed
// (the surface is the document's own text), and evidence keyed by its unique columns
// without a separate rowid table.
const SCHEMA_V2: &str = r#"
ALTER TABLE entities ADD COLUMN degree INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET degree =
    (SELECT COUNT(*) FROM edges WHERE source = entities.id)
  + (SELECT COUNT(*) FROM edges WHERE target = entities.id);
DROP INDEX edges_by_target;
CREATE INDEX edges_by_target ON edges(target, relation, source);
CREATE TABLE packed_mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    count INTEGER NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (entity_id, document_id)
) WITHOUT ROWID;
INSERT INTO packed_mentions
    SELECT entity_id, document_id, COUNT(*),
           group_concat(start || '-' || "end", ' ' ORDER BY start)
    FROM mentions GROUP BY entity_id, document_id;
DROP TABLE mentions;
ALTER TABLE packed_mentions RENAME TO mentions;
CREATE TABLE keyed_evidence (
    edge_id INTEGER NOT NULL REFERENCES edges(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue TEXT NOT NULL,
    modality TEXT NOT NULL,
    PRIMARY KEY (edge_id, document_id, start, cue)
) WITHOUT ROWID;
INSERT INTO keyed_evidence
    SELECT edge_id, document_id, sentence, start, "end", cue, modality FROM evidence;
DROP TABLE evidence;
ALTER TABLE keyed_evidence RENAME TO evidence;
"#;

// Version 3 records which documents gave each alias, so forgetting a document takes
// away the names only it used ("the Meridian Project's president" for the wrong person).
// Aliases stored before it have no sources and stay. An analyst's merges and renames
// are rows of their own (`decisions`), applied by every later ingest and re-extraction.
// Evidence and mentions are indexed
// by document, so forgetting or re-extracting one costs its own rows, not a scan.
const SCHEMA_V3: &str = r#"
CREATE INDEX evidence_by_document ON evidence(document_id);
CREATE INDEX mentions_by_document ON mentions(document_id);
CREATE TABLE alias_sources (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (document_id, entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX alias_sources_by_alias ON alias_sources(entity_id, alias);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    other_key TEXT,
    other_kind TEXT,
    other_name TEXT,
    name TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
"#;

// Version 4 lets a decision split an entity: the documents that know it only by one
// alias go to another entity. Each document keeps a fingerprint of what its extraction
// stored, under which decisions, so re-extracting it to the same result writes nothing.
// Evidence keeps the role and amount its sentence gave, so an edge that loses evidence
// takes them from what remains. Older evidence takes its edge's.
const SCHEMA_V4: &str = "
ALTER TABLE decisions ADD COLUMN alias TEXT;
ALTER TABLE documents ADD COLUMN extraction TEXT;
ALTER TABLE evidence ADD COLUMN role TEXT;
ALTER TABLE evidence ADD COLUMN amount TEXT;
UPDATE evidence SET
    role = (SELECT role FROM edges WHERE edges.id = evidence.edge_id),
    amount = (SELECT amount FROM edges WHERE edges.id = evidence.edge_id);
";

/// An edge's role and amount are those of its earliest evidence that gives one, by
/// document and place: the same whatever order documents were stored, forgotten or
/// re-extracted in. `{edge}` is the edge's id.
const EDGE_DETAILS_FROM_EVIDENCE: &str = "
    role = (SELECT role FROM evidence WHERE edge_id = {edge} AND role IS NOT NULL
            ORDER BY document_id, start, cue LIMIT 1),
    amount = (SELECT amount FROM evidence WHERE edge_id = {edge} AND amount IS NOT NULL
              ORDER BY document_id, start, cue LIMIT 1)";

/// An entity `e` that some document mentions or some edge touches. The others are
/// kept only because a decision names them, and no query shows them.
const LIVE: &str = "(e.degree > 0 OR EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id))";

/// Ids per `IN (...)` list: well under SQLite's variable limit, even old builds' 999.
const CHUNK: usize = 500;

/// Page size of new databases, in bytes.
const PAGE_SIZE: i64 = 16_384;

/// Most of a database file that query commands map into memory (SQLite's own limit).
const QUERY_MMAP_BYTES: i64 = 0x7fff_0000;

/// Page cache of a connection, in KiB: enough for the hot index pages of a large ingest.
/// The one part of ingest's memory that grows with the database, up to this size.
pub const CACHE_KIB: i64 = 262_144;

/// Pages the write-ahead log may hold before a commit copies it into the database: a
/// checkpoint ends in an fsync that stalls the writer, so fewer, larger ones.
const WAL_CHECKPOINT_PAGES: i64 = 16_384;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a batch writer waits its turn behind another process's ingest: that one
/// commits every few thousand documents, and between its transactions this one writes.
pub const WRITER_PATIENCE: Duration = Duration::from_secs(600);

/// How often a waiting writer tries again.
const TURN_POLL: Duration = Duration::from_millis(10);

/// Every SQLite file starts with these 16 bytes.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The knowledge graph database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    known: Known,
    /// The SQL condition on a document `d` of the period queries are restricted to
    /// ([`Store::restrict_to`]); `None` for all time.
    period: Option<String>,
    /// Opened for writing: on close it hands the file back in rollback-journal mode.
    writes: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        // Write-ahead logging serves concurrent readers while mkg writes; at rest the
        // file goes back to a plain journal, so readers need no -wal and -shm files
        // and can open it where they cannot write. Another connection still open keeps
        // the log: then this gives up at once.
        if self.writes {
            let _ = self.conn.busy_timeout(Duration::ZERO);
            let _ = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |row| {
                    row.get::<_, String>(0)
                });
        }
    }
}

/// Ids and aliases this connection has written or found, so ingest skips a lookup for
/// names it has seen: a bounded cache, emptied when full or when a batch fails (a
/// rolled-back id must not be reused).
#[derive(Default)]
struct Known {
    entities: HashMap<(String, EntityKind), i64>,
    aliases: HashSet<(i64, String)>,
}

/// Entries [`Known`] holds before it starts over: tens of megabytes at most.
const KNOWN_LIMIT: usize = 32_768;

impl Known {
    fn make_room(&mut self) {
        if self.entities.len() >= KNOWN_LIMIT {
            self.entities.clear();
        }
        if self.aliases.len() >= KNOWN_LIMIT {
            self.aliases.clear();
        }
    }
}

/// What [`Store::add_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Stored; `entities` and `edges` count the distinct nodes and edges the document
    /// touches, whether new or already known from other documents.
    New {
        document_id: i64,
        entities: usize,
        edges: usize,
    },
    /// A document with the same text was stored before; nothing changed.
    AlreadyPresent { document_id: i64 },
}

/// A node with how often it is mentioned and how many edges touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    pub node: Node,
    pub mentions: usize,
    pub degree: usize,
}

/// Sizes of the graph, for `mkg stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: usize,
    pub entities: usize,
    pub edges: usize,
    pub evidence: usize,
    pub by_kind: Vec<KindCount>,
    pub by_relation: Vec<RelationCount>,
    /// The ten nodes with the most edges, most first.
    pub most_connected: Vec<Connected>,
}

/// How many entities are of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: EntityKind,
    pub entities: usize,
}

/// How many edges are of one relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationCount {
    pub relation: RelationType,
    pub edges: usize,
}

/// A node and how many edges touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connected {
    pub node: Node,
    pub edges: usize,
}

impl Store {
    /// Opens the database at `path`, creating it if missing, and migrates it to the
    /// current schema. A file that is not an mkg database is left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, true)
    }

    /// Like [`Store::open`], but a missing database is an error and nothing is created.
    pub fn open_existing(path: &Path) -> Result<Store> {
        Store::open_with(path, false)
    }

    /// A private database that lives as long as the `Store`.
    pub fn in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(sqlite(&path))?;
        Store::init(conn, path, false)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens an existing database for queries only. It works on a file and folder the
    /// user cannot write, and leaves no files beside the database. A database of an
    /// older schema is migrated first, which needs write access once.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if Store::is_fresh(path)? {
            return Err(Error::Invalid(format!(
                "no database at {}; run `mkg ingest` first",
                path.display()
            )));
        }
        check_magic(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite(path))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(path))?;
        check_identity(&conn, path)?;
        let version = user_version(&conn).map_err(sqlite(path))?;
        if version == 0 {
            return Err(not_mkg(path, "an empty SQLite database"));
        }
        if version < SCHEMA_VERSION {
            // Reads need nothing newer than version 2 has, so a file that cannot be
            // migrated here is still read as it is.
            match Store::open_existing(path) {
                Ok(store) => return Ok(store),
                Err(_) if version >= READABLE_FROM => {}
                Err(error) => return Err(error),
            }
        }
        for (pragma, value) in [("mmap_size", QUERY_MMAP_BYTES), ("cache_size", -CACHE_KIB)] {
            conn.pragma_update(None, pragma, value)
                .map_err(sqlite(path))?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            known: Known::default(),
            period: None,
            writes: false,
        })
    }

    /// Whether `path` holds no database yet (missing or empty); a folder is an error.
    fn is_fresh(path: &Path) -> Result<bool> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(Error::Invalid(format!(
                "{} is a folder, not a database file",
                path.display()
            ))),
            Ok(meta) => Ok(meta.len() == 0),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(source) => Err(Error::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    fn open_with(path: &Path, create: bool) -> Result<Store> {
        let fresh = Store::is_fresh(path)?;
        if fresh && !create {
            return Err(Error::Invalid(format!(
                "no database at {}; run `mkg ingest` first",
                path.display()
            )));
        }
        if !fresh {
            check_magic(path)?;
            // On a connection that cannot write: closing a writable one would copy
            // another program's pending write-ahead log into its file.
            let inspect = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, inspect).map_err(sqlite(path))?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(path))?;
            check_identity(&conn, path)?;
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite(path))?;
        let store = Store::init(conn, path.to_path_buf(), !fresh)?;
        if !create {
            // Queries read pages in place from the operating system's cache instead of
            // copying each into SQLite's: a walk touches thousands of scattered pages.
            // Not for ingest, whose memory would then grow with the file.
            store
                .conn
                .pragma_update(None, "mmap_size", QUERY_MMAP_BYTES)
                .map_err(sqlite(path))?;
        }
        Ok(store)
    }

    /// Configures and migrates a database: a new one, or one `check_identity` found to
    /// be ours.
    fn init(mut conn: Connection, path: PathBuf, existing: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(&path))?;
        if !existing {
            // Larger pages make shallower indexes: a tenth less writing work on ingest.
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(sqlite(&path))?;
        }
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(sqlite(&path))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite(&path))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite(&path))?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(sqlite(&path))?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(sqlite(&path))?;
        migrate(&mut conn, &path)?;
        let writes = path != Path::new(":memory:");
        Ok(Store {
            conn,
            path,
            known: Known::default(),
            period: None,
            writes,
        })
    }

    /// Restricts every later read (steps, edges, the whole graph, statistics, mentions)
    /// to what documents dated in `period` state: edges keep only that evidence, and
    /// an edge without any is not there.
    pub fn restrict_to(&mut self, period: &Period) -> Result<()> {
        let mut conditions = Vec::new();
        // Checked dates hold digits and dashes only, so they are safe as SQL literals.
        if let Some(since) = &period.since {
            check_date(since).map_err(Error::Invalid)?;
            conditions.push(format!("d.date >= '{since}'"));
        }
        if let Some(until) = &period.until {
            check_date(until).map_err(Error::Invalid)?;
            conditions.push(format!("substr(d.date, 1, {}) <= '{until}'", until.len()));
        }
        self.period = (!conditions.is_empty()).then(|| conditions.join(" AND "));
        Ok(())
    }

    fn edge_in_period(&self, edge: &str) -> String {
        edge_in_period(self.period.as_deref(), edge)
    }

    /// Stores one document's graph in a single transaction, merging its entities and
    /// edges with those already known. A document whose text is already stored is skipped.
    pub fn add_document(&mut self, graph: &DocGraph) -> Result<Added> {
        let mut added = self.add_documents(std::slice::from_ref(graph))?;
        Ok(added.remove(0))
    }

    /// Stores several documents' graphs in one transaction, in order: all of them or,
    /// on an error (which names the document), none.
    pub fn add_documents(&mut self, graphs: &[DocGraph]) -> Result<Vec<Added>> {
        for graph in graphs {
            validate(graph)?;
        }
        let mut batch = self.begin_batch()?;
        let added = graphs
            .iter()
            .map(|graph| batch.add(graph))
            .collect::<Result<Vec<_>>>()?;
        batch.commit()?;
        Ok(added)
    }

    /// Opens a transaction that documents are added to one by one, as they arrive, and
    /// that lands on [`Batch::commit`]; dropped uncommitted, it leaves no trace. Many
    /// documents per transaction is what makes bulk ingest fast.
    pub fn begin_batch(&mut self) -> Result<Batch<'_>> {
        self.begin_batch_waiting(&mut || {})
    }

    /// [`Store::begin_batch`], waiting its turn while another process writes: up to
    /// [`WRITER_PATIENCE`], calling `on_wait` once when it starts waiting.
    pub fn begin_batch_waiting(&mut self, on_wait: &mut dyn FnMut()) -> Result<Batch<'_>> {
        let deadline = Instant::now() + WRITER_PATIENCE;
        let mut waiting = false;
        // Immediate: the duplicate checks and the writes must see the same database when
        // two ingests run at once. Tried without SQLite's own wait, so the wait is told.
        self.conn
            .busy_timeout(Duration::ZERO)
            .map_err(sqlite(&self.path))?;
        let tx = loop {
            match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Ok(tx) => break tx,
                Err(error) if is_busy(&error) && Instant::now() < deadline => {
                    if !waiting {
                        on_wait();
                        waiting = true;
                    }
                    std::thread::sleep(TURN_POLL);
                }
                Err(error) => {
                    let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
                    return Err(sqlite(&self.path)(error));
                }
            }
        };
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(sqlite(&self.path))?;
        let in_force = decisions::InForce::load(&tx).map_err(sqlite(&self.path))?;
        Ok(Batch {
            tx: Some(tx),
            path: &self.path,
            known: &mut self.known,
            degrees: NewDegrees::default(),
            in_force,
            committed: false,
        })
    }

    /// A second, read-only connection to the same database, for a thread that reads
    /// while this one writes; `None` for a database in memory.
    pub fn reader(&self) -> Result<Option<StoreReader>> {
        if self.path == Path::new(":memory:") {
            return Ok(None);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(sqlite(&self.path))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(sqlite(&self.path))?;
        Ok(Some(StoreReader {
            conn,
            path: self.path.clone(),
        }))
    }

    /// The ids of every stored document, in the order they were stored.
    pub fn document_ids(&self) -> Result<Vec<i64>> {
        self.conn
            .prepare("SELECT id FROM documents ORDER BY id")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .map_err(sqlite(&self.path))
    }

    /// Writes nodes and edges given directly rather than extracted from articles (a
    /// generated benchmark graph, an import), in one transaction: all of it or none.
    pub fn bulk<T>(&mut self, write: impl FnOnce(&mut Bulk) -> rusqlite::Result<T>) -> Result<T> {
        let path = self.path.clone();
        let run = || -> rusqlite::Result<T> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut bulk = Bulk {
                tx: &tx,
                degrees: NewDegrees::default(),
            };
            let value = write(&mut bulk)?;
            bulk.degrees.write(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run().map_err(sqlite(&path))
    }

    /// The node with this id.
    pub fn node(&self, id: i64) -> Result<Node> {
        select_nodes(&self.conn, "e.id = ?1", &[Value::Integer(id)])
            .map_err(sqlite(&self.path))?
            .pop()
            .ok_or_else(|| Error::Invalid(format!("no entity with id {id}")))
    }

    /// The nodes with these ids, sorted by id; unknown ids are skipped.
    pub fn nodes(&self, ids: &[i64]) -> Result<Vec<Node>> {
        let ids = sorted_unique(ids);
        let mut nodes = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let filter = format!("e.id IN ({})", placeholders(1, chunk.len()));
            let params: Vec<Value> = chunk.iter().map(|&id| Value::Integer(id)).collect();
            nodes.extend(select_nodes(&self.conn, &filter, &params).map_err(sqlite(&self.path))?);
        }
        Ok(nodes)
    }

    /// The entity a user means by `name`: `#ID`, else the one entity whose canonical
    /// name it is, else the one that has it as an alias, else the one whose name ends in
    /// it as a word. A name that fits several is an error listing them.
    pub fn find_entity(&self, name: &str) -> Result<Node> {
        if let Some(id) = name.strip_prefix('#').and_then(|id| id.parse::<i64>().ok()) {
            return self
                .node(id)
                .map_err(|_| Error::Invalid(format!("no entity with id #{id}")));
        }
        let key = name_key(name);
        let ids = |sql: &str| -> Result<Vec<i64>> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut stmt| stmt.query_map([&key], |row| row.get(0))?.collect())
                .map_err(sqlite(&self.path))
        };
        let mut found = ids(&format!(
            "SELECT e.id FROM entities e WHERE e.key = ?1 AND {LIVE} ORDER BY e.id"
        ))?;
        if found.is_empty() {
            found = ids(&format!(
                "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id
                 WHERE a.key = ?1 AND {LIVE} ORDER BY a.entity_id"
            ))?;
        }
        if found.is_empty() {
            found.extend(self.unique_surname(&key)?);
        }
        match found[..] {
            [id] => self.node(id),
            [] => Err(Error::UnknownEntity {
                name: name.to_string(),
                suggestions: self.suggestions(&key).map_err(sqlite(&self.path))?,
            }),
            _ => Err(Error::AmbiguousEntity {
                name: name.to_string(),
                candidates: self.describe(&found)?,
            }),
        }
    }

    /// The entity of this kind whose own name (not an alias) is `name`, if any.
    pub fn entity_named(&self, name: &str, kind: EntityKind) -> Result<Option<Node>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                &format!("SELECT e.id FROM entities e WHERE e.key = ?1 AND e.kind = ?2 AND {LIVE}"),
                params![name_key(name), kind.as_str()],
                |row| row.get(0),
            )
            .optional()
            .map_err(sqlite(&self.path))?;
        id.map(|id| self.node(id)).transpose()
    }

    /// How many documents mention entity `id`.
    pub fn documents_mentioning(&self, id: i64) -> Result<usize> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM mentions WHERE entity_id = ?1",
                [id],
                |row| row.get(0),
            )
            .map_err(sqlite(&self.path))
    }

    /// One line per entity for choosing among them: id, name, kind, edges, and the
    /// most connected entity it is linked to.
    fn describe(&self, ids: &[i64]) -> Result<Vec<String>> {
        /// More candidates than a reader can weigh are summed up.
        const SHOWN: usize = 10;
        let mut lines = Vec::new();
        for node in self.nodes(&ids[..ids.len().min(SHOWN)])? {
            let degree = self
                .degrees(&[node.id])?
                .get(&node.id)
                .copied()
                .unwrap_or(0);
            let neighbour: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT e.name FROM entities e
                     WHERE e.id IN (SELECT target FROM edges WHERE source = ?1
                                    UNION SELECT source FROM edges WHERE target = ?1)
                     ORDER BY e.degree DESC, e.id LIMIT 1",
                )
                .and_then(|mut stmt| stmt.query_row([node.id], |row| row.get(0)).optional())
                .map_err(sqlite(&self.path))?;
            let linked = neighbour.map_or(String::new(), |n| format!("; linked to {n}"));
            lines.push(format!(
                "#{} {} ({}, {degree} edges{linked})",
                node.id, node.name, node.kind
            ));
        }
        if ids.len() > SHOWN {
            lines.push(format!("… and {} more", ids.len() - SHOWN));
        }
        Ok(lines)
    }

    /// "sheinbaum" names "Claudia Sheinbaum" when exactly one entity's name ends in
    /// that word, even if no article used the surname alone.
    fn unique_surname(&self, key: &str) -> Result<Option<i64>> {
        if key.is_empty() || key.contains(' ') {
            return Ok(None);
        }
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT e.id FROM entities e
                 WHERE length(e.key) > length(?1) AND substr(e.key, -length(?1) - 1) = ' ' || ?1
                   AND {LIVE}
                 LIMIT 2"
            ))
            .and_then(|mut stmt| {
                stmt.query_map([key], |row| row.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()
            })
            .map_err(sqlite(&self.path))?;
        Ok(match ids[..] {
            [only] => Some(only),
            _ => None,
        })
    }

    /// Up to three entity names closest to `key`, best first.
    fn suggestions(&self, key: &str) -> rusqlite::Result<Vec<String>> {
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT name, key FROM entities
             UNION SELECT e.name, a.key FROM aliases a JOIN entities e ON e.id = a.entity_id",
        )?;
        let mut best: HashMap<String, f64> = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let name: String = row.get(0)?;
            let score = similarity(key, &row.get::<_, String>(1)?);
            let entry = best.entry(name).or_insert(score);
            *entry = entry.max(score);
        }
        let mut scored: Vec<(f64, String)> = best
            .into_iter()
            .filter(|(_, score)| *score >= MIN_SUGGESTION_SCORE)
            .map(|(name, score)| (score, name))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(3).map(|(_, name)| name).collect())
    }

    /// Every node (of one kind, if given), most connected first, then by name.
    pub fn entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntitySummary>> {
        let kind = kind.map_or(Value::Null, |k| Value::Text(k.as_str().to_string()));
        let filter = &format!("(?1 IS NULL OR e.kind = ?1) AND {LIVE}");
        let params = [kind];
        let counts = self
            .conn
            .prepare(&format!(
                "SELECT e.id, (SELECT COALESCE(SUM(m.count), 0) FROM mentions m WHERE m.entity_id = e.id), e.degree
                 FROM entities e WHERE {filter}"
            ))
            .and_then(|mut stmt| {
                stmt.query_map(params_from_iter(&params), |row| {
                    Ok((row.get::<_, i64>(0)?, (row.get(1)?, row.get(2)?)))
                })?
                .collect::<rusqlite::Result<HashMap<i64, (usize, usize)>>>()
            })
            .map_err(sqlite(&self.path))?;
        let nodes = select_nodes(&self.conn, filter, &params).map_err(sqlite(&self.path))?;
        let mut summaries: Vec<EntitySummary> = nodes
            .into_iter()
            .map(|node| {
                let (mentions, degree) = counts.get(&node.id).copied().unwrap_or_default();
                EntitySummary {
                    node,
                    mentions,
                    degree,
                }
            })
            .collect();
        summaries.sort_by(|a, b| {
            b.degree
                .cmp(&a.degree)
                .then_with(|| a.node.name.cmp(&b.node.name))
                .then_with(|| a.node.id.cmp(&b.node.id))
        });
        Ok(summaries)
    }

    /// Where the entity is named: the first `limit` mentions (document name and
    /// mention, in document then text order) and how many there are in all.
    pub fn mentions(&self, id: i64, limit: usize) -> Result<(Vec<(String, Mention)>, usize)> {
        let run = || -> rusqlite::Result<(Vec<(String, Mention)>, usize)> {
            let period = self
                .period
                .as_ref()
                .map_or(String::new(), |period| format!(" AND {period}"));
            let total = self
                .conn
                .prepare_cached(&format!(
                    "SELECT COALESCE(SUM(m.count), 0)
                     FROM mentions m JOIN documents d ON d.id = m.document_id
                     WHERE m.entity_id = ?1{period}"
                ))?
                .query_row([id], |row| row.get(0))?;
            let mut listed = Vec::new();
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT d.name, m.spans, d.text
                 FROM mentions m JOIN documents d ON d.id = m.document_id
                 WHERE m.entity_id = ?1{period} ORDER BY m.document_id"
            ))?;
            let mut rows = stmt.query([id])?;
            while listed.len() < limit {
                let Some(row) = rows.next()? else { break };
                let (document, spans, text): (String, String, String) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                for span in unpack_spans(&spans) {
                    let surface = text
                        .chars()
                        .skip(span.start)
                        .take(span.end.saturating_sub(span.start))
                        .collect();
                    listed.push((document.clone(), Mention { span, surface }));
                }
            }
            listed.truncate(limit);
            Ok((listed, total))
        };
        run().map_err(sqlite(&self.path))
    }

    /// Visits the edges that can be walked from `node` in `direction` (symmetric
    /// relations both ways), restricted to `relations` unless it is empty, until `visit`
    /// returns false. Rows come from the indexes alone and only as far as they are
    /// visited, so stopping early at a hub costs what was read, not the hub's degree.
    pub fn for_each_step(
        &self,
        node: i64,
        relations: &[RelationType],
        direction: Direction,
        mut visit: impl FnMut(Step) -> bool,
    ) -> Result<()> {
        let in_period = self.edge_in_period("edges.id");
        let mut run = || -> rusqlite::Result<()> {
            let sides = step_sides(
                "SELECT id, {far} FROM edges",
                relations.len(),
                direction,
                &in_period,
            );
            let mut stmt = self.conn.prepare_cached(&sides.join(" UNION ALL "))?;
            let mut rows = stmt.query(params_from_iter(step_params(node, relations)))?;
            while let Some(row) = rows.next()? {
                if !visit(Step {
                    edge: row.get(0)?,
                    to: row.get(1)?,
                }) {
                    break;
                }
            }
            Ok(())
        };
        run().map_err(sqlite(&self.path))
    }

    /// Every step [`Store::for_each_step`] would visit from `node`, with the evidence of
    /// its edge (within the period, if one is set): what a capped walk ranks
    /// neighbours by.
    pub fn weighted_steps(
        &self,
        node: i64,
        relations: &[RelationType],
        direction: Direction,
    ) -> Result<Vec<WeightedStep>> {
        let in_period = self.edge_in_period("edges.id");
        let evidence = match &self.period {
            None => "(SELECT COUNT(*) FROM evidence ev WHERE ev.edge_id = edges.id)".to_string(),
            Some(period) => format!(
                "(SELECT COUNT(*) FROM evidence ev JOIN documents d ON d.id = ev.document_id
                  WHERE ev.edge_id = edges.id AND {period})"
            ),
        };
        let run = || -> rusqlite::Result<Vec<WeightedStep>> {
            let sides = step_sides(
                &format!("SELECT id, {{far}}, {evidence} FROM edges"),
                relations.len(),
                direction,
                &in_period,
            );
            let mut stmt = self.conn.prepare_cached(&sides.join(" UNION ALL "))?;
            let rows = stmt.query_map(params_from_iter(step_params(node, relations)), |row| {
                Ok(WeightedStep {
                    step: Step {
                        edge: row.get(0)?,
                        to: row.get(1)?,
                    },
                    evidence: row.get(2)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(sqlite(&self.path))
    }

    /// How many edges [`Store::for_each_step`] would visit from `node`; the stored
    /// degree answers the unfiltered question without reading edges.
    pub fn count_steps(
        &self,
        node: i64,
        relations: &[RelationType],
        direction: Direction,
    ) -> Result<usize> {
        let in_period = self.edge_in_period("edges.id");
        let run = || -> rusqlite::Result<usize> {
            if relations.is_empty() && direction == Direction::Both && self.period.is_none() {
                return self
                    .conn
                    .prepare_cached("SELECT degree FROM entities WHERE id = ?1")?
                    .query_row([node], |row| row.get(0))
                    .optional()
                    .map(Option::unwrap_or_default);
            }
            let [from_source, from_target] = step_sides(
                "SELECT COUNT(*) FROM edges",
                relations.len(),
                direction,
                &in_period,
            );
            let sql = format!("SELECT ({from_source}) + ({from_target})");
            self.conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(step_params(node, relations)), |row| {
                    row.get(0)
                })
        };
        run().map_err(sqlite(&self.path))
    }

    /// How many edges touch each of `ids`.
    pub fn degrees(&self, ids: &[i64]) -> Result<HashMap<i64, usize>> {
        let mut degrees = HashMap::with_capacity(ids.len());
        let ids = sorted_unique(ids);
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, degree FROM entities WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut run = || -> rusqlite::Result<()> {
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let mut rows = stmt.query(params_from_iter(chunk))?;
                while let Some(row) = rows.next()? {
                    degrees.insert(row.get(0)?, row.get(1)?);
                }
                Ok(())
            };
            run().map_err(sqlite(&self.path))?;
        }
        Ok(degrees)
    }

    /// The edges with these ids, sorted by id, each with at most `evidence_per_edge`
    /// pieces of evidence (the earliest documents first): a fact restated in thousands
    /// of articles should not make a walk read them all.
    pub fn edges(&self, ids: &[i64], evidence_per_edge: usize) -> Result<Vec<Edge>> {
        let ids = sorted_unique(ids);
        let mut edges = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let filter = format!("x.id IN ({})", placeholders(1, chunk.len()));
            let params: Vec<Value> = chunk.iter().map(|&id| Value::Integer(id)).collect();
            edges.extend(
                select_edges(
                    &self.conn,
                    &filter,
                    &params,
                    evidence_per_edge,
                    self.period.as_deref(),
                )
                .map_err(sqlite(&self.path))?,
            );
        }
        Ok(edges)
    }

    pub fn stats(&self) -> Result<Stats> {
        stats(&self.conn, self.period.as_deref()).map_err(sqlite(&self.path))
    }

    /// Every node and edge; for exports of the whole graph. In a period, the nodes
    /// its edges touch.
    pub fn whole_graph(&self) -> Result<Subgraph> {
        let in_period = self.edge_in_period("x.id");
        let nodes = if self.period.is_some() {
            format!(
                "e.id IN (SELECT source FROM edges x WHERE 1{in_period}
                          UNION SELECT target FROM edges x WHERE 1{in_period})"
            )
        } else {
            LIVE.to_string()
        };
        Ok(Subgraph {
            nodes: select_nodes(&self.conn, &nodes, &[]).map_err(sqlite(&self.path))?,
            edges: select_edges(&self.conn, "1", &[], usize::MAX, self.period.as_deref())
                .map_err(sqlite(&self.path))?,
            omitted_edges: 0,
        })
    }
}

/// Scores below this are not worth suggesting.
const MIN_SUGGESTION_SCORE: f64 = 0.6;

/// How close a stored key is to what the user typed, from 0 to 1.
fn similarity(query: &str, key: &str) -> f64 {
    // Strings whose lengths differ this much score under the threshold anyway, and
    // the edit distance costs the product of their lengths: a pasted paragraph
    // against every name of a large graph would take seconds.
    let close = |a: &str, b: &str| {
        let (x, y) = (a.chars().count(), b.chars().count());
        if (x.min(y) as f64) < MIN_SUGGESTION_SCORE * x.max(y) as f64 {
            0.0
        } else {
            strsim::normalized_damerau_levenshtein(a, b)
        }
    };
    let whole = close(query, key);
    // A misspelt surname alone ("zunigaa") is far from the full name as a whole.
    let by_word = key
        .split(' ')
        .map(|word| close(query, word))
        .fold(0.0, f64::max);
    // One name inside the other ("harris" in "kamala harris") is very likely meant.
    let shorter = query.chars().count().min(key.chars().count());
    let contained = if shorter >= 3 && (key.contains(query) || query.contains(key)) {
        0.9
    } else {
        0.0
    };
    whole.max(by_word).max(contained)
}

/// Another connection holds the write lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy)
}

fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |source| Error::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn not_mkg(path: &Path, reason: impl Into<String>) -> Error {
    Error::NotMkgDatabase {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Rejects files that are not SQLite by their header, without SQLite touching them.
fn check_magic(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut header = Vec::with_capacity(SQLITE_MAGIC.len());
    std::fs::File::open(path)
        .map_err(io)?
        .take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut header)
        .map_err(io)?;
    if header != SQLITE_MAGIC {
        return Err(not_mkg(path, "not an SQLite database"));
    }
    Ok(())
}

/// Read-only checks that an existing SQLite file is an mkg database this build can use.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let inspect = || -> rusqlite::Result<(i32, i64, i64)> {
        let app_id = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
        let objects = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get(0))?;
        Ok((app_id, objects, user_version(conn)?))
    };
    let (app_id, objects, version) = inspect().map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => not_mkg(path, "not an SQLite database"),
        _ => sqlite(path)(e),
    })?;
    // A blank SQLite file (no tables, no application id) holds nothing to protect, so
    // it may become ours; one that another program marked as its own may not.
    if app_id != APPLICATION_ID && (objects > 0 || app_id != 0) {
        return Err(not_mkg(
            path,
            format!("application id {app_id:#010x}, expected {APPLICATION_ID:#010x}"),
        ));
    }
    if version < 0 {
        return Err(not_mkg(path, format!("invalid schema version {version}")));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the migrations the database lacks, all in one transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    if user_version(conn).map_err(sqlite(path))? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite(path))?;
    // Another process may have migrated while this one waited for the write lock.
    let version = user_version(&tx).map_err(sqlite(path))?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let done = usize::try_from(version).unwrap_or(0);
    let run = || -> rusqlite::Result<()> {
        for script in &MIGRATIONS[done..] {
            tx.execute_batch(script)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
    };
    run().map_err(sqlite(path))?;
    tx.commit().map_err(sqlite(path))
}

/// Rejects graphs whose relations point at entities that do not exist.
fn validate(graph: &DocGraph) -> Result<()> {
    let name = &graph.document.name;
    if let Some(i) = graph
        .entities
        .iter()
        .position(|e| name_key(&e.name).is_empty())
    {
        return Err(Error::Invalid(format!(
            "{name}: entity {i} has an empty name"
        )));
    }
    let count = graph.entities.len();
    for (i, rel) in graph.relations.iter().enumerate() {
        if rel.source >= count || rel.target >= count {
            return Err(Error::Invalid(format!(
                "{name}: relation {i} refers to entity {} but the document has {count} entities",
                rel.source.max(rel.target)
            )));
        }
    }
    Ok(())
}

/// The key of a document's (repaired) text: re-ingesting the same text is a no-op.
/// What a document's extraction stores, under the decisions in force: equal
/// fingerprints store equal rows.
fn fingerprint(graph: &DocGraph, in_force: &decisions::InForce) -> String {
    let contents = serde_json::to_string(&(&graph.entities, &graph.relations)).unwrap_or_default();
    content_hash(&format!("{contents}\n{}", in_force.digest))
}

pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn insert_graph(
    tx: &Connection,
    graph: &DocGraph,
    hash: &str,
    known: &mut Known,
    degrees: &mut NewDegrees,
    in_force: &decisions::InForce,
) -> rusqlite::Result<Added> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM documents WHERE hash = ?1")?
        .query_row([hash], |row| row.get(0))
        .optional()?;
    if let Some(document_id) = existing {
        return Ok(Added::AlreadyPresent { document_id });
    }
    let doc = &graph.document;
    let document_id = tx
        .prepare_cached(
            "INSERT INTO documents (hash, name, title, url, date, source, text, extraction)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .insert(params![
            hash,
            doc.name,
            doc.title,
            doc.url,
            doc.date,
            doc.source,
            doc.text,
            fingerprint(graph, in_force)
        ])?;
    insert_contents(tx, graph, document_id, known, degrees, in_force)
}

/// The entities, mentions, aliases, edges and evidence of a stored document's graph.
fn insert_contents(
    tx: &Connection,
    graph: &DocGraph,
    document_id: i64,
    known: &mut Known,
    degrees: &mut NewDegrees,
    in_force: &decisions::InForce,
) -> rusqlite::Result<Added> {
    let mut node_ids = Vec::with_capacity(graph.entities.len());
    {
        let mut find = tx.prepare_cached("SELECT id FROM entities WHERE key = ?1 AND kind = ?2")?;
        let mut create =
            tx.prepare_cached("INSERT INTO entities (key, name, kind) VALUES (?1, ?2, ?3)")?;
        let mut alias = tx.prepare_cached(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?1, ?2, ?3)",
        )?;
        let mut alias_source = tx.prepare_cached(
            "INSERT OR IGNORE INTO alias_sources (document_id, entity_id, alias) VALUES (?1, ?2, ?3)",
        )?;
        // Two names of one document may resolve to one node ("the U.S.", "US").
        let mut mention = tx.prepare_cached(
            "INSERT INTO mentions (entity_id, document_id, count, spans) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity_id, document_id) DO UPDATE SET
                 count = count + excluded.count, spans = spans || ' ' || excluded.spans",
        )?;
        for entity in &graph.entities {
            let (mut key, mut kind, mut name) = (name_key(&entity.name), entity.kind, &entity.name);
            // The proper names the document uses for it: not pronouns, not "the mayor".
            let used = entity
                .mentions
                .iter()
                .map(|m| m.surface.as_str())
                .filter(|surface| {
                    surface.starts_with(|c: char| !c.is_lowercase())
                        && (*surface == entity.name || entity.aliases.iter().any(|a| a == surface))
                });
            let split = in_force.destination(&key, kind, used);
            if let Some(split) = split {
                (key, kind, name) = (split.into_key.clone(), split.into_kind, &split.into_name);
            }
            let merged_into = in_force.redirects.get(&(key.clone(), kind));
            let id = match merged_into.or_else(|| known.entities.get(&(key.clone(), kind))) {
                Some(&id) => id,
                None => {
                    let id = match find
                        .query_row(params![key, kind.as_str()], |row| row.get(0))
                        .optional()?
                    {
                        Some(id) => id,
                        None => {
                            let name = in_force.names.get(&(key.clone(), kind)).unwrap_or(name);
                            create.insert(params![key, name, kind.as_str()])?
                        }
                    };
                    known.entities.insert((key, kind), id);
                    id
                }
            };
            // The name goes in too: another document may know this node by another name.
            // Not when a split moved it: the document never used that name.
            let canonical = split.is_none().then_some(&entity.name);
            for name in canonical.into_iter().chain(&entity.aliases) {
                if known.aliases.insert((id, name.clone())) {
                    alias.execute(params![id, name, name_key(name)])?;
                }
                alias_source.execute(params![document_id, id, name])?;
            }
            if !entity.mentions.is_empty() {
                let spans = pack_spans(entity.mentions.iter().map(|m| m.span));
                mention.execute(params![id, document_id, entity.mentions.len(), spans])?;
            }
            node_ids.push(id);
        }
    }

    let mut edge_ids = BTreeSet::new();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO edges (source, relation, target, modality, role, amount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (source, relation, target) DO NOTHING",
        )?;
        // One edge per fact: a restatement may firm up its modality and fill gaps.
        let mut restate = tx.prepare_cached(
            "UPDATE edges SET
                 modality = CASE WHEN ?4 = 'asserted' THEN 'asserted' ELSE modality END,
                 role = COALESCE(role, ?5),
                 amount = COALESCE(amount, ?6)
             WHERE source = ?1 AND relation = ?2 AND target = ?3
             RETURNING id, role, amount",
        )?;
        let mut evidence = tx.prepare_cached(
            "INSERT OR IGNORE INTO evidence
                 (edge_id, document_id, sentence, start, \"end\", cue, modality, role, amount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        // Rare: two sentences give one edge different roles or amounts.
        let mut settle_details = tx.prepare_cached(&format!(
            "UPDATE edges SET {} WHERE id = ?1",
            EDGE_DETAILS_FROM_EVIDENCE.replace("{edge}", "?1")
        ))?;
        for rel in &graph.relations {
            // In range: `validate` checked every index.
            let ends = stored_ends(node_ids[rel.source], rel.relation, node_ids[rel.target]);
            let Some((source, target)) = ends else {
                continue;
            };
            let fact = params![
                source,
                rel.relation.as_str(),
                target,
                rel.modality.as_str(),
                rel.role,
                rel.amount
            ];
            let (edge_id, conflict) = if insert.execute(fact)? == 1 {
                degrees.added(source, target);
                (tx.last_insert_rowid(), false)
            } else {
                let (id, role, amount): (i64, Option<String>, Option<String>) =
                    restate.query_row(fact, |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
                let differs = |kept: Option<String>, given: &Option<String>| {
                    given.is_some() && kept != *given
                };
                (id, differs(role, &rel.role) || differs(amount, &rel.amount))
            };
            let ev = &rel.evidence;
            evidence.execute(params![
                edge_id,
                document_id,
                ev.sentence,
                ev.span.start,
                ev.span.end,
                ev.cue,
                ev.modality.as_str(),
                rel.role,
                rel.amount
            ])?;
            if conflict {
                settle_details.execute([edge_id])?;
            }
            edge_ids.insert(edge_id);
        }
    }
    Ok(Added::New {
        document_id,
        entities: node_ids.iter().collect::<BTreeSet<_>>().len(),
        edges: edge_ids.len(),
    })
}

/// A read-only connection of its own to a database another connection writes; see
/// [`Store::reader`].
pub struct StoreReader {
    conn: Connection,
    path: PathBuf,
}

impl StoreReader {
    /// Whether a document with this repaired text was stored and committed. An error
    /// reading counts as no: the writer checks again before storing.
    pub fn holds(&self, text: &str) -> bool {
        self.conn
            .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")
            .and_then(|mut stmt| stmt.exists([content_hash(text)]))
            .unwrap_or(false)
    }

    /// The stored document with this id.
    pub fn document(&self, id: i64) -> Result<Document> {
        self.conn
            .prepare_cached(
                "SELECT name, title, url, date, source, text FROM documents WHERE id = ?1",
            )
            .and_then(|mut stmt| stmt.query_row([id], |row| documents::read_document(row, 0)))
            .map_err(sqlite(&self.path))
    }
}

/// Documents being stored in one transaction; see [`Store::begin_batch`].
pub struct Batch<'a> {
    /// Taken by `commit`, or dropped (rolled back) when a document fails.
    tx: Option<rusqlite::Transaction<'a>>,
    path: &'a Path,
    known: &'a mut Known,
    degrees: NewDegrees,
    /// The analyst's decisions, applied to every document stored.
    in_force: decisions::InForce,
    committed: bool,
}

impl Batch<'_> {
    /// Stores one document's graph, merging its entities and edges with those already
    /// known; a document whose text is already stored is skipped. If it fails, the whole
    /// batch is rolled back at once and refuses more work: a document half written must
    /// never be committed with the others.
    pub fn add(&mut self, graph: &DocGraph) -> Result<Added> {
        validate(graph)?;
        let Some(tx) = &self.tx else {
            return Err(Error::Invalid(
                "this batch was rolled back after an earlier document failed".to_string(),
            ));
        };
        self.known.make_room();
        let hash = content_hash(&graph.document.text);
        let in_force = &self.in_force;
        insert_graph(tx, graph, &hash, self.known, &mut self.degrees, in_force).map_err(|source| {
            // Dropping the transaction rolls it back; `Drop` forgets the cached ids.
            self.tx = None;
            Error::Invalid(format!(
                "{}: could not be stored in {}: {source}; the batch was rolled back",
                graph.document.name,
                self.path.display()
            ))
        })
    }

    /// Replaces what the stored document `document_id` contributes with `graph`,
    /// extracted again from its text: the document keeps its id, row and text, and
    /// whatever only its old extraction supported goes. Returns false, having written
    /// nothing, when the new extraction stores what the old one did.
    pub fn replace(&mut self, document_id: i64, graph: &DocGraph) -> Result<bool> {
        validate(graph)?;
        let Some(tx) = &self.tx else {
            return Err(Error::Invalid(
                "this batch was rolled back after an earlier document failed".to_string(),
            ));
        };
        let in_force = &self.in_force;
        let run = |known: &mut Known, degrees: &mut NewDegrees| -> rusqlite::Result<bool> {
            let fingerprint = fingerprint(graph, in_force);
            let stored: Option<String> = tx
                .prepare_cached("SELECT extraction FROM documents WHERE id = ?1")?
                .query_row([document_id], |row| row.get(0))?;
            if stored.as_deref() == Some(fingerprint.as_str()) {
                return Ok(false);
            }
            let removed = documents::remove_rows(tx, &[document_id])?;
            insert_contents(tx, graph, document_id, known, degrees, in_force)?;
            tx.prepare_cached("UPDATE documents SET extraction = ?2 WHERE id = ?1")?
                .execute(params![document_id, fingerprint])?;
            // Settling may delete entities whose ids are cached.
            if documents::settle(tx, removed)?.entities > 0 {
                *known = Known::default();
            }
            Ok(true)
        };
        run(self.known, &mut self.degrees).map_err(|source| {
            self.tx = None;
            Error::Invalid(format!(
                "{}: could not be re-extracted in {}: {source}; the batch was rolled back",
                graph.document.name,
                self.path.display()
            ))
        })
    }

    /// Makes every document added so far part of the database.
    pub fn commit(mut self) -> Result<()> {
        let path = self.path;
        let Some(tx) = self.tx.take() else {
            return Err(Error::Invalid(
                "this batch was rolled back after an earlier document failed".to_string(),
            ));
        };
        self.degrees.write(&tx).map_err(sqlite(path))?;
        tx.commit().map_err(sqlite(path))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        // Rolled back: ids cached during the transaction no longer exist.
        if !self.committed {
            *self.known = Known::default();
        }
    }
}

/// Edges a transaction added per node, written to `entities.degree` once per node at
/// its end: a hub gains thousands of edges in one transaction but one update.
#[derive(Default)]
struct NewDegrees(HashMap<i64, i64>);

impl NewDegrees {
    fn added(&mut self, source: i64, target: i64) {
        for id in [source, target] {
            *self.0.entry(id).or_default() += 1;
        }
    }

    fn write(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        let mut update =
            tx.prepare_cached("UPDATE entities SET degree = degree + ?2 WHERE id = ?1")?;
        for (id, added) in self.0.drain() {
            update.execute([id, added])?;
        }
        Ok(())
    }
}

/// Inserts inside one [`Store::bulk`] transaction, with the statements prepared once.
pub struct Bulk<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    degrees: NewDegrees,
}

impl Bulk<'_> {
    /// A document that evidence can cite; its text is stored as given.
    pub fn document(&mut self, name: &str, text: &str) -> rusqlite::Result<i64> {
        self.tx
            .prepare_cached("INSERT INTO documents (hash, name, text) VALUES (?1, ?2, ?3)")?
            .insert(params![content_hash(text), name, text])
    }

    /// A new node; its name must not be taken by another node of its kind.
    pub fn entity(&mut self, name: &str, kind: EntityKind) -> rusqlite::Result<i64> {
        let key = name_key(name);
        let id = self
            .tx
            .prepare_cached("INSERT INTO entities (key, name, kind) VALUES (?1, ?2, ?3)")?
            .insert(params![key, name, kind.as_str()])?;
        self.tx
            .prepare_cached("INSERT INTO aliases (entity_id, alias, key) VALUES (?1, ?2, ?3)")?
            .execute(params![id, name, key])?;
        Ok(id)
    }

    /// An asserted edge with one piece of evidence, or `None` for a loop or a fact
    /// already stored (symmetric relations are stored from the lower id, as ingest does).
    pub fn edge(
        &mut self,
        source: i64,
        relation: RelationType,
        target: i64,
        evidence: (i64, &str, &str),
    ) -> rusqlite::Result<Option<i64>> {
        let Some((source, target)) = stored_ends(source, relation, target) else {
            return Ok(None);
        };
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO edges (source, relation, target, modality)
                 VALUES (?1, ?2, ?3, 'asserted')",
            )?
            .execute(params![source, relation.as_str(), target])?;
        if inserted == 0 {
            return Ok(None);
        }
        self.degrees.added(source, target);
        let id = self.tx.last_insert_rowid();
        let (document_id, sentence, cue) = evidence;
        self.tx
            .prepare_cached(
                "INSERT INTO evidence (edge_id, document_id, sentence, start, \"end\", cue, modality)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, 'asserted')",
            )?
            .execute(params![id, document_id, sentence, sentence.chars().count(), cue])?;
        Ok(Some(id))
    }
}

/// The ends an edge is stored with: none for a loop, and a symmetric relation from the
/// lower id, so "A met B" and "B met A" are one edge.
fn stored_ends(source: i64, relation: RelationType, target: i64) -> Option<(i64, i64)> {
    if source == target {
        None
    } else if relation.is_symmetric() && source > target {
        Some((target, source))
    } else {
        Some((source, target))
    }
}

/// Mention spans as stored: "start-end" pairs in characters, separated by spaces.
fn pack_spans(spans: impl Iterator<Item = Span>) -> String {
    spans
        .map(|s| format!("{}-{}", s.start, s.end))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The spans of [`pack_spans`], in text order; malformed pairs are skipped.
fn unpack_spans(packed: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = packed
        .split(' ')
        .filter_map(|pair| {
            let (start, end) = pair.split_once('-')?;
            Some(Span {
                start: start.parse().ok()?,
                end: end.parse().ok()?,
            })
        })
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// One edge walked from a node: the edge and the node at its far end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub edge: i64,
    pub to: i64,
}

/// A step with the pieces of evidence of its edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightedStep {
    pub step: Step,
    pub evidence: usize,
}

/// The walk of [`Store::for_each_step`] as one query per side of the edge (the node as
/// source, then as target), each served by a covering index: `select` has a `{far}` for
/// the far end's column. Parameters: ?1 the node, then the relations.
/// `extra` is appended to each side's condition (a period's).
fn step_sides(select: &str, relations: usize, direction: Direction, extra: &str) -> [String; 2] {
    let symmetric = RelationType::ALL
        .iter()
        .filter(|r| r.is_symmetric())
        .map(|r| format!("'{}'", r.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let only = if relations == 0 {
        String::new()
    } else {
        format!(" AND relation IN ({})", placeholders(2, relations))
    };
    // Walking against an edge's direction is allowed for symmetric relations only.
    let side = |near: &str, far: &str, against: bool| {
        let symmetric = if against {
            format!(" AND relation IN ({symmetric})")
        } else {
            String::new()
        };
        format!(
            "{} WHERE {near} = ?1{only}{symmetric}{extra}",
            select.replace("{far}", far)
        )
    };
    [
        side("source", "target", direction == Direction::In),
        side("target", "source", direction == Direction::Out),
    ]
}

fn step_params(node: i64, relations: &[RelationType]) -> Vec<Value> {
    std::iter::once(Value::Integer(node))
        .chain(
            relations
                .iter()
                .map(|r| Value::Text(r.as_str().to_string())),
        )
        .collect()
}

/// `?start, ?start+1, ...`: `count` numbered parameters.
fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a text column holding one of the model's enums.
fn parse<T: FromStr<Err = String>>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    row.get::<_, String>(idx)?
        .parse()
        .map_err(|e: String| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into()))
}

/// The ids once each, in order, for chunked `IN (...)` queries.
fn sorted_unique(ids: &[i64]) -> Vec<i64> {
    ids.iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Nodes of entities `e` matching `filter`, sorted by id, aliases sorted.
fn select_nodes(conn: &Connection, filter: &str, params: &[Value]) -> rusqlite::Result<Vec<Node>> {
    let mut nodes = BTreeMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, e.name, e.kind FROM entities e WHERE {filter}"
    ))?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let node = Node {
            id,
            name: row.get(1)?,
            kind: parse(row, 2)?,
            aliases: Vec::new(),
        };
        nodes.insert(id, node);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id
         WHERE ({filter}) AND a.alias <> e.name ORDER BY a.entity_id, a.alias"
    ))?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        if let Some(node) = nodes.get_mut(&row.get::<_, i64>(0)?) {
            node.aliases.push(row.get(1)?);
        }
    }
    Ok(nodes.into_values().collect())
}

/// Edges `x` matching `filter` with up to `evidence_per_edge` pieces of their evidence
/// each, sorted by id.
/// ` AND` the edge in column `edge` has evidence in `period` (a condition on document
/// `d`); empty for all time.
fn edge_in_period(period: Option<&str>, edge: &str) -> String {
    period.map_or(String::new(), |period| {
        format!(
            " AND EXISTS (SELECT 1 FROM evidence pv JOIN documents d ON d.id = pv.document_id
                          WHERE pv.edge_id = {edge} AND {period})"
        )
    })
}

/// The edges passing `filter` on `x`, with their evidence; within `period` (a
/// condition on document `d`) only the edges with evidence then, and only that evidence.
fn select_edges(
    conn: &Connection,
    filter: &str,
    params: &[Value],
    evidence_per_edge: usize,
    period: Option<&str>,
) -> rusqlite::Result<Vec<Edge>> {
    let edge_period = edge_in_period(period, "x.id");
    let evidence_period = period.map_or(String::new(), |period| format!(" AND {period}"));
    let mut stmt = conn.prepare(&format!(
        "SELECT x.id, x.source, x.target, x.relation, x.modality, x.role, x.amount
         FROM edges x WHERE ({filter}){edge_period} ORDER BY x.id"
    ))?;
    let mut edges = stmt
        .query_map(params_from_iter(params), |row| {
            Ok(Edge {
                id: row.get(0)?,
                source: row.get(1)?,
                target: row.get(2)?,
                relation: parse(row, 3)?,
                modality: parse(row, 4)?,
                role: row.get(5)?,
                amount: row.get(6)?,
                evidence: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<i64, usize> = edges.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT ev.edge_id, d.name, ev.sentence, ev.start, ev.\"end\", ev.cue, ev.modality, d.date
         FROM evidence ev
         JOIN edges x ON x.id = ev.edge_id
         JOIN documents d ON d.id = ev.document_id
         WHERE ({filter}){evidence_period} ORDER BY ev.edge_id, ev.document_id, ev.start"
    ))?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        let found = index
            .get(&row.get::<_, i64>(0)?)
            .filter(|&&i| edges[i].evidence.len() < evidence_per_edge);
        if let Some(&i) = found {
            edges[i].evidence.push(Evidence {
                document: row.get(1)?,
                sentence: row.get(2)?,
                span: Span {
                    start: row.get(3)?,
                    end: row.get(4)?,
                },
                cue: row.get(5)?,
                modality: parse::<Modality>(row, 6)?,
                date: row.get(7)?,
            });
        }
    }
    Ok(edges)
}

/// Sizes of the graph; within `period` (a condition on document `d`), of what the
/// documents of the period state: their edges and evidence, the entities they mention.
fn stats(conn: &Connection, period: Option<&str>) -> rusqlite::Result<Stats> {
    let count =
        |sql: &str| -> rusqlite::Result<usize> { conn.query_row(sql, [], |row| row.get(0)) };
    let in_period = edge_in_period(period, "x.id");
    let (documents, evidence, entities) = match period {
        None => (
            "SELECT COUNT(*) FROM documents".to_string(),
            "SELECT COUNT(*) FROM evidence".to_string(),
            format!("SELECT id, kind FROM entities e WHERE {LIVE}"),
        ),
        Some(period) => (
            format!("SELECT COUNT(*) FROM documents d WHERE {period}"),
            format!(
                "SELECT COUNT(*) FROM evidence v JOIN documents d ON d.id = v.document_id WHERE {period}"
            ),
            format!(
                "SELECT id, kind FROM entities WHERE id IN
                     (SELECT m.entity_id FROM mentions m JOIN documents d ON d.id = m.document_id WHERE {period})"
            ),
        ),
    };
    let mut by_kind: Vec<(EntityKind, usize)> = conn
        .prepare(&format!(
            "SELECT kind, COUNT(*) FROM ({entities}) GROUP BY kind"
        ))?
        .query_map([], |row| Ok((parse(row, 0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut by_relation: Vec<(RelationType, usize)> = conn
        .prepare(&format!(
            "SELECT relation, COUNT(*) FROM edges x WHERE 1{in_period} GROUP BY relation"
        ))?
        .query_map([], |row| Ok((parse(row, 0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    by_relation.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // The stored degree counts all time; a period counts its own edges.
    let top_sql = match period {
        None => "SELECT id, degree FROM entities WHERE degree > 0
                 ORDER BY degree DESC, id LIMIT 10"
            .to_string(),
        Some(_) => format!(
            "SELECT id, COUNT(*) AS degree FROM
                 (SELECT source AS id FROM edges x WHERE 1{in_period}
                  UNION ALL SELECT target FROM edges x WHERE 1{in_period})
             GROUP BY id ORDER BY degree DESC, id LIMIT 10"
        ),
    };
    let top: Vec<(i64, usize)> = conn
        .prepare(&top_sql)?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let filter = format!("e.id IN ({})", placeholders(1, top.len()));
    let params: Vec<Value> = top.iter().map(|&(id, _)| Value::Integer(id)).collect();
    let mut nodes: HashMap<i64, Node> = select_nodes(conn, &filter, &params)?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let most_connected = top
        .iter()
        .filter_map(|&(id, edges)| nodes.remove(&id).map(|node| Connected { node, edges }))
        .collect();
    Ok(Stats {
        documents: count(&documents)?,
        entities: by_kind.iter().map(|(_, n)| n).sum(),
        edges: by_relation.iter().map(|(_, n)| n).sum(),
        evidence: count(&evidence)?,
        by_kind: by_kind
            .into_iter()
            .map(|(kind, entities)| KindCount { kind, entities })
            .collect(),
        by_relation: by_relation
            .into_iter()
            .map(|(relation, edges)| RelationCount { relation, edges })
            .collect(),
        most_connected,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Document, Entity, Relation};

    pub(crate) fn entity(name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            name: name.to_string(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: vec![Mention {
                span: Span { start: 0, end: 1 },
                surface: name.to_string(),
            }],
        }
    }

    pub(crate) fn relation(
        source: usize,
        relation: RelationType,
        target: usize,
        modality: Modality,
        sentence: &str,
    ) -> Relation {
        Relation {
            source,
            relation,
            target,
            modality,
            role: None,
            amount: None,
            evidence: Evidence {
                document: String::new(),
                sentence: sentence.to_string(),
                span: Span {
                    start: 0,
                    end: sentence.chars().count(),
                },
                cue: relation.as_str().to_string(),
                modality,
                date: None,
            },
        }
    }

    pub(crate) fn doc(
        name: &str,
        text: &str,
        entities: Vec<Entity>,
        relations: Vec<Relation>,
    ) -> DocGraph {
        DocGraph {
            document: Document {
                name: name.to_string(),
                text: text.to_string(),
                ..Document::default()
            },
            entities,
            relations,
        }
    }

    /// A store holding one document that states `facts` between people named by them.
    pub(crate) fn store_with(facts: &[(&str, RelationType, &str)]) -> Store {
        let mut names: Vec<&str> = Vec::new();
        for (a, _, b) in facts {
            for n in [a, b] {
                if !names.contains(n) {
                    names.push(n);
                }
            }
        }
        let index = |n: &str| names.iter().position(|m| *m == n).unwrap_or(0);
        let relations = facts
            .iter()
            .map(|(a, r, b)| {
                relation(
                    index(a),
                    *r,
                    index(b),
                    Modality::Asserted,
                    &format!("{a} {r} {b}."),
                )
            })
            .collect();
        let entities = names
            .iter()
            .map(|n| entity(n, EntityKind::Person, &[]))
            .collect();
        let mut store = Store::in_memory().unwrap();
        store
            .add_document(&doc("facts", "facts", entities, relations))
            .unwrap();
        store
    }

    fn counts(store: &Store) -> (usize, usize, usize, usize) {
        let s = store.stats().unwrap();
        (s.documents, s.entities, s.edges, s.evidence)
    }

    fn harris_doc(name: &str, text: &str) -> DocGraph {
        doc(
            name,
            text,
            vec![
                entity("Kamala Harris", EntityKind::Person, &["Harris"]),
                entity("Guatemala", EntityKind::Country, &[]),
            ],
            vec![relation(
                0,
                RelationType::Visits,
                1,
                Modality::Planned,
                "Harris will visit Guatemala.",
            )],
        )
    }

    #[test]
    fn shared_entity_and_fact_are_one_node_and_one_edge() {
        let mut store = Store::in_memory().unwrap();
        let first = store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        assert!(matches!(
            first,
            Added::New {
                entities: 2,
                edges: 1,
                ..
            }
        ));
        let mut second = harris_doc("b.txt", "text b");
        second.entities[0].name = "KAMALA HARRIS".to_string();
        second.relations[0].modality = Modality::Asserted;
        second.relations[0].amount = Some("$4 billion".to_string());
        second.relations[0].evidence.sentence = "Harris visited Guatemala.".to_string();
        store.add_document(&second).unwrap();

        assert_eq!(counts(&store), (2, 2, 1, 2));
        let graph = store.whole_graph().unwrap();
        let edge = &graph.edges[0];
        assert_eq!(
            edge.modality,
            Modality::Asserted,
            "asserted restatement upgrades"
        );
        assert_eq!(edge.amount.as_deref(), Some("$4 billion"));
        let docs: Vec<&str> = edge.evidence.iter().map(|e| e.document.as_str()).collect();
        assert_eq!(docs, ["a.txt", "b.txt"]);
        assert_eq!(edge.evidence[1].sentence, "Harris visited Guatemala.");
        let harris = store.find_entity("kamala harris").unwrap();
        assert_eq!(harris.name, "Kamala Harris");
        assert_eq!(harris.aliases, ["Harris", "KAMALA HARRIS"]);
        let (listed, total) = store.mentions(harris.id, 1).unwrap();
        assert_eq!((listed.len(), total), (1, 2));
    }

    #[test]
    fn planned_does_not_downgrade_asserted() {
        let mut store = Store::in_memory().unwrap();
        let mut first = harris_doc("a.txt", "text a");
        first.relations[0].modality = Modality::Asserted;
        first.relations[0].role = Some("envoy".to_string());
        store.add_document(&first).unwrap();
        store.add_document(&harris_doc("b.txt", "text b")).unwrap();
        let edge = &store.whole_graph().unwrap().edges[0];
        assert_eq!(edge.modality, Modality::Asserted);
        assert_eq!(edge.role.as_deref(), Some("envoy"));
    }

    #[test]
    fn an_edge_takes_its_amount_from_its_earliest_evidence_whatever_the_order() {
        let amount_doc = |name: &str, amount: Option<&str>| {
            let mut graph = harris_doc(name, &format!("text {name}"));
            graph.relations[0].amount = amount.map(str::to_string);
            graph
        };
        let amount = |store: &Store| store.whole_graph().unwrap().edges[0].amount.clone();
        let dir = scratch();
        let mut store = Store::open(&dir.path().join("kg.db")).unwrap();
        store.add_document(&amount_doc("a", None)).unwrap();
        store
            .add_document(&amount_doc("b", Some("$5 million")))
            .unwrap();
        store
            .add_document(&amount_doc("c", Some("$7 million")))
            .unwrap();
        assert_eq!(amount(&store).as_deref(), Some("$5 million"));
        // Re-extracting b stores its evidence after c's, and the edge keeps b's amount.
        let mut batch = store.begin_batch().unwrap();
        let mut changed = amount_doc("b", Some("$5 million"));
        changed.relations[0].role = Some("envoy".to_string());
        assert!(batch.replace(2, &changed).unwrap());
        batch.commit().unwrap();
        assert_eq!(amount(&store).as_deref(), Some("$5 million"));
        store.forget(&[2]).unwrap();
        assert_eq!(
            amount(&store).as_deref(),
            Some("$7 million"),
            "not the forgotten document's"
        );
        store.forget(&[3]).unwrap();
        assert_eq!(amount(&store), None);
    }

    #[test]
    fn symmetric_fact_stated_both_ways_is_one_edge() {
        let people = || {
            vec![
                entity("Kamala Harris", EntityKind::Person, &[]),
                entity("Alejandro Giammattei", EntityKind::Person, &[]),
            ]
        };
        let mut store = Store::in_memory().unwrap();
        let ab = relation(
            0,
            RelationType::MetWith,
            1,
            Modality::Asserted,
            "Harris met Giammattei.",
        );
        store
            .add_document(&doc("a", "a", people(), vec![ab]))
            .unwrap();
        // Giammattei first this time, so the stated order runs from the larger id.
        let mut reversed = people();
        reversed.reverse();
        let ba = relation(
            0,
            RelationType::MetWith,
            1,
            Modality::Asserted,
            "Giammattei met Harris.",
        );
        store
            .add_document(&doc("b", "b", reversed, vec![ba]))
            .unwrap();
        let graph = store.whole_graph().unwrap();
        assert_eq!(graph.edges.len(), 1);
        let edge = &graph.edges[0];
        assert!(edge.source < edge.target);
        assert_eq!(edge.evidence.len(), 2);
    }

    #[test]
    fn self_loops_are_skipped() {
        let mut store = Store::in_memory().unwrap();
        let mut graph = harris_doc("a", "a");
        graph.relations[0].target = 0;
        let added = store.add_document(&graph).unwrap();
        assert!(matches!(added, Added::New { edges: 0, .. }));
        assert_eq!(counts(&store).2, 0);
    }

    #[test]
    fn same_text_twice_is_already_present() {
        let mut store = Store::in_memory().unwrap();
        let Added::New { document_id, .. } = store.add_document(&harris_doc("a", "same")).unwrap()
        else {
            panic!("first ingest must store");
        };
        let before = counts(&store);
        let again = store.add_document(&harris_doc("renamed", "same")).unwrap();
        assert_eq!(again, Added::AlreadyPresent { document_id });
        assert_eq!(counts(&store), before);
    }

    #[test]
    fn bad_relation_index_is_rejected_and_nothing_stored() {
        let mut store = Store::in_memory().unwrap();
        let mut graph = harris_doc("a", "a");
        graph.relations[0].target = 7;
        let err = store.add_document(&graph).unwrap_err();
        assert!(err.to_string().contains("refers to entity 7"), "{err}");
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }

    #[test]
    fn find_entity_by_alias_accents_and_suggestions() {
        let mut store = Store::in_memory().unwrap();
        let graph = doc(
            "a",
            "a",
            vec![
                entity("Ricardo Zúñiga", EntityKind::Person, &["Zúñiga"]),
                entity(
                    "U.S. Agency for International Development",
                    EntityKind::Agency,
                    &["USAID"],
                ),
                entity("Kamala Harris", EntityKind::Person, &["Harris"]),
            ],
            vec![],
        );
        store.add_document(&graph).unwrap();
        assert_eq!(store.find_entity("zuniga").unwrap().name, "Ricardo Zúñiga");
        assert_eq!(
            store.find_entity("RICARDO ZUNIGA").unwrap().name,
            "Ricardo Zúñiga"
        );
        assert_eq!(
            store.find_entity("usaid").unwrap().name,
            "U.S. Agency for International Development"
        );
        match store.find_entity("Zunigaa") {
            Err(Error::UnknownEntity { name, suggestions }) => {
                assert_eq!(name, "Zunigaa");
                assert_eq!(
                    suggestions.first().map(String::as_str),
                    Some("Ricardo Zúñiga")
                );
            }
            other => panic!("expected UnknownEntity, got {other:?}"),
        }
        let err = store.find_entity("Kamala Haris").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no entity named 'Kamala Haris'; did you mean: Kamala Harris?"
        );
        match store.find_entity("Xylophone") {
            Err(Error::UnknownEntity { suggestions, .. }) => assert!(suggestions.is_empty()),
            other => panic!("expected UnknownEntity, got {other:?}"),
        }
    }

    #[test]
    fn canonical_name_beats_alias_and_several_aliases_are_ambiguous() {
        let mut store = Store::in_memory().unwrap();
        let mut harris = entity("Kamala Harris", EntityKind::Person, &["Harris"]);
        harris.mentions.push(harris.mentions[0].clone());
        let graph = doc(
            "a",
            "a",
            vec![
                entity("Harris", EntityKind::Organization, &[]),
                entity("Doug Harris", EntityKind::Person, &["Harris"]),
                harris,
            ],
            vec![],
        );
        store.add_document(&graph).unwrap();
        assert_eq!(
            store.find_entity("harris").unwrap().kind,
            EntityKind::Organization
        );
        assert_eq!(store.find_entity("Harris").unwrap().name, "Harris");
        let mut only_aliases = Store::in_memory().unwrap();
        let mut graph = graph;
        graph.entities.remove(0);
        only_aliases.add_document(&graph).unwrap();
        let err = only_aliases.find_entity("harris").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'harris' names 2 entities; give one by its id:\n  \
             #1 Doug Harris (person, 0 edges)\n  \
             #2 Kamala Harris (person, 0 edges)"
        );
        assert_eq!(
            only_aliases.find_entity("#2").unwrap().name,
            "Kamala Harris"
        );
        assert_eq!(
            only_aliases.find_entity("#9").unwrap_err().to_string(),
            "no entity with id #9"
        );
    }

    #[test]
    fn entities_and_stats_count_degree() {
        let store = store_with(&[
            ("A", RelationType::MetWith, "B"),
            ("A", RelationType::Funds, "C"),
            ("B", RelationType::Funds, "C"),
            ("C", RelationType::Directs, "B"),
        ]);
        let list = store.entities(None).unwrap();
        let order: Vec<(&str, usize)> = list
            .iter()
            .map(|s| (s.node.name.as_str(), s.degree))
            .collect();
        assert_eq!(order, [("B", 3), ("C", 3), ("A", 2)]);
        assert!(store.entities(Some(EntityKind::Agency)).unwrap().is_empty());
        let stats = store.stats().unwrap();
        assert_eq!((stats.entities, stats.edges, stats.evidence), (3, 4, 4));
        assert_eq!(
            stats.by_kind,
            [KindCount {
                kind: EntityKind::Person,
                entities: 3
            }]
        );
        assert_eq!(
            stats.by_relation[0],
            RelationCount {
                relation: RelationType::Funds,
                edges: 2
            }
        );
        let top: Vec<(&str, usize)> = stats
            .most_connected
            .iter()
            .map(|c| (c.node.name.as_str(), c.edges))
            .collect();
        assert_eq!(top, [("B", 3), ("C", 3), ("A", 2)]);
    }

    #[test]
    fn steps_respect_direction_symmetry_and_early_stop() {
        let store = store_with(&[
            ("A", RelationType::Funds, "B"),
            ("C", RelationType::Directs, "A"),
            ("A", RelationType::MetWith, "D"),
        ]);
        let id = |name: &str| store.find_entity(name).unwrap().id;
        let a = id("A");
        let far = |relations: &[RelationType], d: Direction| -> Vec<i64> {
            let mut ends = Vec::new();
            store
                .for_each_step(a, relations, d, |step| {
                    ends.push(step.to);
                    true
                })
                .unwrap();
            ends.sort_unstable();
            assert_eq!(store.count_steps(a, relations, d).unwrap(), ends.len());
            ends
        };
        assert_eq!(far(&[], Direction::Out), [id("B"), id("D")]);
        assert_eq!(far(&[], Direction::In), [id("C"), id("D")]);
        assert_eq!(far(&[], Direction::Both), [id("B"), id("C"), id("D")]);
        assert!(far(&[RelationType::Directs], Direction::Out).is_empty());
        assert_eq!(far(&[RelationType::Directs], Direction::In), [id("C")]);
        let mut visited = 0;
        store
            .for_each_step(a, &[], Direction::Both, |_| {
                visited += 1;
                visited < 2
            })
            .unwrap();
        assert_eq!(visited, 2, "stops when told");
        let degrees = store.degrees(&[a, id("B"), 999]).unwrap();
        assert_eq!(degrees, HashMap::from([(a, 3), (id("B"), 1)]));
    }

    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn reopens_file_and_keeps_data() {
        let dir = scratch();
        let path = dir.path().join("kg.db");
        Store::open(&path)
            .unwrap()
            .add_document(&harris_doc("a", "a"))
            .unwrap();
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(counts(&store), (1, 2, 1, 1));
        let app_id: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app_id, APPLICATION_ID);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn open_existing_does_not_create() {
        let dir = scratch();
        let path = dir.path().join("missing.db");
        let err = Store::open_existing(&path).err().unwrap();
        assert_eq!(
            err.to_string(),
            format!("no database at {}; run `mkg ingest` first", path.display())
        );
        assert!(!path.exists());
    }

    fn assert_untouched(path: &Path, err: Error, reason: &str) {
        let before = std::fs::read(path).unwrap();
        match &err {
            Error::NotMkgDatabase { reason: r, .. } => assert!(r.contains(reason), "{r}"),
            other => panic!("expected NotMkgDatabase, got {other:?}"),
        }
        assert!(err.to_string().contains("left untouched"));
        assert_eq!(std::fs::read(path).unwrap(), before);
    }

    #[test]
    fn foreign_files_are_left_untouched() {
        let dir = scratch();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "just some notes, not a database\n").unwrap();
        let before = std::fs::read(&text).unwrap();
        let err = Store::open(&text).err().unwrap();
        assert_untouched(&text, err, "not an SQLite database");
        assert_eq!(std::fs::read(&text).unwrap(), before);

        let other = dir.path().join("other.db");
        {
            let conn = Connection::open(&other).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
            )
            .unwrap();
        }
        let before = std::fs::read(&other).unwrap();
        let err = Store::open(&other).err().unwrap();
        assert_untouched(&other, err, "application id");
        let err = Store::open_existing(&other).err().unwrap();
        assert_untouched(&other, err, "application id");
        assert_eq!(std::fs::read(&other).unwrap(), before);
        assert!(!dir.path().join("other.db-wal").exists());
    }

    #[test]
    fn degree_counts_distinct_edges_and_restatements_do_not_add() {
        let mut store = Store::in_memory().unwrap();
        store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        store.add_document(&harris_doc("b.txt", "text b")).unwrap();
        let degrees: Vec<(String, usize)> = store
            .entities(None)
            .unwrap()
            .into_iter()
            .map(|e| (e.node.name, e.degree))
            .collect();
        assert_eq!(
            degrees,
            [
                ("Guatemala".to_string(), 1),
                ("Kamala Harris".to_string(), 1)
            ]
        );
    }

    #[test]
    fn bulk_writes_nodes_edges_and_evidence_once_each() {
        let mut store = Store::in_memory().unwrap();
        let written = store
            .bulk(|bulk| {
                let doc = bulk.document("gen-1", "Generated text.")?;
                let a = bulk.entity("Ana Reyes", EntityKind::Person)?;
                let b = bulk.entity("Shelter Alliance", EntityKind::Organization)?;
                Ok([
                    bulk.edge(b, RelationType::MetWith, a, (doc, "They met.", "met"))?,
                    bulk.edge(a, RelationType::MetWith, b, (doc, "They met.", "met"))?,
                    bulk.edge(a, RelationType::Funds, a, (doc, "Loop.", "funds"))?,
                    bulk.edge(a, RelationType::MemberOf, b, (doc, "A joined.", "member"))?,
                ]
                .map(|e| e.is_some()))
            })
            .unwrap();
        assert_eq!(written, [true, false, false, true]);
        assert_eq!(counts(&store), (1, 2, 2, 2));
        let graph = store.whole_graph().unwrap();
        let met = &graph.edges[0];
        assert_eq!(
            (met.source, met.target),
            (1, 2),
            "symmetric: lower id first"
        );
        assert_eq!(met.evidence[0].sentence, "They met.");
        let reyes = store.find_entity("ana reyes").unwrap();
        assert_eq!(store.degrees(&[reyes.id]).unwrap()[&reyes.id], 2);
    }

    #[test]
    fn a_document_that_fails_midway_rolls_its_batch_back() {
        let mut store = Store::in_memory().unwrap();
        store.add_document(&harris_doc("a.txt", "text a")).unwrap();
        // Fails after the document, its entities and its mentions are written.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER refuse AFTER INSERT ON evidence
                 WHEN NEW.sentence = 'Refused.' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let mut failing = harris_doc("c.txt", "text c");
        failing.entities[1].name = "Honduras".to_string();
        failing.relations[0].evidence.sentence = "Refused.".to_string();
        let mut batch = store.begin_batch().unwrap();
        batch.add(&harris_doc("b.txt", "text b")).unwrap();
        let err = batch.add(&failing).unwrap_err().to_string();
        assert!(
            err.starts_with("c.txt: could not be stored in :memory:"),
            "{err}"
        );
        assert!(err.ends_with("; the batch was rolled back"), "{err}");
        let refused = "this batch was rolled back after an earlier document failed";
        let later = batch.add(&harris_doc("d.txt", "text d")).unwrap_err();
        assert_eq!(later.to_string(), refused);
        assert_eq!(batch.commit().unwrap_err().to_string(), refused);
        assert_eq!(
            counts(&store),
            (1, 2, 1, 1),
            "only a.txt, from before the batch"
        );
        assert!(store.find_entity("Honduras").is_err());
        // Honduras, written and rolled back, can be stored afresh.
        let mut retry = failing.clone();
        retry.document.text = "text e".to_string();
        retry.relations[0].evidence.sentence = "Harris will visit Honduras.".to_string();
        store.add_document(&retry).unwrap();
        assert_eq!(counts(&store), (2, 3, 2, 2));
        assert_eq!(store.find_entity("honduras").unwrap().name, "Honduras");
    }

    #[test]
    fn version_1_database_gains_degrees_on_open() {
        let dir = scratch();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(
                "INSERT INTO entities (id, key, name, kind) VALUES
                     (1, 'kamala harris', 'Kamala Harris', 'person'),
                     (2, 'guatemala', 'Guatemala', 'country'),
                     (3, 'usaid', 'USAID', 'agency');
                 INSERT INTO edges (source, relation, target, modality) VALUES
                     (1, 'visits', 2, 'asserted'), (3, 'funds', 2, 'asserted');",
            )
            .unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let store = Store::open(&path).unwrap();
        let top = store.stats().unwrap().most_connected;
        let top: Vec<(&str, usize)> = top
            .iter()
            .map(|c| (c.node.name.as_str(), c.edges))
            .collect();
        assert_eq!(top, [("Guatemala", 2), ("Kamala Harris", 1), ("USAID", 1)]);
    }

    #[test]
    fn a_batch_with_a_bad_document_stores_none_of_it() {
        let mut store = Store::in_memory().unwrap();
        let good = harris_doc("good.txt", "text good");
        let mut bad = harris_doc("bad.txt", "text bad");
        bad.relations[0].target = 7;
        let err = store.add_documents(&[good, bad]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: relation 0 refers to entity 7 but the document has 2 entities"
        );
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = scratch();
        let path = dir.path().join("kg.db");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(
            err,
            Error::NewerSchema {
                found: 99,
                supported: SCHEMA_VERSION,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: database schema version 99 is newer than this mkg supports (4); upgrade mkg to open it",
                path.display()
            )
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn empty_file_becomes_a_database() {
        let dir = scratch();
        let path = dir.path().join("empty.db");
        std::fs::write(&path, "").unwrap();
        assert!(Store::open_existing(&path).is_err());
        let store = Store::open(&path).unwrap();
        assert_eq!(counts(&store), (0, 0, 0, 0));
    }
}
