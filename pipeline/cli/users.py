"""`govtasks user add | list | remove | token`: the web accounts (viewer / editor) and API tokens."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.common import fail, run
from pipeline.web.accounts import ROLES, Accounts

USERS_HELP = "Accounts file (default: $GOVTASKS_HOME/users.json)."


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("GOVTASKS_PASSWORD"):
        return os.environ["GOVTASKS_PASSWORD"]
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


def user_add(
    name: str = typer.Argument(..., help="Account name."),
    role: str = typer.Option("viewer", "--role", help="viewer (read, ask, download) or editor (also upload, delete, re-index, import ledgers)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin (else GOVTASKS_PASSWORD, else a prompt)."),
    replace: bool = typer.Option(False, "--replace", help="Set the role and password of an existing account."),
    users: Optional[Path] = typer.Option(None, "--users", help=USERS_HELP),
):
    """Add an account (the password is stored as an argon2 hash)."""
    if role not in ROLES:
        fail(f"{role}: no such role — use viewer or editor")
    accounts = Accounts(users)
    run(accounts.add_user, name, role, _password(password_stdin), replace=replace)
    typer.echo(f"{name}: {role} account saved in {accounts.path}")


def user_list(users: Optional[Path] = typer.Option(None, "--users", help=USERS_HELP)):
    """List the accounts and their roles."""
    for name, role in run(Accounts(users).users).items():
        typer.echo(f"{name}\t{role}")


def user_remove(name: str = typer.Argument(...), users: Optional[Path] = typer.Option(None, "--users", help=USERS_HELP)):
    """Remove an account and its API tokens."""
    run(Accounts(users).remove_user, name)
    typer.echo(f"{name}: removed")


def user_token(
    name: str = typer.Argument(..., help="The account the token acts as (with its role)."),
    label: str = typer.Option("", "--label", help="What the token is for."),
    users: Optional[Path] = typer.Option(None, "--users", help=USERS_HELP),
):
    """Make an API token (printed once; send it as `Authorization: Bearer TOKEN`)."""
    typer.echo(run(Accounts(users).add_token, name, label))
