"""The Jinja2 environment the drafts render with: templates/ (or a folder of the user's own with
the same file names: --template-dir, searched first) and the helpers the templates call."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.draft.summary import ROLE_LABEL, counts_sentence, top_names, value_text
from pipeline.export.flat import target_text
from pipeline.schema import Task

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(template_dir: Optional[Path] = None):
    # heavy: jinja2 is loaded when a draft is rendered, not on every CLI start (cli/output imports narrative)
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
