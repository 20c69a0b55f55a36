"""Exporters: one function per format; sendkg.registry names them ("exporter" entries).

Every writer produces the whole output in memory or a temporary place first and then
renames it into position, so a failed export never leaves half a file. A writer returns
the warnings it has for the user (a list of lines, or None): XML formats remove control
characters, which XML cannot hold, and name each entity they changed.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import networkx as nx

from sendkg import registry
from sendkg.errors import SendkgError, UnknownFormatError
from sendkg.files import write_atomically
from sendkg.graph.rdf_terms import PREFIXES, oxigraph_triples

MULTI_SEPARATOR = "|"  # KGX's separator for multi-valued cells


def _write_rdf(kg, path: Path, format_name: str) -> None:
    """The graph's RDF view (pyoxigraph terms) in pyoxigraph's serialiser for
    `format_name` (a `pyoxigraph.RdfFormat` member), written atomically."""
    import pyoxigraph

    data = pyoxigraph.serialize(oxigraph_triples(kg), format=getattr(
        pyoxigraph.RdfFormat, format_name), prefixes=PREFIXES)
    write_atomically(Path(path), data)


def write_turtle(kg, path: Path) -> None:
    _write_rdf(kg, path, "TURTLE")


def write_ntriples(kg, path: Path) -> None:
    _write_rdf(kg, path, "N_TRIPLES")


def write_jsonld(kg, path: Path) -> None:
    _write_rdf(kg, path, "JSON_LD")


def _joined(values) -> str:
    return MULTI_SEPARATOR.join(str(v) for v in values)


# Characters XML 1.0 cannot hold (and C1 controls, which readers reject or mangle);
# tab, line feed and carriage return are kept.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# GEXF reads these node and edge attributes as its own (start/end make a dynamic graph
# with plan dates as node lifetimes); sendkg's values of that name are renamed.
GEXF_RENAMES = {"start": "plan_start", "end": "plan_end"}
_GEXF_NODE_RESERVED = ("id", "pid", "viz", "parents", "slices", "spells")
_GEXF_EDGE_RESERVED = ("id", "label", "weight", "type", "slices", "spells", "networkx_key")


class ExportPathError(SendkgError):
    """The output path cannot be what the format writes (a file name for a folder)."""


def _cleaner(warnings: list[str] | None):
    """A function making one entity's texts XML-safe, noting what it removed."""
    def clean(where: str, fields: dict[str, str]) -> dict[str, str]:
        changed = sorted(k for k, v in fields.items() if _NOT_XML.search(v))
        if not changed:
            return fields
        if warnings is not None:
            warnings.append(f"removed control characters from {where} "
                            f"({', '.join(changed)})")
        return {k: _NOT_XML.sub("", v) for k, v in fields.items()}
    return clean


def _renamed(props: dict, renames: dict[str, str]) -> dict[str, str]:
    return {renames.get(k, k): str(v) for k, v in props.items()}


def flat_graph(kg, warnings: list[str] | None = None,
               node_renames: dict[str, str] | None = None,
               edge_renames: dict[str, str] | None = None,
               numbered_edges: bool = False) -> nx.MultiDiGraph:
    """The graph with only string attributes, as GraphML and GEXF require.

    Control characters are removed (each entity changed is named in `warnings`);
    the renames map property names the target format reserves to safe ones. Each
    edge's key is its relation, or e0, e1, … with `numbered_edges` (GraphML writes
    the key as the edge's id, which must be unique in the file).
    """
    clean = _cleaner(warnings)
    flat = nx.MultiDiGraph(name=_NOT_XML.sub("", str(kg.name or "")))
    for node in kg.nodes():
        props = _renamed(node.props, node_renames or {})
        fields = clean(f"{node.id} {_NOT_XML.sub('', node.label)!r}",
                       {"type": node.type, "label": node.label,
                        "aliases": _joined(node.aliases), "sources": _joined(node.sources),
                        **{k: v for k, v in props.items()
                           if k not in ("type", "label", "aliases", "sources")}})
        flat.add_node(_NOT_XML.sub("", node.id), **fields)
    for number, edge in enumerate(kg.edges()):
        props = _renamed(edge.props, edge_renames or {})
        fields = clean(f"relation {edge.s} {edge.p} {edge.o}",
                       {"relation": edge.p, "sources": _joined(edge.sources),
                        **{k: v for k, v in props.items()
                           if k not in ("relation", "sources")}})
        flat.add_edge(_NOT_XML.sub("", edge.s), _NOT_XML.sub("", edge.o),
                      key=f"e{number}" if numbered_edges else edge.p, **fields)
    return flat


