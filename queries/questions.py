"""The six questions by name, each answered for what an officer's TEXT names.

`answer(kg, "owner", "short brakes")` resolves the text as the question does (its node
types, its preferred types), then answers for the chosen entity (every close one with
`all`) and keeps the resolution, so a caller can say what else matched, or, when
nothing is close, what is nearest.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("obj:breaks", "Objective", "Short breaks and respite"))
>>> kg.add_node(Node("out:breaks", "Outcome", "More short breaks"))
>>> kg.add_node(Node("org:la", "Organisation", "Council"))
>>> kg.add_edge(Edge("obj:breaks", "responsible", "org:la", {"role": "lead"}))
>>> found = answer(kg, "owner", "short brakes")
>>> [(node.id, [o.node.id for o in owners]) for node, owners in found.results]
[('obj:breaks', ['org:la'])]
>>> [m.node.id for m in found.resolution.also]
['out:breaks']
>>> answer(kg, "owner", "zzqqxx").resolution.message
"no close match for 'zzqqxx'"
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from sendkg.errors import EntityNotFound
from sendkg.queries import accountability, drivers, funding, impact, responsibility
from sendkg.queries.resolution import AGENTS_FIRST, ITEMS_FIRST, Resolution, resolution
from sendkg.queries.succession import Standing, long_date, standings, today
from sendkg.records import Edge, Node

# question -> (function of (kg, id), types it answers for, types it prefers)
QUESTIONS = {
    "owner": (responsibility.owners_answer, responsibility.OWNABLE, responsibility.OWNER_PREFER),
    "owns": (responsibility.owns_answer, responsibility.AGENT_TYPES,
             responsibility.OWNS_PREFER),
    "chain": (accountability.reporting_chain, accountability.CHAINABLE,
              accountability.CHAIN_PREFER),
    "drivers": (drivers.legislation_driving, drivers.DRIVEN, ITEMS_FIRST),
    "funders": (funding.funders_rolled_up, funding.FUNDABLE, ITEMS_FIRST),
    "impact": (impact.affected_by, None, AGENTS_FIRST),
}


@dataclass(frozen=True)
class Answer:
    """The resolution, (subject, result) pairs, and, unless answered as written, the
    date answered as at, {id: Standing} for every body named that no longer stood, and
    the facts that did not hold on that date by their own dates."""

    resolution: Resolution
    results: list[tuple[Node, Any]]
    as_at: str | None = None
    standings: dict[str, Standing] = field(default_factory=dict)
    # (fact, why) for facts of the answer that did not hold on the date by their own
    # valid_from / valid_to
    out_of_force: list[tuple[Edge, str]] = field(default_factory=list)
    # (entity, its start) for each subject, or plan holding one, that had not started
    # by the date (its `start` or `valid_from` is later)
    not_started: list[tuple[Node, str]] = field(default_factory=list)


def answer(kg, question: str, text: str, all: bool = False, type: str | None = None,
           as_at: str | None = "today") -> Answer:
    """The question's answer for what `text` names, as at `as_at` (an ISO date; "today"
    by default; None answers as the documents were written, with no successions).
    Raises EntityNotFound when `text` names only entities of types the question does
    not answer for."""
    function, types, prefer = QUESTIONS[question]
    found = resolution(kg, text, types, prefer, all, type)
    if not found.chosen:
        _refuse_other_type(kg, text, types, type)
    return answer_for(kg, question, [m.node for m in found.chosen], as_at, found)


def answer_for(kg, question: str, subjects: list[Node], as_at: str | None = "today",
               found: Resolution | None = None) -> Answer:
    """The question's answer for entities already known (a web page's entity, by id),
    with the same layers as `answer`; `found` is the resolution that chose them (by
    default: each subject matched by its id). The caller checks that the question
    answers for the subjects' types (QUESTIONS)."""
    from sendkg.queries.find import Match

    function = QUESTIONS[question][0]
    if found is None:
        found = Resolution(", ".join(n.id for n in subjects),
                           tuple(Match(n, 100.0, n.id, "its id") for n in subjects))
    results = [(node, function(kg, node.id)) for node in subjects]
    if as_at is None:
        return Answer(found, results)
    as_at = today() if as_at == "today" else as_at
    records = list(_walk(results))  # once: a large impact answer holds thousands
    now = standings(kg, [r for r in records if isinstance(r, Node)], as_at)
    return Answer(found, results, as_at, now,
                  _out_of_force((r for r in records if isinstance(r, Edge)), as_at),
                  not_started(kg, subjects, as_at))


