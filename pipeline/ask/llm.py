"""The LLM's part in `ask` (only when one is configured), always checked, the rules as fallback.

1. **Reading the question** (prompts/ask_query.v1.j2 → LLMQuery): intent, names, subject, metric.
   Every district, unit, leader and goal must be a registry name (or an alias the registry
   resolves); otherwise one repair turn, then the rules' reading.
2. **Choosing and wording** (prompts/ask_answer.v1.j2 → LLMAnswer): for a list about a subject the
   LLM sees the retrieved candidates and keeps the rows that answer the question, best first;
   every kept row must be a candidate, every citation a kept row, every number in the sentence
   must appear in the kept rows or the rules' facts. Numbers and exact lists (a unit's rows, a
   target value) are never changed by the LLM: it only words them.
Each call is cached (pipeline/llm/client.py); calls and tokens are counted in the LLM's stats.
"""

from __future__ import annotations

import re
from typing import Callable, Literal, Optional

from pydantic import BaseModel, Field

from pipeline.ask.frame import Aggregate, Intent
from pipeline.ask.query import Query, per_name_of
from pipeline.index.registry import Registry
from pipeline.llm.checks import numbers_not_in
from pipeline.llm.client import LLMError
from pipeline.schema import Answer, Citation, Task

LLM_MAX_ROWS = 30  # rows shown to the LLM; the rules' facts carry the full count
LLM_EXTRA_CANDIDATES = 8  # retrieved rows beyond the rules' cut offered for a subject list
_CITE_MARK = re.compile(r"\[([A-Za-z0-9_\-]+#\d+)\]")


class LLMQuery(BaseModel):
    """What prompts/ask_query.v1.j2 returns."""

    intent: Intent
    compare: bool = False
    aggregate: Optional[Aggregate] = None
    role: Literal["lead", "responsible"] = "lead"
    districts: list[str] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    metric: Optional[str] = None
    measure: Optional[str] = None
    has_target: bool = False
    missing: Optional[Literal["leaders", "lead_units", "responsible_units"]] = None
    unknown: list[str] = Field(default_factory=list)


class LLMAnswer(BaseModel):
    """What prompts/ask_answer.v1.j2 returns."""

    answer: str = Field(min_length=2)
    citations: list[str] = Field(min_length=1)
    rows: Optional[list[str]] = None


def _resolve(kind: str, name: str, registry: Registry) -> Optional[str]:
    """A name as the registry knows it (its key), or None."""
    hit = registry.surfaces.get(name.strip())
    if hit and hit[0] == kind:
        return hit[1]
    if kind == "leader" and name in registry.leaders:
        return name
    if kind == "goal" and name in registry.goals:
        return name
    return None


def read_query(llm, question: str, rules: Query, registry: Registry) -> tuple[Query, Optional[str]]:
    """The LLM's reading of the question, checked against the registry; on failure the rules'
    reading and a note saying why."""
    from pipeline.llm.prompts import render  # heavy: jinja2, loaded only on the LLM path

    units = sorted({u for members in registry.units.values() for _, u in members})
    districts = sorted({d for d in registry.doc_district.values() if d})
    rendered = render("ask_query", version=1, question=question, districts=districts, units=units, leaders=sorted(registry.leaders), goals=sorted(registry.goals), rules=rules.model_dump_json(exclude_defaults=True))

    def check(out: LLMQuery) -> list[str]:
        problems = [f"区“{d}”不在列表中" for d in out.districts if _resolve("district", d, registry) is None]
        problems += [f"单位“{u}”不在列表中（不认识的名称写入 unknown）" for u in out.units if _resolve("unit", u, registry) is None]
        problems += [f"分管领导“{x}”不在列表中（不认识的名称写入 unknown）" for x in out.leaders if _resolve("leader", x, registry) is None]
        problems += [f"目标“{g}”不在列表中" for g in out.goals if _resolve("goal", g, registry) is None]
        if out.intent == "number" and not (out.metric or out.topics):
            problems.append("intent 为 number 时必须给出 metric")
        return problems

    try:
        out = llm.structured(rendered.messages, LLMQuery, validate=check, prompt=rendered.prompt.id)
    except LLMError as exc:
        return rules, f"LLM not used to read the question: {exc}"
    unknown = out.unknown[0] if out.unknown else None
    kind = rules.unknown_kind if unknown and unknown == rules.unknown else ("unit" if unknown and re.search(r"(局|委|办|中心|集团|公司|街道|镇)$", unknown) else "person") if unknown else None
    query = Query(
        intent=out.intent, compare=out.compare or len(set(out.districts)) >= 2, aggregate=out.aggregate, role=out.role,
        districts=list(dict.fromkeys(_resolve("district", d, registry) for d in out.districts)),
        units=list(dict.fromkeys(_resolve("unit", u, registry) for u in out.units)),
        leaders=list(dict.fromkeys(_resolve("leader", x, registry) for x in out.leaders)),
        goals=list(dict.fromkeys(_resolve("goal", g, registry) for g in out.goals)), years=rules.years,
        topics=[t for t in out.topics if t.strip()], marked=bool(out.topics), metric=out.metric or ("、".join(out.topics) if out.intent == "number" else None),
        measure=out.measure, has_target=out.has_target, missing=out.missing, unknown=unknown, unknown_kind=kind,
    )
    query.per_name = per_name_of(query.intent, query.compare, query.aggregate, query.units, query.leaders)
    query.every_topic = rules.every_topic and query.topics == rules.topics  # 在…上 / 的 join the subjects as the rules read them
    query.quoted = [t for t in rules.quoted if t in query.topics]  # the question's quotation marks, whoever reads it
    if query.intent == "number" and set(rules.metric_by_district) == set(query.districts):
        query.metric_by_district = rules.metric_by_district  # each district's own metric, as the question words it
    return query, None


