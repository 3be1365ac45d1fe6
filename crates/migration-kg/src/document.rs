//! The annotated document every extraction stage reads: the repaired text with its
//! sentences and tokens (built once), the entity mentions and their resolution.

use crate::entities::Mention;
use crate::resolve::Resolution;
use crate::tokens::Tokens;
use std::ops::Range;

#[derive(Debug)]
pub struct Annotated<'a> {
    pub text: &'a str,
    /// Byte ranges, in order.
    pub sentences: Vec<Range<usize>>,
    /// The tokens of every sentence, with each sentence's token range.
    pub tokens: Tokens,
    /// Sorted by start.
    pub mentions: Vec<Mention>,
    pub resolution: Resolution,
}
