"""Fuzzing in CI: mutated real tables through every reader and recogniser, and mutated
dataset YAML through build (scripts/fuzz.py; long campaigns run it with --cases N).

Promises checked on every case: no exception but sendkg's own errors; whatever ingest
would write, build accepts; every fact cites a line the reader gave. The CLI cases add:
exit code 0, 1 or 2 and never a traceback."""

from __future__ import annotations

import importlib.util
import random
import tempfile
from pathlib import Path

import pytest

from conftest import run_cli

SCRIPT = Path(__file__).parent.parent / "scripts" / "fuzz.py"
_spec = importlib.util.spec_from_file_location("sendkg_fuzz", SCRIPT)
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

# Cases per format: about 45 seconds in all on one core (docx is the slowest to write).
CI_CASES = {"txt": 150, "md": 120, "html": 120, "csv": 150, "docx": 60, "xlsx": 80,
            "dataset": 300}


@pytest.fixture(scope="module")
def index():
    from sendkg.ingest.pipeline import index_from_registry

    return index_from_registry(fuzz.FIXTURES / "ingest" / "registry")


@pytest.mark.parametrize("fmt", sorted(CI_CASES))
def test_fuzzed_inputs_keep_every_promise(fmt, index):
    report = fuzz.campaign(CI_CASES[fmt], fmt, seed=20, index=index)
    assert report["crashes"] == 0, report["failures"]
    assert report["would_not_build"] == 0, report["failures"]
    assert report["bad_citations"] == 0, report["failures"]
    assert sum(report["outcomes"].values()) == CI_CASES[fmt]
    assert report["slowest_case"]["seconds"] < 20, report["slowest_case"]


@pytest.mark.parametrize("fmt", ["txt", "csv", "html", "xlsx"])
def test_fuzzed_inputs_through_the_command_line(fmt, tmp_path):
    rng = random.Random(fmt)
    seeds = fuzz.seed_texts()
    for number in range(4):
        _, text = rng.choice(seeds)
        text, _ = fuzz.mutated(rng, text)
        with tempfile.TemporaryDirectory() as folder:
            path = fuzz.write_case(rng, text, fmt, Path(folder))
            out = tmp_path / f"out{number}.yaml"
            result = run_cli("ingest", path, "-o", out, "--data",
                             fuzz.FIXTURES / "ingest" / "registry")
        assert result.code in (0, 1, 2), result
        assert "Traceback" not in result.err
        if result.code == 0 and out.exists():
            built = run_cli("build", "--data", tmp_path)
            assert built.code == 0, built
        for leftover in tmp_path.iterdir():
            if leftover.is_file():
                leftover.unlink()


def test_the_mutator_makes_what_it_says(index):
    """The fuzzing reaches its hard cases: huge cells, deep nesting, control characters."""
    rng = random.Random(3)
    text = "a,b\nc,d\n"
    assert len(fuzz.huge_cell(rng, text)) >= 20_000
    assert fuzz.deep_nesting(rng, text).count("<") >= 100
    assert any(c in fuzz.control_characters(rng, text) for c in fuzz.CONTROL)
    assert fuzz.truncate(random.Random(1), text) != text or len(text) == 0
