"""Excel layouts of a gold table, typed "by another office clerk" (openpyxl).

`build_xlsx(gold, layout, outdir)` writes one gold table (pipeline.evaluate.gold.GoldDoc) as
`<outdir>/<doc_id>__<layout>.xlsx`, in one of three layouts that real district offices produce in
WPS / Excel (see LAYOUTS.md next to this file, section "Excel layouts"):

- "annex_merged":   the formal 附件 sheet. 附件 line, a title merged across the table, a spacer row, a
  two-row header (目标名称 over 一级/二级目标, 责任分工 over 分管区领导/牵头单位/责任单位), goal cells
  merged vertically over their rows, names one per line (Alt+Enter), extra columns 完成时限 and 备注, a
  注 line under the table, frozen header, print titles.
- "ledger_filter":  a 督查台账. A 填报说明 sheet first, then the table starting at B2 (title, a 制表单位
  line, one header row with an AutoFilter), goal labels repeated on every row (no vertical merges),
  columns in another order (牵头部门 before 责任领导) under other names (任务内容, 配合单位), names inline
  (、; a unit column where some name itself contains 、 uses ， throughout), extra columns 进展情况 and 备注.
- "first_row_only": a sheet whose merges were undone (or never made). Title centred across the
  columns (not merged), a 填报说明 line, one header row with line breaks in the headers, each goal label
  only on the first row of its group with the rest blank and NOT merged; the group is drawn as one box
  by its borders. Names separated by spaces. Default sheet name Sheet1, plus a 汇总 sheet after it.

Cell values are the gold values exactly (content with its "\\n" paragraph breaks, names as listed,
numbers as printed). The layouts are written from the gold rows only; they use none of the project's
readers, extractors or fixture builders.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from pipeline.evaluate.layouts import equal_runs, goal_levels, gold_meta, has_responsible

XLSX_LAYOUT_NAMES: list[str] = ["annex_merged", "ledger_filter", "first_row_only"]

# layouts that give 武进's rows (no printed number in the gold) a 序号 1..N
XLSX_NUMBERED_LAYOUTS: frozenset[str] = frozenset({"annex_merged", "ledger_filter"})

THIN = Side(style="thin", color="000000")
NONE = Side(style=None)
ALL_THIN = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# ---------------------------------------------------------------- shared helpers

def _district_year(gold) -> tuple[str, int]:
    meta = gold_meta(gold)
    return meta.get("district") or "", int(meta.get("year") or 2026)


def _label(task, level: int):
    return task.goal_path[level] if len(task.goal_path) > level else None


def goal_blocks(tasks, levels: int) -> list[dict]:
    """The goal cells of the table as blocks: {"level", "first", "last", "label", "both"}.

    Outer level: runs of consecutive rows with the same outer label (None included). In a two-level
    table, a run whose rows all have a one-level goal_path is one block over BOTH goal columns
    ("both": True); otherwise the run is split into inner runs (same inner label, None included).
    """
    blocks: list[dict] = []
    outer = [_label(t, 0) for t in tasks]
    for a, b in equal_runs(outer):
        both = levels == 2 and all(len(tasks[j].goal_path) < 2 for j in range(a, b + 1))
        blocks.append({"level": 0, "first": a, "last": b, "label": outer[a], "both": both})
        if levels == 2 and not both:
            inner = [(_label(tasks[j], 1), len(tasks[j].goal_path)) for j in range(a, b + 1)]
            for ia, ib in equal_runs(inner):
                blocks.append({"level": 1, "first": a + ia, "last": a + ib, "label": inner[ia][0], "both": False})
    return blocks


def _join(names: list[str], sep: str) -> str | None:
    """Names in one cell, or None (an empty cell) when there are none."""
    return sep.join(names) if names else None


def _number(task, i: int, numbered: bool):
    if task.number:
        return task.number  # printed, e.g. "(1)": stored as text
    return i + 1 if numbered else None


def _text_width(s: str) -> float:
    """Width of a line in Excel column units (a CJK character is about two)."""
    return sum(2.0 if ord(c) > 0x2E7F else 1.1 for c in s)


def _lines_needed(text, col_width: float, font_pt: float) -> int:
    if text is None or text == "":
        return 1
    scale = font_pt / 11.0
    usable = max(2.0, col_width - 1.0)
    n = 0
    for par in str(text).split("\n"):
        n += max(1, math.ceil(_text_width(par) * scale / usable))
    return n


def _set_widths(ws, first_col: int, widths: list[float]) -> None:
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_col + k)].width = w


def _page_setup(ws, landscape: bool, title_rows: str, fit_width: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


# ---------------------------------------------------------------- column models

def _columns(gold, layout: str) -> list[tuple[str, str, float]]:
    """(key, header, width) left to right. Keys: number goal0 goal1 content leaders lead_units
    responsible_units, and extra columns deadline progress remark (no gold value)."""
    levels = goal_levels(gold)
    resp = has_responsible(gold)
    if layout == "annex_merged":
        cols = [("number", "序号", 6)]
        if levels == 2:
            cols += [("goal0", "一级目标", 13), ("goal1", "二级目标", 13)]
        else:
            cols += [("goal0", "目标名称", 15)]
        cols += [("content", "工作任务", 56), ("leaders", "分管区领导", 11), ("lead_units", "牵头单位", 17)]
        if resp:
            cols += [("responsible_units", "责任单位", 17)]
        cols += [("deadline", "完成时限", 14), ("remark", "备注", 8)]
    elif layout == "ledger_filter":
        cols = [("number", "序号", 6)]
        if levels == 2:
            cols += [("goal0", "一级目标", 16), ("goal1", "二级目标", 14)]
        else:
            cols += [("goal0", "目标名称", 18)]
        cols += [("content", "任务内容", 62), ("lead_units", "牵头部门", 22), ("leaders", "责任领导", 14)]
        if resp:
            cols += [("responsible_units", "配合单位", 24)]
        cols += [("progress", "进展情况", 24), ("remark", "备注", 10)]
    elif layout == "first_row_only":
        cols = [("number", "序号", 5)]
        if levels == 2:
            cols += [("goal0", "目标名称", 11), ("goal1", "分项目标", 11)]
        else:
            cols += [("goal0", "目标名称", 12)]
        cols += [("content", "工作标准", 48), ("leaders", "区政府\n分管领导", 10), ("lead_units", "牵头单位", 16)]
        if resp:
            cols += [("responsible_units", "责任单位", 14)]
        cols += [("remark", "备注", 7)]
    else:
        raise ValueError(f"unknown xlsx layout {layout!r}; expected one of {', '.join(XLSX_LAYOUT_NAMES)}")
    return cols


# ---------------------------------------------------------------- layout: annex_merged

def _build_annex_merged(gold, wb: Workbook) -> None:
    district, year = _district_year(gold)
    tasks = [r.task for r in gold.rows]
    levels = goal_levels(gold)
    cols = _columns(gold, "annex_merged")
    keys = [k for k, _, _ in cols]
    col = {k: i + 1 for i, k in enumerate(keys)}
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
        values = {
            "number": _number(t, i, numbered=True),
            "content": t.content,
            "leaders": _join(t.leaders, "\n"),
            "lead_units": _join(t.lead_units, "\n"),
            "responsible_units": _join(t.responsible_units, "\n"),
            "deadline": f"{year}年12月底前",
            "remark": None,
        }
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font, cell.border = body_font, ALL_THIN
            cell.alignment = left if k == "content" else center
            if k in values and values[k] is not None:
                cell.value = values[k]
                lines = max(lines, _lines_needed(values[k], widths[k], 12))
        if isinstance(values["number"], str):
            ws.cell(r, col["number"]).number_format = "@"
        ws.row_dimensions[r].height = max(30, 16.5 * lines + 6)

    for blk in goal_blocks(tasks, levels):
        c0 = col["goal0"] if blk["level"] == 0 else col["goal1"]
        c1 = col["goal1"] if blk["both"] else c0
        r0, r1 = top + blk["first"], top + blk["last"]
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

    _set_widths(ws, 1, [w for _, _, w in cols])
    ws.freeze_panes = ws.cell(top, 1)
    _page_setup(ws, landscape=True, title_rows=f"{h1}:{h2}")
    ws.print_area = f"A1:{last}{note}"


# ---------------------------------------------------------------- layout: ledger_filter

def _build_ledger_filter(gold, wb: Workbook) -> None:
    district, year = _district_year(gold)
    tasks = [r.task for r in gold.rows]
    levels = goal_levels(gold)
    cols = _columns(gold, "ledger_filter")
    keys = [k for k, _, _ in cols]
    c0 = 2  # the table starts in column B
    col = {k: c0 + i for i, k in enumerate(keys)}
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

    usep = {f: unit_sep(f) for f in ("lead_units", "responsible_units")}
    top = hdr + 1
    widths = {k: w for k, _, w in cols}
    for i, t in enumerate(tasks):
        r = top + i
        values = {
            "number": _number(t, i, numbered=True),
            "goal0": _label(t, 0),
            "goal1": _label(t, 1),
            "content": t.content,
            "leaders": _join(t.leaders, "、"),
            "lead_units": _join(t.lead_units, usep["lead_units"]),
            "responsible_units": _join(t.responsible_units, usep["responsible_units"]),
        }
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font, cell.border = body_font, ALL_THIN
            cell.alignment = left if k in ("content", "progress") else center
            v = values.get(k)
            if v is not None:
                cell.value = v
                lines = max(lines, _lines_needed(v, widths[k], 11))
        if isinstance(values["number"], str):
            ws.cell(r, col["number"]).number_format = "@"
        # a one-level goal in a two-level table: its label spans both goal columns of the row
        if levels == 2 and len(t.goal_path) < 2:
            ws.merge_cells(start_row=r, start_column=col["goal0"], end_row=r, end_column=col["goal1"])
        ws.row_dimensions[r].height = max(20, 15 * lines + 5)

    end = top + len(tasks) - 1
    _set_widths(ws, 1, [2.5] + [w for _, _, w in cols])
    ws.auto_filter.ref = f"{L}{hdr}:{R}{end}"
    ws.freeze_panes = ws.cell(top, col["content"])
    _page_setup(ws, landscape=True, title_rows=f"{hdr}:{hdr}")
    ws.print_area = f"{L}2:{R}{end}"


# ---------------------------------------------------------------- layout: first_row_only

def _build_first_row_only(gold, wb: Workbook) -> None:
    district, year = _district_year(gold)
    tasks = [r.task for r in gold.rows]
    levels = goal_levels(gold)
    cols = _columns(gold, "first_row_only")
    keys = [k for k, _, _ in cols]
    col = {k: i + 1 for i, k in enumerate(keys)}
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
        values = {
            "number": _number(t, i, numbered=False),
            "content": t.content,
            "leaders": _join(t.leaders, " "),
            "lead_units": _join(t.lead_units, " "),
            "responsible_units": _join(t.responsible_units, " "),
        }
        lines = 1
        for k in keys:
            cell = ws.cell(r, col[k])
            cell.font = body_font
            if k in goal_keys:
                cell.alignment = goal_align
                continue  # values and borders below, per goal group
            cell.border = ALL_THIN
            cell.alignment = left if k == "content" else center
            v = values.get(k)
            if v is not None:
                cell.value = v
                lines = max(lines, _lines_needed(v, widths[k], 10.5))
        if isinstance(values["number"], str):
            ws.cell(r, col["number"]).number_format = "@"
        ws.row_dimensions[r].height = max(18, 14 * lines + 4)

    # each goal group: its label on the first row only, no merge; drawn as one box by its borders
    for blk in goal_blocks(tasks, levels):
        ca = col["goal0"] if blk["level"] == 0 else col["goal1"]
        cb = col["goal1"] if blk["both"] else ca
        ra, rb = top + blk["first"], top + blk["last"]
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
    _set_widths(ws, 1, [w for _, _, w in cols])
    _page_setup(ws, landscape=False, title_rows=f"{hdr}:{hdr}")
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


# ---------------------------------------------------------------- entry point

_BUILDERS = {
    "annex_merged": _build_annex_merged,
    "ledger_filter": _build_ledger_filter,
    "first_row_only": _build_first_row_only,
}


def build_xlsx(gold, layout: str, outdir: Path) -> Path:
    """Write `gold` in `layout` as <outdir>/<doc_id>__<layout>.xlsx and return the path."""
    if layout not in _BUILDERS:
        raise ValueError(f"unknown xlsx layout {layout!r}; expected one of {', '.join(XLSX_LAYOUT_NAMES)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    _BUILDERS[layout](gold, wb)
    wb.properties.creator = "Administrator"
    path = outdir / f"{gold.doc_id}__{layout}.xlsx"
    wb.save(str(path))
    return path
