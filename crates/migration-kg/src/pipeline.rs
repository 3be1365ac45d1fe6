//! The extraction pipeline: one document in, its entities and relations out.

use crate::cues::CueLexicon;
use crate::document::Annotated;
use crate::entities::find_mentions;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicons;
use crate::model::{DocGraph, Document, Entity, Evidence, Mention, Relation, Span};
use crate::repair::repair;
use crate::resolve::{resolve, Knowledge};
use crate::sentences;
use crate::tokens::Tagger;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Everything extraction needs, loaded once and shared by every document.
#[derive(Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicons: Lexicons,
    cues: CueLexicon,
    tagger: Tagger,
}

/// User data files that extend the embedded defaults.
#[derive(Debug, Clone, Default)]
pub struct ExtractorConfig {
    /// Gazetteer files added to the built-in ones.
    pub gazetteers: Vec<PathBuf>,
    /// A cue file added to the built-in one.
    pub cues: Option<PathBuf>,
}

impl Extractor {
    /// The embedded gazetteers and lexicons.
    pub fn builtin() -> Result<Self, Error> {
        Self::new(&ExtractorConfig::default())
    }

    /// An extractor with the built-in data plus the files `config` names.
    pub fn new(config: &ExtractorConfig) -> Result<Self, Error> {
        Ok(Extractor {
            gazetteer: Gazetteer::with_files(&config.gazetteers)?,
            lexicons: Lexicons::builtin()?,
            tagger: Tagger::builtin()?,
            cues: match &config.cues {
                Some(path) => CueLexicon::with_file(path)?,
                None => CueLexicon::builtin()?,
            },
        })
    }

    /// Repairs the document's text, then finds its entities and relations. Offsets in
    /// the result are characters of the repaired text, which the result carries.
    pub fn extract(&self, mut document: Document) -> DocGraph {
        document.text = repair(&document.text);
        self.extract_repaired(document)
    }

    /// Like [`Extractor::extract`], for a document whose text is repaired already (a
    /// stored one, or one checked against the database before extraction).
    pub fn extract_repaired(&self, document: Document) -> DocGraph {
        let text = document.text.as_str();
        let sentences = sentences::split(text);
        let tokens = self.tagger.tokenize(text, &sentences);
        let mentions = find_mentions(text, &tokens, &self.gazetteer, &self.lexicons);
        let known = Knowledge {
            gazetteer: &self.gazetteer,
            lexicons: &self.lexicons,
            date: document.date.as_deref(),
        };
        let resolution = resolve(&mentions, &sentences, &known);
        let annotated = Annotated {
            text,
            sentences,
            tokens,
            mentions,
            resolution,
        };
        let found = self.cues.extract(&annotated, &self.lexicons);
        let Annotated {
            mentions,
            resolution,
            ..
        } = annotated;
        let chars = CharIndex::new(text);

        // A place named only as an adjective of something else ("the Spanish news
        // agency") is no node of its own unless a relation or a title uses it.
        let used: BTreeSet<usize> = found.iter().flat_map(|f| [f.source, f.target]).collect();
        let kept: Vec<usize> = (0..resolution.entities.len())
            .filter(|&e| {
                used.contains(&e)
                    || resolution.entities[e]
                        .mentions
                        .iter()
                        .any(|&m| !mentions[m].demonym || mentions[m].bound)
            })
            .collect();
        let new_index: std::collections::HashMap<usize, usize> = kept
            .iter()
            .enumerate()
            .map(|(new, &old)| (old, new))
            .collect();

        let entities = kept
            .iter()
            .map(|&e| &resolution.entities[e])
            .map(|entity| {
                let mut aliases = BTreeSet::new();
                let mut spans = Vec::new();
                for &m in &entity.mentions {
                    let mention = &mentions[m];
                    let surface = &text[mention.start..mention.end];
                    if !mention.is_reference() && surface != entity.name {
                        aliases.insert(surface.to_string());
                    }
                    spans.push(Mention {
                        span: chars.span(mention.start, mention.end),
                        surface: surface.to_string(),
                    });
                }
                Entity {
                    name: entity.name.clone(),
                    kind: entity.kind,
                    aliases: aliases.into_iter().collect(),
                    mentions: spans,
                }
            })
            .collect();
        let relations = found
            .into_iter()
            .map(|f| Relation {
                source: new_index[&f.source],
                relation: f.relation,
                target: new_index[&f.target],
                modality: f.modality,
                role: f.role,
                amount: f.amount,
                evidence: Evidence {
                    document: document.name.clone(),
                    sentence: text[f.sentence.clone()].to_string(),
                    span: chars.span(f.sentence.start, f.sentence.end),
                    cue: f.cue,
                    modality: f.modality,
                    date: document.date.clone(),
                },
            })
            .collect();
        DocGraph {
            document,
            entities,
            relations,
        }
    }
}

