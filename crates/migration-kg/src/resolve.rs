//! Entity resolution within a document: one entity per real-world thing, however the
//! text names it ("Kamala Harris", "Harris", "the vice president", "she").
//!
//! Across documents, the store merges entities by canonical name and kind.

use crate::entities::{mention_at, Mention, Pronoun, Title};
use crate::gazetteer::{Gazetteer, Office};
use crate::lexicon::Lexicons;
use crate::model::{name_key, EntityKind, Gender};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// An entity of one document, before offsets are turned into characters.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEntity {
    /// The fullest name its mentions give.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The gazetteer entry it is, if any.
    pub gazetteer: Option<usize>,
    /// Indexes into the mention list, in text order.
    pub mentions: Vec<usize>,
}

/// The entities of a document and, for each mention, the entity it names.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// The document's entities.
    pub entities: Vec<DocEntity>,
    /// For each mention, by index, the entity it names, if any.
    pub of_mention: Vec<Option<usize>>,
    /// For a titled person mention whose title names no body ("President Gustavo
    /// Petro"): the country or body of the office the gazetteer says that title is.
    pub implied_body: HashMap<usize, usize>,
    /// Gazetteer entry -> the entity of the document that is it.
    of_gazetteer: HashMap<usize, usize>,
}

/// How far back (in sentences) a pronoun looks for the person it stands for.
const PRONOUN_REACH: usize = 4;

/// How far back (in sentences) "the department" looks for the body it stands for.
const ANAPHOR_REACH: usize = 6;

/// How many mentions back a pronoun or "the department" looks at most, so that a
/// sentence without end (a list, a transcript without periods) costs no more.
const LOOKBACK_MENTIONS: usize = 200;

/// What resolution knows beyond the text: the gazetteer, the title lexicon and the
/// article's date.
pub struct Knowledge<'a> {
    /// Known entities.
    pub gazetteer: &'a Gazetteer,
    /// Titles, given names and nicknames.
    pub lexicons: &'a Lexicons,
    /// The article's date, which says who held an office.
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

