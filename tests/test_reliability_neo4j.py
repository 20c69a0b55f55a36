"""`sendkg cypher` is read-only unless --write, never makes the server fetch URLs unless
--allow-network, and warns while a push is under way (issue 20)."""

from __future__ import annotations

import pytest

from neo4j_server import neo4j_server, neo4j_uri  # noqa: F401


@pytest.fixture
def driver(neo4j_uri):  # noqa: F811
    neo4j = pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as opened:
        yield opened
        opened.execute_query("MATCH (n:ReliabilityProbe) DETACH DELETE n")
        opened.execute_query("MATCH (m:SendkgPushInProgress {dataset: 'probe'}) DELETE m")


def _probes(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (n:ReliabilityProbe) RETURN count(n) AS n")
    return records[0]["n"]


def test_cypher_is_read_only_unless_write_is_given(driver, neo4j_uri, cli):  # noqa: F811
    create = "CREATE (n:ReliabilityProbe {at: 1}) RETURN n.at AS at"
    refused = cli("cypher", create, "--uri", neo4j_uri)
    assert refused.code == 2 and "Traceback" not in refused.err
    assert _probes(driver) == 0
    allowed = cli("cypher", create, "--uri", neo4j_uri, "--write")
    assert allowed.code == 0, allowed
    assert _probes(driver) == 1


@pytest.mark.parametrize("query", [
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "load  csv with headers from 'file:///etc/passwd' as r return r",
    "CALL apoc.load.json('http://127.0.0.1:9/x') YIELD value RETURN value",
])
def test_cypher_that_reaches_out_is_refused_unless_allowed(neo4j_uri, query, cli):  # noqa: F811
    result = cli("cypher", query, "--uri", neo4j_uri)
    assert result.code == 2 and "--allow-network" in result.err
    allowed = cli("cypher", query, "--uri", neo4j_uri, "--allow-network")
    assert "--allow-network" not in allowed.err  # the server's own answer, whatever it is
    assert "Traceback" not in allowed.err


def test_cypher_warns_while_a_push_is_under_way(driver, neo4j_uri, cli):  # noqa: F811
    quiet = cli("cypher", "RETURN 1 AS one", "--uri", neo4j_uri)
    assert quiet.code == 0 and "probe" not in quiet.err
    driver.execute_query("MERGE (m:SendkgPushInProgress {dataset: 'probe'}) SET m.rows = 1")
    warned = cli("cypher", "RETURN 1 AS one", "--uri", neo4j_uri)
    assert warned.code == 0
    assert "a push of dataset 'probe' is under way or was interrupted" in warned.err
