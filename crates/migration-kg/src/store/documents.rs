//! The documents of a database: listing them, reading their stored text, and
//! forgetting them with everything only they supported.

use super::{sqlite, Known, Store};
use crate::error::{Error, Result};
use crate::model::Document;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeSet;

/// One stored document, as `mkg documents` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    /// The document's id; `#ID` on the command line.
    pub id: i64,
    /// Its name: the file name or JSON Lines id.
    pub name: String,
    /// Its headline, if known.
    pub title: Option<String>,
    /// Its date, if known.
    pub date: Option<String>,
    /// Its outlet, if known.
    pub source: Option<String>,
    /// Entities the document mentions.
    pub entities: usize,
    /// Edges the document gives evidence for.
    pub edges: usize,
}

/// Which documents to list: dates compare as ISO text ("2024" covers "2024-05-01").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// Only documents dated on or after this day.
    pub since: Option<String>,
    /// Only documents dated on or before this day.
    pub until: Option<String>,
    /// Only documents from this source.
    pub source: Option<String>,
}

/// A stored document: its text is the repaired text that mention and evidence
/// offsets index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// The document's id.
    pub id: i64,
    /// The document as stored.
    #[serde(flatten)]
    pub document: Document,
}

/// What [`Store::forget`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// Documents removed.
    pub documents: usize,
    /// Pieces of evidence removed with them.
    pub evidence: usize,
    /// Edges no remaining document supports.
    pub edges: usize,
    /// Entities no remaining document mentions and no edge touches.
    pub entities: usize,
}

impl Store {
    /// The documents that pass `filter`, in the order they were stored.
    pub fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>> {
        let run = || -> rusqlite::Result<Vec<DocumentSummary>> {
            let mut stmt = self.conn.prepare(
                "SELECT d.id, d.name, d.title, d.date, d.source,
                        (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id),
                        (SELECT COUNT(DISTINCT edge_id) FROM evidence v WHERE v.document_id = d.id)
                 FROM documents d
                 WHERE (?1 IS NULL OR d.date >= ?1)
                   AND (?2 IS NULL OR substr(d.date, 1, length(?2)) <= ?2)
                   AND (?3 IS NULL OR d.source = ?3)
                 ORDER BY d.id",
            )?;
            let rows =
                stmt.query_map(params![filter.since, filter.until, filter.source], |row| {
                    Ok(DocumentSummary {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        title: row.get(2)?,
                        date: row.get(3)?,
                        source: row.get(4)?,
                        entities: row.get(5)?,
                        edges: row.get(6)?,
                    })
                })?;
            rows.collect()
        };
        run().map_err(sqlite(&self.path))
    }

