//! A synthetic news corpus for throughput benchmarks.
//!
//! Articles are assembled from sentence templates about migration policy, filled with
//! known people, bodies and places from the embedded gazetteers and with invented
//! people, agencies, organizations and programs, so a corpus exercises discovery as
//! much as lookup. Every article is a pure function of `(seed, index)`: the same seed
//! gives the same bytes on every machine, and [`article`] rebuilds any one line of
//! [`write_corpus`] without generating the others. [`graph`] writes a synthetic graph
//! straight into a store, for query benchmarks.

pub mod adversarial;
pub mod graph;

use fastrand::Rng;
use migration_kg::gazetteer::{Gazetteer, Office};
use migration_kg::lexicon::DEFAULT_GIVEN_NAMES;
use migration_kg::model::{EntityKind, Gender};
use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};
use std::sync::OnceLock;

/// One generated article, its fields in the order of a JSON Lines corpus line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SynthArticle {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub source: String,
    pub text: String,
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusSummary {
    pub articles: usize,
    /// Bytes written, newlines included.
    pub bytes: u64,
    /// Whitespace-separated words of the article texts.
    pub words: u64,
}

/// Writes `count` articles as JSON Lines to `out`, deterministic for a seed.
pub fn write_corpus(out: &mut impl Write, count: usize, seed: u64) -> io::Result<CorpusSummary> {
    let mut summary = CorpusSummary::default();
    let mut line = Vec::with_capacity(16 * 1024);
    for index in 0..count {
        let article = article(seed, index);
        line.clear();
        serde_json::to_writer(&mut line, &article)?;
        line.push(b'\n');
        out.write_all(&line)?;
        summary.articles += 1;
        summary.bytes += line.len() as u64;
        summary.words += word_count(&article.text) as u64;
    }
    out.flush()?;
    Ok(summary)
}

/// One article (so benches can get a single realistic article in memory).
pub fn article(seed: u64, index: usize) -> SynthArticle {
    let mut rng = Rng::with_seed(mix(seed, index as u64));
    let (year, month, day) = (rng.u32(2017..=2025), rng.u32(1..=12), rng.u32(1..=28));
    // Nothing before the first administration the gazetteer's offices cover.
    let month = if year == 2017 { month.max(2) } else { month };
    let date = format!("{year:04}-{month:02}-{day:02}");
    let (source, domain) = SOURCES[below(&mut rng, SOURCES.len())];
    let section = SECTIONS[below(&mut rng, SECTIONS.len())];
    let curly = rng.f32() < 0.3;
    let story = &STORIES[below(&mut rng, STORIES.len())];

    let mut draft = Draft::new(rng, pools(), &date, year);
    let title = draft.headline(story);
    let mut text = draft.body(story);
    if curly {
        text = curl_quotes(&text);
    }
    SynthArticle {
        id: format!("synth-{seed}-{index}"),
        url: format!(
            "https://www.{domain}/{section}/{year}/{month:02}/{day:02}/{}",
            slug(&title)
        ),
        title,
        date,
        source: source.to_string(),
        text,
    }
}

/// The seed of one article's generator: nearby `(seed, index)` pairs must not give
/// correlated articles, so both go through SplitMix64.
fn mix(seed: u64, index: u64) -> u64 {
    fn splitmix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    splitmix(seed ^ splitmix(index))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

const MIN_WORDS: usize = 350;
const MAX_WORDS: usize = 900;
const MIN_PARAGRAPHS: usize = 8;
const MAX_PARAGRAPHS: usize = 20;

// ---------------------------------------------------------------------------------
// Article assembly and the template language.
//
// A template is text with `[a|b|c]` (one alternative, chosen at random; it may hold
// placeholders) and `{placeholder}`:
//   {role}        an entity of the article's cast: a full or titled first mention,
//                 then a surname, acronym or short name
//   {role+}       the same, where an apposition may follow a person's first mention
//                 ("X, the foreign minister of Honduras,")
//   {role's}      possessive
//   {role.he} {role.him} {role.his}
//                 a pronoun when the person was the last one named, else a mention
//   {role.adj}    a country's demonym ("Honduran", "U.S.")
//   {role.name}   a person's name without any title (the template gives one)
//   {role.short}  a body's acronym or short name once introduced; before that a known
//                 body's bare name, and an invented one's full name in the possessive
//                 ("the Lantern Migrant Alliance's director X", not "LMA director X")
//   {q:kind}      a quotation of that kind (official, advocate, migrant, critic,
//                 analyst, local)
//   {$} the article's headline amount, {$2} another, {$s} a grant's, and {n} {few} {tiny}
//   {pct} {pctlow} {rate} {fee} {big} {age} {day} {month} {year}: numbers and dates.
// ---------------------------------------------------------------------------------

/// The parts of an article's cast, as templates name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The U.S. president on the article's date.
    Pres,
    /// A U.S. official.
    Us,
    /// The focus country's head of state or government.
    Lead,
    /// One of its ministers.
    Min,
    /// An envoy of a U.S. agency.
    Env,
    /// A spokesperson of a U.S. or foreign agency.
    Spk,
    /// The head of a local aid organization.
    Ngo,
    /// An analyst at a think tank.
    Ana,
    /// The head of an agency of the focus country.
    Dir,
    /// A mayor in the focus country.
    Loc,
    /// A migrant.
    Mig,
    /// A U.S. lawmaker.
    Crit,
    UsAg,
    UsAg2,
    /// An agency of the focus country.
    ForAg,
    /// An invented agency of the focus country.
    NewAg,
    /// An international body.
    Intl,
    /// A congressional committee.
    Cong,
    /// An invented aid organization.
    Org,
    /// A known aid or rights organization.
    Ngo2,
    Tank,
    Media,
    Media2,
    Prog,
    NewProg,
    Usa,
    /// The focus country, a neighbour, two of its places, a U.S. border place, a U.S.
    /// city migrants settle in, a region.
    C,
    C2,
    City,
    City2,
    BCity,
    UCity,
    Reg,
}

impl Role {
    const COUNT: usize = Role::Reg as usize + 1;

    fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "pres" => Role::Pres,
            "us" => Role::Us,
            "lead" => Role::Lead,
            "min" => Role::Min,
            "env" => Role::Env,
            "spk" => Role::Spk,
            "ngo" => Role::Ngo,
            "ana" => Role::Ana,
            "dir" => Role::Dir,
            "loc" => Role::Loc,
            "mig" => Role::Mig,
            "crit" => Role::Crit,
            "usag" => Role::UsAg,
            "usag2" => Role::UsAg2,
            "fag" => Role::ForAg,
            "newag" => Role::NewAg,
            "intl" => Role::Intl,
            "cong" => Role::Cong,
            "org" => Role::Org,
            "ngo2" => Role::Ngo2,
            "tank" => Role::Tank,
            "media" => Role::Media,
            "media2" => Role::Media2,
            "prog" => Role::Prog,
            "newprog" => Role::NewProg,
            "usa" => Role::Usa,
            "c" => Role::C,
            "c2" => Role::C2,
            "city" => Role::City,
            "city2" => Role::City2,
            "bcity" => Role::BCity,
            "ucity" => Role::UCity,
            "reg" => Role::Reg,
            _ => return None,
        })
    }
}

/// A member of the cast and the ways the text may name it.
#[derive(Debug, Clone, Default)]
struct Ent {
    /// The first mention: "the International Organization for Migration (IOM)".
    first: String,
    /// The full name, without any acronym.
    full: String,
    /// Later mentions: a surname, an acronym, or the full name again.
    short: String,
    /// How a headline names it.
    headline: String,
    /// A country's demonym.
    adj: String,
    /// A person's titled first mentions ("Guatemalan President X"), as templates.
    titled: Vec<String>,
    /// A person's first mentions in apposition, ending in a comma, as templates.
    apposed: Vec<String>,
    /// Set for people only.
    gender: Option<Gender>,
    /// Made up here, so no reader knows it before the article introduces it.
    invented: bool,
}

/// What the reader has been told so far.
#[derive(Debug, Clone, Copy, Default)]
struct Said {
    /// One bit per [`Role`] already named.
    known: u64,
    last_person: Option<Role>,
}

impl Said {
    fn knows(&self, role: Role) -> bool {
        self.known & (1 << role as u64) != 0
    }
}

struct Draft {
    rng: Rng,
    cast: Vec<Ent>,
    said: Said,
    headline: bool,
    year: u32,
    /// The amount the headline and the lede share.
    amount: String,
    /// Templates and quotations already used, by address, so none repeats.
    used: Vec<usize>,
}

impl Draft {
    fn new(mut rng: Rng, pools: &Pools, date: &str, year: u32) -> Self {
        let focus = pick_focus(&mut rng);
        let cast = Casting {
            rng: &mut rng,
            pools,
            date,
            focus,
            taken: Vec::new(),
        }
        .cast();
        let amount = money(&mut rng);
        Draft {
            rng,
            cast,
            said: Said::default(),
            headline: false,
            year,
            amount,
            used: Vec::new(),
        }
    }

    /// The headline names people by surname and bodies by acronym, and tells the
    /// body text nothing.
    fn headline(&mut self, story: &Story) -> String {
        self.headline = true;
        let template = self.fresh(story.headlines);
        let title = self.sentence(template);
        self.headline = false;
        self.said = Said::default();
        title
    }

    fn body(&mut self, story: &Story) -> String {
        let target = 370 + (450.0 * (self.rng.f64() + self.rng.f64()) / 2.0) as usize;
        let per_paragraph = 38 + below(&mut self.rng, 16);
        let count = (target / per_paragraph).clamp(MIN_PARAGRAPHS, MAX_PARAGRAPHS);
        let mut paragraphs: Vec<Vec<(String, usize)>> = Vec::with_capacity(count);
        let mut words = 0;
        for k in 0..count {
            let budget = target.saturating_sub(words) / (count - k);
            let mut paragraph = Vec::new();
            let mut length = 0;
            while paragraph.is_empty() || (length < budget && paragraph.len() < 4) {
                let template = self.next_template(story, k, count, paragraph.len());
                let sentence = self.sentence(template);
                let n = word_count(&sentence);
                length += n;
                paragraph.push((sentence, n));
            }
            words += length;
            paragraphs.push(paragraph);
        }
        // Whatever the draws, stay within bounds: trim from the end, pad the end.
        while words > MAX_WORDS {
            let removed = match paragraphs.iter().rposition(|p| p.len() > 1) {
                Some(i) => paragraphs[i].pop().map_or(0, |(_, n)| n),
                None => paragraphs
                    .pop()
                    .map_or(0, |p| p.iter().map(|(_, n)| *n).sum()),
            };
            words -= removed;
        }
        while words < MIN_WORDS {
            let template = self.fresh(BACKGROUND);
            let sentence = self.sentence(template);
            let n = word_count(&sentence);
            words += n;
            if let Some(last) = paragraphs.last_mut() {
                last.push((sentence, n));
            }
        }
        let mut text = String::with_capacity(words * 7);
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if i > 0 {
                text.push_str("\n\n");
            }
            for (j, (sentence, _)) in paragraph.iter().enumerate() {
                if j > 0 {
                    text.push(' ');
                }
                text.push_str(sentence);
            }
        }
        text
    }

    /// News shape: lede, the story's context, then relations, quotes and background,
    /// and a closing line.
    fn next_template(
        &mut self,
        story: &Story,
        paragraph: usize,
        count: usize,
        position: usize,
    ) -> &'static str {
        let roll = self.rng.f32();
        match (paragraph, position) {
            (0, 0) => self.fresh(story.ledes),
            (1, 0) => self.fresh(story.follow),
            (k, 0) if k + 1 == count => self.fresh(CLOSERS),
            (_, 0) if roll < 0.45 => self.relation_template(),
            (_, 0) if roll < 0.75 => self.fresh(QUOTES),
            (_, 0) => self.fresh(BACKGROUND),
            _ if roll < 0.4 => self.relation_template(),
            _ if roll < 0.5 => self.fresh(QUOTES),
            _ => self.fresh(BACKGROUND),
        }
    }

    fn relation_template(&mut self) -> &'static str {
        let group = RELATIONS[below(&mut self.rng, RELATIONS.len())];
        self.fresh(group)
    }

    /// A random entry of `list` not used yet in this article, if one turns up soon.
    fn fresh(&mut self, list: &'static [&'static str]) -> &'static str {
        let mut choice = list[below(&mut self.rng, list.len())];
        for _ in 0..8 {
            if !self.used.contains(&(choice.as_ptr() as usize)) {
                break;
            }
            choice = list[below(&mut self.rng, list.len())];
        }
        self.used.push(choice.as_ptr() as usize);
        choice
    }

    fn sentence(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(256);
        self.render(template, &mut out);
        tidy(out)
    }

    fn render(&mut self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find(['[', '{']) {
            out.push_str(&rest[..open]);
            let alternatives = rest.as_bytes()[open] == b'[';
            let close = if alternatives { ']' } else { '}' };
            let end = open
                + rest[open..]
                    .find(close)
                    .unwrap_or_else(|| panic!("unclosed '{close}' in template: {template}"));
            let inner = &rest[open + 1..end];
            if alternatives {
                let k = below(&mut self.rng, inner.matches('|').count() + 1);
                let choice = inner.split('|').nth(k).unwrap_or_default();
                self.render(choice, out);
            } else {
                self.expand(inner, out);
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
    }

    fn expand(&mut self, token: &str, out: &mut String) {
        if let Some(kind) = token.strip_prefix("q:") {
            let quote = self.fresh(quotes(kind));
            return self.render(quote, out);
        }
        if let Some(value) = self.value(token) {
            return out.push_str(&value);
        }
        let split = token.find(['+', '\'', '.']).unwrap_or(token.len());
        let role = Role::parse(&token[..split])
            .unwrap_or_else(|| panic!("unknown placeholder {{{token}}}"));
        match &token[split..] {
            "" => self.mention(role, false, out),
            "+" => self.mention(role, true, out),
            "'s" => self.possessive(role, out),
            ".name" => {
                let ent = &self.cast[role as usize];
                let name = if self.said.knows(role) {
                    &ent.short
                } else {
                    &ent.full
                };
                out.push_str(name);
                self.said.known |= 1 << role as u64;
                self.said.last_person = Some(role);
            }
            ".he" | ".him" | ".his" => self.pronoun(role, &token[split + 1..], out),
            ".adj" => out.push_str(&self.cast[role as usize].adj),
            ".short" => {
                let ent = &self.cast[role as usize];
                match (self.said.knows(role), ent.invented) {
                    (true, _) => out.push_str(&ent.short),
                    (false, false) => out.push_str(strip_the(&ent.full)),
                    (false, true) => out.push_str(&possessive(&ent.full)),
                }
            }
            other => panic!("unknown placeholder suffix '{other}' in {{{token}}}"),
        }
    }

    fn value(&mut self, token: &str) -> Option<String> {
        let rng = &mut self.rng;
        Some(match token {
            "$" => self.amount.clone(),
            "$2" => money(rng),
            "$s" => match rng.u32(..3) {
                0 => format!("${},000", rng.u32(10..=95) * 10),
                _ => format!("${} million", rng.u32(1..=25)),
            },
            "n" => thousands(u64::from(rng.u32(12..=2400)) * 100),
            "few" => rng.u32(20..=950).to_string(),
            "tiny" => rng.u32(2..=19).to_string(),
            "pct" => rng.u32(4..=78).to_string(),
            "pctlow" => rng.u32(3..=28).to_string(),
            "rate" => format!("{}.{}", rng.u32(8..=45), rng.u32(0..=9)),
            "fee" => format!("${},000", rng.u32(4..=15)),
            "big" => format!("{}.{} million", rng.u32(1..=4), rng.u32(1..=9)),
            "age" => rng.u32(19..=67).to_string(),
            "day" => DAYS[below(rng, DAYS.len())].to_string(),
            "month" => MONTHS[below(rng, MONTHS.len())].to_string(),
            "year" => (self.year - rng.u32(1..=6)).to_string(),
            _ => return None,
        })
    }

    fn mention(&mut self, role: Role, appositive: bool, out: &mut String) {
        let i = role as usize;
        let first = !self.said.knows(role);
        self.said.known |= 1 << i;
        let ent = &self.cast[i];
        let person = ent.gender.is_some();
        if self.headline {
            out.push_str(&ent.headline);
        } else if person && first {
            let roll = self.rng.f32();
            let form = if appositive && !ent.apposed.is_empty() && roll < 0.45 {
                Some(ent.apposed[below(&mut self.rng, ent.apposed.len())].clone())
            } else if !ent.titled.is_empty() && roll < 0.85 {
                Some(ent.titled[below(&mut self.rng, ent.titled.len())].clone())
            } else {
                None
            };
            match form {
                Some(form) => self.render(&form, out),
                None => out.push_str(&self.cast[i].full),
            }
        } else if first {
            out.push_str(&ent.first);
        } else {
            let again = if person { 0.08 } else { 0.3 };
            out.push_str(if self.rng.f32() < again {
                &ent.full
            } else {
                &ent.short
            });
        }
        if person {
            self.said.last_person = Some(role);
        }
    }

    fn possessive(&mut self, role: Role, out: &mut String) {
        let start = out.len();
        let ent = &self.cast[role as usize];
        if ent.gender.is_some() || self.said.knows(role) || self.headline {
            self.mention(role, false, out);
        } else {
            // "the Lantern Migrant Alliance (LMA)'s" reads badly: define the acronym later.
            out.push_str(&ent.full);
        }
        out.push_str(if out[start..].ends_with('s') {
            "'"
        } else {
            "'s"
        });
    }

    fn pronoun(&mut self, role: Role, case: &str, out: &mut String) {
        if self.headline || self.said.last_person != Some(role) {
            return if case == "his" {
                self.possessive(role, out)
            } else {
                self.mention(role, false, out)
            };
        }
        let female = self.cast[role as usize].gender == Some(Gender::Female);
        out.push_str(match (case, female) {
            ("he", false) => "he",
            ("he", true) => "she",
            ("him", false) => "him",
            ("him", true) => "her",
            (_, false) => "his",
            (_, true) => "her",
        });
    }
}

/// Repairs what filling templates leaves (", ," from an apposition before a comma,
/// ",." at a sentence's end, "U.S.." when an abbreviation ends it) and capitalizes
/// the sentence.
fn tidy(mut sentence: String) -> String {
    for (from, to) in [
        (",.", "."),
        (",,", ","),
        (", ,", ","),
        (",:", ":"),
        ("..", "."),
    ] {
        if sentence.contains(from) {
            sentence = sentence.replace(from, to);
        }
    }
    if let Some((at, c)) = sentence.char_indices().find(|(_, c)| c.is_alphabetic()) {
        if c.is_lowercase() {
            let upper: String = c.to_uppercase().collect();
            sentence.replace_range(at..at + c.len_utf8(), &upper);
        }
    }
    sentence
}

/// Typographic quotes, as much scraped coverage has them.
fn curl_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut previous = ' ';
    for c in text.chars() {
        out.push(match c {
            '"' if previous.is_whitespace() => '\u{201c}',
            '"' => '\u{201d}',
            '\'' => '\u{2019}',
            c => c,
        });
        previous = c;
    }
    out
}

fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(title.len());
    for c in title.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > 80 {
        let cut = slug[..80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_string()
}

fn money(rng: &mut Rng) -> String {
    match rng.u32(..4) {
        0 | 1 => {
            let millions = match rng.u32(..3) {
                0 => rng.u32(2..=99),
                _ => rng.u32(10..=190) * 5,
            };
            format!("${millions} million")
        }
        2 => match rng.u32(0..=9) {
            0 => format!("${} billion", rng.u32(1..=6)),
            tenths => format!("${}.{tenths} billion", rng.u32(1..=6)),
        },
        _ => format!("${},000", rng.u32(15..=95) * 10),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn strip_the(name: &str) -> &str {
    name.strip_prefix("the ").unwrap_or(name)
}

fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

fn is_acronym(s: &str) -> bool {
    s.len() >= 2 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Initials of the capitalized words: "National Commission for Human Mobility" is
/// "NCHM".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_uppercase)
        .collect()
}

// ---------------------------------------------------------------------------------
// The cast of one article.
// ---------------------------------------------------------------------------------

struct Casting<'a> {
    rng: &'a mut Rng,
    pools: &'a Pools,
    date: &'a str,
    focus: &'static Focus,
    /// Names and surnames already given, so no two people share one.
    taken: Vec<String>,
}

impl<'a> Casting<'a> {
    fn cast(mut self) -> Vec<Ent> {
        let mut cast = vec![Ent::default(); Role::COUNT];
        // People first: the known ones by their offices on the date.
        cast[Role::Pres as usize] = match self.known(Group::UsPresident, None) {
            Some((president, _)) => president,
            None => self.envoy(),
        };
        let known = if self.rng.f32() < 0.8 {
            self.known(Group::UsOfficial, None)
        } else {
            None
        };
        cast[Role::Us as usize] = match known {
            Some((official, _)) => official,
            None => self.envoy(),
        };
        let country = strip_the(self.focus.country);
        cast[Role::Lead as usize] = match self.known(Group::Leader, Some(country)) {
            Some((leader, _)) => leader,
            None => self.minister("Vice President"),
        };
        let known = if self.rng.f32() < 0.6 {
            self.known(Group::Minister, Some(country))
        } else {
            None
        };
        cast[Role::Min as usize] = match known {
            Some((minister, _)) => minister,
            None => {
                let role = *pick(self.rng, MINISTER_TITLES);
                self.minister(role)
            }
        };
        cast[Role::Env as usize] = self.envoy();
        cast[Role::Spk as usize] = self.spokesperson();
        cast[Role::Ngo as usize] = self.activist();
        cast[Role::Ana as usize] = self.analyst();
        cast[Role::Dir as usize] = self.director();
        cast[Role::Loc as usize] = self.mayor();
        cast[Role::Mig as usize] = self.migrant();
        let known = if self.rng.bool() {
            self.known(Group::UsLawmaker, None)
        } else {
            None
        };
        // A lawmaker sits on committees of their own chamber.
        let (critic, senate) = match known {
            Some((critic, of)) => (critic, of != "United States Congress"),
            None => {
                let senate = self.rng.f32() < 0.4;
                (self.lawmaker(senate), senate)
            }
        };
        cast[Role::Crit as usize] = critic;
        let committees = if senate {
            SENATE_COMMITTEES
        } else {
            HOUSE_COMMITTEES
        };
        let committee = *pick(self.rng, committees);
        cast[Role::Cong as usize] = self.body(committee, false);

        // Bodies, programs and places.
        let (a, b) = two(self.rng, US_AGENCIES.len());
        cast[Role::UsAg as usize] = self.body(US_AGENCIES[a], false);
        cast[Role::UsAg2 as usize] = self.body(US_AGENCIES[b], false);
        let newag = self.invented_agency();
        cast[Role::ForAg as usize] = if self.focus.agencies.is_empty() || self.rng.f32() < 0.2 {
            let mut other = self.invented_agency();
            while other.full == newag.full {
                other = self.invented_agency();
            }
            other
        } else {
            let known = *pick(self.rng, self.focus.agencies);
            self.body(known, false)
        };
        cast[Role::NewAg as usize] = newag;
        for (role, table) in [
            (Role::Intl, INTERNATIONAL),
            (Role::Ngo2, AID_GROUPS),
            (Role::Tank, THINK_TANKS),
            (Role::Prog, PROGRAMS),
        ] {
            let known = *pick(self.rng, table);
            cast[role as usize] = self.body(known, false);
        }
        cast[Role::Org as usize] = self.invented_organization();
        if self.rng.f32() < 0.3 {
            cast[Role::Tank as usize] = self.invented_think_tank();
        }
        let (a, b) = two(self.rng, MEDIA.len());
        cast[Role::Media as usize] = self.body(MEDIA[a], false);
        cast[Role::Media2 as usize] = self.body(MEDIA[b], false);
        cast[Role::NewProg as usize] = if self.rng.f32() < 0.2 {
            let known = *pick(self.rng, DEV_PROGRAMS);
            self.body(known, false)
        } else {
            self.invented_program()
        };
        cast[Role::Usa as usize] = Ent {
            first: "the United States".into(),
            full: "the United States".into(),
            short: "the U.S.".into(),
            headline: "U.S.".into(),
            adj: "U.S.".into(),
            ..Ent::default()
        };
        let focus = self.focus;
        cast[Role::C as usize] = place(focus.country, focus.adj);
        let places = [
            (Role::C2, focus.neighbors),
            (Role::City, focus.cities),
            (Role::City2, focus.cities),
            (Role::BCity, US_BORDER),
            (Role::UCity, US_CITIES),
            (Role::Reg, focus.regions),
        ];
        for (role, list) in places {
            let name = *pick(self.rng, list);
            cast[role as usize] = place(name, "");
        }
        cast
    }

    /// A person holding an office of `group` (of `country`) on the article's date,
    /// and the body of that office.
    fn known(&mut self, group: Group, country: Option<&str>) -> Option<(Ent, &'a str)> {
        let pools: &'a Pools = self.pools;
        let candidates: Vec<(&Known, &Post)> = pools
            .known
            .iter()
            .filter(|k| !self.taken.contains(&k.short))
            .filter_map(|k| {
                k.posts
                    .iter()
                    .find(|p| {
                        p.group == group
                            && p.held_on(self.date)
                            && country.is_none_or(|c| p.of == c)
                    })
                    .map(|p| (k, p))
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let (known, post) = candidates[below(self.rng, candidates.len())];
        self.taken.push(known.short.clone());
        let person = Ent {
            first: known.name.clone(),
            full: known.name.clone(),
            short: known.short.clone(),
            headline: known.short.clone(),
            titled: post.titled.clone(),
            apposed: post.apposed.clone(),
            gender: Some(known.gender),
            ..Ent::default()
        };
        Some((person, &post.of))
    }

    /// An invented name: given name and surname (two, often, in Latin America), and
    /// the surname later mentions use.
    fn name(&mut self, latin: bool) -> (String, String, Gender) {
        let female = self.rng.bool();
        let gender = if female { Gender::Female } else { Gender::Male };
        let spanish = latin || self.rng.f32() < 0.3;
        let given = *pick(
            self.rng,
            &self.pools.given[usize::from(!spanish)][usize::from(!female)],
        );
        loop {
            let (full, short) = if spanish {
                let first = *pick(self.rng, &self.pools.latin_surnames);
                if latin && self.rng.f32() < 0.45 {
                    let second = *pick(self.rng, &self.pools.latin_surnames);
                    if second == first {
                        continue;
                    }
                    let short = if self.rng.f32() < 0.25 {
                        format!("{first} {second}")
                    } else {
                        first.to_string()
                    };
                    (format!("{given} {first} {second}"), short)
                } else {
                    (format!("{given} {first}"), first.to_string())
                }
            } else {
                let surname = pick(self.rng, &self.pools.anglo_surnames).clone();
                let full = if self.rng.f32() < 0.15 {
                    let initial = char::from(b"ABCDEFGHJKLMNPRSTW"[below(self.rng, 18)]);
                    format!("{given} {initial}. {surname}")
                } else {
                    format!("{given} {surname}")
                };
                (full, surname)
            };
            if !self.taken.contains(&short) {
                self.taken.push(short.clone());
                return (full, short, gender);
            }
        }
    }

    fn person(&mut self, latin: bool, forms: impl FnOnce(&str, Gender) -> [Vec<String>; 2]) -> Ent {
        let (full, short, gender) = self.name(latin);
        let [titled, apposed] = forms(&full, gender);
        Ent {
            first: full.clone(),
            full,
            headline: short.clone(),
            short,
            titled,
            apposed,
            gender: Some(gender),
            ..Ent::default()
        }
    }

    fn envoy(&mut self) -> Ent {
        let (title, role) = *pick(self.rng, ENVOY_TITLES);
        self.person(false, |n, _| {
            [
                vec![format!("{{usag.short}} {title} {n}")],
                vec![
                    format!("{{usag's}} {role}, {n},"),
                    format!("{n}, {{usag's}} {role},"),
                    format!("{n}, a {title} at {{usag}},"),
                ],
            ]
        })
    }

    fn spokesperson(&mut self) -> Ent {
        let body = if self.rng.bool() { "usag2" } else { "fag" };
        let neutral = self.rng.f32() < 0.2;
        let latin = self.rng.bool();
        self.person(latin, |n, g| {
            let role = match (neutral, g) {
                (true, _) => "spokesperson",
                (false, Gender::Female) => "spokeswoman",
                (false, Gender::Male) => "spokesman",
            };
            [
                vec![format!("{{{body}.short}} {role} {n}")],
                vec![
                    format!("{n}, a {role} for {{{body}}},"),
                    format!("{{{body}'s}} {role}, {n},"),
                    format!("{n}, {{{body}'s}} {role},"),
                ],
            ]
        })
    }

    fn activist(&mut self) -> Ent {
        let role = *pick(self.rng, ACTIVIST_TITLES);
        self.person(true, |n, _| {
            [
                vec![format!("{{org.short}} {role} {n}")],
                vec![
                    format!("{n}, the {role} of {{org}},"),
                    format!("{n}, who [heads|runs|leads] {{org}},"),
                    format!("{{org's}} {role}, {n},"),
                ],
            ]
        })
    }

    fn analyst(&mut self) -> Ent {
        let role = *pick(self.rng, ANALYST_TITLES);
        let latin = self.rng.bool();
        self.person(latin, |n, _| {
            [
                vec![format!("{{tank.short}} {role} {n}")],
                vec![
                    format!("{n}, a {role} at {{tank}},"),
                    format!("{n}, a {role} with {{tank}},"),
                    format!("{n}, who studies migration at {{tank}},"),
                ],
            ]
        })
    }

    fn director(&mut self) -> Ent {
        let (title, role) = *pick(self.rng, DIRECTOR_TITLES);
        self.person(true, |n, _| {
            [
                vec![format!("{{newag.short}} {title} {n}")],
                vec![
                    format!("{n}, the {role} of {{newag}},"),
                    format!("{n}, who heads {{newag}},"),
                    format!("{{newag's}} {role}, {n},"),
                ],
            ]
        })
    }

    fn mayor(&mut self) -> Ent {
        self.person(true, |n, _| {
            [
                vec![format!("{{city}} Mayor {n}"), format!("Mayor {n}")],
                vec![
                    format!("{n}, the mayor of {{city}},"),
                    format!("{n}, {{city's}} mayor,"),
                ],
            ]
        })
    }

    fn migrant(&mut self) -> Ent {
        self.person(true, |n, g| {
            let parent = if g == Gender::Female { "mother" } else { "father" };
            [
                Vec::new(),
                vec![
                    format!("{n}, {{age}}, who [left|fled] {{city}} [in {{month}}|three weeks ago|last month],"),
                    format!("{n}, a {{age}}-year-old {parent} of [two|three|four] from {{city}},"),
                    format!("{n}, a [farmworker|former bus driver|street vendor|construction worker|nurse] from {{city}},"),
                ],
            ]
        })
    }

    fn lawmaker(&mut self, senate: bool) -> Ent {
        let republican = self.rng.bool();
        let state = *pick(self.rng, US_STATES);
        self.person(false, |n, g| {
            let (noun, adj) = if republican {
                ("Republican", "Republican")
            } else {
                ("Democrat", "Democratic")
            };
            let (title, chamber) = match (senate, g) {
                (true, _) => ("Sen.", "senator"),
                (false, Gender::Female) => ("Rep.", "congresswoman"),
                (false, Gender::Male) => ("Rep.", "congressman"),
            };
            [
                vec![format!("{title} {n}")],
                vec![
                    format!("{title} {n}, a {noun} from {state},"),
                    format!("{n}, a {adj} {chamber} from {state},"),
                ],
            ]
        })
    }

    fn minister(&mut self, role: &'static str) -> Ent {
        let lower = role.to_lowercase();
        self.person(true, |n, _| {
            [
                vec![format!("{{c.adj}} {role} {n}"), format!("{role} {n}")],
                vec![
                    format!("{{c's}} {lower}, {n},"),
                    format!("{n}, the {lower} of {{c}},"),
                    format!("{n}, {{c's}} {lower},"),
                ],
            ]
        })
    }

    fn body(&mut self, (full, short): (&str, &str), invented: bool) -> Ent {
        let acronym = is_acronym(short);
        Ent {
            first: if acronym && (invented || self.rng.f32() < 0.6) {
                format!("{full} ({short})")
            } else {
                full.to_string()
            },
            full: full.to_string(),
            short: if short.is_empty() { full } else { short }.to_string(),
            headline: if acronym && !invented {
                short
            } else {
                strip_the(full)
            }
            .to_string(),
            invented,
            ..Ent::default()
        }
    }

    /// An invented body named `name`, with its acronym when that names nothing known.
    fn invented(&mut self, name: String, acronym: bool) -> Ent {
        let short = initials(&name);
        let known = self.pools.gazetteer.lookup(&short).is_some();
        let short = if acronym && short.len() >= 3 && !known {
            short
        } else {
            String::new()
        };
        self.body((&name, &short), true)
    }

    fn invented_agency(&mut self) -> Ent {
        let name = if self.rng.bool() {
            let field = pick(self.rng, FIELDS);
            match self.rng.u32(..5) {
                0 => format!("the National Commission for {field}"),
                1 => format!("the Ministry of {field}"),
                2 => format!("the Directorate of {field}"),
                3 => format!("the Secretariat of {field}"),
                _ => format!("the National Office for {field}"),
            }
        } else {
            let field = pick(self.rng, CAMPOS);
            match self.rng.u32(..4) {
                0 => format!("the Secretaría de {field}"),
                1 => format!("the Comisión Nacional de {field}"),
                2 => format!("the Dirección General de {field}"),
                _ => format!("the Instituto Nacional de {field}"),
            }
        };
        self.invented(name, true)
    }

    fn invented_organization(&mut self) -> Ent {
        let word = *pick(self.rng, WORDS);
        let palabra = *pick(self.rng, PALABRAS);
        let (name, acronym) = match self.rng.u32(..8) {
            0 => (format!("the {word} Migrant Alliance"), true),
            1 => (
                format!("the Coalition for {}", pick(self.rng, CAUSES)),
                true,
            ),
            2 => (format!("Fundación {palabra}"), false),
            3 => (format!("Albergue {palabra}"), false),
            4 => (format!("the {word} Network"), false),
            5 => (
                format!("the National Institute of {}", pick(self.rng, FIELDS)),
                true,
            ),
            6 => (format!("Asociación {palabra}"), false),
            _ => (format!("the {word} Project"), false),
        };
        let acronym = acronym && self.rng.f32() < 0.7;
        self.invented(name, acronym)
    }

    fn invented_think_tank(&mut self) -> Ent {
        let name = match self.rng.u32(..3) {
            0 => format!("the Center for {} Studies", pick(self.rng, FIELDS)),
            1 => format!("the {} Institute", pick(self.rng, WORDS)),
            _ => format!("the Institute for {}", pick(self.rng, CAUSES)),
        };
        let acronym = self.rng.bool();
        self.invented(name, acronym)
    }

    fn invented_program(&mut self) -> Ent {
        let name = format!(
            "the {} {}",
            pick(self.rng, THEMES),
            pick(self.rng, PROGRAM_HEADS)
        );
        let acronym = self.rng.bool();
        self.invented(name, acronym)
    }
}

fn place(name: &str, adj: &str) -> Ent {
    Ent {
        first: name.to_string(),
        full: name.to_string(),
        short: name.to_string(),
        headline: strip_the(name).to_string(),
        adj: adj.to_string(),
        ..Ent::default()
    }
}

/// A random index below `len`, drawn as a `u32` so that 32- and 64-bit machines
/// draw the same numbers.
fn below(rng: &mut Rng, len: usize) -> usize {
    rng.u32(..len as u32) as usize
}

fn pick<'a, T>(rng: &mut Rng, list: &'a [T]) -> &'a T {
    &list[below(rng, list.len())]
}

/// Two different indexes below `len` (at least 2).
fn two(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = below(rng, len);
    let b = (a + 1 + below(rng, len - 1)) % len;
    (a, b)
}

/// The country the story is about, weighted by how often coverage is about it.
fn pick_focus(rng: &mut Rng) -> &'static Focus {
    let total: u32 = FOCUS.iter().map(|f| f.weight).sum();
    let mut roll = rng.u32(..total);
    for focus in FOCUS {
        if roll < focus.weight {
            return focus;
        }
        roll -= focus.weight;
    }
    &FOCUS[0]
}

// ---------------------------------------------------------------------------------
// Pools built once from the embedded data files.
// ---------------------------------------------------------------------------------

struct Pools {
    gazetteer: Gazetteer,
    /// Given names: `[spanish, english][female, male]`.
    given: [[Vec<&'static str>; 2]; 2],
    latin_surnames: Vec<&'static str>,
    anglo_surnames: Vec<String>,
    known: Vec<Known>,
}

/// A person of the gazetteer with the offices this generator can write about.
struct Known {
    name: String,
    short: String,
    gender: Gender,
    posts: Vec<Post>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    UsPresident,
    UsOfficial,
    UsLawmaker,
    Leader,
    Minister,
}

struct Post {
    group: Group,
    of: String,
    from: String,
    /// Empty while in office.
    to: String,
    titled: Vec<String>,
    apposed: Vec<String>,
}

impl Post {
    /// Dates compare as text: "2025" sorts before "2025-03-01", so an office known
    /// only by its years counts as held from the start of the first and until the
    /// start of the last.
    fn held_on(&self, date: &str) -> bool {
        self.from.as_str() <= date && (self.to.is_empty() || date <= self.to.as_str())
    }
}

fn pools() -> &'static Pools {
    static POOLS: OnceLock<Pools> = OnceLock::new();
    POOLS.get_or_init(|| {
        let gazetteer = Gazetteer::builtin().expect("the embedded gazetteers compile");
        Pools::new(gazetteer)
    })
}

impl Pools {
    fn new(gazetteer: Gazetteer) -> Self {
        let given_text = DEFAULT_GIVEN_NAMES.1;
        let mut given: [[Vec<&'static str>; 2]; 2] = Default::default();
        let mut every_given: HashSet<&str> = HashSet::new();
        let (mut sex, mut tradition) = (None, None);
        for line in given_text.lines().map(str::trim) {
            if let Some(section) = line.strip_prefix('[') {
                sex = match section.trim_end_matches(']') {
                    "female" => Some(0),
                    "male" => Some(1),
                    _ => None,
                };
            } else if let Some(comment) = line.strip_prefix('#') {
                // The file's comments group names by tradition.
                tradition = if comment.contains("Mexico") || comment.contains("Colombia") {
                    Some(0)
                } else if comment.contains("United States") || comment.contains("African") {
                    Some(1)
                } else {
                    None
                };
            } else {
                for name in line.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                    every_given.insert(name);
                    if let (Some(s), Some(t)) = (sex, tradition) {
                        // A given name that is also a known alias ("Xiomara") would
                        // be read as that person.
                        if gazetteer.lookup(name).is_none() {
                            given[t][s].push(name);
                        }
                    }
                }
            }
        }
        let free = |s: &str| !every_given.contains(s) && gazetteer.lookup(s).is_none();
        let latin_surnames = LATIN_SURNAMES.iter().copied().filter(|s| free(s)).collect();
        let mut anglo_surnames: Vec<String> = ANGLO_SURNAMES
            .iter()
            .map(|s| s.to_string())
            .chain(SURNAME_ROOTS.iter().flat_map(|root| {
                SURNAME_ENDINGS
                    .iter()
                    .filter(move |end| !root.ends_with(&end[..1]))
                    .map(move |end| format!("{root}{end}"))
            }))
            .filter(|s| free(s))
            .collect();
        anglo_surnames.sort();
        anglo_surnames.dedup();
        let known = (0..gazetteer.len())
            .map(|i| gazetteer.entry(i))
            .filter(|e| e.kind == EntityKind::Person && !e.name.starts_with("Pope"))
            .filter_map(|e| {
                let short = e
                    .aliases
                    .iter()
                    .filter(|a| e.name.ends_with(&format!(" {a}")))
                    .max_by_key(|a| a.len())
                    .cloned()
                    .or_else(|| e.name.rsplit(' ').next().map(str::to_string))?;
                let posts: Vec<Post> = e
                    .offices
                    .iter()
                    .filter_map(|o| post(&gazetteer, &e.name, o))
                    .collect();
                Some(Known {
                    name: e.name.clone(),
                    short,
                    gender: e.gender?,
                    posts,
                })
                .filter(|k| !k.posts.is_empty())
            })
            .collect();
        Pools {
            gazetteer,
            given,
            latin_surnames,
            anglo_surnames,
            known,
        }
    }
}

/// An office as this generator writes about it, with the titled and appositive
/// forms of the holder's first mention.
fn post(gazetteer: &Gazetteer, name: &str, office: &Office) -> Option<Post> {
    let (role, of) = (office.role.as_str(), office.of.as_str());
    let entry = gazetteer.lookup(of).map(|i| gazetteer.entry(i));
    let country = entry.filter(|e| e.kind == EntityKind::Country);
    let us = of == "United States";
    let group = if us && role == "President" {
        Group::UsPresident
    } else if us || US_EXECUTIVE.contains(&of) {
        Group::UsOfficial
    } else if US_LEGISLATURES.contains(&of) {
        Group::UsLawmaker
    } else if country.is_some() && HEADS_OF_STATE.contains(&role) {
        Group::Leader
    } else if country.is_some()
        && (role.contains("Minister") || role.starts_with("Secretary") || role == "Vice President")
    {
        Group::Minister
    } else {
        return None;
    };
    let lower = lower_title(role);
    let has_object = [" of ", " for ", " to "].iter().any(|p| role.contains(p));
    let (titled, apposed) = if role == "Senator" {
        (
            vec![format!("Sen. {name}")],
            vec![format!("{name}, a U.S. senator,")],
        )
    } else if let Some(country) = country {
        let adj = match country.demonyms.first() {
            _ if us => "U.S.",
            Some(demonym) => demonym.as_str(),
            None => of,
        };
        let mut titled = vec![format!("{adj} {role} {name}")];
        let mut apposed = vec![format!("{name}, the {adj} {lower},")];
        if us {
            titled.push(format!("{role} {name}"));
        } else if !has_object {
            apposed.push(format!("{name}, {} {lower},", possessive(of)));
            apposed.push(format!("{name}, the {lower} of {of},"));
        }
        (titled, apposed)
    } else {
        let region = entry.is_some_and(|e| e.kind == EntityKind::Region);
        let the_of = if region {
            of.to_string()
        } else {
            format!("the {of}")
        };
        let mut titled = vec![format!("{role} {name}")];
        let short = if region {
            Some(of)
        } else {
            BODY_PREFIXES
                .iter()
                .find(|(body, _)| *body == of)
                .map(|(_, short)| *short)
        };
        if let (Some(short), false) = (short, has_object) {
            titled.push(format!("{short} {role} {name}"));
        }
        let apposed = if has_object {
            vec![format!("{name}, the {lower},")]
        } else {
            vec![
                format!("{name}, the {lower} of {the_of},"),
                format!("{name}, {} {lower},", possessive(&the_of)),
            ]
        };
        (titled, apposed)
    };
    Some(Post {
        group,
        of: of.to_string(),
        from: office.from.clone().unwrap_or_default(),
        to: office.to.clone().unwrap_or_default(),
        titled,
        apposed,
    })
}

/// A title as written after a name: the title words lowercase, what it is of left
/// alone ("the secretary of state", "the special envoy for the Northern Triangle").
fn lower_title(role: &str) -> String {
    let cut = [" of ", " for ", " to "]
        .iter()
        .filter_map(|p| role.find(p))
        .min()
        .unwrap_or(role.len());
    let (title, object) = role.split_at(cut);
    let object = if object == " of State" {
        " of state"
    } else {
        object
    };
    format!("{}{object}", title.to_lowercase())
}

// ---------------------------------------------------------------------------------
// Data tables. Every name here is one the gazetteers know (a test checks it), except
// the parts invented names are made of.
// ---------------------------------------------------------------------------------

const SOURCES: &[(&str, &str)] = &[
    ("The Border Ledger", "borderledger.example"),
    ("Gulf Coast Courier", "gulfcoastcourier.example"),
    ("Capitol Dispatch", "capitoldispatch.example"),
    ("The Isthmus Review", "isthmusreview.example"),
    ("Hemisphere Daily", "hemispheredaily.example"),
    ("Frontera Wire", "fronterawire.example"),
    ("The Southern Observer", "southernobserver.example"),
    ("Rio Grande Sentinel", "riograndesentinel.example"),
    ("Americas Newsroom", "americasnewsroom.example"),
    ("The Continental Post", "continentalpost.example"),
];

const SECTIONS: &[&str] = &[
    "world/americas",
    "politics",
    "us/immigration",
    "news/world",
    "national",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

struct Focus {
    /// With "the" where running text needs it.
    country: &'static str,
    adj: &'static str,
    weight: u32,
    cities: &'static [&'static str],
    neighbors: &'static [&'static str],
    regions: &'static [&'static str],
    /// Known agencies: full name and acronym (or "").
    agencies: &'static [(&'static str, &'static str)],
}

const NORTHERN_TRIANGLE: &[&str] = &["Central America", "the Northern Triangle"];

const FOCUS: &[Focus] = &[
    Focus {
        country: "Mexico",
        adj: "Mexican",
        weight: 6,
        cities: &[
            "Tapachula",
            "Ciudad Juárez",
            "Tijuana",
            "Reynosa",
            "Matamoros",
            "Mexico City",
            "Monterrey",
            "Nuevo Laredo",
            "Piedras Negras",
            "Ciudad Hidalgo",
            "Tenosique",
            "Villahermosa",
            "Mexicali",
        ],
        neighbors: &["Guatemala", "Honduras", "El Salvador", "Belize"],
        regions: &["Central America", "Latin America", "North America"],
        agencies: &[
            ("the National Migration Institute", "INM"),
            ("the Mexican Foreign Ministry", ""),
            ("the Mexican National Guard", ""),
            ("the Mexican Commission for Refugee Assistance", "COMAR"),
        ],
    },
    Focus {
        country: "Guatemala",
        adj: "Guatemalan",
        weight: 5,
        cities: &[
            "Guatemala City",
            "Quetzaltenango",
            "Tecún Umán",
            "Huehuetenango",
            "Puerto Barrios",
            "Esquipulas",
        ],
        neighbors: &["Mexico", "Honduras", "El Salvador"],
        regions: NORTHERN_TRIANGLE,
        agencies: &[
            ("the Guatemalan Migration Institute", "IGM"),
            ("the Guatemalan Foreign Ministry", ""),
            ("the Guatemalan National Civil Police", ""),
        ],
    },
    Focus {
        country: "Honduras",
        adj: "Honduran",
        weight: 5,
        cities: &[
            "Tegucigalpa",
            "San Pedro Sula",
            "La Ceiba",
            "Danlí",
            "Choluteca",
            "Choloma",
        ],
        neighbors: &["Guatemala", "El Salvador", "Nicaragua"],
        regions: NORTHERN_TRIANGLE,
        agencies: &[
            ("the Honduran National Migration Institute", ""),
            ("the Honduran Foreign Ministry", ""),
            ("the Honduran National Police", ""),
        ],
    },
    Focus {
        country: "El Salvador",
        adj: "Salvadoran",
        weight: 3,
        cities: &["San Salvador"],
        neighbors: &["Guatemala", "Honduras"],
        regions: NORTHERN_TRIANGLE,
        agencies: &[
            ("the Salvadoran Foreign Ministry", ""),
            ("the Salvadoran National Civil Police", ""),
        ],
    },
    Focus {
        country: "Nicaragua",
        adj: "Nicaraguan",
        weight: 1,
        cities: &["Managua"],
        neighbors: &["Honduras", "Costa Rica"],
        regions: &["Central America"],
        agencies: &[],
    },
    Focus {
        country: "Costa Rica",
        adj: "Costa Rican",
        weight: 1,
        cities: &["San José"],
        neighbors: &["Nicaragua", "Panama"],
        regions: &["Central America"],
        agencies: &[],
    },
    Focus {
        country: "Panama",
        adj: "Panamanian",
        weight: 2,
        cities: &["Panama City"],
        neighbors: &["Colombia", "Costa Rica"],
        regions: &["Central America", "Latin America"],
        agencies: &[
            ("the Panamanian National Migration Service", "SNM"),
            ("the National Border Service of Panama", ""),
        ],
    },
    Focus {
        country: "Colombia",
        adj: "Colombian",
        weight: 2,
        cities: &["Bogotá", "Necoclí", "Cúcuta", "Medellín"],
        neighbors: &["Venezuela", "Panama", "Ecuador"],
        regions: &["South America", "Latin America"],
        agencies: &[("Migración Colombia", "")],
    },
    Focus {
        country: "Venezuela",
        adj: "Venezuelan",
        weight: 2,
        cities: &["Caracas"],
        neighbors: &["Colombia", "Brazil"],
        regions: &["South America", "Latin America"],
        agencies: &[],
    },
    Focus {
        country: "Cuba",
        adj: "Cuban",
        weight: 1,
        cities: &["Havana"],
        neighbors: &["Mexico", "Haiti"],
        regions: &["the Caribbean", "Latin America"],
        agencies: &[],
    },
    Focus {
        country: "Haiti",
        adj: "Haitian",
        weight: 2,
        cities: &["Port-au-Prince"],
        neighbors: &["the Dominican Republic"],
        regions: &["the Caribbean"],
        agencies: &[],
    },
    Focus {
        country: "Ecuador",
        adj: "Ecuadorian",
        weight: 1,
        cities: &["Quito"],
        neighbors: &["Colombia", "Peru"],
        regions: &["South America", "Latin America"],
        agencies: &[],
    },
    Focus {
        country: "the Dominican Republic",
        adj: "Dominican",
        weight: 1,
        cities: &["Santo Domingo"],
        neighbors: &["Haiti"],
        regions: &["the Caribbean"],
        agencies: &[],
    },
];

const US_BORDER: &[&str] = &[
    "El Paso",
    "San Diego",
    "McAllen",
    "Del Rio",
    "Eagle Pass",
    "Brownsville",
    "Laredo",
    "Nogales",
    "Yuma",
    "Tucson",
    "Texas",
    "Arizona",
    "the Rio Grande Valley",
];

const US_CITIES: &[&str] = &[
    "New York City",
    "Chicago",
    "Denver",
    "Houston",
    "Los Angeles",
    "Miami",
    "Atlanta",
    "Boston",
    "Phoenix",
    "Newark",
];

const US_STATES: &[&str] = &[
    "Texas",
    "Arizona",
    "Florida",
    "California",
    "New Mexico",
    "Ohio",
    "Oklahoma",
    "Tennessee",
    "Illinois",
    "Louisiana",
    "Nevada",
    "Colorado",
];

const US_AGENCIES: &[(&str, &str)] = &[
    ("the State Department", ""),
    ("the Department of Homeland Security", "DHS"),
    ("the U.S. Agency for International Development", "USAID"),
    ("U.S. Customs and Border Protection", "CBP"),
    ("U.S. Immigration and Customs Enforcement", "ICE"),
    ("the Border Patrol", ""),
    ("the Justice Department", ""),
    ("the Office of Refugee Resettlement", "ORR"),
    ("U.S. Citizenship and Immigration Services", "USCIS"),
    ("the Inter-American Foundation", ""),
    ("the Millennium Challenge Corporation", ""),
];

const INTERNATIONAL: &[(&str, &str)] = &[
    ("the International Organization for Migration", "IOM"),
    ("the U.N. refugee agency", "UNHCR"),
    ("the Inter-American Development Bank", "IDB"),
    ("the World Bank", ""),
    ("the World Food Programme", "WFP"),
    ("UNICEF", ""),
    ("the Organization of American States", "OAS"),
    (
        "the Central American Bank for Economic Integration",
        "CABEI",
    ),
    ("the Pan American Health Organization", "PAHO"),
];

const SENATE_COMMITTEES: &[(&str, &str)] = &[
    ("the Senate Judiciary Committee", ""),
    ("the Senate Foreign Relations Committee", ""),
    ("the Senate Appropriations Committee", ""),
    ("the Senate Homeland Security Committee", ""),
];

const HOUSE_COMMITTEES: &[(&str, &str)] = &[
    ("the House Homeland Security Committee", ""),
    ("the House Appropriations Committee", ""),
    ("the House Foreign Affairs Committee", ""),
    ("the House Judiciary Committee", ""),
];

const AID_GROUPS: &[(&str, &str)] = &[
    ("Human Rights Watch", ""),
    ("Amnesty International", ""),
    ("Doctors Without Borders", ""),
    ("the International Rescue Committee", "IRC"),
    ("Catholic Charities", ""),
    ("Kids in Need of Defense", "KIND"),
    ("the Hope Border Institute", ""),
    ("Al Otro Lado", ""),
    ("Save the Children", ""),
    ("Mercy Corps", ""),
    ("HIAS", ""),
    ("the Kino Border Initiative", ""),
    ("the Norwegian Refugee Council", "NRC"),
    ("Cristosal", ""),
    ("the Washington Office on Latin America", "WOLA"),
];

const THINK_TANKS: &[(&str, &str)] = &[
    ("the Migration Policy Institute", "MPI"),
    ("the Wilson Center", ""),
    ("the Council of the Americas", ""),
    ("the Cato Institute", ""),
    ("the Center for Immigration Studies", ""),
    ("the Inter-American Dialogue", ""),
    ("the Brookings Institution", ""),
    ("the American Immigration Council", ""),
    ("the Bipartisan Policy Center", ""),
    ("the Atlantic Council", ""),
    ("the International Crisis Group", ""),
    ("the Center for Strategic and International Studies", "CSIS"),
];

const MEDIA: &[(&str, &str)] = &[
    ("CNN", ""),
    ("ABC News", ""),
    ("Reuters", ""),
    ("the Associated Press", "AP"),
    ("NPR", ""),
    ("Univision", ""),
    ("Telemundo", ""),
    ("The Washington Post", ""),
    ("The New York Times", ""),
    ("Politico", ""),
    ("Axios", ""),
    ("El Faro", ""),
    ("Prensa Libre", ""),
    ("Milenio", ""),
    ("El Universal", ""),
    ("Fox News", ""),
    ("NBC News", ""),
    ("CBS News", ""),
    ("Al Jazeera", ""),
    ("EFE", ""),
    ("Agence France-Presse", "AFP"),
    ("the Los Angeles Times", ""),
    ("the Texas Tribune", ""),
    ("Border Report", ""),
];

/// Policies and pathways, which officials defend, courts rule on and critics attack.
const PROGRAMS: &[(&str, &str)] = &[
    ("Temporary Protected Status", "TPS"),
    ("Deferred Action for Childhood Arrivals", "DACA"),
    ("Title 42", ""),
    ("the Migrant Protection Protocols", "MPP"),
    ("the Remain in Mexico policy", ""),
    ("the CBP One app", ""),
    ("the Central American Minors program", ""),
    ("the Safe Mobility Initiative", ""),
    ("the H-2A visa program", ""),
    ("the H-2B visa program", ""),
    ("the Circumvention of Lawful Pathways rule", ""),
    ("Family Reunification Parole", ""),
    ("the CHNV parole program", ""),
    ("Operation Lone Star", ""),
    ("the Asylum Cooperative Agreements", ""),
];

/// Development and cooperation programs, which stand in for invented ones at times.
const DEV_PROGRAMS: &[(&str, &str)] = &[
    ("Sembrando Vida", ""),
    ("Jóvenes Construyendo el Futuro", ""),
    ("the Alliance for Prosperity", ""),
    ("the Mérida Initiative", ""),
    ("Central America Forward", ""),
    ("Plan Frontera Sur", ""),
];

/// Offices the gazetteer's people hold, as this generator sorts them.
const HEADS_OF_STATE: &[&str] = &[
    "President",
    "Prime Minister",
    "Co-President",
    "Acting President",
    "Interim President",
];
const US_EXECUTIVE: &[&str] = &[
    "U.S. Department of State",
    "U.S. Department of Homeland Security",
    "White House",
    "U.S. Customs and Border Protection",
    "U.S. Immigration and Customs Enforcement",
    "U.S. Citizenship and Immigration Services",
    "U.S. Border Patrol",
    "U.S. Department of Justice",
    "United States Agency for International Development",
];
const US_LEGISLATURES: &[&str] = &["United States Senate", "United States Congress"];

/// How a title names its body when it stands before a name ("CBP Commissioner X").
const BODY_PREFIXES: &[(&str, &str)] = &[
    ("White House", "White House"),
    ("U.S. Customs and Border Protection", "CBP"),
    ("U.S. Immigration and Customs Enforcement", "ICE"),
    ("U.S. Citizenship and Immigration Services", "USCIS"),
    ("U.S. Border Patrol", "Border Patrol"),
    (
        "United States Agency for International Development",
        "USAID",
    ),
    ("United States Senate", "Senate"),
    ("United States Congress", "House"),
    ("National Migration Institute", "INM"),
];

/// Titles of invented people: (before a name, after it).
const ENVOY_TITLES: &[(&str, &str)] = &[
    ("special envoy", "special envoy for {reg}"),
    ("senior adviser", "senior adviser on {reg}"),
    ("senior official", "senior official for migration"),
    (
        "deputy assistant secretary",
        "deputy assistant secretary for {reg}",
    ),
    ("coordinator", "coordinator for {reg}"),
];
const DIRECTOR_TITLES: &[(&str, &str)] = &[
    ("Director", "director"),
    ("Director General", "director general"),
    ("Commissioner", "commissioner"),
    ("chief", "head"),
];
const MINISTER_TITLES: &[&str] = &[
    "Foreign Minister",
    "Interior Minister",
    "Security Minister",
    "Deputy Foreign Minister",
    "Labor Minister",
];
const ACTIVIST_TITLES: &[&str] = &[
    "executive director",
    "director",
    "founder",
    "president",
    "coordinator",
];
const ANALYST_TITLES: &[&str] = &[
    "senior fellow",
    "analyst",
    "researcher",
    "policy analyst",
    "economist",
    "senior researcher",
];

const LATIN_SURNAMES: &[&str] = &[
    "Aguilar",
    "Alvarado",
    "Arriaga",
    "Barrios",
    "Bonilla",
    "Cabrera",
    "Calderón",
    "Cárdenas",
    "Carrillo",
    "Castañeda",
    "Cisneros",
    "Contreras",
    "Domínguez",
    "Escobar",
    "Espinoza",
    "Estrada",
    "Figueroa",
    "Fuentes",
    "Galindo",
    "Gallardo",
    "Godoy",
    "Guerrero",
    "Guzmán",
    "Ibarra",
    "Lara",
    "Ledesma",
    "Lozano",
    "Maldonado",
    "Medina",
    "Mejía",
    "Meléndez",
    "Miranda",
    "Molina",
    "Montoya",
    "Navarro",
    "Núñez",
    "Ochoa",
    "Orellana",
    "Pacheco",
    "Padilla",
    "Paredes",
    "Pineda",
    "Portillo",
    "Quintanilla",
    "Quiroz",
    "Rivas",
    "Robles",
    "Salinas",
    "Sandoval",
    "Santamaría",
    "Serrano",
    "Sosa",
    "Tejada",
    "Trejo",
    "Urbina",
    "Valdez",
    "Valladares",
    "Vásquez",
    "Velásquez",
    "Villalobos",
    "Zamora",
    "Argueta",
    "Cruz",
    "Lagos",
    "Hernández",
    "Mendoza",
    "Reyes",
    "Flores",
    "Chávez",
    "Ramírez",
    "Osorio",
    "Zepeda",
    "Amaya",
    "Girón",
    "Sierra",
    "Rosales",
    "Palacios",
    "Aguirre",
    "Benítez",
    "Cerna",
];
const ANGLO_SURNAMES: &[&str] = &[
    "Becker",
    "Brennan",
    "Carver",
    "Doyle",
    "Fischer",
    "Gallagher",
    "Holt",
    "Keane",
    "Kowalski",
    "Lindqvist",
    "Mercer",
    "Novak",
    "Okafor",
    "Pruitt",
    "Quinlan",
    "Sorensen",
    "Walsh",
    "Yates",
    "Abernathy",
    "Caldwell",
    "Donnelly",
    "Easton",
    "Hendricks",
    "Jansen",
    "Kaplan",
    "Lowry",
    "Mahoney",
    "Nguyen",
    "Ostrander",
    "Patel",
    "Reinholt",
    "Sato",
    "Thibodeaux",
    "Underwood",
    "Vargas",
    "Whitaker",
];
/// Made-up surnames come from these: "Whit" + "ford".
const SURNAME_ROOTS: &[&str] = &[
    "Ash", "Black", "Brad", "Brook", "Cald", "Cran", "Dal", "Dun", "Elling", "Fair", "Farn", "Gar",
    "Hal", "Hart", "Hay", "Kings", "Lang", "Lind", "Mid", "Mor", "Nor", "Pem", "Rad", "Red", "Ros",
    "Rut", "Stan", "Stock", "Thorn", "Wal", "War", "Wes", "Whit", "Win", "Yar",
];
const SURNAME_ENDINGS: &[&str] = &[
    "ford", "ley", "wood", "well", "ton", "field", "more", "by", "ridge", "worth", "brook",
    "stead", "wick", "land", "don",
];

/// Parts of invented names.
const FIELDS: &[&str] = &[
    "Human Mobility",
    "Migrant Affairs",
    "Returned Migrant Care",
    "Social Development",
    "Border Management",
    "Refugee Protection",
    "Child and Family Protection",
    "Rural Development",
    "Labor Mobility",
    "Consular Protection",
    "Civil Registration",
    "Disaster Response",
    "Community Security",
    "Migrant Reintegration",
];
const CAMPOS: &[&str] = &[
    "Movilidad Humana",
    "Atención al Migrante",
    "Desarrollo Social",
    "Protección de la Niñez",
    "Asuntos Migratorios",
    "Gestión Fronteriza",
    "Reintegración Social",
    "Protección Consular",
    "Desarrollo Rural",
    "Trabajo y Previsión Social",
];
const WORDS: &[&str] = &[
    "Lantern",
    "Crossroads",
    "Northstar",
    "Bridgeway",
    "Open Door",
    "Common Ground",
    "Safe Harbor",
    "Wayfinder",
    "Keystone",
    "Beacon",
    "New Horizons",
    "Good Shepherd",
    "Clearwater",
    "Riverbend",
    "Sunrise",
    "Compass",
    "Open Road",
    "Harvest",
    "Cedar",
    "Lighthouse",
    "Meridian",
    "Tall Pines",
];
const PALABRAS: &[&str] = &[
    "Puentes",
    "Raíces",
    "Camino Abierto",
    "Frontera Viva",
    "Nuevo Amanecer",
    "Alas",
    "Horizonte",
    "Brújula",
    "Luz del Camino",
    "Tierra Nueva",
    "Voces",
    "Refugio",
    "Esperanza del Sur",
    "Caminantes",
    "Dignidad",
    "Manos Abiertas",
    "Buen Samaritano",
    "Sendero Libre",
];
const CAUSES: &[&str] = &[
    "Migrant Dignity",
    "Refugee Rights",
    "Safe Migration",
    "Family Unity",
    "Fair Asylum",
    "Children on the Move",
    "Displaced Families",
    "Migrant Workers",
    "Humane Policy",
];
const THEMES: &[&str] = &[
    "Rural Livelihoods",
    "Youth Opportunity",
    "Safe Return",
    "Family Reintegration",
    "Border Communities",
    "Regional Resilience",
    "Opportunity Corridor",
    "Coffee Recovery",
    "Young Entrepreneurs",
    "Women's Economic Empowerment",
    "Community Policing",
    "Labor Pathways",
    "Climate Adaptation",
    "Digital Skills",
    "Safe Schools",
    "Small Farmers",
];
const PROGRAM_HEADS: &[&str] = &[
    "Initiative",
    "Program",
    "Fund",
    "Plan",
    "Strategy",
    "Compact",
];

// ---------------------------------------------------------------------------------
// Templates. All written for this generator; see the template language above.
// ---------------------------------------------------------------------------------

/// A kind of story: how its headline, lede and second paragraph go.
struct Story {
    headlines: &'static [&'static str],
    ledes: &'static [&'static str],
    follow: &'static [&'static str],
}

