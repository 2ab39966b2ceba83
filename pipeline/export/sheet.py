"""Sheet layout shared by the .xlsx writers: A4 landscape, fit to page width, header rows
repeated on every printed page, a page-number footer, a Chinese body font (not the template's
Calibri), numbers stored as numbers, and row heights that show the wrapped text (Excel and
LibreOffice do not always re-fit rows written by openpyxl)."""

from __future__ import annotations

import math
import re
import unicodedata


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


FONT = "宋体"
FONT_PT = 10.5  # 五号
_TOKEN = re.compile(r"[!-~]+|\s+|.", re.S)


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped cell `width` units wide, breaking as spreadsheets do: a
    CJK character anywhere, a run of Latin letters, digits and punctuation (a path, a code) only
    where it must — a path that does not fit moves to the next line whole."""
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for token in _TOKEN.findall(part):
            w = display_width(token)
            if used + w <= width or (token.isspace()):
                used += w
            elif w <= width:
                lines, used = lines + 1, w
            else:  # longer than a line: broken where the application can (/, -, :), counted as
                # starting on a line of its own and taking one line more than its width needs
                lines += math.ceil(w / width) + (1 if used else 0)
                used = 0
    return max(lines, 1)


def fit_row_heights(ws, first_row: int, widths: dict[int, float], line_height: float = 15.0) -> None:
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None or str(cell.value).startswith("="):
                continue
            lines = max(lines, wrapped_lines(str(cell.value), max(widths.get(cell.column, 10) - 1, 1)))
        ws.row_dimensions[row[0].row].height = min(line_height * lines + 4, 400)


def print_setup(ws, header_rows: str, margin_inch: float = 0.5) -> None:
    """A4 landscape, one page wide (as many long as needed), header rows on every page, and
    a footer 第 N 页 共 M 页."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = header_rows
    ws.page_margins.left = ws.page_margins.right = margin_inch
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = FONT


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Document text a spreadsheet would run as a formula (= + - @ first) kept as text with a
    leading quote (OWASP's advice for CSV injection); numbers and other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_text(value):
    """What an .xlsx/.csv cell of document text holds: a number written as text as a number, any
    other text neutralised."""
    return neutralise(as_number(value))


def as_number(value):
    """A number written as text ("35", "10.5") as a number, so Excel sums it; anything else as is."""
    if isinstance(value, str) and _NUMERIC.fullmatch(value.strip()):
        f = float(value)
        return int(f) if f.is_integer() and "." not in value else f
    return value


# no leading zeros (a code such as 007 stays text) and at most 15 digits (Excel's precision)
_NUMERIC = re.compile(r"[-+]?(?:0|[1-9]\d{0,14})(?:\.\d{1,6})?")


def write_table(ws, columns: list[tuple[str, float]], rows: list[list], title: str | None = None, note: str | None = None) -> int:
    """A titled, filterable table from row 1: optional title and note rows, a header (bold, shaded),
    bordered wrapped cells, frozen panes under the header, widths, row heights and A4 print set-up.
    Returns the header's row number."""
    # heavy: openpyxl, loaded only when a sheet is written (this module is imported on every CLI start)
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    body = Font(name=FONT, size=FONT_PT)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = 1
    if title:
        ws.cell(header, 1, title).font = Font(name="黑体", bold=True, size=14)
        ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=len(columns))
        header += 1
    if note:
        ws.cell(header, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(header, 1).font = body
        ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=len(columns))
        ws.row_dimensions[header].height = 32
        header += 1
    for c, (label, width) in enumerate(columns, start=1):
        cell = ws.cell(header, c, label)
        cell.font = Font(name=FONT, size=FONT_PT, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, start=header + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, cell_text(value) if value not in ("", None) else None)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            cell.font = body
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{header + max(len(rows), 1)}"
    fit_row_heights(ws, header, {c: w for c, (_, w) in enumerate(columns, start=1)})
    print_setup(ws, f"{header}:{header}")
    return header
