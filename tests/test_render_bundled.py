"""End to end: every view of the bundled data in every format, checked by a parser.

HTML in Chromium is checked in test_render_html.py; here each file is read back with
an independent parser (XML for SVG, the flowchart grammar for Mermaid, file
signatures for PNG and PDF) and compared with the view that was drawn.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import require
from test_render_graphviz import svg_texts
from test_render_mermaid import check_flowchart

from sendkg import registry
from sendkg.render import build_view, render
from sendkg.render.style import wrap_label

VIEWS = {"governance": None, "plan": None, "legislation": None,
         "accountability": "Durham SEND Joint Commissioning Plan 2017-2018"}
SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".dot": b"digraph sendkg {",
              ".gv": b"digraph sendkg {", ".html": b"<!DOCTYPE html>", ".mmd": b"flowchart "}


def _check(path, view) -> None:
    suffix = path.suffix
    assert path.read_bytes().startswith(SIGNATURES.get(suffix, b"<?xml"))
    if suffix == ".svg":
        texts = set(svg_texts(path))
        missing = [n.label for n in view.nodes if wrap_label(n.label)[0] not in texts]
        assert not missing, missing
    elif suffix == ".mmd":
        parsed = check_flowchart(path.read_text(encoding="utf-8"))
        assert parsed["edges"] == len(view.edges)
    elif suffix == ".html":
        page = path.read_text(encoding="utf-8")
        assert "https://" not in page.split("<script>", 1)[0]  # nothing fetched in <head>
        assert page.count('"fullLabel"') == len(view.nodes)


@pytest.mark.parametrize("suffix", sorted(registry.names("renderer")))
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_in_every_format(bundled_kg, tmp_path, view, suffix):
    if suffix not in (".html", ".mmd", ".dot", ".gv"):
        require(shutil.which("dot") is not None, "Graphviz `dot` is not installed")
    path = tmp_path / f"{view}{suffix}"
    drawn = render(bundled_kg, path, view, VIEWS[view])
    assert len(drawn.nodes) > 0
    if (view, suffix) == ("plan", ".mmd"):  # above Mermaid's limits: one chart per plan
        charts = [check_flowchart(p.read_text(encoding="utf-8")) for p in
                  sorted(tmp_path.glob("plan-*.mmd"))]  # (test_render_mermaid checks them)
        assert len(charts) > 1 and sum(c["edges"] for c in charts) >= len(drawn.edges)
        return
    _check(path, drawn)


def _by_label(view, label):
    found = [n for n in view.nodes if n.label == label]
    assert len(found) == 1, f"{label!r} drawn {len(found)} times"
    return found[0]


def test_durham_governance(bundled_kg):
    """The facts a Durham officer would check first, as the seed documents state them."""
    view = build_view(bundled_kg, "governance", "County Durham")
    assert view.title == "Governance around County Durham"
    partnership = _by_label(view, "Durham Children and Families Partnership")
    assert partnership.notes[0].startswith("Chair: Margaret Whellans")
    hwb = _by_label(view, "County Durham Health and Wellbeing Board")
    assert hwb.notes[0].startswith("Chair: Lucy Hovvels")
    sub_groups = {e.s for e in view.edges if e.o == partnership.id and e.relation == "subGroupOf"}
    labels = {n.label for n in view.nodes if n.id in sub_groups}
    assert {"Transitions", "Stronger Families", "Looked After Strategic Partnership"} <= labels
    assert any(e.s == partnership.id and e.o == hwb.id for e in view.edges)
    assert not [n for n in view.nodes if "Derby" in n.label]


def test_accountability_of_the_send_jcp(bundled_kg):
    view = build_view(bundled_kg, "accountability",
                      "Durham SEND Joint Commissioning Plan 2017-2018")
    up = {(e.s, e.o, e.label) for e in view.edges if e.relation == "reportsTo"}
    assert ("plan:durham-send-jcp-2017-18", "board:send-strategy-and-accountability-group",
            "quarterly") in up


def test_svg_of_the_durham_view_parses_and_names_every_body(bundled_kg, tmp_path):
    require(shutil.which("dot") is not None, "Graphviz `dot` is not installed")
    path = tmp_path / "durham.svg"
    view = render(bundled_kg, path, "governance", "County Durham")
    root = ET.parse(path).getroot()
    titles = {g.find("{http://www.w3.org/2000/svg}title").text for g in root.iter(
        "{http://www.w3.org/2000/svg}g") if g.get("class") == "node"}
    assert {n.id for n in view.nodes} <= titles
    texts = svg_texts(path)
    assert "No reporting line recorded" in texts and "Key" in texts


def test_cli_renders_the_bundled_data(cli, tmp_path):
    result = cli("render", "--view", "legislation", "-o", tmp_path / "l.mmd")
    assert result.code == 0, result.err
    assert result.out.startswith(f"wrote Legislation to {tmp_path / 'l.mmd'} (")
    check_flowchart((tmp_path / "l.mmd").read_text(encoding="utf-8"))


FOCUSED = {
    ("governance", "SEND Joint Commissioning Partnership"): {
        "board:send-joint-commissioning-partnership",
        "board:send-strategy-and-accountability-group"},
    ("governance", "Children and Families Partnership"): {
        "board:children-and-families-partnership", "board:county-durham-partnership",
        "board:health-and-wellbeing-board", "board:cyp-overview-and-scrutiny-committee",
        "board:child-poverty-working-group",
        "board:cyp-mental-health-emotional-wellbeing-resilience-group",
        "board:healthy-child-programme-board", "board:integrated-steering-group-for-children",
        "board:joint-commissioning-group", "board:looked-after-strategic-partnership",
        "board:send-group", "board:stronger-families", "board:transitions",
        "board:vulnerable-groups-and-safeguarding"},
    ("plan", "obj:jcp-transition"): {
        "plan:durham-send-jcp-2017-18", "obj:jcp-transition", "act:jcp-transition-1",
        "act:jcp-transition-2", "act:jcp-transition-3"},
    ("legislation", "Children and Families Act 2014"): {
        "leg:children-and-families-act-2014", "obj:dby-deliver-children-and-families-act",
        "obj:jcp-high-needs", "obj:jcp-short-breaks", "obj:jcp-social-communication",
        "obj:jcp-transition", "plan:derby-cyp-integrated-commissioning-strategy-2016-19",
        "plan:durham-cyp-strategy-2019-22", "plan:durham-send-jcp-2017-18"},
    ("accountability", "obj:jcp-transition"): {
        "obj:jcp-transition", "plan:durham-send-jcp-2017-18",
        "board:send-joint-commissioning-partnership",
        "board:send-strategy-and-accountability-group",
        "board:children-and-families-partnership", "board:county-durham-partnership",
        "board:cyp-overview-and-scrutiny-committee", "board:health-and-wellbeing-board",
        "board:healthy-child-programme-board", "board:nhs-ddes-ccg-governing-body",
        "board:nhs-north-durham-ccg-governing-body", "org:durham-county-council",
        "person:chandra-anand", "person:lyndsey-dunn", "post:designated-medical-officer",
        # the plan's own owners (its agreeing partners and services), drawn on the plan:
        # `owner` lists them as inherited since issue 14
        "org:nhs-ddes-ccg", "org:nhs-north-durham-ccg",
        "org:durham-county-council-adult-services",
        "org:durham-county-council-childrens-services",
        "org:durham-county-council-education-services",
        "org:durham-county-council-housing", "org:durham-county-council-public-health"},
}


@pytest.mark.parametrize(("view", "focus"), sorted(FOCUSED))
def test_a_focused_drawing_holds_exactly_the_neighbourhood(bundled_kg, view, focus):
    """Up the chain to the top, down --depth (governance: 1; a plan's own items; what an
    Act drives), and no frame of unconnected boards."""
    drawn = build_view(bundled_kg, view, focus)
    assert {n.id for n in drawn.nodes} == FOCUSED[view, focus]
    linked = {e.s for e in drawn.edges} | {e.o for e in drawn.edges}
    assert {n.id for n in drawn.nodes} == linked


def test_the_frame_of_unconnected_boards_only_in_the_overview(bundled_kg):
    overview = build_view(bundled_kg, "governance")
    linked = {e.s for e in overview.edges} | {e.o for e in overview.edges}
    assert "board:corporate-management-team" in {n.id for n in overview.nodes} - linked


def test_no_orphans_turns_the_frame_off(bundled_kg, cli, tmp_path):
    overview = build_view(bundled_kg, "governance", orphans=False)
    linked = {e.s for e in overview.edges} | {e.o for e in overview.edges}
    assert {n.id for n in overview.nodes} == linked
    path = tmp_path / "g.dot"
    done = cli("render", "--view", "governance", "--no-orphans", "-o", str(path))
    assert done.code == 0, done.err
    assert "board:corporate-management-team" not in path.read_text(encoding="utf-8")
    assert "cluster_unlinked" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("view", ["governance", "plan", "legislation"])
def test_area_limits_a_view_to_one_area(bundled_kg, view):
    from sendkg.render.views import areas_of

    derby = build_view(bundled_kg, view, area="Derby")
    everything = build_view(bundled_kg, view)
    assert 0 < len(derby.nodes) < len(everything.nodes)
    for node in derby.nodes:
        assert areas_of(bundled_kg, bundled_kg.node(node.id)) in ({"area:derby"}, set()), node
    assert "Derby" in derby.title


def test_area_in_governance_is_derbys_boards(bundled_kg, cli, tmp_path):
    assert [n.id for n in build_view(bundled_kg, "governance", area="derby").nodes] == [
        "board:derby-children-families-and-learners-board",
        "board:derby-health-and-wellbeing-board", "board:derby-integrated-commissioning-group"]
    done = cli("render", "--area", "Atlantis", "-o", str(tmp_path / "g.dot"))
    assert done.code == 2 and "County Durham" in done.err


def test_a_png_wider_than_4000_px_is_written_with_a_warning(cli, tmp_path):
    require(shutil.which("dot") is not None, "Graphviz `dot` is not installed")
    path = tmp_path / "plan.png"
    done = cli("render", "--view", "plan", "-o", str(path))
    assert done.code == 0, done.err
    assert "px wide" in done.err and "--focus" in done.err and "--depth" in done.err
    assert int.from_bytes(path.read_bytes()[16:20], "big") > 4000
    narrow = cli("render", "--view", "governance", "--focus",
                 "SEND Joint Commissioning Partnership", "-o", str(tmp_path / "g.png"))
    assert narrow.code == 0 and "px wide" not in narrow.err


def test_owner_lists_show_named_people_first_then_plus_n(bundled_kg):
    view = build_view(bundled_kg, "plan", "Durham SEND Joint Commissioning Plan 2017-2018")
    notes = {n.id: n.notes for n in view.nodes}
    assert notes["act:jcp-ne12-collaborative-1"] == ("Co-lead: Dawn Wilson, Janet Arris", "+1")
    assert notes["obj:jcp-paediatric-therapy"] == (
        "Co-lead: NHS North Durham Clinical", "Commissioning Group +1", "Lead: Rebeca Haynes")
    assert notes["plan:durham-send-jcp-2017-18"][1] == "Council: Durham County Council… +4"
    assert [line for n in build_view(bundled_kg, "plan").nodes for line in n.notes
            if "…" in line and not line.split("…")[1].startswith(" +")] == [
        "Mental Health, Emotional…"] * 2  # one name alone, too long for its box
