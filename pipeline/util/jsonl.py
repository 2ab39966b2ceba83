"""Reading JSONL: one JSON value per line, UTF-8 (a BOM is allowed), blank lines skipped.

A line that is not JSON is bad input: InputError "FILE:LINE: not valid JSON (why) — hint"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

HINT = "write one JSON object per line"


def iter_jsonl(path: Path | str, hint: str = HINT) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line, in order; line numbers count from 1.

    `hint` is the error's "what to do"; callers that check each value name the line with it."""
    path = Path(path)
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not valid JSON ({exc.msg})", hint) from exc
        yield n, value


def read_jsonl(path: Path | str, hint: str = HINT) -> list[Any]:
    """Every non-blank line's value, in order."""
    return [value for _, value in iter_jsonl(path, hint)]
