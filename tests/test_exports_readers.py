"""Every export read back by a reader that did not write it (issue 15): rdflib and
`rapper` for RDF, lxml for GraphML and GEXF, the csv module for the tables, on the
bundled data and on the hostile labels of the render tests plus control characters.

Each hostile label survives exactly, or (control characters in XML formats) is changed
with a warning naming the entity. GraphML and GEXF are validated against the official
GraphML 1.0 and GEXF 1.3 XSDs, kept in tests/fixtures/schemas (see its README for
where they come from), so no test uses the network.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import pytest
from lxml import etree
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import TESTS, bundled_or_hostile, require, run_cli
from sendkg.graph.rdf import to_rdf

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"
SCHEMAS = TESTS / "fixtures" / "schemas"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMATS = (("ttl", "g.ttl"), ("nt", "g.nt"), ("jsonld", "g.jsonld"),
           ("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "tables"),
           ("xlsx", "register.xlsx"))


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def case(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"readers-{request.param}")
    kg, data = bundled_or_hostile(request.param, root)
    if request.param == "hostile":
        ids = {node.id for node in kg.nodes()}
        assert {"board:script", "act:hostile", "board:bell"} <= ids
    warnings = {}
    for fmt, name in FORMATS:
        result = run_cli("export", "--format", fmt, "-o", root / name, *data)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        warnings[fmt] = result.err
    return kg, root, warnings


def _rapper(path, syntax: str) -> str:
    require(shutil.which("rapper") is not None, "rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", syntax, "-o", "ntriples", "-q", str(path)],
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.parametrize("fmt,name,syntax", [("nt", "g.nt", "ntriples"),
                                             ("ttl", "g.ttl", "turtle")])
def test_rdf_reads_back_in_rdflib_and_rapper(case, fmt, name, syntax):
    kg, root, _ = case
    expected = to_rdf(kg)
    assert isomorphic(Graph().parse(root / name, format=fmt), expected)
    lines = [line for line in _rapper(root / name, syntax).splitlines() if line.strip()]
    assert len(lines) == len(expected)
    assert isomorphic(Graph().parse(data="\n".join(lines), format="nt"), expected)


def test_jsonld_reads_back_in_rdflib(case):
    kg, root, _ = case
    assert isomorphic(Graph().parse(root / "g.jsonld", format="json-ld"), to_rdf(kg))


def _expected_label(node, warnings: str) -> str:
    if CONTROL.search(node.label):
        assert node.id in warnings, f"no warning names {node.id}"
        return CONTROL.sub("", node.label)
    return node.label


def test_graphml_reads_in_lxml_with_every_label(case):
    kg, root, warnings = case
    tree = etree.parse(str(root / "g.graphml"))
    assert tree.getroot().tag == f"{GRAPHML}graphml"
    nodes = list(tree.iter(f"{GRAPHML}node"))
    assert len(nodes) == len(kg)
    assert len(list(tree.iter(f"{GRAPHML}edge"))) == kg.graph.number_of_edges()
    key = next(k.get("id") for k in tree.iter(f"{GRAPHML}key")
               if k.get("attr.name") == "label" and k.get("for") == "node")
    labels = {n.get("id"): n.find(f"{GRAPHML}data[@key='{key}']").text for n in nodes}
    for node in kg.nodes():
        assert labels[node.id] == _expected_label(node, warnings["graphml"])


def test_gexf_reads_in_lxml_with_every_label(case):
    kg, root, warnings = case
    tree = etree.parse(str(root / "g.gexf"))
    assert tree.find(f"{GEXF}graph").get("mode") == "static"
    nodes = list(tree.iter(f"{GEXF}node"))
    assert len(nodes) == len(kg)
    assert len(list(tree.iter(f"{GEXF}edge"))) == kg.graph.number_of_edges()
    labels = {n.get("id"): n.get("label") for n in nodes}
    for node in kg.nodes():
        assert labels[node.id] == _expected_label(node, warnings["gexf"])


@pytest.mark.parametrize("name,schema", [("g.graphml", "graphml/graphml.xsd"),
                                         ("g.gexf", "gexf-1.3/gexf.xsd")])
def test_graphml_and_gexf_are_valid_against_their_official_xsd(case, name, schema):
    """GraphML edge ids were the relation (`ownedBy` 1,500 times over, where ids must
    be unique); GEXF was 1.2draft, then networkx's 1.3 misspelt the XSI namespace."""
    _, root, _ = case
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    document = etree.parse(str(root / name))
    assert validator.validate(document), [str(e) for e in list(validator.error_log)[:5]]


def test_csv_tables_keep_every_label_exactly(case):
    kg, root, _ = case
    with open(root / "tables" / "nodes.csv", newline="", encoding="utf-8") as table:
        names = {row["id"]: row["name"] for row in csv.DictReader(table)}
    assert names == {node.id: node.label for node in kg.nodes()}



def test_register_keeps_every_action_and_board_label(case):
    from openpyxl import load_workbook

    kg, root, warnings = case
    book = load_workbook(root / "register.xlsx")
    for sheet, column, type in (("Actions", 3, "Action"), ("Boards", 1, "Board")):
        cells = [row[column - 1] for row in book[sheet].iter_rows(min_row=2, values_only=True)]
        expected = [CONTROL.sub("", n.label) for n in kg.nodes(type)]
        assert sorted(cells) == sorted(expected)
        for node in kg.nodes(type):
            if CONTROL.search(node.label):
                assert "control characters" in warnings["xlsx"]
