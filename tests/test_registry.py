"""sendkg.registry against the code, the data and the command line it names."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from sendkg import registry
from sendkg.checks.lint_model import PARAMS_ATTRIBUTE
from sendkg.cli.main import run

QUERY_FILES = ("rq", "cypher")


def help_text(capsys, monkeypatch, *command: str) -> str:
    monkeypatch.setenv("COLUMNS", "200")  # one name is never split over two lines
    assert run([*command, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("item", registry.ENTRIES, ids=lambda e: f"{e.kind}:{e.name}")
def test_every_entry_loads_and_is_callable(item):
    assert callable(item.load())
    assert item.summary


def test_names_are_unique_within_a_kind():
    for kind in registry.KINDS:
        names = [e.name for e in registry.ENTRIES if e.kind == kind]
        assert len(names) == len(set(names)), kind


def test_every_lint_rule_declares_its_parameters():
    for item in registry.entries("lint-rule"):
        params = getattr(item.load(), PARAMS_ATTRIBUTE, None)
        assert isinstance(params, dict), f"{item.target} has no @lint_rule(...)"


def test_the_lint_rules_and_their_defaults_are_the_same_set():
    defaults = yaml.safe_load((resources.files("sendkg.data") / "lint_rules.yaml").read_text())
    assert set(defaults["rules"]) == set(registry.names("lint-rule"))


def test_every_query_has_its_sparql_and_cypher_files_and_no_other_exists():
    folder = resources.files("sendkg.queries")
    for suffix in QUERY_FILES:
        found = {p.name.removesuffix(f".{suffix}") for p in folder.iterdir()
                 if p.name.endswith(f".{suffix}")}
        assert found == set(registry.names("query")), suffix


def test_render_help_names_every_renderer_and_view(capsys, monkeypatch):
    shown = help_text(capsys, monkeypatch, "render")
    for name in registry.names("renderer") + registry.names("view"):
        assert re.search(rf"(?<![\w.]){re.escape(name)}\b", shown), name


def test_export_help_names_every_exporter(capsys, monkeypatch):
    shown = help_text(capsys, monkeypatch, "export")
    for name in registry.names("exporter"):
        assert re.search(rf"(?<![\w.]){re.escape(name)}:", shown), name


def test_every_query_is_a_command(capsys, monkeypatch):
    shown = help_text(capsys, monkeypatch)
    for name in registry.names("query"):
        assert re.search(rf"│ {name}\s", shown), name
