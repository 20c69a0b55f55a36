"""Building the small hand-written dataset: merging, identity, provenance."""

from __future__ import annotations

import shutil

from conftest import SMALL
from sendkg.graph import load
from sendkg.queries.find import find_entities, resolve
from sendkg.records import Source


def test_counts_of_the_small_dataset(small_kg):
    assert len(small_kg) == 15
    assert small_kg.type_counts()["Person"] == 3
    assert small_kg.relation_counts()["responsible"] == 3


def test_every_node_and_edge_has_a_source(small_kg):
    assert all(node.sources for node in small_kg.nodes())
    assert all(edge.sources for edge in small_kg.edges())


def test_registry_entries_enter_only_when_used_and_take_the_using_lines(small_kg):
    act = small_kg.node("leg:children-and-families-act-2014")
    assert act.sources == (Source("example_plan.txt", 10),)
    assert act.props["legislationUri"] == "http://www.legislation.gov.uk/id/ukpga/2014/6"


def test_edge_qualifiers_are_kept(small_kg):
    funding = small_kg.edge("act:ex-travel-2", "fundedBy", "org:ccg")
    assert funding.props == {"amount": "£20,000", "period": "2021-22",
                             "mechanism": "section 75 pooled budget"}


def test_one_id_in_two_files_is_one_node_with_both_sources(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(SMALL, folder)
    (folder / "documents" / "second.yaml").write_text(
        "document: {id: doc:second, file: second.txt, title: Second paper, line: 1}\n"
        "entities:\n"
        "  - {id: person:mark-smith, type: Person, label: Mark Smyth, line: 4}\n"
        "relations:\n"
        "  - {s: board:jcp, p: chairedBy, o: person:mark-smith, line: 5}\n")
    kg = load(folder, cache=False)
    mark = kg.node("person:mark-smith")
    assert mark.label == "Mark Smith" and "Mark Smyth" in mark.aliases
    assert Source("second.txt", 4) in mark.sources and Source("example_plan.txt", 12) in mark.sources


def test_spelling_variants_find_the_same_one_person(small_kg):
    for spelling in ("Lyndsey Dunn", "Lindsey Dunn", "lindsey dunn"):
        assert [n.id for n in resolve(small_kg, spelling)] == ["person:lyndsey-dunn"]


def test_namesakes_by_surname_stay_two_and_are_listed_for_review(small_kg):
    assert small_kg.has_node("person:mark-smith") and small_kg.has_node("person:mary-smith")
    pairs = {(item.first, item.second) for item in small_kg.review}
    assert ("person:mark-smith", "person:mary-smith") in pairs
    assert [n.id for n in resolve(small_kg, "Mark Smith")] == ["person:mark-smith"]


def test_find_ranks_exact_before_fuzzy(small_kg):
    matches = find_entities(small_kg, "Health & Wellbeing Board")
    assert matches[0].node.id == "board:hwb" and matches[0].score == 100


def test_find_by_abbreviation_alias(small_kg):
    assert [n.id for n in resolve(small_kg, "L/A")] == ["org:council"]


def test_cached_graph_is_rebuilt_when_a_file_changes(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(SMALL, folder)
    assert len(load(folder)) == 15
    path = folder / "documents" / "plan.yaml"
    path.write_text(path.read_text().replace(
        "  - {id: person:mary-smith,", "  - {id: person:gill-test, type: Person, label: Gill Test,"
        " line: 14}\n  - {id: person:mary-smith,"))
    assert len(load(folder)) == 16
