"""`sendkg push` against a real Neo4j Community 5.26 server (see tests/neo4j_server.py)."""

from __future__ import annotations

import json
import socket

import pytest

from neo4j_server import build_launcher, neo4j_server, neo4j_uri, start_server  # noqa: F401
from sendkg.errors import ServerError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.graph.neo4j_connection import Neo4jTarget
from sendkg.graph.neo4j_writer import push_graph
from sendkg.records import Edge, Node, Source

HOSTILE = "it's \"quoted\" `ticked` }) DETACH DELETE n // \\ ' MATCH (m) DELETE m"


@pytest.fixture(scope="session")
def driver(neo4j_uri):
    neo4j = pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        yield driver


@pytest.fixture
def db(driver, neo4j_uri):
    """An empty database (constraints stay) and the target to push to."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    return Neo4jTarget(neo4j_uri)


def governance(**labels) -> KnowledgeGraph:
    kg = KnowledgeGraph(name="tiny")
    kg.add_node(Node("plan:p", "Plan", labels.get("plan", "Plan P"), ("P",),
                     {"period": "2019-2022"}, (Source("plan.txt", 3),)))
    kg.add_node(Node("board:a", "Board", "Board A", sources=(Source("plan.txt", 7),)))
    kg.add_node(Node("board:b", "Board", "Board B"))
    kg.add_node(Node("person:x", "Person", "X Chair"))
    kg.add_edge(Edge("plan:p", "monitoredBy", "board:a", {}, (Source("plan.txt", 4),)))
    kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "quarterly"}))
    kg.add_edge(Edge("board:b", "chairedBy", "person:x"))
    return kg


def counts(driver) -> tuple[int, int]:
    """Nodes and relationships, leaving out each dataset's SendkgDataset digest node."""
    nodes = driver.execute_query(
        "MATCH (n) WHERE NOT n:SendkgDataset RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def snapshot(driver) -> tuple[list, list]:
    """Everything in the database, in an order-free form."""
    nodes = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS s, type(r) AS p, b.id AS o, "
        "properties(r) AS props").records
    as_text = lambda records: sorted(json.dumps(r.data(), sort_keys=True) for r in records)
    return as_text(nodes), as_text(rels)


def node(driver, node_id: str, dataset: str = "tiny") -> dict | None:
    records = driver.execute_query(
        "MATCH (n:SendkgEntity {dataset: $d, id: $id}) RETURN n, labels(n) AS labels",
        d=dataset, id=node_id).records
    return {**dict(records[0]["n"]), "_labels": sorted(records[0]["labels"])} if records else None


def test_push_writes_labels_properties_and_sources(db, driver):
    report = push_graph(governance(), db)
    assert report.counts["create_nodes"] == 4 and report.counts["create_edges"] == 3
    plan = node(driver, "plan:p")
    assert plan["_labels"] == ["Plan", "SendkgEntity"]
    assert (plan["label"], plan["aliases"], plan["sources"]) == ("Plan P", ["P"], ["plan.txt:3"])
    assert plan["period"] == "2019-2022" and plan["dataset"] == "tiny"
    hop = driver.execute_query(
        "MATCH (:Board {id: 'board:a'})-[r:reportsTo]->(b:Board) RETURN r, b.id AS b").records
    assert [({k: v for k, v in h["r"].items() if k != "sendkg_hash"}, h["b"]) for h in hop] \
        == [({"frequency": "quarterly", "dataset": "tiny", "sources": []}, "board:b")]


def test_pushing_twice_changes_nothing(db, driver):
    push_graph(governance(), db)
    first = snapshot(driver)
    report = push_graph(governance(), db)
    assert report.written == 0
    assert report.counts["unchanged_nodes"] == 4 and report.counts["unchanged_edges"] == 3
    assert counts(driver) == (4, 3)
    assert snapshot(driver) == first


def test_an_unchanged_push_compares_one_digest_not_every_row(db, driver, monkeypatch):
    push_graph(governance(), db)
    stored = driver.execute_query(
        "MATCH (d:SendkgDataset {dataset: 'tiny'}) RETURN d").records[0]["d"]
    assert (stored["entities"], stored["relationships"]) == (4, 3)
    import sendkg.graph.neo4j_writer as writer

    def read_back(*args):
        raise AssertionError("an unchanged push read every row back")

    monkeypatch.setattr(writer, "_read_state", read_back)
    report = push_graph(governance(), db)
    assert report.written == 0 and report.counts["unchanged_nodes"] == 4
    assert report.counts["unchanged_edges"] == 3
    with pytest.raises(AssertionError, match="read every row back"):
        push_graph(governance(plan="Plan P (renamed)"), db)


