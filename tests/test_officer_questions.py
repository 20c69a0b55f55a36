"""Questions in officers' own words (tests/fixtures/officer_questions.yaml) resolve to
the entity the officer meant, on the bundled data.

`python tests/test_officer_questions.py` prints the figure: how many of the questions
answer for the right entity (every entity answered for is one of `expect`; none when
`expect` is empty).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

QUESTIONS = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "officer_questions.yaml").read_text())["questions"]


def _question(ask: str):
    """(types answered for, types preferred) of each question, as its `*_text` uses them."""
    from sendkg.queries import accountability, drivers, funding, resolution, responsibility

    return {"owner": (responsibility.OWNABLE, responsibility.OWNER_PREFER),
            "owns": (responsibility.AGENT_TYPES, responsibility.OWNS_PREFER),
            "chain": (accountability.CHAINABLE, accountability.CHAIN_PREFER),
            "drivers": (drivers.DRIVEN, resolution.ITEMS_FIRST),
            "funders": (funding.FUNDABLE, resolution.ITEMS_FIRST),
            "impact": (None, resolution.AGENTS_FIRST), "find": (None, ())}[ask]


def answered(kg, ask: str, text: str) -> list[str]:
    """The ids a question answers for (what `sendkg ASK TEXT` would answer about)."""
    from sendkg.errors import EntityNotFound
    from sendkg.queries.resolution import subjects

    try:
        return [node.id for node in subjects(kg, text, *_question(ask))]
    except EntityNotFound:
        return []


def is_right(ids: list[str], expect: list[str]) -> bool:
    return set(ids) <= set(expect) and bool(ids) == bool(expect)


@pytest.fixture(scope="module")
def kg():
    from sendkg.graph import load

    return load(None)


def test_there_are_at_least_40_questions():
    assert len(QUESTIONS) >= 40


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: f"{q['ask']} {q['text']}")
def test_question_resolves_to_the_meant_entity(kg, q):
    ids = answered(kg, q["ask"], q["text"])
    assert is_right(ids, q["expect"]), f"answered for {ids}, expected one of {q['expect']}"


def main() -> None:
    from sendkg.graph import load

    graph = load(None)
    right = 0
    for q in QUESTIONS:
        ids = answered(graph, q["ask"], q["text"])
        ok = is_right(ids, q["expect"])
        right += ok
        print(f"{'ok ' if ok else 'BAD'} {q['ask']} {q['text']!r}: {', '.join(ids) or '-'}")
    print(f"{right}/{len(QUESTIONS)} questions resolve to the right entity")


if __name__ == "__main__":
    main()
