"""The form of a question: what is asked (intent), across which districts, about which rows
(filters such as "has a quantitative target"), and the words left for the subject.

Intent is read from the question's interrogative structure, not from a list of sentences:
- **who_leader / who_unit** — an interrogative on a person or an organisation: 谁分管, 哪位(副)区长,
  分管领导是谁; 哪个单位, 什么部门, 谁牵头, 牵头单位是…;
- **count** — a quantity interrogative on tasks: 多少项 / 几项 / 几个任务 / 任务数(量);
- **number** — any other quantity interrogative (多少万平方米, 几所, 目标是多少, 达到多少);
- **list** — everything else.
Across districts when two districts are named or the question compares (两个区, 分别, 哪边, 比一比);
the aggregate is a difference (差多少), a maximum/minimum (哪个多/少) or a sum (加起来, 一共).

The subject: the question with the names already matched masked out, segmented by jieba with
parts of speech. Frame words — the closed-class vocabulary in lexicon.toml and every token jieba
tags as a pronoun, numeral, measure word, adverb, preposition, conjunction, particle, locative or
time word — break it into segments; what remains are the subject's words. A segment is *marked*
when the question names it as the subject (…方面, 涉及…, 关于…, …相关, 的…任务, or in quotation marks).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal, Optional

from pipeline.extract.targets import UNITS
from pipeline.index.lexical import jieba_tokenizer
from pipeline.schema import Intent

Aggregate = Literal["diff", "more", "less", "sum"]

MASK = "｜"  # stands in for a matched name; a segment boundary
# parts of speech jieba tags reliably enough to treat as frame: pronouns, particles, prepositions,
# conjunctions, modal particles, interjections, punctuation (numerals and measure words: see _QUANTITY_TOKEN)
_CLOSED_POS = ("r", "u", "p", "c", "y", "e", "o", "x", "w")
_ASKED_QUANTITY = re.compile(r"^(?:哪)?(?:几|多少)")  # 几 / 多少 / 几所 / 多少个: the asked quantity (literal numbers stay: 五亿级, 2000万元)

_WHO_LEADER = re.compile(r"谁(?:来)?(?:分管|主管|主抓|负责分管)|哪(?:位|个|些)(?:区)?(?:副区长|区长|领导|区领导)|什么领导|分管(?:的)?(?:区)?领导(?:是|为|分别是|各是)?(?:谁|哪|什么)|(?:由|归)谁(?:来)?分管|领导是谁")
_WHO_UNIT = re.compile(r"(?:哪|什么)(?:个|些|家)?(?:单位|部门)|谁(?:来)?(?:牵头|负责)|牵头(?:的)?(?:单位|部门)(?:是|为|分别是|各是)?(?:谁|哪|什么)|(?:由|归)谁(?:来)?(?:牵头|负责)|哪个局")
_TASK_NOUN = r"(?:任务|工作|事项|事情|事儿|事)"
_COUNT = re.compile(
    rf"(?<!哪)(?:多少|几)\s*(?:项|个|条|件)?\s*{_TASK_NOUN}|{_TASK_NOUN}(?:的)?(?:数|数量|总数|个数|条数|项数)|(?<!哪)(?:多少|几)\s*项(?![目\u4e00-\u9fff]*(?:改革|工程|项目))"
    rf"|{_TASK_NOUN}[^，。？?]{{0,12}}(?<!哪)(?:多少|几)\s*(?:项|条|件|个)?\s*[？?]?\s*$|数量"
)
_QUANTITY = re.compile(r"多少|(?<!哪)几(?![乎])|目标(?:值)?(?:是|为|定为|定的是)?(?:啥|什么)|指标(?:是|为)?(?:啥|什么)|(?:达到|完成|新增|增长|提高|提升|下降)(?:到)?(?:了)?(?:啥|什么)水平|目标值")
_COMPARE = re.compile(r"各(?=牵头|分管|负责|承担|主抓)|两个区|两区|两地|两边|两个地方|各区|哪个区|哪边|哪一边|比一比|比比|对比|比较|相比|分别|各是|各为|各自|差多少|差几|相差|差距|谁高|谁多|谁少|谁低|哪个更|哪个多|哪个少|哪个高|哪个低")
_DIFF = re.compile(r"相差|差多少|差几|差距|差了|多出|少了|多了多少|少多少")
_MORE = re.compile(r"(?:哪个|哪边|哪一边|谁|哪个区)[^，。？?]{0,16}?(?:多|高|大|领先)|更多|最多|最高")
_LESS = re.compile(r"(?:哪个|哪边|哪一边|谁|哪个区)[^，。？?]{0,16}?(?:少|低|小)|更少|最少|最低")
_SUM = re.compile(r"加起来|合计|总共|一共|共计|总计|合起来|加在一起")
_RESPONSIBLE = re.compile(r"责任单位|配合单位|协办单位|参与单位|参与|配合|协办|协助")
_HAS_TARGET = re.compile(r"(?:量化|数量化|可量化|具体)(?:的)?(?:指标|目标|数字)|(?:设|有|带|含|列)(?:了)?(?:明确的)?(?:数字|数值|指标)|有(?:具体)?目标值|指标的任务")
_MISSING = re.compile(r"(?:没|未|无|没有|缺)(?:有)?(?:写|填|填写|明确|列|标|注明|写明|确定)?(?:明)?(?:的)?(分管领导|区领导|领导|牵头单位|责任单位|配合单位)")
_NAMES_COMPARED = re.compile(rf"{MASK}[^，。？?]*比{MASK}")  # 住建局比城管局… / 钟楼启动的…项目比武进…: two names set against each other
_BY_HOW_MUCH = re.compile(r"比[^，。？?]{0,16}?(?:多|少)[^，。？?]{0,8}?(?:几|多少)")  # …比…多牵头几项
_LIST_ASK = re.compile(r"哪些|哪几|什么任务|什么工作|有什么|都有啥|列|目标下|目标中|这个目标|该目标|目标里")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")


@dataclass(frozen=True)
class Segment:
    words: tuple[str, ...]
    marked: bool = False
    within: bool = False  # joined to the subject before it by a relation (AI用在医疗上, 老旧小区的物业管理, AI+教育), not by 和/、
    quoted: bool = False  # in quotation marks: the rows must write it as written (“钟超”)

    @property
    def text(self) -> str:
        return "".join(self.words)


@dataclass(frozen=True)
class Frame:
    intent: Intent = "list"
    compare: bool = False
    aggregate: Optional[Aggregate] = None
    role: Literal["lead", "responsible"] = "lead"
    has_target: bool = False
    missing: Optional[Literal["leaders", "lead_units", "responsible_units"]] = None
    measure: Optional[str] = None  # the unit a number question asks in (万平方米, 所, 台)
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    @property
    def within(self) -> bool:
        """A row must be about every subject (人工智能用在医疗健康上), not any (养老和托育)."""
        return any(s.within for s in self.segments)

    @property
    def topic_words(self) -> list[str]:
        return [w for s in self.segments for w in s.words]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    data = tomllib.loads(resources.files("pipeline.ask").joinpath("lexicon.toml").read_text(encoding="utf-8"))
    return {k: frozenset(v.split()) for k, v in data.items()}


@lru_cache(maxsize=1)
def frame_words() -> frozenset[str]:
    lex = lexicon()
    return frozenset().union(*(v for k, v in lex.items() if k != "topic_marker"))


def _measure(q: str) -> Optional[str]:
    """The unit right after a quantity interrogative: 多少万平方米 → 万平方米, 几所 → 所."""
    for m in re.finditer(r"(?:多少|几)\s*", q):
        unit = next((u for u in UNITS if q.startswith(u, m.end())), None)
        if unit and unit not in ("项", "区", "园", "类"):
            return unit.replace("(", "（").replace(")", "）").replace("％", "%")
    return None


def read_frame(question: str, masked: str) -> Frame:
    """The frame of `question`; `masked` is the same text with every matched name replaced by MASK."""
    who_leader, who_unit = bool(_WHO_LEADER.search(masked)), bool(_WHO_UNIT.search(masked))
    counted_more = (_MORE.search(masked) or _LESS.search(masked) or _DIFF.search(masked)) and re.search(rf"{_TASK_NOUN}[^，。？?]{{0,6}}(?:多|少|差|相差)", masked)
    if counted_more:
        intent: Intent = "count"  # 谁牵头的任务多 / 哪边的任务少: the comparison of counts
    elif who_leader:
        intent = "who_leader"
    elif who_unit:
        intent = "who_unit"
    elif _COUNT.search(masked):
        intent = "count"
    elif _QUANTITY.search(masked):
        intent = "number"
    elif _MORE.search(masked) or _LESS.search(masked) or _DIFF.search(masked):
        # 哪个区…更多 on tasks is a count; on anything else (启动的自主更新项目更多) a number
        intent = "count" if re.search(_TASK_NOUN, masked) else "number"
    elif re.search(r"目标|指标", masked) and not _LIST_ASK.search(masked):
        intent = "number"  # 武进新增上市挂牌企业的目标 / 两个区领军人才的目标对比一下
    else:
        intent = "list"
    aggregate: Optional[Aggregate] = None
    if _DIFF.search(masked):
        aggregate = "diff"
    elif _MORE.search(masked):
        aggregate = "more"
    elif _LESS.search(masked):
        aggregate = "less"
    elif _SUM.search(masked):
        aggregate = "sum"
    compare = bool(_COMPARE.search(masked))
    if _NAMES_COMPARED.search(masked):
        compare = True
        if _BY_HOW_MUCH.search(masked):
            aggregate = "diff"
        elif aggregate is None and re.search(r"比[^，。？?]{0,16}?多", masked):
            aggregate = "more"
        elif aggregate is None and re.search(r"比[^，。？?]{0,16}?少", masked):
            aggregate = "less"
    role = "responsible" if _RESPONSIBLE.search(masked) else "lead"
    has_target = bool(_HAS_TARGET.search(masked))
    miss = _MISSING.search(masked)
    missing = None
    if miss:
        missing = {"分管领导": "leaders", "区领导": "leaders", "领导": "leaders", "牵头单位": "lead_units"}.get(miss.group(1), "responsible_units")
    measure = _measure(masked) if intent in ("number",) else None
    # the subject: the masked question without the filter phrases
    rest = masked
    for rx in (_HAS_TARGET, _MISSING, _WHO_LEADER, _WHO_UNIT, _COMPARE, _RESPONSIBLE, _SUM):
        rest = rx.sub(lambda m: MASK * len(m.group(0)), rest)
    segments = _segments(rest, question)
    return Frame(intent, compare, aggregate, role, has_target, missing, measure, tuple(segments))


@lru_cache(maxsize=4096)
def is_verb(word: str) -> bool:
    """jieba reads the word alone as one verb (引进, 举办), not a noun (人才, 区政府办)."""
    import jieba.posseg as pseg  # heavy (jieba and its tagger): loaded on first use

    jieba_tokenizer()  # quiet logger
    tags = [p.flag for p in pseg.lcut(word)]
    return len(tags) == 1 and tags[0].startswith("v")


@lru_cache(maxsize=1)
def _units() -> frozenset[str]:
    return frozenset(UNITS)


@lru_cache(maxsize=4096)
def _splits_into(word: str, vocab: frozenset[str]) -> bool:
    """Can the word be read as frame words only (请列 = 请 + 列, 都要 = 都 + 要)?"""
    if not word:
        return True
    return any(word[:k] in vocab and _splits_into(word[k:], vocab) for k in range(len(word), 0, -1))


def _is_frame(word: str, vocab: frozenset[str]) -> bool:
    return word in vocab or len(word) <= 4 and _splits_into(word, vocab)


_GLUE = "要的了都也还就在是有把被对为由将会能得请帮"


def split_glued(tokens: list[tuple[str, str]], frame: frozenset[str]) -> list[tuple[str, str]]:
    """jieba sometimes glues a one-character frame word to a content word (营收要, 要建): split it off."""
    import jieba  # heavy: loaded on first use

    out = []
    for word, flag in tokens:
        if jieba.dt.FREQ.get(word):  # a dictionary word (人工智能) is not a glued pair
            out.append((word, flag))
        elif len(word) >= 3 and word[-1] in _GLUE and word[:-1] not in frame:
            out += [(word[:-1], flag), (word[-1], "x")]
        elif len(word) >= 3 and word[0] in _GLUE and word[1:] not in frame and word not in frame:
            out += [(word[0], "x"), (word[1:], flag)]
        else:
            out.append((word, flag))
    return out


def _segments(rest: str, question: str) -> list[Segment]:
    """The subject's words in segments; quoted phrases whole."""
    import jieba.posseg as pseg  # heavy (jieba and its tagger): loaded on first use

    jieba_tokenizer()  # quiet logger
    lex = lexicon()
    frame, markers, connectors, heads = frame_words(), lex["topic_marker"], lex["connector"], lex["head"]
    out: list[Segment] = []
    quoted = []
    for m in _QUOTED.finditer(rest):
        if MASK not in m.group(1):
            quoted.append(Segment((m.group(1),), True, quoted=True))
        start = m.start()
        before = pseg.lcut(re.split(r"[\W_｜]", rest[:start])[-1]) if start else []
        if before and before[-1].flag.startswith("v") and before[-1].word not in frame:
            start -= len(before[-1].word)  # 办好“钟超”: the verb of a quoted subject is its predicate, no subject of its own
        rest = rest[:start] + MASK * (m.end() - start) + rest[m.end():]
    tokens = split_glued([(p.word, p.flag) for p in pseg.lcut(rest)], frame)
    current: list[str] = []
    pending_mark = False  # a marker before the segment (涉及…, 关于…)
    spans: list[tuple[list[str], bool, int]] = []  # words, marked-before, index of the token after

    def close(i: int) -> None:
        nonlocal current, pending_mark
        if current:
            spans.append((current, pending_mark, i))
            pending_mark = False
        current = []

    for i, (word, flag) in enumerate(tokens):
        w = word.strip()
        if not w or MASK in w or re.fullmatch(r"[\W_]+", w):
            close(i)
            continue
        if w in markers:
            close(i)
            if w in ("涉及", "涉及到", "关于", "有关", "提到", "提及", "说到", "写到", "包括", "包含", "围绕", "针对", "属于"):
                pending_mark = True
            continue
        after_quantity = i > 0 and bool(_ASKED_QUANTITY.match(tokens[i - 1][0].strip()))
        closed = flag.startswith(_CLOSED_POS) and flag != "eng"  # eng is a Latin word (AI), not an interjection
        if _is_frame(w, frame | connectors) or closed or _ASKED_QUANTITY.match(w) or after_quantity and w in _units():
            close(i)
            continue
        current.append(w)
    close(len(tokens))
    last_end = None  # where the previous subject ended
    for words, before, after in spans:
        if len(words) == 1 and len(words[0]) == 1 and not re.fullmatch(r"[A-Za-z]", words[0]):
            continue  # a lone character (建, 做) is no subject
        nxt = [t[0].strip() for t in tokens[after : after + 3] if t[0].strip()]
        prev = tokens[after - len(words) - 1][0] if after - len(words) - 1 >= 0 else ""
        if prev.strip() == "在" and len(words) >= 2 and len(words[-1]) == 1 and tokens[after - 1][1].startswith("f"):
            words = words[:-1]  # 在医疗健康上: the circumposition 在…上/中/里, not part of the subject
        marked = before or bool(nxt and nxt[0] in markers) or (prev == "的" and bool(nxt) and nxt[0] in heads) or any(n in markers for n in nxt[:2])
        within = False
        if last_end is not None:
            # what joins it to the subject before: 的, +, a preposition or verb of its own (用在…上) make a
            # relation (a row about both); 和/、, a demonstrative (这类) or a frame word a union
            between = [(t[0].strip(), t[1]) for t in tokens[last_end : after - len(words)] if t[0].strip()]
            union = any(t in connectors or re.fullmatch(r"[、，,/；;]+", t) or MASK in t for t, _ in between)
            within = not union and any(t in ("的", "+", "＋") or f.startswith(("p", "v")) and t not in frame for t, f in between)
        out.append(Segment(tuple(words), marked, within))
        last_end = after
    return quoted + out
