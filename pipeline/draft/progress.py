"""Progress against the rows: per task status (完成 / 推进中 / 滞后, or 未填报 when nothing was
reported) and completion rates, from the achieved values and notes staff enter in the ledger.

The rules, per numeric target (value v, achieved a, the period's share of the year e):
- a quantity (个, 家, 亿元, 部 …) is cumulative: rate = a / v; met when a ≥ v; on schedule when
  rate ≥ e − TOLERANCE (by the end of Q1 a quarter of the year's number is due);
- a rate (%, ‰, 个百分点: 增长5%左右, 下降3%) is year-to-date: met at the year's end when a ≥ v
  (for a decrease, staff enter the reduction achieved); on schedule whenever a ≥ v − RATE_SLACK;
- a cap (…以内/以下/不超过/控制在): on schedule while a ≤ v; met at the year's end when a ≤ v.
A range [low, high] counts its low end. A task is 完成 when every numeric target is met, 滞后
when any filled target is behind schedule, else 推进中. A task without numbers takes the
self-assessed status (自评状态) if given, else 推进中 when progress is reported; a self-assessment
that the numbers contradict is overruled and the conflict noted. Completion rate of a task is
the mean of min(rate, 1) over its numeric targets that count this period (an unfilled one counts
0): quantities always, rates and caps only at the year's end — before it they tell whether the
year is on course, and a task with only those has no completion rate yet."""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from pipeline.draft.period import Period
from pipeline.draft.summary import metric_of
from pipeline.schema import Strict, Target, Task

STATUSES = ("完成", "推进中", "滞后")
NOT_REPORTED = "未填报"
TOLERANCE = 0.05  # a quantity may be this share of the year's number behind the calendar
RATE_SLACK = 0.0
_CAP = re.compile(r"以内|以下|之内|不超过|不高于|控制在")
_RATE_UNITS = ("%", "‰", "个百分点", "百分点")


def task_key(t: Task) -> str:
    """The id a ledger row carries back to its task: doc_id#seq."""
    return f"{t.doc_id}#{t.seq}"


def target_kind(t: Target) -> str:
    """quantity | rate | cap | qualitative."""
    if t.value is None:
        return "qualitative"
    if _CAP.search(t.text) or any(q in t.qualifier for q in ("以内", "以下", "之内")):
        return "cap"
    if t.unit in _RATE_UNITS:
        return "rate"
    return "quantity"


def target_goal(t: Target) -> float:
    return float(t.value[0] if isinstance(t.value, list) else t.value)


class TargetProgress(Strict):
    text: str
    metric: str
    kind: str
    value: Optional[float] = None
    unit: str = ""
    achieved: Optional[float] = None
    rate: Optional[float] = Field(default=None, description="achieved / target (cap: 1 while within it)")
    met: Optional[bool] = None
    on_schedule: Optional[bool] = None
    counts: bool = Field(default=True, description="counts toward the task's completion rate this period: a quantity always; a rate or a cap only at the year's end")


class TaskProgress(Strict):
    """One task's progress in a period: what staff entered and what follows from it."""

    key: str
    doc_id: str
    seq: int
    content: str
    status: str = Field(description="完成 | 推进中 | 滞后 | 未填报")
    status_from: str = Field(description="numbers | self | notes | none")
    completion: Optional[float] = Field(default=None, description="mean min(achieved/target, 1) over numeric targets; 1/0 for a done/undone task without numbers")
    targets: list[TargetProgress] = Field(default_factory=list)
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    self_status: Optional[str] = None
    notes: list[str] = Field(default_factory=list)
    entered_at: str = Field(default="", description="where staff entered it: ledger file, sheet and rows")


class ProgressSummary(Strict):
    total: int
    counts: dict[str, int]
    completion_rate: float = Field(description="share of tasks 完成")
    on_schedule_rate: float = Field(description="share of reported tasks 完成 or 推进中")
    mean_target_completion: Optional[float] = Field(default=None, description="mean completion over tasks with numeric targets")
    reported: int


class ProgressRecord(Strict):
    """`govtasks progress import` output: a period's progress for the tasks of one ledger."""

    period: str
    elapsed: float
    selection: str
    ledger: str
    tasks: list[TaskProgress]
    summary: ProgressSummary

    def by_key(self) -> dict[str, TaskProgress]:
        return {p.key: p for p in self.tasks}


