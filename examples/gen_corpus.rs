//! Writes a synthetic corpus of news articles as JSON Lines, for throughput benchmarks:
//! `cargo run --release --example gen_corpus -- OUT.jsonl COUNT [SEED]` (SEED defaults
//! to 0; the same seed always gives the same file).

use clap::Parser;
use mkg_synth as synth;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes COUNT generated articles to OUT as JSON Lines.
#[derive(Parser)]
#[command(name = "gen_corpus")]
struct Args {
    /// The JSON Lines file to write.
    out: PathBuf,
    /// How many articles.
    count: usize,
    /// The seed: the same seed always gives the same file.
    #[arg(default_value_t = 0)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let out = args.out.display();
    let written = File::create(&args.out)
        .map_err(|e| format!("cannot create {out}: {e}"))
        .and_then(|file| {
            synth::write_corpus(&mut BufWriter::new(file), args.count, args.seed)
                .map_err(|e| format!("cannot write {out}: {e}"))
        });
    match written {
        Ok(summary) => {
            println!(
                "wrote {} articles ({:.1} MB, {}k words) to {out}",
                summary.articles,
                summary.bytes as f64 / 1e6,
                (summary.words + 500) / 1000
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}
