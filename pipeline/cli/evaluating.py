"""`govtasks eval`: every eval set against the hand-labeled data, printed and written as one report."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pipeline.cli import output
from pipeline.cli.common import run
from pipeline.evaluate.gold import eval_dir
from pipeline.evaluate.scorecard import render_markdown, run_all, scores_json


def evaluate(
    report: Path = typer.Option(None, help="Where to write the Markdown report (default: eval/REPORT.md)."),
    formats: bool = typer.Option(True, "--formats/--no-formats", help="Also score the seed tables rebuilt as .docx/.xlsx/.pdf."),
    questions: bool = typer.Option(True, "--questions/--no-questions", help="Also index corpus/ and score `ask` on eval/questions."),
    links: bool = typer.Option(True, "--links/--no-links", help="Also score linking on eval/link (needs ../shared/reports)."),
    suggest: bool = typer.Option(True, "--suggest/--no-suggest", help="Also score lead-unit suggestions across the two seed districts and `check` on slipped columns."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
):
    """Run every eval set against the hand-labeled gold data; print and write one report."""
    result = run(run_all, with_formats=formats, with_questions=questions, with_links=links, with_suggest=suggest)
    text = render_markdown(result)
    target = report or (eval_dir() / "REPORT.md")
    target.write_text(text, encoding="utf-8")
    if json_out:
        output.line(json.dumps(scores_json(result), ensure_ascii=False, indent=2))
    else:
        output.line(text)
        output.note(f"report written to {target}")
