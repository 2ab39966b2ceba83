"""The seed tables written as .docx (merged cells), .xlsx (merged ranges) and .pdf (from the
docx via LibreOffice) must give the same rows: >= 99% field exact match (issue #2)."""

import shutil

import pytest

from pipeline.evaluate.extraction import FIELDS, score
from pipeline.evaluate.formats import build_fixtures
from pipeline.evaluate.gold import all_gold
from pipeline.extract import extract

GOLD = {g.doc_id: g for g in all_gold()}
NO_SOURCE = tuple(f for f in FIELDS if f != "source")


@pytest.mark.parametrize("doc_id", sorted(GOLD))
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_formats(tmp_path, doc_id, fmt):
    gold = GOLD[doc_id]
    path = build_fixtures(gold, tmp_path, (fmt,))[fmt]
    result = extract(path)
    s = score(gold, result.tasks, label=fmt, fields=NO_SOURCE)
    assert s.predicted_rows == s.gold_rows
    assert s.field_exact >= 0.99, s.mismatches
    assert result.meta.doc_id == doc_id  # district and year read from the title this time


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
@pytest.mark.parametrize("doc_id", sorted(GOLD))
def test_pdf_from_docx(tmp_path, doc_id):
    gold = GOLD[doc_id]
    path = build_fixtures(gold, tmp_path, ("pdf",))["pdf"]
    tasks = extract(path).tasks
    assert tasks[0].source.page == 1
    s = score(gold, tasks, label="pdf", fields=NO_SOURCE)
    assert s.predicted_rows == s.gold_rows  # rows split by page breaks joined again
    assert s.field_exact >= 0.99, s.mismatches
