"""Is the same work planned, owned or reported twice? (`sendkg duplicates`)

Four kinds of finding, each naming both sides with their plans and sources:

- `duplicate`: two objectives, actions or deliverables that read as the same work,
  within one plan, across plans or across councils (sendkg.checks.duplicates_scoring);
- `different-owners`: such a pair in two plans whose owners have nobody in common
  (the same work owned by different people);
- `repeated-report`: a body receiving the same report from two senders;
- `overlapping-boards`: two boards of one council with alike names, senders or members
  (sendkg.checks.duplicates_governance).

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> for id, type, label in [("plan:a", "Plan", "Plan A"), ("plan:b", "Plan", "Plan B"),
...         ("act:a", "Action", "Independent travel training"),
...         ("act:b", "Action", "Roll out independent travel training"),
...         ("act:c", "Action", "Publish the high needs strategy"),
...         ("person:ann", "Person", "Ann"), ("person:bob", "Person", "Bob")]:
...     kg.add_node(Node(id, type, label))
>>> for s, p, o in [("plan:a", "hasAction", "act:a"), ("plan:b", "hasAction", "act:b"),
...                 ("plan:b", "hasAction", "act:c"), ("act:a", "responsible", "person:ann"),
...                 ("act:b", "responsible", "person:bob")]:
...     kg.add_edge(Edge(s, p, o))
>>> [(f.kind, f.first.node.id, f.second.node.id, f.scope) for f in duplicates(kg)]
[('different-owners', 'act:a', 'act:b', 'across plans')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sendkg.checks.duplicates_governance import (
    BoardOverlap,
    RepeatedReport,
    overlapping_boards,
    repeated_reports,
)
from sendkg.checks.duplicates_scoring import (
    DEFAULT_MIN_SCORE,
    SCOPES,
    DuplicateIndex,
    candidate_pairs,
    place_words,
)
from sendkg.checks.duplicates_structure import SCOPE_NAMES, WITHIN_PLAN
from sendkg.checks.duplicates_text import key_terms
from sendkg.checks.findings import Finding, Subject
from sendkg.errors import SendkgError
from sendkg.records import Node

KINDS = ("duplicate", "different-owners", "repeated-report", "overlapping-boards")


@dataclass(frozen=True)
class Side:
    """One item of a pair, with what it is attached to."""

    node: Node
    plans: tuple[Node, ...] = ()
    council: Node | None = None
    owners: tuple[Node, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**self.node.summary(), "plans": [_brief(p) for p in self.plans],
                "council": _brief(self.council) if self.council else None,
                "owners": [_brief(o) for o in self.owners]}


def _brief(node: Node) -> dict[str, str]:
    return {"id": node.id, "type": node.type, "label": node.label}


@dataclass(frozen=True, kw_only=True)
class DuplicatePair(Finding):
    """A finding of two sides: a score, why, and where both stand in the sources.

    `rule` is the kind of finding (one of KINDS); `subject` is the first side and
    `related` the second (and the receiving body of a repeated report).
    """

    score: float
    first: Side
    second: Side
    scope: str | None = None
    explanation: dict[str, Any] = field(default_factory=dict)
    body: Node | None = None  # the receiving body, for repeated reports

    @property
    def kind(self) -> str:
        return self.rule

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "score": self.score, "scope": self.scope,
                "first": self.first.as_dict(), "second": self.second.as_dict(),
                **({"body": self.body.summary()} if self.body else {}),
                "explanation": self.explanation,
                "sources": [s.as_dict() for s in self.sources]}


_MESSAGES = {
    "duplicate": "the same work planned twice",
    "different-owners": "the same work owned by different people",
    "repeated-report": "the same report received from two senders",
    "overlapping-boards": "two boards with alike names, senders or members",
}


def pair(kind: str, score: float, first: Side, second: Side, scope: str | None = None,
         explanation: dict[str, Any] | None = None, body: Node | None = None) -> DuplicatePair:
    """A DuplicatePair of `kind` with its subject, related entities, message and sources."""
    related = (Subject.of(second.node), *((Subject.of(body),) if body else ()))
    sources = tuple(dict.fromkeys([*first.node.sources, *second.node.sources]))
    message = _MESSAGES[kind] + (f" ({scope})" if scope else "")
    return DuplicatePair(subject=Subject.of(first.node), message=message, sources=sources,
                         related=related, rule=kind, score=score, first=first, second=second,
                         scope=scope, explanation=explanation or {}, body=body)


def duplicates(kg, min_score: float = DEFAULT_MIN_SCORE, scope: str = "all") -> list[DuplicatePair]:
    """Every finding at or above `min_score`; governance findings with scope 'all'."""
    if scope not in SCOPES:
        raise SendkgError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    if not 0.0 <= min_score <= 1.0:
        raise SendkgError(f"--min-score must be between 0 and 1, not {min_score}")
    index = DuplicateIndex(kg)
    pairs = candidate_pairs(index, min_score, scope)
    found = [_item_finding(kg, index, pairs, k) for k in range(len(pairs))]
    if scope == "all":
        words = place_words(kg)
        found += [_report_finding(kg, r) for r in repeated_reports(kg, min_score, words)]
        found += [_board_finding(kg, o) for o in overlapping_boards(kg, min_score, words)]
    return sorted(found, key=lambda f: (KINDS.index(f.kind), -f.score, f.first.node.id,
                                        f.second.node.id))


def _item_finding(kg, index: DuplicateIndex, pairs, k: int) -> DuplicatePair:
    items = index.items
    first, second = items.items[pairs.first[k]], items.items[pairs.second[k]]
    scope = int(pairs.scope[k])
    owners = [set(items.owners[n.id]) for n in (first, second)]
    split = scope != WITHIN_PLAN and all(owners) and not owners[0] & owners[1]
    explanation = {"lexical": round(float(pairs.lexical[k]), 3),
                   "shared_terms": _shared_terms(index, first.label, second.label)}
    for name in ("owners", "legislation", "boards"):
        shared = items.shared(name, first.id, second.id) if scope != WITHIN_PLAN else []
        explanation[f"shared_{name}"] = [_brief(kg.node(i)) for i in shared]
    return pair("different-owners" if split else "duplicate", round(float(pairs.score[k]), 3),
                _side(kg, index, first), _side(kg, index, second), SCOPE_NAMES[scope],
                explanation)


def _shared_terms(index: DuplicateIndex, first: str, second: str) -> list[str]:
    words = set(key_terms(second, index.texts.generic))
    return list(dict.fromkeys(w for w in key_terms(first, index.texts.generic) if w in words))


def _side(kg, index: DuplicateIndex, node: Node) -> Side:
    items = index.items
    councils = items.councils[node.id]
    return Side(node, tuple(kg.node(p) for p in items.plans[node.id]),
                kg.node(councils[0]) if len(councils) == 1 else None,
                tuple(kg.node(o) for o in items.owners[node.id]))


def _report_finding(kg, found: RepeatedReport) -> DuplicatePair:
    sides = [Side(kg.node(e.s), _plans(kg, e.s)) for e in (found.first, found.second)]
    explanation = {"relations": [found.first.p, found.second.p],
                   "reports": [found.first.props.get("reports"),
                               found.second.props.get("reports")],
                   "frequency": [found.first.props.get("frequency"),
                                 found.second.props.get("frequency")],
                   "fact_sources": [[s.as_dict() for s in e.sources]
                                    for e in (found.first, found.second)]}
    return pair("repeated-report", found.score, sides[0], sides[1], None, explanation,
                found.body)


def _plans(kg, node_id: str) -> tuple[Node, ...]:
    from sendkg.queries.containment import ITEM_TYPES, plans_of

    return tuple(plans_of(kg, node_id)) if kg.node(node_id).type in ITEM_TYPES else ()


def _board_finding(kg, found: BoardOverlap) -> DuplicatePair:
    explanation = {"name_similarity": found.name_similarity,
                   "shared_received": [_brief(kg.node(i)) for i in found.received],
                   "shared_members": [_brief(kg.node(i)) for i in found.members]}
    return pair("overlapping-boards", found.score, Side(found.first), Side(found.second),
                None, explanation)
