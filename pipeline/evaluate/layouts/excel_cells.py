"""openpyxl helpers the Excel layouts share: borders, the sidecar's district and year, cell values
(names joined, 序号), row heights estimated from the text, column widths and the print setup."""

from __future__ import annotations

import math

from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from pipeline.evaluate.layouts.gold_table import gold_meta

THIN = Side(style="thin", color="000000")
NONE = Side(style=None)
ALL_THIN = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def district_year(gold) -> tuple[str, int]:
    meta = gold_meta(gold)
    return meta.get("district") or "", int(meta.get("year") or 2026)


def _join_names(names: list[str], sep: str) -> str | None:
    """Names in one cell, or None (an empty cell) when there are none."""
    return sep.join(names) if names else None


def _row_number(task, i: int, numbered: bool):
    if task.number:
        return task.number  # printed, e.g. "(1)": stored as text
    return i + 1 if numbered else None


def row_values(task, i: int, numbered: bool, seps: dict[str, str]) -> dict:
    """A body row's values by column key: 序号, content, and each name column joined by its separator."""
    names = {f: _join_names(getattr(task, f), seps[f]) for f in ("leaders", "lead_units", "responsible_units")}
    return {"number": _row_number(task, i, numbered=numbered), "content": task.content, **names}


def put_value(cell, value, width: float, font_pt: float) -> int:
    """Write a non-empty value into `cell`; the lines it needs in a column `width` wide (1 when empty)."""
    if value is None:
        return 1
    cell.value = value
    return _lines_needed(value, width, font_pt)


def close_row(ws, r: int, number_col: int, number, height: float) -> None:
    """Close body row `r`: a printed 序号 ("(1)") kept as text (Excel would read -1), and its height."""
    if isinstance(number, str):
        ws.cell(r, number_col).number_format = "@"
    ws.row_dimensions[r].height = height


def _text_width(s: str) -> float:
    """Width of a line in Excel column units (a CJK character is about two)."""
    return sum(2.0 if ord(c) > 0x2E7F else 1.1 for c in s)


def _lines_needed(text, col_width: float, font_pt: float) -> int:
    if text is None or text == "":
        return 1
    scale = font_pt / 11.0
    usable = max(2.0, col_width - 1.0)
    n = 0
    for par in str(text).split("\n"):
        n += max(1, math.ceil(_text_width(par) * scale / usable))
    return n


def set_widths(ws, first_col: int, widths: list[float]) -> None:
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_col + k)].width = w


def page_setup(ws, landscape: bool, title_rows: str, fit_width: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
