"""The questions as SPARQL over the graph's RDF view, on rdflib or pyoxigraph.

The named queries live beside this module (`owner.rq`, `chain.rq`, ...). Values are
always bound as parameters (rdflib `initBindings`, pyoxigraph `substitutions`), never
formatted into query text, and a query that would reach the network (SERVICE, FROM) is
refused. `owners_sparql` and friends turn the rows into the same typed results as the
Python questions, so the two can be compared.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Edge, Node, Source
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("act:a", "Action", "Business case", sources=(Source("p.txt", 3),)))
>>> kg.add_node(Node("person:ann", "Person", "Ann Lee", sources=(Source("p.txt", 3),)))
>>> kg.add_edge(Edge("act:a", "responsible", "person:ann", {"role": "lead"},
...                  (Source("p.txt", 3),)))
>>> select(kg, "SELECT $id ?label WHERE { ?x dcterms:identifier $id ; skos:prefLabel ?label }",
...        {"id": "person:ann"})
[{'id': 'person:ann', 'label': 'Ann Lee'}]
>>> [(o.node.id, o.role, [str(s) for s in o.sources]) for o in owners_sparql(kg, "act:a")]
[('person:ann', 'lead', ['p.txt:3'])]
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sendkg import registry
from sendkg.errors import SendkgError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.graph.rdf import NS, node_iri, to_rdf
from sendkg.graph.rdf_terms import oxigraph_triples
from sendkg.ontology import SENDKG
from sendkg.queries.accountability import ReportingChain, reporting_chain
from sendkg.queries.drivers import Driver
from sendkg.queries.facts import fact_order
from sendkg.queries.funding import Funder
from sendkg.queries.impact import Affected, affected_by
from sendkg.queries.responsibility import Owner, Responsibility, responsibilities_of
from sendkg.records import Edge, Source

QUERY_DIR = Path(__file__).parent
ENGINES = ("rdflib", "oxigraph")
PREFIXES = {"sendkg": str(SENDKG), **{k: str(v) for k, v in NS.items()},
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
QUALIFIERS = ("role", "frequency", "reports", "section", "amount", "period", "mechanism",
              "date", "uncertain", "note")
XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryError(SendkgError):
    """A SPARQL query that is malformed, or not allowed (it would reach the network)."""


def named_queries() -> list[str]:
    """The names of the bundled SPARQL queries (the "query" entries of sendkg.registry)."""
    return registry.names("query")


def named_query(name: str) -> str:
    """The text of a bundled query, by name (queries/NAME.rq)."""
    if name not in named_queries():
        raise QueryError(f"no query named {name!r}; named queries: {', '.join(named_queries())}")
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def select(kg, query: str, bindings: dict[str, Any] | None = None,
           engine: str = "rdflib") -> list[dict[str, Any]]:
    """Run a SELECT query; rows map variable names to Python values (unbound left out)."""
    prepared = prepared_query(query)
    if prepared.algebra.name != "SelectQuery":
        raise QueryError("only SELECT queries give rows; use `sendkg sparql` for others")
    if engine == "oxigraph":
        return _oxigraph_select(kg, query, bindings or {})
    with _depth_bound():
        result = to_rdf(kg).query(prepared, initBindings=_rdflib_bindings(bindings or {}))
        return [{str(var): term.toPython() for var, term in row.asdict().items()}
                for row in result]


def run(kg, query: str, bindings: dict[str, Any] | None = None):
    """Run any query (SELECT, ASK, CONSTRUCT, DESCRIBE) on rdflib; the rdflib Result
    (its rows already computed, so a too-deep walk is refused here, not when printed)."""
    with _depth_bound():
        result = to_rdf(kg).query(prepared_query(query),
                                  initBindings=_rdflib_bindings(bindings or {}))
        if result.type == "SELECT":
            result.bindings  # evaluate now, inside the bound
        return result


@contextmanager
def _depth_bound():
    """rdflib walks property paths (`reportsTo*`) and nested patterns by recursion, so a
    path longer than about a thousand steps exhausts Python's stack: refuse it with a
    message instead of a traceback. (`sendkg chain` walks without recursion.)"""
    try:
        yield
    except RecursionError:
        raise QueryError("the query walks a path too long for rdflib (about a thousand "
                         "steps or more, such as a very long reporting line); use "
                         "--engine oxigraph or the plain command (sendkg chain)") from None


@lru_cache(maxsize=64)
def prepared_query(query: str):
    """Parse and check a query once (cached): malformed or network-reaching ones raise."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import traverse

    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as error:  # pyparsing reports a malformed query in several ways
        raise QueryError(f"malformed SPARQL: {error}") from None
    if prepared.algebra.get("datasetClause"):
        raise QueryError("FROM / FROM NAMED are not allowed: queries run on the local graph")
    parts = set()
    traverse(prepared.algebra, lambda part: parts.add(getattr(part, "name", "")))
    if "ServiceGraphPattern" in parts:
        raise QueryError("SERVICE is not allowed: queries never reach the network")
    if "Graph" in parts:
        raise QueryError("GRAPH is not supported: the RDF view is one graph with no named "
                         "graphs; write the pattern without GRAPH")
    return prepared


def _rdflib_bindings(bindings: dict[str, Any]) -> dict:
    from rdflib import Literal, URIRef

    return {name: value if isinstance(value, (Literal, URIRef)) else Literal(value)
            for name, value in bindings.items()}