const STORIES: &[Story] = &[
    Story {
        headlines: &[
            "{us} heads to {c} as pressure mounts over migration",
            "{us} and {lead} discuss migration in {city}",
            "In {city}, {us} presses {c.adj} leaders on border cooperation",
            "{us} visit to {c} puts root causes of migration back in focus",
        ],
        ledes: &[
            "{us+} arrived in {city} on {day} for talks with {lead+} on [curbing|managing] the flow of migrants toward the U.S. southern border.",
            "{us+} met with {lead+} in {city} on {day}, [the first|the latest] in a series of meetings aimed at [slowing|managing] migration from {reg}.",
            "{us+} is expected to visit {c} [next week|later this month] for talks with {lead}, [officials said on {day}|according to two people familiar with the plans], as the administration looks for help in reducing arrivals at the border.",
            "[On a two-day visit to {c}|On a swing through {reg}|Wrapping up a tour of {reg}], {us+} [pressed|urged] {lead+} on {day} to [do more to stop|crack down on] the smuggling networks that move migrants north.",
            "[Standing beside|Alongside] {lead+} at a news conference in {city}, {us+} [announced|unveiled] {$} in new aid on {day} and [warned|told] would-be migrants not to make the journey.",
        ],
        follow: &[
            "The trip is {us's} [first|second] to the region [since {month}|this year], and it comes as {usag} reports [a sharp rise|a steady rise|a modest drop] in the number of {c.adj} families arriving at the border.",
            "{pres} has made {reg} [a priority|central to the administration's approach], arguing that [poverty, violence and corruption|weak institutions and climate shocks] drive people to leave.",
        ],
    },
    Story {
        headlines: &[
            "{usag} pledges {$} for jobs program in {c}",
            "U.S. to send {$} to {c} to curb migration",
            "{c} gets {$} for {newprog}",
        ],
        ledes: &[
            "{usag} will provide {$} to {newprog}, a new effort to create jobs for young people in {c}, [officials announced on {day}|{us} said on {day}].",
            "{usag} pledged {$} on {day} to [expand|launch] {newprog} in {c}, betting that [economic opportunity|jobs and training] can persuade [would-be migrants|young people] to stay home.",
            "[The Biden administration|Washington|The United States government] [will channel|is sending] {$} [in aid|in development money] to {c} [over the next three years|this year], {us+} said on {day}, [most of it|much of it] through {newprog}.",
            "[Facing|Under] [pressure to slow arrivals|growing pressure at the border], {usag} [on {day} committed|committed on {day}] {$} to [a jobs program|farm and small-business grants] in {c}, [its largest pledge to the country in years|doubling its previous commitment].",
        ],
        follow: &[
            "The money will flow through {org} and other local groups, [an arrangement|a structure] meant to bypass government agencies that [critics|auditors] have accused of corruption.",
            "{newprog} [builds on|expands] [a pilot|an earlier program] that placed about {few} [young people|returnees] in [jobs|apprenticeships] in {city} last year.",
        ],
    },
    Story {
        headlines: &[
            "{c} steps up checkpoints as migrant arrivals climb",
            "{fag} deploys agents to {city} amid surge",
            "{c} tightens border as pressure from Washington grows",
        ],
        ledes: &[
            "{lead+} ordered {fag} on {day} to deploy [hundreds of|thousands of] [agents|troops|officers] to {city}, as the number of migrants heading north [climbed|reached] [its highest level in years|a new high].",
            "{c} will send {few} additional [troops|officers] to its border with {c2}, {min+} said on {day}, after [weeks of|mounting] pressure from Washington.",
            "[Checkpoints|Roadblocks|Inspections] multiplied on the highways [out of|around] {city} [this week|on {day}] as {fag} [began|stepped up] a [crackdown|campaign] against [smugglers|irregular migration] ordered by {lead+}.",
            "[Soldiers and immigration agents|Police and migration officers] [detained|stopped] more than {few} migrants [near|outside] {city} [on {day}|over the weekend], [the first results of|in] a [new|tougher] enforcement push [announced|launched] by {min+}.",
        ],
        follow: &[
            "The deployment is part of an agreement with {usa} under which {c} committed to [reduce|contain] irregular migration in exchange for [more work visas|economic aid].",
            "Rights groups [warned|said] the [crackdown|deployment] would push migrants toward [more dangerous routes|smugglers] without changing [why they leave|the reasons they leave].",
        ],
    },
    Story {
        headlines: &[
            "{crit} blasts {us} over border as crossings rise",
            "Republicans seize on border numbers as {us} defends record",
            "{crit} demands answers on {prog}",
        ],
        ledes: &[
            "{crit+} [criticized|lambasted|attacked] {us} on {day} over [the rise in|record] border crossings, accusing the administration of [losing control|failing to act].",
            "{crit+} sent a letter to {usag} on {day} [demanding|requesting] [information|documents] on {prog}, escalating a [dispute|fight] over how the [program|policy] is being run.",
            "[Republicans|Critics of the administration] [on {day}|this week] seized on [new|fresh] figures showing {n} [encounters|apprehensions] at the border, and {crit+} accused {us} of [misleading the public|ignoring the problem].",
            "[In a heated hearing|At a hearing] of {cong} on {day}, {crit+} [grilled|pressed] {us} [over|about] {prog}, [calling it|describing it as] [a magnet for illegal crossings|a failure].",
        ],
        follow: &[
            "{crit's} [remarks|letter] came [a day after|days after] {usag} released figures showing {n} [encounters|apprehensions] at the southwest border in {month}.",
            "The [exchange|clash] [reflects|underscores] how migration has become [one of the most contested issues|a defining issue] in Washington [ahead of the elections|this year].",
        ],
    },
    Story {
        headlines: &[
            "Shelters in {city} overwhelmed as arrivals rise",
            "Aid groups in {city} ask for help as migrants pile up",
            "In {city}, migrants wait and shelters run short",
        ],
        ledes: &[
            "{org}, [a network of shelters|a group that runs shelters] in {city}, [asked|urged] {intl} [on {day}|this week] for emergency [beds|food and medicine], saying its [facilities|shelters] were [at|beyond] capacity.",
            "[Hundreds of|More than {few}] migrants [slept|camped] [in the streets|outside the migration office] of {city} [on {day}|this week] as shelters run by {org} and {ngo2} ran out of space, [aid workers|volunteers] said.",
            "[With every bed taken|Its dormitories full] and [more buses arriving|families still arriving] each day, {org} [opened|set up] [a tent camp|an overflow site] [in a church parking lot|on a soccer field] in {city} [on {day}|this week].",
            "[Aid groups in {city}|Shelter operators in {city}] said on {day} that they [could no longer|were struggling to] [feed and house|care for] the [growing|rising] number of [migrants|families] [stranded|waiting] there, and {loc+} [asked|appealed to] {intl} for help.",
        ],
        follow: &[
            "{intl} estimates that about {n} people have passed through {city} [so far this year|since {month}], most of them from {c2} and {c}.",
            "Local clinics [report|have reported] [a rise|a sharp increase] in [respiratory infections|injuries from the journey|cases of dehydration] among children.",
        ],
    },
    Story {
        headlines: &[
            "Judge blocks changes to {prog}",
            "Court ruling upends {prog} overhaul",
            "Judge orders {usag} to keep {prog} running",
        ],
        ledes: &[
            "A federal judge in {bcity} on {day} blocked the administration's [changes to|plan to end] {prog}, ruling that {usag} had [failed to explain|not justified] the decision.",
            "[In a setback for|Dealing a blow to] the administration, a [federal|district] judge [ordered|told] {usag} on {day} to [restore|keep running] {prog} [for now|until the lawsuit is resolved].",
        ],
        follow: &[
            "The case was brought by {ngo2} on behalf of [asylum seekers|families] [from {c}|who had been stranded in {city}].",
            "{usag} said it was reviewing the [decision|ruling] and did not say whether it would appeal.",
        ],
    },
    Story {
        headlines: &[
            "Legal fight over {prog} heats up",
            "{ngo2} takes {prog} fight to court",
            "Courts weigh the future of {prog}",
        ],
        ledes: &[
            "A federal appeals court ruled on {day} that {usag} [may|can] [continue|resume] enforcing {prog} while the case proceeds, handing {pres} a [win|victory].",
            "{ngo2} [sued|filed suit against] {usag} on {day} [in federal court in {bcity}|in {bcity}], [arguing|saying] that [the changes to|the new limits on] {prog} [violate|break] [federal law|the Immigration and Nationality Act].",
        ],
        follow: &[
            "[Lawyers for the government|Justice Department lawyers] argued that the [executive branch|administration] has [broad|wide] authority over [immigration|the border] and that [the plaintiffs|the groups] lacked standing.",
            "The [case|dispute] is [widely expected|likely] to reach the Supreme Court, [legal scholars say|lawyers on both sides say].",
        ],
    },
    Story {
        headlines: &[
            "{c} and {c2} sign migration pact",
            "{c}, {c2} agree to share data on migrants",
            "Neighbors {c} and {c2} pledge joint border controls",
        ],
        ledes: &[
            "{c} signed an agreement with {c2} on {day} to [coordinate|jointly manage] [migration|border controls] [along their shared border|across the region], {min+} said.",
            "{c} and {c2} agreed on {day} to [share|pool] [intelligence|data] on [smuggling networks|migrants crossing their border], {min+} said, [the latest|the newest] sign of regional cooperation on migration.",
        ],
        follow: &[
            "The [deal|accord] also commits {c} to [register|screen] migrants entering from {c2}, [a step|a measure] that {ngo2} warned could [strand|trap] [thousands|vulnerable people] in [dangerous|precarious] conditions.",
            "[Details of the agreement were not|The text of the accord has not been] made public, and it was unclear [how it would be enforced|who would pay for it].",
        ],
    },
    Story {
        headlines: &[
            "{c}, {usa} agree on new steps to curb irregular migration",
            "{c} agrees to take in more deportees under deal with {usa}",
            "{usa} and {c} strike migration deal",
        ],
        ledes: &[
            "{c} agreed to accept more deportation flights from {usa} under a deal announced on {day} by {us} and {min}.",
            "[After months of talks|Following weeks of negotiations], {min+} and {us+} [signed|announced] [a migration agreement|an accord on migration] on {day} that [expands|creates] [legal pathways|work visas] for {c.adj} [workers|citizens].",
            "[Under a deal reached|In an accord sealed] on {day}, {c} [will|is to] [host|set up] [processing centers|offices] where migrants can apply for [refugee status|legal entry] to {usa}, {us+} said.",
        ],
        follow: &[
            "The [deal|accord] [gives|offers] {c} [more work visas|expanded access to guest-worker programs] in return, [officials from both countries told|according to] {media}.",
            "[Details of the agreement were not|The text of the accord has not been] made public, and it was unclear [how it would be enforced|who would pay for it].",
        ],
    },
];

