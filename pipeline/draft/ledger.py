"""The progress ledger (推进台账): the .xlsx staff fill in each period (reading a filled one back
is ledger_import.py).

Sheet 台账 has one row per numeric target (a task without numbers has one row); the task's
columns are merged over its rows. Staff fill 实际完成值 per target and 进展情况 / 存在问题 /
下一步打算 / 自评状态 per task; every other cell is locked (sheet protection without password,
so a typo in the task text is not silently imported). A hidden sheet _govtasks keeps the
period and the task rows themselves, so importing needs neither the index nor the table.

Print layout: 宋体 五号 throughout, the visible columns ≤ 115 character units so A4 landscape
fitted to one page wide prints the body at ≥ 9 pt, the header row repeated on every page and a
"第 N 页 共 M 页" footer. 完成率 is an Excel formula over 实际完成值 (a quantity's share of its
target; a rate or cap only at the year's end, "—" before), so the unit sees it as it types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from pipeline.draft.period import Period
from pipeline.draft.progress import STATUSES, ProgressRecord, target_goal, target_kind, task_key
from pipeline.draft.select import Selection, goal_label
from pipeline.draft.summary import task_no
from pipeline.export.flat import target_text
from pipeline.export.sheet import FONT, FONT_PT, fit_row_heights, neutralise, print_setup
from pipeline.util.atomic import atomic_path

SHEET = "台账"
META_SHEET = "_govtasks"
MAGIC = "govtasks-ledger"
VERSION = 2  # 2: the 完成率 column
HEADER_ROW = 3
# (key, header, width, per target?, staff fill it?) — widths in Excel character units. The
# visible ones sum to ≤ 115 (tests/draft/test_ledger_print.py checks the sheet): Excel (7 px a unit) prints that at 100% on A4
# landscape, LibreOffice (which draws a unit about 7.8 pt wide) fits it to the page at ≥ 86%,
# so the body never prints below 9 pt.
COLUMNS = [
    ("no", "序号", 4, False, False),
    ("key", "任务编号", 12, True, False),
    ("goal", "目标名称", 7, False, False),
    ("content", "工作内容", 19, False, False),
    ("leaders", "分管领导", 6, False, False),
    ("lead_units", "牵头单位", 7, False, False),
    ("responsible_units", "责任单位", 7, False, False),
    ("target", "量化指标", 11, True, False),
    ("value", "目标值", 5, True, False),
    ("unit", "单位", 4, True, False),
    ("achieved", "实际完成值", 6, True, True),
    ("rate", "完成率", 6, True, False),
    ("progress", "进展情况", 12, False, True),
    ("problems", "存在问题", 8, False, True),
    ("next_steps", "下一步打算", 8, False, True),
    ("self_status", "自评状态", 5, False, True),
]
HIDDEN = ("key",)  # the task key ties a row to its task when the office imports the ledger
COL = {key: i for i, (key, *_rest) in enumerate(COLUMNS, start=1)}
HEADERS = [c[1] for c in COLUMNS]


def column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter  # heavy: openpyxl, loaded when a ledger is written or read

    return get_column_letter(col)


def _value_text(t) -> str:
    return target_text(t.model_copy(update={"unit": "", "qualifier": ""})) if t.value is not None else ""


def _rate_formula(tg, period: Period, row: int) -> str:
    """完成率 as Excel computes it from 实际完成值, by the rules of progress.assess: a quantity
    achieved / target; a rate or a cap only at the year's end (before it: —)."""
    kind = target_kind(tg)
    a = f"{column_letter(COL['achieved'])}{row}"
    v = target_goal(tg)
    if v and (kind == "quantity" or (kind == "rate" and period.final)):
        return f'=IF(ISNUMBER({a}),{a}/{v:g},"")'
    if kind == "cap" and period.final:
        return f'=IF(ISNUMBER({a}),IF({a}<={v:g},1,{v:g}/{a}),"")'
    return "—"


