"""What an entity page shows: who it is, and the six questions answered for it.

Each question is answered by the function `sendkg owner|owns|chain|drivers|funders|
impact` calls (the table sendkg.queries.questions.QUESTIONS), for this entity's id; a
question that does not apply to its type says so. Boards add their directory entry
(chairs, members, reporting, sub groups) from sendkg.queries.boards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.checks.lint_places import places_of
from sendkg.queries.boards import board_directory
from sendkg.queries.containment import containers, contents
from sendkg.queries.impact import impact_groups
from sendkg.queries.questions import QUESTIONS, answer_for

# (question, heading) in the order the page shows them
SECTIONS = (("owner", "Who is responsible"), ("owns", "What it owns, chairs or funds"),
            ("chain", "Where it reports, up to the top"),
            ("drivers", "Legislation and guidance driving it"),
            ("funders", "Who funds or commissions it"), ("impact", "What depends on it"))
IMPACT_TITLES = {"direct": "directly driven, owned, funded or chaired",
                 "contained": "contained in those", "reporting": "reporting through them",
                 "plan-context": "plans citing it as context"}
MAX_CONTENTS = 60  # items inside listed on the page (a plan holds hundreds)
SHOWN_PROPS = ("description", "kind", "number", "period", "timescale", "start", "end",
               "status", "frequency", "legislationUri")


@dataclass(frozen=True)
class Section:
    """One question on the page: `answer` is the question function's result, or None
    when the question does not apply to the entity's type (`why` says so)."""

    question: str
    heading: str
    answer: Any = None
    why: str = ""


def sections(kg, node, as_at: str | None = "today") -> tuple[list[Section], dict]:
    """The six questions for `node`, each answered (sendkg.queries.questions.answer_for,
    the layers `answer` gives the CLI: as at `as_at`, "today" by default, None as the
    documents were written) or marked as not applying; and what changed since written:
    {"as_at", "standings" {id: Standing}, "context" {id: how reached},
    "out_of_force" [(edge, why)]} over all six."""
    found, since = [], {"as_at": None, "standings": {}, "out_of_force": []}
    for question, heading in SECTIONS:
        types = QUESTIONS[question][1]
        if types is not None and node.type not in types:
            found.append(Section(question, heading, why=f"not asked of {_a(node.type)}: "
                                 f"this question answers for {', '.join(types)}"))
            continue
        answered = answer_for(kg, question, [node], as_at)
        found.append(Section(question, heading, answered.results[0][1]))
        since["as_at"] = answered.as_at
        since["standings"].update(answered.standings)
        since["out_of_force"] += [f for f in answered.out_of_force
                                  if f not in since["out_of_force"]]
    return found, since


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


def impact_of(kg, node, answered: list[Section]) -> dict[str, list]:
    """The impact answer in the groups `sendkg impact` prints, empty groups left out."""
    affected = next(s.answer for s in answered if s.question == "impact")
    return {key: members for key, members in impact_groups(kg, node.id, affected).items()
            if members}


def board_entry(site, node):
    """The board's directory entry (chairs, members, reporting, sub groups), or None."""
    if node.type != "Board":
        return None
    entries = site.kept("boards", lambda: {e.board.id: e for e in board_directory(site.kg)})
    return entries.get(node.id)


def summary(site, node) -> dict[str, Any]:
    """The page's header: properties shown, area and plan, containers and contents."""
    place = places_of(site.kg, [node.id])[node.id]
    inside = contents(site.kg, node.id)
    return {"props": [(k, node.props[k]) for k in SHOWN_PROPS if node.props.get(k)],
            "areas": place.areas, "plan": place.plan_id, "plan_label": place.plan_label,
            "containers": [c for c, _ in containers(site.kg, node.id)],
            "contents": inside[:MAX_CONTENTS], "contents_count": len(inside)}

# How the page words a relation (the edge's own role, when it has one, comes first).
OWNER_WORDS = {"chairedBy": "chair", "ownedBy": "owns the plan", "memberOf": "partner",
               "responsible": "responsible", "heldBy": "held by", "holds": "holds the post"}
OWNS_WORDS = {"responsible": "responsible for", "ownedBy": "owns", "chairedBy": "chairs",
              "fundedBy": "funds", "commissionedBy": "commissions", "memberOf": "member of"}
DRIVER_HOW = {"direct": "its own", "inherited": "inherited from",
              "plan-context": "plan-wide context, cited by"}
FUNDING_WORDS = {"fundedBy": "funded by", "commissionedBy": "commissioned by"}
WORDS = {"owner": OWNER_WORDS, "owns": OWNS_WORDS, "drivers": DRIVER_HOW,
         "funders": FUNDING_WORDS}

GLANCE_NAMES = 3  # names on each card of the page's "at a glance" row
GLANCE_UNITS = {"owner": ("owner", "owners"), "owns": ("responsibility", "responsibilities"),
                "chain": ("body above it", "bodies above it"),
                "drivers": ("Act or guidance", "Acts and guidance"),
                "funders": ("funder", "funders"), "impact": ("item", "items")}


def glance(section: Section, impact: dict[str, list]) -> dict[str, Any]:
    """A question's answer in brief for the card at the top of the page: how many
    facts, the first names, and for the chain the tops it reaches."""
    if section.answer is None:
        return {"count": None, "names": []}
    answer = section.answer
    if section.question == "chain":
        hops = {h.node.id for path in answer.paths() for h in path[1:]}
        names = [n.label for n in answer.tops()]
        return {"count": len(hops), "unit": _unit("chain", len(hops)),
                "names": names[:GLANCE_NAMES], "more": max(0, len(names) - GLANCE_NAMES),
                "prefix": "top: " if names else "", "inherited": 0}
    if section.question == "impact":
        nodes = [a.node for members in impact.values() for a in members]
    elif section.question == "owns":
        nodes = [r.item for r in answer]
    else:
        nodes = [fact.node for fact in answer]
    # a fact read uncertainly is marked on the card too, not only in the list below
    names = list(dict.fromkeys(
        n.label + (" (uncertain)" if section.question in ("owner", "drivers", "funders")
                   and answer[i].edge.props.get("uncertain") else "")
        for i, n in enumerate(nodes)))
    inherited = sum(1 for fact in answer if getattr(fact, "via", None) is not None)
    return {"count": len(nodes), "unit": _unit(section.question, len(nodes)),
            "names": names[:GLANCE_NAMES], "more": max(0, len(names) - GLANCE_NAMES),
            "prefix": "", "inherited": inherited if section.question != "impact" else 0}


def _unit(question: str, count: int) -> str:
    one, many = GLANCE_UNITS[question]
    return one if count == 1 else many
