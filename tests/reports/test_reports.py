"""Report reading: noise dropped, headings → section paths, lead-ins, the work-plan part."""

import pytest

from conftest import SHARED
from pipeline.errors import InputError
from pipeline.reports.paragraphs import read_report

WEB_COPY = """下载
打印
全屏
【字号：
加大
】
2026年某市政府工作报告
——2026年1月20日在某市第十届人民代表大会第六次会议上
来源：某市日报
市长代表市人民政府作报告。本报记者 某某 摄
各位代表：
一、2025年工作回顾
过去一年，全市经济运行稳中有进。
二、2026年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。
（一）加快建设现代化产业体系。推进新型工业化，新增公共停车泊位1200个。
促进消费扩容升级。实施提振消费专项行动，举办促消费活动100场以上。
（二）持续保障和改善民生
新开工保障性租赁住房1万套。
附件
2026年市十件民生实事
一、建设老年助餐点
新建老年助餐点50个。
相关报道：
某市召开人代会
"""


@pytest.fixture
def web_copy(tmp_path):
    p = tmp_path / "report.txt"
    p.write_text(WEB_COPY, encoding="utf-8")
    return read_report(p, doc_id="city_2026")


def test_noise_and_tail_dropped(web_copy):
    texts = [p.text for p in web_copy.paragraphs]
    assert texts[0] == "2026年某市政府工作报告" and web_copy.year == 2026
    assert not any(t in texts for t in ("下载", "打印", "来源：某市日报", "某市召开人代会", "相关报道："))
    assert not any("摄" in t and "记者" in t for t in texts)
    assert web_copy.paragraphs[0].line == 7  # line numbers are the file's


def test_sections_and_plan(web_copy):
    def by_text(prefix):
        (hit,) = [p for p in web_copy.paragraphs if p.text.startswith(prefix)]
        return hit

    parking = by_text("（一）加快建设现代")
    assert parking.section_path == ["二、2026年工作安排", "（一）加快建设现代化产业体系"] and parking.in_plan
    consume = by_text("促进消费扩容升级")
    assert consume.lead == "促进消费扩容升级" and consume.section_path[-1] == "（一）加快建设现代化产业体系"
    housing = by_text("新开工保障性租赁")
    assert housing.section_path == ["二、2026年工作安排", "（二）持续保障和改善民生"]
    assert not by_text("过去一年，全市经济").in_plan
    meals = by_text("新建老年助餐点50")
    assert meals.section_path == ["附件", "2026年市十件民生实事", "一、建设老年助餐点"] and meals.in_plan


def test_docx_report(tmp_path):
    import docx

    d = docx.Document()
    for line in WEB_COPY.splitlines()[6:20]:
        d.add_paragraph(line)
    path = tmp_path / "r.docx"
    d.save(path)
    r = read_report(path)
    assert r.title == "2026年某市政府工作报告"
    assert any(p.in_plan and "停车泊位" in p.text for p in r.paragraphs)


def test_empty_and_missing(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("下载\n打印\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no paragraphs"):
        read_report(p)
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "missing.txt")


REPORTS = SHARED / "reports"