def oxigraph_store(kg):
    """A pyoxigraph Store holding the graph's RDF view (kept in kg.derived)."""
    try:
        import pyoxigraph
    except ImportError:
        raise QueryError("the oxigraph engine needs pyoxigraph: "
                         "pip install 'sendkg[oxigraph]'") from None
    return kg.derived.get("oxigraph", lambda: _loaded_store(pyoxigraph, kg))


def _loaded_store(pyoxigraph, kg):
    store = pyoxigraph.Store()
    default = pyoxigraph.DefaultGraph()
    store.bulk_extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, default)
                      for t in oxigraph_triples(kg))
    return store


def _oxigraph_select(kg, query: str, bindings: dict[str, Any]) -> list[dict[str, Any]]:
    import pyoxigraph as ox

    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    substitutions = {ox.Variable(k): _oxigraph_term(v) for k, v in bindings.items()}
    solutions = oxigraph_store(kg).query(prologue + query, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{name: _oxigraph_value(row[name]) for name in names if row[name] is not None}
            for row in solutions]


def _oxigraph_term(value):
    import pyoxigraph as ox
    from rdflib import URIRef

    return ox.NamedNode(str(value)) if isinstance(value, URIRef) else ox.Literal(str(value))


def _oxigraph_value(term) -> Any:
    datatype = getattr(getattr(term, "datatype", None), "value", "")
    if datatype == XSD + "boolean":
        return term.value == "true"
    if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
        return int(term.value)
    return term.value


# ---------------------------------------------------------------- rows to results

def edge_of(row: dict[str, Any]) -> Edge:
    """The Edge a result row describes (?s ?p ?o as ids, qualifiers, ?sources)."""
    props = {q: row[q] for q in QUALIFIERS if row.get(q) is not None}
    return Edge(row["s"], row["p"], row["o"], props, sources_of(row.get("sources", "")))


def sources_of(text: str) -> tuple[Source, ...]:
    """Sources from a GROUP_CONCAT of "file:line" (file as in its IRI), in order.

    >>> sources_of("002_plan.txt:325|001%20strategy.txt:12|002_plan.txt:325")
    (Source(document='001 strategy.txt', line=12), Source(document='002_plan.txt', line=325))
    """
    found = set()
    for part in filter(None, str(text).split("|")):
        document, _, line = part.rpartition(":")
        found.add(Source(unquote(document), int(line)) if document and line.isdigit()
                  else Source(unquote(part)))
    return tuple(sorted(found, key=lambda s: (s.document, s.line or 0)))


def _nodes(kg, text: str | None) -> tuple:
    """Nodes from a GROUP_CONCAT of ids, in id order."""
    ids = {part for part in str(text or "").split("|") if part}
    return tuple(kg.node(i) for i in sorted(ids))


def _facts(kg, item_id: str, name: str, make, engine: str) -> list:
    facts = []
    for row in select(kg, named_query(name), {"node": node_iri(item_id)}, engine):
        edge = edge_of(row)
        facts.append(make(row, edge, kg.node(edge.s) if edge.s != item_id else None))
    return sorted(facts, key=lambda f: (f.inherited, f.via.id if f.via else "", *fact_order(f)))


def owners_sparql(kg, item_id: str, engine: str = "rdflib") -> list[Owner]:
    """`owners_of` answered by owner.rq."""
    return _facts(kg, item_id, "owner", lambda row, edge, via: Owner(
        kg.node(edge.o), edge, via, _nodes(kg, row.get("holders")),
        _nodes(kg, row.get("posts"))), engine)


def drivers_sparql(kg, item_id: str, engine: str = "rdflib") -> list[Driver]:
    """`legislation_driving` answered by drivers.rq."""
    return _facts(kg, item_id, "drivers",
                  lambda row, edge, via: Driver(kg.node(edge.o), edge, via), engine)


def funders_sparql(kg, item_id: str, engine: str = "rdflib") -> list[Funder]:
    """`funders_of` answered by funders.rq."""
    return _facts(kg, item_id, "funders",
                  lambda row, edge, via: Funder(kg.node(edge.o), edge, via), engine)


def responsibilities_sparql(kg, agent_id: str, engine: str = "rdflib") -> list[Responsibility]:
    """`responsibilities_of` computed over the edges owns.rq returns."""
    rows = select(kg, named_query("owns"), {"node": node_iri(agent_id)}, engine)
    return responsibilities_of(_subgraph(kg, agent_id, [edge_of(row) for row in rows]),
                               agent_id)


def chain_sparql(kg, node_id: str, engine: str = "rdflib") -> ReportingChain:
    """`reporting_chain` built from the edges chain.rq returns."""
    rows = select(kg, named_query("chain"), {"node": node_iri(node_id)}, engine)
    holds = [Edge(holder.id, "holds", row["o"])
             for row in rows for holder in _nodes(kg, row.get("holders"))]
    return reporting_chain(_subgraph(kg, node_id, [*map(edge_of, rows), *holds]), node_id)


def impact_sparql(kg, node_id: str, engine: str = "rdflib") -> list[Affected]:
    """`affected_by` computed over the edges impact.rq returns."""
    rows = select(kg, named_query("impact"), {"node": node_iri(node_id)}, engine)
    return affected_by(_subgraph(kg, node_id, [edge_of(row) for row in rows]), node_id)


def _subgraph(kg, node_id: str, edges: list[Edge]) -> KnowledgeGraph:
    """The edges a query returned, as a graph of their own (node records from `kg`)."""
    sub = KnowledgeGraph(name=f"edges around {node_id}")
    for end in sorted({node_id, *(e.s for e in edges), *(e.o for e in edges)}):
        sub.add_node(kg.node(end))
    for edge in edges:
        sub.add_edge(edge)
    return sub
