//! Graphviz output: structure and styling of `export dot`, rendering with the real `dot`,
//! names that need escaping, and a reader that closes the pipe early.

use crate::common::{arg, Kg, ARTICLE};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Renders DOT to SVG with the real Graphviz; fails loudly when it is not installed.
fn render_svg(dot: &str) -> String {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!(
            "Graphviz `dot` could not be run ({e}): install it (`apt-get install -y graphviz`); \
             .ci/run installs it on CI, and the DOT tests need it"
        ),
    };
    // Write from another thread so a large SVG on stdout cannot deadlock the pipe.
    let mut stdin = child.stdin.take().unwrap();
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("dot runs");
    writer.join().unwrap().expect("DOT written to dot");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "dot -Tsvg rejected the export ({:?}): {stderr}\n{dot}",
        output.status
    );
    assert!(!stderr.contains("syntax error"), "{stderr}");
    String::from_utf8(output.stdout).expect("SVG is UTF-8")
}

/// The DOT id (`"n12"`) of the node labelled `name`.
fn dot_id(dot: &str, name: &str) -> String {
    let label = format!(" [label={}, ", quote(name));
    let line = dot
        .lines()
        .find(|l| l.contains(&label) && !l.contains(" -> "))
        .unwrap_or_else(|| panic!("no node labelled {name:?} in\n{dot}"));
    line.trim_start().split(' ').next().unwrap().to_string()
}

/// A DOT double-quoted string, as the exporter should write it.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The one line drawing the edges between `source` and `target` (either way), whose
/// label lists `relation`.
fn edge_line<'a>(dot: &'a str, source: &str, relation: &str, target: &str) -> &'a str {
    let (a, b) = (dot_id(dot, source), dot_id(dot, target));
    let lines: Vec<&str> = dot
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{a} -> {b} [")) || l.starts_with(&format!("{b} -> {a} ["))
        })
        .collect();
    assert!(lines.len() <= 1, "parallel edges are merged: {lines:?}");
    lines
        .into_iter()
        .find(|l| {
            let label = l.split("[label=\"").nth(1).unwrap_or("");
            let label = label.split('"').next().unwrap_or("");
            label
                .split("\\n")
                .any(|line| line.split(' ').next() == Some(relation))
        })
        .unwrap_or_else(|| panic!("no edge {source} -{relation}- {target} in\n{dot}"))
}

#[test]
fn article_dot_has_shapes_styles_and_evidence_tooltips() {
    let kg = Kg::with_article();
    let dot = kg.ok(&["export", "dot"]).stdout;
    assert!(dot.starts_with("digraph"), "{}", &dot[..dot.len().min(80)]);
    assert!(dot.trim_end().ends_with('}'));

    let node_lines: Vec<&str> = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("\"n") && !l.contains(" -> "))
        .collect();
    // Isolated entities are left out: one line per node with an edge.
    let export = kg.export();
    let linked: std::collections::HashSet<u64> = export["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| [e["source"].as_u64().unwrap(), e["target"].as_u64().unwrap()])
        .collect();
    assert_eq!(node_lines.len(), linked.len(), "one line per linked node");
    for line in &node_lines {
        assert!(line.contains(", shape="), "no shape: {line}");
    }
    assert!(dot_line_for(&dot, "Kamala Harris").contains("shape=ellipse"));
    assert!(dot_line_for(&dot, "Guatemala").contains("shape=doubleoctagon"));

    let tapped = edge_line(&dot, "Kamala Harris", "tapped_by", "Joe Biden");
    let tooltip = tapped.split("tooltip=\"").nth(1).expect("edge tooltip");
    assert!(
        tooltip.starts_with(&format!("tapped_by: {ARTICLE}: It's a high-stakes negotiation for Harris, who was tapped by President Joe Biden")),
        "{tapped}"
    );
    assert!(
        !tapped.contains("style=dashed"),
        "asserted is solid: {tapped}"
    );

    // Harris spoke with Guatemala's leader and plans a visit: one solid line whose
    // label marks the planned relation.
    let planned = edge_line(&dot, "Kamala Harris", "visits", "Guatemala");
    assert!(
        planned.contains("label=\"spoke_with\\nvisits ×2 (planned)\"")
            && !planned.contains("dashed"),
        "planned is marked: {planned}"
    );
    assert!(
        planned.contains("(+1 more)"),
        "two sentences state it: {planned}"
    );
    let met = edge_line(&dot, "Kamala Harris", "spoke_with", "Yoshihide Suga");
    assert!(met.contains("dir=none"), "symmetric has no arrow: {met}");
}

