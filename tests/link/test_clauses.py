"""Clause-window alignment (pipeline/link/clauses.py): numerals normalized, the best window found."""

import numpy as np

from pipeline.link.clauses import ClauseWindows, normalize, units

PARAGRAPHS = [
    "（一）扩大有效投资。滚动推进重大项目建设，全力保障20个省市重大项目，新增公共停车泊位1200个。",
    "（二）办好民生实事。扩大养老服务供给，新建社区食堂30家，稳步推行免费学前教育，推动义务教育优质均衡发展，办好第十二届区运动会，完善社会救助体系。",
    "二、2026年工作安排",
]


def test_numerals_of_counts_become_digits():
    assert normalize("再延长三十年") == "再延长30年"
    assert normalize("第十八届省运会") == "第18届省运会"
    assert normalize("二〇二六年") == "2026年"
    assert normalize("三千九百万头") == "3900万头"
    assert normalize("两个") == "2个"
    # not a count: idioms and single numerals without a measure word stay
    assert normalize("一批项目，一体化，三农") == "一批项目一体化三农"


def test_digit_runs_are_one_unit():
    assert units("第18届") == {"第", "18", "届"}
    assert "1" not in units("泊位1200个") and "1200" in units("泊位1200个")


def build():
    return ClauseWindows.build(PARAGRAPHS, np.array([True, True, False]))


def test_reworded_task_aligns_with_its_clause():
    windows = build()
    best, where = windows.support("筹备举办全区第12届运动会")
    assert best[1] > best[0] and best[1] > 0.5
    a, b = windows.spans[where[1]]
    assert PARAGRAPHS[1][a:b].rstrip("，。") == "办好第十二届区运动会"


def test_non_candidates_have_no_windows():
    windows = build()
    assert 2 not in set(windows.owner.tolist())
    best, where = windows.support("2026年工作安排")
    assert best[2] == 0 and where[2] == -1


def test_a_task_with_nothing_in_common_scores_zero():
    best, _ = build().support("ＸＹＺ")
    assert not best.any()
