"""No input crashes a loader: it yields records or raises the loader's own error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendkg.errors import LoaderError
from sendkg.ingest.action_plans import ActionPlanContext
from sendkg.dates import parse_when, read_dates
from sendkg.loaders.rows import Location, Row
from sendkg.ingest.governance_text import governance_statements
from sendkg.ingest.pipeline import index_from_registry, ingest_file
from sendkg.ingest.legislation_names import legislation_in, legislation_mentioned
from sendkg.ingest.officers import split_officers
from sendkg.ingest.plan_tables import cell_fragments, table_rows

REGISTRY = Path(__file__).parent / "fixtures" / "ingest" / "registry"
INDEX = index_from_registry(REGISTRY)
# Pieces of real cells, so that generated text reaches the parsers' deeper branches.
PIECES = ["L/A", "DCO", "NECs", "ND & DDES CCGs", " and ", " & ", "/", "(", ")", "<p>", "</p>",
          "<ul>", "•", "Mark Smith", "Head of ", "Strategic Manager, ", "with support from ",
          "Objective", "Lead Officer", "Start date", "Theme 1: ", "Recommendation 2: ",
          "Lead: ", "Membership: ", "Chair: ", "Act 2014", "Code of Practice", "May 17",
          "Jan-Mar", " to ", "Q2 ", "2017/18", "Group", "Board", " is a sub group of the ",
          " will report to the ", " monitored via ", " has been replaced by ", "\t", "\n",
          "-", ",", ".", "'", "é", "\x00"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map(
    "".join)
QUICK = settings(max_examples=300, deadline=None)


@QUICK
@given(TEXT)
def test_cell_readers_never_crash(text):
    split_officers(text, INDEX)
    legislation_in(text, INDEX)
    legislation_mentioned(text, INDEX)
    read_dates(text)
    parse_when(text)
    cell_fragments(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(TEXT, min_size=1, max_size=7), max_size=12))
def test_table_and_sentence_readers_never_crash(rows):
    rows = [Row(tuple(cells), Location("t.txt", n), prose=len(cells) == 1)
            for n, cells in enumerate(rows, start=1)]
    list(table_rows(rows, ActionPlanContext()))
    list(governance_statements(rows))


def _ingest_or_loader_error(path: Path) -> None:
    try:
        result = ingest_file(path, index_from_registry(REGISTRY))
    except LoaderError as error:
        assert error.path == str(path)
        return
    assert result.document["file"] == path.name


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".csv"])
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(TEXT, max_size=12))
def test_any_text_file_yields_records_or_a_loader_error(suffix, lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_text("\n".join(lines), encoding="utf-8", errors="replace")
        _ingest_or_loader_error(path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".csv", ".docx", ".xlsx"])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=400))
def test_any_bytes_yield_records_or_a_loader_error(suffix, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        _ingest_or_loader_error(path)
