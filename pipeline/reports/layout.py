"""How a work report marks its parts, and which part is the year's work plan.

Part headings come in two numbering styles:
- numbered: "三、2026年重点工作" at the start of a line (the common style);
- unnumbered: a short title line of its own ("2026年重点工作", "“十五五”时期发展目标"), used by
  reports that print no 一、/二、 numbers; such a line names a period (a year, 今年, a five-year
  period) and what the part is about (回顾, 目标, 任务, 工作, 安排), and ends without punctuation.

The year's plan is the part whose heading names the year (20xx年 or 今年) with a plan word
(工作安排, 重点工作, 主要工作, 工作任务, 主要任务, 目标任务, 重点任务), or ends in 工作安排/重点工作; a
heading that names a review (回顾, 成就, 成绩, 总结) or only years before the report's year is not the
plan. A part whose heading names a five-year period as well ("二、“十五五”规划目标与2026年工作安排")
holds the five-year plan first: its year's plan starts at the first paragraph that opens with the
year ("今年…", "2026年，…")."""

from __future__ import annotations

import re
from typing import Optional

L1 = re.compile(r"^[一二三四五六七八九十]+、")
L2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
L3 = re.compile(r"^\d{1,2}[\.．、](?!\d)")

_YEAR_NAMED = re.compile(r"(20\d{2})年")
_PLAN_WORD = "工作安排|重点工作|主要工作|主要任务|目标任务|工作任务|重点任务"
_PLAN = re.compile(rf"(?:20\d{{2}}年|今年).*(?:{_PLAN_WORD})|(?:工作安排|重点工作)$")
_REVIEW = re.compile(r"回顾|成就|成绩|总结")
_FIVE_YEAR = re.compile(r"十[一二三四五六七八九]五|五年")
_PERIOD = re.compile(r"20\d{2}年|今年|十[一二三四五六七八九]五|五年")
_PART_WORD = re.compile(r"回顾|目标|任务|工作|安排")
_PUNCT = re.compile(r"[。！？；：:，,!?;]")


def is_plan_heading(title: str, year: Optional[int] = None) -> bool:
    """A part heading that announces the year's work plan (year: the report's, when known)."""
    if _REVIEW.search(title) or not _PLAN.search(title):
        return False
    named = [int(y) for y in _YEAR_NAMED.findall(title)]
    # "2025年主要工作" in a 2026 report: last year's work, not this year's plan
    return year is None or not named or "今年" in title or max(named) >= year


def is_combined_part(title: str) -> bool:
    """A plan heading that also names a five-year period (the five-year plan comes first)."""
    return bool(_FIVE_YEAR.search(title))


def opens_year(text: str, year: Optional[int]) -> bool:
    """The paragraph opens with the plan's year: "今年…", "2026年，…"."""
    if text.startswith("今年"):
        return True
    m = _YEAR_NAMED.match(text)
    return bool(m) and (year is None or int(m.group(1)) == year)


def is_unnumbered_part_title(text: str) -> bool:
    """A part title printed without 一、 numbering: a short line naming a period and a part word."""
    if len(text) > 30 or _PUNCT.search(text) or L1.match(text) or L2.match(text) or L3.match(text):
        return False
    is_title = "报告" in text or text.startswith("—")  # the report's title or dateline
    return not is_title and bool(_PERIOD.search(text)) and bool(_PART_WORD.search(text))
