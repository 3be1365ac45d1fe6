//! Entity resolution within a document: one entity per real-world thing, however the
//! text names it ("Kamala Harris", "Harris", "the vice president", "she").
//!
//! Across documents, the store merges entities by canonical name and kind.

use crate::entities::{mention_at, Mention, Pronoun, Title};
use crate::gazetteer::{Gazetteer, Gender, Office};
use crate::lexicon::Lexicons;
use crate::model::{name_key, EntityKind};
use std::collections::HashMap;
use std::ops::Range;

/// An entity of one document, before offsets are turned into characters.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEntity {
    pub name: String,
    pub kind: EntityKind,
    pub gazetteer: Option<usize>,
    /// Indexes into the mention list, in text order.
    pub mentions: Vec<usize>,
}

/// The entities of a document and, for each mention, the entity it names.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<DocEntity>,
    pub of_mention: Vec<Option<usize>>,
    /// For a titled person mention whose title names no body ("President Gustavo
    /// Petro"): the country or body of the office the gazetteer says that title is.
    pub implied_body: HashMap<usize, usize>,
}

/// How far back (in sentences) a pronoun looks for the person it stands for.
const PRONOUN_REACH: usize = 4;

/// How far back (in sentences) "the department" looks for the body it stands for.
const ANAPHOR_REACH: usize = 6;

/// What resolution knows beyond the text: the gazetteer, the title lexicon and the
/// article's date.
pub struct Knowledge<'a> {
    pub gazetteer: &'a Gazetteer,
    pub lexicons: &'a Lexicons,
    pub date: Option<&'a str>,
}

impl Knowledge<'_> {
    /// Whether the office's term covers the article's date (always, undated).
    fn in_term(&self, office: &Office) -> bool {
        self.date.is_none_or(|d| {
            office.from.as_deref().is_none_or(|from| from <= d)
                && office.to.as_deref().is_none_or(|to| d < to)
        })
    }

    fn role(&self, role: &str) -> String {
        self.lexicons.canonical_role(role)
    }
}

