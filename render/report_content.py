"""What a board-paper report says about one plan, as plain sentences without ids.

`plan_report(kg, plan_id)` gathers the plan's purpose, owners, objectives (leads, time
scales, status), legislation, funders, reporting lines, lint findings, duplicates and
sources from the same questions and checks the CLI answers with; `render/report.py`
lays it out as a Word document.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("plan:p", "Plan", "Short Breaks Plan", props={"period": "2024-25"}))
>>> kg.add_node(Node("obj:o", "Objective", "More short breaks"))
>>> kg.add_node(Node("act:a", "Action", "Map breaks", props={"end": "2025-03"}))
>>> kg.add_node(Node("act:b", "Action", "Ask families", props={"start": "2024-09"}))
>>> kg.add_node(Node("org:la", "Organisation", "Council"))
>>> kg.add_node(Node("board:b", "Board", "Children's Board"))
>>> kg.add_edge(Edge("plan:p", "hasObjective", "obj:o"))
>>> kg.add_edge(Edge("obj:o", "hasAction", "act:a"))
>>> kg.add_edge(Edge("obj:o", "hasAction", "act:b"))
>>> kg.add_edge(Edge("obj:o", "responsible", "org:la", {"role": "lead"}))
>>> kg.add_edge(Edge("plan:p", "reportsTo", "board:b"))
>>> report = plan_report(kg, "plan:p", duplicates=False)
>>> report.objectives[0].name, report.objectives[0].leads, report.objectives[0].timescale
('More short breaks', 'Council', 'Sep 2024 to Mar 2025')
>>> report.reporting_lines
["Children's Board"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sendkg.graph.citations import short_names
from sendkg.queries.accountability import reporting_chain
from sendkg.queries.containment import contents
from sendkg.queries.drivers import legislation_driving
from sendkg.queries.funding import funders_rolled_up
from sendkg.queries.responsibility import leads_of, owners_of
from sendkg.queries.succession import standings

OBJECTIVE_TYPES = ("Aim", "Objective")
NOT_GIVEN = "not given"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_NAMED = 3  # names listed before "and N more"
MAX_LEADS = 3
MAX_DUPLICATES = 3  # with the rest counted: the paper stays within two A4 pages
PEOPLE_FIRST = {"Person": 0, "Post": 1, "Board": 2, "Organisation": 3}


@dataclass(frozen=True)
class ObjectiveRow:
    name: str
    leads: str
    timescale: str
    status: str
    actions: int


@dataclass(frozen=True)
class PlanReport:
    title: str
    purpose: str
    owners: list[str]
    objectives: list[ObjectiveRow]
    legislation: list[str]
    funders: list[str]
    reporting_lines: list[str]
    findings: list[str]
    duplicates: list[str]
    sources: list[str]
    monitoring: list[str] = field(default_factory=list)
    # "Body: abolished …; duties now with …" for each body named above that no longer
    # stood on `as_at` (ISO date; None: as the documents were written, no such lines).
    since_written: list[str] = field(default_factory=list)
    as_at: str | None = None
    # Legislation the plan's objectives and actions cite for themselves, beyond the plan's.
    legislation_of_parts: list[str] = field(default_factory=list)


def plan_report(kg, plan_id: str, today: date | None = None,
                duplicates: bool = True, as_at: str | None = None) -> PlanReport:
    """Everything the board paper says about a plan, in officers' words.

    `today` dates the lint findings (default: `as_at`, else the real date); `as_at` (ISO
    date, or None for as written) lists the named bodies abolished or renamed by then,
    with who holds their duties (queries/succession.py). Raises EntityNotFound for an
    unknown id.
    """
    plan = kg.node(plan_id)
    parts = contents(kg, plan_id)
    items = [n for n in parts if n.type in OBJECTIVE_TYPES]
    used = [*plan.sources]
    owner_facts = owners_of(kg, plan_id)
    funder_facts = funders_rolled_up(kg, plan_id)
    leads = {item.id: leads_of(kg, item.id)[0] for item in items}
    objectives = [_objective(kg, item, leads[item.id], used) for item in items]
    named = [f.node for f in owner_facts + funder_facts]
    named += [f.node for own in leads.values() for f in own]
    plan_wide = _names(legislation_driving(kg, plan_id), used)
    if today is None and as_at is not None:
        today = date.fromisoformat(as_at)  # the checks judge dates as at the same day
    return PlanReport(
        title=plan.label, purpose=_purpose(plan), owners=_by_role(owner_facts, used),
        objectives=objectives, legislation=plan_wide,
        legislation_of_parts=[name for name in _parts_legislation(kg, parts, used)
                              if name not in plan_wide],
        funders=_funders(funder_facts, used),
        reporting_lines=_reporting_lines(kg, plan_id, used, named),
        findings=plain(kg, _lint_lines(kg, plan_id, today)),
        duplicates=plain(kg, _duplicate_lines(kg, plan_id)) if duplicates else [],
        sources=_sources(kg, used),
        monitoring=_monitoring(kg, [plan, *items]),
        since_written=_since_written(kg, named, as_at), as_at=as_at)


def _funders(facts, used: list) -> list[str]:
    """The plan's own and inherited funders with their roles, then those funding some of
    its actions: 'NHS England (funds 2 of its actions)' (a name once, its notes merged)."""
    whole = [f for f in facts if f.part is None]
    lines = _with_roles(whole, used, "role", "mechanism")
    parts: dict[str, set[str]] = {}
    for fact in facts:
        if fact.part is not None:
            used.extend(fact.sources)
            parts.setdefault(fact.node.label, set()).add(fact.part.id)
    for name, funded in parts.items():
        count = f"funds {len(funded)} of its actions"
        line = lines.get(name, name)
        lines[name] = line[:-1] + f"; {count})" if line.endswith(")") else f"{line} ({count})"
    return list(lines.values())


def _since_written(kg, nodes, as_at: str | None) -> list[str]:
    """'Body; Body: abolished …; duties now with …', one line per change (bodies that
    went the same way together); none when `as_at` is None (as written)."""
    if as_at is None:
        return []
    bodies: dict[str, list[str]] = {}
    for standing in standings(kg, nodes, as_at).values():
        bodies.setdefault(standing.phrase(), []).append(standing.node.label)
    return [f"{'; '.join(labels)}: {phrase}" for phrase, labels in bodies.items()]


def _purpose(plan) -> str:
    props = plan.props
    parts = [str(props["description"])] if props.get("description") else []
    if props.get("period"):
        parts.append(f"Runs {props['period']}.")
    kind = props.get("kind")
    return " ".join(p if p.endswith(".") else p + "." for p in parts) or \
        (f"A {kind}." if kind else "")


def _objective(kg, item, leads: list, used: list) -> ObjectiveRow:
    """The objective's row; `leads`: its leads as `sendkg owner` gives them (Owner facts
    of `leads_of`: its own, else those of its nearest container that names one)."""
    actions = [n for n in contents(kg, item.id) if n.type in ("Action", "Deliverable")]
    return ObjectiveRow(item.label, _leads_text(kg, leads, used),
                        _timescale(item, actions), _status(item, actions), len(actions))


def _leads_text(kg, leads: list, used: list) -> str:
    """The first few leads (people first) as `owner` and `duplicates` write them,
    then how many more, then where they are inherited from: 'Carole Payne (inherited
    from Strengthening management and staffing capacity)'; 'none recorded' when
    nobody up the containment is named as a lead (support members are not leads)."""
    from sendkg.queries.responsibility import inherited_from, lead_names

    if not leads:
        return "none recorded"
    for fact in leads:
        used.extend(fact.sources)
    ordered = sorted(leads, key=lambda o: PEOPLE_FIRST.get(o.node.type, 9))
    names = list(dict.fromkeys(lead_names(kg, ordered)))
    more = len(names) - MAX_LEADS
    text = "; ".join(names[:MAX_LEADS]) + (f"; and {more} more" if more > 0 else "")
    where = inherited_from(leads)  # leads_of gives one level: all come the same way
    return f"{text} ({where})" if where else text


def _timescale(item, actions) -> str:
    """The item's own time scale or period, else the span of its actions' dates (a start
    or end, else the months a recorded `period` covers: "2015-16" is Apr 2015 to Mar
    2016), saying how many are dated."""
    from sendkg.dates import parse_when  # here: the lead edits this module's head

    for key in ("timescale", "period"):
        if item.props.get(key):
            return str(item.props[key])
    spans = []
    for a in actions:
        first, last = a.props.get("start") or a.props.get("end"), a.props.get("end")
        if not first and a.props.get("period"):
            when = parse_when(str(a.props["period"]))
            first, last = when.start, when.end
        if first:
            spans.append((str(first), str(last or first)))
    if not spans:
        return NOT_GIVEN
    first = _month_year(min(s for s, _ in spans))
    last = _month_year(max(e for _, e in spans))
    span = first if first == last else f"{first} to {last}"
    missing = len(actions) - len(spans)
    return span + (f" ({len(spans)} of {len(actions)} actions dated)" if missing else "")


def _month_year(value: str) -> str:
    """'2017-04' as 'Apr 2017'; a year alone as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


