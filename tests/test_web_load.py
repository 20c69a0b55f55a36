"""`sendkg serve` under load: 50 concurrent clients for 15 s (search pages, entity pages,
chain drawings of the bundled data) against the real command in a subprocess, through
scripts/load_test.py (which runs the 60 s version). No request may fail, the server may
write no traceback and its memory may not grow by more than 15% after a warm-up."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
SECONDS = 15.0
WARMUP_S = 5.0
RSS_BOUND = 0.15  # the server's RSS at the end over after the warm-up, at most +15%


@pytest.fixture(scope="module")
def load_test():
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "scripts" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def paths(load_test, bundled_kg):
    return load_test.workload(bundled_kg)


def test_the_workload_asks_for_real_pages_of_each_kind(paths, bundled_kg):
    assert {kind: len(p) >= 20 for kind, p in paths.items()} == {
        "search": True, "entity": True, "chain": True}
    entity_ids = {p.removeprefix("/entity/") for p in paths["entity"]}
    assert all(bundled_kg.has_node(i) for i in entity_ids)


def test_fifty_clients_for_fifteen_seconds_get_every_page_with_memory_flat(load_test, paths):
    with load_test.Server() as server:
        result = load_test.run_load(server, paths, CLIENTS, SECONDS, WARMUP_S)
    print(load_test.report(result))
    assert load_test.problems(result, server.stderr, RSS_BOUND) == []
    # each kind was asked many times: the clients really overlapped
    assert all(len(result.latencies[k]) >= CLIENTS // 5 for k in load_test.KINDS)


def test_a_failing_page_and_a_traceback_are_reported(load_test, paths):
    """The checks above can fail: an unknown id answers 404, and a traceback or memory
    growth in the figures is named."""
    broken = {**paths, "entity": ["/entity/no:such-entity"]}
    with load_test.Server() as server:
        result = load_test.run_load(server, broken, clients=4, seconds=1.0, warmup_s=0)
    found = load_test.problems(result, "Traceback (most recent call last):", RSS_BOUND)
    assert any("entity requests failed" in p and "404 /entity/no:such-entity" in p
               for p in found)
    assert any("traceback" in p for p in found)
    result.rss_end = int(result.rss_start * 1.2)
    assert any("RSS grew 20.0%" in p for p in load_test.problems(result, "", RSS_BOUND))
