"""Task rows back into the table layout offices circulate: a Word or Excel table with the
goal column(s) merged over their rows and, optionally, runs of equal leaders/units merged —
the way the original decomposition tables are typed up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline.export.sheet import fit_row_heights, neutralise, print_setup
from pipeline.schema import Task

LEADER_LABEL = "区政府分管领导"


@dataclass
class Layout:
    headers: list[str]
    levels: int
    has_resp: bool
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]  # (row0, col0, row1, col1) inclusive, 0-based data rows


def _runs(keys: list, allow_empty: bool) -> list[tuple[int, int]]:
    runs, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - 1 > start and (allow_empty or keys[start] not in ("", None, ())):
                runs.append((start, i - 1))
            start = i
    return runs


def plan(tasks: list[Task], merge_people: bool = True) -> Layout:
    levels = max((len(t.goal_path) for t in tasks), default=0)
    has_resp = any(t.responsible_units for t in tasks)
    headers = ["序号"] + ["目标名称"] * levels + ["工作内容", LEADER_LABEL, "牵头单位"] + (["责任单位"] if has_resp else [])
    rows = []
    for t in tasks:
        goals = [(g or "") for g in t.goal_path] + [""] * (levels - len(t.goal_path))
        if levels > 1 and len(t.goal_path) == 1:
            goals = [goals[0]] * levels
        content = f"{t.number} {t.content}" if t.number else t.content
        row = [""] + goals + [content, "\n".join(t.leaders), "\n".join(t.lead_units)]
        if has_resp:
            row.append("\n".join(t.responsible_units))
        rows.append(row)
    merges: list[tuple[int, int, int, int]] = []
    c_content = 1 + levels
    single = [levels > 1 and len(t.goal_path) == 1 for t in tasks]
    # outer goal: runs of the same outer label (lost labels too: one blank merged cell)
    outer_keys = [(t.goal_path[0] if t.goal_path else None, single[i]) for i, t in enumerate(tasks)]
    for a, b in _runs(outer_keys, allow_empty=True):
        if single[a]:
            merges.append((a, 1, b, levels))
        elif levels:
            merges.append((a, 1, b, 1))
    for i, is_single in enumerate(single):  # a lone one-level row still spans both goal columns
        if is_single and not any(m[0] <= i <= m[2] for m in merges):
            merges.append((i, 1, i, levels))
    for lvl in range(1, levels):
        keys = [(tuple(t.goal_path[: lvl + 1]) if not single[i] else ("single", i)) for i, t in enumerate(tasks)]
        merges += [(a, 1 + lvl, b, 1 + lvl) for a, b in _runs(keys, allow_empty=True) if not single[a]]
    if merge_people:
        for col in range(c_content + 1, len(headers)):
            keys = [r[col] for r in rows]
            merges += [(a, col, b, col) for a, b in _runs(keys, allow_empty=False)]
    return Layout(headers=headers, levels=levels, has_resp=has_resp, rows=rows, merges=merges)


def write_table_docx(tasks: list[Task], path: Path, title: Optional[str] = None, merge_people: bool = True) -> None:
    # heavy: python-docx, loaded only when the Word table is written
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    lay = plan(tasks, merge_people)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    if title:
        p = document.add_paragraph()
        run = p.add_run(title)
        run.bold = True
        run.font.size = Pt(16)
    table = document.add_table(rows=1 + len(lay.rows), cols=len(lay.headers))
    table.style = "Table Grid"
    widths = {"序号": 1.2, "目标名称": 2.6, "工作内容": 12.0, LEADER_LABEL: 2.4, "牵头单位": 3.2, "责任单位": 3.4}
    hdr = table.rows[0]
    tr_pr = hdr._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for c, label in enumerate(lay.headers):
        hdr.cells[c].text = label
    for r, row in enumerate(lay.rows, start=1):
        cells = table.rows[r].cells
        for c, value in enumerate(row):
            cells[c].text = value
    table.autofit = False
    grid_cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for c, label in enumerate(lay.headers):
        grid_cols[c].set(qn("w:w"), str(int(Cm(widths[label]).twips)))  # what Word and LibreOffice lay out by
        for row in table.rows:
            row.cells[c].width = Cm(widths[label])
    if lay.levels > 1:
        table.cell(0, 1).merge(table.cell(0, lay.levels))
        table.cell(0, 1).text = "目标名称"
    for r0, c0, r1, c1 in lay.merges:
        keep = lay.rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    table.cell(r + 1, c).text = ""
        merged = table.cell(r0 + 1, c0).merge(table.cell(r1 + 1, c1))
        merged.text = keep
    document.save(path)


def write_table_xlsx(tasks: list[Task], path: Path, title: Optional[str] = None, merge_people: bool = True, sheet: str = "分解表") -> None:
    # heavy: openpyxl, loaded only when the Excel table is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    lay = plan(tasks, merge_people)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = 1
    if title:
        ws.cell(1, 1, title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(lay.headers))
        top = 2
    for c, label in enumerate(lay.headers, start=1):
        cell = ws.cell(top, c, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    if lay.levels > 1:
        ws.merge_cells(start_row=top, start_column=2, end_row=top, end_column=1 + lay.levels)
    widths = {"序号": 6, "目标名称": 16, "工作内容": 70, LEADER_LABEL: 12, "牵头单位": 18, "责任单位": 20}
    for c, label in enumerate(lay.headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths[label]
    for r, row in enumerate(lay.rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, neutralise(value) or None)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            cell.border = border
    for r0, c0, r1, c1 in lay.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    ws.cell(top + 1 + r, 1 + c).value = None
        ws.merge_cells(start_row=top + 1 + r0, start_column=1 + c0, end_row=top + 1 + r1, end_column=1 + c1)
    ws.freeze_panes = ws.cell(top + 1, 1)
    fit_row_heights(ws, top + 1, {c: widths[label] for c, label in enumerate(lay.headers, start=1)})
    print_setup(ws, f"{top}:{top}")
    wb.save(path)
