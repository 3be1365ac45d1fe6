//! The parsers of user data files: gazetteer, cues and lexicons. A bad file is an
//! error naming it, never a panic.
use migration_kg::{cues::CueLexicon, gazetteer::Gazetteer, lexicon};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Some(text) = mkg_fuzz::text(data) {
            let _ = Gazetteer::from_sources(&[("fuzz.txt".to_string(), text.to_string())]);
            let _ = CueLexicon::parse("fuzz.txt", text);
            let _ = lexicon::parse("fuzz.txt", text);
        }
    });
}
