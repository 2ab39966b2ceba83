"""Word (.docx) drafts in the official layout (pipeline/draft/officedoc/): the progress report
or template, and structured summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.draft.excel import summary_rows
from pipeline.draft.officedoc.document import OfficialDoc
from pipeline.draft.officedoc.style import DocStyle
from pipeline.draft.progress_report import ProgressReport
from pipeline.draft.summary import Summary, counts_sentence, top_names, value_text
from pipeline.text.numerals import cn_number


def progress_docx(report: ProgressReport, path: Path, style: Optional[DocStyle] = None) -> Path:
    doc = OfficialDoc(style, author=report.issuer or "GovTasks")
    doc.attachment("附件")
    doc.title(report.title_parts or report.title)
    doc.subtitle(report.subtitle)
    doc.heading("一、总体情况", 1)
    doc.paragraph("".join(report.overview))
    for caption, png in report.charts:
        doc.image(Path(png), width_cm=15.0, caption=caption)
    doc.heading("二、分项推进情况", 1)
    for g in report.goals:
        doc.heading(g.heading, 2)
        doc.paragraph("".join(g.sentences))
        for ts in g.tasks:
            doc.heading(f"{ts.number}. {ts.task.content}".replace("\n", " "), 3)
            doc.paragraph(f"任务{ts.label}{'（' + ts.role + '）' if ts.role else ''}；{ts.units}。", indent=True)
            if ts.targets:
                doc.table(["指标", "目标值", "实际完成", "完成率", "状态"], [[t.metric, t.target, t.achieved, t.rate, t.verdict] for t in ts.targets], [4.6, 3.4, 3.0, 2.0, 2.6])
            doc.paragraph(ts.progress, lead="进展情况：")
            if ts.completion:
                doc.paragraph(ts.completion, lead="完成率：")
            doc.paragraph(ts.problems, lead="存在问题：")
            doc.paragraph(ts.next_steps, lead="下一步打算：")
            for note in ts.notes:
                doc.paragraph(note, lead="注：")
    doc.heading("三、存在问题", 1)
    for text in report.problems:
        doc.paragraph(text)
    doc.heading("四、下步打算", 1)
    for text in report.plans:
        doc.paragraph(text)
    doc.signature(report.issuer, report.date, report.contact)
    doc.page_numbers()
    return doc.save(path)


def summary_docx(title: str, summaries: list[Summary], path: Path, style: Optional[DocStyle] = None) -> Path:
    """A summary is a table document: A4 landscape, the row table with every column the .md and
    .xlsx have (序号, 角色, 目标名称, 工作内容, 分管领导, 牵头单位, 责任单位, 量化指标) and widths
    that keep each header on one line."""
    doc = OfficialDoc(style, landscape=True, author=summaries[0].label if len(summaries) == 1 else "GovTasks")
    doc.title(title)
    width = doc.text_width_cm
    for i, s in enumerate(summaries, start=1):
        doc.heading(f"{cn_number(i)}、{s.heading}", 1)
        doc.paragraph(counts_sentence(s))
        if s.kind != "leader":
            doc.paragraph(top_names(s.leaders), lead="分管领导：")
        if s.kind != "unit":
            doc.paragraph(top_names(s.lead_units), lead="牵头单位：")
        doc.paragraph(top_names(s.co_units), lead="协同单位：" if s.kind == "unit" else "责任单位：")
        doc.paragraph(top_names(s.goals), lead="涉及目标：")
        rows = summary_rows(s)
        columns = ROW_COLUMNS if s.kind == "unit" else [c for c in ROW_COLUMNS if c[0] != "角色"]
        keep = [i for i, c in enumerate(ROW_COLUMNS) if c in columns]
        doc.table([c[0] for c in columns], [[r[i] for i in keep] for r in rows], _fit([c[1] for c in columns], width))
        if s.targets:
            doc.paragraph("", lead="量化指标", indent=True)
            doc.table(["指标", "目标值", "单位", "限定", "任务序号"], [[t.metric, value_text(t), t.unit, t.qualifier, t.row] for t in s.targets], _fit([10.5, 3.5, 2.5, 3.5, 2.5], width))
    doc.page_numbers()
    return doc.save(path)


# (header, relative width) of a summary's row table: the columns of summary_rows without 出处
ROW_COLUMNS = [("序号", 1.3), ("角色", 1.3), ("目标名称", 2.8), ("工作内容", 7.0), ("分管领导", 2.2), ("牵头单位", 2.6), ("责任单位", 2.6), ("量化指标", 2.7)]


def _fit(widths: list[float], total: float) -> list[float]:
    """Widths scaled to fill the text block."""
    k = total / sum(widths)
    return [round(w * k, 2) for w in widths]
