"""The per-file work a batch does in worker processes — reading, extracting, classifying,
decomposing, linking. Each function takes and returns plain data (picklable) and never writes
the store; a bad input comes back as its one-line reason instead of an exception."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Optional, Union

from pipeline.batch.classify import Classified, classify
from pipeline.decompose import decompose
from pipeline.errors import GovTasksError
from pipeline.index.registry import district_short
from pipeline.link.paragraphs import Link, ReportIndex, link_tasks
from pipeline.llm.client import default_llm
from pipeline.schema import DraftTask, Report, Task
from pipeline.settings import settings


def reason(exc: BaseException) -> str:
    """One line for the run manifest."""
    if isinstance(exc, GovTasksError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".strip(": ")
    return f"internal error ({type(exc).__name__}: {exc})"[:300]


def classify_file(path: Path, display: str) -> tuple[Union[Classified, str], float]:
    """(what the file is, or why it cannot be used; seconds taken)."""
    t0 = time.perf_counter()
    try:
        return classify(path, display), time.perf_counter() - t0
    except Exception as exc:
        if not os.path.lexists(path):  # found by discovery, gone by now: say so, not the reader's "no such file"
            return f"{display}: the file is gone (removed or renamed after the batch found it) — run the batch again if it was moved", time.perf_counter() - t0
        return reason(exc), time.perf_counter() - t0


def draft_table(report: Report, district: Optional[str]) -> tuple[Union[list[DraftTask], str], float]:
    """A draft table from a report by the rules (refined by the LLM only when one is configured)."""
    t0 = time.perf_counter()
    try:
        llm = default_llm() if settings().llm_configured() else None
        draft = decompose(report, suggester=None, llm=llm, district=district_short(district) if district else None)
        return draft.rows, time.perf_counter() - t0
    except Exception as exc:
        return reason(exc), time.perf_counter() - t0


def link_table(tasks: list[Task], report: Report) -> tuple[Union[list[Link], str], float]:
    """Every row of a table linked to the report paragraph it came from (lexical and clause
    signals: the embeddings stay with the one process that writes the store)."""
    t0 = time.perf_counter()
    try:
        index = ReportIndex.build(report, None)
        return link_tasks(index, [(f"{t.doc_id}-{t.seq}", t.content) for t in tasks], None), time.perf_counter() - t0
    except Exception as exc:
        return reason(exc), time.perf_counter() - t0
