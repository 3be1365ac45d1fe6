//! Reading: entities by name, neighbourhood steps, edges with their evidence,
//! statistics, and the period view.

use super::*;

/// A node with how often it is mentioned and how many edges touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    /// The entity.
    pub node: Node,
    /// How many times documents mention it.
    pub mentions: usize,
    /// How many edges it has.
    pub degree: usize,
}

/// Sizes of the graph, for `mkg stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: usize,
    /// Entities in the graph.
    pub entities: usize,
    /// Edges in the graph.
    pub edges: usize,
    /// Pieces of evidence.
    pub evidence: usize,
    /// Entities of each kind.
    pub by_kind: Vec<KindCount>,
    /// Edges of each relation.
    pub by_relation: Vec<RelationCount>,
    /// The ten nodes with the most edges, most first.
    pub most_connected: Vec<Connected>,
}

/// How many entities are of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: EntityKind,
    /// Entities of that kind.
    pub entities: usize,
}

/// How many edges are of one relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationCount {
    /// The relation.
    pub relation: RelationType,
    /// Edges of that relation.
    pub edges: usize,
}

/// A node and how many edges touch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connected {
    /// The entity.
    pub node: Node,
    /// Its edges.
    pub edges: usize,
}

/// Scores below this are not worth suggesting.
pub(super) const MIN_SUGGESTION_SCORE: f64 = 0.6;

/// How close a stored key is to what the user typed, from 0 to 1.
pub(super) fn similarity(query: &str, key: &str) -> f64 {
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

/// The spans of [`pack_spans`], in text order; malformed pairs are skipped.
pub(super) fn unpack_spans(packed: &str) -> Vec<Span> {
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
    /// The edge walked.
    pub edge: i64,
    /// The node it leads to.
    pub to: i64,
}

/// A step with the pieces of evidence of its edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightedStep {
    /// The step.
    pub step: Step,
    /// Pieces of evidence of its edge.
    pub evidence: usize,
}

