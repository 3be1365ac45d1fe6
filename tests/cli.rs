//! The command line on the bundled article: every subcommand, in tables and in JSON.

use crate::common::{arg, assert_has, bare_mkg, edge, names, node_id, t, triples, Kg, ARTICLE};
use serde_json::Value;
use std::collections::BTreeSet;

/// Rows of a plain table whose first column is exactly `name`.
fn table_rows<'a>(stdout: &'a str, name: &str) -> Vec<&'a str> {
    stdout
        .lines()
        .filter(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with("  "))
        })
        .collect()
}

#[test]
fn ingest_prints_summary_with_counts_and_database() {
    let kg = Kg::new();
    let run = kg.ok(&["ingest", ARTICLE]);
    let line = run.stdout.trim_end();
    let edges = kg.export()["edges"].as_array().unwrap().len();
    let nodes = kg.export()["nodes"].as_array().unwrap().len();
    assert_eq!(
        line,
        format!(
            "ingested 1 new document(s), 0 already present; {} now holds 1 documents, {nodes} entities, {edges} edges",
            kg.db.display()
        )
    );
    assert_eq!(run.stdout.lines().count(), 1, "one summary line");
    assert!(run.stderr.is_empty(), "no warnings: {}", run.stderr);
    assert!(kg.db.is_file(), "database created at --db");
}

#[test]
fn entities_lists_people_agencies_and_leaders_of_the_article() {
    let kg = Kg::with_article();
    let run = kg.ok(&["entities"]);
    let header = run.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("entity") && header.contains("kind") && header.contains("aliases"),
        "{header}"
    );
    for (name, kind) in [
        ("Kamala Harris", "person"),
        ("Alejandro Giammattei", "person"),
        ("U.S. Department of State", "agency"),
        ("Guatemala", "country"),
    ] {
        let rows = table_rows(&run.stdout, name);
        assert_eq!(rows.len(), 1, "one row for {name}:\n{}", run.stdout);
        assert!(
            rows[0].split_whitespace().any(|w| w == kind),
            "{name} is a {kind}: {}",
            rows[0]
        );
    }
    // Most connected first: Harris is in the most edges of the article.
    let first = run.stdout.lines().nth(1).unwrap();
    assert!(first.starts_with("Kamala Harris "), "{first}");
    // The State Department's alias as the article writes it.
    let state = table_rows(&run.stdout, "U.S. Department of State")[0];
    assert!(state.contains("State Department"), "{state}");
}

#[test]
fn entities_kind_filter_keeps_only_that_kind() {
    let kg = Kg::with_article();
    let run = kg.ok(&["entities", "--kind", "country"]);
    for country in ["Guatemala", "Mexico", "Honduras", "El Salvador", "Japan"] {
        assert_eq!(
            table_rows(&run.stdout, country).len(),
            1,
            "{country}:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("Kamala Harris"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("North Carolina"),
        "a region, not a country"
    );
    for row in run.stdout.lines().skip(1) {
        assert!(
            row.split_whitespace().any(|w| w == "country"),
            "non-country row: {row}"
        );
    }

    let bad = kg.fails(&["entities", "--kind", "planet"]);
    assert_has(&bad.stderr, "unknown entity kind 'planet' (expected one of: person, agency, organization, country, region, program)");
}

#[test]
fn show_is_case_insensitive_and_prints_edges_with_evidence() {
    let kg = Kg::with_article();
    let run = kg.ok(&["show", "harris"]);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("Kamala Harris (person)"));
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("aliases: ") && l.contains("Harris")),
        "{}",
        run.stdout
    );
    let edge_line = run
        .stdout
        .lines()
        .position(|l| l.starts_with("  Kamala Harris -tapped_by-> Joe Biden  [asserted]"))
        .unwrap_or_else(|| panic!("no tapped_by edge in:\n{}", run.stdout));
    let evidence = run.stdout.lines().nth(edge_line + 1).unwrap();
    assert!(
        evidence.contains("tapped by President Joe Biden"),
        "{evidence}"
    );
    assert!(evidence.contains("cue: tapped by"), "{evidence}");
    assert!(evidence.contains(ARTICLE), "evidence names the document");
    assert!(run
        .stdout
        .contains("  Republican Party -criticizes-> Kamala Harris"));
    let mentions: usize = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("mentions: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(mentions >= 6, "Harris is named again and again: {mentions}");

    // Another spelling of the same name finds the same entity.
    let upper = kg.ok(&["show", "KAMALA HARRIS"]);
    assert_eq!(upper.stdout, run.stdout);
}

