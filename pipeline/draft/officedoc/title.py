"""A title's lines: GB/T 9704 7.3.3 (回行时词意完整，排列对称) — a long title breaks between its
parts (unit, year, 政府工作报告目标任务, period …), into the fewest and most even lines."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.export.sheet import display_width


def _width(text: str) -> float:
    """Width in title characters: a CJK or full-width character is 1, anything else ½."""
    return display_width(text) / 2


def title_lines(parts: Sequence[str], capacity: float) -> list[str]:
    """The title's lines: breaks only between parts, the fewest lines that fit `capacity`
    characters, and among those the most even (the longest line shortest); a part longer than a
    line is split at its middle first (never inside a run of digits)."""
    pieces: list[str] = []
    for part in parts:
        while _width(part) > capacity:
            cut = len(part) // 2
            while 0 < cut < len(part) and part[cut - 1].isascii() and part[cut].isascii():
                cut += 1
            pieces.append(part[:cut])
            part = part[cut:]
        pieces.append(part)
    if _width("".join(pieces)) <= capacity:
        return ["".join(pieces)]
    n = len(pieces)
    best: tuple[int, float, list[str]] | None = None
    for mask in range(1 << (n - 1)) if n <= 16 else ():
        lines, cur = [], pieces[0]
        for i in range(1, n):
            if mask >> (i - 1) & 1:
                lines.append(cur)
                cur = pieces[i]
            else:
                cur += pieces[i]
        lines.append(cur)
        if any(_width(line) > capacity for line in lines):
            continue
        key = (len(lines), max(_width(line) for line in lines), lines)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:  # too many pieces to search: fill greedily
        lines, cur = [], ""
        for piece in pieces:
            if cur and _width(cur + piece) > capacity:
                lines.append(cur)
                cur = ""
            cur += piece
        return lines + [cur]
    return best[2]
