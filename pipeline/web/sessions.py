"""Signing in and out of the browser session. POST /login takes a form (name, password,
csrf_token from GET /login/csrf or the login page) or JSON; a wrong name and a wrong password get
the same answer after the same work. POST /logout ends the session."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse

from pipeline.web.auth import accounts, sent_csrf
from pipeline.web.problems import Problem
from pipeline.web.security import CSRF_FIELD, csrf_ok, csrf_token

router = APIRouter(tags=["session"])


def local_path(target: str) -> str:
    """Where to go after signing in: a path on this site only (never //host or a URL)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login/csrf")
def login_csrf(request: Request) -> dict:
    """The CSRF token a sign-in form (or a script) must send back with POST /login."""
    return {CSRF_FIELD: csrf_token(request.session)}


@router.post("/login")
async def login(request: Request):
    is_form = not request.headers.get("content-type", "").startswith("application/json")
    data = dict(await request.form()) if is_form else await request.json()
    given = await sent_csrf(request) or data.get(CSRF_FIELD)  # a JSON body may carry it too
    if not csrf_ok(request.session, given if isinstance(given, str) else None):
        raise Problem(403, "the sign-in form's CSRF token is missing or wrong: reload the page and try again")
    who = accounts(request).check_password(str(data.get("name", "")), str(data.get("password", "")))
    if who is None:
        if is_form and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/login?failed=1", status_code=303)
        raise Problem(401, "wrong account name or password")
    request.session.clear()  # a new session on sign-in: no fixation
    request.session["user"] = who.name
    csrf_token(request.session)
    if is_form and "text/html" in request.headers.get("accept", ""):
        return RedirectResponse(local_path(str(data.get("next") or "/")), status_code=303)
    return JSONResponse({"name": who.name, "role": who.role, CSRF_FIELD: request.session[CSRF_FIELD]})


@router.post("/logout")
async def logout(request: Request):
    if request.session.get("user") and not csrf_ok(request.session, await sent_csrf(request)):  # a cross-site form must not sign anyone out
        raise Problem(403, "the sign-out form's CSRF token is missing or wrong: reload the page and try again")
    request.session.clear()
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/login", status_code=303)
    return JSONResponse({"signed_out": True})
