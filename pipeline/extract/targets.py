"""Quantitative targets in a task text: every number that states a target quantity or rate,
with its unit and qualifier.

A number is a target when a unit or measure word follows it ("1500个", "5%", "4000亿元").
Not targets: numbers with no unit (years written as 2026年 have 年, which is not a unit here;
programme codes "3312", "1+4+N"; "12345热线"), ratings ("3A级"), versions ("2.0"), road and
line numbers, a size band that only says which items count ("超百亿元…项目3个" → 3 个),
a baseline ("在3个试点项目基础上"), and a count that merely says how many items a list just
named has ("人工智能、数据产业2个成长型未来产业"). Chinese numerals count only right after a
commitment verb ("新增两个") and never inside quotation marks (“一件事”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from pipeline.extract.units import units_longest_first
from pipeline.schema import Target
from pipeline.text.numerals import CN_NUMERAL, DIGIT_RUN, parse_cn_number

# Longest first so "万人" wins over "人", "个百分点" over "个" (the vocabulary is data: units.toml).
UNITS = units_longest_first()
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _u in UNITS:  # units by their first character, longest first: one look-up per number
    _BY_FIRST[_u[0]] = _BY_FIRST.get(_u[0], ()) + (_u,)
MONEY = ("元", "美元")
PREFIX_QUALIFIERS = ("超过", "不低于", "不少于", "不超过", "突破", "超", "近", "约")
SUFFIX_QUALIFIERS = ("以上", "左右", "以内", "以下", "上下")
ASPIRATION = "力争"
COMMIT_VERBS = ("新增", "建成", "完成", "打造", "培育", "启动", "实施", "建设", "创建", "创成", "引进", "招引", "新建", "改造", "举办", "开展", "组织", "推出", "落地", "认定", "争创", "争取", "达到", "办好", "新开工", "开工", "更新", "增加")

_RANGE_SEP = r"\s*[%％]?\s*[—–\-~～至到]\s*"
_NUMBER = re.compile(rf"(?P<low>{DIGIT_RUN})(?:(?P<sep>{_RANGE_SEP})(?P<high>{DIGIT_RUN}))?|(?P<cn>{CN_NUMERAL})")
_CLAUSE_END = "，。；;！？!?\n"
_SEGMENT_END = _CLAUSE_END + "、"
_QUOTES = (("“", "”"), ("「", "」"), ('"', '"'))


def _num(text: str) -> Union[int, float]:
    value = float(text)
    return int(value) if value.is_integer() else value


def _unit_at(text: str, pos: int) -> tuple[str, int]:
    i = pos
    while i < len(text) and text[i] in " \n":
        i += 1
    for unit in _BY_FIRST.get(text[i : i + 1], ()):
        if text.startswith(unit, i):
            end = i + len(unit)
            return unit.replace("(", "（").replace(")", "）").replace("％", "%"), end
    return "", pos


def _inside_quotes(text: str, pos: int) -> bool:
    for open_q, close_q in _QUOTES:
        if open_q == close_q:
            if text[:pos].count(open_q) % 2 == 1:
                return True
        elif text.rfind(open_q, 0, pos) > text.rfind(close_q, 0, pos):
            return True
    return False


def _start_of(text: str, pos: int, stops: str) -> int:
    i = pos
    while i > 0 and text[i - 1] not in stops:
        i -= 1
    return i


@dataclass
class _Hit:
    start: int
    end: int
    value: Union[int, float, list]
    unit: str
    prefix: str
    suffix: str


def _is_band(text: str, start: int, end: int, unit: str) -> bool:
    """A money amount that only says which projects count: "总投资超30亿元的…项目", "10亿美元项目3个"."""
    if not unit.endswith(MONEY):
        return False
    before = text[max(0, start - 6) : start]
    after = text[end : end + 12]
    return "投资" in before or bool(re.match(r"^(?:以上|左右)?(?:或[^，。；、]{0,8})?(?:的[^，。；、]{0,10})?(?:项目|企业)", after))


def _is_baseline(text: str, start: int, end: int) -> bool:
    return text[max(0, start - 2) : start].endswith("在") and "基础上" in text[end : end + 14]


def _is_list_count(text: str, start: int, value) -> bool:
    """"A、B2个…" — the number only counts the items just listed (no 等, no numbers in them)."""
    seg_start = _start_of(text, start, _CLAUSE_END + "：:")
    stretch = text[seg_start:start]
    if "、" not in stretch or "等" in stretch or re.search(r"\d", stretch):
        return False
    return len([p for p in stretch.split("、") if p.strip()]) == value


def find_targets(text: str) -> list[Target]:
    """Every target quantity or rate in a task text, in printed order."""
    hits: list[_Hit] = []
    for m in _NUMBER.finditer(text):
        start, end = m.start(), m.end()
        if m.group("cn"):
            value = parse_cn_number(m.group("cn"))
            verb_before = text[max(0, start - 4) : start]
            if value is None or not verb_before.endswith(COMMIT_VERBS) or _inside_quotes(text, start):
                continue
        else:
            prev = text[start - 1] if start else ""
            if prev.isascii() and (prev.isalpha() or prev in ".+-/:") or prev.isdigit():
                continue
            if m.group("high") is not None:
                value = [_num(m.group("low")), _num(m.group("high"))]
            else:
                value = _num(m.group("low"))
        unit, unit_end = _unit_at(text, end)
        if not unit:
            continue
        if unit_end < len(text) and text[unit_end].isascii() and text[unit_end].isalnum():
            continue  # "3A级", "5G"
        if unit in ("区", "园") and not m.group("cn") and not text[unit_end : unit_end + 1] in _SEGMENT_END:
            continue
        if unit in ("区", "园", "类") and not isinstance(value, list):
            # only as a plain count of new zones/classes right after a verb: rare; skip
            continue
        if not isinstance(value, list) and (_is_band(text, start, unit_end, unit) or _is_baseline(text, start, unit_end)):
            continue
        if not isinstance(value, list) and unit in ("个", "类", "支", "项", "家") and _is_list_count(text, start, value):
            continue
        # prefix qualifier right before the number
        prefix = ""
        head = text[:start].rstrip()
        for q in PREFIX_QUALIFIERS:
            if head.endswith(q):
                prefix = q
                break
        suffix = ""
        tail_pos = unit_end
        rest = text[tail_pos:].lstrip()
        for q in SUFFIX_QUALIFIERS:
            if rest.startswith(q):
                suffix = q
                tail_pos = len(text) - len(rest) + len(q)
                break
        hits.append(_Hit(start=start - len(prefix) if prefix else start, end=tail_pos, value=value, unit=unit, prefix=prefix, suffix=suffix))

    targets: list[Target] = []
    aspiration_used: set[int] = set()
    last_end = 0
    for hit in hits:
        clause_start = _start_of(text, hit.start, _CLAUSE_END)
        qualifiers = []
        aspire = text.rfind(ASPIRATION, clause_start, hit.start)
        if aspire >= 0 and aspire not in aspiration_used:
            aspiration_used.add(aspire)
            qualifiers.append(ASPIRATION)
        qualifiers += [q for q in (hit.prefix, hit.suffix) if q]
        phrase_start = max(_start_of(text, hit.start, _SEGMENT_END), last_end)
        phrase = text[phrase_start : hit.end].strip(" ，、；。")
        last_end = hit.end
        targets.append(Target(text=phrase, value=hit.value, unit=hit.unit, qualifier="、".join(qualifiers)))
    return targets
