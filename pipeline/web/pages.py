"""The server-rendered page (Jinja2, autoescaped; plain JS from /static only): sign-in, the
question box with the answer and its citations, the task table with filters, sorting, paging and
a chart of tasks per lead unit, and one task with its table source lines and the report
paragraph it came from, highlighted in context. A page asked for without a session redirects to
/login."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from pipeline.errors import GovTasksError
from pipeline.readers.encoding import read_text
from pipeline.web.accounts import Principal
from pipeline.web.auth import editor, session_account, viewer
from pipeline.draft.progress import STATUSES
from pipeline.web.documents import list_documents, upload_files
from pipeline.web.office_docs import import_filled, ledger_status
from pipeline.web.problems import Problem
from pipeline.web.security import csrf_token
from pipeline.web.task_list import TaskFilter, TaskItem, filtered, page_of, task_id

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)
COLUMNS = [("doc", "序号"), ("goal", "目标"), ("", "工作内容"), ("leader", "分管领导"), ("lead_unit", "牵头单位"), ("", "责任单位"), ("targets", "量化目标")]
CHART_BARS = 15
SOURCE_LINES_MAX = 40


class SignIn(Exception):
    """A page asked for without a session: answered with a redirect to /login."""

    def __init__(self, target: str):
        self.target = target


def signed_in(request: Request) -> Principal:
    who = session_account(request)
    if who is None:
        raise SignIn(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return who


def _choices(st, docs) -> dict:
    """What the filter and draft forms offer: the tables' districts and the known units."""
    selector = st.selector()
    return {"districts": sorted({d.district for d in docs.values() if d.kind == "table" and d.district}), "units": selector.names("unit") if selector else []}


def render(request: Request, name: str, who: Optional[Principal], **context):
    return templates.TemplateResponse(request, name, {"who": who, "csrf": csrf_token(request.session), **context})


@router.get("/login")
def login_page(request: Request, next: str = "/", failed: int = 0):
    return render(request, "login.html", None, next=next, failed=bool(failed))


@router.get("/")
def index(request: Request, q: str = "", district: str = "", year: str = "", unit: str = "", leader: str = "", goal: str = "", text: str = "", has_target: str = "", sort: str = "doc", page: int = 1):
    who = signed_in(request)
    st = request.app.state.web
    answer = ask_error = list_error = None
    if q.strip():
        wait = st.ask_limit.retry_after(who.name)
        try:
            if wait is not None:
                ask_error = f"提问太频繁：每分钟最多 {st.ask_limit.per_minute} 次，请 {wait} 秒后再试。"
            else:
                answer = st.asker().ask(q)
        except GovTasksError as exc:
            ask_error = str(exc)
    f = TaskFilter(district=district or None, year=int(year) if year.isdigit() else None, unit=unit or None, leader=leader or None, goal=goal or None, text=text or None, has_target=True if has_target else None, sort=sort, page=max(page, 1))
    docs = st.store.documents()
    try:
        rows = filtered(st.tasks(), docs, f, st.selector())
    except GovTasksError as exc:
        rows, list_error = [], str(exc)
    listing = page_of(rows, docs, f)
    counts = Counter(u for t in rows for u in t.lead_units).most_common(CHART_BARS)
    top = counts[0][1] if counts else 1
    chart = [(u, n, round(400 * n / top)) for u, n in counts]
    params = {k: v for k, v in dict(district=district, year=year, unit=unit, leader=leader, goal=goal, text=text, has_target=has_target).items() if v}
    return render(
        request, "index.html", who, q=q, answer=answer, ask_error=ask_error, list_error=list_error, listing=listing, f=f, chart=chart, columns=COLUMNS,
        years=sorted({d.year for d in docs.values() if d.year}), **_choices(st, docs),
        sort_url=lambda key: "/?" + urlencode({**params, "sort": f"-{key}" if f.sort == key else key}),
        page_url=lambda n: "/?" + urlencode({**params, "sort": f.sort, "page": n}),
    )


def _segments(text: str, spans: list) -> list[tuple[str, bool]]:
    """The paragraph cut into (text, highlighted) pieces at the link's excerpt spans."""
    out, at = [], 0
    for a, b in sorted((max(0, int(a)), min(len(text), int(b))) for a, b in spans):
        if a > at:
            out.append((text[at:a], False))
        if b > max(a, at):
            out.append((text[max(a, at) : b], True))
        at = max(at, b)
    if at < len(text):
        out.append((text[at:], False))
    return out