def _status(item, actions) -> str:
    if item.props.get("status"):
        return str(item.props["status"])
    counts: dict[str, int] = {}
    for a in actions:
        if a.props.get("status"):
            counts[str(a.props["status"])] = counts.get(str(a.props["status"]), 0) + 1
    return ", ".join(f"{n} {s}" for s, n in counts.items()) or NOT_GIVEN


def _with_roles(facts, used: list, *keys: str) -> dict[str, str]:
    """{name: 'Name (role)'} once per name, people and posts first."""
    shown: dict[str, list[str]] = {}
    for fact in sorted(facts, key=lambda f: PEOPLE_FIRST.get(f.node.type, 9)):
        used.extend(fact.sources)
        notes = shown.setdefault(fact.node.label, [])
        for key in keys or ("role",):
            value = fact.edge.props.get(key)
            if value and str(value) not in notes:
                notes.append(str(value))
    return {name: name + (f" ({'; '.join(notes)})" if notes else "")
            for name, notes in shown.items()}


def _by_role(facts, used: list) -> list[str]:
    """'Role: name; name' per role (facts without a role under 'Owner')."""
    roles: dict[str, list[str]] = {}
    for fact in sorted(facts, key=lambda f: PEOPLE_FIRST.get(f.node.type, 9)):
        used.extend(fact.sources)
        names = roles.setdefault(str(fact.edge.props.get("role") or "owner"), [])
        if fact.node.label not in names:
            names.append(fact.node.label)
    return [f"{role[0].upper()}{role[1:]}: {'; '.join(names)}" for role, names in roles.items()]


