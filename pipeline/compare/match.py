"""Which row of the new table continues which row of the old one.

Each row is reduced to its subject bigrams (pipeline/text/bigrams.py: Chinese numerals written as
digits first, then digits, Latin letters and punctuation stripped — a raised target must not make
a row look new). Two rows score the IDF-weighted Dice of their bigram sets,
2·w(A∩B) / (w(A) + w(B)), IDF over both tables' rows: 1 for the same subject text, however its
clauses are ordered; a row that is a short part of a long one scores low (unlike IDF.overlap,
which is relative to the shorter text and suits linking, not a one-to-one diff).

Optionally the local E5 embeddings (pipeline/index/embed.py) add a semantic signal for reworded
rows: score = max(lexical, SEMANTIC_WEIGHT·lexical + (1−SEMANTIC_WEIGHT)·semantic), where
semantic rescales the cosine so that COS_FLOOR → 0 and 1 → 1. The assignment is greedy, best
pair first (ties: the pair closer in table order), one row to one row; a pair below THRESHOLD is
not a continuation and its rows are NEW / DROPPED. The constants are documented in README
("govtasks diff": how matching works) with the scores they were checked on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from pipeline.compare.model import Evidence
from pipeline.index.embed import Embedder
from pipeline.schema import Task
from pipeline.text.bigrams import IDF, STRIP, STRIP_SUBJECT, gram_set, subject_clauses
from pipeline.text.numerals import numerals_to_digits

THRESHOLD = 0.5  # below this a pair is not the same task (README: the scores it was checked on)
SEMANTIC_WEIGHT = 0.5  # lexical share of the blended score when embeddings are used
COS_FLOOR = 0.92  # an E5 cosine at or below this says nothing: unrelated rows of one genre sit at 0.90–0.93 (wujin × zhonglou: median 0.90, 90th percentile 0.92)
MIN_RUN = 4  # shortest run of shared text worth quoting as evidence
SHOWN_RUNS = 3


def subject_grams(text: str) -> set[str]:
    return gram_set(numerals_to_digits(text), STRIP_SUBJECT)


@dataclass
class Pair:
    old: int
    new: int
    score: float
    lexical: float
    semantic: Optional[float]


class Matcher:
    """Scores every old row against every new row and assigns them one to one."""

    def __init__(self, old: list[Task], new: list[Task], embedder: Optional[Embedder] = None):
        self.old, self.new = old, new
        self.old_grams = [subject_grams(t.content) for t in old]
        self.new_grams = [subject_grams(t.content) for t in new]
        self.idf = IDF(self.old_grams + self.new_grams)
        self.lexical = self._lexical_matrix()
        self.semantic = self._semantic_matrix(embedder) if embedder is not None else None

    def _lexical_matrix(self) -> np.ndarray:
        w_old = [self.idf.total(g) for g in self.old_grams]
        w_new = [self.idf.total(g) for g in self.new_grams]
        m = np.zeros((len(self.old), len(self.new)))
        for i, a in enumerate(self.old_grams):
            for j, b in enumerate(self.new_grams):
                shared = a & b
                if shared and (w_old[i] + w_new[j]):
                    m[i, j] = 2 * self.idf.total(shared) / (w_old[i] + w_new[j])
        return m

    def _semantic_matrix(self, embedder: Embedder) -> np.ndarray:
        a = embedder.passages([t.content for t in self.old])
        b = embedder.passages([t.content for t in self.new])
        cos = a @ b.T if len(a) and len(b) else np.zeros((len(self.old), len(self.new)))
        return np.clip((cos - COS_FLOOR) / (1 - COS_FLOOR), 0.0, 1.0)

    def scores(self) -> np.ndarray:
        if self.semantic is None:
            return self.lexical
        blend = SEMANTIC_WEIGHT * self.lexical + (1 - SEMANTIC_WEIGHT) * self.semantic
        return np.maximum(self.lexical, blend)

    def assign(self, threshold: float = THRESHOLD) -> list[Pair]:
        """One-to-one pairs scoring at least `threshold`, best first (greedy)."""
        s = self.scores()
        n_old, n_new = s.shape
        cand = np.argwhere(s >= threshold)
        if not len(cand):
            return []
        # relative positions in the two tables break ties: a reordered table still prefers neighbours
        drift = np.abs(cand[:, 0] / max(n_old, 1) - cand[:, 1] / max(n_new, 1))
        order = np.lexsort((drift, -s[cand[:, 0], cand[:, 1]]))
        used_old, used_new, pairs = set(), set(), []
        for i, j in cand[order]:
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            sem = None if self.semantic is None else round(float(self.semantic[i, j]), 4)
            pairs.append(Pair(int(i), int(j), round(float(s[i, j]), 4), round(float(self.lexical[i, j]), 4), sem))
        return pairs

    def evidence(self, i: int, j: int) -> Evidence:
        a, b = subject_clauses(self.old[i].content), subject_clauses(self.new[j].content)
        best, k = self.idf.best_overlap([g for _, g in b], [g for _, g in a])
        new_clause = ""
        if k >= 0:  # the new clause that scored it: the first one reaching the best against a[k]
            new_clause = next(c for c, g in b if self.idf.overlap(g, a[k][1]) == best)
        return Evidence(old_clause=a[k][0] if k >= 0 else "", new_clause=new_clause, clause_score=round(best, 4), shared=shared_runs(self.old[i].content, self.new[j].content))


def shared_runs(old: str, new: str) -> list[str]:
    """The longest runs of `new` (punctuation removed) made of character pairs `old` also has."""
    have = gram_set(old, STRIP)
    s = STRIP.sub("", new)
    runs, start = [], None
    for k in range(len(s) - 1):
        inside = s[k : k + 2] in have
        if inside and start is None:
            start = k
        if not inside and start is not None:
            runs.append(s[start : k + 1])
            start = None
    if start is not None:
        runs.append(s[start:])
    runs = [r for r in runs if len(r) >= MIN_RUN]
    keep = set(sorted(runs, key=len, reverse=True)[:SHOWN_RUNS])
    return [r for r in runs if r in keep][:SHOWN_RUNS]

