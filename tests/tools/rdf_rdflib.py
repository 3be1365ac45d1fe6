"""`mkg export ntriples` and `mkg export turtle` parse in rdflib into the triples that
`mkg export json` implies, and SPARQL finds its edges. Run by .ci/run:
python rdf_rdflib.py MKG_BINARY ARTICLES"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import rdflib
import rdflib.compare
from rdflib.namespace import RDFS

MKG = rdflib.Namespace("urn:mkg:vocab:")


def mkg(binary, db, *args):
    done = subprocess.run([binary, "--db", str(db), *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mkg {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def expected_triples(exported):
    """Two per node (class, label), one per alias; per edge the direct triple, the
    edge's class, source, relation, target, modality, role and amount if any, and per
    piece of evidence its link, class and six facts, with a date if any."""
    count = sum(2 + len(node["aliases"]) for node in exported["nodes"])
    for edge in exported["edges"]:
        count += 6 + (edge["role"] is not None) + (edge["amount"] is not None)
        for evidence in edge["evidence"]:
            count += 8 + (evidence["date"] is not None)
    return count


if __name__ == "__main__":
    binary, articles = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "kg.sqlite"
        mkg(binary, db, "ingest", articles)
        exported = json.loads(mkg(binary, db, "export", "json"))
        graphs = {}
        for syntax, rdflib_format in [("ntriples", "nt"), ("turtle", "turtle")]:
            path = Path(scratch) / f"kg.{rdflib_format}"
            mkg(binary, db, "export", syntax, "-o", str(path))
            graphs[syntax] = rdflib.Graph().parse(path, format=rdflib_format)

    expected = expected_triples(exported)
    for syntax, graph in graphs.items():
        assert len(graph) == expected, (syntax, len(graph), expected)
    graph = graphs["turtle"]
    assert rdflib.compare.isomorphic(graph, graphs["ntriples"]), "the two syntaxes agree"
    for node in exported["nodes"]:
        entity = rdflib.URIRef(f"urn:mkg:entity:{node['id']}")
        assert graph.value(entity, RDFS.label) == rdflib.Literal(node["name"]), node
    for edge in exported["edges"]:
        found = graph.query(
            "ASK { ?s ?relation ?t . ?edge mkg:source ?s ; mkg:relation ?relation ; mkg:target ?t ;"
            " mkg:evidence/mkg:sentence ?sentence }",
            initNs={"mkg": MKG},
            initBindings={
                "s": rdflib.URIRef(f"urn:mkg:entity:{edge['source']}"),
                "t": rdflib.URIRef(f"urn:mkg:entity:{edge['target']}"),
                "relation": MKG[edge["relation"]],
                "sentence": rdflib.Literal(edge["evidence"][0]["sentence"]),
            },
        )
        assert found.askAnswer, edge
    print(f"RDF in rdflib {rdflib.__version__}: {expected} triples in N-Triples and Turtle, "
          f"{len(exported['edges'])} edges found by SPARQL with their evidence")
