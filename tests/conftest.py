"""Shared fixtures: the small hand-written dataset, the bundled graph, the seeds, the CLI."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import traceback
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


def hostile_folder(root: Path) -> Path:
    """A dataset folder under `root` holding the render tests' hostile labels and the
    exports' control characters (tests/fixtures/render, tests/fixtures/exports)."""
    documents = root / "hostile" / "documents"
    documents.mkdir(parents=True)
    shutil.copy(TESTS / "fixtures" / "render" / "documents" / "hostile.yaml", documents)
    shutil.copy(TESTS / "fixtures" / "exports" / "documents" / "control.yaml", documents)
    return root / "hostile"


def bundled_or_hostile(name: str, root: Path):
    """("bundled" or "hostile", a folder for the hostile copy) -> (the graph, the CLI's
    --data arguments for it): the two cases of the export tests."""
    from sendkg.graph import load, load_bundled

    if name == "bundled":
        return load_bundled(), []
    folder = hostile_folder(root)
    return load(folder, cache=False), ["--data", folder]


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
    """What one run of the command line gave: exit code, stdout text, stderr text."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code!r}, out={self.out!r}, err={self.err!r})"


CLI_ENV = {"COLUMNS": "200"}  # wide enough that no table cell wraps in an assertion
# What the Rich consoles of sendkg.cli.output read from the environment and the terminal
# when they are built (at import), rather than at each print.
_CONSOLE_STATE = ("_width", "_height", "_color_system", "no_color", "is_interactive",
                  "legacy_windows")


@contextlib.contextmanager
def _consoles_as_in_a_new_process():
    """Give the module-level Rich consoles, for one run, what a fresh `sendkg` process
    writing to a pipe would have read at import: COLUMNS from CLI_ENV, no colours, no live
    display. (They write to the current sys.stdout/sys.stderr already: no `file=`.)"""
    from rich.console import Console

    from sendkg.cli import output

    consoles = {id(c): c for c in vars(output).values() if isinstance(c, Console)}
    saved = []
    for console in consoles.values():
        assert console._file is None, "a console bound to a stream would escape the capture"
        fresh = Console(stderr=console.stderr)
        saved.append((console, {name: getattr(console, name) for name in _CONSOLE_STATE}))
        for name in _CONSOLE_STATE:
            setattr(console, name, getattr(fresh, name))
    try:
        yield
    finally:
        for console, state in saved:
            for name, value in state.items():
                setattr(console, name, value)


def _exit_code(done: SystemExit) -> int:
    """The exit status Python gives a process that raises `done`."""
    if done.code is None:
        return 0
    if isinstance(done.code, int):
        return done.code
    print(done.code, file=sys.stderr)
    return 1


def run_cli(*args, cwd: Path | None = None) -> CliResult:
    """Run `sendkg ARGS` in this process, as the console script would run it.

    Typer's CliRunner isolation swaps stdin/stdout/stderr (kept apart) and sets CLI_ENV;
    `sendkg.cli.main.run` maps library errors to exit codes and one-line messages like the
    real command. An exception escaping it (only with --debug, or a bug) is printed as a
    traceback on stderr with exit code 1, as Python would. tests/test_cli_entry_point.py
    runs the installed `sendkg` script itself (run_cli_process).
    """
    from typer.testing import CliRunner

    from sendkg.cli.main import run

    argv = [str(arg) for arg in args]
    with CliRunner().isolation(env=CLI_ENV) as (stdout, stderr, _mixed), \
            _consoles_as_in_a_new_process(), \
            (contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()):
        try:
            code = run(argv)
        except SystemExit as done:
            code = _exit_code(done)
        except Exception:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        return CliResult(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def sendkg_script() -> Path:
    """The `sendkg` console script installed next to this interpreter."""
    found = shutil.which("sendkg", path=str(Path(sys.executable).parent))
    assert found, f"no sendkg script next to {sys.executable}: run pip install -e ."
    return Path(found)


def run_cli_process(*args, cwd: Path | None = None) -> CliResult:
    """Run the installed `sendkg` console script in a subprocess (the entry-point tests)."""
    completed = subprocess.run(
        [str(sendkg_script()), *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, **CLI_ENV},
    )
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI every test is required: a skip (an importorskip, a missing server) fails."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test is required: {report.longrepr}"
