"""prepare() decides table or report by content in every format a report comes in: a Word, PDF
or old .doc file without a task table is a report (its paragraphs), not a "no table" error —
what `govtasks index` and `govtasks batch` both rely on."""

import shutil
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.index.document import prepare
from pipeline.readers.legacy import convert_with_soffice
from tests_builders import make_docx, simple_rows

REPORT_DOCX = Path(__file__).parents[1] / "data" / "readers" / "inputs" / "report.docx"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")


def test_a_word_report_is_a_report_and_a_word_table_a_table(tmp_path):
    report = prepare(REPORT_DOCX)
    assert report.kind == "report" and report.report is not None and len(report.records) >= 3
    table = prepare(make_docx(tmp_path / "t.docx", simple_rows()))
    assert (table.kind, table.doc_id) == ("table", "ceshi_2026") and len(table.records) == len(table.tasks) > 0


@needs_soffice
def test_pdf_and_old_word_reports_are_reports(tmp_path):
    pdf = convert_with_soffice(REPORT_DOCX, "pdf", tmp_path, REPORT_DOCX.name)
    odt = convert_with_soffice(REPORT_DOCX, "odt", tmp_path / "odt", REPORT_DOCX.name)
    doc = convert_with_soffice(odt, "doc", tmp_path, odt.name)  # via .odt, as a .doc from Word would be
    from_docx = [r["text"] for r in prepare(REPORT_DOCX).records]
    got_doc = prepare(doc)
    assert got_doc.kind == "report" and [r["text"] for r in got_doc.records] == from_docx
    got_pdf = prepare(pdf)
    assert got_pdf.kind == "report" and got_pdf.report.paragraphs[0].page == 1
    assert "".join(r["text"] for r in got_pdf.records).replace(" ", "") == "".join(from_docx).replace(" ", "")


def test_a_spreadsheet_without_a_table_is_still_an_error(tmp_path):
    from openpyxl import Workbook  # heavy: only this test writes a workbook

    wb = Workbook()
    wb.active["A1"] = "会议纪要"
    wb.save(tmp_path / "notes.xlsx")
    with pytest.raises(InputError) as err:
        prepare(tmp_path / "notes.xlsx")
    assert "notes.xlsx" in str(err.value)
