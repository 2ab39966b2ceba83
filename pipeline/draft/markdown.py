"""Markdown drafts from the Jinja2 templates in pipeline/draft/templates/ (or a folder of the
user's own with the same file names: --template-dir)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.draft.progress_report import ProgressReport
from pipeline.draft.summary import ROLE_LABEL, Summary, counts_sentence, top_names, value_text
from pipeline.export.flat import target_text
from pipeline.schema import Task

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(template_dir: Optional[Path] = None):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    paths = ([str(template_dir)] if template_dir else []) + [str(TEMPLATES)]
    env = Environment(loader=FileSystemLoader(paths), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False, trim_blocks=False)
    env.globals.update(md=md_cell, counts_sentence=counts_sentence, top_names=top_names, value_text=value_text, role_label=ROLE_LABEL, goal_text=goal_text, targets_text=targets_text)
    return env


def md_cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def goal_text(t: Task) -> str:
    return " / ".join(g for g in t.goal_path if g)


def targets_text(t: Task) -> str:
    return "；".join(target_text(tg) for tg in t.targets if tg.value is not None)


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
