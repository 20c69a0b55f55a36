"""Static diagrams through the real Graphviz `dot`: SVG that parses, PNG and PDF files."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import TESTS, require

from sendkg.graph import load
from sendkg.render import RenderError, build_view, render
from sendkg.render.graphviz import dot_source, layout, quoted, run_dot
from sendkg.render.style import wrap_label
from sendkg.render.views import View, ViewEdge, ViewNode

HOSTILE = TESTS / "fixtures" / "render"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def needs_dot():
    require(shutil.which("dot") is not None, "Graphviz `dot` is not installed (apt-get install "
                                             "graphviz)")


def svg_texts(path) -> list[str]:
    """Every piece of text drawn in an SVG, parsed as XML."""
    root = ET.parse(path).getroot()
    return [t.text for t in root.iter(f"{SVG}text") if t.text]


def svg_titles(path) -> dict[str, str]:
    """Each node's id (its <title>) mapped to its tooltip (the link's xlink:title)."""
    root = ET.parse(path).getroot()
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            link = group.find(f"{SVG}g/{SVG}a")
            found[group.find(f"{SVG}title").text] = link.get(
                "{http://www.w3.org/1999/xlink}title") if link is not None else None
    return found


def test_dot_strings_are_escaped():
    assert quoted('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_small_governance_svg_has_every_label_chair_and_frequency(small_kg, tmp_path):
    path = tmp_path / "g.svg"
    view = render(small_kg, path, "governance")
    texts = svg_texts(path)
    for node in view.nodes:
        assert all(line in texts for line in wrap_label(node.label)), node.label
    assert "Chair: Mary Smith" in texts
    assert {" quarterly ", " annual "} <= set(texts)
    assert {"Key", "Board"} <= set(texts)
    titles = svg_titles(path)
    assert set(titles) >= {"board:jcp", "board:accountability", "board:hwb"}
    assert titles["board:hwb"] == ("Health and Wellbeing Board\ntype: Board\nid: board:hwb\n"
                                   "also called: Health & Wellbeing Board\nkind: board\n"
                                   "chair: Mary Smith\nsources: example_plan.txt:21")


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF-"),
                                           (".dot", b"digraph sendkg {")])
def test_other_formats(small_kg, tmp_path, suffix, magic):
    path = tmp_path / f"plan{suffix}"
    render(small_kg, path, "plan")
    assert path.read_bytes().startswith(magic)


@pytest.mark.parametrize("view, focus", [("governance", None), ("plan", None),
                                         ("legislation", None), ("accountability", "act:hostile")])
def test_hostile_labels_are_drawn_as_text(tmp_path, view, focus):
    kg = load(HOSTILE, cache=False)
    path = tmp_path / "h.svg"
    drawn = render(kg, path, view, focus)
    root = ET.parse(path).getroot()  # parses: nothing broke out of the markup
    assert not [e.tag for e in root.iter() if e.tag.split("}")[-1] in ("script", "img",
                                                                      "foreignObject")]
    texts = svg_texts(path)
    for node in drawn.nodes:
        assert wrap_label(node.label)[0] in texts, node.label


def test_hostile_governance_shows_the_injected_text_literally(tmp_path):
    path = tmp_path / "h.svg"
    render(load(HOSTILE, cache=False), path, "governance")
    texts = svg_texts(path)
    assert "<script>window.__pwned =" in texts and "Chair: Ann <svg" in texts
    assert " <b>quarterly</b> " in texts


def test_uncertain_links_are_dashed_and_explained(tmp_path):
    source = dot_source(build_view(load(HOSTILE, cache=False), "governance"))
    assert '"board:loop-b" -> "board:loop-a" [color="#333333", arrowhead=normal' in source
    assert "style=dashed" in source and "dashed: an uncertain reading" in source


def test_layout_gives_every_node_a_place(small_kg):
    view = build_view(small_kg, "governance")
    places = layout(view)
    assert sorted(places) == ["board:accountability", "board:hwb", "board:jcp"]
    # arrows point up: the body reported to is above (smaller y) the one reporting
    assert places["board:hwb"][1] < places["board:accountability"][1] < places["board:jcp"][1]


def test_missing_dot_says_to_install_graphviz(small_kg, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="install Graphviz"):
        render(small_kg, tmp_path / "g.svg", "governance")
    assert not (tmp_path / "g.svg").exists()
    assert layout(build_view(small_kg, "governance")) is None  # the page lays itself out


def test_dot_errors_are_reported_in_one_line():
    with pytest.raises(RenderError, match="^dot failed: .*syntax error"):
        run_dot("digraph { a -> }", "svg")


def test_cli_writes_svg(cli, tmp_path):
    from conftest import SMALL

    result = cli("render", "--view", "plan", "-o", tmp_path / "p.svg", "--data", SMALL)
    assert result.code == 0, result.err
    assert result.out.strip() == f"wrote Plan to {tmp_path / 'p.svg'} (4 entities, 3 links)"
    assert "Lead: Mark Smith" in svg_texts(tmp_path / "p.svg")


def test_backslashes_are_drawn_literally_not_as_escstring_sequences(tmp_path):
    """Graphviz reads \\G, \\N, \\L in labels and tooltips as the graph's name, the node's
    id, a left-justified line: a board note `S:\\Governance\\Notes` must stay as it is."""
    from sendkg.render.views import View, ViewEdge, ViewNode

    note = "S:\\Governance\\Notes \\L\\E\\H"
    view = View("governance", "T " + note, "up",
                (ViewNode("board:a", "Board", "A " + note, ("Chair: " + note,),
                          (("note", note),)),
                 ViewNode("board:b", "Board", "B")),
                (ViewEdge("board:a", "board:b", "reportsTo", "e " + note,
                          (("note", note),)),))
    source = dot_source(view)
    assert "label=<A S:\\\\Governance\\\\Notes" in source
    path = tmp_path / "esc.svg"
    path.write_bytes(run_dot(source, "svg"))
    texts = " ".join(" ".join(svg_texts(path)).split())  # a long arrow label wraps
    assert texts.count(note) == 4, texts  # title, label, note, edge label
    assert "sendkg" not in texts and "board:a" not in texts.replace("board:a->", "")
    tips = svg_titles(path)
    assert tips["board:a"] == f"A {note}\nnote: {note}", tips


def test_a_long_arrow_label_is_drawn_on_short_lines():
    role = "agreeing service of Durham County Council"
    view = View("accountability", "T", "up", (ViewNode("plan:a", "Plan", "A"),
                                              ViewNode("org:b", "Organisation", "B")),
                (ViewEdge("plan:a", "org:b", "ownedBy", role),))
    label = next(line for line in dot_source(view).splitlines() if "->" in line)
    assert 'label=" agreeing service of \\n Durham County Council "' in label


def test_boards_with_no_reporting_line_are_captioned_even_when_nothing_is_linked(tmp_path):
    """Derby's three boards have no reporting line: they were drawn bare, as if that were
    the whole structure."""
    path = tmp_path / "derby.svg"
    view = render(load(None), path, "governance", area="Derby")
    assert len(view.nodes) == 3 and not view.edges
    assert "No reporting line recorded" in svg_texts(path)


def test_a_view_too_large_for_dot_is_refused_before_layout(small_kg, tmp_path, monkeypatch):
    import sendkg.render as render_package
    from sendkg.render import RenderError, render

    drawn = render(small_kg, tmp_path / "plan.svg", view="plan")  # within the limit
    monkeypatch.setitem(render_package.MAX_DOT_NODES, "plan", len(drawn.nodes) - 1)
    monkeypatch.setattr("sendkg.render.graphviz.run_dot", lambda *a, **k: pytest.fail(
        "dot was started for a view over the limit"))
    with pytest.raises(RenderError, match=r"plan view has \d+ entities.*--focus TEXT"):
        render(small_kg, tmp_path / "big.svg", view="plan")
    assert not (tmp_path / "big.svg").exists()
    render(small_kg, tmp_path / "big.dot", view="plan")  # source needs no layout
    assert (tmp_path / "big.dot").read_text().startswith("digraph")
