"""What a file is for the index — a decomposition table or a report — decided by its content,
and the rows it gives: the one classification `Store.add` and `govtasks batch` share.

    doc = prepare(path)          # extract() a table; NoTableFound → read_report() a report
    doc.kind, doc.doc_id, doc.records, doc.texts
    store.put(doc)               # the store writes (embedding, Chroma, manifest) — see store.py

A PreparedDocument holds plain data only (picklable), so a worker process can prepare files
while one process writes the store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.errors import InputError, NoTableFound
from pipeline.extract import extract
from pipeline.reports.paragraphs import read_report
from pipeline.schema import DocKind, Report, Task


@dataclass
class PreparedDocument:
    """One document's rows, ready to be embedded and stored."""

    path: Path
    display: str
    digest: str  # sha256 of the file's bytes
    kind: DocKind
    doc_id: str
    about: dict  # district, year, title as the manifest records them (+ any extra fields)
    named_by_file: bool  # the doc_id comes from the file name, not from district + year
    records: list[dict]
    texts: list[str]
    keys: list[str]  # "<doc_id>:<seq or paragraph index>"; the row id adds a hash of the text
    metas: list[dict]
    report: Optional[Report] = field(default=None, repr=False)  # the parsed report (kind "report")
    tasks: list[Task] = field(default_factory=list, repr=False)  # the parsed rows (kind "table")


def task_text(t: Task) -> str:
    """What a task row is searched by: goal, task text, people and units."""
    goal = " / ".join(g for g in t.goal_path if g)
    return f"{goal}\n{t.content}\n分管领导：{'、'.join(t.leaders)}；牵头单位：{'、'.join(t.lead_units)}；责任单位：{'、'.join(t.responsible_units)}"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_document(path: Path, display: str, digest: str, tasks: list[Task], district: Optional[str], year: Optional[int], title: Optional[str], doc_id: str) -> PreparedDocument:
    """A table's rows (from extract, or a draft table made by decompose) as a PreparedDocument."""
    metas = [{"doc_id": t.doc_id, "kind": "table", "seq": t.seq, "year": year or 0, "district": district or "", "leaders": "|".join(t.leaders), "lead_units": "|".join(t.lead_units), "goal": " / ".join(g or "" for g in t.goal_path)} for t in tasks]
    return PreparedDocument(
        path=path, display=display, digest=digest, kind="table", doc_id=doc_id,
        about={"district": district, "year": year, "title": title}, named_by_file=not (district and year),
        records=[t.model_dump(mode="json") for t in tasks], texts=[task_text(t) for t in tasks],
        keys=[f"{t.doc_id}:{t.seq}" for t in tasks], metas=metas, tasks=tasks,
    )


def report_document(path: Path, display: str, digest: str, report: Report) -> PreparedDocument:
    ps = report.paragraphs
    metas = [{"doc_id": p.doc_id, "kind": "report", "index": p.index, "line": p.line or 0, "year": report.year or 0, "in_plan": p.in_plan, "section": " / ".join(p.section_path)} for p in ps]
    return PreparedDocument(
        path=path, display=display, digest=digest, kind="report", doc_id=report.doc_id,
        about={"district": None, "year": report.year, "title": report.title}, named_by_file=True,
        records=[p.model_dump(mode="json") for p in ps], texts=[p.text for p in ps],
        keys=[f"{p.doc_id}:{p.index}" for p in ps], metas=metas, report=report,
    )


def prepare(path: Path | str, *, district: Optional[str] = None, year: Optional[int] = None, display: Optional[str] = None) -> PreparedDocument:
    """A file → its kind and rows, by content: a table when extract() finds a task table in it,
    else a report (its paragraphs). Bad input is an InputError naming the file."""
    path = Path(path)
    display = display or str(path)
    if not path.is_file():
        raise InputError(display, "no such file", "check the path")
    digest = file_digest(path)
    try:
        result = extract(path, district=district, year=year, display=display)
    except NoTableFound:
        doc = report_document(path, display, digest, read_report(path, display=display))
    else:
        m = result.meta
        doc = table_document(path, display, digest, result.tasks, m.district, m.year, m.title, m.doc_id)
    _unchanged_since(path, display, digest)
    return doc


def _unchanged_since(path: Path, display: str, digest: str) -> None:
    """The rows are stored under the file's hash: a file rewritten while it was read (the hash no
    longer describes the bytes the rows came from) or removed meanwhile is refused."""
    try:
        same = file_digest(path) == digest
    except OSError as exc:
        raise InputError(display, f"the file went away while it was read ({exc.strerror or exc})", "run again once it is in place")
    if not same:
        raise InputError(display, "the file changed while it was read", "run again once it is saved")
