//! An analyst's decisions about entities: merges, splits and renames, kept as rows of
//! their own that every later ingest and re-extraction applies, each one undoable.
//!
//! A decision names entities by their key and kind, not their id, so it holds for
//! documents not yet ingested. Carrying one out, or undoing it, re-extracts the
//! documents that mention the entities, which gives exactly the graph the decisions
//! in force would have built; the entities a decision names keep their ids while it
//! exists, so an undo restores the export byte for byte.

use super::{sqlite, Store};
use crate::error::{Error, Result};
use crate::model::{name_key, EntityKind, Node};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// One decision, as `mkg decisions` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The decision's number, for `undo`.
    pub id: i64,
    /// `merge`, `split` or `rename`.
    pub action: String,
    /// The entity kept (merge), split or renamed, by its name when decided.
    pub entity: String,
    /// The other entity: for a merge the one merged into `entity`, for a split the one
    /// that takes the documents.
    pub other: Option<String>,
    /// The name given, if any.
    pub name: Option<String>,
    /// For a split, the alias whose documents move.
    pub alias: Option<String>,
    /// Whether it was undone.
    pub undone: bool,
}

/// The decisions in force, as ingest applies them.
#[derive(Debug, Default)]
pub(super) struct InForce {
    /// A merged entity's key and kind -> the entity it was merged into.
    pub(super) redirects: HashMap<(String, EntityKind), i64>,
    /// An entity's key and kind -> the name a decision gave it.
    pub(super) names: HashMap<(String, EntityKind), String>,
    /// An entity's key and kind -> the splits decided for it, oldest first.
    pub(super) splits: HashMap<(String, EntityKind), Vec<Split>>,
    /// The ids of the decisions in force: part of a document's extraction fingerprint.
    pub(super) digest: String,
}

/// Where a split sends a document's entity that the document knows only by `alias`.
#[derive(Debug)]
pub(super) struct Split {
    /// The alias, as [`name_key`] folds it.
    pub(super) alias_key: String,
    pub(super) into_key: String,
    pub(super) into_kind: EntityKind,
    pub(super) into_name: String,
}

impl InForce {
    /// The key, kind and name a document's entity is stored under: its own, or those
    /// of the entity a split sends it to. `names` are the names the document uses for
    /// it; a split applies when every one of them is the split's alias.
    pub(super) fn destination<'a>(
        &'a self,
        key: &str,
        kind: EntityKind,
        mut names: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<&'a Split> {
        let splits = self.splits.get(&(key.to_string(), kind))?;
        splits.iter().find(|split| {
            names.clone().next().is_some() && names.all(|name| name_key(name) == split.alias_key)
        })
    }
}

impl InForce {
    pub(super) fn load(conn: &Connection) -> rusqlite::Result<InForce> {
        let mut in_force = InForce::default();
        let mut stmt = conn.prepare_cached(
            "SELECT d.action, d.key, d.kind, d.other_key, d.other_kind, d.name, e.id,
                    d.alias, d.other_name, d.id
             FROM decisions d LEFT JOIN entities e ON e.key = d.key AND e.kind = d.kind
             WHERE NOT d.undone ORDER BY d.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let action: String = row.get(0)?;
            in_force.digest += &format!("{},", row.get::<_, i64>(9)?);
            let kind: EntityKind = super::parse(row, 2)?;
            let key: String = row.get(1)?;
            if let Some(name) = row.get::<_, Option<String>>(5)? {
                in_force.names.insert((key.clone(), kind), name);
            }
            match action.as_str() {
                "merge" => {
                    let other_kind: EntityKind = super::parse(row, 4)?;
                    if let Some(kept) = row.get::<_, Option<i64>>(6)? {
                        in_force.redirects.insert((row.get(3)?, other_kind), kept);
                    }
                }
                "split" => {
                    let alias: String = row.get(7)?;
                    let split = Split {
                        alias_key: name_key(&alias),
                        into_key: row.get(3)?,
                        into_kind: super::parse(row, 4)?,
                        into_name: row.get(8)?,
                    };
                    in_force.splits.entry((key, kind)).or_default().push(split);
                }
                _ => {}
            }
        }
        Ok(in_force)
    }
}

