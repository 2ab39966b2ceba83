"""Excel layout "annex_merged": the formal 附件 sheet. 附件 line, a title merged across the table,
a spacer row, a two-row header (目标名称 over 一级/二级目标, 责任分工 over 分管区领导/牵头单位/责任单位),
goal cells merged vertically over their rows, names one per line (Alt+Enter), extra columns 完成时限
and 备注, a 注 line under the table, frozen header, print titles."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.evaluate.layouts.excel_cells import (
    ALL_THIN, close_row, district_year, page_setup, put_value, row_values, set_widths,
)
from pipeline.evaluate.layouts.excel_columns import block_range, placed_columns
from pipeline.evaluate.layouts.gold_table import goal_blocks

LINES = dict.fromkeys(("leaders", "lead_units", "responsible_units"), "\n")  # one name per line (Alt+Enter)


def build_annex_merged(gold, wb: Workbook) -> None:
    district, year = district_year(gold)
    tasks, levels, cols, keys, col = placed_columns(gold, "annex_merged")
    ncol = len(cols)
    last = get_column_letter(ncol)

    ws = wb.active
    ws.title = "分解表"
    body_font = Font(name="仿宋_GB2312", size=12)
    head_font = Font(name="黑体", size=12)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    ws["A1"] = "附件"
    ws["A1"].font = Font(name="黑体", size=14)
    ws["A1"].alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[1].height = 22

    ws["A2"] = f"{district}{year}年《政府工作报告》目标任务分解表"
    ws["A2"].font = Font(name="方正小标宋简体", size=20)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 42
    ws.row_dimensions[3].height = 9  # spacer

    # two-row header (rows 4-5)
    h1, h2 = 4, 5
    group = [k for k in ("leaders", "lead_units", "responsible_units") if k in col]
    for k, label, _ in cols:
        c = col[k]
        if k in group:
            ws.cell(h2, c, label)
        elif k == "goal0" and levels == 2:
            ws.cell(h1, c, "目标名称")
            ws.cell(h2, c, label)
        elif k == "goal1":
            ws.cell(h2, c, label)
        else:
            ws.cell(h1, c, label)
    ws.cell(h1, col[group[0]], "责任分工")
    for r in (h1, h2):
        for c in range(1, ncol + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border = head_font, center, ALL_THIN
        ws.row_dimensions[r].height = 22
    for k in keys:
        if k in group or (levels == 2 and k in ("goal0", "goal1")):
            continue
        ws.merge_cells(start_row=h1, start_column=col[k], end_row=h2, end_column=col[k])
    ws.merge_cells(start_row=h1, start_column=col[group[0]], end_row=h1, end_column=col[group[-1]])
    if levels == 2:
        ws.merge_cells(start_row=h1, start_column=col["goal0"], end_row=h1, end_column=col["goal1"])

    # body
    top = h2 + 1
    widths = {k: w for k, _, w in cols}
    for i, t in enumerate(tasks):
        r = top + i
        values = {**row_values(t, i, numbered=True, seps=LINES), "deadline": f"{year}年12月底前", "remark": None}
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font, cell.border = body_font, ALL_THIN
            cell.alignment = left if k == "content" else center
            lines = max(lines, put_value(cell, values.get(k), widths[k], 12))
        close_row(ws, r, col["number"], values["number"], max(30, 16.5 * lines + 6))

    for blk in goal_blocks(tasks, levels):
        r0, r1, c0, c1 = block_range(blk, col, top)
        ws.cell(r0, c0).value = blk["label"]
        if r1 > r0 or c1 > c0:
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    end = top + len(tasks) - 1
    note = end + 1
    ws.cell(note, 1, "注：牵头单位有多个的，排在首位的为主牵头单位，负责统筹推进和汇总报送工作进展。")
    ws.cell(note, 1).font = Font(name="仿宋_GB2312", size=11)
    ws.cell(note, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=ncol)
    ws.row_dimensions[note].height = 24

    set_widths(ws, 1, [w for _, _, w in cols])
    ws.freeze_panes = ws.cell(top, 1)
    page_setup(ws, landscape=True, title_rows=f"{h1}:{h2}")
    ws.print_area = f"A1:{last}{note}"
