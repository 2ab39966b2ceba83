"""Excel layout "ledger_filter": a 督查台账. A 填报说明 sheet first, then the table starting at B2
(title, a 制表单位 line, one header row with an AutoFilter), goal labels repeated on every row (no
vertical merges), columns in another order (牵头部门 before 责任领导) under other names (任务内容,
配合单位), names inline (、; a unit column where some name itself contains 、 uses ， throughout),
extra columns 进展情况 and 备注."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.evaluate.layouts.excel_cells import (
    ALL_THIN, close_row, district_year, page_setup, put_value, row_values, set_widths,
)
from pipeline.evaluate.layouts.excel_columns import placed_columns
from pipeline.evaluate.layouts.gold_table import goal_at


def build_ledger_filter(gold, wb: Workbook) -> None:
    district, year = district_year(gold)
    c0 = 2  # the table starts in column B
    tasks, levels, cols, keys, col = placed_columns(gold, "ledger_filter", first_col=c0)
    cl, cr = c0, c0 + len(cols) - 1
    L, R = get_column_letter(cl), get_column_letter(cr)

    notes = wb.active
    notes.title = "填报说明"
    notes["A1"] = "填报说明"
    notes["A1"].font = Font(name="黑体", size=14)
    lines = [
        f"1. 本台账依据{district}{year}年《政府工作报告》目标任务分解表整理，一项任务一行，请勿合并单元格、增删行列。",
        "2. 牵头部门有多个的，排在首位的为主牵头部门；责任领导为区政府分管领导。",
        "3. 请各牵头部门于每月5日前在「任务台账」表「进展情况」列更新上月工作进展，字数控制在100字以内。",
        "4. 需调整责任分工的，请在「备注」列注明理由，并报区政府督查室。",
        "5. 联系人：区政府督查室，联系电话：（略）。",
    ]
    for i, text in enumerate(lines, start=3):
        notes.cell(i, 1, text).font = Font(name="仿宋", size=12)
        notes.cell(i, 1).alignment = Alignment(wrap_text=True, vertical="center")
        notes.row_dimensions[i].height = 33
    notes.column_dimensions["A"].width = 100

    ws = wb.create_sheet("任务台账")
    body_font = Font(name="仿宋", size=11)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    ws.cell(2, cl, f"{district}{year}年《政府工作报告》目标任务推进台账")
    ws.cell(2, cl).font = Font(name="宋体", size=16, bold=True)
    ws.cell(2, cl).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"{L}2:{R}2")
    ws.row_dimensions[2].height = 32
    ws.cell(3, cl, f"制表单位：区政府督查室　　　　制表时间：{year}年2月")
    ws.cell(3, cl).font = Font(name="仿宋", size=11)
    ws.cell(3, cl).alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"{L}3:{R}3")

    hdr = 4
    fill = PatternFill("solid", fgColor="DDEBF7")
    for k, label, _ in cols:
        cell = ws.cell(hdr, col[k], label)
        cell.font = Font(name="黑体", size=11)
        cell.alignment, cell.border, cell.fill = center, ALL_THIN, fill
    ws.row_dimensions[hdr].height = 24

    # names inline: 、 between names, but a unit column in which some name itself contains 、
    # (各镇、开发区、街道) uses ， between names throughout, so a lone collective name stays one name
    def unit_sep(field: str) -> str:
        return "，" if any("、" in n for t in tasks for n in getattr(t, field)) else "、"

    seps = {"leaders": "、", **{f: unit_sep(f) for f in ("lead_units", "responsible_units")}}
    top = hdr + 1
    widths = {k: w for k, _, w in cols}
    for i, t in enumerate(tasks):
        r = top + i
        values = {**row_values(t, i, numbered=True, seps=seps), "goal0": goal_at(t, 0), "goal1": goal_at(t, 1)}
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font, cell.border = body_font, ALL_THIN
            cell.alignment = left if k in ("content", "progress") else center
            lines = max(lines, put_value(cell, values.get(k), widths[k], 11))
        # a one-level goal in a two-level table: its label spans both goal columns of the row
        if levels == 2 and len(t.goal_path) < 2:
            ws.merge_cells(start_row=r, start_column=col["goal0"], end_row=r, end_column=col["goal1"])
        close_row(ws, r, col["number"], values["number"], max(20, 15 * lines + 5))

    end = top + len(tasks) - 1
    set_widths(ws, 1, [2.5] + [w for _, _, w in cols])
    ws.auto_filter.ref = f"{L}{hdr}:{R}{end}"
    ws.freeze_panes = ws.cell(top, col["content"])
    page_setup(ws, landscape=True, title_rows=f"{hdr}:{hdr}")
    ws.print_area = f"{L}2:{R}{end}"
