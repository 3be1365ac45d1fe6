//! Writing: documents stored in batches that never leave half a document, the bulk
//! writer of generated graphs, and the edge details kept order-independent.

use super::*;

/// An edge's role and amount are those of its earliest evidence that gives one, by
/// document and place: the same whatever order documents were stored, forgotten or
/// re-extracted in. `{edge}` is the edge's id.
pub(super) const EDGE_DETAILS_FROM_EVIDENCE: &str = "
    role = (SELECT role FROM evidence WHERE edge_id = {edge} AND role IS NOT NULL
            ORDER BY document_id, start, cue LIMIT 1),
    amount = (SELECT amount FROM evidence WHERE edge_id = {edge} AND amount IS NOT NULL
              ORDER BY document_id, start, cue LIMIT 1)";

/// How long a batch writer waits its turn behind another process's ingest: that one
/// commits every few thousand documents, and between its transactions this one writes.
pub const WRITER_PATIENCE: Duration = Duration::from_secs(600);

/// How often a waiting writer tries again.
pub(super) const TURN_POLL: Duration = Duration::from_millis(10);

/// How long a batch writer leaves the database free between its transactions: two
/// polls of a waiting writer, so that one takes its turn instead of starving.
pub const TURN_GAP: Duration = Duration::from_millis(20);

/// Ids and aliases this connection has written or found, so ingest skips a lookup for
/// names it has seen: a bounded cache, emptied when full or when a batch fails (a
/// rolled-back id must not be reused).
#[derive(Default)]
pub(super) struct Known {
    entities: HashMap<(String, EntityKind), i64>,
    aliases: HashSet<(i64, String)>,
}

/// Entries [`Known`] holds before it starts over: tens of megabytes at most.
pub(super) const KNOWN_LIMIT: usize = 32_768;

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
        /// The new document's id.
        document_id: i64,
        /// Nodes the document touches.
        entities: usize,
        /// Edges the document states.
        edges: usize,
    },
    /// A document with the same text was stored before; nothing changed.
    AlreadyPresent {
        /// The id of the document stored before.
        document_id: i64,
    },
}

/// Another connection holds the write lock.
pub(super) fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy)
}

/// Rejects graphs whose relations point at entities that do not exist.
pub(super) fn validate(graph: &DocGraph) -> Result<()> {
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
pub(super) fn fingerprint(graph: &DocGraph, in_force: &decisions::InForce) -> String {
    let contents = serde_json::to_string(&(&graph.entities, &graph.relations)).unwrap_or_default();
    content_hash(&format!("{contents}\n{}", in_force.digest))
}

pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn insert_graph(
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
pub(super) fn insert_contents(
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
pub(super) struct NewDegrees(HashMap<i64, i64>);

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
pub(super) fn stored_ends(source: i64, relation: RelationType, target: i64) -> Option<(i64, i64)> {
    if source == target {
        None
    } else if relation.is_symmetric() && source > target {
        Some((target, source))
    } else {
        Some((source, target))
    }
}

/// Mention spans as stored: "start-end" pairs in characters, separated by spaces.
pub(super) fn pack_spans(spans: impl Iterator<Item = Span>) -> String {
    spans
        .map(|s| format!("{}-{}", s.start, s.end))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
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
}
