"""What the web app keeps between requests: the store, the rows and the Asker built from it
(rebuilt when STORE/manifest.json changes — a batch or an upload ran), and the ask rate limit."""

from __future__ import annotations

import json
import threading
from typing import Optional

from pipeline.ask.asker import Asker
from pipeline.batch.followups import district_of, links_path, report_from_rows
from pipeline.batch.worker import link_table
from pipeline.draft.select import Selector
from pipeline.index.store import Store
from pipeline.schema import Task
from pipeline.web.problems import Problem
from pipeline.web.security import RateLimit


class WebState:
    def __init__(self, store: Store, ask_per_minute: int = 30, dense: bool = True):
        self.store = store
        self.dense = dense
        self.ask_limit = RateLimit(ask_per_minute)
        self._lock = threading.Lock()
        self._version: Optional[int] = None
        self._tasks: list[Task] = []
        self._by_id: dict[str, Task] = {}
        self._asker: Optional[Asker] = None
        self._selector: Optional[Selector] = None

    def _fresh(self) -> None:
        """Drop what was built from an older manifest."""
        path = self.store.manifest_path
        version = path.stat().st_mtime_ns if path.exists() else 0
        if version != self._version:
            self._tasks = self.store.tasks()
            self._by_id = {f"{t.doc_id}-{t.seq}": t for t in self._tasks}
            self._asker = None
            self._selector = Selector(self._tasks, self.store.documents()) if self._tasks else None
            self._version = version

    def tasks(self) -> list[Task]:
        with self._lock:
            self._fresh()
            return self._tasks

    def task(self, tid: str) -> Task:
        with self._lock:
            self._fresh()
            t = self._by_id.get(tid)
        if t is None:
            raise Problem(404, f"no task “{tid}” in the index (ids are <doc_id>-<seq>, as the task list gives them)")
        return t

    def selector(self) -> Optional[Selector]:
        """Names resolved as drafts resolve them (None while the index holds no rows)."""
        with self._lock:
            self._fresh()
            return self._selector

    def asker(self) -> Asker:
        with self._lock:
            self._fresh()
            if self._asker is None:
                self._asker = Asker(self.store, dense=self.dense)
            return self._asker

    def reports_for(self, t: Task) -> dict:
        """The indexed reports of the task's district and year (doc_id → Document)."""
        docs = self.store.documents()
        table = docs.get(t.doc_id)
        if table is None or not district_of(table):
            return {}
        return {r: d for r, d in docs.items() if d.kind == "report" and d.year == table.year and district_of(d) == district_of(table)}

    def links_of(self, t: Task) -> list[dict]:
        """The task's links to the report of its district and year: from STORE/links (a batch
        wrote them) or, when that file is missing, linked now (lexical signals, not stored)."""
        docs = self.store.documents()
        reports = self.reports_for(t)
        tid = f"{t.doc_id}-{t.seq}"
        path = links_path(self.store.root, t.doc_id)
        if path.is_file():
            found = [lk for lk in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if lk.get("id") == tid]
        else:
            found = []
            for r, d in reports.items():
                got, _ = link_table([t], report_from_rows(d, r, self.store.doc_rows(d)))
                found += [lk.model_dump() for lk in got] if not isinstance(got, str) else []
        out = []
        for lk in found:
            d = docs.get(lk.get("doc_id") or "")
            para = self.store.doc_rows(d)[lk["paragraph"]] if d is not None and lk.get("paragraph") is not None else None
            out.append({**lk, "report_title": d.title if d else None, "text": para["text"] if para else None, "section": para.get("section_path", []) if para else []})
        return out
