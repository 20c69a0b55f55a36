"""Plan tables: header synonyms, cell fragments, repeated headers, continuation rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.loaders.rows import Location, Row, read_rows
from sendkg.ingest.plan_tables import cell_fragments, header_roles, role_of, table_rows

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def rows_of(*lines: tuple[str, ...]) -> list[Row]:
    return [Row(cells, Location("t.txt", n), prose=len(cells) == 1)
            for n, cells in enumerate(lines, start=1)]


@pytest.mark.parametrize("header, role", [
    ("Objective", "objective"), ("Priority", "objective"), ("Focus area", "objective"),
    ("Ofsted Recommendation:", "objective"), ("Aim", "objective"),
    ("Underpinning Legislation, guidance, local drivers", "legislation"),
    ("Statutory basis", "legislation"), ("Drivers", "legislation"),
    ("Key Actions", "actions"), ("Action(s) linked to the tasks of the PID", "actions"),
    ("Commissioning Intention", "actions"), ("Tasks", "actions"),
    ("Time Scale", "timescale"), ("Target date", "timescale"), ("Timescale", "timescale"),
    ("Start date", "start"), ("Start", "start"), ("End date", "end"), ("End", "end"),
    ("Responsible Officer(s)", "officers"), ("Lead Officer", "officers"), ("Lead", "officers"),
    ("Owner", "officers"),
    ("Anticipated Impact", "impact"), ("Expected Outcome", "impact"),
    ("Measures of success", "impact"),
    ("RAG Rating", "status"), ("Status", "status"), ("Progress", "status"), ("No.", "number"),
    ("Notes", None), ("", None),
])
def test_header_synonyms(header, role):
    assert role_of(header) == role


def test_a_data_row_is_not_a_header():
    assert header_roles(["Review short breaks", "Children and Families Act 2014"]) is None
    assert header_roles(["Objective"]) is None
    assert header_roles(["Status", "Notes"]) is None  # no objective or action column


@pytest.mark.parametrize("cell, fragments", [
    ("<p>Children Act 1989</p> <p>NHS Act 2006/Health and Social Care Act 2012</p>",
     ["Children Act 1989", "NHS Act 2006/Health and Social Care Act 2012"]),
    ('<p>Carry out review:</p> <ul style="list-style-type: none"> • Map offer • Analyse needs',
     ["Carry out review:", "Map offer", "Analyse needs"]),
    ("<ul><li>Identify cohorts</li><li>Write <i>business</i> case</li></ul>",
     ["Identify cohorts", "Write business case"]),
    ("Sarah Burns &amp; Gill Findley", ["Sarah Burns & Gill Findley"]),
    ("Jan-Mar 17 Feb-Mar 17", ["Jan-Mar 17 Feb-Mar 17"]),
    ("line one\nline two", ["line one", "line two"]),
    ("--", []), ("", []),
])
def test_cell_fragments(cell, fragments):
    assert cell_fragments(cell) == fragments


def test_seed_shaped_table_repeated_headers_and_continuation():
    found = list(table_rows(read_rows(FIXTURES / "plan_tabs.txt")))
    assert [(r.where.line, r.continuation) for r in found] == [
        (4, False), (7, False), (10, True), (13, False)]
    first = found[0]
    assert first.get("actions") == ["Map current offer", "Analyse needs", "Recommission service"]
    assert first.get("timescale") == ["May 2017", "July 2017"]
    assert found[2].get("actions") == ["Secure funding beyond March 2019."]
    assert found[3].extra == ["stray extra cell"]  # a cell beyond the header


def test_rows_with_no_markup_are_one_fragment_per_cell():
    row = list(table_rows(read_rows(FIXTURES / "plan_tabs.txt")))[3]
    assert row.get("legislation") == [
        "Children and Families Act 2014 Care Act 2014 SEND Code of Practice 2015"]


def test_prose_ends_a_table_and_blank_lines_do_not():
    rows = rows_of(("Objective", "Lead"), ("",), ("A", "Ann Lee"), ("Some prose here.",),
                   ("B", "Bob Roe"))
    assert [r.where.line for r in table_rows(rows)] == [3]


def test_header_cells_are_kept_for_the_reader():
    rows = rows_of(("Priority", "Owner"), ("Travel", "Ann Lee"))
    row = next(table_rows(rows))
    assert row.headers == {"objective": "Priority", "officers": "Owner"}
    assert row.text == {"objective": "Travel", "officers": "Ann Lee"}


def test_markdown_and_csv_variants():
    md = list(table_rows(read_rows(FIXTURES / "plan_pipes.md")))
    assert [r.get("status") for r in md] == [["A"], ["G"], []]
    assert md[0].get("actions") == ["Map transition pathways", "Agree protocol"]
    assert md[2].continuation
    csv_rows = list(table_rows(read_rows(FIXTURES / "plan.csv")))
    assert [(r.get("start"), r.get("end"), r.get("officers")) for r in csv_rows] == [
        (["Apr 2021"], ["Sep 2021"], ["Head of Education"]),
        (["Oct 2021"], ["March 2-21"], ["Strategic Manager, Inclusion"])]