def _row_view(t: Task) -> dict:
    return {"doc_id": t.doc_id, "seq": t.seq, "goal": " / ".join(g for g in t.goal_path if g), "content": t.content.replace("\n", " "), "leaders": "、".join(t.leaders), "lead_units": "、".join(t.lead_units), "responsible_units": "、".join(t.responsible_units), "targets": "；".join(tg.text for tg in t.targets)}


def write_answer(llm, ans: Answer, district_of: Callable[[str], str], candidates: Optional[list[Task]] = None) -> None:
    """Let the LLM write the sentence (and, when `candidates` are given, choose and order the rows
    among them); keep the rules' answer when any check fails."""
    from pipeline.llm.prompts import render  # heavy: jinja2, loaded only on the LLM path

    open_rows = candidates is not None
    shown = (candidates if open_rows else ans.tasks)[:LLM_MAX_ROWS]
    allowed = {f"{t.doc_id}#{t.seq}": t for t in shown}
    rendered = render("ask_answer", version=1, question=ans.question, facts=ans.answer, rows=[_row_view(t) for t in shown], total=len(candidates if open_rows else ans.tasks), open=open_rows)

    def evidence(rows: list[Task]) -> str:
        counts = " ".join(str(n) for n in (len(rows), *_district_counts(rows, district_of).values()))
        return ans.answer + " " + counts + " " + " ".join(r.content + "".join(tg.text for tg in r.targets) + str(r.seq) for r in rows)

    def kept(out: LLMAnswer) -> list[Task]:
        return [allowed[r] for r in dict.fromkeys(out.rows or []) if r in allowed] if open_rows and out.rows else list(shown)

    def check(out: LLMAnswer) -> list[str]:
        problems = [f"行“{r}”不在候选任务行中" for r in (out.rows or []) if r not in allowed]
        if not open_rows and out.rows and set(out.rows) != set(allowed):
            problems.append("任务行已确定，rows 应为 null")
        keep = {f"{t.doc_id}#{t.seq}" for t in kept(out)}
        problems += [f"出处“{c}”不是保留的任务行" for c in out.citations if c not in keep]
        problems += [f"正文中的 [{c}] 不是保留的任务行" for c in _CITE_MARK.findall(out.answer) if c not in keep]
        text = _CITE_MARK.sub("", out.answer)
        ev = evidence(kept(out))
        problems += [f"数字 {n} 不在保留的任务行中" for n in numbers_not_in(text, ev)]
        return problems

    try:
        out = llm.structured(rendered.messages, LLMAnswer, validate=check, prompt=rendered.prompt.id)
    except LLMError as exc:
        ans.notes.append(f"LLM not used: {exc}")
        return
    rows = kept(out)
    ans.answer = out.answer
    ans.answered_by = "llm"
    ans.citations = [_cite(allowed[c]) for c in dict.fromkeys(out.citations)]
    if open_rows and out.rows:
        ans.tasks = rows
        counts = _district_counts(rows, district_of)
        if ans.intent.endswith("count"):
            ans.value = len(rows) if not ans.intent.startswith("compare_") or len(counts) < 2 else max(counts.values()) - min(counts.values())
            ans.by_district = {d: {"count": n} for d, n in counts.items()}
        elif ans.intent.endswith("list"):
            ans.by_district = {d: {"count": n} for d, n in counts.items()}


def _district_counts(rows: list[Task], district_of: Callable[[str], str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in rows:
        d = district_of(t.doc_id)
        out[d] = out.get(d, 0) + 1
    return out


def _cite(t: Task) -> Citation:
    return Citation(doc_id=t.doc_id, seq=t.seq, number=t.number, source=t.source.cite())
