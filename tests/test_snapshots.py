"""Answers on the bundled data stay exactly as they were before the layout moved.

The snapshots were taken with `python tests/snapshot_cases.py` on the code before issue
10's refactor; see that module for the cases and when to regenerate.
"""

from __future__ import annotations

import json

import pytest

from snapshot_cases import CASES, SNAPSHOTS, run_case


@pytest.mark.parametrize("name", sorted(CASES))
def test_answer_matches_snapshot(name):
    expected = json.loads((SNAPSHOTS / f"{name}.json").read_text())
    code, payload = run_case(expected["args"])
    assert code == expected["exit"]
    assert payload == expected["output"]
