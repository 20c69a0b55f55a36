"""The accountability questions: owner, owns, chain, drivers, impact, funders.

Each command resolves TEXT with the same search as `find` (answering for every entity
that ties, never a guess), calls one function of sendkg.queries, and prints a Rich
table or tree with the source of each fact, or the JSON contract with `--json`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from sendkg.cli.output import DataOption, JsonOption, console, emit_json, load_graph, sources_text

TextArgument = Annotated[str, typer.Argument(help="A name, alias, abbreviation or id.")]


def _name(node) -> str:
    return f"{node.type} [bold]{_escape(node.label)}[/bold] [dim]({node.id})[/dim]"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))


def _emit(command: str, text: str, answers, key: str, as_dict) -> None:
    emit_json({"command": command, "text": text},
              [{**subject.summary(), key: as_dict(result)} for subject, result in answers])


def _heading(answers, text: str) -> None:
    if len(answers) > 1:
        console.print(f"{len(answers)} entities match {text!r} equally; answering for each.")


def _via(fact) -> str:
    return f"inherited from {_escape(fact.via.label)}" if fact.via else "direct"


def _qualifiers(props: dict, keys: tuple[str, ...]) -> str:
    shown = [f"{k}: {props[k]}" for k in keys if props.get(k) not in (None, "")]
    if props.get("uncertain"):
        shown.append("uncertain" + (f" ({props['note']})" if props.get("note") else ""))
    return _escape("; ".join(shown))


# ---------------------------------------------------------------- owner

def owner(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """Who is responsible for a plan, objective or action (inherited marked)."""
    from sendkg.queries import owners_of_text

    answers = owners_of_text(load_graph(data), text)
    if json:
        return _emit("owner", text, answers, "owners", lambda rs: [r.as_dict() for r in rs])
    _heading(answers, text)
    for subject, owners in answers:
        if not owners:
            console.print(f"No owner recorded for {_name(subject)}.")
            continue
        table = Table(title=f"Who is responsible for {_escape(subject.label)} ({subject.id})")
        for column in ("owner", "type", "role", "holder / posts", "how", "source"):
            table.add_column(column, overflow="fold")
        for o in owners:
            people = "; ".join(n.label for n in (*o.holders, *o.posts))
            role = o.role or ("owns the plan" if o.relation == "ownedBy" else "")
            table.add_row(_escape(o.node.label), o.node.type, _escape(role), _escape(people),
                          _via(o), sources_text(o.sources))
        console.print(table)


# ---------------------------------------------------------------- owns

VERBS = {"responsible": "responsible for", "ownedBy": "owns", "chairedBy": "chairs",
         "fundedBy": "funds", "commissionedBy": "commissions", "memberOf": "member of"}


def owns(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """Everything a person, post or organisation owns, chairs, funds or joins, by plan."""
    from sendkg.queries import responsibilities_of_text

    answers = responsibilities_of_text(load_graph(data), text)
    if json:
        return _emit("owns", text, answers, "owns", lambda rs: [r.as_dict() for r in rs])
    _heading(answers, text)
    for subject, found in answers:
        if not found:
            console.print(f"Nothing recorded for {_name(subject)}.")
            continue
        tree = Tree(f"{_name(subject)}: {len(found)} responsibilities")
        groups: dict[str, Tree] = {}
        for r in found:
            plan = "; ".join(p.label for p in r.plans) or "Governance and membership"
            if plan not in groups:
                groups[plan] = tree.add(f"[bold cyan]{_escape(plan)}[/bold cyan]")
            groups[plan].add(_responsibility_line(r))
        console.print(tree)


def _responsibility_line(r) -> str:
    verb = VERBS.get(r.relation, r.relation)
    role = _qualifiers(r.edge.props, ("role", "amount", "period", "mechanism"))
    through = f" as {_escape(r.through.label)}" if r.through else ""
    return (f"{verb}{through}{f' ({role})' if role else ''}: {r.item.type} "
            f"{_escape(r.item.label)} [dim]{sources_text(r.sources)}[/dim]")


# ---------------------------------------------------------------- chain

def chain(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """Where an item reports, up to the top: bodies, chairs, frequency, what is reported."""
    from sendkg.queries import reporting_chain_text

    answers = reporting_chain_text(load_graph(data), text)
    if json:
        return emit_json({"command": "chain", "text": text},
                         [chain.as_dict() for _, chain in answers])
    _heading(answers, text)
    for _, found in answers:
        tree = Tree(_name(found.item))
        for hop in found.root.next:
            _add_hop(tree, hop)
        console.print(tree)
        tops = ", ".join(n.label for n in found.tops()) or "none"
        console.print(f"Top of the chain: {_escape(tops)}")
        for finding in found.findings:
            console.print(f"[yellow]finding:[/yellow] {_escape(finding)}")


def _add_hop(tree: Tree, hop) -> None:
    branch = tree.add(_hop_line(hop))
    for chair in hop.chairs:
        holders = f" (held by {', '.join(h.label for h in chair.holders)})" if chair.holders else ""
        role = chair.edge.props.get("role", "chair")
        branch.add(f"[green]{_escape(role)}[/green]: {_escape(chair.node.label)}"
                   f"{_escape(holders)} [dim]{sources_text(chair.edge.sources)}[/dim]")
    for child in hop.next:
        _add_hop(branch, child)


def _hop_line(hop) -> str:
    if hop.contained:
        step = f"part of ({hop.relation})"
    else:
        step = hop.relation
    detail = _qualifiers(hop.edge.props, ("frequency", "reports"))
    end = ""
    if hop.loop:
        end = " [red]↺ loop: already on this path[/red]"
    elif not hop.next and not hop.contained:
        end = " [magenta](top: reports nowhere)[/magenta]"
    return (f"[dim]{step}{f' — {detail}' if detail else ''}[/dim] → {_name(hop.node)}{end} "
            f"[dim]{sources_text(hop.edge.sources)}[/dim]")


# ---------------------------------------------------------------- drivers

def drivers(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """The legislation and statutory guidance driving an item (inherited marked)."""
    from sendkg.queries import legislation_driving_text

    answers = legislation_driving_text(load_graph(data), text)
    if json:
        return _emit("drivers", text, answers, "drivers", lambda rs: [r.as_dict() for r in rs])
    _heading(answers, text)
    for subject, found in answers:
        if not found:
            console.print(f"No legislation recorded as driving {_name(subject)}.")
            continue
        table = Table(title=f"What drives {_escape(subject.label)} ({subject.id})")
        for column in ("legislation", "kind", "section", "how", "link", "source"):
            table.add_column(column, overflow="fold")
        for d in found:
            table.add_row(_escape(d.node.label), _escape(d.node.props.get("kind", "")),
                          _escape(d.section or ""), _via(d), d.uri or "",
                          sources_text(d.sources))
        console.print(table)


# ---------------------------------------------------------------- funders

FUNDING_VERBS = {"fundedBy": "funded by", "commissionedBy": "commissioned by"}


def funders(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """Who funds or commissions an item: amount, period, mechanism (inherited marked)."""
    from sendkg.queries import funders_of_text

    answers = funders_of_text(load_graph(data), text)
    if json:
        return _emit("funders", text, answers, "funders", lambda rs: [r.as_dict() for r in rs])
    _heading(answers, text)
    for subject, found in answers:
        if not found:
            console.print(f"No funder or commissioner recorded for {_name(subject)}.")
            continue
        table = Table(title=f"Who funds or commissions {_escape(subject.label)} ({subject.id})")
        for column in ("organisation", "relation", "amount", "period", "mechanism", "how",
                       "source"):
            table.add_column(column, overflow="fold")
        for f in found:
            table.add_row(_escape(f.node.label), FUNDING_VERBS[f.relation],
                          _escape(f.amount or ""), _escape(f.period or ""),
                          _escape(f.mechanism or ""), _via(f), sources_text(f.sources))
        console.print(table)


# ---------------------------------------------------------------- impact

def impact(text: TextArgument, data: DataOption = None, json: JsonOption = False) -> None:
    """What depends on an Act, body, person, post or organisation, transitively."""
    from sendkg.queries import affected_by_text

    kg = load_graph(data)
    answers = affected_by_text(kg, text)
    if json:
        return _emit("impact", text, answers, "affected", lambda rs: [r.as_dict() for r in rs])
    _heading(answers, text)
    for subject, found in answers:
        if not found:
            console.print(f"Nothing recorded depends on {_name(subject)}.")
            continue
        table = Table(title=f"What depends on {_escape(subject.label)} ({subject.id}): "
                            f"{len(found)} entities")
        for column in ("step", "type", "affected", "because", "source"):
            table.add_column(column, overflow="fold")
        for a in found:
            table.add_row(str(a.depth), a.node.type, _escape(a.node.label),
                          _escape("; ".join(_because(kg, a.node.id, e) for e in a.because)),
                          sources_text([s for e in a.because for s in e.sources]))
        console.print(table)


def _because(kg, node_id: str, edge) -> str:
    if edge.s == node_id:
        return f"{edge.p} → {kg.node(edge.o).label}"
    verb = "held by" if edge.p == "holds" else "part of"
    return f"{verb} {kg.node(edge.s).label}"


def register(app: typer.Typer) -> None:
    for command in (owner, owns, chain, drivers, impact, funders):
        app.command()(command)
