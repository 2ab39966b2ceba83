"""IDF.covers (one task against every paragraph, as linking scores it) gives exactly what one
IDF.cover call per paragraph gives — the same sums in the same order, so links cannot move."""

from pipeline.text.bigrams import IDF, grams

PARAGRAPHS = [
    "滚动推进重大项目建设，全力保障20个省市重大项目，新增公共停车泊位1200个。",
    "培育首发首店、夜间经济等消费热点，组织促消费活动超35场。",
    "新增城镇就业2.2万人以上，实施老旧电梯更新454台以上，新建老年助餐点18个。",
    "",
]


def test_covers_equals_one_cover_per_set():
    sets = [set(grams(p)) for p in PARAGRAPHS]
    idf = IDF(sets)
    for task in ("新增公共停车泊位1200个", "实施老旧电梯更新", "无关的句子", "x"):
        task_grams = set(grams(task))
        assert idf.covers(task_grams, sets) == [idf.cover(task_grams, s) for s in sets]
    assert idf.covers(set(), sets) == [0.0] * len(sets)
