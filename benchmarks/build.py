"""Build time and peak memory: bundled data and synthetic 10, 50 and 150 councils.

Each measurement runs in a fresh subprocess (so peak memory is its own). Ratios are
against baselines measured in the same run on the same files:
- build: the property-graph build vs parsing the same YAML alone with libyaml;
- RDF view: triples/s of building the rdflib view vs rdflib parsing the same triples
  from N-Triples.

    python benchmarks/build.py [--sizes 10 50 150] [--seed 0]
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


def measure(task: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, task, str(folder)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def datasets(sizes: list[int], seed: int, workdir: Path):
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import bundled_data_dir

    yield "bundled", bundled_data_dir()
    for councils in sizes:
        print(f"  writing synthetic {councils} councils ...", file=sys.stderr, flush=True)
        yield f"synthetic {councils}", write_synthetic(workdir / f"s{councils}", councils, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 50, 150])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rdf-max", type=int, default=50,
                        help="largest synthetic size for the RDF view (it is memory-heavy)")
    args = parser.parse_args()
    header = (f"{'dataset':<14}{'nodes':>8}{'edges':>8}{'build s':>9}{'peak MB':>9}"
              f"{'yaml s':>8}{'x yaml':>8}{'triples':>9}{'view t/s':>10}{'nt t/s':>10}"
              f"{'x nt':>6}")
    print(header)
    with tempfile.TemporaryDirectory() as workdir:
        for name, folder in datasets(args.sizes, args.seed, Path(workdir)):
            build, parse = measure("build", folder), measure("yaml", folder)
            row = (f"{name:<14}{build['nodes']:>8}{build['edges']:>8}{build['seconds']:>9.2f}"
                   f"{build['peak_mb']:>9.0f}{parse['seconds']:>8.2f}"
                   f"{build['seconds'] / parse['seconds']:>8.2f}")
            size = 0 if name == "bundled" else int(name.split()[-1])
            rdf = measure("rdf", folder) if size <= args.rdf_max else {"triples": 0}
            if rdf["triples"]:
                view = rdf["triples"] / rdf["view_seconds"]
                nt = rdf["triples"] / rdf["parse_seconds"]
                row += f"{rdf['triples']:>9}{view:>10.0f}{nt:>10.0f}{view / nt:>6.2f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
