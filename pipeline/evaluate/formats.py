"""The seed tables written as .docx (merged cells), .xlsx (merged ranges) and .pdf (the docx
converted by LibreOffice), built from the gold rows, so every reader is scored on the same
rows. The PDF needs LibreOffice; without it that format is reported as skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.evaluate.gold import GoldDoc
from pipeline.export.office import write_table_docx, write_table_xlsx
from pipeline.extract.metadata import read_sidecar
from pipeline.readers.legacy import convert_with_soffice, soffice_binary

FORMATS = ("docx", "xlsx", "pdf")


def fixture_title(gold: GoldDoc) -> str:
    side = read_sidecar(gold.path)
    district, year = side.get("district", ""), side.get("year", "")
    return f"{district}{year}年《政府工作报告》目标任务分解表"


def build_fixtures(gold: GoldDoc, outdir: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, Optional[Path]]:
    """Write the gold table in each format; a format that cannot be built maps to None."""
    outdir.mkdir(parents=True, exist_ok=True)
    tasks = [g.task for g in gold.rows]
    title = fixture_title(gold)
    out: dict[str, Optional[Path]] = {}
    docx_path = outdir / f"{gold.doc_id}.docx"
    if "docx" in formats or "pdf" in formats:
        write_table_docx(tasks, docx_path, title=title)
        out["docx"] = docx_path
    if "xlsx" in formats:
        out["xlsx"] = outdir / f"{gold.doc_id}.xlsx"
        write_table_xlsx(tasks, out["xlsx"], title=title)
    if "pdf" in formats:
        out["pdf"] = convert_with_soffice(docx_path, "pdf", outdir, str(docx_path)) if soffice_binary() else None
    return {k: v for k, v in out.items() if k in formats}
