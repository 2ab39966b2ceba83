"""Excel layouts of a gold table, typed "by another office clerk" (openpyxl).

`build_xlsx(gold, layout, outdir)` writes one gold table (pipeline.evaluate.gold.GoldDoc) as
`<outdir>/<doc_id>__<layout>.xlsx`, in one of three layouts that real district offices produce in
WPS / Excel (see LAYOUTS.md in pipeline/evaluate/, section "Excel layouts"), one module each:

- "annex_merged" (excel_annex.py): the formal 附件 sheet, a two-row header, goal cells merged.
- "ledger_filter" (excel_ledger.py): a 督查台账 from B2 with an AutoFilter, goal labels on every
  row, columns reordered and renamed, names inline.
- "first_row_only" (excel_first_row.py): merges undone, each goal label on the first row of its
  group only, the group drawn as one box by its borders.

Cell values are the gold values exactly (content with its "\\n" paragraph breaks, names as listed,
numbers as printed). The layouts are written from the gold rows only; they use none of the project's
readers, extractors or fixture builders.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from pipeline.evaluate.layouts.excel_annex import build_annex_merged
from pipeline.evaluate.layouts.excel_columns import XLSX_LAYOUT_NAMES
from pipeline.evaluate.layouts.excel_first_row import build_first_row_only
from pipeline.evaluate.layouts.excel_ledger import build_ledger_filter

BUILDERS = {
    "annex_merged": build_annex_merged,
    "ledger_filter": build_ledger_filter,
    "first_row_only": build_first_row_only,
}


def build_xlsx(gold, layout: str, outdir: Path) -> Path:
    """Write `gold` in `layout` as <outdir>/<doc_id>__<layout>.xlsx and return the path."""
    if layout not in BUILDERS:
        raise ValueError(f"unknown xlsx layout {layout!r}; expected one of {', '.join(XLSX_LAYOUT_NAMES)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    BUILDERS[layout](gold, wb)
    wb.properties.creator = "Administrator"
    path = outdir / f"{gold.doc_id}__{layout}.xlsx"
    wb.save(str(path))
    return path
