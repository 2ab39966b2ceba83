"""`govtasks batch --chroma-url` against a real `chroma run` server (fixture `chroma_server` in
tests/conftest.py): the rows land in the server's collections, a second run embeds nothing, and
`govtasks ask --chroma-url` answers from that index. With --jobs 2, a report of a table's district
and year (its paragraphs in the server's paragraph collection, its links in the store folder) and
a report with no table (its draft table's rows on the server too). Embeddings come from the fake
OpenAI-compatible endpoint of tests/batch_fakes.py (the e5 model would be too slow here)."""

import json
import shutil

import pytest

from batch_fakes import EmbeddingServer
from conftest import WUJIN, ZHONGLOU, run_cli
from tests_builders import ZHONGLOU_REPORT
from pipeline.index.store import COLLECTIONS


@pytest.fixture
def embeddings():
    server = EmbeddingServer()
    yield server
    server.close()


REPORTS = {"钟楼区2026年政府工作报告.txt": ZHONGLOU_REPORT, "溧阳市2027年政府工作报告.txt": "溧阳市2027年政府工作报告\n各位代表：\n二、2027年工作安排\n（一）做优城市\n新增公共停车泊位1500个以上。推进老旧小区改造30个。\n"}


def seed_folder(d):
    d.mkdir()
    for src in (WUJIN, ZHONGLOU):
        shutil.copyfile(src, d / src.name)
        shutil.copyfile(src.with_suffix(".meta.json"), d / f"{src.stem}.meta.json")
    for name, text in REPORTS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def server_counts(url):
    import chromadb
    from chromadb.config import Settings
    from urllib.parse import urlparse

    u = urlparse(url)
    client = chromadb.HttpClient(host=u.hostname, port=u.port, settings=Settings(anonymized_telemetry=False))
    return {kind: client.get_collection(name).count() for kind, name in COLLECTIONS.items() if name in {c.name for c in client.list_collections()}}


def manifest_lines(path):
    return {json.loads(ln)["file"].rsplit("/", 1)[-1]: json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()}


def test_batch_into_a_chroma_server_then_ask(chroma_server, tmp_path, embeddings):
    d = seed_folder(tmp_path / "in")
    store = tmp_path / "store"
    r = run_cli("batch", d, "--store", store, "--jobs", "2", "--chroma-url", chroma_server, "--manifest", tmp_path / "run1.jsonl", env=embeddings.env())
    assert r.returncode == 0, r.stderr
    lines = manifest_lines(tmp_path / "run1.jsonl")
    draft = "liyangshi2027nianzhengfugongzuobaogao.jsonl"  # STORE/drafts/<report doc_id>.jsonl
    assert set(lines) == {WUJIN.name, ZHONGLOU.name, *REPORTS, draft}
    for name, kind, district, year in ((WUJIN.name, "table", "武进区", 2026), (ZHONGLOU.name, "table", "钟楼区", 2026), ("钟楼区2026年政府工作报告.txt", "report", "钟楼区", 2026), ("溧阳市2027年政府工作报告.txt", "report", "溧阳市", 2027), (draft, "draft", "溧阳市", 2027)):
        ln = lines[name]
        assert (ln["kind"], ln["status"], ln["district"], ln["year"], ln["error"]) == (kind, "added", district, year, None)
        assert ln["rows"] > 0 and ln["embedded"] == ln["rows"]
    assert lines[ZHONGLOU.name]["links"] >= 1 and (store / "links" / f"{lines[ZHONGLOU.name]['doc_id']}.jsonl").is_file()
    table_rows = sum(ln["rows"] for ln in lines.values() if ln["kind"] != "report")
    paragraphs = sum(ln["rows"] for ln in lines.values() if ln["kind"] == "report")
    assert embeddings.count == table_rows + paragraphs
    # the vectors are on the server, not in an embedded Chroma; the canonical rows are in the store folder
    assert server_counts(chroma_server) == {"table": table_rows, "report": paragraphs}
    assert not (store / "chroma").exists()
    assert json.loads((store / "manifest.json").read_text(encoding="utf-8"))["docs"].keys() == {ln["doc_id"] for ln in lines.values()}

    before = embeddings.count
    r = run_cli("batch", d, "--store", store, "--jobs", "1", "--chroma-url", chroma_server, "--manifest", tmp_path / "run2.jsonl", env=embeddings.env())
    assert r.returncode == 0, r.stderr
    again = manifest_lines(tmp_path / "run2.jsonl")
    assert {(ln["status"], ln["embedded"]) for ln in again.values()} == {("unchanged", 0)} and set(again) == set(lines) - {draft}
    assert embeddings.count == before and server_counts(chroma_server) == {"table": table_rows, "report": paragraphs}

    r = run_cli("ask", "商务局牵头哪些任务？", "--store", store, "--chroma-url", chroma_server, "--json", env=embeddings.env())
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["found"] is True and out["tasks"]
    assert "商务局牵头的任务共19项" in out["answer"] and "wujin_2026 #1 " in out["answer"] and "zhonglou_2026 #" in out["answer"]
