"""Table rows and governance statements written into a `DatasetDraft`, with a result each.

A plan-table row becomes an Objective with its actions, outcomes, legislation (drivenBy)
and responsible officers; an action-plan row becomes an Action under its recommendation
(an Objective) and theme (an Aim). Officers become people, posts and organisations, with
the organisation a person works for (memberOf) and the post they hold. Each row or
sentence also yields one JSON-ready result holding the fields as a reader sees them, the
ids they resolved to and the source.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from sendkg.dates import When, read_dates, span
from sendkg.ingest.drafts import DatasetDraft, Draft, Resolved, short_label, slug
from sendkg.ingest.governance_text import ORGANISATION, VALUE, Statement, frequency_written
from sendkg.ingest.legislation_names import kind_of, legislation_in, legislation_mentioned
from sendkg.ingest.officers import Officer, split_officers
from sendkg.ingest.plan_tables import TableRow
from sendkg.names import normalise

RAG = {"r": "red", "a": "amber", "g": "green", "b": "blue", "ag": "amber-green",
       "ra": "red-amber"}
_MEETING_BODY = re.compile(r"\b(?:Cabinet|Committee|Group|Partnership|Panel|Forum|Sub-?group|"
                           r"Executive|Network)$", re.I)
BOARD_KINDS = ["sub group", "board", "partnership", "committee", "panel", "executive",
               "forum", "network", "group", "cabinet", "team"]


def status_of(text: str) -> str | None:
    """'A' -> 'amber'; other statuses as written.

    >>> status_of("G"), status_of("On track")
    ('green', 'On track')
    """
    text = " ".join(text.split())
    return RAG.get(text.lower(), text) if text else None


def board_kind(name: str) -> str:
    """The `kind` of a board from its name.

    >>> board_kind("Child Poverty Working Group"), board_kind("Health and Wellbeing Board")
    ('group', 'board')
    """
    lowered = name.lower()
    return next((k for k in BOARD_KINDS if re.search(rf"\b{k}s?\b", lowered)), "board")


def _resolved(res: Resolved) -> dict:
    return {"id": res.id, "type": res.type, "label": res.label, "match": res.how}


class RowRecorder:
    """Writes rows and statements of one document into a draft, keeping the results."""

    def __init__(self, draft: DatasetDraft, plan_id: str, plan_label: str = ""):
        self.draft, self.plan_id, self.plan_label = draft, plan_id, plan_label
        self.objectives: list[tuple[str | None, str, Draft]] = []
        self.aims: dict[str, Draft] = {}
        self.children: dict[tuple[str, str], int] = {}
        self.last_objective: Draft | None = None
        self.last_action: Draft | None = None
        self.results: list[dict] = []

    # -- plan items -------------------------------------------------------------------

    def objective(self, text: str, number: str | None, line: int, kind: str) -> Draft:
        """The objective with this number and text (one per document), created once."""
        key = normalise(text)
        for known_number, known_text, draft in self.objectives:
            same_text = key and fuzz.ratio(key, known_text) >= 80
            if (number and known_number == number and (not key or not known_text or same_text)
                    or not number and same_text and key == known_text):
                draft.add(line)
                return draft
        label = short_label(text) if text else f"Recommendation {number}"
        draft = self.draft.new_local("Objective", slug(label, 5), label, line, kind=kind,
                                     number=number, description=text or None)
        self.objectives.append((number, key, draft))
        self.draft.relate(self.plan_id, "hasObjective", draft.id, line)
        for name in legislation_mentioned(text, self.draft.index):
            self.driver(name, line, draft.id, note="named in the objective")
        return draft

    def child(self, parent: Draft, type_name: str, text: str, line: int, **props) -> Draft:
        counter = (parent.id, type_name)
        count = self.children[counter] = self.children.get(counter, 0) + 1
        stem = parent.id.split(":", 1)[1].removeprefix(f"{self.draft.prefix}-")
        letter = {"Action": "", "Outcome": "o"}[type_name]
        draft = self.draft.new_local(type_name, f"{stem}-{letter}{count}", short_label(text),
                                     line, description=text if text != short_label(text)
                                     else None, **props)
        relation = {"Action": "hasAction", "Outcome": "hasOutcome"}[type_name]
        self.draft.relate(parent.id, relation, draft.id, line)
        return draft

    def aim(self, theme, line: int) -> Draft:
        if theme.number in self.aims:
            return self.aims[theme.number]
        label = theme.title or f"Theme {theme.number}"
        draft = self.draft.new_local("Aim", f"theme-{slug(theme.number)}", label,
                                     theme.where.line, kind="theme", number=theme.number)
        for extra in theme.lines:
            draft.add(extra)
        self.aims[theme.number] = draft
        self.draft.relate(self.plan_id, "hasAim", draft.id, theme.where.line)
        for text, role, note in ((theme.lead, "lead", None),
                                 (theme.members, "support", "theme member")):
            if text:
                self.officers([text], theme.where.line, [draft.id], role=role, note=note)
        return draft

    # -- officers, legislation, dates -------------------------------------------------

    def party(self, officer: Officer, line: int) -> list[Resolved]:
        """The entities one officer entry names (an abbreviation may name several)."""
        if officer.ids:
            return [self.draft.link_id(i, officer.name, line) for i in officer.ids]
        props = {}
        if officer.kind == "Person" and len(officer.name.split()) == 1:
            props = {"uncertain": True, "note": "only one name written"}
        if officer.kind == "Board":
            props = {"kind": board_kind(officer.name)}
        return [self.draft.named(officer.kind, officer.name, line, **props)]

    def affiliations(self, officer: Officer, parties: list[Resolved], line: int) -> list[dict]:
        """Record where each party works (memberOf, holds, postIn); return those found."""
        found = []
        for ref in officer.affiliations:
            targets = self.refs(ref, line)
            for party in parties:
                for target in targets:
                    relation = ("holds" if target.type == "Post" else
                                "postIn" if party.type == "Post" else "memberOf")
                    self.draft.relate(party.id, relation, target.id, line)
            if ref.part_of is not None:
                for parent in self.refs(ref.part_of, line):
                    for target in targets:
                        self.draft.relate(target.id, "subOrganisationOf", parent.id, line)
            found += [{"name": ref.name, **_resolved(t)} for t in targets]
        return found

    def refs(self, ref, line: int) -> list[Resolved]:
        if ref.ids:
            return [self.draft.link_id(i, ref.name, line) for i in ref.ids]
        return [self.draft.named(ref.kind, ref.name, line)]

    def officers(self, fragments: list[str], line: int, targets: list[str],
                 role: str | None = None, note: str | None = None) -> list[dict]:
        """Record each officer of the fragments, and the organisations and posts written
        with them, as responsible for every target (one party: lead; several: co-lead)."""
        read = [o for f in fragments for o in split_officers(f, self.draft.index,
                                                                role=role or "lead")]
        leads = [o for o in read if o.role == "lead"]
        found = []
        for officer in read:
            officer_role = "co-lead" if officer.role == "lead" and len(leads) > 1 else \
                officer.role
            parties = self.party(officer, line)
            joined_note = "; ".join(n for n in (note, officer.note) if n) or None
            organisations = self.affiliations(officer, parties, line)
            responsible = parties + [Resolved(a["id"], a["type"], a["label"], a["match"])
                                     for a in organisations]
            for party in responsible:
                for target in targets:
                    self.draft.relate(target, "responsible", party.id, line,
                                      role=officer_role, note=joined_note)
            found.append({"name": officer.name, "kind": officer.kind, "role": officer_role,
                          "resolved": [_resolved(p) for p in parties],
                          "organisations": organisations,
                          **({"note": joined_note} if joined_note else {})})
        return found

    def legislation(self, fragments: list[str], line: int, target: str) -> list[dict]:
        return [self.driver(name, line, target) for fragment in fragments
                for name in legislation_in(fragment, self.draft.index)]

    def driver(self, name, line: int, target: str, note: str | None = None) -> dict:
        """Record `target --drivenBy--> legislation` for one resolved name."""
        if name.known:
            res = self.draft.link_id(name.known.id, name.written, line)
        else:
            res = self.draft.named("Legislation", name.written, line, kind=kind_of(name.written))
        self.draft.relate(target, "drivenBy", res.id, line, note=note)
        return {"name": name.written, "how": name.how, **_resolved(res)}

    def dates(self, fragments: list[str], line: int) -> list[When]:
        whens = [w for fragment in fragments for w in read_dates(fragment)]
        for when in whens:
            if when.warning:
                self.draft.warnings.append(f"{self.draft.file}:{line}: {when.warning}")
        return whens

    # -- rows ---------------------------------------------------------------------------

    def table_row(self, row: TableRow) -> dict:
        """Record one data row; return its result."""
        if row.extra:
            self.draft.warnings.append(f"{self.draft.file}:{row.where.line}: cells beyond the "
                                       f"header ignored: {row.extra}")
        recommendation = row.context.get("recommendation")
        if row.get("objective") or not (recommendation or row.context.get("theme")):
            return self.plan_row(row)
        return self.action_row(row)

    def _objective_of(self, row: TableRow) -> Draft | None:
        if row.continuation:
            return self.last_objective
        text = " ".join(row.get("objective"))
        number = " ".join(row.get("number")).strip(" .") or None
        leading = re.match(r"^(\d+(?:\.\d+)*)[.)]?\s+(?=[A-Z])", text)
        if leading and not number:
            number, text = leading[1], text[leading.end():]
        if not text and not number:
            return None
        header = row.headers.get("objective", "")
        kind = next((k for k in ("recommendation", "priority", "focus area", "aim")
                     if k in header.lower()), "objective")
        return self.objective(text, number, row.where.line, kind)

    def plan_row(self, row: TableRow) -> dict:
        line = row.where.line
        objective = self._objective_of(row)
        owner = objective.id if objective else self.plan_id
        self.last_objective = objective or self.last_objective
        status = status_of(" ".join(row.get("status")))
        if objective and status:
            objective.add(None, status=status)
        actions = [self.child(objective, "Action", a, line) if objective else
                   self._plan_action(a, line) for a in row.get("actions")]
        officers = self.officers(row.get("officers"), line, [owner])
        if len(actions) > 1 and len(row.get("officers")) == len(actions):
            for action, fragment in zip(actions, row.get("officers")):
                self.officers([fragment], line, [action.id])
        whens = self._timescales(row, actions, objective, line)
        outcomes = [self.child(objective, "Outcome", text, line, kind="anticipated impact")
                    for text in row.get("impact")] if objective else []
        legislation = self.legislation(row.get("legislation"), line, owner)
        return self._result(row, objective, objective, actions, officers, legislation, whens,
                            outcomes, status)

    def _plan_action(self, text: str, line: int) -> Draft:
        action = self.draft.new_local("Action", slug(short_label(text), 5), short_label(text),
                                      line, description=text)
        self.draft.relate(self.plan_id, "hasAction", action.id, line)
        return action

    def _timescales(self, row: TableRow, actions: list[Draft], objective: Draft | None,
                    line: int) -> list[When]:
        """Dates per action when the cell has one per action, else on the objective (or
        the single action); start/end columns on the row's action."""
        fragments = row.get("timescale")
        per_fragment = [self.dates([f], line) for f in fragments]
        if len(actions) > 1 and len(fragments) == len(actions):
            for action, whens, text in zip(actions, per_fragment, fragments):
                action.add(None, **(span(whens) or When(text)).props())
        elif fragments:
            merged = span([w for whens in per_fragment for w in whens]) or When(
                "; ".join(fragments))
            for target in (actions if len(actions) == 1 else [objective]):
                if target is not None:
                    target.add(None, **merged.props())
        whens = [w for whens in per_fragment for w in whens]
        whens += self._start_end(row, actions[-1:] if actions else [objective], line)
        return whens

    def _start_end(self, row: TableRow, targets: list[Draft | None], line: int) -> list[When]:
        starts = self.dates(row.get("start"), line)
        ends = self.dates(row.get("end"), line)
        first, last = span(starts), span(ends)
        written = " to ".join(t for t in (" ".join(row.get("start")),
                                          " ".join(row.get("end"))) if t)
        for target in [t for t in targets if t is not None]:
            props = target.props
            if first and first.start:
                props["start"] = min(props.get("start", first.start), first.start)
            if last and last.end:
                props["end"] = max(props.get("end", last.end), last.end)
            if written:
                props["timescale"] = "; ".join(filter(None, (props.get("timescale"), written)))
            status = (first and first.status) or (last and last.status)
            if status and status not in {"quarterly", "monthly", "annual"}:
                props.setdefault("status", status)
        return starts + ends

    def action_row(self, row: TableRow) -> dict:
        line = row.where.line
        theme, recommendation = row.context.get("theme"), row.context.get("recommendation")
        objective = None
        if recommendation:
            objective = self.objective(recommendation.text, recommendation.number,
                                       recommendation.where.line, "recommendation")
        aim = self.aim(theme, line) if theme else None
        if aim and objective:
            self.draft.relate(aim.id, "hasObjective", objective.id, line)
        parent = objective or aim
        if row.continuation and self.last_action is not None:
            action = self.last_action
            action.add(line)
        else:
            text = " ".join(row.get("actions"))
            action = self.child(parent, "Action", text, line) if parent else \
                self._plan_action(text, line)
            self.last_action = action
        officers = self.officers(row.get("officers"), line, [action.id])
        whens = self._timescales(row, [action], None, line)
        outcomes = [self.child(action, "Outcome", text, line, kind="expected outcome")
                    for text in row.get("impact")]
        status = status_of(" ".join(row.get("status")))
        if status:
            action.add(None, status=status)
        result = self._result(row, action, objective, [action], officers, [], whens, outcomes,
                              status)
        result["theme"] = ({"number": theme.number, "title": theme.title, "lead": theme.lead,
                            "members": theme.members, "id": aim.id} if theme else None)
        return result

    def _result(self, row, main, objective, actions, officers, legislation, whens, outcomes,
                status) -> dict:
        head = ({"id": main.id, "type": main.type, "label": main.label} if main else
                {"id": self.plan_id, "type": "Plan", "label": ""})
        return {
            **head, "kind": "table row", "continuation": row.continuation,
            "objective": ({"id": objective.id, "label": objective.label,
                           "number": objective.props.get("number"),
                           "text": objective.props.get("description")} if objective else None),
            "actions": [{"id": a.id, "label": a.label} for a in actions],
            "legislation": legislation, "officers": officers,
            "dates": [{"text": w.text, "start": w.start, "end": w.end, "status": w.status,
                       **({"warning": w.warning} if w.warning else {})} for w in whens],
            "impact": [o.props.get("description") or o.label for o in outcomes],
            "status": status, "cells": {row.headers.get(k, k): v for k, v in row.text.items()},
            "source": row.where.as_dict(),
            "sources": [row.where.source().as_dict()],
        }

    # -- governance -------------------------------------------------------------------

    def body(self, name: str, aliases, line: int) -> Resolved:
        """A body named in governance text: an Organisation (a council, an NHS trust, an
        Integrated Care Board) or a Board (a cabinet, partnership, group, panel ...)."""
        if ORGANISATION.match(name) and not _MEETING_BODY.search(name):
            res = self.draft.named("Organisation", name, line, types=["Organisation", "Board"])
        else:
            res = self.draft.named("Board", name, line, types=["Board", "Organisation"],
                                   kind=board_kind(name))
        if res.id in self.draft.entities:
            for alias in aliases:
                self.draft.entities[res.id].add(None, alias=alias)
        return res

    def parties(self, kind: str, name: str, aliases, line: int) -> list[Resolved]:
        """What one side of a governance statement names, by the kind the recogniser read."""
        if kind == "Plan":
            return [Resolved(self.plan_id, "Plan", self.plan_label, "document")]
        if kind == "Board":
            return [self.body(name, aliases, line)]
        if kind in ("Organisation", "Post"):
            types = ["Organisation", "Board"] if kind == "Organisation" else ["Post"]
            return [self.draft.named(kind, name, line, types=types)]
        return [p for o in split_officers(name, self.draft.index) for p in self.party(o, line)]

    def statement(self, statement: Statement) -> dict | None:
        if statement.object_kind == VALUE:
            return self.property_statement(statement)
        line = statement.where.line
        props = dict(statement.props)
        if props.get("uncertain"):
            props["uncertain"] = True
        subject = self.parties(statement.subject_kind, statement.subject,
                               statement.subject_aliases, line)
        if statement.relation == "drivenBy":
            found = [self.driver(name, line, s.id, note="named in the text")
                     for s in subject for name in legislation_in(statement.object,
                                                                 self.draft.index)]
            objects = [Resolved(f["id"], f["type"], f["label"], f["match"]) for f in found]
            recorded = bool(found)
        else:
            objects = self.parties(statement.object_kind, statement.object,
                                   statement.object_aliases, line)
            recorded = [(s, o) for s in subject for o in objects
                        if self.draft.relate(s.id, statement.relation, o.id, line, **props)]
        if not recorded:
            return None
        first = subject[0]
        written = frequency_written(statement.sentence) if props.get("frequency") else None
        return {"id": first.id, "type": first.type, "label": first.label,
                "kind": "governance sentence", "relation": statement.relation,
                "subject": [_resolved(s) for s in subject],
                "object": [_resolved(o) for o in objects],
                "written": {"subject": statement.subject or "(this plan)",
                            "object": statement.object,
                            **({"frequency": written[1]} if written else {})},
                **{k: v for k, v in props.items()}, "text": statement.sentence,
                "source": statement.where.as_dict(),
                "sources": [statement.where.source().as_dict()]}

    def property_statement(self, statement: Statement) -> dict | None:
        """A property read from a sentence ("The Group was established in 2021") set on
        the body it is about; a body the registry holds is not changed (a warning)."""
        line = statement.where.line
        subject = self.parties(statement.subject_kind, statement.subject,
                               statement.subject_aliases, line)
        drafts = [self.draft.entities[s.id] for s in subject if s.id in self.draft.entities]
        if not drafts:
            self.draft.warnings.append(f"{self.draft.file}:{line}: not recorded: "
                                       f"{statement.relation} {statement.object} of "
                                       f"{statement.subject} (a registry entry)")
            return None
        for draft in drafts:
            draft.add(line, **{statement.relation: statement.object})
        first = subject[0]
        return {"id": first.id, "type": first.type, "label": first.label,
                "kind": "governance sentence", "relation": statement.relation,
                "subject": [_resolved(s) for s in subject], "object": [],
                "value": statement.object,
                "written": {"subject": statement.subject,
                            "value": dict(statement.props).get("written")},
                "text": statement.sentence, "source": statement.where.as_dict(),
                "sources": [statement.where.source().as_dict()]}
