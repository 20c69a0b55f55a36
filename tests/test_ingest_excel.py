"""Excel: each worksheet its own table, cells named as Excel names them, formulas with no
saved value a warning, dates as dates, merged cells filling their rows, title rows as the
document title, and line numbers that never repeat between sheets."""

from __future__ import annotations

import datetime as dt

from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file, plan_title
from sendkg.ingest.plan_tables import table_rows
from sendkg.loaders.rows import read_rows


def write_workbook(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet["A1"] = "Example SEND Action Plan 2021-2022"
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["Objective", "Key actions", "Lead officer", "Target date", "RAG"])
    sheet.append(["Travel training", "Map routes", "Mark Smith", dt.datetime(2021, 9, 30), "G"])
    sheet.append([None, "Train staff", "=Glossary!B9", None, "A"])  # no saved value
    sheet.merge_cells("A4:A5")
    sheet.append(["Short breaks", "Audit provision", "Ann Lee", 44561, "R"])
    sheet["D6"].number_format = "dd/mm/yyyy"  # a date stored as a serial number
    glossary = book.create_sheet("Glossary")
    glossary.append(["Term", "Meaning"])
    glossary.append(["DCO", "Designated Clinical Officer"])
    glossary.append(["SEND", "Special educational needs and disabilities"])
    book.save(str(path))
    return path


def test_rows_cells_and_sources(tmp_path):
    rows = read_rows(write_workbook(tmp_path / "plan.xlsx"))
    assert [(str(r.where), r.where.line, r.prose, r.cells) for r in rows] == [
        ("plan.xlsx!Actions!A1", 1, True, ("Example SEND Action Plan 2021-2022",)),
        ("plan.xlsx!Actions!A2", 2, False, ("", "", "", "", "")),
        ("plan.xlsx!Actions!A3", 3, False, ("Objective", "Key actions", "Lead officer",
                                            "Target date", "RAG")),
        ("plan.xlsx!Actions!A4", 4, False, ("Travel training", "Map routes", "Mark Smith",
                                            "2021-09-30", "G")),
        ("plan.xlsx!Actions!A5", 5, False, ("Travel training", "Train staff", "", "", "A")),
        ("plan.xlsx!Actions!A6", 6, False, ("Short breaks", "Audit provision", "Ann Lee",
                                            "2021-12-31", "R")),
        ("plan.xlsx!Glossary!A1", 7, False, ("Term", "Meaning")),
        ("plan.xlsx!Glossary!A2", 8, False, ("DCO", "Designated Clinical Officer")),
        ("plan.xlsx!Glossary!A3", 9, False, ("SEND", "Special educational needs and "
                                                     "disabilities")),
    ]
    assert rows[4].notes == ("plan.xlsx!Actions!C5: formula =Glossary!B9 has no saved value "
                             "(open and save the workbook in Excel to store it)",)
    assert rows[3].where.as_dict() == {"document": "plan.xlsx", "line": 4,
                                       "table": "sheet Actions", "row": 4,
                                       "cell": "Actions!A4"}


def test_each_sheet_is_its_own_table(tmp_path):
    rows = read_rows(write_workbook(tmp_path / "plan.xlsx"))
    found = list(table_rows(rows))
    assert [(r.where.line, r.get("objective"), r.get("actions"), r.get("officers"),
             r.get("timescale"), r.get("status")) for r in found] == [
        (4, ["Travel training"], ["Map routes"], ["Mark Smith"], ["2021-09-30"], ["G"]),
        (5, ["Travel training"], ["Train staff"], [], [], ["A"]),
        (6, ["Short breaks"], ["Audit provision"], ["Ann Lee"], ["2021-12-31"], ["R"]),
    ]  # the glossary's rows are not read as more plan rows


def test_title_and_formula_warning_reach_the_draft(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx")
    assert plan_title(read_rows(path)) == ("Example SEND Action Plan 2021-2022", 1)
    result = ingest_file(path, NameIndex())
    assert result.document["title"] == "Example SEND Action Plan 2021-2022"
    assert result.draft.warnings[0].startswith("plan.xlsx!Actions!C5: formula =Glossary!B9")
    lines = [r["source"]["line"] for r in result.results if r["kind"] == "table row"]
    assert lines == [4, 5, 6] and len(set(lines)) == len(lines)
    cells = [r["source"]["cell"] for r in result.results if r["kind"] == "table row"]
    assert cells == ["Actions!A4", "Actions!A5", "Actions!A6"]


def test_sheet_names_with_spaces_are_quoted_as_excel_quotes_them(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Action plan"
    book.active.append(["", "Action", "Lead"])
    book.save(str(tmp_path / "plan.xlsx"))
    assert str(read_rows(tmp_path / "plan.xlsx")[0].where) == "plan.xlsx!'Action plan'!B1"


def test_formula_with_a_saved_value_reads_that_value(tmp_path):
    """As Excel saves it: the formula and its last value (<v>) side by side."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Actions"
    book.active.append(["Objective", "Lead officer"])
    book.active.append(["Travel training", "=Glossary!B2"])
    written = tmp_path / "written.xlsx"
    book.save(str(written))
    saved = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B2"><f>Glossary!B2</f><v></v></c>',
                                    b'<c r="B2" t="str"><f>Glossary!B2</f><v>Ann Lee</v></c>')
            target.writestr(item, data)
    rows = read_rows(saved)
    assert rows[1].cells == ("Travel training", "Ann Lee") and rows[1].notes == ()
    assert [r.get("officers") for r in table_rows(rows)] == [["Ann Lee"]]