def _source_lines(path: str, start: Optional[int], end: Optional[int]) -> list[tuple[int, str]]:
    """The table's own lines of a row (text tables), when the file is still where it was indexed."""
    p = Path(path)
    if not start or p.suffix.lower() not in (".txt", ".csv") or not p.is_file():
        return []
    lines = read_text(p, path)[0].splitlines()
    stop = min(end or start, start + SOURCE_LINES_MAX - 1)
    return [(n, lines[n - 1]) for n in range(start, stop + 1) if 0 < n <= len(lines)]


@router.get("/tasks/{tid}")
def task_page(request: Request, tid: str):
    who = signed_in(request)
    st = request.app.state.web
    t = st.task(tid)
    docs = st.store.documents()
    about = docs[t.doc_id]
    links = []
    for lk in st.links_of(t):
        if lk.get("paragraph") is None or lk.get("text") is None:
            continue
        rows = st.store.doc_rows(docs[lk["doc_id"]])
        i = lk["paragraph"]
        links.append({**lk, "segments": _segments(lk["text"], lk.get("spans") or []), "before": rows[i - 1]["text"] if i > 0 else None, "after": rows[i + 1]["text"] if i + 1 < len(rows) else None})
    linked_reports = bool(st.reports_for(t))
    item = TaskItem(id=task_id(t), district=about.district, year=about.year, task=t)
    return render(request, "task.html", who, item=item, links=links, linked_reports=linked_reports, source_lines=_source_lines(t.source.path, t.source.line_start, t.source.line_end), title=about.title)


STATUS_LABEL = {"added": "已收录", "replaced": "已更新", "unchanged": "未变化", "skipped": "跳过", "error": "失败", "refused": "拒收"}
KIND_LABEL = {"table": "分解表", "report": "报告", "draft": "分解表草稿"}


def _upload_page(request: Request, who: Principal, result=None):
    st = request.app.state.web
    return render(request, "upload.html", who, result=result, documents=list_documents(st, who), status_label=STATUS_LABEL, kind_label=KIND_LABEL)


@router.get("/upload")
def upload_page(request: Request):
    who = signed_in(request)
    if not who.editor:
        raise Problem(403, f"“{who.name}” is a viewer: uploading needs an editor account")
    return _upload_page(request, who)


@router.post("/upload")
async def upload_form(request: Request, files: list[UploadFile] = File(...), district: str = Form(""), year: str = Form(""), who: Principal = Depends(editor)):
    got = [(f.filename or "", await f.read()) for f in files]
    result = await run_in_threadpool(upload_files, request.app.state.web, got, district or None, int(year) if year.isdigit() else None)
    return _upload_page(request, who, result)


def _ledgers_page(request: Request, who: Principal, message: str = "", failed: bool = False):
    st = request.app.state.web
    return render(request, "ledgers.html", who, ledgers=ledger_status(st, who), statuses=(*STATUSES, "未填报"), message=message, failed=failed, **_choices(st, st.store.documents()))


@router.get("/ledgers")
def ledgers_page(request: Request):
    return _ledgers_page(request, signed_in(request))


@router.post("/ledgers")
async def ledger_form(request: Request, file: UploadFile = File(...), who: Principal = Depends(editor)):
    data = await file.read()
    try:
        got = await run_in_threadpool(import_filled, request.app.state.web, file.filename or "ledger.xlsx", data)
    except (GovTasksError, Problem) as exc:
        return _ledgers_page(request, who, f"未导入：{getattr(exc, 'detail', None) or exc}", failed=True)
    return _ledgers_page(request, who, f"已导入 {got.selection} {got.period} 的台账：{got.reported}/{got.total} 项已填报。")


@router.get("/api/docs")
def api_docs(request: Request):
    """The OpenAPI description as a page of its own (Swagger UI would load its script from a CDN)."""
    return render(request, "api_docs.html", signed_in(request), spec=request.app.openapi())


@router.get("/api/openapi.json")
def openapi_json(request: Request, who: Principal = Depends(viewer)):
    return JSONResponse(request.app.openapi())


def install(app) -> None:
    """The page routes, /static, and the redirect to sign-in."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(SignIn)
    async def _sign_in(request: Request, exc: SignIn):
        return RedirectResponse("/login?" + urlencode({"next": exc.target}), status_code=303)
