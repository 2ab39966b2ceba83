"""How well a short task lines up with one clause (or two adjacent clauses) of a paragraph.

A table row restates one clause of the report: verbatim, trimmed, or reworded with the key
nouns and numbers kept (免费学前教育 → 学前阶段免收保育教育费用, 第十八届省运会 → 第18届运动会).
Inside a long paragraph those shared characters are drowned by everything else the paragraph
says, so paragraph-level signals barely move; against the one clause they restate, they are
most of both texts. The measure is an F1 of IDF-weighted characters between the task and a
clause window: recall (how much of the task the window holds) and precision (how much of the
window the task holds), after Chinese numerals of counts are written as digits so 十年 and 10年
agree. A digit run counts as one unit, so 18 does not half-match 81."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

# a run of Chinese numerals that states a count: after 第, before a measure word, or two or more
# characters long (一体化, 一批 and 三农 stay as they are)
_NUMERAL = re.compile(r"(第)?([零〇一二两三四五六七八九十百千]+)(?=([年届个家期轮次条项所座倍万亿]?))")
_DIGITS = dict(zip("零〇一二两三四五六七八九", "001223456789"))
_PUNCT = re.compile(r"[\s，。；：！？、“”‘’（）()《》【】〈〉\-—…·,.;:!?\"'|/]+")
_CLAUSE = re.compile(r"[^，。；！？：]+[，。；！？：]?")
WINDOW = 2  # clauses per window at most: a task restates one clause, sometimes two adjacent ones


def _numeral_value(run: str) -> str | None:
    from pipeline.extract.targets import chinese_to_int

    if not any(c in "十百千" for c in run):  # read digit by digit: 二〇二六
        return "".join(_DIGITS[c] for c in run) if all(c in _DIGITS for c in run) else None
    value = chinese_to_int(run)
    return None if value is None else str(value)


def normalize(text: str) -> str:
    """Punctuation and spaces dropped; Chinese numerals that state a count written as digits."""

    def digits(m: re.Match) -> str:
        ordinal, run, measure = m.group(1) or "", m.group(2), m.group(3)
        if not (ordinal or measure or len(run) >= 2):
            return m.group(0)
        value = _numeral_value(run)
        return ordinal + (value if value is not None else run)

    return _PUNCT.sub("", _NUMERAL.sub(digits, text))


def units(text: str) -> set[str]:
    """The characters of the normalized text, a run of digits (with its decimals) as one unit."""
    return set(re.findall(r"\d+(?:\.\d+)?|.", normalize(text)))


def clause_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]


@dataclass
class ClauseWindows:
    """Every window of one or two adjacent clauses of a report's candidate paragraphs, as sets of
    units in one flat array (so a task is scored against all windows in a few numpy calls)."""

    owner: np.ndarray  # paragraph index of each window
    spans: list[tuple[int, int]]  # character span of each window inside its paragraph
    vocab: dict[str, int]
    idf: np.ndarray  # per vocabulary unit
    default_idf: float  # a unit no window has
    ids: np.ndarray  # the windows' unit ids, concatenated
    starts: np.ndarray  # where each window's ids start in `ids`
    mass: np.ndarray  # each window's summed IDF
    paragraphs: int

    @classmethod
    def build(cls, texts: list[str], candidates: np.ndarray) -> "ClauseWindows":
        owner, spans, sets = [], [], []
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
        vocab: dict[str, int] = {}
        df: list[int] = []
        for s in sets:
            for u in s:
                if u not in vocab:
                    vocab[u] = len(vocab)
                    df.append(0)
                df[vocab[u]] += 1
        n = len(sets)
        idf = np.log((n + 1) / (np.array(df, dtype=float) + 0.5)) if df else np.zeros(0)
        ids = np.array([vocab[u] for s in sets for u in sorted(s)], dtype=np.int64)
        lengths = np.array([len(s) for s in sets], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, dtype=np.int64)
        mass = np.add.reduceat(idf[ids], starts) if n else np.zeros(0)
        return cls(np.array(owner, dtype=np.int64), spans, vocab, idf, math.log((n + 1) / 0.5), ids, starts, mass, len(texts))

    def support(self, task: str) -> tuple[np.ndarray, np.ndarray]:
        """Per paragraph: the best window's F1 with the task (0 where no window), and that window's
        index (−1 where none)."""
        best = np.zeros(self.paragraphs)
        where = np.full(self.paragraphs, -1, dtype=np.int64)
        task_units = units(task)
        if not len(self.owner) or not task_units:
            return best, where
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
        f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(shared), where=(precision + recall) > 0)
        order = np.lexsort((-f1, self.owner))  # by paragraph, best window first
        first = np.ones(len(order), dtype=bool)
        first[1:] = self.owner[order][1:] != self.owner[order][:-1]
        top = order[first]
        best[self.owner[top]] = f1[top]
        where[self.owner[top]] = top
        return best, where
