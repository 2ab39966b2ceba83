"""Client/server mode against a real `chroma run` server on 127.0.0.1 (fixture `chroma_server` in tests/conftest.py)."""

import json

from conftest import WUJIN, ZHONGLOU, free_port, run_cli
from pipeline.index.embed import LocalE5
from pipeline.index.search import Searcher
from pipeline.index.store import Store

def test_index_and_search_through_the_server(chroma_server, tmp_path):
    st = Store(tmp_path / "store", chroma_url=chroma_server, embedder=LocalE5())
    assert st.add(ZHONGLOU).status == "added" and st.add(WUJIN).status == "added"
    assert not (tmp_path / "store" / "chroma").exists()  # nothing embedded locally
    hits = Searcher(st).search("新增公共停车泊位的目标", k=3)
    assert {(h.item.doc_id, h.item.seq) for h in hits[:2]} == {("wujin_2026", 61), ("zhonglou_2026", 26)}
    assert hits[0].dense_rank is not None


def test_cli_index_and_ask_with_chroma_url(chroma_server, tmp_path):
    r = run_cli("index", WUJIN, "--store", tmp_path / "s", "--chroma-url", chroma_server)
    assert r.returncode == 0, r.stderr
    r = run_cli("ask", "哪些任务涉及轨道交通", "--store", tmp_path / "s", "--chroma-url", chroma_server, "--json")
    assert r.returncode == 0, r.stderr  # not found; the related rows come from the server's vectors
    out = json.loads(r.stdout)
    assert out["found"] is False and out["tasks"] == []
    r = run_cli("ask", "武进区城管局牵头多少项任务", "--store", tmp_path / "s", "--chroma-url", chroma_server, "--json")
    assert json.loads(r.stdout)["value"] == 5


def test_unreachable_server_is_one_clear_line(tmp_path):
    r = run_cli("index", WUJIN, "--store", tmp_path / "s", "--chroma-url", f"http://127.0.0.1:{free_port()}")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "cannot open the Chroma index" in r.stderr and len([ln for ln in r.stderr.splitlines() if ln.strip()]) <= 2
