"""Sheet layout shared by the .xlsx writers: A4 landscape, fit to page width, header rows
repeated on every printed page, and row heights that show the wrapped text (Excel and
LibreOffice do not always re-fit rows written by openpyxl)."""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_row_heights(ws, first_row: int, widths: dict[int, float], line_height: float = 15.0) -> None:
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            width = max(widths.get(cell.column, 10) - 1, 1)
            text = str(cell.value)
            lines = max(lines, sum(max(1, math.ceil(display_width(part) / width)) for part in text.split("\n")))
        ws.row_dimensions[row[0].row].height = min(line_height * lines + 4, 400)


def print_setup(ws, header_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = header_rows
    ws.page_margins.left = ws.page_margins.right = 0.5


def write_table(ws, columns: list[tuple[str, float]], rows: list[list], title: str | None = None, note: str | None = None) -> int:
    """A titled, filterable table from row 1: optional title and note rows, a header (bold, shaded),
    bordered wrapped cells, frozen panes under the header, widths, row heights and A4 print set-up.
    Returns the header's row number."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = 1
    if title:
        ws.cell(header, 1, title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=len(columns))
        header += 1
    if note:
        ws.cell(header, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=len(columns))
        ws.row_dimensions[header].height = 32
        header += 1
    for c, (label, width) in enumerate(columns, start=1):
        cell = ws.cell(header, c, label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, start=header + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value if value not in ("", None) else None)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{header + max(len(rows), 1)}"
    fit_row_heights(ws, header + 1, {c: w for c, (_, w) in enumerate(columns, start=1)})
    print_setup(ws, f"{header}:{header}")
    return header
