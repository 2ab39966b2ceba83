"""Alternative Word→PDF layouts of a gold table, typed "by another office clerk".

`build(gold, layout, outdir)` writes one gold table (pipeline.evaluate.gold.GoldDoc) as a .docx
(python-docx) and converts it to .pdf with LibreOffice, in one of the three layouts of
`word_specs.py` (see LAYOUTS.md in pipeline/evaluate/). The layouts are written from the gold rows
only (values used exactly as labeled); they do not use any of the project's readers or fixture
builders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.evaluate.layouts.gold_table import equal_runs, goal_at, goal_levels
from pipeline.evaluate.layouts.word_cells import (
    fixed_layout, row_flag, set_fonts, set_page, valign, write_lines, write_names,
)
from pipeline.evaluate.layouts.word_specs import LAYOUT_NAMES, SPECS, Spec, columns, title_for


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
    set_fonts(doc, spec)
    set_page(doc, spec)

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
    fixed_layout(table, widths)

    # header
    hdr = table.rows[0]
    if spec.repeat_header:
        row_flag(hdr, "w:tblHeader")
    if spec.cant_split:
        row_flag(hdr, "w:cantSplit")
    for cell, (k, label, _) in zip(hdr.cells, cols):
        if k == "goal1":
            continue
        write_lines(cell, [label], WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        valign(cell, "center")
    if levels == 2:
        hdr.cells[keys.index("goal0")].merge(hdr.cells[keys.index("goal1")])

    body = table.rows[1:]
    for row in body:
        if spec.cant_split:
            row_flag(row, "w:cantSplit")

    # cells that are not merged
    for i, (task, row) in enumerate(zip(tasks, body)):
        cells = row.cells
        c = cells[keys.index("number")]
        write_lines(c, [_number(task, i, spec)], WD_ALIGN_PARAGRAPH.CENTER)
        valign(c, "center" if spec.goal_valign == "center" else "top")
        c = cells[keys.index("content")]
        paras = task.content.split("\n")
        write_lines(c, paras, WD_ALIGN_PARAGRAPH.JUSTIFY if layout != "landscape_wide" else WD_ALIGN_PARAGRAPH.LEFT)
        valign(c, "center" if spec.goal_valign == "center" else "top")
        for field in ("lead_units", "responsible_units") + (() if spec.merge_leaders else ("leaders",)):
            if field in keys:
                c = cells[keys.index(field)]
                write_names(c, getattr(task, field), spec)
                valign(c, "center" if spec.goal_valign == "center" else "top")

    # merged goal cells, per level
    outer_keys = [goal_at(t, 0) for t in tasks]
    for a, b in equal_runs(outer_keys):
        one_level_block = levels == 2 and all(len(tasks[j].goal_path) < 2 for j in range(a, b + 1))
        top = table.cell(1 + a, keys.index("goal0"))
        if one_level_block and spec.one_level_block:
            cell = top.merge(table.cell(1 + b, keys.index("goal1")))
        else:
            cell = top.merge(table.cell(1 + b, keys.index("goal0"))) if b > a else top
        if outer_keys[a]:
            write_lines(cell, [outer_keys[a]], WD_ALIGN_PARAGRAPH.CENTER)
        valign(cell, spec.goal_valign)
        if levels == 2 and not (one_level_block and spec.one_level_block):
            inner_keys = [(outer_keys[j], goal_at(tasks[j], 1), len(tasks[j].goal_path)) for j in range(a, b + 1)]
            for ia, ib in equal_runs(inner_keys):
                top = table.cell(1 + a + ia, keys.index("goal1"))
                cell = top.merge(table.cell(1 + a + ib, keys.index("goal1"))) if ib > ia else top
                if inner_keys[ia][1]:
                    write_lines(cell, [inner_keys[ia][1]], WD_ALIGN_PARAGRAPH.CENTER)
                valign(cell, spec.goal_valign)

    # merged leader cells (portrait_narrow): equal leaders in consecutive rows of the same goal
    if spec.merge_leaders:
        lkeys = [(tuple(t.goal_path), tuple(t.leaders) or ("<empty>", j)) for j, t in enumerate(tasks)]
        for a, b in equal_runs(lkeys):
            top = table.cell(1 + a, keys.index("leaders"))
            cell = top.merge(table.cell(1 + b, keys.index("leaders"))) if b > a else top
            write_names(cell, tasks[a].leaders, spec)
            valign(cell, "center")

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
