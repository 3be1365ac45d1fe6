//! What every target shares: the bytes AFL++ gives, as the text a stage reads.

/// The input as text, as intake would hand it on after decoding, or `None` when it is
/// not UTF-8 (the decoding target covers those bytes).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
