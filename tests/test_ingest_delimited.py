"""CSV and plain text: delimiters that survive quoted commas, byte order marks, CRLF,
the encodings Excel and Word save text in, and a clear error for binary files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendkg.errors import LoaderError
from sendkg.ingest.plan_tables import table_rows
from sendkg.loaders.rows import read_rows

REFERENCE = Path(__file__).parent / "fixtures" / "ingest" / "registry"

HEADER = ["Objective", "Key actions", "Lead officer", "Timescale"]
ROWS = [["Travel training", "Map routes, train staff, review", "Mark Smith", "May 2017"],
        ["Short breaks", "Audit provision; report", "Ann Lee", "June 2017"]]
EXPECTED = [("Travel training", "Map routes, train staff, review", "Mark Smith", "May 2017"),
            ("Short breaks", "Audit provision; report", "Ann Lee", "June 2017")]


def _quoted(cells, delimiter):
    return delimiter.join(f'"{c}"' if ("," in c or ";" in c or delimiter in c) else c
                          for c in cells)


def _table(delimiter: str, newline: str = "\n") -> str:
    return newline.join(_quoted(r, delimiter) for r in [HEADER, *ROWS]) + newline


def _data_rows(path):
    rows = read_rows(path)
    return [r.cells for r in rows[1:]], [r.where.line for r in rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_survives_quoted_commas_and_semicolons(tmp_path, delimiter):
    path = tmp_path / "plan.csv"
    path.write_text(_table(delimiter), encoding="utf-8")
    cells, lines = _data_rows(path)
    assert cells == EXPECTED and lines == [1, 2, 3]
    assert [r.get("actions") for r in table_rows(read_rows(path))] == [
        ["Map routes, train staff, review"], ["Audit provision; report"]]


def test_semicolon_file_with_a_quoted_comma_phrase_is_not_read_as_commas(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text('Objective;Key actions;Lead\n'
                    'Inclusion;"Reduce exclusions, improve attendance, and report";Ann Lee\n',
                    encoding="utf-8")
    rows = read_rows(path)
    assert rows[1].cells == ("Inclusion", "Reduce exclusions, improve attendance, and report",
                             "Ann Lee")
    assert len(list(table_rows(rows))) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings_excel_and_word_save_text_in(tmp_path, encoding):
    rows = [HEADER, ["Café provision – review", "Map “routes”", "Zoë Brontë", "£5k by 2018"]]
    for suffix, text in ((".csv", "\r\n".join(",".join(r) for r in rows) + "\r\n"),
                         (".txt", "\r\n".join("\t".join(r) for r in rows) + "\r\n")):
        path = tmp_path / f"plan-{encoding}{suffix}"
        path.write_bytes(text.encode(encoding))
        found = read_rows(path)
        assert [r.cells for r in found] == [tuple(HEADER), tuple(rows[1])], (suffix, encoding)
        assert found[0].cells[0] == "Objective"  # no byte order mark left in the first cell
        assert [r.where.line for r in found] == [1, 2]


def test_crlf_inside_a_quoted_cell_is_one_new_line(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(b'Objective,Key actions,Lead\r\nInclusion,"Train staff\r\nAudit",Ann Lee\r\n'
                     b'Travel,Map,Mark Smith\r\n')
    rows = read_rows(path)
    assert rows[1].cells[1] == "Train staff\nAudit"
    assert [r.where.line for r in rows] == [1, 2, 4]


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_binary_file_is_one_clear_error_with_file_and_line(tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)))
    with pytest.raises(LoaderError) as caught:
        read_rows(path)
    assert caught.value.path.endswith(f"plan{suffix}") and caught.value.line == 1
    assert "binary data" in caught.value.message


def test_binary_csv_through_the_cli_exits_2_with_one_line(cli, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    result = cli("ingest", path, "--data", REFERENCE)
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}:3: binary data where text was expected"]
    assert "Traceback" not in result.err + result.out
