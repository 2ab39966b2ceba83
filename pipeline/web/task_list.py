"""The task table a page or an API client pages through: the store's rows filtered by district,
year, unit, leader, goal, has-target and text, sorted and cut into pages. Unit, leader, goal and
district names are resolved through the same Selector drafts use (商务局 / 区商务局 / 武进区商务局
are one unit), so an unknown name is an error that lists the closest known ones."""

from __future__ import annotations

import re
from typing import Mapping, Optional

from pydantic import BaseModel, Field

from pipeline.draft.select import Selector
from pipeline.errors import InputError
from pipeline.schema import DocAbout, Task

SORTS = ("doc", "goal", "lead_unit", "leader", "targets")
MAX_PER_PAGE = 200


class TaskFilter(BaseModel):
    district: Optional[str] = None
    year: Optional[int] = None
    unit: Optional[str] = None
    leader: Optional[str] = None
    goal: Optional[str] = None
    has_target: Optional[bool] = None
    text: Optional[str] = Field(None, description="every word (split on spaces) in the task text")
    sort: str = Field("doc", description="doc | goal | lead_unit | leader | targets; a leading '-' sorts descending")
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


class TaskItem(BaseModel):
    id: str = Field(description="<doc_id>-<seq>, the id links and citations use")
    district: Optional[str] = None
    year: Optional[int] = None
    task: Task


class TaskPage(BaseModel):
    total: int
    page: int
    per_page: int
    pages: int
    sort: str
    items: list[TaskItem]


def task_id(t: Task) -> str:
    return f"{t.doc_id}-{t.seq}"


def _key(kind: str):
    if kind == "goal":
        return lambda t: (" / ".join(g or "" for g in t.goal_path), t.doc_id, t.seq)
    if kind == "lead_unit":
        return lambda t: ("、".join(t.lead_units), t.doc_id, t.seq)
    if kind == "leader":
        return lambda t: ("、".join(t.leaders), t.doc_id, t.seq)
    if kind == "targets":
        return lambda t: (len(t.targets), t.doc_id, t.seq)
    return lambda t: (t.doc_id, t.seq)


def filtered(tasks: list[Task], documents: Mapping[str, DocAbout | dict], f: TaskFilter, selector: Optional[Selector] = None) -> list[Task]:
    """Every row that passes the filters given, in the order asked for (InputError for an
    unknown name or sort)."""
    sort = f.sort.lstrip("-")
    if sort not in SORTS:
        raise InputError(f.sort, "no such sort", f"use one of: {', '.join(SORTS)} (a leading '-' for descending)")
    about = {doc_id: DocAbout.of(d) for doc_id, d in documents.items()}
    rows = tasks
    if rows and (f.district or f.unit or f.leader or f.goal):
        selector = selector or Selector(tasks, documents)
        for kind, name in (("district", f.district), ("unit", f.unit), ("leader", f.leader), ("goal", f.goal)):
            if name:
                keep = {(t.doc_id, t.seq) for t in selector.select(kind, name, each_district=True).tasks}
                rows = [t for t in rows if (t.doc_id, t.seq) in keep]
    if f.year is not None:
        rows = [t for t in rows if t.doc_id in about and about[t.doc_id].year == f.year]
    if f.has_target is not None:
        rows = [t for t in rows if bool(t.targets) == f.has_target]
    if f.text:
        words = [w for w in re.split(r"\s+", f.text.strip()) if w]
        rows = [t for t in rows if all(w in t.content for w in words)]
    return sorted(rows, key=_key(sort), reverse=f.sort.startswith("-"))


def page_of(rows: list[Task], documents: Mapping[str, DocAbout | dict], f: TaskFilter) -> TaskPage:
    """The f.page-th page of rows already filtered and sorted."""
    about = {doc_id: DocAbout.of(d) for doc_id, d in documents.items()}
    start = (f.page - 1) * f.per_page
    items = [TaskItem(id=task_id(t), district=about[t.doc_id].district if t.doc_id in about else None, year=about[t.doc_id].year if t.doc_id in about else None, task=t) for t in rows[start : start + f.per_page]]
    return TaskPage(total=len(rows), page=f.page, per_page=f.per_page, pages=max(1, -(-len(rows) // f.per_page)), sort=f.sort, items=items)


def list_tasks(tasks: list[Task], documents: Mapping[str, DocAbout | dict], f: TaskFilter, selector: Optional[Selector] = None) -> TaskPage:
    """One page of the rows that pass every filter given."""
    return page_of(filtered(tasks, documents, f, selector), documents, f)
