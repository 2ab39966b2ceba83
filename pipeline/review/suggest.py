"""Who should lead a task: lead units (and, within one district, leaders) suggested from the
nearest earlier decomposition rows — a task about 停车泊位 goes where last year's parking task
went. Used by `govtasks decompose` (draft rows) and `govtasks check` (printed units that do not
fit their row).

Neighbours are scored like `link --across` scores rows: IDF-weighted character bigrams shared
by the best pair of clauses (relative to the shorter clause), mixed with the E5 cosine margin
over the reference rows' median when vectors are available. The K best rows vote for their lead
units with their scores; a unit's confidence is its share of the vote. Units are matched by
their alias core (区住建局 = 住建局 = 钟楼区住建局), and each suggestion carries the rows it rests
on as evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

import numpy as np

from pipeline.extract import task_rows
from pipeline.index.registry import district_short, unit_core
from pipeline.schema import Evidence, Suggestion, Task
from pipeline.text.bigrams import IDF, subject_clauses

NEIGHBOURS = 8  # rows that vote
LEXICAL_WEIGHT = 0.7  # as in pipeline/link/across.py
DENSE_MARGIN = 0.04
MIN_SCORE = 0.15  # a neighbour scoring less than this shares no subject with the task


def _clauses(text: str) -> list[set[str]]:
    """A text's clauses as character-bigram sets, as `link --across` compares rows."""
    return [g for _, g in subject_clauses(text)]


class UnitSuggester:
    """Nearest-neighbour unit suggestions over reference rows (earlier tables).

    rows: the reference task rows; vectors: their passage embeddings (rows × d) or None;
    embedder: embeds the query texts when vectors are given; districts: doc_id → district
    short name, so leaders are suggested only from rows of the same district."""

    def __init__(self, rows: list[Task], vectors: Optional[np.ndarray] = None, embedder=None, districts: Optional[dict[str, Optional[str]]] = None):
        keep = [i for i, t in enumerate(rows) if t.lead_units or t.leaders]  # rows that can vote
        self.position = {i: k for k, i in enumerate(keep)}  # input row → its place in self.rows
        self.rows = [rows[i] for i in keep]
        self.vectors = vectors[keep] if vectors is not None and len(keep) else None
        self.embedder = embedder if self.vectors is not None else None
        self.districts = districts or {}
        self.district_names = tuple(d for d in set(self.districts.values()) if d)
        self.clause_grams = [_clauses(t.content) for t in self.rows]
        self.idf = IDF(g for cs in self.clause_grams for g in cs)
        self.unit_names: dict[str, Counter] = defaultdict(Counter)  # core → printed names
        for t in self.rows:
            for u in t.lead_units:
                self.unit_names[self.core(u)][u] += 1

    def core(self, unit: str) -> str:
        return unit_core(unit, self.district_names + tuple(d + suffix for d in self.district_names for suffix in ("区", "县", "市")))

    def __len__(self) -> int:
        return len(self.rows)

    def _lexical(self, query: list[set[str]]) -> np.ndarray:
        out = np.zeros(len(self.rows))
        for j, theirs in enumerate(self.clause_grams):
            out[j] = self.idf.best_overlap(query, theirs)[0]
        return out

    def scores(self, texts: list[str], exclude: Optional[list[Optional[int]]] = None) -> np.ndarray:
        """texts × rows similarity; exclude[i] = a reference row to leave out for text i (itself)."""
        out = np.vstack([self._lexical(_clauses(t)) for t in texts]) if texts and self.rows else np.zeros((len(texts), len(self.rows)))
        if self.vectors is not None and self.embedder is not None and texts and self.rows:
            q = np.asarray(self.embedder.queries(texts), dtype=np.float32)
            cos = q @ self.vectors.T
            margin = np.clip((cos - np.median(cos, axis=1, keepdims=True)) / DENSE_MARGIN, 0.0, 1.0)
            out = LEXICAL_WEIGHT * out + (1 - LEXICAL_WEIGHT) * margin
        for i, j in enumerate(exclude or []):
            if j is not None:
                out[i, j] = -1.0
        return out

    def suggest(self, scores: np.ndarray, district: Optional[str] = None, top: int = 3) -> dict[str, list[Suggestion]]:
        """One text's row of `scores` → {"lead_units": [...], "leaders": [...]}, best first."""
        order = [j for j in np.argsort(-scores)[:NEIGHBOURS] if scores[j] >= MIN_SCORE]
        return {
            "lead_units": self._vote(order, scores, lambda t: t.lead_units, self.core, top),
            "leaders": self._vote([j for j in order if district and self.districts.get(self.rows[j].doc_id) == district], scores, lambda t: t.leaders, lambda x: x, top),
        }

    def _vote(self, order: list[int], scores: np.ndarray, field, key, top: int) -> list[Suggestion]:
        votes: dict[str, float] = defaultdict(float)
        evidence: dict[str, list[int]] = defaultdict(list)
        for j in order:
            names = field(self.rows[j])
            for name in names:
                k = key(name)
                votes[k] += float(scores[j]) / len(names) ** 0.5
                evidence[k].append(j)
        total = sum(votes.values())
        out = []
        for k, v in sorted(votes.items(), key=lambda kv: -kv[1])[:top]:
            shown = self.unit_names[k].most_common(1)[0][0] if k in self.unit_names else k
            ev = [Evidence(doc_id=self.rows[j].doc_id, seq=self.rows[j].seq, score=round(float(scores[j]), 4), content=self.rows[j].content, source=self.rows[j].source.cite()) for j in evidence[k][:3]]
            out.append(Suggestion(value=shown, confidence=round(v / total, 3), evidence=ev))
        return out


def reference_from_store(store, embedder=None) -> tuple[list[Task], Optional[np.ndarray], dict]:
    """The indexed tables' rows, their stored vectors (None without an embedder, or when any is
    missing) and doc_id → district short name. Nothing is embedded here. The stored vectors are
    of the row as indexed (goal, text, people and units; pipeline/index/store.task_text)."""
    docs = store.documents()
    rows = store.tasks() if any(m.kind == "table" for m in docs.values()) else []
    districts = {d: (district_short(m.district) if m.district else None) for d, m in docs.items()}
    vectors = store.task_vectors(rows) if rows and embedder is not None else None
    return rows, vectors, districts


def from_store(store, embedder=None) -> UnitSuggester:
    """The indexed tables' rows and stored vectors as the reference (nothing re-embedded)."""
    rows, vectors, districts = reference_from_store(store, embedder)
    return UnitSuggester(rows, vectors, embedder, districts)


def from_table(path, embedder=None) -> UnitSuggester:
    """The rows of a table or task-row .jsonl as the reference (their texts embedded now)."""
    rows, their_district = task_rows(path)
    vectors = embedder.passages([t.content for t in rows]) if embedder is not None else None
    districts = {t.doc_id: district_short(their_district) if their_district else None for t in rows}
    return UnitSuggester(rows, vectors, embedder, districts)
