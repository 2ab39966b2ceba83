"""Linking tasks to report paragraphs, on a report built in code."""

import json

import pytest

from conftest import run_cli
from pipeline.index.embed import LocalE5
from pipeline.link.paragraphs import ReportIndex, excerpt_spans, link_tasks
from pipeline.reports.paragraphs import read_report

REPORT = """2026年某区政府工作报告
各位代表：
一、2025年工作回顾
过去一年，全区新增公共停车泊位800个，完成老旧小区改造20个。
二、2026年工作安排
（一）扩大有效投资。滚动推进重大项目建设，全力保障20个省市重大项目，新增公共停车泊位1200个，推动城市更新片区开发。
（二）提振消费。培育首发首店、夜间经济等消费热点，组织促消费活动超35场，打造一批消费新场景。
（三）增进民生福祉。新增城镇就业2.2万人以上，实施老旧电梯更新454台以上，新建老年助餐点18个。
（四）发展社会事业。扩大普惠托育服务供给，推动义务教育优质均衡发展，稳步推行免费学前教育，加快建设区人民医院新院区，深化全民健身设施补短板工程，积极发展群众体育和青少年体育，办好第十二届区运动会，繁荣发展文化事业，完善社会救助体系。
（五）扩大开放合作。支持常州、无锡、南通建设公共数据授权运营先行区，加快梅山港区集装箱码头一期工程建设，深化对外贸易合作。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    p = tmp_path_factory.mktemp("r") / "report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return ReportIndex.build(read_report(p, doc_id="district_2026"), LocalE5()), p


def test_verbatim_trimmed_joined_and_absent(index):
    idx, _ = index
    tasks = [
        ("verbatim", "组织促消费活动超35场"),
        ("trimmed", "新增公共停车泊位1200个"),
        ("joined", "新增城镇就业2.2万人以上，新建老年助餐点18个"),
        ("absent", "建成区级应急指挥中心并投入使用"),
    ]
    links = {lk.id: lk for lk in link_tasks(idx, tasks, LocalE5())}
    assert links["verbatim"].line == 7 and links["verbatim"].excerpt == "组织促消费活动超35场"
    assert links["trimmed"].line == 6  # the plan paragraph, not last year's 800 个 in the review
    assert links["joined"].line == 8 and links["joined"].excerpt == "新增城镇就业2.2万人以上…新建老年助餐点18个"
    assert links["absent"].line is None and links["absent"].excerpt is None


def test_reworded_task_links_through_embeddings(index):
    idx, _ = index
    (lk,) = link_tasks(idx, [("reworded", "举办三十五场以上促进消费的活动")], LocalE5())
    assert lk.line == 7


def test_reworded_clause_inside_a_long_paragraph(index):
    # few shared characters, in a paragraph that says many other things: the clause alignment
    # finds the one clause each task restates (numbers written the other way round agree)
    idx, _ = index
    links = link_tasks(idx, [("games", "筹备举办全区第12届运动会"), ("preschool", "分步推行学前阶段免费教育")], LocalE5())
    assert [(lk.line, lk.excerpt) for lk in links] == [(9, "办好第十二届区运动会"), (9, "稳步推行免费学前教育")]
    # a heavier rewording still ranks its clause first, though in a report this small it scores
    # under the calibrated threshold (0.35): with no threshold it links, and to the right clause
    (heavy,) = link_tasks(idx, [("heavy", "分步落实学前阶段免收保育教育费用")], LocalE5(), threshold=0.0)
    assert (heavy.line, heavy.excerpt) == (9, "稳步推行免费学前教育")


def test_another_place_or_phase_is_not_the_same_task(index):
    # a clause copied with one name or number changed is another commitment: the clause the task
    # lines up with should name its place (常州, not 扬州) and its numbers (一期, not 二期)
    idx, _ = index
    tasks = [
        ("same", "支持常州建设公共数据授权运营先行区"),
        ("city", "支持扬州建设公共数据授权运营先行区"),
        ("phase", "加快梅山港区集装箱码头一期工程建设"),
        ("other-phase", "加快梅山港区集装箱码头二期工程建设"),
    ]
    links = {lk.id: lk for lk in link_tasks(idx, tasks, LocalE5())}
    assert {k: lk.line for k, lk in links.items() if k != "other-phase"} == {"same": 10, "city": None, "phase": 10}
    # the score halves (NUMBER_PENALTY) rather than vetoing — a table may update a figure — so a
    # copy that differs in one digit only can still clear the threshold in a report this small
    assert links["other-phase"].score <= 0.5 * links["phase"].score + 1e-4


def test_excerpt_is_the_clause_not_the_paragraph():
    para = "（一）扩大有效投资。滚动推进重大项目建设，全力保障20个省市重大项目，新增公共停车泊位1200个，推动城市更新片区开发。"
    (span,) = excerpt_spans(para, "新增公共停车泊位1200个")
    assert para[span[0] : span[1]] == "新增公共停车泊位1200个"


def test_cli_link(index, tmp_path):
    _, report = index
    tasks = tmp_path / "tasks.jsonl"
    rows = [{"doc_id": "t", "seq": 1, "content": "组织促消费活动超35场。"}, {"id": "x", "content": "建成区级应急指挥中心"}]
    tasks.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    r = run_cli("link", report, "--tasks", tasks, "--json")
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[0]["id"] == "t-1" and out[0]["line"] == 7 and "35场" in out[0]["excerpt"]
    assert out[1] == {**out[1], "id": "x", "line": None, "excerpt": None}


def test_cli_link_bad_tasks_file(index, tmp_path):
    _, report = index
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    r = run_cli("link", report, "--tasks", bad)
    assert r.returncode != 0 and "bad.jsonl:1" in r.stderr and "Traceback" not in r.stderr


def test_the_reports_own_region_is_not_a_missing_place(tmp_path):
    # the front matter names the report's own district: a task naming it is not about elsewhere
    p = tmp_path / "wujin.txt"
    p.write_text("2026年常州市武进区政府工作报告\n各位代表：\n（一）扩大有效投资。全年新增公共停车泊位1200个，推动城市更新片区开发。\n", encoding="utf-8")
    idx = ReportIndex.build(read_report(p, doc_id="wujin_2026"))
    assert idx.home == {"常州", "武进区"}
    own, other = link_tasks(idx, [("own", "武进区全年新增公共停车泊位1200个"), ("other", "新北区全年新增公共停车泊位1200个")])
    assert own.line == 3 and other.line is None  # 新北区 is named nowhere in the report
