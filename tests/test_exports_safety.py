"""Exports never write a file another tool cannot read (issue 15): control characters,
GEXF reserved attribute names, and the CSV folder."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from lxml import etree

from conftest import TESTS, run_cli

CONTROL = TESTS / "fixtures" / "exports"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def _graphml_labels(path) -> dict[str, str]:
    tree = etree.parse(str(path))
    key = next(k.get("id") for k in tree.iter(f"{GRAPHML}key")
               if k.get("attr.name") == "label" and k.get("for") == "node")
    return {node.get("id"): node.find(f"{GRAPHML}data[@key='{key}']").text
            for node in tree.iter(f"{GRAPHML}node")}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_are_removed_with_a_warning_naming_the_entity(tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = run_cli("export", "--format", fmt, "-o", out, "--data", CONTROL)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "board:bell" in result.err and "control character" in result.err
    assert "plan:dated" in result.err
    tree = etree.parse(str(out))  # well-formed XML
    labels = ({n.get("id"): n.get("label") for n in tree.iter(f"{GEXF}node")} if fmt == "gexf"
              else _graphml_labels(out))
    assert labels["board:bell"] == "Bell Board of Control"


def test_gexf_is_static_and_keeps_plan_dates_as_plain_attributes(tmp_path):
    out = tmp_path / "g.gexf"
    result = run_cli("export", "--format", "gexf", "-o", out, "--data", CONTROL)
    assert result.code == 0, result.err
    tree = etree.parse(str(out))
    graph = tree.find(f"{GEXF}graph")
    assert graph.get("mode") == "static"
    assert graph.get("timeformat") is None
    for node in tree.iter(f"{GEXF}node"):
        assert node.get("start") is None and node.get("end") is None
    titles = {a.get("id"): a.get("title") for a in tree.iter(f"{GEXF}attribute")}
    assert {"plan_start", "plan_end"} <= set(titles.values())
    dated = next(n for n in tree.iter(f"{GEXF}node") if n.get("id") == "plan:dated")
    values = {titles[v.get("for")]: v.get("value") for v in dated.iter(f"{GEXF}attvalue")}
    assert values["plan_start"] == "2024" and values["plan_end"] == "2027"


def test_csv_refuses_a_file_name_for_its_folder(tmp_path):
    result = run_cli("export", "--format", "csv", "-o", tmp_path / "g.csv", "--data", CONTROL)
    assert result.code == 2
    assert "folder" in result.err and "g.csv" in result.err
    assert not (tmp_path / "g.csv").exists()


def test_csv_folder_respects_the_umask_and_keeps_other_files(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    (folder / "nodes.csv").write_text("old")
    old = os.umask(0o022)
    try:
        result = run_cli("export", "--format", "csv", "-o", folder / "new", "--data", CONTROL)
        assert result.code == 0, result.err
        result = run_cli("export", "--format", "csv", "-o", folder, "--data", CONTROL)
        assert result.code == 0, result.err
    finally:
        os.umask(old)
    assert (folder / "notes.txt").read_text() == "keep me"
    assert (folder / "nodes.csv").read_text().startswith("id,")
    assert stat.S_IMODE((folder / "new").stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "new" / "nodes.csv").stat().st_mode) == 0o644
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "new", "nodes.csv",
                                                         "notes.txt"]
    shutil.rmtree(folder)


@pytest.mark.parametrize("fmt, name, hint", [
    ("xlsx", "register.csv", "name the output .xlsx"),
    ("csv", "tables.xlsx", "give a folder"),
    ("ttl", "graph.jsonld", "name the output .ttl"),
])
def test_an_output_named_for_another_format_is_refused(cli, tmp_path, fmt, name, hint):
    """`export --format xlsx -o register.csv` wrote a workbook called .csv."""
    result = cli("export", "--format", fmt, "-o", tmp_path / name)
    assert result.code == 2 and hint in result.err
    assert not (tmp_path / name).exists()
