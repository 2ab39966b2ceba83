"""Scoring task → paragraph linking against eval/link/links.jsonl.

The gold set refers to the reports by character spans (the reports are not ours to ship):
task texts are rebuilt from ../shared/reports at run time, except reworded/absent tasks,
which are the labeler's own words. Metrics: top-1 paragraph accuracy on linkable tasks,
excerpt character F1 against the labeled clauses, correct abstention on absent tasks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline.evaluate.gold import eval_dir, project_root
from pipeline.index.embed import default_embedder
from pipeline.link.paragraphs import LEXICAL_WEIGHT, THRESHOLD, ReportIndex, link_tasks
from pipeline.reports.paragraphs import read_report
from pipeline.util.jsonl import iter_jsonl


def reports_dir() -> Path:
    return project_root().parent / "shared" / "reports"


@dataclass
class LinkCase:
    id: str
    report: str
    kind: str
    text: str
    line: Optional[int]
    excerpt: list[tuple[int, int]]  # in paragraph-text coordinates


@dataclass
class LinkScore:
    cases: int = 0
    linkable: int = 0
    top1: int = 0
    absent: int = 0
    abstained: int = 0
    excerpt_f1: list[float] = field(default_factory=list)
    by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.linkable if self.linkable else 1.0

    @property
    def abstain_rate(self) -> float:
        return self.abstained / self.absent if self.absent else 1.0

    @property
    def excerpt_mean(self) -> float:
        return sum(self.excerpt_f1) / len(self.excerpt_f1) if self.excerpt_f1 else 0.0


def load_cases(path: Path, reports: Path) -> list[LinkCase]:
    raw_lines: dict[str, list[str]] = {}
    cases = []
    for n, d in iter_jsonl(path):
        if d["report"] not in raw_lines:
            raw_lines[d["report"]] = (reports / d["report"]).read_text(encoding="utf-8").split("\n")
        lines = raw_lines[d["report"]]
        if d.get("task_text"):
            text = d["task_text"]
        else:
            text = "".join(lines[ln - 1][a:b] for ln, a, b in d["task_spans"])
        excerpt: list[tuple[int, int]] = []
        if d.get("line"):
            raw = lines[d["line"] - 1]
            shift = len(raw) - len(raw.lstrip())
            excerpt = [(a - shift, b - shift) for a, b in d.get("excerpt", [])]
        if not text.strip():
            raise ValueError(f"{path}:{n}: empty task text")
        cases.append(LinkCase(id=d["id"], report=d["report"], kind=d["kind"], text=text, line=d.get("line"), excerpt=excerpt))
    return cases


def char_f1(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> float:
    p = {i for a, b in pred for i in range(a, b)}
    g = {i for a, b in gold for i in range(a, b)}
    if not p or not g:
        return 0.0
    tp = len(p & g)
    if not tp:
        return 0.0
    prec, rec = tp / len(p), tp / len(g)
    return 2 * prec * rec / (prec + rec)


def run(threshold: Optional[float] = None, lexical_weight: Optional[float] = None, embedder="default", name: str = "links", indexes: Optional[dict] = None) -> Optional[LinkScore]:
    """None when the reports or the gold set are absent. name: links (the set the constants were
    calibrated on) or heldout (written afterwards by another labeler). indexes: report file name →
    built ReportIndex, shared between runs with the same embedder so each report is embedded once."""
    gold = eval_dir() / "link" / f"{name}.jsonl"
    reports = reports_dir()
    if not gold.exists() or not reports.is_dir():
        return None
    emb = default_embedder() if embedder == "default" else embedder
    cases = load_cases(gold, reports)
    score = LinkScore()
    by_report: dict[str, list[LinkCase]] = defaultdict(list)
    for c in cases:
        by_report[c.report].append(c)
    indexes = {} if indexes is None else indexes
    for report, group in by_report.items():
        if report not in indexes:
            indexes[report] = ReportIndex.build(read_report(reports / report, doc_id=Path(report).stem), emb)
        index = indexes[report]
        links = link_tasks(index, [(c.id, c.text) for c in group], emb, threshold if threshold is not None else THRESHOLD, lexical_weight if lexical_weight is not None else LEXICAL_WEIGHT)
        for c, link in zip(group, links):
            score.cases += 1
            ok = link.line == c.line
            score.by_kind[c.kind][0] += int(ok)
            score.by_kind[c.kind][1] += 1
            if c.line is None:
                score.absent += 1
                score.abstained += int(ok)
            else:
                score.linkable += 1
                score.top1 += int(ok)
                if ok:
                    score.excerpt_f1.append(char_f1(link.spans, c.excerpt))
            if not ok:
                score.errors.append(f"{c.id} ({c.kind}): gold line {c.line}, got {link.line} (score {link.score})")
    return score
