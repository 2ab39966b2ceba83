"""`govtasks diff`: year-over-year changes between two decomposition tables."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import fail, run
from pipeline.compare import compare
from pipeline.compare.render import to_markdown, write_xlsx
from pipeline.index.embed import default_embedder
from pipeline.index.store import Store
from pipeline.util.atomic import write_text_atomic


def diff(
    old: Optional[Path] = typer.Argument(None, help="Last year's table (.txt .docx .xlsx .pdf …) or its task rows (.jsonl)."),
    new: Optional[Path] = typer.Argument(None, help="This year's table, same kinds."),
    district: Optional[str] = typer.Option(None, "--district", help="Instead of files: this district's indexed tables (with --years)."),
    years: Optional[tuple[int, int]] = typer.Option(None, "--years", help="Old and new year: --years 2026 2027 (with --district)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder for --district/--years."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here: FILE.md (Markdown) or FILE.xlsx (one sheet per kind of change)."),
    json_out: bool = typer.Option(False, "--json", help="The diff as one JSON object (README: the shape)."),
    embeddings: bool = typer.Option(False, "--embeddings/--no-embeddings", help="Also match reworded rows by the local embedding model (slower)."),
    threshold: Optional[float] = typer.Option(None, help="Match score below which a row is NEW / DROPPED (default: the documented one)."),
):
    """Compare two years' tables: tasks continued (with score and evidence), new, dropped; leaders
    and units moved; targets changed; goals moved."""
    if out is not None and out.suffix.lower() not in (".md", ".xlsx", ".json"):
        fail(f"{out}: unknown output format '{out.suffix}' — use -o FILE.md, FILE.xlsx or --json -o FILE.json")
    embedder = run(default_embedder) if embeddings else None
    d = run(compare, old, new, district=district, years=years, store=Store(store) if district else None, embedder=embedder, threshold=threshold)
    if out is not None and out.suffix.lower() == ".xlsx":
        run(write_xlsx, d, out)
    elif out is not None:
        run(write_text_atomic, out, output.diff_json(d) + "\n" if json_out or out.suffix.lower() == ".json" else to_markdown(d))
    elif json_out:
        output.as_json(d)
    else:
        output.line(to_markdown(d).rstrip("\n"))
    output.diff_summary(d, out)
