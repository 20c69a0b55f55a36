"""Bad input never ends in a traceback: labels that look like console markup or carry
control characters, unwritable -o paths, query files in another encoding, odd SPARQL,
lint configs YAML would mistype, broken CSV quoting, drafts build refuses (issue 20)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml

from conftest import SMALL, run_cli

NASTY = " [/] [/x] [to be confirmed] [chair: vacant] \x1b[31m\x07\u202e"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202e]")


@pytest.fixture(scope="module")
def nasty_data(tmp_path_factory):
    """The small dataset with console markup, an escape sequence, a bell and a
    right-to-left override appended to every label and title."""
    folder = tmp_path_factory.mktemp("nasty") / "data"
    shutil.copytree(SMALL, folder)
    for path in folder.rglob("*.yaml"):
        content = yaml.safe_load(path.read_text())
        for key in ("entities", "registry"):
            for entity in content.get(key) or []:
                entity["label"] += NASTY
        if "document" in content:
            content["document"]["title"] += " [/]"
        path.write_text(yaml.safe_dump(content, allow_unicode=False, width=1000))
    sources = folder.parent / "sources"
    sources.mkdir()
    (sources / "example_plan.txt").write_text(
        "".join(f"line {n}{NASTY}\n" for n in range(1, 40)))
    return folder


COMMANDS = [
    ["build"], ["stats"], ["find", "travel"], ["find", "Mark Smith"], ["validate"],
    ["owner", "act:ex-travel-2"], ["owns", "person:mark-smith"], ["chain", "board:jcp"],
    ["drivers", "act:ex-travel-2"], ["impact", "person:mark-smith"],
    ["funders", "act:ex-travel-2"], ["boards", "--members"], ["lint"], ["duplicates"],
    ["source", "example_plan.txt:12", "--sources", "{sources}"],
    ["sparql", "owner", "--id", "act:ex-travel-2"],
    ["owner", "[/] nobody [/x]"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_markup_and_control_characters_in_labels_never_crash_or_reach_the_terminal(
        nasty_data, args):
    args = [a.replace("{sources}", str(nasty_data.parent / "sources")) for a in args]
    result = run_cli(*args, "--data", nasty_data)
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err
    assert not CONTROL.search(result.out + result.err), (result.out + result.err)[:500]


def test_bracketed_words_show_in_find(nasty_data):
    result = run_cli("find", "travel", "--data", nasty_data)
    assert "[to be confirmed] [chair: vacant]" in result.out.replace("\n", " ")


@pytest.mark.parametrize("suffix", [".svg", ".mmd", ".html"])
def test_drawings_of_nasty_labels_are_written(nasty_data, tmp_path, suffix):
    out = tmp_path / f"g{suffix}"
    result = run_cli("render", "--data", nasty_data, "-o", out)
    assert result.code == 0, result
    assert not CONTROL.search(out.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ -o that cannot be
def _targets(tmp_path):
    folder = tmp_path / "existing-folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("not ours")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    if os.geteuid() == 0:  # root writes through file modes; sysfs refuses even root
        read_only = "/sys/sendkg-never"
    else:
        read_only = tmp_path / "read-only"
        read_only.mkdir(mode=0o555)
    return {"existing folder": folder, "under a file": a_file / "sub",
            "read-only folder": f"{read_only}/sub"}


WRITERS = {
    "export ttl": (["export", "--format", "ttl"], ".ttl"),
    "export xlsx": (["export", "--format", "xlsx"], ".xlsx"),
    "export csv": (["export", "--format", "csv"], ""),
    "render svg": (["render"], ".svg"),
    "render html": (["render"], ".html"),
    "report": (["report", "plan:example"], ".docx"),
    "ingest": (["ingest", SMALL.parent / "ingest" / "plan.csv"], ".yaml"),
    "synth": (["synth", "--councils", "1"], ""),
}


@pytest.mark.parametrize("target", ["existing folder", "under a file", "read-only folder"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_unwritable_output_is_one_line_exit_2(tmp_path, writer, target):
    args, suffix = WRITERS[writer]
    path = _targets(tmp_path)[target]
    if target != "existing folder" or not suffix:
        path = f"{path}{suffix}"
    if target == "existing folder" and (not suffix or writer == "ingest"):
        path = f"{tmp_path / 'a-file'}"  # these write into a folder: give them a file
    data = [] if writer in ("synth", "ingest") else ["--data", SMALL]
    result = run_cli(*args, "-o", path, *data)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if line.strip()]
    assert errors and errors[-1].startswith(("error:", "Error:", "│")), result.err
    assert (tmp_path / "existing-folder" / "keep.txt").read_text() == "not ours"


def test_query_files_in_windows_1252_name_file_and_line(tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes('SELECT ?s WHERE {\n ?s ?p "café" }\n'.encode("cp1252"))
    result = run_cli("sparql", query, "--data", SMALL)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{query}:2: not UTF-8 text" in result.err
    cypher = tmp_path / "q.cypher"
    cypher.write_bytes('MATCH (n {label: "café"}) RETURN n\n'.encode("cp1252"))
    result = run_cli("cypher", cypher, "--uri", "bolt://127.0.0.1:9")
    assert result.code == 2 and f"{cypher}:1: not UTF-8 text" in result.err


@pytest.mark.parametrize("query, message", [
    ("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", "GRAPH is not supported"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "SERVICE is not"),
    ("LOAD <http://127.0.0.1:9/x>", "malformed SPARQL"),
    ("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }", "FROM / FROM NAMED"),
])
def test_sparql_that_would_fail_or_reach_out_is_refused(query, message):
    result = run_cli("sparql", query, "--data", SMALL)
    assert result.code == 2 and "Traceback" not in result.err
    assert message in result.err


def test_synth_onto_an_existing_file(tmp_path):
    target = tmp_path / "f"
    target.write_text("keep")
    result = run_cli("synth", "--councils", "1", "-o", target)
    assert result.code == 2 and "it is a file" in result.err
    assert target.read_text() == "keep"


@pytest.mark.parametrize("config, line, message", [
    ("rules:\n  action-without-owner: {severity: 2021-13-01}\n", 2, "severity must be"),
    ("rules:\n  [action-without-owner]: error\n", 2, "a key must be a plain name"),
    ("rules:\n  ? {a: b}\n  : error\n", 2, "a key must be a plain name"),
    ("rules:\n  officer-overloaded: {max_live_actions: " + "9" * 5000 + "}\n", 2,
     "max_live_actions must be a whole number"),
    ("rules:\n  officer-overloaded: {max_live_actions: 2021-01-01}\n", 2,
     "max_live_actions must be a whole number"),
])
def test_lint_config_faults_name_file_and_line(tmp_path, config, line, message):
    path = tmp_path / "lint.yaml"
    path.write_text(config)
    result = run_cli("lint", "--config", path, "--data", SMALL)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"lint.yaml:{line}:" in result.err and message in result.err


# ------------------------------------------------------------------------ ingest
def test_an_unterminated_csv_quote_is_an_error_not_swallowed_rows(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Objective,Action,Lead\nTravel,\"Map routes,Ann Lee\n"
                     "Homes,Build homes,Bob Roe\nSchools,Open schools,Cat Day\n")
    result = run_cli("ingest", table, "-o", tmp_path / "out.yaml")
    assert result.code == 2
    assert "t.csv:2: bad CSV" in result.err and "never closed" in result.err
    assert not (tmp_path / "out.yaml").exists()


def test_drafts_build_refuses_are_left_out_with_a_warning():
    from sendkg.ingest.writer import buildable

    entities = [{"id": "act:a", "type": "Action", "label": " ", "line": 3},
                {"id": "act:b", "type": "Action", "label": "B", "line": 4,
                 "start": "2021-13", "end": "2021-03"},
                {"id": "act:c", "type": "Action", "label": "C", "line": 5,
                 "start": "2022-01", "end": "2021-03"}]
    relations = [{"s": "act:a", "p": "responsible", "o": "org:x", "line": 3},
                 {"s": "act:b", "p": "responsible", "o": "org:x", "line": 4}]
    kept, kept_relations, warnings = buildable(entities, relations, "t.csv")
    assert [e["id"] for e in kept] == ["act:b", "act:c"]
    assert "start" not in kept[0] and kept[0]["end"] == "2021-03"
    assert "start" not in kept[1] and "end" not in kept[1]
    assert [r["s"] for r in kept_relations] == ["act:b"]
    assert warnings[0].startswith("t.csv:3: a Action with no name left out")
    assert len(warnings) == 4
