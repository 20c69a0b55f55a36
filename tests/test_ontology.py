from rdflib import Graph

from sendkg.ontology import NODE_PROPERTIES, NODE_TYPES, ONTOLOGY_DIR, RELATIONS

DESIGN_TYPES = {"Plan", "Aim", "Objective", "Deliverable", "Action", "Outcome", "Indicator",
                "Organisation", "Person", "Post", "Board", "Legislation", "Area", "Document"}
DESIGN_RELATIONS = {"hasAim", "hasObjective", "hasAction", "hasOutcome", "measuredBy",
                    "responsible", "holds", "postIn", "memberOf", "subOrganisationOf",
                    "chairedBy", "reportsTo", "monitoredBy", "subGroupOf", "replacedBy",
                    "drivenBy", "fundedBy", "commissionedBy", "buildsOn", "readWith",
                    "supersedes", "coversArea", "ownedBy"}


def test_types_and_relations_come_from_the_turtle():
    assert set(NODE_TYPES) == DESIGN_TYPES
    assert DESIGN_RELATIONS <= set(RELATIONS)


def test_every_relation_has_domain_range_and_a_category():
    for relation in RELATIONS.values():
        assert relation.domain and relation.range, relation.name
        assert set(relation.domain) | set(relation.range) <= set(NODE_TYPES), relation.name
        assert relation.category != "None", relation.name


def test_qualifiers_follow_the_design():
    assert {"role"} <= RELATIONS["responsible"].qualifiers
    assert {"frequency", "reports"} <= RELATIONS["reportsTo"].qualifiers
    assert {"amount", "period", "mechanism"} <= RELATIONS["fundedBy"].qualifiers
    assert "section" in RELATIONS["drivenBy"].qualifiers
    assert "uncertain" in RELATIONS["hasAction"].qualifiers  # allowed on every relation
    assert {"kind", "timescale", "legislationUri"} <= NODE_PROPERTIES


def test_aligned_with_w3c_org_foaf_and_prov():
    assert RELATIONS["holds"].super_property == "http://www.w3.org/ns/org#holds"
    assert RELATIONS["reportsTo"].super_property == "http://www.w3.org/ns/org#reportsTo"
    assert RELATIONS["subOrganisationOf"].super_property == \
        "http://www.w3.org/ns/org#subOrganizationOf"
    ontology = Graph().parse(ONTOLOGY_DIR / "sendkg.ttl")
    supers = {str(o) for o in ontology.objects(predicate=None) if "xmlns.com/foaf" in str(o)}
    assert "http://xmlns.com/foaf/0.1/Person" in supers


def test_shapes_parse():
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    assert len(shapes) > 20
