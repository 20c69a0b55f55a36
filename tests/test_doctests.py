"""Run every docstring example in the package (networkx style) as a test."""

import doctest
import importlib
import pkgutil

import pytest

import sendkg


def _modules():
    names = ["sendkg"]
    for sub in ("sendkg.ontology", "sendkg.loaders", "sendkg.ingest", "sendkg.graph",
                "sendkg.queries", "sendkg.checks",
                "sendkg.render", "sendkg.data"):
        package = importlib.import_module(sub)
        names.append(sub)
        names += [f"{sub}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    names += [f"sendkg.{m.name}" for m in pkgutil.iter_modules(sendkg.__path__)]
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_doctests(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