def write_graphml(kg, path: Path) -> list[str]:
    """GraphML 1.0, valid against its XSD (edge ids e0, e1, …; the relation is data)."""
    warnings: list[str] = []
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(kg, warnings, numbered_edges=True), buffer)
    write_atomically(Path(path), buffer.getvalue())
    return warnings


def write_gexf(kg, path: Path) -> list[str]:
    """GEXF 1.3, static, valid against its XSD: start/end become plan_start/plan_end,
    other reserved names gain a `sendkg_` prefix, so Gephi reads dates as data, not
    node lifetimes. The dataset's name goes in the <meta> description."""
    warnings: list[str] = []
    flat = flat_graph(kg, warnings,
                      {**{k: f"sendkg_{k}" for k in _GEXF_NODE_RESERVED}, **GEXF_RENAMES},
                      {**{k: f"sendkg_{k}" for k in _GEXF_EDGE_RESERVED}, **GEXF_RENAMES})
    flat.graph["mode"] = "static"
    name = flat.graph.pop("name", "")
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, version="1.3")
    write_atomically(Path(path), _mended_gexf(buffer.getvalue(), name))
    return warnings


def _mended_gexf(data: bytes, name: str) -> bytes:
    """networkx's GEXF 1.3 with its two departures from the 1.3 XSD mended: the XML
    Schema instance namespace misspelt (w3.org for www.w3.org), and a `name` on
    <graph>, which 1.3 does not allow (the name moves to <meta><description>)."""
    head, rest = data.split(b"<graph ", 1)
    head = head.replace(b'"http://w3.org/2001/XMLSchema-instance"',
                        b'"http://www.w3.org/2001/XMLSchema-instance"', 1)
    tag, rest = rest.split(b">", 1)
    tag = re.sub(rb'\s*\bname="[^"]*"', b"", tag, count=1)
    if name:
        described = f"<description>{html.escape(name, quote=False)}</description>"
        head = head.replace(b"</creator>", b"</creator>" + described.encode(), 1)
    return head + b"<graph " + tag + b">" + rest


def _csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


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


CSV_TABLES = ("nodes.csv", "edges.csv")


def tables_folder(path: Path) -> Path:
    """`path` as the folder for table files: refused when it names a file."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportPathError(f"{path} is a file; the tables go into a folder: give a "
                              f"folder name, e.g. -o {path.with_suffix('')}")
    if not path.exists() and path.suffix:
        raise ExportPathError(f"{path} looks like a file name; the tables go into a "
                              f"folder: give a folder name, e.g. -o {path.with_suffix('')}")
    return path


def write_csv_tables(kg, path: Path) -> None:
    """KGX-style tables: PATH/nodes.csv and PATH/edges.csv (PATH is a folder).

    The folder is made with the usual mode (the umask applies); each table is written
    atomically; no other file in the folder is touched.
    """
    path = tables_folder(path)
    path.mkdir(parents=True, exist_ok=True)
    write_atomically(path / "nodes.csv", _csv_bytes(*_node_rows(kg)))
    write_atomically(path / "edges.csv", _csv_bytes(*_edge_rows(kg)))


def export_graph(kg, format: str, path: Path) -> list[str]:
    """Write `kg` to `path` in `format` (an "exporter" name of sendkg.registry); return
    the warnings for the user (what was changed to make the file readable)."""
    if format not in registry.names("exporter"):
        raise UnknownFormatError(f"unknown export format {format!r}; choose one of "
                                 f"{registry.choices('exporter')}")
    _check_suffix(format, Path(path))
    return list(registry.load("exporter", format)(kg, path) or [])


# The file names each single-file format goes by, so that an output named for another
# format (`--format xlsx -o register.csv`) is refused rather than written. The folder
# formats (csv, register-csv, neo4j-import) refuse a file name in `tables_folder`.
SUFFIXES = {"ttl": (".ttl",), "nt": (".nt",), "jsonld": (".jsonld", ".json"),
            "graphml": (".graphml", ".xml"), "gexf": (".gexf", ".xml"), "xlsx": (".xlsx",)}
OTHER_SUFFIXES = (".csv",)  # what the folder formats write inside their folder


def _check_suffix(format: str, path: Path) -> None:
    """UnknownFormatError when `path`, the output of a single-file `format`, ends in
    another format's suffix."""
    if format not in SUFFIXES:
        return
    suffix = path.suffix.lower()
    others = {s for found in SUFFIXES.values() for s in found} | set(OTHER_SUFFIXES)
    if suffix in SUFFIXES[format] or suffix not in others:
        return
    raise UnknownFormatError(f"{path.name}: --format {format} does not write {suffix} "
                             f"files; name the output {SUFFIXES[format][0]}")