impl Store {
    /// Records that `merged` is `kept` (optionally renamed `name`) and returns the
    /// decision's id and the documents to re-extract for it to take effect.
    pub fn merge(
        &mut self,
        kept: &Node,
        merged: &Node,
        name: Option<&str>,
    ) -> Result<(i64, Vec<i64>)> {
        if kept.id == merged.id {
            return Err(Error::Invalid(format!(
                "'{}' is the same entity twice; nothing to merge",
                kept.name
            )));
        }
        let run = || -> rusqlite::Result<(i64, Vec<i64>)> {
            let tx = self.conn.unchecked_transaction()?;
            let id = record(&tx, "merge", kept, Some(merged), name)?;
            if let Some(name) = name {
                give_name(&tx, kept.id, name)?;
            }
            let documents = documents_of(&tx, &[kept.id, merged.id])?;
            tx.commit()?;
            Ok((id, documents))
        };
        run().map_err(sqlite(&self.path))
    }

    /// Records that the documents which know `entity` only as `alias` are about
    /// another entity, `into`, and returns the decision's id and the documents to
    /// re-extract for it to take effect.
    pub fn split(
        &mut self,
        entity: &Node,
        alias: &str,
        into: SplitInto<'_>,
    ) -> Result<(i64, Vec<i64>)> {
        let alias_key = name_key(alias);
        let mut names: Vec<&str> = std::iter::once(entity.name.as_str())
            .chain(entity.aliases.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        if !names.iter().any(|name| name_key(name) == alias_key) {
            return Err(Error::Invalid(format!(
                "'{alias}' is not a name of '{}' (#{}); its names: {}",
                entity.name,
                entity.id,
                names.join(", ")
            )));
        }
        let entity_key = key_of(&self.conn, entity.id).map_err(sqlite(&self.path))?;
        if alias_key == entity_key {
            return Err(Error::Invalid(format!(
                "'{alias}' is the name of '{}' itself; split it by one of its other names",
                entity.name
            )));
        }
        let (into_key, into_kind, into_name) = match into {
            SplitInto::Entity(node) => (
                key_of(&self.conn, node.id).map_err(sqlite(&self.path))?,
                node.kind,
                node.name.clone(),
            ),
            SplitInto::New(name) => (name_key(name), entity.kind, name.to_string()),
        };
        if (&into_key, into_kind) == (&entity_key, entity.kind) {
            return Err(Error::Invalid(format!(
                "'{}' cannot be split into itself",
                entity.name
            )));
        }
        let run = || -> rusqlite::Result<(i64, Vec<i64>)> {
            let tx = self.conn.unchecked_transaction()?;
            tx.execute(
                "INSERT INTO decisions (action, key, kind, entity_name, other_key, other_kind, other_name, alias)
                 VALUES ('split', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    entity_key,
                    entity.kind.as_str(),
                    entity.name,
                    into_key,
                    into_kind.as_str(),
                    into_name,
                    alias
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare(
                "SELECT DISTINCT s.document_id FROM alias_sources s
                 JOIN aliases a ON a.entity_id = s.entity_id AND a.alias = s.alias
                 WHERE s.entity_id = ?1 AND a.key = ?2 ORDER BY s.document_id",
            )?;
            let documents = stmt
                .query_map(params![entity.id, alias_key], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            drop(stmt);
            tx.commit()?;
            Ok((id, documents))
        };
        run().map_err(sqlite(&self.path))
    }

    /// Records that `entity` is called `name` from now on.
    pub fn rename(&mut self, entity: &Node, name: &str) -> Result<i64> {
        let run = || -> rusqlite::Result<i64> {
            let tx = self.conn.unchecked_transaction()?;
            let id = record(&tx, "rename", entity, None, Some(name))?;
            give_name(&tx, entity.id, name)?;
            tx.commit()?;
            Ok(id)
        };
        run().map_err(sqlite(&self.path))
    }

    /// Every decision, oldest first.
    pub fn decisions(&self) -> Result<Vec<Decision>> {
        let run = || -> rusqlite::Result<Vec<Decision>> {
            let mut stmt = self.conn.prepare(
                "SELECT id, action, entity_name, other_name, name, alias, undone FROM decisions ORDER BY id",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok(Decision {
                    id: row.get(0)?,
                    action: row.get(1)?,
                    entity: row.get(2)?,
                    other: row.get(3)?,
                    name: row.get(4)?,
                    alias: row.get(5)?,
                    undone: row.get(6)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(sqlite(&self.path))
    }

    /// Takes decision `id` back: the name before it returns, and the documents it
    /// touched (returned) are to be re-extracted without it.
    pub fn undo(&mut self, id: i64) -> Result<(Decision, Vec<i64>)> {
        let decision = self
            .decisions()?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| {
                Error::Invalid(format!("no decision #{id}; `mkg decisions` lists them"))
            })?;
        if decision.undone {
            return Err(Error::Invalid(format!("decision #{id} is undone already")));
        }
        let run = || -> rusqlite::Result<Vec<i64>> {
            let tx = self.conn.unchecked_transaction()?;
            let (mut key, mut kind, previous, other_key, other_kind): Ends = tx.query_row(
                "UPDATE decisions SET undone = 1 WHERE id = ?1
                 RETURNING key, kind, entity_name, other_key, other_kind",
                [id],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )?;
            // A split is undone by extracting again the documents it moved.
            if let (true, Some(other_key), Some(other_kind)) =
                (decision.action == "split", other_key, other_kind)
            {
                (key, kind) = (other_key, other_kind);
            }
            let entity: Option<i64> = tx
                .query_row(
                    "SELECT id FROM entities WHERE key = ?1 AND kind = ?2",
                    [&key, &kind],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(entity) = entity else {
                tx.commit()?;
                return Ok(Vec::new());
            };
            if let Some(name) = &decision.name {
                tx.execute(
                    "UPDATE entities SET name = ?2 WHERE id = ?1",
                    params![entity, previous],
                )?;
                // The alias the decision gave, unless a document uses that name too.
                tx.execute(
                    "DELETE FROM aliases WHERE entity_id = ?1 AND alias = ?2
                       AND NOT EXISTS (SELECT 1 FROM alias_sources WHERE entity_id = ?1 AND alias = ?2)",
                    params![entity, name],
                )?;
            }
            let documents = if decision.action != "rename" {
                documents_of(&tx, &[entity])?
            } else {
                Vec::new()
            };
            tx.commit()?;
            Ok(documents)
        };
        let documents = run().map_err(sqlite(&self.path))?;
        Ok((decision, documents))
    }
}

/// A decision's entity and other entity, as its row records them.
type Ends = (String, String, String, Option<String>, Option<String>);

/// Where `split` sends the documents it moves.
#[derive(Debug, Clone, Copy)]
pub enum SplitInto<'a> {
    /// An entity of the graph.
    Entity(&'a Node),
    /// A new entity of this name and the split entity's kind (or the one already
    /// called so).
    New(&'a str),
}

/// Calls entity `id` `name`, and lets the name find it: an alias no document gives, so
/// forgetting documents never takes it away.
fn give_name(tx: &Connection, id: i64, name: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE entities SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?1, ?2, ?3)",
        params![id, name, crate::model::name_key(name)],
    )?;
    Ok(())
}

/// The key decisions name entity `id` by.
fn key_of(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    conn.query_row("SELECT key FROM entities WHERE id = ?1", [id], |row| {
        row.get(0)
    })
}

fn record(
    tx: &Connection,
    action: &str,
    entity: &Node,
    other: Option<&Node>,
    name: Option<&str>,
) -> rusqlite::Result<i64> {
    let other_key = other.map(|o| key_of(tx, o.id)).transpose()?;
    tx.execute(
        "INSERT INTO decisions (action, key, kind, entity_name, other_key, other_kind, other_name, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            action,
            key_of(tx, entity.id)?,
            entity.kind.as_str(),
            entity.name,
            other_key,
            other.map(|o| o.kind.as_str()),
            other.map(|o| o.name.clone()),
            name
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The documents that mention any of `entities`, by id.
fn documents_of(tx: &Connection, entities: &[i64]) -> rusqlite::Result<Vec<i64>> {
    let mut stmt =
        tx.prepare_cached("SELECT DISTINCT document_id FROM mentions WHERE entity_id = ?1")?;
    let mut documents = Vec::new();
    for entity in entities {
        for document in stmt.query_map([entity], |row| row.get(0))? {
            documents.push(document?);
        }
    }
    documents.sort_unstable();
    documents.dedup();
    Ok(documents)
}
