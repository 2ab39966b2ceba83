"""The Excel layouts' names and column models: which columns each layout has, under which
headers, in which order and how wide (Excel column units), and where a column or a goal block
lands on the sheet."""

from __future__ import annotations

from pipeline.evaluate.layouts.gold_table import goal_levels, has_responsible

XLSX_LAYOUT_NAMES: list[str] = ["annex_merged", "ledger_filter", "first_row_only"]

# layouts that give 武进's rows (no printed number in the gold) a 序号 1..N
XLSX_NUMBERED_LAYOUTS: frozenset[str] = frozenset({"annex_merged", "ledger_filter"})


Column = tuple[str, str, float]  # key, header, width

# per layout, left to right: 序号 | the goal columns (two-level table / one-level table) | content and
# names | 责任单位 (only when some gold row has responsible units) | extra columns with no gold value
COLUMN_MODELS: dict[str, dict[str, list[Column]]] = {
    "annex_merged": {
        "number": [("number", "序号", 6)],
        "goals2": [("goal0", "一级目标", 13), ("goal1", "二级目标", 13)],
        "goals1": [("goal0", "目标名称", 15)],
        "body": [("content", "工作任务", 56), ("leaders", "分管区领导", 11), ("lead_units", "牵头单位", 17)],
        "responsible": [("responsible_units", "责任单位", 17)],
        "extra": [("deadline", "完成时限", 14), ("remark", "备注", 8)],
    },
    "ledger_filter": {
        "number": [("number", "序号", 6)],
        "goals2": [("goal0", "一级目标", 16), ("goal1", "二级目标", 14)],
        "goals1": [("goal0", "目标名称", 18)],
        "body": [("content", "任务内容", 62), ("lead_units", "牵头部门", 22), ("leaders", "责任领导", 14)],
        "responsible": [("responsible_units", "配合单位", 24)],
        "extra": [("progress", "进展情况", 24), ("remark", "备注", 10)],
    },
    "first_row_only": {
        "number": [("number", "序号", 5)],
        "goals2": [("goal0", "目标名称", 11), ("goal1", "分项目标", 11)],
        "goals1": [("goal0", "目标名称", 12)],
        "body": [("content", "工作标准", 48), ("leaders", "区政府\n分管领导", 10), ("lead_units", "牵头单位", 16)],
        "responsible": [("responsible_units", "责任单位", 14)],
        "extra": [("remark", "备注", 7)],
    },
}


def columns(gold, layout: str) -> list[Column]:
    """(key, header, width) left to right. Keys: number goal0 goal1 content leaders lead_units
    responsible_units, and extra columns deadline progress remark (no gold value)."""
    levels = goal_levels(gold)
    resp = has_responsible(gold)
    if layout not in COLUMN_MODELS:
        raise ValueError(f"unknown xlsx layout {layout!r}; expected one of {', '.join(XLSX_LAYOUT_NAMES)}")
    m = COLUMN_MODELS[layout]
    return m["number"] + m["goals2" if levels == 2 else "goals1"] + m["body"] + (m["responsible"] if resp else []) + m["extra"]


def block_range(blk: dict, col: dict[str, int], top: int) -> tuple[int, int, int, int]:
    """The sheet range of a goal block (gold_table.goal_blocks) in a table whose body starts at row
    `top`: (first_row, last_row, first_column, last_column)."""
    first_col = col["goal0"] if blk["level"] == 0 else col["goal1"]
    last_col = col["goal1"] if blk["both"] else first_col
    return top + blk["first"], top + blk["last"], first_col, last_col


def placed_columns(gold, layout: str, first_col: int = 1):
    """`gold`'s rows, goal levels and columns in `layout`, their keys, and each key's sheet column
    (1-based; the table's first column at `first_col`)."""
    cols = columns(gold, layout)
    keys = [k for k, _, _ in cols]
    return [r.task for r in gold.rows], goal_levels(gold), cols, keys, {k: first_col + i for i, k in enumerate(keys)}