    /// The URL the document of this name came with, if it has one (the first stored,
    /// if several share the name).
    pub fn document_url(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT url FROM documents WHERE name = ?1 ORDER BY id LIMIT 1",
                [name],
                |row| row.get(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(sqlite(&self.path))
    }

    /// The document a user means: `#ID`, a plain id, or a name that only one stored
    /// document has. Several documents of one name are an error listing their ids.
    pub fn find_document(&self, spec: &str) -> Result<StoredDocument> {
        let by_id = spec.strip_prefix('#').unwrap_or(spec).parse::<i64>().ok();
        let select = "SELECT id, name, title, url, date, source, text FROM documents";
        let read = |row: &rusqlite::Row| {
            Ok(StoredDocument {
                id: row.get(0)?,
                document: read_document(row, 1)?,
            })
        };
        if let Some(id) = by_id {
            let found = self
                .conn
                .query_row(&format!("{select} WHERE id = ?1"), [id], read)
                .optional()
                .map_err(sqlite(&self.path))?;
            if let Some(document) = found {
                return Ok(document);
            }
        }
        let named: Vec<StoredDocument> = self
            .conn
            .prepare(&format!("{select} WHERE name = ?1 ORDER BY id"))
            .and_then(|mut stmt| stmt.query_map([spec], read)?.collect())
            .map_err(sqlite(&self.path))?;
        match named.len() {
            1 => Ok(named.into_iter().next().expect("one document")),
            0 => Err(Error::Invalid(format!(
                "no document '{spec}' in {}; `mkg documents` lists them",
                self.path.display()
            ))),
            _ => {
                let ids: Vec<String> = named.iter().map(|d| format!("#{}", d.id)).collect();
                Err(Error::Invalid(format!(
                    "{} documents are named '{spec}' ({}); name one by its id",
                    named.len(),
                    ids.join(", ")
                )))
            }
        }
    }

    /// Removes the documents with these ids in one transaction: their mentions and
    /// evidence, the edges no other document supports (each remaining edge keeps the
    /// firmest modality its remaining evidence gives), and the entities left with no
    /// mention and no edge.
    pub fn forget(&mut self, ids: &[i64]) -> Result<Forgotten> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(sqlite(&path))?;
        let forget = || -> rusqlite::Result<Forgotten> {
            let removed = remove_rows(&tx, ids)?;
            let mut forgotten = settle(&tx, removed)?;
            forgotten.documents = tx.execute(
                "DELETE FROM documents WHERE id IN (SELECT id FROM forgotten_documents)",
                [],
            )?;
            Ok(forgotten)
        };
        let forgotten = forget().map_err(sqlite(&path))?;
        tx.commit().map_err(sqlite(&path))?;
        // Cached ids may name entities that are gone.
        self.known = Known::default();
        Ok(forgotten)
    }
}

/// A document from the columns name, title, url, date, source, text, starting at
/// column `first` of `row`.
pub(super) fn read_document(row: &rusqlite::Row, first: usize) -> rusqlite::Result<Document> {
    Ok(Document {
        name: row.get(first)?,
        title: row.get(first + 1)?,
        url: row.get(first + 2)?,
        date: row.get(first + 3)?,
        source: row.get(first + 4)?,
        text: row.get(first + 5)?,
    })
}

/// What removing documents' rows left to settle: the edges that lost evidence, the
/// entities that lost mentions, the aliases that lost a source.
#[derive(Debug, Default)]
pub(super) struct Removed {
    edges: BTreeSet<i64>,
    /// Those of `edges` that lost evidence giving a role or an amount.
    details_lost: BTreeSet<i64>,
    entities: BTreeSet<i64>,
    aliases: BTreeSet<(i64, String)>,
    evidence: usize,
}

/// Deletes the evidence, mentions and alias sources of documents `ids`, keeping their
/// rows in `documents`. [`settle`] then removes what nothing supports any more; a new
/// extraction stored in between keeps the ids of the edges and entities it states again.
pub(super) fn remove_rows(tx: &rusqlite::Connection, ids: &[i64]) -> rusqlite::Result<Removed> {
    tx.prepare_cached(
        "CREATE TEMP TABLE IF NOT EXISTS forgotten_documents (id INTEGER PRIMARY KEY)",
    )?
    .execute([])?;
    tx.prepare_cached("DELETE FROM forgotten_documents")?
        .execute([])?;
    {
        let mut add = tx.prepare_cached("INSERT OR IGNORE INTO forgotten_documents VALUES (?1)")?;
        for id in ids {
            add.execute([id])?;
        }
    }
    let gone = "SELECT id FROM forgotten_documents";
    let evidence_of: Vec<(i64, bool)> = tx
        .prepare_cached(&format!(
            "DELETE FROM evidence WHERE document_id IN ({gone})
             RETURNING edge_id, role IS NOT NULL OR amount IS NOT NULL"
        ))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let entities = tx
        .prepare_cached(&format!(
            "DELETE FROM mentions WHERE document_id IN ({gone}) RETURNING entity_id"
        ))?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let aliases = tx
        .prepare_cached(&format!(
            "DELETE FROM alias_sources WHERE document_id IN ({gone}) RETURNING entity_id, alias"
        ))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Removed {
        evidence: evidence_of.len(),
        details_lost: evidence_of
            .iter()
            .filter(|(_, details)| *details)
            .map(|(edge, _)| *edge)
            .collect(),
        edges: evidence_of.into_iter().map(|(edge, _)| edge).collect(),
        entities,
        aliases,
    })
}

