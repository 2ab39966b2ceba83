"""The documents in the index, over the API: list (viewer); upload one or many → a batch run with
its manifest lines, delete, re-index (editor). An upload's files are checked first (uploads.py):
a refused file is a result line with its reason, the others go through `govtasks batch`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from pipeline.batch.removal import remove_document
from pipeline.batch.run import run_batch
from pipeline.errors import InputError
from pipeline.web.accounts import Principal
from pipeline.web.api import state
from pipeline.web.auth import editor, viewer
from pipeline.web.problems import Problem
from pipeline.web.state import WebState
from pipeline.web.uploads import check, store_uploads

router = APIRouter(prefix="/api/documents", tags=["documents"])
LOCK_WAIT = 30.0  # seconds an upload waits for a batch already writing the store


class DocumentOut(BaseModel):
    doc_id: str
    kind: str
    district: Optional[str] = None
    year: Optional[int] = None
    title: Optional[str] = None
    rows: int
    path: str


class UploadLine(BaseModel):
    file: str
    status: str
    kind: Optional[str] = None
    doc_id: Optional[str] = None
    district: Optional[str] = None
    year: Optional[int] = None
    rows: Optional[int] = None
    links: int = 0
    error: Optional[str] = None


class UploadResult(BaseModel):
    lines: list[UploadLine]
    failed: int
    manifest: Optional[str] = None


@router.get("", response_model=list[DocumentOut])
def list_documents(st: WebState = Depends(state), who: Principal = Depends(viewer)) -> list[DocumentOut]:
    docs = st.store.documents()
    return [DocumentOut(doc_id=k, kind=d.kind, district=d.district or (d.model_extra or {}).get("district_read"), year=d.year, title=d.title, rows=d.rows, path=d.path.rsplit("/", 1)[-1]) for k, d in sorted(docs.items())]


def _result(batch, refused: list[UploadLine], given: dict[str, str]) -> UploadResult:
    """A batch run's lines (file named as it was uploaded, when it was) after the refused uploads."""

    def line(ln) -> UploadLine:
        name = ln.file.rsplit("/", 1)[-1]
        return UploadLine(file=given.get(name, name), status=ln.status, kind=ln.kind, doc_id=ln.doc_id, district=ln.district, year=ln.year, rows=ln.rows, links=ln.links, error=ln.error)

    lines = refused + [line(ln) for ln in batch.lines]
    return UploadResult(lines=lines, failed=sum(1 for ln in lines if ln.status in ("refused", "error")), manifest=str(batch.manifest_path) if batch.manifest_path else None)


def upload_files(st: WebState, files: list[tuple[str, bytes]], district: Optional[str] = None, year: Optional[int] = None) -> UploadResult:
    """Check, store and batch the uploaded (name, bytes) pairs."""
    checked = [check(name, data) for name, data in files]
    refused = [UploadLine(file=c.name, status="refused", error=c.error) for c in checked if c.error]
    accepted = [c for c in checked if not c.error]
    if not accepted:
        return UploadResult(lines=refused, failed=len(refused))
    folder = store_uploads(st.store.root, checked, district=district, year=year)
    batch = run_batch([folder], st.store, jobs=1, wait=LOCK_WAIT)  # StoreBusy: a 409 problem
    return _result(batch, refused, {c.name: c.given for c in accepted})


@router.post("", response_model=UploadResult)
async def upload(files: list[UploadFile] = File(...), district: Optional[str] = Form(None), year: Optional[int] = Form(None), st: WebState = Depends(state), who: Principal = Depends(editor)) -> UploadResult:
    """Upload tables and reports (one or many): each is checked, stored and indexed by a batch
    run (classified by content, drafts and links made); the run's lines come back."""
    got = [(f.filename or "", await f.read()) for f in files]
    return await run_in_threadpool(upload_files, st, got, district, year)


@router.delete("/{doc_id}")
def delete(doc_id: str, st: WebState = Depends(state), who: Principal = Depends(editor)) -> dict:
    """Remove a document, with its draft table and links."""
    if doc_id not in st.store.documents():
        raise Problem(404, f"no document “{doc_id}” in the index")
    return {"removed": remove_document(st.store, doc_id, wait=LOCK_WAIT)}


@router.post("/{doc_id}/reindex", response_model=UploadResult)
def reindex(doc_id: str, st: WebState = Depends(state), who: Principal = Depends(editor)) -> UploadResult:
    """Read a document's file again and index it afresh (its rows, draft and links made anew)."""
    docs = st.store.documents()
    if doc_id not in docs:
        raise Problem(404, f"no document “{doc_id}” in the index")
    path = Path(docs[doc_id].path)
    if not path.is_file():
        raise InputError(str(path), "the indexed file is no longer there", "upload it again")
    remove_document(st.store, doc_id, wait=LOCK_WAIT)
    return _result(run_batch([path], st.store, jobs=1, wait=LOCK_WAIT), [], {})