/// The walk of [`Store::for_each_step`] as one query per side of the edge (the node as
/// source, then as target), each served by a covering index: `select` has a `{far}` for
/// the far end's column. Parameters: ?1 the node, then the relations.
/// `extra` is appended to each side's condition (a period's).
pub(super) fn step_sides(
    select: &str,
    relations: usize,
    direction: Direction,
    extra: &str,
) -> [String; 2] {
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

pub(super) fn step_params(node: i64, relations: &[RelationType]) -> Vec<Value> {
    std::iter::once(Value::Integer(node))
        .chain(
            relations
                .iter()
                .map(|r| Value::Text(r.as_str().to_string())),
        )
        .collect()
}

/// The ids once each, in order, for chunked `IN (...)` queries.
pub(super) fn sorted_unique(ids: &[i64]) -> Vec<i64> {
    ids.iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Nodes of entities `e` matching `filter`, sorted by id, aliases sorted.
pub(super) fn select_nodes(
    conn: &Connection,
    filter: &str,
    params: &[Value],
) -> rusqlite::Result<Vec<Node>> {
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
pub(super) fn edge_in_period(period: Option<&str>, edge: &str) -> String {
    period.map_or(String::new(), |period| {
        format!(
            " AND EXISTS (SELECT 1 FROM evidence pv JOIN documents d ON d.id = pv.document_id
                          WHERE pv.edge_id = {edge} AND {period})"
        )
    })
}

/// The edges passing `filter` on `x`, with their evidence; within `period` (a
/// condition on document `d`) only the edges with evidence then, and only that evidence.
pub(super) fn select_edges(
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
        .query_map(params_from_iter(params), edge_row)?
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
        let Some(&i) = index.get(&row.get::<_, i64>(0)?) else {
            continue;
        };
        count_evidence(&mut edges[i], row, 1, evidence_per_edge)?;
    }
    Ok(edges)
}

/// An edge without its evidence from a row of `x.id, x.source, x.target, x.relation,
/// x.modality, x.role, x.amount`.
fn edge_row(row: &Row<'_>) -> rusqlite::Result<Edge> {
    Ok(Edge {
        id: row.get(0)?,
        source: row.get(1)?,
        target: row.get(2)?,
        relation: parse(row, 3)?,
        modality: parse(row, 4)?,
        role: row.get(5)?,
        amount: row.get(6)?,
        evidence: Vec::new(),
        evidence_count: 0,
        first_date: None,
    })
}

/// Counts a piece of evidence of `edge`, read from `row`'s columns from `first` on
/// (document name, sentence, start, end, cue, modality, date), and keeps it if the
/// edge has fewer than `limit`.
fn count_evidence(
    edge: &mut Edge,
    row: &Row<'_>,
    first: usize,
    limit: usize,
) -> rusqlite::Result<()> {
    edge.evidence_count += 1;
    let date: Option<String> = row.get(first + 6)?;
    if date.is_some() && (edge.first_date.is_none() || date < edge.first_date) {
        edge.first_date = date.clone();
    }
    if edge.evidence.len() < limit {
        edge.evidence.push(Evidence {
            document: row.get(first)?,
            sentence: row.get(first + 1)?,
            span: Span {
                start: row.get(first + 2)?,
                end: row.get(first + 3)?,
            },
            cue: row.get(first + 4)?,
            modality: parse::<Modality>(row, first + 5)?,
            date,
        });
    }
    Ok(())
}

/// Rows of (enum value, count) from `sql`, most first, ties in the enum's order.
fn grouped_counts<T: FromStr<Err = String> + Ord>(
    conn: &Connection,
    sql: &str,
) -> rusqlite::Result<Vec<(T, usize)>> {
    let mut counts: Vec<(T, usize)> = conn
        .prepare(sql)?
        .query_map([], |row| Ok((parse(row, 0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(counts)
}

/// Sizes of the graph; within `period` (a condition on document `d`), of what the
/// documents of the period state: their edges and evidence, the entities they mention.
pub(super) fn stats(conn: &Connection, period: Option<&str>) -> rusqlite::Result<Stats> {
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
    let by_kind: Vec<(EntityKind, usize)> = grouped_counts(
        conn,
        &format!("SELECT kind, COUNT(*) FROM ({entities}) GROUP BY kind"),
    )?;
    let by_relation: Vec<(RelationType, usize)> = grouped_counts(
        conn,
        &format!("SELECT relation, COUNT(*) FROM edges x WHERE 1{in_period} GROUP BY relation"),
    )?;
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

impl Store {
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

    pub(super) fn edge_in_period(&self, edge: &str) -> String {
        edge_in_period(self.period.as_deref(), edge)
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
    pub(super) fn describe(&self, ids: &[i64]) -> Result<Vec<String>> {
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
    pub(super) fn unique_surname(&self, key: &str) -> Result<Option<i64>> {
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
    pub(super) fn suggestions(&self, key: &str) -> rusqlite::Result<Vec<String>> {
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

    /// Counts by kind and relation, and the most connected entities.
    pub fn stats(&self) -> Result<Stats> {
        stats(&self.conn, self.period.as_deref()).map_err(sqlite(&self.path))
    }

    /// Every node and edge, with all their evidence, in memory: for tests and small
    /// graphs. Exports read [`Store::graph`] instead.
    pub fn whole_graph(&self) -> Result<Subgraph> {
        crate::model::collect(&self.graph(&[]), usize::MAX)
    }

    /// The whole graph, or its edges of `relations` (all when empty), within the
    /// period, read row by row when visited: with no period and no relation every live
    /// entity, otherwise the entities those edges touch.
    pub fn graph(&self, relations: &[RelationType]) -> StoredGraph<'_> {
        // Relation names are fixed identifiers, safe as SQL literals.
        let relation_filter = if relations.is_empty() {
            "1".to_string()
        } else {
            let names: Vec<String> = relations.iter().map(|r| format!("'{r}'")).collect();
            format!("x.relation IN ({})", names.join(", "))
        };
        StoredGraph {
            store: self,
            relation_filter,
        }
    }
}

/// The stored graph as a [`GraphSource`]; see [`Store::graph`].
pub struct StoredGraph<'a> {
    store: &'a Store,
    /// SQL condition on an edge `x`.
    relation_filter: String,
}

/// Rows an export reads at a time, each batch in one read transaction (one lock, not
/// one per query). Between batches it holds no lock, so an ingest in another process
/// never waits on a slow reader of the export's output.
const EXPORT_BATCH: usize = 4096;

/// Runs `read` in one read transaction, unless the connection is already in one.
fn read_batch<T>(
    conn: &Connection,
    read: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let _transaction = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    read()
}

impl GraphSource for StoredGraph<'_> {
    fn visit(
        &self,
        evidence: usize,
        visit: &mut dyn FnMut(GraphItem<'_>) -> Result<()>,
    ) -> Result<()> {
        let store = self.store;
        let conn = &store.conn;
        let failed = || sqlite(&store.path);
        let edges_filter = format!("({}){}", self.relation_filter, store.edge_in_period("x.id"));
        let nodes_filter = if edges_filter == "(1)" {
            LIVE.to_string()
        } else {
            format!(
                "e.id IN (SELECT source FROM edges x WHERE {edges_filter}
                          UNION SELECT target FROM edges x WHERE {edges_filter})"
            )
        };
        let mut aliases = conn
            .prepare(
                "SELECT alias FROM aliases WHERE entity_id = ?1 AND alias <> ?2 ORDER BY alias",
            )
            .map_err(failed())?;
        let mut nodes = conn
            .prepare(&format!(
                "SELECT e.id, e.name, e.kind FROM entities e WHERE ({nodes_filter}) AND e.id > ?1
                 ORDER BY e.id LIMIT {EXPORT_BATCH}"
            ))
            .map_err(failed())?;
        // Ids of the nodes given, ascending: an edge committed since to a node that came
        // later is left out, so the output never names a node it does not hold.
        let mut given: Vec<i64> = Vec::new();
        loop {
            let batch = read_batch(conn, || {
                let mut batch = nodes
                    .query_map([given.last().copied().unwrap_or(i64::MIN)], |row| {
                        Ok(Node {
                            id: row.get(0)?,
                            name: row.get(1)?,
                            kind: parse(row, 2)?,
                            aliases: Vec::new(),
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<Node>>>()?;
                for node in &mut batch {
                    node.aliases = aliases
                        .query_map(params![node.id, node.name], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                }
                Ok(batch)
            })
            .map_err(failed())?;
            if batch.is_empty() {
                break;
            }
            for node in batch {
                given.push(node.id);
                visit(GraphItem::Node(&node))?;
            }
        }
        let evidence_period = store
            .period
            .as_deref()
            .map_or(String::new(), |period| format!(" AND {period}"));
        let mut pieces = conn
            .prepare(&format!(
                "SELECT d.name, ev.sentence, ev.start, ev.\"end\", ev.cue, ev.modality, d.date
                 FROM evidence ev JOIN documents d ON d.id = ev.document_id
                 WHERE ev.edge_id = ?1{evidence_period} ORDER BY ev.document_id, ev.start"
            ))
            .map_err(failed())?;
        let mut edges = conn
            .prepare(&format!(
                "SELECT x.id, x.source, x.target, x.relation, x.modality, x.role, x.amount
                 FROM edges x WHERE ({edges_filter}) AND (x.source, x.relation, x.target) > (?1, ?2, ?3)
                 ORDER BY x.source, x.relation, x.target LIMIT {EXPORT_BATCH}"
            ))
            .map_err(failed())?;
        let mut after: (i64, String, i64) = (i64::MIN, String::new(), i64::MIN);
        loop {
            let batch = read_batch(conn, || {
                let mut batch = edges
                    .query_map(params![after.0, after.1, after.2], edge_row)?
                    .collect::<rusqlite::Result<Vec<Edge>>>()?;
                let Some(last) = batch.last() else {
                    return Ok(None);
                };
                after = (last.source, last.relation.to_string(), last.target);
                batch.retain(|edge| {
                    given.binary_search(&edge.source).is_ok()
                        && given.binary_search(&edge.target).is_ok()
                });
                for edge in &mut batch {
                    let mut found = pieces.query([edge.id])?;
                    while let Some(piece) = found.next()? {
                        count_evidence(edge, piece, 0, evidence)?;
                    }
                }
                Ok(Some(batch))
            })
            .map_err(failed())?;
            // None: the query ran out of edges (a batch may also be empty when
            // every edge in it was left out).
            let Some(batch) = batch else {
                break;
            };
            for edge in batch {
                visit(GraphItem::Edge(&edge))?;
            }
        }
        Ok(())
    }
}
