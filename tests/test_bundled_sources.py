"""The bundled dataset against the seed documents it cites.

Every entity must name a line where its name (or an alias) really stands, and every
relation a line inside its document: an officer checking an answer lands on the fact.
"""

from __future__ import annotations

import re

import pytest

from sendkg.names import normalise

STOPWORDS = set("""a an and the of for in on to with by from at as or is are be our we its
their all this that into""".split())
SEED_FILES = ["000_c3432e8db6082dfc.txt", "001_0d35ad221a688b36.txt",
              "002_81098658c4b2e719.txt", "003_d152c1de27bd5320.txt",
              "004_4328c8f235d45c34.txt"]


@pytest.fixture(scope="module")
def seed_lines(seeds):
    return {name: (seeds / name).read_text(encoding="utf-8").splitlines()
            for name in SEED_FILES}


def _words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if len(w) > 2 and w not in STOPWORDS}


def _window(lines: list[str], line: int, around: int = 2) -> set[str]:
    text = " ".join(lines[max(0, line - 1 - around): line + around])
    words = set(normalise(text).split())
    # Stems, so "commission" on the line supports "commissioning" in a label.
    return words | {w[:6] for w in words}


def test_all_five_seed_documents_are_sources(bundled_kg):
    cited = {s.document for node in bundled_kg.nodes() for s in node.sources}
    assert set(SEED_FILES) <= cited


def test_every_relation_cites_a_line_inside_its_document(bundled_kg, seed_lines):
    bad = [(e.s, e.p, e.o, str(s)) for e in bundled_kg.edges() for s in e.sources
           if not 1 <= (s.line or 0) <= len(seed_lines[s.document])]
    assert bad == []


def _unsupported(node, seed_lines) -> list[str]:
    """Cited lines where no significant word of the label or an alias appears."""
    names = [node.label, *node.aliases]
    wanted = set().union(*(_words(n) for n in names)) or {normalise(node.label)}
    bad = []
    for source in node.sources:
        lines = seed_lines[source.document]
        window = _window(lines, source.line)
        if not any(w in window or w[:6] in window for w in wanted):
            bad.append(str(source))
    return bad


def test_every_entity_cites_a_line_where_its_name_stands(bundled_kg, seed_lines):
    # Plan items carry labels in our own words; their cited line is checked for any
    # shared significant word, which catches a line number that is simply wrong.
    problems = {}
    for node in bundled_kg.nodes():
        declared = [s for s in node.sources if s.document in seed_lines]
        if not declared:
            continue
        bad = _unsupported(node, seed_lines)
        if len(bad) == len(declared):  # not one cited line supports the entity
            problems[node.id] = bad
    assert problems == {}
