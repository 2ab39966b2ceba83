"""The answer's words: one sentence built from the rows chosen, every row cited as
[doc_id #seq source]. Nothing here decides which rows or numbers: it only says them."""

from __future__ import annotations

from typing import Iterable, Optional

from pipeline.ask.query import Query
from pipeline.schema import Target, Task

_PREFIX_QUALIFIERS = ("力争", "超", "超过", "不低于", "确保")
MAX_LISTED = 12


def label(t: Task) -> str:
    return f"[{t.doc_id} #{t.seq} {t.source.cite()}]"


def short(t: Task, n: int = 28) -> str:
    c = t.content.replace("\n", "")
    return c if len(c) <= n else c[:n] + "…"


def seq_list(tasks: Iterable[Task]) -> str:
    return "、".join(f"#{t.seq}" for t in tasks)


def target_text(tg: Target) -> str:
    v = f"{tg.value[0]}—{tg.value[1]}" if isinstance(tg.value, list) else f"{tg.value}"
    qual = tg.qualifier.split("、") if tg.qualifier else []
    pre = "".join(x for x in qual if x in _PREFIX_QUALIFIERS)
    post = "".join(x for x in qual if x not in _PREFIX_QUALIFIERS)
    return f"{pre}{v}{tg.unit}{post}（原文：{tg.text}）"


def place(districts: list[str], *names: str) -> str:
    """The districts before unit names: 钟楼 + 区城管局 → 钟楼区城管局, not 钟楼区区城管局."""
    return "、".join(d if names and all(n.startswith("区") for n in names) else f"{d}区" for d in districts)


def scope(q: Query, topic: Optional[str] = None, unit_names: Optional[list[str]] = None, empty: str = "全部") -> str:
    """武进区商务局牵头 / 王旭锋分管 / “建设美丽钟楼”目标下 / 涉及“停车”…"""
    parts = []
    names = unit_names or q.units
    if q.years:
        parts.append("、".join(f"{y}年" for y in q.years))
    if q.districts:
        parts.append(place(q.districts, *names))
    if q.leaders:
        parts.append("、".join(q.leaders) + "分管")
    if q.units:
        parts.append("、".join(names) + ("作为责任单位" if q.role == "responsible" else "牵头"))
    if q.goals:
        parts.append("“" + "”“".join(q.goals) + "”目标下")
    if q.has_target:
        parts.append("设有量化指标")
    if q.missing:
        parts.append({"leaders": "未写明分管领导", "lead_units": "未写明牵头单位", "responsible_units": "未写明责任单位"}[q.missing])
    if topic:
        parts.append(f"涉及“{topic}”")
    return "".join(parts) or empty


def listing(head: str, groups: dict[str, list[Task]], tasks: list[Task]) -> str:
    counts = [f"{d}{len(g)}项" for d, g in groups.items()]
    text = f"{head}的任务共{len(tasks)}项" + (f"（{'，'.join(counts)}）" if len(groups) > 1 else "")
    text += "：" + "；".join(f"{label(t)}{short(t)}" for t in tasks[:MAX_LISTED]) + ("……" if len(tasks) > MAX_LISTED else "") + "。"
    return text


def counting(head: str, groups: dict[str, list[Task]], total: int, difference: Optional[int]) -> str:
    counts = [f"{d}{len(g)}项" for d, g in groups.items()]
    if difference is not None:
        return f"{head}的任务：{'，'.join(counts)}，相差{difference}项。"
    return f"{head}的任务共{total}项" + (f"（{'，'.join(counts)}）" if len(groups) > 1 else "") + "。"


def who(head: str, role: str, by: dict[str, tuple[list[str], list[Task]]]) -> str:
    parts = [f"{d}：{'、'.join(names) or '（未写明）'}（{seq_list(g)}）" for d, (names, g) in by.items()]
    return f"{head}的任务{role}——" + "；".join(parts) + "。"
