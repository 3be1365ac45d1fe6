"""`mkg export graphml` loads into NetworkX with the nodes, edges and attributes of
`mkg export json`, for the whole graph and around one entity. Run by .ci/run:
python graphml_networkx.py MKG_BINARY ARTICLES FOCUS"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx


def mkg(binary, db, *args):
    done = subprocess.run([binary, "--db", str(db), *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mkg {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def check(binary, articles, focus=None):
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "kg.sqlite"
        mkg(binary, db, "ingest", articles)
        selection = ["--focus", focus, "--depth", "1"] if focus else []
        exported = json.loads(mkg(binary, db, "export", "json", *selection))
        graphml = Path(scratch) / "kg.graphml"
        mkg(binary, db, "export", "graphml", "-o", str(graphml), *selection)
        graph = nx.read_graphml(graphml)

    assert graph.is_directed(), "edges are directed"
    assert graph.number_of_nodes() == len(exported["nodes"]), (
        graph.number_of_nodes(), len(exported["nodes"]))
    assert graph.number_of_edges() == len(exported["edges"]), (
        graph.number_of_edges(), len(exported["edges"]))
    for node in exported["nodes"]:
        attributes = graph.nodes[f"n{node['id']}"]
        assert attributes["label"] == node["name"], (attributes, node)
        assert attributes["kind"] == node["kind"], (attributes, node)
        assert attributes.get("aliases", "") == "; ".join(node["aliases"]), (attributes, node)
    edges = {}
    for source, target, attributes in graph.edges(data=True):
        edges.setdefault((source, target, attributes["relation"]), attributes)
    for edge in exported["edges"]:
        attributes = edges[(f"n{edge['source']}", f"n{edge['target']}", edge["relation"])]
        assert attributes["modality"] == edge["modality"], (attributes, edge)
        assert attributes.get("role") == edge["role"], (attributes, edge)
        assert attributes.get("amount") == edge["amount"], (attributes, edge)
        if not focus:  # a walk loads the first pieces of evidence only
            assert attributes["evidence"] == len(edge["evidence"]), (attributes, edge)
    return graph.number_of_nodes(), graph.number_of_edges()


if __name__ == "__main__":
    binary, articles, focus = sys.argv[1:4]
    whole = check(binary, articles)
    focused = check(binary, articles, focus=focus)
    print(f"graphml in NetworkX {nx.__version__}: whole graph {whole[0]} nodes, "
          f"{whole[1]} edges; around {focus} {focused[0]} nodes, {focused[1]} edges")
