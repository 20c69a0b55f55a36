"""Start-up of the command line, against bare Python in the same run.

Times whole processes: `python -c pass` (the floor), `sendkg --help` and one question,
`sendkg owner "travel training"`, on the bundled data with a warm graph cache (the
question is run once first to fill it). The three are run in turn, RUNS times each, so a
drift in the machine's speed touches them alike; the table gives the median, min and max
wall seconds, and each median as a ratio to bare Python and as seconds above it.
The interpreter and the `sendkg` entry point are the ones beside sys.executable.

    python benchmarks/cli_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def commands() -> dict[str, list[str]]:
    python = sys.executable
    entry = Path(python).parent / "sendkg"
    sendkg = [str(entry)] if entry.exists() else [python, "-m", "sendkg.cli.main"]
    return {
        "python -c pass": [python, "-c", "pass"],
        "sendkg --help": [*sendkg, "--help"],
        'sendkg owner "travel training"': [*sendkg, "owner", "travel training"],
    }


def seconds(command: list[str]) -> float:
    """Wall seconds of one run, from start to exit; a failing command stops the benchmark."""
    begin = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - begin
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def measure(runs: int) -> dict[str, list[float]]:
    todo = commands()
    for command in todo.values():  # warm-up: fills the graph cache and the OS file cache
        seconds(command)
    times: dict[str, list[float]] = {name: [] for name in todo}
    for _ in range(runs):
        for name, command in todo.items():
            times[name].append(seconds(command))
    return times


def table(times: dict[str, list[float]]) -> str:
    base = statistics.median(next(iter(times.values())))
    lines = [f"{'command':<32} {'median s':>9} {'min s':>7} {'max s':>7} {'x python':>9} "
             f"{'+ s':>7}"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"{name:<32} {median:>9.3f} {min(values):>7.3f} {max(values):>7.3f} "
                     f"{median / base:>9.1f} {median - base:>7.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args(argv)
    times = measure(max(1, args.runs))
    print(f"{args.runs} runs each, interleaved, after one warm-up run each")
    print(table(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
