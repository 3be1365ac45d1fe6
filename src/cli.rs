//! The `mkg` command line: clap arguments, checked, then handed to the library.
//!
//! Kept thin: every answer comes from `store`, `walk` and `export`, which examples/ and
//! tests/ use too.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use migration_kg::error::Error;
use migration_kg::export::{self, Selection};
use migration_kg::ingest::{self, Event, IngestOptions};
use migration_kg::intake::{input_size, read_inputs_limited, MAX_DOCUMENT_BYTES};
use migration_kg::model::{
    check_date, Edge, EntityKind, GraphSource, Node, Period, RelationType, Subgraph,
};
use migration_kg::pipeline::{Extractor, ExtractorConfig};
use migration_kg::store::{DocumentFilter, SplitInto, Store};
use migration_kg::walk::{self, Direction, PathOptions, WalkOptions};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "mkg",
    version,
    about = "Knowledge graph of migration-policy news: ingest articles, walk who links to whom, draw it"
)]
pub struct Args {
    /// The graph database.
    #[arg(long, global = true, env = "MKG_DB", default_value = "mkg.sqlite")]
    pub db: PathBuf,
    /// Machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract entities and relations from articles into the database.
    Ingest {
        #[command(flatten)]
        data: DataArgs,
        /// Largest article read (a file, stdin, or one JSON Lines record), in bytes;
        /// a larger one fails by name and the others go on.
        #[arg(long, value_name = "BYTES", default_value_t = MAX_DOCUMENT_BYTES)]
        max_bytes: u64,
        /// Documents stored per transaction: fewer lose less to a crash and let another
        /// process's ingest take its turn sooner; more are faster.
        #[arg(long, value_name = "N", default_value_t = IngestOptions::default().transaction_documents, value_parser = at_least_one)]
        commit_every: usize,
        /// Files, folders (read recursively), `.jsonl` corpora, or `-` for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Extract stored documents again after a change of gazetteer or cues: each keeps
    /// its id, and what only its old extraction supported goes.
    Reextract {
        #[command(flatten)]
        data: DataArgs,
        /// Ids (`#12` or `12`) or names of documents; all of them when none is given.
        #[arg(value_name = "DOCUMENT")]
        documents: Vec<String>,
    },
    /// Decide that two entities are one: MERGED becomes part of KEPT, in the graph as
    /// it is and in every document ingested later.
    Merge {
        kept: String,
        merged: String,
        /// A new name for the merged entity.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Decide that the documents which know ENTITY only as ALIAS are about another
    /// entity: a new one called ALIAS, or the one `--into` names.
    Split {
        entity: String,
        /// One of the entity's names; documents using only this name move.
        #[arg(long)]
        alias: String,
        /// The entity that takes them (`#ID` or a name); a new one if no entity has
        /// this name.
        #[arg(long)]
        into: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Decide what an entity is called, now and after later ingests.
    Rename { entity: String, name: String },
    /// List the merges, splits and renames decided, and which were undone.
    Decisions,
    /// Take a decision back, as `mkg decisions` numbers it.
    Undo {
        /// The decision's number (`#3` or `3`).
        #[arg(value_parser = parse_decision)]
        decision: i64,
        #[command(flatten)]
        data: DataArgs,
    },
    /// List the stored documents: id, name, title, date, source, entities, edges.
    Documents {
        /// Only documents dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        since: Option<String>,
        /// Only documents dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        until: Option<String>,
        /// Only documents from this source.
        #[arg(long)]
        source: Option<String>,
    },
    /// Print a document's stored text: the text that `show` offsets index.
    Text {
        /// The document's id (as `mkg documents` lists it, `#12` or `12`) or name.
        document: String,
    },
    /// Remove documents with their mentions and evidence, and the edges and entities
    /// that nothing else supports.
    Forget {
        /// Ids (`#12` or `12`) or names of documents.
        #[arg(required = true, value_name = "DOCUMENT")]
        documents: Vec<String>,
    },
    /// List entities, most connected first.
    Entities {
        #[arg(long, value_parser = parse_kind)]
        kind: Option<EntityKind>,
    },
    /// One entity: kind, aliases, mentions and every edge with its evidence.
    Show {
        entity: String,
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// Counts by kind and relation, and the most connected entities.
    Stats {
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// Who is linked to an entity, and by what.
    Neighbors {
        entity: String,
        #[arg(long, default_value_t = 1, value_parser = at_least_one)]
        depth: usize,
        /// Only these relations (repeatable).
        #[arg(long = "relation", value_parser = parse_relation)]
        relations: Vec<RelationType>,
        #[arg(long, value_enum, default_value_t = DirectionArg::Both)]
        direction: DirectionArg,
        /// Most entities returned, the start included; past it the walk keeps the
        /// neighbours with the most evidence and says how many edges it left out.
        #[arg(long, default_value_t = WalkOptions::default().max_nodes, value_parser = at_least_one)]
        max_nodes: usize,
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// How two entities connect: the chain of edges, each with its sentence.
    Path {
        from: String,
        to: String,
        #[arg(long, default_value_t = 6, value_parser = at_least_one)]
        max_hops: usize,
        /// Every simple path up to --max-hops, shortest first, not just one shortest.
        #[arg(long)]
        all: bool,
        /// Most paths listed with --all.
        #[arg(long, requires = "all", value_parser = at_least_one)]
        limit: Option<usize>,
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// Write the graph (or a part of it) for another tool: a picture (DOT, SVG, PNG),
    /// JSON, GraphML, RDF, a Cypher script or CSV files for a graph database.
    Export {
        #[arg(value_enum)]
        format: Format,
        #[command(flatten)]
        part: PartArgs,
        /// Most nodes a picture draws; the most connected are kept.
        #[arg(long, value_parser = at_least_one)]
        max_nodes: Option<usize>,
        /// Pictures leave out nodes with fewer neighbours; the default 1 leaves out
        /// isolated entities, 0 keeps them.
        #[arg(long)]
        min_degree: Option<usize>,
        /// Output file (stdout by default); for csv, the folder of its three files.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        #[command(flatten)]
        period: PeriodArgs,
    },
    /// One self-contained HTML page to explore the graph (or a part of it) and read its
    /// evidence: search, filters by kind, relation, modality and date, a side panel.
    Report {
        #[command(flatten)]
        part: PartArgs,
        /// Most entities shown; the most connected are kept.
        #[arg(long, default_value_t = DEFAULT_REPORT_NODES, value_parser = at_least_one)]
        max_nodes: usize,
        /// Leave out entities with fewer neighbours (0 keeps isolated ones).
        #[arg(long, default_value_t = 1)]
        min_degree: usize,
        /// The page's title (default: what it shows).
        #[arg(long)]
        title: Option<String>,
        /// Output file (stdout by default).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        #[command(flatten)]
        period: PeriodArgs,
    },
}

/// Most entities a report shows unless told otherwise: the page stays responsive with
/// thousands, but a first view of more than this is a blur.
const DEFAULT_REPORT_NODES: usize = 500;

/// The data files that extend the embedded ones, for commands that extract.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DataArgs {
    /// Extra gazetteer file(s) in the data/gazetteer format.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,
    /// Extra relation cues in the data/cues/relations.txt format.
    #[arg(long, value_name = "FILE")]
    cues: Option<PathBuf>,
}

impl DataArgs {
    fn extractor(self) -> Result<Extractor> {
        Ok(Extractor::new(&ExtractorConfig {
            gazetteers: self.gazetteers,
            cues: self.cues,
        })?)
    }
}

fn parse_decision(s: &str) -> Result<i64, String> {
    s.strip_prefix('#')
        .unwrap_or(s)
        .parse()
        .map_err(|_| format!("expected a decision number such as #3, got '{s}'"))
}

/// The part of the graph an export or report takes: a neighbourhood, some relations.
#[derive(clap::Args, Debug, Clone)]
pub struct PartArgs {
    /// Only the neighbourhood of this entity.
    #[arg(long)]
    focus: Option<String>,
    /// Depth of the --focus neighbourhood.
    #[arg(long, default_value_t = 2, value_parser = at_least_one, requires = "focus")]
    depth: usize,
    /// Only these relations (repeatable).
    #[arg(long = "relation", value_parser = parse_relation)]
    relations: Vec<RelationType>,
}

impl PartArgs {
    /// The --focus neighbourhood, if one is asked for, with the focus's id. A walk
    /// loads the first pieces of evidence of each edge; `all_evidence` loads the rest.
    fn walk(&self, store: &Store, all_evidence: bool) -> Result<Option<(i64, Subgraph)>> {
        let Some(name) = &self.focus else {
            return Ok(None);
        };
        let node = store.find_entity(name)?;
        let options = WalkOptions {
            depth: self.depth,
            relations: self.relations.clone(),
            ..WalkOptions::default()
        };
        let mut sub = walk::neighbors(store, node.id, &options)?;
        if all_evidence {
            let ids: Vec<i64> = sub.edges.iter().map(|e| e.id).collect();
            sub.edges = store.edges(&ids, usize::MAX)?;
        }
        Ok(Some((node.id, sub)))
    }
}

/// The period a query keeps: edges with evidence from documents dated in it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PeriodArgs {
    /// Only evidence from documents dated on or after this day (YYYY, YYYY-MM or
    /// YYYY-MM-DD); undated documents fall outside.
    #[arg(long, value_parser = parse_date)]
    since: Option<String>,
    /// Only evidence from documents dated on or before this day (YYYY, YYYY-MM or
    /// YYYY-MM-DD); `--until 2024` keeps all of 2024.
    #[arg(long, value_parser = parse_date)]
    until: Option<String>,
}

impl PeriodArgs {
    /// Opens the database for reading, restricted to the period.
    fn open(self, db: &std::path::Path) -> Result<Store> {
        let mut store = Store::open_read_only(db)?;
        store.restrict_to(&Period {
            since: self.since,
            until: self.until,
        })?;
        Ok(store)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    /// Graphviz, to draw.
    Dot,
    /// mkg's JSON, with every piece of evidence.
    Json,
    /// GraphML with scalar attributes, for Gephi, yEd and NetworkX.
    Graphml,
    /// RDF as N-Triples, for triple stores.
    Ntriples,
    /// RDF as Turtle, for triple stores and people.
    Turtle,
    /// An openCypher script, for Neo4j, Memgraph, Kuzu and ladybug.
    Cypher,
    /// nodes.csv, edges.csv and evidence.csv, for `neo4j-admin database import`.
    Csv,
    /// A picture as SVG, drawn by Graphviz (hover an edge for its evidence).
    Svg,
    /// A picture as PNG, drawn by Graphviz.
    Png,
}

impl Format {
    /// Formats that draw: they take --max-nodes and --min-degree.
    fn is_picture(self) -> bool {
        matches!(self, Format::Dot | Format::Svg | Format::Png)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DirectionArg {
    Out,
    In,
    Both,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Out => Direction::Out,
            DirectionArg::In => Direction::In,
            DirectionArg::Both => Direction::Both,
        }
    }
}

/// Depths, hop counts and node caps of zero would answer nothing.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a whole number of at least 1, got '{s}'")),
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    check_date(s).map(|()| s.to_string())
}

fn parse_kind(s: &str) -> Result<EntityKind, String> {
    s.parse()
}

fn parse_relation(s: &str) -> Result<RelationType, String> {
    s.parse()
}

/// Runs one parsed command, writing its answer to `out`.
pub fn run(args: Args, out: &mut dyn Write) -> Result<()> {
    match args.command {
        Command::Ingest {
            data,
            max_bytes,
            commit_every,
            paths,
        } => {
            let options = IngestOptions {
                transaction_documents: commit_every,
                // A batch handed to the extracting cores never spans two transactions.
                batch_documents: IngestOptions::default().batch_documents.min(commit_every),
                ..IngestOptions::default()
            };
            ingest(&args.db, args.json, data, &paths, max_bytes, options, out)
        }
        Command::Merge {
            kept,
            merged,
            name,
            data,
        } => {
            let extractor = data.extractor()?;
            let mut store = Store::open_existing(&args.db)?;
            let (kept, merged) = (store.find_entity(&kept)?, store.find_entity(&merged)?);
            let (decision, documents) = store.merge(&kept, &merged, name.as_deref())?;
            reextract_quietly(&mut store, &extractor, documents)?;
            let node = store.node(kept.id)?;
            if args.json {
                return write_json(
                    out,
                    &serde_json::json!({"decision": decision, "entity": node}),
                );
            }
            writeln!(
                out,
                "decision #{decision}: '{}' merged into '{}' (#{}); `mkg undo {decision}` takes it back",
                merged.name, node.name, node.id
            )?;
            Ok(())
        }
        Command::Split {
            entity,
            alias,
            into,
            data,
        } => {
            let extractor = data.extractor()?;
            let mut store = Store::open_existing(&args.db)?;
            let entity = store.find_entity(&entity)?;
            // Without --into, the alias names the new entity: only an entity whose own
            // name it is (not the split one, which has it as an alias) takes them.
            let existing = match &into {
                Some(into) => match store.find_entity(into) {
                    Ok(node) => Some(node),
                    Err(Error::UnknownEntity { .. }) => None,
                    Err(err) => return Err(err.into()),
                },
                None => store.entity_named(&alias, entity.kind)?,
            };
            let name = into.as_deref().unwrap_or(&alias);
            let target = match &existing {
                Some(node) => SplitInto::Entity(node),
                None => SplitInto::New(name),
            };
            let (decision, documents) = store.split(&entity, &alias, target)?;
            reextract_quietly(&mut store, &extractor, documents)?;
            let into = store.entity_named(name, entity.kind)?;
            let mentioned_in = match &into {
                Some(node) => store.documents_mentioning(node.id)?,
                None => 0,
            };
            if args.json {
                return write_json(
                    out,
                    &serde_json::json!({"decision": decision, "entity": store.node(entity.id)?,
                        "into": into, "into_documents": mentioned_in}),
                );
            }
            let into = into.map_or(format!("'{name}'"), |n| format!("'{}' (#{})", n.name, n.id));
            writeln!(
                out,
                "decision #{decision}: documents that call '{}' only '{alias}' now go to {into}, which {mentioned_in} document(s) mention; `mkg undo {decision}` takes it back",
                entity.name
            )?;
            Ok(())
        }
        Command::Rename { entity, name } => {
            let mut store = Store::open_existing(&args.db)?;
            let node = store.find_entity(&entity)?;
            let decision = store.rename(&node, &name)?;
            if args.json {
                return write_json(
                    out,
                    &serde_json::json!({"decision": decision, "entity": store.node(node.id)?}),
                );
            }
            writeln!(
                out,
                "decision #{decision}: '{}' is now called '{name}'; `mkg undo {decision}` takes it back",
                node.name
            )?;
            Ok(())
        }
        Command::Decisions => {
            let store = Store::open_read_only(&args.db)?;
            let list = store.decisions()?;
            if args.json {
                return write_json(out, &list);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|d| {
                    let what = match (&d.other, &d.name) {
                        (Some(other), _) if d.action == "split" => format!(
                            "'{}' only: from '{}' to '{other}'",
                            d.alias.as_deref().unwrap_or_default(),
                            d.entity
                        ),
                        (Some(merged), Some(name)) => {
                            format!("'{merged}' into '{}', named '{name}'", d.entity)
                        }
                        (Some(merged), None) => format!("'{merged}' into '{}'", d.entity),
                        (None, Some(name)) => format!("'{}' called '{name}'", d.entity),
                        (None, None) => format!("'{}'", d.entity),
                    };
                    let state = if d.undone { "undone" } else { "in force" };
                    vec![
                        format!("#{}", d.id),
                        d.action.clone(),
                        what,
                        state.to_string(),
                    ]
                })
                .collect();
            write_table(out, &["id", "action", "what", "state"], &rows)
        }
        Command::Undo { decision, data } => {
            let extractor = data.extractor()?;
            let mut store = Store::open_existing(&args.db)?;
            let (undone, documents) = store.undo(decision)?;
            reextract_quietly(&mut store, &extractor, documents)?;
            if args.json {
                return write_json(out, &undone);
            }
            writeln!(out, "decision #{} ({}) undone", undone.id, undone.action)?;
            Ok(())
        }
        Command::Reextract { data, documents } => {
            let extractor = data.extractor()?;
            let mut store = Store::open_existing(&args.db)?;
            let ids = if documents.is_empty() {
                store.document_ids()?
            } else {
                find_documents(&store, &documents)?
            };
            let report = with_progress(None, |on_event| {
                ingest::reextract(
                    &mut store,
                    &extractor,
                    ids,
                    IngestOptions::default(),
                    on_event,
                )
            })?;
            let totals = store.stats()?;
            if args.json {
                write_json(
                    out,
                    &serde_json::json!({"reextracted": report.reextracted, "unchanged": report.unchanged,
                        "failed": report.failed,
                        "graph": {"documents": totals.documents, "entities": totals.entities, "edges": totals.edges}}),
                )?;
            } else {
                writeln!(
                    out,
                    "re-extracted {} document(s), {} of them unchanged; {} now holds {} documents, {} entities, {} edges",
                    report.reextracted,
                    report.unchanged,
                    args.db.display(),
                    totals.documents,
                    totals.entities,
                    totals.edges
                )?;
            }
            fail_if_any(&report.failed)
        }
        Command::Documents {
            since,
            until,
            source,
        } => {
            let store = Store::open_read_only(&args.db)?;
            let list = store.documents(&DocumentFilter {
                since,
                until,
                source,
            })?;
            if args.json {
                return write_json(out, &list);
            }
            let optional = |value: &Option<String>| value.clone().unwrap_or_default();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|d| {
                    vec![
                        format!("#{}", d.id),
                        d.name.clone(),
                        optional(&d.title),
                        optional(&d.date),
                        optional(&d.source),
                        d.entities.to_string(),
                        d.edges.to_string(),
                    ]
                })
                .collect();
            write_table(
                out,
                &["id", "name", "title", "date", "source", "entities", "edges"],
                &rows,
            )
        }
        Command::Text { document } => {
            let store = Store::open_read_only(&args.db)?;
            let document = store.find_document(&document)?;
            if args.json {
                return write_json(out, &document);
            }
            writeln!(out, "{}", document.document.text)?;
            Ok(())
        }
        Command::Forget { documents } => {
            let mut store = Store::open_existing(&args.db)?;
            let ids = find_documents(&store, &documents)?;
            let forgotten = store.forget(&ids)?;
            if args.json {
                return write_json(out, &forgotten);
            }
            writeln!(
                out,
                "forgot {} document(s): {} pieces of evidence, {} edges and {} entities nothing else supports",
                forgotten.documents, forgotten.evidence, forgotten.edges, forgotten.entities
            )?;
            Ok(())
        }
        Command::Entities { kind } => {
            let store = Store::open_read_only(&args.db)?;
            let list = store.entities(kind)?;
            if args.json {
                return write_json(out, &list);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|e| {
                    vec![
                        e.node.name.clone(),
                        e.node.kind.to_string(),
                        e.mentions.to_string(),
                        e.degree.to_string(),
                        e.node.aliases.join("; "),
                    ]
                })
                .collect();
            write_table(
                out,
                &["entity", "kind", "mentions", "edges", "aliases"],
                &rows,
            )
        }
        Command::Show { entity, period } => {
            let store = period.open(&args.db)?;
            let node = store.find_entity(&entity)?;
            let (mentions, mention_total) = store.mentions(node.id, SHOW_MENTIONS)?;
            let mut edge_ids = Vec::new();
            store.for_each_step(node.id, &[], Direction::Both, |step| {
                edge_ids.push(step.edge);
                edge_ids.len() < SHOW_EDGES
            })?;
            let edge_total = store.count_steps(node.id, &[], Direction::Both)?;
            let edges = store.edges(&edge_ids, walk::EVIDENCE_PER_EDGE)?;
            let names = names_of(&store, &edges)?;
            if args.json {
                let value = serde_json::json!({
                    "entity": node,
                    "mention_count": mention_total,
                    "mentions": mentions.iter().map(|(doc, m)| serde_json::json!({"document": doc, "start": m.span.start, "end": m.span.end, "surface": m.surface})).collect::<Vec<_>>(),
                    "nodes": store.nodes(&edges.iter().flat_map(|e| [e.source, e.target]).collect::<Vec<_>>())?,
                    "edge_count": edge_total,
                    "edges": edges,
                });
                return write_json(out, &value);
            }
            writeln!(out, "{} ({})", node.name, node.kind)?;
            if !node.aliases.is_empty() {
                writeln!(out, "aliases: {}", node.aliases.join("; "))?;
            }
            writeln!(out, "mentions: {mention_total}")?;
            for (doc, m) in &mentions {
                writeln!(
                    out,
                    "  {doc}:{}-{}  {}",
                    m.span.start, m.span.end, m.surface
                )?;
            }
            write_more(out, mention_total - mentions.len(), "mentions")?;
            writeln!(out, "edges: {edge_total}")?;
            for edge in &edges {
                write_edge(out, edge, &names)?;
            }
            write_more(
                out,
                edge_total - edges.len(),
                "edges; `mkg neighbors` and `mkg export --focus` walk them",
            )
        }
        Command::Stats { period } => {
            let store = period.open(&args.db)?;
            let stats = store.stats()?;
            if args.json {
                return write_json(out, &stats);
            }
            writeln!(
                out,
                "{} documents, {} entities, {} edges, {} pieces of evidence",
                stats.documents, stats.entities, stats.edges, stats.evidence
            )?;
            let kinds: Vec<Vec<String>> = stats
                .by_kind
                .iter()
                .map(|k| vec![k.kind.to_string(), k.entities.to_string()])
                .collect();
            write_table(out, &["kind", "entities"], &kinds)?;
            let relations: Vec<Vec<String>> = stats
                .by_relation
                .iter()
                .map(|r| vec![r.relation.to_string(), r.edges.to_string()])
                .collect();
            write_table(out, &["relation", "edges"], &relations)?;
            let top: Vec<Vec<String>> = stats
                .most_connected
                .iter()
                .map(|c| {
                    vec![
                        c.node.name.clone(),
                        c.node.kind.to_string(),
                        c.edges.to_string(),
                    ]
                })
                .collect();
            write_table(out, &["most connected", "kind", "edges"], &top)
        }
        Command::Neighbors {
            entity,
            depth,
            relations,
            direction,
            max_nodes,
            period,
        } => {
            let store = period.open(&args.db)?;
            let node = store.find_entity(&entity)?;
            let options = WalkOptions {
                depth,
                relations,
                direction: direction.into(),
                max_nodes,
            };
            let sub = walk::neighbors(&store, node.id, &options)?;
            if args.json {
                return write_json(out, &sub);
            }
            let names: HashMap<i64, String> =
                sub.nodes.iter().map(|n| (n.id, n.name.clone())).collect();
            writeln!(
                out,
                "{} ({}): {} linked entities within {depth} hop(s), {} edges",
                node.name,
                node.kind,
                sub.nodes.len() - 1,
                sub.edges.len()
            )?;
            for edge in &sub.edges {
                write_edge(out, edge, &names)?;
            }
            write_omitted(out, &sub)
        }
        Command::Path {
            from,
            to,
            max_hops,
            all,
            limit,
            period,
        } => {
            let store = period.open(&args.db)?;
            let (from, to) = (store.find_entity(&from)?, store.find_entity(&to)?);
            let options = PathOptions {
                max_hops,
                all,
                limit: limit.unwrap_or(PathOptions::default().limit),
            };
            let search = walk::paths(&store, from.id, to.id, &options)?;
            if args.json {
                write_json(out, &paths_json(&search))?;
            }
            if search.paths.is_empty() {
                let mut why = String::new();
                if search.cut {
                    why.push_str(&format!(
                        "; the neighbourhood of an end was cut at {} nodes",
                        walk::BALL_CAP
                    ));
                }
                if search.gave_up {
                    why.push_str(&format!(
                        "; the search stopped after reading {} edges",
                        walk::MAX_EDGES_READ
                    ));
                }
                if !search.hubs.is_empty() {
                    let hubs: Vec<String> = search
                        .hubs
                        .iter()
                        .take(5)
                        .map(|(node, degree)| format!("{} ({degree} edges)", node.name))
                        .collect();
                    why.push_str(&format!(
                        "; hubs reached but not expanded: {}",
                        hubs.join(", ")
                    ));
                }
                bail!(
                    "no path from '{}' to '{}' within {max_hops} hops{why}",
                    from.name,
                    to.name
                );
            }
            if args.json {
                return Ok(());
            }
            let paths = &search.paths;
            for (number, path) in paths.iter().enumerate() {
                writeln!(out, "path {} ({} hops):", number + 1, path.len())?;
                for hop in path {
                    let arrow = if hop.edge.source == hop.from.id {
                        format!("-{}->", hop.edge.relation)
                    } else {
                        format!("<-{}-", hop.edge.relation)
                    };
                    writeln!(
                        out,
                        "  {} {arrow} {}  [{}]",
                        hop.from.name, hop.to.name, hop.edge.modality
                    )?;
                    if let Some(evidence) = hop.edge.evidence.first() {
                        writeln!(
                            out,
                            "      \"{}\" ({})",
                            evidence.sentence, evidence.document
                        )?;
                    }
                }
            }
            if search.limit_reached {
                writeln!(
                    out,
                    "stopped at {} paths (--limit); there are more",
                    options.limit
                )?;
            }
            if search.cut {
                writeln!(
                    out,
                    "the neighbourhood of an end was cut at {} nodes: paths through the rest are missing",
                    walk::BALL_CAP
                )?;
            }
            Ok(())
        }
        Command::Export {
            format,
            part,
            max_nodes,
            min_degree,
            output,
            period,
        } => {
            // The format is the command's own output; --json would be a second one.
            if args.json {
                bail!("--json does not apply to export: `mkg export json` writes JSON");
            }
            if !format.is_picture() && (max_nodes.is_some() || min_degree.is_some()) {
                let flag = if max_nodes.is_some() {
                    "--max-nodes"
                } else {
                    "--min-degree"
                };
                bail!(
                    "{flag} applies to pictures (dot, svg, png) only: the other formats write every node"
                );
            }
            let store = period.open(&args.db)?;
            // Data formats carry every piece of evidence; pictures show the first.
            let focused = part.walk(&store, !format.is_picture())?;
            let stored = store.graph(&part.relations);
            let graph: &dyn GraphSource = match &focused {
                Some((_, sub)) => sub,
                None => &stored,
            };
            let streamed = match format {
                Format::Json => Some(export::Format::Json),
                Format::Graphml => Some(export::Format::Graphml),
                Format::Ntriples => Some(export::Format::NTriples),
                Format::Turtle => Some(export::Format::Turtle),
                Format::Cypher => Some(export::Format::Cypher),
                Format::Csv | Format::Dot | Format::Svg | Format::Png => None,
            };
            if let Some(streamed) = streamed {
                return write_output(output.as_deref(), out, &mut |w, name| {
                    Ok(export::write(streamed, graph, w, name)?)
                });
            }
            if let Format::Csv = format {
                let Some(folder) = output else {
                    bail!("export csv writes three files: give their folder with -o FOLDER");
                };
                return write_csv(graph, &folder);
            }
            let dot = export::to_dot(
                graph,
                &Selection {
                    max_nodes: max_nodes.unwrap_or(Selection::default().max_nodes),
                    min_degree: min_degree.unwrap_or(Selection::default().min_degree),
                    focus: focused.as_ref().map(|(id, _)| *id),
                },
            )?;
            let bytes = match format {
                Format::Svg => render(&dot, "svg")?,
                Format::Png => render(&dot, "png")?,
                _ => dot.into_bytes(),
            };
            write_bytes(output.as_deref(), out, &bytes)
        }
        Command::Report {
            part,
            max_nodes,
            min_degree,
            title,
            output,
            period,
        } => {
            if args.json {
                bail!("--json does not apply to report: it writes HTML");
            }
            let store = period.open(&args.db)?;
            // The date filter reads the dates of every piece of evidence.
            let focused = part.walk(&store, true)?;
            let stored = store.graph(&part.relations);
            let (graph, about): (&dyn GraphSource, String) = match &focused {
                Some((id, sub)) => {
                    let name = &store.node(*id)?.name;
                    (
                        sub,
                        format!("{name} and its neighbours to depth {}", part.depth),
                    )
                }
                None => (&stored, "the whole graph".to_string()),
            };
            let title = title.unwrap_or_else(|| format!("mkg report: {about}"));
            let link = |name: &str| -> Result<Option<String>, Error> {
                if let Some(url) = store.document_url(name)? {
                    return Ok(Some(url));
                }
                // An article read from a file links to that file, while it is there.
                Ok(std::fs::canonicalize(name)
                    .ok()
                    .filter(|path| path.is_file())
                    .and_then(|path| url::Url::from_file_path(path).ok())
                    .map(String::from))
            };
            let html = export::to_html(
                graph,
                &export::Report {
                    title: &title,
                    selection: &Selection {
                        max_nodes,
                        min_degree,
                        focus: focused.as_ref().map(|(id, _)| *id),
                    },
                    link: &link,
                },
            )?;
            write_bytes(output.as_deref(), out, html.as_bytes())
        }
    }
}

/// What `show` lists of a node: a hub has more mentions and edges than anyone reads.
const SHOW_MENTIONS: usize = 20;
const SHOW_EDGES: usize = 200;

/// The ids of the documents the user named (`#ID`, id or name), all or an error.
fn find_documents(store: &Store, specs: &[String]) -> Result<Vec<i64>> {
    specs
        .iter()
        .map(|spec| Ok(store.find_document(spec)?.id))
        .collect()
}

/// Re-extracts the documents a decision touched; their failures are errors.
fn reextract_quietly(store: &mut Store, extractor: &Extractor, documents: Vec<i64>) -> Result<()> {
    let report = ingest::reextract(
        store,
        extractor,
        documents,
        IngestOptions::default(),
        &mut |_| {},
    )?;
    fail_if_any(&report.failed)
}

fn ingest(
    db: &std::path::Path,
    json: bool,
    data: DataArgs,
    paths: &[PathBuf],
    max_bytes: u64,
    options: IngestOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    // Nothing to read: no database either.
    if missing.len() == paths.len() {
        bail!("no such file or folder: {}", missing.join(", "));
    }
    let extractor = data.extractor()?;
    let mut store = Store::open(db)?;
    let report = with_progress(input_size(paths), |on_event| {
        ingest::ingest(
            &mut store,
            &extractor,
            read_inputs_limited(paths, max_bytes),
            options,
            on_event,
        )
    })?;
    let totals = store.stats()?;
    let (added, present, failed) = (report.added, report.already_present, &report.failed);
    if json {
        write_json(
            out,
            &serde_json::json!({"ingested": added, "already_present": present, "failed": failed,
                "graph": {"documents": totals.documents, "entities": totals.entities, "edges": totals.edges}}),
        )?;
    } else {
        writeln!(
            out,
            "ingested {added} new document(s), {present} already present; {} now holds {} documents, {} entities, {} edges",
            db.display(),
            totals.documents,
            totals.entities,
            totals.edges
        )?;
    }
    fail_if_any(failed)
}

/// Runs an ingest-like pipeline with a progress bar (over `total` bytes when known),
/// printing warnings and failures as they come.
fn with_progress(
    total: Option<u64>,
    run: impl FnOnce(&mut dyn FnMut(Event)) -> migration_kg::error::Result<ingest::IngestReport>,
) -> Result<ingest::IngestReport> {
    let bar = progress_bar(total);
    let started = std::time::Instant::now();
    let mut told_waiting = false;
    let report = run(&mut |event| match event {
        Event::Stored { documents, bytes } => {
            bar.set_position(bytes);
            let rate = documents as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{documents} articles, {rate:.0}/s"));
        }
        Event::Warning(message) => bar.suspend(|| eprintln!("mkg: warning: {message}")),
        Event::Failed(error) => bar.suspend(|| eprintln!("mkg: error: {error}")),
        Event::Waiting if !told_waiting => {
            told_waiting = true;
            bar.suspend(|| {
                eprintln!("mkg: another process is writing the database; waiting for its turn")
            });
        }
        Event::Waiting => {}
    });
    bar.finish_and_clear();
    Ok(report?)
}

/// A non-zero exit when some inputs failed (each was reported as it failed).
fn fail_if_any(failed: &[String]) -> Result<()> {
    if !failed.is_empty() {
        bail!(
            "{} input(s) could not be ingested (see above)",
            failed.len()
        );
    }
    Ok(())
}

/// Bytes read against the inputs' size when known (not for stdin), with articles per
/// second; indicatif draws nothing when stderr is not a terminal.
fn progress_bar(total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{elapsed_precise} {spinner} {bytes} {bytes_per_sec} {msg}",
        ),
    };
    // The templates above are fixed and valid; a bad one would only lose the styling.
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn names_of(store: &Store, edges: &[Edge]) -> Result<HashMap<i64, String>, Error> {
    let mut ids: Vec<i64> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(store
        .nodes(&ids)?
        .into_iter()
        .map(|n: Node| (n.id, n.name))
        .collect())
}

fn write_edge(out: &mut dyn Write, edge: &Edge, names: &HashMap<i64, String>) -> Result<()> {
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let mut details = vec![edge.modality.to_string()];
    details.extend(edge.role.as_ref().map(|r| format!("role: {r}")));
    details.extend(edge.amount.as_ref().map(|a| format!("amount: {a}")));
    writeln!(
        out,
        "  {} -{}-> {}  [{}]",
        name(edge.source),
        edge.relation,
        name(edge.target),
        details.join(", ")
    )?;
    for evidence in &edge.evidence {
        let date = evidence
            .date
            .as_ref()
            .map_or(String::new(), |d| format!(", {d}"));
        writeln!(
            out,
            "      \"{}\" ({}{date}, cue: {})",
            evidence.sentence, evidence.document, evidence.cue
        )?;
    }
    Ok(())
}

/// "... and 12 more mentions" under a list that shows its first items only.
fn write_more(out: &mut dyn Write, more: usize, what: &str) -> Result<()> {
    if more > 0 {
        writeln!(out, "  ... and {more} more {what}")?;
    }
    Ok(())
}

fn write_omitted(out: &mut dyn Write, sub: &Subgraph) -> Result<()> {
    if sub.omitted_edges > 0 {
        writeln!(
            out,
            "({} more edges not followed: the walk kept the {} entities best supported by evidence; --max-nodes sets the cap)",
            sub.omitted_edges,
            sub.nodes.len()
        )?;
    }
    Ok(())
}

fn paths_json(search: &walk::PathSearch) -> serde_json::Value {
    let paths: Vec<Vec<serde_json::Value>> = search
        .paths
        .iter()
        .map(|path| {
            path.iter()
                .map(|hop| serde_json::json!({"from": hop.from, "to": hop.to, "edge": hop.edge}))
                .collect()
        })
        .collect();
    let hubs: Vec<serde_json::Value> = search
        .hubs
        .iter()
        .map(
            |(node, degree)| serde_json::json!({"id": node.id, "name": node.name, "edges": degree}),
        )
        .collect();
    serde_json::json!({"paths": paths, "hubs_not_expanded": hubs, "gave_up": search.gave_up,
        "cut": search.cut, "limit_reached": search.limit_reached})
}

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Plain aligned columns; the last column runs free.
fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len() - 1;
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.to_string()
                } else {
                    format!("{c:<width$}", width = widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(header.to_vec()).trim_end())?;
    for row in rows {
        writeln!(
            out,
            "{}",
            line(row.iter().map(String::as_str).collect()).trim_end()
        )?;
    }
    Ok(())
}

/// Writes through a temporary file so a failed export never leaves half a file.
/// Runs `write` on stdout, or on a file that appears whole or not at all.
fn write_output(
    path: Option<&Path>,
    stdout: &mut dyn Write,
    write: &mut dyn FnMut(&mut dyn Write, &Path) -> Result<()>,
) -> Result<()> {
    match path {
        None => write(stdout, Path::new("stdout")),
        Some(path) => {
            let folder = existing_parent(path)?;
            let fail = || format!("{}: cannot write", path.display());
            let file = output_file_in(folder).with_context(fail)?;
            let mut buffered = std::io::BufWriter::new(file);
            write(&mut buffered, path)?;
            let file = buffered
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(fail)?;
            file.persist(path).map_err(|e| e.error).with_context(fail)?;
            Ok(())
        }
    }
}

/// Writes finished output (a picture, a report) as [`write_output`] does.
fn write_bytes(path: Option<&Path>, stdout: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    write_output(path, stdout, &mut |w, name| {
        w.write_all(bytes).map_err(|source| Error::Io {
            path: name.to_path_buf(),
            source,
        })?;
        Ok(())
    })
}

/// The folder `path` goes in, which must exist.
fn existing_parent(path: &Path) -> Result<&Path> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        bail!(
            "{}: cannot write: no folder {}",
            path.display(),
            folder.display()
        );
    }
    Ok(folder)
}

