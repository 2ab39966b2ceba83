"""A report's 主要预期目标 (main expected targets), deterministically.

**The statement** is found where the report says "(今年)…主要(预期)目标(是|为)：" — in the year's
plan, not the five-year (十五五) goals — continuing into the next paragraphs when a web copy broke
the sentence ("…的" / "主要预期目标" / "是：…"). It runs to the end of its sentence and on through the
following sentences of the paragraph while they go on naming targets ("…。CPI涨幅2%左右，…。").

**Targets.** Clauses are split at ；and ，. A clause with a number is a quantitative target (number,
unit and qualifier from the table reader, pipeline/extract/targets.py). A clause without one is a
qualitative target when it states a direction against a benchmark (与经济增长同步, 完成国家下达…,
控制在国家下达目标内, 只增不减, 稳步提升, 高于…, 保持优秀水平 — DIRECTIONS below), else a rider
("在实际工作中努力争取更好结果", "努力跑赢全国") and dropped. Shared predicates are distributed: "A、B
稳步提升" and "完成国家下达的A、B任务" are two targets, "城镇、农村居民收入分别增长4.5%、5.5%" two
with their own numbers.

**Metric** is the thing measured: the clause before its number or its direction phrase, without
the verbs around it (完成国家下达的…任务 → the indicator inside). **Direction**: increase, decrease,
keep (a rate held at or under a level), reach (a level or amount), in_step, complete, stable, other;
**benchmark**: what a qualitative target is measured against (经济增长, 国家下达)."""

from __future__ import annotations

import re
from typing import Optional

from pipeline.errors import InputError
from pipeline.extract.targets import find_targets
from pipeline.schema import MainTarget, Paragraph, Report

_OPENING = re.compile(r"主要(?:预期)?目标(?:是|为)\s*[：:]?|主要预期目标\s*[：:]?")
_LEAD = re.compile(r"^\s*(?:是|为)?\s*[：:]")
_RIDER = re.compile(r"^(?:在实际工作中|实际工作中|努力|全力|力争更好|争取更好|并|确保|对标|加快构建|在全国)")
_VERBS = re.compile(r"(?:按增长|增长|上涨|提高|提升|降低|下降|减少|保持|达到|控制在|稳定在|实现|为|在|按|同口径)$")
_KEEP_QUALIFIERS = ("左右", "以内", "以下", "之内")
# qualitative directions, tried in order: (direction, pattern with an optional <b>enchmark and the <p>hrase start)
DIRECTIONS = (
    ("in_step", re.compile(r"(?P<p>(?:增长|增速)?\s*(?:与|和|同)(?P<b>[^，；。、]{2,10}?)(?:基本)?同步)")),
    ("keep", re.compile(r"(?P<p>控制在(?P<b>[^，；。]{0,12}?下达)[^，；。]*?(?:以内|之内|内))")),
    ("complete", re.compile(r"(?P<p>(?:降低|下降|减排)?(?:不折不扣)?(?:完成|达到)(?:经)?(?P<b>[^，；。]{0,16}?(?:下达|确定))[^，；。]*)")),
    ("increase", re.compile(r"(?P<p>只增不减|(?:争取)?实现正增长|稳步提升|稳步增长|持续提升|(?:增长)?高于(?P<b>[^，；。]{2,12}))")),
    ("stable", re.compile(r"(?P<p>保持(?:稳定|优秀水平|良好|基本平衡)|稳中有升|稳中提质|稳量提质|基本平衡)")),
    ("other", re.compile(r"(?P<p>提质增效|保持在(?P<b>[^，；。]{2,12}?)(?:以上|以下)?$)")),
)
_VERB_FIRST = re.compile(r"^(?P<v>提高|提升|增加|完成(?P<b>[^，；。]{0,10}?下达)的)(?P<rest>.+?)(?P<tail>目标任务|任务|目标)?$")
_NUMBER_START = re.compile(r"(?<![A-Za-z0-9.])\d")  # PM2.5浓度30微克: the number is 30
_RESPECTIVELY = re.compile(r"^(?P<subjects>[^，；。]+?)分别(?P<verb>增长|提高|下降|达到)")


