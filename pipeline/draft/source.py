"""The rows a draft is made from: a table or task-row .jsonl given by hand, else the index."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Optional

from pipeline.extract import task_rows
from pipeline.index.store import Store
from pipeline.schema import DocAbout, Task


def draft_rows(store: Optional[Path], chroma_url: Optional[str], tasks: Optional[Path], district: Optional[str]) -> tuple[list[Task], Mapping[str, DocAbout]]:
    """(rows, doc_id → what is known of its document). From `tasks` the district is the one the
    table states, else `district`."""
    if tasks is not None:
        rows, stated = task_rows(tasks)
        named = stated or district
        return rows, {doc: DocAbout(district=named) for doc in {t.doc_id for t in rows}}
    st = Store(store, chroma_url=chroma_url)
    return st.tasks(), st.documents()
