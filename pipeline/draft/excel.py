"""Summaries as .xlsx: an overview sheet (汇总), one sheet per unit / leader / goal / district
with its rows, and one sheet of every quantitative target — each with a header, filters,
frozen panes, column widths, wrapped text and A4 print set-up."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.draft.summary import ROLE_LABEL, Summary, counts_sentence, top_names, value_text
from pipeline.export.flat import target_text
from pipeline.export.sheet import fit_row_heights, print_setup

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

OVERVIEW = [("名称", 24), ("任务数", 8), ("牵头", 7), ("参与", 7), ("量化指标", 9), ("分管领导", 24), ("牵头/协同单位", 40), ("涉及目标", 40)]
ROWS = [("行", 8), ("角色", 6), ("目标名称", 16), ("工作内容", 56), ("分管领导", 12), ("牵头单位", 18), ("责任单位", 20), ("量化指标", 24), ("出处", 24)]
TARGETS = [("名称", 18), ("指标", 30), ("目标值", 10), ("单位", 8), ("限定", 10), ("行", 10), ("原文", 36), ("出处", 24)]


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    out, n = base, 2
    while out in taken:
        suffix = f"({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(out)
    return out


def _table(ws, top: int, columns: list[tuple[str, int]], rows: list[list], title: str, note: str = "") -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(top, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=len(columns))
    header = top + 1
    if note:
        ws.cell(header, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=len(columns))
        ws.row_dimensions[header].height = 32
        header += 1
    for c, (label, width) in enumerate(columns, start=1):
        cell = ws.cell(header, c, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, start=header + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value if value not in ("", None) else None)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{header + max(len(rows), 1)}"
    fit_row_heights(ws, header + 1, {c: w for c, (_, w) in enumerate(columns, start=1)})
    print_setup(ws, f"{header}:{header}")


def summary_rows(s: Summary) -> list[list]:
    return [
        [r.label, ROLE_LABEL.get(r.role, ""), " / ".join(g for g in r.task.goal_path if g), r.task.content, "、".join(r.task.leaders), "、".join(r.task.lead_units), "、".join(r.task.responsible_units), "；".join(target_text(tg) for tg in r.task.targets if tg.value is not None), r.task.source.cite()]
        for r in s.rows
    ]


def write_summary_xlsx(title: str, summaries: list[Summary], path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_name("汇总", taken)
    overview = [[s.label, s.total, s.as_lead if s.kind == "unit" else None, s.as_responsible if s.kind == "unit" else None, len(s.targets), top_names(s.leaders, 6), top_names(s.co_units if s.kind == "unit" else s.lead_units, 6), top_names(s.goals, 6)] for s in summaries]
    _table(ws, 1, OVERVIEW, overview, title)
    for s in summaries:
        sheet = wb.create_sheet(sheet_name(s.label, taken))
        _table(sheet, 1, ROWS if s.kind == "unit" else [c for c in ROWS if c[0] != "角色"], [r if s.kind == "unit" else r[:1] + r[2:] for r in summary_rows(s)], f"{s.heading}", counts_sentence(s))
    targets = [[s.label, t.metric, value_text(t), t.unit, t.qualifier, t.row, t.text, t.source] for s in summaries for t in s.targets]
    _table(wb.create_sheet(sheet_name("量化指标", taken)), 1, TARGETS, targets, f"{title}：量化指标")
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path
