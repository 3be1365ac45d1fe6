//! Writes a synthetic corpus of news articles as JSON Lines, for throughput benchmarks:
//! `cargo run --release --example gen_corpus -- OUT.jsonl COUNT [SEED]` (SEED defaults
//! to 0; the same seed always gives the same file).

use mkg_synth as synth;
use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus OUT.jsonl COUNT [SEED]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let (out, count, seed) = match args {
        [out, count] => (out, count, None),
        [out, count, seed] => (out, count, Some(seed)),
        _ => return Err(USAGE.to_string()),
    };
    let count: usize = count
        .parse()
        .map_err(|_| format!("COUNT must be a whole number, not '{count}'\n{USAGE}"))?;
    let seed: u64 = match seed {
        Some(seed) => seed
            .parse()
            .map_err(|_| format!("SEED must be a whole number, not '{seed}'\n{USAGE}"))?,
        None => 0,
    };
    let file = File::create(out).map_err(|e| format!("cannot create {out}: {e}"))?;
    let summary = synth::write_corpus(&mut BufWriter::new(file), count, seed)
        .map_err(|e| format!("cannot write {out}: {e}"))?;
    Ok(format!(
        "wrote {} articles ({:.1} MB, {}k words) to {out}",
        summary.articles,
        summary.bytes as f64 / 1e6,
        (summary.words + 500) / 1000
    ))
}
