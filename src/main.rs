//! `mkg`: parses arguments, runs the command, prints the error chain once.

mod cli;

use clap::Parser;
use cli::{run, Args};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

// Extraction threads allocate many small strings at once; glibc's allocator makes
// them contend, mimalloc keeps a heap per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = run(args, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `mkg export dot | head` closes the pipe early: not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mkg: {}", chain_once(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes joined by ": ", each text once: a library error that
/// quotes its cause ("database x: database is locked") would otherwise repeat it.
fn chain_once(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
