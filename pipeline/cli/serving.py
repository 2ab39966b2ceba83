"""`govtasks serve`: the web page and REST API, with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
import uvicorn

from pipeline.cli.common import fail, run
from pipeline.cli.users import USERS_HELP
from pipeline.index.store import Store
from pipeline.web.accounts import Accounts
from pipeline.web.app import create_app, session_secret


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (keep 127.0.0.1 behind the office's reverse proxy)."),
    port: int = typer.Option(8000, help="Port."),
    store: Optional[Path] = typer.Option(None, "--store", help="Index folder (default: $GOVTASKS_HOME/store)."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="A Chroma server instead of the embedded index; also GOVTASKS_CHROMA_URL."),
    users: Optional[Path] = typer.Option(None, "--users", help=USERS_HELP),
    insecure_cookies: bool = typer.Option(False, "--insecure-cookies", help="Send the session cookie over plain http too (one machine, no TLS proxy); by default it is Secure."),
    ask_per_minute: int = typer.Option(30, "--ask-per-minute", min=1, help="Questions one account may ask in any minute."),
):
    """Serve the web page and REST API (OpenAPI docs at /api/docs). Add the first editor with `govtasks user add NAME --role editor` first."""
    accounts = Accounts(users)
    if not run(accounts.users):
        fail(f"{accounts.path}: no accounts yet — add the first editor with `govtasks user add NAME --role editor`, then serve")
    app = run(create_app, Store(store, chroma_url=chroma_url), accounts, secret=run(session_secret), cookie_secure=not insecure_cookies, ask_per_minute=ask_per_minute)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True, server_header=False)
