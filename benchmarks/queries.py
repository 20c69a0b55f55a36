"""Latency of the six questions: Python on the property graph vs SPARQL on rdflib and on
pyoxigraph, side by side, on the bundled data and on synthetic councils.

Each question is asked for entities drawn at random (same seed, same entities) from the
types it answers for; the table gives p50 and p95 in milliseconds per engine and the
SPARQL/Python ratio of the p50s, measured in the same run on the same graph. SPARQL
engines get fewer samples and a time budget per question (slow ones stop early; the
count is printed). Loading the graph, building the RDF view and filling pyoxigraph are
timed separately and not counted in any question.

    python benchmarks/queries.py                      # bundled + synthetic 150 councils
    python benchmarks/queries.py --sizes 10 150 --seed 0
    python benchmarks/queries.py --data /tmp/s150     # any dataset folder(s) as well
    python benchmarks/queries.py --sizes --engines python oxigraph
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

ITEMS = ("Plan", "Objective", "Action")
AGENTS = ("Person", "Post", "Organisation", "Board")
QUESTIONS = {  # question: (types asked about, Python function, SPARQL function) by name
    "owner": (ITEMS, "owners_of", "owners_sparql"),
    "owns": (AGENTS, "responsibilities_of", "responsibilities_sparql"),
    "chain": (ITEMS, "reporting_chain", "chain_sparql"),
    "drivers": (ITEMS, "legislation_driving", "drivers_sparql"),
    "impact": (("Legislation", "Board", "Person", "Organisation", "Objective"),
               "affected_by", "impact_sparql"),
    "funders": (ITEMS, "funders_of", "funders_sparql"),
}
ENGINES = ("python", "rdflib", "oxigraph")
TARGETS_MS = {"find": 50.0, "impact": 5.0}  # p95 at 150 councils (issue 18)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sample(kg, types: tuple[str, ...], count: int, seed: int) -> list[str]:
    """`count` ids of the given types, the same for every engine (spread across types)."""
    rng = random.Random(seed)
    ids = []
    for type_name in types:
        pool = sorted(n.id for n in kg.nodes(type_name))
        ids += rng.sample(pool, min(len(pool), max(1, count // len(types))))
    rng.shuffle(ids)
    return ids


def latencies(ask, ids: list[str], budget: float) -> list[float]:
    """Milliseconds per call, after one warm-up call; stops once `budget` seconds pass."""
    ask(ids[0])
    times, started = [], time.perf_counter()
    for node_id in ids:
        begin = time.perf_counter()
        ask(node_id)
        times.append((time.perf_counter() - begin) * 1000)
        if time.perf_counter() - started > budget:
            break
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def prepare(kg, engines) -> dict[str, float]:
    """Build the RDF view and the pyoxigraph store up front; their build times."""
    from sendkg.graph.rdf import to_rdf
    from sendkg.queries.sparql import oxigraph_store

    costs = {}
    if {"rdflib", "oxigraph"} & set(engines):
        begin = time.perf_counter()
        costs["triples"] = len(to_rdf(kg))
        costs["rdf view s"] = time.perf_counter() - begin
    if "oxigraph" in engines:
        begin = time.perf_counter()
        oxigraph_store(kg)
        costs["oxigraph load s"] = time.perf_counter() - begin
    return costs


def measure(kg, args) -> dict[tuple[str, str], list[float]]:
    import sendkg.queries as python
    import sendkg.queries.sparql as sparql

    results = {}
    for question, (types, python_name, sparql_name) in QUESTIONS.items():
        for engine in args.engines:
            many = args.samples if engine == "python" else args.sparql_samples
            ids = sample(kg, types, many, args.seed)
            if engine == "python":
                function = getattr(python, python_name)
                ask = lambda node_id: function(kg, node_id)  # noqa: E731
            else:
                function = getattr(sparql, sparql_name)
                ask = lambda node_id, f=function, e=engine: f(kg, node_id, e)  # noqa: E731
            log(f"  {question:<8} {engine:<9} {len(ids)} entities ...")
            results[question, engine] = latencies(ask, ids, args.budget)
    return results


def find_latencies(kg, args) -> list[float]:
    """Milliseconds of `find` (the search every question starts with) for the labels
    of entities drawn at random, as an officer would type them."""
    from sendkg.queries.find import find_entities

    rng = random.Random(args.seed)
    labels = [n.label for n in rng.sample(sorted(kg.nodes(), key=lambda n: n.id),
                                          min(len(kg), args.find_samples))]
    return latencies(lambda text: find_entities(kg, text), labels, args.budget)


def targets(results: dict, find_times: list[float]) -> str:
    """p95 of find and of impact against their targets, and the machine's load."""
    import os

    lines = []
    for question, times in (("find", find_times), ("impact", results.get(("impact", "python")))):
        if times:
            p95, target = percentile(times, 0.95), TARGETS_MS[question]
            verdict = "target met" if p95 <= target else f"missed: {p95 / target:.1f}x"
            lines.append(f"{question} p95 {p95:.2f} ms (p50 {percentile(times, 0.5):.2f}, "
                         f"n={len(times)}; target {target:.0f} ms at 150 councils): {verdict}")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(lines + [f"load average {load}"])


