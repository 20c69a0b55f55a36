"""Build time and peak memory: bundled data and synthetic 10, 50 and 150 councils.

Each measurement runs in a fresh subprocess (so peak memory is its own). Ratios are
against baselines measured in the same run on the same files:
- build: the property-graph build vs parsing the same YAML alone with libyaml;
- RDF view: triples/s of building the rdflib view vs rdflib parsing the same triples
  from N-Triples.

With `--incremental` (issue 18), each dataset is also copied to a scratch folder and
built as a command builds it: with an empty cache (the files read on every core, each
one's records then cached), then again after one file is edited (one label changed),
printed against the libyaml floor and the targets: a cold build within 1.5x the
floor, a rebuild after one edit under 3 s. The load average is printed with each row.

    python benchmarks/build.py [--sizes 10 50 150] [--seed 0]
    python benchmarks/build.py --sizes --data /tmp/s150 --incremental --rdf-max 0
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
    from sendkg.graph import load
    kg = load(folder)
    result = {"nodes": len(kg)}
elif task == "rdf":
    from sendkg.graph import load
    from sendkg.graph.rdf import to_rdf
    kg = load(folder, cache=False)
    start = time.perf_counter()
    rdf = to_rdf(kg)
    seconds = time.perf_counter() - start
    text = rdf.serialize(format="nt")
    from rdflib import Graph
    start = time.perf_counter()
    Graph().parse(data=text, format="nt")
    result = {"triples": len(rdf), "view_seconds": seconds,
              "parse_seconds": time.perf_counter() - start}
result["seconds"] = time.perf_counter() - start if task != "rdf" else result["view_seconds"]
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
    """Cold build and one-edit rebuild of a copy of `folder`, as a command makes them."""
    import os
    import shutil

    from sendkg.loaders.dataset import dataset_files

    copy, cache = workdir / f"copy-{folder.name}", workdir / f"cache-{folder.name}"
    shutil.copytree(folder, copy)
    cold = measure("cached", copy, str(cache))
    edited = next(p for p in dataset_files(copy) if "label:" in p.read_text())
    text = edited.read_text()
    at = text.index("label:") + len("label:")
    edited.write_text(text[:at] + " Edited" + text[at:])
    again = measure("cached", copy, str(cache))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  {name}: cold build, both cores {cold['seconds']:.2f} s, {cold['peak_mb']:.0f} MB "
          f"= {cold['seconds'] / floor:.2f}x the libyaml floor {floor:.2f} s (target "
          f"{COLD_OVER_FLOOR}x): {verdict(cold['seconds'] / floor, COLD_OVER_FLOOR)}", flush=True)
    print(f"  {name}: rebuild after editing {edited.name} {again['seconds']:.2f} s, "
          f"{again['peak_mb']:.0f} MB (target {EDIT_SECONDS} s): "
          f"{verdict(again['seconds'], EDIT_SECONDS)}; load average {load}", flush=True)
    shutil.rmtree(copy)
    shutil.rmtree(cache)


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
                        help="largest synthetic size for the RDF view (it is memory-heavy)")
    parser.add_argument("--data", type=Path, nargs="*", default=[],
                        help="dataset folders measured as well (e.g. `sendkg synth` output)")
    parser.add_argument("--incremental", action="store_true",
                        help="also time a cold build and a one-edit rebuild with the cache")
    args = parser.parse_args()
    header = (f"{'dataset':<14}{'nodes':>8}{'edges':>8}{'build s':>9}{'peak MB':>9}"
              f"{'yaml s':>8}{'x yaml':>8}{'triples':>9}{'view t/s':>10}{'nt t/s':>10}"
              f"{'x nt':>6}")
    print(header)
    with tempfile.TemporaryDirectory() as workdir:
        for name, folder in datasets(args.sizes, args.seed, Path(workdir), args.data):
            build, parse = measure("build", folder), measure("yaml", folder)
            row = (f"{name:<14}{build['nodes']:>8}{build['edges']:>8}{build['seconds']:>9.2f}"
                   f"{build['peak_mb']:>9.0f}{parse['seconds']:>8.2f}"
                   f"{build['seconds'] / parse['seconds']:>8.2f}")
            size = 0 if name == "bundled" else int(name.split()[-1]) \
                if name.startswith("synthetic") else args.rdf_max + 1
            rdf = measure("rdf", folder) if size <= args.rdf_max else {"triples": 0}
            if rdf["triples"]:
                view = rdf["triples"] / rdf["view_seconds"]
                nt = rdf["triples"] / rdf["parse_seconds"]
                row += f"{rdf['triples']:>9}{view:>10.0f}{nt:>10.0f}{view / nt:>6.2f}"
            print(row, flush=True)
            if args.incremental:
                incremental(name, folder, parse["seconds"], Path(workdir))


if __name__ == "__main__":
    main()
