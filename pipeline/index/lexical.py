"""BM25 over jieba tokens. Unit and leader names from the index are added to jieba's
dictionary first, so "区住建局" stays one token instead of "区住 / 建局"."""

from __future__ import annotations

import logging
import re
from typing import Iterable, Optional

import numpy as np

_PUNCT = re.compile(r"^[\s\W_]+$")
_LOADED_WORDS: set[str] = set()


def jieba_tokenizer():
    """jieba, its logger quieted, with the words add_words registered (the one segmenter every
    stage shares). Imported on first use: loading it takes a while."""
    import jieba  # heavy: loaded on first use

    jieba.setLogLevel(logging.WARNING)
    return jieba


def add_words(words: Iterable[str]) -> None:
    """Register domain words (units, leaders, goal names) with the segmenter, once each."""
    jieba = jieba_tokenizer()
    for w in words:
        if w and w not in _LOADED_WORDS and len(w) >= 2:
            jieba.add_word(w, freq=2_000_000)
            _LOADED_WORDS.add(w)


def tokenize(text: str) -> list[str]:
    """Search-mode segmentation (long words and their parts), punctuation dropped."""
    return [t for t in jieba_tokenizer().cut_for_search(text) if t.strip() and not _PUNCT.match(t)]


class BM25Index:
    """A BM25 index over a list of texts; scores for every text, or the top k."""

    def __init__(self, texts: list[str], words: Iterable[str] = ()):
        import bm25s  # heavy: loaded on first use

        add_words(words)
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        # bm25s needs at least one token per document
        self._bm25.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = tokenize(query)
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def top(self, query: str, k: int = 10, mask: Optional[np.ndarray] = None) -> list[tuple[int, float]]:
        s = self.scores(query)
        if mask is not None:
            s = np.where(mask, s, -np.inf)
        order = np.argsort(-s)[:k]
        return [(int(i), float(s[i])) for i in order if np.isfinite(s[i]) and s[i] > 0]