def table(name: str, kg, costs: dict, results: dict, engines) -> str:
    lines = [f"\n{name}: {len(kg)} entities, {kg.graph.number_of_edges()} relations"
             + "".join(f", {k} {v:.1f}" if isinstance(v, float) else f", {k} {v}"
                       for k, v in costs.items())]
    header = f"{'question':<9}" + "".join(f"{e + ' p50':>14}{e + ' p95':>14}" for e in engines)
    header += "".join(f"{'x ' + e:>12}" for e in engines if e != "python")
    lines += [header, "-" * len(header)]
    for question in QUESTIONS:
        row = f"{question:<9}"
        p50 = {}
        for engine in engines:
            times = results[question, engine]
            p50[engine] = percentile(times, 0.5)
            row += f"{p50[engine]:>14.2f}{percentile(times, 0.95):>14.2f}"
        for engine in engines:
            if engine != "python":
                ratio = p50[engine] / p50["python"] if "python" in p50 and p50["python"] else 0
                row += f"{ratio:>11.0f}x"
        counts = ", ".join(f"{e} n={len(results[question, e])}" for e in engines)
        lines.append(f"{row}   ({counts})")
    return "\n".join(lines)


def datasets(args, workdir: Path):
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import bundled_data_dir

    if not args.no_bundled:
        yield "bundled", bundled_data_dir()
    for folder in args.data:
        yield str(folder), folder
    for councils in args.sizes:
        log(f"writing synthetic {councils} councils (seed {args.seed}) ...")
        yield (f"synthetic {councils} councils",
               write_synthetic(workdir / f"s{councils}", councils, args.seed))


def dataset_arguments(description: str) -> argparse.ArgumentParser:
    """A parser with the options `datasets` reads: --sizes, --data, --no-bundled, --seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="*", default=[150],
                        help="synthetic council counts (default: 150)")
    parser.add_argument("--data", type=Path, nargs="*", default=[],
                        help="further dataset folders (e.g. one written by `sendkg synth`)")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    return parser


def main() -> None:
    parser = dataset_arguments(__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300, help="entities per question, Python")
    parser.add_argument("--sparql-samples", type=int, default=60,
                        help="entities per question, each SPARQL engine")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds per question and engine before sampling stops")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--find-samples", type=int, default=100,
                        help="labels searched with `find` (python engine)")
    args = parser.parse_args()
    from sendkg.graph import load

    with tempfile.TemporaryDirectory() as workdir:
        for name, folder in datasets(args, Path(workdir)):
            log(f"{name}: loading ...")
            begin = time.perf_counter()
            kg = load(folder, cache=False)
            gc.freeze()  # as a command's graph, read from the cache, is kept out of the
            # collector's passes (sendkg.graph.cache.load_pickle): a pass over millions of
            # objects would otherwise land in some questions' times
            costs = {"load s": time.perf_counter() - begin, **prepare(kg, args.engines)}
            results = measure(kg, args)
            print(table(name, kg, costs, results, args.engines), flush=True)
            find_times = find_latencies(kg, args) if "python" in args.engines else []
            print(targets(results, find_times), flush=True)
            del kg


if __name__ == "__main__":
    main()
