"""A questions file for `govtasks ask --questions`: JSONL lines {"id", "question"}."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.errors import InputError
from pipeline.util.jsonl import iter_jsonl


def read_questions(path) -> list[tuple[Optional[str], str]]:
    """A questions file: JSONL lines {"id", "question"} (other fields ignored)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file", "give a JSONL file with {\"id\", \"question\"} lines")
    out = []
    for n, obj in iter_jsonl(path, 'write one {"id": "q1", "question": "…"} per line'):
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            raise InputError(f"{path}:{n}", "a line without a \"question\" string", 'write one {"id": "q1", "question": "…"} per line')
        out.append((None if obj.get("id") is None else str(obj["id"]), obj["question"]))
    if not out:
        raise InputError(str(path), "the file holds no questions", 'write one {"id": "q1", "question": "…"} per line')
    return out
