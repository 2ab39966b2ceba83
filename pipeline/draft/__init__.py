"""Drafts the office circulates, from task rows: structured summaries (per unit, leader, goal or
district) and the period's progress report — a template to fill, the .xlsx ledger (台账) staff
fill in, or the report filled from an imported ledger — as Markdown, Word or Excel.

    select.py     which rows: a unit / leader / goal / district, aliases resolved, closest names on a miss
    summary.py    counts, lead vs responsible, targets table, co-units
    period.py     2026Q1 / 2026H1 / 2026M03 / 2026 and the share of the year they stand for
    progress.py   status 完成 / 推进中 / 滞后 (/ 未填报) and completion rates from entered values
    ledger.py     the .xlsx ledger out (its sheet layout and write_ledger)
    ledger_import.py  `progress import`: a filled ledger back in (all or nothing)
    narrative.py  the outline paragraph per goal: rules, or the LLM checked against the rows
    progress_report.py  the progress report as one model + chart data
    template_env.py  the Jinja2 environment over templates/ (or --template-dir)
    markdown.py / word.py / excel.py   the renderers; officedoc/ the official Word layout
    charts.py     bar charts (PNG); chart_font.py the Chinese font they are drawn with
    render.py     drafts as printed: LibreOffice → PDF → PNG, and the layout check (`govtasks render`)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Optional

from pipeline.draft.excel import write_summary_xlsx
from pipeline.draft.ledger import write_ledger
from pipeline.draft.ledger_import import read_progress
from pipeline.draft.markdown import progress_md, summary_md
from pipeline.draft.officedoc.style import DocStyle
from pipeline.draft.period import parse_period
from pipeline.draft.progress_report import build_report, make_charts, report_title
from pipeline.draft.select import KIND_LABEL, Selector
from pipeline.draft.summary import summarize
from pipeline.errors import InputError
from pipeline.schema import DocAbout, Task
from pipeline.util.atomic import write_text_atomic

FORMATS = ("md", "docx", "xlsx")


@dataclass
class DraftRequest:
    unit: list[str] = field(default_factory=list)
    leader: list[str] = field(default_factory=list)
    goal: list[str] = field(default_factory=list)
    district: Optional[str] = None
    by: Optional[str] = None
    period: Optional[str] = None
    progress: Optional[Path] = None
    fmt: str = "md"
    out: Optional[Path] = None
    charts: Optional[Path] = None
    with_charts: bool = True
    template_dir: Optional[Path] = None
    style: Optional[Path] = None
    each_district: bool = False  # a name found in several districts: one document per district


@dataclass
class DraftResult:
    kind: str  # summary | report | ledger
    out: Optional[Path]
    text: Optional[str]  # Markdown, when written to stdout
    selections: list = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record: object = None
    parts: list["DraftResult"] = field(default_factory=list)  # --each-district: one result per document


def _selections(selector, req: DraftRequest) -> list:
    picks = [("unit", n) for n in req.unit] + [("leader", n) for n in req.leader] + [("goal", n) for n in req.goal]
    if picks and req.by:
        raise InputError(None, "--by 逐个汇总全部单位/分管领导/目标/区，不能与 --unit/--leader/--goal 同用", "二者只选其一")
    if picks:
        sels = [selector.select(kind, name, req.district, each_district=req.each_district) for kind, name in picks]
        return [part for s in sels for part in selector.per_district(s)] if req.each_district else sels
    if req.by:
        if req.by == "district":
            return [selector.select("district", d) for d in ([req.district] if req.district else selector.names("district"))]
        return selector.every(req.by, req.district)
    if req.district:
        return [selector.select("district", req.district)]
    raise InputError(None, "未指定要起草哪个单位、分管领导、目标或区", "请给出 --unit、--leader、--goal 或 --district（或用 --by unit|leader|goal|district 逐个汇总）")


def _summary_title(sels) -> str:
    if len(sels) == 1:
        return f"{sels[0].label}目标任务汇总"
    kinds = {s.kind for s in sels}
    return f"目标任务汇总（按{KIND_LABEL[kinds.pop()] if len(kinds) == 1 else '选择'}，{len(sels)}个）"


def draft(tasks: list[Task], documents: Mapping[str, DocAbout | dict], req: DraftRequest, llm=None) -> DraftResult:
    """Select, build and write one draft. Raises InputError for anything the user can fix."""
    if req.fmt not in FORMATS:
        raise InputError(None, f"不支持的格式“{req.fmt}”", f"可用：{'、'.join(FORMATS)}")
    if req.fmt in ("docx", "xlsx") and req.out is None:
        raise InputError(None, f"{req.fmt} 文件需要用 -o 指定输出文件（如 -o 汇总.{req.fmt}）", "请给出要写入的文件名")
    if req.period is None and req.progress is not None:
        raise InputError(str(req.progress), "--progress 用于填写进展情况报告，需要报告期", "请同时给出 --period（如 --period 2026Q1）")
    selector = Selector(tasks, documents)
    sels = _selections(selector, req)
    groups = _by_district(selector, sels) if req.each_district else {None: sels}
    if len(groups) == 1:
        return _one(next(iter(groups.values())), selector, req, llm)
    parts = []
    for district, group in groups.items():
        sub = replace(req, out=_district_path(req.out, district) if req.out else None, charts=(req.charts / district) if req.charts else None)
        parts.append(_one(group, selector, sub, llm))
    result = DraftResult(parts[0].kind, None, None, sels, parts=parts)
    result.notes = [n for p in parts for n in p.notes]
    if req.out is None and all(p.text is not None for p in parts):
        result.text = "\n\n---\n\n".join(p.text for p in parts)  # Markdown to stdout: one document after another
    return result


def _one(sels, selector, req: DraftRequest, llm) -> DraftResult:
    return _summary(sels, selector, req) if req.period is None else _report(sels, selector, req, llm)


def _by_district(selector, sels) -> dict:
    """Selections grouped by the district of their rows, first-seen order."""
    groups: dict = {}
    for s in sels:
        (key,) = selector.districts_of(s) or {None: 0}
        groups.setdefault(key, []).append(s)
    return groups


def _district_path(out: Path, district: str) -> Path:
    """商务局_2026Q1.docx → 商务局_2026Q1_武进区.docx"""
    return out.with_name(f"{out.stem}_{district}{out.suffix}")


def _summary(sels, selector, req: DraftRequest) -> DraftResult:
    summaries = [summarize(s, selector.districts) for s in sels]
    title = _summary_title(sels)
    result = DraftResult("summary", req.out, None, sels)
    if req.fmt == "md":
        text = summary_md(title, summaries, req.template_dir)
        if req.out is None:
            result.text = text
        else:
            write_text_atomic(req.out, text)
    elif req.fmt == "xlsx":
        write_summary_xlsx(title, summaries, req.out)
    else:
        from pipeline.draft.word import summary_docx  # heavy: python-docx, loaded only for -f docx

        summary_docx(title, summaries, req.out, DocStyle.load(req.style))
    return result


def _report(sels, selector, req: DraftRequest, llm) -> DraftResult:
    if len(sels) != 1:
        raise InputError(None, f"一份进展情况报告只写一个单位、分管领导、目标或区（现选了{len(sels)}个）", "请只给一个 --unit/--leader/--goal/--district")
    sel = sels[0]
    period = parse_period(req.period)
    record = read_progress(req.progress) if req.progress else None
    if req.fmt == "xlsx":
        write_ledger(sel, period, req.out, report_title(sel, period) + "台账", prefill=record)
        return DraftResult("ledger", req.out, None, sels, record=record)
    report = build_report(sel, period, record, llm, selector.districts, req.template_dir)
    result = DraftResult("report", req.out, None, sels, notes=list(report.notes), record=record)
    folder = req.charts or (req.out.with_name(req.out.stem + "_charts") if req.out else None)
    if req.with_charts and folder is not None:
        from pipeline.draft.chart_font import NoCJKFont  # heavy: matplotlib, loaded only when charts are drawn

        try:
            result.charts = make_charts(report, folder)
        except NoCJKFont as exc:
            result.notes.append(f"未绘制图表：{exc}")
    if req.fmt == "md":
        if req.out is not None and report.charts:
            report.charts = [(c, _relative(Path(p), req.out.parent)) for c, p in report.charts]
        text = progress_md(report, req.template_dir)
        if req.out is None:
            result.text = text
        else:
            write_text_atomic(req.out, text)
    else:
        from pipeline.draft.word import progress_docx  # heavy: python-docx, loaded only for -f docx

        progress_docx(report, req.out, DocStyle.load(req.style))
    return result


def _relative(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)


__all__ = ["DraftRequest", "DraftResult", "draft", "FORMATS"]
