"""The progress report (进展情况报告) as data: title, overview, then per goal an outline paragraph
and per task its text, units, targets and the four sections 进展情况 / 完成率 / 存在问题 /
下一步打算 — filled from an imported ledger, or placeholders for staff to fill. The Markdown,
Word and chart outputs all render this one model, so they say the same thing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from pipeline.draft.narrative import Narrative, goal_narrative
from pipeline.draft.period import Period
from pipeline.draft.progress import NOT_REPORTED, STATUSES, ProgressRecord, ProgressSummary, TaskProgress, summarize, task_key
from pipeline.draft.select import Selection, goal_label
from pipeline.draft.summary import ROLE_LABEL, counts_sentence, metric_of, row_label, summarize as summarize_selection
from pipeline.export.flat import target_text
from pipeline.schema import Task
from pipeline.text.numerals import cn_number, pct

NO_GOAL = "其他任务"


def placeholders(period: Period) -> dict[str, str]:
    return {
        "progress": f"【请填写{period.as_of}的工作进展、主要举措和成效】",
        "problems": "【请填写存在的问题和困难】",
        "next_steps": "【请填写下一步工作打算】",
        "report_problems": "【请归纳各项任务推进中存在的主要问题】",
        "report_plans": "【请写明下一阶段的工作打算和保障措施】",
    }


def cn_date(d) -> str:
    """成文日期 as GB/T 9704 writes it: 2026年12月2日."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class TargetRow:
    metric: str
    target: str
    achieved: str
    rate: str
    verdict: str


@dataclass
class TaskSection:
    number: int
    label: str
    task: Task
    role: str
    units: str
    targets: list[TargetRow]
    progress: str
    completion: str
    problems: str
    next_steps: str
    status: Optional[str]
    source: str  # where the row is in the table file: kept in the model (traceability), not printed
    notes: list[str] = field(default_factory=list)
    filled: bool = False


@dataclass
class GoalSection:
    heading: str
    goal: str
    narrative: Narrative
    narrative_by: str
    sentences: list[str]  # the narrative's sentences with their citations written in: …〔任务3、5〕。
    tasks: list[TaskSection]


@dataclass
class ProgressReport:
    title: str
    subtitle: str
    period: Period
    selection: Selection
    overview: list[str]
    goals: list[GoalSection]
    summary: Optional[ProgressSummary]
    record: Optional[ProgressRecord]
    notes: list[str] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)  # (caption, png path)
    problems: list[str] = field(default_factory=list)  # 三、存在问题: each task's problem, cited
    plans: list[str] = field(default_factory=list)  # 四、下步打算
    title_parts: list[str] = field(default_factory=list)  # where a long title may break
    issuer: str = ""  # 落款
    date: str = ""  # 成文日期
    contact: str = "（联系人：【姓名】，联系电话：【电话】）"

    @property
    def sections(self) -> list[TaskSection]:
        return [ts for g in self.goals for ts in g.tasks]


def cited(text: str, labels: list[str]) -> str:
    """A sentence with the rows it rests on written in before its full stop, in table order."""
    body, end = (text[:-1], text[-1]) if text and text[-1] in "。；." else (text, "。")
    return f"{body}〔任务{'、'.join(sorted(dict.fromkeys(labels), key=_label_order))}〕{end}"


def _label_order(label: str) -> tuple[str, int]:
    head, _, no = label.rpartition("#")
    return (head, int(no)) if no.isdigit() else (label, 0)


def title_parts(sel: Selection, period: Period) -> list[str]:
    """The title in the pieces a long title may break between (never inside a word)."""
    return [sel.label, f"{period.year}年", "政府工作报告", "目标任务", f"{period.label}推进情况"]


def report_title(sel: Selection, period: Period) -> str:
    return "".join(title_parts(sel, period))


def _verdict(tp) -> str:
    if tp.achieved is None:
        return "未填报"
    return "已完成" if tp.met else ("滞后" if tp.on_schedule is False else "按序推进")


