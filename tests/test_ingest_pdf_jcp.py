"""The SEND joint commissioning plan's action tables, rebuilt from the seed text as a Word
document and turned into a PDF by LibreOffice, give the same (objective, legislation) and
(objective, officer) pairs as the seed text itself (scripts/ingest_eval.py --pdf)."""

from __future__ import annotations

import shutil

import pytest

from test_ingest_seeds import JCP, eval_module


@pytest.fixture(scope="module")
def jcp_pdf(tmp_path_factory):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    module = eval_module()
    if not (module.SEEDS / JCP).is_file():
        pytest.skip(f"seed {JCP} not found at {module.SEEDS}")
    folder = tmp_path_factory.mktemp("jcp")
    docx = module.seed_docx(module.SEEDS / JCP, (296, 336), folder / "jcp.docx")
    return module.docx_to_pdf(docx, folder)


def test_the_docx_holds_the_seed_tables(jcp_pdf):
    import docx

    document = docx.Document(str(jcp_pdf.with_suffix(".docx")))
    assert len(document.tables) == 12
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells][:2] == [
        "Objective", "Underpinning Legislation, guidance, local drivers"]
    assert [p.text for p in first.rows[1].cells[1].paragraphs] == [
        "Children and Families Act 2014", "SEND Code of Practice 2014"]


def test_pdf_pairs_equal_the_text_pairs(jcp_pdf):
    module = eval_module()
    index, _ = module.reference_index(registry_only=True)
    text, found = module.text_and_pdf_pairs(jcp_pdf, module.SEEDS / JCP, index)
    assert len({p for p in text if p[0] == "legislation"}) == 26
    assert len({p for p in text if p[0] == "officers"}) == 66
    assert sorted(text - found) == []
    # One known difference: a PDF keeps no paragraph marks, and in the officers cell "Gill
    # O'Neil Public Health L/A" runs on into "Suzanne Lamb ..." where its line was full, so
    # "L/A" is read as the council beside its public health unit.
    assert sorted(found - text) == [
        ("officers", "review maternity and early years pathways to improve identification "
                     "and response", "durham county council")]


def test_pdf_rows_cite_page_and_row(jcp_pdf):
    from sendkg.loaders.rows import read_rows

    rows = read_rows(jcp_pdf)
    assert str(rows[0].where) == "jcp.pdf p.1 line 1"
    assert rows[0].cells == ("County Durham Joint Commissioning Plan 2017-2018",)
    assert str(rows[1].where) == "jcp.pdf p.1 row 1" and rows[1].cells[0] == "Objective"
    officers = rows[2].cells[4].split("\n")
    assert officers[0].startswith("Lindsey Dunn L/A")
    assert "Claire Garner-Harris (NECs) ND & DDES CCGs" in rows[2].cells[4].replace("\n", " ")


def test_eval_script_reports_the_share_and_missing_paths(jcp_pdf, capsys):
    module = eval_module()
    assert module.main(["--registry-only", "--pdf", str(jcp_pdf)]) == 0
    out = capsys.readouterr().out
    assert "(objective, legislation)     26         26   1.000      0" in out
    with pytest.raises(SystemExit) as stopped:
        module.main(["--pdf", str(jcp_pdf.with_name("missing.pdf"))])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == f"error: PDF not found: {jcp_pdf.with_name('missing.pdf')}\n"


def test_unruled_tables_read_by_alignment_recover_every_pair(jcp_pdf, tmp_path):
    """The same tables without ruling lines: every pair is recovered. The extras (the
    seed's continuation table at line 318 merges into its header, a header read as a data
    row) are counted so that a change shows. (`jcp_pdf` only brings its skip reasons.)"""
    module = eval_module()
    docx = module.seed_docx(module.SEEDS / JCP, (296, 336), tmp_path / "jcp.docx", ruled=False)
    pdf = module.docx_to_pdf(docx, tmp_path)
    index, _ = module.reference_index(registry_only=True)
    text, found = module.text_and_pdf_pairs(pdf, module.SEEDS / JCP, index)
    assert sorted(text - found) == []
    extra = found - text
    assert len({p for p in extra if p[0] == "legislation"}) == 3
    assert {p[1] for p in extra} <= {"objective", "understand the health and send needs of "
                                                  "young people who offend",
                                     "review maternity and early years pathways to improve "
                                     "identification and response"}
