"""Is the same work planned, owned or reported twice? (`sendkg duplicates`)

Kinds of finding, each naming both sides with their plans and sources and saying why
in plain words (sendkg.checks.duplicates_explain):

- `duplicate`: two objectives, actions or deliverables of one council that read as the
  same work, in one plan or in two (sendkg.checks.duplicates_scoring);
- `different-owners`: such a pair of one council, in one plan or two, whose owners as
  each side shows them have nobody in common (the same work owned by different
  people);
- `similar-areas`: alike work in two or more areas (councils), one finding per cluster
  with every item, its area and sources: a chance to share, never "different owners",
  since each council owns its own (sendkg.checks.duplicates_groups.area_clusters);
- `repeated-item`: one item written three or more times (the same label) in one area,
  as one cluster rather than every pair of its copies;
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

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from sendkg.checks.duplicates_candidates import text_candidates
from sendkg.checks.duplicates_confidence import load_confidence
from sendkg.checks.duplicates_explain import (
    areas_reason,
    both_words,
    number_word,
    plain_reason,
)
from sendkg.checks.duplicates_governance import (
    BoardOverlap,
    RepeatedReport,
    overlapping_boards,
    repeated_reports,
)
from sendkg.checks.duplicates_groups import (
    AreaCluster,
    area_blocks,
    area_clusters,
    cluster_kept,
    copy_clusters,
    narrowed,
    same_area_pairs,
)
from sendkg.checks.duplicates_scoring import (
    DEFAULT_MIN_SCORE,
    SCOPES,
    DuplicateIndex,
    ScoredPairs,
    _with_linked,
    place_words,
)
from sendkg.checks.duplicates_structure import ACROSS_COUNCILS, SCOPE_NAMES, WITHIN_PLAN
from sendkg.checks.filters import plan_ids
from sendkg.checks.findings import Finding, Subject
from sendkg.queries.responsibility import lead_names  # one copy; callers import it here too

from sendkg.errors import SendkgError
from sendkg.records import Node

KINDS = ("repeated-item", "duplicate", "different-owners", "similar-areas",
         "repeated-report", "overlapping-boards")


@dataclass(frozen=True)
class Side:
    """One item of a pair, with what it is attached to.

    `owners`: Owner facts (sendkg.queries.responsibility) at the nearest level naming a
    lead, as `sendkg owner` inherits them (named_owners): its leads first, then the
    others of that level (support, partners); when no level names a lead, every owner
    of the nearest level naming anyone (the plan's agreeing partners). `leads`: the
    leads as `sendkg owner` writes them (lead_names); `owned_by`: what the side shows
    of who answers for it, one text per role word ("lead: …", "agreeing partner: …";
    sendkg.queries.responsibility.owners_in_words). The CLI and the web page print
    `owned_by`."""

    node: Node
    plans: tuple[Node, ...] = ()
    council: Node | None = None
    owners: tuple[Any, ...] = ()
    leads: tuple[str, ...] = ()
    owned_by: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The item's id, type, label and sources, then its plans, council and owners
        (id, type, label each; an owner also with its role, whether it leads, the id
        of the container it is inherited from or None, and its uncertain mark or
        None), its leads and what it shows of who answers for it (`owned_by`). Made
        once per side: an item is in many findings."""
        return self._as_dict

    @cached_property
    def subject(self) -> Subject:
        return Subject.of(self.node)

    @cached_property
    def as_json(self) -> str:
        """as_dict() encoded, once per side."""
        return _encode(self.as_dict())

    @cached_property
    def sources_json(self) -> str:
        """The item's sources, encoded once."""
        return _encode([s.as_dict() for s in self.node.sources])

    @cached_property
    def _as_dict(self) -> dict[str, Any]:
        return {**self.node.summary(), "plans": [_brief(p) for p in self.plans],
                "council": _brief(self.council) if self.council else None,
                "owners": [_owner_dict(o) for o in self.owners],
                "leads": list(self.leads), "owned_by": list(self.owned_by)}


def _owner_dict(owner) -> dict[str, Any]:
    from sendkg.queries.facts import uncertain_text
    from sendkg.queries.responsibility import is_lead

    return {**_brief(owner.node), "role": owner.role, "lead": is_lead(owner),
            "via": owner.via.id if owner.via else None,
            "uncertain": uncertain_text(owner.edge.props) or None}


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
    # likely / possible / weak (sendkg.checks.duplicates_confidence); None when found by
    # a rule, not scored, or scored with an embedding backend the bands did not measure.
    confidence: str | None = None

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
                "score": self.score, "confidence": self.confidence, "scope": self.scope,
                "why": self.explanation.get("why"),
                "first": self.first.as_dict(), "second": self.second.as_dict(),
                **({"members": [m.as_dict() for m in self.members]} if self.members else {}),
                **({"body": self.body.summary()} if self.body else {}),
                "explanation": self.explanation,
                "sources": [s.as_dict() for s in self.sources]}

    def as_json(self) -> str:
        """as_dict() as one line of JSON: the same object once parsed, with the sides
        last, each side encoded once (an item is in many findings)."""
        body = {**_brief(self.first.node), "kind": self.kind, "message": self.message,
                "score": self.score, "confidence": self.confidence, "scope": self.scope,
                "why": self.explanation.get("why"),
                **({"body": self.body.summary()} if self.body else {}),
                "explanation": self.explanation}
        parts = [_encode(body)[:-1], ', "sources": ', self._sources_json(), ', "first": ',
                 self.first.as_json, ', "second": ', self.second.as_json]
        if self.members:
            parts += [', "members": [', ", ".join(m.as_json for m in self.members), "]"]
        return "".join(parts) + "}"


    def _sources_json(self) -> str:
        """The sources as JSON; for two sides citing different lines (the usual case),
        the two sides' own encoded lists joined."""
        first, second = self.first.node.sources, self.second.node.sources
        if not self.members and self.sources == first + second and first and second:
            return f"{self.first.sources_json[:-1]}, {self.second.sources_json[1:]}"
        return _encode([s.as_dict() for s in self.sources])


