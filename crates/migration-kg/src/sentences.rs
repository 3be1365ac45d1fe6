//! Sentence splitting that survives abbreviations (U.S., Mr., Gen., Jan.) and quotes.

use std::ops::Range;

/// Titles and short forms that end in a period without ending the sentence; the
/// tokenizer keeps their period with the word.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Brig", "Cpl", "Pvt", "Supt", "Insp", "Msgr", "Fr",
    "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Cmdr", "Sen", "Sens", "Rep", "Reps", "Gov", "Govs",
    "Lt. Gov", "Atty", "Amb", "Pres", "Rev", "Hon", "Sr", "Jr", "St", "Mt", "Ft", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "vs",
    "etc", "Inc", "Corp", "Co", "Ltd", "Dept", "Gov't", "approx", "a.m", "p.m", "e.g", "i.e",
    "Ave", "Blvd", "Sta",
];

/// Words that start a new sentence even after a dotted acronym such as "U.S.".
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "As",
    "At",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Last",
    "Still",
    "Yet",
    "So",
    "Meanwhile",
    "However",
    "Officials",
    "According",
];

/// Byte ranges of the sentences in `text`, trimmed; paragraphs (lines) never share one.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut sentences);
        line_start += line.len();
    }
    sentences
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            let mut close = i + 1;
            while close < bytes.len() && matches!(bytes[close], b'"' | b'\'' | b')') {
                close += 1;
            }
            if is_boundary(line, i, close) {
                push_trimmed(text, start + sentence_start, start + close, out);
                sentence_start = close;
            }
            i = close;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start + sentence_start, end, out);
}

/// Whether the punctuation at `at` (closing quotes up to `after`) ends a sentence.
fn is_boundary(line: &str, at: usize, after: usize) -> bool {
    let rest = &line[after..];
    if !rest.starts_with(' ') {
        return false;
    }
    let next_word: &str = rest
        .trim_start()
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let next_char = next_word
        .trim_start_matches(['"', '\'', '('])
        .chars()
        .next();
    if !next_char.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    if line.as_bytes()[at] != b'.' {
        return true;
    }
    let word_before = line[..at]
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase) {
        return false; // an initial: "Joseph R. Biden"
    }
    if ABBREVIATIONS.contains(&word_before) {
        return false;
    }
    // Dotted acronyms (U.S., U.N., D.C.) end a sentence only before a typical opener.
    if word_before.contains('.') {
        let bare = next_word.trim_start_matches(['"', '\'', '(']);
        return SENTENCE_STARTERS.contains(&bare);
    }
    true
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn keeps_abbreviations_inside_sentences() {
        let text = "Sen. Ana Ruiz met Gen. Luis Paz in Jan. 2021 at the U.S. embassy. Joseph R. Biden spoke. Then Mr. Paz left.";
        assert_eq!(
            sentences(text),
            vec![
                "Sen. Ana Ruiz met Gen. Luis Paz in Jan. 2021 at the U.S. embassy.",
                "Joseph R. Biden spoke.",
                "Then Mr. Paz left."
            ]
        );
    }

    #[test]
    fn splits_after_acronym_before_an_opener_and_after_quotes() {
        let text = "Aid went to the U.S. The envoy said, \"We will act.\" She left? Yes! U.S. Border Patrol agents stayed.";
        assert_eq!(
            sentences(text),
            vec![
                "Aid went to the U.S.",
                "The envoy said, \"We will act.\"",
                "She left?",
                "Yes!",
                "U.S. Border Patrol agents stayed."
            ]
        );
    }

    #[test]
    fn lines_are_separate_and_no_text_is_lost() {
        let text = "First line without stop\nSecond one. Third one.";
        let ranges = split(text);
        assert_eq!(
            sentences(text),
            vec!["First line without stop", "Second one.", "Third one."]
        );
        let kept: usize = ranges.iter().map(|r| r.len()).sum();
        let non_space = text.chars().filter(|c| !c.is_whitespace()).count();
        let kept_non_space: usize = ranges
            .iter()
            .map(|r| {
                text[r.clone()]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count()
            })
            .sum();
        assert_eq!(kept_non_space, non_space);
        assert!(kept <= text.len());
    }
}
