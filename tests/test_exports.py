"""Each exporter round-trips through an independent reader."""

from __future__ import annotations

import csv
import shutil
import subprocess

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import SMALL, require, run_cli
from sendkg.graph.rdf import to_rdf


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    for fmt, name in (("ttl", "g.ttl"), ("jsonld", "g.jsonld"), ("nt", "g.nt"),
                      ("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "tables")):
        result = run_cli("export", "--format", fmt, "-o", folder / name, "--data", SMALL)
        assert result.code == 0, result.err
    return folder


def test_turtle_round_trips_isomorphically(exported, small_kg):
    assert isomorphic(Graph().parse(exported / "g.ttl", format="turtle"), to_rdf(small_kg))


def test_jsonld_round_trips_isomorphically(exported, small_kg):
    assert isomorphic(Graph().parse(exported / "g.jsonld", format="json-ld"), to_rdf(small_kg))


def test_turtle_parses_in_an_independent_parser(exported, small_kg):
    require(shutil.which("rapper") is not None, "rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", "turtle", "-o", "ntriples", "-q",
                           str(exported / "g.ttl")], capture_output=True, text=True, check=True)
    from_rapper = Graph().parse(data=done.stdout, format="nt")
    assert isomorphic(from_rapper, to_rdf(small_kg))


def test_turtle_parses_in_oxigraph(exported, small_kg):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    triples = list(pyoxigraph.parse(path=str(exported / "g.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(to_rdf(small_kg))


def test_graphml_and_gexf_keep_nodes_edges_and_sources(exported, small_kg):
    for name in ("g.graphml", "g.gexf"):
        graph = (nx.read_graphml(exported / name) if name.endswith("graphml")
                 else nx.read_gexf(exported / name, version="1.3"))
        assert graph.number_of_nodes() == len(small_kg)
        assert graph.number_of_edges() == small_kg.graph.number_of_edges()
        assert graph.nodes["person:mark-smith"]["sources"] == "example_plan.txt:12"


def test_csv_tables_are_kgx_shaped(exported, small_kg):
    with open(exported / "tables" / "nodes.csv") as nodes_file:
        nodes = list(csv.DictReader(nodes_file))
    with open(exported / "tables" / "edges.csv") as edges_file:
        edges = list(csv.DictReader(edges_file))
    assert len(nodes) == len(small_kg) and len(edges) == small_kg.graph.number_of_edges()
    dunn = next(row for row in nodes if row["id"] == "person:lyndsey-dunn")
    assert dunn["category"] == "sendkg:Person" and dunn["synonym"] == "Lindsey Dunn"
    funded = next(row for row in edges if row["predicate"] == "sendkg:fundedBy")
    assert funded["mechanism"] == "section 75 pooled budget"