_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # one, not one per call


_MESSAGES = {
    "repeated-item": "one item written several times",
    "duplicate": "the same work planned twice",
    "different-owners": "the same work owned by different people",
    "similar-areas": "similar work in two areas (a chance to share)",
    "repeated-report": "the same report received twice",
    "overlapping-boards": "two boards with alike names, senders or members",
}


def pair(kind: str, score: float, first: Side, second: Side, scope: str | None = None,
         explanation: dict[str, Any] | None = None, body: Node | None = None,
         members: tuple[Side, ...] = (), confidence: str | None = None) -> DuplicatePair:
    """A DuplicatePair of `kind` with its subject, related entities, message and sources;
    `confidence` its band (sendkg.checks.duplicates_confidence), None when not scored."""
    others = members[1:] if members else (second,)
    related = (*(o.subject for o in others), *((Subject.of(body),) if body else ()))
    sides = members or (first, second)
    sources = tuple(dict.fromkeys(sides[0].node.sources + sides[1].node.sources
                                  if len(sides) == 2 else
                                  (s for side in sides for s in side.node.sources)))
    message = _MESSAGES[kind] + (f" ({scope})" if scope and kind != "similar-areas" else "")
    if members and kind == "repeated-item":
        message = f"one item written {number_word(len(members))} times ({scope})"
    elif kind == "similar-areas":
        areas = len({m.council.id for m in sides if m.council})
        message = f"similar work in {number_word(areas)} areas (a chance to share)"
    return DuplicatePair(subject=first.subject, message=message, sources=sources,
                         related=related, rule=kind, score=score, first=first, second=second,
                         scope=scope, explanation=explanation or {}, body=body,
                         members=members, confidence=confidence)


def duplicates(kg, min_score: float = DEFAULT_MIN_SCORE, scope: str = "all",
               between: tuple[str, str] | None = None, area: str | None = None,
               limit: int = 0, embeddings=None) -> list[DuplicatePair]:
    """Every finding at or above `min_score` (the best `limit` of each kind when
    `limit`), with a side in each plan of `between` (each a text, read as
    sendkg.checks.filters.plans_named reads it, or plan ids) and a side in `area` (as
    `sendkg lint --area` reads it) when given;
    governance findings with scope 'all'. `embeddings`: an optional backend
    (sendkg.checks.duplicates_embeddings.load_embeddings) mixed into the text
    similarity. The same as duplicate_report(...).findings."""
    return duplicate_report(kg, min_score, scope, between, area, limit, embeddings).findings


