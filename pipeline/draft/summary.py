"""Structured summaries of a selection (a unit, leader, goal or district): how many tasks, as
lead vs as responsible unit, the quantitative targets as a table (metric, value, unit,
qualifier, row), the units it works with, the leaders over it, its goals — each figure
traceable to the rows it counts."""

from __future__ import annotations

import re
from collections import Counter
from pydantic import Field

from pipeline.draft.select import KIND_LABEL, Selection, goal_label
from pipeline.export.flat import target_text
from pipeline.extract.targets import COMMIT_VERBS
from pipeline.reports.main_targets import describe_target
from pipeline.index.registry import unit_core
from pipeline.schema import Strict, Target, Task, Value

_TRAILING = re.compile(r"(?:超过|超|达到|达|突破|逾|或|等|以上|稳定在|保持在|控制在)+$")
ROLE_LABEL = {"lead": "牵头", "responsible": "参与", "": ""}


class TargetLine(Strict):
    """One quantitative target of the selection, with the row it is on."""

    metric: str
    text: str
    value: Value
    unit: str = ""
    qualifier: str = ""
    row: str = Field(description="the row's label: seq (or doc_id#seq across documents)")
    doc_id: str
    seq: int
    source: str


class SummaryRow(Strict):
    task: Task
    role: str = Field(default="", description="lead | responsible, for a unit's summary")
    label: str


class Summary(Strict):
    kind: str
    name: str
    label: str
    total: int
    as_lead: int = 0
    as_responsible: int = 0
    doc_ids: list[str]
    goals: dict[str, int] = Field(default_factory=dict, description="top-level goal → rows, in document order")
    leaders: dict[str, int] = Field(default_factory=dict)
    lead_units: dict[str, int] = Field(default_factory=dict)
    co_units: dict[str, int] = Field(default_factory=dict, description="other units on the same rows")
    targets: list[TargetLine] = Field(default_factory=list)
    rows: list[SummaryRow] = Field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{KIND_LABEL[self.kind]}：{self.label}"


_NUM = r"[\d.零〇一二两三四五六七八九十百千万]+"
_BOUNDARY = "，,。；;：:！？、（("
_COUNTS = "个|家|项|座|条|所|部|台|户|套|场|人|次|处|批|件|名"


def metric_of(tg: Target, content: str | None = None) -> str:
    """The indicator a target counts, named from its own clause without its value:
    新增公共停车泊位 1200 个 → 新增公共停车泊位; 推进6个省级宜居宜业和美乡村建设 → 推进省级宜居宜业和美乡村建设
    (the counted thing after the number); 新增业委会、物管会 46 个 → 新增业委会、物管会 (a 、-list before
    it without numbers of its own); 招引总投资超百亿元或10亿美元项目3个以上 → 招引总投资超百亿元或10亿美元项目
    (the band is part of the name, the target's own 3个以上 is not). Without the task text, the
    target's text alone."""
    text = tg.text
    own = None
    if tg.unit:
        for m in re.finditer(rf"(?:超过|超|近|约|不少于|不低于|突破)?{_NUM}(?:\s*%?\s*[—–\-~～至到]\s*{_NUM})?\s*{re.escape(tg.unit)}", text):
            own = m  # the target's own value is the last number with its unit
    if own is None:
        return _metric_of_text(tg)
    left, right = text[: own.start()], ""
    at = content.find(text) if content else -1
    if at >= 0:
        before = content[:at]
        # 新增业委会、物管会 46 个: short items listed before the target share its number; not when
        # the target states its own verb (…、新增省先进级以上智能工厂超30个) or an item is a clause
        while before.endswith("、") and not text.startswith(COMMIT_VERBS):
            piece_start = max(before.rfind(b, 0, len(before) - 1) for b in _BOUNDARY) + 1
            piece = before[piece_start:-1]
            if not piece or len(piece) > 8 or re.search(r"\d", piece):
                break
            left = piece + "、" + left
            before = before[:piece_start]
        # the counted thing after the number (推进6个 | 省级宜居宜业和美乡村建设), up to the clause's
        # end or the next counted number (完成33个城中村 | 188个地块); a band in it stays (超30亿元的)
        after = content[at + len(text) :]
        if re.match(r"[\u4e00-\u9fff“]", after[:1] or " "):
            right = re.match(rf"[^{re.escape(_BOUNDARY)}]*", after).group(0)
            right = re.split(rf"{_NUM}\s*(?:{_COUNTS})", right, maxsplit=1)[0]
            right = right if len(right) > 1 else ""
    name = re.sub(r"\s+", "", _TRAILING.sub("", left.strip()) + right.strip())
    return name or _metric_of_text(tg)


