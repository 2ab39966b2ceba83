"""What every command shares: one clean line for bad input, and the choice of output format."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

import typer

from pipeline.errors import GovTasksError
from pipeline.settings import settings

T = TypeVar("T")


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"


class DraftFormat(str, Enum):
    md = "md"
    docx = "docx"
    xlsx = "xlsx"


class DraftBy(str, Enum):
    unit = "unit"
    leader = "leader"
    goal = "goal"
    district = "district"


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def run(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call a stage; turn bad-input errors into one clean line."""
    try:
        return fn(*args, **kwargs)
    except GovTasksError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "))
    except Exception as exc:  # a bug: still one line, with a way to get the traceback
        if settings().debug:
            raise
        fail(f"internal error ({type(exc).__name__}: {exc}) — rerun with GOVTASKS_DEBUG=1 for details and report it", code=70)


def output_format(chosen: Optional[Enum], out: Optional[Path], allowed: Iterable[str], default: str, *, strict: bool = False) -> str:
    """--format when given, else -o's suffix when it names a format, else `default`. With
    `strict`, an -o suffix that names no allowed format is an error rather than the default."""
    allowed = tuple(allowed)
    if chosen is not None:
        return chosen.value
    suffix = out.suffix.lstrip(".").lower() if out is not None else ""
    if suffix in allowed:
        return suffix
    if strict and suffix:
        fail(f"{out}: unknown output format '{suffix}' — use --format {'|'.join(allowed)}")
    return default


def needs_out(fmt: str, out: Optional[Path]) -> None:
    if fmt == "xlsx" and out is None:
        fail("xlsx output needs -o FILE.xlsx")
