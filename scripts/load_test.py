"""Load test of `sendkg serve`: the real command started with uvicorn in a subprocess on a
free port of 127.0.0.1, then N concurrent clients (asyncio, one httpx connection each)
asking for search pages, entity pages and chain drawings for a set time.

    python scripts/load_test.py                           # 60 s, 50 clients, bundled data
    python scripts/load_test.py --seconds 15 --clients 20 --data my-plans

Every request is a valid one (real ids and texts picked from the same data), so anything
but 200 counts as an error. The server's memory (VmRSS of its process, from
/proc/PID/status) is read after a warm-up of the same load and again at the end. The
table gives requests, errors and p50/p95/p99 latency (ms, as the clients saw it) per page
kind, RSS at start and end and the load average. Exit 1 when a request failed, the
server's stderr holds a traceback or its RSS grew by more than --rss-bound (a fraction);
tests/test_web_load.py runs the same for 15 s in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("search", "entity", "chain")
ENTITY_TYPES = ("Plan", "Objective", "Action", "Board", "Person", "Organisation",
                "Legislation", "Service")
CHAIN_TYPES = ("Plan", "Objective", "Action")
TIMEOUT_S = 60.0  # a request slower than this is an error


def workload(kg, count: int = 200, seed: int = 0) -> dict[str, list[str]]:
    """{page kind: paths to ask for}, picked at random (seeded) from the graph `kg`:
    search texts are the first one to three words of entity labels; entity pages of
    every common type; chain drawings of plans, objectives and actions whose drawing the
    app makes (a chain of 1 to MAX_DRAWN entities, so each answer should be 200)."""
    from urllib.parse import quote

    from sendkg.render.views import RenderError, build_view
    from sendkg.web.routes_entity import MAX_DRAWN

    rng = random.Random(seed)
    nodes = sorted(kg.nodes(), key=lambda n: n.id)
    labels = [n.label for n in rng.sample(nodes, min(count, len(nodes)))]
    texts = [" ".join(label.split()[:rng.randint(1, 3)]) for label in labels]
    entities = [n.id for n in nodes if n.type in ENTITY_TYPES]
    drawable = []
    for node in rng.sample([n for n in nodes if n.type in CHAIN_TYPES],
                           min(count, sum(n.type in CHAIN_TYPES for n in nodes))):
        try:
            size = len(build_view(kg, "accountability", node.id, None).nodes)
        except RenderError:
            continue
        if 0 < size <= MAX_DRAWN:
            drawable.append(node.id)
    return {"search": [f"/search?q={quote(t)}" for t in texts],
            "entity": [f"/entity/{quote(i, safe=':')}"
                       for i in rng.sample(entities, min(count, len(entities)))],
            "chain": [f"/entity/{quote(i, safe=':')}/chain.svg" for i in drawable]}


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of process `pid` in KiB (VmRSS of /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class Server:
    """`sendkg serve` in a subprocess on 127.0.0.1:`port` (a context manager). `url` is
    its address, `process` the Popen; after the block, `stderr` is what it wrote there."""

    def __init__(self, data: list[Path] | None = None, port: int | None = None,
                 start_timeout_s: float = 180.0):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = data or []
        self.start_timeout_s = start_timeout_s
        self.stderr = ""

    def __enter__(self) -> "Server":
        import httpx

        script = shutil.which("sendkg", path=str(Path(sys.executable).parent)) or \
            shutil.which("sendkg")  # the console script of this interpreter, else on PATH
        if not script:
            raise RuntimeError("no sendkg command: run pip install -e . first")
        arguments = [script, "serve", "--port", str(self.port)]
        for folder in self.data:
            arguments += ["--data", str(folder)]
        self._err = tempfile.TemporaryFile("w+")  # the server's stderr, read at the end
        self.process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL,
                                        stderr=self._err, text=True)
        deadline = time.monotonic() + self.start_timeout_s
        while True:
            try:
                if httpx.get(self.url + "/", timeout=5, trust_env=False).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"sendkg serve did not start: {self.stderr[-2000:]}")
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._err.seek(0)
        self.stderr = self._err.read()
        self._err.close()


@dataclass
class Result:
    """What a run measured: latencies (ms) and failures per kind, the server's RSS (KiB)
    after the warm-up and at the end, the peak seen while sampling, the load averages."""

    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    rss_start: int = 0
    rss_end: int = 0
    rss_peak: int = 0
    load_start: tuple[float, ...] = ()
    load_end: tuple[float, ...] = ()

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + self.error_count

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    @property
    def rss_growth(self) -> float:
        """(end - start) / start, the fraction the server's memory grew by."""
        return (self.rss_end - self.rss_start) / self.rss_start