/// Joins a document's mentions into entities: names with their short forms, titles used as names with their holders, pronouns and "the department" with what they stand for.
pub fn resolve(mentions: &[Mention], sentences: &[Range<usize>], known: &Knowledge) -> Resolution {
    let gazetteer = known.gazetteer;
    let mut resolution = Resolution {
        entities: Vec::new(),
        of_mention: vec![None; mentions.len()],
        implied_body: HashMap::new(),
        of_gazetteer: HashMap::new(),
    };
    let mut by_key: HashMap<(String, EntityKind), usize> = HashMap::new();
    let variants = given_name_variants(mentions, known.lexicons);
    // Named mentions first: they define the entities.
    for (i, m) in mentions.iter().enumerate() {
        if m.name.is_empty() {
            continue;
        }
        let name = variants.get(m.name.as_str()).copied().unwrap_or(&m.name);
        let gazetteer_entry = m.gazetteer.or_else(|| {
            gazetteer
                .lookup(name)
                .filter(|&e| gazetteer.entry(e).kind == m.kind)
        });
        let (name, key) = match gazetteer_entry {
            Some(e) => (gazetteer.entry(e).name.clone(), format!("gazetteer:{e}")),
            None => (name.to_string(), name_key(name)),
        };
        let entity = *by_key.entry((key, m.kind)).or_insert_with(|| {
            resolution.entities.push(DocEntity {
                name: name.clone(),
                kind: m.kind,
                gazetteer: gazetteer_entry,
                mentions: Vec::new(),
            });
            let entity = resolution.entities.len() - 1;
            if let Some(g) = gazetteer_entry {
                resolution.of_gazetteer.entry(g).or_insert(entity);
            }
            entity
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
    // Title references in text order, each seeing the holders named before it.
    let mut holders = TitleHolders::new(mentions, &resolution, known);
    for (i, m) in mentions.iter().enumerate() {
        if m.is_title_reference() {
            let entities_before = resolution.entities.len();
            resolution.of_mention[i] = holders
                .resolve(i, mentions, &resolution, known)
                .map(|target| attach(&mut resolution, target, Some(i), gazetteer));
            for e in entities_before..resolution.entities.len() {
                holders.add_entity(e, mentions, &resolution, known);
            }
        }
        if let Some(e) = resolution.of_mention[i] {
            holders.mentioned(e);
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
    // Pronouns last, in text order, so each can lean on those before it: the first
    // pronoun an entity takes tells its gender where nothing else does.
    let mut genders: Vec<Option<Gender>> = resolution
        .entities
        .iter()
        .map(|entity| known_gender(entity, known))
        .collect();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(pronoun) = m.pronoun {
            resolution.of_mention[i] =
                resolve_pronoun(i, pronoun, mentions, sentences, &resolution, &genders);
            if let Some(entity) = resolution.of_mention[i] {
                resolution.entities[entity].mentions.push(i);
                genders[entity].get_or_insert(pronoun.gender);
            }
        }
    }
    for entity in &mut resolution.entities {
        entity.mentions.sort_by_key(|&i| mentions[i].start);
    }
    resolution
}

/// "Liz Sherwood-Randall" after "Elizabeth Sherwood-Randall": a person's name whose
/// given name is a short form of another's with the same surname, mapped to the
/// longer one. Names are grouped by surname, so this costs a hash lookup per mention.
fn given_name_variants<'m>(
    mentions: &'m [Mention],
    lexicons: &Lexicons,
) -> HashMap<&'m str, &'m str> {
    let mut by_surname: HashMap<String, Vec<&str>> = HashMap::new();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        if let Some((_, surname)) = m.name.split_once(' ') {
            let names = by_surname.entry(name_key(surname)).or_default();
            if !names.contains(&m.name.as_str()) {
                names.push(&m.name);
            }
        }
    }
    let mut variants = HashMap::new();
    for names in by_surname.values().filter(|names| names.len() > 1) {
        for &short in names {
            let given = |name: &str| name.split(' ').next().unwrap_or("").to_string();
            let longest = names
                .iter()
                .filter(|&&other| {
                    other != short && lexicons.same_given_name(&given(short), &given(other))
                })
                .max_by_key(|other| other.len());
            if let Some(&longer) = longest.filter(|other| other.len() > short.len()) {
                variants.insert(short, longer);
            }
        }
    }
    variants
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
        TitleTarget::Gazetteer(g) => *resolution.of_gazetteer.entry(g).or_insert_with(|| {
            resolution.entities.push(DocEntity {
                name: gazetteer.entry(g).name.clone(),
                kind: gazetteer.entry(g).kind,
                gazetteer: Some(g),
                mentions: Vec::new(),
            });
            resolution.entities.len() - 1
        }),
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
    let named = resolution.of_gazetteer.contains_key(&body);
    (title.class.leads() || named).then_some(body)
}

/// A title as a key: its role (or a shorter role it ends with: "vice president"
/// is also "president") and the name of the body it names, if it names one.
type TitleKey = (String, Option<String>);

/// Who holds which title in a document, so that "the vice president" finds the one
/// person who holds it, by the text's own titles or the gazetteer's offices.
/// Ambiguous titles stay unresolved. Built once, then swept through the text, so a
/// reference costs a lookup, not a pass over every entity and mention.
struct TitleHolders {
    /// The keys of each entity's titles.
    keys: Vec<Vec<TitleKey>>,
    /// Every key some entity holds.
    held: HashSet<TitleKey>,
    /// For each key, the holder the sweep saw mentioned last.
    latest: HashMap<TitleKey, usize>,
    /// The gazetteer's sole office holder for a key, when nobody in the text holds it.
    office_holders: HashMap<TitleKey, Option<usize>>,
}

impl TitleHolders {
    fn new(mentions: &[Mention], resolution: &Resolution, known: &Knowledge) -> Self {
        let mut holders = TitleHolders {
            keys: Vec::new(),
            held: HashSet::new(),
            latest: HashMap::new(),
            office_holders: HashMap::new(),
        };
        for e in 0..resolution.entities.len() {
            holders.add_entity(e, mentions, resolution, known);
        }
        holders
    }

    fn add_entity(
        &mut self,
        e: usize,
        mentions: &[Mention],
        resolution: &Resolution,
        known: &Knowledge,
    ) {
        let entity = &resolution.entities[e];
        let mut keys = Vec::new();
        if entity.kind == EntityKind::Person {
            let text_titles = entity
                .mentions
                .iter()
                .filter(|&&m| !mentions[m].is_title_reference())
                .filter_map(|&m| mentions[m].title.as_ref());
            for title in text_titles {
                let role = known.role(&title.role);
                let body = title
                    .qualifier
                    .and_then(|q| qualifier_entity(q, mentions, resolution))
                    .map(|q| resolution.entities[q].name.clone());
                // "vice president" answers to "the vice president" and "the president".
                let suffixes = std::iter::once(role.as_str())
                    .chain(role.match_indices(' ').map(|(space, _)| &role[space + 1..]));
                for suffix in suffixes {
                    keys.push((suffix.to_string(), None));
                    keys.extend(body.clone().map(|b| (suffix.to_string(), Some(b))));
                }
            }
            // The text's own title for a person ("President Joe Biden") overrides the
            // offices the gazetteer knows from other years.
            if keys.is_empty() {
                let offices = entity
                    .gazetteer
                    .map_or(&[][..], |g| &known.gazetteer.entry(g).offices[..]);
                for office in offices.iter().filter(|o| known.in_term(o)) {
                    let role = known.role(&office.role);
                    keys.push((role.clone(), None));
                    keys.push((role, Some(office.of.clone())));
                }
            }
            keys.sort();
            keys.dedup();
        }
        self.held.extend(keys.iter().cloned());
        if self.keys.len() <= e {
            self.keys.resize(e + 1, Vec::new());
        }
        self.keys[e] = keys;
    }

    /// The sweep has reached a mention of entity `e`.
    fn mentioned(&mut self, e: usize) {
        for key in &self.keys[e] {
            self.latest.insert(key.clone(), e);
        }
    }

    /// Who the title reference at `index` stands for: the holder mentioned last
    /// before it ("Mayor Leeser ... Ciudad Juárez Mayor Pérez ... the mayor" is Pérez),
    /// nobody if its holders are all named after it, or the gazetteer's holder of the
    /// office on the article's date if nobody in the text holds it.
    fn resolve(
        &mut self,
        index: usize,
        mentions: &[Mention],
        resolution: &Resolution,
        known: &Knowledge,
    ) -> Option<TitleTarget> {
        let title = mentions[index].title.as_ref()?;
        let body = title
            .qualifier
            .and_then(|q| qualifier_entity(q, mentions, resolution))
            .map(|q| resolution.entities[q].name.clone());
        let key = (known.role(&title.role), body);
        if let Some(&holder) = self.latest.get(&key) {
            return Some(TitleTarget::Entity(holder));
        }
        if self.held.contains(&key) || key.1.is_none() {
            return None;
        }
        known.date?;
        let holder = self
            .office_holders
            .entry(key)
            .or_insert_with_key(|(role, body)| {
                let holds = |g: &usize| {
                    known.gazetteer.entry(*g).offices.iter().any(|o| {
                        known.role(&o.role) == *role
                            && body.as_ref().is_none_or(|b| &o.of == b)
                            && known.in_term(o)
                    })
                };
                let mut holders = (0..known.gazetteer.len()).filter(holds);
                match (holders.next(), holders.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            });
        holder.map(TitleTarget::Gazetteer)
    }
}

/// The entity of the mention starting at `start` that qualifies a title.
fn qualifier_entity(start: usize, mentions: &[Mention], resolution: &Resolution) -> Option<usize> {
    mention_at(mentions, start).and_then(|q| resolution.of_mention[q])
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
    genders: &[Option<Gender>],
) -> Option<usize> {
    let sentence = sentence_of(sentences, mentions[index].start);
    let window_start = sentences[sentence.saturating_sub(PRONOUN_REACH)].start;
    let fits = |e: usize| {
        let entity = &resolution.entities[e];
        entity.kind == EntityKind::Person && genders[e].is_none_or(|g| g == pronoun.gender)
    };
    let candidates: Vec<(usize, usize)> = (0..index)
        .rev()
        .take(LOOKBACK_MENTIONS)
        .take_while(|&j| mentions[j].start >= window_start)
        .filter_map(|j| {
            resolution.of_mention[j]
                .filter(|&e| fits(e))
                .map(|e| (j, e))
        })
        .collect();
    let (&(latest, entity), rest) = candidates.split_first()?;
    if pronoun.subject && mentions[latest].start < sentences[sentence].start {
        let that_sentence = sentences[sentence_of(sentences, mentions[latest].start)].start;
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
    let sentence = sentence_of(sentences, mentions[index].start);
    let window_start = sentences[sentence.saturating_sub(ANAPHOR_REACH)].start;
    let mut earlier = (0..index)
        .rev()
        .take(LOOKBACK_MENTIONS)
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

/// The index of the sentence that holds byte `at` (sentences are in text order).
fn sentence_of(sentences: &[Range<usize>], at: usize) -> usize {
    sentences
        .partition_point(|s| s.end <= at)
        .min(sentences.len().saturating_sub(1))
}

/// A person's gender as the gazetteer or the first name tells it.
fn known_gender(entity: &DocEntity, known: &Knowledge) -> Option<Gender> {
    entity
        .gazetteer
        .and_then(|g| known.gazetteer.entry(g).gender)
        .or_else(|| {
            let first_name = entity.name.split(' ').next().unwrap_or_default();
            known.lexicons.given_name_gender(first_name)
        })
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

    #[test]
    fn a_short_given_name_is_the_same_person() {
        let text = "Margaret Okafor-Lind arrived. Aides said Maggie Okafor-Lind would stay, \
                    unlike Daniel Okafor-Lind.";
        assert_eq!(
            surfaces_of(text, "Margaret Okafor-Lind"),
            ["Margaret Okafor-Lind", "Maggie Okafor-Lind"]
        );
        assert_eq!(
            surfaces_of(text, "Daniel Okafor-Lind"),
            ["Daniel Okafor-Lind"]
        );
    }
}
