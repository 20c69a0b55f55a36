"""Shared fixtures: the small hand-written dataset, the bundled graph, the seeds, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SMALL = TESTS / "fixtures" / "small"
SEEDS = TESTS.parent.parent / "shared" / "seeds"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Keep the graph cache of test runs out of the user's home."""
    os.environ["SENDKG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def small_kg():
    from sendkg.graph import load

    return load(SMALL, cache=False)


@pytest.fixture(scope="session")
def bundled_kg():
    from sendkg.graph import load_bundled

    return load_bundled()


def require(condition: bool, why: str) -> None:
    """Skip outside CI with a reason; in CI a missing requirement is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def seeds() -> Path:
    require(SEEDS.is_dir(), f"seed documents not found at {SEEDS} (../shared/seeds)")
    return SEEDS


class CliResult:
    def __init__(self, completed: subprocess.CompletedProcess):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run the real `sendkg` command line in a subprocess."""
    completed = subprocess.run(
        [sys.executable, "-m", "sendkg.cli.main", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, "COLUMNS": "200"},
    )
    return CliResult(completed)


@pytest.fixture
def cli():
    return run_cli
