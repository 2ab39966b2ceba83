"""A question's subject as the rows know it: the text both are matched in, and the subject's words.

Text is matched with spaces and quotation marks taken out (`normalize`); a row is matched by its
goal labels and its task text (`row_text`). `RowWords` holds the rows' texts and what they
contain: word counts and IDF, their words, and a subject's words (`constituents`): jieba's words
with frame words left out, each one itself when some row contains it, else the phrase it
abbreviates, else the words inside it that rows contain (招商引资 → 招商), else missing. A word no
row holds that is a stray modifier character in front of a row word is cut again (老工业用地 →
工业用地). A short form no row writes is looked for as the initials of consecutive words (高企 →
高新技术企业) or as a phrase it is cut from, keeping its first two characters and the order of the
rest (保障房 → 保障性租赁住房)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from pipeline.ask.frame import frame_words, split_glued
from pipeline.index.lexical import jieba_tokenizer
from pipeline.schema import Task
from pipeline.text.bigrams import idf_weight

NEARLY_WHOLE = 0.75  # a word found as a piece this long is a target's metric all the same

_NOISE = re.compile(r"[\s“”‘’\"'「」『』]+")


def normalize(text: str) -> str:
    """Spaces and quotation marks out (钟楼's PDF text prints “四上”单位 and 1200 个)."""
    return _NOISE.sub("", text)


def row_text(t: Task) -> str:
    """What a row's subject is matched against: its goal labels and its task text."""
    return normalize(" / ".join(g for g in t.goal_path if g) + "\n" + t.content)


@dataclass
class Constituent:
    """One word of a subject as the index knows it: itself when some row contains it, else the
    phrase it abbreviates (高企 → 高新技术企业), else the words inside it that rows contain
    (招商引资 → 招商: `partial`), else nothing (`missing`)."""

    text: str
    pieces: list[str]
    abbreviation: bool = False  # 高企 found as 高新技术企业: a whole match, not a part

    @property
    def missing(self) -> bool:
        return not self.pieces

    @property
    def partial(self) -> bool:
        return bool(self.pieces) and self.pieces != [self.text] and not self.abbreviation

    @property
    def nearly_whole(self) -> bool:
        """Found but for a one-character modifier or so (老工业用地 → 工业用地): ≥ NEARLY_WHOLE of it."""
        return self.partial and max(len(p) for p in self.pieces) >= NEARLY_WHOLE * len(self.text)


class RowWords:
    """The rows' texts and the words they hold."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._df: dict[str, int] = {}
        self._initials: Optional[dict[str, set[str]]] = None
        self._vocab: Optional[set[str]] = None

    # ---- words --------------------------------------------------------------------------------
    def df(self, word: str) -> int:
        if word not in self._df:
            self._df[word] = sum(word in c for c in self.texts)
        return self._df[word]

    def contains(self, word: str) -> bool:
        return self.df(word) > 0

    def idf(self, word: str) -> float:
        return idf_weight(self.df(word), len(self.texts))

    # ---- the subject's words -----------------------------------------------------------------------
    def constituents(self, topic: str) -> list[Constituent]:
        """The subject's words: jieba's words with runs of single characters glued (四上, and a
        lone character joins its neighbour: 保障 + 房), frame words left out."""
        jb = jieba_tokenizer()
        stop = frame_words()
        tokens: list[str] = []
        for tok, _ in split_glued([(t, "") for t in jb.lcut(normalize(topic))], stop):
            if tok in stop:
                continue
            if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", tok):
                continue
            if len(tok) == 1 and tokens and len(tokens[-1]) == 1:
                tokens[-1] += tok
            else:
                tokens.append(tok)
        words: list[str] = []
        for i, tok in enumerate(tokens):
            if len(tok) == 1 and not re.fullmatch(r"[A-Za-z0-9]", tok):
                if words:
                    words[-1] += tok
                elif i + 1 < len(tokens):
                    tokens[i + 1] = tok + tokens[i + 1]
                continue
            words.append(tok)
        words = self._resegment([w for w in words if w not in stop])
        out = []
        for w in dict.fromkeys(words):
            if w in stop:
                continue
            if self.contains(w):
                out.append(Constituent(w, [w]))
                continue
            expanded = self.abbreviation(w)
            if expanded:
                out.append(Constituent(w, expanded, abbreviation=True))
                continue
            inner = {s for s in jb.cut_for_search(w) if len(s) >= 2 and s != w and self.contains(s) and s not in stop}
            out.append(Constituent(w, sorted((s for s in inner if not any(s != v and s in v for v in inner)), key=len, reverse=True)))
        return out

    def _resegment(self, words: list[str]) -> list[str]:
        """A word no row holds, cut again into the rows' own words (with the word after it) when
        that explains the miss by a stray modifier character in front of a row word (老工业用地 →
        工业用地, 信访老 + 矛盾 → 信访 + 矛盾, 新成立 → 成立). A stray character at the end (币 of 人民币,
        a head) or two in a row (托位), or a stretch no row word starts (海洋), keeps the miss."""
        vocab, here = self.vocabulary(), {x for x in words if self.contains(x)}

        def known(s: str) -> bool:
            return s in vocab or s in here

        out: list[str] = []
        k = 0
        while k < len(words):
            w = words[k]
            if w in here:
                out.append(w)
                k += 1
                continue
            pair = _cut_by(w + words[k + 1], known) if k + 1 < len(words) else None
            one = pair or _cut_by(w, known)
            out += one or [w]
            k += 2 if pair else 1
        return out

    def vocabulary(self) -> set[str]:
        """The words of the rows (jieba's search-mode words of two or more characters)."""
        if self._vocab is None:
            jb = jieba_tokenizer()
            self._vocab = {w for t in self.texts for w in jb.cut_for_search(t) if len(w) >= 2}
        return self._vocab

    def abbreviation(self, word: str) -> list[str]:
        """The rows' phrases a short form abbreviates: 高企 → 高新技术企业, 规上 → 规模以上, 违建 →
        违法建设 — the first characters of 2–4 consecutive words of a row (asked only for a word no
        row holds as written). Dictionary words count too: 违建 is one, and 绿地 or 海洋 find no
        such phrase in these tables."""
        if not 2 <= len(word) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return []
        if self._initials is None:
            self._initials = {}
            for text in self.texts:
                words = [w for w in jieba_tokenizer().lcut(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
                for n in (2, 3, 4):
                    for i in range(len(words) - n + 1):
                        window = words[i : i + n]
                        joined = "".join(window)
                        if joined in text:  # consecutive in the row itself
                            self._initials.setdefault("".join(x[0] for x in window), set()).add(joined)
        found = self._initials.get(word)
        return sorted(found) if found else self._spread(word)

    def _spread(self, word: str) -> list[str]:
        """The rows' phrases a short form is cut from, keeping its first two characters and the
        order of the rest (保障房 → 保障性租赁住房): at most twice as long, within one run of
        Chinese characters."""
        if len(word) < 3:
            return []
        gap = "[\u4e00-\u9fff]{0,4}"
        rx = re.compile(re.escape(word[:2]) + "".join(gap + re.escape(c) for c in word[2:]))
        spans = {m.group(0) for text in self.texts for m in rx.finditer(text) if len(m.group(0)) <= 2 * len(word) + 1}
        return sorted(spans)


def _cut_by(text: str, known: Callable[[str], bool]) -> Optional[list[str]]:
    """`text` as known words, longest first from the left, with stray single characters allowed
    only in front of a known word; None when that fails or nothing stray was needed."""
    pieces: list[str] = []
    stray = False
    i = 0
    while i < len(text):
        j = next((j for j in range(len(text), i + 1, -1) if known(text[i:j])), None)
        if j is None:
            if not any(known(text[i + 1 : k]) for k in range(len(text), i + 2, -1)):
                return None
            stray, i = True, i + 1
            continue
        pieces.append(text[i:j])
        i = j
    return pieces if stray else None
