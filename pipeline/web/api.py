"""The read side of the REST API (/api/…): health, the task table, one task with its source and
links, and ask. Each route is a few lines over a stage; the state (store, the Asker built from
it, the rate limit) lives in app.state, rebuilt when the store's manifest changes."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from pipeline.schema import Answer, Task
from pipeline.web.accounts import Principal
from pipeline.web.auth import viewer
from pipeline.web.problems import Problem
from pipeline.web.state import WebState
from pipeline.web.task_list import TaskFilter, TaskPage, list_tasks, task_id

router = APIRouter(prefix="/api")


def state(request: Request) -> WebState:
    return request.app.state.web


class Health(BaseModel):
    status: str
    documents: int
    tasks: int


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)


class TaskDetail(BaseModel):
    id: str
    district: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    task: Task
    links: list[dict] = Field(description="the report paragraph each linked report gives this task (STORE/links), with its excerpt")


@router.get("/health", response_model=Health, tags=["meta"])
def health(st: WebState = Depends(state)) -> Health:
    """No sign-in needed: is the service up, and how much does its index hold."""
    docs = st.store.documents()
    return Health(status="ok", documents=len(docs), tasks=sum(d.rows for d in docs.values() if d.kind == "table"))


@router.get("/tasks", response_model=TaskPage, tags=["tasks"])
def tasks(
    district: Optional[str] = None, year: Optional[int] = None, unit: Optional[str] = None, leader: Optional[str] = None, goal: Optional[str] = None,
    has_target: Optional[bool] = None, text: Optional[str] = Query(None, max_length=200), sort: str = "doc",
    page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=200), st: WebState = Depends(state), who: Principal = Depends(viewer),
) -> TaskPage:
    """The task rows, filtered (all filters combine), sorted and paged."""
    f = TaskFilter(district=district, year=year, unit=unit, leader=leader, goal=goal, has_target=has_target, text=text, sort=sort, page=page, per_page=per_page)
    return list_tasks(st.tasks(), st.store.documents(), f, st.selector())


@router.get("/tasks/{tid}", response_model=TaskDetail, tags=["tasks"])
def task(tid: str, st: WebState = Depends(state), who: Principal = Depends(viewer)) -> TaskDetail:
    """One row by its id (<doc_id>-<seq>), with its document and its links."""
    t = st.task(tid)
    about = st.store.documents()[t.doc_id]
    return TaskDetail(id=task_id(t), district=about.district, year=about.year, title=about.title, task=t, links=st.links_of(t))


@router.get("/tasks/{tid}/links", tags=["tasks"])
def task_links(tid: str, st: WebState = Depends(state), who: Principal = Depends(viewer)) -> list[dict]:
    """The report paragraphs this task is linked to: doc_id, line, paragraph, score, excerpt, spans,
    and the paragraph's text and section (null paragraph: the report does not support the task)."""
    return st.links_of(st.task(tid))


@router.post("/ask", response_model=Answer, response_model_exclude_none=True, tags=["ask"])
def ask(body: AskIn, st: WebState = Depends(state), who: Principal = Depends(viewer)) -> Answer:
    """A staff question answered from the index, with the rows and paragraphs it cites."""
    wait = st.ask_limit.retry_after(who.name)
    if wait is not None:
        raise Problem(429, f"too many questions: at most {st.ask_limit.per_minute} a minute", headers={"Retry-After": str(wait)})
    return st.asker().ask(body.question)
