"""Lint rules over governance: posts, boards, chairs, reporting lines and loops.

A board's reporting line is an outgoing `reportsTo` or `subGroupOf` (a sub group
answers to its parent). Top bodies answer to their own organisation, not to another
board, so they need none: a board is recognised as one when its `kind` is one of the
rule's `top_kinds` (governing body, cabinet, council), its name contains one of
`top_names` (statutory bodies such as a Health and Wellbeing Board, an overview and
scrutiny committee or a Local Safeguarding Children Board), or its id is listed in
`top_bodies` (a council names its own). Groups speaking for children, young people or
parents (`voice_kinds`: the Children in Care Council, a parent carer forum) are asked
for neither a chair nor a reporting line (`is_voice`).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id in ("board:a", "board:b", "board:c"):
...     kg.add_node(Node(id, "Board", id.split(":")[1].upper()))
>>> kg.add_edge(Edge("board:b", "reportsTo", "board:a"))
>>> kg.add_edge(Edge("board:a", "subGroupOf", "board:b"))
>>> kg.add_edge(Edge("board:c", "reportsTo", "board:c"))
>>> [label for label, _ in reporting_loops(kg)]
['A → B → A', 'C → C']
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from sendkg.checks.findings import Issue, Subject
from sendkg.checks.lint_model import LintContext, lint_rule, sources_of
from sendkg.names import normalise
from sendkg.queries.accountability import BOARD_LINES

REPORTING_LINES = BOARD_LINES  # reportsTo and subGroupOf


@lint_rule()
def post_without_holder(ctx: LintContext, params) -> Iterator[Issue]:
    for post in sorted(ctx.kg.nodes("Post"), key=lambda n: n.id):
        if not any(True for _ in ctx.kg.in_edges(post.id, "holds")):
            yield Issue(Subject.of(post), f"post {post.label!r} has no known holder",
                        sources_of(post))


def is_voice(board, params) -> bool:
    """A group that speaks for children, young people or parents (its `kind` is one of
    `voice_kinds`: a participation group, a parent carer forum). It works with the
    council and its boards but is not part of their chain of decisions: a chair and a
    reporting line are not asked of it."""
    kind = normalise(str(board.props.get("kind") or ""))
    return kind in {normalise(k) for k in params["voice_kinds"]}


@lint_rule(voice_kinds="texts")
def board_without_chair(ctx: LintContext, params) -> Iterator[Issue]:
    for board in sorted(ctx.kg.nodes("Board"), key=lambda n: n.id):
        if is_voice(board, params):
            continue
        if not any(True for _ in ctx.kg.out_edges(board.id, "chairedBy")):
            yield Issue(Subject.of(board), f"board {board.label!r} has no recorded chair",
                        sources_of(board))


def is_top_body(board, params) -> bool:
    """A board that needs no reporting line (see the module docstring)."""
    kind = normalise(str(board.props.get("kind") or ""))
    names = [normalise(n) for n in (board.label, *board.aliases)]
    return (board.id in params["top_bodies"]
            or kind in {normalise(k) for k in params["top_kinds"]}
            or any(normalise(t) in name for t in params["top_names"] for name in names))


@lint_rule(top_kinds="texts", top_names="texts", top_bodies="texts", voice_kinds="texts")
def board_without_reporting_line(ctx: LintContext, params) -> Iterator[Issue]:
    kg = ctx.kg
    for board in sorted(kg.nodes("Board"), key=lambda n: n.id):
        if any(e.p in REPORTING_LINES for e in kg.out_edges(board.id)):
            continue
        if is_top_body(board, params) or is_voice(board, params):
            continue
        below = sum(1 for e in kg.in_edges(board.id) if e.p in REPORTING_LINES)
        yield Issue(Subject.of(board), f"board {board.label!r} reports to no other body "
                    f"and is not a recognised top body ({below} report to it)",
                    sources_of(board))


def reporting_loops(kg) -> list[tuple[str, list[str]]]:
    """Each loop of reportsTo/subGroupOf once, as (wording, ids from its smallest id)."""
    lines = nx.DiGraph()
    lines.add_edges_from((e.s, e.o) for e in kg.edges() if e.p in REPORTING_LINES)
    loops = []
    for cycle in nx.simple_cycles(lines):
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        wording = " → ".join(kg.node(n).label for n in [*cycle, cycle[0]])
        loops.append((wording, cycle))
    return sorted(loops, key=lambda loop: loop[1])


@lint_rule()
def reporting_loop(ctx: LintContext, params) -> Iterator[Issue]:
    kg = ctx.kg
    for wording, cycle in reporting_loops(kg):
        steps = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        edges = [e for s, o in steps for e in kg.out_edges(s) if e.o == o
                 and e.p in REPORTING_LINES]
        yield Issue(Subject.of(kg.node(cycle[0])), f"reporting loop: {wording}",
                    sources_of(*edges), tuple(Subject.of(kg.node(n)) for n in cycle[1:]))
