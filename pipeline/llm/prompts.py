"""Prompts are template files in prompts/ (Jinja2), one per task, so they can be read and
changed without touching code. A file holds a `=== system ===` part and a `=== user ===` part;
its header comment names the output schema the caller validates against."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_PART = re.compile(r"^=== (system|user) ===\s*$", re.M)


@lru_cache(maxsize=None)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(PROMPTS_DIR)), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


def names() -> list[str]:
    return sorted(p.stem for p in PROMPTS_DIR.glob("*.j2"))


def render(name: str, **context) -> list[dict]:
    """The chat messages of prompts/<name>.j2 rendered with `context` (missing variables are errors)."""
    text = _environment().get_template(f"{name}.j2").render(**context)
    parts = _PART.split(text)
    messages = [{"role": role, "content": body.strip()} for role, body in zip(parts[1::2], parts[2::2])]
    if not messages or messages[-1]["role"] != "user":
        raise ValueError(f"prompts/{name}.j2 must have a '=== user ===' part")
    return messages