/// The three CSV files in `folder`, created if missing once they are written: a failed
/// export leaves neither files nor an empty folder.
fn write_csv(graph: &dyn GraphSource, folder: &Path) -> Result<()> {
    // Written beside the folder, on its file system, then renamed into it.
    let parent = existing_parent(folder)?;
    let fail = || format!("{}: cannot write", folder.display());
    let mut files = Vec::new();
    for _ in export::CSV_FILES {
        files.push(std::io::BufWriter::new(
            output_file_in(parent).with_context(fail)?,
        ));
    }
    let [nodes, edges, evidence] = &mut files[..] else {
        unreachable!("three files were made")
    };
    export::write_csv(graph, nodes, edges, evidence, folder)?;
    let files = files
        .into_iter()
        .map(|file| file.into_inner().map_err(|e| e.into_error()))
        .collect::<Result<Vec<_>, _>>()
        .with_context(fail)?;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("{}: cannot create the folder", folder.display()))?;
    for (file, name) in files.into_iter().zip(export::CSV_FILES) {
        let path = folder.join(name);
        file.persist(&path)
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

/// A temporary file in `folder` that becomes an output: readable by others as the
/// user's umask allows (a temporary file is otherwise private to its owner).
fn output_file_in(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// `dot` drawn by Graphviz in `format`; the DOT names its own layout engine.
fn render(dot: &str, format: &str) -> Result<Vec<u8>> {
    use std::process::{Command as Process, Stdio};
    let child = Process::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "export {format} draws with Graphviz, which is not installed: install it \
             (`apt install graphviz`, `brew install graphviz`, or graphviz.org/download) \
             or write `mkg export dot` and draw it elsewhere"
        ),
        Err(e) => return Err(e).context("cannot start Graphviz `dot`"),
    };
    // Write on another thread: Graphviz may fill its output pipe before reading all input.
    let mut stdin = child
        .stdin
        .take()
        .context("Graphviz `dot` has no input pipe")?;
    let text = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().context("Graphviz `dot` failed")?;
    let fed = feeder.join();
    if !output.status.success() {
        bail!(
            "Graphviz `dot -T{format}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    if let Ok(Err(e)) = fed {
        return Err(e).context("cannot give the drawing to Graphviz `dot`");
    }
    Ok(output.stdout)
}
