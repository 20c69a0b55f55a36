"""`sendkg export --format neo4j-import`: the files are imported by neo4j-admin (the
test server's own Neo4j 5.26 jars, `org.neo4j.cli.AdminTool`) into a fresh Neo4j home,
which the launcher then opens. The imported database must hold what `sendkg push`
writes: the same counts, labels and properties, and a push afterwards changes nothing.
Run on the bundled data and on the hostile labels of the render tests (quotes, commas,
newlines, backslashes, control characters in CSV cells)."""

from __future__ import annotations

import json
import shlex

import pytest
from conftest import bundled_or_hostile, require, run_cli
from neo4j_server import build_launcher, missing_tools, neo4j_admin, start_server
from sendkg.graph.neo4j_connection import Neo4jTarget
from sendkg.graph.neo4j_writer import push_graph


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def imported(request, tmp_path_factory):
    """(graph, its dataset name, a driver to a server opened on the imported home)."""
    require(missing_tools() is None, str(missing_tools()))
    neo4j = pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    root = tmp_path_factory.mktemp(f"neo4j-import-{request.param}")
    kg, data = bundled_or_hostile(request.param, root)
    files = root / "import"
    result = run_cli("export", "--format", "neo4j-import", "-o", files, *data)
    assert result.code == 0, result.err
    command = shlex.split((files / "import-command.txt").read_text())
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    classpath = build_launcher()
    home = root / "home"
    done = neo4j_admin(classpath, home, *command[1:], cwd=files)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (home / "data" / "databases" / "neo4j").is_dir()
    server = start_server(classpath, data_dir=home)
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
            yield kg, kg.name, driver, Neo4jTarget(server.uri)
    finally:
        server.stop()


def _one(driver, query: str, **parameters):
    return driver.execute_query(query, **parameters).records[0][0]


def _dataset(driver, dataset: str) -> tuple[list, list]:
    """A dataset's entities and relationships, order-free, without the dataset's name
    or the digest (which includes the name; the push after the import compares it).
    Empty lists are left out: neo4j-admin cannot store one (the push stores [])."""
    nodes = driver.execute_query(
        "MATCH (n:SendkgEntity {dataset: $d}) RETURN labels(n) AS labels, "
        "properties(n) AS props", d=dataset).records
    rels = driver.execute_query(
        "MATCH (a:SendkgEntity {dataset: $d})-[r]->(b) RETURN a.id AS s, type(r) AS p, "
        "b.id AS o, properties(r) AS props", d=dataset).records

    def text(record) -> str:
        data = record.data()
        data["props"] = {k: v for k, v in data["props"].items()
                         if k not in ("dataset", "sendkg_hash") and v != []}
        if "labels" in data:
            data["labels"] = sorted(data["labels"])
        return json.dumps(data, sort_keys=True)
    return sorted(map(text, nodes)), sorted(map(text, rels))


def test_the_import_holds_every_entity_and_relationship(imported):
    kg, dataset, driver, _ = imported
    assert _one(driver, "MATCH (n:SendkgEntity {dataset: $d}) RETURN count(n)",
                d=dataset) == len(kg)
    assert _one(driver, "MATCH ()-[r]->() RETURN count(r)") == kg.graph.number_of_edges()
    for type_name in {node.type for node in kg.nodes()}:
        expected = sum(1 for node in kg.nodes() if node.type == type_name)
        assert _one(driver, f"MATCH (n:`{type_name}`) RETURN count(n)") == expected


def test_the_import_equals_a_push_and_a_push_after_it_writes_nothing(imported):
    kg, dataset, driver, target = imported
    push_graph(kg, target, "pushed")
    assert _dataset(driver, dataset) == _dataset(driver, "pushed")
    report = push_graph(kg, target, dataset)
    assert report.written == 0 and report.counts["unchanged_nodes"] == len(kg)


def test_a_file_name_is_refused_before_anything_is_written(tmp_path):
    result = run_cli("export", "--format", "neo4j-import", "-o", tmp_path / "graph.csv")
    assert result.code == 2 and "give a folder name" in result.err
    assert "Traceback" not in result.err and list(tmp_path.iterdir()) == []
