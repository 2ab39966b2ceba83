"""Alternative Word→PDF layouts of a gold table, typed "by another office clerk".

`build(gold, layout, outdir)` writes one gold table (pipeline.evaluate.gold.GoldDoc) as a .docx
(python-docx) and converts it to .pdf with LibreOffice, in one of three layouts that differ from the
project's own (see LAYOUTS.md next to this file):

- "portrait_narrow": A4 portrait, serif CJK font, narrow name columns (long unit names wrap),
  several names one per paragraph, merged goal and leader cells, header row repeated, rows kept whole.
- "landscape_wide":  A4 landscape, sans CJK font at 8 pt, wide columns, several names on one line
  (joined with 、, or with spaces when a name itself contains 、), merged goal cells, leader column
  headed 责任领导, header row on the first page only.
- "mixed_breaks":    A4 portrait, narrow margins, 12 pt, names one per line via soft line breaks
  (<w:br/> in one paragraph), merged goal cells, rows allowed to break across pages.

The layouts are written from the gold rows only (values used exactly as labeled); they do not use
any of the project's readers or fixture builders.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

LAYOUT_NAMES = ("portrait_narrow", "landscape_wide", "mixed_breaks")

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Spec:
    landscape: bool
    margins_cm: tuple[float, float, float, float]  # top, right, bottom, left
    font: str
    size_pt: float
    title_pt: float
    names: str  # "paragraphs" | "inline" | "breaks"
    leader_header: str
    content_header: str
    numbering: str  # Wujin-style tables without printed numbers: "empty" | "count"
    repeat_header: bool
    cant_split: bool
    merge_leaders: bool
    one_level_block: bool  # a one-level goal in a two-level table: merge across both goal columns
    goal_valign: str  # "center" | "top"
    annex_line: bool
    widow_control: bool = True  # off: a cell's paragraph may leave a single line at a page foot
    line_spacing: float = 1.0


SPECS: dict[str, Spec] = {
    "portrait_narrow": Spec(
        landscape=False, margins_cm=(2.5, 2.0, 2.5, 2.5), font=SERIF, size_pt=10.5, title_pt=16,
        names="paragraphs", leader_header="区政府分管领导", content_header="工作内容", numbering="empty",
        repeat_header=True, cant_split=True, merge_leaders=True, one_level_block=True,
        goal_valign="center", annex_line=True,
    ),
    "landscape_wide": Spec(
        landscape=True, margins_cm=(2.0, 2.0, 2.0, 2.0), font=SANS, size_pt=8, title_pt=14,
        names="inline", leader_header="责任领导", content_header="工作内容", numbering="count",
        repeat_header=False, cant_split=False, merge_leaders=False, one_level_block=False,
        goal_valign="top", annex_line=False,
    ),
    "mixed_breaks": Spec(
        landscape=False, margins_cm=(1.27, 1.27, 1.27, 1.27), font=SERIF, size_pt=14, title_pt=16,
        names="breaks", leader_header="分管领导", content_header="工作标准", numbering="count",
        repeat_header=True, cant_split=False, merge_leaders=False, one_level_block=True,
        goal_valign="center", annex_line=True, widow_control=False, line_spacing=1.15,
    ),
}

CELL_PAD_CM = 0.4  # LibreOffice/Word default left+right cell margins (0.19 cm each) plus a little


# ---------------------------------------------------------------- table model

def gold_meta(gold) -> dict:
    """The gold table's sidecar metadata (the .meta.json beside it); {} when it has none."""
    side = Path(gold.path).with_suffix(".meta.json")
    try:
        return json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def title_for(gold, layout: str) -> str:
    meta = gold_meta(gold)
    district = meta.get("district") or ""
    year = meta.get("year") or 2026
    if layout == "portrait_narrow":
        return f"{district}{year}年《政府工作报告》主要目标任务责任分解表"
    if layout == "landscape_wide":
        return f"{district}《{year}年政府工作报告》目标任务分解表"
    return f"{year}年《政府工作报告》重点目标任务分解落实表（{district}）"


def goal_levels(gold) -> int:
    return max((len(r.task.goal_path) for r in gold.rows), default=1) or 1


def has_responsible(gold) -> bool:
    return any(r.task.responsible_units for r in gold.rows)


