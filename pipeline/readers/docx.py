"""Word .docx: every table with vertically (vMerge) and horizontally (gridSpan) merged cells,
several paragraphs per cell, and the paragraphs before the first table as preamble."""

from __future__ import annotations

from pipeline.errors import InputError, NoTableFound
from pipeline.readers.limits import Limit, limit
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument, TextLines
from pipeline.readers.office import check_ooxml
from pipeline.schema import Source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p) -> str:
    """A paragraph's text with soft line breaks (Shift+Enter) kept as "\n"."""
    parts = []
    for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter(f"{W}p"):
        lines += [ln.strip() for ln in paragraph_text(p).split("\n") if ln.strip()]
    return "\n".join(lines)


def _span(el, display: str, cap: Limit) -> int:
    """A gridSpan / gridBefore value, checked against the span limit before any cell is made."""
    try:
        n = int(el.get(f"{W}val", "1"))
    except ValueError:
        raise InputError(display, f"a table cell declares a span that is not a number ({el.get(f'{W}val')!r})", "re-save the document from Word/WPS")
    cap.check(display, n)
    return max(n, 1)


def _table_grid(tbl, display: str, number: int) -> Grid:
    grid = Grid(name=f"table {number}", aligned=True)
    span_cap, columns_cap = limit("span"), limit("columns")
    for r, tr in enumerate(tbl.findall(f"{W}tr"), start=1):
        cells: list[Cell] = []
        trpr = tr.find(f"{W}trPr")
        if trpr is not None:
            before = trpr.find(f"{W}gridBefore")
            if before is not None:
                cells += [Cell(text="", merged_above=False)] * _span(before, display, span_cap)
        for tc in tr.findall(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                if gs is not None:
                    span = _span(gs, display, span_cap)
                vm = tcpr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
            continued = vmerge == "continue"
            text = "" if continued else _cell_text(tc)
            cells.append(Cell(text=text, merged_above=continued))
            cells += [Cell(text=text, merged_above=continued, merged_left=True) for _ in range(span - 1)]
        columns_cap.check(display, len(cells))
        grid.rows.append(GridRow(cells=cells, source=Source(path=display, table=number, row=r)))
    return grid


class DocxReader:
    name = "docx"

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix in (".docx", ".docm")

    def reads_lines(self, info: FileInfo) -> bool:
        return info.suffix == ".docx"

    def read_lines(self, info: FileInfo) -> TextLines:
        """A report in Word: its body's paragraphs in order."""
        import docx  # heavy (python-docx): loaded only when a Word file is read

        check_ooxml(info, "Word")
        body = docx.Document(str(info.path)).element.body
        return TextLines(lines=list(enumerate((paragraph_text(p) for p in body.iter(f"{W}p")), start=1)))

    def read(self, info: FileInfo) -> RawDocument:
        check_ooxml(info, "Word")
        import docx  # heavy (python-docx): loaded only when a Word file is read

        try:
            document = docx.Document(str(info.path))
        except Exception as exc:  # python-docx raises several types for a damaged package
            raise InputError(info.display, f"cannot open the Word file ({type(exc).__name__}: {exc})", "re-save it from Word/WPS as .docx")
        body = document.element.body
        preamble: list[str] = []
        grids: list[Grid] = []
        for child in body.iterchildren():
            if child.tag == f"{W}p" and not grids:
                text = paragraph_text(child).strip()
                if text:
                    preamble.append(text)
            elif child.tag == f"{W}tbl":
                grids.append(_table_grid(child, info.display, len(grids) + 1))
        if not grids:
            raise NoTableFound(info.display, "the Word file contains no table", "give the document that holds the decomposition table")
        return RawDocument(path=info.display, kind="docx", preamble=preamble, grids=grids)
