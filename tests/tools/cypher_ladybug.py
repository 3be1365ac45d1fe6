"""Loads `mkg export cypher` and `mkg export csv` into ladybug, an embedded Cypher
graph database (Kuzu's successor), and checks both against mkg: node, edge and
evidence counts, and a 2-hop MATCH against `mkg neighbors --depth 2`.

Usage: cypher_ladybug.py MKG_BINARY ARTICLES_DIR ENTITY
"""

import json
import os
import subprocess
import sys
import tempfile

import ladybug


def mkg(binary, db, *args):
    return subprocess.run(
        [binary, "--db", db, *args], check=True, capture_output=True, text=True
    ).stdout


def rows(conn, query, parameters=None):
    result = conn.execute(query, parameters or {})
    found = []
    while result.has_next():
        found.append(result.get_next())
    return found


def count(conn, query):
    return rows(conn, query)[0][0]


def two_hops(conn, name):
    """Ids within two edges of the entity, either way, as `mkg neighbors` walks."""
    return {
        row[0]
        for row in rows(
            conn,
            "MATCH (a:Entity {name: $name})-[*1..2]-(b:Entity) "
            "WHERE b.id <> a.id RETURN DISTINCT b.id",
            {"name": name},
        )
    }


def main():
    binary, articles, entity = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "kg.db")
        mkg(binary, db, "ingest", articles)
        graph = json.loads(mkg(binary, db, "export", "json"))
        nodes, edges = len(graph["nodes"]), len(graph["edges"])
        evidence = sum(len(e["evidence"]) for e in graph["edges"])
        sentences = sorted(v["sentence"] for e in graph["edges"] for v in e["evidence"])
        assert any("'" in s for s in sentences), "a sentence with a quote tests escaping"
        around = json.loads(
            mkg(binary, db, "--json", "neighbors", entity, "--depth", "2")
        )
        focus = next(n["id"] for n in around["nodes"] if n["name"] == entity)
        expected = {n["id"] for n in around["nodes"]} - {focus}
        assert not around.get("omitted_edges"), "the walk must be complete to compare"

        # The Cypher script: its own comment block gives the tables.
        script = os.path.join(scratch, "kg.cypher")
        mkg(binary, db, "export", "cypher", "-o", script)
        conn = ladybug.Connection(ladybug.Database(os.path.join(scratch, "from-cypher")))
        statements = 0
        with open(script, encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if line.startswith("// CREATE NODE TABLE") or line.startswith(
                    "// CREATE REL TABLE"
                ):
                    conn.execute(line[3:])
                elif line and not line.startswith("//"):
                    conn.execute(line)
                    statements += 1
        assert statements == nodes + edges + evidence, (statements, nodes, edges, evidence)
        assert count(conn, "MATCH (n:Entity) RETURN count(n)") == nodes
        assert count(conn, "MATCH ()-[r]->() RETURN count(r)") == edges
        assert count(conn, "MATCH (v:Evidence) RETURN count(v)") == evidence
        assert sorted(r[0] for r in rows(conn, "MATCH (v:Evidence) RETURN v.sentence")) == sentences
        got = two_hops(conn, entity)
        assert got == expected, f"cypher: {sorted(got ^ expected)} differ"
        print(f"cypher: {nodes} nodes, {edges} edges, {evidence} evidence; "
              f"{len(got)} entities within 2 hops of {entity}, as mkg neighbors")

        # The CSV files, with the columns their Neo4j headers name.
        folder = os.path.join(scratch, "csv")
        mkg(binary, db, "export", "csv", "-o", folder)
        conn = ladybug.Connection(ladybug.Database(os.path.join(scratch, "from-csv")))
        conn.execute(
            "CREATE NODE TABLE Entity(key INT64, id INT64, name STRING, kind STRING, "
            "aliases STRING, labels STRING, PRIMARY KEY (key))"
        )
        conn.execute(
            "CREATE NODE TABLE Evidence(id STRING, edge INT64, document STRING, "
            "sentence STRING, start_char INT64, end_char INT64, cue STRING, "
            "modality STRING, date STRING, labels STRING, PRIMARY KEY (id))"
        )
        conn.execute(
            "CREATE REL TABLE Related(FROM Entity TO Entity, type STRING, id INT64, "
            "modality STRING, role STRING, amount STRING, evidence_count INT64, "
            "first_date STRING)"
        )
        for table, name in [("Entity", "nodes"), ("Evidence", "evidence"), ("Related", "edges")]:
            path = os.path.join(folder, f"{name}.csv")
            conn.execute(f"COPY {table} FROM '{path}' (header=true)")
        assert count(conn, "MATCH (n:Entity) RETURN count(n)") == nodes
        assert count(conn, "MATCH ()-[r:Related]->() RETURN count(r)") == edges
        assert count(conn, "MATCH (v:Evidence) RETURN count(v)") == evidence
        # Each piece of evidence names its edge, whose sentence it is.
        joined = count(
            conn,
            "MATCH ()-[r:Related]->(), (v:Evidence) WHERE v.edge = r.id RETURN count(v)",
        )
        assert joined == evidence, (joined, evidence)
        assert sorted(r[0] for r in rows(conn, "MATCH (v:Evidence) RETURN v.sentence")) == sentences
        got = two_hops(conn, entity)
        assert got == expected, f"csv: {sorted(got ^ expected)} differ"
        print(f"csv: {nodes} nodes, {edges} edges, {evidence} evidence; "
              f"{len(got)} entities within 2 hops of {entity}, as mkg neighbors")


if __name__ == "__main__":
    main()
