"""The register's sheets beyond Actions and Boards: one per other type of entity.

Plans, Aims, Objectives, Deliverables, Outcomes, Indicators, People, Posts,
Organisations, Legislation, Documents and Areas, each entity one row, named first,
its sources last. The cells hold what an officer looks up: who leads an item and
when, what a person or organisation is responsible for, what an Act drives. Used by
sendkg.queries.register (the xlsx and CSV exporters), whose row helpers (leads, time
scale, legislation, funders) they share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sendkg.queries.containment import containers
from sendkg.queries.facts import with_uncertain
from sendkg.queries.register import (
    _funders,
    _leads,
    _legislation,
    _organisations,
    _owners,
    _sources,
    _time_scale,
)

ITEM_COLUMNS = ("plan", "{name}", "lead(s)", "time scale", "status",
                "legislation", "funders", "source")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the entity type whose nodes are its rows, its column
    headers, and the function giving one node's row (kg, node) -> cells."""

    name: str
    type: str
    columns: tuple[str, ...]
    row: Callable


def _labels(kg, edges, end: str = "o") -> list[str]:
    """The labels at `end` of `edges`, each once, marked when read uncertainly."""
    return list(dict.fromkeys(with_uncertain(kg.node(getattr(e, end)).label, e.props)
                              for e in edges))


def _out(kg, node, *relations: str) -> str:
    """Labels of what `node` points at by any of `relations`."""
    return "; ".join(_labels(kg, [e for p in relations for e in kg.out_edges(node.id, p)]))


def _in(kg, node, *relations: str, types: tuple[str, ...] = ()) -> str:
    """Labels of what points at `node` by any of `relations` (of `types`, when given)."""
    edges = [e for p in relations for e in kg.in_edges(node.id, p)
             if not types or kg.node(e.s).type in types]
    return "; ".join(_labels(kg, edges, "s"))


def _plan(kg, node) -> str:
    return "; ".join(dict.fromkeys(n.label for n, _ in containers(kg, node.id)
                                   if n.type == "Plan"))


def _prop(node, key: str) -> str:
    return str(node.props.get(key, ""))


def _item_row(kg, node) -> tuple[str, ...]:
    return (_plan(kg, node), node.label, _leads(kg, node.id), _time_scale(node),
            _prop(node, "status"), _legislation(kg, node.id), _funders(kg, node.id),
            _sources(node))


def _plan_row(kg, node) -> tuple[str, ...]:
    return (node.label, _prop(node, "kind"), _time_scale(node), _prop(node, "status"),
            _owners(kg, node.id), _out(kg, node, "reportsTo", "monitoredBy"),
            _out(kg, node, "drivenBy"), _out(kg, node, "fundedBy"),
            _out(kg, node, "coversArea"), _sources(node))


def _outcome_row(kg, node) -> tuple[str, ...]:
    return (_plan(kg, node), node.label, _in(kg, node, "hasOutcome", types=(
        "Aim", "Objective", "Deliverable", "Action")), _prop(node, "kind"),
            _time_scale(node), _out(kg, node, "measuredBy"), _sources(node))


def _indicator_row(kg, node) -> tuple[str, ...]:
    return (node.label, _prop(node, "number"), _prop(node, "kind"),
            _in(kg, node, "measuredBy"), _out(kg, node, "monitoredBy"), _sources(node))


def _boards(kg, node) -> str:
    """The boards `node` sits on (memberOf a Board)."""
    return "; ".join(_labels(kg, [e for e in kg.out_edges(node.id, "memberOf")
                                  if kg.node(e.o).type == "Board"]))


def _responsible_for(kg, node) -> str:
    return _in(kg, node, "responsible", "ownedBy")


def _person_row(kg, node) -> tuple[str, ...]:
    return (node.label, _out(kg, node, "holds"), "; ".join(_organisations(kg, node)),
            _boards(kg, node),
            _in(kg, node, "chairedBy"), _responsible_for(kg, node), _prop(node, "email"),
            _sources(node))


def _post_row(kg, node) -> tuple[str, ...]:
    return (node.label, _out(kg, node, "postIn"), _in(kg, node, "holds"),
            _in(kg, node, "chairedBy"), _responsible_for(kg, node), _sources(node))


def _organisation_row(kg, node) -> tuple[str, ...]:
    return (node.label, _prop(node, "kind"), _out(kg, node, "subOrganisationOf"),
            _boards(kg, node),
            _in(kg, node, "fundedBy"), _in(kg, node, "commissionedBy"),
            _responsible_for(kg, node), _sources(node))


def _legislation_row(kg, node) -> tuple[str, ...]:
    return (node.label, _prop(node, "kind"), _prop(node, "date"),
            _prop(node, "legislationUri"), _out(kg, node, "issuedBy"),
            _in(kg, node, "drivenBy"), _out(kg, node, "replacedBy"), _sources(node))


def _document_row(kg, node) -> tuple[str, ...]:
    return (node.label, _prop(node, "kind"), _out(kg, node, "ownedBy"),
            _in(kg, node, "describedIn"), _sources(node))


def _area_row(kg, node) -> tuple[str, ...]:
    return (node.label, _in(kg, node, "coversArea", types=("Plan",)),
            _in(kg, node, "coversArea", types=("Board", "Organisation")), _sources(node))


def _items(name: str, type: str) -> Sheet:
    columns = tuple(c.format(name=name.casefold()) for c in ITEM_COLUMNS)
    return Sheet(f"{name}s", type, columns, _item_row)


SHEETS = (
    Sheet("Plans", "Plan", ("plan", "kind", "time scale", "status", "owners",
                            "reports to or monitored by", "legislation", "funders", "areas",
                            "source"), _plan_row),
    _items("Aim", "Aim"),
    _items("Objective", "Objective"),
    _items("Deliverable", "Deliverable"),
    Sheet("Outcomes", "Outcome", ("plan", "outcome", "outcome of", "kind", "time scale",
                                  "measured by", "source"), _outcome_row),
    Sheet("Indicators", "Indicator", ("indicator", "number", "kind", "measures",
                                      "monitored by", "source"), _indicator_row),
    Sheet("People", "Person", ("person", "posts", "organisations", "boards", "chairs",
                               "responsible for", "email", "source"), _person_row),
    Sheet("Posts", "Post", ("post", "organisation", "held by", "chairs", "responsible for",
                            "source"), _post_row),
    Sheet("Organisations", "Organisation", ("organisation", "kind", "part of", "boards",
                                            "funds", "commissions", "responsible for",
                                            "source"), _organisation_row),
    Sheet("Legislation", "Legislation", ("legislation", "kind", "date",
                                         "legislation.gov.uk", "issued by", "drives",
                                         "replaced by", "source"), _legislation_row),
    Sheet("Documents", "Document", ("document", "kind", "owned by", "describes", "source"),
          _document_row),
    Sheet("Areas", "Area", ("area", "plans", "boards and organisations", "source"),
          _area_row),
)