def targets_statement(report: Report) -> Optional[tuple[list[Paragraph], str]]:
    """The report's 主要预期目标 statement: (paragraphs it spans, its text after the colon), or None."""
    paras = report.paragraphs
    chosen = None
    for i, p in enumerate(paras):
        for m in _OPENING.finditer(p.text):
            before = re.split(r"[。！？]", p.text[: m.start()])[-1][-40:]  # the same sentence only
            if "十五五" in before or "五年" in before:
                continue  # the five-year goals, not this year's
            score = (2 if ("今年" in before or re.search(r"20\d\d年", before)) else 0) + (1 if p.in_plan else 0) + (1 if "预期" in m.group(0) else 0)
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
    sentences = [s for s in re.split(r"(?<=。)", text) if s.strip()]
    kept = sentences[:1]
    for s in sentences[1:]:  # "…。CPI涨幅2%左右，单位GDP二氧化碳排放下降3%左右。": the list goes on
        if not _names_targets(s):
            break
        kept.append(s)
    return used, "".join(kept).replace("。", "；").rstrip("；")


def _names_targets(sentence: str) -> bool:
    """Does a sentence go on listing targets (each clause a number or a direction, not framing)?"""
    clauses = [c for c in re.split(r"[，；,;。]", sentence) if c.strip()]
    return bool(clauses) and not re.match(r"^(?:这|上述|以上|实现|综合|主要|为|我们|同时|今年|各位)", sentence.strip()) and all(find_targets(c) or _qualitative(c) for c in clauses)


def _qualitative(piece: str) -> Optional[tuple[str, str, int]]:
    """(direction, benchmark, where the direction phrase starts) of a clause without a number."""
    for direction, rx in DIRECTIONS:
        m = rx.search(piece)
        if m:
            bench = (m.groupdict().get("b") or "").strip("的 ")
            return direction, bench, m.start("p")
    m = _VERB_FIRST.match(piece)
    if m:
        return ("complete" if m.group("b") else "increase"), (m.group("b") or "").strip("的 "), 0
    return None


def _parts(statement: str) -> list[str]:
    """The statement's clauses that name a target, riders dropped."""
    out = []
    for clause in re.split(r"[；;]", statement):
        for piece in (x.strip() for x in re.split(r"[，,]", clause)):
            if not piece or _RIDER.match(piece) and not find_targets(piece):
                continue
            if find_targets(piece) or _qualitative(piece):
                out.append(piece)
    return out


def _direction(part: str, value, qualifier: str) -> str:
    if value is None:
        q = _qualitative(part)
        return q[0] if q else "other"
    if re.search(r"降低|下降|减少|压减", part):
        return "decrease"
    if (re.search(r"率|涨幅|指数", part) or re.search(r"控制在|不超过", part)) and any(q in qualifier for q in _KEEP_QUALIFIERS) and "增长" not in part:
        return "keep"  # a rate, or a cap, held at or under a level
    if "增长" in part or "增速" in part or re.search(r"提高|提升", part):
        return "increase"
    return "reach"


def _strip_verbs(head: str) -> str:
    prev = None
    while head != prev:
        prev, head = head, _VERBS.sub("", head)
    return head.strip("的、 ")


def _metric(part: str) -> str:
    """The thing measured: 地区生产总值增长5% → 地区生产总值; 居民收入增长与经济增长同步 → 居民收入;
    完成国家下达的单位GDP二氧化碳排放降低任务 → 单位GDP二氧化碳排放."""
    if _NUMBER_START.search(part):
        return _strip_verbs(_NUMBER_START.split(part, maxsplit=1)[0]) or part
    m = _VERB_FIRST.match(part)
    if m:
        return _strip_verbs(re.sub(r"(?:降低|下降|减排)$", "", m.group("rest"))) or part
    q = _qualitative(part)
    head = part[: q[2]] if q else part
    return _strip_verbs(head) or part


