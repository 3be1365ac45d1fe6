//! The annotated document every extraction stage reads: the repaired text with its
//! sentences and tokens (built once), the entity mentions and their resolution.

use crate::entities::Mention;
use crate::resolve::Resolution;
use crate::tokens::Tokens;
use std::ops::Range;

/// One document as every extraction stage sees it, built once and then only read.
#[derive(Debug)]
pub struct Annotated<'a> {
    /// The repaired text that every offset indexes.
    pub text: &'a str,
    /// Byte ranges, in order.
    pub sentences: Vec<Range<usize>>,
    /// The tokens of every sentence, with each sentence's token range.
    pub tokens: Tokens,
    /// Sorted by start.
    pub mentions: Vec<Mention>,
    /// Which entity each mention names.
    pub resolution: Resolution,
}
