"""Which entities and links each diagram shows: exact answers on the small dataset."""

from __future__ import annotations

import pytest

from sendkg.errors import EntityNotFound, UnknownFormatError
from sendkg.graph.knowledge_graph import KnowledgeGraph
from sendkg.records import Edge, Node
from sendkg.render import RenderError, build_view, render, renderer_for


def _nodes(view):
    return [(n.id, n.notes) for n in view.nodes]


def _edges(view):
    return [(e.s, e.relation, e.o, e.label) for e in view.edges]


def test_governance_view_has_boards_chairs_and_frequencies(small_kg):
    view = build_view(small_kg, "governance")
    assert view.direction == "up"
    assert _nodes(view) == [("board:accountability", ()), ("board:hwb", ("Chair: Mary Smith",)),
                            ("board:jcp", ())]
    assert _edges(view) == [
        ("board:accountability", "reportsTo", "board:hwb", "annual"),
        ("board:jcp", "reportsTo", "board:accountability", "quarterly")]


def test_governance_tooltips_carry_full_text_sources_and_reports_received(small_kg):
    details = dict(build_view(small_kg, "governance").nodes[2].details)
    assert details == {"type": "Board", "id": "board:jcp", "kind": "partnership",
                       "receives": "Example SEND Joint Commissioning Plan 2020-2021",
                       "sources": "example_plan.txt:20"}
    edge = dict(build_view(small_kg, "governance").edges[1].details)
    assert edge == {"relation": "reportsTo", "frequency": "quarterly",
                    "reports": "overall progress of the plan", "sources": "example_plan.txt:21"}


def test_plan_view_is_the_plan_tree_with_owners_on_the_boxes(small_kg):
    view = build_view(small_kg, "plan")
    assert view.direction == "down"
    assert _nodes(view) == [("act:ex-travel-1", ("Lead: Lyndsey Dunn",)),
                            ("act:ex-travel-2", ("Lead: Mark Smith",)),
                            ("obj:ex-travel", ("Lead: Example County Council",)),
                            ("plan:example", ())]
    assert _edges(view) == [("obj:ex-travel", "hasAction", "act:ex-travel-1", ""),
                            ("obj:ex-travel", "hasAction", "act:ex-travel-2", ""),
                            ("plan:example", "hasObjective", "obj:ex-travel", "")]


def test_legislation_view_points_from_the_act_to_what_it_drives(small_kg):
    view = build_view(small_kg, "legislation")
    assert _edges(view) == [("leg:children-and-families-act-2014", "drivenBy",
                             "obj:ex-travel", "")]


def test_accountability_view_follows_the_chain_and_owners(small_kg):
    view = build_view(small_kg, "accountability", focus="Secure joint funding for travel training")
    assert [n.id for n in view.focus] == ["act:ex-travel-2"]
    assert _edges(view) == [
        ("act:ex-travel-2", "hasAction", "obj:ex-travel", "part of"),
        ("obj:ex-travel", "hasObjective", "plan:example", "part of"),
        ("plan:example", "monitoredBy", "board:jcp", ""),
        ("board:jcp", "reportsTo", "board:accountability", "quarterly"),
        ("board:accountability", "reportsTo", "board:hwb", "annual"),
        ("act:ex-travel-2", "responsible", "person:mark-smith", "lead"),
        ("obj:ex-travel", "responsible", "org:council", "lead")]
    notes = dict(_nodes(view))
    assert notes["person:mark-smith"] == ("Holds: Strategic Commissioning", "Manager")
    assert notes["board:hwb"] == ("Chair: Mary Smith",)
    assert [n.id for n in view.nodes if n.focus] == ["act:ex-travel-2"]


