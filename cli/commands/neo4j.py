"""`sendkg push` and `sendkg cypher`: share the graph through a Neo4j database."""

from __future__ import annotations

import json as jsonlib
import logging
import os
import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sendkg import registry
from sendkg.cli.output import DataOption, JsonOption, console, emit_json, err_console, load_graph

UriOption = Annotated[str, typer.Option(
    "--uri", envvar="NEO4J_URI", help="Bolt or neo4j URI, e.g. bolt://127.0.0.1:7687.")]
UserOption = Annotated[Optional[str], typer.Option(
    "--user", envvar="NEO4J_USER", help="User name (default: none, or neo4j when a "
                                        "password is set).")]
PasswordEnvOption = Annotated[str, typer.Option(
    "--password-env", metavar="VAR", help="Environment variable holding the password.")]
DatabaseOption = Annotated[Optional[str], typer.Option(
    "--database", help="Database name (default: the server's default database).")]


def _target(uri: str, user: Optional[str], password_env: str, database: Optional[str]):
    from sendkg.graph.neo4j_connection import Neo4jTarget

    # The driver logs every server notification (such as "property key does not exist"
    # on a first push) as a multi-line warning; not for a command's user.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    return Neo4jTarget(uri, user, os.environ.get(password_env) or None, database)


def push(
    uri: UriOption,
    user: UserOption = None,
    password_env: PasswordEnvOption = "NEO4J_PASSWORD",
    database: DatabaseOption = None,
    dataset: Annotated[Optional[str], typer.Option(
        "--dataset", help="Name tagging this dataset's nodes (default: the data folder's "
                          "name, 'bundled' for the bundled data).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1,
                                            help="Rows per UNWIND batch.")] = 5000,
    transaction_rows: Annotated[int, typer.Option(
        "--transaction-rows", min=1, help="Changes up to this many rows are one "
        "all-or-nothing transaction; larger ones commit in transactions of this size, "
        "and an interrupted push is finished by the next.")] = 20_000,
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Show what would change; write nothing.")] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Sync the graph into Neo4j: create, update and delete only what changed."""
    from sendkg.graph.neo4j_writer import push_graph

    kg = load_graph(data)
    target = _target(uri, user, password_env, database)
    with _progress_bar(disable=json or dry_run) as report_progress:
        report = push_graph(kg, target, dataset, batch_size=batch_size, dry_run=dry_run,
                            transaction_rows=transaction_rows, progress=report_progress)
    if json:
        emit_json({"command": "push", "uri": uri, "database": database,
                   "dataset": report.dataset, "dry_run": dry_run}, report.changes,
                  summary=report.counts, skipped_edges=report.skipped_edges,
                  transactions=report.transactions, resumed=report.resumed,
                  seconds=round(report.seconds, 3))
        return
    _print_push(report, uri)


class _progress_bar:
    """A Rich progress bar on stderr, fed by push_graph's (done, total) callback."""

    def __init__(self, disable: bool):
        self.bar = Progress(TextColumn("pushing"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err_console, disable=disable,
                            transient=True)
        self.task = None

    def __enter__(self):
        self.bar.start()
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.bar.add_task("push", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        self.bar.stop()


def _print_push(report, uri: str) -> None:
    verb = "would change" if report.dry_run else "changed"
    counts = report.counts
    table = Table(title=f"{verb} in dataset {report.dataset!r} at {uri}")
    for column in ("", "create", "update", "delete", "unchanged"):
        table.add_column(column, justify="right" if column else "left")
    for kind, key in (("nodes", "nodes"), ("relationships", "edges")):
        table.add_row(kind, *(str(counts[f"{a}_{key}"]) for a in
                              ("create", "update", "delete", "unchanged")))
    console.print(table)
    if report.dry_run and report.changes:
        _print_changes(report.changes)
    if report.skipped_edges:
        err_console.print(f"[yellow]skipped {report.skipped_edges} relations whose ends "
                          "are not entities of the graph[/yellow]")
    if report.resumed:
        console.print("finished a push of this dataset that had been interrupted")
    if not report.dry_run:
        console.print(f"{report.written} rows written in {report.seconds:.2f}s "
                      f"({report.transactions} transaction"
                      f"{'s' if report.transactions > 1 else ''})")


def _print_changes(changes: list[dict], limit: int = 20) -> None:
    table = Table(title="planned changes")
    for column in ("action", "kind", "type", "id"):
        table.add_column(column, overflow="fold")
    for change in changes[:limit]:
        table.add_row(change["action"], change["kind"], change["type"], change["id"])
    console.print(table)
    if len(changes) > limit:
        console.print(f"… and {len(changes) - limit} more (--json lists them all)")


def _named_queries() -> list[str]:
    return registry.names("query")  # each is queries/NAME.cypher


def named_query(text: str) -> tuple[str, str]:
    """(name, Cypher) for a file path, a named query in queries/*.cypher, or query text."""
    path = Path(text)
    if path.suffix == ".cypher" and path.is_file():
        from sendkg.files import read_text

        return path.stem, read_text(path)
    bundled = resources.files("sendkg.queries") / f"{text.removesuffix('.cypher')}.cypher"
    if "\n" not in text and bundled.is_file():
        return text.removesuffix(".cypher"), bundled.read_text(encoding="utf-8")
    return "", text


def _parameters(pairs: list[str]) -> dict:
    parameters = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise typer.BadParameter(f"{pair!r}: expected NAME=VALUE", param_hint="--param")
        try:
            parameters[name] = jsonlib.loads(value)
        except ValueError:
            parameters[name] = value
    return parameters


def cypher(
    query: Annotated[str, typer.Argument(
        metavar="FILE_OR_TEXT", help="A .cypher file, a named query (queries/NAME.cypher: "
                                     f"{', '.join(_named_queries())}) or Cypher text.")],
    uri: UriOption,
    param: Annotated[list[str], typer.Option(
        "--param", "-p", help="NAME=VALUE (JSON values allowed); repeatable.")] = [],
    user: UserOption = None,
    password_env: PasswordEnvOption = "NEO4J_PASSWORD",
    database: DatabaseOption = None,
    dataset: Annotated[str, typer.Option(
        "--dataset", help="The dataset to look in, as `sendkg push` named it; passed as "
                          "$dataset to a query that uses it.")] = "bundled",
    write: Annotated[bool, typer.Option(
        "--write", help="Let the query change the database (default: read-only).")] = False,
    allow_network: Annotated[bool, typer.Option(
        "--allow-network", help="Let the query make the server fetch or export (LOAD CSV, "
                                "apoc.load…); refused otherwise.")] = False,
    json: JsonOption = False,
) -> None:
    """Run a named or ad-hoc read-only Cypher query against Neo4j.

    Named queries take the entity's id and look in one dataset (default: bundled):
    sendkg cypher owner --param id=act:example --dataset my-council
    """
    from rich.markup import escape

    from sendkg.graph.neo4j_connection import run_user_cypher

    name, text = named_query(query)
    parameters = _parameters(param)
    if re.search(r"\$dataset\b", text):
        parameters.setdefault("dataset", dataset)
    records, warnings = run_user_cypher(_target(uri, user, password_env, database), text,
                                        parameters, write=write, allow_network=allow_network)
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    if json:
        emit_json({"command": "cypher", "name": name or None, "cypher": text,
                   "parameters": parameters}, records, warnings=warnings)
        return
    _print_records(records, name or "query")


def _cell(value) -> str:
    if isinstance(value, dict) and "id" in value:
        return f"{value.get('label', '')} ({value['id']})"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return "" if value is None else str(value)


def _print_records(records: list[dict], title: str) -> None:
    if not records:
        console.print("no results")
        return
    from rich.markup import escape
    from rich.text import Text

    table = Table(title=escape(f"{title}: {len(records)} rows"))
    for column in records[0]:
        table.add_column(escape(column), overflow="fold")
    for record in records:  # values are data: Text, never read as console markup
        table.add_row(*(Text(_cell(record.get(column))) for column in records[0]))
    console.print(table)


def register(app: typer.Typer) -> None:
    for command in (push, cypher):
        app.command()(command)
