"""Findings of a new user's first try (notes/s3/tryout.md), each on the bundled data
through the CLI in this process: the successor bodies can be looked up, weak name
matches never answer silently for another body, filters that match nothing say so,
and the cited line, lint order, what-if rows, serve and ingest read as an officer expects.
"""

from __future__ import annotations

from conftest import run_cli

ICB = "org:nhs-north-east-and-north-cumbria-icb"
COUNTY_CCG = "org:nhs-county-durham-ccg"


# ------------------------------------------------ H1: successor bodies by name, alias, id

def test_successor_found_by_alias_and_id():
    for text in ("NENC ICB", ICB, "NHS North East and North Cumbria ICB"):
        done = run_cli("owns", text)
        assert done.code == 0, done.err
        assert ICB in done.out, (text, done.out)
        # since try-out s4 #10 the answer lists what it inherited, from each body
        assert "inherited from NHS County Durham" in " ".join(done.out.split())


def test_successor_ccg_found_by_alias():
    done = run_cli("impact", "NHS County Durham CCG")
    assert done.code == 0, done.err
    assert COUNTY_CCG in done.out
    assert "org:nhs-north-durham-ccg)" not in done.out.splitlines()[0]


def test_find_icb_lists_the_statutory_icb():
    done = run_cli("find", "ICB", "--json")
    assert ICB in done.out


# ------------------------------------------------ H2: weak names never stand for a body

NORTH, DDES = "org:nhs-north-durham-ccg", "org:nhs-ddes-ccg"


def test_registry_abbreviation_names_both_ccgs():
    for text in ("ND & DDES CCGs", "Durham CCGs"):
        done = run_cli("owns", text)
        assert done.code == 0, done.err
        assert "durham-county-council" not in done.out, (text, done.out)
        assert NORTH in done.out and DDES in done.out, (text, done.out)


def test_whatif_replace_takes_both_ccgs_of_the_abbreviation():
    done = run_cli("whatif", "replace", "Durham CCGs", "--by", "NENC ICB", "--json")
    assert done.code == 0, done.err
    import json

    old = [n["id"] for n in json.loads(done.out)["results"][0]["old"]]
    assert sorted(old) == [DDES, NORTH]


def test_whatif_refuses_a_name_that_is_not_exact():
    done = run_cli("whatif", "replace", "Durham CCs", "--by", "NENC ICB")
    assert done.code == 2
    assert "never guesses" in done.err and "org:durham-county-council" in done.err
    assert done.out == ""
    done = run_cli("whatif", "replace", "Durham County Council", "--by", "ICB")
    assert done.code == 2 and "nearest" in done.err


def test_question_says_when_it_reads_a_near_spelling():
    done = run_cli("owns", "Durham CCs")
    assert done.code == 0
    # the notice names the type too (try-out s4 #11: "read 'CCG' as Plan …")
    assert "read 'Durham CCs' as Organisation Durham County Council" in done.out


# ------------------------------------------------ H4: filters that name nothing

JCP = "plan:durham-send-jcp-2017-18"
CYP = "plan:durham-cyp-strategy-2019-22"


def _count(done) -> str:
    """The count a command's summary starts with (after the line saying how `--between`
    or `--plan` was read, and its wrapped lines)."""
    return next(line for line in done.out.splitlines()
                if not line.startswith(("--between", "--plan", " "))).split()[0]


def test_plan_filters_take_the_short_names_find_takes():
    by_name = run_cli("duplicates", "--between", "SEND JCP", "CYP Strategy")
    by_id = run_cli("duplicates", "--between", JCP, CYP)
    assert by_name.code == by_id.code == 0
    assert _count(by_name) == _count(by_id) != "No"
    short = run_cli("lint", "--plan", "SEND JCP", "--today", "2026-11-22")
    full = run_cli("lint", "--plan", JCP, "--today", "2026-11-22")
    assert _count(short) == _count(full) != "0"


def test_filters_naming_nothing_stop_with_exit_2():
    for args, option in [(("duplicates", "--between", "nonsense plan", "SEND JCP"), "--between"),
                         (("duplicates", "--area", "Mars"), "--area"),
                         (("lint", "--plan", "nonsense"), "--plan"),
                         (("lint", "--area", "Mars"), "--area"),
                         (("boards", "--area", "Durhm"), "--area")]:
        done = run_cli(*args)
        assert done.code == 2, (args, done)
        assert done.err.count("\n") == 1 and option in done.err, (args, done.err)
        assert done.out == ""
    assert "nearest: Durham" in run_cli("boards", "--area", "Durhm").err


