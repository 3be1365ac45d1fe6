//! Text intake repair: mojibake, hyperlink line breaks, curly quotes and odd spaces.
//!
//! Runs before anything else, so every later offset refers to the repaired text.
//! Repair is idempotent and leaves clean text unchanged.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Repairs scraped article text; see the module docs for what changes.
pub fn repair(raw: &str) -> String {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut text: String = text.replace("\r\n", "\n").replace('\r', "\n");
    // Text that went through the wrong decoding twice needs two passes.
    for _ in 0..3 {
        if !might_be_mojibake(&text) {
            break;
        }
        let fixed = fix_mojibake(&text);
        if fixed == text {
            break;
        }
        text = fixed;
    }
    // Most articles are already NFC and plain: skip the per-character rebuilds then.
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        text = text.nfc().collect();
    }
    if text.chars().any(|c| normalize_char(c) != Some(c)) {
        text = text.chars().filter_map(normalize_char).collect();
    }
    join_broken_lines(&text)
}

/// Maps typographic variants to the plain characters the extractor's patterns expect.
fn normalize_char(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => Some('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => Some('"'),
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\t' => {
            Some(' ')
        }
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => None,
        c if c.is_control() && c != '\n' => None,
        c => Some(c),
    }
}

/// The byte that Windows-1252 (or Latin-1, for the C1 range) encodes `c` as.
fn cp1252_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(byte)
}

/// Whether `text` holds a character that Windows-1252 encodes as a UTF-8 lead byte,
/// without which [`fix_mojibake`] has nothing to do.
fn might_be_mojibake(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(cp1252_byte(c), Some(0xc2..=0xf4)))
}

/// Re-decodes runs like "Ã±" (UTF-8 bytes read as Windows-1252) into "ñ".
/// Only a lead byte followed by exactly the continuation bytes UTF-8 requires is
/// touched, so legitimate Latin-1 letters in clean text stay as they are.
fn fix_mojibake(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = decode_sequence(&chars[i..]) {
            out.push(decoded);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn decode_sequence(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(chars[0])?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    if chars.len() < len {
        return None;
    }
    let mut bytes = vec![lead];
    for &c in &chars[1..len] {
        let b = cp1252_byte(c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        bytes.push(b);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    Some((decoded, len))
}

/// Joins the line breaks that scraped hyperlinks leave inside sentences
/// ("by President \nJoe Biden\n to \nlead"). A line that continues in lowercase or
/// with punctuation always joins; otherwise a break stays after sentence-final
/// punctuation, after a blank line, or where the seam is clean (a headline above its
/// story): hyperlink breaks leave white space at the seam.
fn join_broken_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_raw = "";
    let mut blank_before = false;
    let wrapped = is_hard_wrapped(text);
    for raw in text.split('\n') {
        let line = collapse_spaces(raw);
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        let continues = line.starts_with([',', '.', ';', ':', '!', '?', ')'])
            || line.starts_with(|c: char| c.is_lowercase());
        // A hard-wrapped text breaks sentences, even names, at a fixed width.
        let seam_broken = previous_raw.ends_with(' ')
            || raw.starts_with(' ')
            || (wrapped && previous_raw.chars().count() >= WRAP_WIDTHS.start);
        if out.is_empty() {
            out.push_str(&line);
        } else if !ends_paragraph(&out) && (continues || (seam_broken && !blank_before)) {
            if !line.starts_with([',', '.', ';', ':', '!', '?', ')']) {
                out.push(' ');
            }
            out.push_str(&line);
        } else {
            out.push('\n');
            out.push_str(&line);
        }
        previous_raw = raw;
        blank_before = false;
    }
    out
}

/// The line lengths of text hard-wrapped for e-mail or a terminal.
const WRAP_WIDTHS: std::ops::Range<usize> = 45..81;

/// Whether most lines of the text end near one width: wrapped by a tool, not by
/// its author.
fn is_hard_wrapped(text: &str) -> bool {
    let lengths: Vec<usize> = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    let near_width = lengths.iter().filter(|n| WRAP_WIDTHS.contains(n)).count();
    lengths.len() >= 6 && near_width * 10 >= lengths.len() * 7
}

fn ends_paragraph(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '\'', ':', ')'])
}

fn collapse_spaces(line: &str) -> String {
    line.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_lines_rejoin_even_inside_a_name() {
        let wrapped =
            "Officials from both governments met on Tuesday with Mexican President Andres\n\
                       Manuel Lopez Obrador to discuss the record number of crossings at the\n\
                       border between the two countries and to agree on new steps against the\n\
                       smuggling networks that move people north through Central America.\n\
                       The foreign minister said regular meetings would be held with the\n\
                       governments of Guatemala and Honduras to address migration in the region.\n";
        let repaired = repair(wrapped);
        assert!(repaired.contains("President Andres Manuel Lopez Obrador to discuss"));
        assert_eq!(repaired.lines().count(), 2, "{repaired}");
        let headline = "Short headline\nA paragraph that is not wrapped at all.\n";
        assert_eq!(
            repair(headline),
            "Short headline\nA paragraph that is not wrapped at all."
        );
    }

    #[test]
    fn fixes_utf8_read_as_windows_1252() {
        assert_eq!(
            repair("envoy, Ricardo ZÃºÃ±iga, said"),
            "envoy, Ricardo Zúñiga, said"
        );
        assert_eq!(
            repair("the minister said â€œnoâ€\u{9d}"),
            "the minister said \"no\""
        );
    }

    #[test]
    fn fixes_double_encoding() {
        // "São" read as Latin-1 once gives "SÃ£o"; reading that again as Latin-1 doubles it.
        let once = "SÃ£o Paulo";
        let twice: String = once.bytes().map(char::from).collect();
        assert_eq!(repair(&twice), "São Paulo");
    }

    #[test]
    fn joins_hyperlink_line_breaks() {
        let scraped = "The envoy was named by \nSecretary Ana Ruiz\n to \nlead talks\n, officials said. \nShe left.";
        assert_eq!(
            repair(scraped),
            "The envoy was named by Secretary Ana Ruiz to lead talks, officials said.\nShe left."
        );
    }

    #[test]
    fn keeps_a_headline_apart_from_its_story() {
        let scraped = "Harris heads to Guatemala\nWASHINGTON - The vice president \nleft today.";
        assert_eq!(
            repair(scraped),
            "Harris heads to Guatemala\nWASHINGTON - The vice president left today."
        );
    }

    #[test]
    fn straightens_quotes_and_spaces() {
        assert_eq!(
            repair("\u{201c}We\u{2019}re ready,\u{201d}\u{a0}she said\u{200b}."),
            "\"We're ready,\" she said."
        );
    }

    #[test]
    fn clean_text_is_unchanged_and_repair_is_idempotent() {
        let clean = "Guatemala's president met officials in Tegucigalpa.\nThey agreed on a plan: más empleo.";
        assert_eq!(repair(clean), clean);
        let messy = "A \nB\n, cÃ³mo \u{201c}x\u{201d}\n\n\nNext.";
        assert_eq!(repair(&repair(messy)), repair(messy));
    }
}
