from pipeline.index.lexical import BM25Index, add_words, tokenize


def test_domain_words_stay_whole():
    add_words(["区住建局", "钟楼资规分局"])
    tokens = tokenize("新增公共停车泊位1200个，区住建局牵头，钟楼资规分局配合。")
    assert "区住建局" in tokens and "钟楼资规分局" in tokens and "，" not in tokens


def test_bm25_ranks_the_matching_text_first():
    ix = BM25Index(["新增公共停车泊位1200个", "实施老旧电梯更新454台以上", "培育首发首店、夜间经济", ""])
    top = ix.top("停车泊位的目标", k=3)
    assert top[0][0] == 0 and all(i != 3 for i, _ in top)
    assert ix.scores("").tolist() == [0.0] * 4
