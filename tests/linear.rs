//! Extraction time grows with the input, not faster: per-byte time on each hostile
//! shape at 100 KB stays within twice its per-byte time at 10 KB. A ratio on one
//! machine, so the test does not depend on how fast the machine is.

use migration_kg::model::Document;
use migration_kg::pipeline::Extractor;
use migration_kg::synth::adversarial::{text, Shape};
use std::time::Instant;

/// The fastest of `runs` extractions of `text`, in seconds per byte: the minimum is
/// the least disturbed by other work on a shared machine.
fn per_byte(extractor: &Extractor, text: &str, runs: usize) -> f64 {
    (0..runs)
        .map(|_| {
            let document = Document {
                name: "shape".into(),
                text: text.to_string(),
                ..Document::default()
            };
            let started = Instant::now();
            extractor.extract(document);
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
        / text.len() as f64
}

#[test]
fn extraction_time_per_byte_does_not_grow_with_the_document() {
    let extractor = Extractor::builtin().unwrap();
    let mut report = Vec::new();
    for shape in Shape::ALL {
        let small = per_byte(&extractor, &text(shape, 10_000), 5);
        let large = per_byte(&extractor, &text(shape, 100_000), 2);
        report.push(format!("{shape:?}: {:.2}", large / small));
    }
    let failing: Vec<&String> = report
        .iter()
        .filter(|line| {
            line.rsplit(' ')
                .next()
                .and_then(|ratio| ratio.parse::<f64>().ok())
                .is_some_and(|ratio| ratio >= 2.0)
        })
        .collect();
    assert!(
        failing.is_empty(),
        "per-byte time at 100 KB over 10 KB: {report:?}"
    );
}