def _distributed(part: str) -> list[tuple[str, str]]:
    """(text, metric) of each target a clause states: one, or several sharing a predicate."""
    numbers = find_targets(part)
    m = _RESPECTIVELY.match(part)
    if m and len(numbers) >= 2:  # 城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右
        subjects = _subjects(m.group("subjects"))
        if len(subjects) == len(numbers):
            cut = [part.find(t.text.split("、")[-1]) + len(t.text.split("、")[-1]) for t in numbers]
            return [(part[: cut[k]] if k < len(numbers) - 1 else part, s) for k, s in enumerate(subjects)]
    body, prefix = part, ""
    v = _VERB_FIRST.match(part)
    if v and not numbers:
        prefix, body = part[: v.start("rest")], v.group("rest")
    q = _qualitative(body) if not numbers else None
    head = body[: q[2]] if q and q[2] > 0 else _NUMBER_START.split(body, maxsplit=1)[0] if numbers else body
    names = [x for x in head.split("、")]
    if len(names) >= 2 and all(len(_strip_verbs(x)) >= 3 for x in names):  # A、B + a shared predicate
        rest = body[len(head) :]
        out, at = [], 0
        for k, name in enumerate(names):
            start = part.find(name, at)
            at = start + len(name)
            text = part if k == 0 else part[start:]
            metric = _metric(prefix + name + (v.group("tail") or "") if v and not numbers else name + rest)
            out.append((text, metric))
        return out
    return [(part, _metric(part))]


def _subjects(text: str) -> list[str]:
    """城镇、农村居民人均可支配收入 → [城镇居民人均可支配收入, 农村居民人均可支配收入]; 城乡居民… likewise."""
    if text.startswith("城乡"):
        return ["城镇" + text[2:], "农村" + text[2:]]
    parts = text.split("、")
    last = parts[-1]
    short = [p for p in parts[:-1] if len(p) <= 2]
    if short and len(short) == len(parts) - 1:
        head = last[len(short[0]) :] if len(last) > len(short[0]) else last
        return [p + head for p in parts[:-1]] + [last]
    return parts


def main_targets(report: Report) -> list[MainTarget]:
    found = targets_statement(report)
    if found is None:
        raise InputError(report.path, "no 主要预期目标 statement found in the report", "check that this is a government work report with the year's main targets")
    used, statement = found
    anchor = used[-1] if len(used) > 1 and not _OPENING.search(used[-1].text) else used[0]
    out = []
    for part in _parts(statement):
        targets = find_targets(part)
        pieces = _distributed(part)
        for k, (text, metric) in enumerate(pieces):
            tg = targets[k] if len(pieces) > 1 and len(targets) == len(pieces) else (targets[0] if targets else None)
            where = next((p for p in used if part in p.text), anchor)  # the paragraph holding this part
            said = part if tg is None else text  # a shared predicate: the whole clause says the direction
            direction = _direction(said, tg.value if tg else None, tg.qualifier if tg else "")
            q = _qualitative(said) if tg is None else None
            bench = q[1] if q else ""
            out.append(
                MainTarget(
                    text=text, metric=metric, direction=direction, benchmark=bench,
                    value=tg.value if tg else None, unit=tg.unit if tg else "", qualifier=tg.qualifier if tg else "",
                    doc_id=report.doc_id, line=where.line, paragraph=where.index,
                )
            )
    return out


def describe_target(text: str, value, qualifier: str = "") -> tuple[str, str]:
    """(metric, direction) of one target's text, by the same rules as the report's main targets:
    新增公共停车泊位 1200 个 → ("新增公共停车泊位", "reach"); 单位GDP能耗下降3% → (…, "decrease")."""
    return _metric(text), _direction(text, value, qualifier)
