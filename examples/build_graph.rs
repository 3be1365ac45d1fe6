//! Extracts a graph from a string and prints its entities and relations, without a
//! database: `cargo run --example build_graph`.

use migration_kg::model::Document;
use migration_kg::pipeline::Extractor;

fn main() -> Result<(), migration_kg::error::Error> {
    let text = "Guatemalan President Bernardo Arévalo met with Antony Blinken in Guatemala City. \
                The State Department's special envoy, Ana Ruiz, said USAID will fund a jobs program in Honduras.";
    let graph = Extractor::builtin()?.extract(Document {
        name: "example".into(),
        text: text.into(),
        ..Document::default()
    });
    for entity in &graph.entities {
        println!(
            "{:<12} {}  {:?}",
            entity.kind.as_str(),
            entity.name,
            entity.aliases
        );
    }
    for relation in &graph.relations {
        println!(
            "{} -{}-> {}  [{}] cue: {}",
            graph.entities[relation.source].name,
            relation.relation,
            graph.entities[relation.target].name,
            relation.modality,
            relation.evidence.cue
        );
    }
    Ok(())
}
