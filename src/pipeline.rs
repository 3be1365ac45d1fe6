//! The extraction pipeline: one document in, its entities and relations out.

use crate::entities::{find_mentions, Lexicons};
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::model::{DocGraph, Document, Entity, Evidence, Mention, Relation, Span};
use crate::relations::CueLexicon;
use crate::repair::repair;
use crate::resolve::resolve;
use crate::sentences;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Everything extraction needs, loaded once and shared by every document.
#[derive(Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicons: Lexicons,
    cues: CueLexicon,
}

/// User data files that extend the embedded defaults.
#[derive(Debug, Clone, Default)]
pub struct ExtractorConfig {
    pub gazetteers: Vec<PathBuf>,
    pub cues: Option<PathBuf>,
}

impl Extractor {
    /// The embedded gazetteers and lexicons.
    pub fn builtin() -> Result<Self, Error> {
        Self::new(&ExtractorConfig::default())
    }

    pub fn new(config: &ExtractorConfig) -> Result<Self, Error> {
        Ok(Extractor {
            gazetteer: Gazetteer::with_files(&config.gazetteers)?,
            lexicons: Lexicons::builtin()?,
            cues: match &config.cues {
                Some(path) => CueLexicon::with_file(path)?,
                None => CueLexicon::builtin()?,
            },
        })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Repairs the document's text, then finds its entities and relations. Offsets in
    /// the result are characters of the repaired text, which the result carries.
    pub fn extract(&self, mut document: Document) -> DocGraph {
        document.text = repair(&document.text);
        let text = document.text.as_str();
        let sentences = sentences::split(text);
        let mentions = find_mentions(text, &self.gazetteer, &self.lexicons);
        let resolution = resolve(
            &mentions,
            &sentences,
            &self.gazetteer,
            document.date.as_deref(),
        );
        let found = self.cues.extract(text, &sentences, &mentions, &resolution);
        let chars = CharIndex::new(text);

        let entities = resolution
            .entities
            .iter()
            .map(|entity| {
                let mut aliases = BTreeSet::new();
                let mut spans = Vec::new();
                for &m in &entity.mentions {
                    let mention = &mentions[m];
                    let surface = &text[mention.start..mention.end];
                    if mention.pronoun.is_none() && surface != entity.name {
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
                source: f.source,
                relation: f.relation,
                target: f.target,
                modality: f.modality,
                role: f.role,
                amount: f.amount,
                evidence: Evidence {
                    document: document.name.clone(),
                    sentence: text[f.sentence.clone()].to_string(),
                    span: chars.span(f.sentence.start, f.sentence.end),
                    cue: f.cue,
                    modality: f.modality,
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
