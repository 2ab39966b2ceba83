"""Which files a folder holds for the index, and adding them one by one under the store's lock
(index/lock.py: never interleaved with a batch or another index run): a bad file is reported
with its reason and the others are still indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Union

from pipeline.errors import GovTasksError
from pipeline.index.lock import store_lock
from pipeline.index.store import Store
from pipeline.readers import supported_suffixes
from pipeline.schema import AddResult


def document_files(paths: list[Path]) -> list[Path]:
    """The files given, with every supported file under a folder given (sorted)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in supported_suffixes())
        else:
            files.append(p)
    return files


def add_all(store: Store, files: list[Path], each: Callable[[Path, Union[AddResult, GovTasksError]], None], *, district: Optional[str] = None, year: Optional[int] = None, wait: float = 0.0) -> int:
    """Each file added to the store, in order, `each(file, what adding it did or why it failed)`
    called as it is done; returns how many failed. The store's lock is taken first (InputError
    "store busy" after `wait` seconds: nothing is written)."""
    failed = 0
    with store_lock(store.root, wait):
        for f in files:
            try:
                got: Union[AddResult, GovTasksError] = store.add(f, district=district, year=year)
            except GovTasksError as exc:
                got, failed = exc, failed + 1
            each(f, got)
    return failed
