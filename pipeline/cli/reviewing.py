"""`govtasks check`: the flags a person should confirm on a table (nothing is changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import run
from pipeline.index.embed import default_embedder
from pipeline.index.store import Store
from pipeline.review.check import review_table


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
