"""`govtasks targets`: a report's 主要预期目标, by rules."""

import json

import pytest

from conftest import SHARED, run_cli
from pipeline.errors import InputError
from pipeline.main_targets import main_targets
from pipeline.reports import read_report

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
        ("居民收入", "qualitative", None, "", "", 7),
        ("单位地区生产总值能耗", "decrease", 2, "%", "左右", 7),
    ]  # and not the five-year goals before them


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
