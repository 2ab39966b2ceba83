"""Year-over-year changes between two decomposition tables (`govtasks diff`).

    from pipeline.compare import diff_files
    d = diff_files("2026.docx", "2027.docx")
    d.summary, d.continued[0].targets, d.new_tasks, d.dropped

match.py pairs rows (IDF bigram Dice, optional E5, greedy one-to-one above THRESHOLD);
targets.py compares a continued task's targets; diff.py builds the Diff (model.py);
render_md.py / render_xlsx.py write it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.compare.diff import diff_rows
from pipeline.compare.load import load_files, load_store
from pipeline.compare.match import THRESHOLD
from pipeline.compare.model import Diff
from pipeline.errors import InputError
from pipeline.index.embed import Embedder

__all__ = ["Diff", "THRESHOLD", "compare", "diff_files", "diff_rows", "diff_store"]


def diff_files(old: Path, new: Path, embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    (old_doc, old_rows), (new_doc, new_rows) = load_files(old, new)
    return diff_rows(old_doc, old_rows, new_doc, new_rows, embedder, threshold)


def diff_store(store, district: str, years: tuple[int, int], embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    if years[0] == years[1]:
        raise InputError(str(store.root), f"the same year is given twice ({years[0]})", "give two different years: --years 2026 2027")
    old_doc, old_rows = load_store(store, district, years[0])
    new_doc, new_rows = load_store(store, district, years[1])
    return diff_rows(old_doc, old_rows, new_doc, new_rows, embedder, threshold)


def compare(old: Optional[Path], new: Optional[Path], *, district: Optional[str] = None, years: Optional[tuple[int, int]] = None, store=None, embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    """`govtasks diff`: OLD NEW files, or --district D --years Y1 Y2 from the store."""
    if years and not district:
        raise InputError("--years", "needs --district", "give --district 武进区 --years 2026 2027, or two files: govtasks diff OLD NEW")
    if district and not years:
        raise InputError("--district", "needs --years", "give --years 2026 2027 (old year, new year)")
    if district:
        if old is not None or new is not None:
            raise InputError(str(old or new), "give either two files or --district/--years, not both", "drop the files or the store options")
        if store is None:
            raise InputError("--district", "needs a store", "give --store DIR (or index tables with `govtasks index` first)")
        return diff_store(store, district, years, embedder, threshold)
    if old is None or new is None:
        raise InputError(str(old) if old else None, "two tables are needed", "give OLD NEW (last year's table, this year's), or --district D --years Y1 Y2")
    return diff_files(old, new, embedder, threshold)