pub fn resolve(mentions: &[Mention], sentences: &[Range<usize>], known: &Knowledge) -> Resolution {
    let gazetteer = known.gazetteer;
    let mut resolution = Resolution {
        entities: Vec::new(),
        of_mention: vec![None; mentions.len()],
        implied_body: HashMap::new(),
    };
    let mut by_key: HashMap<(String, EntityKind), usize> = HashMap::new();
    // Named mentions first: they define the entities.
    for (i, m) in mentions.iter().enumerate() {
        if m.name.is_empty() {
            continue;
        }
        let gazetteer_entry = m.gazetteer.or_else(|| {
            gazetteer
                .lookup(&m.name)
                .filter(|&e| gazetteer.entry(e).kind == m.kind)
        });
        let (name, key) = match gazetteer_entry {
            Some(e) => (gazetteer.entry(e).name.clone(), format!("gazetteer:{e}")),
            None => (m.name.clone(), name_key(&m.name)),
        };
        let entity = *by_key.entry((key, m.kind)).or_insert_with(|| {
            resolution.entities.push(DocEntity {
                name: name.clone(),
                kind: m.kind,
                gazetteer: gazetteer_entry,
                mentions: Vec::new(),
            });
            resolution.entities.len() - 1
        });
        // A discovered name keeps its fullest form.
        let current = &mut resolution.entities[entity];
        if current.gazetteer.is_none() && name.len() > current.name.len() {
            current.name = name;
        }
        current.mentions.push(i);
        resolution.of_mention[i] = Some(entity);
    }
    for (i, m) in mentions.iter().enumerate() {
        if let Some(body) = implied_body(m, resolution.of_mention[i], &resolution, known) {
            let entity = attach(
                &mut resolution,
                TitleTarget::Gazetteer(body),
                None,
                gazetteer,
            );
            resolution.implied_body.insert(i, entity);
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.is_title_reference() {
            resolution.of_mention[i] = resolve_title(i, mentions, &resolution, known)
                .map(|target| attach(&mut resolution, target, Some(i), gazetteer));
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if let Some(noun) = &m.anaphor {
            resolution.of_mention[i] =
                resolve_anaphor(i, noun, mentions, sentences, &resolution, known);
            if let Some(entity) = resolution.of_mention[i] {
                resolution.entities[entity].mentions.push(i);
            }
        }
    }
    // Pronouns last, in text order, so each can lean on those before it.
    for (i, m) in mentions.iter().enumerate() {
        if let Some(pronoun) = m.pronoun {
            resolution.of_mention[i] =
                resolve_pronoun(i, pronoun, mentions, sentences, &resolution, known);
            if let Some(entity) = resolution.of_mention[i] {
                resolution.entities[entity].mentions.push(i);
            }
        }
    }
    for entity in &mut resolution.entities {
        entity.mentions.sort_by_key(|&i| mentions[i].start);
    }
    resolution
}

/// Where a title reference points: an entity of the document, or a gazetteer entry
/// (an office holder on the document's date, or the body of an office).
enum TitleTarget {
    Entity(usize),
    Gazetteer(usize),
}

/// The entity for `target`, created if the document had none; `mention` (if any)
/// is added to its mentions.
fn attach(
    resolution: &mut Resolution,
    target: TitleTarget,
    mention: Option<usize>,
    gazetteer: &Gazetteer,
) -> usize {
    let entity = match target {
        TitleTarget::Entity(e) => e,
        TitleTarget::Gazetteer(g) => {
            let existing = resolution
                .entities
                .iter()
                .position(|e| e.gazetteer == Some(g));
            existing.unwrap_or_else(|| {
                resolution.entities.push(DocEntity {
                    name: gazetteer.entry(g).name.clone(),
                    kind: gazetteer.entry(g).kind,
                    gazetteer: Some(g),
                    mentions: Vec::new(),
                });
                resolution.entities.len() - 1
            })
        }
    };
    resolution.entities[entity].mentions.extend(mention);
    entity
}

/// "President Gustavo Petro" names no country, but the gazetteer knows which
/// presidency that is (on the article's date, when it has one).
fn implied_body(
    mention: &Mention,
    person: Option<usize>,
    resolution: &Resolution,
    known: &Knowledge,
) -> Option<usize> {
    let title = mention.title.as_ref().filter(|t| t.qualifier.is_none())?;
    person?;
    office_body(
        title,
        resolution.entities[person?].gazetteer,
        resolution,
        known,
    )
    .or_else(|| {
        let body = known.lexicons.title_body(&title.role)?;
        known.gazetteer.lookup(body)
    })
}

/// The body of the office the gazetteer lists for a titled person on the article's date.
fn office_body(
    title: &Title,
    entry: Option<usize>,
    resolution: &Resolution,
    known: &Knowledge,
) -> Option<usize> {
    let entry = entry?;
    let role = known.role(&title.role);
    let offices: Vec<&Office> = known
        .gazetteer
        .entry(entry)
        .offices
        .iter()
        .filter(|o| {
            let office_role = known.role(&o.role);
            office_role == role || office_role.starts_with(&format!("{role} "))
        })
        .filter(|o| known.in_term(o))
        .collect();
    // Two different bodies for the same title (a senator turned secretary) stay unresolved.
    let body = offices.first()?.of.as_str();
    if offices.iter().any(|o| o.of != body) {
        return None;
    }
    let body = known.gazetteer.lookup(body)?;
    // A head implies the body outright; a member ("Sen. X") only links to a body the
    // article names, so the Senate does not become a node the text never mentions.
    let named = resolution
        .entities
        .iter()
        .any(|e| e.gazetteer == Some(body));
    (title.class.leads() || named).then_some(body)
}

/// "the vice president" is the one person of the document who holds that title,
/// by the text's own titles or the gazetteer's offices; ambiguous titles stay unresolved.
fn resolve_title(
    index: usize,
    mentions: &[Mention],
    resolution: &Resolution,
    known: &Knowledge,
) -> Option<TitleTarget> {
    let title = mentions[index].title.as_ref()?;
    let role = known.role(&title.role);
    let qualifier_of =
        |start: usize| mention_at(mentions, start).and_then(|q| resolution.of_mention[q]);
    let qualifier = title
        .qualifier
        .and_then(qualifier_of)
        .map(|e| resolution.entities[e].name.clone());
    // An office counts when its role and body fit and its term covers the date.
    let office_matches = |office: &Office| {
        known.role(&office.role) == role
            && qualifier.as_ref().is_none_or(|q| &office.of == q)
            && known.in_term(office)
    };
    let mut candidates: Vec<usize> = Vec::new();
    for (e, entity) in resolution.entities.iter().enumerate() {
        if entity.kind != EntityKind::Person {
            continue;
        }
        let text_titles: Vec<&Title> = entity
            .mentions
            .iter()
            .filter(|&&m| !mentions[m].is_title_reference())
            .filter_map(|&m| mentions[m].title.as_ref())
            .collect();
        let titled_in_text = text_titles.iter().any(|t| {
            known.role(&t.role).ends_with(&role)
                && qualifier.as_ref().is_none_or(|q| {
                    t.qualifier
                        .and_then(qualifier_of)
                        .is_some_and(|tq| &resolution.entities[tq].name == q)
                })
        });
        // The text's own title for a person ("President Joe Biden") overrides the
        // offices the gazetteer knows from other years.
        let holds_office = text_titles.is_empty()
            && entity
                .gazetteer
                .is_some_and(|g| known.gazetteer.entry(g).offices.iter().any(office_matches));
        if titled_in_text || holds_office {
            candidates.push(e);
        }
    }
    // Several holders in the text ("Mayor Leeser ... Ciudad Juárez Mayor Pérez"): "the
    // mayor" is the one named last before it.
    let latest = |e: &usize| {
        resolution.entities[*e]
            .mentions
            .iter()
            .filter(|&&m| mentions[m].start < mentions[index].start)
            .map(|&m| mentions[m].start)
            .max()
    };
    if let Some(&nearest) = candidates
        .iter()
        .filter(|e| latest(e).is_some())
        .max_by_key(|e| latest(e))
    {
        return Some(TitleTarget::Entity(nearest));
    }
    if !candidates.is_empty() {
        return None;
    }
    // Nobody in the text holds it: the office holder on the article's date, if known.
    qualifier.as_ref()?;
    known.date?;
    let holders: Vec<usize> = (0..known.gazetteer.len())
        .filter(|&g| known.gazetteer.entry(g).offices.iter().any(office_matches))
        .collect();
    match holders[..] {
        [only] => Some(TitleTarget::Gazetteer(only)),
        _ => None,
    }
}

/// A pronoun stands for the most recent person of a compatible gender, looking back
/// through its own sentence and a few before it; a subject pronoun opening its
/// sentence continues the previous sentence's subject.
fn resolve_pronoun(
    index: usize,
    pronoun: Pronoun,
    mentions: &[Mention],
    sentences: &[Range<usize>],
    resolution: &Resolution,
    known: &Knowledge,
) -> Option<usize> {
    let start = mentions[index].start;
    let sentence = sentences
        .iter()
        .position(|s| s.contains(&start))
        .unwrap_or(0);
    let window_start = sentences[sentence.saturating_sub(PRONOUN_REACH)].start;
    let fits = |e: usize| {
        let entity = &resolution.entities[e];
        entity.kind == EntityKind::Person
            && gender_of(entity, mentions, known).is_none_or(|g| g == pronoun.gender)
    };
    let candidates: Vec<(usize, usize)> = (0..index)
        .rev()
        .take_while(|&j| mentions[j].start >= window_start)
        .filter_map(|j| {
            resolution.of_mention[j]
                .filter(|&e| fits(e))
                .map(|e| (j, e))
        })
        .collect();
    let (&(latest, entity), rest) = candidates.split_first()?;
    if pronoun.subject && mentions[latest].start < sentences[sentence].start {
        let that_sentence = sentences
            .iter()
            .find(|s| s.contains(&mentions[latest].start))
            .map_or(0, |s| s.start);
        let first_in_it = rest
            .iter()
            .take_while(|(j, _)| mentions[*j].start >= that_sentence)
            .last()
            .map_or(entity, |&(_, e)| e);
        return Some(first_in_it);
    }
    Some(entity)
}

/// "the department" is the latest agency in reach whose name holds "department" (or
/// opens with a head noun, as "Fundación Senderos" for "the foundation"); "the
/// agency", a noun of the `anaphor any` kind, is simply the latest agency.
fn resolve_anaphor(
    index: usize,
    noun: &str,
    mentions: &[Mention],
    sentences: &[Range<usize>],
    resolution: &Resolution,
    known: &Knowledge,
) -> Option<usize> {
    let (kind, by_name) = known.lexicons.anaphor(noun)?;
    let start = mentions[index].start;
    let sentence = sentences
        .iter()
        .position(|s| s.contains(&start))
        .unwrap_or(0);
    let window_start = sentences[sentence.saturating_sub(ANAPHOR_REACH)].start;
    let mut earlier = (0..index)
        .rev()
        .take_while(|&j| mentions[j].start >= window_start)
        .filter_map(|j| resolution.of_mention[j])
        .filter(|&e| resolution.entities[e].kind == kind);
    if !by_name {
        return earlier.next();
    }
    earlier.find(|&e| {
        let name = &resolution.entities[e].name;
        name.to_lowercase().contains(noun) || known.lexicons.opens_with_head(name)
    })
}

/// A person's gender as the gazetteer, the first name or the document's earlier
/// pronouns tell it.
fn gender_of(entity: &DocEntity, mentions: &[Mention], known: &Knowledge) -> Option<Gender> {
    if let Some(g) = entity
        .gazetteer
        .and_then(|g| known.gazetteer.entry(g).gender)
    {
        return Some(g);
    }
    let first_name = entity.name.split(' ').next().unwrap_or_default();
    if let Some(g) = known.lexicons.given_name_gender(first_name) {
        return Some(g);
    }
    entity
        .mentions
        .iter()
        .find_map(|&m| mentions[m].pronoun.map(|p| p.gender))
}

#[cfg(test)]
mod tests {
    use crate::model::Document;
    use crate::pipeline::Extractor;

    fn aliases_of(text: &str, name: &str) -> Vec<String> {
        let graph = Extractor::builtin().unwrap().extract(Document {
            name: "t".into(),
            text: text.into(),
            ..Document::default()
        });
        let entity = graph.entities.iter().find(|e| e.name == name);
        entity.map(|e| e.aliases.clone()).unwrap_or_default()
    }

    fn surfaces_of(text: &str, name: &str) -> Vec<String> {
        let graph = Extractor::builtin().unwrap().extract(Document {
            name: "t".into(),
            text: text.into(),
            ..Document::default()
        });
        graph
            .entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.mentions.iter().map(|m| m.surface.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_title_used_as_a_name_finds_its_single_holder() {
        // Biden also held the vice presidency once, but this text calls him President.
        let text = "President Joe Biden praised Kamala Harris. Later the vice president left.";
        assert!(aliases_of(text, "Kamala Harris").contains(&"the vice president".to_string()));
    }

    #[test]
    fn definite_noun_phrases_refer_back_to_their_kind() {
        let text = "The Department of Homeland Security spoke with Reuters. \
                    Fundación Senderos opened an office. The department contacted the foundation. \
                    The group thanked the agency.";
        let surfaces = |name: &str| surfaces_of(text, name);
        assert!(surfaces("U.S. Department of Homeland Security")
            .contains(&"The department".to_string()));
        assert!(surfaces("Fundación Senderos").contains(&"the foundation".to_string()));
        // "the group" takes the latest organization, "the agency" the latest agency.
        assert!(surfaces("Fundación Senderos").contains(&"The group".to_string()));
        assert!(
            surfaces("U.S. Department of Homeland Security").contains(&"the agency".to_string())
        );
        assert!(
            !aliases_of(text, "Fundación Senderos").contains(&"the foundation".to_string()),
            "a reference is no alias"
        );
    }

    #[test]
    fn spanish_double_surnames_and_pronouns_by_first_name() {
        let text = "Gerardo Chavarría Lux took office. Chavarría said he would stay. \
                    Laura Quiroga Pinto arrived; she met him.";
        let gerardo = surfaces_of(text, "Gerardo Chavarría Lux");
        assert_eq!(gerardo, ["Gerardo Chavarría Lux", "Chavarría", "he", "him"]);
        assert_eq!(
            surfaces_of(text, "Laura Quiroga Pinto"),
            ["Laura Quiroga Pinto", "she"]
        );
    }
}
