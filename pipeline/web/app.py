"""The web service: `create_app(...)` builds the FastAPI app `govtasks serve` runs with uvicorn.

    app = create_app(Store("store"), Accounts("users.json"), secret=..., cookie_secure=True)

Middleware, outermost first: security headers on every response; the signed session cookie
(Starlette's SessionMiddleware: itsdangerous-signed, HttpOnly, SameSite=Lax, Secure unless
`cookie_secure=False` for plain-http use on one machine). Errors are problem documents
(problems.py). OpenAPI docs at /api/docs (an offline page: no CDN), the schema at /api/openapi.json — both
for signed-in users only."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from pipeline.index.store import Store
from pipeline.settings import settings
from pipeline.web import api, documents, office_docs, pages, problems, sessions
from pipeline.web.accounts import Accounts
from pipeline.web.security import SecurityHeaders
from pipeline.web.state import WebState
from pipeline.util.atomic import write_text_atomic

SESSION_HOURS = 8


def session_secret(path: Path | None = None) -> str:
    """The key that signs session cookies: $GOVTASKS_HOME/web_secret, made on first use (0600)."""
    path = path or settings().data_home() / "web_secret"
    if path.is_file() and len(path.read_text(encoding="utf-8").strip()) >= 32:
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    write_text_atomic(path, secret)
    path.chmod(0o600)
    return secret


def create_app(store: Store, accounts: Accounts, *, secret: str, cookie_secure: bool = True, ask_per_minute: int = 30, dense: bool = True) -> FastAPI:
    app = FastAPI(title="GovTasks", description="目标任务分解表：任务、问答、来源、文稿", docs_url=None, redoc_url=None, openapi_url=None)  # served signed-in only (pages.py)
    app.state.web = WebState(store, ask_per_minute=ask_per_minute, dense=dense)
    app.state.accounts = accounts
    problems.install(app)
    app.include_router(api.router)
    app.include_router(documents.router)
    app.include_router(office_docs.router)
    app.include_router(sessions.router)
    pages.install(app)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="govtasks_session", max_age=SESSION_HOURS * 3600, same_site="lax", https_only=cookie_secure)
    app.add_middleware(SecurityHeaders)
    return app