def _names(facts, used: list) -> list[str]:
    for fact in facts:
        used.extend(fact.sources)
    return list(dict.fromkeys(f.node.label for f in facts))


def _parts_legislation(kg, parts, used: list) -> list[str]:
    """The legislation the plan's objectives and actions are themselves driven by (not
    what they inherit from the plan), each once in the order first met."""
    names: list[str] = []
    for part in parts:
        for fact in legislation_driving(kg, part.id):
            if not fact.inherited and fact.node.label not in names:
                used.extend(fact.sources)
                names.append(fact.node.label)
    return names


def _reporting_lines(kg, plan_id: str, used: list, named: list) -> list[str]:
    """One line per body the plan reports to (how often, when stated), with where that
    body reports on; each body on the way is added to `named`."""
    onward: dict[str, list[str]] = {}
    for path in reporting_chain(kg, plan_id).paths():
        if len(path) < 2 or any(h.contained for h in path):
            continue
        used.extend(s for h in path if h.edge for s in h.edge.sources)
        named.extend(h.node for h in path[1:])
        rest = " → ".join(h.node.label for h in path[2:])
        rest += " (and back again: a loop)" if path[-1].loop else ""
        frequency = path[1].edge.props.get("frequency") if path[1].edge else None
        body = path[1].node.label + (f" ({frequency})" if frequency else "")
        lines = onward.setdefault(body, [])
        if rest and rest not in lines:
            lines.append(rest)
    return [body + (f", which reports to {'; and to '.join(rest)}" if rest else "")
            for body, rest in onward.items()]


