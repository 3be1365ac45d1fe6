//! Extraction time grows with the input, not faster: per-byte time on each hostile
//! shape at 100 KB stays within twice its per-byte time at 10 KB. A ratio of CPU
//! times on one machine, so the test does not depend on how fast or how busy the
//! machine is; a test binary of its own, so no other test runs beside it.

use migration_kg::model::Document;
use migration_kg::pipeline::Extractor;
use mkg_synth::adversarial::{text, Shape};

/// CPU time this thread has used, in seconds: unlike the wall clock, it does not
/// count the time other tests or processes hold the cores.
fn thread_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread CPU clock is readable");
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}

/// The fastest of `runs` extractions of `text`, in CPU seconds per byte: the
/// minimum is the least disturbed by caches and the scheduler.
fn per_byte(extractor: &Extractor, text: &str, runs: usize) -> f64 {
    (0..runs)
        .map(|_| {
            let document = Document {
                name: "shape".into(),
                text: text.to_string(),
                ..Document::default()
            };
            let started = thread_seconds();
            extractor.extract(document);
            thread_seconds() - started
        })
        .fold(f64::INFINITY, f64::min)
        / text.len() as f64
}

#[test]
fn extraction_time_per_byte_does_not_grow_with_the_document() {
    let extractor = Extractor::builtin().unwrap();
    let mut report = Vec::new();
    for shape in Shape::ALL {
        let small = per_byte(&extractor, &text(shape, 10_000), 10);
        let large = per_byte(&extractor, &text(shape, 100_000), 3);
        report.push(format!("{shape:?}: {:.2}", large / small));
    }
    // Shown with `cargo test --test linear -- --nocapture`.
    eprintln!("per-byte time at 100 KB over 10 KB: {}", report.join(", "));
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
