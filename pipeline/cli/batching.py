"""`govtasks batch DIR...`: every table and report under the folders into one store, incrementally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.batch.run import run_batch
from pipeline.cli import output
from pipeline.cli.common import fail, run
from pipeline.cli.progress_bar import BatchProgress
from pipeline.index.store import Store


def batch(
    dirs: list[Path] = typer.Argument(..., help="Folders to take every table and report from (recursively)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store or ~/.local/share/govtasks/store)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes for reading, extracting and decomposing (default: the CPU cores; 1: no workers)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Use a Chroma server (http://host:port) instead of the embedded store; also GOVTASKS_CHROMA_URL."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="Also write the run manifest (JSONL) here (it always goes to STORE/runs/<timestamp>.jsonl)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Classify and list the files; write nothing to the store."),
    wait: float = typer.Option(0.0, "--wait", help="Seconds to wait for another batch on the same store to finish before giving up with “store busy”."),
):
    """Index every table and report under the folders: unchanged files cost nothing, reports without
    a table get a draft table, tables are linked to their report; a run manifest lists every file.
    Exit 0: all good; 1: some files failed; 2: bad arguments (or the store is busy)."""
    if jobs is not None and jobs < 1:
        fail(f"--jobs {jobs}: give 1 or more worker processes")
    st = Store(store, chroma_url=chroma_url)
    if sys.stdout.isatty():
        with BatchProgress() as bar:
            result = run(run_batch, dirs, st, jobs=jobs, manifest=manifest, dry_run=dry_run, wait=wait, progress=bar)
    else:
        result = run(run_batch, dirs, st, jobs=jobs, manifest=manifest, dry_run=dry_run, wait=wait, progress=output.batch_line)
    output.batch_summary(result)
    if result.failed or result.manifest_error:
        raise typer.Exit(1)
