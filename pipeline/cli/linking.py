"""`govtasks link`: each task to the report paragraph it came from, or --across to the other tables."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import fail, run
from pipeline.index.store import Store
from pipeline.link.across import links_in_store
from pipeline.link.paragraphs import link_report


def link(
    report: Optional[Path] = typer.Argument(None, help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="JSONL: task rows, or {\"id\", \"content\"} lines."),
    across: bool = typer.Option(False, "--across", help="Instead: link the indexed tasks across documents (same subject in another table)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder for --across."),
    doc: Optional[str] = typer.Option(None, "--doc", help="With --across: only this document's tasks (doc_id)."),
    top: int = typer.Option(3, "--top", help="With --across: at most this many matches per task."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per task."),
    threshold: Optional[float] = typer.Option(None, help="Abstain below this score (default: the calibrated one)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model (reworded tasks need it)."),
):
    """Link each task to the report paragraph it came from (null when none supports it), or with
    --across, to the tasks of the other indexed tables on the same subject."""
    if across:
        for cl in run(links_in_store, Store(store), top, threshold, doc):
            output.across(cl, json_out)
        return
    if report is None or tasks is None:
        fail("give a REPORT and --tasks TASKS.jsonl (or --across to link indexed tasks across documents)")
    for lk in run(link_report, report, tasks, embeddings, threshold):
        output.link(lk, json_out)
