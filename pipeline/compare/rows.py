"""The Diff as rows per kind of change, shared by the Markdown and Excel renderers (one table
or sheet each): a label, its columns and the rows, every row with both row keys and citations."""

from __future__ import annotations

from pipeline.compare.model import Continued, Diff, RowRef, TargetChange

FIELD_LABELS = {"leaders": "分管领导", "lead_units": "牵头单位", "responsible_units": "责任单位"}
KIND_LABELS = {"value": "指标值", "qualifier": "限定词", "unit": "单位", "added": "新增指标", "removed": "取消指标"}


def goal(path: list) -> str:
    return " / ".join(g or "（缺失）" for g in path)


def _where(c: Continued) -> str:
    return f"{c.old_row.source} → {c.new_row.source}"


def _kind(c: TargetChange) -> str:
    return "、".join(KIND_LABELS.get(k, k) for k in c.kind.split("+"))


def _row(r: RowRef) -> list:
    return [r.key, r.number or "", goal(r.goal_path), r.content, r.source]


ROW_COLUMNS = [("行", 16), ("编号", 7), ("目标名称", 22), ("工作内容", 60), ("出处", 28)]


def sections(d: Diff) -> list[tuple[str, list[tuple[str, float]], list[list]]]:
    """(title, [(column, width)], rows) for each kind of change, in reading order."""
    moved = [[c.old, c.new, FIELD_LABELS[f], "、".join(m.old) or "—", "、".join(m.new) or "—", c.new_row.content, _where(c)] for c in d.continued for f, m in c.moved.items()]
    targets = [[c.old, c.new, t.metric, _kind(t), t.old.text if t.old else "—", t.new.text if t.new else "—", _where(c)] for c in d.continued for t in c.targets]
    goals = [[c.old, c.new, goal(c.goal_moved["from"]), goal(c.goal_moved["to"]), c.new_row.content, _where(c)] for c in d.continued if c.goal_moved]
    continued = [[c.old, c.new, f"{c.score:.2f}", "；".join(c.evidence.shared) or c.evidence.new_clause, c.old_row.content, c.new_row.content, _where(c)] for c in d.continued]
    pair = [("原行", 16), ("新行", 16)]
    where = ("出处（原 → 新）", 40)
    return [
        ("新增任务", ROW_COLUMNS, [_row(r) for r in d.new_tasks]),
        ("取消任务", ROW_COLUMNS, [_row(r) for r in d.dropped]),
        ("领导与单位调整", [*pair, ("调整项", 10), ("原", 22), ("新", 22), ("工作内容", 50), where], moved),
        ("指标变动", [*pair, ("指标", 24), ("变动", 12), ("原指标", 34), ("新指标", 34), where], targets),
        ("目标名称调整", [*pair, ("原目标名称", 24), ("新目标名称", 24), ("工作内容", 50), where], goals),
        ("延续任务", [*pair, ("匹配度", 8), ("依据（共有文字）", 34), ("原工作内容", 50), ("新工作内容", 50), where], continued),
    ]


def summary_lines(d: Diff) -> list[str]:
    s = d.summary
    how = "字面（IDF 加权双字）" + ("+ 语义向量（E5）" if s.embeddings else "")
    return [
        f"原表：{d.old.title or d.old.doc_id}（{d.old.path}，{s.old_rows} 行）",
        f"新表：{d.new.title or d.new.doc_id}（{d.new.path}，{s.new_rows} 行）",
        f"延续 {s.continued} 项（平均匹配度 {s.mean_score if s.mean_score is not None else '—'}），新增 {s.new_tasks} 项，取消 {s.dropped} 项；"
        f"领导或单位调整 {s.moved} 项，指标变动 {s.changed_targets} 项，目标名称调整 {s.goal_moves} 项。",
        f"匹配方式：{how}，一对一，匹配度低于 {s.threshold} 视为新增/取消。",
    ]
