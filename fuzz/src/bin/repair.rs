//! Repair, then sentence splitting of what it gives: every range a char boundary.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Some(text) = mkg_fuzz::text(data) {
            let repaired = migration_kg::repair::repair(text);
            for range in migration_kg::sentences::split(&repaired) {
                assert!(repaired.get(range).is_some());
            }
        }
    });
}
