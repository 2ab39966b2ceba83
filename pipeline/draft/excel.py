"""Summaries as .xlsx: an overview sheet (汇总), one sheet per unit / leader / goal / district
with its rows, and one sheet of every quantitative target — each with a header, filters,
frozen panes, column widths, wrapped text and A4 print set-up."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.draft.summary import ROLE_LABEL, Summary, counts_sentence, top_names, value_text
from pipeline.export.flat import target_text
from pipeline.export.sheet import write_table
from pipeline.util.atomic import atomic_path

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

# widths in Excel character units, each table ≤ 115 wide so it prints at ≥ 9 pt on A4 landscape
# (see ledger.COLUMNS)
OVERVIEW = [("名称", 14), ("任务数", 5), ("牵头", 4), ("参与", 4), ("量化指标", 6), ("分管领导", 16), ("牵头/协同单位", 30), ("涉及目标", 30)]
ROWS = [("序号", 4), ("角色", 4), ("目标名称", 9), ("工作内容", 30), ("分管领导", 7), ("牵头单位", 9), ("责任单位", 9), ("量化指标", 12), ("出处", 22)]
TARGETS = [("名称", 10), ("指标", 20), ("目标值", 6), ("单位", 4), ("限定", 6), ("任务序号", 5), ("原文", 24), ("出处", 22)]


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


def summary_rows(s: Summary) -> list[list]:
    return [
        [r.label, ROLE_LABEL.get(r.role, ""), " / ".join(g for g in r.task.goal_path if g), r.task.content, "、".join(r.task.leaders), "、".join(r.task.lead_units), "、".join(r.task.responsible_units), "；".join(target_text(tg) for tg in r.task.targets if tg.value is not None), r.task.source.cite()]
        for r in s.rows
    ]


def write_summary_xlsx(title: str, summaries: list[Summary], path: Path) -> Path:
    from openpyxl import Workbook  # heavy: openpyxl, loaded only for -f xlsx

    wb = Workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_name("汇总", taken)
    overview = [[s.label, s.total, s.as_lead if s.kind == "unit" else None, s.as_responsible if s.kind == "unit" else None, len(s.targets), top_names(s.leaders, 6), top_names(s.co_units if s.kind == "unit" else s.lead_units, 6), top_names(s.goals, 6)] for s in summaries]
    write_table(ws, OVERVIEW, overview, title)
    for s in summaries:
        sheet = wb.create_sheet(sheet_name(s.label, taken))
        write_table(sheet, ROWS if s.kind == "unit" else [c for c in ROWS if c[0] != "角色"], [r if s.kind == "unit" else r[:1] + r[2:] for r in summary_rows(s)], s.heading, counts_sentence(s))
    targets = [[s.label, t.metric, value_text(t), t.unit, t.qualifier, t.row, t.text, t.source] for s in summaries for t in s.targets]
    write_table(wb.create_sheet(sheet_name("量化指标", taken)), TARGETS, targets, f"{title}：量化指标")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
