"""`sendkg sparql`: run SPARQL on the graph's embedded RDF view.

QUERY is a file, the name of a bundled query (a "query" of sendkg.registry, read from
queries/NAME.rq) or the query text. Values are bound as parameters, never pasted into the text:
`--id ID` (or `--text TEXT`, resolved like `find`) binds $node to the entity's IRI, and
`--param name=value` binds any other variable (`name=<iri>` for an IRI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from sendkg import registry
from sendkg.cli.output import DataOption, JsonOption, console, emit_json, load_graph
from sendkg.errors import SendkgError

QueryArgument = Annotated[str, typer.Argument(
    help=f"A .rq file, a bundled query name ({registry.choices('query')}) or SPARQL text.")]


def _query_text(query: str) -> tuple[str, str]:
    """(label, text) for a file, a bundled query name or inline SPARQL."""
    from sendkg.files import read_text
    from sendkg.queries.sparql import named_queries, named_query

    path = Path(query)
    if query.endswith(".rq") or (len(query) < 200 and "\n" not in query and path.is_file()):
        if not path.is_file():
            raise SendkgError(f"no such query file: {query}")
        return str(path), read_text(path)
    if query in named_queries():
        return query, named_query(query)
    return "inline", query


def _bindings(kg, params: list[str], node_id: Optional[str]) -> dict:
    from rdflib import URIRef

    from sendkg.graph.rdf import node_iri

    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name.strip():
            raise SendkgError(f"--param wants name=value, got {param!r}")
        is_iri = value.startswith("<") and value.endswith(">")
        bindings[name.strip().lstrip("?$")] = URIRef(value[1:-1]) if is_iri else value
    if node_id is not None:
        kg.node(node_id)  # an unknown id is "no match", not an empty answer
        bindings["node"] = node_iri(node_id)
    return bindings


def _shown(value) -> str:
    """Node IRIs as their ids, everything else as text."""
    from sendkg.graph.rdf import ID, node_id_of

    text = str(value)
    return node_id_of(text) if text.startswith(str(ID)) else text


def _print_rows(title: str, rows: list[dict]) -> None:
    from rich.markup import escape
    from rich.text import Text

    if not rows:
        console.print(f"{title}: no rows", markup=False)
        return
    columns = list(dict.fromkeys(k for row in rows for k in row))
    table = Table(title=escape(f"{title}: {len(rows)} rows"))
    for column in columns:
        table.add_column(escape(column), overflow="fold")
    for row in rows:  # values are data: Text, never read as console markup
        table.add_row(*(Text(_shown(row[c]).replace("|", "\n") if c in row else "")
                        for c in columns))
    console.print(table)


def _run_other(kg, text: str, bindings: dict, json: bool, label: str) -> None:
    """ASK, CONSTRUCT and DESCRIBE (rdflib only)."""
    from sendkg.queries.sparql import run

    result = run(kg, text, bindings)
    if result.type == "ASK":
        if json:
            emit_json({"command": "sparql", "query": label}, [], answer=bool(result.askAnswer))
        else:
            console.print("yes" if result.askAnswer else "no")
        return
    turtle = result.graph.serialize(format="turtle")
    if json:
        emit_json({"command": "sparql", "query": label}, [], turtle=turtle)
    else:
        console.print(turtle, markup=False)


def sparql(
    query: QueryArgument,
    id: Annotated[Optional[str], typer.Option("--id", help="Bind $node to this entity.")] = None,
    text: Annotated[Optional[str], typer.Option(
        "--text", help="Bind $node to the entity TEXT names (each one, when several tie).")] = None,
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", help="Bind a variable: name=value, or name=<iri>. Repeatable.")] = None,
    engine: Annotated[str, typer.Option(
        "--engine", help="rdflib (default) or oxigraph (SELECT only).")] = "rdflib",
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Run SPARQL on the embedded RDF view, values bound as parameters (never pasted in)."""
    from sendkg.queries.resolution import subjects
    from sendkg.queries.sparql import ENGINES, prepared_query, select

    if engine not in ENGINES:
        raise SendkgError(f"--engine must be one of: {', '.join(ENGINES)}")
    kg = load_graph(data)
    label, body = _query_text(query)
    ids = [n.id for n in subjects(kg, text)] if text else [id]
    prepared = prepared_query(body)
    if prepared.algebra.name != "SelectQuery":
        return _run_other(kg, body, _bindings(kg, param or [], ids[0]), json, label)
    answers = [(node_id, select(kg, body, _bindings(kg, param or [], node_id), engine))
               for node_id in ids]
    if json:
        results = [{**({"node": node_id} if node_id else {}), **{k: str(v) for k, v in r.items()}}
                   for node_id, rows in answers for r in rows]
        return emit_json({"command": "sparql", "query": label, "engine": engine,
                          "text": text, "id": id}, results)
    for node_id, rows in answers:
        _print_rows(f"{label}{f' for {node_id}' if node_id else ''}", rows)


def register(app: typer.Typer) -> None:
    app.command()(sparql)
