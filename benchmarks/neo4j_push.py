"""`sendkg push` throughput: bundled data and synthetic councils, with a batch-size sweep.

For each graph and batch size, on an emptied database:
- first push: every node and relationship created (rows/s; `tx`: transactions, as
  changes over 20,000 rows commit in chunks);
- no-op push: the same graph again (seconds of the whole call, rows and digest made
  in Python included; it writes nothing): against the stored digest (one query), and
  row by row as before issue 18 (the digest node removed first, so every row's id
  and digest is read back and compared);
- update push: 10% of nodes relabelled and 5% removed (rows/s).
Ratios are against a baseline in the same run, measured just before each first push
(the machine's load moves): a bare `UNWIND $rows CREATE` load of the same rows at the
default batch size (no constraint checks, no diff, one label). The first push's time is
split into making the rows and their digest in Python, and the rest (the server's work,
the driver's packing and the round trips). Whether the driver's Rust extension
(neo4j-rust-ext) is loaded is printed: it speeds the baseline as well.

    python benchmarks/neo4j_push.py [--councils 150] [--batch-sizes 100 1000 5000 20000]
                                    [--writers 1 2] [--uri bolt://127.0.0.1:7687]

Without --uri it builds and starts the test server from neo4j_launcher/ (Java + Maven).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

DEFAULT_BATCH = 5000
NOOP_TARGET = 2.0  # seconds for pushing an unchanged graph (issue 18, at 150 councils)
FIRST_TARGET = 2.0  # first push and updates: this many times the baseline's rows/s


def verdict(seconds: float) -> str:
    return ("target met" if seconds <= NOOP_TARGET
            else f"missed: {seconds / NOOP_TARGET:.2f}x the target")
SERVER_JVM = ("-XX:+UseSerialGC", "-Xms1g", "-Xmx4g")


def graphs(councils: int, seed: int):
    """The bundled graph, then the synthetic one (its files kept for the next run)."""
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import load, load_bundled
    from sendkg.graph.cache import cache_dir

    yield "bundled", load_bundled()
    if councils:
        folder = cache_dir() / f"benchmark-synthetic-{councils}-{seed}"
        if not folder.is_dir():
            write_synthetic(folder, councils, seed)
        yield f"synthetic {councils} councils", load(folder)


def rust_extension() -> str:
    try:
        import neo4j._rust  # noqa: F401  (present when neo4j-rust-ext is installed)
    except ImportError:
        return "not installed"
    return "loaded"


def updated(kg):
    """A copy with every 10th node relabelled and every 20th (other) node removed."""
    from sendkg.graph.knowledge_graph import KnowledgeGraph

    copy = KnowledgeGraph(graph=kg.graph.copy(), name=kg.name)
    for i, node in enumerate(list(kg.nodes())):
        if i % 10 == 0:
            copy.graph.nodes[node.id]["record"] = dataclasses.replace(
                node, label=node.label + " (revised)")
        elif i % 20 == 5:
            copy.remove_node(node.id)
    return copy


def empty(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
                    ).consume()


def baseline(driver, kg) -> float:
    """Rows/s of a bare UNWIND CREATE of the same rows, one transaction."""
    from sendkg.graph.neo4j_sync_plan import edge_rows, node_rows

    nodes = list(node_rows(kg, "baseline").values())
    edges = list(edge_rows(kg, "baseline", {n["id"] for n in nodes})[0].values())
    started = time.perf_counter()

    def work(tx):
        for i in range(0, len(nodes), DEFAULT_BATCH):
            tx.run("UNWIND $rows AS row CREATE (n:Bench) SET n = row.props",
                   rows=nodes[i:i + DEFAULT_BATCH]).consume()
        for i in range(0, len(edges), DEFAULT_BATCH):
            tx.run("UNWIND $rows AS row MATCH (a:Bench {id: row.s}) MATCH (b:Bench {id: row.o}) "
                   "CREATE (a)-[r:REL]->(b) SET r = row.props",
                   rows=edges[i:i + DEFAULT_BATCH]).consume()

    with driver.session() as session:
        session.execute_write(work)
    seconds = time.perf_counter() - started
    empty(driver)
    return (len(nodes) + len(edges)) / seconds


def rows_seconds(kg) -> float:
    """Seconds to make the rows and their digest in Python (part of every first push)."""
    from sendkg.graph.neo4j_sync_plan import content_hash, edge_rows, node_rows

    began = time.perf_counter()
    nodes = node_rows(kg, "bench")
    content_hash(nodes, edge_rows(kg, "bench", nodes)[0])
    return time.perf_counter() - began


def sweep(driver, target, kg, batch_sizes, writer_counts) -> list[dict]:
    from sendkg.graph.neo4j_writer import DIGESTS, push_graph

    changed = updated(kg)
    rows = []
    for batch in batch_sizes:
        for writers in writer_counts:
            empty(driver)
            base_rps = baseline(driver, kg)
            kg.derived.get(DIGESTS, dict).clear()  # as a fresh process with no digest kept
            first = push_graph(kg, target, "bench", batch_size=batch, writers=writers)
            began = time.perf_counter()
            again = push_graph(kg, target, "bench", batch_size=batch, writers=writers)
            noop_seconds = time.perf_counter() - began
            driver.execute_query("MATCH (d:SendkgDataset {dataset: 'bench'}) DELETE d")
            began = time.perf_counter()
            rowwise = push_graph(kg, target, "bench", batch_size=batch, writers=writers)
            rowwise_seconds = time.perf_counter() - began
            update = push_graph(changed, target, "bench", batch_size=batch, writers=writers)
            assert again.written == rowwise.written == 0, "a push of the same graph wrote"
            rows.append({"batch": batch, "writers": writers, "base_rps": base_rps,
                         "first_rows": first.written, "tx": first.transactions,
                         "first_seconds": first.seconds, "first_rps": first.rows_per_second,
                         "noop_seconds": noop_seconds, "rowwise_seconds": rowwise_seconds,
                         "load": os.getloadavg()[0], "update_rows": update.written,
                         "update_rps": update.rows_per_second})
    empty(driver)
    return rows


def warm_up(driver, target) -> None:
    """Plan every query once, so the first measured size does not pay for it."""
    from sendkg.graph import load_bundled
    from sendkg.graph.neo4j_writer import push_graph

    kg = load_bundled()
    # the baseline's index now: a schema change empties the server's query plan cache,
    # and the push measured after it would plan every statement again
    with driver.session() as session:
        session.run("CREATE INDEX bench_id IF NOT EXISTS FOR (n:Bench) ON (n.id)").consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    # twice: a first push into an empty database makes its indexes after writing, and
    # that schema change empties the plan cache again
    push_graph(kg, target, "warm-up")
    empty(driver)
    for graph in (kg, updated(kg)):
        push_graph(graph, target, "warm-up")
    empty(driver)


def print_table(name, kg, rows, python_seconds) -> None:
    print(f"\n{name}: {len(kg)} nodes, {kg.graph.number_of_edges()} relationships; "
          f"rows and digest made in Python: {python_seconds:.2f} s of each first push")
    print(f"{'batch':>6} {'writers':>7} {'first push':>11} {'tx':>4} {'rows/s':>9} "
          f"{'baseline':>9} {'ratio':>6} {'update rows':>12} {'rows/s':>9}")
    for r in rows:
        ratio = r["first_rps"] / r["base_rps"]
        print(f"{r['batch']:>6} {r['writers']:>7} {r['first_seconds']:>10.2f}s {r['tx']:>4} "
              f"{r['first_rps']:>9,.0f} {r['base_rps']:>9,.0f} {ratio:>6.2f} "
              f"{r['update_rows']:>12,} {r['update_rps']:>9,.0f}")
        print(f"       first push vs baseline: target {FIRST_TARGET:.0f}x: "
              + ("met" if ratio >= FIRST_TARGET else f"missed ({ratio:.2f}x)")
              + f"; update {r['update_rps'] / r['base_rps']:.2f}x the baseline")
        print(f"       no-op push {r['noop_seconds']:.2f} s with the digest (target "
              f"{NOOP_TARGET:.0f} s: {verdict(r['noop_seconds'])}), {r['rowwise_seconds']:.2f} s "
              f"row by row; load average {r['load']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--writers", type=int, nargs="+", default=[1],
                        help="sessions committing chunks side by side (push_graph's writers)")
    parser.add_argument("--uri", help="an existing server (its data is emptied!)")
    args = parser.parse_args()

    import logging

    import neo4j
    from neo4j_server import build_launcher, start_server
    # as `sendkg push` does: the server's notices about labels not yet made are noise
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    from sendkg.graph.neo4j_connection import Neo4jTarget

    server = None
    if not args.uri:
        server = start_server(build_launcher(), jvm_options=SERVER_JVM)
        print(f"started Neo4j at {server.uri} in {server.startup_seconds:.1f}s")
    print(f"driver's Rust extension: {rust_extension()}")
    uri = args.uri or server.uri
    try:
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
            warm_up(driver, Neo4jTarget(uri))
            for name, kg in graphs(args.councils, args.seed):
                rows = sweep(driver, Neo4jTarget(uri), kg, args.batch_sizes, args.writers)
                print_table(name, kg, rows, rows_seconds(kg))
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
