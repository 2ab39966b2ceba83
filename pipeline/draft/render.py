"""Drafts as they print: .docx/.xlsx → PDF with LibreOffice (the sheet's own print set-up, the
document's own page geometry) → one PNG per page with PDFium; and a layout check on the PDF that
finds text running off the page, out of the text block, or past the edge of its table cell.

`govtasks render FILE... --out DIR` is the command; the rendering tests and the README pictures
use it, so what is checked is what a clerk's printer gets."""

from __future__ import annotations

import shutil
import tempfile
from itertools import groupby
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.errors import InputError
from pipeline.readers.legacy import convert_with_soffice, soffice_binary
from pipeline.util.atomic import atomic_path

SUFFIXES = {".docx", ".xlsx", ".pdf", ".doc", ".xls", ".odt", ".ods", ".wps", ".et"}
SLACK_PT = 1.0  # a glyph's box may overhang its line or cell by this much (side bearings)
# closing punctuation may hang one character box past the right margin at a line's end (标点溢出边界,
# on by default in Word and LibreOffice for Chinese)
HANGING = set("，。、；：！？）》」』”’")


@dataclass
class Rendered:
    source: Path
    pdf: Path
    pngs: list[Path] = field(default_factory=list)
    pages: int = 0


def to_pdf(src: Path, out_dir: Path, display: Optional[str] = None, timeout: int = 240) -> Path:
    """The file as LibreOffice prints it, written to out_dir/<stem>.pdf (a PDF is copied)."""
    src = Path(src)
    display = display or str(src)
    if not src.is_file():
        raise InputError(display, "文件不存在", "请给出要渲染的 .docx/.xlsx/.pdf")
    if src.suffix.lower() not in SUFFIXES:
        raise InputError(display, f"无法渲染 {src.suffix or '无扩展名'} 文件", "可渲染 .docx/.xlsx/.pdf（及 .doc/.xls/.wps/.et）")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{src.stem}.pdf"
    if src.suffix.lower() == ".pdf":
        if src.resolve() != target.resolve():
            shutil.copyfile(src, target)
        return target
    if soffice_binary() is None:
        raise InputError(display, "渲染需要 LibreOffice（soffice），本机未安装", "请运行 make system-deps，或 apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory(prefix="govtasks-render-") as tmp:
        pdf = convert_with_soffice(src, "pdf", Path(tmp), display, timeout=timeout)
        shutil.move(str(pdf), target)
    return target


def to_pngs(pdf: Path, out_dir: Path, dpi: int = 110, pages: Optional[list[int]] = None) -> list[Path]:
    """One PNG per page (1-based `pages`, default all): <stem>-<n>.png."""
    import pypdfium2 as pdfium  # heavy: PDFium, loaded only when a PDF is rasterised or counted

    doc = pdfium.PdfDocument(str(pdf))
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        out = []
        for n in wanted:
            if not 1 <= n <= len(doc):
                continue
            image = doc[n - 1].render(scale=dpi / 72).to_pil()
            path = out_dir / f"{pdf.stem}-{n}.png"
            with atomic_path(path) as part:
                image.save(part, format="PNG")
            out.append(path)
        return out
    finally:
        doc.close()


def render(src: Path, out_dir: Path, dpi: int = 110, pages: Optional[list[int]] = None) -> Rendered:
    out_dir = Path(out_dir)
    pdf = to_pdf(Path(src), out_dir)
    pngs = to_pngs(pdf, out_dir, dpi, pages)
    return Rendered(Path(src), pdf, pngs, page_count(pdf))


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium  # heavy: PDFium, loaded only when a PDF is rasterised or counted

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


# ---- the layout check ---------------------------------------------------------------------------
@dataclass
class Overflow:
    page: int
    text: str
    where: str  # page | text block | cell

    def __str__(self) -> str:
        where = {"page": "超出页面", "text block": "超出版心", "cell": "超出单元格（被截断）"}[self.where]
        return f"第{self.page}页：“{self.text}”{where}"


def overflows(pdf: Path, text_block_pt: Optional[tuple[float, float, float, float]] = None) -> list[Overflow]:
    """Text that would not print whole. Every character must lie on the page; with
    `text_block_pt` (left, top, right, bottom margins in pt) every character above the footer
    must lie inside the text block; and a character inside a ruled table cell must not cross
    the cell's edges (LibreOffice clips what a too-short row or too-narrow column cannot hold).
    Reported once per run of consecutive offending characters."""
    import pdfplumber  # heavy: loaded only for the layout check

    found: list[Overflow] = []
    with pdfplumber.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            w, h = float(page.width), float(page.height)
            cells = [c for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}) for c in t.cells]
            marks: list[tuple[str, str]] = []  # (character, where it overflows or "")
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                x0, x1, top, bottom = ch["x0"], ch["x1"], ch["top"], ch["bottom"]
                where = None
                if x0 < -SLACK_PT or x1 > w + SLACK_PT or top < -SLACK_PT or bottom > h + SLACK_PT:
                    where = "page"
                elif text_block_pt is not None:
                    left, top_m, right, bottom_m = text_block_pt
                    in_footer = top >= h - bottom_m
                    hang = ch["size"] if ch["text"] in HANGING else 0.0  # its box is a full em, the mark its left half
                    if not in_footer and (x0 < left - SLACK_PT or x1 > w - right + SLACK_PT + hang or top < top_m - SLACK_PT - ch["size"] * 0.3):
                        where = "text block"
                if where is None and cells:
                    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
                    cell = next((c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
                    if cell is not None and (x0 < cell[0] - SLACK_PT or x1 > cell[2] + SLACK_PT or top < cell[1] - SLACK_PT or bottom > cell[3] + SLACK_PT):
                        where = "cell"
                marks.append((ch["text"], where or ""))
            for where, run in groupby(marks, key=lambda m: m[1]):
                if where:
                    found.append(Overflow(n, "".join(text for text, _ in run)[:30], where))
    return found
