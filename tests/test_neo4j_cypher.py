"""Cypher parity and `sendkg cypher`, on the bundled data pushed to a real Neo4j server.

Parity: every named question's Cypher (queries/*.cypher) gives the same answers as its
Python function, for every entity of the bundled data the question applies to. The
Cypher rows are turned into the same typed results (Owner, Driver, ...) and compared as
their JSON objects; chain and impact run the Python walk over just the relationships the
Cypher query returned, so the query must return every one the walk needs.

Beside the bundled dataset the database holds a decoy dataset with the same ids and
other relationships (an owner, a driver, a funder, a monitoring body for every item,
something every agent is responsible for): an answer that strays into it differs. Each
named query starts from a seek of the (dataset, id) unique index, which EXPLAIN shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from neo4j_server import neo4j_server, neo4j_uri  # noqa: F401
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.graph.neo4j_connection import Neo4jTarget, run_cypher
from sendkg.graph.neo4j_writer import ENTITY_LABEL, push_graph
from sendkg.ontology import RELATIONS
from sendkg.queries.accountability import reporting_chain
from sendkg.queries.drivers import Driver, legislation_driving
from sendkg.queries.funding import Funder, funders_of
from sendkg.queries.impact import affected_by
from sendkg.queries.responsibility import Owner, Responsibility, owners_of, responsibilities_of
from sendkg.records import Edge, Node, Source

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
QUALIFIERS = sorted(set().union(*(r.qualifiers for r in RELATIONS.values())))
ITEMS = ("Plan", "Aim", "Objective", "Deliverable", "Action", "Outcome", "Indicator")
AGENTS = ("Person", "Post", "Organisation", "Board")
SCANS = {"AllNodesScan", "NodeByLabelScan", "NodeIndexScan", "NodeUniqueIndexScan",
         "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan"}


DECOY = {"person": Node("person:decoy", "Person", "Decoy Person"),
         "law": Node("leg:decoy", "Legislation", "Decoy Act"),
         "funder": Node("org:decoy", "Organisation", "Decoy Trust"),
         "board": Node("board:decoy", "Board", "Decoy Board"),
         "action": Node("act:decoy", "Action", "Decoy action")}


def decoy_of(kg) -> KnowledgeGraph:
    """Every node of `kg` under the same id, tied to decoys instead of its own edges."""
    decoy = KnowledgeGraph(name="decoy")
    for node in [*kg.nodes(), *DECOY.values()]:
        decoy.add_node(node)
    for node in kg.nodes():
        ends = []
        if node.type in (*ITEMS, "Board"):
            ends += [("responsible", "person"), ("drivenBy", "law")]
        if node.type in ITEMS:
            ends += [("fundedBy", "funder"), ("monitoredBy", "board")]
        if node.type == "Board":
            ends.append(("reportsTo", "board"))
        for relation, end in ends:
            decoy.add_edge(Edge(node.id, relation, DECOY[end].id))
        if node.type in AGENTS:
            decoy.add_edge(Edge(DECOY["action"].id, "responsible", node.id))
    return decoy


@pytest.fixture(scope="module")
def pushed(neo4j_uri, bundled_kg):
    """The bundled graph and its decoy in the database; the driver to query them."""
    neo4j = pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        push_graph(bundled_kg, Neo4jTarget(neo4j_uri))
        push_graph(decoy_of(bundled_kg), Neo4jTarget(neo4j_uri))
        yield driver


def edge_of(row: dict) -> Edge:
    props = {q: row[q] for q in QUALIFIERS if row.get(q) is not None}
    return Edge(row["s"], row["p"], row["o"], props, sources_of(row.get("sources") or []))


def sources_of(texts: list[str]) -> tuple[Source, ...]:
    found = set()
    for text in texts:
        document, _, line = text.rpartition(":")
        found.add(Source(document, int(line)) if document and line.isdigit() else Source(text))
    return tuple(sorted(found, key=lambda s: (s.document, s.line or 0)))


def nodes(kg, ids) -> tuple:
    return tuple(kg.node(i) for i in sorted(set(ids or ())))


def optional(kg, node_id):
    return kg.node(node_id) if node_id else None


def subgraph(kg, node_id: str, rows: list[dict]) -> KnowledgeGraph:
    """The nodes and relationships a query returned, as a graph of their own."""
    sub = KnowledgeGraph(name=f"rows for {node_id}")
    edges = [edge_of(row) for row in rows]
    for end in {node_id, *(e.s for e in edges), *(e.o for e in edges)}:
        sub.add_node(kg.node(end))
    for edge in edges:
        sub.add_edge(edge)
    return sub


# question: (Python function, Cypher rows -> the same kind of result, node types asked)
QUESTIONS = {
    "owner": (owners_of, lambda kg, i, rows: [
        Owner(kg.node(r["o"]), edge_of(r), optional(kg, r.get("via")),
              nodes(kg, r.get("holders")), nodes(kg, r.get("posts"))) for r in rows],
              (*ITEMS, "Board")),
    "owns": (responsibilities_of, lambda kg, i, rows: [
        Responsibility(kg.node(r["item"]), edge_of(r), optional(kg, r.get("through")),
                       nodes(kg, r.get("plans"))) for r in rows], AGENTS),
    "drivers": (legislation_driving, lambda kg, i, rows: [
        Driver(kg.node(r["o"]), edge_of(r), optional(kg, r.get("via"))) for r in rows], ITEMS),
    "funders": (funders_of, lambda kg, i, rows: [
        Funder(kg.node(r["o"]), edge_of(r), optional(kg, r.get("via"))) for r in rows], ITEMS),
    "chain": (reporting_chain, lambda kg, i, rows: reporting_chain(subgraph(kg, i, rows), i),
              (*ITEMS, "Board", "Post", "Organisation")),
    "impact": (affected_by, lambda kg, i, rows: affected_by(subgraph(kg, i, rows), i), None),
}


def answers(result):
    """A chain as its tree; a list of facts as a multiset (Cypher rows carry `distance`
    for ordering, but the order is the Python builder's business, not the query's)."""
    if hasattr(result, "as_dict"):
        return result.as_dict()
    return sorted(json.dumps(a.as_dict(), sort_keys=True, default=str) for a in result)


def test_every_question_has_a_named_cypher_query():
    assert {p.stem for p in QUERY_DIR.glob("*.cypher")} >= set(QUESTIONS)


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_cypher_gives_the_same_answers_as_python(question, bundled_kg, pushed):
    python, from_rows, types = QUESTIONS[question]
    query = (QUERY_DIR / f"{question}.cypher").read_text(encoding="utf-8")
    subjects = sorted(n.id for n in bundled_kg.nodes() if types is None or n.type in types)
    differing, answered = [], 0
    for node_id in subjects:
        expected = answers(python(bundled_kg, node_id))
        answered += bool(expected)
        rows = [r.data() for r in pushed.execute_query(
            query, dataset=bundled_kg.name, id=node_id).records]
        if answers(from_rows(bundled_kg, node_id, rows)) != expected:
            differing.append(node_id)
    assert answered, f"{question}: no subject had an answer; the comparison proves nothing"
    assert not differing, (f"{question}: Cypher and Python differ for {len(differing)} of "
                           f"{len(subjects)} subjects, e.g. {differing[:5]}")


def test_cli_runs_a_named_query_with_parameters(pushed, neo4j_uri, bundled_kg, cli):
    item = next(e.s for e in bundled_kg.edges("responsible"))
    result = cli("cypher", "owner", "--uri", neo4j_uri, "--param", f"id={item}", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["query"]["name"] == "owner"
    assert payload["query"]["parameters"] == {"id": item, "dataset": "bundled"}
    expected = {e.o for e in bundled_kg.edges("responsible") if e.s == item}
    assert expected <= {row["o"] for row in payload["results"]}
    assert DECOY["person"].id not in {row["o"] for row in payload["results"]}


def test_cli_looks_in_the_dataset_asked_for(pushed, neo4j_uri, bundled_kg, cli):
    item = next(e.s for e in bundled_kg.edges("responsible"))
    result = cli("cypher", "owner", "--uri", neo4j_uri, "--param", f"id={item}",
                 "--dataset", "decoy", "--json")
    assert result.code == 0, result.err
    assert [row["o"] for row in json.loads(result.out)["results"]] == [DECOY["person"].id]


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_two_datasets_with_the_same_ids_do_not_mix(question, bundled_kg, pushed):
    python, _, types = QUESTIONS[question]
    kinds = AGENTS if question in ("owns", "impact") else ITEMS  # what the decoy ties
    subject = next(n.id for n in sorted(bundled_kg.nodes(), key=lambda n: n.id)
                   if n.type in kinds and (types is None or n.type in types)
                   and python(bundled_kg, n.id))
    query = (QUERY_DIR / f"{question}.cypher").read_text(encoding="utf-8")
    answers = {}
    for dataset in ("bundled", "decoy"):
        rows = pushed.execute_query(query, dataset=dataset, id=subject).records
        answers[dataset] = {(r["s"], r["p"], r["o"]) for r in rows}
    decoys = {d.id for d in DECOY.values()}
    assert answers["bundled"] and answers["decoy"], (subject, answers)
    assert not [a for a in answers["bundled"] if decoys & {a[0], a[2]}]
    assert all(decoys & {s, o} for s, _, o in answers["decoy"])


def plan_operators(plan) -> list[str]:
    """Each operator of a query plan with its details, depth first."""
    found = [f"{plan['operatorType'].partition('@')[0]} {plan['args'].get('Details', '')}"]
    for child in plan.get("children", []):
        found += plan_operators(child)
    return found


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_named_query_starts_from_the_unique_index(question, pushed):
    query = (QUERY_DIR / f"{question}.cypher").read_text(encoding="utf-8")
    plan = pushed.execute_query("EXPLAIN " + query, dataset="bundled", id="act:x").summary.plan
    operators = plan_operators(plan)
    shown = "\n".join(operators)  # the whole plan, should the planner ever surprise us
    # The planner names the seek NodeUniqueIndexSeek (or a variant) and may order the two
    # keys either way: what matters is one seek on the (dataset, id) index, which only the
    # uniqueness constraint provides.
    seeks = [op for op in operators if "IndexSeek" in op.split()[0]
             and f":{ENTITY_LABEL}(dataset, id)" in op]
    assert len(seeks) == 1, f"{question} does not seek the (dataset, id) index:\n{shown}"
    assert "dataset = $dataset" in seeks[0] and "id = $id" in seeks[0], shown
    scans = [op for op in operators if op.split()[0] in SCANS]
    assert not scans, f"{question} scans instead of seeking: {scans}"


def test_cli_runs_a_cypher_file_and_prints_a_table(pushed, neo4j_uri, tmp_path, cli):
    query = tmp_path / "boards.cypher"
    query.write_text("MATCH (b:Board) RETURN b.id AS id, b.label AS label ORDER BY id LIMIT 3")
    result = cli("cypher", str(query), "--uri", neo4j_uri)
    assert result.code == 0, result.err
    assert "boards: 3 rows" in result.out and "board:" in result.out


def test_parameters_stay_values(pushed, neo4j_uri):
    hostile = "x'}) DETACH DELETE n //"
    rows = run_cypher(Neo4jTarget(neo4j_uri), "RETURN $text AS text, size($text) AS n",
                      {"text": hostile})
    assert rows == [{"text": hostile, "n": len(hostile)}]


def test_cypher_is_read_only(pushed, neo4j_uri, cli):
    before = pushed.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    result = cli("cypher", "MATCH (n) DETACH DELETE n", "--uri", neo4j_uri)
    assert result.code == 2 and "Writing in read access mode not allowed" in result.err
    assert pushed.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == before