def _target_progress(t: Target, achieved: Optional[float], period: Period, content: Optional[str] = None) -> TargetProgress:
    kind = target_kind(t)
    # before the year's end a rate or a cap says whether the year is on course (12.5% against a
    # 10% growth target), not what share of it is done: it is not a completion rate
    tp = TargetProgress(text=t.text, metric=metric_of(t, content), kind=kind, unit=t.unit, achieved=achieved, value=None if t.value is None else target_goal(t), counts=kind == "quantity" or period.final)
    if achieved is None or tp.value is None:
        return tp
    v = tp.value
    if kind == "cap":
        within = achieved <= v
        tp.rate = 1.0 if within else (v / achieved if achieved else 0.0)
        tp.on_schedule, tp.met = within, within and period.final
    elif kind == "rate":
        tp.rate = achieved / v if v else (1.0 if achieved >= v else 0.0)
        tp.on_schedule = achieved >= v - RATE_SLACK
        tp.met = achieved >= v and period.final
    else:
        tp.rate = achieved / v if v else 1.0
        tp.met = achieved >= v
        tp.on_schedule = tp.met or tp.rate >= period.elapsed - TOLERANCE
    tp.rate = round(tp.rate, 4)
    return tp


def assess(task: Task, period: Period, achieved: list[Optional[float]], progress: str = "", problems: str = "", next_steps: str = "", self_status: Optional[str] = None, entered_at: str = "") -> TaskProgress:
    """Status and completion of one task from what staff entered (achieved: one per target)."""
    targets = [_target_progress(t, a, period, task.content) for t, a in zip(task.targets, achieved)]
    numeric = [tp for tp in targets if tp.kind != "qualitative"]
    filled = [tp for tp in numeric if tp.achieved is not None]
    notes: list[str] = []
    counted = [tp for tp in numeric if tp.counts]
    if counted:
        completion = round(sum(min(tp.rate or 0.0, 1.0) for tp in counted) / len(counted), 4) if filled else None
    else:
        completion = None
    if filled:
        if len(filled) == len(numeric) and all(tp.met for tp in filled):
            status = "完成"
        elif any(tp.on_schedule is False for tp in filled):
            status = "滞后"
        else:
            status = "推进中"
        status_from = "numbers"
        if len(filled) < len(numeric):
            notes.append(f"{len(numeric) - len(filled)} 个量化指标未填实际完成值")
        if self_status and self_status != status:
            notes.append(f"自评“{self_status}”与指标计算结果“{status}”不一致，以计算结果为准")
    elif self_status:
        status, status_from = self_status, "self"
        if numeric:
            notes.append("量化指标未填实际完成值，状态取自评")
    elif progress.strip():
        status, status_from = "推进中", "notes"
    else:
        status, status_from = NOT_REPORTED, "none"
    if not numeric and status in STATUSES:
        completion = 1.0 if status == "完成" else None
    return TaskProgress(key=task_key(task), doc_id=task.doc_id, seq=task.seq, content=task.content, status=status, status_from=status_from, completion=completion, targets=targets, progress=progress.strip(), problems=problems.strip(), next_steps=next_steps.strip(), self_status=self_status, notes=notes, entered_at=entered_at)


def summarize(tasks: list[TaskProgress]) -> ProgressSummary:
    counts = {s: 0 for s in (*STATUSES, NOT_REPORTED)}
    for p in tasks:
        counts[p.status] += 1
    total = len(tasks)
    reported = total - counts[NOT_REPORTED]
    numeric = [p.completion for p in tasks if any(tp.kind != "qualitative" and tp.counts for tp in p.targets)]
    return ProgressSummary(
        total=total,
        counts=counts,
        completion_rate=round(counts["完成"] / total, 4) if total else 0.0,
        on_schedule_rate=round((counts["完成"] + counts["推进中"]) / reported, 4) if reported else 0.0,
        mean_target_completion=round(sum(c or 0.0 for c in numeric) / len(numeric), 4) if numeric else None,
        reported=reported,
    )
