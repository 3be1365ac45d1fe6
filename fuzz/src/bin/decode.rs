//! Intake decoding: any bytes, as a file of any of the names intake tells apart.
use std::path::Path;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        for name in ["a.txt", "a.html", "a.md"] {
            let _ = migration_kg::intake::decode(Path::new(name), data);
        }
    });
}
