//! Streaming ingest: one thread reads inputs, every core extracts, one writer stores.
//!
//! Documents travel in batches through bounded channels, so memory holds a few batches
//! whatever the corpus size, and the writer adds documents to a transaction as they
//! arrive, committing thousands at a time. Batches keep input order, so the same inputs
//! always give the same database.

use crate::error::{Error, Result};
use crate::intake::Intake;
use crate::model::{DocGraph, Document};
use crate::pipeline::Extractor;
use crate::repair::repair;
use crate::store::{Added, Store, StoreReader};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

/// How documents are grouped on their way to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestOptions {
    /// Most documents in one batch handed to the extracting cores.
    pub batch_documents: usize,
    /// Most bytes of text in one batch, so a few huge files do not make a huge batch.
    pub batch_bytes: usize,
    /// Documents the writer gathers into one transaction: each commit rewrites every
    /// index page the transaction touched, so fewer, larger commits write far less.
    pub transaction_documents: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_documents: 256,
            batch_bytes: 4 << 20,
            transaction_documents: 4096,
        }
    }
}

/// Batches waiting between two stages; with the ones being worked on, this bounds memory.
const BATCHES_IN_FLIGHT: usize = 16;

/// What happened to the inputs, reported as each batch is stored.
#[derive(Debug)]
pub enum Event<'a> {
    /// A batch was written; the totals so far (the last of them land when their
    /// transaction commits).
    Stored {
        /// Documents read so far.
        documents: usize,
        /// Bytes of article text read so far.
        bytes: u64,
    },
    /// An input with nothing to ingest.
    Warning(&'a str),
    /// An input that could not be read or extracted; the others go on.
    Failed(&'a Error),
    /// Another process is writing the database; this ingest waits for its turn.
    Waiting,
}

/// Totals of one ingest.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestReport {
    /// Documents stored for the first time.
    pub added: usize,
    /// Documents whose text the database held already.
    pub already_present: usize,
    /// Stored documents extracted again ([`reextract`]).
    pub reextracted: usize,
    /// Of those, the ones whose new extraction stored what the old one did, so
    /// nothing was written for them.
    pub unchanged: usize,
    /// One message per input that failed, naming it.
    pub failed: Vec<String>,
    /// Bytes of article text read.
    pub bytes: u64,
}

/// What the reader hands to the extracting cores.
enum Work {
    /// A new document: its text is repaired in the extraction stage.
    New(Document),
    /// A document whose text the database holds already: nothing to extract.
    Present {
        bytes: u64,
    },
    /// A stored document to extract again, by id.
    Stored(i64, Document),
    Warning(String),
    Failed(Error),
}

/// One piece of work after extraction.
enum Extracted {
    Graph(DocGraph),
    Present { bytes: u64 },
    Replacement(i64, DocGraph),
    Warning(String),
    Failed(Error),
}

