"""python-docx helpers the Word layouts share: the Normal style's CJK fonts, the page, row flags,
a fixed-width table grid, and writing lines or names into a cell."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.evaluate.layouts.word_specs import Spec, join_inline


def set_fonts(doc, spec: Spec) -> None:
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


def set_page(doc, spec: Spec) -> None:
    sec = doc.sections[0]
    if spec.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    t, r, b, l = spec.margins_cm
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Cm(t), Cm(r), Cm(b), Cm(l)


def row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def fixed_layout(table, widths_cm: list[float]) -> None:
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


def write_lines(cell, lines: list[str], align=WD_ALIGN_PARAGRAPH.LEFT, bold=False) -> None:
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


def write_names(cell, names: list[str], spec: Spec) -> None:
    if not names:
        return
    if spec.names == "paragraphs":
        write_lines(cell, names, WD_ALIGN_PARAGRAPH.CENTER)
    elif spec.names == "breaks":
        _write_breaks(cell, names)
    else:
        write_lines(cell, [join_inline(names)], WD_ALIGN_PARAGRAPH.CENTER)


def valign(cell, how: str) -> None:
    cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.CENTER if how == "center"
                               else WD_CELL_VERTICAL_ALIGNMENT.TOP)