fn dot_line_for<'a>(dot: &'a str, name: &str) -> &'a str {
    let id = dot_id(dot, name);
    dot.lines()
        .find(|l| l.trim_start().starts_with(&format!("{id} [label=")))
        .unwrap()
}

#[test]
fn article_dot_renders_with_graphviz() {
    let kg = Kg::with_article();
    let dot = kg.ok(&["export", "dot"]).stdout;
    let svg = render_svg(&dot);
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.contains(">Kamala Harris</text>"), "node label drawn");
    assert!(svg.contains(">tapped_by</text>"), "edge label drawn");
    let tooltip = svg
        .split("xlink:title=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|title| title.contains("tapped by President Joe Biden"))
        .unwrap_or_else(|| panic!("no tooltip with the tapped_by sentence in the SVG"));
    assert!(tooltip.contains("Harris, who was tapped by"), "{tooltip}");
    assert!(svg.contains("<title>"), "SVG titles present");
}

#[test]
fn names_with_quotes_backslashes_and_accents_render() {
    let kg = Kg::new();
    let name = r#"Ana "La Jefa" Núñez O'Brien\"#;
    let gazetteer = kg.write(
        "nasty.txt",
        format!("[person]\n{name} | @gender f\n[region]\nPuerto Barrios\n"),
    );
    let article = kg.write(
        "nasty-article.txt",
        format!("{name} met with Antony Blinken in Puerto Barrios on Friday.\n"),
    );
    kg.ok(&["ingest", "--gazetteer", arg(&gazetteer), arg(&article)]);
    let shown = kg.json(&["show", "ana \"la jefa\" nunez o'brien\\"]);
    assert_eq!(shown["entity"]["name"], name);

    let dot = kg.ok(&["export", "dot"]).stdout;
    assert!(
        dot.contains(r#"[label="Ana \"La Jefa\" Núñez O'Brien\\", shape=ellipse"#),
        "{dot}"
    );
    edge_line(&dot, name, "met_with", "Antony Blinken");
    let svg = render_svg(&dot);
    assert!(
        svg.contains(">Ana &quot;La Jefa&quot; Núñez O&#39;Brien\\</text>"),
        "the name is drawn as written:\n{svg}"
    );
}

/// Invented people, for a graph large enough that its DOT overflows a pipe.
fn crowd() -> Vec<String> {
    let first = [
        "Aurelio",
        "Benita",
        "Casimiro",
        "Delfina",
        "Eustaquio",
        "Filomena",
        "Gaspar",
        "Herminia",
        "Ildefonso",
        "Jacinta",
        "Leoncio",
        "Macaria",
        "Nicanor",
        "Olimpia",
        "Pancracio",
        "Quiteria",
        "Rosendo",
        "Sinforosa",
    ];
    let last = [
        "Albarran",
        "Bustillos",
        "Cifuentes",
        "Dorantes",
        "Echavarri",
        "Fajardo",
        "Galindez",
        "Hinojosa",
        "Iturralde",
        "Jaramillo",
        "Lizarraga",
        "Mondragon",
        "Navarrete",
        "Olmedo",
        "Pedraza",
        "Quezada",
        "Ruvalcaba",
        "Sepulveda",
    ];
    first
        .iter()
        .flat_map(|f| last.iter().map(move |l| format!("{f} {l}")))
        .collect()
}

/// `mkg export FORMAT` on `kg` with its output in a pipe.
fn spawn_export(kg: &Kg, format: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_mkg"))
        .env_remove("MKG_DB")
        .arg("--db")
        .arg(&kg.db)
        .args(["export", format])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mkg starts")
}

/// A database of a few hundred people, each meeting four others: exports larger
/// than a pipe holds.
fn crowd_kg() -> Kg {
    let kg = Kg::new();
    let people = crowd();
    let mut gazetteer = String::from("[person]\n");
    for p in &people {
        gazetteer.push_str(p);
        gazetteer.push('\n');
    }
    let gazetteer = kg.write("crowd.txt", gazetteer);
    let mut corpus = String::new();
    for (d, chunk) in people.chunks(12).enumerate() {
        let mut text = String::new();
        for (i, a) in chunk.iter().enumerate() {
            for step in [1, 5, 11, 17] {
                let b = &people[(d * 12 + i + step) % people.len()];
                text.push_str(&format!(
                    "{a} met with {b} to discuss asylum processing at the northern border. "
                ));
            }
        }
        corpus.push_str(
            &serde_json::json!({"id": format!("crowd-{d:03}"), "text": text}).to_string(),
        );
        corpus.push('\n');
    }
    let corpus = kg.write("crowd.jsonl", corpus);
    kg.ok(&["ingest", "--gazetteer", arg(&gazetteer), arg(&corpus)]);

    kg
}

#[test]
fn closed_pipe_ends_export_quietly() {
    let kg = crowd_kg();
    let full = kg.path("full.dot");
    kg.ok(&["export", "dot", "-o", arg(&full)]);
    let size = std::fs::metadata(&full).unwrap().len();
    assert!(
        size > 256 * 1024,
        "the export ({size} bytes) must be larger than a pipe buffer for this test to mean anything"
    );

    let mut child = spawn_export(&kg, "dot");
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 10];
    stdout.read_exact(&mut head).expect("first bytes");
    assert_eq!(&head, b"digraph mk");
    drop(stdout);
    let output = child.wait_with_output().expect("mkg ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        output.status.success(),
        "exit {:?} after the reader left: {stderr}",
        output.status
    );
    assert!(stderr.is_empty(), "nothing to report: {stderr}");
}