def _metric_of_text(tg: Target) -> str:
    """The indicator by the main-target rules on the target's text alone."""
    return _TRAILING.sub("", describe_target(tg.text, tg.value, tg.qualifier)[0]).strip() or tg.text


def task_no(t: Task) -> int:
    """The one number a draft calls a task by: the one the table prints for it ((26) → 26), or,
    when the table numbers none, its place in the table."""
    digits = re.sub(r"\D", "", t.number or "")
    return int(digits) if digits else t.seq


def row_label(t: Task, multi_doc: bool) -> str:
    return f"{t.doc_id}#{task_no(t)}" if multi_doc else f"{task_no(t)}"


def summarize(sel: Selection, districts: tuple[str, ...] = ()) -> Summary:
    multi = len({t.doc_id for t in sel.tasks}) > 1
    goals: Counter = Counter()
    leaders: Counter = Counter()
    leads: Counter = Counter()
    co: Counter = Counter()
    targets: list[TargetLine] = []
    rows: list[SummaryRow] = []
    own = sel.name if sel.kind == "unit" else None
    for t in sel.tasks:
        label = row_label(t, multi)
        rows.append(SummaryRow(task=t, role=sel.role_of(t), label=label))
        if t.goal_path and t.goal_path[0]:
            goals[goal_label(t.goal_path[0])] += 1
        leaders.update(dict.fromkeys(t.leaders, 1))
        leads.update(dict.fromkeys(t.lead_units, 1))
        for u in dict.fromkeys((*t.lead_units, *t.responsible_units)):
            if own is None and u in t.lead_units:
                continue  # for a leader/goal/district the lead units are counted apart
            if own is not None and unit_core(u, districts) == own:
                continue
            co[u] += 1
        for tg in t.targets:
            if tg.value is None:
                continue
            metric = metric_of(tg, t.content)
            targets.append(TargetLine(metric=metric, text=tg.text, value=tg.value, unit=tg.unit, qualifier=tg.qualifier, row=label, doc_id=t.doc_id, seq=t.seq, source=t.source.cite()))
    as_lead = sum(1 for r in rows if r.role == "lead")
    as_resp = sum(1 for r in rows if r.role == "responsible")
    return Summary(
        kind=sel.kind, name=sel.name, label=sel.label, total=len(rows), as_lead=as_lead, as_responsible=as_resp,
        doc_ids=sorted({t.doc_id for t in sel.tasks}), goals=dict(goals), leaders=dict(leaders.most_common()),
        lead_units=dict(leads.most_common()), co_units=dict(co.most_common()), targets=targets, rows=rows,
    )


def value_text(line: TargetLine) -> str:
    return target_text(Target(text=line.text, value=line.value))


def counts_sentence(s: Summary) -> str:
    """The summary's first sentence: 商务局共涉及任务12项，其中牵头8项、参与4项；量化指标5个。"""
    if s.kind == "unit":
        head = f"{s.label}共涉及任务{s.total}项，其中牵头{s.as_lead}项、参与{s.as_responsible}项"
    elif s.kind == "leader":
        head = f"{s.label}同志分管任务{s.total}项，涉及牵头单位{len(s.lead_units)}个"
    else:
        head = f"{s.label}共有任务{s.total}项，涉及牵头单位{len(s.lead_units)}个"
    return f"{head}；量化指标{len(s.targets)}个。"


def top_names(counts: dict[str, int], n: int = 8) -> str:
    items = list(counts.items())
    shown = "、".join(f"{k}（{v}）" for k, v in items[:n])
    return shown + (f" 等{len(items)}个" if len(items) > n else "") if items else "无"


__all__ = ["Summary", "SummaryRow", "TargetLine", "summarize", "counts_sentence", "top_names", "value_text", "ROLE_LABEL"]
