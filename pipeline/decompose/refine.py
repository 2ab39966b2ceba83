"""The LLM's pass over the rules' draft: per chunk of ~CHUNK_TOKENS of plan text, one call with
the numbered segments (sentences) of those paragraphs, the rules' choice for each (kept or not)
and its candidate lead units. The LLM returns rows, each citing the segments it states.

Checked before use (a failed check gets one repair turn, then the rules' rows stand for that
chunk): every cited segment is in the chunk and all of one row's segments are consecutive in one
paragraph; every number in a row's text is in its segments; every segment with a target is in
some row; every lead unit the LLM picks is one of the candidates offered for that row's segments
(so every pick traces to an evidence row)."""

from __future__ import annotations

import threading
from typing import Callable

from pydantic import BaseModel, Field

from pipeline.decompose.rows import build_row, rules_rows
from pipeline.decompose.split import Segment
from pipeline.llm.checks import numbers_not_in
from pipeline.llm.client import LLMError
from pipeline.llm.prompts import render
from pipeline.llm.tokens import count_tokens
from pipeline.schema import DraftTask, Report

CHUNK_TOKENS = 3000  # plan text per call


class RefinedRow(BaseModel):
    segments: list[int] = Field(description="the [S…] ids this row states, in order")
    content: str = Field(description="the task text, taken from those segments (trimmed, not invented)")
    lead_units: list[str] = Field(default_factory=list, description="chosen among the candidates listed for those segments; empty when none fits")


class RefinedChunk(BaseModel):
    rows: list[RefinedRow]


def chunks(segs: list[Segment], model: str = "", limit: int = CHUNK_TOKENS) -> list[list[Segment]]:
    """Whole paragraphs packed in order into chunks of about `limit` tokens of text (a chunk may
    run over by less than it would fall short; a longer paragraph is a chunk of its own)."""
    by_para: list[list[Segment]] = []
    for s in segs:
        if by_para and by_para[-1][0].paragraph.index == s.paragraph.index:
            by_para[-1].append(s)
        else:
            by_para.append([s])
    out: list[list[Segment]] = []
    size = 0
    for group in by_para:
        n = count_tokens("".join(s.text for s in group), model)
        # a paragraph joins the open chunk when that leaves the chunk nearer the limit than
        # closing it would: chunks average ~limit tokens, so calls ≈ plan tokens / limit
        if out and (size + n <= limit or size + n - limit < limit - size):
            out[-1].extend(group)
            size += n
        else:
            out.append(list(group))
            size = n
    return out


def refine(report: Report, segs: list[Segment], suggest: Callable[[list[int]], dict], llm, notes: list[str], progress=None) -> list[DraftTask]:
    groups = chunks(segs, llm.config.model)
    candidates = {s.id: suggest([s.id]).get("lead_units", []) for s in segs}

    def one(group: list[Segment]) -> list[DraftTask]:
        ids = {s.id: s for s in group}
        shown = [
            {"id": s.id, "line": s.paragraph.line if s.paragraph.line is not None else f"¶{s.paragraph.index}", "goal": " / ".join(g for g in s.goal_path if g), "text": s.text, "kept": s.kept, "targets": bool(s.targets), "units": [f"{c.value}（{c.confidence:.2f}）" for c in candidates[s.id]]}
            for s in group
        ]
        rendered = render("decompose_refine", version=1, report_title=report.title or report.doc_id, segments=shown)

        def check(out: RefinedChunk) -> list[str]:
            problems = []
            covered: set[int] = set()
            for k, row in enumerate(out.rows, start=1):
                if not row.segments or any(i not in ids for i in row.segments):
                    problems.append(f"第{k}行引用了不在本段列表中的编号 {row.segments}")
                    continue
                order = sorted(row.segments)
                paras = {ids[i].paragraph.index for i in order}
                if len(paras) > 1 or order != list(range(order[0], order[-1] + 1)):
                    problems.append(f"第{k}行的编号 {row.segments} 必须是同一段落中相邻的句子")
                    continue
                covered |= set(order)
                source = "".join(ids[i].text for i in order)
                extra = numbers_not_in(row.content, source, by_value=True)
                if extra:
                    problems.append(f"第{k}行的数字 {extra} 不在所引用的句子中")
                if not row.content.strip():
                    problems.append(f"第{k}行没有内容")
                allowed = {c.value for i in order for c in candidates[i]}
                unknown = [u for u in row.lead_units if u not in allowed]
                if unknown:
                    problems.append(f"第{k}行的牵头单位 {unknown} 不在候选单位中")
            lost = [s.id for s in group if s.targets and s.id not in covered]
            if lost:
                problems.append(f"含有量化指标的句子 {lost} 没有写入任何一行")
            return problems

        try:
            out = llm.structured(rendered.messages, RefinedChunk, validate=check, prompt=rendered.prompt.id)
        except LLMError as exc:
            notes.append(f"lines {group[0].paragraph.line}–{group[-1].paragraph.line}: LLM not used ({exc}); the rules' rows stand")
            return rules_rows(report, group, suggest)
        rows = []
        for row in out.rows:
            order = sorted(row.segments)
            sug = suggest(order)
            picked = list(row.lead_units)
            units = sug.get("lead_units", [])
            # the LLM's picks first, each still with the evidence rows it was offered with
            by_value = {c.value: c for i in order for c in candidates[i]}
            chosen = [by_value[u] for u in picked if u in by_value]
            sug["lead_units"] = chosen + [c for c in units if c.value not in picked]
            rows.append(build_row(report, [ids[i] for i in order], 0, content=row.content.strip(), suggestions=sug, drafted_by="llm"))
        return rows

    finished = [0]
    lock = threading.Lock()

    def counted(group: list[Segment]) -> list[DraftTask]:
        rows = one(group)
        if progress:
            with lock:
                finished[0] += 1
                progress(finished[0], len(groups))
        return rows

    return [row for rows in llm.map(counted, groups) for row in rows]
