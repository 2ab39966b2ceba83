"""Scoring `govtasks targets` against the hand-labeled main expected targets in eval/targets/
(stored as spans: the reports are not ours to ship). Two label sets:
- targets.jsonl — the three reports the rules were first written on (江苏, 浙江, 广东);
- targets_new.jsonl — the ten reports added later, labeled blind (issue #13).

A predicted target matches a gold one of the same report when their texts overlap (character
Dice ≥ 0.6). A match is right when value and unit are equal and, for a qualitative target
(value null), the metric names the thing measured: equal to the labeled metric or one of its
aliases, or containing / contained in one, once a trailing 增速/增长/指标 is set aside.
Direction and qualifier agreement are reported on matches."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from pipeline.errors import InputError
from pipeline.evaluate.gold import eval_dir
from pipeline.evaluate.linking import reports_dir
from pipeline.reports.main_targets import main_targets
from pipeline.reports.paragraphs import read_report
from pipeline.util.jsonl import read_jsonl

SETS = {
    "targets": "江苏, 浙江, 广东: the rules were written with these statements in view",
    "targets_new": "ten more provincial reports, labeled blind by a labeler who did not read the code (issue #13)",
}
_METRIC_TAIL = re.compile(r"(?:的)?(?:增速|增长|增幅|涨幅|指标|目标|水平)$")
_METRIC_STRIP = re.compile(r"[\s、，“”\"（）()]")


def _metric_key(m: str) -> str:
    return _METRIC_TAIL.sub("", _METRIC_STRIP.sub("", m or "")).upper().replace("GDP", "地区生产总值")


def metric_matches(predicted: str, gold: str, aliases: tuple[str, ...] = ()) -> bool:
    p = _metric_key(predicted)
    if len(p) < 2:
        return False
    for g in (gold, *aliases):
        k = _metric_key(g)
        if k and (p == k or (min(len(p), len(k)) >= 2 and (p in k or k in p))):
            return True
    return False


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
    name: str = "targets"
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
        return {"name": self.name, "f1": round(self.f1, 4), "precision": round(self.precision, 4), "recall": round(self.recall, 4), "gold": self.gold, "predicted": self.predicted, "direction_agree": f"{self.direction}/{self.matched}", "qualifier_agree": f"{self.qualifier}/{self.matched}", "per_report": self.per_report, "errors": self.errors}


def run_sets() -> list[TargetScore]:
    """Every label set whose reports are present."""
    return [s for s in (run(name) for name in SETS) if s is not None]


def run(name: str = "targets") -> Optional[TargetScore]:
    """None when ../shared/reports or the labels are absent."""
    gold_path = eval_dir() / "targets" / f"{name}.jsonl"
    if not gold_path.exists() or not reports_dir().is_dir():
        return None
    gold = defaultdict(list)
    lines: dict[str, list[str]] = {}
    for row in read_jsonl(gold_path):
        if row["report"] not in lines:
            lines[row["report"]] = (reports_dir() / row["report"]).read_text(encoding="utf-8").split("\n")
        row["text"] = lines[row["report"]][row["line"] - 1][row["start"] : row["end"]]
        gold[row["report"]].append(row)
    s = TargetScore(name=name)
    for report, rows in gold.items():
        try:
            pred = main_targets(read_report(reports_dir() / report))
        except InputError as exc:  # a report whose statement is not found scores as all missed
            s.errors.append(f"{report}: {exc}")
            pred = []
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
            if right and g["value"] is None and not metric_matches(p.metric, g["metric"], tuple(g.get("metric_aliases", ()))):
                right = False
                s.errors.append(f"{report}: qualitative “{g['metric']}” named “{p.metric}”")
            ok += right
            s.direction += p.direction == g["direction"]
            s.qualifier += p.qualifier == g["qualifier"]
            if not right and not (g["value"] is None and p.value is None and p.unit == g["unit"]):
                s.errors.append(f"{report}: “{g['metric']}” gave {p.value} {p.unit}, labeled {g['value']} {g['unit']}")
        s.correct += ok
        s.errors += [f"{report}: extra “{pred[i].metric}” {pred[i].value} {pred[i].unit}" for i in range(len(pred)) if i not in used]
        s.per_report[report] = f"{ok}/{len(rows)} labeled, {len(pred)} found"
    return s
