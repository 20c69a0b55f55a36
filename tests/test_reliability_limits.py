"""Resource limits (issue 20): each case states its bound; nothing recurses on graph
depth, nothing grows quadratically, and what is refused says why."""

from __future__ import annotations

import time

import pytest

from sendkg.errors import SendkgError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.records import Edge, Node, Source

SOURCE = (Source("big.txt", 2),)


def _graph(nodes, edges) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for node in nodes:
        kg.add_node(node)
    for edge in edges:
        kg.add_edge(edge)
    return kg


def _reporting_line(length: int, loop: bool = False) -> KnowledgeGraph:
    boards = [Node(f"board:b{i}", "Board", f"Board number {i}", sources=SOURCE)
              for i in range(length)]
    edges = [Edge(f"board:b{i}", "reportsTo", f"board:b{i + 1}", sources=SOURCE)
             for i in range(length - 1)]
    if loop:
        edges.append(Edge(f"board:b{length - 1}", "reportsTo", "board:b0", sources=SOURCE))
    return _graph(boards, edges)


class Within:
    """A time bound: `with Within(seconds):` fails the test when the block takes longer."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self.began = time.monotonic()

    def __exit__(self, *exc):
        took = time.monotonic() - self.began
        assert exc[0] is not None or took < self.seconds, f"took {took:.1f} s"


def test_chain_on_a_reporting_line_10000_long_is_cut_with_a_finding():
    from sendkg.queries.accountability import MAX_DEPTH, reporting_chain

    kg = _reporting_line(10_000)
    with Within(10):  # bound: 10 s (it takes well under one)
        chain = reporting_chain(kg, "board:b0")
    assert len(chain.paths()[0]) == MAX_DEPTH + 1
    assert chain.findings == (f"chain cut short at {MAX_DEPTH} levels",)
    chain.as_dict()  # nested MAX_DEPTH deep: JSON and the printed tree stay in bounds


def test_chain_around_a_loop_5000_long_reports_the_loop_once():
    from sendkg.queries.accountability import reporting_chain

    kg = _reporting_line(60, loop=True)
    with Within(10):
        findings = reporting_chain(kg, "board:b0").findings
    assert [f for f in findings if f.startswith("reporting loop")] and len(findings) == 1


def test_sparql_chain_1200_long_is_refused_with_a_message_not_a_recursion_error():
    """A 2,000-long line is refused the same way (checked by hand; 1,200 keeps CI short)."""
    from sendkg.queries.sparql import QueryError, chain_sparql

    kg = _reporting_line(1_200)
    with Within(60), pytest.raises(QueryError, match="too long for rdflib"):  # bound: 60 s
        chain_sparql(kg, "board:b0")


def test_a_label_of_one_megabyte_is_found_and_drawn_cut_short(tmp_path):
    from sendkg.queries.find import find_entities
    from sendkg.render import MAX_DRAWN_TEXT, render

    huge = "Partnership " + "word " * 200_000
    kg = _graph([Node("board:huge", "Board", huge, sources=SOURCE),
                 Node("board:top", "Board", "Top Board", sources=SOURCE)],
                [Edge("board:huge", "reportsTo", "board:top", sources=SOURCE)])
    with Within(30):  # bound: 30 s
        assert find_entities(kg, "partnership")[0].node.id == "board:huge"
        drawn = render(kg, tmp_path / "g.svg")
    assert any(f"longer than {MAX_DRAWN_TEXT:,} characters" in w for w in drawn.warnings)
    assert (tmp_path / "g.svg").stat().st_size < 200_000


def test_a_board_with_50000_members_builds_and_lists_in_bounded_time():
    from sendkg.graph.identity import near_duplicates
    from sendkg.queries.boards import board_directory

    people = [Node(f"person:p{i}", "Person", f"Person {i} Smith{i % 7}", sources=SOURCE)
              for i in range(50_000)]
    kg = _graph([*people, Node("board:big", "Board", "Big Board", sources=SOURCE)],
                [Edge(p.id, "memberOf", "board:big", sources=SOURCE) for p in people])
    with Within(60):  # bound: 60 s (pair by pair in Python it took minutes)
        near_duplicates(kg)
        [entry] = board_directory(kg)
    assert len(entry.as_dict()["members"]) == 50_000


def test_10000_boards_of_one_name_give_a_bounded_review_list():
    from sendkg.graph.identity import near_duplicates

    kg = _graph([Node(f"board:b{i}", "Board", "SEND Partnership Board", sources=SOURCE)
                 for i in range(10_000)], [])
    with Within(30):  # bound: 30 s and 9,999 items (all pairs would be 50 million)
        found = near_duplicates(kg)
    assert len(found) == 9_999


def test_duplicates_on_10000_near_identical_boards_is_refused_quickly():
    from sendkg.checks.duplicates import duplicates

    boards = [Node(f"board:b{i}", "Board", f"SEND Partnership Board {i}", sources=SOURCE)
              for i in range(10_000)]
    top = Node("board:top", "Board", "Health and Wellbeing Board", sources=SOURCE)
    kg = _graph([*boards, top], [Edge(b.id, "reportsTo", "board:top", sources=SOURCE,
                                      props={"reports": "progress of the SEND plan"})
                                 for b in boards])
    with Within(60), pytest.raises(SendkgError, match="--scope within"):
        duplicates(kg)


def test_a_3000_row_csv_ingests_in_bounded_time(tmp_path):
    """A 120,000-row (10 MB) table takes under two minutes (docs/RELIABILITY.md); CI
    checks a 3,000-row one against a bound that a quadratic step would break."""
    from sendkg.ingest.pipeline import index_from_registry, ingest_file

    from conftest import SMALL

    table = tmp_path / "big.csv"
    rows = [f"Aim {i % 40},,Commission service {i} for respite,Apr 2021,Sep 2021,"
            f"Ann Lee{i % 9},Fewer waits,Amber" for i in range(3_000)]
    table.write_text("Aim,Legislation,Action,Start,End,Owner,Outcome,Status\n"
                     + "\n".join(rows) + "\n")
    index = index_from_registry(SMALL.parent / "ingest" / "registry")
    with Within(30):  # bound: 30 s
        result = ingest_file(table, index)
    assert len([e for e in result.draft.entities_yaml() if e["type"] == "Action"]) == 3_000