/// Converts byte offsets to character offsets in one pass over the text.
struct CharIndex {
    /// Byte offset of every character boundary, in order; the index is the char offset.
    boundaries: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        boundaries.push(text.len());
        CharIndex { boundaries }
    }

    fn char_offset(&self, byte: usize) -> usize {
        self.boundaries.partition_point(|&b| b < byte)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_offset(start),
            end: self.char_offset(end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fragments that stress every stage: names, cues, titles, money, asides, quotes,
    /// mojibake, stray line breaks and non-ASCII.
    const PIECES: &[&str] = &[
        "Harris",
        " met with ",
        "Guatemalan President ",
        "Alejandro Giammattei",
        ", who ",
        " was tapped by ",
        "the U.S.",
        " $4 billion",
        " -- ",
        "(ICE)",
        " told CNN",
        "\"",
        "'s ",
        " envoy, ",
        "ZÃºÃ±iga",
        "\n",
        " and ",
        "Mexico",
        ". ",
        " she ",
        " his ",
        "Sen. ",
        "é",
        "🙂",
        " visit to ",
        "the vice president",
        " asked Congress for ",
        ",",
        " in an ",
        " interview",
        "Department of Energy",
        "U.S. President ",
        "Joe Biden",
        " and then with ",
        ", a Republican from Texas, ",
        " it ",
        "'s ",
        "National Guard",
        " led by ",
        " delegation",
        " which ",
        " not ",
        "\u{a0}",
        "Ã",
        "(",
        ")",
        " that ",
    ];

    fn chars_slice(text: &str, span: Span) -> String {
        text.chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect()
    }

    #[test]
    fn random_input_never_panics_repairs_idempotently_and_spans_slice_the_text() {
        let extractor = Extractor::builtin().unwrap();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 40) as usize;
            for _ in 0..length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let repaired_once = repair(&text);
            assert_eq!(
                repair(&repaired_once),
                repaired_once,
                "repair is idempotent"
            );
            let ranges = sentences::split(&repaired_once);
            let covered: String = ranges.iter().map(|r| &repaired_once[r.clone()]).collect();
            let non_space = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert_eq!(
                non_space(&covered),
                non_space(&repaired_once),
                "sentences lose no text"
            );
            let graph = extractor.extract(Document {
                name: "random".into(),
                text,
                ..Document::default()
            });
            let repaired = &graph.document.text;
            for entity in &graph.entities {
                for mention in &entity.mentions {
                    assert_eq!(chars_slice(repaired, mention.span), mention.surface);
                }
            }
            for relation in &graph.relations {
                assert_ne!(relation.source, relation.target);
                let evidence = &relation.evidence;
                assert_eq!(chars_slice(repaired, evidence.span), evidence.sentence);
            }
        }
    }

    /// A feed pasted without full stops is one sentence: its edges are still found,
    /// each with the readable window around its cue as evidence.
    #[test]
    fn a_sentence_without_end_keeps_its_edges_and_short_evidence() {
        let extractor = Extractor::builtin().unwrap();
        let names = ["Harris", "Blinken", "Mayorkas", "Ebrard", "Bukele"];
        let text: Vec<String> = (0..2_000)
            .map(|i| format!("{} met with {} and", names[i % 5], names[(i + 2) % 5]))
            .collect();
        let graph = extractor.extract(Document {
            name: "feed".into(),
            text: text.join(" ") + " nothing.",
            ..Document::default()
        });
        let edge = |a: &str, b: &str| {
            graph.relations.iter().any(|r| {
                graph.entities[r.source].name == a && graph.entities[r.target].name == b
                    || graph.entities[r.source].name == b && graph.entities[r.target].name == a
            })
        };
        assert!(edge("Kamala Harris", "Alejandro Mayorkas"));
        assert!(edge("Antony Blinken", "Marcelo Ebrard"));
        for relation in &graph.relations {
            assert!(relation.evidence.sentence.len() < 3_000);
        }
    }

    #[test]
    fn extracts_titles_cues_coordination_and_modality_from_unseen_text() {
        let extractor = Extractor::builtin().unwrap();
        let graph = extractor.extract(Document {
            name: "unseen".into(),
            text:
                "Honduran President Xiomara Castro will travel to Mexico and Guatemala next month. \
                   Senator Ted Cruz criticized the White House, accusing USAID of waste. \
                   Lucia Mendez, a spokeswoman for the International Organization for Migration, \
                   told Reuters that the agency did not meet with Mexican officials. \
                   Ana Ruiz met with Gustavo Petro in Bogotá and is scheduled to visit Quito. \
                   Ruiz said the first convoy would arrive in Tapachula. \
                   The Honduran allocation will be channeled through Fundación Senderos. \
                   Florida Gov. Ron DeSantis spoke. The Republican governor blamed the White House. \
                   U.S. District Judge Marta Solís, who was appointed by former President Donald Trump, ruled. \
                   Texas Attorney General Ken Paxton, a Republican, criticized the ruling. \
                   Kirstjen Nielsen visited a shelter in McAllen, Texas, on Friday. \
                   Mayor Oscar Leeser spoke. Ciudad Juárez Mayor Cruz Pérez Cuéllar waited. \
                   The mayor met on Monday with Mexico's consul general in El Paso, Ana Treviño. \
                   Treviño told Teletica the talks went well. \
                   Democratic Sens. Tim Kaine and Ben Cardin criticized Rep. Jim Jordan."
                    .into(),
            ..Document::default()
        });
        let edges: Vec<String> = graph
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{} -{}-> {} [{}]",
                    graph.entities[r.source].name,
                    r.relation,
                    graph.entities[r.target].name,
                    r.modality
                )
            })
            .collect();
        for expected in [
            "Xiomara Castro -leader_of-> Honduras [asserted]",
            "Xiomara Castro -visits-> Mexico [planned]",
            "Xiomara Castro -visits-> Guatemala [planned]",
            "Ted Cruz -criticizes-> White House [asserted]",
            "Ted Cruz -criticizes-> United States Agency for International Development [asserted]",
            "Lucia Mendez -member_of-> International Organization for Migration [asserted]",
            "Lucia Mendez -statement_to-> Reuters [asserted]",
            "Ana Ruiz -visits-> Quito [planned]",
            "Ron DeSantis -leader_of-> Florida [asserted]",
            "Ron DeSantis -criticizes-> White House [asserted]",
            "Marta Solís -tapped_by-> Donald Trump [asserted]",
            "Ken Paxton -member_of-> Republican Party [asserted]",
            "Kirstjen Nielsen -visits-> McAllen [asserted]",
            "Cruz Pérez Cuéllar -met_with-> Ana Treviño [asserted]",
            "Ana Treviño -member_of-> Mexico [asserted]",
            "Ana Treviño -statement_to-> Teletica [asserted]",
            "Tim Kaine -criticizes-> Jim Jordan [asserted]",
            "Ben Cardin -criticizes-> Jim Jordan [asserted]",
            "Ben Cardin -member_of-> Democratic Party [asserted]",
        ] {
            assert!(
                edges.contains(&expected.to_string()),
                "missing {expected} in {edges:#?}"
            );
        }
        for wrong in [
            "Reuters -met_with",
            "Gustavo Petro -visits-> Quito",
            "Ana Ruiz -visits-> Tapachula",
            "Honduras -funds",
            "Republican Party -criticizes",
            "Donald Trump -leader_of",
            "Ken Paxton -leader_of-> Texas",
            "Kirstjen Nielsen -visits-> Texas",
        ] {
            assert!(
                !edges.iter().any(|e| e.starts_with(wrong)),
                "{wrong}: subjects come from the right clause: {edges:#?}"
            );
        }
    }
}
