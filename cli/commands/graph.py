"""Commands over the whole graph: build, stats, find, validate, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from sendkg.cli.output import (
    DataOption,
    JsonOption,
    console,
    emit_json,
    err_console,
    load_graph,
    output_folder_exists,
    print_indented,
    print_trimmed,
    registry_help,
    sources_text,
)


def _stats_tables(stats: dict, names: dict[str, str] | None = None) -> list[Table]:
    """The node type, relation and source document tables; `names`: {source file: how
    to call it}, each document by its short name (data/FORMAT.md `short`) rather than
    a file name or web address cut to fit (JSON keeps the file)."""
    tables = []
    for title, counts in (("Node type", stats["node_types"]), ("Relation", stats["relations"])):
        table = Table(title=f"{title}s")
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        tables.append(table)
    table = Table(title="Source documents")
    for column in ("document", "entities citing it", "relations citing it"):
        table.add_column(column)
    shown = [((names or {}).get(name, name), counts)
             for name, counts in stats["documents"].items()]
    for name, counts in sorted(shown, key=lambda row: row[0].casefold()):
        table.add_row(Text(name), str(counts["nodes"]), str(counts["edges"]))  # not markup
    tables.append(table)
    return tables


def stats(data: DataOption = None, json: JsonOption = False) -> None:
    """Counts per node type, relation and source document."""
    from sendkg.graph.stats import graph_statistics

    kg = load_graph(data)
    result = graph_statistics(kg)
    if json:
        emit_json({"command": "stats", "data": str(data or "bundled")}, [], **result)
        return
    # The successions' public sources (Acts, merger pages) are cited beside the papers.
    public = {name for s in kg.successions for name in (s.source, s.source_uri) if name}
    sources = sum(name in public for name in result["documents"])
    print_indented(f"[bold]{result['nodes']}[/bold] entities, [bold]{result['edges']}[/bold] "
                   f"relations from {len(result['documents']) - sources} documents"
                   + (f" and {sources} public sources of successions" if sources else "")
                   + f"; {result['review']} possible duplicates for review")
    for table in _stats_tables(result, _document_names(kg)):
        print_trimmed(table)


def _document_names(kg) -> dict[str, str]:
    """{source file: its document's short name, else its title}. A succession's public
    source keeps its address: two CCG mergers' pages share one source name."""
    from sendkg.graph.citations import short_names

    titles = {s.document: n.label for n in kg.nodes("Document") for s in n.sources}
    return {**titles, **short_names(kg)}


def build(data: DataOption = None, json: JsonOption = False) -> None:
    """Build a dataset folder into a graph, report problems, and print its summary."""
    stats(data=data, json=json)


def find(
    text: Annotated[str, typer.Argument(help="A name, alias or abbreviation.")],
    type: Annotated[str, typer.Option("--type", help="Only entities of this type.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Find entities by name: weighted words, synonyms, abbreviations, spelling; says why."""
    from sendkg.queries.find import STRONG, find_entities

    matches = find_entities(load_graph(data), text, limit=limit, type=type)
    message = None
    if not matches:
        message = f"no match for {text!r}"
    elif matches[0].score < STRONG:
        message = f"no close match for {text!r}; nearest below"
    if json:
        emit_json({"command": "find", "text": text, "type": type}, [
            {**m.node.summary(), "score": m.score, "matched": m.matched, "why": m.why,
             "aliases": list(m.node.aliases)} for m in matches],
            **({"message": message} if message else {}))
        return
    if message:
        console.print(message)
    for m in matches:
        print_indented(f"[bold]{m.score:3.0f}[/bold] {m.node.type} "
                       f"[bold]{_escape(m.node.label)}[/bold] [dim]({m.node.id})[/dim]", hang=4)
        print_indented(f"    [green]why:[/green] {_escape(m.why)}"
                      + (f" in {_escape(repr(m.matched))}" if m.matched != m.node.label else "")
                      + f" [dim]{_escape(sources_text(m.node.sources))}[/dim]")


def _escape(text) -> str:
    from rich.markup import escape

    return escape(str(text))


def validate(data: DataOption = None, json: JsonOption = False) -> int:
    """Check the graph against the ontology's SHACL shapes (exit 1 on violations)."""
    from sendkg.checks.validation import validate_graph

    kg = load_graph(data)
    violations = validate_graph(kg)
    if json:
        emit_json({"command": "validate"}, [v.as_dict() for v in violations],
                  conforms=not violations,
                  review=[vars(item) for item in kg.review])
    elif not violations:
        console.print(f"[green]conforms[/green]: {len(kg)} entities meet every shape")
    else:
        table = Table(title=f"{len(violations)} shape violations")
        for column in ("entity", "problem", "shape"):
            table.add_column(column, overflow="fold")
        for v in violations:
            table.add_row(v.focus, v.message, v.shape)
        console.print(table)
    return 1 if violations else 0


def export(
    format: Annotated[str, typer.Option("--format", "-f",
                                        help=f"One of: {registry_help('exporter')}.")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         help="File to write (a folder for csv, "
                                              "register-csv and neo4j-import: "
                                              "their files go into it).")],
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Write the graph in another format: RDF, graph files or tables (--format)."""
    from sendkg.graph.exports import export_graph

    output_folder_exists(output)  # the folder of the file (or of the csv folder)
    kg = load_graph(data)
    warnings = export_graph(kg, format, output)
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {_escape(warning)}")
    if json:
        emit_json({"command": "export", "format": format}, [],
                  output=str(output), nodes=len(kg), warnings=warnings)
    else:
        console.print(f"wrote {format} to {output} ({len(kg)} entities)")


def register(app: typer.Typer) -> None:
    for command in (build, stats, find, validate, export):
        app.command()(command)
