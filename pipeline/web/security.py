"""What every response and every unsafe request goes through: security headers (a CSP without
inline script, no sniffing, no framing), CSRF for requests a browser's session cookie
authenticates, and a per-account rate limit on ask."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from typing import Optional

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SecurityHeaders:
    """ASGI middleware adding HEADERS to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in have]
                if scope.get("path", "").startswith(("/api/", "/login", "/logout")):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(session: dict) -> str:
    """The session's CSRF token (made on first use)."""
    if not session.get(CSRF_FIELD):
        session[CSRF_FIELD] = secrets.token_urlsafe(24)
    return session[CSRF_FIELD]


def csrf_ok(session: dict, given: Optional[str]) -> bool:
    expected = session.get(CSRF_FIELD)
    return bool(expected and given) and hmac.compare_digest(expected, given)


class RateLimit:
    """At most `per_minute` calls per key in any 60 s (a sliding window, in memory)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._calls: dict[str, deque] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> Optional[int]:
        """None when the call may go ahead (it is counted), else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(key, deque())
            while calls and now - calls[0] >= 60:
                calls.popleft()
            if len(calls) >= self.per_minute:
                return max(1, int(60 - (now - calls[0])) + 1)
            calls.append(now)
            return None