const TAPPED_BY: &[&str] = &[
    "{env+} was [tapped|chosen|picked] by {pres} [in {month}|last year|earlier this year] to [lead|coordinate] the administration's work on migration from {reg}.",
    "{pres} [named|appointed|selected] {env} [in {month}|last {month}|shortly after taking office] to serve as the administration's point person on {reg}.",
    "{dir}, who was appointed by {lead} in {year}, said {newag} had [doubled|tripled] the number of officers posted at the border since then.",
    "{lead} [named|appointed] {dir.name} to head {newag} [in {month}|last year], after the resignation of {dir.his} predecessor amid a corruption inquiry.",
    "{min} was appointed to the post by {lead} [when the government took office|after a cabinet reshuffle] and has [since|quickly] become the government's main voice on migration.",
    "{spk.name} was [hired|recruited] by {usag2} [in {year}|two years ago] after [a decade|years] covering border issues for {media2}.",
    "[Earlier this year|Last {month}|In {month}], {pres} tapped {us} to [lead|oversee] diplomatic efforts with {c} and its neighbors, [a task|an assignment] that several predecessors [struggled with|found thankless].",
    "{env}, who was designated by {us} to coordinate the talks with {c}, said [progress had been slow|the talks were moving in the right direction].",
];

const LEADER_OF: &[&str] = &[
    "{org}, [headed|led|run] by {ngo.name}, operates [two|three|four] shelters [along the border|in {city}] that take in [up to {few}|hundreds of] people a night.",
    "{ngo.name}, who [heads|leads] {org}, said [requests for help|calls to the group's hotline] had [doubled|surged|climbed steadily] since {month}.",
    "{dir.name}, who has headed {newag} since {year}, told reporters the agency [needed|lacked] [more staff|more money|better equipment] to keep up with [the arrivals|demand].",
    "{cong}, [chaired|led] by {crit}, [is expected to|will] hold a hearing on {prog} [next month|in the coming weeks|before the end of the year].",
    "{newag} is led by {dir.name}, a former [judge|diplomat|police commander] who took over [in {month}|last year] [with a promise to|vowing to] [clean up|modernize] the agency.",
    "{lead}, who heads the government of {c}, has made migration [a centerpiece|a priority] of {lead.his} [agenda|term].",
];

