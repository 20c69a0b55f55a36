"""Mermaid output: a checker of the flowchart grammar sendkg emits, run on every view.

The checker accepts exactly the subset of Mermaid's flowchart syntax the renderer
writes (header, quoted node labels in the known shapes, arrows with quoted labels,
one subgraph, classDef / class / linkStyle, %% comments) and checks that every id
used is defined, every linkStyle index names an edge, and every '#' in a label opens
one of Mermaid's entity codes. Real Mermaid (mermaid.parse and render in Chromium)
accepted the same output during development; this checker keeps it to that grammar.
"""

from __future__ import annotations

import re

import pytest

from sendkg.render import build_view
from sendkg.render.mermaid import mermaid_source, mermaid_text
from sendkg.render.style import STYLES
from conftest import TESTS

HOSTILE = TESTS / "fixtures" / "render"
ID = r"[A-Za-z][A-Za-z0-9_]*"
TEXT = r'(?:[^"<>\n]|<br/>)*'  # no quote, no markup but the line breaks we write
ENTITY = re.compile(r"#(?:lt|gt|quot|amp|35|37|96);")
SHAPES = {shape for style in STYLES.values() for shape in [style.mermaid]} | {('["', '"]')}
OPENERS = "|".join(sorted({re.escape(o) for o, _ in SHAPES}, key=len, reverse=True))
CLOSERS = "|".join(sorted({re.escape(c) for _, c in SHAPES}, key=len, reverse=True))
NODE = re.compile(rf"^ {{2,4}}(?P<id>{ID})(?P<open>{OPENERS})(?P<text>{TEXT})(?P<close>{CLOSERS})$")
EDGE = re.compile(rf'^  (?P<s>{ID}) (?:-->|-\.->)(?:\|"(?P<text>{TEXT})"\|)? (?P<o>{ID})$')
CLASSDEF = re.compile(rf"^  classDef {ID} [a-z-]+:[#\w]+(?:,[a-z-]+:[#\w]+)*$")
CLASS = re.compile(rf"^  class (?P<ids>{ID}(?:,{ID})*) {ID}$")
LINKSTYLE = re.compile(r"^  linkStyle (?P<numbers>\d+(?:,\d+)*) stroke:#[0-9a-f]{6}$")
SUBGRAPH = re.compile(rf'^  subgraph {ID} \["{TEXT}"\]$')


def _check_text(text: str, where: int) -> None:
    rest = ENTITY.sub("", text)
    assert "#" not in rest, f"line {where}: '#' that is no entity code in {text!r}"
    assert "%" not in rest, f"line {where}: '%' could open a directive in {text!r}"


def check_flowchart(source: str) -> dict:
    """Parse `source`; return {'nodes': ids, 'edges': count}; assert on any fault."""
    lines = source.splitlines()
    assert re.fullmatch(r"flowchart (TD|BT)", lines[0]), lines[0]
    nodes, used, edges, styled, depth = set(), set(), 0, set(), 0
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("%%"):
            assert "%%{" not in line and "\n" not in line, f"line {number}: {line!r}"
        elif match := NODE.match(line):
            assert (match["open"], match["close"]) in SHAPES, f"line {number}: {line!r}"
            assert match["id"] not in nodes, f"line {number}: {match['id']} defined twice"
            _check_text(match["text"], number)
            nodes.add(match["id"])
        elif match := EDGE.match(line):
            _check_text(match["text"] or "", number)
            used |= {match["s"], match["o"]}
            edges += 1
        elif match := CLASS.match(line):
            used |= set(match["ids"].split(","))
        elif match := LINKSTYLE.match(line):
            styled |= {int(n) for n in match["numbers"].split(",")}
        elif SUBGRAPH.match(line):
            depth += 1
        elif line == "  end":
            depth -= 1
            assert depth >= 0, f"line {number}: 'end' without subgraph"
        else:
            assert CLASSDEF.match(line), f"line {number} is not in the grammar: {line!r}"
    assert depth == 0, "unclosed subgraph"
    assert used <= nodes, f"ids used but never defined: {sorted(used - nodes)}"
    assert styled == set(range(edges)), "linkStyle must style each edge exactly once"
    return {"nodes": nodes, "edges": edges}


def test_the_checker_rejects_what_mermaid_rejects():
    good = 'flowchart TD\n  n0["A"]\n  n1["B"]\n  n0 --> n1\n  linkStyle 0 stroke:#333333\n'
    assert check_flowchart(good)["edges"] == 1
    for bad in ['flowchart TD\n  n0["A "quoted""]\n',
                'flowchart TD\n  n0["<script>x</script>"]\n',
                'flowchart TD\n  n0["A"]\n  n0 --> n9\n',
                'flowchart TD\n  n0["A # B"]\n',
                'flowchart TD\n  n0["%%{init: {}}%%"]\n',
                'flowchart TD\n  subgraph k ["K"]\n',
                'graph XX\n']:
        with pytest.raises(AssertionError):
            check_flowchart(bad)


def test_labels_use_mermaid_entity_codes():
    assert mermaid_text('<img onerror="x"> & #1 `a` %%{init}%%') == (
        "#lt;img onerror=#quot;x#quot;#gt; #amp; #35;1 #96;a#96; #37;#37;{init}#37;#37;")


