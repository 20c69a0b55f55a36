"""The command line of the six questions and of `sendkg sparql` (in-process: conftest.run_cli)."""

from __future__ import annotations

import json

import pytest

from conftest import SMALL

DATA = ("--data", str(SMALL))


def as_json(result) -> dict:
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_owner_json_contract(cli):
    payload = as_json(cli("owner", "Secure joint funding for travel training", *DATA, "--json"))
    assert payload["query"] == {"command": "owner",
                                "text": "Secure joint funding for travel training"}
    [subject] = payload["results"]
    assert (subject["id"], subject["type"]) == ("act:ex-travel-2", "Action")
    assert [(o["id"], o["role"], o["inherited"], o["via"] and o["via"]["id"])
            for o in subject["owners"]] == [
        ("person:mark-smith", "lead", False, None), ("org:council", "lead", True, "obj:ex-travel")]
    assert subject["owners"][0]["fact_sources"] == [{"document": "example_plan.txt", "line": 12}]
    assert {"id", "type", "label", "sources"} <= set(subject["owners"][0]["posts"][0])


def test_owner_human_output_cites_sources(cli):
    result = cli("owner", "act:ex-travel-1", *DATA)
    assert result.code == 0
    assert "Lyndsey Dunn" in result.out and "example_plan.txt:11" in result.out
    assert "inherited from" in result.out


def test_owns_groups_by_plan(cli):
    result = cli("owns", "Mark Smith", *DATA)
    assert "Example SEND Joint Commissioning Plan 2020-2021" in result.out
    assert "Secure joint funding for travel training" in result.out
    payload = as_json(cli("owns", "Mark Smith", *DATA, "--json"))
    [subject] = payload["results"]
    assert [(r["id"], r["relation"], [p["id"] for p in r["plans"]]) for r in subject["owns"]] == [
        ("act:ex-travel-2", "responsible", ["plan:example"])]


def test_owns_json_gives_each_fact_once_like_the_human_output(cli):
    """Kim Lawther is named on the high needs rows in person and through the Designated
    Clinical Officer post she holds: one fact per (item, relation), in JSON as on screen."""
    for name in ("Kim Lawther", "Mark Smith", "Lucy Hovvels"):
        [subject] = as_json(cli("owns", name, "--json"))["results"]
        facts = [(r["id"], r["relation"]) for r in subject["owns"]]
        assert facts and len(facts) == len(set(facts)), name
    [kim] = as_json(cli("owns", "Kim Lawther", "--json"))["results"]
    assert len(kim["owns"]) == 9
    human = cli("owns", "Kim Lawther")
    assert "9 responsibilities" in human.out


def test_chain_tree_and_json(cli):
    result = cli("chain", "Example JCP", *DATA)
    assert result.code == 0
    for text in ("SEND Joint Commissioning Partnership", "quarterly", "Mary Smith",
                 "reports nowhere", "example_plan.txt:21"):
        assert text in result.out
    [chain] = as_json(cli("chain", "Example JCP", *DATA, "--json"))["results"]
    assert chain["paths"] == [["plan:example", "board:jcp", "board:accountability", "board:hwb"]]
    assert [t["id"] for t in chain["tops"]] == ["board:hwb"]
    assert chain["tree"]["next"][0]["next"][0]["frequency"] == "quarterly"


def test_drivers_json_has_links(cli):
    [subject] = as_json(cli("drivers", "obj:ex-travel", *DATA, "--json"))["results"]
    [driver] = subject["drivers"]
    assert (driver["id"], driver["legislationUri"], driver["inherited"]) == (
        "leg:children-and-families-act-2014", "http://www.legislation.gov.uk/id/ukpga/2014/6",
        False)


def test_funders_human_output(cli):
    result = cli("funders", "act:ex-travel-2", *DATA)
    for text in ("NHS Example Clinical Commissioning Group", "£20,000", "2021-22",
                 "section 75 pooled budget"):
        assert text in result.out


def test_impact_json(cli):
    [subject] = as_json(cli("impact", "L/A", *DATA, "--json"))["results"]
    assert subject["id"] == "org:council"
    assert [(a["id"], a["depth"]) for a in subject["affected"]] == [
        ("obj:ex-travel", 1), ("post:commissioning-manager", 1),
        ("act:ex-travel-1", 2), ("act:ex-travel-2", 2)]


def test_no_match_says_so_and_exits_zero(cli):
    result = cli("owner", "zzzz qqqq", *DATA)
    assert result.code == 0 and "no close match for 'zzzz qqqq'" in result.err


def test_no_match_with_json_is_still_one_object(cli):
    payload = as_json(cli("owner", "zzzz qqqq", *DATA, "--json"))
    assert payload["results"] == [] and payload["message"].startswith("no close match")


