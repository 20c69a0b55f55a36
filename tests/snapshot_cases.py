"""The commands whose JSON output on the bundled data must not change with a refactor.

`tests/snapshots/*.json` were written by `python tests/snapshot_cases.py` with the code as
it stood before the package layout moved (issue 10); `test_snapshots.py` re-runs every
case and compares. Regenerate only when an answer is meant to change, and say why in the
commit. Question cases give `--as-at` (issue 17: answers are as at a date, today by
default), so a snapshot does not change with the day it is run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"

CASES: dict[str, list[str]] = {
    "stats": ["stats", "--json"],
    "lint": ["lint", "--json", "--today", "2026-11-22"],
    "duplicates": ["duplicates", "--json"],
    "find-lindsey-dunn": ["find", "Lindsey Dunn", "--json"],
    "owner-travel-training": [
        "owner", "independent travel training", "--json", "--as-at", "2026-11-22"],
    "owner-child-poverty-group": [
        "owner", "Child Poverty Working Group", "--json", "--as-at", "2026-11-22"],
    "owns-mark-smith": ["owns", "Mark Smith", "--json", "--as-at", "2026-11-22"],
    "chain-send-jcp": [
        "chain", "SEND Joint Commissioning Partnership", "--json", "--as-at", "2026-11-22"],
    "drivers-transition": [
        "drivers", "children-to-adult transition", "--json", "--as-at", "2026-11-22"],
    "drivers-transition-arrangements": [
        "drivers", "transition arrangements", "--json", "--as-at", "2026-11-22"],
    "impact-care-act": ["impact", "Care Act 2014", "--json", "--as-at", "2026-11-22"],
    "impact-nhs-england": ["impact", "NHS England", "--json", "--as-at", "2026-11-22"],
    "funders-young-offenders": [
        "funders", "young people who offend", "--json", "--as-at", "2026-11-22"],
}


def run_case(args: list[str]) -> tuple[int, object]:
    """Run one case in-process; returns (exit code, parsed JSON of stdout)."""
    import contextlib
    import io

    from sendkg.cli.main import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(list(args))
    return code, parsed_output(out.getvalue())


def parsed_output(stdout: str) -> object:
    """A case's JSON output with the folder the bundled data is installed in written
    `<sendkg>` (a registry file's `recorded_at` names it), so a snapshot does not depend
    on where the project sits."""
    import sendkg.data

    install_root = str(Path(sendkg.data.__file__).resolve().parent.parent)
    return json.loads(stdout.replace(install_root, "<sendkg>"))


def main() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for name, args in CASES.items():
        code, payload = run_case(args)
        record = {"args": args, "exit": code, "output": payload}
        (SNAPSHOTS / f"{name}.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
        print(f"{name}: exit {code}", file=sys.stderr)


if __name__ == "__main__":
    main()
