"""Data flows one way: readers → recognisers → graph → questions / checks / outputs.

Every `import sendkg.X` in the package source (at module level or inside a function) is
checked against the layer order below: a package may import only from itself and the
packages before it. So a reader never imports the graph, the graph never imports a
question, and there is no import cycle between packages. Questions, checks and renderers
also never import readers or recognisers: they answer from the built graph and never
re-read files. The registry names its targets as strings and imports them lazily, so it
is no import edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
# Folder on disk -> import package, in the order data flows through them.
LAYERS = {
    "sendkg": "sendkg",          # core: errors, records, names, files, dates, registry
    "ontology": "sendkg.ontology",
    "loaders": "sendkg.loaders",
    "ingest": "sendkg.ingest",
    "graph": "sendkg.graph",
    "data": "sendkg.data",
    "queries": "sendkg.queries",
    "checks": "sendkg.checks",
    "render": "sendkg.render",
    "web": "sendkg.web",
    "cli": "sendkg.cli",
}
ORDER = list(LAYERS.values())
# Downstream of the graph: they work from the built graph, never from files.
NEVER = {
    "sendkg.queries": {"sendkg.loaders", "sendkg.ingest"},
    "sendkg.checks": {"sendkg.loaders", "sendkg.ingest"},
    "sendkg.render": {"sendkg.loaders", "sendkg.ingest"},
}


def _package_of(module: str) -> str | None:
    """The layer an imported module belongs to ('sendkg.graph.build' -> 'sendkg.graph')."""
    parts = module.split(".")
    if parts[0] != "sendkg":
        return None
    if len(parts) > 1 and f"sendkg.{parts[1]}" in ORDER:
        return f"sendkg.{parts[1]}"
    return "sendkg"


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _edges():
    for folder, package in LAYERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, module in _imports(path):
                target = _package_of(module)
                if target and target != package:
                    yield f"{path.relative_to(ROOT)}:{line}", package, target, module


def _backwards(edges) -> list[str]:
    wrong = []
    for where, package, target, module in edges:
        if ORDER.index(target) > ORDER.index(package):
            wrong.append(f"{where}: {package} imports {module}, which comes after it")
        elif target in NEVER.get(package, ()):
            wrong.append(f"{where}: {package} imports {module}; it must answer from the "
                         f"graph, not read files")
    return wrong


def test_every_package_folder_is_a_layer():
    mapped = {f"sendkg.{p.replace('/', '.')}" if p != "sendkg" else "sendkg"
              for p in LAYERS}
    assert mapped == set(ORDER)
    assert all((ROOT / folder / "__init__.py").is_file() for folder in LAYERS)


def test_imports_follow_the_data_flow():
    assert _backwards(_edges()) == []


def test_the_check_catches_a_reader_importing_the_graph():
    edge = ("loaders/x.py:1", "sendkg.loaders", "sendkg.graph", "sendkg.graph.build")
    assert _backwards([edge]) == [
        "loaders/x.py:1: sendkg.loaders imports sendkg.graph.build, which comes after it"]


@pytest.mark.parametrize("package", sorted(NEVER))
def test_the_check_catches_a_question_reading_files(package):
    edge = ("x.py:1", package, "sendkg.loaders", "sendkg.loaders.dataset")
    assert len(_backwards([edge])) == 1
