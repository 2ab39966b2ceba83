"""Report reading: noise dropped, headings → section paths, lead-ins, the work-plan part."""

import pytest

from conftest import SHARED
from pipeline.errors import InputError
from pipeline.reports import read_report

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