@pytest.mark.parametrize("view", ["governance", "plan", "legislation"])
def test_small_views_are_valid_flowcharts(small_kg, view):
    drawn = build_view(small_kg, view)
    parsed = check_flowchart(mermaid_source(drawn))
    assert parsed["edges"] == len(drawn.edges)
    assert len(parsed["nodes"]) == len(drawn.nodes) + len(drawn.types()) + 1  # + the key


def test_small_governance_chart_exactly(small_kg):
    source = mermaid_source(build_view(small_kg, "governance"))
    body = [line for line in source.splitlines() if not line.startswith("%%")]
    assert body[:6] == [
        "flowchart BT",
        '  n0["SEND Strategy and<br/>Accountability Group"]',
        '  n1["Health and Wellbeing<br/>Board<br/>Chair: Mary Smith"]',
        '  n2["SEND Joint Commissioning<br/>Partnership"]',
        '  n0 -->|"annual"| n1',
        '  n2 -->|"quarterly"| n0']
    assert "%% n1 = board:hwb: Health and Wellbeing Board [example_plan.txt:21]" in source


@pytest.mark.parametrize("view, focus", [("governance", None), ("plan", None),
                                         ("legislation", None), ("accountability", "act:hostile")])
def test_hostile_labels_stay_inside_their_quotes(view, focus):
    from sendkg.graph import load

    drawn = build_view(load(HOSTILE, cache=False), view, focus)
    source = mermaid_source(drawn)
    check_flowchart(source)
    chart = "\n".join(line for line in source.splitlines() if not line.startswith("%%"))
    assert "<script" not in chart and "<img" not in chart and "%%{" not in chart


def test_the_bundled_plan_view_is_split_into_charts_mermaid_draws(bundled_kg, tmp_path, cli):
    """Mermaid draws only "Maximum text size in diagram exceeded" above 50,000 characters
    or 500 edges: the plan view is written as one chart per plan, each under both
    limits, with a note; every link of the view is in a chart."""
    from sendkg.render.mermaid import MAX_EDGES, MAX_TEXT, fits_mermaid
    from sendkg.render.parts import view_parts

    full = build_view(bundled_kg, "plan")
    assert len(mermaid_source(full)) > MAX_TEXT or len(full.edges) > MAX_EDGES
    path = tmp_path / "plan.mmd"
    done = cli("render", "--view", "plan", "-o", str(path))
    assert done.code == 0, done.err
    assert "too large for one Mermaid chart" in done.err and "one per top item" in done.err
    charts = sorted(tmp_path.glob("plan-*.mmd"))
    plans = [n for n in full.nodes if n.type == "Plan"]
    assert len(charts) == len(plans) and not path.exists()
    for chart in charts:
        source = chart.read_text(encoding="utf-8")
        assert len(source) <= MAX_TEXT and check_flowchart(source)["edges"] <= MAX_EDGES
    drawn = {(e.s, e.o, e.relation) for p in view_parts(full, fits_mermaid) for e in p.edges}
    assert drawn == {(e.s, e.o, e.relation) for e in full.edges}


def test_no_split_refuses_a_chart_over_mermaids_limits(bundled_kg, tmp_path, cli):
    from sendkg.render import RenderError, render

    path = tmp_path / "plan.mmd"
    with pytest.raises(RenderError, match="too large for Mermaid.*--no-split.*--focus"):
        render(bundled_kg, path, "plan", split=False)
    done = cli("render", "--view", "plan", "--no-split", "-o", str(path))
    assert done.code == 2 and "--focus" in done.err
    assert not list(tmp_path.iterdir())


def test_split_on_request_gives_one_chart_per_top_board(bundled_kg, tmp_path, cli):
    from sendkg.render.parts import _below, _tops

    full = build_view(bundled_kg, "governance")
    assert len(mermaid_source(full)) < 50_000  # one chart would do: split only on request
    tops = [n.label for n in full.nodes if n.id in set(_tops(full, _below(full)))]
    done = cli("render", "--split", "-o", str(tmp_path / "gov.mmd"))
    assert done.code == 0 and "warning" not in done.err, done.err
    charts = sorted(tmp_path.glob("gov-*.mmd"))
    assert len(charts) == len(tops) + 1  # and one for the boards with no reporting line
    titles = [c.read_text(encoding="utf-8").splitlines()[1] for c in charts]
    assert all(f"({n} of {len(charts)})" in t for n, t in enumerate(titles, start=1))
    assert [any(top in t for t in titles) for top in tops] == [True] * len(tops)
    assert "No reporting line recorded" in titles[-1]


def test_a_top_too_large_alone_is_refused():
    from sendkg.render.parts import view_parts
    from sendkg.render.views import RenderError, View, ViewEdge, ViewNode

    nodes = (ViewNode("board:top", "Board", "Top"), ViewNode("board:a", "Board", "A"))
    view = View("governance", "T", "up", nodes, (ViewEdge("board:a", "board:top", "subGroupOf"),))
    with pytest.raises(RenderError, match="'Top' and what lies directly below it"):
        view_parts(view, lambda part: len(part.nodes) < 2)


def test_a_focused_plan_view_fits_mermaid(bundled_kg, tmp_path):
    from sendkg.render import render
    from sendkg.render.mermaid import MAX_TEXT

    path = tmp_path / "plan.mmd"
    render(bundled_kg, path, "plan", "Durham SEND Joint Commissioning Plan 2017-2018")
    assert len(path.read_text(encoding="utf-8")) <= MAX_TEXT
