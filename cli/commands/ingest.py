"""`sendkg ingest FILE...`: officers' documents into the dataset format, for review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich import box
from rich.table import Table

from sendkg import registry
from sendkg.cli.output import DataOption, JsonOption, console, emit_json, err_console
from sendkg.errors import SendkgError


def _reference_index(data: Optional[Path]):
    """Names to link to: the --data graph, else the bundled graph, else (while the
    bundled data cannot be built) the bundled registry alone."""
    from sendkg.graph import bundled_data_dir, load
    from sendkg.ingest.name_index import NameIndex
    from sendkg.ingest.pipeline import index_from_registry

    try:
        return NameIndex.from_graph(load(data)), None
    except SendkgError as error:
        if data is not None:
            raise
        note = (f"the bundled dataset does not build ({str(error).splitlines()[0]}); "
                f"linking against its registry only")
        return index_from_registry(bundled_data_dir() / "registry"), note


def _print_summary(results, written: list[Path], output: Optional[Path],
                   refused: int) -> None:
    """The table of what each read file gave, its review items and what was written;
    nothing at all when no file could be read (its error line says why). `refused`:
    how many files could not be read when -o was given (then nothing is written)."""
    from rich.markup import escape

    from sendkg.ingest.pipeline import summary

    if not results:
        return

    # Short headers and no inner rules, so that all seven columns fit 80 columns; a
    # long file name folds onto a second line rather than pushing counts off screen.
    table = Table(title="Ingested", box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True,
                  pad_edge=False)
    columns = {"file": "file", "table rows": "table rows",
               "governance sentences": "sentences", "entities": "entities",
               "relations": "relations", "review": "review", "warnings": "warnings"}
    for key, header in columns.items():
        table.add_column(header, justify="left" if key == "file" else "right",
                         overflow="fold", min_width=12 if key == "file" else None,
                         no_wrap=key != "file")
    for result in results:
        if result.error is None:
            counts = summary(result)
            table.add_row(*(str(counts[c]) for c in columns))
    console.print(table)
    for result in results:
        if result.error is None:
            for item in result.draft.review:
                similar = "; ".join(f"{s['label']} ({s['id']})" for s in item["similar"])
                console.print(escape(f"review: {item['name']!r} ({item['id']}, "
                                     f"{result.path.name} line {item['source']['line']}): "
                                     f"{item['reason']}: {similar}"), soft_wrap=True)
    for path in written:
        console.print(escape(f"wrote {path}"))
    if refused:
        console.print(f"nothing written: {refused} file{'s' if refused > 1 else ''} could not "
                      f"be read (see the error); drafts are written only when every file "
                      f"reads, so fix or leave out the file and run again")
    elif not written and output is None:
        console.print("nothing written: give -o OUT.yaml or -o FOLDER to write the dataset")


def ingest(
    files: Annotated[list[Path], typer.Argument(
        help=f"Documents: {' '.join(registry.names('reader'))}", show_default=False)],
    plan: Annotated[Optional[str], typer.Option("--plan", help="The plan's name (default: "
                                                 "the document's title).")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="OUT.yaml for one "
                                                    "document, or a folder.")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="The council the documents "
                                                "are about, e.g. Devon (default: the council "
                                                "a document names).")] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> int:
    """Read plan tables, action plans and governance sentences into the dataset format."""
    from rich.markup import escape

    from sendkg.ingest.pipeline import ingest_files
    from sendkg.ingest.writer import write_outputs

    index, note = _reference_index(data)
    if note:
        err_console.print(f"[yellow]note:[/yellow] {note}", soft_wrap=True)

    def progress(number: int, total: int, path: Path) -> None:
        if total > 1 and not json:
            err_console.print(f"reading {path} ({number}/{total})")

    results = ingest_files(files, index, plan, progress, area)
    errors = [r.error for r in results if r.error is not None]
    # All or nothing: a good file is not written beside a broken one, so a run that
    # exits 2 has changed nothing on disk.
    written = write_outputs(results, output, index) if output and not errors else []
    for error in errors:
        err_console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False,
                          soft_wrap=True)
    good = [r for r in results if r.error is None]
    if json:  # a file with nothing recognised is said on stderr too, not only in the JSON
        for result in good:
            if not result.results:
                err_console.print(f"[yellow]warning:[/yellow] "
                                  f"{escape(result.draft.warnings[-1])}", soft_wrap=True)
        emit_json({"command": "ingest", "files": [str(f) for f in files], "plan": plan,
                   "area": area},
                  [item for r in good for item in r.results],
                  review=[item for r in good for item in r.draft.review],
                  warnings=[w for r in good for w in r.draft.warnings],
                  errors=[str(e) for e in errors], written=[str(p) for p in written])
    else:
        _print_summary(good, written, output, len(errors) if output else 0)
        warnings = [w for r in good for w in r.draft.warnings]
        for warning in warnings[:20]:
            err_console.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
        if len(warnings) > 20:
            err_console.print(f"[yellow]warning:[/yellow] … and {len(warnings) - 20} more "
                              f"(--json lists them all; each is a comment in the draft written)",
                              soft_wrap=True)
    return 2 if errors else 0


def register(app: typer.Typer) -> None:
    app.command()(ingest)
