"""The one registry: every reader, exporter, renderer, view, named query and lint rule.

Each entry is a name, the import path of the code behind it ("module:attribute") and a
one-line summary. Nothing is imported until an entry is loaded, so listing names (for a
CLI choice list or help text) costs no start-up time; in the style of rdflib's plugin
registry and spaCy's registries.

Adding a format is one module plus one line here: write `read_x(path)`, `write_x(kg,
path)` or `render_x(view)` in its own module and name it below; the CLI's choices and
help texts are built from these entries, so nothing else changes. A view is a function
plus a line; a named query also needs its queries/NAME.rq and NAME.cypher; a lint rule
also needs `@lint_rule(...)` declaring its parameters and its defaults in
data/lint_rules.yaml (tests/test_registry.py checks all of this).

Kinds and what `load` returns for them:

- ``reader``: file extension -> ``read(path) -> list[Row]`` (sendkg.loaders)
- ``exporter``: ``--format`` name -> ``write(kg, path)`` (sendkg.graph.exports)
- ``renderer``: file extension -> ``draw(view) -> bytes`` (sendkg.render)
- ``view``: ``--view`` name -> ``build(kg, focus, depth) -> View`` (sendkg.render.views)
- ``query``: question name -> the Python function over the graph (sendkg.queries); the
  same name is the stem of its ``.rq`` and ``.cypher`` files
- ``lint-rule``: rule id -> ``check(ctx, params) -> Iterator[Issue]`` (sendkg.checks)

>>> names("exporter")
['ttl', 'nt', 'jsonld', 'graphml', 'gexf', 'csv', 'xlsx', 'register-csv', 'neo4j-import']
>>> entry("renderer", ".svg").summary
'SVG drawing (Graphviz dot)'
>>> entry("exporter", "xls")
Traceback (most recent call last):
sendkg.errors.UnknownFormatError: unknown exporter 'xls'; choose one of ttl, nt, jsonld, graphml, gexf, csv, xlsx, register-csv, neo4j-import
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from sendkg.errors import UnknownFormatError

KINDS = ("reader", "exporter", "renderer", "view", "query", "lint-rule")


@dataclass(frozen=True)
class Entry:
    """One registered name: `target` is "package.module:attribute", imported on load."""

    kind: str
    name: str
    target: str
    summary: str

    def load(self) -> Any:
        """The object behind the entry (imports its module on first use)."""
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)


def _entries(kind: str, rows: list[tuple[str, str, str]]) -> list[Entry]:
    return [Entry(kind, name, target, summary) for name, target, summary in rows]


_L, _E, _R, _V, _Q, _C = (f"sendkg.{p}" for p in (
    "loaders", "graph.exports", "render", "render.views", "queries", "checks"))

ENTRIES: tuple[Entry, ...] = (
    *_entries("reader", [
        (".txt", f"{_L}.text:read_text", "plain text (PDF or Word saved as text)"),
        (".text", f"{_L}.text:read_text", "plain text"),
        (".tsv", f"{_L}.text:read_text", "tab-separated text"),
        (".md", f"{_L}.markdown:read_markdown", "Markdown with pipe tables"),
        (".markdown", f"{_L}.markdown:read_markdown", "Markdown with pipe tables"),
        (".html", f"{_L}.html:read_html", "web page (a council's local offer, minutes)"),
        (".htm", f"{_L}.html:read_html", "web page"),
        (".docx", f"{_L}.word:read_docx", "Word document"),
        (".csv", f"{_L}.delimited:read_csv", "CSV (comma, semicolon or tab)"),
        (".xlsx", f"{_L}.excel:read_xlsx", "Excel workbook"),
        (".pdf", f"{_L}.pdf:read_pdf", "PDF with a text layer (tables and running text)"),
    ]),
    *_entries("exporter", [
        ("ttl", f"{_E}:write_turtle", "RDF Turtle"),
        ("nt", f"{_E}:write_ntriples", "RDF N-Triples"),
        ("jsonld", f"{_E}:write_jsonld", "JSON-LD"),
        ("graphml", f"{_E}:write_graphml", "GraphML (yEd, Gephi, Cytoscape)"),
        ("gexf", f"{_E}:write_gexf", "GEXF (Gephi)"),
        ("csv", f"{_E}:write_csv_tables", "KGX-style nodes and edges CSV tables (a folder)"),
        ("xlsx", f"{_Q}.register:write_register_xlsx",
         "action register workbook: Actions, Boards and a sheet per other type (Excel)"),
        ("register-csv", f"{_Q}.register:write_register_csv",
         "action register as one CSV per sheet, actions.csv, boards.csv… (a folder)"),
        ("neo4j-import", "sendkg.graph.neo4j_import:write_neo4j_import",
         "CSV files for `neo4j-admin database import full` (a folder)"),
    ]),
    *_entries("renderer", [
        (".html", f"{_R}.html:render_html", "interactive page that works offline"),
        (".svg", f"{_R}.graphviz:render_svg", "SVG drawing (Graphviz dot)"),
        (".png", f"{_R}.graphviz:render_png", "PNG picture (Graphviz dot)"),
        (".pdf", f"{_R}.graphviz:render_pdf", "PDF page (Graphviz dot)"),
        (".dot", f"{_R}.graphviz:render_dot", "Graphviz source"),
        (".gv", f"{_R}.graphviz:render_gv", "Graphviz source"),
        (".mmd", f"{_R}.mermaid:render_mermaid", "Mermaid flowchart for wikis"),
    ]),
    *_entries("view", [
        ("governance", f"{_V}:governance_view", "boards and who reports to whom"),
        ("plan", f"{_V}:plan_view", "plans, aims, objectives and actions"),
        ("accountability", f"{_R}.accountability:accountability_view",
         "one item's owners, chain and drivers (needs --focus)"),
        ("legislation", f"{_V}:legislation_view", "Acts and guidance and what they drive"),
    ]),
    *_entries("query", [
        ("owner", f"{_Q}.responsibility:owners_of", "who is responsible for it"),
        ("owns", f"{_Q}.responsibility:responsibilities_of", "what a person, post or body owns"),
        ("chain", f"{_Q}.accountability:reporting_chain", "where it reports, up to the top"),
        ("drivers", f"{_Q}.drivers:legislation_driving", "legislation that drives it"),
        ("impact", f"{_Q}.impact:affected_by", "what depends on it"),
        ("funders", f"{_Q}.funding:funders_of", "who funds or commissions it"),
    ]),
    *_entries("lint-rule", [
        ("priority-without-actions", f"{_C}.rules_plans:priority_without_actions",
         "a priority with no actions under it"),
        ("priority-without-owner", f"{_C}.rules_plans:priority_without_owner",
         "a priority nobody owns"),
        ("action-without-owner", f"{_C}.rules_plans:action_without_owner",
         "an action nobody owns"),
        ("action-without-timescale", f"{_C}.rules_plans:action_without_timescale",
         "an action with no time scale"),
        ("action-overdue-without-status", f"{_C}.rules_plans:action_overdue_without_status",
         "an action past its end date with no status"),
        ("plan-period-ended", f"{_C}.rules_plans:plan_period_ended",
         "a finished plan whose actions have no recorded status"),
        ("officer-overloaded", f"{_C}.rules_plans:officer_overloaded",
         "one officer leading more live actions than the limit"),
        ("objective-without-driver", f"{_C}.rules_plans:objective_without_driver",
         "an objective no legislation drives"),
        ("post-without-holder", f"{_C}.rules_governance:post_without_holder",
         "a post nobody holds"),
        ("board-without-chair", f"{_C}.rules_governance:board_without_chair",
         "a board with no chair"),
        ("board-without-reporting-line", f"{_C}.rules_governance:board_without_reporting_line",
         "a board that reports nowhere"),
        ("board-without-frequency", f"{_C}.rules_lifecycle:board_without_frequency",
         "a board that reports at no stated frequency"),
        ("owner-gone", f"{_C}.rules_lifecycle:owner_gone",
         "an item whose owners have all left or whose posts are empty"),
        ("plan-without-successor", f"{_C}.rules_lifecycle:plan_without_successor",
         "a plan past its end date with no successor"),
        ("fact-to-abolished-body", f"{_C}.rules_succession:fact_to_abolished_body",
         "a plan naming a body abolished before the plan began"),
        ("reporting-loop", f"{_C}.rules_governance:reporting_loop",
         "boards that report to each other in a loop"),
        ("person-spelling-variant", f"{_C}.rules_identity:person_spelling_variant",
         "two spellings of what may be one person"),
        ("legislation-not-in-registry", f"{_C}.rules_identity:legislation_not_in_registry",
         "legislation the registry does not know"),
        ("dangling-reference", f"{_C}.rules_references:dangling_reference",
         "a relation to an id no file declares"),
        ("relation-outside-ontology", f"{_C}.rules_references:relation_outside_ontology",
         "a relation between types the ontology does not allow"),
    ]),
)


@cache
def _by_kind() -> dict[str, dict[str, Entry]]:
    table: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    for item in ENTRIES:
        table[item.kind][item.name] = item
    return table


def entries(kind: str) -> list[Entry]:
    """Every entry of `kind`, in registration order."""
    return list(_by_kind()[kind].values())


def names(kind: str) -> list[str]:
    """The names registered for `kind`, in registration order (no import happens)."""
    return list(_by_kind()[kind])


def entry(kind: str, name: str) -> Entry:
    """The entry `name` of `kind`; UnknownFormatError listing the known names if none."""
    found = _by_kind()[kind].get(name)
    if found is None:
        raise UnknownFormatError(f"unknown {kind} {name!r}; choose one of "
                                 f"{', '.join(names(kind))}")
    return found


def load(kind: str, name: str) -> Any:
    """The code registered as `name` of `kind` (imported now if not yet)."""
    return entry(kind, name).load()


def choices(kind: str) -> str:
    """The names of `kind` as one comma-separated line, for help texts.

    >>> choices("view")
    'governance, plan, accountability, legislation'
    """
    return ", ".join(names(kind))
