"""OfficialDoc: one document in the official layout (see the package's docstring), built by
appending the 附件 line, title, subtitle, headings, paragraphs, tables, pictures, the 落款 and
page numbers; saved with its font table and core properties, atomically."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pipeline.draft.officedoc.fonts import add_run, make_chinese, set_font, write_font_table
from pipeline.draft.officedoc.page import add_page_numbers, off_grid, set_up_page, text_width_cm
from pipeline.draft.officedoc.style import DocStyle, FontList
from pipeline.draft.officedoc.table import add_table
from pipeline.draft.officedoc.title import title_lines
from pipeline.util.atomic import atomic_path

_UNBREAKABLE = re.compile(r"[!-~]{24,}")


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
        s = self.style
        set_up_page(self.document, s, landscape)
        normal = self.document.styles["Normal"]
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        set_font(normal.font, s.fonts.body, s.sizes_pt.body, s.fonts.latin)
        make_chinese(self.document, s)

    @property
    def text_width_cm(self) -> float:
        return text_width_cm(self.style, self.landscape)

    # -- helpers ---------------------------------------------------------------------------
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

    def _run(self, p: Paragraph, text: str, names: FontList, size: float, bold: bool | None = None) -> Run:
        return add_run(p, text, names, size, self.style.fonts.latin, bold)

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
        return add_table(self.document, self.style, headers, rows, widths_cm)

    def image(self, path: Path, width_cm: float = 15.0, caption: str | None = None) -> Paragraph:
        """A centred picture; its caption (图N …) centred right below it, on the same page."""
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER)  # single spacing: an exact line height would clip it
        off_grid(p)
        p.add_run().add_picture(str(path), width=Cm(min(width_cm, self.text_width_cm)))
        if caption:
            p.paragraph_format.keep_with_next = True
            c = self._para(WD_ALIGN_PARAGRAPH.CENTER, spacing=self.style.body_line_spacing_pt)
            self._run(c, caption, self.style.fonts.body, self.style.sizes_pt.body)
        return p

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def page_numbers(self) -> None:
        """GB/T 9704 7.5 page numbers in odd and even footers (officedoc.page.add_page_numbers)."""
        add_page_numbers(self.document, self.style)

    # -- output ----------------------------------------------------------------------------
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
        write_font_table(self.document, self.style)
        self._core_properties()
        with atomic_path(path) as tmp:
            self.document.save(str(tmp))
        return path
