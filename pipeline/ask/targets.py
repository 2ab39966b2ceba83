"""Target numbers, claimed only with evidence.

A target is the answer to "…多少…" only when its own clause names what is asked: the asked
metric's most distinctive word (highest IDF among the metric's words found in the index) is in
the target's clause, and the clause holds at least MIN_CLAUSE_COVER of the metric words' IDF
weight. The row around it does not count: 新增公共停车泊位 in one clause does not make the
"50人以上" of the next clause an answer. A unit asked for (多少所, 多少万平方米) must agree with the
target's unit (the same base unit: 人 = 万人; 台 ~ 部); 个 fits any count. A metric whose words no
row contains at all (绿地, 学校) has no target. Otherwise the answer says that no such target is
set and offers the closest rows as related, never a number from another clause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from pipeline.ask.frame import is_verb
from pipeline.ask.retrieve import RowIndex
from pipeline.ask.subject import normalize
from pipeline.index.lexical import jieba_tokenizer
from pipeline.schema import Target

MIN_CLAUSE_COVER = 0.5
METRIC_MAX_SHARE = 0.1  # a metric's most distinctive word is in at most this share of rows
MIN_CLAUSE_COVER_IN_SENTENCE = 0.3  # …or this much, when the sentence around it holds MIN_SENTENCE_COVER
MIN_SENTENCE_COVER = 0.8
_MAGNITUDE = re.compile(r"^[十百千万亿]+")
# measure words that count the same things (an elevator is 台 or 部)
_SAME_KIND = ({"台", "部"}, {"个", "家", "所", "处", "座"}, {"人", "名", "位"}, {"套", "套（间）", "间"}, {"%", "个百分点"})
_GENERIC = {"个", "项"}


def clause_of(content: str, text: str, stops: str = "，。；;,\n") -> str:
    """The clause of the row (between ，。；) holding a target's text."""
    at = content.find(text)
    if at < 0:
        return text
    start = max(content.rfind(c, 0, at) for c in stops) + 1
    ends = [e for e in (content.find(c, at + len(text)) for c in stops) if e >= 0]
    return content[start : min(ends) if ends else len(content)]


def units_agree(asked: Optional[str], unit: str) -> bool:
    if not asked or asked in _GENERIC:
        return True
    a, b = _MAGNITUDE.sub("", asked) or asked, _MAGNITUDE.sub("", unit) or unit
    return a == b or any(a in k and b in k for k in _SAME_KIND)


@dataclass
class TargetHit:
    row: int
    target: Target
    clause: str
    cover: float  # how well the clause (and the target's own part of it) names the metric


def _names_metric(cover: float, in_sentence: float, key_in_clause: bool, key_in_sentence: bool) -> bool:
    """Does a target's clause name the metric? Its most distinctive word and half the weight;
    or, when the sentence around completes the name (深化存量工业用地焕新，…焕新用地面积超1200亩),
    the distinctive word with less of the weight, or half the weight with the word nearby."""
    if key_in_clause:
        return cover >= MIN_CLAUSE_COVER or cover >= MIN_CLAUSE_COVER_IN_SENTENCE and in_sentence >= MIN_SENTENCE_COVER
    return key_in_sentence and cover >= MIN_CLAUSE_COVER and in_sentence >= MIN_SENTENCE_COVER


@lru_cache(maxsize=4096)
def _head(word: str) -> str:
    """The head of a compound, its last word of two or more characters (工业用地 → 用地); Chinese
    compounds are head-final. The word itself when it has no shorter such word."""
    tails = [w for w in jieba_tokenizer().cut_for_search(word) if len(w) >= 2 and w != word and word.endswith(w)]
    return min(tails, key=len) if tails else word


def is_generic(index: RowIndex, parts) -> bool:
    """Only common words (新增, 建设): in more than METRIC_MAX_SHARE of the rows (and more than 5)."""
    return bool(parts) and min(index.df(c.text) for c in parts) > max(5, METRIC_MAX_SHARE * len(index.texts))


def find(index: RowIndex, metric: str, rows: list[int], measure: Optional[str] = None) -> tuple[list[TargetHit], list[str]]:
    """The targets of `rows` whose clause names the metric, best first; and the metric's words
    that no row holds as written (then there is no such target)."""
    parts = index.constituents(metric)
    unmatched = [c.text for c in parts if c.missing or c.partial and not c.nearly_whole]
    if unmatched or not parts:
        return [], unmatched or [metric]
    weights = {p: index.idf(p) for c in parts for p in (c.pieces if c.abbreviation or c.partial else [c.text])}
    if is_generic(index, parts):
        return [], []  # only common words (新增, 建设): no metric named
    # the most distinctive word(s) of what is measured: the thing (人才), not the action (引进 / 新增)
    things = [w for w in weights if not is_verb(w)] or list(weights)
    top = max(weights[w] for w in things)
    keys = [w for w in things if weights[w] >= top - 1e-9]
    total = sum(weights.values())
    hits = []
    for i in rows:
        content = index.tasks[i].content
        for tg in index.tasks[i].targets:
            if tg.value is None or not units_agree(measure, tg.unit):
                continue
            clause = normalize(clause_of(content, tg.text))
            sentence = normalize(clause_of(content, tg.text, "。；;\n"))
            # the clause may name a word by its head when the sentence names it whole (存量工业用地焕新，…焕新用地面积超1200亩)
            named = {v for v in weights if v in clause or v in sentence and _head(v) != v and _head(v) in clause}
            cover = sum(weights[v] for v in named) / total
            in_sentence = sum(w for v, w in weights.items() if v in sentence) / total
            key_in_clause = any(k in named for k in keys)
            if not _names_metric(cover, in_sentence, key_in_clause, any(k in sentence for k in keys)):
                continue
            local = normalize(clause_of(content, tg.text, "、，。；;,\n"))  # 其中自主更新类4个, not 启动15个城中村改造项目
            local_cover = sum(w for v, w in weights.items() if v in local) / total
            hits.append(TargetHit(i, tg, clause, round(0.7 * cover + 0.3 * local_cover + (0.5 if any(k in local for k in keys) else 0.0), 4)))
    hits.sort(key=lambda h: (-h.cover, h.row))
    return hits, []
