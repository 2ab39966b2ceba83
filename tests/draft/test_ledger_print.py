"""The ledger and the summary workbook as a unit's staff print and use them: 宋体 五号 (not
Calibri), a width that prints at ≥ 9 pt on A4 landscape, a page-number footer, the header row on
every page, a 完成率 formula that agrees with the import's rules, numbers stored as numbers."""

import re

import pytest
from conftest import WUJIN
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.draft import DraftRequest, draft
from pipeline.draft.ledger import COL, HEADER_ROW, HEADERS, SHEET
from pipeline.draft.progress import target_kind
from pipeline.extract import extract
from pipeline.export.sheet import as_number

DOCS = {"wujin_2026": {"district": "武进区"}}
A4_LANDSCAPE_PRINTABLE_PT = (29.7 / 2.54 - 2 * 0.4) * 72  # the ledger's 0.4 in side margins
EXCEL_UNIT_PT = 7 * 0.75  # Excel draws one character unit of the default font as 7 px = 5.25 pt


@pytest.fixture(scope="module")
def wujin():
    return extract(WUJIN).tasks


def _ledger(wujin, tmp_path, period="2026Q1"):
    out = tmp_path / f"ledger_{period}.xlsx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], district="武进区", period=period, fmt="xlsx", out=out))
    return load_workbook(out)[SHEET]


def _visible_width(ws):
    return sum(d.width for k, d in ws.column_dimensions.items() if not d.hidden)


def test_ledger_prints_in_songti_at_a_readable_size(wujin, tmp_path):
    ws = _ledger(wujin, tmp_path)
    fonts = {(c.font.name, c.font.sz) for row in ws.iter_rows(min_row=HEADER_ROW) for c in row if c.value is not None}
    assert fonts == {("宋体", 10.5)}
    # one page wide, as many long as needed: the scale is printable width / sheet width, and the
    # 10.5 pt body must not shrink below 9 pt
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    scale = min(1.0, A4_LANDSCAPE_PRINTABLE_PT / (_visible_width(ws) * EXCEL_UNIT_PT))
    assert 10.5 * scale >= 9.0, (_visible_width(ws), scale)
    assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_task_key_is_hidden_and_the_number_shown_is_the_tables(wujin, tmp_path):
    ws = _ledger(wujin, tmp_path)
    assert ws.column_dimensions[get_column_letter(COL["key"])].hidden
    numbers = [ws.cell(r, COL["no"]).value for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, COL["no"]).value is not None]
    assert numbers and all(isinstance(n, int) for n in numbers)  # no "wujin_2026#10" wrapping in a narrow column


def _rows_by_kind(ws, wujin):
    """(row, target, kind) for every ledger row that carries a numeric target."""
    by_text = {tg.text: tg for t in wujin for tg in t.targets if tg.value is not None}
    out = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        tg = by_text.get(ws.cell(r, COL["target"]).value)
        if tg is not None:
            out.append((r, tg, target_kind(tg)))
    return out


def test_rate_column_is_a_formula_over_the_same_rows_achieved_value(wujin, tmp_path):
    ws = _ledger(wujin, tmp_path, "2026Q1")
    assert HEADERS[COL["rate"] - 1] == "完成率" and COL["rate"] == COL["achieved"] + 1
    rows = _rows_by_kind(ws, wujin)
    kinds = {k for _, _, k in rows}
    assert {"quantity", "rate"} <= kinds
    k = get_column_letter(COL["achieved"])
    for r, tg, kind in rows:
        cell = ws.cell(r, COL["rate"])
        if kind == "quantity":
            goal = tg.value[0] if isinstance(tg.value, list) else tg.value
            m = re.fullmatch(rf'=IF\(ISNUMBER\({k}{r}\),{k}{r}/([\d.]+),""\)', str(cell.value))
            assert m and float(m.group(1)) == float(goal), (r, cell.value)
            assert cell.number_format == "0.0%"
        else:  # a growth rate or a cap in Q1 says nothing about a share done
            assert cell.value == "—", (r, kind, cell.value)
        assert cell.protection.locked


def test_rates_and_caps_get_their_formula_at_the_years_end(wujin, tmp_path):
    ws = _ledger(wujin, tmp_path, "2026")
    k = get_column_letter(COL["achieved"])
    for r, _tg, kind in _rows_by_kind(ws, wujin):
        value = str(ws.cell(r, COL["rate"]).value)
        assert value.startswith(f"=IF(ISNUMBER({k}{r})"), (r, kind, value)


def test_summary_workbook_stores_numbers_as_numbers(wujin, tmp_path):
    out = tmp_path / "s.xlsx"
    draft(wujin, DOCS, DraftRequest(unit=["商务局"], district="武进区", fmt="xlsx", out=out))
    wb = load_workbook(out)
    ws = wb["量化指标"]
    header = [c.value for c in ws[2]]
    col = header.index("目标值")
    values = [row[col].value for row in ws.iter_rows(min_row=3) if row[0].value]
    assert values and all(isinstance(v, (int, float)) or "、" in str(v) or "-" in str(v) for v in values)
    assert any(isinstance(v, (int, float)) for v in values)
    rows = wb[wb.sheetnames[1]]
    assert all(isinstance(r[0].value, int) for r in rows.iter_rows(min_row=4) if r[0].value is not None)
    widths = [d.width for d in rows.column_dimensions.values()]
    assert sum(widths) <= 115  # one page wide at 10.5 pt: nothing clipped, the 出处 column included
    assert "&P" in rows.oddFooter.center.text


@pytest.mark.parametrize("text, expected", [("35", 35), ("10.5", 10.5), ("-3", -3), ("0.25", 0.25),
                                            ("007", "007"), ("1234567890123456", "1234567890123456"),
                                            ("35个", "35个"), ("", ""), (12, 12)])
def test_as_number_keeps_codes_and_words_as_text(text, expected):
    got = as_number(text)
    assert got == expected and type(got) is type(expected)
