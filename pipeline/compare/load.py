"""The two sides of a diff: two files (any table format the readers take, or task-row .jsonl),
or one district's tables of two years from the store."""

from __future__ import annotations

from pathlib import Path

from pipeline.compare.model import DocRef
from pipeline.errors import InputError
from pipeline.extract import extract, task_rows
from pipeline.schema import Task

HINT = "give two decomposition tables (.txt .docx .xlsx .pdf …) or their task rows (.jsonl)"


def load_file(path: Path) -> tuple[DocRef, list[Task]]:
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file", HINT)
    if not path.is_file():
        raise InputError(str(path), "not a file", HINT)
    if path.suffix.lower() == ".jsonl":
        rows, district = task_rows(path)
        return DocRef(doc_id=rows[0].doc_id, path=str(path), district=district, rows=len(rows)), rows
    result = extract(path, display=str(path))
    if not result.tasks:
        raise InputError(str(path), "no task rows found in the table", HINT)
    m = result.meta
    return DocRef(doc_id=m.doc_id, path=str(path), title=m.title, district=m.district, year=m.year, rows=len(result.tasks)), result.tasks


def load_files(old: Path, new: Path) -> tuple[tuple[DocRef, list[Task]], tuple[DocRef, list[Task]]]:
    if Path(old).exists() and Path(new).exists() and Path(old).resolve() == Path(new).resolve():
        raise InputError(str(new), "the same file is given twice", "give last year's table and this year's")
    return load_file(old), load_file(new)


def _same_district(asked: str, known: str | None) -> bool:
    if not known:
        return False
    a, k = asked.strip(), known.strip()
    return a == k or (len(a) >= 2 and (k.startswith(a) or a.startswith(k)))


def load_store(store, district: str, year: int) -> tuple[DocRef, list[Task]]:
    """The indexed table of `district` for `year` (a district matches by its full name or its
    short form: 武进 → 武进区)."""
    docs = {d: m for d, m in store.documents().items() if m.kind == "table"}
    hits = [d for d, m in docs.items() if _same_district(district, m.district) and m.year == year]
    if not hits:
        have = sorted({f"{m.district or '?'} {m.year or '?'}" for m in docs.values()})
        raise InputError(str(store.root), f"no indexed table for {district} {year}", f"indexed tables: {', '.join(have) or 'none'}; add one with `govtasks index`")
    if len(hits) > 1:
        raise InputError(str(store.root), f"{len(hits)} indexed tables for {district} {year} ({', '.join(sorted(hits))})", "diff their files directly: govtasks diff OLD NEW")
    doc_id = hits[0]
    m = docs[doc_id]
    rows = [t for t in store.tasks() if t.doc_id == doc_id]
    return DocRef(doc_id=doc_id, path=m.path, title=m.title, district=m.district, year=m.year, rows=len(rows)), rows
