"""`govtasks targets`: a report's 主要预期目标, by rules."""

import json

import pytest

from conftest import SHARED, run_cli
from pipeline.errors import InputError
from pipeline.reports.main_targets import main_targets
from pipeline.reports.paragraphs import read_report

REPORT = """某省2026年政府工作报告
各位代表：
“十五五”时期经济社会发展主要预期目标是：经济增长保持在合理区间。
二、2026年工作安排
2026年是“十五五”开局之年。今年经济社会发展的
主要预期目标
是：地区生产总值增长5%—5.5%，在实际工作中努力争取更好结果；城镇新增就业60万人，城镇调查失业率5.5%以内；居民收入增长与经济增长同步；单位地区生产总值能耗降低2%左右。重点做好以下工作。
"""


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_statement_split_over_lines_and_clauses(report):
    got = [(t.metric, t.direction, t.value, t.unit, t.qualifier, t.line) for t in main_targets(read_report(report))]
    assert got == [
        ("地区生产总值", "increase", [5, 5.5], "%", "", 7),  # the rider 争取更好结果 is not a target
        ("城镇新增就业", "reach", 60, "万人", "", 7),
        ("城镇调查失业率", "keep", 5.5, "%", "以内", 7),  # two indicators in one clause
        ("居民收入", "in_step", None, "", "", 7),
        ("单位地区生产总值能耗", "decrease", 2, "%", "左右", 7),
    ]  # and not the five-year goals before them


OTHER = """某自治区2026年政府工作报告
各位代表：
三、2026年主要工作
今年全区经济社会发展主要目标是：经济增长5%左右，努力跑赢全国；城镇、农村居民人均可支配收入分别增长4%、5%左右，粮食产量只增不减，物流业增加值、数字产业产值稳步提升，完成国家下达的能耗强度、碳排放强度降低任务。PM2.5浓度控制在30微克/立方米以内，新增造林面积1.5万亩。这些目标体现了稳中求进。
"""


def test_qualitative_shared_and_respective_targets(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(OTHER, encoding="utf-8")
    got = [(t.metric, t.direction, t.benchmark, t.value, t.unit, t.qualifier) for t in main_targets(read_report(path))]
    assert got == [
        ("经济", "increase", "", 5, "%", "左右"),  # the rider 努力跑赢全国 is not a target
        ("城镇居民人均可支配收入", "increase", "", 4, "%", ""),  # 分别: one target per subject and number
        ("农村居民人均可支配收入", "increase", "", 5, "%", "左右"),
        ("粮食产量", "increase", "", None, "", ""),
        ("物流业增加值", "increase", "", None, "", ""),  # A、B + a shared predicate: two targets
        ("数字产业产值", "increase", "", None, "", ""),
        ("能耗强度", "complete", "国家下达", None, "", ""),
        ("碳排放强度", "complete", "国家下达", None, "", ""),
        ("PM2.5浓度", "keep", "", 30, "微克/立方米", "以内"),  # the next sentence goes on listing targets
        ("新增造林面积", "reach", "", 1.5, "万亩", ""),
    ]  # and the framing sentence after them is not one


def test_cli_json_and_missing_statement(report, tmp_path):
    r = run_cli("targets", report, "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 5 and {"text", "metric", "direction", "value", "unit", "qualifier"} <= set(rows[0])
    other = tmp_path / "other.txt"
    other.write_text("各位代表：\n今年要做好十件实事。\n", encoding="utf-8")
    r = run_cli("targets", other)
    assert r.returncode == 2 and "no 主要预期目标 statement" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(InputError):
        main_targets(read_report(other))


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports (the three provincial reports)")
def test_the_three_provincial_reports_against_the_labels():
    from pipeline.evaluate.main_targets import run

    score = run()
    assert score.f1 >= 0.95, score.errors