class DuplicateReport:
    """What `duplicate_report` found: `totals` ({kind: how many there are before the
    limit}) and the findings, by kind (KINDS order) then best first, each built only
    when read: iterate to make them one at a time (hundreds of thousands never sit in
    memory together), `between(start, stop)` for a stretch of them, or read `findings`
    for the list.

    `parts`: {kind: (count, make)}, `make(lo, hi)` yielding that kind's findings lo to
    hi - 1 in order.
    """

    def __init__(self, parts: dict[str, tuple[int, Any]], totals: dict[str, int]):
        self._parts = parts
        self.totals = totals
        self._built: list[DuplicatePair] | None = None

    def __len__(self) -> int:
        return sum(count for count, _ in self._parts.values())

    def __iter__(self):
        if self._built is not None:
            return iter(self._built)
        return self.between(0, len(self))

    def between(self, start: int, stop: int):
        """Findings start to stop - 1 (positions in the order of iteration), building
        only those."""
        offset = 0
        for kind in KINDS:
            count, make = self._parts.get(kind, (0, None))
            lo, hi = max(start - offset, 0), min(stop - offset, count)
            if lo < hi:
                yield from make(lo, hi)
            offset += count

    @property
    def findings(self) -> list[DuplicatePair]:
        if self._built is None:
            self._built = list(self)
        return self._built


def _stretch(found: list) -> Any:
    """make(lo, hi) over a list already made."""
    return lambda lo, hi: iter(found[lo:hi])


def duplicate_report(kg, min_score: float = DEFAULT_MIN_SCORE, scope: str = "all",
                     between: tuple[str, str] | None = None, area: str | None = None,
                     limit: int = 0, embeddings=None) -> DuplicateReport:
    """The findings of `duplicates` with how many of each kind there are in all.

    Pairs are made only within an area (sendkg.checks.duplicates_groups
    .same_area_pairs); alike work in several areas is one cluster per piece of work
    (area_clusters), so the work grows with the items, not with their pairs.
    Raises SendkgError for an unknown scope or a threshold outside 0-1, and the
    filters' errors (sendkg.checks.filters) for a `between` text naming no plan, or
    more than MOST_PLANS.
    """
    if scope not in SCOPES:
        raise SendkgError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    if not 0.0 <= min_score <= 1.0:
        raise SendkgError(f"--min-score must be between 0 and 1, not {min_score}")
    if between:
        between = tuple(plan_ids(kg, wanted) for wanted in between)
    index = DuplicateIndex(kg, embeddings=embeddings)
    items, blocks = index.items, area_blocks(index.items)
    u, v, lexical = text_candidates(index, min_score)
    first, second, lex = same_area_pairs(index.text_of, blocks, u, v, lexical)
    pairs = _with_linked(index, index.score(first, second, lex, min_score, scope), min_score,
                         scope, np.ones(len(items), dtype=bool))  # best first
    crossing = pairs.scope == ACROSS_COUNCILS
    clusters = []
    if scope != "within":
        across = index.model.probability(lexical, np.ones(len(u), dtype=bool),
                                         np.zeros(len(u), dtype=bool))
        clusters = area_clusters(index.text_of, blocks, u, v, across, min_score)
        clusters = cluster_kept(items, clusters + _pair_clusters(index, pairs, crossing,
                                                                 clusters), between, area)
        clusters.sort(key=lambda c: (-round(c.score, 3), *(items.items[m].id
                                                           for m in c.members[:2])))
    inner = np.flatnonzero(~crossing)
    inner = inner[narrowed(items, pairs.first[inner], pairs.second[inner], between, area)]
    copy_key = (blocks + 1) * np.int64(len(index.texts)) + index.text_of
    copies, groups = copy_clusters(copy_key, pairs.first[inner], pairs.second[inner])
    rest = inner[~copies]
    split = _owners_split(index, pairs, rest)
    totals = {"repeated-item": len(groups), "duplicate": int((~split).sum()),
              "different-owners": int(split.sum()), "similar-areas": len(clusters)}
    facts = _Facts(kg, index)
    copies_made = _copy_findings(facts, groups, limit)
    parts = {"repeated-item": (len(copies_made), _stretch(copies_made))}
    for kind, chosen in (("duplicate", rest[~split]), ("different-owners", rest[split])):
        chosen = _best_first(pairs, chosen)
        chosen = chosen[:limit] if limit else chosen
        parts[kind] = (len(chosen), lambda lo, hi, kind=kind, chosen=chosen: _pair_findings(
            facts, pairs, kind, chosen[lo:hi]))
    clusters = clusters[:limit] if limit else clusters
    parts["similar-areas"] = (len(clusters), lambda lo, hi: (_area_finding(facts, c)
                                                             for c in clusters[lo:hi]))
    if scope == "all":
        words = place_words(kg)
        governance = selected(
            kg, [_report_finding(kg, r) for r in repeated_reports(kg, min_score, words)]
            + [_board_finding(kg, o) for o in overlapping_boards(kg, min_score, words)],
            between, area)
        for kind in ("repeated-report", "overlapping-boards"):
            mine = sorted((f for f in governance if f.kind == kind),
                          key=lambda f: (-f.score, f.first.node.id, f.second.node.id))
            totals[kind] = len(mine)
            mine = mine[:limit] if limit else mine
            parts[kind] = (len(mine), _stretch(mine))
    return DuplicateReport(parts, totals)


