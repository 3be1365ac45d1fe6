//! Documents shaped to stall an extractor whose work grows faster than its input:
//! what news scrapes do contain (lists of officials, all-caps tables, a day's feed in
//! one file), at any size. Extraction must spend about the same time per byte on
//! each of them at 10 KB as at 100 KB.

use std::fmt::Write;

/// A shape of hostile but plausible input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// "Abcdef Abcdeg Abcdeh ...": one unbroken run of capitalized words.
    CapitalizedRun,
    /// "José Abcd Efgh José ...": capitalized words opening with a given name.
    GivenNameRun,
    /// "President Abcdefghijk President Lmnopqrstu ...": titles before long names.
    TitledNames,
    /// "Ana Abcd, Juan Efgh and María Ijkl, ...": a list of distinct people.
    NameList,
    /// "ABCD EFGH IJKL ...": an all-caps table.
    AllCaps,
    /// "Abcd and Efgh and Ijkl and ...": names joined by "and".
    AndList,
    /// "Fundación Abcd and Fundación Efgh and ...": head-first names joined by "and".
    HeadFirstList,
    /// "the Office of Abcd (ABCD) and ABCD ...": acronyms defined and reused.
    Acronyms,
    /// "Secretary of Abcd Efgh Ijkl, ...": titles with their bodies before names.
    TitleChains,
    /// "Ana Abcd said. Abcd said. ...": surnames after full names.
    Surnames,
    /// Generated news articles joined into one document.
    JoinedArticles,
}

impl Shape {
    pub const ALL: [Shape; 11] = [
        Shape::CapitalizedRun,
        Shape::GivenNameRun,
        Shape::TitledNames,
        Shape::NameList,
        Shape::AllCaps,
        Shape::AndList,
        Shape::HeadFirstList,
        Shape::Acronyms,
        Shape::TitleChains,
        Shape::Surnames,
        Shape::JoinedArticles,
    ];
}

/// A capitalized made-up word, different for every `n`.
fn word(n: usize) -> String {
    let mut letters = String::new();
    let mut rest = n + 26 * 26 * 26;
    while rest > 0 {
        letters.push(char::from(b'a' + (rest % 26) as u8));
        rest /= 26;
    }
    let mut chars = letters.chars();
    let first = chars.next().unwrap_or('a').to_ascii_uppercase();
    format!("{first}{}", chars.as_str())
}

/// A document of `shape` at least `bytes` long.
pub fn text(shape: Shape, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut n = 0;
    while out.len() < bytes {
        let (a, b, c) = (word(n), word(n + 1), word(n + 2));
        // Writing to a String cannot fail.
        let _ = match shape {
            Shape::CapitalizedRun => write!(out, "{a} "),
            Shape::GivenNameRun => write!(out, "José {a} {b} "),
            Shape::TitledNames => write!(out, "President {a}{} ", b.to_lowercase()),
            Shape::NameList => write!(out, "Ana {a}, Juan {b} and María {c}, "),
            Shape::AllCaps => write!(out, "{} ", a.to_uppercase()),
            Shape::AndList => write!(out, "{a} and "),
            Shape::HeadFirstList => write!(out, "Fundación {a} and "),
            Shape::Acronyms => write!(
                out,
                "the Office of {a} ({}) and {} ",
                a.to_uppercase(),
                word(n / 2).to_uppercase()
            ),
            Shape::TitleChains => write!(out, "Secretary of {a} {b} {c}, "),
            Shape::Surnames => write!(out, "Ana {a} said. {} said. ", word(n / 3)),
            Shape::JoinedArticles => writeln!(out, "{}", super::article(7, n).text),
        };
        n += 3;
    }
    out
}
