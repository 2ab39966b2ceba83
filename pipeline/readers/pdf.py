"""PDF with ruled tables (pdfplumber): tables spanning pages with repeated header rows, merged
cells (a grid position no cell covers is a continuation of the merged cell above or to the left),
rows split by a page break. No text layer → "scanned PDF: needs OCR"; encrypted → clear error."""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument
from pipeline.readers.limits import limit
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


def _cell_texts(page, table) -> dict[tuple[int, int], str]:
    """Text of every cell from the page's characters. A line that ended because the cell was
    full continues directly on the next line; any other line ended a paragraph or a name
    ("王斐" / "王婷" on two lines), so the next starts after "\n"."""
    boxes: list[tuple[int, int, tuple]] = []
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                boxes.append((r, c, bbox))
    found: dict[tuple[int, int], list[dict]] = {}
    tb = table.bbox
    for ch in page.chars:
        if not ch["text"].strip():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (tb[0] <= cx <= tb[2] and tb[1] <= cy <= tb[3]):
            continue
        for r, c, (bx0, btop, bx1, bbottom) in boxes:
            if bx0 <= cx <= bx1 and btop <= cy <= bbottom:
                found.setdefault((r, c), []).append(ch)
                break
    bbox_of = {(r, c): b for r, c, b in boxes}
    texts: dict[tuple[int, int], str] = {}
    for key, chars in found.items():
        bbox = bbox_of[key]
        lines: list[list[dict]] = []
        for ch in sorted(chars, key=lambda k: (round(k["top"]), k["x0"])):
            if lines and abs(lines[-1][0]["top"] - ch["top"]) < max(ch["size"] * 0.5, 2):
                lines[-1].append(ch)
            else:
                lines.append([ch])
        for line in lines:
            line.sort(key=lambda k: k["x0"])
        padding = max(min(line[0]["x0"] for line in lines) - bbox[0], 0)  # left padding = right padding
        right_edge = bbox[2] - padding
        out = "".join(k["text"] for k in lines[0]).strip()
        for prev, line in zip(lines, lines[1:]):
            out += ("" if _wrapped(prev, line, right_edge) else "\n") + "".join(k["text"] for k in line).strip()
        texts[key] = out
    return texts


def _table_rows(page, table, page_no: int, display: str, first_on_page: bool) -> list[GridRow]:
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

    def read(self, info: FileInfo) -> RawDocument:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError

        with open(info.path, "rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise InputError(info.display, "not a PDF file (no %PDF header)", "give the original .pdf, or the .docx/.xlsx table")
        try:
            pdf = pdfplumber.open(info.path)
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise InputError(info.display, f"encrypted PDF ({type(exc).__name__})", "remove the password (print to an unprotected PDF) and try again")
        except PDFSyntaxError as exc:
            raise InputError(info.display, f"corrupt or truncated PDF ({exc})", "re-export the PDF")
        except Exception as exc:
            if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
                raise InputError(info.display, "encrypted PDF", "remove the password (print to an unprotected PDF) and try again")
            raise InputError(info.display, f"cannot open the PDF ({type(exc).__name__}: {exc})", "re-export the PDF")
        with pdf:
            try:
                pages = list(pdf.pages)
            except Exception as exc:
                raise InputError(info.display, f"cannot read the PDF pages ({type(exc).__name__})", "re-export the PDF")
            if not pages:
                raise InputError(info.display, "the PDF has no pages", "re-export the PDF")
            limit("pages").check(info.display, len(pages))
            grid = Grid(name="table 1", aligned=True)
            preamble: list[str] = []
            any_text = False
            for page_no, page in enumerate(pages, start=1):
                if page.chars:
                    any_text = True
                tables = page.find_tables()
                if not grid.rows and page.chars:
                    top = tables[0].bbox[1] if tables else page.height
                    above = page.crop((0, 0, page.width, max(top, 1))).extract_text() or ""
                    preamble += [ln.strip() for ln in above.splitlines() if ln.strip()]
                for t_index, table in enumerate(tables):
                    grid.rows += _table_rows(page, table, page_no, info.display, first_on_page=(t_index == 0 and page_no > 1))
            if not any_text:
                raise InputError(info.display, "scanned PDF: no text layer, needs OCR", "run OCR (e.g. ocrmypdf) or give the .docx/.xlsx original")
            if not grid.rows:
                raise InputError(info.display, "no ruled table found in the PDF", "give the .docx/.xlsx original, or a PDF whose table has cell borders")
        return RawDocument(path=info.display, kind="pdf", preamble=preamble, grids=[grid])