def test_the_digest_kept_with_the_graph_answers_without_making_rows(db, monkeypatch):
    kg = governance()
    push_graph(kg, db)
    import sendkg.graph.neo4j_writer as writer

    def make_rows(*args):
        raise AssertionError("the rows were made again")

    monkeypatch.setattr(writer, "node_rows", make_rows)
    assert push_graph(kg, db).counts["unchanged_nodes"] == 4
    kg.add_node(Node("board:c", "Board", "Board C"))  # a changed graph forgets its digest
    with pytest.raises(AssertionError, match="made again"):
        push_graph(kg, db)


def test_what_was_deleted_by_hand_is_put_back_despite_the_digest(db, driver):
    push_graph(governance(), db)
    expected = snapshot(driver)
    driver.execute_query("MATCH ()-[r:chairedBy]->() DELETE r")
    report = push_graph(governance(), db)
    assert report.counts["create_edges"] == 1 and snapshot(driver) == expected
    driver.execute_query("MATCH (n:SendkgEntity {id: 'person:x'}) DETACH DELETE n")
    report = push_graph(governance(), db)
    assert (report.counts["create_nodes"], report.counts["create_edges"]) == (1, 1)
    assert snapshot(driver) == expected


def test_bundled_data_pushed_twice_gives_identical_counts(db, driver, bundled_kg):
    push_graph(bundled_kg, db)
    after_first = counts(driver)
    assert after_first == (len(bundled_kg), bundled_kg.graph.number_of_edges())
    assert push_graph(bundled_kg, db).written == 0
    assert counts(driver) == after_first


def test_update_changes_properties_labels_and_removes_what_disappeared(db, driver):
    push_graph(governance(), db)
    kg = governance(plan="Plan P (refreshed)")
    kg.add_node(Node("board:a", "Organisation", "Board A", props={"kind": "partnership"}))
    kg.remove_node("person:x")
    kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "monthly"}))
    report = push_graph(kg, db)
    assert report.counts == {"create_nodes": 0, "update_nodes": 2, "delete_nodes": 1,
                             "create_edges": 0, "update_edges": 1, "delete_edges": 1,
                             "unchanged_nodes": 1, "unchanged_edges": 1}
    assert node(driver, "plan:p")["label"] == "Plan P (refreshed)"
    board = node(driver, "board:a")
    assert board["_labels"] == ["Organisation", "SendkgEntity"] and board["kind"] == "partnership"
    assert "sources" in board and board["sources"] == []  # the old source went with it
    assert node(driver, "person:x") is None
    assert counts(driver) == (3, 2)
    frequency = driver.execute_query(
        "MATCH ()-[r:reportsTo]->() RETURN r.frequency AS f").records[0]["f"]
    assert frequency == "monthly"


def test_sync_touches_nothing_outside_its_dataset(db, driver):
    driver.execute_query("CREATE (:Team {name: 'ours'})-[:LIKES]->(:Team {name: 'theirs'})")
    push_graph(governance(), Neo4jTarget(db.uri), dataset="other")
    push_graph(governance(), db)
    outside = snapshot(driver)
    smaller = governance()
    smaller.remove_node("board:b")
    push_graph(smaller, db)
    push_graph(smaller, db, dry_run=True)
    assert node(driver, "board:b") is None
    assert node(driver, "board:b", dataset="other") is not None
    assert counts(driver) == (2 + 4 + 3, 1 + 3 + 1)
    push_graph(governance(), db)
    assert snapshot(driver) == outside


def test_dry_run_writes_nothing(db, driver):
    report = push_graph(governance(), db, dry_run=True)
    assert report.dry_run and report.counts["create_nodes"] == 4
    assert {c["action"] for c in report.changes} == {"create"}
    assert counts(driver) == (0, 0)


def test_hostile_text_is_stored_as_plain_values(db, driver):
    driver.execute_query("CREATE (:Sentinel {name: 'keep me'})")
    kg = KnowledgeGraph(name="tiny")
    kg.add_node(Node(f"board:{HOSTILE}", "Board", HOSTILE, (HOSTILE,), {"note": HOSTILE},
                     (Source(HOSTILE, 1),)))
    kg.add_node(Node("board:b", "Board", "B"))
    kg.add_edge(Edge(f"board:{HOSTILE}", "reportsTo", "board:b", {"reports": HOSTILE}))
    push_graph(kg, db, dataset=HOSTILE)
    push_graph(kg, db, dataset=HOSTILE)
    stored = node(driver, f"board:{HOSTILE}", dataset=HOSTILE)
    assert (stored["label"], stored["aliases"], stored["note"]) == (HOSTILE, [HOSTILE], HOSTILE)
    assert stored["sources"] == [f"{HOSTILE}:1"]
    reports = driver.execute_query("MATCH ()-[r:reportsTo]->() RETURN r.reports AS r").records
    assert [r["r"] for r in reports] == [HOSTILE]
    assert counts(driver) == (3, 1)


