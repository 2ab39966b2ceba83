"""IDF-weighted character bigrams: the lexical signal every stage shares (questions → rows,
tasks → report paragraphs, rows → rows of other tables, unit suggestions).

Chinese has no spaces, and a task copied from a report keeps most of its character pairs, so
"how much of A's bigram weight does B contain" is a robust, segmentation-free overlap. A bigram's
weight is its inverse document frequency over the collection at hand, idf = log((n+1)/(df+0.5)),
so 停车 counts for more than 推进. Each caller chooses what to strip first: punctuation only
(STRIP), or also digits and Latin letters when numbers say nothing about the subject
(STRIP_SUBJECT: "15" and "10" must not make two rows alike)."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Sequence

PUNCTUATION = r"\s，。；：！？、“”‘’（）()《》【】〈〉\-—…·,.;:!?\"'|/"
STRIP = re.compile(f"[{PUNCTUATION}]+")
STRIP_SUBJECT = re.compile(f"[{PUNCTUATION}0-9A-Za-z%％]+")


def idf_weight(df, n: int):
    """log((n+1)/(df+0.5)); works on a number or a numpy array of document frequencies."""
    if isinstance(df, (int, float)):
        return math.log((n + 1) / (df + 0.5))
    import numpy as np  # heavy: needed only for the array form

    return np.log((n + 1) / (np.asarray(df, dtype=float) + 0.5))


def grams(text: str, strip: re.Pattern = STRIP) -> list[str]:
    """The character bigrams of the text once `strip` is removed; a one-character text is its own gram."""
    s = strip.sub("", text)
    return [s[i : i + 2] for i in range(len(s) - 1)] or ([s] if s else [])


def gram_set(text: str, strip: re.Pattern = STRIP) -> set[str]:
    s = strip.sub("", text)
    return {s[i : i + 2] for i in range(len(s) - 1)}


class IDF:
    """Bigram weights over a collection of texts (each given as its set of grams)."""

    def __init__(self, sets: Iterable[Iterable[str]]):
        df: Counter = Counter()
        n = 0
        for s in sets:
            df.update(set(s))
            n += 1
        self.n = n
        self.df = df
        self.weights = {g: idf_weight(c, n) for g, c in df.items()}
        self.default = idf_weight(0, n)  # a gram the collection never has

    def __getitem__(self, gram: str) -> float:
        return self.weights.get(gram, self.default)

    def total(self, grams: Iterable[str]) -> float:
        return sum(self[g] for g in grams)

    def cover(self, grams: Iterable[str], within: set[str]) -> float:
        """The share of the grams' weight that `within` holds (0 for no grams)."""
        grams = set(grams)
        total = self.total(grams)
        return sum(self[g] for g in grams if g in within) / total if total else 0.0

    def covers(self, grams: Iterable[str], withins: Iterable[set[str]]) -> list[float]:
        """`cover(grams, w)` for every w, the grams' weights looked up once (the same sums, in the
        same order, as one `cover` call each)."""
        grams = set(grams)
        weighted = [(g, self[g]) for g in grams]
        total = sum(w for _, w in weighted)
        if not total:
            return [0.0 for _ in withins]
        return [sum(w for g, w in weighted if g in within) / total for within in withins]

    def overlap(self, a: set[str], b: set[str]) -> float:
        """Shared weight relative to the lighter of the two sets (a short clause inside a long one scores 1)."""
        shared = a & b
        if not shared:
            return 0.0
        return self.total(shared) / (min(self.total(a), self.total(b)) or 1.0)

    def best_overlap(self, ours: Iterable[set[str]], theirs: Sequence[set[str]]) -> tuple[float, int]:
        """The best overlap of any of `ours` with any of `theirs` (two texts' clauses, as rows are
        compared with rows), and the index in `theirs` of the first pair scoring it (−1 when the
        two share nothing)."""
        best, where = 0.0, -1
        for a in ours:
            for k, b in enumerate(theirs):
                s = self.overlap(a, b)
                if s > best:
                    best, where = s, k
        return best, where


MIN_CLAUSE_GRAMS = 3  # a clause shorter than this (after stripping) carries no subject
_CLAUSE = re.compile(r"[^，。；！？：,;\n]+")


def subject_clauses(text: str) -> list[tuple[str, set[str]]]:
    """A row's clauses with their subject bigrams (digits and Latin letters stripped), as rows are
    compared with rows; a text with no clause long enough is one clause."""
    out = [(c, g) for c in _CLAUSE.findall(text) if len(g := gram_set(c, STRIP_SUBJECT)) >= MIN_CLAUSE_GRAMS]
    return out or [(text, gram_set(text, STRIP_SUBJECT))]