def _task_section(n: int, t: Task, sel: Selection, p: Optional[TaskProgress], period: Period, multi: bool) -> TaskSection:
    ph = placeholders(period)
    numeric = [tg for tg in t.targets if tg.value is not None]
    tps = {tp.text: tp for tp in p.targets} if p else {}
    rows = []
    for tg in numeric:
        tp = tps.get(tg.text)
        achieved = "" if tp is None or tp.achieved is None else f"{tp.achieved:g}{tg.unit}"
        rows.append(TargetRow(metric_of(tg, t.content), target_text(tg), achieved or "【待填】", pct(tp.rate) if tp and tp.rate is not None and tp.counts else "—", _verdict(tp) if tp else "未填报"))
    units = "牵头单位：" + ("、".join(t.lead_units) or "（未写明）") + (("；责任单位：" + "、".join(t.responsible_units)) if t.responsible_units else "") + (("；分管领导：" + "、".join(t.leaders)) if t.leaders else "")
    filled = bool(p and p.status != NOT_REPORTED)
    # one line, one bracket: the rate (or why there is none) and the status with where it came from
    if not filled:
        completion = ""  # computed once the unit's ledger is imported; a blank template promises nothing
    else:
        status = f"状态：{p.status}" + ("，取自评" if p.status_from == "self" else "")
        if p.completion is not None and numeric:
            completion = f"{pct(p.completion)}（按量化指标计算；{status}）"
        elif numeric and p.status_from == "numbers":
            completion = f"—（增速、控制类指标以全年数据为准；{status}）"
        elif numeric:
            completion = f"—（量化指标未填实际完成值；{status}）"
        else:
            completion = f"—（无量化指标；{status}）"
    progress_text = p.progress if p and p.progress else (("（本期未填写进展情况）" if filled else ph["progress"]))
    return TaskSection(
        number=n, label=row_label(t, multi), task=t, role=ROLE_LABEL.get(sel.role_of(t), ""), units=units, targets=rows,
        progress=progress_text, completion=completion,
        problems=(p.problems if p and p.problems else ph["problems"]), next_steps=(p.next_steps if p and p.next_steps else ph["next_steps"]),
        status=p.status if p else None, source=t.source.cite(), notes=list(p.notes) if p else [], filled=filled,
    )


def build_report(sel: Selection, period: Period, record: Optional[ProgressRecord] = None, llm=None, districts: tuple[str, ...] = (), template_dir=None, today: Optional[date] = None) -> ProgressReport:
    """The report for a selection and period, filled from `record` where it has the task."""
    progress = record.by_key() if record else {}
    mine = [progress[task_key(t)] for t in sel.tasks if task_key(t) in progress]
    notes: list[str] = []
    if record is not None:
        if not mine:
            notes.append(f"the progress record ({record.ledger}) has none of these tasks; the report is a blank template")
        if record.period != period.code:
            notes.append(f"the progress record is for {record.period}, the report for {period.code}")
    multi = len({t.doc_id for t in sel.tasks}) > 1
    groups: dict[str, list[Task]] = {}
    for t in sel.tasks:
        groups.setdefault(goal_label(t.goal_path[0]) if t.goal_path and t.goal_path[0] else NO_GOAL, []).append(t)
    goals, n = [], 0
    for gi, (goal, tasks) in enumerate(groups.items(), start=1):
        narrative, by, note = goal_narrative(goal, tasks, progress, period, llm, template_dir)
        if note:
            notes.append(note)
        labels = {task_key(t): row_label(t, multi) for t in tasks}
        sections = []
        for t in tasks:
            n += 1
            sections.append(_task_section(n, t, sel, progress.get(task_key(t)), period, multi))
        goals.append(GoalSection(f"（{cn_number(gi)}）{goal}", goal, narrative, by, [cited(s.text, [labels[k] for k in s.rows]) for s in narrative.sentences], sections))
    summary = summarize(mine) if mine else None
    overview = [counts_sentence(summarize_selection(sel, districts))]
    if summary:
        c = summary.counts
        overview.append(f"{period.as_of}，已填报{summary.reported}项，其中完成{c['完成']}项、推进中{c['推进中']}项、滞后{c['滞后']}项" + (f"，未填报{c[NOT_REPORTED]}项" if c[NOT_REPORTED] else "") + f"；任务完成率{pct(summary.completion_rate)}" + (f"，量化指标平均完成{pct(summary.mean_target_completion)}" if summary.mean_target_completion is not None else "") + "。")
    else:
        overview.append(f"本报告为{period.label}进展情况模板，请各单位按任务填写{period.as_of}的进展情况、完成率、存在问题和下一步打算。")
    subtitle = f"（{sel.label}　{period.year}年{period.label}）"
    report = ProgressReport(report_title(sel, period), subtitle, period, sel, overview, goals, summary, record, notes, title_parts=title_parts(sel, period))
    labels = {task_key(t): row_label(t, multi) for t in sel.tasks}
    ph = placeholders(period)
    report.problems = [cited(_sentence(p.problems), [labels[p.key]]) for p in mine if p.problems.strip()] or [ph["report_problems"]]
    report.plans = [cited(_sentence(p.next_steps), [labels[p.key]]) for p in mine if p.next_steps.strip()] or [ph["report_plans"]]
    report.issuer = sel.label if sel.kind == "unit" else (f"{sel.district}人民政府办公室" if sel.district else "【落款单位】")
    report.date = cn_date(today or date.today())
    return report