/// The article calls Harris "the vice president" once; the gold lists it as her alias.
#[test]
fn show_harris_lists_the_vice_president_alias() {
    let kg = Kg::with_article();
    let run = kg.ok(&["show", "harris"]);
    let aliases = run
        .stdout
        .lines()
        .find(|l| l.starts_with("aliases: "))
        .unwrap_or("");
    assert!(
        aliases
            .to_lowercase()
            .split("; ")
            .any(|a| a.trim_start_matches("aliases: ") == "the vice president"),
        "{}",
        run.stdout
    );
}

#[test]
fn show_full_name_is_accent_insensitive() {
    let kg = Kg::with_article();
    let run = kg.ok(&["show", "ricardo zuniga"]);
    assert_eq!(run.stdout.lines().next(), Some("Ricardo Zúñiga (person)"));
    assert_has(&run.stdout, "  Ricardo Zúñiga -member_of-> U.S. Department of State  [asserted, role: Northern Triangle special envoy]");
    // The mojibake of the source file was repaired before the name was stored.
    assert!(!run.stdout.contains("Ã"), "{}", run.stdout);
}

/// `show zuniga`: an unaccented surname that the article never uses on its own.
#[test]
fn show_surname_only_is_accent_insensitive() {
    let kg = Kg::with_article();
    let run = kg.run(&["show", "zuniga"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.lines().next(), Some("Ricardo Zúñiga (person)"));
}

#[test]
fn neighbors_relation_filter_lists_exactly_the_visits() {
    let kg = Kg::with_article();
    let run = kg.ok(&["neighbors", "Kamala Harris", "--relation", "visits"]);
    assert_eq!(
        run.stdout.lines().next(),
        Some("Kamala Harris (person): 3 linked entities within 1 hop(s), 3 edges")
    );
    let edges: BTreeSet<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("      "))
        .map(|l| l.split("  [").next().unwrap().trim())
        .collect();
    assert_eq!(
        edges,
        BTreeSet::from([
            "Kamala Harris -visits-> Guatemala",
            "Kamala Harris -visits-> Mexico",
            "Kamala Harris -visits-> North Carolina",
        ])
    );
    assert!(run
        .stdout
        .contains("  Kamala Harris -visits-> Guatemala  [planned]"));

    let json = kg.json(&["neighbors", "harris", "--relation", "visits"]);
    assert_eq!(
        triples(&json),
        BTreeSet::from([
            t("Kamala Harris", "visits", "Guatemala"),
            t("Kamala Harris", "visits", "Mexico"),
            t("Kamala Harris", "visits", "North Carolina"),
        ])
    );
    let mut nodes = names(&json);
    nodes.sort();
    assert_eq!(
        nodes,
        ["Guatemala", "Kamala Harris", "Mexico", "North Carolina"]
    );
}

#[test]
fn neighbors_direction_in_and_out_split_the_edges() {
    let kg = Kg::with_article();
    let incoming = kg.ok(&["neighbors", "Kamala Harris", "--direction", "in"]);
    assert!(
        incoming
            .stdout
            .contains("  Republican Party -criticizes-> Kamala Harris  [asserted]"),
        "{}",
        incoming.stdout
    );
    assert!(!incoming.stdout.contains("-tapped_by->"), "outgoing edge");
    assert!(!incoming.stdout.contains("-visits->"), "outgoing edge");
    // Symmetric relations are walked both ways whatever the direction.
    assert!(
        incoming
            .stdout
            .contains("  Kamala Harris -spoke_with-> Yoshihide Suga")
            || incoming
                .stdout
                .contains("  Yoshihide Suga -spoke_with-> Kamala Harris"),
        "{}",
        incoming.stdout
    );

    let outgoing = kg.json(&["neighbors", "Kamala Harris", "--direction", "out"]);
    let out = triples(&outgoing);
    assert!(out.contains(&t("Kamala Harris", "tapped_by", "Joe Biden")));
    assert!(out.contains(&t("Kamala Harris", "visits", "Guatemala")));
    assert!(!out.contains(&t("Republican Party", "criticizes", "Kamala Harris")));
    assert!(!names(&outgoing).contains(&"Republican Party".to_string()));
}

#[test]
fn neighbors_depth_two_reaches_through_a_neighbour() {
    let kg = Kg::with_article();
    let one = names(&kg.json(&["neighbors", "Yoshihide Suga"]));
    assert!(one.contains(&"Kamala Harris".to_string()), "{one:?}");
    assert!(!one.contains(&"Joe Biden".to_string()), "{one:?}");
    let two = names(&kg.json(&["neighbors", "Yoshihide Suga", "--depth", "2"]));
    assert!(two.contains(&"Joe Biden".to_string()), "{two:?}");
    assert!(two.contains(&"Republican Party".to_string()), "{two:?}");
}

