"""Each named query walks exactly the relations of the ontology groups it is about.

The groups (plan structure, reporting lines, ownership, ...) are defined once, in
ontology/sendkg.ttl, and read by the Python questions through sendkg.ontology.group.
The SPARQL and Cypher files cannot read them, so this test reads the relation names
out of each query's text (`sendkg:xxx` in SPARQL; relationship types `[:a|b]` and the
quoted names compared with type(r) in Cypher) and compares them with the groups the
query is declared to use below: a relation added to a group, or dropped from a query,
fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sendkg.ontology import GROUPS, NODE_PROPERTIES, NODE_TYPES, RELATIONS, group

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
# What each named question is about, as ontology groups (the same for both languages).
QUERY_GROUPS = {
    "chain": ("structure", "reporting", "chairs", "postsHeld"),
    "drivers": ("structure", "drivers"),
    "funders": ("structure", "funding"),
    "owner": ("structure", "ownership", "postsHeld"),
    "owns": ("structure", "ownership", "chairs", "funding", "membership", "postsHeld"),
    "impact": ("structure", "ownership", "funding", "chairs", "drivers", "membership",
               "reporting", "postsHeld", "partsOf"),
}
EDGE_PROPERTIES = set().union(*(r.qualifiers for r in RELATIONS.values()))
# sendkg: terms a SPARQL query may name that are not relations.
NOT_RELATIONS = set(NODE_TYPES) | set(NODE_PROPERTIES) | EDGE_PROPERTIES | {"noEdge"}


def sparql_relations(text: str) -> set[str]:
    """The sendkg: relations a SPARQL query names (comment lines left out).

    >>> sorted(sparql_relations("# sendkg:holds\\nSELECT * { ?a sendkg:reportsTo/sendkg:role ?b }"))
    ['reportsTo']
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    names = set(re.findall(r"\bsendkg:([A-Za-z_][A-Za-z0-9_]*)", body))
    unknown = names - set(RELATIONS) - NOT_RELATIONS
    assert not unknown, f"sendkg: terms that are not in the ontology: {sorted(unknown)}"
    return names & set(RELATIONS)


def cypher_relations(text: str) -> set[str]:
    """The relationship types a Cypher query names: in patterns (`-[r:a|b*0..]->`) and
    as quoted names compared with type(r). Comments are left out.

    >>> sorted(cypher_relations("// :memberOf\\nMATCH (a)-[:holds|postIn*0..]->(b)-[r]-(c) "
    ...                         "WHERE type(r) IN ['chairedBy'] RETURN a"))
    ['chairedBy', 'holds', 'postIn']
    """
    body = re.sub(r"//[^\n]*", "", text)
    names = set()
    for types in re.findall(r"\[\s*\w*\s*:\s*([A-Za-z_`|\s]+)", body):
        names |= {t.strip(" `") for t in types.split("|") if t.strip(" `")}
    names |= set(re.findall(r"'([A-Za-z_][A-Za-z0-9_]*)'", body))
    unknown = names - set(RELATIONS)
    assert not unknown, f"relationship types that are not in the ontology: {sorted(unknown)}"
    return names


READERS = {".rq": sparql_relations, ".cypher": cypher_relations}
QUERIES = sorted(p.name for p in QUERY_DIR.iterdir() if p.suffix in READERS)


def wanted(name: str) -> set[str]:
    return {relation for g in QUERY_GROUPS[name] for relation in group(g)}


def difference(path: Path, text: str) -> dict[str, list[str]]:
    """What a query names beyond its groups, and what of its groups it leaves out."""
    used, expected = READERS[path.suffix](text), wanted(path.stem)
    return {"not in its groups": sorted(used - expected),
            "missing": sorted(expected - used)}


def test_every_named_query_declares_its_groups():
    assert {Path(q).stem for q in QUERIES} == set(QUERY_GROUPS)
    assert len(QUERIES) == 2 * len(QUERY_GROUPS)  # each in SPARQL and in Cypher


def test_declared_groups_are_ontology_relation_groups():
    for name, groups in QUERY_GROUPS.items():
        for g in groups:
            assert set(group(g)) <= set(RELATIONS), f"{name}: {g} is not a relation group"


@pytest.mark.parametrize("query", QUERIES)
def test_query_uses_exactly_the_relations_of_its_groups(query):
    path = QUERY_DIR / query
    found = difference(path, path.read_text(encoding="utf-8"))
    assert found == {"not in its groups": [], "missing": []}, \
        f"{query} (groups {', '.join(QUERY_GROUPS[path.stem])}): {found}"


@pytest.mark.parametrize("query, relation", [
    ("chain.rq", "subGroupOf"), ("chain.cypher", "subGroupOf"),
    ("impact.rq", "postIn"), ("impact.cypher", "holds"), ("owns.cypher", "memberOf"),
])
def test_the_check_catches_a_query_that_drops_a_relation(query, relation):
    path = QUERY_DIR / query
    text = path.read_text(encoding="utf-8")
    dropped = re.sub(rf"\b{relation}\b", "replacedBy", text)  # a relation of no group here
    assert dropped != text
    assert difference(path, dropped) == {"not in its groups": ["replacedBy"],
                                         "missing": [relation]}


def test_the_check_catches_a_relation_beyond_the_groups():
    path = QUERY_DIR / "owner.cypher"
    text = path.read_text(encoding="utf-8")
    widened = text.replace("[r:responsible|ownedBy]", "[r:responsible|ownedBy|memberOf]")
    assert widened != text
    assert difference(path, widened) == {"not in its groups": ["memberOf"], "missing": []}


def test_groups_name_only_ontology_terms():
    for name, members in GROUPS.items():
        assert members, name
        assert set(members) <= set(RELATIONS) or set(members) <= set(NODE_TYPES), name


def test_structure_group_is_the_structure_category():
    assert set(group("structure")) == {r.name for r in RELATIONS.values()
                                       if r.category == "structure"}
