//! The whole extraction of one document, with the built-in data.
use migration_kg::model::Document;
use migration_kg::pipeline::Extractor;
use std::sync::OnceLock;

fn main() {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(|| Extractor::builtin().expect("built-in data"));
    afl::fuzz!(|data: &[u8]| {
        if let Some(text) = mkg_fuzz::text(data) {
            let graph = extractor.extract(Document {
                name: "fuzz".into(),
                text: text.to_string(),
                ..Document::default()
            });
            for relation in &graph.relations {
                assert!(relation.source < graph.entities.len());
                assert!(relation.target < graph.entities.len());
            }
        }
    });
}
