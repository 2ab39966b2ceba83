"""Which files a folder holds for the index, and adding them one by one: a bad file is reported
with its reason and the others are still indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional, Union

from pipeline.errors import GovTasksError
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


def add_all(store: Store, files: list[Path], *, district: Optional[str] = None, year: Optional[int] = None) -> Iterator[tuple[Path, Union[AddResult, GovTasksError]]]:
    """Each file added to the store, in order: (file, what adding it did, or why it failed)."""
    for f in files:
        try:
            yield f, store.add(f, district=district, year=year)
        except GovTasksError as exc:
            yield f, exc
