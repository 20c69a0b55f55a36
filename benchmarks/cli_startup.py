"""Start-up of the command line, against bare Python in the same run.

Times whole processes: `python -c pass` (the floor), `sendkg --help` and one question,
`sendkg owner "travel training"`, on the bundled data with a warm graph cache (each
command is run once first to fill it); with `--data DIR` (a folder written by
`sendkg synth --councils 150 -o DIR`) also `owner` and `find` on that dataset. The
commands are run in turn, RUNS times each, so a drift in the machine's speed touches
them alike; the table gives the median, min and max wall seconds, each median as a
ratio to bare Python and as seconds above it, the largest peak memory (the
operating system's account of each finished process) and the median CPU seconds
(user + system: on a loaded machine, wall time grows with the waiting, CPU less). The machine's load average is
printed before and after. Targets (issue 18): the bundled question within 1 s of bare
Python; the question on DIR under 1.5 s and 500 MB; each line says "target met" or the
ratio by which it is missed.
The interpreter and the `sendkg` entry point are the ones beside sys.executable;
`--baseline PYTHON` adds the questions as another install runs them (for example the
code before a change), interleaved with the others, so both meet the same load. The
graph cache is $SENDKG_CACHE_DIR's (sendkg.files.cache_dir); the two installs'
caches differ by their code's fingerprint and may share it. The commands run with
Python's bytecode cache on, as an installed sendkg does (`--no-bytecode`: none written).

    python benchmarks/cli_startup.py [--runs 5] [--data /tmp/s150] [--baseline PYTHON]
                                     [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUNDLED_OVER_PYTHON = 1.0  # s: the bundled question, above bare Python
DATA_SECONDS = 1.5  # s: the question on --data, in all
DATA_PEAK_MB = 500.0


def sendkg_command(python: str) -> list[str]:
    """The `sendkg` entry point beside the interpreter `python`."""
    entry = Path(python).parent / "sendkg"
    return [str(entry)] if entry.exists() else [python, "-m", "sendkg.cli.main"]


def baseline_commands(python: str, data: Path | None) -> dict[str, list[str]]:
    """The questions as another install of sendkg (`--baseline`) runs them."""
    sendkg = sendkg_command(python)
    todo = {'baseline: sendkg owner "travel training"': [*sendkg, "owner", "travel training"]}
    if data:
        todo[f'baseline: owner (…) ({data.name})'] = [
            *sendkg, "owner", "travel training", "--data", str(data)]
    return todo


def commands(data: Path | None) -> dict[str, list[str]]:
    python = sys.executable
    sendkg = sendkg_command(python)
    todo = {
        "python -c pass": [python, "-c", "pass"],
        "sendkg --help": [*sendkg, "--help"],
        'sendkg owner "travel training"': [*sendkg, "owner", "travel training"],
    }
    if data:
        todo[f'owner "travel training" ({data.name})'] = [
            *sendkg, "owner", "travel training", "--data", str(data)]
        todo[f'find "short breaks" ({data.name})'] = [
            *sendkg, "find", "short breaks", "--data", str(data)]
    return todo


def child_environment(bytecode: bool) -> dict[str, str]:
    """The commands' environment: this one, with Python's bytecode cache on unless
    `bytecode` is False. An installed sendkg has its modules compiled; a session with
    PYTHONDONTWRITEBYTECODE set and no __pycache__ yet compiles sendkg's modules in
    every run (about 0.1 s). Bytecode already written is read either way."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


ENVIRONMENT = child_environment(True)


def run_once(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak MB, CPU seconds) of one run; a failing command stops the
    benchmark. CPU seconds (user + system) move less than wall time with the load."""
    begin = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=ENVIRONMENT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - begin
    errors = child.stderr.read().decode()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed: {errors[-500:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(todo: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float, float]]]:
    for command in todo.values():  # warm-up: fills the graph cache and the OS file cache
        run_once(command)
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in todo}
    for _ in range(runs):
        for name, command in todo.items():
            times[name].append(run_once(command))
    return times


def verdict(figure: float, target: float) -> str:
    return "target met" if figure <= target else f"missed: {figure / target:.2f}x the target"


def table(times: dict[str, list[tuple[float, float, float]]], data: Path | None) -> str:
    walls = {name: [wall for wall, *_ in runs] for name, runs in times.items()}
    base = statistics.median(next(iter(walls.values())))
    lines = [f"{'command':<40} {'median s':>8} {'min s':>6} {'max s':>6} {'x python':>8} "
             f"{'+ s':>6} {'peak MB':>7} {'cpu s':>6}"]
    for name, values in walls.items():
        median = statistics.median(values)
        peak = max(mb for _, mb, _ in times[name])
        cpu = statistics.median(cpu for *_, cpu in times[name])
        lines.append(f"{name:<40} {median:>8.3f} {min(values):>6.3f} {max(values):>6.3f} "
                     f"{median / base:>8.1f} {median - base:>6.3f} {peak:>7.0f} {cpu:>6.3f}")
    names = list(walls)
    bundled = statistics.median(walls[names[2]]) - base
    lines.append(f"\nbundled question, above bare Python: {bundled:.3f} s "
                 f"(target {BUNDLED_OVER_PYTHON} s): {verdict(bundled, BUNDLED_OVER_PYTHON)}")
    if data:
        owner = statistics.median(walls[names[3]])
        peak = max(mb for _, mb, _ in times[names[3]])
        lines.append(f"question on {data.name}: {owner:.3f} s (floor {base:.3f} s, target "
                     f"{DATA_SECONDS} s): {verdict(owner, DATA_SECONDS)}")
        lines.append(f"question on {data.name}, peak memory: {peak:.0f} MB (target "
                     f"{DATA_PEAK_MB:.0f} MB): {verdict(peak, DATA_PEAK_MB)}")
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--data", type=Path, default=None,
                        help="a dataset folder, e.g. written by `sendkg synth --councils 150`")
    parser.add_argument("--baseline", default=None, metavar="PYTHON",
                        help="the interpreter of another sendkg install (e.g. the code "
                             "before a change): its questions are timed in the same runs")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="write no bytecode (PYTHONDONTWRITEBYTECODE=1); bytecode "
                             "already in __pycache__ is still read")
    args = parser.parse_args(argv)
    global ENVIRONMENT
    ENVIRONMENT = child_environment(not args.no_bytecode)
    print(f"load average before: {load_average()} ({os.cpu_count()} cores); Python's "
          f"bytecode cache {'not written' if args.no_bytecode else 'on, as in an install'}")
    todo = commands(args.data)
    if args.baseline:
        todo |= baseline_commands(args.baseline, args.data)
    times = measure(todo, max(1, args.runs))
    print(f"{args.runs} runs each, interleaved, after one warm-up run each")
    print(table(times, args.data))
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
