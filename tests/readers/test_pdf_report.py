"""A report printed to PDF reads back as the paragraphs it was written in: lines joined by layout
(pipeline/readers/pdf_text.py) — a title and a numbered heading stay paragraphs of their own, a
paragraph that wraps over several lines is one, an inline lead-in （一）…。 starts a paragraph."""

import shutil

import pytest

from pipeline.readers import read_lines
from pipeline.readers.legacy import convert_with_soffice

LONG = "坚持把实施扩大内需战略同深化供给侧结构性改革有机结合起来，加快培育完整内需体系，深入实施消费提振行动，推动消费从疫后恢复转向持续扩大，打造国际消费中心城市和区域消费中心，"
PARAGRAPHS = [
    "某某市2027年政府工作报告",
    "——2027年1月10日在某某市第十七届人民代表大会第五次会议上",
    "各位代表：",
    "一、2026年工作回顾",
    "过去一年，我们坚持稳中求进工作总基调，" + LONG * 2 + "全年地区生产总值增长5.5%。",
    "二、2027年工作安排",
    "（一）扩大有效需求。" + LONG * 3 + "社会消费品零售总额增长6%左右。",
    "（二）建设现代化产业体系",
    "新增公共停车泊位1500个以上。",
    LONG + "推进老旧小区改造30个。",
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_pdf_report_paragraphs_are_the_written_ones(tmp_path):
    import docx  # heavy: python-docx, only to write the report printed here

    d = docx.Document()
    for text in PARAGRAPHS:
        d.add_paragraph(text)
    d.save(str(tmp_path / "report.docx"))
    pdf = convert_with_soffice(tmp_path / "report.docx", "pdf", tmp_path, "report.docx")
    got = read_lines(pdf)
    assert [t.replace(" ", "") for _, t in got.lines] == [p.replace(" ", "") for p in PARAGRAPHS]
    assert set(got.page_of.values()) >= {1}
