"""The page: A4 size and margins (turned for landscape), the line grid of 22 lines × 28
characters, paragraphs taken off that grid, and the "— N —" page numbers in odd and even footers."""

from __future__ import annotations

import math

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from pipeline.draft.officedoc.fonts import add_run
from pipeline.draft.officedoc.style import DocStyle


def set_up_page(document: DocxDocument, style: DocStyle, landscape: bool) -> None:
    """`landscape`: the text block turns with the page (top/bottom margins become left/right), so
    the binding edge and the page-number rules stay those of the portrait page; only the portrait
    page gets the line grid."""
    s, sec = style, document.sections[0]
    m = s.margins_cm
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(s.page.height_cm), Cm(s.page.width_cm)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(m.left), Cm(m.right), Cm(m.top), Cm(m.bottom)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(s.page.width_cm), Cm(s.page.height_cm)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(m.top), Cm(m.bottom), Cm(m.left), Cm(m.right)
    sec.footer_distance = Cm(s.footer_distance_cm)
    if not landscape:
        document_grid(document, sec, s)


def text_width_cm(style: DocStyle, landscape: bool) -> float:
    s = style
    return s.page.height_cm - s.margins_cm.top - s.margins_cm.bottom if landscape else s.text_width_cm


def document_grid(document: DocxDocument, sec, style: DocStyle) -> None:
    """22 lines of 28 characters. The line grid is w:docGrid (type lines, the pitch that puts
    `lines_per_page` lines in the text block). The 28 characters come from the body's
    character spacing, not from a character grid: 28 三号 characters are 448 pt and the block
    is 442 pt, so each is set ¼ pt closer (w:spacing -5 twentieths in the Normal style).
    Word would compress to a linesAndChars grid too, but LibreOffice gives every character
    wider than the grid pitch two cells, which halves the line."""
    s = style
    height_pt = (s.page.height_cm - s.margins_cm.top - s.margins_cm.bottom) / 2.54 * 72
    width_pt = s.text_width_cm / 2.54 * 72
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    # rounded down: a pitch of 580 twips (the nearest) puts 22 lines 4 twips past the block
    grid.set(qn("w:linePitch"), str(math.floor(height_pt / s.grid.lines_per_page * 20)))
    squeeze = math.floor((width_pt / s.grid.chars_per_line - s.sizes_pt.body) * 20)
    if squeeze < 0:
        rPr = document.styles["Normal"].element.get_or_add_rPr()
        el = OxmlElement("w:spacing")
        el.set(qn("w:val"), str(squeeze))
        rPr.insert_element_before(el, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def off_grid(p: Paragraph) -> None:
    """The paragraph keeps its own pitch, not the body's line grid (w:snapToGrid="0")."""
    pPr = p._p.get_or_add_pPr()
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    pPr.insert_element_before(el, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def add_page_numbers(document: DocxDocument, style: DocStyle) -> None:
    """GB/T 9704 7.5: "— N —" in 4号半角宋体, 单页码居右空一字，双页码居左空一字 — odd pages in
    the default footer flush right, even pages in the even footer flush left, each one
    character in from the edge of the text block (w:evenAndOddHeaders in the settings)."""
    s = style
    document.settings.odd_and_even_pages_header_footer = True
    one_char = Pt(s.sizes_pt.page_number)
    for sec in document.sections:
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            pf = p.paragraph_format
            pf.alignment = align
            pf.left_indent, pf.right_indent = (one_char, None) if align == WD_ALIGN_PARAGRAPH.LEFT else (None, one_char)
            off_grid(p)
            _page_field(p, s)


def _page_field(p: Paragraph, style: DocStyle) -> None:
    names = style.fonts.page_number  # 半角宋体 digits: the CJK font for latin text too
    for kind, text in (("t", "— "), ("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1"), ("end", None), ("t", " —")):
        r = add_run(p, text if kind == "t" else "", names, style.sizes_pt.page_number, names[0])
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r._r.append(el)
        elif kind != "t":
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._r.append(el)