def test_wrong_kind_of_entity_says_which_question_fits(cli):
    result = cli("drivers", "Children and Families Act 2014", *DATA)
    assert result.code == 0 and "names a Legislation" in result.err


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_sparql_named_query_with_bound_id(cli, engine):
    pytest.importorskip("pyoxigraph", reason="pyoxigraph is not installed")
    payload = as_json(cli("sparql", "owner", "--id", "act:ex-travel-2", "--engine", engine,
                          *DATA, "--json"))
    rows = {(r["s"], r["o"], r["role"]) for r in payload["results"]}
    assert rows == {("act:ex-travel-2", "person:mark-smith", "lead"),
                    ("obj:ex-travel", "org:council", "lead")}


def test_sparql_inline_query_with_text_and_param(cli):
    payload = as_json(cli("sparql", "SELECT ?label WHERE { $node skos:prefLabel ?label . "
                          "FILTER(CONTAINS(?label, ?word)) }", "--text", "Lindsey Dunn",
                          "--param", "word=Dunn", *DATA, "--json"))
    assert payload["results"] == [{"node": "person:lyndsey-dunn", "label": "Lyndsey Dunn"}]


def test_sparql_values_are_never_pasted_into_the_query(cli):
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    payload = as_json(cli("sparql", "SELECT ?s WHERE { ?s skos:prefLabel ?word }",
                          "--param", f"word={hostile}", *DATA, "--json"))
    assert payload["results"] == []


def test_sparql_ask_and_refusals(cli):
    assert cli("sparql", "ASK { $node a sendkg:Person }", "--id", "person:mark-smith",
               *DATA).out.strip() == "yes"
    refused = cli("sparql", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
                  *DATA)
    assert refused.code == 2 and "SERVICE is not allowed" in refused.err
    malformed = cli("sparql", "SELECT * WHERE { ?s ?p", *DATA)
    assert malformed.code == 2 and "malformed SPARQL" in malformed.err


def test_boards_directory_gives_chairs_and_reporting_lines(cli):
    result = cli("boards", "--area", "Durham")
    assert result.code == 0
    assert "Child Poverty Working Group" in result.out and "held by" in result.out
    payload = as_json(cli("boards", "--json"))
    cpwg = next(b for b in payload["results"] if b["id"] == "board:child-poverty-working-group")
    assert cpwg["chairs"][0]["id"] == "post:corporate-director-cyps"
    assert {"id", "type", "label"} <= set(cpwg["reports_to"][0])


def test_source_prints_the_cited_row_cell_by_cell(cli, tmp_path):
    (tmp_path / "example_plan.txt").write_text(
        "Title\nObjective\tLead\n<p>Travel training</p>\tMark Smith\nEnd\n")
    result = cli("source", "example_plan.txt:3", "--sources", str(tmp_path), *DATA)
    assert result.code == 0, result.err
    assert "cell 1: Travel training" in result.out and "cell 2: Mark Smith" in result.out
    payload = as_json(cli("source", "example_plan.txt:3", "--sources", str(tmp_path),
                          "--context", "0", *DATA, "--json"))
    assert payload["results"] == [{"file": "example_plan.txt", "line": 3, "cited": True,
                                   "cells": ["Travel training", "Mark Smith"]}]
    missing = cli("source", "example_plan.txt:99", "--sources", str(tmp_path), *DATA)
    assert missing.code == 2 and "no line 99" in missing.err
    nowhere = cli("source", "example_plan.txt:3", "--sources", str(tmp_path / "nope"), *DATA)
    assert nowhere.code == 2 and f"no such folder: {tmp_path / 'nope'}" in nowhere.err


def test_human_citations_use_the_short_document_name_and_json_keeps_the_file(cli):
    """Bundled documents give `short:`; the small fixture does not and keeps file names."""
    human = cli("owner", "Child Poverty Working Group")
    assert "CYP OSC pack 28.9.17 l.189" in human.out and "004_4328c8f235d45c34" not in human.out
    payload = as_json(cli("owner", "Child Poverty Working Group", "--json"))
    text = json.dumps(payload)
    assert "004_4328c8f235d45c34.txt" in text and "CYP OSC pack" not in text
    for args in (("boards", "--area", "Durham"), ("find", "Lindsey Dunn"),
                 ("lint", "--today", "2026-11-22", "--limit", "5")):
        out = cli(*args).out
        assert " l." in out and ".txt:" not in out, args
    assert "example_plan.txt:11" in cli("owner", "act:ex-travel-1", *DATA).out


def test_source_accepts_the_short_name_as_printed(cli, tmp_path):
    (tmp_path / "002_81098658c4b2e719.txt").write_text("a\nb\nc\n")
    for citation in ("002_81098658c4b2e719.txt:2", "SEND JCP 2017-18 l.2",
                     "send jcp 2017-18:2", "SEND JCP 2017-18 l.2, 3"):
        payload = as_json(cli("source", citation, "--sources", str(tmp_path),
                              "--context", "0", "--json"))
        assert payload["results"] == [{"file": "002_81098658c4b2e719.txt", "line": 2,
                                       "cited": True, "cells": ["b"]}], citation
