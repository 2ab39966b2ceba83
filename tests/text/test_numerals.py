"""Chinese numerals and numbers in text (pipeline/text/numerals.py): the reader, the count
rewriting linking relies on, the quantities a text states, and the section-number writer."""

import pytest

from pipeline.text.numerals import cn_number, digit_runs, numbers_in, numerals_to_digits, parse_cn_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("两", 2), ("〇", 0), ("零", 0), ("十", 10), ("十一", 11), ("十二", 12), ("三十", 30), ("一百二十", 120),
        ("一百零五", 105), ("三千九百", 3900), ("两千", 2000),
        ("二〇", 0),  # digits in a row are no place values: the last one stands
        ("1.5万", None), ("百分比", None), ("三万", None), ("第一", None), ("12", None),
    ],
)
def test_parse_cn_number(text, value):
    assert parse_cn_number(text) == value


@pytest.mark.parametrize(
    "text, digits",
    [
        ("再延长三十年", "再延长30年"), ("第十八届省运会", "第18届省运会"), ("二〇二六年", "2026年"), ("两个", "2个"),
        ("建设二期工程", "建设2期工程"), ("九五", "95"), ("三千九百万头", "3900万头"), ("一百二十", "120"),
        # not counts: one character with no 第 or measure word after it, a plan's name
        ("一批项目，一体化，三农", "一批项目，一体化，三农"), ("“十四五”规划", "“十四五”规划"), ("百分比", "百分比"),
    ],
)
def test_numerals_to_digits(text, digits):
    assert numerals_to_digits(text) == digits


@pytest.mark.parametrize(
    "text, every, multi_char",
    [
        ("新增1.5万个", {15000.0}, {15000.0}),
        ("1.5亿元", {150_000_000.0}, {150_000_000.0}),
        ("存栏三千九百万头", {39_000_000.0}, {39_000_000.0}),
        ("存栏3900 万头", {39_000_000.0}, {39_000_000.0}),
        ("增长5%，新增12个", {5.0, 12.0}, {5.0, 12.0}),
        ("2026年", set(), set()),  # a year alone is no quantity
        ("2026万元", {20_260_000.0}, {20_260_000.0}),
        ("第十八届", {18.0}, {18.0}),
        ("十一", {11.0}, {11.0}),
        ("两个", {2.0}, {2.0}),  # a count before a measure word is read as digits first
        ("两", {2.0}, set()),
        ("一次性", {1.0}, set()),  # one character: an idiom more often than a commitment
        ("百分比", {100.0}, set()),  # 百 alone reads as 100; only the multi-character rule leaves it out
        ("圆周率3.14159265", {3.1416}, {3.1416}),
        ("", set(), set()),
    ],
)
def test_numbers_in(text, every, multi_char):
    assert numbers_in(text) == every
    assert numbers_in(text, multi_char_only=True) == multi_char


def test_digit_runs_keep_the_printed_form_and_order():
    assert digit_runs("增长5.5%，新增12个，再增12个。") == ["5.5", "12", "12"]
    assert digit_runs("第3.项，三十个") == ["3"]


@pytest.mark.parametrize("n, text", [(1, "一"), (4, "四"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"), (20, "二十"), (35, "三十五"), (99, "九十九")])
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_cn_number_reads_back():
    assert all(parse_cn_number(cn_number(n)) == n for n in range(1, 100))
