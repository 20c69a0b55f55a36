"""`sendkg whatif replace OLD... --by NEW` and `sendkg whatif remove BODY`: every fact
that would move or break, grouped by plan, without changing the data; `-o FILE` writes
the change as a dataset patch (YAML) for an officer to review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from sendkg.cli.output import (
    DataOption,
    JsonOption,
    emit_json,
    load_graph,
    print_indented,
    sources_text,
)

whatif_app = typer.Typer(help="What would move or break if bodies were replaced or "
                              "removed (the data is not changed).", no_args_is_help=True)
OutOption = Annotated[Optional[Path], typer.Option(
    "-o", "--output", help="Write the change as a dataset patch (YAML) for review.",
    dir_okay=False)]
OUTCOME_STYLE = {"moves": "green", "merges": "yellow", "breaks": "red"}


def _escape(text) -> str:
    from rich.markup import escape

    return escape(str(text))


@whatif_app.command("replace")
def replace(old: Annotated[list[str], typer.Argument(
                help="The bodies to replace: names, aliases or ids.")],
            by: Annotated[str, typer.Option(
                "--by", help="The body taking over (a graph or registry name or id).")],
            data: DataOption = None, json: JsonOption = False,
            output: OutOption = None) -> None:
    """What would move, merge or break, by plan, if NEW took over from OLD."""
    from sendkg.queries import whatif

    kg = load_graph(data)
    olds = list(dict.fromkeys(n.id for text in old for n in _bodies(kg, text)))
    new = _body(kg, by, registry=True)
    if new.id in olds:
        raise typer.BadParameter(f"{new.label} is both replaced and the replacement")
    found = whatif.replace(kg, olds, new.id)
    _finish(kg, found, ["whatif", "replace", *olds, "--by", new.id], json, output)


@whatif_app.command("remove")
def remove(body: Annotated[str, typer.Argument(help="The body to remove: name or id.")],
           to: Annotated[Optional[str], typer.Option(
               "--to", help="The body that lines into BODY would go to (default: its "
                            "recorded successor, else the body BODY reports to, a certain "
                            "line before an uncertain one).")
           ] = None,
           data: DataOption = None, json: JsonOption = False,
           output: OutOption = None) -> None:
    """What would break or re-route, by plan, if BODY went."""
    from sendkg.queries import whatif

    kg = load_graph(data)
    old = _body(kg, body)
    new = _body(kg, to, registry=True) if to else None
    if new is not None and new.id == old.id:
        raise typer.BadParameter(f"{new.label} is both removed and the body taking its lines")
    found = whatif.remove(kg, old.id, new.id if new else None)
    _finish(kg, found, ["whatif", "remove", old.id, *(["--to", new.id] if new else [])],
            json, output)


def _bodies(kg, text: str, registry: bool = False) -> list:
    """The bodies TEXT names exactly (queries.whatif.bodies_named); a name that is not
    exact is a bad argument (exit 2): a proposal about a guessed body is no answer."""
    from sendkg.errors import EntityNotFound
    from sendkg.queries.whatif import bodies_named

    try:
        return bodies_named(kg, text, registry)
    except EntityNotFound as error:
        raise typer.BadParameter(str(error)) from None


def _body(kg, text: str, registry: bool = False):
    """The one body TEXT names exactly; several (an abbreviation) is a bad argument."""
    found = _bodies(kg, text, registry)
    if len(found) > 1:
        names = "; ".join(f"{n.label} ({n.id})" for n in found)
        raise typer.BadParameter(f"{text!r} names {len(found)} bodies: {names}; give one id")
    return found[0]


def _finish(kg, found, args: list[str], json: bool, output: Optional[Path]) -> None:
    if output:
        _write_patch(found, " ".join(["sendkg", *args]), output)
    if json:
        emit_json({"command": " ".join(args)}, [found.as_dict()],
                  **({"patch": str(output)} if output else {}))
        return
    _print(kg, found)
    if output:
        print_indented(f"[dim]Nothing was changed; wrote the patch for review to "
                       f"{_escape(output)}.[/dim]")
    else:
        print_indented("[dim]Nothing was changed; -o FILE writes the change as a patch.[/dim]")


def _write_patch(found, command: str, output: Path) -> None:
    import yaml

    from sendkg.files import write_atomically
    from sendkg.queries.whatif import patch

    text = (f"# {command}\n# A proposed change for review: nothing has been applied.\n"
            + yaml.safe_dump(patch(found, command), sort_keys=False, allow_unicode=True,
                             width=88))
    write_atomically(output, text.encode("utf-8"))


# Why the body taking a removed body's lines was chosen (WhatIf.chosen), for the reader.
CHOSEN_WORDS = {"successor": " (its recorded successor)",
                "reports to": " (the body it reports to)"}


def _print(kg, found) -> None:
    from sendkg.queries.whatif import group_title

    names = " and ".join(n.label for n in found.old)  # the full name: no alias misread
    counts = ", ".join(_plural(n, OUTCOME_NOUNS[k]) for k, n in sorted(found.counts().items()))
    facts = f"{_plural(len(found.changes), 'fact')} ({counts})"
    if found.action == "replace":
        print_indented(f"If {_escape(names)} were replaced by [bold]"
                       f"{_escape(found.new.label)}[/bold]: {facts}")
    else:
        why = CHOSEN_WORDS.get(found.chosen, "")
        above = f"; lines into it would go to {found.new.label}{why}" if found.new else ""
        print_indented(f"If {_escape(names)} were removed: {facts}{_escape(above)}")
    shared = sum(1 for c in found.changes if len(c.plans) > 1)
    if shared:  # so the rows listed add up to the count above
        print_indented(f"[dim]{_plural(shared, 'fact')} belong to more than one plan and "
                       f"{'is' if shared == 1 else 'are'} listed under each.[/dim]")
    for plan, changes in found.by_plan().items():
        print_indented(f"  [bold cyan]{_escape(plan)}[/bold cyan] ({len(changes)})")
        for change in changes:
            print_indented("    " + _change_line(kg, change, group_title(change.group)))


OUTCOME_NOUNS = {"moves": "move", "merges": "merge", "breaks": "break"}


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _short(node) -> str:
    """A body's shortest name that starts like its label ("NHS DDES CCG" for the
    long CCG name); items keep their label."""
    if node.type not in {"Organisation", "Board"}:
        return node.label
    first = node.label.split()[0]
    names = [a for a in node.aliases if a.split() and a.split()[0] == first]
    return min([node.label, *names], key=len)


def _change_line(kg, change, title: str) -> str:
    edge = change.edge
    style = OUTCOME_STYLE[change.outcome]
    s, o = kg.entity(edge.s), kg.entity(edge.o)
    fact = f"{s.type} {_short(s)} {_label(edge.p)} {_short(o)}"
    moved_to = change.new and (change.new.o if change.new.o != edge.o else change.new.s)
    then = f" → {_short(kg.entity(moved_to))}" if moved_to else ""
    why = f" ({_readable(change.why)})" if change.why else ""
    return (f"[{style}]{change.outcome}[/{style}] [dim]{_escape(title)}:[/dim] "
            f"{_escape(fact)}{_escape(then)}{_escape(why)} "
            f"[dim]· {_escape(sources_text(edge.sources))}[/dim]")


def _readable(why: str) -> str:
    """A reason with the relation names the library gives as officers read them."""
    import re

    from sendkg.ontology import RELATIONS

    return re.sub(r"\b[a-z]+[A-Z][A-Za-z]*\b|\bresponsible\b",
                  lambda m: _label(m.group(0)) if m.group(0) in RELATIONS else m.group(0), why)


def _label(relation: str) -> str:
    """The relation's label in the ontology ("monitored by" for monitoredBy)."""
    from sendkg.ontology import RELATIONS

    return RELATIONS[relation].label


def register(app: typer.Typer) -> None:
    app.add_typer(whatif_app, name="whatif")
