"""Exporters: one function per format; sendkg.registry names them ("exporter" entries).

Every writer produces the whole output in memory or a temporary place first and then
renames it into position, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from sendkg import registry
from sendkg.errors import UnknownFormatError
from sendkg.files import write_atomically
from sendkg.graph.rdf import to_rdf

MULTI_SEPARATOR = "|"  # KGX's separator for multi-valued cells


def write_turtle(kg, path: Path) -> None:
    write_atomically(Path(path), to_rdf(kg).serialize(format="turtle").encode())


def write_ntriples(kg, path: Path) -> None:
    write_atomically(Path(path), to_rdf(kg).serialize(format="nt").encode())


def write_jsonld(kg, path: Path) -> None:
    data = to_rdf(kg).serialize(format="json-ld", indent=2)
    write_atomically(Path(path), data.encode())


def _joined(values) -> str:
    return MULTI_SEPARATOR.join(str(v) for v in values)


def flat_graph(kg) -> nx.MultiDiGraph:
    """The graph with only string attributes, as GraphML and GEXF require."""
    flat = nx.MultiDiGraph(name=kg.name)
    for node in kg.nodes():
        flat.add_node(node.id, type=node.type, label=node.label,
                      aliases=_joined(node.aliases), sources=_joined(node.sources),
                      **{k: str(v) for k, v in node.props.items()})
    for edge in kg.edges():
        flat.add_edge(edge.s, edge.o, key=edge.p, relation=edge.p,
                      sources=_joined(edge.sources),
                      **{k: str(v) for k, v in edge.props.items()})
    return flat


def _networkx_writer(write: Callable) -> Callable:
    def writer(kg, path: Path) -> None:
        buffer = io.BytesIO()
        write(flat_graph(kg), buffer)
        write_atomically(Path(path), buffer.getvalue())
    return writer


write_graphml = _networkx_writer(nx.write_graphml)
write_gexf = _networkx_writer(nx.write_gexf)


def _rows_to_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=header, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def _node_rows(kg) -> tuple[list[str], list[dict]]:
    keys = sorted({k for node in kg.nodes() for k in node.props})
    rows = [{"id": n.id, "category": f"sendkg:{n.type}", "name": n.label,
             "synonym": _joined(n.aliases), "provided_by": _joined(n.sources),
             **{k: n.props.get(k, "") for k in keys}} for n in kg.nodes()]
    return ["id", "category", "name", "synonym", "provided_by", *keys], rows


def _edge_rows(kg) -> tuple[list[str], list[dict]]:
    keys = sorted({k for edge in kg.edges() for k in edge.props})
    rows = [{"id": f"{e.s}|{e.p}|{e.o}", "subject": e.s, "predicate": f"sendkg:{e.p}",
             "object": e.o, "provided_by": _joined(e.sources),
             **{k: e.props.get(k, "") for k in keys}} for e in kg.edges()]
    return ["id", "subject", "predicate", "object", "provided_by", *keys], rows


def write_csv_tables(kg, path: Path) -> None:
    """KGX-style tables: PATH/nodes.csv and PATH/edges.csv (PATH is a folder)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        _rows_to_csv(staging / "nodes.csv", *_node_rows(kg))
        _rows_to_csv(staging / "edges.csv", *_edge_rows(kg))
        if path.is_dir():
            shutil.rmtree(path)
        os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def export_graph(kg, format: str, path: Path) -> None:
    """Write `kg` to `path` in `format` (an "exporter" name of sendkg.registry)."""
    if format not in registry.names("exporter"):
        raise UnknownFormatError(f"unknown export format {format!r}; choose one of "
                                 f"{registry.choices('exporter')}")
    registry.load("exporter", format)(kg, path)
