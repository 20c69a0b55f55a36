"""`sendkg cypher` is read-only unless --write, never makes the server fetch URLs unless
--allow-network, and warns while a push is under way (issue 20)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import CLI_ENV, sendkg_script
from neo4j_server import neo4j_server, neo4j_uri  # noqa: F401


@pytest.fixture
def driver(neo4j_uri):  # noqa: F811
    neo4j = pytest.importorskip("neo4j", reason="the neo4j driver is not installed")
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as opened:
        yield opened
        opened.execute_query("MATCH (n:ReliabilityProbe) DETACH DELETE n")
        opened.execute_query("MATCH (m:SendkgPushInProgress {dataset: 'probe'}) DELETE m")


def _probes(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (n:ReliabilityProbe) RETURN count(n) AS n")
    return records[0]["n"]


def test_cypher_is_read_only_unless_write_is_given(driver, neo4j_uri, cli):  # noqa: F811
    create = "CREATE (n:ReliabilityProbe {at: 1}) RETURN n.at AS at"
    refused = cli("cypher", create, "--uri", neo4j_uri)
    assert refused.code == 2 and "Traceback" not in refused.err
    assert _probes(driver) == 0
    allowed = cli("cypher", create, "--uri", neo4j_uri, "--write")
    assert allowed.code == 0, allowed
    assert _probes(driver) == 1


@pytest.mark.parametrize("query", [
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "load  csv with headers from 'file:///etc/passwd' as r return r",
    "CALL apoc.load.json('http://127.0.0.1:9/x') YIELD value RETURN value",
])
def test_cypher_that_reaches_out_is_refused_unless_allowed(neo4j_uri, query, cli):  # noqa: F811
    result = cli("cypher", query, "--uri", neo4j_uri)
    assert result.code == 2 and "--allow-network" in result.err
    allowed = cli("cypher", query, "--uri", neo4j_uri, "--allow-network")
    assert "--allow-network" not in allowed.err  # the server's own answer, whatever it is
    assert "Traceback" not in allowed.err


def test_cypher_warns_while_a_push_is_under_way(driver, neo4j_uri, cli):  # noqa: F811
    quiet = cli("cypher", "RETURN 1 AS one", "--uri", neo4j_uri)
    assert quiet.code == 0 and "probe" not in quiet.err
    driver.execute_query("MERGE (m:SendkgPushInProgress {dataset: 'probe'}) SET m.rows = 1")
    warned = cli("cypher", "RETURN 1 AS one", "--uri", neo4j_uri)
    assert warned.code == 0
    assert "a push of dataset 'probe' is under way or was interrupted" in warned.err


# --- kill -9 during `sendkg push`, and pushes at once (real processes, real server) ---

PUSH_CHUNKS = ("--batch-size", "25", "--transaction-rows", "50")  # many small transactions


def _push_env(cache: Path) -> dict:
    return {**os.environ, **CLI_ENV, "SENDKG_CACHE_DIR": str(cache)}


def _push_args(uri: str, data: Path, dataset: str) -> list[str]:
    return [str(sendkg_script()), "push", "--uri", uri, "--data", str(data),
            "--dataset", dataset, "--json", *PUSH_CHUNKS]


def _push(uri: str, data: Path, dataset: str, cache: Path) -> dict:
    """Push `data` into `dataset` in a new process; its JSON summary of changes."""
    done = subprocess.run(_push_args(uri, data, dataset), capture_output=True, text=True,
                          env=_push_env(cache), timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["summary"]


def _dataset_state(driver, dataset: str) -> tuple[list, list]:
    """Every node (push markers included) and relationship of `dataset`, without the
    dataset's name, in an order-free form: two datasets pushed from the same data compare
    equal."""
    nodes = driver.execute_query(
        "MATCH (n {dataset: $d}) RETURN labels(n) AS labels, properties(n) AS props",
        d=dataset).records
    rels = driver.execute_query(
        "MATCH (a)-[r {dataset: $d}]->(b) RETURN a.id AS s, type(r) AS p, b.id AS o, "
        "properties(r) AS props", d=dataset).records

    def as_text(records):
        rows = [record.data() for record in records]
        for row in rows:
            row["props"].pop("dataset", None)
            row["props"].pop("sendkg_hash", None)  # a digest that includes the dataset
            row["props"].pop("content_hash", None)  # the SendkgDataset node's, likewise
        return sorted(json.dumps(row, sort_keys=True) for row in rows)
    return as_text(nodes), as_text(rels)


def _marked(driver, dataset: str) -> bool:
    return driver.execute_query("MATCH (m:SendkgPushInProgress {dataset: $d}) RETURN count(m) "
                                "AS c", d=dataset).records[0]["c"] > 0


@pytest.fixture(scope="module")
def two_datasets(tmp_path_factory):
    """Two synthetic datasets of a few hundred entities each (different seeds), and a
    cache folder for the pushes."""
    root = tmp_path_factory.mktemp("push-data")
    folders = []
    for seed in (1, 2):
        folder = root / f"seed{seed}"
        done = subprocess.run([str(sendkg_script()), "synth", "--councils", "2", "--seed",
                               str(seed), "-o", str(folder)], capture_output=True, text=True,
                              env=_push_env(root / "cache"), timeout=120)
        assert done.returncode == 0, done.stderr
        folders.append(folder)
    return folders[0], folders[1], root / "cache"


@pytest.fixture
def empty_db(driver):
    driver.execute_query("MATCH (n) DETACH DELETE n")
    yield driver
    driver.execute_query("MATCH (n) DETACH DELETE n")


def _kill_push(uri, data, dataset, cache, driver, rng, during_writes: bool) -> str:
    """Start a push and SIGKILL it: at a random moment after start-up began, or (with
    `during_writes`) a random moment after its in-progress marker appeared. Returns
    where the kill landed: 'before writing', 'mid-push' (marker left set) or 'finished'."""
    process = subprocess.Popen(_push_args(uri, data, dataset), env=_push_env(cache),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if during_writes:
        deadline = time.monotonic() + 60
        while not _marked(driver, dataset) and process.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.4))
    else:
        time.sleep(rng.uniform(0.2, 2.0))
    finished = process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    if finished:
        return "finished"
    return "mid-push" if _marked(driver, dataset) else "before writing"


def _reference_states(driver, uri: str, folders, cache: Path, prefix: str) -> dict:
    """Each data folder pushed alone into its own dataset ("PREFIX-0", "PREFIX-1"):
    {folder: its dataset's state}."""
    states = {}
    for number, folder in enumerate(folders):
        _push(uri, folder, f"{prefix}-{number}", cache)
        states[folder] = _dataset_state(driver, f"{prefix}-{number}")
    return states


def _at_once(uri: str, pushes, cache: Path) -> list[tuple[int, str]]:
    """Start one push process per (dataset, folder) together; each one's (exit code,
    stderr) once all have ended."""
    processes = [subprocess.Popen(_push_args(uri, folder, name), env=_push_env(cache),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for name, folder in pushes]
    errors = [process.communicate(timeout=120)[1] for process in processes]  # reads stdout too
    return [(process.returncode, err) for process, err in zip(processes, errors)]


def test_kill_9_during_a_push_then_the_next_push_gives_exactly_the_new_state(
        empty_db, neo4j_uri, two_datasets):  # noqa: F811
    first, second, cache = two_datasets
    driver = empty_db
    clean = _reference_states(driver, neo4j_uri, (first, second), cache, "clean")
    assert clean[first] != clean[second] and len(clean[second][0]) > 300
    _push(neo4j_uri, first, "k", cache)
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    landed = []
    # Each round changes the dataset to the other data: kill, then push again.
    for during_writes, data in ((False, second), (True, first), (True, second),
                                (True, first)):
        landed.append(_kill_push(neo4j_uri, data, "k", cache, driver, rng, during_writes))
        _push(neo4j_uri, data, "k", cache)
        assert _dataset_state(driver, "k") == clean[data], (seed, landed)
        assert not _marked(driver, "k")
    assert "mid-push" in landed, f"no kill landed mid-push (seed {seed}: {landed})"
    # The digests the finishing pushes left are right: one more push changes nothing.
    summary = _push(neo4j_uri, first, "k", cache)
    assert not any(count for key, count in summary.items() if not key.startswith("unchanged"))


def test_two_pushes_of_different_datasets_at_once_keep_both_intact(
        empty_db, neo4j_uri, two_datasets):  # noqa: F811
    first, second, cache = two_datasets
    driver = empty_db
    solo = _reference_states(driver, neo4j_uri, (first, second), cache, "solo")
    # Into empty datasets, then each replaced by the other's data.
    for pairs in ((("a", first), ("b", second)), (("a", second), ("b", first))):
        for code, err in _at_once(neo4j_uri, pairs, cache):
            assert code == 0, err
        for name, data in pairs:
            assert _dataset_state(driver, name) == solo[data]


def test_the_same_dataset_pushed_twice_at_once_ends_as_one_push(
        empty_db, neo4j_uri, two_datasets):  # noqa: F811
    first, _, cache = two_datasets
    once = _reference_states(empty_db, neo4j_uri, (first,), cache, "solo")[first]
    ended = _at_once(neo4j_uri, (("same", first), ("same", first)), cache)
    # One finishes; the other may stop at its first clash with one line saying why.
    assert 0 in [code for code, _ in ended], ended
    for code, err in ended:
        assert code == 0 or (code == 2 and "another push of dataset 'same'" in err
                             and "Traceback" not in err), err
    assert _dataset_state(empty_db, "same") == once, ended
