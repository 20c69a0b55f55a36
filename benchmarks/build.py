"""Build time and peak memory: bundled data and synthetic 10, 50 and 150 councils.

Each measurement runs in a fresh subprocess (so peak memory is its own). Ratios are
against baselines measured in the same run on the same files:
- build: the property-graph build vs parsing the same YAML alone with libyaml;
- RDF view (issue 18): building the view as pyoxigraph terms (graph/rdf_terms.py,
  what the exports and the oxigraph engine use) vs pyoxigraph parsing the same triples
  from N-Triples (its floor for making those terms), plus the time each export format
  takes to write (`sendkg export --format ttl|nt|jsonld` without the load). With
  `--rdflib`, the rdflib view (graph/rdf.py, which SHACL uses) and rdflib's own Turtle
  and JSON-LD writers are measured too: how the exports were written before issue 18.

With `--incremental` (issue 18), each dataset is also copied to a scratch folder and
built as a command builds it: with an empty cache (the files read on every core, each
one's records then cached), then again after one file is edited (one label changed),
then after another file gains an entity and a relation at its top (every later line
of it moves). Each rebuild says whether it patched the last graph (sendkg.graph.patch)
or built it in full. They are printed against the libyaml floor and the targets: a cold build within 1.5x the floor, a
rebuild after one edit under 3 s. The load average is printed with each row.

    python benchmarks/build.py [--sizes 10 50 150] [--seed 0]
    python benchmarks/build.py --sizes --data /tmp/s150 --incremental --rdf-max 0
    python benchmarks/build.py --sizes 50 --rdflib      # the RDF view, before and after
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
task, folder = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if task == "yaml":
    import yaml
    from sendkg.loaders.dataset import dataset_files
    for path in dataset_files(folder):
        yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    result = {}
elif task == "build":
    from sendkg.graph import load
    kg = load(folder, cache=False)
    result = {"nodes": len(kg), "edges": kg.graph.number_of_edges()}
elif task == "cached":  # a command's build: the per-file cache in argv[3], both cores
    import os
    os.environ["SENDKG_CACHE_DIR"] = sys.argv[3]
    from sendkg.graph import load, patch
    full, real = [], patch._full_build  # counted: was the graph patched or built in full?
    patch._full_build = lambda *args: full.append(1) or real(*args)
    kg = load(folder)
    result = {"nodes": len(kg), "how": "built in full" if full else "patched"}
elif task in ("rdf", "rdflib"):
    import os, tempfile
    from sendkg.graph import load
    kg = load(folder, cache=False)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    if task == "rdf":
        from sendkg.graph import exports
        from sendkg.graph.rdf_terms import oxigraph_triples
        triples = len(oxigraph_triples(kg))
        writers = {"ttl": exports.write_turtle, "nt": exports.write_ntriples,
                   "jsonld": exports.write_jsonld}
    else:  # the exports as written before issue 18
        from sendkg.graph.rdf import to_rdf
        triples = len(to_rdf(kg))
        writers = {"ttl": lambda kg, p: p.write_text(to_rdf(kg).serialize(format="turtle")),
                   "jsonld": lambda kg, p: p.write_text(
                       to_rdf(kg).serialize(format="json-ld", indent=2))}
    result = {"triples": triples, "view_seconds": time.perf_counter() - start,
              "view_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before}
    with tempfile.TemporaryDirectory() as out:
        for name, write in writers.items():
            start = time.perf_counter()
            write(kg, Path(out) / f"g.{name}")
            result[f"{name}_seconds"] = time.perf_counter() - start
        if task == "rdf":  # the floor: pyoxigraph making the same terms from N-Triples
            import pyoxigraph
            start = time.perf_counter()
            parsed = len(list(pyoxigraph.parse(path=Path(out) / "g.nt",
                                               format=pyoxigraph.RdfFormat.N_TRIPLES)))
            result["parse_seconds"] = time.perf_counter() - start
            assert parsed == triples, (parsed, triples)
    result["load"] = os.getloadavg()[0]
result.setdefault("seconds", time.perf_counter() - start)
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def measure(task: str, folder: Path, *more: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, task, str(folder), *more],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


COLD_OVER_FLOOR = 1.5  # a cold build within this many times the libyaml floor
EDIT_SECONDS = 3.0  # the rebuild after editing one file


def verdict(figure: float, target: float) -> str:
    return "target met" if figure <= target else f"missed: {figure / target:.2f}x the target"


def incremental(name: str, folder: Path, floor: float, workdir: Path) -> None:
    """Cold build and rebuilds after editing one file, of a copy of `folder`, as a
    command makes them: one label changed (no line moves), then an entity and a
    relation added at the top of another file (every later line of it moves)."""
    import os
    import re
    import shutil

    from sendkg.loaders.dataset import dataset_files

    copy, cache = workdir / f"copy-{folder.name}", workdir / f"cache-{folder.name}"
    shutil.copytree(folder, copy)
    cold = measure("cached", copy, str(cache))
    print(f"  {name}: cold build, both cores {cold['seconds']:.2f} s, {cold['peak_mb']:.0f} MB "
          f"= {cold['seconds'] / floor:.2f}x the libyaml floor {floor:.2f} s (target "
          f"{COLD_OVER_FLOOR}x): {verdict(cold['seconds'] / floor, COLD_OVER_FLOOR)}", flush=True)
    files = [p for p in dataset_files(copy) if "label:" in p.read_text()]
    related = [p for p in files[1:] if re.search(r"^relations:\n *- ", p.read_text(), re.M)
               and re.search(r"\{s: '?[a-z]+:[a-z0-9.-]+'?, p: responsible", p.read_text())]
    edits = [(files[0], _relabel, "one label changed in")] + [
        (path, _insert, "an entity and a relation added atop") for path in related[-1:]]
    for path, edit, what in edits:
        edit(path)
        again = measure("cached", copy, str(cache))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"  {name}: rebuild ({again['how']}), {what} {path.name}: {again['seconds']:.2f} s, "
              f"{again['peak_mb']:.0f} MB (target {EDIT_SECONDS} s): "
              f"{verdict(again['seconds'], EDIT_SECONDS)}; load average {load}", flush=True)
    shutil.rmtree(copy)
    shutil.rmtree(cache)


def _relabel(path: Path) -> None:
    text = path.read_text()
    at = text.index("label:") + len("label:")
    path.write_text(text[:at] + " Edited" + text[at:])


def _insert(path: Path) -> None:
    """A Person and a relation naming it, each written as the first line of its list
    (as an officer adds them; every later line of the file moves), citing line 1."""
    import re

    text = path.read_text()
    subject = re.search(r"\{s: '?([a-z]+:[a-z0-9.-]+)'?, p: responsible", text)[1]
    added = {"entities": "{id: 'person:benchmark-added', type: Person, "
                         "label: Added Person, line: 1}",
             "relations": f"{{s: '{subject}', p: responsible, "
                          f"o: 'person:benchmark-added', line: 1}}"}
    for key, line in added.items():
        head = re.search(rf"^{key}:\n( *- )", text, re.MULTILINE)
        text = text[:head.end(1) - len(head[1])] + head[1] + line + "\n" + \
            text[head.end(1) - len(head[1]):]
    path.write_text(text)


def rdf_rows(folder: Path, with_rdflib: bool) -> None:
    """The RDF view as pyoxigraph terms against pyoxigraph parsing the same N-Triples,
    and each RDF export's write time; with `with_rdflib`, the same done with rdflib."""
    rdf = measure("rdf", folder)
    rate, floor = rdf["triples"] / rdf["view_seconds"], rdf["triples"] / rdf["parse_seconds"]
    print(f"  RDF view (pyoxigraph terms): {rdf['triples']:,} triples in "
          f"{rdf['view_seconds']:.2f} s, +{rdf['view_mb']:.0f} MB\n"
          f"    = {rate:,.0f} triples/s; pyoxigraph parsing them from N-Triples "
          f"{floor:,.0f}/s ({rate / floor:.2f}x)\n  writing Turtle {rdf['ttl_seconds']:.2f} s, N-Triples {rdf['nt_seconds']:.2f} s, "
          f"JSON-LD {rdf['jsonld_seconds']:.2f} s; load average {rdf['load']:.2f}", flush=True)
    if with_rdflib:
        old = measure("rdflib", folder)
        print(f"  rdflib (before issue 18): view {old['view_seconds']:.2f} s, "
              f"+{old['view_mb']:.0f} MB;\n    Turtle {old['ttl_seconds']:.2f} s, JSON-LD "
              f"{old['jsonld_seconds']:.2f} s; load average {old['load']:.2f}", flush=True)


