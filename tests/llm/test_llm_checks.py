"""The evidence check on LLM output (pipeline/llm/checks.py): numbers as printed for `ask` and
draft narratives, quantities by value for `decompose`'s LLM pass."""

from pipeline.llm.checks import numbers_not_in


def test_as_printed_lists_the_digit_strings_the_evidence_lacks_in_order():
    assert numbers_not_in("新增停车位1200个，完成率50%，另有7处", "新增公共停车泊位 1200 个") == ["50", "7"]
    assert numbers_not_in("3个和3个", "") == ["3", "3"]  # each time it is written


def test_as_printed_is_a_substring_test():
    assert numbers_not_in("5个", "新增15个") == []
    assert numbers_not_in("3.0个", "3个") == ["3.0"]
    assert numbers_not_in("30年", "再延长三十年") == ["30"]
    assert numbers_not_in("再延长三十年", "") == []  # Chinese numerals are not checked as printed


def test_several_evidence_texts_are_joined_with_spaces():
    assert numbers_not_in("12", ["1", "2"]) == ["12"]
    assert numbers_not_in("12", ["完成", "12项"]) == []


def test_by_value_compares_quantities():
    assert numbers_not_in("再延长30年", "再延长三十年", by_value=True) == []
    assert numbers_not_in("新增1.5万个", "新增15000个", by_value=True) == []
    assert numbers_not_in("建设二期工程", "建设一期工程", by_value=True) == [2.0]
    assert numbers_not_in("2026年完成5项", "完成5项", by_value=True) == []  # years are no quantities
    assert numbers_not_in("一次性完成", "", by_value=True) == []  # one-character numerals do not count
    assert numbers_not_in("8个、3个、8个", "", by_value=True) == [3.0, 8.0]  # once each, smallest first
    assert numbers_not_in("5个", "新增15个", by_value=True) == [5.0]
