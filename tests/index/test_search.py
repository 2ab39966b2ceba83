"""Hybrid retrieval over an indexed store."""

import pytest

from pipeline.index.search import Searcher


@pytest.fixture(scope="module")
def searcher(corpus_store):
    return Searcher(corpus_store)


def test_topic_query_finds_both_districts(searcher):
    hits = searcher.search("新增公共停车泊位的目标", k=5)
    top = {(h.item.doc_id, h.item.seq) for h in hits[:2]}
    assert top == {("wujin_2026", 61), ("zhonglou_2026", 26)}
    assert all(h.bm25_rank is not None and h.dense_rank is not None for h in hits[:2])


def test_filters_apply_to_both_retrievers(searcher):
    hits = searcher.search("老旧电梯更新", k=5, where=lambda t: t.doc_id == "zhonglou_2026")
    assert hits and all(h.item.doc_id == "zhonglou_2026" for h in hits)
    assert hits[0].item.seq == 27


def test_dense_carries_a_query_with_no_shared_words(searcher):
    hits = searcher.search("车位紧张怎么办", k=10)
    assert any(h.item.seq in (61, 26) and "停车" in h.item.content for h in hits)


def test_langchain_retriever(searcher):
    from langchain_core.documents import Document

    from pipeline.index.langchain import GovTasksRetriever

    retriever = GovTasksRetriever(searcher=searcher, k=3, doc_id="zhonglou_2026")
    docs = retriever.invoke("老旧电梯更新")
    assert docs and all(isinstance(d, Document) and d.metadata["doc_id"] == "zhonglou_2026" for d in docs)
    assert docs[0].metadata["seq"] == 27 and docs[0].metadata["source"].endswith("corpus/002_1fb599930edc1250.txt:38")
