"""Key/value tables about the plan ("Accountable officers | A and B", "Date approved | …")
become the plan's properties and responsible parties."""

from __future__ import annotations

from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import ingest_file
from sendkg.ingest.plan_properties import property_of

KEY_VALUES = [("Accountable officers", "Mark Smith and Ann Lee"),
              ("Date approved", "12 March 2018"), ("Plan period", "2018-2021"),
              ("Version", "1.2"), ("Purpose", "To set out our joint priorities")]


def write_docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Example SEND Joint Commissioning Plan 2018-2021")
    facts = document.add_table(rows=0, cols=2)
    for key, value in KEY_VALUES:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = key, value
    document.add_paragraph("Our plan")
    plan = document.add_table(rows=0, cols=3)
    for values in [("Objective", "Key actions", "Lead officer"),
                   ("Travel training", "Map routes", "Kim Lawther")]:
        for cell, value in zip(plan.add_row().cells, values):
            cell.text = value
    document.save(str(path))
    return path


def test_key_value_rows_become_plan_properties_and_responsible_parties(tmp_path):
    result = ingest_file(write_docx(tmp_path / "plan.docx"), NameIndex())
    plan_id = result.results[0]["id"]
    plan = next(e for e in result.draft.entities_yaml() if e["id"] == plan_id)
    assert (plan["date"], plan["period"], plan["note"]) == ("12 March 2018", "2018-2021",
                                                            "Version: 1.2")
    responsible = {(s, result.draft.entities[o].label, e.get("role"))
                   for (s, p, o), e in result.draft.relations.items() if p == "responsible"}
    assert {(s, label, role) for s, label, role in responsible if s == plan_id} == {
        (plan_id, "Mark Smith", "co-lead"), (plan_id, "Ann Lee", "co-lead")}
    properties = [(r["property"], r["key"], r["value"], r["source"]["line"])
                  for r in result.results if r["kind"] == "plan property"]
    assert properties == [("officers", "Accountable officers", "Mark Smith and Ann Lee", 2),
                          ("date", "Date approved", "12 March 2018", 3),
                          ("period", "Plan period", "2018-2021", 4),
                          ("note", "Version", "1.2", 5)]
    assert [r["label"] for r in result.results if r["kind"] == "table row"] == [
        "Travel training"]
    assert result.draft.warnings == []  # the key/value table is read, not "not read"


def test_keys_are_data_and_match_whole_cells():
    assert [property_of(k) for k in ("Responsible Officer(s):", "Senior Responsible Owner",
                                     "Approval date", "Next review", "Objective",
                                     "Lead officer for travel training")] == [
        "officers", "officers", "date", "note", None, None]
