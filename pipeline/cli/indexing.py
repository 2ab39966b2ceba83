"""`govtasks index`: tables and reports into the index; a bad file is reported and skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import run
from pipeline.errors import GovTasksError
from pipeline.index.ingest import add_all, document_files
from pipeline.index.store import Store


def index(
    paths: list[Path] = typer.Argument(..., help="Tables and reports (files or folders) to add to the index."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store or ~/.local/share/govtasks/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Use a Chroma server (http://host:port) instead of the embedded store; also GOVTASKS_CHROMA_URL."),
    district: Optional[str] = typer.Option(None, help="District for tables that do not state it."),
    year: Optional[int] = typer.Option(None, help="Year for documents that do not state it."),
    wait: float = typer.Option(0.0, "--wait", help="Seconds to wait for a batch or another index run on the same store to finish before giving up with “store busy”."),
):
    """Add tables and reports to the index (unchanged files cost nothing; a bad file is reported and skipped)."""
    files = document_files(paths)
    st = Store(store, chroma_url=chroma_url)
    failed = run(add_all, st, files, lambda f, result: output.error(result) if isinstance(result, GovTasksError) else output.added(f, result), district=district, year=year, wait=wait)
    if failed:
        output.note(f"{failed} of {len(files)} files failed; the others are indexed in {st.root}")
        raise typer.Exit(1)
