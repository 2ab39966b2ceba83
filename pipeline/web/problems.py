"""Every error as an RFC 9457 problem document (application/problem+json), never a stack trace:
bad input names what was wrong and what to do; a bug is "internal error" with an id to find it in
the server log."""

from __future__ import annotations

import logging
from html import escape
import secrets
from http import HTTPStatus
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from pipeline.errors import GovTasksError
from pipeline.index.lock import StoreBusy

log = logging.getLogger("govtasks.web")
MEDIA = "application/problem+json"


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, title: Optional[str] = None, headers: Optional[dict] = None, **extra):
        self.status, self.detail, self.title, self.headers, self.extra = status, detail, title, headers, extra


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{status} {title}</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main><h1>{status} {title}</h1>
<p class="error" role="alert">{detail}</p><p><a href="/">返回首页</a></p></main></body></html>"""


def problem(status: int, detail: str, instance: str, title: Optional[str] = None, headers: Optional[dict] = None, html_page: bool = False, **extra) -> Response:
    """The problem document — or, for a browser asking for a page (not /api), the same as HTML."""
    title = title or HTTPStatus(status).phrase
    if html_page:
        return HTMLResponse(PAGE.format(status=status, title=escape(title), detail=escape(detail)), status_code=status, headers=headers)
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance, **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=headers)


def wants_page(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem(exc.status, exc.detail, request.url.path, exc.title, exc.headers, wants_page(request), **exc.extra)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(exc.status_code, detail, request.url.path, headers=getattr(exc, "headers", None), html_page=wants_page(request))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")} for e in exc.errors()]
        return problem(422, "; ".join(f"{e['where']}: {e['problem']}" for e in errors) or "invalid request", request.url.path, errors=errors)

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy):
        return problem(409, str(exc), request.url.path, title="Store busy", headers={"Retry-After": "30"}, html_page=wants_page(request))

    @app.exception_handler(GovTasksError)
    async def _bad_input(request: Request, exc: GovTasksError):
        return problem(422, str(exc), request.url.path, title="Unusable input", html_page=wants_page(request))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        ref = secrets.token_hex(4)
        log.exception("internal error %s on %s %s", ref, request.method, request.url.path)
        return problem(500, f"internal error (reference {ref}); the server log has the details", request.url.path, html_page=wants_page(request))