const MEMBER_OF: &[&str] = &[
    "{crit}, a member of {cong}, [said|argued] the administration had [ignored|downplayed] [warnings|the warning signs] for months.",
    "{spk+} [declined to comment on|would not discuss] [specific cases|the number of agents involved], citing [privacy rules|an ongoing review].",
    "{ana.name}, a [senior fellow|researcher|policy analyst] at {tank}, said the [figures|data] reflected [a broader shift|a structural change] in who is migrating and why.",
    "{usag's} [special envoy|senior adviser] for {reg}, {env.name}, [told|assured] lawmakers that the [strategy|plan] would [take years|need time] to show results.",
    "{mig} had worked for [years|a decade] as a [farmhand|bricklayer|street vendor] before [the gangs|the drought|the pandemic] [pushed|forced] {mig.him} out.",
];

const SPOKE_WITH: &[&str] = &[
    "{us+} [spoke with|talked with|held a phone call with|had a video call with] {lead+} on {day}, [according to a readout of the conversation|officials said].",
    "{us} said {us.he} had [spoken|talked] with {lead} and {min} about [joint patrols|the surge in arrivals|{newprog}].",
    "{min} [conferred|consulted] with officials from {usag} [by phone|in Washington] [on {day}|last week] about [deportation flights|visa processing|a new screening system].",
    "{us} discussed [border security|the root causes of migration|labor visas] with {min} [during a call on {day}|by phone on {day}|at length].",
    "{lead} [phoned|telephoned] {pres} [on {day}|last week] to [press for|ask about|lobby for] [more work visas|{prog}|an extension of {prog}].",
    "{us} has not spoken with {lead} since {month}, [a person familiar with the matter said|according to two officials|aides acknowledged].",
    "{us} is expected to [hold talks with|speak with] {min} [later this week|on {day}|before the end of the month].",
    "{crit} said {crit.he} had talked to [senior officials at|leaders of] {usag} about [the backlog|the detention numbers|the cost].",
    "{dir} held a [virtual|video] conversation with counterparts from {c2} [on {day}|last week] to [share|compare] [data|notes] on [smuggling routes|recent arrivals].",
];

