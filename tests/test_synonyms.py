"""The sector's synonym groups: the shipped file, and a broken one named with its line."""

from __future__ import annotations

import pytest

from sendkg.errors import LoaderError
from sendkg.synonyms import preferred, synonym_groups


def test_shipped_groups_load_and_keep_commas_inside_terms():
    groups = synonym_groups()
    assert "education health and care plan" in groups["ehcp"]
    assert "education" not in groups  # a comma inside a term never splits it
    assert preferred("Youth Offending Team") == "youth offending"


@pytest.mark.parametrize("text, message", [
    ("synonyms: {a: b}\n", "expected a `synonyms:` list"),
    ("synonyms:\n  - [respite, short breaks]\n  - just a word\n", "group 2 is not a list"),
    ("synonyms:\n  - [respite, short breaks]\n  - [Respite, carers]\n", "in two groups"),
])
def test_a_broken_file_is_one_error_naming_file_and_line(tmp_path, text, message):
    path = tmp_path / "synonyms.yaml"
    path.write_text(text)
    with pytest.raises(LoaderError) as caught:
        synonym_groups(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:1")


def test_forms_of_one_first_name_are_listed_for_review_not_merged():
    from sendkg.graph.identity import near_duplicates
    from sendkg.graph.knowledge_graph import KnowledgeGraph
    from sendkg.nicknames import same_first_name
    from sendkg.records import Node, Source

    assert same_first_name("Bob", "Robert") and not same_first_name("Mark", "Marie")
    kg = KnowledgeGraph()
    for node_id, label in [("person:becky-h", "Becky Haynes"), ("person:rebeca-h", "Rebeca Haynes"),
                           ("person:becky-j", "Becky Jones")]:
        kg.add_node(Node(node_id, "Person", label, (), {}, (Source("p.txt", 1),)))
    [item] = near_duplicates(kg)
    assert (item.first, item.second) == ("person:becky-h", "person:rebeca-h")
    assert "forms of one name" in item.reason
