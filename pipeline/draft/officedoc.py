"""Word documents in the layout Chinese government offices circulate (GB/T 9704-2012 style).

Layout rules (all numbers come from ``templates/docx_style.json``, loaded as :class:`DocStyle`):

* A4 portrait, margins top 3.7 / bottom 3.5 / left 2.8 / right 2.6 cm (a 15.6 × 22.5 cm text block).
* 附件 line at the top left in 黑体 三号; title centred in 小标宋 二号 (22 pt) followed by a blank line;
  subtitle (unit / period) centred in 楷体 三号.
* Headings carry no automatic numbering — callers write 一、 / （一） / 1. themselves: level 1 黑体,
  level 2 楷体, level 3 body font bold; all 三号, indented two characters, kept with the next paragraph
  and given an outline level so Word's navigation pane lists them.
* 22 lines × 28 characters: a line grid (``w:docGrid`` type lines) and body characters set ¼ pt
  closer (28 三号 characters would be 448 pt on a 442 pt line); table cells, pictures and footers
  keep their own pitch (``w:snapToGrid="0"``).
* Body text 仿宋 三号, exact 28 pt line spacing (22 lines a page), first line indented two characters
  (``w:firstLineChars="200"`` plus the equivalent twips for readers that ignore character units).
* Tables use "Table Grid", body font 小四 (12 pt), single spacing, header row bold, centred and repeated
  on every page (``w:tblHeader``), rows never split (``w:cantSplit``), widths written to both
  ``w:gridCol`` (LibreOffice lays out by the grid) and each cell.
* Page numbers: "— N —" (PAGE field between em dashes) in 宋体 四号, odd pages right and even pages
  left, one character in from the text block (odd and even footers).
* East Asian language zh-CN (run defaults, theme language) and Chinese theme fonts; core properties name the
  issuing unit and the time of generation. A long title breaks between its parts, evenly.
* ``landscape=True`` turns the page and the text block with it (for table documents: summaries).

Font fallbacks: every run names the FIRST font of its list as ``w:eastAsia`` (and the latin font as
``w:ascii``/``w:hAnsi``). The rest of the list becomes real fallbacks through the font table
(``word/fontTable.xml``): on save each name gets a ``<w:font>`` entry with charset 86 (GB2312), a panose
hint where the style file knows one, and ``<w:altName>`` naming the NEXT font in its list — a chain
(方正小标宋简体 → 华文中宋 → 宋体), because the schema allows one altName per entry. Word and WPS substitute
the altName when a font is missing; LibreOffice falls back through fontconfig (charset 86 steers it to a
CJK face). python-docx's default template ships a fontTable part as an opaque blob; we parse it, edit
it, and write the blob back (or edit the element if the part was loaded as XML); a template without one
gets a new part related by the fontTable relationship.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import InputError
from pipeline.export.sheet import display_width
from pipeline.util.atomic import atomic_path

BUNDLED_STYLE = Path(__file__).parent / "templates" / "docx_style.json"
FontList = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
PosFloat = Annotated[float, Field(gt=0)]
_EMPTY_FONTS = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageSize(_Strict):
    width_cm: PosFloat
    height_cm: PosFloat


class Margins(_Strict):
    top: PosFloat
    bottom: PosFloat
    left: PosFloat
    right: PosFloat


class Fonts(_Strict):
    """Preference lists: the first name is written into runs, the rest become font-table fallbacks."""

    title: FontList
    heading1: FontList
    heading2: FontList
    body: FontList
    table: FontList
    page_number: FontList
    latin: str = Field(min_length=1)


class Sizes(_Strict):
    title: PosFloat
    attachment: PosFloat
    heading: PosFloat
    body: PosFloat
    table: PosFloat
    page_number: PosFloat


class Grid(_Strict):
    """GB/T 9704 7.1: 22 lines of 28 characters in the 156 × 225 mm text block (w:docGrid)."""

    chars_per_line: int = Field(default=28, gt=0)
    lines_per_page: int = Field(default=22, gt=0)


class DocStyle(_Strict):
    """Page geometry, fonts (preference lists) and sizes, as stored in docx_style.json."""

    page: PageSize
    margins_cm: Margins
    footer_distance_cm: float = Field(ge=0)
    fonts: Fonts
    sizes_pt: Sizes
    body_line_spacing_pt: float = Field(gt=0)
    title_line_spacing_pt: float = Field(gt=0)
    first_line_indent_chars: float = Field(ge=0)
    grid: Grid = Field(default_factory=Grid)
    panose: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> DocStyle:
        path = Path(path) if path is not None else BUNDLED_STYLE
        hint = f"fix it or start from a copy of {BUNDLED_STYLE.name}"
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except OSError as e:
            raise InputError(path, f"cannot read style file ({e.strerror})", hint) from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(path, f"style file is not valid JSON ({e})", hint) from e
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            raise InputError(path, f"bad style file: {where}: {err['msg']} ({e.error_count()} problem(s))", hint) from e

    @property
    def text_width_cm(self) -> float:
        return self.page.width_cm - self.margins_cm.left - self.margins_cm.right


_UNBREAKABLE = re.compile(r"[!-~]{24,}")


def _off_grid(p: Paragraph) -> None:
    pPr = p._p.get_or_add_pPr()
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    pPr.insert_element_before(el, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _width(text: str) -> float:
    """Width in title characters: a CJK or full-width character is 1, anything else ½."""
    return display_width(text) / 2


def title_lines(parts: Sequence[str], capacity: float) -> list[str]:
    """The title's lines: breaks only between parts, the fewest lines that fit `capacity`
    characters, and among those the most even (the longest line shortest); a part longer than a
    line is split at its middle first (never inside a run of digits)."""
    pieces: list[str] = []
    for part in parts:
        while _width(part) > capacity:
            cut = len(part) // 2
            while 0 < cut < len(part) and part[cut - 1].isascii() and part[cut].isascii():
                cut += 1
            pieces.append(part[:cut])
            part = part[cut:]
        pieces.append(part)
    if _width("".join(pieces)) <= capacity:
        return ["".join(pieces)]
    n = len(pieces)
    best: tuple[int, float, list[str]] | None = None
    for mask in range(1 << (n - 1)) if n <= 16 else ():
        lines, cur = [], pieces[0]
        for i in range(1, n):
            if mask >> (i - 1) & 1:
                lines.append(cur)
                cur = pieces[i]
            else:
                cur += pieces[i]
        lines.append(cur)
        if any(_width(line) > capacity for line in lines):
            continue
        key = (len(lines), max(_width(line) for line in lines), lines)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:  # too many pieces to search: fill greedily
        lines, cur = [], ""
        for piece in pieces:
            if cur and _width(cur + piece) > capacity:
                lines.append(cur)
                cur = ""
            cur += piece
        return lines + [cur]
    return best[2]


class OfficialDoc:
    """Builds one document; every method appends at the end and returns what it added."""

    def __init__(self, style: DocStyle | None = None, *, landscape: bool = False, author: str = "GovTasks") -> None:
        """`landscape`: A4 turned for a document that is mostly tables (a 汇总表): the text block
        turns with the page (top/bottom margins become left/right), so the binding edge and the
        page-number rules stay those of the portrait page. `author`: the issuing unit, written
        to the core properties."""
        self.style = style or DocStyle.load()
        self.author = author
        self.landscape = landscape
        self.document: DocxDocument = Document()
        self._gap: Paragraph | None = None
        s, sec = self.style, self.document.sections[0]
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
            self._document_grid(sec)
        normal = self.document.styles["Normal"]
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        self._font(normal.font, s.fonts.body, s.sizes_pt.body)
        self._chinese()

    @property
    def text_width_cm(self) -> float:
        s = self.style
        return s.page.height_cm - s.margins_cm.top - s.margins_cm.bottom if self.landscape else s.text_width_cm

    def _document_grid(self, sec) -> None:
        """22 lines of 28 characters. The line grid is w:docGrid (type lines, the pitch that puts
        `lines_per_page` lines in the text block). The 28 characters come from the body's
        character spacing, not from a character grid: 28 三号 characters are 448 pt and the block
        is 442 pt, so each is set ¼ pt closer (w:spacing -5 twentieths in the Normal style).
        Word would compress to a linesAndChars grid too, but LibreOffice gives every character
        wider than the grid pitch two cells, which halves the line."""
        s = self.style
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
            rPr = self.document.styles["Normal"].element.get_or_add_rPr()
            el = OxmlElement("w:spacing")
            el.set(qn("w:val"), str(squeeze))
            rPr.insert_element_before(el, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")

    def _chinese(self) -> None:
        """Chinese throughout: the East Asian language of the run defaults (docDefaults) and of the
        theme zh-CN, and the theme's East Asian fonts Chinese — python-docx's template says en-US with a
        ja-JP theme, which makes LibreOffice pick Japanese glyph variants for missing fonts."""
        styles = self.document.styles.element
        rPr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        for el in (rPr, self.document.styles["Normal"].element.get_or_add_rPr()):
            if el is None:
                continue
            lang = el.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                el.append(lang)
            # Western text (digits, Latin) stays en-US as Chinese Word writes it: with zh-CN there
            # LibreOffice breaks lines inside numbers (超1亿元项目11 / 9个以上)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
        settings = self.document.settings.element
        tfl = settings.find(qn("w:themeFontLang"))
        if tfl is not None:
            tfl.set(qn("w:val"), "en-US")
            tfl.set(qn("w:eastAsia"), "zh-CN")
        theme = next((r.target_part for r in self.document.part.rels.values() if r.reltype == RT.THEME and not r.is_external), None)
        if theme is not None:
            root = theme.element if isinstance(theme, XmlPart) else parse_xml(theme.blob)
            a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
            for kind, face in (("majorFont", self.style.fonts.heading1[0]), ("minorFont", self.style.fonts.body[0])):
                for font in root.iter(a + kind):
                    ea = font.find(a + "ea")
                    if ea is not None:
                        ea.set("typeface", face)
                    for sub in font.findall(a + "font"):
                        if sub.get("script") == "Jpan":
                            font.remove(sub)
            if not isinstance(theme, XmlPart):
                theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- helpers ---------------------------------------------------------------------------
    def _font(self, font: Font, names: FontList, size: float, bold: bool | None = None, latin: str | None = None) -> None:
        font.name = latin or self.style.fonts.latin  # w:ascii / w:hAnsi
        font.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), names[0])
        font.size, font.bold = Pt(size), bold

    def _para(self, align: WD_PARAGRAPH_ALIGNMENT | None = None, indent: bool = False, spacing: float | None = None, size: float | None = None) -> Paragraph:
        p = self.document.add_paragraph()
        pf = p.paragraph_format
        pf.alignment = align
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if spacing is not None:
            pf.line_spacing, pf.line_spacing_rule = Pt(spacing), WD_LINE_SPACING.EXACTLY
        if indent:
            chars = self.style.first_line_indent_chars
            pf.first_line_indent = Pt(chars * (size or self.style.sizes_pt.body))
            p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(round(chars * 100)))
        return p

    def _run(self, p: Paragraph, text: str, names: FontList, size: float, bold: bool | None = None, latin: str | None = None) -> Run:
        r = p.add_run(text)
        self._font(r.font, names, size, bold, latin)
        return r

    def _outline(self, p: Paragraph, level: int) -> None:
        el = OxmlElement("w:outlineLvl")
        el.set(qn("w:val"), str(level))
        p._p.get_or_add_pPr().insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")

    # -- content ---------------------------------------------------------------------------
    def attachment(self, text: str = "附件") -> Paragraph:
        p = self._para(WD_ALIGN_PARAGRAPH.LEFT, spacing=self.style.body_line_spacing_pt)
        self._run(p, text, self.style.fonts.heading1, self.style.sizes_pt.attachment)
        return p

    def title(self, text: str | Sequence[str]) -> Paragraph:
        """The title, centred. Given as its parts (unit, year, 政府工作报告目标任务, period …), a
        title too long for one line breaks between parts only, into lines as even as possible
        (GB/T 9704 7.3.3: 回行时词意完整，排列对称); a single part longer than a line breaks at
        its middle."""
        s = self.style
        parts = [text] if isinstance(text, str) else [t for t in text if t]
        full = "".join(parts)
        self.document.core_properties.title = full
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER, spacing=s.title_line_spacing_pt)
        capacity = self.text_width_cm / 2.54 * 72 / s.sizes_pt.title
        lines = title_lines(parts, capacity)
        for i, line in enumerate(lines):
            r = self._run(p, line, s.fonts.title, s.sizes_pt.title)
            if i + 1 < len(lines):
                r.add_break()
        self._outline(p, 0)
        self._gap = self._para(spacing=s.body_line_spacing_pt)  # 标题下空一行
        return p

    def subtitle(self, text: str) -> Paragraph:
        """A centred 楷体 line; right after title() it goes above the blank line, not below it."""
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER, spacing=self.style.body_line_spacing_pt)
        self._run(p, text, self.style.fonts.heading2, self.style.sizes_pt.heading)
        gap = self._gap
        if gap is not None and gap._p.getnext() is p._p:
            gap._p.addprevious(p._p)  # keep the blank line between the title block and the text
        return p

    def heading(self, text: str, level: int) -> Paragraph:
        if level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {level}")
        s = self.style
        names = {1: s.fonts.heading1, 2: s.fonts.heading2, 3: s.fonts.body}[level]
        p = self._para(WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, spacing=s.body_line_spacing_pt, size=s.sizes_pt.heading)
        p.paragraph_format.keep_with_next = True
        self._run(p, text, names, s.sizes_pt.heading, bold=True if level == 3 else None)
        self._outline(p, level)
        return p

    def paragraph(self, text: str, *, lead: str | None = None, indent: bool = True) -> Paragraph:
        s = self.style
        # a justified line cannot break inside a long Latin run (an address, a code): it would be
        # stretched character by character, so such a paragraph is set flush left
        align = WD_ALIGN_PARAGRAPH.LEFT if _UNBREAKABLE.search(text) else WD_ALIGN_PARAGRAPH.JUSTIFY
        p = self._para(align, indent=indent, spacing=s.body_line_spacing_pt)
        if lead:
            self._run(p, lead, s.fonts.body, s.sizes_pt.body, bold=True)
        self._run(p, text, s.fonts.body, s.sizes_pt.body)
        return p

    def signature(self, issuer: str, date: str, note: str | None = None) -> None:
        """落款 (GB/T 9704 7.3.5.2, without a seal): a blank line after the text, then the
        issuer centred over the 成文日期, and the date right-aligned with four characters' space
        on its right (右空四字); a note such as the contact line below it, indented two characters."""
        s = self.style
        blank = self._para(spacing=s.body_line_spacing_pt)
        blank.paragraph_format.keep_with_next = True
        right = Pt(4 * s.sizes_pt.body)
        dp = self._para(WD_ALIGN_PARAGRAPH.RIGHT, spacing=s.body_line_spacing_pt)
        dp.paragraph_format.right_indent = right
        self._run(dp, date, s.fonts.body, s.sizes_pt.body)
        # the issuer's line: centred on the date, so both end right-aligned at the same indent plus
        # half the difference of their widths (characters are one em wide)
        ip = self._para(WD_ALIGN_PARAGRAPH.RIGHT, spacing=s.body_line_spacing_pt)
        ip.paragraph_format.right_indent = Pt(right.pt + max(0.0, (len(date) - 2 - len(issuer)) / 2) * s.sizes_pt.body)
        ip.paragraph_format.keep_with_next = True
        self._run(ip, issuer, s.fonts.body, s.sizes_pt.body)
        dp._p.addprevious(ip._p)
        if note:
            self.paragraph(note, indent=True)

    def table(self, headers: list[str], rows: list[list[str]], widths_cm: list[float] | None = None) -> Table:
        s, n = self.style, len(headers)
        if any(len(r) != n for r in rows):
            raise ValueError(f"every row needs {n} cells to match the headers")
        widths = widths_cm or [s.text_width_cm / n] * n
        if len(widths) != n:
            raise ValueError(f"widths_cm has {len(widths)} entries for {n} columns")
        t = self.document.add_table(rows=1 + len(rows), cols=n)
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
                _off_grid(p)  # 小四 in a cell keeps its own pitch, not the body's character grid
                if i == 0:
                    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._run(p, str(value), s.fonts.table, s.sizes_pt.table, bold=True if i == 0 else None)
        return t

    def image(self, path: Path, width_cm: float = 15.0, caption: str | None = None) -> Paragraph:
        """A centred picture; its caption (图N …) centred right below it, on the same page."""
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER)  # single spacing: an exact line height would clip it
        _off_grid(p)
        p.add_run().add_picture(str(path), width=Cm(min(width_cm, self.text_width_cm)))
        if caption:
            p.paragraph_format.keep_with_next = True
            c = self._para(WD_ALIGN_PARAGRAPH.CENTER, spacing=self.style.body_line_spacing_pt)
            self._run(c, caption, self.style.fonts.body, self.style.sizes_pt.body)
        return p

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def page_numbers(self) -> None:
        """GB/T 9704 7.5: "— N —" in 4号半角宋体, 单页码居右空一字，双页码居左空一字 — odd pages in
        the default footer flush right, even pages in the even footer flush left, each one
        character in from the edge of the text block (w:evenAndOddHeaders in the settings)."""
        s = self.style
        self.document.settings.odd_and_even_pages_header_footer = True
        one_char = Pt(s.sizes_pt.page_number)
        for sec in self.document.sections:
            for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
                footer.is_linked_to_previous = False
                p = footer.paragraphs[0]
                pf = p.paragraph_format
                pf.alignment = align
                pf.left_indent, pf.right_indent = (one_char, None) if align == WD_ALIGN_PARAGRAPH.LEFT else (None, one_char)
                _off_grid(p)
                self._page_field(p)

    def _page_field(self, p: Paragraph) -> None:
        names = self.style.fonts.page_number  # 半角宋体 digits: the CJK font for latin text too
        for kind, text in (("t", "— "), ("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1"), ("end", None), ("t", " —")):
            r = self._run(p, text if kind == "t" else "", names, self.style.sizes_pt.page_number, latin=names[0])
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
                r._r.append(el)
            elif kind != "t":
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                r._r.append(el)

    # -- output ----------------------------------------------------------------------------
    def _write_font_table(self) -> None:
        part = next((r.target_part for r in self.document.part.rels.values() if r.reltype == RT.FONT_TABLE and not r.is_external), None)
        if part is None:
            part = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, _EMPTY_FONTS, self.document.part.package)
            self.document.part.relate_to(part, RT.FONT_TABLE)
        root = part.element if isinstance(part, XmlPart) else parse_xml(part.blob)
        f = self.style.fonts
        alts: dict[str, str | None] = {}
        for names in (f.title, f.heading1, f.heading2, f.body, f.table, f.page_number):
            for i, name in enumerate(names):
                if alts.get(name) is None:
                    alts[name] = names[i + 1] if i + 1 < len(names) else None
        for name, alt in alts.items():
            entry = next((e for e in root.findall(qn("w:font")) if e.get(qn("w:name")) == name), None)
            if entry is None:
                entry = etree.SubElement(root, qn("w:font"))
                entry.set(qn("w:name"), name)
                for tag, val in (("w:panose1", self.style.panose.get(name)), ("w:charset", "86"), ("w:family", "auto"), ("w:pitch", "variable")):
                    if val is not None:
                        etree.SubElement(entry, qn(tag)).set(qn("w:val"), val)
            if alt is not None and entry.find(qn("w:altName")) is None:
                el = etree.Element(qn("w:altName"))
                el.set(qn("w:val"), alt)
                entry.insert(0, el)  # CT_Font: altName comes first
        if not isinstance(part, XmlPart):
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _core_properties(self) -> None:
        """Who and when, instead of the template's "python-docx", 2013."""
        cp = self.document.core_properties
        now = datetime.now(timezone.utc).replace(microsecond=0)
        cp.author = cp.last_modified_by = self.author
        cp.created = cp.modified = now
        cp.revision = 1
        cp.language = "zh-CN"
        cp.comments = "由 GovTasks 根据目标任务分解表生成"
        cp.subject = cp.keywords = cp.category = ""

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_font_table()
        self._core_properties()
        with atomic_path(path) as tmp:
            self.document.save(str(tmp))
        return path
