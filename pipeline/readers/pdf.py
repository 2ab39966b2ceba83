"""PDF with ruled tables: tables spanning pages with repeated header rows, merged cells (a grid
position no cell covers is a continuation of the merged cell above or to the left), rows split by
a page break. PDFium reads each page's characters and rules (pdf_layout); pdfplumber's
TableFinder turns the rules into cells. No text layer → "scanned PDF: needs OCR"; encrypted →
clear error."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.errors import InputError, NoTableFound
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument, TextLines
from pipeline.readers.limits import limit
from pipeline.readers.pdf_layout import PageLayout, page_layout, text_lines
from pipeline.readers.pdf_text import paragraph_lines
from pipeline.schema import Source


# characters a Chinese line may not start with (they are pulled back with the character
# before them), and those a line may not end with (pushed to the next line)
_NO_START = set("，。、；：！？）」』”’》〉%…—·,.;:!?)")
_NO_END = set("（「『“‘《〈(")


def _width(ch: dict) -> float:
    return ch["x1"] - ch["x0"]


def _wrapped(prev: list[dict], nxt: list[dict], right_edge: float) -> bool:
    """Did `prev` end because the cell was full? True when the start of the next line (its first
    unbreakable piece: a character, or a run of Latin letters and digits) would not have fitted
    in the space left, allowing for the line-breaking rules above."""
    space = right_edge - prev[-1]["x1"]
    head = [nxt[0]]
    if nxt[0]["text"].isascii() and nxt[0]["text"].isalnum():
        for ch in nxt[1:]:
            if not (ch["text"].isascii() and (ch["text"].isalnum() or ch["text"] in ".%")):
                break
            head.append(ch)
    need = sum(_width(ch) for ch in head)
    if nxt[0]["text"] in _NO_START or prev[-1]["text"] in _NO_END:
        need += _width(prev[-1])
    elif len(nxt) > 1 and nxt[1]["text"] in _NO_START:
        need += _width(nxt[1])  # "区、": the mark may not start a line, so 区 came down with it
    if nxt[0]["text"] in _NO_END:
        need += _width(nxt[1]) if len(nxt) > 1 else 0
    return space < need + 0.5


def _cell_texts(page: PageLayout, table) -> dict[tuple[int, int], str]:
    """Text of every cell from the page's characters. A line that ended because the cell was
    full continues directly on the next line; any other line ended a paragraph or a name
    ("王斐" / "王婷" on two lines), so the next starts after "\n"."""
    boxes: list[tuple[int, int, tuple]] = []
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                boxes.append((r, c, bbox))
    # each character goes to the first cell (in row order) holding its centre; the characters
    # sorted by centre height, a cell only looks at those within its own height
    tb = table.bbox
    inside = []
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if tb[0] <= cx <= tb[2] and tb[1] <= cy <= tb[3]:
            inside.append((cy, cx, ch))
    inside.sort(key=lambda t: t[0])
    heights = [t[0] for t in inside]
    taken = [False] * len(inside)
    found: dict[tuple[int, int], list[dict]] = {}
    for r, c, (bx0, btop, bx1, bbottom) in boxes:
        for k in range(bisect_left(heights, btop), bisect_right(heights, bbottom)):
            if not taken[k] and bx0 <= inside[k][1] <= bx1:
                taken[k] = True
                found.setdefault((r, c), []).append(inside[k][2])
    bbox_of = {(r, c): b for r, c, b in boxes}
    texts: dict[tuple[int, int], str] = {}
    for key, chars in found.items():
        bbox = bbox_of[key]
        lines = text_lines(chars)
        padding = max(min(line[0]["x0"] for line in lines) - bbox[0], 0)  # left padding = right padding
        right_edge = bbox[2] - padding
        out = "".join(k["text"] for k in lines[0]).strip()
        for prev, line in zip(lines, lines[1:]):
            out += ("" if _wrapped(prev, line, right_edge) else "\n") + "".join(k["text"] for k in line).strip()
        texts[key] = out
    return texts


def _table_rows(page: PageLayout, table, page_no: int, display: str, first_on_page: bool) -> list[GridRow]:
    """One GridRow per pdfplumber row; a None cell is a position covered by a merged cell."""
    out: list[GridRow] = []
    texts = _cell_texts(page, table)
    col_x = sorted({round(cell[0]) for row in table.rows for cell in row.cells if cell is not None})
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                cells.append(Cell(text=texts.get((r, c), ""), merged_above=False))
                continue
            # a covered position: horizontal if the nearest real cell on the left reaches over it
            left = next((row.cells[k] for k in range(c - 1, -1, -1) if row.cells[k] is not None), None)
            x_here = col_x[c] if c < len(col_x) else None
            if left is not None and x_here is not None and left[2] > x_here + 1:
                cells.append(Cell(text=cells[-1].text, merged_above=cells[-1].merged_above, merged_left=True))
            else:
                cells.append(Cell(text="", merged_above=True))
        out.append(
            GridRow(cells=cells, source=Source(path=display, page=page_no, row=r + 1), page_break_before=first_on_page and r == 0)
        )
    return out


class PdfReader:
    name = "pdf"

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix == ".pdf"

    def reads_lines(self, info: FileInfo) -> bool:
        return info.suffix == ".pdf"

    def read_lines(self, info: FileInfo) -> TextLines:
        return paragraph_lines(info.path, info.display)

    def read(self, info: FileInfo) -> RawDocument:
        import pypdfium2 as pdfium  # heavy: loaded only when a PDF is read
        from pdfplumber.table import TableFinder  # heavy: loaded only when a PDF is read

        with open(info.path, "rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise InputError(info.display, "not a PDF file (no %PDF header)", "give the original .pdf, or the .docx/.xlsx table")
        try:
            pdf = pdfium.PdfDocument(str(info.path))
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
                raise InputError(info.display, "encrypted PDF (password required)", "remove the password (print to an unprotected PDF) and try again")
            raise InputError(info.display, f"corrupt or truncated PDF ({exc})", "re-export the PDF")
        try:
            n_pages = len(pdf)
            if not n_pages:
                raise InputError(info.display, "the PDF has no pages", "re-export the PDF")
            limit("pages").check(info.display, n_pages)
            grid = Grid(name="table 1", aligned=True)
            preamble: list[str] = []
            any_text = False
            for page_no in range(1, n_pages + 1):
                try:
                    page = pdf[page_no - 1]
                    layout = page_layout(page)
                    page.close()
                except pdfium.PdfiumError as exc:
                    raise InputError(info.display, f"cannot read page {page_no} of the PDF ({exc})", "re-export the PDF")
                any_text = any_text or bool(layout.chars)
                tables = TableFinder(layout).tables
                if not grid.rows and layout.chars:
                    top = tables[0].bbox[1] if tables else layout.height
                    preamble += _lines_above(layout, top)
                for t_index, table in enumerate(tables):
                    grid.rows += _table_rows(layout, table, page_no, info.display, first_on_page=(t_index == 0 and page_no > 1))
        finally:
            pdf.close()
        if not any_text:
            raise InputError(info.display, "scanned PDF: no text layer, needs OCR", "run OCR (e.g. ocrmypdf) or give the .docx/.xlsx original")
        if not grid.rows:
            raise NoTableFound(info.display, "no ruled table found in the PDF", "give the .docx/.xlsx original, or a PDF whose table has cell borders")
        return RawDocument(path=info.display, kind="pdf", preamble=preamble, grids=[grid])


def _lines_above(page: PageLayout, top: float) -> list[str]:
    """The printed lines above the table (title, issuer, date); a gap wider than 3 pt between
    two characters is a space."""
    out: list[str] = []
    for line in text_lines([ch for ch in page.chars if ch["bottom"] <= top]):
        text = line[0]["text"]
        for prev, ch in zip(line, line[1:]):
            text += (" " if ch["x0"] - prev["x1"] > 3 else "") + ch["text"]
        if text.strip():
            out.append(text.strip())
    return out