def test_a_push_that_fails_part_way_leaves_the_database_as_it_was(db, driver):
    push_graph(governance(), db)
    before = snapshot(driver)
    changed = governance(plan="Plan P v2")
    changed.remove_node("board:b")
    changed.add_node(Node("board:c", "Board", "Board C"))

    def fail_after_some_rows(done, total):
        if done >= 2:
            raise RuntimeError("connection lost mid-push")

    with pytest.raises(RuntimeError, match="mid-push"):
        push_graph(changed, db, batch_size=1, progress=fail_after_some_rows)
    assert snapshot(driver) == before
    push_graph(changed, db)
    assert node(driver, "board:c") is not None and node(driver, "board:b") is None


def markers(driver) -> int:
    return driver.execute_query(
        "MATCH (m:SendkgPushInProgress) RETURN count(m) AS c").records[0]["c"]


def revised() -> KnowledgeGraph:
    kg = governance(plan="Plan P v2")
    kg.remove_node("board:b")
    kg.add_node(Node("board:c", "Board", "Board C"))
    kg.add_edge(Edge("board:a", "reportsTo", "board:c", {"frequency": "monthly"}))
    return kg


def test_a_large_change_commits_in_chunks_with_the_same_result(db, driver):
    push_graph(revised(), db)
    in_one = snapshot(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    report = push_graph(revised(), db, batch_size=1, transaction_rows=2)
    assert report.transactions > 3 and not report.resumed
    assert snapshot(driver) == in_one and markers(driver) == 0


def test_parallel_writers_give_the_same_result(db, driver):
    push_graph(revised(), db)
    in_one = snapshot(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    report = push_graph(revised(), db, batch_size=1, transaction_rows=1, writers=3)
    assert report.transactions > 6 and not report.resumed
    assert snapshot(driver) == in_one and markers(driver) == 0
    push_graph(governance(), db, batch_size=1, transaction_rows=1, writers=3)  # an update
    changed = snapshot(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    push_graph(governance(), db)
    assert snapshot(driver) == changed


def test_an_interrupted_chunked_push_is_marked_and_finished_by_the_next(db, driver):
    push_graph(revised(), db)
    expected = snapshot(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    push_graph(governance(), db)

    def fail_after_some_rows(done, total):
        if done >= 4:
            raise RuntimeError("connection lost mid-push")

    with pytest.raises(RuntimeError, match="mid-push"):
        push_graph(revised(), db, batch_size=1, transaction_rows=2,
                   progress=fail_after_some_rows)
    assert markers(driver) == 1
    report = push_graph(revised(), db)
    assert report.resumed and markers(driver) == 0
    assert snapshot(driver) == expected


def test_small_batches_give_the_same_result(db, driver):
    push_graph(governance(), db, batch_size=1)
    one_by_one = snapshot(driver)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    push_graph(governance(), db, batch_size=1000)
    assert snapshot(driver) == one_by_one


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_is_one_clear_error():
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(ServerError, match="cannot reach Neo4j at " + uri):
        push_graph(governance(), Neo4jTarget(uri))


def test_cli_unreachable_server_exits_2_with_one_line(cli):
    result = cli("push", "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach Neo4j"), result.err
    assert "Traceback" not in result.err


@pytest.fixture(scope="module")
def auth_server(neo4j_server):
    """A second server with authentication on, for the refused-credentials message."""
    server = start_server(build_launcher(), auth=True)
    yield server
    server.stop()


def test_bad_credentials_are_one_clear_error(auth_server, cli, monkeypatch):
    target = Neo4jTarget(auth_server.uri, "neo4j", "wrong password")
    with pytest.raises(ServerError, match="refused the credentials"):
        push_graph(governance(), target)
    monkeypatch.setenv("SENDKG_TEST_PASSWORD", "wrong password")
    result = cli("push", "--uri", auth_server.uri, "--user", "neo4j",
                 "--password-env", "SENDKG_TEST_PASSWORD")
    assert result.code == 2 and "refused the credentials (user 'neo4j')" in result.err
    assert "Traceback" not in result.err


def test_cli_push_json_and_idempotence(db, driver, cli):
    first = json.loads(cli("push", "--uri", db.uri, "--json").out)
    assert first["query"]["dataset"] == "bundled"
    assert first["summary"]["create_nodes"] == len(first["results"]) - first["summary"][
        "create_edges"]
    assert all({"id", "type", "label", "action"} <= set(r) for r in first["results"])
    after_first = counts(driver)
    second = json.loads(cli("push", "--uri", db.uri, "--json").out)
    assert second["results"] == [] and counts(driver) == after_first


def test_cli_dry_run_names_the_changes(db, driver, cli):
    result = cli("push", "--uri", db.uri, "--dry-run")
    assert result.code == 0 and "would change" in result.out and "planned changes" in result.out
    assert counts(driver) == (0, 0)
