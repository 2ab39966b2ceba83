"""PDF with ruled tables (pdfplumber): tables spanning pages with repeated header rows, merged
cells (a grid position no cell covers is a continuation of the merged cell above or to the left),
rows split by a page break. No text layer → "scanned PDF: needs OCR"; encrypted → clear error."""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument
from pipeline.schema import Source


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return "\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


def _table_rows(table, page_no: int, display: str, first_on_page: bool) -> list[GridRow]:
    """One GridRow per pdfplumber row; a None cell is a position covered by a merged cell."""
    out: list[GridRow] = []
    texts = table.extract()
    col_x = sorted({round(cell[0]) for row in table.rows for cell in row.cells if cell is not None})
    for r, (row, values) in enumerate(zip(table.rows, texts)):
        cells: list[Cell] = []
        for c, (bbox, value) in enumerate(zip(row.cells, values)):
            if bbox is not None:
                cells.append(Cell(text=_clean(value), merged_above=False))
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
                    grid.rows += _table_rows(table, page_no, info.display, first_on_page=(t_index == 0 and page_no > 1))
            if not any_text:
                raise InputError(info.display, "scanned PDF: no text layer, needs OCR", "run OCR (e.g. ocrmypdf) or give the .docx/.xlsx original")
            if not grid.rows:
                raise InputError(info.display, "no ruled table found in the PDF", "give the .docx/.xlsx original, or a PDF whose table has cell borders")
        return RawDocument(path=info.display, kind="pdf", preamble=preamble, grids=[grid])
