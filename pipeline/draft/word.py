"""Word (.docx) drafts in the official layout (pipeline/draft/officedoc.py): the progress report
or template, and structured summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.draft.excel import summary_rows
from pipeline.draft.officedoc import DocStyle, OfficialDoc
from pipeline.draft.report import ProgressReport, cn_number
from pipeline.draft.summary import Summary, counts_sentence, top_names, value_text


def progress_docx(report: ProgressReport, path: Path, style: Optional[DocStyle] = None) -> Path:
    doc = OfficialDoc(style)
    doc.attachment("附件")
    doc.title(report.title)
    doc.subtitle(report.subtitle)
    doc.heading("一、总体情况", 1)
    doc.paragraph("".join(report.overview))
    for caption, png in report.charts:
        doc.image(Path(png), width_cm=15.0)
        doc.paragraph(caption, indent=False).alignment = 1  # centred caption
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
    doc = OfficialDoc(style)
    doc.title(title)
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
        if s.kind == "unit":
            doc.table(["行", "角色", "工作内容", "牵头单位", "责任单位", "量化指标"], [[r[0], r[1], r[3], r[5], r[6], r[7]] for r in rows], [1.2, 1.2, 6.6, 2.4, 2.4, 1.8])
        else:
            doc.table(["行", "工作内容", "牵头单位", "责任单位", "量化指标"], [[r[0], r[3], r[5], r[6], r[7]] for r in rows], [1.2, 7.8, 2.4, 2.4, 1.8])
        if s.targets:
            doc.paragraph("量化指标", lead="", indent=False)
            doc.table(["指标", "目标值", "单位", "限定", "行"], [[t.metric, value_text(t), t.unit, t.qualifier, t.row] for t in s.targets], [6.4, 2.4, 2.0, 2.6, 2.2])
    doc.page_numbers()
    return doc.save(path)
