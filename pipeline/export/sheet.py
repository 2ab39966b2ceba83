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
