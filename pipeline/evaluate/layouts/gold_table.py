"""What every layout reads from a gold table (pipeline.evaluate.gold.GoldDoc): the sidecar
metadata, the number of goal levels, whether it has responsible units, and the runs of
consecutive rows sharing a goal (the cells a clerk merges or draws as one box)."""

from __future__ import annotations

import json
from pathlib import Path


def gold_meta(gold) -> dict:
    """The gold table's sidecar metadata (the .meta.json beside it); {} when it has none."""
    side = Path(gold.path).with_suffix(".meta.json")
    try:
        return json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def goal_levels(gold) -> int:
    return max((len(r.task.goal_path) for r in gold.rows), default=1) or 1


def has_responsible(gold) -> bool:
    return any(r.task.responsible_units for r in gold.rows)


def equal_runs(keys: list) -> list[tuple[int, int]]:
    """Consecutive runs of equal keys: [(first_index, last_index)]."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((start, i - 1))
            start = i
    return out


def goal_at(task, level: int):
    """The task's goal label at `level` (0 outer, 1 inner), or None when its goal path is shorter."""
    return task.goal_path[level] if len(task.goal_path) > level else None


def goal_blocks(tasks, levels: int) -> list[dict]:
    """The goal cells of the table as blocks: {"level", "first", "last", "label", "both"}.

    Outer level: runs of consecutive rows with the same outer label (None included). In a two-level
    table, a run whose rows all have a one-level goal_path is one block over BOTH goal columns
    ("both": True); otherwise the run is split into inner runs (same inner label, None included).
    """
    blocks: list[dict] = []
    outer = [goal_at(t, 0) for t in tasks]
    for a, b in equal_runs(outer):
        both = levels == 2 and all(len(tasks[j].goal_path) < 2 for j in range(a, b + 1))
        blocks.append({"level": 0, "first": a, "last": b, "label": outer[a], "both": both})
        if levels == 2 and not both:
            inner = [(goal_at(tasks[j], 1), len(tasks[j].goal_path)) for j in range(a, b + 1)]
            for ia, ib in equal_runs(inner):
                blocks.append({"level": 1, "first": a + ia, "last": a + ib, "label": inner[ia][0], "both": False})
    return blocks
