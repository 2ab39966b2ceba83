"""Tasks across documents: for each task row, the rows of the other tables that work on the
same subject (Wujin's 新增公共停车泊位1500个 ↔ Zhonglou's …新增公共停车泊位 1200 个), each with a
score and both rows' source lines.

Rows differ in length (a Zhonglou row often bundles four subjects), so the lexical signal works
clause by clause: the best pair of clauses, scored by IDF-weighted character bigrams shared
(numbers and Latin letters left out: "15" and "10" say nothing about the subject), relative to
the shorter clause. The semantic signal is the stored E5 vector of each row (no embedding at
query time), as its margin over the row's median cosine to the other document.
score = 0.7·lexical + 0.3·semantic; below ACROSS_THRESHOLD nothing is claimed. The constants
were chosen on the odd Wujin rows of eval/crosslink (pairs labeled by reading both tables) and
checked on the even rows: this finds the shared concrete subjects (parking spaces, elevators,
托育) but misses many pairs the labeler saw at a higher level — treat matches as suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from pipeline.errors import InputError
from pipeline.schema import Task
from pipeline.text.bigrams import IDF, subject_clauses

ACROSS_THRESHOLD = 0.35
LEXICAL_WEIGHT = 0.7
DENSE_MARGIN = 0.04


@dataclass
class Match:
    task: Task
    score: float
    lexical: float
    semantic: Optional[float]
    clause: str  # the clause of the matched row that shares most with the task


@dataclass
class CrossLink:
    task: Task
    matches: list[Match]


class CrossLinker:
    def __init__(self, tasks: list[Task], vectors: Optional[np.ndarray] = None):
        self.tasks = tasks
        self.vectors = vectors
        pairs = [subject_clauses(t.content) for t in tasks]
        self.clauses = [[c for c, _ in cs] for cs in pairs]
        self.clause_grams = [[g for _, g in cs] for cs in pairs]
        self.idf = IDF(g for cs in self.clause_grams for g in cs)

    def _lexical(self, i: int, j: int) -> tuple[float, str]:
        best, k = self.idf.best_overlap(self.clause_grams[i], self.clause_grams[j])
        return best, self.clauses[j][k] if k >= 0 else ""

    def link(self, i: int, top: int = 3, threshold: float = ACROSS_THRESHOLD) -> CrossLink:
        """The rows of other documents on the same subject as row i, best first."""
        me = self.tasks[i]
        others = [j for j, t in enumerate(self.tasks) if t.doc_id != me.doc_id]
        sem: dict[int, float] = {}
        if self.vectors is not None and others:
            by_doc: dict[str, list[int]] = {}
            for j in others:
                by_doc.setdefault(self.tasks[j].doc_id, []).append(j)
            for js in by_doc.values():
                cos = self.vectors[js] @ self.vectors[i]
                margin = np.clip((cos - np.median(cos)) / DENSE_MARGIN, 0.0, 1.0)
                sem.update({j: float(m) for j, m in zip(js, margin)})
        matches = []
        for j in others:
            lex, clause = self._lexical(i, j)
            score = lex if j not in sem else LEXICAL_WEIGHT * lex + (1 - LEXICAL_WEIGHT) * sem[j]
            if score >= threshold:
                matches.append(Match(self.tasks[j], round(score, 4), round(lex, 4), None if j not in sem else round(sem[j], 4), clause))
        matches.sort(key=lambda m: -m.score)
        return CrossLink(me, matches[:top])

    def link_all(self, top: int = 3, threshold: float = ACROSS_THRESHOLD, doc_id: Optional[str] = None) -> list[CrossLink]:
        return [self.link(i, top, threshold) for i, t in enumerate(self.tasks) if doc_id is None or t.doc_id == doc_id]


def from_store(store) -> CrossLinker:
    """Rows and their stored vectors (computed at `govtasks index`; nothing is embedded here)."""
    tasks = store.tasks()
    return CrossLinker(tasks, store.task_vectors(tasks))


def links_in_store(store, top: int = 3, threshold: Optional[float] = None, doc_id: Optional[str] = None) -> list[CrossLink]:
    """`govtasks link --across`: every indexed task (or one table's) linked to the other tables."""
    tables = sorted(d for d, m in store.documents().items() if m.kind == "table")
    if len(tables) < 2:
        raise InputError(str(store.root), f"--across needs at least two indexed tables (found {len(tables)})", "index more tables with `govtasks index`")
    if doc_id and doc_id not in tables:
        raise InputError(doc_id, "no such table in the index", f"choose one of: {', '.join(tables)}")
    return from_store(store).link_all(top, ACROSS_THRESHOLD if threshold is None else threshold, doc_id)
