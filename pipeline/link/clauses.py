"""How well a short task lines up with one clause (or two adjacent clauses) of a paragraph.

A table row restates one clause of the report: verbatim, trimmed, or reworded with the key
nouns and numbers kept (免费学前教育 → 学前阶段免收保育教育费用, 第十八届省运会 → 第18届运动会).
Inside a long paragraph those shared characters are drowned by everything else the paragraph
says, so paragraph-level signals barely move; against the one clause they restate, they are
most of both texts. The measure is an F1 of IDF-weighted characters between the task and a
clause window: recall (how much of the task the window holds) and precision (how much of the
window the task holds), after Chinese numerals of counts are written as digits so 十年 and 10年
agree (pipeline/text/numerals.py). A digit run counts as one unit, so 18 does not half-match 81."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from pipeline.text.bigrams import PUNCTUATION, idf_weight
from pipeline.text.numerals import DIGIT_RUN, numerals_to_digits

_PUNCT = re.compile(f"[{PUNCTUATION.replace('.', '')}]+")  # a point is dropped only as a full stop (_DECIMAL)
_DECIMAL = re.compile(r"(?<!\d)\.|\.(?!\d)")  # a full stop, not a decimal point
_UNIT = re.compile(rf"{DIGIT_RUN}|.")
_CLAUSE = re.compile(r"[^，。；！？：]+[，。；！？：]?")
WINDOW = 2  # clauses per window at most: a task restates one clause, sometimes two adjacent ones
SHARE = 0.5  # a window lining up at least half as well as a paragraph's best is one the task restates


def normalize(text: str) -> str:
    """Numerals as digits (pipeline/text/numerals.py); punctuation and spaces dropped, decimal points kept."""
    return _PUNCT.sub("", _DECIMAL.sub("", numerals_to_digits(text)))


def units(text: str) -> set[str]:
    """The characters of the normalized text, a run of digits (with its decimals) as one unit."""
    return set(_UNIT.findall(normalize(text)))


def clause_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]


@dataclass
class ClauseWindows:
    """Every window of one or two adjacent clauses of a report's candidate paragraphs, as sets of
    units in one flat array (so a task is scored against all windows in a few numpy calls)."""

    owner: np.ndarray  # paragraph index of each window
    spans: list[tuple[int, int]]  # character span of each window inside its paragraph
    texts: list[str]  # each window's text
    vocab: dict[str, int]
    idf: np.ndarray  # per vocabulary unit
    default_idf: float  # a unit no window has
    ids: np.ndarray  # the windows' unit ids, concatenated
    starts: np.ndarray  # where each window's ids start in `ids`
    mass: np.ndarray  # each window's summed IDF
    paragraphs: int

    @classmethod
    def build(cls, texts: list[str], candidates: np.ndarray) -> "ClauseWindows":
        owner, spans, sets, window_texts = [], [], [], []
        for k, text in enumerate(texts):
            if not candidates[k]:
                continue
            clauses = clause_spans(text)
            for i in range(len(clauses)):
                for w in range(1, WINDOW + 1):
                    if i + w <= len(clauses):
                        a, b = clauses[i][0], clauses[i + w - 1][1]
                        s = units(text[a:b])
                        if s:
                            owner.append(k)
                            spans.append((a, b))
                            sets.append(s)
                            window_texts.append(text[a:b])
        vocab: dict[str, int] = {}
        df: list[int] = []
        for s in sets:
            for u in s:
                if u not in vocab:
                    vocab[u] = len(vocab)
                    df.append(0)
                df[vocab[u]] += 1
        n = len(sets)
        idf = idf_weight(df, n) if df else np.zeros(0)
        ids = np.array([vocab[u] for s in sets for u in sorted(s)], dtype=np.int64)
        lengths = np.array([len(s) for s in sets], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, dtype=np.int64)
        mass = np.add.reduceat(idf[ids], starts) if n else np.zeros(0)
        return cls(np.array(owner, dtype=np.int64), spans, window_texts, vocab, idf, idf_weight(0, n), ids, starts, mass, len(texts))

    def scores(self, task: str) -> np.ndarray:
        """Every window's F1 with the task."""
        task_units = units(task)
        if not len(self.owner) or not task_units:
            return np.zeros(len(self.owner))
        weights = np.zeros(len(self.vocab))
        task_mass = 0.0
        for u in task_units:
            k = self.vocab.get(u)
            if k is None:
                task_mass += self.default_idf
            else:
                weights[k] = self.idf[k]
                task_mass += self.idf[k]
        shared = np.add.reduceat(weights[self.ids], self.starts)
        recall = shared / task_mass
        precision = np.divide(shared, self.mass, out=np.zeros_like(shared), where=self.mass > 0)
        return np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(shared), where=(precision + recall) > 0)

    def support(self, task: str, f1: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per paragraph: the best window's F1 with the task (0 where no window), and that window's
        index (−1 where none). f1: the windows' scores, when already computed."""
        best = np.zeros(self.paragraphs)
        where = np.full(self.paragraphs, -1, dtype=np.int64)
        f1 = self.scores(task) if f1 is None else f1
        if not len(self.owner) or not f1.any():
            return best, where
        order = np.lexsort((-f1, self.owner))  # by paragraph, best window first
        first = np.ones(len(order), dtype=bool)
        first[1:] = self.owner[order][1:] != self.owner[order][:-1]
        top = order[first]
        best[self.owner[top]] = f1[top]
        where[self.owner[top]] = top
        return best, where

    def mention(self, has: Callable[[str], bool], f1: np.ndarray, best: np.ndarray, share: float = SHARE) -> np.ndarray:
        """Per paragraph: does a window that lines up with the task (F1 at least `share` of the
        paragraph's best) satisfy `has` (e.g. name a place)? A joined task's second clause lines
        up less well than its first, but still well."""
        found = np.zeros(self.paragraphs, dtype=bool)
        if not len(self.owner):
            return found
        good = np.flatnonzero((f1 > 0) & (f1 >= share * best[self.owner]))
        hits = [w for w in good if has(self.texts[w])]
        found[self.owner[hits]] = True
        return found