# ------------------------------------------------ M2: the cited line is never cut

def test_source_prints_the_whole_cited_line(seeds):
    import json
    import re

    whole = json.loads(run_cli("source", "SEND JCP 2017-18 l.40", "--sources", seeds,
                               "--json").out)["results"]
    cited = next(r for r in whole if r["cited"])
    text = " | ".join(c for c in cited["cells"] if c)
    assert len(text) > 300  # the line the tryout found cut
    done = run_cli("source", "SEND JCP 2017-18 l.40", "--sources", seeds)
    assert done.code == 0
    shown = re.sub(r"\s+", " ", done.out.split("> 40: ", 1)[1].split("\n  41:")[0]).strip()
    assert shown == re.sub(r"\s+", " ", text).strip()
    assert shown.endswith("Police and Crime Commissioner.")


# ------------------------------------------------ M3: lint shows its errors first

def _severities(text: str) -> list[str]:
    import re

    return re.findall(r"^(error|warning|info)\s", text, flags=re.M)


def test_lint_lists_errors_before_warnings_and_limit_keeps_them():
    # the bundled data's errors are on a plan only mentioned in passing: --mentioned
    done = run_cli("lint", "--today", "2026-11-22", "--mentioned")
    assert done.code == 1
    body = done.out.split("\n\n", 1)[1]  # past the summary
    found = _severities(body)
    assert "error" in found and found.index("warning") > max(
        i for i, s in enumerate(found) if s == "error")
    limited = run_cli("lint", "--today", "2026-11-22", "--limit", "3", "--mentioned")
    assert _severities(limited.out.split("\n\n", 1)[1]) == ["error"]
    assert "3 × priority without owner" in limited.out
    summary = done.out.split("\n\n", 1)[0]
    rows = [line.split() for line in summary.splitlines()[1:]]  # past notes on what is held
    levels = [row[1] for row in rows if len(row) > 1 and row[1] in ("error", "warning", "info")]
    assert levels
    assert levels == sorted(levels, key=["error", "warning", "info"].index)


# ------------------------------------------------ M4: whatif counts, words, target, -o

HCP = "Healthy Child Programme Board"


def _whatif_json(*args) -> dict:
    import json

    done = run_cli("whatif", *args, "--json")
    assert done.code == 0, done.err
    return json.loads(done.out)["results"][0]


def test_whatif_rows_add_up_and_read_as_words(tmp_path):
    import re

    found = _whatif_json("remove", HCP)
    rows_expected = sum(max(1, len(c["plans"])) for c in found["changes"])
    patch = tmp_path / "patch.yaml"
    done = run_cli("whatif", "remove", HCP, "-o", patch)
    assert done.code == 0 and patch.exists()
    rows = [line for line in done.out.splitlines()
            if re.match(r"    (moves|merges|breaks) ", line)]
    assert len(rows) == rows_expected
    assert f"{len(found['changes'])} facts" in done.out.splitlines()[0]
    if rows_expected != len(found["changes"]):
        assert "listed under each" in done.out
    assert "1 merges" not in done.out
    assert not [r for r in rows if re.search(r"\b[a-z]+[A-Z][a-zA-Z]*\b", r)], rows
    assert "monitored by" in done.out
    assert "-o FILE writes" not in done.out and f"wrote the patch for review to {patch}" in done.out


def test_whatif_remove_prefers_a_certain_reporting_line(bundled_kg):
    found = _whatif_json("remove", HCP)
    body, parent = found["old"][0]["id"], found["new"]["id"]
    line = [e for e in bundled_kg.out_edges(body) if e.o == parent]
    assert line and not any(e.props.get("uncertain") for e in line)
    uncertain = [e.o for e in bundled_kg.out_edges(body) if e.props.get("uncertain")]
    assert uncertain  # the bundled data has the uncertain line the tryout was given
    chosen = _whatif_json("remove", HCP, "--to", uncertain[0])
    assert chosen["new"]["id"] == uncertain[0]


# ------------------------------------------------ M6: ingest of a missing file

def test_ingest_missing_file_is_one_line_and_exit_2(tmp_path):
    done = run_cli("ingest", "nope.pdf", "-o", "d1", cwd=tmp_path)
    assert done.code == 2
    assert done.out == ""
    assert done.err.strip() == "error: nope.pdf: file not found"
    assert not (tmp_path / "d1").exists()
