"""The load path of a question: caches that must give the same answers as no cache.

Each parsed dataset file is cached by its content (sendkg.graph.parsed_cache), the graph
and its search indexes are cached beside each other (sendkg.graph.cache), the
ontology's tables are cached (sendkg.ontology.vocabulary), and caches are read with the
garbage collector paused. These tests check that every cache gives what a fresh read
gives, and that an edit is never answered from a stale entry.
"""

from __future__ import annotations

import gc
import pickle
import shutil

import pytest
from conftest import SMALL


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache directory of this test's own, and a copy of the small dataset to edit."""
    monkeypatch.setenv("SENDKG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "small"
    shutil.copytree(SMALL, data)
    return data


def _snapshot(kg) -> tuple:
    nodes = sorted((n.id, n.type, n.label, n.aliases, sorted(n.props.items()), n.sources,
                    n.origin) for n in kg.nodes())
    edges = sorted((e.s, e.p, e.o, sorted(e.props.items()), e.sources, e.origin)
                   for e in kg.edges())
    return nodes, edges, kg.review, kg.abbreviations


def test_an_edited_file_gives_the_new_answer_and_only_it_is_read_again(own_cache,
                                                                        monkeypatch):
    from sendkg.graph import load, parsed_cache
    from sendkg.queries.find import resolve

    assert [n.id for n in resolve(load(own_cache), "travel training options")] == \
        ["obj:ex-travel"]
    read = []
    real = parsed_cache.read_dataset_file
    monkeypatch.setattr(parsed_cache, "read_dataset_file",
                        lambda path: read.append(path.name) or real(path))
    plan = own_cache / "documents" / "plan.yaml"
    plan.write_text(plan.read_text().replace("Independent travel training options",
                                             "Independent travel buddy scheme"))
    kg = load(own_cache)
    assert read == ["plan.yaml"]  # the registry file came from the cache
    assert kg.node("obj:ex-travel").label == "Independent travel buddy scheme"
    assert [n.id for n in resolve(kg, "travel buddy scheme")] == ["obj:ex-travel"]
    assert _snapshot(kg) == _snapshot(load(own_cache, cache=False))


def test_cached_records_equal_a_fresh_read_also_in_parallel(own_cache):
    from sendkg.graph.parsed_cache import read_dataset_cached
    from sendkg.loaders.dataset import read_dataset

    for extra in range(4):  # enough changed files to use worker processes
        shutil.copy(own_cache / "documents" / "plan.yaml",
                    own_cache / "documents" / f"copy{extra}.yaml")
    bad = own_cache / "documents" / "copy2.yaml"
    bad.write_text(bad.read_text().replace("type: Action", "type: Akshun", 1))
    fresh = read_dataset(own_cache)
    parallel = read_dataset_cached(own_cache, workers=2)  # nothing cached yet
    cached = read_dataset_cached(own_cache, workers=2)  # everything cached
    assert parallel[0] == fresh[0] and cached[0] == fresh[0]
    problems = [str(p) for p in fresh[1]]
    assert problems and all("copy2.yaml:" in p for p in problems)  # file and line
    assert [str(p) for p in parallel[1]] == problems == [str(p) for p in cached[1]]


def test_a_file_error_names_the_file_and_line_through_the_cache(own_cache):
    from sendkg.errors import DatasetError
    from sendkg.graph import load

    plan = own_cache / "documents" / "plan.yaml"
    lines = plan.read_text().splitlines()
    lines[9] = lines[9].replace("type: Objective", "type: Objektive")
    plan.write_text("\n".join(lines) + "\n")
    for _ in range(2):  # once read, once from the cache: the same message
        with pytest.raises(DatasetError) as raised:
            load(own_cache)
        assert any("plan.yaml:10" in str(p) and "Objektive" in str(p)
                   for p in raised.value.problems)


def test_loading_with_the_collector_paused_gives_the_same_graph(own_cache, tmp_path):
    from sendkg.graph import load
    from sendkg.graph.cache import load_pickle

    kg = load(own_cache, cache=False)
    path = tmp_path / "graph.pickle"
    path.write_bytes(pickle.dumps(kg, pickle.HIGHEST_PROTOCOL))
    assert gc.isenabled()
    paused = load_pickle(path)
    assert gc.isenabled()  # switched back on
    assert _snapshot(paused) == _snapshot(pickle.loads(path.read_bytes())) == _snapshot(kg)


def test_a_damaged_cache_file_is_rebuilt_not_trusted(own_cache):
    from sendkg.files import cache_dir
    from sendkg.graph import load
    from sendkg.graph.text_index import text_index

    kg = load(own_cache)
    text_index(kg)  # stores the index beside the graph
    stored = sorted(cache_dir().glob("small-*.pickle"))
    assert len(stored) == 3  # the graph, its records' origins, the text index
    for path in stored:
        path.write_bytes(path.read_bytes()[:100])  # as if cut short
    again = load(own_cache)
    assert _snapshot(again) == _snapshot(kg)
    assert text_index(again).idf == text_index(kg).idf


def test_the_search_indexes_from_the_cache_answer_as_freshly_built_ones(own_cache):
    from sendkg.graph import load
    from sendkg.queries.find import find_entities

    queries = ["travel training", "Example JCP", "short breaks", "Exmaple plan", "SEND"]
    first = load(own_cache)
    built = {q: find_entities(first, q) for q in queries}  # builds and stores the indexes
    second = load(own_cache)
    assert second.derived.store.load("text index") is not None
    assert {q: find_entities(second, q) for q in queries} == built
    second.add_node(first.node("obj:ex-travel").__class__(
        "obj:new", "Objective", "Travel training for all"))
    assert second.derived.store is None  # a changed graph never uses the stored indexes
    assert "obj:new" in [m.node.id for m in find_entities(second, "travel training")]


def test_spelling_scores_each_distinct_name_once_with_the_same_result(bundled_kg):
    from rapidfuzz import fuzz, process

    from sendkg.graph.name_index import name_index
    from sendkg.names import normalise
    from sendkg.queries.find import FUZZY_CUTOFF, _closest

    index = name_index(bundled_kg)
    assert len(index.positions) < len(index.keys)  # some names repeat
    for text in ["Lindsey Dunn", "Children and Familes Act", "SEND Partnership Bord",
                 "Health and Wellbeing Board", "Durham County Council"]:
        query = normalise(text)
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            every = [(score, i) for _, score, i in process.extract(
                query, index.keys, scorer=scorer, limit=10, score_cutoff=FUZZY_CUTOFF)]
            assert _closest(query, index, scorer) == every, text


def test_the_ontology_tables_from_the_cache_equal_the_turtle(monkeypatch, tmp_path):
    from sendkg.ontology import vocabulary

    monkeypatch.setenv("SENDKG_CACHE_DIR", str(tmp_path))
    read = vocabulary._read_tables()
    assert vocabulary._tables() == read  # read from the Turtle and stored
    assert list(tmp_path.glob("ontology-*.pickle"))
    assert vocabulary._tables() == read  # from the cache
    assert read == (vocabulary.NODE_TYPES, vocabulary.RELATIONS, vocabulary.NODE_PROPERTIES,
                    vocabulary.GROUPS, vocabulary.GROUP_LABELS)
