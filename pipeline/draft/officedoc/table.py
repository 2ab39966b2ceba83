"""A table in the official layout: "Table Grid", centred, 小四 in single spacing off the line grid,
the header row bold, centred and repeated on every page, rows never split, and every column's
width written to the grid (LibreOffice lays out by it) and to each cell."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Cm
from docx.table import Table

from pipeline.draft.officedoc.fonts import add_run
from pipeline.draft.officedoc.page import off_grid
from pipeline.draft.officedoc.style import DocStyle


def add_table(document: DocxDocument, style: DocStyle, headers: list[str], rows: list[list[str]], widths_cm: list[float] | None = None) -> Table:
    s, n = style, len(headers)
    if any(len(r) != n for r in rows):
        raise ValueError(f"every row needs {n} cells to match the headers")
    widths = widths_cm or [s.text_width_cm / n] * n
    if len(widths) != n:
        raise ValueError(f"widths_cm has {len(widths)} entries for {n} columns")
    t = document.add_table(rows=1 + len(rows), cols=n)
    t.style, t.alignment, t.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
    for col, w in zip(t._tbl.tblGrid.gridCol_lst, widths):
        col.w = Cm(w)
    for i, (row, values) in enumerate(zip(t.rows, [headers, *rows])):
        trPr = row._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        if i == 0:
            trPr.append(OxmlElement("w:tblHeader"))
        for cell, value, w in zip(row.cells, values, widths):
            cell.width, cell.vertical_alignment = Cm(w), WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            off_grid(p)  # 小四 in a cell keeps its own pitch, not the body's character grid
            if i == 0:
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(p, str(value), s.fonts.table, s.sizes_pt.table, s.fonts.latin, bold=True if i == 0 else None)
    return t
