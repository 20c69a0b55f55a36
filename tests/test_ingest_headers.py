"""Header vocabulary as data (data/vocabulary/headers.yaml), and a warning naming the
columns of a table whose header is not recognised."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file
from sendkg.ingest.plan_tables import header_roles, role_of

# The variants the issue lists, with the role each must read as.
ISSUE_VARIANTS = {
    "officers": ["Lead", "Lead officer", "Responsible officer(s)", "Owner", "Accountable lead",
                 "By whom"],
    "timescale": ["Timescale", "Target date", "By when", "Deadline"],
    "end": ["Due date", "Completion date"],  # an end date: the recorder stores it as `end`
    "actions": ["Action", "Key actions", "What we will do", "Activity", "Task"],
    "impact": ["Outcome", "Impact", "Measure of success", "What success looks like",
               "Evidence of impact"],
    "status": ["RAG", "Status", "Progress"],
}


def vocabulary() -> list[dict]:
    path = resources.files("sendkg.data") / "vocabulary" / "headers.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["roles"]


def test_the_vocabulary_is_installed_data_with_at_least_30_variants():
    examples = [(entry["role"], e) for entry in vocabulary() for e in entry["examples"]]
    assert len(examples) >= 30
    assert [role for role, header in examples if role_of(header) != role] == []


@pytest.mark.parametrize("role, header", [(role, header) for role, headers in
                                          ISSUE_VARIANTS.items() for header in headers])
def test_each_variant_of_the_issue_reads_as_its_role(role, header):
    assert role_of(header) == role


def test_a_header_row_of_variants():
    assert header_roles(["What we want to achieve", "What we will do", "By whom", "By when",
                         "How will we know", "RAG rating"]) == (
        "objective", "actions", "officers", "timescale", "impact", "status")


def test_unrecognised_header_is_a_warning_naming_the_columns(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Thing;Person;Month\nShort breaks;Ann Lee;May 2017\n", encoding="utf-8")
    result = ingest_file(path, NameIndex())
    assert result.results == []
    unread, nothing = result.draft.warnings
    assert unread == ("plan.csv:1: table not read: no plan columns recognised in its first "
                      "row ('Thing', 'Person', 'Month')")
    assert nothing.startswith("no plan table, action-plan table or governance sentence "
                              "recognised in plan.csv")