/// Reads `inputs`, extracts them on all cores and stores them in `store`, calling
/// `on_event` after each batch. Inputs that fail are reported and skipped; an error of
/// the database stops the ingest, keeping every committed transaction and rolling back
/// the open one, so no document is ever half stored.
///
/// A document whose text the database already holds costs a lookup, not an
/// extraction: the reader repairs each text and asks a read-only connection first.
pub fn ingest(
    store: &mut Store,
    extractor: &Extractor,
    inputs: impl Iterator<Item = Intake> + Send,
    options: IngestOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport> {
    let reader = store.reader()?;
    let work = inputs.map(|item| match item {
        Intake::Document(document) => Work::New(document),
        Intake::Warning(message) => Work::Warning(message),
        Intake::Failed(error) => Work::Failed(error),
    });
    run(store, extractor, reader, work, options, on_event)
}

/// Extracts the stored documents `ids` again from their stored text, after a change
/// of gazetteer or cues, through the same pipeline as [`ingest`]: each document keeps
/// its id, and whatever only its old extraction supported goes. Running it twice
/// gives the same database.
pub fn reextract(
    store: &mut Store,
    extractor: &Extractor,
    ids: Vec<i64>,
    options: IngestOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport> {
    let reader = store
        .reader()?
        .ok_or_else(|| Error::Invalid("a database in memory cannot be re-extracted".to_string()))?;
    let work = ids.into_iter().map(move |id| match reader.document(id) {
        Ok(document) => Work::Stored(id, document),
        Err(error) => Work::Failed(error),
    });
    run(store, extractor, None, work, options, on_event)
}

/// `reader`, if any, tells which new texts are stored already.
fn run(
    store: &mut Store,
    extractor: &Extractor,
    reader: Option<StoreReader>,
    work: impl Iterator<Item = Work> + Send,
    options: IngestOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport> {
    let (batch_tx, batch_rx) = sync_channel(BATCHES_IN_FLIGHT);
    let (graph_tx, graph_rx) = sync_channel(BATCHES_IN_FLIGHT);
    thread::scope(|scope| {
        scope.spawn(move || read_batches(work, options, batch_tx));
        scope.spawn(move || extract_batches(extractor, reader, batch_rx, graph_tx));
        // Returning drops `graph_rx`, which stops the other stages early on an error.
        write_batches(store, graph_rx, options.transaction_documents, on_event)
    })
}

fn read_batches(
    work: impl Iterator<Item = Work>,
    options: IngestOptions,
    batches: SyncSender<Vec<Work>>,
) {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for item in work {
        if let Work::New(document) | Work::Stored(_, document) = &item {
            bytes += document.text.len();
        }
        batch.push(item);
        if batch.len() >= options.batch_documents.max(1) || bytes >= options.batch_bytes {
            if batches.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        // A closed channel means the writer stopped on an error it reports itself.
        let _ = batches.send(batch);
    }
}

/// Repairs a batch's new texts on every core, skips those the database holds (one
/// lookup each on `reader`), and extracts the rest on every core.
fn extract_batches(
    extractor: &Extractor,
    reader: Option<StoreReader>,
    batches: Receiver<Vec<Work>>,
    graphs: SyncSender<Vec<Extracted>>,
) {
    for batch in batches {
        let repaired: Vec<Work> = batch
            .into_par_iter()
            .map(|item| match item {
                Work::New(mut document) => {
                    document.text = repair(&document.text);
                    Work::New(document)
                }
                other => other,
            })
            .collect();
        let checked: Vec<Work> = repaired
            .into_iter()
            .map(|item| match item {
                Work::New(document) if reader.as_ref().is_some_and(|r| r.holds(&document.text)) => {
                    Work::Present {
                        bytes: document.text.len() as u64,
                    }
                }
                other => other,
            })
            .collect();
        let extracted = checked
            .into_par_iter()
            .map(|item| match item {
                Work::New(document) => match extract_one(extractor, document) {
                    Ok(graph) => Extracted::Graph(graph),
                    Err(error) => Extracted::Failed(error),
                },
                Work::Stored(id, document) => match extract_one(extractor, document) {
                    Ok(graph) => Extracted::Replacement(id, graph),
                    Err(error) => Extracted::Failed(error),
                },
                Work::Present { bytes } => Extracted::Present { bytes },
                Work::Warning(message) => Extracted::Warning(message),
                Work::Failed(error) => Extracted::Failed(error),
            })
            .collect();
        if graphs.send(extracted).is_err() {
            return;
        }
    }
}

/// A bug that one article triggers in extraction costs that article, not the ingest.
/// The text is repaired already.
fn extract_one(extractor: &Extractor, document: Document) -> Result<DocGraph> {
    let name = document.name.clone();
    catch_unwind(AssertUnwindSafe(|| extractor.extract_repaired(document))).map_err(|_| {
        Error::Invalid(format!(
            "{name}: extraction failed on an internal error; the article was skipped"
        ))
    })
}

/// Stores extracted documents as they arrive, a few thousand per transaction. A
/// transaction begins when a batch arrives, and not at once after the last one: for
/// [`TURN_GAP`](crate::store::TURN_GAP) the database is free, so another process's
/// ingest takes its turn at writing.
fn write_batches(
    store: &mut Store,
    batches: Receiver<Vec<Extracted>>,
    transaction_documents: usize,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let mut documents = 0;
    let mut committed = false;
    while let Ok(first) = batches.recv() {
        if committed {
            std::thread::sleep(crate::store::TURN_GAP);
        }
        let mut transaction = store.begin_batch_waiting(&mut || on_event(Event::Waiting))?;
        let mut in_transaction = 0;
        let mut batch = Some(first);
        while let Some(items) = batch.take() {
            for item in items {
                match item {
                    Extracted::Graph(graph) => {
                        match transaction.add(&graph)? {
                            Added::New { .. } => report.added += 1,
                            Added::AlreadyPresent { .. } => report.already_present += 1,
                        }
                        in_transaction += 1;
                        report.bytes += graph.document.text.len() as u64;
                    }
                    Extracted::Replacement(id, graph) => {
                        if !transaction.replace(id, &graph)? {
                            report.unchanged += 1;
                        }
                        report.reextracted += 1;
                        in_transaction += 1;
                        report.bytes += graph.document.text.len() as u64;
                    }
                    Extracted::Present { bytes } => {
                        report.already_present += 1;
                        report.bytes += bytes;
                    }
                    Extracted::Warning(message) => {
                        on_event(Event::Warning(&message));
                        continue;
                    }
                    Extracted::Failed(error) => {
                        on_event(Event::Failed(&error));
                        report.failed.push(error.to_string());
                        continue;
                    }
                }
                documents += 1;
            }
            on_event(Event::Stored {
                documents,
                bytes: report.bytes,
            });
            if in_transaction < transaction_documents.max(1) {
                batch = batches.recv().ok();
            }
        }
        transaction.commit()?;
        committed = true;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(name: &str, text: &str) -> Intake {
        Intake::Document(Document {
            name: name.to_string(),
            text: text.to_string(),
            ..Document::default()
        })
    }

    #[test]
    fn batches_keep_input_order_and_report_bad_inputs() {
        let mut store = Store::in_memory().unwrap();
        let extractor = Extractor::builtin().unwrap();
        let inputs = vec![
            article("a.txt", "Kamala Harris visited Guatemala on Monday."),
            Intake::Warning("empty.txt: empty, nothing to ingest".to_string()),
            article("b.txt", "USAID funds programs in Honduras."),
            article("c.txt", "Kamala Harris visited Guatemala on Monday."),
            Intake::Failed(Error::Invalid("bad.bin: not a text article".to_string())),
            article(
                "d.txt",
                "Alejandro Mayorkas met with Xiomara Castro in Tegucigalpa.",
            ),
        ];
        let mut events = Vec::new();
        let report = ingest(
            &mut store,
            &extractor,
            inputs.into_iter(),
            IngestOptions {
                batch_documents: 2,
                transaction_documents: 2,
                ..IngestOptions::default()
            },
            &mut |event| events.push(format!("{event:?}")),
        )
        .unwrap();
        assert_eq!(report.added, 3);
        assert_eq!(report.already_present, 1);
        assert_eq!(report.failed, ["bad.bin: not a text article"]);
        assert_eq!(
            events,
            [
                "Warning(\"empty.txt: empty, nothing to ingest\")",
                "Stored { documents: 1, bytes: 42 }",
                "Stored { documents: 3, bytes: 117 }",
                "Failed(Invalid(\"bad.bin: not a text article\"))",
                "Stored { documents: 4, bytes: 175 }",
            ]
        );
        let names: Vec<String> = store
            .entities(None)
            .unwrap()
            .into_iter()
            .map(|e| e.node.name)
            .collect();
        for name in ["Kamala Harris", "Guatemala", "Xiomara Castro", "Honduras"] {
            assert!(names.contains(&name.to_string()), "{name} in {names:?}");
        }
    }
}
