"""Task → the report paragraph it came from, the clauses inside it (the excerpt a page would
highlight), a score, and null when no paragraph supports the task.

Tables copy the report nearly verbatim, sometimes trimmed, reworded, or two clauses joined.
Three signals per paragraph:
- lexical: how much of the task's text (IDF-weighted character bigrams) the paragraph
  contains — near 1 for verbatim, trimmed and joined tasks;
- semantic: how far the paragraph's E5 cosine stands above the report's median cosine for
  this task (raw cosines crowd into 0.83–0.92 for any Chinese text; the margin is what
  separates the source paragraph);
- clause: how well the task lines up with the best window of one or two adjacent clauses of
  the paragraph (pipeline/link/clauses.py) — what carries a reworded task inside a long paragraph,
  where the paragraph-level signals barely move.
paragraph = max(lexical, w·lexical + (1−w)·semantic); score = p·paragraph + (1−p)·clause.
A task whose best score is under the threshold is not in the report (abstention). Constants
calibrated on eval/link/links.jsonl."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
from pydantic import BaseModel, ConfigDict

from pipeline.index.embed import default_embedder
from pipeline.link.clauses import ClauseWindows, clause_spans
from pipeline.reports.paragraphs import read_report
from pipeline.text.bigrams import IDF, grams
from pipeline.errors import InputError
from pipeline.text.numerals import numbers_in
from pipeline.text.places import places
from pipeline.schema import Paragraph, Report

# Calibrated on eval/link/links.jsonl (46 pairs over three provincial reports; see eval/REPORT.md).
# eval/link/heldout.jsonl (36 pairs by a second labeler) and fresh.jsonl (45, written blind)
# measure them; see their notes.
LEXICAL_WEIGHT = 0.5
DENSE_MARGIN = 0.06  # a cosine this far above the median counts as full semantic support
# the paragraph signals' share of the score (the clause alignment has the rest) and the threshold:
# the pair that separates linkable from absent tasks on links.jsonl by the widest margin
PARAGRAPH_WEIGHT = 0.3
THRESHOLD = 0.40


# A paragraph missing a number the task states, or whose aligned clauses miss a place the task
# names, supports it this much less. Numbers: added after the first held-out run (two of its
# absent tasks linked to paragraphs that share the topic but not the number). Places, and numerals
# read as digits (二期 against 一期): added after the first run of fresh.jsonl (absent tasks that
# copy a report clause with another city or phase). On links.jsonl neither changes anything.
NUMBER_PENALTY = 0.5


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    doc_id: Optional[str] = None
    line: Optional[int] = None
    paragraph: Optional[int] = None
    page: Optional[int] = None
    score: float
    excerpt: Optional[str] = None
    spans: list[tuple[int, int]] = []


def _names(text: str, place: str) -> bool:
    """Does the text name the place (淮安区 also as 淮安)?"""
    return place in text or (place[-1] in "区县" and len(place) >= 3 and place[:-1] in text)


def _semantic(cos: np.ndarray) -> np.ndarray:
    """Per task (rows): each paragraph's cosine margin over the task's median, mapped to 0–1."""
    return np.clip((cos - np.median(cos, axis=1, keepdims=True)) / DENSE_MARGIN, 0.0, 1.0)


def is_candidate(p: Paragraph) -> bool:
    """Body text a task can come from: not the title, the dateline, the salutation, or a heading
    line of its own (short lines' embeddings are unstable and attract every stray task)."""
    text = p.text
    return not p.heading and len(text) >= 15 and not text.startswith(("——", "—")) and "政府工作报告" not in text[:20]


@dataclass
class ReportIndex:
    """A report's paragraphs prepared for linking (bigram sets, IDF, embeddings)."""

    report: Report
    sets: list[set[str]]
    idf: IDF
    vectors: Optional[np.ndarray] = None
    candidates: Optional[np.ndarray] = None  # bool mask over paragraphs
    numbers: list = None  # per paragraph: the quantities it states
    windows: Optional[ClauseWindows] = None  # clause windows of the candidate paragraphs
    home: frozenset = frozenset()  # the places the front matter names (the report's own region)

    @classmethod
    def build(cls, report: Report, embedder=None) -> "ReportIndex":
        sets = [set(grams(p.text)) for p in report.paragraphs]
        # the body starts at the salutation ("各位代表："); title, dateline and bylines come before
        body = next((p.index for p in report.paragraphs if p.text.startswith("各位代表")), 0)
        mask = np.array([p.index > body and is_candidate(p) for p in report.paragraphs]) if body else np.array([is_candidate(p) for p in report.paragraphs])
        index = cls(
            report=report, sets=sets, idf=IDF(sets), candidates=mask, numbers=[numbers_in(p.text) for p in report.paragraphs],
            windows=ClauseWindows.build([p.text for p in report.paragraphs], mask),
            home=frozenset().union(places(report.title or ""), *(places(p.text) for p in report.paragraphs[:body])),
        )
        if embedder is not None:
            index.vectors = embedder.passages([p.text for p in report.paragraphs])
        return index

    def lacks_specifics(self, task: str, f1: Optional[np.ndarray] = None, best: Optional[np.ndarray] = None) -> np.ndarray:
        """Per paragraph: does it lack a number or a place the task states? A commitment's numbers
        (counts, phases, editions: 二期, 第18届) and places are copied with it, so a paragraph
        without them is a weaker source."""
        out = np.zeros(len(self.numbers), dtype=bool)
        wanted = numbers_in(task, multi_char_only=True)
        if wanted:
            out |= np.array([not wanted <= have for have in self.numbers])
        named = [p for p in places(task) if p not in self.home]
        if named:  # in the clauses the task lines up with: 徐州 and 南京 may share a paragraph
            if f1 is None:
                f1 = self.windows.scores(task)
                best, _ = self.windows.support(task, f1)
            for place in named:
                out |= ~self.windows.mention(lambda t, p=place: _names(t, p), f1, best)
        return out

    def lexical(self, task: str) -> np.ndarray:
        """Per paragraph: the share of the task's bigram weight it contains."""
        task_grams = set(grams(task))
        return np.array(self.idf.covers(task_grams, self.sets)) if task_grams else np.zeros(len(self.sets))


def excerpt_spans(paragraph: str, task: str, aligned: Optional[tuple[int, int]] = None) -> list[tuple[int, int]]:
    """The clauses of `paragraph` the task was taken from: clauses mostly made of the task's
    text; adjacent ones merged. A reworded task shares too little for that: it falls back to
    `aligned` (the clause window it lines up with best, see pipeline/link/clauses.py) when given, else
    to the one sentence sharing most with the task."""
    task_grams = set(grams(task))
    chosen = []
    for a, b in clause_spans(paragraph):
        clause = set(grams(paragraph[a:b]))
        if clause and len(clause & task_grams) / len(clause) >= 0.6:
            chosen.append((a, b))
    covered = set().union(*(set(grams(paragraph[a:b])) for a, b in chosen)) if chosen else set()
    if not chosen or len(covered & task_grams) < 0.4 * len(task_grams):
        if aligned is not None:
            return [_trim(paragraph, *aligned)]
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。；！？]+[。；！？]?", paragraph)]
        best = max(sentences, key=lambda s: len(set(grams(paragraph[s[0] : s[1]])) & task_grams), default=None)
        return [best] if best else []
    merged = [chosen[0]]
    for a, b in chosen[1:]:
        if a == merged[-1][1]:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [_trim(paragraph, a, b) for a, b in merged]


