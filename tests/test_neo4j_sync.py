"""The Neo4j sync without a server: values, rows, the plan of changes, the Cypher text."""

from __future__ import annotations

from datetime import date

import pytest

from sendkg.errors import SendkgError
from sendkg.graph import neo4j_writer
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.graph.neo4j_sync_plan import edge_rows, neo4j_value, node_rows, plan_sync
from sendkg.records import Edge, Node, Source


def tiny_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph(name="tiny")
    kg.add_node(Node("plan:p", "Plan", "Plan P", ("P",), {"period": "2019-2022"},
                     (Source("plan.txt", 3), Source("plan.txt", 9))))
    kg.add_node(Node("board:a", "Board", "Board A"))
    kg.add_node(Node("board:b", "Board", "Board B"))
    kg.add_edge(Edge("plan:p", "monitoredBy", "board:a", {}, (Source("plan.txt", 4),)))
    kg.add_edge(Edge("board:a", "reportsTo", "board:b", {"frequency": "quarterly"}))
    return kg


def as_database(rows: dict, edges: dict) -> tuple[list[dict], list[dict]]:
    """What READ_NODES / READ_EDGES would return after a push of these rows."""
    db_nodes = [{"eid": f"n{i}", "id": r["id"], "types": [r["type"]],
                 "hash": r["props"]["sendkg_hash"], "label": r["props"]["label"]}
                for i, r in enumerate(rows.values())]
    db_edges = [{"eid": f"r{i}", "s": s, "p": p, "o": o, "hash": r["props"]["sendkg_hash"]}
                for i, ((s, p, o), r) in enumerate(edges.items())]
    return db_nodes, db_edges


def rows_of(kg, dataset="tiny"):
    nodes = node_rows(kg, dataset)
    return nodes, edge_rows(kg, dataset, nodes)[0]


def test_values_become_what_neo4j_stores():
    assert neo4j_value(date(2024, 4, 1)) == "2024-04-01"
    assert neo4j_value(("a", "b")) == ["a", "b"]
    assert neo4j_value([1, "a"]) == ["1", "a"]
    assert neo4j_value({"b": 1, "a": [2]}) == '{"a": [2], "b": 1}'
    assert neo4j_value(2**70) == str(2**70)
    assert neo4j_value(True) is True and neo4j_value(None) is None


def test_node_rows_carry_dataset_sources_and_properties():
    row = node_rows(tiny_graph(), "tiny")["plan:p"]
    assert row["type"] == "Plan"
    assert len(row["props"].pop("sendkg_hash")) == 24
    assert row["props"] == {"dataset": "tiny", "id": "plan:p", "type": "Plan",
                            "label": "Plan P", "aliases": ["P"], "period": "2019-2022",
                            "sources": ["plan.txt:3", "plan.txt:9"]}


def test_own_properties_cannot_overwrite_the_reserved_ones():
    kg = KnowledgeGraph()
    kg.add_node(Node("board:a", "Board", "A", props={"dataset": "other", "id": "x"}))
    props = node_rows(kg, "mine")["board:a"]["props"]
    assert (props["dataset"], props["id"]) == ("mine", "board:a")


def test_first_push_creates_everything():
    nodes, edges = rows_of(tiny_graph())
    plan = plan_sync("tiny", nodes, edges, [], [])
    assert plan.counts() == {"create_nodes": 3, "update_nodes": 0, "delete_nodes": 0,
                             "create_edges": 2, "update_edges": 0, "delete_edges": 0,
                             "unchanged_nodes": 0, "unchanged_edges": 0}


def test_the_digest_follows_every_property():
    kg = tiny_graph()
    before = node_rows(kg, "tiny")["plan:p"]["props"]["sendkg_hash"]
    kg.add_node(Node("plan:p", "Plan", "Plan P", ("P",), {"period": "2019-2023"},
                     (Source("plan.txt", 3), Source("plan.txt", 9))))
    assert node_rows(kg, "tiny")["plan:p"]["props"]["sendkg_hash"] != before
    assert node_rows(kg, "other")["plan:p"]["props"]["sendkg_hash"] != before


def test_same_graph_again_plans_nothing():
    nodes, edges = rows_of(tiny_graph())
    plan = plan_sync("tiny", nodes, edges, *as_database(nodes, edges))
    assert plan.rows == 0 and plan.unchanged_nodes == 3 and plan.unchanged_edges == 2


def test_changes_deletions_and_type_changes_are_planned():
    old_nodes, old_edges = rows_of(tiny_graph())
    kg = tiny_graph()
    kg.remove_node("board:b")  # also drops a -> b
    kg.add_node(Node("board:a", "Organisation", "Board A"))  # its type changed
    kg.add_node(Node("plan:p", "Plan", "Plan P, refreshed"))
    nodes, edges = rows_of(kg)
    plan = plan_sync("tiny", nodes, edges, *as_database(old_nodes, old_edges))
    assert [r["id"] for r in plan.delete_nodes] == ["board:b"]
    assert sorted(r["id"] for r in plan.update_nodes) == ["board:a", "plan:p"]
    assert plan.stale_labels == {"Board": ["n1"]}
    assert [(r["s"], r["p"], r["o"]) for r in plan.delete_edges] == [
        ("board:a", "reportsTo", "board:b")]
    assert plan.update_edges == [] and plan.create_edges == []


def test_duplicates_in_the_database_are_removed():
    nodes, edges = rows_of(tiny_graph())
    db_nodes, db_edges = as_database(nodes, edges)
    db_nodes.append({**db_nodes[0], "eid": "copy"})
    db_edges.append({**db_edges[0], "eid": "copy-edge"})
    plan = plan_sync("tiny", nodes, edges, db_nodes, db_edges)
    assert [r["eid"] for r in plan.delete_nodes] == ["copy"]
    assert [r["eid"] for r in plan.delete_edges] == ["copy-edge"]


def test_edges_to_unknown_nodes_are_skipped_not_sent():
    kg = tiny_graph()
    kg.graph.add_edge("board:a", "board:ghost", key="reportsTo",
                      record=Edge("board:a", "reportsTo", "board:ghost"))
    nodes = node_rows(kg, "tiny")
    edges, skipped = edge_rows(kg, "tiny", nodes)
    assert skipped == 1 and ("board:a", "reportsTo", "board:ghost") not in edges


@pytest.mark.parametrize("name", ["Board`) DETACH DELETE n //", "Nonsense", "board"])
def test_labels_outside_the_ontology_are_refused(name):
    kg = KnowledgeGraph()
    kg.add_node(Node("x", name, "X"))
    with pytest.raises(SendkgError, match="not in the ontology"):
        node_rows(kg, "d")
    with pytest.raises(SendkgError, match="not an ontology type"):
        neo4j_writer._create_nodes(name)


def test_relation_types_outside_the_ontology_are_refused():
    kg = tiny_graph()
    kg.add_edge(Edge("plan:p", "reportsTo]->() DETACH DELETE n //", "board:a"))
    with pytest.raises(SendkgError, match="not in the ontology"):
        edge_rows(kg, "tiny", node_rows(kg, "tiny"))


def test_every_statement_takes_values_as_parameters():
    nodes, edges = rows_of(tiny_graph())
    plan = plan_sync("tiny", nodes, edges, [], [])
    for query, _rows, _step in neo4j_writer._statements(plan):
        assert query.startswith("UNWIND $rows AS row")
        assert "Plan P" not in query and "plan:p" not in query
