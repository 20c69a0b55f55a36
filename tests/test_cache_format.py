"""The graph cache's compact format (sendkg.graph.compact): a graph read from the cache
file must equal a fresh build, origins and order included, while it shares equal
values and keeps its records' origins in a file of their own."""

from __future__ import annotations

import pickle
import shutil

import pytest
import test_load_path

own_cache = test_load_path.own_cache  # a fixture: a cache of the test's own, the small data


def _everything(kg) -> tuple:
    """Every record's fields, origin included, in the graph's own orders."""
    nodes = [(n.id, n.type, n.label, n.aliases, n.props, n.sources, n.origin)
             for n in kg.nodes()]
    edges = [(e.s, e.p, e.o, e.props, e.sources, e.origin) for e in kg.edges()]
    around = [([(e.s, e.p, e.o) for e in kg.in_edges(n.id)],
               [(e.s, e.p, e.o) for e in kg.out_edges(n.id)]) for n in kg.nodes()]
    return nodes, edges, around, kg.review, kg.registry, kg.successions


def _from_file(folder):
    from sendkg.graph import load

    load(folder)  # builds and writes the cache
    return load(folder)  # read from the file


def test_a_graph_read_from_the_cache_equals_a_fresh_build_origins_included(own_cache):
    from sendkg.graph import load

    cached, fresh = _from_file(own_cache), load(own_cache, cache=False)
    assert _everything(cached) == _everything(fresh)
    assert all(n.origin for n in cached.nodes()) and all(e.origin for e in cached.edges())
    assert all("origin" not in n.__dict__ for n in cached.nodes())  # kept apart


def test_a_graph_whose_origins_file_is_missing_is_rebuilt(own_cache, tmp_path):
    from sendkg.graph import load

    fresh = _everything(load(own_cache, cache=False))
    load(own_cache)
    (apart,) = (tmp_path / "cache").glob("*.origins.pickle")
    apart.unlink()
    assert _everything(load(own_cache)) == fresh
    assert apart.is_file()  # written again by the rebuild


def test_a_cached_graph_pickled_elsewhere_carries_its_origins(own_cache, tmp_path):
    from sendkg.graph import load

    data = pickle.dumps(_from_file(own_cache))
    shutil.rmtree(tmp_path / "cache")
    assert _everything(pickle.loads(data)) == _everything(load(own_cache, cache=False))


def test_equal_values_of_a_cached_graph_are_one_object(own_cache):
    kg = _from_file(own_cache)
    types = {n.type: n.type for n in kg.nodes()}
    assert all(n.type is types[n.type] for n in kg.nodes())
    ids = {n.id: n.id for n in kg.nodes()}
    assert all(e.s is ids[e.s] and e.o is ids[e.o] for e in kg.edges())
    assert all(key is ids[key] for key in kg.graph._succ)
    by_value = {}
    for edge in kg.edges():
        assert by_value.setdefault(edge.sources, edge.sources) is edge.sources


@pytest.mark.parametrize("damage", ["cut short", "same size"])
def test_a_damaged_origins_file_is_made_again(own_cache, tmp_path, damage):
    from sendkg.graph import load

    fresh = _everything(load(own_cache, cache=False))
    load(own_cache)
    (apart,) = (tmp_path / "cache").glob("*.origins.pickle")
    data = apart.read_bytes()
    apart.write_bytes(data[:50] if damage == "cut short" else b"x" * len(data))
    assert _everything(load(own_cache)) == fresh
    assert apart.read_bytes() == data  # written again, as it was


def test_a_question_from_the_cache_imports_no_networkx(own_cache):
    """networkx takes 0.2-0.3 s to import; a question from the cache needs none of it."""
    import subprocess
    import sys

    from sendkg.graph import load

    load(own_cache)  # fills the cache
    script = ("import sys; from sendkg.graph import load; "
              "from sendkg.queries.questions import answer; "
              f"found = answer(load({str(own_cache)!r}), 'owner', 'travel training options'); "
              "print(bool(found), 'networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "False"]


def test_kg_graph_of_a_cached_graph_is_networkx_over_the_same_dicts(own_cache):
    from sendkg.graph import load
    from sendkg.records import Node

    kg, fresh = _from_file(own_cache), load(own_cache, cache=False)
    assert sorted(kg.graph.edges(keys=True)) == sorted(fresh.graph.edges(keys=True))
    assert list(kg.graph.nodes) == list(fresh.graph.nodes)
    kg.add_node(Node("board:new", "Board", "A new board"))
    assert "board:new" in kg.graph and kg.has_node("board:new")
    kg.graph.remove_node("board:new")
    assert not kg.has_node("board:new")


@pytest.mark.parametrize("rare", [0, 1000])
def test_edges_of_a_relation_equal_the_full_walk_also_after_a_change(own_cache,
                                                                     monkeypatch, rare):
    from sendkg.graph import knowledge_graph
    from sendkg.records import Edge, Node

    monkeypatch.setattr(knowledge_graph, "RARE", rare)  # 0: every relation walked in full
    kg = _from_file(own_cache)

    def check():
        for relation in [*kg.relation_counts(), "noSuchRelation"]:
            assert list(kg.edges(relation)) == [e for e in kg.edges() if e.p == relation]

    check()
    first = next(kg.nodes())
    kg.add_node(Node("board:new", "Board", "A new board"))
    kg.add_edge(Edge("board:new", "reportsTo", first.id))
    kg.add_edge(Edge(first.id, "newRelation", "board:new"))
    check()
    assert [e.o for e in kg.edges("newRelation")] == ["board:new"]


def test_a_cached_graph_changed_and_stored_again_keeps_every_origin(own_cache, tmp_path):
    """As an incremental build may do: a graph read from the cache, changed, and
    written to the cache for new data; its old records' origins move to the new file."""
    from sendkg.graph.cache import cached_graph
    from sendkg.records import Edge, Node, Source

    kg = _from_file(own_cache)
    first = next(kg.nodes())
    kg.add_node(Node("board:new", "Board", "A new board", origin=Source("new.yaml", 3)))
    kg.add_edge(Edge("board:new", "reportsTo", first.id, origin=Source("new.yaml", 4)))
    expected = _everything(kg)
    changed = tmp_path / "changed"
    shutil.copytree(own_cache, changed)
    (changed / "documents" / "plan.yaml").write_text(
        (changed / "documents" / "plan.yaml").read_text() + "\n")  # another fingerprint
    cached_graph(changed, lambda folder: kg)  # stores the changed graph
    again = cached_graph(changed, lambda folder: pytest.fail("not read from the cache"))
    assert _everything(again) == expected
    assert again.node("board:new").origin == Source("new.yaml", 3)


def test_short_names_are_kept_beside_the_graph_and_equal_a_fresh_walk(own_cache, tmp_path):
    from sendkg.graph import load
    from sendkg.graph.citations import short_names

    plan = own_cache / "documents" / "plan.yaml"
    plan.write_text(plan.read_text().replace("  line: 1\n", "  line: 1\n  short: Ex JCP\n", 1))
    fresh = short_names(load(own_cache, cache=False))
    assert fresh == {"example_plan.txt": "Ex JCP"}
    first = short_names(_from_file(own_cache))
    assert list((tmp_path / "cache").glob("*.short-names.pickle"))
    first["x.txt"] = "changed by a caller"
    assert short_names(load(own_cache)) == fresh  # read from the file, not the caller's
