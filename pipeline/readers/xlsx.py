"""Excel .xlsx: every sheet with its merged ranges (a blank cell inside a range is marked as a
continuation of the range's first row/column; so is a blank cell its borders draw as part of
the cell above), title rows above the header kept as cells."""

from __future__ import annotations

from pipeline.errors import InputError
from typing import Optional

from pipeline.readers.base import Cell, FileInfo, Grid, GridRow, RawDocument
from pipeline.readers.limits import limit
from pipeline.readers.office import check_ooxml
from pipeline.schema import Source


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _used_range(ws) -> Optional[tuple[int, int]]:
    """(last row, last column) of the cells that hold a value; None for an empty sheet. A cell far
    from A1 with nothing in it, or a declared dimension of 1,048,576 rows, does not count."""
    rows = cols = 0
    for (r, c), cell in ws._cells.items():  # only the cells the file stores
        if cell.value is not None and str(cell.value).strip():
            rows, cols = max(rows, r), max(cols, c)
    return (rows, cols) if rows else None


def _box_continues(ws, r: int, c: int) -> bool:
    """A blank cell drawn as part of the box above it: ruled left or right, but no rule between
    it and the cell above (a clerk who writes a goal once and draws its rows as one box instead
    of merging them). A cell with a rule above is its own cell; one with no rules says nothing."""
    cell = ws._cells.get((r, c))
    if cell is None or not cell.has_style:
        return False
    b = cell.border
    if not (_ruled(b.left) or _ruled(b.right)):
        return False
    above = ws._cells.get((r - 1, c))
    return not (_ruled(b.top) or (above is not None and above.has_style and _ruled(above.border.bottom)))


def _ruled(side) -> bool:
    return side is not None and bool(side.style)


class XlsxReader:
    name = "xlsx"

    def accepts(self, info: FileInfo) -> bool:
        return info.suffix in (".xlsx", ".xlsm")

    def read(self, info: FileInfo) -> RawDocument:
        check_ooxml(info, "Excel")
        import openpyxl  # heavy: loaded only when an Excel file is read

        try:
            wb = openpyxl.load_workbook(info.path, data_only=True)
        except Exception as exc:
            raise InputError(info.display, f"cannot open the Excel file ({type(exc).__name__}: {exc})", "re-save it from Excel/WPS as .xlsx")
        grids: list[Grid] = []
        rows_seen = 0
        for ws in wb.worksheets:
            used = _used_range(ws)  # the cells that hold values, not the declared dimension
            if used is None:
                continue
            max_row, max_col = used
            limit("columns").check(info.display, max_col)
            rows_seen += max_row
            limit("rows").check(info.display, rows_seen)
            covered: dict[tuple[int, int], tuple[bool, bool]] = {}
            for rng in ws.merged_cells.ranges:  # clipped to the used range: a range over the whole sheet is not 17 billion cells
                for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
                    for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                        if (r, c) != (rng.min_row, rng.min_col):
                            covered[(r, c)] = (r > rng.min_row, c > rng.min_col)
            grid = Grid(name=ws.title, aligned=True)
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True), start=1):
                cells = []
                for c, value in enumerate(row, start=1):
                    above, left = covered.get((r, c), (False, False))
                    if left:
                        cells.append(Cell(text=cells[-1].text, merged_above=cells[-1].merged_above, merged_left=True))
                    else:
                        text = "" if above else _text(value)
                        cells.append(Cell(text=text, merged_above=above or (not text and r > 1 and _box_continues(ws, r, c))))
                if any(not c.blank or c.merged_above for c in cells):
                    grid.rows.append(GridRow(cells=cells, source=Source(path=info.display, sheet=ws.title, row=r)))
            if grid.rows:
                grids.append(grid)
        if not grids:
            raise InputError(info.display, "the workbook has no non-empty sheet", "give the workbook that holds the decomposition table")
        return RawDocument(path=info.display, kind="xlsx", grids=grids)
