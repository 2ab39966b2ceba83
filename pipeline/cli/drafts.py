"""`govtasks draft`, `govtasks render` and `govtasks progress import`: the documents the office
circulates, printed as a printer would, and filled ledgers read back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli import output
from pipeline.cli.common import DraftBy, DraftFormat, fail, output_format, run
from pipeline.draft import DraftRequest
from pipeline.draft import draft as run_draft
from pipeline.draft.ledger_import import import_ledger, write_record
from pipeline.draft.render import overflows
from pipeline.draft.render import render as run_render
from pipeline.draft.source import draft_rows
from pipeline.errors import GovTasksError
from pipeline.llm.client import default_llm


def draft(
    unit: Optional[list[str]] = typer.Option(None, "--unit", help="A unit (商务局, 区商务局, 钟楼区商务局 …): its tasks as lead or responsible unit. Repeatable."),
    leader: Optional[list[str]] = typer.Option(None, "--leader", help="A leader (分管领导): the tasks under them. Repeatable."),
    goal: Optional[list[str]] = typer.Option(None, "--goal", help="A goal (目标名称, or part of it). Repeatable."),
    district: Optional[str] = typer.Option(None, "--district", help="Only this district's rows (e.g. 钟楼区); alone: the whole district."),
    each_district: bool = typer.Option(False, "--each-district", help="A name found in several districts (住建局): one document per district, named <out>_<district>.<ext> (without it: an error listing the districts)."),
    by: Optional[DraftBy] = typer.Option(None, "--by", help="A summary of every unit / leader / goal / district (one section or sheet each)."),
    period: Optional[str] = typer.Option(None, "--period", help="A progress report for this period (2026Q1, 2026H1, 2026M03, 2026); .xlsx gives the ledger to fill."),
    progress: Optional[Path] = typer.Option(None, "--progress", help="Fill the report from a filled ledger (.xlsx) or its import (.json)."),
    format: Optional[DraftFormat] = typer.Option(None, "--format", "-f", help="md | docx | xlsx (default: from -o's suffix, else md)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write here (docx/xlsx need it; md goes to stdout without it)."),
    charts: Optional[Path] = typer.Option(None, "--charts", help="Folder for the report's chart PNGs (default: <out>_charts/ next to -o)."),
    with_charts: bool = typer.Option(True, "--charts-on/--no-charts", help="Draw the charts (tasks per unit, targets by goal, status by unit) into the report."),
    template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder with your own summary.md.j2 / progress.md.j2 (the bundled ones are in pipeline/draft/templates)."),
    style: Optional[Path] = typer.Option(None, "--style", help="A docx_style.json of your own: fonts (with fallbacks), sizes, margins."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder to draft from (default: $GOVTASKS_HOME/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server (http://host:port); also GOVTASKS_CHROMA_URL."),
    tasks: Optional[Path] = typer.Option(None, "--tasks", help="Draft from this table or task-row .jsonl instead of the index."),
    use_llm: bool = typer.Option(True, "--llm/--no-llm", help="Let the configured LLM write each goal's outline paragraph (checked: every sentence cites its rows; the rules' text otherwise)."),
):
    """Summaries (per unit, leader, goal, district) and progress reports / ledgers in Word, Excel or Markdown."""
    fmt = output_format(format, out, DraftFormat.__members__, "md")
    rows, documents = run(draft_rows, store, chroma_url, tasks, district)
    req = DraftRequest(unit=unit or [], leader=leader or [], goal=goal or [], district=district, by=by.value if by else None, period=period, progress=progress, fmt=fmt, out=out, charts=charts, with_charts=with_charts, template_dir=template_dir, style=style, each_district=each_district)
    llm = default_llm() if use_llm and period else None
    result = run(run_draft, rows, documents, req, llm)
    if result.text is not None:
        sys.stdout.write(result.text)
    output.draft_done(result, period)
    if llm is not None:
        output.note(llm.stats.summary())


def render(
    files: list[Path] = typer.Argument(..., help="Drafts to render: .docx / .xlsx (or a .pdf)."),
    out: Path = typer.Option(Path("out/render"), "-o", "--out", help="Folder for <name>.pdf and <name>-<page>.png."),
    dpi: int = typer.Option(110, "--dpi", min=30, max=600, help="PNG resolution."),
    pages: Optional[str] = typer.Option(None, "--pages", help="Only these pages as PNG, e.g. 1 or 1,3 (the PDF has all)."),
    check: bool = typer.Option(True, "--check/--no-check", help="Report text that runs off the page or is clipped in a table cell (exit 1)."),
):
    """Print drafts as an office printer would: LibreOffice → PDF, each page → PNG; checks the layout."""
    wanted = None
    if pages:
        try:
            wanted = [int(p) for p in pages.replace("，", ",").split(",") if p.strip()]
        except ValueError:
            fail(f"--pages：无法识别“{pages}” — 请写成 1 或 1,3")
    failed = 0
    for f in files:
        try:
            r = run_render(f, out, dpi=dpi, pages=wanted)
        except GovTasksError as exc:
            output.error(exc)
            failed += 1
            continue
        output.note(f"{f} → {r.pdf}（{r.pages}页）")
        for png in r.pngs:
            output.line(str(png))
        if check:
            problems = overflows(r.pdf)
            for problem in problems[:10]:
                output.note(f"版面问题：{f}：{problem}")
            failed += bool(problems)
    raise typer.Exit(1 if failed else 0)


def progress_import(
    ledger: Path = typer.Argument(..., help="The filled ledger (from `govtasks draft --period … --format xlsx`); .xls/.et/.ods saved back by Excel/WPS are converted with LibreOffice."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Where to save the import (default: <ledger>.progress.json next to it)."),
    json_out: bool = typer.Option(False, "--json", help="Print the record as JSON."),
):
    """Status (完成/推进中/滞后/未填报) and completion per task from a filled ledger; all or nothing."""
    record = run(import_ledger, ledger)
    target = out or ledger.with_name(ledger.stem + ".progress.json")
    run(write_record, record, target)
    output.progress(record, target, json_out)
