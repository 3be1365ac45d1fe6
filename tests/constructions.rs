//! The construction suite: `tests/fixtures/constructions.txt` holds one sentence of our
//! own per line with the edges it must give and those it must not. A line marked
//! `gap:` is a construction not handled yet; it must still fail, so that fixing it
//! moves it into the suite proper.

use migration_kg::model::{DocGraph, Document, RelationType};
use migration_kg::pipeline::Extractor;

const SUITE: &str = include_str!("fixtures/constructions.txt");

/// "A -relation-> B [modality]" as the graph states it.
fn edges(graph: &DocGraph) -> Vec<(String, RelationType, String, String)> {
    graph
        .relations
        .iter()
        .map(|r| {
            (
                graph.entities[r.source].name.clone(),
                r.relation,
                graph.entities[r.target].name.clone(),
                r.modality.to_string(),
            )
        })
        .collect()
}

/// Parses "SOURCE -relation-> TARGET [modality]"; the target may be empty in a `not` edge.
fn parse_edge(text: &str) -> (String, RelationType, String, Option<String>) {
    let (source, rest) = text
        .split_once(" -")
        .unwrap_or_else(|| panic!("edge '{text}' lacks ' -relation->'"));
    let (relation, rest) = rest
        .split_once("->")
        .unwrap_or_else(|| panic!("edge '{text}' lacks '->'"));
    let rest = rest.trim();
    let (target, modality) = match rest.rsplit_once(" [") {
        Some((target, modality)) if rest.ends_with(']') => (
            target.trim().to_string(),
            Some(modality.trim_end_matches(']').to_string()),
        ),
        _ => (rest.to_string(), None),
    };
    let relation: RelationType = relation
        .parse()
        .unwrap_or_else(|e| panic!("edge '{text}': {e}"));
    (source.trim().to_string(), relation, target, modality)
}

/// What is wrong with the graph of one suite line, if anything.
fn problems(extractor: &Extractor, line: &str) -> Vec<String> {
    let (sentence, expected) = line
        .split_once(" => ")
        .unwrap_or_else(|| panic!("line '{line}' lacks ' => '"));
    let graph = extractor.extract(Document {
        name: "construction".into(),
        text: sentence.to_string(),
        ..Document::default()
    });
    let found = edges(&graph);
    let mut wrong = Vec::new();
    for item in expected
        .split(" ; ")
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if let Some(forbidden) = item.strip_prefix("not ") {
            let (source, relation, target, _) = parse_edge(forbidden);
            let hit = found.iter().any(|(s, r, t, _)| {
                *r == relation
                    && ((*s == source && (target.is_empty() || *t == target))
                        || (relation.is_symmetric()
                            && *t == source
                            && (target.is_empty() || *s == target)))
            });
            if hit {
                wrong.push(format!("produced forbidden {forbidden}"));
            }
            continue;
        }
        let (source, relation, target, modality) = parse_edge(item);
        let hit = found.iter().any(|(s, r, t, m)| {
            *r == relation
                && ((*s == source && *t == target)
                    || (relation.is_symmetric() && *s == target && *t == source))
                && modality.as_ref().is_none_or(|wanted| wanted == m)
        });
        if !hit {
            wrong.push(format!("missed {item}"));
        }
    }
    if !wrong.is_empty() {
        let got: Vec<String> = found
            .iter()
            .map(|(s, r, t, m)| format!("{s} -{r}-> {t} [{m}]"))
            .collect();
        wrong.push(format!("graph: {}", got.join(" ; ")));
    }
    wrong
}

#[test]
fn every_construction_gives_its_edges() {
    let extractor = Extractor::builtin().unwrap();
    let mut failures = Vec::new();
    let (mut handled, mut gaps) = (0, 0);
    for (number, line) in SUITE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (gap, line) = match line.strip_prefix("gap: ") {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let wrong = problems(&extractor, line);
        match (gap, wrong.is_empty()) {
            (false, false) => failures.push(format!(
                "line {}: {line}\n  {}",
                number + 1,
                wrong.join("\n  ")
            )),
            (true, true) => failures.push(format!(
                "line {}: a gap that now passes; remove its 'gap: ' mark: {line}",
                number + 1
            )),
            (false, true) => handled += 1,
            (true, false) => gaps += 1,
        }
    }
    assert!(handled >= 150, "only {handled} constructions handled");
    assert!(
        failures.is_empty(),
        "{} of {} lines fail ({gaps} known gaps):\n{}",
        failures.len(),
        handled + gaps + failures.len(),
        failures.join("\n")
    );
}
