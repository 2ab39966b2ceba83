"""Which files a batch takes: every supported document under the folders, recursively. Hidden
files, Office lock files (~$x.docx), sidecars and a second name for the same bytes (a copy, a
symlink, a hard link) are skipped with their reason, so the run manifest lists them too. Of
several names for one content the batch keeps the one the store already indexes with those
bytes, else a regular file over a symlink, else the first found."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pipeline.readers import supported_suffixes


@dataclass
class Found:
    path: Path
    sha256: Optional[str] = None
    skipped: Optional[str] = None  # why the file is not processed (None: it is)
    error: Optional[str] = None  # the file or folder cannot be read at all


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read(f: Path) -> Found:
    """The file with its sha256, or the one-line reason it cannot be read."""
    try:
        if not stat.S_ISREG(os.stat(f).st_mode):  # a symlink to a pipe or device would block the read
            return Found(f, error="not a regular file (a link to a pipe, device or folder) — give a document saved on disk")
        return Found(f, hashlib.sha256(f.read_bytes()).hexdigest())
    except FileNotFoundError:
        return Found(f, error="broken link: its target does not exist" if f.is_symlink() else "the file is gone (removed while the batch looked)")
    except OSError as exc:
        return Found(f, error=f"cannot read the file ({exc.strerror or exc}) — check its permissions")


def discover(dirs: list[Path], indexed: Optional[dict[str, str]] = None) -> list[Found]:
    """Every file a batch looks at, in a stable order, with why it is skipped when it is.
    `indexed`: path → sha256 of the files the store holds (which name of one content to keep)."""
    suffixes = set(supported_suffixes())
    indexed = indexed or {}
    out: list[Found] = []
    listed: set[Path] = set()
    for root in dirs:
        if root.is_file():  # one file given by itself (re-indexing it)
            files, root = [root], root.parent
        elif not root.is_dir():
            out.append(Found(root, error="no such folder" if not root.exists() else "not a folder"))
            continue
        else:
            files = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
        for f in files:
            if f.suffix.lower() not in suffixes or f.name.endswith(".meta.json") or f.absolute() in listed:
                continue  # not a document, a sidecar, or a file already listed (overlapping folders)
            listed.add(f.absolute())
            if _hidden(f, root):
                out.append(Found(f, skipped="hidden file"))
            elif f.name.startswith("~$"):
                out.append(Found(f, skipped="Office temporary file"))
            else:
                out.append(_read(f))
    keep: dict[str, tuple] = {}
    for i, x in enumerate(out):
        if x.sha256:
            rank = (indexed.get(str(x.path)) != x.sha256, x.path.is_symlink(), i)
            keep[x.sha256] = min(keep.get(x.sha256, rank), rank)
    for i, x in enumerate(out):
        if x.sha256 and keep[x.sha256][2] != i:
            x.skipped = f"same content as {out[keep[x.sha256][2]].path}"
    return out
