"""A questions file for `govtasks ask --questions`: JSONL lines {"id", "question"}."""

from __future__ import annotations

from typing import Optional

from pipeline.errors import InputError


def read_questions(path) -> list[tuple[Optional[str], str]]:
    """A questions file: JSONL lines {"id", "question"} (other fields ignored)."""
    import json
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file", "give a JSONL file with {\"id\", \"question\"} lines")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not valid JSON ({exc.msg})", 'write one {"id": "q1", "question": "…"} per line')
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            raise InputError(f"{path}:{n}", "a line without a \"question\" string", 'write one {"id": "q1", "question": "…"} per line')
        out.append((None if obj.get("id") is None else str(obj["id"]), obj["question"]))
    if not out:
        raise InputError(str(path), "the file holds no questions", 'write one {"id": "q1", "question": "…"} per line')
    return out