const MET_WITH: &[&str] = &[
    "{us} [met with {lead}|met with {lead} and {min}|sat down with {lead}] in {city} on {day}, the latest in a series of [meetings|talks] aimed at [slowing|managing] migration from {reg}.",
    "{lead} [hosted|received] {us} at the [presidential palace|National Palace] [in {city}|on {day}] for [talks|a working lunch] that [lasted nearly three hours|ran well past schedule].",
    "{us} did not meet with {ngo}, [a decision that drew criticism from advocates|which angered local activists], though aides said a meeting could take place on a future trip.",
    "{us} is scheduled to meet {lead} [on {day}|next week] before traveling to {c2}.",
    "{min} and {env} met [behind closed doors|for more than two hours] [on {day}|at the foreign ministry], according to {media}.",
    "{ngo} said {ngo.he} met with {env} [in Washington|last month|in {month}] to [present|raise] [evidence of abuses|concerns about {prog}].",
    "{dir} [held meetings with|met with] [representatives of|officials from] {intl} to discuss [a new registration system|funding for shelters|the numbers].",
    "{us} will also meet with [civil society groups, including|representatives of] {org} and {ngo2}, [aides said|according to a schedule released on {day}].",
    "{crit} [sat down with|met] {loc} [on {day}|during a visit to {city}|last week] to [hear about|discuss] [the strain on local services|the city's needs].",
];

const VISITS: &[&str] = &[
    "{us} [traveled|flew] to {city} [on {day}|last week|this week] [for|to attend] a [regional summit|meeting of foreign ministers|conference on migration].",
    "{us} arrived in {c} [on {day}|late {day}] [on the first leg of a|for a] [two-day|three-day|four-nation] [trip|tour] through {reg}.",
    "{us's} visit to {c} [comes|came] [as|at a time when] [arrivals at the border|apprehensions] [remain near record levels|have begun to fall].",
    "{us} is expected to visit {bcity} [next month|later this year|in the coming weeks], [officials said|according to an aide|a spokesperson said].",
    "{crit} toured a [processing center|detention facility|migrant shelter] in {bcity} [on {day}|last week] and [described the conditions as dire|called the conditions unacceptable].",
    "Officials from {usag} [toured|visited] [a reception center|a shelter|a bus station] in {city} [on {day}|this week], where [hundreds of|dozens of] migrants were waiting for [transportation|paperwork].",
    "{lead} will travel to Washington [next month|in {month}] [for talks with|to meet] {pres}, [the presidency said|officials in {city} said|according to the foreign ministry].",
    "{us} did not visit {bcity} during the trip, [an omission|a decision] that Republicans [quickly seized on|were quick to point out].",
    "{min} [headed|went] to {c2} [on {day}|this week] to [negotiate|discuss] [a joint plan|new rules] for [deportation flights|asylum seekers|border crossings].",
    "[In {month}|Last year], {ngo} traveled to {bcity} with a delegation from {org} to [document|monitor] [conditions|expulsions] at the border.",
];

const WORKS_WITH: &[&str] = &[
    "{usag} is working [closely|directly] with {fag} to [expand|speed up|improve] [screening|registration|the processing of asylum claims] [at the border|in {city}].",
    "{intl}, in coordination with {newag}, has registered more than {n} people [in {city}|at temporary sites] [since {month}|this year].",
    "{org} [has partnered with|is partnering with|teamed up with|joined forces with] {ngo2} to [offer|provide] legal [advice|orientation] to [families|asylum seekers] waiting in {city}.",
    "{c} signed an agreement with {c2} [in {month}|last year|on {day}] to [share|exchange] [biometric data|information] on [migrants|smuggling networks] [crossing their shared border|moving through the region].",
    "{usag} and {fag} have been cooperating with {intl} on a [pilot|new] program [to|that aims to] [register|identify|screen] migrants before they reach the border.",
    "{dir} said {newag} [was collaborating|had been collaborating|would collaborate] with {usag2} [to track|on tracking] [smuggling networks|document fraud|the movement of unaccompanied children].",
    "{fag} [is coordinating|has been coordinating] with [authorities in] {c2} to [manage|regulate] the [flow|movement] of people [across the border|through {city}].",
    "{usag} [plans to|will] partner with [private companies and] {ngo2} to [train|hire] [young people|returning migrants] in {c}, [officials said|according to a fact sheet].",
    "{tank} has worked alongside {org} [for years|since {year}] to [gather|collect] [testimony|data] from [people deported to|returnees in] {c}.",
];

const FUNDS: &[&str] = &[
    "{usag} [pledged|allocated|earmarked|committed] {$2} [to|for] {newprog}, which [aims to|is meant to] [create jobs|keep young people in school|support small farmers] in [{city}|rural {c}].",
    "{usag} will provide [an additional|another] {$s} for {org} and {ngo2}, [the agency said|officials said|according to a statement].",
    "{intl} [announced|approved|unveiled] {$2} in [loans|grants|financing] for {c} [on {day}|this week], meant for [housing|roads|water systems] in areas that have sent large numbers of migrants north.",
    "{org} received {$s} from {usag} [last year|in {year}] [to expand|for] [its shelters|its legal clinic|mental health services].",
    "{c} has [channeled|poured|steered] {$2} into {newprog} since {year}, according to [budget documents|the finance ministry].",
    "{intl} [funds|finances] {newprog}, which pays [young people|returning migrants] a monthly stipend [while they train|to stay in school|for up to a year].",
    "{us} said {usa} would [give|send] {$} to {c} [over five years|this year|in the coming months] to [support|fund] [{newprog}|job training|anti-corruption efforts].",
    "{usag} [has been funding|has funded] {org}'s [shelters|programs|work] in {city} since {year}.",
    "{usag2} [awarded|granted] {$s} to {ngo2} to [expand|run] [legal services|reception centers] [near the border|in {bcity}].",
    "[The European Union|Spain] also [donated|pledged] {$2} to {intl} for [its operations|emergency shelter] in {reg}.",
];

const REQUESTS_FUNDING: &[&str] = &[
    "{pres} asked Congress for {$} to [address|tackle] [the root causes of migration|the situation at the border|the backlog in immigration courts], [a request that stalled in the House|but the proposal faced resistance on Capitol Hill].",
    "{lead} [urged|pressed|called on] {intl} to help [fund|finance] [reception centers|new shelters|job programs] [along the border|in {city}].",
    "{newag} has [requested|sought] funding from {usag} to [hire|train] [more|additional] [caseworkers|interpreters|officers].",
    "{ngo} said {org} had asked {usag2} for {$s} to [keep its shelters open|expand its clinic] [through the end of the year|for another six months].",
    "{usag} [sent|submitted] a budget request to Congress [seeking|for] {$2} [for|to cover] [border operations|processing centers|refugee resettlement].",
    "{min} [lobbied|petitioned] {intl} for [emergency|additional] [financing|funds] [after|as] [hurricane damage|a drought|the arrivals] strained [local budgets|public services].",
    "{c} is seeking [funding|money] from {intl} to [build|equip] [new shelters|border posts] [in {city}|near the border], [the foreign ministry said|officials said].",
];

const ASSISTS: &[&str] = &[
    "{usag} deployed a team of [specialists|aid workers|disaster experts] to help [families|communities|migrants] in {city} [after the floods|after the hurricane|during a surge in arrivals].",
    "{intl} [provided|delivered] [humanitarian|emergency] [assistance|aid|supplies] to {c} [after|following] [the storms|a deadly landslide|the earthquake], [the agency said|according to the U.N.].",
    "{ngo2} [offers|provides] [legal|medical] [aid|services|care] to [migrants|asylum seekers] in {city}, [as well as food and shelter|along with psychological support].",
    "{usag} has helped {fag} [train|equip] [border agents|immigration officers|prosecutors] [since {year}|under a program that began in {year}].",
    "{c2} [sent|dispatched] emergency relief to {c} [after|following] [the hurricane|the floods], including [tents|water purifiers|medical teams].",
    "{ngo2} [is supporting|supports] {org} with [food, blankets and hygiene kits|staff and supplies|funding for medicine].",
    "{fag} [responded|is responding] to [the crisis|the influx|the emergency] in {city} by [opening|setting up] [a temporary shelter|a second processing center].",
    "Volunteers from {org} [assisted|helped] {loc} [in organizing|with running] [a temporary camp|food distribution] [on the outskirts of|in] {city}.",
];

