"""Decomposition table → task rows.

    from pipeline.extract import extract
    result = extract("corpus/002_1fb599930edc1250.txt")
    result.tasks[0].lead_units, result.meta.doc_id
    result.to_dataframe()
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from pydantic import ValidationError

from pipeline.errors import InputError
from pipeline.export import tasks_dataframe
from pipeline.extract.metadata import build_meta
from pipeline.extract.names import split_names
from pipeline.extract.glued import split_glued
from pipeline.extract.records import NUMBER_PREFIX, split_number
from pipeline.extract.table import resolve
from pipeline.extract.targets import find_targets
from pipeline.readers import read_document
from pipeline.schema import DocMeta, LostGoal, Task


@dataclass
class ExtractResult:
    meta: DocMeta
    tasks: list[Task]
    warnings: list[str] = field(default_factory=list)
    kind: str = ""
    lost_goals: list[LostGoal] = field(default_factory=list)

    def to_dataframe(self):
        return tasks_dataframe(self.tasks)


def extract(path: Union[str, Path], *, district: Optional[str] = None, year: Optional[int] = None, doc_id: Optional[str] = None, display: Optional[str] = None) -> ExtractResult:
    path = Path(path)
    display = display or str(path)
    raw = read_document(path, display=display)
    table = resolve(raw)
    meta, warnings = build_meta(path, display, table.title_lines, district=district, year=year, doc_id=doc_id)
    tasks: list[Task] = []
    for seq, row in enumerate(table.rows, start=1):
        rec = row.record
        number, content = split_number(rec.content.text)
        if number is None and NUMBER_PREFIX.fullmatch(rec.seq.text.strip() + " "):
            number = rec.seq.text.strip()  # the task's number printed in the 序号 column: (26)
        tasks.append(
            Task(
                doc_id=meta.doc_id,
                seq=seq,
                number=number,
                goal_path=row.goal_path,
                content=content,
                leaders=split_names(row.leader),
                lead_units=split_names(row.lead_unit),
                responsible_units=split_names(row.resp_unit),
                targets=find_targets(content),
                source=rec.source,
            )
        )
    _split_glued_names(tasks)
    seq_of = {id(row.record): seq for seq, row in enumerate(table.rows, start=1)}
    lost = []
    for span in table.lost:
        seqs = [seq_of[id(r)] for r in span.records if id(r) in seq_of]
        if seqs:
            lost.append(LostGoal(after=span.after, before=span.before, first_seq=seqs[0], last_seq=seqs[-1], changed=span.changed))
    numbers = {t.seq: t.number for t in tasks}
    notes = [f"{display}: {g.message((numbers.get(g.first_seq) or '', numbers.get(g.last_seq) or ''))}" for g in lost]
    return ExtractResult(meta=meta, tasks=tasks, warnings=warnings + table.warnings + notes, kind=raw.kind, lost_goals=lost)


def _split_glued_names(tasks: list[Task]) -> None:
    """Names a PDF cell ran together ("王斐王婷") split back into the names the table prints alone."""
    for fields, people in ((("leaders",), True), (("lead_units", "responsible_units"), False)):
        for _ in range(3):  # a name split out of one cell may be what splits another
            known = {n for t in tasks for f in fields for n in getattr(t, f)}
            changed = False
            done: dict[tuple[str, ...], list[str]] = {}  # a cell's names, split once per pass
            for t in tasks:
                for f in fields:
                    names = getattr(t, f)
                    key = tuple(names)
                    if key not in done:
                        done[key] = split_glued(names, known, people)
                    split = done[key]
                    if split != names:
                        setattr(t, f, split)
                        changed = True
            if not changed:
                break


def task_rows(path: Union[str, Path], *, display: Optional[str] = None, lost: Optional[list] = None) -> tuple[list[Task], Optional[str]]:
    """A table file, or a JSONL file of task rows (`govtasks extract` output) → (rows, district
    as the document states it, when it does). For a table, its lost goals are appended to `lost`
    when a list is given (a JSONL file has no layout to say)."""
    path = Path(path)
    display = display or str(path)
    if path.suffix.lower() != ".jsonl":
        result = extract(path, display=display)
        if lost is not None:
            lost += result.lost_goals
        return result.tasks, result.meta.district
    if not path.is_file():
        raise InputError(display, "no such file", "give a decomposition table or its task rows (.jsonl)")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.strip():
            try:
                data = json.loads(line)
                if isinstance(data, dict):
                    data.pop("uncertain", None)  # eval/gold rows carry their labeler's notes
                rows.append(Task.model_validate(data))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise InputError(f"{display}:{n}", f"not a task row ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})", "give task rows as written by `govtasks extract`")
    if not rows:
        raise InputError(display, "no task rows in the file", "give at least one task row")
    return rows, None
