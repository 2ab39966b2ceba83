"""The batch run: discovery, then the per-file work in worker processes, with this process the
only one that writes the store (embedding, Chroma, manifest — through Store.put, atomic per
document) and holding STORE/.lock for the whole run.

    result = run_batch([Path("2027/")], Store("store"), jobs=2, progress=print_line)

1. every file under the folders (discover.py); one already indexed with the same bytes and
   embedder is `unchanged` without being read again;
2. the others classified and read in workers (classify.py), each stored as its result arrives;
3. reports without a table → draft tables, tables ↔ reports of one district+year → links
   (followups.py), again in workers, stored here;
4. the run manifest written (manifest.py)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Optional

from pipeline.batch import followups
from pipeline.batch.discover import Found, discover
from pipeline.batch.manifest import BatchResult, RunLine, run_manifest_path, write_manifest
from pipeline.batch.worker import classify_file, draft_table, link_table, reason
from pipeline.errors import InputError
from pipeline.index.document import PreparedDocument, table_document
from pipeline.index.lock import store_lock
from pipeline.index.store import Store
from pipeline.schema import Task
from pipeline.util.atomic import write_text_atomic

Progress = Callable[[RunLine, int, int], None]  # (line just finished, done, total)


class InlineExecutor(Executor):
    """--jobs 1: the work done here, one call at a time."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut


def executor(jobs: int) -> Executor:
    # spawn: the workers start clean, never a fork of a process holding Chroma's threads
    return InlineExecutor() if jobs <= 1 else ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))


class _Run:
    def __init__(self, store: Store, dry_run: bool, progress: Optional[Progress]):
        self.store, self.dry_run, self.progress = store, dry_run, progress
        self.lines: list[RunLine] = []
        self.by_doc: dict[str, RunLine] = {}
        self.parsed: dict[str, PreparedDocument] = {}
        self.changed: set[str] = set()
        self.total = 0

    def emit(self, line: RunLine) -> RunLine:
        self.lines.append(line)
        if line.doc_id and line.status != "error":
            self.by_doc[line.doc_id] = line
        if self.progress:
            self.progress(line, len(self.lines), max(self.total, len(self.lines)))
        return line

    def store_doc(self, found: Found, got, seconds: float) -> None:
        f = str(found.path)
        if isinstance(got, str):
            self.emit(RunLine(file=f, sha256=found.sha256, status="error", error=got, seconds=round(seconds, 3)))
            return
        doc = got.doc
        # the bytes the rows came from (prepare checks they did not change while read): a file
        # rewritten after discovery is stored as it is now, and its line says so by its hash
        base = dict(file=f, sha256=doc.digest, kind=doc.kind, district=got.district, year=got.year, doc_id=doc.doc_id, rows=len(doc.records))
        if doc.doc_id in self.by_doc:
            other = self.by_doc[doc.doc_id].file
            self.emit(RunLine(**base, status="error", error=f"{f}: has the same document id “{doc.doc_id}” as {other} in this batch — give one of them a sidecar <name>.meta.json with its own \"doc_id\"", seconds=round(seconds, 3)))
            return
        if self.dry_run:
            self.emit(RunLine(**base, status="pending", seconds=round(seconds, 3)))
            return
        self.parsed[doc.doc_id] = doc
        t0 = time.perf_counter()
        try:
            res = self.store.put(doc)
        except Exception as exc:
            self.emit(RunLine(**base, status="error", error=unstored(f, exc), seconds=round(seconds + time.perf_counter() - t0, 3)))
            return
        if res.status != "unchanged":
            self.changed.add(doc.doc_id)
        self.emit(RunLine(**{**base, "rows": res.rows}, status=res.status, embedded=res.embedded, seconds=round(seconds + time.perf_counter() - t0, 3)))

    def store_draft(self, report_id: str, got, seconds: float) -> None:
        report = self.store.documents()[report_id]
        path = followups.draft_path(self.store.root, report_id)
        doc_id = f"{report_id}{followups.DRAFT_SUFFIX}"
        base = dict(file=str(path), kind="draft", district=(report.model_extra or {}).get("district_read"), year=report.year, doc_id=doc_id)
        if isinstance(got, str):
            self.emit(RunLine(**base, status="error", error=got, seconds=round(seconds, 3)))
            return
        t0 = time.perf_counter()
        try:
            rows = [r.model_copy(update={"doc_id": doc_id}) for r in got]
            text = "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in rows)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, text)
            tasks = [Task.model_validate(r.model_dump(include=set(Task.model_fields))) for r in rows]
            doc = table_document(path, str(path), hashlib.sha256(text.encode("utf-8")).hexdigest(), tasks, base["district"], report.year, f"{report.title or report_id}（草稿）", doc_id)
            doc.about["draft_of"] = report_id
            res = self.store.put(doc)
        except Exception as exc:
            self.emit(RunLine(**base, status="error", error=unstored(str(path), exc), seconds=round(seconds + time.perf_counter() - t0, 3)))
            return
        self.emit(RunLine(**base, sha256=doc.digest, rows=res.rows, status=res.status, embedded=res.embedded, seconds=round(seconds + time.perf_counter() - t0, 3)))

    def store_links(self, table_id: str, report_id: str, got) -> None:
        if isinstance(got, str):
            line = self.by_doc.get(table_id)
            if line is not None and line.error is None:
                line.error = f"linking to {report_id}: {got}"
            return
        path = followups.links_path(self.store.root, table_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, "".join(lk.model_dump_json() + "\n" for lk in got))
        except OSError as exc:  # the table is indexed; its links are written again by the next run
            why = f"{table_id}: indexed, but its links to {report_id} are not stored: {cannot_write(exc)}"
            line = self.by_doc.get(table_id)
            if line is None:
                self.emit(RunLine(file=str(path), doc_id=table_id, status="error", error=why))
            else:
                line.status, line.error = "error", why

    def followup_inputs(self, doc_id: str):
        if doc_id in self.parsed:
            doc = self.parsed[doc_id]
            return doc.report if doc.kind == "report" else doc.tasks
        d = self.store.documents()[doc_id]
        rows = self.store.doc_rows(d)
        return followups.report_from_rows(d, doc_id, rows) if d.kind == "report" else followups.tasks_from_rows(rows)