/// Removes the edges without evidence (each remaining edge keeps the firmest modality
/// its evidence states), the aliases without a source, and the entities with no
/// mention and no edge.
pub(super) fn settle(tx: &rusqlite::Connection, removed: Removed) -> rusqlite::Result<Forgotten> {
    let Removed {
        edges,
        details_lost,
        mut entities,
        aliases,
        evidence,
    } = removed;
    let mut forgotten = Forgotten {
        evidence,
        ..Forgotten::default()
    };
    {
        // Each an index probe that stops at its first row: a hub edge's thousands of
        // pieces of evidence are not counted once per document forgotten.
        let mut remaining = tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM evidence WHERE edge_id = ?1),
                    EXISTS (SELECT 1 FROM evidence WHERE edge_id = ?1 AND modality = 'asserted'),
                    (SELECT modality FROM evidence WHERE edge_id = ?1 ORDER BY document_id, start LIMIT 1)",
        )?;
        let mut delete =
            tx.prepare_cached("DELETE FROM edges WHERE id = ?1 RETURNING source, target")?;
        let mut degree =
            tx.prepare_cached("UPDATE entities SET degree = degree - 1 WHERE id = ?1")?;
        let mut firm = tx.prepare_cached("UPDATE edges SET modality = ?2 WHERE id = ?1")?;
        let mut details = tx.prepare_cached(&format!(
            "UPDATE edges SET {} WHERE id = ?1",
            super::EDGE_DETAILS_FROM_EVIDENCE.replace("{edge}", "?1")
        ))?;
        for &edge in &edges {
            let (supported, asserted, first): (bool, bool, Option<String>) =
                remaining.query_row([edge], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            if !supported {
                let (source, target): (i64, i64) =
                    delete.query_row([edge], |row| Ok((row.get(0)?, row.get(1)?)))?;
                for end in [source, target] {
                    degree.execute([end])?;
                    entities.insert(end);
                }
                forgotten.edges += 1;
            } else {
                let modality = if asserted {
                    Some("asserted".to_string())
                } else {
                    first
                };
                firm.execute(params![edge, modality])?;
                if details_lost.contains(&edge) {
                    details.execute([edge])?;
                }
            }
        }
    }
    {
        let mut unsourced = tx.prepare_cached(
            "DELETE FROM aliases WHERE entity_id = ?1 AND alias = ?2
               AND NOT EXISTS (SELECT 1 FROM alias_sources WHERE entity_id = ?1 AND alias = ?2)",
        )?;
        for (entity, alias) in &aliases {
            unsourced.execute(params![entity, alias])?;
        }
    }
    {
        // By the edges themselves: degrees of a transaction's new edges are only
        // written when it commits.
        // An entity a decision names keeps its row (and id) while the decision
        // exists: an undo then gives back the very same node.
        let mut orphan = tx.prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM edges WHERE source = ?1)
                AND NOT EXISTS (SELECT 1 FROM edges WHERE target = ?1)
                AND NOT EXISTS (SELECT 1 FROM decisions d
                                WHERE (d.key = e.key AND d.kind = e.kind)
                                   OR (d.other_key = e.key AND d.other_kind = e.kind))
             FROM entities e WHERE id = ?1",
        )?;
        let mut aliases = tx.prepare_cached("DELETE FROM aliases WHERE entity_id = ?1")?;
        let mut entity = tx.prepare_cached("DELETE FROM entities WHERE id = ?1")?;
        for &id in &entities {
            if orphan.query_row([id], |row| row.get(0)).optional()? == Some(true) {
                aliases.execute([id])?;
                entity.execute([id])?;
                forgotten.entities += 1;
            }
        }
    }
    Ok(forgotten)
}
