"""Scoring `govtasks targets` against eval/targets/targets.jsonl (main expected targets labeled
by reading the three provincial reports; stored as spans, the reports are not ours to ship).

A predicted target matches a gold one of the same report when their texts overlap (character
Dice ≥ 0.6). F1 on value+unit counts a match as right when value and unit are equal
(qualitative targets: both null). Direction and qualifier agreement are reported on matches."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.evaluate.gold import eval_dir
from pipeline.evaluate.linking import reports_dir


def _dice(a: str, b: str) -> float:
    ca, cb = defaultdict(int), defaultdict(int)
    for ch in a:
        ca[ch] += 1
    for ch in b:
        cb[ch] += 1
    inter = sum(min(v, cb[k]) for k, v in ca.items())
    return 2 * inter / (len(a) + len(b)) if a and b else 0.0


@dataclass
class TargetScore:
    gold: int = 0
    predicted: int = 0
    correct: int = 0  # matched with equal value and unit
    direction: int = 0
    qualifier: int = 0
    matched: int = 0
    per_report: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"f1": round(self.f1, 4), "precision": round(self.precision, 4), "recall": round(self.recall, 4), "gold": self.gold, "predicted": self.predicted, "direction_agree": f"{self.direction}/{self.matched}", "qualifier_agree": f"{self.qualifier}/{self.matched}", "per_report": self.per_report, "errors": self.errors}


def run() -> Optional[TargetScore]:
    """None when ../shared/reports or the labels are absent."""
    from pipeline.main_targets import main_targets
    from pipeline.reports import read_report

    gold_path = eval_dir() / "targets" / "targets.jsonl"
    if not gold_path.exists() or not reports_dir().is_dir():
        return None
    gold = defaultdict(list)
    lines: dict[str, list[str]] = {}
    for row in (json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()):
        if row["report"] not in lines:
            lines[row["report"]] = (reports_dir() / row["report"]).read_text(encoding="utf-8").split("\n")
        row["text"] = lines[row["report"]][row["line"] - 1][row["start"] : row["end"]]
        gold[row["report"]].append(row)
    s = TargetScore()
    for report, rows in gold.items():
        pred = main_targets(read_report(reports_dir() / report))
        s.gold += len(rows)
        s.predicted += len(pred)
        used: set[int] = set()
        ok = 0
        for g in rows:
            best = max(((i, _dice(p.text, g["text"])) for i, p in enumerate(pred) if i not in used), key=lambda x: x[1], default=(None, 0.0))
            if best[0] is None or best[1] < 0.6:
                s.errors.append(f"{report}: missed “{g['metric']}” {g['value']} {g['unit']}")
                continue
            used.add(best[0])
            p = pred[best[0]]
            s.matched += 1
            right = p.value == g["value"] and p.unit == g["unit"]
            ok += right
            s.direction += p.direction == g["direction"]
            s.qualifier += p.qualifier == g["qualifier"]
            if not right:
                s.errors.append(f"{report}: “{g['metric']}” gave {p.value} {p.unit}, labeled {g['value']} {g['unit']}")
        s.correct += ok
        s.errors += [f"{report}: extra “{pred[i].metric}” {pred[i].value} {pred[i].unit}" for i in range(len(pred)) if i not in used]
        s.per_report[report] = f"{ok}/{len(rows)} labeled, {len(pred)} found"
    return s
