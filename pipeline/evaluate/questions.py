"""Scoring `govtasks ask` against eval/questions/questions.jsonl (expected rows written by hand).

The corpus tables are indexed into a temporary store exactly as a user would (`Store.add`,
local embeddings), then every question is asked. Per question type:
- list recall / precision (mean over the questions that expect rows; a list answer must hold
  every expected row and no others),
- hit@1, hit@5 and MRR (rank of the first expected row in the answer's rows),
- exact answers for number and count questions (value and unit),
- "not found" accuracy for the questions that have no answer.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.ask import Asker
from pipeline.evaluate.gold import eval_dir, project_root
from pipeline.index.store import Store
from pipeline.util.jsonl import read_jsonl

# the bars, checked by the tests and shown in the report
BARS = {"list_recall": 0.95, "list_precision": 0.90, "lookup_hit5": 0.95, "exact": 0.95, "no_answer": 0.90, "wrong_numbers": 0}


SETS = {
    "questions": "written before `ask` existed; the development set",
    "heldout": "written by a second labeler after `ask` was built, without reading its code; its first run is in eval/questions/HELDOUT_NOTES.md",
    "final": "71 questions written blind by a fourth labeler and sealed until the redesigned `ask` was committed; its one first run is in eval/questions/FINAL_NOTES.md",
    "blind": "176 questions written blind by a third labeler (issue #12) before `ask` was redesigned; its first run is in eval/questions/BLIND_NOTES.md, and `ask` was developed on it afterwards (no longer unseen)",
    "sealed": "89 questions written blind by a fifth labeler and sealed until the session's changes to `ask` were committed (83b19d4); its one first run is in eval/questions/SEALED_NOTES.md; general fixes were written after reading its misses (no longer unseen)",
}


def questions_path(name: str = "questions") -> Path:
    return eval_dir() / "questions" / f"{name}.jsonl"


@dataclass
class QResult:
    id: str
    type: str
    question: str
    expected: list[tuple[str, int]]
    got: list[tuple[str, int]]
    found: bool
    value: object
    unit: Optional[str]
    expected_value: object
    expected_unit: Optional[str]
    ms: float
    answer: str
    intent: str = "list"
    stated: list[tuple[tuple[str, int], object]] = field(default_factory=list)  # target numbers the answer states, with their row

    @property
    def wrong_number(self) -> bool:
        """A target number stated as the answer that is not the expected one: from a row that is
        not expected, a value that differs from the expected value, or any number where nothing
        should be found (a confident wrong number with a citation)."""
        if not self.stated:
            return False
        if not self.expected:
            return True
        if any(row not in set(self.expected) for row, _ in self.stated):
            return True
        return self.type == "number" and self.expected_value is not None and len(self.stated) == 1 and self.stated[0][1] != self.expected_value

    @property
    def recall(self) -> Optional[float]:
        return len(set(self.got) & set(self.expected)) / len(self.expected) if self.expected else None

    @property
    def precision(self) -> Optional[float]:
        if not self.expected:
            return None
        return len(set(self.got) & set(self.expected)) / len(self.got) if self.got else 0.0

    @property
    def rank(self) -> Optional[int]:
        exp = set(self.expected)
        return next((r for r, g in enumerate(self.got, 1) if g in exp), None)

    @property
    def exact(self) -> Optional[bool]:
        if self.expected_value is None:
            return None
        return self.value == self.expected_value and (self.unit or "") == (self.expected_unit or "")

    @property
    def abstained(self) -> bool:
        return not self.found and not self.got


@dataclass
class QScore:
    results: list[QResult] = field(default_factory=list)
    index_seconds: float = 0.0
    name: str = "questions"

    def of(self, types=None, lists=None) -> list[QResult]:
        return [r for r in self.results if (types is None or r.type in types) and (lists is None or (lists == bool(r.expected)))]

    @staticmethod
    def _mean(values) -> Optional[float]:
        values = [v for v in values if v is not None]
        return statistics.fmean(values) if values else None

    def table(self) -> dict[str, dict]:
        out = {}
        for t in sorted({r.type for r in self.results}, key=lambda t: [r.type for r in self.results].index(t)):
            rs = self.of({t})
            ranks = [r.rank for r in rs if r.expected]
            exact = [r.exact for r in rs if r.exact is not None]
            out[t] = {
                "n": len(rs),
                "recall": self._mean(r.recall for r in rs),
                "precision": self._mean(r.precision for r in rs),
                "hit1": self._mean((k is not None and k <= 1) for k in ranks) if ranks else None,
                "hit5": self._mean((k is not None and k <= 5) for k in ranks) if ranks else None,
                "mrr": self._mean((1 / k if k else 0.0) for k in ranks) if ranks else None,
                "exact": f"{sum(exact)}/{len(exact)}" if exact else None,
                "not_found": f"{sum(r.abstained for r in rs if not r.expected)}/{sum(1 for r in rs if not r.expected)}" if any(not r.expected for r in rs) else None,
            }
        return out

    def headline(self) -> dict[str, float]:
        lists = [r for r in self.results if r.expected and r.type != "number"]
        lookups = [r for r in self.results if r.type == "number" and r.expected]
        exact = [r.exact for r in self.results if r.exact is not None]
        none = [r for r in self.results if not r.expected]
        ms = sorted(r.ms for r in self.results)
        return {
            "list_recall": self._mean(r.recall for r in lists) or 0.0,
            "list_precision": self._mean(r.precision for r in lists) or 0.0,
            "lookup_hit5": self._mean((r.rank is not None and r.rank <= 5) for r in lookups) or 0.0,
            "exact": (sum(exact) / len(exact)) if exact else 0.0,
            "no_answer": (sum(r.abstained for r in none) / len(none)) if none else 0.0,
            "wrong_numbers": sum(r.wrong_number for r in self.results),
            "p50_ms": ms[len(ms) // 2] if ms else 0.0,
            "p95_ms": ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))] if ms else 0.0,
        }

    def failures(self) -> list[str]:
        out = []
        for r in self.results:
            bad = []
            if r.expected and r.recall < 1:
                bad.append(f"missing {sorted(set(r.expected) - set(r.got))}")
            if r.expected and r.type != "number" and r.precision < 1:
                bad.append(f"extra {sorted(set(r.got) - set(r.expected))}")
            if r.type == "number" and r.expected and r.rank != 1:
                bad.append(f"first row {r.got[:1]} (expected {r.expected[:1]})")
            if r.exact is False:
                bad.append(f"value {r.value} {r.unit or ''} (expected {r.expected_value} {r.expected_unit or ''})")
            if not r.expected and not r.abstained:
                bad.append(f"answered {r.got[:5]} where nothing should be found")
            if r.wrong_number:
                bad.append(f"WRONG NUMBER stated: {r.stated}")
            if bad:
                out.append(f"{r.id} ({r.type}) {r.question}: " + "; ".join(bad))
        return out


def load_questions(path: Optional[Path] = None) -> list[dict]:
    """A question set (default: the development set)."""
    path = path or questions_path()
    return read_jsonl(path)


def corpus_tables() -> list[Path]:
    corpus = project_root() / "corpus"
    return sorted(p for p in corpus.iterdir() if p.suffix.lower() in {".txt", ".docx", ".xlsx", ".pdf", ".csv"} and not p.name.startswith("README"))


def run_sets(names=tuple(SETS), also=None) -> tuple[list[QScore], object]:
    """Every question set, against one temporary index of corpus/ built as a user would;
    `also(store)` runs another scorer on the same index (its result is returned second)."""
    with tempfile.TemporaryDirectory(prefix="govtasks-qeval-") as tmp:
        start = time.perf_counter()
        store = Store(Path(tmp) / "store")
        for path in corpus_tables():
            store.add(path)
        seconds = time.perf_counter() - start
        asker = Asker(store)
        out = []
        for name in names:
            if questions_path(name).is_file():
                score = run(asker=asker, questions=load_questions(questions_path(name)))
                score.name, score.index_seconds = name, seconds
                out.append(score)
        return out, (also(store) if also else None)


def run(store=None, questions: Optional[list[dict]] = None, asker=None) -> QScore:
    """Ask every question (default: the development set) of an index (a store or an Asker)."""
    questions = questions if questions is not None else load_questions()
    score = QScore()
    if asker is None:
        asker = Asker(store)
    asker.ask(questions[0]["question"]) if questions else None  # warm caches (jieba, model) outside the timings
    for q in questions:
        start = time.perf_counter()
        ans = asker.ask(q["question"], q["id"])
        ms = (time.perf_counter() - start) * 1000
        score.results.append(
            QResult(
                id=q["id"], type=q["type"], question=q["question"],
                expected=[(e["doc_id"], e["seq"]) for e in q["expected"]],
                got=[(t.doc_id, t.seq) for t in ans.tasks], found=ans.found,
                value=ans.value, unit=ans.unit, expected_value=q.get("answer"), expected_unit=q.get("unit"),
                ms=ms, answer=ans.answer, intent=ans.intent, stated=stated_numbers(ans),
            )
        )
    return score


def stated_numbers(ans) -> list[tuple[tuple[str, int], object]]:
    """The target numbers an answer states as fact, each with the row it cites."""
    if not ans.found or not ans.intent.endswith("number"):
        return []
    values = [d for d in ans.by_district.values() if "value" in d]
    out = []
    if values and len(values) == len(ans.citations):  # one citation per district, in the same order
        out = [((c.doc_id, c.seq), d["value"]) for d, c in zip(values, ans.citations)]
    if not out and ans.value is not None and ans.citations:
        out.append(((ans.citations[0].doc_id, ans.citations[0].seq), ans.value))
    return out


def render(score: QScore) -> list[str]:
    def f(v):
        return "—" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    h = score.headline()
    out = ["", f"## Questions: `govtasks ask` (no LLM) — `{score.name}.jsonl`", "", f"{len(score.results)} hand-written questions in `eval/questions/{score.name}.jsonl` ({SETS.get(score.name, '')}; rules in eval/questions/NOTES.md), asked against an index of corpus/ built for the run ({score.index_seconds:.1f} s).", ""]
    out += ["| type | n | list recall | list precision | hit@1 | hit@5 | MRR | exact value | not found |", "|---|---|---|---|---|---|---|---|---|"]
    for t, row in score.table().items():
        out.append(f"| {t} | {row['n']} | {f(row['recall'])} | {f(row['precision'])} | {f(row['hit1'])} | {f(row['hit5'])} | {f(row['mrr'])} | {f(row['exact'])} | {f(row['not_found'])} |")
    out += ["", "| headline (bar) | value |", "|---|---|"]
    for key, label in (("list_recall", "list questions: recall"), ("list_precision", "list questions: precision"), ("lookup_hit5", "lookups (number questions): hit@5"), ("exact", "number and count answers exact"), ("no_answer", "no-answer questions answered \"not found\"")):
        mark = "✓" if h[key] >= BARS[key] - 1e-9 else "✗"
        out.append(f"| {label} (≥ {BARS[key]}) | {h[key]:.3f} {mark} |")
    out.append(f"| target numbers stated wrongly (= 0) | {h['wrong_numbers']} {'✓' if h['wrong_numbers'] == 0 else '✗'} |")
    out.append(f"| latency per question, p50 / p95 | {h['p50_ms']:.1f} / {h['p95_ms']:.1f} ms |")
    fails = score.failures()
    if fails:
        out += ["", "Misses:", ""] + [f"- {x}" for x in fails]
    return out
