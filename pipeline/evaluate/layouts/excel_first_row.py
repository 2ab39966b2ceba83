"""Excel layout "first_row_only": a sheet whose merges were undone (or never made). Title centred
across the columns (not merged), a 填报说明 line, one header row with line breaks in the headers,
each goal label only on the first row of its group with the rest blank and NOT merged; the group is
drawn as one box by its borders. Names separated by spaces. Default sheet name Sheet1, plus a 汇总
sheet after it."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter

from pipeline.evaluate.layouts.excel_cells import (
    ALL_THIN, NONE, THIN, close_row, district_year, page_setup, put_value, row_values, set_widths,
)
from pipeline.evaluate.layouts.excel_columns import block_range, placed_columns
from pipeline.evaluate.layouts.gold_table import goal_blocks

SPACES = dict.fromkeys(("leaders", "lead_units", "responsible_units"), " ")  # the 钟楼 original style


def build_first_row_only(gold, wb: Workbook) -> None:
    district, year = district_year(gold)
    tasks, levels, cols, keys, col = placed_columns(gold, "first_row_only")
    ncol = len(cols)

    ws = wb.active
    ws.title = "Sheet1"
    body_font = Font(name="宋体", size=10.5)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    goal_align = Alignment(horizontal="center", vertical="top", wrap_text=True)

    # title centred across the columns ("跨列居中"), not merged
    ws.cell(1, 1, f"{year}年《政府工作报告》目标任务责任分解表（{district}）")
    for c in range(1, ncol + 1):
        ws.cell(1, c).alignment = Alignment(horizontal="centerContinuous", vertical="center")
    ws.cell(1, 1).font = Font(name="宋体", size=18, bold=True)
    ws.row_dimensions[1].height = 36
    ws.cell(2, 1, "填报说明：请各牵头单位于每季度末月25日前报送工作进展，区政府办汇总后报区政府主要领导。")
    ws.cell(2, 1).font = Font(name="宋体", size=10.5)
    ws.row_dimensions[2].height = 18

    hdr = 3
    for k, label, _ in cols:
        cell = ws.cell(hdr, col[k], label)
        cell.font = Font(name="宋体", size=11, bold=True)
        cell.alignment, cell.border = center, ALL_THIN
    ws.row_dimensions[hdr].height = 32

    top = hdr + 1
    widths = {k: w for k, _, w in cols}
    goal_keys = {"goal0", "goal1"}
    for i, t in enumerate(tasks):
        r = top + i
        values = row_values(t, i, numbered=False, seps=SPACES)
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font = body_font
            if k in goal_keys:
                cell.alignment = goal_align
                continue  # values and borders below, per goal group
            cell.border = ALL_THIN
            cell.alignment = left if k == "content" else center
            lines = max(lines, put_value(cell, values.get(k), widths[k], 10.5))
        close_row(ws, r, col["number"], values["number"], max(18, 14 * lines + 4))

    # each goal group: its label on the first row only, no merge; drawn as one box by its borders
    for blk in goal_blocks(tasks, levels):
        ra, rb, ca, cb = block_range(blk, col, top)
        if blk["label"] is not None:
            ws.cell(ra, ca).value = blk["label"]
        for r in range(ra, rb + 1):
            for c in range(ca, cb + 1):
                ws.cell(r, c).border = Border(
                    left=THIN if c == ca else NONE,
                    right=THIN if c == cb else NONE,
                    top=THIN if r == ra else NONE,
                    bottom=THIN if r == rb else NONE,
                )

    end = top + len(tasks) - 1
    set_widths(ws, 1, [w for _, _, w in cols])
    page_setup(ws, landscape=False, title_rows=f"{hdr}:{hdr}")
    ws.print_area = f"A1:{get_column_letter(ncol)}{end}"

    # 汇总 after the table: tasks per 分管领导, in order of first appearance
    summ = wb.create_sheet("汇总")
    summ["A1"] = "分管区领导任务数汇总"
    summ["A1"].font = Font(name="宋体", size=14, bold=True)
    summ["A2"], summ["B2"] = "分管区领导", "任务数（项）"
    counts: dict[str, int] = {}
    for t in tasks:
        for name in t.leaders:
            counts[name] = counts.get(name, 0) + 1
    for j, (name, n) in enumerate(counts.items(), start=3):
        summ.cell(j, 1, name)
        summ.cell(j, 2, n)
    summ.cell(3 + len(counts), 1, "合计（任务条数）")
    summ.cell(3 + len(counts), 2, len(tasks))
    for row in summ.iter_rows(min_row=2, max_row=3 + len(counts), max_col=2):
        for cell in row:
            cell.border = ALL_THIN
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.font = Font(name="宋体", size=11, bold=cell.row == 2)
    summ.column_dimensions["A"].width = 18
    summ.column_dimensions["B"].width = 14
