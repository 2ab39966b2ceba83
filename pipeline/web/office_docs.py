"""The office's documents over the API: drafts to download (summary, progress report or ledger,
per unit, leader, goal or district and period, as .docx / .xlsx / .md — the same `draft` stage as
`govtasks draft`), filled ledgers imported (the import's per-cell errors, or the new status), the
status of every imported ledger, and the year diff of a district."""

from __future__ import annotations

import re
from datetime import datetime
import tempfile
from pathlib import Path
from typing import Literal, Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from pipeline.compare import diff_store
from pipeline.draft import DraftRequest, draft
from pipeline.draft.ledger_import import import_ledger, read_progress, write_record
from pipeline.web.accounts import Principal
from pipeline.web.api import state
from pipeline.web.auth import editor, viewer
from pipeline.web.problems import Problem
from pipeline.web.state import WebState
from pipeline.web.uploads import check

router = APIRouter(prefix="/api", tags=["drafts and ledgers"])
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "md": "text/markdown; charset=utf-8"}


class LedgerStatus(BaseModel):
    selection: str
    period: str
    file: str
    imported: str
    total: int
    reported: int
    counts: dict[str, int]
    completion_rate: float


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text).strip("_")[:80] or "ledger"


def ledgers_dir(st: WebState) -> Path:
    return st.store.root / "progress"


def _record_for(st: WebState, label: str, period: str) -> Optional[Path]:
    path = ledgers_dir(st) / period / f"{_slug(label)}.json"
    return path if path.is_file() else None


@router.get("/drafts")
def download_draft(
    format: Literal["docx", "xlsx", "md"] = "docx", unit: Optional[str] = None, leader: Optional[str] = None, goal: Optional[str] = None,
    district: Optional[str] = None, by: Optional[Literal["unit", "leader", "goal", "district"]] = None, period: Optional[str] = Query(None, max_length=12),
    st: WebState = Depends(state), who: Principal = Depends(viewer),
) -> Response:
    """A summary (no period), a progress report (period, .docx/.md; filled from the imported ledger
    when there is one) or the ledger to fill (period, .xlsx), as a download."""
    rows = st.tasks()
    if not rows:
        raise Problem(409, "the index holds no task rows yet: upload a decomposition table first")
    unit, leader, goal, district, period = (v.strip() or None if v else None for v in (unit, leader, goal, district, period))  # a form's empty fields
    label = unit or leader or goal or district or ""
    picks = [(k, v) for k, v in (("unit", unit), ("leader", leader), ("goal", goal)) if v]
    progress = None
    if period and format != "xlsx" and len(picks) == 1 and st.selector():
        # the ledger imported for this selection and period fills the report (its label as the ledger wrote it)
        progress = _record_for(st, st.selector().select(picks[0][0], picks[0][1], district).label, period)
    with tempfile.TemporaryDirectory(prefix="govtasks-draft-") as tmp:
        out = Path(tmp) / f"draft.{format}"
        req = DraftRequest(unit=[unit] if unit else [], leader=[leader] if leader else [], goal=[goal] if goal else [], district=district, by=by, period=period, progress=progress, fmt=format, out=out, with_charts=format == "docx")
        result = draft(rows, st.store.documents(), req, None)
        data = out.read_bytes() if out.exists() else (result.text or "").encode("utf-8")
    kind = {"summary": "汇总", "report": "进展情况", "ledger": "台账"}.get(result.kind, result.kind)
    name = f"{label or '全部'}_{period + '_' if period else ''}{kind}.{format}"
    return Response(data, media_type=MEDIA[format], headers={"Content-Disposition": f"attachment; filename=\"draft.{format}\"; filename*=UTF-8''{quote(name)}"})


def import_filled(st: WebState, name: str, data: bytes) -> LedgerStatus:
    c = check(name, data)
    if c.error or not c.name.lower().endswith(".xlsx"):
        raise Problem(422, c.error or "a filled ledger is an .xlsx file (the one `govtasks draft --period … -f xlsx` or this page made)")
    with tempfile.TemporaryDirectory(prefix="govtasks-ledger-") as tmp:
        path = Path(tmp) / c.name
        path.write_bytes(data)
        record = import_ledger(path, display=c.name)  # InputError: every cell that is wrong, as a 422
    target = ledgers_dir(st) / record.period / f"{_slug(record.selection)}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_record(record.model_copy(update={"ledger": c.name}), target)
    return _status(target)


def _status(path: Path) -> LedgerStatus:
    rec = read_progress(path)
    s = rec.summary
    imported = datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")
    return LedgerStatus(selection=rec.selection, period=rec.period, file=rec.ledger, imported=imported, total=s.total, reported=s.reported, counts=s.counts, completion_rate=s.completion_rate)


@router.post("/ledgers", response_model=LedgerStatus)
async def import_ledger_upload(file: UploadFile = File(...), st: WebState = Depends(state), who: Principal = Depends(editor)) -> LedgerStatus:
    """A unit's filled ledger: read all or nothing; a problem lists the sheet, row and column of
    each wrong cell; on success the status of its tasks is stored and returned."""
    data = await file.read()
    return await run_in_threadpool(import_filled, st, file.filename or "ledger.xlsx", data)


@router.get("/ledgers", response_model=list[LedgerStatus])
def ledger_status(st: WebState = Depends(state), who: Principal = Depends(viewer)) -> list[LedgerStatus]:
    """Every imported ledger's status (latest per unit / selection and period)."""
    root = ledgers_dir(st)
    return [_status(p) for p in sorted(root.glob("*/*.json"))] if root.is_dir() else []


@router.get("/diff")
def year_diff(district: str, old: int, new: int, st: WebState = Depends(state), who: Principal = Depends(viewer)) -> dict:
    """What changed between a district's tables of two years (continued, new, dropped, moved, targets)."""
    return diff_store(st.store, district, (old, new)).model_dump(mode="json")
