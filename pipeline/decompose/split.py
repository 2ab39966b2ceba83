"""The year's work-plan part of a report → task statements (the rules' draft).

Reports state the plan as numbered parts ((一) …) whose paragraphs open with a short lead-in
("打造一流营商环境。") or carry several lead-ins inline (Jiangsu: "推动重点领域改革落地见效。…").
The numbered part is the outer goal, the lead-in the inner goal. Each sentence (a long one split
at its semicolons) is a segment; a segment is kept as a task when it states a commitment:
a target number, or an action under a lead-in (a sentence stating a target is never taken for a
lead-in: it is a task). Framing sentences (the ones right under a part's title, before any
lead-in: "服务…大局，…") are kept only when they carry numbers, or when the part has no lead-ins
at all. Every segment keeps its character span in its paragraph, so each
draft row cites the exact text it states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.errors import InputError
from pipeline.extract.targets import find_targets
from pipeline.reports.main_targets import targets_statement
from pipeline.schema import Paragraph, Report, Target

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[\.．、](?!\d))\s*")
_SENTENCE_END = "。！？"
_LONG = 150  # a sentence longer than this is split at its semicolons
_SHORT = 14  # a semicolon piece shorter than this joins the one before it
_INLINE_LEAD = re.compile(r"^[^，、；：,;:“”]{2,22}[。！]$")
# actions a commitment is stated with (a plan sentence without any of these is framing)
_ACTION = re.compile(
    "推进|推动|实施|建设|建成|加快|深化|开展|完善|打造|培育|提升|支持|落实|健全|强化|优化|新增|完成|实现|扩大|促进|加强|保障|"
    "新建|改造|发展|创建|争创|办好|举办|组织|引进|招引|启动|开工|投用|出台|制定|构建|布局|拓展|提高|降低|减少|增加|巩固|"
    "确保|坚持|严格|落地|部署|筹办|争取|用好|迭代|探索|统筹|整治|治理|防范|化解|清理|帮扶|新开工|更新|增长"
)


def goal_name(heading: str) -> str:
    """（二）着力提升城市品质。 → 着力提升城市品质"""
    return _NUMBERING.sub("", heading).strip().rstrip("。；;")


@dataclass
class Segment:
    """One sentence (or semicolon piece) of a plan paragraph."""

    id: int
    paragraph: Paragraph
    start: int
    end: int
    goal_path: list[Optional[str]]
    kept: bool = False
    framing: bool = False
    targets: list[Target] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start : self.end]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, ends outside quotation marks; long sentences split at ；."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a <= _LONG or "；" not in text[a:b]:
            out.append((a, b))
            continue
        piece_start = a
        for m in re.finditer("；", text[a:b]):
            out.append((piece_start, a + m.end()))
            piece_start = a + m.end()
        if piece_start < b:
            out.append((piece_start, b))
    merged: list[tuple[int, int]] = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        if a >= b:
            continue
        if merged and b - a < _SHORT and text[b - 1] not in _SENTENCE_END:  # a short semicolon piece
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def plan_paragraphs(report: Report) -> list[Paragraph]:
    """The paragraphs of the year's work plan that hold tasks (headings and the preamble with
    the main targets left out). A clear error when the report has no plan part."""
    plan = [p for p in report.paragraphs if p.in_plan]
    # the closing exhortation ("各位代表，奋斗创造历史…", "让我们…") ends its part of the plan
    # (an annex such as 十件民生实事 after it is still plan)
    closed: set[str] = set()
    kept = []
    for i, p in enumerate(plan):
        part = p.section_path[0] if p.section_path else ""
        if i and p.text.startswith(("各位代表", "让我们")):
            closed.add(part)
        if part not in closed:
            kept.append(p)
    plan = kept
    if not plan:
        raise InputError(report.path, "no work-plan part found (no heading like “三、2026年工作安排”, “三、2026年主要工作” or “2026年重点工作”)", "give the whole report, with its year's work-plan part")
    body = [p for p in plan if not p.heading and len(p.section_path) >= 2]
    if not body:  # a plan with no numbered parts: everything but the part's own heading
        stated = targets_statement(report)
        skip = {p.index for p in stated[0]} if stated else set()
        body = [p for p in plan if not p.heading and p.index not in skip]
    if not body:
        raise InputError(report.path, "the work-plan part has no paragraphs under its heading", "check that the report text is complete")
    return body


def segments(report: Report) -> list[Segment]:
    """Every segment of the plan's task paragraphs, with goal_path and whether the rules keep it."""
    out: list[Segment] = []
    parts_with_leads: set[tuple[str, ...]] = set()
    staged: list[tuple[Segment, bool]] = []  # (segment, under a lead-in)
    for p in plan_paragraphs(report):
        outer = [goal_name(h) for h in p.section_path[1:]] or [None]
        inner: Optional[str] = p.lead
        if inner:
            parts_with_leads.add(tuple(p.section_path))
        for a, b in _sentences(p.text):
            s = p.text[a:b]
            title = _NUMBERING.match(s)
            if title and a == 0:
                # "(一)不断巩固拓展经济稳中向好势头。" opens the paragraph: the part's title, not a task
                continue
            targets = find_targets(s)
            if a == 0 and p.lead and s.startswith(p.lead) and not targets:
                continue  # the paragraph's own lead-in (one stating a target is a task as well)
            if p.lead is None and _INLINE_LEAD.match(s) and not re.search(r"\d", s) and not targets:
                # inline lead-ins (Jiangsu) only in paragraphs that do not open with their own;
                # a short sentence stating a target ("建设一批…园区。") is a task, not a lead-in
                inner = s.rstrip("。！")
                parts_with_leads.add(tuple(p.section_path))
                continue
            seg = Segment(id=len(staged), paragraph=p, start=a, end=b, goal_path=[*outer, inner] if inner else list(outer))
            seg.targets = targets
            staged.append((seg, inner is not None))
    for seg, under_lead in staged:
        has_action = bool(_ACTION.search(seg.text))
        seg.framing = not under_lead and tuple(seg.paragraph.section_path) in parts_with_leads
        seg.kept = bool(seg.targets) or (has_action and not seg.framing and len(seg.text) >= 6)
        out.append(seg)
    return out