#[test]
fn svg_and_png_are_drawn_by_graphviz_with_the_layout_the_dot_names() {
    let kg = Kg::with_article();
    let svg = kg
        .ok(&["export", "svg", "--focus", "harris", "--depth", "1"])
        .stdout;
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.contains(">Kamala Harris</text>"), "{svg}");
    // A focused picture is radial: about as wide as it is tall.
    let size = |attribute: &str| -> f64 {
        let rest = svg.split(&format!(" {attribute}=\"")).nth(1).unwrap();
        rest.split("pt\"").next().unwrap().parse().unwrap()
    };
    let (width, height) = (size("width"), size("height"));
    assert!(
        height <= 2.0 * width && width <= 2.0 * height,
        "{width} x {height}"
    );

    let png = kg.path("harris.png");
    kg.ok(&["export", "png", "--focus", "harris", "-o", arg(&png)]);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn pictures_without_graphviz_say_how_to_get_it() {
    let kg = Kg::with_article();
    let run = kg
        .cmd()
        .env("PATH", "")
        .args(["export", "svg"])
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains(
            "export svg draws with Graphviz, which is not installed: install it (`apt install graphviz`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_stalled_export_does_not_keep_an_ingest_out() {
    let kg = crowd_kg();
    let mut export = spawn_export(&kg, "json");
    let mut stdout = export.stdout.take().unwrap();
    let mut head = [0u8; 12];
    stdout.read_exact(&mut head).expect("first bytes");
    // The reader stops reading: the export blocks on a full pipe, between its reads.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let article = kg.write(
        "late.txt",
        "Aurelio Albarran met with Antony Blinken in Guatemala City on Monday.\n",
    );
    kg.ok(&["ingest", arg(&article)]);
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    assert!(export.wait().unwrap().success());
    let whole = [&head[..], &rest[..]].concat();
    let graph: serde_json::Value =
        serde_json::from_slice(&whole).expect("the export is whole JSON");
    assert!(graph["edges"].as_array().unwrap().len() > 1000);
}
