"""Scoring lead-unit suggestions across districts: each seed district's rows get suggestions
learned from the other district's table only (eval/gold rows on both sides, so the figure
measures the suggester, not the extractor). A row counts as right at k when one of its printed
lead units (matched by alias core: 区住建局 = 住建局) is among the first k suggestions.
`reachable` is the share of rows whose lead unit exists at all in the other table — the ceiling
for any suggester that learns from that table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from pipeline.evaluate.gold import all_gold
from pipeline.extract import extract
from pipeline.index.embed import default_embedder
from pipeline.index.registry import district_short
from pipeline.review.check import check
from pipeline.review.suggest import UnitSuggester


@dataclass
class SuggestScore:
    direction: str
    rows: int = 0
    reachable: int = 0
    top1: int = 0
    top3: int = 0
    no_suggestion: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        n = self.rows or 1
        return {"direction": self.direction, "rows": self.rows, "reachable": round(self.reachable / n, 4), "top1": round(self.top1 / n, 4), "top3": round(self.top3 / n, 4), "top3_of_reachable": round(self.top3 / (self.reachable or 1), 4), "no_suggestion": self.no_suggestion}


def districts_of(gold_docs) -> dict:
    """doc_id → district short name as each document states it (so 钟楼生态环境局 matches 生态环境局)."""
    return {g.doc_id: district_short(extract(g.path).meta.district or "") or None for g in gold_docs}


def score_direction(learn, test, embedder=None, label: Optional[str] = None, districts: Optional[dict] = None) -> SuggestScore:
    learn_rows = [g.task for g in learn.rows]
    test_rows = [g.task for g in test.rows if g.task.lead_units]
    vectors = embedder.passages([t.content for t in learn_rows]) if embedder is not None else None
    districts = districts if districts is not None else districts_of((learn, test))
    sug = UnitSuggester(learn_rows, vectors, embedder, districts)
    known = {sug.core(u) for t in learn_rows for u in t.lead_units}
    out = SuggestScore(direction=label or f"{learn.doc_id} → {test.doc_id}", rows=len(test_rows))
    scores = sug.scores([t.content for t in test_rows])
    for t, row in zip(test_rows, scores):
        gold = {sug.core(u) for u in t.lead_units}
        out.reachable += bool(gold & known)
        got = [sug.core(s.value) for s in sug.suggest(row)["lead_units"]]
        if not got:
            out.no_suggestion += 1
        out.top1 += bool(got[:1] and got[0] in gold)
        hit = bool(set(got[:3]) & gold)
        out.top3 += hit
        if not hit and gold & known:
            out.misses.append(f"{t.doc_id}#{t.seq}: printed {'、'.join(t.lead_units)}; suggested {'、'.join(got) or '—'}")
    return out


def run(embedder="default") -> list[SuggestScore]:
    """Both directions, with the local embedder (embedder=None: lexical only)."""
    if embedder == "default":
        embedder = default_embedder()
    gold = {g.doc_id: g for g in all_gold()}
    a, b = gold["wujin_2026"], gold["zhonglou_2026"]
    districts = districts_of((a, b))
    return [score_direction(a, b, embedder, districts=districts), score_direction(b, a, embedder, districts=districts)]


def render(scores: list[SuggestScore], lexical: Optional[list[SuggestScore]] = None) -> list[str]:
    out = ["", "## Lead-unit suggestions across districts (`govtasks decompose` / `check`)", "", "Each district's rows (gold) get lead units suggested from the other district's table only; right when a printed lead unit (alias core) is among the first k suggestions. `reachable`: rows whose lead unit exists at all in the other table.", ""]
    out += ["| learned from → scored on | rows | reachable | top-1 | top-3 | top-3 of reachable |", "|---|---|---|---|---|---|"]
    for label, group in (("hybrid", scores), ("lexical only", lexical or [])):
        for s in group:
            d = s.as_dict()
            out.append(f"| {d['direction']} ({label}) | {d['rows']} | {d['reachable']:.3f} | {d['top1']:.3f} | {d['top3']:.3f} | {d['top3_of_reachable']:.3f} |")
    return out


@dataclass
class ShiftScore:
    """`govtasks check` on the gold tables: flags on the clean table, and slipped-column detection
    when a block of BLOCK rows has its lead units moved down by one row (synthetic damage)."""

    doc_id: str
    clean_flags: dict = field(default_factory=dict)
    blocks: int = 0
    blocks_found: int = 0  # blocks with at least half their rows flagged shifted_column
    rows_shifted: int = 0
    rows_flagged: int = 0
    false_flags: int = 0  # shifted_column flags outside the damaged block

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "clean_flags": self.clean_flags, "blocks_found": f"{self.blocks_found}/{self.blocks}", "row_recall": round(self.rows_flagged / (self.rows_shifted or 1), 4), "false_flags": self.false_flags}


BLOCK = 20


def shift_detection(embedder="default") -> list[ShiftScore]:
    if embedder == "default":
        embedder = default_embedder()
    gold = {g.doc_id: [r.task for r in g.rows] for g in all_gold()}
    vectors = {d: (embedder.passages([t.content for t in rows]) if embedder is not None else None) for d, rows in gold.items()}
    out = []
    for doc_id, rows in gold.items():
        others = [t for d, rs in gold.items() if d != doc_id for t in rs]
        other_vectors = None
        if embedder is not None:
            other_vectors = np.vstack([vectors[d] for d in gold if d != doc_id])
        sc = ShiftScore(doc_id=doc_id, clean_flags=dict(Counter(f.kind for f in check(rows, others, vectors[doc_id], other_vectors, embedder))))
        for start in range(1, len(rows) - BLOCK + 1, BLOCK):
            damaged = [r.model_copy(deep=True) for r in rows]
            moved = [i for i in range(start, start + BLOCK) if rows[i - 1].lead_units != rows[i].lead_units]
            for i in range(start + BLOCK - 1, start - 1, -1):
                damaged[i].lead_units = list(rows[i - 1].lead_units)
            flagged = {f.seq for f in check(damaged, others, vectors[doc_id], other_vectors, embedder) if f.kind == "shifted_column"}
            block = {rows[i].seq for i in moved}
            sc.blocks += 1
            sc.rows_shifted += len(block)
            sc.rows_flagged += len(flagged & block)
            sc.blocks_found += len(flagged & block) * 2 >= len(block)
            sc.false_flags += len(flagged - {rows[i].seq for i in range(start - 1, start + BLOCK + 1)})
        out.append(sc)
    return out