const DIRECTS: &[&str] = &[
    "{pres} [tasked|directed|instructed] {us} to lead the administration's [diplomatic|regional] effort [in|with] {reg}.",
    "{lead} ordered {fag} to [step up|increase|expand] [inspections|patrols|checkpoints] [along the border|on highways leading to {city}].",
    "{us} [has instructed|directed] {env} to [draft|prepare] [a plan|recommendations] for [expanding|overhauling] {prog}.",
    "{min} charged {newag} with [registering|processing|screening] [all new arrivals|asylum requests] [in|near] {city}.",
    "{usag} ordered {usag2} to [halt|pause|resume] [deportation flights|releases] to {c} [pending a review|starting {day}].",
    "{pres} directed {usag} to [prepare|draw up] [contingency plans|options] for a [sudden|large] increase in arrivals from {c}.",
];

const CRITICIZES: &[&str] = &[
    "{crit} [criticized|slammed|lambasted|blamed] {us} [over|for] [the surge|rising numbers|the chaos] at the border, calling the administration's [response|policies] [a failure|reckless].",
    "{ngo} [accused|faulted] {fag} of [failing to protect|mistreating|abandoning] migrants [in|near] {city}.",
    "{tank} has [condemned|denounced] {prog} as [costly|unworkable|cruel], [citing|pointing to] [court records|government data].",
    "{crit} sought to tie {us} to [the crisis|rising crossings|the administration's failures] [in a series of television interviews|during a campaign speech].",
    "{ngo2} took aim at {newprog}, [saying|arguing] it [did little|had done little] to [address|change] [why people leave|conditions on the ground].",
    "{crit} renewed {crit.his} criticism of {prog} [on {day}|this week], [saying|arguing] it [encouraged|rewarded] [illegal crossings|fraud].",
    "{lead} [rebuked|chided] {usag} [over|for] [deportation flights|the treatment of {c.adj} migrants|the new restrictions], calling the practice [inhumane|unacceptable].",
    "{ana} blamed both {pres} and {crit} for turning migration into [a political football|a wedge issue].",
    "{lead} lashed out at {media} [over|for] its coverage of [the talks|migration|the country's prisons].",
    "Human rights groups, including {ngo2}, have [criticized|denounced|condemned] {c}'s [treatment of|crackdown on] migrants, [citing|pointing to] reports of [extortion|abuse] by [police|officials].",
];

const CONTACTED: &[&str] = &[
    "{ngo} [wrote to|sent a letter to] {us} [in {month}|last week|on {day}] [urging|asking] the administration to [reconsider|suspend|expand] {prog}.",
    "{min} [reached out to|contacted] {usag} after reports that [several|dozens of] {c.adj} [citizens|nationals] had been [detained|deported] [without notice|in error].",
    "{media} [contacted|reached out to] {fag} [for comment|on {day}], but the agency did not [respond|immediately respond].",
    "{crit} and [several|a group of] [colleagues|other lawmakers] sent a letter to {usag} [demanding|requesting] [information|answers] about [detention conditions|the cost of the program].",
    "{dir} said {newag} had [contacted|emailed] {intl} [seeking|to request] [technical|logistical] [help|support] with the [registration|processing] of new arrivals.",
    "{lead} [appealed|wrote] to {pres} [in a letter|directly] [last month|in {month}], asking {pres.him} to [extend|restore] {prog} for {c.adj} nationals living in {usa}.",
    "{ngo} said {ngo.he} had reached out to {usag2} [repeatedly|several times] [but had not received|without receiving] a response.",
];

const STATEMENT_TO: &[&str] = &[
    r#""{q:official}," {us} told {media}."#,
    "{spk} told {media} that the agency [was reviewing|would review] [the findings|the allegations|the report] and [took|takes] such [claims|concerns] seriously.",
    r#""{q:advocate}," {ngo} said in an interview with {media}."#,
    "{min} said [on {day}|this week] in an interview with {media} that {c} [would not|could not] [accept|absorb] more deportation flights without [additional|more] support.",
    "{usag} said in a statement to {media} that it had [followed|complied with] [all applicable laws|the relevant procedures].",
    r#"{mig+} told {media}: "{q:migrant}.""#,
    "{ana}, speaking to {media} [on {day}|this week], said the [policy|new rule] was unlikely to [change|alter] [the underlying dynamics|what drives people to leave].",
    "{crit} said on {media2} [on {day}|Sunday] that {usag} [had lost control|was overwhelmed] and [called for|demanded] [hearings|a full investigation].",
    r#""{q:local}," {loc} told {media}, [adding|saying] that the city had received [no help|little help] from the national government."#,
];

/// One group per relation type, so every type is drawn as often.
const RELATIONS: &[&[&str]] = &[
    TAPPED_BY,
    LEADER_OF,
    MEMBER_OF,
    SPOKE_WITH,
    MET_WITH,
    VISITS,
    WORKS_WITH,
    FUNDS,
    REQUESTS_FUNDING,
    ASSISTS,
    DIRECTS,
    CRITICIZES,
    CONTACTED,
    STATEMENT_TO,
];

const QUOTES: &[&str] = &[
    r#""{q:official}," {us} said [at a news conference in {city}|in brief remarks to reporters|during a briefing on {day}]."#,
    r#""{q:advocate}," said {ngo+}."#,
    r#""{q:migrant}," said {mig+}."#,
    r#""{q:analyst}," said {ana+}."#,
    r#""{q:critic}," {crit} said [in a statement|in a post on social media|at a news conference]."#,
    r#""{q:official}," {min} said. "{q:official}.""#,
    r#"{lead} struck a [defiant|conciliatory|cautious] tone. "{q:official}," {lead.he} said."#,
    r#""{q:local}," said {loc}, who added that the city [had run out of|lacked] [beds|money|space] for new arrivals."#,
    r#"{mig} said {mig.he} [planned|hoped] to [reach|join relatives in] {ucity}. "{q:migrant}," {mig.he} said."#,
    r#""{q:analyst}," {ana} [wrote|said] in a [report|paper|analysis] [published|released] [this week|on {day}]."#,
    r#"{env} [acknowledged|conceded] that [progress|change] would take time. "{q:official}," {env.he} said."#,
    r#""{q:advocate}," {ngo} said, [standing|speaking] outside [the shelter|the group's offices] in {city}."#,
    r#"{spk} said the agency [would continue to enforce|will keep enforcing] the law. "{q:official}," {spk.he} said."#,
    "{us} [insisted|argued] that [the strategy|the approach] was [working|beginning to work], [pointing to|citing] [a drop in|lower] [apprehensions|crossings] [in recent weeks|since {month}].",
    "{ngo} [argued|said] that [the new rules|{prog}] had [pushed|driven] [migrants|families] toward [more dangerous routes|smugglers], [a claim|an assessment] that {usag} [disputes|rejects].",
    r#"Asked whether [the talks|the agreement] would [slow|reduce] [migration|arrivals], {us} [said|replied]: "{q:official}.""#,
    r#""{q:migrant}," {mig} said, [holding|cradling] [a toddler|{mig.his} daughter|a plastic folder of documents]."#,
    r#""{q:critic}," said {crit+}."#,
];

const BACKGROUND: &[&str] = &[
    "Border Patrol agents recorded {n} encounters with migrants along the southwest border in {month}, [up|down] {pct} percent from the previous month, according to [government data|figures released on {day}].",
    "Remittances sent home by {c.adj} workers abroad reached [a record|about|nearly] {$2} [last year|in {year}], [roughly|close to] {pctlow} percent of the country's economy.",
    "Many of those arriving in {city} say they are fleeing [gang violence|extortion|threats from criminal groups] and a lack of jobs, while others point to [drought|crop failures|hurricane damage] across {reg}.",
    "Shelters in {city} [are operating|were operating|have been running] at [double|nearly three times|well above] their capacity, [local officials|aid workers|church volunteers] said.",
    "More than {n} people have applied for asylum in {c} [so far this year|since January], [a record|nearly twice as many as in {year}|outpacing every previous year].",
    "A [federal|district] judge in {bcity} [ruled|found] in {month} that [parts of|key provisions of] {prog} were unlawful, [a decision the government has appealed|though the ruling was later put on hold].",
    "The [talks|announcement] [come|comes] as the administration faces [mounting|intense|growing] pressure to show progress on [the issue|migration|border security] [ahead of the midterm elections|before the elections|in an election year].",
    "It was not immediately clear how the money would be [distributed|spent|disbursed] or which [groups|organizations|agencies] would [receive|manage] it.",
    "[The plan|The initiative|The effort] has drawn skepticism from [experts|researchers|former officials], who note that similar [efforts|programs] over the past [two decades|20 years] produced [mixed|modest|disappointing] results.",
    "Migrants waiting in {city} [described|told of|recounted] being [robbed|extorted|kidnapped|beaten] [on the journey north|by criminal groups along the route|by men posing as police].",
    "[Officials|Neither government|The ministry] did not say when the [measure|new rule|agreement|plan] would take effect [or how it would be enforced|or how much it would cost].",
    "The announcement follows [months|weeks|more than a year] of [negotiations|talks] between [the two governments|{c} and {usa}] over [deportation flights|asylum rules|work visas|border security].",
    "Under the [rule|policy], migrants who cross [between ports of entry|without an appointment] are presumed ineligible for asylum unless they [were first denied protection in another country|qualify for an exception], [with few exceptions|a standard critics call unworkable].",
    "Temperatures in {bcity} [topped|reached|hovered near] [40|42|43] degrees Celsius [last week|on {day}|for much of {month}], and [aid groups|rescue crews|medical examiners] [warned of|reported] heat-related deaths among those crossing on foot.",
    "[Most|More than half] of the {few} children who arrived [alone|without a parent] at the border [last month|in {month}] were from {c} and {c2}, according to [federal data|government figures].",
    "Smugglers charge [as much as|up to|more than] {fee} per person for the trip from {city} to the U.S. border, [migrants|people interviewed|families waiting there] said.",
    "{c}'s homicide rate [fell|dropped|declined] to {rate} per 100,000 residents [last year|in {year}], [according to police figures|though rights groups question the figures|the government said].",
    "{usa} deported {n} people to {c} in the fiscal year that ended in September, [government data show|according to federal figures|up from the year before].",
    "Immigration courts face a backlog of more than {big} cases, and [asylum seekers|applicants|families] often wait [years|three years or more] for a hearing.",
    "The route north [runs|passes] through [some of the most dangerous territory in the hemisphere|jungle, desert and towns controlled by criminal groups|mountain passes, rivers and cartel checkpoints].",
    "[Drought|Erratic rainfall|A plague of coffee rust] [linked to climate change|that farmers blame on a changing climate] has [devastated|hurt|cut] [coffee|corn and bean] harvests in {c} [for several years|since {year}].",
    "At least {few} migrants [died|were reported missing|lost their lives] [last year|this year|in {year}] on routes through {reg}, according to {intl}.",
    "{c} and {c2} share a [long|porous|mountainous] border that [smugglers|criminal groups|traffickers] have [exploited|used] for decades.",
    "In {month}, a [bus|truck|van] carrying [dozens of|more than {few}] migrants [overturned|crashed|caught fire] [on a highway near|on the road to] {city2}, [killing|injuring] at least {tiny} people.",
    "Applications for {prog} [rose|fell|jumped|dropped] {pct} percent [in the first half of the year|over the past year|since {month}], according to figures released [on {day}|this week|last month].",
    "The [measure|bill|spending package] passed the [Senate|House] by a vote of [51 to 49|52 to 48|68 to 32|218 to 214|220 to 211], [largely along party lines|with support from both parties|after weeks of negotiations].",
    "[Economists|Researchers] say remittances keep [many|millions of|hundreds of thousands of] families in {c} out of poverty but do little to [create jobs|generate local investment|build local industry].",
    "[Just|Only|Fewer than] {pct} percent of those returned to {c} [found|had] formal work within a year, [a survey|one study|a {tank} study] found.",
    "The [policy|rule|program] was challenged in court by [a coalition of|several|more than a dozen] states, and a ruling is not expected [before {month}|until next year|for months].",
    "Local officials in [{bcity}|{ucity}] [have declared|declared] a state of emergency [to unlock|to free up|to qualify for] [state|federal|emergency] funds [for shelters|for buses|for overtime].",
    "{city}, [a city of|home to] about {n} people, has become [a waiting point|the main transit hub|an unlikely way station] for migrants heading north.",
    "[Human smuggling|The smuggling business] has become [a multibillion-dollar enterprise|one of the most lucrative businesses|a major source of income] for criminal groups in [the region|{reg}], [analysts say|according to investigators|prosecutors say].",
    "About {pct} percent of [those interviewed|respondents] in a [recent|new] [survey|poll] [said they would consider leaving|said they planned to leave] {c} within [two years|the next year].",
    "[The government|The ministry|{fag}] has not published figures on how many people were [returned|deported] [last year|in {year}|since {month}].",
    "Prices for [corn|beans|fuel|cooking gas] have risen {pct} percent [over the past year|since {month}], straining household budgets [across|in] {c}.",
    "Asylum officers [approved|granted] about {pctlow} percent of claims from {c.adj} applicants [last year|in {year}], [well below|compared with|a fraction of] the overall rate.",
    "[Dozens|Hundreds] of [families|people] slept outside the [bus terminal|cathedral|migration office|main plaza] in {city} [on {day}|this week|over the weekend], waiting for [transit papers|appointments|buses north].",
    "The previous [agreement|arrangement|deal] [expired|collapsed|lapsed] in {year} amid [disputes over funding|a change of government|complaints from both sides].",
    "Officials in {c} [say|have said|acknowledge] the country lacks the [money|capacity|infrastructure] to [receive|reintegrate] large numbers of deportees.",
    "Since {year}, more than {n} people from {c} have settled in {ucity} [alone|and its suburbs|and the surrounding area].",
    "The [caravan|group|column], made up [mostly|largely] of [families|young men|women and children] from {c} and {c2}, set out from {city} [on {day}|before dawn|in the rain].",
    "[Analysts|Researchers] caution that monthly figures tend to [rise|fluctuate|swing] with the seasons and after [policy announcements|changes in enforcement|elections].",
    "About {pct} percent of the people [encountered|detained|processed] at the border [last month|in {month}] were [traveling as families|unaccompanied minors|single adults].",
    "The number of people crossing the Darién Gap [fell sharply|rose again|dropped by half] [this year|in {year}], according to [Panamanian authorities|figures from Panama].",
    "Deportation flights to {c} [resumed|were suspended|were cut back] in {month} after [a dispute over|delays in] [travel documents|landing permits|health screenings].",
    "[Workers|Farm laborers] from {c} [fill|have filled] [a growing share of|thousands of] [seasonal|temporary] jobs in the United States through [guest-worker visas|the H-2A program], [which employers say they cannot do without|a system critics say invites abuse].",
    "{city} [lies|sits] [a few hours|less than a day's drive|hundreds of miles] from the border, and [buses|trucks|freight trains] [leave|pass through] [daily|every night].",
    "Many of the [migrants|families] interviewed [in {city}|this week] said they had [tried|waited] [for months|for more than a year] to get an [appointment|asylum interview] [before deciding to cross|and had given up].",
    "The [gangs|criminal groups] that control [parts of {city}|many neighborhoods] [charge|demand] [a weekly fee|protection payments] from [bus drivers|shopkeepers|street vendors], [residents|business owners] say.",
    "[Mexican|Local|Federal] authorities [reported|said they had found] {few} migrants [hidden|crammed] in [a tractor-trailer|a warehouse|a safe house] [near|outside] {city2} [in {month}|last week].",
    "Before the [pandemic|crisis], [most|the majority of] those crossing the border were [single men from Mexico|seasonal workers], [a pattern that has since changed|but that has shifted].",
    "A [poll|survey] [released|published] [this month|on {day}] found that {pct} percent of Americans [consider the situation at the border a crisis|see the situation at the border as a major problem|call border security a serious concern].",
    "[Hospitals|Clinics] in {bcity} [treated|saw] [hundreds of|more than {few}] migrants [for dehydration and injuries|for falls from the border wall] [last year|in {year}].",
    "[Remittances|Money transfers] from {usa} [account for|make up] [roughly|about|nearly] {pctlow} percent of household income in [rural|western|northern] {c}, [economists estimate|according to the central bank].",
    "[Corruption|A weak judiciary|Impunity] remains [a central obstacle|a stubborn problem], [analysts|diplomats] say, [and|while] [several|two] former officials in {c} face charges [of embezzlement|over misuse of aid money].",
    "The [administration|government] has [expanded|widened] [legal pathways|work visas|parole programs] [even as|while] it [tightened|restricted] access to asylum at the border.",
    "[Families|Parents] in {city} [described|said they faced] a choice between [paying extortion|sending their children north] and [losing their businesses|risking their lives].",
    "The [number|share] of [Venezuelans|Haitians|Cubans|Ecuadorians] [arriving|crossing] at the border [rose|grew|climbed] [sharply|steadily] [in {year}|last year], [changing|reshaping] the [profile|makeup] of the people on the move.",
    "[Teachers|School officials] in {city} said [dozens of|{few}] students had [left|dropped out] [this year|since {month}], [many of them|most] to join [relatives|parents] in {usa}.",
];

