"""`govtasks extract` and `govtasks check`: a table's rows, and the flags a person should confirm."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import Format, needs_out, output_format, run
from pipeline.export.flat import write_tasks
from pipeline.extract import extract as run_extract
from pipeline.index.embed import default_embedder
from pipeline.index.store import Store
from pipeline.review.check import review_table


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


def check(
    table: Path = typer.Argument(..., help="Decomposition table (.txt .docx .xlsx .pdf …) or its task rows (.jsonl)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index whose other tables the checks also learn from."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per flag."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for the unit suggestions."),
):
    """Review flags for a table: lead units unlikely for their row, a column slipped by one row,
    missing leaders or units, names seen nowhere else. For a person to confirm; nothing is changed."""
    embedder = run(default_embedder) if embeddings else None
    review = run(review_table, table, Store(store, chroma_url=chroma_url), embedder)
    for f in review.flags:
        output.flag(f, json_out)
    output.note(f"{len(review.flags)} flags on {len(review.rows)} rows (learned from this table and {review.other_tables} other indexed table(s)); nothing was changed")
