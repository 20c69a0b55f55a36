"""Page latency of `sendkg serve` with the app's test client, side by side with the same
question asked through the library functions the CLI calls, on the bundled data and on
synthetic councils.

Pages: search (`/search?q=`, vs find_entities), the entity page (`/entity/ID`, vs the
six questions answered for that id with the layers the CLI gives them, answer_for, as
at today), the chain drawing (`/entity/ID/chain.svg`, vs building the accountability
view and drawing it with Graphviz) and the chain answer (`/entity/ID` of an item, vs
the chain question alone). Entities and search texts are drawn at
random (same seed) once per dataset; each page gets one warm-up request; the table gives
p50 and p95 in milliseconds, and the page/library ratio of the p50s.

    python benchmarks/serve.py                    # bundled + synthetic 150 councils
    python benchmarks/serve.py --sizes            # bundled only
    python benchmarks/serve.py --data /tmp/s150   # a folder written by `sendkg synth`
"""

from __future__ import annotations

import logging
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from queries import (  # noqa: E402
    dataset_arguments,
    datasets,
    latencies,
    log,
    percentile,
    sample,
)

ITEMS = ("Plan", "Objective", "Action")
ENTITY_TYPES = ("Plan", "Objective", "Action", "Board", "Person", "Organisation",
                "Legislation")


def search_texts(kg, count: int, seed: int) -> list[str]:
    """Texts an officer would type: the first one to three words of random labels."""
    rng = random.Random(seed)
    labels = sorted(n.label for n in kg.nodes())
    return [" ".join(label.split()[:rng.randint(1, 3)]) for label in
            rng.sample(labels, min(count, len(labels)))]


def pages(kg, client, args) -> dict[str, tuple]:
    """{page: (texts or ids, page request, library call)}."""
    from sendkg.queries.find import find_entities
    from sendkg.queries.questions import QUESTIONS, answer_for
    from sendkg.render.graphviz import render_svg
    from sendkg.render.views import build_view

    def six(node_id):
        node = kg.node(node_id)
        for question, (_, types, _) in QUESTIONS.items():
            if types is None or node.type in types:
                answer_for(kg, question, [node])

    def get(path, **params):
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, response.status_code)

    return {
        "search": (search_texts(kg, args.samples, args.seed),
                   lambda text: get("/search", q=text),
                   lambda text: find_entities(kg, text, limit=40)),
        "entity page": (sample(kg, ENTITY_TYPES, args.samples, args.seed),
                        lambda node_id: get(f"/entity/{node_id}"), six),
        "chain answer": (sample(kg, ITEMS, args.samples, args.seed + 1),
                         lambda node_id: get(f"/entity/{node_id}"),
                         lambda node_id: answer_for(kg, "chain", [kg.node(node_id)])),
        "chain drawing": (sample(kg, ITEMS, args.drawings, args.seed + 2),
                          lambda node_id: get(f"/entity/{node_id}/chain.svg"),
                          lambda node_id: render_svg(build_view(kg, "accountability",
                                                                node_id, None))),
    }


def table(name: str, kg, load_s: float, results: dict) -> str:
    lines = [f"\n{name}: {len(kg)} entities, {kg.graph.number_of_edges()} relations, "
             f"load {load_s:.1f} s"]
    header = (f"{'page':<14}{'page p50':>10}{'page p95':>10}{'library p50':>13}"
              f"{'library p95':>13}{'page/lib':>10}")
    lines += [header, "-" * len(header)]
    for page, (page_times, library_times) in results.items():
        p50, lib50 = percentile(page_times, 0.5), percentile(library_times, 0.5)
        lines.append(f"{page:<14}{p50:>10.1f}{percentile(page_times, 0.95):>10.1f}"
                     f"{lib50:>13.1f}{percentile(library_times, 0.95):>13.1f}"
                     f"{p50 / lib50 if lib50 else 0:>9.1f}x   (n={len(page_times)})")
    return "\n".join(lines)


def main() -> None:
    parser = dataset_arguments(__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100, help="requests per page")
    parser.add_argument("--drawings", type=int, default=30, help="chain drawings (Graphviz)")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds per page before sampling stops")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # the test client's httpx notice
    logging.disable(logging.CRITICAL)
    from sendkg.graph import load
    from sendkg.web.app import create_app
    from sendkg.web.site import Site
    from starlette.testclient import TestClient

    with tempfile.TemporaryDirectory() as workdir:
        for name, folder in datasets(args, Path(workdir)):
            log(f"{name}: loading ...")
            begin = time.perf_counter()
            kg = load(folder, cache=False)
            load_s = time.perf_counter() - begin
            client = TestClient(create_app(Site(kg)))
            results = {}
            for page, (inputs, request, library) in pages(kg, client, args).items():
                log(f"  {page:<14} {len(inputs)} requests ...")
                results[page] = (latencies(request, inputs, args.budget),
                                 latencies(library, inputs, args.budget))
            print(table(name, kg, load_s, results), flush=True)
            del kg, client


if __name__ == "__main__":
    main()
