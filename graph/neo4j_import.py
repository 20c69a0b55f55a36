"""The CSV files `neo4j-admin database import full` reads: a first load of a very large
graph into an empty database, far faster than `sendkg push`.

`write_neo4j_import(kg, DIR)` writes, into the folder DIR:
- `nodes-<Type>.csv`, one per ontology type: `id:ID(SendkgEntity)`, `:LABEL`
  (`SendkgEntity` and `<Type>`, separated like list items) and the properties a push stores (graph/neo4j_sync_plan.py:
  dataset, type, label, aliases and sources as string arrays, own properties,
  `sendkg_hash`), each column typed (`:boolean`, `:long`, `:double`, `:string[]`);
- `relationships-<relation>.csv`, one per relation: `:START_ID(SendkgEntity)`,
  `:END_ID(SendkgEntity)`, `:TYPE` and the relationship's properties;
- `import-command.txt`: the command line that imports them (run in DIR).

The database then holds what `sendkg push` would have written, so a later push of the
same dataset finds every row unchanged and writes only what changed since. List items
and labels are separated by U+001F (unit separator: `--array-delimiter` sets both);
text holding it is refused. neo4j-admin cannot store an empty list: an entity without
aliases or sources has no such property, where a push stores an empty list.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sendkg.errors import SendkgError
from sendkg.files import write_atomically
from sendkg.graph.neo4j_sync_plan import edge_rows, node_rows
from sendkg.graph.neo4j_writer import ENTITY_LABEL

ID_SPACE = ENTITY_LABEL
ARRAY_DELIMITER = "\x1f"
COMMAND_FILE = "import-command.txt"


class Neo4jImportError(SendkgError):
    """A value cannot be written in neo4j-admin's CSV (it holds the array delimiter)."""


def _column_type(values: list) -> str:
    """neo4j-admin's type for a property's values (a mix of types is stored as text)."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return ":boolean"
    if kinds == {int}:
        return ":long"
    if kinds <= {int, float} and kinds:
        return ":double"
    if kinds == {list}:
        return ":string[]"
    return ""


def _cell(value, where: str, key: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = [str(v) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise Neo4jImportError(f"{where}: {key} holds the character U+001F, which "
                                   "the neo4j-import files use between list items")
        return ARRAY_DELIMITER.join(items)
    return str(value)


def _line(cells: list[str | None]) -> str:
    """One CSV line: each value quoted (so an empty text or list is stored, as a push
    stores it); a property the entity lacks (None) is left empty, so none is stored."""
    return ",".join("" if cell is None else '"' + cell.replace('"', '""') + '"'
                    for cell in cells) + "\n"


def _table(fixed: list[str], rows: list[tuple[list[str], dict]], where) -> bytes:
    """CSV bytes: the fixed columns, then every property of `rows`, typed."""
    values = defaultdict(list)
    for _, props in rows:
        for key, value in props.items():
            values[key].append(value)
    keys = sorted(values)
    lines = [_line([*fixed, *(f"{k}{_column_type(values[k])}" for k in keys)])]
    for (cells, props), name in zip(rows, where):
        lines.append(_line([*cells, *(None if k not in props else _cell(props[k], name, k)
                                      for k in keys)]))
    return "".join(lines).encode("utf-8")


def write_neo4j_import(kg, path: Path, dataset: str | None = None) -> None:
    """Write the neo4j-admin import files of `kg` into the folder `path` (made if needed;
    a file name is refused). `dataset` defaults to the graph's name, as `sendkg push`.
    Raises Neo4jImportError for a value the format cannot hold, before writing."""
    from sendkg.graph.exports import tables_folder

    folder = tables_folder(path)
    dataset = dataset or kg.name
    nodes = node_rows(kg, dataset)
    edges, _ = edge_rows(kg, dataset, nodes)
    files = {}
    for type_name, rows in _by(nodes.values(), "type").items():
        files[f"nodes-{type_name}.csv"] = _table(
            [f"id:ID({ID_SPACE})", ":LABEL"],
            [([row["id"], f"{ENTITY_LABEL}{ARRAY_DELIMITER}{type_name}"],
              {k: v for k, v in row["props"].items() if k != "id"}) for row in rows],
            [f"entity {row['id']}" for row in rows])
    for relation, rows in _by(edges.values(), "p").items():
        files[f"relationships-{relation}.csv"] = _table(
            [f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE"],
            [([row["s"], row["o"], relation], row["props"]) for row in rows],
            [f"relation {row['s']} {relation} {row['o']}" for row in rows])
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomically(folder / name, data)
    write_atomically(folder / COMMAND_FILE, (import_command(sorted(files)) + "\n").encode())


def _by(rows, key: str) -> dict[str, list[dict]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return dict(sorted(groups.items()))


def import_command(files: list[str], database: str = "neo4j") -> str:
    """The `neo4j-admin database import full` command line for `files` (names in the
    export folder), into `database` (new, or replaced with --overwrite-destination)."""
    parts = ["neo4j-admin database import full", database,
             "--array-delimiter=U+001F", "--multiline-fields=true"]
    parts += [f"--nodes={name}" for name in files if name.startswith("nodes-")]
    parts += [f"--relationships={name}" for name in files if name.startswith("relationships-")]
    return " ".join(parts)