def test_accountability_depth_cuts_the_chain_and_hangs_inherited_owners_on_the_item(small_kg):
    view = build_view(small_kg, "accountability", focus="act:ex-travel-2", depth=1)
    assert _edges(view) == [
        ("act:ex-travel-2", "hasAction", "obj:ex-travel", "part of"),
        ("act:ex-travel-2", "responsible", "person:mark-smith", "lead"),
        ("obj:ex-travel", "responsible", "org:council", "lead")]
    view = build_view(small_kg, "accountability", focus="act:ex-travel-2", depth=0)
    assert _edges(view) == [
        ("act:ex-travel-2", "responsible", "person:mark-smith", "lead"),
        ("act:ex-travel-2", "responsible", "org:council",
         "lead (via Independent travel training options)")]


def test_focus_on_a_person_reaches_the_items_they_own_and_their_chain_up(small_kg):
    assert [n.id for n in build_view(small_kg, "plan", "Mark Smith", 0).nodes] == [
        "act:ex-travel-2", "obj:ex-travel", "plan:example"]


def test_focus_on_a_plan_finds_the_bodies_it_reports_to(small_kg):
    view = build_view(small_kg, "governance", "Example JCP", 1)
    assert [n.id for n in view.nodes] == ["board:accountability", "board:hwb", "board:jcp"]
    assert view.title == ("Governance around Example SEND Joint Commissioning Plan "
                          "2020-2021 (depth 1)")


def test_depth_without_focus_counts_levels_from_the_top(small_kg):
    assert [n.id for n in build_view(small_kg, "governance", depth=0).nodes] == ["board:hwb"]
    assert [n.id for n in build_view(small_kg, "governance", depth=1).nodes] == [
        "board:accountability", "board:hwb"]
    assert [n.id for n in build_view(small_kg, "plan", depth=1).nodes] == [
        "obj:ex-travel", "plan:example"]


def test_a_reporting_loop_still_draws():
    kg = KnowledgeGraph()
    for id in ("board:a", "board:b"):
        kg.add_node(Node(id, "Board", id))
    kg.add_edge(Edge("board:a", "reportsTo", "board:b"))
    kg.add_edge(Edge("board:b", "reportsTo", "board:a"))
    assert [n.id for n in build_view(kg, "governance", depth=0).nodes] == ["board:a", "board:b"]
    assert len(build_view(kg, "governance").edges) == 2


@pytest.mark.parametrize("kwargs, error, words", [
    ({"name": "nope"}, RenderError, "unknown view 'nope'"),
    ({"name": "accountability"}, RenderError, "needs --focus"),
    ({"name": "plan", "focus": "zzqqxx"}, EntityNotFound, "nothing matches 'zzqqxx'"),
    ({"name": "plan", "depth": -1}, RenderError, "--depth must be 0 or more"),
    ({"name": "legislation", "focus": "Mary Smith"}, RenderError,
     "Mary Smith (Person): nothing of it is in the legislation view"),
    ({"name": "accountability", "focus": "Mary Smith"}, EntityNotFound, "names a Person"),
])
def test_bad_requests_say_what_is_wrong(small_kg, kwargs, error, words):
    with pytest.raises(error, match=None) as raised:
        build_view(small_kg, **kwargs)
    assert words in str(raised.value)


def test_unknown_extension_is_refused_before_any_work(small_kg, tmp_path):
    with pytest.raises(UnknownFormatError, match=r"\.html, \.mmd"):
        renderer_for(tmp_path / "diagram.txt")
    assert not (tmp_path / "diagram.txt").exists()


def test_render_writes_a_readable_file_atomically(small_kg, tmp_path):
    path = tmp_path / "g.mmd"
    view = render(small_kg, path, "governance")
    assert len(view.nodes) == 3
    assert path.read_text().startswith("flowchart BT\n")
    assert path.stat().st_mode & 0o044  # not the 0600 of the temporary file
    assert [p.name for p in tmp_path.iterdir()] == ["g.mmd"]


def test_an_empty_view_is_refused(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node(Node("plan:p", "Plan", "P"))
    with pytest.raises(RenderError, match="nothing to draw"):
        render(kg, tmp_path / "g.svg", "plan")
    assert not (tmp_path / "g.svg").exists()
