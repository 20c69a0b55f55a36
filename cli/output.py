"""Shared output for commands: the JSON contract and Rich consoles."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

# C0/C1 control characters but tab and newline, and the bidirectional overrides: a label,
# a cited source line or an error quoting a file could otherwise move the cursor, recolour
# the terminal, ring its bell or reorder what an officer reads.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_control(text: str) -> str:
    """`text` without terminal control characters (tab and newline kept).

    >>> strip_control("Mark\x1b[31m Smith\x07")
    'Mark[31m Smith'
    """
    return _CONTROL.sub("", text)


class SafeConsole(Console):
    """A Rich console that never writes a control character it did not make itself.

    Data reaches the terminal as text segments; Rich's own styling reaches it as ANSI
    codes made from each segment's style (and control segments), outside the text. So
    stripping the text of every segment, just before Rich renders them, cleans whatever
    data any command prints, without touching the colours Rich adds.
    """

    def _render_buffer(self, buffer):  # Rich's one place that turns segments into output
        from rich.segment import Segment

        return super()._render_buffer(
            segment if segment.control else Segment(strip_control(segment.text),
                                                    segment.style, None)
            for segment in buffer)


console = SafeConsole(highlight=False, soft_wrap=False)
err_console = SafeConsole(stderr=True, highlight=False)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
DataOption = Annotated[
    Optional[Path],
    typer.Option("--data", help="A dataset folder (see data/FORMAT.md); default: bundled data.",
                 file_okay=False),
]


def print_indented(markup: str, hang: int = 0) -> None:
    """Print one line of an answer with its leading spaces as a hanging indent: the lines
    it wraps onto at a narrow terminal start under its text, not at the margin.

    `markup` is Rich markup whose leading spaces set the indent ("    Objective …");
    `hang` more spaces indent the wrapped lines only (a heading whose id wraps).
    """
    for line in indented_lines(markup, hang):
        console.print(line)


def indented_lines(markup: str, hang: int = 0) -> list:
    """`print_indented`'s lines, as Rich Text objects (to print, or to join as a tree's
    label): wrapped at the console's width, with the leading spaces of `markup` before
    each and `hang` more before every line but the first."""
    from rich.text import Text

    body = markup.lstrip(" ")
    indent = len(markup) - len(body)
    text = Text.from_markup(body)
    lines = text.wrap(console, max(console.width - indent, 20))
    if hang and len(lines) > 1:  # wrap what follows the first line narrower
        rest = text[len(lines[0].plain):]
        rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")):]
        lines = [lines[0], *rest.wrap(console, max(console.width - indent - hang, 20))]
    shown = []
    for number, line in enumerate(lines):
        line.rstrip()
        shown.append(Text(" " * (indent + (hang if number else 0))) + line)
    return shown


def print_trimmed(renderable) -> None:
    """Print a Rich renderable (a table, a tree) without the spaces Rich pads its lines
    with (a centred title, a wrapped cell): lines end at their last character, as a
    reader, a diff or a file expects."""
    from rich.segment import Segment, Segments

    out = []
    for line in console.render_lines(renderable, pad=False):
        while line and not line[-1].control and not line[-1].text.rstrip():
            line.pop()
        if line and not line[-1].control:
            line[-1] = Segment(line[-1].text.rstrip(), line[-1].style)
        out += [*line, Segment.line()]
    console.print(Segments(out), end="")


def registry_help(kind: str) -> str:
    """'name: summary; ...' for every sendkg.registry entry of `kind` (imports nothing)."""
    from sendkg import registry

    return "; ".join(f"{e.name}: {e.summary}" for e in registry.entries(kind))


def emit_json(query: Any, results: list, **extra: Any) -> None:
    """Print the DESIGN.md contract: {"query": ..., "results": [...]} (plus extras)."""
    payload = {"query": query, "results": results, **extra}
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_json_stream(query: Any, results, encoded: bool = False, **extra: Any) -> None:
    """The contract of emit_json, written as it goes: one result per line, each written
    when made (by the JSON module's C encoder), so tens of thousands of findings are
    never one string in memory. `results` may be any iterable; with `encoded`, of
    results already encoded as one line of JSON each."""
    write = sys.stdout.write
    write('{"query": ' + json.dumps(query, ensure_ascii=False, default=str)
          + ',\n "results": [')
    for i, result in enumerate(results):
        write(("\n  " if i == 0 else ",\n  ")
              + (result if encoded else json.dumps(result, ensure_ascii=False, default=str)))
    write("\n ]")
    for key, value in extra.items():
        write(f",\n {json.dumps(key)}: " + json.dumps(value, ensure_ascii=False, default=str))
    write("\n}\n")


# {source file: short document name} of the dataset the command loaded (load_graph sets
# it; a command that builds its graph otherwise calls use_short_names). One command runs
# per process; in-process tests run one after another, each setting it afresh.
_SHORT_NAMES: dict[str, str] = {}


def use_short_names(kg) -> None:
    """Cite `kg`'s documents by their short names (data/FORMAT.md `short`) from now on."""
    from sendkg.graph.citations import short_names

    set_short_names(short_names(kg) if kg is not None else {})


def set_short_names(names: dict[str, str]) -> None:
    """Cite each source file of `names` by its short name from now on."""
    _SHORT_NAMES.clear()
    _SHORT_NAMES.update(names)


def sources_text(sources, limit: int = 3) -> str:
    """Citations for human output: 'Durham SEND JCP 2017-18 l.301, 328; Durham CYP
    Strategy 2019-22 l.4 (+N more)' for documents with a short name, else 'file:line,
    file:line (+N more)'."""
    sources = list(sources)
    parts: list[tuple[str, list[str]]] = []  # (document as cited, lines), in order
    for s in sources[:limit]:
        short = _SHORT_NAMES.get(s.document)
        if short is None:
            parts.append(("", [str(s)]))
        elif parts and parts[-1][0] == short:
            parts[-1][1].extend([str(s.line)] if s.line else [])
        else:
            parts.append((short, [str(s.line)] if s.line else []))
    joiner = "; " if any(name for name, _ in parts) else ", "
    shown = joiner.join(f"{name} l.{', '.join(lines)}" if name and lines else name or lines[0]
                        for name, lines in parts)
    more = f" (+{len(sources) - limit} more)" if len(sources) > limit else ""
    return shown + more


# The graphs a console command loaded, kept to the end of the process: sendkg.cli.main.run
# then ends it without freeing a large graph one object at a time (0.2-0.35 s at 150
# councils). None when the CLI runs inside another program (tests), which frees them.
KEPT_UNTIL_EXIT: list | None = None


def load_graph(data: Optional[Path]):
    from sendkg.graph import load

    kg = load(data)
    use_short_names(kg)
    if KEPT_UNTIL_EXIT is not None:
        KEPT_UNTIL_EXIT.append(kg)
    return kg


@contextlib.contextmanager
def writing_to(output: Path):
    """Run a command that was asked to write `output`: a name that matches nothing (or
    several things as closely) is then an error (exit 2, "nothing written"), not the
    questions' "no match" answer (exit 0), since a script or scheduler takes exit 0 to
    mean the file is there. A missing folder for `output` is refused first
    (`output_folder_exists`), before the graph is loaded."""
    from sendkg.errors import AmbiguousName, EntityNotFound, SendkgError

    output_folder_exists(output)
    try:
        yield
    except (EntityNotFound, AmbiguousName) as error:
        raise SendkgError(f"{error}; nothing written to {output}") from None


def output_folder_exists(output: Path) -> None:
    """Refuse (OutputError, exit 2) an output whose folder is missing or is a file: a
    mistyped path ("/reprots/x.pdf") is an error to fix, not a folder to create."""
    from sendkg.errors import OutputError

    folder = Path(output).parent
    if folder.is_dir():
        return
    reason = "is a file, not a folder" if folder.exists() else "does not exist"
    raise OutputError(output, f"the folder {folder} {reason}; nothing written")
