import json

from conftest import WUJIN
from pipeline.extract import extract
from pipeline.extract.metadata import district_slug, slug, stated_district, stated_year


def test_district_and_year_from_title():
    assert stated_district(["常州市钟楼区2026年《政府工作报告》主要目标任务责任分解表"]) == "钟楼区"
    assert stated_district(["武进区《2026年政府工作报告》目标任务分解表"]) == "武进区"
    assert stated_district(["《2026年政府工作报告》已经区十七届人大五次会议审议通过"]) is None
    assert stated_year(["2026 年《政府工作报告》"]) == 2026
    assert district_slug("钟楼区") == "zhonglou" and district_slug("武进区") == "wujin"


def test_unstated_district_warns_and_falls_back(tmp_path):
    p = tmp_path / "table.txt"
    p.write_bytes(WUJIN.read_bytes())  # no sidecar next to the copy
    result = extract(p)
    assert result.meta.district is None and result.meta.doc_id == "table"
    assert any("does not state its district" in w for w in result.warnings)


def test_flags_then_sidecar(tmp_path):
    p = tmp_path / "table.txt"
    p.write_bytes(WUJIN.read_bytes())
    r = extract(p, district="武进区")
    assert r.meta.doc_id == "wujin_2026" and r.meta.district_from == "flag" and r.meta.year_from == "title"
    (tmp_path / "table.meta.json").write_text(json.dumps({"district": "武进区", "year": 2026}), encoding="utf-8")
    r = extract(p)
    assert r.meta.doc_id == "wujin_2026" and r.meta.district_from == "sidecar" and not r.warnings
    assert all(t.doc_id == "wujin_2026" for t in r.tasks)


def test_flag_contradicting_the_document_warns(tmp_path):
    from tests_builders import make_docx, simple_rows

    r = extract(make_docx(tmp_path / "t.docx", simple_rows()), year=2027)
    assert r.meta.year == 2027 and any("differs from the document" in w for w in r.warnings)


def test_ids_in_pinyin_keep_two_provinces_apart():
    """山西 and 陕西 read the same in toneless pinyin; 陕西's official spelling is Shaanxi."""
    assert slug("2026_山西省") == "2026_shanxisheng" and slug("2026_陕西省") == "2026_shaanxisheng"
    assert slug("2026_广东省") == "2026_guangdongsheng" and district_slug("钟楼区") == "zhonglou"


def test_the_issuer_of_a_provincial_or_city_report_is_read_by_the_gazetteer():
    """The issuer is the full name of a division right before 政府, a year, a title mark or the end
    of the line — never a name with the character before it glued on (年天津市, 族自治区)."""
    assert stated_district(["2026年天津市政府工作报告"]) == "天津市"
    assert stated_district(["2026年江苏省政府工作报告"]) == "江苏省"
    assert stated_district(["2026年广西壮族自治区政府工作报告"]) == "广西壮族自治区"
    assert stated_district(["2026_陕西省"]) == "陕西省"  # a file name
    assert stated_district(["常州市钟楼区2026年《政府工作报告》"]) == "钟楼区"  # the innermost of a run
    assert stated_district(["2026年某区政府工作报告"]) is None  # a placeholder, not a district
