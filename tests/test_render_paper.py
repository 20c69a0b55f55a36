"""`render --page a4|a3 [--landscape]`: drawings fitted to a real printed page.

Checked on the files a user gets: the PDF's page size and its smallest text read back
by pdfplumber, PNG pixel sizes, and where `dot` puts the wrapped rows of siblings.
"""

from __future__ import annotations

import json
import shutil

import pdfplumber
import pytest
from conftest import require

from sendkg.render.graphviz import dot_source, run_dot
from sendkg.render.paper import Drawn, grid_arrangement, merging_is_safe
from sendkg.render.views import View, ViewEdge, ViewNode

A4_PT = (595.28, 841.89)
CFP = "Children and Families Partnership"


@pytest.fixture(autouse=True)
def needs_dot():
    require(shutil.which("dot") is not None and shutil.which("unflatten") is not None,
            "Graphviz `dot` and `unflatten` are not installed (apt-get install graphviz)")


def test_focused_partnership_fits_a4_portrait_at_8pt_or_more(cli, tmp_path):
    """It used to be refused for A4 (its eleven sub groups in one row: 6.3 pt at best)."""
    pdf = tmp_path / "cfp.pdf"
    done = cli("render", "--focus", CFP, "--depth", "1", "--page", "a4", "-o", pdf)
    assert done.code == 0, done.err
    with pdfplumber.open(pdf) as opened:
        assert len(opened.pages) == 1
        page = opened.pages[0]
        assert abs(page.width - A4_PT[0]) <= 1 and abs(page.height - A4_PT[1]) <= 1
        sizes = [c["size"] for c in page.chars]
        assert min(sizes) >= 7.95, min(sizes)
        text = page.extract_text()
        marks = page.rects + page.curves + page.chars
    for name in ("Stronger Families", "Transitions", "County Durham", "Key"):
        assert name in text
    left, right = min(m["x0"] for m in marks), max(m["x1"] for m in marks)
    assert abs((left + right) / 2 - page.width / 2) < 6  # centred across the page
    assert right - left > page.width * 0.6  # and fitted, not a postage stamp


def test_page_png_and_svg_are_the_page_size(cli, tmp_path):
    png, svg = tmp_path / "g.png", tmp_path / "g.svg"
    done = cli("render", "--focus", CFP, "--page", "a3", "--landscape", "-o", png)
    assert done.code == 0, done.err
    width, height = (int.from_bytes(png.read_bytes()[i:i + 4], "big") for i in (16, 20))
    assert (abs(width - 16.54 * 144) <= 2, abs(height - 11.69 * 144) <= 2) == (True, True)
    assert cli("render", "--focus", CFP, "--page", "a4", "-o", svg).code == 0
    head = svg.read_text(encoding="utf-8")[:600]
    assert 'width="595pt"' in head or 'width="596pt"' in head
    assert 'height="842pt"' in head


def test_a_view_too_large_for_any_arrangement_is_refused_with_the_figure(cli, tmp_path):
    out = tmp_path / "p.png"
    refused = cli("render", "--view", "plan", "--page", "a4", "-o", out)
    assert refused.code == 2
    assert "cannot fit A4 legibly" in refused.err and " pt (at least 8 pt)" in refused.err
    assert "--focus" in refused.err and "--landscape or --page a3" in refused.err
    assert not out.exists()
    landscape = cli("render", "--focus", CFP, "--page", "a4", "--landscape", "-o", out)
    assert landscape.code == 2 and "portrait (no --landscape)" in landscape.err
    for bad in (["--page", "a5", "-o", tmp_path / "x.png"],
                ["--page", "a4", "-o", tmp_path / "x.html"]):
        assert cli("render", *bad).code == 2


def _board_with_leaves(count: int, extra: tuple[ViewEdge, ...] = ()) -> View:
    leaves = tuple(ViewNode(f"board:g{i}", "Board", f"Group {i}") for i in range(count))
    edges = tuple(ViewEdge(n.id, "board:top", "subGroupOf") for n in leaves)
    return View("governance", "Test", "up",
                (ViewNode("board:top", "Board", "Top board"), *leaves), edges + extra)


def _positions(view: View, source: str) -> dict[str, tuple[int, int]]:
    drawn = json.loads(run_dot(source, "json0", stagger=False))
    return {o["name"]: tuple(round(float(v)) for v in o["pos"].split(","))
            for o in drawn["objects"] if o.get("name", "").startswith("board:g")}


def test_a_long_row_of_sub_groups_wraps_into_straight_columns():
    view = _board_with_leaves(7)
    plain = _positions(view, dot_source(view))
    assert len({y for _, y in plain.values()}) == 1  # one row, seven wide
    wrapped = _positions(view, dot_source(view, arrangement=grid_arrangement(view, 3)))
    rows = {y for _, y in wrapped.values()}
    columns = {x for x, _ in wrapped.values()}
    assert len(rows) == 3 and len(columns) == 3, wrapped


def test_arrows_are_merged_only_when_they_look_alike():
    view = _board_with_leaves(4)
    ranks = {"board:top": 0, **{f"board:g{i}": 1 + i for i in range(4)}}
    drawn = Drawn("", 100, 100, ranks, 0)
    assert merging_is_safe(view, drawn)
    labelled = _board_with_leaves(4, (ViewEdge("board:g3", "board:top", "reportsTo",
                                               "quarterly"),))
    assert not merging_is_safe(labelled, drawn)
    unsure = View(view.name, view.title, view.direction, view.nodes, view.edges[:3] + (
        ViewEdge("board:g3", "board:top", "subGroupOf", uncertain=True),))
    assert not merging_is_safe(unsure, drawn)


def test_a_focus_that_matches_nothing_writes_nothing_and_exits_2(cli, tmp_path):
    path = tmp_path / "lines.png"
    result = cli("render", "--view", "governance", "--focus", "zzqqxx nothing like it",
                 "-o", path)
    assert result.code == 2 and "nothing written to" in result.err
    assert not path.exists()