async def _client(base: str, paths: dict[str, list[str]], seed: int, until: float,
                  result: Result | None) -> None:
    """One client: requests one after the other (a random kind, a random path of it)
    until `until` (monotonic s); into `result` unless it is None (warm-up)."""
    import httpx

    rng = random.Random(seed)
    kinds = [k for k in KINDS if paths[k]]
    # trust_env off: no proxy from the environment between the clients and the server
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, trust_env=False) as client:
        while time.monotonic() < until:
            kind = rng.choice(kinds)
            path = rng.choice(paths[kind])
            begin = time.perf_counter()
            try:
                response = await client.get(path)
                failure = None if response.status_code == 200 else (
                    f"{response.status_code} {path}")
            except httpx.HTTPError as error:
                failure = f"{type(error).__name__} {path}"
            if result is None:
                continue
            if failure:
                result.errors[kind].append(failure)
            else:
                result.latencies[kind].append((time.perf_counter() - begin) * 1000)


async def _clients(base, paths, clients, seconds, result, seed) -> None:
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, paths, seed + n, until, result)
                           for n in range(clients)))


async def _sample_rss(pid: int, result: Result, stop: asyncio.Event) -> None:
    while not stop.is_set():
        result.rss_peak = max(result.rss_peak, rss_kib(pid))
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except asyncio.TimeoutError:
            pass


def run_load(server: Server, paths: dict[str, list[str]], clients: int = 50,
             seconds: float = 60.0, warmup_s: float = 10.0, seed: int = 0) -> Result:
    """`clients` concurrent clients against the running `server` for `warmup_s` seconds
    (not counted), then for `seconds` counted; the server's RSS read in between, at the
    end and every second (peak). Returns the Result."""
    result = Result(clients, seconds)
    asyncio.run(_clients(server.url, paths, clients, warmup_s, None, seed))
    pid = server.process.pid
    result.rss_start = result.rss_peak = rss_kib(pid)
    result.load_start = os.getloadavg()

    async def measured():
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(pid, result, stop))
        await _clients(server.url, paths, clients, seconds, result, seed + clients)
        stop.set()
        await sampler

    asyncio.run(measured())
    result.rss_end = rss_kib(pid)
    result.load_end = os.getloadavg()
    return result


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return (values[0],) * 3 if values else (0.0,) * 3
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(result: Result) -> str:
    """The run as a table of 80 columns: one row per page kind, then memory and load."""
    header = f"{'page':<8}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}" \
             f"{'p99 ms':>10}{'req/s':>8}"
    lines = [f"sendkg serve: {result.clients} clients for {result.seconds:g} s", header,
             "-" * len(header)]
    for kind in KINDS:
        times, failed = result.latencies[kind], len(result.errors[kind])
        p50, p95, p99 = _quantiles(times)
        lines.append(f"{kind:<8}{len(times) + failed:>10}{failed:>8}{p50:>10.0f}"
                     f"{p95:>10.0f}{p99:>10.0f}{(len(times) + failed) / result.seconds:>8.1f}")
    every = [t for times in result.latencies.values() for t in times]
    p50, p95, p99 = _quantiles(every)
    lines.append(f"{'all':<8}{result.requests:>10}{result.error_count:>8}{p50:>10.0f}"
                 f"{p95:>10.0f}{p99:>10.0f}{result.requests / result.seconds:>8.1f}")
    lines.append(f"server RSS: {result.rss_start / 1024:.0f} MiB after warm-up, "
                 f"{result.rss_end / 1024:.0f} MiB at the end ({result.rss_growth:+.1%}), "
                 f"peak {result.rss_peak / 1024:.0f} MiB")
    lines.append("load average (1/5/15 min): start "
                 + " ".join(f"{x:.1f}" for x in result.load_start) + ", end "
                 + " ".join(f"{x:.1f}" for x in result.load_end))
    return "\n".join(lines)


def problems(result: Result, stderr: str, rss_bound: float) -> list[str]:
    """What makes the run a failure: failed requests (the first few named), a traceback
    in the server's stderr, RSS growth above `rss_bound` (a fraction), no request of a
    kind answered."""
    found = []
    for kind, failures in result.errors.items():
        if failures:
            found.append(f"{len(failures)} {kind} requests failed, e.g. {failures[:3]}")
        if not result.latencies[kind]:
            found.append(f"no {kind} request answered")
    if "Traceback" in stderr:
        found.append("the server's stderr holds a traceback:\n" + stderr[-3000:])
    if result.rss_growth > rss_bound:
        found.append(f"server RSS grew {result.rss_growth:.1%} (bound {rss_bound:.0%})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds before measuring")
    parser.add_argument("--data", type=Path, action="append",
                        help="dataset folder (repeatable; default: the bundled data)")
    parser.add_argument("--rss-bound", type=float, default=0.15,
                        help="largest RSS growth allowed, a fraction (default 0.15)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from sendkg.graph import load, load_many

    folders = args.data or []
    kg = load_many(folders) if len(folders) > 1 else load(folders[0] if folders else None)
    paths = workload(kg, seed=args.seed)
    del kg
    with Server(folders) as server:
        result = run_load(server, paths, args.clients, args.seconds, args.warmup, args.seed)
    print(report(result))
    found = problems(result, server.stderr, args.rss_bound)
    for problem in found:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