#[test]
fn path_prints_two_hop_chain_through_harris_with_evidence() {
    let kg = Kg::with_article();
    let run = kg.ok(&["path", "Yoshihide Suga", "Joe Biden"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "path 1 (2 hops):", "{}", run.stdout);
    assert!(
        [
            "  Yoshihide Suga <-spoke_with- Kamala Harris  [reported]",
            "  Yoshihide Suga -spoke_with-> Kamala Harris  [reported]",
        ]
        .contains(&lines[1]),
        "{}",
        lines[1]
    );
    assert_has(
        lines[2],
        "spoken with Japanese Prime Minister Yoshihide Suga",
    );
    assert_eq!(
        lines[3],
        "  Kamala Harris -tapped_by-> Joe Biden  [asserted]"
    );
    assert_has(lines[4], "tapped by President Joe Biden");
    assert_eq!(lines.len(), 5, "one shortest path only:\n{}", run.stdout);
}

#[test]
fn path_all_lists_simple_paths_shortest_first() {
    let kg = Kg::with_article();
    let run = kg.ok(&["path", "--all", "Yoshihide Suga", "Joe Biden"]);
    assert!(
        run.stdout.starts_with("path 1 (2 hops):\n"),
        "{}",
        run.stdout
    );
    assert_has(&run.stdout, "path 2 (");

    let paths = kg.json(&["path", "--all", "Yoshihide Suga", "Joe Biden"]);
    let paths = paths["paths"].as_array().expect("a list of paths");
    assert!(paths.len() >= 2, "{paths:?}");
    let mut previous = 0;
    let mut through_giammattei = false;
    for path in paths {
        let hops = path.as_array().expect("a path is a list of hops");
        assert!(hops.len() >= previous, "shortest first");
        previous = hops.len();
        assert_eq!(hops[0]["from"]["name"], "Yoshihide Suga");
        assert_eq!(hops[hops.len() - 1]["to"]["name"], "Joe Biden");
        let mut seen = BTreeSet::new();
        for (i, hop) in hops.iter().enumerate() {
            assert!(seen.insert(hop["from"]["id"].as_i64().unwrap()), "simple");
            if let Some(next) = hops.get(i + 1) {
                assert_eq!(hop["to"]["id"], next["from"]["id"], "hops chain");
            }
            let e = &hop["edge"];
            let ends = BTreeSet::from([e["source"].clone().to_string(), e["target"].to_string()]);
            let walked =
                BTreeSet::from([hop["from"]["id"].to_string(), hop["to"]["id"].to_string()]);
            assert_eq!(ends, walked, "the edge joins the hop's two ends");
            assert!(!e["evidence"].as_array().unwrap().is_empty());
            through_giammattei |= hop["to"]["name"] == "Alejandro Giammattei";
        }
    }
    assert_eq!(paths[0].as_array().unwrap().len(), 2);
    assert!(through_giammattei, "Suga - Harris - Giammattei - Biden");

    let shortest = kg.json(&["path", "Yoshihide Suga", "Joe Biden"]);
    let hops = shortest["paths"][0].as_array().unwrap();
    assert_eq!(shortest["paths"].as_array().unwrap().len(), 1);
    assert_eq!(shortest["gave_up"], false);
    assert_eq!(hops[0]["to"]["name"], "Kamala Harris");
    assert_eq!(hops[1]["edge"]["relation"], "tapped_by");
    assert!(hops[1]["edge"]["evidence"][0]["sentence"]
        .as_str()
        .unwrap()
        .contains("tapped by President Joe Biden"));
}

#[test]
fn path_between_unconnected_entities_says_so() {
    let kg = Kg::new();
    let a = kg.write(
        "a.txt",
        "Marco Rubio met with Claudia Sheinbaum on Monday.\n",
    );
    let b = kg.write("b.txt", "Joe Biden spoke with Xiomara Castro on Friday.\n");
    kg.ok(&["ingest", arg(&a), arg(&b)]);
    let run = kg.fails(&["path", "Marco Rubio", "Xiomara Castro"]);
    assert_has(
        &run.stderr,
        "no path from 'Marco Rubio' to 'Xiomara Castro' within 6 hops",
    );
    // The same exit code with --json, after the answer.
    let json = kg.fails(&["--json", "path", "Marco Rubio", "Xiomara Castro"]);
    let answer: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(answer["paths"].as_array().unwrap().len(), 0);
    assert_has(
        &json.stderr,
        "no path from 'Marco Rubio' to 'Xiomara Castro' within 6 hops",
    );
    let linked = kg.ok(&["path", "Marco Rubio", "Claudia Sheinbaum"]);
    assert!(
        linked.stdout.starts_with("path 1 (1 hops):\n"),
        "{}",
        linked.stdout
    );
}

#[test]
fn stats_counts_agree_with_the_other_commands() {
    let kg = Kg::with_article();
    let export = kg.export();
    let nodes = export["nodes"].as_array().unwrap().len();
    let edges = export["edges"].as_array().unwrap();
    let evidence: usize = edges
        .iter()
        .map(|e| e["evidence"].as_array().unwrap().len())
        .sum();
    let run = kg.ok(&["stats"]);
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        format!(
            "1 documents, {nodes} entities, {} edges, {evidence} pieces of evidence",
            edges.len()
        )
    );
    assert!(nodes >= 20 && edges.len() >= 15, "{nodes} nodes {edges:?}");
    assert!(run
        .stdout
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["tapped_by", "1"]));

    let stats = kg.json(&["stats"]);
    assert_eq!(stats["documents"], 1);
    assert_eq!(stats["entities"], nodes);
    assert_eq!(stats["edges"], edges.len());
    assert_eq!(stats["evidence"], evidence);
    let by_kind: u64 = stats["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|count| count["entities"].as_u64().unwrap())
        .sum();
    assert_eq!(by_kind as usize, nodes);
    let people = stats["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|count| count["kind"] == "person")
        .expect("people counted");
    let listed = kg.json(&["entities", "--kind", "person"]);
    assert_eq!(people["entities"], listed.as_array().unwrap().len());
    let by_relation: u64 = stats["by_relation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|count| count["edges"].as_u64().unwrap())
        .sum();
    assert_eq!(by_relation as usize, edges.len());
    let top = &stats["most_connected"][0];
    assert_eq!(top["node"]["name"], "Kamala Harris");
    assert_eq!(
        top["edges"],
        kg.json(&["show", "harris"])["edges"]
            .as_array()
            .unwrap()
            .len()
    );
}

#[test]
fn entities_json_has_node_mentions_and_degree() {
    let kg = Kg::with_article();
    let list = kg.json(&["entities"]);
    let list = list.as_array().expect("a list");
    let find = |name: &str| -> &Value {
        list.iter()
            .find(|e| e["node"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let harris = find("Kamala Harris");
    assert_eq!(harris["node"]["kind"], "person");
    assert!(harris["node"]["id"].is_i64());
    assert!(harris["node"]["aliases"]
        .as_array()
        .unwrap()
        .contains(&Value::from("Harris")));
    assert!(harris["mentions"].as_u64().unwrap() >= 6);
    assert_eq!(harris["degree"], list[0]["degree"], "most connected first");
    assert_eq!(find("Alejandro Giammattei")["node"]["kind"], "person");
    assert_eq!(find("U.S. Department of State")["node"]["kind"], "agency");

    let countries = kg.json(&["entities", "--kind", "country"]);
    let countries: Vec<&str> = countries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    assert!(countries.contains(&"Guatemala"), "{countries:?}");
    assert!(!countries.contains(&"Kamala Harris"), "{countries:?}");
}

#[test]
fn show_json_has_entity_mentions_and_edges() {
    let kg = Kg::with_article();
    let shown = kg.json(&["show", "Giammattei"]);
    assert_eq!(shown["entity"]["name"], "Alejandro Giammattei");
    assert_eq!(shown["entity"]["kind"], "person");
    let mentions = shown["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty());
    for m in mentions {
        assert_eq!(m["document"], ARTICLE);
        assert!(m["end"].as_u64() > m["start"].as_u64(), "{m}");
        let surface = m["surface"].as_str().unwrap();
        assert_eq!(
            m["end"].as_u64().unwrap() - m["start"].as_u64().unwrap(),
            surface.chars().count() as u64,
            "span covers the surface {surface:?}"
        );
    }
    assert!(mentions
        .iter()
        .any(|m| m["surface"] == "Alejandro Giammattei"));
    let id = shown["entity"]["id"].clone();
    let edges = shown["edges"].as_array().unwrap();
    let leader = edges
        .iter()
        .find(|e| e["relation"] == "leader_of")
        .expect("Giammattei leads Guatemala");
    assert_eq!(leader["source"], id);
    assert_eq!(leader["role"], "President");
    assert_eq!(leader["modality"], "asserted");
    assert!(edges.iter().all(|e| e["source"] == id || e["target"] == id));
}

#[test]
fn export_json_has_nodes_and_edges_with_full_evidence() {
    let kg = Kg::with_article();
    let graph = kg.export();
    for node in graph["nodes"].as_array().unwrap() {
        assert!(node["id"].is_i64() && node["name"].is_string(), "{node}");
        assert!(
            node["kind"].is_string() && node["aliases"].is_array(),
            "{node}"
        );
    }
    assert_eq!(
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == "Guatemala")
            .unwrap()["kind"],
        "country"
    );
    let tapped = edge(&graph, "Kamala Harris", "tapped_by", "Joe Biden");
    assert_eq!(tapped["modality"], "asserted");
    let evidence = &tapped["evidence"][0];
    assert_eq!(evidence["document"], ARTICLE);
    assert_eq!(evidence["cue"], "tapped by");
    assert_eq!(evidence["modality"], "asserted");
    let sentence = evidence["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("tapped by President Joe Biden"),
        "{sentence}"
    );
    // The scraped line breaks inside the sentence were repaired.
    assert!(!sentence.contains('\n'), "{sentence:?}");
    assert_eq!(
        evidence["end"].as_u64().unwrap() - evidence["start"].as_u64().unwrap(),
        sentence.chars().count() as u64
    );

    let funding = edge(
        &graph,
        "Joe Biden",
        "requests_funding_from",
        "United States Congress",
    );
    assert_eq!(funding["amount"], "$4 billion");
    let envoy = edge(
        &graph,
        "Ricardo Zúñiga",
        "member_of",
        "U.S. Department of State",
    );
    assert_eq!(envoy["role"], "Northern Triangle special envoy");
    let planned = edge(&graph, "Kamala Harris", "visits", "Guatemala");
    assert_eq!(planned["modality"], "planned");
    assert!(planned["evidence"].as_array().unwrap().len() >= 2);
    for e in graph["edges"].as_array().unwrap() {
        for ev in e["evidence"].as_array().unwrap() {
            for field in ["document", "sentence", "start", "end", "cue", "modality"] {
                assert!(!ev[field].is_null(), "{field} missing in {ev}");
            }
        }
    }
}

#[test]
fn export_to_file_writes_the_same_json() {
    let kg = Kg::with_article();
    let file = kg.path("graph.json");
    let run = kg.ok(&["export", "json", "-o", arg(&file)]);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written, kg.export());
    assert!(triples(&written).contains(&t("Kamala Harris", "tapped_by", "Joe Biden")));
    let leftovers: Vec<String> = std::fs::read_dir(kg.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("kg.sqlite") && name != "graph.json")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
}

#[test]
fn flags_that_do_not_apply_are_errors() {
    let kg = Kg::with_article();
    let cases: [(&[&str], &str); 7] = [
        (
            &["export", "dot", "--depth", "1"],
            "the following required arguments were not provided:\n  --focus <FOCUS>",
        ),
        (
            &["--json", "export", "dot"],
            "--json does not apply to export: `mkg export json` writes JSON",
        ),
        (
            &["export", "json", "--max-nodes", "10"],
            "--max-nodes applies to pictures (dot, svg, png) only: the other formats write every node",
        ),
        (
            &["export", "csv", "--min-degree", "2", "-o", "out"],
            "--min-degree applies to pictures (dot, svg, png) only: the other formats write every node",
        ),
        (
            &["export", "csv"],
            "export csv writes three files: give their folder with -o FOLDER",
        ),
        (
            &["path", "harris", "biden", "--limit", "3"],
            "the following required arguments were not provided:\n  --all",
        ),
        (
            &["export", "dot", "-o", "/no/such/folder/graph.dot"],
            "/no/such/folder/graph.dot: cannot write: no folder /no/such/folder",
        ),
    ];
    for (args, message) in cases {
        let run = kg.fails(args);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    let capped = kg.json(&["neighbors", "harris", "--max-nodes", "3"]);
    assert_eq!(capped["nodes"].as_array().unwrap().len(), 3);
    assert!(capped["omitted_edges"].as_u64().unwrap() > 0, "{capped}");
}

#[test]
fn export_focus_keeps_only_the_neighbourhood() {
    let kg = Kg::with_article();
    let run = kg.ok(&["export", "json", "--focus", "harris", "--depth", "1"]);
    let focused: Value = serde_json::from_str(&run.stdout).unwrap();
    let nodes = names(&focused);
    for inside in ["Kamala Harris", "Joe Biden", "Guatemala", "Yoshihide Suga"] {
        assert!(nodes.contains(&inside.to_string()), "{inside}: {nodes:?}");
    }
    for outside in ["Council of the Americas", "Japan", "CNN"] {
        assert!(
            !nodes.contains(&outside.to_string()),
            "{outside}: {nodes:?}"
        );
    }
    for (s, _, t) in triples(&focused) {
        assert!(nodes.contains(&s) && nodes.contains(&t));
    }
    let wider: Value = serde_json::from_str(
        &kg.ok(&["export", "json", "--focus", "harris", "--depth", "2"])
            .stdout,
    )
    .unwrap();
    assert!(
        names(&wider).contains(&"Japan".to_string()),
        "Suga leads Japan, two hops from Harris"
    );
    assert!(!names(&wider).contains(&"Council of the Americas".to_string()));
}

#[test]
fn export_relation_filter_keeps_those_edges_only() {
    let kg = Kg::with_article();
    let run = kg.ok(&["export", "json", "--relation", "leader_of"]);
    let graph: Value = serde_json::from_str(&run.stdout).unwrap();
    let edges = triples(&graph);
    assert!(edges.contains(&t("Alejandro Giammattei", "leader_of", "Guatemala")));
    assert!(edges.contains(&t("Yoshihide Suga", "leader_of", "Japan")));
    assert!(edges.iter().all(|(_, r, _)| r == "leader_of"), "{edges:?}");
    assert!(!names(&graph).contains(&"Council of the Americas".to_string()));
}

#[test]
fn mkg_db_environment_variable_chooses_the_database() {
    let kg = Kg::new();
    let db = kg.path("from-env.sqlite");
    let mut ingest = bare_mkg();
    ingest
        .current_dir(kg.dir.path())
        .env("MKG_DB", &db)
        .args(["ingest", ARTICLE])
        .assert()
        .success();
    assert!(db.is_file(), "MKG_DB was used");
    assert!(!kg.path("mkg.sqlite").exists(), "not the default path");
    let mut entities = bare_mkg();
    let output = entities
        .current_dir(kg.dir.path())
        .env("MKG_DB", &db)
        .arg("entities")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Kamala Harris"), "{stdout}");
}

#[test]
fn stdin_article_is_ingested_with_its_edges() {
    let kg = Kg::new();
    let run = kg.run_with(
        &["ingest", "-"],
        Some("Mexican President Claudia Sheinbaum met with Marco Rubio in Mexico City.\n"),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("ingested 1 new document(s)"),
        "{}",
        run.stdout
    );
    let graph = kg.export();
    let met = edge(&graph, "Claudia Sheinbaum", "met_with", "Marco Rubio");
    assert_eq!(met["evidence"][0]["document"], "<stdin>");
    assert_eq!(met["evidence"][0]["cue"], "met with");
    let leads = edge(&graph, "Claudia Sheinbaum", "leader_of", "Mexico");
    assert_eq!(leads["role"], "President");
    let city = node_id(&graph, "Mexico City");
    let kinds: Vec<&Value> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["id"] == city)
        .map(|n| &n["kind"])
        .collect();
    assert_eq!(kinds, [&Value::from("region")]);
}

#[test]
fn json_lines_articles_merge_entities_and_evidence_across_documents() {
    let kg = Kg::new();
    let corpus = kg.write(
        "corpus.jsonl",
        concat!(
            r#"{"id": "wire-0412", "title": "Border talks", "date": "2025-03-04", "text": "Mexican President Claudia Sheinbaum met with Marco Rubio in Mexico City. Rubio later spoke with Honduran President Xiomara Castro by phone."}"#,
            "\n",
            r#"{"title": "Second round", "text": "On Thursday, Claudia Sheinbaum met with Marco Rubio again to discuss deportation flights."}"#,
            "\n",
        ),
    );
    let run = kg.ok(&["ingest", arg(&corpus)]);
    assert!(
        run.stdout
            .starts_with("ingested 2 new document(s), 0 already present"),
        "{}",
        run.stdout
    );
    let graph = kg.export();
    let all = names(&graph);
    for name in ["Claudia Sheinbaum", "Marco Rubio"] {
        assert_eq!(
            all.iter().filter(|n| *n == name).count(),
            1,
            "{name} is one node across both articles: {all:?}"
        );
    }
    let met = edge(&graph, "Claudia Sheinbaum", "met_with", "Marco Rubio");
    let evidence = met["evidence"].as_array().unwrap();
    let documents: Vec<&str> = evidence
        .iter()
        .map(|e| e["document"].as_str().unwrap())
        .collect();
    let unnamed = format!("{}#2", corpus.display());
    assert_eq!(documents, ["wire-0412", unnamed.as_str()]);
    assert!(evidence[1]["sentence"]
        .as_str()
        .unwrap()
        .starts_with("On Thursday, Claudia Sheinbaum met with Marco Rubio"));
    // The first article's other fact, with the surname resolved to Rubio.
    edge(&graph, "Marco Rubio", "spoke_with", "Xiomara Castro");
    let stats = kg.json(&["stats"]);
    assert_eq!(stats["documents"], 2);
    assert_eq!(
        kg.json(&["show", "rubio"])["entity"]["name"],
        "Marco Rubio",
        "the surname the article used is an alias"
    );
}

#[test]
fn a_name_that_fits_several_entities_is_an_error_listing_them() {
    let kg = Kg::new();
    let corpus = kg.write(
        "castillos.jsonl",
        "{\"id\": \"one\", \"text\": \"Ana Castillo met with Xiomara Castro in Tegucigalpa. Castillo said the talks went well.\"}\n\
         {\"id\": \"two\", \"text\": \"Marco Castillo visited Guatemala on Monday. Castillo said little.\"}\n",
    );
    kg.ok(&["ingest", corpus.to_str().unwrap()]);
    let run = kg.fails(&["show", "Castillo"]);
    let ana = kg.json(&["entities", "--kind", "person"]);
    let id_of = |name: &str| {
        ana.as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["name"] == name)
            .map(|e| e["node"]["id"].as_i64().unwrap())
            .unwrap()
    };
    let (ana_id, marco_id) = (id_of("Ana Castillo"), id_of("Marco Castillo"));
    assert!(
        run.stderr.contains(&format!(
            "'Castillo' names 2 entities; give one by its id:\n  #{ana_id} Ana Castillo (person, 1 edges; linked to Xiomara Castro)\n  #{marco_id} Marco Castillo (person, 1 edges; linked to Guatemala)"
        )),
        "{}",
        run.stderr
    );
    let shown = kg.ok(&["show", &format!("#{marco_id}")]);
    assert!(
        shown.stdout.starts_with("Marco Castillo (person)"),
        "{}",
        shown.stdout
    );
}

#[test]
fn queries_leave_nothing_beside_the_database() {
    let kg = Kg::with_article();
    for args in [
        &["stats"][..],
        &["show", "harris"],
        &["neighbors", "harris"],
        &["documents"],
        &["export", "json"],
    ] {
        kg.ok(args);
    }
    let mut files: Vec<String> = std::fs::read_dir(kg.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["kg.sqlite"], "no -wal or -shm files at rest");
    let header = std::fs::read(&kg.db).unwrap();
    // Bytes 18 and 19 of an SQLite header are 1 for a rollback journal, 2 for WAL.
    assert_eq!(
        (header[18], header[19]),
        (1, 1),
        "the file is back in journal mode"
    );
}

#[test]
fn evidence_has_one_json_shape_and_every_edge_end_has_a_name() {
    let kg = Kg::with_article();
    let exported = kg.export();
    let shown = kg.json(&["show", "harris"]);
    let walked = kg.json(&["neighbors", "harris"]);
    let found = kg.json(&["path", "Yoshihide Suga", "Joe Biden"]);
    let evidence = [
        &exported["edges"][0]["evidence"][0],
        &shown["edges"][0]["evidence"][0],
        &walked["edges"][0]["evidence"][0],
        &found["paths"][0][0]["edge"]["evidence"][0],
    ];
    for ev in evidence {
        let mut keys: Vec<&str> = ev.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["cue", "date", "document", "end", "modality", "sentence", "start"],
            "{ev}"
        );
    }
    let named: Vec<i64> = shown["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    for edge in shown["edges"].as_array().unwrap() {
        for end in ["source", "target"] {
            assert!(named.contains(&edge[end].as_i64().unwrap()), "{edge}");
        }
    }
    let stats = kg.json(&["stats"]);
    assert!(stats["by_kind"][0]["kind"].is_string(), "{stats}");
    assert!(
        stats["most_connected"][0]["node"]["name"].is_string(),
        "{stats}"
    );
}

#[test]
fn export_csv_writes_three_files_that_agree_with_the_json() {
    let kg = Kg::with_article();
    let graph = kg.export();
    let folder = kg.path("neo4j");
    kg.ok(&["export", "csv", "-o", arg(&folder)]);
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
    let nodes = read("nodes.csv");
    assert!(nodes.starts_with(":ID(Entity),id:long,name,kind,aliases:string[],:LABEL\n"));
    assert_eq!(
        nodes.lines().count(),
        1 + graph["nodes"].as_array().unwrap().len()
    );
    let harris = node_id(&graph, "Kamala Harris");
    assert!(
        nodes.lines().any(
            |l| l.starts_with(&format!("{harris},{harris},Kamala Harris,person,"))
                && l.ends_with(",Entity;Person")
        ),
        "{nodes}"
    );
    let edges = read("edges.csv");
    assert_eq!(
        edges.lines().count(),
        1 + graph["edges"].as_array().unwrap().len()
    );
    let biden = node_id(&graph, "Joe Biden");
    assert!(
        edges.contains(&format!("\n{harris},{biden},TAPPED_BY,")),
        "{edges}"
    );
    let pieces: usize = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["evidence"].as_array().unwrap().len())
        .sum();
    let evidence = read("evidence.csv");
    assert!(evidence.starts_with("id:ID(Evidence),edge:long,document,sentence,"));
    // Sentences may hold quoted line breaks: count records, not lines.
    assert_eq!(evidence.matches(",Evidence\n").count(), pieces);
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with(".csv"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_cypher_is_one_statement_per_item() {
    let kg = Kg::with_article();
    let graph = kg.export();
    let script = kg
        .ok(&["export", "cypher", "--relation", "tapped_by"])
        .stdout;
    let statements: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
    let harris = node_id(&graph, "Kamala Harris");
    let biden = node_id(&graph, "Joe Biden");
    assert_eq!(
        statements[..2],
        [
            format!("CREATE (:Entity {{id: {harris}, name: 'Kamala Harris', kind: 'person', aliases: ['Harris', 'the vice president']}});"),
            format!("CREATE (:Entity {{id: {biden}, name: 'Joe Biden', kind: 'person', aliases: ['Biden']}});"),
        ]
    );
    assert!(statements[2].starts_with(&format!(
        "MATCH (a:Entity {{id: {harris}}}), (b:Entity {{id: {biden}}}) CREATE (a)-[:TAPPED_BY {{id: "
    )));
    assert!(statements[3].starts_with("CREATE (:Evidence {id: '"));
    assert!(statements[3].contains("sentence: 'It\\'s a high-stakes negotiation for Harris"));
    assert_eq!(statements.len(), 4, "{script}");
}

#[test]
fn report_is_one_html_file_with_the_graph_and_its_evidence() {
    let kg = Kg::with_article();
    let page = kg.path("harris.html");
    kg.ok(&[
        "report",
        "--focus",
        "harris",
        "--depth",
        "1",
        "-o",
        arg(&page),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>mkg report: Kamala Harris and its neighbours to depth 1</title>"));
    assert!(!html.contains("<script src="), "nothing to fetch");
    let start = html.find("id=\"mkg-data\">").unwrap() + "id=\"mkg-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    let harris = data["focus"].as_i64().unwrap();
    assert!(data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == harris && n["name"] == "Kamala Harris"));
    let tapped = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["relation"] == "tapped_by")
        .unwrap();
    let piece = &tapped["evidence"][0];
    assert!(piece["sentence"]
        .as_str()
        .unwrap()
        .contains("who was tapped by President Joe Biden"));
    // The article was read from a file that is still there: the evidence links to it.
    assert!(
        piece["url"].as_str().unwrap().starts_with("file:///")
            && piece["url"]
                .as_str()
                .unwrap()
                .ends_with("/data/articles/cnn-2021-harris-northern-triangle.txt"),
        "{piece}"
    );
    let run = kg.fails(&["--json", "report"]);
    assert!(run
        .stderr
        .contains("--json does not apply to report: it writes HTML"));
}

#[test]
fn focused_data_exports_carry_every_piece_of_evidence() {
    let kg = Kg::new();
    let corpus: String = (0..25)
        .map(|i| {
            serde_json::json!({"id": format!("brief-{i:02}"),
                "text": format!("Kamala Harris met with Dana Whitford in Tegucigalpa on day {i}.")})
            .to_string()
                + "\n"
        })
        .collect();
    let corpus = kg.write("briefs.jsonl", corpus);
    kg.ok(&["ingest", arg(&corpus)]);
    let focused: Value = serde_json::from_str(
        &kg.ok(&["export", "json", "--focus", "Dana Whitford", "--depth", "1"])
            .stdout,
    )
    .unwrap();
    let met = edge(&focused, "Kamala Harris", "met_with", "Dana Whitford");
    assert_eq!(met["evidence"].as_array().unwrap().len(), 25, "{met}");
    // A walk itself shows the first 20 and says how many there are.
    let walked = kg.json(&["neighbors", "Dana Whitford"]);
    assert_eq!(walked["edges"][0]["evidence"].as_array().unwrap().len(), 20);
    assert_eq!(walked["edges"][0]["evidence_count"], 25);
}
