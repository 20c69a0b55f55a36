"""The accountability questions: owner, owns, chain, drivers, impact, funders.

Each command resolves TEXT with the same search as `find`, answers for the best match
of the types the question answers for (`--all`: every close one; `--type` narrows),
names the other close matches, and prints the answer first, as an indented list that
reads at 80 columns, with sources dimmed after each fact; or the JSON contract with
`--json` (one object, also when nothing matches).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Optional

import typer

from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    load_graph,
    print_indented,
    print_trimmed,
    sources_text,
)

TextArgument = Annotated[str, typer.Argument(help="A name, alias, abbreviation or id.")]
AllOption = Annotated[bool, typer.Option(
    "--all", help="Answer for every close match, and show every fact.")]
TypeOption = Annotated[Optional[str], typer.Option(
    "--type", help="Only entities of this type (Objective, Board, Person, ...).")]
LimitOption = Annotated[int, typer.Option(
    "--limit", min=1, help="Facts shown in detail (the summary counts them all).")]
DEFAULT_LIMIT = 15


def _check_date(value: Optional[str]) -> Optional[str]:
    """--as-at as ISO text, from any way an officer writes a day (sendkg.dates.
    calendar_date); a SendkgError saying why (one line, exit 2) for anything else."""
    from sendkg.dates import calendar_date
    from sendkg.errors import SendkgError

    if value is None:
        return None
    try:
        return calendar_date(value)
    except ValueError as why:
        raise SendkgError(f"--as-at {value}: {why}") from None


AsAtOption = Annotated[Optional[str], typer.Option(
    "--as-at", metavar="DATE", callback=_check_date,
    help="Answer as at this date (2020-12-31, 31/12/2020 or 31 December 2020; default "
         "today): a body abolished by then is shown with who holds its duties.")]
AsWrittenOption = Annotated[bool, typer.Option(
    "--as-written", help="Answer as the documents were written, with no successions.")]


def answer_date(as_at: Optional[str], as_written: bool) -> Optional[str]:
    """The ISO date to answer as at (today when not given), or None with --as-written."""
    from sendkg.queries.succession import today

    if as_at and as_written:
        raise typer.BadParameter("give --as-at DATE or --as-written, not both")
    return None if as_written else as_at or today()


# {id: Standing} of the answer being printed (set by _ask; one command per process).
_STANDINGS: dict = {}


def _escape(text) -> str:
    from rich.markup import escape

    return escape(str(text))


def _name(node) -> str:
    return f"{node.type} [bold]{_escape(node.label)}[/bold] [dim]({node.id})[/dim]{_now(node)}"


def _now(node) -> str:
    """' (abolished 31 March 2020; duties now with …)' for a body that no longer stood
    on the date asked about; '' otherwise."""
    here = _STANDINGS.get(node.id)
    return f" [yellow]({_escape(here.phrase())})[/yellow]" if here else ""


def _since_written(kg, found) -> None:
    """The successions behind the answer: bodies that went the same way together, what
    became of them, then each step with its date and public source (dimmed)."""
    if not found.standings and not found.out_of_force:
        return
    from sendkg.queries.succession import KIND_WORDS, long_date

    console.print(f"[cyan]Since written, as at {long_date(found.as_at)}[/cyan] "
                  f"[dim](--as-written: as the documents stand)[/dim]")
    for edge, why in found.out_of_force:
        print_indented(f"  [yellow]{_escape(why)}[/yellow]: {_escape(kg.entity(edge.s).label)}"
                       f" {edge.p} {_escape(kg.entity(edge.o).label)}"
                       f"{_dim_sources(edge.sources)}")
    together: dict[tuple, list] = {}
    for node_id, here in found.standings.items():
        together.setdefault((here.steps, here.phrase()), []).append(node_id)
    for (steps, phrase), ids in together.items():
        names = " and ".join(kg.entity(i).label for i in ids)
        print_indented(f"  [bold]{_escape(names)}[/bold]: {_escape(phrase)}")
        for step in steps:
            to = " and ".join(kg.entity(i).label for i in step.successors)
            when = f"{long_date(step.date)}: " if step.date else ""
            print_indented(f"    {when}{KIND_WORDS[step.kind]} {_escape(to)} "
                           f"[dim]· {_escape(step.source)}[/dim]")


def _time_json(found) -> dict:
    """The JSON keys every question adds: the date answered as at (null: as written)
    and, for each body that no longer stood then, its succession path with sources;
    `facts_out_of_force` when facts of the answer did not hold then by their own dates."""
    return {"as_at": found.as_at,
            "successions": [here.as_dict() for here in found.standings.values()],
            **({"facts_out_of_force": [{**edge.as_dict(), "why": why}
                                       for edge, why in found.out_of_force]}
               if found.out_of_force else {}),
            **({"not_started": [{**node.summary(), "start": start,
                                 "why": f"had not started on {found.as_at}"}
                                for node, start in found.not_started]}
               if found.not_started else {})}


def _dim_sources(sources) -> str:
    shown = sources_text(list(sources))
    return f" [dim]· {_escape(shown)}[/dim]" if shown else ""  # "·" parts answer from source


def _qualifiers(props: dict, keys: tuple[str, ...], uncertain: bool = True) -> str:
    """'key: value; …' for the qualifiers `keys` a fact has, then its uncertain mark
    (unless `uncertain` is False: the caller shows it elsewhere)."""
    from sendkg.queries.facts import uncertain_text

    shown = [f"{k}: {props[k]}" for k in keys if props.get(k) not in (None, "")]
    shown.append(uncertain_text(props) if uncertain else "")
    return _escape("; ".join(s for s in shown if s))


def uncertain_mark(props: dict) -> str:
    """' (uncertain: <note>)' in yellow after a fact read uncertainly from its source
    (a chair or owner guessed from a diagram); '' for a certain fact."""
    from sendkg.queries.facts import uncertain_text

    mark = uncertain_text(props)
    return f" [yellow]({_escape(mark)})[/yellow]" if mark else ""


def _ask(question: str, text: str, data, json: bool, all: bool, type: str | None,
         as_at: str | None = None, as_written: bool = False):
    """(query, Answer, graph), or None after saying (or emitting) that nothing matches."""
    from sendkg.errors import EntityNotFound
    from sendkg.queries.questions import answer

    when = answer_date(as_at, as_written)
    query = {"command": question, "text": text, **({"type": type} if type else {}),
             **({"all": True} if all else {}), **({"as_at": as_at} if as_at else {}),
             **({"as_written": True} if as_written else {})}
    kg = load_graph(data)
    try:
        found = answer(kg, question, text, all=all, type=type, as_at=when)
        _STANDINGS.clear()
        _STANDINGS.update(found.standings)
    except EntityNotFound as error:
        _nothing(query, str(error), json, [])
        return None
    if not found.results:
        _nothing(query, found.resolution.message, json, found.resolution.nearest)
        return None
    if not json:
        read_as_lines(question, found.resolution)
        _not_started(found)
    return query, found, kg


def _not_started(found) -> None:
    """A line for each subject (or its plan) that had not started by the date asked
    about: its facts are answered as written, not as in force then."""
    from sendkg.queries.succession import long_date

    for node, start in found.not_started:
        kind = "plan" if node.type == "Plan" else node.type.lower()
        print_indented(f"[yellow]The {kind} {_escape(node.label)} had not started on "
                       f"{long_date(found.as_at)} (start: {_escape(start)}); "
                       f"answered as written[/yellow]", hang=2)


def read_as_lines(question: str, resolution) -> None:
    """Say what TEXT was read as, and why, whenever it is not an exact name, alias,
    abbreviation or id of what is answered for ("SEND strategic partnership" is no
    body's name; "Durham CCGs" is not "Durham CC"), then the close others and any
    closer match of a type the question does not answer for: a partial match must never
    silently stand for another body."""
    if resolution.exact:
        return
    text = _escape(repr(resolution.text))
    for match in resolution.chosen[:3]:  # with --all, the first few stand for the rest
        print_indented(f"[yellow]read {text} as {match.node.type} "
                       f"{_escape(match.node.label)} ({match.node.id}): "
                       f"{_escape(match.why)}; not an exact name[/yellow]", hang=2)
    if len(resolution.chosen) > 3:
        print_indented(f"  [yellow]and as {len(resolution.chosen) - 3} more close "
                       f"matches, each answered below[/yellow]", hang=2)
    if resolution.also:
        print_indented(f"  [yellow]close: {_matches_text(resolution.also)} "
                       f"(use the id, or --all)[/yellow]", hang=2)
    for match in resolution.passed_over:
        print_indented(f"  [yellow]closer: {match.node.type} {_escape(match.node.label)} "
                       f"({match.node.id}), which `{question}` does not answer for"
                       f"[/yellow]", hang=2)


def _matches_text(matches, shown: int = 3) -> str:
    """'Label (id); Label (id) and N more', escaped."""
    names = "; ".join(f"{m.node.label} ({m.node.id})" for m in matches[:shown])
    more = f" and {len(matches) - shown} more" if len(matches) > shown else ""
    return _escape(names + more)


def _read_as_json(found) -> dict:
    """The `read_as` key of a question's JSON when TEXT was not an exact match (see
    Resolution.read_as); nothing when it was."""
    read = found.resolution.read_as()
    return {"read_as": read} if read else {}


def _nothing(query, message: str, json: bool, nearest) -> None:
    if json:
        emit_json(query, [], message=message,
                  nearest=[{**m.node.summary(), "score": m.score} for m in nearest])
    else:
        from sendkg.cli.output import err_console

        err_console.print(_escape(message), soft_wrap=True)


def _also(found, kg=None) -> None:
    if kg is not None:
        _since_written(kg, found)
    also = found.resolution.also
    if also and found.resolution.exact:  # else the notice at the top named them
        console.print(f"[dim]also matches: {_matches_text(also)} (use the id, or --all)[/dim]")


def _emit(query, found, key: str, as_dict, **extra) -> None:
    emit_json(query, [{**subject.summary(), key: as_dict(result)}
                      for subject, result in found.results],
              also_matches=[{**m.node.summary(), "score": m.score}
                            for m in found.resolution.also], **_time_json(found),
              **_read_as_json(found), **{k: v for k, v in extra.items() if v})


def _shown(items: list, limit: int, all: bool) -> tuple[list, str]:
    if all or len(items) <= limit:
        return items, ""
    return items[:limit], f"[dim]… {len(items) - limit} more (--limit N, or --all)[/dim]"


def _person(kg, node) -> str:
    """'Name (post, organisation)' for a person; 'Post (organisation)' for a post
    (sendkg.queries.responsibility.agent_text, as `duplicates` writes them too); a body
    with what became of it by the date asked about."""
    from sendkg.queries.responsibility import agent_text

    return agent_text(kg, node) + _standing(node)


def _standing(node) -> str:
    here = _STANDINGS.get(node.id)
    return f" ({here.phrase()})" if here else ""


# ---------------------------------------------------------------- owner

def owner(text: TextArgument, data: DataOption = None, json: JsonOption = False,
          all: AllOption = False, type: TypeOption = None,
          limit: LimitOption = DEFAULT_LIMIT,
          as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """Who is responsible: for a board its chairs; for an item its owners (inherited marked)."""
    asked = _ask("owner", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    if json:
        return _emit(query, found, "owners", lambda rs: [r.as_dict() for r in rs])
    for subject, owners in found.results:
        if not owners:
            print_indented(f"No owner recorded for {_name(subject)}.", hang=2)
            continue
        print_indented(f"Who is responsible for {_name(subject)}", hang=2)
        shown, more = _shown(_owner_lines(kg, owners), limit, all)
        for line in shown:
            print_indented(line)
        if more:
            print_indented("  " + more)
    _also(found, kg)


def _owner_lines(kg, owners) -> list[str]:
    """Direct owners one a line; inherited ones under the container they come from, one
    line per role, so a plan agreed by eight services reads as two lines under it, not
    eight repeats of "(inherited from …)"."""
    lines, grouped = [], {}
    for o in owners:
        if o.via is None:
            lines.append("  " + _owner_line(kg, o))
        else:
            grouped.setdefault(o.via.id, {}).setdefault(_owner_verb(o), []).append(o)
    for via, by_role in grouped.items():
        lines.append(f"  [yellow]inherited from {_escape(kg.node(via).label)}:[/yellow]")
        for verb, found in by_role.items():
            who = "; ".join(_escape(_holder_text(kg, o)) + uncertain_mark(o.edge.props)
                            for o in found)
            cited = _dim_sources(sorted({s for o in found for s in o.sources},
                                        key=lambda s: (s.document, s.line or 0)))
            lines.append(f"    [green]{verb}[/green]: {who}{cited}")
    return lines


def _owner_verb(o) -> str:
    from sendkg.queries.responsibility import role_word

    return _escape(role_word(o))


def _holder_text(kg, o) -> str:
    """An owner as every command writes it (sendkg.queries.responsibility.owner_text),
    with what became of a body by the date asked about."""
    from sendkg.queries.responsibility import owner_text

    return owner_text(kg, o) + _standing(o.node)


def _owner_line(kg, o) -> str:
    """One direct owner (inherited ones are grouped by `_owner_lines`)."""
    return (f"[green]{_owner_verb(o)}[/green]: {_escape(_holder_text(kg, o))}"
            f"{uncertain_mark(o.edge.props)}{_dim_sources(o.sources)}")


# ---------------------------------------------------------------- owns

VERBS = {"responsible": "responsible for", "ownedBy": "owns", "chairedBy": "chairs",
         "fundedBy": "funds", "commissionedBy": "commissions", "memberOf": "member of"}


def owns(text: TextArgument, data: DataOption = None, json: JsonOption = False,
         all: AllOption = False, type: TypeOption = None,
         limit: LimitOption = DEFAULT_LIMIT,
         as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """Everything a person, post or organisation owns, chairs, funds or joins, by plan."""
    asked = _ask("owns", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    inherited = _inherited(kg, found)
    if json:
        return _emit(query, found, "owns", lambda rs: [r.as_dict() for r in rs],
                     inherited_through_successions={
                         i: [x.as_dict() for x in xs] for i, xs in inherited.items() if xs})
    for subject, done in found.results:
        if not done:
            print_indented(f"Nothing recorded in the documents for {_name(subject)}.",
                           hang=2)
            _took_over(kg, subject, inherited[subject.id], limit, all)
            continue
        counts = Counter(VERBS.get(r.relation, r.relation) for r in done)
        tally = ", ".join(f"{n} {v}" for v, n in counts.most_common())
        print_indented(f"{_name(subject)}: {len(done)} responsibilities ({tally})", hang=2)
        shown, more = _shown(done, limit, all)
        plan = None
        for r in shown:
            here = "; ".join(p.label for p in r.plans) or "Governance and membership"
            if here != plan:
                plan = here
                print_indented(f"  [bold cyan]{_escape(plan)}[/bold cyan]")
            print_indented("    " + _responsibility_line(r))
        if more:
            print_indented("  " + more)
        _took_over(kg, subject, inherited[subject.id], limit, all)
    _also(found, kg)


def _inherited(kg, found) -> dict:
    """{subject id: [Inherited]}: what each subject holds through successions as at the
    date answered for (nothing when answered as written)."""
    from sendkg.queries.responsibility import inherited_owns

    return {subject.id: inherited_owns(kg, subject.id, found.as_at) if found.as_at else []
            for subject, _ in found.results}


def _took_over(kg, subject, inherited, limit: int, all: bool) -> None:
    """What `subject` holds through successions: for each body whose duties passed to
    it (a CCG merged, then replaced by an ICB), the steps with dates, then that body's
    responsibilities, marked inherited."""
    from sendkg.queries.succession import KIND_WORDS, long_date

    if inherited:
        total = sum(len(here.responsibilities) for here in inherited)
        print_indented(f"  Through successions, it holds {total} responsibilities of "
                       f"{len(inherited)} bodies whose duties passed to it:", hang=2)
    for here in inherited:
        path = "; ".join(f"{_escape(KIND_WORDS[s.kind])} "
                         f"{_escape(' and '.join(kg.entity(i).label for i in s.successors))}"
                         + (f" {long_date(s.date)}" if s.date else "") for s in here.steps)
        count = len(here.responsibilities)
        print_indented(f"  [yellow]inherited from {_escape(here.predecessor.label)}[/yellow]"
                       f" [dim]({path})[/dim]: "
                       f"{count or 'no'} responsibilit{'y' if count == 1 else 'ies'}",
                       hang=4)
        shown, more = _shown(list(here.responsibilities), limit, all)
        for r in shown:
            print_indented("    " + _responsibility_line(r))
        if more:
            print_indented("    " + more)



def _responsibility_line(r) -> str:
    verb = VERBS.get(r.relation, r.relation)
    role = _qualifiers(r.edge.props, ("role", "amount", "period", "mechanism"), False)
    through = f" as {_escape(r.through.label)}" if r.through else ""
    return (f"{verb}{through}{f' ({role})' if role else ''}: {r.item.type} "
            f"{_escape(r.item.label)}{uncertain_mark(r.edge.props)}{_dim_sources(r.sources)}")


# ---------------------------------------------------------------- chain

def chain(text: TextArgument, data: DataOption = None, json: JsonOption = False,
          all: AllOption = False, type: TypeOption = None,
          as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """Where an item reports, up to the top: its own chair, then each body, its chair,
    frequency and what is reported."""
    asked = _ask("chain", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    if json:
        return emit_json(query, [c.as_dict() for _, c in found.results],
                         also_matches=[m.node.summary() for m in found.resolution.also],
                         **_time_json(found), **_read_as_json(found))
    from rich.text import Text
    from rich.tree import Tree

    from sendkg.cli.output import indented_lines

    for _, reporting in found.results:
        tree = Tree(Text("\n").join(indented_lines(_name(reporting.item), hang=2)))
        _add_chairs(kg, tree, reporting.root.chairs)
        shown: set[str] = set()
        for hop in reporting.root.next:
            _add_hop(kg, tree, hop, shown)
        print_trimmed(tree)  # a wrapped line of the tree ends at its last word
        tops = ", ".join(n.label for n in reporting.tops()) or "none"
        console.print(f"Top of the chain: {_escape(tops)}")
        for finding in reporting.findings:
            console.print(f"[yellow]finding:[/yellow] {_escape(finding)}")
    _also(found, kg)


def _chair_line(kg, chair) -> str:
    role = chair.edge.props.get("role", "chair")
    holders = f" — held by {', '.join(h.label for h in chair.holders)}" \
        if chair.holders else ""
    return (f"[green]{_escape(role)}[/green]: {_escape(_person(kg, chair.node))}"
            f"{_escape(holders)}{uncertain_mark(chair.edge.props)}"
            f"{_dim_sources(chair.edge.sources)}")


def _add_chairs(kg, tree, chairs) -> None:
    """A body's chairs under it; a person shown as the holder of a chair post is not
    listed again on their own."""
    held = {h.id for c in chairs for h in c.holders}
    for chair in chairs:
        if chair.node.id not in held:
            tree.add(_chair_line(kg, chair))


def _add_hop(kg, tree, hop, shown: set[str]) -> None:
    """One hop and what lies above it; a body already shown is named, not repeated."""
    if hop.node.id in shown and hop.next:
        tree.add(_hop_line(hop, end=" [dim](its chain is shown above)[/dim]"))
        return
    shown.add(hop.node.id)
    branch = tree.add(_hop_line(hop))
    _add_chairs(kg, branch, hop.chairs)
    for child in hop.next:
        _add_hop(kg, branch, child, shown)


def _hop_line(hop, end: str = "") -> str:
    step = f"part of ({hop.relation})" if hop.contained else hop.relation
    detail = _qualifiers(hop.edge.props, ("frequency", "reports"), uncertain=False)
    if not end and hop.loop:
        end = " [red]↺ loop: already on this path[/red]"
    elif not end and not hop.next and not hop.contained:
        end = " [magenta](top: reports nowhere)[/magenta]"
    return (f"[dim]{step}{f' — {detail}' if detail else ''}[/dim] → {_name(hop.node)}{end}"
            f"{uncertain_mark(hop.edge.props)}{_dim_sources(hop.edge.sources)}")


# ---------------------------------------------------------------- drivers

HOW = {"direct": "its own", "inherited": "inherited from", "plan-context":
       "plan-wide context, cited by"}


def drivers(text: TextArgument, data: DataOption = None, json: JsonOption = False,
            all: AllOption = False, type: TypeOption = None,
            limit: LimitOption = DEFAULT_LIMIT,
            as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """The legislation and guidance driving an item: its own, inherited, plan context."""
    asked = _ask("drivers", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    if json:
        return _emit(query, found, "drivers", lambda rs: [r.as_dict() for r in rs])
    for subject, found_drivers in found.results:
        if not found_drivers:
            print_indented(f"No legislation recorded as driving {_name(subject)}.", hang=2)
            continue
        print_indented(f"What drives {_name(subject)}", hang=2)
        shown, more = _shown(found_drivers, limit, all)
        heading = None
        for d in shown:
            here = HOW[d.how] + (f" {d.via.type} {d.via.label}" if d.via else "")
            if here != heading:
                heading = here
                print_indented(f"  [cyan]{_escape(heading)}[/cyan]")
            section = f", {_escape(d.section)}" if d.section else ""
            print_indented(f"    {_escape(d.node.label)}{section}{_dim_sources(d.sources)}")
        if more:
            print_indented("  " + more)
    _also(found, kg)


# ---------------------------------------------------------------- funders

FUNDING_VERBS = {"fundedBy": "funded by", "commissionedBy": "commissioned by"}


def funders(text: TextArgument, data: DataOption = None, json: JsonOption = False,
            all: AllOption = False, type: TypeOption = None,
            limit: LimitOption = DEFAULT_LIMIT,
            as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """Who funds or commissions an item: its own, via its actions, then inherited."""
    asked = _ask("funders", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    if json:
        return _emit(query, found, "funders", lambda rs: [r.as_dict() for r in rs])
    for subject, found_funders in found.results:
        if not found_funders:
            print_indented(f"No funder or commissioner recorded for {_name(subject)}.",
                           hang=2)
            continue
        print_indented(f"Who funds or commissions {_name(subject)}", hang=2)
        shown, more = _shown(found_funders, limit, all)
        for f in shown:
            detail = _qualifiers(f.edge.props, ("amount", "period", "mechanism"))
            how = ""
            if f.part:
                how = f" [yellow](via {_escape(f.part.label)})[/yellow]"
            elif f.via:
                how = f" [yellow](inherited from {_escape(f.via.label)})[/yellow]"
            detail = f" ({detail})" if detail else ""
            print_indented(f"  [green]{FUNDING_VERBS[f.relation]}[/green]: "
                          f"{_escape(f.node.label)}{_now(f.node)}{detail}{how}"
                          f"{_dim_sources(f.sources)}")
        if more:
            print_indented("  " + more)
    _also(found, kg)


# ---------------------------------------------------------------- impact

GROUP_TITLES = {"direct": "directly driven, owned, funded or chaired",
                "contained": "contained in those", "reporting": "reporting through them",
                "plan-context": "plans citing it as context (given once, not per row)"}


def impact(text: TextArgument, data: DataOption = None, json: JsonOption = False,
           all: AllOption = False, type: TypeOption = None,
           limit: LimitOption = DEFAULT_LIMIT,
           as_at: AsAtOption = None, as_written: AsWrittenOption = False) -> None:
    """What depends on an Act, body, person, post or organisation, grouped, counts first."""
    asked = _ask("impact", text, data, json, all, type, as_at, as_written)
    if not asked:
        return
    query, found, kg = asked
    from sendkg.queries.impact import impact_groups

    if json:
        group_of = {subject.id: {a.node.id: key for key, members in
                                 impact_groups(kg, subject.id).items() for a in members}
                    for subject, _ in found.results}
        return _emit(query, found, "affected", lambda rs: [
            {**a.as_dict(), "group": group_of[_subject_of(found, rs)].get(
                a.node.id, "inside plan-context")} for a in rs])
    for subject, affected in found.results:
        if not affected:
            print_indented(f"Nothing recorded depends on {_name(subject)}.", hang=2)
            continue
        groups = impact_groups(kg, subject.id)
        counts = ", ".join(f"{len(v)} {k}" for k, v in groups.items() if v)
        print_indented(f"What depends on {_name(subject)}: {counts}", hang=2)
        for key, members in groups.items():
            if not members:
                continue
            by_type = Counter(a.node.type for a in members)
            print_indented(f"  [cyan]{GROUP_TITLES[key]}[/cyan] ({len(members)}: "
                          f"{', '.join(f'{n} {t}' for t, n in by_type.most_common())})")
            shown, more = _shown(members, limit, all)
            for a in shown:
                inside = _inside(kg, a) if key == "plan-context" else ""
                print_indented(f"    {a.node.type} {_escape(a.node.label)}{inside} "
                              f"[dim]({_escape(_because(kg, a))})[/dim]")
            if more:
                print_indented("    " + more)
    _also(found, kg)


def _subject_of(found, affected) -> str:
    return next(subject.id for subject, rs in found.results if rs is affected)


def _inside(kg, a) -> str:
    from sendkg.queries.containment import contents

    n = len(contents(kg, a.node.id))
    return f" [dim]— {n} items inside[/dim]" if n else ""


def _because(kg, a) -> str:
    edge = a.because[0]
    if edge.s == a.node.id:
        return edge.p if a.depth == 1 else f"{edge.p} {kg.node(edge.o).label}"
    verb = "held by" if edge.p == "holds" else "part of"
    return f"{verb} {kg.node(edge.s).label}"


def register(app: typer.Typer) -> None:
    for command in (owner, owns, chain, drivers, impact, funders):
        app.command()(command)