def write_ledger(sel: Selection, period: Period, path: Path, title: str, prefill: Optional[ProgressRecord] = None) -> Path:
    """The ledger for the selection's tasks; `prefill` carries entries already made (atomic write)."""
    # heavy: openpyxl, loaded when a ledger is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    entries = prefill.by_key() if prefill else {}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    n_cols = len(COLUMNS)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    body = Font(name=FONT, size=FONT_PT)
    ws.cell(1, 1, title).font = Font(name="黑体", bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    ws.row_dimensions[1].height = 30
    note = (f"填报说明：请在黄色列填写{period.as_of}的情况。实际完成值填数字（累计值；增速、比重等填百分数的数值，如 5.2）；"
            f"自评状态可选 {'/'.join(STATUSES)}；其他列已锁定。填好后保存，将本文件发回区政府办，由办公室导入汇总。")
    ws.cell(2, 1, note).alignment = Alignment(wrap_text=True, vertical="center")
    ws.cell(2, 1).font = body
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n_cols)
    ws.row_dimensions[2].height = 36
    for c, (key, label, width, _, staff) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, c, label)
        cell.font = Font(name=FONT, size=FONT_PT, bold=True)
        cell.fill = fill_in if staff else PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[column_letter(c)].width = width
    status_dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True, showErrorMessage=True, errorTitle="自评状态", error=f"请选择 {'/'.join(STATUSES)}")
    number_dv = DataValidation(type="decimal", operator="between", formula1="-1000000000", formula2="1000000000", allow_blank=True, showErrorMessage=True, errorTitle="实际完成值", error="请填写数字")
    ws.add_data_validation(status_dv)
    ws.add_data_validation(number_dv)
    row = HEADER_ROW + 1
    for t in sel.tasks:
        targets = [tg for tg in t.targets if tg.value is not None] or [None]
        entry = entries.get(task_key(t))
        achieved = {tp.text: tp.achieved for tp in entry.targets} if entry else {}
        task_values = {
            "no": task_no(t), "goal": " / ".join(goal_label(g) for g in t.goal_path if g), "content": t.content,
            "leaders": "、".join(t.leaders), "lead_units": "、".join(t.lead_units), "responsible_units": "、".join(t.responsible_units),
            "progress": entry.progress if entry else None, "problems": entry.problems if entry else None, "next_steps": entry.next_steps if entry else None,
            "self_status": entry.self_status if entry else None,
        }
        first = row
        for tg in targets:
            per_target = {"key": task_key(t), "target": tg.text if tg else "（无量化指标）", "value": (tg.value if not isinstance(tg.value, list) else _value_text(tg)) if tg else None, "unit": tg.unit if tg else None, "achieved": achieved.get(tg.text) if tg else None, "rate": _rate_formula(tg, period, row) if tg else "—"}
            for c, (key, _, _, per, staff) in enumerate(COLUMNS, start=1):
                value = per_target.get(key) if per else (task_values.get(key) if row == first else None)
                cell = ws.cell(row, c, (value if key == "rate" else neutralise(value)) if value not in ("", None) else None)
                cell.alignment = Alignment(vertical="center", wrap_text=True, horizontal="center" if key in ("no", "value", "unit", "rate", "self_status") else None)
                cell.border = border
                cell.font = body
                if key == "rate":
                    cell.number_format = "0.0%"
                if staff and not (key == "achieved" and tg is None):
                    cell.protection = Protection(locked=False)
                    cell.fill = fill_in
            if tg is not None:
                number_dv.add(ws.cell(row, COL["achieved"]))
            row += 1
        last = row - 1
        status_dv.add(ws.cell(first, COL["self_status"]))
        if last > first:
            for key, _, _, per, _ in COLUMNS:
                if not per:
                    ws.merge_cells(start_row=first, start_column=COL[key], end_row=last, end_column=COL[key])
    for key in HIDDEN:
        ws.column_dimensions[column_letter(COL[key])].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL["content"] + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{column_letter(n_cols)}{max(row - 1, HEADER_ROW)}"
    fit_row_heights(ws, HEADER_ROW, {c: w for c, (_, _, w, _, _) in enumerate(COLUMNS, start=1)}, line_height=FONT_PT * 1.35)
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", margin_inch=0.4)
    ws.protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "autoFilter"):
        setattr(ws.protection, allowed, False)  # openpyxl: False = not protected = allowed
    meta = wb.create_sheet(META_SHEET)
    meta.append([MAGIC, VERSION])
    meta.append(["period", period.code])
    meta.append(["selection", sel.label])
    meta.append(["kind", sel.kind])
    meta.append(["task", "row"])
    for t in sel.tasks:
        meta.append([task_key(t), json.dumps(t.model_dump(mode="json"), ensure_ascii=False)])
    meta.sheet_state = "hidden"
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


__all__ = ["write_ledger"]
