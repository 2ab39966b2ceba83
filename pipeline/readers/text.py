"""Plain-text tables, in the two layouts offices' exports produce.

- "cells": text saved from a Word table — each cell starts on a line that begins with a TAB,
  lines without a TAB continue the cell (blank lines separate paragraphs or names). The header
  row is the first run of short TAB lines; its length is the column count.
- "rows": text pulled out of a PDF (or a TSV) — one table row per line, fields separated by
  TABs, header repeated on each page, columns not necessarily aligned. Lines without a TAB
  after the table started continue the previous row's longest field (a wrapped line).
"""

from __future__ import annotations

from pipeline.errors import NoTableFound
from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument, TextLines
from pipeline.readers.limits import check_text
from pipeline.readers.encoding import read_text
from pipeline.schema import Source


def _split_lines(text: str) -> list[str]:
    """The text's lines, whatever its line endings (\r\n, \r, \n)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _layout(lines: list[str]) -> str | None:
    tabbed = [ln for ln in lines if "\t" in ln]
    if len(tabbed) < 2:
        return None
    cell_lines = sum(1 for ln in tabbed if _is_cell_line(ln))
    return "cells" if cell_lines >= 0.6 * len(tabbed) else "rows"


def _header_run(lines: list[str]) -> tuple[int, int]:
    """First run of >= 3 consecutive short, non-empty TAB cell lines: (start, end) indexes."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_cell_line(lines[j]) and 0 < len(lines[j].strip()) <= 20:
            j += 1
        if j - i >= 3:
            return i, j
        i = j + 1 if j == i else j
    raise NoTableFound(None, "no header row of TAB-started cells found")


def parse_cells(lines: list[str], display: str) -> RawDocument:
    try:
        start, end = _header_run(lines)
    except NoTableFound:
        raise NoTableFound(display, "no table header found (TAB-started cells)", "check the file is a decomposition table, or give the .docx/.xlsx original")
    ncols = end - start
    preamble = [ln.strip() for ln in lines[:start] if ln.strip()]

    # cells: [text, first line no, last non-blank line no]
    # a blank line inside a cell separates paragraphs or names; both become "\n"
    cells: list[list] = []
    for idx in range(start, len(lines)):
        line = lines[idx]
        lineno = idx + 1
        if line.startswith("\t"):
            cells.append([line[1:].strip(), lineno, lineno])
        elif line.strip() and cells:
            cur = cells[-1]
            cur[0] = f"{cur[0]}\n{line.strip()}" if cur[0] else line.strip()
            cur[2] = lineno

    grid = Grid(name="table 1", aligned=True)
    for r in range(0, len(cells), ncols):
        chunk = cells[r : r + ncols]
        chunk += [["", chunk[-1][2], chunk[-1][2]]] * (ncols - len(chunk))
        line_start = chunk[0][1]
        line_end = max(c[2] for c in chunk)
        grid.rows.append(
            GridRow(
                cells=[Cell(text=c[0]) for c in chunk],
                source=Source(path=display, line_start=line_start, line_end=line_end),
            )
        )
    return RawDocument(path=display, kind="txt-cells", preamble=preamble, grids=[grid])


def parse_rows(lines: list[str], display: str) -> RawDocument:
    preamble: list[str] = []
    grid = Grid(name="table 1", aligned=False)
    for idx, line in enumerate(lines):
        lineno = idx + 1
        if "\t" in line:
            fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
            grid.rows.append(GridRow(cells=[Cell(text=f) for f in fields], source=Source(path=display, line_start=lineno, line_end=lineno)))
        elif line.strip():
            if not grid.rows:
                preamble.append(line.strip())
                continue
            prev = grid.rows[-1]
            longest = max(prev.cells, key=lambda c: len(c.text))
            longest.text += line.strip()
            prev.source.line_end = lineno
    if not grid.rows:
        raise NoTableFound(display, "no table rows found", "give a table with TAB-separated cells, or the .docx/.xlsx/.pdf original")
    return RawDocument(path=display, kind="txt-rows", preamble=preamble, grids=[grid])


class TextReader:
    name = "text"
    suffixes = (".txt", ".tsv", ".text")

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix in self.suffixes

    def read(self, info: FileInfo) -> RawDocument:
        text, _encoding = read_text(info.path, info.display)
        check_text(text, info.display)
        lines = _split_lines(text)
        layout = _layout(lines)
        if layout is None:
            raise NoTableFound(info.display, "no table found (no TAB-separated cells)", "give the table as .docx/.xlsx/.pdf, or export text with TABs between cells")
        return parse_cells(lines, info.display) if layout == "cells" else parse_rows(lines, info.display)

    def reads_lines(self, info: FileInfo) -> bool:
        return info.suffix in (".txt", ".text", ".md")

    def read_lines(self, info: FileInfo) -> TextLines:
        """A report saved as text: one paragraph per line."""
        text, _ = read_text(info.path, info.display)
        check_text(text, info.display, separators="")
        return TextLines(lines=list(enumerate(_split_lines(text), start=1)))
