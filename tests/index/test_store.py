"""The index store: idempotent, atomic, replaces a changed document's rows, clear errors."""

import json

import pytest

from conftest import WUJIN, ZHONGLOU, run_cli
from pipeline.errors import InputError
from pipeline.index.embed import LocalE5
from pipeline.index.store import Store


class CountingE5(LocalE5):
    """The real local model, counting how many texts it embeds."""

    def __init__(self):
        self.count = 0

    def passages(self, texts):
        self.count += len(texts)
        return super().passages(texts)


class FailingE5(LocalE5):
    def passages(self, texts):
        raise RuntimeError("embedding service went away")


REPORT = "2026年某区政府工作报告\n各位代表：\n二、2026年工作安排\n新增公共停车泊位1200个，实施老旧电梯更新983部。\n"


def test_add_is_idempotent_and_replaces_changed_rows(tmp_path):
    emb = CountingE5()
    st = Store(tmp_path / "store", embedder=emb)
    r = st.add(ZHONGLOU)
    assert (r.status, r.kind, r.doc_id, r.rows, r.embedded) == ("added", "table", "zhonglou_2026", 85, 85)
    assert st.add(ZHONGLOU).status == "unchanged" and emb.count == 85  # no embedding at all
    # change one task: only that row is embedded again, and the old version disappears
    changed = tmp_path / "002_1fb599930edc1250.txt"
    changed.write_text(ZHONGLOU.read_text(encoding="utf-8").replace("新增公共停车泊位 1200 个", "新增公共停车泊位 1300 个"), encoding="utf-8")
    (tmp_path / "002_1fb599930edc1250.meta.json").write_text(json.dumps({"district": "钟楼区", "year": 2026}), encoding="utf-8")
    r = st.add(changed)
    assert (r.status, r.embedded) == ("replaced", 1) and emb.count == 86
    col = st.collection("table")
    assert col.count() == 85
    docs = col.get(where={"doc_id": "zhonglou_2026"}, include=["documents"])["documents"]
    assert any("1300 个" in d for d in docs) and not any("1200 个" in d for d in docs)
    assert [t.content for t in st.tasks() if t.seq == 26][0].endswith("新增公共停车泊位 1300 个。")


def test_tables_and_reports_together(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    st = Store(tmp_path / "store", embedder=LocalE5())
    assert st.add(WUJIN).kind == "table" and st.add(report).kind == "report"
    assert len(st.tasks()) == 94 and any("停车泊位" in p.text for p in st.paragraphs())
    hit = st.collection("report").query(query_embeddings=LocalE5().queries(["停车泊位"]).tolist(), n_results=1)
    assert "停车泊位" in hit["documents"][0][0]


def test_failure_leaves_the_store_as_it_was(tmp_path):
    root = tmp_path / "store"
    Store(root, embedder=LocalE5()).add(WUJIN)
    before = (root / "manifest.json").read_text(encoding="utf-8")
    with pytest.raises(RuntimeError):
        Store(root, embedder=FailingE5()).add(ZHONGLOU)
    st = Store(root, embedder=LocalE5())
    assert (root / "manifest.json").read_text(encoding="utf-8") == before
    assert st.collection("table").count() == 94 and {t.doc_id for t in st.tasks()} == {"wujin_2026"}


def test_corrupted_manifest_is_one_clear_error(tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    (root / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="corrupted"):
        Store(root, embedder=LocalE5()).add(WUJIN)


def test_cli_index_keeps_going_past_a_bad_file(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    store = tmp_path / "store"
    r = run_cli("index", WUJIN, bad, "--store", store)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "broken.docx" in r.stderr and "1 of 2 files failed" in r.stderr
    assert "added" in r.stdout and "wujin_2026" in r.stdout
    r = run_cli("index", WUJIN, "--store", store)
    assert r.returncode == 0 and r.stdout.startswith("unchanged")


def test_two_files_with_one_doc_id_are_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for d, text in ((a, REPORT), (b, REPORT.replace("1200", "1300"))):
        (d / "report.txt").write_text(text, encoding="utf-8")
    st = Store(tmp_path / "store", embedder=LocalE5())
    assert st.add(a / "report.txt").status == "added"
    before = [p.text for p in st.paragraphs()]
    with pytest.raises(InputError, match="same document id"):
        st.add(b / "report.txt")
    assert [p.text for p in st.paragraphs()] == before and not any("1300" in t for t in before)


def test_reports_named_in_chinese_get_distinct_ids(tmp_path):
    st = Store(tmp_path / "store", embedder=LocalE5())
    ids = set()
    for name in ("2026_江苏省.txt", "2026_浙江省.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
        ids.add(st.add(tmp_path / name).doc_id)
    assert ids == {"2026_jiangsusheng", "2026_zhejiangsheng"}
