//! Stores two short articles, walks from one entity to another across them, and
//! writes the neighbourhood as DOT: `cargo run --example walk_and_export`.

use migration_kg::export::{to_dot, Selection};
use migration_kg::model::Document;
use migration_kg::pipeline::Extractor;
use migration_kg::store::Store;
use migration_kg::walk::{self, PathOptions, WalkOptions};

fn main() -> Result<(), migration_kg::error::Error> {
    let extractor = Extractor::builtin()?;
    let mut store = Store::in_memory()?;
    for (name, text) in [
        (
            "one",
            "Mexican President Claudia Sheinbaum spoke with Marco Rubio about the border.",
        ),
        (
            "two",
            "Marco Rubio met with Honduran President Xiomara Castro in Tegucigalpa.",
        ),
    ] {
        let document = Document {
            name: name.into(),
            text: text.into(),
            ..Document::default()
        };
        store.add_document(&extractor.extract(document))?;
    }
    let from = store.find_entity("Sheinbaum")?;
    let to = store.find_entity("Xiomara Castro")?;
    for path in walk::paths(
        &store,
        from.id,
        to.id,
        &PathOptions {
            max_hops: 4,
            ..PathOptions::default()
        },
    )?
    .paths
    {
        for hop in path {
            println!("{} -{}- {}", hop.from.name, hop.edge.relation, hop.to.name);
        }
    }
    let around = walk::neighbors(
        &store,
        from.id,
        &WalkOptions {
            depth: 2,
            ..WalkOptions::default()
        },
    )?;
    print!("{}", to_dot(&around, &Selection::default())?);
    Ok(())
}
