"""Scoring extracted task rows against gold rows, field by field.

- Per field: micro precision/recall/F1 over items (list fields: each name, unit or target;
  scalar fields: the value), and the exact-match rate of the field over rows.
- Fields the labeler marked uncertain are left out of the lenient figures and reported on their
  own; the strict figure scores every field, uncertain ones included (as labeled).
- Row exact match: every field of the row equal, uncertain ones left out.
Comparison rules (issue #2): content with whitespace removed; lists in order; targets by
(value, unit).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from pipeline.evaluate.gold import GoldDoc
from pipeline.schema import Task

FIELDS = ("number", "goal_path", "content", "leaders", "lead_units", "responsible_units", "targets", "source")
_WS = re.compile(r"\s+")


def _num(v):
    if isinstance(v, list):
        return tuple(float(x) for x in v)
    return None if v is None else float(v)


def canon(name: str, task: Task):
    if name == "content":
        return _WS.sub("", task.content)
    if name == "goal_path":
        return tuple(_WS.sub("", g) if g else None for g in task.goal_path)
    if name in ("leaders", "lead_units", "responsible_units"):
        return tuple(getattr(task, name))
    if name == "targets":
        return tuple((_num(t.value), t.unit) for t in task.targets)
    if name == "source":
        s = task.source
        return (s.line_start, s.line_end)
    return getattr(task, name)


def items(name: str, value) -> list:
    if name in ("leaders", "lead_units", "responsible_units", "targets"):
        return list(value)
    if value in (None, "", ()):
        return []
    return [value]


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    total: int = 0
    uncertain_agree: int = 0
    uncertain_total: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total if self.total else 1.0


@dataclass
class DocScore:
    doc_id: str
    label: str
    gold_rows: int
    predicted_rows: int
    fields: dict[str, FieldScore] = field(default_factory=dict)
    rows_exact: int = 0
    qualifier_agree: int = 0
    qualifier_total: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def field_exact(self) -> float:
        total = sum(f.total for f in self.fields.values())
        return sum(f.exact for f in self.fields.values()) / total if total else 1.0

    @property
    def field_exact_strict(self) -> float:
        """Every field scored, uncertain ones included (against the labeled reading)."""
        total = sum(f.total + f.uncertain_total for f in self.fields.values())
        return sum(f.exact + f.uncertain_agree for f in self.fields.values()) / total if total else 1.0

    @property
    def row_exact_rate(self) -> float:
        return self.rows_exact / self.gold_rows if self.gold_rows else 1.0

    def as_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "label": self.label,
            "gold_rows": self.gold_rows,
            "predicted_rows": self.predicted_rows,
            "field_exact": round(self.field_exact, 4),
            "field_exact_strict": round(self.field_exact_strict, 4),
            "row_exact": round(self.row_exact_rate, 4),
            "fields": {
                k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4), "f1": round(v.f1, 4), "exact": round(v.exact_rate, 4), "uncertain": f"{v.uncertain_agree}/{v.uncertain_total}"}
                for k, v in self.fields.items()
            },
            "qualifier_agreement": f"{self.qualifier_agree}/{self.qualifier_total}",
            "mismatches": self.mismatches,
        }


def score(gold: GoldDoc, predicted: Iterable[Task], label: str = "txt", fields: tuple[str, ...] = FIELDS) -> DocScore:
    pred = {t.seq: t for t in predicted}
    result = DocScore(doc_id=gold.doc_id, label=label, gold_rows=len(gold.rows), predicted_rows=len(pred))
    result.fields = {f: FieldScore() for f in fields}
    for g in gold.rows:
        p: Optional[Task] = pred.pop(g.task.seq, None)
        row_ok = True
        for name in fields:
            fs = result.fields[name]
            gv = canon(name, g.task)
            pv = canon(name, p) if p is not None else None
            same = p is not None and gv == pv
            if name in g.uncertain:
                fs.uncertain_total += 1
                fs.uncertain_agree += int(same)
                continue
            fs.total += 1
            fs.exact += int(same)
            gi, pi = Counter(items(name, gv)), Counter(items(name, pv) if p is not None else [])
            fs.tp += sum((gi & pi).values())
            fs.fn += sum((gi - pi).values())
            fs.fp += sum((pi - gi).values())
            if not same:
                row_ok = False
                if len(result.mismatches) < 60:
                    result.mismatches.append(f"seq {g.task.seq} {name}: gold={gv!r} got={pv!r}")
        result.rows_exact += int(row_ok)
        if p is not None and "targets" in fields:
            for gt, pt in zip(g.task.targets, p.targets):
                if (_num(gt.value), gt.unit) == (_num(pt.value), pt.unit):
                    result.qualifier_total += 1
                    result.qualifier_agree += int(gt.qualifier == pt.qualifier)
    for p in pred.values():  # rows the extractor produced that the gold does not have
        for name in fields:
            result.fields[name].fp += len(items(name, canon(name, p)))
        result.mismatches.append(f"extra row seq {p.seq}")
    return result
