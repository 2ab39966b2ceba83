"""Report text (.txt one paragraph per line, .docx, .pdf) → Paragraphs with their section path
(一、 / （一） / 1. headings, inline lead-ins), line numbers, and the work-plan part marked (the
layout rules for parts and the year's plan: pipeline/reports/layout.py).

Web copies carry noise: navigation lines at the top ("下载 打印 全屏 …", "来源：", photo
captions) and a "相关报道：" tail. Both are dropped; line numbers stay those of the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, Union

from pipeline.errors import InputError
from pipeline.extract.metadata import slug, stated_year
from pipeline.readers import read_lines
from pipeline.reports.layout import L1, L2, L3, is_combined_part, is_plan_heading, is_unnumbered_part_title, opens_year
from pipeline.schema import Paragraph, Report

_NAV = {"下载", "打印", "全屏", "收藏", "分享", "【字号：", "【字号:", "加大", "还原", "减小", "】", "默认", "大", "中", "小", "关闭", "关闭窗口", "返回顶部", "扫一扫", "微信", "微博"}
_NOISE = [re.compile(p) for p in (r"^(来源|时间|发布时间|作者|编辑|责任编辑|浏览次数|字号)[:：]", r"^【.{0,6}】$", r"(记者|摄影).{0,12}摄$", r"^(上一篇|下一篇)[:：]")]
_TAIL = re.compile(r"^(相关(报道|新闻|链接|阅读)|延伸阅读|推荐阅读)[:：]?\s*$")
_ANNEX = re.compile(r"^附件\s*\d*\s*$")
_LEAD = re.compile(r"^([^。！？；]{2,24}?)[。！]")


def _is_noise(line: str) -> bool:
    return line in _NAV or any(p.search(line) for p in _NOISE)


def _heading_text(line: str) -> tuple[str, bool]:
    """(heading, whole_line): a heading line of its own, or the first sentence of a paragraph."""
    if len(line) <= 40 and not re.search(r"[。！？；]", line[:-1]):
        return line.rstrip("。"), True
    m = re.match(r"^(.{2,60}?)[。：:]", line)
    return (m.group(1) if m else line[:30]), False


def paragraphs_from_lines(lines: list[tuple[int, str]], doc_id: str, page_of: Optional[dict] = None) -> list[Paragraph]:
    """(line number, text) pairs → Paragraphs. Stops at a "相关报道：" tail."""
    out: list[Paragraph] = []
    path: list[str] = []
    in_plan = False
    started = False
    year: Optional[int] = None  # the report's, from its title or dateline
    numbered = False  # a 一、 part has been seen: unnumbered title lines are no longer parts
    waiting_for_year = False  # in a five-year + year part, before the year's plan opens
    for lineno, raw in lines:
        text = raw.strip().replace("\u3000", " ")
        if not text:
            continue
        if _TAIL.match(text):
            break
        if _is_noise(text):
            continue
        if not started:
            # the body starts at the title or the salutation; what comes before is page chrome
            if "政府工作报告" in text or text.startswith("各位代表"):
                started = True
            elif len(text) < 30:
                continue
            started = True
        if year is None and len(out) < 4 and ("政府工作报告" in text or text.startswith("—")):
            year = stated_year([text])
        heading = part = False
        lead = None
        annex = bool(path) and bool(_ANNEX.match(path[0]))
        if _ANNEX.match(text):
            path, heading, in_plan, waiting_for_year = [text], True, False, False
        elif annex and len(path) == 1 and len(text) <= 30 and not L1.match(text):
            # the annex's title: "2026年省十件民生实事" is part of the year's plan
            path, heading = [path[0], text], True
            in_plan = bool(re.search(r"20\d{2}年|今年", text)) and bool(re.search(r"实事|任务|工作|项目", text))
        elif L1.match(text) and len(text) <= 60:
            if annex:
                path, heading = path[:2] + [text.rstrip("。")], True
            else:
                path, heading, part, numbered = [text.rstrip("。")], True, True, True
        elif not numbered and not annex and is_unnumbered_part_title(text):
            path, heading, part = [text], True, True  # a part title printed without 一、 (numbering style of its own)
        elif L2.match(text):
            title, heading = _heading_text(text)
            path = path[:1] + [title]
        elif L3.match(text) and path:
            title, whole = _heading_text(text)
            path = path[:2] + [title]
            heading = whole
        else:
            m = _LEAD.match(text)
            if m and len(text) > len(m.group(0)) + 10:
                lead = m.group(1)
        if part:
            in_plan = is_plan_heading(text, year)
            waiting_for_year = in_plan and is_combined_part(text)
        elif waiting_for_year:
            waiting_for_year = not opens_year(text, year)
        out.append(
            Paragraph(
                doc_id=doc_id, index=len(out), text=text, line=lineno if page_of is None else None,
                page=(page_of or {}).get(lineno), section_path=list(path), lead=lead, heading=heading, in_plan=in_plan and (part or not waiting_for_year),
            )
        )
    return out


def _title(paragraphs: list[Paragraph]) -> Optional[str]:
    for p in paragraphs[:5]:
        if "政府工作报告" in p.text and len(p.text) <= 40:
            return p.text
    return None


def _year(paragraphs: list[Paragraph]) -> Optional[int]:
    """From the title, else the dateline under it ("——2026年1月26日在…会议上")."""
    return stated_year([p.text for p in paragraphs[:4] if "政府工作报告" in p.text or p.text.startswith(("——", "—"))])


def read_report(path: Union[str, Path], *, doc_id: Optional[str] = None, display: Optional[str] = None) -> Report:
    path = Path(path)
    display = display or str(path)
    if not path.is_file():
        raise InputError(display, "no such file" if not path.exists() else "is a folder, not a file", "give one report file")
    text = read_lines(path, display)
    lines, page_of = text.lines, text.page_of
    doc_id = doc_id or slug(path.stem)
    paragraphs = paragraphs_from_lines(lines, doc_id, page_of)
    if not paragraphs:
        raise InputError(display, "the report has no paragraphs", "give the report text (one paragraph per line for .txt)")
    title = _title(paragraphs)
    return Report(doc_id=doc_id, path=display, title=title, year=_year(paragraphs), paragraphs=paragraphs)
