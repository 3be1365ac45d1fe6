//! The database file: schema and migrations, opening (ours, new, or refused untouched),
//! and the connection's settings.

use super::*;

/// `PRAGMA application_id` of mkg databases: "MKG1" in ASCII.
pub const APPLICATION_ID: i32 = 0x4D4B_4731;

/// Schema scripts in order; script `i` takes a database from version `i` to `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4];

/// The oldest schema version queries can read without migrating it.
pub(super) const READABLE_FROM: i64 = 2;

/// The schema version this build writes and the newest it can read.
pub(super) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

// The UNIQUE constraints double as the indexes on (source, relation) and on evidence
// edge_id, since both are their leading columns; only the target side needs its own.
pub(super) const SCHEMA_V1: &str = r#"
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
pub(super) const SCHEMA_V2: &str = r#"
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
pub(super) const SCHEMA_V3: &str = r#"
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
pub(super) const SCHEMA_V4: &str = "
ALTER TABLE decisions ADD COLUMN alias TEXT;
ALTER TABLE documents ADD COLUMN extraction TEXT;
ALTER TABLE evidence ADD COLUMN role TEXT;
ALTER TABLE evidence ADD COLUMN amount TEXT;
UPDATE evidence SET
    role = (SELECT role FROM edges WHERE edges.id = evidence.edge_id),
    amount = (SELECT amount FROM edges WHERE edges.id = evidence.edge_id);
";

/// Page size of new databases, in bytes.
pub(super) const PAGE_SIZE: i64 = 16_384;

/// Most of a database file that query commands map into memory (SQLite's own limit).
pub(super) const QUERY_MMAP_BYTES: i64 = 0x7fff_0000;

/// Page cache of a connection, in KiB: enough for the hot index pages of a large ingest.
/// The one part of ingest's memory that grows with the database, up to this size.
pub const CACHE_KIB: i64 = 262_144;

/// Pages the write-ahead log may hold before a commit copies it into the database: a
/// checkpoint ends in an fsync that stalls the writer, so fewer, larger ones.
pub(super) const WAL_CHECKPOINT_PAGES: i64 = 16_384;

/// How long a writer waits for another process's transaction before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Every SQLite file starts with these 16 bytes.
pub(super) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

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

pub(super) fn not_mkg(path: &Path, reason: impl Into<String>) -> Error {
    Error::NotMkgDatabase {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Rejects files that are not SQLite by their header, without SQLite touching them.
pub(super) fn check_magic(path: &Path) -> Result<()> {
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
pub(super) fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
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

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the migrations the database lacks, all in one transaction.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
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

    /// The database file (`:memory:` for one in memory).
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
    pub(super) fn is_fresh(path: &Path) -> Result<bool> {
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

    pub(super) fn open_with(path: &Path, create: bool) -> Result<Store> {
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
    pub(super) fn init(mut conn: Connection, path: PathBuf, existing: bool) -> Result<Store> {
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
}
