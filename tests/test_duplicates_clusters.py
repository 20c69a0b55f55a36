"""`sendkg duplicates` at scale: alike work in several areas is one cluster, pairs are
made only within an area, the report is limited and its JSON names every member."""

from __future__ import annotations

import json
from itertools import product

import numpy as np
from conftest import run_cli
from sendkg.checks.duplicates import duplicate_report, duplicates
from sendkg.checks.duplicates_groups import area_clusters, same_area_pairs
from sendkg.graph.knowledge_graph import KnowledgeGraph

from sendkg.records import Edge, Node, Source

TYPES = {"plan": "Plan", "obj": "Objective", "act": "Action", "org": "Organisation",
         "person": "Person"}


def graph(nodes, edges) -> KnowledgeGraph:
    """A graph from (id, label) nodes (type from the id prefix; '-council' organisations
    are local authorities) and (s, p, o) edges, each node cited on its own line."""
    kg = KnowledgeGraph()
    for line, (node_id, label) in enumerate(nodes, start=1):
        props = {"kind": "local authority"} if node_id.endswith("-council") else {}
        kg.add_node(Node(node_id, TYPES[node_id.split(":")[0]], label, props=props,
                         sources=(Source("paper.txt", line),)))
    for s, p, o in edges:
        kg.add_edge(Edge(s, p, o, {}, (Source("paper.txt", 99),)))
    return kg


def three_areas(extra_nodes=(), extra_edges=()) -> KnowledgeGraph:
    """Three councils' plans, each with its own owner and the same travel-training work."""
    nodes, edges = [], []
    for place, words in (("durham", "Independent travel training for young people"),
                         ("derby", "Roll out independent travel training"),
                         ("leeds", "Independent travel training for young people")):
        nodes += [(f"plan:{place}", f"{place.title()} SEND plan"),
                  (f"org:{place}-council", f"{place.title()} Council"),
                  (f"act:{place}-travel", words), (f"person:{place}", f"Lead {place}")]
        edges += [(f"plan:{place}", "ownedBy", f"org:{place}-council"),
                  (f"plan:{place}", "hasAction", f"act:{place}-travel"),
                  (f"act:{place}-travel", "responsible", f"person:{place}")]
    return graph(nodes + list(extra_nodes), edges + list(extra_edges))


def test_the_same_work_in_three_areas_is_one_cluster_never_different_owners():
    found = duplicates(three_areas())
    assert [f.kind for f in found] == ["similar-areas"]
    (cluster,) = found
    assert sorted(s.node.id for s in cluster.sides) == [
        "act:derby-travel", "act:durham-travel", "act:leeds-travel"]
    assert sorted(s.council.id for s in cluster.sides) == [
        "org:derby-council", "org:durham-council", "org:leeds-council"]
    assert cluster.message == "similar work in three areas (a chance to share)"
    assert cluster.explanation["areas"] == ["Derby Council", "Durham Council", "Leeds Council"]
    assert "three items in three areas" in cluster.explanation["why"]


def test_a_repeat_in_two_rows_of_one_plan_stays_a_pair_beside_the_cluster():
    # Durham's plan commissions the same work again under a second objective.
    kg = three_areas(
        [("obj:durham-1", "Outcomes framework agreed"),
         ("obj:durham-2", "Preparing for adulthood"),
         ("act:durham-again", "Independent travel training for young people")],
        [("plan:durham", "hasObjective", "obj:durham-1"),
         ("plan:durham", "hasObjective", "obj:durham-2"),
         ("obj:durham-1", "hasAction", "act:durham-travel"),
         ("obj:durham-2", "hasAction", "act:durham-again")])
    found = duplicates(kg)
    pairs = [(f.kind, f.first.node.id, f.second.node.id, f.scope) for f in found
             if f.kind != "similar-areas"]
    # The second copy has no lead of its own: the council leads it (the plan's owner),
    # a named officer the first; nobody in common (notes/s5/tryout6.md #9).
    assert pairs == [("different-owners", "act:durham-again", "act:durham-travel",
                      "within plan")]
    (cluster,) = [f for f in found if f.kind == "similar-areas"]
    assert len({s.council.id for s in cluster.sides}) == 3


def test_scope_within_has_no_clusters_and_area_keeps_the_clusters_with_a_member_there():
    kg = three_areas()
    assert duplicates(kg, scope="within") == []
    assert [f.kind for f in duplicates(kg, area="Leeds")] == ["similar-areas"]