def not_started(kg, subjects: list[Node], as_at: str) -> list[tuple[Node, str]]:
    """(entity, its start as written) for each of `subjects`, and each plan holding one,
    whose `start` or `valid_from` (a year, YYYY-MM or YYYY-MM-DD) is later than the ISO
    date `as_at`, compared to the start's precision: a plan starting "2017" had not
    started on 2010-01-01, and is not said to have missed 2017-03-01. Each entity once."""
    from sendkg.queries.containment import plans_of

    found: dict[str, tuple[Node, str]] = {}
    for subject in subjects:
        for node in (subject, *plans_of(kg, subject.id)):
            start = node.props.get("start") or node.props.get("valid_from")
            start = str(start).strip() if start else ""
            if start[:4].isdigit() and as_at[:len(start)] < start:
                found.setdefault(node.id, (node, start))
    return list(found.values())


def nodes_named(value) -> list[Node]:
    """Every Node inside an answer (its subjects and all the facts' nodes, in any
    nesting of result objects, tuples, lists and dicts), in the order met."""
    return [item for item in _walk(value) if isinstance(item, Node)]


def facts_out_of_force(value, as_at: str) -> list[tuple[Edge, str]]:
    """(fact, why) for each fact (Edge) inside an answer that did not hold on `as_at`
    by its own dates: "ended 31 March 2021" (valid_to before) or "from 1 April 2025"
    (valid_from after). Each fact once, in the order met."""
    return _out_of_force((item for item in _walk(value) if isinstance(item, Edge)), as_at)


def _out_of_force(edges, as_at: str) -> list[tuple[Edge, str]]:
    found: dict[tuple[str, str, str], tuple[Edge, str]] = {}
    for edge in edges:
        ended, starts = edge.props.get("valid_to"), edge.props.get("valid_from")
        if ended and ended < as_at:
            found.setdefault((edge.s, edge.p, edge.o), (edge, f"ended {long_date(ended)}"))
        elif starts and starts > as_at:
            found.setdefault((edge.s, edge.p, edge.o), (edge, f"from {long_date(starts)}"))
    return list(found.values())


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a result class -> its dataclass fields
_VALUES = (str, int, float, bool, type(None))


def _walk(value):
    """Every record inside an answer, depth first, in the order met. Neither a Node nor
    an Edge holds a record (an edge's qualifiers are values), so neither is entered."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (Node, Edge)):
            yield item
            continue
        if isinstance(item, _VALUES):
            continue
        names = _field_names(item)
        if names:
            stack.extend(reversed([getattr(item, name) for name in names]))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))


def _field_names(item) -> tuple[str, ...]:
    """The field names of a result object (a dataclass instance), () for anything else;
    looked up once per class."""
    kind = type(item)
    if kind not in _FIELD_NAMES:
        is_record = is_dataclass(item) and not isinstance(item, type)
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(item)) if is_record else ()
    return _FIELD_NAMES[kind]


def _refuse_other_type(kg, text, types, type) -> None:
    from sendkg.queries.find import STRONG, find_entities

    best = find_entities(kg, text, limit=1, type=type)
    if types and best and best[0].score >= STRONG and best[0].node.type not in types:
        node = best[0].node
        raise EntityNotFound(f"{text!r} names a {node.type} ({node.label}); this question "
                             f"answers for: {', '.join(types)}")
