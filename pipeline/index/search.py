"""Hybrid retrieval over the store: BM25 (jieba tokens, domain words registered) and dense
vectors from Chroma, fused by reciprocal rank, with metadata filters applied to both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

import numpy as np

from pipeline.index.lexical import BM25Index
from pipeline.index.store import Store, task_text
from pipeline.schema import Paragraph, Task

RRF_K = 60  # the usual constant: rank 1 → 1/61, rank 10 → 1/70


@dataclass
class Hit:
    item: Union[Task, Paragraph]
    score: float
    bm25_rank: Optional[int]
    dense_rank: Optional[int]


class Searcher:
    """Loaded once per store; answers many queries (the BM25 index lives in memory)."""

    def __init__(self, store: Store, kind: str = "table", items: Optional[list] = None):
        self.store, self.kind = store, kind
        self.items: list = items if items is not None else (store.tasks() if kind == "table" else store.paragraphs())
        self.keys = [f"{x.doc_id}:{x.seq if kind == 'table' else x.index}" for x in self.items]
        texts = [task_text(x) if kind == "table" else x.text for x in self.items]
        words = {w for t in self.items if kind == "table" for w in (*t.leaders, *t.lead_units, *t.responsible_units)}
        self.bm25 = BM25Index(texts, words)

    def search(self, query: str, k: int = 10, where: Optional[Callable[[object], bool]] = None, dense: bool = True, query_vector: Optional[np.ndarray] = None) -> list[Hit]:
        if not self.items:
            return []
        mask = np.array([where(x) for x in self.items]) if where else None
        ranked_bm25 = self.bm25.top(query, k=max(k * 3, 30), mask=mask)
        bm25_rank = {i: r for r, (i, _) in enumerate(ranked_bm25)}
        dense_rank: dict[int, int] = {}
        if dense:
            qv = query_vector if query_vector is not None else self.store.embedder.queries([query])[0]
            allowed = sorted({self.items[i].doc_id for i in range(len(self.items)) if mask is None or mask[i]})
            if allowed:
                res = self.store.collection(self.kind).query(query_embeddings=[list(map(float, qv))], n_results=min(max(k * 3, 30), len(self.items)), where={"doc_id": {"$in": allowed}})
                pos = {key: i for i, key in enumerate(self.keys)}
                r = 0
                for row_id in res["ids"][0]:
                    i = pos.get(row_id.rsplit(":", 1)[0])
                    if i is not None and (mask is None or mask[i]):
                        dense_rank[i] = r
                        r += 1
        fused: dict[int, float] = {}
        for ranks in (bm25_rank, dense_rank):
            for i, r in ranks.items():
                fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + r + 1)
        order = sorted(fused, key=lambda i: -fused[i])[:k]
        return [Hit(self.items[i], round(fused[i], 5), bm25_rank.get(i), dense_rank.get(i)) for i in order]
