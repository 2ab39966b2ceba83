"""`govtasks targets` and `govtasks decompose`: a report's main targets, and a draft table from it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import Format, needs_out, output_format, run
from pipeline.decompose import decompose as run_decompose
from pipeline.export.flat import DRAFT_COLUMNS, write_tasks
from pipeline.index.embed import default_embedder
from pipeline.index.registry import district_short
from pipeline.index.store import Store
from pipeline.llm.client import default_llm
from pipeline.reports.main_targets import main_targets
from pipeline.reports.paragraphs import read_report
from pipeline.review.suggest import from_store, from_table


def targets(
    report: Path = typer.Argument(..., help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per target: text, metric, direction, benchmark, value, unit, qualifier (+ line)."),
):
    """The report's 主要预期目标 (main expected targets), read by rules."""
    parsed = run(read_report, report)
    for t in run(main_targets, parsed):
        output.main_target(t, json_out)


def decompose(
    report: Path = typer.Argument(..., help="Report text (.txt one paragraph per line, .docx, .pdf)."),
    format: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format (default: from -o's suffix, else jsonl)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here instead of stdout (needed for xlsx)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index whose earlier tables the lead units are learned from."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="Learn lead units from these earlier rows (a table or task-row .jsonl) instead of the index."),
    district: Optional[str] = typer.Option(None, help="The report's district (e.g. 钟楼区): leaders are suggested from its earlier rows only."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Use the local embedding model for the suggestions."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM refine the split and pick among the suggested units (validated; the rules' rows stand otherwise)."),
):
    """A draft decomposition table from a free-text report: the year's work plan split into task
    rows with goal_path, targets, their paragraph, and suggested lead units/leaders with evidence."""
    fmt = output_format(format, out, Format.__members__, "jsonl", strict=True)
    needs_out(fmt, out)
    parsed = run(read_report, report)
    embedder = run(default_embedder) if embeddings else None
    suggester = run(from_table, tasks, embedder) if tasks is not None else run(from_store, Store(store, chroma_url=chroma_url), embedder)
    llm = default_llm() if use_llm else None
    progress = (lambda n, total: output.note(f"LLM: chunk {n}/{total} done")) if llm is not None else None
    draft = run(run_decompose, parsed, suggester=suggester, llm=llm, district=district_short(district) if district else None, progress=progress)
    run(write_tasks, draft.rows, fmt, out, sys.stdout, title=f"{parsed.title or parsed.doc_id} 目标任务分解表（草稿）", columns=DRAFT_COLUMNS)
    kept = sum(s.kept for s in draft.segments)
    output.note(f"{len(draft.rows)} draft rows from {len(draft.segments)} sentences of the work plan ({kept} kept by the rules); unit suggestions learned from {len(suggester)} earlier rows")
    for n in draft.notes:
        output.warn(n)
    if llm is not None:
        output.note(llm.stats.summary())
    if out is not None:
        output.note(f"written to {out}")
