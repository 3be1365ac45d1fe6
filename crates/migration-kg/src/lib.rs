//! migration-kg turns news articles about migration policy into a knowledge graph:
//! people, agencies, organizations, countries, regions and programs as nodes, typed
//! relations ("tapped by", "spoke with", "funds", ...) as edges that keep the sentence
//! stating them, stored in SQLite, walked with petgraph, drawn as Graphviz DOT.
//!
//! The pipeline, one module per stage:
//! [`intake`] reads files, folders, stdin and JSON Lines; [`repair`] fixes mojibake and
//! scraped line breaks; [`sentences`] splits; [`entities`] finds mentions with the
//! [`gazetteer`] and discovery rules; [`resolve`] joins mentions into entities;
//! [`relations`] applies the cue lexicon; [`pipeline`] runs those stages on a document;
//! [`store`] keeps the graph in SQLite; [`ingest`] streams a corpus through
//! extraction on every core into the store; [`walk`] answers neighbourhood and path queries;
//! [`export`] writes JSON, GraphML, RDF, Cypher, CSV and DOT. Types shared by the stages live in [`model`].
//!
//! ```
//! use migration_kg::{model::Document, pipeline::Extractor, store::Store, walk, export};
//!
//! let extractor = Extractor::builtin()?;
//! let article = Document {
//!     name: "example.txt".into(),
//!     text: "Honduran President Xiomara Castro met with Antony Blinken in Tegucigalpa.".into(),
//!     ..Document::default()
//! };
//! let graph = extractor.extract(article);
//! let mut store = Store::in_memory()?;
//! store.add_document(&graph)?;
//!
//! let castro = store.find_entity("xiomara castro")?;
//! let around = walk::neighbors(&store, castro.id, &walk::WalkOptions::default())?;
//! let names: Vec<&str> = around.nodes.iter().map(|n| n.name.as_str()).collect();
//! assert!(names.contains(&"Antony Blinken") && names.contains(&"Honduras"));
//! assert!(export::to_dot(&around, &Default::default())?.starts_with("digraph"));
//! # Ok::<(), migration_kg::error::Error>(())
//! ```

#![warn(missing_docs)]

pub mod cues;
pub mod document;
pub mod entities;
pub mod error;
pub mod export;
pub mod gazetteer;
pub mod ingest;
pub mod intake;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod relations;
pub mod repair;
pub mod resolve;
pub mod sentences;
pub mod store;
pub mod tokens;
pub mod walk;
