//! Integration tests of `mkg`: the command line, bad input, the gold score, DOT output
//! and regressions. Each test works on its own database in a temporary folder.

mod bad_input;
mod cli;
mod common;
mod constructions;
mod curation;
mod documents;
mod dot;
mod gold;
mod regression;
