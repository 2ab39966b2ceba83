"""Who may use the web page and the REST API: accounts (name, role, password) and API tokens, in
one JSON file (default $GOVTASKS_HOME/users.json, mode 0600). Passwords and token secrets are
stored only as argon2id hashes (argon2-cffi); a token is shown once, when it is made.

    accounts = Accounts(path)
    accounts.add_user("zhang", "editor", "a long password")
    accounts.check_password("zhang", "a long password")      # → Principal, or None
    token = accounts.add_token("zhang", "ledger script")       # "gt_<id>_<secret>"
    accounts.check_token(token)                                 # → Principal, or None

Roles: viewer (read, ask, download) and editor (also upload, delete, re-index, import ledgers)."""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.errors import InputError
from pipeline.settings import settings
from pipeline.util.atomic import write_text_atomic

Role = Literal["viewer", "editor"]
ROLES: tuple[Role, ...] = ("viewer", "editor")
NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,40}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# verifying against this when the name is unknown costs the same time as a real check
_DUMMY = _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Principal:
    """The account a request acts as."""

    name: str
    role: Role
    via: Literal["session", "token"] = "session"

    @property
    def editor(self) -> bool:
        return self.role == "editor"


def default_accounts_path() -> Path:
    return settings().data_home() / "users.json"


class Accounts:
    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path) if path else default_accounts_path()

    # ---- the file -----------------------------------------------------------------------
    def _load(self) -> dict:
        if not self.path.exists():
            return {"users": {}, "tokens": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data.get("users"), dict) or not isinstance(data.get("tokens"), dict):
                raise ValueError("users/tokens missing")
            return data
        except (ValueError, UnicodeDecodeError, AttributeError) as exc:
            raise InputError(str(self.path), f"the accounts file is not readable ({exc})", "restore it from a backup, or move it away and add the first editor again with `govtasks user add`")

    def _save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        os.chmod(self.path, 0o600)

    # ---- accounts -----------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str, *, replace: bool = False) -> None:
        if not NAME.match(name or ""):
            raise InputError(name, "not a usable account name", "use 2–40 letters, digits, Chinese characters, '.', '_' or '-'")
        if role not in ROLES:
            raise InputError(role, "no such role", "use viewer or editor")
        if len(password or "") < MIN_PASSWORD:
            raise InputError(name, f"the password is shorter than {MIN_PASSWORD} characters", "choose a longer password")
        data = self._load()
        if name in data["users"] and not replace:
            raise InputError(name, "the account exists", "choose another name, or pass --replace to set its role and password")
        data["users"][name] = {"role": role, "password": _HASHER.hash(password), "created": _now()}
        self._save(data)

    def remove_user(self, name: str) -> None:
        data = self._load()
        if name not in data["users"]:
            raise InputError(name, "no such account", "see `govtasks user list`")
        del data["users"][name]
        data["tokens"] = {k: t for k, t in data["tokens"].items() if t["user"] != name}
        self._save(data)

    def users(self) -> dict[str, Role]:
        return {name: u["role"] for name, u in sorted(self._load()["users"].items())}

    def check_password(self, name: str, password: str) -> Optional[Principal]:
        user = self._load()["users"].get(name)
        if not _verify(user["password"] if user else _DUMMY, password) or user is None:
            return None
        return Principal(name, user["role"], "session")

    # ---- API tokens ---------------------------------------------------------------------
    def add_token(self, name: str, label: str = "") -> str:
        data = self._load()
        if name not in data["users"]:
            raise InputError(name, "no such account", "add it first with `govtasks user add`")
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
        data["tokens"][token_id] = {"user": name, "hash": _HASHER.hash(secret), "label": label, "created": _now()}
        self._save(data)
        return f"gt_{token_id}_{secret}"

    def check_token(self, token: str) -> Optional[Principal]:
        m = re.fullmatch(r"gt_([0-9a-f]{12})_([A-Za-z0-9_\-]{20,64})", token or "")
        data = self._load()
        entry = data["tokens"].get(m.group(1)) if m else None
        if not _verify(entry["hash"] if entry else _DUMMY, m.group(2) if m else "") or entry is None:
            return None
        user = data["users"].get(entry["user"])
        return Principal(entry["user"], user["role"], "token") if user else None


def _verify(hashed: str, secret: str) -> bool:
    try:
        return _HASHER.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