def _trim(paragraph: str, a: int, b: int) -> tuple[int, int]:
    """Trailing punctuation is not part of what the task says."""
    return (a, b - 1) if paragraph[b - 1] in "，。；！？：" and b - 1 > a else (a, b)


def link_tasks(
    index: ReportIndex, tasks: list[tuple[str, str]], embedder=None, threshold: float = THRESHOLD, lexical_weight: float = LEXICAL_WEIGHT, paragraph_weight: float = PARAGRAPH_WEIGHT
) -> list[Link]:
    """tasks: (id, content) pairs. Returns one Link per task, in order."""
    dense = None
    if embedder is not None and index.vectors is not None and tasks:
        q = embedder.queries([c for _, c in tasks])
        dense = _semantic(q @ index.vectors.T)
    links = []
    for i, (task_id, content) in enumerate(tasks):
        lex = index.lexical(content)
        paragraph = lex if dense is None else np.maximum(lex, lexical_weight * lex + (1 - lexical_weight) * dense[i])
        f1 = index.windows.scores(content)
        clause, window = index.windows.support(content, f1)
        score = paragraph_weight * paragraph + (1 - paragraph_weight) * clause
        score = np.where(index.lacks_specifics(content, f1, clause), score * NUMBER_PENALTY, score)
        score = np.where(index.candidates, score, -1.0)
        best = int(np.argmax(score)) if len(score) else None
        if best is None or score[best] < threshold:
            links.append(Link(id=task_id, doc_id=index.report.doc_id, score=round(float(score[best]) if best is not None else 0.0, 4)))
            continue
        para: Paragraph = index.report.paragraphs[best]
        spans = excerpt_spans(para.text, content, index.windows.spans[window[best]] if window[best] >= 0 else None)
        links.append(
            Link(
                id=task_id, doc_id=para.doc_id, line=para.line, paragraph=para.index, page=para.page, score=round(float(score[best]), 4),
                excerpt="…".join(para.text[a:b] for a, b in spans), spans=spans,
            )
        )
    return links


def read_tasks_file(path: Path) -> list[tuple[str, str]]:
    """TASKS.jsonl → (id, content) pairs: task rows (id = doc_id-seq) or {"id", "content"} lines."""
    if not path.is_file():
        raise InputError(str(path), "no such file", 'give the tasks as JSONL (task rows from `govtasks extract`, or {"id", "content"} lines)')
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            content = d["content"]
            task_id = str(d["id"]) if "id" in d else f"{d['doc_id']}-{d['seq']}"
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}", f"not a task line ({type(exc).__name__}: {exc})", 'each line must be a task row or {"id": ..., "content": ...}')
        out.append((task_id, content))
    if not out:
        raise InputError(str(path), "no tasks in the file", "give at least one task line")
    return out


def link_report(report: Path, tasks_file: Path, embeddings: bool = True, threshold: Optional[float] = None) -> list[Link]:
    """`govtasks link REPORT --tasks FILE`: every task of the file linked to the report."""
    pairs = read_tasks_file(tasks_file)
    parsed = read_report(report)
    if not parsed.paragraphs:
        raise InputError(str(report), "no paragraphs in the report", "give the report text (one paragraph per line in .txt)")
    embedder = default_embedder() if embeddings else None
    index = ReportIndex.build(parsed, embedder)
    return link_tasks(index, pairs, embedder, THRESHOLD if threshold is None else threshold)
