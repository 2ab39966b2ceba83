"""Which rows a question is about: hard filters from the names, then the subject by retrieval.

`RowIndex` is the rows of an index prepared for both. **Filters** (exact, here): district and
year of the document, units (as lead or responsible units), leaders, goals, "has a quantitative
target", "no leader printed". **The subject** is read into the words the rows know (subject.py)
and scored over every row with calibrated cuts, grounded or "not found" (topic.py)."""

from __future__ import annotations

from typing import Optional

import numpy as np

from pipeline.ask.query import Query
from pipeline.ask.subject import normalize, row_text
from pipeline.ask.topic import TopicIndex
from pipeline.index.lexical import add_words
from pipeline.index.registry import Registry
from pipeline.schema import Task


class RowIndex(TopicIndex):
    """The rows of an index prepared for filtering and subject retrieval."""

    def __init__(self, tasks: list[Task], registry: Registry, vectors: Optional[np.ndarray] = None, embedder=None):
        self.tasks = tasks
        self.registry = registry
        super().__init__([row_text(t) for t in tasks], [normalize(" / ".join(g for g in t.goal_path if g)) for t in tasks], vectors, embedder)
        add_words(w for t in tasks for w in (*t.leaders, *t.lead_units, *t.responsible_units))

    # ---- filters ------------------------------------------------------------------------------
    def scope_docs(self, q: Query) -> set[str]:
        docs = set(self.registry.doc_district)
        if q.districts:
            docs = {d for d in docs if self.registry.doc_district.get(d) in q.districts}
        if q.years:
            docs = {d for d in docs if self.registry.doc_year.get(d) in q.years}
        return docs

    def filtered(self, q: Query, docs: set[str]) -> list[int]:
        names = [{u for _, u in self.registry.units_in(core, docs)} for core in q.units]
        out = []
        for i, t in enumerate(self.tasks):
            if t.doc_id not in docs:
                continue
            pool = t.responsible_units if q.role == "responsible" else t.lead_units
            if any(not (n & set(pool)) for n in names):
                continue
            if any(name not in t.leaders for name in q.leaders):
                continue
            if any(g not in t.goal_path for g in q.goals):
                continue
            if q.has_target and not any(tg.value is not None for tg in t.targets):
                continue
            if q.missing and getattr(t, q.missing):
                continue
            out.append(i)
        return out
