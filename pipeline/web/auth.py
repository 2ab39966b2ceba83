"""Who is asking: a browser session (signed cookie, set by POST /login) or an API token
(`Authorization: Bearer gt_…`). Every route but health depends on `viewer` or `editor`; a
request a session cookie authenticates must carry the session's CSRF token when it changes
anything (form field csrf_token or header X-CSRF-Token) — a token-authenticated request carries
no ambient credential and needs none."""

from __future__ import annotations

from typing import Optional

from fastapi import Depends, Request

from pipeline.web.accounts import Accounts, Principal
from pipeline.web.problems import Problem
from pipeline.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE, csrf_ok


def accounts(request: Request) -> Accounts:
    return request.app.state.accounts


def session_account(request: Request) -> Optional[Principal]:
    """The account the session cookie signs in, while that account still exists."""
    name = request.session.get("user")
    role = accounts(request).users().get(name) if name else None
    return Principal(name, role, "session") if role else None


async def sent_csrf(request: Request) -> Optional[str]:
    """The CSRF token a request carries: the X-CSRF-Token header, else a form's csrf_token field."""
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        given = (await request.form()).get(CSRF_FIELD)
    return given if isinstance(given, str) else None


async def principal(request: Request) -> Principal:
    """The signed-in account, or 401."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        who = accounts(request).check_token(token.strip()) if scheme.lower() == "bearer" else None
        if who is None:
            raise Problem(401, "the API token is not valid", headers={"WWW-Authenticate": "Bearer"})
        return who
    who = session_account(request)
    if who is None:
        request.session.pop("user", None)
        raise Problem(401, "sign in first (POST /login), or send an API token", headers={"WWW-Authenticate": "Bearer"})
    if request.method in UNSAFE and not csrf_ok(request.session, await sent_csrf(request)):
        raise Problem(403, "the form's CSRF token is missing or wrong: reload the page and try again")
    return who


async def viewer(who: Principal = Depends(principal)) -> Principal:
    return who


async def editor(who: Principal = Depends(principal)) -> Principal:
    if not who.editor:
        raise Problem(403, f"“{who.name}” is a viewer: uploading, deleting, re-indexing and importing ledgers need an editor account")
    return who
