"""Numbers in Chinese text: Chinese numerals read as integers (两 → 2, 一百二十 → 120), counts
written as digits (第十八届 → 第18届, 二〇二六 → 2026), the quantities a text states with 万/亿
applied (3900万 = 三千九百万 = 39000000), and integers written as Chinese numerals for section
numbering (12 → 十二).

Which numerals count is the caller's choice: targets read a Chinese numeral only after a
commitment verb (pipeline/extract/targets.py); linking and the LLM checks read every quantity
(numbers_in), with single-character numerals optional (一次性 and 三日内 are idioms more often
than commitments)."""

from __future__ import annotations

import re
from typing import Optional

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = r"[零〇一二两三四五六七八九十百千]+"  # a run of Chinese numeral characters (regex source)
DIGIT_RUN = r"\d+(?:\.\d+)?"  # a number written in digits, with its decimals (regex source)

# a run of Chinese numerals that states a count: after 第, before a measure word, or two or more
# characters long (一体化, 一批 and 三农 stay as they are)
_COUNT = re.compile(rf"(第)?({CN_NUMERAL})(?=([年届个家期轮条项所座倍万亿号]?))")
_AS_DIGIT = {c: str(v) for c, v in CN_DIGITS.items()}
_DIGIT_RUN = re.compile(DIGIT_RUN)
_ARABIC = re.compile(rf"({DIGIT_RUN})\s*(万|亿)?")
_CHINESE = re.compile(rf"({CN_NUMERAL})(万|亿)?")
_MAGNITUDE = {None: 1, "": 1, "万": 10_000, "亿": 100_000_000}
_YEAR = re.compile(r"(19|20)\d\d")
_CN = "一二三四五六七八九十"


def parse_cn_number(text: str) -> Optional[int]:
    """两 → 2, 十二 → 12, 三十 → 30, 一百二十 → 120. Digits in a row are not place values (二〇
    → 0: the last one stands; numerals_to_digits reads such runs digit by digit). None if the
    text holds anything but 零〇一二两三四五六七八九十百千 (1.5万, 百分比)."""
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _count_value(run: str) -> Optional[str]:
    if not any(c in _UNITS for c in run):  # read digit by digit: 二〇二六
        return "".join(_AS_DIGIT[c] for c in run) if all(c in _AS_DIGIT for c in run) else None
    if re.search("[一二两三四五六七八九]{2}", run):  # 十四五 is a plan's name, not a number
        return None
    value = parse_cn_number(run)
    return None if value is None else str(value)


def numerals_to_digits(text: str) -> str:
    """Chinese numerals that state a count written as digits: 第十八届 → 第18届, 二期 → 2期,
    再延长三十年 → 再延长30年, 二〇二六年 → 2026年; 一批, 一体化, 三农 and 十四五 unchanged."""

    def digits(m: re.Match) -> str:
        ordinal, run, measure = m.group(1) or "", m.group(2), m.group(3)
        if not (ordinal or measure or len(run) >= 2):
            return m.group(0)
        value = _count_value(run)
        return ordinal + (value if value is not None else run)

    return _COUNT.sub(digits, text)


def numbers_in(text: str, multi_char_only: bool = False) -> set[float]:
    """The quantities a text states, magnitudes applied (3900万 = 三千九百万), years left out
    (2026 alone; 2026万 counts). Counts in Chinese numerals are read first (二期, 第十八届, 三十年:
    numerals_to_digits). multi_char_only: other Chinese numerals count only when two or more
    characters long (一次性 and 三日内 are idioms more often than commitments)."""
    out: set[float] = set()
    text = numerals_to_digits(text)  # 二期, 第十八届, 三十年 and 九五 as digits first
    for m in _ARABIC.finditer(text):
        value = float(m.group(1)) * _MAGNITUDE[m.group(2)]
        if not (m.group(2) is None and _YEAR.fullmatch(m.group(1))):
            out.add(round(value, 4))
    for m in _CHINESE.finditer(text):
        if multi_char_only and len(m.group(1)) < 2:
            continue
        base = parse_cn_number(m.group(1))
        if base is not None:
            out.add(float(base * _MAGNITUDE[m.group(2)]))
    return out


def digit_runs(text: str) -> list[str]:
    """The numbers written in digits, as printed and in order: "增长5.5%，新增12个" → ["5.5", "12"]."""
    return _DIGIT_RUN.findall(text)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (section numbering, 1–99)."""
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    tens, ones = divmod(n, 10)
    return _CN[tens - 1] + "十" + (_CN[ones - 1] if ones else "")


def pct(x: Optional[float]) -> str:
    """A share as the drafts print it: 0.333 → 33%, none → —."""
    return "—" if x is None else f"{x * 100:.0f}%"
