"""A report's 主要预期目标 (main expected targets), deterministically.

The statement is found where the report says "(今年)…主要预期目标(是|为)：" — in the year's
plan, not the five-year (十五五) goals — continuing into the next paragraphs when a web copy
broke the sentence ("…的" / "主要预期目标" / "是：…"). It runs to the first 。. Clauses are split
at ；, and at ， where both sides name an indicator ("新增就业10万人，失业率5.5%以内");
riders such as "在实际工作中努力争取更好结果" are dropped. Each clause's number, unit and
qualifier come from the same target reader as the tables (pipeline/extract/targets.py); a
clause with no number is a qualitative target (value null)."""

from __future__ import annotations

import re
from typing import Optional

from pipeline.errors import InputError
from pipeline.extract.targets import find_targets
from pipeline.schema import MainTarget, Paragraph, Report

_OPENING = re.compile(r"主要预期目标(?:是|为)?\s*[：:]?")
_LEAD = re.compile(r"^\s*(?:是|为)?\s*[：:]")
_RIDER = re.compile(r"^(?:在实际工作中|实际工作中|努力|全力|力争更好|争取更好|并)")
_VERBS = re.compile(r"(?:按增长|增长|降低|下降|减少|保持|达到|控制在|稳定在|实现|为|在|按)$")
_KEEP_QUALIFIERS = ("左右", "以内", "以下", "之内")


def _statement(report: Report) -> Optional[tuple[list[Paragraph], str]]:
    """(paragraphs the statement spans, its text after the colon), or None."""
    paras = report.paragraphs
    chosen = None
    for i, p in enumerate(paras):
        for m in _OPENING.finditer(p.text):
            before = re.split(r"[。！？]", p.text[: m.start()])[-1][-40:]  # the same sentence only
            if "十五五" in before or "五年" in before:
                continue  # the five-year goals, not this year's
            score = (2 if ("今年" in before or re.search(r"20\d\d年", before)) else 0) + (1 if p.in_plan else 0)
            if chosen is None or score > chosen[0]:
                chosen = (score, i, m.end())
    if chosen is None:
        return None
    _, i, end = chosen
    used, text = [paras[i]], paras[i].text[end:]
    j = i + 1
    while "。" not in text and j < len(paras) and len(text.strip()) < 400:  # the sentence goes on
        nxt = paras[j].text
        used.append(paras[j])
        text += _LEAD.sub("", nxt) if not text.strip() else nxt
        j += 1
    text = _LEAD.sub("", text)
    return used, text.split("。")[0]


def _parts(statement: str) -> list[str]:
    out = []
    for clause in re.split(r"[；;]", statement):
        pieces = [x.strip() for x in re.split(r"[，,]", clause) if x.strip()]
        for piece in pieces:
            if _RIDER.match(piece):
                continue
            if out and not re.search(r"\d", piece) and re.search(r"\d", out[-1]) and piece is not pieces[0]:
                continue  # a rider after a number ("…5%左右，确保…") adds no target
            out.append(piece)
    return out


def _direction(part: str, value, qualifier: str) -> str:
    if value is None:
        return "qualitative"
    if re.search(r"降低|下降|减少|压减", part):
        return "decrease"
    if re.search(r"率|涨幅|指数", part) and any(q in qualifier for q in _KEEP_QUALIFIERS) and "增长" not in part:
        return "keep"
    if "增长" in part or "增速" in part:
        return "increase"
    return "reach"


def _metric(part: str) -> str:
    head = re.split(r"\d", part, maxsplit=1)[0] if re.search(r"\d", part) else re.split(r"增长与|保持|完成|与经济", part, maxsplit=1)[0]
    prev = None
    while head != prev:
        prev, head = head, _VERBS.sub("", head)
    return head.strip() or part


def main_targets(report: Report) -> list[MainTarget]:
    found = _statement(report)
    if found is None:
        raise InputError(report.path, "no 主要预期目标 statement found in the report", "check that this is a government work report with the year's main targets")
    used, statement = found
    anchor = used[-1] if len(used) > 1 and not _OPENING.search(used[-1].text) else used[0]
    out = []
    for part in _parts(statement):
        targets = find_targets(part)
        tg = targets[0] if targets else None
        # the paragraph holding this part (the statement may run over several)
        where = next((p for p in used if part in p.text), anchor)
        out.append(
            MainTarget(
                text=part, metric=_metric(part), direction=_direction(part, tg.value if tg else None, tg.qualifier if tg else ""),
                value=tg.value if tg else None, unit=tg.unit if tg else "", qualifier=tg.qualifier if tg else "",
                doc_id=report.doc_id, line=where.line, paragraph=where.index,
            )
        )
    return out


def describe_target(text: str, value, qualifier: str = "") -> tuple[str, str]:
    """(metric, direction) of one target's text, by the same rules as the report's main targets:
    新增公共停车泊位 1200 个 → ("新增公共停车泊位", "reach"); 单位GDP能耗下降3% → (…, "decrease")."""
    return _metric(text), _direction(text, value, qualifier)
