"""Scoring cross-document task linking against eval/crosslink/pairs.jsonl: for every Wujin
row, the Zhonglou rows on the same subject, labeled by reading both tables.

Measures: top-1 accuracy on rows that have a partner (the first match is one of them), pair
precision and recall over the matches returned (at most `top` per row), and correct abstention
on rows with no partner. The threshold was calibrated on the odd Wujin rows; the even rows
are reported separately as the held-out half."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from pipeline.evaluate.gold import eval_dir
from pipeline.link.across import ACROSS_THRESHOLD
from pipeline.util.jsonl import read_jsonl


@dataclass
class CrossScore:
    rows: int = 0
    with_partner: int = 0
    top1: int = 0
    no_partner: int = 0
    abstained: int = 0
    returned: int = 0
    correct: int = 0
    gold_pairs: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "top1": self.top1 / self.with_partner if self.with_partner else None,
            "abstention": self.abstained / self.no_partner if self.no_partner else None,
            "pair_precision": self.correct / self.returned if self.returned else None,
            "pair_recall": self.correct / self.gold_pairs if self.gold_pairs else None,
            "counts": f"top-1 {self.top1}/{self.with_partner}, abstained {self.abstained}/{self.no_partner}, pairs {self.correct}/{self.returned} returned, {self.correct}/{self.gold_pairs} labeled",
        }


def load_pairs() -> dict[int, list[int]]:
    path = eval_dir() / "crosslink" / "pairs.jsonl"
    return {d["wujin"]: d["zhonglou"] for d in read_jsonl(path)}


def score(linker, threshold: Optional[float] = None, top: int = 3, half: Optional[str] = None) -> CrossScore:
    """half: None (all rows), "odd" (calibration) or "even" (held out)."""
    gold = load_pairs()
    thr = ACROSS_THRESHOLD if threshold is None else threshold
    s = CrossScore()
    for i, t in enumerate(linker.tasks):
        if t.doc_id != "wujin_2026" or t.seq not in gold:
            continue
        if half == "odd" and t.seq % 2 == 0 or half == "even" and t.seq % 2 == 1:
            continue
        want = set(gold[t.seq])
        got = [m.task.seq for m in linker.link(i, top, thr).matches if m.task.doc_id == "zhonglou_2026"]
        s.rows += 1
        s.returned += len(got)
        s.correct += len(set(got) & want)
        s.gold_pairs += len(want)
        if want:
            s.with_partner += 1
            s.top1 += int(bool(got) and got[0] in want)
            if not got or got[0] not in want:
                s.misses.append(f"W{t.seq}: got {got or 'nothing'}, labeled {sorted(want)}")
        else:
            s.no_partner += 1
            s.abstained += int(not got)
            if got:
                s.misses.append(f"W{t.seq}: got {got}, labeled none")
    return s
