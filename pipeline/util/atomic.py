"""Atomic writes: write `<name>.part` beside the target, then rename it over the target.

A reader never sees a half-written file: the target is either the old file or the new one.
If the write fails, the target is left as it was and the .part file is removed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional, Union

PathLike = Union[str, "os.PathLike[str]"]


def part_path(path: PathLike) -> Path:
    """The temporary file an atomic write of `path` goes through: `<name>.part` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".part")


@contextmanager
def atomic_path(path: PathLike, part: Optional[PathLike] = None) -> Iterator[Path]:
    """Yield the temporary path to write; on success it replaces `path` (os.replace).

    On any exception in the block (or in the rename) the temporary file is removed and the
    exception propagates; `path` is untouched. `part` overrides the temporary name
    (default `<name>.part`); it must be on the same file system as `path`."""
    path = Path(path)
    tmp = Path(part) if part is not None else part_path(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: PathLike, text: str, encoding: str = "utf-8", part: Optional[PathLike] = None) -> Path:
    """Write `text` to `path` atomically; return `path`."""
    with atomic_path(path, part) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def write_bytes_atomic(path: PathLike, data: bytes, part: Optional[PathLike] = None) -> Path:
    """Write `data` to `path` atomically; return `path`."""
    with atomic_path(path, part) as tmp:
        tmp.write_bytes(data)
    return Path(path)
