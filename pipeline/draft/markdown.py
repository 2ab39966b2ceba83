"""Markdown drafts from the Jinja2 templates in pipeline/draft/templates/ (or a folder of the
user's own with the same file names: --template-dir; the environment is template_env.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.draft.progress_report import ProgressReport
from pipeline.draft.summary import Summary
from pipeline.draft.template_env import environment


def _tidy(text: str) -> str:
    lines, blank = [], 0
    for line in text.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def summary_md(title: str, summaries: list[Summary], template_dir: Optional[Path] = None) -> str:
    return _tidy(environment(template_dir).get_template("summary.md.j2").render(title=title, summaries=summaries))


def progress_md(report: ProgressReport, template_dir: Optional[Path] = None) -> str:
    return _tidy(environment(template_dir).get_template("progress.md.j2").render(r=report))