def _best_first(pairs: ScoredPairs, rows: np.ndarray) -> np.ndarray:
    """`rows` by score (to three places) descending, then by the two items' ids (item
    positions follow their ids)."""
    order = np.lexsort((pairs.second[rows], pairs.first[rows], -np.round(pairs.score[rows], 3)))
    return rows[order]


class _Facts:
    """The graph and index with what findings repeat, worked out once: each item's
    side, the words two labels share, each plan's links to other plans."""

    def __init__(self, kg, index: DuplicateIndex):
        self.kg, self.index = kg, index
        self._sides: dict[int, Side] = {}
        self._words: dict[tuple[str, str], str] = {}
        self._links: dict[str, tuple] = {}

    def id(self, position: int) -> str:
        return self.index.items.items[position].id

    def band(self, score: float) -> str | None:
        """The score's band (sendkg.checks.duplicates_confidence); None when an embedding
        backend is mixed in: the bands were measured without one. Banded as shown (to
        three places), so a finding reading 0.500 is never 'weak'."""
        if self.index.embedded is not None:
            return None
        return load_confidence().band(round(score, 3))

    def side(self, position: int) -> Side:
        if position not in self._sides:
            self._sides[position] = _side(self.kg, self.index, self.index.items.items[position])
        return self._sides[position]

    def words(self, first: str, second: str) -> str:
        """The words `second` shares with `first`, as `first` writes them (both_words):
        what the why says and JSON `shared_terms` lists."""
        key = (first, second)
        if key not in self._words:
            self._words[key] = both_words(first, second)
        return self._words[key]

    def all_share(self, centre: str, labels) -> str:
        """The words of `centre` that every one of `labels` shares (both_words), in
        `centre`'s order; '' when no word is in all."""
        others = [label for label in dict.fromkeys(labels) if label != centre] or [centre]
        kept = self.words(centre, others[0]).split()
        for label in others[1:]:
            theirs = set(self.words(centre, label).split())
            kept = [w for w in kept if w in theirs]
        return " ".join(kept)

    def plan_links(self, plan: str) -> tuple:
        """(relation, other plan) of a plan's links (_LINK_WORDS), in the graph's order."""
        if plan not in self._links:
            self._links[plan] = tuple((e.p, e.o) for e in self.kg.out_edges(plan)
                                      if e.p in _LINK_WORDS)
        return self._links[plan]


def _owners_split(index: DuplicateIndex, pairs: ScoredPairs, rows: np.ndarray) -> np.ndarray:
    """For pairs `rows`: both showing who answers for them and nobody in common (the
    same work owned by different people, in one plan or in two), as each side shows
    its owners (sendkg.queries.responsibility.named_owners)."""
    first, second = pairs.first[rows], pairs.second[rows]
    has = index.items.has("owners")
    return has[first] & has[second] & ~index.items.overlap("owners", first, second)