def equal_runs(keys: list) -> list[tuple[int, int]]:
    """Consecutive runs of equal keys: [(first_index, last_index)]."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((start, i - 1))
            start = i
    return out


def _join_inline(names: list[str]) -> str:
    sep = " " if any("、" in n for n in names) else "、"
    return sep.join(names)


def columns(gold, layout: str) -> list[tuple[str, str, float]]:
    """(key, header, width_cm) for each column of the layout, left to right."""
    spec = SPECS[layout]
    levels = goal_levels(gold)
    resp = has_responsible(gold)
    pw = 29.7 if spec.landscape else 21.0
    usable = pw - spec.margins_cm[1] - spec.margins_cm[3]
    char_cm = spec.size_pt * 2.54 / 72

    if layout == "portrait_narrow":
        fixed = [("number", "序号", 1.1)]
        fixed += [("goal0", "目标名称", 2.0 if levels == 2 else 2.4)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.0)]
        names = [("leaders", spec.leader_header, 1.6), ("lead_units", "牵头单位", 2.2 if resp else 2.6)]
        if resp:
            names += [("responsible_units", "责任单位", 2.2)]
    elif layout == "landscape_wide":
        # wide enough for the longest one-line name list, capped so the content keeps ~7 cm
        def fit(field: str, cap: float) -> float:
            longest = max((len(_join_inline(getattr(r.task, field))) for r in gold.rows), default=4)
            return min(cap, max(2.0, longest * char_cm + CELL_PAD_CM))
        fixed = [("number", "序号", 1.1)]
        fixed += [("goal0", "目标名称", 3.0 if levels == 1 else 2.7)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.7)]
        names = [("leaders", spec.leader_header, fit("leaders", 5.0)),
                 ("lead_units", "牵头单位", fit("lead_units", 7.6))]
        if resp:
            names += [("responsible_units", "责任单位", fit("responsible_units", 6.0))]
    else:  # mixed_breaks
        fixed = [("number", "序号", 1.2)]
        fixed += [("goal0", "目标名称", 2.4 if levels == 1 else 2.1)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.1)]
        names = [("leaders", spec.leader_header, 2.0), ("lead_units", "牵头单位", 2.8)]
        if resp:
            names += [("responsible_units", "责任单位", 2.8)]
    content_w = usable - sum(w for _, _, w in fixed) - sum(w for _, _, w in names)
    return fixed + [("content", spec.content_header, round(content_w, 2))] + names


def column_span_pt(gold, layout: str, key: str) -> tuple[float, float]:
    """Approximate x-range (PDF points) of a column, for checking the PDF text column by column."""
    spec = SPECS[layout]
    x = spec.margins_cm[3]
    for k, _, w in columns(gold, layout):
        if k == key:
            return (x * 72 / 2.54, (x + w) * 72 / 2.54)
        x += w
    raise KeyError(key)


# ---------------------------------------------------------------- docx helpers

def _set_fonts(doc, spec: Spec) -> None:
    st = doc.styles["Normal"]
    st.font.name = spec.font
    st.font.size = Pt(spec.size_pt)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), spec.font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    pf = st.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = spec.line_spacing
    pf.widow_control = spec.widow_control


def _page(doc, spec: Spec) -> None:
    sec = doc.sections[0]
    if spec.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    t, r, b, l = spec.margins_cm
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Cm(t), Cm(r), Cm(b), Cm(l)


def _row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fixed_layout(table, widths_cm: list[float]) -> None:
    table.autofit = False
    tblpr = table._tbl.tblPr
    lay = OxmlElement("w:tblLayout")
    lay.set(qn("w:type"), "fixed")
    tblpr.append(lay)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(round(w * 567))))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _first_par(cell):
    return cell.paragraphs[0]


def _write_lines(cell, lines: list[str], align=WD_ALIGN_PARAGRAPH.LEFT, bold=False) -> None:
    """One paragraph per line (the first reuses the cell's empty paragraph)."""
    for i, text in enumerate(lines):
        p = _first_par(cell) if i == 0 else cell.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.bold = bold


def _write_breaks(cell, lines: list[str], align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """All lines in one paragraph, separated by soft line breaks (<w:br/>)."""
    p = _first_par(cell)
    p.alignment = align
    for i, text in enumerate(lines):
        run = p.add_run(text)
        if i < len(lines) - 1:
            run.add_break()


def _write_names(cell, names: list[str], spec: Spec) -> None:
    if not names:
        return
    if spec.names == "paragraphs":
        _write_lines(cell, names, WD_ALIGN_PARAGRAPH.CENTER)
    elif spec.names == "breaks":
        _write_breaks(cell, names)
    else:
        _write_lines(cell, [_join_inline(names)], WD_ALIGN_PARAGRAPH.CENTER)


def _valign(cell, how: str) -> None:
    cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.CENTER if how == "center"
                               else WD_CELL_VERTICAL_ALIGNMENT.TOP)


# ---------------------------------------------------------------- building

def _number(task, i: int, spec: Spec) -> str:
    if task.number:
        return task.number
    return "" if spec.numbering == "empty" else str(i + 1)


def build_docx(gold, layout: str, path: Path) -> Path:
    if layout not in SPECS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUT_NAMES)}")
    spec = SPECS[layout]
    tasks = [r.task for r in gold.rows]
    cols = columns(gold, layout)
    keys = [k for k, _, _ in cols]
    widths = [w for _, _, w in cols]
    levels = goal_levels(gold)

    doc = Document()
    _set_fonts(doc, spec)
    _page(doc, spec)

    if spec.annex_line:
        p = doc.add_paragraph()
        r = p.add_run("附件")
        r.bold = True
        r.font.size = Pt(spec.size_pt + 2)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(8)
    r = p.add_run(title_for(gold, layout))
    r.bold = True
    r.font.size = Pt(spec.title_pt)

    table = doc.add_table(rows=1 + len(tasks), cols=len(cols))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fixed_layout(table, widths)

    # header
    hdr = table.rows[0]
    if spec.repeat_header:
        _row_flag(hdr, "w:tblHeader")
    if spec.cant_split:
        _row_flag(hdr, "w:cantSplit")
    for cell, (k, label, _) in zip(hdr.cells, cols):
        if k == "goal1":
            continue
        _write_lines(cell, [label], WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _valign(cell, "center")
    if levels == 2:
        hdr.cells[keys.index("goal0")].merge(hdr.cells[keys.index("goal1")])

    body = table.rows[1:]
    for row in body:
        if spec.cant_split:
            _row_flag(row, "w:cantSplit")

    # cells that are not merged
    for i, (task, row) in enumerate(zip(tasks, body)):
        cells = row.cells
        c = cells[keys.index("number")]
        _write_lines(c, [_number(task, i, spec)], WD_ALIGN_PARAGRAPH.CENTER)
        _valign(c, "center" if spec.goal_valign == "center" else "top")
        c = cells[keys.index("content")]
        paras = task.content.split("\n")
        _write_lines(c, paras, WD_ALIGN_PARAGRAPH.JUSTIFY if layout != "landscape_wide" else WD_ALIGN_PARAGRAPH.LEFT)
        _valign(c, "center" if spec.goal_valign == "center" else "top")
        for field in ("lead_units", "responsible_units") + (() if spec.merge_leaders else ("leaders",)):
            if field in keys:
                c = cells[keys.index(field)]
                _write_names(c, getattr(task, field), spec)
                _valign(c, "center" if spec.goal_valign == "center" else "top")

    # merged goal cells, per level
    def label(t, level: int):
        return t.goal_path[level] if len(t.goal_path) > level else None

    outer_keys = [label(t, 0) for t in tasks]
    for a, b in equal_runs(outer_keys):
        one_level_block = levels == 2 and all(len(tasks[j].goal_path) < 2 for j in range(a, b + 1))
        top = table.cell(1 + a, keys.index("goal0"))
        if one_level_block and spec.one_level_block:
            cell = top.merge(table.cell(1 + b, keys.index("goal1")))
        else:
            cell = top.merge(table.cell(1 + b, keys.index("goal0"))) if b > a else top
        if outer_keys[a]:
            _write_lines(cell, [outer_keys[a]], WD_ALIGN_PARAGRAPH.CENTER)
        _valign(cell, spec.goal_valign)
        if levels == 2 and not (one_level_block and spec.one_level_block):
            inner_keys = [(outer_keys[j], label(tasks[j], 1), len(tasks[j].goal_path)) for j in range(a, b + 1)]
            for ia, ib in equal_runs(inner_keys):
                top = table.cell(1 + a + ia, keys.index("goal1"))
                cell = top.merge(table.cell(1 + a + ib, keys.index("goal1"))) if ib > ia else top
                if inner_keys[ia][1]:
                    _write_lines(cell, [inner_keys[ia][1]], WD_ALIGN_PARAGRAPH.CENTER)
                _valign(cell, spec.goal_valign)

    # merged leader cells (portrait_narrow): equal leaders in consecutive rows of the same goal
    if spec.merge_leaders:
        lkeys = [(tuple(t.goal_path), tuple(t.leaders) or ("<empty>", j)) for j, t in enumerate(tasks)]
        for a, b in equal_runs(lkeys):
            top = table.cell(1 + a, keys.index("leaders"))
            cell = top.merge(table.cell(1 + b, keys.index("leaders"))) if b > a else top
            _write_names(cell, tasks[a].leaders, spec)
            _valign(cell, "center")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def soffice_to_pdf(docx_path: Path, outdir: Path, timeout: int = 240) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) not found on PATH")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as prof:
        cmd = [exe, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": prof})
    pdf = outdir / (docx_path.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"soffice failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    return pdf


def build(gold, layout: str, outdir: Path) -> dict[str, Path]:
    """Write `gold` in `layout` as <outdir>/<doc_id>__<layout>.docx and .pdf; return both paths."""
    outdir = Path(outdir)
    docx_path = build_docx(gold, layout, outdir / f"{gold.doc_id}__{layout}.docx")
    pdf_path = soffice_to_pdf(docx_path, outdir)
    return {"docx": docx_path, "pdf": pdf_path}
