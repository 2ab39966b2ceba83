"""Prompts are template files in the top-level `prompts` package (Jinja2), one per task and
version — `prompts/<name>.v<version>.j2` — so they can be read and changed without touching code,
and ship in the wheel as package data (read with importlib.resources, never from the checkout).
A file holds a `=== system ===` part and a `=== user ===` part; its header comment names the
output schema the caller validates against.

Callers ask for a template by name and version; a changed prompt gets a new version, and the
LLM cache key carries `Prompt.id` (`ask_query.v1`), so answers cached for the old text are not
reused."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Optional

from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateNotFound
from pydantic import BaseModel, ConfigDict, Field

PACKAGE = "prompts"
_FILE = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.j2$")
_PART = re.compile(r"^=== (system|user) ===\s*$", re.M)


class PromptNotFound(LookupError):
    """No template of that name and version ships with the package (a bug in the caller or a
    broken install, not bad input)."""


class Prompt(BaseModel):
    """One template: prompts/<name>.v<version>.j2."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)

    @property
    def id(self) -> str:
        return f"{self.name}.v{self.version}"

    @property
    def filename(self) -> str:
        return f"{self.id}.j2"


class Rendered(BaseModel):
    """A template rendered into chat messages, with the template it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    prompt: Prompt
    messages: list[dict[str, str]]


def _folder():
    """The installed `prompts` package's files."""
    try:
        return files(PACKAGE)
    except ModuleNotFoundError:
        raise PromptNotFound(f"the {PACKAGE} package is not installed beside pipeline — reinstall govtasks (in a checkout: pip install -e .)") from None


def templates() -> list[Prompt]:
    """Every template the package ships, by name then version."""
    found = []
    for entry in _folder().iterdir():
        if not entry.name.endswith(".j2"):
            continue
        m = _FILE.match(entry.name)
        if m is None:
            raise ValueError(f"prompts/{entry.name}: a template's file name must be <name>.v<version>.j2")
        found.append(Prompt(name=m["name"], version=int(m["version"])))
    return sorted(found, key=lambda p: (p.name, p.version))


def _source(filename: str) -> Optional[str]:
    entry = _folder() / filename
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


@lru_cache(maxsize=None)
def _environment() -> Environment:
    return Environment(loader=FunctionLoader(_source), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


def render(name: str, /, version: int, **context) -> Rendered:
    """prompts/<name>.v<version>.j2 rendered with `context` into chat messages (missing
    variables are errors; an unknown name or version raises PromptNotFound)."""
    prompt = Prompt(name=name, version=version)
    try:
        template = _environment().get_template(prompt.filename)
    except TemplateNotFound:
        shipped = ", ".join(p.id for p in templates()) or "none"
        raise PromptNotFound(f"no prompt {prompt.id} in the {PACKAGE} package (it ships: {shipped})") from None
    parts = _PART.split(template.render(**context))
    messages = [{"role": role, "content": body.strip()} for role, body in zip(parts[1::2], parts[2::2])]
    if not messages or messages[-1]["role"] != "user":
        raise ValueError(f"prompts/{prompt.filename} must have a '=== user ===' part")
    return Rendered(prompt=prompt, messages=messages)
