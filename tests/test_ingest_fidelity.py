"""Fidelity: plain-text "<" and ">" stay in every format; real markup goes; control
characters are removed at ingest with a warning naming file and line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file
from sendkg.ingest.plan_tables import cell_fragments, strip_markup, table_rows
from sendkg.loaders.rows import read_rows

PHRASE = "Keep penalties (<2%) low and reach (>95%) on time"
HEADER = ["Objective", "Key actions", "Lead officer"]
ROW = ["Reduce exclusions", PHRASE, "Mark Smith"]


def _csv(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def _txt(path: Path, rows) -> None:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def _md(path: Path, rows) -> None:
    lines = [f"| {' | '.join(rows[0])} |", "|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _docx(path: Path, rows) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    document.save(str(path))


def _xlsx(path: Path, rows) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    book.save(str(path))


WRITERS = {".csv": _csv, ".txt": _txt, ".md": _md, ".docx": _docx, ".xlsx": _xlsx}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_angle_brackets_in_plain_text_survive_every_format(tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    WRITERS[suffix](path, [HEADER, ROW])
    found = list(table_rows(read_rows(path)))
    assert [r.get("actions") for r in found] == [[PHRASE]]
    assert found[0].text["actions"] == PHRASE
    result = ingest_file(path, NameIndex())
    actions = [e for e in result.draft.entities_yaml() if e["type"] == "Action"]
    assert [a.get("description", a["label"]) for a in actions] == [PHRASE]


def test_real_markup_is_removed_and_plain_brackets_kept():
    assert strip_markup("<p>Mark Smith</p><br/><ul><li>Ann Lee</li></ul>") == "Mark Smith Ann Lee"
    assert cell_fragments(f"<p>{PHRASE}</p><p>Second &lt;item&gt;</p>") == [PHRASE,
                                                                             "Second <item>"]
    assert strip_markup('<ul style="x"><li>a < b</li></ul> and c > d') == "a < b and c > d"


def test_control_characters_removed_with_a_warning_naming_file_and_line(tmp_path):
    path = tmp_path / "plan.csv"
    _csv(path, [HEADER, ["Reduce exclusions", "Train staff", "\x1b[31mMark Smith\x1b[0m\x08"],
                ["Travel training", "Map routes\x07", "Ann Lee"]])
    result = ingest_file(path, NameIndex())
    assert result.draft.warnings == ["plan.csv:2: control characters removed (3)",
                                     "plan.csv:3: control characters removed (1)"]
    labels = {e["label"] for e in result.draft.entities_yaml()}
    assert {"Mark Smith", "Map routes"} <= labels
    assert not any(ch in str(result.draft.entities_yaml()) for ch in "\x1b\x08\x07")