def test_limit_keeps_the_best_of_each_kind_and_totals_count_them_all():
    # Four areas each writing two kinds of work: one cluster per piece of work.
    nodes, edges = [], []
    for place in ("a", "b", "c", "d"):
        nodes += [(f"plan:{place}", f"Plan {place}"), (f"org:{place}-council", f"{place} Council"),
                  (f"act:{place}-travel", "Independent travel training"),
                  (f"act:{place}-breaks", "Re-commission overnight short breaks")]
        edges += [(f"plan:{place}", "ownedBy", f"org:{place}-council"),
                  (f"plan:{place}", "hasAction", f"act:{place}-travel"),
                  (f"plan:{place}", "hasAction", f"act:{place}-breaks")]
    kg = graph(nodes, edges)
    everything = duplicate_report(kg)
    assert everything.totals["similar-areas"] == 2
    assert [len(f.sides) for f in everything] == [4, 4]
    limited = duplicate_report(kg, limit=1)
    assert limited.totals == everything.totals
    assert len(limited.findings) == 1
    assert limited.findings[0].as_dict() == everything.findings[0].as_dict()


def test_json_names_every_member_with_id_type_label_and_sources():
    (cluster,) = duplicates(three_areas())
    result = json.loads(cluster.as_json())
    assert result == cluster.as_dict()
    assert result["kind"] == "similar-areas"
    members = result["members"]
    assert len(members) == 3
    for member in members:
        assert {"id", "type", "label", "sources", "plans", "council"} <= set(member)
        assert member["type"] == "Action" and member["sources"][0]["document"] == "paper.txt"


def test_the_cli_streams_one_result_per_line_with_totals():
    done = run_cli("duplicates", "--json", "--limit", "3")
    assert done.code == 0, done.err
    payload = json.loads(done.out)
    kinds = [r["kind"] for r in payload["results"]]
    assert all(kinds.count(k) <= 3 for k in set(kinds))
    every = json.loads(run_cli("duplicates", "--json", "--limit", "0").out)["results"]
    assert payload["totals"]["duplicate"] == sum(r["kind"] == "duplicate" for r in every)
    assert payload["totals"]["duplicate"] > kinds.count("duplicate")
    lines = [line.strip().rstrip(",") for line in done.out.splitlines()
             if line.startswith("  {")]
    assert [json.loads(line) for line in lines] == payload["results"]  # one line each


def test_human_output_summarises_clusters_at_80_columns():
    done = run_cli("duplicates", "--limit", "60")
    assert done.code == 0, done.err
    out = done.out
    total = len(json.loads(run_cli("duplicates", "--json", "--limit", "0").out)["results"])
    assert out.splitlines()[0].startswith(f"{total} findings, 60 shown (each kind best first)")
    assert "Similar work in several areas (a chance to share)" in out
    assert "more in 2 areas (--json lists every one)" in out


def test_area_clusters_never_chain_unlike_work():
    # A chain of texts 0~1~2~3 (no other pair alike), each in two areas: every member
    # of a cluster is alike to its centre itself, so 0 and 3 are never one cluster.
    text_of = np.array([0, 1, 2, 3] * 2)
    blocks = np.array([0] * 4 + [1] * 4)
    u, v = np.array([0, 1, 2, 0, 1, 2, 3]), np.array([1, 2, 3, 0, 1, 2, 3])
    score = np.array([0.9, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9])
    clusters = area_clusters(text_of, blocks, u, v, score, 0.5)
    alike = {frozenset((int(a), int(b))) for a, b in zip(u, v)}
    for cluster in clusters:
        texts = {int(text_of[m]) for m in cluster.members}
        assert all(frozenset((t, cluster.centre)) in alike for t in texts)
        assert not {0, 3} <= texts
    assert sorted(m for c in clusters for m in c.members) == list(range(8))


def test_same_area_pairs_are_every_item_pair_in_one_area_or_with_an_unplaced_item():
    rng = np.random.default_rng(7)
    text_of = rng.integers(0, 6, size=40)
    blocks = rng.integers(-1, 4, size=40)  # -1: no single area
    u, v = np.array([0, 0, 1, 2, 3, 4]), np.array([0, 1, 3, 2, 5, 4])
    lexical = np.linspace(0.5, 1.0, len(u))
    first, second, lex = same_area_pairs(text_of, blocks, u, v, lexical)
    wanted = {}
    for (a, b), (t, w, x) in product(product(range(40), repeat=2), zip(u, v, lexical)):
        if a < b and {int(text_of[a]), int(text_of[b])} == {int(t), int(w)} and (
                len({int(text_of[a]), int(text_of[b])}) == 2 or t == w) and (
                blocks[a] == blocks[b] or min(blocks[a], blocks[b]) < 0):
            wanted[(a, b)] = float(x)
    assert dict(zip(zip(first.tolist(), second.tolist()), lex.tolist())) == wanted

