"""Is the same work planned, owned or reported twice? (`sendkg duplicates`)

Kinds of finding, each naming both sides with their plans and sources and saying why
in plain words (sendkg.checks.duplicates_explain):

- `duplicate`: two objectives, actions or deliverables of one council that read as the
  same work, in one plan or in two (sendkg.checks.duplicates_scoring);
- `different-owners`: such a pair in two plans of one council whose owners have nobody
  in common (the same work owned by different people);
- `two-areas`: similar work in two areas (two councils): a chance to share, never
  "different owners", since each council owns its own;
- `repeated-item`: one item written three or more times (the same label), as one
  cluster rather than every pair of its copies;
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
>>> duplicates(kg)[0].explanation["why"]
'both independent travel training; two plans of one council'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sendkg.checks.duplicates_explain import both_words, plain_reason
from sendkg.checks.duplicates_governance import (
    BoardOverlap,
    RepeatedReport,
    overlapping_boards,
    repeated_reports,
)
from sendkg.checks.duplicates_groups import copy_clusters, narrowed
from sendkg.checks.duplicates_scoring import (
    DEFAULT_MIN_SCORE,
    SCOPES,
    DuplicateIndex,
    candidate_pairs,
    place_words,
)
from sendkg.checks.duplicates_structure import ACROSS_COUNCILS, SCOPE_NAMES, WITHIN_PLAN
from sendkg.checks.duplicates_text import key_terms
from sendkg.checks.findings import Finding, Subject

from sendkg.errors import SendkgError
from sendkg.names import normalise
from sendkg.records import Node

KINDS = ("repeated-item", "duplicate", "different-owners", "two-areas", "repeated-report",
         "overlapping-boards")


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
    members: tuple[Side, ...] = ()  # every copy, for a repeated item (a cluster)

    @property
    def kind(self) -> str:
        return self.rule

    @property
    def sides(self) -> tuple[Side, ...]:
        return self.members or (self.first, self.second)

    def as_dict(self) -> dict[str, Any]:
        """The JSON result: the first side's id/type/label, as every result has, then
        both sides (each with its own sources), the score and why."""
        return {**_brief(self.first.node), "kind": self.kind, "message": self.message,
                "score": self.score, "scope": self.scope,
                "why": self.explanation.get("why"),
                "first": self.first.as_dict(), "second": self.second.as_dict(),
                **({"members": [m.as_dict() for m in self.members]} if self.members else {}),
                **({"body": self.body.summary()} if self.body else {}),
                "explanation": self.explanation,
                "sources": [s.as_dict() for s in self.sources]}


_MESSAGES = {
    "repeated-item": "one item written several times",
    "duplicate": "the same work planned twice",
    "different-owners": "the same work owned by different people",
    "two-areas": "similar work in two areas (a chance to share)",
    "repeated-report": "the same report received from two senders",
    "overlapping-boards": "two boards with alike names, senders or members",
}


def pair(kind: str, score: float, first: Side, second: Side, scope: str | None = None,
         explanation: dict[str, Any] | None = None, body: Node | None = None,
         members: tuple[Side, ...] = ()) -> DuplicatePair:
    """A DuplicatePair of `kind` with its subject, related entities, message and sources."""
    others = members[1:] if members else (second,)
    related = (*(Subject.of(o.node) for o in others), *((Subject.of(body),) if body else ()))
    sides = members or (first, second)
    sources = tuple(dict.fromkeys(s for side in sides for s in side.node.sources))
    message = _MESSAGES[kind] + (f" ({scope})" if scope and kind != "two-areas" else "")
    if members:
        message = f"one item written {len(members)} times ({scope})"
    return DuplicatePair(subject=Subject.of(first.node), message=message, sources=sources,
                         related=related, rule=kind, score=score, first=first, second=second,
                         scope=scope, explanation=explanation or {}, body=body,
                         members=members)


def duplicates(kg, min_score: float = DEFAULT_MIN_SCORE, scope: str = "all",
               between: tuple[str, str] | None = None, area: str | None = None,
               limit: int = 0, embeddings=None) -> list[DuplicatePair]:
    """Every finding at or above `min_score` (the best `limit` of each kind when
    `limit`), with a side in each plan of `between` and a side in `area` when given;
    governance findings with scope 'all'. `embeddings`: an optional backend
    (sendkg.checks.duplicates_embeddings.load_embeddings) mixed into the text
    similarity."""
    if scope not in SCOPES:
        raise SendkgError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    if not 0.0 <= min_score <= 1.0:
        raise SendkgError(f"--min-score must be between 0 and 1, not {min_score}")
    index = DuplicateIndex(kg, embeddings=embeddings)
    pairs = candidate_pairs(index, min_score, scope)  # best first
    keep = narrowed(index.items, pairs.first, pairs.second, between, area)
    copies, clusters = copy_clusters(index.text_of, pairs.first[keep], pairs.second[keep])
    rest = np.flatnonzero(keep)[~copies]
    found = _clusters(kg, index, pairs, clusters, limit)
    found += [_item_finding(kg, index, pairs, int(k)) for k in (rest[:limit] if limit else rest)]
    if scope == "all":
        words = place_words(kg)
        found += selected([_report_finding(kg, r) for r in repeated_reports(kg, min_score, words)]
                          + [_board_finding(kg, o) for o in overlapping_boards(kg, min_score,
                                                                              words)],
                          between, area)
    return sorted(found, key=lambda f: (KINDS.index(f.kind), -f.score, f.first.node.id,
                                        f.second.node.id))


def selected(findings: list[DuplicatePair], between: tuple[str, str] | None = None,
             area: str | None = None) -> list[DuplicatePair]:
    """The findings with one side in each of two plans (`between`, ids or parts of
    names), or with a side in an area or council (`area`, part of its name)."""
    if between:
        a, b = between
        findings = [f for f in findings if any(
            _in_plan(x, a) and _in_plan(y, b) for x in f.sides for y in f.sides if x is not y)]
    if area:
        findings = [f for f in findings if any(_in_area(s, area) for s in f.sides)]
    return findings


def _in_plan(side: Side, text: str) -> bool:
    return any(p.id == text or normalise(text) in normalise(p.label) for p in side.plans)


def _in_area(side: Side, text: str) -> bool:
    return bool(side.council) and normalise(text) in normalise(side.council.label)


def _item_finding(kg, index: DuplicateIndex, pairs, k: int) -> DuplicatePair:
    items = index.items
    first, second = items.items[pairs.first[k]], items.items[pairs.second[k]]
    scope = int(pairs.scope[k])
    owners = [set(items.owners[n.id]) for n in (first, second)]
    split = scope != WITHIN_PLAN and all(owners) and not owners[0] & owners[1]
    kind = "two-areas" if scope == ACROSS_COUNCILS else (
        "different-owners" if split else "duplicate")
    explanation = {"lexical": round(float(pairs.lexical[k]), 3),
                   "shared_terms": _shared_terms(index, first.label, second.label)}
    for name in ("owners", "legislation", "boards"):
        shared = items.shared(name, first.id, second.id) if scope != WITHIN_PLAN else []
        explanation[f"shared_{name}"] = [_brief(kg.node(i)) for i in shared]
    sides = (_side(kg, index, first), _side(kg, index, second))
    areas = tuple(s.council.label for s in sides if s.council)
    explanation["plan_link"] = _plan_link(kg, sides)
    explanation["why"] = plain_reason(
        both_words(first.label, second.label),
        {name: [n["label"] for n in explanation[f"shared_{name}"]]
         for name in ("owners", "legislation", "boards")}, SCOPE_NAMES[scope], areas,
        explanation["plan_link"])
    return pair(kind, round(float(pairs.score[k]), 3), *sides, SCOPE_NAMES[scope],
                explanation)


_LINK_WORDS = {"buildsOn": "builds on", "readWith": "is read with",
               "supersedes": "supersedes"}


def _plan_link(kg, sides: tuple[Side, Side]) -> str | None:
    """'one plan builds on the other' when a plan of one side is linked to a plan of the
    other (sendkg.checks.duplicates_structure.PLAN_LINKS), else None."""
    ids = [{p.id for p in side.plans} for side in sides]
    for here, there in ((ids[0], ids[1]), (ids[1], ids[0])):
        for plan in sorted(here):
            for edge in kg.out_edges(plan):
                if edge.p in _LINK_WORDS and edge.o in there:
                    return f"one plan {_LINK_WORDS[edge.p]} the other"
    return None


def _clusters(kg, index: DuplicateIndex, pairs, clusters: dict[int, list[int]],
              limit: int) -> list[DuplicatePair]:
    """One finding per label written several times (the largest first)."""
    biggest = sorted(clusters.items(), key=lambda c: (-len(c[1]), c[0]))
    found = []
    for _, positions in biggest[:limit] if limit else biggest:
        nodes = [index.items.items[p] for p in positions]
        members = tuple(_side(kg, index, n) for n in nodes)
        scope = SCOPE_NAMES[int(index.items.scope(np.array(positions[:-1]),
                                                  np.array(positions[1:])).max())]
        areas = tuple(dict.fromkeys(m.council.label for m in members if m.council))
        why = plain_reason("", {}, scope, areas).replace("same plan", "in one plan", 1)
        score = float(index.scores_of([(nodes[0].id, nodes[1].id)])[0] or 0.0)
        found.append(pair("repeated-item", round(score, 3), members[0], members[1], scope,
                          {"why": f"the same words written {len(nodes)} times; {why}",
                           "copies": len(nodes)}, members=members))
    return found


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