def run_batch(dirs: list[Path], store: Store, jobs: Optional[int] = None, manifest: Optional[Path] = None, dry_run: bool = False, wait: float = 0.0, progress: Optional[Progress] = None) -> BatchResult:
    """Index every document under `dirs` into `store` (see the module's docstring)."""
    t_start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    run = _Run(store, dry_run, progress)
    if not any(d.is_dir() or d.is_file() for d in dirs):
        raise InputError(", ".join(map(str, dirs)), "no such folder", "give one or more folders that hold tables and reports")
    with store_lock(store.root, wait) if not dry_run else _no_lock():
        swept = 0 if dry_run else store.sweep()
        indexed = {d.path: (doc_id, d) for doc_id, d in store.documents().items()}
        found = discover(dirs, {p: d.hash for p, (_, d) in indexed.items()})
        run.total = len(found)
        name = store.embedder.name
        pending = []
        for f in found:
            if f.error or f.skipped:
                run.emit(RunLine(file=str(f.path), sha256=f.sha256, status="error" if f.error else "skipped", error=f.error or f.skipped))
                continue
            doc_id, known = indexed.get(str(f.path), (None, None))
            if known is not None and known.hash == f.sha256 and known.embedder == name:
                run.emit(RunLine(file=str(f.path), sha256=f.sha256, kind=known.kind, district=known.district or (known.model_extra or {}).get("district_read"), year=known.year, rows=known.rows, status="unchanged", doc_id=doc_id))
                continue
            pending.append(f)
        with executor(jobs) as pool:
            futures = {pool.submit(classify_file, f.path, str(f.path)): f for f in pending}
            for fut in futures:  # stored in discovery order (the workers run ahead): which of two files with one id wins never depends on timing
                got, secs = _result(fut)
                run.store_doc(futures[fut], got, secs)
            if not dry_run:
                docs = store.documents()
                drafts, pairs = followups.plan(store.root, docs, run.changed)
                run.total += len(drafts)
                jobs_2 = {pool.submit(draft_table, run.followup_inputs(r), (docs[r].model_extra or {}).get("district_read")): ("draft", r) for r in drafts}
                jobs_2 |= {pool.submit(link_table, run.followup_inputs(t), run.followup_inputs(r)): (t, r) for t, r in pairs}
                for fut in jobs_2:
                    got, secs = _result(fut)
                    a, b = jobs_2[fut]
                    run.store_draft(b, got, secs) if a == "draft" else run.store_links(a, b, got)
        order = {str(f.path): i for i, f in enumerate(found)}
        run.lines.sort(key=lambda ln: order.get(ln.file, len(order)))  # discovery order; drafts last
        if not dry_run:
            for t, r in followups.linked_pairs(store.documents()):
                n = followups.links_count(store.root, t, r)
                for doc_id in (t, r):
                    if doc_id in run.by_doc:
                        run.by_doc[doc_id].links += n
        targets = ([] if dry_run else [run_manifest_path(store.root)]) + ([manifest] if manifest is not None else [])
        path, manifest_error = None, None
        for target in targets:
            try:
                path = write_manifest(target, run.lines)
            except OSError as exc:  # a full disk at the very end: the results are still returned (and printed)
                manifest_error = f"{target}: cannot write the run manifest ({exc.strerror or exc}) — free disk space or make the folder writable, then run the batch again (it redoes only what is missing)"
    return BatchResult(lines=run.lines, manifest_path=path, manifest_error=manifest_error, store=store.root, seconds=round(time.perf_counter() - t_start, 3), swept=swept)


def cannot_write(exc: OSError) -> str:
    return f"cannot write {exc.filename or 'the store'} ({exc.strerror or exc}) — free disk space or make the store writable, then run the batch again"


def unstored(file: str, exc: BaseException) -> str:
    """Why a document could not be written to the store, in one line (a full disk, no permission)."""
    return f"{file}: not stored: {cannot_write(exc)}" if isinstance(exc, OSError) else reason(exc)


def _result(fut: Future):
    try:
        return fut.result()
    except Exception as exc:  # a worker process died (BrokenProcessPool) or the work could not be sent
        return reason(exc), 0.0


class _no_lock:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
