"""What a batch does after its files are indexed, from the store's manifest: the reports that get
a draft table (no table of their district and year is indexed) and the table–report pairs to link
(same district and year). Only work whose inputs changed in this run, or whose output file is
missing, is done again. Drafts are stored at STORE/drafts/<report doc_id>.jsonl and indexed as
table <report doc_id>_draft; links at STORE/links/<table doc_id>.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from pipeline.index.registry import district_short
from pipeline.schema import Document, Paragraph, Report, Task

DRAFT_SUFFIX = "_draft"


def district_of(d: Document) -> Optional[str]:
    """The district a document is paired by: a table's own, a report's as the batch read it."""
    extra = d.model_extra or {}
    found = d.district or extra.get("district_read")
    return district_short(found) if found else None


def draft_of(d: Document) -> Optional[str]:
    return (d.model_extra or {}).get("draft_of")


def draft_path(store: Path, report_id: str) -> Path:
    return store / "drafts" / f"{report_id}.jsonl"


def links_path(store: Path, table_id: str) -> Path:
    return store / "links" / f"{table_id}.jsonl"


def plan(store: Path, docs: dict[str, Document], changed: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(reports to draft, (table, report) pairs to link)."""
    tables: dict[tuple, list[str]] = {}
    reports: dict[tuple, list[str]] = {}
    for doc_id, d in docs.items():
        key = (district_of(d), d.year)
        if None in key or draft_of(d):
            continue
        (tables if d.kind == "table" else reports).setdefault(key, []).append(doc_id)
    drafts = [r for key, rs in sorted(reports.items()) if key not in tables for r in rs if r in changed or f"{r}{DRAFT_SUFFIX}" not in docs or not draft_path(store, r).is_file()]
    pairs = [(t, r) for key, ts in sorted(tables.items()) for t in ts for r in reports.get(key, []) if t in changed or r in changed or not links_path(store, t).is_file()]
    return drafts, pairs


def linked_pairs(docs: dict[str, Document]) -> list[tuple[str, str]]:
    """Every (table, report) pair of one district and year in the store."""
    reports: dict[tuple, list[str]] = {}
    for doc_id, d in docs.items():
        if d.kind == "report":
            reports.setdefault((district_of(d), d.year), []).append(doc_id)
    return [(t, r) for t, d in docs.items() if d.kind == "table" and not draft_of(d) and district_of(d) for r in reports.get((district_of(d), d.year), [])]


def links_count(store: Path, table_id: str, report_id: str) -> int:
    """Rows of the table linked to a paragraph of the report, as the links file records them."""
    path = links_path(store, table_id)
    if not path.is_file():
        return 0
    return sum(1 for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and (d := json.loads(x)).get("doc_id") == report_id and d.get("paragraph") is not None)


def report_from_rows(d: Document, doc_id: str, rows: list[dict]) -> Report:
    return Report(doc_id=doc_id, path=d.path, title=d.title, year=d.year, paragraphs=[Paragraph.model_validate(r) for r in rows])


def tasks_from_rows(rows: list[dict]) -> list[Task]:
    return [Task.model_validate(r) for r in rows]
