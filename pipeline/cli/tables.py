"""`govtasks extract`: a table's rows."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import Format, needs_out, output_format, run
from pipeline.export.flat import write_tasks
from pipeline.extract import extract as run_extract


def extract(
    path: Path = typer.Argument(..., help="Decomposition table: .txt .csv .docx .xlsx .pdf (.doc/.wps/.et with LibreOffice)."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format (default: from -o's suffix, else jsonl)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here instead of stdout (needed for xlsx)."),
    district: Optional[str] = typer.Option(None, help="Issuing district (e.g. 武进区) when the document does not state it."),
    year: Optional[int] = typer.Option(None, help="Year of the report when the document does not state it."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Override the document id (default: <district pinyin>_<year>)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print warnings."),
):
    """Table → task rows (JSONL is the task-row contract)."""
    fmt = output_format(format, out, Format.__members__, "jsonl")
    needs_out(fmt, out)
    result = run(run_extract, path, district=district, year=year, doc_id=doc_id, display=str(path))
    if not quiet:
        for w in result.warnings:
            output.warn(w)
    run(write_tasks, result.tasks, fmt, out, sys.stdout, title=result.meta.title)
    if out is not None and not quiet:
        output.note(f"{len(result.tasks)} rows from {path} ({result.meta.doc_id}) → {out}")
