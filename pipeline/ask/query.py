"""A question understood: one typed Query, whether the rules or an LLM read it.

The rules: names first (entities.py, matched against the registry), then the question's form
(frame.py), then the subject words. A unit named without a role verb whose name is also printed
in task texts (综治中心和信访工作的任务) is read as a subject word as well as a unit, so the rows that
mention it count. An LLM's reading (llm.py) is parsed into the same model and every name in it
must be a registry name, or the rules' reading stands.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import Field

from pipeline.ask.entities import EntityMatcher, Unknown
from pipeline.ask.frame import MASK, Aggregate, Intent, read_frame
from pipeline.schema import Strict

_ROLE_CUE = re.compile(r"牵头|负责|承担|参与|配合|协办|作为|主抓|那边|这边|单位|部门|分管")


class Query(Strict):
    """What a question asks, in terms the index knows."""

    intent: Intent = Field(description="list | count | number | who_unit | who_leader")
    compare: bool = Field(default=False, description="the answer is given per district")
    aggregate: Optional[Aggregate] = Field(default=None, description="diff | more | less | sum over districts")
    role: Literal["lead", "responsible"] = Field(default="lead", description="units as lead units (牵头) or responsible units (责任/配合)")
    districts: list[str] = Field(default_factory=list, description="district short names, e.g. 武进")
    units: list[str] = Field(default_factory=list, description="unit names as the registry knows them")
    leaders: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list, description="subject phrases; a row about any of them counts")
    every_topic: bool = Field(default=False, description="a row must be about every subject (人工智能用在医疗健康上, 老旧小区的物业管理), not any (养老和托育)")
    quoted: list[str] = Field(default_factory=list, description="subjects in quotation marks (“钟超”): rows about them write them as written")
    marked: bool = Field(default=False, description="the question names its subject (…方面, 涉及…), so a subject no row is about means 'not found'")
    metric: Optional[str] = Field(default=None, description="for a number question: the thing measured, e.g. 新增公共停车泊位")
    metric_by_district: dict[str, str] = Field(default_factory=dict, description="a comparison naming a different metric for each district (武进三大集群产值和钟楼六大产业规模…): district → its metric")
    measure: Optional[str] = Field(default=None, description="the unit a number is asked in, e.g. 个, 万平方米")
    per_name: Optional[Literal["unit", "leader"]] = Field(default=None, description="the answer is given per named unit or leader (住建局比城管局多牵头几项), not for the rows they share")
    has_target: bool = Field(default=False, description="only rows with a quantitative target")
    missing: Optional[Literal["leaders", "lead_units", "responsible_units"]] = None
    unknown: Optional[str] = Field(default=None, description="a name the index does not know (unit, person or district)")
    unknown_kind: Optional[Literal["unit", "person", "district", "ambiguous"]] = None
    candidates: list[str] = Field(default_factory=list, description="names an unknown or ambiguous name may mean")


def understand(question: str, matcher: EntityMatcher, row_text_contains) -> Query:
    """The rules' reading of a question."""
    mentions, unknown = matcher.find(question)
    masked = list(question)
    for m in mentions:
        for i in range(m.start, m.end):
            masked[i] = MASK
    frame = read_frame(question, "".join(masked))
    reg = matcher.registry
    districts = [m.key for m in mentions if m.kind == "district"]
    # a district named inside a unit's name (武进区工信局, 钟楼资规分局) narrows to that district too
    districts += [reg.surfaces[d][1] for m in mentions if m.kind == "unit" for d in reg.district_names() if m.surface.startswith(d) and d in reg.surfaces]
    units = _unique(m.key for m in mentions if m.kind == "unit")
    topics = [s.text for s in frame.segments]
    marked = any(s.marked for s in frame.segments)
    every_topic = frame.within and len(topics) >= 2
    if units and not _ROLE_CUE.search(question):
        # 综治中心和信访工作的任务: a unit printed in task texts, named without a role, is also a subject
        printed = [m for m in mentions if m.kind == "unit" and row_text_contains(m.surface)]
        if printed and (topics or len(printed) == len(units)):
            topics = [m.surface for m in printed] + topics
            units = [u for u in units if u not in {m.key for m in printed}]
            marked = True
            every_topic = False
    intent = frame.intent
    if intent == "number" and not topics and (units or districts or any(m.kind in ("leader", "goal") for m in mentions) or frame.has_target or frame.missing):
        intent = "count"  # 王行杰分管的一共多少条 / 经开区牵头的事有几件: nothing to measure but the tasks themselves
    metric = "、".join(topics) if intent == "number" and topics else None
    leaders = _unique(m.key for m in mentions if m.kind == "leader")
    per_name = per_name_of(intent, frame.compare, frame.aggregate, units, leaders)
    by_district = _metric_by_district(question, masked, mentions) if intent == "number" and len(set(districts)) >= 2 else {}
    return Query(
        intent=intent, metric_by_district=by_district, compare=frame.compare or len(set(districts)) >= 2, aggregate=frame.aggregate, role=frame.role,
        districts=_unique(districts), units=units, leaders=leaders, per_name=per_name,
        goals=_unique(m.key for m in mentions if m.kind == "goal"), years=sorted({int(m.key) for m in mentions if m.kind == "year"}),
        topics=topics, every_topic=every_topic, marked=marked, quoted=[s.text for s in frame.segments if s.quoted], metric=metric, measure=frame.measure, has_target=frame.has_target, missing=frame.missing,
        unknown=unknown.name if unknown else None, unknown_kind=unknown.kind if unknown else None, candidates=list(unknown.candidates) if unknown else [],
    )


def per_name_of(intent: str, compare: bool, aggregate: Optional[str], units: list[str], leaders: list[str]) -> Optional[str]:
    """住建局比城管局多牵头几项 / 王斐和王婷分别分管多少项: each name's rows on their own, not the
    rows they share (王斐和王婷一起分管的任务)."""
    if intent not in ("count", "list") or not (compare or aggregate in ("diff", "more", "less")):
        return None
    return "unit" if len(units) >= 2 else "leader" if len(leaders) >= 2 else None


def _metric_by_district(question: str, masked: list[str], mentions) -> dict[str, str]:
    """Each district's own subject when the question names one after each district
    (武进三大集群产值和钟楼六大产业规模目标差多少); empty when the districts share one metric."""
    places = [m for m in mentions if m.kind == "district"]
    out: dict[str, str] = {}
    for k, m in enumerate(places):
        end = places[k + 1].start if k + 1 < len(places) else len(question)
        words = [s.text for s in read_frame(question[m.end : end], "".join(masked[m.end : end])).segments]
        if words:
            out[m.key] = "、".join(words)
    return out if len(out) >= 2 and len(set(out.values())) == len(out) else {}


def _unique(items) -> list:
    return list(dict.fromkeys(items))


__all__ = ["Query", "understand", "per_name_of", "Unknown"]
