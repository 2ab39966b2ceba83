"""The three Word layouts of a gold table, as data: page, font, how names sit in a cell, headers,
merges, and the column widths each layout gives (see LAYOUTS.md in pipeline/evaluate/):

- "portrait_narrow": A4 portrait, serif CJK font, narrow name columns (long unit names wrap),
  several names one per paragraph, merged goal and leader cells, header row repeated, rows kept whole.
- "landscape_wide":  A4 landscape, sans CJK font at 8 pt, wide columns, several names on one line
  (joined with 、, or with spaces when a name itself contains 、), merged goal cells, leader column
  headed 责任领导, header row on the first page only.
- "mixed_breaks":    A4 portrait, narrow margins, 14 pt, names one per line via soft line breaks
  (<w:br/> in one paragraph), merged goal cells, rows allowed to break across pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.evaluate.layouts.gold_table import goal_levels, gold_meta, has_responsible

LAYOUT_NAMES = ("portrait_narrow", "landscape_wide", "mixed_breaks")

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Spec:
    landscape: bool
    margins_cm: tuple[float, float, float, float]  # top, right, bottom, left
    font: str
    size_pt: float
    title_pt: float
    names: str  # "paragraphs" | "inline" | "breaks"
    leader_header: str
    content_header: str
    numbering: str  # Wujin-style tables without printed numbers: "empty" | "count"
    repeat_header: bool
    cant_split: bool
    merge_leaders: bool
    one_level_block: bool  # a one-level goal in a two-level table: merge across both goal columns
    goal_valign: str  # "center" | "top"
    annex_line: bool
    widow_control: bool = True  # off: a cell's paragraph may leave a single line at a page foot
    line_spacing: float = 1.0


SPECS: dict[str, Spec] = {
    "portrait_narrow": Spec(
        landscape=False, margins_cm=(2.5, 2.0, 2.5, 2.5), font=SERIF, size_pt=10.5, title_pt=16,
        names="paragraphs", leader_header="区政府分管领导", content_header="工作内容", numbering="empty",
        repeat_header=True, cant_split=True, merge_leaders=True, one_level_block=True,
        goal_valign="center", annex_line=True,
    ),
    "landscape_wide": Spec(
        landscape=True, margins_cm=(2.0, 2.0, 2.0, 2.0), font=SANS, size_pt=8, title_pt=14,
        names="inline", leader_header="责任领导", content_header="工作内容", numbering="count",
        repeat_header=False, cant_split=False, merge_leaders=False, one_level_block=False,
        goal_valign="top", annex_line=False,
    ),
    "mixed_breaks": Spec(
        landscape=False, margins_cm=(1.27, 1.27, 1.27, 1.27), font=SERIF, size_pt=14, title_pt=16,
        names="breaks", leader_header="分管领导", content_header="工作标准", numbering="count",
        repeat_header=True, cant_split=False, merge_leaders=False, one_level_block=True,
        goal_valign="center", annex_line=True, widow_control=False, line_spacing=1.15,
    ),
}

CELL_PAD_CM = 0.4  # LibreOffice/Word default left+right cell margins (0.19 cm each) plus a little


def title_for(gold, layout: str) -> str:
    meta = gold_meta(gold)
    district = meta.get("district") or ""
    year = meta.get("year") or 2026
    if layout == "portrait_narrow":
        return f"{district}{year}年《政府工作报告》主要目标任务责任分解表"
    if layout == "landscape_wide":
        return f"{district}《{year}年政府工作报告》目标任务分解表"
    return f"{year}年《政府工作报告》重点目标任务分解落实表（{district}）"


def join_inline(names: list[str]) -> str:
    sep = " " if any("、" in n for n in names) else "、"
    return sep.join(names)


def columns(gold, layout: str) -> list[tuple[str, str, float]]:
    """(key, header, width_cm) for each column of the layout, left to right."""
    spec = SPECS[layout]
    levels = goal_levels(gold)
    resp = has_responsible(gold)
    pw = 29.7 if spec.landscape else 21.0
    usable = pw - spec.margins_cm[1] - spec.margins_cm[3]
    char_cm = spec.size_pt * 2.54 / 72

    if layout == "portrait_narrow":
        fixed = [("number", "序号", 1.1)]
        fixed += [("goal0", "目标名称", 2.0 if levels == 2 else 2.4)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.0)]
        names = [("leaders", spec.leader_header, 1.6), ("lead_units", "牵头单位", 2.2 if resp else 2.6)]
        if resp:
            names += [("responsible_units", "责任单位", 2.2)]
    elif layout == "landscape_wide":
        # wide enough for the longest one-line name list, capped so the content keeps ~7 cm
        def fit(field: str, cap: float) -> float:
            longest = max((len(join_inline(getattr(r.task, field))) for r in gold.rows), default=4)
            return min(cap, max(2.0, longest * char_cm + CELL_PAD_CM))
        fixed = [("number", "序号", 1.1)]
        fixed += [("goal0", "目标名称", 3.0 if levels == 1 else 2.7)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.7)]
        names = [("leaders", spec.leader_header, fit("leaders", 5.0)),
                 ("lead_units", "牵头单位", fit("lead_units", 7.6))]
        if resp:
            names += [("responsible_units", "责任单位", fit("responsible_units", 6.0))]
    else:  # mixed_breaks
        fixed = [("number", "序号", 1.2)]
        fixed += [("goal0", "目标名称", 2.4 if levels == 1 else 2.1)]
        if levels == 2:
            fixed += [("goal1", "目标名称", 2.1)]
        names = [("leaders", spec.leader_header, 2.0), ("lead_units", "牵头单位", 2.8)]
        if resp:
            names += [("responsible_units", "责任单位", 2.8)]
    content_w = usable - sum(w for _, _, w in fixed) - sum(w for _, _, w in names)
    return fixed + [("content", spec.content_header, round(content_w, 2))] + names


def column_span_pt(gold, layout: str, key: str) -> tuple[float, float]:
    """Approximate x-range (PDF points) of a column, for checking the PDF text column by column."""
    spec = SPECS[layout]
    x = spec.margins_cm[3]
    for k, _, w in columns(gold, layout):
        if k == key:
            return (x * 72 / 2.54, (x + w) * 72 / 2.54)
        x += w
    raise KeyError(key)