def _pair_clusters(index: DuplicateIndex, pairs: ScoredPairs, crossing: np.ndarray,
                   clusters: list[AreaCluster]) -> list[AreaCluster]:
    """Pairs in two areas not already inside one cluster (items in linked plans, items
    of several areas), each as a cluster of two."""
    home = {m: k for k, c in enumerate(clusters) for m in c.members}
    found = []
    for k in np.flatnonzero(crossing).tolist():
        a, b = int(pairs.first[k]), int(pairs.second[k])
        if home.get(a, -1) == home.get(b, -2):
            continue
        score = float(pairs.score[k])
        found.append(AreaCluster(int(index.text_of[a]), (a, b),
                                 {int(index.text_of[b]): score}, score))
    return found


def selected(kg, findings: list[DuplicatePair],
             between: tuple[frozenset[str], frozenset[str]] | None = None,
             area: str | None = None) -> list[DuplicatePair]:
    """The findings with one side in each of two sets of plans (`between`, plan ids), or
    with a side in an area or council (`area`, part of its name, as lint reads it)."""
    if between:
        a, b = between
        findings = [f for f in findings if any(
            _in_plan(x, a) and _in_plan(y, b) for x in f.sides for y in f.sides if x is not y)]
    if area:
        findings = [f for f in findings if any(_in_area(kg, s, area) for s in f.sides)]
    return findings


def in_filters(kg, side: Side, between: tuple[frozenset[str], ...] | None = None,
               area: str | None = None) -> bool:
    """Whether a side is what a filter asked for: in a plan of `between` (plan ids) or
    in `area` (as lint reads it). A cluster shows these members first."""
    plans = frozenset().union(*between) if between else frozenset()
    return bool((plans and _in_plan(side, plans)) or (area and _in_area(kg, side, area)))


def best_shared(found: list[DuplicatePair], limit: int) -> list[DuplicatePair]:
    """What `--limit` keeps, on screen and in JSON: at most `limit` findings in all, each
    kind's best first, up to an equal share each (limit // kinds found), then the best
    of the rest by score, so that pairs in one council (the most, and the highest
    scored) do not hide the chances to share across areas. All of `found` when `limit`
    is 0. Returned by kind (KINDS order), then best first."""
    if limit:
        kinds = list(dict.fromkeys(f.kind for f in found))
        share = limit // max(1, len(kinds))
        first = [f for kind in kinds for f in [g for g in found if g.kind == kind][:share]]
        taken = {id(f) for f in first}
        rest = sorted((f for f in found if id(f) not in taken), key=lambda f: -f.score)
        found = first + rest[:limit - len(first)]
    return sorted(found, key=lambda f: (KINDS.index(f.kind), -f.score))


def kinds_left_out(totals: dict[str, int], shown: list[DuplicatePair],
                   kind: str | None = None) -> list[str]:
    """The kinds (KINDS order) that have findings in `totals` but none in `shown`: what
    a limit left no room for, as the command and the web page name them; only `kind`
    when one was asked for."""
    return [k for k in KINDS if totals.get(k) and (not kind or k == kind)
            and not any(f.kind == k for f in shown)]


def _in_plan(side: Side, plans: frozenset[str]) -> bool:
    return any(p.id in plans for p in side.plans)


def _in_area(kg, side: Side, text: str) -> bool:
    """Whether a side is in the area `text` names, as lint reads it (area_mask): a board
    or post by the areas of the papers naming it."""
    from sendkg.checks.lint_places import places_of

    return places_of(kg, [side.node.id])[side.node.id].matches_area(text)


def _pair_findings(facts: _Facts, pairs: ScoredPairs, kind: str, rows: np.ndarray):
    """The findings of pairs `rows`, one at a time. What two items may share (owners,
    legislation, boards, linked plans) is first tested for all rows at once."""
    first, second = pairs.first[rows], pairs.second[rows]
    items = facts.index.items
    apart = pairs.scope[rows] != WITHIN_PLAN
    may_share = {name: (apart & items.overlap(name, first, second)).tolist()
                 for name in SHARED}
    linked = items.linked(first, second).tolist()
    columns = zip(first.tolist(), second.tolist(), pairs.scope[rows].tolist(),
                  pairs.score[rows].tolist(), pairs.lexical[rows].tolist())
    for k, (a, b, scope, score, lexical) in enumerate(columns):
        yield _item_finding(facts, kind, a, b, scope, score, lexical,
                            tuple(name for name in SHARED if may_share[name][k]), linked[k])


SHARED = ("owners", "legislation", "boards")


