"""Reporting periods: 2026Q1, 2026H1, 2026M03 (or 2026-03), 2026 — with the share of the year
that has passed at the period's end (what a cumulative target should have reached by then)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.text.numerals import cn_number

_FORMS = "2026Q1（季度）、2026H1（半年）、2026M03 或 2026-03（月）、2026（全年）"


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # Q | H | M | Y
    n: int = 0

    @property
    def code(self) -> str:
        return {"Q": f"{self.year}Q{self.n}", "H": f"{self.year}H{self.n}", "M": f"{self.year}M{self.n:02d}", "Y": f"{self.year}"}[self.kind]

    @property
    def end_month(self) -> int:
        return {"Q": 3 * self.n, "H": 6 * self.n, "M": self.n, "Y": 12}[self.kind]

    @property
    def elapsed(self) -> float:
        """Share of the year passed at the period's end: Q1 0.25, H1 0.5, M03 0.25, year 1.0."""
        return self.end_month / 12

    @property
    def final(self) -> bool:
        return self.end_month == 12

    @property
    def label(self) -> str:
        """第一季度 / 上半年 / 1—3月 / 全年, as report titles write it."""
        if self.kind == "Q":
            return f"第{cn_number(self.n)}季度"
        if self.kind == "H":
            return "上半年" if self.n == 1 else "下半年"
        if self.kind == "M":
            return f"1—{self.n}月"
        return "全年"

    @property
    def as_of(self) -> str:
        """截至2026年3月底."""
        return f"截至{self.year}年{self.end_month}月底"

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    s = text.strip().upper().replace(" ", "")
    m = re.fullmatch(r"(20\d\d)(?:([QHM])(\d{1,2})|-(\d{1,2}))?", s)
    if m:
        year = int(m.group(1))
        kind, n = (m.group(2), int(m.group(3))) if m.group(2) else (("M", int(m.group(4))) if m.group(4) else ("Y", 0))
        limits = {"Q": 4, "H": 2, "M": 12, "Y": 0}
        if kind == "Y" or 1 <= n <= limits[kind]:
            return Period(year, kind, n)
    raise InputError(None, f"无法识别报告期“{text}”", f"请写成 {_FORMS}")