@pytest.mark.shared
@pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/reports not present (development reports are not part of the repository)")
@pytest.mark.parametrize("name,plan_heading", [("2026_江苏省", "三、2026年重点工作"), ("2026_浙江省", "三、2026年重点工作"), ("2026_广东省", "三、2026年工作安排")])
def test_real_reports(name, plan_heading):
    r = read_report(REPORTS / f"{name}.txt")
    assert r.year == 2026
    texts = [p.text for p in r.paragraphs]
    assert "下载" not in texts and not any(t.startswith("相关报道") for t in texts)
    plan = [p for p in r.paragraphs if p.in_plan]
    assert plan and plan[0].section_path[0] == plan_heading
    raw = (REPORTS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    assert all(raw[p.line - 1].strip() == p.text.replace(" ", "\u3000") or raw[p.line - 1].strip().replace("\u3000", " ") == p.text for p in r.paragraphs)


# Layouts of the year's work-plan part beyond "二、2026年工作安排" (invented text)
MAIN_WORK = """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
一、2025年主要工作和五年发展成就
过去一年，全省完成造林绿化十万亩。
二、五年目标任务
五年内，全省基本建成现代化交通网络。
三、2026年主要工作
这一年，全省要起好步、开好局。
（一）壮大特色产业
培育茶叶产业。新建茶园示范基地20个，推动茶旅融合。
四、加强政府自身建设
坚持依法行政，提升办事效率。
"""

COMBINED = """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
一、2025年工作回顾
上一年，全省经济运行平稳。
二、“十五五”规划目标与2026年工作安排
五年内，全省要建成区域创新高地，居民收入稳步增长。
为实现上述目标，规划安排了八个领域的重点任务。
今年，全省政府工作要稳中求进、起好步。
（一）扩大有效投资
推进重大项目。开工建设水利工程12项，完成投资80亿元。
三、持续改进政府作风
坚持依法行政。
"""

UNNUMBERED = """2026年某省政府工作报告
各位代表：
受省政府委托，作如下报告。
“十四五”时期发展回顾
五年来，全省地区生产总值年均增长6%左右。
“十五五”时期发展目标
五年内，努力实现以下目标：一是产业体系更加完善。
2026年重点工作
这一年，全省要重点抓好三个方面工作：
（一）做强特色农业
稳定粮食生产。建设高标准农田30万亩，推广良种良法。
（二）守住安全底线
提升防灾能力。新建应急避难场所15处，加强预警发布。
各位代表！让我们团结奋斗，再创佳绩。
"""


def _report(tmp_path, text, name="report.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_report(p)


def _by_prefix(report):
    def by(prefix):
        (hit,) = [p for p in report.paragraphs if p.text.startswith(prefix)]
        return hit

    return by


def _plan_texts(report):
    return [p.text for p in report.paragraphs if p.in_plan]


def test_plan_heading_main_work_and_review_parts(tmp_path):
    r = _report(tmp_path, MAIN_WORK)
    plan = _plan_texts(r)
    assert plan[0] == "三、2026年主要工作" and "新建茶园示范基地20个" in plan[-1]
    # last year's 主要工作 with its 成就 is the review; the five-year part and self-building are not the plan
    assert not any(t.startswith(("过去一年", "五年内", "坚持依法")) for t in plan)


def test_plan_heading_rules():
    from pipeline.reports.layout import is_combined_part, is_plan_heading

    assert is_plan_heading("三、2026年主要工作", 2026) and is_plan_heading("二、2026年工作任务", 2026)
    assert is_plan_heading("三、今年重点任务", 2026) and is_plan_heading("三、重点工作", 2026)
    assert not is_plan_heading("一、2025年主要工作", 2026)  # an earlier year: the review
    assert not is_plan_heading("一、2025年主要工作和五年发展成就", None)
    assert not is_plan_heading("二、“十五五”时期的发展目标", 2026)  # no year: the five-year plan
    assert is_plan_heading("二、“十五五”规划目标与2026年工作安排", 2026) and is_combined_part("二、“十五五”规划目标与2026年工作安排")
    assert not is_combined_part("三、2026年重点工作")


def test_combined_five_year_and_year_part_starts_at_the_year(tmp_path):
    by = _by_prefix(_report(tmp_path, COMBINED))
    assert by("二、").in_plan  # the part's heading
    assert not by("五年内").in_plan and not by("为实现上述目标").in_plan  # the five-year plan comes first
    assert by("今年，").in_plan and by("推进重大项目").in_plan
    assert by("推进重大项目").section_path == ["二、“十五五”规划目标与2026年工作安排", "（一）扩大有效投资"]
    assert not by("坚持依法行政").in_plan


def test_unnumbered_part_titles(tmp_path):
    r = _report(tmp_path, UNNUMBERED)
    by = _by_prefix(r)
    assert r.year == 2026 and by("2026年某省").section_path == []  # the title is not a part
    review = by("五年来")
    assert review.section_path == ["“十四五”时期发展回顾"] and not review.in_plan
    assert by("五年内").section_path == ["“十五五”时期发展目标"] and not by("五年内").in_plan
    assert by("2026年重点工作").heading and by("2026年重点工作").in_plan
    fields = by("稳定粮食生产")
    assert fields.section_path == ["2026年重点工作", "（一）做强特色农业"] and fields.in_plan and fields.lead == "稳定粮食生产"
    assert by("提升防灾能力").section_path == ["2026年重点工作", "（二）守住安全底线"]


def test_unnumbered_titles_are_not_parts_in_a_numbered_report(tmp_path):
    # once 一、 parts are printed, a short line such as "2026年重点工作" inside one is not a new part
    r = _report(tmp_path, WEB_COPY.replace("（二）持续保障和改善民生\n", "（二）持续保障和改善民生\n2026年重点工作\n"))
    line = next(p for p in r.paragraphs if p.text == "2026年重点工作")
    assert line.section_path[0] == "二、2026年工作安排" and line.in_plan