def _item_finding(facts: _Facts, kind: str, first_at: int, second_at: int, scope: int,
                  score: float, lexical: float, may_share: tuple[str, ...] = SHARED,
                  linked: bool = True) -> DuplicatePair:
    """A pair of items in one area (`kind` duplicate or different-owners, as
    _owners_split decided) with its explanation. `may_share`: the kinds of attachment
    the two may share; `linked`: whether their plans may be linked (tested in bulk)."""
    kg, items = facts.kg, facts.index.items
    first, second = items.items[first_at], items.items[second_at]
    words = facts.words(first.label, second.label)
    explanation = {"lexical": round(lexical, 3), "shared_terms": words.split()}
    for name in SHARED:
        shared = items.shared(name, first.id, second.id) if name in may_share else []
        explanation[f"shared_{name}"] = _shared(kg, items, name, first.id, second.id, shared)
    sides = (facts.side(first_at), facts.side(second_at))
    areas = tuple(s.council.label for s in sides if s.council)
    explanation["plan_link"] = _plan_link(facts, sides) if linked else None
    # "same lead" only when both sides show leads; a plan's agreeing partners are owners
    word = "lead" if all(s.leads for s in sides) else "owner"
    explanation["why"] = plain_reason(
        words, {name: [_marked(n) for n in explanation[f"shared_{name}"]] for name in SHARED},
        SCOPE_NAMES[scope], areas, explanation["plan_link"], owner_word=word)
    return pair(kind, round(score, 3), *sides, SCOPE_NAMES[scope], explanation,
                confidence=facts.band(score))


def _shared(kg, items, name: str, first_id: str, second_id: str,
            shared: list[str]) -> list[dict[str, Any]]:
    """What two items share of kind `name` as JSON (id, type, label each); a shared
    board also with `uncertain`: "uncertain: note" when either item reaches it only by
    an uncertain monitoredBy or reportsTo (ItemIndex.uncertain_reach), else None."""
    if name != "boards":
        return [_brief(kg.node(i)) for i in shared]
    return [{**_brief(kg.node(i)), "uncertain": items.uncertain_reach(first_id, i)
             or items.uncertain_reach(second_id, i) or None} for i in shared]


def _marked(shared: dict[str, Any]) -> str:
    """A shared thing's label for the why, with "(uncertain)" when it is an uncertain
    reading (the note is in JSON `explanation`, as owner's marks carry theirs)."""
    return shared["label"] + (" (uncertain)" if shared.get("uncertain") else "")


_LINK_WORDS = {"buildsOn": "builds on", "readWith": "is read with",
               "supersedes": "supersedes"}


def _plan_link(facts: _Facts, sides: tuple[Side, Side]) -> str | None:
    """'one plan builds on the other' when a plan of one side is linked to a plan of the
    other (sendkg.checks.duplicates_structure.PLAN_LINKS), else None."""
    ids = [{p.id for p in side.plans} for side in sides]
    for here, there in ((ids[0], ids[1]), (ids[1], ids[0])):
        for plan in sorted(here):
            for relation, other in facts.plan_links(plan):
                if other in there:
                    return f"one plan {_LINK_WORDS[relation]} the other"
    return None


def _copy_findings(facts: _Facts, clusters: dict[int, list[int]],
                   limit: int) -> list[DuplicatePair]:
    """One finding per label written several times in one area (the largest first)."""
    biggest = sorted(clusters.items(), key=lambda c: (-len(c[1]), c[0]))
    chosen = [p for _, p in (biggest[:limit] if limit else biggest)]
    ids = [(facts.id(p[0]), facts.id(p[1])) for p in chosen]
    scores = facts.index.scores_of(ids) if ids else []
    found = [_copy_finding(facts, p, round(float(s or 0.0), 3)) for p, s in zip(chosen, scores)]
    return sorted(found, key=lambda f: (-f.score, f.first.node.id, f.second.node.id))


def _copy_finding(facts: _Facts, positions: list[int], score: float) -> DuplicatePair:
    members = tuple(facts.side(p) for p in positions)
    scope = SCOPE_NAMES[int(facts.index.items.scope(np.array(positions[:-1]),
                                                    np.array(positions[1:])).max())]
    areas = tuple(dict.fromkeys(m.council.label for m in members if m.council))
    why = plain_reason("", {}, scope, areas).replace("same plan", "in one plan", 1)
    return pair("repeated-item", score, members[0], members[1], scope,
                {"why": f"the same words written {number_word(len(members))} times; {why}",
                 "copies": len(members)}, members=members)


