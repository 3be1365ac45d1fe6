//! Builds the graph from the bundled articles into `mkg.sqlite` and answers one
//! who-links-to-whom question: `cargo run --release --example quickstart [ENTITY]`.

use migration_kg::intake::{read_inputs, Intake};
use migration_kg::pipeline::Extractor;
use migration_kg::store::Store;
use migration_kg::walk::{self, WalkOptions};
use std::collections::HashMap;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let who = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Kamala Harris".into());
    let extractor = Extractor::builtin()?;
    let mut store = Store::open("mkg.sqlite".as_ref())?;
    for item in read_inputs(&[PathBuf::from("data/articles")]) {
        match item {
            Intake::Document(document) => {
                store.add_document(&extractor.extract(document))?;
            }
            Intake::Warning(message) => eprintln!("warning: {message}"),
            Intake::Failed(error) => eprintln!("error: {error}"),
        }
    }
    let node = store.find_entity(&who)?;
    let around = walk::neighbors(&store, node.id, &WalkOptions::default())?;
    let names: HashMap<i64, &str> = around
        .nodes
        .iter()
        .map(|n| (n.id, n.name.as_str()))
        .collect();
    println!(
        "Who is linked to {} ({}), and by what:",
        node.name, node.kind
    );
    for edge in &around.edges {
        let evidence = edge.evidence.first().map_or("", |e| e.sentence.as_str());
        println!(
            "  {} -{}-> {}  [{}]\n      \"{evidence}\"",
            names[&edge.source], edge.relation, names[&edge.target], edge.modality
        );
    }
    println!(
        "\nThe graph is in mkg.sqlite: try `mkg show \"{}\"` or `mkg export dot`.",
        node.name
    );
    Ok(())
}
