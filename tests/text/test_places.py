"""Place names (pipeline/text/places.py) from the bundled administrative-division table."""

from pipeline.text.places import available, places, short_name


def test_cities_full_and_short_districts_full_only():
    assert available()
    assert places("加快徐州观音国际机场三期扩建工程") == {"徐州"}
    assert places("支持苏州工业园区、常州市武进区开展试点") == {"苏州", "常州", "武进区"}
    assert places("加快英德新城规划建设") == {"英德"}  # a county-level city
    assert short_name("广西壮族自治区") == "广西" and short_name("武进区") == "武进区"


def test_ordinary_words_are_not_places():
    assert places("推进城市更新，建设美丽乡村，加快长三角一体化，新建改造地下综合管廊") == set()