def _area_finding(facts: _Facts, cluster: AreaCluster) -> DuplicatePair:
    """One finding for alike work in several areas: every item (the centre's first),
    the areas, and the words the centre shares with every member (so the why is true
    of each)."""
    kg, index = facts.kg, facts.index
    nodes = [index.items.items[p] for p in cluster.members]
    members = tuple(facts.side(p) for p in cluster.members)
    areas = tuple(sorted({m.council.label for m in members if m.council}))
    words = facts.all_share(nodes[0].label, (n.label for n in nodes[1:]))
    explanation = {"why": areas_reason(words, areas, len(nodes), nodes[0].label),
                   "areas": list(areas), "items": len(nodes),
                   "wordings": len(cluster.texts | {cluster.centre: 0}),
                   "centre": _brief(nodes[0]),
                   "shared_terms": words.split()}
    if len(nodes) == 2:
        for name in ("owners", "legislation", "boards"):
            shared = index.items.shared(name, nodes[0].id, nodes[1].id)
            explanation[f"shared_{name}"] = _shared(kg, index.items, name, nodes[0].id,
                                                    nodes[1].id, shared)
    return pair("similar-areas", round(cluster.score, 3), members[0], members[1],
                SCOPE_NAMES[ACROSS_COUNCILS], explanation, members=members,
                confidence=facts.band(cluster.score))


def _side(kg, index: DuplicateIndex, node: Node) -> Side:
    from sendkg.queries.responsibility import is_lead, owners_in_words
    from sendkg.queries.succession import today

    items = index.items
    councils = items.councils[node.id]
    shown, others = items.answering[node.id]  # named_owners, worked out once
    return Side(node, tuple(kg.node(p) for p in items.plans[node.id]),
                kg.node(councils[0]) if len(councils) == 1 else None,
                (*shown, *others), lead_names(kg, [o for o in shown if is_lead(o)]),
                owners_in_words(kg, shown, today()))  # abolished owners say so


def _report_finding(kg, found: RepeatedReport) -> DuplicatePair:
    sides = [Side(kg.node(e.s), _plans(kg, e.s)) for e in (found.first, found.second)]
    explanation = {"relations": [found.first.p, found.second.p],
                   "reports": [found.first.props.get("reports"),
                               found.second.props.get("reports")],
                   "frequency": [found.first.props.get("frequency"),
                                 found.second.props.get("frequency")],
                   "fact_sources": [[s.as_dict() for s in e.sources]
                                    for e in (found.first, found.second)],
                   "why": found.why(kg)}
    return pair("repeated-report", found.score, sides[0], sides[1], None, explanation,
                found.body)


def _plans(kg, node_id: str) -> tuple[Node, ...]:
    from sendkg.queries.containment import ITEM_TYPES, plans_of

    return tuple(plans_of(kg, node_id)) if kg.node(node_id).type in ITEM_TYPES else ()


def _board_finding(kg, found: BoardOverlap) -> DuplicatePair:
    explanation = {"name_similarity": found.name_similarity,
                   "shared_received": [_brief(kg.node(i)) for i in found.received],
                   "shared_members": [_brief(kg.node(i)) for i in found.members]}
    explanation["why"] = _boards_why(explanation)
    return pair("overlapping-boards", found.score, Side(found.first), Side(found.second),
                None, explanation)


def _boards_why(explanation: dict[str, Any]) -> str:
    """Two boards' overlap in plain words: "names alike (82%); both receive the Annual
    Report; shared members: Jane Doe" (a name likeness under 50% is not mentioned)."""
    parts = [f"names alike ({explanation['name_similarity']:.0%})"] \
        if explanation["name_similarity"] >= 0.5 else []
    if explanation["shared_received"]:
        parts.append("both receive " + ", ".join(n["label"]
                                                  for n in explanation["shared_received"]))
    if explanation["shared_members"]:
        parts.append("shared members: " + ", ".join(n["label"]
                                                     for n in explanation["shared_members"]))
    return "; ".join(parts) or "alike names"
