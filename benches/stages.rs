//! Criterion benchmarks of each pipeline stage and of the query layer.
//!
//! cargo bench --bench stages
//!
//! Text stages run on generated articles (throughput in bytes); storage and walks run
//! on a generated graph of 100,000 entities and 500,000 edges built once per run.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use migration_kg::cues::CueLexicon;
use migration_kg::document::Annotated;
use migration_kg::entities::find_mentions;
use migration_kg::gazetteer::Gazetteer;
use migration_kg::lexicon::Lexicons;
use migration_kg::model::{DocGraph, Document};
use migration_kg::pipeline::Extractor;
use migration_kg::repair::repair;
use migration_kg::resolve::{resolve, Knowledge};
use migration_kg::sentences;
use migration_kg::store::Store;
use migration_kg::tokens::Tagger;
use migration_kg::walk::{self, PathOptions, WalkOptions};
use mkg_synth::adversarial::{self, Shape};
use mkg_synth::{self as synth, graph};
use std::hint::black_box;

/// Generated articles joined into one text, so each stage sees realistic variety.
fn sample_text(articles: usize) -> String {
    (0..articles)
        .map(|i| synth::article(42, i).text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn documents(articles: usize) -> Vec<Document> {
    (0..articles)
        .map(|i| {
            let article = synth::article(42, i);
            Document {
                name: format!("bench-{i}"),
                text: article.text,
                date: Some(article.date),
                ..Document::default()
            }
        })
        .collect()
}

fn text_stages(c: &mut Criterion) {
    let raw = sample_text(20);
    let text = repair(&raw);
    let gazetteer = Gazetteer::builtin().expect("embedded gazetteer");
    let lexicons = Lexicons::builtin().expect("embedded lexicons");
    let cues = CueLexicon::builtin().expect("embedded cues");
    let sentences = sentences::split(&text);
    let tagger = Tagger::builtin().expect("embedded word lists");
    let tokens = tagger.tokenize(&text, &sentences);
    let mentions = find_mentions(&text, &tokens, &gazetteer, &lexicons);
    let known = Knowledge {
        gazetteer: &gazetteer,
        lexicons: &lexicons,
        date: Some("2024-05-01"),
    };
    let resolution = resolve(&mentions, &sentences, &known);
    let annotated = Annotated {
        text: &text,
        sentences: sentences.clone(),
        tokens: tokens.clone(),
        mentions: mentions.clone(),
        resolution: resolution.clone(),
    };

    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("repair", |b| b.iter(|| repair(black_box(&raw))));
    group.bench_function("sentence_split", |b| {
        b.iter(|| sentences::split(black_box(&text)))
    });
    group.bench_function("gazetteer_match", |b| {
        b.iter(|| gazetteer.find(black_box(&text)))
    });
    group.bench_function("entity_mentions", |b| {
        b.iter(|| find_mentions(black_box(&text), &tokens, &gazetteer, &lexicons))
    });
    group.bench_function("resolution", |b| {
        b.iter(|| resolve(black_box(&mentions), &sentences, &known))
    });
    group.bench_function("tokens", |b| {
        b.iter(|| tagger.tokenize(black_box(&text), &sentences))
    });
    group.bench_function("relation_extraction", |b| {
        b.iter(|| cues.extract(black_box(&annotated), &lexicons))
    });
    let extractor = Extractor::builtin().expect("embedded data");
    let docs = documents(20);
    group.bench_function("whole_extraction", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                docs.into_iter()
                    .map(|d| extractor.extract(d))
                    .collect::<Vec<_>>()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// One sentence with no full stop, at two sizes, through the whole extraction.
/// Relation finding reads a bounded window around each cue; what grows faster than
/// the text here is entity discovery.
fn unending_sentence(c: &mut Criterion) {
    let extractor = Extractor::builtin().expect("embedded data");
    let names = ["Harris", "Blinken", "Mayorkas", "Ebrard", "Bukele"];
    let feed = |clauses: usize| Document {
        name: "feed".into(),
        text: (0..clauses)
            .map(|i| format!("{} met with {} and ", names[i % 5], names[(i + 2) % 5]))
            .collect::<String>(),
        ..Document::default()
    };
    let mut group = c.benchmark_group("unending_sentence");
    group.sample_size(10);
    for clauses in [500, 2_000] {
        let document = feed(clauses);
        group.throughput(Throughput::Bytes(document.text.len() as u64));
        group.bench_function(format!("{clauses}_clauses"), |b| {
            b.iter_batched(
                || document.clone(),
                |d| extractor.extract(d),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Each hostile shape of `synth::adversarial` at 10 KB and 100 KB: the throughput
/// criterion reports per shape should be about the same at both sizes.
fn hostile_shapes(c: &mut Criterion) {
    let extractor = Extractor::builtin().expect("embedded data");
    let mut group = c.benchmark_group("hostile_shapes");
    group.sample_size(10);
    for shape in Shape::ALL {
        for bytes in [10_000, 100_000] {
            let document = Document {
                name: "shape".into(),
                text: adversarial::text(shape, bytes),
                ..Document::default()
            };
            group.throughput(Throughput::Bytes(document.text.len() as u64));
            group.bench_function(format!("{shape:?}/{}KB", bytes / 1000), |b| {
                b.iter_batched(
                    || document.clone(),
                    |d| extractor.extract(d),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

fn sqlite_insert(c: &mut Criterion) {
    let extractor = Extractor::builtin().expect("embedded data");
    let graphs: Vec<DocGraph> = documents(100)
        .into_iter()
        .map(|d| extractor.extract(d))
        .collect();
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(graphs.len() as u64));
    group.sample_size(20);
    group.bench_function("insert_100_documents", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(&dir.path().join("bench.sqlite")).expect("new store");
                (dir, store)
            },
            |(dir, mut store)| {
                store.add_documents(&graphs).expect("insert");
                drop(store);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn walks(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("graph.sqlite")).expect("new store");
    let spec = graph::GraphSpec {
        entities: 100_000,
        edges: 500_000,
        documents: 5_000,
        ..graph::GraphSpec::million()
    };
    let summary = graph::write_graph(&mut store, &spec, &mut |_| {}).expect("graph");
    let (a, b) = &summary.path_ends;
    let a = store.find_entity(a).expect("path start").id;
    let b = store.find_entity(b).expect("path end").id;
    let hub = store.find_entity(&summary.hubs[0]).expect("hub").id;

    let mut group = c.benchmark_group("walk");
    for depth in [1, 2] {
        let options = WalkOptions {
            depth,
            ..WalkOptions::default()
        };
        group.bench_function(format!("neighbors_depth_{depth}"), |bench| {
            bench.iter(|| walk::neighbors(&store, black_box(a), &options).expect("walk"))
        });
    }
    group.bench_function("neighbors_of_hub", |bench| {
        bench.iter(|| {
            walk::neighbors(&store, black_box(hub), &WalkOptions::default()).expect("walk")
        })
    });
    group.bench_function("shortest_path", |bench| {
        bench.iter(|| {
            let found =
                walk::paths(&store, black_box(a), b, &PathOptions::default()).expect("path");
            assert!(!found.paths.is_empty(), "the planted path is found");
            found
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    text_stages,
    unending_sentence,
    hostile_shapes,
    sqlite_insert,
    walks
);
criterion_main!(benches);