def _monitoring(kg, nodes) -> list[str]:
    """The bodies that monitor the plan or its objectives, with how many they monitor."""
    counts: dict[str, int] = {}
    for node in nodes:
        for edge in kg.out_edges(node.id, "monitoredBy"):
            label = kg.node(edge.o).label
            counts[label] = counts.get(label, 0) + 1
    return [f"{label} ({n} item{'s' if n != 1 else ''})" for label, n in counts.items()]


def _lint_lines(kg, plan_id: str, today: date | None) -> list[str]:
    """One line per rule: its description and what it found, worst first."""
    from sendkg.checks.lint import run_lint
    from sendkg.checks.lint_config import default_settings
    from sendkg.checks.lint_places import places_of

    findings = run_lint(kg, today=today)
    places = places_of(kg, (f.subject.id for f in findings))
    by_rule: dict[str, list] = {}
    for f in findings:
        if places[f.subject.id].plan_id == plan_id:
            by_rule.setdefault(f.rule, []).append(f)
    described = {rule_id: s.description for rule_id, s in default_settings().items()}
    return [_lint_line(found, described.get(rule, ""), plan_id)
            for rule, found in by_rule.items()]


def _lint_line(found: list, description: str, plan_id: str) -> str:
    first = found[0]
    level = first.severity.capitalize()
    if len(found) == 1:
        about = "The plan" if first.subject.id == plan_id else first.subject.label
        return f"{level}: {about}: {first.message}"
    names = "; ".join(f.subject.label for f in found[:MAX_NAMED])
    more = f" and {len(found) - MAX_NAMED} more" if len(found) > MAX_NAMED else ""
    return f"{level} ({len(found)}): {description.rstrip('.')}: {names}{more}."


MAX_SIDES = 4  # items named per finding: a cluster across areas can hold hundreds


def _duplicate_lines(kg, plan_id: str) -> list[str]:
    """The best duplicate findings with a side in the plan (MAX_DUPLICATES, then a count)."""
    from sendkg.checks.duplicates import duplicates

    lines: list[str] = []
    for found in duplicates(kg):
        if not any(p.id == plan_id for side in found.sides for p in side.plans):
            continue
        sides = list(found.sides)
        if len(sides) > MAX_SIDES:  # a cluster across areas: this plan's items first
            sides.sort(key=lambda s: not any(p.id == plan_id for p in s.plans))
        names = " / ".join(f"“{s.node.label}” ({_plans_text(s, plan_id)})"
                           for s in sides[:MAX_SIDES])
        more = f" and {len(sides) - MAX_SIDES} more" if len(sides) > MAX_SIDES else ""
        lines.append(f"{found.message.capitalize()}: {names}{more}")
    if len(lines) > MAX_DUPLICATES:
        more = len(lines) - MAX_DUPLICATES
        lines = lines[:MAX_DUPLICATES] + [f"and {more} more (the duplicates command lists them all)"]
    return lines


def _plans_text(side, plan_id: str) -> str:
    return ", ".join("this plan" if p.id == plan_id else p.label for p in side.plans) \
        or "no plan"


def _sources(kg, used: list) -> list[str]:
    """The documents cited, by short name then full title, with the lines used."""
    titles = {s.document: n.label for n in kg.nodes() if n.type == "Document"
              for s in n.sources}
    shorts = short_names(kg)
    lines: dict[str, set[int]] = {}
    for source in used:
        lines.setdefault(source.document, set()).add(source.line)
    out = []
    for document, numbers in sorted(lines.items(), key=lambda kv: shorts.get(kv[0], kv[0])):
        name = shorts.get(document) or titles.get(document) or "a source file"
        title = titles.get(document)
        shown = ", ".join(str(n) for n in sorted(numbers)[:8]) + \
            ("…" if len(numbers) > 8 else "")
        out.append(f"{name}" + (f" — {title}" if title and title != name else "")
                   + f" (lines {shown})")
    return out


def plain(kg, lines: list[str]) -> list[str]:
    """The lines with any entity id replaced by its name ('(plan:x)' dropped after it)."""
    def name(match: re.Match) -> str:
        found = match.group(1)
        return kg.node(found).label if kg.has_node(found) else found

    return [re.sub(r"\b([a-z]+:[\w.-]+)\b", name,
                   re.sub(r"\s*\([a-z]+:[\w.-]+\)", "", line)) for line in lines]
