"""Which files a batch takes: every supported document under the folders, recursively. Hidden
files, Office lock files (~$x.docx), sidecars and a second copy of the same bytes are skipped
with their reason, so the run manifest lists them too."""

from __future__ import annotations

import hashlib
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


def discover(dirs: list[Path]) -> list[Found]:
    """Every file a batch looks at, in a stable order, with why it is skipped when it is."""
    suffixes = set(supported_suffixes())
    out: list[Found] = []
    seen: dict[str, Path] = {}
    for root in dirs:
        if root.is_file():  # one file given by itself (re-indexing it)
            files, root = [root], root.parent
        elif not root.is_dir():
            out.append(Found(root, error="no such folder" if not root.exists() else "not a folder"))
            continue
        else:
            files = sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
        for f in files:
            if f.suffix.lower() not in suffixes or f.name.endswith(".meta.json"):
                continue
            if _hidden(f, root):
                out.append(Found(f, skipped="hidden file"))
                continue
            if f.name.startswith("~$"):
                out.append(Found(f, skipped="Office temporary file"))
                continue
            try:
                digest = hashlib.sha256(f.read_bytes()).hexdigest()
            except OSError as exc:
                out.append(Found(f, error=f"cannot read the file ({exc.strerror or exc})"))
                continue
            if digest in seen:
                out.append(Found(f, digest, skipped=f"same content as {seen[digest]}"))
                continue
            seen[digest] = f
            out.append(Found(f, digest))
    return out
