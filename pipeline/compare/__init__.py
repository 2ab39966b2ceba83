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

__all__ = ["Diff", "THRESHOLD", "diff_files", "diff_rows", "diff_store"]


def diff_files(old: Path, new: Path, embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    (old_doc, old_rows), (new_doc, new_rows) = load_files(old, new)
    return diff_rows(old_doc, old_rows, new_doc, new_rows, embedder, threshold)


def diff_store(store, district: str, years: tuple[int, int], embedder: Optional[Embedder] = None, threshold: Optional[float] = None) -> Diff:
    if years[0] == years[1]:
        raise InputError(str(store.root), f"the same year is given twice ({years[0]})", "give two different years: --years 2026 2027")
    old_doc, old_rows = load_store(store, district, years[0])
    new_doc, new_rows = load_store(store, district, years[1])
    return diff_rows(old_doc, old_rows, new_doc, new_rows, embedder, threshold)