def _sentence(text: str) -> str:
    """A staff entry as one sentence of the report: its own full stop, no line breaks."""
    text = " ".join(text.split()).rstrip("。；;.")
    return text + "。"


# ---- chart data -------------------------------------------------------------------------------
def _real_unit(u: str) -> bool:
    return not u.startswith(("各", "相关", "有关"))


def tasks_per_unit_data(tasks: list[Task]) -> dict[str, tuple[int, int]]:
    lead: Counter = Counter()
    resp: Counter = Counter()
    for t in tasks:
        lead.update(u for u in dict.fromkeys(t.lead_units) if _real_unit(u))
        resp.update(u for u in dict.fromkeys(t.responsible_units) if _real_unit(u) and u not in t.lead_units)
    return {u: (lead[u], resp[u]) for u in {*lead, *resp}}


def targets_by_goal_data(tasks: list[Task]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tasks:
        goal = goal_label(t.goal_path[0]) if t.goal_path and t.goal_path[0] else NO_GOAL
        out[goal] = out.get(goal, 0) + sum(1 for tg in t.targets if tg.value is not None)
    return out


def status_by_unit_data(tasks: list[Task], record: ProgressRecord) -> dict[str, dict[str, int]]:
    progress = record.by_key()
    out: dict[str, dict[str, int]] = {}
    for t in tasks:
        p = progress.get(task_key(t))
        status = p.status if p else NOT_REPORTED
        for u in dict.fromkeys(t.lead_units or ["（未写明）"]):
            if _real_unit(u):
                row = out.setdefault(u, {s: 0 for s in (*STATUSES, NOT_REPORTED)})
                row[status] += 1
    return out


def make_charts(report: ProgressReport, folder) -> list[tuple[str, str]]:
    """The report's charts as PNGs in `folder` (made if missing): tasks per unit, targets by goal,
    and status by unit when progress is filled. Returns (caption, path) pairs. The caption is the
    chart's only title (图N …) and says when a chart shows only the units with the most tasks."""
    from pipeline.draft import charts  # heavy: matplotlib, loaded only when charts are drawn

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tasks = report.selection.tasks
    made: list[tuple[str, str]] = []

    def caption(text: str, n_units: int | None = None) -> str:
        label = f"图{len(made) + 1} {text}"
        if n_units is not None and charts.shown(n_units) < n_units:
            label += f"（{n_units}个单位中任务最多的{charts.shown(n_units)}个）"  # one line under the picture
        return label

    per_unit = tasks_per_unit_data(tasks)
    if per_unit:
        _, series = charts.lead_matrix(per_unit)  # the units the chart shows decide its legend
        title = "各单位牵头/参与任务数" if any(series["参与"]) else "各单位牵头任务数"
        made.append((caption(title, len(per_unit)), str(charts.tasks_per_unit(per_unit, folder / "tasks_per_unit.png", title=""))))
    per_goal = targets_by_goal_data(tasks)
    if any(per_goal.values()):
        made.append((caption("各目标量化指标数"), str(charts.targets_by_goal(per_goal, folder / "targets_by_goal.png", title=""))))
    if report.record is not None and report.summary is not None:
        status = status_by_unit_data(tasks, report.record)
        made.append((caption(f"各牵头单位任务进展状态（{report.period.label}）", len(status)), str(charts.status_by_unit(status, folder / "status_by_unit.png", title=""))))
    report.charts = made
    return made