def datasets(sizes: list[int], seed: int, workdir: Path, data: list[Path] = ()):
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import bundled_data_dir

    yield "bundled", bundled_data_dir()
    for folder in data:
        yield folder.name, folder
    for councils in sizes:
        print(f"  writing synthetic {councils} councils ...", file=sys.stderr, flush=True)
        yield f"synthetic {councils}", write_synthetic(workdir / f"s{councils}", councils, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 50, 150])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rdf-max", type=int, default=50,
                        help="largest synthetic size for the RDF view (0: none, also for --data)")
    parser.add_argument("--data", type=Path, nargs="*", default=[],
                        help="dataset folders measured as well (e.g. `sendkg synth` output)")
    parser.add_argument("--rdflib", action="store_true",
                        help="also time the rdflib view and rdflib's writers (slow)")
    parser.add_argument("--incremental", action="store_true",
                        help="also time a cold build and a one-edit rebuild with the cache")
    args = parser.parse_args()
    header = (f"{'dataset':<14}{'nodes':>8}{'edges':>8}{'build s':>9}{'peak MB':>9}"
              f"{'yaml s':>8}{'x yaml':>8}")
    print(header)
    with tempfile.TemporaryDirectory() as workdir:
        for name, folder in datasets(args.sizes, args.seed, Path(workdir), args.data):
            build, parse = measure("build", folder), measure("yaml", folder)
            row = (f"{name:<14}{build['nodes']:>8}{build['edges']:>8}{build['seconds']:>9.2f}"
                   f"{build['peak_mb']:>9.0f}{parse['seconds']:>8.2f}"
                   f"{build['seconds'] / parse['seconds']:>8.2f}")
            size = 0 if name == "bundled" else int(name.split()[-1]) \
                if name.startswith("synthetic") else 1  # --data folders: unless --rdf-max 0
            print(row, flush=True)
            if size <= args.rdf_max:
                rdf_rows(folder, args.rdflib)
            if args.incremental:
                incremental(name, folder, parse["seconds"], Path(workdir))


if __name__ == "__main__":
    main()