const CLOSERS: &[&str] = &[
    "{us} is scheduled to return to Washington on {day}.",
    "{cong} is expected to take up the [measure|proposal] [next month|after the recess|in {month}].",
    "[A follow-up meeting|The next round of talks] is scheduled for {month} in {city2}.",
    "{usag} did not respond to a request for comment [on {day}|by publication time].",
    "[Officials|Both governments] said they would [review|evaluate] the [program|agreement] [in six months|at the end of the year].",
    "{org} said it would keep [operating|running] its shelters [as long as|while] funding [lasts|allows].",
    "{mig} said {mig.he} would [try again|wait in {city}|stay put] for as long as it takes.",
    "A hearing in the case is set for {month}.",
];

fn quotes(kind: &str) -> &'static [&'static str] {
    match kind {
        "official" => &[
            "We are not going to solve this in a month or in a year, but we are going to keep at it",
            "Our message is clear: do not make this dangerous journey",
            "This is a shared responsibility, and every country in the region has to do its part",
            "The border is not open, and it will not be open",
            "We have seen real progress, and we intend to build on it",
            "People should not have to leave home to find a decent life",
            "No country can manage this alone",
            "We are asking our partners to do more, and they are stepping up",
            "The numbers are moving in the right direction, but we are not declaring victory",
            "Our priority is to protect lives and to take apart the smuggling networks",
            "We will enforce the law, and we will do it humanely",
            "We want orderly, safe and legal pathways, and we want them to work",
            "We have been very clear with our counterparts about what we expect",
            "This is not about closing doors, it is about opening the right ones",
            "The smugglers are lying to people, and people are dying because of those lies",
            "We are investing in the region because it is in our own interest",
            "There is no quick fix, and anyone who tells you otherwise is not being honest",
            "We will not accept flights that do not meet basic standards",
            "Our citizens abroad deserve to be treated with dignity",
            "We are doing everything we can with the resources we have",
            "The agreement reflects what both countries need",
            "We are going to measure this by results, not by announcements",
            "The young people of this country need a reason to stay",
            "Cooperation with our neighbors has never been closer",
        ],
        "advocate" => &[
            "These are families who have already lost everything",
            "Every week we turn people away because there is simply no room",
            "Sending people back to danger is not a policy, it is a failure",
            "We are seeing children arrive sick, exhausted and frightened",
            "The rules change so often that even the lawyers cannot keep up",
            "Nobody walks through the jungle for weeks unless they have no other choice",
            "What we need is not more walls but more lawyers",
            "The people we serve are not statistics",
            "They promised protection, and what we see is abandonment",
            "We are doing the work the government should be doing",
            "Most of the people we see have a strong claim to protection",
            "The money has to reach the communities, not the ministries",
            "We used to see young men; now we see whole families, grandmothers and babies",
            "Every policy change sends a new wave of rumors through the shelters",
            "Deterrence does not work on people who are running for their lives",
            "We ran out of mattresses two weeks ago",
            "Nobody is asking for charity, only for a fair hearing",
            "The women we talk to have almost all been assaulted on the way",
        ],
        "migrant" => &[
            "We left with nothing but the clothes we were wearing",
            "I just want my children to be safe",
            "They told us to wait, so we wait",
            "I sold everything to pay for the trip",
            "If I go back, they will kill me",
            "There is no work at home, not even enough to feed the kids",
            "We walked for eleven days",
            "I have been trying to get an appointment for three months",
            "God willing, we will make it",
            "My brother is already in {ucity}, and I am trying to join him",
            "The gangs wanted money every week, and we could not pay anymore",
            "I do not want to go north, but there is nothing left for us here",
            "We slept in the mountains and drank water from the river",
            "My daughter has not been to school in a year",
            "We lost the harvest two years in a row",
            "The app never works, and we cannot afford to wait forever",
            "They took our phones and our money at a checkpoint",
            "I worked in the fields since I was twelve",
        ],
        "critic" => &[
            "This administration has lost control of the border",
            "Every day this goes on, the cartels get richer",
            "The American people deserve answers",
            "Throwing money at the problem has not worked and will not work",
            "This is a crisis of the administration's own making",
            "We cannot keep rewarding people who break the law",
            "The policy is a magnet, plain and simple",
            "Taxpayers are footing the bill for a failed strategy",
            "Border agents are being asked to do the impossible",
            "We need to secure the border first and talk about everything else later",
            "These numbers are not an accident, they are the result of choices",
            "Foreign aid without accountability is just a blank check",
            "The administration keeps promising a plan, and we keep waiting",
            "Our communities are paying the price for Washington's failures",
        ],
        "analyst" => &[
            "Enforcement alone has never changed the underlying incentives",
            "The numbers tell you what happened last month, not what will happen next",
            "Migration responds to conditions at home far more than to announcements in Washington",
            "What we are seeing is a shift in who migrates, not just how many",
            "Aid can help at the margins, but it takes a generation to change the drivers",
            "Smuggling networks adapt faster than governments do",
            "Every time a policy closes one route, another opens",
            "The data point to a regional displacement crisis, not a border problem",
            "Remittances have become the real social safety net in the region",
            "The governments in the region have their own reasons to cooperate, and their own limits",
            "Deals like this one tend to look better on paper than on the ground",
            "The profile of who is coming has changed faster than the policy",
            "What matters most is whether people believe they can build a future at home",
            "Most of these programs are too small and too short to change anything",
        ],
        "local" => &[
            "We are a small city and we simply do not have the resources",
            "Our people are generous, but our budget has limits",
            "We need the national government to show up",
            "The shelters are full, the clinics are full, the schools are full",
            "We did not ask for this, but we will not turn our backs on anyone",
            "Every week the buses keep coming",
            "We have been asking for help for months and nobody answers",
            "Our hospital was built for a town half this size",
            "People here have opened their homes, but they are tired",
            "We are the last stop before the border, and it shows",
        ],
        other => panic!("unknown quotation kind '{other}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use migration_kg::model::Document;
    use migration_kg::pipeline::Extractor;

    fn corpus(count: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_corpus(&mut out, count, seed).unwrap();
        out
    }

    fn parse(line: &str) -> serde_json::Value {
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
        let a = corpus(30, 7);
        assert_eq!(a, corpus(30, 7));
        assert_ne!(a, corpus(30, 8));
    }

    #[test]
    fn article_is_the_line_of_the_corpus_at_its_index() {
        let bytes = corpus(12, 99);
        let lines: Vec<&str> = std::str::from_utf8(&bytes).unwrap().lines().collect();
        for index in [0, 5, 11] {
            let expected = serde_json::to_string(&article(99, index)).unwrap();
            assert_eq!(lines[index], expected);
        }
    }

    #[test]
    fn every_line_is_an_article_of_the_promised_shape() {
        let mut out = Vec::new();
        let summary = write_corpus(&mut out, 300, 3).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(summary.articles, 300);
        assert_eq!(summary.bytes, text.len() as u64);
        let mut words = 0;
        for line in text.lines() {
            let article = parse(line);
            for field in ["id", "title", "url", "date", "source", "text"] {
                let value = article[field].as_str().unwrap_or_default();
                assert!(!value.trim().is_empty(), "{field} is empty: {line}");
            }
            let body = article["text"].as_str().unwrap();
            let n = word_count(body);
            words += n as u64;
            assert!((MIN_WORDS..=MAX_WORDS).contains(&n), "{n} words: {body}");
            let paragraphs = body.split("\n\n").count();
            assert!(
                (MIN_PARAGRAPHS..=MAX_PARAGRAPHS).contains(&paragraphs),
                "{paragraphs} paragraphs: {body}"
            );
            assert!(
                !body.contains(['{', '}', '[', ']']) && !body.contains("  "),
                "{body}"
            );
            let date = article["date"].as_str().unwrap();
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
                "{date}"
            );
        }
        assert_eq!(summary.words, words);
        let average = words / 300;
        assert!((520..=680).contains(&average), "{average} words on average");
    }

    #[test]
    fn articles_do_not_repeat_one_template() {
        let openings: HashSet<String> = (0..200)
            .map(|i| {
                let text = article(11, i).text;
                text.split_whitespace()
                    .take(12)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(openings.len() > 190, "{} distinct openings", openings.len());
        // No sentence recurs in many articles.
        let mut counts = std::collections::HashMap::new();
        for i in 0..200 {
            let text = article(11, i).text;
            let unique: HashSet<&str> = migration_kg::sentences::split(&text)
                .into_iter()
                .map(|range| text[range].trim())
                .collect();
            for sentence in unique {
                *counts.entry(sentence.to_string()).or_insert(0) += 1;
            }
        }
        let (sentence, most) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
        assert!(*most <= 20, "{most} articles share: {sentence}");
    }

    #[test]
    fn every_template_renders_completely() {
        let groups = RELATIONS
            .iter()
            .copied()
            .chain([QUOTES, BACKGROUND, CLOSERS])
            .chain(
                STORIES
                    .iter()
                    .flat_map(|s| [s.headlines, s.ledes, s.follow]),
            );
        let templates: Vec<&str> = groups.flatten().copied().collect();
        assert!(templates.len() >= 150, "{} templates", templates.len());
        for seed in 0..20 {
            let mut draft = Draft::new(Rng::with_seed(seed), pools(), "2021-06-07", 2021);
            for template in &templates {
                let sentence = draft.sentence(template);
                assert!(
                    !sentence.contains(['{', '}', '[', ']']) && !sentence.contains("  "),
                    "{template} gave {sentence}"
                );
                assert!(sentence.starts_with(|c: char| c.is_uppercase() || c == '"'));
            }
        }
    }

    #[test]
    fn tables_name_entities_the_gazetteer_knows() {
        let gazetteer = &pools().gazetteer;
        let bodies = [
            US_AGENCIES,
            INTERNATIONAL,
            SENATE_COMMITTEES,
            HOUSE_COMMITTEES,
            AID_GROUPS,
            THINK_TANKS,
            MEDIA,
            PROGRAMS,
            DEV_PROGRAMS,
        ];
        let mut names: Vec<&str> = bodies
            .iter()
            .flat_map(|t| t.iter())
            .chain(FOCUS.iter().flat_map(|f| f.agencies))
            .map(|(name, _)| *name)
            .collect();
        names.extend(US_BORDER.iter().chain(US_CITIES).chain(US_STATES));
        for focus in FOCUS {
            names.push(focus.country);
            names.extend(
                focus
                    .cities
                    .iter()
                    .chain(focus.neighbors)
                    .chain(focus.regions),
            );
        }
        for name in names {
            let name = name.trim_end_matches(" policy").trim_end_matches(" app");
            assert!(
                gazetteer.lookup(name).is_some(),
                "the gazetteer lacks {name}"
            );
        }
        let pools = pools();
        for list in pools.given.iter().flatten() {
            assert!(list.len() > 50);
        }
        assert!(pools.latin_surnames.len() > 60 && pools.anglo_surnames.len() > 200);
        assert!(pools.known.len() > 80);
    }

    #[test]
    fn the_extractor_finds_entities_and_relations_in_generated_articles() {
        let extractor = Extractor::builtin().unwrap();
        let count = 20;
        let (mut entities, mut relations) = (0, 0);
        for index in 0..count {
            let a = article(5, index);
            let graph = extractor.extract(Document {
                name: a.id,
                title: Some(a.title),
                url: Some(a.url),
                date: Some(a.date),
                source: Some(a.source),
                text: a.text,
            });
            entities += graph.entities.len();
            relations += graph.relations.len();
        }
        assert!(
            entities >= 10 * count,
            "{entities} entities in {count} articles"
        );
        assert!(
            relations >= 3 * count,
            "{relations} relations in {count} articles"
        );
    }
}
